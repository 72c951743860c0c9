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

/// Four sources on one count: "more than 3,000", "as many as 10,000", "8,000 to 12,000" and a
/// denial. Three share [8,000, 10,000]; the denial is the odd one out.
const VALID: &str = r#"{
  "sources": [
    {"id": "alpha", "name": "Alpha Agency", "kind": "government"},
    {"id": "beta", "name": "Beta Service", "kind": "intelligence"},
    {"id": "gamma", "name": "Gamma Institute", "kind": "academic"},
    {"id": "delta", "name": "Delta Ministry", "kind": "party_to_conflict"}
  ],
  "quantities": [
    {"id": "troops", "unit": "troops", "domain": "count", "kind": "level",
     "description": "Troops deployed"}
  ],
  "claims": [
    {"id": "a-1", "quantity": "troops", "source": "alpha",
     "estimate": {"low": 3000, "low_open": true}, "stated": "2024-10-23"},
    {"id": "b-1", "quantity": "troops", "source": "beta",
     "estimate": {"high": 10000}, "stated": "2024-10"},
    {"id": "c-1", "quantity": "troops", "source": "gamma",
     "estimate": {"low": 8000, "high": 12000}, "stated": "2024-10"},
    {"id": "d-1", "quantity": "troops", "source": "delta",
     "estimate": {"low": 0, "high": 0}, "stated": "2024-10", "kind": "denial"}
  ]
}"#;

/// The valid file plus three invalid claims, each wrong in another field.
fn invalid() -> String {
    VALID.replace(
        r#""kind": "denial"}"#,
        r#""kind": "denial"},
    {"id": "bad-range", "quantity": "troops", "source": "beta",
     "estimate": {"low": 9000, "high": 2000}},
    {"id": "bad-negative", "quantity": "troops", "source": "beta",
     "estimate": {"low": -5, "high": 10}},
    {"id": "bad-confidence", "quantity": "troops", "source": "beta",
     "estimate": {"low": 1, "high": 2}, "confidence": 1.5}"#,
    )
}

/// Writes `content` to a fresh file named `name` in a directory of this test run.
fn file(name: &str, content: &str) -> PathBuf {
    // Cargo's scratch directory for integration tests, under target/: nothing left in /tmp.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("reconcile-cli");
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
    assert!(stdout.contains("troops"), "{stdout}");
    assert!(
        stdout.contains("Consensus: [8,000, 10,000] held by 3 of 4 independent sources"),
        "{stdout}"
    );
    assert!(stdout.contains("Falsetickers: d-1"), "{stdout}");
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
        ("bad-confidence", "confidence"),
    ] {
        let line = stderr
            .lines()
            .find(|l| l.contains(&format!("\"{id}\"")))
            .unwrap_or_else(|| panic!("{id} not named in:\n{stderr}"));
        assert!(line.contains(field), "{line}");
        assert!(line.contains("invalid.json"), "{line}");
    }
    for good in ["a-1", "b-1", "c-1", "d-1"] {
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
    for id in ["bad-range", "bad-negative", "bad-confidence"] {
        assert!(stderr.contains(id), "{id} not listed on stderr:\n{stderr}");
        assert!(
            stdout.contains(id),
            "{id} not listed in the report:\n{stdout}"
        );
    }
    assert!(stdout.contains("Left out: 3 invalid records"), "{stdout}");
    assert!(stdout.contains("Consensus: [8,000, 10,000]"), "{stdout}");
    assert!(stdout.contains("Claims (4)"), "{stdout}");
}

#[test]
fn json_output_parses_with_the_documented_fields() {
    let path = file("json.json", &invalid());
    let out = reconcile(&[path.to_str().unwrap(), "--lenient", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let q = &v["quantities"][0];
    assert_eq!(q["quantity"], "troops");
    assert_eq!(q["unit"], "troops");
    assert_eq!(q["method"], "agreement");
    assert_eq!(q["claims"].as_array().unwrap().len(), 4);
    assert_eq!(q["claims"][0]["low"], 3000.0);
    assert_eq!(q["claims"][0]["high"], serde_json::Value::Null);
    assert_eq!(q["claims"][0]["low_open"], true);
    assert_eq!(q["claims"][0]["verdict"], "agrees");
    assert_eq!(q["claims"][3]["verdict"], "falseticker");
    assert_eq!(q["consensus"][0]["low"], 8000.0);
    assert_eq!(q["consensus"][0]["high"], 10000.0);
    assert_eq!(q["consensus"][0]["support"], 3);
    assert_eq!(
        q["consensus"][0]["supporting"],
        serde_json::json!(["a-1", "b-1", "c-1"])
    );
    let conflicts = q["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 2);
    assert_eq!(conflicts[0]["a"], "d-1");
    assert_eq!(conflicts[0]["b"], "a-1");
    assert_eq!(conflicts[0]["relation"], "disjoint");
    assert_eq!(conflicts[0]["gap"], 3000.0);
    assert_eq!(conflicts[0]["ratio"], serde_json::Value::Null);
    assert_eq!(q["falsetickers"], serde_json::json!(["d-1"]));
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
    assert_eq!(rows, 4);
}

#[test]
fn csv_files_are_read_by_extension() {
    let csv = "id,quantity,source,estimate,stated,kind,low,high,low_open\n\
               a-1,troops,alpha,,2024-10-23,,3000,,true\n\
               b-1,troops,beta,,2024-10,,,10000,\n\
               c-1,troops,gamma,,2024-10,,8000,12000,\n\
               d-1,troops,delta,,2024-10,denial,0,0,\n";
    let path = file("claims.csv", csv);
    let out = reconcile(&[path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("Consensus: [8,000, 10,000] held by 3"),
        "{stdout}"
    );
    assert!(stdout.contains("Falsetickers: d-1"), "{stdout}");
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
        "pool:",
        "meta:",
        "--tau2",
        "--pool",
        "--scale",
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

/// metafor's figures for the 13 BCG trials (`dat.bcg`; Viechtbauer 2010): the claim file gives
/// them as 95 % intervals, and `--method meta` prints them (issue 8's acceptance).
#[test]
fn method_meta_prints_metafors_bcg_figures() {
    let file = "tests/data/bcg_claims.json";
    let out = reconcile(&[file, "--method", "meta"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for figure in [
        "method: meta",
        "fixed effect           -0.4303 [-0.5097, -0.3509]",
        "random effects, DL     -0.7141 [-1.0644, -0.3638]",
        "heterogeneity, REML    τ² = 0.3132",
        "heterogeneity, DL      τ² = 0.3088, I² = 92.1173 %",
        "Q = 152.2330 on 12 df",
    ] {
        assert!(stdout.contains(figure), "{figure} not in\n{stdout}");
    }

    // JSON, with DerSimonian–Laird chosen: the analysis is DL, REML the alternative.
    let out = reconcile(&[file, "--method", "meta", "--tau2", "dl", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let m = &v["quantities"][0]["pooled"]["meta"];
    let r4 = |x: &serde_json::Value| (x.as_f64().unwrap() * 1e4).round() / 1e4;
    assert_eq!(m["analysis"]["method"], "der_simonian_laird");
    assert_eq!(r4(&m["analysis"]["random"]["estimate"]), -0.7141);
    assert_eq!(r4(&m["analysis"]["random"]["ci_low"]), -1.0644);
    assert_eq!(r4(&m["analysis"]["random"]["ci_high"]), -0.3638);
    assert_eq!(r4(&m["analysis"]["heterogeneity"]["tau2"]), 0.3088);
    assert_eq!(r4(&m["analysis"]["heterogeneity"]["i2"]), 92.1173);
    assert_eq!(r4(&m["analysis"]["fixed"]["estimate"]), -0.4303);
    assert_eq!(r4(&m["analysis"]["heterogeneity"]["q"]), 152.233);
    assert_eq!(m["analysis"]["heterogeneity"]["df"], 12);
    assert_eq!(m["alternative"]["method"], "reml");
    assert_eq!(r4(&m["alternative"]["heterogeneity"]["tau2"]), 0.3132);

    let out = reconcile(&[file, "--method", "meta", "--tau2", "ml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("reml or dl"));
}

/// `--method pool` names the claims that truncate the pool.
#[test]
fn method_pool_prints_the_pool_and_its_bounds() {
    let path = file("pool.json", VALID);
    let out = reconcile(&[path.to_str().unwrap(), "--method", "pool"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for line in [
        "Pooled: linear pool of 1 claim (log scale)",
        "at least 3,000 (set by a-1)",
        "at most 10,000 (set by b-1)",
        "median",
        "90 % interval",
    ] {
        assert!(stdout.contains(line), "{line} not in\n{stdout}");
    }
}
