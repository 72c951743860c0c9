//! The crate's error types.
//!
//! [`Error`] is the one error a caller has to handle; it wraps the more specific errors of
//! each stage: [`ValueError`] (a constructor refused a value), [`ParseError`] (hedged text
//! the lexicon could not read, with its byte offset) and [`Problems`] (every invalid record of
//! a claim file or claim set, each with the claim id or line and the field).

use std::fmt;

pub use crate::lexicon::ParseError;

/// Any error of this crate.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A value was refused by a constructor.
    #[error(transparent)]
    Value(#[from] ValueError),
    /// Hedged text could not be read.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// One or more records were invalid; every one is listed.
    #[error(transparent)]
    Invalid(#[from] Problems),
    /// Claims about different quantities were passed to one reconciliation.
    #[error(
        "claims about different quantities cannot be reconciled together: claim {first_claim:?} is about {first:?}, claim {other_claim:?} about {other:?}"
    )]
    MixedQuantities {
        /// The quantity of the first claim.
        first: String,
        /// The first claim.
        first_claim: String,
        /// The other quantity.
        other: String,
        /// A claim about the other quantity.
        other_claim: String,
    },
    /// A numerical method failed: an iteration did not converge, or a result overflowed f64.
    #[error("{method}: {message}")]
    Numerical {
        /// The method ("REML", "pool quantile", …).
        method: String,
        /// What went wrong, with the figures.
        message: String,
    },
    /// A file could not be read.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The path.
        path: String,
        /// What the operating system said.
        message: String,
    },
}

/// A value refused by a constructor.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// NaN where a number was expected.
    #[error("value is NaN")]
    NotANumber,
    /// An infinity (or an overflow to one) where a finite number was expected.
    #[error("value {value} is not finite")]
    Infinite {
        /// The value.
        value: f64,
    },
    /// The low end is above the high end, or an open end leaves nothing.
    #[error("interval is empty: low {low} is not below high {high}")]
    Empty {
        /// The low end.
        low: f64,
        /// The high end.
        high: f64,
    },
    /// A value outside the quantity's domain (a negative count, say).
    #[error("value {value} is outside the domain {domain}")]
    OutsideDomain {
        /// The value.
        value: f64,
        /// The domain, as written in claim files.
        domain: String,
    },
    /// A best value outside its own interval.
    #[error("best value {best} lies outside the interval {interval}")]
    BestOutsideInterval {
        /// The best value.
        best: f64,
        /// The interval, in mathematical notation.
        interval: String,
    },
    /// A probability outside [0, 1], or a probability range with low > high.
    #[error("probability {value} is outside [0, 1]")]
    Probability {
        /// The value.
        value: f64,
    },
    /// A probability range whose low end is above its high end.
    #[error("probability range [{low}, {high}] is inverted")]
    ProbabilityRange {
        /// The low end.
        low: f64,
        /// The high end.
        high: f64,
    },
    /// A confidence level (of a stated interval) outside (0, 1).
    #[error("confidence level {level} must lie strictly between 0 and 1")]
    Level {
        /// The level.
        level: f64,
    },
    /// A term that the named vocabulary does not have.
    #[error("unknown term {term:?} in vocabulary {vocabulary}")]
    UnknownTerm {
        /// The term.
        term: String,
        /// The vocabulary searched.
        vocabulary: String,
    },
    /// A vocabulary name that this crate does not know.
    #[error("unknown vocabulary {name:?} (known: {known})")]
    UnknownVocabulary {
        /// The name.
        name: String,
        /// The known names, comma-separated.
        known: String,
    },
    /// A date that does not exist or is not written as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error("invalid date {text:?}: {reason}")]
    Date {
        /// The text.
        text: String,
        /// Why it was refused.
        reason: String,
    },
    /// An identifier that is empty or has surrounding white space.
    #[error("invalid identifier {text:?}: {reason}")]
    Identifier {
        /// The text.
        text: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A word not among a field's accepted words (an unknown claim kind, say).
    #[error("unknown {what} {text:?} (expected one of: {expected})")]
    UnknownWord {
        /// What the word names ("claim kind", "domain", …).
        what: &'static str,
        /// The word.
        text: String,
        /// The accepted words, comma-separated.
        expected: &'static str,
    },
}

/// Where an invalid record sits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Location {
    /// The whole file or input.
    File,
    /// A claim, by id.
    Claim(String),
    /// A claim without a usable id, by its position (0-based) in the file's claim list.
    ClaimIndex(usize),
    /// A declared source, by id or position.
    Source(String),
    /// A declared quantity, by id or position.
    Quantity(String),
    /// A line of a text file (1-based), with the claim id when one was read.
    Line {
        /// The line number, from 1.
        line: u64,
        /// The claim id on that line, if any.
        claim: Option<String>,
    },
    /// A byte offset into the input (for syntax errors, where no record could be read).
    Byte {
        /// The offset, from 0.
        offset: u64,
        /// The line, from 1, when known.
        line: Option<u64>,
        /// The column, from 1, when known.
        column: Option<u64>,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => f.write_str("input"),
            Location::Claim(id) => write!(f, "claim {id:?}"),
            Location::ClaimIndex(i) => write!(f, "claim #{} (no id)", i.saturating_add(1)),
            Location::Source(id) => write!(f, "source {id:?}"),
            Location::Quantity(id) => write!(f, "quantity {id:?}"),
            Location::Line { line, claim: None } => write!(f, "line {line}"),
            Location::Line {
                line,
                claim: Some(id),
            } => write!(f, "line {line} (claim {id:?})"),
            Location::Byte {
                offset,
                line: Some(line),
                column: Some(column),
            } => write!(f, "byte {offset} (line {line}, column {column})"),
            Location::Byte { offset, .. } => write!(f, "byte {offset}"),
        }
    }
}

/// One invalid record or field: where, which field, and why.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Problem {
    /// Where the record sits.
    pub location: Location,
    /// The field, as named in claim files (`"estimate"`, `"confidence"`, …), if one field is at fault.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    /// A problem at `location`, in `field`.
    pub fn new(location: Location, field: Option<&str>, message: impl Into<String>) -> Self {
        Problem {
            location,
            field: field.map(str::to_owned),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{}, field {field:?}: {}", self.location, self.message),
            None => write!(f, "{}: {}", self.location, self.message),
        }
    }
}

/// Every problem found in one input, never only the first.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// The problems.
    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.0.iter()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::error::Error for Problems {}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.len() {
            0 => f.write_str("no problems"),
            1 => write!(
                f,
                "1 invalid record: {}",
                self.0.first().map(ToString::to_string).unwrap_or_default()
            ),
            n => {
                write!(f, "{n} invalid records:")?;
                for p in &self.0 {
                    write!(f, "\n  - {p}")?;
                }
                Ok(())
            }
        }
    }
}

impl<'a> IntoIterator for &'a Problems {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}
