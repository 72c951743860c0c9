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

/// The top-level object, its members as raw text.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Top<'a> {
    #[serde(borrow, default)]
    sources: Option<&'a RawValue>,
    #[serde(borrow, default)]
    quantities: Option<&'a RawValue>,
    #[serde(borrow, default)]
    claims: Option<&'a RawValue>,
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
    let top: Top<'_> = serde_json::from_str(text).map_err(|e| syntax_error(text, &e))?;

    let mut catalog = Catalog::new(options);
    let present = |raw: Option<&RawValue>| raw.is_some_and(|r| r.get() != "null");
    catalog.lists_present(present(top.sources), present(top.quantities));
    let mut collector = Collector::new(Locator::Index);
    if let Some(raw) = top.sources {
        for (i, item) in list(text, raw, "sources")?.into_iter().enumerate() {
            match declaration::<Source>(item, i, "source", SOURCE_FIELDS) {
                Ok(s) => {
                    let id = s.id().to_owned();
                    if let Err(m) = catalog.declare_source(std::sync::Arc::new(s)) {
                        collector.problem(0, Problem::new(Location::Source(id), Some("id"), m));
                    }
                }
                Err((id, problems)) => {
                    catalog.declared_invalid(true, id);
                    problems.into_iter().for_each(|p| collector.problem(0, p));
                }
            }
        }
    }
    if let Some(raw) = top.quantities {
        for (i, item) in list(text, raw, "quantities")?.into_iter().enumerate() {
            match declaration::<Quantity>(item, i, "quantity", QUANTITY_FIELDS) {
                Ok(q) => {
                    let id = q.id().to_owned();
                    if let Err(m) = catalog.declare_quantity(std::sync::Arc::new(q)) {
                        collector.problem(0, Problem::new(Location::Quantity(id), Some("id"), m));
                    }
                }
                Err((id, problems)) => {
                    catalog.declared_invalid(false, id);
                    problems.into_iter().for_each(|p| collector.problem(0, p));
                }
            }
        }
    }
    let Some(claims) = top.claims else {
        return Err(byte_error(
            text,
            0,
            Some("claims"),
            "missing: a claim file has a \"claims\" list (it may be empty)".to_owned(),
        ));
    };
    if !claims.get().starts_with('[') {
        return Err(byte_error(
            text,
            offset_in(text, claims.get()),
            Some("claims"),
            format!("expected a list of claims, found {}", kind_of(claims.get())),
        ));
    }
    // A claim record is at least `{}` and a comma: a cheap upper bound for the reservation.
    collector.reserve(claims.get().len() / 64);
    let ctx = Context::default();
    let mut sink = |index: usize, element: Element<'_>| {
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
                match record::build_claim(raw, &mut catalog, options, &mut errors) {
                    Some(claim) if errors.is_empty() => collector.claim(key, claim),
                    _ => collector.invalid(key, id.as_deref(), errors),
                }
            }
        }
    };
    let mut de = serde_json::Deserializer::from_str(claims.get());
    ClaimsSeed {
        ctx: &ctx,
        sink: &mut sink,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end())
    .map_err(|e| syntax_error(text, &e))?;

    let (claims, problems) = collector.finish(options.mode)?;
    let (sources, quantities) = catalog.into_lists();
    Ok(ClaimFile {
        claims,
        problems,
        sources,
        quantities,
    })
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
        .and_then(|(_, v)| text(v).ok().flatten())
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

/// What the claim being read is, for syntax errors met inside it.
#[derive(Default)]
struct Context {
    at: RefCell<(usize, Option<String>, Option<String>)>,
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

struct ClaimsSeed<'c, F> {
    ctx: &'c Context,
    sink: &'c mut F,
}

impl<'de, F: FnMut(usize, Element<'de>)> DeserializeSeed<'de> for ClaimsSeed<'_, F> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(usize, Element<'de>)> Visitor<'de> for ClaimsSeed<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of claims")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        loop {
            *self.ctx.at.borrow_mut() = (index, None, None);
            match seq.next_element_seed(ElementSeed(self.ctx))? {
                Some(element) => (self.sink)(index, element),
                None => return Ok(()),
            }
            index += 1;
        }
    }
}

struct ElementSeed<'c>(&'c Context);

impl<'de> DeserializeSeed<'de> for ElementSeed<'_> {
    type Value = Element<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Element<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ElementSeed<'_> {
    type Value = Element<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a claim object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Element<'de>, A::Error> {
        let mut fields = Fields::default();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            self.0.at.borrow_mut().2 = Some(key.clone().into_owned());
            let value = map.next_value::<&'de RawValue>()?;
            match fields.slot(&key) {
                Some((name, slot)) => {
                    if slot.is_some() {
                        fields
                            .extra
                            .push((name.to_owned(), "given twice".to_owned()));
                    } else {
                        *slot = Some(value);
                        if name == "id" {
                            self.0.at.borrow_mut().1 =
                                text(value).ok().flatten().map(Cow::into_owned);
                        }
                    }
                }
                None => fields.extra.push((
                    key.into_owned(),
                    format!("unknown field (expected one of: {CLAIM_FIELDS})"),
                )),
            }
            self.0.at.borrow_mut().2 = None;
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
fn text(raw: &RawValue) -> Result<Option<Cow<'_, str>>, String> {
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
            quoted(&text(raw).ok().flatten().unwrap_or_default())
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
            text(r)
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
        "a string" => text(raw).map(|t| RawConfidence::Text(t.unwrap_or_default())),
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
        "a string" => match text(raw) {
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
                    "text" => ("estimate.text", text(v).map(|x| p.text = x)),
                    "hedge" => (
                        "estimate.hedge",
                        text(v).and_then(|x| {
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
fn syntax_error(text: &str, e: &serde_json::Error) -> Error {
    let (line, column) = (e.line() as u64, e.column() as u64);
    let offset = offset_of(text, line, column);
    let (context, field) = diagnose(text)
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

/// Re-reads a file that failed to parse, tracking the claim and field being read, and
/// returns them if the failure lies inside the claim list.
fn diagnose(text: &str) -> Option<(usize, Option<String>, Option<String>)> {
    struct TopSeed<'c>(&'c Context, &'c RefCell<bool>);
    impl<'de> Visitor<'de> for TopSeed<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a claim file")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
                if key == "claims" {
                    *self.1.borrow_mut() = true;
                    let mut sink = |_: usize, _: Element<'de>| {};
                    map.next_value_seed(ClaimsSeed {
                        ctx: self.0,
                        sink: &mut sink,
                    })?;
                    *self.1.borrow_mut() = false;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(())
        }
    }
    let ctx = Context::default();
    let inside = RefCell::new(false);
    let mut de = serde_json::Deserializer::from_str(text);
    let failed = de.deserialize_map(TopSeed(&ctx, &inside)).is_err();
    if failed && *inside.borrow() {
        Some(ctx.at.into_inner())
    } else {
        None
    }
}
