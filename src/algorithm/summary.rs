//! Mergeable summaries: hull, union and k-of-n agreement as partial results that combine.
//!
//! The shape a distributed engine's aggregate function needs (update, merge, finish), after
//! hdrhistogram's mergeable histograms: add claims to a summary, [`merge`](HullSummary::merge)
//! two summaries (also `+=`), and finish into the result. Merging is associative and
//! commutative, the empty summary is its identity, and splitting the input anywhere then
//! merging gives exactly the one-pass result — ties between equal ends are broken by the
//! smallest claim id, never by arrival order.
//!
//! - [`HullSummary`] keeps two ends: O(1) space.
//! - [`UnionSummary`] keeps the canonical union (sorted, disjoint, merged pieces): space
//!   proportional to the number of pieces, not of claims.
//! - [`AgreementSummary`] keeps every claim's interval, id, origin and weight (a multiset;
//!   adding is O(1), merging appends): exact k-of-n agreement depends on every endpoint
//!   (any region can become the best after one more claim), so no smaller exact summary
//!   exists. Finishing runs [`Agreement`] and does not depend on the order of the claims.
//!
//! Summaries hold claims already prepared (see [`prepare`](crate::prepare)): supersession and
//! restatements are resolved per partition, so partition by source when that matters.

use std::ops::AddAssign;

use crate::algorithm::agreement::Agreement;
use crate::algorithm::prepare::{ClaimId, Evidence};
use crate::interval::{Edge, Interval};

/// One claim as a summary holds it.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SummaryClaim {
    /// The claim's id.
    pub id: String,
    /// Its independent origin (independence group).
    pub origin: String,
    /// Its interval.
    pub interval: Interval,
    /// Its weight (confidence midpoint × source weight).
    pub weight: f64,
}

impl SummaryClaim {
    /// A claim of weight 1 that is its own origin.
    pub fn new(id: impl Into<String>, interval: Interval) -> Self {
        let id = id.into();
        SummaryClaim {
            origin: id.clone(),
            id,
            interval,
            weight: 1.0,
        }
    }

    /// The counted claims of an evidence.
    pub fn from_evidence(evidence: &Evidence<'_>) -> Vec<SummaryClaim> {
        evidence
            .counted_ids()
            .filter_map(|id| {
                let c = evidence.claim(id)?;
                Some(SummaryClaim {
                    id: evidence.id(id).into_owned(),
                    origin: evidence.origin_name(c.origin()).into_owned(),
                    interval: *c.interval(),
                    weight: c.weight(),
                })
            })
            .collect()
    }

    /// The canonical order: id, origin, ends, weight.
    fn canonical_cmp(&self, other: &SummaryClaim) -> std::cmp::Ordering {
        (
            &self.id,
            &self.origin,
            self.interval.start(),
            self.interval.end(),
        )
            .cmp(&(
                &other.id,
                &other.origin,
                other.interval.start(),
                other.interval.end(),
            ))
            .then(self.weight.total_cmp(&other.weight))
    }
}

/// An end of a summarised interval and the claim that sets it.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SummaryEnd {
    /// The interval of the claim that sets the end.
    pub interval: Interval,
    /// That claim's id.
    pub id: String,
}

/// The hull of every claim added so far.
///
/// ```
/// use sourced::{HullSummary, Interval};
/// let mut left = HullSummary::new();
/// left.add("a", Interval::closed(1.0, 2.0)?);
/// let mut right = HullSummary::new();
/// right.add("b", Interval::greater_than(5.0)?);
/// left += right;
/// let hull = left.finish().expect("two claims");
/// assert_eq!(hull.interval.to_string(), "[1, ∞)");
/// assert_eq!((hull.low_set_by.as_str(), hull.high_set_by.as_str()), ("a", "b"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct HullSummary {
    low: Option<SummaryEnd>,
    high: Option<SummaryEnd>,
}

/// A finished hull or union piece, with the ids of the claims that set its ends.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SummaryInterval {
    /// The interval.
    pub interval: Interval,
    /// How many claims it holds.
    pub claims: usize,
    /// The claim that sets its low end.
    pub low_set_by: String,
    /// The claim that sets its high end.
    pub high_set_by: String,
}

/// Whether `candidate` sets a lower (or, for `high`, higher) end than `current`; equal ends
/// go to the smaller id.
fn wins(candidate: &SummaryEnd, current: &SummaryEnd, high: bool) -> bool {
    let key = |e: &SummaryEnd| {
        if high {
            e.interval.end()
        } else {
            e.interval.start()
        }
    };
    match key(candidate).cmp(&key(current)) {
        std::cmp::Ordering::Equal => candidate.id < current.id,
        std::cmp::Ordering::Less => !high,
        std::cmp::Ordering::Greater => high,
    }
}

fn better(
    current: Option<SummaryEnd>,
    candidate: Option<SummaryEnd>,
    high: bool,
) -> Option<SummaryEnd> {
    match (current, candidate) {
        (Some(a), Some(b)) => Some(if wins(&b, &a, high) { b } else { a }),
        (a, b) => a.or(b),
    }
}

impl HullSummary {
    /// The empty summary.
    pub fn new() -> Self {
        HullSummary::default()
    }

    /// Adds a claim.
    pub fn add(&mut self, id: impl Into<String>, interval: Interval) {
        let end = SummaryEnd {
            interval,
            id: id.into(),
        };
        self.low = better(self.low.take(), Some(end.clone()), false);
        self.high = better(self.high.take(), Some(end), true);
    }

    /// Combines with another summary.
    pub fn merge(&mut self, other: HullSummary) {
        self.low = better(self.low.take(), other.low, false);
        self.high = better(self.high.take(), other.high, true);
    }

    /// The hull, `None` when nothing was added. `claims` is 0: a hull does not count.
    pub fn finish(&self) -> Option<SummaryInterval> {
        let (low, high) = (self.low.as_ref()?, self.high.as_ref()?);
        Some(SummaryInterval {
            interval: Interval::new(low.interval.low(), high.interval.high()).ok()?,
            claims: 0,
            low_set_by: low.id.clone(),
            high_set_by: high.id.clone(),
        })
    }
}

impl AddAssign for HullSummary {
    fn add_assign(&mut self, other: HullSummary) {
        self.merge(other);
    }
}

/// The union of every claim added so far, kept canonical: sorted, disjoint, merged pieces.
///
/// ```
/// use sourced::{Interval, UnionSummary};
/// let mut a = UnionSummary::new();
/// a.add("x", Interval::closed(0.0, 1.0)?);
/// let mut b = UnionSummary::new();
/// b.add("y", Interval::from_parts(Some(1.0), true, Some(2.0), false)?); // (1, 2]
/// b.add("z", Interval::closed(5.0, 6.0)?);
/// a += b;
/// let pieces: Vec<String> = a.finish().iter().map(|p| p.interval.to_string()).collect();
/// assert_eq!(pieces, ["[0, 2]", "[5, 6]"]);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct UnionSummary {
    pieces: Vec<SummaryInterval>,
}

/// Whether two intervals, `a` starting no later than `b`, leave no value between them.
fn joins(a: &Interval, b: &Interval) -> bool {
    if b.start() <= a.end() {
        return true;
    }
    match (a.end(), b.start()) {
        (Edge::At(x, sa), Edge::At(y, sb)) => x == y && !(sa == -1 && sb == 1),
        _ => false,
    }
}

/// Folds `piece` into `into` (the two join): the outer ends win, equal ends go to the
/// smaller id, claim counts add up.
fn absorb(into: &mut SummaryInterval, piece: SummaryInterval) {
    let (low_interval, low) = match piece.interval.start().cmp(&into.interval.start()) {
        std::cmp::Ordering::Less => (piece.interval, piece.low_set_by),
        std::cmp::Ordering::Equal if piece.low_set_by < into.low_set_by => {
            (piece.interval, piece.low_set_by)
        }
        _ => (into.interval, std::mem::take(&mut into.low_set_by)),
    };
    let (high_interval, high) = match piece.interval.end().cmp(&into.interval.end()) {
        std::cmp::Ordering::Greater => (piece.interval, piece.high_set_by),
        std::cmp::Ordering::Equal if piece.high_set_by < into.high_set_by => {
            (piece.interval, piece.high_set_by)
        }
        _ => (into.interval, std::mem::take(&mut into.high_set_by)),
    };
    if let Ok(i) = Interval::new(low_interval.low(), high_interval.high()) {
        into.interval = i;
    }
    into.low_set_by = low;
    into.high_set_by = high;
    into.claims += piece.claims;
}

impl UnionSummary {
    /// The empty summary.
    pub fn new() -> Self {
        UnionSummary::default()
    }

    /// Adds a claim: O(log p) to find the pieces it joins, plus the move of the pieces after
    /// them.
    pub fn add(&mut self, id: impl Into<String>, interval: Interval) {
        let id = id.into();
        let mut piece = SummaryInterval {
            interval,
            claims: 1,
            low_set_by: id.clone(),
            high_set_by: id,
        };
        // The pieces that join the new one form a contiguous run [first, last).
        let first = self.pieces.partition_point(|p| {
            !joins(&p.interval, &interval) && p.interval.end() < interval.start()
        });
        let last = self.pieces.partition_point(|p| {
            joins(&interval, &p.interval) || p.interval.start() <= interval.end()
        });
        let last = last.max(first);
        for joined in self.pieces.drain(first..last) {
            absorb(&mut piece, joined);
        }
        self.pieces.insert(first, piece);
    }

    /// Combines with another summary: a merge of the two sorted piece lists.
    pub fn merge(&mut self, other: UnionSummary) {
        let mut all = std::mem::take(&mut self.pieces);
        all.extend(other.pieces);
        all.sort_by(|a, b| {
            a.interval
                .start()
                .cmp(&b.interval.start())
                .then_with(|| a.low_set_by.cmp(&b.low_set_by))
        });
        let mut out: Vec<SummaryInterval> = Vec::with_capacity(all.len());
        for p in all {
            match out.last_mut() {
                Some(last) if joins(&last.interval, &p.interval) => absorb(last, p),
                _ => out.push(p),
            }
        }
        self.pieces = out;
    }

    /// The pieces, in increasing order.
    pub fn finish(&self) -> Vec<SummaryInterval> {
        self.pieces.clone()
    }
}

impl AddAssign for UnionSummary {
    fn add_assign(&mut self, other: UnionSummary) {
        self.merge(other);
    }
}

/// Every claim added so far, ready for k-of-n agreement.
///
/// Adding is O(1) and merging appends; equality compares the claims as a multiset, and
/// [`finish`](AgreementSummary::finish) does not depend on the order of the claims, so
/// summaries built and merged in any order finish alike.
///
/// ```
/// use sourced::{Agreement, AgreementSummary, Interval, SummaryClaim};
/// let mut a = AgreementSummary::new();
/// a.add(SummaryClaim::new("x", Interval::closed(8.0, 12.0)?));
/// let mut b = AgreementSummary::new();
/// b.add(SummaryClaim::new("y", Interval::closed(11.0, 13.0)?));
/// b.add(SummaryClaim::new("z", Interval::closed(10.0, 12.0)?));
/// a += b;
/// let result = a.finish(Agreement::new());
/// assert_eq!(result.regions[0].interval.to_string(), "[11, 12]");
/// assert_eq!(result.regions[0].supporting, ["x", "y", "z"]);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AgreementSummary {
    claims: Vec<SummaryClaim>,
}

/// A finished agreement: regions with claim ids as text.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SummaryConsensus {
    /// Every maximal region with the best support, in increasing order.
    pub regions: Vec<SummaryRegion>,
    /// The best support (independent origins).
    pub support: usize,
    /// The best weight, for weighted agreement.
    pub weight: Option<f64>,
    /// The number of independent origins.
    pub sources: usize,
    /// The number of claims.
    pub claims: usize,
}

/// A region of a [`SummaryConsensus`].
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SummaryRegion {
    /// The region.
    pub interval: Interval,
    /// How many independent origins support it.
    pub support: usize,
    /// The ids of the claims that share a value with it, sorted.
    pub supporting: Vec<String>,
    /// The claim that sets its low end.
    pub low_set_by: String,
    /// The claim that sets its high end.
    pub high_set_by: String,
}

impl AgreementSummary {
    /// The empty summary.
    pub fn new() -> Self {
        AgreementSummary::default()
    }

    /// Adds a claim.
    pub fn add(&mut self, claim: SummaryClaim) {
        self.claims.push(claim);
    }

    /// Combines with another summary.
    pub fn merge(&mut self, other: AgreementSummary) {
        self.claims.extend(other.claims);
    }

    /// The claims held, in the order they were added and merged.
    pub fn claims(&self) -> &[SummaryClaim] {
        &self.claims
    }

    /// An evidence over the claims held, for any algorithm of this module (claim positions
    /// follow [`claims`](AgreementSummary::claims)).
    pub fn evidence(&self) -> Evidence<'_> {
        Evidence::from_summary(&self.claims)
    }

    /// Runs the agreement and names claims by id.
    pub fn finish(&self, agreement: Agreement) -> SummaryConsensus {
        let evidence = self.evidence();
        let c = agreement.run(&evidence);
        let name = |id: ClaimId| evidence.id(id).into_owned();
        SummaryConsensus {
            regions: c
                .regions
                .iter()
                .map(|r| {
                    let mut supporting: Vec<String> =
                        r.supporting.iter().map(|&i| name(i)).collect();
                    supporting.sort();
                    SummaryRegion {
                        interval: r.interval,
                        support: r.support,
                        supporting,
                        low_set_by: name(r.low_set_by),
                        high_set_by: name(r.high_set_by),
                    }
                })
                .collect(),
            support: c.support,
            weight: c.weight,
            sources: c.sources,
            claims: c.claims,
        }
    }
}

impl AddAssign for AgreementSummary {
    fn add_assign(&mut self, other: AgreementSummary) {
        self.merge(other);
    }
}

impl Extend<SummaryClaim> for AgreementSummary {
    fn extend<I: IntoIterator<Item = SummaryClaim>>(&mut self, iter: I) {
        self.claims.extend(iter);
    }
}

impl PartialEq for AgreementSummary {
    /// Equal when they hold the same claims, in any order.
    fn eq(&self, other: &Self) -> bool {
        fn sorted(claims: &[SummaryClaim]) -> Vec<&SummaryClaim> {
            let mut v: Vec<&SummaryClaim> = claims.iter().collect();
            v.sort_by(|a, b| a.canonical_cmp(b));
            v
        }
        self.claims.len() == other.claims.len() && sorted(&self.claims) == sorted(&other.claims)
    }
}
