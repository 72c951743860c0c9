//! What a claim measures: scope, unit, domain and kind.

use std::fmt;

use crate::error::ValueError;
use crate::interval::{Bound, Interval};
use crate::value::Finite;

/// The values a quantity can take.
///
/// In claim files: `"count"`, `"real"`, `"percent"` (0–100), `"proportion"` (0–1) or
/// `{"min": 0, "max": 100}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "DomainRepr", into = "DomainRepr"))]
#[non_exhaustive]
#[derive(Default)]
pub enum Domain {
    /// A non-negative count: `[0, ∞)`. The default.
    #[default]
    Count,
    /// Any real value.
    Real,
    /// Values between `min` and `max`, both included.
    Bounded {
        /// The smallest value.
        min: Finite,
        /// The largest value.
        max: Finite,
    },
}

impl Domain {
    /// Values from `min` to `max`, both included.
    pub fn bounded(min: f64, max: f64) -> Result<Domain, ValueError> {
        let (min, max) = (Finite::new(min)?, Finite::new(max)?);
        if min > max {
            return Err(ValueError::Empty {
                low: min.get(),
                high: max.get(),
            });
        }
        Ok(Domain::Bounded { min, max })
    }

    /// The domain as an interval.
    pub fn interval(&self) -> Interval {
        match *self {
            Domain::Count => Interval::new(Bound::Closed(Finite::default()), Bound::Unbounded),
            Domain::Real => Ok(Interval::everything()),
            Domain::Bounded { min, max } => Interval::new(Bound::Closed(min), Bound::Closed(max)),
        }
        .unwrap_or_else(|_| Interval::everything())
    }

    /// Whether every value of the domain is positive or zero (so ratios and log scales apply).
    pub fn is_non_negative(&self) -> bool {
        match *self {
            Domain::Count => true,
            Domain::Real => false,
            Domain::Bounded { min, .. } => min.get() >= 0.0,
        }
    }

    /// Fills the unbounded sides of `interval` from the domain and checks that its finite
    /// values lie inside it: for a count, `(−∞, 10000]` becomes `[0, 10000]` and `[−5, 3]`
    /// is an error.
    ///
    /// ```
    /// use sourced::{Domain, Interval};
    /// let up_to = Interval::at_most(10_000.0)?;
    /// assert_eq!(Domain::Count.apply(&up_to)?.to_string(), "[0, 10000]");
    /// assert!(Domain::Count.apply(&Interval::closed(-5.0, 3.0)?).is_err());
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply(&self, interval: &Interval) -> Result<Interval, ValueError> {
        let domain = self.interval();
        let low = match interval.low() {
            Bound::Unbounded => domain.low(),
            b => b,
        };
        let high = match interval.high() {
            Bound::Unbounded => domain.high(),
            b => b,
        };
        let filled = Interval::new(low, high)?;
        if !domain.contains_interval(&filled) {
            let value = if filled.start() < domain.start() {
                filled.low_value()
            } else {
                filled.high_value()
            };
            return Err(ValueError::OutsideDomain {
                value: value.unwrap_or(f64::NAN),
                domain: self.to_string(),
            });
        }
        Ok(filled)
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Domain::Count => f.write_str("count"),
            Domain::Real => f.write_str("real"),
            Domain::Bounded { min, max } => write!(f, "[{min}, {max}]"),
        }
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
enum DomainRepr {
    Name(String),
    Bounded { min: f64, max: f64 },
}

#[cfg(feature = "serde")]
impl TryFrom<DomainRepr> for Domain {
    type Error = ValueError;
    fn try_from(r: DomainRepr) -> Result<Self, Self::Error> {
        match r {
            DomainRepr::Name(name) => match name.as_str() {
                "count" => Ok(Domain::Count),
                "real" => Ok(Domain::Real),
                "percent" => Domain::bounded(0.0, 100.0),
                "proportion" => Domain::bounded(0.0, 1.0),
                _ => Err(ValueError::UnknownWord {
                    what: "domain",
                    text: name,
                    expected: "count, real, percent, proportion, {\"min\": …, \"max\": …}",
                }),
            },
            DomainRepr::Bounded { min, max } => Domain::bounded(min, max),
        }
    }
}

#[cfg(feature = "serde")]
impl From<Domain> for DomainRepr {
    fn from(d: Domain) -> Self {
        match d {
            Domain::Count => DomainRepr::Name("count".into()),
            Domain::Real => DomainRepr::Name("real".into()),
            Domain::Bounded { min, max } => DomainRepr::Bounded {
                min: min.get(),
                max: max.get(),
            },
        }
    }
}

/// Whether a quantity is a level at a date or a running total.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum QuantityKind {
    /// A level at a date (troops present): claims far apart in time form a series, not a conflict.
    #[default]
    Level,
    /// A running total (casualties "thus far"): it can only grow over time.
    Cumulative,
}

/// What is measured: a scope key, a unit, a domain and a kind.
///
/// Claims about different quantities never merge. Two quantities are the same when their ids are.
///
/// ```
/// use sourced::{Domain, Quantity, QuantityKind};
/// let troops = Quantity::new("nk-troops-in-russia", "troops")?
///     .with_description("North Korean troops in Russia");
/// assert_eq!(troops.domain(), Domain::Count);
/// assert_eq!(troops.kind(), QuantityKind::Level);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "QuantityRepr", into = "QuantityRepr")
)]
pub struct Quantity {
    id: String,
    unit: String,
    domain: Domain,
    kind: QuantityKind,
    description: Option<String>,
}

impl Quantity {
    /// A level quantity over non-negative counts.
    pub fn new(id: impl Into<String>, unit: impl Into<String>) -> Result<Self, ValueError> {
        Ok(Quantity {
            id: crate::source::identifier(id.into())?,
            unit: unit.into(),
            domain: Domain::Count,
            kind: QuantityKind::Level,
            description: None,
        })
    }

    /// The quantity an undeclared id stands for: a level over non-negative counts, no unit.
    pub fn undeclared(id: impl Into<String>) -> Result<Self, ValueError> {
        Quantity::new(id, "")
    }

    /// With another domain.
    pub fn with_domain(mut self, domain: Domain) -> Self {
        self.domain = domain;
        self
    }

    /// With another kind.
    pub fn with_kind(mut self, kind: QuantityKind) -> Self {
        self.kind = kind;
        self
    }

    /// With a description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The scope key, e.g. `nk-troops-in-russia`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The unit (`troops`, `deaths`, `years`, `USD`), possibly empty.
    pub fn unit(&self) -> &str {
        &self.unit
    }

    /// The values it can take.
    pub fn domain(&self) -> Domain {
        self.domain
    }

    /// Level or cumulative.
    pub fn kind(&self) -> QuantityKind {
        self.kind
    }

    /// A description for people.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct QuantityRepr {
    id: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    domain: Domain,
    #[serde(default)]
    kind: QuantityKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

#[cfg(feature = "serde")]
impl TryFrom<QuantityRepr> for Quantity {
    type Error = ValueError;
    fn try_from(r: QuantityRepr) -> Result<Self, Self::Error> {
        let mut q = Quantity::new(r.id, r.unit)?
            .with_domain(r.domain)
            .with_kind(r.kind);
        q.description = r.description;
        Ok(q)
    }
}

#[cfg(feature = "serde")]
impl From<Quantity> for QuantityRepr {
    fn from(q: Quantity) -> Self {
        QuantityRepr {
            id: q.id,
            unit: q.unit,
            domain: q.domain,
            kind: q.kind,
            description: q.description,
        }
    }
}
