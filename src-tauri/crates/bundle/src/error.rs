//! The one error type of the crate.
//!
//! `Display` is the message shown to the user, in Chinese (zh-CN), naming the entry or file
//! concerned. [`BundleError::code`] is a stable machine code (`E_BUNDLE_…`) for logs, the CLI
//! and the UI; every kind of refusal has its own variant and its own code.

use std::path::PathBuf;

/// Everything that can go wrong while keying, building, verifying or writing a bundle.
#[derive(thiserror::Error, Debug)]
pub enum BundleError {
    /// The bundle file is larger than [`crate::Limits::max_file_size`].
    #[error("数据包文件过大（{}），超过上限 {}，已拒绝", size_text(*size), size_text(*limit))]
    FileTooLarge {
        /// Size of the file in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },

    /// The file is not a readable zip: truncated, overwritten, or not a bundle at all.
    #[error("数据包不完整或已损坏（可能未完整拷贝）：{reason}")]
    Corrupt {
        /// What exactly is broken.
        reason: String,
    },

    /// An entry name is not a safe relative path (`..`, absolute, drive letter, backslash,
    /// empty or `.` component, control character, undecodable).
    #[error("数据包中的条目名称“{name}”不安全：{reason}")]
    UnsafeName {
        /// The name, with control characters escaped.
        name: String,
        /// Which rule it breaks.
        reason: String,
    },

    /// [`crate::BundleBuilder::add`] was given one of the two names the format reserves.
    #[error("条目名称“{name}”为数据包保留（manifest.json 与 manifest.json.minisig 由程序生成），不能作为数据条目")]
    ReservedName {
        /// The reserved name.
        name: String,
    },

    /// The zip holds a directory entry; bundles hold regular files only.
    #[error("数据包中含有文件夹条目“{name}”，本格式只允许普通文件")]
    DirectoryEntry {
        /// The entry name.
        name: String,
    },

    /// The zip holds a symbolic link (unix mode `S_IFLNK` in the external attributes).
    #[error("数据包中的条目“{name}”是符号链接，已拒绝（本格式只允许普通文件）")]
    Symlink {
        /// The entry name.
        name: String,
    },

    /// The entry is encrypted, uses a compression method other than stored/deflate, or is a
    /// special file (device, pipe, socket).
    #[error("数据包中的条目“{name}”无法读取：{reason}")]
    UnsupportedEntry {
        /// The entry name.
        name: String,
        /// Why.
        reason: String,
    },

    /// Two entries (in the zip, or given to the builder) have the same name.
    #[error("数据包中有重复的条目“{name}”")]
    DuplicateEntry {
        /// The duplicated name.
        name: String,
    },

    /// More entries than [`crate::Limits::max_entries`].
    #[error("数据包中的条目过多：{count} 个，上限 {limit} 个")]
    TooManyEntries {
        /// Entries declared by the zip (or given to the builder, plus the two manifest files).
        count: u64,
        /// The limit.
        limit: u64,
    },

    /// One entry is larger (uncompressed) than [`crate::Limits::max_entry_size`].
    #[error("条目“{name}”过大：{}，上限 {}", size_text(*size), size_text(*limit))]
    EntryTooLarge {
        /// The entry name.
        name: String,
        /// Declared uncompressed size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },

    /// The entries together are larger (uncompressed) than [`crate::Limits::max_total_size`].
    #[error("数据包解压后的总大小超过上限：至少 {}，上限 {}", size_text(*total), size_text(*limit))]
    TotalTooLarge {
        /// Running total in bytes when the limit was crossed.
        total: u64,
        /// The limit in bytes.
        limit: u64,
    },

    /// An entry expands far more than real data does (a "zip bomb").
    #[error("条目“{name}”的压缩比异常（{ratio}:1，上限 {limit}:1），疑似压缩炸弹，已拒绝")]
    CompressionRatio {
        /// The entry name.
        name: String,
        /// Uncompressed size divided by compressed size, rounded down.
        ratio: u64,
        /// The limit.
        limit: u64,
    },

    /// An entry's data cannot be read back intact: bad deflate stream, CRC-32 mismatch, or
    /// more or fewer bytes than its declared size.
    #[error("数据包中的条目“{name}”已损坏（可能未完整拷贝）：{reason}")]
    EntryCorrupt {
        /// The entry name.
        name: String,
        /// What is wrong.
        reason: String,
    },

    /// No `manifest.json` in the zip.
    #[error("数据包中没有清单文件 manifest.json，不是本系统生成的数据包或已损坏")]
    MissingManifest,

    /// No `manifest.json.minisig` in the zip.
    #[error("数据包中没有签名文件 manifest.json.minisig，无法确认来源与完整性，已拒绝")]
    MissingSignature,

    /// The signature does not verify with the trusted key: the manifest was edited, or the
    /// signature file is damaged or not a minisign signature.
    #[error("清单被改动或签名无效：{reason}")]
    SignatureInvalid {
        /// Detail (which check failed).
        reason: String,
    },

    /// The bundle is validly signed, but by another key than the one registered for the source.
    #[error("数据包由指纹为 {signer_fingerprint} 的密钥签名，而不是登记的密钥（指纹 {expected_fingerprint}）。请与发送方核对密钥指纹。")]
    WrongKey {
        /// Fingerprint of the key that did sign it.
        signer_fingerprint: String,
        /// Fingerprint of the registered (pinned) key.
        expected_fingerprint: String,
    },

    /// The manifest's `format` is not [`crate::FORMAT`].
    #[error("不是本系统的数据包格式：清单中的 format 为“{format}”，应为“branch-ledger-bundle”")]
    UnknownFormat {
        /// The `format` found (or a note that it is missing).
        format: String,
    },

    /// The manifest's `format_version` is newer than [`crate::FORMAT_VERSION`].
    #[error("数据包格式版本为 {version}，本程序只支持到版本 {}，请升级程序后再导入", crate::FORMAT_VERSION)]
    UnsupportedVersion {
        /// The version found.
        version: u64,
    },

    /// The manifest is signed but its content breaks the format (JSON, fields, values).
    #[error("清单 manifest.json 内容无效：{reason}")]
    ManifestInvalid {
        /// What is wrong.
        reason: String,
    },

    /// The key named in the manifest (`source.public_key`) is not the key that signed it.
    #[error(
        "清单中登记的来源公钥（指纹 {manifest_fingerprint}）与实际签名所用的密钥（指纹 {signer_fingerprint}）不一致"
    )]
    SourceKeyMismatch {
        /// Fingerprint of `source.public_key`.
        manifest_fingerprint: String,
        /// Fingerprint of the signing key.
        signer_fingerprint: String,
    },

    /// A zip entry is not listed in the manifest.
    #[error("条目 {name} 不在清单中")]
    EntryNotListed {
        /// The entry name.
        name: String,
    },

    /// An entry listed in the manifest is absent from the zip.
    #[error("清单中的条目 {name} 缺失")]
    EntryMissing {
        /// The entry name.
        name: String,
    },

    /// An entry's size or SHA-256 differs from the manifest.
    #[error("条目 {name} 的内容被改动：SHA-256 应为 {expected_sha256}，实际为 {actual_sha256}（大小应为 {expected_size} 字节，实际为 {actual_size} 字节）")]
    EntryModified {
        /// The entry name.
        name: String,
        /// Size listed in the manifest.
        expected_size: u64,
        /// Size found.
        actual_size: u64,
        /// SHA-256 listed in the manifest.
        expected_sha256: String,
        /// SHA-256 found.
        actual_sha256: String,
    },

    /// [`crate::BundleBuilder::finish`] was given a header that would make an invalid manifest.
    #[error("数据包清单信息有误：{reason}")]
    InvalidHeader {
        /// Which field and why.
        reason: String,
    },

    /// The secret key file cannot be read, created or used.
    #[error("签名密钥文件 {} 无法使用：{reason}", path.display())]
    KeyFile {
        /// The secret (or public) key file.
        path: PathBuf,
        /// Why.
        reason: String,
    },

    /// A public key (base64 line or `.pub` text) cannot be parsed.
    #[error("公钥无效：{reason}")]
    PublicKeyInvalid {
        /// Why.
        reason: String,
    },

    /// Signing failed.
    #[error("签名失败：{reason}")]
    Signing {
        /// Why.
        reason: String,
    },

    /// The bundle file given to [`crate::verify_file`] cannot be read.
    #[error("无法读取数据包文件 {}：{reason}", path.display())]
    ReadFile {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },

    /// A file given to [`crate::BundleBuilder::add_file`] cannot be read, or changed while the
    /// bundle was being built.
    #[error("文件 {} 无法放入数据包：{reason}", path.display())]
    SourceFile {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },

    /// The file name given to [`crate::write_bundle`] is not a plain file name.
    #[error("文件名“{name}”无效：必须是不含路径分隔符的普通文件名")]
    InvalidFileName {
        /// The rejected name.
        name: String,
    },

    /// The target folder does not exist (USB stick removed?) or is not a folder.
    #[error("目标文件夹 {} 不存在或不是文件夹（U 盘是否已拔出？）", dir.display())]
    TargetDirMissing {
        /// The folder.
        dir: PathBuf,
    },

    /// Something already has the final name; nothing is overwritten.
    #[error("目标位置已有同名的文件或文件夹 {}，为避免覆盖已停止写入", path.display())]
    TargetExists {
        /// The final path.
        path: PathBuf,
    },

    /// Not enough free space on the target.
    #[error("{} 所在的磁盘空间不足：需要 {}，仅剩 {}", dir.display(), size_text(*needed), size_text(*available))]
    NoSpace {
        /// The target folder.
        dir: PathBuf,
        /// Bytes needed (bundle plus margin).
        needed: u64,
        /// Bytes available.
        available: u64,
    },

    /// Writing, syncing or renaming failed; no file is left under the final name.
    #[error("写入 {} 失败：{reason}", path.display())]
    WriteFailed {
        /// The file (or folder) concerned.
        path: PathBuf,
        /// Why.
        reason: String,
    },

    /// The file read back after writing differs from what was written.
    #[error("写入后读回的 {} 与原数据不一致（U 盘可能有故障或容量虚标），{}", path.display(), removed_text(*removed))]
    ReadBackMismatch {
        /// The final path.
        path: PathBuf,
        /// Whether the bad file could be deleted.
        removed: bool,
    },

    /// The file read back after writing does not pass [`crate::verify`] with the expected key.
    #[error("写入后读回的 {} 未通过数据包校验，{}：{source}", path.display(), removed_text(*removed))]
    ReadBackInvalid {
        /// The final path.
        path: PathBuf,
        /// Whether the bad file could be deleted.
        removed: bool,
        /// The verification error.
        source: Box<BundleError>,
    },

    /// A library failed where it should not (e.g. serialising the manifest).
    #[error("内部错误：{reason}")]
    Internal {
        /// Detail.
        reason: String,
    },
}

impl BundleError {
    /// Stable machine-readable code, `E_BUNDLE_…`, one per variant.
    pub fn code(&self) -> &'static str {
        match self {
            BundleError::FileTooLarge { .. } => "E_BUNDLE_FILE_TOO_LARGE",
            BundleError::Corrupt { .. } => "E_BUNDLE_CORRUPT",
            BundleError::UnsafeName { .. } => "E_BUNDLE_UNSAFE_NAME",
            BundleError::ReservedName { .. } => "E_BUNDLE_RESERVED_NAME",
            BundleError::DirectoryEntry { .. } => "E_BUNDLE_DIRECTORY_ENTRY",
            BundleError::Symlink { .. } => "E_BUNDLE_SYMLINK",
            BundleError::UnsupportedEntry { .. } => "E_BUNDLE_UNSUPPORTED_ENTRY",
            BundleError::DuplicateEntry { .. } => "E_BUNDLE_DUPLICATE_ENTRY",
            BundleError::TooManyEntries { .. } => "E_BUNDLE_TOO_MANY_ENTRIES",
            BundleError::EntryTooLarge { .. } => "E_BUNDLE_ENTRY_TOO_LARGE",
            BundleError::TotalTooLarge { .. } => "E_BUNDLE_TOTAL_TOO_LARGE",
            BundleError::CompressionRatio { .. } => "E_BUNDLE_COMPRESSION_RATIO",
            BundleError::EntryCorrupt { .. } => "E_BUNDLE_ENTRY_CORRUPT",
            BundleError::MissingManifest => "E_BUNDLE_MISSING_MANIFEST",
            BundleError::MissingSignature => "E_BUNDLE_MISSING_SIGNATURE",
            BundleError::SignatureInvalid { .. } => "E_BUNDLE_SIGNATURE_INVALID",
            BundleError::WrongKey { .. } => "E_BUNDLE_WRONG_KEY",
            BundleError::UnknownFormat { .. } => "E_BUNDLE_UNKNOWN_FORMAT",
            BundleError::UnsupportedVersion { .. } => "E_BUNDLE_UNSUPPORTED_VERSION",
            BundleError::ManifestInvalid { .. } => "E_BUNDLE_MANIFEST_INVALID",
            BundleError::SourceKeyMismatch { .. } => "E_BUNDLE_SOURCE_KEY_MISMATCH",
            BundleError::EntryNotListed { .. } => "E_BUNDLE_ENTRY_NOT_LISTED",
            BundleError::EntryMissing { .. } => "E_BUNDLE_ENTRY_MISSING",
            BundleError::EntryModified { .. } => "E_BUNDLE_ENTRY_MODIFIED",
            BundleError::InvalidHeader { .. } => "E_BUNDLE_INVALID_HEADER",
            BundleError::KeyFile { .. } => "E_BUNDLE_KEY_FILE",
            BundleError::PublicKeyInvalid { .. } => "E_BUNDLE_PUBLIC_KEY_INVALID",
            BundleError::Signing { .. } => "E_BUNDLE_SIGNING",
            BundleError::ReadFile { .. } => "E_BUNDLE_READ_FILE",
            BundleError::SourceFile { .. } => "E_BUNDLE_SOURCE_FILE",
            BundleError::InvalidFileName { .. } => "E_BUNDLE_INVALID_FILE_NAME",
            BundleError::TargetDirMissing { .. } => "E_BUNDLE_TARGET_DIR_MISSING",
            BundleError::TargetExists { .. } => "E_BUNDLE_TARGET_EXISTS",
            BundleError::NoSpace { .. } => "E_BUNDLE_NO_SPACE",
            BundleError::WriteFailed { .. } => "E_BUNDLE_WRITE_FAILED",
            BundleError::ReadBackMismatch { .. } => "E_BUNDLE_READBACK_MISMATCH",
            BundleError::ReadBackInvalid { .. } => "E_BUNDLE_READBACK_INVALID",
            BundleError::Internal { .. } => "E_BUNDLE_INTERNAL",
        }
    }
}

/// A byte count for people: "1.5 MiB（1572864 字节）", or "512 字节".
pub(crate) fn size_text(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} 字节");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}（{bytes} 字节）", UNITS[unit])
}

fn removed_text(removed: bool) -> &'static str {
    if removed {
        "已删除该文件"
    } else {
        "且无法自动删除该文件，请手动删除"
    }
}

/// A reason from an I/O error, in Chinese for the cases a user can act on.
pub(crate) fn io_reason(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::NotFound => "找不到文件或文件夹（U 盘是否已拔出？）".to_string(),
        ErrorKind::PermissionDenied => "没有权限（U 盘是否处于写保护状态？）".to_string(),
        ErrorKind::StorageFull => "磁盘已满".to_string(),
        ErrorKind::ReadOnlyFilesystem => "磁盘为只读（U 盘是否处于写保护状态？）".to_string(),
        ErrorKind::AlreadyExists => "同名文件已存在".to_string(),
        ErrorKind::UnexpectedEof => "文件意外结束".to_string(),
        _ => format!("系统错误：{err}"),
    }
}

/// Escapes control characters so a hostile name cannot garble a message.
pub(crate) fn shown(name: &str) -> String {
    if name.chars().any(|c| c.is_control() || c == '\\' || c == '"') {
        name.escape_debug().to_string()
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_text_is_readable() {
        assert_eq!(size_text(512), "512 字节");
        assert_eq!(size_text(1536), "1.5 KiB（1536 字节）");
        assert_eq!(size_text(4 << 30), "4.0 GiB（4294967296 字节）");
    }

    #[test]
    fn every_variant_has_its_own_code_and_a_chinese_message() {
        let s = String::new;
        let p = PathBuf::new;
        let all = vec![
            BundleError::FileTooLarge { size: 2, limit: 1 },
            BundleError::Corrupt { reason: s() },
            BundleError::UnsafeName { name: s(), reason: s() },
            BundleError::ReservedName { name: s() },
            BundleError::DirectoryEntry { name: s() },
            BundleError::Symlink { name: s() },
            BundleError::UnsupportedEntry { name: s(), reason: s() },
            BundleError::DuplicateEntry { name: s() },
            BundleError::TooManyEntries { count: 2, limit: 1 },
            BundleError::EntryTooLarge { name: s(), size: 2, limit: 1 },
            BundleError::TotalTooLarge { total: 2, limit: 1 },
            BundleError::CompressionRatio { name: s(), ratio: 2, limit: 1 },
            BundleError::EntryCorrupt { name: s(), reason: s() },
            BundleError::MissingManifest,
            BundleError::MissingSignature,
            BundleError::SignatureInvalid { reason: s() },
            BundleError::WrongKey { signer_fingerprint: s(), expected_fingerprint: s() },
            BundleError::UnknownFormat { format: s() },
            BundleError::UnsupportedVersion { version: 2 },
            BundleError::ManifestInvalid { reason: s() },
            BundleError::SourceKeyMismatch { manifest_fingerprint: s(), signer_fingerprint: s() },
            BundleError::EntryNotListed { name: s() },
            BundleError::EntryMissing { name: s() },
            BundleError::EntryModified {
                name: s(),
                expected_size: 0,
                actual_size: 0,
                expected_sha256: s(),
                actual_sha256: s(),
            },
            BundleError::InvalidHeader { reason: s() },
            BundleError::KeyFile { path: p(), reason: s() },
            BundleError::PublicKeyInvalid { reason: s() },
            BundleError::Signing { reason: s() },
            BundleError::ReadFile { path: p(), reason: s() },
            BundleError::SourceFile { path: p(), reason: s() },
            BundleError::InvalidFileName { name: s() },
            BundleError::TargetDirMissing { dir: p() },
            BundleError::TargetExists { path: p() },
            BundleError::NoSpace { dir: p(), needed: 2, available: 1 },
            BundleError::WriteFailed { path: p(), reason: s() },
            BundleError::ReadBackMismatch { path: p(), removed: true },
            BundleError::ReadBackInvalid { path: p(), removed: false, source: Box::new(BundleError::MissingManifest) },
            BundleError::Internal { reason: s() },
        ];
        let codes: std::collections::HashSet<&str> = all.iter().map(BundleError::code).collect();
        assert_eq!(codes.len(), all.len(), "codes must be distinct");
        for e in &all {
            assert!(e.code().starts_with("E_BUNDLE_"), "{}", e.code());
            let text = e.to_string();
            assert!(text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}: {text}", e.code());
        }
    }

    #[test]
    fn shown_escapes_control_characters_only() {
        assert_eq!(shown("表格/数据.jsonl"), "表格/数据.jsonl");
        assert_eq!(shown("a\nb"), "a\\nb");
    }
}
