//! Every quantitative claim of the seed article, as typed claims built in code.
//!
//! The article: Ryan Morgan, "What North Korean Involvement Could Mean for the Russia–Ukraine
//! War", News Analysis, The Epoch Times, late October 2024 (the text gives no publication
//! date; it reports events of Oct. 23 and 24 and "earlier this month", so dates the article
//! does not give are written with month precision, `2024-10`).
//!
//! Shared by `examples/seed_article.rs` and `tests/seed_article.rs` (included with
//! `#[path]`), so that the test proves `examples/data/seed_article.json` holds exactly these
//! claims.
//!
//! ## Claims included
//!
//! | id | quantity | source | as said |
//! |---|---|---|---|
//! | `usg-as-many-as-3000` | NK troops in Russia | US government | "as many as 3,000" |
//! | `wh-more-than-3000` | NK troops in Russia | White House | "more than 3,000" |
//! | `pentagon-presence` | NK troops in Russia | Pentagon (Austin) | "a North Korean military presence": more than 0 |
//! | `nis-as-many-as-10000` | NK troops in Russia | South Korea's NIS | "as many as 10,000" |
//! | `pyongyang-denial` | NK troops in Russia | North Korea | denied: 0 |
//! | `putin-non-denial` | NK troops in Russia | Russia (Putin) | "if there are images, then they reflect something": more than 0, low confidence |
//! | `dimino-10000` | NK troops in Russia | Michael DiMino | "10,000 troops": a restatement of the NIS figure |
//! | `hur-kursk-presence` | NK troops in the Kursk region | Ukraine's military intelligence | "already been seen": more than 0 |
//! | `pentagon-casualties` | Russian casualties (killed or wounded) | Pentagon | "about 600,000" |
//! | `article-war-duration` | years of fighting | The Epoch Times | "nearly three years" |
//! | `article-brics-countries` | countries at the 2024 BRICS summit | The Epoch Times | "40 countries" |
//!
//! ## Considered and left out
//!
//! - "16th BRICS summit", "Article 4" of the partnership deal: ordinal labels (names of an
//!   event and of a clause), not amounts anyone could dispute.
//! - BRIC "formed in 2009", South Africa added "in 2010", the Korean War "ended in 1953",
//!   the Kursk incursion "began in August", the dates of the photographs (June 19, Aug. 12,
//!   Oct. 18, Oct. 23, 2024): dates of events, not quantities; they are used as claim dates
//!   where they date a claim.
//! - BRICS membership (Russia, Brazil, India, China, then South Africa, Iran, Egypt,
//!   Ethiopia, the UAE): the members are listed by name; the article states no number.
//! - "even 10,000 North Korean troops would have little chance …" and "We don't need to have
//!   NATO send 10,000 troops": hypotheticals, not claims about what is (DiMino's own figure
//!   for the deployment is kept as `dimino-10000`).
//! - Zelenskyy has pressed "for months", "multiple nuclear-armed nations": vague amounts
//!   with no reference date or scope, and about hypotheticals or lobbying, not a quantity a
//!   reader would reconcile.
//! - "earlier reports of North Korean troop movements raised by the South Korean and
//!   Ukrainian governments": no figure and no date; South Korea's figure is the NIS claim and
//!   Ukraine's the Kursk report.
//! - Sabrina Singh "had no further information to share": no claim.

use std::sync::Arc;

use sourced::{
    AnalyticConfidence, Bound, Claim, ClaimDate, ClaimKind, ClaimSet, Confidence, Domain, Error,
    Estimate, Finite, Hedge, Interval, Period, Provenance, Quantity, QuantityKind, Source,
    SourceKind, Vocabulary,
};

/// The outlet every claim reached us through.
pub const VIA: &str = "The Epoch Times";

/// The sources the article quotes, with their independence groups: the White House, the
/// Pentagon and "the U.S. government" are one origin; each other government is its own.
pub fn sources() -> Result<Vec<Arc<Source>>, Error> {
    let s = |id: &str, name: &str, kind: SourceKind, affiliation: &str, group: &str| {
        Source::new(id, name)
            .and_then(|s| s.with_group(group))
            .map(|s| Arc::new(s.with_kind(kind).with_affiliation(affiliation)))
    };
    Ok(vec![
        s(
            "us-government",
            "U.S. government",
            SourceKind::Government,
            "United States",
            "us-government",
        )?,
        s(
            "white-house",
            "White House (National Security Council spokesman John Kirby)",
            SourceKind::Government,
            "United States",
            "us-government",
        )?,
        s(
            "pentagon",
            "Pentagon (U.S. Department of Defense)",
            SourceKind::Military,
            "United States",
            "us-government",
        )?,
        s(
            "south-korea-nis",
            "National Intelligence Service of South Korea",
            SourceKind::Intelligence,
            "South Korea",
            "south-korea-government",
        )?,
        s(
            "north-korea",
            "Government of North Korea (Pyongyang)",
            SourceKind::PartyToConflict,
            "North Korea",
            "north-korea-government",
        )?,
        s(
            "kremlin",
            "Russian President Vladimir Putin",
            SourceKind::PartyToConflict,
            "Russia",
            "russia-government",
        )?,
        s(
            "dimino",
            "Michael DiMino (Defense Priorities; former CIA military analyst)",
            SourceKind::Individual,
            "Defense Priorities",
            "dimino",
        )?,
        s(
            "ukraine-hur",
            "Intelligence Directorate of Ukraine's Defense Ministry",
            SourceKind::PartyToConflict,
            "Ukraine",
            "ukraine-government",
        )?,
        s(
            "epoch-times",
            "The Epoch Times (Ryan Morgan)",
            SourceKind::Media,
            "The Epoch Times",
            "epoch-times",
        )?,
    ])
}

/// What the claims measure. Different scopes never merge: troops in the Kursk region are
/// a part of the troops in Russia, not the same quantity.
pub fn quantities() -> Result<Vec<Arc<Quantity>>, Error> {
    Ok(vec![
        Arc::new(
            Quantity::new("nk-troops-in-russia", "troops")?
                .with_description("North Korean troops in Russia"),
        ),
        Arc::new(
            Quantity::new("nk-troops-in-kursk", "troops")?
                .with_description("North Korean troops in Russia's Kursk region"),
        ),
        // "Thus far in the war": a running total since the invasion of 24 February 2022,
        // so a later, higher figure is no conflict.
        Arc::new(
            Quantity::new("russian-casualties-ukraine-war", "casualties")?
                .with_kind(QuantityKind::Cumulative)
                .with_description(
                    "Russian troops killed or wounded in the war in Ukraine since 24 February 2022",
                ),
        ),
        // A duration is a real number of years, and it only grows: cumulative.
        Arc::new(
            Quantity::new("russia-ukraine-war-duration", "years")?
                .with_domain(Domain::Real)
                .with_kind(QuantityKind::Cumulative)
                .with_description("Duration of the fighting in the Russia–Ukraine war"),
        ),
        Arc::new(
            Quantity::new("brics-2024-summit-countries", "countries")?.with_description(
                "Countries represented at the 16th BRICS summit, Kazan, October 2024",
            ),
        ),
    ])
}

fn find<T>(list: &[Arc<T>], id: &str, key: impl Fn(&T) -> &str) -> Result<Arc<T>, Error> {
    list.iter()
        .find(|x| key(x) == id)
        .cloned()
        .ok_or_else(|| Error::Io {
            path: "seed".to_owned(),
            message: format!("no declaration for {id:?}"),
        })
}

fn date(text: &str) -> Result<ClaimDate, Error> {
    Ok(text.parse::<ClaimDate>()?)
}

fn provenance(quote: &str, note: Option<&str>) -> Provenance {
    Provenance {
        quote: Some(quote.to_owned()),
        url: None,
        via: Some(VIA.to_owned()),
        note: note.map(str::to_owned),
    }
}

/// "About X" for a number rounded to `unit`: X ± half the unit, as the lexicon's default
/// table reads it (DESIGN.md: "about 600,000" is rounded to 100,000).
fn about(x: f64, unit: f64, text: &str) -> Result<Estimate, Error> {
    Ok(
        Estimate::new(Interval::closed(x - unit / 2.0, x + unit / 2.0)?)
            .with_best(x)?
            .with_hedge(Hedge::About)
            .with_text(text),
    )
}

/// "Nearly X" for a number rounded to `unit`: just below X, by half the unit or 5 % of X,
/// whichever is more, as the lexicon's default table reads it.
fn nearly(x: f64, unit: f64, text: &str) -> Result<Estimate, Error> {
    let below = (unit / 2.0).max(0.05 * x.abs());
    Ok(Estimate::new(Interval::new(
        Bound::Closed(Finite::new(x - below)?),
        Bound::Open(Finite::new(x)?),
    )?)
    .with_hedge(Hedge::Nearly)
    .with_text(text))
}

/// Every claim of the article, in the order the article makes them.
pub fn claims() -> Result<ClaimSet, Error> {
    let sources = sources()?;
    let quantities = quantities()?;
    let source = |id: &str| find(&sources, id, Source::id);
    let quantity = |id: &str| find(&quantities, id, Quantity::id);
    let troops = quantity("nk-troops-in-russia")?;

    let mut set = ClaimSet::new();

    // The subtitle: an assessment by "the U.S. government", of arrivals "in recent weeks".
    set.push(
        Claim::new(
            "usg-as-many-as-3000",
            troops.clone(),
            source("us-government")?,
            Estimate::new(Interval::at_most(3000.0)?)
                .with_hedge(Hedge::AsManyAs)
                .with_text("as many as 3,000"),
        )?
        .with_stated(date("2024-10")?)
        .with_as_of(date("2024-10")?)
        .with_provenance(provenance(
            "The U.S. government has assessed that as many as 3,000 North Korean troops have arrived in Russia in recent weeks.",
            Some("the article does not say which agency made the assessment"),
        )),
    );

    // Dated by Kirby's remarks of Oct. 23, the only White House statement the article dates.
    set.push(
        Claim::new(
            "wh-more-than-3000",
            troops.clone(),
            source("white-house")?,
            Estimate::new(Interval::greater_than(3000.0)?)
                .with_hedge(Hedge::MoreThan)
                .with_text("more than 3,000"),
        )?
        .with_stated(date("2024-10-23")?)
        .with_as_of(date("2024-10-23")?)
        .with_kind(ClaimKind::Statement)
        .with_provenance(provenance(
            "The White House has placed the number of North Korean troops in Russia at more than 3,000",
            None,
        )),
    );

    // Austin does not give a number: "evidence pointing to a presence" says more than zero.
    set.push(
        Claim::new(
            "pentagon-presence",
            troops.clone(),
            source("pentagon")?,
            Estimate::new(Interval::greater_than(0.0)?)
                .with_hedge(Hedge::MoreThan)
                .with_text("a North Korean military presence"),
        )?
        .with_stated(date("2024-10-23")?)
        .with_as_of(date("2024-10-23")?)
        .with_kind(ClaimKind::Statement)
        .with_provenance(provenance(
            "Defense Secretary Lloyd Austin said the Pentagon has evidence pointing to a North Korean military presence in Russia.",
            Some("reported speech, Rome, Oct. 23"),
        )),
    );

    set.push(
        Claim::new(
            "nis-as-many-as-10000",
            troops.clone(),
            source("south-korea-nis")?,
            Estimate::new(Interval::at_most(10_000.0)?)
                .with_hedge(Hedge::AsManyAs)
                .with_text("as many as 10,000"),
        )?
        .with_stated(date("2024-10")?)
        .with_as_of(date("2024-10")?)
        .with_provenance(provenance(
            "South Korea's National Intelligence Service has assessed that as many as 10,000 North Korean troops have deployed there.",
            None,
        )),
    );

    // A denial says the quantity is zero.
    set.push(
        Claim::new(
            "pyongyang-denial",
            troops.clone(),
            source("north-korea")?,
            Estimate::point(0.0)?.with_text("denied the report"),
        )?
        .with_stated(date("2024-10")?)
        .with_as_of(date("2024-10")?)
        .with_kind(ClaimKind::Denial)
        .with_provenance(provenance(
            "Pyongyang has denied the report",
            Some("the article reports the denial without quoting it"),
        )),
    );

    // Putin neither confirms nor denies; the article reads his answer as appearing to
    // confirm. As a claim, that is "more than zero troops", but only as strong as that
    // reading: a roughly even chance (ICD 203) that the claim holds, and low analytic
    // confidence in the reading itself (a separate axis, never mixed into the likelihood).
    set.push(
        Claim::new(
            "putin-non-denial",
            troops.clone(),
            source("kremlin")?,
            Estimate::new(Interval::greater_than(0.0)?)
                .with_hedge(Hedge::MoreThan)
                .with_text("If there are images, then they reflect something."),
        )?
        .with_stated(date("2024-10-24")?)
        .with_as_of(date("2024-10-24")?)
        .with_kind(ClaimKind::Statement)
        .with_confidence(Confidence::from_term(
            &Vocabulary::ICD_203,
            "roughly even chance",
        )?)
        .with_analytic_confidence(AnalyticConfidence::Low)
        .with_provenance(provenance(
            "Images are a serious thing. If there are images, then they reflect something.",
            Some("a non-denial at the BRICS summit news conference in Kazan, read by the article as appearing to confirm"),
        )),
    );

    // DiMino, an outside analyst, takes the 10,000 of the NIS as his premise ("the fact that
    // North Korea is willing to send 10,000 troops"): he has no figure of his own, so his
    // claim restates the NIS one and counts once with it, not as a second independent source.
    set.push(
        Claim::new(
            "dimino-10000",
            troops.clone(),
            source("dimino")?,
            Estimate::point(10_000.0)?.with_text("10,000 troops"),
        )?
        .with_stated(date("2024-10")?)
        .with_as_of(date("2024-10")?)
        .with_kind(ClaimKind::Restatement)
        .restating("nis-as-many-as-10000")
        .with_provenance(provenance(
            "The fact that North Korea is willing to send 10,000 troops is notable, but it's not something in my mind that really has to be taken for more than it is, right?",
            Some("told The Epoch Times"),
        )),
    );

    set.push(
        Claim::new(
            "hur-kursk-presence",
            quantity("nk-troops-in-kursk")?,
            source("ukraine-hur")?,
            Estimate::new(Interval::greater_than(0.0)?)
                .with_hedge(Hedge::MoreThan)
                .with_text("North Korean troops have already been seen in the Kursk region"),
        )?
        .with_stated(date("2024-10-24")?)
        .with_as_of(date("2024-10-24")?)
        .with_kind(ClaimKind::Statement)
        .with_provenance(provenance(
            "The Ukrainian Defense Ministry's Intelligence Directorate on Oct. 24 shared a report indicating that North Korean troops have already been seen in the Kursk region.",
            Some("the Pentagon had no further information on this report"),
        )),
    );

    // "Earlier this month": stated and counted in early October 2024, known to the month.
    set.push(
        Claim::new(
            "pentagon-casualties",
            quantity("russian-casualties-ukraine-war")?,
            source("pentagon")?,
            about(600_000.0, 100_000.0, "about 600,000")?,
        )?
        .with_stated(date("2024-10")?)
        .with_as_of(date("2024-10")?)
        .with_provenance(provenance(
            "the Pentagon estimated that Russia had sustained about 600,000 casualties thus far in the war, including troops killed or wounded on the battlefield",
            Some("Exact casualties cannot be independently verified, and both sides have said little about their own losses throughout the war."),
        )),
    );

    // "Nearly three years": just below 3, by half its rounding unit (the lexicon's default).
    // From 24 February 2022 to late October 2024 is 2.67 years, inside [2.5, 3).
    set.push(
        Claim::new(
            "article-war-duration",
            quantity("russia-ukraine-war-duration")?,
            source("epoch-times")?,
            nearly(3.0, 1.0, "nearly three years")?,
        )?
        .with_stated(date("2024-10")?)
        .with_as_of(date("2024-10")?)
        .with_provenance(Provenance {
            quote: Some(
                "nearly three years of highly attritional fighting that has ground down both sides"
                    .to_owned(),
            ),
            ..Provenance::default()
        }),
    );

    set.push(
        Claim::new(
            "article-brics-countries",
            quantity("brics-2024-summit-countries")?,
            source("epoch-times")?,
            Estimate::point(40.0)?.with_text("40 countries"),
        )?
        .with_stated(date("2024-10")?)
        .with_as_of(Period::new(date("2024-10-23")?, date("2024-10-24")?)?)
        .with_kind(ClaimKind::Statement)
        .with_provenance(Provenance {
            quote: Some(
                "Representatives from 40 countries attended this year's BRICS summit in the southwest Russian city of Kazan."
                    .to_owned(),
            ),
            note: Some(
                "as of the summit, which the article shows in session on Oct. 23 and 24".to_owned(),
            ),
            ..Provenance::default()
        }),
    );

    Ok(set)
}
