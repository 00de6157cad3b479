//! Where the data lives: the user's data directory by OS convention, unless told otherwise.

use std::path::PathBuf;

/// The environment variable that overrides the database path.
pub const DB_ENV: &str = "BRANCH_LEDGER_DB";

/// The database file name inside the data directory.
pub const DB_FILE: &str = "ledger.sqlite3";

/// The database path: `explicit` (a `--db` flag), else `$BRANCH_LEDGER_DB`, else
/// `<data dir>/ledger.sqlite3` (on Linux `~/.local/share/branch-ledger/`).
pub fn resolve_db_path(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| std::env::var_os(DB_ENV).filter(|v| !v.is_empty()).map(PathBuf::from))
        .unwrap_or_else(|| default_data_dir().join(DB_FILE))
}

/// The per-user data directory of the program.
pub fn default_data_dir() -> PathBuf {
    directories::ProjectDirs::from("cn", "BranchLedger", "branch-ledger")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".branch-ledger"))
}

/// The name of the person at the keyboard, for the audit trail.
pub fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "本机用户".to_string())
}
