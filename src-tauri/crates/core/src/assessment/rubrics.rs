//! The rubrics a branch can score itself against: the shipped ones (seeds/rubrics/, compiled in)
//! and the files it loaded (the `rubrics` table). Loading checks the file first and refuses it,
//! naming every problem, or stores it whole.

use std::path::Path;

use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

use super::model::{RubricCheck, RubricInfo};
use super::rubric::{Rubric, BUILTIN};
use crate::error::{io_reason, LedgerError, Result};
use crate::store::dates::now_rfc3339;
use crate::store::files;
use crate::Ledger;

/// The largest rubric file read (a rubric is a few hundred lines).
const MAX_RUBRIC_BYTES: u64 = 2 * 1024 * 1024;

fn info(r: &Rubric, builtin: bool, loaded_at: Option<String>) -> RubricInfo {
    RubricInfo {
        id: r.id.clone(),
        title: r.title.clone(),
        source: r.source.clone(),
        subject: r.subject(),
        total: r.total,
        builtin,
        loaded_at,
        grades: r.grade_lines(),
    }
}

fn read_text(path: &Path) -> Result<String> {
    let meta = std::fs::metadata(path).map_err(|e| LedgerError::file(path, format!("无法读取：{}", io_reason(&e))))?;
    if meta.len() > MAX_RUBRIC_BYTES {
        return Err(LedgerError::file(path, "文件过大，不像评分细则"));
    }
    files::read_text(path)
}

/// A file's check, with the problems instead of an error.
pub fn check_text(text: &str, origin: &str) -> RubricCheck {
    match Rubric::parse(text, origin) {
        Err(e) => RubricCheck {
            ok: false,
            id: String::new(),
            title: String::new(),
            items: 0,
            total: 0.0,
            problems: vec![e.to_string()],
        },
        Ok(r) => {
            let mut problems = r.problems();
            if BUILTIN.iter().any(|(id, _)| *id == r.id) && !origin.starts_with("内置") {
                problems.push(format!("编号“{}”与程序内置的评分细则相同，请改用其他编号", r.id));
            }
            RubricCheck {
                ok: problems.is_empty(),
                id: r.id.clone(),
                title: r.title.clone(),
                items: (r.items.len() + r.extras.len()) as i64,
                total: r.total,
                problems,
            }
        }
    }
}

impl Ledger {
    /// Every rubric: the shipped ones first, then the loaded ones by id.
    pub fn list_rubrics(&self) -> Result<Vec<RubricInfo>> {
        let mut out: Vec<RubricInfo> =
            BUILTIN.iter().filter_map(|(id, _)| Rubric::builtin(id)).map(|r| info(&r, true, None)).collect();
        let mut st = self.conn().prepare_cached("SELECT id, text, loaded_at FROM rubrics ORDER BY id")?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (id, text, at) in rows {
            // A stored rubric was checked when it was loaded.
            let r = Rubric::load(&text, &format!("评分细则 {id}"))?;
            out.push(info(&r, false, Some(at)));
        }
        Ok(out)
    }

    /// The rubric `id`, shipped or loaded.
    pub fn rubric(&self, id: &str) -> Result<Rubric> {
        if let Some(r) = Rubric::builtin(id) {
            return Ok(r);
        }
        let text: Option<String> =
            self.conn().query_row("SELECT text FROM rubrics WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        match text {
            Some(t) => Rubric::load(&t, &format!("评分细则 {id}")),
            None => Err(LedgerError::NotFound { entity: "评分细则", id: id.to_string() }),
        }
    }

    /// Check a rubric file without loading it.
    pub fn check_rubric_file(&self, path: &Path) -> Result<RubricCheck> {
        let text = read_text(path)?;
        Ok(check_text(&text, &path.display().to_string()))
    }

    /// Check a rubric file and, when it has no problems, store it (replacing a loaded rubric
    /// with the same id). Otherwise nothing is stored and the error names every problem.
    pub fn load_rubric_file(&mut self, path: &Path) -> Result<RubricInfo> {
        let text = read_text(path)?;
        let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let checked = checked(&text, &path.display().to_string())?;
        self.backup(crate::backup::BackupReason::Import)?;
        self.write(|tx| store(tx, &checked, &text, &file_name))?;
        Ok(info(&checked, false, Some(now_rfc3339())))
    }
}

/// A rubric's text checked whole: the rubric, or an error that names every problem.
pub(crate) fn checked(text: &str, origin: &str) -> Result<Rubric> {
    let check = check_text(text, origin);
    if !check.ok {
        return Err(LedgerError::file(
            origin,
            format!("评分细则有 {} 处错误，未载入：{}", check.problems.len(), check.problems.join("；")),
        ));
    }
    Rubric::parse(text, origin)
}

/// What storing a rubric does: 新增, 更新 (same id, other text) or 不变.
pub(crate) fn change_of(conn: &rusqlite::Connection, r: &Rubric, text: &str) -> Result<&'static str> {
    let sha = hex::encode(Sha256::digest(text.as_bytes()));
    let stored: Option<String> =
        conn.query_row("SELECT sha256 FROM rubrics WHERE id = ?1", [&r.id], |x| x.get(0)).optional()?;
    Ok(match stored {
        None => "新增",
        Some(s) if s == sha => "不变",
        Some(_) => "更新",
    })
}

/// Store a checked rubric (replacing a loaded one with the same id), audited, in `tx`.
pub(crate) fn store(tx: &crate::Tx<'_>, r: &Rubric, text: &str, file_name: &str) -> Result<()> {
    let sha = hex::encode(Sha256::digest(text.as_bytes()));
    let now = now_rfc3339();
    let before: Option<(String, String)> = tx
        .query_row("SELECT title, origin FROM rubrics WHERE id = ?1", [&r.id], |x| Ok((x.get(0)?, x.get(1)?)))
        .optional()?;
    tx.execute(
        "INSERT INTO rubrics (id, title, subject, text, origin, sha256, loaded_at, loaded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(id) DO UPDATE SET title = excluded.title, subject = excluded.subject,
           text = excluded.text, origin = excluded.origin, sha256 = excluded.sha256,
           loaded_at = excluded.loaded_at, loaded_by = excluded.loaded_by",
        params![r.id, r.title, r.subject, text, file_name, sha, now, tx.actor()],
    )?;
    let after = serde_json::json!({ "title": r.title, "file_name": file_name, "sha256": sha });
    let before = before.map(|(title, origin)| serde_json::json!({ "title": title, "file_name": origin }));
    let action = if before.is_some() { "update" } else { "create" };
    tx.audit("rubric", &r.id, action, before.as_ref(), Some(&after))?;
    Ok(())
}
