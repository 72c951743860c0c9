//! Parsing throughput on a mixed corpus of hedged phrases (issue 6 targets ≥ 2 million
//! phrases per second). Run short: `cargo bench --bench parse -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sourced::{Domain, Estimate, Lexicon, Quantity};

/// Phrases as sources write them: bounds, approximators, ranges, stated uncertainty, vague
/// words, number words, trailing nouns, and a few errors.
const CORPUS: &[&str] = &[
    "more than 3,000",
    "as many as 10,000 North Korean troops",
    "about 600,000",
    "nearly three years",
    "40 countries",
    "10,000 troops",
    "at least 1.2bn",
    "fewer than 500",
    "between 3,000 and 10,000",
    "10–12 thousand",
    "151,000 (95% CI 104,000–223,000)",
    "600 ± 50",
    "dozens",
    "several thousand",
    "about 100,000 or more",
    "half a million",
    "up to 45%",
    "sent no troops",
    "roughy 3,000",
    "between 10,000 and 3,000",
];

fn parse(c: &mut Criterion) {
    let lexicon = Lexicon::standard();
    let troops = Quantity::new("troops", "troops")
        .map(|q| q.with_domain(Domain::Count))
        .unwrap_or_else(|_| unreachable!());
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Elements(CORPUS.len() as u64));
    group.bench_function("mixed corpus, standard lexicon, count", |b| {
        b.iter(|| {
            let mut ok = 0usize;
            for text in CORPUS {
                ok += usize::from(lexicon.parse(black_box(text), &troops).is_ok());
            }
            ok
        })
    });
    group.bench_function("mixed corpus, FromStr", |b| {
        b.iter(|| {
            let mut ok = 0usize;
            for text in CORPUS {
                ok += usize::from(black_box(text).parse::<Estimate>().is_ok());
            }
            ok
        })
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
