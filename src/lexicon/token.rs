//! The tokeniser: hedged text to words, numerals and symbols, on bytes, without allocating.
//!
//! Tokens are scanned on demand from a byte position (`token_at`), so the parser needs no
//! token vector and looking ahead a few tokens costs a few re-scans: the whole parse stays
//! linear in the length of the text.

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
