//! How many origins cover each stretch of the line, found origin by origin instead of by one
//! sweep over all the ends sorted.
//!
//! The sweeps that count origins ([`Tracker`](crate::algorithm::support::Tracker)) change
//! their level only where an origin **starts or stops covering**: where the last claim of a
//! consistent origin starts (the start of the intersection it asserts) or the first one ends,
//! and where a contradictory origin's claims begin or cease to cover a value (the ends of
//! the pieces of their union). Those places can be found one origin at a time: assembly
//! groups the packed ends by origin ([`OriginEnds`]), a consistent origin's places are the
//! intersection it asserts (kept by assembly too), and a contradictory origin's places come
//! from its few claims sorted by start among themselves, which assembly also does once and
//! keeps (with the places) for every sweep after it.
//!
//! What the global sort gave besides, the order of the distinct ends, comes from counting
//! the ends by distinct value (see
//! [`PackedEnds::distinct_sites`](crate::algorithm::endpoints::PackedEnds::distinct_sites)
//! and [`SiteCounts::of_every_end`]), which costs less than sorting them all when people
//! say round numbers. The result, the
//! [`profile`], is every distinct end site in sweep order with the change of the level
//! there: the same levels, at the same places, as the tracker's sweep over the sorted ends.
//!
//! Weighted, an origin covers with one weight at each position (see the `support` module),
//! and [`weighted_changes`] sums, per site, how much the origins' weights change there: a
//! lone claim's and a consistent origin's weight are constant where they cover; for an
//! origin that contradicts itself, the largest weight among its covering claims is followed
//! through its own ends, layer by layer when the evidence's weights take few distinct values.

use crate::algorithm::endpoints::{
    COUNT_DISTINCT_FROM, PackedEnds, Site, SiteCounts, from_ordered_bits, full_key,
};
use crate::algorithm::few_weights::WeightRanks;
use crate::algorithm::prepare::{ClaimId, Evidence};
use crate::algorithm::support::ScaledWeights;
use crate::interval::Bound;
use crate::value::Finite;
use std::cell::Cell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The packed ends of the counted claims grouped by origin, each claim's start and end side
/// by side; built by assembly when an origin has several counted claims.
///
/// Assembly also sorts, once, the starts of each origin that contradicts itself (see
/// [`new`](Self::new)): every sweep that follows origins
/// (agreement by count or weight, NTP selection, Brooks–Iyengar) needs the pieces of such an
/// origin's union, which come from its claims in order of start. Sorting them in each sweep
/// took about 7 ms of the 23 of k-of-n agreement at a million claims of the `limit_ratio`
/// data, where nearly every origin contradicts itself.
#[derive(Clone, Debug, Default)]
pub(crate) struct OriginEnds {
    items: Vec<u64>,
    /// Where each origin's ends begin in `items`, and one past the last origin's.
    offsets: Vec<usize>,
    /// One slot per claim, placed as the claims of `items`: for an origin that contradicts
    /// itself and whose ends all fit their keys, its starts as
    /// [`PackedEnds::sort_starts`] sorts them; zeros for the other origins (empty when no
    /// origin contradicts itself).
    sorted_starts: Vec<u64>,
    /// The sites where the union of each origin that contradicts itself begins and ceases
    /// to cover, all origins together: what the sweeps by count take from them (see
    /// [`each_crossing`]).
    union_sites: Vec<Site>,
}

impl OriginEnds {
    /// Groups `packed` by the origins of its claims (`origin_of[claim]`, below `origins`),
    /// keeping the claim order within each origin (a counting sort), and keeps what the
    /// sweeps need of each origin that contradicts itself (see [`keep_unions`]): `whole`
    /// tells the origins judged as a whole, `full_key(claim, is_end)` an end's full key.
    ///
    /// [`keep_unions`]: Self::keep_unions
    pub(crate) fn new(
        packed: &PackedEnds,
        (origin_of, origins): (&[u32], usize),
        whole: impl Fn(u32) -> bool,
        full_key: impl Fn(u32, bool) -> u64,
    ) -> OriginEnds {
        let items = packed.items();
        let origin = |x: u64| {
            origin_of
                .get(packed.claim_of(x) as usize)
                .map_or(0, |&o| o as usize)
        };
        let mut offsets = vec![0usize; origins + 1];
        for pair in items.chunks_exact(2) {
            if let Some(&start) = pair.first()
                && let Some(count) = offsets.get_mut(origin(start) + 1)
            {
                *count += 2;
            }
        }
        for k in 1..offsets.len() {
            let before = offsets.get(k - 1).copied().unwrap_or(0);
            if let Some(here) = offsets.get_mut(k) {
                *here += before;
            }
        }
        let mut grouped = vec![0u64; items.len()];
        each_by_origin(packed, origin_of, &offsets, |slot, start, end| {
            if let Some(pair) = grouped.get_mut(2 * slot..2 * slot + 2) {
                pair.copy_from_slice(&[start, end]);
            }
        });
        let mut grouped = OriginEnds {
            items: grouped,
            offsets,
            sorted_starts: Vec::new(),
            union_sites: Vec::new(),
        };
        grouped.keep_unions(packed, whole, full_key);
        grouped
    }

    /// Sorts the starts of every origin that contradicts itself (those with several claims
    /// that `whole` does not judge as a whole) whose ends all fit their keys, and keeps the
    /// sites where the union of each origin that contradicts itself begins and ceases to
    /// cover (found from its ends sorted by their full keys, `full_key(claim, is_end)`, when
    /// some did not fit): see the type's docs.
    fn keep_unions(
        &mut self,
        packed: &PackedEnds,
        whole: impl Fn(u32) -> bool,
        full_key: impl Fn(u32, bool) -> u64,
    ) {
        // Room for the sorted starts, made at the first origin that contradicts itself.
        let mut sorted: Vec<u64> = Vec::new();
        let mut sites = Vec::new();
        let (mut own, mut ends) = (Vec::new(), Vec::new());
        for (origin, w) in self.offsets.windows(2).enumerate() {
            let &[from, to] = w else {
                continue;
            };
            let group = self.items.get(from..to).unwrap_or_default();
            if !Self::contradicts(group, whole(origin as u32)) {
                continue;
            }
            if sorted.is_empty() {
                sorted = vec![0u64; self.items.len() / 2];
            }
            let starts = sorted.get_mut(from / 2..to / 2).unwrap_or_default();
            let room = (&mut own, &mut ends);
            packed.union_sites(group, starts, room, &full_key, |site| sites.push(site));
        }
        self.sorted_starts = sorted;
        self.union_sites = sites;
    }

    /// Whether the origin whose ends are `group` contradicts itself: it has several claims
    /// and is not judged as a whole (`whole`).
    fn contradicts(group: &[u64], whole: bool) -> bool {
        group.len() > 2 && !whole
    }

    /// The sorted starts of the claims of `origin`, whose ends are `group` and which is not
    /// judged as a whole (see [`keep_unions`](Self::keep_unions)); empty when they are not
    /// kept (it has one claim, or an end of the group did not fit its key).
    fn sorted_starts(&self, packed: &PackedEnds, origin: u32, group: &[u64]) -> &[u64] {
        let o = origin as usize;
        match (self.offsets.get(o), self.offsets.get(o + 1)) {
            (Some(&from), Some(&to))
                if Self::contradicts(group, false) && !packed.any_inexact(group) =>
            {
                self.sorted_starts.get(from / 2..to / 2).unwrap_or_default()
            }
            _ => &[],
        }
    }

    /// A value per counted claim (`value(claim)`), placed as [`groups`](Self::groups)
    /// places the claims: what [`with_values`](Self::with_values) hands out beside each
    /// group. Read in claim order and written where each origin's claims go, which costs
    /// less than reading a column by the claims of each group in turn (each a cache miss
    /// when an origin's claims are spread over the evidence).
    fn values_by_origin<T: Copy + Default>(
        &self,
        packed: &PackedEnds,
        origin_of: &[u32],
        value: impl Fn(u32) -> T,
    ) -> Vec<T> {
        let mut values = vec![T::default(); self.items.len() / 2];
        each_by_origin(packed, origin_of, &self.offsets, |slot, start, _| {
            if let Some(here) = values.get_mut(slot) {
                *here = value(packed.claim_of(start));
            }
        });
        values
    }

    /// [`groups`](Self::groups) with each group's values from
    /// [`values_by_origin`](Self::values_by_origin), one per claim.
    fn with_values<'v, T>(
        &'v self,
        values: &'v [T],
    ) -> impl Iterator<Item = (u32, &'v [u64], &'v [T])> + 'v {
        self.groups().map(move |(origin, group)| {
            let at = self.offsets.get(origin as usize).map_or(0, |&at| at / 2);
            let mine = values.get(at..at + group.len() / 2).unwrap_or_default();
            (origin, group, mine)
        })
    }

    /// Each origin with the packed ends of its counted claims (empty for none).
    fn groups(&self) -> impl Iterator<Item = (u32, &[u64])> + '_ {
        self.offsets
            .windows(2)
            .enumerate()
            .map(|(origin, w)| match *w {
                [from, to] => (origin as u32, self.items.get(from..to).unwrap_or_default()),
                _ => (origin as u32, &[][..]),
            })
    }
}

/// Hands `put` each counted claim of `packed`, in claim order, with its slot among the claims
/// grouped by origin (`offsets`, in ends, as [`OriginEnds`] keeps them: each origin's claims
/// in claim order) and its packed start and end: the scatter of a counting sort.
fn each_by_origin(
    packed: &PackedEnds,
    origin_of: &[u32],
    offsets: &[usize],
    mut put: impl FnMut(usize, u64, u64),
) {
    let mut next: Vec<usize> = offsets.iter().map(|&at| at / 2).collect();
    for pair in packed.items().chunks_exact(2) {
        let &[start, end] = pair else {
            continue;
        };
        let origin = origin_of.get(packed.claim_of(start) as usize);
        if let Some(slot) = next.get_mut(origin.map_or(0, |&o| o as usize)) {
            put(*slot, start, end);
            *slot += 1;
        }
    }
}

/// Every distinct end site of the evidence's counted claims in sweep order, with how much
/// the number of origins covering the sweep position changes there (positive where origins
/// start covering, negative where they stop, zero where only claims do); `None` when the
/// ends take too many distinct values to count them (sort them instead).
pub(crate) fn profile(evidence: &Evidence<'_>) -> Option<Vec<(Site, i128)>> {
    let claims = evidence.claims();
    let full = |claim: u32, end: bool| full_key(claims, claim, end);
    let packed = evidence.packed_ends();
    let Some(grouped) = evidence.origin_ends() else {
        // Each origin has one claim: it covers where its claim does.
        let sites = packed.distinct_sites(full)?;
        return Some(
            sites
                .into_iter()
                .map(|(s, n)| (s, signed(s, n.into())))
                .collect(),
        );
    };
    // One table: every end's site counted with nothing, so that it is listed, and every
    // place where an origin starts or stops covering with one (a crossing is at the site
    // of some end).
    with_crossings(
        evidence,
        grouped,
        SiteCounts::of_every_end(packed, full, 0)?,
    )
}

/// Adds to `table` each place where an origin of `grouped` starts or stops covering, one
/// each, and gives the table's sites in sweep order with the change of the level there;
/// `None` when the table refused a site.
fn with_crossings(
    evidence: &Evidence<'_>,
    grouped: &OriginEnds,
    mut table: SiteCounts,
) -> Option<Vec<(Site, i128)>> {
    each_crossing(evidence, grouped, |site| table.add(site));
    Some(
        table
            .sorted()?
            .into_iter()
            .map(|(site, n)| (site, signed(site, n.into())))
            .collect(),
    )
}

/// From this many counted claims, agreement and NTP selection follow [`changes`] (or
/// [`weighted_changes`]), and Brooks–Iyengar the [`profile`], rather than sort the ends
/// (when the evidence has no sorted array yet) if some origin has several claims: on the
/// `limit_ratio` data the changes cost about what a sort does at 100 claims and about half
/// at 1,000, the profile as much as the sort at about 300; with fewer, the small tables
/// they set up cost more than the sort. When every origin has one claim, following origins
/// saves nothing and every end goes through the table, as for the union: they count from
/// [`COUNT_DISTINCT_FROM`] claims (see [`counts_from`]).
pub(crate) const CHANGES_FROM: usize = 256;

/// Whether agreement, NTP selection and Brooks–Iyengar follow the level's changes for this
/// evidence rather than sort its ends (see [`CHANGES_FROM`]). With one claim per origin,
/// the weighted changes took 158 µs against 87 µs for the sort at 1,000 claims of the
/// criterion benches' data.
pub(crate) fn counts_from(evidence: &Evidence<'_>) -> bool {
    let from = if evidence.origin_ends().is_some() {
        CHANGES_FROM
    } else {
        COUNT_DISTINCT_FROM
    };
    evidence.counted() >= from
}

/// Only the sites where the number of origins covering the sweep position changes, in sweep
/// order, with the change: what [`profile`] gives without the sites where it does not change.
/// Enough for the sweeps that look at the level only (the best level and where it is held),
/// and cheaper: with origins of several claims, no pass over all the ends counts them.
pub(crate) fn changes(evidence: &Evidence<'_>) -> Option<Vec<(Site, i128)>> {
    let Some(grouped) = evidence.origin_ends() else {
        return profile(evidence);
    };
    with_crossings(evidence, grouped, SiteCounts::new(evidence.packed_ends()))
}

/// Where the weight of the origins covering the sweep position changes, in sweep order, with
/// the change: what [`changes`] gives for counts, for weighted agreement. At each position an
/// origin covers with one integer weight (see the `support` module): a lone claim with its
/// own; an origin whose claims share a value with the largest of theirs, where all of them
/// cover; an origin that contradicts itself with the largest among its claims covering the
/// position. `None` when the sites take too many distinct values to count them (sort the
/// ends instead).
///
/// With the weights' `ranks` (few distinct weights, the usual case), an origin that
/// contradicts itself is followed layer by layer: the largest weight among covering claims
/// is the sum, over the origin's distinct weights w₁ > w₂ > … > w_d (w_{d+1} = 0), of
/// w_k − w_{k+1} wherever some claim of weight at least w_k covers; each layer is a union of
/// claims, whose pieces come from the claims sorted by start once, as for counts. Otherwise
/// (or where a value did not fit its key) its ends are sorted and swept (`LargestCovering`).
pub(crate) fn weighted_changes(
    evidence: &Evidence<'_>,
    weights: &ScaledWeights<'_>,
    ranks: Option<&WeightRanks>,
) -> Option<Vec<(Site, i128)>> {
    let claims = evidence.claims();
    let full = |claim: u32, end: bool| full_key(claims, claim, end);
    let packed = evidence.packed_ends();
    let site = |x: u64| packed.site_of(x, full);
    let mut sums: SiteCounts<u128> = SiteCounts::new(packed);
    // Set once the table refuses a site: the rest is not worth computing.
    let going = Cell::new(true);
    let mut add = |site: Site, w: u64| {
        if w > 0 && !sums.add_n(site, u128::from(w)) {
            going.set(false);
        }
    };
    match evidence.origin_ends() {
        // Each origin has one claim.
        None => {
            for pair in packed.items().chunks_exact(2) {
                if !going.get() {
                    break;
                }
                if let [start, end] = *pair {
                    let w = weights.of(packed.claim_of(start));
                    add(site(start), w);
                    add(site(end), w);
                }
            }
        }
        Some(grouped) => {
            // Per claim, its weight's rank when the weights are ranked, else its weight.
            let raw = evidence.weights_of_claims();
            let origin_of = evidence.origins_of_claims();
            match ranks {
                Some(ranks) => {
                    let rank = |claim: u32| {
                        ranks.rank(raw.get(claim as usize).copied().unwrap_or(f64::NAN))
                    };
                    let values = grouped.values_by_origin(packed, origin_of, rank);
                    let weight = |rank: u8| ranks.by_rank.get(usize::from(rank)).map_or(0, |&w| w);
                    by_origin(
                        evidence,
                        grouped,
                        &values,
                        weight,
                        Some(ranks),
                        &going,
                        &mut add,
                    );
                }
                None => {
                    let values = grouped.values_by_origin(packed, origin_of, |c| weights.of(c));
                    by_origin(evidence, grouped, &values, |w| w, None, &going, &mut add);
                }
            }
        }
    }
    Some(
        sums.sorted()?
            .into_iter()
            .map(|(site, w)| (site, signed(site, w)))
            .collect(),
    )
}

/// The weight each origin of `grouped` adds where it covers (see [`weighted_changes`]),
/// handed to `add`, while `going` holds; `values` are the claims' weight ranks (with
/// `ranks`) or weights, placed by origin, and `weight` turns one into a weight.
fn by_origin<T: Copy + Into<u64>>(
    evidence: &Evidence<'_>,
    grouped: &OriginEnds,
    values: &[T],
    weight: impl Fn(T) -> u64,
    ranks: Option<&WeightRanks>,
    going: &Cell<bool>,
    add: &mut impl FnMut(Site, u64),
) {
    let claims = evidence.claims();
    let full = |claim: u32, end: bool| full_key(claims, claim, end);
    let packed = evidence.packed_ends();
    let site = |x: u64| packed.site_of(x, full);
    let mut room = LayerRoom::default();
    let mut sweep = LargestCovering::default();
    for (origin, group, values) in grouped.with_values(values) {
        if !going.get() {
            return;
        }
        if let ([start, end], &[value]) = (group, values) {
            add(site(*start), weight(value));
            add(site(*end), weight(value));
        } else if let Some((start, end)) = whole_sites(evidence, origin) {
            let w = values.iter().map(|&v| weight(v)).max().unwrap_or(0);
            add(start, w);
            add(end, w);
        } else if let Some(ranks) = ranks
            && let starts = grouped.sorted_starts(packed, origin, group)
            && starts.len() == values.len()
        {
            // Its ends all fit their keys, and assembly sorted its starts.
            layers(
                packed,
                (group, starts),
                values,
                &ranks.by_rank,
                &mut room,
                &mut *add,
            );
        } else {
            let weights = values.iter().map(|&v| weight(v));
            sweep.run(packed, group, weights, full, going, &mut *add);
        }
    }
}

/// Hands `emit` the weight an origin that contradicts itself adds where it covers, layer by
/// layer (see [`weighted_changes`]): for each of its distinct weight ranks r, the pieces of
/// the union of its claims of rank r or less (weight at least that of r), with the weight
/// of r less that of its next rank. `ranks` are its claims' ranks, by place; `by_rank` the
/// weights of the ranks, largest first; every end of `group` fits its key. The layers are
/// followed in one pass over the claims sorted by start, and the weights that several
/// layers add at one site in a row are handed over once.
fn layers<T: Copy + Into<u64>>(
    packed: &PackedEnds,
    (group, starts): (&[u64], &[u64]),
    ranks: &[T],
    by_rank: &[u64],
    room: &mut LayerRoom,
    mut emit: impl FnMut(Site, u64),
) {
    // The origin's distinct ranks, as bits (at most 64 ranks: see `MOST_RANKS`); a claim is
    // in the layers from that of its rank on.
    let present = ranks.iter().fold(0u64, |bits, &r| {
        let r: u64 = r.into();
        bits | 1u64.checked_shl(r as u32).unwrap_or(0)
    });
    let weight = |r: u32| by_rank.get(r as usize).copied().unwrap_or(0);
    room.step.clear();
    let mut rest = present;
    while rest != 0 {
        let r = rest.trailing_zeros();
        rest &= rest - 1;
        let next = if rest == 0 {
            0
        } else {
            weight(rest.trailing_zeros())
        };
        room.step.push(weight(r).saturating_sub(next));
    }
    let layer_of = |place: usize| {
        let r: u64 = ranks.get(place).map_or(0, |&r| r.into());
        (present & 1u64.checked_shl(r as u32).map_or(u64::MAX, |bit| bit - 1)).count_ones() as usize
    };
    room.pieces.clear();
    room.pieces.resize(room.step.len(), None);
    // What the layers add at the last low site and the last high site handed over.
    let mut low_sum: Option<(Site, u64)> = None;
    let mut high_sum: Option<(Site, u64)> = None;
    let step = &room.step;
    let mut pending = |sum: &mut Option<(Site, u64)>, site: Site, w: u64| match sum {
        Some((s, total)) if *s == site => *total = total.saturating_add(w),
        _ => {
            if let Some((s, total)) = sum.replace((site, w)) {
                emit(s, total);
            }
        }
    };
    packed.layered_pieces(
        group,
        starts,
        layer_of,
        &mut room.pieces,
        |layer, low, high| {
            let w = step.get(layer).copied().unwrap_or(0);
            pending(&mut low_sum, low, w);
            pending(&mut high_sum, high, w);
        },
    );
    for (site, total) in [low_sum, high_sum].into_iter().flatten() {
        emit(site, total);
    }
}

/// Room for [`layers`], kept from one origin to the next.
#[derive(Default)]
struct LayerRoom {
    step: Vec<u64>,
    pieces: Vec<Option<(u64, u64)>>,
}

/// The most distinct weights [`weighted_changes`] ranks (one bit each in a word).
pub(crate) const MOST_RANKS: usize = 64;

/// The sweep over the ends of one origin that contradicts itself, with room kept from one
/// origin to the next.
#[derive(Default)]
struct LargestCovering {
    /// Room to sort the packed ends in.
    own: Vec<u64>,
    /// Each claim's weight, by place.
    weight: Vec<u64>,
    /// The origin's ends in sweep order, each with its claim's place in the group.
    ends: Vec<(Site, u32)>,
    /// Each claim's rank by weight (0 the largest; equal weights by place), by place.
    rank: Vec<u32>,
    /// The weights by rank.
    by_rank: Vec<u64>,
    /// Room to rank more than 32 claims in: their places, by weight.
    order: Vec<u32>,
    /// Whether the claim of each rank covers the position (origins of more than 64 claims).
    covering: Vec<bool>,
    /// The ranks of the claims that have started, smallest on top; one that has ended is
    /// dropped only when it comes to the top (origins of more than 64 claims).
    started: BinaryHeap<Reverse<u32>>,
}

impl LargestCovering {
    /// Hands `emit` each site where the largest weight among the group's claims (their
    /// `weights`, in the group's order) covering the position changes, with the size of the
    /// change (up at starts, down at ends), while `going` holds.
    ///
    /// The claims are ranked by weight once, so that the largest covering weight is that of
    /// the smallest covering rank: the lowest set bit of one word for up to 64 claims (the
    /// usual case), the top of a heap of ranks for more (O(log m) per end).
    fn run(
        &mut self,
        packed: &PackedEnds,
        group: &[u64],
        weights: impl Iterator<Item = u64>,
        full_key: impl Fn(u32, bool) -> u64,
        going: &Cell<bool>,
        mut emit: impl FnMut(Site, u64),
    ) {
        packed.ends_in_order(group, &mut self.own, &mut self.ends, full_key);
        self.weight.clear();
        self.weight.extend(weights);
        let weights = std::mem::take(&mut self.weight);
        self.rank_by_weight(&weights);
        let one_word = weights.len() <= 64;
        let mut word = 0u64;
        self.covering.clear();
        self.started.clear();
        if !one_word {
            self.covering.resize(weights.len(), false);
        }
        let mut largest = 0u64;
        let mut rest = &self.ends[..];
        while going.get()
            && let Some(&(here, _)) = rest.first()
        {
            let count = rest.iter().take_while(|&&(s, _)| s == here).count();
            let (at, after) = rest.split_at(count);
            rest = after;
            let start = here.1 & 1 == 0;
            for &(_, place) in at {
                let r = self.rank.get(place as usize).copied().unwrap_or(0);
                if one_word {
                    let bit = 1u64 << (r % 64);
                    word = if start { word | bit } else { word & !bit };
                } else if let Some(covers) = self.covering.get_mut(r as usize) {
                    *covers = start;
                    if start {
                        self.started.push(Reverse(r));
                    }
                }
            }
            let top = if one_word {
                (word != 0).then(|| word.trailing_zeros())
            } else {
                while let Some(&Reverse(r)) = self.started.peek()
                    && !self.covering.get(r as usize).copied().unwrap_or(false)
                {
                    self.started.pop();
                }
                self.started.peek().map(|&Reverse(r)| r)
            };
            let now = top.map_or(0, |r| self.by_rank.get(r as usize).copied().unwrap_or(0));
            if now != largest {
                emit(here, now.abs_diff(largest));
                largest = now;
            }
        }
        self.weight = weights;
    }

    /// Fills `rank` and `by_rank` from the claims' weights (by place): the largest weight
    /// first, equal weights by place. Up to 32 claims, each is ranked by counting the claims
    /// before it, with no branch (as `sort_distinct` does).
    fn rank_by_weight(&mut self, weight: &[u64]) {
        let m = weight.len();
        self.rank.clear();
        self.by_rank.clear();
        self.by_rank.resize(m, 0);
        if m <= 32 {
            for (p, &w) in weight.iter().enumerate() {
                let before: usize = weight
                    .iter()
                    .enumerate()
                    .map(|(q, &v)| usize::from((v > w) | ((v == w) & (q < p))))
                    .sum();
                self.rank.push(before as u32);
            }
        } else {
            let order = &mut self.order;
            order.clear();
            order.extend(0..m as u32);
            order.sort_unstable_by_key(|&p| (Reverse(weight.get(p as usize).copied()), p));
            self.rank.resize(m, 0);
            for (r, &p) in order.iter().enumerate() {
                if let Some(slot) = self.rank.get_mut(p as usize) {
                    *slot = r as u32;
                }
            }
        }
        for (&r, &w) in self.rank.iter().zip(weight) {
            if let Some(slot) = self.by_rank.get_mut(r as usize) {
                *slot = w;
            }
        }
    }
}

/// Each site of a profile (see [`profile`], [`changes`] and [`weighted_changes`]) with
/// whether starts sit there, and the level before and after it.
pub(crate) fn levels<C: Copy + Into<i128>>(
    profile: &[(Site, C)],
) -> impl Iterator<Item = (Site, bool, u128, u128)> + '_ {
    let mut level = 0i128;
    profile.iter().map(move |&(site, change)| {
        let before = level;
        level = level.saturating_add(change.into());
        // Never below zero: every end follows its start.
        let as_level = |l: i128| u128::try_from(l).unwrap_or(0);
        (site, site.1 & 1 == 0, as_level(before), as_level(level))
    })
}

/// The sites of the start and the end of what origin `origin` asserts, when it is judged as
/// a whole (a consistent origin: see [`Evidence::whole_positions`]).
fn whole_sites(evidence: &Evidence<'_>, origin: u32) -> Option<(Site, Site)> {
    let (start, end) = evidence.whole_positions(origin)?;
    Some(((start.0, start.1 << 1), (end.0, (end.1 << 1) | 1)))
}

/// A count of ends (or a sum of weights) at `site` as a change of the level: up at a start,
/// down at an end.
fn signed(site: Site, n: u128) -> i128 {
    let n = i128::try_from(n).unwrap_or(i128::MAX);
    if site.1 & 1 == 0 { n } else { -n }
}

/// Hands `emit` each site where an origin starts or stops covering, once per origin and
/// place: origin by origin, except that the places assembly kept for the origins that
/// contradict themselves come last, all together. Stops soon after `emit` first returns
/// `false` (the table counting the sites refused one: the caller sorts instead).
fn each_crossing(
    evidence: &Evidence<'_>,
    grouped: &OriginEnds,
    mut emit: impl FnMut(Site) -> bool,
) {
    let claims = evidence.claims();
    let full = |claim: u32, end: bool| full_key(claims, claim, end);
    let packed = evidence.packed_ends();
    let site = |x: u64| packed.site_of(x, full);
    let going = Cell::new(true);
    let mut emit = |site: Site| {
        if !emit(site) {
            going.set(false);
        }
    };
    for (origin, group) in grouped.groups() {
        if !going.get() {
            return;
        }
        if let [start, end] = *group {
            emit(site(start));
            emit(site(end));
        } else if let Some((start, end)) = whole_sites(evidence, origin) {
            // A consistent origin covers what all its claims do: from its latest start to
            // its earliest end.
            emit(start);
            emit(end);
        }
        // A contradictory origin covers what any of its claims does: the pieces of their
        // union, which assembly kept (handed over below).
    }
    for &site in &grouped.union_sites {
        if !going.get() {
            return;
        }
        emit(site);
    }
}

/// The bound that an end at `site` gives an interval: none at an infinity, else closed at
/// the value itself (side v) and open at v⁻ or v⁺.
pub(crate) fn bound_at((key, tag): Site) -> Bound {
    match Finite::new(from_ordered_bits(key)) {
        Ok(v) if tag >> 1 == 1 => Bound::Closed(v),
        Ok(v) => Bound::Open(v),
        Err(_) => Bound::Unbounded,
    }
}

/// Per site of `sites`, the first by id (see [`Evidence::first_by_id`]) of the claims with
/// an end there that pass `member(site's index, claim)`: the claims that set regions' ends,
/// found by one pass over the packed ends.
pub(crate) fn first_at(
    evidence: &Evidence<'_>,
    sites: &[Site],
    member: impl Fn(usize, ClaimId) -> bool,
) -> Vec<Option<ClaimId>> {
    let claims = evidence.claims();
    let full = |claim: u32, end: bool| full_key(claims, claim, end);
    let mut order: Vec<Site> = sites.to_vec();
    order.sort_unstable();
    order.dedup();
    let at = evidence.packed_ends().claims_at(&order, full);
    sites
        .iter()
        .enumerate()
        .map(|(index, site)| {
            let here = at.get(order.binary_search(site).ok()?)?;
            evidence.first_by_id(
                here.iter()
                    .map(|&c| ClaimId(c))
                    .filter(|&id| member(index, id)),
            )
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::{changes, full_key, profile, signed, whole_sites};
    use crate::algorithm::endpoints::{COUNT_DISTINCT_FROM, Site, SiteCounts, covering_changes};
    use crate::algorithm::prepare::Evidence;
    use crate::interval::Interval;
    use proptest::prelude::*;

    /// The changes of the level (or, from a `table` holding every end, the profile) found
    /// without what assembly kept: each origin judged as a whole by its intersection, any
    /// other by its own ends sorted and counted through.
    fn by_sorting_each_origin(
        evidence: &Evidence<'_>,
        mut table: SiteCounts,
    ) -> Option<Vec<(Site, i128)>> {
        let grouped = evidence.origin_ends()?;
        let claims = evidence.claims();
        let full = |claim: u32, end: bool| full_key(claims, claim, end);
        let packed = evidence.packed_ends();
        let (mut own, mut ends) = (Vec::new(), Vec::new());
        for (origin, group) in grouped.groups() {
            if let Some((start, end)) = whole_sites(evidence, origin) {
                table.add(start);
                table.add(end);
            } else {
                packed.ends_in_order(group, &mut own, &mut ends, full);
                covering_changes(&ends, |site| {
                    table.add(site);
                });
            }
        }
        let sorted = table.sorted()?;
        Some(
            sorted
                .into_iter()
                .map(|(s, n)| (s, signed(s, n.into())))
                .collect(),
        )
    }

    proptest! {
        /// What assembly keeps of the origins that contradict themselves (their starts
        /// sorted, the sites of their unions) gives the same changes of the level, and the
        /// same profile, as sorting each origin's ends on demand, with values a hair apart
        /// (most origins then have an end that did not fit its key) and all on the grid;
        /// the sweeps' results are checked against the sorted ends in the `agreement`, `ntp`
        /// and `brooks_iyengar` tests.
        #[test]
        fn kept_unions_give_what_sorting_on_demand_does(
            claims in prop_oneof![grouped_near_grid(), grouped_on_grid(false)],
        ) {
            let evidence = Evidence::from_grouped(&claims);
            let packed = evidence.packed_ends();
            let claims = evidence.claims();
            let full = |claim: u32, end: bool| full_key(claims, claim, end);
            if evidence.origin_ends().is_some() {
                let on_demand = by_sorting_each_origin(&evidence, SiteCounts::new(packed));
                prop_assert_eq!(changes(&evidence), on_demand);
                let every_end = SiteCounts::of_every_end(packed, full, 0);
                let on_demand = every_end.and_then(|t| by_sorting_each_origin(&evidence, t));
                prop_assert_eq!(profile(&evidence), on_demand);
            }
        }
    }

    /// Claims of `origins` origins on the values 1 to 6, the first three origins' values a
    /// hair apart (1 + k·2⁻⁵⁰ does not fit the key), so that a few origins that contradict
    /// themselves have inexact ends and the others do not.
    fn mixed_claims(seed: u64, n: usize, origins: u64) -> Vec<(Interval, u32)> {
        let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut out = Vec::new();
        while out.len() < n {
            let origin = next() % origins;
            let mut value = || {
                let hair = if origin < 3 { next() % 3 } else { 0 };
                1.0 + (next() % 6) as f64 + hair as f64 * 2f64.powi(-50)
            };
            let (a, b) = (value(), value());
            let (closed_low, closed_high) = (next() % 2 == 0, next() % 2 == 0);
            if let Ok(interval) =
                Interval::from_parts(Some(a.min(b)), !closed_low, Some(a.max(b)), !closed_high)
            {
                out.push((interval, origin as u32));
            }
        }
        out
    }

    #[test]
    fn every_sweep_that_follows_origins_agrees_with_the_sorted_ends_with_inexact_origins() {
        use crate::algorithm::endpoints::Endpoints;
        use crate::{Agreement, BrooksIyengar, Selection};
        for seed in 0..40 {
            for (n, origins) in [(300, 60), (600, 100)] {
                let evidence = Evidence::from_grouped(&mixed_claims(seed, n, origins));
                // The counting paths are the ones taken, with some inexact ends.
                assert!(super::counts_from(&evidence));
                assert!(
                    evidence
                        .packed_ends()
                        .any_inexact(evidence.packed_ends().items())
                );
                assert!(changes(&evidence).is_some());
                assert!(profile(&evidence).is_some());
                let sorted = Endpoints::new(&evidence);
                for weighted in [false, true] {
                    let method = Agreement::new().weighted(weighted);
                    assert_eq!(method.run(&evidence), method.run_on(&evidence, &sorted));
                }
                let ntp = Selection::ntp();
                assert_eq!(ntp.run(&evidence), ntp.run_on(&evidence, &sorted));
                for f in 0..3 {
                    let method = BrooksIyengar::new(f);
                    assert_eq!(method.run(&evidence), method.run_on(&evidence, &sorted));
                }
            }
        }
    }

    #[test]
    fn assembly_keeps_the_unions_of_origins_that_contradict_themselves() {
        // Origin 0 contradicts itself: [0, 1] and [2, 3] and [2.5, 4] (two pieces); origin 1
        // is consistent; origin 2 has one claim.
        let closed = |a: f64, b: f64| Interval::closed(a, b).unwrap();
        let evidence = Evidence::from_grouped(&[
            (closed(2.0, 3.0), 0),
            (closed(5.0, 6.0), 1),
            (closed(0.0, 1.0), 0),
            (closed(5.5, 7.0), 1),
            (closed(2.5, 4.0), 0),
            (closed(9.0, 9.0), 2),
        ]);
        let grouped = evidence.origin_ends().unwrap();
        let values: Vec<f64> = grouped
            .union_sites
            .iter()
            .map(|&(key, _)| super::from_ordered_bits(key))
            .collect();
        assert_eq!(values, [0.0, 1.0, 2.0, 4.0]);
        let on_demand = by_sorting_each_origin(&evidence, SiteCounts::new(evidence.packed_ends()));
        assert_eq!(changes(&evidence), on_demand);
    }

    /// Enough claims to take the counting paths of every algorithm: 700 origins of 5 to 6
    /// claims each on round values, some consistent, some contradicting themselves.
    pub(crate) fn many_grouped_claims() -> Vec<(Interval, u32)> {
        (0..COUNT_DISTINCT_FROM as u32)
            .filter_map(|i| {
                let low = f64::from(i % 13) * 10.0;
                let interval = Interval::closed(low, low + f64::from(i % 7) * 10.0).ok()?;
                Some((interval, i % 700))
            })
            .collect()
    }

    /// Intervals of a few origins on a grid of a few values, some a hair apart (1 + k·2⁻⁵⁰
    /// does not fit the key of a small evidence), with open, closed and unbounded ends:
    /// origins whose claims agree, contradict each other, or stand alone.
    pub(crate) fn grouped_near_grid() -> impl Strategy<Value = Vec<(Interval, u32)>> {
        grouped_on_grid(true)
    }

    /// As [`grouped_near_grid`], all values on the grid when not `hair_apart`: every end
    /// then fits its key, and an origin's ends are sorted as integers.
    pub(crate) fn grouped_on_grid(hair_apart: bool) -> impl Strategy<Value = Vec<(Interval, u32)>> {
        let hairs = if hair_apart { 3 } else { 1 };
        let value = (0u8..4, 0u8..hairs)
            .prop_map(|(j, k)| 1.0 + f64::from(j) + f64::from(k) * 2f64.powi(-50));
        let end = (prop::option::weighted(0.9, value), any::<bool>());
        prop::collection::vec((end.clone(), end, 0u32..6), 0..30).prop_map(|claims| {
            claims
                .into_iter()
                .filter_map(|((low, lo), (high, ho), origin)| {
                    Some((Interval::from_parts(low, lo, high, ho).ok()?, origin))
                })
                .collect()
        })
    }
}
