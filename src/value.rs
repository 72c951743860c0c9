//! Finite numbers: the only values an interval bound or a best value may hold.

use std::fmt;

use ordered_float::NotNan;

use crate::error::ValueError;

/// A finite, non-NaN `f64` (negative zero is stored as zero).
///
/// Every bound of an [`Interval`](crate::Interval) and every best value of an
/// [`Estimate`](crate::Estimate) is a `Finite`, so no NaN or infinity can reach an algorithm.
/// It is totally ordered, hashable and `Copy`.
///
/// ```
/// use sourced::Finite;
///
/// let x = Finite::new(3000.0)?;
/// assert_eq!(x.get(), 3000.0);
/// assert!(Finite::new(f64::NAN).is_err());
/// assert!(Finite::new(f64::INFINITY).is_err());
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Finite(NotNan<f64>);

impl Finite {
    /// Checks that `value` is finite and not NaN.
    pub fn new(value: f64) -> Result<Self, ValueError> {
        if value.is_nan() {
            return Err(ValueError::NotANumber);
        }
        if value.is_infinite() {
            return Err(ValueError::Infinite { value });
        }
        // -0.0 + 0.0 == +0.0: one zero, so equal values hash and print alike.
        NotNan::new(value + 0.0)
            .map(Finite)
            .map_err(|_| ValueError::NotANumber)
    }

    /// The value.
    #[inline]
    pub fn get(self) -> f64 {
        self.0.into_inner()
    }
}

impl fmt::Debug for Finite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.get(), f)
    }
}

impl fmt::Display for Finite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.get(), f)
    }
}

impl TryFrom<f64> for Finite {
    type Error = ValueError;
    fn try_from(value: f64) -> Result<Self, Self::Error> {
        Finite::new(value)
    }
}

impl From<Finite> for f64 {
    fn from(value: Finite) -> f64 {
        value.get()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Finite {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.get())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Finite {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        Finite::new(value).map_err(serde::de::Error::custom)
    }
}
