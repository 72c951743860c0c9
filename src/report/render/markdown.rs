//! The Markdown report: one section per quantity, tables for claims, consensus and conflicts.

use std::fmt::Write as _;

use super::{interval, number, orders, ratio};
use crate::report::{QuantityReport, Report};

/// Escapes the characters that would break a table cell or start markup.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '|' | '\\' | '*' | '_' | '`' | '<' | '>' | '[' | ']' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

pub(crate) fn report(report: &Report) -> String {
    let mut out = String::new();
    for q in &report.quantities {
        quantity(q, &mut out);
    }
    if report.quantities.is_empty() {
        out.push_str("No claims to reconcile.\n\n");
    }
    if !report.problems.is_empty() {
        let _ = writeln!(out, "## Left out: invalid records\n");
        for p in &report.problems {
            let _ = writeln!(out, "- {}", cell(&p.to_string()));
        }
        out.push('\n');
    }
    // One trailing newline.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn quantity(q: &QuantityReport, out: &mut String) {
    let _ = writeln!(out, "## {}\n", cell(&q.quantity));
    if let Some(d) = &q.description {
        let _ = writeln!(out, "{}\n", cell(d));
    }
    let unit = if q.unit.is_empty() { "—" } else { &q.unit };
    let _ = writeln!(
        out,
        "Unit: {} · method: `{}` · lexicon: `{}`{}\n",
        cell(unit),
        q.method,
        q.lexicon,
        if q.settings.is_empty() {
            String::new()
        } else {
            format!(" · options: {}", cell(&q.settings.join(", ")))
        }
    );

    out.push_str("### Consensus\n\n");
    if q.consensus.is_empty() {
        out.push_str("None.\n\n");
    } else {
        out.push_str("| region | independent sources | supporting claims |\n|---|---:|---|\n");
        for r in &q.consensus {
            let mut region = cell(&interval(&r.interval));
            if let Some(b) = r.best {
                let _ = write!(region, ", best {}", number(b));
            }
            let _ = writeln!(
                out,
                "| {region} | {} | {} |",
                r.support,
                cell(&r.supporting.join(", "))
            );
        }
        out.push('\n');
    }

    if let Some(pooled) = &q.pooled {
        let (heading, rows) = super::pooled::rows(pooled);
        let _ = writeln!(out, "### Pooled\n\n{}\n", cell(&heading));
        out.push_str("| figure | value |\n|---|---|\n");
        for (label, text) in rows {
            let _ = writeln!(out, "| {} | {} |", cell(&label), cell(&text));
        }
        out.push('\n');
    }

    out.push_str("### Claims\n\n");
    out.push_str("| id | source | date | interval | best | verdict |\n");
    out.push_str("|---|---|---|---|---:|---|\n");
    for c in &q.claims {
        let verdict = c.verdict.to_string();
        let verdict = if c.verdict == crate::report::Verdict::Falseticker {
            format!("**{verdict}**")
        } else {
            cell(&verdict)
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {verdict} |",
            cell(c.id()),
            cell(c.source().name()),
            c.date().map_or_else(|| "—".to_owned(), |d| d.to_string()),
            cell(&interval(&c.interval)),
            c.best().map_or_else(|| "—".to_owned(), number),
        );
    }
    out.push('\n');

    let _ = writeln!(out, "### Conflicts ({})\n", q.conflict_count);
    if q.conflicts.is_empty() {
        out.push_str("None: every two claims share a value.\n\n");
    } else {
        out.push_str("| lower | upper | relation | gap | ratio |\n|---|---|---|---:|---:|\n");
        for c in &q.conflicts {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(&c.a),
                cell(&c.b),
                c.relation.name(),
                number(c.gap),
                c.ratio.map_or_else(|| "—".to_owned(), ratio)
            );
        }
        out.push('\n');
    }

    if q.clusters.len() > 1 {
        out.push_str("### Clusters\n\n| hull | claims |\n|---|---|\n");
        for c in &q.clusters {
            let _ = writeln!(
                out,
                "| {} | {} |",
                cell(&interval(&c.hull)),
                cell(&c.members.join(", "))
            );
        }
        out.push('\n');
    }

    let _ = writeln!(
        out,
        "**Falsetickers:** {}\n",
        if q.falsetickers.is_empty() {
            "none".to_owned()
        } else {
            cell(&q.falsetickers.join(", "))
        }
    );

    let s = &q.spread;
    let mut spread = String::from("**Spread:**");
    if let Some(h) = &s.hull {
        let _ = write!(spread, " hull {}", cell(&interval(h)));
    }
    if let (Some((a, lo)), Some((b, hi))) = (&s.smallest, &s.largest) {
        let _ = write!(
            spread,
            "; values from {} ({}) to {} ({})",
            number(*lo),
            cell(a),
            number(*hi),
            cell(b)
        );
    }
    if let (Some(r), Some(o)) = (s.ratio, s.orders_of_magnitude) {
        let _ = write!(spread, "; {} ({} orders of magnitude)", ratio(r), orders(o));
    }
    let _ = writeln!(out, "{spread}\n");

    if !q.breaks.is_empty() {
        out.push_str("**Cumulative series breaks:**\n\n");
        for b in &q.breaks {
            let _ = writeln!(
                out,
                "- {} then {}: the later total lies {} below",
                cell(&b.earlier),
                cell(&b.later),
                number(b.gap)
            );
        }
        out.push('\n');
    }
    for note in &q.notes {
        let _ = writeln!(out, "> {}\n", cell(note));
    }
}
