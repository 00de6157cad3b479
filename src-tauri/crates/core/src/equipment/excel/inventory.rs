//! The inventory sheet (执法装备): a row adds or updates an item, and scraps it when its 状态 is
//! 已报废.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, Connection};

use super::{db_error, item_by_asset, written, written_names};
use crate::equipment::events::{self, NewEvent};
use crate::equipment::items::{self, ValidItem};
use crate::equipment::model::{EquipmentInput, EquipmentItem, EquipmentQuery, EventKind, ItemStatus};
use crate::equipment::standard;
use crate::error::Result;
use crate::people::{normalize_name, PersonFinder};
use crate::store::dates::now_rfc3339;
use crate::store::excel::cells::{
    bool_cell, choice_cell, col, column, date, date_cell, export_rows, first_time, number, number_cell, req,
    row_invalid, text, yes, RowResult,
};
use crate::store::excel::import::{self, Outcome, PlanContext, SheetSpec};
use crate::store::excel::report::{ExportReport, ImportOptions, ImportReport};
use crate::store::excel::sheet::{Column, SheetRow};
use crate::store::excel::units::{UnitRef, UNKNOWN_UNIT_REASON};
use crate::store::excel::writer::{ExportColumn, Value};
use crate::{Ledger, Tx};

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
    Column { fill_down: true, section: true, sheet_name: true, ..col("unit", "所在单位", &[]) },
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
    if ctx.given(row, c("unit")) {
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

/// A whole number in a number column (数量, 使用年限); blank is `None`.
fn integer_cell(ctx: &PlanContext<'_>, row: &SheetRow, col: &Column) -> RowResult<Option<i64>> {
    match number_cell(ctx, row, col)? {
        None => Ok(None),
        Some(n) if n.fract() == 0.0 && n.abs() < 1e12 => Ok(Some(n as i64)),
        Some(_) => Err(ctx.error(row, col, "应为整数")),
    }
}

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

    /// Export the items `query` selects (every page; scrapped ones too unless the query hides
    /// them) to an .xlsx file at `path`; `by_unit`: a sheet per unit, named for it.
    pub fn export_equipment(&self, path: &Path, query: &EquipmentQuery, by_unit: bool) -> Result<ExportReport> {
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
        export_rows(self, path, "执法装备", &item_export_columns(), &rows, by_unit, |r| &r.item.unit_name)
    }
}
