//! Restoring a backup set in place of the database, its evidence, its key and its replicas.
//! Nothing is deleted: a healthy database is backed up first, a damaged one moved aside.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::Local;
use rusqlite::{Connection, OpenFlags};

use super::{
    backups_dir, check, copy_checked, copy_database, copy_file, create, data_dir, db_file_name, find, io_err,
    pool_path, replicas, stem, sync_dir, verify, BackupReason, Health, RestoreOutcome,
};
use crate::error::Result;

/// Replace the database at `db_path` (which no one may have open) by the set `id`, with its
/// evidence, key and replicas. The current database is backed up first if it is healthy, or
/// moved aside to `damaged/` if not; nothing is deleted.
pub fn restore(db_path: &Path, id: &str) -> Result<RestoreOutcome> {
    let set = find(db_path, id)?;
    verify(db_path, &set)?;
    let data = data_dir(db_path);
    let stamp = Local::now().format("%Y%m%d-%H%M%S").to_string();
    let set_dir = backups_dir(db_path).join(&set.id);

    let (mut before_restore, mut damaged_kept_at) = (None, None);
    match check(db_path) {
        Health::Ok => {
            let conn = Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
            before_restore = Some(create(&conn, db_path, BackupReason::BeforeRestore)?);
            // Fold the WAL into the file so that nothing of the old database lingers beside the
            // restored one.
            conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
        }
        Health::Missing => {}
        _ => {
            let aside = data.join("damaged").join(&stamp);
            fs::create_dir_all(&aside).map_err(|e| io_err(&aside, "无法创建目录", e))?;
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let from = PathBuf::from(format!("{}{suffix}", db_path.display()));
                if from.exists() {
                    let to = aside.join(format!("{}{suffix}", db_file_name(db_path)));
                    fs::rename(&from, &to).map_err(|e| io_err(&from, "无法移走损坏的数据库", e))?;
                }
            }
            sync_dir(&data);
            damaged_kept_at = Some(aside.display().to_string());
        }
    }

    put_database(&set_dir.join(db_file_name(db_path)), db_path)?;
    let mut evidence_restored = restore_evidence(db_path, &data.join("evidence"), &backups_dir(db_path))?;

    let key = set_dir.join("keys").join(format!("{}.key", stem(db_path)));
    if key.is_file() {
        let live = data.join("keys").join(format!("{}.key", stem(db_path)));
        let differs = fs::read(&live).ok() != fs::read(&key).ok();
        if differs {
            if live.exists() {
                let aside = live.with_extension(format!("key.replaced-{stamp}"));
                fs::rename(&live, &aside).map_err(|e| io_err(&live, "无法移走当前密钥", e))?;
            }
            fs::create_dir_all(data.join("keys")).map_err(|e| io_err(&data, "无法创建目录", e))?;
            copy_file(&key, &live)?;
        }
    }

    for (branch, copy) in replicas(&set_dir) {
        let live = data.join("branches").join(&branch).join("ledger.sqlite3");
        if live.exists() {
            let aside = data.join("damaged").join(&stamp).join("branches").join(&branch);
            fs::create_dir_all(&aside).map_err(|e| io_err(&aside, "无法创建目录", e))?;
            for suffix in ["", "-wal", "-shm"] {
                let from = PathBuf::from(format!("{}{suffix}", live.display()));
                if from.exists() {
                    let to = aside.join(format!("ledger.sqlite3{suffix}"));
                    fs::rename(&from, &to).map_err(|e| io_err(&from, "无法移走分局副本", e))?;
                }
            }
        }
        put_database(&copy, &live)?;
        evidence_restored +=
            restore_evidence(&live, &live.parent().unwrap_or(&data).join("evidence"), &backups_dir(db_path))?;
    }

    Ok(RestoreOutcome { restored: set, before_restore, damaged_kept_at, evidence_restored })
}

/// Copy the database file `from` into place at `to` via a temporary name (with the backup API,
/// so the result is one consistent file), removing a stale WAL of the old file.
fn put_database(from: &Path, to: &Path) -> Result<()> {
    let dir = to.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| io_err(dir, "无法创建目录", e))?;
    let tmp = dir.join(format!(".restoring-{}", uuid::Uuid::new_v4()));
    let result = (|| -> Result<()> {
        let src = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        copy_database(&src, &tmp)?;
        for suffix in ["-wal", "-shm"] {
            let stale = PathBuf::from(format!("{}{suffix}", to.display()));
            if stale.exists() {
                fs::remove_file(&stale).map_err(|e| io_err(&stale, "无法替换数据库", e))?;
            }
        }
        fs::rename(&tmp, to).map_err(|e| io_err(to, "无法替换数据库", e))?;
        sync_dir(dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Put back from the pool every evidence file the database at `db` links to that is missing
/// (or of the wrong size) in `evidence`.
fn restore_evidence(db: &Path, evidence: &Path, dir: &Path) -> Result<u64> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut stmt = conn.prepare("SELECT sha256, size FROM evidence_blobs")?;
    let blobs: Vec<(String, i64)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut restored = 0;
    for (sha, size) in blobs {
        if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            continue;
        }
        let live = evidence.join(&sha[..2]).join(&sha);
        if fs::metadata(&live).map(|m| m.len() as i64 == size).unwrap_or(false) {
            continue;
        }
        if copy_checked(&pool_path(dir, &sha), &live, &sha)? {
            restored += 1;
        }
    }
    Ok(restored)
}
