//! Any bytes given to the JSON claim-file loader are loaded or refused without panic, in strict
//! and lenient mode, and a lenient load loses no record: every element of the `claims` list is
//! either a loaded claim or the subject of a problem.

#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use sourced::{ClaimFile, Location, LoadOptions};

/// The elements of the input's `claims` list, read independently of the loader.
fn records(data: &[u8]) -> Option<Vec<serde_json::Value>> {
    let top: serde_json::Value = serde_json::from_slice(data).ok()?;
    match top.get("claims")? {
        serde_json::Value::Array(list) => Some(list.clone()),
        _ => None,
    }
}

fn check_lenient(data: &[u8], file: &ClaimFile) {
    let Some(records) = records(data) else {
        // The loader accepted what serde_json refuses (or read it differently, as with
        // repeated keys): nothing to count against.
        return;
    };
    let loaded: HashSet<&str> = file.claims.iter().map(|c| c.id()).collect();
    let mut located_ids: HashSet<&str> = HashSet::new();
    let mut located_indices: HashSet<usize> = HashSet::new();
    for problem in &file.problems {
        match &problem.location {
            Location::Claim(id) => {
                located_ids.insert(id);
            }
            Location::ClaimIndex(i) => {
                located_indices.insert(*i);
            }
            _ => {}
        }
    }
    assert!(file.claims.len() <= records.len());
    // A record with repeated keys is located by its first id where serde_json keeps the
    // last: such records must be matched by problem locations that name no record's id.
    let record_ids: HashSet<&str> = records
        .iter()
        .filter_map(|r| r.get("id").and_then(serde_json::Value::as_str))
        .collect();
    let repeated_ids = file
        .problems
        .iter()
        .filter(|p| p.field.as_deref() == Some("id") && p.message == "given twice")
        .count();
    let orphans = located_ids
        .iter()
        .filter(|id| !record_ids.contains(*id))
        .count()
        + repeated_ids;
    let mut unaccounted = Vec::new();
    for (index, record) in records.iter().enumerate() {
        if located_indices.contains(&index) {
            continue;
        }
        let id = record.get("id").and_then(serde_json::Value::as_str);
        if !id.is_some_and(|id| loaded.contains(id) || located_ids.contains(id)) {
            unaccounted.push((index, id));
        }
    }
    assert!(
        unaccounted.len() <= orphans,
        "claim records {unaccounted:?} are neither loaded nor listed as problems: {:?}",
        file.problems
    );
    // Every problem renders with its location.
    for problem in &file.problems {
        let shown = problem.to_string();
        assert!(!shown.is_empty());
        assert!(!problem.message.is_empty(), "{problem:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let strict = ClaimFile::from_json_slice(data, &LoadOptions::strict());
    let lenient = ClaimFile::from_json_slice(data, &LoadOptions::lenient());
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
        // What was loaded can be written back and read again to the same claims.
        if file.problems.is_empty()
            && let Ok(text) = file.to_json_string()
        {
            // The writer documents that loading its output gives the same claims.
            match ClaimFile::from_json_str(&text, &LoadOptions::strict()) {
                Ok(again) => {
                    let ids = |f: &ClaimFile| f.claims.iter().map(|c| c.id().to_owned()).collect::<Vec<_>>();
                    assert_eq!(ids(file), ids(&again), "{text}");
                }
                Err(e) => panic!("the written file does not load: {e}\n{text}"),
            }
        }
    }
});
