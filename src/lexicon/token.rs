//! The tokeniser: hedged text to words, numerals and symbols, on bytes, without allocating.
//!
//! Tokens are scanned from a byte position (`token_at`). The parser asks for the token at the
//! same few positions many times (a hedge is tried, then the number, then the tail looks
//! ahead), so a phrase is scanned once into [`Tokens`], a fixed-size list on the stack, and
//! the parser looks its tokens up there; the whole parse stays linear in the length of the
//! text.

use std::cell::Cell;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters, with apostrophes inside: `about`, `Korea’s`.
    Word,
    /// A numeral with its grouping, decimals, exponent and any letters glued to it:
    /// `3,000`, `3 000`, `1.2bn`, `600K`, `16th`, `1.5e6`.
    Numeral,
    /// Any other single character: `(`, `–`, `±`, `%`, `~`.
    Symbol,
    /// The end of the text.
    End,
}

/// A token: its kind and where it sits in the text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token<'a> {
    pub kind: Kind,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

impl Token<'_> {
    /// Whether the token is the word or symbol `s` (ASCII case-insensitive).
    pub fn is(&self, s: &str) -> bool {
        self.text.eq_ignore_ascii_case(s)
    }

    /// Whether the token is a symbol among `set`.
    pub fn is_symbol_in(&self, set: &[&str]) -> bool {
        self.kind == Kind::Symbol && set.contains(&self.text)
    }
}

/// The most tokens [`Tokens`] keeps: more than any hedged phrase needs; the tokens of a
/// longer text are scanned when asked for.
const KEPT: usize = 16;

/// The tokens of a text, scanned once from its start (the end token included when the text
/// has fewer than [`KEPT`] tokens).
///
/// [`Tokens::at`] answers exactly what [`token_at`] would: the parser moves only from token
/// to token, so its positions are the ends and starts of these tokens, and any other
/// position is scanned afresh. The tokens are kept as bare spans (not [`Token`]s, which are
/// twice the size), so that scanning a phrase writes little and a look-up reads little.
pub(crate) struct Tokens<'a> {
    text: &'a str,
    starts: [usize; KEPT],
    ends: [usize; KEPT],
    kinds: [Kind; KEPT],
    len: usize,
    /// The token last looked up.
    hint: Cell<usize>,
}

impl<'a> Tokens<'a> {
    /// Room for the tokens of `text`, none scanned yet: [`Tokens::scan`] fills it. (Two steps
    /// so that the caller's value is filled in place, not built and then copied.)
    pub fn unscanned(text: &'a str) -> Self {
        Tokens {
            text,
            starts: [0; KEPT],
            ends: [0; KEPT],
            kinds: [Kind::End; KEPT],
            len: 0,
            hint: Cell::new(0),
        }
    }

    /// Scans the text from its start.
    pub fn scan(&mut self) {
        let mut pos = 0;
        self.len = 0;
        let slots = self
            .starts
            .iter_mut()
            .zip(&mut self.ends)
            .zip(&mut self.kinds);
        for ((start, end), kind) in slots {
            let t = token_at(self.text, pos);
            (*start, *end, *kind) = (t.start, t.end, t.kind);
            self.len += 1;
            if t.kind == Kind::End {
                break;
            }
            pos = t.end;
        }
    }

    /// The tokens of `text`.
    #[cfg(test)]
    pub fn new(text: &'a str) -> Self {
        let mut tokens = Tokens::unscanned(text);
        tokens.scan();
        tokens
    }

    /// The text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The token that starts at or after byte `pos` (white space skipped), as [`token_at`].
    #[inline]
    pub fn at(&self, pos: usize) -> Token<'a> {
        // The parser mostly asks again for the token it just had or for the next one, so
        // those two are tried before the whole list.
        let hint = self.hint.get();
        let k = [hint, hint + 1]
            .into_iter()
            .find(|&k| self.is_at(k, pos))
            .or_else(|| (0..self.len).find(|&k| self.is_at(k, pos)));
        match k.and_then(|k| self.kept(k)) {
            Some(t) => t,
            None => token_at(self.text, pos),
        }
    }

    /// Whether kept token `k` is the one found from `pos`: token k is what `token_at` finds
    /// from the end of token k - 1 (0 for the first) and from its own start, and from nowhere
    /// else that the parser asks (only white space lies between the two, and a position
    /// inside a character would read differently).
    #[inline]
    fn is_at(&self, k: usize, pos: usize) -> bool {
        let from = match k.checked_sub(1) {
            Some(before) => self.ends.get(before).copied(),
            None => Some(0),
        };
        k < self.len && (from == Some(pos) || self.starts.get(k) == Some(&pos))
    }

    /// Kept token `k`, remembered as the hint for the next look-up.
    #[inline]
    fn kept(&self, k: usize) -> Option<Token<'a>> {
        let (start, end, kind) = (
            *self.starts.get(k)?,
            *self.ends.get(k)?,
            *self.kinds.get(k)?,
        );
        self.hint.set(k);
        Some(Token {
            kind,
            text: self.text.get(start..end).unwrap_or(""),
            start,
            end,
        })
    }
}

/// Whether `c` separates digit groups: a space, a no-break space, a thin or narrow no-break
/// space, or a comma.
fn is_group_separator(c: char) -> bool {
    matches!(c, ',' | ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}')
}

/// Whether `c` belongs to a word: a letter. The symbols that hedged numbers use are
/// answered without the Unicode tables.
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    if matches!(
        c,
        '–' | '—'
            | '‒'
            | '−'
            | '±'
            | '∞'
            | '≈'
            | '≥'
            | '≤'
            | '’'
            | '\u{a0}'
            | '\u{2009}'
            | '\u{202f}'
    ) {
        return false;
    }
    c.is_alphabetic()
}

/// The token that starts at or after byte `pos` (white space skipped).
pub(crate) fn token_at(text: &str, pos: usize) -> Token<'_> {
    let rest = text.get(pos..).unwrap_or("");
    // ASCII spaces first, the rest of Unicode white space only when a non-ASCII byte comes.
    let ascii = rest.bytes().take_while(|b| b.is_ascii_whitespace()).count();
    let skipped = match rest.as_bytes().get(ascii) {
        Some(b) if !b.is_ascii() => rest.len() - rest.trim_start().len(),
        _ => ascii,
    };
    let start = pos + skipped;
    let rest = text.get(start..).unwrap_or("");
    let mut chars = rest.chars();
    let Some(first) = chars.next() else {
        return Token {
            kind: Kind::End,
            text: "",
            start: text.len(),
            end: text.len(),
        };
    };
    let bytes = rest.as_bytes();
    let (kind, len) = if first.is_ascii_digit()
        || (first == '.' && bytes.get(1).is_some_and(u8::is_ascii_digit))
    {
        (Kind::Numeral, numeral_len(rest))
    } else if is_word_char(first) {
        (Kind::Word, word_len(rest))
    } else {
        (Kind::Symbol, first.len_utf8())
    };
    let end = start + len;
    Token {
        kind,
        text: text.get(start..end).unwrap_or(""),
        start,
        end,
    }
}

/// Length of the word at the start of `s`: letters, with `'` or `’` between letters.
fn word_len(s: &str) -> usize {
    // ASCII letters first; the general loop only when something else follows.
    let ascii = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    match s.as_bytes().get(ascii) {
        None => return ascii,
        Some(b) if b.is_ascii() && *b != b'\'' => return ascii,
        _ => {}
    }
    let mut len = 0;
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if is_word_char(c) {
            len = i + c.len_utf8();
        } else if (c == '\'' || c == '’')
            && len == i
            && iter.peek().is_some_and(|&(_, n)| is_word_char(n))
        {
            continue;
        } else {
            break;
        }
    }
    len
}

/// Length of the numeral at the start of `s`.
///
/// Digits; a group separator followed by a digit (a comma) or by exactly three digits (a
/// space); a point followed by a digit; an exponent `e`/`E` followed by a digit or a sign and a
/// digit; and any letters glued to the end. What the numeral *means*, and whether its groups
/// are well formed, is the number grammar's job.
fn numeral_len(s: &str) -> usize {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut i = 0;
    loop {
        if digit(i) {
            i += 1;
            continue;
        }
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        if c == ',' && digit(i + 1) {
            i += 1;
        } else if is_group_separator(c) && c != ',' {
            let after = i + c.len_utf8();
            if digit(after) && digit(after + 1) && digit(after + 2) && !digit(after + 3) {
                i = after;
            } else {
                break;
            }
        } else if c == '.' && digit(i + 1) {
            i += 1;
        } else if (c == 'e' || c == 'E')
            && (digit(i + 1) || (matches!(b.get(i + 1), Some(b'+' | b'-')) && digit(i + 2)))
        {
            i += 2;
        } else if is_word_char(c) {
            // Letters glued to the numeral: a scale suffix (`600K`, `1.2bn`) or an ordinal.
            i += word_len(s.get(i..).unwrap_or(""));
            break;
        } else {
            break;
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(Kind, &str)> {
        let mut out = Vec::new();
        let mut pos = 0;
        loop {
            let t = token_at(text, pos);
            if t.kind == Kind::End {
                return out;
            }
            out.push((t.kind, t.text));
            pos = t.end;
        }
    }

    #[test]
    fn kept_tokens_are_what_a_scan_finds() {
        let long = "a b c d e f g h i j k l m n o p q r s t 1 2 3";
        for text in [
            "",
            "  ",
            "more than 3,000 troops ",
            "151,000 (95% CI 104,000–223,000)",
            "3\u{2009}000 \u{a0}Korea’s c.",
            long,
        ] {
            let toks = Tokens::new(text);
            for pos in 0..=text.len() + 1 {
                let (a, b) = (toks.at(pos), token_at(text, pos));
                assert_eq!(
                    (a.kind, a.text, a.start, a.end),
                    (b.kind, b.text, b.start, b.end),
                    "{text:?} at {pos}"
                );
            }
        }
    }

    #[test]
    fn numerals_keep_grouping_and_suffixes() {
        use Kind::*;
        assert_eq!(
            tokens("more than 3,000 troops"),
            vec![
                (Word, "more"),
                (Word, "than"),
                (Numeral, "3,000"),
                (Word, "troops")
            ]
        );
        assert_eq!(
            tokens("3 000 1.2bn"),
            vec![(Numeral, "3 000"), (Numeral, "1.2bn")]
        );
        assert_eq!(
            tokens("10–12"),
            vec![(Numeral, "10"), (Symbol, "–"), (Numeral, "12")]
        );
        assert_eq!(tokens("3 12"), vec![(Numeral, "3"), (Numeral, "12")]);
        assert_eq!(tokens("1e-7 2e"), vec![(Numeral, "1e-7"), (Numeral, "2e")]);
        assert_eq!(
            tokens("Korea’s c."),
            vec![(Word, "Korea’s"), (Word, "c"), (Symbol, ".")]
        );
        assert_eq!(tokens("(3000, ∞)").len(), 5);
    }
}
