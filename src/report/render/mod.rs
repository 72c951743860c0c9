//! Renderers of a [`Report`](crate::Report): plain text (its `Display`), Markdown, JSON and an
//! SVG forest plot, with one set of number-formatting rules so that every output is
//! deterministic and reads the same.
//!
//! Numbers: whole numbers exactly, others rounded to 6 significant digits, trailing zeros dropped, the integer part grouped
//! by thousands with commas (`3,000`, `600,000`, `2.6269`); magnitudes from 10¹⁵ up or below
//! 10⁻⁴ in scientific notation (`1.5e20`). Ratios to 2 significant digits (`×3.3`).

pub(crate) mod markdown;
pub(crate) mod svg;
pub(crate) mod text;

use crate::interval::{Bound, Interval};

/// `v` rounded to `sig` significant digits, as plain decimal text without grouping.
fn significant(v: f64, sig: i32) -> String {
    if v == 0.0 || !v.is_finite() {
        return if v.is_nan() {
            "NaN".to_owned()
        } else if v == 0.0 {
            "0".to_owned()
        } else if v > 0.0 {
            "∞".to_owned()
        } else {
            "-∞".to_owned()
        };
    }
    let magnitude = v.abs().log10().floor() as i32;
    let decimals = sig - 1 - magnitude;
    let text = if decimals >= 0 {
        format!("{:.*}", decimals as usize, v)
    } else {
        let unit = 10f64.powi(-decimals);
        format!("{:.0}", (v / unit).round() * unit)
    };
    trim_zeros(text)
}

fn trim_zeros(text: String) -> String {
    if !text.contains('.') {
        return text;
    }
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Groups the integer part of a plain decimal by thousands: `1234567.5` → `1,234,567.5`.
fn group_thousands(text: &str) -> String {
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut grouped = String::with_capacity(text.len() + int.len() / 3);
    grouped.push_str(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    if let Some(frac) = frac {
        grouped.push('.');
        grouped.push_str(frac);
    }
    grouped
}

/// A number for people (see the module docs).
pub(crate) fn number(v: f64) -> String {
    let a = v.abs();
    if a != 0.0 && a.is_finite() && !(1e-4..1e15).contains(&a) {
        let text = format!("{v:.2e}");
        return match text.split_once('e') {
            Some((mantissa, exp)) => format!("{}e{exp}", trim_zeros(mantissa.to_owned())),
            None => text,
        };
    }
    // Whole numbers stay exact (counts are integers); others get 6 significant digits.
    let plain = if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        significant(v, 6)
    };
    if plain == "-0" {
        return "0".to_owned();
    }
    group_thousands(&plain)
}

/// A ratio for people: `×3.3`, `×200`, `×1,200`.
pub(crate) fn ratio(r: f64) -> String {
    if r.is_finite() && r.abs() < 1e15 {
        format!("×{}", group_thousands(&significant(r, 2)))
    } else {
        format!("×{}", number(r))
    }
}

/// Orders of magnitude to one decimal: `2.3`.
pub(crate) fn orders(o: f64) -> String {
    format!("{o:.1}")
}

/// An interval in mathematical notation with readable numbers: `(3,000, 10,000]`, `[0, ∞)`.
pub(crate) fn interval(i: &Interval) -> String {
    let low = match i.low() {
        Bound::Unbounded => "(-∞".to_owned(),
        Bound::Closed(v) => format!("[{}", number(v.get())),
        Bound::Open(v) => format!("({}", number(v.get())),
    };
    let high = match i.high() {
        Bound::Unbounded => "∞)".to_owned(),
        Bound::Closed(v) => format!("{}]", number(v.get())),
        Bound::Open(v) => format!("{})", number(v.get())),
    };
    format!("{low}, {high}")
}

/// The number of characters (not bytes) of `s`, for column layout.
pub(crate) fn width(s: &str) -> usize {
    s.chars().count()
}

/// `s` cut to at most `max` characters, with `…` marking the cut.
pub(crate) fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(3000.0), "3,000");
        assert_eq!(number(3_000.000_000_1), "3,000");
        assert_eq!(number(600_000.0), "600,000");
        assert_eq!(number(2.626_865_67), "2.62687");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(-1234.5), "-1,234.5");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(1.5e20), "1.5e20");
        assert_eq!(number(1e-7), "1e-7");
        assert_eq!(number(f64::MAX), "1.8e308");
        assert_eq!(number(999_999.7), "1,000,000");
        assert_eq!(number(123_456_789.0), "123,456,789");
    }

    #[test]
    fn ratios_have_two_significant_digits() {
        assert_eq!(ratio(10_000.0 / 3_000.0), "×3.3");
        assert_eq!(ratio(200.0), "×200");
        assert_eq!(ratio(1234.0), "×1,200");
        assert_eq!(ratio(1.0), "×1");
    }

    #[test]
    fn intervals_use_readable_numbers() {
        let i = Interval::from_parts(Some(3000.0), true, Some(10_000.0), false).unwrap();
        assert_eq!(interval(&i), "(3,000, 10,000]");
        assert_eq!(interval(&Interval::at_least(0.0).unwrap()), "[0, ∞)");
        assert_eq!(interval(&Interval::everything()), "(-∞, ∞)");
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 4), "abc");
    }
}
