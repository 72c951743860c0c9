//! The standard normal distribution: density, distribution function and quantile.
//!
//! - [`normal_cdf`] and [`normal_sf`] follow W. J. Cody, *Rational Chebyshev approximations
//!   for the error function*, Math. Comp. 23 (1969) 631–637, in the arrangement of R's
//!   `pnorm.c` (Cody's three ranges, with the exponential split as `exp(−xsq²/2)·exp(−del/2)`
//!   so that the far tails keep full relative precision down to about 1e−308).
//! - [`normal_quantile`] is M. J. Wichura, *Algorithm AS 241: The percentage points of the
//!   normal distribution*, Applied Statistics 37 (1988) 477–484 (`PPND16`, about 1e−16
//!   relative accuracy).
//!
//! Both are checked in `tests/stats_special.rs`: the quantile against `statrs` to 1e−12 for p
//! from 1e−300 to 1 − 1e−16, the distribution function at `statrs`' quantiles to 1e−12 and
//! against 30-digit values to 1e−13 (statrs' own Φ is good to about 1e−10).

use crate::error::ValueError;

/// 1/√(2π).
const FRAC_1_SQRT_2PI: f64 = 0.398_942_280_401_432_677_939_946_059_934;

/// The standard normal density φ(x) (NaN only for a NaN argument).
///
/// ```
/// let peak = sourced::normal_pdf(0.0);
/// assert!((peak - 0.398_942_280_401_432_7).abs() < 1e-16);
/// ```
pub fn normal_pdf(x: f64) -> f64 {
    FRAC_1_SQRT_2PI * (-0.5 * x * x).exp()
}

/// The standard normal distribution function Φ(x) = P(Z ≤ x) (NaN only for a NaN argument).
///
/// Accurate to full double precision, relative, in the lower tail: Φ(−37) ≈ 5.7e−300.
///
/// ```
/// assert!((sourced::normal_cdf(1.959_963_984_540_054) - 0.975).abs() < 1e-15);
/// assert!(sourced::normal_cdf(-37.0) > 0.0);
/// ```
pub fn normal_cdf(x: f64) -> f64 {
    cody(x).0
}

/// The standard normal survival function 1 − Φ(x) = P(Z > x), without cancellation for large x
/// (NaN only for a NaN argument).
///
/// ```
/// assert!((sourced::normal_sf(10.0) / 7.619_853_024_160_527e-24 - 1.0).abs() < 1e-13);
/// ```
pub fn normal_sf(x: f64) -> f64 {
    cody(x).1
}

/// The standard normal quantile Φ⁻¹(p) for `p` strictly between 0 and 1 (Wichura's AS 241).
///
/// An error for `p` outside (0, 1) or NaN: the quantiles of 0 and 1 are infinite.
///
/// ```
/// let z = sourced::normal_quantile(0.975)?;
/// assert!((z - 1.959_963_984_540_054).abs() < 1e-15);
/// assert!(sourced::normal_quantile(1.0).is_err());
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn normal_quantile(p: f64) -> Result<f64, ValueError> {
    if p > 0.0 && p < 1.0 {
        Ok(quantile(p))
    } else {
        Err(ValueError::Probability { value: p })
    }
}

/// Φ⁻¹(p): −∞ at 0, +∞ at 1, NaN outside [0, 1]; callers check the range.
#[allow(clippy::excessive_precision)] // the published coefficients, digit for digit
pub(crate) fn quantile(p: f64) -> f64 {
    // AS 241 (PPND16): numerator and denominator coefficients, constant term first.
    const A: [f64; 8] = [
        3.3871328727963666080e0,
        1.3314166789178437745e+2,
        1.9715909503065514427e+3,
        1.3731693765509461125e+4,
        4.5921953931549871457e+4,
        6.7265770927008700853e+4,
        3.3430575583588128105e+4,
        2.5090809287301226727e+3,
    ];
    const B: [f64; 8] = [
        1.0,
        4.2313330701600911252e+1,
        6.8718700749205790830e+2,
        5.3941960214247511077e+3,
        2.1213794301586595867e+4,
        3.9307895800092710610e+4,
        2.8729085735721942674e+4,
        5.2264952788528545610e+3,
    ];
    const C: [f64; 8] = [
        1.42343711074968357734e0,
        4.63033784615654529590e0,
        5.76949722146069140550e0,
        3.64784832476320460504e0,
        1.27045825245236838258e0,
        2.41780725177450611770e-1,
        2.27238449892691845833e-2,
        7.74545014278341407640e-4,
    ];
    const D: [f64; 8] = [
        1.0,
        2.05319162663775882187e0,
        1.67638483018380384940e0,
        6.89767334985100004550e-1,
        1.48103976427480074590e-1,
        1.51986665636164571966e-2,
        5.47593808499534494600e-4,
        1.05075007164441684324e-9,
    ];
    const E: [f64; 8] = [
        6.65790464350110377720e0,
        5.46378491116411436990e0,
        1.78482653991729133580e0,
        2.96560571828504891230e-1,
        2.65321895265761230930e-2,
        1.24266094738807843860e-3,
        2.71155556874348757815e-5,
        2.01033439929228813265e-7,
    ];
    const F: [f64; 8] = [
        1.0,
        5.99832206555887937690e-1,
        1.36929880922735805310e-1,
        1.48753612908506148525e-2,
        7.86869131145613259100e-4,
        1.84631831751005468180e-5,
        1.42151175831644588870e-7,
        2.04426310338993978564e-15,
    ];
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return q * horner(&A, r) / horner(&B, r);
    }
    // The tail: r = √(−ln min(p, 1 − p)); 1 − p is exact here because p > 0.925.
    let tail = if q < 0.0 { p } else { 1.0 - p };
    let r = (-tail.ln()).sqrt();
    let value = if r <= 5.0 {
        horner(&C, r - 1.6) / horner(&D, r - 1.6)
    } else {
        horner(&E, r - 5.0) / horner(&F, r - 5.0)
    };
    if q < 0.0 { -value } else { value }
}

/// c₀ + c₁x + … + c₇x⁷.
fn horner(c: &[f64; 8], x: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &ci| acc * x + ci)
}

/// (Φ(x), 1 − Φ(x)) by Cody's algorithm, both with full relative precision.
#[allow(clippy::excessive_precision)] // the published coefficients, digit for digit
fn cody(x: f64) -> (f64, f64) {
    const A: [f64; 5] = [
        2.2352520354606839287,
        161.02823106855587881,
        1067.6894854603709582,
        18154.981253343561249,
        0.065682337918207449113,
    ];
    const B: [f64; 4] = [
        47.20258190468824187,
        976.09855173777669322,
        10260.932208618978205,
        45507.789335026729956,
    ];
    const C: [f64; 9] = [
        0.39894151208813466764,
        8.8831497943883759412,
        93.506656132177855979,
        597.27027639480026226,
        2494.5375852903726711,
        6848.1904505362823326,
        11602.651437647350124,
        9842.7148383839780218,
        1.0765576773720192317e-8,
    ];
    const D: [f64; 8] = [
        22.266688044328115691,
        235.38790178262499861,
        1519.377599407554805,
        6485.558298266760755,
        18615.571640885098091,
        34900.952721145977266,
        38912.003286093271411,
        19685.429676859990727,
    ];
    const P: [f64; 6] = [
        0.21589853405795699,
        0.1274011611602473639,
        0.022235277870649807,
        0.001421619193227893466,
        2.9112874951168792e-5,
        0.02307344176494017303,
    ];
    const Q: [f64; 5] = [
        1.28426009614491121,
        0.468238212480865118,
        0.0659881378689285515,
        0.00378239633202758244,
        7.29751555083966205e-5,
    ];
    if x.is_nan() {
        return (f64::NAN, f64::NAN);
    }
    let y = x.abs();
    if y <= 0.674_489_75 {
        // Near the centre: Φ(x) = 1/2 + x·R(x²).
        let xsq = if y > f64::EPSILON * 0.5 { x * x } else { 0.0 };
        let mut num = A[4] * xsq;
        let mut den = xsq;
        for (a, b) in A.iter().zip(B.iter()).take(3) {
            num = (num + a) * xsq;
            den = (den + b) * xsq;
        }
        let t = x * (num + A[3]) / (den + B[3]);
        return (0.5 + t, 0.5 - t);
    }
    // The smaller tail, P(Z > |x|), as exp(−x²/2)·R(|x|).
    let tail = if y <= 32f64.sqrt() {
        let mut num = C[8] * y;
        let mut den = y;
        for (c, d) in C.iter().zip(D.iter()).take(7) {
            num = (num + c) * y;
            den = (den + d) * y;
        }
        gaussian_factor(y) * ((num + C[7]) / (den + D[7]))
    } else if y < 40.0 {
        let xsq = 1.0 / (x * x);
        let mut num = P[5] * xsq;
        let mut den = xsq;
        for (p, q) in P.iter().zip(Q.iter()).take(4) {
            num = (num + p) * xsq;
            den = (den + q) * xsq;
        }
        let r = xsq * (num + P[4]) / (den + Q[4]);
        gaussian_factor(y) * ((FRAC_1_SQRT_2PI - r) / y)
    } else {
        0.0
    };
    if x > 0.0 {
        (1.0 - tail, tail)
    } else {
        (tail, 1.0 - tail)
    }
}

/// exp(−y²/2), computed as exp(−s²/2)·exp(−(y − s)(y + s)/2) with s = y rounded down to
/// 1/16, so that the large exponent is exact and the tail keeps its relative precision.
fn gaussian_factor(y: f64) -> f64 {
    let s = (y * 16.0).trunc() / 16.0;
    let del = (y - s) * (y + s);
    (-s * s * 0.5).exp() * (-del * 0.5).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_inverts_the_distribution_function() {
        for &p in &[1e-300, 1e-20, 1e-5, 0.01, 0.3, 0.5, 0.7, 0.99, 1.0 - 1e-10] {
            let x = quantile(p);
            let back = normal_cdf(x);
            assert!(((back - p) / p).abs() < 1e-13, "p {p}: Φ(Φ⁻¹(p)) = {back}");
        }
    }

    #[test]
    fn symmetric_and_total() {
        for &x in &[0.1, 0.7, 1.5, 4.0, 6.0, 9.0] {
            assert!((normal_cdf(-x) - normal_sf(x)).abs() <= f64::EPSILON * normal_sf(x));
            assert!((normal_cdf(x) + normal_sf(x) - 1.0).abs() < 1e-15);
        }
        assert_eq!(normal_cdf(f64::NEG_INFINITY), 0.0);
        assert_eq!(normal_cdf(f64::INFINITY), 1.0);
        assert!(normal_cdf(f64::NAN).is_nan());
    }
}
