//! The key-task ledger (重点任务分工台账): validation, create/update/delete, progress entries.
//! Queries (filters, search, the home page's figures) are in [`crate::tasks::query`].

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use crate::error::{LedgerError, Result};
use crate::store::dates::{self, now_rfc3339};
use crate::store::ledger::Tx;
use crate::store::{search, text};
use crate::tasks::deadline;
use crate::tasks::query as task_query;
use crate::tasks::{ProgressEntry, ProgressInput, Task, TaskInput, TaskStatus};
use crate::{org, Ledger};

/// Longest text accepted in the 具体任务 field.
const MAX_DETAIL_CHARS: usize = 2000;
const MAX_SHORT_CHARS: usize = 200;

/// A task input that passed validation, with its deadline read.
#[derive(Debug, Clone)]
pub(crate) struct ValidTask {
    pub year: i32,
    pub seq: Option<i64>,
    pub unit_id: Option<String>,
    pub category: String,
    pub main_task: String,
    pub detail: String,
    pub lead_units: Vec<String>,
    pub responsible_units: Vec<String>,
    pub deadline_text: String,
    pub deadline: deadline::Deadline,
    pub status: Option<TaskStatus>,
}

/// Split a list of unit names as clerks write it: `各分局、综合执法支队`, `A，B`, `A;B`.
/// `/` (the source documents' "none") and blanks give an empty list.
pub fn split_units(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', '；', ';', '\n'])
        .map(|s| s.split_whitespace().collect::<String>())
        .filter(|s| !s.is_empty() && s != "/" && s != "／" && s != "无")
        .collect()
}

fn clean_units(field: &str, units: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for u in units.iter().flat_map(|u| split_units(u)) {
        if u.chars().count() > 60 {
            return Err(LedgerError::invalid(field, format!("单位名称“{u}”过长（不超过 60 个字）")));
        }
        if !out.contains(&u) {
            out.push(u);
        }
    }
    Ok(out)
}

fn short_text(field: &str, s: &str) -> Result<String> {
    let s = s.trim();
    if s.chars().count() > MAX_SHORT_CHARS {
        return Err(LedgerError::invalid(field, format!("不能超过 {MAX_SHORT_CHARS} 个字")));
    }
    Ok(s.to_string())
}

/// Check every field of `input`; the error names the first field at fault.
pub(crate) fn validate(input: &TaskInput) -> Result<ValidTask> {
    if !(2000..=2100).contains(&input.year) {
        return Err(LedgerError::invalid("年度", format!("“{}”不是有效年度（2000—2100）", input.year)));
    }
    if let Some(seq) = input.seq {
        if !(1..=1_000_000).contains(&seq) {
            return Err(LedgerError::invalid("序号", "应为正整数"));
        }
    }
    let detail = input.detail.trim().to_string();
    if detail.is_empty() {
        return Err(LedgerError::invalid("具体任务", "不能为空"));
    }
    if detail.chars().count() > MAX_DETAIL_CHARS {
        return Err(LedgerError::invalid("具体任务", format!("不能超过 {MAX_DETAIL_CHARS} 个字")));
    }
    let deadline_text = input.deadline_text.trim().to_string();
    if deadline_text.chars().count() > 100 {
        return Err(LedgerError::invalid("完成时限", "不能超过 100 个字"));
    }
    Ok(ValidTask {
        year: input.year,
        seq: input.seq,
        unit_id: input.unit_id.clone().filter(|s| !s.trim().is_empty()),
        category: short_text("项目", &input.category)?,
        main_task: short_text("主要任务", &input.main_task)?,
        detail,
        lead_units: clean_units("牵头单位", &input.lead_units)?,
        responsible_units: clean_units("责任单位", &input.responsible_units)?,
        deadline: deadline::parse(&deadline_text, input.year),
        deadline_text,
        status: input.status,
    })
}

impl Task {
    /// The editable fields of this task, for an update that changes only some of them.
    pub fn to_input(&self) -> TaskInput {
        TaskInput {
            year: self.year,
            seq: Some(self.seq),
            unit_id: Some(self.unit_id.clone()),
            category: self.category.clone(),
            main_task: self.main_task.clone(),
            detail: self.detail.clone(),
            lead_units: self.lead_units.clone(),
            responsible_units: self.responsible_units.clone(),
            deadline_text: self.deadline_text.clone(),
            status: Some(self.status),
        }
    }

    /// The parsed due date.
    pub fn due(&self) -> Option<NaiveDate> {
        self.due_date.as_deref().and_then(dates::parse_date)
    }
}

fn resolve_unit(conn: &Connection, unit_id: Option<&str>) -> Result<String> {
    match unit_id {
        Some(id) => match org::unit(conn, id)? {
            Some(u) => Ok(u.id),
            None => Err(LedgerError::invalid("承办单位", format!("单位“{id}”不存在"))),
        },
        None => org::branch_id(conn)?.ok_or(LedgerError::NotInitialized),
    }
}

fn next_seq(conn: &Connection, year: i32) -> Result<i64> {
    Ok(conn.query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM tasks WHERE year = ?1 AND deleted = 0", [year], |r| {
        r.get(0)
    })?)
}

fn reindex(conn: &Connection, pk: i64, t: &ValidTask) -> Result<()> {
    let fields = [t.category.as_str(), &t.main_task, &t.detail, &t.deadline_text];
    index_task(conn, pk, fields, &t.lead_units, &t.responsible_units)
}

/// Replace the search row of the task `pk`: its 类别, 主要任务, 具体任务, 完成时限 (`fields`) and
/// its units. The one definition of what a task search finds, for branches and city replicas.
pub(crate) fn index_task(
    conn: &Connection,
    pk: i64,
    fields: [&str; 4],
    lead: &[String],
    resp: &[String],
) -> Result<()> {
    conn.prepare_cached("DELETE FROM task_search WHERE rowid = ?1")?.execute([pk])?;
    let body = search::index_text(
        fields.into_iter().chain(lead.iter().map(String::as_str)).chain(resp.iter().map(String::as_str)),
    );
    conn.prepare_cached("INSERT INTO task_search (rowid, body) VALUES (?1, ?2)")?.execute(params![pk, body])?;
    Ok(())
}

/// Index again, in `tx`, every task whose text holds full-width letters or digits: for an index
/// an older program folded differently ([`search::FOLDING_VERSION`]). Full-width punctuation,
/// in nearly every task, separates words either way.
pub(crate) fn reindex_full_width(tx: &Tx<'_>) -> Result<()> {
    let mut st = tx.prepare(
        "SELECT pk, category, main_task, detail, deadline_text, lead_units, responsible_units FROM tasks
         WHERE deleted = 0",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let fields: [String; 4] = [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?];
        let (lead, resp): (String, String) = (r.get(5)?, r.get(6)?);
        if !fields.iter().chain([&lead, &resp]).any(|f| text::has_full_width_alphanumeric(f)) {
            continue;
        }
        index_task(tx, r.get(0)?, fields.each_ref().map(String::as_str), &parse_list(&lead), &parse_list(&resp))?;
    }
    Ok(())
}

fn json_list(v: &[String]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

/// A unit list as stored ([`json_list`]) read back; nothing when it does not read.
pub(crate) fn parse_list(s: &str) -> Vec<String> {
    serde_json::from_str(s).unwrap_or_default()
}

/// Insert a validated task in `tx` and audit it. Used by create, template and import.
pub(crate) fn insert(tx: &Tx<'_>, t: &ValidTask) -> Result<Task> {
    let id = uuid::Uuid::new_v4().to_string();
    insert_with_id(tx, &id, t, &now_rfc3339())?;
    let task = task_query::get(tx, &id, None)?;
    tx.audit("task", &id, "create", None::<&()>, Some(&task))?;
    Ok(task)
}

/// The values of `?1`…`?15` in the INSERT and UPDATE of a task, in one order for both.
fn columns(id: &str, t: &ValidTask, seq: i64, unit_id: &str, status: TaskStatus, now: &str) -> Vec<Value> {
    let text = |s: &str| Value::Text(s.to_string());
    vec![
        text(id),
        Value::Integer(t.year.into()),
        Value::Integer(seq),
        text(unit_id),
        text(&t.category),
        text(&t.main_task),
        text(&t.detail),
        Value::Text(json_list(&t.lead_units)),
        Value::Text(json_list(&t.responsible_units)),
        text(&t.deadline_text),
        t.deadline.due.map(|d| Value::Text(dates::iso(d))).unwrap_or(Value::Null),
        Value::Integer(t.deadline.ongoing.into()),
        Value::Integer(t.deadline.recognized.into()),
        text(status.label()),
        text(now),
    ]
}

/// The raw insert, without audit or read-back (the demo generator uses it in bulk).
pub(crate) fn insert_with_id(conn: &Connection, id: &str, t: &ValidTask, now: &str) -> Result<i64> {
    let unit_id = resolve_unit(conn, t.unit_id.as_deref())?;
    let seq = match t.seq {
        Some(s) => s,
        None => next_seq(conn, t.year)?,
    };
    conn.prepare_cached(
        "INSERT INTO tasks (id, year, seq, unit_id, category, main_task, detail, lead_units,
             responsible_units, deadline_text, due_date, ongoing, deadline_recognized, status,
             created_at, updated_at, revision)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, 1)",
    )?
    .execute(params_from_iter(columns(id, t, seq, &unit_id, t.status.unwrap_or(TaskStatus::NotStarted), now)))?;
    let pk = conn.last_insert_rowid();
    reindex(conn, pk, t)?;
    Ok(pk)
}

/// Update a task in `tx` if it is still at `revision`, and audit it.
pub(crate) fn update(tx: &Tx<'_>, id: &str, revision: i64, t: &ValidTask) -> Result<Task> {
    let before = task_query::get(tx, id, None)?;
    LedgerError::check_revision("任务", before.revision, revision)?;
    let unit_id = resolve_unit(tx, t.unit_id.as_deref())?;
    let seq = t.seq.unwrap_or(before.seq);
    let status = t.status.unwrap_or(before.status);
    let unchanged = before.year == t.year
        && before.seq == seq
        && before.unit_id == unit_id
        && before.category == t.category
        && before.main_task == t.main_task
        && before.detail == t.detail
        && before.lead_units == t.lead_units
        && before.responsible_units == t.responsible_units
        && before.deadline_text == t.deadline_text
        && before.status == status;
    if unchanged {
        // Saving what is already there writes nothing: no new revision, no audit row.
        return Ok(before);
    }
    tx.prepare_cached(
        "UPDATE tasks SET year = ?2, seq = ?3, unit_id = ?4, category = ?5, main_task = ?6, detail = ?7,
             lead_units = ?8, responsible_units = ?9, deadline_text = ?10, due_date = ?11, ongoing = ?12,
             deadline_recognized = ?13, status = ?14, updated_at = ?15, revision = revision + 1
         WHERE id = ?1 AND revision = ?16 AND deleted = 0",
    )?
    .execute(params_from_iter(
        columns(id, t, seq, &unit_id, status, &now_rfc3339()).into_iter().chain([Value::Integer(revision)]),
    ))?;
    let pk: i64 = tx.query_row("SELECT pk FROM tasks WHERE id = ?1", [id], |r| r.get(0))?;
    reindex(tx, pk, t)?;
    let after = task_query::get(tx, id, None)?;
    tx.audit("task", id, "update", Some(&before), Some(&after))?;
    Ok(after)
}

impl Ledger {
    /// Create a task.
    pub fn create_task(&mut self, input: &TaskInput) -> Result<Task> {
        let valid = validate(input)?;
        self.require_branch()?;
        self.write(|tx| insert(tx, &valid))
    }

    /// Replace the editable fields of the task `id`, which must still be at `revision`.
    pub fn update_task(&mut self, id: &str, revision: i64, input: &TaskInput) -> Result<Task> {
        let valid = validate(input)?;
        self.write(|tx| update(tx, id, revision, &valid))
    }

    /// Tombstone the task `id`, which must still be at `revision`.
    pub fn delete_task(&mut self, id: &str, revision: i64) -> Result<()> {
        self.write(|tx| {
            let before = task_query::get(tx, id, None)?;
            LedgerError::check_revision("任务", before.revision, revision)?;
            let pk: i64 = tx.query_row("SELECT pk FROM tasks WHERE id = ?1", [id], |r| r.get(0))?;
            tx.execute(
                "UPDATE tasks SET deleted = 1, updated_at = ?2, revision = revision + 1 WHERE id = ?1",
                params![id, now_rfc3339()],
            )?;
            tx.execute("DELETE FROM task_search WHERE rowid = ?1", [pk])?;
            tx.audit("task", id, "delete", Some(&before), None::<&()>)?;
            Ok(())
        })
    }

    /// Add a dated progress entry to a task.
    pub fn add_progress(&mut self, task_id: &str, input: &ProgressInput) -> Result<ProgressEntry> {
        let note = input.note.trim().to_string();
        if note.is_empty() {
            return Err(LedgerError::invalid("进展内容", "不能为空"));
        }
        if note.chars().count() > 4000 {
            return Err(LedgerError::invalid("进展内容", "不能超过 4000 个字"));
        }
        let entry_date = match input.entry_date.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => dates::parse_field("日期", s)?,
            None => dates::today(),
        };
        let author = input.author.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let author = author.unwrap_or(self.actor()).to_string();
        if author.chars().count() > 50 {
            return Err(LedgerError::invalid("填报人", "不能超过 50 个字"));
        }
        self.write(|tx| {
            task_query::get(tx, task_id, None)?;
            let now = now_rfc3339();
            let entry = ProgressEntry {
                id: uuid::Uuid::new_v4().to_string(),
                task_id: task_id.to_string(),
                entry_date: dates::iso(entry_date),
                author,
                note,
                created_at: now.clone(),
            };
            tx.execute(
                "INSERT INTO task_progress (id, task_id, entry_date, author, note, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![entry.id, entry.task_id, entry.entry_date, entry.author, entry.note, now],
            )?;
            tx.audit("task_progress", &entry.id, "create", None::<&()>, Some(&entry))?;
            Ok(entry)
        })
    }
}

/// The progress entries of a task, newest first.
pub(crate) fn progress_of(conn: &Connection, task_id: &str) -> Result<Vec<ProgressEntry>> {
    let mut st = conn.prepare_cached(
        "SELECT id, task_id, entry_date, author, note, created_at FROM task_progress
         WHERE task_id = ?1 AND deleted = 0 ORDER BY entry_date DESC, pk DESC",
    )?;
    let rows = st
        .query_map([task_id], |r| {
            Ok(ProgressEntry {
                id: r.get(0)?,
                task_id: r.get(1)?,
                entry_date: r.get(2)?,
                author: r.get(3)?,
                note: r.get(4)?,
                created_at: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The id of the task with `id` or `id` prefix (at least 8 characters), for the command line.
pub fn resolve_id(conn: &Connection, id_or_prefix: &str) -> Result<String> {
    let s = id_or_prefix.trim();
    if let Some(id) =
        conn.query_row("SELECT id FROM tasks WHERE id = ?1 AND deleted = 0", [s], |r| r.get(0)).optional()?
    {
        return Ok(id);
    }
    if s.len() >= 8 {
        let mut st = conn.prepare(
            "SELECT id FROM tasks WHERE lower(substr(id, 1, length(?1))) = lower(?1) AND deleted = 0 LIMIT 2",
        )?;
        let ids: Vec<String> = st.query_map([s], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        if ids.len() == 1 {
            return Ok(ids.into_iter().next().unwrap_or_default());
        }
        if ids.len() > 1 {
            return Err(LedgerError::invalid("任务编号", format!("“{s}”对应多条任务，请写完整编号")));
        }
    }
    Err(LedgerError::NotFound { entity: "任务", id: s.to_string() })
}
