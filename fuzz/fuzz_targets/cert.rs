//! Fuzz target `cert`: see `eksplain_fuzz::cert`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| eksplain_fuzz::cert(data));
