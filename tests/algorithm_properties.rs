//! Property tests of the sweeps against brute-force references on small random inputs with
//! open, closed and unbounded ends, duplicates, equal endpoints and shared origins.
//!
//! The brute force evaluates coverage at every endpoint value and at one point inside every
//! gap between consecutive values (and beyond the ends): coverage is constant on each gap, so
//! these points decide every set the algorithms report.

use std::collections::BTreeSet;

use proptest::prelude::*;
use sourced::{
    Agreement, AgreementSummary, BrooksIyengar, ClaimId, Evidence, HullSummary, Interval,
    Selection, SummaryClaim, UnionSummary, hull, intersection, union,
};

fn interval() -> impl Strategy<Value = Interval> {
    (0u8..6, 0u8..7, 0u8..6, 0u8..7).prop_filter_map("non-empty", |(lk, lv, hk, hv)| {
        let end = |kind: u8, v: u8| match kind {
            0 => (None, false),
            1 | 2 => (Some(f64::from(v)), true),
            _ => (Some(f64::from(v)), false),
        };
        let (low, lo) = end(lk, lv);
        let (high, ho) = end(hk, hv);
        Interval::from_parts(low, lo, high, ho).ok()
    })
}

/// See `union_hull_intersection_match_brute_force`.
fn check_union_hull_intersection(claims: &[(Interval, u32)]) -> Result<(), TestCaseError> {
    let claims = claims.to_vec();
    let e = Evidence::from_grouped(&claims);
    let pieces = union(&e);
    let xs = candidates(&intervals_of(&claims));
    for &x in &xs {
        let covered = claims.iter().any(|(i, _)| i.contains(x));
        prop_assert_eq!(
            pieces.iter().filter(|p| p.interval.contains(x)).count(),
            usize::from(covered)
        );
        if let Some(h) = hull(&e).filter(|_| covered) {
            prop_assert!(h.interval.contains(x));
        }
        let all = !claims.is_empty() && claims.iter().all(|(i, _)| i.contains(x));
        prop_assert_eq!(
            intersection(&e).is_some_and(|i| i.interval.contains(x)),
            all
        );
    }
    for w in pieces.windows(2) {
        prop_assert!(w[0].interval.end() < w[1].interval.start());
        // Touching pieces would have been merged: some value lies between them.
        let (a, b) = (w[0].interval.high_value(), w[1].interval.low_value());
        prop_assert!(
            a < b || (a == b && w[0].interval.high().is_open() && w[1].interval.low().is_open())
        );
    }
    prop_assert_eq!(pieces.iter().map(|p| p.claims).sum::<usize>(), claims.len());
    // Each piece names, as the claim that sets each end, the first (by id) of its claims
    // that start or end exactly there.
    for p in &pieces {
        let inside = |i: &Interval| i.start() >= p.interval.start() && i.end() <= p.interval.end();
        let members: Vec<(usize, &Interval)> = claims
            .iter()
            .map(|(i, _)| i)
            .enumerate()
            .filter(|(_, i)| inside(i))
            .collect();
        prop_assert_eq!(members.len(), p.claims);
        let low = members
            .iter()
            .filter(|(_, i)| i.start() == p.interval.start())
            .map(|(k, _)| *k)
            .min();
        let high = members
            .iter()
            .filter(|(_, i)| i.end() == p.interval.end())
            .map(|(k, _)| *k)
            .min();
        prop_assert_eq!(Some(p.low_set_by), low.map(|k| ClaimId(k as u32)));
        prop_assert_eq!(Some(p.high_set_by), high.map(|k| ClaimId(k as u32)));
    }
    if let Some(h) = hull(&e) {
        let starts = claims.iter().map(|(i, _)| i.start()).min().unwrap();
        let ends = claims.iter().map(|(i, _)| i.end()).max().unwrap();
        prop_assert_eq!((h.interval.start(), h.interval.end()), (starts, ends));
    }
    Ok(())
}

/// Claims as [`grouped`] makes them, with values 1 + k·2⁻⁵⁰ + j for k < 3 (see
/// `union_hull_intersection_match_where_values_do_not_fit_the_key`).
fn grouped_near() -> impl Strategy<Value = Vec<(Interval, u32)>> {
    let near = |v: f64| {
        let k = v as u8;
        1.0 + f64::from(k % 3) * f64::EPSILON * 4.0 + f64::from(k / 3)
    };
    grouped().prop_map(move |claims| {
        claims
            .into_iter()
            .filter_map(|(i, origin)| {
                let low = i.low_value().map(near);
                let high = i.high_value().map(near);
                Interval::from_parts(low, i.low().is_open(), high, i.high().is_open())
                    .ok()
                    .map(|i| (i, origin))
            })
            .collect()
    })
}

fn grouped() -> impl Strategy<Value = Vec<(Interval, u32)>> {
    prop::collection::vec((interval(), 0u32..4), 0..9)
}

fn candidates(intervals: &[Interval]) -> Vec<f64> {
    let mut values: Vec<f64> = intervals
        .iter()
        .flat_map(|i| [i.low_value(), i.high_value()])
        .flatten()
        .collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    let (Some(&first), Some(&last)) = (values.first(), values.last()) else {
        return vec![0.0];
    };
    let mut out = vec![first - 1.0];
    for w in values.windows(2) {
        out.push(w[0]);
        out.push((w[0] + w[1]) / 2.0);
    }
    out.push(last);
    out.push(last + 1.0);
    out
}

/// Whether intervals share a value, by trying every candidate point.
fn share_a_value(members: &[Interval]) -> bool {
    candidates(members)
        .iter()
        .any(|&y| members.iter().all(|i| i.contains(y)))
}

/// Whether an origin with these claims covers `x`: all of them when they share a value (it
/// asserts their intersection), any of them when they contradict each other.
fn origin_covers(x: f64, members: &[Interval]) -> bool {
    if share_a_value(members) {
        !members.is_empty() && members.iter().all(|i| i.contains(x))
    } else {
        members.iter().any(|i| i.contains(x))
    }
}

fn members(claims: &[(Interval, u32)], g: u32) -> Vec<Interval> {
    claims
        .iter()
        .filter(|(_, o)| *o == g)
        .map(|(i, _)| *i)
        .collect()
}

fn coverage(x: f64, claims: &[(Interval, u32)]) -> usize {
    claims
        .iter()
        .map(|(_, g)| *g)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|&g| origin_covers(x, &members(claims, g)))
        .count()
}

fn intervals_of(claims: &[(Interval, u32)]) -> Vec<Interval> {
    claims.iter().map(|(i, _)| *i).collect()
}

/// ntpd's `clock_select()` loop over exact keys: for allow = 0, 1, … while 2·allow < n, the
/// lowest start and highest end covered by n − allow intervals; success when low ≤ high.
fn ntpd_loop(intervals: &[Interval]) -> Option<(sourced::Edge, sourced::Edge)> {
    let n = intervals.len();
    let mut points: Vec<(sourced::Edge, i32)> = Vec::new();
    for i in intervals {
        points.push((i.start(), -1));
        points.push((i.end(), 1));
    }
    points.sort();
    let mut allow = 0;
    while 2 * allow < n {
        let need = (n - allow) as i32;
        let mut count = 0;
        let low = points.iter().find_map(|&(e, t)| {
            count -= t;
            (count >= need).then_some(e)
        });
        count = 0;
        let high = points.iter().rev().find_map(|&(e, t)| {
            count += t;
            (count >= need).then_some(e)
        });
        if let (Some(l), Some(h)) = (low, high)
            && l <= h
        {
            return Some((l, h));
        }
        allow += 1;
    }
    None
}

/// The check behind `grouped_weights_take_the_largest_per_origin`: `claims` are (interval,
/// group, weight).
fn check_grouped_weights(claims: &[(Interval, u32, f64)]) -> Result<(), TestCaseError> {
    let summary: Vec<SummaryClaim> = claims
        .iter()
        .enumerate()
        .map(|(k, (i, g, w))| {
            let mut s = SummaryClaim::new(format!("c{k}"), *i);
            s.origin = format!("g{g}");
            s.weight = *w;
            s
        })
        .collect();
    let mut all = AgreementSummary::new();
    all.extend(summary);
    let c = all.finish(Agreement::new().weighted(true));
    let ivs: Vec<Interval> = claims.iter().map(|(i, _, _)| *i).collect();
    let weight = |x: f64| {
        (0..4u32)
            .map(|g| {
                let mine: Vec<(Interval, f64)> = claims
                    .iter()
                    .filter(|(_, o, _)| *o == g)
                    .map(|(i, _, w)| (*i, *w))
                    .collect();
                let ivs: Vec<Interval> = mine.iter().map(|(i, _)| *i).collect();
                if share_a_value(&ivs) {
                    if origin_covers(x, &ivs) {
                        mine.iter().map(|(_, w)| *w).fold(0.0, f64::max)
                    } else {
                        0.0
                    }
                } else {
                    mine.iter()
                        .filter(|(i, _)| i.contains(x))
                        .map(|(_, w)| *w)
                        .fold(0.0, f64::max)
                }
            })
            .sum::<f64>()
    };
    let regions: Vec<Interval> = c.regions.iter().map(|r| r.interval).collect();
    check_best_weight(c.weight, &regions, &ivs, weight)
}

/// The consensus weight is the largest pointwise `weight`, and its regions hold exactly the
/// points that reach it.
fn check_best_weight(
    found: Option<f64>,
    regions: &[Interval],
    ivs: &[Interval],
    weight: impl Fn(f64) -> f64,
) -> Result<(), TestCaseError> {
    let xs = candidates(ivs);
    let best = xs.iter().map(|&x| weight(x)).fold(0.0, f64::max);
    prop_assert_eq!(found.unwrap_or(0.0), best);
    if best > 0.0 {
        for &x in &xs {
            let in_region = regions.iter().any(|r| r.contains(x));
            prop_assert_eq!(in_region, weight(x) == best, "x = {}", x);
        }
    }
    Ok(())
}

proptest! {
    /// Support of each region = brute-force maximum coverage; regions cover exactly the points
    /// of maximum coverage; regions are sorted and disjoint; ends are set by supporting claims.
    #[test]
    fn agreement_matches_brute_force(claims in grouped()) {
        let e = Evidence::from_grouped(&claims);
        let c = Agreement::new().run(&e);
        let xs = candidates(&intervals_of(&claims));
        let best = xs.iter().map(|&x| coverage(x, &claims)).max().unwrap_or(0);
        prop_assert_eq!(c.support, best);
        if best == 0 {
            prop_assert!(c.regions.is_empty());
            return Ok(());
        }
        for &x in &xs {
            let in_region = c.regions.iter().any(|r| r.interval.contains(x));
            prop_assert_eq!(in_region, coverage(x, &claims) == best, "x = {}", x);
        }
        for r in &c.regions {
            prop_assert_eq!(r.support, best);
            prop_assert!(r.supporting.contains(&r.low_set_by));
            prop_assert!(r.supporting.contains(&r.high_set_by));
            let low = *e.claim(r.low_set_by).unwrap().interval();
            prop_assert_eq!(low.start(), r.interval.start());
            // Every supporting claim shares a value with the region, and its origin covers the
            // region; the supporting origins are exactly the origins covering the region.
            let x = candidates(&[r.interval]).into_iter().find(|&x| r.interval.contains(x)).unwrap();
            for &s in &r.supporting {
                prop_assert!(e.claim(s).unwrap().interval().intersects(&r.interval));
            }
            let covering: BTreeSet<u32> = claims
                .iter()
                .map(|(_, g)| *g)
                .filter(|&g| origin_covers(x, &members(&claims, g)))
                .collect();
            let listed: BTreeSet<u32> = r.supporting.iter().map(|&s| claims[s.index()].1).collect();
            prop_assert_eq!(listed, covering.clone());
            // A consistent covering origin lists all its claims.
            for &g in &covering {
                let mine: Vec<usize> = (0..claims.len()).filter(|&k| claims[k].1 == g).collect();
                if share_a_value(&members(&claims, g)) {
                    for k in mine {
                        prop_assert!(r.supporting.contains(&ClaimId(k as u32)));
                    }
                }
            }
            // Contradicting origins are exactly those whose claims share no value.
            let flagged: BTreeSet<String> = e.contradictions().iter().map(|c| e.origin_name(c.origin).into_owned()).collect();
            let expected: BTreeSet<String> = claims
                .iter()
                .map(|(_, g)| *g)
                .filter(|&g| !share_a_value(&members(&claims, g)))
                .map(|g| format!("#{g}"))
                .collect();
            prop_assert_eq!(flagged, expected);
        }
        for w in c.regions.windows(2) {
            prop_assert!(w[0].interval.end() < w[1].interval.start());
        }
    }

    /// Results do not depend on the order of the input.
    #[test]
    fn agreement_is_independent_of_input_order(
        (claims, order) in grouped().prop_flat_map(|v| {
            let n = v.len();
            (Just(v), Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
        })
    ) {
        let permuted: Vec<(Interval, u32)> = order.iter().map(|&i| claims[i]).collect();
        let describe = |c: &sourced::Consensus, back: &dyn Fn(ClaimId) -> usize| {
            c.regions
                .iter()
                .map(|r| {
                    let s: BTreeSet<usize> = r.supporting.iter().map(|&i| back(i)).collect();
                    (r.interval, r.support, s)
                })
                .collect::<Vec<_>>()
        };
        let a = Agreement::new().run(&Evidence::from_grouped(&claims));
        let b = Agreement::new().run(&Evidence::from_grouped(&permuted));
        prop_assert_eq!(
            describe(&a, &|i| i.index()),
            describe(&b, &|i| order[i.index()])
        );
        let u = |v: &[(Interval, u32)]| union(&Evidence::from_grouped(v)).iter().map(|p| p.interval).collect::<Vec<_>>();
        prop_assert_eq!(u(&claims), u(&permuted));
    }

    /// Multiplying every value by c > 0 scales every result by c.
    #[test]
    fn results_scale_with_the_values(claims in grouped(), c in prop::sample::select(vec![0.5, 2.0, 3.0, 1000.0])) {
        let scaled: Vec<(Interval, u32)> = claims.iter().map(|(i, g)| (i.scale(c).unwrap(), *g)).collect();
        let a = Agreement::new().run(&Evidence::from_grouped(&claims));
        let b = Agreement::new().run(&Evidence::from_grouped(&scaled));
        prop_assert_eq!(a.regions.len(), b.regions.len());
        for (x, y) in a.regions.iter().zip(&b.regions) {
            prop_assert_eq!(x.interval.scale(c).unwrap(), y.interval);
            prop_assert_eq!(x.support, y.support);
        }
        let ha = hull(&Evidence::from_grouped(&claims)).map(|h| h.interval.scale(c).unwrap());
        let hb = hull(&Evidence::from_grouped(&scaled)).map(|h| h.interval);
        prop_assert_eq!(ha, hb);
        let fa = BrooksIyengar::new(1).run(&Evidence::from_grouped(&claims));
        let fb = BrooksIyengar::new(1).run(&Evidence::from_grouped(&scaled));
        prop_assert_eq!(fa.interval.map(|i| i.scale(c).unwrap()), fb.interval);
        match (fa.point, fb.point) {
            (Some(p), Some(q)) => prop_assert!((p * c - q).abs() <= 1e-9 * q.abs().max(1.0)),
            (p, q) => prop_assert_eq!(p, q),
        }
    }

    /// The union is sorted, disjoint (not even touching) and covers exactly the inputs; hull
    /// and intersection agree with pointwise definitions.
    #[test]
    fn union_hull_intersection_match_brute_force(claims in grouped()) {
        check_union_hull_intersection(&claims)?;
    }

    /// The same where values differ only in bits that the sorted endpoint records do not
    /// keep (1 + k·2⁻⁵⁰ ties with 1 there), so that they are settled by their full values.
    #[test]
    fn union_hull_intersection_match_where_values_do_not_fit_the_key(claims in grouped_near()) {
        check_union_hull_intersection(&claims)?;
    }

    /// Weighted agreement: the best weight and its regions match a pointwise brute force where
    /// each origin counts once with its largest covering weight.
    #[test]
    fn weighted_agreement_matches_brute_force(
        claims in prop::collection::vec((interval(), prop::sample::select(vec![0.25, 0.5, 1.0])), 0..8)
    ) {
        let e = Evidence::from_weighted(&claims).unwrap();
        let c = Agreement::new().weighted(true).run(&e);
        let ivs: Vec<Interval> = claims.iter().map(|(i, _)| *i).collect();
        let weight = |x: f64| claims.iter().filter(|(i, _)| i.contains(x)).map(|(_, w)| w).sum::<f64>();
        let regions: Vec<Interval> = c.regions.iter().map(|r| r.interval).collect();
        check_best_weight(c.weight, &regions, &ivs, weight)?;
    }

    /// Weighted with shared origins: an origin whose claims share a value counts with its
    /// largest weight where all its claims cover; one that contradicts itself with its largest
    /// covering weight.
    #[test]
    fn grouped_weights_take_the_largest_per_origin(
        claims in prop::collection::vec((interval(), 0u32..3, prop::sample::select(vec![0.25, 0.5, 1.0])), 0..8)
    ) {
        check_grouped_weights(&claims)?;
    }

    /// The same with origins of more than 64 claims, which the tracker follows with a heap
    /// instead of one word of bits.
    #[test]
    fn large_origins_take_the_largest_weight_too(
        claims in prop::collection::vec((interval(), 0u32..2, prop::sample::select(vec![0.25, 0.5, 0.75, 1.0])), 60..150)
    ) {
        check_grouped_weights(&claims)?;
    }

    /// The same with more than 64 distinct weights, which the tracker for few weights leaves
    /// to the general one (ranks within each origin, heaps for origins of more than 64 claims).
    /// Claim j weighs (1024 − j)/1024: all distinct, the largest 1, so that the rounded
    /// integer weights and their sums are exact and the brute force can compare with `==`.
    #[test]
    fn many_distinct_weights_take_the_largest_per_origin(
        claims in prop::collection::vec((interval(), 0u32..2), 70..150)
    ) {
        let claims: Vec<(Interval, u32, f64)> = claims
            .into_iter()
            .enumerate()
            .map(|(j, (i, g))| (i, g, (1024.0 - j as f64) / 1024.0))
            .collect();
        check_grouped_weights(&claims)?;
    }

    /// NTP selection equals a port of ntpd's loop (with `n − allow`), on exact keys.
    #[test]
    fn ntp_matches_ntpd_loop(ivs in prop::collection::vec(interval(), 0..9)) {
        let e = Evidence::from_intervals(&ivs);
        let ours = Selection::ntp().run(&e);
        match (ntpd_loop(&ivs), ours.majority()) {
            (Some((low, high)), Some(m)) => {
                prop_assert_eq!((m.region.start(), m.region.end()), (low, high));
                for (k, i) in ivs.iter().enumerate() {
                    let true_chimer = m.truechimers.contains(&ClaimId(k as u32));
                    prop_assert_eq!(true_chimer, i.intersects(&m.region));
                }
                prop_assert_eq!(m.truechimers.len() + m.falsetickers.len(), ivs.len());
            }
            (None, None) => {}
            (a, b) => prop_assert!(false, "ntpd {:?} vs ours {:?}", a, b),
        }
    }

    /// Brooks–Iyengar equals a brute force over the pieces between endpoint values.
    #[test]
    fn brooks_iyengar_matches_brute_force(claims in grouped(), f in 0usize..3) {
        let e = Evidence::from_grouped(&claims);
        let fused = BrooksIyengar::new(f).run(&e);
        let n = claims.iter().map(|(_, g)| *g).collect::<BTreeSet<_>>().len();
        let threshold = n.saturating_sub(f).max(1);
        let mut values: Vec<f64> = intervals_of(&claims).iter().flat_map(|i| [i.low_value(), i.high_value()]).flatten().collect();
        values.sort_by(f64::total_cmp);
        values.dedup();
        // Atoms in order: gap below, then each value and the gap after it.
        let mut atoms: Vec<(Option<f64>, Option<f64>, bool, usize)> = Vec::new();
        let first = values.first().copied();
        let below = first.map_or(0.0, |v| v - 1.0);
        atoms.push((None, first, false, coverage(below, &claims)));
        for (k, &v) in values.iter().enumerate() {
            atoms.push((Some(v), Some(v), true, coverage(v, &claims)));
            let next = values.get(k + 1).copied();
            let inside = next.map_or(v + 1.0, |w| (v + w) / 2.0);
            atoms.push((Some(v), next, false, coverage(inside, &claims)));
        }
        if values.is_empty() {
            atoms.clear();
            if !claims.is_empty() {
                atoms.push((None, None, false, coverage(0.0, &claims)));
            }
        }
        let kept: Vec<_> = atoms.iter().filter(|a| a.3 >= threshold && a.3 > 0).collect();
        let expected_interval = match (kept.first(), kept.last()) {
            (Some(a), Some(b)) => {
                let low = a.0.map(|v| (v, !a.2));
                let high = b.1.map(|v| (v, !b.2));
                Some(Interval::from_parts(low.map(|x| x.0), low.is_some_and(|x| x.1), high.map(|x| x.0), high.is_some_and(|x| x.1)).unwrap())
            }
            _ => None,
        };
        prop_assert_eq!(fused.interval, expected_interval);
        let wide: Vec<_> = kept.iter().filter(|a| !a.2).collect();
        let expected_point = if !wide.is_empty() {
            if wide.iter().any(|a| a.0.is_none() || a.1.is_none()) {
                None
            } else {
                let total: f64 = wide.iter().map(|a| a.3 as f64).sum();
                Some(wide.iter().map(|a| a.3 as f64 * (a.0.unwrap() + a.1.unwrap()) / 2.0).sum::<f64>() / total)
            }
        } else if !kept.is_empty() {
            let total: f64 = kept.iter().map(|a| a.3 as f64).sum();
            Some(kept.iter().map(|a| a.3 as f64 * a.0.unwrap()).sum::<f64>() / total)
        } else {
            None
        };
        match (fused.point, expected_point) {
            (Some(p), Some(q)) => prop_assert!((p - q).abs() < 1e-9, "{} vs {}", p, q),
            (p, q) => prop_assert_eq!(p, q),
        }
    }

    /// Summaries: merging is associative and commutative, the empty summary is the identity,
    /// and splitting the input anywhere then merging gives the one-pass result.
    #[test]
    fn summaries_obey_the_merge_laws(claims in grouped(), cut1 in 0usize..10, cut2 in 0usize..10) {
        let named: Vec<SummaryClaim> = claims
            .iter()
            .enumerate()
            .map(|(k, (i, g))| {
                let mut s = SummaryClaim::new(format!("#{k}"), *i);
                s.origin = format!("g{g}");
                s
            })
            .collect();
        let (c1, c2) = {
            let (a, b) = (cut1.min(named.len()), cut2.min(named.len()));
            (a.min(b), a.max(b))
        };
        let parts = [&named[..c1], &named[c1..c2], &named[c2..]];

        let agreement = |claims: &[SummaryClaim]| {
            let mut s = AgreementSummary::new();
            for c in claims { s.add(c.clone()); }
            s
        };
        let union_of = |claims: &[SummaryClaim]| {
            let mut s = UnionSummary::new();
            for c in claims { s.add(c.id.clone(), c.interval); }
            s
        };
        let hull_of = |claims: &[SummaryClaim]| {
            let mut s = HullSummary::new();
            for c in claims { s.add(c.id.clone(), c.interval); }
            s
        };

        macro_rules! laws {
            ($make:expr) => {{
                let whole = $make(&named);
                let [a, b, c] = parts.map(|p| $make(p));
                let mut left = a.clone(); left += b.clone(); left += c.clone();
                let mut bc = b.clone(); bc += c.clone();
                let mut right = a.clone(); right += bc;
                prop_assert_eq!(&left, &whole);
                prop_assert_eq!(&right, &whole);
                let mut ba = b.clone(); ba += a.clone();
                let mut ab = a.clone(); ab += b.clone();
                prop_assert_eq!(ab, ba);
                let mut with_empty = a.clone(); with_empty += Default::default();
                prop_assert_eq!(with_empty, a);
                whole
            }};
        }
        let whole = laws!(agreement);
        let finished = whole.finish(Agreement::new());
        // Finishing does not depend on the order in which parts were merged.
        let [a, b, c] = parts.map(agreement);
        let mut reordered = c;
        reordered += a;
        reordered += b;
        prop_assert_eq!(&reordered.finish(Agreement::new()), &finished);
        prop_assert_eq!(
            &reordered.finish(Agreement::new().weighted(true)),
            &whole.finish(Agreement::new().weighted(true))
        );
        let e = Evidence::from_grouped(&claims);
        let direct = Agreement::new().run(&e);
        prop_assert_eq!(finished.support, direct.support);
        prop_assert_eq!(
            finished.regions.iter().map(|r| r.interval).collect::<Vec<_>>(),
            direct.regions.iter().map(|r| r.interval).collect::<Vec<_>>()
        );
        let u = laws!(union_of);
        let direct_union = union(&e);
        let finished_union = u.finish();
        prop_assert_eq!(finished_union.len(), direct_union.len());
        for (s, d) in finished_union.iter().zip(&direct_union) {
            prop_assert_eq!(s.interval, d.interval);
            prop_assert_eq!(s.claims, d.claims);
            prop_assert_eq!(&s.low_set_by, &e.id(d.low_set_by).into_owned());
            prop_assert_eq!(&s.high_set_by, &e.id(d.high_set_by).into_owned());
        }
        let h = laws!(hull_of);
        match (h.finish(), hull(&e)) {
            (Some(s), Some(d)) => {
                prop_assert_eq!(s.interval, d.interval);
                prop_assert_eq!(&s.low_set_by, &e.id(d.low_set_by).into_owned());
                prop_assert_eq!(&s.high_set_by, &e.id(d.high_set_by).into_owned());
            }
            (None, None) => {}
            (s, d) => prop_assert!(false, "{:?} vs {:?}", s, d),
        }
    }
}
