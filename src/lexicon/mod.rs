//! Hedged text to exact intervals: the lexicon and the number grammar.
//!
//! A source does not say "[3000, ∞)"; it says "more than 3,000". This module reads such
//! phrases into an [`Estimate`] that keeps both the interval the phrase asserts and the hedge
//! as said, by a **named, versioned lexicon** of hedge phrases (data: [`Lexicon`], [`Entry`],
//! [`Rule`]) and a hand-written number grammar (numerals with grouping, decimals, scale words
//! and suffixes, percentages, number words; see [`Lexicon`]). The defaults follow the table of
//! the project's design notes (comparatives strict, superlatives inclusive, approximators as a
//! tolerance that respects the rounding unit of the number); the conservative lexicon follows
//! ACLED's fatality coding rules (vague words to their lowest customary figure).
//!
//! The grammar, the rounding units and the lexicon tables are documented on [`Lexicon`].
//!
//! References: the design notes' lexicon table; ACLED's fatality coding rules (vague
//! numbers: "tens" → 10, "dozens" → 12, "hundreds" → 100, the most conservative estimate).

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use crate::estimate::Estimate;
use crate::quantity::Quantity;

mod display;
mod number;
mod phrase;
mod table;
mod token;

use token::Tokens;

pub use table::{ABOUT_TOLERANCE, Entry, Rule, VagueRange};

/// What kind of mistake a [`ParseError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The text is empty or white space.
    Empty,
    /// A word the lexicon does not know where a hedge or a number was expected.
    UnknownWord,
    /// A token that cannot stand where it stands.
    Unexpected,
    /// A numeral that is not well formed: "3,00", "1.2.3", "3x".
    MalformedNumber,
    /// An ordinal ("16th"): a rank, not a quantity.
    Ordinal,
    /// A range whose high end is below its low end: "between 10,000 and 3,000".
    InvertedRange,
    /// A best value outside its stated interval: "98,000 (95% CI 8,000–94,000)".
    BestOutsideInterval,
    /// A number or bound beyond the range of a finite 64-bit float, or a level outside (0, 1).
    OutOfRange,
    /// An interval outside the domain of the quantity (a negative count).
    OutsideDomain,
}

/// Hedged text the lexicon could not read: where, what, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ParseError {
    /// Byte offset of the offending token in the text.
    pub offset: usize,
    /// The offending token (at most 64 characters of it).
    pub token: String,
    /// What was expected there.
    pub expected: String,
    /// What kind of mistake it is.
    pub kind: ParseErrorKind,
}

impl ParseError {
    /// An error of `kind` at byte `offset`, about `token` (cut to 64 characters).
    pub fn new(kind: ParseErrorKind, offset: usize, token: &str, expected: &str) -> Self {
        let token = match token.char_indices().nth(64) {
            Some((cut, _)) => format!("{}…", token.get(..cut).unwrap_or("")),
            None => token.to_owned(),
        };
        ParseError {
            offset,
            token,
            expected: expected.to_owned(),
            kind,
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot read {:?} at byte {}: expected {}",
            self.token, self.offset, self.expected
        )
    }
}

impl std::error::Error for ParseError {}

/// A named, versioned set of rules that turn hedged text into exact intervals.
///
/// Two lexicons ship with the crate: [`Lexicon::standard`] (`standard-1`) and
/// [`Lexicon::conservative`] (`conservative-1`). A lexicon is data: add or change a phrase
/// with [`Lexicon::with_word`], remove one with [`Lexicon::without_word`], change the
/// tolerance of the approximators with [`Lexicon::with_about_tolerance`]; a changed lexicon
/// is renamed `…+custom` so that a report never passes it off as a standard one.
///
/// # Grammar
///
/// The grammar of a phrase, in order:
///
/// 1. lead-ins ("at", "a total of", "sent"), any number of them;
/// 2. one hedge ("more than", "about", "between", …; "at least about" combines two), or a
///    vague phrase ("dozens", "several thousand") or a denial ("no", "none") that is the
///    quantity itself;
/// 3. a number, a range ("X to Y", "X–Y", "between X and Y"; a scale word or percent sign on
///    the high end applies to the low end when it has none and the result is ordered: "10–12
///    thousand" is [10,000, 12,000], "500 to 2 million" is [500, 2,000,000]), or an explicit
///    interval in mathematical notation ("[3000, 10000]", "(3000, ∞)");
/// 4. after a bare number, stated uncertainty: "± d", "(95% CI L–H)", "(CI L–H)",
///    "(range L–H)", "(L–H)", ", with a range of L to H" (the best value must lie inside);
///    after an explicit interval, "best B" and "level P";
/// 5. a suffix ("or more", "or fewer", "plus", "+") and trailing nouns ("troops", "North
///    Korean troops"), which are kept ([`Reading::noun`]) and never an error.
///
/// Nothing is guessed: an unknown word before the number, a malformed number, an inverted
/// range, a best value outside its interval, or anything left over is a [`ParseError`] with the
/// byte offset, the offending token and what was expected. The tokeniser works on bytes
/// without allocating; every step of the parser consumes input or stops, so the time is
/// linear in the length of the text.
///
///
/// # Numbers and their rounding units
///
/// Numerals: `3000`, `3,000`, `3 000` (also with a no-break, thin or narrow no-break
/// space), `3.5`, `.5`, `1.5e6`, `-5`; a glued scale suffix `k`/`K` (thousand), `m`/`M`/`mn`
/// (million; refused for a quantity in metres), `bn` (billion); scale words after them
/// (`3.5 million`, `3 hundred thousand`); a percent sign or `percent`. Number words:
/// `three`, `twenty-one`, `ten thousand`, `six hundred thousand`, `a million`, `half a
/// million`, `one and a half million`, `a million and a half`, `one hundred and twenty`,
/// `two dozen`. An ordinal (`16th`) is a rank, not a quantity: an error.
///
/// Every number has a **rounding unit**, the place value of its last non-zero significant
/// digit times its scale: 600,000 → 100,000; 3,500 → 100; 3.5 million → 100,000; 10,000 →
/// 10,000; 1.25 → 0.01; zero → the place of its last digit (0 → 1, 0.0 → 0.1). The
/// approximators widen X by `max(unit / 2, tolerance × |X|)`: a number rounded to its unit
/// stands for every value that rounds to it, and "about" never claims less than the
/// tolerance ([`ABOUT_TOLERANCE`], 5 %, chosen below 1/18 so that for every one-significant-digit
/// number the rounding unit decides). "nearly X" is the lower half of "about X", X excluded.
///
/// # Example
///
/// ```
/// use sourced::{Domain, Hedge, Lexicon, Quantity, Rule};
///
/// let troops = Quantity::new("nk-troops", "troops")?.with_domain(Domain::Count);
/// let lexicon = Lexicon::standard();
/// let nis = lexicon.parse("as many as 10,000 North Korean troops", &troops)?;
/// assert_eq!(nis.interval().to_string(), "[0, 10000]");
/// assert_eq!(nis.hedge(), Hedge::AsManyAs);
/// assert_eq!(lexicon.parse("about 600,000", &troops)?.interval().to_string(), "[550000, 650000]");
///
/// let mine = Lexicon::standard().with_word("upwards of", Rule::AtLeast);
/// assert_eq!(mine.name(), "standard-1+custom");
/// assert_eq!(mine.parse("upwards of 3,000", &troops)?.interval().to_string(), "[3000, ∞)");
/// assert!(lexicon.parse("upwards of 3,000", &troops).is_err());
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
#[doc = include_str!("standard.md")]
///
#[doc = include_str!("conservative.md")]
#[derive(Debug, Clone, PartialEq)]
pub struct Lexicon {
    name: String,
    entries: Vec<Entry>,
    /// (first token, index into `entries`), sorted by first token, longest phrase first.
    index: Vec<(Box<str>, usize)>,
    /// For each first byte, the range of `index` whose first tokens start with it: most
    /// tokens (numbers) are rejected by one lookup, the others compared with a few keys.
    buckets: [(u32, u32); 256],
    /// The same for the phrases of suffix rules, looked up after every trailing word.
    suffix_first_bytes: [bool; 256],
    about_tolerance: f64,
}

impl Lexicon {
    fn from_entries(name: &str, entries: Vec<Entry>) -> Self {
        let mut lexicon = Lexicon {
            name: name.to_owned(),
            entries,
            index: Vec::new(),
            buckets: [(0, 0); 256],
            suffix_first_bytes: [false; 256],
            about_tolerance: ABOUT_TOLERANCE,
        };
        lexicon.reindex();
        lexicon
    }

    fn reindex(&mut self) {
        let mut index: Vec<(Box<str>, usize, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((e.tokens.first()?.as_str().into(), e.tokens.len(), i)))
            .collect();
        index.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        self.buckets = [(0, 0); 256];
        self.suffix_first_bytes = [false; 256];
        for (j, (first, _, i)) in index.iter().enumerate() {
            let suffix = self.entries.get(*i).is_some_and(|e| e.rule().is_suffix());
            let j = u32::try_from(j).unwrap_or(u32::MAX);
            if let Some(b) = first.bytes().next() {
                // Sorted by first token, so the keys of one first byte are contiguous.
                if let Some(bucket) = self.buckets.get_mut(usize::from(b)) {
                    if bucket.0 == bucket.1 {
                        *bucket = (j, j);
                    }
                    bucket.1 = j.saturating_add(1);
                }
                if let Some(slot) = self.suffix_first_bytes.get_mut(usize::from(b)) {
                    *slot |= suffix;
                }
            }
        }
        self.index = index.into_iter().map(|(f, _, i)| (f, i)).collect();
    }

    fn customised(mut self) -> Self {
        if !self.name.ends_with("+custom") {
            self.name.push_str("+custom");
        }
        self.reindex();
        self
    }

    /// The default lexicon, `standard-1`: the table of the design notes (shown below).
    pub fn standard() -> Self {
        Lexicon::from_entries("standard-1", table::standard())
    }

    /// The conservative lexicon, `conservative-1`: as the standard one, but vague words stand
    /// for ranges that start at their lowest customary figure, which is also the best value
    /// ("dozens" is [12, 99], best 12; "hundreds" [100, 999], best 100), after ACLED's
    /// fatality coding rules.
    pub fn conservative() -> Self {
        Lexicon::from_entries("conservative-1", table::conservative())
    }

    /// A shipped lexicon by name, with or without its version: `standard`, `standard-1`,
    /// `conservative`, `conservative-1`.
    ///
    /// ```
    /// use sourced::Lexicon;
    /// assert_eq!(Lexicon::named("conservative").map(|l| l.name().to_owned()).as_deref(), Some("conservative-1"));
    /// assert!(Lexicon::named("acled-2").is_none());
    /// ```
    pub fn named(name: &str) -> Option<Self> {
        match name {
            "standard" | "standard-1" => Some(Lexicon::standard()),
            "conservative" | "conservative-1" => Some(Lexicon::conservative()),
            _ => None,
        }
    }

    /// Its name and version, e.g. `standard-1`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// With another name (say, after extending it).
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// The relative tolerance of the approximators ("about", "nearly"); the default is
    /// [`ABOUT_TOLERANCE`].
    pub fn about_tolerance(&self) -> f64 {
        self.about_tolerance
    }

    /// With another relative tolerance for the approximators, in `[0, 1)`.
    ///
    /// ```
    /// use sourced::{Estimate, Lexicon, Quantity};
    /// let q = Quantity::new("casualties", "people")?;
    /// let wide = Lexicon::standard().with_about_tolerance(0.1)?;
    /// assert_eq!(wide.parse("about 600,000", &q)?.interval().to_string(), "[540000, 660000]");
    /// assert!(Lexicon::standard().with_about_tolerance(1.5).is_err());
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_about_tolerance(mut self, tolerance: f64) -> Result<Self, crate::ValueError> {
        if !(0.0..1.0).contains(&tolerance) {
            return Err(crate::ValueError::OutsideDomain {
                value: tolerance,
                domain: "[0, 1)".to_owned(),
            });
        }
        self.about_tolerance = tolerance;
        Ok(self.customised())
    }

    /// With `phrase` following `rule`, replacing the phrase's rule if it had one. The phrase
    /// is matched word by word, ignoring ASCII case and spacing; a phrase with no words
    /// matches nothing.
    pub fn with_word(mut self, phrase: &str, rule: Rule) -> Self {
        let entry = Entry::new(phrase, rule, None);
        self.entries.retain(|e| e.tokens != entry.tokens);
        self.entries.push(entry);
        self.customised()
    }

    /// Without `phrase` (matched as in [`Lexicon::with_word`]).
    pub fn without_word(mut self, phrase: &str) -> Self {
        let entry = Entry::new(phrase, Rule::LeadIn, None);
        self.entries.retain(|e| e.tokens != entry.tokens);
        self.customised()
    }

    /// The phrases, in the order of the lexicon table.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The rule of the longest phrase starting at byte `pos`, and the position after it.
    pub(crate) fn rule_at(&self, toks: &Tokens<'_>, pos: usize) -> Option<(Rule, usize)> {
        let first = toks.at(pos);
        let b = first.text.bytes().next()?.to_ascii_lowercase();
        let (start, end) = self.buckets.get(usize::from(b)).copied().unwrap_or((0, 0));
        if start == end {
            return None;
        }
        let bucket = self.index.get(start as usize..end as usize).unwrap_or(&[]);
        // The token in lower case on the stack, so that keys compare as plain bytes.
        let mut buf = [0u8; 32];
        let lower: &[u8] = match buf.get_mut(..first.text.len()) {
            Some(slot) => {
                slot.copy_from_slice(first.text.as_bytes());
                slot.make_ascii_lowercase();
                slot
            }
            None => return self.rule_at_long(toks, first),
        };
        let from = bucket
            .iter()
            .position(|(key, _)| key.len() == lower.len() && key.as_bytes() == lower)?;
        // Longest phrase first within the key, so the first that matches is the longest.
        bucket
            .get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(|(key, _)| key.as_bytes() == lower)
            .filter_map(|(_, i)| self.entries.get(*i))
            .find_map(|entry| {
                let end = follows(toks, first.end, entry.tokens.get(1..).unwrap_or(&[]))?;
                Some((entry.rule(), end))
            })
    }

    /// The suffix rule ("or more") starting at byte `pos`, if any, and the position after it.
    pub(crate) fn suffix_at(&self, toks: &Tokens<'_>, pos: usize) -> Option<(Rule, usize)> {
        let first = toks.at(pos);
        let b = first.text.bytes().next()?.to_ascii_lowercase();
        if !self
            .suffix_first_bytes
            .get(usize::from(b))
            .copied()
            .unwrap_or(false)
        {
            return None;
        }
        self.rule_at(toks, pos).filter(|(rule, _)| rule.is_suffix())
    }

    /// [`Lexicon::rule_at`] for a first token too long for the stack buffer.
    fn rule_at_long(&self, toks: &Tokens<'_>, first: token::Token<'_>) -> Option<(Rule, usize)> {
        self.entries
            .iter()
            .filter(|e| {
                e.tokens
                    .first()
                    .is_some_and(|k| cmp_lower(k, first.text).is_eq())
            })
            .filter_map(|entry| {
                let end = follows(toks, first.end, entry.tokens.get(1..).unwrap_or(&[]))?;
                Some((entry.tokens.len(), entry.rule(), end))
            })
            .max_by_key(|&(len, _, _)| len)
            .map(|(_, rule, end)| (rule, end))
    }

    /// Reads `text` without a quantity: unbounded sides stay unbounded. The [`Reading`] also
    /// says which noun followed the number.
    ///
    /// ```
    /// use sourced::Lexicon;
    /// let r = Lexicon::standard().read("more than 3,000 troops")?;
    /// assert_eq!(r.estimate().interval().to_string(), "(3000, ∞)");
    /// assert_eq!(r.noun(), Some("troops"));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read<'t>(&self, text: &'t str) -> Result<Reading<'t>, ParseError> {
        let p = phrase::parse(self, text)?;
        let best_error = |e: crate::ValueError| {
            ParseError::new(
                ParseErrorKind::BestOutsideInterval,
                p.best_at.0,
                text.get(p.best_at.0..p.best_at.1).unwrap_or(""),
                &format!("a best value within the interval ({e})"),
            )
        };
        let mut estimate = Estimate::new(p.interval).with_hedge(p.hedge);
        if let Some(best) = p.best {
            estimate = estimate.with_best(best).map_err(best_error)?;
        }
        if let Some(level) = p.level {
            estimate = estimate.with_level(level).map_err(|e| {
                ParseError::new(
                    ParseErrorKind::OutOfRange,
                    0,
                    text,
                    &format!("a confidence level strictly between 0 and 1 ({e})"),
                )
            })?;
        }
        Ok(Reading {
            estimate: estimate.with_text(text),
            noun: p.noun.and_then(|(s, e)| text.get(s..e)),
            percent: p.percent,
        })
    }

    /// Reads `text` as an estimate of `quantity`: the quantity's domain fills the unbounded
    /// sides ("as many as 10,000" is [0, 10000] for a count) and bounds the values.
    ///
    /// A glued `m` means million ("10m") unless the quantity is measured in metres, where it
    /// is ambiguous and an error.
    pub fn parse(&self, text: &str, quantity: &Quantity) -> Result<Estimate, ParseError> {
        if is_metres(quantity.unit()) {
            metre_suffix_check(text)?;
        }
        let estimate = self.read(text)?.into_estimate();
        let domain = quantity.domain();
        let interval = domain.apply(estimate.interval()).map_err(|e| {
            ParseError::new(
                ParseErrorKind::OutsideDomain,
                0,
                text,
                &format!(
                    "values within the domain {domain} of {} ({e})",
                    quantity.id()
                ),
            )
        })?;
        estimate.with_interval(interval).map_err(|e| {
            ParseError::new(
                ParseErrorKind::OutsideDomain,
                0,
                text,
                &format!("a best value within the domain {domain} ({e})"),
            )
        })
    }

    /// The lexicon as a Markdown table (phrase → example → interval → why), as shown in
    /// these docs. A test renders it and compares it with the files the docs include, so
    /// the docs cannot drift from the data.
    pub fn markdown_table(&self) -> String {
        display::markdown_table(self)
    }
}

/// Whether a unit is a length in metres, for which "10m" does not mean ten million.
fn is_metres(unit: &str) -> bool {
    let unit = unit.trim();
    ["m", "metre", "metres", "meter", "meters"]
        .iter()
        .any(|m| unit.eq_ignore_ascii_case(m))
}

/// Refuses a numeral with a glued `m` ("10m"): for a length it may be metres or millions.
fn metre_suffix_check(text: &str) -> Result<(), ParseError> {
    let mut pos = 0;
    loop {
        let t = token::token_at(text, pos);
        match t.kind {
            token::Kind::End => return Ok(()),
            token::Kind::Numeral if t.text.ends_with(['m', 'M']) => {
                return Err(ParseError::new(
                    ParseErrorKind::Unexpected,
                    t.start,
                    t.text,
                    "\"million\" or a space before the unit: a glued m is ambiguous for a quantity in metres",
                ));
            }
            _ => pos = t.end,
        }
    }
}

/// Whether the text's tokens from `pos` on are the phrase tokens `want`: the position after
/// them if so.
fn follows(toks: &Tokens<'_>, mut pos: usize, want: &[String]) -> Option<usize> {
    for w in want {
        let t = toks.at(pos);
        if t.kind == token::Kind::End || !cmp_lower(w, t.text).is_eq() {
            return None;
        }
        pos = t.end;
    }
    Some(pos)
}

/// Compares a lower-case phrase token with a text token, ignoring the text's ASCII case.
fn cmp_lower(phrase: &str, text: &str) -> std::cmp::Ordering {
    phrase
        .bytes()
        .cmp(text.bytes().map(|b| b.to_ascii_lowercase()))
}

/// What a phrase says: the estimate, and the noun and percent sign that came with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading<'t> {
    estimate: Estimate,
    noun: Option<&'t str>,
    percent: bool,
}

impl<'t> Reading<'t> {
    /// The estimate (with the text it was read from).
    pub fn estimate(&self) -> &Estimate {
        &self.estimate
    }

    /// The estimate, by value.
    pub fn into_estimate(self) -> Estimate {
        self.estimate
    }

    /// The words after the number: "troops" in "more than 3,000 troops".
    pub fn noun(&self) -> Option<&'t str> {
        self.noun
    }

    /// Whether the number was a percentage ("45%", "45 percent"); its value is then in
    /// percent (45, not 0.45).
    pub fn is_percent(&self) -> bool {
        self.percent
    }
}

/// The standard lexicon, built once.
pub(crate) fn standard() -> &'static Lexicon {
    static STANDARD: OnceLock<Lexicon> = OnceLock::new();
    STANDARD.get_or_init(Lexicon::standard)
}

/// Reads hedged text with the [standard lexicon](Lexicon::standard) and no quantity, so
/// unbounded sides stay unbounded ("as many as 10,000" is (−∞, 10000]).
///
/// ```
/// use sourced::{Estimate, Hedge};
/// let e: Estimate = "151,000 (95% CI 104,000–223,000)".parse()?;
/// assert_eq!(e.interval().to_string(), "[104000, 223000]");
/// assert_eq!((e.best(), e.level(), e.hedge()), (Some(151_000.0), Some(0.95), Hedge::ConfidenceInterval));
/// assert_eq!(e.text(), Some("151,000 (95% CI 104,000–223,000)"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl FromStr for Estimate {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        standard().read(s).map(Reading::into_estimate)
    }
}

impl Estimate {
    /// Reads `text` with `lexicon` as an estimate of `quantity` (see [`Lexicon::parse`]).
    ///
    /// ```
    /// use sourced::{Domain, Estimate, Lexicon, Quantity};
    /// let deaths = Quantity::new("deaths", "people")?.with_domain(Domain::Count);
    /// let e = Estimate::parse_with("dozens", &Lexicon::conservative(), &deaths)?;
    /// assert_eq!((e.interval().to_string(), e.best()), ("[12, 99]".to_owned(), Some(12.0)));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_with(
        text: &str,
        lexicon: &Lexicon,
        quantity: &Quantity,
    ) -> Result<Estimate, ParseError> {
        lexicon.parse(text, quantity)
    }

    /// Whether two estimates mean the same: equal interval, best value, level and hedge,
    /// whatever text they were read from. `parse(display(e))` has the same meaning as `e`.
    ///
    /// ```
    /// use sourced::Estimate;
    /// let a: Estimate = "more than 3,000".parse()?;
    /// let b: Estimate = "over 3000".parse()?;
    /// assert!(a.same_meaning(&b) && a != b);
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn same_meaning(&self, other: &Estimate) -> bool {
        self.interval() == other.interval()
            && self.best() == other.best()
            && self.level() == other.level()
            && self.hedge() == other.hedge()
    }
}
