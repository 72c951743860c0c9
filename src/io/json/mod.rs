//! The JSON claim-file loader.
//!
//! One pass over borrowed text, building no `serde_json::Value`: declarations are read as
//! they come ([`declarations`]); each claim record is streamed as its fields' raw text
//! ([`RawValue`]) and decoded field by field ([`claims`], [`value`]), so that one bad field
//! never hides another and a number such as `1e400`, which serde_json refuses as out of range,
//! is reported with its claim and field. A file that declares sources or quantities after its
//! claims is read a second time, declarations first. Syntax errors name the claim and field
//! being read.

mod claims;
mod declarations;
mod value;

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::error::{Error, Location, Problem, Problems};
use crate::io::finish::{Collector, Locator};
use crate::io::record::{self, Catalog, FieldErrors, quoted};
use crate::io::{ClaimFile, LoadOptions, line_column};
use crate::quantity::Quantity;
use crate::source::Source;

use claims::{ClaimsSeed, Context, Element, decode};
use declarations::{QUANTITY_FIELDS, SOURCE_FIELDS, declaration};
use value::{Key, kind_of, strip, text_of};

/// The declarations of the top-level object as raw text, for a file that declares them
/// after its claims.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Top<'a> {
    #[serde(borrow, default)]
    sources: Option<&'a RawValue>,
    #[serde(borrow, default)]
    quantities: Option<&'a RawValue>,
    /// Read by the main pass, skipped here.
    #[serde(default, rename = "claims")]
    _claims: Option<IgnoredAny>,
}

pub(crate) fn load(text: &str, options: &LoadOptions) -> Result<ClaimFile, Error> {
    let first = text
        .char_indices()
        .find(|(_, c)| !matches!(c, ' ' | '\t' | '\n' | '\r'));
    match first {
        None => {
            return Err(byte_error(
                text,
                text.len(),
                None,
                "the input is empty: a claim file is a JSON object with a \"claims\" list"
                    .to_owned(),
            ));
        }
        Some((_, '{')) => {}
        Some((at, _)) => {
            return Err(byte_error(
                text,
                at,
                None,
                format!(
                    "a claim file is a JSON object with a \"claims\" list, found {}",
                    kind_of(text.get(at..).unwrap_or(""))
                ),
            ));
        }
    }
    match one_pass(text, options, None)? {
        Pass::Done(file) => Ok(file),
        Pass::DeclaredLate => {
            // The claims came before the sources or quantities they refer to: read the
            // declarations first, then the claims again.
            let top: Top<'_> =
                serde_json::from_str(text).map_err(|e| syntax_error(text, &e, None))?;
            match one_pass(text, options, Some(&top))? {
                Pass::Done(file) => Ok(file),
                Pass::DeclaredLate => Err(byte_error(
                    text,
                    0,
                    None,
                    "the declarations could not be read before the claims".to_owned(),
                )),
            }
        }
    }
}

enum Pass {
    Done(ClaimFile),
    /// Sources or quantities were declared after the claims had been read.
    DeclaredLate,
}

/// The state of one pass over a claim file.
struct State<'t, 'o> {
    options: &'o LoadOptions,
    catalog: Catalog,
    collector: Collector,
    claims_seen: bool,
    declared_late: bool,
    /// Declarations already read (second pass): their keys are skipped.
    predeclared: bool,
    /// A problem with the file as a whole, met inside the visitor.
    fatal: Option<Error>,
    ctx: Context<'t>,
    /// The top-level key whose value is being read.
    top_field: Option<&'static str>,
}

/// Reads the file in one pass: declarations as they come, each claim converted as soon as it
/// is read (nothing is buffered).
fn one_pass(text: &str, options: &LoadOptions, pre: Option<&Top<'_>>) -> Result<Pass, Error> {
    let mut state = State {
        options,
        catalog: Catalog::new(options),
        collector: Collector::new(Locator::Index),
        claims_seen: false,
        declared_late: false,
        predeclared: pre.is_some(),
        fatal: None,
        ctx: Context::default(),
        top_field: None,
    };
    // A typical claim record takes well over 128 bytes: room for all of them, usually,
    // without reserving much more than the claims will take.
    state.collector.reserve(text.len() / 128);
    if let Some(top) = pre {
        for (raw, is_source) in [(top.sources, true), (top.quantities, false)] {
            if let Some(raw) = raw {
                declare_list(text, raw, is_source, &mut state)?;
            }
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let result = de
        .deserialize_map(TopVisitor {
            text,
            state: &mut state,
        })
        .and_then(|()| de.end());
    if let Some(fatal) = state.fatal.take() {
        return Err(fatal);
    }
    if let Err(e) = result {
        let at = state.ctx.at.into_inner().map(|(index, id, field)| {
            let id = id
                .and_then(|v| text_of(v).ok().flatten())
                .map(Cow::into_owned);
            (index, id, field.map(Cow::into_owned))
        });
        if at.is_none()
            && let Some(field) = state.top_field
        {
            let Error::Invalid(mut problems) = syntax_error(text, &e, None) else {
                return Err(syntax_error(text, &e, None));
            };
            for p in &mut problems.0 {
                p.field = Some(field.to_owned());
            }
            return Err(Error::Invalid(problems));
        }
        return Err(syntax_error(text, &e, at));
    }
    if state.declared_late && pre.is_none() {
        return Ok(Pass::DeclaredLate);
    }
    if !state.claims_seen {
        return Err(byte_error(
            text,
            0,
            Some("claims"),
            "missing: a claim file has a \"claims\" list (it may be empty)".to_owned(),
        ));
    }
    // The catalog's maps (by source and quantity id) are dropped before the collector
    // checks the claims' ids: at a million claims of a few hundred thousand sources they
    // take about 20 MB, which the check's own lists would otherwise join.
    let (sources, quantities) = state.catalog.into_lists();
    let (claims, problems) = state.collector.finish(options.mode)?;
    Ok(Pass::Done(ClaimFile {
        claims,
        problems,
        sources,
        quantities,
    }))
}

struct TopVisitor<'s, 't, 'o> {
    text: &'t str,
    state: &'s mut State<'t, 'o>,
}

impl<'t> Visitor<'t> for TopVisitor<'_, 't, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a claim file object")
    }
    fn visit_map<A: MapAccess<'t>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.state;
        while let Some(Key(key)) = map.next_key::<Key<'t>>()? {
            match key.as_ref() {
                "sources" | "quantities" if state.predeclared => {
                    map.next_value::<IgnoredAny>()?;
                }
                "sources" | "quantities" => {
                    let raw = map.next_value::<&'t RawValue>()?;
                    if state.claims_seen {
                        state.declared_late = true;
                    } else if let Err(e) = declare_list(self.text, raw, key == "sources", state) {
                        state.fatal = Some(e);
                        return Err(de::Error::custom("invalid declarations"));
                    }
                }
                "claims" if state.claims_seen => {
                    return Err(de::Error::custom("the key \"claims\" appears twice"));
                }
                "claims" => {
                    state.claims_seen = true;
                    state.top_field = Some("claims");
                    let State {
                        options,
                        catalog,
                        collector,
                        ctx,
                        ..
                    } = state;
                    let mut sink = |index: usize, element: Element<'t>| {
                        convert(index, element, catalog, collector, options);
                    };
                    map.next_value_seed(ClaimsSeed {
                        ctx,
                        sink: &mut sink,
                    })?;
                    state.top_field = None;
                }
                other => {
                    return Err(de::Error::custom(format!(
                        "unknown key {} (expected sources, quantities, claims)",
                        quoted(other)
                    )));
                }
            }
        }
        Ok(())
    }
}

/// Converts one element of the claim list and files it as a claim or as problems.
fn convert(
    index: usize,
    element: Element<'_>,
    catalog: &mut Catalog,
    collector: &mut Collector,
    options: &LoadOptions,
) {
    let key = index as u64;
    match element {
        Element::Other(kind) => collector.problem(
            key,
            Problem::new(
                Location::ClaimIndex(index),
                None,
                format!("expected a claim object, found {kind}"),
            ),
        ),
        Element::Fields(fields) => {
            let mut errors = FieldErrors::new();
            let raw = decode(&fields, &mut errors);
            let id = raw.id.clone();
            match record::build_claim(raw, catalog, options, &mut errors) {
                Some(claim) if errors.is_empty() => collector.claim(key, claim),
                _ => collector.invalid(key, id.as_deref(), errors),
            }
        }
    }
}

/// Reads a `sources` or `quantities` list into the catalog; its problems are listed first.
fn declare_list(
    text: &str,
    raw: &RawValue,
    is_source: bool,
    state: &mut State<'_, '_>,
) -> Result<(), Error> {
    let field = if is_source { "sources" } else { "quantities" };
    if raw.get() == "null" {
        return Ok(());
    }
    let items = list(text, raw, field)?;
    for (i, item) in items.into_iter().enumerate() {
        let declared = if is_source {
            declaration::<Source>(item, i, "source", SOURCE_FIELDS).map(|s| {
                let id = s.id().to_owned();
                (
                    id.clone(),
                    state.catalog.declare_source(std::sync::Arc::new(s)),
                    Location::Source(id),
                )
            })
        } else {
            declaration::<Quantity>(item, i, "quantity", QUANTITY_FIELDS).map(|q| {
                let id = q.id().to_owned();
                (
                    id.clone(),
                    state.catalog.declare_quantity(std::sync::Arc::new(q)),
                    Location::Quantity(id),
                )
            })
        };
        match declared {
            Ok((_, Ok(()), _)) => {}
            Ok((_, Err(m), at)) => state.collector.problem(0, Problem::new(at, Some("id"), m)),
            Err((id, problems)) => {
                state.catalog.declared_invalid(is_source, id);
                problems
                    .into_iter()
                    .for_each(|p| state.collector.problem(0, p));
            }
        }
    }
    Ok(())
}

fn list<'a>(
    text: &str,
    raw: &'a RawValue,
    field: &'static str,
) -> Result<Vec<&'a RawValue>, Error> {
    if raw.get() == "null" {
        return Ok(Vec::new());
    }
    serde_json::from_str::<Vec<&RawValue>>(raw.get()).map_err(|_| {
        byte_error(
            text,
            offset_in(text, raw.get()),
            Some(field),
            format!("expected a list, found {}", kind_of(raw.get())),
        )
    })
}

/// Where `part` (a slice of `text`) starts in `text`.
fn offset_in(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

fn byte_error(text: &str, offset: usize, field: Option<&str>, message: String) -> Error {
    let (line, column) = line_column(text.as_bytes(), offset);
    Error::Invalid(Problems(vec![Problem::new(
        Location::Byte {
            offset: offset as u64,
            line: Some(line),
            column: Some(column),
        },
        field,
        message,
    )]))
}

/// A syntax error, located by byte, line and column, naming the claim and field being read
/// when the error lies inside the claim list.
fn syntax_error(
    text: &str,
    e: &serde_json::Error,
    at: Option<(usize, Option<String>, Option<String>)>,
) -> Error {
    let (line, column) = (e.line() as u64, e.column() as u64);
    let offset = if e.is_eof() {
        text.len()
    } else {
        offset_of(text, line, column)
    };
    let (context, field) = at
        .map(|(index, id, field)| {
            let claim = match id {
                Some(id) => format!("claim {}", quoted(&id)),
                None => format!("claim #{}", index + 1),
            };
            (format!(" (in {claim})"), field)
        })
        .unwrap_or_default();
    let what = match e.classify() {
        serde_json::error::Category::Eof => "the input ends early (truncated?)",
        serde_json::error::Category::Data => "not a claim file",
        _ => "not valid JSON",
    };
    Error::Invalid(Problems(vec![Problem::new(
        Location::Byte {
            offset: offset as u64,
            line: Some(line),
            column: Some(column),
        },
        field.as_deref(),
        format!("{what}{context}: {}", strip(e)),
    )]))
}

/// The byte offset of a 1-based line and column (serde_json counts columns in bytes).
fn offset_of(text: &str, line: u64, column: u64) -> usize {
    let start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth((line - 2) as usize)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    (start + column.saturating_sub(1) as usize).min(text.len())
}

/// Input that is not UTF-8 from byte `offset` on: located by byte, line and column, and by
/// the claim and field that hold the bad byte (found by reading the valid text before it).
pub(crate) fn not_utf8(bytes: &[u8], offset: usize) -> Error {
    let prefix = bytes
        .get(..offset)
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or("");
    let (line, column) = line_column(bytes, offset);
    let mut field = None;
    let mut context = String::new();
    if prefix.trim_start().starts_with('{') {
        // The prefix ends early inside the record that holds the bad byte; the pass that
        // reads it knows which record and field that is.
        if let Err(Error::Invalid(problems)) = one_pass(prefix, &LoadOptions::lenient(), None)
            && let Some(p) = problems.0.into_iter().next()
        {
            field = p.field;
            if let Some(start) = p.message.find(" (in claim ")
                && let Some(end) = p.message.get(start..).and_then(|m| m.find(')'))
            {
                context = p.message.get(start..=start + end).unwrap_or("").to_owned();
            }
        }
    }
    Error::Invalid(Problems(vec![Problem::new(
        Location::Byte {
            offset: offset as u64,
            line: Some(line),
            column: Some(column),
        },
        field.as_deref(),
        format!("the input is not UTF-8{context}"),
    )]))
}
