//! Declared sources and quantities: each field checked on its own, then the whole value
//! through the core type's validating deserialiser.

use std::borrow::Cow;

use serde_json::value::RawValue;

use crate::error::{Location, Problem};
use crate::io::record;

use super::value::{fields_of, kind_of, strip, text_of};

/// A field of a declaration and the check of its value alone.
type FieldCheck = (&'static str, fn(&str) -> Result<(), String>);

fn typed<T: serde::de::DeserializeOwned>(raw: &str) -> Result<(), String> {
    serde_json::from_str::<T>(raw)
        .map(drop)
        .map_err(|e| strip(&e))
}

fn finite(raw: &str) -> Result<(), String> {
    if raw == "null" {
        return Ok(());
    }
    match kind_of(raw) {
        "a number" => record::finite_number(raw).map(drop),
        other => Err(format!("expected a number, found {other}")),
    }
}

pub(super) const SOURCE_FIELDS: &[FieldCheck] = &[
    ("id", typed::<String>),
    ("name", typed::<Option<String>>),
    ("kind", typed::<crate::SourceKind>),
    ("affiliation", typed::<Option<String>>),
    ("group", typed::<Option<String>>),
    ("weight", finite),
];

pub(super) const QUANTITY_FIELDS: &[FieldCheck] = &[
    ("id", typed::<String>),
    ("unit", typed::<String>),
    ("domain", typed::<crate::Domain>),
    ("kind", typed::<crate::QuantityKind>),
    ("description", typed::<Option<String>>),
];

/// Reads one declared source or quantity, checking each field on its own first so that
/// every bad field is named; the problems come with the id (or `#n`) they concern.
pub(super) fn declaration<T: serde::de::DeserializeOwned>(
    item: &RawValue,
    index: usize,
    what: &'static str,
    checks: &[FieldCheck],
) -> Result<T, (String, Vec<Problem>)> {
    let fallback = format!("#{}", index + 1);
    let fields = match fields_of(item) {
        Ok(f) => f,
        Err(message) => {
            let at = declared_at(what, fallback.clone());
            return Err((fallback, vec![Problem::new(at, None, message)]));
        }
    };
    let id = fields
        .iter()
        .find(|(k, _)| k == "id")
        .and_then(|(_, v)| text_of(v).ok().flatten())
        .map_or(fallback, Cow::into_owned);
    let at = declared_at(what, id.clone());
    let mut problems = Vec::new();
    for (key, value) in &fields {
        match checks.iter().find(|(name, _)| *name == key.as_ref()) {
            None => problems.push(Problem::new(
                at.clone(),
                Some(key),
                format!(
                    "unknown field (expected one of: {})",
                    checks
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
            Some((name, check)) => {
                if let Err(m) = check(value.get()) {
                    problems.push(Problem::new(at.clone(), Some(name), m));
                }
            }
        }
    }
    if problems.is_empty() {
        match serde_json::from_str::<T>(item.get()) {
            Ok(v) => return Ok(v),
            Err(e) => {
                let message = strip(&e);
                let field = checks
                    .iter()
                    .map(|(n, _)| *n)
                    .find(|n| message.contains(&format!("`{n}`")));
                problems.push(Problem::new(at, field, message));
            }
        }
    }
    Err((id, problems))
}

fn declared_at(what: &str, id: String) -> Location {
    if what == "source" {
        Location::Source(id)
    } else {
        Location::Quantity(id)
    }
}
