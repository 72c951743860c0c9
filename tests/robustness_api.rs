//! The public constructors, parsers and numerical functions return a value or an error for
//! every input — NaN, ±∞, ±f64::MAX, subnormals, any integer, any text — and never panic
//! (debug builds check integer overflow too). Values that are returned are never NaN.

use proptest::prelude::*;
use sourced::{
    Bound, ClaimDate, Confidence, Domain, Estimate, Finite, Interval, Method, Period, Quantity,
    Source, chi_square_sf, gamma_q, ln_gamma, normal_cdf, normal_pdf, normal_quantile, normal_sf,
};

/// Every f64, with the hard cases often.
fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        prop::sample::select(vec![
            0.0,
            -0.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            -f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            -5e-324,
            1e308,
            1.0,
            0.5,
        ]),
        any::<f64>(),
        -1e6f64..1e6,
    ]
}

fn bound() -> impl Strategy<Value = Bound> {
    (0u8..3, any_f64()).prop_map(|(k, v)| match (k, Finite::new(v)) {
        (1, Ok(f)) => Bound::Open(f),
        (2, Ok(f)) => Bound::Closed(f),
        _ => Bound::Unbounded,
    })
}

fn interval() -> impl Strategy<Value = Interval> {
    (bound(), bound()).prop_filter_map("empty", |(a, b)| Interval::new(a, b).ok())
}

proptest! {
    #[test]
    fn interval_operations_never_panic(a in interval(), b in interval(), x in any_f64()) {
        let _ = a.contains(x);
        let _ = (a.relation(&b), a.intersects(&b), a.intersection(&b), a.hull(&b));
        prop_assert!(!a.gap(&b).is_nan());
        prop_assert!(a.gap(&b) >= 0.0);
        prop_assert!(!a.width().is_nan());
        prop_assert!(a.midpoint().is_none_or(f64::is_finite));
        if let Ok(scaled) = a.scale(x) {
            prop_assert!(scaled.low_value().is_none_or(f64::is_finite));
        }
        let _ = a.to_string();
    }

    #[test]
    fn value_constructors_never_panic(a in any_f64(), b in any_f64(), level in any_f64()) {
        let _ = Interval::closed(a, b);
        let _ = Interval::open(a, b);
        let _ = Interval::from_parts(Some(a), true, Some(b), false);
        let _ = Interval::point(a);
        let _ = Interval::greater_than(a);
        if let Ok(e) = Estimate::point(a) {
            let _ = e.clone().with_best(b);
            let _ = e.clone().with_level(level);
            let _ = e.to_string();
        }
        let _ = Confidence::probability(a);
        let _ = Confidence::range(a, b);
        if let Ok(d) = Domain::bounded(a, b) {
            let _ = d.apply(&Interval::everything());
        }
        if let (Ok(d), Ok(i)) = (Domain::bounded(0.0, 100.0), Interval::closed(a.min(b), a.max(b))) {
            let _ = d.apply(&i);
            let _ = Domain::Count.apply(&i);
        }
        let _ = Source::new("s", "S").map(|s| s.with_weight(a));
    }

    #[test]
    fn dates_never_panic(year in any::<i16>(), month in any::<i8>(), day in any::<i8>()) {
        let _ = ClaimDate::year(year);
        let _ = ClaimDate::month(year, month);
        if let Ok(d) = ClaimDate::day(year, month, day) {
            let _ = (d.bounds(), d.to_string());
            let _ = Period::new(d, d);
        }
    }

    #[test]
    fn statistical_functions_never_panic_nor_return_nan_for_valid_input(x in any_f64(), y in any_f64()) {
        for v in [normal_pdf(x), normal_cdf(x), normal_sf(x)] {
            prop_assert!(v.is_nan() == x.is_nan(), "{v} for {x}");
        }
        for v in [normal_quantile(x), ln_gamma(x), gamma_q(x, y), chi_square_sf(x, y)]
            .into_iter()
            .flatten()
        {
            prop_assert!(!v.is_nan(), "NaN returned as a value for ({x}, {y})");
        }
    }

    #[test]
    fn parsers_never_panic(text in ".{0,64}") {
        let _ = text.parse::<Estimate>();
        let _ = text.parse::<ClaimDate>();
        let _ = text.parse::<Period>();
        let _ = text.parse::<Confidence>();
        let _ = text.parse::<Method>();
        let _ = Quantity::new(text.clone(), text.clone());
        let _ = Source::new(text.clone(), text.clone()).map(|s| s.with_group(text.clone()));
    }
}
