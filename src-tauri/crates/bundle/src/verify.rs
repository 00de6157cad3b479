//! The one verification of a bundle, used by `ledgerctl verify` and by the city import, of
//! bytes in memory ([`verify`]) or of a file, read in pieces where it is needed
//! ([`verify_file`]). Nothing is extracted to disk. A verification may keep only some entries
//! ([`verify_file_keeping`]): the others are hashed as they are decompressed, then dropped, and
//! [`copy_entry`] reads one of them from the file again when it is needed.

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, Write};
use std::path::Path;

use crate::error::{io_reason, shown, BundleError};
use crate::keys::PublicKey;
use crate::manifest::{EntryInfo, Manifest};
use crate::name::entry_name_problem;
use crate::zipdir::{read_directory, At, DirError, RawEntry, SeekAt};
use crate::{copy_hashed, sha256_hex, CopyFailed, FORMAT, FORMAT_VERSION, MANIFEST, SIGNATURE};

/// Entries at or below this uncompressed size are exempt from the compression-ratio check
/// (small files of repeated text legitimately compress very well).
pub const RATIO_CHECK_MIN_SIZE: u64 = 1 << 20;

/// How the zip crate reads a bundle: the archive starts at the first byte of the file.
const ZIP_CONFIG: zip::read::Config = zip::read::Config { archive_offset: zip::read::ArchiveOffset::Known(0) };

const MIB: u64 = 1 << 20;
const GIB: u64 = 1 << 30;

/// Resource limits applied before any entry data is decompressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest bundle file, in bytes.
    pub max_file_size: u64,
    /// Most entries in the zip, counting `manifest.json` and its signature.
    pub max_entries: usize,
    /// Largest uncompressed entry, in bytes.
    pub max_entry_size: u64,
    /// Largest sum of the uncompressed entries, in bytes.
    pub max_total_size: u64,
    /// Largest uncompressed/compressed ratio, applied only to entries larger than
    /// [`RATIO_CHECK_MIN_SIZE`] (1 MiB).
    pub max_ratio: u64,
}

impl Default for Limits {
    /// File 4 GiB, 200 000 entries, entry 256 MiB, total 4 GiB, ratio 200:1 (for entries over
    /// 1 MiB). Real exports compress 3–20:1 (JSON) or not at all (photos, PDF); a 200:1 entry is
    /// a zip bomb or a file of padding. A verification holds the entries it keeps (and [`verify`]
    /// the bytes it is given), so the worst case within these limits is about 8 GiB.
    fn default() -> Self {
        Limits {
            max_file_size: 4 * GIB,
            max_entries: 200_000,
            max_entry_size: 256 * MIB,
            max_total_size: 4 * GIB,
            max_ratio: 200,
        }
    }
}

/// Which key a bundle must be signed with.
#[derive(Clone, Copy, Debug)]
pub enum Trust<'a> {
    /// the key must be this one
    Pinned(&'a PublicKey),
    /// the key named in the manifest is used, and returned, for the caller to pin (first contact)
    Manifest,
}

/// A bundle that passed every check.
#[derive(Clone, Debug)]
pub struct Verified {
    /// The signed manifest.
    pub manifest: Manifest,
    /// SHA-256 (lowercase hex) of the `manifest.json` bytes: the next bundle's
    /// `previous.manifest_sha256`.
    pub manifest_sha256: String,
    /// SHA-256 (lowercase hex) of the whole bundle file.
    pub file_sha256: String,
    /// The key that signed it (the pinned key, or under [`Trust::Manifest`] the manifest's key).
    pub signer: PublicKey,
    entries: BTreeMap<String, Vec<u8>>,
}

impl Verified {
    /// The bytes of the data entry `name` (not `manifest.json` or its signature).
    pub fn entry(&self, name: &str) -> Option<&[u8]> {
        self.entries.get(name).map(Vec::as_slice)
    }

    /// The names of the data entries kept, in manifest order (sorted); all of them unless the
    /// bundle was verified by [`verify_file_keeping`].
    pub fn entry_names(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// All data entries by name.
    pub fn into_entries(self) -> BTreeMap<String, Vec<u8>> {
        self.entries
    }

    /// The verified bundle without its entries, for what is kept of it after they are read.
    pub fn without_entries(self) -> Verified {
        Verified { entries: BTreeMap::new(), ..self }
    }
}

/// Verify the bundle file at `path`; its size is checked before it is read.
pub fn verify_file(path: &Path, trust: Trust<'_>, limits: &Limits) -> Result<Verified, BundleError> {
    verify_file_keeping(path, trust, limits, &|_| true)
}

/// [`verify_file`], keeping of the data entries only those `keep` names: the others are
/// checked the same, but not held in memory (read one with [`copy_entry`] when it is needed).
pub fn verify_file_keeping(
    path: &Path,
    trust: Trust<'_>,
    limits: &Limits,
    keep: &dyn Fn(&str) -> bool,
) -> Result<Verified, BundleError> {
    let read_error = |e: std::io::Error| BundleError::ReadFile { path: path.to_path_buf(), reason: io_reason(&e) };
    let size = std::fs::metadata(path).map_err(read_error)?.len();
    if size > limits.max_file_size {
        return Err(BundleError::FileTooLarge { size, limit: limits.max_file_size });
    }
    let mut file = File::open(path).map_err(read_error)?;
    // The file is read where it is needed, not held: once through for its SHA-256, then its
    // directory, then each entry.
    let (hashed, file_sha256) =
        copy_hashed(&mut (&mut file).take(limits.max_file_size.saturating_add(1)), &mut std::io::sink())
            .map_err(|e| read_error(e.into_io()))?;
    if hashed != size {
        let reason = "读取期间文件大小改变（是否仍在拷贝？）".to_string();
        return Err(BundleError::ReadFile { path: path.to_path_buf(), reason });
    }
    let at = SeekAt::new(&file, size);
    let verified = verify_zip(&at, BufReader::new(&file), file_sha256, trust, limits, keep);
    match at.take_error() {
        Some(e) => Err(read_error(e)),
        None => verified,
    }
}

/// Copy the entry `info` (as listed in a verified manifest) of the bundle file at `path` into
/// `out`, decompressing it as it goes and checking its size and SHA-256 against `info`: a file
/// changed since it was verified is refused ([`BundleError::EntryModified`]), though `out` may
/// have been given part of it; an error of `out` is [`BundleError::WriteFailed`] naming the
/// entry. Returns the bytes copied.
pub fn copy_entry(path: &Path, info: &EntryInfo, out: &mut dyn Write) -> Result<u64, BundleError> {
    let read_error = |e: std::io::Error| BundleError::ReadFile { path: path.to_path_buf(), reason: io_reason(&e) };
    let file = BufReader::new(File::open(path).map_err(read_error)?);
    let mut archive =
        zip::ZipArchive::with_config(ZIP_CONFIG, file).map_err(|e| corrupt(format!("无法读取 zip 目录（{e}）")))?;
    let entry_corrupt = |reason: String| BundleError::EntryCorrupt { name: shown(&info.name), reason };
    let entry = archive.by_name(&info.name).map_err(|e| entry_corrupt(format!("无法打开（{e}）")))?;
    let (size, sha256) = copy_hashed(&mut entry.take(info.size.saturating_add(1)), out).map_err(|e| match e {
        CopyFailed::Reading(e) => entry_corrupt(format!("解压失败（{e}）")),
        CopyFailed::Writing(e) => BundleError::WriteFailed { path: info.name.clone().into(), reason: io_reason(&e) },
    })?;
    if size != info.size || sha256 != info.sha256 {
        return Err(BundleError::EntryModified {
            name: shown(&info.name),
            expected_size: info.size,
            actual_size: size,
            expected_sha256: info.sha256.clone(),
            actual_sha256: sha256,
        });
    }
    Ok(size)
}

/// Verify a bundle held in memory: structure and limits, signature against the trusted key,
/// manifest, then every entry's size and SHA-256. See FORMAT.md for the rules, in order.
pub fn verify(bytes: &[u8], trust: Trust<'_>, limits: &Limits) -> Result<Verified, BundleError> {
    let size = bytes.len() as u64;
    if size > limits.max_file_size {
        return Err(BundleError::FileTooLarge { size, limit: limits.max_file_size });
    }
    verify_zip(bytes, Cursor::new(bytes), sha256_hex(bytes), trust, limits, &|_| true)
}

/// One entry as read: its size and SHA-256, and its bytes unless they were not kept.
struct Entry {
    size: u64,
    sha256: String,
    data: Vec<u8>,
}

/// The verification of a zip whose directory is read through `at` and its entries through
/// `reader` (the same bytes), whose SHA-256 is `file_sha256`.
fn verify_zip<R: Read + Seek>(
    at: &(impl At + ?Sized),
    reader: R,
    file_sha256: String,
    trust: Trust<'_>,
    limits: &Limits,
    keep: &dyn Fn(&str) -> bool,
) -> Result<Verified, BundleError> {
    let mut entries = read_entries(at, reader, limits, keep)?;
    let manifest_bytes = entries.remove(MANIFEST).ok_or(BundleError::MissingManifest)?.data;
    let signature = entries.remove(SIGNATURE).ok_or(BundleError::MissingSignature)?.data;
    let signature = String::from_utf8(signature).map_err(|_| BundleError::SignatureInvalid {
        reason: "签名文件 manifest.json.minisig 不是有效的 minisign 签名".to_string(),
    })?;
    let signer = check_signature(&manifest_bytes, &signature, trust)?;
    let manifest = parse_manifest(&manifest_bytes)?;
    check_source_key(&manifest, &signer)?;
    check_entries(&manifest, &entries)?;
    Ok(Verified {
        manifest,
        manifest_sha256: sha256_hex(&manifest_bytes),
        file_sha256,
        signer,
        entries: entries.into_iter().filter(|(name, _)| keep(name)).map(|(name, entry)| (name, entry.data)).collect(),
    })
}

fn corrupt(reason: impl Into<String>) -> BundleError {
    BundleError::Corrupt { reason: reason.into() }
}

/// Checks the directory (names, types, limits) and then reads every entry, capped at its
/// declared size.
fn read_entries<R: Read + Seek>(
    at: &(impl At + ?Sized),
    reader: R,
    limits: &Limits,
    keep: &dyn Fn(&str) -> bool,
) -> Result<BTreeMap<String, Entry>, BundleError> {
    let directory = read_directory(at, limits.max_entries).map_err(|e| match e {
        DirError::Corrupt(reason) => corrupt(reason),
        DirError::TooManyEntries(count) => BundleError::TooManyEntries { count, limit: limits.max_entries as u64 },
    })?;
    let mut archive =
        zip::ZipArchive::with_config(ZIP_CONFIG, reader).map_err(|e| corrupt(format!("无法读取 zip 目录（{e}）")))?;

    let mut names = Vec::with_capacity(directory.entries.len());
    let mut seen = HashSet::with_capacity(directory.entries.len());
    let mut total: u64 = 0;
    for raw in &directory.entries {
        let name = check_raw_entry(raw)?;
        if !seen.insert(raw.name.as_slice()) {
            return Err(BundleError::DuplicateEntry { name: shown(&name) });
        }
        check_sizes(raw, &name, &mut total, limits)?;
        names.push(name);
    }

    // The zip crate must see exactly the directory we checked.
    let same = archive.len() == names.len()
        && archive.central_directory_start() == directory.start
        && archive.file_names_raw().zip(&names).all(|(theirs, ours)| theirs == ours.as_bytes())
        && directory.entries.iter().enumerate().all(|(i, raw)| {
            archive
                .by_index_data(i)
                .is_ok_and(|e| e.size() == raw.uncompressed_size && e.compressed_size() == raw.compressed_size)
        });
    if !same {
        return Err(corrupt("zip 目录结构前后不一致"));
    }
    archive.validate_header_consistency().map_err(|e| corrupt(format!("zip 本地文件头与目录不一致（{e}）")))?;

    let mut entries = BTreeMap::new();
    for (index, (raw, name)) in directory.entries.iter().zip(names).enumerate() {
        let kept = name == MANIFEST || name == SIGNATURE || keep(&name);
        let entry = read_one(&mut archive, index, raw.uncompressed_size, kept)
            .map_err(|reason| BundleError::EntryCorrupt { name: shown(&name), reason })?;
        entries.insert(name, entry);
    }
    Ok(entries)
}

/// Name, type and method checks of one record; returns its name.
fn check_raw_entry(raw: &RawEntry) -> Result<String, BundleError> {
    let lossy = || shown(&String::from_utf8_lossy(&raw.name));
    let name = String::from_utf8(raw.name.clone())
        .map_err(|_| BundleError::UnsafeName { name: lossy(), reason: "不是有效的 UTF-8 编码".to_string() })?;
    // Without the UTF-8 flag, readers decode non-ASCII names as CP437: refuse the ambiguity.
    if !name.is_ascii() && raw.flags & (1 << 11) == 0 {
        return Err(BundleError::UnsafeName {
            name: shown(&name),
            reason: "含非 ASCII 字符但未标记为 UTF-8 编码".to_string(),
        });
    }
    if name.ends_with('/') {
        return Err(BundleError::DirectoryEntry { name: shown(&name) });
    }
    if let Some(reason) = entry_name_problem(&name) {
        return Err(BundleError::UnsafeName { name: shown(&name), reason: reason.to_string() });
    }
    const S_IFMT: u32 = 0o170_000;
    const S_IFREG: u32 = 0o100_000;
    const S_IFDIR: u32 = 0o040_000;
    const S_IFLNK: u32 = 0o120_000;
    let made_on_unix = raw.version_made_by >> 8 == 3;
    let file_type = if made_on_unix { (raw.external_attributes >> 16) & S_IFMT } else { 0 };
    if file_type == S_IFLNK {
        return Err(BundleError::Symlink { name: shown(&name) });
    }
    if file_type == S_IFDIR || raw.external_attributes & 0x10 != 0 {
        return Err(BundleError::DirectoryEntry { name: shown(&name) });
    }
    let unsupported = |reason: String| BundleError::UnsupportedEntry { name: shown(&name), reason };
    if file_type != 0 && file_type != S_IFREG {
        return Err(unsupported("是特殊文件（设备、管道等），不是普通文件".to_string()));
    }
    if raw.flags & 1 != 0 {
        return Err(unsupported("已加密".to_string()));
    }
    if raw.method != 0 && raw.method != 8 {
        return Err(unsupported(format!("使用了不支持的压缩方式（编号 {}）", raw.method)));
    }
    if raw.method == 0 && raw.compressed_size != raw.uncompressed_size {
        return Err(BundleError::EntryCorrupt {
            name: shown(&name),
            reason: "未压缩条目的压缩前后大小不一致".to_string(),
        });
    }
    Ok(name)
}

/// Declared size, running total and compression ratio of one record.
fn check_sizes(raw: &RawEntry, name: &str, total: &mut u64, limits: &Limits) -> Result<(), BundleError> {
    let size = raw.uncompressed_size;
    if size > limits.max_entry_size {
        return Err(BundleError::EntryTooLarge { name: shown(name), size, limit: limits.max_entry_size });
    }
    *total = total.saturating_add(size);
    if *total > limits.max_total_size {
        return Err(BundleError::TotalTooLarge { total: *total, limit: limits.max_total_size });
    }
    if size > RATIO_CHECK_MIN_SIZE {
        let ratio = size / raw.compressed_size.max(1);
        let over = raw.compressed_size == 0 || size > raw.compressed_size.saturating_mul(limits.max_ratio);
        if over {
            return Err(BundleError::CompressionRatio { name: shown(name), ratio, limit: limits.max_ratio });
        }
    }
    Ok(())
}

/// Decompresses entry `index`, reading at most `declared + 1` bytes and hashing them, keeping
/// them if `kept`; CRC-32 is checked by the zip crate at the end of the stream.
fn read_one<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    index: usize,
    declared: u64,
    kept: bool,
) -> Result<Entry, String> {
    let file = archive.by_index(index).map_err(|e| format!("无法打开（{e}）"))?;
    let mut file = file.take(declared.saturating_add(1));
    let unzip_failed = |e: std::io::Error| format!("解压失败（{e}）");
    let (size, sha256, data) = if kept {
        let mut data = Vec::with_capacity(usize::try_from(declared).unwrap_or(0).min(64 << 20));
        file.read_to_end(&mut data).map_err(unzip_failed)?;
        (data.len() as u64, sha256_hex(&data), data)
    } else {
        let (size, sha256) = copy_hashed(&mut file, &mut std::io::sink()).map_err(|e| unzip_failed(e.into_io()))?;
        (size, sha256, Vec::new())
    };
    if size != declared {
        return Err(format!("声明大小为 {declared} 字节，实际为 {size} 字节"));
    }
    Ok(Entry { size, sha256, data })
}

/// Checks the signature against the trusted key; returns the signer.
fn check_signature(manifest: &[u8], signature: &str, trust: Trust<'_>) -> Result<PublicKey, BundleError> {
    match trust {
        Trust::Pinned(pinned) => match pinned.verify(manifest, signature) {
            Ok(()) => Ok(pinned.clone()),
            Err(err) => {
                // Signed by the key the manifest names, just not the registered one?
                if let Some(named) = manifest_key(manifest).filter(|k| k != pinned) {
                    if named.verify(manifest, signature).is_ok() {
                        return Err(BundleError::WrongKey {
                            signer_fingerprint: named.fingerprint(),
                            expected_fingerprint: pinned.fingerprint(),
                        });
                    }
                }
                Err(err)
            }
        },
        Trust::Manifest => {
            let Some(named) = manifest_key(manifest) else {
                // Nothing to check the signature with: say why the manifest is unusable.
                let value = parse_json(manifest)?;
                check_format(&value)?;
                return Err(BundleError::ManifestInvalid {
                    reason: "source.public_key 缺失或不是有效的公钥".to_string(),
                });
            };
            named.verify(manifest, signature)?;
            Ok(named)
        }
    }
}

/// The key the (not yet trusted) manifest names, if it can be read.
fn manifest_key(manifest: &[u8]) -> Option<PublicKey> {
    let value: serde_json::Value = serde_json::from_slice(manifest).ok()?;
    PublicKey::from_base64(value.get("source")?.get("public_key")?.as_str()?).ok()
}

fn parse_json(manifest: &[u8]) -> Result<serde_json::Value, BundleError> {
    serde_json::from_slice(manifest)
        .map_err(|e| BundleError::ManifestInvalid { reason: format!("不是有效的 JSON（{e}）") })
}

/// `format` and `format_version`, read before the strict parse so a newer bundle gets its own
/// message.
fn check_format(value: &serde_json::Value) -> Result<(), BundleError> {
    let format = value.get("format").and_then(|f| f.as_str());
    if format != Some(FORMAT) {
        let found = match value.get("format") {
            None => "（缺失）".to_string(),
            Some(serde_json::Value::String(s)) => shown(s),
            Some(other) => shown(&other.to_string()),
        };
        return Err(BundleError::UnknownFormat { format: found });
    }
    match value.get("format_version").and_then(serde_json::Value::as_u64) {
        Some(v) if v > u64::from(FORMAT_VERSION) => Err(BundleError::UnsupportedVersion { version: v }),
        Some(v) if v >= 1 => Ok(()),
        _ => Err(BundleError::ManifestInvalid { reason: "format_version 缺失或不是正整数".to_string() }),
    }
}

fn parse_manifest(bytes: &[u8]) -> Result<Manifest, BundleError> {
    let value = parse_json(bytes)?;
    check_format(&value)?;
    let manifest: Manifest = serde_json::from_value(value)
        .map_err(|e| BundleError::ManifestInvalid { reason: format!("字段不符合格式（{e}）") })?;
    manifest.check_rules().map_err(|reason| BundleError::ManifestInvalid { reason })?;
    Ok(manifest)
}

/// The manifest must name the key that signed it.
fn check_source_key(manifest: &Manifest, signer: &PublicKey) -> Result<(), BundleError> {
    let named = PublicKey::from_base64(&manifest.source.public_key)
        .map_err(|_| BundleError::ManifestInvalid { reason: "source.public_key 不是有效的公钥".to_string() })?;
    if &named != signer {
        return Err(BundleError::SourceKeyMismatch {
            manifest_fingerprint: named.fingerprint(),
            signer_fingerprint: signer.fingerprint(),
        });
    }
    if manifest.source.fingerprint != signer.fingerprint() {
        return Err(BundleError::ManifestInvalid {
            reason: format!("source.fingerprint 应为 {}，与公钥不符", signer.fingerprint()),
        });
    }
    Ok(())
}

/// Every zip entry listed, every listed entry present, sizes and hashes equal.
fn check_entries(manifest: &Manifest, entries: &BTreeMap<String, Entry>) -> Result<(), BundleError> {
    let listed: BTreeMap<&str, _> = manifest.entries.iter().map(|e| (e.name.as_str(), e)).collect();
    if let Some(name) = entries.keys().find(|name| !listed.contains_key(name.as_str())) {
        return Err(BundleError::EntryNotListed { name: shown(name) });
    }
    if let Some(info) = manifest.entries.iter().find(|info| !entries.contains_key(&info.name)) {
        return Err(BundleError::EntryMissing { name: shown(&info.name) });
    }
    for info in &manifest.entries {
        let entry = &entries[&info.name];
        if entry.size != info.size || entry.sha256 != info.sha256 {
            return Err(BundleError::EntryModified {
                name: shown(&info.name),
                expected_size: info.size,
                actual_size: entry.size,
                expected_sha256: info.sha256.clone(),
                actual_sha256: entry.sha256.clone(),
            });
        }
    }
    Ok(())
}
