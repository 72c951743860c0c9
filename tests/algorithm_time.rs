//! Time: the cumulative monotonicity check and the level window on worked cases.

use std::sync::Arc;

use sourced::{
    Agreement, Claim, ClaimDate, ClaimSet, Estimate, Interval, Period, PrepareOptions, Quantity,
    QuantityKind, Source, monotonicity, prepare,
};

fn claim(id: &str, q: &Arc<Quantity>, i: Interval, as_of: &str) -> Claim {
    let s = Arc::new(Source::new(id, id).unwrap());
    Claim::new(id, q.clone(), s, Estimate::new(i))
        .unwrap()
        .with_as_of(as_of.parse::<Period>().unwrap())
}

/// DESIGN.md: for a cumulative quantity "a later claim may be higher without conflict; a
/// later claim whose upper bound is below an earlier claim's lower bound is a conflict".
#[test]
fn cumulative_claims_must_admit_a_non_decreasing_series() {
    let q = Arc::new(
        Quantity::new("russian-casualties", "casualties")
            .unwrap()
            .with_kind(QuantityKind::Cumulative),
    );
    let set: ClaimSet = [
        // "about 600,000 … thus far" (Pentagon, early October 2024).
        claim(
            "pentagon",
            &q,
            Interval::closed(550_000.0, 650_000.0).unwrap(),
            "2024-10",
        ),
        claim(
            "higher-later",
            &q,
            Interval::closed(700_000.0, 750_000.0).unwrap(),
            "2024-12",
        ),
        claim(
            "lower-later",
            &q,
            Interval::closed(400_000.0, 500_000.0).unwrap(),
            "2025-01",
        ),
        claim(
            "same-month",
            &q,
            Interval::closed(100.0, 200.0).unwrap(),
            "2024-10",
        ),
    ]
    .into_iter()
    .collect();
    let e = prepare(&set, &PrepareOptions::new()).unwrap();
    let check = monotonicity(&e);
    let pairs: Vec<(String, String, f64)> = check
        .breaks
        .iter()
        .map(|b| {
            (
                e.id(b.earlier).into_owned(),
                e.id(b.later).into_owned(),
                b.gap,
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("pentagon".to_owned(), "lower-later".to_owned(), 50_000.0),
            (
                "higher-later".to_owned(),
                "lower-later".to_owned(),
                200_000.0
            ),
        ]
    );
    assert!(!check.is_monotone());
    // Order: by first day, then last day, then id.
    let order: Vec<_> = check.ordered.iter().map(|&i| e.id(i)).collect();
    assert_eq!(
        order,
        ["pentagon", "same-month", "higher-later", "lower-later"]
    );
}

#[test]
fn open_ends_decide_a_touching_break() {
    let q = Arc::new(
        Quantity::new("q", "n")
            .unwrap()
            .with_kind(QuantityKind::Cumulative),
    );
    let set: ClaimSet = [
        claim(
            "more-than-5",
            &q,
            Interval::greater_than(5.0).unwrap(),
            "2024-01",
        ),
        claim(
            "at-most-5",
            &q,
            Interval::closed(0.0, 5.0).unwrap(),
            "2024-02",
        ),
    ]
    .into_iter()
    .collect();
    let e = prepare(&set, &PrepareOptions::new()).unwrap();
    assert_eq!(monotonicity(&e).breaks.len(), 1);
    let set: ClaimSet = [
        claim(
            "at-least-5",
            &q,
            Interval::at_least(5.0).unwrap(),
            "2024-01",
        ),
        claim(
            "at-most-5",
            &q,
            Interval::closed(0.0, 5.0).unwrap(),
            "2024-02",
        ),
    ]
    .into_iter()
    .collect();
    assert!(monotonicity(&prepare(&set, &PrepareOptions::new()).unwrap()).is_monotone());
}

/// DESIGN.md: for a level quantity, claims far apart in time are a series, not a conflict —
/// agreement within a window.
#[test]
fn level_agreement_within_a_window() {
    let q = Arc::new(Quantity::new("troops", "troops").unwrap());
    let set: ClaimSet = [
        claim(
            "oct-a",
            &q,
            Interval::closed(3000.0, 5000.0).unwrap(),
            "2024-10",
        ),
        claim(
            "oct-b",
            &q,
            Interval::closed(4000.0, 10_000.0).unwrap(),
            "2024-10-25",
        ),
        claim(
            "dec-a",
            &q,
            Interval::closed(11_000.0, 12_000.0).unwrap(),
            "2024-12",
        ),
        claim(
            "dec-b",
            &q,
            Interval::closed(11_500.0, 13_000.0).unwrap(),
            "2024-12",
        ),
    ]
    .into_iter()
    .collect();
    let october = ClaimDate::month(2024, 10).unwrap();
    let e = prepare(&set, &PrepareOptions::new().window(october)).unwrap();
    let c = Agreement::new().run(&e);
    assert_eq!(c.regions.len(), 1);
    assert_eq!(c.regions[0].interval.to_string(), "[4000, 5000]");
    assert_eq!((c.support, c.sources), (2, 2));
    assert_eq!(e.window(), Some(Period::from(october)));
    // Without the window the two months tie: a series, not one consensus.
    let all = Agreement::new().run(&prepare(&set, &PrepareOptions::new()).unwrap());
    assert_eq!(all.regions.len(), 2);
}
