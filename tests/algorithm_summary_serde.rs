//! Mergeable summaries serialise and come back equal (the form a distributed aggregate ships).
#![cfg(feature = "json")]

use sourced::{Agreement, AgreementSummary, HullSummary, Interval, SummaryClaim, UnionSummary};

#[test]
fn summaries_round_trip_through_json() {
    let mut agreement = AgreementSummary::new();
    let mut union = UnionSummary::new();
    let mut hull = HullSummary::new();
    for (id, i) in [
        ("a", Interval::closed(8.0, 12.0).unwrap()),
        ("b", Interval::greater_than(11.0).unwrap()),
        (
            "c",
            Interval::from_parts(Some(10.0), false, Some(12.0), true).unwrap(),
        ),
    ] {
        agreement.add(SummaryClaim::new(id, i));
        union.add(id, i);
        hull.add(id, i);
    }
    let back: AgreementSummary =
        serde_json::from_str(&serde_json::to_string(&agreement).unwrap()).unwrap();
    assert_eq!(back, agreement);
    assert_eq!(
        back.finish(Agreement::new()).regions[0]
            .interval
            .to_string(),
        "(11, 12)"
    );
    let back: UnionSummary = serde_json::from_str(&serde_json::to_string(&union).unwrap()).unwrap();
    assert_eq!(back, union);
    let back: HullSummary = serde_json::from_str(&serde_json::to_string(&hull).unwrap()).unwrap();
    assert_eq!(back, hull);
    assert_eq!(back.finish().unwrap().interval.to_string(), "[8, ∞)");
}
