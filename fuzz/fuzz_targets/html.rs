//! HTML extraction: never a panic, whatever the markup.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = bilat_reader::extract::html(text);
        let _ = bilat_reader::extract::markdown(text);
    }
});
