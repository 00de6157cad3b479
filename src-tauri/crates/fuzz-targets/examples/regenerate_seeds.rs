//! `cargo run -p ledger-fuzz-targets --example regenerate_seeds` writes the seed corpora of
//! `src-tauri/fuzz/corpus/` again from `seeds.rs` (commit what changed).

fn main() {
    let dir = ledger_fuzz_targets::corpus_dir();
    ledger_fuzz_targets::seeds::write(&dir).expect("write the seed corpora");
    println!("seeds written to {}", dir.display());
}
