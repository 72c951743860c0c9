//! The seed article's claims: `examples/data/seed_article.json` and `.csv` hold exactly the
//! claims `examples/seed_article.rs` builds in code.
//!
//! After changing `examples/common/seed.rs`, rewrite the data files with
//! `SOURCED_BLESS=1 cargo test --test seed_article`.
#![cfg(all(feature = "json", feature = "csv"))]

use std::path::PathBuf;

use sourced::{ClaimFile, ClaimKind, LoadOptions};

#[path = "../examples/common/seed.rs"]
mod seed;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples/data")
        .join(name)
}

/// The claims with the declared sources and quantities, in declaration order.
fn seed_file() -> ClaimFile {
    let mut file = ClaimFile::from_claims(seed::claims().unwrap());
    file.sources = seed::sources().unwrap();
    file.quantities = seed::quantities().unwrap();
    file
}

fn options() -> LoadOptions {
    LoadOptions::strict()
        .with_sources(seed::sources().unwrap())
        .with_quantities(seed::quantities().unwrap())
}

#[test]
fn the_data_files_are_what_the_writer_writes_for_the_seed_claims() {
    let file = seed_file();
    for (name, text) in [
        ("seed_article.json", file.to_json_string().unwrap() + "\n"),
        ("seed_article.csv", file.to_csv_string().unwrap()),
    ] {
        if std::env::var_os("SOURCED_BLESS").is_some() {
            std::fs::write(data(name), &text).unwrap();
        }
        let on_disk = std::fs::read_to_string(data(name)).unwrap();
        assert_eq!(
            on_disk, text,
            "{name} is out of date: run SOURCED_BLESS=1 cargo test --test seed_article"
        );
    }
}

#[test]
fn loading_the_json_gives_exactly_the_claims_built_in_code() {
    let loaded = ClaimFile::from_path(data("seed_article.json"), &LoadOptions::strict()).unwrap();
    let built = seed::claims().unwrap();
    assert_eq!(loaded.claims, built);
    assert_eq!(loaded.sources, seed::sources().unwrap());
    assert_eq!(loaded.quantities, seed::quantities().unwrap());
    assert!(loaded.problems.is_empty());
}

#[test]
fn loading_the_csv_with_the_declarations_gives_the_same_claims() {
    let loaded = ClaimFile::from_path(data("seed_article.csv"), &options()).unwrap();
    assert_eq!(loaded.claims, seed::claims().unwrap());
}

#[test]
fn the_seed_claims_form_a_valid_set_over_five_quantities() {
    let claims = seed::claims().unwrap();
    claims.validate().unwrap();
    assert_eq!(claims.len(), 11);
    let groups = claims.groups();
    let sizes: Vec<_> = groups
        .iter()
        .map(|g| (g.quantity.id(), g.claims.len()))
        .collect();
    assert_eq!(
        sizes,
        [
            ("nk-troops-in-russia", 7),
            ("nk-troops-in-kursk", 1),
            ("russian-casualties-ukraine-war", 1),
            ("russia-ukraine-war-duration", 1),
            ("brics-2024-summit-countries", 1),
        ]
    );
}

#[test]
fn the_troop_figures_are_as_the_article_gives_them() {
    let claims = seed::claims().unwrap();
    let interval = |id: &str| claims.get(id).unwrap().interval().to_string();
    assert_eq!(interval("usg-as-many-as-3000"), "[0, 3000]");
    assert_eq!(interval("wh-more-than-3000"), "(3000, ∞)");
    assert_eq!(interval("nis-as-many-as-10000"), "[0, 10000]");
    assert_eq!(interval("pyongyang-denial"), "[0, 0]");
    assert_eq!(interval("putin-non-denial"), "(0, ∞)");
    assert_eq!(interval("pentagon-casualties"), "[550000, 650000]");
    // The White House and the U.S. government are one independence group.
    let group = |id: &str| claims.get(id).unwrap().source().group().to_owned();
    assert_eq!(group("usg-as-many-as-3000"), group("wh-more-than-3000"));
    assert_ne!(group("wh-more-than-3000"), group("nis-as-many-as-10000"));
    let denial = claims.get("pyongyang-denial").unwrap();
    assert_eq!(denial.kind(), ClaimKind::Denial);
    let dimino = claims.get("dimino-10000").unwrap();
    assert_eq!(dimino.restates(), Some("nis-as-many-as-10000"));
    let casualties = claims.get("pentagon-casualties").unwrap();
    assert!(
        casualties
            .provenance()
            .note
            .as_deref()
            .unwrap()
            .contains("cannot be independently verified")
    );
}

#[test]
fn the_lexicon_reads_each_numeric_phrase_as_the_seed_builds_it() {
    // The seed builds its estimates structurally, so that it does not depend on the lexicon;
    // where the words are a numeric phrase, the standard lexicon must agree exactly.
    let lexicon = sourced::Lexicon::standard();
    let mut read = 0;
    for claim in seed::claims().unwrap().iter() {
        let text = claim.estimate().text().unwrap();
        if let Ok(parsed) = lexicon.parse(text, claim.quantity()) {
            assert_eq!(&parsed, claim.estimate(), "{}: {text:?}", claim.id());
            read += 1;
        }
    }
    // as many as 3,000; more than 3,000; as many as 10,000; 10,000 troops; about 600,000;
    // nearly three years; 40 countries.
    assert_eq!(read, 7);
}

/// The troop claims reconcile to (3,000, 10,000] held by 3 of the 4 independent origins (the
/// U.S. government, South Korea's NIS, Russia): the White House's later "more than 3,000"
/// supersedes the U.S. government's "as many as 3,000", the Pentagon's "a presence" and it
/// assert more than 3,000 together, DiMino repeats the NIS figure, and Pyongyang's denial is
/// the falseticker.
#[test]
fn the_troop_claims_reconcile_to_3000_10000() {
    let set = seed::claims().unwrap();
    let report = sourced::Report::of(&set).unwrap();
    let q = report.quantity("nk-troops-in-russia").unwrap();
    assert_eq!(q.consensus.len(), 1);
    let region = &q.consensus[0];
    assert_eq!(region.interval.to_string(), "(3000, 10000]");
    assert_eq!(region.support, 3);
    assert_eq!(
        region.supporting,
        [
            "wh-more-than-3000",
            "pentagon-presence",
            "nis-as-many-as-10000",
            "putin-non-denial"
        ]
    );
    assert_eq!(q.falsetickers, ["pyongyang-denial"]);
    let verdict = |id: &str| q.claim(id).unwrap().verdict.clone();
    assert_eq!(
        verdict("usg-as-many-as-3000"),
        sourced::Verdict::SupersededBy("wh-more-than-3000".into())
    );
    assert_eq!(
        verdict("dimino-10000"),
        sourced::Verdict::RestatementOf("nis-as-many-as-10000".into())
    );
    assert!(q.notes.iter().all(|n| !n.contains("contradicts")));
}
