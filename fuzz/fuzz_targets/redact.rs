//! Fuzz target `redact`: see `eksplain_fuzz::redact`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| eksplain_fuzz::redact(data));
