//! The checks that need the whole file: duplicate ids and `restates`/`supersedes` references,
//! then strict or lenient result.

use std::collections::{HashSet, VecDeque};

use crate::claim::Claim;
use crate::claim_set::{ClaimSet, duplicate_pairs};
use crate::error::{Error, Location, Problem, Problems};
use crate::io::Mode;
use crate::io::record::{FieldErrors, quoted};

// The crate's fast hasher: these keys come from one file being loaded (see `crate::hash`).
pub(crate) use crate::hash::FastMap;
use crate::hash::map_with_capacity;

/// How a record is located: by claim position (JSON) or by line (CSV).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Locator {
    /// JSON: the claim id, else its position in the claim list.
    Index,
    /// CSV: the line, with the claim id when there is one.
    Line,
}

impl Locator {
    pub fn at(self, key: u64, id: Option<&str>) -> Location {
        match (self, id) {
            (Locator::Index, Some(id)) => Location::Claim(id.to_owned()),
            (Locator::Index, None) => Location::ClaimIndex(key as usize),
            (Locator::Line, id) => Location::Line {
                line: key,
                claim: id.map(str::to_owned),
            },
        }
    }
}

/// The keys (positions or lines) of a file's valid claims, in order. They are nearly always
/// consecutive (a record is rarely invalid, a CSV record rarely spans lines), and then only
/// the first is kept: a list of a million keys would be 8 MB more at the loader's peak.
/// Keys are listed from the first gap on.
#[derive(Debug, Default)]
struct ClaimKeys {
    /// The key of the first claim; the next `run - 1` claims follow it one apart.
    first: u64,
    run: usize,
    /// The keys of the claims after the run, once one did not follow the one before.
    listed: Vec<u64>,
}

impl ClaimKeys {
    fn push(&mut self, key: u64) {
        if self.listed.is_empty() && (self.run == 0 || Some(key) == self.next_in_run()) {
            if self.run == 0 {
                self.first = key;
            }
            self.run += 1;
        } else {
            self.listed.push(key);
        }
    }

    /// The key that would continue the run.
    fn next_in_run(&self) -> Option<u64> {
        self.first.checked_add(u64::try_from(self.run).ok()?)
    }

    /// The key of claim `index`.
    fn get(&self, index: usize) -> Option<u64> {
        match index.checked_sub(self.run) {
            None => self.first.checked_add(u64::try_from(index).ok()?),
            Some(i) => self.listed.get(i).copied(),
        }
    }

    fn len(&self) -> usize {
        self.run + self.listed.len()
    }

    /// Every key, in order.
    fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// Gathers the records of one file, in order.
pub(crate) struct Collector {
    locator: Locator,
    claims: Vec<Claim>,
    claim_keys: ClaimKeys,
    /// Invalid records that have an id (their id still counts for duplicates and references).
    invalid_ids: Vec<(u64, String)>,
    problems: Vec<(u64, Problem)>,
    /// Whether a valid claim has a `restates` or `supersedes` reference.
    has_references: bool,
}

impl Collector {
    pub fn new(locator: Locator) -> Self {
        Collector {
            locator,
            claims: Vec::new(),
            claim_keys: ClaimKeys::default(),
            invalid_ids: Vec::new(),
            problems: Vec::new(),
            has_references: false,
        }
    }

    /// Reserves room for `n` more claims.
    pub fn reserve(&mut self, n: usize) {
        self.claims.reserve(n);
    }

    /// A valid claim, at record `key`.
    pub fn claim(&mut self, key: u64, claim: Claim) {
        self.has_references |= claim.restates().is_some() || claim.supersedes().is_some();
        self.claims.push(claim);
        self.claim_keys.push(key);
    }

    /// An invalid record at `key`, with its id if it has a usable one.
    pub fn invalid(&mut self, key: u64, id: Option<&str>, errors: FieldErrors) {
        let at = self.locator.at(key, id);
        self.problems.extend(
            errors
                .into_iter()
                .map(|(field, message)| (key, Problem::new(at.clone(), Some(&field), message))),
        );
        if let Some(id) = id.filter(|id| crate::source::identifier((*id).to_owned()).is_ok()) {
            self.invalid_ids.push((key, id.to_owned()));
        }
    }

    /// A problem of a record that is not a claim at all (not an object, say).
    pub fn problem(&mut self, key: u64, problem: Problem) {
        self.problems.push((key, problem));
    }

    /// Checks ids and references across records, then applies the mode.
    pub fn finish(mut self, mode: Mode) -> Result<(ClaimSet, Problems), Error> {
        let mut keep = vec![true; self.claims.len()];
        self.check_ids_and_references(&mut keep);
        // Stable: problems of one record stay in the order they were found.
        self.problems.sort_by_key(|(key, _)| *key);
        let problems = Problems(self.problems.into_iter().map(|(_, p)| p).collect());
        if mode == Mode::Strict && !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let mut claims = self.claims;
        // Claims are large: drop the rejected ones in place rather than copying the rest.
        if keep.iter().any(|k| !k) {
            let mut flags = keep.into_iter();
            claims.retain(|_| flags.next().unwrap_or(true));
        }
        Ok((claims.into_iter().collect(), problems))
    }

    fn check_ids_and_references(&mut self, keep: &mut [bool]) {
        if !self.has_references {
            // Without references only duplicate ids remain to be found.
            self.check_ids(keep);
            return;
        }
        let locator = self.locator;
        let mut found: Vec<(u64, Problem)> = Vec::new();
        // The first record of each id, in file order: Ok(claim index) or Err(invalid key).
        let mut first: FastMap<&str, (u64, Result<usize, ()>)> =
            map_with_capacity(self.claims.len() + self.invalid_ids.len());
        let (mut ci, mut ii) = (0usize, 0usize);
        loop {
            let c = self.claim_keys.get(ci);
            let i = self.invalid_ids.get(ii).map(|(k, _)| *k);
            let (key, id, index) = match (c, i) {
                (Some(ck), Some(ik)) if ck <= ik => (ck, self.claims.get(ci).map(Claim::id), {
                    ci += 1;
                    Ok(ci - 1)
                }),
                (Some(ck), None) => (ck, self.claims.get(ci).map(Claim::id), {
                    ci += 1;
                    Ok(ci - 1)
                }),
                (_, Some(ik)) => (ik, self.invalid_ids.get(ii).map(|(_, s)| s.as_str()), {
                    ii += 1;
                    Err(())
                }),
                (None, None) => break,
            };
            let Some(id) = id else { continue };
            match first.entry(id) {
                std::collections::hash_map::Entry::Occupied(seen) => {
                    let first_key = seen.get().0;
                    if let Ok(index) = index
                        && let Some(k) = keep.get_mut(index)
                    {
                        *k = false;
                    }
                    found.push((key, duplicate_id(locator, key, first_key, id)));
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert((key, index));
                }
            }
        }

        // References: to a claim not in the file, to itself, or to an invalid claim.
        let mut dependents: FastMap<&str, Vec<usize>> = FastMap::default();
        // Ids whose first record is invalid (only invalid records can have them).
        let mut bad: VecDeque<&str> = self
            .invalid_ids
            .iter()
            .map(|(_, id)| id.as_str())
            .filter(|id| matches!(first.get(id), Some((_, Err(())))))
            .collect();
        for (index, claim) in self.claims.iter().enumerate() {
            if !keep.get(index).copied().unwrap_or(false) {
                continue;
            }
            let key = self.claim_keys.get(index).unwrap_or(0);
            for (field, target) in [
                ("restates", claim.restates()),
                ("supersedes", claim.supersedes()),
            ] {
                let Some(target) = target else { continue };
                let message = if target == claim.id() {
                    Some("a claim cannot refer to itself".to_owned())
                } else if !first.contains_key(target) {
                    Some(format!(
                        "refers to claim {}, which is not in the file",
                        quoted(target)
                    ))
                } else {
                    dependents.entry(target).or_default().push(index);
                    None
                };
                if let Some(message) = message {
                    found.push((
                        key,
                        Problem::new(locator.at(key, Some(claim.id())), Some(field), message),
                    ));
                    if let Some(k) = keep.get_mut(index) {
                        *k = false;
                    }
                }
            }
        }
        // Claims removed above whose id was the first of its kind are bad targets too. The
        // scan runs only when something refers to another claim at all.
        if !dependents.is_empty() {
            for (index, claim) in self.claims.iter().enumerate() {
                if !keep.get(index).copied().unwrap_or(true)
                    && first.get(claim.id()).map(|(_, i)| *i) == Some(Ok(index))
                {
                    bad.push_back(claim.id());
                }
            }
        }
        let mut reported: HashSet<(usize, &str)> = HashSet::new();
        while let Some(target) = bad.pop_front() {
            let Some(list) = dependents.get(target) else {
                continue;
            };
            for &index in list {
                let Some(claim) = self.claims.get(index) else {
                    continue;
                };
                if !reported.insert((index, target)) {
                    continue;
                }
                let key = self.claim_keys.get(index).unwrap_or(0);
                let field = if claim.restates() == Some(target) {
                    "restates"
                } else {
                    "supersedes"
                };
                found.push((
                    key,
                    Problem::new(
                        locator.at(key, Some(claim.id())),
                        Some(field),
                        format!(
                            "refers to claim {}, which is invalid (see its own problems)",
                            quoted(target)
                        ),
                    ),
                ));
                if let Some(k) = keep.get_mut(index)
                    && *k
                {
                    *k = false;
                    if first.get(claim.id()).map(|(_, i)| *i) == Some(Ok(index)) {
                        bad.push_back(claim.id());
                    }
                }
            }
        }
        self.problems.extend(found);
    }
}

impl Collector {
    /// Finds duplicate ids (as [`Collector::check_ids_and_references`] does, with the same
    /// problems) with [`crate::claim_set::duplicate_pairs`], which sorts hashes rather than
    /// inserting a million ids into a map: each insertion would be a cache miss.
    fn check_ids(&mut self, keep: &mut [bool]) {
        let locator = self.locator;
        let claims = self.claims.len();
        // Every record in file order, as (key, record): a record below `claims` is that
        // claim, one above it the invalid record `record - claims`. Only made when invalid
        // records have ids; otherwise the records are the claims (16 MB not made at a
        // million claims).
        let records: Option<Vec<(u64, usize)>> = (!self.invalid_ids.is_empty()).then(|| {
            let mut records: Vec<(u64, usize)> = self.claim_keys.iter().zip(0..).collect();
            records.extend(
                (claims..)
                    .zip(&self.invalid_ids)
                    .map(|(r, (key, _))| (*key, r)),
            );
            records.sort_unstable();
            records
        });
        let record_at = |position: u32| -> Option<(u64, usize)> {
            let position = position as usize;
            match &records {
                Some(records) => records.get(position).copied(),
                None => Some((self.claim_keys.get(position)?, position)),
            }
        };
        let id_of = |position: u32| -> &str {
            let record = record_at(position).map_or(usize::MAX, |r| r.1);
            match record.checked_sub(claims) {
                None => self.claims.get(record).map_or("", Claim::id),
                Some(i) => self.invalid_ids.get(i).map_or("", |(_, id)| id.as_str()),
            }
        };
        let mut found: Vec<(u64, Problem)> = Vec::new();
        let count = records.as_ref().map_or(claims, Vec::len);
        for (duplicate, first) in duplicate_pairs(count, id_of) {
            let (Some((key, record)), Some((first_key, _))) =
                (record_at(duplicate), record_at(first))
            else {
                continue;
            };
            if let Some(k) = keep.get_mut(record) {
                *k = false;
            }
            found.push((key, duplicate_id(locator, key, first_key, id_of(duplicate))));
        }
        self.problems.extend(found);
    }
}

/// The problem of a claim whose id an earlier claim (at `first_key`) already has.
fn duplicate_id(locator: Locator, key: u64, first_key: u64, id: &str) -> Problem {
    Problem::new(
        locator.at(key, Some(id)),
        Some("id"),
        format!(
            "duplicate claim id: {} already has it",
            describe(locator, first_key, id)
        ),
    )
}

fn describe(locator: Locator, key: u64, id: &str) -> String {
    match locator {
        Locator::Index => format!("claim #{} {}", key + 1, quoted(id)),
        Locator::Line => format!("line {key}"),
    }
}

#[cfg(test)]
mod tests {
    use super::ClaimKeys;

    #[test]
    fn claim_keys_keep_a_run_and_list_the_rest() {
        let mut keys = ClaimKeys::default();
        for key in [2, 3, 4, 7, 8, 6] {
            keys.push(key);
        }
        assert_eq!(keys.len(), 6);
        assert_eq!(keys.iter().collect::<Vec<_>>(), [2, 3, 4, 7, 8, 6]);
        assert_eq!((keys.run, keys.listed.len()), (3, 3));
        assert_eq!(
            (keys.get(2), keys.get(3), keys.get(6)),
            (Some(4), Some(7), None)
        );
        // Once a key is listed, the rest are too, even when they follow on.
        keys.push(7);
        assert_eq!(keys.get(6), Some(7));
        assert_eq!(ClaimKeys::default().get(0), None);
    }
}
