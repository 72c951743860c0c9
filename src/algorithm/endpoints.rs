//! The shared sorted endpoint array: every sweep of this module runs over it.
//!
//! Each counted claim contributes two records, its start and its end, packed into one `u128`
//! whose integer order is the sweep order:
//!
//! ```text
//! bits 127..64  the value, as an order-preserving u64 (−∞ and +∞ included)
//! bits  63..35  zero
//! bits  34..33  the side: 0 for v⁻, 1 for v, 2 for v⁺ (see `Edge`)
//! bit       32  0 for a start, 1 for an end: at equal keys starts come first
//! bits  31..0   the claim's index in the evidence
//! ```
//!
//! so sorting plain integers gives exactly the order of [`Edge`] keys, starts before ends at
//! equal keys, and a deterministic order (by claim index) among identical records. Sorting
//! integers is much faster than comparing enums, and the array is built and sorted once per
//! [`Evidence`] and shared by union, agreement, weighted agreement, NTP selection and
//! Brooks–Iyengar (sort once, answer many).

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
    records: Vec<u128>,
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
    fn decode(record: u128) -> Event {
        let low = record as u64;
        let tag = (low >> 32) as u8;
        Event {
            value: (record >> 64) as u64,
            side: tag >> 1,
            start: tag & 1 == 0,
            claim: low as u32,
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
fn record(edge: Edge, end: bool, claim: u32) -> u128 {
    let (value, side) = edge_code(edge);
    let tag = (u64::from(side) << 1) | u64::from(end);
    (u128::from(value) << 64) | u128::from((tag << 32) | u64::from(claim))
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
        self.records.iter().map(|&r| Event::decode(r))
    }
}

/// Sorts the records: an LSD radix sort on the bytes that differ, or the standard sort for
/// small inputs (where the radix passes cost more than they save).
fn sort(records: &mut Vec<u128>) {
    const RADIX_FROM: usize = 1 << 12;
    if records.len() < RADIX_FROM {
        records.sort_unstable();
        return;
    }
    radix_sort(records);
}

/// LSD radix sort by bytes, skipping every byte position at which all records agree (most
/// of the 16 bytes: the padding, the high bytes of the claim index, often the exponent).
fn radix_sort(records: &mut Vec<u128>) {
    let first = records.first().copied().unwrap_or(0);
    let differ = records.iter().fold(0u128, |acc, &r| acc | (r ^ first));
    let mut scratch = vec![0u128; records.len()];
    let mut counts = [0usize; 256];
    for byte in 0..16u32 {
        let shift = byte * 8;
        if (differ >> shift) & 0xff == 0 {
            continue;
        }
        counts.fill(0);
        for &r in records.iter() {
            let digit = ((r >> shift) & 0xff) as usize;
            if let Some(c) = counts.get_mut(digit) {
                *c += 1;
            }
        }
        let mut total = 0;
        for c in counts.iter_mut() {
            let n = *c;
            *c = total;
            total += n;
        }
        for &r in records.iter() {
            let digit = ((r >> shift) & 0xff) as usize;
            if let Some(c) = counts.get_mut(digit) {
                if let Some(slot) = scratch.get_mut(*c) {
                    *slot = r;
                }
                *c += 1;
            }
        }
        std::mem::swap(records, &mut scratch);
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
    fn radix_sort_matches_the_standard_sort() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut records: Vec<u128> = (0..10_000)
            .map(|i| {
                let v = (next() % 1000) as f64 - 500.0;
                record(
                    Edge::At(crate::Finite::new(v).unwrap(), (next() % 3) as i8 - 1),
                    next() % 2 == 0,
                    i,
                )
            })
            .collect();
        let mut expected = records.clone();
        expected.sort_unstable();
        radix_sort(&mut records);
        assert_eq!(records, expected);
    }
}
