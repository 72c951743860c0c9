//! Interval reconciliation: from claims to the region the sources support.
//!
//! Every algorithm here works on [`Evidence`], the output of [`prepare`], so that the rules
//! about *which* claims count (supersession, restatements, independence groups, denials,
//! documented counts, the time window) are applied once and are visible per claim.
//!
//! | file | algorithm |
//! |---|---|
//! | `prepare` | [`prepare`]: supersession, restatements, origins, denials, floors, window → [`Evidence`] |
//! | `columns` | the few bytes per claim the sweeps and the median read (origin, packed ends, origins judged whole, weight, median value), kept side by side in the [`Evidence`] |
//! | `endpoints` | [`Endpoints`]: the 2n interval ends as compact integer-keyed records, sorted once and shared; the ends counted by distinct value |
//! | `coverage` | where each origin starts and stops covering (or its weight changes), found origin by origin: the level's changes without a sort of all the ends |
//! | `few_weights` | weighted support when the weights take at most 16 distinct values: ranked once for all origins, 16-bit state; the ranking of few distinct weights (`WeightRanks`, also used with up to 64 by the `coverage` module) |
//! | `support` | support at a sweep position: independent origins counted once, or exact integer sums of weights |
//! | `set_ops` | [`hull`], [`intersection`], [`union`] ([`union_on`]): envelope, common core, disjoint merged set |
//! | `agreement` | [`Agreement`]: k-of-n agreement (Marzullo), by count of independent origins or by weight |
//! | `ntp` | [`Selection`]: NTP selection — falsetickers, truechimers, majority rule (ntpd / chrony) |
//! | `brooks_iyengar` | [`BrooksIyengar`]: fault-tolerant point and interval for f faulty of N |
//! | `median` | [`weighted_median`]: the weighted median of the claims' values: a histogram of weights by ranges of keys, then selection within one range (O(n)) |
//! | `time` | [`monotonicity`]: for cumulative quantities, the pairs that break a non-decreasing series (level quantities: [`PrepareOptions::window`]) |
//! | `summary` | [`HullSummary`], [`UnionSummary`], [`AgreementSummary`]: mergeable partial results |
//!
//! # Exactness
//!
//! Ends are compared by their [`Edge`](crate::Edge) keys, so an open and a closed end at the
//! same value do not overlap, and `[a, v]` and `[v, b]` share `v`. At equal keys a sweep
//! processes starts before ends. Support counts **independent origins** (independence groups):
//! a group counts once at a point however many of its claims cover it, and a group with
//! several counted claims asserts them all: where they share a value it covers only their
//! intersection, where they contradict each other it covers their union and is listed by
//! [`Evidence::contradictions`] (see [`prepare`], step 7).
//!
//! # Design notes
//!
//! - Results name claims by [`ClaimId`] (their position in the [`Evidence`]), a `Copy` handle
//!   resolved with [`Evidence::id`]: results of a million claims then hold no strings, and the
//!   evidence keeps each claim with its status for the report.
//! - Ties between equal ends are broken by claim id (plain intervals: by position), so which
//!   claim "sets" a bound never depends on the input order.
//! - A region ends where its support drops: adjacent regions with the same support but
//!   different supporting origins are reported separately, each the common part of its
//!   supporters (the seed article's U.S. claims "as many as 3,000" and "more than 3,000" split
//!   the tie at 3,000 when both count).
//! - Weighted sweeps over the sorted array read each claim's origin and weight by index; with
//!   claims in random order of value, that is a cache miss per event at 10⁶ claims, the main
//!   cost beyond the sort. Followed origin by origin, the weights are first placed beside
//!   each origin's ends, in one pass in claim order.
//!
//! # Cost
//!
//! Every sweep runs over one sorted array of 2n compact records ([`Endpoints`]), built once
//! per [`Evidence`] by [`Evidence::endpoints`] and shared by all algorithms run after it:
//! O(n log n) for the sort, then linear passes with no per-claim allocation. Without that
//! array, on many claims whose ends take few distinct values (people say round numbers), the
//! union, agreement (by count or weight), NTP selection and Brooks–Iyengar count the ends by
//! distinct value and follow each origin's own few ends instead (the `coverage` module),
//! which costs less than the sort; each `run` documents when. Lists of supporting claims are
//! built only for the reported regions, from the packed ends kept in the evidence's columns
//! (two integer comparisons per claim) rather than from the prepared claims. Each sweep
//! looks up its claims' origins in a loop of its own before sweeping, so that those cache
//! misses overlap.
//!
//! References: K. Marzullo, *Maintaining the time in a distributed system* (1984) and the
//! worked examples of its Wikipedia page; RFC 5905 §11.2.1, ntpd/NTPsec `clock_select()`,
//! chrony `sources.c`; R. Brooks and S. S. Iyengar, *Robust distributed computing and sensing
//! algorithm*, IEEE Computer 29(6), 1996.

mod agreement;
mod bits;
mod brooks_iyengar;
mod columns;
mod coverage;
mod endpoints;
mod few_weights;
mod key_counts;
mod median;
mod ntp;
mod prepare;
mod set_ops;
mod summary;
mod support;
mod time;

pub use agreement::{Agreement, Consensus, Region};
pub use brooks_iyengar::{BrooksIyengar, Fused, Piece};
pub use endpoints::Endpoints;
pub(crate) use endpoints::count_disjoint_pairs;
pub use median::{WeightedMedian, weighted_median};
pub use ntp::{Majority, Membership, NoMajority, Selected, Selection};
pub(crate) use prepare::prepare_unique;
pub use prepare::{
    Adjustment, ClaimId, Contradiction, Evidence, PrepareOptions, PreparedClaim, Status,
    Supersession, prepare,
};
pub use set_ops::{Bounded, UnionPiece, hull, intersection, union, union_on};
pub use summary::{
    AgreementSummary, HullSummary, SummaryClaim, SummaryConsensus, SummaryEnd, SummaryInterval,
    SummaryRegion, UnionSummary,
};
pub use time::{Monotonicity, MonotonicityBreak, monotonicity};
