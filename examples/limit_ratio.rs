//! How close each algorithm runs to the sorting floor (issue 6).
//!
//! ```text
//! cargo run --release --example limit_ratio -- [N] [REPETITIONS]
//!     N: claims, default 1000000; REPETITIONS: at least 1, default 7 from N = 100000, else 11
//! ```
//!
//! Generates N claims with a fixed seed — clustered around 5,000 with log-normal spread, 10 %
//! one-sided, 5 % outliers, mixed open and closed ends, values rounded to round numbers (ties),
//! four sources per independence group — then times, interleaved over several repetitions in
//! one process, the **floor** (sorting the 2N endpoints as `f64` with
//! `sort_unstable_by(f64::total_cmp)`, on freshly written input each time) and each public
//! entry point, and prints every median time with its ratio to the floor's median.
//!
//! The timing runs in five **phases**, each holding only the data its lines need, so that the
//! peak memory (`/usr/bin/time -v`) reflects the library rather than copies the example keeps
//! around: (1) conflict counting, on the `ClaimSet` and the counted intervals (gathered from an
//! `Evidence` dropped at once); (2) the algorithms, on the `ClaimSet` and its prepared
//! `Evidence`; (3) `prepare` and the full report, on the `ClaimSet` alone (each call builds
//! its own `Evidence`); (4) CSV loading, holding the CSV text only; (5) JSON loading, holding
//! the JSON text (compact: no spaces) only. The floor's input (the claims' ends, as the
//! prepared claims hold them) is generated afresh for each floor sample and dropped once
//! sorted, before the phase's lines run.
//! Each phase interleaves its own floor measurements with its lines over the same repetitions,
//! and each line's ratio is to the floor of its phase (the machine's load can change between
//! phases); the floor line shows the median of all the floor samples. The claims are generated
//! afresh, from the same seed, for each consumer instead of being kept as a vector.
//! `LIMIT_RATIO_ONLY=prepare,union` times only the lines so named (and skips the texts that
//! no selected line reads). `LIMIT_RATIO_MIN=1` prints the fastest repetition instead of the
//! median (for comparing two builds on a loaded machine, where the median carries the
//! other tasks' noise; the issue's figures are medians).

use std::hint::black_box;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sourced::{
    Agreement, BrooksIyengar, Claim, ClaimFile, ClaimSet, Confidence, Domain, Endpoints, Estimate,
    Interval, LoadOptions, PrepareOptions, Quantity, Report, Selection, Source, count_conflicts,
    prepare, union, union_on, weighted_median,
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

impl Spec {
    /// The interval as stated (before a claim fits it to its quantity's domain).
    fn interval(&self) -> Result<Interval, sourced::ValueError> {
        Interval::from_parts(self.low, self.low_open, self.high, self.high_open)
    }
}

/// An interval's two ends as `f64`, an unbounded one as an infinity: what the floor sorts.
fn ends_of(interval: &Interval) -> [f64; 2] {
    [
        interval.low_value().unwrap_or(f64::NEG_INFINITY),
        interval.high_value().unwrap_or(f64::INFINITY),
    ]
}

/// Rounds to one or two significant figures, as people say numbers.
fn round_number(x: f64, figures: i32) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let unit = 10f64.powi(x.log10().floor() as i32 + 1 - figures);
    (x / unit).round() * unit
}

/// The N claims, generated one at a time: each consumer below runs its own generator (same
/// seed, same claims) instead of all sharing a vector of N specs, which would sit in memory.
fn generate(n: usize) -> impl Iterator<Item = Spec> {
    let mut rng = SplitMix64(0x5eed_1234_abcd_0001);
    let sources = source_count(n);
    (0..n).map(move |_| {
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
}

/// How many sources the generator draws from (each claim's source is below this).
fn source_count(n: usize) -> u64 {
    (n as u64 / 3).max(4)
}

/// The quantity of every generated claim.
fn quantity() -> Result<Quantity, sourced::ValueError> {
    Quantity::new("events", "events")
}

fn claims(n: usize) -> Result<ClaimSet, Box<dyn std::error::Error>> {
    let quantity = Arc::new(quantity()?);
    let sources: Vec<Arc<Source>> = (0..source_count(n))
        .map(|k| {
            Ok(Arc::new(
                Source::new(format!("s{k}"), format!("s{k}"))?.with_group(format!("g{}", k / 4))?,
            ))
        })
        .collect::<Result<_, sourced::ValueError>>()?;
    // Gathered in a list of exactly n claims, which the set takes over (a set grown claim by
    // claim would hold up to twice the room at the end, and about 7 MB more at a million).
    let mut claims = Vec::with_capacity(n);
    for (i, s) in generate(n).enumerate() {
        let interval = s.interval()?;
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
        claims.push(claim);
    }
    Ok(claims.into_iter().collect())
}

/// The floor's input: the 2n ends of the generated claims as `f64`, inside the quantity's
/// domain as a claim keeps them (an "up to" starts at 0; an end still unbounded is an
/// infinity), the same values as the ends of the prepared claims. Generated afresh for each
/// floor sample rather than kept: at a million claims a kept copy is 16 MB that every phase,
/// the loaders' too, would hold.
#[derive(Clone, Copy)]
struct Floor {
    /// The claims.
    n: usize,
    /// Their quantity's domain.
    domain: Domain,
}

impl Floor {
    /// The 2n ends, in a list of exactly that size.
    fn ends(self) -> Vec<f64> {
        let mut ends = Vec::with_capacity(2 * self.n);
        for s in generate(self.n) {
            // A claim whose interval is refused here is refused by `claims` too, and nothing
            // is timed.
            let interval = s.interval().and_then(|i| self.domain.apply(&i));
            ends.extend(interval.map_or([f64::NAN; 2], |i| ends_of(&i)));
        }
        ends
    }
}

/// An optional number as a CSV field or JSON value, written in place (no string per field).
struct Num(Option<f64>);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(v) => write!(f, "{v}"),
            None => Ok(()),
        }
    }
}

/// Text of exactly the length `write` writes, made in a string of that capacity: a string
/// grown by doubling leaves its smaller copies (half its size in all) freed in the heap,
/// where they stay resident while the loader runs (see `main`).
fn exact_text(write: impl Fn(&mut dyn std::fmt::Write)) -> String {
    struct Count(usize);
    impl std::fmt::Write for Count {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0 += s.len();
            Ok(())
        }
    }
    let mut count = Count(0);
    write(&mut count);
    let mut text = String::with_capacity(count.0);
    write(&mut text);
    text
}

fn csv_text(n: usize) -> String {
    exact_text(|out| write_csv(n, out))
}

fn write_csv(n: usize, out: &mut dyn std::fmt::Write) {
    let _ = out.write_str(
        "id,quantity,source,group,low,high,low_open,high_open,best,stated,as_of,confidence\n",
    );
    for (i, s) in generate(n).enumerate() {
        let (y, m, d) = s.date;
        let _ = writeln!(
            out,
            "c{i},events,s{},g{},{},{},{},{},{},{y}-{m:02}-{d:02},{y}-{m:02}-{d:02},{}",
            s.source,
            s.source / 4,
            Num(s.low),
            Num(s.high),
            s.low_open,
            s.high_open,
            Num(s.best),
            Num(s.confidence),
        );
    }
}

/// The same claims as a JSON claim file, one claim a line, without spaces.
fn json_text(n: usize) -> String {
    exact_text(|out| write_json(n, out))
}

fn write_json(n: usize, out: &mut dyn std::fmt::Write) {
    let _ = out.write_str("{\"claims\":[\n");
    for (i, s) in generate(n).enumerate() {
        let (y, m, d) = s.date;
        let _ = write!(
            out,
            "{}{{\"id\":\"c{i}\",\"quantity\":\"events\",\"source\":\"s{}\",\"group\":\"g{}\",\"estimate\":{{",
            if i == 0 { "" } else { ",\n" },
            s.source,
            s.source / 4,
        );
        // The estimate's fields in their usual order, comma-separated.
        let mut separator = "";
        let mut field =
            |out: &mut dyn std::fmt::Write, name: &str, value: &dyn std::fmt::Display| {
                let _ = write!(out, "{separator}\"{name}\":{value}");
                separator = ",";
            };
        if let Some(v) = s.low {
            field(out, "low", &v);
        }
        if let Some(v) = s.high {
            field(out, "high", &v);
        }
        if s.low_open {
            field(out, "low_open", &true);
        }
        if s.high_open {
            field(out, "high_open", &true);
        }
        if let Some(v) = s.best {
            field(out, "best", &v);
        }
        let _ = write!(
            out,
            "}},\"stated\":\"{y}-{m:02}-{d:02}\",\"as_of\":\"{y}-{m:02}-{d:02}\""
        );
        if let Some(c) = s.confidence {
            let _ = write!(out, ",\"confidence\":{c}");
        }
        let _ = out.write_char('}');
    }
    let _ = out.write_str("\n]}\n");
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

impl<'a> Task<'a> {
    fn new(name: &'static str, includes: &'static str, run: impl FnMut() -> usize + 'a) -> Self {
        Task {
            name,
            includes,
            bytes: None,
            run: Box::new(run),
            samples: Vec::new(),
            batch: 1,
        }
    }

    /// For a loader: the size of its input, to print MB/s.
    fn reading(mut self, bytes: usize) -> Self {
        self.bytes = Some(bytes);
        self
    }
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort_unstable();
    if std::env::var_os("LIMIT_RATIO_MIN").is_some() {
        return samples.first().copied().unwrap_or_default();
    }
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

fn main() -> ExitCode {
    let (n, repetitions) = match arguments() {
        Ok(arguments) => arguments,
        Err(message) => {
            eprintln!("limit_ratio: {message}");
            return ExitCode::from(2);
        }
    };
    match run(n, repetitions) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("limit_ratio: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Generates `n` claims and prints the lines, with `repetitions` samples of each.
fn run(n: usize, repetitions: usize) -> Result<(), Box<dyn std::error::Error>> {
    // For profiling one line: LIMIT_RATIO_ONLY=prepare,union keeps the tasks named so.
    let only = std::env::var("LIMIT_RATIO_ONLY").ok();
    let selected = |name: &str| {
        only.as_deref()
            .is_none_or(|only| only.split(',').any(|o| name.contains(o.trim())))
    };
    // What outlives the phases is allocated before them: the load options (with their
    // lexicon), the printed lines and the floor samples. Allocated later, each would come
    // from the heap that the phases grow and free, and a block kept there holds the memory
    // freed below it resident to the end of the run, which the next phase's large blocks
    // (fresh mappings) add to.
    let load = LoadOptions::default();
    let mut lines = Vec::with_capacity(ORDER.len());
    let mut phases: Vec<Phase> = PHASES
        .iter()
        .map(|&name| Phase {
            name,
            samples: Vec::with_capacity(repetitions),
        })
        .collect();

    // The counted intervals, gathered from an Evidence that is dropped at once: conflict
    // counting reads them.
    let t = Instant::now();
    let set = claims(n)?;
    let options = PrepareOptions::new();
    let intervals: Vec<Interval> = {
        let evidence = prepare(&set, &options)?;
        let mut intervals = Vec::with_capacity(evidence.counted());
        intervals.extend(
            evidence
                .claims()
                .iter()
                .filter(|c| c.is_counted())
                .map(|c| *c.interval()),
        );
        intervals
    };
    let counted = intervals.len();
    let floor = Floor {
        n,
        domain: quantity()?.domain(),
    };
    // The floor sorts what the algorithms sort: the ends of the counted claims, bit for bit.
    // The generator makes no claim that another supersedes (each claim's stated date is its
    // as-of date), so all n are counted.
    if counted != n {
        return Err(format!(
            "{counted} of {n} claims counted: the floor's input (every claim's ends) would not be \
             what the algorithms sort"
        )
        .into());
    }
    // Both lists hold 2n ends.
    let prepared_ends = intervals.iter().flat_map(ends_of);
    if !floor
        .ends()
        .into_iter()
        .zip(prepared_ends)
        .all(|(a, b)| a.to_bits() == b.to_bits())
    {
        return Err("the floor's input is not the prepared claims' ends".into());
    }
    let mut setup = t.elapsed();
    let mut context = PhaseContext {
        selected: &selected,
        floor,
        repetitions,
        lines: &mut lines,
        phases: &mut phases,
        setup: &mut setup,
    };

    // Phase 1: conflict counting, on the ClaimSet and the counted intervals.
    let tasks: Vec<Task<'_>> = vec![Task::new(
        "conflict counting",
        "count_conflicts over the counted intervals",
        || count_conflicts(&intervals) as usize,
    )];
    run_phase(&mut context, "conflicts", tasks);
    drop(intervals);

    // Phase 2: the algorithms, on the ClaimSet and its prepared Evidence.
    let t = Instant::now();
    let evidence = prepare(&set, &options)?;
    *context.setup += t.elapsed();
    let tasks: Vec<Task<'_>> = vec![
        Task::new(
            "shared sort",
            "Endpoints::new: the 2N ends as integer-keyed records, sorted",
            || Endpoints::new(&evidence).len(),
        ),
        // `union` sweeps the evidence's sorted array only when one was built (no line of
        // this phase builds it: each sorts its own copy), and otherwise counts the distinct
        // ends instead of sorting them all.
        Task::new(
            "union",
            "from prepared Evidence; by distinct ends, or sorting them",
            || union(&evidence).len(),
        ),
        Task::new(
            "k-of-n agreement",
            "from prepared Evidence; by origin and distinct ends, or sorting them",
            || Agreement::new().run(&evidence).support,
        ),
        Task::new(
            "weighted agreement",
            "from prepared Evidence; by origin and distinct ends, or sorting them",
            || Agreement::new().weighted(true).run(&evidence).regions.len(),
        ),
        Task::new(
            "NTP selection",
            "from prepared Evidence; by origin and distinct ends, or sorting them",
            || {
                Selection::ntp()
                    .run(&evidence)
                    .majority()
                    .map_or(0, |m| m.agreeing)
            },
        ),
        // Like `union`, `Agreement::run` (by count or weight), `Selection::run` and
        // `BrooksIyengar::run` sweep the evidence's sorted array only when one was built;
        // otherwise they find where origins start and stop covering (or their weight
        // changes) origin by origin, with
        // the ends counted by distinct value. (The k-of-n and NTP lines come first in the
        // file; the note is here, beside the last of them.)
        Task::new(
            "Brooks-Iyengar",
            "from prepared Evidence; by origin and distinct ends, or sorting them",
            || {
                let f = evidence.counted_origins().saturating_sub(1) / 2;
                BrooksIyengar::new(f).run(&evidence).regions.len()
            },
        ),
        Task::new(
            "all five, one sort",
            "one Endpoints::new shared by union, agreement, weighted, NTP, B-I",
            || {
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
            },
        ),
        Task::new(
            "weighted median",
            "from prepared Evidence, by selection",
            || weighted_median(&evidence).map_or(0, |m| m.claims),
        ),
    ];
    run_phase(&mut context, "algorithms", tasks);

    drop(evidence);

    // Phase 3: preparation and the report, which need the ClaimSet only (each call builds
    // its own Evidence).
    let tasks: Vec<Task<'_>> = vec![
        Task::new(
            "prepare",
            "ClaimSet -> Evidence (supersession, groups, weights)",
            || prepare(&set, &options).map_or(0, |e| e.counted()),
        ),
        Task::new(
            "full report",
            "Report::build from the ClaimSet: validate, prepare, agreement, verdicts, \
                       conflict count, clusters, spread; no conflict list",
            || {
                Report::builder()
                    .conflict_limit(Some(0))
                    .build(&set)
                    .map_or(0, |r| r.quantities.len())
            },
        ),
    ];
    run_phase(&mut context, "report", tasks);
    drop(set);

    // Phase 4: CSV loading, with the CSV text the only large thing held; phase 5 likewise.
    let csv_bytes = loading_phase(
        &mut context,
        (
            "CSV",
            "CSV loading",
            "ClaimFile::from_csv_str, strict, validation included",
        ),
        || csv_text(n),
        |text| ClaimFile::from_csv_str(text, &load).map_or(0, |f| f.claims.len()),
    );
    let json_bytes = loading_phase(
        &mut context,
        (
            "JSON",
            "JSON loading",
            "ClaimFile::from_json_str, strict, validation included",
        ),
        || json_text(n),
        |text| ClaimFile::from_json_str(text, &load).map_or(0, |f| f.claims.len()),
    );

    let megabytes =
        |b: Option<usize>| b.map_or("-".to_owned(), |b| format!("{:.1}", b as f64 / 1e6));
    println!(
        "N = {n} claims ({counted} counted after supersession, {} bytes per Claim before its strings), \
         {} endpoints; CSV {} MB, JSON {} MB; set up in {:.1} s",
        std::mem::size_of::<Claim>(),
        2 * n,
        megabytes(csv_bytes),
        megabytes(json_bytes),
        setup.as_secs_f64()
    );
    // The floor line: the median of every phase's floor samples together.
    let mut all_floors: Vec<Duration> = phases.iter().flat_map(|p| p.samples.clone()).collect();
    println!(
        "{:<20} {}  {:>7}   sort_unstable_by(f64::total_cmp) of {} f64 (fresh input)",
        "floor",
        show(median(&mut all_floors)),
        "1.00x",
        2 * n
    );
    // In the usual order, whichever phase timed each line.
    lines.sort_by_key(|l| ORDER.iter().position(|&o| o == l.name));
    for line in &lines {
        let ratio = line.median.as_secs_f64() / line.floor.as_secs_f64().max(1e-12);
        let speed = line
            .bytes
            .map(|b| {
                format!(
                    "  {:6.1} MB/s",
                    b as f64 / 1e6 / line.median.as_secs_f64().max(1e-12)
                )
            })
            .unwrap_or_default();
        println!(
            "{:<20} {}  {:>6.2}x{speed}   {}",
            line.name,
            show(line.median),
            ratio,
            line.includes
        );
    }
    let floors: Vec<String> = phases
        .iter_mut()
        .filter(|p| !p.samples.is_empty())
        .map(|p| format!("{} {}", p.name, show(median(&mut p.samples)).trim()))
        .collect();
    let statistic = if std::env::var_os("LIMIT_RATIO_MIN").is_some() {
        "fastest"
    } else {
        "medians"
    };
    println!(
        "{statistic} of {repetitions} interleaved repetitions; ratios to the floor of the same \
         phase ({})",
        floors.join(", ")
    );
    Ok(())
}

/// The phases, in the order they run.
const PHASES: [&str; 5] = ["conflicts", "algorithms", "report", "CSV", "JSON"];

/// The order of the printed lines.
const ORDER: [&str; 13] = [
    "prepare",
    "shared sort",
    "union",
    "k-of-n agreement",
    "weighted agreement",
    "NTP selection",
    "Brooks-Iyengar",
    "all five, one sort",
    "conflict counting",
    "weighted median",
    "full report",
    "CSV loading",
    "JSON loading",
];

/// One printed line, kept after its phase's data is dropped.
struct Line {
    name: &'static str,
    includes: &'static str,
    bytes: Option<usize>,
    median: Duration,
    floor: Duration,
}

/// The floor samples of one phase.
struct Phase {
    name: &'static str,
    samples: Vec<Duration>,
}

/// What a phase needs from `main`.
struct PhaseContext<'a> {
    selected: &'a dyn Fn(&str) -> bool,
    floor: Floor,
    repetitions: usize,
    lines: &'a mut Vec<Line>,
    phases: &'a mut Vec<Phase>,
    setup: &'a mut Duration,
}

/// Times one loader on a text built for it alone (dropped when the phase ends), when its line
/// is selected; returns the text's size.
fn loading_phase(
    context: &mut PhaseContext<'_>,
    (phase, name, includes): (&'static str, &'static str, &'static str),
    text: impl FnOnce() -> String,
    load: impl Fn(&str) -> usize,
) -> Option<usize> {
    if !(context.selected)(name) {
        return None;
    }
    let t = Instant::now();
    let text = text();
    *context.setup += t.elapsed();
    let bytes = text.len();
    let tasks = vec![Task::new(name, includes, || load(&text)).reading(bytes)];
    run_phase(context, phase, tasks);
    Some(bytes)
}

/// Times the selected `tasks` interleaved with the floor over `repetitions`, and records each
/// task's median with the floor's median of the same phase. Nothing runs when none is selected.
fn run_phase(context: &mut PhaseContext<'_>, name: &'static str, mut tasks: Vec<Task<'_>>) {
    let PhaseContext {
        selected,
        floor,
        repetitions,
        ref mut lines,
        ref mut phases,
        ..
    } = *context;
    tasks.retain(|t| selected(t.name));
    if tasks.is_empty() {
        return;
    }

    // Small inputs: repeat each call within one sample so that a sample lasts about 2 ms.
    let budget = Duration::from_millis(2);
    let mut probe = floor.ends();
    let calibrate = Instant::now();
    probe.sort_unstable_by(f64::total_cmp);
    let floor_batch = batch_for(calibrate.elapsed(), budget);
    black_box(&probe);
    drop(probe);
    for task in &mut tasks {
        let t = Instant::now();
        black_box((task.run)());
        task.batch = batch_for(t.elapsed(), budget);
    }

    let mut copies: Vec<Vec<f64>> = Vec::new();
    let Some(phase) = phases.iter_mut().find(|p| p.name == name) else {
        return;
    };
    let floor_samples = &mut phase.samples;
    for _ in 0..repetitions {
        copies.clear();
        let input = floor.ends();
        copies.extend((1..floor_batch).map(|_| input.clone()));
        copies.push(input);
        let t = Instant::now();
        for copy in &mut copies {
            copy.sort_unstable_by(f64::total_cmp);
            black_box(&copy);
        }
        floor_samples.push(t.elapsed() / floor_batch);
        // The sorted copies are not kept while the lines run (a million claims: 16 MB).
        copies.clear();
        for task in &mut tasks {
            let t = Instant::now();
            for _ in 0..task.batch {
                black_box((task.run)());
            }
            task.samples.push(t.elapsed() / task.batch);
        }
    }
    drop(copies);

    let floor = median(&mut floor_samples.clone());
    for task in &mut tasks {
        lines.push(Line {
            name: task.name,
            includes: task.includes,
            bytes: task.bytes,
            median: median(&mut task.samples),
            floor,
        });
    }
}

/// N and REPETITIONS from the command line, each a count of at least 1 (no claim, or no
/// sample, would leave nothing to take a ratio or a median of); a message that names the
/// argument otherwise.
fn arguments() -> Result<(usize, usize), String> {
    let given: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if given.len() > 2 {
        return Err(format!(
            "at most two arguments, N and REPETITIONS, not {}",
            given.len()
        ));
    }
    let count = |position: usize, name: &str, default: usize| {
        let Some(text) = given.get(position) else {
            return Ok(default);
        };
        match text.to_str().map(str::parse::<usize>) {
            Some(Ok(count)) if count >= 1 => Ok(count),
            _ => Err(format!(
                "{name} must be a whole number of at least 1, not `{}`",
                text.to_string_lossy()
            )),
        }
    };
    let n = count(0, "N (claims)", 1_000_000)?;
    let repetitions = count(1, "REPETITIONS", if n >= 100_000 { 7 } else { 11 })?;
    Ok((n, repetitions))
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
