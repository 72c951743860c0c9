//! Inputs that once made the library panic or lose a record, kept so that they never do again.
//! Each test names where the input came from (a fuzz target, or a review of the code) and what
//! went wrong.

use std::sync::Arc;

use sourced::{Claim, ClaimSet, Domain, Estimate, Interval, Quantity, Report, Source};

fn real_quantity() -> Result<Arc<Quantity>, sourced::Error> {
    Ok(Arc::new(
        Quantity::new("q", "units")?.with_domain(Domain::Real),
    ))
}

/// Review of the SVG axis: a log axis up to 1e308, padded one decade up for an unbounded
/// high side, reaches infinity; `log10(∞)` cast to `i32` is `i32::MAX` and the decade count
/// `b − a` overflowed (a panic in debug builds) whenever the lowest decade was negative.
#[test]
fn svg_log_axis_padded_up_to_infinity_does_not_overflow() -> Result<(), Box<dyn std::error::Error>>
{
    let q = real_quantity()?;
    let claims: ClaimSet = [
        Claim::new(
            "small",
            q.clone(),
            Source::new("a", "A")?,
            Estimate::new(Interval::closed(0.5, 1.0)?),
        )?,
        Claim::new(
            "huge",
            q,
            Source::new("b", "B")?,
            Estimate::new(Interval::at_least(1e308)?),
        )?,
    ]
    .into_iter()
    .collect();
    let svg = Report::of(&claims)?.to_svg();
    assert!(svg.contains("<svg"));
    assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
    Ok(())
}

/// Review of the integer arithmetic (`clippy::arithmetic_side_effects`): `Location` is a public
/// enum, and showing `ClaimIndex(usize::MAX)` computed the 1-based position `i + 1`, which
/// overflowed (a panic in debug builds).
#[test]
fn location_of_the_last_possible_claim_index_displays() {
    let shown = sourced::Location::ClaimIndex(usize::MAX).to_string();
    assert_eq!(shown, format!("claim #{} (no id)", usize::MAX));
}

/// Found by `robustness_api` (`statistical_functions_never_panic_nor_return_nan_for_valid_input`,
/// minimal input x = y = f64::MAX): for a shape beyond ~1e305, `a·ln x − ln Γ(a)` was `∞ − ∞`
/// and `gamma_q` returned `Ok(NaN)`.
#[test]
fn incomplete_gamma_of_huge_shape_is_a_step_not_nan() -> Result<(), Box<dyn std::error::Error>> {
    assert_eq!(sourced::gamma_q(f64::MAX, f64::MAX)?, 0.5);
    assert_eq!(sourced::gamma_q(f64::MAX, 1.0)?, 1.0);
    assert_eq!(sourced::gamma_q(1e306, f64::MAX)?, 0.0);
    let p = sourced::chi_square_sf(f64::MAX, f64::MAX)?;
    assert!((0.0..=1.0).contains(&p));
    Ok(())
}

/// Found by the `algorithms` fuzz target (input kept as
/// `tests/data/regressions/algorithms-subnormal-midpoint.bin`; replay it with
/// `cargo fuzz run algorithms --sanitizer none tests/data/regressions/algorithms-subnormal-midpoint.bin`),
/// a claim at the smallest subnormal, 5e-324: the
/// midpoint was computed as `a/2 + b/2`, which rounds 5e-324 to 0, so the Brooks–Iyengar point
/// of `[5e-324, 5e-324]` was 0, outside its own interval.
#[test]
fn midpoint_of_a_subnormal_point_is_the_point() -> Result<(), Box<dyn std::error::Error>> {
    for v in [5e-324, -5e-324, f64::MIN_POSITIVE, f64::MAX, -f64::MAX, 0.0] {
        assert_eq!(Interval::point(v)?.midpoint(), Some(v));
    }
    for (a, b) in [
        (5e-324, 1e-323),
        (-5e-324, 5e-324),
        (-f64::MAX, f64::MAX),
        (1e308, f64::MAX),
    ] {
        let i = Interval::closed(a, b)?;
        let m = i.midpoint().expect("bounded");
        assert!(i.contains(m), "midpoint {m} outside {i}");
    }
    let evidence = sourced::Evidence::from_intervals(&[Interval::point(5e-324)?]);
    let fused = sourced::BrooksIyengar::new(0).run(&evidence);
    assert_eq!(fused.point, Some(5e-324));
    Ok(())
}

/// Found by the `load_csv` fuzz target: records separated by a lone `\r` (old Mac line ends)
/// were all reported on one line, because the CSV reader counts only `\n`; two records then
/// shared a location. Every record now has its own line, whatever the line ends.
#[cfg(feature = "csv")]
#[test]
fn csv_rows_ended_by_a_lone_carriage_return_have_their_own_lines() {
    use sourced::{ClaimFile, LoadOptions, Location};
    for text in [
        "id,quantity,source,estimate\rbad-1,q,s,lots\rbad-2,q,s,many\r",
        "id,quantity,source,estimate\nbad-1,q,s,lots\nbad-2,q,s,many\n",
        "id,quantity,source,estimate\r\nbad-1,q,s,lots\r\nbad-2,q,s,many\r\n",
        "id,quantity,source,estimate\r\nbad-1,q,s,lots\rbad-2,q,s,many",
    ] {
        let file = ClaimFile::from_csv_str(text, &LoadOptions::lenient()).expect("lenient");
        let lines: Vec<_> = file
            .problems
            .iter()
            .map(|p| match &p.location {
                Location::Line { line, .. } => *line,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(lines, [2, 3], "{text:?}");
    }
}

/// Review of the CSV loader: a quote opened in the last row and never closed makes that cell
/// run to the end of the file (RFC 4180), so every row after it vanished into a `quote` cell
/// and the row itself loaded as a valid claim — rows lost without a word. The row is now a
/// problem that says so; quotes that are closed, doubled or inside an unquoted cell are fine.
#[cfg(feature = "csv")]
#[test]
fn csv_unclosed_quote_is_a_problem_not_a_silent_swallow() {
    use sourced::{ClaimFile, LoadOptions, Location};
    let header = "id,quantity,source,estimate,quote\n";
    let swallowed = format!("{header}a,q,s,5,\"He said\nb,q,s,6,\nc,q,s,7,\n");
    let file = ClaimFile::from_csv_str(&swallowed, &LoadOptions::lenient()).expect("lenient");
    assert!(file.claims.is_empty());
    let problem = &file.problems.0[0];
    assert_eq!(
        problem.location,
        Location::Line {
            line: 2,
            claim: Some("a".into())
        }
    );
    assert_eq!(problem.field.as_deref(), Some("row"));
    assert!(
        problem.message.contains("never closed"),
        "{}",
        problem.message
    );
    assert!(ClaimFile::from_csv_str(&swallowed, &LoadOptions::strict()).is_err());

    for fine in [
        format!("{header}a,q,s,5,\"He said \"\"hi\"\"\"\nb,q,s,6,\n"),
        format!("{header}a,q,s,5,He said \"hi\nb,q,s,6,\n"),
        format!("{header}a,q,s,5,\"two\nlines\"\nb,q,s,6,\"\""),
        format!("{header}a,q,s,5,\"\"\"\"\n"),
    ] {
        let file = ClaimFile::from_csv_str(&fine, &LoadOptions::strict());
        assert!(file.is_ok(), "{fine:?}: {file:?}");
    }
}

/// Found by the `algorithms` fuzz target (input kept as
/// `tests/data/regressions/algorithms-weightless-support.bin`): in weighted agreement a claim
/// whose weight is zero
/// (or rounds to zero beside the largest weight, here 2.2e-308 beside 1) moves no level, so a
/// region does not end where that claim does; the claim was still listed as supporting the
/// region, and its origin counted in the support, although it covered only part of it.
#[test]
fn weighted_agreement_does_not_count_a_weightless_claim_as_support()
-> Result<(), Box<dyn std::error::Error>> {
    use sourced::{Agreement, Evidence};
    for tiny in [0.0, f64::MIN_POSITIVE] {
        let evidence = Evidence::from_weighted(&[
            (Interval::closed(0.0, 10.0)?, 1.0),
            (Interval::less_than(5.0)?, tiny),
        ])?;
        let consensus = Agreement::new().weighted(true).run(&evidence);
        assert_eq!(consensus.regions.len(), 1);
        let region = &consensus.regions[0];
        assert_eq!(region.interval, Interval::closed(0.0, 10.0)?);
        assert_eq!(region.support, 1, "weight {tiny}");
        assert_eq!(region.supporting.len(), 1);
        assert_eq!(evidence.id(region.supporting[0]), "#0");
    }
    Ok(())
}
