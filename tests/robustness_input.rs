//! Inputs sized to hurt: no recursion depth and no allocation is driven by the input without a
//! bound, and no step is quadratic in the input's length. Each case must be refused (or read)
//! with a clear error, quickly: the time limits are generous (debug builds on a shared machine)
//! and only catch runaway cases — a quadratic pass over a megabyte would take hours.
#![cfg(all(feature = "json", feature = "csv"))]

use std::time::{Duration, Instant};

use sourced::{ClaimFile, Estimate, LoadOptions, Location, Report};

const LIMIT: Duration = Duration::from_secs(60);

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(took < LIMIT, "{what} took {took:?}");
    out
}

#[test]
fn deeply_nested_json_is_a_syntax_error_not_a_stack_overflow() {
    for depth in [200, 100_000] {
        let nest = |inner: &str| format!("{}{inner}{}", "[".repeat(depth), "]".repeat(depth));
        let inputs = [
            nest(""),
            format!(r#"{{"claims": {}}}"#, nest("")),
            format!(
                r#"{{"claims": [{{"id": "a", "quantity": "q", "source": "s", "estimate": {}}}]}}"#,
                nest("1")
            ),
            format!(
                r#"{{"claims": [{{"id": "a", "quantity": "q", "source": "s", "estimate": 1, "note": {}}}]}}"#,
                nest("{}")
            ),
        ];
        for input in &inputs {
            for options in [LoadOptions::strict(), LoadOptions::lenient()] {
                match timed("nested JSON", || ClaimFile::from_json_str(input, &options)) {
                    Err(e) => assert!(!e.to_string().is_empty()),
                    // Lenient mode may keep the file and list the nested field as a problem.
                    Ok(file) => {
                        assert!(file.claims.is_empty());
                        assert!(!file.problems.is_empty());
                    }
                }
            }
        }
    }
}

#[test]
fn a_megabyte_phrase_is_refused_quickly_with_its_offset() {
    let mb = 1 << 20;
    let phrases = [
        "about ".repeat(mb / 6),
        "9".repeat(mb),
        "(".repeat(mb),
        "ten thousand ".repeat(mb / 13),
        format!("more than {}", "1,000".repeat(mb / 5)),
        "x".repeat(mb),
        "é".repeat(mb / 2),
    ];
    for phrase in &phrases {
        let result = timed("a 1 MB phrase", || phrase.parse::<Estimate>());
        match result {
            Err(e) => {
                let message = e.to_string();
                assert!(
                    message.len() < 4096,
                    "the message repeats the phrase: {} bytes",
                    message.len()
                );
            }
            Ok(estimate) => assert!(!estimate.to_string().is_empty()),
        }
    }
    // Through the loader: the problem names the claim and the field.
    let text = format!(
        r#"{{"claims": [{{"id": "long", "quantity": "q", "source": "s", "estimate": "{}"}}]}}"#,
        "x".repeat(mb)
    );
    let file = timed("a 1 MB estimate field", || {
        ClaimFile::from_json_str(&text, &LoadOptions::lenient())
    })
    .expect("lenient");
    let problem = &file.problems.0[0];
    assert_eq!(problem.location, Location::Claim("long".into()));
    assert_eq!(problem.field.as_deref(), Some("estimate"));
    assert!(
        problem.message.len() < 4096,
        "{} bytes",
        problem.message.len()
    );
}

#[test]
fn a_csv_line_of_ten_megabytes_is_read_as_one_row() {
    let big = "q".repeat(10 << 20);
    let text = format!("id,quantity,source,estimate,quote\na,troops,s,5,{big}\nb,troops,s,{big}\n");
    let file = timed("a 10 MB CSV line", || {
        ClaimFile::from_csv_str(&text, &LoadOptions::lenient())
    })
    .expect("lenient");
    assert_eq!(file.claims.len(), 1);
    assert_eq!(
        file.claims.claims()[0]
            .provenance()
            .quote
            .as_deref()
            .map(str::len),
        Some(big.len())
    );
    // The second row's estimate is 10 MB of an unknown word; the row is a problem on line 3.
    assert!(
        file.problems
            .iter()
            .all(|p| matches!(p.location, Location::Line { line: 3, .. })),
        "{:?}",
        file.problems
            .iter()
            .map(|p| &p.location)
            .collect::<Vec<_>>()
    );
    assert!(file.problems.iter().all(|p| p.message.len() < 4096));
}

#[test]
fn many_claims_with_one_id_keep_one_and_list_the_rest() {
    // SOURCED_DUPLICATES=1000000 runs the million of issue 7 (about 15 s of CPU in debug).
    let n = std::env::var("SOURCED_DUPLICATES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let mut text = String::with_capacity(n * 16);
    text.push_str("id,quantity,source,estimate\n");
    for i in 0..n {
        text.push_str("dup,troops,s,");
        text.push_str(if i % 2 == 0 { "5\n" } else { "7\n" });
    }
    let file = timed("duplicate ids", || {
        ClaimFile::from_csv_str(&text, &LoadOptions::lenient())
    })
    .expect("lenient");
    assert_eq!(file.claims.len(), 1);
    assert_eq!(file.problems.len(), n - 1);
    assert_eq!(
        file.problems.0[0].location,
        Location::Line {
            line: 3,
            claim: Some("dup".into())
        }
    );
    assert_eq!(file.problems.0[0].field.as_deref(), Some("id"));
    // Strict mode refuses the file and lists every duplicate.
    let strict = timed("strict", || {
        ClaimFile::from_csv_str(&text, &LoadOptions::strict())
    });
    match strict {
        Err(sourced::Error::Invalid(problems)) => assert_eq!(problems.len(), n - 1),
        other => panic!("{other:?}"),
    }
    // What was kept reconciles.
    let report = Report::of(&file.claims).expect("one claim");
    assert_eq!(report.quantities[0].claims.len(), 1);
}

#[test]
fn many_distinct_claims_in_one_quantity_reconcile_in_reasonable_time() {
    let n = 100_000;
    let mut text = String::from("id,quantity,source,low,high\n");
    for i in 0..n {
        let low = (i * 7919) % 100_000;
        text.push_str(&format!("c{i},troops,s{},{low},{}\n", i % 97, low + 500));
    }
    let file = timed("load", || {
        ClaimFile::from_csv_str(&text, &LoadOptions::strict())
    })
    .expect("valid");
    assert_eq!(file.claims.len(), n);
    let report = timed("report", || Report::of(&file.claims)).expect("report");
    let q = &report.quantities[0];
    assert_eq!(q.claims.len(), n);
    assert!(q.conflicts.len() as u64 <= q.conflict_count);
    assert!(q.consensus.iter().all(|r| r.support <= 97));
}
