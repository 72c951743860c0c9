//! Conflicts: every pair of claims whose intervals share no value.
//!
//! Two intervals share no value exactly when one ends before the other starts (in the exact
//! [`Edge`](crate::Edge) order, where an open end and a closed start at one value do not meet).
//! Sorting the intervals once by end key makes, for any interval, the intervals that end before
//! it starts a *prefix* of that order; visiting the intervals by start key makes the prefixes
//! grow monotonically. So all `k` conflicting pairs are listed lazily in O(n log n + k) time and
//! O(n) memory, and counted without listing in O(n log n) — never an unconditional O(n²) scan.
//! This is the classic output-sensitive interval-disjointness enumeration (a merge of the two
//! sorted endpoint sequences; see DESIGN.md, "Sweeps are O(n log n); listing all conflicting
//! pairs is output-sensitive").

use crate::interval::{Edge, Interval, Relation};

/// How two conflicting intervals sit apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum ConflictKind {
    /// A gap of values lies between them ([`Relation::Before`]).
    Disjoint,
    /// They touch at an open end, `[1, 3)` and `[3, 5]`: no value shared, no value between
    /// ([`Relation::TouchesBefore`]).
    Touching,
}

impl ConflictKind {
    /// `"disjoint"` or `"touching"`.
    pub fn name(self) -> &'static str {
        match self {
            ConflictKind::Disjoint => "disjoint",
            ConflictKind::Touching => "touching",
        }
    }

    /// The interval relation of the lower interval to the upper one.
    pub fn relation(self) -> Relation {
        match self {
            ConflictKind::Disjoint => Relation::Before,
            ConflictKind::Touching => Relation::TouchesBefore,
        }
    }
}

/// One conflicting pair, by position in the input slice: `lower` lies wholly below `upper`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Conflict {
    /// The position of the interval that lies below.
    pub lower: usize,
    /// The position of the interval that lies above.
    pub upper: usize,
    /// Disjoint or touching.
    pub kind: ConflictKind,
    /// The width of the gap between them ([`Interval::gap`]); zero when touching.
    pub gap: f64,
    /// The upper interval's low end over the lower interval's high end (10,000 vs 3,000 is
    /// 3.33), when both are positive and the quotient is finite; `None` where it is undefined.
    pub ratio: Option<f64>,
}

impl Conflict {
    /// The conflict between `lower` and `upper`, `None` when they share a value (or `upper`
    /// does not lie above `lower`).
    pub fn between(
        lower_index: usize,
        lower: &Interval,
        upper_index: usize,
        upper: &Interval,
    ) -> Option<Conflict> {
        let kind = match lower.relation(upper) {
            Relation::Before => ConflictKind::Disjoint,
            Relation::TouchesBefore => ConflictKind::Touching,
            _ => return None,
        };
        Some(Conflict {
            lower: lower_index,
            upper: upper_index,
            kind,
            gap: lower.gap(upper),
            ratio: ratio(lower, upper),
        })
    }
}

/// The upper interval's low end over the lower one's high end, when both are positive.
fn ratio(lower: &Interval, upper: &Interval) -> Option<f64> {
    let (top, bottom) = (lower.high_value()?, upper.low_value()?);
    if top <= 0.0 || bottom <= 0.0 {
        return None;
    }
    Some(bottom / top).filter(|r| r.is_finite())
}

/// An order-preserving integer for an [`Edge`]: the value's IEEE 754 bits mapped to a `u64`
/// that sorts like the number, then the side (`v⁻ < v < v⁺`) in two bits. Sorting plain
/// integers is several times faster than comparing the enum.
fn edge_bits(edge: Edge) -> (u64, u128) {
    let (value, side) = match edge {
        Edge::NegInfinity => (f64::NEG_INFINITY, 1),
        Edge::At(v, side) => (v.get(), i64::from(side) + 1),
        Edge::PosInfinity => (f64::INFINITY, 1),
    };
    let bits = value.to_bits();
    let ordered = if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    };
    (ordered, side.clamp(0, 2) as u128)
}

/// Positions `0..n` sorted by a key, equal keys in input order (deterministic): each record
/// packs the key and the position into one `u128` (value bits, side, position), sorted once.
pub(crate) fn sorted_by(intervals: &[Interval], key: impl Fn(&Interval) -> Edge) -> Vec<usize> {
    let mut keyed: Vec<u128> = intervals
        .iter()
        .enumerate()
        .map(|(i, interval)| {
            let (value, side) = edge_bits(key(interval));
            (u128::from(value) << 64) | (side << 62) | (i as u128 & ((1 << 62) - 1))
        })
        .collect();
    keyed.sort_unstable();
    keyed
        .into_iter()
        .map(|k| (k & ((1 << 62) - 1)) as usize)
        .collect()
}

/// Every conflicting pair of `intervals`, lazily, in O(n log n + k).
///
/// Each pair is yielded once, as `lower`/`upper`. The order is deterministic: uppers by start
/// key (ties in input order), and for each upper the lowers by end key.
///
/// ```
/// use sourced::{conflicts, Interval};
/// let claims = [
///     Interval::greater_than(3000.0)?,   // "more than 3,000"
///     Interval::closed(0.0, 10_000.0)?,  // "as many as 10,000"
///     Interval::point(0.0)?,             // a denial
/// ];
/// let pairs: Vec<_> = conflicts(&claims).map(|c| (c.lower, c.upper)).collect();
/// assert_eq!(pairs, [(2, 0)]);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn conflicts(intervals: &[Interval]) -> Conflicts<'_> {
    conflicts_by_start(intervals, sorted_by(intervals, Interval::start))
}

/// [`conflicts`], given the positions of `intervals` sorted by start (as
/// [`sorted_by`]`(intervals, Interval::start)` gives them).
pub(crate) fn conflicts_by_start(intervals: &[Interval], by_start: Vec<usize>) -> Conflicts<'_> {
    Conflicts {
        intervals,
        by_end: sorted_by(intervals, Interval::end),
        by_start,
        next_upper: 0,
        upper: 0,
        prefix: 0,
        inner: 0,
    }
}

/// The number of conflicting pairs of `intervals`, in O(n log n) without listing them; in
/// O(n) plus a sort of the distinct ends when those are at most 2¹⁵, as for the round
/// numbers people say (ends whose value does not fit a 60-bit key are sorted apart).
///
/// ```
/// use sourced::{count_conflicts, Interval};
/// let claims = [Interval::closed(0.0, 1.0)?, Interval::closed(2.0, 3.0)?, Interval::closed(4.0, 5.0)?];
/// assert_eq!(count_conflicts(&claims), 3);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn count_conflicts(intervals: &[Interval]) -> u64 {
    // The ends as integer records: counted per distinct value when there are few, else
    // sorted (several times faster than sorting `Edge`s).
    crate::algorithm::count_disjoint_pairs(intervals)
}

impl Conflicts<'_> {
    /// The number of conflicting pairs, counted in O(n) on the sorted orders the iterator
    /// already holds (whatever it has yielded so far).
    pub fn total(&self) -> u64 {
        let end = |i: &usize| self.intervals.get(*i).map(Interval::end);
        let mut before = 0usize;
        let mut total = 0u64;
        for start in self.by_start.iter().filter_map(|i| self.intervals.get(*i)) {
            let start = start.start();
            while self
                .by_end
                .get(before)
                .and_then(end)
                .is_some_and(|e| e < start)
            {
                before += 1;
            }
            total += before as u64;
        }
        total
    }
}

/// The iterator returned by [`conflicts`].
#[derive(Clone, Debug)]
pub struct Conflicts<'a> {
    intervals: &'a [Interval],
    by_end: Vec<usize>,
    by_start: Vec<usize>,
    /// Position in `by_start` of the next upper to visit.
    next_upper: usize,
    /// The current upper (a position in `intervals`).
    upper: usize,
    /// Length of the prefix of `by_end` that ends before the current upper starts.
    prefix: usize,
    /// Next position in that prefix to yield.
    inner: usize,
}

impl Iterator for Conflicts<'_> {
    type Item = Conflict;

    fn next(&mut self) -> Option<Conflict> {
        loop {
            if self.inner < self.prefix {
                let lower = *self.by_end.get(self.inner)?;
                self.inner += 1;
                let (a, b) = (self.intervals.get(lower)?, self.intervals.get(self.upper)?);
                // Always Some: `lower` ends before `upper` starts.
                if let Some(conflict) = Conflict::between(lower, a, self.upper, b) {
                    return Some(conflict);
                }
                continue;
            }
            // Next upper; its prefix is at least as long as the previous one's.
            let upper = *self.by_start.get(self.next_upper)?;
            self.next_upper += 1;
            let start = self.intervals.get(upper)?.start();
            while self
                .by_end
                .get(self.prefix)
                .and_then(|&i| self.intervals.get(i))
                .is_some_and(|iv| iv.end() < start)
            {
                self.prefix += 1;
            }
            self.upper = upper;
            self.inner = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(low: Option<f64>, lo: bool, high: Option<f64>, ho: bool) -> Interval {
        Interval::from_parts(low, lo, high, ho).unwrap()
    }

    #[test]
    fn open_end_and_closed_start_at_one_value_touch() {
        let xs = [
            iv(Some(0.0), false, Some(3.0), true),
            iv(Some(3.0), false, Some(5.0), false),
        ];
        let found: Vec<_> = conflicts(&xs).collect();
        assert_eq!(found.len(), 1);
        let c = found[0];
        assert_eq!(
            (c.lower, c.upper, c.kind, c.gap),
            (0, 1, ConflictKind::Touching, 0.0)
        );
        assert_eq!(c.ratio, Some(1.0));
    }

    #[test]
    fn closed_ends_at_one_value_do_not_conflict() {
        let xs = [
            Interval::closed(0.0, 3.0).unwrap(),
            Interval::closed(3.0, 5.0).unwrap(),
        ];
        assert_eq!(conflicts(&xs).count(), 0);
        assert_eq!(count_conflicts(&xs), 0);
    }

    #[test]
    fn ratio_is_the_upper_low_over_the_lower_high() {
        // DESIGN.md: "3,000 vs 10,000 is a factor 3.3".
        let xs = [
            Interval::closed(1000.0, 3000.0).unwrap(),
            Interval::at_least(10_000.0).unwrap(),
        ];
        let c = conflicts(&xs).next().unwrap();
        assert_eq!(c.gap, 7000.0);
        assert!((c.ratio.unwrap() - 10.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn ratio_is_undefined_at_zero_or_below() {
        let zero = Interval::point(0.0).unwrap();
        let above = Interval::greater_than(3000.0).unwrap();
        assert_eq!(Conflict::between(0, &zero, 1, &above).unwrap().ratio, None);
        let neg = Interval::closed(-5.0, -1.0).unwrap();
        let pos = Interval::closed(2.0, 3.0).unwrap();
        assert_eq!(Conflict::between(0, &neg, 1, &pos).unwrap().ratio, None);
    }

    #[test]
    fn packed_keys_sort_like_edges() {
        let edges = [
            Edge::NegInfinity,
            Edge::At(crate::Finite::new(-f64::MAX).unwrap(), -1),
            Edge::At(crate::Finite::new(-1.5).unwrap(), 1),
            Edge::At(crate::Finite::new(0.0).unwrap(), -1),
            Edge::At(crate::Finite::new(0.0).unwrap(), 0),
            Edge::At(crate::Finite::new(0.0).unwrap(), 1),
            Edge::At(crate::Finite::new(1e-300).unwrap(), -1),
            Edge::At(crate::Finite::new(f64::MAX).unwrap(), 1),
            Edge::PosInfinity,
        ];
        for pair in edges.windows(2) {
            assert!(pair[0] < pair[1]);
            assert!(
                edge_bits(pair[0]) < edge_bits(pair[1]),
                "{:?} {:?}",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn empty_and_single_inputs_have_no_conflicts() {
        assert_eq!(conflicts(&[]).count(), 0);
        assert_eq!(count_conflicts(&[]), 0);
        assert_eq!(conflicts(&[Interval::everything()]).count(), 0);
    }

    #[test]
    fn extreme_values_give_finite_or_no_ratio() {
        let xs = [
            Interval::closed(1e-308, 1e-308).unwrap(),
            Interval::closed(1e308, f64::MAX).unwrap(),
        ];
        let c = conflicts(&xs).next().unwrap();
        assert_eq!(c.ratio, None);
        assert!(c.gap.is_finite());
        let ys = [
            Interval::point(-f64::MAX).unwrap(),
            Interval::point(f64::MAX).unwrap(),
        ];
        assert_eq!(conflicts(&ys).next().unwrap().gap, f64::INFINITY);
    }
}
