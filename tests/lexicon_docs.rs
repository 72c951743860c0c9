//! The lexicon tables in the docs are the lexicon data, rendered: they cannot drift.
//!
//! `Lexicon`'s documentation includes `src/lexicon/standard.md` and
//! `src/lexicon/conservative.md`; this test renders both tables from the lexicons and compares.
//! After changing a lexicon, regenerate them with `SOURCED_BLESS=1 cargo test --test lexicon_docs`.

use sourced::Lexicon;

fn check(lexicon: &Lexicon, file: &str, included: &str) {
    let rendered = lexicon.markdown_table();
    if std::env::var_os("SOURCED_BLESS").is_some() {
        let path = format!("{}/src/lexicon/{file}", env!("CARGO_MANIFEST_DIR"));
        std::fs::write(&path, &rendered).unwrap();
        return;
    }
    assert_eq!(
        included, rendered,
        "src/lexicon/{file} is out of date: run SOURCED_BLESS=1 cargo test --test lexicon_docs"
    );
}

#[test]
fn the_standard_table_in_the_docs_is_the_standard_lexicon() {
    check(
        &Lexicon::standard(),
        "standard.md",
        include_str!("../src/lexicon/standard.md"),
    );
}

#[test]
fn the_conservative_table_in_the_docs_is_the_conservative_lexicon() {
    check(
        &Lexicon::conservative(),
        "conservative.md",
        include_str!("../src/lexicon/conservative.md"),
    );
}
