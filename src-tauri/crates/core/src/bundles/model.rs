//! The records of bundles as they cross IPC and `--json`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// This database's signing key, as the app and reports show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyInfo {
    /// 分局 or 市局.
    pub role: String,
    /// The branch's (or city bureau's) name.
    pub name: String,
    /// `3F2A 9C1B 77D0 4E12 A9B3`: what the city reviewer compares by eye.
    pub fingerprint: String,
    /// The minisign public key line (`RW…`).
    pub public_key: String,
    /// The public key as a `.pub` file, for `minisign -p`.
    pub public_key_file: String,
    /// A city bureau's key this branch accepts templates from, once pinned.
    pub city_fingerprint: Option<String>,
}

/// One bundle this database wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportRecord {
    #[ts(type = "number")]
    pub sequence: i64,
    /// `full`, `incremental` or `template`.
    pub kind: String,
    /// 完整, 增量, 模板.
    pub kind_label: String,
    pub file_name: String,
    pub path: String,
    #[ts(type = "number")]
    pub size: i64,
    pub file_sha256: String,
    /// Records and tombstones carried.
    #[ts(type = "number")]
    pub records: i64,
    #[ts(type = "number")]
    pub deleted: i64,
    pub created_at: String,
    pub created_by: String,
}

/// What an export reports as it goes (the app's progress bar).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportProgress {
    /// 正在汇总数据, 正在检查剩余空间, 正在写入, 正在同步到磁盘, 正在读回校验.
    pub stage: String,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// One table's share of a bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TableLine {
    pub table: String,
    /// The table's Chinese name.
    pub title: String,
    #[ts(type = "number")]
    pub rows: u64,
    #[ts(type = "number")]
    pub deleted: u64,
}

/// A bundle checked by `verify` (and the start of every import).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VerifyReport {
    pub file: String,
    /// `full`, `incremental` or `template`.
    pub kind: String,
    pub kind_label: String,
    pub source_id: String,
    pub source_name: String,
    /// 分局 or 市局.
    pub source_role: String,
    pub fingerprint: String,
    #[ts(type = "number")]
    pub sequence: u64,
    #[ts(type = "number | null")]
    pub previous_sequence: Option<u64>,
    pub created_at: String,
    pub program_version: String,
    #[ts(type = "number")]
    pub entries: u64,
    #[ts(type = "number")]
    pub size: u64,
    pub file_sha256: String,
    pub manifest_sha256: String,
    pub tables: Vec<TableLine>,
    /// What the check found about the key: 与登记的密钥一致, or that the key is not yet known here.
    pub key_status: String,
    /// On a city database: the branch is not registered yet (importing it registers it and pins
    /// its key, once the reviewer has compared the fingerprint).
    pub new_branch: bool,
}

/// What importing one bundle did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportOutcome {
    pub file: String,
    pub branch_id: String,
    pub branch_name: String,
    #[ts(type = "number")]
    pub sequence: u64,
    pub kind_label: String,
    /// False when the same bundle had been imported before (nothing changed).
    pub applied: bool,
    /// True when this bundle registered the branch (its key is now pinned).
    pub registered: bool,
    #[ts(type = "number")]
    pub records: u64,
    #[ts(type = "number")]
    pub deleted: u64,
    /// Sequences not yet received below the newest one.
    #[ts(type = "number[]")]
    pub missing: Vec<u64>,
    /// 已导入, 已导入过（未改动）.
    pub message: String,
}

/// One figure in the side-by-side view: its value and whether it passes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatusFigure {
    pub id: String,
    pub name: String,
    pub value: String,
    pub pass: Option<bool>,
}

/// A registered branch as the city bureau sees it: who it is, what it last sent, and its figures
/// computed from its records as of that bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BranchStatus {
    /// `None` for a key registered from a key list whose first bundle has not come yet.
    pub branch_id: Option<String>,
    pub name: String,
    pub fingerprint: String,
    pub public_key: String,
    pub registered_at: String,
    #[ts(type = "number | null")]
    pub last_sequence: Option<u64>,
    pub last_import_at: Option<String>,
    /// The time the newest bundle was made at the branch.
    pub last_bundle_at: Option<String>,
    #[ts(type = "number[]")]
    pub missing: Vec<u64>,
    /// The figures, once a bundle has been imported.
    pub figures: Option<BranchFigures>,
}

/// A branch's figures as the city bureau compares them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BranchFigures {
    /// The reference date of the figures and the assessment year.
    pub as_of: String,
    pub year: i32,
    pub rubric_title: String,
    pub total: f64,
    pub max: f64,
    pub grade: String,
    /// 草稿, 已提交, 已签发, or 未开始 when the branch has not opened the assessment.
    pub assessment_status: String,
    #[ts(type = "number")]
    pub tasks: i64,
    #[ts(type = "number")]
    pub tasks_done: i64,
    #[ts(type = "number")]
    pub tasks_overdue: i64,
    /// F1–F9 that pass, of those that apply.
    #[ts(type = "number")]
    pub staff_pass: i64,
    #[ts(type = "number")]
    pub staff_applicable: i64,
    pub staff_figures: Vec<StatusFigure>,
    /// Standard list items (E1) the branch falls short of.
    #[ts(type = "number")]
    pub equipment_gaps: i64,
    pub equipment_gap_names: Vec<String>,
    #[ts(type = "number")]
    pub staff_count: i64,
}
