//! Estimates back to text: `Display` that round-trips, and the lexicon table for the docs.

use std::fmt::{self, Write as _};

use super::table::Rule;
use super::{Lexicon, standard};
use crate::estimate::{Estimate, Hedge};
use crate::interval::{Bound, Interval};
use crate::quantity::{Domain, Quantity};

/// A number as a phrase writes it: integers below 10¹⁵ with thousands separators
/// (`600,000`), others in Rust's shortest round-trip form (`0.25`, `1e-300`). Reading it back
/// gives the same `f64`.
pub(crate) fn number(v: f64, grouped: bool) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        // Exact: |v| < 2^53.
        let n = v as i64;
        let digits = n.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if n < 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if grouped && i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        return out;
    }
    let plain = format!("{v}");
    if plain.len() <= 24 {
        plain
    } else {
        format!("{v:e}")
    }
}

/// The interval in mathematical notation, numbers in full precision.
fn notation(i: &Interval) -> String {
    let mut s = String::new();
    match i.low() {
        Bound::Unbounded => s.push_str("(-∞"),
        Bound::Closed(v) => {
            s.push('[');
            s.push_str(&number(v.get(), false));
        }
        Bound::Open(v) => {
            s.push('(');
            s.push_str(&number(v.get(), false));
        }
    }
    s.push_str(", ");
    match i.high() {
        Bound::Unbounded => s.push_str("∞)"),
        Bound::Closed(v) => {
            s.push_str(&number(v.get(), false));
            s.push(']');
        }
        Bound::Open(v) => {
            s.push_str(&number(v.get(), false));
            s.push(')');
        }
    }
    s
}

/// The plain-words form of an estimate, if it has one that reads back the same.
fn natural(e: &Estimate) -> Option<String> {
    let i = e.interval();
    let n = |v: f64| number(v, true);
    let (lo, hi) = (i.low_value(), i.high_value());
    let phrase = match e.hedge() {
        Hedge::Exact => n(e.best()?),
        Hedge::MoreThan => format!("more than {}", n(lo?)),
        Hedge::AtLeast => format!("at least {}", n(lo?)),
        Hedge::OrMore => format!("{} or more", n(lo?)),
        Hedge::FewerThan => format!("fewer than {}", n(hi?)),
        Hedge::AtMost => format!("at most {}", n(hi?)),
        Hedge::AsManyAs => format!("as many as {}", n(hi?)),
        Hedge::UpTo => format!("up to {}", n(hi?)),
        Hedge::OrFewer => format!("{} or fewer", n(hi?)),
        Hedge::About => format!("about {}", n(e.best()?)),
        Hedge::Nearly => format!("nearly {}", n(hi?)),
        Hedge::Between => format!("between {} and {}", n(lo?), n(hi?)),
        Hedge::ConfidenceInterval => match e.level() {
            Some(level) => format!(
                "{} ({}% CI {} to {})",
                n(e.best()?),
                number(level * 100.0, false),
                n(lo?),
                n(hi?)
            ),
            None => format!("{} (CI {} to {})", n(e.best()?), n(lo?), n(hi?)),
        },
        Hedge::StatedRange => format!("{} (range {} to {})", n(e.best()?), n(lo?), n(hi?)),
        Hedge::PlusMinus => {
            let best = e.best()?;
            format!("{} ± {}", n(best), n(hi? - best))
        }
        Hedge::Vague => vague_phrase(lo?, hi?)?,
        Hedge::AboutOrMore | Hedge::AtLeastAbout | Hedge::Explicit => return None,
    };
    let back = standard().read(&phrase).ok()?;
    back.estimate().same_meaning(e).then_some(phrase)
}

/// The scale words a scalable vague phrase may carry ("several *thousand*").
const SCALES: [(f64, &str); 7] = [
    (1.0, ""),
    (12.0, " dozen"),
    (100.0, " hundred"),
    (1e3, " thousand"),
    (1e6, " million"),
    (1e9, " billion"),
    (1e12, " trillion"),
];

/// The standard vague phrase for `[lo, hi]`, if there is one: "dozens", "several thousand".
fn vague_phrase(lo: f64, hi: f64) -> Option<String> {
    standard().entries().iter().find_map(|entry| {
        let Rule::Vague(v) = entry.rule() else {
            return None;
        };
        SCALES
            .iter()
            .filter(|(scale, _)| *scale == 1.0 || v.is_scalable())
            .find(|(scale, _)| v.low() * scale == lo && v.high() * scale == hi)
            .map(|(_, word)| format!("{}{word}", entry.phrase()))
    })
}

/// The words that name a hedge before (and after) an explicit interval.
fn labels(h: Hedge) -> (&'static str, &'static str) {
    match h {
        Hedge::Exact => ("exactly ", ""),
        Hedge::MoreThan => ("more than ", ""),
        Hedge::AtLeast => ("at least ", ""),
        Hedge::FewerThan => ("fewer than ", ""),
        Hedge::AtMost => ("at most ", ""),
        Hedge::AsManyAs => ("as many as ", ""),
        Hedge::UpTo => ("up to ", ""),
        Hedge::OrMore => ("", " or more"),
        Hedge::OrFewer => ("", " or fewer"),
        Hedge::About => ("about ", ""),
        Hedge::AboutOrMore => ("about ", " or more"),
        Hedge::AtLeastAbout => ("at least about ", ""),
        Hedge::Nearly => ("nearly ", ""),
        Hedge::Between => ("between ", ""),
        Hedge::ConfidenceInterval => ("CI ", ""),
        Hedge::StatedRange => ("range ", ""),
        Hedge::PlusMinus => ("± ", ""),
        Hedge::Vague => ("vaguely ", ""),
        Hedge::Explicit => ("", ""),
    }
}

/// Says the estimate in words where plain words read back exactly ("more than 3,000",
/// "about 600,000", "151,000 (95% CI 104,000 to 223,000)"), and otherwise as the hedge in
/// words and the interval in symbols, with the best value and level when there are any
/// ("as many as [0, 10000]", "about [550000, 650000] best 600000",
/// "CI [104000, 223000] best 151000 level 0.95"). Either form reads back, with the
/// standard lexicon, to an estimate of the [same meaning](Estimate::same_meaning).
///
/// ```
/// use sourced::{Estimate, Interval};
/// let e: Estimate = "about 600,000".parse()?;
/// assert_eq!(e.to_string(), "about 600,000");
/// let count = Estimate::new(Interval::closed(0.0, 10_000.0)?).with_hedge(sourced::Hedge::AsManyAs);
/// assert_eq!(count.to_string(), "as many as [0, 10000]");
/// assert!(count.to_string().parse::<Estimate>()?.same_meaning(&count));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl fmt::Display for Estimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(words) = natural(self) {
            return f.write_str(&words);
        }
        let (before, after) = labels(self.hedge());
        write!(f, "{before}{}{after}", notation(self.interval()))?;
        if let Some(best) = self.best() {
            write!(f, " best {}", number(best, false))?;
        }
        if let Some(level) = self.level() {
            write!(f, " level {}", number(level, false))?;
        }
        Ok(())
    }
}

/// A short name of a rule for the table.
fn rule_name(r: &Rule) -> String {
    match r {
        Rule::MoreThan => "more than".into(),
        Rule::AtLeast => "at least".into(),
        Rule::FewerThan => "fewer than".into(),
        Rule::AtMost => "at most".into(),
        Rule::AsManyAs => "as many as".into(),
        Rule::UpTo => "up to".into(),
        Rule::About => "about".into(),
        Rule::Nearly => "nearly".into(),
        Rule::Exactly => "exactly".into(),
        Rule::Between => "range".into(),
        Rule::LeadIn => "lead-in".into(),
        Rule::OrMore => "or more".into(),
        Rule::OrFewer => "or fewer".into(),
        Rule::Zero => "zero".into(),
        Rule::Vague(v) if v.is_scalable() => "vague, scalable".into(),
        Rule::Vague(_) => "vague".into(),
        Rule::Label(h) => format!("label ({})", labels(*h).0.trim()),
    }
}

/// An example phrase for an entry.
fn example(phrase: &str, rule: &Rule) -> String {
    match rule {
        Rule::About | Rule::Nearly => format!("{phrase} 600,000"),
        Rule::Between if phrase.eq_ignore_ascii_case("between") => {
            format!("{phrase} 3,000 and 10,000")
        }
        Rule::Between => format!("{phrase} 3,000 to 10,000"),
        Rule::OrMore | Rule::OrFewer => format!("3,000 {phrase}"),
        Rule::Zero => phrase.to_owned(),
        Rule::Vague(v) if v.is_scalable() => format!("{phrase} thousand"),
        Rule::Vague(_) => phrase.to_owned(),
        Rule::Label(_) => format!("{phrase} [3000, 10000]"),
        _ => format!("{phrase} 3,000"),
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// The lexicon as a Markdown table, each example read by the lexicon itself for a count.
pub(crate) fn markdown_table(lex: &Lexicon) -> String {
    let count = Quantity::undeclared("count")
        .map(|q| q.with_domain(Domain::Count))
        .ok();
    let mut s = String::new();
    let _ = writeln!(s, "### Lexicon `{}`", lex.name());
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Approximator tolerance {} (see `ABOUT_TOLERANCE`). Each example is read by the lexicon \
         for a count, so an open low side is 0. Generated by `Lexicon::markdown_table`.",
        number(lex.about_tolerance(), false)
    );
    let _ = writeln!(s);
    let _ = writeln!(s, "| phrase | rule | example | interval | best | why |");
    let _ = writeln!(s, "|---|---|---|---|---|---|");
    for entry in lex.entries() {
        let ex = example(entry.phrase(), &entry.rule());
        let (interval, best) = match count.as_ref().map(|q| lex.parse(&ex, q)) {
            Some(Ok(e)) => (
                e.interval().to_string(),
                e.best().map_or_else(|| "—".to_owned(), |b| number(b, true)),
            ),
            Some(Err(err)) => (format!("error: {err}"), "—".to_owned()),
            None => ("—".to_owned(), "—".to_owned()),
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | `{}` | {} | {} |",
            cell(entry.phrase()),
            cell(&rule_name(&entry.rule())),
            cell(&ex),
            interval,
            best,
            cell(entry.why())
        );
    }
    s
}
