//! The usage sheet (使用台账): each row a checkout, closed when it has a 归还日期.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use super::event_rows::{event_by_id, event_checks, short_cell, write_event, EventFields, EventPlan};
use super::{db_error, item_by_asset, row_item, written, written_names};
use crate::equipment::events;
use crate::equipment::model::{EquipmentEvent, EventKind};
use crate::error::Result;
use crate::people::PersonFinder;
use crate::store::excel::cells::{
    col, column, date, date_cell, exported, first_time, req, required_date, text, RowResult,
};
use crate::store::excel::import::{self, PlanContext, SheetSpec};
use crate::store::excel::report::{ExportReport, ImportOptions, ImportReport};
use crate::store::excel::sheet::{Column, SheetRow};
use crate::store::excel::writer::{self, ExportColumn};
use crate::Ledger;

/// The usage sheet's columns. 装备名称 is written by the export for reading; the import goes by
/// 资产编号.
pub const USAGE_COLUMNS: &[Column] = &[
    col("id", "编号", &[]),
    req("asset_no", "资产编号", &[]),
    col("item_name", "装备名称", &[]),
    req("person", "领用人", &[]),
    req("event_on", "领用日期", &[]),
    col("purpose", "用途", &[]),
    col("expected_return_on", "预计归还日期", &[]),
    col("returned_on", "归还日期", &[]),
    col("note", "备注", &[]),
];

fn usage_col(key: &str) -> &'static Column {
    column(USAGE_COLUMNS, key)
}

/// The existing checkout a usage row names: by 编号, else by (item, 领用日期, 领用人). Errors
/// are left to the row's plan; this only finds.
fn usage_match(ledger: &Ledger, finder: &PersonFinder, ctx: &PlanContext<'_>, row: &SheetRow) -> Option<String> {
    let c = usage_col;
    let item = item_by_asset(ledger.conn(), &row.text("asset_no")).ok()??;
    if let Ok(Some(e)) = event_by_id(ledger, ctx, row, c("id"), &item, &[EventKind::Checkout]) {
        return Some(e.id);
    }
    let person = finder.find_on_sheet(&row.text("person"), &ctx.sheet.sheet).ok()?;
    let on = date_cell(ctx, row, c("event_on")).ok()??;
    checkout_by_key(ledger.conn(), &item.id, &on, &person).ok()?
}

fn checkout_by_key(conn: &Connection, item_id: &str, on: &str, person_id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT id FROM equipment_events WHERE item_id = ?1 AND kind = '领用' AND event_on = ?2
               AND person_id = ?3 AND deleted = 0 ORDER BY pk LIMIT 1",
            params![item_id, on, person_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// What the usage rows know of each other.
#[derive(Default)]
struct UsageState {
    seen: HashMap<String, u32>,
    /// Existing checkouts some row of the sheet closes (a 归还日期), found before the first plan.
    closed_by_sheet: Option<HashSet<String>>,
    /// Items with an open checkout planned, and the row.
    open_rows: HashMap<String, u32>,
}

fn plan_usage(
    ledger: &Ledger,
    finder: &PersonFinder,
    ctx: &mut PlanContext<'_>,
    row: &SheetRow,
    state: &mut UsageState,
) -> RowResult<EventPlan> {
    let c = usage_col;
    if state.closed_by_sheet.is_none() {
        let closed = ctx
            .sheet
            .rows
            .iter()
            .filter(|r| !r.get("returned_on").is_empty())
            .filter_map(|r| usage_match(ledger, finder, ctx, r))
            .collect();
        state.closed_by_sheet = Some(closed);
    }
    let item = row_item(ledger, ctx, row, c("asset_no"))?;
    let written = row.text("person");
    if written.is_empty() {
        return Err(ctx.error(row, c("person"), "不能为空"));
    }
    let person =
        finder.find_on_sheet(&written, &ctx.sheet.sheet).map_err(|reason| ctx.error(row, c("person"), reason))?;
    let event_on = required_date(ctx, row, c("event_on"))?;
    let existing = match event_by_id(ledger, ctx, row, c("id"), &item, &[EventKind::Checkout])? {
        Some(e) => Some(e),
        None => checkout_by_key(ledger.conn(), &item.id, &event_on, &person)
            .map_err(|e| db_error(ctx, row, c("asset_no"), e))?
            .and_then(|id| events::get(ledger.conn(), &id).ok()),
    };
    let key = existing.as_ref().map_or_else(|| format!("{}/{event_on}/{person}", item.id), |e| e.id.clone());
    first_time(&mut state.seen, key, ctx, row, c("event_on"), "次领用")?;

    let mut f = existing
        .as_ref()
        .map(EventFields::of)
        .unwrap_or_else(|| EventFields::blank(EventKind::Checkout, event_on.clone()));
    f.event_on = event_on;
    f.person_id = Some(person);
    if ctx.has(c("purpose")) {
        f.purpose = short_cell(ctx, row, c("purpose"), 200)?;
    }
    if ctx.has(c("note")) {
        f.note = short_cell(ctx, row, c("note"), 500)?;
    }
    if ctx.has(c("expected_return_on")) {
        f.expected_return_on = date_cell(ctx, row, c("expected_return_on"))?;
    }
    if ctx.has(c("returned_on")) {
        f.returned_on = date_cell(ctx, row, c("returned_on"))?;
    }
    if f.expected_return_on.as_deref().is_some_and(|b| b < f.event_on.as_str()) {
        return Err(ctx.error(row, c("expected_return_on"), "不能早于领用日期"));
    }
    if f.returned_on.as_deref().is_some_and(|b| b < f.event_on.as_str()) {
        return Err(ctx.error(row, c("returned_on"), "不能早于领用日期"));
    }
    if existing.as_ref().is_some_and(|e| EventFields::of(e) == f) {
        return Ok(EventPlan { item, existing, fields: f });
    }
    event_checks(ctx, row, &item, &f, c("event_on"), c("asset_no"))?;
    // One open checkout at a time: no other row opens one for the item, and no open one is left
    // in the ledger that this sheet does not close.
    if f.returned_on.is_none() {
        // The error is the missing 归还日期 — or, in a sheet without that column, the 领用日期.
        let at = if ctx.has(c("returned_on")) { c("returned_on") } else { c("event_on") };
        if let Some(first) = state.open_rows.get(&item.id) {
            return Err(ctx.error(
                row,
                at,
                format!("第 {first} 行已有此装备未归还的领用，一件装备同一时间只能有一条未归还的领用"),
            ));
        }
        let closed = state.closed_by_sheet.as_ref();
        let mut st = ledger
            .conn()
            .prepare_cached(
                "SELECT v.id, COALESCE(p.name, ''), v.event_on FROM equipment_events v
                 LEFT JOIN staff p ON p.id = v.person_id
                 WHERE v.item_id = ?1 AND v.kind = '领用' AND v.returned_on IS NULL AND v.deleted = 0",
            )
            .map_err(|e| db_error(ctx, row, c("asset_no"), e))?;
        let open: Vec<(String, String, String)> = st
            .query_map([&item.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| db_error(ctx, row, c("asset_no"), e))?;
        let own = existing.as_ref().map(|e| e.id.as_str());
        if let Some((_, who, since)) =
            open.iter().find(|(id, _, _)| Some(id.as_str()) != own && !closed.is_some_and(|s| s.contains(id)))
        {
            return Err(ctx.error(
                row,
                at,
                format!("装备“{}”已于 {since} 被{who}领用，尚未归还；请先填写那次领用的归还日期", item.asset_no),
            ));
        }
        state.open_rows.insert(item.id.clone(), row.number);
    }
    Ok(EventPlan { item, existing, fields: f })
}

/// A checkout as exported: with its borrower written as the import reads them.
struct UsageRow {
    event: EquipmentEvent,
    person: String,
}

fn usage_export_columns() -> Vec<ExportColumn<UsageRow>> {
    vec![
        ExportColumn { header: "资产编号", width: 16.0, wrap: false, value: |r| text(&r.event.asset_no) },
        ExportColumn { header: "装备名称", width: 20.0, wrap: true, value: |r| text(&r.event.item_name) },
        ExportColumn { header: "领用人", width: 12.0, wrap: false, value: |r| text(&r.person) },
        ExportColumn { header: "领用日期", width: 16.0, wrap: false, value: |r| date(Some(&r.event.event_on)) },
        ExportColumn { header: "用途", width: 24.0, wrap: true, value: |r| text(&r.event.purpose) },
        ExportColumn {
            header: "预计归还日期",
            width: 16.0,
            wrap: false,
            value: |r| date(r.event.expected_return_on.as_deref()),
        },
        ExportColumn {
            header: "归还日期", width: 16.0, wrap: false, value: |r| date(r.event.returned_on.as_deref())
        },
        ExportColumn { header: "备注", width: 24.0, wrap: true, value: |r| text(&r.event.note) },
        ExportColumn { header: "编号", width: 38.0, wrap: false, value: |r| text(&r.event.id) },
    ]
}

impl Ledger {
    /// Import a usage sheet (使用台账): each row a checkout, closed when it has a 归还日期.
    pub fn import_equipment_usage(&mut self, path: &Path, options: &ImportOptions) -> Result<ImportReport> {
        let spec = SheetSpec { ledger: "equipment_usage", columns: USAGE_COLUMNS, yearly: false };
        let finder = PersonFinder::new(self.conn())?;
        let mut state = UsageState::default();
        import::run(
            self,
            path,
            &spec,
            options,
            |ledger, ctx, row| plan_usage(ledger, &finder, ctx, row, &mut state),
            |tx, p: &EventPlan, _| write_event(tx, p),
        )
    }

    /// Export every checkout (使用台账), latest first.
    pub fn export_equipment_usage(&self, path: &Path) -> Result<ExportReport> {
        let shared = written_names(self.conn())?;
        let rows: Vec<UsageRow> = self
            .list_equipment_events(&[EventKind::Checkout])?
            .into_iter()
            .map(|event| UsageRow {
                person: written(&shared, event.person_id.as_deref(), event.person_name.as_deref()),
                event,
            })
            .collect();
        Ok(exported(path, writer::write_xlsx(path, "使用台账", &usage_export_columns(), &rows)?))
    }
}
