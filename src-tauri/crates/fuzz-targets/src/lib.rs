//! `ledger-fuzz-targets`: the parsers that read what others wrote, each as one function over
//! arbitrary bytes that runs the real parser and asserts what must hold whatever the input.
//!
//! The same functions serve two runners:
//!
//! - the cargo-fuzz crate in `src-tauri/fuzz/` (nightly, libFuzzer; `make fuzz`), whose
//!   `fuzz_targets/<name>.rs` are three lines calling the function of that name, and whose
//!   committed seeds are `src-tauri/fuzz/corpus/<name>/`;
//! - this crate's property tests on stable (`cargo test -p ledger-fuzz-targets`, part of
//!   `make test`): arbitrary and structure-aware inputs, and every committed seed.
//!
//! A function panics when an invariant breaks; that panic is the finding. Each invariant is one
//! the program promises its users: a parser never panics; a refusal is a Chinese message that
//! names the file, field or row at fault, never an internal error; what is accepted is
//! consistent with itself (a verified bundle's entries are the ones its manifest lists, a loaded
//! rubric has no problem left and scores within its bounds, an import's counts add up); and an
//! import's dry run changes nothing.
//!
//! | target | parser |
//! |---|---|
//! | [`deadline`] | `tasks::deadline::parse` (完成时限 phrases) |
//! | [`excel_import`] | every ledger's sheet import, from the bytes of a workbook (.xlsx/.xls/.ods) |
//! | [`excel_rows`] | the same imports, from sheets built cell by cell (the rows' validation) |
//! | [`bundle_reader`] | `ledger_bundle::verify` (the zip, its manifest and signature) |
//! | [`rubric`] | `assessment::rubric::Rubric::load` and the scoring engine over what it accepts |
//! | [`template`] | `tasks::template::Template::parse` |
//! | [`standard`] | `equipment::standard::StandardFile::parse` and loading it (rehearsed) |

#![warn(missing_docs)]

mod fixture;
pub mod grid;
mod panics;
pub mod seeds;
mod targets;

pub use panics::caught_third_party_panics;
pub use targets::{bundle_reader, deadline, excel_import, excel_rows, rubric, standard, template};

/// A target: runs its parser over the input, panics when an invariant breaks.
pub type Target = fn(&[u8]);

/// Every target by its name (the name of its `fuzz_targets/*.rs` and its corpus folder).
pub const TARGETS: &[(&str, Target)] = &[
    ("deadline", deadline),
    ("excel_import", excel_import),
    ("excel_rows", excel_rows),
    ("bundle_reader", bundle_reader),
    ("rubric", rubric),
    ("template", template),
    ("standard", standard),
];

/// The committed seed corpora: `src-tauri/fuzz/corpus/`, one folder per target.
pub fn corpus_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus")
}

/// True when `text` holds a CJK ideograph: every message for the clerk is Chinese.
pub fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}
