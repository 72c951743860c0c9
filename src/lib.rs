//! # sourced
//!
//! Reconcile conflicting numbers from different sources.
//!
//! Journalists, analysts and researchers collect **sourced quantitative claims**: "more than
//! 3,000 North Korean troops" (White House, 2024-10-23), "as many as 10,000" (South Korea's
//! intelligence service). `sourced` represents each claim as a typed, validated value — an
//! exact [`Interval`] with open, closed or unbounded ends, the hedge as said, the
//! [`Source`] and its independence group, dates with their precision, a [`Confidence`] — and
//! answers: what range is consistent with the sources, how many *independent* sources support
//! it, which claims conflict and by how much, and which is the odd one out.
//!
//! ## Overview
//!
//! | type | what it is |
//! |---|---|
//! | [`Finite`] | a finite, non-NaN `f64` |
//! | [`Interval`], [`Bound`], [`Relation`] | a non-empty interval and how two relate |
//! | [`Estimate`], [`Hedge`] | interval + best value + the hedge as said |
//! | [`Lexicon`], [`Rule`], [`Reading`] | hedged text ("more than 3,000") to exact intervals, by a named, versioned lexicon |
//! | [`Quantity`], [`Domain`], [`QuantityKind`] | what is measured: scope, unit, domain, level or cumulative |
//! | [`Source`], [`SourceKind`] | who said it, and its independence group |
//! | [`ClaimDate`], [`Period`] | dates known to a year, month or day |
//! | [`Confidence`], [`Vocabulary`], [`AnalyticConfidence`] | likelihood, estimative words as data |
//! | [`Claim`], [`ClaimKind`], [`Provenance`] | one sourced claim |
//! | [`ClaimSet`] | claims grouped by quantity |
//! | [`Error`], [`Problems`], [`Location`] | errors that name the claim, field, line or byte |
//! | [`ClaimFile`], [`LoadOptions`], [`Mode`] (features `json`, `csv`) | claim files: read and written, every invalid record listed ([`io`]) |
//! | [`claim_distribution`], [`Distribution`], [`ConvertOptions`] | a claim as a fitted normal or log-normal, or a bound |
//! | [`pool_claims`], [`Pool`] | linear and logarithmic opinion pools of claims, truncated by bounds |
//! | [`meta_analysis`], [`MetaAnalysis`] | fixed and random effects, Q, I², τ², prediction interval, leave-one-out |
//! | [`normal_cdf`], [`normal_quantile`], [`chi_square_sf`] | the normal and chi-square functions they use |
//! | [`Report`], [`QuantityReport`], [`Verdict`], [`Method`] | the disagreement report: a verdict per claim, consensus, conflicts, clusters, falsetickers, spread; as text, Markdown, JSON and an SVG forest plot |
//! | [`conflicts`], [`count_conflicts`], [`clusters`], [`Spread`] | every pair of claims sharing no value (O(n log n + k)), chains of overlap, spread |
//!
//! ## Usage
//!
//! ```
//! use std::sync::Arc;
//! use sourced::{Claim, ClaimSet, Estimate, Interval, Quantity, Source};
//!
//! let troops = Arc::new(Quantity::new("nk-troops-in-russia", "troops")?);
//! let white_house = Arc::new(Source::new("white-house", "White House")?.with_group("us-government")?);
//! let nis = Arc::new(Source::new("nis", "National Intelligence Service")?);
//!
//! let claims: ClaimSet = [
//!     Claim::new("wh-1", troops.clone(), white_house, Estimate::new(Interval::greater_than(3000.0)?))?,
//!     Claim::new("nis-1", troops.clone(), nis, Estimate::new(Interval::at_most(10_000.0)?))?,
//! ]
//! .into_iter()
//! .collect();
//! claims.validate()?;
//!
//! // Both hold on (3000, 10000]: the claims are compatible.
//! let common = claims.iter().map(|c| *c.interval()).reduce(|a, b| a.intersection(&b).unwrap_or(a));
//! assert_eq!(common.map(|i| i.to_string()).as_deref(), Some("(3000, 10000]"));
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Crate features
//!
//! - `serde` (default): `Serialize` and `Deserialize` for every public type; deserialisation
//!   goes through the same validation as the constructors.
//! - `json` (default): JSON claim files.
//! - `csv` (default): CSV claim files.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod algorithm;
mod claim;
mod claim_set;
mod confidence;
mod date;
mod error;
mod estimate;
mod interval;
#[cfg(any(feature = "json", feature = "csv"))]
pub mod io;
mod lexicon;
mod quantity;
mod report;
mod source;
mod stats;
mod value;
mod vocabulary;

pub use algorithm::{
    Adjustment, Agreement, AgreementSummary, Bounded, BrooksIyengar, ClaimId, Consensus, Endpoints,
    Evidence, Fused, HullSummary, Majority, Membership, Monotonicity, MonotonicityBreak,
    NoMajority, Piece, PrepareOptions, PreparedClaim, Region, Selected, Selection, Status,
    SummaryClaim, SummaryConsensus, SummaryEnd, SummaryInterval, SummaryRegion, Supersession,
    UnionPiece, UnionSummary, hull, intersection, monotonicity, prepare, union, union_on,
};
pub use claim::{Claim, ClaimKind, Provenance};
pub use claim_set::{ClaimSet, QuantityGroup};
pub use confidence::{AnalyticConfidence, Confidence};
pub use date::{ClaimDate, Period, Precision};
pub use error::{Error, Location, ParseError, Problem, Problems, ValueError};
pub use estimate::{Estimate, Hedge};
pub use interval::{Bound, Edge, Interval, Relation};
#[cfg(any(feature = "json", feature = "csv"))]
pub use io::{ClaimFile, Format, LoadOptions, Mode};
pub use lexicon::{ABOUT_TOLERANCE, Entry, Lexicon, ParseErrorKind, Reading, Rule, VagueRange};
pub use quantity::{Domain, Quantity, QuantityKind};
pub use report::{
    Basis, ClaimRow, Cluster, ClusterRow, Conflict, ConflictKind, ConflictRow, Conflicts,
    ConsensusRegion, DEFAULT_CONFLICT_LIMIT, Method, QuantityReport, Report, ReportBuilder,
    ReportOptions, Representative, SeriesBreak, Spread, SpreadRow, Verdict, clusters, conflicts,
    count_conflicts,
};
pub use source::{Source, SourceKind};
pub use stats::{
    Bounds, ClaimDistribution, Conversion, ConvertOptions, Distribution, Excluded, Family,
    Heterogeneity, LeaveOneOut, MetaAnalysis, MetaOptions, PointClaims, Pool, PoolBound,
    PoolComponent, PoolMethod, PoolOptions, PoolQuantile, PooledEffect, Scale, Stated, Study,
    Tau2Method, chi_square_sf, claim_distribution, gamma_q, ln_gamma, meta_analysis, normal_cdf,
    normal_pdf, normal_quantile, normal_sf, pool_claims,
};
pub use value::Finite;
pub use vocabulary::{Term, Vocabulary};

#[cfg(test)]
mod send_sync {
    fn assert_send_sync<T: Send + Sync + Clone + std::fmt::Debug>() {}

    #[test]
    fn public_types_are_send_sync_clone_debug() {
        use crate::*;
        assert_send_sync::<Finite>();
        assert_send_sync::<Interval>();
        assert_send_sync::<Estimate>();
        assert_send_sync::<Quantity>();
        assert_send_sync::<Source>();
        assert_send_sync::<Claim>();
        assert_send_sync::<ClaimSet>();
        assert_send_sync::<Confidence>();
        assert_send_sync::<Error>();
    }
}

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
