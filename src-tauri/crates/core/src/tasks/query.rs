//! Reading the key-task ledger: one task, filtered and sorted pages, the home page's figures.
//!
//! 已逾期 and 即将到期 are never stored: they are derived in SQL from `due_date`, `status` and a
//! reference date (today unless the caller gives one), so they are always current.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};

use crate::error::{LedgerError, Result};
use crate::store::dates;
use crate::store::search;
use crate::tasks::DUE_SOON_DAYS;
use crate::tasks::{
    DeadlineKind, StatusFilter, Task, TaskDetail, TaskPage, TaskQuery, TaskSort, TaskStatus, TaskSummary,
};
use crate::Ledger;

/// Columns of [`from_row`]; `?1` is the reference date and `?2` the end of the due-soon window.
const SELECT: &str = "SELECT t.id, t.year, t.seq, t.unit_id, COALESCE(u.name, ''), t.category, t.main_task,
    t.detail, t.lead_units, t.responsible_units, t.deadline_text, t.due_date, t.ongoing,
    t.deadline_recognized, t.status,
    CASE WHEN t.status = '已完成' THEN '已完成'
         WHEN t.due_date < ?1 THEN '已逾期'
         WHEN t.due_date <= ?2 THEN '即将到期'
         ELSE t.status END,
    (SELECT count(*) FROM task_progress p WHERE p.task_id = t.id AND p.deleted = 0),
    (SELECT count(*) FROM evidence e WHERE e.entity = 'task' AND e.entity_id = t.id AND e.deleted = 0),
    t.created_at, t.updated_at, t.revision
  FROM tasks t LEFT JOIN org_units u ON u.id = t.unit_id";

fn from_row(r: &Row) -> rusqlite::Result<Task> {
    let list =
        |i: usize| -> rusqlite::Result<Vec<String>> { Ok(crate::tasks::write::parse_list(&r.get::<_, String>(i)?)) };
    let status: String = r.get(14)?;
    let effective: String = r.get(15)?;
    Ok(Task {
        id: r.get(0)?,
        year: r.get(1)?,
        seq: r.get(2)?,
        unit_id: r.get(3)?,
        unit_name: r.get(4)?,
        category: r.get(5)?,
        main_task: r.get(6)?,
        detail: r.get(7)?,
        lead_units: list(8)?,
        responsible_units: list(9)?,
        deadline_text: r.get(10)?,
        due_date: r.get(11)?,
        ongoing: r.get(12)?,
        deadline_recognized: r.get(13)?,
        status: TaskStatus::parse(&status).unwrap_or(TaskStatus::NotStarted),
        effective_status: StatusFilter::parse(&effective).unwrap_or(StatusFilter::NotStarted),
        progress_count: r.get(16)?,
        evidence_count: r.get(17)?,
        created_at: r.get(18)?,
        updated_at: r.get(19)?,
        revision: r.get(20)?,
    })
}

fn window(as_of: Option<NaiveDate>) -> (String, String) {
    let as_of = as_of.unwrap_or_else(dates::today);
    (dates::iso(as_of), dates::iso(as_of + chrono::Duration::days(DUE_SOON_DAYS)))
}

/// The live task `id`.
pub(crate) fn get(conn: &Connection, id: &str, as_of: Option<NaiveDate>) -> Result<Task> {
    let (a, b) = window(as_of);
    conn.prepare_cached(&format!("{SELECT} WHERE t.id = ?3 AND t.deleted = 0"))?
        .query_row(rusqlite::params![a, b, id], from_row)
        .optional()?
        .ok_or_else(|| LedgerError::NotFound { entity: "任务", id: id.to_string() })
}

fn opt_date(field: &str, s: &Option<String>) -> Result<Option<NaiveDate>> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => dates::parse_field(field, s).map(Some),
        None => Ok(None),
    }
}

/// The WHERE clause and its arguments for `q` (arguments start at ?3), and the search term,
/// whose argument comes last.
fn filter(q: &TaskQuery) -> Result<(String, Vec<Value>, Search)> {
    let mut sql = String::from(" WHERE t.deleted = 0");
    let mut args: Vec<Value> = Vec::new();
    let mut arg = |sql: &mut String, clause: &str, v: Value| {
        args.push(v);
        sql.push_str(&clause.replace('?', &format!("?{}", args.len() + 2)));
    };
    if let Some(y) = q.year {
        arg(&mut sql, " AND t.year = ?", Value::Integer(y.into()));
    }
    match q.status {
        None => {}
        Some(StatusFilter::Overdue) => sql.push_str(" AND t.status <> '已完成' AND t.due_date < ?1"),
        Some(StatusFilter::DueSoon) => {
            sql.push_str(" AND t.status <> '已完成' AND t.due_date >= ?1 AND t.due_date <= ?2")
        }
        Some(s) => arg(&mut sql, " AND t.status = ?", Value::Text(s.label().into())),
    }
    if let Some(u) = q.unit_id.as_deref().filter(|s| !s.is_empty()) {
        arg(&mut sql, " AND t.unit_id = ?", Value::Text(u.into()));
    }
    if let Some(c) = q.category.as_deref().filter(|s| !s.is_empty()) {
        arg(&mut sql, " AND t.category = ?", Value::Text(c.into()));
    }
    if let Some(d) = opt_date("截止日期起", &q.due_from)? {
        arg(&mut sql, " AND t.due_date >= ?", Value::Text(dates::iso(d)));
    }
    if let Some(d) = opt_date("截止日期止", &q.due_to)? {
        arg(&mut sql, " AND t.due_date <= ?", Value::Text(dates::iso(d)));
    }
    match q.deadline_kind {
        None => {}
        Some(DeadlineKind::Dated) => sql.push_str(" AND t.due_date IS NOT NULL"),
        Some(DeadlineKind::Ongoing) => sql.push_str(" AND t.ongoing = 1"),
        Some(DeadlineKind::Unrecognized) => sql.push_str(" AND t.deadline_recognized = 0"),
    }
    let search = match q.search.as_deref().filter(|s| !s.trim().is_empty()) {
        None => Search::None,
        Some(text) => match search::match_expr(text) {
            Some(expr) => {
                args.push(Value::Text(expr));
                Search::Match(args.len() + 2)
            }
            None => Search::Nothing,
        },
    };
    Ok((sql, args, search))
}

/// The free-text part of a query: none, an FTS5 expression bound at `?N`, or a query with
/// nothing searchable in it (which matches nothing).
#[derive(Clone, Copy)]
enum Search {
    None,
    Match(usize),
    Nothing,
}

fn order_by(q: &TaskQuery) -> String {
    let dir = if q.desc { "DESC" } else { "ASC" };
    match q.sort {
        TaskSort::Seq => format!("t.year {dir}, t.seq {dir}"),
        TaskSort::DueDate => format!("t.due_date IS NULL, t.due_date {dir}, t.seq"),
        TaskSort::UpdatedAt => format!("t.updated_at {dir}"),
        TaskSort::Category => format!("t.category {dir}, t.seq"),
        TaskSort::Status => format!(
            "CASE WHEN t.status = '已完成' THEN 4 WHEN t.due_date < ?1 THEN 0 WHEN t.due_date <= ?2 THEN 1
                  WHEN t.status = '进行中' THEN 2 ELSE 3 END {dir}, t.seq"
        ),
    }
}

/// Tasks matching `q`, one page of them, and how many match in all.
pub(crate) fn list(conn: &Connection, q: &TaskQuery) -> Result<TaskPage> {
    let as_of = opt_date("参考日期", &q.as_of)?;
    let (a, b) = window(as_of);
    let (mut where_sql, args, search) = filter(q)?;
    let all_args = || [Value::Text(a.clone()), Value::Text(b.clone())].into_iter().chain(args.iter().cloned());
    // A search across all years is counted fastest from the FTS index (one rowid lookup per
    // hit); within a year, from the year index probing the list of hits.
    let count_sql = match search {
        Search::Match(n) if q.year.is_none() => format!(
            "SELECT count(*) FROM task_search CROSS JOIN tasks t ON t.pk = task_search.rowid
             {where_sql} AND task_search MATCH ?{n} AND ?1 = ?1 AND ?2 = ?2"
        ),
        _ => String::new(),
    };
    match search {
        Search::Match(n) => {
            where_sql.push_str(&format!(" AND t.pk IN (SELECT rowid FROM task_search WHERE task_search MATCH ?{n})"))
        }
        Search::Nothing => where_sql.push_str(" AND 0"),
        Search::None => {}
    }
    let count_sql = if count_sql.is_empty() {
        format!("SELECT count(*) FROM tasks t{where_sql} AND ?1 = ?1 AND ?2 = ?2")
    } else {
        count_sql
    };
    let total: i64 =
        conn.prepare_cached(&count_sql)?.query_row(rusqlite::params_from_iter(all_args()), |r| r.get(0))?;
    let limit = q.limit.map(i64::from).unwrap_or(-1);
    let sql = format!("{SELECT}{where_sql} ORDER BY {} LIMIT {limit} OFFSET {}", order_by(q), q.offset);
    let items = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params_from_iter(all_args()), from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(TaskPage { total, items })
}

impl Ledger {
    /// The task `id` (or a unique prefix of it of at least 8 characters).
    pub fn task(&self, id: &str) -> Result<Task> {
        let id = crate::tasks::write::resolve_id(self.conn(), id)?;
        get(self.conn(), &id, None)
    }

    /// A task with its progress timeline and evidence.
    pub fn task_detail(&self, id: &str) -> Result<TaskDetail> {
        let task = self.task(id)?;
        Ok(TaskDetail {
            progress: crate::tasks::write::progress_of(self.conn(), &task.id)?,
            evidence: self.evidence_of("task", &task.id)?,
            task,
        })
    }

    /// Filter, search, sort and page the ledger.
    pub fn list_tasks(&self, q: &TaskQuery) -> Result<TaskPage> {
        list(self.conn(), q)
    }

    /// The years that have tasks, newest first.
    pub fn task_years(&self) -> Result<Vec<i32>> {
        let mut st = self.conn().prepare("SELECT DISTINCT year FROM tasks WHERE deleted = 0 ORDER BY year DESC")?;
        let years = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i32>>>()?;
        Ok(years)
    }

    /// The categories (项目) used in a year (or in all years), in ledger order.
    pub fn task_categories(&self, year: Option<i32>) -> Result<Vec<String>> {
        let mut st = self.conn().prepare(
            "SELECT category FROM tasks WHERE deleted = 0 AND category <> '' AND (?1 IS NULL OR year = ?1)
             GROUP BY category ORDER BY min(year * 1000000 + seq)",
        )?;
        let cats = st.query_map([year], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(cats)
    }

    /// The home page's figures for `year` (all years if `None`) as of `as_of` (today if `None`).
    pub fn task_summary(&self, year: Option<i32>, as_of: Option<NaiveDate>) -> Result<TaskSummary> {
        let (a, b) = window(as_of);
        let row = self.conn().query_row(
            "SELECT count(*),
                coalesce(sum(status = '未开始'), 0), coalesce(sum(status = '进行中'), 0),
                coalesce(sum(status = '已完成'), 0),
                coalesce(sum(status <> '已完成' AND due_date < ?1), 0),
                coalesce(sum(status <> '已完成' AND due_date >= ?1 AND due_date <= ?2), 0),
                coalesce(sum(ongoing), 0), coalesce(sum(NOT deadline_recognized), 0)
             FROM tasks WHERE deleted = 0 AND (?3 IS NULL OR year = ?3)",
            rusqlite::params![a, b, year],
            |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?]),
        )?;
        let [total, not_started, in_progress, done, overdue, due_soon, ongoing, unrecognized]: [i64; 8] = row;
        let upcoming = {
            let sql = format!(
                "{SELECT} WHERE t.deleted = 0 AND (?3 IS NULL OR t.year = ?3) AND t.status <> '已完成'
                   AND t.due_date IS NOT NULL AND t.due_date <= ?2
                 ORDER BY t.due_date, t.seq LIMIT 10"
            );
            let mut st = self.conn().prepare_cached(&sql)?;
            let rows = st.query_map(rusqlite::params![a, b, year], from_row)?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        Ok(TaskSummary {
            year,
            as_of: a,
            total,
            not_started,
            in_progress,
            done,
            overdue,
            due_soon,
            ongoing,
            unrecognized_deadlines: unrecognized,
            upcoming,
        })
    }
}
