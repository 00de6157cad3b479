//! Sheets as clerks keep them, and the rows that must be refused.

use super::*;

/// A clerk's own 装备台账: a title row, 型号 for 品牌型号, a padded name, a reagent stock of 20,
/// a scrapped printer with only its acquisition date, a namesake told apart by 所在单位, dates in
/// every form, √ for yes, prices written as text (`￥3,999.50`, `１２０元`), and 城北所 — a name
/// the organisation lacks; below them a 合计 row, the signatures and two lines of notes.
fn clerks_sheet(path: &Path) {
    #[rustfmt::skip]
    let rows = vec![
        row(&["滕州分局执法装备台账（2024年）"]),
        row(&["序号", "资产编号", "装备名称", "标准装备", "类别", "型号", "数量", "所在单位", "保管人", "状态", "购置日期", "无线视频传输", "单价"]),
        vec![s("1"), s("ZF-2024-001"), s("执法记录仪"), s("执法记录仪"), X::Blank, s("海康 DSJ-A8"), X::N(1.0), s(FIRST), s("李  玥"), s("在用"), s("2024.3.1"), s("√"), s("￥3,999.50")],
        vec![s("2"), s("ZF-2024-002"), s("快检试剂包"), s("快检试剂包"), X::Blank, X::Blank, X::N(20.0), s(FIRST), X::Blank, X::Blank, s("2024年3月1日"), X::Blank, s("１２０元")],
        vec![s("3"), s("ZF-2015-007"), s("旧打印机"), s("打印机"), s("办公设备"), s("HP 1020"), s("1台"), s("城北所"), X::Blank, s("已报废"), X::D(date(2015, 6, 1)), s("×"), X::Blank],
        vec![s("4"), X::N(20220503.0), s("多参数水质检测仪"), s("多参数其他检测仪"), X::Blank, X::Blank, X::Blank, s(SECOND), s("王磊"), s("维修中"), s("2022/5/20"), s("N"), X::N(12800.0)],
        // The total and the footer the form ends with: not records.
        vec![s("合  计"), X::Blank, X::Blank, X::Blank, X::Blank, X::Blank, X::N(22.0), X::Blank, X::Blank, X::Blank, X::Blank, X::Blank, X::N(16919.5)],
        vec![],
        row(&["填表人：张三", "", "", "", "审核人：李四", "", "", "", "", "", "填报日期：2024年3月5日"]),
        row(&["注：1.本表由各中队填报；"]),
        row(&["2.单价以发票为准。"]),
    ];
    write_xlsx(path, &rows, &[]);
}

#[test]
fn a_clerks_inventory_imports_every_field_and_again_changes_nothing() {
    let mut env = equipment_branch();
    add_unit(&mut env.ledger, NORTH, "生态环境保护所");
    let path = env.path("装备台账.xlsx");
    clerks_sheet(&path);

    // 城北所: not in the organisation. Nothing is written until the clerk says what it is.
    let before = records(env.ledger.conn());
    let r = rejected(env.ledger.import_equipment(&path, &opts()));
    assert_eq!(r.unknown_units.len(), 1);
    assert_eq!((r.unknown_units[0].name.as_str(), r.unknown_units[0].first_row), ("城北所", 5));
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert_eq!((r.errors[0].row, r.errors[0].reason.as_str()), (5, UNKNOWN_UNIT_REASON));
    assert!(records(env.ledger.conn()) == before, "a rejected import writes nothing");

    let mut o = opts();
    o.units.push(UnitChoice::Map { name: "城北所".into(), unit_id: unit_id(&env.ledger, NORTH) });
    let r = env.ledger.import_equipment(&path, &o).unwrap();
    assert_eq!((r.header_row, r.total_rows, r.inserted, r.rejected_rows), (2, 4, 4, 0), "{:?}", r.errors);
    assert_eq!(r.ignored_columns, ["序号"]);
    let set_aside: Vec<(u32, &str)> = r.set_aside.iter().map(|l| (l.row, l.text.as_str())).collect();
    assert_eq!(
        set_aside,
        [
            (7, "合  计 22 16919.5"),
            (9, "填表人：张三 审核人：李四 填报日期：2024年3月5日"),
            (10, "注：1.本表由各中队填报；"),
            (11, "2.单价以发票为准。")
        ]
    );
    assert_eq!(r.mapped_units, [format!("城北所 → {NORTH}")]);

    let l = &env.ledger;
    let recorder = item(l, "ZF-2024-001");
    assert_eq!(recorder.standard_item_name.as_deref(), Some("执法记录仪"));
    assert_eq!(recorder.category, "执法全过程记录", "the category comes from the standard item");
    assert_eq!(recorder.model, "海康 DSJ-A8");
    assert_eq!(recorder.custodian_id, Some(person(l, "李玥", FIRST).id), "the padded name is found");
    assert_eq!((recorder.unit_name.as_str(), recorder.status), (FIRST, ItemStatus::InUse));
    assert_eq!(recorder.acquired_on.as_deref(), Some("2024-03-01"));
    assert!(recorder.wireless_video);
    assert_eq!(recorder.price, Some(3999.5));

    let kits = item(l, "ZF-2024-002");
    assert_eq!((kits.quantity, kits.status, kits.custodian_id.clone()), (20, ItemStatus::InUse, None));
    assert!(!kits.wireless_video, "blank is 否");
    assert_eq!(kits.price, Some(120.0));

    let printer = item(l, "ZF-2015-007");
    assert_eq!(printer.status, ItemStatus::Scrapped);
    assert_eq!(printer.scrapped_on.as_deref(), Some("2015-06-01"), "no 报废日期: dated its acquisition");
    assert_eq!((printer.unit_name.as_str(), printer.quantity, printer.category.as_str()), (NORTH, 1, "办公设备"));
    assert_eq!(printer.standard_item_name.as_deref(), Some("打印机"));
    let history = l.equipment_detail(&printer.id, None).unwrap().events;
    assert_eq!(history.len(), 1);
    assert_eq!((history[0].kind, history[0].event_on.as_str()), (EventKind::Scrap, "2015-06-01"));
    assert!(history[0].note.contains("按购置日期"), "{}", history[0].note);

    let meter = item(l, "20220503");
    assert_eq!(meter.custodian_id, Some(person(l, "王磊", SECOND).id), "told apart by 所在单位");
    assert_eq!((meter.status, meter.standard_item_name.as_deref()), (ItemStatus::Repair, Some("多参数其他检测仪")));

    // The same sheet again (the mapping is now remembered as an alias): every row 无变化.
    let before = records(env.ledger.conn());
    let r = env.ledger.import_equipment(&path, &opts()).unwrap();
    assert_eq!((r.inserted, r.updated, r.unchanged), (0, 0, 4), "{:?}", r.errors);
    assert!(records(env.ledger.conn()) == before);
}

#[test]
fn a_standard_item_the_list_lacks_is_an_error_that_names_it_and_nothing_is_written() {
    let mut env = equipment_branch();
    let path = env.path("装备.xlsx");
    write_xlsx(
        &path,
        &[
            row(&["资产编号", "装备名称", "标准装备", "数量"]),
            row(&["B-001", "执法记录仪", "执法记录仪", "1"]),
            row(&["B-002", "多参数水质检测仪", "多参数检测仪", "1"]),
        ],
        &[],
    );
    let before = records(env.ledger.conn());
    let audit = audit_rows(env.ledger.conn());
    let r = rejected(env.ledger.import_equipment(&path, &opts()));
    assert_eq!(r.errors.len(), 1);
    let e = &r.errors[0];
    assert_eq!((e.row, e.column.as_str(), e.value.as_str()), (3, "标准装备", "多参数检测仪"));
    assert_eq!(e.reason, "标准装备清单中没有“多参数检测仪”，请先在标准装备清单中添加或改用清单中的名称");
    assert!(records(env.ledger.conn()) == before, "nothing written");
    assert_eq!(audit_rows(env.ledger.conn()), audit);

    // Valid rows only: the good row goes in, the bad one is reported.
    let r = env.ledger.import_equipment(&path, &ImportOptions::new(ImportMode::ValidRowsOnly, 2024)).unwrap();
    assert_eq!((r.inserted, r.rejected_rows), (1, 1));
    assert!(env.ledger.equipment("B-002").is_err());
}

#[test]
fn a_retired_standard_item_may_still_be_named() {
    let mut env = equipment_branch();
    let edition = r#"
        # A TEST EDITION, written by this test: not an official list.
        edition = "测试版"
        [[groups]]
        group = "⑥"
        name = "信息化设备"
        points = 0.5
        [[items]]
        name = "执法记录仪"
        category = "执法全过程记录"
        [[items]]
        name = "测试用新装备"
        group = "⑥"
    "#;
    let report = env.ledger.load_standard_edition(edition, "测试版", false).unwrap();
    assert!(report.retired.contains(&"打印机".to_string()));
    let path = env.path("装备.xlsx");
    write_xlsx(&path, &[row(&["资产编号", "装备名称", "标准装备"]), row(&["C-001", "激光打印机", "打印机"])], &[]);
    env.ledger.import_equipment(&path, &opts()).unwrap();
    assert_eq!(item(&env.ledger, "C-001").standard_item_name.as_deref(), Some("打印机"));
}

#[test]
fn a_custodian_two_people_could_be_is_an_error_naming_both() {
    let mut env = equipment_branch();
    let path = env.path("装备.xlsx");
    // No 所在单位 column at all, then one with the cell left blank.
    write_xlsx(&path, &[row(&["资产编号", "装备名称", "保管人"]), row(&["D-001", "测距仪", "王 磊"])], &[]);
    let before = records(env.ledger.conn());
    let r = rejected(env.ledger.import_equipment(&path, &opts()));
    assert_eq!(r.errors.len(), 1);
    let e = &r.errors[0];
    assert_eq!(e.column, "保管人");
    assert!(e.reason.contains(FIRST) && e.reason.contains(SECOND), "{}", e.reason);
    assert!(e.reason.contains("王磊"), "{}", e.reason);

    write_xlsx(
        &path,
        &[row(&["资产编号", "装备名称", "所在单位", "保管人"]), row(&["D-001", "测距仪", "", "王磊"])],
        &[],
    );
    let r = rejected(env.ledger.import_equipment(&path, &opts()));
    assert!(r.errors[0].reason.contains(FIRST) && r.errors[0].reason.contains(SECOND), "{:?}", r.errors);
    assert!(records(env.ledger.conn()) == before);

    // Written as the sheets write a namesake: found.
    write_xlsx(
        &path,
        &[row(&["资产编号", "装备名称", "保管人"]), row(&["D-001", "测距仪", "王磊（第二执法中队）"])],
        &[],
    );
    env.ledger.import_equipment(&path, &opts()).unwrap();
    assert_eq!(item(&env.ledger, "D-001").custodian_id, Some(person(&env.ledger, "王磊", SECOND).id));
}

#[test]
fn without_a_unit_column_the_sheet_s_name_or_a_group_heading_gives_items_their_unit() {
    let mut env = equipment_branch();
    let path = env.path("各中队装备.xlsx");
    let header = row(&["资产编号", "装备名称", "数量"]);
    // A sheet per unit, named for it; and a list under unit headings, on a sheet named for what
    // it is, whose first row (A-001, in the first 中队) stands under no heading.
    let first = [header.clone(), row(&["E-101", "激光测距仪", "1"])];
    #[rustfmt::skip]
    let list = [
        header.clone(),
        row(&["A-001", "执法记录仪", "1"]),
        row(&[SECOND, "", ""]),
        row(&["E-201", "红外测温仪", "2"]),
    ];
    write_workbook(&path, &[(FIRST, &first, &[]), ("装备清单", &list, &[])]);

    let r = env.ledger.import_equipment(&path, &opts()).unwrap();
    assert_eq!((r.sheet.as_str(), r.inserted, r.sheets.len()), (FIRST, 1, 2), "{:?}", r.errors);
    assert_eq!(r.sheet_name_note, format!("表中没有“所在单位”列，按工作表名称填为“{FIRST}”"));
    assert_eq!(item(&env.ledger, "E-101").unit_name, FIRST);

    let r = env.ledger.import_equipment(&path, &ImportOptions { sheet: Some("装备清单".into()), ..opts() }).unwrap();
    assert_eq!((r.inserted, r.updated + r.unchanged, r.sheet_name_note.as_str()), (1, 1, ""), "{:?}", r.errors);
    assert_eq!(item(&env.ledger, "E-201").unit_name, SECOND, "the heading's unit");
    assert_eq!(item(&env.ledger, "A-001").unit_name, FIRST, "under no heading: the item keeps its unit");
}

#[test]
fn an_unknown_unit_can_be_added_through_the_add_or_map_step() {
    let mut env = equipment_branch();
    let path = env.path("装备.xlsx");
    write_xlsx(&path, &[row(&["资产编号", "装备名称", "所在单位"]), row(&["E-001", "测距仪", "东湖驻巡站"])], &[]);
    let dry = env.ledger.import_equipment(&path, &ImportOptions::new(ImportMode::DryRun, 2024));
    let dry = dry.unwrap();
    assert_eq!(dry.unknown_units.len(), 1);
    assert_eq!(dry.unknown_units[0].suggested_kind, "驻巡站");
    let mut o = opts();
    o.units.push(UnitChoice::Create { name: "东湖驻巡站".into(), kind: "驻巡站".into() });
    let r = env.ledger.import_equipment(&path, &o).unwrap();
    assert_eq!(r.created_units, ["东湖驻巡站（驻巡站）"]);
    assert_eq!(item(&env.ledger, "E-001").unit_name, "东湖驻巡站");
}

#[test]
fn usage_and_maintenance_rows_naming_an_unknown_asset_number_are_errors_that_name_it() {
    let mut env = equipment_branch();
    let before = records(env.ledger.conn());
    let usage = env.path("使用台账.xlsx");
    write_xlsx(
        &usage,
        &[
            row(&["资产编号", "领用人", "领用日期", "用途", "预计归还日期", "归还日期"]),
            row(&["A-003", "李玥", "2024-05-01", "快检", "2024-05-02", "2024-05-02"]),
            row(&["Z-999", "李玥", "2024-05-01", "", "", ""]),
        ],
        &[],
    );
    let r = rejected(env.ledger.import_equipment_usage(&usage, &opts()));
    assert_eq!(r.errors.len(), 1);
    assert_eq!((r.errors[0].row, r.errors[0].column.as_str()), (3, "资产编号"));
    assert!(r.errors[0].reason.contains("“Z-999”"), "{}", r.errors[0].reason);

    let maintenance = env.path("维护保养记录.xlsx");
    write_xlsx(
        &maintenance,
        &[
            row(&["资产编号", "日期", "类型", "检定单位", "费用", "结果"]),
            row(&["Z-998", "2024-05-01", "校准", "", "", ""]),
        ],
        &[],
    );
    let r = rejected(env.ledger.import_equipment_maintenance(&maintenance, &opts()));
    assert!(r.errors[0].reason.contains("“Z-998”"), "{}", r.errors[0].reason);
    assert!(records(env.ledger.conn()) == before);
}

#[test]
fn a_clerks_usage_sheet_keeps_one_open_checkout_per_item_and_imports_once() {
    let mut env = equipment_branch();
    let path = env.path("使用台账.xlsx");
    // The recorder is out to 王磊 of the second 中队; a new checkout of it is refused.
    write_xlsx(
        &path,
        &[
            row(&["资产编号", "领用人", "领用日期", "用途", "预计归还日期", "归还日期"]),
            row(&["A-001", "李玥", "2024-05-01", "", "", ""]),
        ],
        &[],
    );
    let r = rejected(env.ledger.import_equipment_usage(&path, &opts()));
    assert!(r.errors[0].reason.contains("尚未归还"), "{:?}", r.errors);

    // The same sheet closing the open one first: accepted, whatever the order of the rows.
    write_xlsx(
        &path,
        &[
            row(&["资产编号", "领用人", "领用日期", "用途", "预计归还日期", "归还日期"]),
            row(&["A-001", "李玥", "2024-05-01", "专项检查", "2024-05-03", ""]),
            row(&["A-001", "王磊（第二执法中队）", "2024-04-01", "", "", "2024-04-30"]),
            row(&["A-002", "王磊（第二执法中队）", "2024-05-02", "", "", "2024/5/6"]),
        ],
        &[],
    );
    let r = env.ledger.import_equipment_usage(&path, &opts()).unwrap();
    assert_eq!((r.inserted, r.updated, r.unchanged), (2, 1, 0), "{:?}", r.errors);
    assert_eq!(item(&env.ledger, "A-001").checked_out_to.as_deref(), Some("李玥"));
    assert_eq!(item(&env.ledger, "A-002").checked_out_to, None, "a row with 归还日期 is a closed checkout");
    let r = env.ledger.import_equipment_usage(&path, &opts()).unwrap();
    assert_eq!((r.inserted, r.updated, r.unchanged), (0, 0, 3));

    // Two open rows for one item, a return before the checkout, a checkout before the acquisition.
    write_xlsx(
        &path,
        &[
            row(&["资产编号", "领用人", "领用日期", "归还日期"]),
            row(&["A-003", "李玥", "2024-06-01", ""]),
            row(&["A-003", "王磊（第一执法中队）", "2024-06-02", ""]),
            row(&["A-002", "李玥", "2024-06-01", "2024-05-31"]),
            row(&["A-003", "李玥", "2023-12-01", "2023-12-02"]),
        ],
        &[],
    );
    let r = rejected(env.ledger.import_equipment_usage(&path, &opts()));
    let at: Vec<(u32, &str)> = r.errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    assert_eq!(at, [(3, "归还日期"), (4, "归还日期"), (5, "领用日期")], "{:?}", r.errors);
}

#[test]
fn a_clerks_maintenance_sheet_reads_every_spelling_and_refuses_a_scrapped_item() {
    let mut env = equipment_branch();
    let path = env.path("维护保养记录.xlsx");
    write_xlsx(
        &path,
        &[
            row(&["资产编号", "日期", "类型", "维修单位", "费用", "结果", "备注"]),
            row(&["A-001", "2025.1.15", "检定", "枣庄市计量所", "120元", "合格", ""]),
            row(&["A-002", "2024年6月1日", "保养", "", "", "", "清洁"]),
            row(&["A-005", "2024-06-01", "年检", "", "0", "正常", ""]),
        ],
        &[],
    );
    let r = env.ledger.import_equipment_maintenance(&path, &opts()).unwrap();
    assert_eq!((r.inserted, r.rejected_rows), (3, 0), "{:?}", r.errors);
    let cal = env.ledger.equipment_detail("A-001", None).unwrap().events;
    let c = cal.iter().find(|e| e.event_on == "2025-01-15").unwrap();
    assert_eq!(
        (c.kind, c.vendor.as_str(), c.cost, c.result.as_str()),
        (EventKind::Calibration, "枣庄市计量所", Some(120.0), "合格")
    );
    let kinds: Vec<EventKind> = env
        .ledger
        .list_equipment_events(&[])
        .unwrap()
        .iter()
        .filter(|e| e.event_on == "2024-06-01")
        .map(|e| e.kind)
        .collect();
    assert!(kinds.contains(&EventKind::Maintenance) && kinds.contains(&EventKind::Inspection), "{kinds:?}");
    let r = env.ledger.import_equipment_maintenance(&path, &opts()).unwrap();
    assert_eq!((r.inserted, r.updated, r.unchanged), (0, 0, 3));

    write_xlsx(
        &path,
        &[
            row(&["资产编号", "日期", "类型"]),
            row(&["A-004", "2024-06-01", "维修"]),
            row(&["A-001", "2024-06-01", "领用"]),
            row(&["A-001", "2022-06-01", "维护保养"]),
        ],
        &[],
    );
    let r = rejected(env.ledger.import_equipment_maintenance(&path, &opts()));
    let at: Vec<(u32, &str)> = r.errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    assert_eq!(at, [(2, "资产编号"), (3, "类型"), (4, "日期")], "{:?}", r.errors);
    assert!(r.errors[0].reason.contains("已报废"));
    assert!(r.errors[2].reason.contains("2023-01-10"));
}
