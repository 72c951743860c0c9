//! Writing claim files: JSON with declarations, CSV with every column.

#[cfg(any(feature = "json", feature = "csv"))]
use crate::claim::ClaimKind;
#[cfg(feature = "json")]
use crate::error::Error;
#[cfg(feature = "json")]
use crate::io::ClaimFile;

/// One claim as written to a JSON file: references by id, the estimate structured.
#[cfg(feature = "json")]
#[derive(serde::Serialize)]
struct JsonClaim<'a> {
    id: &'a str,
    quantity: &'a str,
    source: &'a str,
    estimate: JsonEstimate<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stated: Option<crate::ClaimDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    as_of: Option<crate::Period>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<&'a crate::Confidence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    analytic_confidence: Option<crate::AnalyticConfidence>,
    kind: ClaimKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    quote: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    via: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    restates: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    supersedes: Option<&'a str>,
}

/// The structured estimate, without defaults: `{"high": 10000, "hedge": "as_many_as"}`.
#[cfg(feature = "json")]
#[derive(serde::Serialize)]
struct JsonEstimate<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    low: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    high: Option<f64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    low_open: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    high_open: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    best: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<f64>,
    #[serde(skip_serializing_if = "is_explicit")]
    hedge: crate::Hedge,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
}

#[cfg(feature = "json")]
fn is_explicit(h: &crate::Hedge) -> bool {
    *h == crate::Hedge::Explicit
}

/// The ends of a claim's interval as written: an end that the quantity's domain supplies
/// (the 0 of "as many as 10,000") is left out, since loading puts it back.
#[cfg(any(feature = "json", feature = "csv"))]
fn ends(c: &crate::Claim) -> (Option<f64>, Option<f64>) {
    let i = c.interval();
    let d = c.quantity().domain().interval();
    let low = if i.low() == d.low() {
        None
    } else {
        i.low_value()
    };
    let high = if i.high() == d.high() {
        None
    } else {
        i.high_value()
    };
    (low, high)
}

#[cfg(feature = "json")]
#[derive(serde::Serialize)]
struct JsonFile<'a> {
    sources: &'a [std::sync::Arc<crate::Source>],
    quantities: &'a [std::sync::Arc<crate::Quantity>],
    claims: Vec<JsonClaim<'a>>,
}

#[cfg(feature = "json")]
pub(crate) fn json(file: &ClaimFile) -> Result<String, Error> {
    let claims = file
        .claims
        .iter()
        .map(|c| {
            let p = c.provenance();
            let e = c.estimate();
            let (low, high) = ends(c);
            JsonClaim {
                id: c.id(),
                quantity: c.quantity().id(),
                source: c.source().id(),
                estimate: JsonEstimate {
                    low,
                    high,
                    low_open: e.interval().low().is_open(),
                    high_open: e.interval().high().is_open(),
                    best: e.best(),
                    level: e.level(),
                    hedge: e.hedge(),
                    text: e.text(),
                },
                stated: c.stated(),
                as_of: c.as_of(),
                confidence: c.confidence(),
                analytic_confidence: c.analytic_confidence(),
                kind: c.kind(),
                quote: p.quote.as_deref(),
                url: p.url.as_deref(),
                via: p.via.as_deref(),
                note: p.note.as_deref(),
                restates: c.restates(),
                supersedes: c.supersedes(),
            }
        })
        .collect();
    let out = JsonFile {
        sources: &file.sources,
        quantities: &file.quantities,
        claims,
    };
    serde_json::to_string_pretty(&out).map_err(|e| {
        Error::Invalid(crate::Problems(vec![crate::Problem::new(
            crate::Location::File,
            None,
            format!("cannot write JSON: {e}"),
        )]))
    })
}

/// One claim as a CSV row, in the column order of [`COLUMNS`](super::csv::COLUMNS).
#[cfg(feature = "csv")]
#[derive(serde::Serialize)]
struct CsvRow<'a> {
    id: &'a str,
    quantity: &'a str,
    source: &'a str,
    estimate: Option<&'a str>,
    stated: Option<crate::ClaimDate>,
    as_of: Option<crate::Period>,
    confidence: Option<String>,
    kind: ClaimKind,
    group: &'a str,
    via: Option<&'a str>,
    url: Option<&'a str>,
    quote: Option<&'a str>,
    note: Option<&'a str>,
    analytic_confidence: Option<crate::AnalyticConfidence>,
    restates: Option<&'a str>,
    supersedes: Option<&'a str>,
    low: Option<f64>,
    high: Option<f64>,
    low_open: bool,
    high_open: bool,
    best: Option<f64>,
    level: Option<f64>,
    hedge: crate::Hedge,
}

#[cfg(feature = "csv")]
pub(crate) fn csv(file: &crate::io::ClaimFile) -> Result<String, crate::Error> {
    let fail = |e: csv::Error| {
        crate::Error::Invalid(crate::Problems(vec![crate::Problem::new(
            crate::Location::File,
            None,
            format!("cannot write CSV: {e}"),
        )]))
    };
    let mut w = csv::WriterBuilder::new()
        .has_headers(true)
        .from_writer(Vec::new());
    for c in &file.claims {
        let p = c.provenance();
        let e = c.estimate();
        let i = e.interval();
        let (low, high) = ends(c);
        w.serialize(CsvRow {
            id: c.id(),
            quantity: c.quantity().id(),
            source: c.source().id(),
            estimate: e.text(),
            stated: c.stated(),
            as_of: c.as_of(),
            confidence: c.confidence().map(ToString::to_string),
            kind: c.kind(),
            group: c.source().group(),
            via: p.via.as_deref(),
            url: p.url.as_deref(),
            quote: p.quote.as_deref(),
            note: p.note.as_deref(),
            analytic_confidence: c.analytic_confidence(),
            restates: c.restates(),
            supersedes: c.supersedes(),
            low,
            high,
            low_open: i.low().is_open(),
            high_open: i.high().is_open(),
            best: e.best(),
            level: e.level(),
            hedge: e.hedge(),
        })
        .map_err(fail)?;
    }
    if file.claims.is_empty() {
        w.write_record(super::csv::COLUMNS).map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| fail(csv::Error::from(e.into_error())))?;
    String::from_utf8(bytes).map_err(|e| {
        crate::Error::Invalid(crate::Problems(vec![crate::Problem::new(
            crate::Location::File,
            None,
            format!("cannot write CSV: {e}"),
        )]))
    })
}
