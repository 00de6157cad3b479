//! A branch's records at the city bureau: a replica database per branch, with the same schema,
//! that bundles are applied to.
//!
//! Invariant: every row carries, in `replica_rows`, the sequence of the bundle that last wrote or
//! deleted it, and a bundle only touches rows whose sequence is not newer than its own. So
//! incremental bundles give the same replica in whatever order they arrive, applying one twice
//! changes nothing, and a full bundle removes what it no longer holds without undoing a newer
//! bundle's changes.

use std::collections::{BTreeMap, HashMap, HashSet};

use ledger_bundle::{BundleKind, EntryInfo, Verified};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{Map, Value};

use super::tables::{self, SyncTable, TABLES};
use crate::error::{LedgerError, Result};

/// The columns of every synced table in this program's schema.
pub(crate) struct Schema(HashMap<&'static str, HashSet<String>>);

impl Schema {
    pub(crate) fn current() -> Result<Schema> {
        let conn = Connection::open_in_memory()?;
        crate::store::db::migrate_to(&conn, crate::store::db::latest_version())?;
        let mut map = HashMap::new();
        for t in TABLES {
            map.insert(t.name, tables::columns(&conn, t.name)?.into_iter().collect());
        }
        Ok(Schema(map))
    }
}

/// One table's rows and tombstones read from a bundle.
pub(crate) struct TableData {
    pub table: &'static SyncTable,
    pub rows: Vec<Map<String, Value>>,
    pub deleted: Vec<Map<String, Value>>,
}

/// The entries [`read`] needs kept in memory by the verification: the rows.
pub(crate) const KEPT: fn(&str) -> bool = |name| name.starts_with("data/");

/// A bundle's data entries, checked against the schema, ready to apply.
pub(crate) struct BundleData {
    pub sequence: u64,
    pub full: bool,
    pub tables: Vec<TableData>,
    /// The evidence entries, by SHA-256: not read yet (`ledger_bundle::copy_entry` reads each
    /// from the bundle file when it is applied).
    pub evidence: Vec<(String, EntryInfo)>,
}

fn refuse(msg: String) -> LedgerError {
    LedgerError::Rejected(msg)
}

fn parse_lines(name: &str, bytes: &[u8]) -> Result<Vec<Map<String, Value>>> {
    let text = std::str::from_utf8(bytes).map_err(|_| refuse(format!("数据包条目 {name} 不是 UTF-8 文本")))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| match serde_json::from_str::<Value>(l) {
            Ok(Value::Object(m)) => Ok(m),
            _ => Err(refuse(format!("数据包条目 {name} 第 {} 行不是一条记录（JSON 对象）", i + 1))),
        })
        .collect()
}

/// Read and check the entries of a verified bundle, which must have kept its `data/` entries
/// (`KEPT`); nothing is written.
pub(crate) fn read(verified: &Verified, schema: &Schema) -> Result<BundleData> {
    let manifest = &verified.manifest;
    let mut by_table: BTreeMap<&'static str, TableData> = BTreeMap::new();
    let mut evidence = Vec::new();
    for info in &manifest.entries {
        let name = info.name.as_str();
        if let Some(file) = name.strip_prefix("data/") {
            let bytes = verified.entry(name).ok_or_else(|| refuse(format!("数据包条目 {name} 未读入（内部错误）")))?;
            // data/<table>.jsonl, data/<table>.<n>.jsonl (n ≥ 2), data/<table>.deleted.jsonl
            let stem = file
                .strip_suffix(".jsonl")
                .ok_or_else(|| refuse(format!("数据包条目 {name} 不是本程序认识的数据文件")))?;
            let mut pieces = stem.split('.');
            let table_name = pieces.next().unwrap_or_default();
            let tombstones = match (pieces.next(), pieces.next()) {
                (None, _) => false,
                (Some("deleted"), None) => true,
                (Some(n), None) if n.parse::<u32>().is_ok_and(|n| n >= 2) => false,
                _ => return Err(refuse(format!("数据包条目 {name} 不是本程序认识的数据文件"))),
            };
            let table = tables::table(table_name)
                .ok_or_else(|| refuse(format!("数据包中的数据表 {table_name} 本程序不认识（请升级程序后再导入）")))?;
            let cols = &schema.0[table.name];
            let lines = parse_lines(name, bytes)?;
            for (i, row) in lines.iter().enumerate() {
                if let Some(bad) = row.keys().find(|c| !cols.contains(*c)) {
                    return Err(refuse(format!(
                        "数据包条目 {name} 第 {} 行有本程序不认识的字段 {bad}（请升级程序后再导入）",
                        i + 1
                    )));
                }
                if let Some(v) = row.values().find(|v| v.is_array() || v.is_object()) {
                    return Err(refuse(format!("数据包条目 {name} 第 {} 行的字段值 {v} 不是单个值", i + 1)));
                }
                tables::key_of(table, row).map_err(|e| refuse(format!("数据包条目 {name} 第 {} 行：{e}", i + 1)))?;
            }
            let data = by_table.entry(table.name).or_insert_with(|| TableData { table, rows: vec![], deleted: vec![] });
            if tombstones {
                data.deleted.extend(lines);
            } else {
                data.rows.extend(lines);
            }
        } else if let Some(sha) = name.strip_prefix("evidence/") {
            // The verification checked the content against the manifest's hash.
            if info.sha256 != sha {
                return Err(refuse(format!("佐证文件 {name} 的内容与其名称中的 SHA-256 不符")));
            }
            evidence.push((sha.to_string(), info.clone()));
        } else if !(name.starts_with("csv/") || name.starts_with("reports/")) {
            return Err(refuse(format!("数据包条目 {name} 不是本程序认识的内容")));
        }
    }
    for (table, count) in &manifest.counts {
        let t = tables::table(table)
            .ok_or_else(|| refuse(format!("清单中的数据表 {table} 本程序不认识（请升级程序后再导入）")))?;
        let (rows, deleted) =
            by_table.get(t.name).map(|d| (d.rows.len() as u64, d.deleted.len() as u64)).unwrap_or((0, 0));
        if rows != count.rows || deleted != count.deleted {
            return Err(refuse(format!(
                "数据表 {table} 的记录数与清单不符：清单 {} 条、删除 {} 条，实有 {rows} 条、删除 {deleted} 条",
                count.rows, count.deleted
            )));
        }
    }
    if let Some(t) = by_table.keys().find(|t| !manifest.counts.contains_key(**t)) {
        return Err(refuse(format!("数据表 {t} 不在清单的记录数中")));
    }
    let full = match manifest.kind {
        BundleKind::Full => true,
        BundleKind::Incremental => false,
        BundleKind::Template => return Err(refuse("这是市局下发的模板包，应在分局用“导入模板包”导入".into())),
    };
    // Apply parents before children, as TABLES lists them.
    let tables: Vec<TableData> = TABLES.iter().filter_map(|t| by_table.remove(t.name)).collect();
    Ok(BundleData { sequence: manifest.sequence, full, tables, evidence })
}

/// Open (creating and migrating) a replica for writing: no reference data is seeded — every row
/// comes from the branch.
pub(crate) fn prepare(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         CREATE TABLE IF NOT EXISTS replica_rows (
             tbl TEXT NOT NULL, key TEXT NOT NULL, seq INTEGER NOT NULL, deleted INTEGER NOT NULL,
             PRIMARY KEY (tbl, key)
         );",
    )?;
    Ok(())
}

fn key_text(key: &Map<String, Value>) -> String {
    serde_json::to_string(key).unwrap_or_default()
}

fn reindex_task(conn: &Connection, row: &Map<String, Value>) -> Result<()> {
    let Some(pk) = row.get("pk").and_then(Value::as_i64) else { return Ok(()) };
    if row.get("deleted").and_then(Value::as_i64) == Some(1) {
        conn.prepare_cached("DELETE FROM task_search WHERE rowid = ?1")?.execute([pk])?;
        return Ok(());
    }
    let text = |c: &str| row.get(c).and_then(Value::as_str).unwrap_or("").to_string();
    let list = |c: &str| crate::tasks::write::parse_list(&text(c));
    let (lead, resp) = (list("lead_units"), list("responsible_units"));
    let fields = [text("category"), text("main_task"), text("detail"), text("deadline_text")];
    crate::tasks::write::index_task(conn, pk, fields.each_ref().map(String::as_str), &lead, &resp)
}

/// Apply `data` to the replica, in the caller's transaction. Returns the rows written and deleted.
pub(crate) fn apply(conn: &Connection, data: &BundleData) -> Result<(u64, u64)> {
    let seq = data.sequence as i64;
    let (mut written, mut removed) = (0u64, 0u64);
    let newer = |conn: &Connection, tbl: &str, key: &str| -> Result<bool> {
        let at: Option<i64> = conn
            .prepare_cached("SELECT seq FROM replica_rows WHERE tbl = ?1 AND key = ?2")?
            .query_row(params![tbl, key], |r| r.get(0))
            .optional()?;
        Ok(at.is_some_and(|s| s > seq))
    };
    let mark = |conn: &Connection, tbl: &str, key: &str, deleted: bool| -> Result<()> {
        conn.prepare_cached("INSERT OR REPLACE INTO replica_rows (tbl, key, seq, deleted) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![tbl, key, seq, deleted])?;
        Ok(())
    };
    for t in &data.tables {
        for row in &t.rows {
            let key = key_text(&tables::key_of(t.table, row)?);
            if newer(conn, t.table.name, &key)? {
                continue;
            }
            tables::upsert(conn, t.table, row)?;
            mark(conn, t.table.name, &key, false)?;
            if t.table.name == "tasks" {
                reindex_task(conn, row)?;
            }
            written += 1;
        }
        for key in &t.deleted {
            let text = key_text(key);
            if newer(conn, t.table.name, &text)? {
                continue;
            }
            tables::delete(conn, t.table, key)?;
            mark(conn, t.table.name, &text, true)?;
            removed += 1;
        }
    }
    if data.full {
        // What the full bundle no longer holds was deleted at the branch, unless a newer bundle
        // wrote it.
        for table in TABLES {
            let present: HashSet<String> = data
                .tables
                .iter()
                .filter(|t| t.table.name == table.name)
                .flat_map(|t| t.rows.iter())
                .map(|r| tables::key_of(table, r).map(|k| key_text(&k)))
                .collect::<Result<_>>()?;
            let mut st = conn.prepare("SELECT key FROM replica_rows WHERE tbl = ?1 AND seq < ?2 AND deleted = 0")?;
            let stale: Vec<String> = st
                .query_map(params![table.name, seq], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?
                .into_iter()
                .filter(|k| !present.contains(k))
                .collect();
            for key in stale {
                let map: Map<String, Value> = serde_json::from_str(&key).unwrap_or_default();
                tables::delete(conn, table, &map)?;
                if table.name == "tasks" {
                    if let Some(pk) = map.get("pk").and_then(Value::as_i64) {
                        conn.execute("DELETE FROM task_search WHERE rowid = ?1", [pk])?;
                    }
                }
                mark(conn, table.name, &key, true)?;
                removed += 1;
            }
        }
    }
    // The replica's own triggers logged what was applied; a replica never exports.
    conn.execute("DELETE FROM sync_changes", [])?;
    Ok((written, removed))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use ledger_bundle::{BundleBuilder, KeyPair, ManifestHeader, Source, SourceRole, TableCount, Trust};

    use super::*;

    fn bundle(entries: &[(&str, &str)], counts: &[(&str, u64, u64)]) -> Verified {
        let key = KeyPair::generate();
        let mut b = BundleBuilder::new();
        for (name, text) in entries {
            b.add(name, text.as_bytes().to_vec()).unwrap();
        }
        let public = key.public();
        let header = ManifestHeader {
            kind: BundleKind::Incremental,
            source: Source {
                id: "b1".into(),
                name: "测试分局".into(),
                role: SourceRole::Branch,
                public_key: public.to_base64(),
                fingerprint: public.fingerprint(),
            },
            sequence: 2,
            previous: None,
            created_at: "2024-07-31T06:05:00.000Z".into(),
            program_version: "0.1.0".into(),
            counts: counts
                .iter()
                .map(|(t, rows, deleted)| (t.to_string(), TableCount { rows: *rows, deleted: *deleted }))
                .collect::<BTreeMap<_, _>>(),
        };
        let built = b.finish(header, &key).unwrap();
        ledger_bundle::verify(&built.bytes, Trust::Manifest, &ledger_bundle::Limits::default()).unwrap()
    }

    #[test]
    fn a_table_in_several_files_is_read_whole_and_checked_against_the_counts() {
        let schema = Schema::current().unwrap();
        let entries = [
            ("data/settings.jsonl", "{\"key\":\"a\",\"value\":\"1\"}\n"),
            ("data/settings.2.jsonl", "{\"key\":\"b\",\"value\":\"2\"}\n{\"key\":\"c\",\"value\":\"3\"}\n"),
            ("data/settings.deleted.jsonl", "{\"key\":\"d\"}\n"),
        ];
        let data = read(&bundle(&entries, &[("settings", 3, 1)]), &schema).unwrap();
        assert_eq!((data.tables[0].rows.len(), data.tables[0].deleted.len()), (3, 1));

        let err = read(&bundle(&entries, &[("settings", 2, 1)]), &schema).err().unwrap().to_string();
        assert!(err.contains("记录数与清单不符"), "{err}");
        let odd = [("data/settings.1.jsonl", "{\"key\":\"a\",\"value\":\"1\"}\n")];
        let err = read(&bundle(&odd, &[("settings", 1, 0)]), &schema).err().unwrap().to_string();
        assert!(err.contains("不是本程序认识的数据文件"), "{err}");
        let unknown_column = [("data/settings.jsonl", "{\"key\":\"a\",\"value\":\"1\",\"extra\":1}\n")];
        let err = read(&bundle(&unknown_column, &[("settings", 1, 0)]), &schema).err().unwrap().to_string();
        assert!(err.contains("不认识的字段 extra"), "{err}");
    }
}
