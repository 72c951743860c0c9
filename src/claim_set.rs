//! A collection of claims, grouped by quantity.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::claim::Claim;
use crate::error::{Location, Problem, Problems};
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
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut groups: Vec<QuantityGroup<'_>> = Vec::new();
        for claim in &self.claims {
            let id = claim.quantity().id();
            match index.get(id).and_then(|&i| groups.get_mut(i)) {
                Some(group) => group.claims.push(claim),
                None => {
                    index.insert(id, groups.len());
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
        let mut ids: HashSet<&str> = HashSet::with_capacity(self.claims.len());
        let mut quantities: HashMap<&str, &Quantity> = HashMap::new();
        let mut sources: HashMap<&str, &crate::Source> = HashMap::new();
        for claim in &self.claims {
            let at = || Location::Claim(claim.id().to_owned());
            if !ids.insert(claim.id()) {
                problems.push(Problem::new(at(), Some("id"), "duplicate claim id"));
            }
            let q = claim.quantity();
            if let Some(seen) = quantities.insert(q.id(), q)
                && seen != q.as_ref()
            {
                problems.push(Problem::new(
                    at(),
                    Some("quantity"),
                    format!("quantity {:?} is defined in two different ways", q.id()),
                ));
            }
            let s = claim.source();
            if let Some(seen) = sources.insert(s.id(), s)
                && seen != s.as_ref()
            {
                problems.push(Problem::new(
                    at(),
                    Some("source"),
                    format!("source {:?} is defined in two different ways", s.id()),
                ));
            }
        }
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
                } else if !ids.contains(target) {
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
