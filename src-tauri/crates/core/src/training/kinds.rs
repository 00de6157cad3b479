//! The kinds of training: the shipped list (seeds/reference/training-kinds.toml), which the
//! figures name, and the ones the clerk adds.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Deserialize;

use super::model::TrainingKind;
use crate::error::{LedgerError, Result};
use crate::store::dates::now_rfc3339;
use crate::Ledger;

/// The shipped list.
pub const KINDS: &str = include_str!("../../../../../seeds/reference/training-kinds.toml");

const SEEDED_KEY: &str = "seeded:training_kinds";

#[derive(Deserialize)]
struct KindsFile {
    kinds: Vec<String>,
}

/// The shipped kinds' names.
pub fn builtin() -> Vec<String> {
    let file: KindsFile = toml::from_str(KINDS).expect("the shipped training kinds are valid");
    file.kinds
}

/// Fill the list from the shipped file, once per database. Reference data: not audited.
pub(crate) fn seed(conn: &Connection) -> Result<()> {
    let seeded: bool =
        conn.query_row("SELECT EXISTS(SELECT 1 FROM settings WHERE key = ?1)", [SEEDED_KEY], |r| r.get(0))?;
    if seeded {
        return Ok(());
    }
    let now = now_rfc3339();
    for name in builtin() {
        conn.execute(
            "INSERT INTO training_kinds (id, name, builtin, created_at, updated_at) VALUES (?1, ?2, 1, ?3, ?3)",
            params![uuid::Uuid::new_v4().to_string(), name, now],
        )?;
    }
    conn.execute("INSERT INTO settings (key, value) VALUES (?1, ?2)", params![SEEDED_KEY, now])?;
    Ok(())
}

/// The live kind named `name`, as stored.
pub(crate) fn find(conn: &Connection, name: &str) -> Result<Option<String>> {
    let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    Ok(conn
        .query_row("SELECT name FROM training_kinds WHERE name = ?1 AND deleted = 0", [name], |r| r.get(0))
        .optional()?)
}

fn list(conn: &Connection) -> Result<Vec<TrainingKind>> {
    let mut st = conn.prepare_cached(
        "SELECT id, name, builtin, note FROM training_kinds WHERE deleted = 0 ORDER BY builtin DESC, pk",
    )?;
    let rows = st
        .query_map([], |r| Ok(TrainingKind { id: r.get(0)?, name: r.get(1)?, builtin: r.get(2)?, note: r.get(3)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

impl Ledger {
    /// The kinds of training: the shipped ones first, then the clerk's.
    pub fn training_kinds(&self) -> Result<Vec<TrainingKind>> {
        list(self.conn())
    }

    /// Add a kind of training to the list.
    pub fn add_training_kind(&mut self, name: &str) -> Result<TrainingKind> {
        let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        if name.is_empty() || name.chars().count() > 20 {
            return Err(LedgerError::invalid("培训类型", "不能为空，且不超过 20 个字"));
        }
        self.write(|tx| {
            if find(tx, &name)?.is_some() {
                return Err(LedgerError::invalid("培训类型", format!("“{name}”已在列表中")));
            }
            let kind = TrainingKind { id: uuid::Uuid::new_v4().to_string(), name, builtin: false, note: String::new() };
            let now = now_rfc3339();
            tx.execute(
                "INSERT INTO training_kinds (id, name, builtin, created_at, updated_at) VALUES (?1, ?2, 0, ?3, ?3)",
                params![kind.id, kind.name, now],
            )?;
            tx.audit("training_kind", &kind.id, "create", None::<&()>, Some(&kind))?;
            Ok(kind)
        })
    }

    /// Remove a kind the clerk added and no session uses. The shipped kinds stay: the figures name them.
    pub fn delete_training_kind(&mut self, name: &str) -> Result<()> {
        self.write(|tx| {
            let kind = list(tx)?
                .into_iter()
                .find(|k| k.name == name.trim())
                .ok_or_else(|| LedgerError::NotFound { entity: "培训类型", id: name.to_string() })?;
            if kind.builtin {
                return Err(LedgerError::Rejected(format!(
                    "“{}”是内置的培训类型，统计指标要用到，不能删除",
                    kind.name
                )));
            }
            let used: i64 = tx.query_row(
                "SELECT count(*) FROM training_sessions WHERE kind = ?1 AND deleted = 0",
                [&kind.name],
                |r| r.get(0),
            )?;
            if used > 0 {
                return Err(LedgerError::Rejected(format!("已有 {used} 次培训属于“{}”，不能删除", kind.name)));
            }
            tx.execute(
                "UPDATE training_kinds SET deleted = 1, updated_at = ?2, revision = revision + 1 WHERE id = ?1",
                params![kind.id, now_rfc3339()],
            )?;
            tx.audit("training_kind", &kind.id, "delete", Some(&kind), None::<&()>)?;
            Ok(())
        })
    }
}

/// Add the kinds of a training-kinds file (the format of seeds/reference/training-kinds.toml) the
/// list lacks, in the caller's transaction. Returns the names added.
pub(crate) fn merge(tx: &crate::Tx<'_>, text: &str, origin: &str) -> Result<Vec<String>> {
    let file: KindsFile =
        toml::from_str(text).map_err(|e| LedgerError::file(origin, format!("培训类型清单格式错误：{e}")))?;
    let mut added = Vec::new();
    let now = now_rfc3339();
    for name in file.kinds {
        let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        if name.is_empty() || name.chars().count() > 20 {
            return Err(LedgerError::file(origin, format!("培训类型“{name}”不能为空，且不超过 20 个字")));
        }
        if find(tx, &name)?.is_some() || added.contains(&name) {
            continue;
        }
        let kind = TrainingKind {
            id: uuid::Uuid::new_v4().to_string(),
            name: name.clone(),
            builtin: false,
            note: String::new(),
        };
        tx.execute(
            "INSERT INTO training_kinds (id, name, builtin, created_at, updated_at) VALUES (?1, ?2, 0, ?3, ?3)",
            params![kind.id, kind.name, now],
        )?;
        tx.audit("training_kind", &kind.id, "create", None::<&()>, Some(&kind))?;
        added.push(name);
    }
    Ok(added)
}
