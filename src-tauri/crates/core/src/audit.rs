//! The append-only audit trail (全过程留痕). Rows are written by [`crate::Tx::audit`] in the same
//! transaction as the change; the table's triggers refuse updates and deletes.

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::model::{AuditEntry, AuditPage, AuditQuery};

/// Insert one audit row. Callers go through [`crate::Tx::audit`].
pub(crate) fn append(
    conn: &Connection,
    actor: &str,
    entity: &str,
    entity_id: &str,
    action: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (at, actor, entity, entity_id, action, before_json, after_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        crate::dates::now_rfc3339(),
        actor,
        entity,
        entity_id,
        action,
        before.map(|v| v.to_string()),
        after.map(|v| v.to_string()),
    ])?;
    Ok(())
}

/// A page of the audit trail, newest first.
pub fn list(conn: &Connection, q: &AuditQuery) -> Result<AuditPage> {
    let mut filter = String::from(" WHERE 1=1");
    let mut args: Vec<String> = Vec::new();
    if let Some(e) = &q.entity {
        args.push(e.clone());
        filter.push_str(&format!(" AND entity = ?{}", args.len()));
    }
    if let Some(id) = &q.entity_id {
        args.push(id.clone());
        filter.push_str(&format!(" AND entity_id = ?{}", args.len()));
    }
    let total: i64 =
        conn.query_row(&format!("SELECT count(*) FROM audit_log{filter}"), rusqlite::params_from_iter(&args), |r| {
            r.get(0)
        })?;
    let limit = q.limit.map(i64::from).unwrap_or(-1);
    let sql = format!(
        "SELECT seq, at, actor, entity, entity_id, action, before_json, after_json FROM audit_log{filter}
         ORDER BY seq DESC LIMIT {limit} OFFSET {}",
        q.offset
    );
    let mut st = conn.prepare(&sql)?;
    let items = st
        .query_map(rusqlite::params_from_iter(&args), |r| {
            let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
            Ok(AuditEntry {
                seq: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                entity: r.get(3)?,
                entity_id: r.get(4)?,
                action: r.get(5)?,
                before: parse(r.get(6)?),
                after: parse(r.get(7)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(AuditPage { total, items })
}
