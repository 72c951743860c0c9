//! Time: monotonicity of a cumulative quantity.
//!
//! A cumulative quantity (casualties "thus far") can only grow. Claims ordered by their
//! reference period (as-of, else stated date) admit a non-decreasing series exactly when no
//! pair breaks it: a claim whose period lies wholly after another's and whose interval lies
//! wholly below the other's (its high end before the other's low end, exact ends compared).
//! Claims whose periods overlap are not ordered and never break. (Sufficiency: give each claim
//! the largest low end among itself and the claims wholly before it; the pairwise condition
//! keeps that value inside its interval, and it grows along the order.)
//!
//! [`monotonicity`] lists every breaking pair in O(n log n + k) for k pairs: claims enter an
//! ordered set by their low ends once their period has ended, and each later claim queries
//! the set for the low ends above its high end.
//!
//! For a *level* quantity, time is handled in preparation: a window
//! ([`PrepareOptions::window`](crate::PrepareOptions::window)) selects the claims whose period
//! overlaps it, and the evidence reports the window used.

use std::collections::BTreeSet;
use std::ops::Bound as RangeBound;

use crate::algorithm::endpoints::position;
use crate::algorithm::prepare::{ClaimId, Evidence};

/// The result of [`monotonicity`].
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Monotonicity {
    /// The counted claims with a reference period, by first day, then last day, then id.
    pub ordered: Vec<ClaimId>,
    /// The counted claims without a date: they cannot be placed in time.
    pub undated: Vec<ClaimId>,
    /// Every pair that breaks a non-decreasing series, by earlier then later claim.
    pub breaks: Vec<MonotonicityBreak>,
}

impl Monotonicity {
    /// Whether the dated claims admit a non-decreasing series.
    pub fn is_monotone(&self) -> bool {
        self.breaks.is_empty()
    }
}

/// A later claim whose interval lies wholly below an earlier claim's.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct MonotonicityBreak {
    /// The earlier claim (higher values).
    pub earlier: ClaimId,
    /// The later claim (lower values).
    pub later: ClaimId,
    /// How far the later claim's high end lies below the earlier claim's low end.
    pub gap: f64,
}

/// Checks that the counted claims, ordered by reference period, admit a non-decreasing
/// series, and lists the pairs that break it.
///
/// ```
/// use std::sync::Arc;
/// use sourced::{monotonicity, prepare, Claim, ClaimSet, Estimate, Interval, PrepareOptions, Quantity, QuantityKind, Source};
///
/// let casualties = Arc::new(Quantity::new("russian-casualties", "casualties")?.with_kind(QuantityKind::Cumulative));
/// let s = Arc::new(Source::new("pentagon", "Pentagon")?);
/// let t = Arc::new(Source::new("other", "Other")?);
/// let set: ClaimSet = [
///     Claim::new("oct", casualties.clone(), s, Estimate::new(Interval::closed(550_000.0, 650_000.0)?))?
///         .with_as_of("2024-10".parse::<sourced::ClaimDate>()?),
///     Claim::new("dec", casualties.clone(), t, Estimate::new(Interval::closed(400_000.0, 500_000.0)?))?
///         .with_as_of("2024-12".parse::<sourced::ClaimDate>()?),
/// ]
/// .into_iter()
/// .collect();
/// let evidence = prepare(&set, &PrepareOptions::new())?;
/// let check = monotonicity(&evidence);
/// assert_eq!(check.breaks.len(), 1);
/// assert_eq!(evidence.id(check.breaks[0].later), "dec");
/// assert_eq!(check.breaks[0].gap, 50_000.0);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn monotonicity(evidence: &Evidence<'_>) -> Monotonicity {
    let mut dated = Vec::new();
    let mut undated = Vec::new();
    for id in evidence.counted_ids() {
        match evidence
            .claim(id)
            .and_then(|c| c.claim())
            .and_then(|c| c.reference_period())
        {
            Some(p) => dated.push((p.first_day(), p.last_day(), id)),
            None => undated.push(id),
        }
    }
    dated.sort_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then_with(|| evidence.id_cmp(a.2, b.2))
    });
    let mut by_end: Vec<_> = dated.clone();
    by_end.sort_by_key(|&(_, last, id)| (last, id));

    let interval = |id: ClaimId| evidence.claim(id).map(|c| *c.interval());
    let mut lows: BTreeSet<((u64, u8), u32)> = BTreeSet::new();
    let mut ended = by_end.iter().peekable();
    let mut breaks = Vec::new();
    for &(first, _, later) in &dated {
        // Every claim whose period ends before this one starts is wholly earlier.
        while let Some(&&(_, last, earlier)) = ended.peek() {
            if last >= first {
                break;
            }
            if let Some(i) = interval(earlier) {
                lows.insert((position(i.start()), earlier.0));
            }
            ended.next();
        }
        let Some(high) = interval(later) else {
            continue;
        };
        let above = (position(high.end()), u32::MAX);
        for &(_, earlier) in lows.range((RangeBound::Excluded(above), RangeBound::Unbounded)) {
            let earlier = ClaimId(earlier);
            let gap = interval(earlier).map_or(0.0, |e| e.gap(&high));
            breaks.push(MonotonicityBreak {
                earlier,
                later,
                gap,
            });
        }
    }
    breaks.sort_by_key(|b| (b.earlier, b.later));
    Monotonicity {
        ordered: dated.into_iter().map(|(_, _, id)| id).collect(),
        undated,
        breaks,
    }
}
