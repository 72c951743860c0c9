//! `Display` for estimates round-trips: `parse(display(e))` has the same meaning as `e`
//! (interval, best value, level and hedge; see `Estimate::same_meaning`) for every estimate,
//! and no input makes the parser panic. The fuzz target `parse_estimate` checks the same
//! properties on arbitrary bytes.

use proptest::prelude::*;
use sourced::{Bound, Domain, Estimate, Finite, Hedge, Interval, Lexicon, Quantity};

const HEDGES: [Hedge; 19] = [
    Hedge::Exact,
    Hedge::MoreThan,
    Hedge::AtLeast,
    Hedge::FewerThan,
    Hedge::AtMost,
    Hedge::AsManyAs,
    Hedge::UpTo,
    Hedge::OrMore,
    Hedge::OrFewer,
    Hedge::About,
    Hedge::AboutOrMore,
    Hedge::AtLeastAbout,
    Hedge::Nearly,
    Hedge::Between,
    Hedge::ConfidenceInterval,
    Hedge::StatedRange,
    Hedge::PlusMinus,
    Hedge::Vague,
    Hedge::Explicit,
];

/// Values from tiny to 10¹⁵, integers and fractions, of either sign.
fn value() -> impl Strategy<Value = f64> {
    prop_oneof![
        (0u64..1_000_000_000_000_000).prop_map(|n| n as f64),
        (0u64..100_000).prop_map(|n| n as f64 * 1000.0),
        (1.0f64..10.0, -300i32..15).prop_map(|(m, e)| m * 10f64.powi(e)),
        (-1e15f64..1e15),
        Just(0.0),
    ]
}

#[derive(Clone, Copy, Debug)]
enum End {
    Unbounded,
    Closed,
    Open,
}

fn end() -> impl Strategy<Value = End> {
    prop_oneof![Just(End::Unbounded), Just(End::Closed), Just(End::Open)]
}

fn bound(kind: End, v: f64) -> Bound {
    match (kind, Finite::new(v)) {
        (End::Closed, Ok(v)) => Bound::Closed(v),
        (End::Open, Ok(v)) => Bound::Open(v),
        _ => Bound::Unbounded,
    }
}

prop_compose! {
    fn estimate()(
        a in value(),
        b in value(),
        low in end(),
        high in end(),
        hedge in 0..HEDGES.len(),
        best_at in proptest::option::of(0.0f64..=1.0),
        level in proptest::option::of(0.001f64..0.999),
    ) -> Option<Estimate> {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let interval = Interval::new(bound(low, lo), bound(high, hi)).ok()?;
        let mut e = Estimate::new(interval).with_hedge(HEDGES[hedge]);
        if let Some(t) = best_at {
            let candidate = match (interval.low_value(), interval.high_value()) {
                (Some(l), Some(h)) => l + t * (h - l),
                (Some(l), None) => l + t * 1e6,
                (None, Some(h)) => h - t * 1e6,
                (None, None) => t,
            };
            e = e.clone().with_best(candidate).unwrap_or(e);
        }
        if let Some(level) = level {
            e = e.with_level(level).ok()?;
        }
        Some(e)
    }
}

fn round_trips(e: &Estimate) -> Result<(), TestCaseError> {
    let shown = e.to_string();
    let back: Estimate = shown
        .parse()
        .map_err(|err| TestCaseError::fail(format!("{e:?} shown as {shown:?}: {err}")))?;
    prop_assert!(
        back.same_meaning(e),
        "{:?} shown as {:?} read back as {:?}",
        e,
        shown,
        back
    );
    Ok(())
}

proptest! {
    #[test]
    fn display_round_trips_for_every_estimate(e in estimate()) {
        if let Some(e) = e {
            round_trips(&e)?;
        }
    }

    #[test]
    fn any_text_is_read_or_refused_without_panic_and_what_is_read_round_trips(text in ".{0,40}") {
        if let Ok(e) = text.parse::<Estimate>() {
            round_trips(&e)?;
        }
    }

    #[test]
    fn hedged_phrases_round_trip(
        hedge in prop::sample::select(vec![
            "more than", "at least", "fewer than", "as many as", "up to", "about", "nearly",
            "around", "some", "", "exactly", "at least about", "between 1 and",
        ]),
        number in prop::sample::select(vec![
            "3,000", "600,000", "3.5 million", "1.2bn", "twenty-one", "half a million", "0.25",
            "45%", "10,000 troops", "a million and a half",
        ]),
        count in any::<bool>(),
    ) {
        let text = format!("{hedge} {number}");
        let q = Quantity::new("q", "troops").unwrap().with_domain(if count { Domain::Count } else { Domain::Real });
        if let Ok(e) = Lexicon::standard().parse(&text, &q) {
            round_trips(&e)?;
        }
    }
}

#[test]
fn plain_phrases_display_as_plain_words() {
    for text in [
        "more than 3,000",
        "about 600,000",
        "between 3,000 and 10,000",
        "151,000 (95% CI 104,000 to 223,000)",
        "600 ± 50",
        "dozens",
        "nearly 3",
        "3,000 or more",
    ] {
        let e: Estimate = text.parse().unwrap();
        assert_eq!(e.to_string(), text);
    }
}

#[test]
fn estimates_without_plain_words_display_in_symbols() {
    let troops = Quantity::new("q", "troops")
        .unwrap()
        .with_domain(Domain::Count);
    let nis = Lexicon::standard()
        .parse("as many as 10,000", &troops)
        .unwrap();
    assert_eq!(nis.to_string(), "as many as [0, 10000]");
    let e = Estimate::new(Interval::closed(1e-300, 1e15).unwrap());
    assert_eq!(e.to_string(), "[1e-300, 1000000000000000]");
    let ci = Estimate::new(Interval::closed(104_000.0, 223_000.0).unwrap())
        .with_best(151_000.0)
        .unwrap()
        .with_level(0.951)
        .unwrap()
        .with_hedge(Hedge::ConfidenceInterval);
    let shown = ci.to_string();
    assert!(
        shown.parse::<Estimate>().unwrap().same_meaning(&ci),
        "{shown}"
    );
}

/// Words and symbols of the grammar, to build phrases that get deep into it.
const VOCABULARY: &[&str] = &[
    "more", "than", "about", "at", "least", "as", "many", "up", "to", "nearly", "between", "and",
    "or", "fewer", "from", "3,000", "600,000", "1.5", "-2", "0", "12", "95%", "%", "(", ")", "[",
    "]", ",", "–", "-", "±", "+", "∞", "CI", "range", "with", "a", "of", "best", "level", "0.95",
    "dozens", "several", "thousand", "million", "half", "twenty", "one", "hundred", "troops", "no",
    "exactly", "1e300", "16th", "k", ".", "~",
];

proptest! {
    #[test]
    fn phrases_from_the_grammar_are_read_or_refused_and_round_trip(
        words in prop::collection::vec(prop::sample::select(VOCABULARY), 1..8),
        glue in prop::collection::vec(prop::sample::select(vec![" ", "", "  "]), 8),
    ) {
        let mut text = String::new();
        for (w, g) in words.iter().zip(&glue) {
            text.push_str(w);
            text.push_str(g);
        }
        if let Ok(e) = text.parse::<Estimate>() {
            round_trips(&e)?;
        }
    }
}

#[test]
fn scaled_vague_phrases_display_as_words() {
    for text in [
        "several thousand",
        "a few hundred",
        "a couple million",
        "hundreds of thousands",
    ] {
        let e: Estimate = text.parse().unwrap();
        assert_eq!(e.to_string(), text);
    }
}
