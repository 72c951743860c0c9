//! The CSV claim-file loader: one claim per row, cells read in place from a reused
//! [`csv::ByteRecord`], columns found once from the header.

use std::borrow::Cow;

use csv::{ByteRecord, ReaderBuilder};

use crate::claim::ClaimKind;
use crate::confidence::AnalyticConfidence;
use crate::error::{Error, Location, Problem, Problems};
use crate::estimate::Hedge;
use crate::io::finish::{Collector, Locator};
use crate::io::record::{
    self, Catalog, FieldErrors, Parts, RawClaim, RawConfidence, RawEstimate, push, quoted,
};
use crate::io::{ClaimFile, LoadOptions};

/// The columns, in the order the writer puts them.
pub(crate) const COLUMNS: [&str; 23] = [
    "id",
    "quantity",
    "source",
    "estimate",
    "stated",
    "as_of",
    "confidence",
    "kind",
    "group",
    "via",
    "url",
    "quote",
    "note",
    "analytic_confidence",
    "restates",
    "supersedes",
    "low",
    "high",
    "low_open",
    "high_open",
    "best",
    "level",
    "hedge",
];

/// Where each known column sits in the file.
struct Layout {
    index: [Option<usize>; COLUMNS.len()],
    width: usize,
}

impl Layout {
    fn from_header(header: &ByteRecord) -> Result<Layout, Error> {
        let mut index = [None; COLUMNS.len()];
        let mut problems = Vec::new();
        for (i, name) in header.iter().enumerate() {
            // A spreadsheet may start the file with a byte-order mark.
            let name = if i == 0 {
                name.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(name)
            } else {
                name
            };
            let at = Location::Line {
                line: 1,
                claim: None,
            };
            let Ok(name) = std::str::from_utf8(name) else {
                problems.push(Problem::new(
                    at,
                    None,
                    format!("column {} of the header is not UTF-8", i + 1),
                ));
                continue;
            };
            let name = name.trim();
            match COLUMNS.iter().position(|c| *c == name) {
                None => problems.push(Problem::new(
                    at,
                    Some(name),
                    format!(
                        "unknown column {} (known: {})",
                        quoted(name),
                        COLUMNS.join(", ")
                    ),
                )),
                Some(c) => match index.get_mut(c) {
                    Some(slot @ None) => *slot = Some(i),
                    _ => problems.push(Problem::new(
                        at,
                        Some(name),
                        format!("column {} appears twice", quoted(name)),
                    )),
                },
            }
        }
        for required in ["id", "quantity", "source"] {
            let present = COLUMNS
                .iter()
                .position(|c| *c == required)
                .and_then(|c| index.get(c).copied().flatten())
                .is_some();
            if !present {
                problems.push(Problem::new(
                    Location::Line {
                        line: 1,
                        claim: None,
                    },
                    Some(required),
                    format!("the header has no {} column", quoted(required)),
                ));
            }
        }
        if problems.is_empty() {
            Ok(Layout {
                index,
                width: header.len(),
            })
        } else {
            Err(Error::Invalid(Problems(problems)))
        }
    }
}

/// The column positions of [`COLUMNS`], by name.
#[derive(Clone, Copy)]
#[repr(usize)]
enum Col {
    Id,
    Quantity,
    Source,
    Estimate,
    Stated,
    AsOf,
    Confidence,
    Kind,
    Group,
    Via,
    Url,
    Quote,
    Note,
    Analytic,
    Restates,
    Supersedes,
    Low,
    High,
    LowOpen,
    HighOpen,
    Best,
    Level,
    Hedge,
}

pub(crate) fn load(bytes: &[u8], options: &LoadOptions) -> Result<ClaimFile, Error> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Invalid(Problems(vec![Problem::new(
            Location::File,
            None,
            "the input is empty: a CSV claim file starts with a header row",
        )])));
    }
    let mut reader = ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let layout = match reader.byte_headers() {
        Ok(h) => Layout::from_header(h)?,
        Err(e) => return Err(csv_error(&e)),
    };
    let mut catalog = Catalog::new(options);
    let mut collector = Collector::new(Locator::Line);
    // One claim per line (quoted line breaks make this a slight overestimate).
    collector.reserve(bytes.iter().filter(|&&b| b == b'\n').count());
    // The csv reader ends records at "\r" as well as "\n" but counts lines by "\n" only;
    // in a file with carriage returns, lines are counted here so that every record has its
    // own, right, line number.
    let mut lines = has_cr(bytes).then_some(LineCounter {
        bytes,
        at: 0,
        line: 1,
    });
    let mut row = ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            // Reading from memory, only a malformed record can fail; the reader cannot be
            // trusted past it, so it ends the load.
            Err(e) => return Err(csv_error(&e)),
        }
        let line = match (&mut lines, row.position()) {
            (Some(counter), Some(p)) => counter.line_at(p.byte()),
            (None, Some(p)) => p.line(),
            (_, None) => 0,
        };
        let mut errors = FieldErrors::new();
        if row.len() != layout.width {
            push(
                &mut errors,
                "row",
                format!(
                    "has {} cells, the header has {} (a stray or missing comma or quote?)",
                    row.len(),
                    layout.width
                ),
            );
        }
        // An unclosed quote makes the last record swallow the rest of the file: its rows would
        // vanish into one cell (a quote or note, say) without a word.
        let start = row.position().map_or(0, |p| p.byte());
        let end = reader.position().byte();
        if end >= bytes.len() as u64
            && ends_inside_quotes(
                bytes
                    .get(usize::try_from(start).unwrap_or(usize::MAX)..)
                    .unwrap_or_default(),
            )
        {
            push(
                &mut errors,
                "row",
                "a quote opened in this row is never closed: every line after it was read into \
                 one of its cells"
                    .to_owned(),
            );
        }
        let raw = decode(&row, &layout, &mut errors);
        let id = raw.id.clone();
        match record::build_claim(raw, &mut catalog, options, &mut errors) {
            Some(claim) if errors.is_empty() => collector.claim(line, claim),
            _ => collector.invalid(line, id.as_deref(), errors),
        }
    }
    let (claims, problems) = collector.finish(options.mode)?;
    let (sources, quantities) = catalog.into_lists();
    Ok(ClaimFile {
        claims,
        problems,
        sources,
        quantities,
    })
}

/// Whether a record (its bytes to the end of the input) ends inside a quoted cell, by the
/// rules the reader uses (RFC 4180: a quote opens a cell only at its start, `""` is a quote
/// inside one).
fn ends_inside_quotes(record: &[u8]) -> bool {
    let (mut quoted, mut cell_start) = (false, true);
    let mut bytes = record.iter().peekable();
    while let Some(&b) = bytes.next() {
        if quoted {
            if b == b'"' {
                if bytes.peek() == Some(&&b'"') {
                    bytes.next();
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && cell_start {
            quoted = true;
        }
        cell_start = !quoted && matches!(b, b',' | b'\n' | b'\r');
    }
    quoted
}

fn has_cr(bytes: &[u8]) -> bool {
    bytes.contains(&b'\r')
}

/// Line numbers counting "\n", "\r\n" and a bare "\r" each as one line break. A "\r\n" counts
/// at its "\r": the reader ends a record there and may place the next one at the "\n", so
/// even a plain Windows file needs this count (the reader's own puts such a record one line
/// early).
struct LineCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u64,
}

impl LineCounter<'_> {
    /// The line of byte `offset`; offsets must not decrease from call to call.
    fn line_at(&mut self, offset: u64) -> u64 {
        let end = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        if end > self.at {
            let chunk = self.bytes.get(self.at..end).unwrap_or(&[]);
            for (i, &b) in chunk.iter().enumerate() {
                let previous = (self.at + i).checked_sub(1).and_then(|j| self.bytes.get(j));
                if b == b'\r' || (b == b'\n' && previous != Some(&b'\r')) {
                    self.line += 1;
                }
            }
            self.at = end;
        }
        self.line
    }
}

fn csv_error(e: &csv::Error) -> Error {
    let location = match e.position() {
        Some(p) => Location::Line {
            line: p.line(),
            claim: None,
        },
        None => Location::File,
    };
    Error::Invalid(Problems(vec![Problem::new(
        location,
        None,
        format!("not valid CSV: {e}"),
    )]))
}

/// Decodes the cells of one row; an undecodable cell is a problem and absent.
fn decode<'r>(row: &'r ByteRecord, layout: &Layout, errors: &mut FieldErrors) -> RawClaim<'r> {
    let mut cell = |col: Col| -> Option<&'r str> {
        let c = col as usize;
        let i = layout.index.get(c).copied().flatten()?;
        let bytes = row.get(i)?;
        if bytes.is_empty() {
            return None;
        }
        let name = COLUMNS.get(c).copied().unwrap_or("?");
        match std::str::from_utf8(bytes) {
            Ok(s) => Some(s),
            Err(e) => {
                push(
                    errors,
                    name,
                    format!(
                        "not UTF-8 (bad byte at offset {} of the cell)",
                        e.valid_up_to()
                    ),
                );
                None
            }
        }
    };
    let id = cell(Col::Id);
    let quantity = cell(Col::Quantity);
    let source = cell(Col::Source);
    let estimate = cell(Col::Estimate);
    let stated = cell(Col::Stated);
    let as_of = cell(Col::AsOf);
    let confidence = cell(Col::Confidence);
    let kind = cell(Col::Kind);
    let group = cell(Col::Group);
    let via = cell(Col::Via);
    let url = cell(Col::Url);
    let quote = cell(Col::Quote);
    let note = cell(Col::Note);
    let analytic = cell(Col::Analytic);
    let restates = cell(Col::Restates);
    let supersedes = cell(Col::Supersedes);
    let low = cell(Col::Low);
    let high = cell(Col::High);
    let low_open = cell(Col::LowOpen);
    let high_open = cell(Col::HighOpen);
    let best = cell(Col::Best);
    let level = cell(Col::Level);
    let hedge = cell(Col::Hedge);

    let structured = [low, high, low_open, high_open, best, level, hedge]
        .iter()
        .any(Option::is_some);
    let estimate = if structured {
        let mut p = Parts {
            text: estimate.map(Cow::Borrowed),
            ..Parts::default()
        };
        let before = errors.len();
        let mut num = |name: &'static str, v: Option<&str>| {
            v.and_then(|v| {
                record::finite_number(v)
                    .map_err(|m| push(errors, name, m))
                    .ok()
            })
        };
        p.low = num("low", low);
        p.high = num("high", high);
        p.best = num("best", best);
        p.level = num("level", level);
        p.low_open = flag("low_open", low_open, errors);
        p.high_open = flag("high_open", high_open, errors);
        p.hedge = hedge.and_then(|h| {
            record::word::<Hedge>(h)
                .map_err(|m| push(errors, "hedge", m))
                .ok()
        });
        (errors.len() == before).then_some(RawEstimate::Parts(p))
    } else {
        estimate.map(|e| RawEstimate::Text(Cow::Borrowed(e)))
    };
    RawClaim {
        id: id.map(Cow::Borrowed),
        quantity: quantity.map(Cow::Borrowed),
        source: source.map(Cow::Borrowed),
        estimate,
        stated: stated.map(Cow::Borrowed),
        as_of: as_of.map(Cow::Borrowed),
        confidence: confidence
            .map(|c| probability_range(c).unwrap_or(RawConfidence::Text(Cow::Borrowed(c)))),
        analytic_confidence: analytic.and_then(|a| {
            record::word::<AnalyticConfidence>(a)
                .map_err(|m| push(errors, "analytic_confidence", m))
                .ok()
        }),
        kind: kind.and_then(|k| {
            record::word::<ClaimKind>(k)
                .map_err(|m| push(errors, "kind", m))
                .ok()
        }),
        group: group.map(Cow::Borrowed),
        via: via.map(Cow::Borrowed),
        url: url.map(Cow::Borrowed),
        quote: quote.map(Cow::Borrowed),
        note: note.map(Cow::Borrowed),
        restates: restates.map(Cow::Borrowed),
        supersedes: supersedes.map(Cow::Borrowed),
    }
}

/// A probability range written `0.6–0.8` (en dash), as the writer writes one.
fn probability_range(text: &str) -> Option<RawConfidence<'static>> {
    let (low, high) = text.split_once('–')?;
    Some(RawConfidence::Range(
        low.trim().parse().ok()?,
        high.trim().parse().ok()?,
    ))
}

fn flag(name: &'static str, value: Option<&str>, errors: &mut FieldErrors) -> bool {
    match value.map(str::trim) {
        None => false,
        Some(v) if v.eq_ignore_ascii_case("true") => true,
        Some(v) if v.eq_ignore_ascii_case("false") => false,
        Some(v) => {
            push(
                errors,
                name,
                format!("expected true or false, found {}", quoted(v)),
            );
            false
        }
    }
}
