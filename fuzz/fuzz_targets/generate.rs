//! Fuzz target `generate`: see `eksplain_fuzz::generate`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| eksplain_fuzz::generate(data));
