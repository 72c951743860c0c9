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
#![cfg_attr(
    any(feature = "json", feature = "csv"),
    doc = "| [`ClaimFile`], [`LoadOptions`], [`Mode`] (features `json`, `csv`) | claim files: read and written, every invalid record listed ([`io`]) |"
)]
#![cfg_attr(
    not(any(feature = "json", feature = "csv")),
    doc = "| `ClaimFile`, `LoadOptions`, `Mode` (features `json`, `csv`, not enabled) | claim files: read and written, every invalid record listed |"
)]
//! | [`claim_distribution`], [`Distribution`], [`ConvertOptions`] | a claim as a fitted normal or log-normal, or a bound |
//! | [`pool_claims`], [`Pool`] | linear and logarithmic opinion pools of claims, truncated by bounds |
//! | [`meta_analysis`], [`MetaAnalysis`] | fixed and random effects, Q, I², τ², prediction interval, leave-one-out |
//! | [`normal_cdf`], [`normal_quantile`], [`chi_square_sf`] | the normal and chi-square functions they use |
//! | [`Report`], [`QuantityReport`], [`Verdict`], [`Method`] | the disagreement report: a verdict per claim, consensus, conflicts, clusters, falsetickers, spread; as text, Markdown, JSON and an SVG forest plot |
//! | [`conflicts`], [`count_conflicts`], [`clusters`], [`Spread`] | every pair of claims sharing no value (O(n log n + k)), chains of overlap, spread |
//!
//! ## Features
//!
//! - **Exact intervals.** Every claim is an [`Interval`] whose ends are open, closed or
//!   unbounded; "more than 3,000" is `(3000, ∞)`, "as many as 10,000" of a count is
//!   `[0, 10000]`, and an open end never overlaps a closed end at the same value.
//! - **A documented lexicon.** Hedged text becomes an interval by a named, versioned
//!   [`Lexicon`] (`standard-1`, or the conservative `conservative-1` of conflict-event coders);
//!   anything it does not understand is a [`ParseError`] with the byte offset, never a guess.
//! - **Independent sources, not repetitions.** Claims of one independence group, or a
//!   restatement and its original, count once; a later claim supersedes an earlier one
//!   ([`prepare`], [`PrepareOptions`]).
//! - **Agreement as in clock synchronisation.** k-of-n agreement (Marzullo), NTP selection
//!   with ntpd's or chrony's membership rule, weighted agreement and Brooks–Iyengar, each in
//!   O(n log n) on one shared sorted endpoint array (or, on many claims with few distinct
//!   ends, by counting them, with no sort of them all), with results that name their claims.
//! - **A disagreement report.** A verdict per claim, the consensus, every conflicting pair
//!   (output-sensitive), clusters, falsetickers, spread and cumulative-series breaks, as text,
//!   Markdown, JSON and an SVG forest plot ([`Report`]).
//! - **Statistics.** Claims as fitted distributions, linear and logarithmic opinion pools,
//!   and meta-analysis (fixed effect, DerSimonian–Laird, REML, Q, I², τ², prediction interval,
//!   leave-one-out) reproducing metafor's published figures.
//! - **Claim files.** JSON and CSV, read with every invalid record listed at once
#![cfg_attr(
    any(feature = "json", feature = "csv"),
    doc = "  ([`ClaimFile`]), strict or lenient."
)]
#![cfg_attr(
    not(any(feature = "json", feature = "csv")),
    doc = "  (`ClaimFile`, features `json` and `csv`), strict or lenient."
)]
//!
//! ## Usage
//!
//! The claims of the seed article about North Korean troops in Russia, from text to report:
//!
//! ```
//! use std::sync::Arc;
//! use sourced::{Claim, ClaimKind, ClaimSet, Lexicon, Quantity, Report, Source};
//!
//! let troops = Arc::new(Quantity::new("nk-troops-in-russia", "troops")?);
//! let lexicon = Lexicon::standard();
//! let us = |id: &str, name: &str| -> Result<Arc<Source>, sourced::ValueError> {
//!     Ok(Arc::new(Source::new(id, name)?.with_group("us-government")?))
//! };
//! let claim = |id: &str, source: Arc<Source>, text: &str| -> Result<Claim, sourced::Error> {
//!     Claim::new(id, troops.clone(), source, lexicon.parse(text, &troops)?)
//! };
//!
//! let claims: ClaimSet = [
//!     claim("wh-1", us("white-house", "White House")?, "more than 3,000")?,
//!     claim("nis-1", Arc::new(Source::new("nis", "South Korea's NIS")?), "as many as 10,000")?,
//!     claim("kcna-1", Arc::new(Source::new("kcna", "Pyongyang")?), "no")?
//!         .with_kind(ClaimKind::Denial),
//!     // Putin's non-denial: some troops, no figure.
//!     claim("putin-1", Arc::new(Source::new("kremlin", "Vladimir Putin")?), "more than 0")?,
//! ]
//! .into_iter()
//! .collect();
//!
//! let report = Report::of(&claims)?;
//! let q = report.quantity("nk-troops-in-russia").expect("one report per quantity");
//! // "more than 3,000" and "as many as 10,000" are compatible: both hold on (3000, 10000].
//! assert_eq!(q.consensus[0].interval.to_string(), "(3000, 10000]");
//! assert_eq!(q.consensus[0].support, 3); // White House, NIS, Putin: 3 of 4 origins
//! assert_eq!(q.falsetickers, ["kcna-1"]); // the denial is the odd one out
//! println!("{report}");
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Examples
//!
//! **Hedged text to an interval.** The lexicon keeps the hedge and the best value:
//!
//! ```
//! use sourced::{Estimate, Hedge};
//! let e: Estimate = "151,000 (95% CI 104,000–223,000)".parse()?;
//! assert_eq!(e.interval().to_string(), "[104000, 223000]");
//! assert_eq!((e.best(), e.level(), e.hedge()), (Some(151_000.0), Some(0.95), Hedge::ConfidenceInterval));
//! assert!("between 10,000 and 3,000".parse::<Estimate>().is_err());
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **k-of-n agreement on plain intervals** (Marzullo's worked example):
//!
//! ```
//! use sourced::{Agreement, Evidence};
//! let evidence = Evidence::from_closed(&[(8.0, 12.0), (11.0, 13.0), (10.0, 12.0)])?;
//! let consensus = Agreement::new().run(&evidence);
//! assert_eq!(consensus.regions[0].interval.to_string(), "[11, 12]");
//! assert_eq!(consensus.support, 3);
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **NTP selection and Brooks–Iyengar** on the same evidence:
//!
//! ```
//! use sourced::{BrooksIyengar, Evidence, Selected, Selection};
//! let evidence = Evidence::from_closed(&[(8.0, 12.0), (11.0, 13.0), (14.0, 15.0)])?;
//! let Selected::Majority(ntp) = Selection::ntp().run(&evidence) else {
//!     return Err("two of three agree".into());
//! };
//! assert_eq!(ntp.region.to_string(), "[11, 12]");
//! assert_eq!(ntp.falsetickers.len(), 1); // [14, 15]
//! let sensors = [(2.7, 6.7), (0.0, 3.2), (1.5, 4.5), (0.8, 2.8), (1.4, 4.6)];
//! let fused = BrooksIyengar::new(1).run(&Evidence::from_closed(&sensors)?);
//! assert_eq!(fused.interval.map(|i| i.to_string()).as_deref(), Some("[1.5, 3.2]"));
//! assert!((fused.point.unwrap_or_default() - 2.6269).abs() < 1e-4);
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **A claim file**, every invalid record listed at once:
//!
//! ```
//! # #[cfg(feature = "json")] {
//! use sourced::{ClaimFile, LoadOptions};
//! let text = r#"{"claims": [
//!   {"id": "a", "quantity": "q", "source": "s", "estimate": "about 600,000", "stated": "2024-10"},
//!   {"id": "b", "quantity": "q", "source": "t", "estimate": {"low": 5, "high": 1}},
//!   {"id": "c", "quantity": "q", "source": "u", "estimate": "lots", "stated": "2024-02-30"}
//! ]}"#;
//! let err = ClaimFile::from_json_str(text, &LoadOptions::strict()).unwrap_err();
//! assert!(err.to_string().contains("\"b\"") && err.to_string().contains("\"c\""));
//! let lenient = ClaimFile::from_json_str(text, &LoadOptions::lenient())?;
//! assert_eq!(lenient.claims.len(), 1);
//! assert!(lenient.problems.len() >= 2);
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **Meta-analysis** of effects with their variances (metafor's `dat.bcg`, first trials):
//!
//! ```
//! use sourced::{MetaAnalysis, MetaOptions};
//! let effects = [(-0.8893, 0.3256), (-1.5854, 0.1946), (-1.3481, 0.4154), (-1.4416, 0.0200)];
//! let m = MetaAnalysis::from_effects(&effects, &MetaOptions::default())?;
//! assert!(m.fixed.ci_low < m.fixed.estimate && m.fixed.estimate < m.fixed.ci_high);
//! println!("{m}");
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Crate features
//!
//! - `serde` (default): `Serialize` and `Deserialize` for every public type; deserialisation
//!   goes through the same validation as the constructors.
//! - `json` (default): JSON claim files.
//! - `csv` (default): CSV claim files.

// The failure modes name the loaders' types, which exist with both file formats.
#![cfg_attr(
    all(feature = "json", feature = "csv"),
    doc = include_str!("failure_modes.md")
)]
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
mod hash;
mod interval;
#[cfg(any(feature = "json", feature = "csv"))]
pub mod io;
mod lexicon;
mod quantity;
mod report;
mod shared_str;
mod source;
mod stats;
mod value;
mod vocabulary;

pub use algorithm::Contradiction;
pub use algorithm::{
    Adjustment, Agreement, AgreementSummary, Bounded, BrooksIyengar, ClaimId, Consensus, Endpoints,
    Evidence, Fused, HullSummary, Majority, Membership, Monotonicity, MonotonicityBreak,
    NoMajority, Piece, PrepareOptions, PreparedClaim, Region, Selected, Selection, Status,
    SummaryClaim, SummaryConsensus, SummaryEnd, SummaryInterval, SummaryRegion, Supersession,
    UnionPiece, UnionSummary, WeightedMedian, hull, intersection, monotonicity, prepare, union,
    union_on, weighted_median,
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
    ConsensusRegion, DEFAULT_CONFLICT_LIMIT, MetaSection, Method, Pooled, QuantityReport,
    RandomEffects, Report, ReportBuilder, ReportOptions, Representative, SeriesBreak, Spread,
    SpreadRow, Verdict, clusters, conflicts, count_conflicts,
};
pub use shared_str::SharedStr;
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
