//! Any bytes given to the CSV claim-file loader are loaded or refused without panic, in strict
//! and lenient mode, and a lenient load loses no record: every data row is either a loaded
//! claim or the line of a problem.

#![no_main]

use std::collections::BTreeSet;

use libfuzzer_sys::fuzz_target;
use sourced::{ClaimFile, LoadOptions, Location};

/// The lines on which the input's data rows start (as the csv crate counts them), read
/// independently of the loader with the same reader settings (header row, rows of any width).
fn row_lines(data: &[u8]) -> Option<Vec<u64>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(data);
    reader.byte_headers().ok()?;
    let mut lines = Vec::new();
    for row in reader.byte_records() {
        lines.push(row.ok()?.position()?.line());
    }
    Some(lines)
}

fn check_lenient(data: &[u8], file: &ClaimFile) {
    let Some(rows) = row_lines(data) else {
        panic!("the loader accepted CSV that the csv crate refuses");
    };
    let mut problem_lines = BTreeSet::new();
    for problem in &file.problems {
        match &problem.location {
            Location::Line { line, .. } => {
                problem_lines.insert(*line);
            }
            other => panic!("a row problem located at {other:?}: {problem}"),
        }
        assert!(!problem.message.is_empty(), "{problem:?}");
    }
    // The loader counts a lone `\r` as a line break where the csv crate does not, so lines are
    // compared by number of rows, not by value; each row has a line of its own.
    assert!(problem_lines.iter().all(|&line| line >= 2), "{:?}", file.problems);
    assert_eq!(
        file.claims.len() + problem_lines.len(),
        rows.len(),
        "rows neither loaded nor listed as problems: {:?}",
        file.problems
    );
}

fuzz_target!(|data: &[u8]| {
    let strict = ClaimFile::from_csv_slice(data, &LoadOptions::strict());
    let lenient = ClaimFile::from_csv_slice(data, &LoadOptions::lenient());
    match (&strict, &lenient) {
        (Ok(s), Ok(l)) => {
            assert!(l.problems.is_empty(), "strict accepted what lenient faults");
            assert_eq!(s.claims.len(), l.claims.len());
        }
        (Ok(_), Err(e)) => panic!("strict accepted, lenient refused: {e}"),
        (Err(e), _) => assert!(!e.to_string().is_empty()),
    }
    if let Ok(file) = &lenient {
        if let Err(e) = &strict {
            assert!(
                !file.problems.is_empty(),
                "strict refused ({e}) but lenient found no problem"
            );
        }
        check_lenient(data, file);
    }
});
