//! A sourced quantitative claim.

use std::sync::Arc;

use crate::confidence::{AnalyticConfidence, Confidence};
use crate::date::{ClaimDate, Period};
use crate::error::{Error, Location, Problem, Problems};
use crate::estimate::Estimate;
use crate::quantity::Quantity;
use crate::shared_str::SharedStr;
use crate::source::{Source, identifier};

/// What sort of statement a claim is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ClaimKind {
    /// An estimate or assessment. The default.
    #[default]
    Estimate,
    /// A tally of documented cases ("at least 43,000 identified"): a floor on the true total.
    DocumentedCount,
    /// An official statement of a figure.
    Statement,
    /// A denial: the source says the quantity is zero ("sent no troops").
    Denial,
    /// A projection or forecast, not a statement about the present.
    Projection,
    /// A restatement of another claim (see [`Claim::restates`]).
    Restatement,
}

/// Where a claim was found: the quote, the address and the outlet that relayed it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
pub struct Provenance {
    /// The words as quoted.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub quote: Option<String>,
    /// Where it was published.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub url: Option<String>,
    /// The outlet that relayed it, when the source did not publish it directly.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub via: Option<String>,
    /// Anything else a reader should know ("cannot be independently verified").
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub note: Option<String>,
}

/// Everything a claim holds besides its id, quantity, source and estimate.
#[derive(Clone, Debug, Default)]
pub(crate) struct Details {
    pub stated: Option<ClaimDate>,
    pub as_of: Option<Period>,
    pub confidence: Option<Confidence>,
    pub analytic_confidence: Option<AnalyticConfidence>,
    pub kind: ClaimKind,
    pub provenance: Provenance,
    pub restates: Option<String>,
    pub supersedes: Option<String>,
}

/// A sourced quantitative claim: who said what about which quantity, when, and how sure.
///
/// A claim holds its [`Quantity`] and [`Source`] behind an [`Arc`], so claims are
/// self-contained and cheap to clone. [`Claim::new`] applies the quantity's domain to the
/// estimate (for a count, "as many as 10,000" is `[0, 10000]`) and refuses values outside it.
///
/// ```
/// use std::sync::Arc;
/// use sourced::{Claim, ClaimDate, Estimate, Interval, Quantity, Source};
///
/// let troops = Arc::new(Quantity::new("nk-troops-in-russia", "troops")?);
/// let nis = Arc::new(Source::new("nis", "South Korea's National Intelligence Service")?);
/// let claim = Claim::new("nis-1", troops, nis, Estimate::new(Interval::at_most(10_000.0)?))?
///     .with_stated("2024-10".parse::<ClaimDate>()?);
/// assert_eq!(claim.interval().to_string(), "[0, 10000]");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "ClaimRepr", into = "ClaimRepr"))]
pub struct Claim {
    // Kept compact (see the size test below): a claim set holds a million of these. The id is
    // shared text, in place when short (a report clones it rather than copying it), and the
    // provenance and links, which most claims lack, live behind one pointer.
    id: SharedStr,
    quantity: Arc<Quantity>,
    source: Arc<Source>,
    estimate: Estimate,
    stated: Option<ClaimDate>,
    as_of: Option<Period>,
    confidence: Option<Confidence>,
    analytic_confidence: Option<AnalyticConfidence>,
    kind: ClaimKind,
    // `None` stands for an empty provenance and no links; equality and `Debug` go through
    // the accessors, so they are as if the three fields were inline.
    extra: Option<Box<Extra>>,
}

/// The rarely set parts of a [`Claim`].
#[derive(Clone, Default)]
struct Extra {
    provenance: Provenance,
    restates: Option<String>,
    supersedes: Option<String>,
}

/// What [`Claim::provenance`] returns for a claim without one.
static NO_PROVENANCE: Provenance = Provenance {
    quote: None,
    url: None,
    via: None,
    note: None,
};

impl PartialEq for Claim {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && self.quantity == other.quantity
            && self.source == other.source
            && self.estimate == other.estimate
            && self.stated == other.stated
            && self.as_of == other.as_of
            && self.confidence == other.confidence
            && self.analytic_confidence == other.analytic_confidence
            && self.kind == other.kind
            && self.provenance() == other.provenance()
            && self.restates() == other.restates()
            && self.supersedes() == other.supersedes()
    }
}

impl std::fmt::Debug for Claim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Claim")
            .field("id", &self.id())
            .field("quantity", &self.quantity)
            .field("source", &self.source)
            .field("estimate", &self.estimate)
            .field("stated", &self.stated)
            .field("as_of", &self.as_of)
            .field("confidence", &self.confidence)
            .field("analytic_confidence", &self.analytic_confidence)
            .field("kind", &self.kind)
            .field("provenance", self.provenance())
            .field("restates", &self.restates())
            .field("supersedes", &self.supersedes())
            .finish()
    }
}

impl Extra {
    /// Boxed, or `None` when everything is at its default.
    fn boxed(self) -> Option<Box<Extra>> {
        let empty = self.provenance == NO_PROVENANCE
            && self.restates.is_none()
            && self.supersedes.is_none();
        (!empty).then(|| Box::new(self))
    }
}

impl Claim {
    /// A claim of kind [`ClaimKind::Estimate`] with no dates, confidence or provenance.
    ///
    /// Errors name the claim id and the field: an empty id, or an estimate outside the
    /// quantity's domain.
    pub fn new(
        id: impl Into<String>,
        quantity: impl Into<Arc<Quantity>>,
        source: impl Into<Arc<Source>>,
        estimate: Estimate,
    ) -> Result<Self, Error> {
        Claim::with_details(
            id.into(),
            quantity.into(),
            source.into(),
            estimate,
            Details::default(),
        )
    }

    /// A claim with every field set at once: the loaders build a million claims this way
    /// without moving each through the `with_*` chain.
    pub(crate) fn with_details(
        id: String,
        quantity: Arc<Quantity>,
        source: Arc<Source>,
        estimate: Estimate,
        details: Details,
    ) -> Result<Self, Error> {
        let id = identifier(id).map_err(|e| {
            Problems(vec![Problem::new(
                Location::File,
                Some("id"),
                e.to_string(),
            )])
        })?;
        Claim::with_checked_id(id.into(), quantity, source, estimate, details)
    }

    /// [`Claim::with_details`] with an id already checked to be an identifier: the loaders
    /// check it without allocating and make the shared text once.
    pub(crate) fn with_checked_id(
        id: SharedStr,
        quantity: Arc<Quantity>,
        source: Arc<Source>,
        estimate: Estimate,
        details: Details,
    ) -> Result<Self, Error> {
        let field_error = |field: &str, message: String| {
            Problems(vec![Problem::new(
                Location::Claim(id.to_string()),
                Some(field),
                message,
            )])
        };
        let interval = quantity
            .domain()
            .apply(estimate.interval())
            .map_err(|e| field_error("estimate", e.to_string()))?;
        let estimate = estimate
            .with_interval(interval)
            .map_err(|e| field_error("estimate", e.to_string()))?;
        Ok(Claim {
            id,
            quantity,
            source,
            estimate,
            stated: details.stated,
            as_of: details.as_of,
            confidence: details.confidence,
            analytic_confidence: details.analytic_confidence,
            kind: details.kind,
            extra: Extra {
                provenance: details.provenance,
                restates: details.restates,
                supersedes: details.supersedes,
            }
            .boxed(),
        })
    }

    /// With the date it was said.
    pub fn with_stated(mut self, date: ClaimDate) -> Self {
        self.stated = Some(date);
        self
    }

    /// With the date or period the number refers to.
    pub fn with_as_of(mut self, period: impl Into<Period>) -> Self {
        self.as_of = Some(period.into());
        self
    }

    /// With a likelihood that the true value lies in the interval.
    pub fn with_confidence(mut self, confidence: Confidence) -> Self {
        self.confidence = Some(confidence);
        self
    }

    /// With an analytic confidence (a separate axis from likelihood).
    pub fn with_analytic_confidence(mut self, confidence: AnalyticConfidence) -> Self {
        self.analytic_confidence = Some(confidence);
        self
    }

    /// With a kind.
    pub fn with_kind(mut self, kind: ClaimKind) -> Self {
        self.kind = kind;
        self
    }

    /// With provenance.
    pub fn with_provenance(mut self, provenance: Provenance) -> Self {
        self.edit_extra(|e| e.provenance = provenance);
        self
    }

    /// As a restatement of the claim `original` (it then counts once with it).
    pub fn restating(mut self, original: impl Into<String>) -> Self {
        let original = original.into();
        self.edit_extra(|e| e.restates = Some(original));
        self
    }

    /// As superseding the claim `earlier`.
    pub fn superseding(mut self, earlier: impl Into<String>) -> Self {
        let earlier = earlier.into();
        self.edit_extra(|e| e.supersedes = Some(earlier));
        self
    }

    /// Changes the rarely set parts, boxing them only while one differs from its default.
    fn edit_extra(&mut self, edit: impl FnOnce(&mut Extra)) {
        let mut extra = self.extra.take().map(|b| *b).unwrap_or_default();
        edit(&mut extra);
        self.extra = extra.boxed();
    }

    /// The id, unique within a claim set.
    pub fn id(&self) -> &str {
        self.id.as_str()
    }

    /// The id's bytes, without the UTF-8 check of a short id's text (see [`SharedStr`]).
    pub(crate) fn id_bytes(&self) -> &[u8] {
        self.id.as_bytes()
    }

    /// The id, shared: a report names the claim by cloning it, not by copying it.
    pub(crate) fn shared_id(&self) -> SharedStr {
        self.id.clone()
    }

    /// The quantity.
    pub fn quantity(&self) -> &Arc<Quantity> {
        &self.quantity
    }

    /// The source.
    pub fn source(&self) -> &Arc<Source> {
        &self.source
    }

    /// The estimate, with the quantity's domain applied.
    pub fn estimate(&self) -> &Estimate {
        &self.estimate
    }

    /// The estimate's interval.
    pub fn interval(&self) -> &crate::Interval {
        self.estimate.interval()
    }

    /// When it was said.
    pub fn stated(&self) -> Option<ClaimDate> {
        self.stated
    }

    /// The date or period the number refers to.
    pub fn as_of(&self) -> Option<Period> {
        self.as_of
    }

    /// The time the number refers to: `as_of`, else the date it was said.
    pub fn reference_period(&self) -> Option<Period> {
        self.as_of.or(self.stated.map(Period::from))
    }

    /// The likelihood that the true value lies in the interval.
    pub fn confidence(&self) -> Option<&Confidence> {
        self.confidence.as_ref()
    }

    /// The analytic confidence.
    pub fn analytic_confidence(&self) -> Option<AnalyticConfidence> {
        self.analytic_confidence
    }

    /// The kind.
    pub fn kind(&self) -> ClaimKind {
        self.kind
    }

    /// The provenance.
    pub fn provenance(&self) -> &Provenance {
        self.extra
            .as_ref()
            .map_or(&NO_PROVENANCE, |e| &e.provenance)
    }

    /// The claim this one restates.
    pub fn restates(&self) -> Option<&str> {
        self.extra.as_ref().and_then(|e| e.restates.as_deref())
    }

    /// The claim this one supersedes.
    pub fn supersedes(&self) -> Option<&str> {
        self.extra.as_ref().and_then(|e| e.supersedes.as_deref())
    }
}

/// The self-contained serialised form of one claim (quantity and source nested).
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimRepr {
    id: String,
    quantity: Quantity,
    source: Source,
    estimate: Estimate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stated: Option<ClaimDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    as_of: Option<Period>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    confidence: Option<Confidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    analytic_confidence: Option<AnalyticConfidence>,
    #[serde(default)]
    kind: ClaimKind,
    #[serde(default)]
    provenance: Provenance,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    restates: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    supersedes: Option<String>,
}

#[cfg(feature = "serde")]
impl TryFrom<ClaimRepr> for Claim {
    type Error = Error;
    fn try_from(r: ClaimRepr) -> Result<Self, Self::Error> {
        let mut c = Claim::new(r.id, r.quantity, r.source, r.estimate)?;
        c.stated = r.stated;
        c.as_of = r.as_of;
        c.confidence = r.confidence;
        c.analytic_confidence = r.analytic_confidence;
        c.kind = r.kind;
        c.extra = Extra {
            provenance: r.provenance,
            restates: r.restates,
            supersedes: r.supersedes,
        }
        .boxed();
        Ok(c)
    }
}

#[cfg(feature = "serde")]
impl From<Claim> for ClaimRepr {
    fn from(c: Claim) -> Self {
        let extra = c.extra.map(|b| *b).unwrap_or_default();
        ClaimRepr {
            id: c.id.to_string(),
            quantity: Arc::unwrap_or_clone(c.quantity),
            source: Arc::unwrap_or_clone(c.source),
            estimate: c.estimate,
            stated: c.stated,
            as_of: c.as_of,
            confidence: c.confidence,
            analytic_confidence: c.analytic_confidence,
            kind: c.kind,
            provenance: extra.provenance,
            restates: extra.restates,
            supersedes: extra.supersedes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A claim set holds a million claims: keep the inline part small (it was 360 bytes
    /// before the rarely set fields went behind pointers, 160 with the id behind one).
    #[test]
    fn claim_stays_compact() {
        assert!(
            std::mem::size_of::<Claim>() <= 136,
            "{}",
            std::mem::size_of::<Claim>()
        );
        assert!(std::mem::size_of::<SharedStr>() <= 24);
        assert!(std::mem::size_of::<Estimate>() <= 40);
        assert!(std::mem::size_of::<crate::Interval>() <= 24);
        assert!(std::mem::size_of::<Option<Confidence>>() <= 24);
        // Shared by its claims, but a file may name a few hundred thousand: 104 bytes and the
        // `Arc`'s 16 fill a 128-byte heap block.
        assert!(
            std::mem::size_of::<Source>() <= 104,
            "{}",
            std::mem::size_of::<Source>()
        );
    }

    #[test]
    fn rarely_set_fields_round_trip_through_the_box() -> Result<(), Error> {
        let q = Arc::new(Quantity::new("q", "things")?);
        let s = Arc::new(Source::new("s", "S")?);
        let e = Estimate::new(crate::Interval::closed(1.0, 2.0)?);
        let plain = Claim::new("a", q.clone(), s.clone(), e.clone())?;
        assert!(plain.extra.is_none());
        let emptied = plain.clone().with_provenance(Provenance::default());
        assert!(emptied.extra.is_none());
        assert_eq!(emptied, plain);
        let linked = plain.clone().restating("b").superseding("c");
        assert_eq!(
            (linked.restates(), linked.supersedes()),
            (Some("b"), Some("c"))
        );
        assert_eq!(linked.provenance(), &Provenance::default());
        assert_ne!(linked, plain);
        Ok(())
    }
}
