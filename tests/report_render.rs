//! The renderers of the disagreement report: snapshot tests of the text, Markdown and SVG
//! output (byte for byte; `UPDATE_SNAPSHOTS=1 cargo test --test report_render` rewrites the
//! files under tests/snapshots/), a well-formedness check of the SVG written without an XML
//! crate, and the layout rules (100 columns, one SVG row per claim).

mod common;

use std::path::PathBuf;

use common::{casualties, seed_troops, xml};
use sourced::{Method, Report};

/// Compares `actual` with tests/snapshots/`name`, or rewrites it when `UPDATE_SNAPSHOTS` is set.
fn snapshot(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read snapshot {}: {e} (run with UPDATE_SNAPSHOTS=1 to create it)",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "snapshot {name} differs from line {}:\n--- expected\n{}\n--- actual\n{}\n(run with UPDATE_SNAPSHOTS=1 to accept)",
            line + 1,
            expected.lines().nth(line).unwrap_or("<end>"),
            actual.lines().nth(line).unwrap_or("<end>")
        );
    }
}

#[test]
fn text_report_matches_its_snapshot() {
    let set = seed_troops();
    let report = Report::of(&set).unwrap();
    snapshot("seed_troops.txt", &report.to_string());
}

#[test]
fn markdown_report_matches_its_snapshot() {
    let set = seed_troops();
    let report = Report::of(&set).unwrap();
    snapshot("seed_troops.md", &report.to_markdown());
}

#[test]
fn svg_forest_plot_matches_its_snapshot() {
    let set = seed_troops();
    let report = Report::of(&set).unwrap();
    snapshot("seed_troops.svg", &report.quantities[0].to_svg());
}

#[test]
fn cumulative_report_with_breaks_matches_its_snapshots() {
    let set = common::casualties();
    let report = Report::of(&set).unwrap();
    let q = &report.quantities[0];
    assert_eq!(q.breaks.len(), 1, "{report}");
    assert_eq!(
        (q.breaks[0].earlier.as_str(), q.breaks[0].later.as_str()),
        ("total", "later-lower")
    );
    snapshot("casualties.txt", &report.to_string());
    snapshot("casualties.svg", &q.to_svg());
    snapshot("casualties.md", &report.to_markdown());
    assert!(q.to_svg().contains("(log scale)"));
}

#[test]
fn text_report_fits_100_columns() {
    for method in Method::ALL {
        let set = seed_troops();
        let report = Report::builder().method(method).build(&set).unwrap();
        for line in report.to_string().lines() {
            assert!(line.chars().count() <= 100, "{method}: {line:?}");
        }
    }
}

#[test]
fn svg_is_well_formed_with_one_row_per_claim() {
    for claims in [seed_troops(), casualties()] {
        for method in Method::ALL {
            let report = Report::builder().method(method).build(&claims).unwrap();
            let svg = report.quantities[0].to_svg();
            let elements = xml::check(&svg).unwrap_or_else(|e| panic!("{method}: {e}\n{svg}"));
            let rows = elements
                .iter()
                .filter(|(name, attrs)| {
                    name == "g" && attrs.iter().any(|(k, v)| k == "class" && v == "claim")
                })
                .count();
            assert_eq!(rows, claims.len(), "{method}");
            assert_eq!(elements.first().map(|(n, _)| n.as_str()), Some("svg"));
        }
    }
}

#[test]
fn svg_marks_falsetickers_in_red_with_a_label() {
    let set = seed_troops();
    let report = Report::of(&set).unwrap();
    let q = &report.quantities[0];
    assert!(!q.falsetickers.is_empty());
    let svg = q.to_svg();
    for id in &q.falsetickers {
        let start = svg.find(&format!(r#"data-id="{id}""#)).unwrap();
        let row = &svg[start..start + svg[start..].find("</g>").unwrap()];
        assert!(row.contains(r#"data-verdict="falseticker""#), "{row}");
        assert!(row.contains("#c0392b"), "{row}");
        assert!(row.contains(">falseticker</text>"), "{row}");
    }
}

#[test]
fn xml_checker_rejects_malformed_documents() {
    assert!(xml::check("<a><b></a></b>").is_err());
    assert!(xml::check("<a x=1></a>").is_err());
    assert!(xml::check("<a>1 < 2</a>").is_err());
    assert!(xml::check("<a>&bogus;</a>").is_err());
    assert!(xml::check("<a></a><b/>").is_err());
    assert!(xml::check(r#"<a x="1" x="2"/>"#).is_err());
    assert!(xml::check(r#"<a x="1 &amp; 2">t &lt; u</a>"#).is_ok());
}
