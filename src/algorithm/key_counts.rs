//! How often each of a few distinct integer keys occurs, counted in a small hash table.
//!
//! People say round numbers, so the ends of a million claims often take only a few thousand
//! distinct values. Where the order of the ends matters only up to ties (counting how many
//! ends lie before each start, say), counting each distinct end in a table and sorting the
//! few distinct keys replaces sorting all of them: one look-up per end in a table that stays
//! in cache, instead of the O(n log n) moves of a sort. The table refuses a key once it holds
//! more distinct keys than its limit, and the caller then sorts after all; a pass wasted that
//! way costs a fraction of the sort that follows it.

use crate::hash::fibonacci_slot;

/// The empty slot. A key equal to it is refused (the caller sorts instead).
const EMPTY: u64 = u64::MAX;

/// What a table adds up per key: a count of occurrences (`u32`, the usual case) or a sum of
/// integer weights (`u128`).
pub(crate) trait Tally: Copy {
    /// Nothing yet.
    const ZERO: Self;
    /// `self + more`, `None` on overflow.
    fn plus(self, more: Self) -> Option<Self>;
}

impl Tally for u32 {
    const ZERO: u32 = 0;
    #[inline]
    fn plus(self, more: u32) -> Option<u32> {
        self.checked_add(more)
    }
}

impl Tally for u128 {
    const ZERO: u128 = 0;
    #[inline]
    fn plus(self, more: u128) -> Option<u128> {
        self.checked_add(more)
    }
}

/// Counts (or sums, see [`Tally`]) of distinct `u64` keys, by open addressing with linear
/// probing (see the module docs).
pub(crate) struct KeyCounts<C: Tally = u32> {
    keys: Vec<u64>,
    counts: Vec<C>,
    /// How many distinct keys it holds.
    distinct: usize,
    /// log₂ of the number of slots, now and at most.
    bits: u32,
    max_bits: u32,
    /// Set once a key has been refused: the counts are incomplete for good.
    refused: bool,
}

impl KeyCounts<u32> {
    /// Counts one more `key`. `false` when the table is full (more than its limit of
    /// distinct keys), a count would overflow, or the key is `u64::MAX`: the counts are then
    /// incomplete, the caller must not use them, and every later call is `false` too.
    #[inline]
    pub(crate) fn add(&mut self, key: u64) -> bool {
        self.add_n(key, 1)
    }
}

impl<C: Tally> KeyCounts<C> {
    /// An empty table that holds at most 2^(`max_bits` − 1) distinct keys.
    pub(crate) fn new(max_bits: u32) -> KeyCounts<C> {
        let max_bits = max_bits.clamp(1, 30);
        let bits = max_bits.min(10);
        KeyCounts {
            keys: vec![EMPTY; 1 << bits],
            counts: vec![C::ZERO; 1 << bits],
            distinct: 0,
            bits,
            max_bits,
            refused: false,
        }
    }

    /// Adds `n` to `key`'s tally; `false` as [`add`](KeyCounts::add) is.
    #[inline]
    pub(crate) fn add_n(&mut self, key: u64, n: C) -> bool {
        // The common case first: the key sits in its own slot (most keys have been met, and
        // at most half the slots are taken), with no loop to mispredict.
        let slot = fibonacci_slot(key, self.bits);
        if let (Some(&here), Some(count)) = (self.keys.get(slot), self.counts.get_mut(slot))
            && here == key
            && key != EMPTY
            && !self.refused
            && let Some(more) = count.plus(n)
        {
            *count = more;
            return true;
        }
        let counted = !self.refused && key != EMPTY && self.count(key, n);
        self.refused |= !counted;
        counted
    }

    /// The rest of [`add_n`](Self::add_n): probing, a new key, growing, refusing. Kept out of
    /// line so that the common case stays a few instructions.
    #[inline(never)]
    fn count(&mut self, key: u64, n: C) -> bool {
        let mask = self.keys.len() - 1;
        let mut slot = fibonacci_slot(key, self.bits);
        loop {
            let Some(&here) = self.keys.get(slot) else {
                return false;
            };
            if here == key {
                return match self.counts.get_mut(slot) {
                    Some(count) => count.plus(n).map(|c| *count = c).is_some(),
                    None => false,
                };
            }
            if here == EMPTY {
                if let (Some(k), Some(c)) = (self.keys.get_mut(slot), self.counts.get_mut(slot)) {
                    (*k, *c) = (key, n);
                }
                self.distinct += 1;
                // At most half full, so that probes stay short.
                return 2 * self.distinct <= self.keys.len() || self.grow();
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Doubles the slots and places every key again; `false` past the limit.
    fn grow(&mut self) -> bool {
        if self.bits >= self.max_bits {
            return false;
        }
        self.bits += 1;
        let keys = std::mem::replace(&mut self.keys, vec![EMPTY; 1 << self.bits]);
        let counts = std::mem::replace(&mut self.counts, vec![C::ZERO; 1 << self.bits]);
        let mask = self.keys.len() - 1;
        for (key, count) in keys.into_iter().zip(counts).filter(|&(k, _)| k != EMPTY) {
            let mut slot = fibonacci_slot(key, self.bits);
            while self.keys.get(slot).is_some_and(|&k| k != EMPTY) {
                slot = (slot + 1) & mask;
            }
            if let (Some(k), Some(c)) = (self.keys.get_mut(slot), self.counts.get_mut(slot)) {
                (*k, *c) = (key, count);
            }
        }
        true
    }

    /// The distinct keys with their counts, in increasing key order.
    pub(crate) fn sorted(self) -> Vec<(u64, C)> {
        let mut pairs: Vec<(u64, C)> = self
            .keys
            .into_iter()
            .zip(self.counts)
            .filter(|&(k, _)| k != EMPTY)
            .collect();
        // The keys are distinct.
        pairs.sort_unstable_by_key(|&(key, _)| key);
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    #[test]
    fn refuses_more_distinct_keys_than_its_limit_and_the_empty_key() {
        // 2^3 slots at most: four distinct keys fit, the fifth does not.
        let mut counts = KeyCounts::new(3);
        assert!((0..4).all(|k| counts.add(k * 1000)));
        assert!(counts.add(0));
        assert!(!counts.add(5000));
        // Refused for good: even a key it holds.
        assert!(!counts.add(0));
        assert!(!KeyCounts::new(8).add(u64::MAX));
    }

    proptest! {
        #[test]
        fn counts_match_a_map(
            keys in prop::collection::vec((0u64..300).prop_map(|k| k << 40), 0..2000),
            max_bits in 1u32..12,
        ) {
            let mut counts = KeyCounts::new(max_bits);
            let complete = keys.iter().all(|&k| counts.add(k));
            let mut map = BTreeMap::new();
            for &k in &keys {
                *map.entry(k).or_insert(0u32) += 1;
            }
            // Complete exactly when the distinct keys fit the limit.
            prop_assert_eq!(complete, map.len() <= 1 << (max_bits - 1));
            if complete {
                let expected: Vec<(u64, u32)> = map.into_iter().collect();
                prop_assert_eq!(counts.sorted(), expected);
            }
        }
    }
}
