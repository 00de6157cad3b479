//! The maintenance sheet (维护保养记录): 维护保养, 维修, 校准检定 and 检查.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, OptionalExtension};

use super::event_rows::{event_by_id, event_checks, short_cell, write_event, EventFields, EventPlan};
use super::{db_error, row_item};
use crate::equipment::events;
use crate::equipment::model::{EquipmentEvent, EventKind};
use crate::error::Result;
use crate::store::excel::cells::{
    choice_cell, col, column, date, exported, first_time, number, number_cell, req, required_date, text, RowResult,
};
use crate::store::excel::import::{self, PlanContext, SheetSpec};
use crate::store::excel::report::{ExportReport, ImportOptions, ImportReport};
use crate::store::excel::sheet::{Column, SheetRow};
use crate::store::excel::writer::{self, ExportColumn};
use crate::Ledger;

/// The maintenance sheet's columns.
pub const MAINTENANCE_COLUMNS: &[Column] = &[
    col("id", "编号", &[]),
    req("asset_no", "资产编号", &[]),
    col("item_name", "装备名称", &[]),
    req("event_on", "日期", &[]),
    req("kind", "类型", &[]),
    col("vendor", "单位", &["维修单位", "检定单位"]),
    col("cost", "费用", &[]),
    col("result", "结果", &[]),
    col("note", "备注", &[]),
];

fn maintenance_col(key: &str) -> &'static Column {
    column(MAINTENANCE_COLUMNS, key)
}

const MAINTENANCE_KINDS: [EventKind; 4] =
    [EventKind::Maintenance, EventKind::Repair, EventKind::Calibration, EventKind::Inspection];

fn plan_maintenance(
    ledger: &Ledger,
    ctx: &mut PlanContext<'_>,
    row: &SheetRow,
    seen: &mut HashMap<String, u32>,
) -> RowResult<EventPlan> {
    let c = maintenance_col;
    let item = row_item(ledger, ctx, row, c("asset_no"))?;
    let event_on = required_date(ctx, row, c("event_on"))?;
    let kind = choice_cell(ctx, row, c("kind"), EventKind::parse, "维护保养、维修、校准检定、检查".into())?
        .ok_or_else(|| ctx.error(row, c("kind"), "不能为空"))?;
    if !MAINTENANCE_KINDS.contains(&kind) {
        return Err(ctx.error(row, c("kind"), "应为 维护保养、维修、校准检定、检查 之一"));
    }
    let existing = match event_by_id(ledger, ctx, row, c("id"), &item, &MAINTENANCE_KINDS)? {
        Some(e) => Some(e),
        None => {
            let id: Option<String> = ledger
                .conn()
                .query_row(
                    "SELECT id FROM equipment_events WHERE item_id = ?1 AND kind = ?2 AND event_on = ?3
                       AND deleted = 0 ORDER BY pk LIMIT 1",
                    params![item.id, kind.label(), event_on],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| db_error(ctx, row, c("asset_no"), e))?;
            id.and_then(|id| events::get(ledger.conn(), &id).ok())
        }
    };
    let key = existing.as_ref().map_or_else(|| format!("{}/{}/{event_on}", item.id, kind.label()), |e| e.id.clone());
    first_time(seen, key, ctx, row, c("event_on"), "次记录")?;
    let mut f = existing.as_ref().map(EventFields::of).unwrap_or_else(|| EventFields::blank(kind, event_on.clone()));
    f.kind = kind;
    f.event_on = event_on;
    if ctx.has(c("vendor")) {
        f.vendor = short_cell(ctx, row, c("vendor"), 100)?;
    }
    if ctx.has(c("cost")) {
        f.cost = number_cell(ctx, row, c("cost"))?;
        if f.cost.is_some_and(|c| !(0.0..=1e9).contains(&c)) {
            return Err(ctx.error(row, c("cost"), "应为不小于 0 的金额（元）"));
        }
    }
    if ctx.has(c("result")) {
        f.result = short_cell(ctx, row, c("result"), 200)?;
    }
    if ctx.has(c("note")) {
        f.note = short_cell(ctx, row, c("note"), 500)?;
    }
    if !existing.as_ref().is_some_and(|e| EventFields::of(e) == f) {
        event_checks(ctx, row, &item, &f, c("event_on"), c("asset_no"))?;
    }
    Ok(EventPlan { item, existing, fields: f })
}

fn maintenance_export_columns() -> Vec<ExportColumn<EquipmentEvent>> {
    vec![
        ExportColumn { header: "资产编号", width: 16.0, wrap: false, value: |e| text(&e.asset_no) },
        ExportColumn { header: "装备名称", width: 20.0, wrap: true, value: |e| text(&e.item_name) },
        ExportColumn { header: "日期", width: 16.0, wrap: false, value: |e| date(Some(&e.event_on)) },
        ExportColumn { header: "类型", width: 10.0, wrap: false, value: |e| text(e.kind.label()) },
        ExportColumn { header: "单位", width: 20.0, wrap: true, value: |e| text(&e.vendor) },
        ExportColumn { header: "费用", width: 10.0, wrap: false, value: |e| number(e.cost) },
        ExportColumn { header: "结果", width: 20.0, wrap: true, value: |e| text(&e.result) },
        ExportColumn { header: "备注", width: 24.0, wrap: true, value: |e| text(&e.note) },
        ExportColumn { header: "编号", width: 38.0, wrap: false, value: |e| text(&e.id) },
    ]
}

impl Ledger {
    /// Import a maintenance sheet (维护保养记录): 维护保养, 维修, 校准检定 and 检查.
    pub fn import_equipment_maintenance(&mut self, path: &Path, options: &ImportOptions) -> Result<ImportReport> {
        let spec = SheetSpec { ledger: "equipment_maintenance", columns: MAINTENANCE_COLUMNS, yearly: false };
        let mut seen = HashMap::new();
        import::run(
            self,
            path,
            &spec,
            options,
            |ledger, ctx, row| plan_maintenance(ledger, ctx, row, &mut seen),
            |tx, p: &EventPlan, _| write_event(tx, p),
        )
    }

    /// Export every maintenance, repair, calibration and inspection (维护保养记录), latest first.
    pub fn export_equipment_maintenance(&self, path: &Path) -> Result<ExportReport> {
        let rows = self.list_equipment_events(&MAINTENANCE_KINDS)?;
        Ok(exported(path, writer::write_xlsx(path, "维护保养记录", &maintenance_export_columns(), &rows)?))
    }
}
