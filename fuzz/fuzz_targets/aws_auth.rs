//! Fuzz target `aws_auth`: see `eksplain_fuzz::aws_auth`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| eksplain_fuzz::aws_auth(data));
