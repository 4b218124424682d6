//! PDF extraction. pdf-extract is known to panic on some fonts; bilat catches that with
//! `catch_unwind`, which cargo-fuzz's `panic=abort` build cannot show, so a crash found here
//! in pdf-extract's code is a known upstream limit (see ARCHITECTURE.md), not a bilat bug.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = bilat_reader::extract::pdf(data);
});
