//! The pooled section as a heading and labelled rows, shared by the text and Markdown reports.
//!
//! Statistics of a meta-analysis (effects, standard errors, τ², I², H², Q) are printed with 4
//! decimals, as metafor prints them; p-values and figures in the quantity's unit (a pool, a
//! back-transformed effect) follow the report's number rules.

use std::fmt::Write as _;

use super::number;
use crate::report::{MetaSection, Pooled, RandomEffects};
use crate::stats::{Heterogeneity, Pool, PoolBound, PooledEffect, Scale, Tau2Method};

/// At most this many weights and excluded claims are listed.
const LISTED: usize = 20;

/// A statistic with 4 decimals (no `-0.0000`).
fn f4(v: f64) -> String {
    let text = format!("{v:.4}");
    if text == "-0.0000" {
        "0.0000".to_owned()
    } else {
        text
    }
}

/// A level as a percentage by the report's number rules: `90`, `95`.
fn percent(level: f64) -> String {
    number(level * 100.0)
}

/// The heading and the `(label, text)` rows of a pooled section.
pub(crate) fn rows(pooled: &Pooled) -> (String, Vec<(String, String)>) {
    match pooled {
        Pooled::Pool(p) => pool(p),
        Pooled::Meta(m) => meta(m),
    }
}

fn pool(p: &Pool) -> (String, Vec<(String, String)>) {
    let heading = format!(
        "Pooled: {} of {} claim{} ({} scale)",
        p.method,
        p.components.len(),
        if p.components.len() == 1 { "" } else { "s" },
        p.scale
    );
    let q = |at: f64| {
        p.quantiles
            .iter()
            .find(|q| q.p == at)
            .map_or_else(|| "—".to_owned(), |q| number(q.value))
    };
    let mut rows = vec![
        ("median".to_owned(), number(p.median)),
        (
            "mean".to_owned(),
            p.mean.map_or_else(|| "— (overflows)".to_owned(), number),
        ),
        (
            "90 % interval".to_owned(),
            format!("[{}, {}] (5 % to 95 %)", q(0.05), q(0.95)),
        ),
        (
            "quartiles".to_owned(),
            format!("[{}, {}] (25 % to 75 %)", q(0.25), q(0.75)),
        ),
    ];
    let bound = |side: &str, b: &PoolBound| match &b.claim {
        Some(id) => format!("{side} {} (set by {id})", number(b.value)),
        None => format!("{side} {} (the quantity's domain)", number(b.value)),
    };
    let mut bounds: Vec<String> = Vec::new();
    bounds.extend(p.lower.as_ref().map(|b| bound("at least", b)));
    bounds.extend(p.upper.as_ref().map(|b| bound("at most", b)));
    if !bounds.is_empty() {
        let mut text = bounds.join("; ");
        if p.mass_within_bounds < 1.0 {
            let _ = write!(
                text,
                "; the untruncated pool has {} % inside",
                number((p.mass_within_bounds * 100.0 * 1e4).round() / 1e4)
            );
        }
        rows.push(("truncated".to_owned(), text));
    }
    // A report of many claims stays small: the first weights, then how many more.
    let mut weights: Vec<String> = p
        .components
        .iter()
        .take(LISTED)
        .map(|c| format!("{} {}", c.fit.claim, number(c.weight)))
        .collect();
    if p.components.len() > LISTED {
        weights.push(format!("… and {} more", p.components.len() - LISTED));
    }
    if !weights.is_empty() {
        rows.push(("weights".to_owned(), weights.join(", ")));
    }
    excluded(&mut rows, p.excluded.iter().map(|e| (&e.claim, &e.reason)));
    (heading, rows)
}

fn excluded<'a>(
    rows: &mut Vec<(String, String)>,
    list: impl Iterator<Item = (&'a String, &'a String)>,
) {
    let mut count = 0usize;
    for (claim, reason) in list {
        if count < LISTED {
            rows.push(("excluded".to_owned(), format!("{claim}: {reason}")));
        }
        count += 1;
    }
    if count > LISTED {
        rows.push((
            "excluded".to_owned(),
            format!("… and {} more claims", count - LISTED),
        ));
    }
}

/// A τ² estimator's short name.
fn short(method: Tau2Method) -> &'static str {
    match method {
        Tau2Method::DerSimonianLaird => "DL",
        _ => "REML",
    }
}

fn meta(section: &MetaSection) -> (String, Vec<(String, String)>) {
    let m = &section.analysis;
    let level = percent(m.level);
    let heading = format!(
        "Pooled: meta-analysis of {} claim{} ({} scale, {level} % intervals, τ² by {})",
        m.studies.len(),
        if m.studies.len() == 1 { "" } else { "s" },
        m.scale,
        m.method
    );
    let log = m.scale == Scale::Log;
    let effect = |e: &PooledEffect| {
        let mut text = format!(
            "{} [{}, {}], SE {}, p = {}",
            f4(e.estimate),
            f4(e.ci_low),
            f4(e.ci_high),
            f4(e.se),
            number(e.p_value)
        );
        if log {
            let _ = write!(
                text,
                "; back-transformed {} [{}, {}]",
                number(m.back_transform(e.estimate)),
                number(m.back_transform(e.ci_low)),
                number(m.back_transform(e.ci_high))
            );
        }
        text
    };
    let spread = |h: &Heterogeneity| {
        let mut text = format!("τ² = {}", f4(h.tau2));
        if let Some(i2) = h.i2 {
            let _ = write!(text, ", I² = {} %", f4(i2));
        }
        if let Some(h2) = h.h2 {
            let _ = write!(text, ", H² = {}", f4(h2));
        }
        text
    };
    let prediction = |low: f64, high: f64| {
        let mut text = format!("[{}, {}]", f4(low), f4(high));
        if log {
            let _ = write!(
                text,
                "; back-transformed [{}, {}]",
                number(m.back_transform(low)),
                number(m.back_transform(high))
            );
        }
        text
    };
    let chosen = RandomEffects {
        method: m.method,
        random: m.random,
        heterogeneity: m.heterogeneity,
        prediction_low: m.prediction_low,
        prediction_high: m.prediction_high,
    };
    let estimators: Vec<&RandomEffects> = std::iter::once(&chosen)
        .chain(section.alternative.as_ref())
        .collect();

    let mut rows = vec![("fixed effect".to_owned(), effect(&m.fixed))];
    for r in &estimators {
        rows.push((
            format!("random effects, {}", short(r.method)),
            effect(&r.random),
        ));
    }
    for r in &estimators {
        rows.push((
            format!("heterogeneity, {}", short(r.method)),
            spread(&r.heterogeneity),
        ));
    }
    let h = &m.heterogeneity;
    let mut q = format!("Q = {} on {} df", f4(h.q), h.df);
    if let Some(p) = h.q_p_value {
        let _ = write!(q, ", p = {}", number(p));
    }
    rows.push(("Cochran's Q".to_owned(), q));
    for r in &estimators {
        rows.push((
            format!("prediction, {}", short(r.method)),
            prediction(r.prediction_low, r.prediction_high),
        ));
    }
    if let Some(id) = &m.most_influential
        && let Some(l) = m.leave_one_out.iter().find(|l| &l.left_out == id)
    {
        rows.push((
            "most influential".to_owned(),
            format!(
                "{id}: without it {} [{}, {}], a shift of {}",
                f4(l.random.estimate),
                f4(l.random.ci_low),
                f4(l.random.ci_high),
                signed(l.shift)
            ),
        ));
    }
    excluded(&mut rows, m.excluded.iter().map(|e| (&e.claim, &e.reason)));
    (heading, rows)
}

/// A shift with its sign: `+0.0123`, `-0.0456`.
fn signed(v: f64) -> String {
    let text = f4(v);
    if text.starts_with('-') {
        text
    } else {
        format!("+{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_have_four_decimals() {
        assert_eq!(f4(-0.714_114), "-0.7141");
        assert_eq!(f4(-0.000_01), "0.0000");
        assert_eq!(signed(0.012_34), "+0.0123");
        assert_eq!(signed(-0.045_6), "-0.0456");
        assert_eq!(percent(0.95), "95");
    }
}
