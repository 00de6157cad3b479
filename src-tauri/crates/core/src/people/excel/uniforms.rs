//! The uniform issues sheet (服装发放): a row adds or updates an item issued to a person.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, OptionalExtension};

use super::person_cell;
use crate::error::Result;
use crate::people::model::{UniformIssue, UniformIssueInput};
use crate::people::staff::PersonFinder;
use crate::people::uniforms;
use crate::store::excel::cells::{
    col, column, date, exported, first_time, number_cell, outcome, req, required_date, row_invalid, text, RowResult,
};
use crate::store::excel::import::{self, Outcome, PlanContext, SheetSpec};
use crate::store::excel::report::{ExportReport, ImportOptions, ImportReport};
use crate::store::excel::sheet::{Column, SheetRow};
use crate::store::excel::writer::{self, ExportColumn, Value};
use crate::Ledger;

/// The uniform issues sheet's columns: one row per item issued to a person on a date. 姓名 fills
/// down over merged cells (one person's items under one name).
pub const UNIFORM_COLUMNS: &[Column] = &[
    col("id", "编号", &[]),
    Column { fill_down: true, ..req("name", "姓名", &["领用人"]) },
    Column { fill_down: true, ..col("unit", "所在单位", &["单位", "所属单位"]) },
    req("item", "品名", &["服装名称", "物品名称"]),
    col("quantity", "数量", &[]),
    req("issued_on", "发放日期", &["领用日期"]),
];

fn uniform_col(key: &str) -> &'static Column {
    column(UNIFORM_COLUMNS, key)
}

struct IssuePlan {
    existing: Option<(String, i64)>,
    issue: uniforms::ValidIssue,
}

fn plan_issue(
    ledger: &Ledger,
    finder: &PersonFinder,
    ctx: &mut PlanContext<'_>,
    row: &SheetRow,
    seen: &mut HashMap<String, u32>,
) -> RowResult<IssuePlan> {
    let c = uniform_col;
    let staff_id = person_cell(finder, ctx, row, c("name"), c("unit"))?;
    let item = row.text("item");
    if item.is_empty() {
        return Err(ctx.error(row, c("item"), "不能为空"));
    }
    let issued_on = required_date(ctx, row, c("issued_on"))?;
    // The issue: by 编号, else by person, item and date, else a new one.
    let by_id = match row.text("id") {
        id if id.is_empty() => None,
        id => uniforms::issue(ledger.conn(), &id).ok(),
    };
    let existing: Option<UniformIssue> = match by_id {
        Some(x) => Some(x),
        None => {
            let id: Option<String> = ledger
                .conn()
                .query_row(
                    "SELECT id FROM uniform_issues WHERE staff_id = ?1 AND item = ?2 AND issued_on = ?3 AND deleted = 0",
                    params![staff_id, item, issued_on],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| ctx.error(row, c("name"), e.to_string()))?;
            id.and_then(|id| uniforms::issue(ledger.conn(), &id).ok())
        }
    };
    first_time(seen, format!("{staff_id}/{item}/{issued_on}"), ctx, row, c("item"), "次发放")?;
    let quantity = match (ctx.has(c("quantity")), &existing) {
        (false, Some(x)) => x.quantity,
        _ => match number_cell(ctx, row, c("quantity"))? {
            None => 1,
            Some(q) if q.fract() == 0.0 => q as i64,
            Some(_) => return Err(ctx.error(row, c("quantity"), "应为整数")),
        },
    };
    let input = UniformIssueInput {
        staff_id,
        item,
        quantity,
        issued_on,
        note: existing.as_ref().map(|x| x.note.clone()).unwrap_or_default(),
    };
    let issue = uniforms::validate_issue(&input).map_err(|e| {
        row_invalid(ctx, row, e, |field| match field {
            "数量" => c("quantity"),
            "品名" => c("item"),
            "发放日期" => c("issued_on"),
            _ => c("name"),
        })
    })?;
    Ok(IssuePlan { existing: existing.map(|x| (x.id, x.revision)), issue })
}

fn uniform_export_columns() -> Vec<ExportColumn<UniformIssue>> {
    vec![
        ExportColumn { header: "姓名", width: 10.0, wrap: false, value: |i| text(&i.staff_name) },
        ExportColumn { header: "所在单位", width: 20.0, wrap: true, value: |i| text(&i.unit_name) },
        ExportColumn { header: "品名", width: 18.0, wrap: false, value: |i| text(&i.item) },
        ExportColumn { header: "数量", width: 6.0, wrap: false, value: |i| Value::Number(i.quantity as f64) },
        ExportColumn { header: "发放日期", width: 16.0, wrap: false, value: |i| date(Some(&i.issued_on)) },
        ExportColumn { header: "编号", width: 38.0, wrap: false, value: |i| text(&i.id) },
    ]
}

impl Ledger {
    /// Import a uniform issues sheet (服装发放). A row updates the issue its 编号 names, else the
    /// one of the same person, 品名 and 发放日期, else adds one.
    pub fn import_uniform_issues(&mut self, path: &Path, options: &ImportOptions) -> Result<ImportReport> {
        let spec = SheetSpec { ledger: "uniforms", columns: UNIFORM_COLUMNS, yearly: false };
        let finder = PersonFinder::new(self.conn())?;
        let mut seen = HashMap::new();
        import::run(
            self,
            path,
            &spec,
            options,
            |ledger, ctx, row| plan_issue(ledger, &finder, ctx, row, &mut seen),
            |tx, p: &IssuePlan, _| match &p.existing {
                Some((id, rev)) => Ok(outcome(*rev, uniforms::update_issue(tx, id, *rev, &p.issue)?.revision)),
                None => {
                    uniforms::insert_issue(tx, &p.issue)?;
                    Ok(Outcome::Inserted)
                }
            },
        )
    }

    /// Export every uniform issue, latest first.
    pub fn export_uniform_issues(&self, path: &Path) -> Result<ExportReport> {
        let rows = self.list_uniform_issues(None)?;
        Ok(exported(path, writer::write_xlsx(path, "服装发放", &uniform_export_columns(), &rows)?))
    }
}
