//! Claims as distributions and opinion pools: conventions, worked cases and invariants.
//!
//! References: SHELF `fitdist` (least squares on the CDF) and `plinearpool`/`qlinearpool`
//! (J. Oakley, R package SHELF 1.13); the logarithmic pool of normals (Genest & Zidek 1986).

use std::sync::Arc;

use proptest::prelude::*;
use sourced::{
    Claim, ClaimKind, Confidence, Conversion, ConvertOptions, Distribution, Domain, Error,
    Estimate, Family, Interval, PointClaims, Pool, PoolMethod, PoolOptions, Quantity, Scale,
    Source, claim_distribution, pool_claims,
};
use statrs::distribution::{ContinuousCDF, Normal};

fn troops() -> Arc<Quantity> {
    Arc::new(Quantity::new("nk-troops-in-russia", "troops").unwrap())
}

fn source(id: &str) -> Arc<Source> {
    Arc::new(Source::new(id, id).unwrap())
}

fn interval_claim(id: &str, q: &Arc<Quantity>, low: f64, high: f64) -> Claim {
    Claim::new(
        id,
        q.clone(),
        source(id),
        Estimate::new(Interval::closed(low, high).unwrap()),
    )
    .unwrap()
}

fn distribution_of(claim: &Claim) -> Distribution {
    match claim_distribution(claim, &ConvertOptions::default()).unwrap() {
        Conversion::Distribution(d) => d.distribution,
        other => panic!("expected a distribution, got {other:?}"),
    }
}

#[test]
fn an_interval_without_a_level_is_read_as_90_percent_log_normal_for_counts() {
    let d = distribution_of(&interval_claim("a", &troops(), 3000.0, 10_000.0));
    assert_eq!(d.family(), Family::LogNormal);
    assert!((d.quantile(0.05).unwrap() / 3000.0 - 1.0).abs() < 1e-12);
    assert!((d.quantile(0.95).unwrap() / 10_000.0 - 1.0).abs() < 1e-12);
}

#[test]
fn a_stated_level_is_used_and_a_real_quantity_is_normal() {
    let q = Arc::new(
        Quantity::new("change", "%")
            .unwrap()
            .with_domain(Domain::Real),
    );
    let e = Estimate::new(Interval::closed(-2.0, 6.0).unwrap())
        .with_level(0.95)
        .unwrap();
    let d = distribution_of(&Claim::new("c", q, source("s"), e).unwrap());
    assert_eq!(d.family(), Family::Normal);
    assert!((d.mu() - 2.0).abs() < 1e-12);
    // σ = half-width / z_0.975
    assert!((d.sigma() - 4.0 / 1.959963984540054).abs() < 1e-12);
}

#[test]
fn shelf_fitdist_normal_example_is_reproduced() {
    // SHELF `fitdist(vals = c(30, 50, 70), probs = c(0.25, 0.5, 0.75))`: normal mean 50,
    // sd = 20/Φ⁻¹(0.75) = 29.6520 (consistent quantiles: the least-squares residual is 0).
    let d = Distribution::fit(Family::Normal, &[(30.0, 0.25), (50.0, 0.5), (70.0, 0.75)]).unwrap();
    assert!((d.mu() - 50.0).abs() < 1e-9);
    assert!((d.sigma() - 29.6520).abs() < 1e-4);
}

#[test]
fn a_best_value_pulls_the_fit_by_least_squares_on_the_cdf() {
    // low 4,000, best 5,000, high 12,000 at 90 %: three quantiles, two parameters.
    let e = Estimate::new(Interval::closed(4000.0, 12_000.0).unwrap())
        .with_best(5000.0)
        .unwrap();
    let claim = Claim::new("b", troops(), source("s"), e).unwrap();
    let Conversion::Distribution(fit) =
        claim_distribution(&claim, &ConvertOptions::default()).unwrap()
    else {
        panic!("a distribution")
    };
    let quantiles = fit.stated.quantiles();
    let expected = [(4000.0, 0.05), (5000.0, 0.5), (12_000.0, 0.95)];
    assert_eq!(quantiles.len(), 3);
    for ((x, p), (ex, ep)) in quantiles.iter().zip(expected) {
        assert!(*x == ex && (p - ep).abs() < 1e-15);
    }
    assert!(!fit.stated.level_stated);
    let d = fit.distribution;
    // Brute force: no (μ, σ) on a fine grid around the fit has a smaller Σ (F(x) − p)².
    let ssq = |mu: f64, sigma: f64| -> f64 {
        let n = Normal::new(mu, sigma).unwrap();
        [(4000f64, 0.05), (5000.0, 0.5), (12_000.0, 0.95)]
            .iter()
            .map(|&(x, p)| (n.cdf(x.ln()) - p).powi(2))
            .sum()
    };
    let best = ssq(d.mu(), d.sigma());
    assert!((best - fit.residual).abs() < 1e-9);
    for i in -20..=20 {
        for j in -20..=20 {
            let (mu, sigma) = (
                d.mu() + i as f64 * 1e-3,
                d.sigma() * (1.0 + j as f64 * 1e-3),
            );
            assert!(
                ssq(mu, sigma) >= best - 1e-12,
                "({mu}, {sigma}) beats the fit"
            );
        }
    }
    assert!(d.median() > 5000.0 && d.median() < (4000.0f64 * 12_000.0).sqrt());
}

#[test]
fn one_sided_claims_are_bounds_and_points_are_excluded() {
    let q = troops();
    let more = Claim::new(
        "wh",
        q.clone(),
        source("wh"),
        Estimate::new(Interval::greater_than(3000.0).unwrap()),
    )
    .unwrap();
    let up_to = Claim::new(
        "nis",
        q.clone(),
        source("nis"),
        Estimate::new(Interval::at_most(10_000.0).unwrap()),
    )
    .unwrap();
    let point = Claim::new(
        "p",
        q.clone(),
        source("p"),
        Estimate::point(5000.0).unwrap(),
    )
    .unwrap();
    let options = ConvertOptions::default();
    assert!(matches!(claim_distribution(&more, &options).unwrap(),
        Conversion::Bound(b) if b.lower == Some(3000.0) && b.upper.is_none()));
    // "as many as 10,000" is [0, 10000] for a count: the 0 is the domain's, so it is a bound.
    assert!(matches!(claim_distribution(&up_to, &options).unwrap(),
        Conversion::Bound(b) if b.upper == Some(10_000.0) && b.lower.is_none()));
    assert!(matches!(
        claim_distribution(&point, &options).unwrap(),
        Conversion::Excluded(_)
    ));
    let spread = options
        .with_point_claims(PointClaims::Spread { relative: 0.1 })
        .with_scale(Scale::Linear);
    let Conversion::Distribution(d) = claim_distribution(&point, &spread).unwrap() else {
        panic!()
    };
    assert!((d.distribution.quantile(0.05).unwrap() - 4500.0).abs() < 1e-6);
    let documented = interval_claim("d", &q, 4000.0, 4000.0).with_kind(ClaimKind::DocumentedCount);
    assert!(matches!(claim_distribution(&documented, &options).unwrap(),
        Conversion::Bound(b) if b.lower == Some(4000.0)));
}

#[test]
fn the_seed_article_troop_claims_pool_between_the_bounds() {
    // "more than 3,000" (White House) and "as many as 10,000" (NIS) bound the pool; two
    // estimates give it its shape.
    let q = troops();
    let more = Claim::new(
        "wh",
        q.clone(),
        source("wh"),
        Estimate::new(Interval::greater_than(3000.0).unwrap()),
    )
    .unwrap();
    let up_to = Claim::new(
        "nis",
        q.clone(),
        source("nis"),
        Estimate::new(Interval::at_most(10_000.0).unwrap()),
    )
    .unwrap();
    let a = interval_claim("a", &q, 2000.0, 6000.0);
    let b = interval_claim("b", &q, 5000.0, 15_000.0);
    let pool = pool_claims(&[&more, &a, &up_to, &b], &PoolOptions::default()).unwrap();
    println!("{pool}");
    assert_eq!(pool.scale, Scale::Log);
    assert_eq!(pool.lower.as_ref().unwrap().claim.as_deref(), Some("wh"));
    assert_eq!(pool.upper.as_ref().unwrap().claim.as_deref(), Some("nis"));
    assert_eq!(pool.quantile(0.0).unwrap(), 3000.0);
    assert!((pool.quantile(1.0).unwrap() - 10_000.0).abs() < 1e-9);
    assert_eq!(pool.cdf(3000.0), 0.0);
    assert_eq!(pool.cdf(10_000.0), 1.0);
    for qv in &pool.quantiles {
        assert!(qv.value > 3000.0 && qv.value < 10_000.0);
    }
    let mean = pool.mean.unwrap();
    assert!(mean > 3000.0 && mean < 10_000.0);
    assert!(pool.mass_within_bounds > 0.0 && pool.mass_within_bounds < 1.0);
    assert!(pool.to_string().contains("at least 3000 (bound set by wh)"));
}

/// The truncated linear pool by brute force with statrs components.
fn brute_force_cdf(pool: &Pool, x: f64) -> f64 {
    let t = |x: f64| if pool.scale == Scale::Log { x.ln() } else { x };
    let low = pool
        .lower
        .as_ref()
        .map_or(f64::NEG_INFINITY, |b| t(b.value));
    let high = pool.upper.as_ref().map_or(f64::INFINITY, |b| t(b.value));
    let f = |t: f64| -> f64 {
        pool.components
            .iter()
            .map(|c| {
                c.weight
                    * Normal::new(c.fit.distribution.mu(), c.fit.distribution.sigma())
                        .unwrap()
                        .cdf(t)
            })
            .sum()
    };
    ((f(t(x).min(high)) - f(low)) / (f(high) - f(low))).clamp(0.0, 1.0)
}

#[test]
fn linear_pool_quantiles_invert_the_brute_force_mixture() {
    let q = troops();
    let claims = [
        interval_claim("a", &q, 1000.0, 3000.0),
        interval_claim("b", &q, 2500.0, 8000.0),
        interval_claim("c", &q, 9000.0, 20_000.0),
    ];
    let refs: Vec<&Claim> = claims.iter().collect();
    let pool = pool_claims(&refs, &PoolOptions::default()).unwrap();
    for i in 1..100 {
        let p = i as f64 / 100.0;
        let x = pool.quantile(p).unwrap();
        assert!((brute_force_cdf(&pool, x) - p).abs() < 1e-9, "p = {p}");
        assert!((pool.cdf(x) - p).abs() < 1e-12, "p = {p}");
    }
}

#[test]
fn independence_groups_share_one_weight_and_confidence_scales_it() {
    let q = troops();
    let us = |id: &str| {
        Arc::new(
            Source::new(id, id)
                .unwrap()
                .with_group("us-government")
                .unwrap(),
        )
    };
    let wh = Claim::new(
        "wh",
        q.clone(),
        us("wh"),
        Estimate::new(Interval::closed(3000.0, 5000.0).unwrap()),
    )
    .unwrap();
    let pentagon = Claim::new(
        "pentagon",
        q.clone(),
        us("pentagon"),
        Estimate::new(Interval::closed(4000.0, 6000.0).unwrap()),
    )
    .unwrap();
    let nis = Claim::new(
        "nis",
        q.clone(),
        source("nis"),
        Estimate::new(Interval::closed(8000.0, 12_000.0).unwrap()),
    )
    .unwrap()
    .with_confidence(Confidence::probability(0.5).unwrap());
    let pool = pool_claims(&[&wh, &pentagon, &nis], &PoolOptions::default()).unwrap();
    let w = |id: &str| {
        pool.components
            .iter()
            .find(|c| c.fit.claim == id)
            .unwrap()
            .weight
    };
    // US group: raw weights 1 and 1 shared → 0.5 each; NIS: 0.5. Normalised by 1.5.
    assert!((w("wh") - 1.0 / 3.0).abs() < 1e-12);
    assert!((w("pentagon") - 1.0 / 3.0).abs() < 1e-12);
    assert!((w("nis") - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!(pool.components[0].group, "us-government");
    // A restatement counts in the group of the claim it restates.
    let relay = interval_claim("relay", &q, 8000.0, 12_000.0).restating("nis");
    let pool = pool_claims(&[&nis, &relay], &PoolOptions::default()).unwrap();
    assert!(pool.components.iter().all(|c| c.group == "nis"));
}

#[test]
fn logarithmic_pool_of_log_normals_is_the_precision_weighted_log_normal() {
    let q = troops();
    let a = interval_claim("a", &q, 1000.0, 4000.0);
    let b = interval_claim("b", &q, 3000.0, 6000.0);
    let pool = pool_claims(
        &[&a, &b],
        &PoolOptions::default().with_method(PoolMethod::Logarithmic),
    )
    .unwrap();
    let (da, db) = (distribution_of(&a), distribution_of(&b));
    let (la, lb) = (0.5 / da.sigma().powi(2), 0.5 / db.sigma().powi(2));
    let combined = pool.combined.unwrap();
    assert_eq!(combined.family(), Family::LogNormal);
    assert!((combined.mu() - (la * da.mu() + lb * db.mu()) / (la + lb)).abs() < 1e-12);
    assert!((combined.sigma() - (1.0 / (la + lb)).sqrt()).abs() < 1e-12);
    // Brute force: normalise Π fᵢ^{wᵢ} on a fine grid of ln x from 100 to 100,000 (dx = x dt)
    // and find its median.
    let (n, lo, hi) = (200_000, 100f64.ln(), 100_000f64.ln());
    let dt = (hi - lo) / n as f64;
    let x_at = |i: usize| (lo + (i as f64 + 0.5) * dt).exp();
    let density: Vec<f64> = (0..n)
        .map(|i| {
            let x = x_at(i);
            da.pdf(x).powf(0.5) * db.pdf(x).powf(0.5) * x
        })
        .collect();
    let total: f64 = density.iter().sum();
    let mut acc = 0.0;
    let median = density
        .iter()
        .position(|d| {
            acc += d;
            acc >= total / 2.0
        })
        .map(x_at)
        .unwrap();
    assert!(
        (pool.median - median).abs() < 2.0 * dt * median,
        "{} vs {median}",
        pool.median
    );
    // With weights summing to 1 the precision is a weighted mean of the claims' precisions:
    // the consensus is as wide as something between the two claims (ratios 4 and 2), and
    // narrower than the linear pool, which keeps the disagreement.
    let width = pool.quantiles[4].value / pool.quantiles[0].value;
    assert!(width > 2.0 && width < 4.0, "{width}");
    let linear = pool_claims(&[&a, &b], &PoolOptions::default()).unwrap();
    assert!(width < linear.quantiles[4].value / linear.quantiles[0].value);
}

#[test]
fn contradictory_bounds_are_an_error_naming_both_claims() {
    let q = troops();
    let more = Claim::new(
        "more",
        q.clone(),
        source("a"),
        Estimate::new(Interval::greater_than(20_000.0).unwrap()),
    )
    .unwrap();
    let less = Claim::new(
        "less",
        q.clone(),
        source("b"),
        Estimate::new(Interval::at_most(10_000.0).unwrap()),
    )
    .unwrap();
    let a = interval_claim("a", &q, 1000.0, 4000.0);
    let err = pool_claims(&[&a, &more, &less], &PoolOptions::default()).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("\"more\"") && text.contains("\"less\""),
        "{text}"
    );
}

#[test]
fn pools_without_distributions_or_claims_are_errors() {
    let q = troops();
    let more = Claim::new(
        "more",
        q.clone(),
        source("a"),
        Estimate::new(Interval::greater_than(3000.0).unwrap()),
    )
    .unwrap();
    assert!(
        pool_claims(&[&more], &PoolOptions::default())
            .unwrap_err()
            .to_string()
            .contains("\"more\"")
    );
    assert!(pool_claims(&[], &PoolOptions::default()).is_err());
    let other = Arc::new(Quantity::new("other", "").unwrap());
    let (a, b) = (
        interval_claim("a", &q, 1.0, 2.0),
        interval_claim("b", &other, 1.0, 2.0),
    );
    assert!(matches!(
        pool_claims(&[&a, &b], &PoolOptions::default()),
        Err(Error::MixedQuantities { .. })
    ));
    let zero = Claim::new(
        "z",
        q.clone(),
        Arc::new(Source::new("z", "z").unwrap().with_weight(0.0).unwrap()),
        Estimate::new(Interval::closed(1.0, 2.0).unwrap()),
    )
    .unwrap();
    assert!(pool_claims(&[&zero], &PoolOptions::default()).is_err());
    // Bounds that leave no mass: a pool far below a lower bound.
    let low = interval_claim("low", &q, 1.0, 2.0);
    let far = Claim::new(
        "far",
        q.clone(),
        source("f"),
        Estimate::new(Interval::greater_than(1e300).unwrap()),
    )
    .unwrap();
    assert!(pool_claims(&[&low, &far], &PoolOptions::default()).is_err());
    let bad =
        PoolOptions::default().with_convert(ConvertOptions::default().with_unstated_level(1.5));
    assert!(pool_claims(&[&low], &bad).is_err());
    let pool = pool_claims(&[&low], &PoolOptions::default()).unwrap();
    assert!(
        pool.quantile(1.0).is_err(),
        "an unbounded side has no 100 % quantile"
    );
    assert!(pool.quantile(f64::NAN).is_err());
}

#[test]
fn a_linear_scale_pool_of_counts_is_truncated_at_zero_by_the_domain() {
    let q = troops();
    let wide = interval_claim("w", &q, 0.0, 100.0).clone();
    let e = Estimate::new(Interval::closed(0.0, 100.0).unwrap())
        .with_level(0.9)
        .unwrap();
    let stated = Claim::new("s", q.clone(), source("s"), e).unwrap();
    let pool = pool_claims(&[&stated], &PoolOptions::default()).unwrap();
    assert_eq!(
        pool.scale,
        Scale::Linear,
        "a low end of 0 rules out the log scale"
    );
    assert_eq!(pool.lower.as_ref().unwrap().claim, None);
    assert_eq!(pool.quantile(0.0).unwrap(), 0.0);
    // Without a level, [0, 100] for a count is "at most 100".
    assert!(matches!(
        claim_distribution(&wide, &ConvertOptions::default()).unwrap(),
        Conversion::Bound(_)
    ));
}

fn claim_strategy() -> impl Strategy<Value = Vec<(f64, f64, f64, u8)>> {
    // (low, width factor, confidence, group)
    prop::collection::vec((1.0f64..1e6, 1.01f64..100.0, 0.05f64..1.0, 0u8..4), 1..8)
}

fn build(specs: &[(f64, f64, f64, u8)]) -> Vec<Claim> {
    let q = troops();
    specs
        .iter()
        .enumerate()
        .map(|(i, &(low, factor, confidence, group))| {
            let s = Arc::new(
                Source::new(format!("s{i}"), "s")
                    .unwrap()
                    .with_group(format!("g{group}"))
                    .unwrap(),
            );
            Claim::new(
                format!("c{i}"),
                q.clone(),
                s,
                Estimate::new(Interval::closed(low, low * factor).unwrap()),
            )
            .unwrap()
            .with_confidence(Confidence::probability(confidence).unwrap())
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_log_normal_fitted_to_an_interval_at_90_percent_returns_its_ends(low in 1e-3f64..1e9, factor in 1.0001f64..1e4) {
        let high = low * factor;
        let d = Distribution::fit(Family::LogNormal, &[(low, 0.05), (high, 0.95)]).unwrap();
        prop_assert!((d.quantile(0.05).unwrap() - low).abs() <= 1e-9 * low);
        prop_assert!((d.quantile(0.95).unwrap() - high).abs() <= 1e-9 * high);
        // The same through a claim without a level (the 90 % convention).
        let claim = interval_claim("c", &troops(), low, high);
        let c = distribution_of(&claim);
        prop_assert!((c.quantile(0.05).unwrap() - low).abs() <= 1e-9 * low);
        prop_assert!((c.quantile(0.95).unwrap() - high).abs() <= 1e-9 * high);
    }

    #[test]
    fn pooling_does_not_depend_on_claim_order(specs in claim_strategy(), rotate in 0usize..8) {
        let claims = build(&specs);
        let forward: Vec<&Claim> = claims.iter().collect();
        let mut other: Vec<&Claim> = claims.iter().rev().collect();
        let n = other.len();
        other.rotate_left(rotate % n);
        for method in [PoolMethod::Linear, PoolMethod::Logarithmic] {
            let options = PoolOptions::default().with_method(method);
            let a = pool_claims(&forward, &options).unwrap();
            let b = pool_claims(&other, &options).unwrap();
            for (x, y) in a.quantiles.iter().zip(&b.quantiles) {
                prop_assert!((x.value - y.value).abs() <= 1e-9 * x.value.abs(), "{} vs {}", x.value, y.value);
            }
            match (a.mean, b.mean) {
                (Some(x), Some(y)) => prop_assert!((x - y).abs() <= 1e-9 * x.abs()),
                (x, y) => prop_assert_eq!(x, y),
            }
        }
    }

    #[test]
    fn linear_pool_quantiles_increase_with_p(specs in claim_strategy()) {
        let claims = build(&specs);
        let refs: Vec<&Claim> = claims.iter().collect();
        let pool = pool_claims(&refs, &PoolOptions::default()).unwrap();
        let mut previous = 0.0;
        for i in 1..50 {
            let x = pool.quantile(i as f64 / 50.0).unwrap();
            prop_assert!(x.is_finite() && x >= previous, "{x} after {previous}");
            prop_assert!((pool.cdf(x) - i as f64 / 50.0).abs() < 1e-10);
            prop_assert!((brute_force_cdf(&pool, x) - i as f64 / 50.0).abs() < 1e-9);
            previous = x;
        }
        let w: f64 = pool.components.iter().map(|c| c.weight).sum();
        prop_assert!((w - 1.0).abs() < 1e-12);
    }

    #[test]
    fn pools_of_any_intervals_give_finite_results_or_errors(
        specs in prop::collection::vec((-1e300f64..1e300, 0.0f64..1e300, any::<bool>()), 1..6)
    ) {
        let q = Arc::new(Quantity::new("x", "").unwrap().with_domain(Domain::Real));
        let claims: Vec<Claim> = specs
            .iter()
            .enumerate()
            .filter_map(|(i, &(low, width, level))| {
                let high = (low + width).min(f64::MAX);
                let mut e = Estimate::new(Interval::closed(low, high).ok()?);
                if level {
                    e = e.with_level(0.95).ok()?;
                }
                Claim::new(format!("c{i}"), q.clone(), source(&format!("s{i}")), e).ok()
            })
            .collect();
        prop_assume!(!claims.is_empty());
        let refs: Vec<&Claim> = claims.iter().collect();
        for method in [PoolMethod::Linear, PoolMethod::Logarithmic] {
            if let Ok(pool) = pool_claims(&refs, &PoolOptions::default().with_method(method)) {
                prop_assert!(pool.median.is_finite());
                prop_assert!(pool.quantiles.iter().all(|q| q.value.is_finite()));
                prop_assert!(pool.mean.is_none_or(f64::is_finite));
                prop_assert!(pool.components.iter().all(|c| c.weight.is_finite()));
            }
        }
    }
}

#[test]
fn identical_claims_pool_to_the_claims_own_distribution() {
    let q = troops();
    let claims: Vec<Claim> = (0..5)
        .map(|i| interval_claim(&format!("c{i}"), &q, 3000.0, 10_000.0))
        .collect();
    let refs: Vec<&Claim> = claims.iter().collect();
    let d = distribution_of(&claims[0]);
    for method in [PoolMethod::Linear, PoolMethod::Logarithmic] {
        let pool = pool_claims(&refs, &PoolOptions::default().with_method(method)).unwrap();
        for qv in &pool.quantiles {
            assert!(
                (qv.value / d.quantile(qv.p).unwrap() - 1.0).abs() < 1e-12,
                "{method}: p {}",
                qv.p
            );
        }
        assert!((pool.mean.unwrap() / d.mean().unwrap() - 1.0).abs() < 1e-12);
        let (low, high) = pool.interval(0.9).unwrap();
        assert!((low - 3000.0).abs() < 1e-8 && (high - 10_000.0).abs() < 1e-8);
    }
}

#[test]
fn results_are_send_sync_clone_debug() {
    fn check<T: Send + Sync + Clone + std::fmt::Debug>() {}
    check::<Pool>();
    check::<sourced::MetaAnalysis>();
    check::<Distribution>();
    check::<Conversion>();
    check::<PoolOptions>();
    check::<sourced::MetaOptions>();
}

#[cfg(feature = "json")]
#[test]
fn pools_serialise_to_json_naming_the_claims() {
    let q = troops();
    let more = Claim::new(
        "wh",
        q.clone(),
        source("wh"),
        Estimate::new(Interval::greater_than(3000.0).unwrap()),
    )
    .unwrap();
    let a = interval_claim("a", &q, 2000.0, 6000.0);
    let pool = pool_claims(&[&a, &more], &PoolOptions::default()).unwrap();
    let json = serde_json::to_value(&pool).unwrap();
    assert_eq!(json["method"], "linear");
    assert_eq!(json["scale"], "log");
    assert_eq!(json["lower"]["claim"], "wh");
    assert_eq!(json["components"][0]["fit"]["claim"], "a");
    assert_eq!(
        json["components"][0]["fit"]["distribution"]["family"],
        "log_normal"
    );
    assert_eq!(json["quantiles"].as_array().unwrap().len(), 5);
}
