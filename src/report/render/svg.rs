//! The SVG forest plot, written by hand: one row per claim.
//!
//! Each row is labelled with the source and date and shows the claim's interval as a whisker;
//! a closed end is a filled bar, an open end a hollow circle, an unbounded side an arrow to the
//! edge of the plot; a point claim is a filled dot; the best value is a diamond. The consensus
//! region is a shaded band across all rows; for the statistical methods (pool, meta-analysis)
//! the pooled estimate is a green diamond on the band's lower edge. Falsetickers are drawn in red, on a tinted row,
//! with the word "falseticker"; claims that took no part (superseded, restatement, outside the
//! window) in grey, dashed. The axis is logarithmic when every value is positive and they span
//! more than a factor 10, else linear; ticks fall on 1–2–5 steps and print with the report's
//! number rules (`3,000`, never `3000.0000001`). Coordinates are printed with one decimal, so
//! the output is byte-for-byte deterministic.

use std::fmt::Write as _;

use super::{fit, interval, number};
use crate::interval::{Bound, Interval};
use crate::report::{ClaimRow, QuantityReport, Report, Verdict};

const WIDTH: f64 = 960.0;
const LABEL_X: f64 = 12.0;
const PLOT_LEFT: f64 = 320.0;
const PLOT_RIGHT: f64 = 780.0;
const VERDICT_X: f64 = 792.0;
/// Characters of label that fit left of the plot at 12 px sans-serif (about 6.6 px each).
const LABEL_CHARS: usize = 44;
const TOP: f64 = 64.0;
const ROW: f64 = 30.0;
const AXIS_SPACE: f64 = 46.0;
const LEGEND_SPACE: f64 = 30.0;

const AGREE: &str = "#1f5fa8";
const FALSE: &str = "#c0392b";
const OTHER: &str = "#8c8c8c";
const BAND: &str = "#2e9d5b";

/// Escapes text for XML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with one decimal.
fn c(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let text = format!("{v:.1}");
    if text == "-0.0" {
        "0.0".to_owned()
    } else {
        text
    }
}

/// The horizontal axis: linear or log, from `lo` to `hi`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Axis {
    lo: f64,
    hi: f64,
    log: bool,
    /// Ticks stop here: the padding for unbounded sides gets none, it stands for infinity.
    tick_lo: f64,
    tick_hi: f64,
}

impl Axis {
    fn new(lo: f64, hi: f64, log: bool) -> Axis {
        Axis {
            lo,
            hi,
            log,
            tick_lo: lo,
            tick_hi: hi,
        }
    }

    /// An axis covering `values` (finite), log when all are positive and span more than ×10,
    /// with one more step on a side where some interval is unbounded, so that its arrow
    /// reaches past every finite end.
    fn covering(values: &[f64], unbounded_low: bool, unbounded_high: bool) -> Axis {
        let axis = Axis::tight(values);
        if axis.log {
            let lo = if unbounded_low {
                axis.lo / 10.0
            } else {
                axis.lo
            };
            let hi = if unbounded_high {
                axis.hi * 10.0
            } else {
                axis.hi
            };
            // One decade past 1e308 is infinite, one below the smallest subnormal is zero:
            // there the side keeps its unpadded end, as on a linear axis.
            return Axis {
                lo: if lo > 0.0 { lo } else { axis.lo },
                hi: if hi.is_finite() { hi } else { axis.hi },
                ..axis
            };
        }
        let step = nice_step(axis.lo, axis.hi);
        let padded = Axis {
            lo: if unbounded_low {
                axis.lo - step
            } else {
                axis.lo
            },
            hi: if unbounded_high {
                axis.hi + step
            } else {
                axis.hi
            },
            ..axis
        };
        if padded.lo.is_finite() && padded.hi.is_finite() {
            padded
        } else {
            axis
        }
    }

    /// The tightest readable axis over `values`.
    fn tight(values: &[f64]) -> Axis {
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !min.is_finite() || !max.is_finite() {
            return Axis::new(0.0, 1.0, false);
        }
        if min > 0.0 && max / min > 10.0 {
            let lo = 10f64.powf(min.log10().floor());
            let hi = 10f64.powf(max.log10().ceil());
            if lo.is_finite() && hi.is_finite() && lo > 0.0 {
                return Axis::new(lo, hi, true);
            }
        }
        let (mut lo, mut hi) = (min, max);
        if lo == hi {
            let pad = if lo == 0.0 { 1.0 } else { lo.abs() / 10.0 };
            lo -= pad;
            hi += pad;
        }
        // A count axis starting just above zero reads better from zero.
        if lo > 0.0 && lo < (hi - lo) / 2.0 {
            lo = 0.0;
        }
        let step = nice_step(lo, hi);
        let (nlo, nhi) = ((lo / step).floor() * step, (hi / step).ceil() * step);
        if nlo.is_finite() && nhi.is_finite() && nlo < nhi {
            Axis::new(nlo, nhi, false)
        } else {
            Axis::new(lo, hi, false)
        }
    }

    /// The x position of `v`, clamped to the plot.
    fn x(&self, v: f64) -> f64 {
        let t = if self.log {
            if v <= 0.0 {
                0.0
            } else {
                (v.log10() - self.lo.log10()) / (self.hi.log10() - self.lo.log10())
            }
        } else {
            // Divide before subtracting: no overflow near ±f64::MAX.
            (v / 2.0 - self.lo / 2.0) / (self.hi / 2.0 - self.lo / 2.0)
        };
        let t = if t.is_finite() {
            t.clamp(0.0, 1.0)
        } else {
            0.0
        };
        PLOT_LEFT + t * (PLOT_RIGHT - PLOT_LEFT)
    }

    /// Tick values on 1–2–5 steps.
    fn ticks(&self) -> Vec<f64> {
        if self.log {
            let (a, b) = (
                self.lo.log10().round() as i32,
                self.hi.log10().round() as i32,
            );
            let decades = b.saturating_sub(a);
            let mults: &[f64] = if decades <= 2 {
                &[1.0, 2.0, 5.0]
            } else {
                &[1.0]
            };
            let stride = (decades / 8 + 1).max(1);
            let mut ticks = Vec::new();
            for k in (a..=b).step_by(stride as usize) {
                for &m in mults {
                    // Parsing `1e{k}` gives the exact power of ten.
                    let v = format!("{m}e{k}").parse::<f64>().unwrap_or(0.0);
                    if v >= self.tick_lo && v <= self.tick_hi {
                        ticks.push(v);
                    }
                }
            }
            return ticks;
        }
        let step = nice_step(self.tick_lo, self.tick_hi);
        let first = (self.tick_lo / step).ceil();
        let last = (self.tick_hi / step).floor();
        if !(first.is_finite() && last.is_finite()) || last - first > 20.0 {
            return vec![self.tick_lo, self.tick_hi];
        }
        let mut ticks = Vec::new();
        let mut i = first;
        while i <= last {
            ticks.push(i * step);
            i += 1.0;
        }
        ticks
    }
}

/// A 1–2–5 step giving about six ticks between `lo` and `hi`.
fn nice_step(lo: f64, hi: f64) -> f64 {
    let raw = (hi / 6.0 - lo / 6.0).abs();
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let norm = raw / magnitude;
    let m = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    m * magnitude
}

/// The finite values a claim or region puts on the axis.
fn values(i: &Interval, best: Option<f64>, out: &mut Vec<f64>) {
    out.extend(i.low_value());
    out.extend(i.high_value());
    out.extend(best);
}

fn colour(v: &Verdict) -> &'static str {
    match v {
        Verdict::Agrees | Verdict::Undecided => AGREE,
        Verdict::Falseticker => FALSE,
        _ => OTHER,
    }
}

/// The height of the forest plot of `q`.
fn height(q: &QuantityReport) -> f64 {
    TOP + q.claims.len() as f64 * ROW + AXIS_SPACE + LEGEND_SPACE
}

/// The forest plots of every quantity, stacked in one document (nested `<svg>` elements).
pub(crate) fn stacked(report: &Report) -> String {
    let total: f64 = report.quantities.iter().map(height).sum::<f64>().max(ROW);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">"#,
        w = c(WIDTH),
        h = c(total)
    );
    let mut y = 0.0;
    for q in &report.quantities {
        // Each plot is a complete document; nested, it gets a position instead.
        let plot = forest(q);
        let _ = write!(
            s,
            "{}",
            plot.replacen("<svg ", &format!(r#"<svg x="0" y="{}" "#, c(y)), 1)
        );
        y += height(q);
    }
    if report.quantities.is_empty() {
        let _ = writeln!(s, r#"<text x="12" y="20">No claims to reconcile.</text>"#);
    }
    s.push_str("</svg>\n");
    s
}

/// The forest plot of one quantity's report.
pub(crate) fn forest(q: &QuantityReport) -> String {
    let mut vals = Vec::new();
    let (mut unbounded_low, mut unbounded_high) = (false, false);
    let intervals = q.claims.iter().map(|r| (&r.interval, r.best()));
    for (interval, best) in intervals.chain(q.consensus.iter().map(|r| (&r.interval, r.best))) {
        values(interval, best, &mut vals);
        unbounded_low |= interval.low_value().is_none();
        unbounded_high |= interval.high_value().is_none();
    }
    let axis = Axis::covering(&vals, unbounded_low, unbounded_high);
    let rows = q.claims.len() as f64;
    let plot_bottom = TOP + rows * ROW;
    let height = height(q);

    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12">"#,
        w = c(WIDTH),
        h = c(height)
    );
    let title = match &q.description {
        Some(d) => format!("{} — {d}", q.quantity),
        None => q.quantity.clone(),
    };
    let _ = writeln!(s, "<title>{}</title>", escape(&title));
    let _ = writeln!(
        s,
        r#"<rect x="0" y="0" width="{}" height="{}" fill="white"/>"#,
        c(WIDTH),
        c(height)
    );
    let _ = writeln!(
        s,
        r#"<text x="{}" y="22" font-size="15" font-weight="bold">{}</text>"#,
        c(LABEL_X),
        escape(&fit(&title, 100))
    );
    let unit = if q.unit.is_empty() { "—" } else { &q.unit };
    let consensus = match q.consensus.first() {
        Some(r) if q.consensus.len() > 1 => format!(
            "{} tied consensus regions ({} independent source{} each)",
            q.consensus.len(),
            r.support,
            if r.support == 1 { "" } else { "s" }
        ),
        Some(r) => format!(
            "consensus {} ({} independent source{})",
            interval(&r.interval),
            r.support,
            if r.support == 1 { "" } else { "s" }
        ),
        None => "no consensus".to_owned(),
    };
    let _ = writeln!(
        s,
        r##"<text x="{}" y="42" fill="#444">{}</text>"##,
        c(LABEL_X),
        escape(&format!(
            "unit: {unit} · method: {} · lexicon: {} · {consensus} · {} axis",
            q.method,
            q.lexicon,
            if axis.log { "log" } else { "linear" }
        ))
    );

    // Consensus bands, under everything else.
    for r in &q.consensus {
        let x0 = r.interval.low_value().map_or(PLOT_LEFT, |v| axis.x(v));
        let x1 = r.interval.high_value().map_or(PLOT_RIGHT, |v| axis.x(v));
        let (x0, w) = if x1 - x0 < 2.0 {
            (x0 - 1.0, 2.0)
        } else {
            (x0, x1 - x0)
        };
        let _ = writeln!(
            s,
            r#"<rect class="consensus" x="{}" y="{}" width="{}" height="{}" fill="{BAND}" fill-opacity="0.18" stroke="{BAND}" stroke-opacity="0.6" stroke-dasharray="4 3"/>"#,
            c(x0),
            c(TOP - 6.0),
            c(w),
            c(rows * ROW + 6.0)
        );
    }

    // Grid and axis.
    let ticks = axis.ticks();
    let _ = writeln!(s, r##"<g class="axis" stroke="none" fill="#444">"##);
    for t in &ticks {
        let x = axis.x(*t);
        let _ = writeln!(
            s,
            r##"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="#e3e3e3"/>"##,
            c(TOP - 6.0),
            c(plot_bottom),
            x = c(x)
        );
        let _ = writeln!(
            s,
            r##"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="#444"/>"##,
            c(plot_bottom),
            c(plot_bottom + 5.0),
            x = c(x)
        );
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            c(x),
            c(plot_bottom + 18.0),
            escape(&number(*t))
        );
    }
    let _ = writeln!(
        s,
        r##"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="#444"/>"##,
        c(PLOT_LEFT),
        c(PLOT_RIGHT),
        y = c(plot_bottom)
    );
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
        c((PLOT_LEFT + PLOT_RIGHT) / 2.0),
        c(plot_bottom + 36.0),
        escape(&format!(
            "{unit}{}",
            if axis.log { " (log scale)" } else { "" }
        ))
    );
    s.push_str("</g>\n");

    for (i, row) in q.claims.iter().enumerate() {
        claim_row(&mut s, &axis, row, TOP + i as f64 * ROW + ROW / 2.0);
    }

    // The statistical methods: the pooled estimate as a diamond on the band's lower edge,
    // as forest plots of meta-analyses draw it.
    if q.pooled.is_some()
        && let Some(b) = q.consensus.first().and_then(|r| r.best)
    {
        let (x, y) = (axis.x(b), TOP + rows * ROW);
        let _ = writeln!(
            s,
            r#"<path class="pooled" d="M {} {} L {} {} L {} {} L {} {} Z" fill="{BAND}" stroke="white" stroke-width="1"><title>{}</title></path>"#,
            c(x),
            c(y - 7.0),
            c(x + 9.0),
            c(y),
            c(x),
            c(y + 7.0),
            c(x - 9.0),
            c(y),
            escape(&format!("pooled estimate {}", number(b)))
        );
    }
    legend(&mut s, plot_bottom + AXIS_SPACE + 12.0);
    s.push_str("</svg>\n");
    s
}

/// One row: label, whisker, ends, best value, verdict.
fn claim_row(s: &mut String, axis: &Axis, row: &ClaimRow, y: f64) {
    let col = colour(&row.verdict);
    let falseticker = row.verdict == Verdict::Falseticker;
    let took_part = row.verdict.took_part();
    let _ = writeln!(
        s,
        r#"<g class="claim" data-id="{}" data-verdict="{}">"#,
        escape(row.id()),
        row.verdict.name()
    );
    if falseticker {
        let _ = writeln!(
            s,
            r#"<rect x="0" y="{}" width="{}" height="{}" fill="{FALSE}" fill-opacity="0.08"/>"#,
            c(y - ROW / 2.0),
            c(WIDTH),
            c(ROW)
        );
    }
    let date = row.date().map_or_else(String::new, |d| format!(" · {d}"));
    let id = fit(row.id(), 18);
    let room = LABEL_CHARS.saturating_sub(id.chars().count() + 3);
    let label = fit(&format!("{}{date}", row.source().name()), room);
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" fill="{}">{} <tspan fill="{OTHER}">({})</tspan></text>"#,
        c(LABEL_X),
        c(y + 4.0),
        if falseticker { FALSE } else { "#222" },
        escape(&label),
        escape(&id)
    );
    let _ = writeln!(
        s,
        r#"<title>{}: {}{}</title>"#,
        escape(row.id()),
        escape(&interval(&row.interval)),
        escape(&row.said().map_or_else(String::new, |t| format!(" — “{t}”")))
    );

    let dash = if took_part {
        ""
    } else {
        r#" stroke-dasharray="4 3""#
    };
    let iv = &row.interval;
    if iv.is_point() {
        let x = iv.low_value().map_or(PLOT_LEFT, |v| axis.x(v));
        let _ = writeln!(
            s,
            r#"<circle class="point" cx="{}" cy="{}" r="4.5" fill="{col}"/>"#,
            c(x),
            c(y)
        );
    } else {
        let x0 = iv.low_value().map_or(PLOT_LEFT, |v| axis.x(v));
        let x1 = iv.high_value().map_or(PLOT_RIGHT, |v| axis.x(v));
        let _ = writeln!(
            s,
            r#"<line class="whisker" x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{col}" stroke-width="2"{dash}/>"#,
            c(x0),
            c(x1),
            y = c(y)
        );
        end(s, iv.low(), x0, y, col, -1.0);
        end(s, iv.high(), x1, y, col, 1.0);
    }
    if let Some(b) = row.best() {
        let x = axis.x(b);
        let _ = writeln!(
            s,
            r#"<path class="best" d="M {} {} L {} {} L {} {} L {} {} Z" fill="{col}" stroke="white" stroke-width="1"/>"#,
            c(x),
            c(y - 6.0),
            c(x + 6.0),
            c(y),
            c(x),
            c(y + 6.0),
            c(x - 6.0),
            c(y)
        );
    }
    let verdict = match &row.verdict {
        Verdict::Falseticker => "falseticker".to_owned(),
        v => v.to_string(),
    };
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" fill="{col}"{}>{}</text>"#,
        c(VERDICT_X),
        c(y + 4.0),
        if falseticker {
            r#" font-weight="bold""#
        } else {
            ""
        },
        escape(&fit(&verdict, 20))
    );
    s.push_str("</g>\n");
}

/// One end of a whisker: `side` is −1 for the low end, +1 for the high end.
fn end(s: &mut String, bound: Bound, x: f64, y: f64, col: &str, side: f64) {
    match bound {
        Bound::Closed(_) => {
            let _ = writeln!(
                s,
                r#"<line class="closed" x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{col}" stroke-width="2.5"/>"#,
                c(y - 6.0),
                c(y + 6.0),
                x = c(x)
            );
        }
        Bound::Open(_) => {
            let _ = writeln!(
                s,
                r#"<circle class="open" cx="{}" cy="{}" r="4" fill="white" stroke="{col}" stroke-width="2"/>"#,
                c(x),
                c(y)
            );
        }
        Bound::Unbounded => {
            let tip = x + side * 2.0;
            let base = tip - side * 9.0;
            let _ = writeln!(
                s,
                r#"<path class="arrow" d="M {} {} L {} {} L {} {} Z" fill="{col}"/>"#,
                c(tip),
                c(y),
                c(base),
                c(y - 5.0),
                c(base),
                c(y + 5.0)
            );
        }
    }
}

/// The key to the symbols.
fn legend(s: &mut String, y: f64) {
    let _ = writeln!(s, r##"<g class="legend" fill="#444">"##);
    let mut x = LABEL_X;
    let items: [(&str, &str); 6] = [
        ("closed", "closed end"),
        ("open", "open end"),
        ("arrow", "unbounded"),
        ("best", "best value"),
        ("band", "consensus"),
        ("false", "falseticker"),
    ];
    for (kind, text) in items {
        match kind {
            "closed" => {
                let _ = writeln!(
                    s,
                    r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{AGREE}" stroke-width="2.5"/>"#,
                    c(y - 6.0),
                    c(y + 6.0),
                    x = c(x + 4.0)
                );
            }
            "open" => {
                let _ = writeln!(
                    s,
                    r#"<circle cx="{}" cy="{}" r="4" fill="white" stroke="{AGREE}" stroke-width="2"/>"#,
                    c(x + 4.0),
                    c(y)
                );
            }
            "arrow" => {
                let _ = writeln!(
                    s,
                    r#"<path d="M {} {} L {} {} L {} {} Z" fill="{AGREE}"/>"#,
                    c(x + 10.0),
                    c(y),
                    c(x + 1.0),
                    c(y - 5.0),
                    c(x + 1.0),
                    c(y + 5.0)
                );
            }
            "best" => {
                let _ = writeln!(
                    s,
                    r#"<path d="M {} {} L {} {} L {} {} L {} {} Z" fill="{AGREE}"/>"#,
                    c(x + 5.0),
                    c(y - 6.0),
                    c(x + 11.0),
                    c(y),
                    c(x + 5.0),
                    c(y + 6.0),
                    c(x - 1.0),
                    c(y)
                );
            }
            "band" => {
                let _ = writeln!(
                    s,
                    r#"<rect x="{}" y="{}" width="12" height="12" fill="{BAND}" fill-opacity="0.18" stroke="{BAND}"/>"#,
                    c(x),
                    c(y - 6.0)
                );
            }
            _ => {
                let _ = writeln!(
                    s,
                    r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{FALSE}" stroke-width="2"/>"#,
                    c(x),
                    c(x + 12.0),
                    y = c(y)
                );
            }
        }
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}">{text}</text>"#,
            c(x + 18.0),
            c(y + 4.0)
        );
        x += 18.0 + 7.0 * text.len() as f64 + 18.0;
    }
    s.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_ticks_fall_on_round_numbers() {
        let axis = Axis::covering(&[0.0, 3000.0, 10_000.0], false, false);
        assert!(!axis.log);
        let labels: Vec<String> = axis.ticks().into_iter().map(number).collect();
        assert_eq!(labels, ["0", "2,000", "4,000", "6,000", "8,000", "10,000"]);
    }

    #[test]
    fn small_steps_print_without_float_noise() {
        // 0.1 + 0.2 + … would print 0.30000000000000004 without the number rules.
        let axis = Axis::covering(&[0.1, 0.7], false, false);
        let labels: Vec<String> = axis.ticks().into_iter().map(number).collect();
        assert_eq!(labels, ["0", "0.2", "0.4", "0.6", "0.8"]);
        assert!(labels.iter().all(|l| l.len() <= 4), "{labels:?}");
    }

    #[test]
    fn positive_values_spanning_more_than_ten_get_a_log_axis() {
        let axis = Axis::covering(&[3000.0, 600_000.0], false, false);
        assert!(axis.log);
        assert_eq!((axis.lo, axis.hi), (1000.0, 1_000_000.0));
        let labels: Vec<String> = axis.ticks().into_iter().map(number).collect();
        assert_eq!(labels, ["1,000", "10,000", "100,000", "1,000,000"]);
        assert!(!Axis::covering(&[0.0, 600_000.0], false, false).log);
        assert!(!Axis::covering(&[3000.0, 10_000.0], false, true).log);
    }

    #[test]
    fn an_unbounded_side_gets_one_more_step() {
        let axis = Axis::covering(&[0.0, 3000.0, 10_000.0], false, true);
        assert_eq!((axis.lo, axis.hi), (0.0, 12_000.0));
        let log = Axis::covering(&[3000.0, 600_000.0], false, true);
        assert_eq!((log.lo, log.hi), (1000.0, 10_000_000.0));
    }

    #[test]
    fn degenerate_axes_are_safe() {
        let empty = Axis::covering(&[], true, true);
        assert!(empty.lo.is_finite() && empty.hi.is_finite() && empty.lo < empty.hi);
        let one = Axis::covering(&[5.0], false, false);
        assert!(one.lo < 5.0 && one.hi > 5.0);
        let huge = Axis::covering(&[-f64::MAX, f64::MAX], true, true);
        assert!(huge.x(0.0).is_finite());
        assert!(!huge.ticks().is_empty());
    }

    #[test]
    fn escape_covers_markup() {
        assert_eq!(escape(r#"a<b & "c"'"#), "a&lt;b &amp; &quot;c&quot;&apos;");
    }
}
