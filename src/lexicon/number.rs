//! The number grammar: numerals and number words to a value and its rounding unit.
//!
//! Hand-written, on tokens, with no backtracking beyond a fixed look-ahead of three tokens.
//!
//! - Numerals: `3000`, `3,000`, `3 000` (also with a no-break, thin or narrow no-break space),
//!   `3.5`, `.5`, `1.5e6`; groups of three after a first group of one to three digits, one
//!   separator throughout; a glued scale suffix `k`/`K` (thousand), `m`/`M`/`mn` (million),
//!   `bn` (billion); a following scale word (`hundred`, `thousand`, `million`, `billion`,
//!   `trillion`, `hundred thousand`); a percent sign or `percent`/`per cent`.
//! - Words: `zero` … `nineteen`, `twenty` … `ninety` (`twenty-one`), `hundred`, `thousand`,
//!   `million`, `billion`, `trillion`, `dozen`, `a`/`an` before a scale word (`a million`),
//!   `half a million`, `one and a half million`, `a million and a half`, `one hundred and
//!   twenty` (the `and` only where it cannot end a range).
//! - Ordinals (`16th`) are not quantities: they are an error, as is any other glued suffix.
//!
//! Every number also has a **rounding unit**: the place value of its last non-zero significant
//! digit, times its scale — 600,000 → 100,000; 3,500 → 100; 3.5 million → 100,000; 10,000 →
//! 10,000; 1.25 → 0.01; for zero, the place of the last digit written (0 → 1, 0.0 → 0.1). The
//! approximators ("about X") widen X by half that unit, because a number rounded to it stands
//! for any value that rounds to it.

use super::token::{Kind, Token, Tokens};
use super::{ParseError, ParseErrorKind};

/// A number read from the text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Number {
    /// The value, scale applied.
    pub value: f64,
    /// The rounding unit, scale applied.
    pub unit: f64,
    /// The scale word or suffix that ended the number (1 when none).
    pub scale: f64,
    /// Whether it was given as a percentage.
    pub percent: bool,
    /// Where it starts and ends in the text.
    pub start: usize,
    pub end: usize,
}

impl Number {
    /// The value before its scale: 12 for "12 thousand".
    pub fn mantissa(&self) -> f64 {
        self.value / self.scale
    }

    /// The same number with `scale` applied (for "10–12 thousand", whose 10 is 10,000).
    pub fn rescaled(mut self, scale: f64) -> Number {
        self.value *= scale;
        self.unit *= scale;
        self.scale = scale;
        self
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Word {
    /// zero … nineteen.
    Small(f64),
    /// twenty … ninety.
    Tens(f64),
    Hundred,
    /// thousand, million, billion, trillion.
    Scale(f64),
    Dozen,
    /// `a` or `an`: one, before a scale word.
    A,
    Half,
}

/// The number word `w` (lower case).
fn word_of(w: &[u8]) -> Option<Word> {
    Some(match w {
        b"a" | b"an" => Word::A,
        b"zero" | b"nil" => Word::Small(0.0),
        b"one" => Word::Small(1.0),
        b"two" => Word::Small(2.0),
        b"three" => Word::Small(3.0),
        b"four" => Word::Small(4.0),
        b"five" => Word::Small(5.0),
        b"six" => Word::Small(6.0),
        b"seven" => Word::Small(7.0),
        b"eight" => Word::Small(8.0),
        b"nine" => Word::Small(9.0),
        b"ten" => Word::Small(10.0),
        b"eleven" => Word::Small(11.0),
        b"twelve" => Word::Small(12.0),
        b"thirteen" => Word::Small(13.0),
        b"fourteen" => Word::Small(14.0),
        b"fifteen" => Word::Small(15.0),
        b"sixteen" => Word::Small(16.0),
        b"seventeen" => Word::Small(17.0),
        b"eighteen" => Word::Small(18.0),
        b"nineteen" => Word::Small(19.0),
        b"twenty" => Word::Tens(20.0),
        b"thirty" => Word::Tens(30.0),
        b"forty" => Word::Tens(40.0),
        b"fifty" => Word::Tens(50.0),
        b"sixty" => Word::Tens(60.0),
        b"seventy" => Word::Tens(70.0),
        b"eighty" => Word::Tens(80.0),
        b"ninety" => Word::Tens(90.0),
        b"hundred" => Word::Hundred,
        b"thousand" => Word::Scale(1e3),
        b"million" => Word::Scale(1e6),
        b"billion" => Word::Scale(1e9),
        b"trillion" => Word::Scale(1e12),
        b"dozen" => Word::Dozen,
        b"half" => Word::Half,
        _ => return None,
    })
}

fn word(token: &Token<'_>) -> Option<Word> {
    if token.kind != Kind::Word || token.text.len() > 9 {
        return None;
    }
    let mut buf = [0u8; 9];
    let lower = buf.get_mut(..token.text.len())?;
    lower.copy_from_slice(token.text.as_bytes());
    lower.make_ascii_lowercase();
    word_of(lower)
}

/// Whether the token is a number word (so that it is never taken for a noun).
pub(crate) fn is_number_word(token: &Token<'_>) -> bool {
    word(token).is_some_and(|w| w != Word::A)
}

/// Whether the token is a scale word that a vague word may carry ("several *thousand*").
pub(crate) fn scale_word(token: &Token<'_>) -> Option<f64> {
    match word(token)? {
        Word::Hundred => Some(100.0),
        Word::Scale(s) => Some(s),
        Word::Dozen => Some(12.0),
        _ => None,
    }
}

/// Options of the number grammar that depend on where the number stands.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Context {
    /// Inside "between X and Y": `and` ends the first number instead of joining words
    /// ("one hundred and twenty").
    pub and_ends_number: bool,
}

/// Reads the number at `pos`, or `Ok(None)` when no number starts there.
pub(crate) fn number_at(
    toks: &Tokens<'_>,
    pos: usize,
    ctx: Context,
) -> Result<Option<Number>, ParseError> {
    let t = toks.at(pos);
    match t.kind {
        Kind::Numeral => numeral_number(toks, t, false, t.start).map(Some),
        Kind::Symbol if t.is_symbol_in(&["-", "−"]) => {
            let n = toks.at(t.end);
            if n.kind == Kind::Numeral && n.start == t.end {
                numeral_number(toks, n, true, t.start).map(Some)
            } else {
                Ok(None)
            }
        }
        Kind::Word => word_number(toks, t, ctx),
        _ => Ok(None),
    }
}

fn error(kind: ParseErrorKind, token: &Token<'_>, expected: &str) -> ParseError {
    ParseError::new(kind, token.start, token.text, expected)
}

/// The most characters a numeral may have: no hedged number needs more, and the bound keeps
/// the conversion on a stack buffer.
const MAX_NUMERAL: usize = 64;

/// A numeral, then any scale words and percent sign after it.
fn numeral_number(
    toks: &Tokens<'_>,
    t: Token<'_>,
    negative: bool,
    start: usize,
) -> Result<Number, ParseError> {
    let malformed = |expected: &str| error(ParseErrorKind::MalformedNumber, &t, expected);
    if t.text.len() > MAX_NUMERAL {
        return Err(malformed("a numeral of at most 64 characters"));
    }
    let mut buf = [0u8; MAX_NUMERAL + 1];
    let mut len = 0;
    if negative {
        if let Some(b) = buf.get_mut(0) {
            *b = b'-';
        }
        len = 1;
    }
    let bytes = t.text.as_bytes();
    let mut i = 0;
    // Integer part with its groups.
    let mut separator: Option<char> = None;
    let mut group = 0usize; // digits in the current group
    let mut first_group = true;
    let mut last_nonzero: Option<i64> = None; // position (from the left) of the last non-zero digit
    let mut int_digits = 0i64;
    let mut int_value = 0u64; // the integer part, meaningful up to 15 digits
    let push = |buf: &mut [u8; MAX_NUMERAL + 1], len: &mut usize, b: u8| {
        if let Some(slot) = buf.get_mut(*len) {
            *slot = b;
            *len += 1;
        }
    };
    while i < bytes.len() {
        let Some(c) = t.text.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        if c.is_ascii_digit() {
            if c != '0' {
                last_nonzero = Some(int_digits);
            }
            int_digits += 1;
            int_value = int_value
                .wrapping_mul(10)
                .wrapping_add(u64::from(c as u8 - b'0'));
            group += 1;
            push(&mut buf, &mut len, c as u8);
            i += 1;
        } else if is_separator(c) {
            if first_group && !(1..=3).contains(&group) || !first_group && group != 3 {
                return Err(malformed("digits grouped in threes"));
            }
            if separator.is_some_and(|s| s != c) {
                return Err(malformed("one digit-group separator throughout"));
            }
            separator = Some(c);
            first_group = false;
            group = 0;
            i += c.len_utf8();
        } else {
            break;
        }
    }
    if separator.is_some() && group != 3 {
        return Err(malformed("digits grouped in threes"));
    }
    // Fraction.
    let mut frac_digits = 0i64;
    if bytes.get(i) == Some(&b'.') {
        push(&mut buf, &mut len, b'.');
        i += 1;
        while let Some(&d) = bytes.get(i).filter(|d| d.is_ascii_digit()) {
            frac_digits += 1;
            if d != b'0' {
                last_nonzero = Some(int_digits + frac_digits - 1);
            }
            push(&mut buf, &mut len, d);
            i += 1;
        }
        if frac_digits == 0 {
            return Err(malformed("digits after the decimal point"));
        }
    }
    // Exponent.
    let mut exponent = 0i64;
    let mut has_exponent = false;
    if matches!(bytes.get(i), Some(b'e' | b'E'))
        && (bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
            || matches!(bytes.get(i + 1), Some(b'+' | b'-'))
                && bytes.get(i + 2).is_some_and(u8::is_ascii_digit))
    {
        push(&mut buf, &mut len, b'e');
        has_exponent = true;
        i += 1;
        let mut sign = 1;
        if let Some(&s @ (b'+' | b'-')) = bytes.get(i) {
            if s == b'-' {
                sign = -1;
            }
            push(&mut buf, &mut len, s);
            i += 1;
        }
        while let Some(&d) = bytes.get(i).filter(|d| d.is_ascii_digit()) {
            exponent = (exponent * 10 + i64::from(d - b'0')).min(100_000);
            push(&mut buf, &mut len, d);
            i += 1;
        }
        exponent *= sign;
    }
    // Glued suffix.
    let suffix = t.text.get(i..).unwrap_or("");
    let scale = match suffix {
        "" => 1.0,
        "k" | "K" => 1e3,
        "m" | "M" | "mn" | "Mn" | "MN" => 1e6,
        "bn" | "Bn" | "BN" => 1e9,
        s if ["st", "nd", "rd", "th"]
            .iter()
            .any(|o| s.eq_ignore_ascii_case(o)) =>
        {
            return Err(error(
                ParseErrorKind::Ordinal,
                &t,
                "a cardinal number (an ordinal such as \"16th\" is a rank, not a quantity)",
            ));
        }
        _ => {
            return Err(malformed(
                "a numeral, optionally with a scale suffix (k, m, bn)",
            ));
        }
    };
    let raw = if frac_digits == 0 && !has_exponent && (1..=15).contains(&int_digits) {
        // An integer of at most 15 digits is exact in a float: the value the decimal parser
        // would give, without it.
        let v = int_value as f64;
        if negative { -v } else { v }
    } else {
        let digits = std::str::from_utf8(buf.get(..len).unwrap_or(&[])).unwrap_or("");
        digits
            .parse()
            .map_err(|_| malformed("a well-formed numeral"))?
    };
    // Place value of the last non-zero digit (or of the last digit for zero).
    let place = match last_nonzero {
        Some(p) => int_digits - 1 - p,
        None if frac_digits > 0 => -frac_digits,
        None => 0,
    } + exponent;
    let unit = pow10(place);
    let mut n = Number {
        value: raw,
        unit,
        scale: 1.0,
        percent: false,
        start,
        end: t.end,
    };
    if scale != 1.0 {
        n = n.rescaled(scale);
    } else {
        n = trailing_scale_words(toks, n);
    }
    n = trailing_percent(toks, n);
    if !n.value.is_finite() {
        return Err(error(
            ParseErrorKind::MalformedNumber,
            &t,
            "a number within the range of a 64-bit float",
        ));
    }
    Ok(n)
}

fn is_separator(c: char) -> bool {
    matches!(c, ',' | ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}')
}

/// 10^0 to 10^22, the powers of ten that a 64-bit float holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// 10^p, never zero: below the smallest subnormal it is the smallest subnormal, so that a
/// rounding unit is always positive.
fn pow10(p: i64) -> f64 {
    // The places of everyday numbers from a table, without the loop of `powi`: every power
    // up to 1e22 is exact, so the table holds what `powi` computes, and its reciprocals are
    // the one rounding `powi` does for a negative power.
    let exact = usize::try_from(p.unsigned_abs())
        .ok()
        .and_then(|i| EXACT_POWERS_OF_TEN.get(i));
    if let Some(&v) = exact {
        return if p < 0 { 1.0 / v } else { v };
    }
    let p = p.clamp(-400, 400) as i32;
    let v = if p < -300 {
        10f64.powi(p + 300) * 1e-300
    } else {
        10f64.powi(p)
    };
    v.max(f64::from_bits(1))
}

/// "3.5 million", "3 hundred thousand": scale words after a numeral.
fn trailing_scale_words(toks: &Tokens<'_>, mut n: Number) -> Number {
    let t = toks.at(n.end);
    let mut scale = 1.0;
    let mut end = n.end;
    match word(&t) {
        Some(Word::Hundred) => {
            scale = 100.0;
            end = t.end;
            let t2 = toks.at(t.end);
            if let Some(Word::Scale(s)) = word(&t2) {
                scale *= s;
                end = t2.end;
            }
        }
        Some(Word::Scale(s)) => {
            scale = s;
            end = t.end;
        }
        _ => {}
    }
    if scale != 1.0 {
        n = n.rescaled(scale);
        n.end = end;
    }
    n
}

/// "45%", "45 percent", "45 per cent".
fn trailing_percent(toks: &Tokens<'_>, mut n: Number) -> Number {
    let t = toks.at(n.end);
    if (t.kind == Kind::Symbol && t.text == "%") || t.is("percent") {
        n.percent = true;
        n.end = t.end;
    } else if t.is("per") {
        let t2 = toks.at(t.end);
        if t2.is("cent") {
            n.percent = true;
            n.end = t2.end;
        }
    }
    n
}

/// The rounding unit of a value built from number words: the place of its last non-zero digit.
fn unit_of_word_value(v: f64) -> f64 {
    if v == 0.0 {
        return 1.0;
    }
    let mut unit = 1.0;
    if v.fract() != 0.0 {
        // Word values are multiples of one half: one decimal place at most.
        return 0.1;
    }
    while unit < 1e300 && (v / (unit * 10.0)).fract() == 0.0 {
        unit *= 10.0;
    }
    unit
}

/// Number words: "twenty-one", "six hundred thousand", "half a million", "a million and a half".
fn word_number(
    toks: &Tokens<'_>,
    first: Token<'_>,
    ctx: Context,
) -> Result<Option<Number>, ParseError> {
    let Some(w0) = word(&first) else {
        return Ok(None);
    };
    // `a` or `half` alone are not numbers: "a" must lead to a scale word, "half" to "a" + scale.
    let next = toks.at(first.end);
    match w0 {
        Word::A if scale_word(&next).is_none() => return Ok(None),
        Word::Half => {
            let scale_tok = toks.at(next.end);
            if word(&next) != Some(Word::A) {
                return Ok(None);
            }
            let Some(s) = scale_word(&scale_tok) else {
                return Ok(None);
            };
            let value = 0.5 * s;
            let n = Number {
                value,
                unit: if s == 12.0 {
                    1.0
                } else {
                    unit_of_word_value(value)
                },
                scale: s,
                percent: false,
                start: first.start,
                end: scale_tok.end,
            };
            return Ok(Some(trailing_percent(toks, n)));
        }
        _ => {}
    }
    let mut total = 0.0f64;
    let mut current = 0.0f64;
    let mut has_current = false; // a small number or tens since the last scale
    let mut small_done = false; // current already has its units digit
    let mut tens_done = false;
    let mut last_scale = f64::INFINITY;
    let mut ended_scale = 1.0;
    let mut pos = first.start;
    let mut end = first.start;
    loop {
        let t = toks.at(pos);
        let Some(w) = word(&t) else {
            // "and a half", "one hundred and twenty"
            if t.is("and") {
                let t2 = toks.at(t.end);
                let t3 = toks.at(t2.end);
                if word(&t2) == Some(Word::A) && word(&t3) == Some(Word::Half) {
                    if has_current {
                        current += 0.5;
                        small_done = true;
                        tens_done = true;
                    } else if last_scale.is_finite() {
                        total += 0.5 * last_scale;
                        end = t3.end;
                        break;
                    } else {
                        break;
                    }
                    pos = t3.end;
                    end = t3.end;
                    continue;
                }
                let after_hundred = has_current && current >= 100.0 && current % 100.0 == 0.0;
                let joins = matches!(word(&t2), Some(Word::Small(v)) if v > 0.0)
                    || matches!(word(&t2), Some(Word::Tens(_)));
                if !ctx.and_ends_number && after_hundred && joins {
                    pos = t.end;
                    continue;
                }
            }
            break;
        };
        match w {
            Word::A => {
                if pos != first.start {
                    break;
                }
                current = 1.0;
                has_current = true;
                small_done = true;
                tens_done = true;
            }
            Word::Small(v) => {
                if small_done || (tens_done && v >= 10.0) {
                    break;
                }
                current += v;
                has_current = true;
                small_done = true;
                tens_done = true;
            }
            Word::Tens(v) => {
                if tens_done {
                    break;
                }
                current += v;
                has_current = true;
                tens_done = true;
                // "twenty-one": a hyphen glued on both sides, then a digit word.
                let hy = toks.at(t.end);
                let unit_tok = toks.at(hy.end);
                if hy.start == t.end
                    && hy.text == "-"
                    && unit_tok.start == hy.end
                    && matches!(word(&unit_tok), Some(Word::Small(u)) if (1.0..10.0).contains(&u))
                {
                    if let Some(Word::Small(u)) = word(&unit_tok) {
                        current += u;
                    }
                    small_done = true;
                    pos = unit_tok.end;
                    end = pos;
                    ended_scale = 1.0;
                    continue;
                }
            }
            Word::Hundred => {
                if !has_current || current >= 100.0 || current == 0.0 {
                    break;
                }
                current *= 100.0;
                small_done = false;
                tens_done = false;
                pos = t.end;
                end = pos;
                ended_scale = 100.0;
                continue;
            }
            Word::Scale(s) => {
                if !has_current || current == 0.0 || s >= last_scale {
                    break;
                }
                total += current * s;
                current = 0.0;
                has_current = false;
                small_done = false;
                tens_done = false;
                last_scale = s;
                pos = t.end;
                end = pos;
                ended_scale = s;
                continue;
            }
            Word::Dozen => {
                if !has_current || current == 0.0 || current >= 100.0 {
                    break;
                }
                current *= 12.0;
                small_done = true;
                tens_done = true;
                pos = t.end;
                end = pos;
                ended_scale = 12.0;
                continue;
            }
            Word::Half => break,
        }
        pos = t.end;
        end = pos;
        ended_scale = 1.0;
    }
    if end == first.start {
        return Ok(None);
    }
    let value = total + current;
    let n = Number {
        value,
        unit: if ended_scale == 12.0 {
            1.0
        } else {
            unit_of_word_value(value)
        },
        scale: ended_scale,
        percent: false,
        start: first.start,
        end,
    };
    Ok(Some(trailing_percent(toks, n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (f64, f64) {
        let n = number_at(&Tokens::new(text), 0, Context::default())
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("no number in {text:?}"));
        assert_eq!(n.end, text.len(), "{text:?} read only up to {}", n.end);
        (n.value, n.unit)
    }

    #[test]
    fn numerals_with_their_rounding_units() {
        assert_eq!(read("600,000"), (600_000.0, 100_000.0));
        assert_eq!(read("3,500"), (3_500.0, 100.0));
        assert_eq!(read("10,000"), (10_000.0, 10_000.0));
        assert_eq!(read("3 000"), (3_000.0, 1_000.0));
        assert_eq!(read("3\u{2009}000"), (3_000.0, 1_000.0));
        assert_eq!(read("3.5 million"), (3_500_000.0, 100_000.0));
        assert_eq!(read("1.2bn"), (1_200_000_000.0, 100_000_000.0));
        assert_eq!(read("1.2 billion"), (1_200_000_000.0, 100_000_000.0));
        assert_eq!(read("600K"), (600_000.0, 100_000.0));
        assert_eq!(read("10m"), (10_000_000.0, 10_000_000.0));
        assert_eq!(read("0"), (0.0, 1.0));
        assert_eq!(read("0.0"), (0.0, 0.1));
        assert_eq!(read("1.5e6"), (1_500_000.0, 100_000.0));
        assert_eq!(read("3 hundred thousand"), (300_000.0, 100_000.0));
    }

    #[test]
    fn integers_read_as_the_decimal_parser_reads_them() {
        for s in [
            "0",
            "-0",
            "-15",
            "600000",
            "999999999999999",
            "9007199254740993",
            "123456789012345678901",
        ] {
            let parsed: f64 = s.parse().unwrap_or(f64::NAN);
            assert_eq!(read(s).0.to_bits(), parsed.to_bits(), "{s}");
        }
    }

    #[test]
    fn table_powers_of_ten_are_those_of_powi() {
        for p in -30i32..=30 {
            assert_eq!(
                pow10(i64::from(p)).to_bits(),
                10f64.powi(p).to_bits(),
                "10^{p}"
            );
        }
    }

    #[test]
    fn number_words_with_their_rounding_units() {
        assert_eq!(read("three"), (3.0, 1.0));
        assert_eq!(read("twenty-one"), (21.0, 1.0));
        assert_eq!(read("ten thousand"), (10_000.0, 10_000.0));
        assert_eq!(read("six hundred thousand"), (600_000.0, 100_000.0));
        assert_eq!(read("a million"), (1e6, 1e6));
        assert_eq!(read("half a million"), (500_000.0, 100_000.0));
        assert_eq!(read("one and a half million"), (1_500_000.0, 100_000.0));
        assert_eq!(read("a million and a half"), (1_500_000.0, 100_000.0));
        assert_eq!(read("a dozen"), (12.0, 1.0));
        assert_eq!(read("one hundred and twenty"), (120.0, 10.0));
        assert_eq!(read("twenty-one thousand five hundred"), (21_500.0, 100.0));
    }

    #[test]
    fn malformed_numerals_are_errors() {
        for bad in ["3,00", "3,0000", "1,000 000", "1.2.3", "16th", "3x", "1,2"] {
            let toks = Tokens::new(bad);
            assert!(
                number_at(&toks, 0, Context::default()).is_err()
                    || number_at(&toks, 0, Context::default())
                        .ok()
                        .flatten()
                        .is_some_and(|n| n.end != bad.len()),
                "{bad:?}"
            );
        }
    }
}
