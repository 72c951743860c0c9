//! k-of-n agreement (Marzullo): the regions covered by the most independent origins.
//!
//! One sweep over the shared [`Endpoints`] finds the largest support and every maximal
//! region that has it — ties are all reported, in increasing order, never broken silently;
//! the supporting lists are built for those regions only, by one pass over the claims.
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
use crate::algorithm::endpoints::{Endpoints, Event, Position, position};
use crate::algorithm::few_weights::FewWeights;
use crate::algorithm::prepare::{ClaimId, Evidence};
use crate::algorithm::support::{ClaimWeights, Kept, Origins, Singles, Tracker, Weights, keyed};
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
    /// The claim whose start is the region's low end (the smallest id when several are).
    pub low_set_by: ClaimId,
    /// The claim whose end is the region's high end (the smallest id when several are).
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

    /// Runs on the evidence's shared endpoint array.
    pub fn run(&self, evidence: &Evidence<'_>) -> Consensus {
        self.run_on(evidence, evidence.endpoints())
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

/// The largest level, the first event that reaches it and the last event that leaves it.
pub(crate) fn best_level<T: Tracker>(
    endpoints: &Endpoints,
    tracker: &mut T,
) -> (u128, Option<Sited>, Option<Sited>) {
    tracker.reset();
    let mut best = 0u128;
    let (mut first, mut last) = (None, None);
    for (index, (ev, key)) in keyed(endpoints, tracker).enumerate() {
        if ev.start {
            tracker.start(ev.claim, key);
            if tracker.level() > best {
                best = tracker.level();
                first = Some((index, ev));
                last = None;
            }
        } else {
            let before = tracker.level();
            tracker.end(ev.claim, key);
            if before == best && tracker.level() < best {
                last = Some((index, ev));
            }
        }
    }
    (best, first, last)
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
    let mut best = 0u128;
    let mut spans: Vec<(Sited, Sited)> = Vec::new();
    let mut open: Option<Sited> = None;
    for (index, (ev, key)) in keyed(endpoints, tracker).enumerate() {
        tracker.step(ev.claim, key, ev.start);
        let level = tracker.level();
        if ev.start {
            if level > best {
                best = level;
                spans.clear();
                open = Some((index, ev));
            } else if level == best && open.is_none() {
                open = Some((index, ev));
            }
        } else if level < best
            && let Some(first) = open.take()
        {
            spans.push((first, (index, ev)));
        }
    }
    if best == 0 {
        return (Vec::new(), None);
    }
    let mut lists: Vec<Vec<u32>> = vec![Vec::new(); spans.len()];
    // A claim whose weight rounds to zero moves no level, so regions do not end where it
    // does: it supports none of them. A claim supports a region when its origin covers it:
    // judged by the origin's intersection for a consistent origin with several claims (see
    // `Evidence`), so that a wide claim of an origin that asserts less is not listed.
    if let [((first, start), (last, end))] = spans.as_slice() {
        // One region, the usual case: decided on the packed ends.
        let (from, to) = (
            endpoints.limit(*first, *start),
            endpoints.limit(*last, *end),
        );
        if let Some(list) = lists.first_mut() {
            // About half the claims are listed, in no predictable order.
            let mut kept = Kept::with_room(evidence.counted(), 0);
            evidence.judged_overlaps(from, to, |id, listed| {
                kept.offer(id.0, listed & tracker.contributes(id.0));
            });
            *list = kept.into_vec();
        }
    } else {
        // The spans from the first that ends at or after `start` to the last that starts at
        // or before `end`.
        let overlapped = |start: Position, end: Position| {
            let first = spans.partition_point(|(_, (_, last))| last.position() < start);
            let past = first
                + spans
                    .get(first..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|((_, first), _)| first.position() <= end)
                    .count();
            (first, past)
        };
        for (id, start, end) in evidence.judged_positions() {
            let (first, past) = overlapped(start, end);
            if first < past && tracker.contributes(id.0) {
                for list in lists.get_mut(first..past).unwrap_or_default() {
                    list.push(id.0);
                }
            }
        }
    }
    let out = spans
        .into_iter()
        .zip(lists)
        .map(|((first, last), supporting)| {
            finish_region(evidence, endpoints, supporting, first, last)
        })
        .collect();
    (out, Some(best))
}

/// An event with its index in the sorted array.
pub(crate) type Sited = (usize, Event);

/// Builds a reported region: sorted supporting list, origins, and the claims that set its ends.
fn finish_region(
    evidence: &Evidence<'_>,
    endpoints: &Endpoints,
    supporting: Vec<u32>,
    first: Sited,
    last: Sited,
) -> Region {
    let supporting: Vec<ClaimId> = supporting.into_iter().map(ClaimId).collect();
    let members = Members::new(evidence, &supporting);
    let low_set_by = setter(evidence, endpoints, first, true, |id| members.contains(id));
    let high_set_by = setter(evidence, endpoints, last, false, |id| members.contains(id));
    let low = evidence
        .claim(low_set_by)
        .map_or(Bound::Unbounded, |c| c.interval().low());
    let high = evidence
        .claim(high_set_by)
        .map_or(Bound::Unbounded, |c| c.interval().high());
    let origins = distinct_origins(evidence, &supporting);
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
