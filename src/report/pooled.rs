//! The pooled section of a report: the statistical methods ([`Method::Pool`],
//! [`Method::Meta`]) run on the claims of one quantity, and the consensus and verdicts they give.
//!
//! **Which claims.** Those that take part after preparation (not superseded, not restatements,
//! inside the time window, dated when a window is set). The statistics module then reads each
//! one by the conventions of [`ConvertOptions`](crate::ConvertOptions): a two-sided interval is a
//! distribution (at its stated level, or 90 % when none is stated); a one-sided claim bounds an
//! opinion pool and is left out of a meta-analysis; point claims, denials and projections are
//! left out. Every claim left out is listed with the reason.
//!
//! **Consensus and verdicts.** The consensus region is the pool's central 90 % interval (its 5 %
//! and 95 % quantiles) with the median as best value, or the confidence interval of the
//! random-effects estimate with the estimate as best value, back on the quantity's scale when
//! the analysis ran on logs. A claim that takes part **agrees** when its interval (as prepared)
//! shares a value with that region and is a **falseticker** when it shares none: its interval
//! excludes every value the pooled figure allows. Unlike the interval methods this is a test of
//! each claim against the pooled figure, not a smallest removal set. The support counts the
//! independent origins of the agreeing claims.
//!
//! **When the statistics cannot run** (no claim with a two-sided interval, bounds that
//! contradict each other, a meta-analysis of fewer than 2 claims), the report says why in a note,
//! has no consensus and no pooled section, and its verdicts are undecided; the rest of the
//! report (conflicts, clusters, spread) is unchanged.
//!
//! References: metafor (Viechtbauer 2010) for the meta-analysis; SHELF (Oakley) and Stone
//! (1961) for the linear pool; Genest & Zidek (1986) for the logarithmic pool.

use crate::algorithm::Evidence;
use crate::claim::Claim;
use crate::error::Error;
use crate::interval::Interval;
use crate::stats::{
    Heterogeneity, MetaAnalysis, Pool, PooledEffect, Tau2Method, meta_analysis, pool_claims,
};

use super::engine::Judgement;
use super::{ConsensusRegion, Method, ReportOptions};

/// The pooled figures of a report made with [`Method::Pool`] or [`Method::Meta`]. In JSON:
/// `{"pool": {...}}` or `{"meta": {"analysis": {...}, "alternative": {...}}}`.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Pooled {
    /// The opinion pool: method, scale, weighted components, the bounds that truncate it and
    /// the claims that set them, median, mean, quantiles and the claims left out.
    Pool(Box<Pool>),
    /// The meta-analysis, with the random effects under the other τ² estimator.
    Meta(Box<MetaSection>),
}

/// A meta-analysis in a report: the analysis with the chosen τ² estimator, and the random
/// effects under the other one, so that REML and DerSimonian–Laird can be compared.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct MetaSection {
    /// The analysis with the chosen estimator (REML by default).
    pub analysis: MetaAnalysis,
    /// The random effects with the other estimator; `None` when it did not run (a note says
    /// why).
    pub alternative: Option<RandomEffects>,
}

/// The random-effects results of one τ² estimator.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct RandomEffects {
    /// The τ² estimator.
    pub method: Tau2Method,
    /// The random-effects estimate and its confidence interval.
    pub random: PooledEffect,
    /// Q, τ², I², H² (Q is the same for every estimator).
    pub heterogeneity: Heterogeneity,
    /// The low end of the prediction interval.
    pub prediction_low: f64,
    /// The high end of the prediction interval.
    pub prediction_high: f64,
}

impl RandomEffects {
    fn of(m: &MetaAnalysis) -> RandomEffects {
        RandomEffects {
            method: m.method,
            random: m.random,
            heterogeneity: m.heterogeneity,
            prediction_low: m.prediction_low,
            prediction_high: m.prediction_high,
        }
    }
}

/// Above this many claims the report leaves out the leave-one-out analyses (quadratic work).
const LEAVE_ONE_OUT_LIMIT: usize = 2000;

/// The reason an analysis cannot run, in one line: the first problem and how many more.
fn why(error: &Error) -> String {
    match error {
        Error::Invalid(problems) => {
            let mut all = problems.0.iter();
            match all.next() {
                Some(first) => {
                    let more = all.count();
                    if more == 0 {
                        first.message.clone()
                    } else {
                        format!("{} (and {more} more)", first.message)
                    }
                }
                None => error.to_string(),
            }
        }
        other => other.to_string(),
    }
}

/// Fills `j` for the statistical methods: the pooled section, the consensus region and the
/// truechimers (see the module docs).
pub(crate) fn judge(evidence: &Evidence<'_>, options: &ReportOptions, j: &mut Judgement) {
    // (position in the input, independent origin, claim) of the claims that take part.
    let taking_part: Vec<(usize, u32, &Claim)> = evidence
        .claims()
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_counted())
        .filter_map(|(i, p)| p.claim().map(|c| (i, p.origin(), c)))
        .collect();
    if taking_part.is_empty() {
        return;
    }
    let claims: Vec<&Claim> = taking_part.iter().map(|&(_, _, c)| c).collect();
    let unstated = claims
        .iter()
        .filter(|c| c.estimate().level().is_none() && c.interval().is_bounded())
        .count();
    let region = match options.method {
        Method::Pool => pool(&claims, options, j),
        _ => meta(&claims, options, j),
    };
    let Some((interval, best)) = region else {
        j.undecided = true;
        return;
    };
    if unstated > 0 {
        j.notes.push(format!(
            "{unstated} claim(s) state no level: their intervals are read as {} % intervals",
            match options.method {
                Method::Pool => options.pool.convert.unstated_level,
                _ => options.meta.convert.unstated_level,
            } * 100.0
        ));
    }
    let holds = |i: usize| {
        evidence
            .claims()
            .get(i)
            .is_some_and(|p| p.interval().intersects(&interval))
    };
    let members: Vec<usize> = taking_part
        .iter()
        .map(|&(i, _, _)| i)
        .filter(|&i| holds(i))
        .collect();
    let mut origins: Vec<u32> = taking_part
        .iter()
        .filter(|&&(i, _, _)| holds(i))
        .map(|&(_, o, _)| o)
        .collect();
    origins.sort_unstable();
    origins.dedup();
    for &m in &members {
        if let Some(t) = j.truechimer.get_mut(m) {
            *t = true;
        }
    }
    j.regions.push((
        ConsensusRegion {
            interval,
            support: origins.len(),
            weight: None,
            best: Some(best),
            supporting: Vec::new(),
        },
        members,
    ));
}

/// The opinion pool, its 5–95 % interval and median.
fn pool(claims: &[&Claim], options: &ReportOptions, j: &mut Judgement) -> Option<(Interval, f64)> {
    j.settings.push(format!("pool: {}", options.pool.method));
    let p = match pool_claims(claims, &options.pool) {
        Ok(p) => p,
        Err(e) => {
            j.notes
                .push(format!("the opinion pool cannot run: {}", why(&e)));
            return None;
        }
    };
    j.settings.push(format!("scale: {}", p.scale));
    let quantile = |at: f64| p.quantiles.iter().find(|q| q.p == at).map(|q| q.value);
    let region = match (quantile(0.05), quantile(0.95)) {
        (Some(lo), Some(hi)) => Interval::closed(lo, hi).ok(),
        _ => None,
    };
    let best = p.median;
    j.pooled = Some(Pooled::Pool(Box::new(p)));
    match region {
        Some(r) => Some((r, best)),
        None => {
            j.notes
                .push("the pool's 90 % interval is not a finite interval".to_owned());
            None
        }
    }
}

/// The meta-analysis with the chosen τ² estimator, the other estimator's random effects, and
/// the random-effects confidence interval and estimate on the quantity's scale.
fn meta(claims: &[&Claim], options: &ReportOptions, j: &mut Judgement) -> Option<(Interval, f64)> {
    let mut chosen = options.meta;
    j.settings.push(format!("τ²: {}", chosen.tau2));
    if chosen.leave_one_out && claims.len() > LEAVE_ONE_OUT_LIMIT {
        // k analyses of k − 1 studies each: quadratic, so not for very many claims.
        chosen = chosen.with_leave_one_out(false);
        j.notes.push(format!(
            "no leave-one-out analysis for more than {LEAVE_ONE_OUT_LIMIT} claims (it repeats \
             the analysis once per claim)"
        ));
    }
    let m = match meta_analysis(claims, &chosen) {
        Ok(m) => m,
        Err(e) => {
            j.notes
                .push(format!("the meta-analysis cannot run: {}", why(&e)));
            return None;
        }
    };
    if m.studies.len() < 2 {
        j.notes.push(format!(
            "the meta-analysis needs at least 2 claims with two-sided intervals; {} has {}",
            m.quantity.as_deref().unwrap_or("this quantity"),
            m.studies.len()
        ));
        return None;
    }
    j.settings.push(format!("scale: {}", m.scale));
    let other = match chosen.tau2 {
        Tau2Method::Reml => Tau2Method::DerSimonianLaird,
        _ => Tau2Method::Reml,
    };
    let alternative =
        match meta_analysis(claims, &chosen.with_tau2(other).with_leave_one_out(false)) {
            Ok(a) => Some(RandomEffects::of(&a)),
            Err(e) => {
                j.notes
                    .push(format!("random effects by {other} cannot run: {}", why(&e)));
                None
            }
        };
    let region = Interval::closed(
        m.back_transform(m.random.ci_low),
        m.back_transform(m.random.ci_high),
    );
    let best = m.back_transform(m.random.estimate);
    j.pooled = Some(Pooled::Meta(Box::new(MetaSection {
        analysis: m,
        alternative,
    })));
    match region {
        Ok(r) if best.is_finite() => Some((r, best)),
        _ => {
            j.notes
                .push("the random-effects interval overflows on the quantity's scale".to_owned());
            None
        }
    }
}
