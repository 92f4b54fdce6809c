//! Fuzz target `kubeconfig`: see `eksplain_fuzz::kubeconfig`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| eksplain_fuzz::kubeconfig(data));
