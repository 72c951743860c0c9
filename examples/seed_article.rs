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

use sourced::{Claim, ClaimSet, QuantityGroup, Report};

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
