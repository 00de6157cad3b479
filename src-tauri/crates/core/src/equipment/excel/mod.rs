//! The equipment inventory in Excel: the inventory itself (执法装备, the columns of METRICS.md
//! "The sheets clerks already have" plus the ones our export writes), the 使用台账 (checkouts and
//! returns) and the 维护保养记录 (maintenance, repair, calibration, inspection) — import on
//! [`import::run`](crate::store::excel::import::run), export on
//! [`writer::write_xlsx`](crate::store::excel::writer::write_xlsx), with every ledger's cell
//! readers ([`crate::store::excel::cells`]).
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
//!   `events::record` (audited; not before the acquisition, not on a scrapped item); a usage row
//!   is matched by 编号, else by (item, 领用日期, 领用人), a maintenance row by 编号, else by (item,
//!   类型, 日期), so importing a sheet twice changes nothing the second time. An item has at most
//!   one open checkout (a row without 归还日期).
//!
//! One module a sheet: `inventory`, `usage` and `maintenance`; the last two write events
//! through `event_rows`.

mod event_rows;
mod inventory;
mod maintenance;
mod usage;

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};

pub use inventory::EQUIPMENT_COLUMNS;
pub use maintenance::MAINTENANCE_COLUMNS;
pub use usage::USAGE_COLUMNS;

use super::items;
use super::model::EquipmentItem;
use crate::error::Result;
use crate::store::excel::cells::RowResult;
use crate::store::excel::import::PlanContext;
use crate::store::excel::report::RowError;
use crate::store::excel::sheet::{Column, SheetRow};
use crate::Ledger;

/// A database error while planning a row, as the row's error.
fn db_error(ctx: &PlanContext<'_>, row: &SheetRow, col: &Column, e: impl std::fmt::Display) -> RowError {
    ctx.error(row, col, format!("读取数据库出错：{e}"))
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

/// The person `id` (named `name`) as a sheet writes them: with their unit when a namesake shares
/// the name ([`written_names`]).
fn written(shared: &HashMap<String, String>, id: Option<&str>, name: Option<&str>) -> String {
    id.and_then(|id| shared.get(id)).cloned().unwrap_or_else(|| name.unwrap_or_default().to_string())
}
