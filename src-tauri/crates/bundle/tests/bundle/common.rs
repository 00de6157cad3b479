//! Shared fixtures: a sample bundle, and raw zip surgery to craft broken ones.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

use ledger_bundle::*;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// A key pair shared by tests that do not care which key (key generation is cheap, but a fixed
/// one keeps fixtures reusable).
pub fn key() -> &'static KeyPair {
    static KEY: OnceLock<KeyPair> = OnceLock::new();
    KEY.get_or_init(KeyPair::generate)
}

pub fn header(key: &KeyPair, kind: BundleKind, sequence: u64) -> ManifestHeader {
    let public = key.public();
    let mut counts = BTreeMap::new();
    counts.insert("cases".to_string(), TableCount { rows: 3, deleted: 1 });
    counts.insert("inspections".to_string(), TableCount { rows: 2, deleted: 0 });
    ManifestHeader {
        kind,
        source: Source {
            id: "branch-0371-01".to_string(),
            name: "郑州市生态环境局金水分局".to_string(),
            role: SourceRole::Branch,
            public_key: public.to_base64(),
            fingerprint: public.fingerprint(),
        },
        sequence,
        previous: None,
        created_at: "2024-05-01T08:30:00Z".to_string(),
        program_version: "0.1.0".to_string(),
        counts,
    }
}

/// The entries of the sample bundle.
pub fn sample_entries() -> BTreeMap<String, Vec<u8>> {
    let mut e = BTreeMap::new();
    e.insert(
        "tables/cases.jsonl".to_string(),
        b"{\"id\":1,\"title\":\"\xe6\xa1\x88\xe4\xbb\xb6\"}\n{\"id\":2}\n".repeat(40),
    );
    e.insert("tables/inspections.jsonl".to_string(), b"{\"id\":7,\"site\":\"north\"}\n".repeat(25));
    e.insert("attachments/现场照片.jpg".to_string(), (0..3000u32).map(|i| (i * 7919 % 251) as u8).collect());
    e.insert("attachments/empty.txt".to_string(), Vec::new());
    e
}

pub fn build_with(key: &KeyPair, entries: &BTreeMap<String, Vec<u8>>, header: ManifestHeader) -> Built {
    let mut b = BundleBuilder::new();
    for (name, data) in entries {
        b.add(name, data.clone()).unwrap();
    }
    b.finish(header, key).unwrap()
}

/// The sample bundle signed by [`key`] (built once).
pub fn sample() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| build_with(key(), &sample_entries(), header(key(), BundleKind::Full, 1)))
}

/// All entries of a zip, in directory order.
pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

/// A zip of `entries` in the given order, each deflated unless its name ends in `.stored`.
pub fn zip_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        let method = if name.ends_with(".stored") { CompressionMethod::Stored } else { CompressionMethod::Deflated };
        zip.start_file(name.as_str(), SimpleFileOptions::default().compression_method(method)).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Replaces every occurrence of `from` with `to` (same length) in the raw bytes: renames an
/// entry in both its local header and its central directory record.
pub fn rename_raw(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let (from, to) = (from.as_bytes(), to.as_bytes());
    let mut out = bytes.to_vec();
    let mut hits = 0;
    let mut i = 0;
    while i + from.len() <= out.len() {
        if &out[i..i + from.len()] == from {
            out[i..i + from.len()].copy_from_slice(to);
            hits += 1;
            i += from.len();
        } else {
            i += 1;
        }
    }
    assert_eq!(hits, 2, "expected the name once in the local header and once in the directory");
    out
}

/// The sample bundle's entries, changed by `edit`, zipped again (manifest and signature kept).
pub fn resealed(edit: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) -> Vec<u8> {
    let mut entries = unzip(&sample().bytes);
    edit(&mut entries);
    zip_of(&entries)
}

/// Offsets of an entry: (local header, data start, compressed size, central header).
pub fn entry_offsets(bytes: &[u8], name: &str) -> (usize, usize, usize, usize) {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).unwrap();
    let f = archive.by_name(name).unwrap();
    (
        f.header_start() as usize,
        f.data_start().unwrap() as usize,
        f.compressed_size() as usize,
        f.central_header_start() as usize,
    )
}

/// A zip holding `manifest` signed by `signer` (with `trusted comment`), plus the sample entries.
pub fn signed_manifest_bundle(manifest: &[u8], signer: &KeyPair) -> Vec<u8> {
    let signature = signer.sign(manifest, "test").unwrap();
    let mut entries = vec![(MANIFEST.to_string(), manifest.to_vec()), (SIGNATURE.to_string(), signature.into_bytes())];
    entries.extend(sample_entries());
    zip_of(&entries)
}

/// The sample manifest as a JSON value, to edit and re-sign.
pub fn sample_manifest_value() -> serde_json::Value {
    let (_, bytes) = unzip(&sample().bytes).into_iter().find(|(n, _)| n == MANIFEST).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

pub fn code(result: Result<Verified, BundleError>) -> &'static str {
    match result {
        Ok(_) => "OK",
        Err(e) => e.code(),
    }
}
