//! Estimative vocabularies: words of likelihood mapped to probability ranges, as named data.
//!
//! | vocabulary | name | bands |
//! |---|---|---|
//! | ODNI ICD 203 (2015) | `icd-203` | partition [0.01, 0.99] into seven bands |
//! | Sherman Kent, *Words of Estimative Probability* (1964) | `kent-1964` | centre ± spread |
//! | IPCC AR5 likelihood scale (2010 guidance note) | `ipcc-ar5` | **nested** bands |
//!
//! Words of *likelihood* only: analytic confidence ("high confidence") is a separate axis,
//! [`AnalyticConfidence`](crate::AnalyticConfidence), and is never mixed into these.

use std::fmt;

/// One word of a vocabulary (with its synonyms) and the probability range it stands for.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Term {
    /// The word as the vocabulary writes it, then its accepted synonyms, all lower case.
    pub words: &'static [&'static str],
    /// The lowest probability the word stands for.
    pub low: f64,
    /// The highest probability the word stands for.
    pub high: f64,
}

impl Term {
    /// The vocabulary's own word.
    pub fn word(&self) -> &'static str {
        self.words.first().copied().unwrap_or("")
    }
}

/// A named, versioned estimative vocabulary.
///
/// ```
/// use sourced::Vocabulary;
/// let likely = Vocabulary::ICD_203.term("probably").expect("a synonym of likely");
/// assert_eq!((likely.word(), likely.low, likely.high), ("likely", 0.55, 0.80));
/// assert!(Vocabulary::by_name("ipcc-ar5").is_some());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Vocabulary {
    /// The short name used in claim files (`"icd-203"`).
    pub name: &'static str,
    /// The document and version it follows.
    pub title: &'static str,
    /// Whether the bands partition [0, 1] (ICD 203) or nest (IPCC).
    pub nested: bool,
    /// Its terms.
    pub terms: &'static [Term],
}

impl Vocabulary {
    /// ODNI Intelligence Community Directive 203, *Analytic Standards* (2015): seven bands,
    /// each with its likelihood word and its probability-word synonym.
    pub const ICD_203: Vocabulary = Vocabulary {
        name: "icd-203",
        title: "ODNI ICD 203 Analytic Standards (2015)",
        nested: false,
        terms: &[
            Term {
                words: &["almost no chance", "remote"],
                low: 0.01,
                high: 0.05,
            },
            Term {
                words: &["very unlikely", "highly improbable"],
                low: 0.05,
                high: 0.20,
            },
            Term {
                words: &["unlikely", "improbable", "improbably"],
                low: 0.20,
                high: 0.45,
            },
            Term {
                words: &["roughly even chance", "roughly even odds"],
                low: 0.45,
                high: 0.55,
            },
            Term {
                words: &["likely", "probable", "probably"],
                low: 0.55,
                high: 0.80,
            },
            Term {
                words: &["very likely", "highly probable"],
                low: 0.80,
                high: 0.95,
            },
            Term {
                words: &["almost certain", "almost certainly", "nearly certain"],
                low: 0.95,
                high: 0.99,
            },
        ],
    };

    /// Sherman Kent, *Words of Estimative Probability* (1964): a centre with its spread,
    /// written here as centre ± spread.
    pub const KENT_1964: Vocabulary = Vocabulary {
        name: "kent-1964",
        title: "Sherman Kent, Words of Estimative Probability (1964)",
        nested: false,
        terms: &[
            Term {
                words: &["certain"],
                low: 1.0,
                high: 1.0,
            },
            Term {
                words: &["almost certain"],
                low: 0.87,
                high: 0.99,
            },
            Term {
                words: &["probable"],
                low: 0.63,
                high: 0.87,
            },
            Term {
                words: &["chances about even"],
                low: 0.40,
                high: 0.60,
            },
            Term {
                words: &["probably not"],
                low: 0.20,
                high: 0.40,
            },
            Term {
                words: &["almost certainly not"],
                low: 0.02,
                high: 0.12,
            },
            Term {
                words: &["impossible"],
                low: 0.0,
                high: 0.0,
            },
        ],
    };

    /// IPCC AR5 calibrated likelihood language (Mastrandrea et al., 2010 guidance note): the
    /// AR4 scale plus "extremely likely", "more likely than not" and "extremely unlikely".
    /// Bands nest: "very likely" lies inside "likely".
    pub const IPCC_AR5: Vocabulary = Vocabulary {
        name: "ipcc-ar5",
        title: "IPCC AR5 likelihood scale (2010 guidance note)",
        nested: true,
        terms: &[
            Term {
                words: &["virtually certain"],
                low: 0.99,
                high: 1.0,
            },
            Term {
                words: &["extremely likely"],
                low: 0.95,
                high: 1.0,
            },
            Term {
                words: &["very likely"],
                low: 0.90,
                high: 1.0,
            },
            Term {
                words: &["likely"],
                low: 0.66,
                high: 1.0,
            },
            Term {
                words: &["more likely than not"],
                low: 0.50,
                high: 1.0,
            },
            Term {
                words: &["about as likely as not"],
                low: 0.33,
                high: 0.66,
            },
            Term {
                words: &["unlikely"],
                low: 0.0,
                high: 0.33,
            },
            Term {
                words: &["very unlikely"],
                low: 0.0,
                high: 0.10,
            },
            Term {
                words: &["extremely unlikely"],
                low: 0.0,
                high: 0.05,
            },
            Term {
                words: &["exceptionally unlikely"],
                low: 0.0,
                high: 0.01,
            },
        ],
    };

    /// The vocabularies this crate knows, the default (ICD 203) first.
    pub const ALL: &'static [Vocabulary] = &[
        Vocabulary::ICD_203,
        Vocabulary::KENT_1964,
        Vocabulary::IPCC_AR5,
    ];

    /// The vocabulary of that name.
    pub fn by_name(name: &str) -> Option<&'static Vocabulary> {
        Vocabulary::ALL.iter().find(|v| v.name == name)
    }

    /// The term for `word` (any synonym, any case, surrounding white space ignored).
    pub fn term(&self, word: &str) -> Option<&'static Term> {
        self.terms.get(self.term_index(word)?)
    }

    /// The position in [`terms`](Self::terms) of the term for `word`, as [`term`](Self::term)
    /// finds it.
    pub(crate) fn term_index(&self, word: &str) -> Option<usize> {
        let word = word.trim().to_lowercase();
        self.terms
            .iter()
            .position(|t| t.words.iter().any(|w| *w == word))
    }

    /// The names of all known vocabularies, comma-separated.
    pub(crate) fn known_names() -> String {
        Vocabulary::ALL
            .iter()
            .map(|v| v.name)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Vocabulary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icd_203_partitions_from_one_to_ninety_nine_percent() {
        let t = Vocabulary::ICD_203.terms;
        assert_eq!(t.first().map(|t| t.low), Some(0.01));
        assert_eq!(t.last().map(|t| t.high), Some(0.99));
        for pair in t.windows(2) {
            assert_eq!(pair[0].high, pair[1].low);
        }
    }

    #[test]
    fn every_band_is_a_probability_range() {
        for v in Vocabulary::ALL {
            for t in v.terms {
                assert!(
                    0.0 <= t.low && t.low <= t.high && t.high <= 1.0,
                    "{} {:?}",
                    v.name,
                    t
                );
            }
        }
    }
}
