//! Claim files with hedged text estimates, read by the lexicon.
#![cfg(feature = "json")]

use sourced::{ClaimFile, Error, Hedge, Lexicon, LoadOptions, Location};

/// The example of issue 2, item 3, verbatim.
const ISSUE_EXAMPLE: &str = r#"{
  "sources":    [{"id": "white-house", "name": "White House", "kind": "government",
                  "affiliation": "US", "group": "us-government"}],
  "quantities": [{"id": "nk-troops-in-russia", "unit": "troops", "domain": "count",
                  "kind": "level", "description": "North Korean troops in Russia"}],
  "claims": [
    {"id": "wh-1", "quantity": "nk-troops-in-russia", "source": "white-house",
     "estimate": "more than 3,000", "stated": "2024-10-23", "as_of": "2024-10-23",
     "confidence": "likely", "kind": "statement", "via": "The Epoch Times",
     "quote": "…", "url": "…", "restates": null, "supersedes": null},
    {"id": "nis-1", "quantity": "nk-troops-in-russia", "source": "nis",
     "estimate": {"high": 10000}, "stated": "2024-10"}
  ]
}"#;

#[test]
fn the_issue_example_names_a_source_its_own_list_does_not_declare() {
    // The file declares its sources, so "nis" must be among them: a misspelt source id would
    // otherwise count as one more independent source.
    let err = ClaimFile::from_json_str(ISSUE_EXAMPLE, &LoadOptions::strict()).unwrap_err();
    let Error::Invalid(problems) = err else {
        panic!("{err}")
    };
    assert_eq!(problems.len(), 1, "{problems}");
    let p = problems.iter().next().unwrap();
    assert_eq!(p.location, Location::Claim("nis-1".into()));
    assert_eq!(p.field.as_deref(), Some("source"));
    assert!(p.message.contains("unknown source \"nis\""), "{p}");
    // Lenient mode keeps the White House claim, read from its text.
    let file = ClaimFile::from_json_str(ISSUE_EXAMPLE, &LoadOptions::lenient()).unwrap();
    let wh = file.claims.get("wh-1").unwrap();
    assert_eq!(wh.interval().to_string(), "(3000, ∞)");
    assert_eq!(wh.estimate().hedge(), Hedge::MoreThan);
    assert_eq!(wh.estimate().text(), Some("more than 3,000"));
}

#[test]
fn the_issue_example_with_nis_declared_loads() {
    let text = ISSUE_EXAMPLE.replace(
        r#""group": "us-government"}],"#,
        r#""group": "us-government"}, {"id": "nis", "kind": "intelligence"}],"#,
    );
    let file = ClaimFile::from_json_str(&text, &LoadOptions::strict()).unwrap();
    let (wh, nis) = (
        file.claims.get("wh-1").unwrap(),
        file.claims.get("nis-1").unwrap(),
    );
    // "more than 3,000" and "as many as 10,000" share (3000, 10000]: compatible.
    let both = wh.interval().intersection(nis.interval()).unwrap();
    assert_eq!(both.to_string(), "(3000, 10000]");
}

#[test]
fn text_estimates_use_the_quantity_domain() {
    let file = ClaimFile::from_json_str(
        r#"{"claims": [
            {"id": "a", "quantity": "troops", "source": "s", "estimate": "as many as 10,000"},
            {"id": "b", "quantity": "casualties", "source": "s", "estimate": "about 600,000"}
        ]}"#,
        &LoadOptions::strict(),
    )
    .unwrap();
    assert_eq!(
        file.claims.get("a").unwrap().interval().to_string(),
        "[0, 10000]"
    );
    let b = file.claims.get("b").unwrap();
    assert_eq!(b.interval().to_string(), "[550000, 650000]");
    assert_eq!(b.estimate().best(), Some(600_000.0));
}

#[test]
fn an_unreadable_phrase_names_the_claim_the_field_and_the_byte() {
    let err = ClaimFile::from_json_str(
        r#"{"claims": [{"id": "a", "quantity": "q", "source": "s", "estimate": "more than lots"}]}"#,
        &LoadOptions::strict(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("claim \"a\", field \"estimate\""), "{err}");
    assert!(err.contains("\"lots\" at byte 10"), "{err}");
}

#[test]
fn the_lexicon_of_the_options_is_used() {
    // The two lexicons read vague plurals differently ("hundreds").
    let text =
        r#"{"claims": [{"id": "a", "quantity": "q", "source": "s", "estimate": "hundreds"}]}"#;
    let read = |lexicon: Lexicon| {
        let file =
            ClaimFile::from_json_str(text, &LoadOptions::strict().with_lexicon(lexicon.clone()))
                .unwrap();
        let claim = file.claims.get("a").unwrap().clone();
        let direct = lexicon.parse("hundreds", claim.quantity()).unwrap();
        assert_eq!(claim.estimate(), &direct);
        claim.interval().to_string()
    };
    assert_eq!(read(Lexicon::standard()), "[200, 999]");
    assert_ne!(read(Lexicon::conservative()), "[200, 999]");
}

#[cfg(feature = "csv")]
#[test]
fn csv_estimate_cells_are_read_by_the_lexicon() {
    let file = ClaimFile::from_csv_str(
        "id,quantity,source,estimate\nwh-1,troops,white-house,\"more than 3,000\"\nnis-1,troops,nis,\"as many as 10,000\"\n",
        &LoadOptions::strict(),
    )
    .unwrap();
    assert_eq!(
        file.claims.get("wh-1").unwrap().interval().to_string(),
        "(3000, ∞)"
    );
    assert_eq!(
        file.claims.get("nis-1").unwrap().interval().to_string(),
        "[0, 10000]"
    );
    let err = ClaimFile::from_csv_str(
        "id,quantity,source,estimate\nx,troops,s,\"roughly a lot\"\n",
        &LoadOptions::strict(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("line 2 (claim \"x\"), field \"estimate\""),
        "{err}"
    );
}
