//! Exports that import back unchanged, or as one update when a cell is edited.

use super::*;

#[test]
fn the_inventory_round_trips_and_an_edited_cell_updates_one_item() {
    let mut env = equipment_branch();
    let mut rows = unchanged_round_trip(&mut env, SheetKind::Equipment, 5, |l, p| {
        l.export_equipment(p, &EquipmentQuery::default(), false)
    });
    let headers: Vec<String> = rows[0].iter().map(text_of).collect();
    assert_eq!(
        headers,
        [
            "资产编号",
            "装备名称",
            "标准装备",
            "类别",
            "品牌型号",
            "序列号",
            "数量",
            "所在单位",
            "保管人",
            "状态",
            "购置日期",
            "无线视频传输",
            "经费来源",
            "价格（元）",
            "保修期至",
            "使用年限",
            "存放地点",
            "报废日期",
            "备注",
            "编号"
        ]
    );
    // The namesake custodian is written with the unit, as the import reads it.
    let r = find_row(&rows, "资产编号", "A-001");
    assert_eq!(text_of(&rows[r][col_of(&rows, "保管人")]), "王磊（第一执法中队）");
    assert_eq!(text_of(&rows[r][col_of(&rows, "无线视频传输")]), "是");
    let scrapped = find_row(&rows, "资产编号", "A-004");
    assert_eq!(text_of(&rows[scrapped][col_of(&rows, "状态")]), "已报废");
    assert_eq!(text_of(&rows[scrapped][col_of(&rows, "报废日期")]), "2024-01-05");

    // One cell edited in Excel: that item is updated, nothing else.
    let before = item(&env.ledger, "A-003");
    let r = find_row(&rows, "资产编号", "A-003");
    set(&mut rows, r, "存放地点", s("二楼仓库"));
    set(&mut rows, r, "数量", X::N(12.0));
    import_edited(&mut env, SheetKind::Equipment, &rows, 1);
    let after = item(&env.ledger, "A-003");
    assert_eq!((after.location.as_str(), after.quantity, after.revision), ("二楼仓库", 12, before.revision + 1));
    assert_eq!(everything(&env.ledger).len(), 5, "nothing added");
}

#[test]
fn the_inventory_exported_by_unit_puts_the_branch_s_own_items_on_its_sheet_and_imports_back_unchanged() {
    let mut env = equipment_branch();
    let sheets = by_unit_round_trip(&mut env, SheetKind::Equipment, 5, |l, p| {
        l.export_equipment(p, &EquipmentQuery::default(), true)
    });
    let mut want = [BRANCH, FIRST, SECOND];
    want.sort();
    assert_eq!(sheets, want, "a sheet per unit; items of no unit on the branch's");
}

#[test]
fn a_scrapped_item_cannot_be_brought_back_by_a_sheet() {
    let mut env = equipment_branch();
    let path = env.path("装备.xlsx");
    env.ledger.export_equipment(&path, &EquipmentQuery::default(), false).unwrap();
    let mut rows = read_back(&path);
    let r = find_row(&rows, "资产编号", "A-004");
    set(&mut rows, r, "状态", s("在用"));
    write_xlsx(&path, &rows, &[]);
    let before = records(env.ledger.conn());
    let report = rejected(env.ledger.import_equipment(&path, &opts()));
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert_eq!(report.errors[0].column, "状态");
    assert!(report.errors[0].reason.contains("已于 2024-01-05 报废"), "{}", report.errors[0].reason);
    assert!(records(env.ledger.conn()) == before);
}

#[test]
fn the_usage_sheet_round_trips_and_a_return_filled_in_closes_the_checkout() {
    let mut env = equipment_branch();
    let mut rows = unchanged_round_trip(&mut env, SheetKind::EquipmentUsage, 2, |l, p| l.export_equipment_usage(p));
    let headers: Vec<String> = rows[0].iter().map(text_of).collect();
    assert_eq!(
        headers,
        ["资产编号", "装备名称", "领用人", "领用日期", "用途", "预计归还日期", "归还日期", "备注", "编号"]
    );
    let open = find_row(&rows, "领用日期", "2024-04-01");
    assert_eq!(text_of(&rows[open][col_of(&rows, "领用人")]), "王磊（第二执法中队）");
    assert_eq!(item(&env.ledger, "A-001").checked_out_to.as_deref(), Some("王磊"));

    set(&mut rows, open, "归还日期", s("2024.4.10"));
    import_edited(&mut env, SheetKind::EquipmentUsage, &rows, 1);
    let recorder = item(&env.ledger, "A-001");
    assert_eq!(recorder.checked_out_to, None, "returned");
    let events = env.ledger.list_equipment_events(&[EventKind::Checkout]).unwrap();
    assert_eq!(events.len(), 2, "no checkout added");
    assert_eq!(events[0].returned_on.as_deref(), Some("2024-04-10"));

    // The same sheet again: nothing to do.
    let path = env.path("装备使用台账-改.xlsx");
    let r = env.ledger.import_equipment_usage(&path, &opts()).unwrap();
    assert_eq!((r.inserted, r.updated, r.unchanged), (0, 0, 2));
}

#[test]
fn the_maintenance_sheet_round_trips() {
    let mut env = equipment_branch();
    let mut rows =
        unchanged_round_trip(&mut env, SheetKind::EquipmentMaintenance, 2, |l, p| l.export_equipment_maintenance(p));
    let headers: Vec<String> = rows[0].iter().map(text_of).collect();
    assert_eq!(headers, ["资产编号", "装备名称", "日期", "类型", "单位", "费用", "结果", "备注", "编号"]);
    let r = find_row(&rows, "类型", "维修");
    assert_eq!(text_of(&rows[r][col_of(&rows, "费用")]), "850");
    set(&mut rows, r, "结果", s("更换电机和桨叶"));
    import_edited(&mut env, SheetKind::EquipmentMaintenance, &rows, 1);
    let drone = env.ledger.equipment_detail("A-005", None).unwrap();
    assert_eq!(drone.events.len(), 1);
    assert_eq!(drone.events[0].result, "更换电机和桨叶");
    assert_eq!(drone.events[0].vendor, "大疆售后");
}
