//! One test per kind of refusal, each asserting its own error code.

use ledger_bundle::*;
use rstest::rstest;

use crate::common::*;

/// Verified pinned to the sample's key; the verification of the same bytes as a file (read in
/// pieces), keeping every entry or none, refuses it the same way.
fn pinned(bytes: &[u8]) -> Result<Verified, BundleError> {
    let public = key().public();
    let verified = verify(bytes, Trust::Pinned(&public), &Limits::default());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.zip");
    std::fs::write(&path, bytes).unwrap();
    let from_file = verify_file(&path, Trust::Pinned(&public), &Limits::default());
    let keeping_none = verify_file_keeping(&path, Trust::Pinned(&public), &Limits::default(), &|_| false);
    let refused = |r: Result<(), &BundleError>| r.err().map(BundleError::code);
    assert_eq!(refused(from_file.as_ref().map(drop)), refused(verified.as_ref().map(drop)), "file and bytes disagree");
    assert_eq!(
        refused(keeping_none.as_ref().map(drop)),
        refused(verified.as_ref().map(drop)),
        "keeping changes the verdict"
    );
    verified
}

#[test]
fn changed_entry_data_with_old_manifest_is_modified() {
    let bytes = resealed(|entries| {
        let (_, data) = entries.iter_mut().find(|(n, _)| n == "tables/cases.jsonl").unwrap();
        data[5] ^= 0x01;
    });
    let err = pinned(&bytes).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_ENTRY_MODIFIED");
    let text = err.to_string();
    assert!(text.starts_with("条目 tables/cases.jsonl 的内容被改动：SHA-256"), "{text}");
    assert!(text.contains(&sha256_hex(&sample_entries()["tables/cases.jsonl"])), "{text}");
}

#[test]
fn changed_size_with_old_manifest_is_modified() {
    let bytes = resealed(|entries| {
        entries.iter_mut().find(|(n, _)| n == "tables/inspections.jsonl").unwrap().1.push(b'\n');
    });
    assert_eq!(code(pinned(&bytes)), "E_BUNDLE_ENTRY_MODIFIED");
}

#[test]
fn changed_manifest_fails_the_signature_under_both_trusts() {
    let bytes = resealed(|entries| {
        let (_, manifest) = entries.iter_mut().find(|(n, _)| n == MANIFEST).unwrap();
        let text = String::from_utf8(manifest.clone()).unwrap().replace("\"rows\": 3", "\"rows\": 4");
        assert_ne!(&text.as_bytes(), manifest);
        *manifest = text.into_bytes();
    });
    let err = pinned(&bytes).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_SIGNATURE_INVALID");
    assert!(err.to_string().starts_with("清单被改动或签名无效"), "{err}");
    assert_eq!(code(verify(&bytes, Trust::Manifest, &Limits::default())), "E_BUNDLE_SIGNATURE_INVALID");
}

#[test]
fn damaged_signature_file_is_invalid_signature() {
    let bytes = resealed(|entries| {
        entries.iter_mut().find(|(n, _)| n == SIGNATURE).unwrap().1 = b"not a minisig".to_vec();
    });
    assert_eq!(code(pinned(&bytes)), "E_BUNDLE_SIGNATURE_INVALID");
}

#[test]
fn wrong_key_names_both_fingerprints() {
    let registered = KeyPair::generate().public();
    let err = verify(&sample().bytes, Trust::Pinned(&registered), &Limits::default()).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_WRONG_KEY");
    let text = err.to_string();
    assert!(text.contains(&key().public().fingerprint()), "{text}");
    assert!(text.contains(&registered.fingerprint()), "{text}");
    assert!(text.contains("而不是登记的密钥"), "{text}");
}

#[test]
fn manifest_naming_another_key_than_its_signer() {
    let other = KeyPair::generate().public();
    let mut value = sample_manifest_value();
    value["source"]["public_key"] = other.to_base64().into();
    value["source"]["fingerprint"] = other.fingerprint().into();
    let bytes = signed_manifest_bundle(&serde_json::to_vec(&value).unwrap(), key());
    assert_eq!(code(pinned(&bytes)), "E_BUNDLE_SOURCE_KEY_MISMATCH");
    // First contact uses the named key, which did not sign it.
    assert_eq!(code(verify(&bytes, Trust::Manifest, &Limits::default())), "E_BUNDLE_SIGNATURE_INVALID");
}

#[test]
fn missing_signature() {
    let bytes = resealed(|entries| entries.retain(|(n, _)| n != SIGNATURE));
    let err = pinned(&bytes).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_MISSING_SIGNATURE");
    assert!(err.to_string().contains("manifest.json.minisig"), "{err}");
}

#[test]
fn missing_manifest() {
    let bytes = resealed(|entries| entries.retain(|(n, _)| n != MANIFEST));
    assert_eq!(code(pinned(&bytes)), "E_BUNDLE_MISSING_MANIFEST");
}

#[test]
fn entry_not_in_manifest() {
    let bytes = resealed(|entries| entries.push(("extra/notes.txt".to_string(), b"smuggled".to_vec())));
    let err = pinned(&bytes).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_ENTRY_NOT_LISTED");
    assert_eq!(err.to_string(), "条目 extra/notes.txt 不在清单中");
}

#[test]
fn manifest_entry_missing() {
    let bytes = resealed(|entries| entries.retain(|(n, _)| n != "attachments/empty.txt"));
    let err = pinned(&bytes).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_ENTRY_MISSING");
    assert_eq!(err.to_string(), "清单中的条目 attachments/empty.txt 缺失");
}

/// Crafts a zip whose entry has the unsafe `name`, by renaming a same-length placeholder.
#[rstest]
#[case::parent("qq/payload_x", "../payload_x")]
#[case::parent_inside("a/qq/payload_b", "a/../payload_b")]
#[case::absolute("qpayload_abs", "/payload_abs")]
#[case::backslash_absolute("qpayload_abs", "\\payload_abs")]
#[case::drive_letter("Cq/payload_x", "C:/payload_x")]
#[case::backslash("payloadqb", "payload\\b")]
#[case::empty_component("payloadqqb", "payload//b")]
#[case::dot_component("q/payload_x", "./payload_x")]
#[case::control("payloadqb", "payload\u{1}b")]
fn unsafe_names_are_refused(#[case] placeholder: &str, #[case] name: &str) {
    let bytes = resealed(|entries| entries.push((placeholder.to_string(), b"payload".to_vec())));
    let bytes = rename_raw(&bytes, placeholder, name);
    let err = pinned(&bytes).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_UNSAFE_NAME", "{name:?}: {err}");
}

#[test]
fn symlink_entry() {
    let mut entries = unzip(&sample().bytes);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries.drain(..) {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut zip, &data).unwrap();
    }
    zip.add_symlink("tables/link.jsonl", "/etc/passwd", zip::write::SimpleFileOptions::default()).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let err = pinned(&bytes).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_SYMLINK");
    assert!(err.to_string().contains("tables/link.jsonl"), "{err}");
}

#[test]
fn directory_entry() {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in unzip(&sample().bytes) {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut zip, &data).unwrap();
    }
    zip.add_directory("tables/", zip::write::SimpleFileOptions::default()).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert_eq!(code(pinned(&bytes)), "E_BUNDLE_DIRECTORY_ENTRY");
}

#[test]
fn duplicate_names_are_refused() {
    // Two distinct names of equal length, then the second renamed to the first.
    let bytes = resealed(|entries| {
        entries.push(("dup_a.txt.stored".to_string(), b"first".to_vec()));
        entries.push(("dup_b.txt.stored".to_string(), b"second".to_vec()));
    });
    let bytes = rename_raw(&bytes, "dup_b.txt.stored", "dup_a.txt.stored");
    // The zip crate folds duplicates together; our own directory walk must not.
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice())).unwrap();
    assert!(archive.has_duplicate_names());
    let err = pinned(&bytes).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_DUPLICATE_ENTRY");
    assert!(err.to_string().contains("dup_a.txt.stored"), "{err}");
}

#[test]
fn duplicate_of_the_manifest_is_refused() {
    let bytes = resealed(|entries| entries.push(("manifest.jsoX".to_string(), b"{}".to_vec())));
    let bytes = rename_raw(&bytes, "manifest.jsoX", "manifest.json");
    assert_eq!(code(pinned(&bytes)), "E_BUNDLE_DUPLICATE_ENTRY");
}

#[test]
fn entry_over_the_size_limit() {
    // The manifest (about 1.2 KiB) fits; the 3000-byte photo does not.
    let limits = Limits { max_entry_size: 2000, ..Limits::default() };
    let err = verify(&sample().bytes, Trust::Manifest, &limits).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_ENTRY_TOO_LARGE");
    assert!(err.to_string().starts_with("条目“attachments/现场照片.jpg”过大"), "{err}");
}

#[test]
fn total_over_the_limit() {
    let total: u64 = unzip(&sample().bytes).iter().map(|(_, d)| d.len() as u64).sum();
    let limits = Limits { max_total_size: total - 1, ..Limits::default() };
    assert_eq!(code(verify(&sample().bytes, Trust::Manifest, &limits)), "E_BUNDLE_TOTAL_TOO_LARGE");
    let limits = Limits { max_total_size: total, ..Limits::default() };
    assert_eq!(code(verify(&sample().bytes, Trust::Manifest, &limits)), "OK");
}

#[test]
fn too_many_entries() {
    let limits = Limits { max_entries: 5, ..Limits::default() };
    assert_eq!(code(verify(&sample().bytes, Trust::Manifest, &limits)), "E_BUNDLE_TOO_MANY_ENTRIES");
    let limits = Limits { max_entries: 6, ..Limits::default() };
    assert_eq!(code(verify(&sample().bytes, Trust::Manifest, &limits)), "OK");
}

#[test]
fn zip_bomb_ratio() {
    // 50 MiB of zeros deflates about 1000:1.
    let bytes = resealed(|entries| entries.push(("tables/bomb.jsonl".to_string(), vec![0u8; 50 << 20])));
    let err = verify(&bytes, Trust::Manifest, &Limits::default()).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_COMPRESSION_RATIO", "{err}");
    assert!(err.to_string().contains("tables/bomb.jsonl"), "{err}");
    // A permissive ratio lets the size limit catch it instead.
    let limits = Limits { max_ratio: 100_000, max_entry_size: 10 << 20, ..Limits::default() };
    assert_eq!(code(verify(&bytes, Trust::Manifest, &limits)), "E_BUNDLE_ENTRY_TOO_LARGE");
}

#[test]
fn truncated_file_at_several_points() {
    let bytes = &sample().bytes;
    let len = bytes.len();
    for cut in [0, 1, 4, 30, 100, len / 3, len / 2, len - 100, len - 23, len - 22, len - 21, len - 1] {
        let err = pinned(&bytes[..cut]).unwrap_err();
        assert_eq!(err.code(), "E_BUNDLE_CORRUPT", "cut at {cut}: {err}");
        assert!(err.to_string().starts_with("数据包不完整或已损坏（可能未完整拷贝）"), "{err}");
    }
}

#[test]
fn unknown_format_version_correctly_signed() {
    let mut value = sample_manifest_value();
    value["format_version"] = 2.into();
    value["new_field_of_v2"] = "x".into();
    let bytes = signed_manifest_bundle(&serde_json::to_vec_pretty(&value).unwrap(), key());
    let err = pinned(&bytes).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_UNSUPPORTED_VERSION");
    assert!(err.to_string().contains("版本为 2"), "{err}");
    assert_eq!(code(verify(&bytes, Trust::Manifest, &Limits::default())), "E_BUNDLE_UNSUPPORTED_VERSION");
}

#[test]
fn unknown_format_correctly_signed() {
    let mut value = sample_manifest_value();
    value["format"] = "someone-elses-bundle".into();
    let bytes = signed_manifest_bundle(&serde_json::to_vec(&value).unwrap(), key());
    let err = pinned(&bytes).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_UNKNOWN_FORMAT");
    assert!(err.to_string().contains("someone-elses-bundle"), "{err}");
}

#[rstest]
#[case::unknown_field(|v: &mut serde_json::Value| v["surprise"] = true.into())]
#[case::kind(|v: &mut serde_json::Value| v["kind"] = "partial".into())]
#[case::hash_case(|v: &mut serde_json::Value| {
    let h = v["entries"][0]["sha256"].as_str().unwrap().to_uppercase();
    v["entries"][0]["sha256"] = h.into();
})]
#[case::fingerprint(|v: &mut serde_json::Value| v["source"]["fingerprint"] = "0000 0000 0000 0000 0000".into())]
#[case::created_at(|v: &mut serde_json::Value| v["created_at"] = "2024-05-01".into())]
#[case::listed_twice(|v: &mut serde_json::Value| {
    let first = v["entries"][0].clone();
    v["entries"].as_array_mut().unwrap().push(first);
})]
fn signed_but_invalid_manifest(#[case] edit: fn(&mut serde_json::Value)) {
    let mut value = sample_manifest_value();
    edit(&mut value);
    let bytes = signed_manifest_bundle(&serde_json::to_vec(&value).unwrap(), key());
    assert_eq!(code(pinned(&bytes)), "E_BUNDLE_MANIFEST_INVALID");
}

#[test]
fn signed_manifest_that_is_not_json() {
    let bytes = signed_manifest_bundle(b"not json", key());
    assert_eq!(code(pinned(&bytes)), "E_BUNDLE_MANIFEST_INVALID");
    assert_eq!(code(verify(&bytes, Trust::Manifest, &Limits::default())), "E_BUNDLE_MANIFEST_INVALID");
}

#[test]
fn not_a_zip_at_all() {
    for junk in [
        b"".to_vec(),
        b"hello, this is not a zip".to_vec(),
        vec![0u8; 5000],
        (0..=255u8).cycle().take(70_000).collect(),
    ] {
        let err = pinned(&junk).unwrap_err();
        assert_eq!(err.code(), "E_BUNDLE_CORRUPT", "{err}");
    }
}

#[test]
fn file_over_the_size_limit() {
    let limits = Limits { max_file_size: sample().bytes.len() as u64 - 1, ..Limits::default() };
    assert_eq!(code(verify(&sample().bytes, Trust::Manifest, &limits)), "E_BUNDLE_FILE_TOO_LARGE");
}

#[test]
fn corrupted_compressed_data_is_entry_corrupt() {
    let mut bytes = sample().bytes.clone();
    let (_, data, len, _) = entry_offsets(&bytes, "tables/cases.jsonl");
    bytes[data + len / 2] ^= 0x55;
    let err = pinned(&bytes).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_ENTRY_CORRUPT", "{err}");
    assert!(err.to_string().contains("tables/cases.jsonl"), "{err}");
}

#[test]
fn declared_size_smaller_than_the_data_is_entry_corrupt() {
    let mut bytes = sample().bytes.clone();
    let (local, _, _, central) = entry_offsets(&bytes, "tables/cases.jsonl");
    for at in [local + 22, central + 24] {
        let size = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
        bytes[at..at + 4].copy_from_slice(&(size - 10).to_le_bytes());
    }
    assert_eq!(code(pinned(&bytes)), "E_BUNDLE_ENTRY_CORRUPT");
}

#[test]
fn unsupported_compression_method() {
    let mut bytes = sample().bytes.clone();
    let (local, _, _, central) = entry_offsets(&bytes, "tables/cases.jsonl");
    for at in [local + 8, central + 10] {
        bytes[at..at + 2].copy_from_slice(&12u16.to_le_bytes()); // bzip2
    }
    let err = pinned(&bytes).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_UNSUPPORTED_ENTRY", "{err}");
}

#[test]
fn local_header_disagreeing_with_the_directory_is_corrupt() {
    let mut bytes = sample().bytes.clone();
    let (local, _, _, _) = entry_offsets(&bytes, "tables/cases.jsonl");
    bytes[local + 30] = b'T'; // first letter of the name, in the local header only
    assert_eq!(code(pinned(&bytes)), "E_BUNDLE_CORRUPT");
}
