//! The CSV claim-file loader: one claim per row, cells read in place from a reused
//! [`csv::ByteRecord`], columns found once from the header.

use std::borrow::Cow;

use csv::{ByteRecord, ReaderBuilder};

use crate::claim::ClaimKind;
use crate::confidence::AnalyticConfidence;
use crate::error::{Error, Location, Problem, Problems};
use crate::estimate::Hedge;
#[cfg(test)]
use crate::io::Mode;
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
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(text, options),
        Err(_) => {
            check_not_blank(bytes)?;
            load_quoted(bytes, options, Scan::of(bytes))
        }
    }
}

/// [`load`] for text already known to be UTF-8.
pub(crate) fn load_str(text: &str, options: &LoadOptions) -> Result<ClaimFile, Error> {
    let bytes = text.as_bytes();
    check_not_blank(bytes)?;
    // The common file (no quotes, no carriage returns) is split in place: see `load_plain`.
    // Anything else goes through the csv reader.
    let scan = Scan::of(bytes);
    if scan.plain() {
        load_plain(text, options, scan)
    } else {
        load_quoted(bytes, options, scan)
    }
}

fn check_not_blank(bytes: &[u8]) -> Result<(), Error> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Invalid(Problems(vec![Problem::new(
            Location::File,
            None,
            "the input is empty: a CSV claim file starts with a header row",
        )])));
    }
    Ok(())
}

/// What one pass over the whole input finds: whether it can be split in place, and how many
/// line breaks it has (for reserving the claims). One pass instead of three (a search for
/// quotes, one for carriage returns, a count of line breaks): each read the whole file, a
/// few per cent of a load between them.
#[derive(Clone, Copy, Debug)]
struct Scan {
    /// Some quote.
    quotes: bool,
    /// Some carriage return.
    carriage_returns: bool,
    /// The number of line breaks ("\n").
    lines: usize,
}

impl Scan {
    fn of(bytes: &[u8]) -> Scan {
        let (mut lines, mut quotes, mut carriage_returns) = (0usize, false, false);
        // Chunks of at most 255 bytes, so that the per-chunk counts fit a byte: the loop then
        // compiles to vector compares and byte sums.
        for chunk in bytes.chunks(255) {
            let (mut n, mut q, mut r) = (0u8, 0u8, 0u8);
            for &b in chunk {
                n += u8::from(b == b'\n');
                q |= u8::from(b == b'"');
                r |= u8::from(b == b'\r');
            }
            lines += usize::from(n);
            quotes |= q != 0;
            carriage_returns |= r != 0;
        }
        Scan {
            quotes,
            carriage_returns,
            lines,
        }
    }

    /// No quote and no carriage return: the text can be split in place.
    fn plain(self) -> bool {
        !self.quotes && !self.carriage_returns
    }
}

/// Loads any CSV through the csv reader.
fn load_quoted(bytes: &[u8], options: &LoadOptions, scan: Scan) -> Result<ClaimFile, Error> {
    let mut reader = ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let layout = match reader.byte_headers() {
        Ok(h) => Layout::from_header(h)?,
        Err(e) => return Err(csv_error(&e)),
    };
    let mut rows = Rows::new(layout, options, scan.lines);
    // The csv reader ends records at "\r" as well as "\n" but counts lines by "\n" only;
    // in a file with carriage returns, lines are counted here so that every record has its
    // own, right, line number.
    let mut lines = scan.carriage_returns.then_some(LineCounter {
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
        let cell = |i: usize| {
            row.get(i)
                .map(|b| std::str::from_utf8(b).map_err(|e| e.valid_up_to()))
        };
        rows.record(line, row.len(), cell, errors);
    }
    rows.finish()
}

/// Loads UTF-8 text with no quote and no carriage return, splitting it by hand: there every
/// line break ends a record and every comma a cell, exactly as the csv reader would read it
/// (which also skips empty lines), and the cells borrow from the text, already known to be
/// UTF-8. This is most files, and skipping the reader's copy and per-cell UTF-8 check is a
/// good part of the load.
fn load_plain(text: &str, options: &LoadOptions, scan: Scan) -> Result<ClaimFile, Error> {
    let mut lines = PlainLines {
        text,
        at: 0,
        line: 1,
    };
    let mut cells: Vec<&str> = Vec::with_capacity(BATCH * COLUMNS.len());
    let mut batch: Vec<(u64, usize, usize)> = Vec::with_capacity(BATCH);
    // The input is not blank (checked by the caller), so it has a header line.
    lines.split(1, &mut cells, &mut batch);
    if batch.is_empty() {
        return Ok(ClaimFile::default());
    }
    let layout = Layout::from_header(&ByteRecord::from(cells.clone()))?;
    let source = layout.index.get(Col::Source as usize).copied().flatten();
    let mut rows = Rows::new(layout, options, scan.lines);
    // Records are read in batches: each batch is split first and its sources looked up once
    // ahead (see `Catalog::warm_sources`), so that their cache misses overlap.
    loop {
        cells.clear();
        batch.clear();
        lines.split(BATCH, &mut cells, &mut batch);
        if batch.is_empty() {
            break;
        }
        if let Some(column) = source {
            let warmed = rows
                .catalog
                .warm_sources(batch.iter().filter_map(|&(_, start, end)| {
                    cells
                        .get(start..end)
                        .and_then(|row| row.get(column))
                        .copied()
                }));
            // The loads must happen even though their values do not matter.
            std::hint::black_box(warmed);
        }
        for &(line, start, end) in &batch {
            let row = cells.get(start..end).unwrap_or_default();
            let cell = |i: usize| row.get(i).copied().map(Ok);
            rows.record(line, row.len(), cell, FieldErrors::new());
        }
    }
    rows.finish()
}

/// How many records [`load_plain`] splits and warms at a time: enough for the cache misses
/// of their sources to overlap, few enough that the batch's text stays in cache.
const BATCH: usize = record::WARM;

/// The lines of a text with no quotes and no carriage returns, split into cells as they are
/// read: one byte scan finds both the commas and the line breaks.
struct PlainLines<'a> {
    text: &'a str,
    /// The next byte to read (past the end once the last line is read).
    at: usize,
    /// The number of the line that starts at `at`.
    line: u64,
}

impl<'a> PlainLines<'a> {
    /// Splits up to `limit` more non-empty lines (the csv reader skips empty ones), appending
    /// their cells to `cells` and (line number, first cell, end of cells) to `lines`.
    fn split(
        &mut self,
        limit: usize,
        cells: &mut Vec<&'a str>,
        lines: &mut Vec<(u64, usize, usize)>,
    ) {
        let bytes = self.text.as_bytes();
        if self.at > bytes.len() {
            return;
        }
        let (mut line_start, mut cell_start, mut first) = (self.at, self.at, cells.len());
        let taken = lines.len();
        let mut delimiters = Delimiters::new(bytes, self.at);
        while lines.len() - taken < limit {
            // A comma or a line break is ASCII, so every cell ends on a character boundary.
            // The end of the text ends the last line.
            let (i, comma) = match delimiters.next() {
                Some(i) => (i, bytes.get(i) == Some(&b',')),
                None if self.at <= bytes.len() => (bytes.len(), false),
                None => break,
            };
            if comma {
                cells.push(self.text.get(cell_start..i).unwrap_or_default());
                cell_start = i + 1;
            } else {
                if i > line_start {
                    cells.push(self.text.get(cell_start..i).unwrap_or_default());
                    lines.push((self.line, first, cells.len()));
                }
                self.line += 1;
                (line_start, cell_start, first) = (i + 1, i + 1, cells.len());
                // A line cut by the limit is not begun: the next call starts here.
                self.at = i + 1;
            }
        }
    }
}

/// The positions of the commas and line breaks of a text from some offset on, found eight
/// bytes at a time: a scan of every byte in turn was most of the splitting.
struct Delimiters<'a> {
    bytes: &'a [u8],
    /// The offset of the eight bytes `mask` describes.
    base: usize,
    /// The high bit of each byte of the eight at `base` that is a delimiter not yet returned.
    mask: u64,
}

impl<'a> Delimiters<'a> {
    fn new(bytes: &'a [u8], from: usize) -> Self {
        Delimiters {
            bytes,
            base: from,
            mask: Self::mask_at(bytes, from),
        }
    }

    /// The delimiter mask of the eight bytes at `at` (bytes past the end count as zero,
    /// which is no delimiter).
    fn mask_at(bytes: &[u8], at: usize) -> u64 {
        let mut word = [0u8; 8];
        let rest = bytes.get(at..).unwrap_or_default();
        for (w, b) in word.iter_mut().zip(rest) {
            *w = *b;
        }
        delimiter_mask(u64::from_le_bytes(word))
    }
}

/// The high bit of each byte of `word` that is a comma or a line break.
fn delimiter_mask(word: u64) -> u64 {
    // The high bit of each zero byte, exactly (no carries between bytes: each byte's low
    // seven bits are added to 0x7F alone, and its own high bit is or-ed in).
    const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let zero_bytes = |x: u64| !(((x & LOW).wrapping_add(LOW)) | x | LOW);
    zero_bytes(word ^ u64::from_ne_bytes([b','; 8]))
        | zero_bytes(word ^ u64::from_ne_bytes([b'\n'; 8]))
}

impl Iterator for Delimiters<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            self.base += 8;
            if self.base >= self.bytes.len() {
                return None;
            }
            // A full word is read straight from the text (the common case).
            self.mask = match self.bytes.get(self.base..self.base + 8) {
                Some(chunk) => {
                    let mut word = [0u8; 8];
                    word.copy_from_slice(chunk);
                    delimiter_mask(u64::from_le_bytes(word))
                }
                None => Self::mask_at(self.bytes, self.base),
            };
        }
        let byte = self.mask.trailing_zeros() as usize / 8;
        // Clear the lowest set bit.
        self.mask &= self.mask - 1;
        Some(self.base + byte)
    }
}

/// The records of one file, turned into claims or problems one by one.
struct Rows<'o> {
    layout: Layout,
    catalog: Catalog,
    collector: Collector,
    options: &'o LoadOptions,
}

impl<'o> Rows<'o> {
    fn new(layout: Layout, options: &'o LoadOptions, lines: usize) -> Self {
        let mut collector = Collector::new(Locator::Line);
        // One claim per line (quoted line breaks make this a slight overestimate).
        collector.reserve(lines);
        Rows {
            layout,
            catalog: Catalog::new(options),
            collector,
            options,
        }
    }

    /// One record at `line` of `width` cells; `cell(i)` is the i-th cell, or the offset of
    /// its first byte that is not UTF-8. `errors` holds the record's problems found so far.
    fn record<'r>(
        &mut self,
        line: u64,
        width: usize,
        cell: impl Fn(usize) -> Option<Result<&'r str, usize>>,
        mut errors: FieldErrors,
    ) {
        if width != self.layout.width {
            // The row's own problem comes first.
            errors.insert(
                0,
                (
                    Cow::Borrowed("row"),
                    format!(
                        "has {} cells, the header has {} (a stray or missing comma or quote?)",
                        width, self.layout.width
                    ),
                ),
            );
        }
        let raw = decode(cell, &self.layout, &mut errors);
        let id = raw.id.clone();
        match record::build_claim(raw, &mut self.catalog, self.options, &mut errors) {
            Some(claim) if errors.is_empty() => self.collector.claim(line, claim),
            _ => self.collector.invalid(line, id.as_deref(), errors),
        }
    }

    fn finish(self) -> Result<ClaimFile, Error> {
        // The catalog's maps go before the collector's checks (as in the JSON loader).
        let (sources, quantities) = self.catalog.into_lists();
        let (claims, problems) = self.collector.finish(self.options.mode)?;
        Ok(ClaimFile {
            claims,
            problems,
            sources,
            quantities,
        })
    }
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
fn decode<'r>(
    row: impl Fn(usize) -> Option<Result<&'r str, usize>>,
    layout: &Layout,
    errors: &mut FieldErrors,
) -> RawClaim<'r> {
    let mut cell = |col: Col| -> Option<&'r str> {
        let c = col as usize;
        let i = layout.index.get(c).copied().flatten()?;
        match row(i)? {
            Ok("") => None,
            Ok(s) => Some(s),
            Err(valid_up_to) => {
                let name = COLUMNS.get(c).copied().unwrap_or("?");
                push(
                    errors,
                    name,
                    format!("not UTF-8 (bad byte at offset {valid_up_to} of the cell)"),
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
    // The usual confidence is a plain number: no en dash, and no search for one.
    if text.is_ascii() {
        return None;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The one pass over the input finds what three would: the line breaks counted, and
        /// whether there is a quote or a carriage return anywhere, across its 255-byte chunks
        /// (inputs up to 1,200 bytes, mostly of the four bytes that matter).
        #[test]
        fn one_scan_finds_quotes_carriage_returns_and_line_breaks(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    8 => proptest::prelude::Just(b'a'),
                    4 => proptest::prelude::Just(b'\n'),
                    1 => proptest::prelude::Just(b'"'),
                    1 => proptest::prelude::Just(b'\r'),
                    2 => proptest::prelude::any::<u8>(),
                ],
                0..1200,
            )
        ) {
            let scan = Scan::of(&bytes);
            let lines = bytes.iter().filter(|&&b| b == b'\n').count();
            let quotes = bytes.contains(&b'"');
            let carriage_returns = bytes.contains(&b'\r');
            proptest::prop_assert_eq!(scan.lines, lines);
            proptest::prop_assert_eq!(scan.carriage_returns, carriage_returns);
            proptest::prop_assert_eq!(scan.plain(), !quotes && !carriage_returns);
        }
    }

    /// Chunks full of line breaks count them all: a chunk's count fits its byte.
    #[test]
    fn a_scan_counts_chunks_made_only_of_line_breaks() {
        let scan = Scan::of(&[b'\n'; 1000]);
        assert_eq!(scan.lines, 1000);
        assert!(scan.plain());
    }

    /// The word-at-a-time search finds every comma and line break, and nothing else, from
    /// any offset, whatever the bytes around them (the high bit set, zero, neighbours).
    #[test]
    fn delimiters_are_found_eight_bytes_at_a_time() {
        let text: Vec<u8> = (0..300u32)
            .map(|i| match (i * 7 + i / 13) % 11 {
                0 => b',',
                1 => b'\n',
                2 => 0,
                3 => 0xAC,
                4 => 0x8A,
                5 => b'-',
                6 => b'\r',
                _ => b'a' + (i % 26) as u8,
            })
            .collect();
        for len in [0, 1, 7, 8, 9, 15, 16, 17, 299, 300] {
            let bytes = &text[..len];
            for from in 0..=len.min(20) {
                let expected: Vec<usize> = (from..len)
                    .filter(|&i| matches!(bytes[i], b',' | b'\n'))
                    .collect();
                let found: Vec<usize> = Delimiters::new(bytes, from).collect();
                assert_eq!(found, expected, "len {len}, from {from}");
            }
        }
    }

    /// The hand splitter reads every quote-free file as the csv reader does.
    #[test]
    fn plain_files_load_as_through_the_reader() {
        let header = "id,quantity,source,low,high,stated,as_of,confidence,group";
        let bodies = [
            "",
            "\n",
            "c1,q,s,1,2,2024-01-02,2024-01,0.7,g\n",
            "c1,q,s,1,2,2024-01-02,2024-01,0.7,g",
            "\n\nc1,q,s,1,2,,,,\n\n\nc2,q,s,3,4,,,,\n\n",
            "c1,q,s,1,2,,,\nc2,q,s,3,4,,,,,\n,,,,,,,,\n c3 ,q,s,1,2,,,,\n",
            "c1,q,s,1,2,,,,\nc1,q,t,1,2,,,,\nc2,q,s,x,2,,,,\nc2,q,s,1,2,,,,\nc1,,s,1,2,,,,\n",
            "é,q,s,1,2,2024-02-30,2024-13,2,g\nc2,q,s,1,2,1999-12-31,2024/2023,low,g\n",
            "c1,q,s,1,2,,,,\nc2,q,s,5,1,,,,\n,q,s,1,2,,,,\nc3,q,s,-1,2,,,,g2\n",
        ];
        for mode in [Mode::Strict, Mode::Lenient] {
            let options = LoadOptions::strict().with_mode(mode);
            for h in [
                header.to_owned(),
                format!("\u{FEFF}{header}"),
                format!("\n{header}"),
                "id,quantity,source,bogus".to_owned(),
                "id,id,quantity".to_owned(),
            ] {
                for body in bodies {
                    let text = format!("{h}\n{body}");
                    let plain = load(text.as_bytes(), &options);
                    let reader = load_quoted(text.as_bytes(), &options, Scan::of(text.as_bytes()));
                    assert_eq!(format!("{plain:?}"), format!("{reader:?}"), "{text:?}");
                }
            }
        }
    }
}
