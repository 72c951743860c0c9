//! Opinion pools: one distribution from the distributions of several claims (documented on
//! [`pool_claims`]).

use std::collections::HashMap;
use std::fmt;

use crate::claim::Claim;
use crate::error::{Error, Location, Problem, Problems};
use crate::stats::convert::{
    self, ClaimDistribution, ConvertOptions, Excluded, Reading, Scale, Stated,
};
use crate::stats::distribution::{Distribution, Family};
use crate::stats::normal::{normal_cdf, normal_pdf, normal_sf};
use crate::stats::sum::Sum;

/// How distributions are combined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum PoolMethod {
    /// The weighted mixture Σ wᵢ Fᵢ. The default.
    #[default]
    Linear,
    /// The normalised weighted geometric mean Π fᵢ^{wᵢ}.
    Logarithmic,
}

impl fmt::Display for PoolMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PoolMethod::Linear => "linear pool",
            PoolMethod::Logarithmic => "logarithmic pool",
        })
    }
}

/// Options of [`pool_claims`].
///
/// ```
/// use sourced::{PoolMethod, PoolOptions, Scale};
/// let options = PoolOptions::default().with_method(PoolMethod::Logarithmic).with_scale(Scale::Log);
/// assert_eq!(options.convert.scale, Scale::Log);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PoolOptions {
    /// Linear (default) or logarithmic.
    pub method: PoolMethod,
    /// How claims become distributions.
    pub convert: ConvertOptions,
}

impl PoolOptions {
    /// With a method.
    pub fn with_method(mut self, method: PoolMethod) -> Self {
        self.method = method;
        self
    }

    /// With a scale.
    pub fn with_scale(mut self, scale: Scale) -> Self {
        self.convert.scale = scale;
        self
    }

    /// With conversion conventions.
    pub fn with_convert(mut self, convert: ConvertOptions) -> Self {
        self.convert = convert;
        self
    }
}

/// One claim's part in a pool.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PoolComponent {
    /// The claim, its fitted distribution and what it was fitted to.
    pub fit: ClaimDistribution,
    /// The independence group it counts in.
    pub group: String,
    /// Confidence midpoint × source weight.
    pub raw_weight: f64,
    /// Its normalised weight in the pool (the weights sum to 1).
    pub weight: f64,
}

/// One end of the truncation, and what set it.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PoolBound {
    /// The value.
    pub value: f64,
    /// The claim that set it, or `None` for the quantity's domain.
    pub claim: Option<String>,
}

/// A quantile of the pool.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PoolQuantile {
    /// The probability.
    pub p: f64,
    /// The value.
    pub value: f64,
}

/// A pooled distribution of the claims about one quantity.
///
/// ```
/// use std::sync::Arc;
/// use sourced::{pool_claims, Claim, Estimate, Interval, PoolOptions, Quantity, Source};
///
/// let q = Arc::new(Quantity::new("troops", "troops")?);
/// let claim = |id: &str, low: f64, high: f64| -> Result<Claim, sourced::Error> {
///     let s = Arc::new(Source::new(id, id)?);
///     Claim::new(id, q.clone(), s, Estimate::new(Interval::closed(low, high)?))
/// };
/// let (a, b) = (claim("a", 2000.0, 4000.0)?, claim("b", 8000.0, 12_000.0)?);
/// let more = Claim::new("c", q.clone(), Arc::new(Source::new("c", "c")?),
///     Estimate::new(Interval::greater_than(3000.0)?))?;
/// let pool = pool_claims(&[&a, &b, &more], &PoolOptions::default())?;
/// assert_eq!(pool.lower.as_ref().and_then(|b| b.claim.as_deref()), Some("c"));
/// let median = pool.quantile(0.5)?;
/// assert!(median > 3000.0 && median < 12_000.0);
/// println!("{pool}");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Pool {
    /// The quantity pooled.
    pub quantity: String,
    /// Linear or logarithmic.
    pub method: PoolMethod,
    /// The scale of the components (never `Auto`).
    pub scale: Scale,
    /// The claims with distributions, with their weights, in input order.
    pub components: Vec<PoolComponent>,
    /// The logarithmic pool's distribution before truncation (`None` for a linear pool).
    pub combined: Option<Distribution>,
    /// The lower truncation, if any.
    pub lower: Option<PoolBound>,
    /// The upper truncation, if any.
    pub upper: Option<PoolBound>,
    /// The untruncated pool's probability inside the bounds.
    pub mass_within_bounds: f64,
    /// Claims left out, with the reason, in input order.
    pub excluded: Vec<Excluded>,
    /// The mean (`None` when it overflows f64).
    pub mean: Option<f64>,
    /// The median.
    pub median: f64,
    /// The 5 %, 25 %, 50 %, 75 % and 95 % quantiles.
    pub quantiles: Vec<PoolQuantile>,
}

/// Pools the distributions of claims about one quantity.
///
/// - **Linear pool** F(x) = Σᵢ wᵢ Fᵢ(x) (Stone 1961; SHELF `plinearpool`/`qlinearpool`): a
///   mixture that keeps every source's view, so disagreement shows as spread or several modes.
/// - **Logarithmic pool** f(x) ∝ Πᵢ fᵢ(x)^{wᵢ} (Genest & Zidek 1986): a consensus, with no
///   more variance (on its scale) than the linear pool. For normals on one scale it has a
///   closed form: with precisions λᵢ = 1/σᵢ², Πᵢ exp(−wᵢλᵢ(t − μᵢ)²/2) is again normal with
///   precision λ = Σᵢ wᵢλᵢ and mean
///   μ = Σᵢ wᵢλᵢμᵢ / λ. For log-normals the same holds for ln X: each density is
///   gᵢ(ln x)/x, and Πᵢ (gᵢ(ln x)/x)^{wᵢ} = Πᵢ gᵢ(ln x)^{wᵢ} / x when Σwᵢ = 1.
///
/// **Weights.** A claim's raw weight is its confidence midpoint (1 when it has none) times its
/// source's weight. Claims of one independence group (the source's group; a restatement joins
/// the group of the claim it restates) count once: the group's claims share it, each getting
/// its raw weight divided by the number of the group's claims in the pool, so a group weighs
/// the mean of its claims' raw weights. Weights are then normalised to sum to 1.
///
/// **Bounds.** One-sided claims ("more than 3,000") and the quantity's domain truncate the pool
/// to [max lower bound, min upper bound]; the result says which claim set each end.
///
/// Quantiles are found by safeguarded Newton–bisection on the (truncated) pool's distribution
/// function, on the pool's scale, to a few units in the last place.
///
/// Claims are read by the conventions of [`claim_distribution`](crate::claim_distribution);
/// bounds truncate the pool; the others are listed in [`Pool::excluded`]. Errors: no claims,
/// claims about different quantities, no claim with a distribution, bounds that contradict
/// each other or leave no probability, all weights zero, and invalid options.
pub fn pool_claims(claims: &[&Claim], options: &PoolOptions) -> Result<Pool, Error> {
    options.convert.check()?;
    let first = claims
        .first()
        .ok_or_else(|| convert::option_error("claims", "there are no claims to pool".to_owned()))?;
    let quantity = first.quantity();
    check_same_quantity(claims)?;

    // Read every claim; collect bounds, exclusions and two-sided claims.
    let mut stated: Vec<(&Claim, Stated)> = Vec::new();
    let mut excluded = Vec::new();
    let domain = quantity.domain().interval();
    let mut lower = domain
        .low_value()
        .map(|value| PoolBound { value, claim: None });
    let mut upper = domain
        .high_value()
        .map(|value| PoolBound { value, claim: None });
    for &claim in claims {
        match convert::read(claim, &options.convert) {
            Reading::Stated(s) => stated.push((claim, s)),
            Reading::Bound(b) => {
                // Equal bounds go to the smallest claim id, so the result does not depend
                // on the input order.
                if let Some(v) = b.lower
                    && lower.as_ref().is_none_or(|l| {
                        v > l.value || (v == l.value && l.claim.as_deref() > Some(claim.id()))
                    })
                {
                    lower = Some(PoolBound {
                        value: v,
                        claim: Some(claim.id().to_owned()),
                    });
                }
                if let Some(v) = b.upper
                    && upper.as_ref().is_none_or(|u| {
                        v < u.value || (v == u.value && u.claim.as_deref() > Some(claim.id()))
                    })
                {
                    upper = Some(PoolBound {
                        value: v,
                        claim: Some(claim.id().to_owned()),
                    });
                }
            }
            Reading::Excluded(reason) => excluded.push(Excluded {
                claim: claim.id().to_owned(),
                reason,
            }),
        }
    }
    if let (Some(l), Some(u)) = (&lower, &upper)
        && l.value >= u.value
    {
        return Err(bound_conflict(l, u));
    }
    if stated.is_empty() {
        return Err(Error::Invalid(Problems(
            claims
                .iter()
                .map(|c| {
                    Problem::new(
                        Location::Claim(c.id().to_owned()),
                        Some("estimate"),
                        "no claim states a two-sided interval, so there is no distribution to pool",
                    )
                })
                .collect(),
        )));
    }

    let scale = convert::resolve_scale(
        options.convert.scale,
        quantity.domain().is_non_negative(),
        stated.iter().map(|(_, s)| s),
    );
    let family = scale.family();
    let mut components = Vec::with_capacity(stated.len());
    let groups = independence_groups(claims);
    let mut group_sizes: HashMap<&str, usize> = HashMap::new();
    for (claim, _) in &stated {
        *group_sizes.entry(group_of(&groups, claim)).or_default() += 1;
    }
    let mut total = Sum::default();
    for (claim, s) in &stated {
        let fit = convert::fit_claim(claim, *s, family)?;
        let raw_weight = claim.confidence().map_or(1.0, |c| c.midpoint()) * claim.source().weight();
        let group = group_of(&groups, claim);
        let shared = raw_weight / group_sizes.get(group).copied().unwrap_or(1) as f64;
        total.add(shared);
        components.push(PoolComponent {
            fit,
            group: group.to_owned(),
            raw_weight,
            weight: shared,
        });
    }
    let total = total.value();
    if !(total > 0.0 && total.is_finite()) {
        return Err(Error::Invalid(Problems(
            components
                .iter()
                .map(|c| {
                    Problem::new(
                        Location::Claim(c.fit.claim.clone()),
                        Some("confidence"),
                        "every claim in the pool has weight 0 (confidence × source weight)",
                    )
                })
                .collect(),
        )));
    }
    for c in &mut components {
        c.weight /= total;
    }

    let combined = match options.method {
        PoolMethod::Linear => None,
        PoolMethod::Logarithmic => Some(log_pool(&components, family)?),
    };
    let mut pool = Pool {
        quantity: quantity.id().to_owned(),
        method: options.method,
        scale,
        components,
        combined,
        lower,
        upper,
        mass_within_bounds: 0.0,
        excluded,
        mean: None,
        median: 0.0,
        quantiles: Vec::new(),
    };
    let mass = pool.mass(pool.low_t(), pool.high_t());
    if !(mass > 0.0 && mass.is_finite()) {
        return Err(no_mass(&pool));
    }
    pool.mass_within_bounds = mass.min(1.0);
    pool.mean = pool.truncated_mean();
    let mut quantiles = Vec::with_capacity(5);
    for p in [0.05, 0.25, 0.5, 0.75, 0.95] {
        quantiles.push(PoolQuantile {
            p,
            value: pool.quantile(p)?,
        });
    }
    pool.median = quantiles.get(2).map_or(f64::NAN, |q| q.value);
    pool.quantiles = quantiles;
    Ok(pool)
}

pub(crate) fn check_same_quantity(claims: &[&Claim]) -> Result<(), Error> {
    if let Some(first) = claims.first()
        && let Some(other) = claims
            .iter()
            .find(|c| c.quantity().id() != first.quantity().id())
    {
        return Err(Error::MixedQuantities {
            first: first.quantity().id().to_owned(),
            first_claim: first.id().to_owned(),
            other: other.quantity().id().to_owned(),
            other_claim: other.id().to_owned(),
        });
    }
    Ok(())
}

/// Claim id → independence group: the source's group, or for a restatement of a claim in the
/// input, that claim's group.
fn independence_groups<'a>(claims: &[&'a Claim]) -> HashMap<&'a str, &'a str> {
    let own: HashMap<&str, &str> = claims
        .iter()
        .map(|c| (c.id(), c.source().group()))
        .collect();
    claims
        .iter()
        .map(|c| {
            let group = c
                .restates()
                .and_then(|original| own.get(original).copied())
                .unwrap_or(c.source().group());
            (c.id(), group)
        })
        .collect()
}

fn group_of<'a>(groups: &HashMap<&'a str, &'a str>, claim: &'a Claim) -> &'a str {
    groups
        .get(claim.id())
        .copied()
        .unwrap_or(claim.source().group())
}

/// The logarithmic pool of normals on one scale (derived on [`pool_claims`]).
fn log_pool(components: &[PoolComponent], family: Family) -> Result<Distribution, Error> {
    let mut precision = Sum::default();
    let mut weighted = Sum::default();
    for c in components {
        let d = &c.fit.distribution;
        let lambda = c.weight / (d.sigma() * d.sigma());
        precision.add(lambda);
        weighted.add(lambda * d.mu());
    }
    let precision = precision.value();
    let mu = weighted.value() / precision;
    Distribution::new(family, mu, (1.0 / precision).sqrt()).map_err(|e| Error::Numerical {
        method: "logarithmic pool".to_owned(),
        message: e.to_string(),
    })
}

fn bound_conflict(l: &PoolBound, u: &PoolBound) -> Error {
    let name = |b: &PoolBound| b.claim.clone().unwrap_or_else(|| "the domain".to_owned());
    let problems = [l, u]
        .iter()
        .filter_map(|b| b.claim.clone())
        .map(|id| {
            Problem::new(
                Location::Claim(id),
                Some("estimate"),
                format!(
                    "the bounds contradict each other: at least {} (set by {}) but at most {} (set by {})",
                    l.value,
                    name(l),
                    u.value,
                    name(u)
                ),
            )
        })
        .collect();
    Error::Invalid(Problems(problems))
}

fn no_mass(pool: &Pool) -> Error {
    let ids: Vec<String> = [&pool.lower, &pool.upper]
        .into_iter()
        .flatten()
        .filter_map(|b| b.claim.clone())
        .collect();
    let message = format!(
        "the bounds [{}, {}] leave no probability in the pooled distribution",
        pool.lower.as_ref().map_or(f64::NEG_INFINITY, |b| b.value),
        pool.upper.as_ref().map_or(f64::INFINITY, |b| b.value)
    );
    let problems = if ids.is_empty() {
        vec![Problem::new(Location::File, None, message)]
    } else {
        ids.into_iter()
            .map(|id| Problem::new(Location::Claim(id), Some("estimate"), message.clone()))
            .collect()
    };
    Error::Invalid(Problems(problems))
}

/// P(a < Z ≤ b) for a ≤ b, from the tail that does not cancel.
fn normal_mass(a: f64, b: f64) -> f64 {
    if a >= 0.0 {
        (normal_sf(a) - normal_sf(b)).max(0.0)
    } else {
        (normal_cdf(b) - normal_cdf(a)).max(0.0)
    }
}

impl Pool {
    /// The family of the components.
    fn family(&self) -> Family {
        self.scale.family()
    }

    /// The weighted normal components on the pool's scale: (weight, μ, σ).
    fn parts(&self) -> impl Iterator<Item = (f64, f64, f64)> + '_ {
        let combined = self.combined.iter().map(|d| (1.0, d.mu(), d.sigma()));
        let mixture = self
            .components
            .iter()
            .filter(|_| self.combined.is_none())
            .map(|c| {
                (
                    c.weight,
                    c.fit.distribution.mu(),
                    c.fit.distribution.sigma(),
                )
            });
        combined.chain(mixture)
    }

    fn low_t(&self) -> f64 {
        self.lower
            .as_ref()
            .map_or(f64::NEG_INFINITY, |b| self.family().to_scale(b.value))
    }

    fn high_t(&self) -> f64 {
        self.upper
            .as_ref()
            .map_or(f64::INFINITY, |b| self.family().to_scale(b.value))
    }

    /// The untruncated pool's probability of (a, b] on its scale.
    fn mass(&self, a: f64, b: f64) -> f64 {
        if a >= b {
            return 0.0;
        }
        let mut s = Sum::default();
        for (w, mu, sigma) in self.parts() {
            s.add(w * normal_mass((a - mu) / sigma, (b - mu) / sigma));
        }
        s.value()
    }

    /// The untruncated pool's mass on (a, t] minus `target`, and its density at t, on its scale.
    fn excess_and_density(&self, a: f64, t: f64, target: f64) -> (f64, f64) {
        let mut mass = Sum::default();
        let mut density = Sum::default();
        for (w, mu, sigma) in self.parts() {
            let u = (t - mu) / sigma;
            mass.add(w * normal_mass((a - mu) / sigma, u));
            density.add(w * normal_pdf(u) / sigma);
        }
        (mass.value() - target, density.value())
    }

    /// P(X ≤ x) under the truncated pool (0 for NaN).
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use sourced::{pool_claims, Claim, Estimate, Interval, PoolOptions, Quantity, Source};
    /// # let q = Arc::new(Quantity::new("q", "")?);
    /// # let s = Arc::new(Source::new("s", "s")?);
    /// # let c = Claim::new("c", q, s, Estimate::new(Interval::closed(10.0, 20.0)?))?;
    /// let pool = pool_claims(&[&c], &PoolOptions::default())?;
    /// assert!((pool.cdf(20.0) - 0.95).abs() < 1e-12);
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return 0.0;
        }
        let t = self.family().to_scale(x).min(self.high_t());
        (self.mass(self.low_t(), t) / self.mass_within_bounds).clamp(0.0, 1.0)
    }

    /// The central interval holding `level` of the pool: its (1 − level)/2 and (1 + level)/2
    /// quantiles.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use sourced::{pool_claims, Claim, Estimate, Interval, PoolOptions, Quantity, Source};
    /// # let q = Arc::new(Quantity::new("q", "")?);
    /// # let s = Arc::new(Source::new("s", "s")?);
    /// # let c = Claim::new("c", q, s, Estimate::new(Interval::closed(10.0, 20.0)?))?;
    /// let pool = pool_claims(&[&c], &PoolOptions::default())?;
    /// let (low, high) = pool.interval(0.9)?;
    /// assert!((low - 10.0).abs() < 1e-9 && (high - 20.0).abs() < 1e-9);
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn interval(&self, level: f64) -> Result<(f64, f64), Error> {
        if !(level > 0.0 && level < 1.0) {
            return Err(convert::option_error(
                "level",
                format!("level {level} must lie strictly between 0 and 1"),
            ));
        }
        let tail = (1.0 - level) / 2.0;
        Ok((self.quantile(tail)?, self.quantile(1.0 - tail)?))
    }

    /// The quantile of `p` in [0, 1]; the quantiles of 0 and 1 are the bounds, an error when a
    /// side is unbounded.
    pub fn quantile(&self, p: f64) -> Result<f64, Error> {
        if !(0.0..=1.0).contains(&p) {
            return Err(convert::option_error(
                "p",
                format!("probability {p} is outside [0, 1]"),
            ));
        }
        let (lo_t, hi_t) = (self.low_t(), self.high_t());
        let family = self.family();
        let finite = |t: f64, side: &str| {
            let x = family.from_scale(t);
            if x.is_finite() {
                Ok(x)
            } else {
                Err(convert::option_error(
                    "p",
                    format!("the quantile of {p} is the {side} end of an unbounded pool"),
                ))
            }
        };
        // The ends are the bounds as stated, not round-tripped through the scale.
        let (lower, upper) = (
            self.lower.as_ref().map(|b| b.value),
            self.upper.as_ref().map(|b| b.value),
        );
        if p == 0.0 {
            return lower.map_or_else(|| finite(lo_t, "lower"), Ok);
        }
        if p == 1.0 {
            return upper.map_or_else(|| finite(hi_t, "upper"), Ok);
        }
        let target = p * self.mass_within_bounds;
        let excess = |t: f64| self.mass(lo_t, t) - target;
        // Bracket: the component quantiles of the untruncated target bracket the mixture's.
        let g = (self.mass(f64::NEG_INFINITY, lo_t) + target).clamp(1e-300, 1.0 - 1e-16);
        let z = crate::stats::normal::quantile(g);
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for (_, mu, sigma) in self.parts() {
            let t = mu + sigma * z;
            lo = lo.min(t);
            hi = hi.max(t);
        }
        lo = lo.max(lo_t);
        hi = hi.min(hi_t);
        let mut step = 1.0;
        while excess(lo) > 0.0 && lo > lo_t && step < 1e300 {
            lo = (lo - step * lo.abs().max(1.0)).max(lo_t);
            step *= 2.0;
        }
        step = 1.0;
        while excess(hi) < 0.0 && hi < hi_t && step < 1e300 {
            hi = (hi + step * hi.abs().max(1.0)).min(hi_t);
            step *= 2.0;
        }
        if !(lo.is_finite() && hi.is_finite() && lo <= hi) {
            return Err(Error::Numerical {
                method: "pool quantile".to_owned(),
                message: format!("no finite bracket for the quantile of {p}"),
            });
        }
        // Safeguarded Newton (Press et al., Numerical Recipes, `rtsafe`): a Newton step when it
        // stays inside the bracket and at least halves the step before, bisection otherwise,
        // until the step is a few units in the last place or the bracket cannot shrink.
        let mut t = lo / 2.0 + hi / 2.0;
        let mut last_step = hi - lo;
        for _ in 0..2200 {
            let (f, density) = self.excess_and_density(lo_t, t, target);
            if f == 0.0 {
                break;
            }
            if f < 0.0 {
                lo = t;
            } else {
                hi = t;
            }
            let newton = t - f / density;
            let use_newton = density > 0.0
                && newton > lo
                && newton < hi
                && 2.0 * (f / density).abs() <= last_step.abs();
            let next = if use_newton {
                newton
            } else {
                lo / 2.0 + hi / 2.0
            };
            if next <= lo || next >= hi {
                break;
            }
            last_step = next - t;
            t = next;
            if last_step.abs() <= 2.0 * f64::EPSILON * t.abs() {
                break;
            }
        }
        let x = finite(t, "computed")?;
        Ok(x.clamp(
            lower.unwrap_or(f64::NEG_INFINITY),
            upper.unwrap_or(f64::INFINITY),
        ))
    }

    /// The mean of the truncated pool: Σ wᵢ ∫ x fᵢ over the bounds / mass.
    fn truncated_mean(&self) -> Option<f64> {
        let (a, b) = (self.low_t(), self.high_t());
        let mut s = Sum::default();
        for (w, mu, sigma) in self.parts() {
            let (ua, ub) = ((a - mu) / sigma, (b - mu) / sigma);
            let partial = match self.family() {
                // ∫ x φ((x−μ)/σ)/σ dx over (a, b] = μ·mass + σ(φ(ua) − φ(ub)).
                Family::Normal => {
                    mu * normal_mass(ua, ub) + sigma * (normal_pdf(ua) - normal_pdf(ub))
                }
                // ∫ eᵗ over the same range = e^{μ+σ²/2}·mass(ua − σ, ub − σ).
                Family::LogNormal => {
                    (mu + sigma * sigma / 2.0).exp() * normal_mass(ua - sigma, ub - sigma)
                }
            };
            s.add(w * partial);
        }
        let mean = s.value() / self.mass_within_bounds;
        mean.is_finite().then_some(mean)
    }
}

impl fmt::Display for Pool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = |p: f64| {
            self.quantiles
                .iter()
                .find(|q| q.p == p)
                .map_or(f64::NAN, |q| q.value)
        };
        write!(
            f,
            "{} of {} claim(s) about {} ({} scale): median {:.6}, 90% interval [{:.6}, {:.6}]",
            self.method,
            self.components.len(),
            self.quantity,
            self.scale,
            self.median,
            q(0.05),
            q(0.95)
        )?;
        if let Some(mean) = self.mean {
            write!(f, ", mean {mean:.6}")?;
        }
        for (side, bound) in [("at least", &self.lower), ("at most", &self.upper)] {
            if let Some(PoolBound {
                value,
                claim: Some(id),
            }) = bound
            {
                write!(f, "; {side} {value} (bound set by {id})")?;
            }
        }
        if !self.excluded.is_empty() {
            write!(f, "; {} claim(s) excluded", self.excluded.len())?;
        }
        Ok(())
    }
}
