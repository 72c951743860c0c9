//! The verdict on each claim: what the report concluded about it, and why.
//!
//! In the spirit of chrony's per-source states (`sources.c`: `OK`, `FALSETICKER`, …; see
//! REFERENCES.md §3.2) and DESIGN.md's list: a claim agrees with the consensus, is a
//! falseticker, was superseded, restates another claim, lies outside the time window (or has
//! no date when a window is set); and when the method finds no consensus at all, that is said
//! too. Claims about a different scope never share a report: each quantity gets its own.

use std::fmt;

/// What the report concluded about one claim.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Verdict {
    /// The claim holds a consensus region (a truechimer).
    Agrees,
    /// The claim holds no consensus region: it is one of the falsetickers.
    Falseticker,
    /// A later claim, named here, replaced it; it did not take part.
    SupersededBy(String),
    /// It repeats the claim named here and counts once with it.
    RestatementOf(String),
    /// Its date lies outside the time window of the reconciliation.
    OutsideWindow,
    /// A time window was set and the claim has no date to place in it.
    Undated,
    /// The method found no consensus (no majority, say), so the claim could not be judged.
    Undecided,
}

impl Verdict {
    /// A short lower-case name, as in JSON: `"agrees"`, `"falseticker"`, `"superseded"`,
    /// `"restatement"`, `"outside-window"`, `"undated"`, `"undecided"`.
    pub fn name(&self) -> &'static str {
        match self {
            Verdict::Agrees => "agrees",
            Verdict::Falseticker => "falseticker",
            Verdict::SupersededBy(_) => "superseded",
            Verdict::RestatementOf(_) => "restatement",
            Verdict::OutsideWindow => "outside-window",
            Verdict::Undated => "undated",
            Verdict::Undecided => "undecided",
        }
    }

    /// The claim the verdict refers to (the superseding claim, or the original restated).
    pub fn related(&self) -> Option<&str> {
        match self {
            Verdict::SupersededBy(id) | Verdict::RestatementOf(id) => Some(id),
            _ => None,
        }
    }

    /// Whether the claim took part in the agreement.
    pub fn took_part(&self) -> bool {
        matches!(
            self,
            Verdict::Agrees | Verdict::Falseticker | Verdict::Undecided
        )
    }
}

/// For people: `agrees`, `FALSETICKER`, `superseded by wh-2`, `restatement of nis-1`, ….
impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Agrees => f.write_str("agrees"),
            Verdict::Falseticker => f.write_str("FALSETICKER"),
            Verdict::SupersededBy(id) => write!(f, "superseded by {id}"),
            Verdict::RestatementOf(id) => write!(f, "restatement of {id}"),
            Verdict::OutsideWindow => f.write_str("outside the time window"),
            Verdict::Undated => f.write_str("undated (a window was set)"),
            Verdict::Undecided => f.write_str("undecided (no consensus)"),
        }
    }
}

/// Serialised as its [name](Verdict::name); the related claim is a separate field of the row.
#[cfg(feature = "serde")]
impl serde::Serialize for Verdict {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}
