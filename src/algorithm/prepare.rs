//! Preparation: which claims count, for which independent origin, with which interval.
//!
//! Before any reconciliation the claims about one quantity go through these steps, each
//! recorded per claim in a [`PreparedClaim`]:
//!
//! 1. **One quantity.** Claims about different quantities are an error
//!    ([`Error::MixedQuantities`]), never merged. Duplicate claim ids are an error too.
//! 2. **Restatements** (`restates`) count with their original: the restatement gets
//!    [`Status::Restatement`] naming the original (following chains to the first claim) and is
//!    not swept, so adding one never changes support. A restatement whose original is not in
//!    the input counts as a claim of its own.
//! 3. **Supersession.** An explicit `supersedes` link retires its target. By default a later
//!    claim of the same source ([`Supersession::BySource`]; or of the same independence group,
//!    [`Supersession::ByGroup`]) supersedes its earlier ones, compared by stated date
//!    ([`ClaimDate`](crate::ClaimDate) order: first day, then precision). Only claims with the
//!    same as-of period compete: a claim about another time is a point of a time series, not a
//!    revision. Claims with equal latest dates all stay; claims without a stated date neither
//!    supersede nor are superseded. When several claims supersede one, the one with the
//!    smallest id is named.
//! 4. **Time window** (optional): claims whose reference period (as-of, else stated date) does
//!    not overlap the window get [`Status::OutsideWindow`]; undated claims [`Status::Undated`].
//! 5. **Adjustments** ([`Adjustment`]): a denial enters as the claim it makes, zero; a
//!    documented count is a floor, `[x, ∞)` (up to the domain's maximum), so it does not
//!    conflict with a larger estimate.
//! 6. **Origins**: each claim counts for its source's independence group. Origins are numbered
//!    in the order of their names, so results do not depend on the order of the input.
//! 7. **What an origin asserts.** An origin with several counted claims asserts all of them
//!    at once. When they share a value (the latest start is no later than the earliest end,
//!    compared as [`Edge`](crate::Edge) keys) the origin asserts their **intersection**: it
//!    covers a value only when every one of its counted claims does. The U.S. government's "a
//!    presence" `(0, ∞)` and "more than 3,000" `(3000, ∞)` together assert `(3000, ∞)` and do
//!    not support 1,000. When they share no value the origin **contradicts itself**; it then
//!    keeps the generous reading, the union (it covers a value when any of its claims does),
//!    and the contradiction is recorded ([`Evidence::contradictions`]) for the report to show.
//!    An origin with one counted claim asserts that claim.
//!
//! Weights for weighted agreement are the confidence midpoint (1 when absent) times the
//! source weight.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use crate::algorithm::columns::{Columns, ValuedClaims};
use crate::algorithm::coverage::OriginEnds;
use crate::algorithm::endpoints::{
    Endpoints, Limit, Overlapping, PackedEnds, Position, full_key, position,
};
use crate::algorithm::median::median_value;
use crate::algorithm::summary::SummaryClaim;
use crate::claim::{Claim, ClaimKind};
use crate::claim_set::{
    IdIndex, Numbering, duplicates_hashed, first_of_equal, first_of_repeated, hash_key, id_hash,
    number_pointers, shared_hash_runs,
};
use crate::date::{ClaimDate, Period};
use crate::error::{Error, Location, Problem, Problems, ValueError};
use crate::interval::Interval;
use crate::quantity::Quantity;
use crate::source::Source;

/// A claim's position in an [`Evidence`] (its position in the input).
///
/// Results name claims by `ClaimId`; [`Evidence::id`] gives the claim's id text and
/// [`Evidence::claim`] the prepared claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct ClaimId(pub u32);

impl ClaimId {
    /// The position in the evidence.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl std::fmt::Display for ClaimId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Which later claims supersede earlier ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Supersession {
    /// Only explicit `supersedes` links.
    Off,
    /// A later claim of the same source supersedes its earlier ones. The default.
    #[default]
    BySource,
    /// A later claim of the same independence group supersedes the group's earlier ones.
    ByGroup,
}

/// The options of [`prepare`].
///
/// ```
/// use sourced::{PrepareOptions, Supersession};
/// let options = PrepareOptions::new().supersession(Supersession::ByGroup);
/// assert_eq!(options.get_supersession(), Supersession::ByGroup);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PrepareOptions {
    supersession: Supersession,
    follow_links: bool,
    denials_as_zero: bool,
    documented_counts_as_floors: bool,
    window: Option<Period>,
}

impl Default for PrepareOptions {
    fn default() -> Self {
        PrepareOptions {
            supersession: Supersession::BySource,
            follow_links: true,
            denials_as_zero: true,
            documented_counts_as_floors: true,
            window: None,
        }
    }
}

impl PrepareOptions {
    /// The defaults: supersession by source, explicit links followed, denials as zero,
    /// documented counts as floors, no time window.
    pub fn new() -> Self {
        PrepareOptions::default()
    }

    /// Which later claims supersede earlier ones.
    pub fn supersession(mut self, rule: Supersession) -> Self {
        self.supersession = rule;
        self
    }

    /// Whether explicit `supersedes` links retire their targets (default true).
    pub fn follow_supersedes_links(mut self, follow: bool) -> Self {
        self.follow_links = follow;
        self
    }

    /// Whether a denial enters as the point zero (default true).
    pub fn denials_as_zero(mut self, on: bool) -> Self {
        self.denials_as_zero = on;
        self
    }

    /// Whether a documented count enters as a floor `[x, ∞)` (default true).
    pub fn documented_counts_as_floors(mut self, on: bool) -> Self {
        self.documented_counts_as_floors = on;
        self
    }

    /// Count only claims whose reference period overlaps `window` (default: all claims).
    pub fn window(mut self, window: impl Into<Period>) -> Self {
        self.window = Some(window.into());
        self
    }

    /// The supersession rule.
    pub fn get_supersession(&self) -> Supersession {
        self.supersession
    }

    /// The time window, if any.
    pub fn get_window(&self) -> Option<Period> {
        self.window
    }
}

/// Whether a claim counts, and if not, why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Status {
    /// The claim counts.
    Active,
    /// A later claim retired it.
    Superseded {
        /// The claim that supersedes it.
        by: ClaimId,
    },
    /// It restates another claim and counts with it (it is not swept itself).
    Restatement {
        /// The original claim.
        of: ClaimId,
    },
    /// Its reference period lies outside the time window.
    OutsideWindow,
    /// A time window was set and the claim has no date.
    Undated,
}

/// How preparation changed a claim's interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Adjustment {
    /// Taken as stated.
    #[default]
    None,
    /// A denial, entered as the point zero.
    DenialAsZero,
    /// A documented count, entered as a floor `[x, ∞)`.
    Floor,
}

/// One claim after preparation.
#[derive(Clone, Debug, PartialEq)]
pub struct PreparedClaim<'a> {
    // 56 bytes: an evidence holds one per claim. The id of a claim of a summary, which has
    // no `Claim`, is kept by the evidence (`Evidence::labels`).
    claim: Option<&'a Claim>,
    interval: Interval,
    origin: u32,
    weight: f64,
    status: Status,
    adjustment: Adjustment,
}

impl<'a> PreparedClaim<'a> {
    /// The claim, when the evidence was prepared from claims (not from plain intervals).
    pub fn claim(&self) -> Option<&'a Claim> {
        self.claim
    }

    /// The interval that enters the sweeps (after [`Adjustment`]).
    pub fn interval(&self) -> &Interval {
        &self.interval
    }

    /// The independent origin it counts for (see [`Evidence::origin_name`]).
    pub fn origin(&self) -> u32 {
        self.origin
    }

    /// Its weight in weighted agreement: confidence midpoint × source weight.
    pub fn weight(&self) -> f64 {
        self.weight
    }

    /// Whether it counts, and if not, why.
    pub fn status(&self) -> Status {
        self.status
    }

    /// How preparation changed its interval.
    pub fn adjustment(&self) -> Adjustment {
        self.adjustment
    }

    /// Whether it enters the sweeps ([`Status::Active`]).
    pub fn is_counted(&self) -> bool {
        self.status == Status::Active
    }
}

/// An independence group whose counted claims share no value: it contradicts itself.
///
/// `later` starts after `earlier` ends (the latest start and the earliest end among the
/// origin's counted claims; the smallest id when several claims tie), so the two share no
/// value. Such an origin covers a value when any of its claims does (the union reading).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Contradiction {
    /// The origin (see [`Evidence::origin_name`]).
    pub origin: u32,
    /// Its counted claim that ends earliest.
    pub earlier: ClaimId,
    /// Its counted claim that starts latest, after `earlier` ends.
    pub later: ClaimId,
}

/// The counted claims of one origin, taken together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct OriginClaims {
    /// How many counted claims it has.
    counted: u32,
    /// The counted claim that starts latest.
    latest_start: Option<u32>,
    /// The counted claim that ends earliest.
    earliest_end: Option<u32>,
    /// Its counted claims share no value.
    contradicts: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum OriginNames<'a> {
    Named(Vec<&'a str>),
    Numbered(Vec<u32>),
}

/// Claims about one quantity, prepared for reconciliation: the input of every algorithm.
///
/// Build it with [`prepare`] from claims, or from plain intervals with
/// [`Evidence::from_intervals`] (each its own origin), [`Evidence::from_grouped`] or
/// [`Evidence::from_weighted`].
///
/// ```
/// use sourced::{Agreement, Evidence, Interval};
/// // Marzullo's first example (Wikipedia): [8, 12], [11, 13], [10, 12] agree on [11, 12].
/// let evidence = Evidence::from_intervals(&[
///     Interval::closed(8.0, 12.0)?,
///     Interval::closed(11.0, 13.0)?,
///     Interval::closed(10.0, 12.0)?,
/// ]);
/// let consensus = Agreement::new().run(&evidence);
/// assert_eq!(consensus.regions[0].interval.to_string(), "[11, 12]");
/// assert_eq!(consensus.support, 3);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Evidence<'a> {
    quantity: Option<Arc<Quantity>>,
    claims: Vec<PreparedClaim<'a>>,
    origins: OriginNames<'a>,
    /// Per claim, its id, for evidence of a summary (whose claims have no `Claim`); empty
    /// otherwise.
    labels: Vec<&'a str>,
    counted: usize,
    counted_origins: usize,
    shared_origins: bool,
    /// Per origin, its counted claims taken together (empty when no origin has two).
    per_origin: Vec<OriginClaims>,
    contradictions: Vec<Contradiction>,
    window: Option<Period>,
    /// The few bytes per claim the sweeps read (see the `columns` module).
    columns: Columns,
    endpoints: OnceLock<Endpoints>,
}

impl<'a> Evidence<'a> {
    /// The evidence of prepared claims: per-origin counts and contradictions, and the
    /// columns, in one pass over the claims.
    ///
    /// `from_claims` holds the columns preparation read from the claims themselves; when
    /// they are empty (plain intervals, summaries), the values are the intervals' midpoints
    /// and the id prefixes come from the labels (the ids of a summary's claims, one per
    /// claim; empty for plain intervals).
    fn assemble(
        quantity: Option<Arc<Quantity>>,
        (claims, labels): (Vec<PreparedClaim<'a>>, Vec<&'a str>),
        FromClaims {
            mut values,
            mut id_prefixes,
        }: FromClaims,
        origins: OriginNames<'a>,
        window: Option<Period>,
    ) -> Evidence<'a> {
        let origin_count = match &origins {
            OriginNames::Named(v) => v.len(),
            OriginNames::Numbered(v) => v.len(),
        };
        let mut per_origin = vec![OriginClaims::default(); origin_count];
        let mut counted = 0;
        // Ties between equal starts (ends) go to the smallest id, so that nothing depends on
        // the input order.
        let id_text = |i: usize| id_text(&claims, &labels, i);
        let id_of = |i: u32| id_text(i as usize);
        let later = |a: u32, b: u32| id_of(a).cmp(&id_of(b)).then(a.cmp(&b)).is_lt();
        // Per origin, the start of its latest-starting claim and the end of its
        // earliest-ending one, kept here so that a comparison does not read that claim again
        // (the claims are read in input order; their origins come in any order).
        let mut edges: Vec<Option<(crate::Edge, crate::Edge)>> = vec![None; origin_count];
        // The columns are filled in the same pass (see the `columns` module).
        if values.len() != claims.len() {
            values = claims
                .iter()
                .map(|c| median_value(None, &c.interval).unwrap_or(f64::NAN))
                .collect();
        }
        if id_prefixes.len() != claims.len() {
            id_prefixes = (0..claims.len())
                .map(|i| id_text(i).map_or(0, |id| id_prefix(id.as_bytes())))
                .collect();
        }
        let mut columns = Columns::with_capacity(claims.len(), origin_count, values, id_prefixes);
        for (i, c) in claims.iter().enumerate() {
            columns.push(c.origin, c.is_counted().then_some((&c.interval, c.weight)));
            if !c.is_counted() {
                continue;
            }
            counted += 1;
            let i = i as u32;
            let (Some(o), Some(best)) = (
                per_origin.get_mut(c.origin as usize),
                edges.get_mut(c.origin as usize),
            ) else {
                continue;
            };
            o.counted += 1;
            let (start, end) = (c.interval.start(), c.interval.end());
            let (latest_start, earliest_end) = best.get_or_insert((start, end));
            o.latest_start = match o.latest_start {
                Some(k) if *latest_start > start || (*latest_start == start && !later(i, k)) => {
                    Some(k)
                }
                _ => {
                    *latest_start = start;
                    Some(i)
                }
            };
            o.earliest_end = match o.earliest_end {
                Some(k) if *earliest_end < end || (*earliest_end == end && !later(i, k)) => Some(k),
                _ => {
                    *earliest_end = end;
                    Some(i)
                }
            };
        }
        let start_of = |k: Option<u32>| {
            k.and_then(|k| claims.get(k as usize))
                .map(|p| p.interval.start())
        };
        let end_of = |k: Option<u32>| {
            k.and_then(|k| claims.get(k as usize))
                .map(|p| p.interval.end())
        };
        for o in per_origin.iter_mut() {
            o.contradicts = o.counted > 1 && start_of(o.latest_start) > end_of(o.earliest_end);
        }
        let contradictions = per_origin
            .iter()
            .enumerate()
            .filter(|(_, o)| o.contradicts)
            .filter_map(|(k, o)| {
                Some(Contradiction {
                    origin: k as u32,
                    earlier: ClaimId(o.earliest_end?),
                    later: ClaimId(o.latest_start?),
                })
            })
            .collect();
        // The origins judged as a whole, with the positions of the interval each asserts
        // (the latest start and the earliest end of its claims).
        columns.set_whole(
            origin_count,
            per_origin
                .iter()
                .zip(edges)
                .enumerate()
                .filter(|(_, (o, _))| o.counted > 1 && !o.contradicts)
                .filter_map(|(k, (_, edges))| {
                    let (start, end) = edges?;
                    Some((k as u32, (position(start), position(end))))
                }),
        );
        // The packed ends grouped by origin, with what the sweeps need of each origin that
        // contradicts itself (one not judged as a whole).
        let shared_origins = per_origin.iter().any(|o| o.counted > 1);
        if shared_origins {
            columns.by_origin = Some(OriginEnds::new(
                &columns.ends,
                (&columns.origin, origin_count),
                |o| columns.whole_positions(o).is_some(),
                |claim, end| full_key(&claims, claim, end),
            ));
        } else {
            columns.valued.forget_origins();
        }
        Evidence {
            quantity,
            counted,
            counted_origins: per_origin.iter().filter(|o| o.counted > 0).count(),
            shared_origins,
            per_origin: if shared_origins {
                per_origin
            } else {
                Vec::new()
            },
            contradictions,
            claims,
            origins,
            labels,
            window,
            columns,
            endpoints: OnceLock::new(),
        }
    }

    /// Plain intervals, each its own origin with weight 1; claim `i` is named `#i`.
    pub fn from_intervals(intervals: &[Interval]) -> Evidence<'static> {
        let claims = intervals
            .iter()
            .enumerate()
            .map(|(i, interval)| plain(*interval, i as u32, 1.0))
            .collect();
        let origins = OriginNames::Numbered((0..intervals.len() as u32).collect());
        Evidence::assemble(
            None,
            (claims, Vec::new()),
            FromClaims::default(),
            origins,
            None,
        )
    }

    /// Plain intervals with an origin number each: intervals of one origin count once.
    pub fn from_grouped(intervals: &[(Interval, u32)]) -> Evidence<'static> {
        let mut names: Vec<u32> = intervals.iter().map(|&(_, g)| g).collect();
        names.sort_unstable();
        names.dedup();
        let claims = intervals
            .iter()
            .map(|&(interval, g)| {
                let origin = names.binary_search(&g).unwrap_or(0) as u32;
                plain(interval, origin, 1.0)
            })
            .collect();
        Evidence::assemble(
            None,
            (claims, Vec::new()),
            FromClaims::default(),
            OriginNames::Numbered(names),
            None,
        )
    }

    /// Closed intervals `[low, high]` from plain numbers, each its own origin: the form of the
    /// published examples. Errors name the pair (by position) that is not a valid interval.
    ///
    /// ```
    /// use sourced::{Evidence, Selection};
    /// // Wikipedia's second Marzullo example.
    /// let evidence = Evidence::from_closed(&[(8.0, 12.0), (11.0, 13.0), (14.0, 15.0)])?;
    /// let selected = Selection::ntp().run(&evidence);
    /// assert_eq!(selected.majority().expect("2 of 3").region.to_string(), "[11, 12]");
    /// assert!(Evidence::from_closed(&[(2.0, 1.0)]).is_err());
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_closed(pairs: &[(f64, f64)]) -> Result<Evidence<'static>, Error> {
        let intervals = pairs
            .iter()
            .enumerate()
            .map(|(i, &(low, high))| {
                Interval::closed(low, high).map_err(|e| {
                    Error::Invalid(Problems(vec![Problem::new(
                        Location::ClaimIndex(i),
                        Some("estimate"),
                        e.to_string(),
                    )]))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Evidence::from_intervals(&intervals))
    }

    /// Plain intervals with a weight each (finite, not negative), each its own origin.
    pub fn from_weighted(intervals: &[(Interval, f64)]) -> Result<Evidence<'static>, Error> {
        let claims = intervals
            .iter()
            .enumerate()
            .map(|(i, &(interval, weight))| {
                if weight.is_finite() && weight >= 0.0 {
                    Ok(plain(interval, i as u32, weight + 0.0))
                } else {
                    Err(Error::Invalid(Problems(vec![Problem::new(
                        Location::ClaimIndex(i),
                        Some("weight"),
                        format!("weight {weight} must be finite and not negative"),
                    )])))
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        let origins = OriginNames::Numbered((0..intervals.len() as u32).collect());
        Ok(Evidence::assemble(
            None,
            (claims, Vec::new()),
            FromClaims::default(),
            origins,
            None,
        ))
    }

    /// The claims of a summary: named, with origins by name; a weight that is not finite or
    /// is negative counts as 0.
    pub(crate) fn from_summary(claims: &'a [SummaryClaim]) -> Evidence<'a> {
        let mut names: Vec<&'a str> = claims.iter().map(|c| c.origin.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        let prepared = claims
            .iter()
            .map(|c| PreparedClaim {
                claim: None,
                interval: c.interval,
                origin: names.binary_search(&c.origin.as_str()).unwrap_or(0) as u32,
                weight: if c.weight.is_finite() && c.weight >= 0.0 {
                    c.weight + 0.0
                } else {
                    0.0
                },
                status: Status::Active,
                adjustment: Adjustment::None,
            })
            .collect();
        let labels = claims.iter().map(|c| c.id.as_str()).collect();
        Evidence::assemble(
            None,
            (prepared, labels),
            FromClaims::default(),
            OriginNames::Named(names),
            None,
        )
    }

    /// The quantity, when prepared from claims.
    pub fn quantity(&self) -> Option<&Arc<Quantity>> {
        self.quantity.as_ref()
    }

    /// Every input claim, in input order, with its status.
    pub fn claims(&self) -> &[PreparedClaim<'a>] {
        &self.claims
    }

    /// One prepared claim.
    pub fn claim(&self, id: ClaimId) -> Option<&PreparedClaim<'a>> {
        self.claims.get(id.index())
    }

    /// The claim's id text (`#i` for plain intervals).
    pub fn id(&self, id: ClaimId) -> Cow<'a, str> {
        match self.claims.get(id.index()) {
            Some(PreparedClaim {
                claim: Some(claim), ..
            }) => Cow::Borrowed(claim.id()),
            _ => match self.labels.get(id.index()) {
                Some(label) => Cow::Borrowed(label),
                None => Cow::Owned(id.to_string()),
            },
        }
    }

    /// The id of a claim as shared text: the claim's own for a claim of a set (no copy).
    pub(crate) fn shared_id(&self, id: ClaimId) -> crate::SharedStr {
        match self.claims.get(id.index()).and_then(|c| c.claim) {
            Some(claim) => claim.shared_id(),
            None => self.id(id).into_owned().into(),
        }
    }

    /// The id text of a claim, when it has one (claims of plain intervals have none).
    pub(crate) fn id_text(&self, id: ClaimId) -> Option<&'a str> {
        id_text(&self.claims, &self.labels, id.index())
    }

    /// Compares two claims by id text, without allocating; claims of plain intervals (no id)
    /// compare by position. Ties between equal ends are broken by this order.
    pub fn id_cmp(&self, a: ClaimId, b: ClaimId) -> std::cmp::Ordering {
        id_order((self.id_text(a), a), (self.id_text(b), b))
    }

    /// The first of `ids` in [`Evidence::id_cmp`] order. A run of tied ends can hold tens of
    /// thousands of claims, and each id text is three pointer hops away (prepared claim,
    /// claim, text); the first eight bytes of every id are kept in a column (see the
    /// `columns` module), so that the smallest is found with one look-up per claim, in one
    /// pass, and only an id that shares the smallest prefix so far is compared whole.
    pub(crate) fn first_by_id(&self, ids: impl Iterator<Item = ClaimId>) -> Option<ClaimId> {
        let prefix = |id: ClaimId| self.columns.id_prefix.get(id.index()).copied().unwrap_or(0);
        let mut first: Option<(u64, ClaimId)> = None;
        for id in ids {
            let p = prefix(id);
            let before = match first {
                None => true,
                Some((q, best)) => {
                    p < q
                        || (p == q
                            && id_order((self.id_text(id), id), (self.id_text(best), best)).is_lt())
                }
            };
            if before {
                first = Some((p, id));
            }
        }
        first.map(|(_, id)| id)
    }

    /// Per claim, its origin.
    pub(crate) fn origins_of_claims(&self) -> &[u32] {
        &self.columns.origin
    }

    /// Per claim, its weight; `NaN` for a claim that is not counted.
    pub(crate) fn weights_of_claims(&self) -> &[f64] {
        &self.columns.weight
    }

    /// Per claim, its value for the weighted median; `NaN` for a claim that is not counted or
    /// has no value.
    pub(crate) fn values_of_claims(&self) -> &[f64] {
        &self.columns.value
    }

    /// The counted claims that have a value, summed (see the `columns` module).
    pub(crate) fn valued_claims(&self) -> &ValuedClaims {
        &self.columns.valued
    }

    /// The ends of the counted claims packed for sorting, in claim order.
    pub(crate) fn packed_ends(&self) -> &PackedEnds {
        &self.columns.ends
    }

    /// The packed ends grouped by origin; `None` when no origin has two counted claims.
    pub(crate) fn origin_ends(&self) -> Option<&OriginEnds> {
        self.columns.by_origin.as_ref()
    }

    /// The positions of the start and the end of what an origin judged as a whole asserts
    /// (the intersection of its claims); `None` for any other origin.
    pub(crate) fn whole_positions(&self, origin: u32) -> Option<(Position, Position)> {
        self.columns.whole_positions(origin)
    }

    /// Positions of an interval's ends.
    fn positions_of(interval: &Interval) -> (Position, Position) {
        (position(interval.start()), position(interval.end()))
    }

    /// The full positions of a counted claim's own ends, for the rare packed ends whose key
    /// did not fit.
    fn own_positions(&self, claim: u32) -> Option<(Position, Position)> {
        self.claims
            .get(claim as usize)
            .map(|c| Self::positions_of(&c.interval))
    }

    /// Per origin judged as a whole, a value worked out from the positions of what it
    /// asserts (the intersection of its claims), which assembly kept; `None` for any other
    /// origin.
    fn per_whole_origin<T: Copy>(
        &self,
        decide: impl Fn(Position, Position) -> T,
    ) -> impl Fn(u32) -> Option<T> {
        move |origin: u32| {
            let (start, end) = self.columns.whole_positions(origin)?;
            Some(decide(start, end))
        }
    }

    /// Per counted claim, in claim order: its id and the sweep positions of the start and the
    /// end of the interval it is judged by (see [`Evidence::judged_interval`]).
    pub(crate) fn judged_positions(
        &self,
    ) -> impl Iterator<Item = (ClaimId, Position, Position)> + '_ {
        let whole = self.per_whole_origin(|start, end| (start, end));
        let interval = |claim: u32| self.claims.get(claim as usize).map(|c| c.interval);
        self.columns
            .ends
            .positions(interval)
            .map(move |(claim, start, end)| {
                let judged = if self.columns.judged_whole(claim) {
                    self.columns
                        .origin
                        .get(claim as usize)
                        .and_then(|&o| whole(o))
                } else {
                    None
                };
                let (start, end) = judged.unwrap_or((start, end));
                (ClaimId(claim), start, end)
            })
    }

    /// The counted claims whose judged interval shares a value with the region from the
    /// start `from` to the end `to` of an endpoint array of this evidence, among those for
    /// which `eligible`; with `unlisted`, the other counted claims too (eligible or not); and
    /// the listed claims at the region's ends (see [`PackedEnds::overlapping`]). A claim
    /// judged by its own interval is decided on the packed ends; a claim of an origin judged
    /// as a whole, by what the origin asserts.
    pub(crate) fn judged_overlaps(
        &self,
        (from, to): (Limit, Limit),
        eligible: impl Fn(u32) -> bool,
        unlisted: bool,
    ) -> Overlapping {
        let (low, high) = (from.position(), to.position());
        let whole = self.per_whole_origin(|start, end| start <= high && end >= low);
        self.columns.ends.overlapping(
            (from, to),
            |claim| self.own_positions(claim),
            |claim, own| {
                let judged = if self.columns.judged_whole(claim) {
                    let origin = self.columns.origin.get(claim as usize).copied();
                    origin.and_then(&whole).unwrap_or(own)
                } else {
                    own
                };
                judged & eligible(claim)
            },
            unlisted,
        )
    }

    /// The name of an origin: the independence group, or `#g` for plain intervals.
    pub fn origin_name(&self, origin: u32) -> Cow<'a, str> {
        match &self.origins {
            OriginNames::Named(names) => {
                Cow::Borrowed(names.get(origin as usize).copied().unwrap_or(""))
            }
            OriginNames::Numbered(numbers) => Cow::Owned(format!(
                "#{}",
                numbers.get(origin as usize).copied().unwrap_or(origin)
            )),
        }
    }

    /// How many origins the input names (counted or not).
    pub fn origin_count(&self) -> usize {
        match &self.origins {
            OriginNames::Named(v) => v.len(),
            OriginNames::Numbered(v) => v.len(),
        }
    }

    /// How many claims count ([`Status::Active`]).
    pub fn counted(&self) -> usize {
        self.counted
    }

    /// How many independent origins have at least one counted claim.
    pub fn counted_origins(&self) -> usize {
        self.counted_origins
    }

    /// Whether some origin has two or more counted claims (the sweeps then count per origin).
    pub fn has_shared_origins(&self) -> bool {
        self.shared_origins
    }

    /// The origins whose counted claims share no value, in origin order: each contradicts
    /// itself and keeps the union reading (see [`prepare`], step 7).
    ///
    /// ```
    /// use sourced::{Agreement, Evidence, Interval};
    /// // Origin 0 says both [0, 1] and [5, 6]: it contradicts itself.
    /// let evidence = Evidence::from_grouped(&[
    ///     (Interval::closed(0.0, 1.0)?, 0),
    ///     (Interval::closed(5.0, 6.0)?, 0),
    ///     (Interval::closed(5.0, 9.0)?, 1),
    /// ]);
    /// let contradiction = evidence.contradictions()[0];
    /// assert_eq!((evidence.id(contradiction.earlier), evidence.id(contradiction.later)), ("#0".into(), "#1".into()));
    /// // Read generously, origin 0 still supports [5, 6] with origin 1.
    /// assert_eq!(Agreement::new().run(&evidence).regions[0].interval.to_string(), "[5, 6]");
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn contradictions(&self) -> &[Contradiction] {
        &self.contradictions
    }

    /// Whether an origin's counted claims share a value (true for one claim or none).
    pub fn is_consistent(&self, origin: u32) -> bool {
        self.per_origin
            .get(origin as usize)
            .is_none_or(|o| !o.contradicts)
    }

    /// What a consistent origin with counted claims asserts: the intersection of its counted
    /// claims. `None` for an origin without counted claims or one that contradicts itself.
    pub fn origin_interval(&self, origin: u32) -> Option<Interval> {
        match self.per_origin.get(origin as usize) {
            Some(o) if o.contradicts => None,
            Some(o) => {
                let low = self.claims.get(o.latest_start? as usize)?.interval.low();
                let high = self.claims.get(o.earliest_end? as usize)?.interval.high();
                Interval::new(low, high).ok()
            }
            // No shared origins: an origin is its one counted claim, if any.
            None => self
                .claims
                .iter()
                .find(|c| c.is_counted() && c.origin == origin)
                .map(|c| c.interval),
        }
    }

    /// How many counted claims an origin has (1 for any origin when none has two).
    pub(crate) fn counted_in(&self, origin: u32) -> u32 {
        self.per_origin
            .get(origin as usize)
            .map_or(1, |o| o.counted)
    }

    /// How many of an origin's counted claims must cover a value for the origin to cover it:
    /// all of them when they share a value, one when the origin contradicts itself.
    pub(crate) fn required(&self, origin: u32) -> u32 {
        match self.per_origin.get(origin as usize) {
            Some(o) if !o.contradicts => o.counted.max(1),
            _ => 1,
        }
    }

    /// The interval a claim is judged by when deciding whether its origin covers a region:
    /// the intersection of the origin's claims for a consistent origin with several, the
    /// claim's own interval otherwise.
    pub(crate) fn judged_interval(&self, claim: &PreparedClaim<'_>) -> Interval {
        match self.per_origin.get(claim.origin as usize) {
            Some(o) if o.counted > 1 && !o.contradicts => {
                self.origin_interval(claim.origin).unwrap_or(claim.interval)
            }
            _ => claim.interval,
        }
    }

    /// The time window applied, `None` when all claims were considered.
    pub fn window(&self) -> Option<Period> {
        self.window
    }

    /// The sorted endpoint array of the counted claims, built on first use.
    pub fn endpoints(&self) -> &Endpoints {
        self.endpoints.get_or_init(|| Endpoints::new(self))
    }

    /// The sorted endpoint array if an earlier call built it.
    pub(crate) fn endpoints_if_built(&self) -> Option<&Endpoints> {
        self.endpoints.get()
    }

    /// The ids of the counted claims, in input order.
    pub fn counted_ids(&self) -> impl Iterator<Item = ClaimId> + '_ {
        self.claims
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_counted())
            .map(|(i, _)| ClaimId(i as u32))
    }
}

/// The first eight bytes of `id`, big-endian and padded with zeros: if `a < b` as text then
/// `id_prefix(a) ≤ id_prefix(b)`, so the least id is among those with the least prefix.
#[inline]
fn id_prefix(id: &[u8]) -> u64 {
    let mut bytes = [0u8; 8];
    for (b, &x) in bytes.iter_mut().zip(id) {
        *b = x;
    }
    u64::from_be_bytes(bytes)
}

/// The order of [`Evidence::id_cmp`] on (id text, position) pairs.
fn id_order(
    (x, a): (Option<&str>, ClaimId),
    (y, b): (Option<&str>, ClaimId),
) -> std::cmp::Ordering {
    match (x, y) {
        (Some(x), Some(y)) => x.cmp(y).then(a.cmp(&b)),
        _ => a.cmp(&b),
    }
}

/// The id text of claim `i`: its claim's id, else its label (see [`Evidence::labels`]);
/// `None` for plain intervals.
fn id_text<'a>(claims: &[PreparedClaim<'a>], labels: &[&'a str], i: usize) -> Option<&'a str> {
    match claims.get(i).and_then(|c| c.claim) {
        Some(claim) => Some(claim.id()),
        None => labels.get(i).copied(),
    }
}

fn plain(interval: Interval, origin: u32, weight: f64) -> PreparedClaim<'static> {
    PreparedClaim {
        claim: None,
        interval,
        origin,
        weight,
        status: Status::Active,
        adjustment: Adjustment::None,
    }
}

/// Prepares the claims about one quantity for reconciliation.
///
/// The steps, each recorded per claim ([`PreparedClaim::status`], [`PreparedClaim::origin`],
/// [`PreparedClaim::adjustment`]):
///
/// 1. Claims about different quantities are an error ([`Error::MixedQuantities`]), never
///    merged; so are duplicate claim ids.
/// 2. A restatement (`restates`) counts with its original: it gets [`Status::Restatement`]
///    (chains followed to the first claim) and is not swept, so adding one never changes
///    support. A restatement whose original is not in the input counts on its own.
/// 3. An explicit `supersedes` link retires its target. A later claim of the same source
///    ([`Supersession::BySource`], the default; or of the same independence group,
///    [`Supersession::ByGroup`]) supersedes its earlier ones with the same as-of period, by
///    stated date ([`ClaimDate`](crate::ClaimDate) order); equal latest dates all stay; undated claims neither
///    supersede nor are superseded; the superseding claim with the smallest id is named.
/// 4. With a [window](PrepareOptions::window), claims whose reference period does not overlap
///    it are [`Status::OutsideWindow`], undated ones [`Status::Undated`].
/// 5. A denial enters as the point zero; a documented count as a floor `[x, ∞)`.
/// 6. Each claim counts for its source's independence group (its origin), numbered by name so
///    that nothing depends on the input order.
///
/// Accepts anything that yields `&Claim`: a [`ClaimSet`](crate::ClaimSet) (`&set`), the claims
/// of a [`QuantityGroup`](crate::QuantityGroup) (`group.claims.iter().copied()`), a slice.
///
/// ```
/// use std::sync::Arc;
/// use sourced::{prepare, Claim, ClaimDate, ClaimSet, Estimate, Interval, PrepareOptions, Quantity, Source, Status};
///
/// let q = Arc::new(Quantity::new("troops", "troops")?);
/// let nis = Arc::new(Source::new("nis", "NIS")?);
/// let set: ClaimSet = [
///     Claim::new("nis-1", q.clone(), nis.clone(), Estimate::new(Interval::at_most(5_000.0)?))?
///         .with_stated("2024-10-01".parse()?),
///     Claim::new("nis-2", q.clone(), nis, Estimate::new(Interval::at_most(10_000.0)?))?
///         .with_stated("2024-10-18".parse()?),
/// ]
/// .into_iter()
/// .collect();
/// let evidence = prepare(&set, &PrepareOptions::new())?;
/// let first = &evidence.claims()[0];
/// assert!(matches!(first.status(), Status::Superseded { by } if evidence.id(by) == "nis-2"));
/// assert_eq!(evidence.counted(), 1);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn prepare<'a, I>(claims: I, options: &PrepareOptions) -> Result<Evidence<'a>, Error>
where
    I: IntoIterator<Item = &'a Claim>,
{
    prepare_claims(claims.into_iter().collect(), options, false, None)
}

/// [`prepare`] for claims whose ids are known to be unique (a validated
/// [`ClaimSet`](crate::ClaimSet)): when no claim links to another either, the claim ids are
/// never hashed. `sources`, when given, is the validation's numbering of the sources of
/// exactly these claims ([`ClaimSet::validate_numbered`](crate::ClaimSet)), used instead of
/// numbering them again.
pub(crate) fn prepare_unique<'a>(
    claims: &[&'a Claim],
    options: &PrepareOptions,
    sources: Option<Numbering>,
) -> Result<Evidence<'a>, Error> {
    prepare_claims(claims.to_vec(), options, true, sources)
}

fn prepare_claims<'a>(
    input: Vec<&'a Claim>,
    options: &PrepareOptions,
    ids_unique: bool,
    numbered: Option<Numbering>,
) -> Result<Evidence<'a>, Error> {
    if u32::try_from(input.len()).is_err() {
        return Err(Error::Invalid(Problems(vec![Problem::new(
            Location::File,
            None,
            format!(
                "{} claims: at most {} can be reconciled at once",
                input.len(),
                u32::MAX
            ),
        )])));
    }

    // One pass over the claims gathers everything the steps below need. The claims are large
    // and a million of them do not fit in any cache: each further pass over them costs a
    // trip to memory per claim, more than the work of the pass itself.
    //
    // Origins are numbered by name, so that the numbering does not depend on the input order.
    // Claims of one source share its `Arc`: the group name, the source id (for supersession
    // by source) and the weight are read once per source (found by sorting the pointers),
    // not once per claim.
    let by_source_id = options.supersession == Supersession::BySource;
    let by_date = options.supersession != Supersession::Off;
    let first_quantity = input.first().map(|c| c.quantity());
    let mut mixed: Option<&'a Claim> = None;
    let (mut restates, mut supersedes) = (false, false);
    let (source_of, first_of_source, same_id) = match numbered {
        Some(n) if n.of_claim.len() == input.len() => (n.of_claim, n.first, Some(n.same_id)),
        _ => {
            let (of_claim, first) =
                number_pointers(input.iter().map(|c| Arc::as_ptr(c.source()) as usize));
            (of_claim, first, None)
        }
    };
    // The distinct sources, gathered in one pass (each a read of a claim anywhere in the
    // input); the passes below read this compact list instead.
    let sources: Vec<&'a Source> = first_of_source
        .iter()
        .filter_map(|&f| input.get(f as usize))
        .map(|c| c.source().as_ref())
        .collect();
    drop(first_of_source);
    let source_at = |k: u32| sources.get(k as usize);
    // Per source, the first source with its group name (its slot), and with its id (for
    // supersession by source): group names repeat, and are found in a table of the distinct
    // ones (`first_of_repeated`); ids are nearly all distinct, and are found by sorting
    // hashes (`first_of_equal`), not by a map insert per source, each a cache miss in a
    // table of 10⁵ ids.
    let (group_slot, _) =
        first_of_repeated(sources.len(), |k| source_at(k).map_or("", |s| s.group()));
    let source_number = match same_id {
        _ if !by_source_id => Vec::new(),
        Some(same_id) if same_id.len() == sources.len() => same_id,
        _ => first_of_equal(sources.len(), |k| source_at(k).map_or("", |s| s.id())).0,
    };
    // The distinct group names (each slot is the first source with its name), sorted: a
    // source's origin is its group name's rank, known here, before the pass over the claims
    // (which then writes each claim's origin as it goes, instead of a pass of its own).
    let mut names: Vec<(&'a str, u32)> = group_slot
        .iter()
        .enumerate()
        .filter(|&(k, &slot)| k as u32 == slot)
        .filter_map(|(_, &slot)| Some((source_at(slot)?.group(), slot)))
        .collect();
    names.sort_unstable();
    let mut rank = vec![0u32; sources.len()];
    for (k, &(_, s)) in names.iter().enumerate() {
        if let Some(r) = rank.get_mut(s as usize) {
            *r = k as u32;
        }
    }
    let names: Vec<&'a str> = names.into_iter().map(|(name, _)| name).collect();
    // Per source: its origin, its number (by id) and its weight.
    let per_source: Vec<(u32, u32, f64)> = sources
        .iter()
        .zip(&group_slot)
        .enumerate()
        .map(|(k, (s, &slot))| {
            let number = source_number.get(k).copied().unwrap_or(0);
            let origin = rank.get(slot as usize).copied().unwrap_or(0);
            (origin, number, s.weight())
        })
        .collect();
    drop((group_slot, rank));
    // The dated claims, candidates for supersession by date: per claim, its source (or
    // group) as `who`, and for each dated one the key of its hash of (who, as-of) and its
    // position (see `supersede_by_date`).
    let mut who_of: Vec<u32> = Vec::with_capacity(if by_date { input.len() } else { 0 });
    let mut dated: Vec<u64> = Vec::new();
    let mut prepared: Vec<PreparedClaim<'a>> = Vec::with_capacity(input.len());
    // Each claim's value for the weighted median and its id's prefix (columns of the
    // evidence).
    let mut values: Vec<f64> = Vec::with_capacity(input.len());
    let mut id_prefixes: Vec<u64> = Vec::with_capacity(input.len());
    // Each id's hash, for finding duplicates, made here where the id is in cache (not when
    // the ids are known to be unique).
    let mut id_hashes: Vec<u64> = Vec::with_capacity(if ids_unique { 0 } else { input.len() });
    let mut unadjustable: Option<Error> = None;
    for (i, &c) in input.iter().enumerate() {
        // Claims of one quantity usually share its `Arc`: equal pointers need no comparison.
        if let Some(q) = first_quantity
            && mixed.is_none()
            && !Arc::ptr_eq(c.quantity(), q)
            && c.quantity().id() != q.id()
        {
            mixed = Some(c);
        }
        restates |= c.restates().is_some();
        supersedes |= c.supersedes().is_some();
        let (origin, number, source_weight) = source_of
            .get(i)
            .and_then(|&k| per_source.get(k as usize))
            .copied()
            .unwrap_or((0, 0, 0.0));
        if by_date {
            // By group: the origin (a group name's rank).
            let who = if by_source_id { number } else { origin };
            who_of.push(who);
            if c.stated().is_some() {
                dated.push(hash_key(same_run_hash(who, c.as_of()), i as u32));
            }
        }
        let (interval, adjustment) = match adjusted(c, options) {
            Ok(adjusted) => adjusted,
            Err(e) => {
                unadjustable.get_or_insert(e);
                (*c.interval(), Adjustment::None)
            }
        };
        // Read here, where the claim is in cache: its best value holds only when its
        // interval is kept as stated.
        let best = c
            .estimate()
            .best()
            .filter(|_| adjustment == Adjustment::None);
        values.push(median_value(best, &interval).unwrap_or(f64::NAN));
        id_prefixes.push(id_prefix(c.id_bytes()));
        if !ids_unique {
            id_hashes.push(id_hash(c.id_bytes()));
        }
        let weight = c.confidence().map_or(1.0, |k| k.midpoint()) * source_weight;
        prepared.push(PreparedClaim {
            claim: Some(c),
            interval,
            origin,
            weight: if weight.is_finite() { weight } else { 0.0 },
            status: Status::Active,
            adjustment,
        });
    }
    if let (Some(first), Some(other)) = (input.first(), mixed) {
        return Err(Error::MixedQuantities {
            first: first.quantity().id().to_owned(),
            first_claim: first.id().to_owned(),
            other: other.quantity().id().to_owned(),
            other_claim: other.id().to_owned(),
        });
    }
    let supersedes = supersedes && options.follow_links;
    drop(source_of);
    drop(per_source);
    drop(source_number);

    // Duplicates are found by sorting the hashes (skipped when the ids are known to be unique);
    // the id index, for the targets of links, is built only when there are links.
    let id_of = |i: u32| input.get(i as usize).map_or("", |c| c.id());
    let mut problems = Vec::new();
    if !ids_unique {
        for i in duplicates_hashed(id_hashes.into_iter(), id_of) {
            problems.push(Problem::new(
                Location::Claim(id_of(i).to_owned()),
                Some("id"),
                "duplicate claim id",
            ));
        }
    }
    let index = (restates || supersedes).then(|| IdIndex::of(input.len(), id_of));
    let find = |id: &str| index.as_ref().and_then(|index| index.get(id, id_of));

    // Restatements count with their original, followed to the first claim of a chain; each
    // claim is walked once (roots are remembered), so long chains stay linear.
    if restates {
        let next = |i: usize| {
            input
                .get(i)
                .and_then(|c| c.restates())
                .and_then(find)
                .map(|t| t as usize)
        };
        const UNSEEN: u32 = u32::MAX;
        const WALKING: u32 = u32::MAX - 1;
        let mut root = vec![UNSEEN; input.len()];
        let mut path = Vec::new();
        for i in 0..input.len() {
            let mut current = i;
            path.clear();
            let found = loop {
                match root.get(current).copied() {
                    Some(UNSEEN) => {}
                    Some(WALKING) => {
                        let id = input.get(current).map_or("", |c| c.id());
                        problems.push(Problem::new(
                            Location::Claim(id.to_owned()),
                            Some("restates"),
                            "restatements form a cycle",
                        ));
                        break current as u32;
                    }
                    Some(known) => break known,
                    None => break current as u32,
                }
                if let Some(r) = root.get_mut(current) {
                    *r = WALKING;
                }
                path.push(current);
                match next(current) {
                    Some(n) => current = n,
                    None => break current as u32,
                }
            };
            for &p in &path {
                if let Some(r) = root.get_mut(p) {
                    *r = found;
                }
            }
        }
        for (i, &r) in root.iter().enumerate() {
            if r as usize == i {
                continue;
            }
            // A root is its own root: its origin is still its own.
            let origin = prepared.get(r as usize).map_or(0, |p| p.origin);
            if let Some(p) = prepared.get_mut(i) {
                p.status = Status::Restatement { of: ClaimId(r) };
                p.origin = origin;
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(Problems(problems)));
    }

    // Explicit supersedes links; the superseding claim with the smallest id is named.
    if supersedes {
        for (i, c) in input.iter().enumerate() {
            let Some(target) = c.supersedes().and_then(find) else {
                continue;
            };
            if let Some(p) = prepared.get_mut(target as usize) {
                match p.status {
                    Status::Active => {
                        p.status = Status::Superseded {
                            by: ClaimId(i as u32),
                        }
                    }
                    Status::Superseded { by } if c.id() < id_of(by.0) => {
                        p.status = Status::Superseded {
                            by: ClaimId(i as u32),
                        };
                    }
                    _ => {}
                }
            }
        }
    }

    // Supersession by stated date, among active claims of one source (or group) and as-of.
    if by_date {
        supersede_by_date(&input, &who_of, dated, &mut prepared);
    }

    if let Some(window) = options.window {
        for p in prepared.iter_mut() {
            let Some(c) = p.claim else { continue };
            if p.status != Status::Active {
                continue;
            }
            match c.reference_period() {
                None => p.status = Status::Undated,
                Some(period)
                    if period.last_day() < window.first_day()
                        || period.first_day() > window.last_day() =>
                {
                    p.status = Status::OutsideWindow
                }
                Some(_) => {}
            }
        }
    }

    if let Some(e) = unadjustable {
        return Err(e);
    }
    Ok(Evidence::assemble(
        first_quantity.cloned(),
        (prepared, Vec::new()),
        FromClaims {
            values,
            id_prefixes,
        },
        OriginNames::Named(names),
        options.window,
    ))
}

/// The columns of an [`Evidence`] that preparation reads from the claims themselves, in its
/// pass over them (see the `columns` module); empty when the evidence is not made from claims.
#[derive(Default)]
struct FromClaims {
    /// Each claim's value for the weighted median (`NaN` for none).
    values: Vec<f64>,
    /// The first eight bytes of each claim's id, big-endian.
    id_prefixes: Vec<u64>,
}

/// A dated claim, with what supersession by date needs.
#[derive(Clone, Copy)]
struct Member {
    who: u32,
    as_of: Option<Period>,
    stated: ClaimDate,
    claim: u32,
}

/// The hash of a dated claim's `who` and as-of period, for [`supersede_by_date`].
fn same_run_hash(who: u32, as_of: Option<Period>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = crate::hash::FastHasher::default();
    (who, as_of).hash(&mut hasher);
    hasher.finish()
}

/// Supersession by stated date: among the active dated claims with one `who` (source or
/// group number, per claim in `who_of`) and one as-of period, the latest stated date
/// supersedes the earlier ones (ties for the latest go to the smallest id, which is named).
///
/// `dated` holds a key per dated claim ([`hash_key`] of [`same_run_hash`]). Sorted, the keys
/// put the claims that may share a (who, as-of) next to each other, and only those runs (a
/// few claims, where a source restated a figure) are read again: bucketing every dated claim
/// by its source scattered a million of them over a few hundred thousand buckets, about
/// twice as long as the sort.
fn supersede_by_date(
    input: &[&Claim],
    who_of: &[u32],
    mut dated: Vec<u64>,
    prepared: &mut [PreparedClaim<'_>],
) {
    dated.sort_unstable();
    // Ids compare as their bytes (the order of `str`), without a UTF-8 check of each.
    let id = |i: u32| input.get(i as usize).map_or(&[][..], |c| c.id_bytes());
    let mut run: Vec<Member> = Vec::new();
    for claims in shared_hash_runs(&dated) {
        // The active claims of the run; a run may mix a few (who, as-of) by the hash.
        let active = |claim: &u32| {
            prepared
                .get(*claim as usize)
                .is_some_and(|p| p.status == Status::Active)
        };
        run.clear();
        run.extend(claims.filter(active).filter_map(|claim| {
            let c = input.get(claim as usize)?;
            Some(Member {
                who: who_of.get(claim as usize).copied()?,
                as_of: c.as_of(),
                stated: c.stated()?,
                claim,
            })
        }));
        run.sort_unstable_by_key(|m| (m.who, m.as_of));
        for same in run.chunk_by(|a, b| (a.who, a.as_of) == (b.who, b.as_of)) {
            if same.len() < 2 {
                continue;
            }
            // The latest date, ties to the smallest id.
            let Some(latest) =
                same.iter()
                    .copied()
                    .reduce(|best, m| match m.stated.cmp(&best.stated) {
                        std::cmp::Ordering::Greater => m,
                        std::cmp::Ordering::Equal if id(m.claim) < id(best.claim) => m,
                        _ => best,
                    })
            else {
                continue;
            };
            for m in same {
                if latest.stated > m.stated
                    && let Some(p) = prepared.get_mut(m.claim as usize)
                {
                    p.status = Status::Superseded {
                        by: ClaimId(latest.claim),
                    };
                }
            }
        }
    }
}

fn adjusted(c: &Claim, options: &PrepareOptions) -> Result<(Interval, Adjustment), Error> {
    let interval = *c.interval();
    let at = |e: ValueError| {
        Error::Invalid(Problems(vec![Problem::new(
            Location::Claim(c.id().to_owned()),
            Some("estimate"),
            e.to_string(),
        )]))
    };
    Ok(match c.kind() {
        ClaimKind::Denial if options.denials_as_zero => {
            (Interval::point(0.0).map_err(at)?, Adjustment::DenialAsZero)
        }
        ClaimKind::DocumentedCount if options.documented_counts_as_floors => {
            // Claim::new keeps the interval inside the domain, so its low end is at most the
            // domain's maximum.
            let high = c.quantity().domain().interval().high();
            (
                Interval::new(interval.low(), high).map_err(at)?,
                Adjustment::Floor,
            )
        }
        _ => (interval, Adjustment::None),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::{Confidence, Estimate, Source};

    /// An evidence holds one prepared claim per claim: keep it small (it was 80 bytes while
    /// it also held a summary claim's id).
    #[test]
    fn a_prepared_claim_stays_compact() {
        assert!(
            std::mem::size_of::<PreparedClaim<'_>>() <= 56,
            "{} bytes",
            std::mem::size_of::<PreparedClaim<'_>>()
        );
    }

    /// Supersession by date as a map from (source or group, as-of) to the latest claim: the
    /// straightforward form that the hash-sorted one must match.
    fn reference(claims: &[&Claim], rule: Supersession) -> Vec<Status> {
        let who = |c: &Claim| match rule {
            Supersession::ByGroup => c.source().group().to_owned(),
            _ => c.source().id().to_owned(),
        };
        let mut latest: HashMap<(String, Option<Period>), (ClaimDate, usize)> = HashMap::new();
        for (i, c) in claims.iter().enumerate() {
            let Some(date) = c.stated() else { continue };
            let entry = latest.entry((who(c), c.as_of())).or_insert((date, i));
            if date > entry.0 || (date == entry.0 && c.id() < claims[entry.1].id()) {
                *entry = (date, i);
            }
        }
        claims
            .iter()
            .map(|c| match (c.stated(), latest.get(&(who(c), c.as_of()))) {
                (Some(date), Some(&(last, by))) if last > date => Status::Superseded {
                    by: ClaimId(by as u32),
                },
                _ => Status::Active,
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn first_by_id_is_the_least_id(
            ids in proptest::collection::vec("[ab]{0,11}", 1..60),
            picked in proptest::collection::vec(proptest::bool::ANY, 60),
        ) {
            // Ids from two letters tie often in their first eight bytes, and some are
            // prefixes of others.
            let claims: Vec<crate::algorithm::summary::SummaryClaim> = ids
                .iter()
                .map(|id| {
                    crate::algorithm::summary::SummaryClaim::new(
                        id.clone(),
                        Interval::point(1.0).unwrap(),
                    )
                })
                .collect();
            let evidence = Evidence::from_summary(&claims);
            let chosen = || {
                (0..ids.len() as u32)
                    .rev()
                    .filter(|&i| picked[i as usize])
                    .map(ClaimId)
            };
            let expected = chosen().min_by(|&a, &b| evidence.id_cmp(a, b));
            proptest::prop_assert_eq!(evidence.first_by_id(chosen()), expected);
        }
    }

    #[test]
    fn columns_agree_with_the_prepared_claims() {
        let q = Arc::new(Quantity::new("q", "troops").unwrap());
        let a = Arc::new(Source::new("a", "a").unwrap().with_weight(0.5).unwrap());
        let b = Arc::new(Source::new("b", "b").unwrap());
        let claim = |id: &str, source: &Arc<Source>, estimate: Estimate| {
            Claim::new(id, q.clone(), source.clone(), estimate).unwrap()
        };
        let claims = [
            // A best value inside a range: the best value.
            claim(
                "c0",
                &a,
                Estimate::new(Interval::closed(10.0, 30.0).unwrap()),
            )
            .with_confidence(Confidence::range(0.6, 0.8).unwrap()),
            claim(
                "c1",
                &b,
                Estimate::new(Interval::closed(10.0, 30.0).unwrap())
                    .with_best(12.0)
                    .unwrap(),
            ),
            // One-sided without a best value: no value.
            claim("c2", &b, Estimate::new(Interval::at_least(5.0).unwrap())),
            // One-sided with one: its best value.
            claim(
                "c3",
                &a,
                Estimate::new(Interval::at_least(5.0).unwrap())
                    .with_best(7.0)
                    .unwrap(),
            ),
            // A documented count becomes a floor: its best value no longer holds.
            claim("c4", &a, Estimate::point(40.0).unwrap()).with_kind(ClaimKind::DocumentedCount),
            // A denial becomes the point zero.
            claim("c5", &b, Estimate::point(3.0).unwrap()).with_kind(ClaimKind::Denial),
            // A restatement is not counted: no weight and no value.
            claim("c6", &b, Estimate::point(12.0).unwrap()).restating("c1"),
        ];
        let options = PrepareOptions::new();
        let evidence = prepare(claims.iter(), &options).unwrap();
        let (values, weights) = (evidence.values_of_claims(), evidence.weights_of_claims());
        let nan_or = |x: Option<f64>| x.unwrap_or(f64::NAN).to_bits();
        for (i, p) in evidence.claims().iter().enumerate() {
            let counted = p.is_counted();
            let value = counted
                .then(|| crate::algorithm::median::claim_value(p))
                .flatten();
            assert_eq!(values[i].to_bits(), nan_or(value), "value of claim {i}");
            assert_eq!(
                weights[i].to_bits(),
                nan_or(counted.then(|| p.weight())),
                "weight of claim {i}"
            );
        }
        let shown: Vec<Option<f64>> = values.iter().map(|v| (!v.is_nan()).then_some(*v)).collect();
        assert_eq!(
            shown,
            [
                Some(20.0),
                Some(12.0),
                None,
                Some(7.0),
                None,
                Some(0.0),
                None
            ]
        );
        // The valued claims as summed during assembly, against the prepared claims.
        let valued = evidence.valued_claims();
        let mut members = vec![0u32; evidence.origin_count()];
        let mut heaviest = vec![0.0f64; evidence.origin_count()];
        for p in evidence.claims() {
            let value = crate::algorithm::median::claim_value(p);
            if p.is_counted() && value.is_some() {
                members[p.origin() as usize] += 1;
                heaviest[p.origin() as usize] = heaviest[p.origin() as usize].max(p.weight());
            }
        }
        assert_eq!((&valued.members, &valued.heaviest), (&members, &heaviest));
        assert_eq!(valued.count, 4);
        // Each id's first eight bytes, big-endian: "c0" is 0x6330 followed by six zero bytes.
        let prefixes: Vec<u64> = claims
            .iter()
            .map(|c| id_prefix(c.id().as_bytes()))
            .collect();
        assert_eq!(evidence.columns.id_prefix, prefixes);
        assert_eq!(prefixes[0], 0x6330 << 48);
        assert_eq!(
            (valued.lowest, valued.highest),
            (
                crate::algorithm::endpoints::ordered_bits(0.0),
                crate::algorithm::endpoints::ordered_bits(20.0)
            )
        );
    }

    #[test]
    fn supersession_by_date_matches_the_map_of_latest_claims() {
        let q = Arc::new(Quantity::new("q", "troops").unwrap());
        let source = |id: &str, group: &str| {
            Arc::new(Source::new(id, id).unwrap().with_group(group).unwrap())
        };
        // Two Arcs for source "a" (equal definitions), groups shared across sources.
        let sources = [
            source("a", "g"),
            source("a", "g"),
            source("b", "g"),
            source("c", "h"),
            source("d", "h"),
        ];
        let mut state = 0x2545_f491_u64;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % n) as usize
        };
        let mut superseded = 0;
        for round in 0..300 {
            let len = 1 + round % 15;
            let claims: Vec<Claim> = (0..len)
                .map(|k| {
                    let mut c = Claim::new(
                        format!("c{}", (k * 7 + round) % 23),
                        q.clone(),
                        sources[next(5)].clone(),
                        Estimate::point(1.0).unwrap(),
                    )
                    .unwrap();
                    if next(5) > 0 {
                        c = c.with_stated(ClaimDate::day(2024, 1, 1 + next(3) as i8).unwrap());
                    }
                    match next(3) {
                        0 => c,
                        1 => c.with_as_of(ClaimDate::year(2023).unwrap()),
                        _ => c.with_as_of(ClaimDate::year(2024).unwrap()),
                    }
                })
                .collect();
            let claims: Vec<&Claim> = claims.iter().collect();
            if claims
                .iter()
                .enumerate()
                .any(|(i, a)| claims.iter().skip(i + 1).any(|b| a.id() == b.id()))
            {
                continue;
            }
            for rule in [Supersession::BySource, Supersession::ByGroup] {
                let options = PrepareOptions::new().supersession(rule);
                let evidence = prepare(claims.iter().copied(), &options).unwrap();
                let got: Vec<Status> = evidence.claims().iter().map(|p| p.status()).collect();
                assert_eq!(got, reference(&claims, rule), "round {round}, {rule:?}");
                superseded += got.iter().filter(|s| **s != Status::Active).count();
            }
        }
        assert!(superseded > 100);
    }

    /// Claims of different sources and periods whose keys share their hash bits (rare with
    /// real hashes, forced here) are still told apart; a tie for the latest date goes to the
    /// smaller id, and a claim that is not active (a restatement) takes no part.
    #[test]
    fn supersession_by_date_tells_apart_claims_whose_hashes_collide() {
        let q = Arc::new(Quantity::new("q", "troops").unwrap());
        let sources = [
            Arc::new(Source::new("a", "A").unwrap()),
            Arc::new(Source::new("b", "B").unwrap()),
        ];
        let day = |d: i8| ClaimDate::day(2024, 1, d).unwrap();
        let claim = |id: &str, source: usize, stated: i8, as_of: i16| {
            Claim::new(
                id,
                q.clone(),
                sources[source].clone(),
                Estimate::point(1.0).unwrap(),
            )
            .unwrap()
            .with_stated(day(stated))
            .with_as_of(ClaimDate::year(as_of).unwrap())
        };
        let claims = [
            claim("a1", 0, 1, 2023),
            claim("a2", 0, 2, 2023),
            claim("a3", 0, 3, 2024),
            claim("b1", 1, 4, 2023),
            claim("a4", 0, 5, 2024),
            claim("b2", 1, 3, 2023),
            // Ties with a2 for the latest of (a, 2023), with the smaller id.
            claim("a0", 0, 2, 2023),
            // The latest of (a, 2024) by date, but a restatement: not active.
            claim("a5", 0, 9, 2024).restating("a3"),
        ];
        let claims: Vec<&Claim> = claims.iter().collect();
        let off = PrepareOptions::new().supersession(Supersession::Off);
        let mut prepared = prepare(claims.iter().copied(), &off)
            .unwrap()
            .claims()
            .to_vec();
        let who_of: Vec<u32> = claims
            .iter()
            .map(|c| u32::from(c.source().id() == "b"))
            .collect();
        // Every key in one run: the hash bits all zero.
        let dated: Vec<u64> = (0..claims.len() as u64).collect();
        supersede_by_date(&claims, &who_of, dated, &mut prepared);
        let got: Vec<Status> = prepared.iter().map(|p| p.status()).collect();
        let by = |i: u32| Status::Superseded { by: ClaimId(i) };
        let expected = [
            by(6),          // a1, by a0 (the tie for the latest goes to the smaller id)
            Status::Active, // a2: an equal latest date stays
            by(4),          // a3, by a4 (a5 is a restatement)
            Status::Active,
            Status::Active,
            by(3), // b2, by b1
            Status::Active,
            Status::Restatement { of: ClaimId(2) },
        ];
        assert_eq!(got, expected);
    }
}
