//! Hull, intersection and union of the counted claims' intervals, with exact ends.
//!
//! Hull and intersection are single linear passes; the union is one sweep over the shared
//! sorted [`Endpoints`](crate::Endpoints). Union pieces that touch with no value between them
//! (`[1, 3)` and `[3, 5]`, or `[1, 3]` and `(3, 5]`) are merged; `(1, 3)` and `(3, 5)` are
//! not, since 3 belongs to neither. Every output end names the claim that sets it (the
//! smallest id when several claims share that end), independent of the input order.

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
/// One sweep over the endpoint array finds the pieces, counts their claims and finds the
/// claims that set their ends; claim data is read only to compare ids where ends tie.
pub fn union_on(evidence: &Evidence<'_>, endpoints: &Endpoints) -> Vec<UnionPiece> {
    // A piece opens when the depth leaves 0 and closes when it returns to 0. The claims
    // that set its low end start at its first position, and their starts come right after
    // the opening one (ends with the same value, side and end sort together); the claims
    // that set its high end are the run of ends at its last position. Each run is kept and
    // its smallest id looked for once, when the piece closes (comparing ids at every tie
    // would cost more than the sweep).
    let mut pieces: Vec<Piece> = Vec::new();
    let mut open: Option<Piece> = None;
    let mut opening = false;
    let mut depth = 0usize;
    let mut last_end: Option<Event> = None;
    let mut end_run: Option<(u64, u8)> = None;
    let mut run_claims: Vec<ClaimId> = Vec::new();
    let mut opening_run: Vec<ClaimId> = Vec::new();
    for ev in endpoints.events() {
        let id = ClaimId(ev.claim);
        if ev.start {
            depth += 1;
            end_run = None;
            if let Some(piece) = open.as_mut() {
                piece.claims += 1;
                opening = opening && ev.position() == piece.first.position();
                if opening {
                    opening_run.push(id);
                }
                continue;
            }
            // A piece that ended where this one starts, sharing the value (only v⁻ and v⁺
            // leave a gap between them), continues.
            let touching = last_end
                .is_some_and(|end| end.value == ev.value && !(end.side == 0 && ev.side == 2));
            match pieces.pop() {
                Some(mut piece) if touching => {
                    piece.claims += 1;
                    open = Some(piece);
                    opening = false;
                    opening_run.clear();
                }
                previous => {
                    pieces.extend(previous);
                    open = Some(Piece {
                        first: ev,
                        low: id,
                        high: id,
                        claims: 1,
                    });
                    opening = true;
                    opening_run.clear();
                    opening_run.push(id);
                }
            }
        } else {
            depth = depth.saturating_sub(1);
            // Only the claims of the current run are kept; the smallest id is looked for
            // only when the run closes a piece (comparing ids at every tie would cost more
            // than the sweep).
            if end_run != Some(ev.position()) {
                end_run = Some(ev.position());
                run_claims.clear();
            }
            run_claims.push(id);
            last_end = Some(ev);
            if depth == 0
                && let Some(mut piece) = open.take()
            {
                piece.high = evidence
                    .first_by_id(run_claims.iter().copied())
                    .unwrap_or(id);
                if let Some(low) = evidence.first_by_id(opening_run.drain(..)) {
                    piece.low = low;
                }
                pieces.push(piece);
            }
        }
    }
    pieces
        .iter()
        .filter_map(|piece| {
            let l = evidence.claim(piece.low)?.interval().low();
            let h = evidence.claim(piece.high)?.interval().high();
            Some(UnionPiece {
                interval: Interval::new(l, h).ok()?,
                claims: piece.claims,
                low_set_by: piece.low,
                high_set_by: piece.high,
            })
        })
        .collect()
}

/// A piece of the union while the sweep builds it.
struct Piece {
    first: Event,
    low: ClaimId,
    high: ClaimId,
    claims: usize,
}
