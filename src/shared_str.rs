//! [`SharedStr`]: text shared between a claim set and the reports built from it.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

/// Immutable shared text: a claim's id as a [`Report`](crate::Report)'s lists of claims
/// (falsetickers, supporting claims, conflicts, cluster members) hold it. Short text (up to 22 bytes, as most ids are) is kept in place; longer text is
/// shared, so that cloning it never copies more than 24 bytes: a report on a million claims
/// does not copy a million ids (and again for every list that names them).
///
/// It reads like a `&str` (through `Deref`), compares with `str`, `&str` and `String`, and
/// prints and serializes as the plain text.
///
/// ```
/// use sourced::SharedStr;
/// let id = SharedStr::from("wh-1");
/// assert_eq!(id, "wh-1");
/// assert_eq!(vec![id.clone()], ["wh-1"]);
/// assert!(id.starts_with("wh"));
/// assert_eq!(id.to_string(), "wh-1");
/// ```
#[derive(Clone)]
pub struct SharedStr(Repr);

/// The most bytes kept in place: with the variant's tag and the length, 24 bytes in all, the
/// size of a `String` and 8 more than an `Arc<str>`.
const INLINE: usize = 22;

#[derive(Clone)]
enum Repr {
    /// Short text, in place (the first `len` bytes, valid UTF-8). A claim set of a million
    /// claims then holds its ids in its own array, not in a million allocations read with a
    /// cache miss each (preparation reads every id; a loader made and freed every one).
    Inline { len: u8, bytes: [u8; INLINE] },
    /// Longer text, shared.
    Shared(Arc<str>),
}

impl SharedStr {
    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Built only from a `str` (see `inline`), so the check cannot fail; it reads at
            // most 22 bytes already in cache.
            Repr::Inline { .. } => std::str::from_utf8(self.as_bytes()).unwrap_or_default(),
            Repr::Shared(text) => text,
        }
    }

    /// The text's bytes, without the UTF-8 check that [`as_str`](Self::as_str) makes of
    /// short text: for comparing and hashing.
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline { len, bytes } => bytes.get(..usize::from(*len)).unwrap_or_default(),
            Repr::Shared(text) => text.as_bytes(),
        }
    }

    /// Short text in place, or `None` when it is longer than [`INLINE`] bytes.
    fn inline(text: &str) -> Option<SharedStr> {
        let mut bytes = [0u8; INLINE];
        bytes
            .get_mut(..text.len())?
            .copy_from_slice(text.as_bytes());
        Some(SharedStr(Repr::Inline {
            len: text.len() as u8,
            bytes,
        }))
    }
}

/// Equal when the texts are: short text is never shared, so the same text is always held
/// the same way, but the bytes are compared in any case.
impl PartialEq for SharedStr {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for SharedStr {}

/// The order of the texts (`str` orders by bytes).
impl PartialOrd for SharedStr {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SharedStr {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

/// Hashes as the `str` does, so that a map keyed by `SharedStr` can be searched with a
/// `&str` (see `Borrow`).
impl Hash for SharedStr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

/// Short text is copied in place (and the `Arc` dropped); longer text keeps the `Arc`.
impl From<Arc<str>> for SharedStr {
    fn from(text: Arc<str>) -> Self {
        SharedStr::inline(&text).unwrap_or(SharedStr(Repr::Shared(text)))
    }
}

impl From<&str> for SharedStr {
    fn from(text: &str) -> Self {
        SharedStr::inline(text).unwrap_or_else(|| SharedStr(Repr::Shared(text.into())))
    }
}

impl From<String> for SharedStr {
    fn from(text: String) -> Self {
        SharedStr::inline(&text).unwrap_or_else(|| SharedStr(Repr::Shared(text.into())))
    }
}

impl From<SharedStr> for String {
    fn from(text: SharedStr) -> Self {
        text.as_str().to_owned()
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for SharedStr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for SharedStr {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(SharedStr::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    #[test]
    fn short_text_is_in_place_and_long_text_is_shared() {
        let short = "x".repeat(INLINE);
        let long = "x".repeat(INLINE + 1);
        assert!(matches!(
            SharedStr::from(short.as_str()).0,
            Repr::Inline { .. }
        ));
        assert!(matches!(SharedStr::from(long.as_str()).0, Repr::Shared(_)));
        // A short `Arc` is copied in place too, so the same text is always held one way.
        let arc: Arc<str> = Arc::from(short.as_str());
        assert!(matches!(SharedStr::from(arc).0, Repr::Inline { .. }));
        let shared = SharedStr::from(long.clone());
        let clone = shared.clone();
        match (&shared.0, &clone.0) {
            (Repr::Shared(a), Repr::Shared(b)) => assert!(Arc::ptr_eq(a, b)),
            _ => panic!("long text is shared"),
        }
        assert_eq!(SharedStr::from(""), "");
    }

    #[test]
    fn a_character_is_never_split_at_the_inline_limit() {
        // 21 ASCII bytes and a two-byte 'é' make 23: shared; with 20 ASCII bytes, 22: in place.
        for ascii in [20, 21] {
            let text = format!("{}é", "a".repeat(ascii));
            let shared = SharedStr::from(text.as_str());
            assert_eq!(shared, text.as_str());
            assert_eq!(shared.len(), text.len());
        }
    }

    #[test]
    fn a_map_keyed_by_shared_text_is_searched_with_str() {
        let mut map = HashMap::new();
        map.insert(SharedStr::from("wh-1"), 1);
        map.insert(SharedStr::from("a-source-id-longer-than-22-bytes"), 2);
        assert_eq!(map.get("wh-1"), Some(&1));
        assert_eq!(map.get("a-source-id-longer-than-22-bytes"), Some(&2));
        assert_eq!(map.get("wh-2"), None);
    }

    proptest! {
        /// Whatever its length and characters, the text reads, compares, orders and hashes as
        /// the `str` it was made from.
        #[test]
        fn shared_text_behaves_as_its_str(a in "\\PC{0,30}", b in "\\PC{0,30}") {
            use std::hash::BuildHasher;
            let (x, y) = (SharedStr::from(a.as_str()), SharedStr::from(b.clone()));
            prop_assert_eq!(x.as_str(), a.as_str());
            prop_assert_eq!(x.as_bytes(), a.as_bytes());
            prop_assert_eq!(&*y, b.as_str());
            prop_assert_eq!(x == y, a == b);
            prop_assert_eq!(x.cmp(&y), a.as_str().cmp(b.as_str()));
            prop_assert_eq!(x == *b.as_str(), a == b);
            let hasher = std::collections::hash_map::RandomState::new();
            prop_assert_eq!(hasher.hash_one(&x), hasher.hash_one(a.as_str()));
            prop_assert_eq!(String::from(x.clone()), a.clone());
            prop_assert_eq!(x.to_string(), a.clone());
            prop_assert_eq!(format!("{x:?}"), format!("{a:?}"));
        }
    }
}
