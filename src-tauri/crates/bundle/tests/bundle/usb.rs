//! Writing to the USB stick (a temp dir standing in for it).

use std::path::Path;

use ledger_bundle::*;

use crate::common::*;

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names
}

#[test]
fn writes_reads_back_and_leaves_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = &sample().bytes;
    let mut reports = Vec::new();
    let path = write_bundle(dir.path(), "金水分局-20240501-0001.zip", bytes, Some(&key().public()), &mut |p| {
        reports.push(p)
    })
    .unwrap();
    assert_eq!(path, dir.path().join("金水分局-20240501-0001.zip"));
    assert_eq!(&std::fs::read(&path).unwrap(), bytes);
    assert_eq!(names_in(dir.path()), ["金水分局-20240501-0001.zip"]);
    let total = bytes.len() as u64;
    for stage in [Stage::Writing, Stage::ReadingBack, Stage::Verifying] {
        let last = reports.iter().rev().find(|p| p.stage == stage).unwrap();
        assert_eq!((last.done, last.total), (total, total), "{stage:?}");
    }
    assert_eq!(reports.first().unwrap().stage, Stage::CheckingSpace);
}

#[test]
fn progress_is_reported_per_mebibyte_and_reaches_total() {
    let dir = tempfile::tempdir().unwrap();
    let bytes: Vec<u8> = (0..(2 * CHUNK_SIZE + 5)).map(|i| (i % 253) as u8).collect();
    let mut writing = Vec::new();
    write_bundle(dir.path(), "big.bin", &bytes, None, &mut |p| {
        if p.stage == Stage::Writing {
            writing.push(p.done)
        }
    })
    .unwrap();
    let c = CHUNK_SIZE as u64;
    assert_eq!(writing, [0, c, 2 * c, 2 * c + 5]);
}

#[test]
fn refuses_when_the_final_name_exists() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("b.zip"), b"earlier").unwrap();
    let err = write_bundle(dir.path(), "b.zip", &sample().bytes, None, &mut |_| {}).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_TARGET_EXISTS");
    assert!(err.to_string().contains("b.zip"), "{err}");
    assert_eq!(std::fs::read(dir.path().join("b.zip")).unwrap(), b"earlier");
    assert_eq!(names_in(dir.path()), ["b.zip"]);
}

#[test]
fn missing_directory_is_an_error_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("usb-stick-removed");
    let err = write_bundle(&gone, "b.zip", &sample().bytes, None, &mut |_| {}).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_TARGET_DIR_MISSING");
    assert!(err.to_string().contains("usb-stick-removed"), "{err}");
    assert!(!gone.exists());
    assert!(names_in(dir.path()).is_empty());
}

#[test]
fn final_name_appearing_mid_write_leaves_no_file_of_ours() {
    // Something (another program, a second click) creates the final name, as a folder, while
    // we write: the rename must not happen, and the temp file must go.
    let dir = tempfile::tempdir().unwrap();
    let final_path = dir.path().join("b.zip");
    let bytes: Vec<u8> = vec![1u8; 3 * CHUNK_SIZE];
    let err = write_bundle(dir.path(), "b.zip", &bytes, None, &mut |p| {
        if p.stage == Stage::Writing && p.done == CHUNK_SIZE as u64 {
            std::fs::create_dir(&final_path).unwrap();
        }
    })
    .unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_TARGET_EXISTS", "{err}");
    assert!(final_path.is_dir());
    assert_eq!(names_in(dir.path()), ["b.zip"]);
}

#[test]
fn failure_during_write_removes_the_temp_file() {
    // The temporary file is deleted under us mid-write (as when a stick is yanked and
    // re-inserted); the rename then fails and nothing is left under the final name.
    let dir = tempfile::tempdir().unwrap();
    let bytes: Vec<u8> = vec![2u8; 2 * CHUNK_SIZE];
    let d = dir.path().to_path_buf();
    let err = write_bundle(dir.path(), "b.zip", &bytes, None, &mut |p| {
        if p.stage == Stage::Syncing && p.done == 0 {
            for entry in std::fs::read_dir(&d).unwrap() {
                std::fs::remove_file(entry.unwrap().path()).unwrap();
            }
        }
    })
    .unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_WRITE_FAILED", "{err}");
    assert!(err.to_string().contains("b.zip"), "{err}");
    assert!(names_in(dir.path()).is_empty());
}

#[test]
fn read_back_mismatch_removes_the_final_file() {
    let dir = tempfile::tempdir().unwrap();
    let final_path = dir.path().join("b.zip");
    let bytes = &sample().bytes;
    let err = write_bundle(dir.path(), "b.zip", bytes, None, &mut |p| {
        if p.stage == Stage::ReadingBack && p.done == 0 {
            // The stick returns other bytes than were written.
            let mut on_disk = std::fs::read(&final_path).unwrap();
            on_disk[100] ^= 0xff;
            std::fs::write(&final_path, on_disk).unwrap();
        }
    })
    .unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_READBACK_MISMATCH");
    assert!(err.to_string().contains("已删除该文件"), "{err}");
    assert!(names_in(dir.path()).is_empty());
}

#[test]
fn read_back_verification_with_the_wrong_key_removes_the_final_file() {
    let dir = tempfile::tempdir().unwrap();
    let other = KeyPair::generate().public();
    let err = write_bundle(dir.path(), "b.zip", &sample().bytes, Some(&other), &mut |_| {}).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_READBACK_INVALID");
    match &err {
        BundleError::ReadBackInvalid { source, removed, .. } => {
            assert!(removed);
            assert_eq!(source.code(), "E_BUNDLE_WRONG_KEY");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(names_in(dir.path()).is_empty());
}

/// `b` built straight into `stick/b.zip`, signed and checked with the sample key.
fn build_onto(
    stick: &Path,
    b: BundleBuilder,
    progress: &mut dyn FnMut(Progress),
) -> Result<Saved<Written>, BundleError> {
    let size = b.size_at_most();
    let header = header(key(), BundleKind::Full, 1);
    write_bundle_from(stick, "b.zip", size, |out| b.finish_into(header, key(), out), Some(&key().public()), progress)
}

#[test]
fn a_bundle_built_straight_into_the_stick_reads_back_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("扫描件.pdf");
    std::fs::write(&scan, vec![3u8; 2 * CHUNK_SIZE]).unwrap();
    let stick = dir.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    let mut b = BundleBuilder::new();
    b.add_file("evidence/scan", &scan).unwrap();
    // Zeros deflate far beyond the ratio limit: the zip is written again with them stored.
    b.add("tables/padding.jsonl", vec![0u8; 4 * CHUNK_SIZE]).unwrap();
    let size = b.size_at_most();
    let mut reports = Vec::new();
    let saved = build_onto(&stick, b, &mut |p| reports.push(p)).unwrap();
    assert_eq!(names_in(&stick), ["b.zip"]);
    let on_stick = std::fs::read(&saved.path).unwrap();
    assert_eq!(saved.built.size, on_stick.len() as u64);
    assert!(saved.built.size <= size, "{} > {size}", saved.built.size);
    assert_eq!(saved.sha256, sha256_hex(&on_stick));
    let v = verify(&on_stick, Trust::Pinned(&key().public()), &Limits::default()).unwrap();
    assert_eq!(v.manifest, saved.built.manifest);
    assert_eq!(v.entry("evidence/scan"), Some(vec![3u8; 2 * CHUNK_SIZE].as_slice()));
    assert_eq!(v.entry("tables/padding.jsonl").map(<[u8]>::len), Some(4 * CHUNK_SIZE));
    for stage in [Stage::Writing, Stage::ReadingBack, Stage::Verifying] {
        let last = reports.iter().rev().find(|p| p.stage == stage).unwrap();
        assert_eq!(last.done, last.total, "{stage:?} ends at its total");
    }
}

#[test]
fn a_bundle_that_fails_while_it_is_built_leaves_nothing_on_the_stick() {
    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("扫描件.pdf");
    std::fs::write(&scan, b"first").unwrap();
    let stick = dir.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    let mut b = BundleBuilder::new();
    b.add_file("evidence/scan", &scan).unwrap();
    std::fs::write(&scan, b"other").unwrap();
    let err = build_onto(&stick, b, &mut |_| {}).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_SOURCE_FILE", "{err}");
    assert!(names_in(&stick).is_empty(), "{:?}", names_in(&stick));
}
