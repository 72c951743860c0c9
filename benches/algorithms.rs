//! Criterion benches of every reconciliation algorithm at 10³, 10⁴, 10⁵ and 10⁶ claims.
//!
//! Each algorithm is timed from prepared evidence *including* the sort of its endpoint array
//! (`Endpoints::new`), so the figures compare with the floor of issue 6: sorting 2n `f64` with
//! `sort_unstable_by(f64::total_cmp)`, benched here as `floor_sort_f64`. `prepare` is timed
//! on whole claims up to 10⁵.
//!
//! Quick run of one size: `cargo bench --bench algorithms -- --quick /10000`.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use sourced::{
    Agreement, BrooksIyengar, Claim, Domain, Endpoints, Estimate, Evidence, Interval,
    PrepareOptions, Quantity, Selection, Source, count_conflicts, hull, prepare, union_on,
    weighted_median,
};

const SIZES: [usize; 4] = [1_000, 10_000, 100_000, 1_000_000];

/// A fixed-seed xorshift generator: no dependency, same data on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        // Box–Muller.
        let (u, v) = (self.unit().max(1e-300), self.unit());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// Claims clustered around 5,000 with log-normal spread, 10 % one-sided, 5 % outliers, mixed
/// open and closed ends, values rounded to 10 (ties).
fn intervals(n: usize) -> Vec<Interval> {
    let mut rng = Rng(0x5eed_0000_0000_0001 ^ n as u64);
    (0..n)
        .map(|_| {
            let centre = if rng.unit() < 0.05 {
                5_000.0 * (3.0 * rng.normal()).exp()
            } else {
                5_000.0 * (0.3 * rng.normal()).exp()
            };
            let half = centre * 0.2 * rng.unit();
            let (low, high) = (
                ((centre - half) / 10.0).round() * 10.0,
                ((centre + half) / 10.0).round() * 10.0,
            );
            let open = rng.next().is_multiple_of(4);
            let one_sided = rng.unit() < 0.10;
            let result = if one_sided && rng.next().is_multiple_of(2) {
                Interval::from_parts(Some(low), open, None, false)
            } else if one_sided {
                Interval::from_parts(None, false, Some(high), open)
            } else {
                Interval::from_parts(Some(low), open, Some(high.max(low + 10.0)), false)
            };
            result.unwrap_or_else(|_| Interval::everything())
        })
        .collect()
}

fn claims(intervals: &[Interval]) -> Vec<Claim> {
    let q = Arc::new(
        Quantity::new("bench", "units")
            .unwrap()
            .with_domain(Domain::Real),
    );
    let sources: Vec<Arc<Source>> = (0..64)
        .map(|k| Arc::new(Source::new(format!("s{k}"), "source").unwrap()))
        .collect();
    intervals
        .iter()
        .enumerate()
        .map(|(k, i)| {
            Claim::new(
                format!("c{k}"),
                q.clone(),
                sources[k % 64].clone(),
                Estimate::new(*i),
            )
            .unwrap()
        })
        .collect()
}

fn algorithms(c: &mut Criterion) {
    for n in SIZES {
        let data = intervals(n);
        let evidence = Evidence::from_intervals(&data);
        let weighted = Evidence::from_weighted(
            &data
                .iter()
                .enumerate()
                .map(|(k, i)| (*i, 0.5 + (k % 5) as f64 / 10.0))
                .collect::<Vec<_>>(),
        )
        .unwrap();
        let grouped = Evidence::from_grouped(
            &data
                .iter()
                .enumerate()
                .map(|(k, i)| (*i, (k % (n / 3).max(1)) as u32))
                .collect::<Vec<_>>(),
        );
        let mut group = c.benchmark_group("algorithms");
        if n >= 100_000 {
            group.sample_size(10);
        }
        if n >= 1_000_000 {
            // Keep the long-term record affordable: a few seconds per algorithm.
            group.warm_up_time(std::time::Duration::from_secs(1));
            group.measurement_time(std::time::Duration::from_secs(3));
        }
        let endpoints: Vec<f64> = data
            .iter()
            .flat_map(|i| {
                [
                    i.low_value().unwrap_or(f64::NEG_INFINITY),
                    i.high_value().unwrap_or(f64::INFINITY),
                ]
            })
            .collect();
        group.bench_with_input(BenchmarkId::new("floor_sort_f64", n), &endpoints, |b, v| {
            b.iter_batched_ref(
                || v.clone(),
                |v| v.sort_unstable_by(f64::total_cmp),
                criterion::BatchSize::LargeInput,
            )
        });
        group.bench_with_input(BenchmarkId::new("endpoints", n), &evidence, |b, e| {
            b.iter(|| black_box(Endpoints::new(e)))
        });
        group.bench_with_input(BenchmarkId::new("hull", n), &evidence, |b, e| {
            b.iter(|| black_box(hull(e)))
        });
        group.bench_with_input(BenchmarkId::new("union", n), &evidence, |b, e| {
            b.iter(|| black_box(union_on(e, &Endpoints::new(e))))
        });
        group.bench_with_input(BenchmarkId::new("agreement", n), &evidence, |b, e| {
            b.iter(|| black_box(Agreement::new().run_on(e, &Endpoints::new(e))))
        });
        group.bench_with_input(
            BenchmarkId::new("agreement_grouped", n),
            &grouped,
            |b, e| b.iter(|| black_box(Agreement::new().run_on(e, &Endpoints::new(e)))),
        );
        group.bench_with_input(
            BenchmarkId::new("weighted_agreement", n),
            &weighted,
            |b, e| {
                b.iter(|| {
                    black_box(
                        Agreement::new()
                            .weighted(true)
                            .run_on(e, &Endpoints::new(e)),
                    )
                })
            },
        );
        // Without a sorted array built, `run` follows where origins start and stop covering
        // (or their weight changes) origin by origin, counting the ends by distinct value.
        group.bench_with_input(
            BenchmarkId::new("agreement_grouped_run", n),
            &grouped,
            |b, e| b.iter(|| black_box(Agreement::new().run(e))),
        );
        group.bench_with_input(
            BenchmarkId::new("weighted_agreement_run", n),
            &weighted,
            |b, e| b.iter(|| black_box(Agreement::new().weighted(true).run(e))),
        );
        group.bench_with_input(
            BenchmarkId::new("ntp_selection_grouped_run", n),
            &grouped,
            |b, e| b.iter(|| black_box(Selection::ntp().run(e))),
        );
        group.bench_with_input(BenchmarkId::new("ntp_selection", n), &evidence, |b, e| {
            b.iter(|| black_box(Selection::ntp().run_on(e, &Endpoints::new(e))))
        });
        group.bench_with_input(BenchmarkId::new("brooks_iyengar", n), &evidence, |b, e| {
            b.iter(|| black_box(BrooksIyengar::new(n / 10).run_on(e, &Endpoints::new(e))))
        });
        group.bench_with_input(BenchmarkId::new("conflict_count", n), &data, |b, d| {
            b.iter(|| black_box(count_conflicts(d)))
        });
        group.bench_with_input(BenchmarkId::new("weighted_median", n), &weighted, |b, e| {
            b.iter(|| black_box(weighted_median(e)))
        });
        if n <= 100_000 {
            let built = claims(&data);
            group.bench_with_input(BenchmarkId::new("prepare", n), &built, |b, claims| {
                b.iter(|| black_box(prepare(claims, &PrepareOptions::new()).map(|e| e.counted())))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, algorithms);
criterion_main!(benches);
