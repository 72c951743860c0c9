//! Claim files: reading claims from JSON and CSV, with every problem listed at once.
//!
//! A claim file holds sourced claims, and optionally the sources and quantities they refer to.
// The readers and writers of a format exist with its feature: the summary names those built.
#![cfg_attr(
    all(feature = "json", feature = "csv"),
    doc = "[`ClaimFile`] reads one from JSON text ([`ClaimFile::from_json_str`]), CSV text
([`ClaimFile::from_csv_str`]) or a path ([`ClaimFile::from_path`], format by extension),
and writes one back ([`ClaimFile::to_json_string`], [`ClaimFile::to_csv_string`])."
)]
#![cfg_attr(
    all(feature = "json", not(feature = "csv")),
    doc = "[`ClaimFile`] reads one from JSON text ([`ClaimFile::from_json_str`]) or a path
([`ClaimFile::from_path`]), and writes one back ([`ClaimFile::to_json_string`]); CSV needs
the feature `csv`."
)]
#![cfg_attr(
    all(feature = "csv", not(feature = "json")),
    doc = "[`ClaimFile`] reads one from CSV text ([`ClaimFile::from_csv_str`]) or a path
([`ClaimFile::from_path`]), and writes one back ([`ClaimFile::to_csv_string`]); JSON needs
the feature `json`."
)]
//!
//! ## The JSON form
//!
//! ```json
//! {
//!   "sources":    [{"id": "white-house", "name": "White House", "kind": "government",
//!                   "affiliation": "US", "group": "us-government"}],
//!   "quantities": [{"id": "nk-troops-in-russia", "unit": "troops", "domain": "count",
//!                   "kind": "level", "description": "North Korean troops in Russia"}],
//!   "claims": [
//!     {"id": "wh-1", "quantity": "nk-troops-in-russia", "source": "white-house",
//!      "estimate": "more than 3,000", "stated": "2024-10-23", "as_of": "2024-10-23",
//!      "confidence": "likely", "kind": "statement", "via": "The Epoch Times"},
//!     {"id": "nis-1", "quantity": "nk-troops-in-russia", "source": "nis",
//!      "estimate": {"high": 10000}, "stated": "2024-10"}
//!   ]
//! }
//! ```
//!
//! Claim fields: `id`, `quantity` and `source` (required), `estimate` (required: hedged text
//! read by the [`Lexicon`], a bare number (the point claim it names), or an object with `low`, `high`, `low_open`, `high_open`, `best`,
//! `level`, `hedge` and `text`; an absent or null `low`/`high` is unbounded, and then the
//! quantity's [`Domain`](crate::Domain) applies), `stated` (a [`ClaimDate`](crate::ClaimDate)),
//! `as_of` (a [`Period`](crate::Period)), `confidence` (a number in [0, 1], a vocabulary term
//! such as `"likely"` or `"ipcc-ar5:very likely"`, or `{"low": …, "high": …}`),
//! `analytic_confidence` (`high`, `moderate`, `low`), `kind` (a [`ClaimKind`](crate::ClaimKind)
//! in snake case), `quote`, `url`, `via`, `note`, `restates`, `supersedes` and `group` (the
//! independence group of an undeclared source). Null is the same as absent. Any other field is
//! an error.
//!
//! ## The CSV form
//!
//! One claim per row, with a header row. Columns: `id`, `quantity`, `source` (required), then
//! any of `estimate`, `stated`, `as_of`, `confidence`, `kind`, `group`, `via`, `url`, `quote`,
//! and the optional extras `note`, `analytic_confidence`, `restates`, `supersedes`, and
//! `low`, `high`, `low_open`, `high_open`, `best`, `level`, `hedge` for a structured estimate.
//! An empty cell is absent. When a row gives any of the structured columns, those make the
//! estimate and the `estimate` cell, if any, is kept as the words said; otherwise the
//! `estimate` cell is read by the lexicon. A `confidence` cell is read like the JSON string
//! form, or as a probability range `0.6–0.8` (en dash). A CSV file cannot declare sources or
//! quantities: pass them in [`LoadOptions`] (for example the ones a JSON file declares). The
//! writer writes every column, so a claim set written and read back (with its declarations)
//! is the same set.
//!
//! ## References and defaults
//!
//! A claim that names a declared source or quantity (in the file's `sources` and `quantities`
//! lists, or given by [`LoadOptions::with_sources`] and [`LoadOptions::with_quantities`]) gets
//! that declaration. A claim that names an id not declared gets the defaults, **whether or not
//! the file declares others** (issue 2: "an undeclared source is its own independence group
//! and an undeclared quantity is a non-negative count"): a source id stands for
//! [`Source::undeclared`], its own independence group unless the `group` field says otherwise
//! (the first record that names a source sets its group; a later record giving another group
//! is an error), and a quantity id for [`Quantity::undeclared`], a level over non-negative
//! counts. The loaded [`ClaimFile`] lists the undeclared ones after the declared ones, so
//! that a misspelt id shows there as one more source. A claim naming an id whose declaration
//! is invalid is an error (the defaults would silently stand in for what was meant).
//! Declarations may come before or after the claims.
//!
//! ## Errors
//!
//! Every invalid record is reported, never only the first, each as a [`Problem`] naming the
//! claim (by id, by position when it has no usable id, or by CSV line), the field and the
//! reason: a missing or duplicate id, a source or quantity whose declaration is invalid, NaN, an infinity or an
//! overflowing number such as `1e400`, low above high, a best value outside its interval, a
//! value outside the quantity's domain (a negative count), a confidence outside [0, 1], an
//! unknown vocabulary term or word, an impossible date, hedged text the lexicon cannot read
//! (with its byte offset), a `restates` or `supersedes` reference to a claim that is not in
//! the file or is itself invalid.
//!
//! - In [`Mode::Strict`] (the default) any problem makes the load fail with
//!   [`Error::Invalid`] listing them all.
//! - In [`Mode::Lenient`] the load returns the valid claims and the list of problems: every
//!   record of the input is either a claim or a problem, nothing is dropped silently.
//!
//! An invalid declared source or quantity is a problem of its own (located by its id), and
//! the claims that name it are problems too ("declared, but its declaration is invalid").
//!
//! Some problems concern the file as a whole and fail the load in both modes, because no
//! record can be trusted after them: text that is not JSON (NaN and `Infinity` are not JSON)
//! or not UTF-8, located by byte offset, line and column, with the claim and field being read
//! when the error lies inside one; a JSON file that is not an object with a `claims` list; a
//! CSV header with an unknown, repeated or missing column; an unknown file extension or an
//! unreadable file. An empty input is an error too (it is not a claim file); a file whose
//! claim list is empty (or a CSV header alone) is a valid file with no claims. Nested JSON
//! values are skipped without recursion, so no depth of nesting can exhaust the stack; a
//! nested value where a field expects text or a number is a problem of that field.
//!
//! ## Performance
//!
//! Strings are borrowed from the input while records are decoded; each distinct source and
//! quantity is one shared [`Arc`]; a date, period or confidence repeated row after row is
//! parsed once; each record is read once and becomes a claim at once (JSON files are read in
//! one pass, unless sources or quantities are declared after the claims). Messages quote at
//! most 60 characters of the input.
#[cfg(feature = "csv")]
mod csv;
// With one format only, some shared helpers serve the other format alone.
#[cfg_attr(not(all(feature = "json", feature = "csv")), allow(dead_code))]
mod finish;
#[cfg(feature = "json")]
mod json;
#[cfg_attr(not(all(feature = "json", feature = "csv")), allow(dead_code))]
mod record;
mod write;

use std::path::Path;
use std::sync::Arc;

use crate::claim_set::ClaimSet;
use crate::error::{Error, Location, Problem, Problems};
use crate::lexicon::Lexicon;
use crate::quantity::Quantity;
use crate::source::Source;

/// What to do with invalid records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Mode {
    /// Any invalid record fails the whole load, with every problem listed. The default.
    #[default]
    Strict,
    /// Invalid records are listed in [`ClaimFile::problems`]; the valid ones are kept.
    Lenient,
}

/// How to load a claim file: the [`Mode`], the [`Lexicon`] for hedged text, and sources
/// and quantities declared in advance.
///
/// ```
/// use sourced::{LoadOptions, Mode, Quantity};
/// let options = LoadOptions::lenient()
///     .with_quantities([Quantity::new("nk-troops-in-russia", "troops")?]);
/// assert_eq!(options.mode, Mode::Lenient);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct LoadOptions {
    /// Strict or lenient.
    pub mode: Mode,
    /// The lexicon that reads hedged text.
    pub lexicon: Lexicon,
    /// Sources known in advance; the file's own declarations add to them.
    pub sources: Vec<Arc<Source>>,
    /// Quantities known in advance; the file's own declarations add to them.
    pub quantities: Vec<Arc<Quantity>>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions::strict()
    }
}

impl LoadOptions {
    /// Strict mode with the standard lexicon and no declarations.
    pub fn strict() -> Self {
        LoadOptions {
            mode: Mode::Strict,
            lexicon: Lexicon::standard(),
            sources: Vec::new(),
            quantities: Vec::new(),
        }
    }

    /// Lenient mode with the standard lexicon and no declarations.
    pub fn lenient() -> Self {
        LoadOptions {
            mode: Mode::Lenient,
            ..LoadOptions::strict()
        }
    }

    /// With a mode.
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// With a lexicon.
    pub fn with_lexicon(mut self, lexicon: Lexicon) -> Self {
        self.lexicon = lexicon;
        self
    }

    /// With sources declared in advance (a claim naming another id gets the defaults: its
    /// own independence group).
    pub fn with_sources<S: Into<Arc<Source>>>(
        mut self,
        sources: impl IntoIterator<Item = S>,
    ) -> Self {
        self.sources.extend(sources.into_iter().map(Into::into));
        self
    }

    /// With quantities declared in advance (a claim naming another id gets the defaults: a
    /// level over non-negative counts).
    pub fn with_quantities<Q: Into<Arc<Quantity>>>(
        mut self,
        quantities: impl IntoIterator<Item = Q>,
    ) -> Self {
        self.quantities
            .extend(quantities.into_iter().map(Into::into));
        self
    }
}

/// The contents of a claim file: its claims, the problems found (lenient mode), and the
/// sources and quantities the claims use.
///
/// ```
/// use sourced::{ClaimFile, LoadOptions};
/// let text = r#"{"claims": [
///     {"id": "nis-1", "quantity": "nk-troops", "source": "nis", "estimate": {"high": 10000}},
///     {"id": "wh-1", "quantity": "nk-troops", "source": "white-house", "estimate": {"low": 3000, "low_open": true}}
/// ]}"#;
/// let file = ClaimFile::from_json_str(text, &LoadOptions::default())?;
/// let nis = file.claims.get("nis-1").expect("loaded");
/// assert_eq!(nis.interval().to_string(), "[0, 10000]"); // a count cannot be negative
/// assert_eq!(file.sources.len(), 2);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ClaimFile {
    /// The valid claims, in file order.
    pub claims: ClaimSet,
    /// The invalid records (always empty in strict mode, which fails instead).
    pub problems: Problems,
    /// The sources: those declared, then undeclared ones in order of first use.
    pub sources: Vec<Arc<Source>>,
    /// The quantities: those declared, then undeclared ones in order of first use.
    pub quantities: Vec<Arc<Quantity>>,
}

/// The formats of claim files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// JSON (`.json`).
    Json,
    /// CSV (`.csv`).
    Csv,
}

impl Format {
    /// The format a path's extension names, if any (case-insensitive).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?;
        if ext.eq_ignore_ascii_case("json") {
            Some(Format::Json)
        } else if ext.eq_ignore_ascii_case("csv") {
            Some(Format::Csv)
        } else {
            None
        }
    }
}

impl ClaimFile {
    /// A claim file holding `claims`, with the sources and quantities they use.
    ///
    /// ```
    /// use sourced::{Claim, ClaimFile, Estimate, Quantity, Source};
    /// let c = Claim::new("c1", Quantity::new("q", "troops")?, Source::new("s", "S")?, Estimate::point(5.0)?)?;
    /// let file = ClaimFile::from_claims([c].into_iter().collect());
    /// assert_eq!((file.sources.len(), file.quantities.len()), (1, 1));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_claims(claims: ClaimSet) -> ClaimFile {
        let mut sources: Vec<Arc<Source>> = Vec::new();
        let mut quantities: Vec<Arc<Quantity>> = Vec::new();
        let mut seen_s = std::collections::HashSet::new();
        let mut seen_q = std::collections::HashSet::new();
        for claim in &claims {
            if seen_s.insert(claim.source().id().to_owned()) {
                sources.push(claim.source().clone());
            }
            if seen_q.insert(claim.quantity().id().to_owned()) {
                quantities.push(claim.quantity().clone());
            }
        }
        ClaimFile {
            claims,
            problems: Problems::default(),
            sources,
            quantities,
        }
    }

    /// Reads JSON text (see the [module docs](crate::io) for the form).
    #[cfg(feature = "json")]
    pub fn from_json_str(text: &str, options: &LoadOptions) -> Result<ClaimFile, Error> {
        json::load(text, options)
    }

    /// Reads JSON bytes, which must be UTF-8.
    #[cfg(feature = "json")]
    pub fn from_json_slice(bytes: &[u8], options: &LoadOptions) -> Result<ClaimFile, Error> {
        match std::str::from_utf8(bytes) {
            Ok(text) => json::load(text, options),
            Err(e) => Err(json::not_utf8(bytes, e.valid_up_to())),
        }
    }

    /// Reads CSV text (see the [module docs](crate::io) for the columns).
    #[cfg(feature = "csv")]
    pub fn from_csv_str(text: &str, options: &LoadOptions) -> Result<ClaimFile, Error> {
        csv::load_str(text, options)
    }

    /// Reads CSV bytes; each cell must be UTF-8 (a bad cell is a problem of its row).
    #[cfg(feature = "csv")]
    pub fn from_csv_slice(bytes: &[u8], options: &LoadOptions) -> Result<ClaimFile, Error> {
        csv::load(bytes, options)
    }

    /// Reads bytes in `format`.
    pub fn from_slice(
        bytes: &[u8],
        format: Format,
        options: &LoadOptions,
    ) -> Result<ClaimFile, Error> {
        match format {
            #[cfg(feature = "json")]
            Format::Json => ClaimFile::from_json_slice(bytes, options),
            #[cfg(feature = "csv")]
            Format::Csv => ClaimFile::from_csv_slice(bytes, options),
            #[allow(unreachable_patterns)]
            other => {
                let _ = (bytes, options);
                Err(file_error(format!(
                    "{other:?} claim files need the crate feature {:?}",
                    format!("{other:?}").to_lowercase()
                )))
            }
        }
    }

    /// Reads the file at `path`, in the format its extension names (`.json` or `.csv`).
    ///
    /// ```no_run
    /// use sourced::{ClaimFile, LoadOptions};
    /// let file = ClaimFile::from_path("examples/data/seed_article.json", &LoadOptions::default())?;
    /// println!("{} claims", file.claims.len());
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_path(path: impl AsRef<Path>, options: &LoadOptions) -> Result<ClaimFile, Error> {
        let path = path.as_ref();
        let format = Format::from_path(path).ok_or_else(|| Error::Io {
            path: path.display().to_string(),
            message: "unknown claim file format: the extension must be .json or .csv".to_owned(),
        })?;
        let bytes = std::fs::read(path).map_err(|e| Error::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        ClaimFile::from_slice(&bytes, format, options)
    }

    /// Writes the claim file as JSON: the sources, the quantities, then the claims with
    /// structured estimates (loading it back gives the same claims).
    #[cfg(feature = "json")]
    pub fn to_json_string(&self) -> Result<String, Error> {
        write::json(self)
    }

    /// Writes the claims as CSV, with every column and structured estimates. Sources and
    /// quantities are not written: pass [`ClaimFile::sources`] and [`ClaimFile::quantities`]
    /// to [`LoadOptions`] to load it back with them.
    #[cfg(feature = "csv")]
    pub fn to_csv_string(&self) -> Result<String, Error> {
        write::csv(self)
    }
}

/// The 1-based line and column of byte `offset`.
#[cfg_attr(not(feature = "json"), allow(dead_code))]
fn line_column(bytes: &[u8], offset: usize) -> (u64, u64) {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let column = before.iter().rev().take_while(|&&b| b != b'\n').count() as u64 + 1;
    (line, column)
}

fn file_error(message: String) -> Error {
    Error::Invalid(Problems(vec![Problem::new(Location::File, None, message)]))
}
