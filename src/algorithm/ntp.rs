//! NTP selection: the fewest falsetickers f such that n − f independent origins share a
//! region; truechimers and falsetickers named.
//!
//! ntpd's `clock_select()` tries `allow = 0, 1, …` while `2·allow < n` and, for each, scans
//! the sorted endpoints up for the lowest point and down for the highest point covered by at
//! least `n − allow` intervals, stopping when `low ≤ high`. The first `allow` that succeeds is
//! `n − m` where m is the largest coverage, and `[low, high]` is then the hull of the regions
//! covered m times. This module computes exactly that in one sweep of the shared endpoint
//! array (O(n) after the sort) instead of up to n/2 scans, with exact open/closed ends (ntpd
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

use crate::algorithm::agreement::{Members, best_level, setter};
use crate::algorithm::endpoints::Endpoints;
use crate::algorithm::endpoints::{Position, position};
use crate::algorithm::prepare::{ClaimId, Evidence};
use crate::algorithm::support::{Kept, Origins, Singles};
use crate::interval::{Bound, Interval};

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

    /// Runs on the evidence's shared endpoint array.
    pub fn run(&self, evidence: &Evidence<'_>) -> Selected {
        self.run_on(evidence, evidence.endpoints())
    }

    /// Runs on an endpoint array built by [`Endpoints::new`] from this evidence.
    pub fn run_on(&self, evidence: &Evidence<'_>, endpoints: &Endpoints) -> Selected {
        let n = evidence.counted_origins();
        let max_f = self.max_falsetickers.unwrap_or(n.saturating_sub(1) / 2);
        let (best, first, last) = if evidence.has_shared_origins() {
            best_level(endpoints, &mut Origins::new(evidence))
        } else {
            best_level(endpoints, &mut Singles::default())
        };
        let best = usize::try_from(best).unwrap_or(usize::MAX);
        let no_majority = || {
            Selected::NoMajority(NoMajority {
                best_support: best,
                sources: n,
                min_agreeing: self.min_agreeing,
                max_falsetickers: max_f,
            })
        };
        let (Some(first), Some(last)) = (first, last) else {
            return no_majority();
        };
        if best == 0 || best < self.min_agreeing || n - best.min(n) > max_f {
            return no_majority();
        }
        let low = evidence
            .claim(ClaimId(first.1.claim))
            .map_or(Bound::Unbounded, |c| c.interval().low());
        let high = evidence
            .claim(ClaimId(last.1.claim))
            .map_or(Bound::Unbounded, |c| c.interval().high());
        let region = Interval::new(low, high).unwrap_or_else(|_| Interval::everything());
        // Every counted claim is offered to both lists, and kept by the one it belongs to.
        let mut truechimers = Kept::with_room(evidence.counted(), ClaimId(0));
        let mut falsetickers = Kept::with_room(evidence.counted(), ClaimId(0));
        let (region_start, region_end) = (position(region.start()), position(region.end()));
        // A consistent origin with several claims is judged by what it asserts, their
        // intersection: all its claims are members or none. Positions compare as the
        // intervals' edges do (see `Interval::intersects` and `contains_interval`).
        let member = |start: Position, end: Position| match self.membership {
            Membership::Overlap => start <= region_end && region_start <= end,
            Membership::ContainsOrWithin => {
                (start <= region_start && region_end <= end)
                    || (region_start <= start && end <= region_end)
            }
        };
        let mut sort = |id: ClaimId, member: bool| {
            truechimers.offer(id, member);
            falsetickers.offer(id, !member);
        };
        if self.membership == Membership::Overlap {
            // Decided on the packed ends: the region runs from the first event to the last.
            let (from, to) = (
                endpoints.limit(first.0, first.1),
                endpoints.limit(last.0, last.1),
            );
            evidence.judged_overlaps(from, to, &mut sort);
        } else {
            for (id, start, end) in evidence.judged_positions() {
                sort(id, member(start, end));
            }
        }
        let (truechimers, falsetickers) = (truechimers.into_vec(), falsetickers.into_vec());
        let members = Members::new(evidence, &truechimers);
        Selected::Majority(Majority {
            low_set_by: setter(evidence, endpoints, first, true, |id| members.contains(id)),
            high_set_by: setter(evidence, endpoints, last, false, |id| members.contains(id)),
            region,
            agreeing: best,
            sources: n,
            f: n - best.min(n),
            truechimers,
            falsetickers,
            membership: self.membership,
            min_agreeing: self.min_agreeing,
        })
    }
}
