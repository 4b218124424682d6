//! Money: never a panic; amounts are non-negative; hits lie inside the text, apart.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let folded = bilat_reader::normalize::fold(text);
    let hits = bilat_reader::money::find(&folded.text);
    let mut last = 0;
    for h in &hits {
        assert!(h.start >= last && h.start < h.end && h.end <= folded.text.len());
        assert!(!h.money.amount.is_sign_negative());
        last = h.end;
    }
    let _ = bilat_reader::money::parse_number(text);
});
