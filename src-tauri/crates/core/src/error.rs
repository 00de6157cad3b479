//! The one error type of the core. Every message is Chinese and names what is wrong;
//! every variant has a stable code (`E_…`) that scripts and the UI can match on.

use serde::Serialize;

use crate::store::excel::ImportReport;

/// Result alias used throughout the core.
pub type Result<T, E = LedgerError> = std::result::Result<T, E>;

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// A field failed validation. `field` is the Chinese field name shown to the clerk.
    #[error("{field}：{reason}")]
    Invalid { field: String, reason: String },
    /// A record that was asked for does not exist (or was deleted).
    #[error("未找到{entity}：{id}")]
    NotFound { entity: &'static str, id: String },
    /// The record changed since the caller read it (optimistic concurrency).
    #[error("{entity}已被修改（当前版本 {current}，提交的版本 {given}），请刷新后重试")]
    Conflict { entity: &'static str, current: i64, given: i64 },
    /// The database has no branch yet.
    #[error("尚未建立本单位信息，请先初始化（ledgerctl init --branch-name 名称）")]
    NotInitialized,
    /// A request that contradicts what is already stored.
    #[error("{0}")]
    Rejected(String),
    /// An import with errors, nothing written.
    #[error("导入未执行：{} 行有错误，数据库未作任何改动", .0.rejected_rows)]
    ImportRejected(Box<ImportReport>),
    /// A file could not be read or written, or its content is wrong.
    #[error("文件“{path}”：{reason}")]
    File { path: String, reason: String },
    /// Another process holds the write lock longer than the busy timeout.
    #[error("数据库正被另一个程序写入，请稍后重试")]
    Busy,
    /// The database file is newer than this program.
    #[error("数据库版本（{found}）高于本程序支持的版本（{supported}），请升级程序")]
    TooNew { found: i64, supported: i64 },
    /// The database file is damaged or is not a database; `message` says so in plain words.
    #[error("{message}")]
    Damaged { path: String, message: String },
    /// The disk is full; the write that hit it was not saved (its transaction rolled back).
    #[error("{}", disk_full(path))]
    DiskFull { path: String },
    /// The data directory is on a network share.
    #[error("数据目录“{path}”位于网络共享（{fstype}）上。SQLite 数据库放在网络共享上可能因多台电脑同时写入而损坏，请将数据目录放在本机硬盘上（可用“备份”把副本保存到共享目录）")]
    NetworkShare { path: String, fstype: String },
    /// The data directory (or the database file) cannot be written.
    #[error("数据目录“{path}”无法写入（{reason}）。请检查文件夹权限，或磁盘是否只读、被写保护")]
    ReadOnlyPlace { path: String, reason: String },
    /// The database is open in the desktop app and the operation needs it closed.
    #[error("规范化建设台账程序正在使用数据库“{path}”，请先关闭程序再{action}")]
    InUse { path: String, action: String },
    /// Any other SQLite failure.
    #[error("数据库错误：{0}")]
    Db(rusqlite::Error),
    /// Any other I/O failure.
    #[error("读写文件出错：{}", io_reason(.0))]
    Io(std::io::Error),
    /// A bundle that could not be made or written (its own code says which).
    #[error("{0}")]
    Bundle(#[from] ledger_bundle::BundleError),
    /// A bundle file that was refused: the file, the reason, and the reason's stable code
    /// (`E_BUNDLE_…` from the verification, `E_BUNDLE_REJECTED` for what the import found).
    #[error("数据包“{path}”被拒绝：{reason}")]
    BundleRefused { path: String, reason: String, code: &'static str },
}

/// An I/O error's reason in Chinese, for the cases a clerk can act on; the system's own text,
/// after 系统错误, for the rest. (The bundle crate has its own, with hints for a USB stick.)
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "文件或文件夹不存在".to_string(),
        ErrorKind::PermissionDenied => "没有权限".to_string(),
        ErrorKind::StorageFull => "磁盘已满".to_string(),
        ErrorKind::ReadOnlyFilesystem => "所在磁盘为只读".to_string(),
        ErrorKind::AlreadyExists => "同名文件已存在".to_string(),
        ErrorKind::UnexpectedEof => "文件意外结束（可能不完整）".to_string(),
        ErrorKind::IsADirectory => "这是文件夹，不是文件".to_string(),
        ErrorKind::NotADirectory => "路径中有一项不是文件夹".to_string(),
        _ => format!("系统错误：{e}"),
    }
}

fn disk_full(path: &str) -> String {
    let at = if path.is_empty() { String::new() } else { format!("（{path}）") };
    format!("磁盘空间已满{at}：本次操作没有保存，已有数据完好。请清理磁盘空间后重试")
}

impl From<std::io::Error> for LedgerError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::StorageFull {
            return LedgerError::DiskFull { path: String::new() };
        }
        LedgerError::Io(e)
    }
}

impl From<rusqlite::Error> for LedgerError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => LedgerError::DiskFull { path: String::new() },
            Some(rusqlite::ErrorCode::DatabaseCorrupt) | Some(rusqlite::ErrorCode::NotADatabase) => LedgerError::Damaged {
                path: String::new(),
                message: format!(
                    "数据库文件已损坏，无法读取（SQLite：{e}）。请在“备份与恢复”中从备份恢复，或运行 ledgerctl restore --latest"
                ),
            },
            Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => LedgerError::Busy,
            Some(rusqlite::ErrorCode::ReadOnly) => {
                LedgerError::Rejected("这是分局上报数据的只读副本，不能修改".to_string())
            }
            _ => LedgerError::Db(e),
        }
    }
}

impl LedgerError {
    /// Shorthand for a validation error on one field.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        LedgerError::Invalid { field: field.into(), reason: reason.into() }
    }

    /// Shorthand for a file error.
    pub fn file(path: impl AsRef<std::path::Path>, reason: impl Into<String>) -> Self {
        LedgerError::File { path: path.as_ref().display().to_string(), reason: reason.into() }
    }

    /// Optimistic concurrency: a write based on `given`, the revision the caller read, of a
    /// record now at `current` is refused, never silently laid over what someone else saved.
    pub fn check_revision(entity: &'static str, current: i64, given: i64) -> Result<()> {
        if current != given {
            return Err(LedgerError::Conflict { entity, current, given });
        }
        Ok(())
    }

    /// The stable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            LedgerError::Invalid { .. } => "E_INVALID",
            LedgerError::NotFound { .. } => "E_NOT_FOUND",
            LedgerError::Conflict { .. } => "E_CONFLICT",
            LedgerError::NotInitialized => "E_NOT_INITIALIZED",
            LedgerError::Rejected(_) => "E_REJECTED",
            LedgerError::ImportRejected(_) => "E_IMPORT_REJECTED",
            LedgerError::File { .. } => "E_FILE",
            LedgerError::Busy => "E_BUSY",
            LedgerError::TooNew { .. } => "E_DB_TOO_NEW",
            LedgerError::Damaged { .. } => "E_DB_DAMAGED",
            LedgerError::DiskFull { .. } => "E_DISK_FULL",
            LedgerError::NetworkShare { .. } => "E_NETWORK_SHARE",
            LedgerError::ReadOnlyPlace { .. } => "E_READ_ONLY_PLACE",
            LedgerError::InUse { .. } => "E_IN_USE",
            LedgerError::Db(_) => "E_DB",
            LedgerError::Io(_) => "E_IO",
            LedgerError::Bundle(e) => e.code(),
            LedgerError::BundleRefused { code, .. } => code,
        }
    }

    /// True when the user can fix this by changing their input (exit status 1);
    /// false for internal failures (exit status 2).
    pub fn is_user_error(&self) -> bool {
        !matches!(self, LedgerError::Db(_) | LedgerError::Io(_))
    }

    /// A serialisable form for IPC and `--json` output.
    pub fn to_payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code().to_string(),
            message: self.to_string(),
            field: match self {
                LedgerError::Invalid { field, .. } => Some(field.clone()),
                _ => None,
            },
            import_report: match self {
                LedgerError::ImportRejected(r) => Some((**r).clone()),
                _ => None,
            },
        }
    }
}

/// What crosses IPC (and `--json`) when a call fails.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ErrorPayload {
    pub code: String,
    pub message: String,
    /// The Chinese name of the field at fault, for a validation error.
    pub field: Option<String>,
    /// The row errors of a rejected import.
    pub import_report: Option<ImportReport>,
}
