//! Results do not depend on the order of the input: the report (as JSON), k-of-n agreement,
//! NTP selection and Brooks–Iyengar give the same answer, byte for byte, for every permutation
//! of the same claims. Where a result is a list "in input order" (the report's claim rows,
//! supporting claims, falsetickers, conflicts), the comparison sorts that list by claim id;
//! everything else — regions, support, which claim sets each bound, the extremes of the spread,
//! the notes — must be identical, so ties must be broken by claim id, not by position.
//! Values come from a small palette so that ties (equal ends, equal representative values,
//! equal dates) are frequent.
#![cfg(feature = "json")]

use std::sync::Arc;

use proptest::prelude::*;
use serde_json::Value;
use sourced::{
    Agreement, BrooksIyengar, Claim, ClaimDate, ClaimKind, ClaimSet, Confidence, Estimate,
    Interval, Method, PrepareOptions, Quantity, QuantityKind, Report, Selection, Source, Status,
    prepare,
};

/// A claim as plain data, so that proptest can shrink it.
#[derive(Clone, Debug)]
struct Spec {
    low: Option<(u8, bool)>,
    high: Option<(u8, bool)>,
    source: u8,
    month: Option<u8>,
    confidence: Option<u8>,
    denial: bool,
}

const VALUES: [f64; 6] = [0.0, 1.0, 3000.0, 10_000.0, 1e308, f64::MAX];

fn spec() -> impl Strategy<Value = Spec> {
    (
        proptest::option::of((0u8..6, any::<bool>())),
        proptest::option::of((0u8..6, any::<bool>())),
        0u8..5,
        proptest::option::of(1u8..4),
        proptest::option::of(0u8..3),
        proptest::bool::weighted(0.1),
    )
        .prop_map(|(low, high, source, month, confidence, denial)| Spec {
            low,
            high,
            source,
            month,
            confidence,
            denial,
        })
}

fn build(specs: &[Spec], kind: QuantityKind) -> Vec<Claim> {
    let q = Arc::new(Quantity::new("q", "troops").unwrap().with_kind(kind));
    // Sources 0 and 1 share an independence group, as the White House and the Pentagon do.
    let sources: Vec<Arc<Source>> = (0..5)
        .map(|s| {
            let source = Source::new(format!("s{s}"), format!("Source {s}")).unwrap();
            let source = if s < 2 {
                source.with_group("g-shared").unwrap()
            } else {
                source
            };
            Arc::new(source.with_weight(f64::from(s % 3 + 1)).unwrap())
        })
        .collect();
    let mut claims = Vec::new();
    for (i, s) in specs.iter().enumerate() {
        let end = |e: Option<(u8, bool)>| e.map(|(v, open)| (VALUES[usize::from(v)], open));
        let (low, high) = (end(s.low), end(s.high));
        let interval = Interval::from_parts(
            low.map(|l| l.0),
            low.is_some_and(|l| l.1),
            high.map(|h| h.0),
            high.is_some_and(|h| h.1),
        );
        let Ok(interval) = interval else { continue };
        let source = sources[usize::from(s.source)].clone();
        let Ok(mut claim) = Claim::new(
            format!("c{i:02}"),
            q.clone(),
            source,
            Estimate::new(interval),
        ) else {
            continue;
        };
        if let Some(m) = s.month {
            claim = claim.with_stated(ClaimDate::month(2024, m as i8).unwrap());
        }
        if let Some(c) = s.confidence {
            claim =
                claim.with_confidence(Confidence::probability(0.25 * f64::from(c + 1)).unwrap());
        }
        if s.denial {
            claim = claim.with_kind(ClaimKind::Denial);
        }
        claims.push(claim);
    }
    claims
}

/// Sorts, by the string value of `key` (or by the whole element), every list named `field`.
fn sort_lists(value: &mut Value, field: &str, key: Option<&str>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if k == field
                    && let Value::Array(list) = v
                {
                    list.sort_by_key(|e| match key {
                        Some(key) => e.get(key).map(ToString::to_string).unwrap_or_default(),
                        None => e.to_string(),
                    });
                }
                sort_lists(v, field, key);
            }
        }
        Value::Array(list) => list.iter_mut().for_each(|v| sort_lists(v, field, key)),
        _ => {}
    }
}

/// The report as JSON, with the lists documented "in input order" sorted by claim id.
fn report_json(claims: &[Claim], method: Method) -> String {
    let set: ClaimSet = claims.iter().cloned().collect();
    let Ok(report) = Report::builder()
        .method(method)
        .conflict_limit(None)
        .build(&set)
    else {
        return "refused".to_owned();
    };
    let mut value: Value = serde_json::from_str(&report.to_json().unwrap()).unwrap();
    sort_lists(&mut value, "claims", Some("id"));
    for field in ["supporting", "falsetickers", "members"] {
        sort_lists(&mut value, field, None);
    }
    sort_lists(&mut value, "conflicts", None);
    // The pool lists its components and exclusions in input order.
    sort_lists(&mut value, "excluded", Some("claim"));
    sort_lists(&mut value, "components", None);
    // So does the meta-analysis with its studies and leave-one-out results.
    sort_lists(&mut value, "studies", None);
    sort_lists(&mut value, "leave_one_out", None);
    sort_lists(&mut value, "breaks", None);
    serde_json::to_string_pretty(&value).unwrap()
}

/// The algorithms' results, with claim positions replaced by claim ids.
fn algorithms(claims: &[Claim]) -> String {
    let Ok(evidence) = prepare(claims, &PrepareOptions::new()) else {
        return "refused".to_owned();
    };
    let id = |c: sourced::ClaimId| evidence.id(c).into_owned();
    let ids = |list: &[sourced::ClaimId]| {
        let mut v: Vec<String> = list.iter().map(|&c| id(c)).collect();
        v.sort();
        v
    };
    let mut out = String::new();
    for weighted in [false, true] {
        let c = Agreement::new().weighted(weighted).run(&evidence);
        out += &format!(
            "agreement weighted={weighted} support={} weight={:?}\n",
            c.support, c.weight
        );
        for r in &c.regions {
            out += &format!(
                "  {} support={} origins={:?} low_set_by={} high_set_by={} supporting={:?}\n",
                r.interval,
                r.support,
                r.origins,
                id(r.low_set_by),
                id(r.high_set_by),
                ids(&r.supporting)
            );
        }
    }
    for selection in [Selection::ntp(), Selection::chrony()] {
        match selection.run(&evidence).majority() {
            Some(m) => {
                out += &format!(
                    "ntp {} low_set_by={} high_set_by={} agreeing={} f={} true={:?} false={:?}\n",
                    m.region,
                    id(m.low_set_by),
                    id(m.high_set_by),
                    m.agreeing,
                    m.f,
                    ids(&m.truechimers),
                    ids(&m.falsetickers)
                )
            }
            None => out += "ntp none\n",
        }
    }
    for f in 0..3 {
        let fused = BrooksIyengar::new(f).run(&evidence);
        out += &format!(
            "bi f={f} point={:?} interval={:?} pieces={:?}\n",
            fused.point.map(f64::to_bits),
            fused.interval.map(|i| i.to_string()),
            fused
                .regions
                .iter()
                .map(|p| (p.interval.to_string(), p.support))
                .collect::<Vec<_>>()
        );
    }
    let mut rows: Vec<String> = evidence
        .claims()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let status = match c.status() {
                Status::Superseded { by } => format!("superseded by {}", id(by)),
                Status::Restatement { of } => format!("restates {}", id(of)),
                other => format!("{other:?}"),
            };
            let origin = evidence.origin_name(c.origin());
            let me = id(sourced::ClaimId(i as u32));
            format!(
                "{me} {status} {} origin={origin} weight={:?}",
                c.interval(),
                c.weight().to_bits()
            )
        })
        .collect();
    rows.sort();
    out + &rows.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn results_do_not_depend_on_input_order(
        (specs, order) in proptest::collection::vec(spec(), 0..10).prop_flat_map(|v| {
            let n = v.len();
            (Just(v), Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
        }),
        cumulative in any::<bool>(),
    ) {
        let kind = if cumulative { QuantityKind::Cumulative } else { QuantityKind::Level };
        let claims = build(&specs, kind);
        let permuted: Vec<Claim> = order.iter().filter_map(|&i| claims.get(i).cloned()).collect();
        prop_assert_eq!(permuted.len(), claims.len());
        for method in Method::ALL {
            prop_assert_eq!(report_json(&claims, method), report_json(&permuted, method), "{}", method);
        }
        prop_assert_eq!(algorithms(&claims), algorithms(&permuted));
    }
}
