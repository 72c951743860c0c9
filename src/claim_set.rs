//! A collection of claims, grouped by quantity.

use std::hash::Hasher;
use std::sync::Arc;

use crate::claim::Claim;
use crate::error::{Location, Problem, Problems};
use crate::hash::{FastHasher, FastMap};
use crate::quantity::Quantity;

/// A collection of claims, in insertion order, grouped by quantity.
///
/// Collecting never fails; [`ClaimSet::validate`] lists every problem that would make a
/// reconciliation meaningless (duplicate ids, a `restates` or `supersedes` reference to a claim
/// that is not there, two different definitions of one quantity or source id).
///
/// ```
/// use sourced::{Claim, ClaimSet, Estimate, Quantity, Source};
/// let q = Quantity::new("q", "troops")?;
/// let s = Source::new("s", "A source")?;
/// let set: ClaimSet = (1..=3)
///     .map(|i| Claim::new(format!("c{i}"), q.clone(), s.clone(), Estimate::point(f64::from(i) * 1000.0)?))
///     .collect::<Result<_, _>>()?;
/// assert_eq!(set.len(), 3);
/// assert_eq!(set.groups().len(), 1);
/// assert!(set.validate().is_ok());
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct ClaimSet {
    claims: Vec<Claim>,
}

/// The claims of one quantity, borrowed from a [`ClaimSet`], in insertion order.
#[derive(Clone, Debug)]
pub struct QuantityGroup<'a> {
    /// The quantity.
    pub quantity: &'a Arc<Quantity>,
    /// Its claims.
    pub claims: Vec<&'a Claim>,
}

impl ClaimSet {
    /// An empty set.
    pub fn new() -> Self {
        ClaimSet::default()
    }

    /// Adds a claim.
    pub fn push(&mut self, claim: Claim) {
        self.claims.push(claim);
    }

    /// The claims, in insertion order.
    pub fn claims(&self) -> &[Claim] {
        &self.claims
    }

    /// The claims, by value.
    pub fn into_claims(self) -> Vec<Claim> {
        self.claims
    }

    /// An iterator over the claims.
    pub fn iter(&self) -> std::slice::Iter<'_, Claim> {
        self.claims.iter()
    }

    /// How many claims.
    pub fn len(&self) -> usize {
        self.claims.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.claims.is_empty()
    }

    /// The first claim with that id.
    pub fn get(&self, id: &str) -> Option<&Claim> {
        self.claims.iter().find(|c| c.id() == id)
    }

    /// The claims grouped by quantity id, groups in order of first appearance.
    pub fn groups(&self) -> Vec<QuantityGroup<'_>> {
        // Claims of one quantity usually share its `Arc`: a claim with the same pointer as
        // the previous one joins the previous claim's group without hashing the id.
        let mut index: FastMap<&str, usize> = FastMap::default();
        let mut groups: Vec<QuantityGroup<'_>> = Vec::new();
        let mut last: Option<(*const Quantity, usize)> = None;
        for claim in &self.claims {
            let pointer = Arc::as_ptr(claim.quantity());
            let known = match last {
                Some((p, g)) if p == pointer => Some(g),
                _ => index.get(claim.quantity().id()).copied(),
            };
            match known.and_then(|g| Some((g, groups.get_mut(g)?))) {
                Some((g, group)) => {
                    group.claims.push(claim);
                    last = Some((pointer, g));
                }
                None => {
                    index.insert(claim.quantity().id(), groups.len());
                    last = Some((pointer, groups.len()));
                    groups.push(QuantityGroup {
                        quantity: claim.quantity(),
                        claims: vec![claim],
                    });
                }
            }
        }
        groups
    }

    /// The claims about the quantity `id`.
    pub fn group(&self, id: &str) -> Option<QuantityGroup<'_>> {
        self.groups().into_iter().find(|g| g.quantity.id() == id)
    }

    /// Every problem of the set as a whole, or `Ok` when there is none.
    pub fn validate(&self) -> Result<(), Problems> {
        self.validate_numbered().map(drop)
    }

    /// [`ClaimSet::validate`], returning on success the numbering of the sources it made, for
    /// a preparation of the whole set to reuse instead of making it again.
    pub(crate) fn validate_numbered(&self) -> Result<Numbering, Problems> {
        let mut problems = Vec::new();
        let id_of = |i: u32| self.claims.get(i as usize).map_or("", Claim::id);
        // The claims with a problem, each with the kind (0 id, 1 quantity, 2 source), found
        // kind by kind and then put in input order.
        let mut flagged: Vec<(u32, u8)> = duplicates(self.claims.len(), id_of)
            .into_iter()
            .map(|i| (i, 0))
            .collect();
        flagged.extend(
            redefinitions(&self.claims, Claim::quantity, |q| q.id())
                .0
                .into_iter()
                .map(|i| (i, 1)),
        );
        let (redefined, sources) = redefinitions(&self.claims, Claim::source, |s| s.id());
        flagged.extend(redefined.into_iter().map(|i| (i, 2)));
        flagged.sort_unstable();
        for (i, kind) in flagged {
            let Some(claim) = self.claims.get(i as usize) else {
                continue;
            };
            let at = Location::Claim(claim.id().to_owned());
            problems.push(match kind {
                0 => Problem::new(at, Some("id"), "duplicate claim id"),
                1 => Problem::new(
                    at,
                    Some("quantity"),
                    format!(
                        "quantity {:?} is defined in two different ways",
                        claim.quantity().id()
                    ),
                ),
                _ => Problem::new(
                    at,
                    Some("source"),
                    format!(
                        "source {:?} is defined in two different ways",
                        claim.source().id()
                    ),
                ),
            });
        }
        // The targets of links are looked up in an index, built only when there are links.
        let mut ids: Option<IdIndex> = None;
        for claim in &self.claims {
            for (field, target) in [
                ("restates", claim.restates()),
                ("supersedes", claim.supersedes()),
            ] {
                let Some(target) = target else { continue };
                let at = Location::Claim(claim.id().to_owned());
                if target == claim.id() {
                    problems.push(Problem::new(
                        at,
                        Some(field),
                        "a claim cannot refer to itself",
                    ));
                } else if ids
                    .get_or_insert_with(|| IdIndex::of(self.claims.len(), id_of))
                    .get(target, id_of)
                    .is_none()
                {
                    problems.push(Problem::new(
                        at,
                        Some(field),
                        format!("refers to claim {target:?}, which is not in the set"),
                    ));
                }
            }
        }
        if problems.is_empty() {
            Ok(sources)
        } else {
            Err(Problems(problems))
        }
    }
}

/// The distinct `Arc`s (of sources, say) of a list of claims, numbered by [`number_pointers`],
/// with the ids they have.
#[derive(Debug)]
pub(crate) struct Numbering {
    /// Per claim, its pointer's number.
    pub(crate) of_claim: Vec<u32>,
    /// Per number, the first claim with that pointer.
    pub(crate) first: Vec<u32>,
    /// Per number, the first number whose id is the same (see [`first_of_equal`]).
    pub(crate) same_id: Vec<u32>,
}

/// The positions (ascending) of the claims whose quantity (or source, as `get` picks)
/// differs from the last one seen before it with the same id: the definitions that differ.
///
/// Claims share definitions by `Arc`. The distinct pointers are found by sorting (see
/// [`number_pointers`]) and each one's id is read once; only the claims of an id with
/// several pointers are then compared, in input order, with the last definition of their
/// id. When every id has one pointer (the usual case) nothing is compared at all. Also
/// returns the numbering of the pointers and their ids.
fn redefinitions<'a, T: PartialEq + 'a>(
    claims: &'a [Claim],
    get: impl Fn(&'a Claim) -> &'a Arc<T>,
    id: impl Fn(&'a T) -> &'a str,
) -> (Vec<u32>, Numbering) {
    let (of_claim, first) = number_pointers(claims.iter().map(|c| Arc::as_ptr(get(c)) as usize));
    // Per pointer, the first pointer whose id is the same: the ids numbered by sorting
    // hashes, not by a map insert per pointer (see `first_of_equal`).
    let (same_id, repeated) = first_of_equal(first.len(), |k| {
        first
            .get(k as usize)
            .and_then(|&f| claims.get(f as usize))
            .map_or("", |c| id(get(c).as_ref()))
    });
    let numbering = Numbering {
        of_claim,
        first,
        same_id,
    };
    if !repeated {
        return (Vec::new(), numbering);
    }
    let Numbering {
        of_claim, same_id, ..
    } = &numbering;
    let mut pointers = vec![0u32; same_id.len()];
    for &k in same_id {
        if let Some(p) = pointers.get_mut(k as usize) {
            *p += 1;
        }
    }
    let mut found = Vec::new();
    let mut last: Vec<Option<&'a Arc<T>>> = vec![None; pointers.len()];
    for (i, c) in claims.iter().enumerate() {
        let Some(&k) = of_claim.get(i).and_then(|&n| same_id.get(n as usize)) else {
            continue;
        };
        if pointers.get(k as usize).is_none_or(|&p| p <= 1) {
            continue;
        }
        let item = get(c);
        if let Some(seen) = last.get_mut(k as usize) {
            if let Some(before) = *seen
                && !Arc::ptr_eq(before, item)
                && before.as_ref() != item.as_ref()
            {
                found.push(i as u32);
            }
            *seen = Some(item);
        }
    }
    (found, numbering)
}

/// Numbers the distinct values of `pointers` (addresses of shared `Arc`s): per position its
/// pointer's number, and per number the first position with that pointer.
///
/// Sorting `(address, position)` pairs is far cheaper than looking every claim's pointer up
/// in a hash table: a million lookups at random places of a table too large for the cache
/// cost more than the sort. The pair is packed into one `u64` (the address less the
/// smallest one, above the position's bits) when both fit, as they do when the `Arc`s were
/// allocated near each other; else into a `u128`. (Numbers follow the address order, which
/// nothing downstream depends on.)
pub(crate) fn number_pointers(pointers: impl Iterator<Item = usize>) -> (Vec<u32>, Vec<u32>) {
    let pointers: Vec<usize> = pointers.collect();
    let n = pointers.len();
    let low = pointers.iter().copied().min().unwrap_or(0);
    let high = pointers.iter().copied().max().unwrap_or(0);
    let position_bits = usize::BITS - n.leading_zeros();
    let range_bits = usize::BITS - (high - low).leading_zeros();
    let mut number = vec![0u32; n];
    let mut first = Vec::new();
    // Visits the runs of one address in the sorted keys, the positions of each ascending.
    let mut run_of = |positions: &mut dyn Iterator<Item = usize>| {
        let k = first.len() as u32;
        let mut positions = positions.peekable();
        first.extend(positions.peek().map(|&i| i as u32));
        for i in positions {
            if let Some(slot) = number.get_mut(i) {
                *slot = k;
            }
        }
    };
    if position_bits + range_bits <= 64 {
        let mask = (1u64 << position_bits) - 1;
        let mut keys: Vec<u64> = pointers
            .iter()
            .enumerate()
            .map(|(i, &p)| ((p - low) as u64) << position_bits | i as u64)
            .collect();
        drop(pointers);
        keys.sort_unstable();
        for run in keys.chunk_by(|a, b| a >> position_bits == b >> position_bits) {
            run_of(&mut run.iter().map(|&key| (key & mask) as usize));
        }
    } else {
        let mut keys: Vec<u128> = pointers
            .iter()
            .enumerate()
            .map(|(i, &p)| (p as u128) << 64 | i as u128)
            .collect();
        drop(pointers);
        keys.sort_unstable();
        for run in keys.chunk_by(|a, b| a >> 64 == b >> 64) {
            run_of(&mut run.iter().map(|&key| key as u64 as usize));
        }
    }
    (number, first)
}

/// Per position `k < n`, the first position whose text `text_of(k)` is the same (`k` itself
/// for the first), and whether any text repeats: the texts numbered by sorting their hashes
/// ([`duplicate_pairs`]) instead of one map insert per text, which at a few hundred
/// thousand texts costs a cache miss each. For texts that are nearly all distinct (source
/// ids); see [`first_of_repeated`] for texts that repeat.
pub(crate) fn first_of_equal<'s>(n: usize, text_of: impl Fn(u32) -> &'s str) -> (Vec<u32>, bool) {
    let mut first: Vec<u32> = (0..n as u32).collect();
    let pairs = duplicate_pairs(n, text_of);
    for &(duplicate, original) in &pairs {
        if let Some(f) = first.get_mut(duplicate as usize) {
            *f = original;
        }
    }
    (first, !pairs.is_empty())
}

/// As [`first_of_equal`], for texts that repeat (group names: a few per group).
///
/// The texts go through a table of the distinct ones seen so far, each kept with its hash
/// and its first 16 bytes, so that a repeated text is recognised without reading the first
/// one again. Sorting hashes compares each repeat with its first text at a random place of
/// the input, a cache miss each: 30 of the 40 ms that numbering the groups of 300,000
/// sources took. (When nearly every text is distinct the table is the larger cost, as big
/// as the input and read at random, and sorting wins.) Texts longer than 16 bytes are
/// compared whole when hash and prefix match.
pub(crate) fn first_of_repeated<'s>(
    n: usize,
    text_of: impl Fn(u32) -> &'s str,
) -> (Vec<u32>, bool) {
    first_of_repeated_by(n, text_of, id_hash)
}

/// [`first_of_repeated`] with the texts hashed by `hash` (a test makes every hash collide).
fn first_of_repeated_by<'s>(
    n: usize,
    text_of: impl Fn(u32) -> &'s str,
    hash: impl Fn(&[u8]) -> u64,
) -> (Vec<u32>, bool) {
    let mut table = TextTable::default();
    let mut repeated = false;
    let first = (0..n as u32)
        .map(|k| {
            let text = text_of(k);
            let f = table.first_of(
                TextEntry::of(text, hash(text.as_bytes()), k),
                text,
                &text_of,
            );
            repeated |= f != k;
            f
        })
        .collect();
    (first, repeated)
}

/// The distinct texts of [`first_of_repeated`]: an open-addressing table (linear probing, at
/// most half full) of indices into `entries`.
#[derive(Default)]
struct TextTable {
    /// `u32::MAX` for an empty slot, else an index into `entries`.
    slots: Vec<u32>,
    entries: Vec<TextEntry>,
}

/// A distinct text: its hash, length and first 16 bytes (zero-padded), and the first
/// position that has it.
#[derive(Clone, Copy)]
struct TextEntry {
    hash: u64,
    prefix: [u8; 16],
    len: u32,
    first: u32,
}

impl TextEntry {
    fn of(text: &str, hash: u64, first: u32) -> TextEntry {
        let mut prefix = [0u8; 16];
        for (p, &b) in prefix.iter_mut().zip(text.as_bytes()) {
            *p = b;
        }
        TextEntry {
            hash,
            prefix,
            // Texts past 4 GB share a length here and are compared whole.
            len: u32::try_from(text.len()).unwrap_or(u32::MAX),
            first,
        }
    }
}

impl TextTable {
    /// The first position with `text`, whose entry is `entry` (made for its own position,
    /// which is returned when the text is new: it is then added); `text_of` gives the text
    /// of a position, to compare long texts whole.
    fn first_of<'s>(
        &mut self,
        entry: TextEntry,
        text: &str,
        text_of: &impl Fn(u32) -> &'s str,
    ) -> u32 {
        let k = entry.first;
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = entry.hash as usize & mask;
        while let Some(&slot) = self.slots.get(i) {
            let Some(seen) = self.entries.get(slot as usize) else {
                // An empty slot: the text is new.
                if let Some(s) = self.slots.get_mut(i) {
                    *s = self.entries.len() as u32;
                }
                self.entries.push(entry);
                return k;
            };
            if seen.hash == entry.hash
                && seen.len == entry.len
                && seen.prefix == entry.prefix
                && (entry.len <= 16 || text_of(seen.first) == text)
            {
                return seen.first;
            }
            i = (i + 1) & mask;
        }
        k
    }

    /// Doubles the slots (at least 1,024) and places every entry again.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        self.slots = vec![u32::MAX; size];
        let mask = size - 1;
        for (index, entry) in self.entries.iter().enumerate() {
            let mut i = entry.hash as usize & mask;
            while let Some(slot) = self.slots.get_mut(i) {
                if *slot == u32::MAX {
                    *slot = index as u32;
                    break;
                }
                i = (i + 1) & mask;
            }
        }
    }
}

/// The positions (ascending) of the claims whose id an earlier claim already has: the
/// duplicates, found without a hash table.
///
/// The ids are hashed and sorted by hash ([`sorted_by_hash`]), and compared only within the
/// runs that share their hash bits.
pub(crate) fn duplicates<'s>(n: usize, id_of: impl Fn(u32) -> &'s str) -> Vec<u32> {
    duplicate_pairs(n, id_of)
        .into_iter()
        .map(|(duplicate, _)| duplicate)
        .collect()
}

/// As [`duplicates`], each duplicate with the position of the first with its id.
pub(crate) fn duplicate_pairs<'s>(n: usize, id_of: impl Fn(u32) -> &'s str) -> Vec<(u32, u32)> {
    duplicate_pairs_hashed((0..n as u32).map(|i| id_hash(id_of(i).as_bytes())), &id_of)
}

/// The hash of an id's bytes, as [`duplicates_hashed`] wants them.
pub(crate) fn id_hash(id: &[u8]) -> u64 {
    let mut hasher = FastHasher::default();
    hasher.write(id);
    hasher.finish()
}

/// [`duplicates`] from the ids' hashes ([`id_hash`]) made already, in a pass that read the
/// ids anyway (preparation's pass over the claims): the claims are not read again for them.
pub(crate) fn duplicates_hashed<'s>(
    hashes: impl Iterator<Item = u64>,
    id_of: impl Fn(u32) -> &'s str,
) -> Vec<u32> {
    duplicate_pairs_hashed(hashes, id_of)
        .into_iter()
        .map(|(duplicate, _)| duplicate)
        .collect()
}

/// [`duplicate_pairs`] from the ids' hashes, in position order.
fn duplicate_pairs_hashed<'s>(
    hashes: impl Iterator<Item = u64>,
    id_of: impl Fn(u32) -> &'s str,
) -> Vec<(u32, u32)> {
    let keys = sorted_by_hash(hashes.zip(0u32..));
    let mut found = Vec::new();
    // A run of equal hash bits: usually one id, rarely a few different ones. Each member is
    // compared with the distinct ids of its run seen so far (in input order: the first of
    // each is the original, the rest are duplicates), so a run of one repeated id is linear.
    let mut distinct: Vec<(&str, u32)> = Vec::new();
    for run in shared_hash_runs(&keys) {
        distinct.clear();
        for position in run {
            let id = id_of(position);
            match distinct.iter().find(|(seen, _)| *seen == id) {
                Some(&(_, first)) => found.push((position, first)),
                None => distinct.push((id, position)),
            }
        }
    }
    found.sort_unstable();
    found
}

/// `(hash, position)` pairs packed as the high 32 bits of the hash above the position, and
/// sorted: positions whose hashes share those bits end up next to each other, in position
/// order. A sequential pass and one sort of plain integers cost far less than a million
/// inserts at random places of a table; see [`shared_hash_runs`].
pub(crate) fn sorted_by_hash(pairs: impl Iterator<Item = (u64, u32)>) -> Vec<u64> {
    let mut keys: Vec<u64> = pairs
        .map(|(hash, position)| hash_key(hash, position))
        .collect();
    keys.sort_unstable();
    keys
}

/// One key of [`sorted_by_hash`], for a caller that gathers its keys as it goes.
pub(crate) fn hash_key(hash: u64, position: u32) -> u64 {
    hash >> 32 << 32 | u64::from(position)
}

/// The runs of [`sorted_by_hash`] keys that share their hash bits and hold more than one
/// position, each as its positions in order: the only places where equal texts (or equal
/// anything hashed) can be.
pub(crate) fn shared_hash_runs(keys: &[u64]) -> impl Iterator<Item = impl Iterator<Item = u32>> {
    keys.chunk_by(|a, b| a >> 32 == b >> 32)
        .filter(|run| run.len() > 1)
        .map(|run| run.iter().map(|&key| key as u32))
}

/// A set of claim ids, each mapped to a claim position, for validation and preparation.
///
/// An open-addressing table (linear probing, at most half full) of `u64` slots, each the
/// high 32 bits of the id's hash and the position: 8 bytes a slot instead of a map entry's
/// 24, and ids are compared only when the stored hash bits match. The ids themselves are
/// not stored: `id_of(position)` reads them from the claims.
pub(crate) struct IdIndex {
    slots: Vec<u64>,
    mask: usize,
}

/// An empty slot (no position is `u32::MAX`: positions are below the claim count, which is
/// at most `u32::MAX`).
const EMPTY: u64 = u64::MAX;

impl IdIndex {
    /// An empty index with room for `n` ids.
    fn with_capacity(n: usize) -> IdIndex {
        let size = n.saturating_mul(2).max(8).next_power_of_two();
        IdIndex {
            slots: vec![EMPTY; size],
            mask: size - 1,
        }
    }

    /// The index of the ids `id_of(0..n)` (a repeated id maps to its last position).
    pub(crate) fn of<'s>(n: usize, id_of: impl Fn(u32) -> &'s str) -> IdIndex {
        let mut index = IdIndex::with_capacity(n);
        for i in 0..n as u32 {
            index.insert(id_of(i), i, &id_of);
        }
        index
    }

    /// Maps `id` to `position`; returns the position it mapped to before, if any (the index
    /// then keeps the new position, as a map's `insert` does).
    pub(crate) fn insert<'s>(
        &mut self,
        id: &str,
        position: u32,
        id_of: impl Fn(u32) -> &'s str,
    ) -> Option<u32> {
        let hash = id_hash(id.as_bytes());
        let tag = hash >> 32;
        let mut k = hash as usize & self.mask;
        loop {
            let slot = self.slots.get_mut(k)?;
            if *slot == EMPTY {
                *slot = tag << 32 | u64::from(position);
                return None;
            }
            let found = *slot as u32;
            if *slot >> 32 == tag && id_of(found) == id {
                *slot = tag << 32 | u64::from(position);
                return Some(found);
            }
            k = (k + 1) & self.mask;
        }
    }

    /// The position of `id`, if it is in the index.
    pub(crate) fn get<'s>(&self, id: &str, id_of: impl Fn(u32) -> &'s str) -> Option<u32> {
        let hash = id_hash(id.as_bytes());
        let tag = hash >> 32;
        let mut k = hash as usize & self.mask;
        loop {
            let slot = *self.slots.get(k)?;
            if slot == EMPTY {
                return None;
            }
            if slot >> 32 == tag && id_of(slot as u32) == id {
                return Some(slot as u32);
            }
            k = (k + 1) & self.mask;
        }
    }
}

impl FromIterator<Claim> for ClaimSet {
    fn from_iter<I: IntoIterator<Item = Claim>>(iter: I) -> Self {
        ClaimSet {
            claims: iter.into_iter().collect(),
        }
    }
}

impl Extend<Claim> for ClaimSet {
    fn extend<I: IntoIterator<Item = Claim>>(&mut self, iter: I) {
        self.claims.extend(iter);
    }
}

impl IntoIterator for ClaimSet {
    type Item = Claim;
    type IntoIter = std::vec::IntoIter<Claim>;
    fn into_iter(self) -> Self::IntoIter {
        self.claims.into_iter()
    }
}

impl<'a> IntoIterator for &'a ClaimSet {
    type Item = &'a Claim;
    type IntoIter = std::slice::Iter<'a, Claim>;
    fn into_iter(self) -> Self::IntoIter {
        self.claims.iter()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::*;
    use crate::{Estimate, Quantity, Source};

    /// The straightforward validation (one map insert per claim) that `validate` must match.
    fn reference(set: &ClaimSet) -> Vec<(String, Option<String>)> {
        let mut found = Vec::new();
        let mut ids = HashSet::new();
        let mut quantities: HashMap<&str, &Quantity> = HashMap::new();
        let mut sources: HashMap<&str, &Source> = HashMap::new();
        for c in set.iter() {
            if !ids.insert(c.id()) {
                found.push((c.id().to_owned(), Some("id".to_owned())));
            }
            if let Some(seen) = quantities.insert(c.quantity().id(), c.quantity())
                && seen != c.quantity().as_ref()
            {
                found.push((c.id().to_owned(), Some("quantity".to_owned())));
            }
            if let Some(seen) = sources.insert(c.source().id(), c.source())
                && seen != c.source().as_ref()
            {
                found.push((c.id().to_owned(), Some("source".to_owned())));
            }
        }
        found
    }

    proptest::proptest! {
        /// Each text is numbered by its first position, as a map from text to first position
        /// numbers it: short texts, texts that share their first 16 bytes and differ after,
        /// and enough of them (up to 3,000) for the table to grow.
        #[test]
        fn equal_texts_are_numbered_by_their_first_position(
            picks in proptest::collection::vec(0usize..700, 0..3000),
        ) {
            let texts: Vec<String> = picks
                .iter()
                .map(|&p| match p % 3 {
                    0 => format!("g{p}"),
                    1 => format!("a-long-shared-prefix-{p}"),
                    _ => format!("{p}-{}", "x".repeat(p % 20)),
                })
                .collect();
            let text_of = |k: u32| texts[k as usize].as_str();
            let (first, repeated) = first_of_repeated(texts.len(), text_of);
            let sorted = first_of_equal(texts.len(), text_of);
            proptest::prop_assert_eq!(sorted, (first.clone(), repeated));
            let mut seen: HashMap<&str, u32> = HashMap::new();
            let expected: Vec<u32> = texts
                .iter()
                .enumerate()
                .map(|(k, t)| *seen.entry(t.as_str()).or_insert(k as u32))
                .collect();
            proptest::prop_assert_eq!(&first, &expected);
            proptest::prop_assert_eq!(repeated, seen.len() < texts.len());
            // With every hash colliding (or only the lengths hashed), texts are told apart
            // by their prefix and, past 16 bytes, compared whole (on the first 500 texts:
            // every probe then runs through all the distinct texts).
            let some = texts.len().min(500);
            for hash in [|_: &[u8]| 0u64, |t: &[u8]| t.len() as u64] {
                let (colliding, _) = first_of_repeated_by(some, text_of, hash);
                proptest::prop_assert_eq!(colliding.as_slice(), &expected[..some]);
            }
            proptest::prop_assert_eq!(
                duplicates_hashed((0..some).map(|_| 0), text_of),
                duplicates(some, text_of)
            );
            // Duplicates found from hashes made elsewhere are those found from the texts.
            let hashes = texts.iter().map(|t| id_hash(t.as_bytes()));
            proptest::prop_assert_eq!(
                duplicates_hashed(hashes, text_of),
                duplicates(texts.len(), text_of)
            );
        }
    }

    #[test]
    fn pointers_are_numbered_in_both_packings() {
        // Near addresses pack into a u64; addresses far apart need a u128.
        for pointers in [
            vec![48, 16, 48, 32, 16],
            vec![usize::MAX, 0, usize::MAX, 8, 0],
        ] {
            let (number, first) = number_pointers(pointers.iter().copied());
            assert_eq!(first.len(), 3);
            for (i, &p) in pointers.iter().enumerate() {
                let f = first[number[i] as usize] as usize;
                assert_eq!(pointers[f], p);
                assert_eq!(pointers.iter().position(|&q| q == p), Some(f));
            }
        }
        assert_eq!(number_pointers(std::iter::empty()), (vec![], vec![]));
    }

    #[test]
    fn validation_matches_the_straightforward_one() {
        let q = [
            Arc::new(Quantity::new("q", "troops").unwrap()),
            Arc::new(Quantity::new("q", "troops").unwrap()),
            Arc::new(Quantity::new("q", "people").unwrap()),
            Arc::new(Quantity::new("r", "troops").unwrap()),
        ];
        let s = [
            Arc::new(Source::new("a", "A").unwrap()),
            Arc::new(Source::new("a", "A").unwrap()),
            Arc::new(Source::new("a", "Another A").unwrap()),
            Arc::new(Source::new("b", "B").unwrap()),
        ];
        let mut state = 0x9e37_79b9_u64;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % n) as usize
        };
        for round in 0..200 {
            let len = 1 + round % 12;
            let set: ClaimSet = (0..len)
                .map(|_| {
                    Claim::new(
                        format!("c{}", next(8)),
                        q[next(4)].clone(),
                        s[next(4)].clone(),
                        Estimate::point(1.0).unwrap(),
                    )
                    .unwrap()
                })
                .collect();
            let got: Vec<(String, Option<String>)> = match set.validate() {
                Ok(()) => Vec::new(),
                Err(Problems(problems)) => problems
                    .iter()
                    .map(|p| match &p.location {
                        Location::Claim(id) => (id.clone(), p.field.clone()),
                        other => panic!("unexpected location {other:?}"),
                    })
                    .collect(),
            };
            assert_eq!(got, reference(&set), "round {round}");
        }
    }
}
