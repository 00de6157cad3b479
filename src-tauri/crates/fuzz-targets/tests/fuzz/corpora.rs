//! The committed seed corpora stay valid inputs: every file runs through its target, and the
//! seeds that are meant to be accepted are.

use std::path::{Path, PathBuf};

use ledger_fuzz_targets::{corpus_dir, seeds, TARGETS};

/// Inputs that once broke a target (a fuzzer's finding, minimised), one folder per target.
fn regressions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/regressions")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn every_seed_and_regression_input_runs_through_its_target() {
    for (name, target) in TARGETS {
        let seeds = files(&corpus_dir().join(name));
        assert!(!seeds.is_empty(), "no seed for {name} in {}", corpus_dir().display());
        for path in seeds.iter().chain(&files(&regressions_dir().join(name))) {
            let bytes = std::fs::read(path).unwrap();
            let run = std::panic::catch_unwind(|| target(&bytes));
            assert!(run.is_ok(), "{name}: {} broke an invariant", path.display());
        }
    }
}

#[test]
fn every_corpus_folder_belongs_to_a_target_and_stays_small() {
    let mut total = 0;
    for entry in std::fs::read_dir(corpus_dir()).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(TARGETS.iter().any(|(t, _)| *t == name), "corpus folder {name} has no target");
        total += files(&entry.path()).iter().map(|p| p.metadata().unwrap().len()).sum::<u64>();
    }
    assert!(total < 200 * 1024, "the committed seeds take {total} bytes");
}

#[test]
fn the_generated_seeds_are_what_is_committed() {
    // Bundles carry a fresh key each time they are made, so only their names are compared.
    for s in seeds::all() {
        let path = corpus_dir().join(s.target).join(&s.name);
        let committed = std::fs::read(&path).unwrap_or_else(|_| panic!("{} is not committed", path.display()));
        if s.target != "bundle_reader" && s.target != "excel_import" && s.target != "excel_rows" {
            assert_eq!(committed, s.bytes, "{} differs from what seeds.rs makes", path.display());
        }
    }
}

#[test]
fn the_hand_written_seeds_are_accepted() {
    use ledger_core::assessment::Rubric;
    use ledger_core::equipment::standard::StandardFile;
    use ledger_core::tasks::template::Template;
    let read = |target: &str, name: &str| std::fs::read_to_string(corpus_dir().join(target).join(name)).unwrap();
    Rubric::load(&read("rubric", "mini.toml"), "mini").unwrap();
    Template::parse(&read("template", "mini.toml"), "mini").unwrap();
    StandardFile::parse(&read("standard", "mini.toml"), "mini").unwrap();
    for name in ["full.zip", "incremental.zip", "template.zip"] {
        let bytes = std::fs::read(corpus_dir().join("bundle_reader").join(name)).unwrap();
        ledger_bundle::verify(&bytes, ledger_bundle::Trust::Manifest, &ledger_bundle::Limits::default()).unwrap();
    }
}
