//! The disagreement report: one per quantity, with a verdict for every claim.
//!
//! A [`QuantityReport`] answers "who disagrees with whom, by how much, and is it real?" for the
//! claims about one quantity:
//!
//! - every claim with its normalised interval and a [`Verdict`] (agrees, falseticker,
//!   superseded by …, restatement of …, outside the time window, undated, undecided) — in the
//!   spirit of chrony's per-source states (REFERENCES.md §3.2);
//! - the **consensus** region(s) with their support (independent sources) and the supporting
//!   claims, from the chosen [`Method`];
//! - the **conflicts**: every pair of claims that share no value ([`conflicts`], listed in
//!   O(n log n + k), always counted exactly; the listing is capped by
//!   [`ReportBuilder::conflict_limit`] so that a report of a million claims stays small);
//! - the **clusters** of claims that chain together by overlap ([`clusters`]);
//! - the **falsetickers** (see below), the **spread** ([`Spread`]) and, for a cumulative
//!   quantity, the breaks of the non-decreasing series;
//! - which lexicon, method and options produced it;
//! - for [`Method::Pool`] and [`Method::Meta`], the **pooled** figures ([`Pooled`]): the
//!   opinion pool's median, mean and 5–95 % interval with the bounds that truncate it, or the
//!   meta-analysis's fixed and random effects, τ², I², H², Q and the prediction interval.
//!
//! A [`Report`] holds the reports of every quantity of a claim set and the problems found while
//! reading it. It prints as plain text (`Display`), Markdown ([`Report::to_markdown`]), JSON
//! ([`Report::to_json`]) and an SVG forest plot ([`QuantityReport::to_svg`]).
//!
mod clusters;
mod conflicts;
mod engine;
mod pooled;
pub(crate) mod render;
mod select;
mod spread;
mod verdict;

use crate::SharedStr;
use std::fmt;
use std::str::FromStr;

pub use clusters::{Cluster, clusters};
pub use conflicts::{Conflict, ConflictKind, Conflicts, conflicts, count_conflicts};
pub use pooled::{MetaSection, Pooled, RandomEffects};
pub use spread::{Basis, Representative, Spread};
pub use verdict::Verdict;

use crate::algorithm::{Membership, PrepareOptions};
use crate::claim::Claim;
use crate::claim_set::ClaimSet;
use crate::date::{ClaimDate, Period};
use crate::error::{Error, Problem};
use crate::interval::Interval;
use crate::quantity::QuantityKind;
use crate::source::Source;
use crate::stats::{MetaOptions, PoolOptions};

/// The reconciliation method behind a report's consensus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum Method {
    /// k-of-n agreement (Marzullo 1984): the region(s) held by the most independent sources.
    #[default]
    Agreement,
    /// NTP selection (RFC 5905 §11.2.1, ntpd `clock_select`): the fewest falsetickers such that
    /// the rest, a majority, share a region.
    Ntp,
    /// k-of-n agreement with weights (confidence × source weight) instead of counts.
    Weighted,
    /// Brooks–Iyengar (1996): a fault-tolerant point and interval.
    BrooksIyengar,
    /// Opinion pool (Stone 1961; SHELF): the claims as distributions, mixed with weights from
    /// confidence × source weight ([`pool_claims`](crate::pool_claims)). The consensus is the
    /// pool's central 90 % interval (5 % to 95 %) with its median as the best value; a claim
    /// agrees when its interval shares a value with that interval, and is a falseticker when
    /// it lies wholly outside it. The report's [`Pooled`] section holds the pool.
    Pool,
    /// Meta-analysis (metafor's `rma.uni`): fixed and random effects of the claims with
    /// two-sided intervals ([`meta_analysis`](crate::meta_analysis)). The consensus is the
    /// confidence interval of the random-effects estimate, with the estimate as the best
    /// value (back on the quantity's scale); a claim agrees when its interval shares a value
    /// with that interval, and is a falseticker when it excludes every value the pooled
    /// estimate's interval allows. The report's [`Pooled`] section holds the analysis.
    Meta,
}

impl Method {
    /// Every method, in the order `--help` lists them.
    pub const ALL: [Method; 6] = [
        Method::Agreement,
        Method::Ntp,
        Method::Weighted,
        Method::BrooksIyengar,
        Method::Pool,
        Method::Meta,
    ];

    /// The name used on the command line and in JSON: `agreement`, `ntp`, `weighted`,
    /// `brooks-iyengar`, `pool`, `meta`.
    pub fn name(self) -> &'static str {
        match self {
            Method::Agreement => "agreement",
            Method::Ntp => "ntp",
            Method::Weighted => "weighted",
            Method::BrooksIyengar => "brooks-iyengar",
            Method::Pool => "pool",
            Method::Meta => "meta",
        }
    }

    /// A one-line description for people.
    pub fn description(self) -> &'static str {
        match self {
            Method::Agreement => {
                "k-of-n agreement (Marzullo): the values held by the most independent sources"
            }
            Method::Ntp => {
                "NTP selection (RFC 5905): the fewest falsetickers such that a majority agrees"
            }
            Method::Weighted => {
                "weighted agreement: as k-of-n, each source counted by confidence × weight"
            }
            Method::BrooksIyengar => {
                "Brooks–Iyengar: fault-tolerant point and interval, f faulty of n"
            }
            Method::Pool => {
                "opinion pool: the claims as distributions, mixed; median and 90 % interval"
            }
            Method::Meta => {
                "meta-analysis: fixed and random effects, heterogeneity, prediction interval"
            }
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Method {
    type Err = Error;

    /// Reads a [method name](Method::name).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Method::ALL
            .into_iter()
            .find(|m| m.name() == text)
            .ok_or_else(|| {
                Error::Value(crate::error::ValueError::UnknownWord {
                    what: "method",
                    text: text.to_owned(),
                    expected: "agreement, ntp, weighted, brooks-iyengar, pool, meta",
                })
            })
    }
}

/// How a report is made: method, lexicon name and options. Build one with [`Report::builder`].
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct ReportOptions {
    /// The reconciliation method.
    pub method: Method,
    /// The name of the hedge lexicon that read the claims (reported, not applied here).
    pub lexicon: String,
    /// At most this many conflicts are listed per quantity (all are counted); `None` lists all.
    /// The notes of origins that contradict themselves are capped likewise, with one note
    /// counting the rest.
    pub conflict_limit: Option<usize>,
    /// For Brooks–Iyengar: the number of faulty sources assumed; `None` takes the most a
    /// majority can outvote, the largest `f < n/2` (pass `f` with `n ≥ 3f + 1` for the
    /// guarantees of the distributed setting).
    pub faulty: Option<usize>,
    /// For NTP selection: which claims are members of the selected region.
    pub membership: Membership,
    /// For NTP selection: the fewest independent sources that must agree.
    pub min_agreeing: usize,
    /// Preparation: supersession, denials, documented counts, the time window.
    pub prepare: PrepareOptions,
    /// For [`Method::Pool`]: linear or logarithmic pool, scale and conversion conventions.
    pub pool: PoolOptions,
    /// For [`Method::Meta`]: the τ² estimator (REML by default), scale, level and conventions.
    pub meta: MetaOptions,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            method: Method::Agreement,
            lexicon: crate::lexicon::Lexicon::standard().name().to_owned(),
            conflict_limit: Some(DEFAULT_CONFLICT_LIMIT),
            faulty: None,
            membership: Membership::Overlap,
            min_agreeing: 1,
            prepare: PrepareOptions::new(),
            pool: PoolOptions::default(),
            meta: MetaOptions::default(),
        }
    }
}

/// The default cap on listed conflicts per quantity.
pub const DEFAULT_CONFLICT_LIMIT: usize = 1000;

/// Builds [`Report`]s: `Report::builder().method(Method::Ntp).build(&claims)`.
#[derive(Clone, Debug, Default)]
pub struct ReportBuilder {
    options: ReportOptions,
    problems: Vec<Problem>,
}

impl ReportBuilder {
    /// The reconciliation method (default [`Method::Agreement`]).
    pub fn method(mut self, method: Method) -> Self {
        self.options.method = method;
        self
    }

    /// The name of the lexicon the claims were read with, for the record (default `standard`).
    pub fn lexicon(mut self, name: impl Into<String>) -> Self {
        self.options.lexicon = name.into();
        self
    }

    /// List at most `limit` conflicts per quantity (`None`: all of them). They are all counted.
    /// At most `limit` origins that contradict themselves (whose claims share no value) get
    /// a note each; one note counts the others.
    pub fn conflict_limit(mut self, limit: Option<usize>) -> Self {
        self.options.conflict_limit = limit;
        self
    }

    /// For Brooks–Iyengar: assume `f` faulty sources.
    pub fn faulty(mut self, f: usize) -> Self {
        self.options.faulty = Some(f);
        self
    }

    /// For NTP selection: the membership rule (default [`Membership::Overlap`], as ntpd).
    pub fn membership(mut self, membership: Membership) -> Self {
        self.options.membership = membership;
        self
    }

    /// For NTP selection: at least `k` independent sources must agree (default 1).
    pub fn min_agreeing(mut self, k: usize) -> Self {
        self.options.min_agreeing = k;
        self
    }

    /// How claims are prepared: supersession, denials, documented counts, time window.
    pub fn prepare(mut self, options: PrepareOptions) -> Self {
        self.options.prepare = options;
        self
    }

    /// For [`Method::Pool`]: how the claims are pooled (default: linear pool, automatic scale).
    pub fn pool_options(mut self, options: PoolOptions) -> Self {
        self.options.pool = options;
        self
    }

    /// For [`Method::Meta`]: how the claims are analysed (default: REML τ², automatic scale,
    /// 95 % intervals, leave-one-out).
    pub fn meta_options(mut self, options: MetaOptions) -> Self {
        self.options.meta = options;
        self
    }

    /// Problems found while reading the claims (a lenient load), carried into the report.
    pub fn problems(mut self, problems: impl IntoIterator<Item = Problem>) -> Self {
        self.problems.extend(problems);
        self
    }

    /// The options so far.
    pub fn options(&self) -> &ReportOptions {
        &self.options
    }

    /// The report of every quantity of `claims`, in order of first appearance.
    ///
    /// Errors: the claim set's own problems ([`ClaimSet::validate`]), and whatever the chosen
    /// method refuses.
    pub fn build<'a>(&self, claims: &'a ClaimSet) -> Result<Report<'a>, Error> {
        let numbering = claims.validate_numbered()?;
        let groups = claims.groups();
        // With one quantity, its claims are the whole set in order: its preparation reuses
        // the validation's numbering of the sources (a sort of a pointer per claim).
        let mut numbering = (groups.len() == 1).then_some(numbering);
        let quantities = groups
            .iter()
            .map(|group| engine::quantity_report(&group.claims, &self.options, numbering.take()))
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Report {
            options: self.options.clone(),
            quantities,
            problems: self.problems.clone(),
        })
    }
}

/// The disagreement reports of every quantity of a claim set, and the problems of its input.
///
/// A report borrows the claim set it was built from: each of its rows is a claim of the set
/// with its verdict ([`ClaimRow`]), not a copy of the claim's texts. Keep the set alive while
/// the report is used (`let set = …; let report = Report::of(&set)?;`); a report to keep on
/// its own is best kept as its JSON (`to_json`, with the `json` feature) or text.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Report<'a> {
    /// How the report was made.
    pub options: ReportOptions,
    /// One report per quantity.
    pub quantities: Vec<QuantityReport<'a>>,
    /// Records of the input that were invalid and left out (lenient reading).
    pub problems: Vec<Problem>,
}

impl<'a> Report<'a> {
    /// A builder with the default options.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use sourced::{Claim, ClaimKind, ClaimSet, Estimate, Interval, Method, Quantity, Report, Source, Verdict};
    ///
    /// let troops = Arc::new(Quantity::new("nk-troops-in-russia", "troops")?);
    /// let src = |id: &str| Source::new(id, id);
    /// let claims: ClaimSet = [
    ///     Claim::new("wh-1", troops.clone(), src("white-house")?, Estimate::new(Interval::greater_than(3000.0)?))?,
    ///     Claim::new("nis-1", troops.clone(), src("nis")?, Estimate::new(Interval::at_most(10_000.0)?))?,
    ///     Claim::new("putin-1", troops.clone(), src("kremlin")?, Estimate::new(Interval::greater_than(0.0)?))?,
    ///     Claim::new("kcna-1", troops.clone(), src("kcna")?, Estimate::point(0.0)?)?.with_kind(ClaimKind::Denial),
    /// ]
    /// .into_iter()
    /// .collect();
    /// let report = Report::builder().method(Method::Agreement).build(&claims)?;
    /// let troops = &report.quantities[0];
    /// assert_eq!(troops.consensus[0].interval.to_string(), "(3000, 10000]");
    /// assert_eq!(troops.consensus[0].support, 3);
    /// assert_eq!(troops.falsetickers, ["kcna-1"]);
    /// assert_eq!(troops.claims[3].verdict, Verdict::Falseticker);
    /// assert_eq!(troops.conflict_count, 2); // kcna-1 against wh-1, and against putin-1 (touching)
    /// println!("{report}");
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn builder() -> ReportBuilder {
        ReportBuilder::default()
    }

    /// The report of `claims` with the default options.
    pub fn of(claims: &'a ClaimSet) -> Result<Report<'a>, Error> {
        Report::builder().build(claims)
    }

    /// The report of the quantity `id`.
    pub fn quantity(&self, id: &str) -> Option<&QuantityReport<'a>> {
        self.quantities.iter().find(|q| q.quantity == id)
    }

    /// The report as a Markdown document (tables).
    pub fn to_markdown(&self) -> String {
        render::markdown::report(self)
    }

    /// The forest plots of every quantity, stacked in one SVG document.
    pub fn to_svg(&self) -> String {
        render::svg::stacked(self)
    }

    /// The report as pretty-printed JSON: `{"quantities": [...], "problems": [...]}`, `null`
    /// for unbounded sides and undefined ratios, the string `"overflow"` for a gap or weight
    /// too large for `f64` (JSON numbers cannot be infinite).
    #[cfg(feature = "json")]
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }
}

/// The plain-text report, at most 100 columns wide.
impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        render::text::report(self, f)
    }
}

/// The disagreement report about one quantity.
///
/// # Falsetickers: a smallest set whose removal leaves the rest consistent
///
/// Intervals on a line that pairwise share a value all share one (Helly's theorem in one
/// dimension), so a set of claims is consistent exactly when some value lies in all of them.
/// If the most claims holding any one value is `m` (the maximal-support region), any
/// consistent subset has at most `m` claims, so at least `n − m` claims must go; removing the
/// claims that do not hold the maximal region removes exactly `n − m` and leaves a consistent
/// set. Hence **the claims outside the maximal region are a smallest removal set**. When several
/// regions tie, each region gives its own smallest set; the report then lists as falsetickers
/// only the claims outside *every* tied region (the claims that every smallest set contains),
/// and says that the tie remains.
///
/// With independence groups, support counts groups rather than claims (DESIGN.md:
/// "agreement counts independent origins"), and the same argument runs over origins. An
/// origin asserts all its counted claims at once: their intersection when they share a value,
/// the union of them when they contradict each other (see [`prepare`](crate::prepare), step
/// 7; the report notes every such contradiction). A set of origins is consistent when some
/// value is held by every one of them; it then has at most `m` origins (those holding that
/// value), so at least `G − m` of the `G` origins must be silenced, and removing the claims of
/// the origins that do not hold the maximal region silences exactly `G − m` and leaves the
/// rest holding that region. A consistent origin holds a region with all its claims or with
/// none, so its claims are all falsetickers or none; of a self-contradicting origin that holds
/// the region, the claims that miss it are listed too (its other claims stay). The
/// falsetickers are then a smallest removal set counted in independent origins, which is the
/// count agreement uses; in claims it may be larger when one origin made several claims. NTP
/// selection and Brooks–Iyengar name their own truechimers; there the falsetickers are the
/// claims the method rejects.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct QuantityReport<'a> {
    /// The quantity's id (its scope key).
    pub quantity: String,
    /// Its description, if any.
    pub description: Option<String>,
    /// Its unit.
    pub unit: String,
    /// Level or cumulative.
    pub kind: QuantityKind,
    /// The method behind the consensus.
    pub method: Method,
    /// The lexicon the claims were read with.
    pub lexicon: String,
    /// The options of the method, as `name = value` lines for people.
    pub settings: Vec<String>,
    /// Every claim, in input order, with its verdict.
    pub claims: Vec<ClaimRow<'a>>,
    /// The consensus region(s); empty when the method found none.
    pub consensus: Vec<ConsensusRegion>,
    /// Conflicting pairs, at most the conflict limit of them.
    pub conflicts: Vec<ConflictRow>,
    /// How many conflicting pairs there are in all.
    pub conflict_count: u64,
    /// Claims that chain together by overlap, lowest first.
    pub clusters: Vec<ClusterRow>,
    /// The falsetickers, in input order (see [`QuantityReport`] for why they are a smallest
    /// removal set).
    pub falsetickers: Vec<SharedStr>,
    /// How far apart the claims are.
    pub spread: SpreadRow,
    /// For a cumulative quantity: pairs of claims that break a non-decreasing series.
    pub breaks: Vec<SeriesBreak>,
    /// Remarks for people: ties, no majority, the time window.
    pub notes: Vec<String>,
    /// For [`Method::Pool`] and [`Method::Meta`]: the pooled figures; `None` for the interval
    /// methods, and when the statistics cannot run (a note then says why). Left out of JSON
    /// when `None`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub pooled: Option<Pooled>,
    /// The number of independent sources (origins) with a claim that counts: the n of
    /// "k of n" (superseded claims, restatements and claims outside the window do not count).
    pub sources: usize,
}

impl<'a> QuantityReport<'a> {
    /// The SVG forest plot of this quantity's claims.
    pub fn to_svg(&self) -> String {
        render::svg::forest(self)
    }

    /// The row of claim `id`.
    pub fn claim(&self, id: &str) -> Option<&ClaimRow<'a>> {
        self.claims.iter().find(|c| c.id() == id)
    }
}

/// The plain-text report of one quantity.
impl fmt::Display for QuantityReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        render::text::quantity(self, f)
    }
}

/// One claim in a report: the claim itself, borrowed from the claim set the report was built
/// from, with its interval as reconciled and its verdict.
///
/// A row is 64 bytes (a reference to the claim, an interval and a verdict), not a copy of the
/// claim's texts: a report of a million claims is as many rows, and copies of the ids, source
/// names and groups made the rows most of the report's memory and time. What a row shows of
/// the claim comes through the accessors below or [`claim`](Self::claim) itself (its
/// provenance, confidence, kind, …). In JSON a row is one flat object with the fields, in
/// this order, `id`, `source` (the source's id), `source_name`, `group`, `stated`, `as_of`,
/// the interval's `low`, `high`, `low_open`, `high_open`, `best`, `said`, `verdict` and
/// `related` (each present, `null` when unset).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ClaimRow<'a> {
    /// The claim.
    pub claim: &'a Claim,
    /// The interval as reconciled: the quantity's domain applied, a denial as zero, a
    /// documented count as a floor.
    pub interval: Interval,
    /// The verdict.
    pub verdict: Verdict,
}

impl<'a> ClaimRow<'a> {
    pub(crate) fn new(claim: &'a Claim, interval: Interval, verdict: Verdict) -> ClaimRow<'a> {
        ClaimRow {
            claim,
            interval,
            verdict,
        }
    }

    /// The claim id.
    pub fn id(&self) -> &'a str {
        self.claim.id()
    }

    /// The source (its id, name for people and independence group).
    pub fn source(&self) -> &'a Source {
        self.claim.source()
    }

    /// When it was said.
    pub fn stated(&self) -> Option<ClaimDate> {
        self.claim.stated()
    }

    /// When the number refers to.
    pub fn as_of(&self) -> Option<Period> {
        self.claim.as_of()
    }

    /// The best value, if stated.
    pub fn best(&self) -> Option<f64> {
        self.claim.estimate().best()
    }

    /// The words as said, if the claim came from text.
    pub fn said(&self) -> Option<&'a str> {
        self.claim.estimate().text()
    }

    /// The claim the verdict refers to (superseding claim, or original restated).
    pub fn related(&self) -> Option<&str> {
        self.verdict.related()
    }

    /// The date for people: the as-of period when given, else the date it was said.
    pub fn date(&self) -> Option<Period> {
        self.as_of().or(self.stated().map(Period::from))
    }
}

/// A row as one flat JSON object (see [`ClaimRow`]).
#[cfg(feature = "serde")]
impl serde::Serialize for ClaimRow<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Flat<'r> {
            id: &'r str,
            source: &'r str,
            source_name: &'r str,
            group: &'r str,
            stated: Option<ClaimDate>,
            as_of: Option<Period>,
            #[serde(flatten)]
            interval: &'r Interval,
            best: Option<f64>,
            said: Option<&'r str>,
            verdict: &'r Verdict,
            related: Option<&'r str>,
        }
        let source = self.source();
        Flat {
            id: self.id(),
            source: source.id(),
            source_name: source.name(),
            group: source.group(),
            stated: self.stated(),
            as_of: self.as_of(),
            interval: &self.interval,
            best: self.best(),
            said: self.said(),
            verdict: &self.verdict,
            related: self.related(),
        }
        .serialize(serializer)
    }
}

/// A consensus region: values held by the supporting claims.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct ConsensusRegion {
    /// The region.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub interval: Interval,
    /// The number of independent sources (independence groups) behind it.
    pub support: usize,
    /// The total weight behind it, for weighted agreement (`∞` when the sum exceeds `f64`,
    /// written `"overflow"` in JSON).
    #[cfg_attr(
        feature = "serde",
        serde(
            skip_serializing_if = "Option::is_none",
            serialize_with = "out_of_range::option"
        )
    )]
    pub weight: Option<f64>,
    /// A fused point estimate, for Brooks–Iyengar.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub best: Option<f64>,
    /// The claims that hold it, in input order.
    pub supporting: Vec<SharedStr>,
}

/// A pair of claims that share no value: `a` lies below `b`.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct ConflictRow {
    /// The lower claim.
    pub a: SharedStr,
    /// The upper claim.
    pub b: SharedStr,
    /// Disjoint (a gap between them) or touching at an open end.
    pub relation: ConflictKind,
    /// The gap between them (`∞` when it exceeds `f64`, written `"overflow"` in JSON).
    #[cfg_attr(feature = "serde", serde(serialize_with = "out_of_range::number"))]
    pub gap: f64,
    /// `b`'s low end over `a`'s high end, where both are positive.
    pub ratio: Option<f64>,
}

/// A cluster of claims chained by overlap.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct ClusterRow {
    /// The hull of its claims.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub hull: Interval,
    /// Its claims, in input order.
    pub members: Vec<SharedStr>,
}

/// The spread of the claims that took part, with the claims behind the extremes.
#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct SpreadRow {
    /// The hull of their intervals.
    pub hull: Option<Interval>,
    /// The claim with the smallest representative value (the smallest id on ties), and that
    /// value.
    pub smallest: Option<(String, f64)>,
    /// The claim with the largest representative value (the smallest id on ties), and that
    /// value.
    pub largest: Option<(String, f64)>,
    /// Largest over smallest, when the smallest is positive.
    pub ratio: Option<f64>,
    /// `log10(ratio)`.
    pub orders_of_magnitude: Option<f64>,
}

/// Two claims of a cumulative quantity that no non-decreasing series can satisfy: the later one
/// lies wholly below the earlier one.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct SeriesBreak {
    /// The earlier claim.
    pub earlier: String,
    /// The later claim, below the earlier one.
    pub later: String,
    /// How far the later claim's high end lies below the earlier claim's low end (`∞` when it
    /// exceeds `f64`, written `"overflow"` in JSON).
    #[cfg_attr(feature = "serde", serde(serialize_with = "out_of_range::number"))]
    pub gap: f64,
}

/// JSON numbers cannot be infinite, and serde_json writes an infinity as `null`, which would
/// read as "unbounded" or "undefined": a gap or a total weight that overflowed `f64` (ends
/// near ±`f64::MAX`) is written as the string `"overflow"` instead.
#[cfg(feature = "serde")]
mod out_of_range {
    use serde::Serializer;

    pub(super) fn number<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
        if value.is_infinite() {
            s.serialize_str("overflow")
        } else {
            s.serialize_f64(*value)
        }
    }

    pub(super) fn option<S: Serializer>(value: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => number(v, s),
            None => s.serialize_none(),
        }
    }
}
