//! Arbitrary claim sets through preparation, union, hull, k-of-n agreement (by count and by
//! weight), NTP selection (both membership rules), Brooks–Iyengar, the conflict listing and
//! the report in every method and rendering, asserting each algorithm's invariants:
//!
//! - the consensus region lies inside every supporting claim (inside the union of each
//!   supporting origin's claims when an origin has several);
//! - support never exceeds the number of independent sources (groups);
//! - the hull contains every counted claim; the union is sorted and disjoint and covers them;
//! - the conflict count equals the number of conflicts listed;
//! - no output number is NaN.
//!
//! Claims are decoded by hand from the bytes: values from a palette of hard cases (±f64::MAX,
//! ±1e308, subnormals, −0.0, equal ends) or raw bits, open/closed/unbounded ends, duplicate
//! ids, shared groups, restatements and supersession links, and sometimes one claim repeated
//! thousands of times.

#![no_main]

use std::sync::Arc;

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use sourced::{
    Agreement, Bound, BrooksIyengar, Claim, ClaimDate, ClaimKind, ClaimSet, Confidence, Domain,
    Estimate, Evidence, Interval, Membership, Method, PrepareOptions, Quantity, QuantityKind,
    Report, Selection, Source, Supersession, conflicts, count_conflicts, hull, prepare, union,
};

const PALETTE: [f64; 16] = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    3000.0,
    10_000.0,
    f64::MAX,
    -f64::MAX,
    1e308,
    -1e308,
    f64::MIN_POSITIVE,
    5e-324,
    -5e-324,
    0.5,
    1e-300,
    600_000.0,
];

fn value(u: &mut Unstructured<'_>) -> Result<f64> {
    Ok(match u.int_in_range(0u8..=3)? {
        0 => f64::from_bits(u.arbitrary::<u64>()?),
        1 => f64::from(u.int_in_range(-20i8..=20)?),
        _ => PALETTE[usize::from(u.int_in_range(0u8..=15)?)],
    })
}

fn bound(u: &mut Unstructured<'_>, v: f64) -> Result<Bound> {
    Ok(match u.int_in_range(0u8..=5)? {
        0 => Bound::Unbounded,
        1 | 2 => sourced::Finite::new(v).map_or(Bound::Unbounded, Bound::Open),
        _ => sourced::Finite::new(v).map_or(Bound::Unbounded, Bound::Closed),
    })
}

fn interval(u: &mut Unstructured<'_>) -> Result<Option<Interval>> {
    let a = value(u)?;
    let b = if u.ratio(1u8, 4)? { a } else { value(u)? };
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    let (low, high) = (bound(u, a)?, bound(u, b)?);
    Ok(Interval::new(low, high).ok())
}

fn quantity(u: &mut Unstructured<'_>, id: &str) -> Result<Arc<Quantity>> {
    let domain = match u.int_in_range(0u8..=2)? {
        0 => Domain::Count,
        1 => Domain::Real,
        _ => Domain::bounded(0.0, 100.0).unwrap_or(Domain::Real),
    };
    let kind = if u.arbitrary()? {
        QuantityKind::Cumulative
    } else {
        QuantityKind::Level
    };
    let q = Quantity::new(id, "units").expect("a valid identifier");
    Ok(Arc::new(q.with_domain(domain).with_kind(kind)))
}

fn claims(u: &mut Unstructured<'_>) -> Result<ClaimSet> {
    let quantities = [quantity(u, "q0")?, quantity(u, "q1")?];
    let mut sources = Vec::new();
    for s in 0..6u8 {
        let mut source = Source::new(format!("s{s}"), format!("Source {s}")).expect("valid");
        if u.ratio(1u8, 2)? {
            let group = format!("g{}", u.int_in_range(0u8..=2)?);
            source = source.with_group(group).expect("valid");
        }
        if u.ratio(1u8, 4)?
            && let Ok(weighted) = source.clone().with_weight(value(u)?.abs())
        {
            source = weighted;
        }
        sources.push(Arc::new(source));
    }
    let unique_ids = u.arbitrary::<bool>()?;
    let n = u.int_in_range(0u16..=40)?;
    let mut set = ClaimSet::new();
    for i in 0..n {
        let Some(interval) = interval(u)? else {
            continue;
        };
        let id = if unique_ids {
            format!("c{i}")
        } else {
            format!("c{}", u.int_in_range(0u8..=7)?)
        };
        let q = quantities[usize::from(u.ratio(1u8, 8)?)].clone();
        let source = sources[usize::from(u.int_in_range(0u8..=5)?)].clone();
        let mut estimate = Estimate::new(interval);
        if u.ratio(1u8, 3)?
            && let Ok(with_best) = estimate.clone().with_best(value(u)?)
        {
            estimate = with_best;
        }
        if u.ratio(1u8, 3)?
            && let Ok(with_level) = estimate.clone().with_level(0.5 + value(u)?.abs().min(0.49))
        {
            estimate = with_level;
        }
        let Ok(mut claim) = Claim::new(id, q, source, estimate) else {
            continue;
        };
        if u.ratio(1u8, 2)? {
            let month = u.int_in_range(1i8..=12)?;
            if let Ok(date) = ClaimDate::month(2024, month) {
                claim = claim.with_stated(date);
            }
        }
        if u.ratio(1u8, 3)?
            && let Ok(c) = Confidence::range(value(u)?.abs().min(1.0), 1.0)
        {
            claim = claim.with_confidence(c);
        }
        claim = claim.with_kind(match u.int_in_range(0u8..=7)? {
            0 => ClaimKind::Denial,
            1 => ClaimKind::DocumentedCount,
            2 => ClaimKind::Projection,
            3 => ClaimKind::Statement,
            _ => ClaimKind::Estimate,
        });
        match u.int_in_range(0u8..=9)? {
            0 => claim = claim.restating(format!("c{}", u.int_in_range(0u16..=n)?)),
            1 => claim = claim.superseding(format!("c{}", u.int_in_range(0u16..=n)?)),
            _ => {}
        }
        set.push(claim);
    }
    // Thousands of claims in one quantity: the last claim, repeated under new ids.
    if u.ratio(1u8, 16)?
        && let Some(last) = set.claims().last().cloned()
    {
        let copies = u.int_in_range(100u16..=3000)?;
        for k in 0..copies {
            let source = sources[usize::from(k % 6)].clone();
            if let Ok(c) = Claim::new(
                format!("r{k}"),
                last.quantity().clone(),
                source,
                last.estimate().clone(),
            ) {
                set.push(c);
            }
        }
    }
    Ok(set)
}

fn no_nan(x: f64, what: &str) {
    assert!(!x.is_nan(), "{what} is NaN");
}

/// Whether `region` lies inside the union of `intervals` (sorted here; small lists).
fn covered_by(region: &Interval, intervals: &[Interval]) -> bool {
    let mut pieces: Vec<Interval> = intervals.to_vec();
    pieces.sort_by_key(Interval::start);
    let mut merged: Vec<Interval> = Vec::new();
    for p in pieces {
        match merged.last_mut() {
            // Sharing a value, or touching with no value between, joins two pieces.
            Some(last)
                if last.intersects(&p)
                    || last.relation(&p) == sourced::Relation::TouchesBefore =>
            {
                *last = last.hull(&p);
            }
            _ => merged.push(p),
        }
    }
    merged.iter().any(|m| m.contains_interval(region))
}

fn check_evidence(evidence: &Evidence<'_>, groups: usize) {
    let counted: Vec<&Interval> = evidence
        .claims()
        .iter()
        .filter(|c| c.is_counted())
        .map(|c| c.interval())
        .collect();
    assert!(evidence.counted_origins() <= groups.max(evidence.origin_count()));
    for c in evidence.claims() {
        no_nan(c.weight(), "a prepared weight");
    }

    // Hull.
    match hull(evidence) {
        Some(h) => {
            for c in &counted {
                assert!(h.interval.contains_interval(c), "hull {} misses {c}", h.interval);
            }
        }
        None => assert!(counted.is_empty()),
    }

    // Union: sorted, disjoint, covering.
    let pieces = union(evidence);
    for pair in pieces.windows(2) {
        let (a, b) = (&pair[0].interval, &pair[1].interval);
        assert!(a.end() < b.start(), "union pieces {a} and {b} out of order or overlapping");
        assert!(!a.intersects(b));
    }
    for c in &counted {
        assert!(
            pieces.iter().any(|p| p.interval.contains_interval(c)),
            "no union piece holds {c}"
        );
    }
    assert_eq!(pieces.iter().map(|p| p.claims).sum::<usize>(), counted.len());

    // k-of-n agreement, by count and by weight.
    for weighted in [false, true] {
        let consensus = Agreement::new().weighted(weighted).run(evidence);
        assert!(consensus.support <= evidence.counted_origins());
        assert!(consensus.sources <= evidence.counted_origins().max(consensus.sources));
        if let Some(w) = consensus.weight {
            no_nan(w, "the consensus weight");
        }
        for pair in consensus.regions.windows(2) {
            assert!(pair[0].interval.end() < pair[1].interval.start());
        }
        for region in &consensus.regions {
            assert!(region.support <= evidence.counted_origins());
            assert_eq!(region.support, region.origins.len());
            if let Some(w) = region.weight {
                no_nan(w, "a region weight");
            }
            for id in &region.supporting {
                let claim = evidence.claim(*id).expect("a supporting claim exists");
                assert!(claim.is_counted());
                assert!(claim.interval().intersects(&region.interval));
            }
            // Inside every supporting claim, or the union of each supporting origin's claims.
            for origin in &region.origins {
                let own: Vec<Interval> = region
                    .supporting
                    .iter()
                    .filter_map(|id| evidence.claim(*id))
                    .filter(|c| c.origin() == *origin)
                    .map(|c| *c.interval())
                    .collect();
                assert!(
                    covered_by(&region.interval, &own),
                    "region {} not inside origin {origin}'s claims {own:?} (weighted: {weighted}); \
                     evidence: {:?}",
                    region.interval,
                    evidence
                        .claims()
                        .iter()
                        .map(|c| (c.interval().to_string(), c.origin(), c.weight(), c.is_counted()))
                        .collect::<Vec<_>>()
                );
            }
            if !weighted && !evidence.has_shared_origins() {
                for id in &region.supporting {
                    let c = evidence.claim(*id).expect("exists").interval();
                    assert!(c.contains_interval(&region.interval), "region {} outside {c}", region.interval);
                }
            }
        }
    }

    // NTP selection.
    for selection in [
        Selection::ntp(),
        Selection::chrony(),
        Selection::ntp().membership(Membership::ContainsOrWithin).min_agreeing(2),
        Selection::ntp().max_falsetickers(1),
    ] {
        if let Some(m) = selection.run(evidence).majority() {
            assert!(m.agreeing <= m.sources);
            assert!(m.sources <= evidence.counted_origins());
            assert_eq!(m.f, m.sources - m.agreeing);
            assert_eq!(m.truechimers.len() + m.falsetickers.len(), counted.len());
            for id in &m.truechimers {
                let c = evidence.claim(*id).expect("exists").interval();
                assert!(c.intersects(&m.region), "truechimer {c} misses {}", m.region);
            }
        }
    }

    // Brooks–Iyengar, for every f.
    let n = evidence.counted_origins();
    for f in [0, 1, n / 3, n.saturating_sub(1) / 2, n, n + 1] {
        let fused = BrooksIyengar::new(f).run(evidence);
        assert!(fused.sources <= n);
        for piece in &fused.regions {
            assert!(piece.support <= n);
            assert!(piece.support >= fused.threshold || n == 0);
            if let Some(i) = &fused.interval {
                assert!(i.contains_interval(&piece.interval));
            }
        }
        if let Some(p) = fused.point {
            no_nan(p, "the Brooks–Iyengar point");
            if let Some(i) = &fused.interval {
                assert!(
                    p.is_infinite() || i.contains(p) || i.low_value() == Some(p) || i.high_value() == Some(p),
                    "point {p} outside {i}"
                );
            }
        }
    }

    // The conflict listing against the count.
    let intervals: Vec<Interval> = counted.iter().map(|i| **i).collect();
    let listed: Vec<_> = conflicts(&intervals).collect();
    assert_eq!(listed.len() as u64, count_conflicts(&intervals));
    for c in &listed {
        no_nan(c.gap, "a conflict gap");
        assert!(c.gap >= 0.0);
        if let Some(r) = c.ratio {
            no_nan(r, "a conflict ratio");
        }
        assert!(!intervals[c.lower].intersects(&intervals[c.upper]));
    }
}

/// Pooling, meta-analysis and the conversion of each claim: results or errors, never a panic,
/// and no NaN in the figures they report.
fn check_statistics(claims: &[&Claim]) {
    for claim in claims {
        let _ = sourced::claim_distribution(claim, &sourced::ConvertOptions::default());
    }
    if let Ok(pool) = sourced::pool_claims(claims, &sourced::PoolOptions::default()) {
        let shown = format!("{pool:?}");
        assert!(!shown.contains("NaN"), "NaN in a pool: {shown}");
    }
    if let Ok(meta) = sourced::meta_analysis(claims, &sourced::MetaOptions::default()) {
        let shown = format!("{meta:?}");
        assert!(!shown.contains("NaN"), "NaN in a meta-analysis: {shown}");
    }
}

fn check_report(set: &ClaimSet) {
    for method in Method::ALL {
        let Ok(report) = Report::builder().method(method).conflict_limit(None).build(set) else {
            continue;
        };
        for q in &report.quantities {
            let groups: std::collections::BTreeSet<&str> =
                q.claims.iter().map(|c| c.source().group()).collect();
            assert_eq!(q.conflict_count, q.conflicts.len() as u64, "{method}");
            for region in &q.consensus {
                assert!(region.support <= groups.len(), "{method}: support above the groups");
                if let Some(w) = region.weight {
                    no_nan(w, "a report weight");
                }
                if let Some(b) = region.best {
                    no_nan(b, "a report best value");
                }
                for id in &region.supporting {
                    let row = q.claim(id).expect("a supporting claim has a row");
                    assert!(
                        row.interval.intersects(&region.interval),
                        "{method}: supporting claim {id} {} misses {}",
                        row.interval,
                        region.interval
                    );
                }
            }
            for c in &q.conflicts {
                no_nan(c.gap, "a report gap");
                if let Some(r) = c.ratio {
                    no_nan(r, "a report ratio");
                }
            }
            for b in &q.breaks {
                no_nan(b.gap, "a series-break gap");
            }
            let s = &q.spread;
            for x in [s.ratio, s.orders_of_magnitude]
                .into_iter()
                .flatten()
                .chain(s.smallest.iter().map(|p| p.1))
                .chain(s.largest.iter().map(|p| p.1))
            {
                no_nan(x, "a spread figure");
            }
        }
        let text = report.to_string();
        let markdown = report.to_markdown();
        let svg = report.to_svg();
        for (name, out) in [("text", &text), ("markdown", &markdown), ("svg", &svg)] {
            assert!(!out.contains("NaN"), "NaN in the {name} report:\n{out}");
        }
        let json = report.to_json().expect("a report serialises");
        assert!(!json.contains("NaN"));
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(set) = claims(&mut u) else {
        return;
    };
    let options = [
        PrepareOptions::new(),
        PrepareOptions::new()
            .supersession(Supersession::Off)
            .denials_as_zero(false)
            .documented_counts_as_floors(false),
    ];
    for group in set.groups() {
        let groups: std::collections::BTreeSet<&str> =
            group.claims.iter().map(|c| c.source().group()).collect();
        for o in &options {
            if let Ok(evidence) = prepare(group.claims.iter().copied(), o) {
                check_evidence(&evidence, groups.len());
            }
        }
        check_statistics(&group.claims);
    }
    // Two quantities passed to one preparation: an error, never a silent result.
    if set.groups().len() > 1 {
        assert!(prepare(&set, &PrepareOptions::new()).is_err());
    }
    check_report(&set);
});
