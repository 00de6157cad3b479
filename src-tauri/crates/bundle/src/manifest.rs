//! `manifest.json`: what the bundle is, who made it, and the size and SHA-256 of every entry.
//! The signature covers exactly its bytes.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::{FORMAT, MANIFEST, SIGNATURE};

/// The signed manifest (`manifest.json`). Field order here is the order in the file.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always [`crate::FORMAT`] (`"branch-ledger-bundle"`).
    pub format: String,
    /// [`crate::FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// Full export, incremental export, or template.
    pub kind: BundleKind,
    /// Who made and signed the bundle.
    pub source: Source,
    /// 1, 2, 3 … per source and kind family (data bundles / templates).
    pub sequence: u64,
    /// The bundle before this one in the same family, `None` for sequence 1.
    pub previous: Option<Previous>,
    /// When the bundle was made, RFC 3339 in UTC (e.g. `"2024-05-01T08:30:00Z"`).
    pub created_at: String,
    /// Version of the program that wrote it.
    pub program_version: String,
    /// Table name -> row counts of the exported data (empty for templates if unused).
    pub counts: BTreeMap<String, TableCount>,
    /// Every entry except `manifest.json` and `manifest.json.minisig`, sorted by name
    /// (byte-wise UTF-8 order).
    pub entries: Vec<EntryInfo>,
}

/// What a bundle carries.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum BundleKind {
    /// All data of the branch.
    Full,
    /// The changes since the previous data bundle.
    Incremental,
    /// A city's template sent to its branches.
    Template,
}

impl BundleKind {
    /// The JSON spelling: `"full"`, `"incremental"` or `"template"`.
    pub fn as_str(self) -> &'static str {
        match self {
            BundleKind::Full => "full",
            BundleKind::Incremental => "incremental",
            BundleKind::Template => "template",
        }
    }

    /// Whether this kind belongs to the data family (full and incremental share one sequence);
    /// templates have their own.
    pub fn is_data(self) -> bool {
        !matches!(self, BundleKind::Template)
    }
}

/// The office that made and signed the bundle.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Stable identifier of the office.
    pub id: String,
    /// Display name, e.g. "某某市生态环境局某某分局".
    pub name: String,
    /// Branch office or city bureau.
    pub role: SourceRole,
    /// The signing key, as the one-line minisign base64 form ("RW…").
    pub public_key: String,
    /// [`crate::PublicKey::fingerprint`] of `public_key`.
    pub fingerprint: String,
}

/// Whether the source is a branch office or the city bureau.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum SourceRole {
    /// A branch office (sends data bundles).
    Branch,
    /// The city bureau (sends templates).
    City,
}

/// Link to the previous bundle of the same source and family.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Previous {
    /// Its sequence number.
    pub sequence: u64,
    /// SHA-256 (lowercase hex) of its `manifest.json` bytes.
    pub manifest_sha256: String,
}

/// Row counts of one table.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(deny_unknown_fields)]
pub struct TableCount {
    /// Rows of the table carried in the bundle.
    pub rows: u64,
    /// Deleted rows (deletion markers) carried in the bundle.
    pub deleted: u64,
}

/// One entry of the zip as the manifest lists it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct EntryInfo {
    /// Path inside the zip.
    pub name: String,
    /// Uncompressed size in bytes.
    pub size: u64,
    /// SHA-256 of the uncompressed bytes, lowercase hex.
    pub sha256: String,
}

/// Everything in the manifest except `entries`, `format`, `format_version` (the builder fills
/// those).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestHeader {
    /// See [`Manifest::kind`].
    pub kind: BundleKind,
    /// See [`Manifest::source`]; its key must be the signing key.
    pub source: Source,
    /// See [`Manifest::sequence`].
    pub sequence: u64,
    /// See [`Manifest::previous`].
    pub previous: Option<Previous>,
    /// See [`Manifest::created_at`].
    pub created_at: String,
    /// See [`Manifest::program_version`].
    pub program_version: String,
    /// See [`Manifest::counts`].
    pub counts: BTreeMap<String, TableCount>,
}

impl Manifest {
    /// The manifest's own rules, beyond the JSON shape (the key is checked by the caller).
    /// Returns the Chinese reason of the first broken rule.
    pub(crate) fn check_rules(&self) -> Result<(), String> {
        if self.format != FORMAT {
            return Err(format!("format 应为 {FORMAT}"));
        }
        check_header_fields(
            &self.source,
            self.sequence,
            self.previous.as_ref(),
            &self.created_at,
            &self.program_version,
            &self.counts,
        )?;
        let mut seen = BTreeSet::new();
        for entry in &self.entries {
            if entry.name == MANIFEST || entry.name == SIGNATURE {
                return Err(format!("entries 中不应列出 {}", entry.name));
            }
            if !seen.insert(entry.name.as_str()) {
                return Err(format!("entries 中重复列出了 {}", crate::error::shown(&entry.name)));
            }
            if !is_sha256_hex(&entry.sha256) {
                return Err(format!("条目 {} 的 sha256 不是 64 位小写十六进制", crate::error::shown(&entry.name)));
            }
        }
        Ok(())
    }

    /// The trusted comment the builder signs with: names the source id, kind and sequence.
    pub(crate) fn trusted_comment(&self) -> String {
        let id: String = self.source.id.chars().map(|c| if c.is_control() { '_' } else { c }).collect();
        format!(
            "{FORMAT} v{} source={id} kind={} sequence={} created_at={} file={MANIFEST}",
            self.format_version,
            self.kind.as_str(),
            self.sequence,
            self.created_at.chars().filter(|c| !c.is_control()).collect::<String>(),
        )
    }
}

impl ManifestHeader {
    /// Checks the fields the builder cannot fill itself.
    pub(crate) fn check(&self) -> Result<(), String> {
        check_header_fields(
            &self.source,
            self.sequence,
            self.previous.as_ref(),
            &self.created_at,
            &self.program_version,
            &self.counts,
        )
    }
}

fn check_header_fields(
    source: &Source,
    sequence: u64,
    previous: Option<&Previous>,
    created_at: &str,
    program_version: &str,
    counts: &BTreeMap<String, TableCount>,
) -> Result<(), String> {
    if source.id.trim().is_empty() || source.id.chars().any(char::is_control) {
        return Err("source.id 不能为空，也不能含控制字符".to_string());
    }
    if source.name.trim().is_empty() {
        return Err("source.name 不能为空".to_string());
    }
    if sequence == 0 {
        return Err("sequence 从 1 开始".to_string());
    }
    match previous {
        None => {}
        Some(prev) => {
            if prev.sequence == 0 || prev.sequence >= sequence {
                return Err(format!("previous.sequence（{}）应在 1 与 sequence（{sequence}）之间", prev.sequence));
            }
            if !is_sha256_hex(&prev.manifest_sha256) {
                return Err("previous.manifest_sha256 不是 64 位小写十六进制".to_string());
            }
        }
    }
    match chrono::DateTime::parse_from_rfc3339(created_at) {
        Ok(t) if t.offset().local_minus_utc() == 0 => {}
        _ => {
            return Err(format!(
                "created_at（{}）应为 UTC 的 RFC 3339 时间，如 2024-05-01T08:30:00Z",
                crate::error::shown(created_at)
            ))
        }
    }
    if program_version.trim().is_empty() {
        return Err("program_version 不能为空".to_string());
    }
    if counts.keys().any(|table| table.trim().is_empty()) {
        return Err("counts 中有空的表名".to_string());
    }
    Ok(())
}

/// Whether `s` is 64 lowercase hex digits.
pub(crate) fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
