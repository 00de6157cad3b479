//! The records every ledger shares — the organisation, evidence, the audit trail, the app's own
//! information — as they cross IPC and `--json`. Each ledger's own records are in its folder
//! (`tasks::model`, …).
//!
//! Dates are `YYYY-MM-DD` strings, times RFC 3339 UTC strings. TypeScript definitions are
//! generated from these types by ts-rs into `ui/src/bindings/` (run `cargo test -p ledger-core`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An evidence attachment linked to a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Evidence {
    pub id: String,
    pub sha256: String,
    pub file_name: String,
    #[ts(type = "number")]
    pub size: i64,
    pub mime: String,
    /// The kind of record it belongs to, e.g. `task`.
    pub entity: String,
    pub entity_id: String,
    pub created_at: String,
}

/// A PDF report the program wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PdfReport {
    pub path: String,
    pub title: String,
    #[ts(type = "number")]
    pub pages: i64,
    #[ts(type = "number")]
    pub bytes: i64,
    /// Characters no font had, left out of the page: `𠀀（U+20000）第 3 页，评分表第 12 项`.
    pub missing_chars: Vec<String>,
    /// Which font printed each element: `标题：方正小标宋简体（系统字体）`.
    pub fonts: Vec<String>,
}

/// An attachment of the ledgers with the record it belongs to, in words (`重点任务：…`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CitableEvidence {
    pub evidence: Evidence,
    pub owner: String,
}

/// Kinds of organisational unit (seeds/002: 中队, 所, 驻巡站).
pub const UNIT_KINDS: [&str; 7] = ["分局", "执法大队", "执法中队", "生态环境保护所", "驻巡站", "科室", "其他"];

/// The branch or one of its units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OrgUnit {
    pub id: String,
    pub parent_id: Option<String>,
    pub name: String,
    pub kind: String,
    /// Other names the unit is known by in imported sheets (第一中队 for 第一执法中队, an earlier
    /// name of the branch), kept when a clerk maps them.
    pub aliases: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
    #[ts(type = "number")]
    pub revision: i64,
}

/// Input for a new unit, or the new name and kind of an existing one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UnitInput {
    pub name: String,
    pub kind: String,
    /// `None`: directly under the branch.
    pub parent_id: Option<String>,
}

/// One row of the audit trail (全过程留痕).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    /// What the clerk reads: the entity (重点任务, 导入 …), the action (新建, 修改 …) and the
    /// record in a few words (its 具体任务, 名称, file name, or what an import did).
    pub entity_label: String,
    pub action_label: String,
    pub summary: String,
    /// The record's fields before and after, by their Chinese names (internal fields left out).
    pub fields: Vec<AuditField>,
}

/// One field of an audited record, before and after the change, as the clerk reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditField {
    pub label: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub changed: bool,
}

/// A page of the audit trail, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditPage {
    #[ts(type = "number")]
    pub total: i64,
    pub items: Vec<AuditEntry>,
}

/// A filter over the audit trail.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct AuditQuery {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub offset: u32,
    pub limit: Option<u32>,
}

/// What the app shows about itself and where its data lives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    pub data_dir: String,
    /// `YYYY-MM-DD`, local time.
    pub today: String,
    pub actor: String,
    pub branch: Option<OrgUnit>,
    /// 分局, or 市局 for a city bureau's database.
    pub role: String,
    /// The signing key's fingerprint, once the database is initialised.
    pub fingerprint: Option<String>,
    /// True for a branch's records opened read-only at the city bureau.
    pub read_only: bool,
    /// Set when the computer's clock is behind the last change recorded (see
    /// [`crate::Ledger::clock_warning`]).
    pub clock_warning: Option<String>,
}

/// An image attachment's bytes for an inline preview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EvidencePreview {
    pub mime: String,
    pub data_base64: String,
}
