//! Hedged text to exact intervals: the lexicon and the number grammar.
//!
//! (Being written: see issue 3. Until then this module only defines the error type.)

use std::fmt;

/// Hedged text the lexicon could not read: where, what, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ParseError {
    /// Byte offset of the offending token in the text.
    pub offset: usize,
    /// The offending token.
    pub token: String,
    /// What was expected there.
    pub expected: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot read {:?} at byte {}: expected {}",
            self.token, self.offset, self.expected
        )
    }
}

impl std::error::Error for ParseError {}

use crate::estimate::Estimate;
use crate::quantity::Quantity;

/// A named, versioned set of rules that turn hedged text into exact intervals.
///
/// (Being written: see issue 3.)
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Lexicon {
    name: String,
}

impl Lexicon {
    /// The default lexicon.
    pub fn standard() -> Self {
        Lexicon {
            name: "standard".to_owned(),
        }
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Reads `text` as an estimate of `quantity` (its domain fills unbounded sides).
    pub fn parse(&self, text: &str, quantity: &Quantity) -> Result<Estimate, ParseError> {
        let _ = quantity;
        Err(ParseError {
            offset: 0,
            token: text.to_owned(),
            expected: "a parser (not written yet)".to_owned(),
        })
    }
}
