//! NTP selection: membership rules, the majority rule, and the RFC 5905 pseudo-code bug.

use sourced::{Evidence, Interval, Membership, Selected, Selection};

fn closed(a: f64, b: f64) -> Interval {
    Interval::closed(a, b).unwrap()
}

/// The selection loop of RFC 5905 Appendix A.5.5.1, transcribed with its `n - found` test
/// (`fixed = false`) or with `n - allow` as ntpd and the ntpd-rs port do (`fixed = true`).
/// Endpoints are (value, type): lower −1, midpoint 0, upper +1, sorted by value.
fn rfc5905(intervals: &[(f64, f64)], fixed: bool) -> Option<(f64, f64)> {
    let n = intervals.len() as i64;
    let mut m: Vec<(f64, i64)> = Vec::new();
    for &(a, b) in intervals {
        m.push((a, -1));
        m.push(((a + b) / 2.0, 0));
        m.push((b, 1));
    }
    m.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
    let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut allow = 0;
    while 2 * allow < n {
        let mut found = 0;
        let mut chime = 0;
        let need = |found: i64| if fixed { n - allow } else { n - found };
        for &(edge, kind) in &m {
            chime -= kind;
            if chime >= need(found) {
                low = edge;
                break;
            }
            if kind == 0 {
                found += 1;
            }
        }
        chime = 0;
        for &(edge, kind) in m.iter().rev() {
            chime += kind;
            if chime >= need(found) {
                high = edge;
                break;
            }
            if kind == 0 {
                found += 1;
            }
        }
        if found > allow {
            allow += 1;
            continue;
        }
        if high > low {
            return Some((low, high));
        }
        allow += 1;
    }
    None
}

/// RFC 5905's skeleton compares with `n − found` (midpoints passed) instead of `n − allow`;
/// the ntpd-rs port comments "the code skeleton uses `n - found` here, which is wrong!"
/// (REFERENCES.md §3.1). On {[0, 10], [1, 2], [3, 4]} the skeleton finds no majority, while
/// ntpd's rule (and this crate) selects [1, 4] with one falseticker allowed.
#[test]
fn rfc_5905_n_minus_found_bug_differs_from_ntpd() {
    let plain = [(0.0, 10.0), (1.0, 2.0), (3.0, 4.0)];
    assert_eq!(rfc5905(&plain, false), None);
    assert_eq!(rfc5905(&plain, true), Some((1.0, 4.0)));
    let e = Evidence::from_intervals(&plain.map(|(a, b)| closed(a, b)));
    let m = Selection::ntp().run(&e);
    let m = m.majority().expect("ntpd selects a region");
    assert_eq!(m.region.to_string(), "[1, 4]");
    assert_eq!((m.agreeing, m.sources, m.f), (2, 3, 1));
    assert!(m.falsetickers.is_empty());
}

/// ntpd keeps every interval that overlaps [low, high]; chrony only those that contain it or
/// lie inside it (REFERENCES.md §3.1 step 4 and §3.2).
#[test]
fn overlap_and_contains_or_within_rules_differ() {
    let e = Evidence::from_intervals(&[
        closed(0.0, 2.0),  // #0 overlaps [1, 4] only
        closed(0.0, 10.0), // #1 contains it
        closed(1.0, 2.0),  // #2 within
        closed(3.0, 4.0),  // #3 within
        closed(3.0, 10.0), // #4 overlaps only
    ]);
    let ids = |v: &[sourced::ClaimId]| v.iter().map(|&i| e.id(i).into_owned()).collect::<Vec<_>>();
    let ntpd = Selection::ntp().run(&e);
    let ntpd = ntpd.majority().unwrap();
    assert_eq!(ntpd.region.to_string(), "[1, 4]");
    assert_eq!(ntpd.membership, Membership::Overlap);
    assert_eq!(ids(&ntpd.truechimers), ["#0", "#1", "#2", "#3", "#4"]);
    let chrony = Selection::chrony().run(&e);
    let chrony = chrony.majority().unwrap();
    assert_eq!(ids(&chrony.truechimers), ["#1", "#2", "#3"]);
    assert_eq!(ids(&chrony.falsetickers), ["#0", "#4"]);
    let same = Selection::ntp()
        .membership(Membership::ContainsOrWithin)
        .run(&e);
    assert_eq!(same.majority().unwrap().truechimers, chrony.truechimers);
}

/// Wikipedia's second Marzullo example as an NTP selection: [14, 15] is the falseticker.
#[test]
fn marzullo_example_names_the_falseticker() {
    let e = Evidence::from_intervals(&[closed(8.0, 12.0), closed(11.0, 13.0), closed(14.0, 15.0)]);
    let s = Selection::ntp().run(&e);
    let m = s.majority().unwrap();
    assert_eq!(m.region.to_string(), "[11, 12]");
    assert_eq!(
        (e.id(m.low_set_by).as_ref(), e.id(m.high_set_by).as_ref()),
        ("#1", "#0")
    );
    assert_eq!(
        m.falsetickers.iter().map(|&i| e.id(i)).collect::<Vec<_>>(),
        ["#2"]
    );
}

/// chrony: "Can't synchronise: no majority" when the best depth is n/2 or less.
#[test]
fn no_majority_is_an_explicit_outcome() {
    let e = Evidence::from_intervals(&[closed(0.0, 1.0), closed(2.0, 3.0)]);
    match Selection::ntp().run(&e) {
        Selected::NoMajority(n) => {
            assert_eq!((n.best_support, n.sources, n.max_falsetickers), (1, 2, 0));
        }
        other => panic!("expected no majority, got {other:?}"),
    }
    // Allowing one falseticker: both intervals are covered once, and ntpd's [low, high] is
    // the hull of the maximal regions.
    let allowed = Selection::ntp().max_falsetickers(1).run(&e);
    assert_eq!(allowed.majority().unwrap().region.to_string(), "[0, 3]");
    assert!(matches!(
        Selection::ntp().run(&Evidence::from_intervals(&[])),
        Selected::NoMajority(_)
    ));
}

/// ntpd-rs `minimum-agreeing-sources`: 2 of 3 agree, 3 are required.
#[test]
fn min_agreeing_is_enforced() {
    let e = Evidence::from_intervals(&[closed(8.0, 12.0), closed(11.0, 13.0), closed(14.0, 15.0)]);
    assert!(
        Selection::ntp()
            .min_agreeing(2)
            .run(&e)
            .majority()
            .is_some()
    );
    match Selection::ntp().min_agreeing(3).run(&e) {
        Selected::NoMajority(n) => assert_eq!((n.best_support, n.min_agreeing), (2, 3)),
        other => panic!("expected no majority, got {other:?}"),
    }
}

#[test]
fn origins_not_claims_are_counted() {
    // Three claims of one origin cannot outvote two independent origins.
    let e = Evidence::from_grouped(&[
        (closed(0.0, 1.0), 1),
        (closed(0.0, 1.0), 1),
        (closed(0.0, 1.0), 1),
        (closed(5.0, 6.0), 2),
        (closed(5.5, 7.0), 3),
    ]);
    let s = Selection::ntp().run(&e);
    let m = s.majority().unwrap();
    assert_eq!(m.region.to_string(), "[5.5, 6]");
    assert_eq!((m.agreeing, m.sources), (2, 3));
    assert_eq!(m.falsetickers.len(), 3);
}
