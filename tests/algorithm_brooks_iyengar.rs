//! Brooks–Iyengar on its published worked example and edge cases.

use sourced::{BrooksIyengar, Evidence, Interval};

fn closed(a: f64, b: f64) -> Interval {
    Interval::closed(a, b).unwrap()
}

/// Brooks & Iyengar, IEEE Computer 29(6), 1996; the same example on Wikipedia's
/// "Brooks–Iyengar algorithm" page and in REFERENCES.md §4.
#[test]
fn published_example_gives_2_6269_and_1_5_to_3_2() {
    let e = Evidence::from_intervals(&[
        closed(2.7, 6.7),
        closed(0.0, 3.2),
        closed(1.5, 4.5),
        closed(0.8, 2.8),
        closed(1.4, 4.6),
    ]);
    let fused = BrooksIyengar::new(1).run(&e);
    assert_eq!(format!("{:.4}", fused.point.unwrap()), "2.6269");
    assert_eq!(fused.interval.unwrap().to_string(), "[1.5, 3.2]");
    assert_eq!((fused.sources, fused.threshold), (5, 4));
    let regions: Vec<(String, usize)> = fused
        .regions
        .iter()
        .map(|p| (p.interval.to_string(), p.support))
        .collect();
    // The kept regions of the worked example: [1.5, 2.7] w 4, [2.7, 2.8] w 5, [2.8, 3.2] w 4,
    // with exact ends.
    assert_eq!(
        regions,
        [
            ("[1.5, 2.7)".to_owned(), 4),
            ("[2.7, 2.8]".to_owned(), 5),
            ("(2.8, 3.2]".to_owned(), 4)
        ]
    );
}

#[test]
fn points_only_fuse_to_their_weighted_value() {
    let e = Evidence::from_intervals(&[Interval::point(3.0).unwrap(); 3]);
    let fused = BrooksIyengar::new(0).run(&e);
    assert_eq!(fused.point, Some(3.0));
    assert_eq!(fused.interval.unwrap().to_string(), "[3, 3]");
}

#[test]
fn unbounded_kept_piece_has_no_point() {
    let e = Evidence::from_intervals(&[
        Interval::at_least(1.0).unwrap(),
        Interval::at_least(2.0).unwrap(),
    ]);
    let fused = BrooksIyengar::new(0).run(&e);
    assert_eq!(fused.point, None);
    assert_eq!(fused.interval.unwrap().to_string(), "[2, ∞)");
}

#[test]
fn nothing_kept_when_too_few_agree() {
    let e = Evidence::from_intervals(&[closed(0.0, 1.0), closed(2.0, 3.0), closed(4.0, 5.0)]);
    let fused = BrooksIyengar::new(1).run(&e);
    assert_eq!((fused.point, fused.interval), (None, None));
    assert!(
        BrooksIyengar::new(1)
            .run(&Evidence::from_intervals(&[]))
            .regions
            .is_empty()
    );
}

#[test]
fn huge_values_do_not_overflow() {
    let e = Evidence::from_intervals(&[closed(-1e308, 1e308), closed(1e308, 1e308)]);
    let fused = BrooksIyengar::new(0).run(&e);
    assert_eq!(fused.point, Some(1e308));
}
