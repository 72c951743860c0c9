//! From a claim to a distribution: the conventions, documented on [`ConvertOptions`].

use std::fmt;

use crate::claim::{Claim, ClaimKind};
use crate::error::{Error, Location, Problem, Problems};
use crate::stats::distribution::{self, Distribution, Family};

/// The scale statistics work on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Scale {
    /// Log when the quantity is non-negative and every two-sided claim's low end is above 0;
    /// linear otherwise. The default.
    #[default]
    Auto,
    /// The values themselves (normal distributions).
    Linear,
    /// Their logarithms (log-normal distributions); claims with a low end ≤ 0 are then errors.
    Log,
}

impl Scale {
    /// The distribution family of this scale (`Auto` counts as linear).
    pub fn family(self) -> Family {
        match self {
            Scale::Log => Family::LogNormal,
            Scale::Auto | Scale::Linear => Family::Normal,
        }
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Scale::Auto => "auto",
            Scale::Linear => "linear",
            Scale::Log => "log",
        })
    }
}

/// What to do with a point claim `[X, X]`.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum PointClaims {
    /// Leave it out, with the reason in the result. The default.
    #[default]
    Exclude,
    /// Read it as the interval X·(1 ∓ relative) at the unstated level.
    Spread {
        /// The relative half-width, e.g. 0.1 for ±10 %.
        relative: f64,
    },
}

/// How claims become distributions: the conventions, with their defaults.
///
/// A claim's interval says where the value lies; pooling and meta-analysis need a
/// distribution. Each claim is read as one of three things:
///
/// | claim | read as | why |
/// |---|---|---|
/// | bounded interval `[L, H]` with a stated level ℓ (a 95 % CI) | a distribution with L and H as its (1 − ℓ)/2 and (1 + ℓ)/2 quantiles | the stated meaning of a confidence interval |
/// | … and a best value b with L < b < H | b as the median too: three quantiles for two parameters, fitted by least squares on the CDF (SHELF `fitdist`) | a best value is the source's central figure |
/// | bounded interval without a level ("about 600,000", "between 10 and 12 thousand", "nearly three", "dozens") | as above with ℓ = [`ConvertOptions::unstated_level`], 0.90 by default | a hedge's tolerance is a plausible range, not a certainty; 90 % is the usual elicitation convention (5 %–95 %, SHELF, Cooke) |
/// | one side unbounded, or without a level at the quantity's domain limit ("more than 3,000" = (3000, ∞); "as many as 10,000" = [0, 10000] for a count) | a **bound**: truncates the pool, no distribution | one-sided claims say where the value is not, not where it is |
/// | documented count ([`ClaimKind::DocumentedCount`]) | a lower bound at its low end | documented counts are floors (DESIGN.md) |
/// | point claim `[X, X]` | excluded (the default), or X·(1 ∓ r) at ℓ = `unstated_level` with [`PointClaims::Spread`] | a bare number states no uncertainty; inventing one is an opt-in |
/// | whole domain, denial, projection | excluded, with the reason | no information about the present value |
///
/// **Family.** With [`Scale::Auto`] a claim is log-normal when the quantity's domain is
/// non-negative and the interval's low end is above 0 (counts that differ by factors are
/// compared on a log scale), normal otherwise. Pooling and meta-analysis choose one scale for
/// all the claims of a quantity: log when every two-sided claim allows it.
///
/// The claim's confidence does not widen or narrow its distribution: it weights the claim in a
/// pool (see [`pool_claims`](crate::pool_claims)).
///
/// ```
/// use sourced::{ConvertOptions, PointClaims, Scale};
/// let options = ConvertOptions::default().with_scale(Scale::Log).with_unstated_level(0.8);
/// assert_eq!(options.point_claims, PointClaims::Exclude);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ConvertOptions {
    /// The scale (default [`Scale::Auto`]).
    pub scale: Scale,
    /// The level given to a bounded interval stated without one (default 0.90).
    pub unstated_level: f64,
    /// Point claims (default [`PointClaims::Exclude`]).
    pub point_claims: PointClaims,
}

impl Default for ConvertOptions {
    fn default() -> Self {
        ConvertOptions {
            scale: Scale::Auto,
            unstated_level: 0.90,
            point_claims: PointClaims::Exclude,
        }
    }
}

impl ConvertOptions {
    /// With a scale.
    pub fn with_scale(mut self, scale: Scale) -> Self {
        self.scale = scale;
        self
    }

    /// With the level of intervals stated without one.
    pub fn with_unstated_level(mut self, level: f64) -> Self {
        self.unstated_level = level;
        self
    }

    /// With a rule for point claims.
    pub fn with_point_claims(mut self, rule: PointClaims) -> Self {
        self.point_claims = rule;
        self
    }

    pub(crate) fn check(&self) -> Result<(), Error> {
        let level = self.unstated_level;
        if !(level > 0.0 && level < 1.0) {
            return Err(option_error(
                "unstated_level",
                format!("level {level} must lie strictly between 0 and 1"),
            ));
        }
        if let PointClaims::Spread { relative } = self.point_claims
            && !(relative > 0.0 && relative.is_finite())
        {
            return Err(option_error(
                "point_claims",
                format!("relative spread {relative} must be finite and above 0"),
            ));
        }
        Ok(())
    }
}

pub(crate) fn option_error(field: &str, message: String) -> Error {
    Error::Invalid(Problems(vec![Problem::new(
        Location::File,
        Some(field),
        message,
    )]))
}

pub(crate) fn claim_error(claim: &Claim, field: &str, message: String) -> Error {
    Error::Invalid(Problems(vec![Problem::new(
        Location::Claim(claim.id().to_owned()),
        Some(field),
        message,
    )]))
}

/// A claim that does not take part, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Excluded {
    /// The claim id.
    pub claim: String,
    /// Why it was left out.
    pub reason: String,
}

/// A claim read as a one-sided (or two-sided) bound: the value lies above `lower` and below
/// `upper`.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Bounds {
    /// The lower bound, if any.
    pub lower: Option<f64>,
    /// The upper bound, if any.
    pub upper: Option<f64>,
}

/// A two-sided interval with the level it is read at.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Stated {
    /// The low end.
    pub low: f64,
    /// The high end.
    pub high: f64,
    /// The best value, when it lies strictly inside.
    pub best: Option<f64>,
    /// The level the interval is read at.
    pub level: f64,
    /// Whether the level was stated (otherwise the unstated-level convention applied).
    pub level_stated: bool,
}

impl Stated {
    /// The quantiles `(x, p)` a distribution must reproduce: low, best (if any) and high.
    pub fn quantiles(&self) -> Vec<(f64, f64)> {
        let (q, n) = self.quantile_array();
        q.into_iter().take(n).collect()
    }

    /// The quantiles without allocating: the array and how many of it are used.
    pub(crate) fn quantile_array(&self) -> ([(f64, f64); 3], usize) {
        let tail = (1.0 - self.level) / 2.0;
        let (low, high) = ((self.low, tail), (self.high, 1.0 - tail));
        match self.best {
            Some(best) => ([low, (best, 0.5), high], 3),
            None => ([low, high, high], 2),
        }
    }
}

/// How a claim reads, before a scale is chosen.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Reading {
    Stated(Stated),
    Bound(Bounds),
    Excluded(String),
}

/// Reads a claim by the table on [`ConvertOptions`].
pub(crate) fn read(claim: &Claim, options: &ConvertOptions) -> Reading {
    match claim.kind() {
        ClaimKind::Denial => {
            return Reading::Excluded("a denial states no estimate of the value".to_owned());
        }
        ClaimKind::Projection => {
            return Reading::Excluded("a projection is not a statement about the value".to_owned());
        }
        ClaimKind::DocumentedCount => {
            return match claim.interval().low_value() {
                Some(low) => Reading::Bound(Bounds {
                    lower: Some(low),
                    upper: None,
                }),
                None => Reading::Excluded("a documented count without a low end".to_owned()),
            };
        }
        _ => {}
    }
    let interval = claim.interval();
    let estimate = claim.estimate();
    let domain = claim.quantity().domain().interval();
    let (low, high) = (interval.low_value(), interval.high_value());
    if let (Some(l), Some(h)) = (low, high)
        && l == h
    {
        return match options.point_claims {
            PointClaims::Exclude => Reading::Excluded(
                "a point claim states no uncertainty (see PointClaims::Spread)".to_owned(),
            ),
            PointClaims::Spread { .. } if l == 0.0 => {
                Reading::Excluded("a point claim of 0 has no relative spread".to_owned())
            }
            PointClaims::Spread { relative } => {
                let half = l.abs() * relative;
                Reading::Stated(Stated {
                    low: l - half,
                    high: l + half,
                    best: Some(l),
                    level: options.unstated_level,
                    level_stated: false,
                })
            }
        };
    }
    let level = estimate.level();
    // Without a stated level, an end at the domain's limit was not estimated: it is the
    // domain's, and the claim is a bound on the other side.
    let open_low = low.is_none() || (level.is_none() && low == domain.low_value());
    let open_high = high.is_none() || (level.is_none() && high == domain.high_value());
    match (low, high, open_low, open_high) {
        (_, _, true, true) => Reading::Excluded("the interval is the whole domain".to_owned()),
        (_, high, true, false) => Reading::Bound(Bounds {
            lower: None,
            upper: high,
        }),
        (low, _, false, true) => Reading::Bound(Bounds {
            lower: low,
            upper: None,
        }),
        (Some(low), Some(high), false, false) => Reading::Stated(Stated {
            low,
            high,
            best: estimate.best().filter(|&b| b > low && b < high),
            level: level.unwrap_or(options.unstated_level),
            level_stated: level.is_some(),
        }),
        // An end is missing yet not open: cannot happen; excluded rather than guessed.
        _ => Reading::Excluded("the interval has no finite ends".to_owned()),
    }
}

/// The scale for a set of readings: the requested one, or for `Auto` log when the domain is
/// non-negative and every two-sided claim's low end is above 0.
pub(crate) fn resolve_scale<'a>(
    requested: Scale,
    non_negative: bool,
    stated: impl IntoIterator<Item = &'a Stated>,
) -> Scale {
    match requested {
        Scale::Auto => {
            let mut any = false;
            let mut positive = true;
            for s in stated {
                any = true;
                positive &= s.low > 0.0;
            }
            if non_negative && any && positive {
                Scale::Log
            } else {
                Scale::Linear
            }
        }
        other => other,
    }
}

/// A claim's distribution: the fitted distribution and what it was fitted to.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ClaimDistribution {
    /// The claim id.
    pub claim: String,
    /// The fitted distribution.
    pub distribution: Distribution,
    /// The interval, best value and level it was fitted to.
    pub stated: Stated,
    /// The residual Σ (F(xⱼ) − pⱼ)² of the fit (0 for two quantiles).
    pub residual: f64,
}

/// A claim as the statistics read it.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Conversion {
    /// A two-sided claim, as a fitted distribution.
    Distribution(ClaimDistribution),
    /// A one-sided claim, as bounds.
    Bound(Bounds),
    /// Left out, with the reason.
    Excluded(String),
}

/// Reads one claim as a distribution, a bound or an exclusion, by the conventions in the
/// table on [`ConvertOptions`]. With [`Scale::Auto`] the family is chosen for this claim alone.
///
/// ```
/// use std::sync::Arc;
/// use sourced::{claim_distribution, Claim, Conversion, ConvertOptions, Estimate, Family,
///    Interval, Quantity, Source};
///
/// let q = Arc::new(Quantity::new("casualties", "people")?);
/// let s = Arc::new(Source::new("pentagon", "Pentagon")?);
/// // "about 600,000", read by the lexicon as [550000, 650000]: a 90 % interval.
/// let about = Claim::new("p-1", q.clone(), s.clone(),
///    Estimate::new(Interval::closed(550_000.0, 650_000.0)?).with_best(600_000.0)?)?;
/// let Conversion::Distribution(d) = claim_distribution(&about, &ConvertOptions::default())? else {
///    panic!("a bounded interval gives a distribution");
/// };
/// assert_eq!(d.distribution.family(), Family::LogNormal);
/// assert!((d.distribution.median() - 600_000.0).abs() < 5_000.0);
///
/// // "more than 3,000" is a bound, not a distribution.
/// let more = Claim::new("w-1", q, s, Estimate::new(Interval::greater_than(3000.0)?))?;
/// assert!(matches!(claim_distribution(&more, &ConvertOptions::default())?, Conversion::Bound(_)));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn claim_distribution(claim: &Claim, options: &ConvertOptions) -> Result<Conversion, Error> {
    options.check()?;
    Ok(match read(claim, options) {
        Reading::Stated(stated) => {
            let non_negative = claim.quantity().domain().is_non_negative();
            let scale = resolve_scale(options.scale, non_negative, [&stated]);
            Conversion::Distribution(fit_claim(claim, stated, scale.family())?)
        }
        Reading::Bound(b) => Conversion::Bound(b),
        Reading::Excluded(reason) => Conversion::Excluded(reason),
    })
}

/// Fits `family` to a claim's stated quantiles; errors name the claim.
pub(crate) fn fit_claim(
    claim: &Claim,
    stated: Stated,
    family: Family,
) -> Result<ClaimDistribution, Error> {
    if family == Family::LogNormal && stated.low <= 0.0 {
        return Err(claim_error(
            claim,
            "estimate",
            format!(
                "a log-normal needs a low end above 0, got {} (use the linear scale)",
                stated.low
            ),
        ));
    }
    let (quantiles, n) = stated.quantile_array();
    let fitted =
        distribution::fit(family, quantiles.get(..n).unwrap_or(&quantiles)).map_err(|e| {
            let message = match &e {
                Error::Invalid(problems) => problems
                    .iter()
                    .map(|p| p.message.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
                other => other.to_string(),
            };
            claim_error(claim, "estimate", message)
        })?;
    Ok(ClaimDistribution {
        claim: claim.id().to_owned(),
        distribution: fitted.distribution,
        stated,
        residual: fitted.ssq,
    })
}
