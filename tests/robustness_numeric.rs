//! Numbers near the ends of `f64`: ratios, gaps, midpoints and weights either stay finite or
//! say that they are out of range; sums of weights do not depend on the order of the terms;
//! nothing turns into NaN.

use std::sync::Arc;

use sourced::{
    Agreement, BrooksIyengar, Claim, ClaimSet, Confidence, Domain, Estimate, Evidence, Interval,
    Method, Quantity, Report, Selection, Source, Spread, conflicts, hull, union,
};

type Result = std::result::Result<(), Box<dyn std::error::Error>>;

const MAX: f64 = f64::MAX;

fn real() -> Arc<Quantity> {
    Arc::new(
        Quantity::new("q", "units")
            .unwrap()
            .with_domain(Domain::Real),
    )
}

fn claim(id: &str, interval: Interval) -> Claim {
    Claim::new(
        id,
        real(),
        Source::new(format!("src-{id}"), id).unwrap(),
        Estimate::new(interval),
    )
    .unwrap()
}

fn set(claims: impl IntoIterator<Item = Claim>) -> ClaimSet {
    claims.into_iter().collect()
}

#[test]
fn midpoint_and_width_of_the_widest_interval_do_not_overflow_to_nan() -> Result {
    let widest = Interval::closed(-MAX, MAX)?;
    assert_eq!(widest.midpoint(), Some(0.0));
    assert_eq!(Interval::point(MAX)?.midpoint(), Some(MAX));
    // The width is documented as ∞ when the difference overflows.
    assert_eq!(widest.width(), f64::INFINITY);
    Ok(())
}

#[test]
fn gap_across_the_whole_line_is_infinite_not_nan() -> Result {
    let (low, high) = (Interval::point(-MAX)?, Interval::point(MAX)?);
    assert_eq!(low.gap(&high), f64::INFINITY);
    assert_eq!(high.gap(&low), f64::INFINITY);
    let c: Vec<_> = conflicts(&[low, high]).collect();
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].gap, f64::INFINITY);
    assert_eq!(c[0].ratio, None, "no ratio across zero");
    Ok(())
}

#[test]
fn a_ratio_that_overflows_is_undefined_rather_than_infinite() -> Result {
    let c: Vec<_> = conflicts(&[Interval::point(1e-300)?, Interval::point(1e300)?]).collect();
    assert_eq!(c[0].ratio, None);
    // A representable ratio is kept.
    let c: Vec<_> = conflicts(&[Interval::point(1e-300)?, Interval::point(1e7)?]).collect();
    assert_eq!(c[0].ratio, Some(1e307));
    let spread = Spread::of(&[Estimate::point(5e-324)?, Estimate::point(MAX)?]);
    assert_eq!((spread.ratio, spread.orders_of_magnitude), (None, None));
    Ok(())
}

#[test]
fn report_json_writes_an_overflowing_gap_as_out_of_range_never_null() -> Result {
    let claims = set([
        claim("low", Interval::point(-MAX)?),
        claim("high", Interval::point(MAX)?),
    ]);
    let report = Report::builder().conflict_limit(None).build(&claims)?;
    let q = &report.quantities[0];
    assert_eq!(q.conflicts.len(), 1);
    assert_eq!(q.conflicts[0].gap, f64::INFINITY);
    #[cfg(feature = "json")]
    {
        let json: serde_json::Value = serde_json::from_str(&report.to_json()?)?;
        let gap = &json["quantities"][0]["conflicts"][0]["gap"];
        assert_eq!(
            gap, "overflow",
            "an infinite gap must not read as null (unbounded)"
        );
        // Unbounded sides are still null.
        let everything = set([claim("all", Interval::everything())]);
        let json: serde_json::Value = serde_json::from_str(&Report::of(&everything)?.to_json()?)?;
        assert!(json["quantities"][0]["claims"][0]["low"].is_null());
    }
    // Text and Markdown say ∞.
    assert!(report.to_string().contains('∞'));
    assert!(report.to_markdown().contains('∞'));
    Ok(())
}

#[test]
fn weights_near_max_give_a_finite_or_out_of_range_total() -> Result {
    let q = real();
    let heavy = |id: &str, group: &str| -> Claim {
        let source = Source::new(id, id)
            .unwrap()
            .with_group(group)
            .unwrap()
            .with_weight(MAX)
            .unwrap();
        Claim::new(
            id,
            q.clone(),
            source,
            Estimate::new(Interval::closed(0.0, 1.0).unwrap()),
        )
        .unwrap()
    };
    let claims = set([heavy("a", "g1"), heavy("b", "g2"), heavy("c", "g3")]);
    let report = Report::builder().method(Method::Weighted).build(&claims)?;
    let region = &report.quantities[0].consensus[0];
    assert_eq!(region.support, 3);
    let weight = region.weight.expect("weighted agreement reports a weight");
    assert!(!weight.is_nan());
    #[cfg(feature = "json")]
    {
        let json: serde_json::Value = serde_json::from_str(&report.to_json()?)?;
        let w = &json["quantities"][0]["consensus"][0]["weight"];
        assert!(w.is_number() || w == "overflow", "weight written as {w}");
    }
    Ok(())
}

#[test]
fn weighted_agreement_is_exact_whatever_the_order_of_the_weights() -> Result {
    // Weights whose floating-point sum depends on the order of addition.
    let weights: [f64; 8] = [1e16, 1.0, -0.0, 1.0, 3.0, 1e-3, 7.0, 1e16 / 3.0];
    let intervals: Vec<(Interval, f64)> = weights
        .iter()
        .map(|&w| (Interval::closed(0.0, 1.0).unwrap(), w.abs()))
        .collect();
    let forward = Agreement::new()
        .weighted(true)
        .run(&Evidence::from_weighted(&intervals)?);
    let mut reversed = intervals.clone();
    reversed.reverse();
    let backward = Agreement::new()
        .weighted(true)
        .run(&Evidence::from_weighted(&reversed)?);
    assert_eq!(
        forward.weight.map(f64::to_bits),
        backward.weight.map(f64::to_bits)
    );
    for (a, b) in forward.regions.iter().zip(&backward.regions) {
        assert_eq!(a.weight.map(f64::to_bits), b.weight.map(f64::to_bits));
    }
    Ok(())
}

#[test]
fn every_algorithm_handles_the_extremes_of_f64() -> Result {
    let extremes = [
        Interval::closed(-MAX, MAX)?,
        Interval::point(MAX)?,
        Interval::point(-MAX)?,
        Interval::point(-0.0)?,
        Interval::point(0.0)?,
        Interval::closed(5e-324, f64::MIN_POSITIVE)?,
        Interval::greater_than(1e308)?,
        Interval::less_than(-1e308)?,
        Interval::everything(),
    ];
    let evidence = Evidence::from_intervals(&extremes);
    let h = hull(&evidence).expect("claims");
    assert_eq!(h.interval, Interval::everything());
    let pieces = union(&evidence);
    assert_eq!(pieces.len(), 1);
    let consensus = Agreement::new().run(&evidence);
    assert!(consensus.support >= 2);
    for r in &consensus.regions {
        assert!(
            extremes
                .iter()
                .filter(|i| i.contains_interval(&r.interval))
                .count()
                >= r.support
        );
    }
    let selected = Selection::ntp().run(&evidence);
    if let Some(m) = selected.majority() {
        assert!(m.agreeing * 2 > m.sources);
    }
    for f in 0..extremes.len() {
        let fused = BrooksIyengar::new(f).run(&evidence);
        assert!(
            fused.point.is_none_or(|p| !p.is_nan()),
            "f = {f}: {fused:?}"
        );
    }
    // -0.0 and 0.0 are one value.
    assert!(Interval::point(-0.0)?.intersects(&Interval::point(0.0)?));
    Ok(())
}

#[test]
fn brooks_iyengar_point_of_huge_pieces_is_finite() -> Result {
    // Midpoints weighted by support: the sum of MAX-sized terms must not overflow.
    let evidence = Evidence::from_intervals(&[
        Interval::closed(MAX / 2.0, MAX)?,
        Interval::closed(MAX / 2.0, MAX)?,
        Interval::closed(MAX / 2.0, MAX)?,
        Interval::closed(MAX * 0.75, MAX)?,
    ]);
    let fused = BrooksIyengar::new(1).run(&evidence);
    let point = fused.point.expect("bounded pieces give a point");
    assert!(point.is_finite(), "point {point}");
    assert!((MAX / 2.0..=MAX).contains(&point));
    Ok(())
}

#[test]
fn confidence_weights_near_zero_and_one_are_kept_apart() -> Result {
    let q = real();
    let c = |id: &str, p: f64| -> Claim {
        Claim::new(
            id,
            q.clone(),
            Source::new(id, id).unwrap(),
            Estimate::new(Interval::closed(0.0, 1.0).unwrap()),
        )
        .unwrap()
        .with_confidence(Confidence::probability(p).unwrap())
    };
    let claims = set([c("a", 1.0), c("b", 5e-324), c("c", 0.0)]);
    let report = Report::builder().method(Method::Weighted).build(&claims)?;
    let w = report.quantities[0].consensus[0].weight.expect("weighted");
    assert!(w.is_finite() && w >= 1.0, "{w}");
    Ok(())
}
