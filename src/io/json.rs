//! The JSON claim-file loader.
//!
//! Three passes over borrowed text, none building a `serde_json::Value`: the top-level object
//! is split into its members as raw text (this also checks the syntax of the whole file);
//! the declared sources and quantities are read; then the claims are streamed, each record's
//! fields kept as raw text ([`RawValue`]) and decoded one by one, so that one bad field never
//! hides another and a number such as `1e400`, which serde_json refuses as out of range, is
//! reported with its claim and field.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::claim::ClaimKind;
use crate::confidence::AnalyticConfidence;
use crate::error::{Error, Location, Problem, Problems};
use crate::estimate::Hedge;
use crate::io::finish::{Collector, Locator};
use crate::io::record::{
    self, Catalog, FieldErrors, Parts, RawClaim, RawConfidence, RawEstimate, quoted,
};
use crate::io::{ClaimFile, LoadOptions, line_column};
use crate::quantity::Quantity;
use crate::source::Source;

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
    let (claims, problems) = state.collector.finish(options.mode)?;
    let (sources, quantities) = state.catalog.into_lists();
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
    if is_source {
        state.catalog.lists_present(true, false);
    } else {
        state.catalog.lists_present(false, true);
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

const SOURCE_FIELDS: &[FieldCheck] = &[
    ("id", typed::<String>),
    ("name", typed::<Option<String>>),
    ("kind", typed::<crate::SourceKind>),
    ("affiliation", typed::<Option<String>>),
    ("group", typed::<Option<String>>),
    ("weight", finite),
];

const QUANTITY_FIELDS: &[FieldCheck] = &[
    ("id", typed::<String>),
    ("unit", typed::<String>),
    ("domain", typed::<crate::Domain>),
    ("kind", typed::<crate::QuantityKind>),
    ("description", typed::<Option<String>>),
];

/// Reads one declared source or quantity, checking each field on its own first so that
/// every bad field is named; the problems come with the id (or `#n`) they concern.
fn declaration<T: serde::de::DeserializeOwned>(
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

/// The members of a JSON object, as raw text.
fn fields_of(raw: &RawValue) -> Result<Vec<(Cow<'_, str>, &RawValue)>, String> {
    if !raw.get().starts_with('{') {
        return Err(format!("expected an object, found {}", kind_of(raw.get())));
    }
    let map: Vec<(Key<'_>, &RawValue)> = Pairs::parse(raw.get()).map_err(|e| strip(&e))?;
    Ok(map.into_iter().map(|(k, v)| (k.0, v)).collect())
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

/// A string that borrows from the input when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// An object's members in order, duplicates included.
struct Pairs;

impl Pairs {
    fn parse(text: &str) -> Result<Vec<(Key<'_>, &RawValue)>, serde_json::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Vec<(Key<'de>, &'de RawValue)>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<Key<'de>>()? {
                    out.push((k, map.next_value::<&'de RawValue>()?));
                }
                Ok(out)
            }
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let out = de.deserialize_map(V)?;
        de.end()?;
        Ok(out)
    }
}

/// The claim being read (position, id once read, field), for syntax errors met inside it.
type At<'de> = (usize, Option<&'de RawValue>, Option<Cow<'de, str>>);

/// What the claim being read is, for syntax errors met inside it; `None` outside the list.
#[derive(Default)]
struct Context<'de> {
    at: RefCell<Option<At<'de>>>,
}

/// The fields of one claim record, as raw text.
#[derive(Default)]
struct Fields<'de> {
    id: Option<&'de RawValue>,
    quantity: Option<&'de RawValue>,
    source: Option<&'de RawValue>,
    estimate: Option<&'de RawValue>,
    stated: Option<&'de RawValue>,
    as_of: Option<&'de RawValue>,
    confidence: Option<&'de RawValue>,
    analytic_confidence: Option<&'de RawValue>,
    kind: Option<&'de RawValue>,
    group: Option<&'de RawValue>,
    via: Option<&'de RawValue>,
    url: Option<&'de RawValue>,
    quote: Option<&'de RawValue>,
    note: Option<&'de RawValue>,
    restates: Option<&'de RawValue>,
    supersedes: Option<&'de RawValue>,
    /// Unknown or repeated fields, with the message.
    extra: Vec<(String, String)>,
}

const CLAIM_FIELDS: &str = "id, quantity, source, estimate, stated, as_of, confidence, \
     analytic_confidence, kind, group, via, url, quote, note, restates, supersedes";

impl<'de> Fields<'de> {
    fn slot(&mut self, key: &str) -> Option<(&'static str, &mut Option<&'de RawValue>)> {
        Some(match key {
            "id" => ("id", &mut self.id),
            "quantity" => ("quantity", &mut self.quantity),
            "source" => ("source", &mut self.source),
            "estimate" => ("estimate", &mut self.estimate),
            "stated" => ("stated", &mut self.stated),
            "as_of" => ("as_of", &mut self.as_of),
            "confidence" => ("confidence", &mut self.confidence),
            "analytic_confidence" => ("analytic_confidence", &mut self.analytic_confidence),
            "kind" => ("kind", &mut self.kind),
            "group" => ("group", &mut self.group),
            "via" => ("via", &mut self.via),
            "url" => ("url", &mut self.url),
            "quote" => ("quote", &mut self.quote),
            "note" => ("note", &mut self.note),
            "restates" => ("restates", &mut self.restates),
            "supersedes" => ("supersedes", &mut self.supersedes),
            _ => return None,
        })
    }
}

/// One element of the claim list (handed to the sink at once, never stored, so its size
/// does not matter).
#[allow(clippy::large_enum_variant)]
enum Element<'de> {
    Fields(Fields<'de>),
    Other(&'static str),
}

struct ClaimsSeed<'c, 'de, F> {
    ctx: &'c Context<'de>,
    sink: &'c mut F,
}

impl<'de, F: FnMut(usize, Element<'de>)> DeserializeSeed<'de> for ClaimsSeed<'_, 'de, F> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(usize, Element<'de>)> Visitor<'de> for ClaimsSeed<'_, 'de, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of claims")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        loop {
            *self.ctx.at.borrow_mut() = Some((index, None, None));
            match seq.next_element_seed(ElementSeed(self.ctx))? {
                Some(element) => (self.sink)(index, element),
                None => {
                    *self.ctx.at.borrow_mut() = None;
                    return Ok(());
                }
            }
            index += 1;
        }
    }
}

struct ElementSeed<'c, 'de>(&'c Context<'de>);

impl<'de> DeserializeSeed<'de> for ElementSeed<'_, 'de> {
    type Value = Element<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Element<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ElementSeed<'_, 'de> {
    type Value = Element<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a claim object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Element<'de>, A::Error> {
        let mut fields = Fields::default();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if let Some(at) = self.0.at.borrow_mut().as_mut() {
                at.2 = Some(key.clone());
            }
            let value = map.next_value::<&'de RawValue>()?;
            match fields.slot(&key) {
                Some((name, slot)) => {
                    if slot.is_some() {
                        fields
                            .extra
                            .push((name.to_owned(), "given twice".to_owned()));
                    } else {
                        *slot = Some(value);
                        if name == "id"
                            && let Some(at) = self.0.at.borrow_mut().as_mut()
                        {
                            at.1 = Some(value);
                        }
                    }
                }
                None => fields.extra.push((
                    key.into_owned(),
                    format!("unknown field (expected one of: {CLAIM_FIELDS})"),
                )),
            }
            if let Some(at) = self.0.at.borrow_mut().as_mut() {
                at.2 = None;
            }
        }
        Ok(Element::Fields(fields))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Element<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Element::Other("a list"))
    }
    fn visit_str<E>(self, _: &str) -> Result<Element<'de>, E> {
        Ok(Element::Other("a string"))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Element<'de>, E> {
        Ok(Element::Other("a boolean"))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Element<'de>, E> {
        Ok(Element::Other("a number"))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Element<'de>, E> {
        Ok(Element::Other("a number"))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Element<'de>, E> {
        Ok(Element::Other("a number"))
    }
    fn visit_unit<E>(self) -> Result<Element<'de>, E> {
        Ok(Element::Other("null"))
    }
}

/// What a JSON value is, from its first byte.
fn kind_of(raw: &str) -> &'static str {
    match raw.trim_start().as_bytes().first() {
        Some(b'{') => "an object",
        Some(b'[') => "a list",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        Some(b'-' | b'0'..=b'9') => "a number",
        _ => "nothing",
    }
}

/// A string field: `None` for null.
fn text_of(raw: &RawValue) -> Result<Option<Cow<'_, str>>, String> {
    let s = raw.get();
    if s == "null" {
        return Ok(None);
    }
    if !s.starts_with('"') {
        return Err(format!("expected a string, found {}", kind_of(s)));
    }
    match s.get(1..s.len() - 1) {
        Some(inner) if !inner.contains('\\') => Ok(Some(Cow::Borrowed(inner))),
        _ => serde_json::from_str::<String>(s)
            .map(|v| Some(Cow::Owned(v)))
            .map_err(|e| strip(&e)),
    }
}

/// A number field: `None` for null; NaN-like and overflowing numbers are refused.
fn number(raw: &RawValue) -> Result<Option<f64>, String> {
    let s = raw.get();
    match kind_of(s) {
        "null" => Ok(None),
        "a number" => record::finite_number(s).map(Some),
        "a string" => Err(format!(
            "expected a number, found the string {} (NaN and infinities are not numbers)",
            quoted(&text_of(raw).ok().flatten().unwrap_or_default())
        )),
        other => Err(format!("expected a number, found {other}")),
    }
}

fn boolean(raw: &RawValue) -> Result<bool, String> {
    match raw.get() {
        "null" | "false" => Ok(false),
        "true" => Ok(true),
        other => Err(format!("expected true or false, found {}", kind_of(other))),
    }
}

/// Decodes each field of a record; a field that cannot be decoded is a problem and absent.
fn decode<'de>(f: &Fields<'de>, errors: &mut FieldErrors) -> RawClaim<'de> {
    for (field, message) in &f.extra {
        errors.push((Cow::Owned(field.clone()), message.clone()));
    }
    let mut txt = |field: &'static str, raw: Option<&'de RawValue>| -> Option<Cow<'de, str>> {
        raw.and_then(|r| {
            text_of(r)
                .map_err(|m| record::push(errors, field, m))
                .ok()
                .flatten()
        })
    };
    let mut raw = RawClaim {
        id: txt("id", f.id),
        quantity: txt("quantity", f.quantity),
        source: txt("source", f.source),
        stated: txt("stated", f.stated),
        as_of: txt("as_of", f.as_of),
        group: txt("group", f.group),
        via: txt("via", f.via),
        url: txt("url", f.url),
        quote: txt("quote", f.quote),
        note: txt("note", f.note),
        restates: txt("restates", f.restates),
        supersedes: txt("supersedes", f.supersedes),
        ..RawClaim::default()
    };
    let kind = txt("kind", f.kind);
    let analytic = txt("analytic_confidence", f.analytic_confidence);
    if let Some(k) = kind {
        raw.kind = record::word::<ClaimKind>(&k)
            .map_err(|m| record::push(errors, "kind", m))
            .ok();
    }
    if let Some(a) = analytic {
        raw.analytic_confidence = record::word::<AnalyticConfidence>(&a)
            .map_err(|m| record::push(errors, "analytic_confidence", m))
            .ok();
    }
    if let Some(c) = f.confidence {
        raw.confidence = confidence(c, errors);
    }
    if let Some(e) = f.estimate {
        raw.estimate = estimate(e, errors);
    }
    raw
}

fn confidence<'de>(raw: &'de RawValue, errors: &mut FieldErrors) -> Option<RawConfidence<'de>> {
    let s = raw.get();
    let out = match kind_of(s) {
        "null" => return None,
        "a number" => record::finite_number(s).map(RawConfidence::Number),
        "a string" => text_of(raw).map(|t| RawConfidence::Text(t.unwrap_or_default())),
        "an object" => (|| {
            let mut low = None;
            let mut high = None;
            for (k, v) in fields_of(raw)? {
                match k.as_ref() {
                    "low" => low = number(v)?,
                    "high" => high = number(v)?,
                    other => {
                        return Err(format!(
                            "unknown field {} (expected low, high)",
                            quoted(other)
                        ));
                    }
                }
            }
            match (low, high) {
                (Some(l), Some(h)) => Ok(RawConfidence::Range(l, h)),
                _ => Err("a probability range needs both low and high".to_owned()),
            }
        })(),
        other => Err(format!(
            "expected a probability, a vocabulary term or {{\"low\", \"high\"}}, found {other}"
        )),
    };
    out.map_err(|m| record::push(errors, "confidence", m)).ok()
}

fn estimate<'de>(raw: &'de RawValue, errors: &mut FieldErrors) -> Option<RawEstimate<'de>> {
    let s = raw.get();
    match kind_of(s) {
        "null" => None,
        "a string" => match text_of(raw) {
            Ok(t) => Some(RawEstimate::Text(t.unwrap_or_default())),
            Err(m) => {
                record::push(errors, "estimate", m);
                None
            }
        },
        "an object" => {
            let members = match fields_of(raw) {
                Ok(m) => m,
                Err(m) => {
                    record::push(errors, "estimate", m);
                    return None;
                }
            };
            let before = errors.len();
            let mut p = Parts::default();
            for (k, v) in members {
                let (field, result): (&'static str, Result<(), String>) = match k.as_ref() {
                    "low" => ("estimate.low", number(v).map(|x| p.low = x)),
                    "high" => ("estimate.high", number(v).map(|x| p.high = x)),
                    "best" => ("estimate.best", number(v).map(|x| p.best = x)),
                    "level" => ("estimate.level", number(v).map(|x| p.level = x)),
                    "low_open" => ("estimate.low_open", boolean(v).map(|x| p.low_open = x)),
                    "high_open" => ("estimate.high_open", boolean(v).map(|x| p.high_open = x)),
                    "text" => ("estimate.text", text_of(v).map(|x| p.text = x)),
                    "hedge" => (
                        "estimate.hedge",
                        text_of(v).and_then(|x| {
                            p.hedge = x.map(|w| record::word::<Hedge>(&w)).transpose()?;
                            Ok(())
                        }),
                    ),
                    other => (
                        "estimate",
                        Err(format!(
                            "unknown field {} (expected low, high, low_open, high_open, best, level, hedge, text)",
                            quoted(other)
                        )),
                    ),
                };
                if let Err(m) = result {
                    record::push(errors, field, m);
                }
            }
            (errors.len() == before).then_some(RawEstimate::Parts(p))
        }
        other => {
            record::push(
                errors,
                "estimate",
                format!("expected hedged text or an object, found {other}"),
            );
            None
        }
    }
}

/// serde_json's message without its " at line L column C" suffix.
fn strip(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rsplit_once(" at line ") {
        Some((head, _)) => head.to_owned(),
        None => s,
    }
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
