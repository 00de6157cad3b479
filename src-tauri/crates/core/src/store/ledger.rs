//! [`Ledger`]: one open branch database and its data directory. Every capability of the program
//! is a method on it (in the module of its subject), so the desktop shell and `ledgerctl` call
//! the same code.
//!
//! Invariant: every write goes through [`Ledger::write`], which runs it in one `BEGIN IMMEDIATE`
//! transaction; the closure writes its audit rows through [`Tx::audit`] in that same transaction.

use std::ops::Deref;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior};
use serde::Serialize;

use crate::error::{LedgerError, Result};

/// An open branch database.
pub struct Ledger {
    conn: Connection,
    db_path: PathBuf,
    data_dir: PathBuf,
    actor: String,
    /// Answers of reads, kept until the data changes ([`Ledger::remembered`]).
    pub(crate) memo: crate::store::memo::Memo,
    /// True inside [`Ledger::import_batch`], whose one backup stands for each import's own.
    pub(crate) batch_backed_up: bool,
    /// The workbook imports read, while [`Ledger::keep_workbook`] asks for it.
    pub(crate) kept_workbook: Option<crate::store::excel::sheet::KeptWorkbook>,
}

/// A write transaction that knows who is acting.
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
    actor: &'a str,
}

impl Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.tx
    }
}

impl Tx<'_> {
    /// Record a change in the audit trail, in this transaction.
    pub fn audit<B: Serialize, A: Serialize>(
        &self,
        entity: &str,
        entity_id: &str,
        action: &str,
        before: Option<&B>,
        after: Option<&A>,
    ) -> Result<()> {
        let before = before.map(serde_json::to_value).transpose().map_err(json_error)?;
        let after = after.map(serde_json::to_value).transpose().map_err(json_error)?;
        crate::store::audit::append(&self.tx, self.actor, entity, entity_id, action, before.as_ref(), after.as_ref())
    }

    /// The acting user.
    pub fn actor(&self) -> &str {
        self.actor
    }
}

/// The reference tables the program ships (the uniform issue scale, the training kinds, the
/// standard equipment list), filled
/// once per database, in one transaction.
fn seed_reference_data(conn: &Connection) -> Result<()> {
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    crate::people::uniforms::seed_scale(&tx)?;
    crate::training::kinds::seed(&tx)?;
    crate::equipment::standard::seed(&tx)?;
    tx.commit()?;
    Ok(())
}

fn json_error(e: serde_json::Error) -> LedgerError {
    LedgerError::Rejected(format!("无法记录操作日志：{e}"))
}

impl Ledger {
    /// Open (creating and migrating as needed) the database at `db_path`. Evidence files live
    /// beside it, under `evidence/`.
    pub fn open(db_path: impl AsRef<Path>) -> Result<Ledger> {
        let db_path = db_path.as_ref().to_path_buf();
        let data_dir = db_path.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        let explain = |e| crate::store::place::explain_io_error(e, &data_dir);
        let conn = crate::store::db::open(&db_path).map_err(explain)?;
        seed_reference_data(&conn).map_err(explain)?;
        let mut ledger = Ledger::on(conn, db_path, data_dir);
        crate::upgrade::run(&mut ledger)?;
        ledger.ensure_key()?;
        Ok(ledger)
    }

    /// Open a branch's replica at the city bureau (creating and migrating it as needed): no
    /// reference data is seeded and no key is made — every row comes from the branch's bundles.
    /// `read_only` refuses every write (`PRAGMA query_only`), for the city reviewer's view.
    pub fn open_replica(db_path: impl AsRef<Path>, read_only: bool) -> Result<Ledger> {
        let db_path = db_path.as_ref().to_path_buf();
        let conn = crate::store::db::open(&db_path)?;
        if read_only {
            conn.execute_batch("PRAGMA query_only = ON")?;
        }
        let data_dir = db_path.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        Ok(Ledger::on(conn, db_path, data_dir))
    }

    /// A ledger over the open connection `conn`, the system user acting.
    fn on(conn: Connection, db_path: PathBuf, data_dir: PathBuf) -> Ledger {
        Ledger {
            conn,
            db_path,
            data_dir,
            actor: crate::store::paths::os_user(),
            memo: Default::default(),
            batch_backed_up: false,
            kept_workbook: None,
        }
    }

    /// True for a replica opened read-only.
    pub fn is_read_only(&self) -> bool {
        self.conn.query_row("PRAGMA query_only", [], |r| r.get::<_, i64>(0)).map(|v| v == 1).unwrap_or(false)
    }

    /// Name the person the audit trail records for the writes that follow.
    pub fn set_actor(&mut self, actor: impl Into<String>) {
        self.actor = actor.into();
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Give back the memory of SQLite's page cache (up to 32 MiB after a large call); the pages
    /// are read from the file again when next needed. For a process that sits idle between calls.
    pub fn release_cache(&self) -> Result<()> {
        Ok(self.conn.release_memory()?)
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Run `f` in one immediate transaction: all of it is written, or none of it.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        self.transaction(f, true)
    }

    /// [`Ledger::write`] with the audit trail naming `actor`: for changes the program itself
    /// makes.
    pub(crate) fn write_as<T>(&mut self, actor: &str, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let user = std::mem::replace(&mut self.actor, actor.to_string());
        let out = self.write(f);
        self.actor = user;
        out
    }

    /// Run `f` in a transaction that is always rolled back: what a write would do, without
    /// doing it (an import's dry run).
    pub fn rehearse<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        self.transaction(f, false)
    }

    fn transaction<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>, commit: bool) -> Result<T> {
        let dir = self.data_dir.clone();
        self.transaction_inner(f, commit).map_err(|e| crate::store::place::explain_io_error(e, &dir))
    }

    fn transaction_inner<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>, commit: bool) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let tx = Tx { tx, actor: &self.actor };
        let out = f(&tx)?;
        if commit {
            tx.tx.commit()?;
        } else {
            tx.tx.rollback()?;
        }
        Ok(out)
    }

    /// Copy the whole database to `dest` with SQLite's online backup API (safe while in use): a
    /// standalone, checked, synced file — the same copy a backup set holds.
    pub fn backup_to(&self, dest: impl AsRef<Path>) -> Result<()> {
        crate::backup::copy_database(&self.conn, dest.as_ref())
    }
}
