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
