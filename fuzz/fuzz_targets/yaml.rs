//! Fuzz target `yaml`: see `eksplain_fuzz::yaml`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| eksplain_fuzz::yaml(data));
