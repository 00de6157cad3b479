//! The key-task ledger in Excel: its columns, row validation, import and export.

use std::path::Path;

use crate::error::{LedgerError, Result};
use crate::store::dates;
use crate::store::excel::cells::{self, col, exported, req, text};
use crate::store::excel::import::{self, Outcome, SheetSpec};
use crate::store::excel::report::{ExportReport, ImportOptions, ImportReport, RowError};
use crate::store::excel::sheet::{Cell, Column, SheetData, SheetRow};
use crate::store::excel::units::{UnitRef, UnitResolver, UNKNOWN_UNIT_REASON};
use crate::store::excel::writer::{self, ExportColumn, Value};
use crate::tasks::query as task_query;
use crate::tasks::write::{self as task, split_units, ValidTask};
use crate::tasks::{Task, TaskInput, TaskQuery, TaskStatus};
use crate::Ledger;

/// The columns of the key-task sheet. Only 具体任务 is required; 项目 and 主要任务 fill down over
/// merged cells, as in the annex of seeds/000.
pub const COLUMNS: &[Column] = &[
    col("id", "编号", &["任务编号", "ID"]),
    col("year", "年度", &["年份"]),
    col("seq", "序号", &["编码"]),
    Column {
        fill_down: true, section: true, ..col("category", "项目", &["类别", "任务类别", "攻坚项目", "重点任务"])
    },
    Column { fill_down: true, ..col("main_task", "主要任务", &["任务"]) },
    req("detail", "具体任务", &["任务内容", "具体任务内容", "工作任务", "具体措施"]),
    col("lead", "牵头单位", &["牵头部门", "牵头科室"]),
    col("responsible", "责任单位", &["责任部门", "配合单位"]),
    col("deadline", "完成时限", &["完成时间", "时限", "时限要求", "完成期限"]),
    col("due", "截止日期", &["到期日期"]),
    col("status", "状态", &["完成状态", "进展状态", "完成情况"]),
    col("unit", "承办单位", &["所属单位", "承办科室"]),
];

fn column(key: &str) -> &'static Column {
    cells::column(COLUMNS, key)
}

/// Map a validation error's field (the Chinese field name) back to the sheet's column key.
fn key_of_field(field: &str) -> &'static str {
    match field {
        "年度" => "year",
        "序号" => "seq",
        "项目" => "category",
        "主要任务" => "main_task",
        "牵头单位" => "lead",
        "责任单位" => "responsible",
        "完成时限" => "deadline",
        "状态" => "status",
        "承办单位" => "unit",
        _ => "detail",
    }
}

struct RowPlan {
    existing: Option<(String, i64)>,
    /// The unit of 承办单位; `None`: the branch (or the existing task's unit).
    unit: Option<UnitRef>,
    task: ValidTask,
}

fn row_error(sheet: &SheetData, row: &SheetRow, key: &str, reason: impl Into<String>) -> RowError {
    RowError { row: row.number, column: sheet.header_of(column(key)), value: row.text(key), reason: reason.into() }
}

/// Validate one row into a plan, or say what is wrong with it.
fn plan_row(
    ledger: &Ledger,
    sheet: &SheetData,
    row: &SheetRow,
    default_year: i32,
    units: &mut UnitResolver,
) -> std::result::Result<RowPlan, RowError> {
    // A row with a 编号 comes from an exported sheet, which writes every cell out: a blank cell
    // there means blank, not "same as above" (a task without 项目 must stay without one).
    let own;
    let row = if !row.get("id").is_empty() && !row.filled.is_empty() {
        let mut r = row.clone();
        for key in std::mem::take(&mut r.filled) {
            r.cells.insert(key, Cell::Empty);
        }
        own = r;
        &own
    } else {
        row
    };
    // The task a 编号 names. Columns the sheet does not have keep that task's values, so a sheet
    // of only 编号, 具体任务 and 状态 updates statuses without wiping units, deadlines or the year.
    let existing = match row.get("id") {
        c if c.is_empty() => None,
        c => ledger.task(&c.text()).ok(),
    };
    let kept = |key: &str| existing.as_ref().filter(|_| !sheet.headers.contains_key(key));
    let year = match row.get("year") {
        c if c.is_empty() => existing.as_ref().map_or(default_year, |t| t.year),
        c => match c.text().trim_end_matches('年').parse::<i32>() {
            Ok(y) => y,
            Err(_) => return Err(row_error(sheet, row, "year", "应为四位年份，如 2024")),
        },
    };
    let seq = match row.get("seq") {
        c if c.is_empty() => None,
        c => match c.text().trim_end_matches('.').parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => return Err(row_error(sheet, row, "seq", "应为正整数")),
        },
    };
    let status = match row.get("status") {
        c if c.is_empty() => None,
        c => match TaskStatus::parse(&c.text()) {
            Some(s) => Some(s),
            None => return Err(row_error(sheet, row, "status", "应为“未开始”“进行中”或“已完成”")),
        },
    };
    let unit = match (kept("unit"), row.get("unit")) {
        (Some(t), _) => Some(UnitRef::Existing(t.unit_id.clone())),
        (None, c) if c.is_empty() => None,
        (None, c) => match units.resolve(&c.text(), &sheet.header_of(column("unit")), row.number) {
            Some(u) => Some(u),
            None => return Err(row_error(sheet, row, "unit", UNKNOWN_UNIT_REASON)),
        },
    };
    let mut deadline_text = row.text("deadline");
    if let (Some(t), Some(_)) = (kept("deadline"), kept("due")) {
        deadline_text = t.deadline_text.clone();
    } else if deadline_text.is_empty() {
        match row.get("due") {
            c if c.is_empty() => {}
            c => match c.date() {
                Some(d) => deadline_text = dates::iso(d),
                None => return Err(row_error(sheet, row, "due", cells::DATE_REASON)),
            },
        }
    }
    let input = TaskInput {
        year,
        seq,
        unit_id: None,
        category: kept("category").map_or_else(|| row.text("category"), |t| t.category.clone()),
        main_task: kept("main_task").map_or_else(|| row.text("main_task"), |t| t.main_task.clone()),
        detail: row.text("detail"),
        lead_units: kept("lead").map_or_else(|| split_units(&row.text("lead")), |t| t.lead_units.clone()),
        responsible_units: kept("responsible")
            .map_or_else(|| split_units(&row.text("responsible")), |t| t.responsible_units.clone()),
        deadline_text,
        status,
    };
    let valid = task::validate(&input).map_err(|e| match e {
        LedgerError::Invalid { field, reason } => row_error(sheet, row, key_of_field(&field), reason),
        other => row_error(sheet, row, "detail", other.to_string()),
    })?;
    let existing = existing.map(|t| (t.id, t.revision));
    Ok(RowPlan { existing, unit, task: valid })
}

impl Ledger {
    /// Import the key-task sheet at `path` (see [`import::run`] for the procedure). Rows without
    /// a 年度 cell go to the year the clerk chose, else the year the sheet's title names, else
    /// `options.fallback_year`. A row whose 编号 names an existing task updates it (columns the
    /// sheet lacks keep their values).
    pub fn import_tasks(&mut self, path: &Path, options: &ImportOptions) -> Result<ImportReport> {
        let spec = SheetSpec { ledger: "tasks", columns: COLUMNS, yearly: true };
        import::run(
            self,
            path,
            &spec,
            options,
            |ledger, ctx, row| plan_row(ledger, ctx.sheet, row, ctx.year, ctx.units),
            |tx, p: &RowPlan, units| {
                let mut t = p.task.clone();
                if let Some(u) = &p.unit {
                    t.unit_id = Some(units.id(u)?);
                }
                match &p.existing {
                    Some((id, rev)) => {
                        let after = task::update(tx, id, *rev, &t)?;
                        Ok(if after.revision == *rev { Outcome::Unchanged } else { Outcome::Updated })
                    }
                    None => {
                        task::insert(tx, &t)?;
                        Ok(Outcome::Inserted)
                    }
                }
            },
        )
    }

    /// Export the tasks `query` selects (every page) to an .xlsx file at `path`.
    pub fn export_tasks(&self, path: &Path, query: &TaskQuery) -> Result<ExportReport> {
        let q = TaskQuery { offset: 0, limit: None, ..query.clone() };
        let tasks = task_query::list(self.conn(), &q)?.items;
        Ok(exported(path, writer::write_xlsx(path, "重点任务分工台账", &export_columns(), &tasks)?))
    }
}

fn join(units: &[String]) -> Value {
    Value::Text(if units.is_empty() { "/".to_string() } else { units.join("、") })
}

/// The exported sheet's columns. Its headers are the import's, so an export can be edited in
/// Excel and imported back (the 编号 column makes that an update).
pub fn export_columns() -> Vec<ExportColumn<Task>> {
    vec![
        ExportColumn { header: "序号", width: 6.0, wrap: false, value: |t| Value::Number(t.seq as f64) },
        ExportColumn { header: "项目", width: 22.0, wrap: true, value: |t| text(&t.category) },
        ExportColumn { header: "主要任务", width: 20.0, wrap: true, value: |t| text(&t.main_task) },
        ExportColumn { header: "具体任务", width: 60.0, wrap: true, value: |t| text(&t.detail) },
        ExportColumn { header: "牵头单位", width: 16.0, wrap: true, value: |t| join(&t.lead_units) },
        ExportColumn { header: "责任单位", width: 20.0, wrap: true, value: |t| join(&t.responsible_units) },
        ExportColumn { header: "完成时限", width: 12.0, wrap: false, value: |t| text(&t.deadline_text) },
        ExportColumn { header: "截止日期", width: 16.0, wrap: false, value: |t| Value::Date(t.due()) },
        ExportColumn { header: "状态", width: 9.0, wrap: false, value: |t| text(t.status.label()) },
        ExportColumn { header: "承办单位", width: 18.0, wrap: true, value: |t| text(&t.unit_name) },
        ExportColumn { header: "年度", width: 7.0, wrap: false, value: |t| Value::Number(t.year as f64) },
        ExportColumn { header: "编号", width: 38.0, wrap: false, value: |t| text(&t.id) },
    ]
}
