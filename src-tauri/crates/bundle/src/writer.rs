//! Building a bundle: entries, the manifest that lists them, its signature, the zip, written
//! into memory ([`BundleBuilder::finish`]) or straight into a file ([`BundleBuilder::finish_into`],
//! the temporary file on the USB stick). Entries added from files ([`BundleBuilder::add_file`],
//! the evidence) are read as the zip is written: an export never holds its evidence in memory.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, Cursor, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use crate::error::{shown, BundleError};
use crate::keys::KeyPair;
use crate::manifest::{EntryInfo, Manifest, ManifestHeader};
use crate::name::entry_name_problem;
use crate::verify::{Limits, RATIO_CHECK_MIN_SIZE};
use crate::zipdir::{read_directory, SeekAt};
use crate::{copy_hashed, sha256_hex, CopyFailed, FORMAT, FORMAT_VERSION, MANIFEST, SIGNATURE};

/// File types that are already compressed: stored, not deflated.
const STORED_EXTENSIONS: &[&str] = &[
    "pdf", "jpg", "jpeg", "png", "gif", "webp", "heic", "zip", "xlsx", "docx", "pptx", "ofd", "gz", "7z", "rar", "mp4",
    "mov", "mp3",
];

/// Entries this small are stored: deflate cannot shrink them meaningfully.
const TINY_ENTRY: usize = 64;

/// Deflate level (1–9); 6 is zlib's default balance of speed and size.
const DEFLATE_LEVEL: i64 = 6;

/// Where a bundle is written: what the zip writer needs, and a way to start again.
pub trait Scratch: Read + Write + Seek {
    /// Cut the content to `len` bytes.
    fn truncate(&mut self, len: u64) -> io::Result<()>;
}

impl Scratch for Cursor<Vec<u8>> {
    fn truncate(&mut self, len: u64) -> io::Result<()> {
        self.get_mut().truncate(usize::try_from(len).unwrap_or(usize::MAX));
        Ok(())
    }
}

impl Scratch for File {
    fn truncate(&mut self, len: u64) -> io::Result<()> {
        self.set_len(len)
    }
}

/// A bundle written by [`BundleBuilder::finish_into`]: what its zip holds besides the entries.
#[derive(Clone, Debug)]
pub struct Written {
    /// The manifest inside it.
    pub manifest: Manifest,
    /// SHA-256 (lowercase hex) of the `manifest.json` bytes: what the next bundle's
    /// `previous.manifest_sha256` must be.
    pub manifest_sha256: String,
    /// The length of the zip, in bytes.
    pub size: u64,
}

/// Collects entries, then writes the signed bundle with [`BundleBuilder::finish`].
///
/// The builder enforces the default [`Limits`] so that a bundle it writes always passes
/// [`crate::verify`] with them.
#[derive(Debug, Default)]
pub struct BundleBuilder {
    entries: BTreeMap<String, Source>,
}

/// Where an entry's bytes come from.
#[derive(Debug)]
enum Source {
    /// Given in memory.
    Bytes(Vec<u8>),
    /// A file, read when the zip is written; its size and SHA-256 as hashed when it was added.
    File { path: PathBuf, size: u64, sha256: String },
}

impl Source {
    fn size(&self) -> u64 {
        match self {
            Source::Bytes(data) => data.len() as u64,
            Source::File { size, .. } => *size,
        }
    }

    fn sha256(&self) -> String {
        match self {
            Source::Bytes(data) => sha256_hex(data),
            Source::File { sha256, .. } => sha256.clone(),
        }
    }
}

/// A finished bundle.
#[derive(Clone)]
pub struct Built {
    /// The zip file.
    pub bytes: Vec<u8>,
    /// The manifest inside it.
    pub manifest: Manifest,
    /// SHA-256 (lowercase hex) of the `manifest.json` bytes: what the next bundle's
    /// `previous.manifest_sha256` must be.
    pub manifest_sha256: String,
}

impl std::fmt::Debug for Built {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Built")
            .field("bytes", &format_args!("<{} bytes>", self.bytes.len()))
            .field("manifest", &self.manifest)
            .field("manifest_sha256", &self.manifest_sha256)
            .finish()
    }
}

impl BundleBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add an entry; refuses (BundleError) names that are not safe relative paths (see rules below),
    /// duplicates, or the two reserved names.
    ///
    /// Rules: `/`-separated components, none empty, `.` or `..`; no leading `/` or `\`, no
    /// backslash, no drive letter (`C:`), no control characters. Entries larger than the
    /// default [`Limits::max_entry_size`] are refused too.
    pub fn add(&mut self, name: &str, bytes: Vec<u8>) -> Result<(), BundleError> {
        self.insert(name, Source::Bytes(bytes))
    }

    /// Add the file at `path` as entry `name`, under the rules of [`BundleBuilder::add`]. The
    /// file is hashed now and read again when the zip is written, so it is never held in
    /// memory whole; if it cannot be read, or is not the same file then, the bundle is refused
    /// ([`BundleError::SourceFile`]).
    pub fn add_file(&mut self, name: &str, path: &Path) -> Result<(), BundleError> {
        let unreadable = |e: io::Error| BundleError::SourceFile { path: path.to_path_buf(), reason: read_reason(&e) };
        let (size, sha256) = copy_hashed(&mut File::open(path).map_err(unreadable)?, &mut io::sink())
            .map_err(|e| unreadable(e.into_io()))?;
        self.insert(name, Source::File { path: path.to_path_buf(), size, sha256 })
    }

    fn insert(&mut self, name: &str, source: Source) -> Result<(), BundleError> {
        if name == MANIFEST || name == SIGNATURE {
            return Err(BundleError::ReservedName { name: name.to_string() });
        }
        if let Some(reason) = entry_name_problem(name) {
            return Err(BundleError::UnsafeName { name: shown(name), reason: reason.to_string() });
        }
        let limit = Limits::default().max_entry_size;
        if source.size() > limit {
            return Err(BundleError::EntryTooLarge { name: shown(name), size: source.size(), limit });
        }
        if self.entries.contains_key(name) {
            return Err(BundleError::DuplicateEntry { name: shown(name) });
        }
        self.entries.insert(name.to_string(), source);
        Ok(())
    }

    /// The most the zip can take, in bytes (for a free-space check before
    /// [`BundleBuilder::finish_into`]): the entries as they are, with room for the zip's
    /// records, the manifest, and deflate's worst case.
    pub fn size_at_most(&self) -> u64 {
        let data: u64 = self.entries.values().map(Source::size).sum();
        let records: u64 = self.entries.keys().map(|name| 3 * name.len() as u64 + 400).sum();
        data + data / 128 + records + 64 * 1024
    }

    /// Build the zip in memory; see [`BundleBuilder::finish_into`].
    pub fn finish(self, header: ManifestHeader, key: &KeyPair) -> Result<Built, BundleError> {
        let mut zip = Cursor::new(Vec::with_capacity(usize::try_from(self.size_at_most()).unwrap_or(0)));
        let written = self.finish_into(header, key, &mut zip)?;
        Ok(Built { bytes: zip.into_inner(), manifest: written.manifest, manifest_sha256: written.manifest_sha256 })
    }

    /// Write the zip into `out` (empty, at its start): manifest.json first, then the signature,
    /// then entries in name order, deflate (store already-compressed types like .pdf/.jpg/.png/.zip/.xlsx), fixed
    /// timestamps so the same input gives the same bytes. The trusted comment of the signature
    /// names the source id, kind and sequence.
    ///
    /// minisign signatures carry random noise, so two builds of the same input differ in the
    /// signature entry's bytes (and its CRC) only; it is stored uncompressed so its size, and
    /// every other byte of the file, stay the same. Entries over 1 MiB that deflate better than
    /// half the default ratio limit are stored instead, so the verifier never takes them for a
    /// zip bomb; so are entries of 64 bytes or less.
    pub fn finish_into(
        self,
        header: ManifestHeader,
        key: &KeyPair,
        out: &mut dyn Scratch,
    ) -> Result<Written, BundleError> {
        let invalid = |reason: String| BundleError::InvalidHeader { reason };
        header.check().map_err(invalid)?;
        let public = key.public();
        if header.source.public_key != public.to_base64() {
            return Err(invalid("source.public_key 应为签名密钥的公钥".to_string()));
        }
        if header.source.fingerprint != public.fingerprint() {
            return Err(invalid(format!("source.fingerprint 应为 {}", public.fingerprint())));
        }
        let limits = Limits::default();
        let count = self.entries.len() as u64 + 2;
        if count > limits.max_entries as u64 {
            return Err(BundleError::TooManyEntries { count, limit: limits.max_entries as u64 });
        }

        let entries: Vec<EntryInfo> = self
            .entries
            .iter()
            .map(|(name, source)| EntryInfo { name: name.clone(), size: source.size(), sha256: source.sha256() })
            .collect();
        let manifest = Manifest {
            format: FORMAT.to_string(),
            format_version: FORMAT_VERSION,
            kind: header.kind,
            source: header.source,
            sequence: header.sequence,
            previous: header.previous,
            created_at: header.created_at,
            program_version: header.program_version,
            counts: header.counts,
            entries,
        };
        manifest.check_rules().map_err(invalid)?;
        let mut manifest_bytes =
            serde_json::to_vec_pretty(&manifest).map_err(|e| BundleError::Internal { reason: e.to_string() })?;
        manifest_bytes.push(b'\n');
        if manifest_bytes.len() as u64 > limits.max_entry_size {
            return Err(BundleError::EntryTooLarge {
                name: MANIFEST.to_string(),
                size: manifest_bytes.len() as u64,
                limit: limits.max_entry_size,
            });
        }
        let signature = key.sign(&manifest_bytes, &manifest.trusted_comment())?;
        let total =
            self.entries.values().map(Source::size).sum::<u64>() + manifest_bytes.len() as u64 + signature.len() as u64;
        if total > limits.max_total_size {
            return Err(BundleError::TotalTooLarge { total, limit: limits.max_total_size });
        }

        let mut stored: BTreeSet<String> = self.entries.keys().filter(|n| is_precompressed(n)).cloned().collect();
        stored.insert(SIGNATURE.to_string());
        let mut size = write_zip(out, &manifest_bytes, &signature, &self.entries, &stored)?;
        // Rare: an entry compressing too well. Store those and write again.
        let directory = read_directory(&SeekAt::new(&mut *out, size), usize::MAX)
            .map_err(|e| BundleError::Internal { reason: format!("无法重新读取刚写出的 zip：{e:?}") })?;
        let too_compressible: Vec<String> = directory
            .entries
            .iter()
            .filter(|raw| {
                raw.uncompressed_size > RATIO_CHECK_MIN_SIZE
                    && raw.uncompressed_size > raw.compressed_size.saturating_mul(limits.max_ratio / 2)
            })
            .map(|raw| String::from_utf8_lossy(&raw.name).into_owned())
            .collect();
        if !too_compressible.is_empty() {
            stored.extend(too_compressible);
            out.seek(SeekFrom::Start(0)).and_then(|_| out.truncate(0)).map_err(|e| internal(&e))?;
            size = write_zip(out, &manifest_bytes, &signature, &self.entries, &stored)?;
        }
        if size > limits.max_file_size {
            return Err(BundleError::FileTooLarge { size, limit: limits.max_file_size });
        }
        Ok(Written { manifest, manifest_sha256: sha256_hex(&manifest_bytes), size })
    }
}

fn is_precompressed(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    file.rsplit_once('.').is_some_and(|(_, ext)| STORED_EXTENSIONS.iter().any(|s| ext.eq_ignore_ascii_case(s)))
}

fn internal(e: &dyn std::fmt::Display) -> BundleError {
    BundleError::Internal { reason: format!("写 zip 失败：{e}") }
}

/// Write the zip into `out` from its start; returns its length.
fn write_zip(
    out: &mut dyn Scratch,
    manifest: &[u8],
    signature: &str,
    entries: &BTreeMap<String, Source>,
    stored: &BTreeSet<String>,
) -> Result<u64, BundleError> {
    let mut zip = ZipWriter::new(&mut *out);
    let (manifest, signature) = (Source::Bytes(manifest.to_vec()), Source::Bytes(signature.as_bytes().to_vec()));
    let all = [(MANIFEST, &manifest), (SIGNATURE, &signature)]
        .into_iter()
        .chain(entries.iter().map(|(name, source)| (name.as_str(), source)));
    for (name, source) in all {
        let options = SimpleFileOptions::default()
            .last_modified_time(DateTime::DEFAULT)
            .system(System::Unix)
            .unix_permissions(0o644)
            .large_file(false);
        let options = if source.size() <= TINY_ENTRY as u64 || stored.contains(name) {
            options.compression_method(CompressionMethod::Stored).compression_level(None)
        } else {
            options.compression_method(CompressionMethod::Deflated).compression_level(Some(DEFLATE_LEVEL))
        };
        zip.start_file(name, options).map_err(|e| internal(&e))?;
        match source {
            Source::Bytes(data) => zip.write_all(data).map_err(|e| internal(&e))?,
            Source::File { path, size, sha256 } => copy_file(path, *size, sha256, &mut zip)?,
        }
    }
    let out = zip.finish().map_err(|e| internal(&e))?;
    out.stream_position().map_err(|e| internal(&e))
}

/// Copy the file at `path` into the zip entry being written, checking it is still the file
/// that was hashed when it was added.
fn copy_file(path: &Path, size: u64, sha256: &str, out: &mut impl Write) -> Result<(), BundleError> {
    let failed = |reason: String| BundleError::SourceFile { path: path.to_path_buf(), reason };
    let mut file = File::open(path).map_err(|e| failed(read_reason(&e)))?.take(size.saturating_add(1));
    let copied = copy_hashed(&mut file, out).map_err(|e| match e {
        CopyFailed::Reading(e) => failed(read_reason(&e)),
        CopyFailed::Writing(e) => internal(&e),
    })?;
    if copied != (size, sha256.to_string()) {
        return Err(failed("写入数据包期间文件被改动，请重试".to_string()));
    }
    Ok(())
}

/// Why a file to go into the bundle cannot be read (a local file: no USB stick hints).
fn read_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "文件不存在".to_string(),
        io::ErrorKind::PermissionDenied => "没有读取权限".to_string(),
        _ => format!("读取失败：{e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precompressed_types_are_recognised() {
        assert!(is_precompressed("附件/扫描件.PDF"));
        assert!(is_precompressed("a/b.jpeg"));
        assert!(!is_precompressed("tables/cases.jsonl"));
        assert!(!is_precompressed("pdf"));
        assert!(!is_precompressed("x.pdf/readme"));
    }

    #[test]
    fn builder_refuses_bad_names_duplicates_and_reserved() {
        let mut b = BundleBuilder::new();
        b.add("a.txt", vec![1]).unwrap();
        assert_eq!(b.add("a.txt", vec![2]).unwrap_err().code(), "E_BUNDLE_DUPLICATE_ENTRY");
        assert_eq!(b.add(MANIFEST, vec![]).unwrap_err().code(), "E_BUNDLE_RESERVED_NAME");
        assert_eq!(b.add(SIGNATURE, vec![]).unwrap_err().code(), "E_BUNDLE_RESERVED_NAME");
        for bad in ["../x", "/abs", "C:/x", "a\\b", "a//b", "dir/", ""] {
            assert_eq!(b.add(bad, vec![]).unwrap_err().code(), "E_BUNDLE_UNSAFE_NAME", "{bad:?}");
        }
    }
}
