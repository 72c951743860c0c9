//! Benchmarks of the statistics: meta-analysis and opinion pools over many claims.
//!
//! `cargo bench --bench stats -- --quick`

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use sourced::{
    Claim, Estimate, Interval, MetaAnalysis, MetaOptions, PoolMethod, PoolOptions, Quantity,
    Source, Tau2Method, pool_claims,
};

/// Deterministic pseudo-random numbers in [0, 1).
fn uniform(state: &mut u64) -> f64 {
    *state = state
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    (*state >> 11) as f64 / (1u64 << 53) as f64
}

fn effects(k: usize) -> Vec<(f64, f64)> {
    let mut s = 42;
    (0..k)
        .map(|_| (uniform(&mut s) - 0.5, 0.01 + uniform(&mut s) * 0.2))
        .collect()
}

fn claims(n: usize) -> Vec<Claim> {
    let q = Arc::new(Quantity::new("troops", "troops").expect("id"));
    let mut s = 7;
    (0..n)
        .map(|i| {
            let low = 1000.0 + uniform(&mut s) * 9000.0;
            let high = low * (1.2 + uniform(&mut s) * 3.0);
            let source = Arc::new(Source::new(format!("s{i}"), "s").expect("id"));
            Claim::new(
                format!("c{i}"),
                q.clone(),
                source,
                Estimate::new(Interval::closed(low, high).expect("interval")),
            )
            .expect("claim")
        })
        .collect()
}

fn meta(c: &mut Criterion) {
    let e = effects(1000);
    let dl = MetaOptions::default()
        .with_tau2(Tau2Method::DerSimonianLaird)
        .with_leave_one_out(false);
    let reml = MetaOptions::default().with_leave_one_out(false);
    c.bench_function("meta DL, 1000 effects", |b| {
        b.iter(|| MetaAnalysis::from_effects(black_box(&e), &dl))
    });
    c.bench_function("meta REML, 1000 effects", |b| {
        b.iter(|| MetaAnalysis::from_effects(black_box(&e), &reml))
    });
    let small = effects(50);
    let loo = MetaOptions::default();
    c.bench_function("meta REML + leave-one-out, 50 effects", |b| {
        b.iter(|| MetaAnalysis::from_effects(black_box(&small), &loo))
    });
}

fn pool(c: &mut Criterion) {
    let claims = claims(1000);
    let refs: Vec<&Claim> = claims.iter().collect();
    for method in [PoolMethod::Linear, PoolMethod::Logarithmic] {
        let options = PoolOptions::default().with_method(method);
        c.bench_function(&format!("{method}, 1000 claims"), |b| {
            b.iter(|| pool_claims(black_box(&refs), &options))
        });
    }
}

criterion_group!(benches, meta, pool);
criterion_main!(benches);
