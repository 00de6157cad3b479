//! The equipment sheets in Excel: the inventory (执法装备), the 使用台账 and the 维护保养记录 —
//! exports that import back unchanged (or as one update when a cell is edited), a clerk's own
//! 装备台账 (a title row, synonym headers, padded names, a consumable's stock, a scrapped item, an
//! unknown unit through the add-or-map step), and the rows that must be refused: a standard item
//! the list lacks, a custodian two people could be, an asset number the inventory lacks.
//!
//! `round_trips.rs`: exports that come back unchanged; `clerk_sheets.rs`: sheets as clerks keep
//! them.

mod clerk_sheets;
#[path = "../common/mod.rs"]
mod common;
mod round_trips;

use std::path::Path;

use common::sheets::*;
use common::*;
use ledger_core::equipment::{
    CheckoutInput, EquipmentInput, EquipmentItem, EquipmentQuery, EventKind, ItemStatus, MaintenanceInput, ReturnInput,
    ScrapInput,
};
use ledger_core::people::{Staff, StaffInput, StaffQuery};
use ledger_core::sheets::SheetKind;
use ledger_core::store::excel::units::UNKNOWN_UNIT_REASON;
use ledger_core::store::excel::{ImportMode, ImportOptions, UnitChoice};
use ledger_core::Ledger;

const FIRST: &str = "第一执法中队";
const SECOND: &str = "第二执法中队";
const NORTH: &str = "城北生态环境保护所";

fn person(l: &Ledger, name: &str, unit: &str) -> Staff {
    l.list_staff(&StaffQuery::default())
        .unwrap()
        .items
        .into_iter()
        .find(|s| s.name == name && s.unit_name == unit)
        .unwrap_or_else(|| panic!("no {name} in {unit}"))
}

fn standard_id(l: &Ledger, name: &str) -> String {
    l.standard_list().unwrap().items.into_iter().find(|s| s.name == name).unwrap_or_else(|| panic!("no {name}")).id
}

fn item(l: &Ledger, asset_no: &str) -> EquipmentItem {
    l.equipment(asset_no).unwrap()
}

fn everything(l: &Ledger) -> Vec<EquipmentItem> {
    l.list_equipment(&EquipmentQuery::default()).unwrap().items
}

/// Two 王磊 (one in each 中队), 李玥; five items — a recorder with everything filled in, a
/// terminal in the second 中队, a stock of 20 reagent kits, a scrapped printer, a drone in repair —
/// two checkouts (one returned, one still out to the second 王磊) and two maintenance records.
fn equipment_branch() -> Env {
    let mut env = branch();
    let l = &mut env.ledger;
    let first = add_unit(l, FIRST, "执法中队");
    let second = add_unit(l, SECOND, "执法中队");
    let staff = |unit: &str, name: &str| StaffInput {
        unit_id: Some(unit.to_string()),
        name: name.into(),
        arrived_on: d("2019-05-01"),
        ..StaffInput::default()
    };
    let wang1 = l.create_staff(&staff(&first, "王磊")).unwrap();
    let wang2 = l.create_staff(&staff(&second, "王磊")).unwrap();
    let li = l.create_staff(&staff(&first, "李玥")).unwrap();
    let recorder = l
        .create_equipment(&EquipmentInput {
            asset_no: "A-001".into(),
            standard_item_id: Some(standard_id(l, "执法记录仪")),
            name: "执法记录仪".into(),
            model: "海康威视 DSJ-A8".into(),
            serial_no: "SN0012345".into(),
            acquired_on: d("2023-01-10"),
            funding: "财政拨款".into(),
            price: Some(3999.5),
            warranty_until: d("2026-01-09"),
            service_life_years: Some(6),
            unit_id: Some(first.clone()),
            location: "一中队装备室".into(),
            custodian_id: Some(wang1.id.clone()),
            wireless_video: true,
            note: "4G 图传".into(),
            ..EquipmentInput::default()
        })
        .unwrap();
    l.create_equipment(&EquipmentInput {
        asset_no: "A-002".into(),
        standard_item_id: Some(standard_id(l, "移动执法终端")),
        name: "移动执法终端".into(),
        acquired_on: d("2023-02-01"),
        unit_id: Some(second.clone()),
        custodian_id: Some(wang2.id.clone()),
        ..EquipmentInput::default()
    })
    .unwrap();
    l.create_equipment(&EquipmentInput {
        asset_no: "A-003".into(),
        standard_item_id: Some(standard_id(l, "快检试剂包")),
        name: "快检试剂包".into(),
        quantity: Some(20),
        acquired_on: d("2024-01-02"),
        ..EquipmentInput::default()
    })
    .unwrap();
    let printer = l
        .create_equipment(&EquipmentInput {
            asset_no: "A-004".into(),
            name: "旧打印机".into(),
            category: "办公设备".into(),
            acquired_on: d("2016-01-01"),
            ..EquipmentInput::default()
        })
        .unwrap();
    l.scrap_equipment(
        &printer.id,
        &ScrapInput {
            event_on: d("2024-01-05"),
            reason: "超过使用年限".into(),
            approval_doc: "滕环字〔2024〕1号".into(),
            ..ScrapInput::default()
        },
    )
    .unwrap();
    let drone = l
        .create_equipment(&EquipmentInput {
            asset_no: "A-005".into(),
            standard_item_id: Some(standard_id(l, "无人机")),
            name: "无人机".into(),
            acquired_on: d("2022-06-01"),
            custodian_id: Some(li.id.clone()),
            status: Some(ItemStatus::Repair),
            ..EquipmentInput::default()
        })
        .unwrap();
    l.checkout_equipment(
        &recorder.id,
        &CheckoutInput {
            person_id: li.id.clone(),
            event_on: d("2024-03-01"),
            purpose: "夜查".into(),
            expected_return_on: d("2024-03-05"),
            ..CheckoutInput::default()
        },
    )
    .unwrap();
    l.return_equipment(&recorder.id, &ReturnInput { returned_on: d("2024-03-04"), note: "完好".into() }).unwrap();
    l.checkout_equipment(
        &recorder.id,
        &CheckoutInput { person_id: wang2.id.clone(), event_on: d("2024-04-01"), ..CheckoutInput::default() },
    )
    .unwrap();
    l.maintain_equipment(
        &drone.id,
        &MaintenanceInput {
            kind: Some(EventKind::Repair),
            event_on: d("2024-02-01"),
            vendor: "大疆售后".into(),
            cost: Some(850.0),
            result: "更换电机".into(),
            ..MaintenanceInput::default()
        },
    )
    .unwrap();
    l.maintain_equipment(
        &recorder.id,
        &MaintenanceInput {
            kind: Some(EventKind::Calibration),
            event_on: d("2024-01-15"),
            vendor: "枣庄市计量所".into(),
            result: "合格".into(),
            ..MaintenanceInput::default()
        },
    )
    .unwrap();
    env
}
