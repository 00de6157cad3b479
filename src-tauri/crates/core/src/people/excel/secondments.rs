//! The secondments sheet (借调情况): a row adds or updates a secondment.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, OptionalExtension};

use super::person_cell;
use crate::error::Result;
use crate::people::model::{Secondment, SecondmentInput};
use crate::people::secondments::{self, SecondmentQuery};
use crate::people::staff::PersonFinder;
use crate::store::excel::cells::{
    bool_cell, col, column, date, date_cell, exported, first_time, outcome, req, required_date, row_invalid, text, yes,
    yes_no, RowResult,
};
use crate::store::excel::import::{self, Outcome, PlanContext, SheetSpec};
use crate::store::excel::report::{ExportReport, ImportOptions, ImportReport};
use crate::store::excel::sheet::{Cell, Column, SheetRow};
use crate::store::excel::writer::{self, ExportColumn};
use crate::Ledger;

/// The secondments sheet's columns.
pub const SECONDMENT_COLUMNS: &[Column] = &[
    col("id", "编号", &[]),
    req("name", "姓名", &[]),
    col("unit", "所在单位", &["单位", "所属单位"]),
    req("destination", "借调单位", &[]),
    col("enforcement_post", "是否执法岗位", &[]),
    req("start_on", "开始日期", &[]),
    col("end_on", "结束日期", &[]),
    col("approval", "市局同意", &[]),
];

fn secondment_col(key: &str) -> &'static Column {
    column(SECONDMENT_COLUMNS, key)
}

fn secondment_col_of_field(field: &str) -> &'static Column {
    secondment_col(match field {
        "借调单位" => "destination",
        "开始日期" => "start_on",
        "结束日期" => "end_on",
        "市局同意文号" => "approval",
        _ => "name",
    })
}

/// 市局同意 as sheets write it: 是/否 (√/×, Y/N), or the approval's 文号 itself, which means
/// approved. Blank reads as 否. Returns (approved, 文号).
fn approval_cell(ctx: &PlanContext<'_>, row: &SheetRow, col: &Column) -> RowResult<(bool, String)> {
    let cell = row.get(col.key);
    if let Cell::Bool(b) = cell {
        return Ok((*b, String::new()));
    }
    let t = cell.text();
    if t.is_empty() {
        return Ok((false, String::new()));
    }
    if let Some(b) = yes_no(&t) {
        return Ok((b, String::new()));
    }
    // A 文号: 滕环字〔2024〕5号, 环办〔2024〕12号 …
    if t.contains('号') || t.contains('〔') || t.contains('[') || t.chars().any(|c| c.is_ascii_digit()) {
        return Ok((true, t));
    }
    Err(ctx.error(row, col, "应为“是”“否”，或市局同意的文号（如 滕环字〔2024〕5号）"))
}

struct SecondmentPlan {
    existing: Option<(String, i64)>,
    secondment: secondments::ValidSecondment,
}

fn plan_secondment(
    ledger: &Ledger,
    finder: &PersonFinder,
    ctx: &mut PlanContext<'_>,
    row: &SheetRow,
    seen: &mut HashMap<String, u32>,
) -> RowResult<SecondmentPlan> {
    let c = secondment_col;
    let staff_id = person_cell(finder, ctx, row, c("name"), c("unit"))?;
    let destination = row.text("destination");
    if destination.is_empty() {
        return Err(ctx.error(row, c("destination"), "不能为空"));
    }
    let start_on = required_date(ctx, row, c("start_on"))?;
    // The secondment: by 编号, else by person, destination and start, else a new one.
    let by_id = match row.text("id") {
        id if id.is_empty() => None,
        id => secondments::get(ledger.conn(), &id).ok(),
    };
    let existing = match by_id {
        Some(x) => Some(x),
        None => {
            let id: Option<String> = ledger
                .conn()
                .query_row(
                    "SELECT id FROM secondments WHERE staff_id = ?1 AND destination = ?2 AND start_on = ?3
                     AND deleted = 0",
                    params![staff_id, destination, start_on],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| ctx.error(row, c("name"), e.to_string()))?;
            id.and_then(|id| secondments::get(ledger.conn(), &id).ok())
        }
    };
    let key = format!("{staff_id}/{destination}/{start_on}");
    first_time(seen, key, ctx, row, c("name"), "次借调")?;
    let mut input: SecondmentInput = existing.as_ref().map(Secondment::to_input).unwrap_or_default();
    input.staff_id = staff_id;
    input.destination = destination;
    input.start_on = start_on;
    if ctx.has(c("enforcement_post")) {
        input.enforcement_post = bool_cell(ctx, row, c("enforcement_post"))?;
    }
    if ctx.has(c("end_on")) {
        input.end_on = date_cell(ctx, row, c("end_on"))?;
    }
    if ctx.has(c("approval")) {
        (input.approved, input.approval_doc) = approval_cell(ctx, row, c("approval"))?;
    }
    let secondment = secondments::validate(&input).map_err(|e| row_invalid(ctx, row, e, secondment_col_of_field))?;
    Ok(SecondmentPlan { existing: existing.map(|x| (x.id, x.revision)), secondment })
}

fn secondment_export_columns() -> Vec<ExportColumn<Secondment>> {
    vec![
        ExportColumn { header: "姓名", width: 10.0, wrap: false, value: |x| text(&x.staff_name) },
        ExportColumn { header: "所在单位", width: 20.0, wrap: true, value: |x| text(&x.unit_name) },
        ExportColumn { header: "借调单位", width: 24.0, wrap: true, value: |x| text(&x.destination) },
        ExportColumn { header: "是否执法岗位", width: 12.0, wrap: false, value: |x| yes(x.enforcement_post) },
        ExportColumn { header: "开始日期", width: 16.0, wrap: false, value: |x| date(Some(&x.start_on)) },
        ExportColumn { header: "结束日期", width: 16.0, wrap: false, value: |x| date(x.end_on.as_deref()) },
        // The 文号 where there is one (it means approved), else 是/否.
        ExportColumn {
            header: "市局同意",
            width: 22.0,
            wrap: false,
            value: |x| if x.approval_doc.is_empty() { yes(x.approved) } else { text(&x.approval_doc) },
        },
        ExportColumn { header: "编号", width: 38.0, wrap: false, value: |x| text(&x.id) },
    ]
}

impl Ledger {
    /// Import a secondments sheet (借调情况). A row updates the secondment its 编号 names, else
    /// the one of the same person, 借调单位 and 开始日期, else adds one.
    pub fn import_secondments(&mut self, path: &Path, options: &ImportOptions) -> Result<ImportReport> {
        let spec = SheetSpec { ledger: "secondments", columns: SECONDMENT_COLUMNS, yearly: false };
        let finder = PersonFinder::new(self.conn())?;
        let mut seen = HashMap::new();
        import::run(
            self,
            path,
            &spec,
            options,
            |ledger, ctx, row| plan_secondment(ledger, &finder, ctx, row, &mut seen),
            |tx, p: &SecondmentPlan, _| match &p.existing {
                Some((id, rev)) => Ok(outcome(*rev, secondments::update(tx, id, *rev, &p.secondment)?.revision)),
                None => {
                    secondments::insert(tx, &p.secondment)?;
                    Ok(Outcome::Inserted)
                }
            },
        )
    }

    /// Export the secondments `query` selects, latest first.
    pub fn export_secondments(&self, path: &Path, query: &SecondmentQuery) -> Result<ExportReport> {
        let rows = self.list_secondments(query)?;
        Ok(exported(path, writer::write_xlsx(path, "借调情况", &secondment_export_columns(), &rows)?))
    }
}
