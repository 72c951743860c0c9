//! NTP selection: the fewest falsetickers f such that n − f independent origins share a
//! region; truechimers and falsetickers named.
//!
//! ntpd's `clock_select()` tries `allow = 0, 1, …` while `2·allow < n` and, for each, scans
//! the sorted endpoints up for the lowest point and down for the highest point covered by at
//! least `n − allow` intervals, stopping when `low ≤ high`. The first `allow` that succeeds is
//! `n − m` where m is the largest coverage, and `[low, high]` is then the hull of the regions
//! covered m times. This module computes exactly that in one sweep of the shared endpoint
//! array (O(n) after the sort; on many claims with few distinct ends, of the places where
//! origins start and stop covering, found origin by origin: see the `coverage` module)
//! instead of up to n/2 scans, with exact open/closed ends (ntpd
//! compares floating-point values and needs `high > low`; here a single shared value is a
//! region). Coverage counts independent origins, as the ntpd-rs users asked
//! (`pendulum-project/ntpd-rs#1953`).
//!
//! The published pseudo-code of RFC 5905 (Appendix A.5.5.1) compares the count with
//! `n − found` (midpoints seen) instead of `n − allow`; the Rust port in ntpd-rs notes this as
//! a bug. The tests of this module include a case where the two differ.
//!
//! Coverage follows the origin rule of [`prepare`](crate::prepare) (step 7): an origin whose
//! claims share a value covers only their intersection, and its claims are judged as members
//! by that intersection (all of them are truechimers or none); an origin that contradicts
//! itself covers the union of its claims, and each claim is judged by itself.
//!
//! Membership of the truechimers is selectable: [`Membership::Overlap`] (ntpd: the interval
//! shares a value with the region) or [`Membership::ContainsOrWithin`] (chrony: the interval
//! contains the region or lies inside it). When fewer than `min_agreeing` origins agree, or the
//! falsetickers would be half the origins or more, the result is [`Selected::NoMajority`]
//! (chrony: "Can't synchronise: no majority") rather than a wrong answer.
//!
//! References: RFC 5905 §11.2.1; `ntpsec/ntpsec` and `ntp-project/ntp` `ntpd/ntp_proto.c`;
//! `mlichvar/chrony` `sources.c`; `pendulum-project/ntpd-rs` `select.rs`.

use crate::algorithm::agreement::{BestLevel, Members, Sited, best_level, setter};
use crate::algorithm::coverage;
use crate::algorithm::endpoints::{Endpoints, Limit, Site, position};
use crate::algorithm::prepare::{ClaimId, Evidence};
use crate::algorithm::support::{Kept, Origins, Singles};
use crate::interval::Interval;

/// Which claims count as truechimers of the selected region.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Membership {
    /// The claim shares a value with the region (ntpd). The default.
    #[default]
    Overlap,
    /// The claim contains the region or lies within it (chrony).
    ContainsOrWithin,
}

/// NTP selection, configured.
///
/// Finds the fewest falsetickers f such that n − f independent origins share a region (ntpd's
/// `clock_select()` loop, computed in one sweep with exact ends), with f < n/2 unless
/// [`max_falsetickers`](Selection::max_falsetickers) says otherwise; the region is the hull of
/// the regions covered n − f times. Truechimers are the counted claims that
/// [overlap](Membership::Overlap) the region (ntpd) or
/// [contain it or lie within it](Membership::ContainsOrWithin) (chrony). Too few agreeing
/// origins give [`Selected::NoMajority`], never a wrong region. (RFC 5905's pseudo-code compares
/// with `n − found` instead of `n − allow`, a known bug; this follows ntpd.)
///
/// ```
/// use sourced::{Evidence, Interval, Selection};
/// let evidence = Evidence::from_intervals(&[
///     Interval::closed(8.0, 12.0)?,
///     Interval::closed(11.0, 13.0)?,
///     Interval::closed(14.0, 15.0)?,
/// ]);
/// let selected = Selection::ntp().run(&evidence);
/// let majority = selected.majority().expect("2 of 3 agree");
/// assert_eq!(majority.region.to_string(), "[11, 12]");
/// assert_eq!(majority.falsetickers.len(), 1);
/// assert_eq!(evidence.id(majority.falsetickers[0]), "#2");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    membership: Membership,
    min_agreeing: usize,
    max_falsetickers: Option<usize>,
}

impl Default for Selection {
    fn default() -> Self {
        Selection::ntp()
    }
}

/// The result of [`Selection::run`].
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Selected {
    /// Enough origins agree.
    Majority(Majority),
    /// Not enough origins agree: no region is selected.
    NoMajority(NoMajority),
}

/// A selected region with its truechimers and falsetickers.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Majority {
    /// The hull of the regions covered by the most origins (ntpd's `[low, high]`).
    pub region: Interval,
    /// The claim whose start is the region's low end.
    pub low_set_by: ClaimId,
    /// The claim whose end is the region's high end.
    pub high_set_by: ClaimId,
    /// How many independent origins agree (n − f).
    pub agreeing: usize,
    /// How many independent origins there are (n).
    pub sources: usize,
    /// The number of falseticker origins, f = n − agreeing.
    pub f: usize,
    /// Counted claims that are members of the region, by the membership rule.
    pub truechimers: Vec<ClaimId>,
    /// Counted claims that are not.
    pub falsetickers: Vec<ClaimId>,
    /// The membership rule used.
    pub membership: Membership,
    /// The minimum number of agreeing origins that was required.
    pub min_agreeing: usize,
}

/// Why no region was selected.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct NoMajority {
    /// The most origins that share a value.
    pub best_support: usize,
    /// How many independent origins there are.
    pub sources: usize,
    /// The minimum number of agreeing origins that was required.
    pub min_agreeing: usize,
    /// The most falsetickers that were allowed.
    pub max_falsetickers: usize,
}

impl Selected {
    /// The selected region, if there is one.
    pub fn majority(&self) -> Option<&Majority> {
        match self {
            Selected::Majority(m) => Some(m),
            Selected::NoMajority(_) => None,
        }
    }
}

impl Selection {
    /// ntpd's rules: overlap membership, at least one agreeing origin, f < n/2.
    pub fn ntp() -> Self {
        Selection {
            membership: Membership::Overlap,
            min_agreeing: 1,
            max_falsetickers: None,
        }
    }

    /// chrony's rules: contains-or-within membership, f < n/2.
    pub fn chrony() -> Self {
        Selection {
            membership: Membership::ContainsOrWithin,
            ..Selection::ntp()
        }
    }

    /// The membership rule.
    pub fn membership(mut self, membership: Membership) -> Self {
        self.membership = membership;
        self
    }

    /// The minimum number of agreeing origins (ntpd-rs `minimum-agreeing-sources`).
    pub fn min_agreeing(mut self, k: usize) -> Self {
        self.min_agreeing = k;
        self
    }

    /// The most falsetickers allowed, instead of the largest f with 2f < n.
    pub fn max_falsetickers(mut self, f: usize) -> Self {
        self.max_falsetickers = Some(f);
        self
    }

    /// Runs on the evidence.
    ///
    /// When the evidence has built its sorted endpoint array ([`Evidence::endpoints`]), one
    /// sweep over it. Otherwise, from 256 counted claims (4,096 when every origin has one)
    /// whose ends take at most 2¹⁵ distinct values, the places where origins start and stop
    /// covering are found origin by origin and the ends are counted by distinct value, which
    /// costs less than sorting them all; with fewer claims or more values, the ends are
    /// sorted for this call (and the evidence keeps no array). Every way gives the same
    /// selection.
    pub fn run(&self, evidence: &Evidence<'_>) -> Selected {
        if let Some(endpoints) = evidence.endpoints_if_built() {
            return self.run_on(evidence, endpoints);
        }
        if coverage::counts_from(evidence)
            && let Some(selected) =
                coverage::changes(evidence).and_then(|p| self.run_on_profile(evidence, &p))
        {
            return selected;
        }
        self.run_on(evidence, &Endpoints::new(evidence))
    }

    /// Runs on an endpoint array built by [`Endpoints::new`] from this evidence.
    pub fn run_on(&self, evidence: &Evidence<'_>, endpoints: &Endpoints) -> Selected {
        let (best, first, last) = if evidence.has_shared_origins() {
            best_level(endpoints, &mut Origins::new(evidence))
        } else {
            best_level(endpoints, &mut Singles::default())
        };
        let (Some(first), Some(last)) = (first, last) else {
            return self.no_majority(evidence, best);
        };
        let site = |(_, ev): Sited| (ev.value, (ev.side << 1) | u8::from(!ev.start));
        let limits = (
            endpoints.limit(first.0, first.1),
            endpoints.limit(last.0, last.1),
        );
        self.select(
            evidence,
            best,
            (site(first), site(last)),
            limits,
            |truechimers, _| {
                let members = Members::new(evidence, truechimers);
                Some([
                    setter(evidence, endpoints, first, true, |id| members.contains(id)),
                    setter(evidence, endpoints, last, false, |id| members.contains(id)),
                ])
            },
        )
        // Never `None`: on a sorted array `setter` always names a claim.
        .unwrap_or_else(|| self.no_majority(evidence, best))
    }

    /// [`run_on`](Self::run_on) from the level's changes at every distinct end site (see the
    /// `coverage` module), with no sorted array: `None` if a claim setting an end of the
    /// region is not found (the caller then sorts).
    fn run_on_profile(
        &self,
        evidence: &Evidence<'_>,
        profile: &[(Site, i128)],
    ) -> Option<Selected> {
        let mut found = BestLevel::new();
        for (site, start, before, after) in coverage::levels(profile) {
            found.see(start, before, after, site);
        }
        let BestLevel { best, first, last } = found;
        let (Some(first), Some(last)) = (first, last) else {
            return Some(self.no_majority(evidence, best));
        };
        let packed = evidence.packed_ends();
        let limits = (packed.limit_at(first), packed.limit_at(last));
        let set_by = |truechimers: &[ClaimId], at_ends: Option<[Vec<ClaimId>; 2]>| {
            if let Some(candidates) = at_ends {
                let [low, high] = candidates.map(|c| evidence.first_by_id(c.into_iter()));
                return Some([low?, high?]);
            }
            // The truechimers are in claim order; only the claims at the region's ends are
            // looked up.
            let member = |_, id| truechimers.binary_search(&id).is_ok();
            match coverage::first_at(evidence, &[first, last], member)[..] {
                [Some(low), Some(high)] => Some([low, high]),
                _ => None,
            }
        };
        let selected = self.select(evidence, best, (first, last), limits, set_by);
        // The region's ends are ends of truechimers: a bug if none is found (the caller then
        // sorts).
        debug_assert!(selected.is_some(), "no truechimer at an end of the region");
        selected
    }

    fn no_majority(&self, evidence: &Evidence<'_>, best: u128) -> Selected {
        let n = evidence.counted_origins();
        Selected::NoMajority(NoMajority {
            best_support: usize::try_from(best).unwrap_or(usize::MAX),
            sources: n,
            min_agreeing: self.min_agreeing,
            max_falsetickers: self.max_f(n),
        })
    }

    /// The most falsetickers allowed among `n` origins.
    fn max_f(&self, n: usize) -> usize {
        self.max_falsetickers.unwrap_or(n.saturating_sub(1) / 2)
    }

    /// The selection from the best level and the sites (and limits) of the first end that
    /// reaches it and the last that leaves it; `set_by(truechimers, candidates)` gives the
    /// claims that set the region's ends (`None` when it finds none: then so is the result),
    /// with, under the overlap rule, the truechimers whose start and whose end sit at the
    /// region's ends.
    fn select(
        &self,
        evidence: &Evidence<'_>,
        best: u128,
        (first, last): (Site, Site),
        (from, to): (Limit, Limit),
        set_by: impl FnOnce(&[ClaimId], Option<[Vec<ClaimId>; 2]>) -> Option<[ClaimId; 2]>,
    ) -> Option<Selected> {
        let n = evidence.counted_origins();
        let best_count = usize::try_from(best).unwrap_or(usize::MAX);
        if best == 0 || best_count < self.min_agreeing || n - best_count.min(n) > self.max_f(n) {
            return Some(self.no_majority(evidence, best));
        }
        let region = Interval::new(coverage::bound_at(first), coverage::bound_at(last))
            .unwrap_or_else(|_| Interval::everything());
        let (truechimers, falsetickers, at_ends) = match self.membership {
            Membership::Overlap => {
                // Decided on the packed ends: the region runs from the first end to the last.
                // The same pass finds the truechimers whose start (end) sits at the region's
                // start (end): the candidates to set its ends.
                let found = evidence.judged_overlaps((from, to), |_| true, true);
                (found.listed, found.unlisted, Some(found.at_ends))
            }
            Membership::ContainsOrWithin => {
                // Every counted claim is offered to both lists, and kept by the one it
                // belongs to. A consistent origin with several claims is judged by what it
                // asserts, their intersection: all its claims are members or none. Positions
                // compare as the intervals' edges do (see `Interval::contains_interval`).
                let (region_start, region_end) = (position(region.start()), position(region.end()));
                let mut truechimers = Kept::with_room(evidence.counted(), ClaimId(0));
                let mut falsetickers = Kept::with_room(evidence.counted(), ClaimId(0));
                for (id, start, end) in evidence.judged_positions() {
                    let member = (start <= region_start && region_end <= end)
                        || (region_start <= start && end <= region_end);
                    truechimers.offer(id, member);
                    falsetickers.offer(id, !member);
                }
                (truechimers.into_vec(), falsetickers.into_vec(), None)
            }
        };
        let [low_set_by, high_set_by] = set_by(&truechimers, at_ends)?;
        Some(Selected::Majority(Majority {
            low_set_by,
            high_set_by,
            region,
            agreeing: best_count,
            sources: n,
            f: n - best_count.min(n),
            truechimers,
            falsetickers,
            membership: self.membership,
            min_agreeing: self.min_agreeing,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algorithm::coverage::tests::{grouped_near_grid, many_grouped_claims};
    use proptest::prelude::*;

    #[test]
    fn large_evidence_is_selected_without_sorting_its_ends() {
        let evidence = Evidence::from_grouped(&many_grouped_claims());
        let changes = coverage::changes(&evidence).expect("few distinct ends");
        for method in [Selection::ntp(), Selection::chrony()] {
            // The path `run` takes here, not a fallback to sorting.
            assert!(
                method
                    .max_falsetickers(600)
                    .run_on_profile(&evidence, &changes)
                    .is_some()
            );
            let selected = method.max_falsetickers(600).run(&evidence);
            assert!(evidence.endpoints_if_built().is_none());
            let sorted = method
                .max_falsetickers(600)
                .run_on(&evidence, &Endpoints::new(&evidence));
            assert_eq!(selected, sorted);
            assert!(matches!(selected, Selected::Majority(_)));
        }
    }

    proptest! {
        /// The selection made from where origins start and stop covering (region, lists,
        /// the claims that set its ends, or no majority) is that of the sweep over the
        /// sorted ends, under both membership rules.
        #[test]
        fn the_profile_gives_the_sweeps_selection(
            claims in grouped_near_grid(),
            chrony in any::<bool>(),
            min_agreeing in 0usize..3,
            max_falsetickers in prop::option::of(0usize..4),
        ) {
            let evidence = Evidence::from_grouped(&claims);
            let mut method = if chrony { Selection::chrony() } else { Selection::ntp() };
            method = method.min_agreeing(min_agreeing);
            if let Some(f) = max_falsetickers {
                method = method.max_falsetickers(f);
            }
            let sorted = method.run_on(&evidence, &Endpoints::new(&evidence));
            // From the changes only (what `run` uses), and from every site.
            for profile in [coverage::changes(&evidence), coverage::profile(&evidence)] {
                prop_assert!(profile.is_some());
                let selected = method.run_on_profile(&evidence, &profile.unwrap_or_default());
                prop_assert_eq!(selected.as_ref(), Some(&sorted));
            }
        }
    }
}
