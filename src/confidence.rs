//! How likely a source says it is that the true value lies in its interval.

use std::fmt;

use crate::error::ValueError;
use crate::value::Finite;
use crate::vocabulary::Vocabulary;

/// A probability, or a probability range, that the true value lies in a claim's interval,
/// with the words it came from.
///
/// In claim files: a number in [0, 1] (`0.8`), a term of the default vocabulary (`"likely"`,
/// ICD 203), a term of a named vocabulary (`"ipcc-ar5:very likely"`) or `{"low": 0.6, "high": 0.8}`.
///
/// ```
/// use sourced::Confidence;
/// let c: Confidence = "likely".parse()?;
/// assert_eq!((c.low(), c.high()), (0.55, 0.80));
/// assert_eq!(c.to_string(), "icd-203:likely");
/// let p = Confidence::probability(0.9)?;
/// assert_eq!(p.midpoint(), 0.9);
/// assert!(Confidence::probability(1.5).is_err());
/// assert!("sort of".parse::<Confidence>().is_err());
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "ConfidenceRepr", into = "ConfidenceRepr")
)]
pub struct Confidence {
    // Every claim can hold a confidence, so this is a million times over in a large file:
    // 24 bytes, and an `Option<Confidence>` too (the tag's niche). A term keeps only its
    // vocabulary and index, as its range is the term's (checked when it was made), where the
    // range and the names took 48 bytes. Equality, hashing and `Debug` go through the range
    // and `term()`, by name and word, as when those were stored.
    band: Band,
}

/// What a [`Confidence`] keeps.
#[derive(Clone, Copy)]
enum Band {
    /// A probability or range given as numbers.
    Range(Finite, Finite),
    /// A vocabulary's term, by its index there.
    Term(&'static Vocabulary, u32),
}

impl PartialEq for Confidence {
    fn eq(&self, other: &Self) -> bool {
        self.bounds() == other.bounds() && self.term() == other.term()
    }
}

impl Eq for Confidence {}

impl std::hash::Hash for Confidence {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let (low, high) = self.bounds();
        low.hash(state);
        high.hash(state);
        self.term().hash(state);
    }
}

impl fmt::Debug for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (low, high) = self.bounds();
        f.debug_struct("Confidence")
            .field("low", &low)
            .field("high", &high)
            .field("term", &self.term())
            .finish()
    }
}

fn probability(value: f64) -> Result<Finite, ValueError> {
    let v = Finite::new(value).map_err(|_| ValueError::Probability { value })?;
    if !(0.0..=1.0).contains(&value) {
        return Err(ValueError::Probability { value });
    }
    Ok(v)
}

impl Confidence {
    /// The probability `p`, in [0, 1].
    pub fn probability(p: f64) -> Result<Self, ValueError> {
        let v = probability(p)?;
        Ok(Confidence {
            band: Band::Range(v, v),
        })
    }

    /// A probability range `[low, high]` within [0, 1].
    pub fn range(low: f64, high: f64) -> Result<Self, ValueError> {
        let (l, h) = (probability(low)?, probability(high)?);
        if l > h {
            return Err(ValueError::ProbabilityRange { low, high });
        }
        Ok(Confidence {
            band: Band::Range(l, h),
        })
    }

    /// The range a vocabulary gives `word`.
    pub fn from_term(vocabulary: &'static Vocabulary, word: &str) -> Result<Self, ValueError> {
        let unknown = || ValueError::UnknownTerm {
            term: word.to_owned(),
            vocabulary: vocabulary.name.to_owned(),
        };
        let index = vocabulary.term_index(word).ok_or_else(unknown)?;
        let term = vocabulary.terms.get(index).ok_or_else(unknown)?;
        let index = u32::try_from(index).map_err(|_| unknown())?;
        // The term's range is checked here; `bounds` reads it from the term again.
        Confidence::range(term.low, term.high)?;
        Ok(Confidence {
            band: Band::Term(vocabulary, index),
        })
    }

    /// The range, as kept or as the term gives it.
    fn bounds(&self) -> (Finite, Finite) {
        match self.band {
            Band::Range(low, high) => (low, high),
            // Checked in `from_term` (a vocabulary is immutable): the fallback is unreachable.
            Band::Term(vocabulary, index) => vocabulary
                .terms
                .get(index as usize)
                .and_then(|t| Some((Finite::new(t.low).ok()?, Finite::new(t.high).ok()?)))
                .unwrap_or_default(),
        }
    }

    /// The lowest probability.
    pub fn low(&self) -> f64 {
        self.bounds().0.get()
    }

    /// The highest probability.
    pub fn high(&self) -> f64 {
        self.bounds().1.get()
    }

    /// The middle of the range, used as a weight.
    pub fn midpoint(&self) -> f64 {
        let (low, high) = self.bounds();
        (low.get() + high.get()) / 2.0
    }

    /// The vocabulary term it came from, as `(vocabulary name, word)`.
    pub fn term(&self) -> Option<(&'static str, &'static str)> {
        match self.band {
            Band::Range(..) => None,
            Band::Term(vocabulary, index) => vocabulary
                .terms
                .get(index as usize)
                .map(|term| (vocabulary.name, term.word())),
        }
    }
}

impl std::str::FromStr for Confidence {
    type Err = ValueError;

    /// A number in [0, 1], `"word"` (ICD 203) or `"vocabulary:word"`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if let Ok(p) = text.parse::<f64>() {
            return Confidence::probability(p);
        }
        match text.split_once(':') {
            Some((name, word)) => {
                let vocabulary = Vocabulary::by_name(name.trim()).ok_or_else(|| {
                    ValueError::UnknownVocabulary {
                        name: name.trim().to_owned(),
                        known: Vocabulary::known_names(),
                    }
                })?;
                Confidence::from_term(vocabulary, word)
            }
            None => Confidence::from_term(&Vocabulary::ICD_203, text),
        }
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (low, high) = self.bounds();
        match self.term() {
            Some((vocabulary, word)) => write!(f, "{vocabulary}:{word}"),
            None if low == high => write!(f, "{low}"),
            None => write!(f, "{low}–{high}"),
        }
    }
}

/// Analytic confidence in a judgment: a separate axis from likelihood (ICD 203).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum AnalyticConfidence {
    /// Low confidence.
    Low,
    /// Moderate confidence.
    Moderate,
    /// High confidence.
    High,
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
enum ConfidenceRepr {
    Number(f64),
    Text(String),
    Range { low: f64, high: f64 },
}

#[cfg(feature = "serde")]
impl TryFrom<ConfidenceRepr> for Confidence {
    type Error = ValueError;
    fn try_from(r: ConfidenceRepr) -> Result<Self, Self::Error> {
        match r {
            ConfidenceRepr::Number(p) => Confidence::probability(p),
            ConfidenceRepr::Text(t) => t.parse(),
            ConfidenceRepr::Range { low, high } => Confidence::range(low, high),
        }
    }
}

#[cfg(feature = "serde")]
impl From<Confidence> for ConfidenceRepr {
    fn from(c: Confidence) -> Self {
        let (low, high) = c.bounds();
        match c.term() {
            Some(_) => ConfidenceRepr::Text(c.to_string()),
            None if low == high => ConfidenceRepr::Number(low.get()),
            None => ConfidenceRepr::Range {
                low: low.get(),
                high: high.get(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    /// A term is kept as its vocabulary and its index there: synonyms are one term, a range
    /// without a term differs from the term with the same range, and equal confidences hash
    /// alike.
    #[test]
    fn a_term_compares_by_vocabulary_and_word() -> Result<(), ValueError> {
        let likely = Confidence::from_term(&Vocabulary::ICD_203, "likely")?;
        let probably = Confidence::from_term(&Vocabulary::ICD_203, "Probably")?;
        assert_eq!(likely, probably);
        assert_eq!(probably.term(), Some(("icd-203", "likely")));
        let hasher = std::collections::hash_map::RandomState::new();
        assert_eq!(hasher.hash_one(&likely), hasher.hash_one(&probably));
        let range = Confidence::range(likely.low(), likely.high())?;
        assert_eq!(range.term(), None);
        assert_ne!(range, likely);
        assert_eq!(Confidence::probability(0.7)?.term(), None);
        let unlikely = Confidence::from_term(&Vocabulary::ICD_203, "unlikely")?;
        assert_ne!(unlikely, likely);
        assert!(Confidence::from_term(&Vocabulary::ICD_203, "maybe").is_err());
        Ok(())
    }
}
