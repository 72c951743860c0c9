//! k-of-n agreement (Marzullo): the regions covered by the most independent origins.
//!
//! One sweep over the shared [`Endpoints`] finds the largest support; a second sweep
//! reports every maximal region that has it — ties are all reported, in increasing order,
//! never broken silently — and builds the supporting lists for those regions only.
//! A region ends where its support drops, so within a region the set of supporting origins
//! is constant and, when every origin has one claim, the region is exactly the intersection
//! of its supporting claims (Marzullo's "smallest interval consistent with the most
//! sources").
//!
//! The weighted variant uses weights (confidence midpoint × source weight, each origin once
//! with its largest weight at the point; see the `support` module) instead of counts.
//!
//! Reference: K. Marzullo, *Maintaining the time in a distributed system*, PhD thesis,
//! Stanford, 1984; worked examples on Wikipedia's "Marzullo's algorithm" page.

use crate::algorithm::endpoints::{Endpoints, Event};
use crate::algorithm::prepare::{ClaimId, Evidence};
use crate::algorithm::support::{Origins, Singles, Tracker, Weights};
use crate::interval::{Bound, Interval};

/// k-of-n agreement, configured: by count of independent origins (the default) or by weight.
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
    /// The counted claims that share a value with the region, by position in the evidence.
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
            let make = || Weights::new(evidence);
            let probe = make();
            let (regions, best) = regions(evidence, endpoints, make);
            (regions, best.map(|b| probe.to_weight(b)))
        } else if evidence.has_shared_origins() {
            (
                regions(evidence, endpoints, || Origins::new(evidence)).0,
                None,
            )
        } else {
            (regions(evidence, endpoints, Singles::default).0, None)
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
    mut tracker: T,
) -> (u128, Option<Event>, Option<Event>) {
    let mut best = 0u128;
    let (mut first, mut last) = (None, None);
    for ev in endpoints.events() {
        if ev.start {
            tracker.start(ev.claim);
            if tracker.level() > best {
                best = tracker.level();
                first = Some(ev);
                last = None;
            }
        } else {
            let before = tracker.level();
            tracker.end(ev.claim);
            if before == best && tracker.level() < best {
                last = Some(ev);
            }
        }
    }
    (best, first, last)
}

/// The claims currently covering the sweep position, with O(1) insert and remove.
struct ActiveSet {
    members: Vec<u32>,
    position: Vec<u32>,
}

impl ActiveSet {
    fn new(claims: usize) -> ActiveSet {
        ActiveSet {
            members: Vec::new(),
            position: vec![u32::MAX; claims],
        }
    }
    #[inline]
    fn insert(&mut self, claim: u32) {
        if let Some(p) = self.position.get_mut(claim as usize) {
            *p = self.members.len() as u32;
            self.members.push(claim);
        }
    }
    #[inline]
    fn remove(&mut self, claim: u32) {
        let Some(&p) = self.position.get(claim as usize) else {
            return;
        };
        if let Some(&last) = self.members.last() {
            if let Some(slot) = self.members.get_mut(p as usize) {
                *slot = last;
            }
            if let Some(q) = self.position.get_mut(last as usize) {
                *q = p;
            }
        }
        self.members.pop();
        if let Some(q) = self.position.get_mut(claim as usize) {
            *q = u32::MAX;
        }
    }
}

/// Every maximal region at the best level, with supporting lists; and the best level.
fn regions<T: Tracker>(
    evidence: &Evidence<'_>,
    endpoints: &Endpoints,
    make: impl Fn() -> T,
) -> (Vec<Region>, Option<u128>) {
    let (best, _, _) = best_level(endpoints, make());
    if best == 0 {
        return (Vec::new(), None);
    }
    let mut tracker = make();
    let mut active = ActiveSet::new(evidence.claims().len());
    let mut out = Vec::new();
    // The open region: its supporting claims so far and its first event.
    let mut open: Option<(Vec<u32>, Event)> = None;
    for ev in endpoints.events() {
        if ev.start {
            tracker.start(ev.claim);
            active.insert(ev.claim);
            match &mut open {
                Some((supporting, _)) => supporting.push(ev.claim),
                None if tracker.level() == best => {
                    open = Some((active.members.clone(), ev));
                }
                None => {}
            }
        } else {
            tracker.end(ev.claim);
            active.remove(ev.claim);
            if tracker.level() < best
                && let Some((supporting, first)) = open.take()
            {
                out.push(finish_region(evidence, supporting, first, ev));
            }
        }
    }
    (out, Some(best))
}

/// Builds a reported region: sorted supporting list, origins, and the claims that set its ends.
fn finish_region(
    evidence: &Evidence<'_>,
    supporting: Vec<u32>,
    first: Event,
    last: Event,
) -> Region {
    let supporting = sorted_ids(supporting, evidence.claims().len());
    let low_set_by = setter(evidence, &supporting, first, true);
    let high_set_by = setter(evidence, &supporting, last, false);
    let low = evidence
        .claim(low_set_by)
        .map_or(Bound::Unbounded, |c| c.interval().low());
    let high = evidence
        .claim(high_set_by)
        .map_or(Bound::Unbounded, |c| c.interval().high());
    let mut origins: Vec<u32> = supporting
        .iter()
        .filter_map(|&id| evidence.claim(id).map(|c| c.origin()))
        .collect();
    origins.sort_unstable();
    origins.dedup();
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

/// Claim indices sorted: by marking and scanning when the list is a large share of all claims
/// (linear), by sorting otherwise.
pub(crate) fn sorted_ids(mut ids: Vec<u32>, claims: usize) -> Vec<ClaimId> {
    if ids.len() > claims / 16 && ids.len() > 64 {
        let mut mark = vec![false; claims];
        for &i in &ids {
            if let Some(m) = mark.get_mut(i as usize) {
                *m = true;
            }
        }
        ids.clear();
        ids.extend(
            mark.iter()
                .enumerate()
                .filter(|(_, m)| **m)
                .map(|(i, _)| i as u32),
        );
    } else {
        ids.sort_unstable();
        ids.dedup();
    }
    ids.into_iter().map(ClaimId).collect()
}

/// Among `candidates`, the claim whose start (or end) lies at the event's position, the
/// smallest id when several do: the claim that sets that end of a region, independent of the
/// input order.
pub(crate) fn setter(
    evidence: &Evidence<'_>,
    candidates: &[ClaimId],
    event: Event,
    start: bool,
) -> ClaimId {
    use crate::algorithm::endpoints::position;
    let at = |id: &ClaimId| {
        evidence.claim(*id).is_some_and(|c| {
            let edge = if start {
                c.interval().start()
            } else {
                c.interval().end()
            };
            position(edge) == event.position()
        })
    };
    candidates
        .iter()
        .filter(|id| at(id))
        .min_by(|a, b| evidence.id(**a).cmp(&evidence.id(**b)).then(a.cmp(b)))
        .copied()
        .unwrap_or(ClaimId(event.claim))
}
