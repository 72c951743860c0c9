//! The plain-text report: at most 100 columns, one section per question a reader asks.

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use super::{fit, interval, number, orders, ratio, width};
use crate::quantity::QuantityKind;
use crate::report::{ClaimRow, Pooled, QuantityReport, Report};

/// The widest line the text report writes.
pub(crate) const COLUMNS: usize = 100;

pub(crate) fn report(report: &Report, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    for (i, q) in report.quantities.iter().enumerate() {
        if i > 0 {
            writeln!(f)?;
        }
        quantity(q, f)?;
    }
    if report.quantities.is_empty() {
        writeln!(f, "No claims to reconcile.")?;
    }
    if !report.problems.is_empty() {
        writeln!(f)?;
        writeln!(
            f,
            "Left out: {} invalid record{}",
            report.problems.len(),
            plural(report.problems.len())
        )?;
        for p in &report.problems {
            wrapped(f, "  - ", "    ", &p.to_string())?;
        }
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Writes `text` after `first`, wrapped at [`COLUMNS`] on spaces, continuing after `rest`.
fn wrapped(f: &mut fmt::Formatter<'_>, first: &str, rest: &str, text: &str) -> fmt::Result {
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split(' ') {
        let word = fit(word, COLUMNS - width(rest));
        if !empty && width(&line) + 1 + width(&word) > COLUMNS {
            writeln!(f, "{line}")?;
            line = rest.to_owned();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(&word);
        empty = false;
    }
    writeln!(f, "{line}")
}

pub(crate) fn quantity(q: &QuantityReport, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    // Header: what, in which unit, by which method and lexicon.
    let title = match &q.description {
        Some(d) => format!("{} — {d}", q.quantity),
        None => q.quantity.clone(),
    };
    writeln!(f, "{}", fit(&title, COLUMNS))?;
    writeln!(f, "{}", "=".repeat(width(&title).min(COLUMNS)))?;
    let kind = match q.kind {
        QuantityKind::Cumulative => "cumulative",
        _ => "level",
    };
    let unit = if q.unit.is_empty() { "—" } else { &q.unit };
    wrapped(
        f,
        "",
        "  ",
        &format!(
            "unit: {unit} ({kind}) · method: {} · lexicon: {}",
            q.method, q.lexicon
        ),
    )?;
    if !q.settings.is_empty() {
        wrapped(f, "", "  ", &format!("options: {}", q.settings.join(", ")))?;
    }
    writeln!(f)?;

    // Consensus.
    if q.consensus.is_empty() {
        writeln!(f, "Consensus: none")?;
    }
    for (i, region) in q.consensus.iter().enumerate() {
        let label = if q.consensus.len() == 1 {
            "Consensus:".to_owned()
        } else {
            format!("Consensus {}/{}:", i + 1, q.consensus.len())
        };
        let mut text = format!(
            "{label} {} held by {} of {} independent source{}",
            interval(&region.interval),
            region.support,
            q.sources,
            plural(q.sources)
        );
        if let Some(w) = region.weight {
            let _ = write!(text, " (weight {})", number(w));
        }
        if let Some(b) = region.best {
            let _ = write!(text, ", best {}", number(b));
        }
        let _ = write!(text, " — {}", region.supporting.join(", "));
        wrapped(f, "", "  ", &text)?;
    }
    writeln!(f)?;

    if let Some(pooled) = &q.pooled {
        pooled_section(pooled, f)?;
        writeln!(f)?;
    }

    claims_table(q, f)?;

    // Conflicts.
    writeln!(f)?;
    if q.conflict_count == 0 {
        writeln!(f, "Conflicts: none — every two claims share a value")?;
    } else {
        writeln!(
            f,
            "Conflicts: {} pair{} share no value",
            q.conflict_count,
            plural(q.conflict_count as usize)
        )?;
        // One index for the listed conflicts, not a search per conflict.
        let rows: HashMap<&str, &ClaimRow> = if q.conflicts.is_empty() {
            HashMap::new()
        } else {
            q.claims.iter().map(|c| (c.id(), c)).collect()
        };
        for c in &q.conflicts {
            let side = |id: &str| match rows.get(id) {
                Some(row) => format!("{} {}", fit(id, 24), interval(&row.interval)),
                None => id.to_owned(),
            };
            let r = c.ratio.map_or_else(|| "—".to_owned(), ratio);
            let text = format!(
                "{} < {}: {}, gap {}, ratio {r}",
                side(&c.a),
                side(&c.b),
                c.relation.name(),
                number(c.gap)
            );
            wrapped(f, "  ", "      ", &text)?;
        }
    }

    // Clusters.
    if q.clusters.len() > 1 {
        writeln!(f)?;
        writeln!(
            f,
            "Clusters: {} groups chained by overlap",
            q.clusters.len()
        )?;
        for c in &q.clusters {
            let text = format!("{}: {}", interval(&c.hull), c.members.join(", "));
            wrapped(f, "  ", "      ", &text)?;
        }
    }

    // Falsetickers.
    writeln!(f)?;
    if q.falsetickers.is_empty() {
        writeln!(f, "Falsetickers: none")?;
    } else if q.pooled.is_some() {
        // The statistical methods test each claim against the pooled interval; the rest
        // need not be consistent among themselves.
        wrapped(
            f,
            "",
            "  ",
            &format!(
                "Falsetickers: {} — outside the pooled interval",
                q.falsetickers.join(", ")
            ),
        )?;
    } else {
        wrapped(
            f,
            "",
            "  ",
            &format!(
                "Falsetickers: {} — without {} the rest is consistent",
                q.falsetickers.join(", "),
                if q.falsetickers.len() == 1 {
                    "it"
                } else {
                    "them"
                }
            ),
        )?;
    }

    // Spread.
    let s = &q.spread;
    let mut text = String::from("Spread:");
    if let Some(h) = &s.hull {
        let _ = write!(text, " hull {}", interval(h));
    }
    if let (Some((lo_id, lo)), Some((hi_id, hi))) = (&s.smallest, &s.largest) {
        let _ = write!(
            text,
            "; values from {} ({lo_id}) to {} ({hi_id})",
            number(*lo),
            number(*hi)
        );
    }
    match (s.ratio, s.orders_of_magnitude) {
        (Some(r), Some(o)) => {
            let _ = write!(text, "; {} ({} orders of magnitude)", ratio(r), orders(o));
        }
        _ if s.smallest.is_some() => text.push_str("; ratio undefined (a value is 0 or below)"),
        _ => {}
    }
    wrapped(f, "", "  ", &text)?;

    // Series breaks.
    if !q.breaks.is_empty() {
        writeln!(f)?;
        writeln!(
            f,
            "Cumulative series breaks: {} (a later total below an earlier one)",
            q.breaks.len()
        )?;
        for b in &q.breaks {
            let text = format!(
                "{} then {}: the later total lies {} below the earlier",
                b.earlier,
                b.later,
                number(b.gap)
            );
            wrapped(f, "  ", "    ", &text)?;
        }
    }

    if !q.notes.is_empty() {
        writeln!(f)?;
        for note in &q.notes {
            wrapped(f, "Note: ", "  ", note)?;
        }
    }
    Ok(())
}

/// The pooled figures of the statistical methods: a heading, then labelled rows.
fn pooled_section(pooled: &Pooled, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    const LABEL: usize = 22;
    let (heading, rows) = super::pooled::rows(pooled);
    wrapped(f, "", "  ", &heading)?;
    let rest = " ".repeat(LABEL + 3);
    for (label, text) in rows {
        wrapped(f, &format!("  {label:<LABEL$} "), &rest, &text)?;
    }
    Ok(())
}

/// The claims table: id, source, date, interval, best value, verdict.
fn claims_table(q: &QuantityReport, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    writeln!(f, "Claims ({})", q.claims.len())?;
    let rows: Vec<[String; 6]> = q
        .claims
        .iter()
        .map(|c| {
            [
                c.id().to_owned(),
                c.source().name().to_owned(),
                c.date().map_or_else(|| "—".to_owned(), |d| d.to_string()),
                interval(&c.interval),
                c.best().map_or_else(|| "—".to_owned(), number),
                c.verdict.to_string(),
            ]
        })
        .collect();
    let header = ["id", "source", "date", "interval", "best", "verdict"];
    let natural = |i: usize| {
        rows.iter()
            .filter_map(|r| r.get(i))
            .map(|s| width(s))
            .chain(header.get(i).map(|h| width(h)))
            .max()
            .unwrap_or(0)
    };
    // Columns at their natural widths up to a cap; then, while the row is wider than 100
    // columns, the verdict gives way first (down to 24), then the source name (down to 12),
    // the verdict again (down to 18), then the id (down to 12): cut cells end in `…`.
    let caps = [28, 44, 21, 26, 10, 40];
    let mut widths = [0usize; 6];
    for (i, w) in widths.iter_mut().enumerate() {
        *w = natural(i).min(caps.get(i).copied().unwrap_or(usize::MAX));
    }
    for (column, floor) in [(5, 24), (1, 12), (5, 18), (0, 12)] {
        let total = 2 + 2 * 5 + widths.iter().sum::<usize>();
        if let Some(w) = widths.get_mut(column) {
            let excess = total.saturating_sub(COLUMNS);
            *w = w.saturating_sub(excess).max(floor.min(*w));
        }
    }
    let line = |cells: [&str; 6]| -> String {
        let mut out = String::from(" ");
        for (i, cell) in cells.iter().enumerate() {
            let w = widths.get(i).copied().unwrap_or(0);
            let cell = fit(cell, w);
            out.push(' ');
            if i == 4 {
                // Numbers right-aligned.
                let _ = write!(out, "{cell:>w$}");
            } else {
                let _ = write!(out, "{cell:<w$}");
            }
            if i < 5 {
                out.push(' ');
            }
        }
        out.trim_end().to_owned()
    };
    writeln!(f, "{}", line(header))?;
    for r in &rows {
        let [a, b, c, d, e, v] = r;
        writeln!(f, "{}", line([a, b, c, d, e, v]))?;
    }
    Ok(())
}
