//! Conflicts and clusters against brute-force references on random intervals with open,
//! closed and unbounded ends, duplicates and equal endpoints (issue 5: "the conflict list equals
//! the brute-force O(n²) pair list on random inputs").

use std::collections::BTreeSet;

use proptest::prelude::*;
use sourced::{ConflictKind, Interval, Relation, clusters, conflicts, count_conflicts};

/// One end: unbounded, or a small integer value (so that equal endpoints are common), open or closed.
fn end() -> impl Strategy<Value = (Option<f64>, bool)> {
    prop_oneof![
        1 => Just((None, false)),
        6 => (0i32..8, any::<bool>()).prop_map(|(v, open)| (Some(f64::from(v)), open)),
    ]
}

fn interval() -> impl Strategy<Value = Interval> {
    (end(), end()).prop_filter_map("non-empty", |((lo, lo_open), (hi, hi_open))| {
        Interval::from_parts(lo, lo_open, hi, hi_open).ok()
    })
}

fn intervals() -> impl Strategy<Value = Vec<Interval>> {
    prop::collection::vec(interval(), 0..40)
}

/// Every unordered pair that shares no value, as (lower, upper), by the O(n²) definition.
fn brute_pairs(xs: &[Interval]) -> BTreeSet<(usize, usize)> {
    let mut pairs = BTreeSet::new();
    for (i, a) in xs.iter().enumerate() {
        for (j, b) in xs.iter().enumerate() {
            if i != j && !a.intersects(b) && a.end() < b.start() {
                pairs.insert((i, j));
            }
        }
    }
    pairs
}

proptest! {
    #[test]
    fn the_conflict_list_is_the_brute_force_pair_list(xs in intervals()) {
        let listed: Vec<(usize, usize)> = conflicts(&xs).map(|c| (c.lower, c.upper)).collect();
        let unique: BTreeSet<_> = listed.iter().copied().collect();
        prop_assert_eq!(unique.len(), listed.len(), "a pair was listed twice");
        prop_assert_eq!(unique, brute_pairs(&xs));
    }

    #[test]
    fn counting_without_listing_gives_the_same_number(xs in intervals()) {
        prop_assert_eq!(count_conflicts(&xs), brute_pairs(&xs).len() as u64);
        prop_assert_eq!(conflicts(&xs).total(), brute_pairs(&xs).len() as u64);
    }

    #[test]
    fn each_conflict_carries_relation_gap_and_ratio(xs in intervals()) {
        for c in conflicts(&xs) {
            let (a, b) = (&xs[c.lower], &xs[c.upper]);
            let relation = a.relation(b);
            prop_assert!(relation.is_disjoint());
            prop_assert_eq!(c.kind.relation(), relation);
            prop_assert_eq!(c.kind == ConflictKind::Touching, relation == Relation::TouchesBefore);
            prop_assert_eq!(c.gap, a.gap(b));
            let expected = match (a.high_value(), b.low_value()) {
                (Some(top), Some(bottom)) if top > 0.0 && bottom > 0.0 => Some(bottom / top),
                _ => None,
            };
            prop_assert_eq!(c.ratio, expected);
        }
    }

    #[test]
    fn clusters_are_the_connected_components_of_the_overlap_graph(xs in intervals()) {
        // Brute force: union-find over every overlapping pair.
        let mut parent: Vec<usize> = (0..xs.len()).collect();
        fn find(p: &mut [usize], i: usize) -> usize {
            let mut r = i;
            while p[r] != r { r = p[r]; }
            p[i] = r;
            r
        }
        for i in 0..xs.len() {
            for j in 0..xs.len() {
                if xs[i].intersects(&xs[j]) {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    parent[a] = b;
                }
            }
        }
        let mut expected: BTreeSet<Vec<usize>> = BTreeSet::new();
        for root in 0..xs.len() {
            let members: Vec<usize> = (0..xs.len()).filter(|&i| find(&mut parent, i) == root).collect();
            if !members.is_empty() { expected.insert(members); }
        }
        let found = clusters(&xs);
        let got: BTreeSet<Vec<usize>> = found.iter().map(|c| c.members.clone()).collect();
        prop_assert_eq!(got, expected);
        for c in &found {
            let hull = c.members.iter().map(|&i| xs[i]).reduce(|a, b| a.hull(&b)).unwrap();
            prop_assert_eq!(c.hull, hull);
        }
        // Lowest first, and no two clusters share a value.
        for pair in found.windows(2) {
            prop_assert!(pair[0].hull.end() < pair[1].hull.start());
        }
    }

    #[test]
    fn scaling_by_a_positive_factor_keeps_the_pairs(xs in intervals(), k in 1u32..1000) {
        let factor = f64::from(k) / 7.0;
        let scaled: Vec<Interval> = xs.iter().map(|x| x.scale(factor).unwrap()).collect();
        let a: BTreeSet<_> = conflicts(&xs).map(|c| (c.lower, c.upper)).collect();
        let b: BTreeSet<_> = conflicts(&scaled).map(|c| (c.lower, c.upper)).collect();
        prop_assert_eq!(a, b);
    }
}

#[test]
fn listing_is_output_sensitive_not_quadratic() {
    // 200,000 nested intervals share a value pairwise: k = 0. A quadratic scan would make 2·10¹⁰
    // comparisons; the sweep sorts and stops.
    let n = 200_000;
    let xs: Vec<Interval> = (0..n)
        .map(|i| Interval::closed(-f64::from(i), f64::from(i)).unwrap())
        .collect();
    let started = std::time::Instant::now();
    assert_eq!(conflicts(&xs).count(), 0);
    assert_eq!(count_conflicts(&xs), 0);
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn the_first_conflict_comes_without_listing_the_rest() {
    // Two far groups: 10⁵ × 10⁵ = 10¹⁰ conflicting pairs; the iterator yields lazily.
    let n = 100_000;
    let mut xs: Vec<Interval> = (0..n)
        .map(|_| Interval::closed(0.0, 1.0).unwrap())
        .collect();
    xs.extend((0..n).map(|_| Interval::closed(5.0, 6.0).unwrap()));
    assert_eq!(count_conflicts(&xs), 10_000_000_000);
    let first: Vec<_> = conflicts(&xs).take(3).collect();
    assert_eq!(first.len(), 3);
    assert!(
        first
            .iter()
            .all(|c| c.lower < n && c.upper >= n && c.gap == 4.0)
    );
    assert_eq!(first[0].ratio, Some(5.0));
}

#[test]
fn touching_at_an_open_bound_is_a_conflict_and_meeting_closed_is_not() {
    // `[1, 3)` and `[3, 5]` share no value; `[1, 3]` and `[3, 5]` share 3.
    let touching = [
        Interval::from_parts(Some(1.0), false, Some(3.0), true).unwrap(),
        Interval::closed(3.0, 5.0).unwrap(),
    ];
    let found: Vec<_> = conflicts(&touching).collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, ConflictKind::Touching);
    assert_eq!(found[0].gap, 0.0);
    let meeting = [
        Interval::closed(1.0, 3.0).unwrap(),
        Interval::closed(3.0, 5.0).unwrap(),
    ];
    assert_eq!(conflicts(&meeting).count(), 0);
}

#[test]
fn the_seed_article_ratio_is_ten_thousand_over_three_thousand() {
    // DESIGN.md: "3,000 vs 10,000 is a factor 3.3".
    let xs = [
        Interval::closed(0.0, 3000.0).unwrap(),
        Interval::at_least(10_000.0).unwrap(),
    ];
    let c = conflicts(&xs).next().unwrap();
    assert_eq!((c.lower, c.upper, c.gap), (0, 1, 7000.0));
    assert!((c.ratio.unwrap() - 3.333_333).abs() < 1e-6);
}
