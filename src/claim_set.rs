//! A collection of claims, grouped by quantity.

use std::hash::Hasher;
use std::sync::Arc;

use crate::claim::Claim;
use crate::error::{Location, Problem, Problems};
use crate::hash::{FastHasher, FastMap};
use crate::quantity::Quantity;
use crate::source::Source;

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
        let mut problems = Vec::new();
        let id_of = |i: u32| self.claims.get(i as usize).map_or("", Claim::id);
        let mut duplicates = duplicates(self.claims.len(), id_of).into_iter().peekable();
        let mut quantities = Definitions::<Quantity>::default();
        let mut sources = Definitions::<Source>::default();
        for (i, claim) in self.claims.iter().enumerate() {
            let at = || Location::Claim(claim.id().to_owned());
            if duplicates.next_if_eq(&(i as u32)).is_some() {
                problems.push(Problem::new(at(), Some("id"), "duplicate claim id"));
            }
            let q = claim.quantity();
            if quantities.redefines(q, |q| q.id()) {
                problems.push(Problem::new(
                    at(),
                    Some("quantity"),
                    format!("quantity {:?} is defined in two different ways", q.id()),
                ));
            }
            let s = claim.source();
            if sources.redefines(s, |s| s.id()) {
                problems.push(Problem::new(
                    at(),
                    Some("source"),
                    format!("source {:?} is defined in two different ways", s.id()),
                ));
            }
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
            Ok(())
        } else {
            Err(Problems(problems))
        }
    }
}

/// The definitions seen so far of quantities (or sources) by id, for
/// [`ClaimSet::validate`]: a definition that differs from the last one seen with its id is a
/// problem.
///
/// Claims share definitions by `Arc`, so the id is read and hashed once per distinct `Arc`
/// (each pointer gets the number of its id); per claim only the pointer is looked up, and an
/// `Arc` equal by pointer to the last definition of its id needs no comparison.
struct Definitions<'a, T> {
    /// Per pointer, the number of its id.
    by_pointer: FastMap<*const T, u32>,
    /// Per id, its number.
    by_id: FastMap<&'a str, u32>,
    /// Per id number, the last definition seen.
    last: Vec<&'a Arc<T>>,
    /// The pointer of the previous claim's definition, and its id number.
    previous: Option<(*const T, u32)>,
}

impl<T> Default for Definitions<'_, T> {
    fn default() -> Self {
        Definitions {
            by_pointer: FastMap::default(),
            by_id: FastMap::default(),
            last: Vec::new(),
            previous: None,
        }
    }
}

impl<'a, T: PartialEq> Definitions<'a, T> {
    /// Records `item` as the last definition of its id; true when it differs from the one
    /// before it.
    fn redefines(&mut self, item: &'a Arc<T>, id: impl Fn(&'a T) -> &'a str) -> bool {
        let pointer = Arc::as_ptr(item);
        let number = match self.previous {
            Some((p, n)) if p == pointer => n,
            _ => {
                let next = self.last.len() as u32;
                let by_id = &mut self.by_id;
                *self
                    .by_pointer
                    .entry(pointer)
                    .or_insert_with(|| *by_id.entry(id(item.as_ref())).or_insert(next))
            }
        };
        self.previous = Some((pointer, number));
        match self.last.get_mut(number as usize) {
            Some(seen) => {
                let differs = !Arc::ptr_eq(seen, item) && seen.as_ref() != item.as_ref();
                *seen = item;
                differs
            }
            None => {
                self.last.push(item);
                false
            }
        }
    }
}

/// The positions (ascending) of the claims whose id an earlier claim already has: the
/// duplicates, found without a hash table.
///
/// Each id's hash (high 32 bits) and position are packed into one `u64` and the `n` words
/// sorted: equal ids end up adjacent, in input order, and ids are compared only where the
/// hash bits of neighbours match. A sequential pass and one sort of plain integers cost far
/// less than a million inserts at random places of a table.
pub(crate) fn duplicates<'s>(n: usize, id_of: impl Fn(u32) -> &'s str) -> Vec<u32> {
    let mut keys: Vec<u64> = (0..n as u32)
        .map(|i| IdIndex::hash(id_of(i)) >> 32 << 32 | u64::from(i))
        .collect();
    keys.sort_unstable();
    let mut found = Vec::new();
    // A run of equal hash bits: usually one id, rarely a few different ones. Each member is
    // compared with the distinct ids of its run seen so far (in input order: the first of
    // each is the original, the rest are duplicates), so a run of one repeated id is linear.
    let mut distinct: Vec<&str> = Vec::new();
    for run in keys.chunk_by(|a, b| a >> 32 == b >> 32) {
        if run.len() < 2 {
            continue;
        }
        distinct.clear();
        for &key in run {
            let id = id_of(key as u32);
            if distinct.contains(&id) {
                found.push(key as u32);
            } else {
                distinct.push(id);
            }
        }
    }
    found.sort_unstable();
    found
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

    fn hash(id: &str) -> u64 {
        let mut hasher = FastHasher::default();
        hasher.write(id.as_bytes());
        hasher.finish()
    }

    /// Maps `id` to `position`; returns the position it mapped to before, if any (the index
    /// then keeps the new position, as a map's `insert` does).
    pub(crate) fn insert<'s>(
        &mut self,
        id: &str,
        position: u32,
        id_of: impl Fn(u32) -> &'s str,
    ) -> Option<u32> {
        let hash = IdIndex::hash(id);
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
        let hash = IdIndex::hash(id);
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
