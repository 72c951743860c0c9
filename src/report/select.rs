//! Provisional: replaced by the reconciliation module's preparation and methods.

use crate::claim::Claim;
use crate::error::Error;
use crate::interval::{Edge, Interval};

use super::engine::Judgement;
use super::{ConsensusRegion, ReportOptions};

pub(crate) fn judge(claims: &[&Claim], options: &ReportOptions) -> Result<Judgement, Error> {
    let _ = options;
    let mut events: Vec<(Edge, i8, usize)> = Vec::new();
    for (i, c) in claims.iter().enumerate() {
        events.push((c.interval().start(), 0, i));
        events.push((c.interval().end(), 1, i));
    }
    events.sort();
    let mut depth = 0usize;
    let mut best = 0usize;
    let mut regions: Vec<(Edge, Edge)> = Vec::new();
    let mut open_at: Option<Edge> = None;
    for (edge, kind, _) in &events {
        if *kind == 0 {
            depth += 1;
            if depth > best {
                best = depth;
                regions.clear();
            }
            if depth == best {
                open_at = Some(*edge);
            }
        } else {
            if depth == best
                && let Some(s) = open_at.take()
            {
                regions.push((s, *edge));
            }
            depth -= 1;
        }
    }
    let mut j = Judgement {
        excluded: vec![None; claims.len()],
        truechimer: vec![false; claims.len()],
        intervals: claims.iter().map(|c| *c.interval()).collect(),
        ..Judgement::default()
    };
    for (s, e) in regions {
        let members: Vec<usize> = (0..claims.len())
            .filter(|&i| claims[i].interval().start() <= s && e <= claims[i].interval().end())
            .collect();
        let pick = |claim: usize, low: bool| {
            let iv = claims[claim].interval();
            if low { iv.low() } else { iv.high() }
        };
        let lo = members
            .iter()
            .find(|&&m| claims[m].interval().start() == s)
            .map(|&m| pick(m, true));
        let hi = members
            .iter()
            .find(|&&m| claims[m].interval().end() == e)
            .map(|&m| pick(m, false));
        let interval = Interval::new(lo.unwrap(), hi.unwrap())?;
        for &m in &members {
            j.truechimer[m] = true;
        }
        j.regions.push((
            ConsensusRegion {
                interval,
                support: members.len(),
                weight: None,
                best: None,
                supporting: vec![],
            },
            members,
        ));
    }
    Ok(j)
}
