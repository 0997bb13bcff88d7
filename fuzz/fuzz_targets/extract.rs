//! libFuzzer target: arbitrary bytes (a URL line, then the page) through
//! `quire_extract::extract`; see `src/check.rs` for what is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    quire_extract_fuzz::check::check(data);
});
