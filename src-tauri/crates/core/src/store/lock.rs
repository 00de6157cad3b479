//! The desktop app's claim on a database: an exclusive lock on `<data dir>/.<stem>.lock`, held
//! while the app runs. A second app start finds it taken (and hands over to the first window);
//! `ledgerctl restore` refuses while it is taken. Ordinary `ledgerctl` writes do not need it:
//! SQLite's own locking (WAL, `BEGIN IMMEDIATE`, busy timeout) makes them safe beside the app.
//!
//! The lock is the operating system's (`flock` / `LockFileEx`), so it is released when the
//! process ends, however it ends.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use crate::error::{io_reason, LedgerError, Result};

/// A held lock; dropping it releases the database.
#[derive(Debug)]
pub struct AppLock {
    _file: File,
}

/// The lock file of `db_path`.
pub fn lock_path(db_path: &Path) -> PathBuf {
    let stem = db_path.file_stem().and_then(|s| s.to_str()).unwrap_or("ledger");
    db_path.parent().unwrap_or(Path::new(".")).join(format!(".{stem}.lock"))
}

impl AppLock {
    /// Take the lock, or `None` if another process holds it.
    pub fn acquire(db_path: &Path) -> Result<Option<AppLock>> {
        let path = lock_path(db_path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| LedgerError::file(dir, format!("无法创建数据目录：{}", io_reason(&e))))?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| LedgerError::file(&path, format!("无法打开锁文件：{}", io_reason(&e))))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(AppLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => {
                Err(LedgerError::file(&path, format!("无法加锁：{}", io_reason(&e))))
            }
        }
    }

    /// True when another process (the app) holds the lock of `db_path`.
    pub fn is_held(db_path: &Path) -> bool {
        matches!(AppLock::acquire(db_path), Ok(None))
    }
}
