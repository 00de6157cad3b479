//! Backups of a ledger and everything it cannot be rebuilt without: the database (through
//! SQLite's online backup API), its evidence files, its signing key and — at a city bureau —
//! the branches' replicas.
//!
//! Layout, beside the database `<data dir>/<stem>.sqlite3`:
//!
//! ```text
//! backups/<stem>/000042-20261203-091500-daily/   one backup set
//!     <stem>.sqlite3        the database, a standalone file (journal_mode DELETE)
//!     keys/<stem>.key       the signing key, if there is one
//!     branches/<id>/ledger.sqlite3   the city's replicas, if any
//!     backup.json           what this set holds (see [`BackupSet`])
//! backups/<stem>/evidence/ab/abcdef…   evidence files of all sets, each stored once by hash
//! damaged/<time>/           a damaged database moved aside by a restore, never deleted
//! ```
//!
//! Invariants: a set directory exists only once complete (built as `.partial-…`, synced,
//! renamed); the database copy in a set passed `PRAGMA quick_check` and its SHA-256 is in
//! `backup.json`; an evidence file in the pool has the hash it is named by. A restore never
//! deletes the current database: a healthy one is backed up first, a damaged one moved aside.

mod health;
mod restore;
pub mod rotation;

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDateTime};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use health::{check, Health};
pub use restore::restore;

use crate::error::{io_reason, LedgerError, Result};
use crate::store::dates;
use crate::Ledger;

/// Why a backup was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BackupReason {
    /// The first start of the app on a day.
    Daily,
    /// Before the schema was upgraded by a newer program.
    Migration,
    /// Before an import (Excel sheet, bundle, template, rubric, standard list).
    Import,
    /// Asked for by the clerk.
    Manual,
    /// The state just before a restore replaced it.
    BeforeRestore,
}

impl BackupReason {
    /// The Chinese label the app and `ledgerctl` show.
    pub fn label(self) -> &'static str {
        match self {
            BackupReason::Daily => "每日自动备份",
            BackupReason::Migration => "程序升级前",
            BackupReason::Import => "导入前",
            BackupReason::Manual => "手动备份",
            BackupReason::BeforeRestore => "恢复前",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            BackupReason::Daily => "daily",
            BackupReason::Migration => "migration",
            BackupReason::Import => "import",
            BackupReason::Manual => "manual",
            BackupReason::BeforeRestore => "before-restore",
        }
    }
}

/// One backup set, as `backup.json` records it.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct BackupSet {
    /// The set's directory name, which `restore` takes.
    pub id: String,
    /// Increases by one with each backup of this database, whatever the clock says.
    #[ts(type = "number")]
    pub sequence: u64,
    /// When it was made, RFC 3339 local time.
    pub created_at: String,
    pub reason: BackupReason,
    /// The program version that made it.
    pub program_version: String,
    /// The schema version of the database copy.
    #[ts(type = "number")]
    pub schema_version: i64,
    /// The database copy's size in bytes and SHA-256.
    #[ts(type = "number")]
    pub db_bytes: u64,
    pub db_sha256: String,
    /// Evidence files the copy links to, and how many of them were missing from the evidence
    /// directory when the backup was made (they are missing from the backup too).
    #[ts(type = "number")]
    pub evidence_files: u64,
    #[ts(type = "number")]
    pub evidence_missing: u64,
    /// Whether the signing key was included.
    pub has_key: bool,
    /// Branch replicas included (a city bureau's backup).
    #[ts(type = "number")]
    pub branches: u64,
}

/// What a restore did.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RestoreOutcome {
    /// The set restored.
    pub restored: BackupSet,
    /// The backup made of the healthy database just before it was replaced, if it was healthy.
    pub before_restore: Option<BackupSet>,
    /// Where the damaged database was moved, if it was damaged.
    pub damaged_kept_at: Option<String>,
    /// Evidence files put back from the backup.
    #[ts(type = "number")]
    pub evidence_restored: u64,
}

const MANIFEST: &str = "backup.json";

/// The directory of `db_path`'s backups.
pub fn backups_dir(db_path: &Path) -> PathBuf {
    data_dir(db_path).join("backups").join(stem(db_path))
}

fn data_dir(db_path: &Path) -> PathBuf {
    db_path.parent().filter(|p| !p.as_os_str().is_empty()).map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

fn stem(db_path: &Path) -> String {
    db_path.file_stem().and_then(|s| s.to_str()).unwrap_or("ledger").to_string()
}

fn db_file_name(db_path: &Path) -> String {
    db_path.file_name().and_then(|s| s.to_str()).unwrap_or("ledger.sqlite3").to_string()
}

fn pool_path(dir: &Path, sha: &str) -> PathBuf {
    dir.join("evidence").join(&sha[..2.min(sha.len())]).join(sha)
}

fn io_err(path: &Path, what: &str, e: std::io::Error) -> LedgerError {
    if e.kind() == std::io::ErrorKind::StorageFull {
        return LedgerError::DiskFull { path: path.display().to_string() };
    }
    LedgerError::file(path, format!("{what}：{}", io_reason(&e)))
}

/// Every backup of `db_path`, newest first. Sets whose `backup.json` cannot be read are left
/// out (and left alone).
pub fn list(db_path: &Path) -> Result<Vec<BackupSet>> {
    let dir = backups_dir(db_path);
    let mut sets = Vec::new();
    let entries = match fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(sets),
        Err(e) => return Err(io_err(&dir, "无法读取备份目录", e)),
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') || name == "evidence" {
            continue;
        }
        if let Ok(text) = fs::read_to_string(entry.path().join(MANIFEST)) {
            if let Ok(set) = serde_json::from_str::<BackupSet>(&text) {
                sets.push(set);
            }
        }
    }
    sets.sort_by_key(|s| std::cmp::Reverse(s.sequence));
    Ok(sets)
}

/// True when no daily or manual backup was made today (by the local clock) — the app makes one
/// at start then. A backup dated after today (the clock was set back) does not count as today's.
pub fn daily_due(db_path: &Path) -> Result<bool> {
    let today = dates::iso(dates::today());
    Ok(!list(db_path)?.iter().any(|s| s.created_at.get(..10) == Some(today.as_str())))
}

/// Back up the database open on `conn` (at `db_path`), with its evidence, key and replicas,
/// then apply the rotation. Safe while the database is in use: the copy is one consistent
/// snapshot.
pub fn create(conn: &Connection, db_path: &Path, reason: BackupReason) -> Result<BackupSet> {
    // One backup at a time in this process (the app's daily backup runs beside the clerk's).
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = backups_dir(db_path);
    fs::create_dir_all(&dir).map_err(|e| io_err(&dir, "无法创建备份目录", e))?;
    let sequence = list(db_path)?.first().map(|s| s.sequence).unwrap_or(0).max(highest_sequence(&dir)) + 1;
    let now = Local::now();
    let id = format!("{sequence:06}-{}-{}", now.format("%Y%m%d-%H%M%S"), reason.slug());
    let created_at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let partial = dir.join(format!(".partial-{id}"));
    let _ = fs::remove_dir_all(&partial);
    let result = build_set(conn, db_path, &dir, &partial, &id, sequence, created_at, reason);
    let set = match result {
        Ok(set) => set,
        Err(e) => {
            // Only the unfinished set is removed; the database and older sets are untouched.
            let _ = fs::remove_dir_all(&partial);
            return Err(e);
        }
    };
    let final_dir = dir.join(&id);
    fs::rename(&partial, &final_dir).map_err(|e| io_err(&final_dir, "无法完成备份", e))?;
    sync_dir(&dir);
    prune(db_path)?;
    Ok(set)
}

/// Back up the database at `db_path` through a connection of its own (the app's daily backup,
/// made beside the app's connection while the clerk works).
pub fn create_at(db_path: &Path, reason: BackupReason) -> Result<BackupSet> {
    let conn =
        Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(crate::store::db::BUSY_TIMEOUT)?;
    create(&conn, db_path, reason)
}

/// The highest sequence number among the set directories, readable manifest or not, so a
/// damaged set's number is never reused.
fn highest_sequence(dir: &Path) -> u64 {
    fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.split('-').next()).and_then(|n| n.parse::<u64>().ok()))
        .max()
        .unwrap_or(0)
}

#[allow(clippy::too_many_arguments)]
fn build_set(
    conn: &Connection,
    db_path: &Path,
    dir: &Path,
    partial: &Path,
    id: &str,
    sequence: u64,
    created_at: String,
    reason: BackupReason,
) -> Result<BackupSet> {
    fs::create_dir_all(partial).map_err(|e| io_err(partial, "无法创建备份目录", e))?;
    let copy = partial.join(db_file_name(db_path));
    copy_database(conn, &copy)?;
    let data = data_dir(db_path);
    let (evidence_files, evidence_missing) = pool_evidence(&copy, &data.join("evidence"), dir)?;

    let key = data.join("keys").join(format!("{}.key", stem(db_path)));
    let has_key = key.is_file();
    if has_key {
        let keys = partial.join("keys");
        fs::create_dir_all(&keys).map_err(|e| io_err(&keys, "无法创建备份目录", e))?;
        copy_file(&key, &keys.join(key.file_name().unwrap_or_default()))?;
    }

    let mut branches = 0;
    for (branch, replica) in replicas(&data) {
        // A replica that is not even a database is left out (the earlier sets hold it); the
        // city re-imports the branch's bundles to rebuild it.
        if !is_database(&replica) {
            continue;
        }
        let target = partial.join("branches").join(&branch);
        fs::create_dir_all(&target).map_err(|e| io_err(&target, "无法创建备份目录", e))?;
        let src = Connection::open_with_flags(&replica, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let copy = target.join("ledger.sqlite3");
        copy_database(&src, &copy)?;
        pool_evidence(&copy, &replica.parent().unwrap_or(&data).join("evidence"), dir)?;
        branches += 1;
    }

    let db_bytes = fs::metadata(&copy).map(|m| m.len()).unwrap_or(0);
    let schema_version = Connection::open_with_flags(&copy, OpenFlags::SQLITE_OPEN_READ_ONLY)?.query_row(
        "PRAGMA user_version",
        [],
        |r| r.get(0),
    )?;
    let set = BackupSet {
        id: id.to_string(),
        sequence,
        created_at,
        reason,
        program_version: env!("CARGO_PKG_VERSION").to_string(),
        schema_version,
        db_bytes,
        db_sha256: sha256_file(&copy)?,
        evidence_files,
        evidence_missing,
        has_key,
        branches,
    };
    let manifest = partial.join(MANIFEST);
    let text =
        serde_json::to_string_pretty(&set).map_err(|e| LedgerError::Rejected(format!("无法写入备份说明：{e}")))?;
    write_synced(&manifest, text.as_bytes())?;
    sync_dir(partial);
    Ok(set)
}

/// The replicas a city bureau keeps: `(branch directory name, database path)`.
fn replicas(data: &Path) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = fs::read_dir(data.join("branches"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let db = e.path().join("ledger.sqlite3");
            db.is_file().then(|| (e.file_name().to_string_lossy().to_string(), db))
        })
        .collect();
    out.sort();
    out
}

/// True when SQLite reads `path` as a database (opened through SQLite only: see [`check`]).
fn is_database(path: &Path) -> bool {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)))
        .is_ok()
}

/// Copy the database open on `src` to the new file `dest` with the online backup API, make the
/// copy a standalone file, check it and sync it.
pub(crate) fn copy_database(src: &Connection, dest: &Path) -> Result<()> {
    let mut out = Connection::open(dest).map_err(|e| LedgerError::file(dest, format!("无法创建备份：{e}")))?;
    {
        let backup = rusqlite::backup::Backup::new(src, &mut out)?;
        backup.run_to_completion(4096, std::time::Duration::from_millis(0), None)?;
    }
    let mode: String = out.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(LedgerError::file(dest, format!("备份文件无法设为独立文件（{mode}）")));
    }
    let check: String = out.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(LedgerError::file(dest, format!("备份副本未通过完整性检查：{check}")));
    }
    drop(out);
    File::open(dest).and_then(|f| f.sync_all()).map_err(|e| io_err(dest, "无法写入备份", e))?;
    Ok(())
}

/// Put every evidence file the database copy links to into the pool of `dir` (once, checked by
/// hash). Returns (linked files, files missing from `evidence`).
fn pool_evidence(copy: &Path, evidence: &Path, dir: &Path) -> Result<(u64, u64)> {
    let conn = Connection::open_with_flags(copy, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut stmt = conn.prepare("SELECT sha256 FROM evidence_blobs")?;
    let hashes: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let (mut files, mut missing) = (0, 0);
    for sha in hashes {
        if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            continue;
        }
        files += 1;
        let target = pool_path(dir, &sha);
        if target.is_file() {
            continue;
        }
        let source = evidence.join(&sha[..2]).join(&sha);
        if !copy_checked(&source, &target, &sha)? {
            missing += 1;
        }
    }
    Ok((files, missing))
}

/// Copy `source` to `target` through a temporary name if its content has hash `sha`. False when
/// the source is missing or does not match (nothing is written then).
fn copy_checked(source: &Path, target: &Path, sha: &str) -> Result<bool> {
    let Ok(mut input) = File::open(source) else { return Ok(false) };
    let parent = target.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| io_err(parent, "无法创建目录", e))?;
    let tmp = parent.join(format!(".incoming-{}", uuid::Uuid::new_v4()));
    let result = (|| -> Result<bool> {
        let mut out = File::create(&tmp).map_err(|e| io_err(&tmp, "无法写入", e))?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = input.read(&mut buf).map_err(|e| io_err(source, "无法读取", e))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n]).map_err(|e| io_err(&tmp, "无法写入", e))?;
        }
        if hex::encode(hasher.finalize()) != sha {
            return Ok(false);
        }
        out.sync_all().map_err(|e| io_err(&tmp, "无法写入", e))?;
        fs::rename(&tmp, target).map_err(|e| io_err(target, "无法写入", e))?;
        Ok(true)
    })();
    if !matches!(result, Ok(true)) {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn copy_file(source: &Path, target: &Path) -> Result<()> {
    let bytes = fs::read(source).map_err(|e| io_err(source, "无法读取", e))?;
    write_synced(target, &bytes)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(target, fs::Permissions::from_mode(0o600));
    }
    Ok(())
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = File::create(path).map_err(|e| io_err(path, "无法写入", e))?;
    f.write_all(bytes).and_then(|_| f.sync_all()).map_err(|e| io_err(path, "无法写入", e))
}

fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

fn sha256_file(path: &Path) -> Result<String> {
    let mut f = File::open(path).map_err(|e| io_err(path, "无法读取", e))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut f, &mut hasher).map_err(|e| io_err(path, "无法读取", e))?;
    Ok(hex::encode(hasher.finalize()))
}

/// Delete the sets the rotation does not keep, then the pooled evidence no kept set links to.
fn prune(db_path: &Path) -> Result<()> {
    let dir = backups_dir(db_path);
    let sets = list(db_path)?;
    let times: Vec<(u64, NaiveDateTime)> = sets
        .iter()
        .filter_map(|s| chrono::DateTime::parse_from_rfc3339(&s.created_at).ok().map(|t| (s.sequence, t.naive_local())))
        .collect();
    let keep = rotation::keep(&times, Local::now().naive_local());
    let mut removed = false;
    for set in &sets {
        if !keep.contains(&set.sequence) && times.iter().any(|(q, _)| *q == set.sequence) {
            fs::remove_dir_all(dir.join(&set.id)).map_err(|e| io_err(&dir.join(&set.id), "无法删除过期备份", e))?;
            removed = true;
        }
    }
    if removed {
        prune_pool(&dir)?;
    }
    Ok(())
}

fn prune_pool(dir: &Path) -> Result<()> {
    let mut linked: HashSet<String> = HashSet::new();
    for entry in fs::read_dir(dir).map_err(|e| io_err(dir, "无法读取备份目录", e))?.flatten() {
        let set = entry.path();
        if entry.file_name() == "evidence" || !set.join(MANIFEST).is_file() {
            continue;
        }
        let mut dbs: Vec<PathBuf> = fs::read_dir(&set)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "sqlite3"))
            .collect();
        dbs.extend(replicas(&set).into_iter().map(|(_, p)| p));
        for db in dbs {
            // A set that cannot be read keeps the whole pool: better too much than too little.
            let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            let mut stmt = conn.prepare("SELECT sha256 FROM evidence_blobs")?;
            for sha in stmt.query_map([], |r| r.get::<_, String>(0))? {
                linked.insert(sha?);
            }
        }
    }
    for shard in fs::read_dir(dir.join("evidence")).into_iter().flatten().flatten() {
        for file in fs::read_dir(shard.path()).into_iter().flatten().flatten() {
            let name = file.file_name().to_string_lossy().to_string();
            if !linked.contains(&name) {
                let _ = fs::remove_file(file.path());
            }
        }
    }
    Ok(())
}

/// Find a set by its id or its sequence number.
pub fn find(db_path: &Path, id_or_sequence: &str) -> Result<BackupSet> {
    let wanted = id_or_sequence.trim();
    list(db_path)?
        .into_iter()
        .find(|s| s.id == wanted || wanted.parse::<u64>().is_ok_and(|n| n == s.sequence))
        .ok_or_else(|| LedgerError::NotFound { entity: "备份", id: wanted.to_string() })
}

/// Check a set before it is restored: its database copy is there, has the recorded hash and
/// passes `PRAGMA quick_check`.
pub fn verify(db_path: &Path, set: &BackupSet) -> Result<()> {
    let copy = backups_dir(db_path).join(&set.id).join(db_file_name(db_path));
    let sha = sha256_file(&copy)?;
    if sha != set.db_sha256 {
        return Err(LedgerError::file(&copy, "备份文件已损坏（校验值与备份时不一致），请选择其他备份"));
    }
    let conn = Connection::open_with_flags(&copy, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(LedgerError::file(&copy, format!("备份文件未通过完整性检查：{check}")));
    }
    Ok(())
}

/// The newest set that passes [`verify`].
pub fn newest_good(db_path: &Path) -> Result<Option<BackupSet>> {
    Ok(list(db_path)?.into_iter().find(|s| verify(db_path, s).is_ok()))
}

impl Ledger {
    /// Back up this ledger now (see the module documentation).
    pub fn backup(&self, reason: BackupReason) -> Result<BackupSet> {
        create(self.conn(), self.db_path(), reason)
    }

    /// Run `f`, whose imports share one backup made first, instead of one each: the sheets of a
    /// workbook imported one after another (`ledgerctl import-xlsx --all-sheets`). Restoring
    /// that backup undoes them all.
    pub fn import_batch<T>(&mut self, f: impl FnOnce(&mut Ledger) -> Result<T>) -> Result<T> {
        self.backup(BackupReason::Import)?;
        self.batch_backed_up = true;
        let result = f(self);
        self.batch_backed_up = false;
        result
    }

    /// This ledger's backups, newest first.
    pub fn backups(&self) -> Result<Vec<BackupSet>> {
        list(self.db_path())
    }

    /// Close this ledger, restore the set `id` in its place and open the result.
    pub fn restore_backup(self, id: &str) -> Result<(Ledger, RestoreOutcome)> {
        let path = self.db_path().to_path_buf();
        let actor = self.actor().to_string();
        drop(self);
        let outcome = restore(&path, id);
        let mut ledger = Ledger::open(&path)?;
        ledger.set_actor(actor);
        Ok((ledger, outcome?))
    }
}

/// A set's time as the app shows it: 2026年12月3日 09:15.
pub fn zh_time(set: &BackupSet) -> String {
    dates::zh_time(&set.created_at)
}

/// What the app shows when its database cannot be used: the problem in plain words and the
/// backups that can replace it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Recovery {
    pub problem: String,
    pub db_path: String,
    /// Newest first.
    pub backups: Vec<BackupSet>,
    /// The id of the newest backup that passed [`verify`], the one to offer.
    pub newest_good: Option<String>,
}

/// The recovery offer for the database at `db_path`, which has `problem`.
pub fn recovery(db_path: &Path, problem: String) -> Recovery {
    Recovery {
        problem,
        db_path: db_path.display().to_string(),
        backups: list(db_path).unwrap_or_default(),
        newest_good: newest_good(db_path).ok().flatten().map(|s| s.id),
    }
}
