//! The whole coder on any text: never a panic, and every offset points inside the text.
#![no_main]
use std::sync::OnceLock;

use bilat_reader::coder::{Document, Reader};
use libfuzzer_sys::fuzz_target;

fn reader() -> &'static Reader {
    static R: OnceLock<Reader> = OnceLock::new();
    R.get_or_init(|| Reader::bundled(&bilat_model::Dataset::new(Vec::new())))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let coded = reader().code(&Document { text, lang: None, published: bilat_model::date::Day::new(2024, 1, 1) });
    let chars = text.chars().count();
    for e in &coded.events {
        assert!(e.text_info.start <= e.text_info.end && e.text_info.end <= chars);
        for p in e.actor.iter().chain(&e.recipient) {
            assert!(p.start <= p.end && p.end <= chars);
        }
    }
});
