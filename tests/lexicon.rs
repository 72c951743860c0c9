//! The lexicon as a table of phrases and their exact intervals.
//!
//! Sources of the expected values: the lexicon table of the design notes (DESIGN.md,
//! "Semantics that must be exact"), the seed article (seed/000_d9aef1941c247f10.txt: "more than
//! 3,000", "as many as 3,000", "as many as 10,000", "about 600,000", "nearly three years", "40
//! countries", "10,000 troops", "the 16th BRICS summit"), issue 3's examples, and ACLED's
//! fatality coding rules for the conservative lexicon ("tens" → 10, "dozens" → 12, "hundreds"
//! → 100).

use sourced::{Domain, Estimate, Hedge, Lexicon, ParseErrorKind, Quantity, Rule};

/// Which lexicon and domain a row is read with.
#[derive(Clone, Copy, Debug)]
enum With {
    /// `str::parse`: the standard lexicon, no domain.
    Plain,
    /// The standard lexicon, a count.
    Count,
    /// The conservative lexicon, a count.
    Conservative,
}

struct Row {
    text: &'static str,
    with: With,
    interval: &'static str,
    best: Option<f64>,
    level: Option<f64>,
    hedge: Hedge,
}

const fn row(
    text: &'static str,
    with: With,
    interval: &'static str,
    best: Option<f64>,
    hedge: Hedge,
) -> Row {
    Row {
        text,
        with,
        interval,
        best,
        level: None,
        hedge,
    }
}

use Hedge::*;
use With::*;

const ROWS: &[Row] = &[
    // The seed article.
    row("more than 3,000", Plain, "(3000, ∞)", None, MoreThan),
    row("at more than 3,000", Plain, "(3000, ∞)", None, MoreThan),
    row(
        "more than 3,000 North Korean troops",
        Count,
        "(3000, ∞)",
        None,
        MoreThan,
    ),
    row("as many as 3,000", Count, "[0, 3000]", None, AsManyAs),
    row("as many as 10,000", Count, "[0, 10000]", None, AsManyAs),
    row("as many as 10,000", Plain, "(-∞, 10000]", None, AsManyAs),
    row(
        "as many as 10,000 North Korean troops",
        Count,
        "[0, 10000]",
        None,
        AsManyAs,
    ),
    row(
        "about 600,000",
        Count,
        "[550000, 650000]",
        Some(600_000.0),
        About,
    ),
    row(
        "about 600,000 casualties",
        Count,
        "[550000, 650000]",
        Some(600_000.0),
        About,
    ),
    row("nearly three years", Plain, "[2.5, 3)", None, Nearly),
    row("40 countries", Count, "[40, 40]", Some(40.0), Exact),
    row(
        "10,000 troops",
        Count,
        "[10000, 10000]",
        Some(10_000.0),
        Exact,
    ),
    row("sent no troops", Count, "[0, 0]", Some(0.0), Exact),
    // Comparatives are strict, superlatives inclusive.
    row("over 3,000", Plain, "(3000, ∞)", None, MoreThan),
    row("above 3,000", Plain, "(3000, ∞)", None, MoreThan),
    row("exceeding 3,000", Plain, "(3000, ∞)", None, MoreThan),
    row("in excess of 3,000", Plain, "(3000, ∞)", None, MoreThan),
    row("> 3000", Plain, "(3000, ∞)", None, MoreThan),
    row("at least 3,000", Plain, "[3000, ∞)", None, AtLeast),
    row("no fewer than 3,000", Plain, "[3000, ∞)", None, AtLeast),
    row("a minimum of 3,000", Plain, "[3000, ∞)", None, AtLeast),
    row("≥3000", Plain, "[3000, ∞)", None, AtLeast),
    row("fewer than 3,000", Count, "[0, 3000)", None, FewerThan),
    row("less than 3,000", Plain, "(-∞, 3000)", None, FewerThan),
    row("under 3,000", Count, "[0, 3000)", None, FewerThan),
    row("below 3,000", Count, "[0, 3000)", None, FewerThan),
    row("at most 3,000", Count, "[0, 3000]", None, AtMost),
    row("no more than 3,000", Count, "[0, 3000]", None, AtMost),
    row("a maximum of 3,000", Count, "[0, 3000]", None, AtMost),
    row("up to 3,000", Count, "[0, 3000]", None, UpTo),
    row(
        "as much as 3.5 million",
        Plain,
        "(-∞, 3500000]",
        None,
        AsManyAs,
    ),
    row("3,000 or more", Plain, "[3000, ∞)", None, OrMore),
    row("3,000 or fewer", Count, "[0, 3000]", None, OrFewer),
    row("3,000 or less", Plain, "(-∞, 3000]", None, OrFewer),
    row("10,000 troops or more", Count, "[10000, ∞)", None, OrMore),
    row("10,000 or more troops", Count, "[10000, ∞)", None, OrMore),
    row("3,000+", Plain, "[3000, ∞)", None, OrMore),
    // Approximators: X ± max(half the rounding unit, 5 % of X).
    row("about 3,500", Plain, "[3325, 3675]", Some(3_500.0), About),
    row(
        "around 600,000",
        Plain,
        "[550000, 650000]",
        Some(600_000.0),
        About,
    ),
    row("roughly 3,000", Plain, "[2500, 3500]", Some(3_000.0), About),
    row(
        "approximately 150,000",
        Plain,
        "[142500, 157500]",
        Some(150_000.0),
        About,
    ),
    row("some 3,000", Plain, "[2500, 3500]", Some(3_000.0), About),
    row(
        "an estimated 3,000",
        Plain,
        "[2500, 3500]",
        Some(3_000.0),
        About,
    ),
    row("circa 3,000", Plain, "[2500, 3500]", Some(3_000.0), About),
    row("c. 3,000", Plain, "[2500, 3500]", Some(3_000.0), About),
    row("~3,000", Plain, "[2500, 3500]", Some(3_000.0), About),
    row(
        "more or less 3,000",
        Plain,
        "[2500, 3500]",
        Some(3_000.0),
        About,
    ),
    row(
        "of the order of 3,000",
        Plain,
        "[2500, 3500]",
        Some(3_000.0),
        About,
    ),
    row(
        "about 3.5 million",
        Plain,
        "[3325000, 3675000]",
        Some(3_500_000.0),
        About,
    ),
    row(
        "about 1.2bn",
        Plain,
        "[1140000000, 1260000000]",
        Some(1.2e9),
        About,
    ),
    row(
        "about 600K",
        Plain,
        "[550000, 650000]",
        Some(600_000.0),
        About,
    ),
    row(
        "about a million",
        Plain,
        "[500000, 1500000]",
        Some(1e6),
        About,
    ),
    row(
        "about half a million",
        Plain,
        "[450000, 550000]",
        Some(500_000.0),
        About,
    ),
    row(
        "around ten thousand",
        Plain,
        "[5000, 15000]",
        Some(10_000.0),
        About,
    ),
    row(
        "about 100,000 or more",
        Plain,
        "[50000, ∞)",
        None,
        AboutOrMore,
    ),
    row(
        "at least about 5,000",
        Plain,
        "[4500, ∞)",
        None,
        AtLeastAbout,
    ),
    row("nearly 600,000", Count, "[550000, 600000)", None, Nearly),
    row("almost 3,000", Count, "[2500, 3000)", None, Nearly),
    row("close to 10,000", Count, "[5000, 10000)", None, Nearly),
    row(
        "approaching a million",
        Count,
        "[500000, 1000000)",
        None,
        Nearly,
    ),
    // Ranges; a scale word on the high end applies to both.
    row(
        "between 3,000 and 10,000",
        Plain,
        "[3000, 10000]",
        None,
        Between,
    ),
    row("3,000 to 10,000", Plain, "[3000, 10000]", None, Between),
    row("3,000–10,000", Plain, "[3000, 10000]", None, Between),
    row("3,000-10,000", Plain, "[3000, 10000]", None, Between),
    row(
        "from 3,000 to 10,000 troops",
        Plain,
        "[3000, 10000]",
        None,
        Between,
    ),
    row("10–12 thousand", Plain, "[10000, 12000]", None, Between),
    row(
        "between 10 and 12 million",
        Plain,
        "[10000000, 12000000]",
        None,
        Between,
    ),
    row("500 to 2 million", Plain, "[500, 2000000]", None, Between),
    row(
        "1.5 to 2 million",
        Plain,
        "[1500000, 2000000]",
        None,
        Between,
    ),
    row("3–5%", Plain, "[3, 5]", None, Between),
    row(
        "between one hundred and two hundred",
        Plain,
        "[100, 200]",
        None,
        Between,
    ),
    // Stated uncertainty.
    row(
        "151,000 (range 104,000–223,000)",
        Plain,
        "[104000, 223000]",
        Some(151_000.0),
        StatedRange,
    ),
    row(
        "151,000 (104,000–223,000)",
        Plain,
        "[104000, 223000]",
        Some(151_000.0),
        StatedRange,
    ),
    row(
        "151,000, with a range of 104,000 to 223,000",
        Plain,
        "[104000, 223000]",
        Some(151_000.0),
        StatedRange,
    ),
    row("600 ± 50", Plain, "[550, 650]", Some(600.0), PlusMinus),
    row(
        "600 +/- 50 troops",
        Plain,
        "[550, 650]",
        Some(600.0),
        PlusMinus,
    ),
    row(
        "600 plus or minus 50",
        Plain,
        "[550, 650]",
        Some(600.0),
        PlusMinus,
    ),
    // Vague quantities (standard: plural of a unit is at least two of it).
    row("dozens", Count, "[24, 99]", None, Vague),
    row("dozens of civilians", Count, "[24, 99]", None, Vague),
    row("tens", Count, "[20, 99]", None, Vague),
    row("hundreds", Count, "[200, 999]", None, Vague),
    row("thousands of troops", Count, "[2000, 9999]", None, Vague),
    row("tens of thousands", Count, "[20000, 99999]", None, Vague),
    row(
        "hundreds of thousands",
        Count,
        "[200000, 999999]",
        None,
        Vague,
    ),
    row("several", Count, "[3, 9]", None, Vague),
    row("several thousand", Count, "[3000, 9000]", None, Vague),
    row("a few", Count, "[2, 5]", None, Vague),
    row("a few hundred troops", Count, "[200, 500]", None, Vague),
    row("a dozen", Count, "[10, 14]", Some(12.0), Vague),
    row("a handful", Count, "[2, 5]", None, Vague),
    // Conservative (ACLED): the lowest customary figure is the best value.
    row("tens", Conservative, "[10, 99]", Some(10.0), Vague),
    row("dozens", Conservative, "[12, 99]", Some(12.0), Vague),
    row("hundreds", Conservative, "[100, 999]", Some(100.0), Vague),
    row(
        "several thousand",
        Conservative,
        "[3000, 9000]",
        Some(3_000.0),
        Vague,
    ),
    row("more than 3,000", Conservative, "(3000, ∞)", None, MoreThan),
    // Numbers.
    row("3 000", Plain, "[3000, 3000]", Some(3_000.0), Exact),
    row("3\u{2009}000", Plain, "[3000, 3000]", Some(3_000.0), Exact),
    row("3000", Plain, "[3000, 3000]", Some(3_000.0), Exact),
    row("3.5", Plain, "[3.5, 3.5]", Some(3.5), Exact),
    row(
        "1.2 billion",
        Plain,
        "[1200000000, 1200000000]",
        Some(1.2e9),
        Exact,
    ),
    row("600k", Plain, "[600000, 600000]", Some(600_000.0), Exact),
    row("10m", Plain, "[10000000, 10000000]", Some(1e7), Exact),
    row("45%", Plain, "[45, 45]", Some(45.0), Exact),
    row("twenty-one", Plain, "[21, 21]", Some(21.0), Exact),
    row(
        "six hundred thousand",
        Plain,
        "[600000, 600000]",
        Some(600_000.0),
        Exact,
    ),
    row("a million", Plain, "[1000000, 1000000]", Some(1e6), Exact),
    row(
        "one and a half million",
        Plain,
        "[1500000, 1500000]",
        Some(1.5e6),
        Exact,
    ),
    row(
        "a million and a half",
        Plain,
        "[1500000, 1500000]",
        Some(1.5e6),
        Exact,
    ),
    row("zero", Count, "[0, 0]", Some(0.0), Exact),
    row("none", Count, "[0, 0]", Some(0.0), Exact),
    row("no troops", Count, "[0, 0]", Some(0.0), Exact),
    row("exactly 3,000", Plain, "[3000, 3000]", Some(3_000.0), Exact),
    row("more than 3,000.", Plain, "(3000, ∞)", None, MoreThan),
    row("-5", Plain, "[-5, -5]", Some(-5.0), Exact),
    row("between -5 and -3", Plain, "[-5, -3]", None, Between),
    row("more than -2.5", Plain, "(-2.5, ∞)", None, MoreThan),
    row("1.5e6", Plain, "[1500000, 1500000]", Some(1.5e6), Exact),
    // Explicit intervals, as Display writes them.
    row("[3000, 10000]", Plain, "[3000, 10000]", None, Explicit),
    row("(3000, ∞)", Plain, "(3000, ∞)", None, Explicit),
    row("as many as [0, 10000]", Plain, "[0, 10000]", None, AsManyAs),
    row(
        "about [550000, 650000] best 600000",
        Plain,
        "[550000, 650000]",
        Some(600_000.0),
        About,
    ),
    row("(-∞, 5) or fewer", Plain, "(-∞, 5)", None, OrFewer),
];

/// Rows with a confidence level.
const LEVELLED: &[(&str, &str, f64, f64)] = &[
    (
        "151,000 (95% CI 104,000–223,000)",
        "[104000, 223000]",
        151_000.0,
        0.95,
    ),
    (
        "151,000 deaths (95% CI 104,000–223,000)",
        "[104000, 223000]",
        151_000.0,
        0.95,
    ),
    (
        "151,000 (95% confidence interval: 104,000 to 223,000)",
        "[104000, 223000]",
        151_000.0,
        0.95,
    ),
    (
        "1.5 million (95% CI 1.2–1.9 million)",
        "[1200000, 1900000]",
        1.5e6,
        0.95,
    ),
    ("45% (90% CI 40–50%)", "[40, 50]", 45.0, 0.9),
    (
        "CI [104000, 223000] best 151000 level 0.95",
        "[104000, 223000]",
        151_000.0,
        0.95,
    ),
];

/// Errors: text, kind, byte offset, token.
const ERRORS: &[(&str, ParseErrorKind, usize, &str)] = &[
    ("", ParseErrorKind::Empty, 0, ""),
    ("   ", ParseErrorKind::Empty, 3, ""),
    ("roughy 3,000", ParseErrorKind::UnknownWord, 0, "roughy"),
    ("more than lots", ParseErrorKind::UnknownWord, 10, "lots"),
    ("even 10,000 troops", ParseErrorKind::UnknownWord, 0, "even"),
    (
        "the 16th BRICS summit",
        ParseErrorKind::UnknownWord,
        0,
        "the",
    ),
    ("June 19, 2024", ParseErrorKind::UnknownWord, 0, "June"),
    ("16th", ParseErrorKind::Ordinal, 0, "16th"),
    ("3,00", ParseErrorKind::MalformedNumber, 0, "3,00"),
    ("about 1.2.3", ParseErrorKind::MalformedNumber, 6, "1.2.3"),
    (
        "3,000troops",
        ParseErrorKind::MalformedNumber,
        0,
        "3,000troops",
    ),
    ("1e999", ParseErrorKind::MalformedNumber, 0, "1e999"),
    (
        "between 10,000 and 3,000",
        ParseErrorKind::InvertedRange,
        19,
        "3,000",
    ),
    ("10,000–3,000", ParseErrorKind::InvertedRange, 9, "3,000"),
    (
        "[10000, 3000]",
        ParseErrorKind::InvertedRange,
        0,
        "[10000, 3000]",
    ),
    (
        "98,000 (95% CI 8,000–94,000)",
        ParseErrorKind::BestOutsideInterval,
        0,
        "98,000",
    ),
    (
        "[1, 2] best 3",
        ParseErrorKind::BestOutsideInterval,
        12,
        "3",
    ),
    ("more than", ParseErrorKind::Unexpected, 9, ""),
    ("about", ParseErrorKind::Unexpected, 5, ""),
    ("between 3,000", ParseErrorKind::Unexpected, 13, ""),
    (
        "more than 3,000 or more",
        ParseErrorKind::Unexpected,
        16,
        "or more",
    ),
    ("3,000 troops 40", ParseErrorKind::Unexpected, 13, "40"),
    ("3% to 5", ParseErrorKind::Unexpected, 6, "5"),
    (
        "3,000 (95% CI 1,000–4,000",
        ParseErrorKind::Unexpected,
        27,
        "",
    ),
    ("dozens or more", ParseErrorKind::Unexpected, 7, "or more"),
    (
        "151,000 (95% CI 104,000–223,000) ± 5",
        ParseErrorKind::Unexpected,
        35,
        "±",
    ),
];

fn quantity(count: bool) -> Quantity {
    let q = Quantity::new("q", "troops").unwrap();
    if count {
        q.with_domain(Domain::Count)
    } else {
        q.with_domain(Domain::Real)
    }
}

fn read(text: &str, with: With) -> Result<Estimate, sourced::ParseError> {
    match with {
        Plain => text.parse(),
        Count => Lexicon::standard().parse(text, &quantity(true)),
        Conservative => Lexicon::conservative().parse(text, &quantity(true)),
    }
}

#[test]
fn the_table_has_at_least_eighty_phrases() {
    let phrases =
        ROWS.iter().filter(|r| !r.interval.is_empty()).count() + LEVELLED.len() + ERRORS.len();
    assert!(phrases >= 80, "{phrases} phrases");
}

#[test]
fn every_phrase_reads_to_its_exact_interval() {
    let mut failures = Vec::new();
    for r in ROWS.iter().filter(|r| !r.interval.is_empty()) {
        match read(r.text, r.with) {
            Ok(e) => {
                let got = (e.interval().to_string(), e.best(), e.level(), e.hedge());
                let want = (r.interval.to_owned(), r.best, r.level, r.hedge);
                if got != want {
                    failures.push(format!(
                        "{:?} ({:?}): got {got:?}, want {want:?}",
                        r.text, r.with
                    ));
                }
                if e.text() != Some(r.text) {
                    failures.push(format!("{:?}: text not kept", r.text));
                }
            }
            Err(err) => failures.push(format!("{:?} ({:?}): {err}", r.text, r.with)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn stated_confidence_intervals_keep_best_and_level() {
    for &(text, interval, best, level) in LEVELLED {
        let e: Estimate = text.parse().unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(e.interval().to_string(), interval, "{text:?}");
        assert_eq!(e.best(), Some(best), "{text:?}");
        assert_eq!(e.level(), Some(level), "{text:?}");
        assert_eq!(e.hedge(), Hedge::ConfidenceInterval, "{text:?}");
    }
}

#[test]
fn errors_name_the_token_its_offset_and_what_was_expected() {
    let mut failures = Vec::new();
    for &(text, kind, offset, token) in ERRORS {
        match text.parse::<Estimate>() {
            Ok(e) => failures.push(format!("{text:?}: read as {e:?}")),
            Err(err) => {
                if (err.kind, err.offset, err.token.as_str()) != (kind, offset, token) {
                    failures.push(format!(
                        "{text:?}: got {:?} at {} {:?}, want {kind:?} at {offset} {token:?}",
                        err.kind, err.offset, err.token
                    ));
                }
                if err.expected.is_empty() {
                    failures.push(format!("{text:?}: no expectation"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_negative_count_is_outside_the_domain() {
    let err = Lexicon::standard()
        .parse("-5 troops", &quantity(true))
        .unwrap_err();
    assert_eq!((err.kind, err.offset), (ParseErrorKind::OutsideDomain, 0));
    assert!(
        Lexicon::standard()
            .parse("-5 troops", &quantity(false))
            .is_ok()
    );
}

#[test]
fn trailing_nouns_are_kept() {
    let lex = Lexicon::standard();
    assert_eq!(
        lex.read("more than 3,000 troops").unwrap().noun(),
        Some("troops")
    );
    assert_eq!(
        lex.read("as many as 10,000 North Korean troops")
            .unwrap()
            .noun(),
        Some("North Korean troops")
    );
    assert_eq!(
        lex.read("thousands of U.S.-led troops").unwrap().noun(),
        Some("U.S.-led troops")
    );
    assert_eq!(lex.read("3,000").unwrap().noun(), None);
    assert!(lex.read("45 percent").unwrap().is_percent());
}

#[test]
fn users_extend_a_lexicon_without_forking() {
    let q = quantity(true);
    let mine = Lexicon::standard().with_word("upwards of", Rule::AtLeast);
    assert_eq!(
        mine.parse("upwards of 3,000", &q)
            .unwrap()
            .interval()
            .to_string(),
        "[3000, ∞)"
    );
    assert_eq!(mine.name(), "standard-1+custom");
    let wide = Lexicon::standard().with_about_tolerance(0.1).unwrap();
    assert_eq!(
        wide.parse("about 600,000", &q)
            .unwrap()
            .interval()
            .to_string(),
        "[540000, 660000]"
    );
    // A phrase can be given another rule, or removed.
    let strict = Lexicon::standard().with_word("up to", Rule::FewerThan);
    assert_eq!(
        strict
            .parse("up to 3,000", &q)
            .unwrap()
            .interval()
            .to_string(),
        "[0, 3000)"
    );
    let without = Lexicon::standard().without_word("Some");
    assert_eq!(
        without.parse("some 3,000", &q).unwrap_err().kind,
        ParseErrorKind::UnknownWord
    );
    assert_eq!(Lexicon::standard().name(), "standard-1");
    assert_eq!(Lexicon::conservative().name(), "conservative-1");
}

#[test]
fn a_megabyte_phrase_is_read_or_rejected_quickly() {
    let long_noun = format!("more than 3,000 {}", "troops ".repeat(150_000));
    let start = std::time::Instant::now();
    assert!(long_noun.parse::<Estimate>().is_ok());
    let digits = "9".repeat(1 << 20);
    assert_eq!(
        digits.parse::<Estimate>().unwrap_err().kind,
        ParseErrorKind::MalformedNumber
    );
    let words = "more ".repeat(200_000);
    assert!(words.parse::<Estimate>().is_err());
    let dashes = "1-".repeat(400_000);
    assert!(dashes.parse::<Estimate>().is_err());
    assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
}

#[test]
fn a_glued_m_is_million_except_for_a_length_in_metres() {
    let people = Quantity::new("q", "people").unwrap();
    let depth = Quantity::new("depth", "m")
        .unwrap()
        .with_domain(Domain::Real);
    let e = Lexicon::standard().parse("about 10m", &people).unwrap();
    assert_eq!(e.best(), Some(1e7));
    let err = Lexicon::standard().parse("about 10m", &depth).unwrap_err();
    assert_eq!(
        (err.kind, err.offset, err.token.as_str()),
        (ParseErrorKind::Unexpected, 6, "10m")
    );
    assert_eq!(
        Lexicon::standard()
            .parse("about 10 million", &depth)
            .unwrap()
            .best(),
        Some(1e7)
    );
}

#[test]
fn a_phrase_longer_than_the_lookup_buffer_can_be_added() {
    let long = "pneumonoultramicroscopicsilicovolcanoconiosis";
    let lex = Lexicon::standard().with_word(&format!("{long} of"), Rule::AtLeast);
    let text = format!("{} OF 3,000", long.to_uppercase());
    let e = lex.read(&text).unwrap();
    assert_eq!(e.estimate().interval().to_string(), "[3000, ∞)");
    assert!(lex.read(&format!("{long} 3,000")).is_err());
}
