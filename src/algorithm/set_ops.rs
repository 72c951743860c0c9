//! Hull, intersection and union of the counted claims' intervals, with exact ends.
//!
//! Hull and intersection are single linear passes. The union needs the order of the ends
//! only up to ties, so it counts the ends by distinct value instead of sorting them all when
//! they take few values (as round numbers do), and otherwise sweeps the shared sorted
//! [`Endpoints`](crate::Endpoints). Union pieces that touch with no value between them
//! (`[1, 3)` and `[3, 5]`, or `[1, 3]` and `(3, 5]`) are merged; `(1, 3)` and `(3, 5)` are
//! not, since 3 belongs to neither. Every output end names the claim that sets it (the
//! smallest id when several claims share that end), independent of the input order.

use crate::algorithm::agreement::setter;
use crate::algorithm::coverage;
use crate::algorithm::endpoints::{COUNT_DISTINCT_FROM, Endpoints, Event, Site, full_key};
use crate::algorithm::prepare::{ClaimId, Evidence};
use crate::interval::Interval;

/// An interval with the claims that set its ends.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Bounded {
    /// The interval.
    pub interval: Interval,
    /// The claim that sets its low end.
    pub low_set_by: ClaimId,
    /// The claim that sets its high end.
    pub high_set_by: ClaimId,
}

/// One piece of a union: a maximal interval covered by at least one counted claim.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct UnionPiece {
    /// The piece.
    pub interval: Interval,
    /// How many counted claims lie in it.
    pub claims: usize,
    /// The claim that sets its low end.
    pub low_set_by: ClaimId,
    /// The claim that sets its high end.
    pub high_set_by: ClaimId,
}

/// Picks, between the current holder and a challenger of an equal end, the smaller id.
fn smaller(evidence: &Evidence<'_>, current: ClaimId, challenger: ClaimId) -> ClaimId {
    if evidence.id_cmp(challenger, current).is_lt() {
        challenger
    } else {
        current
    }
}

/// The smallest interval holding every counted claim; `None` when none counts.
///
/// ```
/// use sourced::{hull, Evidence, Interval};
/// let evidence = Evidence::from_intervals(&[Interval::greater_than(3000.0)?, Interval::closed(0.0, 10_000.0)?]);
/// let h = hull(&evidence).expect("two claims");
/// assert_eq!(h.interval.to_string(), "[0, ∞)");
/// assert_eq!((evidence.id(h.low_set_by).as_ref(), evidence.id(h.high_set_by).as_ref()), ("#1", "#0"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn hull(evidence: &Evidence<'_>) -> Option<Bounded> {
    extreme(evidence, true)
}

/// The values every counted claim holds, with the claims that set its ends; `None` when
/// they share no value or none counts.
///
/// ```
/// use sourced::{intersection, Evidence, Interval};
/// let evidence = Evidence::from_intervals(&[Interval::greater_than(3000.0)?, Interval::closed(0.0, 10_000.0)?]);
/// assert_eq!(intersection(&evidence).expect("compatible").interval.to_string(), "(3000, 10000]");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn intersection(evidence: &Evidence<'_>) -> Option<Bounded> {
    extreme(evidence, false)
}

fn extreme(evidence: &Evidence<'_>, outer: bool) -> Option<Bounded> {
    let mut ids = evidence.counted_ids();
    let first = ids.next()?;
    let first_interval = *evidence.claim(first)?.interval();
    // The current ends as sweep keys, and the claims that set them.
    let (mut low, mut low_edge) = (first, first_interval.start());
    let (mut high, mut high_edge) = (first, first_interval.end());
    for id in ids {
        let Some(c) = evidence.claim(id) else {
            continue;
        };
        let (start, end) = (c.interval().start(), c.interval().end());
        let (start_wins, end_wins) = if outer {
            (start < low_edge, end > high_edge)
        } else {
            (start > low_edge, end < high_edge)
        };
        if start_wins {
            (low, low_edge) = (id, start);
        } else if start == low_edge {
            low = smaller(evidence, low, id);
        }
        if end_wins {
            (high, high_edge) = (id, end);
        } else if end == high_edge {
            high = smaller(evidence, high, id);
        }
    }
    let (l, h) = (
        evidence.claim(low)?.interval(),
        evidence.claim(high)?.interval(),
    );
    Interval::new(l.low(), h.high())
        .ok()
        .map(|interval| Bounded {
            interval,
            low_set_by: low,
            high_set_by: high,
        })
}

/// The union of the counted claims: sorted, disjoint, merged pieces.
///
/// When the evidence has built its sorted endpoint array ([`Evidence::endpoints`]), this
/// is one sweep over it. Otherwise, from 4,096 counted claims whose ends take at most 2¹⁵
/// distinct values (people say round numbers), the ends are counted by distinct value in a
/// small table and only the distinct values are sorted, which costs less than sorting them
/// all; with fewer claims or more values, the ends are sorted for this call. The evidence
/// keeps no array from either: to sort once for several algorithms, call
/// [`Evidence::endpoints`] first, or [`union_on`]. Every way gives the same pieces.
///
/// ```
/// use sourced::{union, Evidence, Interval};
/// let evidence = Evidence::from_intervals(&[
///     Interval::from_parts(Some(1.0), false, Some(3.0), true)?, // [1, 3)
///     Interval::closed(3.0, 5.0)?,
///     Interval::open(7.0, 8.0)?,
/// ]);
/// let pieces: Vec<String> = union(&evidence).iter().map(|p| p.interval.to_string()).collect();
/// assert_eq!(pieces, ["[1, 5]", "(7, 8)"]);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn union(evidence: &Evidence<'_>) -> Vec<UnionPiece> {
    if let Some(endpoints) = evidence.endpoints_if_built() {
        return union_on(evidence, endpoints);
    }
    if evidence.counted() >= COUNT_DISTINCT_FROM
        && let Some(pieces) = union_by_counting(evidence)
    {
        return pieces;
    }
    union_on(evidence, &Endpoints::new(evidence))
}

/// [`union`] without sorting the ends: `None` when they take too many distinct values.
///
/// The union needs the ends' order only up to ties: how many claims start and end at each
/// distinct site gives the depth, and the depth's returns to zero give the components. So
/// the ends are counted by distinct site and only those are sorted (see
/// [`PackedEnds::distinct_sites`](crate::algorithm::endpoints::PackedEnds::distinct_sites));
/// one more pass over the packed ends then finds the claims at the pieces' ends.
fn union_by_counting(evidence: &Evidence<'_>) -> Option<Vec<UnionPiece>> {
    let claims = evidence.claims();
    let full = |claim: u32, end: bool| full_key(claims, claim, end);
    let packed = evidence.packed_ends();
    // Pieces as (site of the low end, site of the high end, claims).
    let mut pieces: Vec<(Site, Site, usize)> = Vec::new();
    let (mut depth, mut members) = (0u64, 0u64);
    let mut opened: Option<Site> = None;
    for (site, n) in packed.distinct_sites(full)? {
        let n = u64::from(n);
        if site.1 & 1 == 0 {
            if depth == 0 {
                opened = Some(site);
            }
            depth = depth.saturating_add(n);
            members = members.saturating_add(n);
            continue;
        }
        depth = depth.saturating_sub(n);
        let (0, Some(low)) = (depth, opened) else {
            continue;
        };
        let count = usize::try_from(members).ok()?;
        members = 0;
        // A component that starts where the previous one ended, sharing the value (only v⁻
        // and v⁺ leave a gap between them), continues its piece.
        match pieces.last_mut() {
            Some((_, high, claims)) if touches(*high, low) => {
                *high = site;
                *claims += count;
            }
            _ => pieces.push((low, site, count)),
        }
    }
    // The claims that set the pieces' ends, found by one pass over the packed ends.
    let ends: Vec<Site> = pieces.iter().flat_map(|&(l, h, _)| [l, h]).collect();
    let set_by = coverage::first_at(evidence, &ends, |_, _| true);
    pieces
        .into_iter()
        .zip(set_by.chunks_exact(2))
        .map(|((_, _, claims), set_by)| {
            // Each end of a piece is an end of one of its claims: a bug if none is found (the
            // caller then sorts).
            let &[Some(low_set_by), Some(high_set_by)] = set_by else {
                debug_assert!(false, "no claim at an end of a piece");
                return None;
            };
            let l = evidence.claim(low_set_by)?.interval().low();
            let h = evidence.claim(high_set_by)?.interval().high();
            Some(UnionPiece {
                interval: Interval::new(l, h).ok()?,
                claims,
                low_set_by,
                high_set_by,
            })
        })
        .collect()
}

/// Whether a component starting at `start` continues the piece that ends at `end`: they
/// share the value, and not as v⁻ and v⁺ (which leave the value itself out).
fn touches(end: Site, start: Site) -> bool {
    end.0 == start.0 && !(end.1 >> 1 == 0 && start.1 >> 1 == 2)
}

/// [`union`] on an endpoint array built by [`Endpoints::new`] from this evidence.
///
/// One pass over the endpoint array finds where the depth (the number of claims covering
/// the position) returns to zero; between two such places lies a component of the union.
/// Components that touch are merged into pieces. Only the ends of each component are
/// decoded, and claim data is read only to find the claims that set them (the smallest id
/// where ends tie).
pub fn union_on(evidence: &Evidence<'_>, endpoints: &Endpoints) -> Vec<UnionPiece> {
    let mut pieces: Vec<UnionPiece> = Vec::new();
    // The close of the previous component: its index, and its end event.
    let mut previous: Option<(usize, Event)> = None;
    let mut first = 0;
    let mut inexact_before = 0;
    for (last, inexact_through) in endpoints.depth_zeros() {
        let (Some(start), Some(end)) = (
            endpoints.event_at(first, inexact_before),
            // The inexact items before `last`: one fewer than through it when `last` is
            // inexact; when it is not, its decoding reads no full key, so the count does not
            // matter.
            endpoints.event_at(last, inexact_through.saturating_sub(1)),
        ) else {
            break;
        };
        // Every claim of the component has both its ends in it.
        let claims = (last + 1 - first) / 2;
        let high_set_by = set_by(evidence, endpoints, (last, end), false);
        // A component that starts where the previous one ended, sharing the value (only v⁻
        // and v⁺ leave a gap between them), continues its piece.
        let touching = previous
            .is_some_and(|(_, e)| e.value == start.value && !(e.side == 0 && start.side == 2));
        match pieces.last_mut() {
            Some(piece) if touching => {
                piece.claims += claims;
                piece.high_set_by = high_set_by;
            }
            _ => pieces.push(UnionPiece {
                interval: Interval::everything(),
                claims,
                low_set_by: set_by(evidence, endpoints, (first, start), true),
                high_set_by,
            }),
        }
        previous = Some((last, end));
        first = last + 1;
        inexact_before = inexact_through;
    }
    pieces
        .into_iter()
        .filter_map(|mut piece| {
            let l = evidence.claim(piece.low_set_by)?.interval().low();
            let h = evidence.claim(piece.high_set_by)?.interval().high();
            piece.interval = Interval::new(l, h).ok()?;
            Some(piece)
        })
        .collect()
}

/// The claim that sets the end at `index` (a start when `start`): the smallest id among
/// the claims whose start (end) lies at the event's position.
fn set_by(
    evidence: &Evidence<'_>,
    endpoints: &Endpoints,
    sited: (usize, Event),
    start: bool,
) -> ClaimId {
    setter(evidence, endpoints, sited, start, |_| true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Intervals on a grid of a few values, some a hair apart (1 + k·2⁻⁵⁰ does not fit the
    /// key of a small evidence), with open, closed and unbounded ends.
    fn near_grid() -> impl Strategy<Value = Vec<Interval>> {
        let value =
            (0u8..4, 0u8..3).prop_map(|(j, k)| 1.0 + f64::from(j) + f64::from(k) * 2f64.powi(-50));
        let end = (prop::option::weighted(0.9, value), any::<bool>());
        prop::collection::vec((end.clone(), end), 0..24).prop_map(|ends| {
            ends.into_iter()
                .filter_map(|((low, lo), (high, ho))| Interval::from_parts(low, lo, high, ho).ok())
                .collect()
        })
    }

    #[test]
    fn union_counts_without_sorting_the_evidence_ends() {
        // Enough claims for counting, on a few round values: [k, k + 3] for k = 0..9, and
        // (20, 21) repeated; two pieces.
        let intervals: Vec<Interval> = (0..COUNT_DISTINCT_FROM)
            .map(|i| match i % 11 {
                10 => Interval::open(20.0, 21.0).unwrap(),
                k => Interval::closed(k as f64, k as f64 + 3.0).unwrap(),
            })
            .collect();
        let evidence = Evidence::from_intervals(&intervals);
        let pieces = union(&evidence);
        assert_eq!(Some(&pieces), union_by_counting(&evidence).as_ref());
        let shown: Vec<String> = pieces.iter().map(|p| p.interval.to_string()).collect();
        assert_eq!(shown, ["[0, 12]", "(20, 21)"]);
        assert_eq!(pieces[0].claims + pieces[1].claims, COUNT_DISTINCT_FROM);
        // The first claims in input order set the ends: #0 starts at 0, #9 ends at 12, #10
        // is the first (20, 21).
        let ids = |p: &UnionPiece| (evidence.id(p.low_set_by), evidence.id(p.high_set_by));
        assert_eq!(ids(&pieces[0]), ("#0".into(), "#9".into()));
        assert_eq!(ids(&pieces[1]), ("#10".into(), "#10".into()));
        // The evidence's sorted array was not built for it.
        assert!(evidence.endpoints_if_built().is_none());
    }

    #[test]
    fn many_ends_a_hair_apart_are_sorted_not_counted() {
        // 5,000 disjoint intervals whose ends differ beyond the packed key: counting would
        // set every end apart, so the union sorts instead, with the same result.
        let tiny = 2f64.powi(-50);
        let intervals: Vec<Interval> = (0..5000)
            .map(|k| {
                let low = 1.0 + f64::from(2 * k) * tiny;
                Interval::closed(low, low + tiny).unwrap()
            })
            .collect();
        let evidence = Evidence::from_intervals(&intervals);
        let claims = evidence.claims();
        let full = |claim: u32, end: bool| full_key(claims, claim, end);
        assert!(evidence.packed_ends().distinct_sites(full).is_none());
        assert!(union_by_counting(&evidence).is_none());
        let pieces = union(&evidence);
        assert_eq!(pieces.len(), 5000);
        assert_eq!(pieces, union_on(&evidence, &Endpoints::new(&evidence)));
    }

    proptest! {
        /// Counting the distinct ends takes its own path (it does not fall back to sorting
        /// on such few values) and finds what the sweep over the sorted ends finds: the same
        /// pieces, member counts and claims setting each end.
        #[test]
        fn counting_and_sorting_give_the_same_union(intervals in near_grid()) {
            let evidence = Evidence::from_intervals(&intervals);
            let counted = union_by_counting(&evidence);
            prop_assert!(counted.is_some());
            prop_assert_eq!(counted, Some(union_on(&evidence, &Endpoints::new(&evidence))));
        }
    }
}
