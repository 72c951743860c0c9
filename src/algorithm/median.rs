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
//! largest share, to nearest, ties to even), so that sums are exact and the result does not
//! depend on the input order.
//!
//! The values and weights come from the evidence's columns (8 bytes each per claim, filled
//! during preparation), not from the prepared claims or the claims themselves. Assembly
//! also sums, as it fills the columns, what the search needs before it starts: each
//! origin's valued claims and largest weight (hence the largest share), and the range of the
//! values' keys (order-preserving integers). The search then makes one pass over the
//! columns and one over a 2-byte column of its own:
//!
//! 1. sum the integer weights in up to 2¹⁵ equal ranges of keys (a histogram that stays in
//!    cache), keeping each claim's range number, which finds the range that holds the median
//!    and the weight below it;
//! 2. gather the claims of that range only, found by their range numbers (a quarter of the
//!    bytes of the values), each as one 16-byte record — its key, and its integer weight
//!    packed with its position, so that the claim that holds the median is known without
//!    another look-up.
//!
//! The **lower weighted median** is then found among those records by repeated selection at
//! the middle position (`select_nth_unstable`), keeping the half that holds the median; each
//! step halves the slice. The median is the smallest value `m` such that the values `≤ m`
//! carry at least half the total weight. Below a few thousand claims the histogram has a
//! single range and selection runs over every record.
//!
//! References: T. H. Cormen et al., *Introduction to Algorithms* (3rd ed.), problem 9-2
//! (weighted median by selection); F. Y. Edgeworth (1887) for the weighted median itself.

use crate::algorithm::columns::ValuedClaims;
use crate::algorithm::endpoints::{from_ordered_bits, ordered_bits};
#[cfg(test)]
use crate::algorithm::prepare::{Adjustment, PreparedClaim};
use crate::algorithm::prepare::{ClaimId, Evidence};
use crate::interval::Interval;

/// The bucket of a claim without a value (buckets are below 2¹⁵).
const NO_BUCKET: u16 = u16::MAX;

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
    median_in_buckets(evidence, &shares, bucket_bits(shares.valued.count))
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
    let (histogram, buckets, total) = shares.histogram(bits);
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
    let mut items = shares.items(&buckets, bucket as u16);
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
        claims: shares.valued.count,
        without_value: evidence.counted() - shares.valued.count,
    })
}

/// The integer weight of a packed record (the high half).
#[inline]
fn weight_of(packed: u64) -> u128 {
    u128::from(packed >> 32)
}

/// What turns the evidence's columns into the median's records: each claim's weight is
/// shared among its origin's valued claims and rounded to an integer relative to the largest
/// share. The counts per origin, the largest weights and the range of values come summed
/// from assembly (see the `columns` module), so that the median's own passes read the
/// columns only to sum and to gather.
struct Shares<'e> {
    value: &'e [f64],
    weight: &'e [f64],
    origin: &'e [u32],
    /// Per origin, what one unit of weight of one of its claims counts:
    /// `2³¹ / (members × largest share)`; empty when no origin has two counted claims.
    scale: Vec<f64>,
    /// What it counts for an origin of one valued claim: `2³¹ / largest share`.
    single: f64,
    /// The largest share, for `careful`.
    max: f64,
    /// Whether some scale is not a finite, positive number (extreme weights), so that each
    /// share is worked out from its weight, members and the largest share instead.
    careful: bool,
    /// 1 when every weight is zero (every origin then counts equally), else 0: added to
    /// each weight.
    unit: f64,
    /// The valued claims as assembly summed them: per origin (for `careful`), their count
    /// and the range of their keys.
    valued: &'e ValuedClaims,
}

impl<'e> Shares<'e> {
    fn of(evidence: &'e Evidence<'_>) -> Shares<'e> {
        let valued = evidence.valued_claims();
        let ValuedClaims {
            members,
            heaviest,
            max_weight,
            ..
        } = valued;
        // An origin's shares all divide by its members, so the largest share is the largest
        // of its heaviest weights divided by its members. Without per-origin numbers, each
        // valued claim is its origin's only one.
        let max = if members.is_empty() {
            *max_weight
        } else {
            members
                .iter()
                .zip(heaviest)
                .filter(|&(&m, _)| m > 0)
                .fold(0.0f64, |max, (&m, &h)| max.max(h / f64::from(m)))
        };
        // No weight anywhere: every origin counts equally (each weight becomes 1, the largest
        // share 1).
        let (unit, max) = if max > 0.0 { (0.0, max) } else { (1.0, 1.0) };
        let scale: Vec<f64> = members
            .iter()
            .map(|&m| WEIGHT_SCALE / (f64::from(m.max(1)) * max))
            .collect();
        let single = WEIGHT_SCALE / max;
        // A scale is not a finite, positive number when the largest share is below about
        // 10⁻²⁹⁹ or members × largest share is beyond `f64`: each share is then divided out
        // as it is met.
        let usable = |s: &f64| s.is_finite() && *s > 0.0;
        let careful = !usable(&single) || !scale.iter().all(usable);
        Shares {
            value: evidence.values_of_claims(),
            weight: evidence.weights_of_claims(),
            origin: evidence.origins_of_claims(),
            scale,
            single,
            max,
            careful,
            unit,
            valued,
        }
    }

    /// The integer weight of a valued claim of origin `origin` with weight `weight`: at most
    /// 2³¹, so that it fits the high half of a packed record.
    #[inline]
    fn share(&self, weight: f64, origin: u32) -> u64 {
        if self.careful {
            let members = self
                .valued
                .members
                .get(origin as usize)
                .copied()
                .unwrap_or(1);
            let share = (weight + self.unit) / f64::from(members.max(1)) / self.max;
            return round_to_integer(share.min(1.0) * WEIGHT_SCALE);
        }
        let scale = self
            .scale
            .get(origin as usize)
            .copied()
            .unwrap_or(self.single);
        round_to_integer((weight + self.unit) * scale)
    }

    /// How far a key's offset from the lowest key is shifted to give its bucket among
    /// `2^bits` equal ranges; 64 or more puts every key in bucket 0.
    fn shift(&self, bits: u32) -> u32 {
        let range = self.valued.highest.saturating_sub(self.valued.lowest);
        (u64::BITS - range.leading_zeros()).saturating_sub(bits)
    }

    /// The bucket of `key`, given the [`shift`](Self::shift), in key order.
    #[inline]
    fn bucket(&self, key: u64, shift: u32) -> usize {
        key.wrapping_sub(self.valued.lowest)
            .checked_shr(shift)
            .unwrap_or(0) as usize
    }

    /// The weight in each of `2^bits` buckets (see [`bucket`](Self::bucket)), each claim's
    /// bucket ([`NO_BUCKET`] for a claim without a value), and the total weight.
    ///
    /// The claims' buckets are kept (2 bytes a claim, where the values are 8) so that
    /// gathering the median's bucket reads them instead of the values.
    fn histogram(&self, bits: u32) -> (Vec<u64>, Vec<u16>, u128) {
        // At most 2³² claims of weight at most 2³¹: a bucket's sum fits a `u64`.
        debug_assert!(bits <= 15, "a bucket number fits 15 bits");
        let mut histogram = vec![0u64; 1 << bits];
        let mut buckets = Vec::with_capacity(self.value.len());
        let shift = self.shift(bits);
        for ((&v, &w), &o) in self.value.iter().zip(self.weight).zip(self.origin) {
            if v.is_nan() {
                buckets.push(NO_BUCKET);
                continue;
            }
            let bucket = self.bucket(ordered_bits(v + 0.0), shift);
            if let Some(h) = histogram.get_mut(bucket) {
                *h += self.share(w, o);
            }
            buckets.push(bucket as u16);
        }
        let total = histogram.iter().map(|&h| u128::from(h)).sum();
        (histogram, buckets, total)
    }

    /// The valued claims in bucket `bucket` (given every claim's bucket, as
    /// [`histogram`](Self::histogram) returns them), each as its key and its integer weight
    /// packed with its position.
    fn items(&self, buckets: &[u16], bucket: u16) -> Vec<(u64, u64)> {
        // Blocks of claims none of which is in the bucket (most of them) are passed over
        // after one test, which the compiler makes on several claims at once.
        const BLOCK: usize = 32;
        let mut positions = Vec::new();
        let mut take = |from: usize, block: &[u16]| {
            for (i, &b) in block.iter().enumerate() {
                if b == bucket {
                    positions.push(from + i);
                }
            }
        };
        let blocks = buckets.chunks_exact(BLOCK);
        let rest = blocks.remainder();
        for (b, block) in blocks.enumerate() {
            if block.iter().fold(false, |any, &x| any | (x == bucket)) {
                take(b * BLOCK, block);
            }
        }
        take(buckets.len() - rest.len(), rest);
        // The values, weights and origins of those claims are read in a loop of its own,
        // whose loads do not wait for the scan.
        positions
            .into_iter()
            .map(|i| {
                let v = self.value.get(i).copied().unwrap_or(0.0);
                let w = self.weight.get(i).copied().unwrap_or(0.0);
                let o = self.origin.get(i).copied().unwrap_or(0);
                (ordered_bits(v + 0.0), (self.share(w, o) << 32) | i as u64)
            })
            .collect()
    }
}

/// `x` clamped to `[0, 2³¹]` and rounded to the nearest integer, halves to even.
///
/// Adding 2⁵² to a number in that range leaves no bits for a fraction: the addition itself
/// rounds (to nearest, ties to even), and the integer is the low bits of the sum. Three
/// instructions, where a conversion to an integer and back takes a dozen (the one a weight
/// of every claim goes through).
#[inline]
fn round_to_integer(x: f64) -> u64 {
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    // Not `clamp`, which keeps a `NaN`: this maps one to 0.
    #[allow(clippy::manual_clamp)]
    let sum = x.max(0.0).min(WEIGHT_SCALE) + TWO_52;
    sum.to_bits() - TWO_52.to_bits()
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
    fn tiny_and_huge_weights_keep_their_proportions() {
        // A largest share of 5·10⁻³¹⁰ (2³¹ over it is beyond `f64`): 1 carries 5/7.
        let tiny = Evidence::from_weighted(&[
            (Interval::point(1.0).unwrap(), 5e-310),
            (Interval::point(2.0).unwrap(), 1e-310),
            (Interval::point(3.0).unwrap(), 1e-310),
        ])
        .unwrap();
        assert_eq!(weighted_median(&tiny).unwrap().value, 1.0);
        // Origin a: four claims of 10³⁰⁸ (a share of 2.5·10³⁰⁷ each); origin b: one of
        // 5·10³⁰⁷, the largest share. Four members times it is beyond `f64`. Origin a holds
        // two thirds of the weight, and the median is its third value.
        let at = |v: f64, origin: &str, weight: f64| SummaryClaim {
            id: format!("{origin}{v}"),
            origin: origin.to_owned(),
            interval: Interval::point(v).unwrap(),
            weight,
        };
        let claims = [
            at(1.0, "a", 1e308),
            at(2.0, "a", 1e308),
            at(4.0, "a", 1e308),
            at(5.0, "a", 1e308),
            at(10.0, "b", 5e307),
        ];
        let huge = Evidence::from_summary(&claims);
        assert_eq!(weighted_median(&huge).unwrap().value, 4.0);
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
    fn integers_by_addition_round_halves_to_even_and_clamp() {
        for (x, expected) in [
            (0.5, 0),
            (1.5, 2),
            (2.5, 2),
            (0.49999999999999994, 0),
            (2_147_483_647.5, 2_147_483_648),
            (WEIGHT_SCALE, 1 << 31),
            (1e300, 1 << 31),
            (-3.0, 0),
            (f64::NAN, 0),
        ] {
            assert_eq!(round_to_integer(x), expected, "{x}");
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
        fn integers_by_addition_match_the_library(x in 0.0f64..=WEIGHT_SCALE) {
            prop_assert_eq!(round_to_integer(x), x.round_ties_even() as u64);
        }

        /// Against weights shared out per origin in plain `f64`, with weights near 10⁻³⁰⁸,
        /// near 1 or near 10³⁰⁸ (where a scale worked out once can overflow): the weight on
        /// values below the median is at most half, with the median's own at least half.
        #[test]
        fn the_median_splits_the_weight_of_origins(
            raw in prop::collection::vec((-30i32..30, 0u32..5, 1u32..10, -5i32..=0), 1..40),
            base in prop::sample::select(vec![-305i32, 0, 307]),
        ) {
            let weight = |d: u32, e: i32| format!("{d}e{}", base + e).parse::<f64>().unwrap();
            let claims: Vec<SummaryClaim> = raw
                .iter()
                .enumerate()
                .map(|(i, &(v, origin, d, e))| SummaryClaim {
                    id: format!("c{i}"),
                    origin: format!("o{origin}"),
                    interval: Interval::point(f64::from(v)).unwrap(),
                    weight: weight(d, e),
                })
                .collect();
            let evidence = Evidence::from_summary(&claims);
            let m = weighted_median(&evidence).unwrap();
            let members = |o: u32| raw.iter().filter(|r| r.1 == o).count() as f64;
            let shares: Vec<(f64, f64)> = raw
                .iter()
                .map(|&(v, o, d, e)| (f64::from(v), weight(d, e) / members(o)))
                .collect();
            // Divided by the largest share, so that the sums below cannot overflow (three
            // weights near 10³⁰⁸ would).
            let largest = shares.iter().map(|s| s.1).fold(0.0, f64::max);
            let shares: Vec<(f64, f64)> = shares.iter().map(|&(v, w)| (v, w / largest)).collect();
            let total: f64 = shares.iter().map(|s| s.1).sum();
            let below: f64 = shares.iter().filter(|s| s.0 < m.value).map(|s| s.1).sum();
            let at: f64 = shares.iter().filter(|s| s.0 == m.value).map(|s| s.1).sum();
            // Weights are rounded to 2⁻³¹ of the largest share.
            let slack = total * 1e-6;
            prop_assert!(below <= total / 2.0 + slack, "{below} of {total} below {}", m.value);
            prop_assert!(below + at >= total / 2.0 - slack, "{below} + {at} of {total}");
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
            let shares = Shares::of(&evidence);
            let (_, buckets, _) = shares.histogram(0);
            let keys = shares.items(&buckets, 0);
            prop_assert_eq!(Some(ordered_bits(m.value)), by_sorting(&keys));
            let holder = evidence.claim(m.set_by).unwrap();
            prop_assert_eq!(claim_value(holder), Some(m.value));
        }
    }
}
