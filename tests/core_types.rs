//! Validation rules of the core types: each invalid value is refused with an error that names
//! what is wrong, and each valid one is kept exactly.

use std::sync::Arc;

use sourced::{
    Claim, ClaimDate, ClaimSet, Confidence, Domain, Error, Estimate, Interval, Location, Period,
    Quantity, QuantityKind, Source, ValueError, Vocabulary,
};

fn troops() -> Arc<Quantity> {
    Arc::new(Quantity::new("nk-troops-in-russia", "troops").unwrap())
}

fn source(id: &str) -> Arc<Source> {
    Arc::new(Source::new(id, id).unwrap())
}

#[test]
fn a_count_fills_an_open_low_side_with_zero() {
    let c = Claim::new(
        "nis-1",
        troops(),
        source("nis"),
        Estimate::new(Interval::at_most(10_000.0).unwrap()),
    )
    .unwrap();
    assert_eq!(c.interval().to_string(), "[0, 10000]");
}

#[test]
fn a_real_quantity_keeps_an_open_low_side_unbounded() {
    let q = Quantity::new("balance", "USD")
        .unwrap()
        .with_domain(Domain::Real);
    let c = Claim::new(
        "b-1",
        q,
        source("s"),
        Estimate::new(Interval::at_most(5.0).unwrap()),
    )
    .unwrap();
    assert_eq!(c.interval().to_string(), "(-∞, 5]");
}

#[test]
fn a_negative_count_is_an_error_naming_the_claim_and_field() {
    let err = Claim::new(
        "bad-1",
        troops(),
        source("s"),
        Estimate::point(-5.0).unwrap(),
    )
    .unwrap_err();
    let Error::Invalid(problems) = &err else {
        panic!("{err:?}")
    };
    let p = problems.iter().next().unwrap();
    assert_eq!(p.location, Location::Claim("bad-1".into()));
    assert_eq!(p.field.as_deref(), Some("estimate"));
    assert!(
        err.to_string().contains("outside the domain count"),
        "{err}"
    );
}

#[test]
fn a_percentage_above_one_hundred_is_outside_its_domain() {
    let q = Quantity::new("share", "%")
        .unwrap()
        .with_domain(Domain::bounded(0.0, 100.0).unwrap());
    assert!(Claim::new("p", q.clone(), source("s"), Estimate::point(101.0).unwrap()).is_err());
    let c = Claim::new(
        "p",
        q,
        source("s"),
        Estimate::new(Interval::greater_than(90.0).unwrap()),
    )
    .unwrap();
    assert_eq!(c.interval().to_string(), "(90, 100]");
}

#[test]
fn an_empty_claim_id_is_refused() {
    let err = Claim::new("", troops(), source("s"), Estimate::point(1.0).unwrap()).unwrap_err();
    assert!(err.to_string().contains("\"id\""), "{err}");
}

#[test]
fn best_value_outside_the_interval_is_refused() {
    let e = Estimate::new(Interval::closed(8_000.0, 94_000.0).unwrap()).with_best(98_000.0);
    assert!(matches!(e, Err(ValueError::BestOutsideInterval { .. })));
}

#[test]
fn confidence_levels_must_lie_strictly_between_zero_and_one() {
    let e = Estimate::new(Interval::closed(1.0, 2.0).unwrap());
    assert!(e.clone().with_level(0.95).is_ok());
    for bad in [0.0, 1.0, 95.0, -0.5, f64::NAN] {
        assert!(e.clone().with_level(bad).is_err(), "{bad}");
    }
}

#[test]
fn probabilities_outside_zero_one_and_unknown_terms_are_refused() {
    assert!(Confidence::probability(1.01).is_err());
    assert!(Confidence::probability(f64::NAN).is_err());
    assert!(Confidence::range(0.8, 0.6).is_err());
    assert!("fairly likely".parse::<Confidence>().is_err());
    assert!("nato:likely".parse::<Confidence>().is_err());
    let c: Confidence = "ipcc-ar5:very likely".parse().unwrap();
    assert_eq!((c.low(), c.high()), (0.90, 1.0));
}

#[test]
fn kent_1964_probable_is_seventy_five_plus_or_minus_twelve() {
    // Sherman Kent, "Words of Estimative Probability" (1964): probable 75 % ± about 12.
    let t = Vocabulary::KENT_1964.term("probable").unwrap();
    assert_eq!((t.low, t.high), (0.63, 0.87));
}

#[test]
fn claim_sets_report_every_problem_at_once() {
    let q = troops();
    let s = source("s");
    let set: ClaimSet = vec![
        Claim::new("a", q.clone(), s.clone(), Estimate::point(1.0).unwrap()).unwrap(),
        Claim::new("a", q.clone(), s.clone(), Estimate::point(2.0).unwrap()).unwrap(),
        Claim::new("b", q.clone(), s.clone(), Estimate::point(3.0).unwrap())
            .unwrap()
            .restating("zzz"),
        Claim::new(
            "c",
            q.with_kind_for_test(),
            s,
            Estimate::point(4.0).unwrap(),
        )
        .unwrap()
        .superseding("c"),
    ]
    .into_iter()
    .collect();
    let problems = set.validate().unwrap_err();
    let text = problems.to_string();
    assert_eq!(problems.len(), 4, "{text}");
    assert!(text.contains("duplicate claim id"), "{text}");
    assert!(text.contains("\"zzz\""), "{text}");
    assert!(text.contains("defined in two different ways"), "{text}");
    assert!(text.contains("cannot refer to itself"), "{text}");
}

trait KindForTest {
    fn with_kind_for_test(&self) -> Quantity;
}

impl KindForTest for Arc<Quantity> {
    fn with_kind_for_test(&self) -> Quantity {
        self.as_ref().clone().with_kind(QuantityKind::Cumulative)
    }
}

#[test]
fn periods_order_and_bound_their_dates() {
    let p = Period::new(
        ClaimDate::day(2022, 2, 24).unwrap(),
        ClaimDate::month(2024, 10).unwrap(),
    )
    .unwrap();
    assert_eq!(p.first_day().to_string(), "2022-02-24");
    assert_eq!(p.last_day().to_string(), "2024-10-31");
    assert!(
        Period::new(
            ClaimDate::month(2024, 11).unwrap(),
            ClaimDate::month(2024, 10).unwrap()
        )
        .is_err()
    );
    // A month overlapping a day inside it is not an inverted period.
    assert!(
        Period::new(
            ClaimDate::month(2024, 10).unwrap(),
            ClaimDate::day(2024, 10, 1).unwrap()
        )
        .is_ok()
    );
}
