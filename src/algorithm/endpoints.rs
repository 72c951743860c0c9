//! The shared sorted endpoint array: every sweep of this module runs over it.
//!
//! Each counted claim contributes two compact records, its start and its end:
//!
//! ```text
//! key    u64  the value, as an order-preserving integer (−∞ and +∞ included)
//! claim  u32  the claim's index in the evidence
//! tag    u8   side·2 + end: side 0 for v⁻, 1 for v, 2 for v⁺ (see `Edge`); end 0 for a start
//! ```
//!
//! The array is sorted by `key` alone — one integer comparison, as cheap as sorting the
//! plain values — and then each run of equal keys is put in `tag` order, so that at one value
//! open ends (v⁻) come first, then closed starts, closed ends, and open starts (v⁺): exactly
//! the order of [`Edge`] keys with starts before ends at equal keys. The order of claims
//! within one (key, tag) does not matter to any sweep. (Packing everything into one `u128`
//! and sorting that costs about three times as much; an LSD radix sort of 16-byte records was
//! slower still on this machine, being bound by memory traffic.)
//!
//! The array is built and sorted once per [`Evidence`] and shared by union, agreement,
//! weighted agreement, NTP selection and Brooks–Iyengar (sort once, answer many).

use crate::algorithm::prepare::Evidence;
use crate::interval::{Edge, Interval};

/// The 2n ends of the counted claims of an [`Evidence`], sorted once.
///
/// [`Evidence::endpoints`] builds it on first use and keeps it; build one yourself with
/// [`Endpoints::new`] to time the sort or to run several algorithms on a fresh array.
///
/// ```
/// use sourced::{Endpoints, Evidence, Interval};
/// let evidence = Evidence::from_intervals(&[Interval::closed(1.0, 2.0)?, Interval::point(1.5)?]);
/// assert_eq!(Endpoints::new(&evidence).len(), 4);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Endpoints {
    records: Vec<Record>,
}

/// One end of one claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Record {
    key: u64,
    claim: u32,
    tag: u8,
}

/// One decoded record of the array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Event {
    /// The value as an order-preserving integer.
    pub value: u64,
    /// 0 for v⁻, 1 for v, 2 for v⁺.
    pub side: u8,
    /// Whether this is the start of the claim's interval.
    pub start: bool,
    /// The claim's index in the evidence.
    pub claim: u32,
}

impl Event {
    #[inline]
    fn decode(record: &Record) -> Event {
        Event {
            value: record.key,
            side: record.tag >> 1,
            start: record.tag & 1 == 0,
            claim: record.claim,
        }
    }

    /// The position key without the start/end flag and claim (equal for a start and an end
    /// at the same [`Edge`]).
    #[inline]
    pub fn position(self) -> (u64, u8) {
        (self.value, self.side)
    }
}

/// An order-preserving map from `f64` to `u64` (IEEE 754 total order; only finite values
/// and the two infinities occur here).
#[inline]
pub(crate) fn ordered_bits(value: f64) -> u64 {
    let bits = value.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// The inverse of [`ordered_bits`].
#[inline]
pub(crate) fn from_ordered_bits(key: u64) -> f64 {
    if key >> 63 == 1 {
        f64::from_bits(key & !(1 << 63))
    } else {
        f64::from_bits(!key)
    }
}

#[inline]
fn edge_code(edge: Edge) -> (u64, u8) {
    match edge {
        Edge::NegInfinity => (ordered_bits(f64::NEG_INFINITY), 1),
        Edge::At(v, side) => (ordered_bits(v.get()), (side.clamp(-1, 1) + 1) as u8),
        Edge::PosInfinity => (ordered_bits(f64::INFINITY), 1),
    }
}

#[inline]
fn record(edge: Edge, end: bool, claim: u32) -> Record {
    let (key, side) = edge_code(edge);
    Record {
        key,
        claim,
        tag: (side << 1) | u8::from(end),
    }
}

/// The sweep position of an [`Edge`], comparable with [`Event::position`].
#[inline]
pub(crate) fn position(edge: Edge) -> (u64, u8) {
    edge_code(edge)
}

impl Endpoints {
    /// Sorts the ends of the evidence's counted claims (see [`Evidence::counted`]).
    pub fn new(evidence: &Evidence<'_>) -> Endpoints {
        Endpoints::from_counted(
            evidence
                .claims()
                .iter()
                .enumerate()
                .filter(|(_, c)| c.is_counted())
                .map(|(i, c)| (i as u32, *c.interval())),
            evidence.counted(),
        )
    }

    pub(crate) fn from_counted(
        claims: impl Iterator<Item = (u32, Interval)>,
        capacity: usize,
    ) -> Endpoints {
        let mut records = Vec::with_capacity(capacity.saturating_mul(2));
        for (index, interval) in claims {
            records.push(record(interval.start(), false, index));
            records.push(record(interval.end(), true, index));
        }
        sort(&mut records);
        Endpoints { records }
    }

    /// How many ends (twice the number of counted claims).
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The records in sweep order.
    #[inline]
    pub(crate) fn events(&self) -> impl DoubleEndedIterator<Item = Event> + ExactSizeIterator + '_ {
        self.records.iter().map(Event::decode)
    }
}

/// Sorts by key, then puts each run of equal keys in tag order (see the module docs) with a
/// counting sort over the six tags: linear, where sorting each run again would cost as much
/// as the main sort when values repeat a lot.
fn sort(records: &mut [Record]) {
    records.sort_unstable_by_key(|r| r.key);
    let mut scratch: Vec<Record> = Vec::new();
    let mut rest = records;
    while let Some(first) = rest.first() {
        let key = first.key;
        let run = rest.iter().position(|r| r.key != key).unwrap_or(rest.len());
        let (head, tail) = rest.split_at_mut(run);
        if !head.is_sorted_by_key(|r| r.tag) {
            order_by_tag(head, &mut scratch);
        }
        rest = tail;
    }
}

/// A stable counting sort of one run by tag.
fn order_by_tag(run: &mut [Record], scratch: &mut Vec<Record>) {
    let mut starts = [0usize; 8];
    for r in run.iter() {
        if let Some(c) = starts.get_mut(usize::from(r.tag & 7) + 1) {
            *c += 1;
        }
    }
    for k in 1..starts.len() {
        let before = starts.get(k - 1).copied().unwrap_or(0);
        if let Some(c) = starts.get_mut(k) {
            *c += before;
        }
    }
    scratch.clear();
    scratch.extend_from_slice(run);
    for r in scratch.iter() {
        if let Some(slot) = starts.get_mut(usize::from(r.tag & 7)) {
            if let Some(target) = run.get_mut(*slot) {
                *target = *r;
            }
            *slot += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_bits_preserve_order_and_round_trip() {
        let xs = [
            f64::NEG_INFINITY,
            -1e308,
            -1.0,
            -f64::MIN_POSITIVE,
            0.0,
            f64::MIN_POSITIVE,
            1.0,
            1e308,
            f64::INFINITY,
        ];
        for w in xs.windows(2) {
            assert!(ordered_bits(w[0]) < ordered_bits(w[1]), "{w:?}");
        }
        for x in xs {
            assert_eq!(from_ordered_bits(ordered_bits(x)), x);
        }
    }

    #[test]
    fn records_sort_as_edges_with_starts_first() {
        let a = Interval::closed(1.0, 3.0).unwrap();
        let b = Interval::from_parts(Some(3.0), true, None, false).unwrap();
        let c = Interval::from_parts(Some(0.0), false, Some(3.0), true).unwrap();
        let d = Interval::closed(3.0, 4.0).unwrap();
        let e = Endpoints::from_counted([(0, a), (1, b), (2, c), (3, d)].into_iter(), 4);
        let order: Vec<(u32, bool)> = e.events().map(|ev| (ev.claim, ev.start)).collect();
        // 0 (c), 1 (a), 3⁻ (c ends), 3 (d starts, then a ends), 3⁺ (b), 4 (d), +∞ (b)
        assert_eq!(
            order,
            vec![
                (2, true),
                (0, true),
                (2, false),
                (3, true),
                (0, false),
                (1, true),
                (3, false),
                (1, false)
            ]
        );
    }

    #[test]
    fn sort_matches_a_full_comparison_sort() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut records: Vec<Record> = (0..10_000)
            .map(|i| {
                let v = (next() % 100) as f64 - 50.0;
                record(
                    Edge::At(crate::Finite::new(v).unwrap(), (next() % 3) as i8 - 1),
                    next() % 2 == 0,
                    i,
                )
            })
            .collect();
        let mut expected = records.clone();
        expected.sort_unstable_by_key(|r| (r.key, r.tag, r.claim));
        sort(&mut records);
        let strip = |v: &[Record]| v.iter().map(|r| (r.key, r.tag)).collect::<Vec<_>>();
        assert_eq!(strip(&records), strip(&expected));
    }
}
