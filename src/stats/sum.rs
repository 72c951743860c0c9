//! Compensated summation (Neumaier's variant of Kahan's algorithm).
//!
//! Meta-analysis sums weights and weighted effects that can differ by many orders of
//! magnitude (a trial of 100 000 people next to one of 200); Neumaier's summation keeps the
//! rounding error of such sums at one unit in the last place, independent of the count.
//! Reference: A. Neumaier, *Rundungsfehleranalyse einiger Verfahren zur Summation endlicher
//! Summen*, ZAMM 54 (1974).

/// A running compensated sum.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Sum {
    sum: f64,
    compensation: f64,
}

impl Sum {
    /// Adds `x`.
    pub(crate) fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.compensation += (self.sum - t) + x;
        } else {
            self.compensation += (x - t) + self.sum;
        }
        self.sum = t;
    }

    /// The sum so far.
    pub(crate) fn value(self) -> f64 {
        self.sum + self.compensation
    }
}

/// The compensated sum of `values`.
pub(crate) fn sum(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut s = Sum::default();
    for x in values {
        s.add(x);
    }
    s.value()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compensated_sum_keeps_small_terms_next_to_large_ones() {
        // 1e16 + 1 + (−1e16) = 1 exactly; naive summation gives 0.
        assert_eq!(sum([1e16, 1.0, -1e16]), 1.0);
        let naive: f64 = [1e16, 1.0, -1e16].iter().sum();
        assert_eq!(naive, 0.0);
    }

    #[test]
    fn empty_sum_is_zero() {
        assert_eq!(sum(std::iter::empty()), 0.0);
    }
}
