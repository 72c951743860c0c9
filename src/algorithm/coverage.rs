//! How many origins cover each stretch of the line, found origin by origin instead of by one
//! sweep over all the ends sorted.
//!
//! The sweeps that count origins ([`Tracker`](crate::algorithm::support::Tracker)) change
//! their level only where an origin **starts or stops covering**: where the last claim of a
//! consistent origin starts (the start of the intersection it asserts) or the first one ends,
//! and where a contradictory origin's claims begin or cease to cover a value (the ends of
//! the pieces of their union). Those places can be found one origin at a time: assembly
//! groups the packed ends by origin ([`OriginEnds`]), a consistent origin's places are the
//! intersection it asserts (kept by assembly too), and only a contradictory origin's few
//! ends are sorted, among themselves.
//!
//! What the global sort gave besides, the order of the distinct ends, comes from counting
//! the ends by distinct value (see
//! [`PackedEnds::distinct_sites`](crate::algorithm::endpoints::PackedEnds::distinct_sites)),
//! which costs less than sorting them all when people say round numbers. The result, the
//! [`profile`], is every distinct end site in sweep order with the change of the level
//! there: the same levels, at the same places, as the tracker's sweep over the sorted ends.

use crate::algorithm::endpoints::{PackedEnds, Site, SiteCounts, from_ordered_bits, full_key};
use crate::algorithm::prepare::{ClaimId, Evidence};
use crate::interval::Bound;
use crate::value::Finite;

/// The packed ends of the counted claims grouped by origin, each claim's start and end side
/// by side; built by assembly when an origin has several counted claims.
#[derive(Clone, Debug, Default)]
pub(crate) struct OriginEnds {
    items: Vec<u64>,
    /// Where each origin's ends begin in `items`, and one past the last origin's.
    offsets: Vec<usize>,
}

impl OriginEnds {
    /// Groups `packed` by the origins of its claims (`origin_of[claim]`, below `origins`),
    /// keeping the claim order within each origin: a counting sort.
    pub(crate) fn new(packed: &PackedEnds, origin_of: &[u32], origins: usize) -> OriginEnds {
        let items = packed.items();
        let origin = |x: u64| {
            origin_of
                .get(packed.claim_of(x) as usize)
                .map_or(0, |&o| o as usize)
        };
        let mut offsets = vec![0usize; origins + 1];
        for pair in items.chunks_exact(2) {
            if let Some(&start) = pair.first()
                && let Some(count) = offsets.get_mut(origin(start) + 1)
            {
                *count += 2;
            }
        }
        for k in 1..offsets.len() {
            let before = offsets.get(k - 1).copied().unwrap_or(0);
            if let Some(here) = offsets.get_mut(k) {
                *here += before;
            }
        }
        let mut next = offsets.clone();
        let mut grouped = vec![0u64; items.len()];
        for pair in items.chunks_exact(2) {
            let &[start, end] = pair else {
                continue;
            };
            let Some(at) = next.get_mut(origin(start)) else {
                continue;
            };
            if let Some(slot) = grouped.get_mut(*at..*at + 2) {
                slot.copy_from_slice(&[start, end]);
            }
            *at += 2;
        }
        OriginEnds {
            items: grouped,
            offsets,
        }
    }

    /// Each origin with the packed ends of its counted claims (empty for none).
    fn groups(&self) -> impl Iterator<Item = (u32, &[u64])> + '_ {
        self.offsets
            .windows(2)
            .enumerate()
            .map(|(origin, w)| match *w {
                [from, to] => (origin as u32, self.items.get(from..to).unwrap_or_default()),
                _ => (origin as u32, &[][..]),
            })
    }
}

/// Every distinct end site of the evidence's counted claims in sweep order, with how much
/// the number of origins covering the sweep position changes there (positive where origins
/// start covering, negative where they stop, zero where only claims do); `None` when the
/// ends take too many distinct values to count them (sort them instead).
///
/// An inexact end (one whose value did not fit its packed key) may appear more than once,
/// each time as the same site; its change is given the first time.
pub(crate) fn profile(evidence: &Evidence<'_>) -> Option<Vec<(Site, i64)>> {
    let claims = evidence.claims();
    let full = |claim: u32, end: bool| full_key(claims, claim, end);
    let packed = evidence.packed_ends();
    let sites = packed.distinct_sites(full)?;
    let Some(grouped) = evidence.origin_ends() else {
        // Each origin has one claim: it covers where its claim does.
        return Some(sites.into_iter().map(|(s, n)| (s, signed(s, n))).collect());
    };
    let mut crossings = SiteCounts::new(packed);
    each_crossing(evidence, grouped, |site| crossings.add(site));
    let crossings = crossings.sorted()?;
    let mut next = crossings.iter().peekable();
    let profile: Vec<(Site, i64)> = sites
        .into_iter()
        .map(|(site, _)| {
            let mut n = 0;
            while let Some(&(_, m)) = next.next_if(|&&(c, _)| c == site) {
                n += m;
            }
            (site, signed(site, n))
        })
        .collect();
    // Every crossing is the site of some end; one that was not met would be a bug, and the
    // caller then sorts instead.
    debug_assert!(next.peek().is_none(), "a crossing at no end's site");
    next.peek().is_none().then_some(profile)
}

/// From this many counted claims, agreement by count and NTP selection follow
/// [`changes`] rather than sort the ends (when the evidence has no sorted array yet): on the
/// `limit_ratio` data it costs about what a sort does at 100 claims and about half at 1,000;
/// with fewer, the small tables it sets up cost more than the sort.
pub(crate) const CHANGES_FROM: usize = 256;

/// Only the sites where the number of origins covering the sweep position changes, in sweep
/// order, with the change: what [`profile`] gives without the sites where it does not change.
/// Enough for the sweeps that look at the level only (the best level and where it is held),
/// and cheaper: with origins of several claims, no pass over all the ends counts them.
pub(crate) fn changes(evidence: &Evidence<'_>) -> Option<Vec<(Site, i64)>> {
    let Some(grouped) = evidence.origin_ends() else {
        return profile(evidence);
    };
    let mut crossings = SiteCounts::new(evidence.packed_ends());
    each_crossing(evidence, grouped, |site| crossings.add(site));
    Some(
        crossings
            .sorted()?
            .into_iter()
            .map(|(site, n)| (site, signed(site, n)))
            .collect(),
    )
}

/// Each site of a profile (see [`profile`] and [`changes`]) with whether starts sit there,
/// and the level before and after it.
pub(crate) fn levels(
    profile: &[(Site, i64)],
) -> impl Iterator<Item = (Site, bool, u128, u128)> + '_ {
    let mut level = 0i128;
    profile.iter().map(move |&(site, change)| {
        let before = level;
        level += i128::from(change);
        // Never below zero: every end follows its start.
        let as_level = |l: i128| u128::try_from(l).unwrap_or(0);
        (site, site.1 & 1 == 0, as_level(before), as_level(level))
    })
}

/// A count of ends at `site` as a change of the level: up at a start, down at an end.
fn signed(site: Site, n: u64) -> i64 {
    let n = i64::try_from(n).unwrap_or(i64::MAX);
    if site.1 & 1 == 0 { n } else { -n }
}

/// Hands `emit` each site where an origin starts or stops covering, once per origin and
/// place, origin by origin.
fn each_crossing(evidence: &Evidence<'_>, grouped: &OriginEnds, mut emit: impl FnMut(Site)) {
    let claims = evidence.claims();
    let full = |claim: u32, end: bool| full_key(claims, claim, end);
    let packed = evidence.packed_ends();
    let site = |x: u64| packed.site_of(x, full);
    let mut own: Vec<u64> = Vec::new();
    for (origin, group) in grouped.groups() {
        if let [start, end] = *group {
            emit(site(start));
            emit(site(end));
        } else if let Some((start, end)) = evidence.whole_positions(origin) {
            // A consistent origin covers what all its claims do: from its latest start to
            // its earliest end.
            emit((start.0, start.1 << 1));
            emit((end.0, (end.1 << 1) | 1));
        } else {
            // A contradictory origin covers what any of its claims does: the pieces of
            // their union, from its own ends in sweep order.
            packed.union_sites(group, &mut own, full, &mut emit);
        }
    }
}

/// The bound that an end at `site` gives an interval: none at an infinity, else closed at
/// the value itself (side v) and open at v⁻ or v⁺.
pub(crate) fn bound_at((key, tag): Site) -> Bound {
    match Finite::new(from_ordered_bits(key)) {
        Ok(v) if tag >> 1 == 1 => Bound::Closed(v),
        Ok(v) => Bound::Open(v),
        Err(_) => Bound::Unbounded,
    }
}

/// Per site of `sites`, the first by id (see [`Evidence::first_by_id`]) of the claims with
/// an end there that pass `member(site's index, claim)`: the claims that set regions' ends,
/// found by one pass over the packed ends.
pub(crate) fn first_at(
    evidence: &Evidence<'_>,
    sites: &[Site],
    member: impl Fn(usize, ClaimId) -> bool,
) -> Vec<Option<ClaimId>> {
    let claims = evidence.claims();
    let full = |claim: u32, end: bool| full_key(claims, claim, end);
    let mut order: Vec<Site> = sites.to_vec();
    order.sort_unstable();
    order.dedup();
    let at = evidence.packed_ends().claims_at(&order, full);
    sites
        .iter()
        .enumerate()
        .map(|(index, site)| {
            let here = at.get(order.binary_search(site).ok()?)?;
            evidence.first_by_id(
                here.iter()
                    .map(|&c| ClaimId(c))
                    .filter(|&id| member(index, id)),
            )
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::algorithm::endpoints::COUNT_DISTINCT_FROM;
    use crate::interval::Interval;
    use proptest::prelude::*;

    /// Enough claims to take the counting paths of every algorithm: 700 origins of 5 to 6
    /// claims each on round values, some consistent, some contradicting themselves.
    pub(crate) fn many_grouped_claims() -> Vec<(Interval, u32)> {
        (0..COUNT_DISTINCT_FROM as u32)
            .filter_map(|i| {
                let low = f64::from(i % 13) * 10.0;
                let interval = Interval::closed(low, low + f64::from(i % 7) * 10.0).ok()?;
                Some((interval, i % 700))
            })
            .collect()
    }

    /// Intervals of a few origins on a grid of a few values, some a hair apart (1 + k·2⁻⁵⁰
    /// does not fit the key of a small evidence), with open, closed and unbounded ends:
    /// origins whose claims agree, contradict each other, or stand alone.
    pub(crate) fn grouped_near_grid() -> impl Strategy<Value = Vec<(Interval, u32)>> {
        let value =
            (0u8..4, 0u8..3).prop_map(|(j, k)| 1.0 + f64::from(j) + f64::from(k) * 2f64.powi(-50));
        let end = (prop::option::weighted(0.9, value), any::<bool>());
        prop::collection::vec((end.clone(), end, 0u32..6), 0..30).prop_map(|claims| {
            claims
                .into_iter()
                .filter_map(|((low, lo), (high, ho), origin)| {
                    Some((Interval::from_parts(low, lo, high, ho).ok()?, origin))
                })
                .collect()
        })
    }
}
