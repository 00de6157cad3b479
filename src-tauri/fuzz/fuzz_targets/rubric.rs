#![no_main]
// Runs ledger_fuzz_targets::rubric, where its invariants are.
libfuzzer_sys::fuzz_target!(|data: &[u8]| ledger_fuzz_targets::rubric(data));
