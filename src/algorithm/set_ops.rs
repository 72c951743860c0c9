//! Hull, intersection and union of the counted claims' intervals, with exact ends.
//!
//! Hull and intersection are single linear passes; the union is one sweep over the shared
//! sorted [`Endpoints`](crate::Endpoints). Union pieces that touch with no value between them
//! (`[1, 3)` and `[3, 5]`, or `[1, 3]` and `(3, 5]`) are merged; `(1, 3)` and `(3, 5)` are
//! not, since 3 belongs to neither. Every output end names the claim that sets it (the
//! smallest id when several claims share that end), independent of the input order.

use crate::algorithm::endpoints::{Endpoints, Event, position};
use crate::algorithm::prepare::{ClaimId, Evidence};
use crate::interval::{Bound, Interval};

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
    if (evidence.id(challenger), challenger) < (evidence.id(current), current) {
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
    let (mut low, mut high) = (first, first);
    let interval = |id: ClaimId| evidence.claim(id).map(|c| *c.interval());
    for id in ids {
        let (Some(i), Some(l), Some(h)) = (interval(id), interval(low), interval(high)) else {
            continue;
        };
        let (start_wins, end_wins) = if outer {
            (i.start() < l.start(), i.end() > h.end())
        } else {
            (i.start() > l.start(), i.end() < h.end())
        };
        if start_wins {
            low = id;
        } else if i.start() == l.start() {
            low = smaller(evidence, low, id);
        }
        if end_wins {
            high = id;
        } else if i.end() == h.end() {
            high = smaller(evidence, high, id);
        }
    }
    let (l, h) = (interval(low)?, interval(high)?);
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
pub fn union_on(evidence: &Evidence<'_>, endpoints: &Endpoints) -> Vec<UnionPiece> {
    let mut out: Vec<UnionPiece> = Vec::new();
    let mut depth = 0usize;
    // The open piece: its low setter, the position of its low end, its claim count.
    let mut open: Option<(ClaimId, (u64, u8), usize)> = None;
    // The last end seen and the smallest-id claim ending there.
    let mut last_end: Option<(Event, ClaimId)> = None;
    for ev in endpoints.events() {
        let id = ClaimId(ev.claim);
        if ev.start {
            depth += 1;
            match &mut open {
                Some((setter, low, claims)) => {
                    *claims += 1;
                    if ev.position() == *low {
                        *setter = smaller(evidence, *setter, id);
                    }
                }
                None => {
                    // Re-open the previous piece when nothing lies between it and this start.
                    let touching = last_end.is_some_and(|(end, _)| {
                        end.value == ev.value && !(end.side == 0 && ev.side == 2)
                    });
                    match out.pop() {
                        Some(previous) if touching => {
                            // Keep the previous piece's low end.
                            let low = position(previous.interval.start());
                            open = Some((previous.low_set_by, low, previous.claims + 1));
                        }
                        other => {
                            if let Some(p) = other {
                                out.push(p);
                            }
                            open = Some((id, ev.position(), 1));
                        }
                    }
                }
            }
        } else {
            depth = depth.saturating_sub(1);
            last_end = match last_end {
                Some((end, holder)) if end.position() == ev.position() => {
                    Some((ev, smaller(evidence, holder, id)))
                }
                _ => Some((ev, id)),
            };
            if depth == 0
                && let (Some((low, _, claims)), Some((_, high))) = (open.take(), last_end)
            {
                let l = evidence
                    .claim(low)
                    .map_or(Bound::Unbounded, |c| c.interval().low());
                let h = evidence
                    .claim(high)
                    .map_or(Bound::Unbounded, |c| c.interval().high());
                out.push(UnionPiece {
                    interval: Interval::new(l, h).unwrap_or_else(|_| Interval::everything()),
                    claims,
                    low_set_by: low,
                    high_set_by: high,
                });
            }
        }
    }
    out
}
