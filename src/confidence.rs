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
    low: Finite,
    high: Finite,
    // The vocabulary term it came from: the vocabulary and the term's index in it, or
    // `NO_TERM`'s vocabulary, which has no terms. A reference and an index rather than the two
    // names (32 bytes) or two references (16), and no `Option`, so that an
    // `Option<Confidence>` is 32 bytes (the reference's niche): every claim can hold a
    // confidence, so this is a million times over in a large file. Equality, hashing and
    // `Debug` go through `term()`, by name and word, as when the names were stored.
    vocabulary: &'static Vocabulary,
    term: u32,
}

/// The vocabulary of a confidence that came from no term.
static NO_TERM: Vocabulary = Vocabulary {
    name: "",
    title: "",
    nested: false,
    terms: &[],
};

impl PartialEq for Confidence {
    fn eq(&self, other: &Self) -> bool {
        self.low == other.low && self.high == other.high && self.term() == other.term()
    }
}

impl Eq for Confidence {}

impl std::hash::Hash for Confidence {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.low.hash(state);
        self.high.hash(state);
        self.term().hash(state);
    }
}

impl fmt::Debug for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Confidence")
            .field("low", &self.low)
            .field("high", &self.high)
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
            low: v,
            high: v,
            vocabulary: &NO_TERM,
            term: 0,
        })
    }

    /// A probability range `[low, high]` within [0, 1].
    pub fn range(low: f64, high: f64) -> Result<Self, ValueError> {
        let (l, h) = (probability(low)?, probability(high)?);
        if l > h {
            return Err(ValueError::ProbabilityRange { low, high });
        }
        Ok(Confidence {
            low: l,
            high: h,
            vocabulary: &NO_TERM,
            term: 0,
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
        let mut c = Confidence::range(term.low, term.high)?;
        c.vocabulary = vocabulary;
        c.term = index;
        Ok(c)
    }

    /// The lowest probability.
    pub fn low(&self) -> f64 {
        self.low.get()
    }

    /// The highest probability.
    pub fn high(&self) -> f64 {
        self.high.get()
    }

    /// The middle of the range, used as a weight.
    pub fn midpoint(&self) -> f64 {
        (self.low.get() + self.high.get()) / 2.0
    }

    /// The vocabulary term it came from, as `(vocabulary name, word)`.
    pub fn term(&self) -> Option<(&'static str, &'static str)> {
        self.vocabulary
            .terms
            .get(self.term as usize)
            .map(|term| (self.vocabulary.name, term.word()))
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
        match self.term() {
            Some((vocabulary, word)) => write!(f, "{vocabulary}:{word}"),
            None if self.low == self.high => write!(f, "{}", self.low),
            None => write!(f, "{}–{}", self.low, self.high),
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
        match c.term() {
            Some(_) => ConfidenceRepr::Text(c.to_string()),
            None if c.low == c.high => ConfidenceRepr::Number(c.low.get()),
            None => ConfidenceRepr::Range {
                low: c.low.get(),
                high: c.high.get(),
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
