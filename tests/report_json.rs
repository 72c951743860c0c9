//! The JSON form of the report has at least the shape of issue 5, for programs that consume it.
#![cfg(feature = "json")]

mod common;

use serde_json::Value;
use sourced::{Location, Method, Problem, Report};

fn json(method: Method) -> Value {
    let set = common::seed_troops();
    let report = Report::builder()
        .method(method)
        .problems([Problem::new(
            Location::Claim("bad-1".into()),
            Some("estimate"),
            "low above high",
        )])
        .build(&set)
        .unwrap();
    serde_json::from_str(&report.to_json().unwrap()).unwrap()
}

#[test]
fn the_json_report_has_the_documented_shape() {
    let v = json(Method::Agreement);
    let q = &v["quantities"][0];
    assert_eq!(q["quantity"], "nk-troops-in-russia");
    assert_eq!(q["unit"], "troops");
    assert_eq!(q["method"], "agreement");
    let wh = q["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "wh-1")
        .unwrap();
    assert_eq!(wh["source"], "white-house");
    assert_eq!(wh["low"], 3000.0);
    assert_eq!(wh["high"], Value::Null);
    assert_eq!(wh["low_open"], true);
    assert_eq!(wh["high_open"], false);
    assert_eq!(wh["best"], Value::Null);
    assert_eq!(wh["verdict"], "agrees");
    let us = q["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "us-1")
        .unwrap();
    assert_eq!(us["verdict"], "superseded");
    assert_eq!(us["related"], "wh-1");

    let consensus = &q["consensus"][0];
    assert_eq!(consensus["low"], 3000.0);
    assert_eq!(consensus["high"], 10000.0);
    assert_eq!(consensus["low_open"], true);
    assert_eq!(consensus["high_open"], false);
    assert_eq!(consensus["support"], 3);
    assert_eq!(
        consensus["supporting"],
        serde_json::json!(["wh-1", "nis-1", "putin-1"])
    );

    let conflict = &q["conflicts"][0];
    assert_eq!(conflict["a"], "kp-1");
    assert_eq!(conflict["b"], "wh-1");
    assert_eq!(conflict["relation"], "disjoint");
    assert_eq!(conflict["gap"], 3000.0);
    assert_eq!(conflict["ratio"], Value::Null);
    assert_eq!(q["falsetickers"], serde_json::json!(["kp-1"]));

    let problem = &v["problems"][0];
    assert_eq!(problem["field"], "estimate");
    assert_eq!(problem["location"]["claim"], "bad-1");
}

#[test]
fn every_method_serialises_with_the_required_fields() {
    for method in Method::ALL {
        let v = json(method);
        let q = &v["quantities"][0];
        assert_eq!(q["method"], method.name());
        for field in [
            "quantity",
            "unit",
            "claims",
            "consensus",
            "conflicts",
            "falsetickers",
        ] {
            assert!(!q[field].is_null(), "{method}: {field}");
        }
        for c in q["claims"].as_array().unwrap() {
            for field in [
                "id",
                "source",
                "low",
                "high",
                "low_open",
                "high_open",
                "best",
                "verdict",
            ] {
                assert!(c.get(field).is_some(), "{method}: claim field {field}");
            }
        }
        for r in q["consensus"].as_array().unwrap() {
            for field in [
                "low",
                "high",
                "low_open",
                "high_open",
                "support",
                "supporting",
            ] {
                assert!(r.get(field).is_some(), "{method}: consensus field {field}");
            }
        }
        assert!(v["problems"].is_array());
    }
}

#[test]
fn a_positive_conflict_has_a_ratio() {
    // "as many as 3,000" against "at least 10,000": ratio 10,000 / 3,000.
    use sourced::{Claim, ClaimSet, Estimate, Interval, Quantity, Source};
    let q = Quantity::new("q", "troops").unwrap();
    let claims: ClaimSet = [
        Claim::new(
            "a",
            q.clone(),
            Source::new("x", "X").unwrap(),
            Estimate::new(Interval::closed(1000.0, 3000.0).unwrap()),
        )
        .unwrap(),
        Claim::new(
            "b",
            q,
            Source::new("y", "Y").unwrap(),
            Estimate::new(Interval::at_least(10_000.0).unwrap()),
        )
        .unwrap(),
    ]
    .into_iter()
    .collect();
    let v: Value = serde_json::from_str(&Report::of(&claims).unwrap().to_json().unwrap()).unwrap();
    let ratio = v["quantities"][0]["conflicts"][0]["ratio"]
        .as_f64()
        .unwrap();
    assert!((ratio - 10.0 / 3.0).abs() < 1e-12);
    assert_eq!(v["quantities"][0]["conflicts"][0]["gap"], 7000.0);
}

/// A row is one flat object with the fields `ClaimRow` documents, whatever the claim.
#[test]
fn every_row_has_the_documented_fields() {
    let v = json(Method::Agreement);
    let expected = [
        "as_of",
        "best",
        "group",
        "high",
        "high_open",
        "id",
        "low",
        "low_open",
        "related",
        "said",
        "source",
        "source_name",
        "stated",
        "verdict",
    ];
    let rows = v["quantities"][0]["claims"].as_array().unwrap();
    assert!(!rows.is_empty());
    for row in rows {
        let keys: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, expected, "{row}");
    }
    let said = rows.iter().filter(|r| r["said"].is_string()).count();
    assert!(said > 0, "some seed claims come from text");
}

/// The fields of a row come in the order `ClaimRow` documents (a `Value` sorts its keys, so
/// this reads the text itself).
#[test]
fn a_row_keeps_its_documented_field_order() {
    let set = common::seed_troops();
    let report = Report::of(&set).unwrap();
    let row = serde_json::to_string(&report.quantities[0].claims[0]).unwrap();
    let order = [
        "id",
        "source",
        "source_name",
        "group",
        "stated",
        "as_of",
        "low",
        "high",
        "low_open",
        "high_open",
        "best",
        "said",
        "verdict",
        "related",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|k| {
            row.find(&format!("\"{k}\":"))
                .unwrap_or_else(|| panic!("{k} in {row}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{row}");
}
