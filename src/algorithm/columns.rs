//! Compact per-claim columns of an [`Evidence`](crate::Evidence), filled while it is
//! assembled (in the pass over the claims that assembly makes anyway).
//!
//! A prepared claim is an 80-byte record; a pass over a million of them reads 80 MB. The
//! sweeps and the passes that build their outputs need only a few bytes of each claim, so
//! the evidence keeps those bytes side by side:
//!
//! - its **origin** (4 bytes), for the trackers that count origins;
//! - the **packed ends** of the counted claims (16 bytes; see the `endpoints` module), which
//!   [`Endpoints::new`](crate::Endpoints::new) copies and sorts, and which decide by two
//!   integer comparisons whether a claim shares a value with a region;
//! - one **bit per origin judged as a whole** (a consistent origin with several counted
//!   claims, judged by their intersection), so that the passes that list a region's claims
//!   know, without reading the claim, which claims the packed ends do not decide, and for
//!   each such origin the **positions** of that intersection (32 bytes per origin);
//! - its **weight** (8 bytes), for weighted agreement and the weighted median, `NaN` for a
//!   claim that is not counted;
//! - the first eight bytes of its **id** as a big-endian integer (8 bytes), which order
//!   claims by id without the three pointer hops to the id's text (prepared claim, claim,
//!   text): ties between equal ends go to the smallest id, and a run of tied ends can hold
//!   tens of thousands of claims;
//! - when an origin has several counted claims, the packed ends again **grouped by origin**
//!   (16 bytes per counted claim, and 8 per origin for where each group begins), so that
//!   the places where each origin starts and stops covering are found one origin at a time
//!   (see the `coverage` module); for each origin that contradicts itself, its claims'
//!   starts sorted (8 bytes per claim) and the places where the union of its claims begins
//!   and ceases to cover, found once here for every sweep;
//! - its **value** (8 bytes) for the weighted median, `NaN` for a claim that is not counted
//!   or has no value. Preparation computes it where it reads the claim anyway, and hands
//!   the column over: the value may come from the [`Claim`](crate::Claim) itself (its best
//!   value), a second large record that no other pass after preparation reads.
//!
//! Beside the columns, the **valued claims** are summed as they are pushed: per origin, how
//! many have a value and their largest weight; in all, how many and the range of their
//! values. The weighted median needs these before its own passes can start, and here they
//! cost a few operations on data already in registers, where the median would need a pass
//! of its own over 20 MB of columns.

use crate::algorithm::bits::Bits;
use crate::algorithm::coverage::OriginEnds;
use crate::algorithm::endpoints::{PackedEnds, Position, ordered_bits};
use crate::interval::Interval;

/// The columns (see the module docs).
#[derive(Clone, Debug, Default)]
pub(crate) struct Columns {
    /// Per claim, its origin.
    pub(crate) origin: Vec<u32>,
    /// The ends of the counted claims, packed for sorting, in claim order.
    pub(crate) ends: PackedEnds,
    /// One bit per origin: set for an origin judged as a whole (unsized when there is none).
    whole: Bits,
    /// Per origin judged as a whole, the positions of the start and the end of what it
    /// asserts (empty when there is none; zeros for the other origins).
    whole_positions: Vec<(Position, Position)>,
    /// Per claim, its weight; `NaN` when it is not counted.
    pub(crate) weight: Vec<f64>,
    /// Per claim, its value for the weighted median; `NaN` when it is not counted or has none.
    pub(crate) value: Vec<f64>,
    /// Per claim, the first eight bytes of its id, big-endian (0 for a claim without an id).
    pub(crate) id_prefix: Vec<u64>,
    /// The counted claims that have a value, summed.
    pub(crate) valued: ValuedClaims,
    /// The packed ends grouped by origin, when an origin has several counted claims.
    pub(crate) by_origin: Option<OriginEnds>,
}

/// The counted claims that have a value, summed as they are pushed (see the module docs).
#[derive(Clone, Debug, Default)]
pub(crate) struct ValuedClaims {
    /// Per origin, how many of its counted claims have a value (empty when no origin has
    /// two counted claims: see [`forget_origins`](Self::forget_origins)).
    pub(crate) members: Vec<u32>,
    /// Per origin, the largest weight among those claims (0 for none; empty as `members`).
    pub(crate) heaviest: Vec<f64>,
    /// The largest weight among the valued claims.
    pub(crate) max_weight: f64,
    /// How many counted claims have a value.
    pub(crate) count: usize,
    /// The least and the greatest value as order-preserving keys (`u64::MAX` and 0 for none).
    pub(crate) lowest: u64,
    pub(crate) highest: u64,
}

impl ValuedClaims {
    /// Drops the per-origin numbers, for evidence where no origin has two counted claims:
    /// each valued claim is then its origin's only one, and `max_weight` says all.
    pub(crate) fn forget_origins(&mut self) {
        self.members = Vec::new();
        self.heaviest = Vec::new();
    }

    fn new(origins: usize) -> ValuedClaims {
        ValuedClaims {
            members: vec![0; origins],
            heaviest: vec![0.0; origins],
            max_weight: 0.0,
            count: 0,
            lowest: u64::MAX,
            highest: 0,
        }
    }

    #[inline]
    fn add(&mut self, origin: u32, value: f64, weight: f64) {
        self.count += 1;
        self.max_weight = self.max_weight.max(weight);
        let key = ordered_bits(value + 0.0);
        self.lowest = self.lowest.min(key);
        self.highest = self.highest.max(key);
        if let (Some(m), Some(h)) = (
            self.members.get_mut(origin as usize),
            self.heaviest.get_mut(origin as usize),
        ) {
            *m += 1;
            *h = h.max(weight);
        }
    }
}

impl Columns {
    /// Empty columns for `claims` claims of `origins` origins, with each claim's value for
    /// the median (`NaN` for none; [`push`](Self::push) clears those of claims that are not
    /// counted) and its id's prefix given.
    pub(crate) fn with_capacity(
        claims: usize,
        origins: usize,
        value: Vec<f64>,
        id_prefix: Vec<u64>,
    ) -> Columns {
        Columns {
            origin: Vec::with_capacity(claims),
            ends: PackedEnds::with_capacity(claims, claims),
            whole: Bits::default(),
            whole_positions: Vec::new(),
            weight: Vec::with_capacity(claims),
            value,
            id_prefix,
            valued: ValuedClaims::new(origins),
            by_origin: None,
        }
    }

    /// Adds the next claim: its origin, and when it is counted its interval and weight.
    #[inline]
    pub(crate) fn push(&mut self, origin: u32, counted: Option<(&Interval, f64)>) {
        let index = self.origin.len() as u32;
        self.origin.push(origin);
        match counted {
            Some((interval, weight)) => {
                self.ends.push(index, interval);
                self.weight.push(weight);
                if let Some(&v) = self.value.get(index as usize).filter(|v| !v.is_nan()) {
                    self.valued.add(origin, v, weight);
                }
            }
            None => {
                self.weight.push(f64::NAN);
                if let Some(v) = self.value.get_mut(index as usize) {
                    *v = f64::NAN;
                }
            }
        }
    }

    /// Marks the origins judged as a whole, each with the positions of what it asserts.
    pub(crate) fn set_whole(
        &mut self,
        origins: usize,
        whole: impl Iterator<Item = (u32, (Position, Position))>,
    ) {
        for (o, positions) in whole {
            if self.whole.is_unsized() {
                self.whole = Bits::new(origins);
                self.whole_positions = vec![((0, 0), (0, 0)); origins];
            }
            self.whole.insert(o as usize);
            if let Some(slot) = self.whole_positions.get_mut(o as usize) {
                *slot = positions;
            }
        }
    }

    /// The positions of what origin `origin` asserts, when it is judged as a whole.
    #[inline]
    pub(crate) fn whole_positions(&self, origin: u32) -> Option<(Position, Position)> {
        if self.whole.contains(origin as usize) {
            self.whole_positions.get(origin as usize).copied()
        } else {
            None
        }
    }

    /// Whether claim `claim`'s origin is judged as a whole.
    #[inline]
    pub(crate) fn judged_whole(&self, claim: u32) -> bool {
        self.origin
            .get(claim as usize)
            .is_some_and(|&o| self.whole.contains(o as usize))
    }
}
