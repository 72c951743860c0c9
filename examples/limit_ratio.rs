//! How close each algorithm runs to the sorting floor (issue 6).
//!
//! ```text
//! cargo run --release --example limit_ratio -- [N]     (default N = 1000000)
//! ```
//!
//! Generates N claims with a fixed seed — clustered around 5,000 with log-normal spread, 10 %
//! one-sided, 5 % outliers, mixed open and closed ends, values rounded to round numbers (ties),
//! four sources per independence group — then times, interleaved over several repetitions in
//! one process, the **floor** (sorting the 2N endpoints as `f64` with
//! `sort_unstable_by(f64::total_cmp)`, on a fresh copy each time) and each public entry point,
//! and prints every median time with its ratio to the floor's median.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sourced::{
    Agreement, BrooksIyengar, Claim, ClaimFile, ClaimSet, Confidence, Endpoints, Estimate,
    Interval, LoadOptions, PrepareOptions, Quantity, Report, Selection, Source, count_conflicts,
    prepare, union_on, weighted_median,
};

/// SplitMix64 (Steele, Lea and Flood 2014): a small, fixed-seed generator.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.unit().max(1e-300), self.unit());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// One generated claim, before it becomes a `Claim`, CSV or JSON.
struct Spec {
    low: Option<f64>,
    high: Option<f64>,
    low_open: bool,
    high_open: bool,
    best: Option<f64>,
    source: u64,
    date: (u32, u32, u32),
    confidence: Option<f64>,
}

/// Rounds to one or two significant figures, as people say numbers.
fn round_number(x: f64, figures: i32) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let unit = 10f64.powi(x.log10().floor() as i32 + 1 - figures);
    (x / unit).round() * unit
}

fn generate(n: usize) -> Vec<Spec> {
    let mut rng = SplitMix64(0x5eed_1234_abcd_0001);
    let sources = (n as u64 / 3).max(4);
    (0..n)
        .map(|_| {
            let centre = if rng.unit() < 0.05 {
                // Outliers: a factor of up to ~50 either way.
                5_000.0 * (2.0 * rng.normal()).exp() * if rng.unit() < 0.5 { 10.0 } else { 0.1 }
            } else {
                5_000.0 * (0.25 * rng.normal()).exp()
            };
            let figures = if rng.unit() < 0.3 { 1 } else { 2 };
            let kind = rng.unit();
            let (mut low, mut high) = (None, None);
            let (mut low_open, mut high_open) = (rng.below(4) == 0, rng.below(4) == 0);
            let mut best = None;
            if kind < 0.05 {
                // "more than X" / "at least X"
                low = Some(round_number(centre, figures));
                high_open = false;
            } else if kind < 0.10 {
                // "up to X" / "fewer than X" (the count domain makes the low end 0)
                high = Some(round_number(centre, figures));
                low_open = false;
            } else if kind < 0.15 {
                let v = round_number(centre, figures + 1);
                (low, high, low_open, high_open) = (Some(v), Some(v), false, false);
            } else {
                let spread = 0.05 + 0.25 * rng.unit();
                let l = round_number(centre * (1.0 - spread), figures);
                let mut h = round_number(centre * (1.0 + spread), figures);
                if h <= l {
                    h = l + 10f64.powi(l.max(1.0).log10().floor() as i32);
                }
                low = Some(l);
                high = Some(h);
                let b = round_number(centre, figures + 1);
                if rng.unit() < 0.4 && b > l && b < h {
                    best = Some(b);
                }
            }
            let confidence = match rng.below(10) {
                0 => Some(0.5),
                1 => Some(0.7),
                2 => Some(0.9),
                _ => None,
            };
            Spec {
                low,
                high,
                low_open,
                high_open,
                best,
                source: rng.below(sources),
                date: (
                    2021 + rng.below(3) as u32,
                    1 + rng.below(12) as u32,
                    1 + rng.below(28) as u32,
                ),
                confidence,
            }
        })
        .collect()
}

fn claims(specs: &[Spec]) -> Result<ClaimSet, Box<dyn std::error::Error>> {
    let quantity = Arc::new(Quantity::new("events", "events")?);
    let sources = specs.iter().map(|s| s.source).max().map_or(0, |m| m + 1);
    let sources: Vec<Arc<Source>> = (0..sources)
        .map(|k| {
            Ok(Arc::new(
                Source::new(format!("s{k}"), format!("s{k}"))?.with_group(format!("g{}", k / 4))?,
            ))
        })
        .collect::<Result<_, sourced::ValueError>>()?;
    let mut set = ClaimSet::new();
    for (i, s) in specs.iter().enumerate() {
        let interval = Interval::from_parts(s.low, s.low_open, s.high, s.high_open)?;
        let mut estimate = Estimate::new(interval);
        if let Some(b) = s.best {
            estimate = estimate.with_best(b)?;
        }
        let (y, m, d) = s.date;
        let date: sourced::ClaimDate = format!("{y}-{m:02}-{d:02}").parse()?;
        let source = sources
            .get(s.source as usize)
            .ok_or("source out of range")?
            .clone();
        let mut claim = Claim::new(format!("c{i}"), quantity.clone(), source, estimate)?
            .with_stated(date)
            .with_as_of(date);
        if let Some(p) = s.confidence {
            claim = claim.with_confidence(Confidence::probability(p)?);
        }
        set.push(claim);
    }
    Ok(set)
}

fn csv_text(specs: &[Spec]) -> String {
    use std::fmt::Write;
    let mut out = String::from(
        "id,quantity,source,group,low,high,low_open,high_open,best,stated,as_of,confidence\n",
    );
    let num = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for (i, s) in specs.iter().enumerate() {
        let (y, m, d) = s.date;
        let _ = writeln!(
            out,
            "c{i},events,s{},g{},{},{},{},{},{},{y}-{m:02}-{d:02},{y}-{m:02}-{d:02},{}",
            s.source,
            s.source / 4,
            num(s.low),
            num(s.high),
            s.low_open,
            s.high_open,
            num(s.best),
            num(s.confidence),
        );
    }
    out
}

fn json_text(specs: &[Spec]) -> String {
    use std::fmt::Write;
    let mut out = String::from("{\"claims\": [\n");
    for (i, s) in specs.iter().enumerate() {
        let (y, m, d) = s.date;
        let mut estimate = String::new();
        let mut field = |name: &str, value: String| {
            if !estimate.is_empty() {
                estimate.push_str(", ");
            }
            let _ = write!(estimate, "\"{name}\": {value}");
        };
        if let Some(v) = s.low {
            field("low", v.to_string());
        }
        if let Some(v) = s.high {
            field("high", v.to_string());
        }
        if s.low_open {
            field("low_open", "true".into());
        }
        if s.high_open {
            field("high_open", "true".into());
        }
        if let Some(v) = s.best {
            field("best", v.to_string());
        }
        let confidence = s
            .confidence
            .map(|c| format!(", \"confidence\": {c}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}{{\"id\": \"c{i}\", \"quantity\": \"events\", \"source\": \"s{}\", \"group\": \"g{}\", \
             \"estimate\": {{{estimate}}}, \"stated\": \"{y}-{m:02}-{d:02}\", \"as_of\": \"{y}-{m:02}-{d:02}\"{confidence}}}",
            if i == 0 { "" } else { "," },
            s.source,
            s.source / 4,
        );
    }
    out.push_str("]}\n");
    out
}

/// One timed line: a name, what it includes, and the work (returning something to keep).
struct Task<'a> {
    name: &'static str,
    includes: &'static str,
    bytes: Option<usize>,
    run: Box<dyn FnMut() -> usize + 'a>,
    samples: Vec<Duration>,
    batch: u32,
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort_unstable();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn show(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:8.3} s ")
    } else if s >= 1e-3 {
        format!("{:8.2} ms", s * 1e3)
    } else {
        format!("{:8.2} µs", s * 1e6)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = match std::env::args().nth(1) {
        Some(text) => text.parse()?,
        None => 1_000_000,
    };
    let repetitions: usize = std::env::args()
        .nth(2)
        .map(|t| t.parse())
        .transpose()?
        .unwrap_or(if n >= 100_000 { 7 } else { 11 });

    let t = Instant::now();
    let specs = generate(n);
    let set = claims(&specs)?;
    let csv = csv_text(&specs);
    let json = json_text(&specs);
    drop(specs);
    let options = PrepareOptions::new();
    let evidence = prepare(&set, &options)?;
    let intervals: Vec<Interval> = evidence
        .claims()
        .iter()
        .filter(|c| c.is_counted())
        .map(|c| *c.interval())
        .collect();
    let floor_input: Vec<f64> = intervals
        .iter()
        .flat_map(|i| {
            [
                i.low_value().unwrap_or(f64::NEG_INFINITY),
                i.high_value().unwrap_or(f64::INFINITY),
            ]
        })
        .collect();
    println!(
        "N = {n} claims ({} counted after supersession, {} bytes per Claim before its strings), \
         {} endpoints; CSV {:.1} MB, JSON {:.1} MB; set up in {:.1} s",
        evidence.counted(),
        std::mem::size_of::<Claim>(),
        floor_input.len(),
        csv.len() as f64 / 1e6,
        json.len() as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    let mut copies: Vec<Vec<f64>> = Vec::new();
    let floor_copy = floor_input.clone();
    let load = LoadOptions::default();
    let algorithms_from = "from prepared Evidence; sort of its endpoints included";
    let mut tasks: Vec<Task<'_>> = vec![
        Task {
            name: "prepare",
            includes: "ClaimSet -> Evidence (supersession, groups, weights)",
            bytes: None,
            run: Box::new(|| prepare(&set, &options).map_or(0, |e| e.counted())),
            samples: Vec::new(),
            batch: 1,
        },
        Task {
            name: "shared sort",
            includes: "Endpoints::new: the 2N ends as integer-keyed records, sorted",
            bytes: None,
            run: Box::new(|| Endpoints::new(&evidence).len()),
            samples: Vec::new(),
            batch: 1,
        },
        Task {
            name: "union",
            includes: algorithms_from,
            bytes: None,
            run: Box::new(|| union_on(&evidence, &Endpoints::new(&evidence)).len()),
            samples: Vec::new(),
            batch: 1,
        },
        Task {
            name: "k-of-n agreement",
            includes: algorithms_from,
            bytes: None,
            run: Box::new(|| {
                Agreement::new()
                    .run_on(&evidence, &Endpoints::new(&evidence))
                    .support
            }),
            samples: Vec::new(),
            batch: 1,
        },
        Task {
            name: "weighted agreement",
            includes: algorithms_from,
            bytes: None,
            run: Box::new(|| {
                Agreement::new()
                    .weighted(true)
                    .run_on(&evidence, &Endpoints::new(&evidence))
                    .regions
                    .len()
            }),
            samples: Vec::new(),
            batch: 1,
        },
        Task {
            name: "NTP selection",
            includes: algorithms_from,
            bytes: None,
            run: Box::new(|| {
                Selection::ntp()
                    .run_on(&evidence, &Endpoints::new(&evidence))
                    .majority()
                    .map_or(0, |m| m.agreeing)
            }),
            samples: Vec::new(),
            batch: 1,
        },
        Task {
            name: "Brooks-Iyengar",
            includes: algorithms_from,
            bytes: None,
            run: Box::new(|| {
                let f = evidence.counted_origins().saturating_sub(1) / 2;
                BrooksIyengar::new(f)
                    .run_on(&evidence, &Endpoints::new(&evidence))
                    .regions
                    .len()
            }),
            samples: Vec::new(),
            batch: 1,
        },
        Task {
            name: "all five, one sort",
            includes: "one Endpoints::new shared by union, agreement, weighted, NTP, B-I",
            bytes: None,
            run: Box::new(|| {
                let e = Endpoints::new(&evidence);
                let f = evidence.counted_origins().saturating_sub(1) / 2;
                union_on(&evidence, &e).len()
                    + Agreement::new().run_on(&evidence, &e).support
                    + Agreement::new()
                        .weighted(true)
                        .run_on(&evidence, &e)
                        .support
                    + Selection::ntp()
                        .run_on(&evidence, &e)
                        .majority()
                        .map_or(0, |m| m.agreeing)
                    + BrooksIyengar::new(f).run_on(&evidence, &e).regions.len()
            }),
            samples: Vec::new(),
            batch: 1,
        },
        Task {
            name: "conflict counting",
            includes: "count_conflicts over the counted intervals",
            bytes: None,
            run: Box::new(|| count_conflicts(&intervals) as usize),
            samples: Vec::new(),
            batch: 1,
        },
        Task {
            name: "weighted median",
            includes: "from prepared Evidence, by selection",
            bytes: None,
            run: Box::new(|| weighted_median(&evidence).map_or(0, |m| m.claims)),
            samples: Vec::new(),
            batch: 1,
        },
        Task {
            name: "full report",
            includes: "Report::build from the ClaimSet: validate, prepare, agreement, verdicts, \
                       conflict count, clusters, spread; no conflict list",
            bytes: None,
            run: Box::new(|| {
                Report::builder()
                    .conflict_limit(Some(0))
                    .build(&set)
                    .map_or(0, |r| r.quantities.len())
            }),
            samples: Vec::new(),
            batch: 1,
        },
        Task {
            name: "CSV loading",
            includes: "ClaimFile::from_csv_str, strict, validation included",
            bytes: Some(csv.len()),
            run: Box::new(|| ClaimFile::from_csv_str(&csv, &load).map_or(0, |f| f.claims.len())),
            samples: Vec::new(),
            batch: 1,
        },
        Task {
            name: "JSON loading",
            includes: "ClaimFile::from_json_str, strict, validation included",
            bytes: Some(json.len()),
            run: Box::new(|| ClaimFile::from_json_str(&json, &load).map_or(0, |f| f.claims.len())),
            samples: Vec::new(),
            batch: 1,
        },
    ];

    // For profiling one line: LIMIT_RATIO_ONLY=prepare,union keeps the tasks named so.
    if let Ok(only) = std::env::var("LIMIT_RATIO_ONLY") {
        tasks.retain(|t| only.split(',').any(|o| t.name.contains(o.trim())));
    }

    // Small inputs: repeat each call within one sample so that a sample lasts about 2 ms.
    let budget = Duration::from_millis(2);
    let calibrate = Instant::now();
    let mut probe = floor_copy.clone();
    probe.sort_unstable_by(f64::total_cmp);
    black_box(&probe);
    let floor_batch = batch_for(calibrate.elapsed(), budget);
    for task in &mut tasks {
        let t = Instant::now();
        black_box((task.run)());
        task.batch = batch_for(t.elapsed(), budget);
    }

    let mut floor_samples = Vec::new();
    for _ in 0..repetitions {
        copies.clear();
        copies.extend((0..floor_batch).map(|_| floor_input.clone()));
        let t = Instant::now();
        for copy in &mut copies {
            copy.sort_unstable_by(f64::total_cmp);
            black_box(&copy);
        }
        floor_samples.push(t.elapsed() / floor_batch);
        for task in &mut tasks {
            let t = Instant::now();
            for _ in 0..task.batch {
                black_box((task.run)());
            }
            task.samples.push(t.elapsed() / task.batch);
        }
    }
    drop(copies);

    let floor = median(&mut floor_samples);
    println!(
        "{:<20} {}  {:>7}   sort_unstable_by(f64::total_cmp) of {} f64 (fresh copy)",
        "floor",
        show(floor),
        "1.00x",
        floor_input.len()
    );
    for task in &mut tasks {
        let m = median(&mut task.samples);
        let ratio = m.as_secs_f64() / floor.as_secs_f64().max(1e-12);
        let speed = task
            .bytes
            .map(|b| format!("  {:6.1} MB/s", b as f64 / 1e6 / m.as_secs_f64().max(1e-12)))
            .unwrap_or_default();
        println!(
            "{:<20} {}  {:>6.2}x{speed}   {}",
            task.name,
            show(m),
            ratio,
            task.includes
        );
    }
    println!(
        "medians of {repetitions} interleaved repetitions; ratios to the floor of the same run"
    );
    Ok(())
}

fn batch_for(one: Duration, budget: Duration) -> u32 {
    if one >= budget {
        1
    } else {
        let per = one.as_nanos().max(1);
        u32::try_from(budget.as_nanos() / per)
            .unwrap_or(1000)
            .clamp(1, 1000)
    }
}
