//! Dates: never a panic; hits lie inside the text, on character boundaries, in order, apart.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let folded = bilat_reader::normalize::fold(text);
    let day = bilat_model::date::Day::new(2024, 2, 29);
    let hits = bilat_reader::dates::find(&folded.text, day);
    let mut last = 0;
    for h in &hits {
        assert!(h.start >= last && h.start < h.end && h.end <= folded.text.len());
        assert!(folded.text.is_char_boundary(h.start) && folded.text.is_char_boundary(h.end));
        assert!(h.date.first_day() <= h.date.last_day());
        last = h.end;
    }
});
