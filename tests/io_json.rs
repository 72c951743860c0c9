//! The JSON claim-file loader: the format of issue 2, declarations, defaults, every problem
//! listed at once, strict and lenient modes.
#![cfg(feature = "json")]

use sourced::{
    ClaimDate, ClaimFile, ClaimKind, Domain, Error, Hedge, LoadOptions, Location, Mode, Problems,
    QuantityKind, SourceKind,
};

fn strict(text: &str) -> Result<ClaimFile, Error> {
    ClaimFile::from_json_str(text, &LoadOptions::strict())
}

fn problems(text: &str) -> Problems {
    match strict(text) {
        Err(Error::Invalid(p)) => p,
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
}

/// The example of issue 2, item 3, with the text estimate written structurally (the text
/// form is tested once the lexicon reads it, in `io_text_estimates.rs`).
const ISSUE_EXAMPLE: &str = r#"{
  "sources":    [{"id": "white-house", "name": "White House", "kind": "government",
                  "affiliation": "US", "group": "us-government"},
                 {"id": "nis", "name": "National Intelligence Service", "kind": "intelligence",
                  "affiliation": "South Korea"}],
  "quantities": [{"id": "nk-troops-in-russia", "unit": "troops", "domain": "count",
                  "kind": "level", "description": "North Korean troops in Russia"}],
  "claims": [
    {"id": "wh-1", "quantity": "nk-troops-in-russia", "source": "white-house",
     "estimate": {"low": 3000, "low_open": true, "hedge": "more_than", "text": "more than 3,000"},
     "stated": "2024-10-23", "as_of": "2024-10-23",
     "confidence": "likely", "kind": "statement", "via": "The Epoch Times",
     "quote": "…", "url": "…", "restates": null, "supersedes": null},
    {"id": "nis-1", "quantity": "nk-troops-in-russia", "source": "nis",
     "estimate": {"high": 10000}, "stated": "2024-10"}
  ]
}"#;

#[test]
fn issue_example_loads_with_declared_sources_and_quantities() {
    let file = strict(ISSUE_EXAMPLE).unwrap();
    assert_eq!(file.claims.len(), 2);
    assert!(file.problems.is_empty());
    let wh = file.claims.get("wh-1").unwrap();
    assert_eq!(wh.interval().to_string(), "(3000, ∞)");
    assert_eq!(wh.estimate().hedge(), Hedge::MoreThan);
    assert_eq!(wh.estimate().text(), Some("more than 3,000"));
    assert_eq!(wh.source().group(), "us-government");
    assert_eq!(wh.source().kind(), SourceKind::Government);
    assert_eq!(wh.stated(), Some(ClaimDate::day(2024, 10, 23).unwrap()));
    assert_eq!(wh.kind(), ClaimKind::Statement);
    assert_eq!(wh.confidence().unwrap().term(), Some(("icd-203", "likely")));
    assert_eq!(wh.provenance().via.as_deref(), Some("The Epoch Times"));
    assert_eq!(wh.restates(), None);
    let nis = file.claims.get("nis-1").unwrap();
    // "as many as 10,000" for a count: the domain fills the low end.
    assert_eq!(nis.interval().to_string(), "[0, 10000]");
    assert_eq!(nis.source().group(), "nis");
    assert_eq!(nis.quantity().kind(), QuantityKind::Level);
    assert_eq!(nis.stated().unwrap().precision(), sourced::Precision::Month);
    // One shared quantity value for both claims.
    assert!(std::sync::Arc::ptr_eq(wh.quantity(), nis.quantity()));
    assert_eq!(file.sources.len(), 2);
    assert_eq!(file.quantities.len(), 1);
}

#[test]
fn undeclared_sources_are_their_own_group_and_quantities_are_counts() {
    let file = strict(
        r#"{"claims": [
        {"id": "a", "quantity": "q", "source": "s1", "estimate": {"low": 1, "high": 2}},
        {"id": "b", "quantity": "q", "source": "s2", "estimate": {"best": 5}, "group": "g"},
        {"id": "c", "quantity": "q", "source": "s1", "estimate": {"low": 1, "high": 3}}
    ]}"#,
    )
    .unwrap();
    let a = file.claims.get("a").unwrap();
    assert_eq!(a.source().group(), "s1");
    assert_eq!(a.quantity().domain(), Domain::Count);
    assert_eq!(file.claims.get("b").unwrap().source().group(), "g");
    assert_eq!(
        file.claims.get("b").unwrap().interval().to_string(),
        "[0, ∞)"
    );
    assert!(std::sync::Arc::ptr_eq(
        a.source(),
        file.claims.get("c").unwrap().source()
    ));
    assert_eq!(file.sources.len(), 2);
}

#[test]
fn real_domain_keeps_unbounded_sides() {
    let file = strict(
        r#"{"quantities": [{"id": "t", "unit": "degrees", "domain": "real"}],
            "claims": [{"id": "a", "quantity": "t", "source": "s", "estimate": {"high": -3}}]}"#,
    )
    .unwrap();
    assert_eq!(
        file.claims.get("a").unwrap().interval().to_string(),
        "(-∞, -3]"
    );
}

#[test]
fn an_empty_claim_list_is_a_valid_file() {
    let file = strict(r#"{"claims": []}"#).unwrap();
    assert!(file.claims.is_empty());
}

#[test]
fn three_invalid_records_are_all_reported() {
    let p = problems(
        r#"{"claims": [
        {"id": "ok", "quantity": "q", "source": "s", "estimate": {"low": 1, "high": 2}},
        {"id": "inverted", "quantity": "q", "source": "s", "estimate": {"low": 5, "high": 2}},
        {"id": "negative", "quantity": "q", "source": "s", "estimate": {"low": -5, "high": 2}},
        {"id": "sure", "quantity": "q", "source": "s", "estimate": {"best": 1}, "confidence": 1.5}
    ]}"#,
    );
    assert_eq!(p.len(), 3, "{p}");
    let ids: Vec<_> = p.iter().map(|x| x.location.clone()).collect();
    assert_eq!(
        ids,
        ["inverted", "negative", "sure"].map(|s| Location::Claim(s.to_owned()))
    );
    let text = p.to_string();
    assert!(text.starts_with("3 invalid records"), "{text}");
}

#[test]
fn one_record_with_many_bad_fields_lists_every_field() {
    let p = problems(
        r#"{"claims": [{"id": "x", "quantity": "q", "source": "s",
            "estimate": {"low": 1e400, "high": "NaN", "best": true},
            "stated": "2024-02-30", "as_of": "last week", "confidence": "sort of likely",
            "kind": "rumour", "colour": "red"}]}"#,
    );
    let fields: Vec<_> = p.iter().filter_map(|x| x.field.clone()).collect();
    for f in [
        "estimate.low",
        "estimate.high",
        "estimate.best",
        "stated",
        "as_of",
        "confidence",
        "kind",
        "colour",
    ] {
        assert!(fields.iter().any(|x| x == f), "{f} missing from {p}");
    }
    assert!(p.iter().all(|x| x.location == Location::Claim("x".into())));
}

#[test]
fn lenient_mode_keeps_every_valid_claim_and_lists_every_invalid_one() {
    let text = r#"{"claims": [
        {"id": "a", "quantity": "q", "source": "s", "estimate": {"low": 1, "high": 2}},
        {"id": "b", "quantity": "q", "source": "s", "estimate": {"low": 3, "high": 2}},
        {"quantity": "q", "source": "s", "estimate": {"low": 1, "high": 2}},
        {"id": "c", "quantity": "q", "source": "s", "estimate": {"low": 1, "high": 9}},
        "not a claim",
        {"id": "a", "quantity": "q", "source": "s", "estimate": {"low": 1, "high": 2}},
        {"id": "d", "quantity": "q", "source": "s", "estimate": {"low": 0, "high": 2}, "restates": "b"}
    ]}"#;
    let file = ClaimFile::from_json_str(text, &LoadOptions::lenient()).unwrap();
    let kept: Vec<_> = file.claims.iter().map(|c| c.id()).collect();
    assert_eq!(kept, ["a", "c"]);
    let at: Vec<_> = file
        .problems
        .iter()
        .map(|p| p.location.to_string())
        .collect();
    assert_eq!(
        at,
        [
            "claim \"b\"",
            "claim #3 (no id)",
            "claim #5 (no id)",
            "claim \"a\"",
            "claim \"d\""
        ],
        "{}",
        file.problems
    );
    // 7 records: 2 claims + 5 problems, one per record.
    assert_eq!(file.claims.len() + file.problems.len(), 7);
    assert!(file.claims.validate().is_ok());
    // The same file in strict mode fails with the same list.
    match ClaimFile::from_json_str(text, &LoadOptions::default().with_mode(Mode::Strict)) {
        Err(Error::Invalid(p)) => assert_eq!(p, file.problems),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_chain_of_references_to_an_invalid_claim_is_rejected_link_by_link() {
    let text = r#"{"claims": [
        {"id": "a", "quantity": "q", "source": "s", "estimate": {"low": 3, "high": 2}},
        {"id": "b", "quantity": "q", "source": "s", "estimate": {"best": 1}, "restates": "a"},
        {"id": "c", "quantity": "q", "source": "s", "estimate": {"best": 1}, "supersedes": "b"},
        {"id": "d", "quantity": "q", "source": "s", "estimate": {"best": 1}}
    ]}"#;
    let file = ClaimFile::from_json_str(text, &LoadOptions::lenient()).unwrap();
    assert_eq!(
        file.claims.iter().map(|c| c.id()).collect::<Vec<_>>(),
        ["d"]
    );
    let fields: Vec<_> = file
        .problems
        .iter()
        .map(|p| (p.location.to_string(), p.field.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        fields,
        [
            ("claim \"a\"".to_owned(), "estimate".to_owned()),
            ("claim \"b\"".to_owned(), "restates".to_owned()),
            ("claim \"c\"".to_owned(), "supersedes".to_owned()),
        ]
    );
}

#[test]
fn written_json_loads_back_to_the_same_claims() {
    let file = strict(ISSUE_EXAMPLE).unwrap();
    let text = file.to_json_string().unwrap();
    let again = strict(&text).unwrap();
    assert_eq!(again.claims, file.claims);
    assert_eq!(again.sources, file.sources);
    assert_eq!(again.quantities, file.quantities);
}

#[test]
fn a_path_is_read_in_the_format_its_extension_names() {
    let dir = std::env::temp_dir().join(format!("sourced-io-json-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("claims.JSON");
    std::fs::write(&path, ISSUE_EXAMPLE).unwrap();
    let file = ClaimFile::from_path(&path, &LoadOptions::default()).unwrap();
    assert_eq!(file.claims.len(), 2);
    let other = dir.join("claims.txt");
    std::fs::write(&other, ISSUE_EXAMPLE).unwrap();
    let err = ClaimFile::from_path(&other, &LoadOptions::default()).unwrap_err();
    assert!(err.to_string().contains("extension"), "{err}");
    let missing = ClaimFile::from_path(dir.join("none.json"), &LoadOptions::default()).unwrap_err();
    assert!(matches!(missing, Error::Io { .. }), "{missing}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn declarations_after_the_claims_still_apply() {
    let file = strict(
        r#"{"claims": [{"id": "a", "quantity": "years", "source": "s", "estimate": {"high": -1}}],
            "quantities": [{"id": "years", "unit": "years", "domain": "real"}]}"#,
    )
    .unwrap();
    let a = file.claims.get("a").unwrap();
    assert_eq!(a.interval().to_string(), "(-∞, -1]");
    assert_eq!(a.quantity().unit(), "years");
    // Declared after the claims, sources still apply; an undeclared one beside them is its
    // own independence group.
    let file = strict(
        r#"{"claims": [{"id": "a", "quantity": "q", "source": "s", "estimate": {"best": 1}},
                       {"id": "b", "quantity": "q", "source": "t", "estimate": {"best": 1}}],
            "sources": [{"id": "t", "group": "g"}]}"#,
    )
    .unwrap();
    assert_eq!(file.claims.get("a").unwrap().source().group(), "s");
    assert_eq!(file.claims.get("b").unwrap().source().group(), "g");
}

#[test]
fn loader_types_are_send_sync_clone_debug() {
    fn check<T: Send + Sync + Clone + std::fmt::Debug>() {}
    check::<ClaimFile>();
    check::<LoadOptions>();
    check::<Mode>();
    check::<sourced::Format>();
}

#[test]
fn a_bare_number_estimate_is_a_point_claim() {
    let text = r#"{"claims": [{"id": "a", "quantity": "q", "source": "s", "estimate": 40}]}"#;
    let file = sourced::ClaimFile::from_json_str(text, &sourced::LoadOptions::strict()).unwrap();
    let claim = file.claims.get("a").unwrap();
    assert_eq!(claim.interval().to_string(), "[40, 40]");
    assert_eq!(claim.estimate().best(), Some(40.0));
    let bad = r#"{"claims": [{"id": "b", "quantity": "q", "source": "s", "estimate": -1e400}]}"#;
    let err = sourced::ClaimFile::from_json_str(bad, &sourced::LoadOptions::strict()).unwrap_err();
    assert!(
        err.to_string().contains("\"b\"") && err.to_string().contains("estimate"),
        "{err}"
    );
}
