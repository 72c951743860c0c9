//! The CSV claim-file loader: columns of issue 2, structured estimate columns, groups,
//! problems by line, strict and lenient modes.
#![cfg(feature = "csv")]

use sourced::{ClaimFile, Error, Hedge, LoadOptions, Location, Problems, Quantity, Source};

fn strict(text: &str) -> Result<ClaimFile, Error> {
    ClaimFile::from_csv_str(text, &LoadOptions::strict())
}

fn problems(text: &str) -> Problems {
    match strict(text) {
        Err(Error::Invalid(p)) => p,
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
}

const HEADER: &str = "id,quantity,source,estimate,stated,as_of,confidence,kind,group,via,url,quote,low,high,low_open,best";

#[test]
fn issue_columns_with_structured_estimates_load() {
    let text = format!(
        "{HEADER}\n\
         wh-1,nk-troops,white-house,\"more than 3,000\",2024-10-23,2024-10-23,likely,statement,us-government,The Epoch Times,,\"…\",3000,,true,\n\
         nis-1,nk-troops,nis,\"as many as 10,000\",2024-10,,,estimate,,,,,,10000,,\n"
    );
    let file = strict(&text).unwrap();
    let wh = file.claims.get("wh-1").unwrap();
    assert_eq!(wh.interval().to_string(), "(3000, ∞)");
    assert_eq!(wh.estimate().text(), Some("more than 3,000"));
    assert_eq!(wh.source().group(), "us-government");
    assert_eq!(wh.confidence().unwrap().to_string(), "icd-203:likely");
    assert_eq!(wh.provenance().quote.as_deref(), Some("…"));
    let nis = file.claims.get("nis-1").unwrap();
    assert_eq!(nis.interval().to_string(), "[0, 10000]");
    assert_eq!(nis.source().group(), "nis");
    assert_eq!(nis.stated().unwrap().to_string(), "2024-10");
}

#[test]
fn only_id_quantity_and_source_columns_are_required() {
    let p = problems("id,estimate\na,1\n");
    let fields: Vec<_> = p.iter().filter_map(|x| x.field.clone()).collect();
    assert_eq!(fields, ["quantity", "source"]);
    assert!(p.iter().all(|x| x.location
        == Location::Line {
            line: 1,
            claim: None
        }));
}

#[test]
fn unknown_and_repeated_columns_are_refused() {
    let p = problems("id,quantity,source,colour,id\n");
    let fields: Vec<_> = p.iter().filter_map(|x| x.field.clone()).collect();
    assert_eq!(fields, ["colour", "id"], "{p}");
}

#[test]
fn problems_name_the_line_and_the_claim() {
    let p = problems(
        "id,quantity,source,low,high,best,confidence,stated\n\
         ok,q,s,1,2,,,\n\
         inverted,q,s,5,2,,,\n\
         ,q,s,1,2,,,\n\
         sure,q,s,1,2,,1.5,2024-02-30\n",
    );
    let at: Vec<_> = p
        .iter()
        .map(|x| (x.location.to_string(), x.field.clone().unwrap()))
        .collect();
    assert_eq!(
        at,
        [
            (
                "line 3 (claim \"inverted\")".to_owned(),
                "estimate".to_owned()
            ),
            ("line 4".to_owned(), "id".to_owned()),
            ("line 5 (claim \"sure\")".to_owned(), "stated".to_owned()),
            (
                "line 5 (claim \"sure\")".to_owned(),
                "confidence".to_owned()
            ),
        ],
        "{p}"
    );
}

#[test]
fn a_row_with_too_many_cells_is_a_problem_of_its_line() {
    let file = ClaimFile::from_csv_str(
        "id,quantity,source,best\na,q,s,1\nb,q,s,2,extra\nc,q,s,3\n",
        &LoadOptions::lenient(),
    )
    .unwrap();
    assert_eq!(
        file.claims.iter().map(|c| c.id()).collect::<Vec<_>>(),
        ["a", "c"]
    );
    assert_eq!(file.problems.len(), 1);
    let p = file.problems.iter().next().unwrap();
    assert_eq!(
        p.location,
        Location::Line {
            line: 3,
            claim: Some("b".into())
        }
    );
    assert_eq!(p.field.as_deref(), Some("row"));
}

#[test]
fn conflicting_groups_for_one_undeclared_source_are_refused() {
    let p = problems("id,quantity,source,best,group\na,q,s,1,g1\nb,q,s,2,\nc,q,s,3,g2\n");
    assert_eq!(p.len(), 1, "{p}");
    let only = p.iter().next().unwrap();
    assert_eq!(only.field.as_deref(), Some("source"));
    assert!(only.to_string().contains("line 4"), "{only}");
}

#[test]
fn declarations_passed_in_options_apply_to_csv() -> Result<(), Box<dyn std::error::Error>> {
    let options = LoadOptions::strict()
        .with_sources([Source::new("nis", "NIS")?.with_group("south-korea")?])
        .with_quantities([Quantity::new("years", "years")?.with_domain(sourced::Domain::Real)]);
    let file = ClaimFile::from_csv_str("id,quantity,source,high\na,years,nis,-2\n", &options)?;
    let a = file.claims.get("a").unwrap();
    assert_eq!(a.interval().to_string(), "(-∞, -2]");
    assert_eq!(a.source().group(), "south-korea");
    let err = ClaimFile::from_csv_str("id,quantity,source,high\na,troops,cia,2\n", &options)
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown quantity \"troops\""), "{err}");
    assert!(err.contains("unknown source \"cia\""), "{err}");
    Ok(())
}

#[test]
fn a_hedge_column_and_probability_ranges_round_trip() {
    let text = "id,quantity,source,low,high,hedge,confidence,level,best\n\
                a,q,s,104000,223000,confidence_interval,0.6–0.8,0.95,151000\n";
    let file = strict(text).unwrap();
    let a = file.claims.get("a").unwrap();
    assert_eq!(a.estimate().hedge(), Hedge::ConfidenceInterval);
    assert_eq!(a.estimate().level(), Some(0.95));
    assert_eq!(a.confidence().unwrap().low(), 0.6);
    let again = strict(&file.to_csv_string().unwrap()).unwrap();
    assert_eq!(again.claims, file.claims);
}

#[test]
fn a_byte_order_mark_before_the_header_is_ignored() {
    let file = strict("\u{feff}id,quantity,source,best\na,q,s,1\n").unwrap();
    assert_eq!(file.claims.len(), 1);
}

#[test]
fn a_header_alone_is_a_file_with_no_claims() {
    assert!(
        strict("id,quantity,source,estimate\n")
            .unwrap()
            .claims
            .is_empty()
    );
}

#[test]
fn lines_ended_by_bare_carriage_returns_are_counted_as_lines() {
    let file = ClaimFile::from_csv_str(
        "id,quantity,source,best\ra,q,s,1\rb,q,s,-1\rc,q,s,x\r\nd,q,s,1\n",
        &LoadOptions::lenient(),
    )
    .unwrap();
    let lines: Vec<_> = file
        .problems
        .iter()
        .map(|p| p.location.to_string())
        .collect();
    assert_eq!(lines, ["line 3 (claim \"b\")", "line 4 (claim \"c\")"]);
    assert_eq!(file.claims.len(), 2);
}
