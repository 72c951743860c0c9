//! Meta-analysis: fixed and random effects, heterogeneity, prediction interval, leave-one-out
//! (the formulas are documented on [`MetaAnalysis`]).

use std::fmt;

use crate::claim::Claim;
use crate::error::{Error, Location, Problem, Problems};
use crate::stats::convert::{self, ConvertOptions, Excluded, Reading, Scale};
use crate::stats::normal::{self, normal_sf};
use crate::stats::special::upper_regularised;
use crate::stats::sum::Sum;

/// The estimator of the between-study variance τ².
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Tau2Method {
    /// DerSimonian & Laird (1986), the method of moments.
    DerSimonianLaird,
    /// Restricted maximum likelihood (metafor's default). The default.
    #[default]
    Reml,
}

impl fmt::Display for Tau2Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Tau2Method::DerSimonianLaird => "DerSimonian-Laird",
            Tau2Method::Reml => "REML",
        })
    }
}

/// Options of [`meta_analysis`].
///
/// ```
/// use sourced::{MetaOptions, Scale, Tau2Method};
/// let options = MetaOptions::default().with_tau2(Tau2Method::DerSimonianLaird).with_scale(Scale::Linear);
/// assert_eq!(options.level, 0.95);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MetaOptions {
    /// The τ² estimator (default REML).
    pub tau2: Tau2Method,
    /// The level of the confidence and prediction intervals (default 0.95).
    pub level: f64,
    /// REML: stop when a step is below `tolerance`·max(1, τ²) (default 1e−10).
    pub tolerance: f64,
    /// REML: the most Fisher-scoring steps (default 1000).
    pub max_iterations: usize,
    /// Whether to repeat the analysis without each study (default true; k analyses).
    pub leave_one_out: bool,
    /// How claims are read (scale, unstated level, point claims).
    pub convert: ConvertOptions,
}

impl Default for MetaOptions {
    fn default() -> Self {
        MetaOptions {
            tau2: Tau2Method::Reml,
            level: 0.95,
            tolerance: 1e-10,
            max_iterations: 1000,
            leave_one_out: true,
            convert: ConvertOptions::default(),
        }
    }
}

impl MetaOptions {
    /// With a τ² estimator.
    pub fn with_tau2(mut self, method: Tau2Method) -> Self {
        self.tau2 = method;
        self
    }

    /// With a scale.
    pub fn with_scale(mut self, scale: Scale) -> Self {
        self.convert.scale = scale;
        self
    }

    /// With the level of the confidence and prediction intervals.
    pub fn with_level(mut self, level: f64) -> Self {
        self.level = level;
        self
    }

    /// With or without leave-one-out analyses.
    pub fn with_leave_one_out(mut self, on: bool) -> Self {
        self.leave_one_out = on;
        self
    }

    /// With conversion conventions.
    pub fn with_convert(mut self, convert: ConvertOptions) -> Self {
        self.convert = convert;
        self
    }

    fn check(&self) -> Result<(), Error> {
        self.convert.check()?;
        if !(self.level > 0.0 && self.level < 1.0) {
            return Err(convert::option_error(
                "level",
                format!("level {} must lie strictly between 0 and 1", self.level),
            ));
        }
        if !(self.tolerance > 0.0 && self.tolerance.is_finite()) {
            return Err(convert::option_error(
                "tolerance",
                format!("tolerance {} must be finite and above 0", self.tolerance),
            ));
        }
        Ok(())
    }
}

/// One study (claim) in a meta-analysis.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Study {
    /// The claim id, or the 1-based position for [`MetaAnalysis::from_effects`].
    pub label: String,
    /// The effect on the analysis scale.
    pub y: f64,
    /// Its sampling variance.
    pub v: f64,
    /// Its weight in the fixed-effect estimate, in percent.
    pub weight_fixed: f64,
    /// Its weight in the random-effects estimate, in percent.
    pub weight_random: f64,
}

/// A pooled estimate with its standard error, test and confidence interval.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PooledEffect {
    /// The estimate μ̂ on the analysis scale.
    pub estimate: f64,
    /// Its standard error.
    pub se: f64,
    /// z = μ̂/SE.
    pub z: f64,
    /// The two-sided p-value of z.
    pub p_value: f64,
    /// The low end of the confidence interval.
    pub ci_low: f64,
    /// The high end of the confidence interval.
    pub ci_high: f64,
}

/// Heterogeneity statistics.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Heterogeneity {
    /// Cochran's Q.
    pub q: f64,
    /// Its degrees of freedom, k − 1.
    pub df: usize,
    /// P(χ²_df > Q); `None` for a single study.
    pub q_p_value: Option<f64>,
    /// The between-study variance τ².
    pub tau2: f64,
    /// I² in percent; `None` for a single study.
    pub i2: Option<f64>,
    /// H²; `None` for a single study.
    pub h2: Option<f64>,
}

/// The analysis without one study.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LeaveOneOut {
    /// The study left out.
    pub left_out: String,
    /// The random-effects estimate without it.
    pub random: PooledEffect,
    /// τ² without it.
    pub tau2: f64,
    /// Q without it.
    pub q: f64,
    /// I² (percent) without it.
    pub i2: Option<f64>,
    /// How far leaving it out moves the random-effects estimate (without − with).
    pub shift: f64,
}

/// A meta-analysis of the claims about one quantity, or of plain effects.
///
/// Inputs are effects yᵢ with sampling variances vᵢ — from claims, or plain pairs
/// ([`MetaAnalysis::from_effects`]). The formulas are metafor's (W. Viechtbauer, *Conducting
/// meta-analyses in R with the metafor package*, J. Stat. Softw. 36(3), 2010; `rma.uni`):
///
/// - fixed (equal) effect: wᵢ = 1/vᵢ, μ̂ = Σwᵢyᵢ/Σwᵢ, SE = 1/√Σwᵢ;
/// - Cochran's Q = Σwᵢ(yᵢ − μ̂)² on k − 1 df, its p-value from χ²_{k−1};
/// - τ² by DerSimonian–Laird, max(0, (Q − (k − 1)) / (Σw − Σw²/Σw)), or by REML with Fisher
///   scoring as metafor does: τ² ← τ² + (y′PPy − tr P)/tr(PP), P = W − wwᵀ/Σw, W = diag(1/(vᵢ + τ²)),
///   started at the DerSimonian–Laird value, with step halving to keep τ² ≥ 0, until a step is
///   below `tolerance`·max(1, τ²) (default 1e−10), at most `max_iterations` (default 1000)
///   times, else [`Error::Numerical`];
/// - random effects: wᵢ* = 1/(vᵢ + τ²), μ̂ and SE as above, CI μ̂ ± z·SE, and the prediction
///   interval μ̂ ± z·√(SE² + τ²) (metafor's default, `test = "z"`);
/// - I² = 100·τ²/(τ² + s̃²), H² = (τ² + s̃²)/s̃² with the typical within-study variance
///   s̃² = (k − 1)Σw/((Σw)² − Σw²) (for DerSimonian–Laird I² = (Q − df)/Q and H² = Q/df);
/// - leave-one-out: the analysis repeated without each study, and the study whose removal
///   moves the random-effects estimate most.
///
/// **From claims.** A claim with a two-sided interval [L, H] read at level ℓ (see
/// [`claim_distribution`](crate::claim_distribution) for intervals without a stated level)
/// gives, on the chosen scale t (x or ln x): y = t(best) or the interval's centre
/// (t(L) + t(H))/2, and SE = (t(H) − t(L))/(2·z_{(1+ℓ)/2}). The log scale is the default for
/// positive quantities ([`Scale::Auto`]). One-sided, point and other claims without a spread
/// are listed in [`MetaAnalysis::excluded`].
///
/// All sums are compensated (Neumaier); every result is checked to be finite.
///
/// ```
/// use sourced::{MetaAnalysis, MetaOptions, Tau2Method};
/// let effects = [(0.1, 0.01), (0.3, 0.02), (0.2, 0.015)];
/// let m = MetaAnalysis::from_effects(&effects, &MetaOptions::default().with_tau2(Tau2Method::DerSimonianLaird))?;
/// assert!(m.fixed.estimate > 0.1 && m.fixed.estimate < 0.3);
/// assert_eq!(m.heterogeneity.df, 2);
/// println!("{m}");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MetaAnalysis {
    /// The quantity, when the studies are claims.
    pub quantity: Option<String>,
    /// The analysis scale (never `Auto`): estimates are logs on the log scale.
    pub scale: Scale,
    /// The τ² estimator.
    pub method: Tau2Method,
    /// The level of the intervals.
    pub level: f64,
    /// The studies, in input order.
    pub studies: Vec<Study>,
    /// Claims left out, with the reason.
    pub excluded: Vec<Excluded>,
    /// The fixed-effect estimate.
    pub fixed: PooledEffect,
    /// The random-effects estimate.
    pub random: PooledEffect,
    /// Q, τ², I², H².
    pub heterogeneity: Heterogeneity,
    /// The low end of the prediction interval of a new study's true effect.
    pub prediction_low: f64,
    /// The high end of the prediction interval.
    pub prediction_high: f64,
    /// REML Fisher-scoring steps taken (`None` for DerSimonian–Laird).
    pub iterations: Option<usize>,
    /// The analysis without each study, in input order (empty for one study).
    pub leave_one_out: Vec<LeaveOneOut>,
    /// The study whose removal moves the random-effects estimate most (ties: the smallest label).
    pub most_influential: Option<String>,
}

/// A meta-analysis of claims about one quantity (see [`MetaAnalysis`] for the formulas and
/// for how claims become effects).
///
/// Errors: no claims, claims about different quantities, no claim with a two-sided interval,
/// a claim whose interval gives a zero or non-finite variance (named), REML that does not
/// converge, results that overflow f64, invalid options.
pub fn meta_analysis(claims: &[&Claim], options: &MetaOptions) -> Result<MetaAnalysis, Error> {
    options.check()?;
    let first = claims.first().ok_or_else(|| {
        convert::option_error("claims", "there are no claims to analyse".to_owned())
    })?;
    crate::stats::pool::check_same_quantity(claims)?;
    let mut stated = Vec::new();
    let mut excluded = Vec::new();
    for &claim in claims {
        match convert::read(claim, &options.convert) {
            Reading::Stated(s) => stated.push((claim, s)),
            Reading::Bound(_) => excluded.push(Excluded {
                claim: claim.id().to_owned(),
                reason: "a one-sided claim is a bound and has no standard error".to_owned(),
            }),
            Reading::Excluded(reason) => excluded.push(Excluded {
                claim: claim.id().to_owned(),
                reason,
            }),
        }
    }
    if stated.is_empty() {
        return Err(Error::Invalid(Problems(
            claims
                .iter()
                .map(|c| {
                    Problem::new(
                        Location::Claim(c.id().to_owned()),
                        Some("estimate"),
                        "no claim states a two-sided interval, so there is no effect to analyse",
                    )
                })
                .collect(),
        )));
    }
    let scale = convert::resolve_scale(
        options.convert.scale,
        first.quantity().domain().is_non_negative(),
        stated.iter().map(|(_, s)| s),
    );
    let family = scale.family();
    let mut effects = Vec::with_capacity(stated.len());
    for (claim, s) in &stated {
        if scale == Scale::Log && s.low <= 0.0 {
            return Err(convert::claim_error(
                claim,
                "estimate",
                format!(
                    "the log scale needs a low end above 0, got {} (use the linear scale)",
                    s.low
                ),
            ));
        }
        let (tl, th) = (family.to_scale(s.low), family.to_scale(s.high));
        let z = normal::quantile((1.0 + s.level) / 2.0);
        let se = (th - tl) / (2.0 * z);
        let y = s.best.map_or(tl / 2.0 + th / 2.0, |b| family.to_scale(b));
        let v = se * se;
        if !(v > 0.0 && v.is_finite() && (1.0 / v).is_finite() && y.is_finite()) {
            return Err(convert::claim_error(
                claim,
                "estimate",
                format!(
                    "the interval [{}, {}] gives effect {y} with variance {v}, which cannot be weighted",
                    s.low, s.high
                ),
            ));
        }
        effects.push((claim.id().to_owned(), y, v));
    }
    let mut m = analyse_labelled(effects, scale, options)?;
    m.quantity = Some(first.quantity().id().to_owned());
    m.excluded = excluded;
    Ok(m)
}

impl MetaAnalysis {
    /// A meta-analysis of plain effects `(y, v)`: effect and sampling variance, on the scale
    /// they are given in (reported as [`Scale::Linear`]). Studies are labelled "1", "2", ….
    ///
    /// Errors name the study: a non-finite effect, a variance that is not finite and above 0.
    pub fn from_effects(effects: &[(f64, f64)], options: &MetaOptions) -> Result<Self, Error> {
        options.check()?;
        let mut problems = Vec::new();
        let mut labelled = Vec::with_capacity(effects.len());
        for (i, &(y, v)) in effects.iter().enumerate() {
            if !y.is_finite() {
                problems.push(Problem::new(
                    Location::ClaimIndex(i),
                    Some("y"),
                    format!("effect {y} is not finite"),
                ));
            }
            if !(v > 0.0 && v.is_finite() && (1.0 / v).is_finite()) {
                problems.push(Problem::new(
                    Location::ClaimIndex(i),
                    Some("v"),
                    format!("variance {v} must be finite and above 0"),
                ));
            }
            labelled.push(((i + 1).to_string(), y, v));
        }
        if effects.is_empty() {
            problems.push(Problem::new(
                Location::File,
                None,
                "there are no effects to analyse",
            ));
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(Problems(problems)));
        }
        analyse_labelled(labelled, Scale::Linear, options)
    }

    /// A value on the analysis scale back on the quantity's scale: `eᵗ` on the log scale.
    pub fn back_transform(&self, t: f64) -> f64 {
        self.scale.family().from_scale(t)
    }
}

/// The core results of one analysis.
struct Core {
    fixed: PooledEffect,
    random: PooledEffect,
    heterogeneity: Heterogeneity,
    prediction: (f64, f64),
    weights_fixed: Vec<f64>,
    weights_random: Vec<f64>,
    iterations: Option<usize>,
}

fn analyse_labelled(
    effects: Vec<(String, f64, f64)>,
    scale: Scale,
    options: &MetaOptions,
) -> Result<MetaAnalysis, Error> {
    let y: Vec<f64> = effects.iter().map(|e| e.1).collect();
    let v: Vec<f64> = effects.iter().map(|e| e.2).collect();
    let core = analyse(&y, &v, options)?;
    let mut leave_one_out = Vec::new();
    if options.leave_one_out && effects.len() > 1 {
        let mut ys = Vec::with_capacity(y.len() - 1);
        let mut vs = Vec::with_capacity(v.len() - 1);
        for (i, (label, _, _)) in effects.iter().enumerate() {
            ys.clear();
            vs.clear();
            for (j, (&yj, &vj)) in y.iter().zip(&v).enumerate() {
                if j != i {
                    ys.push(yj);
                    vs.push(vj);
                }
            }
            let without = analyse(&ys, &vs, options)?;
            leave_one_out.push(LeaveOneOut {
                left_out: label.clone(),
                random: without.random,
                tau2: without.heterogeneity.tau2,
                q: without.heterogeneity.q,
                i2: without.heterogeneity.i2,
                shift: without.random.estimate - core.random.estimate,
            });
        }
    }
    let most_influential = leave_one_out
        .iter()
        // Equal shifts go to the smallest label, so the result does not depend on input order.
        .max_by(|a, b| {
            a.shift
                .abs()
                .total_cmp(&b.shift.abs())
                .then_with(|| b.left_out.cmp(&a.left_out))
        })
        .map(|l| l.left_out.clone());
    let studies = effects
        .into_iter()
        .zip(core.weights_fixed.iter().zip(&core.weights_random))
        .map(|((label, y, v), (&wf, &wr))| Study {
            label,
            y,
            v,
            weight_fixed: wf,
            weight_random: wr,
        })
        .collect();
    Ok(MetaAnalysis {
        quantity: None,
        scale,
        method: options.tau2,
        level: options.level,
        studies,
        excluded: Vec::new(),
        fixed: core.fixed,
        random: core.random,
        heterogeneity: core.heterogeneity,
        prediction_low: core.prediction.0,
        prediction_high: core.prediction.1,
        iterations: core.iterations,
        leave_one_out,
        most_influential,
    })
}

/// Σw, Σw², Σw³ and the weighted mean for weights 1/(vᵢ + τ²).
struct Weighted {
    s1: f64,
    s2: f64,
    s3: f64,
    mean: f64,
}

fn weighted(y: &[f64], v: &[f64], tau2: f64) -> Weighted {
    let (mut s1, mut s2, mut s3, mut sy) = (
        Sum::default(),
        Sum::default(),
        Sum::default(),
        Sum::default(),
    );
    for (&yi, &vi) in y.iter().zip(v) {
        let w = 1.0 / (vi + tau2);
        s1.add(w);
        s2.add(w * w);
        s3.add(w * w * w);
        sy.add(w * yi);
    }
    let s1 = s1.value();
    Weighted {
        s1,
        s2: s2.value(),
        s3: s3.value(),
        mean: sy.value() / s1,
    }
}

fn overflow(what: &str) -> Error {
    Error::Numerical {
        method: "meta-analysis".to_owned(),
        message: format!(
            "{what} is not finite: the effects or variances are too large or too small for f64 (rescale them)"
        ),
    }
}

fn pooled(estimate: f64, se: f64, z_crit: f64) -> PooledEffect {
    let z = estimate / se;
    PooledEffect {
        estimate,
        se,
        z,
        p_value: (2.0 * normal_sf(z.abs())).min(1.0),
        ci_low: estimate - z_crit * se,
        ci_high: estimate + z_crit * se,
    }
}

fn analyse(y: &[f64], v: &[f64], options: &MetaOptions) -> Result<Core, Error> {
    let k = y.len();
    let df = k.saturating_sub(1);
    let z_crit = normal::quantile((1.0 + options.level) / 2.0);

    let fe = weighted(y, v, 0.0);
    let q = crate::stats::sum::sum(
        y.iter()
            .zip(v)
            .map(|(&yi, &vi)| (yi - fe.mean) * (yi - fe.mean) / vi),
    );
    if !(fe.mean.is_finite() && fe.s1.is_finite() && q.is_finite()) {
        return Err(overflow("the fixed-effect estimate or Q"));
    }
    let fixed = pooled(fe.mean, 1.0 / fe.s1.sqrt(), z_crit);

    // DerSimonian–Laird, also REML's starting value.
    let c = fe.s1 - fe.s2 / fe.s1;
    let dl = if k > 1 && c > 0.0 && c.is_finite() {
        ((q - df as f64) / c).max(0.0)
    } else {
        0.0
    };
    let (tau2, iterations) = match options.tau2 {
        Tau2Method::DerSimonianLaird => (dl, None),
        Tau2Method::Reml if k > 1 => {
            let (t, n) = reml(y, v, dl, options)?;
            (t, Some(n))
        }
        Tau2Method::Reml => (0.0, Some(0)),
    };

    let re = weighted(y, v, tau2);
    if !(re.mean.is_finite() && re.s1.is_finite() && re.s1 > 0.0) {
        return Err(overflow("the random-effects estimate"));
    }
    let random = pooled(re.mean, 1.0 / re.s1.sqrt(), z_crit);
    let half = z_crit * (random.se * random.se + tau2).sqrt();

    let (q_p_value, i2, h2) = if k > 1 {
        // Typical within-study variance s̃² = (k − 1)Σw/((Σw)² − Σw²).
        let typical = df as f64 * fe.s1 / (fe.s1 * fe.s1 - fe.s2);
        let (i2, h2) = if typical > 0.0 && typical.is_finite() {
            (100.0 * tau2 / (tau2 + typical), (tau2 + typical) / typical)
        } else {
            (0.0, 1.0)
        };
        (
            Some(upper_regularised(df as f64 / 2.0, q / 2.0)),
            Some(i2),
            Some(h2),
        )
    } else {
        (None, None, None)
    };

    let weights_fixed = v.iter().map(|&vi| 100.0 / vi / fe.s1).collect();
    let weights_random = v.iter().map(|&vi| 100.0 / (vi + tau2) / re.s1).collect();
    let core = Core {
        fixed,
        random,
        heterogeneity: Heterogeneity {
            q,
            df,
            q_p_value,
            tau2,
            i2,
            h2,
        },
        prediction: (random.estimate - half, random.estimate + half),
        weights_fixed,
        weights_random,
        iterations,
    };
    let all_finite = [
        core.fixed.se,
        core.fixed.ci_low,
        core.fixed.ci_high,
        core.fixed.p_value,
        core.random.se,
        core.random.ci_low,
        core.random.ci_high,
        core.random.p_value,
        core.prediction.0,
        core.prediction.1,
        tau2,
    ]
    .iter()
    .chain(core.weights_fixed.iter())
    .chain(core.weights_random.iter())
    .chain(i2.iter())
    .chain(h2.iter())
    .chain(q_p_value.iter())
    .all(|x| x.is_finite());
    if all_finite {
        Ok(core)
    } else {
        Err(overflow("a result"))
    }
}

/// REML τ² by Fisher scoring (metafor `rma.uni`, method "REML"), from `start`, safeguarded
/// by bisection.
///
/// Fisher scoring can fall into a cycle of two values on either side of the root, neither
/// within tolerance (seven studies of which two are very precise and disagree, one left out,
/// do so: the iterates alternate at 3.4702305 and 3.4702307 for ever). The sign of the score
/// `½(y′PPy − tr P)` tells on which side of the root each iterate lies, so the iterates keep
/// a bracket `[low, high]` around it; a step that leaves the bracket, or that is not at most
/// half the previous one, is replaced by the bracket's midpoint.
fn reml(y: &[f64], v: &[f64], start: f64, options: &MetaOptions) -> Result<(f64, usize), Error> {
    let mut tau2 = start;
    let (mut low, mut high) = (0.0f64, f64::INFINITY);
    let mut previous = f64::INFINITY;
    for iteration in 1..=options.max_iterations {
        let w = weighted(y, v, tau2);
        // y′PPy = Σ wᵢ²(yᵢ − μ̂)²; tr P = Σw − Σw²/Σw; tr PP = Σw² − 2Σw³/Σw + (Σw²/Σw)².
        let ypy = crate::stats::sum::sum(y.iter().zip(v).map(|(&yi, &vi)| {
            let wi = 1.0 / (vi + tau2);
            wi * wi * (yi - w.mean) * (yi - w.mean)
        }));
        let tr_p = w.s1 - w.s2 / w.s1;
        let ratio = w.s2 / w.s1;
        let tr_pp = w.s2 - 2.0 * w.s3 / w.s1 + ratio * ratio;
        let mut step = (ypy - tr_p) / tr_pp;
        if !(step.is_finite() && tr_pp > 0.0) {
            return Err(Error::Numerical {
                method: "REML".to_owned(),
                message: format!(
                    "Fisher scoring broke down at step {iteration} (τ² = {tau2}): the information is not positive"
                ),
            });
        }
        if step > 0.0 {
            low = low.max(tau2);
        } else {
            high = high.min(tau2);
        }
        // Step halving keeps τ² ≥ 0.
        let mut halvings = 0;
        while tau2 + step < 0.0 && halvings < 60 {
            step /= 2.0;
            halvings += 1;
        }
        if tau2 + step < 0.0 {
            step = -tau2;
        }
        let next = tau2 + step;
        let outside = next < low || next > high;
        if high.is_finite() && (outside || step.abs() > previous.abs() / 2.0) {
            step = low + (high - low) / 2.0 - tau2;
        }
        previous = step;
        tau2 += step;
        let scale = options.tolerance * tau2.max(1.0);
        if step.abs() <= scale || high - low <= scale {
            return Ok((tau2, iteration));
        }
    }
    Err(Error::Numerical {
        method: "REML".to_owned(),
        message: format!(
            "Fisher scoring did not converge in {} steps (tolerance {}, last τ² = {tau2}); try DerSimonian-Laird",
            options.max_iterations, options.tolerance
        ),
    })
}

impl fmt::Display for MetaAnalysis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = self.level * 100.0;
        write!(
            f,
            "meta-analysis of {} studies{} ({} scale), τ² by {}",
            self.studies.len(),
            self.quantity
                .as_deref()
                .map(|q| format!(" of {q}"))
                .unwrap_or_default(),
            self.scale,
            self.method
        )?;
        let effect = |f: &mut fmt::Formatter<'_>, name: &str, e: &PooledEffect| {
            write!(
                f,
                "\n  {name}: {:.4} [{:.4}, {:.4}] ({pct}% CI), SE {:.4}, p = {:.3e}",
                e.estimate, e.ci_low, e.ci_high, e.se, e.p_value
            )?;
            if self.scale == Scale::Log {
                write!(
                    f,
                    "; back-transformed {:.4} [{:.4}, {:.4}]",
                    self.back_transform(e.estimate),
                    self.back_transform(e.ci_low),
                    self.back_transform(e.ci_high)
                )?;
            }
            Ok(())
        };
        effect(f, "fixed effect", &self.fixed)?;
        effect(f, "random effects", &self.random)?;
        write!(
            f,
            "\n  prediction interval: [{:.4}, {:.4}]",
            self.prediction_low, self.prediction_high
        )?;
        let h = &self.heterogeneity;
        write!(f, "\n  heterogeneity: Q = {:.4} on {} df", h.q, h.df)?;
        if let Some(p) = h.q_p_value {
            write!(f, " (p = {p:.3e})")?;
        }
        write!(f, ", τ² = {:.4}", h.tau2)?;
        if let (Some(i2), Some(h2)) = (h.i2, h.h2) {
            write!(f, ", I² = {i2:.2}%, H² = {h2:.4}")?;
        }
        if let Some(id) = &self.most_influential
            && let Some(l) = self.leave_one_out.iter().find(|l| &l.left_out == id)
        {
            write!(
                f,
                "\n  most influential: {id} (without it {:.4}, a shift of {:+.4})",
                l.random.estimate, l.shift
            )?;
        }
        if !self.excluded.is_empty() {
            write!(f, "\n  excluded: ")?;
            for (i, e) in self.excluded.iter().enumerate() {
                if i > 0 {
                    f.write_str("; ")?;
                }
                write!(f, "{} ({})", e.claim, e.reason)?;
            }
        }
        Ok(())
    }
}
