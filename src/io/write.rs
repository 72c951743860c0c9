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
    estimate: &'a crate::Estimate,
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
            JsonClaim {
                id: c.id(),
                quantity: c.quantity().id(),
                source: c.source().id(),
                estimate: c.estimate(),
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
            low: i.low_value(),
            high: i.high_value(),
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
