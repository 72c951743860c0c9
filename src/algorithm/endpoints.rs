//! The shared sorted endpoint array: every sweep of this module runs over it.
//!
//! Each counted claim contributes two ends, each packed into one `u64` (most significant bits
//! first):
//!
//! ```text
//! key     60 − C bits   the top bits of the value as an order-preserving integer
//! tag     3 bits        side·2 + end: side 0 for v⁻, 1 for v, 2 for v⁺ (see `Edge`); end 0 for a start
//! inexact 1 bit         set when the key dropped non-zero low bits of the value
//! claim   C bits        the claim's index in the evidence (C = the bits a claim index needs)
//! ```
//!
//! Sorting these integers puts equal values in `tag` order, so that at one value open ends (v⁻)
//! come first, then closed starts, closed ends, and open starts (v⁺): exactly the order of
//! [`Edge`] keys with starts before ends at equal keys. The order of claims within one (value,
//! tag) does not matter to any sweep.
//!
//! **Why packed, and why this sort.** An eight-byte end moves half the memory of a 16-byte
//! (key, claim, tag) record. It is sorted by `sort_unstable_by_key` on the bits above the
//! claim index, so ends with the same value and tag compare equal: the pattern-defeating
//! quicksort puts a whole run of equal elements in place in one partition, which is what
//! makes sorting the plain values (the floor) fast on data where people say round numbers
//! and values repeat. Sorting the whole integers instead (every end distinct, through its
//! claim index) took three times as long on the `limit_ratio` data, and a most-significant-
//! digit radix sort (8-bit digits, skipping the bits a bucket shares, stopping at ties) two
//! and a half times as long: clustered values need four passes, each stalled by repeated
//! increments of the same counters. A least-significant-digit radix sort (11-bit digits,
//! skipping the digits in which no item differs, four interleaved histograms) took twice
//! as long as the masked quicksort, for the shared array and for the conflict count alike: a
//! few values that are not round (1.2, say) make every digit vary, so it always ran four
//! passes, each a histogram and a scatter over 16 MB. A counting sort by the distinct
//! (value, tag) keys (5,915 of them among the 2·10⁶ ends of the `limit_ratio` data, found
//! with a small hash table in 5.6 ms) took as long as the masked quicksort: its one scatter
//! writes to thousands of places in 16 MB, each write a miss of cache and address
//! translation (16 ms). The conflict count, which needs the order only up to ties, keeps
//! that table and skips the scatter (see [`count_disjoint_pairs`]). Replacing each key by
//! its rank among the distinct keys and scattering twice by 7-bit digits of the rank (two
//! passes of 128 streams, which address translation can follow) was no better: finding the
//! ranks took 7.5 ms and each scatter 13 ms, against 16–17 ms for the masked quicksort. The
//! sweeps that need the order only up to ties (the union; where origins start and stop
//! covering, see the `coverage` module) count the distinct ends instead of sorting them.
//!
//! **Why it stays exact.** With a million claims C = 20 and the key keeps sign, exponent and
//! the top 28 bits of the 52-bit mantissa; every integer below 2²⁹ and every round number fits
//! exactly. A value that does not fit (0.3, say) sets its `inexact` bit; after the sort, every
//! run of equal truncated keys holding such an end is sorted again by its full values, and the
//! full values of inexact ends are kept in sweep order beside the array. The result is the
//! same order a comparison sort of the full values gives, whatever the data.
//!
//! The array is built and sorted once per [`Evidence`] by [`Evidence::endpoints`] and shared
//! by the algorithms run after it (sort once, answer many): union, agreement, weighted
//! agreement, NTP selection and Brooks–Iyengar. Without it, on many claims with few distinct
//! ends, they count instead of sorting (see the `coverage` module).

use crate::algorithm::key_counts::{KeyCounts, Tally};
use crate::algorithm::prepare::{ClaimId, Evidence, PreparedClaim};
use crate::hash::fibonacci_slot;
use crate::interval::{Edge, Interval};

/// The 2n ends of the counted claims of an [`Evidence`], sorted once.
///
/// [`Evidence::endpoints`] builds it on first use and keeps it; build one yourself with
/// [`Endpoints::new`] to time the sort or to run several algorithms on a fresh array.
///
/// ```
/// use sourced::{Endpoints, Evidence, Interval};
/// let evidence = Evidence::from_intervals(&[Interval::closed(1.0, 2.0)?, Interval::point(1.5)?]);
/// assert_eq!(Endpoints::new(&evidence).len(), 4);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Endpoints {
    /// The packed ends in sweep order (see the module docs).
    items: Vec<u64>,
    /// The full keys of the ends whose `inexact` bit is set, in sweep order.
    inexact: Vec<u64>,
    layout: Layout,
}

/// Where the fields of a packed end sit, given how many bits a claim index needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Layout {
    claim_bits: u32,
}

impl Layout {
    /// The layout for claim indices below `claims`.
    fn for_claims(claims: usize) -> Layout {
        let bits = usize::BITS - claims.saturating_sub(1).leading_zeros();
        Layout {
            claim_bits: bits.clamp(1, 32),
        }
    }

    /// The bit where the key starts; everything below it is tag, inexact bit and claim.
    #[inline]
    fn key_shift(self) -> u32 {
        self.claim_bits + 4
    }

    /// The lowest bit that matters to the order (the tag's).
    #[inline]
    fn order_shift(self) -> u32 {
        self.claim_bits + 1
    }

    /// The bits that matter to the order: the key and the tag, without the inexact bit and
    /// the claim.
    #[inline]
    fn order_bits(self) -> u64 {
        !((1u64 << self.order_shift()) - 1)
    }

    #[inline]
    fn pack(self, key: u64, tag: u8, claim: u32) -> u64 {
        let shift = self.key_shift();
        let low_bits = (1u64 << shift) - 1;
        (key & !low_bits)
            | (u64::from(tag) << self.order_shift())
            | (u64::from(key & low_bits != 0) << self.claim_bits)
            | u64::from(claim)
    }

    /// The start and the end of `interval`, each as (full key, packed end).
    #[inline]
    fn pack_ends(self, interval: &Interval, claim: u32) -> [(u64, u64); 2] {
        let (start, start_side) = edge_code(interval.start());
        let (end, end_side) = edge_code(interval.end());
        [
            (start, self.pack(start, start_side << 1, claim)),
            (end, self.pack(end, (end_side << 1) | 1, claim)),
        ]
    }

    /// The key with its dropped low bits as zeros (the full key of an exact end).
    #[inline]
    fn truncated_key(self, item: u64) -> u64 {
        item & !((1u64 << self.key_shift()) - 1)
    }

    #[inline]
    fn is_inexact(self, item: u64) -> bool {
        (item >> self.claim_bits) & 1 == 1
    }

    #[inline]
    fn tag(self, item: u64) -> u8 {
        ((item >> self.order_shift()) & 7) as u8
    }

    /// The site of a packed end whose value fits its key.
    #[inline]
    fn site(self, item: u64) -> Site {
        (self.truncated_key(item), self.tag(item))
    }

    #[inline]
    fn claim(self, item: u64) -> u32 {
        (item & ((1u64 << self.claim_bits) - 1)) as u32
    }
}

/// A sweep position: an [`Edge`] as (order-preserving key, side), see [`position`].
pub(crate) type Position = (u64, u8);

/// One decoded end of the array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Event {
    /// The value as an order-preserving integer.
    pub value: u64,
    /// 0 for v⁻, 1 for v, 2 for v⁺.
    pub side: u8,
    /// Whether this is the start of the claim's interval.
    pub start: bool,
    /// The claim's index in the evidence.
    pub claim: u32,
}

impl Event {
    /// The position key without the start/end flag and claim (equal for a start and an end
    /// at the same [`Edge`]).
    #[inline]
    pub fn position(self) -> Position {
        (self.value, self.side)
    }
}

/// The ends in sweep order, decoded one by one.
pub(crate) struct Events<'a> {
    items: std::slice::Iter<'a, u64>,
    inexact: std::slice::Iter<'a, u64>,
    layout: Layout,
}

impl Iterator for Events<'_> {
    type Item = Event;

    #[inline]
    fn next(&mut self) -> Option<Event> {
        let item = *self.items.next()?;
        let layout = self.layout;
        let truncated = layout.truncated_key(item);
        let value = if layout.is_inexact(item) {
            self.inexact.next().copied().unwrap_or(truncated)
        } else {
            truncated
        };
        let tag = layout.tag(item);
        Some(Event {
            value,
            side: tag >> 1,
            start: tag & 1 == 0,
            claim: layout.claim(item),
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.items.size_hint()
    }
}

impl ExactSizeIterator for Events<'_> {}

/// An order-preserving map from `f64` to `u64` (only finite values, with no negative zero,
/// and the two infinities occur here). Negative values are negated in two's complement
/// rather than complemented, so that a value whose low mantissa bits are zero has a key whose
/// low bits are zero too, whatever its sign (see the module docs).
#[inline]
pub(crate) fn ordered_bits(value: f64) -> u64 {
    let bits = value.to_bits();
    if bits >> 63 == 1 {
        bits.wrapping_neg()
    } else {
        bits | (1 << 63)
    }
}

/// The inverse of [`ordered_bits`].
#[inline]
pub(crate) fn from_ordered_bits(key: u64) -> f64 {
    if key >> 63 == 1 {
        f64::from_bits(key & !(1 << 63))
    } else {
        f64::from_bits(key.wrapping_neg())
    }
}

#[inline]
fn edge_code(edge: Edge) -> (u64, u8) {
    match edge {
        Edge::NegInfinity => (ordered_bits(f64::NEG_INFINITY), 1),
        Edge::At(v, side) => (ordered_bits(v.get()), (side.clamp(-1, 1) + 1) as u8),
        Edge::PosInfinity => (ordered_bits(f64::INFINITY), 1),
    }
}

/// The sweep position of an [`Edge`], comparable with [`Event::position`].
#[inline]
pub(crate) fn position(edge: Edge) -> Position {
    edge_code(edge)
}

/// The full key of one end of an interval.
#[inline]
fn end_key(interval: &Interval, end: bool) -> u64 {
    edge_code(if end {
        interval.end()
    } else {
        interval.start()
    })
    .0
}

/// The ends of the counted claims packed for sorting, in claim order: start then end of each.
///
/// An [`Evidence`] packs them once, when it is assembled; [`Endpoints::new`] copies and sorts
/// them, and the passes that visit every counted claim (the supporting lists of agreement and
/// NTP selection) read the claims' positions here, 16 bytes per claim, instead of from the
/// 80-byte prepared claims.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PackedEnds {
    items: Vec<u64>,
    /// How many of the items have their `inexact` bit set.
    inexact: usize,
    /// Their truncated keys, in claim order, while they are few (see [`listed_inexact`]),
    /// so that the sort finds their runs by binary search instead of a pass over the array.
    inexact_keys: Vec<u64>,
    layout: Layout,
}

/// The most inexact ends whose keys [`PackedEnds`] lists, for `ends` ends: a binary search
/// for each run costs about what a pass over 512 ends does, and with more of them (values
/// measured to many digits, say) the pass over the array is the cheaper way to find them.
fn listed_inexact(ends: usize) -> usize {
    ends / 512 + 64
}

impl PackedEnds {
    /// Packs the ends of `claims` (indices below `indices`; `capacity` claims expected).
    #[cfg(test)]
    pub(crate) fn new(
        claims: impl Iterator<Item = (u32, Interval)>,
        indices: usize,
        capacity: usize,
    ) -> PackedEnds {
        let mut packed = PackedEnds::with_capacity(indices, capacity);
        for (index, interval) in claims {
            packed.push(index, &interval);
        }
        packed
    }

    /// No ends yet, for claim indices below `indices` (`capacity` claims expected).
    pub(crate) fn with_capacity(indices: usize, capacity: usize) -> PackedEnds {
        PackedEnds {
            items: Vec::with_capacity(capacity.saturating_mul(2)),
            inexact: 0,
            inexact_keys: Vec::new(),
            layout: Layout::for_claims(indices),
        }
    }

    /// Packs the ends of claim `index`.
    #[inline]
    pub(crate) fn push(&mut self, index: u32, interval: &Interval) {
        for (_, item) in self.layout.pack_ends(interval, index) {
            if self.layout.is_inexact(item) {
                self.inexact += 1;
                if self.inexact <= listed_inexact(self.items.capacity()) {
                    self.inexact_keys.push(self.layout.truncated_key(item));
                }
            }
            self.items.push(item);
        }
    }

    /// Per packed claim, in claim order: its index and the sweep positions (see [`position`])
    /// of its start and its end. Only the rare ends whose key did not fit are read again, as
    /// `interval(claim)` gives them.
    pub(crate) fn positions<'p>(
        &'p self,
        interval: impl Fn(u32) -> Option<Interval> + 'p,
    ) -> impl Iterator<Item = (u32, Position, Position)> + 'p {
        let layout = self.layout;
        let decode = move |item: u64| {
            let key = if layout.is_inexact(item) {
                interval(layout.claim(item)).map_or(0, |i| end_key(&i, true_if_end(layout, item)))
            } else {
                layout.truncated_key(item)
            };
            (key, layout.tag(item) >> 1)
        };
        self.items
            .chunks_exact(2)
            .filter_map(move |pair| match *pair {
                [start, end] => Some((layout.claim(start), decode(start), decode(end))),
                _ => None,
            })
    }
}

/// An end of a sorted array as a limit to compare packed ends with (see
/// [`PackedEnds::overlapping`]): its packed item and its full position.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limit {
    item: u64,
    position: Position,
}

impl Limit {
    /// Its full position.
    pub(crate) fn position(self) -> Position {
        self.position
    }
}

impl PackedEnds {
    /// An end at `site` as a limit for [`overlapping`](Self::overlapping), packed as these ends
    /// are.
    pub(crate) fn limit_at(&self, (key, tag): Site) -> Limit {
        Limit {
            item: self.layout.pack(key, tag, 0),
            position: (key, tag >> 1),
        }
    }
}

/// The claims listed for a region by [`PackedEnds::overlapping`] (as its `judge` rules),
/// each list in claim order.
#[derive(Debug, Default)]
pub(crate) struct Overlapping {
    /// The claims listed.
    pub(crate) listed: Vec<ClaimId>,
    /// The others, when asked for.
    pub(crate) unlisted: Vec<ClaimId>,
    /// The listed claims whose own start sits at the region's start, and those whose own end
    /// sits at its end (a claim's own ends, also where the judge lists it for its origin):
    /// the candidates to set the region's ends.
    pub(crate) at_ends: [Vec<ClaimId>; 2],
}

impl PackedEnds {
    /// The packed claims whose intervals share a value with the region from the start
    /// `from` to the end `to` (limits taken from an array sorted from the same evidence, or
    /// [`limit_at`](Self::limit_at), so that the layouts agree), as `judge` rules: it is told
    /// each claim and whether its own interval does, and says whether the claim is listed.
    /// With `unlisted`, the others are kept too.
    ///
    /// Decided on the packed integers, two comparisons per claim: a start whose order bits
    /// are below those of `to` lies at or before it (at one position starts sort before
    /// ends), an end whose order bits are above those of `from` at or after it. Only where a
    /// value did not fit its key and the truncated keys tie does `positions` give the full
    /// positions of the claim's ends. Which claims are listed follows no pattern: the two
    /// comparisons are both made, and the claim kept, without a branch (short-circuit tests
    /// made this pass take about 11 ms at a million claims of the `limit_ratio` data instead
    /// of 8). The claims at the region's ends (about one listed claim in eight where people
    /// say round numbers) are kept under a branch: kept without one, they cost more at a
    /// thousand claims than they saved at a million.
    pub(crate) fn overlapping(
        &self,
        (from, to): (Limit, Limit),
        positions: impl Fn(u32) -> Option<(Position, Position)>,
        judge: impl Fn(u32, bool) -> bool,
        unlisted: bool,
    ) -> Overlapping {
        let layout = self.layout;
        let order = layout.order_shift();
        let (from_bits, to_bits) = (from.item >> order, to.item >> order);
        // Each claim is written at the end of both lists (of the listed, and of the others
        // when they are kept at all), and the list it belongs to grows past it: no branch on
        // which. Each has room for every claim, and the lengths are locals, which stay in
        // registers.
        let claims = self.items.len() / 2;
        let mut listed = vec![ClaimId(0); claims];
        let mut others = vec![ClaimId(0); if unlisted { claims } else { 0 }];
        let (mut listed_len, mut others_len) = (0, 0);
        let mut at_ends: [Vec<ClaimId>; 2] = [Vec::new(), Vec::new()];
        // Whether an end or the limit it is compared with did not fit its key; the
        // comparison is then decided on the packed bits only if the truncated keys differ.
        let inexact = |x: u64, limit: u64| layout.is_inexact(x) | layout.is_inexact(limit);
        let decided = |x: u64, limit: u64| {
            (layout.truncated_key(x) != layout.truncated_key(limit)) | !inexact(x, limit)
        };
        for pair in self.items.chunks_exact(2) {
            let [start, end] = *pair else {
                continue;
            };
            let claim = layout.claim(start);
            let own = if decided(start, to.item) & decided(end, from.item) {
                (start >> order < to_bits) & (end >> order > from_bits)
            } else {
                positions(claim)
                    .is_some_and(|(start, end)| start <= to.position && end >= from.position)
            };
            let kept = judge(claim, own);
            if let Some(slot) = listed.get_mut(listed_len) {
                *slot = ClaimId(claim);
            }
            listed_len += usize::from(kept);
            if let Some(slot) = others.get_mut(others_len) {
                *slot = ClaimId(claim);
            }
            others_len += usize::from(!kept);
            // At an end of the region: the same packed bits, and exactly so unless a value
            // did not fit its key.
            let (mut at_start, mut at_end) = (start >> order == from_bits, end >> order == to_bits);
            if kept & ((at_start & inexact(start, from.item)) | (at_end & inexact(end, to.item))) {
                let full = positions(claim);
                at_start &= full.is_some_and(|(start, _)| start == from.position);
                at_end &= full.is_some_and(|(_, end)| end == to.position);
            }
            if kept & (at_start | at_end) {
                let [starts, ends] = &mut at_ends;
                if at_start {
                    starts.push(ClaimId(claim));
                }
                if at_end {
                    ends.push(ClaimId(claim));
                }
            }
        }
        let keep = |mut list: Vec<ClaimId>, len: usize| {
            list.truncate(len);
            list.shrink_to_fit();
            list
        };
        Overlapping {
            listed: keep(listed, listed_len),
            unlisted: keep(others, others_len),
            at_ends,
        }
    }
}

/// A sweep position with the kind of end there: (order-preserving key, tag), the tag as in
/// the module docs (side·2 + 1 for an end, side·2 for a start). Sorting these gives sweep
/// order.
pub(crate) type Site = (u64, u8);

impl PackedEnds {
    /// The packed ends, in claim order: each counted claim's start, then its end.
    pub(crate) fn items(&self) -> &[u64] {
        &self.items
    }

    /// The claim of a packed end.
    #[inline]
    pub(crate) fn claim_of(&self, item: u64) -> u32 {
        self.layout.claim(item)
    }

    /// The site of a packed end; `full_key(claim, is_end)` gives the full key of an end
    /// whose value did not fit.
    #[inline]
    pub(crate) fn site_of(&self, item: u64, full_key: impl Fn(u32, bool) -> u64) -> Site {
        let layout = self.layout;
        if layout.is_inexact(item) {
            (
                full_key(layout.claim(item), true_if_end(layout, item)),
                layout.tag(item),
            )
        } else {
            layout.site(item)
        }
    }

    /// The ends of `group` (packed ends, each claim's start then its end) in sweep order,
    /// each as its site and its claim's place in the group, into `out`; `own` is room to
    /// sort in. As in [`union_sites`](Self::union_sites), the ends are sorted as plain
    /// integers (order bits, with the place below them), and only a group with an end whose
    /// value did not fit its key by full sites.
    pub(crate) fn ends_in_order(
        &self,
        group: &[u64],
        own: &mut Vec<u64>,
        out: &mut Vec<(Site, u32)>,
        full_key: impl Fn(u32, bool) -> u64,
    ) {
        let layout = self.layout;
        let order_bits = layout.order_bits();
        out.clear();
        if self.any_inexact(group) {
            out.extend(
                group
                    .iter()
                    .enumerate()
                    .map(|(i, &x)| (self.site_of(x, &full_key), (i / 2) as u32)),
            );
            out.sort_unstable();
            return;
        }
        // The starts and the ends are sorted apart (half as many comparisons as sorting
        // them together, each half small enough for `sort_distinct`), then merged. A
        // claim's start and end differ in their tags, so the integers are distinct.
        let m = group.len() / 2;
        own.clear();
        own.resize(2 * m, 0);
        let (starts, ends) = own.split_at_mut(m);
        for (k, &x) in group.iter().enumerate() {
            let half = if k % 2 == 0 { &mut *starts } else { &mut *ends };
            if let Some(slot) = half.get_mut(k / 2) {
                *slot = (x & order_bits) | (k / 2) as u64;
            }
        }
        sort_distinct(starts);
        sort_distinct(ends);
        let site = |x: u64| (layout.site(x), (x & !order_bits) as u32);
        let (mut s, mut e) = (starts.iter().peekable(), ends.iter().peekable());
        while let (Some(&&a), Some(&&b)) = (s.peek(), e.peek()) {
            out.push(site(if a < b {
                s.next();
                a
            } else {
                e.next();
                b
            }));
        }
        out.extend(s.chain(e).map(|&x| site(x)));
    }

    /// The sites where the union of the claims of `group` (packed ends, each claim's start
    /// then its end) begins and ceases to cover a value, in sweep order, handed to `emit`;
    /// `starts` has one slot per claim, `own` and `ends` are room to sort in.
    ///
    /// With every value fitting its key, the claims' starts are sorted into `starts` by
    /// [`sort_starts`](Self::sort_starts), and a piece of the union runs on while the next
    /// start comes before the furthest end so far. A group with an end whose value did not
    /// fit its key has its ends sorted by full sites (see
    /// [`ends_in_order`](Self::ends_in_order)) and counted through ([`covering_changes`]);
    /// `starts` is then left as it was.
    pub(crate) fn union_sites(
        &self,
        group: &[u64],
        starts: &mut [u64],
        (own, ends): (&mut Vec<u64>, &mut Vec<(Site, u32)>),
        full_key: impl Fn(u32, bool) -> u64,
        mut emit: impl FnMut(Site),
    ) {
        if self.any_inexact(group) {
            self.ends_in_order(group, own, ends, full_key);
            covering_changes(ends, emit);
            return;
        }
        self.sort_starts(group, starts);
        self.pieces(group, starts, |low, high| {
            emit(low);
            emit(high);
        });
    }

    /// Whether some of `items`, which must be ends of this array (an origin's group, say),
    /// has a value that did not fit its key. Answered without looking at them when no end
    /// of the array is inexact (the usual case): asked once per origin, looking would be a
    /// pass over all the ends.
    pub(crate) fn any_inexact(&self, items: &[u64]) -> bool {
        self.inexact > 0 && items.iter().any(|&x| self.layout.is_inexact(x))
    }

    /// The starts of the claims of `group` (packed ends, each claim's start then its end,
    /// with every value fitting its key) into `own` (one slot per claim), sorted as plain
    /// integers: the start's order bits, with the claim's place in the group below them (see
    /// [`sort_distinct`]).
    pub(crate) fn sort_starts(&self, group: &[u64], own: &mut [u64]) {
        let order_bits = self.layout.order_bits();
        // The claim's place in the group fits below the order bits: a group holds at most
        // all the claims, whose indices fit there.
        for ((place, &start), slot) in group.iter().step_by(2).enumerate().zip(own.iter_mut()) {
            *slot = (start & order_bits) | place as u64;
        }
        sort_distinct(own);
    }

    /// The pieces of the union of the claims of `group`, each handed to `emit` as the
    /// sites where it begins and ceases to cover, in sweep order, from the starts sorted by
    /// [`sort_starts`](Self::sort_starts).
    pub(crate) fn pieces(&self, group: &[u64], starts: &[u64], mut emit: impl FnMut(Site, Site)) {
        self.layered_pieces(
            group,
            starts,
            |_| 0,
            &mut [None],
            |_, low, high| emit(low, high),
        );
    }

    /// The pieces of the unions of nested layers of the claims of `group`: layer j holds
    /// the claims whose `layer_of(place in the group)` is at most j, for each j below the
    /// length of `room`, which keeps each layer's piece under way (start and furthest end;
    /// `None` on entry). Each piece is handed to `emit` with its layer and the sites where it
    /// begins and ceases to cover, from the starts sorted by
    /// [`sort_starts`](Self::sort_starts), in one pass: in each layer, a piece runs on while
    /// the next start comes before the furthest end so far.
    pub(crate) fn layered_pieces(
        &self,
        group: &[u64],
        starts: &[u64],
        layer_of: impl Fn(usize) -> usize,
        room: &mut [Option<(u64, u64)>],
        mut emit: impl FnMut(usize, Site, Site),
    ) {
        let layout = self.layout;
        let order_bits = layout.order_bits();
        let place = |x: u64| (x & !order_bits) as usize;
        let end_of = |x: u64| {
            group
                .get(2 * place(x) + 1)
                .map_or(0, |&end| end & order_bits)
        };
        for &x in starts {
            let (start, end) = (x & order_bits, end_of(x));
            for (j, piece) in room.iter_mut().enumerate().skip(layer_of(place(x))) {
                match piece {
                    // Starts and ends never share order bits (their tags differ): a start
                    // after the furthest end leaves a gap, where the piece ends.
                    Some((low, furthest)) if start > *furthest => {
                        emit(j, layout.site(*low), layout.site(*furthest));
                        *piece = Some((start, end));
                    }
                    Some((_, furthest)) => *furthest = (*furthest).max(end),
                    None => *piece = Some((start, end)),
                }
            }
        }
        for (j, piece) in room.iter_mut().enumerate() {
            if let Some((low, furthest)) = piece.take() {
                emit(j, layout.site(low), layout.site(furthest));
            }
        }
    }

    /// The distinct sites of the ends in sweep order, each with how many ends sit there;
    /// `None` when the ends whose value fits their key take more than 2¹⁵ distinct values,
    /// or when more than ends/512 + 64 values do not fit (sort them instead).
    ///
    /// For the sweeps that need the order only up to ties (the union): each end is counted
    /// in a small table of distinct packed ends (see the `key_counts` module) and only the
    /// distinct ones are sorted, instead of all 2n (see [`SiteCounts::of_every_end`]). The
    /// few ends whose value did not fit the key are set apart with their full keys, from
    /// `full_key(claim, is_end)`, and merged in.
    pub(crate) fn distinct_sites(
        &self,
        full_key: impl Fn(u32, bool) -> u64,
    ) -> Option<Vec<(Site, u32)>> {
        SiteCounts::of_every_end(self, full_key, 1)?.sorted()
    }

    /// Per site of `sites` (without repeats), the claims with an end there, in claim order.
    /// One pass: each end's packed bits are looked up among the sites' packed bits, and only
    /// where a value did not fit its key are the full keys, from `full_key(claim, is_end)`,
    /// compared.
    ///
    /// An end whose value fits its key can sit only at a site whose key fits too (with the
    /// same packed bits), and one whose value does not only at such a site (with the same
    /// full key and tag): each is looked up by binary search among its own kind, so that
    /// many sites a hair apart, which share packed bits, cost a logarithm and not a scan.
    pub(crate) fn claims_at(
        &self,
        sites: &[Site],
        full_key: impl Fn(u32, bool) -> u64,
    ) -> Vec<Vec<u32>> {
        let layout = self.layout;
        let order_bits = layout.order_bits();
        // The sites whose key fits, by packed bits (the truncated key and the tag), and the
        // others by full site; each with its index in `sites`.
        let mut exact: Vec<(u64, usize)> = Vec::new();
        let mut inexact: Vec<(Site, usize)> = Vec::new();
        for (index, &(key, tag)) in sites.iter().enumerate() {
            let item = layout.pack(key, tag, 0);
            if layout.is_inexact(item) {
                inexact.push(((key, tag), index));
            } else {
                exact.push((item & order_bits, index));
            }
        }
        exact.sort_unstable();
        inexact.sort_unstable();
        // Most ends sit at no site: a filter of one bit per slot of a hash of the packed
        // bits, 64 slots per site (at most 2¹⁶), sets them aside with one look-up.
        let filter_bits = (sites.len().saturating_mul(64).next_power_of_two())
            .trailing_zeros()
            .clamp(6, 16);
        let mut filter = vec![0u64; 1 << (filter_bits - 6)];
        for &(key, tag) in sites {
            let slot = fibonacci_slot(layout.pack(key, tag, 0) & order_bits, filter_bits);
            if let Some(word) = filter.get_mut(slot >> 6) {
                *word |= 1 << (slot & 63);
            }
        }
        let mut found = vec![Vec::new(); sites.len()];
        for &x in &self.items {
            let bits = x & order_bits;
            let slot = fibonacci_slot(bits, filter_bits);
            if filter
                .get(slot >> 6)
                .is_none_or(|word| word >> (slot & 63) & 1 == 0)
            {
                continue;
            }
            let claim = layout.claim(x);
            let index = if layout.is_inexact(x) {
                let site = (full_key(claim, true_if_end(layout, x)), layout.tag(x));
                inexact
                    .binary_search_by(|&(s, _)| s.cmp(&site))
                    .ok()
                    .and_then(|i| inexact.get(i))
                    .map(|&(_, index)| index)
            } else {
                exact
                    .binary_search_by(|&(p, _)| p.cmp(&bits))
                    .ok()
                    .and_then(|i| exact.get(i))
                    .map(|&(_, index)| index)
            };
            if let Some(claims) = index.and_then(|index| found.get_mut(index)) {
                claims.push(claim);
            }
        }
        found
    }
}

/// How many times each site occurs (or, with `u128` tallies, the weights added at each
/// site), for sites handed over one by one (not packed ends): those whose key fits are
/// counted in a small table by their packed bits, the others (rare) kept apart.
pub(crate) struct SiteCounts<C: Tally = u32> {
    layout: Layout,
    counts: KeyCounts<C>,
    apart: Vec<(Site, C)>,
    /// The most sites kept apart (more are refused, as too many distinct keys are).
    most_apart: usize,
    complete: bool,
}

impl SiteCounts<u32> {
    /// Counts one more `site`; `false` once a site has been refused (see
    /// [`add_n`](Self::add_n)).
    #[inline]
    pub(crate) fn add(&mut self, site: Site) -> bool {
        self.add_n(site, 1)
    }
}

impl<C: Tally> SiteCounts<C> {
    /// No sites yet, packed as the ends of `packed` are.
    pub(crate) fn new(packed: &PackedEnds) -> SiteCounts<C> {
        SiteCounts {
            layout: packed.layout,
            counts: KeyCounts::new(DISTINCT_ENDS_BITS),
            apart: Vec::new(),
            most_apart: listed_inexact(packed.items.len()),
            complete: true,
        }
    }

    /// Every end of `packed` counted with `tally` each (with zero, its site is only listed
    /// by [`sorted`](Self::sorted), with what is added there later); `full_key(claim,
    /// is_end)` gives the full key of an end that did not fit. `None` when the ends whose
    /// value fits their key take more than 2¹⁵ distinct values, or when more than
    /// ends/512 + 64 values do not fit (sort them instead).
    ///
    /// The ends are packed already: counted here by their order bits, in a loop kept as
    /// tight as the sort it replaces; the few whose value did not fit are set apart with
    /// their full keys.
    pub(crate) fn of_every_end(
        packed: &PackedEnds,
        full_key: impl Fn(u32, bool) -> u64,
        tally: C,
    ) -> Option<SiteCounts<C>> {
        // Many ends whose value does not fit (measured reals) are sorted as well as counted.
        let limit = listed_inexact(packed.items.len());
        if packed.inexact > limit {
            return None;
        }
        let mut counts = SiteCounts::new(packed);
        // Room apart for the inexact ends and as many sites added later.
        counts.most_apart = 2 * limit;
        counts.apart.reserve(packed.inexact);
        let layout = packed.layout;
        let order_bits = layout.order_bits();
        for &x in &packed.items {
            if layout.is_inexact(x) {
                let key = full_key(layout.claim(x), true_if_end(layout, x));
                counts.apart.push(((key, layout.tag(x)), tally));
            } else if !counts.counts.add_n(x & order_bits, tally) {
                return None;
            }
        }
        Some(counts)
    }

    /// Adds `n` at `site`; `false` once a site has been refused (too many distinct sites,
    /// or a tally would overflow): the tallies are then incomplete for good, and
    /// [`sorted`](Self::sorted) gives `None`.
    #[inline]
    pub(crate) fn add_n(&mut self, (key, tag): Site, n: C) -> bool {
        let layout = self.layout;
        let item = layout.pack(key, tag, 0);
        // The table refuses every key once it has refused one (see `KeyCounts::add`).
        if !layout.is_inexact(item) {
            self.complete &= self.counts.add_n(item & layout.order_bits(), n);
        } else if self.complete {
            self.complete = self.apart.len() < self.most_apart;
            self.apart.push(((key, tag), n));
        }
        self.complete
    }

    /// The distinct sites in sweep order with their tallies (those of a site kept apart
    /// summed); `None` when the table refused a site.
    pub(crate) fn sorted(self) -> Option<Vec<(Site, C)>> {
        self.complete
            .then(|| counted_sites(self.layout, self.counts, self.apart))
    }
}

/// Sites counted in a table by their packed order bits, and the sites kept apart (whose key
/// did not fit), merged into one list in sweep order with their tallies: each site once
/// (see the comment on overflow below).
fn counted_sites<C: Tally>(
    layout: Layout,
    counts: KeyCounts<C>,
    mut apart: Vec<(Site, C)>,
) -> Vec<(Site, C)> {
    apart.sort_unstable_by_key(|&(site, _)| site);
    // An inexact site added several times comes once, with the tallies summed (were a sum
    // to overflow its tally, which no count of ends or sum of 64-bit weights in a 128-bit
    // tally can, the site would come twice, as the entries were added: the sweeps read
    // repeated sites one after the other).
    apart.dedup_by(|(site, n), (kept_site, kept)| {
        *site == *kept_site && kept.plus(*n).map(|sum| *kept = sum).is_some()
    });
    let exact = counts
        .sorted()
        .into_iter()
        .map(|(item, n)| (layout.site(item), n));
    merge_apart(exact, apart).collect()
}

/// Sorts distinct integers. Up to 32 of them (what one origin usually has), each goes
/// straight to its rank, the number of smaller ones: k² comparisons with no branch, which
/// the compiler vectorises, where an insertion sort mispredicts a branch at about every
/// other step on data in no order.
fn sort_distinct(items: &mut [u64]) {
    const SMALL: usize = 32;
    if items.len() > SMALL {
        items.sort_unstable();
        return;
    }
    let mut sorted = [0u64; SMALL];
    for &x in items.iter() {
        let rank: usize = items.iter().map(|&y| usize::from(y < x)).sum();
        if let Some(slot) = sorted.get_mut(rank) {
            *slot = x;
        }
    }
    if let Some(sorted) = sorted.get(..items.len()) {
        items.copy_from_slice(sorted);
    }
}

/// The full key of one end of a prepared claim.
pub(crate) fn full_key(claims: &[PreparedClaim<'_>], claim: u32, end: bool) -> u64 {
    claims
        .get(claim as usize)
        .map_or(0, |c| end_key(c.interval(), end))
}

/// Whether a packed item is the end (not the start) of its claim's interval.
#[inline]
fn true_if_end(layout: Layout, item: u64) -> bool {
    layout.tag(item) & 1 == 1
}

impl Endpoints {
    /// Sorts the ends of the evidence's counted claims (see [`Evidence::counted`]).
    pub fn new(evidence: &Evidence<'_>) -> Endpoints {
        let claims = evidence.claims();
        Endpoints::sort(evidence.packed_ends(), |claim, end| {
            full_key(claims, claim, end)
        })
    }

    /// Copies and sorts packed ends; `full_key` gives the full key of one end again, for the
    /// rare ends whose key does not fit.
    fn sort(packed: &PackedEnds, full_key: impl Fn(u32, bool) -> u64) -> Endpoints {
        let layout = packed.layout;
        let mut items = packed.items.clone();
        // Sorting by the bits above the claim index leaves equal (value, tag) ends equal, so
        // the pattern-defeating quicksort's handling of equal elements applies: it settles a
        // run of ties in one partition, as it does for the repeated values of the floor.
        let order = layout.order_shift();
        items.sort_unstable_by_key(|&x| x >> order);
        let inexact = if packed.inexact == 0 {
            Vec::new()
        } else if packed.inexact == packed.inexact_keys.len()
            && packed.inexact <= listed_inexact(items.len())
        {
            let runs = runs_of_keys(&items, layout, &packed.inexact_keys);
            settle_inexact(&mut items, layout, runs, packed.inexact, &full_key)
        } else {
            let runs = runs_by_scanning(&items, layout);
            settle_inexact(&mut items, layout, runs, packed.inexact, &full_key)
        };
        Endpoints {
            items,
            inexact,
            layout,
        }
    }

    /// How many ends (twice the number of counted claims).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The claims of the ends around the one at `index` (itself included) that share its
    /// truncated value and its tag: every end at the same position, and perhaps a few at
    /// values that differ only beyond the key. Each comes with whether it is known to sit at
    /// exactly the same position (both keys fit); compare the positions of the others.
    pub(crate) fn neighbours(&self, index: usize) -> impl Iterator<Item = (u32, bool)> + '_ {
        let layout = self.layout;
        let item = self.items.get(index).copied();
        let exact = item.is_some_and(|i| !layout.is_inexact(i));
        let same = move |x: &&u64| {
            item.is_some_and(|i| {
                layout.truncated_key(**x) == layout.truncated_key(i)
                    && layout.tag(**x) == layout.tag(i)
            })
        };
        let before = self.items.get(..index).unwrap_or_default();
        let after = self.items.get(index..).unwrap_or_default();
        before
            .iter()
            .rev()
            .take_while(same)
            .chain(after.iter().take_while(same))
            .map(move |&x| (layout.claim(x), exact && !layout.is_inexact(x)))
    }

    /// The end at `index` (decoded as `event`) as a limit for [`PackedEnds::overlapping`].
    pub(crate) fn limit(&self, index: usize, event: Event) -> Limit {
        Limit {
            item: self.items.get(index).copied().unwrap_or(0),
            position: event.position(),
        }
    }

    /// Where the depth (claims covering the sweep position) returns to zero: each index of
    /// an end after which no claim covers the position, with the number of inexact items up
    /// to and including it (for [`event_at`](Self::event_at)).
    ///
    /// Only the start/end bit of each item is read, and the depth moves by adding it, not
    /// under a branch: starts and ends alternate in no predictable way, while a return to
    /// zero is rare.
    pub(crate) fn depth_zeros(&self) -> Vec<(usize, usize)> {
        let layout = self.layout;
        let (end_bit, inexact_bit) = (layout.order_shift(), layout.claim_bits);
        let mut zeros = Vec::new();
        let (mut depth, mut inexact) = (0i64, 0usize);
        for (index, &x) in self.items.iter().enumerate() {
            let end = ((x >> end_bit) & 1) as i64;
            depth += 1 - 2 * end;
            inexact += ((x >> inexact_bit) & 1) as usize;
            if depth == 0 {
                zeros.push((index, inexact));
            }
        }
        zeros
    }

    /// The end at `index`, decoded, given the number of inexact items before it.
    pub(crate) fn event_at(&self, index: usize, inexact_before: usize) -> Option<Event> {
        Events {
            items: self.items.get(index..)?.iter(),
            inexact: self
                .inexact
                .get(inexact_before..)
                .unwrap_or_default()
                .iter(),
            layout: self.layout,
        }
        .next()
    }

    /// The claims of the ends in sweep order.
    pub(crate) fn claims(&self) -> impl Iterator<Item = u32> + '_ {
        let layout = self.layout;
        self.items.iter().map(move |&x| layout.claim(x))
    }

    /// The ends in sweep order.
    #[inline]
    pub(crate) fn events(&self) -> Events<'_> {
        Events {
            items: self.items.iter(),
            inexact: self.inexact.iter(),
            layout: self.layout,
        }
    }
}

/// The runs (ranges of the sorted items) of the truncated keys `keys` of the inexact ends,
/// in sweep order, each found by binary search.
fn runs_of_keys(items: &[u64], layout: Layout, keys: &[u64]) -> Vec<(usize, usize)> {
    let mut keys = keys.to_vec();
    keys.sort_unstable();
    keys.dedup();
    // The items are sorted by the bits above the tag, of which the truncated key is the top:
    // the run of a key is one range.
    keys.into_iter()
        .map(|key| {
            (
                items.partition_point(|&x| layout.truncated_key(x) < key),
                items.partition_point(|&x| layout.truncated_key(x) <= key),
            )
        })
        .collect()
}

/// The runs of equal truncated keys that hold an inexact end, in sweep order, found in one
/// pass: blocks whose bitwise OR has no inexact bit are skipped whole (a test the compiler
/// vectorises).
fn runs_by_scanning(items: &[u64], layout: Layout) -> Vec<(usize, usize)> {
    let bit = 1u64 << layout.claim_bits;
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (b, block) in items.chunks(32).enumerate() {
        if block.iter().fold(0, |any, &x| any | x) & bit == 0 {
            continue;
        }
        for (i, &x) in block.iter().enumerate() {
            let found = b * 32 + i;
            if x & bit == 0 || runs.last().is_some_and(|&(_, last)| found < last) {
                continue;
            }
            // The run of the inexact end found: back to its first item, on to its last.
            let key = layout.truncated_key(x);
            let same = |y: &u64| layout.truncated_key(*y) == key;
            let first = items.get(..found).map_or(0, |before| {
                before.iter().rposition(|y| !same(y)).map_or(0, |p| p + 1)
            });
            let last = items.get(found..).map_or(found, |after| {
                found + after.iter().position(|y| !same(y)).unwrap_or(after.len())
            });
            runs.push((first, last));
        }
    }
    runs
}

/// After the sort, puts each of `runs` (runs of equal truncated keys that hold an inexact
/// end, in sweep order) in the order of full keys, and returns the full keys of the
/// `count` inexact ends in sweep order.
fn settle_inexact(
    items: &mut [u64],
    layout: Layout,
    runs: Vec<(usize, usize)>,
    count: usize,
    full_key: &impl Fn(u32, bool) -> u64,
) -> Vec<u64> {
    let mut inexact = Vec::with_capacity(count);
    let mut run: Vec<(u64, u64)> = Vec::new();
    for (first, last) in runs {
        let Some(head) = items.get_mut(first..last) else {
            continue;
        };
        run.clear();
        run.extend(head.iter().map(|&x| {
            let full = if layout.is_inexact(x) {
                full_key(layout.claim(x), true_if_end(layout, x))
            } else {
                layout.truncated_key(x)
            };
            (full, x)
        }));
        // Full key first, then the item (whose tag sits above its claim index).
        run.sort_unstable();
        for ((full, x), slot) in run.iter().zip(head.iter_mut()) {
            *slot = *x;
            if layout.is_inexact(*x) {
                inexact.push(*full);
            }
        }
    }
    inexact
}

/// The number of pairs of `intervals` that share no value: at each start, the ends already
/// passed (an end at the same [`Edge`] as a start sorts after it, so only ends strictly
/// before the start count), summed over the ends in sweep order.
///
/// The order is needed only up to ties, so when the ends take few distinct values (people
/// say round numbers) each distinct end is counted in a small table and only the distinct
/// ends are sorted (see the `key_counts` module); otherwise, or for fewer than
/// [`COUNT_DISTINCT_FROM`] intervals, all the ends are sorted.
pub(crate) fn count_disjoint_pairs(intervals: &[Interval]) -> u64 {
    if intervals.len() >= COUNT_DISTINCT_FROM
        && let Some(pairs) = count_by_distinct_ends(intervals, DISTINCT_ENDS_BITS)
    {
        return pairs;
    }
    count_by_sorting(intervals)
}

/// Below this many intervals (or counted claims) the ends are sorted without trying the
/// table first: the table's set-up costs more than the sort of so few. For the conflict
/// count, the union and Brooks–Iyengar; agreement and NTP selection, which need no table of
/// all the ends, count from fewer (see the `coverage` module).
pub(crate) const COUNT_DISTINCT_FROM: usize = 4096;

/// The table of distinct ends has at most 2¹⁶ slots (768 KB), so at most 2¹⁵ distinct ends.
const DISTINCT_ENDS_BITS: u32 = 16;

// Counting needs no claim index: with none, the key keeps 60 bits (every value with a
// mantissa of up to 48 bits fits), and equal ends are equal integers. The few ends that do
// not fit are sorted apart by their full value and merged in.
const COUNTING: Layout = Layout { claim_bits: 0 };

/// The count from per-end counts in a table of at most 2^`bits` slots; `None` when the ends
/// take more distinct values than it holds.
fn count_by_distinct_ends(intervals: &[Interval], bits: u32) -> Option<u64> {
    let mut counts = KeyCounts::new(bits);
    let apart = split_ends(intervals, |item| counts.add(item))?;
    Some(count_from_sorted(
        counted_sites(COUNTING, counts, apart).into_iter(),
    ))
}

/// The count from all the ends, sorted.
fn count_by_sorting(intervals: &[Interval]) -> u64 {
    let layout = COUNTING;
    let mut items = Vec::with_capacity(intervals.len().saturating_mul(2));
    let apart = split_ends(intervals, |item| {
        items.push(item);
        true
    })
    .unwrap_or_default();
    // Equal ends are equal integers, which the sort settles as fast as the floor's repeated
    // values.
    items.sort_unstable();
    let exact = items.iter().map(|&x| (layout.site(x), 1));
    count_from_sorted(merge_apart(exact, apart))
}

/// The ends of `intervals` packed for counting: each exact one is handed to `exact`, and
/// the ones whose value does not fit the key are returned apart as (full key, tag), each
/// with a count of 1, sorted. `None` as soon as `exact` refuses an end.
fn split_ends(
    intervals: &[Interval],
    mut exact: impl FnMut(u64) -> bool,
) -> Option<Vec<(Site, u32)>> {
    let layout = COUNTING;
    let mut apart: Vec<(Site, u32)> = Vec::new();
    for interval in intervals {
        for (key, item) in layout.pack_ends(interval, 0) {
            if layout.is_inexact(item) {
                apart.push(((key, layout.tag(item)), 1));
            } else if !exact(item) {
                return None;
            }
        }
    }
    apart.sort_unstable();
    Some(apart)
}

/// The sites where a union begins and ceases to cover, from its claims' ends in sweep order
/// (each with its claim's place, unused here), handed to `emit`: a start that makes one
/// claim cover, an end that leaves none.
pub(crate) fn covering_changes(ends: &[(Site, u32)], mut emit: impl FnMut(Site)) {
    let mut covering = 0u32;
    for &(site, _) in ends {
        let start = site.1 & 1 == 0;
        if covering == u32::from(!start) {
            emit(site);
        }
        covering = if start {
            covering + 1
        } else {
            covering.saturating_sub(1)
        };
    }
}

/// Sorted (key, tag) ends with their tallies, and the sorted ends that did not fit their
/// key (full key, tag) with theirs, merged into one sorted sequence.
fn merge_apart<C>(
    exact: impl Iterator<Item = (Site, C)>,
    apart: Vec<(Site, C)>,
) -> impl Iterator<Item = (Site, C)> {
    let mut exact = exact.peekable();
    let mut rest = apart.into_iter().peekable();
    std::iter::from_fn(move || match (exact.peek(), rest.peek()) {
        (Some((a, _)), Some((b, _))) if b < a => rest.next(),
        (Some(_), _) => exact.next(),
        (None, _) => rest.next(),
    })
}

/// The disjoint pairs from the sorted ends, each (key, tag) with its multiplicity.
fn count_from_sorted(ends: impl Iterator<Item = (Site, u32)>) -> u64 {
    let mut ended = 0u64;
    let mut pairs = 0u64;
    for ((_, tag), n) in ends {
        let n = u64::from(n);
        if tag & 1 == 1 {
            ended = ended.saturating_add(n);
        } else {
            pairs = pairs.saturating_add(n.saturating_mul(ended));
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Intervals on a grid of few values, some of which (tenths) do not fit a key.
    fn grid_intervals() -> impl Strategy<Value = Vec<Interval>> {
        let end = (-20i32..20, any::<bool>(), any::<bool>()).prop_map(|(v, tenths, open)| {
            let value = if tenths {
                f64::from(v) * 0.1
            } else {
                f64::from(v) * 100.0
            };
            (value, open)
        });
        prop::collection::vec((end.clone(), end, 0u8..8), 0..300).prop_map(|raw| {
            raw.into_iter()
                .filter_map(|((a, a_open), (b, b_open), shape)| {
                    let (low, high) = if a <= b { (a, b) } else { (b, a) };
                    match shape {
                        0 => Interval::at_least(low).ok(),
                        1 => Interval::at_most(high).ok(),
                        2 => Interval::point(low).ok(),
                        _ => Interval::from_parts(Some(low), a_open, Some(high), b_open).ok(),
                    }
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn counting_distinct_ends_agrees_with_sorting(
            intervals in grid_intervals(),
            bits in 1u32..10,
        ) {
            let sorted = count_by_sorting(&intervals);
            if let Some(counted) = count_by_distinct_ends(&intervals, bits) {
                prop_assert_eq!(counted, sorted);
            }
            // With room for every end, the table always answers.
            prop_assert_eq!(count_by_distinct_ends(&intervals, 12), Some(sorted));
        }
    }

    #[test]
    fn ordered_bits_preserve_order_and_round_trip() {
        let xs = [
            f64::NEG_INFINITY,
            -1e308,
            -1.0,
            -f64::MIN_POSITIVE,
            0.0,
            f64::MIN_POSITIVE,
            1.0,
            1e308,
            f64::INFINITY,
        ];
        for w in xs.windows(2) {
            assert!(ordered_bits(w[0]) < ordered_bits(w[1]), "{w:?}");
        }
        for x in xs {
            assert_eq!(from_ordered_bits(ordered_bits(x)), x);
        }
    }

    fn sorted(intervals: &[Interval]) -> Endpoints {
        let packed = PackedEnds::new(
            intervals.iter().enumerate().map(|(i, iv)| (i as u32, *iv)),
            intervals.len(),
            intervals.len(),
        );
        Endpoints::sort(&packed, |claim, end| {
            end_key(&intervals[claim as usize], end)
        })
    }

    /// The order a comparison sort of the full (key, side, end) triples gives.
    fn expected(intervals: &[Interval]) -> Vec<(u64, u8, bool)> {
        let mut all: Vec<(u64, u8, bool)> = intervals
            .iter()
            .flat_map(|iv| {
                let (s, ss) = edge_code(iv.start());
                let (e, es) = edge_code(iv.end());
                [(s, ss, false), (e, es, true)]
            })
            .collect();
        all.sort_unstable();
        all
    }

    fn actual(e: &Endpoints) -> Vec<(u64, u8, bool)> {
        e.events()
            .map(|ev| (ev.value, ev.side, !ev.start))
            .collect()
    }

    #[test]
    fn ends_sort_as_edges_with_starts_first() {
        let a = Interval::closed(1.0, 3.0).unwrap();
        let b = Interval::from_parts(Some(3.0), true, None, false).unwrap();
        let c = Interval::from_parts(Some(0.0), false, Some(3.0), true).unwrap();
        let d = Interval::closed(3.0, 4.0).unwrap();
        let e = sorted(&[a, b, c, d]);
        let order: Vec<(u32, bool)> = e.events().map(|ev| (ev.claim, ev.start)).collect();
        // 0 (c), 1 (a), 3⁻ (c ends), 3 (d starts, then a ends), 3⁺ (b), 4 (d), +∞ (b)
        assert_eq!(
            order,
            vec![
                (2, true),
                (0, true),
                (2, false),
                (3, true),
                (0, false),
                (1, true),
                (3, false),
                (1, false)
            ]
        );
    }

    /// An interval from generated parts: `kind` 0 is "at least low", 1 "at most high",
    /// anything else `[low, high]` with each end closed or open as given (a point when the
    /// ends cross).
    fn shaped(low: f64, high: f64, kind: u64, low_closed: bool, high_closed: bool) -> Interval {
        match kind {
            0 => Interval::at_least(low).unwrap(),
            1 => Interval::at_most(high).unwrap(),
            _ => Interval::from_parts(Some(low), low_closed, Some(high), high_closed)
                .unwrap_or_else(|_| Interval::point(low).unwrap()),
        }
    }

    /// The disjoint pairs, pair by pair.
    fn disjoint_by_brute_force(intervals: &[Interval]) -> u64 {
        let mut pairs = 0u64;
        for (i, a) in intervals.iter().enumerate() {
            for b in intervals.iter().skip(i + 1) {
                pairs += u64::from(!a.intersects(b));
            }
        }
        pairs
    }

    fn xorshift(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    #[test]
    fn order_matches_a_comparison_sort_on_round_numbers() {
        // Many ties, open and closed ends, one-sided intervals, no inexact end.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let intervals: Vec<Interval> = (0..20_000)
            .map(|_| {
                let low = (xorshift(&mut state) % 100) as f64 * 10.0 - 500.0;
                let high = low + (xorshift(&mut state) % 50) as f64;
                let r = xorshift(&mut state);
                shaped(low, high, r % 7, r & 8 == 0, r & 16 == 0)
            })
            .collect();
        let e = sorted(&intervals);
        assert!(e.inexact.is_empty());
        assert_eq!(actual(&e), expected(&intervals));
    }

    #[test]
    fn values_that_do_not_fit_the_key_are_settled_by_their_full_value() {
        // 0.1 + k·1e-12 differ only in low mantissa bits: every end is inexact, and many
        // share a truncated key.
        let mut state = 0x1234_5678_9abc_def1u64;
        let intervals: Vec<Interval> = (0..5_000)
            .map(|_| {
                let low = 0.1 + (xorshift(&mut state) % 64) as f64 * 1e-12;
                let high = low + (xorshift(&mut state) % 4) as f64 * 1e-13;
                let r = xorshift(&mut state);
                Interval::from_parts(Some(low), r & 1 == 0, Some(high), r & 2 == 0)
                    .unwrap_or_else(|_| Interval::point(low).unwrap())
            })
            .chain([
                Interval::closed(0.25, 0.5).unwrap(),
                Interval::point(-0.1).unwrap(),
            ])
            .collect();
        let e = sorted(&intervals);
        assert!(!e.inexact.is_empty());
        assert_eq!(actual(&e), expected(&intervals));
    }

    #[test]
    fn claim_indices_survive_packing() {
        let intervals: Vec<Interval> = (0..1000)
            .map(|i| Interval::point(f64::from(i % 10) + 0.1).unwrap())
            .collect();
        let e = sorted(&intervals);
        let mut claims: Vec<u32> = e.events().map(|ev| ev.claim).collect();
        claims.sort_unstable();
        claims.dedup();
        assert_eq!(claims, (0..1000).collect::<Vec<u32>>());
        for ev in e.events() {
            let iv = &intervals[ev.claim as usize];
            assert_eq!(ev.value, end_key(iv, !ev.start));
        }
    }

    proptest::proptest! {
        /// The runs that hold inexact ends are the same found by binary search for their
        /// keys as by scanning the sorted array (values 1 + k·2⁻⁵⁰ + j tie in the key).
        #[test]
        fn runs_by_search_and_by_scanning_agree(
            raw in proptest::collection::vec((0u8..9, 0u8..9), 1..200)
        ) {
            let value = |k: u8| 1.0 + f64::from(k % 3) * f64::EPSILON * 4.0 + f64::from(k / 3);
            let intervals: Vec<Interval> = raw
                .iter()
                .map(|&(a, b)| Interval::closed(value(a.min(b)), value(a.max(b))).unwrap())
                .collect();
            let packed = PackedEnds::new(
                intervals.iter().enumerate().map(|(i, iv)| (i as u32, *iv)),
                intervals.len(),
                intervals.len(),
            );
            let layout = packed.layout;
            let mut items = packed.items.clone();
            items.sort_unstable_by_key(|&x| x >> layout.order_shift());
            let keys: Vec<u64> = items
                .iter()
                .filter(|&&x| layout.is_inexact(x))
                .map(|&x| layout.truncated_key(x))
                .collect();
            proptest::prop_assert_eq!(
                runs_of_keys(&items, layout, &keys),
                runs_by_scanning(&items, layout)
            );
        }
    }

    proptest::proptest! {
        /// The packed overlap test agrees with comparing full positions, also where values
        /// differ only beyond the key (1 + k·2⁻⁵⁰ ties with 1 in the key): the claims
        /// listed, the others, and the listed ones at the region's ends.
        #[test]
        fn packed_overlapping_agrees_with_full_positions(
            raw in proptest::collection::vec((0u8..6, 0u8..6, 0u8..16), 1..12)
        ) {
            let value = |k: u8| 1.0 + f64::from(k % 3) * f64::EPSILON * 4.0 + f64::from(k / 3);
            let intervals: Vec<Interval> = raw
                .iter()
                .map(|&(a, b, flags)| {
                    let (low, high) = (value(a.min(b)), value(a.max(b)));
                    shaped(low, high, u64::from(flags % 8), flags & 4 == 0, flags & 8 == 0)
                })
                .collect();
            let packed = PackedEnds::new(
                intervals.iter().enumerate().map(|(i, iv)| (i as u32, *iv)),
                intervals.len(),
                intervals.len(),
            );
            let sorted = Endpoints::sort(&packed, |claim, end| {
                end_key(&intervals[claim as usize], end)
            });
            let events: Vec<(usize, Event)> = sorted.events().enumerate().collect();
            let full = |claim: u32| {
                let iv = intervals[claim as usize];
                Some((position(iv.start()), position(iv.end())))
            };
            for &(i, from) in events.iter().filter(|(_, e)| e.start) {
                for &(j, to) in events.iter().filter(|(_, e)| !e.start) {
                    let (a, b) = (sorted.limit(i, from), sorted.limit(j, to));
                    // Every third claim is not eligible (the judge refuses it), and every fifth
                    // is listed whether its own interval shares a value or not (as for an
                    // origin judged as a whole).
                    let judge = |claim: u32, own: bool| (own | claim.is_multiple_of(5)) & !claim.is_multiple_of(3);
                    let found = packed.overlapping((a, b), full, judge, true);
                    let (mut listed, mut unlisted, mut at_start, mut at_end) =
                        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
                    for claim in 0..intervals.len() as u32 {
                        let (start, end) = full(claim).unwrap();
                        let id = ClaimId(claim);
                        if judge(claim, start <= to.position() && end >= from.position()) {
                            listed.push(id);
                            if start == from.position() {
                                at_start.push(id);
                            }
                            if end == to.position() {
                                at_end.push(id);
                            }
                        } else {
                            unlisted.push(id);
                        }
                    }
                    proptest::prop_assert_eq!(&found.listed, &listed, "from {:?} to {:?}", from, to);
                    proptest::prop_assert_eq!(&found.unlisted, &unlisted);
                    proptest::prop_assert_eq!(&found.at_ends, &[at_start, at_end]);
                }
            }
        }

        #[test]
        fn any_intervals_sort_as_a_comparison_sort_would(
            raw in proptest::collection::vec(
                (-1e6f64..1e6, 0.0f64..1e3, 0u8..16, proptest::bool::ANY),
                0..300,
            )
        ) {
            let intervals: Vec<Interval> = raw
                .iter()
                .map(|&(low, width, flags, round)| {
                    let low = if round { low.round() } else { low };
                    let high = low + if round { width.round() } else { width };
                    shaped(low, high, u64::from(flags % 8), flags & 4 == 0, flags & 8 == 0)
                })
                .collect();
            let e = sorted(&intervals);
            proptest::prop_assert_eq!(actual(&e), expected(&intervals));
            proptest::prop_assert_eq!(
                count_disjoint_pairs(&intervals),
                disjoint_by_brute_force(&intervals)
            );
        }

        #[test]
        fn disjoint_pairs_of_round_values_match_brute_force(
            raw in proptest::collection::vec((-50i32..50, 0i32..20, 0u8..16), 0..200)
        ) {
            // Only values that fit a claim-less key: the counting fast path.
            let intervals: Vec<Interval> = raw
                .iter()
                .map(|&(low, width, flags)| {
                    let (low, high) = (f64::from(low) * 0.5, f64::from(low + width) * 0.5);
                    shaped(low, high, u64::from(flags % 8), flags & 4 == 0, flags & 8 == 0)
                })
                .collect();
            proptest::prop_assert_eq!(
                count_disjoint_pairs(&intervals),
                disjoint_by_brute_force(&intervals)
            );
        }
    }
}
