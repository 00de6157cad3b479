//! The training ledger in Excel (培训记录): one row per session, its attendees in one 参加人员
//! cell (`张三、李四、王磊（第一执法中队）`), import on [`import::run`] and export on
//! [`writer::write_xlsx`]. The cell readers are every ledger's ([`crate::store::excel::cells`]).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rusqlite::{params, OptionalExtension};

use super::model::{AttendeeInput, Level, TrainingInput, TrainingQuery, TrainingSession};
use super::sessions::{self, ValidSession};
use crate::error::Result;
use crate::people::{normalize_name, PersonFinder};
use crate::store::excel::cells::{
    choice_cell, col, column, date, date_cell, exported, number, number_cell, req, required_date, text, RowResult,
};
use crate::store::excel::import::{self, Outcome, PlanContext, SheetSpec};
use crate::store::excel::report::{ExportReport, ImportOptions, ImportReport};
use crate::store::excel::sheet::{Column, SheetRow};
use crate::store::excel::writer::{self, ExportColumn};
use crate::{Ledger, LedgerError};

/// The training sheet's columns.
pub const COLUMNS: &[Column] = &[
    col("id", "编号", &[]),
    req("title", "培训名称", &[]),
    req("kind", "培训类型", &["类型"]),
    col("level", "级别", &[]),
    col("organiser", "主办单位", &[]),
    req("start_on", "开始日期", &[]),
    col("end_on", "结束日期", &[]),
    col("hours", "学时", &[]),
    col("place", "地点", &[]),
    col("attendees", "参加人员", &[]),
];

fn c(key: &str) -> &'static Column {
    column(COLUMNS, key)
}

fn col_of_field(field: &str) -> &'static Column {
    c(match field {
        "培训类型" => "kind",
        "级别" => "level",
        "主办单位" => "organiser",
        "开始日期" => "start_on",
        "结束日期" => "end_on",
        "学时" => "hours",
        "地点" => "place",
        "参加人员" | "个人学时" | "成绩" | "获奖情况" => "attendees",
        _ => "title",
    })
}

/// The names in a 参加人员 cell, split at 、，, ; ； and line breaks.
pub fn split_attendees(cell: &str) -> Vec<String> {
    cell.split(['、', '，', ',', ';', '；', '\n', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

struct SessionPlan {
    existing: Option<(String, i64)>,
    session: ValidSession,
}

fn plan_row(
    ledger: &Ledger,
    finder: &PersonFinder,
    ctx: &mut PlanContext<'_>,
    row: &SheetRow,
    seen: &mut HashMap<String, u32>,
) -> RowResult<SessionPlan> {
    let title = row.text("title");
    if title.is_empty() {
        return Err(ctx.error(row, c("title"), "不能为空"));
    }
    let start_on = required_date(ctx, row, c("start_on"))?;
    // The session: by 编号, else by 培训名称 and 开始日期, else a new one.
    let by_id = match row.text("id") {
        id if id.is_empty() => None,
        id => sessions::get(ledger.conn(), &id).ok(),
    };
    let existing: Option<TrainingSession> = match by_id {
        Some(s) => Some(s),
        None => {
            let id: Option<String> = ledger
                .conn()
                .query_row(
                    "SELECT id FROM training_sessions WHERE title = ?1 AND start_on = ?2 AND deleted = 0",
                    params![title, start_on],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| ctx.error(row, c("title"), e.to_string()))?;
            id.and_then(|id| sessions::get(ledger.conn(), &id).ok())
        }
    };
    let key = format!("{title}/{start_on}");
    if let Some(first) = seen.get(&key) {
        return Err(ctx.error(
            row,
            c("title"),
            format!("与第 {first} 行是同一次培训（名称和开始日期相同），每次培训只能有一行"),
        ));
    }
    seen.insert(key, row.number);

    let current = match &existing {
        Some(s) => {
            sessions::attendance_of(ledger.conn(), &s.id).map_err(|e| ctx.error(row, c("title"), e.to_string()))?
        }
        None => Vec::new(),
    };
    let mut input: TrainingInput = existing.as_ref().map(|s| s.to_input(&current)).unwrap_or_default();
    input.title = title;
    input.kind = row.text("kind");
    input.start_on = start_on;
    if ctx.has(c("level")) {
        input.level = choice_cell(ctx, row, c("level"), Level::parse, Level::choices())?;
    }
    if ctx.has(c("organiser")) {
        input.organiser = row.text("organiser");
    }
    if ctx.has(c("end_on")) {
        input.end_on = date_cell(ctx, row, c("end_on"))?;
    }
    if ctx.has(c("hours")) {
        input.hours = number_cell(ctx, row, c("hours"))?;
    }
    if ctx.has(c("place")) {
        input.place = row.text("place");
    }
    // The 参加人员 list replaces the attendance; people who stay keep their own hours, score
    // and award.
    if ctx.has(c("attendees")) {
        let kept: HashMap<&str, &AttendeeInput> = input.attendees.iter().map(|a| (a.staff_id.as_str(), a)).collect();
        let mut attendees = Vec::new();
        let mut problems = Vec::new();
        let mut listed = HashSet::new();
        for written in split_attendees(&row.text("attendees")) {
            match finder.find_on_sheet(&written, &ctx.sheet.sheet) {
                Ok(id) if !listed.insert(id.clone()) => {
                    problems.push(format!("“{}”列了两次", normalize_name(&written)))
                }
                Ok(id) => attendees.push(match kept.get(id.as_str()) {
                    Some(a) => (*a).clone(),
                    None => AttendeeInput { staff_id: id, ..AttendeeInput::default() },
                }),
                Err(reason) => problems.push(reason),
            }
        }
        if !problems.is_empty() {
            return Err(ctx.error(row, c("attendees"), problems.join("；")));
        }
        input.attendees = attendees;
    }
    let session = sessions::validate(ledger.conn(), &input).map_err(|e| match e {
        LedgerError::Invalid { field, reason } => ctx.error(row, col_of_field(&field), reason),
        other => ctx.error(row, c("title"), other.to_string()),
    })?;
    Ok(SessionPlan { existing: existing.map(|s| (s.id, s.revision)), session })
}

/// A session as exported: with its attendees written as the import reads them.
struct Exported {
    session: TrainingSession,
    attendees: String,
}

fn export_columns() -> Vec<ExportColumn<Exported>> {
    vec![
        ExportColumn { header: "培训名称", width: 30.0, wrap: true, value: |e| text(&e.session.title) },
        ExportColumn { header: "培训类型", width: 14.0, wrap: false, value: |e| text(&e.session.kind) },
        ExportColumn {
            header: "级别",
            width: 6.0,
            wrap: false,
            value: |e| text(e.session.level.map_or("", Level::label)),
        },
        ExportColumn { header: "主办单位", width: 20.0, wrap: true, value: |e| text(&e.session.organiser) },
        ExportColumn { header: "开始日期", width: 16.0, wrap: false, value: |e| date(Some(&e.session.start_on)) },
        ExportColumn { header: "结束日期", width: 16.0, wrap: false, value: |e| date(Some(&e.session.end_on)) },
        ExportColumn { header: "学时", width: 6.0, wrap: false, value: |e| number(e.session.hours) },
        ExportColumn { header: "地点", width: 16.0, wrap: true, value: |e| text(&e.session.place) },
        ExportColumn { header: "参加人员", width: 40.0, wrap: true, value: |e| text(&e.attendees) },
        ExportColumn { header: "编号", width: 38.0, wrap: false, value: |e| text(&e.session.id) },
    ]
}

impl Ledger {
    /// Import a training sheet (培训记录). A row updates the session its 编号 names, else the
    /// one of the same 培训名称 and 开始日期, else adds one; when the sheet has 参加人员, the
    /// session's attendance becomes that list.
    pub fn import_training(&mut self, path: &Path, options: &ImportOptions) -> Result<ImportReport> {
        let spec = SheetSpec { ledger: "training", columns: COLUMNS, yearly: false };
        let finder = PersonFinder::new(self.conn())?;
        let mut seen = HashMap::new();
        import::run(
            self,
            path,
            &spec,
            options,
            |ledger, ctx, row| plan_row(ledger, &finder, ctx, row, &mut seen),
            |tx, p: &SessionPlan, _| match &p.existing {
                Some((id, rev)) => {
                    let after = sessions::update(tx, id, *rev, &p.session)?;
                    Ok(if after.revision == *rev { Outcome::Unchanged } else { Outcome::Updated })
                }
                None => {
                    sessions::insert(tx, &p.session)?;
                    Ok(Outcome::Inserted)
                }
            },
        )
    }

    /// Export the sessions `query` selects (every page), with their attendees; a name two people
    /// share is written with the unit, `王磊（第一执法中队）`, as the import reads it.
    pub fn export_training(&self, path: &Path, query: &TrainingQuery) -> Result<ExportReport> {
        let q = TrainingQuery { offset: 0, limit: None, ..query.clone() };
        let shared: HashSet<String> = {
            let mut st =
                self.conn().prepare("SELECT name FROM staff WHERE deleted = 0 GROUP BY name HAVING count(*) > 1")?;
            let names = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            names
        };
        let mut rows = Vec::new();
        for session in self.list_training(&q)?.items {
            let names: Vec<String> = sessions::attendance_of(self.conn(), &session.id)?
                .into_iter()
                .map(|a| {
                    if shared.contains(&a.staff_name) {
                        format!("{}（{}）", a.staff_name, a.unit_name)
                    } else {
                        a.staff_name
                    }
                })
                .collect();
            rows.push(Exported { session, attendees: names.join("、") });
        }
        Ok(exported(path, writer::write_xlsx(path, "培训记录", &export_columns(), &rows)?))
    }
}
