//! Fuzz target `inspect`: see `eksplain_fuzz::inspect`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| eksplain_fuzz::inspect(data));
