//! One claim record as read from a file (fields decoded, not yet validated) and its
//! conversion to a [`Claim`], collecting every problem of the record.

use std::borrow::Cow;
use std::sync::Arc;

use crate::claim::{Claim, ClaimKind, Details, Provenance};
use crate::confidence::{AnalyticConfidence, Confidence};
use crate::date::{ClaimDate, Period};
use crate::error::Error;
use crate::estimate::{Estimate, Hedge};
use crate::interval::Interval;
use crate::io::LoadOptions;
use crate::io::finish::FastMap;
use crate::quantity::Quantity;
use crate::shared_str::SharedStr;
use crate::source::Source;

/// The problems of one record: (field, message), located once the id is known.
pub(crate) type FieldErrors = Vec<(Cow<'static, str>, String)>;

/// Adds a problem of `field` to `errors`.
pub(crate) fn push(errors: &mut FieldErrors, field: &'static str, message: String) {
    errors.push((Cow::Borrowed(field), message));
}

/// An estimate as written: hedged text, or structured numbers (already checked finite).
#[derive(Debug, Default)]
pub(crate) struct Parts<'a> {
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub low_open: bool,
    pub high_open: bool,
    pub best: Option<f64>,
    pub level: Option<f64>,
    pub hedge: Option<Hedge>,
    pub text: Option<Cow<'a, str>>,
}

/// The estimate field.
#[derive(Debug)]
pub(crate) enum RawEstimate<'a> {
    Text(Cow<'a, str>),
    Parts(Parts<'a>),
}

/// The confidence field.
#[derive(Debug)]
pub(crate) enum RawConfidence<'a> {
    Number(f64),
    Text(Cow<'a, str>),
    Range(f64, f64),
}

/// One claim record with its fields decoded from the file's syntax.
#[derive(Debug, Default)]
pub(crate) struct RawClaim<'a> {
    pub id: Option<Cow<'a, str>>,
    pub quantity: Option<Cow<'a, str>>,
    pub source: Option<Cow<'a, str>>,
    pub estimate: Option<RawEstimate<'a>>,
    pub stated: Option<Cow<'a, str>>,
    pub as_of: Option<Cow<'a, str>>,
    pub confidence: Option<RawConfidence<'a>>,
    pub analytic_confidence: Option<AnalyticConfidence>,
    pub kind: Option<ClaimKind>,
    pub group: Option<Cow<'a, str>>,
    pub via: Option<Cow<'a, str>>,
    pub url: Option<Cow<'a, str>>,
    pub quote: Option<Cow<'a, str>>,
    pub note: Option<Cow<'a, str>>,
    pub restates: Option<Cow<'a, str>>,
    pub supersedes: Option<Cow<'a, str>>,
}

/// At most this many characters of file text are quoted in a message.
const QUOTE_CHARS: usize = 60;

/// `text` quoted for a message, shortened when long (a 1 MB phrase is not copied into errors).
pub(crate) fn quoted(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        None => format!("{text:?}"),
        Some((cut, _)) => {
            let head = text.get(..cut).unwrap_or("");
            format!("{head:?}… ({} bytes)", text.len())
        }
    }
}

/// Checks a number read from a file, naming it as written: `1e400` overflows to infinity.
pub(crate) fn finite_number(written: &str) -> Result<f64, String> {
    // A whole number of at most 15 digits (most numbers in claim files) is exact in a float,
    // so reading it as an integer gives the value `f64::from_str` would, faster.
    if (1..=15).contains(&written.len()) && written.bytes().all(|b| b.is_ascii_digit()) {
        let n = written
            .bytes()
            .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
        return Ok(n as f64);
    }
    match written.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(v) if v.is_nan() => Err(format!("{} is not a number", quoted(written))),
        Ok(_) if written.to_ascii_lowercase().contains("inf") => Err(format!(
            "{} is infinite: a finite number is needed",
            quoted(written)
        )),
        Ok(_) => Err(format!(
            "{} is not a finite number (it overflows to infinity)",
            quoted(written)
        )),
        Err(_) => Err(format!("expected a number, found {}", quoted(written))),
    }
}

/// The sources and quantities of one load: declared ones, and one shared value per
/// undeclared id, so that a million claims share a handful of `Arc`s.
pub(crate) struct Catalog {
    /// Each source, whether it was declared, and its group when short (see [`IdMap`]).
    sources: IdMap<SourceEntry>,
    quantities: IdMap<Arc<Quantity>>,
    source_order: Vec<Arc<Source>>,
    quantity_order: Vec<Arc<Quantity>>,
    /// Declared ids whose declaration was invalid (listed as problems of their own).
    invalid: std::collections::HashSet<(bool, String)>,
    /// The quantity of the last record: consecutive records nearly always share it, and
    /// then its id is not hashed. (Sources vary more; see [`Catalog::warm_sources`].)
    last_quantity: Option<Arc<Quantity>>,
    /// The last date, period and confidence read: files repeat them row after row.
    pub dates: Memo<ClaimDate>,
    pub periods: Memo<Period>,
    pub confidences: Memo<Confidence>,
}

/// At most this many sources are warmed at once by [`Catalog::warm_sources`].
pub(crate) const WARM: usize = 128;

/// A source, whether it was declared, and its group when short.
type SourceEntry = (Arc<Source>, bool, Option<Inline>);

/// A short id as a map key, its bytes and length in place: see [`IdMap`].
type Inline = [u8; 24];

/// `text` as an [`Inline`] key, if it has at most 23 bytes.
fn inline(text: &str) -> Option<Inline> {
    let bytes = text.as_bytes();
    let mut key = [0u8; 24];
    key.get_mut(..bytes.len())
        .filter(|_| bytes.len() < 24)?
        .copy_from_slice(bytes);
    if let Some(last) = key.last_mut() {
        // The length tells "a" from "a\0".
        *last = bytes.len() as u8;
    }
    Some(key)
}

/// A map by source or quantity id. A file may name a few hundred thousand sources, each
/// looked up at random, so each look-up is a cache miss or two; the map is built so that
/// [`Catalog::warm_sources`] can overlap those of many look-ups. With `String` keys each
/// look-up would follow a pointer from the table to the key's bytes, a miss of its own, so
/// short ids (nearly all) are kept inline in `entries`, found through `slots`, a table of
/// our own (open addressing, linear probing) whose slot for a key is known from its hash
/// alone: a batch of look-ups can first load all their slots, then all their entries, each
/// step's loads independent of one another, where a standard map's probe is one chain.
struct IdMap<V> {
    /// `0` for an empty slot, else the entry's hash tag (high byte) and index + 1 (low
    /// [`INDEX_BITS`] bits): four bytes, so that the table of a few hundred thousand
    /// sources mostly stays in cache. At most half full, so that a probe ends soon.
    slots: Vec<u32>,
    /// The short ids and their values, in order of insertion.
    entries: Pages<Entry<V>>,
    long: FastMap<String, V>,
}

impl<V> Default for IdMap<V> {
    fn default() -> Self {
        IdMap {
            slots: Vec::new(),
            entries: Pages::default(),
            long: FastMap::default(),
        }
    }
}

/// A list that grows by pages of [`PAGE`] items instead of by doubling. At a few hundred
/// thousand sources, 64 bytes each, a doubling list's last step would copy 16 MB into a new
/// block of 32 MB: 48 MB at once, and a block that size is a fresh mapping of its own,
/// where a page (64 kB of entries) comes from memory the heap already holds.
struct Pages<T> {
    pages: Vec<Vec<T>>,
    len: usize,
}

/// The items of one page of [`Pages`].
const PAGE: usize = 1024;

impl<T> Default for Pages<T> {
    fn default() -> Self {
        Pages {
            pages: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Pages<T> {
    fn len(&self) -> usize {
        self.len
    }

    fn get(&self, index: usize) -> Option<&T> {
        self.pages.get(index / PAGE)?.get(index % PAGE)
    }

    fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        self.pages.get_mut(index / PAGE)?.get_mut(index % PAGE)
    }

    fn push(&mut self, item: T) {
        if self.len.is_multiple_of(PAGE) {
            self.pages.push(Vec::with_capacity(PAGE));
        }
        if let Some(page) = self.pages.last_mut() {
            page.push(item);
            self.len += 1;
        }
    }

    fn iter(&self) -> impl Iterator<Item = &T> {
        self.pages.iter().flatten()
    }
}

/// A short id and its value, as `IdMap` keeps them: aligned so that a source's entry (64
/// bytes) fills one cache line. Unaligned, most entries straddled two lines, and a look-up
/// that [`Catalog::warm_sources`] had warmed by reading the id and the source still missed
/// on the group kept inline at the entry's end (about 4 % of a CSV load).
#[repr(align(64))]
struct Entry<V>(Inline, V);

/// The hash of an inline key.
fn key_hash(key: &Inline) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::hash::FastHasher::default();
    h.write(key);
    h.finish()
}

/// The bits of a slot that hold an entry's index + 1; the rest hold its tag.
const INDEX_BITS: u32 = 24;

/// The index bits of a slot.
const INDEX_MASK: u32 = (1 << INDEX_BITS) - 1;

/// The tag of a hash, as kept in a slot (the top bits, not used to pick the slot), shifted
/// into place.
fn tag(hash: u64) -> u32 {
    ((hash >> 56) as u32) << INDEX_BITS
}

impl<V> IdMap<V> {
    /// The slot where the probe for `hash` starts (any slot when the table is empty).
    fn home(&self, hash: u64) -> usize {
        // The table's length is a power of two.
        (hash as usize) & self.slots.len().wrapping_sub(1)
    }

    /// The index in `entries` of `key`, whose hash is `hash`.
    fn find(&self, key: &Inline, hash: u64) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = self.home(hash);
        loop {
            let slot = *self.slots.get(i)?;
            if slot == 0 {
                return None;
            }
            if slot & !INDEX_MASK == tag(hash) {
                let index = (slot & INDEX_MASK) as usize - 1;
                if self.entries.get(index).is_some_and(|Entry(k, _)| k == key) {
                    return Some(index);
                }
            }
            i = (i + 1) & mask;
        }
    }

    fn get(&self, id: &str) -> Option<&V> {
        match inline(id) {
            Some(key) => {
                let index = self.find(&key, key_hash(&key))?;
                self.entries.get(index).map(|Entry(_, v)| v)
            }
            None => self.long.get(id),
        }
    }

    fn insert(&mut self, id: &str, value: V) {
        let Some(key) = inline(id) else {
            self.long.insert(id.to_owned(), value);
            return;
        };
        let hash = key_hash(&key);
        if let Some(index) = self.find(&key, hash) {
            if let Some(entry) = self.entries.get_mut(index) {
                entry.1 = value;
            }
            return;
        }
        // An index must fit its bits of a slot (with room for the + 1); past 16 million
        // distinct ids, the rest go to the map of long ones.
        if self.entries.len() >= INDEX_MASK as usize - 1 {
            self.long.insert(id.to_owned(), value);
            return;
        }
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        self.entries.push(Entry(key, value));
        self.place(hash, self.entries.len());
    }

    /// Puts `index_plus_one` in the first empty slot of `hash`'s probe.
    fn place(&mut self, hash: u64, index_plus_one: usize) {
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = self.home(hash);
        while let Some(slot) = self.slots.get_mut(i) {
            if *slot == 0 {
                *slot = tag(hash) | index_plus_one as u32;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// Doubles the table and places every entry again.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        self.slots = vec![0; size];
        let hashes: Vec<u64> = self.entries.iter().map(|Entry(k, _)| key_hash(k)).collect();
        for (i, hash) in hashes.into_iter().enumerate() {
            self.place(hash, i + 1);
        }
    }
}

/// The last text read for a field and its value, so that a column of repeated dates is
/// parsed once.
pub(crate) struct Memo<T> {
    /// The text of `value`; its buffer is reused from one text to the next.
    text: String,
    value: Option<T>,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo {
            text: String::new(),
            value: None,
        }
    }
}

impl<T: Clone> Memo<T> {
    /// The value of `text`, from the last call when the text is the same.
    pub fn get<E>(&mut self, text: &str, read: impl FnOnce(&str) -> Result<T, E>) -> Result<T, E> {
        if let Some(value) = &self.value
            && self.text == text
        {
            return Ok(value.clone());
        }
        let value = read(text)?;
        self.text.clear();
        self.text.push_str(text);
        self.value = Some(value.clone());
        Ok(value)
    }

    /// A date or period read from `text`: a `YYYY-MM-DD` day (ten bytes) directly, as that
    /// is faster than the memo's comparison and copy; other texts through the memo.
    pub fn parse(&mut self, text: &str) -> Result<T, T::Err>
    where
        T: std::str::FromStr,
    {
        if text.len() == DAY_LEN {
            text.parse()
        } else {
            self.get(text, str::parse)
        }
    }
}

impl Catalog {
    /// A catalog of the sources and quantities declared in `options`.
    pub fn new(options: &LoadOptions) -> Self {
        let mut catalog = Catalog {
            sources: IdMap::default(),
            quantities: IdMap::default(),
            source_order: Vec::new(),
            quantity_order: Vec::new(),
            invalid: std::collections::HashSet::new(),
            last_quantity: None,
            dates: Memo::default(),
            periods: Memo::default(),
            confidences: Memo::default(),
        };
        for s in &options.sources {
            // Declarations in options are trusted values; a repeated id keeps the first.
            let _ = catalog.declare_source(s.clone());
        }
        for q in &options.quantities {
            let _ = catalog.declare_quantity(q.clone());
        }
        catalog
    }

    /// Records a declaration that was invalid, so that claims naming it say so.
    pub fn declared_invalid(&mut self, is_source: bool, id: String) {
        self.invalid.insert((is_source, id));
    }

    /// The error for a reference to an id whose declaration was invalid: such a claim
    /// cannot take the defaults, which would silently stand in for what was meant.
    fn declared_invalid_error(&self, is_source: bool, id: &str) -> Option<String> {
        let what = if is_source { "source" } else { "quantity" };
        self.invalid.contains(&(is_source, id.to_owned())).then(|| {
            format!(
                "{what} {} is declared, but its declaration is invalid",
                quoted(id)
            )
        })
    }

    /// Declares a source; an id declared twice differently is an error message.
    pub fn declare_source(&mut self, source: Arc<Source>) -> Result<(), String> {
        if let Some((seen, _, _)) = self.sources.get(source.id()) {
            return if seen == &source {
                Ok(())
            } else {
                Err(format!(
                    "source {} is declared twice, differently",
                    quoted(source.id())
                ))
            };
        }
        let group = inline(source.group());
        self.sources
            .insert(source.id(), (source.clone(), true, group));
        self.source_order.push(source);
        Ok(())
    }

    /// Declares a quantity; an id declared twice differently is an error message.
    pub fn declare_quantity(&mut self, quantity: Arc<Quantity>) -> Result<(), String> {
        if let Some(seen) = self.quantities.get(quantity.id()) {
            return if seen == &quantity {
                Ok(())
            } else {
                Err(format!(
                    "quantity {} is declared twice, differently",
                    quoted(quantity.id())
                ))
            };
        }
        self.quantities.insert(quantity.id(), quantity.clone());
        self.quantity_order.push(quantity);
        Ok(())
    }

    fn quantity(&mut self, id: &str) -> Result<Arc<Quantity>, String> {
        if let Some(q) = &self.last_quantity
            && q.id() == id
        {
            return Ok(q.clone());
        }
        if let Some(q) = self.quantities.get(id) {
            let q = q.clone();
            self.last_quantity = Some(q.clone());
            return Ok(q);
        }
        // An undeclared quantity is a level over non-negative counts, whether or not the
        // file declares others (issue 2).
        if let Some(e) = self.declared_invalid_error(false, id) {
            return Err(e);
        }
        let q = Arc::new(Quantity::undeclared(id).map_err(|e| e.to_string())?);
        self.last_quantity = Some(q.clone());
        self.quantities.insert(id, q.clone());
        self.quantity_order.push(q.clone());
        Ok(q)
    }

    /// Reads the map entries of the sources `ids`, without using them: the loader calls this
    /// for a batch of records before reading them, so that the cache misses of a few hundred
    /// thousand sources looked up at random overlap instead of stalling each record in turn.
    /// The table slots are read first, all of them, then the sources' reference counts (each
    /// such chain of misses would otherwise be waited for in turn). Only plain loads happen
    /// here: an `Arc` clone is a locked instruction, which would serialise them. Returns a
    /// value made of the loads, to be kept from the optimiser.
    pub fn warm_sources<'s>(&self, ids: impl Iterator<Item = &'s str>) -> usize {
        // Three steps, each a short loop of loads independent of one another: the slots
        // where the probes start, then the entries they lead to, then the sources' counts.
        // The keys and hashes are made first, in a loop of their own: between the loads,
        // their instructions would fill the processor's window and keep all but a few of the
        // slot loads from being in flight at once.
        let mut keys: [(Inline, u64); WARM] = [([0; 24], 0); WARM];
        let mut n = 0;
        for k in ids.filter_map(inline) {
            let Some(key) = keys.get_mut(n) else { break };
            *key = (k, key_hash(&k));
            n += 1;
        }
        let keys = keys.get(..n).unwrap_or_default();
        let slots = &self.sources.slots;
        let sum = keys.iter().fold(0u32, |sum, (_, hash)| {
            sum.wrapping_add(slots.get(self.sources.home(*hash)).copied().unwrap_or(0))
        });
        let mut found: [Option<&Arc<Source>>; WARM] = [None; WARM];
        for (slot, (key, hash)) in found.iter_mut().zip(keys) {
            *slot = self
                .sources
                .find(key, *hash)
                .and_then(|i| self.sources.entries.get(i))
                .map(|Entry(_, (s, _, _))| s);
        }
        found.iter().flatten().fold(sum as usize, |sum, s| {
            sum.wrapping_add(Arc::strong_count(s))
        })
    }

    fn source(&mut self, id: &str, group: Option<&str>) -> Result<Arc<Source>, String> {
        if let Some((s, declared, inline_group)) = self.sources.get(id) {
            // The group inline in the map saves following two pointers to the source's.
            let same_group = |g: &str| match (inline_group, inline(g)) {
                (Some(a), Some(b)) => *a == b,
                _ => g == s.group(),
            };
            return match group {
                Some(g) if !same_group(g) => Err(if *declared {
                    format!(
                        "group {} differs from the group {} declared for source {}",
                        quoted(g),
                        quoted(s.group()),
                        quoted(id)
                    )
                } else {
                    format!(
                        "group {} differs from the group {} that an earlier record gave source {} \
                         (give the group on the first record that names a source, or on all)",
                        quoted(g),
                        quoted(s.group()),
                        quoted(id)
                    )
                }),
                _ => Ok(s.clone()),
            };
        }
        // An undeclared source is its own independence group (unless `group` says otherwise),
        // whether or not the file declares others (issue 2).
        if let Some(e) = self.declared_invalid_error(true, id) {
            return Err(e);
        }
        let s = if plain_identifier(id) && group.is_none_or(plain_identifier) {
            Source::undeclared_checked(id, group).map_err(|e| e.to_string())?
        } else {
            // The checks again, with their messages.
            let mut s = Source::undeclared(id).map_err(|e| e.to_string())?;
            if let Some(g) = group {
                s = s.with_group(g).map_err(|e| format!("group: {e}"))?;
            }
            s
        };
        let s = Arc::new(s);
        self.sources
            .insert(id, (s.clone(), false, inline(s.group())));
        self.source_order.push(s.clone());
        Ok(s)
    }

    /// The sources and quantities, declared first, then in order of first use.
    pub fn into_lists(self) -> (Vec<Arc<Source>>, Vec<Arc<Quantity>>) {
        (self.source_order, self.quantity_order)
    }
}

/// Converts `raw` to a claim, or adds every problem of the record to `errors`.
pub(crate) fn build_claim(
    raw: RawClaim<'_>,
    catalog: &mut Catalog,
    options: &LoadOptions,
    errors: &mut FieldErrors,
) -> Option<Claim> {
    let missing = |errors: &mut FieldErrors, field: &'static str, message: &str| {
        let prefix = format!("{field}.");
        // The estimate's parts have their own fields (and CSV columns).
        let parts = [
            "low",
            "high",
            "best",
            "level",
            "low_open",
            "high_open",
            "hedge",
        ];
        if !errors.iter().any(|(f, _)| {
            f == field
                || f.starts_with(&prefix)
                || (field == "estimate" && parts.contains(&f.as_ref()))
        }) {
            push(errors, field, message.to_owned());
        }
    };
    let id = match raw.id {
        None => {
            missing(errors, "id", "missing: every claim needs an id");
            None
        }
        // The allocation-free test of the common case; the full check (and its message)
        // only when it fails.
        Some(id) if plain_identifier(&id) => Some(id),
        Some(id) => {
            if let Err(e) = crate::source::identifier(id.into_owned()) {
                push(errors, "id", e.to_string());
            }
            None
        }
    };
    let quantity = match raw.quantity.as_deref() {
        None => {
            missing(errors, "quantity", "missing");
            None
        }
        Some(q) => catalog
            .quantity(q)
            .map_err(|m| push(errors, "quantity", m))
            .ok(),
    };
    let source = match raw.source.as_deref() {
        None => {
            missing(errors, "source", "missing");
            None
        }
        Some(s) => catalog
            .source(s, raw.group.as_deref())
            .map_err(|m| push(errors, "source", m))
            .ok(),
    };
    let estimate = match (raw.estimate, &quantity) {
        (None, _) => {
            missing(errors, "estimate", "missing");
            None
        }
        (Some(e), Some(q)) => estimate(e, q, options, errors),
        // Without a quantity there is no domain to read the estimate against; the quantity
        // problem is already listed, but the numbers are still checked.
        (Some(e), None) => {
            if let RawEstimate::Parts(p) = e {
                let _ = parts(p, errors);
            }
            None
        }
    };
    let stated = raw.stated.and_then(|d| {
        catalog
            .dates
            .parse(&d)
            .map_err(|e| push(errors, "stated", e.to_string()))
            .ok()
    });
    let as_of = raw.as_of.and_then(|d| {
        catalog
            .periods
            .parse(&d)
            .map_err(|e| push(errors, "as_of", e.to_string()))
            .ok()
    });
    let confidence = raw.confidence.and_then(|c| {
        match c {
            RawConfidence::Number(p) => Confidence::probability(p),
            RawConfidence::Text(t) => catalog.confidences.get(&t, |t| t.parse::<Confidence>()),
            RawConfidence::Range(low, high) => Confidence::range(low, high),
        }
        .map_err(|e| push(errors, "confidence", e.to_string()))
        .ok()
    });
    let restates = reference(raw.restates, "restates", errors);
    let supersedes = reference(raw.supersedes, "supersedes", errors);

    let (Some(id), Some(quantity), Some(source), Some(estimate)) = (id, quantity, source, estimate)
    else {
        return None;
    };
    if !errors.is_empty() {
        return None;
    }
    let details = Details {
        stated,
        as_of,
        confidence,
        analytic_confidence: raw.analytic_confidence,
        kind: raw.kind.unwrap_or_default(),
        provenance: Provenance {
            quote: raw.quote.map(Cow::into_owned),
            url: raw.url.map(Cow::into_owned),
            via: raw.via.map(Cow::into_owned),
            note: raw.note.map(Cow::into_owned),
        },
        restates,
        supersedes,
    };
    // `id` passed `plain_identifier` above.
    match Claim::with_checked_id(
        SharedStr::from(id.as_ref()),
        quantity,
        source,
        estimate,
        details,
    ) {
        Ok(c) => Some(c),
        Err(e) => {
            push_error(e, errors);
            None
        }
    }
}

/// The length of a `YYYY-MM-DD` date.
const DAY_LEN: usize = 10;

fn reference(
    value: Option<Cow<'_, str>>,
    field: &'static str,
    errors: &mut FieldErrors,
) -> Option<String> {
    let value = value?;
    crate::source::identifier(value.into_owned())
        .map_err(|e| push(errors, field, e.to_string()))
        .ok()
}

/// Whether `id` passes [`identifier`](crate::source::identifier) (non-empty, no surrounding
/// white space, no control characters), without allocating.
fn plain_identifier(id: &str) -> bool {
    !id.is_empty() && id.trim() == id && !id.chars().any(char::is_control)
}

fn push_error(error: Error, errors: &mut FieldErrors) {
    match error {
        Error::Invalid(problems) => {
            for p in problems.0 {
                let field = p.field.unwrap_or_else(|| "estimate".to_owned());
                errors.push((Cow::Owned(field), p.message));
            }
        }
        other => push(errors, "estimate", other.to_string()),
    }
}

/// The interval of structured parts, before the domain applies.
fn parts(p: Parts<'_>, errors: &mut FieldErrors) -> Option<Estimate> {
    let interval = match Interval::from_parts(p.low, p.low_open, p.high, p.high_open) {
        Ok(i) => i,
        Err(e) => {
            push(errors, "estimate", e.to_string());
            return None;
        }
    };
    let mut e = Estimate::new(interval).with_hedge(p.hedge.unwrap_or_default());
    if let Some(best) = p.best {
        match e.with_best(best) {
            Ok(with) => e = with,
            Err(err) => {
                push(errors, "estimate.best", err.to_string());
                return None;
            }
        }
    }
    if let Some(level) = p.level {
        match e.with_level(level) {
            Ok(with) => e = with,
            Err(err) => {
                push(errors, "estimate.level", err.to_string());
                return None;
            }
        }
    }
    if let Some(text) = p.text {
        e = e.with_text(text.into_owned());
    }
    Some(e)
}

fn estimate(
    raw: RawEstimate<'_>,
    quantity: &Quantity,
    options: &LoadOptions,
    errors: &mut FieldErrors,
) -> Option<Estimate> {
    let e = match raw {
        RawEstimate::Text(text) => match options.lexicon.parse(&text, quantity) {
            Ok(e) => e,
            Err(err) => {
                push(
                    errors,
                    "estimate",
                    format!(
                        "cannot read {}: unexpected {} at byte {}, expected {}",
                        quoted(&text),
                        quoted(&err.token),
                        err.offset,
                        err.expected
                    ),
                );
                return None;
            }
        },
        RawEstimate::Parts(p) => parts(p, errors)?,
    };
    // The domain is applied here (again in `Claim::new`, harmlessly) to name the field.
    let domain = quantity.domain();
    // An end outside the domain says so, rather than leaving an empty interval once the
    // domain fills the other side ("at most -1" for a count).
    let ends = [e.interval().low_value(), e.interval().high_value()];
    if let Some(v) = ends
        .into_iter()
        .flatten()
        .find(|v| !domain.interval().contains(*v))
    {
        push(
            errors,
            "estimate",
            format!(
                "value {v} is outside the domain {domain} (quantity {})",
                quoted(quantity.id())
            ),
        );
        return None;
    }
    match domain.apply(e.interval()) {
        Ok(_) => match e.best() {
            Some(best) if !domain.interval().contains(best) => {
                push(
                    errors,
                    "estimate.best",
                    format!(
                        "best value {best} is outside the domain {domain} (quantity {})",
                        quoted(quantity.id())
                    ),
                );
                None
            }
            _ => Some(e),
        },
        Err(err) => {
            push(
                errors,
                "estimate",
                format!("{err} (quantity {})", quoted(quantity.id())),
            );
            None
        }
    }
}

/// Reads a word of a snake-case enum (`"statement"`, `"government"`), naming the accepted ones.
pub(crate) fn word<'de, T: serde::Deserialize<'de>>(text: &'de str) -> Result<T, String> {
    let de = serde::de::value::BorrowedStrDeserializer::<serde::de::value::Error>::new(text);
    T::deserialize(de).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    proptest! {
        /// The id map answers as a standard map does: ids short and long (past the 23 bytes
        /// kept inline), with repeats that overwrite, across several doublings of the table.
        #[test]
        fn id_map_matches_a_hash_map(
            ops in prop::collection::vec(("[ab]{0,3}(x{0,25})?", 0u32..1000, prop::bool::ANY), 0..400),
        ) {
            let mut ours: IdMap<u32> = IdMap::default();
            let mut reference: HashMap<String, u32> = HashMap::new();
            for (id, value, insert) in &ops {
                if *insert {
                    ours.insert(id, *value);
                    reference.insert(id.clone(), *value);
                }
                prop_assert_eq!(ours.get(id), reference.get(id));
            }
            for (id, _, _) in &ops {
                prop_assert_eq!(ours.get(id), reference.get(id));
                let other = format!("{id}?");
                prop_assert_eq!(ours.get(&other), reference.get(&other));
            }
        }
    }

    /// Past one page of entries (the proptest above stays within one): every id is found
    /// with its value, before and after it is overwritten.
    #[test]
    fn id_map_spans_pages() {
        let n = 3 * PAGE + 5;
        let mut map: IdMap<usize> = IdMap::default();
        for i in 0..n {
            map.insert(&format!("s{i}"), i);
        }
        assert_eq!(map.entries.len(), n);
        assert!((0..n).all(|i| map.get(&format!("s{i}")) == Some(&i)));
        for i in (0..n).step_by(7) {
            map.insert(&format!("s{i}"), i + n);
        }
        assert_eq!(map.entries.len(), n);
        assert!((0..n).all(|i| {
            let value = if i % 7 == 0 { i + n } else { i };
            map.get(&format!("s{i}")) == Some(&value)
        }));
        assert_eq!(map.get(&format!("s{n}")), None);
    }

    #[test]
    fn pages_keep_their_items_in_order() {
        let mut pages: Pages<usize> = Pages::default();
        let n = 2 * PAGE + 1;
        for i in 0..n {
            pages.push(i);
        }
        assert_eq!((pages.len(), pages.pages.len()), (n, 3));
        assert!(pages.iter().copied().eq(0..n));
        assert!((0..n).all(|i| pages.get(i) == Some(&i)));
        assert_eq!(pages.get(n), None);
        if let Some(item) = pages.get_mut(PAGE) {
            *item = 0;
        }
        assert_eq!(pages.get(PAGE), Some(&0));
    }
}
