//! Raw JSON values read without building a `serde_json::Value`: strings borrowed when they
//! have no escapes, numbers checked as written, object members in order.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::io::record::{self, quoted};

/// The members of a JSON object, as raw text.
pub(super) fn fields_of(raw: &RawValue) -> Result<Vec<(Cow<'_, str>, &RawValue)>, String> {
    let mut fields = Vec::new();
    for_each_field(raw, |key, value| fields.push((key, value)))?;
    Ok(fields)
}

/// The members of a JSON object, handed to `each` in order (duplicates included) without
/// being collected: an estimate object per claim need not allocate.
pub(super) fn for_each_field<'a>(
    raw: &'a RawValue,
    each: impl FnMut(Cow<'a, str>, &'a RawValue),
) -> Result<(), String> {
    struct V<F>(F);
    impl<'de, F: FnMut(Cow<'de, str>, &'de RawValue)> Visitor<'de> for V<F> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
            while let Some(k) = map.next_key::<Key<'de>>()? {
                let v = map.next_value::<&'de RawValue>()?;
                (self.0)(k.0, v);
            }
            Ok(())
        }
    }
    if !raw.get().starts_with('{') {
        return Err(format!("expected an object, found {}", kind_of(raw.get())));
    }
    let mut de = serde_json::Deserializer::from_str(raw.get());
    de.deserialize_map(V(each))
        .and_then(|()| de.end())
        .map_err(|e| strip(&e))
}

/// A string that borrows from the input when it has no escapes.
pub(super) struct Key<'de>(pub(super) Cow<'de, str>);

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

/// What a JSON value is, from its first byte.
pub(super) fn kind_of(raw: &str) -> &'static str {
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
pub(super) fn text_of(raw: &RawValue) -> Result<Option<Cow<'_, str>>, String> {
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
pub(super) fn number(raw: &RawValue) -> Result<Option<f64>, String> {
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

pub(super) fn boolean(raw: &RawValue) -> Result<bool, String> {
    match raw.get() {
        "null" | "false" => Ok(false),
        "true" => Ok(true),
        other => Err(format!("expected true or false, found {}", kind_of(other))),
    }
}

/// serde_json's message without its " at line L column C" suffix.
pub(super) fn strip(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rsplit_once(" at line ") {
        Some((head, _)) => head.to_owned(),
        None => s,
    }
}
