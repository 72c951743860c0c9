//! The phrase grammar: lead-ins, a hedge, a number (or a range, a vague word, an explicit
//! interval), stated uncertainty, a suffix and trailing nouns, to an interval.
//!
//! Recursive descent with a fixed look-ahead: every step consumes at least one token or
//! stops, so the parse is linear in the length of the text.

use super::number::{Context, Number, is_number_word, number_at, scale_word};
use super::table::{Rule, VagueRange};
use super::token::{Kind, Token, Tokens};
use super::{Lexicon, ParseError, ParseErrorKind};
use crate::estimate::Hedge;
use crate::interval::{Bound, Interval};
use crate::value::Finite;

/// What a phrase says, before the quantity's domain is applied.
#[derive(Clone, Debug)]
pub(crate) struct Parsed {
    pub interval: Interval,
    pub best: Option<f64>,
    pub level: Option<f64>,
    pub hedge: Hedge,
    /// Byte span of the trailing noun ("troops").
    pub noun: Option<(usize, usize)>,
    pub percent: bool,
    /// Where the best value was read (for errors).
    pub best_at: (usize, usize),
}

fn err(kind: ParseErrorKind, t: &Token<'_>, expected: &str) -> ParseError {
    ParseError::new(kind, t.start, t.text, expected)
}

fn span_err(
    kind: ParseErrorKind,
    toks: &Tokens<'_>,
    (start, end): (usize, usize),
    expected: &str,
) -> ParseError {
    ParseError::new(
        kind,
        start,
        toks.text().get(start..end).unwrap_or(""),
        expected,
    )
}

fn finite(v: f64) -> Option<Finite> {
    Finite::new(v).ok()
}

/// Builds an interval from plain ends, an error at `at` when a value overflows.
fn interval(
    toks: &Tokens<'_>,
    at: (usize, usize),
    low: Bound,
    high: Bound,
) -> Result<Interval, ParseError> {
    Interval::new(low, high).map_err(|e| {
        span_err(
            ParseErrorKind::OutOfRange,
            toks,
            at,
            &format!("a number whose interval can be formed ({e})"),
        )
    })
}

fn closed(toks: &Tokens<'_>, at: (usize, usize), v: f64) -> Result<Bound, ParseError> {
    finite(v).map(Bound::Closed).ok_or_else(|| {
        span_err(
            ParseErrorKind::OutOfRange,
            toks,
            at,
            "a number whose bounds stay within the range of a 64-bit float",
        )
    })
}

fn open(toks: &Tokens<'_>, at: (usize, usize), v: f64) -> Result<Bound, ParseError> {
    finite(v).map(Bound::Open).ok_or_else(|| {
        span_err(
            ParseErrorKind::OutOfRange,
            toks,
            at,
            "a number whose bounds stay within the range of a 64-bit float",
        )
    })
}

/// The prefix of a phrase, after any lead-ins.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Prefix {
    None,
    Rule(Rule),
    AtLeastAbout,
}

/// Reads a whole phrase.
pub(crate) fn parse(lex: &Lexicon, text: &str) -> Result<Parsed, ParseError> {
    let mut toks = Tokens::unscanned(text);
    toks.scan();
    let toks = &toks;
    let first = toks.at(0);
    if first.kind == Kind::End {
        return Err(err(
            ParseErrorKind::Empty,
            &first,
            "a number or a hedge word (the text is empty)",
        ));
    }
    let mut pos = 0;
    let mut found = lex.rule_at(toks, pos);
    while let Some((Rule::LeadIn, end)) = found {
        pos = end;
        found = lex.rule_at(toks, pos);
    }
    let mut prefix = Prefix::None;
    let prefix_tok = toks.at(pos);
    if let Some((rule, end)) = found {
        match rule {
            Rule::Zero => return zero(lex, toks, end),
            Rule::Vague(v) => return vague(lex, toks, pos, end, v),
            Rule::OrMore | Rule::OrFewer | Rule::LeadIn => {
                return Err(err(
                    ParseErrorKind::Unexpected,
                    &prefix_tok,
                    "a number or a hedge word before the number",
                ));
            }
            Rule::AtLeast => {
                prefix = Prefix::Rule(rule);
                pos = end;
                if let Some((Rule::About, end2)) = lex.rule_at(toks, pos) {
                    prefix = Prefix::AtLeastAbout;
                    pos = end2;
                }
            }
            _ => {
                prefix = Prefix::Rule(rule);
                pos = end;
            }
        }
    }
    let t = toks.at(pos);
    if t.kind == Kind::Symbol && (t.text == "[" || t.text == "(") {
        return explicit(lex, toks, pos, prefix, &prefix_tok);
    }
    let ctx = Context {
        and_ends_number: prefix == Prefix::Rule(Rule::Between),
    };
    let Some(x) = number_at(toks, pos, ctx)? else {
        return Err(expected_number(&t, prefix));
    };
    if let Prefix::Rule(Rule::Label(_)) = prefix {
        return Err(err(
            ParseErrorKind::Unexpected,
            &t,
            "an explicit interval such as [3000, 10000] after a hedge label",
        ));
    }
    pos = x.end;
    let x_at = (x.start, x.end);

    if prefix == Prefix::Rule(Rule::Between) {
        let Some(after) = separator(toks, pos, true) else {
            return Err(err(
                ParseErrorKind::Unexpected,
                &toks.at(pos),
                "\"and\", \"to\" or a dash between the two ends of the range",
            ));
        };
        return range(lex, toks, after, x, x_at);
    }
    if prefix == Prefix::None
        && let Some(after) = separator(toks, pos, false)
    {
        return range(lex, toks, after, x, x_at);
    }

    let tail = tail(
        lex,
        toks,
        pos,
        if prefix == Prefix::None {
            Some(&x)
        } else {
            None
        },
    )?;
    if let Some(u) = tail.uncertainty {
        return Ok(Parsed {
            interval: u.interval,
            best: Some(x.value),
            level: u.level,
            hedge: u.hedge,
            noun: tail.noun,
            percent: x.percent,
            best_at: x_at,
        });
    }
    let v = x.value;
    let half = (x.unit / 2.0).max(lex.about_tolerance() * v.abs());
    let b = |v: f64| closed(toks, x_at, v);
    let o = |v: f64| open(toks, x_at, v);
    let (hedge, low, high, best) = match (prefix, tail.suffix.map(|(r, _)| r)) {
        (Prefix::None, None) | (Prefix::Rule(Rule::Exactly), None) => {
            (Hedge::Exact, b(v)?, b(v)?, Some(v))
        }
        (Prefix::None, Some(Rule::OrMore)) => (Hedge::OrMore, b(v)?, Bound::Unbounded, None),
        (Prefix::None, Some(_)) => (Hedge::OrFewer, Bound::Unbounded, b(v)?, None),
        (Prefix::Rule(Rule::About), None) => (Hedge::About, b(v - half)?, b(v + half)?, Some(v)),
        (Prefix::Rule(Rule::About), Some(Rule::OrMore)) => {
            (Hedge::AboutOrMore, b(v - half)?, Bound::Unbounded, None)
        }
        (Prefix::AtLeastAbout, None) => (Hedge::AtLeastAbout, b(v - half)?, Bound::Unbounded, None),
        (Prefix::Rule(Rule::Nearly), None) => (Hedge::Nearly, b(v - half)?, o(v)?, None),
        (Prefix::Rule(Rule::MoreThan), None) => (Hedge::MoreThan, o(v)?, Bound::Unbounded, None),
        (Prefix::Rule(Rule::AtLeast), None) => (Hedge::AtLeast, b(v)?, Bound::Unbounded, None),
        (Prefix::Rule(Rule::FewerThan), None) => (Hedge::FewerThan, Bound::Unbounded, o(v)?, None),
        (Prefix::Rule(Rule::AtMost), None) => (Hedge::AtMost, Bound::Unbounded, b(v)?, None),
        (Prefix::Rule(Rule::AsManyAs), None) => (Hedge::AsManyAs, Bound::Unbounded, b(v)?, None),
        (Prefix::Rule(Rule::UpTo), None) => (Hedge::UpTo, Bound::Unbounded, b(v)?, None),
        (_, Some(_)) => {
            let at = tail.suffix.map(|(_, t)| t).unwrap_or(x_at);
            return Err(span_err(
                ParseErrorKind::Unexpected,
                toks,
                at,
                "the end of the phrase (this hedge cannot be combined with \"or more\"/\"or fewer\")",
            ));
        }
        (_, None) => {
            return Err(span_err(
                ParseErrorKind::Unexpected,
                toks,
                (prefix_tok.start, prefix_tok.end),
                "a hedge word that can stand before a number",
            ));
        }
    };
    Ok(Parsed {
        interval: interval(toks, x_at, low, high)?,
        best,
        level: None,
        hedge,
        noun: tail.noun,
        percent: x.percent,
        best_at: x_at,
    })
}

fn expected_number(t: &Token<'_>, prefix: Prefix) -> ParseError {
    match (t.kind, prefix) {
        (Kind::Word, Prefix::None) => err(
            ParseErrorKind::UnknownWord,
            t,
            "a number or a hedge word (\"more than\", \"about\", \"as many as\", …)",
        ),
        (Kind::Word, _) => err(ParseErrorKind::UnknownWord, t, "a number"),
        (Kind::End, _) => err(ParseErrorKind::Unexpected, t, "a number"),
        _ => err(ParseErrorKind::Unexpected, t, "a number or a hedge word"),
    }
}

/// A range separator at `pos` ("to", a dash, and "and" inside "between"); the position after it.
fn separator(toks: &Tokens<'_>, pos: usize, and_allowed: bool) -> Option<usize> {
    let t = toks.at(pos);
    let ok = match t.kind {
        Kind::Word => t.is("to") || (and_allowed && t.is("and")),
        Kind::Symbol => t.is_symbol_in(&["-", "–", "—", "‒", "−"]),
        _ => false,
    };
    ok.then_some(t.end)
}

/// The second end of a range starting with `first`: the scale word and percent sign of the
/// second end apply to the first when it has none ("10–12 thousand", "3–5%").
/// The rest of a range whose first end `x` (at `x_at`) is read and whose separator ends at
/// `after`: "between X and Y" and "X–Y" both finish here.
fn range(
    lex: &Lexicon,
    toks: &Tokens<'_>,
    after: usize,
    x: Number,
    x_at: (usize, usize),
) -> Result<Parsed, ParseError> {
    let (lo, hi, end) = second_end(toks, after, x)?;
    let tail = tail(lex, toks, end, None)?;
    if let Some((_, t)) = tail.suffix {
        return Err(span_err(
            ParseErrorKind::Unexpected,
            toks,
            t,
            "the end of the range (a range takes no \"or more\")",
        ));
    }
    Ok(Parsed {
        interval: interval(
            toks,
            x_at,
            closed(toks, x_at, lo.value)?,
            closed(toks, x_at, hi.value)?,
        )?,
        best: None,
        level: None,
        hedge: Hedge::Between,
        noun: tail.noun,
        percent: lo.percent,
        best_at: x_at,
    })
}

fn second_end(
    toks: &Tokens<'_>,
    pos: usize,
    first: Number,
) -> Result<(Number, Number, usize), ParseError> {
    let t = toks.at(pos);
    let Some(second) = number_at(
        toks,
        pos,
        Context {
            and_ends_number: false,
        },
    )?
    else {
        return Err(if t.kind == Kind::Word {
            err(
                ParseErrorKind::UnknownWord,
                &t,
                "a number: the high end of the range",
            )
        } else {
            err(
                ParseErrorKind::Unexpected,
                &t,
                "a number: the high end of the range",
            )
        });
    };
    let mut lo = first;
    if lo.scale == 1.0 && second.scale > 1.0 && lo.value <= second.mantissa() {
        lo = lo.rescaled(second.scale);
    }
    if second.percent && !lo.percent {
        lo.percent = true;
    } else if lo.percent && !second.percent {
        return Err(span_err(
            ParseErrorKind::Unexpected,
            toks,
            (second.start, second.end),
            "a percentage, as the low end is one",
        ));
    }
    if lo.value > second.value {
        return Err(span_err(
            ParseErrorKind::InvertedRange,
            toks,
            (second.start, second.end),
            &format!("a high end at or above the low end {}", lo.value),
        ));
    }
    Ok((lo, second, second.end))
}

/// A stated uncertainty: the interval, level and hedge it gives.
#[derive(Clone, Copy, Debug)]
struct Uncertainty {
    interval: Interval,
    level: Option<f64>,
    hedge: Hedge,
}

/// What follows the number: stated uncertainty, a suffix, a noun.
#[derive(Clone, Copy, Debug, Default)]
struct Tail {
    uncertainty: Option<Uncertainty>,
    suffix: Option<(Rule, (usize, usize))>,
    noun: Option<(usize, usize)>,
}

/// Symbols that may join the words of a noun: "U.S.-led", "Korea's", "killed/wounded".
const NOUN_JOINERS: &[&str] = &["-", "'", "’", ".", "/", "&"];

/// Reads the tail from `pos` to the end of the text. `x` is the number when stated uncertainty
/// may follow it.
fn tail(
    lex: &Lexicon,
    toks: &Tokens<'_>,
    mut pos: usize,
    x: Option<&Number>,
) -> Result<Tail, ParseError> {
    let mut out = Tail::default();
    let mut noun_open = true; // a noun may still start or grow
    loop {
        let t = toks.at(pos);
        if t.kind == Kind::End {
            return Ok(out);
        }
        if let Some(x) = x
            && out.uncertainty.is_none()
            && out.suffix.is_none()
            && let Some((u, end)) = uncertainty(toks, pos, x)?
        {
            out.uncertainty = Some(u);
            pos = end;
            noun_open = out.noun.is_none();
            continue;
        }
        if out.suffix.is_none()
            && out.uncertainty.is_none()
            && let Some((rule, end)) = lex.suffix_at(toks, pos)
        {
            out.suffix = Some((rule, (t.start, end)));
            pos = end;
            noun_open = out.noun.is_none();
            continue;
        }
        if noun_open && t.kind == Kind::Word && !is_number_word(&t) {
            let start = out.noun.map_or(t.start, |(s, _)| s);
            out.noun = Some((start, t.end));
            pos = t.end;
            // Joiners inside the noun.
            loop {
                let mut j = toks.at(pos);
                let mut joined = false;
                while j.kind == Kind::Symbol && NOUN_JOINERS.contains(&j.text) {
                    joined = true;
                    j = toks.at(j.end);
                }
                if joined && j.kind == Kind::Word && !is_number_word(&j) {
                    out.noun = Some((start, j.end));
                    pos = j.end;
                } else {
                    break;
                }
            }
            continue;
        }
        // A sentence's full stop.
        if t.text == "." && toks.at(t.end).kind == Kind::End {
            return Ok(out);
        }
        let kind = if t.kind == Kind::Word && !is_number_word(&t) {
            ParseErrorKind::UnknownWord
        } else {
            ParseErrorKind::Unexpected
        };
        return Err(err(kind, &t, "the end of the phrase"));
    }
}

/// Stated uncertainty after the best value `x`: "± d", "(95% CI L–H)", "(range L–H)",
/// "(L–H)", ", with a range of L to H".
fn uncertainty(
    toks: &Tokens<'_>,
    pos: usize,
    x: &Number,
) -> Result<Option<(Uncertainty, usize)>, ParseError> {
    let t = toks.at(pos);
    let x_at = (x.start, x.end);
    // ± d
    let after_pm = if t.text == "±" {
        Some(t.end)
    } else if t.text == "+" {
        let s = toks.at(t.end);
        let m = toks.at(s.end);
        (s.text == "/" && m.text == "-").then_some(m.end)
    } else if t.is("plus") {
        let o = toks.at(t.end);
        let m = toks.at(o.end);
        (o.is("or") && m.is("minus")).then_some(m.end)
    } else {
        None
    };
    if let Some(p) = after_pm {
        let dt = toks.at(p);
        let Some(d) = number_at(toks, p, Context::default())? else {
            return Err(err(ParseErrorKind::Unexpected, &dt, "a number after ±"));
        };
        if d.value < 0.0 {
            return Err(span_err(
                ParseErrorKind::Unexpected,
                toks,
                (d.start, d.end),
                "a non-negative margin after ±",
            ));
        }
        if d.percent && !x.percent {
            return Err(span_err(
                ParseErrorKind::Unexpected,
                toks,
                (d.start, d.end),
                "a margin in the unit of the number (a relative margin is ambiguous)",
            ));
        }
        let i = interval(
            toks,
            x_at,
            closed(toks, x_at, x.value - d.value)?,
            closed(toks, x_at, x.value + d.value)?,
        )?;
        return Ok(Some((
            Uncertainty {
                interval: i,
                level: None,
                hedge: Hedge::PlusMinus,
            },
            d.end,
        )));
    }
    // ( … )
    let (mut p, hedge, level, closing) = if t.text == "(" {
        let mut p = t.end;
        let mut hedge = Hedge::StatedRange;
        let mut level = None;
        let first = toks.at(p);
        if let Some(n) = number_at(toks, p, Context::default())?
            && n.percent
        {
            let after = ci_words(toks, n.end).ok_or_else(|| {
                err(
                    ParseErrorKind::Unexpected,
                    &toks.at(n.end),
                    "\"CI\" or \"confidence interval\" after the level",
                )
            })?;
            if !(n.value > 0.0 && n.value < 100.0) {
                return Err(span_err(
                    ParseErrorKind::OutOfRange,
                    toks,
                    (n.start, n.end),
                    "a confidence level strictly between 0% and 100%",
                ));
            }
            level = Some(n.value / 100.0);
            hedge = Hedge::ConfidenceInterval;
            p = after;
        } else if let Some(after) = ci_words(toks, p) {
            hedge = Hedge::ConfidenceInterval;
            p = after;
        } else if first.is("range") {
            p = first.end;
        }
        (p, hedge, level, true)
    } else {
        // ", with a range of", "with a range of"
        let mut p = pos;
        if t.text == "," {
            p = t.end;
        }
        let with = toks.at(p);
        if !with.is("with") {
            return Ok(None);
        }
        let a = toks.at(with.end);
        let r = toks.at(a.end);
        let o = toks.at(r.end);
        if !(a.is("a") && r.is("range") && o.is("of")) {
            return Ok(None);
        }
        (o.end, Hedge::StatedRange, None, false)
    };
    // Optional ":" or "," before the range.
    let sep = toks.at(p);
    if sep.text == ":" || sep.text == "," {
        p = sep.end;
    }
    let lt = toks.at(p);
    let Some(lo) = number_at(toks, p, Context::default())? else {
        return Err(expected_number(&lt, Prefix::Rule(Rule::Between)));
    };
    let Some(after) = separator(toks, lo.end, !closing) else {
        return Err(err(
            ParseErrorKind::Unexpected,
            &toks.at(lo.end),
            "\"to\" or a dash between the two ends of the range",
        ));
    };
    let (lo, hi, mut end) = second_end(toks, after, lo)?;
    if closing {
        let c = toks.at(end);
        if c.text != ")" {
            return Err(err(
                ParseErrorKind::Unexpected,
                &c,
                "\")\" closing the stated uncertainty",
            ));
        }
        end = c.end;
    }
    let lo_at = (lo.start, lo.end);
    let i = interval(
        toks,
        lo_at,
        closed(toks, lo_at, lo.value)?,
        closed(toks, lo_at, hi.value)?,
    )?;
    if !i.contains(x.value) {
        return Err(span_err(
            ParseErrorKind::BestOutsideInterval,
            toks,
            x_at,
            &format!("a best value within its stated interval {i}"),
        ));
    }
    Ok(Some((
        Uncertainty {
            interval: i,
            level,
            hedge,
        },
        end,
    )))
}

/// "CI", "C.I.", "confidence interval" at `pos`: the position after.
fn ci_words(toks: &Tokens<'_>, pos: usize) -> Option<usize> {
    let t = toks.at(pos);
    if t.is("ci") {
        return Some(t.end);
    }
    if t.is("c") {
        let d1 = toks.at(t.end);
        let i = toks.at(d1.end);
        let d2 = toks.at(i.end);
        if d1.text == "." && i.is("i") && d2.text == "." {
            return Some(d2.end);
        }
    }
    if t.is("confidence") {
        let i = toks.at(t.end);
        if i.is("interval") {
            return Some(i.end);
        }
    }
    None
}

/// "no troops", "none": the point 0.
fn zero(lex: &Lexicon, toks: &Tokens<'_>, pos: usize) -> Result<Parsed, ParseError> {
    let tail = tail(lex, toks, pos, None)?;
    if let Some((_, t)) = tail.suffix {
        return Err(span_err(
            ParseErrorKind::Unexpected,
            toks,
            t,
            "the end of the phrase (a denial takes no \"or more\")",
        ));
    }
    Ok(Parsed {
        interval: Interval::point(0.0).unwrap_or_else(|_| Interval::everything()),
        best: Some(0.0),
        level: None,
        hedge: Hedge::Exact,
        noun: tail.noun,
        percent: false,
        best_at: (0, 0),
    })
}

/// "dozens", "several thousand", "hundreds of troops".
fn vague(
    lex: &Lexicon,
    toks: &Tokens<'_>,
    start: usize,
    mut pos: usize,
    v: VagueRange,
) -> Result<Parsed, ParseError> {
    let mut scale = 1.0;
    if v.is_scalable() {
        let t = toks.at(pos);
        if let Some(s) = scale_word(&t) {
            scale = s;
            pos = t.end;
        }
    }
    let of = toks.at(pos);
    if of.is("of") && toks.at(of.end).kind == Kind::Word {
        pos = of.end;
    }
    let tail = tail(lex, toks, pos, None)?;
    if let Some((_, t)) = tail.suffix {
        return Err(span_err(
            ParseErrorKind::Unexpected,
            toks,
            t,
            "the end of the phrase (a vague quantity takes no \"or more\")",
        ));
    }
    let at = (start, pos);
    let (lo, hi) = (v.low() * scale, v.high() * scale);
    Ok(Parsed {
        interval: interval(toks, at, closed(toks, at, lo)?, closed(toks, at, hi)?)?,
        best: v.best().map(|b| b * scale),
        level: None,
        hedge: Hedge::Vague,
        noun: tail.noun,
        percent: false,
        best_at: at,
    })
}

/// An explicit interval after an optional hedge: "[3000, 10000]", "more than (3000, ∞)",
/// "about [550000, 650000] best 600000", "CI [104000, 223000] best 151000 level 0.95".
fn explicit(
    lex: &Lexicon,
    toks: &Tokens<'_>,
    pos: usize,
    prefix: Prefix,
    prefix_tok: &Token<'_>,
) -> Result<Parsed, ParseError> {
    let open_tok = toks.at(pos);
    let low_open = open_tok.text == "(";
    let mut p = open_tok.end;
    let low = match infinity(toks, p, true) {
        Some(end) => {
            if !low_open {
                return Err(err(
                    ParseErrorKind::Unexpected,
                    &open_tok,
                    "\"(\" before -∞ (an infinite end is open)",
                ));
            }
            p = end;
            Bound::Unbounded
        }
        None => {
            let t = toks.at(p);
            let n = number_at(toks, p, Context::default())?
                .ok_or_else(|| expected_number(&t, Prefix::Rule(Rule::Between)))?;
            p = n.end;
            let at = (n.start, n.end);
            if low_open {
                open(toks, at, n.value)?
            } else {
                closed(toks, at, n.value)?
            }
        }
    };
    let comma = toks.at(p);
    if comma.text != "," {
        return Err(err(
            ParseErrorKind::Unexpected,
            &comma,
            "\",\" between the ends of the interval",
        ));
    }
    p = comma.end;
    let (high_value, high_at) = match infinity(toks, p, false) {
        Some(end) => {
            let at = (p, end);
            p = end;
            (None, at)
        }
        None => {
            let t = toks.at(p);
            let n = number_at(toks, p, Context::default())?
                .ok_or_else(|| expected_number(&t, Prefix::Rule(Rule::Between)))?;
            p = n.end;
            (Some(n.value), (n.start, n.end))
        }
    };
    let close = toks.at(p);
    let high_open = match close.text {
        ")" => true,
        "]" if high_value.is_some() => false,
        _ => {
            return Err(err(
                ParseErrorKind::Unexpected,
                &close,
                "\"]\" or \")\" closing the interval (\")\" after ∞)",
            ));
        }
    };
    p = close.end;
    let high = match high_value {
        None => Bound::Unbounded,
        Some(v) if high_open => open(toks, high_at, v)?,
        Some(v) => closed(toks, high_at, v)?,
    };
    let span = (open_tok.start, close.end);
    let i = Interval::new(low, high).map_err(|_| {
        span_err(
            ParseErrorKind::InvertedRange,
            toks,
            span,
            "a non-empty interval (low end below the high end)",
        )
    })?;
    // Suffix, best, level.
    let mut suffix = None;
    if let Some((rule, end)) = lex.suffix_at(toks, p) {
        suffix = Some(rule);
        p = end;
    }
    let mut best = None;
    let mut best_at = span;
    let t = toks.at(p);
    if t.is("best") {
        let nt = toks.at(t.end);
        let n = number_at(toks, t.end, Context::default())?
            .ok_or_else(|| expected_number(&nt, Prefix::Rule(Rule::Between)))?;
        best = Some(n.value);
        best_at = (n.start, n.end);
        p = n.end;
    }
    let mut level = None;
    let t = toks.at(p);
    if t.is("level") {
        let nt = toks.at(t.end);
        let n = number_at(toks, t.end, Context::default())?
            .ok_or_else(|| expected_number(&nt, Prefix::Rule(Rule::Between)))?;
        if !(n.value > 0.0 && n.value < 1.0) || n.percent {
            return Err(span_err(
                ParseErrorKind::OutOfRange,
                toks,
                (n.start, n.end),
                "a confidence level strictly between 0 and 1",
            ));
        }
        level = Some(n.value);
        p = n.end;
    }
    let end = toks.at(p);
    if end.kind != Kind::End {
        return Err(err(
            ParseErrorKind::Unexpected,
            &end,
            "the end of the phrase after an explicit interval",
        ));
    }
    let hedge = match (prefix, suffix) {
        (Prefix::None, None) => Hedge::Explicit,
        (Prefix::None, Some(Rule::OrMore)) => Hedge::OrMore,
        (Prefix::None, Some(_)) => Hedge::OrFewer,
        (Prefix::Rule(Rule::About), Some(Rule::OrMore)) => Hedge::AboutOrMore,
        (Prefix::AtLeastAbout, None) => Hedge::AtLeastAbout,
        (Prefix::Rule(r), None) => match r {
            Rule::MoreThan => Hedge::MoreThan,
            Rule::AtLeast => Hedge::AtLeast,
            Rule::FewerThan => Hedge::FewerThan,
            Rule::AtMost => Hedge::AtMost,
            Rule::AsManyAs => Hedge::AsManyAs,
            Rule::UpTo => Hedge::UpTo,
            Rule::About => Hedge::About,
            Rule::Nearly => Hedge::Nearly,
            Rule::Exactly => Hedge::Exact,
            Rule::Between => Hedge::Between,
            Rule::Label(h) => h,
            _ => {
                return Err(err(
                    ParseErrorKind::Unexpected,
                    prefix_tok,
                    "a hedge word that can stand before an interval",
                ));
            }
        },
        (_, Some(_)) => {
            return Err(err(
                ParseErrorKind::Unexpected,
                prefix_tok,
                "a hedge that can be combined with \"or more\"/\"or fewer\"",
            ));
        }
    };
    if let Some(b) = best
        && !i.contains(b)
    {
        return Err(span_err(
            ParseErrorKind::BestOutsideInterval,
            toks,
            best_at,
            &format!("a best value within {i}"),
        ));
    }
    Ok(Parsed {
        interval: i,
        best,
        level,
        hedge,
        noun: None,
        percent: false,
        best_at,
    })
}

/// "∞", "+∞", "-∞", "−∞", "inf": the position after it.
fn infinity(toks: &Tokens<'_>, pos: usize, negative: bool) -> Option<usize> {
    let t = toks.at(pos);
    let (sign_ok, t) = if t.is_symbol_in(&["-", "−"]) {
        (negative, toks.at(t.end))
    } else if t.text == "+" {
        (!negative, toks.at(t.end))
    } else {
        (!negative, t)
    };
    (sign_ok && (t.text == "∞" || t.is("inf") || t.is("infinity"))).then_some(t.end)
}
