//! Compact per-claim columns of an [`Evidence`](crate::Evidence), built once when it is
//! assembled.
//!
//! A prepared claim is an 80-byte record; a pass over a million of them reads 80 MB, and a
//! claim's id is three pointer hops away (prepared claim, claim, text). The sweeps and the
//! passes that build their outputs need only a few bytes of each claim, so the evidence keeps
//! those bytes side by side:
//!
//! - its **origin** (4 bytes), for the trackers that count origins;
//! - the **packed ends** of the counted claims (16 bytes; see the `endpoints` module), which
//!   [`Endpoints::new`](crate::Endpoints::new) copies and sorts;
//! - the **packed judged ends** of the counted claims (16 bytes): the ends of the interval
//!   each is judged by when deciding whether it supports a region, which for a claim of an
//!   origin judged as a whole is the intersection of the origin's claims (see
//!   `Evidence::judged_interval`). Reading them in claim order costs no look-up per origin:
//!   with hundreds of thousands of origins in any order, that look-up is a cache miss.
//! - an **id key** (8 bytes) that orders claims as their id texts do wherever two keys
//!   differ, so that breaking a tie between thousands of claims at one value compares
//!   integers, not texts in scattered allocations.

use crate::algorithm::endpoints::PackedEnds;
use crate::algorithm::prepare::PreparedClaim;
use crate::interval::Interval;

/// The columns (see the module docs).
#[derive(Clone, Debug, Default)]
pub(crate) struct Columns {
    /// Per claim, its origin.
    pub(crate) origin: Vec<u32>,
    /// The ends of the counted claims, packed for sorting, in claim order.
    pub(crate) ends: PackedEnds,
    /// Per claim, its id key (see [`id_keys`]); empty when the claims have no id texts.
    pub(crate) id_key: Vec<u64>,
    /// The ends of the intervals the counted claims are judged by, packed like `ends`; empty
    /// when every claim is judged by its own interval.
    pub(crate) judged_ends: PackedEnds,
}

impl Columns {
    /// The columns of `claims`, of which `counted` count; `whole` is, per origin judged as a
    /// whole, the interval it asserts (empty when there is none).
    pub(crate) fn new(
        claims: &[PreparedClaim<'_>],
        counted: usize,
        whole: &[Option<Interval>],
    ) -> Columns {
        let counted_claims = || {
            claims
                .iter()
                .enumerate()
                .filter(|(_, c)| c.is_counted())
                .map(|(i, c)| (i as u32, c))
        };
        let judged_ends = if whole.iter().any(Option::is_some) {
            PackedEnds::new(
                counted_claims().map(|(i, c)| {
                    let judged = whole.get(c.origin() as usize).copied().flatten();
                    (i, judged.unwrap_or(*c.interval()))
                }),
                claims.len(),
                counted,
            )
        } else {
            PackedEnds::default()
        };
        Columns {
            origin: claims.iter().map(PreparedClaim::origin).collect(),
            ends: PackedEnds::new(
                counted_claims().map(|(i, c)| (i, *c.interval())),
                claims.len(),
                counted,
            ),
            judged_ends,
            id_key: id_keys(claims.iter().map(PreparedClaim::id_text)),
        }
    }
}

/// Per text, an integer whose order agrees with the order of the texts wherever two integers
/// differ: the eight bytes that follow the prefix all the texts share, big-endian, padded
/// with zeros. Equal keys say nothing (the texts may differ further on, or one may end where
/// the other has a zero byte), and the texts must then be compared. Ids such as `c17` and
/// `c170001` differ within eight bytes of their shared prefix, so their keys decide.
///
/// Empty when some text is missing: claims of plain intervals have none, and are ordered by
/// position.
fn id_keys<'t>(texts: impl Iterator<Item = Option<&'t str>> + Clone) -> Vec<u64> {
    let mut shared: Option<&[u8]> = None;
    for text in texts.clone() {
        let Some(text) = text else {
            return Vec::new();
        };
        let bytes = text.as_bytes();
        shared = Some(match shared {
            None => bytes,
            Some(prefix) => {
                let same = prefix.iter().zip(bytes).take_while(|(a, b)| a == b).count();
                prefix.get(..same).unwrap_or_default()
            }
        });
    }
    let skip = shared.map_or(0, <[u8]>::len);
    texts
        .map(|text| {
            let rest = text
                .and_then(|t| t.as_bytes().get(skip..))
                .unwrap_or_default();
            let mut key = [0u8; 8];
            for (slot, &b) in key.iter_mut().zip(rest) {
                *slot = b;
            }
            u64::from_be_bytes(key)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(texts: &[&str]) -> Vec<u64> {
        id_keys(texts.iter().map(|t| Some(*t)))
    }

    #[test]
    fn keys_skip_the_shared_prefix() {
        let k = keys(&["claim-0010", "claim-0002", "claim-0100"]);
        assert!(k[1] < k[0] && k[0] < k[2]);
        // The shared prefix is `claim-0`.
        assert_eq!(k[0], u64::from_be_bytes(*b"010\0\0\0\0\0"));
    }

    #[test]
    fn missing_texts_give_no_keys() {
        assert!(id_keys([Some("a"), None].into_iter()).is_empty());
        assert!(id_keys(std::iter::empty()).is_empty());
    }

    proptest::proptest! {
        /// Wherever two keys differ, they order the texts as the texts order themselves.
        #[test]
        fn differing_keys_agree_with_the_texts(
            texts in proptest::collection::vec("(id-)?[a-c\\x00]{0,12}", 1..40)
        ) {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let k = keys(&refs);
            for (i, a) in refs.iter().enumerate() {
                for (j, b) in refs.iter().enumerate() {
                    if k[i] != k[j] {
                        proptest::prop_assert_eq!(k[i].cmp(&k[j]), a.cmp(b));
                    }
                }
            }
        }
    }
}
