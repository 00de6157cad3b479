//! Secondments (借调): where a person is lent to, from when to when, whether the post there is an
//! enforcement post, and the city bureau's approval. F6 counts the ones running on a date.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::{Secondment, SecondmentInput};
use crate::error::{LedgerError, Result};
use crate::store::dates::{self, now_rfc3339};
use crate::store::search;
use crate::{Ledger, Tx};

const SELECT: &str = "SELECT x.id, x.staff_id, COALESCE(s.name, ''), COALESCE(u.name, ''), x.destination,
    x.enforcement_post, x.start_on, x.end_on, x.approved, x.approval_doc, x.note, x.created_at, x.updated_at,
    x.revision
  FROM secondments x JOIN staff s ON s.id = x.staff_id LEFT JOIN org_units u ON u.id = s.unit_id";

fn from_row(r: &Row) -> rusqlite::Result<Secondment> {
    Ok(Secondment {
        id: r.get(0)?,
        staff_id: r.get(1)?,
        staff_name: r.get(2)?,
        unit_name: r.get(3)?,
        destination: r.get(4)?,
        enforcement_post: r.get(5)?,
        start_on: r.get(6)?,
        end_on: r.get(7)?,
        approved: r.get(8)?,
        approval_doc: r.get(9)?,
        note: r.get(10)?,
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
        revision: r.get(13)?,
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Secondment> {
    conn.prepare_cached(&format!("{SELECT} WHERE x.id = ?1 AND x.deleted = 0"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| LedgerError::NotFound { entity: "借调记录", id: id.to_string() })
}

/// A person's secondments, latest first.
pub(crate) fn of_staff(conn: &Connection, staff_id: &str) -> Result<Vec<Secondment>> {
    let sql = format!("{SELECT} WHERE x.staff_id = ?1 AND x.deleted = 0 ORDER BY x.start_on DESC");
    let rows = conn.prepare_cached(&sql)?.query_map([staff_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A secondment input that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValidSecondment {
    pub staff_id: String,
    pub destination: String,
    pub enforcement_post: bool,
    pub start_on: String,
    pub end_on: Option<String>,
    pub approved: bool,
    pub approval_doc: String,
    pub note: String,
}

/// Check every field of `input`; the error names the first field at fault.
pub(crate) fn validate(input: &SecondmentInput) -> Result<ValidSecondment> {
    if input.staff_id.trim().is_empty() {
        return Err(LedgerError::invalid("借调人员", "不能为空"));
    }
    let destination = input.destination.trim().to_string();
    if destination.is_empty() {
        return Err(LedgerError::invalid("借调单位", "不能为空"));
    }
    if destination.chars().count() > 100 {
        return Err(LedgerError::invalid("借调单位", "不能超过 100 个字"));
    }
    let start = dates::parse_field("开始日期", &input.start_on)?;
    let end = dates::parse_opt_field("结束日期", input.end_on.as_deref())?;
    if end.is_some_and(|e| e < start) {
        return Err(LedgerError::invalid("结束日期", "不能早于开始日期"));
    }
    let approval_doc = input.approval_doc.trim().to_string();
    if approval_doc.chars().count() > 100 {
        return Err(LedgerError::invalid("市局同意文号", "不能超过 100 个字"));
    }
    if input.note.chars().count() > 500 {
        return Err(LedgerError::invalid("备注", "不能超过 500 个字"));
    }
    Ok(ValidSecondment {
        staff_id: input.staff_id.trim().to_string(),
        destination,
        enforcement_post: input.enforcement_post,
        start_on: dates::iso(start),
        end_on: end.map(dates::iso),
        // A 文号 is the approval.
        approved: input.approved || !approval_doc.is_empty(),
        approval_doc,
        note: input.note.trim().to_string(),
    })
}

impl Secondment {
    /// The editable fields of this secondment.
    pub fn to_input(&self) -> SecondmentInput {
        SecondmentInput {
            staff_id: self.staff_id.clone(),
            destination: self.destination.clone(),
            enforcement_post: self.enforcement_post,
            start_on: self.start_on.clone(),
            end_on: self.end_on.clone(),
            approved: self.approved,
            approval_doc: self.approval_doc.clone(),
            note: self.note.clone(),
        }
    }
}

fn check_person(conn: &Connection, staff_id: &str) -> Result<()> {
    let ok: bool =
        conn.query_row("SELECT EXISTS(SELECT 1 FROM staff WHERE id = ?1 AND deleted = 0)", [staff_id], |r| r.get(0))?;
    if ok {
        Ok(())
    } else {
        Err(LedgerError::invalid("借调人员", "人员不存在"))
    }
}

/// The raw insert, without audit (the demo generator uses it in bulk).
pub(crate) fn insert_with_id(conn: &Connection, id: &str, v: &ValidSecondment, now: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO secondments (id, staff_id, destination, enforcement_post, start_on, end_on, approved,
             approval_doc, note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    )?
    .execute(params![
        id,
        v.staff_id,
        v.destination,
        v.enforcement_post,
        v.start_on,
        v.end_on,
        v.approved,
        v.approval_doc,
        v.note,
        now
    ])?;
    Ok(())
}

/// Insert a validated secondment in `tx` and audit it.
pub(crate) fn insert(tx: &Tx<'_>, v: &ValidSecondment) -> Result<Secondment> {
    check_person(tx, &v.staff_id)?;
    let id = uuid::Uuid::new_v4().to_string();
    insert_with_id(tx, &id, v, &now_rfc3339())?;
    let x = get(tx, &id)?;
    tx.audit("secondment", &id, "create", None::<&()>, Some(&x))?;
    Ok(x)
}

/// Update a secondment in `tx` if still at `revision`, and audit it.
pub(crate) fn update(tx: &Tx<'_>, id: &str, revision: i64, v: &ValidSecondment) -> Result<Secondment> {
    let before = get(tx, id)?;
    LedgerError::check_revision("借调记录", before.revision, revision)?;
    if validate(&before.to_input())? == *v {
        return Ok(before);
    }
    check_person(tx, &v.staff_id)?;
    tx.execute(
        "UPDATE secondments SET staff_id = ?2, destination = ?3, enforcement_post = ?4, start_on = ?5, end_on = ?6,
             approved = ?7, approval_doc = ?8, note = ?9, updated_at = ?10, revision = revision + 1
         WHERE id = ?1",
        params![
            id,
            v.staff_id,
            v.destination,
            v.enforcement_post,
            v.start_on,
            v.end_on,
            v.approved,
            v.approval_doc,
            v.note,
            now_rfc3339()
        ],
    )?;
    let after = get(tx, id)?;
    tx.audit("secondment", id, "update", Some(&before), Some(&after))?;
    Ok(after)
}

/// A request for the secondments list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct SecondmentQuery {
    /// Only those running on this date (`YYYY-MM-DD`).
    pub active_on: Option<String>,
    pub unit_id: Option<String>,
    /// Part of the person's name or of the destination.
    pub search: Option<String>,
}

impl Ledger {
    /// Record a secondment.
    pub fn create_secondment(&mut self, input: &SecondmentInput) -> Result<Secondment> {
        let v = validate(input)?;
        self.write(|tx| insert(tx, &v))
    }

    /// Replace the fields of the secondment `id`, still at `revision`.
    pub fn update_secondment(&mut self, id: &str, revision: i64, input: &SecondmentInput) -> Result<Secondment> {
        let v = validate(input)?;
        self.write(|tx| update(tx, id, revision, &v))
    }

    /// Tombstone the secondment `id`.
    pub fn delete_secondment(&mut self, id: &str, revision: i64) -> Result<()> {
        self.write(|tx| {
            let before = get(tx, id)?;
            LedgerError::check_revision("借调记录", before.revision, revision)?;
            tx.execute(
                "UPDATE secondments SET deleted = 1, updated_at = ?2, revision = revision + 1 WHERE id = ?1",
                params![id, now_rfc3339()],
            )?;
            tx.audit("secondment", id, "delete", Some(&before), None::<&()>)?;
            Ok(())
        })
    }

    /// The secondment `id` (or a unique prefix of at least 8 characters).
    pub fn secondment(&self, id: &str) -> Result<Secondment> {
        let s = id.trim();
        let found: Option<String> = self
            .conn()
            .query_row(
                "SELECT id FROM secondments WHERE deleted = 0 AND (id = ?1
                   OR (length(?1) >= 8 AND lower(substr(id, 1, length(?1))) = lower(?1))) LIMIT 1",
                [s],
                |r| r.get(0),
            )
            .optional()?;
        get(self.conn(), &found.ok_or_else(|| LedgerError::NotFound { entity: "借调记录", id: s.to_string() })?)
    }

    /// Secondments, latest first.
    pub fn list_secondments(&self, q: &SecondmentQuery) -> Result<Vec<Secondment>> {
        let active = dates::parse_opt_field("日期", q.active_on.as_deref())?.map(dates::iso);
        let search = q.search.as_deref().map(|s| search::fold(s.trim())).filter(|s| !s.is_empty());
        let sql = format!(
            "{SELECT} WHERE x.deleted = 0 AND s.deleted = 0
               AND (?1 IS NULL OR (x.start_on <= ?1 AND (x.end_on IS NULL OR x.end_on >= ?1)))
               AND (?2 IS NULL OR s.unit_id = ?2)
               AND (?3 IS NULL OR instr(fold(s.name), ?3) > 0 OR instr(fold(x.destination), ?3) > 0)
             ORDER BY x.start_on DESC, s.name"
        );
        let rows = self
            .conn()
            .prepare_cached(&sql)?
            .query_map(params![active, q.unit_id.as_deref().filter(|s| !s.is_empty()), search], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
