//! Property tests that need whole claims: restatements never change support, and the
//! monotonicity check of cumulative quantities equals an all-pairs brute force.

use std::sync::Arc;

use proptest::prelude::*;
use sourced::{
    Agreement, Claim, ClaimDate, ClaimId, Domain, Estimate, Interval, Period, PrepareOptions,
    Quantity, QuantityKind, Selection, Source, monotonicity, prepare,
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

fn quantity(kind: QuantityKind) -> Arc<Quantity> {
    Arc::new(
        Quantity::new("q", "units")
            .unwrap()
            .with_domain(Domain::Real)
            .with_kind(kind),
    )
}

fn source(group: u32) -> Arc<Source> {
    Arc::new(
        Source::new(format!("s{group}"), "source")
            .unwrap()
            .with_group(format!("g{group}"))
            .unwrap(),
    )
}

proptest! {
    /// DESIGN.md: "a restatement and its original count once". Adding restatements (with any
    /// interval, from any source) changes neither the regions nor their support.
    #[test]
    fn adding_a_restatement_never_changes_support(
        originals in prop::collection::vec((interval(), 0u32..4), 1..8),
        restatements in prop::collection::vec((interval(), 0u32..6, 0usize..8), 0..5),
    ) {
        let q = quantity(QuantityKind::Level);
        let mut claims: Vec<Claim> = originals
            .iter()
            .enumerate()
            .map(|(k, (i, g))| Claim::new(format!("c{k}"), q.clone(), source(*g), Estimate::new(*i)).unwrap())
            .collect();
        let originals_only = claims.clone();
        let before = prepare(&originals_only, &PrepareOptions::new()).unwrap();
        let a = Agreement::new().run(&before);
        let na = Selection::ntp().run(&before);
        for (k, (i, g, target)) in restatements.iter().enumerate() {
            let target = target % originals.len();
            claims.push(
                Claim::new(format!("r{k}"), q.clone(), source(*g), Estimate::new(*i))
                    .unwrap()
                    .restating(format!("c{target}")),
            );
        }
        let after = prepare(&claims, &PrepareOptions::new()).unwrap();
        let b = Agreement::new().run(&after);
        let nb = Selection::ntp().run(&after);
        prop_assert_eq!(a.support, b.support);
        prop_assert_eq!(
            a.regions.iter().map(|r| (r.interval, r.support)).collect::<Vec<_>>(),
            b.regions.iter().map(|r| (r.interval, r.support)).collect::<Vec<_>>()
        );
        prop_assert_eq!(na.majority().map(|m| m.region), nb.majority().map(|m| m.region));
        prop_assert_eq!(before.counted_origins(), after.counted_origins());
    }

    /// Breaking pairs = all pairs (A, B) with A's period wholly before B's and A's interval
    /// wholly above B's.
    #[test]
    fn monotonicity_matches_all_pairs(
        claims in prop::collection::vec((interval(), 1i8..7, 0i8..3), 0..10)
    ) {
        let q = quantity(QuantityKind::Cumulative);
        let built: Vec<Claim> = claims
            .iter()
            .enumerate()
            .map(|(k, (i, month, span))| {
                let start = ClaimDate::month(2024, *month).unwrap();
                let end = ClaimDate::month(2024, (*month + *span).min(12)).unwrap();
                Claim::new(format!("c{k}"), q.clone(), source(k as u32), Estimate::new(*i))
                    .unwrap()
                    .with_as_of(Period::new(start, end).unwrap())
            })
            .collect();
        let e = prepare(&built, &PrepareOptions::new()).unwrap();
        let check = monotonicity(&e);
        let mut expected = Vec::new();
        for (a, ca) in built.iter().enumerate() {
            for (b, cb) in built.iter().enumerate() {
                let (pa, pb) = (ca.as_of().unwrap(), cb.as_of().unwrap());
                if pa.last_day() < pb.first_day() && ca.interval().start() > cb.interval().end() {
                    expected.push((ClaimId(a as u32), ClaimId(b as u32)));
                }
            }
        }
        expected.sort();
        let found: Vec<_> = check.breaks.iter().map(|b| (b.earlier, b.later)).collect();
        prop_assert_eq!(found, expected);
        prop_assert_eq!(check.ordered.len(), built.len());
        prop_assert!(check.undated.is_empty());
    }
}
