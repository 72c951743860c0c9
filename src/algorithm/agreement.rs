//! k-of-n agreement (Marzullo): the regions covered by the most independent origins.
//!
//! One sweep over the shared [`Endpoints`] finds the largest support and every maximal
//! region that has it — ties are all reported, in increasing order, never broken silently;
//! the supporting lists are built for those regions only, by one pass over the claims. On
//! many claims with few distinct ends and no sorted array yet, the sweep runs instead over
//! the places where origins start and stop covering (weighted: where their weight changes),
//! found origin by origin (see the `coverage` module), and the list's pass also finds the
//! claims that set the region's ends.
//! A region ends where its support drops, so within a region the set of supporting origins
//! is constant and, when every origin has one claim, the region is exactly the intersection
//! of its supporting claims (Marzullo's "smallest interval consistent with the most
//! sources").
//!
//! An origin with several counted claims covers a point when all of them cover it if they
//! share a value (it asserts their intersection), when any does if they contradict each
//! other (see [`prepare`](crate::prepare), step 7, and the `support` module).
//!
//! The weighted variant uses weights (confidence midpoint × source weight, each origin once
//! with its largest weight at the point; see the `support` module) instead of counts.
//!
//! Reference: K. Marzullo, *Maintaining the time in a distributed system*, PhD thesis,
//! Stanford, 1984; worked examples on Wikipedia's "Marzullo's algorithm" page.

use crate::algorithm::bits::Bits;
use crate::algorithm::coverage;
use crate::algorithm::endpoints::{Endpoints, Event, Limit, Position, Site, position};
use crate::algorithm::few_weights::{FewWeights, WeightRanks};
use crate::algorithm::prepare::{ClaimId, Evidence};
use crate::algorithm::support::{
    ClaimWeights, Origins, ScaledWeights, Singles, Tracker, Weights, keyed,
};
use crate::interval::{Bound, Interval};

/// k-of-n agreement, configured: by count of independent origins (the default) or by weight.
///
/// Reports every maximal region covered by the most independent origins, ties all reported
/// in increasing order. An origin counts once at a point however many of its claims cover it,
/// and an origin with several counted claims asserts them all: when they share a value it
/// covers a point only when **all** of them cover it (their intersection; the U.S.
/// government's "a presence" `(0, ∞)` and "more than 3,000" `(3000, ∞)` support `(3000, ∞)`,
/// not 1,000), and when they contradict each other it covers a point when **any** of them
/// does (the generous union reading), the contradiction being listed by
/// [`Evidence::contradictions`]. A region's supporting claims are then the claims of its
/// supporting origins that share a value with it (for a consistent origin: all its claims). A region ends where its support drops, so two adjacent regions with the same support
/// but different supporting origins are reported separately. Open and closed ends are exact:
/// `[0, 3)` and `[3, 5]` share no value, `[0, 3]` and `[3, 5]` share 3.
///
/// **Weighted**: a claim weighs its confidence midpoint (1 when absent) times its source's
/// weight; at each point an origin covers, it counts once, with the largest weight among its
/// claims (among its claims covering the point, for an origin that contradicts itself). Weights are rounded once to multiples of 2⁻⁵² of the largest weight and
/// summed as integers, so ties are exact and do not depend on the order of the input.
///
/// ```
/// use sourced::{Agreement, Evidence, Interval};
/// // Wikipedia's third Marzullo example: two regions tie with support 2.
/// let evidence = Evidence::from_intervals(&[
///     Interval::closed(8.0, 9.0)?,
///     Interval::closed(8.0, 12.0)?,
///     Interval::closed(10.0, 12.0)?,
/// ]);
/// let consensus = Agreement::new().run(&evidence);
/// let regions: Vec<String> = consensus.regions.iter().map(|r| r.interval.to_string()).collect();
/// assert_eq!(regions, ["[8, 9]", "[10, 12]"]);
/// assert_eq!(consensus.support, 2);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Agreement {
    weighted: bool,
}

/// The result of [`Agreement::run`].
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Consensus {
    /// Every maximal region with the best support (or weight), in increasing order.
    pub regions: Vec<Region>,
    /// The number of independent origins supporting the best regions (the largest when
    /// weighted regions differ).
    pub support: usize,
    /// The best weight, for weighted agreement.
    pub weight: Option<f64>,
    /// The number of independent origins with a counted claim (n of k-of-n).
    pub sources: usize,
    /// The number of counted claims.
    pub claims: usize,
}

/// A maximal region with the best support.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Region {
    /// The region, with exact ends.
    pub interval: Interval,
    /// How many independent origins support it.
    pub support: usize,
    /// Their total weight, for weighted agreement.
    pub weight: Option<f64>,
    /// The counted claims of the supporting origins that share a value with the region (for
    /// an origin whose claims share a value, all of them), by position in the evidence; for
    /// weighted agreement only those whose weight is not zero: a weightless claim supports nothing.
    pub supporting: Vec<ClaimId>,
    /// The supporting origins (see [`Evidence::origin_name`]), in increasing order.
    pub origins: Vec<u32>,
    /// The claim whose start is the region's low end: the smallest id among the supporting
    /// claims starting there; when none does (weighted, a weightless claim of an origin whose
    /// claims share a value bounds the intersection the origin asserts), the smallest id
    /// among the claims starting there of the supporting origins whose claims share a value.
    pub low_set_by: ClaimId,
    /// The claim whose end is the region's high end, chosen as `low_set_by` is.
    pub high_set_by: ClaimId,
}

impl Agreement {
    /// Agreement by count of independent origins.
    pub fn new() -> Self {
        Agreement::default()
    }

    /// By weight (confidence midpoint × source weight) instead of count.
    pub fn weighted(mut self, weighted: bool) -> Self {
        self.weighted = weighted;
        self
    }

    /// Runs on the evidence.
    ///
    /// When the evidence has built its sorted endpoint array ([`Evidence::endpoints`]), one
    /// sweep over that array. Otherwise, from 256 counted claims (4,096 when every origin has
    /// one) whose ends take at most 2¹⁵ distinct values, the places where origins start and
    /// stop covering (or, weighted, where their weight changes) are found origin by origin
    /// and counted by distinct value, which costs less than sorting all the ends; with fewer
    /// claims or more values, the ends are sorted for this call (and the evidence keeps no
    /// array). Every way gives the same consensus.
    pub fn run(&self, evidence: &Evidence<'_>) -> Consensus {
        if let Some(endpoints) = evidence.endpoints_if_built() {
            return self.run_on(evidence, endpoints);
        }
        if coverage::counts_from(evidence)
            && let Some(consensus) = self.run_on_changes(evidence)
        {
            return consensus;
        }
        self.run_on(evidence, &Endpoints::new(evidence))
    }

    /// [`run`](Self::run) from the level's changes (see the `coverage` module); `None` when
    /// the ends take too many distinct values (or a claim that sets a region's end is not
    /// found, a bug): the caller sorts them instead.
    fn run_on_changes(&self, evidence: &Evidence<'_>) -> Option<Consensus> {
        if self.weighted {
            let ranks = WeightRanks::new(evidence.weights_of_claims(), coverage::MOST_RANKS);
            self.weighted_on_changes(evidence, ranks.as_ref())
        } else {
            let (regions, _) =
                regions_of_profile(evidence, &coverage::changes(evidence)?, |_| true)?;
            Some(self.consensus(evidence, regions, None))
        }
    }

    /// Runs on an endpoint array built by [`Endpoints::new`] from this evidence.
    pub fn run_on(&self, evidence: &Evidence<'_>, endpoints: &Endpoints) -> Consensus {
        let (regions, weight) = if self.weighted {
            // Few distinct weights (the usual case) are ranked once for all origins; the
            // general tracker ranks each origin's claims.
            match FewWeights::new(evidence) {
                Some(mut tracker) => {
                    let (regions, best) = regions(evidence, endpoints, &mut tracker);
                    (regions, best.map(|b| tracker.to_weight(b)))
                }
                None => {
                    let mut tracker = Weights::new(evidence, ClaimWeights::new(evidence));
                    let (regions, best) = regions(evidence, endpoints, &mut tracker);
                    (regions, best.map(|b| tracker.to_weight(b)))
                }
            }
        } else if evidence.has_shared_origins() {
            (
                regions(evidence, endpoints, &mut Origins::new(evidence)).0,
                None,
            )
        } else {
            (
                regions(evidence, endpoints, &mut Singles::default()).0,
                None,
            )
        };
        self.consensus(evidence, regions, weight)
    }

    /// Weighted [`run_on_changes`](Self::run_on_changes), with the weights' ranks or without.
    fn weighted_on_changes(
        &self,
        evidence: &Evidence<'_>,
        ranks: Option<&WeightRanks>,
    ) -> Option<Consensus> {
        // The ranks found the largest weight already.
        let weights = ScaledWeights::new(evidence, ranks.map(|r| r.max));
        let changes = coverage::weighted_changes(evidence, &weights, ranks)?;
        let (regions, best) =
            regions_of_profile(evidence, &changes, |claim| weights.contributes(claim))?;
        Some(self.consensus(evidence, regions, best.map(|b| weights.to_weight(b))))
    }

    /// The consensus from the regions and the best weight.
    fn consensus(
        &self,
        evidence: &Evidence<'_>,
        regions: Vec<Region>,
        weight: Option<f64>,
    ) -> Consensus {
        let regions: Vec<Region> = regions
            .into_iter()
            .map(|mut r| {
                r.weight = weight;
                r
            })
            .collect();
        Consensus {
            support: regions.iter().map(|r| r.support).max().unwrap_or(0),
            weight: if self.weighted {
                weight.or(Some(0.0))
            } else {
                None
            },
            regions,
            sources: evidence.counted_origins(),
            claims: evidence.counted(),
        }
    }
}

/// The largest level, the first end that reaches it and the last end that leaves it, as a
/// sweep reports its ends (marked by `M`: a place in a sorted array, or a site).
pub(crate) struct BestLevel<M> {
    pub(crate) best: u128,
    pub(crate) first: Option<M>,
    pub(crate) last: Option<M>,
}

impl<M> BestLevel<M> {
    pub(crate) fn new() -> Self {
        BestLevel {
            best: 0,
            first: None,
            last: None,
        }
    }

    /// An end at `mark` (a start when `start`) moved the level from `before` to `after`.
    #[inline]
    pub(crate) fn see(&mut self, start: bool, before: u128, after: u128, mark: M) {
        if start {
            if after > self.best {
                (self.best, self.first, self.last) = (after, Some(mark), None);
            }
        } else if before == self.best && after < self.best {
            self.last = Some(mark);
        }
    }
}

/// The spans (first end that reaches it, end where it drops) of every maximal region at the
/// largest level, as a sweep reports its ends: spans found so far are dropped whenever a
/// higher level appears.
struct BestSpans<M> {
    best: u128,
    spans: Vec<(M, M)>,
    open: Option<M>,
}

impl<M> BestSpans<M> {
    fn new() -> Self {
        BestSpans {
            best: 0,
            spans: Vec::new(),
            open: None,
        }
    }

    /// An end at `mark` (a start when `start`) left the level at `level`.
    #[inline]
    fn see(&mut self, start: bool, level: u128, mark: M) {
        if start {
            if level > self.best {
                self.best = level;
                self.spans.clear();
                self.open = Some(mark);
            } else if level == self.best && self.open.is_none() {
                self.open = Some(mark);
            }
        } else if level < self.best
            && let Some(first) = self.open.take()
        {
            self.spans.push((first, mark));
        }
    }
}

/// The largest level, the first event that reaches it and the last event that leaves it.
pub(crate) fn best_level<T: Tracker>(
    endpoints: &Endpoints,
    tracker: &mut T,
) -> (u128, Option<Sited>, Option<Sited>) {
    tracker.reset();
    let mut best = BestLevel::new();
    for (index, (ev, key)) in keyed(endpoints, tracker).enumerate() {
        let before = tracker.level();
        tracker.step(ev.claim, key, ev.start);
        best.see(ev.start, before, tracker.level(), (index, ev));
    }
    (best.best, best.first, best.last)
}

/// Every maximal region at the best level, with supporting lists; and the best level.
///
/// One sweep finds the best level and the spans (first and last event) of the regions that
/// have it, dropping the spans found so far whenever a higher level appears. The supporting
/// lists are then filled by one pass over the claims, each placed in the regions it shares a
/// value with by binary search: O(n log r + k) for r regions and k list entries, and the
/// lists come out in claim order. With one region, the usual case, the pass reads only the
/// evidence's packed ends (see [`Evidence::judged_overlaps`]).
fn regions<T: Tracker>(
    evidence: &Evidence<'_>,
    endpoints: &Endpoints,
    tracker: &mut T,
) -> (Vec<Region>, Option<u128>) {
    tracker.reset();
    let mut found = BestSpans::new();
    for (index, (ev, key)) in keyed(endpoints, tracker).enumerate() {
        tracker.step(ev.claim, key, ev.start);
        found.see(ev.start, tracker.level(), (index, ev));
    }
    let BestSpans { best, spans, .. } = found;
    if best == 0 {
        return (Vec::new(), None);
    }
    let limits: Vec<(Limit, Limit)> = spans
        .iter()
        .map(|&((first, start), (last, end))| {
            (endpoints.limit(first, start), endpoints.limit(last, end))
        })
        .collect();
    let (lists, _) = supporting_lists(evidence, &limits, |claim| tracker.contributes(claim));
    let regions = spans
        .into_iter()
        .zip(lists)
        .map(|((first, last), supporting)| {
            let origins = distinct_origins(evidence, &supporting);
            let members = Members::new(evidence, &supporting);
            let set_by = |mark: Sited, start: bool| {
                let id = setter(evidence, endpoints, mark, start, |id| members.contains(id));
                if members.contains(id) {
                    return id;
                }
                // A weightless claim sets where its origin's intersection ends.
                setter(evidence, endpoints, mark, start, |id| {
                    in_whole_origins(evidence, &origins, id)
                })
            };
            let (low_set_by, high_set_by) = (set_by(first, true), set_by(last, false));
            finish_region(evidence, (supporting, origins), low_set_by, high_set_by)
        })
        .collect();
    (regions, Some(best))
}

/// [`regions`] from the level's changes at the distinct end sites where it changes (see the
/// `coverage` module), with no sorted array, and the best level (`None` when it is 0): the
/// claims that set the regions' ends are found by one pass over the packed ends. Only claims
/// for which `contributes` (whose weight is not 0) are listed. `None` if a claim at a
/// region's end is not found (the caller then sorts).
fn regions_of_profile<C: Copy + Into<i128>>(
    evidence: &Evidence<'_>,
    profile: &[(Site, C)],
    contributes: impl Fn(u32) -> bool,
) -> Option<(Vec<Region>, Option<u128>)> {
    let mut found = BestSpans::new();
    for (site, start, _, after) in coverage::levels(profile) {
        found.see(start, after, site);
    }
    let BestSpans { best, spans, .. } = found;
    if best == 0 {
        return Some((Vec::new(), None));
    }
    let packed = evidence.packed_ends();
    let limits: Vec<(Limit, Limit)> = spans
        .iter()
        .map(|&(first, last)| (packed.limit_at(first), packed.limit_at(last)))
        .collect();
    let (supporting, at_ends) = supporting_lists(evidence, &limits, contributes);
    let origins: Vec<Vec<u32>> = supporting
        .iter()
        .map(|list| distinct_origins(evidence, list))
        .collect();
    let ends: Vec<Site> = spans
        .iter()
        .flat_map(|&(first, last)| [first, last])
        .collect();
    let set_by = match at_ends {
        // One region: its list's pass found the candidates.
        Some(candidates) => candidates
            .into_iter()
            .map(|c| evidence.first_by_id(c.into_iter()))
            .collect(),
        None => {
            // Several regions: membership is looked up in each list (in claim order) for the
            // few claims at the regions' ends, rather than kept as a set of bits per region.
            coverage::first_at(evidence, &ends, |index, id| {
                supporting
                    .get(index / 2)
                    .is_some_and(|list| list.binary_search(&id).is_ok())
            })
        }
    };
    let set_by = if set_by.iter().all(Option::is_some) {
        set_by
    } else {
        // A weightless claim of an origin judged whole sets where its intersection ends:
        // the claims of the supporting origins judged whole are looked at.
        let of_origins = coverage::first_at(evidence, &ends, |index, id| {
            origins
                .get(index / 2)
                .is_some_and(|origins| in_whole_origins(evidence, origins, id))
        });
        set_by
            .into_iter()
            .zip(of_origins)
            .map(|(listed, of_origin)| listed.or(of_origin))
            .collect()
    };
    let regions = supporting
        .into_iter()
        .zip(origins)
        .zip(set_by.chunks_exact(2))
        .map(|(supporters, set_by)| match *set_by {
            [Some(low), Some(high)] => Some(finish_region(evidence, supporters, low, high)),
            // A region's ends are where a supporting origin starts and stops covering (or
            // its weight changes), at an end of one of its claims: a bug if none is found
            // (the caller then sorts).
            _ => {
                debug_assert!(false, "no supporting claim at a region's end");
                None
            }
        })
        .collect::<Option<Vec<Region>>>()?;
    Some((regions, Some(best)))
}

/// Per region (from the start limit to the end limit), the counted claims that support it,
/// in claim order, among those for which `contributes`.
///
/// A claim whose weight rounds to zero supports no region: it adds no weight (though, in an
/// origin whose claims share a value, it may bound the intersection the origin asserts). A
/// claim supports a region when its origin covers it: judged by the origin's intersection for
/// a consistent origin with several claims (see `Evidence`), so that a wide claim of an origin
/// that asserts less is not listed.
///
/// For one region, also the listed claims whose start sits at its start and those whose end
/// sits at its end, found in the same pass: the candidates to set its ends.
fn supporting_lists(
    evidence: &Evidence<'_>,
    limits: &[(Limit, Limit)],
    contributes: impl Fn(u32) -> bool,
) -> (Vec<Vec<ClaimId>>, Option<[Vec<ClaimId>; 2]>) {
    if let [only] = *limits {
        // One region, the usual case: decided on the packed ends.
        let found = evidence.judged_overlaps(only, contributes, false);
        return (vec![found.listed], Some(found.at_ends));
    }
    // The regions from the first that ends at or after `start` to the last that starts at or
    // before `end`.
    let overlapped = |start: Position, end: Position| {
        let first = limits.partition_point(|(_, last)| last.position() < start);
        let past = first
            + limits
                .get(first..)
                .unwrap_or_default()
                .iter()
                .take_while(|(first, _)| first.position() <= end)
                .count();
        (first, past)
    };
    let mut lists: Vec<Vec<ClaimId>> = vec![Vec::new(); limits.len()];
    for (id, start, end) in evidence.judged_positions() {
        let (first, past) = overlapped(start, end);
        if first < past && contributes(id.0) {
            for list in lists.get_mut(first..past).unwrap_or_default() {
                list.push(id);
            }
        }
    }
    (lists, None)
}

/// An event with its index in the sorted array.
pub(crate) type Sited = (usize, Event);

/// Builds a reported region from its supporting claims, their origins (see
/// [`distinct_origins`]) and the claims that set its ends.
fn finish_region(
    evidence: &Evidence<'_>,
    (supporting, origins): (Vec<ClaimId>, Vec<u32>),
    low_set_by: ClaimId,
    high_set_by: ClaimId,
) -> Region {
    let low = evidence
        .claim(low_set_by)
        .map_or(Bound::Unbounded, |c| c.interval().low());
    let high = evidence
        .claim(high_set_by)
        .map_or(Bound::Unbounded, |c| c.interval().high());
    Region {
        interval: Interval::new(low, high).unwrap_or_else(|_| Interval::everything()),
        support: origins.len(),
        weight: None,
        supporting,
        origins,
        low_set_by,
        high_set_by,
    }
}

/// The origins of `claims`, sorted and without repeats: marked in a bit set of all origins
/// and read back in order, linear where sorting half a million origins is not.
fn distinct_origins(evidence: &Evidence<'_>, claims: &[ClaimId]) -> Vec<u32> {
    let mut seen = Bits::new(evidence.origin_count());
    let origin = evidence.origins_of_claims();
    for &o in claims.iter().filter_map(|id| origin.get(id.index())) {
        seen.insert(o as usize);
    }
    seen.ones().map(|o| o as u32).collect()
}

/// Whether claim `id`'s origin is among `origins` (sorted) and is judged as a whole (it has
/// several counted claims that share a value; see [`Evidence::is_consistent`]).
fn in_whole_origins(evidence: &Evidence<'_>, origins: &[u32], id: ClaimId) -> bool {
    evidence
        .origins_of_claims()
        .get(id.index())
        .is_some_and(|&o| {
            origins.binary_search(&o).is_ok() && evidence.whole_positions(o).is_some()
        })
}

/// Among the claims whose ends sit next to the event's in the sorted array (see
/// [`Endpoints::neighbours`]) and that pass `member`, the claim whose start (or end) lies at
/// the event's position, the smallest id when several do: the claim that sets that end of a
/// region, independent of the input order. Only the run of ends at that position is looked
/// at, not every member.
pub(crate) fn setter(
    evidence: &Evidence<'_>,
    endpoints: &Endpoints,
    (index, event): (usize, Event),
    start: bool,
    member: impl Fn(ClaimId) -> bool,
) -> ClaimId {
    let at = |id: ClaimId| {
        evidence.claim(id).is_some_and(|c| {
            let edge = if start {
                c.interval().start()
            } else {
                c.interval().end()
            };
            position(edge) == event.position()
        })
    };
    evidence
        .first_by_id(
            endpoints
                .neighbours(index)
                .filter(|&(claim, exact)| {
                    let id = ClaimId(claim);
                    member(id) && (exact || at(id))
                })
                .map(|(claim, _)| ClaimId(claim)),
        )
        .unwrap_or(ClaimId(event.claim))
}

/// A set of claims, as one bit per claim of the evidence.
pub(crate) struct Members(Bits);

impl Members {
    /// The set of `ids` among the evidence's claims.
    pub(crate) fn new(evidence: &Evidence<'_>, ids: &[ClaimId]) -> Members {
        let mut bits = Bits::new(evidence.claims().len());
        for id in ids {
            bits.insert(id.index());
        }
        Members(bits)
    }

    pub(crate) fn contains(&self, id: ClaimId) -> bool {
        self.0.contains(id.index())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algorithm::coverage::tests::{grouped_on_grid, many_grouped_claims};
    use crate::algorithm::summary::SummaryClaim;
    use proptest::prelude::*;

    #[test]
    fn large_evidence_agrees_without_sorting_its_ends() {
        let evidence = Evidence::from_grouped(&many_grouped_claims());
        // The path `run` takes here, not a fallback to sorting.
        let changes = coverage::changes(&evidence).expect("few distinct ends");
        assert!(regions_of_profile(&evidence, &changes, |_| true).is_some());
        let consensus = Agreement::new().run(&evidence);
        assert!(evidence.endpoints_if_built().is_none());
        assert_eq!(
            consensus,
            Agreement::new().run_on(&evidence, &Endpoints::new(&evidence))
        );
        assert!(consensus.support > 0);
    }

    #[test]
    fn one_inexact_end_is_enough_to_compare_full_values() {
        // Origin 0 contradicts itself: [0, 1] and [1 + 2⁻⁵⁰, 3], whose start alone does not
        // fit its packed key; origin 1 covers [0.5, 2]. The two regions stay apart (found by
        // the review of session 8: skipping the full comparison merged them).
        let h = 1.0 + 2f64.powi(-50);
        let claims = vec![
            (Interval::closed(0.0, 1.0).unwrap(), 0),
            (Interval::closed(h, 3.0).unwrap(), 0),
            (Interval::closed(0.5, 2.0).unwrap(), 1),
        ];
        let evidence = Evidence::from_grouped(&claims);
        let method = Agreement::new();
        let sorted = method.run_on(&evidence, &Endpoints::new(&evidence));
        let spans: Vec<(f64, f64)> = sorted
            .regions
            .iter()
            .map(|r| (r.interval.start().value(), r.interval.end().value()))
            .collect();
        assert_eq!(spans, [(0.5, 1.0), (h, 2.0)]);
        assert_eq!(method.run_on_changes(&evidence), Some(sorted));
    }

    #[test]
    fn many_tied_regions_find_their_ends_by_one_pass() {
        // 5,000 points on 500 values: 500 regions tie with support 10, and the claims that
        // set their ends are found for all of them at once.
        let points: Vec<Interval> = (0..5000)
            .map(|i| Interval::point(f64::from(i % 500)).unwrap())
            .collect();
        let evidence = Evidence::from_intervals(&points);
        let changes = coverage::changes(&evidence).expect("few distinct ends");
        let (regions, _) = regions_of_profile(&evidence, &changes, |_| true).expect("found");
        assert_eq!(regions.len(), 500);
        assert!(regions.iter().all(|r| r.support == 10));
        // The first claim (by id) at each value sets both ends: #0 … #499.
        assert_eq!(evidence.id(regions[7].low_set_by), "#7");
        let consensus = Agreement::new().run(&evidence);
        assert_eq!(
            consensus,
            Agreement::new().run_on(&evidence, &Endpoints::new(&evidence))
        );
    }

    proptest! {
        /// The regions found from where origins start and stop covering, with their lists
        /// and the claims that set their ends, are those of the sweep over the sorted ends.
        #[test]
        fn the_profile_gives_the_sweeps_regions(
            claims in any::<bool>().prop_flat_map(grouped_on_grid),
        ) {
            let evidence = Evidence::from_grouped(&claims);
            let method = Agreement::new();
            let sorted = method.run_on(&evidence, &Endpoints::new(&evidence));
            // From the changes only (what `run` uses), and from every site.
            for profile in [coverage::changes(&evidence), coverage::profile(&evidence)] {
                prop_assert!(profile.is_some());
                let regions = regions_of_profile(&evidence, &profile.unwrap_or_default(), |_| true);
                prop_assert!(regions.is_some());
                let (regions, _) = regions.unwrap_or_default();
                prop_assert_eq!(&method.consensus(&evidence, regions, None), &sorted);
            }
        }

        /// Weighted: the regions found from where origins' weights change are those of the
        /// sweep over the sorted ends (itself with the tracker for few weights, or with the
        /// general one for more than 16 distinct weights).
        #[test]
        fn the_weighted_changes_give_the_sweeps_regions(
            claims in any::<bool>().prop_flat_map(grouped_on_grid),
            weights in prop::collection::vec(prop::sample::select(WEIGHTS.to_vec()), 30),
            many in any::<bool>(),
        ) {
            let claims = weighted_summary(&claims, &weights, many);
            let evidence = Evidence::from_summary(&claims);
            let method = Agreement::new().weighted(true);
            let sorted = method.run_on(&evidence, &Endpoints::new(&evidence));
            // Layer by layer (the weights ranked) and by the sweep of each origin's ends.
            let ranks = WeightRanks::new(evidence.weights_of_claims(), coverage::MOST_RANKS);
            prop_assert!(ranks.is_some());
            prop_assert_eq!(method.weighted_on_changes(&evidence, ranks.as_ref()), Some(sorted.clone()));
            prop_assert_eq!(method.weighted_on_changes(&evidence, None), Some(sorted.clone()));
            prop_assert_eq!(method.run_on_changes(&evidence), Some(sorted));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Weighted, on origins of up to 200 claims (past the 32 and 64 claims where the
        /// small-group ways end) with up to 100 distinct weights (past the 64 that are
        /// ranked): the regions of the sweep over the sorted ends.
        #[test]
        fn large_origins_give_the_sweeps_weighted_regions(
            hair_apart in any::<bool>(),
            claims in prop::collection::vec(
                ((0u8..6, 0u8..3, any::<bool>()), (0u8..6, any::<bool>()), 0u32..3, 0u8..100),
                0..200,
            ),
        ) {
            let hair = if hair_apart { 2f64.powi(-50) } else { 0.0 };
            let claims: Vec<SummaryClaim> = claims
                .iter()
                .enumerate()
                .filter_map(|(i, &((low, k, low_open), (width, high_open), origin, w))| {
                    let low = f64::from(low) + f64::from(k) * hair;
                    let high = low + f64::from(width);
                    Some(SummaryClaim {
                        id: format!("c{i}"),
                        origin: format!("o{origin}"),
                        interval: Interval::from_parts(Some(low), low_open, Some(high), high_open)
                            .ok()?,
                        weight: f64::from(w) / 8.0,
                    })
                })
                .collect();
            let evidence = Evidence::from_summary(&claims);
            let method = Agreement::new().weighted(true);
            let sorted = method.run_on(&evidence, &Endpoints::new(&evidence));
            prop_assert_eq!(method.run_on_changes(&evidence), Some(sorted.clone()));
            prop_assert_eq!(method.weighted_on_changes(&evidence, None), Some(sorted));
        }
    }

    /// Weights to draw from: zero, equal ones, one that dwarfs the rest, and some that round
    /// to the same integer weight.
    const WEIGHTS: [f64; 7] = [0.0, 0.25, 1.0, 1.0, 3.5, 1e-17, 4.0];

    /// Grouped intervals as summary claims with the given weights; with `many`, each weight
    /// is also nudged by its claim's place, so that they take more than 16 distinct values.
    fn weighted_summary(
        claims: &[(Interval, u32)],
        weights: &[f64],
        many: bool,
    ) -> Vec<SummaryClaim> {
        claims
            .iter()
            .zip(weights.iter().cycle())
            .enumerate()
            .map(|(i, (&(interval, origin), &weight))| SummaryClaim {
                id: format!("c{i}"),
                origin: format!("o{origin}"),
                interval,
                weight: if many {
                    weight * (1.0 + i as f64 / 64.0)
                } else {
                    weight
                },
            })
            .collect()
    }

    /// Weighted agreement by the sweep over sorted ends, after checking that the level's
    /// changes give the same, layer by layer and by each origin's sorted ends.
    fn weighted_on_both_paths(evidence: &Evidence<'_>) -> Consensus {
        let method = Agreement::new().weighted(true);
        let sorted = method.run_on(evidence, &Endpoints::new(evidence));
        for ranks in [None, WeightRanks::new(evidence.weights_of_claims(), 64)] {
            assert_eq!(
                method.weighted_on_changes(evidence, ranks.as_ref()),
                Some(sorted.clone())
            );
        }
        sorted
    }

    #[test]
    fn a_weightless_claim_sets_where_its_origin_asserts_less() {
        // One origin whose claims share a value: it asserts their intersection (-∞, 1],
        // with its largest weight, though the claim that ends at 1 weighs nothing. That
        // claim supports nothing, yet sets the region's end (found by proptest).
        let up_to_one = Interval::from_parts(None, true, Some(1.0), false).unwrap();
        let claims: Vec<SummaryClaim> = [
            (Interval::everything(), 0.0),
            (Interval::everything(), 0.25),
            (up_to_one, 0.0),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, (interval, weight))| SummaryClaim {
            id: format!("c{i}"),
            origin: "o".into(),
            interval,
            weight,
        })
        .collect();
        let evidence = Evidence::from_summary(&claims);
        let sorted = weighted_on_both_paths(&evidence);
        let [region] = &sorted.regions[..] else {
            panic!("one region: {sorted:?}");
        };
        assert_eq!(region.interval.to_string(), "(-∞, 1]");
        assert_eq!(region.supporting, [ClaimId(1)]);
        assert_eq!(
            (region.low_set_by, region.high_set_by),
            (ClaimId(1), ClaimId(2))
        );
    }

    #[test]
    fn only_an_origin_judged_whole_lends_a_weightless_claim_to_set_an_end() {
        // Origin A asserts [5, 10] (its weightless c2 bounds the intersection); origin B
        // contradicts itself, and its weightless c0 at 5 bounds nothing, though its id comes
        // first (found in review).
        let claim = |id: &str, origin: &str, low: f64, high: f64, weight: f64| SummaryClaim {
            id: id.into(),
            origin: origin.into(),
            interval: Interval::closed(low, high).unwrap(),
            weight,
        };
        let claims = [
            claim("c1", "A", 0.0, 10.0, 1.0),
            claim("c2", "A", 5.0, 10.0, 0.0),
            claim("c0", "B", 5.0, 10.0, 0.0),
            claim("c3", "B", 0.0, 10.0, 1.0),
            claim("c4", "B", 20.0, 30.0, 1.0),
        ];
        let evidence = Evidence::from_summary(&claims);
        let sorted = weighted_on_both_paths(&evidence);
        let [region] = &sorted.regions[..] else {
            panic!("one region: {sorted:?}");
        };
        assert_eq!(region.interval.to_string(), "[5, 10]");
        let id = |c: ClaimId| evidence.id(c).to_string();
        assert_eq!(
            (id(region.low_set_by), id(region.high_set_by)),
            ("c2".into(), "c1".into())
        );
    }

    #[test]
    fn large_weighted_evidence_agrees_without_sorting_its_ends() {
        let grouped = many_grouped_claims();
        let weights: Vec<f64> = (0..7).map(|w| f64::from(w) / 2.0).collect();
        let claims = weighted_summary(&grouped, &weights, false);
        let evidence = Evidence::from_summary(&claims);
        let method = Agreement::new().weighted(true);
        // The path `run` takes here, not a fallback to sorting.
        let changed = method.run_on_changes(&evidence).expect("few distinct ends");
        let consensus = method.run(&evidence);
        assert_eq!(consensus, changed);
        assert!(evidence.endpoints_if_built().is_none());
        assert_eq!(
            consensus,
            method.run_on(&evidence, &Endpoints::new(&evidence))
        );
        assert!(consensus.weight.is_some_and(|w| w > 0.0));
    }
}
