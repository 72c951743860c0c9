//! The `reconcile` example, run as a program: exit codes, every problem named, lenient mode,
//! JSON for programs and the SVG forest plot.
//!
//! Cargo gives tests no path to an example's binary, so each test runs it through
//! `cargo run --example reconcile` (the same cargo that runs the tests, with the default
//! features the example needs).
#![cfg(all(feature = "json", feature = "csv"))]

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

const VALID: &str = r#"{
  "sources": [
    {"id": "white-house", "name": "White House", "kind": "government", "group": "us-government"},
    {"id": "nis", "name": "National Intelligence Service", "kind": "intelligence"},
    {"id": "kcna", "name": "Korean Central News Agency", "kind": "party_to_conflict"}
  ],
  "quantities": [
    {"id": "nk-troops-in-russia", "unit": "troops", "domain": "count", "kind": "level",
     "description": "North Korean troops in Russia"}
  ],
  "claims": [
    {"id": "wh-1", "quantity": "nk-troops-in-russia", "source": "white-house",
     "estimate": {"low": 3000, "low_open": true}, "stated": "2024-10-23"},
    {"id": "nis-1", "quantity": "nk-troops-in-russia", "source": "nis",
     "estimate": {"high": 10000}, "stated": "2024-10"},
    {"id": "kcna-1", "quantity": "nk-troops-in-russia", "source": "kcna",
     "estimate": {"low": 0, "high": 0}, "stated": "2024-10", "kind": "denial"}
  ]
}"#;

/// The valid file plus three invalid claims, each wrong in another field.
fn invalid() -> String {
    VALID.replace(
        r#""kind": "denial"}"#,
        r#""kind": "denial"},
    {"id": "bad-range", "quantity": "nk-troops-in-russia", "source": "nis",
     "estimate": {"low": 9000, "high": 2000}},
    {"id": "bad-negative", "quantity": "nk-troops-in-russia", "source": "nis",
     "estimate": {"low": -5, "high": 10}},
    {"id": "bad-source", "quantity": "nk-troops-in-russia", "source": "nobody",
     "estimate": {"low": 1, "high": 2}}"#,
    )
}

/// Writes `content` to a fresh file named `name` in a directory of this test run.
fn file(name: &str, content: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sourced-reconcile-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn reconcile(args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "--quiet", "--example", "reconcile", "--"])
        .args(args)
        .output()
        .expect("cargo runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_valid_file_gives_the_report_and_exit_0() {
    let path = file("valid.json", VALID);
    let out = reconcile(&[path.to_str().unwrap()]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(stdout.contains("nk-troops-in-russia"), "{stdout}");
    assert!(
        stdout.contains("Consensus: (3,000, 10,000] held by 2 independent sources"),
        "{stdout}"
    );
    assert!(stdout.contains("Falsetickers: kcna-1"), "{stdout}");
    assert!(stdout.lines().all(|l| l.chars().count() <= 100));
}

#[test]
fn invalid_input_exits_2_and_names_every_bad_claim() {
    let path = file("invalid.json", &invalid());
    let out = reconcile(&[path.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty(), "no report on invalid input");
    for (id, field) in [
        ("bad-range", "estimate"),
        ("bad-negative", "estimate"),
        ("bad-source", "source"),
    ] {
        let line = stderr
            .lines()
            .find(|l| l.contains(&format!("\"{id}\"")))
            .unwrap_or_else(|| panic!("{id} not named in:\n{stderr}"));
        assert!(line.contains(field), "{line}");
        assert!(line.contains("invalid.json"), "{line}");
    }
    for good in ["wh-1", "nis-1", "kcna-1"] {
        assert!(
            !stderr.contains(&format!("\"{good}\"")),
            "{good} is valid:\n{stderr}"
        );
    }
}

#[test]
fn lenient_reconciles_the_valid_claims_and_lists_the_invalid_ones() {
    let path = file("lenient.json", &invalid());
    let out = reconcile(&[path.to_str().unwrap(), "--lenient"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    for id in ["bad-range", "bad-negative", "bad-source"] {
        assert!(stderr.contains(id), "{id} not listed on stderr:\n{stderr}");
        assert!(
            stdout.contains(id),
            "{id} not listed in the report:\n{stdout}"
        );
    }
    assert!(stdout.contains("Left out: 3 invalid records"), "{stdout}");
    assert!(stdout.contains("Consensus: (3,000, 10,000]"), "{stdout}");
    assert!(stdout.contains("Claims (3)"), "{stdout}");
}

#[test]
fn json_output_parses_with_the_documented_fields() {
    let path = file("json.json", &invalid());
    let out = reconcile(&[path.to_str().unwrap(), "--lenient", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let q = &v["quantities"][0];
    assert_eq!(q["quantity"], "nk-troops-in-russia");
    assert_eq!(q["unit"], "troops");
    assert_eq!(q["method"], "agreement");
    assert_eq!(q["claims"].as_array().unwrap().len(), 3);
    assert_eq!(q["claims"][0]["high"], serde_json::Value::Null);
    assert_eq!(q["consensus"][0]["support"], 2);
    assert_eq!(
        q["consensus"][0]["supporting"],
        serde_json::json!(["wh-1", "nis-1"])
    );
    assert_eq!(q["conflicts"][0]["relation"], "disjoint");
    assert_eq!(q["conflicts"][0]["ratio"], serde_json::Value::Null);
    assert_eq!(q["falsetickers"], serde_json::json!(["kcna-1"]));
    assert_eq!(v["problems"].as_array().unwrap().len(), 3);
}

#[test]
fn every_method_and_format_runs() {
    let path = file("methods.json", VALID);
    for method in ["agreement", "ntp", "weighted", "brooks-iyengar"] {
        for format in ["text", "markdown", "json", "svg"] {
            let out = reconcile(&[
                path.to_str().unwrap(),
                "--method",
                method,
                "--format",
                format,
            ]);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{method} {format}: {}",
                text(&out.stderr)
            );
            assert!(!out.stdout.is_empty());
        }
    }
}

#[test]
fn svg_output_goes_to_the_named_file() {
    let input = file("svg.json", VALID);
    let output = input.with_file_name("troops.svg");
    let out = reconcile(&[
        input.to_str().unwrap(),
        "--format",
        "svg",
        "--output",
        output.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let svg = std::fs::read_to_string(&output).unwrap();
    let elements = common::xml::check(&svg).unwrap();
    let rows = elements
        .iter()
        .filter(|(n, a)| n == "g" && a.iter().any(|(k, v)| k == "class" && v == "claim"))
        .count();
    assert_eq!(rows, 3);
}

#[test]
fn csv_files_are_read_by_extension() {
    let csv = "id,quantity,source,estimate,stated,kind,low,high,low_open\n\
               wh-1,troops,white-house,,2024-10-23,,3000,,true\n\
               nis-1,troops,nis,,2024-10,,,10000,\n\
               kcna-1,troops,kcna,,2024-10,denial,0,0,\n";
    let path = file("claims.csv", csv);
    let out = reconcile(&[path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Consensus: (3,000, 10,000]"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn help_explains_methods_formats_and_exit_codes() {
    let out = reconcile(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for word in [
        "agreement",
        "ntp",
        "weighted",
        "brooks-iyengar",
        "markdown",
        "json",
        "svg",
        "--lenient",
        "--output",
        "--lexicon",
        "EXIT CODES",
        "standard",
    ] {
        assert!(help.contains(word), "--help does not mention {word}");
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["--format", "pdf", "x.json"][..],
        &["--method", "vote", "x.json"],
        &["--bogus"],
        &[],
    ] {
        let out = reconcile(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
    let missing = reconcile(&["/nonexistent/claims.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("/nonexistent/claims.json"));
}
