//! The lexicons as data: hedge phrases and the rule each one follows.

use std::borrow::Cow;

use crate::error::ValueError;
use crate::estimate::Hedge;

/// What a lexicon phrase does to the number it stands with.
///
/// A prefix rule stands before the number ("more than 3,000"), a suffix rule after it ("3,000
/// or more"); a [`Rule::Vague`] phrase is the quantity itself ("dozens").
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum Rule {
    /// Prefix, a strict lower bound: "more than X" is (X, ∞).
    MoreThan,
    /// Prefix, an inclusive lower bound: "at least X" is [X, ∞). Followed by an
    /// [`Rule::About`] phrase it gives [`Hedge::AtLeastAbout`].
    AtLeast,
    /// Prefix, a strict upper bound: "fewer than X" is (−∞, X).
    FewerThan,
    /// Prefix, an inclusive upper bound: "at most X" is (−∞, X].
    AtMost,
    /// Prefix, an inclusive upper bound: "as many as X" is (−∞, X].
    AsManyAs,
    /// Prefix, an inclusive upper bound: "up to X" is (−∞, X].
    UpTo,
    /// Prefix, an approximator: "about X" is X ± max(half the rounding unit of X,
    /// tolerance × |X|), best value X.
    About,
    /// Prefix, just below: "nearly X" is [X − max(half the rounding unit, tolerance × |X|), X),
    /// the lower half of "about X" without X itself.
    Nearly,
    /// Prefix: "exactly X" is the point X.
    Exactly,
    /// Prefix opening a range: "between X and Y", "from X to Y" is [X, Y].
    Between,
    /// A lead-in the number follows unchanged: "at 3,000", "a total of 3,000", "sent no troops".
    LeadIn,
    /// Suffix: "X or more" is [X, ∞).
    OrMore,
    /// Suffix: "X or fewer" is (−∞, X].
    OrFewer,
    /// The number zero as a word of denial: "no troops", "none" is the point 0.
    Zero,
    /// A vague quantity standing for a range of its own: "dozens" is [24, 99].
    Vague(VagueRange),
    /// Names the hedge of an explicit interval, as [`Estimate`](crate::Estimate)'s `Display`
    /// writes it: "CI [104000, 223000] best 151000 level 0.95". Only an interval may follow.
    Label(Hedge),
}

impl Rule {
    /// Why the rule gives the interval it gives, for the lexicon table.
    pub fn why(&self) -> &'static str {
        match self {
            Rule::MoreThan => "comparative: a strict lower bound",
            Rule::AtLeast => "superlative: an inclusive lower bound",
            Rule::FewerThan => "comparative: a strict upper bound",
            Rule::AtMost | Rule::AsManyAs | Rule::UpTo => "an inclusive upper bound",
            Rule::About => {
                "X ± max(half the rounding unit of X, tolerance × X): a rounded number stands for what rounds to it"
            }
            Rule::Nearly => "just below X: the lower half of \"about X\", X excluded",
            Rule::Exactly => "the point X",
            Rule::Between => "the closed range; a scale word on the high end applies to both ends",
            Rule::LeadIn => "a lead-in: the number that follows is read as it stands",
            Rule::OrMore => "X included, unbounded above",
            Rule::OrFewer => "X included, unbounded below",
            Rule::Zero => "a denial: the point 0",
            Rule::Vague(_) => "a vague quantity",
            Rule::Label(_) => "names the hedge of the explicit interval that follows",
        }
    }

    /// Whether the rule stands after the number.
    pub fn is_suffix(&self) -> bool {
        matches!(self, Rule::OrMore | Rule::OrFewer)
    }
}

/// The range a vague phrase stands for, with an optional best value.
///
/// `scalable` phrases take a scale word after them: "several" is [3, 9] and "several thousand"
/// [3,000, 9,000].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VagueRange {
    low: f64,
    high: f64,
    best: Option<f64>,
    scalable: bool,
}

impl VagueRange {
    /// The range `[low, high]`, checked to be finite and non-empty.
    ///
    /// ```
    /// use sourced::VagueRange;
    /// let scores = VagueRange::new(40.0, 99.0)?;
    /// assert_eq!(scores.low(), 40.0);
    /// assert!(VagueRange::new(5.0, 1.0).is_err());
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(low: f64, high: f64) -> Result<Self, ValueError> {
        crate::interval::Interval::closed(low, high)?;
        Ok(VagueRange {
            low,
            high,
            best: None,
            scalable: false,
        })
    }

    /// With a best value, which must lie in the range.
    pub fn with_best(mut self, best: f64) -> Result<Self, ValueError> {
        if !(best >= self.low && best <= self.high) {
            return Err(ValueError::BestOutsideInterval {
                best,
                interval: format!("[{}, {}]", self.low, self.high),
            });
        }
        self.best = Some(best);
        Ok(self)
    }

    /// Taking a scale word after it ("several *thousand*") when `scalable`.
    pub fn scalable(mut self, scalable: bool) -> Self {
        self.scalable = scalable;
        self
    }

    /// The low end.
    pub fn low(&self) -> f64 {
        self.low
    }

    /// The high end.
    pub fn high(&self) -> f64 {
        self.high
    }

    /// The best value, if the lexicon gives one.
    pub fn best(&self) -> Option<f64> {
        self.best
    }

    /// Whether a scale word may follow.
    pub fn is_scalable(&self) -> bool {
        self.scalable
    }

    /// The vague range for the standard and conservative data (literal values known valid).
    const fn of(low: f64, high: f64, best: Option<f64>, scalable: bool) -> Self {
        VagueRange {
            low,
            high,
            best,
            scalable,
        }
    }
}

/// One phrase of a lexicon and its rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    phrase: String,
    pub(crate) tokens: Vec<String>,
    rule: Rule,
    note: Option<Cow<'static, str>>,
}

impl Entry {
    /// A phrase and its rule; the phrase is matched word by word, ignoring ASCII case and the
    /// amount of white space.
    pub(crate) fn new(phrase: &str, rule: Rule, note: Option<Cow<'static, str>>) -> Self {
        let mut tokens = Vec::new();
        let mut pos = 0;
        loop {
            let t = super::token::token_at(phrase, pos);
            if t.kind == super::token::Kind::End {
                break;
            }
            tokens.push(t.text.to_ascii_lowercase());
            pos = t.end;
        }
        Entry {
            phrase: phrase.trim().to_owned(),
            tokens,
            rule,
            note,
        }
    }

    /// The phrase as written in the lexicon.
    pub fn phrase(&self) -> &str {
        &self.phrase
    }

    /// Its rule.
    pub fn rule(&self) -> Rule {
        self.rule
    }

    /// Why it means what it means.
    pub fn why(&self) -> &str {
        self.note.as_deref().unwrap_or_else(|| self.rule.why())
    }
}

/// The default tolerance of the approximators: 5 %.
///
/// Below 1/18 ≈ 5.6 %, so that for every number stated to one significant digit (half its
/// rounding unit is at least 1/18 of it) the rounding unit decides: "about 600,000" is
/// [550,000, 650,000], "about 3,000" is [2,500, 3,500]. For numbers stated more precisely it
/// is the floor of the hedge: "about 151,234" is ±7,562, not ±0.5, since a source that says
/// "about" claims less than the precision of its digits.
pub const ABOUT_TOLERANCE: f64 = 0.05;

type Row = (&'static str, Rule);

const LEAD_INS: &[&str] = &[
    "at",
    "a total of",
    "totalling",
    "totaling",
    "numbering",
    "sent",
    "deployed",
];

const HEDGES: &[Row] = &[
    ("more than", Rule::MoreThan),
    ("over", Rule::MoreThan),
    ("above", Rule::MoreThan),
    ("exceeding", Rule::MoreThan),
    ("in excess of", Rule::MoreThan),
    ("greater than", Rule::MoreThan),
    (">", Rule::MoreThan),
    ("at least", Rule::AtLeast),
    ("no fewer than", Rule::AtLeast),
    ("no less than", Rule::AtLeast),
    ("not fewer than", Rule::AtLeast),
    ("not less than", Rule::AtLeast),
    ("a minimum of", Rule::AtLeast),
    ("≥", Rule::AtLeast),
    (">=", Rule::AtLeast),
    ("fewer than", Rule::FewerThan),
    ("less than", Rule::FewerThan),
    ("under", Rule::FewerThan),
    ("below", Rule::FewerThan),
    ("<", Rule::FewerThan),
    ("at most", Rule::AtMost),
    ("no more than", Rule::AtMost),
    ("not more than", Rule::AtMost),
    ("a maximum of", Rule::AtMost),
    ("≤", Rule::AtMost),
    ("<=", Rule::AtMost),
    ("as many as", Rule::AsManyAs),
    ("as much as", Rule::AsManyAs),
    ("as high as", Rule::AsManyAs),
    ("up to", Rule::UpTo),
    ("about", Rule::About),
    ("around", Rule::About),
    ("roughly", Rule::About),
    ("approximately", Rule::About),
    ("approx.", Rule::About),
    ("some", Rule::About),
    ("an estimated", Rule::About),
    ("circa", Rule::About),
    ("c.", Rule::About),
    ("ca.", Rule::About),
    ("~", Rule::About),
    ("≈", Rule::About),
    ("more or less", Rule::About),
    ("of the order of", Rule::About),
    ("on the order of", Rule::About),
    ("in the region of", Rule::About),
    ("nearly", Rule::Nearly),
    ("almost", Rule::Nearly),
    ("close to", Rule::Nearly),
    ("approaching", Rule::Nearly),
    ("just under", Rule::Nearly),
    ("just below", Rule::Nearly),
    ("exactly", Rule::Exactly),
    ("precisely", Rule::Exactly),
    ("between", Rule::Between),
    ("from", Rule::Between),
    ("or more", Rule::OrMore),
    ("or over", Rule::OrMore),
    ("or above", Rule::OrMore),
    ("and above", Rule::OrMore),
    ("and over", Rule::OrMore),
    ("plus", Rule::OrMore),
    ("+", Rule::OrMore),
    ("or fewer", Rule::OrFewer),
    ("or less", Rule::OrFewer),
    ("or under", Rule::OrFewer),
    ("or below", Rule::OrFewer),
    ("and below", Rule::OrFewer),
    ("and under", Rule::OrFewer),
    ("no", Rule::Zero),
    ("none", Rule::Zero),
    ("ci", Rule::Label(Hedge::ConfidenceInterval)),
    (
        "confidence interval",
        Rule::Label(Hedge::ConfidenceInterval),
    ),
    ("range", Rule::Label(Hedge::StatedRange)),
    ("±", Rule::Label(Hedge::PlusMinus)),
    ("vaguely", Rule::Label(Hedge::Vague)),
];

const PLURAL: &str = "plural of a unit: at least two of it, fewer than ten (else the next unit)";
const LOWEST: &str = "ACLED: the lowest customary figure is the best value";

/// Vague phrases of the standard lexicon: (phrase, range, why).
const STANDARD_VAGUE: &[(&str, VagueRange, &str)] = &[
    ("tens", VagueRange::of(20.0, 99.0, None, false), PLURAL),
    ("dozens", VagueRange::of(24.0, 99.0, None, false), PLURAL),
    (
        "hundreds",
        VagueRange::of(200.0, 999.0, None, false),
        PLURAL,
    ),
    (
        "thousands",
        VagueRange::of(2e3, 9_999.0, None, false),
        PLURAL,
    ),
    (
        "tens of thousands",
        VagueRange::of(2e4, 99_999.0, None, false),
        PLURAL,
    ),
    (
        "hundreds of thousands",
        VagueRange::of(2e5, 999_999.0, None, false),
        PLURAL,
    ),
    (
        "millions",
        VagueRange::of(2e6, 9_999_999.0, None, false),
        PLURAL,
    ),
    (
        "tens of millions",
        VagueRange::of(2e7, 99_999_999.0, None, false),
        PLURAL,
    ),
    (
        "hundreds of millions",
        VagueRange::of(2e8, 999_999_999.0, None, false),
        PLURAL,
    ),
    (
        "billions",
        VagueRange::of(2e9, 9_999_999_999.0, None, false),
        PLURAL,
    ),
    (
        "several",
        VagueRange::of(3.0, 9.0, None, true),
        "more than a couple, fewer than ten; a scale word multiplies both ends",
    ),
    (
        "a few",
        VagueRange::of(2.0, 5.0, None, true),
        "a small number, from two to five; a scale word multiplies both ends",
    ),
    (
        "a couple",
        VagueRange::of(2.0, 3.0, None, true),
        "two, loosely three; a scale word multiplies both ends",
    ),
    (
        "a handful",
        VagueRange::of(2.0, 5.0, None, false),
        "as many as one hand counts: two to five",
    ),
    (
        "a dozen",
        VagueRange::of(10.0, 14.0, Some(12.0), false),
        "a round count near twelve: 12 give or take two",
    ),
];

/// Vague phrases of the conservative lexicon, after ACLED's fatality coding rules.
const CONSERVATIVE_VAGUE: &[(&str, VagueRange, &str)] = &[
    (
        "tens",
        VagueRange::of(10.0, 99.0, Some(10.0), false),
        LOWEST,
    ),
    (
        "dozens",
        VagueRange::of(12.0, 99.0, Some(12.0), false),
        LOWEST,
    ),
    (
        "hundreds",
        VagueRange::of(100.0, 999.0, Some(100.0), false),
        LOWEST,
    ),
    (
        "thousands",
        VagueRange::of(1e3, 9_999.0, Some(1e3), false),
        LOWEST,
    ),
    (
        "tens of thousands",
        VagueRange::of(1e4, 99_999.0, Some(1e4), false),
        LOWEST,
    ),
    (
        "hundreds of thousands",
        VagueRange::of(1e5, 999_999.0, Some(1e5), false),
        LOWEST,
    ),
    (
        "millions",
        VagueRange::of(1e6, 9_999_999.0, Some(1e6), false),
        LOWEST,
    ),
    (
        "tens of millions",
        VagueRange::of(1e7, 99_999_999.0, Some(1e7), false),
        LOWEST,
    ),
    (
        "hundreds of millions",
        VagueRange::of(1e8, 999_999_999.0, Some(1e8), false),
        LOWEST,
    ),
    (
        "billions",
        VagueRange::of(1e9, 9_999_999_999.0, Some(1e9), false),
        LOWEST,
    ),
    ("several", VagueRange::of(3.0, 9.0, Some(3.0), true), LOWEST),
    ("a few", VagueRange::of(2.0, 5.0, Some(2.0), true), LOWEST),
    (
        "a couple",
        VagueRange::of(2.0, 3.0, Some(2.0), true),
        LOWEST,
    ),
    (
        "a handful",
        VagueRange::of(2.0, 5.0, Some(2.0), false),
        LOWEST,
    ),
    (
        "a dozen",
        VagueRange::of(10.0, 14.0, Some(10.0), false),
        LOWEST,
    ),
];

/// The entries of a lexicon: lead-ins, hedges, then the vague phrases given.
pub(crate) fn entries(vague: &'static [(&'static str, VagueRange, &'static str)]) -> Vec<Entry> {
    LEAD_INS
        .iter()
        .map(|p| Entry::new(p, Rule::LeadIn, None))
        .chain(HEDGES.iter().map(|&(p, r)| Entry::new(p, r, None)))
        .chain(
            vague
                .iter()
                .map(|&(p, v, why)| Entry::new(p, Rule::Vague(v), Some(Cow::Borrowed(why)))),
        )
        .collect()
}

/// The standard lexicon's entries.
pub(crate) fn standard() -> Vec<Entry> {
    entries(STANDARD_VAGUE)
}

/// The conservative lexicon's entries.
pub(crate) fn conservative() -> Vec<Entry> {
    entries(CONSERVATIVE_VAGUE)
}
