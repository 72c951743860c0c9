//! The seed article's troop claims (shared/seed/000_d9aef1941c247f10.txt, DESIGN.md):
//! "as many as 3,000" (U.S. government) and "more than 3,000" (White House), both of the
//! U.S. government's independence group; "as many as 10,000" (South Korea's NIS); the denial
//! from Pyongyang; Putin's implicit confirmation (more than zero, roughly even chance).

use std::sync::Arc;

use sourced::{
    Agreement, Claim, ClaimKind, ClaimSet, Confidence, Estimate, Interval, PrepareOptions,
    Quantity, Selection, Source, Status, Supersession, prepare,
};

fn seed() -> ClaimSet {
    let troops = Arc::new(Quantity::new("nk-troops-in-russia", "troops").unwrap());
    let source =
        |id: &str, group: &str| Arc::new(Source::new(id, id).unwrap().with_group(group).unwrap());
    let us = source("us-government", "us-government");
    let wh = source("white-house", "us-government");
    let nis = source("nis", "nis");
    let dprk = source("pyongyang", "pyongyang");
    let putin = source("putin", "kremlin");
    let claim = |id: &str, s: &Arc<Source>, i: Interval, date: &str| {
        Claim::new(id, troops.clone(), s.clone(), Estimate::new(i))
            .unwrap()
            .with_stated(date.parse().unwrap())
    };
    [
        claim(
            "us-3000",
            &us,
            Interval::at_most(3000.0).unwrap(),
            "2024-10-21",
        ),
        claim(
            "wh-3000",
            &wh,
            Interval::greater_than(3000.0).unwrap(),
            "2024-10-23",
        ),
        claim(
            "nis-10000",
            &nis,
            Interval::at_most(10_000.0).unwrap(),
            "2024-10",
        ),
        claim(
            "dprk-denial",
            &dprk,
            Interval::point(0.0).unwrap(),
            "2024-10",
        )
        .with_kind(ClaimKind::Denial),
        claim(
            "putin",
            &putin,
            Interval::greater_than(0.0).unwrap(),
            "2024-10-24",
        )
        .with_confidence(Confidence::probability(0.5).unwrap()),
    ]
    .into_iter()
    .collect()
}

fn regions(c: &sourced::Consensus, e: &sourced::Evidence<'_>) -> Vec<(String, usize, Vec<String>)> {
    c.regions
        .iter()
        .map(|r| {
            let ids = r.supporting.iter().map(|&i| e.id(i).into_owned()).collect();
            (r.interval.to_string(), r.support, ids)
        })
        .collect()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

/// Grouping alone: the U.S. group says both [0, 3000] and (3000, ∞); it counts once wherever
/// either of its claims holds, so three regions tie with support 3 of 4 origins, and the
/// U.S. government's two figures are exactly what splits them at 3,000.
#[test]
fn grouping_alone_gives_three_tied_regions() {
    let set = seed();
    let e = prepare(&set, &PrepareOptions::new()).unwrap();
    assert_eq!((e.counted(), e.counted_origins()), (5, 4));
    let c = Agreement::new().run(&e);
    assert_eq!(c.support, 3);
    assert_eq!(
        regions(&c, &e),
        [
            (
                "[0, 0]".to_owned(),
                3,
                strings(&["us-3000", "nis-10000", "dprk-denial"])
            ),
            (
                "(0, 3000]".to_owned(),
                3,
                strings(&["us-3000", "nis-10000", "putin"])
            ),
            (
                "(3000, 10000]".to_owned(),
                3,
                strings(&["wh-3000", "nis-10000", "putin"])
            ),
        ]
    );
    // ntpd's region is the hull of the tied regions, [0, 10000]: every claim overlaps it, so
    // nobody is a falseticker: the tie inside the U.S. group hides Pyongyang's denial.
    let s = Selection::ntp().run(&e);
    let m = s.majority().expect("3 of 4 agree");
    assert_eq!(m.region.to_string(), "[0, 10000]");
    assert_eq!((m.agreeing, m.f), (3, 1));
    assert!(m.falsetickers.is_empty());
    // chrony's rule is stricter: claims that neither contain [0, 10000] nor lie within it.
    let c = Selection::chrony().run(&e);
    let falsetickers: Vec<_> = c
        .majority()
        .unwrap()
        .falsetickers
        .iter()
        .map(|&i| e.id(i))
        .collect();
    assert_eq!(falsetickers, ["wh-3000", "putin"]);
}

/// With the White House's later figure superseding the U.S. government's earlier one
/// (supersession within the independence group), "more than 3,000" and "as many as 10,000"
/// are compatible and the consensus is (3000, 10000] with 3 of 4 origins (DESIGN.md);
/// Pyongyang's denial is the falseticker.
#[test]
fn group_supersession_reconciles_to_3000_10000() {
    let set = seed();
    let options = PrepareOptions::new().supersession(Supersession::ByGroup);
    let e = prepare(&set, &options).unwrap();
    let us = &e.claims()[0];
    assert!(matches!(us.status(), Status::Superseded { by } if e.id(by) == "wh-3000"));
    let c = Agreement::new().run(&e);
    assert_eq!(
        regions(&c, &e),
        [(
            "(3000, 10000]".to_owned(),
            3,
            strings(&["wh-3000", "nis-10000", "putin"])
        )]
    );
    let r = &c.regions[0];
    assert_eq!(
        (e.id(r.low_set_by).as_ref(), e.id(r.high_set_by).as_ref()),
        ("wh-3000", "nis-10000")
    );
    assert_eq!(c.sources, 4);

    let s = Selection::ntp().run(&e);
    let m = s.majority().expect("3 of 4 agree");
    assert_eq!(m.region.to_string(), "(3000, 10000]");
    assert_eq!((m.agreeing, m.sources, m.f), (3, 4, 1));
    let falsetickers: Vec<_> = m.falsetickers.iter().map(|&i| e.id(i)).collect();
    assert_eq!(falsetickers, ["dprk-denial"]);

    // Weighted: Putin's claim weighs 0.5, so (3000, 10000] weighs 2.5 against 2 for the
    // point 0 (NIS and Pyongyang).
    let w = Agreement::new().weighted(true).run(&e);
    assert_eq!(w.regions.len(), 1);
    assert_eq!(w.regions[0].interval.to_string(), "(3000, 10000]");
    assert!((w.weight.unwrap() - 2.5).abs() < 1e-12);
}

/// The same result from an explicit `supersedes` link under the default options.
#[test]
fn explicit_link_reconciles_the_same_way() {
    let mut claims = seed().into_claims();
    claims[1] = claims[1].clone().superseding("us-3000");
    let set: ClaimSet = claims.into_iter().collect();
    let e = prepare(&set, &PrepareOptions::new()).unwrap();
    let c = Agreement::new().run(&e);
    assert_eq!(c.regions.len(), 1);
    assert_eq!(c.regions[0].interval.to_string(), "(3000, 10000]");
    assert_eq!(c.support, 3);
}
