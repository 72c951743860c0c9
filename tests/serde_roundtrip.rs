//! Serialise → deserialise round-trips every valid claim (serde, and the JSON and CSV claim
//! files), and no invalid value survives deserialisation.
#![cfg(all(feature = "json", feature = "csv"))]

use std::sync::Arc;

use proptest::prelude::*;
use serde_json::Value;
use sourced::{
    AnalyticConfidence, Bound, Claim, ClaimDate, ClaimFile, ClaimKind, ClaimSet, Confidence,
    Domain, Error, Estimate, Finite, Hedge, Interval, LoadOptions, Location, Period, Provenance,
    Quantity, QuantityKind, Source, SourceKind, Vocabulary,
};

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

const KINDS: [ClaimKind; 6] = [
    ClaimKind::Estimate,
    ClaimKind::DocumentedCount,
    ClaimKind::Statement,
    ClaimKind::Denial,
    ClaimKind::Projection,
    ClaimKind::Restatement,
];

const SOURCE_KINDS: [SourceKind; 10] = [
    SourceKind::Government,
    SourceKind::Military,
    SourceKind::Intelligence,
    SourceKind::Academic,
    SourceKind::Ngo,
    SourceKind::InternationalOrganisation,
    SourceKind::Media,
    SourceKind::Individual,
    SourceKind::PartyToConflict,
    SourceKind::Other,
];

fn identifier() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,8}"
}

/// Free text, non-empty (an empty CSV cell reads as absent), with quotes, commas, line
/// breaks and non-ASCII characters.
fn free_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,\"'\n…–é{}\\[\\]]{1,20}"
}

/// A value of the domain's range, including awkward ones.
fn value(domain: Domain) -> BoxedStrategy<f64> {
    let any = prop_oneof![
        4 => -1e9..1e9f64,
        1 => Just(0.0),
        1 => Just(-0.0),
        1 => Just(1e308),
        1 => Just(-1e308),
        1 => Just(5e-324),
        1 => (-1e3..1e3f64).prop_map(|x| x.round()),
    ];
    match domain {
        Domain::Count => any.prop_map(f64::abs).boxed(),
        Domain::Bounded { min, max } => (0.0..=1.0f64)
            .prop_map(move |t| min.get() + t * (max.get() - min.get()))
            .boxed(),
        _ => any.boxed(),
    }
}

fn domain() -> impl Strategy<Value = Domain> {
    prop_oneof![
        Just(Domain::Count),
        Just(Domain::Real),
        Just(Domain::bounded(0.0, 100.0).unwrap()),
        Just(Domain::bounded(0.0, 1.0).unwrap()),
    ]
}

fn quantity(id: String) -> impl Strategy<Value = Arc<Quantity>> {
    (
        domain(),
        any::<bool>(),
        free_text(),
        proptest::option::of(free_text()),
    )
        .prop_map(move |(domain, cumulative, unit, description)| {
            let mut q = Quantity::new(id.clone(), unit)
                .unwrap()
                .with_domain(domain)
                .with_kind(if cumulative {
                    QuantityKind::Cumulative
                } else {
                    QuantityKind::Level
                });
            if let Some(d) = description {
                q = q.with_description(d);
            }
            Arc::new(q)
        })
}

fn source(id: String) -> impl Strategy<Value = Arc<Source>> {
    (
        free_text(),
        0..SOURCE_KINDS.len(),
        proptest::option::of(free_text()),
        proptest::option::of(identifier()),
        0.0..10.0f64,
    )
        .prop_map(move |(name, kind, affiliation, group, weight)| {
            let mut s = Source::new(id.clone(), name)
                .unwrap()
                .with_kind(SOURCE_KINDS[kind])
                .with_weight(weight)
                .unwrap();
            if let Some(a) = affiliation {
                s = s.with_affiliation(a);
            }
            if let Some(g) = group {
                s = s.with_group(g).unwrap();
            }
            Arc::new(s)
        })
}

/// An estimate valid in `domain`: two values, each end open, closed or unbounded, a best
/// value inside, a level, a hedge and the words.
fn estimate(domain: Domain) -> impl Strategy<Value = Estimate> {
    (
        value(domain),
        value(domain),
        0..3u8,
        0..3u8,
        any::<bool>(),
        0.0..1.0f64,
        proptest::option::of(0.01..0.99f64),
        0..HEDGES.len(),
        proptest::option::of(free_text()),
    )
        .prop_filter_map(
            "an empty interval",
            move |(a, b, lo, hi, with_best, t, level, hedge, text)| {
                let (a, b) = if a <= b { (a, b) } else { (b, a) };
                let end = |v: f64, how: u8| match how {
                    0 => Bound::Unbounded,
                    1 => Bound::Closed(Finite::new(v).unwrap()),
                    _ => Bound::Open(Finite::new(v).unwrap()),
                };
                let interval = domain
                    .apply(&Interval::new(end(a, lo), end(b, hi)).ok()?)
                    .ok()?;
                let mut e = Estimate::new(interval).with_hedge(HEDGES[hedge]);
                if with_best {
                    let (l, h) = (
                        interval.low_value().unwrap_or(-1e6),
                        interval.high_value().unwrap_or(1e6),
                    );
                    let best = l + t * (h - l);
                    if interval.contains(best) {
                        e = e.with_best(best).ok()?;
                    }
                }
                if let Some(level) = level {
                    e = e.with_level(level).ok()?;
                }
                if let Some(text) = text {
                    e = e.with_text(text);
                }
                Some(e)
            },
        )
}

fn date() -> impl Strategy<Value = ClaimDate> {
    (1000i16..2100, 1i8..=12, 1i8..=28, 0..3u8).prop_map(|(y, m, d, p)| match p {
        0 => ClaimDate::year(y).unwrap(),
        1 => ClaimDate::month(y, m).unwrap(),
        _ => ClaimDate::day(y, m, d).unwrap(),
    })
}

fn period() -> impl Strategy<Value = Period> {
    prop_oneof![
        date().prop_map(Period::from),
        (date(), date()).prop_filter_map("ends before it starts", |(a, b)| {
            let (a, b) = if a <= b { (a, b) } else { (b, a) };
            Period::new(a, b).ok()
        }),
    ]
}

fn confidence() -> impl Strategy<Value = Confidence> {
    prop_oneof![
        (0.0..=1.0f64).prop_map(|p| Confidence::probability(p).unwrap()),
        (0.0..=1.0f64, 0.0..=1.0f64)
            .prop_map(|(a, b)| { Confidence::range(a.min(b), a.max(b)).unwrap() }),
        (0..Vocabulary::ALL.len(), any::<prop::sample::Index>()).prop_map(|(v, i)| {
            let vocabulary = &Vocabulary::ALL[v];
            let term = i.get(vocabulary.terms);
            Confidence::from_term(vocabulary, term.word()).unwrap()
        }),
    ]
}

/// Everything about a claim but its quantity, source and estimate.
#[derive(Debug, Clone)]
struct Extras {
    stated: Option<ClaimDate>,
    as_of: Option<Period>,
    confidence: Option<Confidence>,
    analytic: Option<AnalyticConfidence>,
    kind: usize,
    provenance: Provenance,
    refers: (Option<prop::sample::Index>, Option<prop::sample::Index>),
}

fn extras() -> impl Strategy<Value = Extras> {
    (
        proptest::option::of(date()),
        proptest::option::of(period()),
        proptest::option::of(confidence()),
        proptest::option::of(prop_oneof![
            Just(AnalyticConfidence::Low),
            Just(AnalyticConfidence::Moderate),
            Just(AnalyticConfidence::High)
        ]),
        0..KINDS.len(),
        (
            proptest::option::of(free_text()),
            proptest::option::of(free_text()),
            proptest::option::of(free_text()),
            proptest::option::of(free_text()),
        ),
        (
            proptest::option::of(any::<prop::sample::Index>()),
            proptest::option::of(any::<prop::sample::Index>()),
        ),
    )
        .prop_map(
            |(stated, as_of, confidence, analytic, kind, (quote, url, via, note), refers)| Extras {
                stated,
                as_of,
                confidence,
                analytic,
                kind,
                provenance: Provenance {
                    quote,
                    url,
                    via,
                    note,
                },
                refers,
            },
        )
}

/// One to eight valid claims over up to three quantities and three sources; `restates` and
/// `supersedes` point at earlier claims.
fn claim_set() -> impl Strategy<Value = ClaimSet> {
    let quantities = (1..=3usize).prop_flat_map(|n| {
        (0..n)
            .map(|i| quantity(format!("q{i}")))
            .collect::<Vec<_>>()
    });
    let sources =
        (1..=3usize).prop_flat_map(|n| (0..n).map(|i| source(format!("s{i}"))).collect::<Vec<_>>());
    (quantities, sources, 1..=8usize)
        .prop_flat_map(|(quantities, sources, n)| {
            let claims: Vec<_> = (0..n)
                .map(|_| {
                    let qs = quantities.clone();
                    let ss = sources.clone();
                    (
                        any::<prop::sample::Index>(),
                        any::<prop::sample::Index>(),
                        extras(),
                    )
                        .prop_flat_map(move |(qi, si, x)| {
                            let q = qi.get(&qs).clone();
                            let s = si.get(&ss).clone();
                            estimate(q.domain())
                                .prop_map(move |e| (q.clone(), s.clone(), e, x.clone()))
                        })
                })
                .collect();
            claims
        })
        .prop_map(|parts| {
            let mut set = ClaimSet::new();
            for (i, (q, s, e, x)) in parts.into_iter().enumerate() {
                let mut c = Claim::new(format!("c{i}"), q, s, e)
                    .unwrap()
                    .with_kind(KINDS[x.kind])
                    .with_provenance(x.provenance);
                if let Some(d) = x.stated {
                    c = c.with_stated(d);
                }
                if let Some(p) = x.as_of {
                    c = c.with_as_of(p);
                }
                if let Some(conf) = x.confidence {
                    c = c.with_confidence(conf);
                }
                if let Some(a) = x.analytic {
                    c = c.with_analytic_confidence(a);
                }
                if i > 0 {
                    if let Some(r) = x.refers.0 {
                        c = c.restating(format!("c{}", r.index(i)));
                    }
                    if let Some(r) = x.refers.1 {
                        c = c.superseding(format!("c{}", r.index(i)));
                    }
                }
                set.push(c);
            }
            set
        })
}

fn declarations(file: &ClaimFile) -> LoadOptions {
    LoadOptions::strict()
        .with_sources(file.sources.clone())
        .with_quantities(file.quantities.clone())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn serde_round_trips_every_valid_claim(set in claim_set()) {
        for claim in &set {
            let text = serde_json::to_string(claim).unwrap();
            let back: Claim = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(&back, claim);
        }
        let text = serde_json::to_string(&set).unwrap();
        let back: ClaimSet = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back, set);
    }

    #[test]
    fn json_claim_files_round_trip_every_valid_claim(set in claim_set()) {
        set.validate().unwrap();
        let file = ClaimFile::from_claims(set.clone());
        let text = file.to_json_string().unwrap();
        let back = ClaimFile::from_json_str(&text, &LoadOptions::strict())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&back.claims, &set);
        prop_assert_eq!(back.sources, file.sources);
        prop_assert_eq!(back.quantities, file.quantities);
    }

    #[test]
    fn csv_claim_files_round_trip_every_valid_claim(set in claim_set()) {
        let file = ClaimFile::from_claims(set.clone());
        let text = file.to_csv_string().unwrap();
        let back = ClaimFile::from_csv_str(&text, &declarations(&file))
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(back.claims, set);
    }

    #[test]
    fn no_invalid_value_survives_loading(
        set in claim_set(),
        pick in any::<prop::sample::Index>(),
        mutation in 0..10usize,
    ) {
        let file = ClaimFile::from_claims(set.clone());
        let mut doc: Value = serde_json::from_str(&file.to_json_string().unwrap()).unwrap();
        let claims = doc["claims"].as_array_mut().unwrap();
        let i = pick.index(claims.len());
        let target = set.claims()[i].clone();
        let claim = &mut claims[i];
        let interval = target.interval();
        // Values that cannot be JSON numbers are put in as a marker and written raw.
        let mut raw: Option<&str> = None;
        match mutation {
            0 => { claim["estimate"]["low"] = "@@".into(); raw = Some("NaN"); }
            1 => { claim["estimate"]["high"] = "@@".into(); raw = Some("1e400"); }
            2 => { claim["estimate"]["best"] = "@@".into(); raw = Some("-1e400"); }
            3 => { claim["estimate"]["best"] = "@@".into(); raw = Some("Infinity"); }
            4 => {
                // Inverted: low above high.
                let (l, h) = (interval.low_value().unwrap_or(1.0), interval.high_value().unwrap_or(0.0));
                let (l, h) = if l < h { (h, l) } else if l == h { (l + 1.0, l) } else { (l, h) };
                prop_assume!(l > h && (l - h).is_finite());
                claim["estimate"]["low"] = l.into();
                claim["estimate"]["high"] = h.into();
            }
            5 => {
                // A best value outside the interval.
                let outside = match (interval.low_value(), interval.high_value()) {
                    (Some(l), _) if l > -1e300 => l - 1.0 - l.abs(),
                    (_, Some(h)) if h < 1e300 => h + 1.0 + h.abs(),
                    _ => f64::NAN,
                };
                prop_assume!(outside.is_finite() && !interval.contains(outside));
                claim["estimate"]["best"] = outside.into();
            }
            6 => {
                // Outside the quantity's domain.
                let d = target.quantity().domain();
                prop_assume!(d != Domain::Real);
                claim["estimate"] = serde_json::json!({"low": -5.0, "high": -1.0});
            }
            7 => { claim["confidence"] = 1.5.into(); }
            8 => { claim["confidence"] = "sort of likely".into(); }
            _ => { claim["stated"] = "2024-02-30".into(); }
        }
        let mut text = serde_json::to_string(&doc).unwrap();
        if let Some(r) = raw {
            text = text.replace("\"@@\"", r);
        }
        let strict = ClaimFile::from_json_str(&text, &LoadOptions::strict());
        prop_assert!(matches!(strict, Err(Error::Invalid(_))), "accepted: {}", text);
        match ClaimFile::from_json_str(&text, &LoadOptions::lenient()) {
            Ok(lenient) => {
                prop_assert!(lenient.claims.get(target.id()).is_none());
                prop_assert!(lenient.problems.iter().any(|p| p.location == Location::Claim(target.id().to_owned())));
            }
            // Syntax errors (NaN, Infinity are not JSON) fail in both modes.
            Err(Error::Invalid(p)) => prop_assert!(p.to_string().contains("not valid JSON"), "{}", p),
            Err(other) => prop_assert!(false, "{other}"),
        }
        // The self-contained serde form refuses the same values.
        if raw.is_none() || matches!(mutation, 1 | 2) {
            let mut own = serde_json::to_value(&target).unwrap();
            let source = &doc["claims"][i];
            for key in ["estimate", "confidence", "stated"] {
                if !source[key].is_null() && key != "estimate" {
                    own[key] = source[key].clone();
                }
            }
            if mutation <= 6 {
                for (k, v) in source["estimate"].as_object().unwrap() {
                    own["estimate"][k] = v.clone();
                }
            }
            let mut own_text = serde_json::to_string(&own).unwrap();
            if let Some(r) = raw {
                own_text = own_text.replace("\"@@\"", r);
            }
            prop_assert!(serde_json::from_str::<Claim>(&own_text).is_err(), "accepted: {}", own_text);
        }
    }
}
