//! An estimate: the interval a claim asserts, its best value and the hedge as said.

use crate::error::ValueError;
use crate::interval::Interval;
use crate::value::Finite;

/// The hedge a number was given with, as said.
///
/// The hedge is kept so that a report can say *how* a source put it; the meaning is in the
/// [`Estimate`]'s interval, which the [lexicon](crate::Lexicon) derives from the hedge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Hedge {
    /// A bare number: "3,000".
    Exact,
    /// "more than", "over", "above", "exceeding": a strict lower bound.
    MoreThan,
    /// "at least", "no fewer than", "a minimum of": an inclusive lower bound.
    AtLeast,
    /// "fewer than", "less than", "under", "below": a strict upper bound.
    FewerThan,
    /// "at most", "no more than", "a maximum of": an inclusive upper bound.
    AtMost,
    /// "as many as", "as much as": an inclusive upper bound.
    AsManyAs,
    /// "up to": an inclusive upper bound.
    UpTo,
    /// "X or more": an inclusive lower bound.
    OrMore,
    /// "X or fewer", "X or less": an inclusive upper bound.
    OrFewer,
    /// "about", "around", "roughly", "approximately", "some", "an estimated", "circa", "~".
    About,
    /// "about X or more": a tolerance below X, unbounded above.
    AboutOrMore,
    /// "at least about X": as [`Hedge::AboutOrMore`].
    AtLeastAbout,
    /// "nearly", "almost", "close to", "approaching": just below.
    Nearly,
    /// "between X and Y", "X–Y", "from X to Y".
    Between,
    /// "X (95% CI L–H)": a confidence interval around a best value.
    ConfidenceInterval,
    /// "X (range L–H)", "X, with a range of L to H".
    StatedRange,
    /// "X ± d".
    PlusMinus,
    /// "dozens", "hundreds", "several thousand", "a few".
    Vague,
    /// Numbers given as structured data, without words.
    #[default]
    Explicit,
}

/// The interval a claim asserts, an optional best value inside it, and the hedge as said.
///
/// Build one from structured numbers, or parse hedged text with the
/// [lexicon](crate::Lexicon) (`"more than 3,000".parse::<Estimate>()`).
///
/// ```
/// use sourced::{Estimate, Hedge, Interval};
///
/// let e = Estimate::new(Interval::closed(104_000.0, 223_000.0)?)
///     .with_best(151_000.0)?
///     .with_level(0.95)?
///     .with_hedge(Hedge::ConfidenceInterval);
/// assert_eq!(e.best(), Some(151_000.0));
/// assert!(Estimate::new(Interval::closed(8_000.0, 94_000.0)?).with_best(98_000.0).is_err());
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "EstimateRepr", into = "EstimateRepr")
)]
pub struct Estimate {
    interval: Interval,
    // The best value, `NaN` for none: 8 bytes instead of the 16 of an `Option<Finite>` (a
    // claim set holds a million estimates). Set only by `with_best`, which checks it.
    best: f64,
    // The level, hedge and text are absent from structured data (a million-claim file often
    // has none), so they live behind one pointer: 8 bytes inline instead of 48. `None` stands
    // for no level, `Hedge::Explicit` and no text; the setters keep it `None` when everything
    // is at that default. Equality, hashing and `Debug` go through the accessors, so they are
    // as if the three fields were inline.
    said: Option<Box<Said>>,
}

/// The rarely set parts of an [`Estimate`].
#[derive(Clone, Default)]
struct Said {
    level: Option<Finite>,
    hedge: Hedge,
    text: Option<Box<str>>,
}

impl PartialEq for Estimate {
    fn eq(&self, other: &Self) -> bool {
        self.interval == other.interval
            && self.best_finite() == other.best_finite()
            && self.level_finite() == other.level_finite()
            && self.hedge() == other.hedge()
            && self.text() == other.text()
    }
}

impl Eq for Estimate {}

impl std::hash::Hash for Estimate {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.interval.hash(state);
        self.best_finite().hash(state);
        self.level_finite().hash(state);
        self.hedge().hash(state);
        self.text().hash(state);
    }
}

impl std::fmt::Debug for Estimate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Estimate")
            .field("interval", &self.interval)
            .field("best", &self.best_finite())
            .field("level", &self.level_finite())
            .field("hedge", &self.hedge())
            .field("text", &self.text())
            .finish()
    }
}

impl Estimate {
    /// An estimate of `interval`, hedge [`Hedge::Explicit`], no best value.
    pub fn new(interval: Interval) -> Self {
        Estimate {
            interval,
            best: f64::NAN,
            said: None,
        }
    }

    /// Changes the rarely set parts, boxing them only while one differs from its default.
    fn edit_said(&mut self, edit: impl FnOnce(&mut Said)) {
        let mut said = self.said.take().unwrap_or_default();
        edit(&mut said);
        if said.level.is_some() || said.hedge != Hedge::Explicit || said.text.is_some() {
            self.said = Some(said);
        }
    }

    fn level_finite(&self) -> Option<Finite> {
        self.said.as_ref().and_then(|s| s.level)
    }

    /// The point estimate `[value, value]` with best value `value`.
    pub fn point(value: f64) -> Result<Self, ValueError> {
        Ok(Estimate::new(Interval::point(value)?)
            .with_best(value)?
            .with_hedge(Hedge::Exact))
    }

    /// With a best value, which must lie in the interval.
    pub fn with_best(mut self, best: f64) -> Result<Self, ValueError> {
        let b = Finite::new(best)?;
        if !self.interval.contains(best) {
            return Err(ValueError::BestOutsideInterval {
                best,
                interval: self.interval.to_string(),
            });
        }
        self.best = b.get();
        Ok(self)
    }

    /// Without a best value.
    pub fn without_best(mut self) -> Self {
        self.best = f64::NAN;
        self
    }

    /// With the confidence level of a stated interval (0.95 for a 95 % CI), strictly between 0 and 1.
    pub fn with_level(mut self, level: f64) -> Result<Self, ValueError> {
        if !(level > 0.0 && level < 1.0) {
            return Err(ValueError::Level { level });
        }
        let level = Finite::new(level)?;
        self.edit_said(|s| s.level = Some(level));
        Ok(self)
    }

    /// With a hedge.
    pub fn with_hedge(mut self, hedge: Hedge) -> Self {
        self.edit_said(|s| s.hedge = hedge);
        self
    }

    /// With the text it was read from.
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        let text = text.into().into_boxed_str();
        self.edit_said(|s| s.text = Some(text));
        self
    }

    /// Without the text it was read from.
    pub fn without_text(mut self) -> Self {
        self.edit_said(|s| s.text = None);
        self
    }

    /// With another interval; the best value must still lie inside it.
    pub fn with_interval(mut self, interval: Interval) -> Result<Self, ValueError> {
        if let Some(b) = self.best()
            && !interval.contains(b)
        {
            return Err(ValueError::BestOutsideInterval {
                best: b,
                interval: interval.to_string(),
            });
        }
        self.interval = interval;
        Ok(self)
    }

    /// The interval of values the claim asserts.
    pub fn interval(&self) -> &Interval {
        &self.interval
    }

    /// The best value, if one was given.
    pub fn best(&self) -> Option<f64> {
        Some(self.best).filter(|b| !b.is_nan())
    }

    /// The best value as the `Finite` it was checked to be, for comparing and hashing.
    fn best_finite(&self) -> Option<Finite> {
        self.best().and_then(|b| Finite::new(b).ok())
    }

    /// The confidence level of a stated interval, if one was given.
    pub fn level(&self) -> Option<f64> {
        self.level_finite().map(Finite::get)
    }

    /// The hedge as said.
    pub fn hedge(&self) -> Hedge {
        self.said.as_ref().map_or(Hedge::Explicit, |s| s.hedge)
    }

    /// The text it was read from, if any.
    pub fn text(&self) -> Option<&str> {
        self.said.as_ref().and_then(|s| s.text.as_deref())
    }
}

/// The structured form in claim files:
/// `{"low": 104000, "high": 223000, "best": 151000, "level": 0.95}`.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct EstimateRepr {
    #[serde(default)]
    low: Option<f64>,
    #[serde(default)]
    high: Option<f64>,
    #[serde(default)]
    low_open: bool,
    #[serde(default)]
    high_open: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    best: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    level: Option<f64>,
    #[serde(default)]
    hedge: Hedge,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

#[cfg(feature = "serde")]
impl TryFrom<EstimateRepr> for Estimate {
    type Error = ValueError;
    fn try_from(r: EstimateRepr) -> Result<Self, Self::Error> {
        let mut e = Estimate::new(Interval::from_parts(
            r.low,
            r.low_open,
            r.high,
            r.high_open,
        )?)
        .with_hedge(r.hedge);
        if let Some(best) = r.best {
            e = e.with_best(best)?;
        }
        if let Some(level) = r.level {
            e = e.with_level(level)?;
        }
        if let Some(text) = r.text {
            e = e.with_text(text);
        }
        Ok(e)
    }
}

#[cfg(feature = "serde")]
impl From<Estimate> for EstimateRepr {
    fn from(e: Estimate) -> Self {
        EstimateRepr {
            low: e.interval.low_value(),
            high: e.interval.high_value(),
            low_open: e.interval.low().is_open(),
            high_open: e.interval.high().is_open(),
            best: e.best(),
            level: e.level(),
            hedge: e.hedge(),
            text: e.said.and_then(|s| s.text).map(String::from),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    /// The best value is kept as a bare number (`NaN` for none): an estimate whose best
    /// value was set and removed again equals, and hashes as, one that never had one.
    #[test]
    fn a_best_value_removed_again_is_as_none() -> Result<(), ValueError> {
        let interval = Interval::closed(1.0, 3.0)?;
        let plain = Estimate::new(interval);
        let again = Estimate::new(interval).with_best(2.0)?.without_best();
        assert_eq!(plain, again);
        let hasher = std::collections::hash_map::RandomState::new();
        assert_eq!(hasher.hash_one(&plain), hasher.hash_one(&again));
        assert_eq!(again.best(), None);
        let with = Estimate::new(interval).with_best(2.0)?;
        assert_eq!(with.best(), Some(2.0));
        assert_ne!(with, plain);
        assert!(Estimate::new(interval).with_best(f64::NAN).is_err());
        // Zero and negative zero are one best value.
        let around = Interval::closed(-1.0, 1.0)?;
        assert_eq!(
            Estimate::new(around).with_best(-0.0)?,
            Estimate::new(around).with_best(0.0)?
        );
        Ok(())
    }
}
