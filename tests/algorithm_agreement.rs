//! k-of-n agreement (Marzullo), hull, intersection and union on published worked examples.

use sourced::{Agreement, Evidence, Interval, hull, intersection, union};

fn closed(a: f64, b: f64) -> Interval {
    Interval::closed(a, b).unwrap()
}

fn regions(evidence: &Evidence<'_>, weighted: bool) -> Vec<(String, usize)> {
    Agreement::new()
        .weighted(weighted)
        .run(evidence)
        .regions
        .iter()
        .map(|r| (r.interval.to_string(), r.support))
        .collect()
}

/// Wikipedia, "Marzullo's algorithm", first example; REFERENCES.md §3.
#[test]
fn marzullo_three_agree_on_11_to_12() {
    let e = Evidence::from_intervals(&[closed(8.0, 12.0), closed(11.0, 13.0), closed(10.0, 12.0)]);
    let c = Agreement::new().run(&e);
    assert_eq!(regions(&e, false), [("[11, 12]".to_owned(), 3)]);
    assert_eq!((c.support, c.sources, c.claims), (3, 3, 3));
    let r = &c.regions[0];
    assert_eq!(e.id(r.low_set_by), "#1");
    // [8, 12] and [10, 12] both end at 12: the smaller id names it.
    assert_eq!(e.id(r.high_set_by), "#0");
    assert_eq!(r.supporting.len(), 3);
}

/// Wikipedia, "Marzullo's algorithm", second example.
#[test]
fn marzullo_two_of_three_agree_on_11_to_12() {
    let e = Evidence::from_intervals(&[closed(8.0, 12.0), closed(11.0, 13.0), closed(14.0, 15.0)]);
    assert_eq!(regions(&e, false), [("[11, 12]".to_owned(), 2)]);
    let r = &Agreement::new().run(&e).regions[0];
    let ids: Vec<_> = r.supporting.iter().map(|&i| e.id(i)).collect();
    assert_eq!(ids, ["#0", "#1"]);
}

/// Wikipedia, "Marzullo's algorithm", third example: a tie, both regions reported.
#[test]
fn marzullo_tie_reports_both_regions() {
    let e = Evidence::from_intervals(&[closed(8.0, 9.0), closed(8.0, 12.0), closed(10.0, 12.0)]);
    assert_eq!(
        regions(&e, false),
        [("[8, 9]".to_owned(), 2), ("[10, 12]".to_owned(), 2)]
    );
}

#[test]
fn open_and_closed_ends_at_one_value_do_not_overlap() {
    let a = Interval::from_parts(Some(0.0), false, Some(3.0), true).unwrap(); // [0, 3)
    let b = closed(3.0, 5.0);
    let e = Evidence::from_intervals(&[a, b]);
    assert_eq!(
        regions(&e, false),
        [("[0, 3)".to_owned(), 1), ("[3, 5]".to_owned(), 1)]
    );
    // Closed ends at one value share it.
    let e = Evidence::from_intervals(&[closed(0.0, 3.0), b]);
    assert_eq!(regions(&e, false), [("[3, 3]".to_owned(), 2)]);
}

#[test]
fn one_origin_counts_once() {
    // Two claims of origin 7 cover [0, 10]; origin 8 covers [4, 6].
    let e = Evidence::from_grouped(&[
        (closed(0.0, 5.0), 7),
        (closed(3.0, 10.0), 7),
        (closed(4.0, 6.0), 8),
    ]);
    let c = Agreement::new().run(&e);
    assert_eq!(regions(&e, false), [("[4, 6]".to_owned(), 2)]);
    assert_eq!((c.sources, c.claims), (2, 3));
    assert_eq!(c.regions[0].supporting.len(), 3);
}

#[test]
fn weighted_agreement_prefers_the_heavier_region() {
    let e = Evidence::from_weighted(&[
        (closed(0.0, 1.0), 0.9),
        (closed(0.5, 2.0), 0.2),
        (closed(5.0, 6.0), 0.8),
        (closed(5.5, 7.0), 0.8),
    ])
    .unwrap();
    let c = Agreement::new().weighted(true).run(&e);
    assert_eq!(c.regions.len(), 1);
    assert_eq!(c.regions[0].interval.to_string(), "[5.5, 6]");
    assert!((c.weight.unwrap() - 1.6).abs() < 1e-12);
    assert!(Evidence::from_weighted(&[(closed(0.0, 1.0), f64::NAN)]).is_err());
}

#[test]
fn hull_intersection_and_union_name_their_ends() {
    let e = Evidence::from_intervals(&[
        Interval::greater_than(3000.0).unwrap(),
        closed(0.0, 10_000.0),
        closed(20_000.0, 30_000.0),
    ]);
    let h = hull(&e).unwrap();
    assert_eq!(h.interval.to_string(), "[0, ∞)");
    assert_eq!(intersection(&e), None);
    let u: Vec<String> = union(&e).iter().map(|p| p.interval.to_string()).collect();
    assert_eq!(u, ["[0, ∞)"]);
    let two = Evidence::from_intervals(&[
        Interval::greater_than(3000.0).unwrap(),
        closed(0.0, 10_000.0),
    ]);
    let i = intersection(&two).unwrap();
    assert_eq!(i.interval.to_string(), "(3000, 10000]");
    assert_eq!(
        (
            two.id(i.low_set_by).as_ref(),
            two.id(i.high_set_by).as_ref()
        ),
        ("#0", "#1")
    );
}

#[test]
fn union_merges_touching_pieces_only() {
    let e = Evidence::from_intervals(&[
        Interval::open(1.0, 3.0).unwrap(),
        Interval::open(3.0, 5.0).unwrap(),
        Interval::from_parts(Some(5.0), false, Some(6.0), false).unwrap(),
    ]);
    let u: Vec<(String, usize)> = union(&e)
        .iter()
        .map(|p| (p.interval.to_string(), p.claims))
        .collect();
    assert_eq!(u, [("(1, 3)".to_owned(), 1), ("(3, 6]".to_owned(), 2)]);
}

#[test]
fn empty_evidence_gives_empty_results() {
    let e = Evidence::from_intervals(&[]);
    let c = Agreement::new().run(&e);
    assert!(c.regions.is_empty());
    assert_eq!(c.support, 0);
    assert!(hull(&e).is_none());
    assert!(union(&e).is_empty());
    assert!(Agreement::new().weighted(true).run(&e).regions.is_empty());
}
