//! The equipment inventory in Excel: the inventory itself (执法装备, the columns of METRICS.md
//! "The sheets clerks already have" plus the ones our export writes), the 使用台账 (checkouts and
//! returns) and the 维护保养记录 (maintenance, repair, calibration, inspection) — import on
//! [`import::run`], export on [`writer::write_xlsx`], with the people sheets' cell readers
//! ([`crate::people::excel`]).
//!
//! - A row of the inventory updates the item its 编号 names, else the item with its 资产编号, else
//!   adds one; columns the sheet lacks keep the item's values. 标准装备 names an item of the
//!   standard list (a retired one too); a name the list lacks is the row's error. 保管人 is found
//!   on the roster by name as the people sheets find people, the row's 所在单位 telling namesakes
//!   apart. 所在单位 goes through the add-or-map step, and fills down over merged cells.
//! - A row whose 状态 is 已报废 records the item as scrapped through a 报废 event, in the import's
//!   transaction: dated the row's 报废日期, else its 购置日期 (the scrap date is not known: the item
//!   is then held on no date, as METRICS.md counts a 已报废 item without a date); a row with
//!   neither is an error rather than a guess. An item already scrapped keeps its scrap.
//! - The usage and maintenance rows name their item by 资产编号 and are written as events through
//!   [`events::record`] (audited; not before the acquisition, not on a scrapped item); a usage row
//!   is matched by 编号, else by (item, 领用日期, 领用人), a maintenance row by 编号, else by (item,
//!   类型, 日期), so importing a sheet twice changes nothing the second time. An item has at most
//!   one open checkout (a row without 归还日期).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use super::events::{self, NewEvent};
use super::items::{self, ValidItem};
use super::model::{EquipmentEvent, EquipmentInput, EquipmentItem, EquipmentQuery, EventKind, ItemStatus};
use super::standard;
use crate::error::{LedgerError, Result};
use crate::people::excel::{
    bool_cell, choice_cell, col, column, date, date_cell, exported, number_cell, req, required_date, text, yes,
    RowResult,
};
use crate::people::{normalize_name, PersonFinder};
use crate::store::dates::now_rfc3339;
use crate::store::excel::import::{self, Outcome, PlanContext, SheetSpec};
use crate::store::excel::report::{ExportReport, ImportOptions, ImportReport, RowError};
use crate::store::excel::sheet::{Column, SheetRow};
use crate::store::excel::units::{UnitRef, UNKNOWN_UNIT_REASON};
use crate::store::excel::writer::{self, ExportColumn, Value};
use crate::{Ledger, Tx};

// ---------------------------------------------------------------------------------------------
// Shared pieces.

/// A validation error of the core as the row's error, at the column `col_of(field)`.
fn row_invalid(
    ctx: &PlanContext<'_>,
    row: &SheetRow,
    e: LedgerError,
    col_of: impl Fn(&str) -> &'static Column,
) -> RowError {
    match e {
        LedgerError::Invalid { field, reason } => ctx.error(row, col_of(&field), reason),
        other => ctx.error(row, col_of(""), other.to_string()),
    }
}

/// A database error while planning a row, as the row's error.
fn db_error(ctx: &PlanContext<'_>, row: &SheetRow, col: &Column, e: impl std::fmt::Display) -> RowError {
    ctx.error(row, col, format!("读取数据库出错：{e}"))
}

/// Remember `key` as planned at `row`; the error names the row that already has it.
fn first_time(
    seen: &mut HashMap<String, u32>,
    key: String,
    ctx: &PlanContext<'_>,
    row: &SheetRow,
    col: &Column,
    what: &str,
) -> RowResult<()> {
    match seen.get(&key) {
        Some(first) => Err(ctx.error(row, col, format!("与第 {first} 行是同一{what}，每{what}只能有一行"))),
        None => {
            seen.insert(key, row.number);
            Ok(())
        }
    }
}

/// A whole number in a number column (数量, 使用年限); blank is `None`.
fn integer_cell(ctx: &PlanContext<'_>, row: &SheetRow, col: &Column) -> RowResult<Option<i64>> {
    match number_cell(ctx, row, col)? {
        None => Ok(None),
        Some(n) if n.fract() == 0.0 && n.abs() < 1e12 => Ok(Some(n as i64)),
        Some(_) => Err(ctx.error(row, col, "应为整数")),
    }
}

/// The live item with the asset number `asset_no`.
fn item_by_asset(conn: &Connection, asset_no: &str) -> Result<Option<EquipmentItem>> {
    let id: Option<String> = conn
        .query_row("SELECT id FROM equipment_items WHERE asset_no = ?1 AND deleted = 0", [asset_no], |r| r.get(0))
        .optional()?;
    id.map(|id| items::get(conn, &id)).transpose()
}

/// The item a usage or maintenance row names by 资产编号; an unknown one is the row's error.
fn row_item(ledger: &Ledger, ctx: &PlanContext<'_>, row: &SheetRow, col: &Column) -> RowResult<EquipmentItem> {
    let asset_no = row.text(col.key);
    if asset_no.is_empty() {
        return Err(ctx.error(row, col, "不能为空"));
    }
    item_by_asset(ledger.conn(), &asset_no)
        .map_err(|e| db_error(ctx, row, col, e))?
        .ok_or_else(|| ctx.error(row, col, format!("装备台账中没有资产编号“{asset_no}”，请先登记或导入该装备")))
}

/// People whose name another live person shares, by id: the name as sheets write them then,
/// `王磊（第一执法中队）`, so an export imports back to the same person.
fn written_names(conn: &Connection) -> Result<HashMap<String, String>> {
    let mut st = conn.prepare(
        "SELECT s.id, s.name, COALESCE(u.name, '') FROM staff s LEFT JOIN org_units u ON u.id = s.unit_id
         WHERE s.deleted = 0
           AND s.name IN (SELECT name FROM staff WHERE deleted = 0 GROUP BY name HAVING count(*) > 1)",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, format!("{}（{}）", r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
        })?
        .collect::<rusqlite::Result<HashMap<_, _>>>()?;
    Ok(rows)
}

fn written(shared: &HashMap<String, String>, id: Option<&str>, name: Option<&str>) -> String {
    id.and_then(|id| shared.get(id)).cloned().unwrap_or_else(|| name.unwrap_or_default().to_string())
}

fn number(n: Option<f64>) -> Value {
    n.map_or(Value::Text(String::new()), Value::Number)
}

// ---------------------------------------------------------------------------------------------
// 执法装备

/// The inventory's columns: METRICS.md's, then the ones the export adds.
pub const EQUIPMENT_COLUMNS: &[Column] = &[
    col("id", "编号", &[]),
    req("asset_no", "资产编号", &[]),
    req("name", "装备名称", &[]),
    col("standard", "标准装备", &[]),
    col("category", "类别", &[]),
    col("model", "品牌型号", &["型号"]),
    col("serial_no", "序列号", &[]),
    col("quantity", "数量", &[]),
    Column { fill_down: true, ..col("unit", "所在单位", &[]) },
    col("custodian", "保管人", &[]),
    col("status", "状态", &[]),
    col("acquired_on", "购置日期", &[]),
    col("wireless_video", "无线视频传输", &[]),
    col("funding", "经费来源", &[]),
    col("price", "价格（元）", &["价格", "单价"]),
    col("warranty_until", "保修期至", &[]),
    col("service_life_years", "使用年限", &[]),
    col("location", "存放地点", &[]),
    col("scrapped_on", "报废日期", &[]),
    col("note", "备注", &[]),
];

fn item_col(key: &str) -> &'static Column {
    column(EQUIPMENT_COLUMNS, key)
}

fn item_col_of_field(field: &str) -> &'static Column {
    item_col(match field {
        "装备名称" => "name",
        "类别" => "category",
        "品牌型号" => "model",
        "序列号" => "serial_no",
        "数量" => "quantity",
        "购置日期" => "acquired_on",
        "经费来源" => "funding",
        "价格" => "price",
        "保修期至" => "warranty_until",
        "使用年限" => "service_life_years",
        "存放地点" => "location",
        "状态" => "status",
        "备注" => "note",
        _ => "asset_no",
    })
}

/// A 报废 the row asks for.
struct ScrapPlan {
    on: String,
    note: &'static str,
}

struct ItemPlan {
    existing: Option<(String, i64)>,
    /// The row's 所在单位, when it names one (else the item keeps its unit, or a new one is the
    /// branch's).
    unit: Option<UnitRef>,
    item: ValidItem,
    scrap: Option<ScrapPlan>,
}

/// The custodian a row names: found by name on the roster (`王磊（第一执法中队）` accepted); two
/// people of that name are told apart by the row's 所在单位, or by the item's current custodian.
fn custodian_cell(
    finder: &PersonFinder,
    ctx: &PlanContext<'_>,
    row: &SheetRow,
    unit: Option<&UnitRef>,
    existing: Option<&EquipmentItem>,
) -> RowResult<Option<String>> {
    let c = item_col("custodian");
    let written = row.text(c.key);
    if written.is_empty() {
        return Ok(None);
    }
    match finder.find_written(&written, None) {
        Ok(id) => Ok(Some(id)),
        Err(reason) => {
            let name = PersonFinder::split_unit(&written).0;
            if let Some(UnitRef::Existing(u)) = unit {
                if let Ok(id) = finder.find(&name, Some(u)) {
                    return Ok(Some(id));
                }
            }
            match existing {
                Some(x) if x.custodian_name.as_deref() == Some(normalize_name(&written).as_str()) => {
                    Ok(x.custodian_id.clone())
                }
                _ => Err(ctx.error(row, c, reason)),
            }
        }
    }
}

/// The standard list by name (spaces removed), retired items included: read once per import.
fn standards_by_name(conn: &Connection) -> Result<HashMap<String, String>> {
    Ok(standard::items(conn)?.into_iter().map(|s| (normalize_name(&s.name), s.id)).collect())
}

fn plan_item(
    ledger: &Ledger,
    finder: &PersonFinder,
    standards: &HashMap<String, String>,
    ctx: &mut PlanContext<'_>,
    row: &SheetRow,
    seen: &mut HashMap<String, u32>,
) -> RowResult<ItemPlan> {
    let c = item_col;
    let asset_no = row.text("asset_no");
    if asset_no.is_empty() {
        return Err(ctx.error(row, c("asset_no"), "不能为空"));
    }
    if row.text("name").is_empty() {
        return Err(ctx.error(row, c("name"), "不能为空"));
    }
    // The item: by 编号, else by 资产编号, else a new one.
    let by_id = match row.text("id") {
        id if id.is_empty() => None,
        id => items::get(ledger.conn(), &id).ok(),
    };
    let existing = match by_id {
        Some(x) => Some(x),
        None => item_by_asset(ledger.conn(), &asset_no).map_err(|e| db_error(ctx, row, c("asset_no"), e))?,
    };
    if let Some(x) = &existing {
        if x.asset_no != asset_no {
            if let Some(other) =
                item_by_asset(ledger.conn(), &asset_no).map_err(|e| db_error(ctx, row, c("asset_no"), e))?
            {
                return Err(ctx.error(row, c("asset_no"), format!("“{asset_no}”已用于“{}”", other.name)));
            }
        }
    }
    let key = existing.as_ref().map_or_else(|| format!("新/{asset_no}"), |x| x.id.clone());
    first_time(seen, key, ctx, row, c("asset_no"), "件装备")?;
    if existing.as_ref().is_some_and(|x| x.asset_no != asset_no) {
        first_time(seen, format!("新/{asset_no}"), ctx, row, c("asset_no"), "件装备")?;
    }

    // Columns the sheet lacks keep the item's values.
    let mut input: EquipmentInput = existing.as_ref().map(EquipmentItem::to_input).unwrap_or_default();
    input.asset_no = asset_no;
    input.name = row.text("name");
    if ctx.has(c("standard")) {
        input.standard_item_id = match row.text("standard") {
            s if s.is_empty() => None,
            s => match standards.get(&normalize_name(&s)) {
                Some(id) => Some(id.clone()),
                None => {
                    return Err(ctx.error(
                        row,
                        c("standard"),
                        format!("标准装备清单中没有“{s}”，请先在标准装备清单中添加或改用清单中的名称"),
                    ))
                }
            },
        };
    }
    for (key, field) in [
        ("category", &mut input.category),
        ("model", &mut input.model),
        ("serial_no", &mut input.serial_no),
        ("funding", &mut input.funding),
        ("location", &mut input.location),
        ("note", &mut input.note),
    ] {
        if ctx.has(c(key)) {
            *field = row.text(key);
        }
    }
    if ctx.has(c("quantity")) {
        input.quantity = integer_cell(ctx, row, c("quantity"))?;
    }
    if ctx.has(c("service_life_years")) {
        input.service_life_years = integer_cell(ctx, row, c("service_life_years"))?;
    }
    if ctx.has(c("price")) {
        input.price = number_cell(ctx, row, c("price"))?;
    }
    if ctx.has(c("acquired_on")) {
        input.acquired_on = date_cell(ctx, row, c("acquired_on"))?;
    }
    if ctx.has(c("warranty_until")) {
        input.warranty_until = date_cell(ctx, row, c("warranty_until"))?;
    }
    if ctx.has(c("wireless_video")) {
        input.wireless_video = bool_cell(ctx, row, c("wireless_video"))?;
    }
    // The unit once, through the add-or-map step; a blank cell is the branch itself.
    let mut unit = None;
    if ctx.has(c("unit")) {
        let name = row.text("unit");
        if name.is_empty() {
            input.unit_id = None;
        } else {
            let header = ctx.sheet.header_of(c("unit"));
            match ctx.units.resolve(&name, &header, row.number) {
                Some(u) => unit = Some(u),
                None => return Err(ctx.error(row, c("unit"), UNKNOWN_UNIT_REASON)),
            }
        }
    }
    if ctx.has(c("custodian")) {
        input.custodian_id = custodian_cell(finder, ctx, row, unit.as_ref(), existing.as_ref())?;
    }

    // 状态: blank is 在用; 已报废 scraps the item (once).
    let scrapped_before = existing.as_ref().filter(|x| x.status == ItemStatus::Scrapped);
    let wanted = if ctx.has(c("status")) {
        Some(choice_cell(ctx, row, c("status"), ItemStatus::parse, ItemStatus::choices())?.unwrap_or(ItemStatus::InUse))
    } else {
        None
    };
    let scrap_date = if ctx.has(c("scrapped_on")) { date_cell(ctx, row, c("scrapped_on"))? } else { None };
    let mut scrap = None;
    match (wanted, scrapped_before) {
        (Some(ItemStatus::Scrapped), Some(_)) => {}
        (Some(ItemStatus::Scrapped), None) => {
            let (on, note) = match (&scrap_date, &input.acquired_on) {
                (Some(on), _) => (on.clone(), "台账导入"),
                (None, Some(acquired)) => (acquired.clone(), "台账导入：表中没有报废日期，按购置日期登记"),
                (None, None) => {
                    return Err(ctx.error(
                        row,
                        c("status"),
                        "状态为已报废，但没有报废日期，也没有购置日期，无法登记报废；请填写报废日期",
                    ))
                }
            };
            if input.acquired_on.as_deref().is_some_and(|a| on.as_str() < a) {
                return Err(ctx.error(
                    row,
                    c("scrapped_on"),
                    format!("早于购置日期 {}", input.acquired_on.clone().unwrap_or_default()),
                ));
            }
            if let Some(x) = &existing {
                if let Some(who) = &x.checked_out_to {
                    return Err(ctx.error(row, c("status"), format!("装备已被{who}领用，尚未归还，归还后才能报废")));
                }
            }
            scrap = Some(ScrapPlan { on, note });
            input.status = existing.as_ref().and_then(|x| x.to_input().status);
        }
        (Some(s), Some(x)) if !(s == ItemStatus::InUse && row.text("status").is_empty()) => {
            return Err(ctx.error(
                row,
                c("status"),
                format!(
                    "此装备已于 {} 报废，不能改为“{}”",
                    x.scrapped_on.clone().unwrap_or_else(|| "此前".into()),
                    s.label()
                ),
            ))
        }
        (Some(_), Some(_)) => {}
        (Some(s), None) => input.status = Some(s),
        (None, _) => {}
    }
    if scrap_date.is_some() && scrap.is_none() && scrapped_before.is_none() {
        return Err(ctx.error(row, c("scrapped_on"), "填写了报废日期，但状态不是“已报废”"));
    }
    let item = items::validate(&input).map_err(|e| row_invalid(ctx, row, e, item_col_of_field))?;
    Ok(ItemPlan { existing: existing.map(|x| (x.id, x.revision)), unit, item, scrap })
}

/// Scrap `item` in `tx` as a 报废 event of the import, and mark it 已报废 from that day.
fn scrap_in(tx: &Tx<'_>, item: &EquipmentItem, s: &ScrapPlan) -> Result<()> {
    events::record(
        tx,
        item,
        &NewEvent {
            kind: Some(EventKind::Scrap),
            event_on: s.on.clone(),
            reason: "台账中状态为已报废",
            note: s.note,
            ..NewEvent::default()
        },
    )?;
    tx.execute(
        "UPDATE equipment_items SET status = '已报废', scrapped_on = ?2, updated_at = ?3, revision = revision + 1
         WHERE id = ?1",
        params![item.id, s.on, now_rfc3339()],
    )?;
    let after = items::get(tx, &item.id)?;
    tx.audit("equipment", &item.id, "update", Some(item), Some(&after))?;
    Ok(())
}

/// An item as exported: with its custodian written as the import reads them.
struct ItemRow {
    item: EquipmentItem,
    custodian: String,
}

fn item_export_columns() -> Vec<ExportColumn<ItemRow>> {
    vec![
        ExportColumn { header: "资产编号", width: 16.0, wrap: false, value: |r| text(&r.item.asset_no) },
        ExportColumn { header: "装备名称", width: 20.0, wrap: true, value: |r| text(&r.item.name) },
        ExportColumn {
            header: "标准装备",
            width: 20.0,
            wrap: true,
            value: |r| text(r.item.standard_item_name.as_deref().unwrap_or_default()),
        },
        ExportColumn { header: "类别", width: 16.0, wrap: true, value: |r| text(&r.item.category) },
        ExportColumn { header: "品牌型号", width: 20.0, wrap: true, value: |r| text(&r.item.model) },
        ExportColumn { header: "序列号", width: 18.0, wrap: false, value: |r| text(&r.item.serial_no) },
        ExportColumn { header: "数量", width: 6.0, wrap: false, value: |r| Value::Number(r.item.quantity as f64) },
        ExportColumn { header: "所在单位", width: 20.0, wrap: true, value: |r| text(&r.item.unit_name) },
        ExportColumn { header: "保管人", width: 12.0, wrap: false, value: |r| text(&r.custodian) },
        ExportColumn { header: "状态", width: 8.0, wrap: false, value: |r| text(r.item.status.label()) },
        ExportColumn {
            header: "购置日期", width: 16.0, wrap: false, value: |r| date(r.item.acquired_on.as_deref())
        },
        ExportColumn { header: "无线视频传输", width: 12.0, wrap: false, value: |r| yes(r.item.wireless_video) },
        ExportColumn { header: "经费来源", width: 14.0, wrap: true, value: |r| text(&r.item.funding) },
        ExportColumn { header: "价格（元）", width: 12.0, wrap: false, value: |r| number(r.item.price) },
        ExportColumn {
            header: "保修期至",
            width: 16.0,
            wrap: false,
            value: |r| date(r.item.warranty_until.as_deref()),
        },
        ExportColumn {
            header: "使用年限",
            width: 8.0,
            wrap: false,
            value: |r| number(r.item.service_life_years.map(|y| y as f64)),
        },
        ExportColumn { header: "存放地点", width: 16.0, wrap: true, value: |r| text(&r.item.location) },
        ExportColumn {
            header: "报废日期", width: 16.0, wrap: false, value: |r| date(r.item.scrapped_on.as_deref())
        },
        ExportColumn { header: "备注", width: 24.0, wrap: true, value: |r| text(&r.item.note) },
        ExportColumn { header: "编号", width: 38.0, wrap: false, value: |r| text(&r.item.id) },
    ]
}

// ---------------------------------------------------------------------------------------------
// 使用台账 and 维护保养记录: events.

/// An event's fields as a row sets them (the kinds of both sheets).
#[derive(Debug, Clone, PartialEq)]
struct EventFields {
    kind: EventKind,
    event_on: String,
    person_id: Option<String>,
    purpose: String,
    expected_return_on: Option<String>,
    returned_on: Option<String>,
    vendor: String,
    cost: Option<f64>,
    result: String,
    note: String,
}

impl EventFields {
    fn of(e: &EquipmentEvent) -> EventFields {
        EventFields {
            kind: e.kind,
            event_on: e.event_on.clone(),
            person_id: e.person_id.clone(),
            purpose: e.purpose.clone(),
            expected_return_on: e.expected_return_on.clone(),
            returned_on: e.returned_on.clone(),
            vendor: e.vendor.clone(),
            cost: e.cost,
            result: e.result.clone(),
            note: e.note.clone(),
        }
    }
}

struct EventPlan {
    item: EquipmentItem,
    /// The event the row updates, as read.
    existing: Option<EquipmentEvent>,
    fields: EventFields,
}

/// The checks every new or changed event passes (as the core's own event methods check them):
/// not on a scrapped item, not before the item's acquisition; texts within their lengths.
fn event_checks(
    ctx: &PlanContext<'_>,
    row: &SheetRow,
    item: &EquipmentItem,
    f: &EventFields,
    date_col: &Column,
    asset_col: &Column,
) -> RowResult<()> {
    if item.status == ItemStatus::Scrapped {
        return Err(ctx.error(row, asset_col, format!("装备“{}”已报废，不能再登记", item.asset_no)));
    }
    if let Some(acquired) = &item.acquired_on {
        if f.event_on < *acquired {
            return Err(ctx.error(row, date_col, format!("早于该装备的购置日期 {acquired}")));
        }
    }
    Ok(())
}

/// Write a plan: unchanged, an update of the event read (still at its revision), or a new event.
fn write_event(tx: &Tx<'_>, p: &EventPlan) -> Result<Outcome> {
    let f = &p.fields;
    match &p.existing {
        Some(before) if EventFields::of(before) == *f => Ok(Outcome::Unchanged),
        Some(read) => {
            let before = events::get(tx, &read.id)?;
            if before.revision != read.revision {
                return Err(LedgerError::Conflict {
                    entity: "装备记录",
                    current: before.revision,
                    given: read.revision,
                });
            }
            tx.execute(
                "UPDATE equipment_events SET kind = ?2, event_on = ?3, person_id = ?4, purpose = ?5,
                     expected_return_on = ?6, returned_on = ?7, vendor = ?8, cost = ?9, result = ?10, note = ?11,
                     updated_at = ?12, revision = revision + 1
                 WHERE id = ?1",
                params![
                    before.id,
                    f.kind.label(),
                    f.event_on,
                    f.person_id,
                    f.purpose,
                    f.expected_return_on,
                    f.returned_on,
                    f.vendor,
                    f.cost,
                    f.result,
                    f.note,
                    now_rfc3339()
                ],
            )?;
            let after = events::get(tx, &before.id)?;
            tx.audit("equipment_event", &before.id, "update", Some(&before), Some(&after))?;
            Ok(Outcome::Updated)
        }
        None => {
            events::record(
                tx,
                &p.item,
                &NewEvent {
                    kind: Some(f.kind),
                    event_on: f.event_on.clone(),
                    person_id: f.person_id.as_deref(),
                    purpose: &f.purpose,
                    expected_return_on: f.expected_return_on.clone(),
                    returned_on: f.returned_on.clone(),
                    vendor: &f.vendor,
                    cost: f.cost,
                    result: &f.result,
                    note: &f.note,
                    ..NewEvent::default()
                },
            )?;
            Ok(Outcome::Inserted)
        }
    }
}

/// A text cell within `max` characters.
fn short_cell(ctx: &PlanContext<'_>, row: &SheetRow, col: &Column, max: usize) -> RowResult<String> {
    let t = row.text(col.key);
    if t.chars().count() > max {
        return Err(ctx.error(row, col, format!("不能超过 {max} 个字")));
    }
    Ok(t)
}

/// The event a row's 编号 names, if it is one of `kinds` on `item`; an id of another item's
/// event, or of another kind, is the row's error.
fn event_by_id(
    ledger: &Ledger,
    ctx: &PlanContext<'_>,
    row: &SheetRow,
    id_col: &Column,
    item: &EquipmentItem,
    kinds: &[EventKind],
) -> RowResult<Option<EquipmentEvent>> {
    let id = row.text(id_col.key);
    if id.is_empty() {
        return Ok(None);
    }
    let Ok(e) = events::get(ledger.conn(), &id) else { return Ok(None) };
    if e.item_id != item.id {
        return Err(ctx.error(row, id_col, format!("此编号是装备“{}”的记录，与本行的资产编号不符", e.asset_no)));
    }
    if !kinds.contains(&e.kind) {
        return Err(ctx.error(row, id_col, format!("此编号是一条{}记录，不能在本表中修改", e.kind.label())));
    }
    Ok(Some(e))
}

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
    let person = finder.find_written(&row.text("person"), None).ok()?;
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
    let person = finder.find_written(&written, None).map_err(|reason| ctx.error(row, c("person"), reason))?;
    let event_on = required_date(ctx, row, c("event_on"))?;
    let existing = match event_by_id(ledger, ctx, row, c("id"), &item, &[EventKind::Checkout])? {
        Some(e) => Some(e),
        None => checkout_by_key(ledger.conn(), &item.id, &event_on, &person)
            .map_err(|e| db_error(ctx, row, c("asset_no"), e))?
            .and_then(|id| events::get(ledger.conn(), &id).ok()),
    };
    let key = existing.as_ref().map_or_else(|| format!("{}/{event_on}/{person}", item.id), |e| e.id.clone());
    first_time(&mut state.seen, key, ctx, row, c("event_on"), "次领用")?;

    let mut f = existing.as_ref().map(EventFields::of).unwrap_or(EventFields {
        kind: EventKind::Checkout,
        event_on: event_on.clone(),
        person_id: None,
        purpose: String::new(),
        expected_return_on: None,
        returned_on: None,
        vendor: String::new(),
        cost: None,
        result: String::new(),
        note: String::new(),
    });
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
    let mut f = existing.as_ref().map(EventFields::of).unwrap_or(EventFields {
        kind,
        event_on: event_on.clone(),
        person_id: None,
        purpose: String::new(),
        expected_return_on: None,
        returned_on: None,
        vendor: String::new(),
        cost: None,
        result: String::new(),
        note: String::new(),
    });
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

// ---------------------------------------------------------------------------------------------

impl Ledger {
    /// Import an inventory sheet (执法装备, see the module's description).
    pub fn import_equipment(&mut self, path: &Path, options: &ImportOptions) -> Result<ImportReport> {
        let spec = SheetSpec { ledger: "equipment", columns: EQUIPMENT_COLUMNS, yearly: false };
        let finder = PersonFinder::new(self.conn())?;
        let standards = standards_by_name(self.conn())?;
        let mut seen = HashMap::new();
        import::run(
            self,
            path,
            &spec,
            options,
            |ledger, ctx, row| plan_item(ledger, &finder, &standards, ctx, row, &mut seen),
            |tx, p: &ItemPlan, units| {
                let mut v = p.item.clone();
                if let Some(u) = &p.unit {
                    v.unit_id = Some(units.id(u)?);
                }
                let (item, outcome) = match &p.existing {
                    Some((id, rev)) => {
                        let after = items::update(tx, id, *rev, &v)?;
                        let outcome = if after.revision == *rev { Outcome::Unchanged } else { Outcome::Updated };
                        (after, outcome)
                    }
                    None => (items::insert(tx, &v)?, Outcome::Inserted),
                };
                match &p.scrap {
                    Some(s) => {
                        scrap_in(tx, &item, s)?;
                        Ok(if outcome == Outcome::Unchanged { Outcome::Updated } else { outcome })
                    }
                    None => Ok(outcome),
                }
            },
        )
    }

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

    /// Export the items `query` selects (every page; scrapped ones too unless the query hides
    /// them) to an .xlsx file at `path`.
    pub fn export_equipment(&self, path: &Path, query: &EquipmentQuery) -> Result<ExportReport> {
        let q = EquipmentQuery { offset: 0, limit: None, ..query.clone() };
        let shared = written_names(self.conn())?;
        let rows: Vec<ItemRow> = self
            .list_equipment(&q)?
            .items
            .into_iter()
            .map(|item| ItemRow {
                custodian: written(&shared, item.custodian_id.as_deref(), item.custodian_name.as_deref()),
                item,
            })
            .collect();
        Ok(exported(path, writer::write_xlsx(path, "执法装备", &item_export_columns(), &rows)?))
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

    /// Export every maintenance, repair, calibration and inspection (维护保养记录), latest first.
    pub fn export_equipment_maintenance(&self, path: &Path) -> Result<ExportReport> {
        let rows = self.list_equipment_events(&MAINTENANCE_KINDS)?;
        Ok(exported(path, writer::write_xlsx(path, "维护保养记录", &maintenance_export_columns(), &rows)?))
    }
}
