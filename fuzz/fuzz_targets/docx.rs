//! DOCX extraction: bad archives and bad XML are errors, never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = bilat_reader::extract::docx(data);
});
