//! The consensus of one quantity's claims by the chosen method, on the evidence that the
//! reconciliation module's [`prepare`](crate::prepare) makes of them (supersession, restatements, independence
//! groups, denials as zero, documented counts as floors, the time window).

use crate::algorithm::{
    Adjustment, Agreement, BrooksIyengar, ClaimId, Membership, Selected, Selection, Status,
    Supersession, monotonicity, prepare_unique,
};
use crate::claim::Claim;
use crate::claim_set::Numbering;
use crate::error::Error;
use crate::quantity::QuantityKind;

use super::engine::Judgement;
use super::{ConsensusRegion, Method, ReportOptions, Verdict};

/// Marks `ids` as truechimers and returns their positions.
fn mark(j: &mut Judgement, ids: &[ClaimId]) -> Vec<usize> {
    let members: Vec<usize> = ids.iter().map(|c| c.index()).collect();
    for &m in &members {
        if let Some(t) = j.truechimer.get_mut(m) {
            *t = true;
        }
    }
    members
}

fn supersession_name(options: &ReportOptions) -> &'static str {
    match options.prepare.get_supersession() {
        Supersession::Off => "explicit links only",
        Supersession::ByGroup => "later claim of the same group",
        _ => "later claim of the same source",
    }
}

pub(crate) fn judge(
    claims: &[&Claim],
    options: &ReportOptions,
    sources: Option<Numbering>,
) -> Result<Judgement, Error> {
    // The report validated the claim set first: ids are unique.
    let evidence = prepare_unique(claims, &options.prepare, sources)?;
    let n = claims.len();
    debug_assert!(
        evidence
            .claims()
            .iter()
            .zip(claims)
            .all(|(p, c)| p.adjustment() != Adjustment::None || p.interval() == c.interval()),
        "a claim taken as stated keeps its own interval"
    );
    let id = |c: ClaimId| evidence.shared_id(c);
    let mut j = Judgement {
        excluded: evidence
            .claims()
            .iter()
            .enumerate()
            .filter_map(|(i, p)| match p.status() {
                Status::Active => None,
                Status::Superseded { by } => Some((i, Verdict::SupersededBy(id(by).to_string()))),
                Status::Restatement { of } => Some((i, Verdict::RestatementOf(id(of).to_string()))),
                Status::OutsideWindow => Some((i, Verdict::OutsideWindow)),
                Status::Undated => Some((i, Verdict::Undated)),
            })
            .collect(),
        // A claim taken as stated keeps its own interval (see `Adjustment`; checked above in
        // debug builds).
        adjusted: evidence
            .claims()
            .iter()
            .enumerate()
            .filter(|(_, p)| p.adjustment() != Adjustment::None)
            .map(|(i, p)| (i, *p.interval()))
            .collect(),
        truechimer: vec![false; n],
        sources: evidence.counted_origins(),
        ..Judgement::default()
    };
    j.settings
        .push(format!("supersession: {}", supersession_name(options)));
    j.settings.push(match evidence.window() {
        Some(w) => format!("window: {w}"),
        None => "window: all dates".to_owned(),
    });
    // An origin whose claims share no value is read generously (any of its claims); say so,
    // for at most as many origins as conflicts are listed (a pair of its claims is a
    // conflict within one origin), and count the rest.
    let contradictions = evidence.contradictions();
    let listed = options.conflict_limit.unwrap_or(usize::MAX);
    for c in contradictions.iter().take(listed) {
        j.notes.push(format!(
            "origin {} contradicts itself: claims {} and {} share no value; it is read as \
             holding any of its claims' values",
            evidence.origin_name(c.origin),
            evidence.id(c.earlier),
            evidence.id(c.later)
        ));
    }
    if let Some(more) = contradictions.len().checked_sub(listed).filter(|&m| m > 0) {
        let further = if listed > 0 { "more " } else { "" };
        let (who, their, verb) = if more == 1 {
            ("origin contradicts itself", "its", "is")
        } else {
            ("origins contradict themselves", "their", "are")
        };
        j.notes.push(format!(
            "{more} {further}{who} ({their} claims share no value) and {verb} read as holding \
             any of {their} claims' values; not listed one by one (conflict limit {listed})"
        ));
    }
    // One arm per method; a new method (pooling, meta-analysis) adds its arm here, filling
    // the consensus regions and truechimers, and the rest of the report follows unchanged.
    match options.method {
        Method::Agreement | Method::Weighted => {
            let weighted = options.method == Method::Weighted;
            let consensus = Agreement::new().weighted(weighted).run(&evidence);
            for region in consensus.regions {
                let members = mark(&mut j, &region.supporting);
                j.regions.push((
                    ConsensusRegion {
                        interval: region.interval,
                        support: region.support,
                        weight: region.weight,
                        best: None,
                        supporting: Vec::new(),
                    },
                    members,
                ));
            }
            j.undecided = j.regions.is_empty() && evidence.counted() > 0;
        }
        Method::Ntp => {
            let selection = match options.membership {
                Membership::ContainsOrWithin => Selection::chrony(),
                _ => Selection::ntp(),
            }
            .min_agreeing(options.min_agreeing);
            j.settings.push(format!(
                "membership: {}",
                match options.membership {
                    Membership::ContainsOrWithin => "contains or within (chrony)",
                    _ => "overlap (ntpd)",
                }
            ));
            match selection.run(&evidence) {
                Selected::Majority(m) => {
                    let members = mark(&mut j, &m.truechimers);
                    j.settings
                        .push(format!("f = {} of {} sources", m.f, m.sources));
                    j.regions.push((
                        ConsensusRegion {
                            interval: m.region,
                            support: m.agreeing,
                            weight: None,
                            best: None,
                            supporting: Vec::new(),
                        },
                        members,
                    ));
                }
                Selected::NoMajority(none) => {
                    j.undecided = true;
                    j.notes.push(format!(
                        "no majority: at most {} of {} independent sources share a value \
                         (at least {} needed, at most {} falsetickers allowed)",
                        none.best_support,
                        none.sources,
                        none.min_agreeing
                            .max(none.sources.saturating_sub(none.max_falsetickers)),
                        none.max_falsetickers
                    ));
                }
            }
        }
        Method::BrooksIyengar => {
            let sources = evidence.counted_origins();
            // By default the most faults a majority can outvote: f < n/2.
            let f = options.faulty.unwrap_or(sources.saturating_sub(1) / 2);
            let fused = BrooksIyengar::new(f).run(&evidence);
            j.settings.push(format!(
                "f = {f} faulty of {sources} sources (kept: pieces held by at least {})",
                fused.threshold
            ));
            match fused.interval {
                Some(interval) => {
                    // Truechimers: the counted claims that share a value with a kept piece,
                    // a consistent origin's claims judged by their intersection.
                    let ids: Vec<ClaimId> = evidence
                        .counted_ids()
                        .filter(|&c| {
                            evidence.claim(c).is_some_and(|p| {
                                let judged = evidence.judged_interval(p);
                                fused.regions.iter().any(|r| r.interval.intersects(&judged))
                            })
                        })
                        .collect();
                    let members = mark(&mut j, &ids);
                    j.regions.push((
                        ConsensusRegion {
                            interval,
                            support: fused.threshold,
                            weight: None,
                            best: fused.point,
                            supporting: Vec::new(),
                        },
                        members,
                    ));
                }
                None => {
                    j.undecided = evidence.counted() > 0;
                    j.notes.push(format!(
                        "no value is held by {} of the {sources} independent sources",
                        fused.threshold
                    ));
                }
            }
        }
        Method::Pool | Method::Meta => super::pooled::judge(&evidence, options, &mut j),
    }
    if claims.first().map(|c| c.quantity().kind()) == Some(QuantityKind::Cumulative) {
        let series = monotonicity(&evidence);
        j.breaks = series
            .breaks
            .iter()
            .map(|b| (b.earlier.index(), b.later.index(), b.gap))
            .collect();
        if evidence.counted() > 1 {
            j.notes.push(
                "a cumulative total can only grow: a later claim above an earlier one is growth, \
             not disagreement; the series breaks list the real contradictions"
                    .to_owned(),
            );
        }
        if !series.undated.is_empty() {
            j.notes.push(format!(
                "{} undated claim(s) cannot be placed in the series",
                series.undated.len()
            ));
        }
    }
    Ok(j)
}
