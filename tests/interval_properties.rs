//! Properties of `Interval`: its relations, intersection and hull agree with a brute-force
//! check of membership at every value that matters (each end, and points between and beyond).

use proptest::prelude::*;
use sourced::{Bound, Interval, Relation};

fn bound() -> impl Strategy<Value = (Option<i8>, bool)> {
    (prop::option::weighted(0.85, -4i8..=4), any::<bool>())
}

fn interval() -> impl Strategy<Value = Interval> {
    (bound(), bound()).prop_filter_map("non-empty", |((lo, lo_open), (hi, hi_open))| {
        Interval::from_parts(lo.map(f64::from), lo_open, hi.map(f64::from), hi_open).ok()
    })
}

/// Every value at which membership can change for ends in -4..=4, plus points between them.
fn probes() -> Vec<f64> {
    (-10..=10).map(|i| f64::from(i) / 2.0).collect()
}

proptest! {
    #[test]
    fn intersects_iff_some_value_is_in_both(a in interval(), b in interval()) {
        let brute = probes().into_iter().any(|x| a.contains(x) && b.contains(x))
            // Two unbounded sides on the same side always share values beyond the probes.
            || (a.low() == Bound::Unbounded && b.low() == Bound::Unbounded)
            || (a.high() == Bound::Unbounded && b.high() == Bound::Unbounded);
        prop_assert_eq!(a.intersects(&b), brute);
        prop_assert_eq!(a.relation(&b).is_disjoint(), !brute);
    }

    #[test]
    fn intersection_holds_exactly_the_common_values(a in interval(), b in interval()) {
        if let Some(i) = a.intersection(&b) {
            for x in probes() {
                prop_assert_eq!(i.contains(x), a.contains(x) && b.contains(x), "x = {}", x);
            }
        }
    }

    #[test]
    fn hull_contains_both_and_nothing_outside_their_span(a in interval(), b in interval()) {
        let h = a.hull(&b);
        prop_assert!(h.contains_interval(&a) && h.contains_interval(&b));
        for x in probes() {
            if a.contains(x) || b.contains(x) {
                prop_assert!(h.contains(x));
            }
        }
    }

    #[test]
    fn relation_and_its_converse_agree(a in interval(), b in interval()) {
        prop_assert_eq!(a.relation(&b), b.relation(&a).converse());
        prop_assert_eq!(a.relation(&b) == Relation::Equal, a == b);
    }

    #[test]
    fn scaling_by_a_positive_factor_scales_membership(a in interval(), c in 1u8..=5) {
        let c = f64::from(c);
        let s = a.scale(c).unwrap();
        for x in probes() {
            prop_assert_eq!(s.contains(x * c), a.contains(x));
        }
    }
}

#[test]
fn non_finite_values_are_refused_everywhere() {
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert!(Interval::closed(bad, 1.0).is_err());
        assert!(Interval::closed(0.0, bad).is_err());
        assert!(Interval::at_least(bad).is_err());
        assert!(!Interval::everything().contains(bad));
    }
}

#[test]
fn midpoint_and_gap_do_not_overflow_near_f64_max() {
    let a = Interval::closed(-f64::MAX, f64::MAX).unwrap();
    assert_eq!(a.midpoint(), Some(0.0));
    assert_eq!(a.width(), f64::INFINITY);
    let b = Interval::point(-f64::MAX).unwrap();
    let c = Interval::point(f64::MAX).unwrap();
    assert_eq!(b.gap(&c), f64::INFINITY);
}
