//! What the loaders do with bad input (issue 7, item 2): one test per kind of bad input,
//! each checking that the error names the claim (or line, or byte) and the field. No input
//! panics; in lenient mode every valid claim is kept and every invalid one is listed.
#![cfg(all(feature = "json", feature = "csv"))]

use sourced::{ClaimFile, Error, LoadOptions, Location, Problem, Problems};

fn json(text: &str) -> Result<ClaimFile, Error> {
    ClaimFile::from_json_str(text, &LoadOptions::strict())
}

fn csv(text: &str) -> Result<ClaimFile, Error> {
    ClaimFile::from_csv_str(text, &LoadOptions::strict())
}

fn problems(result: Result<ClaimFile, Error>) -> Problems {
    match result {
        Err(Error::Invalid(p)) => p,
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
}

/// The single problem of a result, checked to name `field` and to contain `words`.
fn only(result: Result<ClaimFile, Error>, field: &str, words: &[&str]) -> Problem {
    let p = problems(result);
    assert_eq!(p.len(), 1, "{p}");
    let problem = p.iter().next().cloned().unwrap();
    assert_eq!(problem.field.as_deref(), Some(field), "{problem}");
    let text = problem.to_string();
    for w in words {
        assert!(text.contains(w), "{w:?} not in {text:?}");
    }
    problem
}

/// A JSON file with one claim whose fields are `fields` (a JSON fragment).
fn claim(fields: &str) -> String {
    format!(r#"{{"claims": [{{"id": "c1", "quantity": "q", "source": "s", {fields}}}]}}"#)
}

const CLAIM_1: Location = Location::ClaimIndex(0);

fn at_claim(id: &str) -> Location {
    Location::Claim(id.to_owned())
}

#[test]
fn malformed_json_is_located_by_byte_line_and_column_with_its_claim_and_field() {
    let text = "{\"claims\": [\n  {\"id\": \"c1\", \"quantity\": \"q\", \"source\": \"s\",\n   \"estimate\": {\"low\": 1,, \"high\": 2}}\n]}";
    let p = only(json(text), "estimate", &["not valid JSON", "claim \"c1\""]);
    let Location::Byte {
        offset,
        line,
        column,
    } = p.location
    else {
        panic!("{p}")
    };
    assert_eq!((line, column), (Some(3), Some(26)));
    assert_eq!(&text[offset as usize..offset as usize + 1], ",");
}

#[test]
fn a_truncated_file_says_it_ends_early_and_where() {
    let full = claim(r#""estimate": {"low": 1, "high": 2}"#);
    let cut = &full[..full.find("\"high\"").unwrap() + 4];
    only(
        json(cut),
        "estimate",
        &["ends early", "claim \"c1\"", &format!("byte {}", cut.len())],
    );
}

#[test]
fn a_non_utf8_byte_is_located_with_its_claim_and_field() {
    let mut bytes = claim(r#""estimate": "about 600", "quote": "caf!""#).into_bytes();
    let at = bytes.iter().position(|&b| b == b'!').unwrap();
    bytes[at] = 0xff;
    let p = only(
        ClaimFile::from_json_slice(&bytes, &LoadOptions::strict()),
        "quote",
        &["not UTF-8", "claim \"c1\""],
    );
    assert!(matches!(p.location, Location::Byte { offset, .. } if offset as usize == at));
    // CSV: the bad cell is a problem of its line; the other rows load.
    let file = ClaimFile::from_csv_slice(
        b"id,quantity,source,best,quote\na,q,s,1,caf\xff\nb,q,s,2,ok\n",
        &LoadOptions::lenient(),
    )
    .unwrap();
    assert_eq!(file.claims.len(), 1);
    let p = file.problems.iter().next().unwrap();
    assert_eq!(p.field.as_deref(), Some("quote"));
    assert!(p.to_string().contains("line 2 (claim \"a\")"), "{p}");
}

#[test]
fn an_empty_file_is_an_error_not_an_empty_set() {
    for text in ["", "  \n\t"] {
        let p = problems(json(text));
        assert!(p.to_string().contains("the input is empty"), "{p}");
        let p = problems(csv(text));
        assert!(p.to_string().contains("the input is empty"), "{p}");
    }
}

#[test]
fn a_file_with_no_claims_is_a_valid_empty_set_but_a_file_without_a_claim_list_is_not() {
    assert!(json(r#"{"claims": []}"#).unwrap().claims.is_empty());
    assert!(
        csv("id,quantity,source,estimate\n")
            .unwrap()
            .claims
            .is_empty()
    );
    only(json(r#"{"sources": []}"#), "claims", &["missing"]);
    only(
        json(r#"{"claims": {}}"#),
        "claims",
        &["expected a list of claims"],
    );
}

#[test]
fn a_claim_without_an_id_is_named_by_its_position() {
    let p = only(
        json(r#"{"claims": [{"quantity": "q", "source": "s", "estimate": {"best": 1}}]}"#),
        "id",
        &["missing"],
    );
    assert_eq!(p.location, CLAIM_1);
    let p = only(
        csv("id,quantity,source,best\n,q,s,1\n"),
        "id",
        &["missing", "line 2"],
    );
    assert_eq!(
        p.location,
        Location::Line {
            line: 2,
            claim: None
        }
    );
    only(
        json(&claim(r#""estimate": {"best": 1}"#).replace("\"c1\"", "\" c1\"")),
        "id",
        &["white space"],
    );
}

#[test]
fn duplicate_ids_name_both_records() {
    let one = r#"{"id": "c1", "quantity": "q", "source": "s", "estimate": {"best": 1}}"#;
    let p = only(
        json(&format!(r#"{{"claims": [{one}, {one}]}}"#)),
        "id",
        &["duplicate claim id", "claim #1"],
    );
    assert_eq!(p.location, at_claim("c1"));
    only(
        csv("id,quantity,source,best\nc1,q,s,1\nc1,q,s,2\n"),
        "id",
        &["line 3 (claim \"c1\")", "duplicate", "line 2"],
    );
    // A record over two lines: the lines after it are not one per claim any more.
    only(
        csv("id,quantity,source,best,note\nc0,q,s,1,\"two\nlines\"\nc1,q,s,1,\nc1,q,s,2,\n"),
        "id",
        &["line 5 (claim \"c1\")", "duplicate", "line 4"],
    );
    // An invalid record (no source) between them, in a lenient load: the duplicate is still
    // found at its own line, and nothing else is lost.
    let lenient = ClaimFile::from_csv_str(
        "id,quantity,source,best\nc1,q,s,1\nc2,q,,1\nc3,q,s,1\nc1,q,s,2\n",
        &LoadOptions::lenient(),
    )
    .unwrap();
    let text = lenient.problems.to_string();
    assert_eq!(lenient.problems.len(), 2, "{text}");
    assert!(
        text.contains("line 3") && text.contains("line 5 (claim \"c1\")"),
        "{text}"
    );
    assert_eq!(lenient.claims.len(), 2);
}

#[test]
fn undeclared_quantities_and_sources_take_the_defaults_beside_declared_ones() {
    // Issue 2: an undeclared source is its own independence group, an undeclared quantity a
    // non-negative count, whether or not the file declares others; the loaded file lists them
    // after the declared ones, so that a misspelt id shows.
    let declared = r#"{"sources": [{"id": "s"}], "quantities": [{"id": "q"}], "claims": [
        {"id": "c1", "quantity": "typo", "source": "s", "estimate": {"best": 1}},
        {"id": "c2", "quantity": "q", "source": "tpyo", "estimate": {"best": 1}}]}"#;
    let file = ClaimFile::from_json_str(declared, &LoadOptions::strict()).unwrap();
    let sources: Vec<_> = file.sources.iter().map(|s| s.id()).collect();
    let quantities: Vec<_> = file.quantities.iter().map(|q| q.id()).collect();
    assert_eq!(
        (sources, quantities),
        (vec!["s", "tpyo"], vec!["q", "typo"])
    );
    assert_eq!(file.claims.get("c2").unwrap().source().group(), "tpyo");
    // A negative value for the undeclared quantity is still refused: it is a count.
    let negative = declared.replace(
        r#""estimate": {"best": 1}},"#,
        r#""estimate": {"best": -1}},"#,
    );
    only(
        json(&negative),
        "estimate.best",
        &["claim \"c1\"", "domain count"],
    );
}

#[test]
fn a_source_whose_declaration_is_invalid_is_not_replaced_by_the_defaults() {
    let text = r#"{"sources": [{"id": "s", "weight": -1}], "claims": [
        {"id": "c1", "quantity": "q", "source": "s", "estimate": {"best": 1}}]}"#;
    let p = problems(json(text));
    assert!(
        p.iter().any(|x| x.location == at_claim("c1")
            && x.field.as_deref() == Some("source")
            && x.message.contains("declaration is invalid")),
        "{p}"
    );
}

#[test]
fn restates_and_supersedes_must_name_a_claim_of_the_file() {
    only(
        json(&claim(r#""estimate": {"best": 1}, "restates": "nowhere""#)),
        "restates",
        &["claim \"c1\"", "\"nowhere\", which is not in the file"],
    );
    only(
        json(&claim(r#""estimate": {"best": 1}, "supersedes": "c1""#)),
        "supersedes",
        &["itself"],
    );
}

#[test]
fn nan_is_refused_in_every_numeric_field() {
    for (fields, field) in [
        (r#""estimate": {"low": NaN}"#, "estimate"),
        (
            r#""estimate": {"best": 1}, "confidence": NaN"#,
            "confidence",
        ),
    ] {
        // NaN is not JSON: a syntax error, still naming the claim and field.
        only(
            json(&claim(fields)),
            field,
            &["not valid JSON", "claim \"c1\""],
        );
    }
    for (fields, field) in [
        (r#""estimate": {"low": "NaN"}"#, "estimate.low"),
        (r#""estimate": {"high": "NaN"}"#, "estimate.high"),
        (r#""estimate": {"best": "NaN"}"#, "estimate.best"),
        (
            r#""estimate": {"best": 1, "level": "NaN"}"#,
            "estimate.level",
        ),
    ] {
        only(json(&claim(fields)), field, &["claim \"c1\"", "NaN"]);
    }
    only(
        json(&claim(r#""estimate": {"best": 1}, "confidence": "NaN""#)),
        "confidence",
        &["claim \"c1\""],
    );
    for column in ["low", "high", "best", "level", "confidence"] {
        let text = format!("id,quantity,source,best,{column}\nc1,q,s,1,NaN\n")
            .replace("best,best", "best")
            .replace("1,NaN", if column == "best" { "NaN" } else { "1,NaN" });
        only(csv(&text), column, &["line 2 (claim \"c1\")"]);
    }
}

#[test]
fn infinities_and_1e400_are_refused_in_every_numeric_field() {
    for value in ["1e400", "-1e400"] {
        for key in ["low", "high", "best", "level"] {
            let fields = format!(r#""estimate": {{"{key}": {value}}}"#);
            only(
                json(&claim(&fields)),
                &format!("estimate.{key}"),
                &["claim \"c1\"", value, "not a finite number"],
            );
        }
        only(
            json(&claim(&format!(
                r#""estimate": {{"best": 1}}, "confidence": {value}"#
            ))),
            "confidence",
            &["claim \"c1\"", value],
        );
        only(
            json(&format!(
                r#"{{"sources": [{{"id": "s", "weight": {value}}}], "claims": []}}"#
            )),
            "weight",
            &["source \"s\"", value],
        );
    }
    for token in ["Infinity", "-Infinity"] {
        only(
            json(&claim(&format!(r#""estimate": {{"low": {token}}}"#))),
            "estimate",
            &["not valid JSON", "claim \"c1\""],
        );
    }
    for value in ["inf", "-inf", "infinity", "1e400", "-1e400"] {
        for column in ["low", "high", "best", "level"] {
            only(
                csv(&format!("id,quantity,source,{column}\nc1,q,s,{value}\n")),
                column,
                &["line 2 (claim \"c1\")"],
            );
        }
    }
}

#[test]
fn negative_values_for_a_count_are_refused() {
    only(
        json(&claim(r#""estimate": {"low": -5, "high": 3}"#)),
        "estimate",
        &["claim \"c1\"", "-5", "outside the domain count"],
    );
    only(
        json(&claim(r#""estimate": "about -300""#)),
        "estimate",
        &["claim \"c1\""],
    );
    only(
        csv("id,quantity,source,best\nc1,q,s,-1\n"),
        "estimate.best",
        &["line 2 (claim \"c1\")", "outside the domain count"],
    );
    only(
        csv("id,quantity,source,high\nc1,q,s,-1\n"),
        "estimate",
        &["line 2 (claim \"c1\")", "outside the domain count"],
    );
}

#[test]
fn low_above_high_is_refused() {
    only(
        json(&claim(r#""estimate": {"low": 10, "high": 2}"#)),
        "estimate",
        &["claim \"c1\"", "empty"],
    );
    only(
        json(&claim(
            r#""estimate": {"low": 2, "high": 2, "low_open": true}"#,
        )),
        "estimate",
        &["claim \"c1\"", "empty"],
    );
    only(
        csv("id,quantity,source,low,high\nc1,q,s,10,2\n"),
        "estimate",
        &["line 2 (claim \"c1\")"],
    );
}

#[test]
fn a_best_value_outside_its_interval_is_refused() {
    only(
        json(&claim(
            r#""estimate": {"low": 8000, "high": 94000, "best": 98000}"#,
        )),
        "estimate.best",
        &["claim \"c1\"", "98000", "[8000, 94000]"],
    );
    only(
        csv("id,quantity,source,low,high,best\nc1,q,s,1,2,3\n"),
        "estimate.best",
        &["line 2 (claim \"c1\")"],
    );
}

#[test]
fn confidence_outside_zero_one_is_refused() {
    for c in [
        "1.5",
        "-0.1",
        r#"{"low": 0.8, "high": 0.6}"#,
        r#"{"low": 0.5, "high": 2}"#,
    ] {
        only(
            json(&claim(&format!(
                r#""estimate": {{"best": 1}}, "confidence": {c}"#
            ))),
            "confidence",
            &["claim \"c1\""],
        );
    }
    only(
        csv("id,quantity,source,best,confidence\nc1,q,s,1,1.5\n"),
        "confidence",
        &["line 2 (claim \"c1\")", "outside [0, 1]"],
    );
}

#[test]
fn unknown_vocabulary_terms_and_words_are_refused() {
    only(
        json(&claim(
            r#""estimate": {"best": 1}, "confidence": "sort of likely""#,
        )),
        "confidence",
        &["claim \"c1\"", "unknown term"],
    );
    only(
        json(&claim(
            r#""estimate": {"best": 1}, "confidence": "astrology:likely""#,
        )),
        "confidence",
        &["claim \"c1\"", "unknown vocabulary"],
    );
    only(
        json(&claim(r#""estimate": {"best": 1}, "kind": "rumour""#)),
        "kind",
        &["claim \"c1\"", "rumour"],
    );
    only(
        csv("id,quantity,source,best,analytic_confidence\nc1,q,s,1,certain\n"),
        "analytic_confidence",
        &["line 2 (claim \"c1\")"],
    );
}

#[test]
fn impossible_dates_and_unknown_date_formats_are_refused() {
    only(
        json(&claim(r#""estimate": {"best": 1}, "stated": "2024-02-30""#)),
        "stated",
        &["claim \"c1\"", "2024-02-30"],
    );
    only(
        json(&claim(
            r#""estimate": {"best": 1}, "as_of": "Oct. 23, 2024""#,
        )),
        "as_of",
        &["claim \"c1\"", "YYYY-MM-DD"],
    );
    only(
        csv("id,quantity,source,best,stated\nc1,q,s,1,23/10/2024\n"),
        "stated",
        &["line 2 (claim \"c1\")"],
    );
}

#[test]
fn a_phrase_the_lexicon_does_not_understand_names_the_word_and_its_byte() {
    only(
        json(&claim(r#""estimate": "more than a bunch""#)),
        "estimate",
        &["claim \"c1\"", "at byte 10"],
    );
}

#[test]
fn an_enormous_phrase_is_refused_quickly_with_a_short_message() {
    let phrase = format!("about {}", "very ".repeat(200_000));
    assert!(phrase.len() > 1_000_000);
    let start = std::time::Instant::now();
    let p = only(
        json(&claim(&format!(r#""estimate": "{phrase}""#))),
        "estimate",
        &["claim \"c1\""],
    );
    assert!(p.message.len() < 1_000, "{} bytes", p.message.len());
    // CSV too.
    let p = only(
        csv(&format!("id,quantity,source,estimate\nc1,q,s,{phrase}\n")),
        "estimate",
        &["line 2"],
    );
    assert!(p.message.len() < 1_000);
    assert!(start.elapsed().as_secs() < 10);
}

#[test]
fn deeply_nested_json_is_a_clean_error_with_a_location() {
    // Nested values are skipped without recursion, so depth costs no stack; where a nested
    // value stands in place of a claim or a field, that is the error.
    let depth = 100_000;
    let nest = |open: &str, close: &str| format!("{}{}", open.repeat(depth), close.repeat(depth));
    let lists = nest("[", "]");
    let objects = nest(r#"{"a": "#, "}").replace(r#"{"a": }"#, r#"{"a": 1}"#);

    let p = problems(json(&lists));
    assert!(p.to_string().contains("byte 0 (line 1, column 1)"), "{p}");
    assert!(p.to_string().contains("found a list"), "{p}");

    let p = problems(json(&format!(r#"{{"claims": [{lists}]}}"#)));
    assert_eq!(p.iter().next().unwrap().location, CLAIM_1);
    assert!(
        p.to_string()
            .contains("expected a claim object, found a list"),
        "{p}"
    );

    only(
        json(&claim(&format!(r#""estimate": {{"low": {lists}}}"#))),
        "estimate.low",
        &["claim \"c1\"", "found a list"],
    );
    only(
        json(&claim(&format!(
            r#""estimate": {{"best": 1}}, "quote": {objects}"#
        ))),
        "quote",
        &["claim \"c1\"", "found an object"],
    );
    // Inside a declaration, serde_json's recursion limit applies: a clean error too.
    let p = problems(json(&format!(
        r#"{{"quantities": [{{"id": "q", "domain": {lists}}}], "claims": []}}"#
    )));
    let first = p.iter().next().unwrap();
    assert_eq!(first.location, Location::Quantity("q".into()));
    assert_eq!(first.field.as_deref(), Some("domain"));
    // Never closed: the file ends early, inside claim c1's estimate.
    only(
        json(&claim(&format!(r#""estimate": {}"#, "[".repeat(depth)))),
        "estimate",
        &["not valid JSON", "claim \"c1\""],
    );
    let open = format!(
        r#"{{"claims": [{{"id": "c1", "estimate": {}"#,
        "[".repeat(depth)
    );
    only(json(&open), "estimate", &["ends early", "claim \"c1\""]);
}

#[test]
fn three_invalid_records_are_reported_together_in_file_order() {
    let text = r#"{"claims": [
        {"id": "a", "quantity": "q", "source": "s", "estimate": {"low": 3, "high": 1}},
        {"id": "b", "quantity": "q", "source": "s", "estimate": {"best": 1}},
        {"id": "c", "quantity": "q", "source": "s", "estimate": {"best": 1}, "stated": "2024-13"},
        {"id": "d", "quantity": "q", "source": "s", "estimate": {"best": -1}}
    ]}"#;
    let p = problems(json(text));
    let at: Vec<_> = p.iter().map(|x| x.location.clone()).collect();
    assert_eq!(at, [at_claim("a"), at_claim("c"), at_claim("d")], "{p}");
    let p = problems(csv("id,quantity,source,low,high,stated
a,q,s,3,1,
b,q,s,1,2,
c,q,s,1,2,2024-13
d,q,s,-1,2,
"));
    let lines: Vec<_> = p
        .iter()
        .map(|x| match &x.location {
            Location::Line { line, .. } => *line,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(lines, [2, 4, 5], "{p}");
}

#[test]
fn lenient_mode_keeps_every_valid_claim_and_lists_every_invalid_record() {
    let mut records = Vec::new();
    let mut valid = Vec::new();
    for i in 0..60 {
        let (estimate, ok) = match i % 6 {
            0 => (r#"{"low": 1, "high": 2}"#.to_owned(), true),
            1 => (r#"{"low": 2, "high": 1}"#.to_owned(), false),
            2 => (r#""as many as 10,000""#.to_owned(), true),
            3 => (r#""more than lots""#.to_owned(), false),
            4 => (r#"{"best": 1e400}"#.to_owned(), false),
            _ => (r#"{"best": 7}"#.to_owned(), true),
        };
        records.push(format!(
            r#"{{"id": "c{i}", "quantity": "q", "source": "s", "estimate": {estimate}}}"#
        ));
        if ok {
            valid.push(format!("c{i}"));
        }
    }
    let text = format!(r#"{{"claims": [{}]}}"#, records.join(",\n"));
    let file = ClaimFile::from_json_str(&text, &LoadOptions::lenient()).unwrap();
    let kept: Vec<_> = file.claims.iter().map(|c| c.id().to_owned()).collect();
    assert_eq!(kept, valid);
    assert_eq!(file.problems.len(), 30);
    assert_eq!(file.claims.len() + file.problems.len(), 60);
    // Strict mode lists the same problems.
    assert_eq!(problems(json(&text)), file.problems);
}

#[test]
fn no_input_panics() {
    // A sample of hostile inputs: each gives Ok or an error, never a panic.
    let inputs = [
        "{",
        "}",
        "{\"claims\"",
        "{\"claims\": [",
        "{\"claims\": [{",
        "{\"claims\": [{\"id\"",
        "{\"claims\": null}",
        "{\"claims\": [null, 1, true, \"x\", []]}",
        "\u{feff}{}",
        "{\"claims\": [{\"id\": \"\\ud800\"}]}",
        "{\"claims\": [{\"estimate\": {\"low\": 1e-400}}]}",
        "{\"claims\": [{\"id\": \"a\", \"quantity\": \"q\", \"source\": \"s\", \"estimate\": {\"low\": -1.7976931348623157e308, \"high\": 1.7976931348623157e308}}]}",
    ];
    for text in inputs {
        let _ = json(text);
        let _ = ClaimFile::from_json_str(text, &LoadOptions::lenient());
        let _ = csv(text);
    }
}

mod no_panic {
    use proptest::prelude::*;
    use sourced::{ClaimFile, LoadOptions};

    const SEED_JSON: &str = include_str!("../examples/data/seed_article.json");
    const SEED_CSV: &str = include_str!("../examples/data/seed_article.csv");

    /// The seed files with one byte range replaced by arbitrary bytes, or cut short.
    fn damaged(base: &'static str) -> impl Strategy<Value = Vec<u8>> {
        (
            any::<prop::sample::Index>(),
            0..16usize,
            proptest::collection::vec(any::<u8>(), 0..16),
            any::<bool>(),
        )
            .prop_map(move |(at, len, bytes, cut)| {
                let mut v = base.as_bytes().to_vec();
                let i = at.index(v.len());
                if cut {
                    v.truncate(i);
                } else {
                    let end = (i + len).min(v.len());
                    v.splice(i..end, bytes);
                }
                v
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn damaged_json_never_panics_nor_loses_a_record(bytes in damaged(SEED_JSON)) {
            for options in [LoadOptions::strict(), LoadOptions::lenient()] {
                if let Ok(file) = ClaimFile::from_json_slice(&bytes, &options) {
                    // Whatever loads is valid as a set, and every element of the claim list
                    // is a claim or gave at least one problem.
                    prop_assert!(file.claims.validate().is_ok());
                    let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                    let elements = doc["claims"].as_array().map_or(0, Vec::len);
                    prop_assert!(file.claims.len() + file.problems.len() >= elements);
                    prop_assert!(file.claims.len() <= elements);
                }
            }
        }

        #[test]
        fn damaged_csv_never_panics_nor_loses_a_record(bytes in damaged(SEED_CSV)) {
            for options in [LoadOptions::strict(), LoadOptions::lenient()] {
                if let Ok(file) = ClaimFile::from_csv_slice(&bytes, &options) {
                    prop_assert!(file.claims.validate().is_ok());
                    // Every data row is a claim or a line with problems (rows may merge or
                    // split when a quote is damaged: count what the csv reader itself sees).
                    let rows = ::csv::ReaderBuilder::new()
                        .flexible(true)
                        .from_reader(&bytes[..])
                        .byte_records()
                        .count();
                    let lines: std::collections::BTreeSet<u64> = file
                        .problems
                        .iter()
                        .map(|p| match p.location {
                            sourced::Location::Line { line, .. } => line,
                            ref other => panic!("{other:?}"),
                        })
                        .collect();
                    prop_assert_eq!(file.claims.len() + lines.len(), rows, "{}", file.problems);
                }
            }
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            let _ = ClaimFile::from_json_slice(&bytes, &LoadOptions::lenient());
            let _ = ClaimFile::from_csv_slice(&bytes, &LoadOptions::lenient());
        }
    }
}

#[test]
fn duplicate_ids_are_reported_alike_with_and_without_references() {
    // Without references the loader finds duplicates by sorting; with one it walks a map of
    // first records. Both must name the same records, valid and invalid alike.
    let rows = [
        "c1,q,s,1,",
        "c1,q,s,x,",
        "c2,q,s,2,",
        "c2,q,s,3,",
        "c3,q,s,y,",
        "c3,q,s,4,",
    ];
    let duplicates = |text: String| -> Vec<String> {
        problems(csv(&text))
            .iter()
            .map(|p| p.to_string())
            .filter(|p| p.contains("duplicate"))
            .collect()
    };
    let plain = duplicates(format!(
        "id,quantity,source,best,supersedes\n{}\n",
        rows.join("\n")
    ));
    let linked = duplicates(format!(
        "id,quantity,source,best,supersedes\n{}\nc4,q,s,5,c2\n",
        rows.join("\n")
    ));
    assert_eq!(plain.len(), 3, "{plain:?}");
    assert_eq!(plain, linked);
}
