//! Spread: how far apart the claims are — hull, ratio and orders of magnitude.
//!
//! Each claim contributes one **representative value**: its best value when it states one;
//! else, for a one-sided hedge, the number said ("more than 3,000" → 3,000, "as many as 10,000"
//! → 10,000, even after the domain made it `[0, 10000]`); else the midpoint of a bounded
//! interval; else the finite end of a one-sided interval; an interval unbounded on both sides
//! has none. The ratio is the
//! largest representative value over the smallest, defined only when the smallest is positive;
//! orders of magnitude are its base-10 logarithm (DESIGN.md: "counts that differ by factors are
//! compared on a log scale").

use crate::estimate::{Estimate, Hedge};
use crate::interval::{Bound, Interval};

/// Which value stood for a claim in the spread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Basis {
    /// The stated best value.
    Best,
    /// The number said with a one-sided hedge ("more than", "as many as", …).
    Said,
    /// The midpoint of a bounded interval.
    Midpoint,
    /// The one finite end of a one-sided interval.
    FiniteEnd,
}

/// One claim's representative value.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Representative {
    /// The claim's position in the input.
    pub index: usize,
    /// The value.
    pub value: f64,
    /// Where it came from.
    pub basis: Basis,
}

/// The representative value of one estimate (see the module docs), `None` for `(−∞, ∞)`.
pub fn representative(estimate: &Estimate) -> Option<(f64, Basis)> {
    if let Some(best) = estimate.best() {
        return Some((best, Basis::Best));
    }
    let interval = estimate.interval();
    let said = match estimate.hedge() {
        Hedge::MoreThan
        | Hedge::AtLeast
        | Hedge::OrMore
        | Hedge::AboutOrMore
        | Hedge::AtLeastAbout => interval.low_value(),
        Hedge::FewerThan | Hedge::AtMost | Hedge::AsManyAs | Hedge::UpTo | Hedge::OrFewer => {
            interval.high_value()
        }
        _ => None,
    };
    if let Some(v) = said {
        return Some((v, Basis::Said));
    }
    if let Some(mid) = interval.midpoint() {
        return Some((mid, Basis::Midpoint));
    }
    match (interval.low(), interval.high()) {
        (Bound::Unbounded, Bound::Unbounded) => None,
        (low, high) => low.value().or(high.value()).map(|v| (v, Basis::FiniteEnd)),
    }
}

/// The spread of a set of claims.
#[derive(Clone, Debug, PartialEq)]
pub struct Spread {
    /// The smallest interval holding every claim, `None` when there are none.
    pub hull: Option<Interval>,
    /// The claim with the smallest representative value (the first, on ties).
    pub smallest: Option<Representative>,
    /// The claim with the largest representative value (the first, on ties).
    pub largest: Option<Representative>,
    /// `largest / smallest` when the smallest is positive and the quotient finite.
    pub ratio: Option<f64>,
    /// `log10(ratio)`.
    pub orders_of_magnitude: Option<f64>,
}

impl Spread {
    /// The spread of `estimates`, in one pass.
    ///
    /// ```
    /// use sourced::{Estimate, Interval, Spread};
    /// let xs = [
    ///     Estimate::new(Interval::greater_than(3000.0)?),
    ///     Estimate::new(Interval::closed(0.0, 10_000.0)?).with_best(10_000.0)?,
    ///     Estimate::point(600_000.0)?,
    /// ];
    /// let spread = Spread::of(&xs);
    /// assert_eq!(spread.ratio, Some(200.0));
    /// assert!((spread.orders_of_magnitude.unwrap() - 2.30103).abs() < 1e-5);
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn of<'a>(estimates: impl IntoIterator<Item = &'a Estimate>) -> Spread {
        Spread::of_indexed(estimates.into_iter().enumerate(), |_, _| false)
    }

    /// The spread of `(index, estimate)` pairs, each representative named by its index; of
    /// two equal values the later one wins only when `before(later, earlier)`. (The report
    /// passes "smallest id first", so that it needs no sort of the claims by id.)
    pub(crate) fn of_indexed<'a>(
        estimates: impl IntoIterator<Item = (usize, &'a Estimate)>,
        before: impl Fn(usize, usize) -> bool,
    ) -> Spread {
        let mut hull: Option<Interval> = None;
        let mut smallest: Option<Representative> = None;
        let mut largest: Option<Representative> = None;
        for (index, estimate) in estimates {
            let interval = estimate.interval();
            hull = Some(hull.map_or(*interval, |h| h.hull(interval)));
            let Some((value, basis)) = representative(estimate) else {
                continue;
            };
            let r = Representative {
                index,
                value,
                basis,
            };
            if smallest
                .is_none_or(|s| value < s.value || (value == s.value && before(index, s.index)))
            {
                smallest = Some(r);
            }
            if largest
                .is_none_or(|l| value > l.value || (value == l.value && before(index, l.index)))
            {
                largest = Some(r);
            }
        }
        let ratio = match (smallest, largest) {
            (Some(s), Some(l)) if s.value > 0.0 => {
                Some(l.value / s.value).filter(|r| r.is_finite())
            }
            _ => None,
        };
        Spread {
            hull,
            smallest,
            largest,
            ratio,
            orders_of_magnitude: ratio.map(f64::log10),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_sided_hedges_stand_for_the_number_said() {
        let up_to =
            Estimate::new(Interval::closed(0.0, 10_000.0).unwrap()).with_hedge(Hedge::AsManyAs);
        assert_eq!(representative(&up_to), Some((10_000.0, Basis::Said)));
        let plain = Estimate::new(Interval::closed(0.0, 10_000.0).unwrap());
        assert_eq!(representative(&plain), Some((5_000.0, Basis::Midpoint)));
        let more = Estimate::new(Interval::greater_than(3000.0).unwrap());
        assert_eq!(representative(&more), Some((3000.0, Basis::FiniteEnd)));
    }

    #[test]
    fn zero_makes_the_ratio_undefined() {
        let xs = [Estimate::point(0.0).unwrap(), Estimate::point(5.0).unwrap()];
        let s = Spread::of(&xs);
        assert_eq!(s.ratio, None);
        assert_eq!(s.largest.map(|r| r.index), Some(1));
        assert_eq!(s.hull.unwrap().to_string(), "[0, 5]");
    }

    #[test]
    fn unbounded_everywhere_has_no_representative() {
        let xs = [Estimate::new(Interval::everything())];
        let s = Spread::of(&xs);
        assert_eq!((s.smallest, s.ratio), (None, None));
        assert!(s.hull.is_some());
        assert_eq!(Spread::of(&[]).hull, None);
    }

    #[test]
    fn overflowing_ratio_is_undefined() {
        let xs = [
            Estimate::point(1e-300).unwrap(),
            Estimate::point(1e300).unwrap(),
        ];
        assert_eq!(Spread::of(&xs).ratio, None);
    }
}
