//! Support at the sweep position: how many independent origins (or how much weight) cover it.
//!
//! Shared by the sweeps of agreement, NTP selection and Brooks–Iyengar. Each tracker is told
//! when a counted claim starts and ends and keeps the current level in O(1) (counts) or
//! O(log k) for an origin with k overlapping claims (weights), with no allocation per claim.
//!
//! **An origin with several counted claims** covers a point by the rule of
//! [`prepare`](crate::prepare) (step 7): when its claims share a value it asserts their
//! intersection and covers a point only when **all** of them do; when they contradict each
//! other it covers a point when **any** of them does. In the sweep this costs one number per
//! origin: `required` is its number of counted claims (consistent) or 1 (contradictory), and
//! the origin covers the position while its counter of covering claims is at least
//! `required` (it enters when the counter reaches `required`, leaves when it drops below).
//!
//! **Weights** are summed exactly: each claim's weight is rounded once to a multiple of
//! 2⁻⁵² of the largest weight, and sums are integers, so the level at a point does not depend
//! on the order in which claims were added and removed (floating-point sums would drift and
//! break ties). An origin counts once at a point where it covers it, with the **largest**
//! weight among its claims: several claims of one origin are not more evidence than its most
//! confident one. For a consistent origin all its claims cover every point it covers, so that
//! weight is a constant; a contradictory origin weighs the largest weight among its claims
//! covering the point (a max-heap per such origin).

use std::collections::BinaryHeap;

use crate::algorithm::endpoints::{Endpoints, Event};
use crate::algorithm::prepare::Evidence;

/// Scale of the integer weights: 2⁵².
pub(crate) const WEIGHT_SCALE: f64 = 4_503_599_627_370_496.0;

/// A support level: an origin count, or a sum of integer weights.
///
/// What an event needs of its claim (its origin, its weight) is its **key**, looked up by
/// [`keyed`] for all the ends before the sweep. Claims come to a sweep in any order of value,
/// so each look-up is a cache miss; in a loop of their own the look-ups do not wait for each
/// other (nor for the sweep's branches) and the processor overlaps many of them, where inside
/// the sweep each would stall it.
pub(crate) trait Tracker {
    /// What an event needs of its claim.
    type Key: Copy + 'static;
    /// The key of a claim.
    fn key(&self, claim: u32) -> Self::Key;
    /// A counted claim starts covering the sweep position.
    fn start(&mut self, claim: u32, key: Self::Key);
    /// A counted claim stops covering it.
    fn end(&mut self, claim: u32, key: Self::Key);
    /// The current level.
    fn level(&self) -> u128;
    /// Back to no claim covering the position, for another sweep.
    fn reset(&mut self);
    /// Whether the claim can raise the level at all (a weight that rounds to zero cannot).
    fn contributes(&self, _claim: u32) -> bool {
        true
    }
    /// [`start`](Self::start) when `start`, else [`end`](Self::end). A tracker overrides
    /// it when it can do either without a branch: starts and ends alternate in no
    /// predictable way, so a branch between them is mispredicted about every other event.
    #[inline]
    fn step(&mut self, claim: u32, key: Self::Key, start: bool) {
        if start {
            self.start(claim, key);
        } else {
            self.end(claim, key);
        }
    }
}

/// The ends of `endpoints` in sweep order, each with the tracker's key of its claim (see
/// [`Tracker`]).
pub(crate) fn keyed<'e, T: Tracker>(
    endpoints: &'e Endpoints,
    tracker: &T,
) -> impl Iterator<Item = (Event, T::Key)> + 'e {
    let keys: Vec<T::Key> = endpoints.claims().map(|c| tracker.key(c)).collect();
    endpoints.events().zip(keys)
}

/// Applies one keyed end to the tracker.
#[inline]
pub(crate) fn apply<T: Tracker>(tracker: &mut T, (ev, key): (Event, T::Key)) {
    tracker.step(ev.claim, key, ev.start);
}

/// A list filled without a branch on whether each offered item is kept: every item is
/// written at the end of the list, which grows past it only when it is kept. For choices
/// that follow the claims' order in no predictable way (is a claim listed, is it a
/// truechimer), where a branch would be mispredicted about every other claim.
pub(crate) struct Kept<T> {
    items: Vec<T>,
    len: usize,
}

impl<T: Copy> Kept<T> {
    /// An empty list with room for `room` offers (written as `fill` until then).
    pub(crate) fn with_room(room: usize, fill: T) -> Kept<T> {
        Kept {
            items: vec![fill; room],
            len: 0,
        }
    }

    /// Offers `item`, kept when `keep`.
    #[inline]
    pub(crate) fn offer(&mut self, item: T, keep: bool) {
        match self.items.get_mut(self.len) {
            Some(slot) => *slot = item,
            // More offers than room (not expected): push the kept ones.
            None if keep => self.items.push(item),
            None => {}
        }
        self.len += usize::from(keep);
    }

    /// The kept items, in the order offered.
    pub(crate) fn into_vec(mut self) -> Vec<T> {
        self.items.truncate(self.len);
        self.items.shrink_to_fit();
        self.items
    }
}

/// Counts when every origin has at most one counted claim: the level is the number of
/// claims covering the position.
#[derive(Default)]
pub(crate) struct Singles(u128);

impl Tracker for Singles {
    type Key = ();
    #[inline]
    fn key(&self, _: u32) {}
    #[inline]
    fn start(&mut self, _: u32, _: ()) {
        self.0 += 1;
    }
    #[inline]
    fn end(&mut self, _: u32, _: ()) {
        self.0 = self.0.saturating_sub(1);
    }
    #[inline]
    fn level(&self) -> u128 {
        self.0
    }
    fn reset(&mut self) {
        self.0 = 0;
    }
    #[inline]
    fn step(&mut self, _: u32, _: (), start: bool) {
        // Plus one for a start, minus one (not below zero) for an end.
        self.0 = (self.0 + u128::from(start)).saturating_sub(u128::from(!start));
    }
}

/// Counts origins: an origin counts while its counter of covering claims is at least its
/// `required` number (all its counted claims when they share a value, else 1).
///
/// The counter runs down instead of up: `missing[o]` is `required` minus the origin's claims
/// covering the position, so that an event touches one per-origin number (the origin covers
/// while it is at most zero: a contradictory origin can have more covering claims than it
/// requires) and reads the claim's origin from the evidence's column.
pub(crate) struct Origins<'e> {
    origin: &'e [u32],
    required: Vec<i64>,
    missing: Vec<i64>,
    level: u128,
}

impl<'e> Origins<'e> {
    pub(crate) fn new(evidence: &'e Evidence<'_>) -> Origins<'e> {
        let required: Vec<i64> = (0..evidence.origin_count() as u32)
            .map(|o| i64::from(evidence.required(o)))
            .collect();
        Origins {
            origin: evidence.origins_of_claims(),
            missing: required.clone(),
            required,
            level: 0,
        }
    }
}

impl Tracker for Origins<'_> {
    type Key = u32;
    #[inline]
    fn key(&self, claim: u32) -> u32 {
        self.origin.get(claim as usize).copied().unwrap_or(0)
    }
    // Whether an event moves the level depends on data in no predictable way: the level is
    // updated by adding the comparison, not under a branch.
    #[inline]
    fn start(&mut self, _: u32, origin: u32) {
        if let Some(m) = self.missing.get_mut(origin as usize) {
            *m -= 1;
            self.level += u128::from(*m == 0);
        }
    }
    #[inline]
    fn end(&mut self, _: u32, origin: u32) {
        if let Some(m) = self.missing.get_mut(origin as usize) {
            self.level = self.level.saturating_sub(u128::from(*m == 0));
            *m += 1;
        }
    }
    #[inline]
    fn level(&self) -> u128 {
        self.level
    }
    fn reset(&mut self) {
        self.missing.copy_from_slice(&self.required);
        self.level = 0;
    }
    // One update for both: a start takes one from `missing` and counts the origin if that
    // reaches zero; an end un-counts it if `missing` was zero and adds one back.
    #[inline]
    fn step(&mut self, _: u32, origin: u32, start: bool) {
        if let Some(m) = self.missing.get_mut(origin as usize) {
            let starting = i64::from(start);
            let at_zero = *m - starting == 0;
            self.level = (self.level + u128::from(at_zero & start))
                .saturating_sub(u128::from(at_zero & !start));
            *m += 1 - 2 * starting;
        }
    }
}

/// Each claim's integer weight (`None` for a claim that does not count), the largest raw
/// weight they are scaled by, and each origin's number of counted claims: what the general
/// weighted tracker starts from, gathered from the evidence's weight column and per-origin
/// counts (not from the large prepared claims). The tracker for few weights needs no such
/// array.
pub(crate) struct ClaimWeights {
    pub(crate) weight: Vec<Option<u64>>,
    pub(crate) max: f64,
    /// Empty when no origin has two counted claims.
    pub(crate) members: Vec<u32>,
}

impl ClaimWeights {
    pub(crate) fn new(evidence: &Evidence<'_>) -> ClaimWeights {
        let ScaledWeights { raw, max } = ScaledWeights::new(evidence, None);
        let weight: Vec<Option<u64>> = raw
            .iter()
            .map(|&w| (!w.is_nan()).then(|| quantize(w, max)))
            .collect();
        // Assembly counted each origin's claims already.
        let members = if evidence.has_shared_origins() {
            (0..evidence.origin_count() as u32)
                .map(|o| evidence.counted_in(o))
                .collect()
        } else {
            Vec::new()
        };
        ClaimWeights {
            weight,
            max,
            members,
        }
    }
}

/// Each claim's integer weight, rounded from the evidence's weight column when asked for
/// (no per-claim array): what the sweeps that follow the level's changes read.
#[derive(Clone)]
pub(crate) struct ScaledWeights<'e> {
    /// The weight column: `NaN` for a claim that is not counted.
    raw: &'e [f64],
    /// The largest raw weight of a counted claim, which the weights are scaled by.
    max: f64,
}

impl<'e> ScaledWeights<'e> {
    /// The evidence's weights, scaled by the largest, which `max` gives when it is known
    /// (from [`WeightRanks`](super::few_weights::WeightRanks), say) and one pass over the
    /// weight column finds otherwise.
    pub(crate) fn new(evidence: &'e Evidence<'_>, max: Option<f64>) -> ScaledWeights<'e> {
        let raw = evidence.weights_of_claims();
        let max = max.unwrap_or_else(|| {
            raw.iter()
                .filter(|w| !w.is_nan())
                .fold(0.0f64, |max, &w| max.max(w))
        });
        ScaledWeights { raw, max }
    }

    /// The integer weight of `claim` (0 for a claim that is not counted), as
    /// [`quantize`] gives it and every weighted tracker uses.
    #[inline]
    pub(crate) fn of(&self, claim: u32) -> u64 {
        self.raw
            .get(claim as usize)
            .map_or(0, |&w| quantize(w, self.max))
    }

    /// Whether `claim`'s integer weight is not 0 (it counts, and its weight does not round
    /// to 0): decided without rounding for all but weights below 2⁻⁵⁰ of the largest.
    #[inline]
    pub(crate) fn contributes(&self, claim: u32) -> bool {
        let Some(&w) = self.raw.get(claim as usize) else {
            return false;
        };
        // Above the cutoff w / max · 2⁵² > 4, so the rounded weight is at least 4.
        w > self.max * 2f64.powi(-50) || quantize(w, self.max) > 0
    }

    /// A level (a sum of integer weights) as a weight.
    pub(crate) fn to_weight(&self, level: u128) -> f64 {
        level_to_weight(level, self.max)
    }
}

/// Sums weights, each covering origin once with the largest weight among its claims (among
/// its claims covering the position, for an origin that contradicts itself).
pub(crate) struct Weights {
    weight: Vec<u64>,
    origin: Vec<u32>,
    /// Counted claims per origin: origins with one claim skip the heap.
    members: Vec<u32>,
    /// Per origin: the largest weight among its claims when it has several that share a
    /// value (it then counts with that weight where all of them cover); `None` otherwise.
    whole: Vec<Option<u64>>,
    /// Per origin with `whole` weight: how many of its claims cover the position.
    count: Vec<u32>,
    heaps: Vec<BinaryHeap<(u64, u32)>>,
    ended: Vec<bool>,
    /// Origins of at most 64 claims (nearly all) keep their active claims as bits of one
    /// word instead of a heap: bit r is the member with the r-th largest weight, so the
    /// origin's weight is that of its lowest set bit. `rank` is each claim's bit
    /// (`NO_RANK` for claims of other origins), `by_rank` the weights of each origin's
    /// members in that order, from `offset[o]`.
    rank: Vec<u8>,
    active: Vec<u64>,
    offset: Vec<u32>,
    by_rank: Vec<u64>,
    origin_level: Vec<u64>,
    level: u128,
    max: f64,
}

impl Weights {
    pub(crate) fn new(evidence: &Evidence<'_>, weights: ClaimWeights) -> Weights {
        let ClaimWeights {
            weight,
            max,
            members,
        } = weights;
        let shared = !members.is_empty();
        let origin: Vec<u32> = if shared {
            evidence
                .origins_of_claims()
                .iter()
                .zip(&weight)
                .map(|(&o, w)| if w.is_some() { o } else { NOT_COUNTED })
                .collect()
        } else {
            Vec::new()
        };
        let claims = weight.len();
        // A claim that does not count never enters a sweep: its weight is never read.
        let weight: Vec<u64> = weight.iter().map(|w| w.unwrap_or(0)).collect();
        let mut whole = Vec::new();
        if shared {
            whole = vec![None; evidence.origin_count()];
            for (o, w) in whole.iter_mut().enumerate() {
                if members.get(o).is_some_and(|&m| m > 1) && evidence.is_consistent(o as u32) {
                    *w = Some(0);
                }
            }
            for (&o, &own) in origin.iter().zip(&weight) {
                if let Some(Some(w)) = whole.get_mut(o as usize) {
                    *w = (*w).max(own);
                }
            }
        }
        // Heaps only for origins too large for one word of bits (rare).
        let heaped = shared
            && members
                .iter()
                .zip(&whole)
                .any(|(&m, w)| m > 64 && w.is_none());
        let (rank, offset, by_rank) = if shared {
            ranks(&origin, &weight, &members, &whole)
        } else {
            (Vec::new(), Vec::new(), Vec::new())
        };
        Weights {
            active: vec![0; offset.len()],
            rank,
            offset,
            by_rank,
            count: vec![0; whole.len()],
            whole,
            weight,
            origin,
            heaps: if heaped {
                (0..evidence.origin_count())
                    .map(|_| BinaryHeap::new())
                    .collect()
            } else {
                Vec::new()
            },
            ended: if heaped {
                vec![false; claims]
            } else {
                Vec::new()
            },
            origin_level: if heaped {
                vec![0; evidence.origin_count()]
            } else {
                Vec::new()
            },
            members,
            level: 0,
            max,
        }
    }

    /// A level as a weight.
    pub(crate) fn to_weight(&self, level: u128) -> f64 {
        level_to_weight(level, self.max)
    }

    /// The origin of `claim` when it shares its origin with other counted claims.
    #[inline]
    fn shared_origin(&self, claim: u32) -> Option<usize> {
        let o = *self.origin.get(claim as usize)? as usize;
        (self.members.get(o).copied().unwrap_or(0) > 1).then_some(o)
    }
}

const NO_RANK: u8 = u8::MAX;

/// The origin recorded for a claim that is not counted (it never enters a sweep).
const NOT_COUNTED: u32 = u32::MAX;

/// The weight of an origin whose active members are the bits of `active` (its ranks start at
/// `at` in `by_rank`): that of the lowest set bit, 0 when none is set.
#[inline]
fn top(by_rank: &[u64], at: u32, active: u64) -> u64 {
    if active == 0 {
        return 0;
    }
    by_rank
        .get(at as usize + active.trailing_zeros() as usize)
        .copied()
        .unwrap_or(0)
}

/// For [`Weights`]: each claim's rank by weight within its origin, for origins of at most 64
/// counted claims that are not counted whole; the start of each origin's ranks; the weights
/// in rank order.
fn ranks(
    origin: &[u32],
    weight: &[u64],
    members: &[u32],
    whole: &[Option<u64>],
) -> (Vec<u8>, Vec<u32>, Vec<u64>) {
    let mut offset = Vec::with_capacity(members.len());
    let mut total = 0u32;
    for &m in members {
        offset.push(total);
        total = total.saturating_add(m);
    }
    // The counted claims grouped by origin (a counting sort), then each small group sorted
    // by weight, largest first.
    let mut grouped = vec![0u32; total as usize];
    let mut next = offset.clone();
    for (i, &o) in origin.iter().enumerate() {
        if let Some(at) = next.get_mut(o as usize) {
            if let Some(slot) = grouped.get_mut(*at as usize) {
                *slot = i as u32;
            }
            *at += 1;
        }
    }
    let mut rank = vec![NO_RANK; origin.len()];
    let mut by_rank = vec![0u64; total as usize];
    for (o, &start) in offset.iter().enumerate() {
        let m = members.get(o).copied().unwrap_or(0);
        let small = (2..=64).contains(&m) && whole.get(o).is_some_and(Option::is_none);
        let range = start as usize..(start + m) as usize;
        let (Some(group), Some(weights)) = (grouped.get_mut(range.clone()), by_rank.get_mut(range))
        else {
            continue;
        };
        if !small {
            continue;
        }
        group.sort_unstable_by_key(|&i| std::cmp::Reverse(weight.get(i as usize).copied()));
        for ((r, &i), w) in (0u8..).zip(group.iter()).zip(weights.iter_mut()) {
            *w = weight.get(i as usize).copied().unwrap_or(0);
            if let Some(slot) = rank.get_mut(i as usize) {
                *slot = r;
            }
        }
    }
    (rank, offset, by_rank)
}

pub(crate) fn quantize(weight: f64, max: f64) -> u64 {
    if max > 0.0 && weight > 0.0 {
        round_half_up((weight / max).min(1.0) * WEIGHT_SCALE)
    } else {
        0
    }
}

/// A level (a sum of integer weights from [`quantize`] with the same `max`) as a weight.
pub(crate) fn level_to_weight(level: u128, max: f64) -> f64 {
    level as f64 / WEIGHT_SCALE * max
}

/// `y.round() as u64` for `0 ≤ y ≤ 2⁵²`, inline. On the baseline x86-64 target (no SSE4.1)
/// `f64::round` is a library call, which took about a third of the weighted median's time;
/// here the fraction `y − ⌊y⌋` is exact, as both are below 2⁵³. The conversions go through
/// `i64`, one instruction each way (those of `u64` are several).
#[inline]
pub(crate) fn round_half_up(y: f64) -> u64 {
    let whole = y as i64;
    (whole + i64::from(y - whole as f64 >= 0.5)) as u64
}

impl Tracker for Weights {
    // The weights' arrays are read in the sweep itself: gathering them by claim beforehand
    // measured no faster.
    type Key = ();
    #[inline]
    fn key(&self, _: u32) {}

    fn contributes(&self, claim: u32) -> bool {
        self.weight.get(claim as usize).is_some_and(|&w| w > 0)
    }

    #[inline]
    fn start(&mut self, claim: u32, _: ()) {
        let w = self.weight.get(claim as usize).copied().unwrap_or(0);
        let Some(o) = self.shared_origin(claim) else {
            self.level += u128::from(w);
            return;
        };
        if let (Some(Some(whole)), Some(c)) = (self.whole.get(o), self.count.get_mut(o)) {
            *c += 1;
            if Some(&*c) == self.members.get(o) {
                self.level += u128::from(*whole);
            }
            return;
        }
        if let Some(&r) = self.rank.get(claim as usize).filter(|&&r| r != NO_RANK) {
            let (Some(active), Some(&at)) = (self.active.get_mut(o), self.offset.get(o)) else {
                return;
            };
            let before = *active;
            *active |= 1 << r;
            if before == 0 || r < before.trailing_zeros() as u8 {
                let gain =
                    top(&self.by_rank, at, *active).saturating_sub(top(&self.by_rank, at, before));
                self.level += u128::from(gain);
            }
            return;
        }
        let (Some(heap), Some(current)) = (self.heaps.get_mut(o), self.origin_level.get_mut(o))
        else {
            return;
        };
        heap.push((w, claim));
        if w > *current {
            self.level += u128::from(w - *current);
            *current = w;
        }
    }

    #[inline]
    fn end(&mut self, claim: u32, _: ()) {
        let Some(o) = self.shared_origin(claim) else {
            let w = self.weight.get(claim as usize).copied().unwrap_or(0);
            self.level = self.level.saturating_sub(u128::from(w));
            return;
        };
        if let (Some(Some(whole)), Some(c)) = (self.whole.get(o), self.count.get_mut(o)) {
            if Some(&*c) == self.members.get(o) {
                self.level = self.level.saturating_sub(u128::from(*whole));
            }
            *c = c.saturating_sub(1);
            return;
        }
        if let Some(&r) = self.rank.get(claim as usize).filter(|&&r| r != NO_RANK) {
            let (Some(active), Some(&at)) = (self.active.get_mut(o), self.offset.get(o)) else {
                return;
            };
            let before = *active;
            *active &= !(1 << r);
            if r == before.trailing_zeros() as u8 {
                let drop =
                    top(&self.by_rank, at, before).saturating_sub(top(&self.by_rank, at, *active));
                self.level = self.level.saturating_sub(u128::from(drop));
            }
            return;
        }
        if let Some(e) = self.ended.get_mut(claim as usize) {
            *e = true;
        }
        let (Some(heap), Some(current)) = (self.heaps.get_mut(o), self.origin_level.get_mut(o))
        else {
            return;
        };
        // Lazy deletion: drop ended claims from the top only.
        while let Some(&(_, top)) = heap.peek() {
            if self.ended.get(top as usize).copied().unwrap_or(true) {
                heap.pop();
            } else {
                break;
            }
        }
        let now = heap.peek().map_or(0, |&(w, _)| w);
        if now < *current {
            self.level = self.level.saturating_sub(u128::from(*current - now));
            *current = now;
        }
    }

    #[inline]
    fn level(&self) -> u128 {
        self.level
    }
    fn reset(&mut self) {
        self.heaps.iter_mut().for_each(BinaryHeap::clear);
        self.ended.fill(false);
        self.active.fill(0);
        self.origin_level.fill(0);
        self.count.fill(0);
        self.level = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn kept_lists_keep_what_is_kept_in_order_even_past_their_room() {
        let mut kept = Kept::with_room(3, 0u32);
        for (item, keep) in [
            (1, true),
            (2, false),
            (3, true),
            (4, false),
            (5, true),
            (6, true),
        ] {
            kept.offer(item, keep);
        }
        assert_eq!(kept.into_vec(), [1, 3, 5, 6]);
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

    proptest! {
        #[test]
        fn rounding_inline_matches_the_library(y in 0.0f64..4_503_599_627_370_496.0) {
            prop_assert_eq!(round_half_up(y), y.round() as u64);
        }

    }
}
