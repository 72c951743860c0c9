//! The report's consensus, verdicts and falsetickers: worked examples (Marzullo's, from its
//! Wikipedia page, as collected in REFERENCES.md §3; the seed article, DESIGN.md) and the
//! minimality of the falseticker set against a brute-force search.

mod common;

use std::sync::Arc;

use proptest::prelude::*;
use sourced::{Claim, ClaimSet, Estimate, Interval, Method, Quantity, Report, Source, Verdict};

/// One claim per interval, each from its own source (its own independence group).
fn claim_set(intervals: &[Interval]) -> ClaimSet {
    let q = Arc::new(
        Quantity::new("q", "units")
            .unwrap()
            .with_domain(sourced::Domain::Real),
    );
    intervals
        .iter()
        .enumerate()
        .map(|(i, iv)| {
            let s = Source::new(format!("s{i}"), format!("Source {i}")).unwrap();
            Claim::new(format!("c{i}"), q.clone(), s, Estimate::new(*iv)).unwrap()
        })
        .collect()
}

fn closed(a: f64, b: f64) -> Interval {
    Interval::closed(a, b).unwrap()
}

#[test]
fn marzullo_three_agreeing_intervals_give_eleven_to_twelve() {
    // {[8,12],[11,13],[10,12]} → [11,12] supported by 3 (Marzullo; REFERENCES.md §3).
    let set = claim_set(&[closed(8.0, 12.0), closed(11.0, 13.0), closed(10.0, 12.0)]);
    let report = Report::of(&set).unwrap();
    let q = &report.quantities[0];
    assert_eq!(q.consensus.len(), 1);
    assert_eq!(q.consensus[0].interval, closed(11.0, 12.0));
    assert_eq!(q.consensus[0].support, 3);
    assert_eq!(q.consensus[0].supporting, ["c0", "c1", "c2"]);
    assert!(q.falsetickers.is_empty());
    assert_eq!(q.conflict_count, 0);
    assert!(q.claims.iter().all(|c| c.verdict == Verdict::Agrees));
}

#[test]
fn marzullo_one_outlier_is_the_falseticker() {
    // {[8,12],[11,13],[14,15]} → [11,12] supported by 2; [14,15] is the odd one out.
    let set = claim_set(&[closed(8.0, 12.0), closed(11.0, 13.0), closed(14.0, 15.0)]);
    let report = Report::of(&set).unwrap();
    let q = &report.quantities[0];
    assert_eq!(q.consensus[0].interval, closed(11.0, 12.0));
    assert_eq!(q.consensus[0].support, 2);
    assert_eq!(q.falsetickers, ["c2"]);
    assert_eq!(q.claims[2].verdict, Verdict::Falseticker);
    // [14,15] conflicts with both others: gaps 2 and 1, ratios 14/12 and 14/13.
    let pairs: Vec<(&str, &str, f64)> = q
        .conflicts
        .iter()
        .map(|c| (c.a.as_str(), c.b.as_str(), c.gap))
        .collect();
    assert_eq!(pairs, [("c0", "c2", 2.0), ("c1", "c2", 1.0)]);
    assert_eq!(q.conflict_count, 2);
    assert_eq!(q.clusters.len(), 2);
}

#[test]
fn marzullo_tie_reports_both_regions_and_no_arbitrary_falseticker() {
    // {[8,9],[8,12],[10,12]} → two maximal regions [8,9] and [10,12], each held by 2.
    let set = claim_set(&[closed(8.0, 9.0), closed(8.0, 12.0), closed(10.0, 12.0)]);
    let report = Report::of(&set).unwrap();
    let q = &report.quantities[0];
    let regions: Vec<String> = q.consensus.iter().map(|r| r.interval.to_string()).collect();
    assert_eq!(regions, ["[8, 9]", "[10, 12]"]);
    assert!(q.consensus.iter().all(|r| r.support == 2));
    assert!(q.falsetickers.is_empty());
    assert!(q.notes.iter().any(|n| n.contains("tie")), "{:?}", q.notes);
}

#[test]
fn the_seed_article_troops_reconcile_to_three_to_ten_thousand() {
    // DESIGN.md: "more than 3,000" and "as many as 10,000" both hold on (3,000, 10,000], and
    // so does Putin's "more than zero": 3 independent sources; the denial is the odd one out;
    // the US government's earlier figure was superseded by the White House's.
    let set = common::seed_troops();
    let report = Report::of(&set).unwrap();
    let q = &report.quantities[0];
    assert_eq!(q.consensus.len(), 1);
    assert_eq!(q.consensus[0].interval.to_string(), "(3000, 10000]");
    assert_eq!(q.consensus[0].support, 3);
    assert_eq!(q.consensus[0].supporting, ["wh-1", "nis-1", "putin-1"]);
    assert_eq!(q.falsetickers, ["kp-1"]);
    assert_eq!(
        q.claim("us-1").unwrap().verdict,
        Verdict::SupersededBy("wh-1".into())
    );
    assert_eq!(q.claim("wh-1").unwrap().verdict, Verdict::Agrees);
    assert_eq!(q.claim("kp-1").unwrap().verdict, Verdict::Falseticker);
    // The denial [0, 0] against "more than 3,000", and against "more than zero" (touching).
    assert_eq!(q.conflict_count, 2);
    let pairs: Vec<(&str, &str)> = q
        .conflicts
        .iter()
        .map(|c| (c.a.as_str(), c.b.as_str()))
        .collect();
    assert_eq!(pairs, [("kp-1", "wh-1"), ("kp-1", "putin-1")]);
    assert_eq!(q.conflicts[1].relation, sourced::ConflictKind::Touching);
    assert_eq!(q.conflicts[0].gap, 3000.0);
    assert_eq!(q.conflicts[0].ratio, None);
}

#[test]
fn every_method_gives_a_report_for_the_seed_article() {
    for method in Method::ALL {
        let set = common::seed_troops();
        let report = Report::builder().method(method).build(&set).unwrap();
        let q = &report.quantities[0];
        assert_eq!(q.method, method);
        assert_eq!(q.claims.len(), 5);
        // The denial never agrees with a consensus that excludes zero.
        if let Some(region) = q.consensus.first()
            && !region.interval.contains(0.0)
        {
            assert_ne!(
                q.claim("kp-1").unwrap().verdict,
                Verdict::Agrees,
                "{method}"
            );
        }
    }
}

#[test]
fn empty_claim_set_gives_an_empty_report() {
    let set = ClaimSet::new();
    let report = Report::of(&set).unwrap();
    assert!(report.quantities.is_empty());
    assert!(report.to_string().contains("No claims"));
}

fn end() -> impl Strategy<Value = (Option<f64>, bool)> {
    prop_oneof![
        1 => Just((None, false)),
        6 => (0i32..6, any::<bool>()).prop_map(|(v, open)| (Some(f64::from(v)), open)),
    ]
}

fn intervals() -> impl Strategy<Value = Vec<Interval>> {
    let one = (end(), end()).prop_filter_map("non-empty", |((lo, lo_open), (hi, hi_open))| {
        Interval::from_parts(lo, lo_open, hi, hi_open).ok()
    });
    prop::collection::vec(one, 1..8)
}

/// Whether the claims in `subset` (a bit mask) share a value.
fn consistent(xs: &[Interval], subset: u32) -> bool {
    let members: Vec<&Interval> = (0..xs.len())
        .filter(|&i| subset >> i & 1 == 1)
        .map(|i| &xs[i])
        .collect();
    members
        .iter()
        .all(|a| members.iter().all(|b| a.intersects(b)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn falsetickers_are_in_every_smallest_removal_set(xs in intervals()) {
        let set = claim_set(&xs);
        let report = Report::of(&set).unwrap();
        let q = &report.quantities[0];
        let n = xs.len();
        let ft: u32 = (0..n).filter(|&i| q.falsetickers.iter().any(|f| *f == format!("c{i}"))).fold(0, |m, i| m | 1 << i);
        // Brute force over every subset: the largest consistent ones.
        let full = (1u32 << n) - 1;
        let best = (0..=full).filter(|&s| consistent(&xs, s)).map(u32::count_ones).max().unwrap();
        let largest: Vec<u32> = (0..=full).filter(|&s| s.count_ones() == best && consistent(&xs, s)).collect();
        // No largest consistent subset keeps a falseticker.
        for keep in &largest {
            prop_assert_eq!(keep & ft, 0, "kept {:b}, falsetickers {:b}", keep, ft);
        }
        // With one consensus region the falsetickers are exactly a smallest removal set.
        if q.consensus.len() == 1 {
            prop_assert!(consistent(&xs, full & !ft));
            prop_assert_eq!(ft.count_ones(), n as u32 - best);
            prop_assert_eq!(q.consensus[0].support as u32, best);
        }
    }

    #[test]
    fn every_conflict_involves_claims_that_took_part(xs in intervals()) {
        let set = claim_set(&xs);
        let report = Report::of(&set).unwrap();
        let q = &report.quantities[0];
        for c in &q.conflicts {
            prop_assert!(q.claim(&c.a).unwrap().verdict.took_part());
            prop_assert!(q.claim(&c.b).unwrap().verdict.took_part());
        }
        prop_assert_eq!(q.conflicts.len() as u64, q.conflict_count);
    }
}

#[test]
fn report_types_are_send_sync_clone_debug() {
    fn check<T: Send + Sync + Clone + std::fmt::Debug>() {}
    check::<Report>();
    check::<sourced::QuantityReport>();
    check::<sourced::ReportBuilder>();
    check::<Verdict>();
    check::<sourced::Conflicts<'static>>();
    check::<sourced::Spread>();
}

#[test]
fn claims_outside_the_time_window_are_set_aside_not_counted_as_conflicts() {
    let q = Arc::new(Quantity::new("q", "troops").unwrap());
    let claim = |id: &str, src: &str, iv: Interval, as_of: Option<&str>| {
        let c = Claim::new(
            id,
            q.clone(),
            Source::new(src, src).unwrap(),
            Estimate::new(iv),
        )
        .unwrap();
        match as_of {
            Some(p) => c.with_as_of(p.parse::<sourced::Period>().unwrap()),
            None => c,
        }
    };
    let claims: ClaimSet = [
        claim("old", "a", closed(0.0, 100.0), Some("2022-01")),
        claim("now-1", "b", closed(900.0, 1100.0), Some("2024-10")),
        claim("now-2", "c", closed(1000.0, 1200.0), Some("2024-10-20")),
        claim("undated", "d", closed(5.0, 6.0), None),
    ]
    .into_iter()
    .collect();
    let window = "2024-10".parse::<sourced::Period>().unwrap();
    let report = Report::builder()
        .prepare(sourced::PrepareOptions::new().window(window))
        .build(&claims)
        .unwrap();
    let q = &report.quantities[0];
    assert_eq!(q.claim("old").unwrap().verdict, Verdict::OutsideWindow);
    assert_eq!(q.claim("undated").unwrap().verdict, Verdict::Undated);
    assert_eq!(q.consensus[0].interval, closed(1000.0, 1100.0));
    assert_eq!(q.consensus[0].supporting, ["now-1", "now-2"]);
    // The old and undated claims lie far below, but they took no part: no conflict, no falseticker.
    assert_eq!(q.conflict_count, 0);
    assert!(q.falsetickers.is_empty());
    assert!(
        q.settings.iter().any(|s| s.contains("window: 2024-10")),
        "{:?}",
        q.settings
    );
}

#[test]
fn ntp_without_a_majority_leaves_every_claim_undecided() {
    // Three pairwise disjoint claims: no two agree, so no majority (RFC 5905 §11.2.1: fewer
    // than n/2 falsetickers cannot be found).
    let claims = claim_set(&[closed(0.0, 1.0), closed(2.0, 3.0), closed(4.0, 5.0)]);
    let report = Report::builder()
        .method(Method::Ntp)
        .build(&claims)
        .unwrap();
    let q = &report.quantities[0];
    assert!(q.consensus.is_empty());
    assert!(q.claims.iter().all(|c| c.verdict == Verdict::Undecided));
    assert!(q.falsetickers.is_empty());
    assert_eq!(q.conflict_count, 3);
    assert!(
        q.notes.iter().any(|n| n.contains("no majority")),
        "{:?}",
        q.notes
    );
    assert!(report.to_string().contains("Consensus: none"));
}

#[test]
fn brooks_iyengar_gives_the_published_point_and_interval() {
    // Brooks & Iyengar (1996), REFERENCES.md §4: f = 1 → point 2.6269, interval [1.5, 3.2].
    let claims = claim_set(&[
        closed(2.7, 6.7),
        closed(0.0, 3.2),
        closed(1.5, 4.5),
        closed(0.8, 2.8),
        closed(1.4, 4.6),
    ]);
    let report = Report::builder()
        .method(Method::BrooksIyengar)
        .faulty(1)
        .build(&claims)
        .unwrap();
    let region = &report.quantities[0].consensus[0];
    assert_eq!(region.interval, closed(1.5, 3.2));
    assert_eq!(format!("{:.4}", region.best.unwrap()), "2.6269");
    assert_eq!(region.support, 4);
}

/// Claims with an independence group each (`(interval, group)`), each from its own source.
fn grouped_set(claims: &[(Interval, u32)]) -> ClaimSet {
    let q = Arc::new(
        Quantity::new("q", "units")
            .unwrap()
            .with_domain(sourced::Domain::Real),
    );
    claims
        .iter()
        .enumerate()
        .map(|(i, (iv, g))| {
            let s = Source::new(format!("s{i}"), format!("Source {i}"))
                .unwrap()
                .with_group(format!("g{g}"))
                .unwrap();
            Claim::new(format!("c{i}"), q.clone(), s, Estimate::new(*iv)).unwrap()
        })
        .collect()
}

/// Points that decide coverage: every end value, the midpoints between them, and beyond.
fn probe_points(xs: &[Interval]) -> Vec<f64> {
    let mut v: Vec<f64> = xs
        .iter()
        .flat_map(|i| [i.low_value(), i.high_value()])
        .flatten()
        .collect();
    v.sort_by(f64::total_cmp);
    v.dedup();
    let mut out = vec![
        v.first().map_or(0.0, |f| f - 1.0),
        v.last().map_or(0.0, |l| l + 1.0),
    ];
    out.extend(v.iter().copied());
    out.extend(v.windows(2).map(|w| (w[0] + w[1]) / 2.0));
    out
}

/// Whether an origin with these claims holds `x`: all of them when they share a value, any of
/// them when they contradict each other.
fn origin_holds(x: f64, members: &[Interval]) -> bool {
    let share = probe_points(members)
        .iter()
        .any(|&y| members.iter().all(|i| i.contains(y)));
    if share {
        members.iter().all(|i| i.contains(x))
    } else {
        members.iter().any(|i| i.contains(x))
    }
}

#[test]
fn an_origin_with_consistent_claims_holds_their_intersection_only() {
    // One origin says "a presence" (0, ∞) and "more than 3,000" (3000, ∞): it asserts
    // (3000, ∞), so with [4000, 9000] the consensus is [4000, 9000] by 2 and [500, 1500] is the
    // falseticker; both of the origin's claims agree.
    let presence = Interval::from_parts(Some(0.0), true, None, false).unwrap();
    let more = Interval::from_parts(Some(3000.0), true, None, false).unwrap();
    let set = grouped_set(&[
        (presence, 0),
        (more, 0),
        (closed(500.0, 1500.0), 1),
        (closed(4000.0, 9000.0), 2),
    ]);
    let report = Report::of(&set).unwrap();
    let q = &report.quantities[0];
    assert_eq!(q.consensus.len(), 1);
    assert_eq!(q.consensus[0].interval, closed(4000.0, 9000.0));
    assert_eq!(q.consensus[0].support, 2);
    assert_eq!(q.consensus[0].supporting, ["c0", "c1", "c3"]);
    assert_eq!(q.falsetickers, ["c2"]);
    assert!(!q.notes.iter().any(|n| n.contains("contradicts")));
}

#[test]
fn an_origin_that_contradicts_itself_is_read_generously_and_noted() {
    // Origin 0 says [0, 1] and [5, 6]; origins 1 and 2 say [5, 9] and [5.5, 7].
    let set = grouped_set(&[
        (closed(0.0, 1.0), 0),
        (closed(5.0, 6.0), 0),
        (closed(5.0, 9.0), 1),
        (closed(5.5, 7.0), 2),
    ]);
    let report = Report::of(&set).unwrap();
    let q = &report.quantities[0];
    assert_eq!(q.consensus[0].interval, closed(5.5, 6.0));
    assert_eq!(q.consensus[0].support, 3);
    assert_eq!(q.falsetickers, ["c0"]);
    assert!(
        q.notes.iter().any(|n| n
            == "origin g0 contradicts itself: claims c0 and c1 share no value; it is \
                        read as holding any of its claims' values"),
        "{:?}",
        q.notes
    );
    assert!(report.to_string().contains("origin g0 contradicts itself"));
}

#[test]
fn notes_of_origins_that_contradict_themselves_are_capped_by_the_conflict_limit() {
    // Origins 0, 1 and 2 each say two things that share no value; origin 3 agrees with all.
    let claims = grouped_set(&[
        (closed(0.0, 1.0), 0),
        (closed(5.0, 6.0), 0),
        (closed(0.0, 1.0), 1),
        (closed(5.0, 6.0), 1),
        (closed(0.0, 1.0), 2),
        (closed(5.0, 6.0), 2),
        (closed(0.0, 9.0), 3),
    ]);
    let notes = |limit: Option<usize>| {
        let report = Report::builder()
            .conflict_limit(limit)
            .build(&claims)
            .unwrap();
        let q = &report.quantities[0];
        q.notes
            .iter()
            .filter(|n| n.contains("contradict"))
            .cloned()
            .collect::<Vec<_>>()
    };
    let all = notes(None);
    assert_eq!(all.len(), 3, "{all:?}");
    assert!(all.iter().all(|n| n.starts_with("origin g")));
    let two = notes(Some(2));
    assert_eq!(two.get(..2), all.get(..2));
    assert_eq!(
        two.get(2).map(String::as_str),
        Some(
            "1 more origin contradicts itself (its claims share no value) and is read as \
             holding any of its claims' values; not listed one by one (conflict limit 2)"
        )
    );
    assert_eq!(
        notes(Some(0)),
        [
            "3 origins contradict themselves (their claims share no value) and are read as \
             holding any of their claims' values; not listed one by one (conflict limit 0)"
        ]
    );
    assert_eq!(notes(Some(3)), all);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// With independence groups, the origins whose claims are all falsetickers are a smallest
    /// set of origins to silence (brute force over every subset of origins), and a consistent
    /// origin's claims are all falsetickers or none.
    #[test]
    fn falseticker_origins_are_a_smallest_removal_set(
        claims in intervals().prop_flat_map(|xs| {
            let n = xs.len();
            (Just(xs), prop::collection::vec(0u32..4, n))
        }).prop_map(|(xs, gs)| xs.into_iter().zip(gs).collect::<Vec<_>>())
    ) {
        let set = grouped_set(&claims);
        let report = Report::of(&set).unwrap();
        let q = &report.quantities[0];
        let groups: Vec<u32> = claims.iter().map(|c| c.1).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        let members = |g: u32| claims.iter().filter(|c| c.1 == g).map(|c| c.0).collect::<Vec<_>>();
        let all: Vec<Interval> = claims.iter().map(|c| c.0).collect();
        let points = probe_points(&all);
        let holds = |subset: u32| points.iter().any(|&x| (0..groups.len()).filter(|&k| subset >> k & 1 == 1).all(|k| origin_holds(x, &members(groups[k]))));
        let full = (1u32 << groups.len()) - 1;
        let best = (0..=full).filter(|&s| holds(s)).map(u32::count_ones).max().unwrap();
        let is_ft = |i: usize| q.falsetickers.iter().any(|f| *f == format!("c{i}"));
        let silenced: u32 = (0..groups.len())
            .filter(|&k| (0..claims.len()).filter(|&i| claims[i].1 == groups[k]).all(is_ft))
            .fold(0, |m, k| m | 1 << k);
        for &g in &groups {
            let mine = members(g);
            let share = probe_points(&mine).iter().any(|&y| mine.iter().all(|i| i.contains(y)));
            let fts = (0..claims.len()).filter(|&i| claims[i].1 == g && is_ft(i)).count();
            if share {
                prop_assert!(fts == 0 || fts == mine.len(), "origin {} split", g);
            }
        }
        // No largest consistent set of origins keeps a silenced origin.
        for keep in (0..=full).filter(|&s| s.count_ones() == best && holds(s)) {
            prop_assert_eq!(keep & silenced, 0);
        }
        if q.consensus.len() == 1 {
            prop_assert!(holds(full & !silenced));
            prop_assert_eq!(silenced.count_ones(), groups.len() as u32 - best);
            prop_assert_eq!(q.consensus[0].support as u32, best);
        }
    }
}

/// The rows, the conflict count and the clusters read each claim as prepared (DESIGN.md: a
/// denial as zero, a documented count as a floor), not as stated: with the stated
/// intervals there would be 5 conflicting pairs and 3 clusters.
#[test]
fn rows_conflicts_and_clusters_read_the_claims_as_prepared() {
    let mut claims = claim_set(&[
        Interval::point(300.0).unwrap(),
        Interval::at_most(0.0).unwrap(),
        closed(250.0, 400.0),
        closed(500.0, 600.0),
    ])
    .into_claims();
    claims[0] = claims[0]
        .clone()
        .with_kind(sourced::ClaimKind::DocumentedCount);
    claims[1] = claims[1].clone().with_kind(sourced::ClaimKind::Denial);
    let set: ClaimSet = claims.into_iter().collect();
    let report = Report::of(&set).unwrap();
    let q = &report.quantities[0];
    let rows: Vec<String> = q.claims.iter().map(|r| r.interval.to_string()).collect();
    assert_eq!(rows, ["[300, ∞)", "[0, 0]", "[250, 400]", "[500, 600]"]);
    // The denial conflicts with the other three, and the two closed ranges with each other.
    assert_eq!(q.conflict_count, 4);
    let members: Vec<Vec<String>> = q
        .clusters
        .iter()
        .map(|c| c.members.iter().map(|m| m.to_string()).collect())
        .collect();
    assert_eq!(members, [vec!["c1"], vec!["c0", "c2", "c3"]]);
}
