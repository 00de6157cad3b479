//! The records of the equipment inventory (执法装备台账) as they cross IPC and `--json`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::Evidence;
use crate::zh_enum;

zh_enum! {
    /// 装备状态
    pub enum ItemStatus { InUse = "在用" | "正常" | "使用中", Repair = "维修中" | "维修" | "送修", Idle = "闲置" | "备用", Scrapped = "已报废" | "报废" }
}

impl ItemStatus {
    /// Held on a date (METRICS.md): 在用, 维修中 or 闲置.
    pub fn is_held(self) -> bool {
        self != ItemStatus::Scrapped
    }
}

zh_enum! {
    /// 标配 or 选配
    pub enum StandardLevel { Required = "标配", Optional = "选配" }
}

zh_enum! {
    /// The kinds of dated event an item has.
    pub enum EventKind {
        Checkout = "领用" | "借用" | "使用",
        Maintenance = "维护保养" | "维护" | "保养",
        Repair = "维修",
        Calibration = "校准检定" | "校准" | "检定",
        Inspection = "检查" | "年检" | "巡检",
        Transfer = "调拨" | "移交",
        Scrap = "报废",
    }
}

impl EventKind {
    /// The kinds a schedule can ask for.
    pub const SCHEDULED: [EventKind; 3] = [EventKind::Maintenance, EventKind::Calibration, EventKind::Inspection];
}

/// A rubric group ①–⑥ of the standard list and the points it earns (E2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StandardGroup {
    pub group: String,
    pub name: String,
    pub points: f64,
}

/// One item of the standard list (标准装备).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StandardItem {
    pub id: String,
    pub name: String,
    pub category: String,
    /// ①–⑥, or `None` for items no rubric group counts.
    pub group: Option<String>,
    pub level: StandardLevel,
    /// The official quantity, where the branch has it; `None`: 1 is required (METRICS.md E1).
    #[ts(type = "number | null")]
    pub required: Option<i64>,
    pub note: String,
    /// The edition that last listed it (2020, 2024 …).
    pub edition: String,
    /// A newer edition dropped it: kept for the items linked to it, no longer counted.
    pub retired: bool,
    /// Live inventory items linked to it.
    #[ts(type = "number")]
    pub item_count: i64,
    #[ts(type = "number")]
    pub revision: i64,
}

/// What a clerk edits of a standard item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct StandardItemInput {
    pub name: String,
    pub category: String,
    pub group: Option<String>,
    pub level: Option<StandardLevel>,
    #[ts(type = "number | null")]
    pub required: Option<i64>,
    pub note: String,
}

/// The standard list as loaded: its edition and groups and items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StandardList {
    pub edition: String,
    pub title: String,
    pub source: String,
    pub groups: Vec<StandardGroup>,
    pub items: Vec<StandardItem>,
}

/// What loading a newer edition did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EditionReport {
    pub edition: String,
    /// Items new in this edition.
    pub added: Vec<String>,
    /// Items both editions list (their links kept, their fields taken from the new edition).
    pub kept: Vec<String>,
    /// Items the new edition drops: kept as 旧版 with their links, no longer counted.
    pub retired: Vec<String>,
    /// Inventory items linked to retired standard items.
    #[ts(type = "number")]
    pub items_on_retired: i64,
}

/// One item of the inventory: one unit of equipment, or a stock of a consumable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EquipmentItem {
    pub id: String,
    /// 资产编号, unique.
    pub asset_no: String,
    pub standard_item_id: Option<String>,
    pub standard_item_name: Option<String>,
    pub name: String,
    pub category: String,
    /// 品牌型号
    pub model: String,
    pub serial_no: String,
    /// 1 for a unit of equipment; the stock for a consumable (快检试剂包).
    #[ts(type = "number")]
    pub quantity: i64,
    pub acquired_on: Option<String>,
    /// 经费来源
    pub funding: String,
    /// 价格（元）
    pub price: Option<f64>,
    pub warranty_until: Option<String>,
    /// 使用年限
    #[ts(type = "number | null")]
    pub service_life_years: Option<i64>,
    pub unit_id: String,
    pub unit_name: String,
    /// 存放地点
    pub location: String,
    /// 保管人
    pub custodian_id: Option<String>,
    pub custodian_name: Option<String>,
    pub status: ItemStatus,
    /// For recorders: transmits video wirelessly (E4).
    pub wireless_video: bool,
    pub scrapped_on: Option<String>,
    pub note: String,
    /// Who has it out now (an open 领用), and when it should be back.
    pub checked_out_to: Option<String>,
    pub expected_return_on: Option<String>,
    #[ts(type = "number")]
    pub evidence_count: i64,
    pub created_at: String,
    pub updated_at: String,
    #[ts(type = "number")]
    pub revision: i64,
}

/// What a clerk fills in for an item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct EquipmentInput {
    pub asset_no: String,
    pub standard_item_id: Option<String>,
    pub name: String,
    /// Empty: the standard item's category.
    pub category: String,
    pub model: String,
    pub serial_no: String,
    /// `None`: 1.
    #[ts(type = "number | null")]
    pub quantity: Option<i64>,
    pub acquired_on: Option<String>,
    pub funding: String,
    pub price: Option<f64>,
    pub warranty_until: Option<String>,
    #[ts(type = "number | null")]
    pub service_life_years: Option<i64>,
    /// `None`: the branch itself.
    pub unit_id: Option<String>,
    pub location: String,
    pub custodian_id: Option<String>,
    /// `None`: 在用. An item is scrapped through 报废, which records why and the approval.
    pub status: Option<ItemStatus>,
    pub wireless_video: bool,
    pub note: String,
}

/// A filtered, paged request for the inventory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct EquipmentQuery {
    pub category: Option<String>,
    pub status: Option<ItemStatus>,
    pub unit_id: Option<String>,
    pub custodian_id: Option<String>,
    pub standard_item_id: Option<String>,
    /// Only items out on an open 领用 (`true`) or only items in (`false`).
    pub checked_out: Option<bool>,
    /// Leave out scrapped items (the default view).
    pub hide_scrapped: bool,
    /// Part of the asset number, name, model, serial number or location.
    pub search: Option<String>,
    pub offset: u32,
    pub limit: Option<u32>,
}

/// One page of the inventory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EquipmentPage {
    #[ts(type = "number")]
    pub total: i64,
    pub items: Vec<EquipmentItem>,
}

/// A dated event of an item, as the history shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EquipmentEvent {
    pub id: String,
    pub item_id: String,
    pub asset_no: String,
    pub item_name: String,
    pub kind: EventKind,
    pub event_on: String,
    /// 领用: to whom.
    pub person_id: Option<String>,
    pub person_name: Option<String>,
    pub purpose: String,
    pub expected_return_on: Option<String>,
    pub returned_on: Option<String>,
    pub vendor: String,
    pub cost: Option<f64>,
    pub result: String,
    /// 调拨: from and to (names).
    pub from_unit: Option<String>,
    pub to_unit: Option<String>,
    pub from_custodian: Option<String>,
    pub to_custodian: Option<String>,
    pub reason: String,
    pub approval_doc: String,
    pub note: String,
    pub created_at: String,
    #[ts(type = "number")]
    pub revision: i64,
}

/// 领用: an item out to a person.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct CheckoutInput {
    pub person_id: String,
    /// `None`: today.
    pub event_on: Option<String>,
    pub purpose: String,
    pub expected_return_on: Option<String>,
    pub note: String,
}

/// 归还 of an open 领用.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct ReturnInput {
    /// `None`: today.
    pub returned_on: Option<String>,
    pub note: String,
}

/// 维护保养, 维修, 校准检定 or 检查.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct MaintenanceInput {
    pub kind: Option<EventKind>,
    pub event_on: Option<String>,
    pub vendor: String,
    pub cost: Option<f64>,
    pub result: String,
    pub note: String,
    /// The item's status after it (e.g. 维修中 when sent for repair, 在用 when back); `None`: unchanged.
    pub status_after: Option<ItemStatus>,
}

/// 调拨 to another unit or custodian.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct TransferInput {
    pub event_on: Option<String>,
    /// `None`: the same unit.
    pub to_unit_id: Option<String>,
    /// `None`: no custodian.
    pub to_custodian_id: Option<String>,
    pub note: String,
}

/// 报废.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct ScrapInput {
    pub event_on: Option<String>,
    pub reason: String,
    /// The approval's 文号 or who approved.
    pub approval_doc: String,
    pub note: String,
}

/// Recurring work: calibrate every N months, inspect yearly …, for one item or for every item
/// counted as a standard item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Schedule {
    pub id: String,
    pub item_id: Option<String>,
    /// The item's asset number and name, or the standard item's name.
    pub target: String,
    pub standard_item_id: Option<String>,
    pub kind: EventKind,
    #[ts(type = "number")]
    pub every_months: i64,
    /// Counted from here when nothing was done yet (else from the item's acquisition).
    pub start_on: Option<String>,
    pub note: String,
    #[ts(type = "number")]
    pub revision: i64,
}

/// What a clerk fills in for a schedule (one of `item_id` and `standard_item_id`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct ScheduleInput {
    pub item_id: Option<String>,
    pub standard_item_id: Option<String>,
    pub kind: Option<EventKind>,
    #[ts(type = "number")]
    pub every_months: i64,
    pub start_on: Option<String>,
    pub note: String,
}

/// Something due on an item: scheduled work, or a return.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DueItem {
    pub item_id: String,
    pub asset_no: String,
    pub item_name: String,
    pub unit_name: String,
    pub custodian_name: Option<String>,
    /// 维护保养, 校准检定, 检查 — or 领用 for a return that is due.
    pub what: EventKind,
    pub schedule_id: Option<String>,
    /// The checkout's borrower, for a return.
    pub person_name: Option<String>,
    pub last_done_on: Option<String>,
    pub due_on: String,
    /// From the reference date (negative: overdue).
    #[ts(type = "number")]
    pub days: i64,
    /// 已逾期, 7天内, 30天内, 60天内, 90天内.
    pub band: String,
}

/// How many things of [`DueItem`] there are: due within the days asked, and already overdue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DueCounts {
    /// Due from the reference date on, within the days asked.
    #[ts(type = "number")]
    pub soon: i64,
    /// Past due.
    #[ts(type = "number")]
    pub overdue: i64,
}

/// An item with its whole history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EquipmentDetail {
    pub item: EquipmentItem,
    /// Newest first.
    pub events: Vec<EquipmentEvent>,
    /// The schedules that apply to it (its own and its standard item's).
    pub schedules: Vec<Schedule>,
    pub due: Vec<DueItem>,
    pub evidence: Vec<Evidence>,
}

/// How many due items fall in one warning band ([`crate::store::dates::due_band`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DueBandCount {
    pub band: String,
    #[ts(type = "number")]
    pub count: i64,
}

/// How many items fall due on one day, for 到期提醒's calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DueDay {
    pub due_on: String,
    #[ts(type = "number")]
    pub count: i64,
    /// The day is before the reference date.
    pub overdue: bool,
}

/// One group of 到期提醒's list — the overdue, or the items due in one month — with its first page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DueGroup {
    /// `overdue`, or the month, `YYYY-MM`.
    pub key: String,
    /// The items in the group, over all pages.
    #[ts(type = "number")]
    pub total: i64,
    /// The first page, soonest first.
    pub items: Vec<DueItem>,
}

/// 到期提醒's page ([`crate::Ledger::equipment_due_view`]): the counts over everything that is
/// due, and the first page of each group; a large branch has tens of thousands of due items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DueView {
    /// Every band, in order (已逾期 first), with its count over everything due.
    pub bands: Vec<DueBandCount>,
    /// Every day something falls due, in order, with its count.
    pub days: Vec<DueDay>,
    /// The items listed (those of the day asked, if one was), over all groups.
    #[ts(type = "number")]
    pub total: i64,
    /// The overdue first, then month by month.
    pub groups: Vec<DueGroup>,
}

/// One page of one group of 到期提醒's list ([`crate::Ledger::equipment_due_page`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DuePage {
    /// The items in the group, over all pages.
    #[ts(type = "number")]
    pub total: i64,
    pub items: Vec<DueItem>,
}
