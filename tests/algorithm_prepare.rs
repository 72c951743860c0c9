//! Preparation: quantities, supersession, restatements, origins, denials, floors, window.

use std::sync::Arc;

use sourced::{
    Adjustment, Agreement, Claim, ClaimDate, ClaimKind, ClaimSet, Error, Estimate, Interval,
    Period, PrepareOptions, Quantity, QuantityKind, Source, Status, Supersession, prepare,
};

fn quantity(id: &str) -> Arc<Quantity> {
    Arc::new(Quantity::new(id, "troops").unwrap())
}

fn source(id: &str) -> Arc<Source> {
    Arc::new(Source::new(id, id).unwrap())
}

fn claim(id: &str, q: &Arc<Quantity>, s: &Arc<Source>, i: Interval) -> Claim {
    Claim::new(id, q.clone(), s.clone(), Estimate::new(i)).unwrap()
}

fn date(text: &str) -> ClaimDate {
    text.parse().unwrap()
}

fn closed(a: f64, b: f64) -> Interval {
    Interval::closed(a, b).unwrap()
}

#[test]
fn different_quantities_are_an_error_naming_both_claims() {
    let (a, b, s) = (quantity("a"), quantity("b"), source("s"));
    let set: ClaimSet = [
        claim("c1", &a, &s, closed(1.0, 2.0)),
        claim("c2", &b, &s, closed(1.0, 2.0)),
    ]
    .into_iter()
    .collect();
    match prepare(&set, &PrepareOptions::new()) {
        Err(Error::MixedQuantities {
            first_claim,
            other_claim,
            ..
        }) => {
            assert_eq!((first_claim.as_str(), other_claim.as_str()), ("c1", "c2"));
        }
        other => panic!("expected MixedQuantities, got {other:?}"),
    }
    // One quantity group of the set prepares fine.
    let group = set.group("a").unwrap();
    assert_eq!(
        prepare(group.claims.iter().copied(), &PrepareOptions::new())
            .unwrap()
            .counted(),
        1
    );
}

#[test]
fn duplicate_ids_are_an_error() {
    let (q, s) = (quantity("q"), source("s"));
    let set: ClaimSet = [
        claim("c", &q, &s, closed(1.0, 2.0)),
        claim("c", &q, &s, closed(1.0, 2.0)),
    ]
    .into_iter()
    .collect();
    let err = prepare(&set, &PrepareOptions::new()).unwrap_err();
    assert!(err.to_string().contains("duplicate claim id"), "{err}");
}

#[test]
fn later_claim_of_a_source_supersedes_earlier_ones() {
    let (q, s, t) = (quantity("q"), source("s"), source("t"));
    let set: ClaimSet = [
        claim("s-old", &q, &s, closed(1.0, 2.0)).with_stated(date("2024-01")),
        claim("s-new", &q, &s, closed(5.0, 6.0)).with_stated(date("2024-03-02")),
        claim("s-undated", &q, &s, closed(7.0, 8.0)),
        claim("t-1", &q, &t, closed(1.0, 2.0)).with_stated(date("2024-01")),
    ]
    .into_iter()
    .collect();
    let e = prepare(&set, &PrepareOptions::new()).unwrap();
    let status: Vec<Status> = e.claims().iter().map(|c| c.status()).collect();
    assert!(matches!(status[0], Status::Superseded { by } if e.id(by) == "s-new"));
    assert_eq!(
        &status[1..],
        [Status::Active, Status::Active, Status::Active]
    );
    // Switched off: all count.
    let off = prepare(&set, &PrepareOptions::new().supersession(Supersession::Off)).unwrap();
    assert_eq!(off.counted(), 4);
}

#[test]
fn equal_dates_and_different_as_of_periods_do_not_supersede() {
    let (q, s) = (quantity("q"), source("s"));
    let set: ClaimSet = [
        claim("a", &q, &s, closed(1.0, 2.0)).with_stated(date("2024-03-02")),
        claim("b", &q, &s, closed(5.0, 6.0)).with_stated(date("2024-03-02")),
        claim("c", &q, &s, closed(1.0, 2.0))
            .with_stated(date("2024-01"))
            .with_as_of(date("2023")),
        claim("d", &q, &s, closed(1.0, 2.0))
            .with_stated(date("2024-05"))
            .with_as_of(date("2024")),
    ]
    .into_iter()
    .collect();
    let e = prepare(&set, &PrepareOptions::new()).unwrap();
    assert_eq!(e.counted(), 4);
}

#[test]
fn restatements_count_with_their_original() {
    let (q, s, outlet) = (quantity("q"), source("s"), source("outlet"));
    let set: ClaimSet = [
        claim("orig", &q, &s, closed(1.0, 2.0)),
        claim("relay", &q, &outlet, closed(1.0, 3.0))
            .with_kind(ClaimKind::Restatement)
            .restating("orig"),
        claim("relay-of-relay", &q, &outlet, closed(1.0, 3.0)).restating("relay"),
    ]
    .into_iter()
    .collect();
    let e = prepare(&set, &PrepareOptions::new()).unwrap();
    for c in &e.claims()[1..] {
        assert!(matches!(c.status(), Status::Restatement { of } if e.id(of) == "orig"));
        assert_eq!(e.origin_name(c.origin()), "s");
    }
    assert_eq!((e.counted(), e.counted_origins()), (1, 1));
    let agreement = Agreement::new().run(&e);
    assert_eq!(agreement.regions[0].interval.to_string(), "[1, 2]");
}

#[test]
fn restatement_cycles_are_an_error() {
    let (q, s) = (quantity("q"), source("s"));
    let set: ClaimSet = [
        claim("a", &q, &s, closed(1.0, 2.0)).restating("b"),
        claim("b", &q, &s, closed(1.0, 2.0)).restating("a"),
    ]
    .into_iter()
    .collect();
    let err = prepare(&set, &PrepareOptions::new()).unwrap_err();
    assert!(err.to_string().contains("cycle"), "{err}");
}

#[test]
fn denials_are_zero_and_documented_counts_are_floors() {
    let (q, s, t) = (quantity("q"), source("s"), source("t"));
    let set: ClaimSet = [
        claim("denial", &q, &s, Interval::at_most(0.0).unwrap()).with_kind(ClaimKind::Denial),
        claim("tally", &q, &t, Interval::point(43_000.0).unwrap())
            .with_kind(ClaimKind::DocumentedCount),
    ]
    .into_iter()
    .collect();
    let e = prepare(&set, &PrepareOptions::new()).unwrap();
    assert_eq!(e.claims()[0].interval().to_string(), "[0, 0]");
    assert_eq!(e.claims()[0].adjustment(), Adjustment::DenialAsZero);
    assert_eq!(e.claims()[1].interval().to_string(), "[43000, ∞)");
    assert_eq!(e.claims()[1].adjustment(), Adjustment::Floor);
    let raw = prepare(
        &set,
        &PrepareOptions::new().documented_counts_as_floors(false),
    )
    .unwrap();
    assert_eq!(raw.claims()[1].interval().to_string(), "[43000, 43000]");
}

/// DESIGN.md: "Documented counts are floors … it does not conflict with a larger estimate".
#[test]
fn a_documented_count_agrees_with_a_larger_estimate() {
    let (q, s, t) = (quantity("q"), source("ministry"), source("un"));
    let set: ClaimSet = [
        claim("tally", &q, &s, Interval::point(43_000.0).unwrap())
            .with_kind(ClaimKind::DocumentedCount),
        claim("estimate", &q, &t, closed(60_000.0, 80_000.0)),
    ]
    .into_iter()
    .collect();
    let c = Agreement::new().run(&prepare(&set, &PrepareOptions::new()).unwrap());
    assert_eq!(c.support, 2);
    assert_eq!(c.regions[0].interval.to_string(), "[60000, 80000]");
}

#[test]
fn time_window_excludes_other_periods_and_undated_claims() {
    let q = Arc::new(
        Quantity::new("q", "troops")
            .unwrap()
            .with_kind(QuantityKind::Level),
    );
    let (s, t, u) = (source("s"), source("t"), source("u"));
    let set: ClaimSet = [
        claim("oct", &q, &s, closed(1.0, 2.0)).with_as_of(date("2024-10")),
        claim("dec", &q, &t, closed(5.0, 6.0)).with_stated(date("2024-12-01")),
        claim("undated", &q, &u, closed(1.0, 2.0)),
    ]
    .into_iter()
    .collect();
    let window: Period = "2024-10-01/2024-10-31".parse().unwrap();
    let e = prepare(&set, &PrepareOptions::new().window(window)).unwrap();
    let status: Vec<Status> = e.claims().iter().map(|c| c.status()).collect();
    assert_eq!(
        status,
        [Status::Active, Status::OutsideWindow, Status::Undated]
    );
    assert_eq!(e.window(), Some(window));
    assert_eq!(
        prepare(&set, &PrepareOptions::new()).unwrap().window(),
        None
    );
}

#[test]
fn statuses_do_not_depend_on_input_order() {
    let (q, s) = (quantity("q"), source("s"));
    let claims = vec![
        claim("a", &q, &s, closed(1.0, 2.0)).with_stated(date("2024-01")),
        claim("b", &q, &s, closed(5.0, 6.0)).with_stated(date("2024-03")),
        claim("c", &q, &s, closed(5.0, 7.0)).with_stated(date("2024-03")),
    ];
    let forward = prepare(&claims, &PrepareOptions::new()).unwrap();
    let reversed: Vec<&Claim> = claims.iter().rev().collect();
    let backward = prepare(reversed.iter().copied(), &PrepareOptions::new()).unwrap();
    let describe = |e: &sourced::Evidence<'_>| {
        let mut v: Vec<(String, String)> = e
            .claims()
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let id = e.id(sourced::ClaimId(i as u32)).into_owned();
                let status = match c.status() {
                    Status::Superseded { by } => format!("superseded by {}", e.id(by)),
                    other => format!("{other:?}"),
                };
                (id, status)
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(describe(&forward), describe(&backward));
    assert_eq!(describe(&forward)[0].1, "superseded by b");
}

#[test]
fn long_restatement_chains_resolve_to_their_first_claim() {
    let (q, s) = (quantity("q"), source("s"));
    let n = 20_000;
    let claims: Vec<Claim> = (0..n)
        .map(|k| {
            let c = claim(&format!("c{k}"), &q, &s, closed(1.0, 2.0));
            if k == 0 {
                c
            } else {
                c.restating(format!("c{}", k - 1))
            }
        })
        .collect();
    // Reverse the input so that the walk starts at the end of the chain.
    let e = prepare(claims.iter().rev(), &PrepareOptions::new()).unwrap();
    assert_eq!(e.counted(), 1);
    let root = e.claims().iter().position(|c| c.is_counted()).unwrap();
    assert_eq!(e.id(sourced::ClaimId(root as u32)), "c0");
    assert!(e.claims().iter().all(|c| c.is_counted()
        || matches!(c.status(), Status::Restatement { of } if of.index() == root)));
}
