//! The claim list: each record streamed as its fields' raw text, then decoded field by field
//! so that one bad field never hides another.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::claim::ClaimKind;
use crate::confidence::AnalyticConfidence;
use crate::estimate::Hedge;
use crate::io::record::{self, FieldErrors, Parts, RawClaim, RawConfidence, RawEstimate, quoted};

use super::value::{Key, boolean, fields_of, for_each_field, kind_of, number, text_of};

/// The claim being read (position, id once read, field), for syntax errors met inside it.
pub(super) type At<'de> = (usize, Option<&'de RawValue>, Option<Cow<'de, str>>);

/// What the claim being read is, for syntax errors met inside it; `None` outside the list.
#[derive(Default)]
pub(super) struct Context<'de> {
    pub(super) at: RefCell<Option<At<'de>>>,
}

/// The fields of one claim record, as raw text.
#[derive(Default)]
pub(super) struct Fields<'de> {
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
pub(super) enum Element<'de> {
    Fields(Fields<'de>),
    Other(&'static str),
}

pub(super) struct ClaimsSeed<'c, 'de, F> {
    pub(super) ctx: &'c Context<'de>,
    pub(super) sink: &'c mut F,
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

/// Decodes each field of a record; a field that cannot be decoded is a problem and absent.
pub(super) fn decode<'de>(f: &Fields<'de>, errors: &mut FieldErrors) -> RawClaim<'de> {
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
            let before = errors.len();
            let mut p = Parts::default();
            // The value is JSON already checked: only a non-object fails, before any member.
            let read = for_each_field(raw, |k, v| {
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
            });
            if let Err(m) = read {
                record::push(errors, "estimate", m);
                return None;
            }
            (errors.len() == before).then_some(RawEstimate::Parts(p))
        }
        // A bare number is the point claim it names, as if written without a hedge.
        "a number" => match number(raw) {
            Ok(Some(x)) => Some(RawEstimate::Parts(Parts {
                low: Some(x),
                high: Some(x),
                best: Some(x),
                hedge: Some(Hedge::Exact),
                ..Parts::default()
            })),
            Ok(None) => None,
            Err(m) => {
                record::push(errors, "estimate", m);
                None
            }
        },
        other => {
            record::push(
                errors,
                "estimate",
                format!("expected hedged text, a number or an object, found {other}"),
            );
            None
        }
    }
}
