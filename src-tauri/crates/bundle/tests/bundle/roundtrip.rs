//! Building and verifying good bundles.

use std::collections::BTreeMap;

use ledger_bundle::*;

use crate::common::*;

#[test]
fn round_trip_pinned_and_manifest_trust() {
    let built = sample();
    let pinned_key = key().public();
    let pinned = verify(&built.bytes, Trust::Pinned(&pinned_key), &Limits::default()).unwrap();
    assert_eq!(pinned.manifest, built.manifest);
    assert_eq!(pinned.manifest_sha256, built.manifest_sha256);
    assert_eq!(pinned.file_sha256, sha256_hex(&built.bytes));
    assert_eq!(pinned.signer, pinned_key);
    assert_eq!(
        pinned.entry_names().collect::<Vec<_>>(),
        sample_entries().keys().map(String::as_str).collect::<Vec<_>>()
    );
    assert_eq!(pinned.entry("tables/inspections.jsonl"), Some(sample_entries()["tables/inspections.jsonl"].as_slice()));
    assert_eq!(pinned.entry(MANIFEST), None);
    assert_eq!(pinned.into_entries(), sample_entries());

    let first_contact = verify(&built.bytes, Trust::Manifest, &Limits::default()).unwrap();
    assert_eq!(first_contact.signer, pinned_key);
    assert_eq!(first_contact.into_entries(), sample_entries());
}

#[test]
fn manifest_lists_every_entry_sorted_with_size_and_hash() {
    let m = &sample().manifest;
    assert_eq!(m.format, FORMAT);
    assert_eq!(m.format_version, FORMAT_VERSION);
    let names: Vec<&str> = m.entries.iter().map(|e| e.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    for e in &m.entries {
        let data = &sample_entries()[&e.name];
        assert_eq!(e.size, data.len() as u64);
        assert_eq!(e.sha256, sha256_hex(data));
    }
    assert_eq!(m.source.fingerprint, key().public().fingerprint());
}

#[test]
fn zip_layout_manifest_signature_then_entries_with_fixed_times() {
    let bytes = &sample().bytes;
    let names: Vec<String> = unzip(bytes).into_iter().map(|(n, _)| n).collect();
    let mut expected = vec![MANIFEST.to_string(), SIGNATURE.to_string()];
    expected.extend(sample_entries().into_keys());
    assert_eq!(names, expected);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice())).unwrap();
    for i in 0..archive.len() {
        let f = archive.by_index(i).unwrap();
        let t = f.last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day(), t.hour(), t.minute()), (1980, 1, 1, 0, 0), "{}", f.name().unwrap());
        let expected = match f.name().unwrap().as_ref() {
            SIGNATURE | "attachments/现场照片.jpg" | "attachments/empty.txt" => zip::CompressionMethod::Stored,
            _ => zip::CompressionMethod::Deflated,
        };
        assert_eq!(f.compression(), expected, "{}", f.name().unwrap());
        assert_eq!(f.unix_mode(), Some(0o100644));
    }
}

#[test]
fn same_input_gives_same_bytes_except_the_random_signature() {
    let a = build_with(key(), &sample_entries(), header(key(), BundleKind::Full, 1));
    let b = build_with(key(), &sample_entries(), header(key(), BundleKind::Full, 1));
    assert_eq!(a.manifest_sha256, b.manifest_sha256);
    assert_eq!(a.bytes.len(), b.bytes.len());
    let (local, data, len, central) = entry_offsets(&a.bytes, SIGNATURE);
    assert_eq!(entry_offsets(&b.bytes, SIGNATURE), (local, data, len, central));
    for (i, (x, y)) in a.bytes.iter().zip(&b.bytes).enumerate() {
        let in_crc = (local + 14..local + 18).contains(&i) || (central + 16..central + 20).contains(&i);
        let in_data = (data..data + len).contains(&i);
        assert!(x == y || in_crc || in_data, "byte {i} differs outside the signature entry");
    }
}

#[test]
fn signature_trusted_comment_names_source_kind_and_sequence() {
    let sig = unzip(&sample().bytes).into_iter().find(|(n, _)| n == SIGNATURE).unwrap().1;
    let text = String::from_utf8(sig).unwrap();
    let trusted = text.lines().find(|l| l.starts_with("trusted comment: ")).unwrap();
    assert!(trusted.contains("source=branch-0371-01"), "{trusted}");
    assert!(trusted.contains("kind=full"), "{trusted}");
    assert!(trusted.contains("sequence=1"), "{trusted}");
}

#[test]
fn empty_template_bundle_and_chained_sequence() {
    let mut h = header(key(), BundleKind::Template, 2);
    h.source.role = SourceRole::City;
    h.counts.clear();
    h.previous = Some(Previous { sequence: 1, manifest_sha256: sample().manifest_sha256.clone() });
    let built = BundleBuilder::new().finish(h, key()).unwrap();
    let v = verify(&built.bytes, Trust::Pinned(&key().public()), &Limits::default()).unwrap();
    assert_eq!(v.manifest.kind, BundleKind::Template);
    assert_eq!(v.manifest.previous.as_ref().unwrap().manifest_sha256, sample().manifest_sha256);
    assert_eq!(v.entry_names().count(), 0);
}

#[test]
fn highly_compressible_entry_is_stored_so_it_passes_the_ratio_limit() {
    let mut entries = BTreeMap::new();
    entries.insert("tables/padding.jsonl".to_string(), vec![b' '; 8 << 20]);
    let built = build_with(key(), &entries, header(key(), BundleKind::Full, 1));
    let v = verify(&built.bytes, Trust::Manifest, &Limits::default()).unwrap();
    assert_eq!(v.entry("tables/padding.jsonl").unwrap().len(), 8 << 20);
}

#[test]
fn many_entries_use_zip64_end_records_and_verify() {
    // More than 65 535 entries needs the ZIP64 end of central directory.
    let mut b = BundleBuilder::new();
    for i in 0..65_600u32 {
        b.add(&format!("t/{i:05}"), i.to_le_bytes().to_vec()).unwrap();
    }
    let built = b.finish(header(key(), BundleKind::Incremental, 1), key()).unwrap();
    let len = built.bytes.len();
    assert_eq!(built.bytes[len - 42..len - 38], [0x50, 0x4b, 0x06, 0x07], "ZIP64 locator expected");
    let v = verify(&built.bytes, Trust::Pinned(&key().public()), &Limits::default()).unwrap();
    assert_eq!(v.entry_names().count(), 65_600);
    assert_eq!(v.entry("t/65599"), Some(65_599u32.to_le_bytes().as_slice()));
    let small = Limits { max_entries: 65_601, ..Limits::default() };
    assert_eq!(code(verify(&built.bytes, Trust::Manifest, &small)), "E_BUNDLE_TOO_MANY_ENTRIES");
}

#[test]
fn verify_file_reads_and_checks_size_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.zip");
    std::fs::write(&path, &sample().bytes).unwrap();
    let v = verify_file(&path, Trust::Manifest, &Limits::default()).unwrap();
    assert_eq!(v.file_sha256, sha256_hex(&sample().bytes));
    let tiny = Limits { max_file_size: 100, ..Limits::default() };
    let err = verify_file(&path, Trust::Manifest, &tiny).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_FILE_TOO_LARGE");
    let err = verify_file(&dir.path().join("missing.zip"), Trust::Manifest, &Limits::default()).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_READ_FILE");
    assert!(err.to_string().contains("missing.zip"), "{err}");
}

#[test]
fn builder_refuses_headers_that_would_not_verify() {
    let other = KeyPair::generate();
    let cases: Vec<(&str, ManifestHeader)> = vec![
        ("key of another pair", header(&other, BundleKind::Full, 1)),
        ("sequence 0", ManifestHeader { sequence: 0, ..header(key(), BundleKind::Full, 1) }),
        (
            "local time",
            ManifestHeader { created_at: "2024-05-01T08:30:00+08:00".into(), ..header(key(), BundleKind::Full, 1) },
        ),
        ("not a time", ManifestHeader { created_at: "yesterday".into(), ..header(key(), BundleKind::Full, 1) }),
        (
            "previous not before",
            ManifestHeader {
                previous: Some(Previous { sequence: 3, manifest_sha256: "0".repeat(64) }),
                ..header(key(), BundleKind::Full, 3)
            },
        ),
        (
            "previous hash not hex",
            ManifestHeader {
                previous: Some(Previous { sequence: 1, manifest_sha256: "XYZ".into() }),
                ..header(key(), BundleKind::Full, 2)
            },
        ),
    ];
    for (what, h) in cases {
        let err = BundleBuilder::new().finish(h, key()).unwrap_err();
        assert_eq!(err.code(), "E_BUNDLE_INVALID_HEADER", "{what}: {err}");
    }
}

#[test]
fn entry_messages_are_the_documented_ones() {
    assert_eq!(BundleError::EntryNotListed { name: "x".into() }.to_string(), "条目 x 不在清单中");
    assert_eq!(BundleError::EntryMissing { name: "x".into() }.to_string(), "清单中的条目 x 缺失");
}

#[test]
fn entries_added_from_files_are_read_when_the_zip_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("扫描件.pdf");
    let photo = dir.path().join("照片.jpg");
    std::fs::write(&scan, vec![7u8; 3 << 20]).unwrap();
    std::fs::write(&photo, b"jpeg").unwrap();
    let mut b = BundleBuilder::new();
    b.add("tables/a.jsonl", b"{}\n".to_vec()).unwrap();
    b.add_file("evidence/scan", &scan).unwrap();
    b.add_file("evidence/photo", &photo).unwrap();
    assert_eq!(b.add_file("evidence/scan", &photo).unwrap_err().code(), "E_BUNDLE_DUPLICATE_ENTRY");
    let built = b.finish(header(key(), BundleKind::Full, 1), key()).unwrap();
    let v = verify(&built.bytes, Trust::Pinned(&key().public()), &Limits::default()).unwrap();
    assert_eq!(v.entry("evidence/scan"), Some(vec![7u8; 3 << 20].as_slice()));
    assert_eq!(v.entry("evidence/photo"), Some(b"jpeg".as_slice()));
    let listed = v.manifest.entries.iter().find(|e| e.name == "evidence/scan").unwrap();
    assert_eq!((listed.size, listed.sha256.as_str()), (3 << 20, sha256_hex(&vec![7u8; 3 << 20]).as_str()));
}

#[test]
fn a_file_missing_or_changed_before_the_zip_is_written_refuses_the_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let missing = BundleBuilder::new().add_file("evidence/x", &dir.path().join("不存在.pdf")).unwrap_err();
    assert_eq!(missing.code(), "E_BUNDLE_SOURCE_FILE");
    assert!(missing.to_string().contains("不存在.pdf") && missing.to_string().contains("文件不存在"), "{missing}");

    let scan = dir.path().join("扫描件.pdf");
    std::fs::write(&scan, b"first").unwrap();
    let mut b = BundleBuilder::new();
    b.add_file("evidence/scan", &scan).unwrap();
    std::fs::write(&scan, b"other").unwrap();
    let changed = b.finish(header(key(), BundleKind::Full, 1), key()).unwrap_err();
    assert_eq!(changed.code(), "E_BUNDLE_SOURCE_FILE");
    assert!(changed.to_string().contains("被改动"), "{changed}");
}

#[test]
fn a_verification_may_keep_some_entries_and_read_the_others_from_the_file_later() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.zip");
    std::fs::write(&path, &sample().bytes).unwrap();
    let keep = |name: &str| name.starts_with("tables/");
    let v = verify_file_keeping(&path, Trust::Pinned(&key().public()), &Limits::default(), &keep).unwrap();
    let all = sample_entries();
    let kept: Vec<&str> = all.keys().map(String::as_str).filter(|n| keep(n)).collect();
    assert!(!kept.is_empty() && kept.len() < all.len(), "{kept:?}");
    assert_eq!(v.entry_names().collect::<Vec<_>>(), kept);
    assert_eq!(v.manifest.entries.len(), all.len(), "the manifest still lists every entry");

    for info in &v.manifest.entries {
        let mut out = Vec::new();
        assert_eq!(copy_entry(&path, info, &mut out).unwrap(), info.size);
        assert_eq!(out, all[&info.name], "{}", info.name);
    }
    assert_eq!(v.without_entries().entry_names().count(), 0);
}

#[test]
fn an_entry_read_again_from_a_file_changed_since_it_was_verified_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.zip");
    std::fs::write(&path, &sample().bytes).unwrap();
    let v = verify_file_keeping(&path, Trust::Manifest, &Limits::default(), &|_| false).unwrap();
    let info = v.manifest.entries.iter().find(|e| e.name == "tables/cases.jsonl").unwrap();
    // Another bundle of the same signer under the same name, its entry changed.
    let mut entries = sample_entries();
    entries.get_mut("tables/cases.jsonl").unwrap().push(b'\n');
    std::fs::write(&path, build_with(key(), &entries, header(key(), BundleKind::Full, 1)).bytes).unwrap();
    let err = copy_entry(&path, info, &mut Vec::new()).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_ENTRY_MODIFIED", "{err}");
    std::fs::remove_file(&path).unwrap();
    assert_eq!(copy_entry(&path, info, &mut Vec::new()).unwrap_err().code(), "E_BUNDLE_READ_FILE");
}
