//! Every quantitative claim of the seed article (The Epoch Times, October 2024, on North
//! Korean troops in Russia) as typed claims: sources with their independence groups, dates
//! with their precision, hedges, confidence and provenance, printed by quantity.
//!
//! ```sh
//! cargo run --example seed_article
//! ```
//!
//! The claims are built in `examples/common/seed.rs`; `examples/data/seed_article.json` and
//! `.csv` hold the same claims (`tests/seed_article.rs` checks that they load to exactly these).

use std::error::Error;

use std::path::Path;

use sourced::{Claim, ClaimRow, ClaimSet, QuantityGroup, QuantityReport, Report, Verdict};

#[path = "common/seed.rs"]
mod seed;

fn main() -> Result<(), Box<dyn Error>> {
    // 1. The claims, built and checked as a set (ids unique, references resolved).
    let claims = seed::claims()?;
    claims.validate()?;

    // 2. What each source said, by quantity.
    print_claims(&claims);

    // 3. The disagreement report of every quantity (k-of-n agreement by independent source),
    //    and the forest plot of the troop claims, written to a file.
    let report = Report::of(&claims)?;
    println!();
    println!("{report}");
    if let Some(troops) = report.quantity("nk-troops-in-russia") {
        explain(troops);
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("seed_article_troops.svg");
        std::fs::write(&path, troops.to_svg())?;
        println!("Forest plot of the troop claims: {}", path.display());
    }
    Ok(())
}

fn print_claims(claims: &ClaimSet) {
    println!(
        "{} claims from the seed article, by quantity (via {}):",
        claims.len(),
        seed::VIA
    );
    for group in claims.groups() {
        print_group(&group);
    }
}

fn print_group(group: &QuantityGroup<'_>) {
    let q = group.quantity;
    println!();
    println!(
        "{} — {} [{}; {}; {:?}]",
        q.id(),
        q.description().unwrap_or(""),
        q.unit(),
        q.domain(),
        q.kind()
    );
    for claim in &group.claims {
        print_claim(claim);
    }
}

fn print_claim(c: &Claim) {
    let e = c.estimate();
    let dash = || "—".to_owned();
    let s = c.source();
    println!(
        "  {:<24} {:<18} {:<22} {:?} {:?}",
        c.id(),
        c.interval().to_string(),
        e.text().map_or_else(dash, |t| format!("{t:?}")),
        e.hedge(),
        c.kind(),
    );
    println!(
        "  {:<24} source: {} [{:?}, group {}]",
        "",
        s.name(),
        s.kind(),
        s.group()
    );
    println!(
        "  {:<24} stated {}, as of {}{}{}{}",
        "",
        c.stated().map_or_else(dash, |d| d.to_string()),
        c.as_of().map_or_else(dash, |p| p.to_string()),
        e.best().map_or_else(String::new, |b| format!(", best {b}")),
        c.confidence().map_or_else(String::new, |x| format!(
            ", likelihood {x} ({}–{})",
            x.low(),
            x.high()
        )),
        c.analytic_confidence()
            .map_or_else(String::new, |a| format!(", {a:?} analytic confidence")
                .to_lowercase()),
    );
    if let Some(r) = c.restates() {
        println!("  {:<24} restates {r}", "");
    }
    if let Some(note) = &c.provenance().note {
        println!("  {:<24} note: {note}", "");
    }
}

/// `println!` wrapped at 100 columns.
macro_rules! say {
    ($($t:tt)*) => {
        wrap(&format!($($t)*))
    };
}

/// The troop report in plain words, read off the report itself.
fn explain(q: &QuantityReport) {
    let said = |row: &ClaimRow| {
        format!(
            "{} ({}: \"{}\")",
            row.id(),
            row.source().name(),
            row.said().unwrap_or("no words given")
        )
    };
    let list = |rows: &[&ClaimRow]| rows.iter().map(|r| said(r)).collect::<Vec<_>>().join(", ");
    let counted: Vec<&ClaimRow> = q.claims.iter().filter(|c| c.verdict.took_part()).collect();
    let mut groups: Vec<&str> = counted.iter().map(|c| c.source().group()).collect();
    groups.sort_unstable();
    groups.dedup();
    say!("What the troop report says, in plain words");
    say!("------------------------------------------");
    let [region] = q.consensus.as_slice() else {
        say!(
            "The claims do not settle on one range ({} regions tie); see the notes above.",
            q.consensus.len()
        );
        return;
    };
    let agreeing: Vec<&ClaimRow> = counted
        .iter()
        .copied()
        .filter(|c| c.verdict == Verdict::Agrees)
        .collect();
    let mut agreeing_groups: Vec<&str> = agreeing.iter().map(|c| c.source().group()).collect();
    agreeing_groups.sort_unstable();
    agreeing_groups.dedup();
    say!(
        "- Consensus: {} troops, held by {} of the {} independent sources that count ({}).",
        region.interval,
        region.support,
        groups.len(),
        agreeing_groups.join(", ")
    );
    say!(
        "  These claims agree because every value in that range is allowed by each of them: {}.",
        list(&agreeing)
    );
    // The claims that set the consensus's two ends.
    let lower = agreeing
        .iter()
        .find(|c| c.interval.start() == region.interval.start());
    let upper = agreeing
        .iter()
        .find(|c| c.interval.end() == region.interval.end());
    if let (Some(lower), Some(upper)) = (lower, upper)
        && lower.id() != upper.id()
    {
        say!(
            "  \"{}\" and \"{}\" are compatible: the first is a floor, the second a ceiling, and \
             together they say the number lies between them, {}.",
            lower.said().unwrap_or(lower.id()),
            upper.said().unwrap_or(upper.id()),
            region.interval
        );
    }
    for row in &agreeing {
        let others: Vec<&ClaimRow> = agreeing
            .iter()
            .copied()
            .filter(|c| c.source().group() == row.source().group() && c.id() != row.id())
            .collect();
        if !others.is_empty() && others.iter().all(|o| o.id() > row.id()) {
            say!(
                "  {} and {} come from one independence group ({}): it asserts all of them at \
                 once and counts once.",
                row.id(),
                others.iter().map(|o| o.id()).collect::<Vec<_>>().join(", "),
                row.source().group()
            );
        }
    }
    for id in &q.falsetickers {
        if let Some(row) = q.claim(id) {
            say!(
                "- Odd one out: {} says {}, which shares no value with the consensus; without it \
                 every remaining source agrees, so it is the falseticker.",
                said(row),
                row.interval
            );
        }
    }
    for row in &q.claims {
        match &row.verdict {
            Verdict::SupersededBy(by) => say!(
                "- Set aside: {} was replaced by the same government's later figure, {by}.",
                said(row)
            ),
            Verdict::RestatementOf(of) => say!(
                "- Counted once: {} repeats {of}; a repetition is not a second independent \
                 source.",
                said(row)
            ),
            _ => {}
        }
    }
    for note in &q.notes {
        say!("- Note: {note}");
    }
    println!();
}

/// Prints a paragraph wrapped at 100 columns, continuation lines indented by two spaces more
/// than the first.
fn wrap(text: &str) {
    let indent = text.len() - text.trim_start().len() + 2;
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > 100 {
            println!("{line}");
            line = " ".repeat(indent);
        } else if !line.is_empty() && !line.ends_with(' ') {
            line.push(' ');
        }
        if line.is_empty() {
            line.push_str(&" ".repeat(text.len() - text.trim_start().len()));
        }
        line.push_str(word);
    }
    println!("{line}");
}
