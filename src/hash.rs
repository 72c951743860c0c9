//! A fast hasher for the crate's internal maps keyed by claim ids, source ids and pointers.
//!
//! The standard `HashMap` hashes with SipHash-1-3, built to resist collision attacks; on a
//! million short ids it costs more than the sweeps it serves. The maps of preparation and
//! loading use this multiply-rotate hash instead (the "FxHash" of Firefox and rustc: one
//! rotate, xor and multiply per 8 bytes, and a final mix). Its keys come from the claims being reconciled;
//! input crafted to collide slows a map down, it cannot make a result wrong.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The slot of `key` among 2^`bits` (1 to 64): the top bits of a multiplicative hash
/// (Knuth's, with the odd constant closest to 2⁶⁴ divided by the golden ratio), which depend
/// on every bit of the key, not only on the low bits that round numbers leave zero. For the
/// small open tables keyed by integers (distinct ends, distinct weights).
#[inline]
pub(crate) fn fibonacci_slot(key: u64, bits: u32) -> usize {
    key.wrapping_mul(0x9e37_79b9_7f4a_7c15)
        .checked_shr(64 - bits.clamp(1, 64))
        .unwrap_or(0) as usize
}

/// A `HashMap` with [`FastHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// An empty [`FastMap`] with room for `capacity` entries (the loaders size their maps up
/// front).
#[cfg(any(feature = "json", feature = "csv"))]
pub(crate) fn map_with_capacity<K, V>(capacity: usize) -> FastMap<K, V> {
    HashMap::with_capacity_and_hasher(capacity, BuildHasherDefault::default())
}

/// The multiply-rotate hash (see the module docs).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FastHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            for (slot, byte) in word.iter_mut().zip(rest) {
                *slot = *byte;
            }
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u16(&mut self, n: u16) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    /// The multiply leaves the low bits depending on the low bits of the input only, and
    /// the map picks buckets by the low bits: one more xor-shift-multiply spreads the high
    /// bits down (the finaliser of MurmurHash3).
    #[inline]
    fn finish(&self) -> u64 {
        let mut h = self.hash;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_find_what_they_hold() {
        let ids: Vec<String> = (0..10_000).map(|i| format!("claim-{i}")).collect();
        let mut map: FastMap<&str, usize> = FastMap::default();
        for (i, id) in ids.iter().enumerate() {
            assert!(map.insert(id.as_str(), i).is_none());
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(map.get(id.as_str()), Some(&i));
        }
        assert_eq!(map.get("claim-10000"), None);
    }

    #[test]
    fn strings_differing_in_any_byte_hash_apart() {
        let hash = |s: &str| {
            let mut h = FastHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_ne!(hash("abcdefgh1"), hash("abcdefgh2"));
        assert_ne!(hash("a"), hash("b"));
    }
}
