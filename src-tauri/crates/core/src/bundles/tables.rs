//! The tables a bundle carries, and rows as JSON objects.
//!
//! Invariant: a row crosses a bundle as one JSON object of all its columns, by column name, with
//! SQLite's own types (INTEGER → JSON integer, REAL → JSON number with a fraction, TEXT → string,
//! NULL → null); the tables hold no BLOBs. A row is identified by its primary key columns, which
//! `sync_changes` (migration 0006) records as the same JSON object.

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{params_from_iter, Connection};
use serde_json::{Map, Value};

use crate::error::{LedgerError, Result};

/// A table that bundles carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncTable {
    pub name: &'static str,
    /// The primary key columns.
    pub key: &'static [&'static str],
    /// What the table holds, for FORMAT.md and messages.
    pub title: &'static str,
}

const fn t(name: &'static str, key: &'static [&'static str], title: &'static str) -> SyncTable {
    SyncTable { name, key, title }
}

const PK: &[&str] = &["pk"];

/// Every table a bundle carries, parents before children. The audit trail and the search index
/// stay behind: the first is the branch's own record of who did what, the second is rebuilt.
/// Migration 0006 puts change triggers on exactly these tables.
pub const TABLES: &[SyncTable] = &[
    t("settings", &["key"], "设置"),
    t("org_units", PK, "单位"),
    t("unit_aliases", PK, "单位别名"),
    t("tasks", PK, "重点任务"),
    t("task_progress", PK, "任务进展"),
    t("evidence_blobs", &["sha256"], "佐证文件"),
    t("evidence", PK, "佐证材料"),
    t("staff", PK, "人员"),
    t("certificates", PK, "执法证件"),
    t("certificate_reviews", PK, "证件审验"),
    t("secondments", PK, "借调"),
    t("uniform_scale", PK, "制服配发标准"),
    t("uniform_issues", PK, "制服发放"),
    t("training_kinds", PK, "培训类别"),
    t("training_sessions", PK, "培训"),
    t("training_attendance", PK, "参训人员"),
    t("standard_groups", &["code"], "装备标准分类"),
    t("standard_items", PK, "装备标准条目"),
    t("equipment_items", PK, "装备"),
    t("equipment_events", PK, "装备事项"),
    t("equipment_schedules", PK, "装备周期工作"),
    t("rubrics", &["id"], "评分细则"),
    t("assessments", PK, "自评"),
    t("assessment_scores", &["assessment_id", "item_id"], "自评得分"),
];

/// The synced table named `name`.
pub fn table(name: &str) -> Option<&'static SyncTable> {
    TABLES.iter().find(|t| t.name == name)
}

/// The column names of `table` in this database's schema.
pub fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut st = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let cols = st.query_map([table], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(cols)
}

fn to_json(v: ValueRef<'_>) -> Result<Value> {
    Ok(match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(_) => return Err(LedgerError::Rejected("数据表中出现了二进制字段，无法导出".into())),
    })
}

/// The SQLite value of a JSON value read from a bundle; `None` for what no column holds (arrays,
/// objects).
pub fn to_sql(v: &Value) -> Option<SqlValue> {
    Some(match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64()?),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        Value::Array(_) | Value::Object(_) => return None,
    })
}

/// The current row of `r` as a JSON object of `cols`.
fn object_of(r: &rusqlite::Row<'_>, cols: &[String]) -> Result<Map<String, Value>> {
    let mut obj = Map::with_capacity(cols.len());
    for (i, c) in cols.iter().enumerate() {
        obj.insert(c.clone(), to_json(r.get_ref(i)?)?);
    }
    Ok(obj)
}

/// Every row of `table`, in primary key order, to `each`.
pub fn for_each_row(
    conn: &Connection,
    table: &SyncTable,
    mut each: impl FnMut(Map<String, Value>) -> Result<()>,
) -> Result<()> {
    let cols = columns(conn, table.name)?;
    let order = table.key.join(", ");
    let mut st = conn.prepare(&format!("SELECT * FROM {} ORDER BY {order}", table.name))?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        each(object_of(r, &cols)?)?;
    }
    Ok(())
}

fn key_clause(table: &SyncTable) -> String {
    table.key.iter().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 1)).collect::<Vec<_>>().join(" AND ")
}

fn key_values(table: &SyncTable, key: &Map<String, Value>) -> Result<Vec<SqlValue>> {
    table
        .key
        .iter()
        .map(|c| {
            key.get(*c)
                .and_then(to_sql)
                .filter(|v| !matches!(v, SqlValue::Null))
                .ok_or_else(|| LedgerError::Rejected(format!("数据表 {} 的记录缺少主键字段 {c}", table.name)))
        })
        .collect()
}

/// The row of `table` with primary key `key`, if it exists.
pub fn row_by_key(
    conn: &Connection,
    table: &SyncTable,
    key: &Map<String, Value>,
) -> Result<Option<Map<String, Value>>> {
    let cols = columns(conn, table.name)?;
    let mut st = conn.prepare_cached(&format!("SELECT * FROM {} WHERE {}", table.name, key_clause(table)))?;
    let mut rows = st.query(params_from_iter(key_values(table, key)?))?;
    rows.next()?.map(|r| object_of(r, &cols)).transpose()
}

/// The primary key of `row`, as the JSON object the change log and tombstones use.
pub fn key_of(table: &SyncTable, row: &Map<String, Value>) -> Result<Map<String, Value>> {
    let mut key = Map::new();
    for c in table.key {
        let v = row
            .get(*c)
            .filter(|v| !v.is_null())
            .ok_or_else(|| LedgerError::Rejected(format!("数据表 {} 的记录缺少主键字段 {c}", table.name)))?;
        key.insert((*c).to_string(), v.clone());
    }
    Ok(key)
}

/// Write `row` into `table`, replacing the row with the same key (the replica's apply step).
pub fn upsert(conn: &Connection, table: &SyncTable, row: &Map<String, Value>) -> Result<()> {
    let cols: Vec<&String> = row.keys().collect();
    let names = cols.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ");
    let marks = (1..=cols.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
    let values = row
        .values()
        .map(|v| to_sql(v).ok_or_else(|| LedgerError::Rejected(format!("数据表 {} 的字段值不是单个值", table.name))))
        .collect::<Result<Vec<_>>>()?;
    conn.prepare_cached(&format!("INSERT OR REPLACE INTO {} ({names}) VALUES ({marks})", table.name))?
        .execute(params_from_iter(values))?;
    Ok(())
}

/// Delete the row of `table` with primary key `key`.
pub fn delete(conn: &Connection, table: &SyncTable, key: &Map<String, Value>) -> Result<()> {
    conn.prepare_cached(&format!("DELETE FROM {} WHERE {}", table.name, key_clause(table)))?
        .execute(params_from_iter(key_values(table, key)?))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_synced_table_has_its_triggers_and_key() {
        let conn = Connection::open_in_memory().unwrap();
        crate::store::db::migrate_to(&conn, crate::store::db::latest_version()).unwrap();
        for t in TABLES {
            let cols = columns(&conn, t.name).unwrap();
            assert!(!cols.is_empty(), "{} missing", t.name);
            for k in t.key {
                assert!(cols.iter().any(|c| c == k), "{}: key {k}", t.name);
            }
            for op in ["insert", "update", "delete"] {
                let n: i64 = conn
                    .query_row(
                        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                        [format!("sync_{}_{op}", t.name)],
                        |r| r.get(0),
                    )
                    .unwrap();
                assert_eq!(n, 1, "sync_{}_{op}", t.name);
            }
        }
        let triggers: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(triggers as usize, TABLES.len() * 3, "a trigger on a table bundles do not carry");
    }
}
