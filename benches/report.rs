//! The disagreement report of n claims about one quantity: preparation, consensus, verdicts,
//! conflicts (counted exactly, the first 1,000 listed), clusters and spread.
//!
//! `cargo bench --bench report -- --quick` (10³, 10⁴, 10⁶ claims; 10⁶ with few samples).

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use sourced::{Claim, ClaimSet, Estimate, Interval, Quantity, Report, Source};

/// A deterministic generator (xorshift64*), so every run measures the same claims.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `n` claims from 50 sources in 20 independence groups: most around 10,000 (± up to 30 %),
/// one in twenty an outlier far below or above, a few one-sided.
fn claims(n: usize) -> ClaimSet {
    let quantity = Arc::new(Quantity::new("troops", "troops").unwrap());
    let sources: Vec<Arc<Source>> = (0..50)
        .map(|i| {
            Arc::new(
                Source::new(format!("s{i}"), format!("Source {i}"))
                    .unwrap()
                    .with_group(format!("g{}", i % 20))
                    .unwrap(),
            )
        })
        .collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..n)
        .map(|i| {
            let centre = if i % 20 == 0 {
                if rng.next() < 0.5 { 500.0 } else { 80_000.0 }
            } else {
                10_000.0 * (0.85 + 0.3 * rng.next())
            };
            let half = centre * (0.05 + 0.25 * rng.next());
            let interval = match i % 50 {
                7 => Interval::greater_than(centre - half),
                13 => Interval::at_most(centre + half),
                _ => Interval::closed((centre - half).round(), (centre + half).round()),
            }
            .unwrap();
            let source = sources[i % sources.len()].clone();
            Claim::new(
                format!("c{i}"),
                quantity.clone(),
                source,
                Estimate::new(interval),
            )
            .unwrap()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("report");
    for n in [1_000usize, 10_000, 1_000_000] {
        let set = claims(n);
        if n >= 1_000_000 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::from_parameter(n), &set, |b, set| {
            b.iter(|| Report::of(black_box(set)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
