//! Hull, intersection and union of the counted claims' intervals, with exact ends.
//!
//! Hull and intersection are single linear passes; the union is one sweep over the shared
//! sorted [`Endpoints`](crate::Endpoints). Union pieces that touch with no value between them
//! (`[1, 3)` and `[3, 5]`, or `[1, 3]` and `(3, 5]`) are merged; `(1, 3)` and `(3, 5)` are
//! not, since 3 belongs to neither. Every output end names the claim that sets it (the
//! smallest id when several claims share that end), independent of the input order.

use crate::algorithm::agreement::setter;
use crate::algorithm::endpoints::{Endpoints, Event};
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
    union_on(evidence, evidence.endpoints())
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
