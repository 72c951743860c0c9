//! Normal and log-normal distributions, and their fit to stated quantiles.
//!
//! A [`Distribution`] is a normal N(μ, σ²) or a log-normal whose logarithm is N(μ, σ²). Both
//! are a normal on their own *scale* (the values themselves, or their logarithms), which is
//! what pooling and meta-analysis work on.
//!
//! [`Distribution::fit`] reproduces stated quantiles P(X ≤ xⱼ) = pⱼ:
//!
//! - two quantiles: the exact solution, σ = (t₂ − t₁)/(z₂ − z₁), μ = t₁ − σ·z₁, where t is x
//!   on the family's scale and zⱼ = Φ⁻¹(pⱼ);
//! - three or more (low, best, high): least squares on the distribution function, minimising
//!   Σⱼ (F(xⱼ; μ, σ) − pⱼ)² as SHELF's `fitdist` does (J. Oakley, R package `SHELF`), by
//!   Levenberg–Marquardt on (μ, ln σ) started from the regression of t on z. Every step must
//!   lower the sum of squares, so the result is never worse than the start.

use std::fmt;

use crate::error::{Error, Location, Problem, Problems, ValueError};
use crate::stats::normal::{self, normal_cdf, normal_pdf, normal_sf};

/// The family of a [`Distribution`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Family {
    /// Normal: symmetric on the values themselves.
    Normal,
    /// Log-normal: normal on the logarithms; for positive quantities that differ by factors.
    LogNormal,
}

impl Family {
    /// A value on this family's scale: `x` itself, or `ln x` (−∞ for x ≤ 0).
    pub fn to_scale(self, x: f64) -> f64 {
        match self {
            Family::Normal => x,
            Family::LogNormal if x > 0.0 => x.ln(),
            Family::LogNormal => f64::NEG_INFINITY,
        }
    }

    /// Back from this family's scale: `t` itself, or `eᵗ`.
    pub fn from_scale(self, t: f64) -> f64 {
        match self {
            Family::Normal => t,
            Family::LogNormal => t.exp(),
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Family::Normal => "normal",
            Family::LogNormal => "log-normal",
        })
    }
}

/// A normal or log-normal distribution: N(μ, σ²) on the family's scale.
///
/// ```
/// use sourced::{Distribution, Family};
/// // A log-normal whose 5 % and 95 % quantiles are 3,000 and 10,000.
/// let d = Distribution::fit(Family::LogNormal, &[(3000.0, 0.05), (10_000.0, 0.95)])?;
/// assert!((d.quantile(0.05)? - 3000.0).abs() < 1e-8);
/// assert!((d.median() - (3000.0f64 * 10_000.0).sqrt()).abs() < 1e-8);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Distribution {
    family: Family,
    mu: f64,
    sigma: f64,
}

impl Distribution {
    /// N(mean, sd²), with a finite mean and a finite sd > 0.
    pub fn normal(mean: f64, sd: f64) -> Result<Self, ValueError> {
        Distribution::new(Family::Normal, mean, sd)
    }

    /// The log-normal whose logarithm is N(mu, sigma²), with finite mu and finite sigma > 0.
    pub fn log_normal(mu: f64, sigma: f64) -> Result<Self, ValueError> {
        Distribution::new(Family::LogNormal, mu, sigma)
    }

    /// A distribution of `family` with location `mu` and scale `sigma` on the family's scale.
    pub fn new(family: Family, mu: f64, sigma: f64) -> Result<Self, ValueError> {
        crate::value::Finite::new(mu)?;
        crate::value::Finite::new(sigma)?;
        if sigma <= 0.0 {
            return Err(ValueError::OutsideDomain {
                value: sigma,
                domain: "(0, ∞) (a standard deviation)".to_owned(),
            });
        }
        Ok(Distribution { family, mu, sigma })
    }

    /// The family.
    pub fn family(&self) -> Family {
        self.family
    }

    /// μ: the mean on the family's scale (the mean of ln X for a log-normal).
    pub fn mu(&self) -> f64 {
        self.mu
    }

    /// σ: the standard deviation on the family's scale.
    pub fn sigma(&self) -> f64 {
        self.sigma
    }

    /// The standardised value (t − μ)/σ of `x` (±∞ beyond the support).
    pub(crate) fn standardise(&self, x: f64) -> f64 {
        (self.family.to_scale(x) - self.mu) / self.sigma
    }

    /// P(X ≤ x).
    pub fn cdf(&self, x: f64) -> f64 {
        normal_cdf(self.standardise(x))
    }

    /// P(X > x), without cancellation in the upper tail.
    pub fn sf(&self, x: f64) -> f64 {
        normal_sf(self.standardise(x))
    }

    /// The density at `x`.
    pub fn pdf(&self, x: f64) -> f64 {
        let u = self.standardise(x);
        match self.family {
            Family::Normal => normal_pdf(u) / self.sigma,
            Family::LogNormal if x > 0.0 => normal_pdf(u) / (self.sigma * x),
            Family::LogNormal => 0.0,
        }
    }

    /// The quantile of `p`, strictly between 0 and 1.
    pub fn quantile(&self, p: f64) -> Result<f64, ValueError> {
        let z = normal::normal_quantile(p)?;
        let x = self.family.from_scale(self.mu + self.sigma * z);
        crate::value::Finite::new(x).map(|v| v.get())
    }

    /// The median: μ, or e^μ for a log-normal.
    pub fn median(&self) -> f64 {
        self.family.from_scale(self.mu)
    }

    /// The mean: μ, or e^{μ + σ²/2} for a log-normal; `None` when that overflows.
    pub fn mean(&self) -> Option<f64> {
        let m = match self.family {
            Family::Normal => self.mu,
            Family::LogNormal => (self.mu + self.sigma * self.sigma / 2.0).exp(),
        };
        m.is_finite().then_some(m)
    }

    /// Fits a distribution of `family` to stated quantiles `(x, p)`: P(X ≤ x) = p.
    ///
    /// Two quantiles are matched exactly: σ = (t₂ − t₁)/(z₂ − z₁), μ = t₁ − σ·z₁, where t is x
    /// on the family's scale and zⱼ = Φ⁻¹(pⱼ). Three or more (low, best, high) are fitted by
    /// least squares on the distribution function, minimising Σⱼ (F(xⱼ; μ, σ) − pⱼ)² as SHELF's
    /// `fitdist` does, by Levenberg–Marquardt on (μ, ln σ) from the regression of t on z; every
    /// step lowers the sum, so the fit is never worse than that start.
    ///
    /// Errors: fewer than two quantiles, a probability outside
    /// (0, 1), a value that is not finite (or not positive, for a log-normal), or quantiles
    /// whose values do not increase with their probabilities.
    pub fn fit(family: Family, quantiles: &[(f64, f64)]) -> Result<Self, Error> {
        fit(family, quantiles).map(|fitted| fitted.distribution)
    }
}

impl fmt::Display for Distribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(μ = {}, σ = {})", self.family, self.mu, self.sigma)
    }
}

/// A fitted distribution with its residual sum of squares on the probability scale.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fitted {
    pub(crate) distribution: Distribution,
    pub(crate) ssq: f64,
}

fn fit_error(message: String) -> Error {
    Error::Invalid(Problems(vec![Problem::new(
        Location::File,
        Some("quantiles"),
        message,
    )]))
}

/// A point of the fit: value on the family's scale and the normal quantile of its probability.
#[derive(Clone, Copy, Default)]
struct Point {
    t: f64,
    z: f64,
    p: f64,
}

pub(crate) fn fit(family: Family, quantiles: &[(f64, f64)]) -> Result<Fitted, Error> {
    if quantiles.len() < 2 {
        return Err(fit_error(format!(
            "a fit needs at least two quantiles, got {}",
            quantiles.len()
        )));
    }
    // A claim gives two or three quantiles: keep them on the stack.
    let mut small = [Point::default(); 4];
    let mut large = Vec::new();
    let points: &mut [Point] = match small.get_mut(..quantiles.len()) {
        Some(buffer) => buffer,
        None => {
            large.resize(quantiles.len(), Point::default());
            &mut large
        }
    };
    for (slot, &(x, p)) in points.iter_mut().zip(quantiles) {
        if !(p > 0.0 && p < 1.0) {
            return Err(fit_error(format!(
                "probability {p} of quantile {x} is not strictly between 0 and 1"
            )));
        }
        if !x.is_finite() || (family == Family::LogNormal && x <= 0.0) {
            return Err(fit_error(format!(
                "quantile {x} is not a finite{} value",
                if family == Family::LogNormal {
                    " positive"
                } else {
                    ""
                }
            )));
        }
        *slot = Point {
            t: family.to_scale(x),
            z: normal::quantile(p),
            p,
        };
    }
    points.sort_by(|a, b| a.p.total_cmp(&b.p));
    for pair in points.windows(2) {
        if let [a, b] = pair
            && !(a.p < b.p && a.t < b.t)
        {
            return Err(fit_error(format!(
                "quantiles must increase with their probabilities: {} at p = {} and {} at p = {}",
                family.from_scale(a.t),
                a.p,
                family.from_scale(b.t),
                b.p
            )));
        }
    }
    let (mu, sigma) = regression(points).ok_or_else(|| {
        fit_error("the quantiles do not determine a spread (overflow or no spread)".to_owned())
    })?;
    let start = Distribution::new(family, mu, sigma).map_err(|e| fit_error(e.to_string()))?;
    let start_ssq = ssq(points, mu, sigma);
    if points.len() == 2 {
        return Ok(Fitted {
            distribution: start,
            ssq: start_ssq,
        });
    }
    let (mu, sigma, ssq) = levenberg_marquardt(points, mu, sigma, start_ssq);
    let distribution = Distribution::new(family, mu, sigma).unwrap_or(start);
    Ok(Fitted { distribution, ssq })
}

/// Least-squares regression of t on z: exact for two points, the start for more.
fn regression(points: &[Point]) -> Option<(f64, f64)> {
    let n = points.len() as f64;
    let mean_z = crate::stats::sum::sum(points.iter().map(|p| p.z)) / n;
    let mean_t = crate::stats::sum::sum(points.iter().map(|p| p.t)) / n;
    let szz = crate::stats::sum::sum(points.iter().map(|p| (p.z - mean_z).powi(2)));
    let szt = crate::stats::sum::sum(points.iter().map(|p| (p.z - mean_z) * (p.t - mean_t)));
    let sigma = szt / szz;
    let mu = mean_t - sigma * mean_z;
    (sigma > 0.0 && sigma.is_finite() && mu.is_finite()).then_some((mu, sigma))
}

fn ssq(points: &[Point], mu: f64, sigma: f64) -> f64 {
    crate::stats::sum::sum(
        points
            .iter()
            .map(|p| (normal_cdf((p.t - mu) / sigma) - p.p).powi(2)),
    )
}

/// Minimises Σ (Φ((tⱼ − μ)/σ) − pⱼ)² over (μ, ln σ); only steps that lower it are taken.
fn levenberg_marquardt(points: &[Point], mu0: f64, sigma0: f64, ssq0: f64) -> (f64, f64, f64) {
    let (mut mu, mut log_sigma, mut best) = (mu0, sigma0.ln(), ssq0);
    let mut lambda = 1e-3;
    for _ in 0..500 {
        if best <= f64::MIN_POSITIVE {
            break;
        }
        let sigma = log_sigma.exp();
        // Normal equations JᵀJ δ = −Jᵀr with r = Φ(u) − p, ∂r/∂μ = −φ(u)/σ, ∂r/∂ln σ = −φ(u)·u.
        let (mut a11, mut a12, mut a22, mut g1, mut g2) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for p in points {
            let u = (p.t - mu) / sigma;
            let r = normal_cdf(u) - p.p;
            let j1 = -normal_pdf(u) / sigma;
            let j2 = -normal_pdf(u) * u;
            a11 += j1 * j1;
            a12 += j1 * j2;
            a22 += j2 * j2;
            g1 += j1 * r;
            g2 += j2 * r;
        }
        let mut improved = false;
        while lambda < 1e12 {
            let (d11, d22) = (a11 * (1.0 + lambda), a22 * (1.0 + lambda));
            let det = d11 * d22 - a12 * a12;
            if !(det.is_finite() && det > 0.0) {
                lambda *= 10.0;
                continue;
            }
            let step_mu = -(d22 * g1 - a12 * g2) / det;
            let step_ls = -(d11 * g2 - a12 * g1) / det;
            let (new_mu, new_ls) = (mu + step_mu, log_sigma + step_ls);
            let new_sigma = new_ls.exp();
            if new_mu.is_finite() && new_sigma.is_finite() && new_sigma > 0.0 {
                let value = ssq(points, new_mu, new_sigma);
                if value < best {
                    let converged = (best - value) <= best * 1e-15
                        || (step_mu.abs() <= 1e-15 * mu.abs().max(sigma) && step_ls.abs() <= 1e-15);
                    mu = new_mu;
                    log_sigma = new_ls;
                    best = value;
                    lambda = (lambda / 10.0).max(1e-12);
                    improved = !converged;
                    break;
                }
            }
            lambda *= 10.0;
        }
        if !improved {
            break;
        }
    }
    (mu, log_sigma.exp(), best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_quantiles_are_reproduced_exactly() {
        let d = Distribution::fit(Family::Normal, &[(10.0, 0.05), (20.0, 0.95)]).unwrap();
        assert!((d.quantile(0.05).unwrap() - 10.0).abs() < 1e-12);
        assert!((d.quantile(0.95).unwrap() - 20.0).abs() < 1e-12);
        assert!((d.mu() - 15.0).abs() < 1e-12);
    }

    #[test]
    fn consistent_three_quantiles_fit_with_zero_residual() {
        let truth = Distribution::log_normal(8.0, 0.4).unwrap();
        let q: Vec<(f64, f64)> = [0.05, 0.5, 0.95]
            .iter()
            .map(|&p| (truth.quantile(p).unwrap(), p))
            .collect();
        let fitted = fit(Family::LogNormal, &q).unwrap();
        assert!(fitted.ssq < 1e-25);
        assert!((fitted.distribution.mu() - 8.0).abs() < 1e-10);
        assert!((fitted.distribution.sigma() - 0.4).abs() < 1e-10);
    }

    #[test]
    fn skewed_best_value_is_fitted_by_least_squares_not_ignored() {
        // low 10, best 12, high 20 at 90 %: no normal matches all three exactly. The
        // least-squares fit lowers the residual below the regression start's.
        let q = [(10.0, 0.05), (12.0, 0.5), (20.0, 0.95)];
        let fitted = fit(Family::Normal, &q).unwrap();
        let pts: Vec<Point> = q
            .iter()
            .map(|&(x, p)| Point {
                t: x,
                z: normal::quantile(p),
                p,
            })
            .collect();
        let (mu0, s0) = regression(&pts).unwrap();
        assert!(fitted.ssq < ssq(&pts, mu0, s0));
        // The median lies between the best value and the interval's centre.
        assert!(fitted.distribution.median() > 12.0 && fitted.distribution.median() < 15.0);
    }

    #[test]
    fn many_quantiles_are_fitted_too() {
        let truth = Distribution::normal(3.0, 2.0).unwrap();
        let q: Vec<(f64, f64)> = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95]
            .iter()
            .map(|&p| (truth.quantile(p).unwrap(), p))
            .collect();
        let fitted = fit(Family::Normal, &q).unwrap();
        assert!((fitted.distribution.mu() - 3.0).abs() < 1e-10);
        assert!((fitted.distribution.sigma() - 2.0).abs() < 1e-10);
    }

    #[test]
    fn decreasing_quantiles_are_refused() {
        assert!(Distribution::fit(Family::Normal, &[(20.0, 0.05), (10.0, 0.95)]).is_err());
        assert!(Distribution::fit(Family::LogNormal, &[(0.0, 0.05), (10.0, 0.95)]).is_err());
        assert!(Distribution::fit(Family::Normal, &[(1.0, 0.0), (10.0, 0.95)]).is_err());
        assert!(Distribution::fit(Family::Normal, &[(1.0, 0.5)]).is_err());
    }
}
