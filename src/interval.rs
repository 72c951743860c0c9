//! Intervals of possible values with open, closed or unbounded ends.

use std::cmp::Ordering;
use std::fmt;

use crate::error::ValueError;
use crate::value::Finite;

/// One end of an [`Interval`].
///
/// On the low side `Unbounded` means −∞, on the high side +∞.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Bound {
    /// No bound on this side.
    Unbounded,
    /// The value itself belongs to the interval.
    Closed(Finite),
    /// Values up to, but not including, this one belong to the interval.
    Open(Finite),
}

impl Bound {
    /// The bound's value, if it has one.
    pub fn value(self) -> Option<f64> {
        match self {
            Bound::Unbounded => None,
            Bound::Closed(v) | Bound::Open(v) => Some(v.get()),
        }
    }

    /// Whether the bound is [`Bound::Open`].
    pub fn is_open(self) -> bool {
        matches!(self, Bound::Open(_))
    }

    fn scaled(self, factor: f64) -> Result<Bound, ValueError> {
        Ok(match self {
            Bound::Unbounded => Bound::Unbounded,
            Bound::Closed(v) => Bound::Closed(Finite::new(v.get() * factor)?),
            Bound::Open(v) => Bound::Open(Finite::new(v.get() * factor)?),
        })
    }
}

/// A position on the extended real line at which an interval starts or ends.
///
/// Every value `v` is split into three positions `v⁻ < v < v⁺`, so that open and closed ends
/// compare exactly: `[a, v]` ends at `v`, `[a, v)` ends at `v⁻`, `[v, b]` starts at `v` and
/// `(v, b]` starts at `v⁺`. Two intervals share a value exactly when each starts no later than
/// the other ends. The sweeps of this crate sort these keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Edge {
    /// −∞.
    NegInfinity,
    /// A finite position: the value and its side (`-1` for `v⁻`, `0` for `v`, `1` for `v⁺`).
    At(Finite, i8),
    /// +∞.
    PosInfinity,
}

impl Edge {
    /// The value at this position (±∞ for the unbounded ends).
    pub fn value(self) -> f64 {
        match self {
            Edge::NegInfinity => f64::NEG_INFINITY,
            Edge::At(v, _) => v.get(),
            Edge::PosInfinity => f64::INFINITY,
        }
    }
}

/// A non-empty interval of real values, each end open, closed or unbounded.
///
/// The fields are private: every constructor checks that the interval is non-empty
/// (`low ≤ high`, and `low < high` when either end is open), so an `Interval` is always valid.
///
/// ```
/// use sourced::Interval;
///
/// let white_house = Interval::greater_than(3000.0)?; // "more than 3,000": (3000, ∞)
/// let nis = Interval::closed(0.0, 10_000.0)?; // "as many as 10,000" for a count: [0, 10000]
/// let both = white_house.intersection(&nis).expect("compatible");
/// assert_eq!(both.to_string(), "(3000, 10000]");
/// assert!(Interval::closed(5.0, 1.0).is_err());
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "IntervalRepr", into = "IntervalRepr")
)]
pub struct Interval {
    // The two ends packed as their values, then their kinds: 24 bytes, where two `Bound`s
    // take 32 (each pads its tag to 8 bytes), and a claim set holds a million intervals. An
    // unbounded end keeps the value 0, so that the derived equality is that of the ends.
    low_value: Finite,
    high_value: Finite,
    low_kind: Side,
    high_kind: Side,
}

/// The kind of one end of an [`Interval`], as it keeps it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Unbounded,
    Closed,
    Open,
}

/// A bound as a value and its kind (the value 0 when unbounded).
fn split(bound: Bound) -> (Finite, Side) {
    match bound {
        Bound::Unbounded => (Finite::default(), Side::Unbounded),
        Bound::Closed(v) => (v, Side::Closed),
        Bound::Open(v) => (v, Side::Open),
    }
}

/// The bound of a value and its kind.
fn join(value: Finite, side: Side) -> Bound {
    match side {
        Side::Unbounded => Bound::Unbounded,
        Side::Closed => Bound::Closed(value),
        Side::Open => Bound::Open(value),
    }
}

/// As the two ends, low then high (as when they were two `Bound` fields).
impl std::hash::Hash for Interval {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.low().hash(state);
        self.high().hash(state);
    }
}

impl Interval {
    /// The interval of two ends, unchecked.
    fn of(low: Bound, high: Bound) -> Interval {
        let (low_value, low_kind) = split(low);
        let (high_value, high_kind) = split(high);
        Interval {
            low_value,
            high_value,
            low_kind,
            high_kind,
        }
    }

    /// An interval from its two ends, checked to be non-empty.
    pub fn new(low: Bound, high: Bound) -> Result<Self, ValueError> {
        let interval = Interval::of(low, high);
        if interval.start() > interval.end() {
            return Err(ValueError::Empty {
                low: low.value().unwrap_or(f64::NEG_INFINITY),
                high: high.value().unwrap_or(f64::INFINITY),
            });
        }
        // An unbounded side is never inverted against a finite one, and (v, v) or [v, v) give
        // start > end above; nothing else can be empty.
        Ok(interval)
    }

    /// An interval from plain numbers: `None` is an unbounded side.
    ///
    /// ```
    /// use sourced::Interval;
    /// let i = Interval::from_parts(Some(3000.0), true, None, false)?;
    /// assert_eq!(i.to_string(), "(3000, ∞)");
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_parts(
        low: Option<f64>,
        low_open: bool,
        high: Option<f64>,
        high_open: bool,
    ) -> Result<Self, ValueError> {
        let bound = |value: Option<f64>, open: bool| -> Result<Bound, ValueError> {
            Ok(match value {
                None => Bound::Unbounded,
                Some(v) if open => Bound::Open(Finite::new(v)?),
                Some(v) => Bound::Closed(Finite::new(v)?),
            })
        };
        Interval::new(bound(low, low_open)?, bound(high, high_open)?)
    }

    /// `[low, high]`.
    pub fn closed(low: f64, high: f64) -> Result<Self, ValueError> {
        Interval::new(
            Bound::Closed(Finite::new(low)?),
            Bound::Closed(Finite::new(high)?),
        )
    }

    /// `(low, high)`.
    pub fn open(low: f64, high: f64) -> Result<Self, ValueError> {
        Interval::new(
            Bound::Open(Finite::new(low)?),
            Bound::Open(Finite::new(high)?),
        )
    }

    /// The single value `[value, value]`.
    pub fn point(value: f64) -> Result<Self, ValueError> {
        Interval::closed(value, value)
    }

    /// `[value, ∞)`.
    pub fn at_least(value: f64) -> Result<Self, ValueError> {
        Interval::new(Bound::Closed(Finite::new(value)?), Bound::Unbounded)
    }

    /// `(value, ∞)`.
    pub fn greater_than(value: f64) -> Result<Self, ValueError> {
        Interval::new(Bound::Open(Finite::new(value)?), Bound::Unbounded)
    }

    /// `(−∞, value]`.
    pub fn at_most(value: f64) -> Result<Self, ValueError> {
        Interval::new(Bound::Unbounded, Bound::Closed(Finite::new(value)?))
    }

    /// `(−∞, value)`.
    pub fn less_than(value: f64) -> Result<Self, ValueError> {
        Interval::new(Bound::Unbounded, Bound::Open(Finite::new(value)?))
    }

    /// `(−∞, ∞)`: nothing is known.
    pub fn everything() -> Self {
        Interval::of(Bound::Unbounded, Bound::Unbounded)
    }

    /// The low end.
    pub fn low(&self) -> Bound {
        join(self.low_value, self.low_kind)
    }

    /// The high end.
    pub fn high(&self) -> Bound {
        join(self.high_value, self.high_kind)
    }

    /// The low end's value, `None` when unbounded.
    pub fn low_value(&self) -> Option<f64> {
        (self.low_kind != Side::Unbounded).then(|| self.low_value.get())
    }

    /// The high end's value, `None` when unbounded.
    pub fn high_value(&self) -> Option<f64> {
        (self.high_kind != Side::Unbounded).then(|| self.high_value.get())
    }

    /// The position where the interval starts (see [`Edge`]).
    pub fn start(&self) -> Edge {
        match self.low_kind {
            Side::Unbounded => Edge::NegInfinity,
            Side::Closed => Edge::At(self.low_value, 0),
            Side::Open => Edge::At(self.low_value, 1),
        }
    }

    /// The position where the interval ends (see [`Edge`]).
    pub fn end(&self) -> Edge {
        match self.high_kind {
            Side::Unbounded => Edge::PosInfinity,
            Side::Closed => Edge::At(self.high_value, 0),
            Side::Open => Edge::At(self.high_value, -1),
        }
    }

    /// Whether the interval holds exactly one value.
    pub fn is_point(&self) -> bool {
        matches!((self.low(), self.high()), (Bound::Closed(a), Bound::Closed(b)) if a == b)
    }

    /// Whether both ends are finite.
    pub fn is_bounded(&self) -> bool {
        self.low() != Bound::Unbounded && self.high() != Bound::Unbounded
    }

    /// Whether `value` lies in the interval.
    pub fn contains(&self, value: f64) -> bool {
        match Finite::new(value) {
            Ok(v) => self.start() <= Edge::At(v, 0) && Edge::At(v, 0) <= self.end(),
            Err(_) => false,
        }
    }

    /// Whether every value of `other` lies in `self`.
    pub fn contains_interval(&self, other: &Interval) -> bool {
        self.start() <= other.start() && other.end() <= self.end()
    }

    /// Whether the two intervals share at least one value.
    pub fn intersects(&self, other: &Interval) -> bool {
        self.start() <= other.end() && other.start() <= self.end()
    }

    /// The values both intervals hold, `None` when they share none.
    pub fn intersection(&self, other: &Interval) -> Option<Interval> {
        if !self.intersects(other) {
            return None;
        }
        let low = if self.start() >= other.start() {
            self.low()
        } else {
            other.low()
        };
        let high = if self.end() <= other.end() {
            self.high()
        } else {
            other.high()
        };
        Some(Interval::of(low, high))
    }

    /// The smallest interval holding both.
    pub fn hull(&self, other: &Interval) -> Interval {
        let low = if self.start() <= other.start() {
            self.low()
        } else {
            other.low()
        };
        let high = if self.end() >= other.end() {
            self.high()
        } else {
            other.high()
        };
        Interval::of(low, high)
    }

    /// The width `high − low`: `∞` when a side is unbounded (or the difference overflows).
    pub fn width(&self) -> f64 {
        match (self.low().value(), self.high().value()) {
            (Some(a), Some(b)) => b - a,
            _ => f64::INFINITY,
        }
    }

    /// The midpoint of a bounded interval, computed without overflow and never outside the
    /// interval (the midpoint of a point is the point, subnormals included).
    pub fn midpoint(&self) -> Option<f64> {
        match (self.low().value(), self.high().value()) {
            // Same sign: b − a cannot overflow. Opposite signs: a + b cannot. Halving each end
            // first (a/2 + b/2) would round a subnormal point to zero, outside the interval.
            (Some(a), Some(b)) if (a >= 0.0) == (b >= 0.0) => Some(a + (b - a) / 2.0),
            (Some(a), Some(b)) => Some((a + b) / 2.0),
            _ => None,
        }
    }

    /// The distance between the two intervals: zero when they share a value or touch at an
    /// open end, otherwise the length of the gap between them (`∞` on overflow).
    pub fn gap(&self, other: &Interval) -> f64 {
        let (below, above) = if self.start() <= other.start() {
            (self, other)
        } else {
            (other, self)
        };
        match (below.high().value(), above.low().value()) {
            (Some(top), Some(bottom)) if bottom > top => bottom - top,
            _ => 0.0,
        }
    }

    /// How `self` relates to `other`, in Allen's vocabulary coarsened for reports.
    ///
    /// ```
    /// use sourced::{Interval, Relation};
    /// let a = Interval::closed(1.0, 3.0)?;
    /// assert_eq!(a.relation(&Interval::closed(3.0, 5.0)?), Relation::Meets);
    /// assert_eq!(a.relation(&Interval::from_parts(Some(3.0), true, Some(5.0), false)?), Relation::TouchesBefore);
    /// assert_eq!(a.relation(&Interval::closed(4.0, 5.0)?), Relation::Before);
    /// assert_eq!(a.relation(&Interval::closed(0.0, 5.0)?), Relation::Within);
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn relation(&self, other: &Interval) -> Relation {
        let (s1, e1, s2, e2) = (self.start(), self.end(), other.start(), other.end());
        if e1 < s2 {
            return if touching(e1, s2) {
                Relation::TouchesBefore
            } else {
                Relation::Before
            };
        }
        if e2 < s1 {
            return if touching(e2, s1) {
                Relation::TouchesAfter
            } else {
                Relation::After
            };
        }
        match (s1.cmp(&s2), e1.cmp(&e2)) {
            (Ordering::Equal, Ordering::Equal) => Relation::Equal,
            (Ordering::Less | Ordering::Equal, Ordering::Greater | Ordering::Equal) => {
                Relation::Contains
            }
            (Ordering::Greater | Ordering::Equal, Ordering::Less | Ordering::Equal) => {
                Relation::Within
            }
            (Ordering::Less, Ordering::Less) if e1 == s2 => Relation::Meets,
            (Ordering::Less, Ordering::Less) => Relation::Overlaps,
            (Ordering::Greater, Ordering::Greater) if s1 == e2 => Relation::MetBy,
            (Ordering::Greater, Ordering::Greater) => Relation::OverlappedBy,
        }
    }

    /// The interval with every value multiplied by `factor` (> 0 keeps the orientation;
    /// a negative factor swaps the ends).
    pub fn scale(&self, factor: f64) -> Result<Interval, ValueError> {
        if !factor.is_finite() {
            return Err(ValueError::Infinite { value: factor });
        }
        if factor == 0.0 {
            return Interval::point(0.0);
        }
        if factor > 0.0 {
            Interval::new(self.low().scaled(factor)?, self.high().scaled(factor)?)
        } else {
            Interval::new(self.high().scaled(factor)?, self.low().scaled(factor)?)
        }
    }
}

/// Whether an end position and a later start position leave no value between them
/// (`[a, v)` then `[v, b]`, or `[a, v]` then `(v, b]`).
fn touching(end: Edge, start: Edge) -> bool {
    matches!((end, start), (Edge::At(a, _), Edge::At(b, _)) if a == b)
}

/// How one interval relates to another: Allen's interval relations, coarsened.
///
/// `Before` and `TouchesBefore` (and their mirrors) are the *disjoint* relations: the two
/// intervals share no value. `TouchesBefore` means no value lies between them either, as with
/// `[1, 3)` and `[3, 5]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum Relation {
    /// Wholly below the other, with a gap between them.
    Before,
    /// Wholly below the other, touching it at an open end: no value shared, no gap.
    TouchesBefore,
    /// Shares exactly its top value with the other's bottom value.
    Meets,
    /// Starts below the other and ends inside it.
    Overlaps,
    /// Holds every value of the other, and more.
    Contains,
    /// Every value lies in the other, which holds more.
    Within,
    /// The same interval.
    Equal,
    /// Starts inside the other and ends above it.
    OverlappedBy,
    /// Shares exactly its bottom value with the other's top value.
    MetBy,
    /// Wholly above the other, touching it at an open end.
    TouchesAfter,
    /// Wholly above the other, with a gap.
    After,
}

impl Relation {
    /// Whether the two intervals share no value.
    pub fn is_disjoint(self) -> bool {
        matches!(
            self,
            Relation::Before | Relation::TouchesBefore | Relation::TouchesAfter | Relation::After
        )
    }

    /// The relation seen from the other interval.
    pub fn converse(self) -> Relation {
        match self {
            Relation::Before => Relation::After,
            Relation::TouchesBefore => Relation::TouchesAfter,
            Relation::Meets => Relation::MetBy,
            Relation::Overlaps => Relation::OverlappedBy,
            Relation::Contains => Relation::Within,
            Relation::Within => Relation::Contains,
            Relation::Equal => Relation::Equal,
            Relation::OverlappedBy => Relation::Overlaps,
            Relation::MetBy => Relation::Meets,
            Relation::TouchesAfter => Relation::TouchesBefore,
            Relation::After => Relation::Before,
        }
    }

    /// A short lower-case name (`"before"`, `"touches-before"`, …).
    pub fn name(self) -> &'static str {
        match self {
            Relation::Before => "before",
            Relation::TouchesBefore => "touches-before",
            Relation::Meets => "meets",
            Relation::Overlaps => "overlaps",
            Relation::Contains => "contains",
            Relation::Within => "within",
            Relation::Equal => "equal",
            Relation::OverlappedBy => "overlapped-by",
            Relation::MetBy => "met-by",
            Relation::TouchesAfter => "touches-after",
            Relation::After => "after",
        }
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Debug for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Mathematical notation: `[3000, 10000]`, `(3000, ∞)`, `(−∞, 5)`; numbers printed as Rust
/// prints `f64` (shortest round-trip form).
impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.low() {
            Bound::Unbounded => f.write_str("(-∞")?,
            Bound::Closed(v) => write!(f, "[{v}")?,
            Bound::Open(v) => write!(f, "({v}")?,
        }
        f.write_str(", ")?;
        match self.high() {
            Bound::Unbounded => f.write_str("∞)"),
            Bound::Closed(v) => write!(f, "{v}]"),
            Bound::Open(v) => write!(f, "{v})"),
        }
    }
}

/// The flat serialised form: `{"low": 3000, "high": null, "low_open": true, "high_open": false}`.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct IntervalRepr {
    #[serde(default)]
    low: Option<f64>,
    #[serde(default)]
    high: Option<f64>,
    #[serde(default)]
    low_open: bool,
    #[serde(default)]
    high_open: bool,
}

#[cfg(feature = "serde")]
impl TryFrom<IntervalRepr> for Interval {
    type Error = ValueError;
    fn try_from(r: IntervalRepr) -> Result<Self, Self::Error> {
        Interval::from_parts(r.low, r.low_open, r.high, r.high_open)
    }
}

#[cfg(feature = "serde")]
impl From<Interval> for IntervalRepr {
    fn from(i: Interval) -> Self {
        IntervalRepr {
            low: i.low().value(),
            high: i.high().value(),
            low_open: i.low().is_open(),
            high_open: i.high().is_open(),
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
    fn empty_intervals_are_rejected() {
        assert!(Interval::closed(2.0, 1.0).is_err());
        assert!(Interval::open(1.0, 1.0).is_err());
        assert!(Interval::from_parts(Some(1.0), true, Some(1.0), false).is_err());
        assert!(Interval::point(1.0).is_ok());
    }

    #[test]
    fn open_and_closed_ends_at_one_value_do_not_overlap() {
        let a = iv(Some(0.0), false, Some(3.0), true);
        let b = iv(Some(3.0), false, Some(5.0), false);
        assert!(!a.intersects(&b));
        assert_eq!(a.relation(&b), Relation::TouchesBefore);
        assert_eq!(a.gap(&b), 0.0);
        let c = iv(Some(0.0), false, Some(3.0), false);
        assert_eq!(c.intersection(&b), Some(Interval::point(3.0).unwrap()));
    }

    #[test]
    fn hull_keeps_the_outer_ends_with_their_kinds() {
        let a = iv(Some(3000.0), true, None, false);
        let b = iv(Some(0.0), false, Some(10000.0), false);
        assert_eq!(a.hull(&b).to_string(), "[0, ∞)");
        assert_eq!(a.intersection(&b).unwrap().to_string(), "(3000, 10000]");
    }

    #[test]
    fn relation_converse_is_consistent() {
        let xs = [
            iv(Some(0.0), false, Some(1.0), false),
            iv(Some(1.0), true, Some(2.0), false),
            iv(Some(0.5), false, Some(3.0), true),
            iv(None, false, Some(1.0), false),
            iv(Some(1.0), false, None, false),
        ];
        for a in &xs {
            for b in &xs {
                assert_eq!(a.relation(b), b.relation(a).converse(), "{a} vs {b}");
                assert_eq!(a.relation(b).is_disjoint(), !a.intersects(b));
            }
        }
    }
}
