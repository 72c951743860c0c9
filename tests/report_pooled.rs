//! The statistical methods in the report: `Method::Pool` and `Method::Meta`, their pooled
//! section, consensus and verdicts, and the notes when they cannot run.
//!
//! The BCG figures are metafor's for `dat.bcg` (Viechtbauer 2010, J. Stat. Softw. 36(3);
//! `rma(yi, vi, data = dat.bcg, method = "DL")` and the REML default), log risk ratios of
//! Colditz et al. (1994), given in tests/data/bcg_claims.json as 95 % intervals y ± 1.959964·√v.

mod common;

use std::sync::Arc;

use proptest::prelude::*;
use sourced::{
    Claim, ClaimKind, ClaimSet, Domain, Estimate, Interval, Method, Pooled, Quantity, Report,
    Source, Verdict,
};

fn count(id: &str) -> Arc<Quantity> {
    Arc::new(
        Quantity::new(id, "troops")
            .unwrap()
            .with_domain(Domain::Count),
    )
}

fn claim(q: &Arc<Quantity>, id: &str, interval: Interval) -> Claim {
    let source = Arc::new(Source::new(id, id).unwrap());
    Claim::new(id, q.clone(), source, Estimate::new(interval)).unwrap()
}

#[test]
fn methods_pool_and_meta_have_names() {
    assert_eq!("pool".parse::<Method>().unwrap(), Method::Pool);
    assert_eq!("meta".parse::<Method>().unwrap(), Method::Meta);
    assert_eq!(Method::Pool.name(), "pool");
    assert_eq!(Method::Meta.to_string(), "meta");
    assert!(Method::ALL.contains(&Method::Pool) && Method::ALL.contains(&Method::Meta));
    let unknown = "pooling".parse::<Method>().unwrap_err().to_string();
    assert!(unknown.contains("pool, meta"), "{unknown}");
}

/// Four sources on one count: "more than 3,000", "as many as 10,000", "8,000 to 12,000" and a
/// denial. The pool is the third claim's log-normal, truncated to (3,000, 10,000] by the first
/// two; the denial is left out and lies outside the pool's 90 % interval.
fn four_sources() -> ClaimSet {
    let q = count("troops");
    [
        claim(&q, "a-1", Interval::greater_than(3000.0).unwrap()),
        claim(&q, "b-1", Interval::at_most(10_000.0).unwrap()),
        claim(&q, "c-1", Interval::closed(8000.0, 12_000.0).unwrap()),
        claim(&q, "d-1", Interval::point(0.0).unwrap()).with_kind(ClaimKind::Denial),
    ]
    .into_iter()
    .collect()
}

#[test]
fn the_pool_names_the_claims_that_truncate_it() {
    let set = four_sources();
    let report = Report::builder().method(Method::Pool).build(&set).unwrap();
    let q = &report.quantities[0];
    let Some(Pooled::Pool(pool)) = &q.pooled else {
        panic!("no pool: {:?}", q.notes)
    };
    assert_eq!(pool.lower.as_ref().unwrap().claim.as_deref(), Some("a-1"));
    assert_eq!(pool.upper.as_ref().unwrap().claim.as_deref(), Some("b-1"));
    assert_eq!(pool.upper.as_ref().unwrap().value, 10_000.0);
    assert!(pool.excluded.iter().any(|e| e.claim == "d-1"));
    // The consensus is the pool's 5–95 % interval with its median as the best value.
    let region = &q.consensus[0];
    let q05 = pool.quantiles.iter().find(|x| x.p == 0.05).unwrap().value;
    let q95 = pool.quantiles.iter().find(|x| x.p == 0.95).unwrap().value;
    assert_eq!(region.interval, Interval::closed(q05, q95).unwrap());
    assert_eq!(region.best, Some(pool.median));
    assert!(q05 > 8000.0 * 0.9 && q95 <= 10_000.0, "[{q05}, {q95}]");
    assert_eq!(q.claim("c-1").unwrap().verdict, Verdict::Agrees);
    assert_eq!(q.claim("a-1").unwrap().verdict, Verdict::Agrees);
    assert_eq!(q.claim("d-1").unwrap().verdict, Verdict::Falseticker);
    assert_eq!(q.falsetickers, ["d-1"]);
    assert_eq!(region.support, 3);

    let text = report.to_string();
    assert!(
        text.contains("Pooled: linear pool of 1 claim (log scale)"),
        "{text}"
    );
    assert!(text.contains("at least 3,000 (set by a-1)"), "{text}");
    assert!(text.contains("at most 10,000 (set by b-1)"), "{text}");
    assert!(text.contains("excluded"), "{text}");
    assert!(text.contains("outside the pooled interval"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
    let markdown = report.to_markdown();
    assert!(markdown.contains("### Pooled"), "{markdown}");
    assert!(markdown.contains("set by a-1"), "{markdown}");
}

#[test]
fn a_method_that_cannot_run_leaves_a_note_not_an_error() {
    // One two-sided claim and a bound: no meta-analysis of fewer than 2 studies.
    let q = count("troops");
    let claims: ClaimSet = [
        claim(&q, "a-1", Interval::closed(10.0, 20.0).unwrap()),
        claim(&q, "b-1", Interval::greater_than(5.0).unwrap()),
    ]
    .into_iter()
    .collect();
    let report = Report::builder()
        .method(Method::Meta)
        .build(&claims)
        .unwrap();
    let q = &report.quantities[0];
    assert!(q.pooled.is_none());
    assert!(q.consensus.is_empty());
    assert!(
        q.notes.iter().any(|n| n.contains("at least 2 claims")),
        "{:?}",
        q.notes
    );
    assert!(q.claims.iter().all(|c| c.verdict == Verdict::Undecided));

    // Contradicting bounds stop the pool; the rest of the report stands.
    let set = common::seed_troops();
    let report = Report::builder().method(Method::Pool).build(&set).unwrap();
    let q = &report.quantities[0];
    assert!(q.pooled.is_none());
    assert!(
        q.notes
            .iter()
            .any(|n| n.contains("the opinion pool cannot run")),
        "{:?}",
        q.notes
    );
    assert!(q.conflict_count > 0);
}

#[test]
fn interval_methods_have_no_pooled_section() {
    let set = four_sources();
    let report = Report::of(&set).unwrap();
    assert!(report.quantities[0].pooled.is_none());
    assert!(!report.to_string().contains("Pooled"));
}

/// Random two-sided claims on the real line.
fn claims_strategy() -> impl Strategy<Value = Vec<(f64, f64)>> {
    prop::collection::vec((-100.0f64..100.0, 0.01f64..50.0), 0..12)
}

fn real_claims(spec: &[(f64, f64)]) -> ClaimSet {
    let q = Arc::new(Quantity::new("x", "").unwrap().with_domain(Domain::Real));
    spec.iter()
        .enumerate()
        .map(|(i, &(low, width))| {
            claim(
                &q,
                &format!("c{i}"),
                Interval::closed(low, low + width).unwrap(),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Agreeing claims share a value with the consensus region, falsetickers share none, and
    /// reversing the claims changes neither the pooled estimate nor any verdict.
    #[test]
    fn verdicts_follow_the_pooled_region(spec in claims_strategy(), meta in any::<bool>()) {
        let method = if meta { Method::Meta } else { Method::Pool };
        let set = real_claims(&spec);
        let forward = Report::builder().method(method).build(&set).unwrap();
        let mut reversed_spec = spec.clone();
        reversed_spec.reverse();
        let set = real_claims(&reversed_spec);
        let backward = Report::builder().method(method).build(&set).unwrap();
        if let (Some(f), Some(b)) = (forward.quantities.first(), backward.quantities.first()) {
            if let Some(region) = f.consensus.first() {
                for row in &f.claims {
                    let holds = row.interval.intersects(&region.interval);
                    prop_assert_eq!(row.verdict == Verdict::Agrees, holds);
                    prop_assert_eq!(row.verdict == Verdict::Falseticker, !holds);
                }
                let (fb, bb) = (region.best.unwrap(), b.consensus[0].best.unwrap());
                prop_assert!((fb - bb).abs() <= 1e-9 * fb.abs().max(1.0), "{} vs {}", fb, bb);
            }
            // Claim ids are c0.. in input order; reversed, c{n-1-i} is the same interval.
            let n = spec.len();
            for (i, row) in f.claims.iter().enumerate() {
                let other = b.claim(&format!("c{}", n - 1 - i)).unwrap();
                prop_assert_eq!(&row.verdict, &other.verdict);
            }
        }
    }
}

#[cfg(feature = "json")]
mod bcg {
    use std::path::PathBuf;

    use serde_json::Value;
    use sourced::{ClaimFile, LoadOptions, MetaOptions, Tau2Method};

    use super::*;

    fn round4(v: f64) -> f64 {
        (v * 1e4).round() / 1e4
    }

    fn bcg() -> ClaimSet {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/bcg_claims.json");
        ClaimFile::from_path(path, &LoadOptions::strict())
            .unwrap()
            .claims
    }

    fn meta(set: &ClaimSet, tau2: Tau2Method) -> Report<'_> {
        Report::builder()
            .method(Method::Meta)
            .meta_options(MetaOptions::default().with_tau2(tau2))
            .build(set)
            .unwrap()
    }

    #[test]
    fn the_report_gives_metafors_bcg_numbers() {
        for tau2 in [Tau2Method::Reml, Tau2Method::DerSimonianLaird] {
            let set = bcg();
            let report = meta(&set, tau2);
            let q = &report.quantities[0];
            let Some(Pooled::Meta(section)) = &q.pooled else {
                panic!("no meta-analysis: {:?}", q.notes)
            };
            let (chosen, other) = (&section.analysis, section.alternative.as_ref().unwrap());
            assert_eq!(chosen.method, tau2);
            assert_ne!(other.method, tau2);
            assert_eq!(chosen.scale, sourced::Scale::Linear);
            let (reml, dl) = if tau2 == Tau2Method::Reml {
                (
                    (chosen.random, chosen.heterogeneity),
                    (other.random, other.heterogeneity),
                )
            } else {
                (
                    (other.random, other.heterogeneity),
                    (chosen.random, chosen.heterogeneity),
                )
            };
            assert_eq!(round4(chosen.fixed.estimate), -0.4303);
            assert_eq!(round4(chosen.fixed.ci_low), -0.5097);
            assert_eq!(round4(chosen.fixed.ci_high), -0.3509);
            assert_eq!(round4(chosen.heterogeneity.q), 152.2330);
            assert_eq!(chosen.heterogeneity.df, 12);
            assert_eq!(round4(dl.0.estimate), -0.7141);
            assert_eq!(round4(dl.0.ci_low), -1.0644);
            assert_eq!(round4(dl.0.ci_high), -0.3638);
            assert_eq!(round4(dl.1.tau2), 0.3088);
            assert_eq!(round4(dl.1.i2.unwrap()), 92.1173);
            assert_eq!(round4(reml.1.tau2), 0.3132);
            // The consensus is the chosen estimator's CI, on the linear scale as it is.
            let region = &q.consensus[0];
            assert_eq!(region.best, Some(chosen.random.estimate));
            assert_eq!(
                region.interval,
                Interval::closed(chosen.random.ci_low, chosen.random.ci_high).unwrap()
            );
        }
    }

    #[test]
    fn the_bcg_figures_appear_in_the_json_and_the_text() {
        let set = bcg();
        let report = meta(&set, Tau2Method::Reml);
        let json: Value = serde_json::from_str(&report.to_json().unwrap()).unwrap();
        let q = &json["quantities"][0];
        assert_eq!(q["method"], "meta");
        let m = &q["pooled"]["meta"];
        let get = |v: &Value| round4(v.as_f64().unwrap());
        assert_eq!(m["analysis"]["method"], "reml");
        assert_eq!(get(&m["analysis"]["fixed"]["estimate"]), -0.4303);
        assert_eq!(get(&m["analysis"]["fixed"]["ci_low"]), -0.5097);
        assert_eq!(get(&m["analysis"]["fixed"]["ci_high"]), -0.3509);
        assert_eq!(get(&m["analysis"]["heterogeneity"]["q"]), 152.2330);
        assert_eq!(m["analysis"]["heterogeneity"]["df"], 12);
        assert_eq!(get(&m["analysis"]["heterogeneity"]["tau2"]), 0.3132);
        assert_eq!(m["alternative"]["method"], "der_simonian_laird");
        assert_eq!(get(&m["alternative"]["random"]["estimate"]), -0.7141);
        assert_eq!(get(&m["alternative"]["random"]["ci_low"]), -1.0644);
        assert_eq!(get(&m["alternative"]["random"]["ci_high"]), -0.3638);
        assert_eq!(get(&m["alternative"]["heterogeneity"]["tau2"]), 0.3088);
        assert_eq!(get(&m["alternative"]["heterogeneity"]["i2"]), 92.1173);
        // The shape of the interval methods' report is kept.
        for key in [
            "claims",
            "consensus",
            "conflicts",
            "clusters",
            "falsetickers",
            "spread",
        ] {
            assert!(!q[key].is_null(), "{key}");
        }
        assert!(m["analysis"]["most_influential"].is_string());

        let text = report.to_string();
        for figure in [
            "fixed effect           -0.4303 [-0.5097, -0.3509]",
            "random effects, DL     -0.7141 [-1.0644, -0.3638]",
            "heterogeneity, REML    τ² = 0.3132",
            "heterogeneity, DL      τ² = 0.3088, I² = 92.1173 %",
            "Q = 152.2330 on 12 df",
        ] {
            assert!(text.contains(figure), "{figure} not in\n{text}");
        }
        assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
        snapshot("bcg_meta.txt", &text);
        let markdown = report.to_markdown();
        assert!(
            markdown.contains("| Cochran's Q | Q = 152.2330 on 12 df"),
            "{markdown}"
        );
        common::xml::check(&report.to_svg()).unwrap();
    }

    /// Compares `actual` with tests/snapshots/`name`, or rewrites it when `UPDATE_SNAPSHOTS`
    /// is set (as tests/report_render.rs does).
    fn snapshot(name: &str, actual: &str) {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/snapshots")
            .join(name);
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&path, actual).unwrap();
            return;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read snapshot {}: {e} (UPDATE_SNAPSHOTS=1 creates it)",
                path.display()
            )
        });
        assert!(
            expected == actual,
            "snapshot {name} differs (UPDATE_SNAPSHOTS=1 to accept):\n{actual}"
        );
    }
}
