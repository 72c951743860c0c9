//! Fixtures and helpers shared by the report tests.
#![allow(dead_code)]

use std::sync::Arc;

use sourced::{
    Claim, ClaimDate, ClaimKind, ClaimSet, Confidence, Estimate, Hedge, Interval, Quantity, Source,
    SourceKind,
};

/// The troop claims of the seed article (shared/seed/000_d9aef1941c247f10.txt), built in code:
/// the US government's "as many as 3,000" (superseded by the White House's "more than 3,000",
/// one independence group), South Korea's NIS "as many as 10,000", Pyongyang's denial and
/// Putin's implicit confirmation ("if there are images, then they reflect something": more
/// than zero, a roughly even chance).
pub fn seed_troops() -> ClaimSet {
    let troops = Arc::new(
        Quantity::new("nk-troops-in-russia", "troops")
            .unwrap()
            .with_description("North Korean troops in Russia"),
    );
    let us = Arc::new(
        Source::new("us-government", "US government")
            .unwrap()
            .with_kind(SourceKind::Government)
            .with_group("us-government")
            .unwrap(),
    );
    let wh = Arc::new(
        Source::new("white-house", "White House")
            .unwrap()
            .with_kind(SourceKind::Government)
            .with_group("us-government")
            .unwrap(),
    );
    let nis = Arc::new(
        Source::new("nis", "South Korea's National Intelligence Service")
            .unwrap()
            .with_kind(SourceKind::Intelligence),
    );
    let kp = Arc::new(
        Source::new("north-korea", "North Korean government")
            .unwrap()
            .with_kind(SourceKind::PartyToConflict),
    );
    let putin = Arc::new(
        Source::new("kremlin", "Vladimir Putin")
            .unwrap()
            .with_kind(SourceKind::Government),
    );
    let date = |s: &str| s.parse::<ClaimDate>().unwrap();
    let said =
        |i: Interval, hedge: Hedge, text: &str| Estimate::new(i).with_hedge(hedge).with_text(text);
    [
        Claim::new(
            "us-1",
            troops.clone(),
            us,
            said(
                Interval::at_most(3000.0).unwrap(),
                Hedge::AsManyAs,
                "as many as 3,000",
            ),
        )
        .unwrap()
        .with_stated(date("2024-10")),
        Claim::new(
            "wh-1",
            troops.clone(),
            wh,
            said(
                Interval::greater_than(3000.0).unwrap(),
                Hedge::MoreThan,
                "more than 3,000",
            ),
        )
        .unwrap()
        .with_stated(date("2024-10-23"))
        .with_kind(ClaimKind::Statement)
        .superseding("us-1"),
        Claim::new(
            "nis-1",
            troops.clone(),
            nis,
            said(
                Interval::at_most(10_000.0).unwrap(),
                Hedge::AsManyAs,
                "as many as 10,000",
            ),
        )
        .unwrap()
        .with_stated(date("2024-10")),
        Claim::new("kp-1", troops.clone(), kp, Estimate::point(0.0).unwrap())
            .unwrap()
            .with_stated(date("2024-10"))
            .with_kind(ClaimKind::Denial),
        Claim::new(
            "putin-1",
            troops,
            putin,
            Estimate::new(Interval::greater_than(0.0).unwrap()),
        )
        .unwrap()
        .with_stated(date("2024-10-24"))
        .with_confidence(Confidence::probability(0.5).unwrap()),
    ]
    .into_iter()
    .collect()
}

/// A cumulative quantity whose claims span two orders of magnitude (a log axis): a total, its
/// restatement by an outlet, an earlier much smaller total, and a later total below the first
/// (a break of the non-decreasing series). Made-up figures, to exercise every section.
pub fn casualties() -> ClaimSet {
    let q = Arc::new(
        Quantity::new("casualties", "casualties")
            .unwrap()
            .with_kind(sourced::QuantityKind::Cumulative)
            .with_description("Casualties since the start of the war"),
    );
    let src = |id: &str, name: &str| Arc::new(Source::new(id, name).unwrap());
    let period = |s: &str| s.parse::<sourced::Period>().unwrap();
    let ministry = src("ministry", "Ministry of Defence");
    let outlet = src("outlet", "Daily Outlet");
    let ngo = src("ngo", "Monitoring NGO");
    let think = src("institute", "Research Institute");
    let est = |lo: f64, hi: f64, best: f64| {
        Estimate::new(Interval::closed(lo, hi).unwrap())
            .with_best(best)
            .unwrap()
    };
    [
        Claim::new("early", q.clone(), think, est(10_000.0, 20_000.0, 15_000.0))
            .unwrap()
            .with_as_of(period("2023-01")),
        Claim::new(
            "total",
            q.clone(),
            ministry,
            est(550_000.0, 650_000.0, 600_000.0),
        )
        .unwrap()
        .with_as_of(period("2024-10")),
        Claim::new(
            "relayed",
            q.clone(),
            outlet,
            est(550_000.0, 650_000.0, 600_000.0),
        )
        .unwrap()
        .with_as_of(period("2024-10"))
        .with_kind(ClaimKind::Restatement)
        .restating("total"),
        Claim::new(
            "later-lower",
            q,
            ngo,
            Estimate::new(Interval::closed(300_000.0, 400_000.0).unwrap()),
        )
        .unwrap()
        .with_as_of(period("2024-12")),
    ]
    .into_iter()
    .collect()
}

/// A small XML well-formedness checker, enough for the SVG this crate writes.
pub mod xml {
    /// One element: its name and attributes, in document order.
    pub type Element = (String, Vec<(String, String)>);

    /// Checks that `doc` is one well-formed element (with an optional `<?xml …?>` prologue and
    /// comments): balanced tags, quoted and unique attributes, text and attribute values with
    /// `<` and `&` escaped. Returns the elements in document order.
    pub fn check(doc: &str) -> Result<Vec<Element>, String> {
        let b = doc.as_bytes();
        let mut i = 0;
        let mut stack: Vec<String> = Vec::new();
        let mut elements = Vec::new();
        let mut roots = 0;
        while i < b.len() {
            if b[i] != b'<' {
                let end = doc[i..].find('<').map_or(doc.len(), |e| i + e);
                let text = &doc[i..end];
                if stack.is_empty() && !text.trim().is_empty() {
                    return Err(format!("text outside the root at byte {i}"));
                }
                entities(text).map_err(|e| format!("{e} at byte {i}"))?;
                if text.contains('>') && text.contains("]]>") {
                    return Err(format!("']]>' in text at byte {i}"));
                }
                i = end;
                continue;
            }
            let rest = &doc[i..];
            if let Some(r) = rest.strip_prefix("<!--") {
                let end = r.find("-->").ok_or("unclosed comment")?;
                i += 4 + end + 3;
                continue;
            }
            if rest.starts_with("<?") {
                let end = rest.find("?>").ok_or("unclosed processing instruction")?;
                i += end + 2;
                continue;
            }
            if let Some(r) = rest.strip_prefix("</") {
                let end = r.find('>').ok_or("unclosed end tag")?;
                let name = r[..end].trim_end();
                match stack.pop() {
                    Some(open) if open == name => {}
                    Some(open) => return Err(format!("</{name}> closes <{open}> at byte {i}")),
                    None => return Err(format!("</{name}> without a start tag at byte {i}")),
                }
                i += 2 + end + 1;
                continue;
            }
            // A start tag.
            let (element, len, empty) =
                start_tag(&rest[1..]).map_err(|e| format!("{e} at byte {i}"))?;
            if stack.is_empty() {
                roots += 1;
                if roots > 1 {
                    return Err(format!("a second root element at byte {i}"));
                }
            }
            if !empty {
                stack.push(element.0.clone());
            }
            elements.push(element);
            i += 1 + len;
        }
        if let Some(open) = stack.pop() {
            return Err(format!("<{open}> is never closed"));
        }
        if roots == 0 {
            return Err("no root element".into());
        }
        Ok(elements)
    }

    fn is_name(s: &str) -> bool {
        let mut chars = s.chars();
        chars
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':')
            && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.'))
    }

    /// Parses `name attr="v" …>` or `…/>`; returns the element, bytes consumed, and whether empty.
    fn start_tag(s: &str) -> Result<(Element, usize, bool), String> {
        let name_end = s
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .ok_or("unclosed start tag")?;
        let name = &s[..name_end];
        if !is_name(name) {
            return Err(format!("bad element name {name:?}"));
        }
        let mut attrs: Vec<(String, String)> = Vec::new();
        let mut i = name_end;
        let b = s.as_bytes();
        loop {
            while i < b.len() && (b[i] as char).is_whitespace() {
                i += 1;
            }
            match b.get(i) {
                None => return Err("unclosed start tag".into()),
                Some(b'>') => return Ok(((name.into(), attrs), i + 1, false)),
                Some(b'/') if b.get(i + 1) == Some(&b'>') => {
                    return Ok(((name.into(), attrs), i + 2, true));
                }
                _ => {}
            }
            let eq = s[i..].find('=').ok_or("attribute without a value")? + i;
            let key = s[i..eq].trim();
            if !is_name(key) {
                return Err(format!("bad attribute name {key:?}"));
            }
            let quote = *b.get(eq + 1).ok_or("attribute without a value")?;
            if quote != b'"' && quote != b'\'' {
                return Err(format!("attribute {key} is not quoted"));
            }
            let close = s[eq + 2..]
                .find(quote as char)
                .ok_or(format!("attribute {key} is not closed"))?
                + eq
                + 2;
            let value = &s[eq + 2..close];
            if value.contains('<') {
                return Err(format!("'<' in attribute {key}"));
            }
            entities(value)?;
            if attrs.iter().any(|(k, _)| k == key) {
                return Err(format!("duplicate attribute {key}"));
            }
            attrs.push((key.into(), value.into()));
            i = close + 1;
            if b.get(i)
                .is_some_and(|c| !(*c as char).is_whitespace() && *c != b'>' && *c != b'/')
            {
                return Err(format!("no space after attribute {key}"));
            }
        }
    }

    /// Checks that every `&` starts a known entity or a character reference.
    fn entities(text: &str) -> Result<(), String> {
        let mut rest = text;
        while let Some(at) = rest.find('&') {
            let r = &rest[at + 1..];
            let end = r.find(';').ok_or("unescaped '&'")?;
            let name = &r[..end];
            let ok = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
                || name
                    .strip_prefix("#x")
                    .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
                || name
                    .strip_prefix('#')
                    .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
            if !ok {
                return Err(format!("unknown entity &{name};"));
            }
            rest = &r[end + 1..];
        }
        Ok(())
    }
}
