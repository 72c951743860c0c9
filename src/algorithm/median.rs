//! The weighted median of the claims' values, by selection: O(n), no full sort.
//!
//! Each counted claim stands for one value: its **best value** when it states one and
//! preparation kept its interval as stated, else the **midpoint** of its (prepared) interval
//! when that is bounded. Claims with neither (a one-sided claim without a best value) have no
//! value and are counted in [`WeightedMedian::without_value`].
//!
//! **Weights** follow weighted agreement (confidence midpoint × source weight) with the
//! independence rule of the whole crate: an independent origin is not more evidence for
//! having made more claims, so an origin's claims share its weight — each claim's weight is
//! divided by the number of valued claims of its origin. When every weight is zero, every
//! origin counts equally. Weights are rounded once to integers (multiples of 2⁻³¹ of the
//! largest), so that sums are exact and the result does not depend on the input order.
//!
//! Each claim enters the selection as one 16-byte record — its value as an order-preserving
//! integer, and its integer weight packed with its position in the evidence — so that the
//! selection moves little memory and the claim that holds the median is known without
//! another pass over the claims.
//!
//! The median is the **lower weighted median**: the smallest value `m` such that the values
//! `≤ m` carry at least half the total weight. It is found by repeated selection at the
//! middle position (`select_nth_unstable`), keeping the half that holds the median: each step
//! halves the slice, so the whole search costs about two linear passes, where sorting would
//! cost O(n log n).
//!
//! References: T. H. Cormen et al., *Introduction to Algorithms* (3rd ed.), problem 9-2
//! (weighted median by selection); F. Y. Edgeworth (1887) for the weighted median itself.

use crate::algorithm::endpoints::{from_ordered_bits, ordered_bits};
use crate::algorithm::prepare::{Adjustment, ClaimId, Evidence, PreparedClaim};

/// Scale of the integer weights: 2³¹ (a weight and a claim index share one `u64`).
const WEIGHT_SCALE: f64 = 2_147_483_648.0;

/// The result of [`weighted_median`].
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct WeightedMedian {
    /// The lower weighted median of the claims' values.
    pub value: f64,
    /// The claim whose value it is (the first in input order when several share it).
    pub set_by: ClaimId,
    /// The share of the total weight on values strictly below the median, in [0, 1].
    pub below: f64,
    /// The share of the total weight on the median value itself.
    pub at: f64,
    /// The share of the total weight on values strictly above the median.
    pub above: f64,
    /// How many counted claims have a value (and took part).
    pub claims: usize,
    /// How many counted claims have no value (one-sided, without a best value).
    pub without_value: usize,
}

/// The value a prepared claim stands for: its best value when preparation kept its interval
/// as stated, else the midpoint of a bounded interval.
pub(crate) fn claim_value(claim: &PreparedClaim<'_>) -> Option<f64> {
    let best = claim
        .claim()
        .filter(|_| claim.adjustment() == Adjustment::None)
        .and_then(|c| c.estimate().best());
    best.or_else(|| claim.interval().midpoint())
        .filter(|v| v.is_finite())
}

/// The weighted median of the counted claims' values (see the module docs), `None` when no
/// counted claim has a value.
///
/// ```
/// use sourced::{weighted_median, Evidence, Interval};
/// // Midpoints 2, 4 and 10 with weights 1, 1 and 4: the value 10 carries two thirds.
/// let evidence = Evidence::from_weighted(&[
///     (Interval::closed(1.0, 3.0)?, 1.0),
///     (Interval::closed(3.0, 5.0)?, 1.0),
///     (Interval::closed(9.0, 11.0)?, 4.0),
/// ])?;
/// let median = weighted_median(&evidence).expect("three valued claims");
/// assert_eq!(median.value, 10.0);
/// assert_eq!(evidence.id(median.set_by), "#2");
/// assert!((median.at - 2.0 / 3.0).abs() < 1e-12);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn weighted_median(evidence: &Evidence<'_>) -> Option<WeightedMedian> {
    let (mut items, without_value) = weighted_values(evidence);
    let total: u128 = items.iter().map(|&(_, p)| weight_of(p)).sum();
    if total == 0 {
        return None;
    }
    let key = select_median(&mut items, total)?;
    // One more pass over the records: the first claim holding the value, and the weight on
    // each side.
    let (mut below, mut at) = (0u128, 0u128);
    let mut set_by = u32::MAX;
    for &(k, packed) in &items {
        if k < key {
            below += weight_of(packed);
        } else if k == key {
            at += weight_of(packed);
            set_by = set_by.min(packed as u32);
        }
    }
    let share = |part: u128| part as f64 / total as f64;
    Some(WeightedMedian {
        value: from_ordered_bits(key),
        set_by: ClaimId(set_by),
        below: share(below),
        at: share(at),
        above: share(total - below - at),
        claims: items.len(),
        without_value,
    })
}

/// The integer weight of a packed record (the high half).
#[inline]
fn weight_of(packed: u64) -> u128 {
    u128::from(packed >> 32)
}

/// The counted claims' values as order-preserving integer keys, each with its integer weight
/// (each origin's weight shared among its valued claims) and claim position packed in one
/// `u64`; and the number of counted claims without a value.
fn weighted_values(evidence: &Evidence<'_>) -> (Vec<(u64, u64)>, usize) {
    // One pass over the prepared claims (the large records) gathers everything; the rest
    // runs over the compact list.
    let mut per_origin = vec![0u32; evidence.origin_count()];
    let mut valued: Vec<Valued> = Vec::with_capacity(evidence.counted());
    let mut without_value = 0;
    for (i, c) in evidence
        .claims()
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_counted())
    {
        match claim_value(c) {
            Some(value) => {
                if let Some(n) = per_origin.get_mut(c.origin() as usize) {
                    *n += 1;
                }
                valued.push(Valued {
                    value,
                    claim: i as u32,
                    origin: c.origin(),
                    weight: c.weight(),
                });
            }
            None => without_value += 1,
        }
    }
    let members = |v: &Valued| {
        f64::from(
            per_origin
                .get(v.origin as usize)
                .copied()
                .unwrap_or(1)
                .max(1),
        )
    };
    let share = |v: &Valued| v.weight / members(v);
    let max = valued.iter().map(share).fold(0.0f64, f64::max);
    let items = valued
        .iter()
        .map(|v| {
            let w = if max > 0.0 {
                quantize(share(v), max)
            } else {
                // No weight anywhere: every origin counts equally.
                quantize(1.0 / members(v), 1.0)
            };
            (ordered_bits(v.value + 0.0), (w << 32) | u64::from(v.claim))
        })
        .collect();
    (items, without_value)
}

/// A counted claim with a value, as gathered for the median.
struct Valued {
    value: f64,
    claim: u32,
    origin: u32,
    weight: f64,
}

fn quantize(weight: f64, max: f64) -> u64 {
    // At most 2³¹: the weight fits the high half of a packed record.
    if weight > 0.0 {
        ((weight / max).min(1.0) * WEIGHT_SCALE).round() as u64
    } else {
        0
    }
}

/// The smallest key whose cumulative weight (keys `≤` it) is at least half of `total`, by
/// selection at the middle of a shrinking slice (see the module docs).
///
/// Invariant: `2·below < total ≤ 2·(below + weight of the slice)`, where `below` is the
/// weight of the items known to lie before the slice.
fn select_median(items: &mut [(u64, u64)], total: u128) -> Option<u64> {
    let mut slice = items;
    let mut below = 0u128;
    loop {
        if slice.len() <= 1 {
            return slice.first().map(|&(k, _)| k);
        }
        let middle = slice.len() / 2;
        let (left, pivot, right) = slice.select_nth_unstable_by_key(middle, |&(k, _)| k);
        let pivot = *pivot;
        let left_weight: u128 = left.iter().map(|&(_, p)| weight_of(p)).sum();
        if 2 * (below + left_weight) >= total {
            slice = left;
        } else if 2 * (below + left_weight + weight_of(pivot.1)) >= total {
            return Some(pivot.0);
        } else {
            below += left_weight + weight_of(pivot.1);
            slice = right;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interval::Interval;
    use proptest::prelude::*;

    /// The reference: sort by key, then walk the prefix sums.
    fn by_sorting(items: &[(u64, u64)]) -> Option<u64> {
        let total: u128 = items.iter().map(|&(_, p)| weight_of(p)).sum();
        if total == 0 {
            return None;
        }
        let mut sorted = items.to_vec();
        sorted.sort_unstable();
        let mut cumulative = 0u128;
        for (k, p) in sorted {
            cumulative += weight_of(p);
            if 2 * cumulative >= total {
                return Some(k);
            }
        }
        None
    }

    #[test]
    fn equal_weights_give_the_lower_median() {
        // Five values, equal weights: the third; four values: the second (lower median).
        let odd = Evidence::from_intervals(
            &[3.0, 1.0, 5.0, 2.0, 4.0].map(|v| Interval::point(v).unwrap()),
        );
        assert_eq!(weighted_median(&odd).unwrap().value, 3.0);
        let even =
            Evidence::from_intervals(&[4.0, 1.0, 3.0, 2.0].map(|v| Interval::point(v).unwrap()));
        let m = weighted_median(&even).unwrap();
        assert_eq!((m.value, m.below, m.at, m.above), (2.0, 0.25, 0.25, 0.5));
    }

    #[test]
    fn one_origin_of_many_claims_counts_once() {
        // Origin 0 says 1, 2 and 3; origins 1 and 2 say 10 and 11. By origin, 10 is the median
        // (origin 0 holds a third of the weight, split over its three claims).
        let at = |v: f64| Interval::point(v).unwrap();
        let evidence = Evidence::from_grouped(&[
            (at(1.0), 0),
            (at(2.0), 0),
            (at(3.0), 0),
            (at(10.0), 1),
            (at(11.0), 2),
        ]);
        let m = weighted_median(&evidence).unwrap();
        assert_eq!(m.value, 10.0);
        assert_eq!(m.set_by, ClaimId(3));
    }

    #[test]
    fn unbounded_claims_have_no_value_and_none_is_no_median() {
        let evidence = Evidence::from_intervals(&[
            Interval::at_least(5.0).unwrap(),
            Interval::closed(1.0, 3.0).unwrap(),
        ]);
        let m = weighted_median(&evidence).unwrap();
        assert_eq!((m.value, m.claims, m.without_value), (2.0, 1, 1));
        let none = Evidence::from_intervals(&[Interval::everything()]);
        assert_eq!(weighted_median(&none), None);
        assert_eq!(weighted_median(&Evidence::from_intervals(&[])), None);
    }

    #[test]
    fn zero_weights_count_equally() {
        let evidence = Evidence::from_weighted(&[
            (Interval::point(1.0).unwrap(), 0.0),
            (Interval::point(2.0).unwrap(), 0.0),
            (Interval::point(3.0).unwrap(), 0.0),
        ])
        .unwrap();
        assert_eq!(weighted_median(&evidence).unwrap().value, 2.0);
    }

    #[test]
    fn extreme_values_do_not_overflow() {
        let evidence = Evidence::from_intervals(&[
            Interval::closed(f64::MAX / 2.0, f64::MAX).unwrap(),
            Interval::point(-f64::MAX).unwrap(),
            Interval::point(0.0).unwrap(),
        ]);
        assert_eq!(weighted_median(&evidence).unwrap().value, 0.0);
    }

    proptest! {
        #[test]
        fn selection_matches_sorting(
            raw in prop::collection::vec((0u64..50, 0u64..1000), 0..300),
        ) {
            let items: Vec<(u64, u64)> = raw
                .iter()
                .enumerate()
                .map(|(i, &(k, w))| (k, (w << 32) | i as u64))
                .collect();
            let mut work = items.clone();
            let total: u128 = items.iter().map(|&(_, p)| weight_of(p)).sum();
            let selected = if total == 0 { None } else { select_median(&mut work, total) };
            prop_assert_eq!(selected, by_sorting(&items));
        }

        #[test]
        fn the_median_splits_the_weight(
            values in prop::collection::vec((-1e6f64..1e6, 0.0f64..10.0), 1..200),
        ) {
            let intervals: Vec<(Interval, f64)> = values
                .iter()
                .map(|&(v, w)| (Interval::point((v / 100.0).round() * 100.0).unwrap(), w))
                .collect();
            let evidence = Evidence::from_weighted(&intervals).unwrap();
            let m = weighted_median(&evidence).unwrap();
            prop_assert!(m.below < 0.5 + 1e-12);
            prop_assert!(m.below + m.at >= 0.5 - 1e-12);
            prop_assert!((m.below + m.at + m.above - 1.0).abs() < 1e-9);
            let (keys, _) = weighted_values(&evidence);
            prop_assert_eq!(Some(ordered_bits(m.value)), by_sorting(&keys));
            let holder = evidence.claim(m.set_by).unwrap();
            prop_assert_eq!(claim_value(holder), Some(m.value));
        }
    }
}
