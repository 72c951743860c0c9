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
//! - [`AgreementSummary`] keeps every claim's interval, id, origin and weight in canonical
//!   order: exact k-of-n agreement depends on every endpoint (any region can become the best
//!   after one more claim), so no smaller exact summary exists. Finishing runs [`Agreement`].
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

impl UnionSummary {
    /// The empty summary.
    pub fn new() -> Self {
        UnionSummary::default()
    }

    /// Adds a claim.
    pub fn add(&mut self, id: impl Into<String>, interval: Interval) {
        let id = id.into();
        self.merge(UnionSummary {
            pieces: vec![SummaryInterval {
                interval,
                claims: 1,
                low_set_by: id.clone(),
                high_set_by: id,
            }],
        });
    }

    /// Combines with another summary: a linear merge of the two piece lists.
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
                Some(last) if joins(&last.interval, &p.interval) => {
                    let low = if p.interval.start() == last.interval.start()
                        && p.low_set_by < last.low_set_by
                    {
                        p.low_set_by.clone()
                    } else {
                        last.low_set_by.clone()
                    };
                    let (high_interval, high) = match p.interval.end().cmp(&last.interval.end()) {
                        std::cmp::Ordering::Greater => (p.interval, p.high_set_by.clone()),
                        std::cmp::Ordering::Equal if p.high_set_by < last.high_set_by => {
                            (p.interval, p.high_set_by.clone())
                        }
                        _ => (last.interval, last.high_set_by.clone()),
                    };
                    if let Ok(i) = Interval::new(last.interval.low(), high_interval.high()) {
                        last.interval = i;
                    }
                    last.low_set_by = low;
                    last.high_set_by = high;
                    last.claims += p.claims;
                }
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

/// Every claim added so far, in canonical order, ready for k-of-n agreement.
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
#[derive(Clone, Debug, Default, PartialEq)]
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
        let at = self
            .claims
            .partition_point(|c| c.canonical_cmp(&claim).is_lt());
        self.claims.insert(at, claim);
    }

    /// Combines with another summary: a linear merge of the two sorted lists.
    pub fn merge(&mut self, other: AgreementSummary) {
        let mine = std::mem::take(&mut self.claims);
        let mut out = Vec::with_capacity(mine.len() + other.claims.len());
        let mut a = mine.into_iter().peekable();
        let mut b = other.claims.into_iter().peekable();
        loop {
            let take_a = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => x.canonical_cmp(y).is_le(),
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let next = if take_a { a.next() } else { b.next() };
            out.extend(next);
        }
        self.claims = out;
    }

    /// The claims held, in canonical order.
    pub fn claims(&self) -> &[SummaryClaim] {
        &self.claims
    }

    /// An evidence over the claims held, for any algorithm of this module.
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
        let mut other = AgreementSummary {
            claims: iter.into_iter().collect(),
        };
        other.claims.sort_by(|a, b| a.canonical_cmp(b));
        self.merge(other);
    }
}
