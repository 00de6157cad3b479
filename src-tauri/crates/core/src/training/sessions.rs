//! Training sessions and their attendance: create/update/delete (saving a session replaces its
//! attendance with the list given), the sessions page, and each person's record and hours.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::model::{
    Attendance, AttendeeInput, Level, PersonTraining, TrainingDetail, TrainingInput, TrainingPage, TrainingQuery,
    TrainingSession, YearHours,
};
use crate::error::{LedgerError, Result};
use crate::store::dates::{self, now_rfc3339};
use crate::store::search;
use crate::{Ledger, Tx};

const SELECT: &str = "SELECT t.id, t.kind, t.title, t.level, t.organiser, t.start_on, t.end_on, t.hours, t.place,
    t.note, CAST(julianday(t.end_on) - julianday(t.start_on) AS INTEGER) + 1,
    (SELECT count(*) FROM training_attendance a JOIN staff s ON s.id = a.staff_id
      WHERE a.session_id = t.id AND a.deleted = 0 AND s.deleted = 0),
    (SELECT count(*) FROM evidence e WHERE e.entity = 'training_session' AND e.entity_id = t.id AND e.deleted = 0),
    t.created_at, t.updated_at, t.revision
  FROM training_sessions t";

fn from_row(r: &Row) -> rusqlite::Result<TrainingSession> {
    Ok(TrainingSession {
        id: r.get(0)?,
        kind: r.get(1)?,
        title: r.get(2)?,
        level: r.get(3)?,
        organiser: r.get(4)?,
        start_on: r.get(5)?,
        end_on: r.get(6)?,
        hours: r.get(7)?,
        place: r.get(8)?,
        note: r.get(9)?,
        days: r.get(10)?,
        attendee_count: r.get(11)?,
        evidence_count: r.get(12)?,
        created_at: r.get(13)?,
        updated_at: r.get(14)?,
        revision: r.get(15)?,
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<TrainingSession> {
    conn.prepare_cached(&format!("{SELECT} WHERE t.id = ?1 AND t.deleted = 0"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| LedgerError::NotFound { entity: "培训", id: id.to_string() })
}

pub(crate) fn attendance_of(conn: &Connection, session_id: &str) -> Result<Vec<Attendance>> {
    let mut st = conn.prepare_cached(
        "SELECT a.id, a.session_id, a.staff_id, s.name, COALESCE(u.name, ''), a.hours, a.score, a.award
         FROM training_attendance a JOIN staff s ON s.id = a.staff_id LEFT JOIN org_units u ON u.id = s.unit_id
         WHERE a.session_id = ?1 AND a.deleted = 0 AND s.deleted = 0 ORDER BY u.name, s.name",
    )?;
    let rows = st
        .query_map([session_id], |r| {
            Ok(Attendance {
                id: r.get(0)?,
                session_id: r.get(1)?,
                staff_id: r.get(2)?,
                staff_name: r.get(3)?,
                unit_name: r.get(4)?,
                hours: r.get(5)?,
                score: r.get(6)?,
                award: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A session input that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValidSession {
    pub kind: String,
    pub title: String,
    pub level: Option<Level>,
    pub organiser: String,
    pub start_on: String,
    pub end_on: String,
    pub hours: Option<f64>,
    pub place: String,
    pub note: String,
    pub attendees: Vec<AttendeeInput>,
}

fn hours_ok(field: &str, h: Option<f64>) -> Result<Option<f64>> {
    match h {
        Some(h) if !(0.0..=2000.0).contains(&h) || h.is_nan() => {
            Err(LedgerError::invalid(field, "应为 0—2000 之间的数"))
        }
        other => Ok(other),
    }
}

/// Check every field of `input` (the kind against the list in `conn`); the error names the
/// first field at fault.
pub(crate) fn validate(conn: &Connection, input: &TrainingInput) -> Result<ValidSession> {
    let kind = match super::kinds::find(conn, &input.kind)? {
        Some(k) => k,
        None if input.kind.trim().is_empty() => return Err(LedgerError::invalid("培训类型", "不能为空")),
        None => {
            return Err(LedgerError::invalid(
                "培训类型",
                format!("“{}”不在培训类型列表中，请先在“培训类型”中添加", input.kind.trim()),
            ))
        }
    };
    let title = input.title.trim().to_string();
    if title.is_empty() {
        return Err(LedgerError::invalid("培训名称", "不能为空"));
    }
    if title.chars().count() > 100 {
        return Err(LedgerError::invalid("培训名称", "不能超过 100 个字"));
    }
    let start = dates::parse_field("开始日期", &input.start_on)?;
    let end = dates::parse_opt_field("结束日期", input.end_on.as_deref())?.unwrap_or(start);
    if end < start {
        return Err(LedgerError::invalid("结束日期", "不能早于开始日期"));
    }
    let mut seen = HashSet::new();
    for a in &input.attendees {
        if !seen.insert(a.staff_id.as_str()) {
            return Err(LedgerError::invalid("参加人员", "同一人列了两次"));
        }
        hours_ok("个人学时", a.hours)?;
        if a.score.is_some_and(|s| !(0.0..=1000.0).contains(&s) || s.is_nan()) {
            return Err(LedgerError::invalid("成绩", "应为 0—1000 之间的数"));
        }
        if a.award.chars().count() > 100 {
            return Err(LedgerError::invalid("获奖情况", "不能超过 100 个字"));
        }
    }
    let short = |field: &str, s: &str, max: usize| -> Result<String> {
        let s = s.trim();
        if s.chars().count() > max {
            return Err(LedgerError::invalid(field, format!("不能超过 {max} 个字")));
        }
        Ok(s.to_string())
    };
    Ok(ValidSession {
        kind,
        title,
        level: input.level,
        organiser: short("主办单位", &input.organiser, 100)?,
        start_on: dates::iso(start),
        end_on: dates::iso(end),
        hours: hours_ok("学时", input.hours)?,
        place: short("地点", &input.place, 100)?,
        note: short("备注", &input.note, 1000)?,
        attendees: input
            .attendees
            .iter()
            .map(|a| AttendeeInput { award: a.award.trim().to_string(), ..a.clone() })
            .collect(),
    })
}

/// What the audit trail keeps of a session: its fields and who attended, by name.
fn audit_view(conn: &Connection, id: &str) -> Result<serde_json::Value> {
    let s = get(conn, id)?;
    let names: Vec<String> = attendance_of(conn, id)?.into_iter().map(|a| a.staff_name).collect();
    let mut v = serde_json::to_value(&s).map_err(|e| LedgerError::Rejected(e.to_string()))?;
    v["attendees"] = serde_json::json!(names);
    Ok(v)
}

/// Make the session's attendance the list given: new people added, changed ones updated, people
/// left out removed (tombstoned).
fn set_attendance(conn: &Connection, session_id: &str, attendees: &[AttendeeInput], now: &str) -> Result<()> {
    let existing: HashMap<String, (String, Option<f64>, Option<f64>, String)> = {
        let mut st = conn.prepare_cached(
            "SELECT staff_id, id, hours, score, award FROM training_attendance WHERE session_id = ?1 AND deleted = 0",
        )?;
        let rows = st
            .query_map([session_id], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))))?
            .collect::<rusqlite::Result<_>>()?;
        rows
    };
    let wanted: HashSet<&str> = attendees.iter().map(|a| a.staff_id.as_str()).collect();
    for (staff_id, (id, ..)) in &existing {
        if !wanted.contains(staff_id.as_str()) {
            conn.execute(
                "UPDATE training_attendance SET deleted = 1, updated_at = ?2, revision = revision + 1 WHERE id = ?1",
                params![id, now],
            )?;
        }
    }
    for a in attendees {
        match existing.get(&a.staff_id) {
            Some((id, h, s, award)) => {
                if *h != a.hours || *s != a.score || *award != a.award {
                    conn.execute(
                        "UPDATE training_attendance SET hours = ?2, score = ?3, award = ?4, updated_at = ?5,
                             revision = revision + 1 WHERE id = ?1",
                        params![id, a.hours, a.score, a.award, now],
                    )?;
                }
            }
            None => {
                let ok: bool = conn.query_row(
                    "SELECT EXISTS(SELECT 1 FROM staff WHERE id = ?1 AND deleted = 0)",
                    [&a.staff_id],
                    |r| r.get(0),
                )?;
                if !ok {
                    return Err(LedgerError::invalid("参加人员", format!("人员“{}”不存在", a.staff_id)));
                }
                insert_attendance(conn, &uuid::Uuid::new_v4().to_string(), session_id, a, now)?;
            }
        }
    }
    Ok(())
}

/// The raw insert of one attendance row (the demo generator uses it in bulk).
pub(crate) fn insert_attendance(
    conn: &Connection,
    id: &str,
    session_id: &str,
    a: &AttendeeInput,
    now: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO training_attendance (id, session_id, staff_id, hours, score, award, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?
    .execute(params![id, session_id, a.staff_id, a.hours, a.score, a.award, now])?;
    Ok(())
}

/// The raw insert of a session without its attendance or audit (the demo generator uses it).
pub(crate) fn insert_session_with_id(conn: &Connection, id: &str, v: &ValidSession, now: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO training_sessions (id, kind, title, level, organiser, start_on, end_on, hours, place, note,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
    )?
    .execute(params![
        id,
        v.kind,
        v.title,
        v.level.map(Level::label),
        v.organiser,
        v.start_on,
        v.end_on,
        v.hours,
        v.place,
        v.note,
        now
    ])?;
    Ok(())
}

/// Insert a validated session with its attendance in `tx`, and audit it.
pub(crate) fn insert(tx: &Tx<'_>, v: &ValidSession) -> Result<TrainingSession> {
    let id = uuid::Uuid::new_v4().to_string();
    let now = now_rfc3339();
    insert_session_with_id(tx, &id, v, &now)?;
    set_attendance(tx, &id, &v.attendees, &now)?;
    tx.audit("training_session", &id, "create", None::<&()>, Some(&audit_view(tx, &id)?))?;
    get(tx, &id)
}

/// Update a session and its attendance in `tx` if still at `revision`, and audit it. Saving what
/// is there writes nothing.
pub(crate) fn update(tx: &Tx<'_>, id: &str, revision: i64, v: &ValidSession) -> Result<TrainingSession> {
    let before = get(tx, id)?;
    LedgerError::check_revision("培训", before.revision, revision)?;
    let current: Vec<AttendeeInput> = attendance_of(tx, id)?
        .into_iter()
        .map(|a| AttendeeInput { staff_id: a.staff_id, hours: a.hours, score: a.score, award: a.award })
        .collect();
    let sorted = |mut v: Vec<AttendeeInput>| {
        v.sort_by(|a, b| a.staff_id.cmp(&b.staff_id));
        v
    };
    let same_fields = before.kind == v.kind
        && before.title == v.title
        && before.level == v.level
        && before.organiser == v.organiser
        && before.start_on == v.start_on
        && before.end_on == v.end_on
        && before.hours == v.hours
        && before.place == v.place
        && before.note == v.note;
    if same_fields && sorted(current) == sorted(v.attendees.clone()) {
        return Ok(before);
    }
    let before_view = audit_view(tx, id)?;
    let now = now_rfc3339();
    tx.execute(
        "UPDATE training_sessions SET kind = ?2, title = ?3, level = ?4, organiser = ?5, start_on = ?6, end_on = ?7,
             hours = ?8, place = ?9, note = ?10, updated_at = ?11, revision = revision + 1
         WHERE id = ?1",
        params![
            id,
            v.kind,
            v.title,
            v.level.map(Level::label),
            v.organiser,
            v.start_on,
            v.end_on,
            v.hours,
            v.place,
            v.note,
            now
        ],
    )?;
    set_attendance(tx, id, &v.attendees, &now)?;
    tx.audit("training_session", id, "update", Some(&before_view), Some(&audit_view(tx, id)?))?;
    get(tx, id)
}

impl TrainingSession {
    /// The editable fields of this session, with `attendance` as its attendee list.
    pub fn to_input(&self, attendance: &[Attendance]) -> TrainingInput {
        TrainingInput {
            kind: self.kind.clone(),
            title: self.title.clone(),
            level: self.level,
            organiser: self.organiser.clone(),
            start_on: self.start_on.clone(),
            end_on: Some(self.end_on.clone()),
            hours: self.hours,
            place: self.place.clone(),
            note: self.note.clone(),
            attendees: attendance
                .iter()
                .map(|a| AttendeeInput {
                    staff_id: a.staff_id.clone(),
                    hours: a.hours,
                    score: a.score,
                    award: a.award.clone(),
                })
                .collect(),
        }
    }
}

/// A person's sessions, latest first.
pub fn record_of(conn: &Connection, staff_id: &str) -> Result<Vec<PersonTraining>> {
    let mut st = conn.prepare_cached(
        "SELECT t.id, t.kind, t.title, t.level, t.start_on, t.end_on, COALESCE(a.hours, t.hours), a.score, a.award
         FROM training_attendance a JOIN training_sessions t ON t.id = a.session_id
         WHERE a.staff_id = ?1 AND a.deleted = 0 AND t.deleted = 0 ORDER BY t.start_on DESC",
    )?;
    let rows = st
        .query_map([staff_id], |r| {
            Ok(PersonTraining {
                session_id: r.get(0)?,
                kind: r.get(1)?,
                title: r.get(2)?,
                level: r.get(3)?,
                start_on: r.get(4)?,
                end_on: r.get(5)?,
                hours: r.get(6)?,
                score: r.get(7)?,
                award: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A person's hours per year (a session counts in the year it starts), newest year first.
pub fn hours_by_year(conn: &Connection, staff_id: &str) -> Result<Vec<YearHours>> {
    let mut st = conn.prepare_cached(
        "SELECT CAST(substr(t.start_on, 1, 4) AS INTEGER), COALESCE(sum(COALESCE(a.hours, t.hours)), 0), count(*)
         FROM training_attendance a JOIN training_sessions t ON t.id = a.session_id
         WHERE a.staff_id = ?1 AND a.deleted = 0 AND t.deleted = 0
         GROUP BY 1 ORDER BY 1 DESC",
    )?;
    let rows = st
        .query_map([staff_id], |r| Ok(YearHours { year: r.get(0)?, hours: r.get(1)?, sessions: r.get(2)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

impl Ledger {
    /// Record a session with its attendance.
    pub fn create_training(&mut self, input: &TrainingInput) -> Result<TrainingSession> {
        let v = validate(self.conn(), input)?;
        self.write(|tx| insert(tx, &v))
    }

    /// Replace a session's fields and attendance, still at `revision`.
    pub fn update_training(&mut self, id: &str, revision: i64, input: &TrainingInput) -> Result<TrainingSession> {
        let v = validate(self.conn(), input)?;
        self.write(|tx| update(tx, id, revision, &v))
    }

    /// Tombstone a session (its attendance goes with it).
    pub fn delete_training(&mut self, id: &str, revision: i64) -> Result<()> {
        self.write(|tx| {
            let before = get(tx, id)?;
            LedgerError::check_revision("培训", before.revision, revision)?;
            let view = audit_view(tx, id)?;
            let now = now_rfc3339();
            tx.execute(
                "UPDATE training_sessions SET deleted = 1, updated_at = ?2, revision = revision + 1 WHERE id = ?1",
                params![id, now],
            )?;
            tx.execute(
                "UPDATE training_attendance SET deleted = 1, updated_at = ?2, revision = revision + 1
                 WHERE session_id = ?1 AND deleted = 0",
                params![id, now],
            )?;
            tx.audit("training_session", id, "delete", Some(&view), None::<&()>)?;
            Ok(())
        })
    }

    /// The session `id` (or a unique prefix of at least 8 characters).
    pub fn training(&self, id: &str) -> Result<TrainingSession> {
        let s = id.trim();
        let found: Option<String> = self
            .conn()
            .query_row(
                "SELECT id FROM training_sessions WHERE deleted = 0 AND (id = ?1
                   OR (length(?1) >= 8 AND lower(substr(id, 1, length(?1))) = lower(?1))) LIMIT 1",
                [s],
                |r| r.get(0),
            )
            .optional()?;
        get(self.conn(), &found.ok_or_else(|| LedgerError::NotFound { entity: "培训", id: s.to_string() })?)
    }

    /// A session with its attendance and evidence.
    pub fn training_detail(&self, id: &str) -> Result<TrainingDetail> {
        let session = self.training(id)?;
        Ok(TrainingDetail {
            attendance: attendance_of(self.conn(), &session.id)?,
            evidence: self.evidence_of("training_session", &session.id)?,
            session,
        })
    }

    /// Sessions, latest first.
    pub fn list_training(&self, q: &TrainingQuery) -> Result<TrainingPage> {
        let search = q.search.as_deref().map(|s| search::fold(s.trim())).filter(|s| !s.is_empty());
        let kind = q.kind.as_deref().filter(|s| !s.is_empty());
        let filter = "WHERE t.deleted = 0 AND (?1 IS NULL OR substr(t.start_on, 1, 4) = printf('%04d', ?1))
            AND (?2 IS NULL OR t.kind = ?2)
            AND (?3 IS NULL OR instr(fold(t.title), ?3) > 0 OR instr(fold(t.organiser), ?3) > 0)";
        let total: i64 = self.conn().query_row(
            &format!("SELECT count(*) FROM training_sessions t {filter}"),
            params![q.year, kind, search],
            |r| r.get(0),
        )?;
        let limit = q.limit.map(i64::from).unwrap_or(-1);
        let sql = format!("{SELECT} {filter} ORDER BY t.start_on DESC, t.title LIMIT {limit} OFFSET {}", q.offset);
        let items = self
            .conn()
            .prepare_cached(&sql)?
            .query_map(params![q.year, kind, search], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(TrainingPage { total, items })
    }
}
