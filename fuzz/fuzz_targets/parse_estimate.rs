//! Any text is read or refused without panic, and what is read round-trips through `Display`:
//! `parse(display(e))` has the same meaning as `e` (interval, best value, level, hedge).

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sourced::{Domain, Estimate, Lexicon, Quantity};

fn conservative() -> &'static (Lexicon, Option<Quantity>) {
    static CONSERVATIVE: OnceLock<(Lexicon, Option<Quantity>)> = OnceLock::new();
    CONSERVATIVE.get_or_init(|| {
        let q = Quantity::new("q", "troops")
            .ok()
            .map(|q| q.with_domain(Domain::Count));
        (Lexicon::conservative(), q)
    })
}

fn round_trip(e: &Estimate) {
    let shown = e.to_string();
    match shown.parse::<Estimate>() {
        Ok(back) => assert!(
            back.same_meaning(e),
            "{e:?} shown as {shown:?} read back as {back:?}"
        ),
        Err(err) => panic!("{e:?} shown as {shown:?} cannot be read back: {err}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(e) = text.parse::<Estimate>() {
        round_trip(&e);
    }
    // The same text for a count, with the conservative lexicon.
    if let (lexicon, Some(q)) = conservative()
        && let Ok(e) = lexicon.parse(text, q)
    {
        round_trip(&e);
    }
});
