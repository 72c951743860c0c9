//! Weighted support when the claims' weights take few distinct values (at most 16).
//!
//! Weights are confidence midpoints times source weights, and both usually come from short
//! vocabularies ("likely", "almost certain"; a handful of source weights), so a million claims
//! often carry only a few distinct weights. Ranking those weights once for the whole evidence
//! (rank 0 the largest) lets each origin that contradicts itself keep its covering claims as
//! a count per rank and one word of bits (bit r set while some covering claim has rank r):
//! its weight at the position is that of its lowest set bit. Nothing is grouped or sorted by
//! origin, and an event touches one block of its origin's state: the general tracker
//! ([`Weights`](super::support::Weights)) ranks claims within each origin instead, which
//! costs a grouping of all claims by origin and several look-ups per event.
//!
//! The state is 16-bit numbers: a block of a few weights is then about 10 bytes, and the
//! blocks of 83,000 origins (the `limit_ratio` data) take 0.8 MB, which stays in the core's
//! cache where 64-bit numbers (3.3 MB) did not, and every event reads a random block. Hence
//! the limits: at most 16 distinct weights (one bit each in 16 bits), and no origin of more
//! than 65,535 counted claims; beyond them the general tracker takes over.
//!
//! The rules are those of the `support` module: weights rounded once to multiples of 2⁻⁵² of
//! the largest; an origin with one counted claim adds that claim's weight; an origin whose
//! claims share a value counts with its largest weight where all of them cover the position;
//! an origin that contradicts itself counts with the largest weight among its covering
//! claims.

use crate::algorithm::prepare::Evidence;
use crate::algorithm::support::{Tracker, level_to_weight, quantize};
use crate::hash::fibonacci_slot;

/// The most distinct weights this tracker follows (one bit each in a 16-bit cell).
const MOST_WEIGHTS: usize = 16;

/// The slots of the small tables that find a weight already met (see [`memo_slot`]).
const MEMO_SLOTS: usize = 64;

/// A weight's slot among [`MEMO_SLOTS`], from its bits.
#[inline]
fn memo_slot(bits: u64) -> usize {
    fibonacci_slot(bits, MEMO_SLOTS.ilog2())
}

/// One number of the per-origin state: a count of claims, a set of ranks or a rank.
type Cell = u16;

/// The rank recorded as the largest weight of an origin judged whole before any of its
/// claims is seen (a rank past every weight, whose weight is 0).
const NO_RANK: Cell = Cell::MAX;

/// The rank recorded for a claim that does not count (it never enters a sweep).
const NOT_COUNTED: u8 = u8::MAX;

/// How a claim's origin counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum How {
    /// Its origin's only counted claim (or not counted): its weight is added as it is.
    #[default]
    Alone,
    /// Its origin's claims share a value. Block: `[claims not covering the position,
    /// rank of its largest weight]`.
    Whole,
    /// Its origin contradicts itself. Block: `[bits of the covering ranks, covering claims
    /// of each rank…]`.
    Ranked,
}

/// What an event needs of its claim.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Key {
    /// Where its origin's block starts in `FewWeights::state`.
    at: u32,
    /// The rank of its weight among the distinct weights (0 the largest; `NOT_COUNTED` for
    /// a claim that does not count, whose weight is then 0).
    rank: u8,
    how: How,
}

/// The tracker (see the module docs).
pub(crate) struct FewWeights {
    keys: Vec<Key>,
    /// The distinct weights, largest first.
    by_rank: Vec<u64>,
    /// One block per origin with several counted claims.
    state: Vec<Cell>,
    /// The blocks with no claim covering the position, for [`Tracker::reset`].
    initial: Vec<Cell>,
    level: u128,
    max: f64,
}

impl FewWeights {
    /// The tracker for the evidence's counted claims; `None` when their weights take more
    /// than 16 distinct values, when an origin has more counted claims than a cell counts,
    /// or when the per-origin blocks would take more memory than the claims themselves.
    ///
    /// It reads the evidence's weight column twice (for the largest weight and the distinct
    /// weights, then for each claim's rank) and makes no per-claim array of weights: each
    /// distinct raw weight is rounded once.
    pub(crate) fn new(evidence: &Evidence<'_>) -> Option<FewWeights> {
        let raw = evidence.weights_of_claims();
        let ranks = WeightRanks::new(raw, MOST_WEIGHTS)?;
        let origins = evidence.origin_count();
        let origin_of = evidence.origins_of_claims();
        let block = ranks.by_rank.len().max(1) + 1;
        let members = |o: usize| evidence.counted_in(o as u32);
        let shared = (0..origins).filter(|&o| members(o) > 1).count();
        if shared.saturating_mul(block) > raw.len().saturating_mul(8)
            || (0..origins).any(|o| Cell::try_from(members(o)).is_err())
        {
            return None;
        }
        // Per origin: how it counts and where its block starts.
        let mut how = vec![How::Alone; origins];
        let mut at = vec![0u32; origins];
        let mut state = Vec::with_capacity(shared * block);
        for (o, (h, a)) in how.iter_mut().zip(at.iter_mut()).enumerate() {
            let m = members(o);
            if m < 2 {
                continue;
            }
            *a = state.len() as u32;
            *h = if evidence.is_consistent(o as u32) {
                How::Whole
            } else {
                How::Ranked
            };
            state.extend(std::iter::repeat_n(0, block));
            if *h == How::Whole
                && let Some([missing, largest]) = state.get_mut(*a as usize..*a as usize + 2)
            {
                // `m` fits: checked above.
                *missing = m as Cell;
                *largest = NO_RANK;
            }
        }
        let mut keys = Vec::with_capacity(raw.len());
        for (&o, &w) in origin_of.iter().zip(raw) {
            let o = o as usize;
            let key = if w.is_nan() {
                Key {
                    rank: NOT_COUNTED,
                    ..Key::default()
                }
            } else {
                Key {
                    at: at.get(o).copied().unwrap_or(0),
                    rank: ranks.rank(w),
                    how: how.get(o).copied().unwrap_or_default(),
                }
            };
            // A consistent origin counts with its largest weight: its smallest rank.
            if key.how == How::Whole
                && let Some(largest) = state.get_mut(key.at as usize + 1)
            {
                *largest = (*largest).min(Cell::from(key.rank));
            }
            keys.push(key);
        }
        Some(FewWeights {
            keys,
            initial: state.clone(),
            state,
            level: 0,
            max: ranks.max,
            by_rank: ranks.by_rank,
        })
    }

    /// A level as a weight.
    pub(crate) fn to_weight(&self, level: u128) -> f64 {
        level_to_weight(level, self.max)
    }

    /// The weight of rank `rank` (0 for `NOT_COUNTED`).
    #[inline]
    fn weight(&self, rank: u8) -> u64 {
        rank_weight(&self.by_rank, rank)
    }
}

/// The distinct weights of the counted claims, rounded (see `quantize`) and ranked, the
/// largest first, and each raw weight's rank, found again in one slot of a small table.
pub(crate) struct WeightRanks {
    /// The distinct raw weights, as bits, in increasing order of the bits.
    distinct: Vec<u64>,
    /// The rank of each of `distinct`.
    rank_of_distinct: Vec<u8>,
    /// A raw weight's bits and its rank, in the weight's slot (the first to claim a slot
    /// keeps it; the others are searched for).
    memo: [(u64, u8); MEMO_SLOTS],
    /// The rounded weights, largest first (two raw weights may round to one).
    pub(crate) by_rank: Vec<u64>,
    /// The largest raw weight, which the weights are scaled by.
    pub(crate) max: f64,
}

impl WeightRanks {
    /// The ranks of the weights in `raw` (`NaN` marks a claim that is not counted); `None`
    /// when they take more than `most` distinct values.
    ///
    /// It reads the column once and makes no per-claim array: each distinct raw weight is
    /// rounded once.
    pub(crate) fn new(raw: &[f64], most: usize) -> Option<WeightRanks> {
        // The distinct raw weights and the largest. A weight already met is usually found
        // in one slot of a small table (a test that is almost always true, where the
        // weights come in no order).
        let mut distinct: Vec<u64> = Vec::new();
        let mut met = [f64::NAN.to_bits(); MEMO_SLOTS];
        let mut max = 0.0f64;
        for &w in raw {
            let bits = w.to_bits();
            let slot = met.get_mut(memo_slot(bits));
            if w.is_nan() || slot.as_deref() == Some(&bits) {
                continue;
            }
            if let Some(slot) = slot {
                *slot = bits;
            }
            if !distinct.contains(&bits) {
                if distinct.len() == most {
                    return None;
                }
                distinct.push(bits);
                max = max.max(w);
            }
        }
        distinct.sort_unstable();
        let rounded: Vec<u64> = distinct
            .iter()
            .map(|&bits| quantize(f64::from_bits(bits), max))
            .collect();
        let mut by_rank = rounded.clone();
        by_rank.sort_unstable_by(|a, b| b.cmp(a));
        by_rank.dedup();
        let rank_of_distinct: Vec<u8> = rounded
            .iter()
            .map(|w| by_rank.binary_search_by(|x| w.cmp(x)).unwrap_or(0) as u8)
            .collect();
        let mut ranks = WeightRanks {
            distinct,
            rank_of_distinct,
            memo: [(f64::NAN.to_bits(), NOT_COUNTED); MEMO_SLOTS],
            by_rank,
            max,
        };
        for k in 0..ranks.distinct.len() {
            let bits = ranks.distinct.get(k).copied().unwrap_or(0);
            let rank = ranks.search(bits);
            if let Some(slot) = ranks.memo.get_mut(memo_slot(bits))
                && f64::from_bits(slot.0).is_nan()
            {
                *slot = (bits, rank);
            }
        }
        Some(ranks)
    }

    /// The rank of a raw weight (`NOT_COUNTED` for one not met, `NaN` among them).
    #[inline]
    pub(crate) fn rank(&self, w: f64) -> u8 {
        let bits = w.to_bits();
        match self.memo.get(memo_slot(bits)) {
            Some(&(known, rank)) if known == bits => rank,
            _ => self.search(bits),
        }
    }

    fn search(&self, bits: u64) -> u8 {
        self.distinct
            .binary_search(&bits)
            .ok()
            .and_then(|k| self.rank_of_distinct.get(k).copied())
            .unwrap_or(NOT_COUNTED)
    }
}

/// The weight of rank `rank` among `by_rank` (0 for `NOT_COUNTED` and `NO_RANK`).
#[inline]
fn rank_weight(by_rank: &[u64], rank: impl Into<usize>) -> u64 {
    by_rank.get(rank.into()).copied().unwrap_or(0)
}

/// The weight of the lowest set bit of `ranks`, 0 when none is set.
#[inline]
fn top(by_rank: &[u64], ranks: Cell) -> u64 {
    if ranks == 0 {
        return 0;
    }
    rank_weight(by_rank, ranks.trailing_zeros() as usize)
}

impl Tracker for FewWeights {
    type Key = Key;

    #[inline]
    fn key(&self, claim: u32) -> Key {
        self.keys.get(claim as usize).copied().unwrap_or(Key {
            rank: NOT_COUNTED,
            ..Key::default()
        })
    }

    fn contributes(&self, claim: u32) -> bool {
        self.weight(self.key(claim).rank) > 0
    }

    #[inline]
    fn start(&mut self, _: u32, key: Key) {
        let w = self.weight(key.rank);
        let at = key.at as usize;
        let by_rank = &self.by_rank;
        match key.how {
            How::Alone => self.level += u128::from(w),
            How::Whole => {
                if let Some([missing, largest]) = self.state.get_mut(at..at + 2) {
                    *missing = missing.saturating_sub(1);
                    if *missing == 0 {
                        self.level += u128::from(rank_weight(by_rank, *largest));
                    }
                }
            }
            How::Ranked => {
                let r = usize::from(key.rank);
                let Some(count) = self.state.get_mut(at + 1 + r) else {
                    return;
                };
                *count = count.saturating_add(1);
                if *count > 1 {
                    return;
                }
                let Some(ranks) = self.state.get_mut(at) else {
                    return;
                };
                let before = *ranks;
                *ranks |= 1 << r;
                if before == 0 || r < before.trailing_zeros() as usize {
                    // A larger weight than the origin's so far.
                    let gain = w.saturating_sub(top(by_rank, before));
                    self.level += u128::from(gain);
                }
            }
        }
    }

    #[inline]
    fn end(&mut self, _: u32, key: Key) {
        let w = self.weight(key.rank);
        let at = key.at as usize;
        let by_rank = &self.by_rank;
        match key.how {
            How::Alone => self.level = self.level.saturating_sub(u128::from(w)),
            How::Whole => {
                if let Some([missing, largest]) = self.state.get_mut(at..at + 2) {
                    if *missing == 0 {
                        let largest = rank_weight(by_rank, *largest);
                        self.level = self.level.saturating_sub(u128::from(largest));
                    }
                    *missing = missing.saturating_add(1);
                }
            }
            How::Ranked => {
                let r = usize::from(key.rank);
                let Some(count) = self.state.get_mut(at + 1 + r) else {
                    return;
                };
                *count = count.saturating_sub(1);
                if *count > 0 {
                    return;
                }
                let Some(ranks) = self.state.get_mut(at) else {
                    return;
                };
                let before = *ranks;
                *ranks &= !(1 << r);
                let now = *ranks;
                if r == before.trailing_zeros() as usize {
                    let drop = w.saturating_sub(top(by_rank, now));
                    self.level = self.level.saturating_sub(u128::from(drop));
                }
            }
        }
    }

    #[inline]
    fn level(&self) -> u128 {
        self.level
    }

    fn reset(&mut self) {
        self.state.copy_from_slice(&self.initial);
        self.level = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algorithm::agreement::best_level;
    use crate::algorithm::summary::SummaryClaim;
    use crate::algorithm::support::{ClaimWeights, Weights};
    use crate::interval::Interval;
    use proptest::prelude::*;

    /// The best level, and the indices of the events where it is first reached and last left.
    type Found = (u128, usize, usize);

    /// What `best_level` finds with this tracker (`None` when it declines the claims) and
    /// with the general one.
    fn both(raw: &[(i32, u8, u32, u8)]) -> (Option<Found>, Found) {
        let weighted: Vec<(i32, u8, u32, f64)> = raw
            .iter()
            .map(|&(low, width, origin, weight)| (low, width, origin, f64::from(weight) / 4.0))
            .collect();
        both_weighted(&weighted)
    }

    /// As [`both`], with the weights given as they are.
    fn both_weighted(raw: &[(i32, u8, u32, f64)]) -> (Option<Found>, Found) {
        let claims: Vec<SummaryClaim> = raw
            .iter()
            .enumerate()
            .map(|(i, &(low, width, origin, weight))| SummaryClaim {
                id: format!("c{i}"),
                origin: format!("o{origin}"),
                interval: Interval::closed(f64::from(low), f64::from(low) + f64::from(width))
                    .unwrap(),
                weight,
            })
            .collect();
        let evidence = Evidence::from_summary(&claims);
        let endpoints = evidence.endpoints();
        let found = |(best, first, last): (u128, Option<(usize, _)>, Option<(usize, _)>)| {
            (best, first.map_or(0, |f| f.0), last.map_or(0, |l| l.0))
        };
        let few = FewWeights::new(&evidence).map(|mut t| found(best_level(endpoints, &mut t)));
        let mut general = Weights::new(&evidence, ClaimWeights::new(&evidence));
        (few, found(best_level(endpoints, &mut general)))
    }

    proptest! {
        /// Up to 16 distinct weights (0 to 15 quarters), origins that share a value and
        /// origins that contradict themselves: the same levels as the general tracker.
        #[test]
        fn few_weights_agree_with_the_general_tracker(
            raw in prop::collection::vec((0i32..40, 0u8..12, 0u32..6, 0u8..16), 1..60),
        ) {
            let (few, general) = both(&raw);
            prop_assert_eq!(few, Some(general));
        }
    }

    #[test]
    fn weights_that_share_a_table_slot_get_their_own_ranks() {
        // 0.5 and 2.125 fall in one slot of the tables that find a weight already met, so
        // 2.125 (met second) is searched for; the best level is where two claims of 2.125
        // overlap.
        assert_eq!(memo_slot(0.5f64.to_bits()), memo_slot(2.125f64.to_bits()));
        let raw = [
            (0, 4, 0, 0.5),
            (1, 4, 1, 2.125),
            (2, 4, 2, 0.5),
            (3, 1, 3, 2.125),
            (10, 2, 4, 1.0),
        ];
        let (few, general) = both_weighted(&raw);
        assert_eq!(few, Some(general));
    }

    #[test]
    fn more_than_sixteen_weights_go_to_the_general_tracker() {
        let raw: Vec<(i32, u8, u32, u8)> = (0..17).map(|w| (0, 1, 0, w)).collect();
        assert_eq!(both(&raw).0, None);
        assert!(both(&raw[..16]).0.is_some());
    }
}
