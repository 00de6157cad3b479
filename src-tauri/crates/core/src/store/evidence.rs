//! Evidence attachments (佐证材料): files stored once by their SHA-256 under
//! `<data dir>/evidence/ab/abcdef…`, linked from any record.
//!
//! Invariant: a blob file is complete before its row is committed (written to a temporary name,
//! synced, renamed), so a row never points at a half-written file. Blobs are never deleted by
//! unlinking an attachment: other links, the audit trail and future bundles may still need them.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::error::{io_reason, LedgerError, Result};
use crate::model::Evidence;
use crate::store::dates::now_rfc3339;
use crate::Ledger;

/// The largest file accepted as evidence.
pub const MAX_EVIDENCE_BYTES: u64 = 50 * 1024 * 1024;

/// The largest image shown inline.
const MAX_PREVIEW_BYTES: i64 = 10 * 1024 * 1024;

const COLUMNS: &str = "e.id, e.sha256, e.file_name, b.size, b.mime, e.entity, e.entity_id, e.created_at";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Evidence> {
    Ok(Evidence {
        id: r.get(0)?,
        sha256: r.get(1)?,
        file_name: r.get(2)?,
        size: r.get(3)?,
        mime: r.get(4)?,
        entity: r.get(5)?,
        entity_id: r.get(6)?,
        created_at: r.get(7)?,
    })
}

/// A MIME type from the file name, for previews and bundles.
pub fn mime_of(name: &str) -> &'static str {
    let ext = Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "bmp" => "image/bmp",
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "wps" => "application/vnd.ms-works",
        "ofd" => "application/ofd",
        "txt" => "text/plain",
        "mp4" => "video/mp4",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

fn entity_exists(conn: &Connection, entity: &str, id: &str) -> Result<bool> {
    let sql = match entity {
        "task" => "SELECT EXISTS(SELECT 1 FROM tasks WHERE id = ?1 AND deleted = 0)",
        "staff" => "SELECT EXISTS(SELECT 1 FROM staff WHERE id = ?1 AND deleted = 0)",
        "certificate" => "SELECT EXISTS(SELECT 1 FROM certificates WHERE id = ?1 AND deleted = 0)",
        "training_session" => "SELECT EXISTS(SELECT 1 FROM training_sessions WHERE id = ?1 AND deleted = 0)",
        "equipment" => "SELECT EXISTS(SELECT 1 FROM equipment_items WHERE id = ?1 AND deleted = 0)",
        // `<assessment id>/<item id>`; only a draft takes new evidence (checked by the caller too).
        "assessment_item" => {
            "SELECT EXISTS(SELECT 1 FROM assessments WHERE id = substr(?1, 1, instr(?1, '/') - 1) AND status = '草稿')"
        }
        other => {
            return Err(LedgerError::invalid("附件所属", format!("“{other}”不能挂接附件")));
        }
    };
    Ok(conn.query_row(sql, [id], |r| r.get(0))?)
}

impl Ledger {
    /// Where the blob with this hash lives.
    pub fn evidence_path(&self, sha256: &str) -> PathBuf {
        self.data_dir().join("evidence").join(&sha256[..2.min(sha256.len())]).join(sha256)
    }

    /// Copy `source` into the evidence store (once per distinct content) and link it to
    /// `entity`/`entity_id`.
    pub fn attach_evidence(&mut self, entity: &str, entity_id: &str, source: &Path) -> Result<Evidence> {
        if !entity_exists(self.conn(), entity, entity_id)? {
            return Err(LedgerError::NotFound { entity: "附件所属记录", id: entity_id.to_string() });
        }
        let meta =
            std::fs::metadata(source).map_err(|e| LedgerError::file(source, format!("无法读取：{}", io_reason(&e))))?;
        if !meta.is_file() {
            return Err(LedgerError::file(source, "不是文件"));
        }
        if meta.len() > MAX_EVIDENCE_BYTES {
            return Err(LedgerError::file(
                source,
                format!(
                    "文件大小 {:.1} MB，超过附件上限 {} MB",
                    meta.len() as f64 / 1048576.0,
                    MAX_EVIDENCE_BYTES >> 20
                ),
            ));
        }
        let file_name = source.file_name().and_then(|n| n.to_str()).unwrap_or("附件").to_string();
        let (sha, size) = self.store_blob(source)?;
        let mime = mime_of(&file_name);
        self.write(|tx| {
            let now = now_rfc3339();
            tx.execute(
                "INSERT OR IGNORE INTO evidence_blobs (sha256, size, mime, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![sha, size as i64, mime, now],
            )?;
            let id = uuid::Uuid::new_v4().to_string();
            tx.execute(
                "INSERT INTO evidence (id, sha256, file_name, entity, entity_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![id, sha, file_name, entity, entity_id, now],
            )?;
            let ev = evidence_by_id(tx, &id)?;
            tx.audit("evidence", &id, "create", None::<&()>, Some(&ev))?;
            Ok(ev)
        })
    }

    /// Hash `source` while copying it to a temporary file in the store, then move it into place.
    fn store_blob(&self, source: &Path) -> Result<(String, u64)> {
        let dir = self.data_dir().join("evidence");
        std::fs::create_dir_all(&dir)
            .map_err(|e| LedgerError::file(&dir, format!("无法创建附件目录：{}", io_reason(&e))))?;
        let tmp_path = dir.join(format!(".incoming-{}", uuid::Uuid::new_v4()));
        let result = (|| -> Result<(String, u64)> {
            let mut input =
                File::open(source).map_err(|e| LedgerError::file(source, format!("无法读取：{}", io_reason(&e))))?;
            let mut out = File::create(&tmp_path)?;
            let mut hasher = Sha256::new();
            let mut buf = vec![0u8; 1 << 16];
            let mut size = 0u64;
            loop {
                let n = input
                    .read(&mut buf)
                    .map_err(|e| LedgerError::file(source, format!("读取中断：{}", io_reason(&e))))?;
                if n == 0 {
                    break;
                }
                size += n as u64;
                if size > MAX_EVIDENCE_BYTES {
                    return Err(LedgerError::file(source, format!("超过附件上限 {} MB", MAX_EVIDENCE_BYTES >> 20)));
                }
                hasher.update(&buf[..n]);
                out.write_all(&buf[..n])?;
            }
            out.sync_all()?;
            let sha = hex::encode(hasher.finalize());
            let dest = self.evidence_path(&sha);
            if dest.exists() && blob_is_intact(&dest, &sha) {
                std::fs::remove_file(&tmp_path)?;
            } else {
                // New content, or a damaged copy of it on disk: the fresh file takes its place.
                std::fs::create_dir_all(dest.parent().unwrap_or(&dir))?;
                std::fs::rename(&tmp_path, &dest)?;
            }
            Ok((sha, size))
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp_path);
        }
        result
    }

    /// Put the content `write` writes, which it checks to have the SHA-256 `sha256` (the evidence
    /// a city bureau's replica receives in a bundle, streamed from the bundle file), into the
    /// store unless an intact copy is there: a temporary file, synced, renamed into place; on
    /// any failure nothing is left under the blob's name.
    /// An error writing the file itself (a full disk, say) is reported as such, whatever `write`
    /// makes of it.
    pub(crate) fn store_blob_with(
        &self,
        sha256: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        let dest = self.evidence_path(sha256);
        if dest.exists() && blob_is_intact(&dest, sha256) {
            return Ok(());
        }
        let dir = dest.parent().map(Path::to_path_buf).unwrap_or_else(|| self.data_dir().join("evidence"));
        std::fs::create_dir_all(&dir)
            .map_err(|e| LedgerError::file(&dir, format!("无法创建附件目录：{}", io_reason(&e))))?;
        let tmp_path = dir.join(format!(".incoming-{}", uuid::Uuid::new_v4()));
        let result = (|| -> Result<()> {
            let mut out = File::create(&tmp_path)?;
            let mut recorded = Recorded { out: &mut out, error: None };
            let written = write(&mut recorded);
            if let Some(e) = recorded.error {
                return Err(match e.kind() {
                    std::io::ErrorKind::StorageFull => LedgerError::DiskFull { path: dir.display().to_string() },
                    _ => LedgerError::file(&tmp_path, format!("无法写入附件：{}", io_reason(&e))),
                });
            }
            written?;
            out.sync_all()?;
            std::fs::rename(&tmp_path, &dest)?;
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp_path);
        }
        result
    }

    /// The live attachments of a record, oldest first.
    pub fn evidence_of(&self, entity: &str, entity_id: &str) -> Result<Vec<Evidence>> {
        let mut st = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM evidence e JOIN evidence_blobs b ON b.sha256 = e.sha256
             WHERE e.entity = ?1 AND e.entity_id = ?2 AND e.deleted = 0 ORDER BY e.pk"
        ))?;
        let rows = st.query_map([entity, entity_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Attachments already in the ledgers whose file name contains `search` (at most 50), to
    /// cite for an assessment item.
    pub fn citable_evidence(&self, search: &str) -> Result<Vec<crate::model::CitableEvidence>> {
        citable(self.conn(), search, 50)
    }

    /// One attachment.
    pub fn evidence(&self, id: &str) -> Result<Evidence> {
        evidence_by_id(self.conn(), id)
    }

    /// Read an attachment's bytes, checking them against their hash.
    pub fn read_evidence(&self, id: &str) -> Result<(Evidence, Vec<u8>)> {
        let ev = self.evidence(id)?;
        let path = self.evidence_path(&ev.sha256);
        let bytes =
            std::fs::read(&path).map_err(|e| LedgerError::file(&path, format!("附件文件缺失：{}", io_reason(&e))))?;
        if hex::encode(Sha256::digest(&bytes)) != ev.sha256 {
            return Err(LedgerError::file(&path, "附件文件已损坏（校验值不符）"));
        }
        Ok((ev, bytes))
    }

    /// An image attachment's bytes for an inline preview; `None` for other kinds of file.
    pub fn evidence_preview(&self, id: &str) -> Result<Option<crate::model::EvidencePreview>> {
        use base64::Engine;
        let ev = self.evidence(id)?;
        if !ev.mime.starts_with("image/") || ev.size > MAX_PREVIEW_BYTES {
            return Ok(None);
        }
        let (ev, bytes) = self.read_evidence(&ev.id)?;
        let data_base64 = base64::engine::general_purpose::STANDARD.encode(bytes);
        Ok(Some(crate::model::EvidencePreview { mime: ev.mime, data_base64 }))
    }

    /// A copy of an attachment under its original name in `dir`, for opening in the system
    /// viewer (the store names files by hash, without extension).
    pub fn evidence_copy_in(&self, id: &str, dir: &Path) -> Result<PathBuf> {
        let (ev, bytes) = self.read_evidence(id)?;
        let dir = dir.join(&ev.id);
        std::fs::create_dir_all(&dir)?;
        let safe: String = ev.file_name.chars().map(|c| if matches!(c, '/' | '\\' | '\0') { '_' } else { c }).collect();
        let path = dir.join(safe);
        std::fs::write(&path, bytes)?;
        Ok(path)
    }

    /// Unlink an attachment (a tombstone; the stored file stays).
    pub fn delete_evidence(&mut self, id: &str) -> Result<()> {
        self.write(|tx| {
            let before = evidence_by_id(tx, id)?;
            if before.entity == "assessment_item" && !entity_exists(tx, &before.entity, &before.entity_id)? {
                return Err(LedgerError::Rejected(
                    "该自评已提交或签发，佐证材料不能删除（如需修改请先退回或生成修订版）".into(),
                ));
            }
            tx.execute(
                "UPDATE evidence SET deleted = 1, updated_at = ?2, revision = revision + 1 WHERE id = ?1",
                params![id, now_rfc3339()],
            )?;
            tx.audit("evidence", id, "delete", Some(&before), None::<&()>)?;
            Ok(())
        })
    }
}

/// True when the file at `path` still hashes to `sha256`.
fn blob_is_intact(path: &Path, sha256: &str) -> bool {
    let Ok(mut f) = File::open(path) else { return false };
    let mut hasher = Sha256::new();
    match std::io::copy(&mut f, &mut hasher) {
        Ok(_) => hex::encode(hasher.finalize()) == sha256,
        Err(_) => false,
    }
}

/// The attachments of the ledgers whose file name contains `search`, newest first, each with
/// the record it belongs to in words — to cite one as evidence for an assessment item.
pub(crate) fn citable(conn: &Connection, search: &str, limit: u32) -> Result<Vec<crate::model::CitableEvidence>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS},
           CASE e.entity
             WHEN 'task' THEN (SELECT '重点任务：' || t.detail FROM tasks t WHERE t.id = e.entity_id)
             WHEN 'staff' THEN (SELECT '执法人员：' || s.name FROM staff s WHERE s.id = e.entity_id)
             WHEN 'certificate' THEN (SELECT '执法证件：' || s.name || ' ' || c.number FROM certificates c
                                      JOIN staff s ON s.id = c.staff_id WHERE c.id = e.entity_id)
             WHEN 'training_session' THEN (SELECT '培训：' || x.title FROM training_sessions x WHERE x.id = e.entity_id)
             WHEN 'equipment' THEN (SELECT '执法装备：' || q.asset_no || ' ' || q.name FROM equipment_items q
                                    WHERE q.id = e.entity_id)
           END
         FROM evidence e JOIN evidence_blobs b ON b.sha256 = e.sha256
         WHERE e.deleted = 0 AND e.entity IN ('task', 'staff', 'certificate', 'training_session', 'equipment')
           AND instr(fold(e.file_name), ?1) > 0
         ORDER BY e.pk DESC LIMIT ?2"
    ))?;
    let rows = st
        .query_map(params![crate::store::search::fold(search.trim()), limit], |r| {
            Ok(crate::model::CitableEvidence {
                evidence: from_row(r)?,
                owner: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The live attachments of every record of `entity` whose id starts with `prefix`, oldest first
/// (an assessment's items: `<assessment id>/`).
pub(crate) fn evidence_under(conn: &Connection, entity: &str, prefix: &str) -> Result<Vec<Evidence>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM evidence e JOIN evidence_blobs b ON b.sha256 = e.sha256
         WHERE e.entity = ?1 AND e.entity_id >= ?2 AND e.entity_id < ?2 || char(1114111) AND e.deleted = 0
         ORDER BY e.pk"
    ))?;
    let rows = st.query_map(params![entity, prefix], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Link a stored file to another record as a new attachment (the file is not copied): evidence
/// from a ledger cited for an assessment item, or an item's evidence carried into an amendment.
pub(crate) fn link_existing(tx: &crate::Tx<'_>, from: &Evidence, entity: &str, entity_id: &str) -> Result<Evidence> {
    let id = uuid::Uuid::new_v4().to_string();
    let now = now_rfc3339();
    tx.execute(
        "INSERT INTO evidence (id, sha256, file_name, entity, entity_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![id, from.sha256, from.file_name, entity, entity_id, now],
    )?;
    evidence_by_id(tx, &id)
}

pub(crate) fn evidence_by_id(conn: &Connection, id: &str) -> Result<Evidence> {
    conn.query_row(
        &format!(
            "SELECT {COLUMNS} FROM evidence e JOIN evidence_blobs b ON b.sha256 = e.sha256
             WHERE e.id = ?1 AND e.deleted = 0"
        ),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| LedgerError::NotFound { entity: "附件", id: id.to_string() })
}

/// A file being written, keeping the first error writing it.
struct Recorded<'a> {
    out: &'a mut File,
    error: Option<std::io::Error>,
}

impl Write for Recorded<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf).inspect_err(|e| {
            self.error.get_or_insert_with(|| std::io::Error::new(e.kind(), e.to_string()));
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
