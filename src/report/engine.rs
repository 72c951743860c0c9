//! Assembles a [`QuantityReport`] from the claims of one quantity: preparation and the chosen
//! method's consensus (from the reconciliation modules), then the verdicts, conflicts, clusters,
//! falsetickers and spread (from this module's siblings).

use crate::SharedStr;
use crate::claim::Claim;
use crate::claim_set::Numbering;
use crate::error::Error;
use crate::interval::Interval;

use super::{
    ClaimRow, ClusterRow, ConflictRow, ConsensusRegion, QuantityReport, ReportOptions, SeriesBreak,
    SpreadRow, Verdict,
    clusters::clusters_in_order,
    conflicts::{conflicts_by_start, count_conflicts, sorted_by},
    spread::Spread,
};

/// What the reconciliation concluded, before the report's own analyses.
#[derive(Debug, Default)]
pub(crate) struct Judgement {
    /// The claims that did not take part, by position (ascending), each with why not.
    pub(crate) excluded: Vec<(usize, Verdict)>,
    /// The claims whose interval preparation changed (a denial as zero, a documented count
    /// as a floor: see [`Adjustment`](crate::Adjustment)), by position (ascending), with
    /// the interval as prepared; every other claim's is its own. Kept apart, like `excluded`,
    /// rather than as a list of every claim: a million claims would hold 32 MB each while
    /// the rows are made, and usually few or none are in them.
    pub(crate) adjusted: Vec<(usize, Interval)>,
    /// The consensus regions, with supporting claims by position in the input.
    pub(crate) regions: Vec<(ConsensusRegion, Vec<usize>)>,
    /// Per claim: whether the method counts it as a truechimer (holds a region).
    pub(crate) truechimer: Vec<bool>,
    /// The method found no consensus at all.
    pub(crate) undecided: bool,
    /// Breaks of a cumulative series, by position, with the gap.
    pub(crate) breaks: Vec<(usize, usize, f64)>,
    /// The method's settings, for people.
    pub(crate) settings: Vec<String>,
    /// Remarks.
    pub(crate) notes: Vec<String>,
    /// The pooled figures of [`Method::Pool`](super::Method::Pool) and
    /// [`Method::Meta`](super::Method::Meta).
    pub(crate) pooled: Option<super::Pooled>,
    /// The number of independent origins with a counted (active) claim.
    pub(crate) sources: usize,
}

/// The rows of the claims, in input order, with their verdicts and prepared intervals (one
/// of each per claim, in the same order).
fn rows<'a>(
    claims: &[&'a Claim],
    verdicts: impl Iterator<Item = Verdict>,
    intervals: impl Iterator<Item = Interval>,
) -> Vec<ClaimRow<'a>> {
    claims
        .iter()
        .zip(verdicts.zip(intervals))
        .map(|(c, (verdict, interval))| ClaimRow::new(c, interval, verdict))
        .collect()
}

/// One value per position `0..n`, in order: from `listed` (position, value pairs, positions
/// ascending) where it names the position, else `otherwise(position)`. The report keeps
/// only the few claims that differ from the rule (see [`Judgement`]) and reads them so.
fn in_order<'l, T: 'l>(
    n: usize,
    listed: impl IntoIterator<Item = (usize, T)> + 'l,
    mut otherwise: impl FnMut(usize) -> T + 'l,
) -> impl Iterator<Item = T> + 'l {
    let mut listed = listed.into_iter().peekable();
    (0..n).map(move |i| {
        // Positions below `i` cannot occur (the list ascends); skipped all the same.
        while listed.next_if(|(at, _)| *at < i).is_some() {}
        match listed.next_if(|(at, _)| *at == i) {
            Some((_, value)) => value,
            None => otherwise(i),
        }
    })
}

/// Each claim's interval as prepared, in input order: from `adjusted` (see
/// [`Judgement::adjusted`]) where preparation changed it, else the claim's own.
fn prepared<'c>(
    claims: &'c [&Claim],
    adjusted: &'c [(usize, Interval)],
) -> impl Iterator<Item = Interval> + 'c {
    in_order(claims.len(), adjusted.iter().copied(), |i| {
        claims
            .get(i)
            .map_or_else(Interval::everything, |c| *c.interval())
    })
}

/// Each claim's verdict, in input order: an excluded claim keeps its reason (`excluded`,
/// see [`Judgement::excluded`]); the others are undecided when the method found no
/// consensus, else agree when they hold a region (`truechimer`) and are falsetickers when
/// not.
fn verdicts<'j>(
    n: usize,
    excluded: Vec<(usize, Verdict)>,
    truechimer: &'j [bool],
    undecided: bool,
) -> impl Iterator<Item = Verdict> + 'j {
    in_order(n, excluded, move |i| {
        judged(undecided, truechimer.get(i).copied().unwrap_or(false))
    })
}

/// The verdict on a claim that took part: undecided when the method found no consensus,
/// else whether it holds a region.
fn judged(undecided: bool, truechimer: bool) -> Verdict {
    match (undecided, truechimer) {
        (true, _) => Verdict::Undecided,
        (false, true) => Verdict::Agrees,
        (false, false) => Verdict::Falseticker,
    }
}

/// The report of the claims of one quantity; `sources` as for
/// [`prepare_unique`](crate::algorithm::prepare_unique).
pub(crate) fn quantity_report<'a>(
    claims: &[&'a Claim],
    options: &ReportOptions,
    sources: Option<Numbering>,
) -> Result<QuantityReport<'a>, Error> {
    let judgement = super::select::judge(claims, options, sources)?;
    Ok(assemble(claims, options, judgement))
}

/// Verdicts, conflicts, clusters, falsetickers and spread around a judgement.
pub(crate) fn assemble<'a>(
    claims: &[&'a Claim],
    options: &ReportOptions,
    judgement: Judgement,
) -> QuantityReport<'a> {
    let id = |i: usize| {
        claims
            .get(i)
            .map_or_else(|| SharedStr::from(""), |c| c.shared_id())
    };

    // Which claims took part: all but the excluded. The verdicts themselves are made as the
    // rows are (see `verdicts`), not kept as a list.
    let undecided = judgement.undecided;
    let truechimer = &judgement.truechimer;
    let mut took_part = vec![true; claims.len()];
    for &(i, _) in &judgement.excluded {
        if let Some(t) = took_part.get_mut(i) {
            *t = false;
        }
    }
    // The claims that took part, their intervals, the map back to input positions and the
    // order by start live in this block only: they are freed before the rows are made,
    // which at a million claims are the largest part of the report.
    let limit = options.conflict_limit.unwrap_or(usize::MAX);
    let (conflict_count, conflict_rows, cluster_rows, spread) = {
        // The claims that took part: their intervals, and the map back to input positions.
        let active: Vec<usize> = (0..claims.len())
            .filter(|&i| took_part.get(i).copied().unwrap_or(false))
            .collect();
        let intervals: Vec<Interval> = prepared(claims, &judgement.adjusted)
            .zip(&took_part)
            .filter_map(|(interval, &part)| part.then_some(interval))
            .collect();
        let back = |j: usize| active.get(j).copied().unwrap_or(usize::MAX);

        // The count needs no listing (see `count_conflicts`); the clusters need the order by
        // start, which the listing, when there is one, reuses for its own sorted orders.
        let conflict_count = count_conflicts(&intervals);
        let by_start = sorted_by(&intervals, Interval::start);
        let cluster_list = clusters_in_order(&intervals, &by_start);
        let mut listed: Vec<_> = if limit == 0 || conflict_count == 0 {
            Vec::new()
        } else {
            conflicts_by_start(&intervals, by_start)
                .take(limit)
                .map(|c| (back(c.lower), back(c.upper), c))
                .collect()
        };
        listed.sort_by_key(|&(a, b, _)| (a, b));
        let conflict_rows = listed
            .into_iter()
            .map(|(a, b, c)| ConflictRow {
                a: id(a),
                b: id(b),
                relation: c.kind,
                gap: c.gap,
                ratio: c.ratio,
            })
            .collect();

        let cluster_rows = cluster_list
            .into_iter()
            .map(|c| ClusterRow {
                hull: c.hull,
                members: c.members.into_iter().map(|j| id(back(j))).collect(),
            })
            .collect();

        // A tie for the smallest or largest value goes to the smallest id (then the first in
        // input order) whatever the input order: compared on ties, not by sorting by id.
        let id_str = |i: usize| claims.get(i).map(|c| c.id());
        let spread = Spread::of_indexed(
            active
                .iter()
                .filter_map(|&i| claims.get(i).map(|c| (i, c.estimate()))),
            |later, earlier| id_str(later) < id_str(earlier),
        );
        let spread = SpreadRow {
            hull: spread.hull,
            smallest: spread.smallest.map(|r| (id(r.index).to_string(), r.value)),
            largest: spread.largest.map(|r| (id(r.index).to_string(), r.value)),
            ratio: spread.ratio,
            orders_of_magnitude: spread.orders_of_magnitude,
        };
        (conflict_count, conflict_rows, cluster_rows, spread)
    };

    let falsetickers = (0..claims.len())
        .filter(|&i| {
            took_part.get(i).copied().unwrap_or(false)
                && judged(undecided, truechimer.get(i).copied().unwrap_or(false))
                    == Verdict::Falseticker
        })
        .map(id)
        .collect();
    drop(took_part);

    let mut notes = judgement.notes;
    if judgement.regions.len() > 1 {
        notes.push(format!(
            "{} regions tie for the most support: the falsetickers listed lie outside all of \
             them; keeping one region drops the claims outside it too",
            judgement.regions.len()
        ));
    }
    if (conflict_count as usize) > limit {
        notes.push(format!(
            "{conflict_count} conflicting pairs; the first {limit} are listed"
        ));
    }

    let consensus = judgement
        .regions
        .into_iter()
        .map(|(mut region, members)| {
            region.supporting = members.into_iter().map(id).collect();
            region
        })
        .collect();
    let breaks = judgement
        .breaks
        .into_iter()
        .map(|(earlier, later, gap)| SeriesBreak {
            earlier: id(earlier).to_string(),
            later: id(later).to_string(),
            gap,
        })
        .collect();

    let quantity = claims.first().map(|c| c.quantity());
    QuantityReport {
        quantity: quantity.map(|q| q.id().to_owned()).unwrap_or_default(),
        description: quantity.and_then(|q| q.description().map(str::to_owned)),
        unit: quantity.map(|q| q.unit().to_owned()).unwrap_or_default(),
        kind: quantity.map(|q| q.kind()).unwrap_or_default(),
        method: options.method,
        lexicon: options.lexicon.clone(),
        settings: judgement.settings,
        claims: rows(
            claims,
            verdicts(claims.len(), judgement.excluded, truechimer, undecided),
            prepared(claims, &judgement.adjusted),
        ),
        consensus,
        conflicts: conflict_rows,
        conflict_count,
        clusters: cluster_rows,
        falsetickers,
        spread,
        breaks,
        notes,
        pooled: judgement.pooled,
        sources: judgement.sources,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report holds a row per claim: keep it the size its docs give (it was 248 bytes when
    /// it copied the claim's texts).
    #[test]
    fn a_claim_row_stays_compact() {
        assert!(
            std::mem::size_of::<ClaimRow<'_>>() <= 64,
            "{} bytes",
            std::mem::size_of::<ClaimRow<'_>>()
        );
    }
}
