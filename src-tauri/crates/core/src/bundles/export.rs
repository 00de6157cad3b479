//! A branch's data bundle: every record (full) or every change since the last bundle
//! (incremental, with tombstones for rows that were hard-deleted), the people tables as CSV, the
//! self-assessment PDF and the evidence files the records link to; signed, written to the stick
//! without a partial file ever under the final name, and recorded.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use ledger_bundle::{BundleBuilder, BundleError, BundleKind, ManifestHeader, Previous, Source, SourceRole, TableCount};
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value};

use super::model::{ExportProgress, ExportRecord};
use super::tables::{self, SyncTable, TABLES};
use crate::error::{LedgerError, Result};
use crate::store::dates;
use crate::Ledger;

/// The people tables that also travel as CSV, for a reviewer who opens the zip in Excel.
const CSV_TABLES: &[&str] = &["staff", "certificates", "certificate_reviews", "secondments"];

/// What to export and where.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    /// The folder on the USB stick.
    pub dir: PathBuf,
    /// Every record, rather than the changes since the last bundle. The first bundle is always full.
    pub full: bool,
    /// The self-assessment report as PDF (`reports/<file name>`), if there is one to send.
    pub report: Option<(String, Vec<u8>)>,
}

/// The size at which a table's JSON lines go on in a further file (`data/<table>.2.jsonl` …), well
/// under the per-entry limit of the verification.
pub const PART_SIZE: usize = 64 << 20;

/// One table's part of a bundle: JSON lines of rows (in files of at most about [`PART_SIZE`])
/// and of tombstones (primary keys).
#[derive(Default)]
pub(crate) struct TablePart {
    pub rows: Vec<Vec<u8>>,
    pub row_count: u64,
    pub deleted: Vec<u8>,
    pub deleted_count: u64,
    /// The rows again, for the CSV copy of a people table.
    pub kept: Vec<Map<String, Value>>,
}

/// What an export read from the database, in one read transaction.
pub(crate) struct Collected {
    pub parts: BTreeMap<&'static str, TablePart>,
    pub evidence: BTreeSet<String>,
    pub mark: i64,
}

struct LastExport {
    sequence: i64,
    manifest_sha256: String,
    mark: i64,
}

fn last_export(conn: &Connection, family: &str) -> Result<Option<LastExport>> {
    Ok(conn
        .query_row(
            "SELECT sequence, manifest_sha256, change_mark FROM bundle_exports WHERE family = ?1 ORDER BY sequence DESC LIMIT 1",
            [family],
            |r| Ok(LastExport { sequence: r.get(0)?, manifest_sha256: r.get(1)?, mark: r.get(2)? }),
        )
        .optional()?)
}

fn push_line(buf: &mut Vec<u8>, obj: &Map<String, Value>) -> Result<()> {
    serde_json::to_writer(&mut *buf, obj).map_err(|e| LedgerError::Rejected(format!("无法写出记录：{e}")))?;
    buf.push(b'\n');
    Ok(())
}

fn add_row(
    part: &mut TablePart,
    table: &SyncTable,
    row: Map<String, Value>,
    evidence: &mut BTreeSet<String>,
) -> Result<()> {
    if table.name == "evidence" && row.get("deleted").and_then(Value::as_i64) == Some(0) {
        if let Some(sha) = row.get("sha256").and_then(Value::as_str) {
            evidence.insert(sha.to_string());
        }
    }
    if part.rows.last().is_none_or(|f| f.len() >= PART_SIZE) {
        part.rows.push(Vec::new());
    }
    push_line(part.rows.last_mut().expect("a file to write to"), &row)?;
    part.row_count += 1;
    if CSV_TABLES.contains(&table.name) {
        part.kept.push(row);
    }
    Ok(())
}

/// Read the rows of a bundle: all of them, or those changed after `since` (a change mark).
pub(crate) fn collect(conn: &Connection, since: Option<i64>) -> Result<Collected> {
    // One read transaction: the rows and the change mark are one snapshot.
    let tx = conn.unchecked_transaction()?;
    let mark: i64 = tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM sync_changes", [], |r| r.get(0))?;
    let mut parts: BTreeMap<&'static str, TablePart> = TABLES.iter().map(|t| (t.name, TablePart::default())).collect();
    let mut evidence = BTreeSet::new();
    match since {
        None => {
            for table in TABLES {
                let part = parts.get_mut(table.name).expect("every table has a part");
                tables::for_each_row(&tx, table, |row| add_row(part, table, row, &mut evidence))?;
            }
        }
        Some(since) => {
            let mut st = tx.prepare(
                "SELECT tbl, key FROM sync_changes WHERE seq > ?1 AND seq <= ?2 GROUP BY tbl, key ORDER BY MIN(seq)",
            )?;
            let changed = st
                .query_map([since, mark], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for (name, key) in changed {
                let Some(table) = tables::table(&name) else { continue };
                let key: Map<String, Value> = serde_json::from_str(&key)
                    .map_err(|e| LedgerError::Rejected(format!("变更记录的主键无法解析（{name}）：{e}")))?;
                let part = parts.get_mut(table.name).expect("every table has a part");
                match tables::row_by_key(&tx, table, &key)? {
                    Some(row) => add_row(part, table, row, &mut evidence)?,
                    None => {
                        push_line(&mut part.deleted, &key)?;
                        part.deleted_count += 1;
                    }
                }
            }
        }
    }
    Ok(Collected { parts, evidence, mark })
}

fn csv_of(rows: &[Map<String, Value>]) -> Result<Vec<u8>> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let header: Vec<&str> = rows.first().map(|r| r.keys().map(String::as_str).collect()).unwrap_or_default();
        let fail = |e: csv::Error| LedgerError::Rejected(format!("无法写出 CSV：{e}"));
        w.write_record(&header).map_err(fail)?;
        for row in rows {
            w.write_record(row.values().map(|v| match v {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }))
            .map_err(fail)?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// An evidence file that could not go into the bundle, named as the clerk knows it.
fn evidence_error(e: BundleError) -> LedgerError {
    match e {
        BundleError::SourceFile { path, reason } => {
            LedgerError::file(&path, format!("佐证文件无法放入数据包（{reason}），数据包未导出"))
        }
        e => e.into(),
    }
}

pub(crate) fn kind_label(kind: &str) -> &'static str {
    match kind {
        "full" => "完整",
        "incremental" => "增量",
        "template" => "模板",
        _ => "未知",
    }
}

impl Ledger {
    /// Export the branch's bundle into `req.dir` (a USB stick): full, or the changes since the
    /// last bundle. Returns the record of the export, which is kept in the database.
    pub fn export_bundle(
        &mut self,
        req: &ExportRequest,
        progress: &mut dyn FnMut(ExportProgress),
    ) -> Result<ExportRecord> {
        if self.role()? == super::keys::Role::City {
            return Err(LedgerError::Rejected("市局数据库不导出分局数据包；向分局下发请用“导出模板包”".into()));
        }
        let branch = self.require_branch()?;
        let key = self.signing_key()?;
        let last = last_export(self.conn(), "data")?;
        let full = req.full || last.is_none();
        check_dir(&req.dir)?;
        progress(ExportProgress { stage: "正在汇总数据".into(), done: 0, total: 0 });
        let collected = collect(self.conn(), if full { None } else { last.as_ref().map(|l| l.mark) })?;

        let mut builder = BundleBuilder::new();
        let mut counts = BTreeMap::new();
        let (mut records, mut deleted) = (0i64, 0i64);
        for (name, part) in collected.parts {
            counts.insert(name.to_string(), TableCount { rows: part.row_count, deleted: part.deleted_count });
            records += part.row_count as i64;
            deleted += part.deleted_count as i64;
            for (i, file) in part.rows.into_iter().enumerate() {
                let entry = if i == 0 { format!("data/{name}.jsonl") } else { format!("data/{name}.{}.jsonl", i + 1) };
                builder.add(&entry, file)?;
            }
            if part.deleted_count > 0 {
                builder.add(&format!("data/{name}.deleted.jsonl"), part.deleted)?;
            }
            if !part.kept.is_empty() {
                builder.add(&format!("csv/{name}.csv"), csv_of(&part.kept)?)?;
            }
        }
        for sha in &collected.evidence {
            builder.add_file(&format!("evidence/{sha}"), &self.evidence_path(sha)).map_err(evidence_error)?;
        }
        if let Some((name, pdf)) = &req.report {
            builder.add(&format!("reports/{name}"), pdf.clone())?;
        }

        let sequence = last.as_ref().map(|l| l.sequence).unwrap_or(0) + 1;
        let kind = if full { BundleKind::Full } else { BundleKind::Incremental };
        let public = key.public();
        let header = ManifestHeader {
            kind,
            source: Source {
                id: branch.id.clone(),
                name: branch.name.clone(),
                role: SourceRole::Branch,
                public_key: public.to_base64(),
                fingerprint: public.fingerprint(),
            },
            sequence: sequence as u64,
            previous: last
                .as_ref()
                .map(|l| Previous { sequence: l.sequence as u64, manifest_sha256: l.manifest_sha256.clone() }),
            created_at: dates::now_rfc3339(),
            program_version: env!("CARGO_PKG_VERSION").to_string(),
            counts,
        };
        let file_name = ledger_bundle::bundle_file_name(&branch.name, dates::today(), sequence as u64, kind);
        // Built straight into the temporary file on the stick: the evidence is never in memory.
        let size = builder.size_at_most();
        let saved = ledger_bundle::write_bundle_from(
            &req.dir,
            &file_name,
            size,
            |out| builder.finish_into(header, &key, out),
            Some(&public),
            &mut |p| progress(ExportProgress { stage: p.stage.label().into(), done: p.done, total: p.total }),
        )
        .map_err(evidence_error)?;
        let (path, built) = (saved.path, saved.built);
        let record = ExportRecord {
            sequence,
            kind: kind.as_str().into(),
            kind_label: kind_label(kind.as_str()).into(),
            file_name,
            path: path.display().to_string(),
            size: built.size as i64,
            file_sha256: saved.sha256,
            records,
            deleted,
            created_at: built.manifest.created_at.clone(),
            created_by: self.actor().to_string(),
        };
        let mark = collected.mark;
        let manifest_sha = built.manifest_sha256.clone();
        let counts_json = serde_json::to_string(&built.manifest.counts).unwrap_or_default();
        self.write(|tx| {
            record_export(tx, "data", &record, &manifest_sha, mark, &counts_json)?;
            tx.audit("bundle_export", &record.file_name, "export", None::<&()>, Some(&record))
        })?;
        Ok(record)
    }

    /// Every bundle this database wrote, newest first.
    pub fn exports(&self) -> Result<Vec<ExportRecord>> {
        let mut st = self.conn().prepare(
            "SELECT sequence, kind, file_name, path, size, file_sha256, counts, created_at, created_by
             FROM bundle_exports ORDER BY created_at DESC, sequence DESC",
        )?;
        let rows = st
            .query_map([], |r| {
                let kind: String = r.get(1)?;
                let counts: String = r.get(6)?;
                let counts: BTreeMap<String, TableCount> = serde_json::from_str(&counts).unwrap_or_default();
                Ok(ExportRecord {
                    sequence: r.get(0)?,
                    kind_label: kind_label(&kind).into(),
                    kind,
                    file_name: r.get(2)?,
                    path: r.get(3)?,
                    size: r.get(4)?,
                    file_sha256: r.get(5)?,
                    records: counts.values().map(|c| c.rows as i64).sum(),
                    deleted: counts.values().map(|c| c.deleted as i64).sum(),
                    created_at: r.get(7)?,
                    created_by: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

pub(crate) fn record_export(
    conn: &Connection,
    family: &str,
    record: &ExportRecord,
    manifest_sha256: &str,
    mark: i64,
    counts_json: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO bundle_exports (family, sequence, kind, file_name, path, size, file_sha256, manifest_sha256,
                                     change_mark, counts, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        rusqlite::params![
            family,
            record.sequence,
            record.kind,
            record.file_name,
            record.path,
            record.size,
            record.file_sha256,
            manifest_sha256,
            mark,
            counts_json,
            record.created_at,
            record.created_by
        ],
    )?;
    Ok(())
}

/// The next sequence of `family` and the previous bundle's link.
pub(crate) fn next_in(conn: &Connection, family: &str) -> Result<(u64, Option<Previous>)> {
    let last = last_export(conn, family)?;
    Ok((
        last.as_ref().map(|l| l.sequence as u64).unwrap_or(0) + 1,
        last.map(|l| Previous { sequence: l.sequence as u64, manifest_sha256: l.manifest_sha256 }),
    ))
}

/// Check a folder chosen for an export exists (the stick may have been pulled out).
pub(crate) fn check_dir(dir: &Path) -> Result<()> {
    if !dir.is_dir() {
        return Err(LedgerError::file(dir, "目标文件夹不存在（U 盘是否已拔出？）"));
    }
    Ok(())
}
