//! Who made a claim, and which independent origin it belongs to.

use crate::error::ValueError;
use crate::shared_str::SharedStr;
use crate::value::Finite;

/// Checks an identifier: non-empty, no surrounding white space, no control characters.
pub(crate) fn identifier(text: String) -> Result<String, ValueError> {
    let reason = if text.is_empty() {
        Some("must not be empty")
    } else if text.trim() != text {
        Some("must not start or end with white space")
    } else if text.chars().any(char::is_control) {
        Some("must not contain control characters")
    } else {
        None
    };
    match reason {
        Some(reason) => Err(ValueError::Identifier { text, reason }),
        None => Ok(text),
    }
}

/// What kind of organisation or person a source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum SourceKind {
    /// A government or its spokespeople.
    Government,
    /// Armed forces or a defence ministry.
    Military,
    /// An intelligence service.
    Intelligence,
    /// A university or research group.
    Academic,
    /// A non-governmental organisation.
    Ngo,
    /// An international organisation (UN agencies, say).
    InternationalOrganisation,
    /// A news outlet.
    Media,
    /// A person speaking for themselves (an analyst, a witness).
    Individual,
    /// A party to the conflict the number is about.
    PartyToConflict,
    /// Not known or none of the above.
    #[default]
    Other,
}

/// Who made a claim.
///
/// The **independence group** says which sources share one origin: the White House and the
/// Pentagon are both the US government, and agreement between them counts once. An
/// undeclared group is the source's own id. The **weight** (default 1) scales the source's
/// say in weighted agreement and pooling.
///
/// ```
/// use sourced::{Source, SourceKind};
/// let wh = Source::new("white-house", "White House")?
///     .with_kind(SourceKind::Government)
///     .with_affiliation("US")
///     .with_group("us-government")?;
/// assert_eq!(wh.group(), "us-government");
/// assert_eq!(Source::new("nis", "NIS")?.group(), "nis");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "SourceRepr", into = "SourceRepr"))]
pub struct Source {
    // Shared text: a report row names its source by cloning these, not by copying them.
    id: SharedStr,
    name: SharedStr,
    kind: SourceKind,
    // Boxed text (16 bytes, not a `String`'s 24): with it a source is 104 bytes, and a
    // shared one takes a 128-byte block of the heap instead of 144. Files of a million
    // claims name a few hundred thousand sources, each loaded as one.
    affiliation: Option<Box<str>>,
    group: SharedStr,
    weight: Finite,
}

impl Source {
    /// A source that is its own independence group, with weight 1.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Result<Self, ValueError> {
        let id: SharedStr = identifier(id.into())?.into();
        Source::checked(id.clone(), name.into().into(), id)
    }

    /// A source of kind `Other` with weight 1 from texts already checked.
    fn checked(id: SharedStr, name: SharedStr, group: SharedStr) -> Result<Self, ValueError> {
        Ok(Source {
            id,
            name,
            kind: SourceKind::Other,
            affiliation: None,
            group,
            weight: Finite::new(1.0)?,
        })
    }

    /// [`Source::undeclared`], then [`Source::with_group`] when `group` is given, for ids the
    /// caller has checked to be identifiers: the loaders make a few hundred thousand of these,
    /// and here the id is allocated once (and shared as the name) instead of copied each step.
    #[cfg(any(feature = "json", feature = "csv"))]
    pub(crate) fn undeclared_checked(id: &str, group: Option<&str>) -> Result<Self, ValueError> {
        let id = SharedStr::from(id);
        let group = group.map_or_else(|| id.clone(), SharedStr::from);
        Source::checked(id.clone(), id, group)
    }

    /// The source an undeclared id stands for: named by its id, its own group.
    pub fn undeclared(id: impl Into<String>) -> Result<Self, ValueError> {
        let id = id.into();
        Source::new(id.clone(), id)
    }

    /// With a kind.
    pub fn with_kind(mut self, kind: SourceKind) -> Self {
        self.kind = kind;
        self
    }

    /// With an affiliation (a country, a party).
    pub fn with_affiliation(mut self, affiliation: impl Into<String>) -> Self {
        self.affiliation = Some(affiliation.into().into_boxed_str());
        self
    }

    /// In an independence group.
    pub fn with_group(mut self, group: impl Into<String>) -> Result<Self, ValueError> {
        self.group = identifier(group.into())?.into();
        Ok(self)
    }

    /// With a weight: finite and not negative.
    pub fn with_weight(mut self, weight: f64) -> Result<Self, ValueError> {
        let w = Finite::new(weight)?;
        if weight < 0.0 {
            return Err(ValueError::OutsideDomain {
                value: weight,
                domain: "[0, ∞) (a weight)".to_owned(),
            });
        }
        self.weight = w;
        Ok(self)
    }

    /// The id.
    pub fn id(&self) -> &str {
        self.id.as_str()
    }

    /// The name for people.
    pub fn name(&self) -> &str {
        self.name.as_str()
    }

    /// The kind.
    pub fn kind(&self) -> SourceKind {
        self.kind
    }

    /// The affiliation.
    pub fn affiliation(&self) -> Option<&str> {
        self.affiliation.as_deref()
    }

    /// The independence group.
    pub fn group(&self) -> &str {
        self.group.as_str()
    }

    /// The weight (default 1).
    pub fn weight(&self) -> f64 {
        self.weight.get()
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceRepr {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    kind: SourceKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    affiliation: Option<String>,
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    weight: Option<f64>,
}

#[cfg(feature = "serde")]
impl TryFrom<SourceRepr> for Source {
    type Error = ValueError;
    fn try_from(r: SourceRepr) -> Result<Self, Self::Error> {
        let name = r.name.unwrap_or_else(|| r.id.clone());
        let mut s = Source::new(r.id, name)?.with_kind(r.kind);
        s.affiliation = r.affiliation.map(String::into_boxed_str);
        if let Some(group) = r.group {
            s = s.with_group(group)?;
        }
        if let Some(weight) = r.weight {
            s = s.with_weight(weight)?;
        }
        Ok(s)
    }
}

#[cfg(feature = "serde")]
impl From<Source> for SourceRepr {
    fn from(s: Source) -> Self {
        SourceRepr {
            id: s.id.to_string(),
            name: Some(s.name.to_string()),
            kind: s.kind,
            affiliation: s.affiliation.map(String::from),
            group: Some(s.group.to_string()),
            weight: Some(s.weight.get()),
        }
    }
}
