//! Fuzz target `token`: see `eksplain_fuzz::token`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| eksplain_fuzz::token(data));
