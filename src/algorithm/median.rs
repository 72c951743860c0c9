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
//! The values and weights come from the evidence's columns (8 bytes each per claim, filled
//! during preparation), not from the prepared claims or the claims themselves. The search
//! makes two passes over them and a third over the values alone:
//!
//! 1. count each origin's valued claims and find the largest share, and the range of the
//!    values' keys (order-preserving integers);
//! 2. sum the integer weights in up to 2¹⁵ equal ranges of keys (a histogram that stays in
//!    cache), which finds the range that holds the median and the weight below it;
//! 3. gather the claims of that range only, each as one 16-byte record — its key, and its
//!    integer weight packed with its position, so that the claim that holds the median is
//!    known without another look-up.
//!
//! The **lower weighted median** is then found among those records by repeated selection at
//! the middle position (`select_nth_unstable`), keeping the half that holds the median; each
//! step halves the slice. The median is the smallest value `m` such that the values `≤ m`
//! carry at least half the total weight. Below a few thousand claims the histogram has a
//! single range and selection runs over every record.
//!
//! References: T. H. Cormen et al., *Introduction to Algorithms* (3rd ed.), problem 9-2
//! (weighted median by selection); F. Y. Edgeworth (1887) for the weighted median itself.

use crate::algorithm::endpoints::{from_ordered_bits, ordered_bits};
#[cfg(test)]
use crate::algorithm::prepare::{Adjustment, PreparedClaim};
use crate::algorithm::prepare::{ClaimId, Evidence};
use crate::algorithm::support::round_half_up;
use crate::interval::Interval;

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
#[cfg(test)]
pub(crate) fn claim_value(claim: &PreparedClaim<'_>) -> Option<f64> {
    let best = claim
        .claim()
        .filter(|_| claim.adjustment() == Adjustment::None)
        .and_then(|c| c.estimate().best());
    median_value(best, claim.interval())
}

/// The value for the median of a counted claim with best value `best` (`None` or `NaN` when
/// it has none, or preparation changed its interval) and prepared interval `interval`.
pub(crate) fn median_value(best: Option<f64>, interval: &Interval) -> Option<f64> {
    best.filter(|b| !b.is_nan())
        .or_else(|| interval.midpoint())
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
    let shares = Shares::of(evidence);
    median_in_buckets(evidence, &shares, bucket_bits(shares.valued))
}

/// How many bits of bucket number the first pass uses for `valued` claims: none (a single
/// bucket, plain selection) for a few thousand, about one bucket per 16 claims above that, at
/// most 2¹⁵ buckets (a 256 KB histogram, which stays in cache).
fn bucket_bits(valued: usize) -> u32 {
    if valued < 4096 {
        0
    } else {
        (valued.ilog2() - 4).min(15)
    }
}

/// The median, with the first pass summing the weight in `2^bits` buckets of keys (see
/// [`Shares::histogram`]); selection then runs only in the bucket that holds the median.
fn median_in_buckets(
    evidence: &Evidence<'_>,
    shares: &Shares<'_>,
    bits: u32,
) -> Option<WeightedMedian> {
    let (histogram, total) = shares.histogram(bits);
    if total == 0 {
        return None;
    }
    // The bucket where the cumulative weight first reaches half the total.
    let mut before = 0u128;
    let mut bucket = 0;
    for (b, &weight) in histogram.iter().enumerate() {
        if 2 * (before + u128::from(weight)) >= total {
            bucket = b;
            break;
        }
        before += u128::from(weight);
    }
    drop(histogram);
    let mut items = shares.items(|key| shares.bucket(key, bits) == bucket);
    let key = select_median(&mut items, before, total)?;
    // One more pass over the bucket's records: the first claim holding the value, and the
    // weight on each side (every record of the median's key is in this bucket).
    let (mut below, mut at) = (before, 0u128);
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
        claims: shares.valued,
        without_value: evidence.counted() - shares.valued,
    })
}

/// The integer weight of a packed record (the high half).
#[inline]
fn weight_of(packed: u64) -> u128 {
    u128::from(packed >> 32)
}

/// What turns the evidence's columns into the median's records: each claim's weight is
/// shared among its origin's valued claims and rounded to an integer relative to the largest
/// share. Gathered in one pass over the value, weight and origin columns (not the claims).
struct Shares<'e> {
    value: &'e [f64],
    weight: &'e [f64],
    origin: &'e [u32],
    /// Valued claims per origin; empty when no origin has two counted claims.
    members: Vec<u32>,
    /// The largest share (weight divided by members); 0 when every weight is zero.
    max: f64,
    /// How many counted claims have a value.
    valued: usize,
    /// The smallest key among the valued claims, and the largest minus the smallest.
    lowest: u64,
    range: u64,
}

impl<'e> Shares<'e> {
    fn of(evidence: &'e Evidence<'_>) -> Shares<'e> {
        let (value, weight, origin) = (
            evidence.values_of_claims(),
            evidence.weights_of_claims(),
            evidence.origins_of_claims(),
        );
        let shared = evidence.has_shared_origins();
        let origins = if shared { evidence.origin_count() } else { 0 };
        let mut members = vec![0u32; origins];
        // Per origin, its largest weight: an origin's shares all divide by its members, so
        // the largest share is the largest of these divided by the members.
        let mut heaviest = vec![0.0f64; origins];
        let (mut max, mut valued) = (0.0f64, 0);
        let (mut lowest, mut highest) = (u64::MAX, 0u64);
        for ((&v, &w), &o) in value.iter().zip(weight).zip(origin) {
            // No value: not counted, or one-sided without a best value.
            if v.is_nan() {
                continue;
            }
            valued += 1;
            let key = ordered_bits(v + 0.0);
            lowest = lowest.min(key);
            highest = highest.max(key);
            if let (Some(m), Some(h)) = (members.get_mut(o as usize), heaviest.get_mut(o as usize))
            {
                *m += 1;
                *h = h.max(w);
            } else {
                max = max.max(w);
            }
        }
        for (&m, &h) in members.iter().zip(&heaviest) {
            if m > 0 {
                max = max.max(h / f64::from(m));
            }
        }
        Shares {
            value,
            weight,
            origin,
            members,
            max,
            valued,
            lowest,
            range: highest.saturating_sub(lowest),
        }
    }

    /// The integer weight of a valued claim of origin `origin` with weight `weight`.
    #[inline]
    fn share(&self, weight: f64, origin: u32) -> u64 {
        let members = f64::from(
            self.members
                .get(origin as usize)
                .copied()
                .unwrap_or(1)
                .max(1),
        );
        if self.max > 0.0 {
            quantize(weight / members, self.max)
        } else {
            // No weight anywhere: every origin counts equally.
            quantize(1.0 / members, 1.0)
        }
    }

    /// The bucket of `key` among `2^bits` equal ranges of the keys, in key order.
    #[inline]
    fn bucket(&self, key: u64, bits: u32) -> usize {
        // A shift by all 64 bits (one bucket for a range that needs them all) gives 0.
        let shift = (u64::BITS - self.range.leading_zeros()).saturating_sub(bits);
        key.wrapping_sub(self.lowest)
            .checked_shr(shift)
            .unwrap_or(0) as usize
    }

    /// The weight in each bucket (see [`bucket`](Self::bucket)), and the total weight.
    fn histogram(&self, bits: u32) -> (Vec<u64>, u128) {
        // At most 2³² claims of weight at most 2³¹: a bucket's sum fits a `u64`.
        let mut histogram = vec![0u64; 1 << bits];
        let mut total = 0u128;
        for ((&v, &w), &o) in self.value.iter().zip(self.weight).zip(self.origin) {
            if v.is_nan() {
                continue;
            }
            let share = self.share(w, o);
            total += u128::from(share);
            if let Some(h) = histogram.get_mut(self.bucket(ordered_bits(v + 0.0), bits)) {
                *h += share;
            }
        }
        (histogram, total)
    }

    /// The valued claims whose key `keep` accepts, each as its key and its integer weight
    /// packed with its position.
    fn items(&self, keep: impl Fn(u64) -> bool) -> Vec<(u64, u64)> {
        let mut items = Vec::new();
        for (i, (&v, (&w, &o))) in self
            .value
            .iter()
            .zip(self.weight.iter().zip(self.origin))
            .enumerate()
        {
            if v.is_nan() {
                continue;
            }
            let key = ordered_bits(v + 0.0);
            if keep(key) {
                items.push((key, (self.share(w, o) << 32) | i as u64));
            }
        }
        items
    }
}

fn quantize(weight: f64, max: f64) -> u64 {
    // At most 2³¹: the weight fits the high half of a packed record.
    if weight > 0.0 {
        round_half_up((weight / max).min(1.0) * WEIGHT_SCALE)
    } else {
        0
    }
}

/// The smallest key whose cumulative weight (keys `≤` it) is at least half of `total`, by
/// selection at the middle of a shrinking slice (see the module docs).
///
/// Invariant: `2·below < total ≤ 2·(below + weight of the slice)`, where `below` is the
/// weight of the items known to lie before the slice (at first, of those before `items`).
fn select_median(items: &mut [(u64, u64)], mut below: u128, total: u128) -> Option<u64> {
    let mut slice = items;
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
    use crate::algorithm::summary::SummaryClaim;
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

    #[test]
    fn inline_rounding_rounds_halves_up_like_the_library() {
        for y in [
            0.0,
            0.49999999999999994,
            0.5,
            1.5,
            2.5,
            4_503_599_627_370_495.5,
            4_503_599_627_370_496.0,
            2_147_483_648.0,
        ] {
            assert_eq!(round_half_up(y), y.round() as u64, "{y}");
        }
    }

    /// Claims from `raw` (value on a coarse grid, so that values tie; origin; weight), the
    /// weighted median found with `bits` bits of buckets.
    fn median_with_bits(raw: &[(i32, u32, u8)], bits: u32) -> Option<WeightedMedian> {
        let claims: Vec<SummaryClaim> = raw
            .iter()
            .enumerate()
            .map(|(i, &(v, origin, weight))| SummaryClaim {
                id: format!("c{i}"),
                origin: format!("o{origin}"),
                interval: Interval::point(f64::from(v) * 0.25).unwrap(),
                weight: f64::from(weight),
            })
            .collect();
        let evidence = Evidence::from_summary(&claims);
        let shares = Shares::of(&evidence);
        median_in_buckets(&evidence, &shares, bits)
    }

    proptest! {
        #[test]
        fn rounding_inline_matches_the_library(y in 0.0f64..4_503_599_627_370_496.0) {
            prop_assert_eq!(round_half_up(y), y.round() as u64);
        }

        #[test]
        fn buckets_do_not_change_the_median(
            raw in prop::collection::vec((-200i32..200, 0u32..40, 0u8..4), 1..400),
            bits in 1u32..12,
        ) {
            prop_assert_eq!(median_with_bits(&raw, bits), median_with_bits(&raw, 0));
        }

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
            let selected = if total == 0 { None } else { select_median(&mut work, 0, total) };
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
            let keys = Shares::of(&evidence).items(|_| true);
            prop_assert_eq!(Some(ordered_bits(m.value)), by_sorting(&keys));
            let holder = evidence.claim(m.set_by).unwrap();
            prop_assert_eq!(claim_value(holder), Some(m.value));
        }
    }
}
