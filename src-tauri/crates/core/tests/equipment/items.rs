//! Items: checkouts and returns, transfers and scrapping, searches, unique asset numbers, and
//! the maintenance schedules with their due dates.

use super::*;

#[test]
fn checkout_and_return_keep_one_open_loan_and_a_dated_history() {
    let mut env = branch();
    let who = certified(&mut env.ledger, "王喆");
    let id = add(&mut env.ledger, item("WRJ-01", "无人机"));
    env.ledger
        .checkout_equipment(
            &id,
            &CheckoutInput {
                person_id: who.clone(),
                event_on: Some("2024-08-01".into()),
                purpose: "夜间巡查".into(),
                expected_return_on: Some("2024-08-05".into()),
                note: String::new(),
            },
        )
        .unwrap();
    let again =
        env.ledger.checkout_equipment(&id, &CheckoutInput { person_id: who.clone(), ..CheckoutInput::default() });
    assert_eq!(again.unwrap_err().to_string(), "装备“WRJ-01”已被王喆领用，尚未归还");
    let out =
        env.ledger.list_equipment(&EquipmentQuery { checked_out: Some(true), ..EquipmentQuery::default() }).unwrap();
    assert_eq!((out.total, out.items[0].checked_out_to.as_deref()), (1, Some("王喆")));
    // Overdue on 2024-08-10: the return is due.
    let due = env.ledger.equipment_due(date(2024, 8, 10), 30).unwrap();
    assert_eq!((due[0].what, due[0].days, due[0].band.as_str()), (EventKind::Checkout, -5, "已逾期"));
    let err = env
        .ledger
        .return_equipment(&id, &ReturnInput { returned_on: Some("2024-07-31".into()), note: String::new() })
        .unwrap_err();
    assert_eq!(err.to_string(), "归还日期：早于领用日期 2024-08-01");
    env.ledger
        .return_equipment(&id, &ReturnInput { returned_on: Some("2024-08-09".into()), note: String::new() })
        .unwrap();
    assert!(env.ledger.equipment_due(date(2024, 8, 10), 30).unwrap().is_empty());
    let detail = env.ledger.equipment_detail(&id, None).unwrap();
    assert_eq!((detail.events.len(), detail.events[0].returned_on.as_deref()), (1, Some("2024-08-09")));
}

#[test]
fn transfer_and_scrap_change_the_item_and_are_audited() {
    let mut env = branch();
    let squad = env
        .ledger
        .add_unit(&UnitInput { name: "第一执法中队".into(), kind: "执法中队".into(), parent_id: None })
        .unwrap();
    let who = certified(&mut env.ledger, "李堃");
    let id = add(&mut env.ledger, item("RXJ-01", "热成像仪"));
    env.ledger
        .transfer_equipment(
            &id,
            &TransferInput {
                to_unit_id: Some(squad.id.clone()),
                to_custodian_id: Some(who),
                event_on: Some("2024-03-01".into()),
                note: String::new(),
            },
        )
        .unwrap();
    let it = env.ledger.equipment(&id).unwrap();
    assert_eq!((it.unit_name.as_str(), it.custodian_name.as_deref()), ("第一执法中队", Some("李堃")));
    env.ledger
        .maintain_equipment(
            &id,
            &MaintenanceInput {
                kind: Some(EventKind::Repair),
                event_on: Some("2024-04-01".into()),
                vendor: "厂家售后".into(),
                cost: Some(1200.0),
                result: "送修".into(),
                note: String::new(),
                status_after: Some(ItemStatus::Repair),
            },
        )
        .unwrap();
    assert_eq!(env.ledger.equipment(&id).unwrap().status, ItemStatus::Repair);
    env.ledger
        .scrap_equipment(
            &id,
            &ScrapInput {
                event_on: Some("2024-05-01".into()),
                reason: "维修无价值".into(),
                approval_doc: "滕环装〔2024〕3号".into(),
                note: String::new(),
            },
        )
        .unwrap();
    let it = env.ledger.equipment(&id).unwrap();
    assert_eq!((it.status, it.scrapped_on.as_deref()), (ItemStatus::Scrapped, Some("2024-05-01")));
    let err = env
        .ledger
        .maintain_equipment(
            &id,
            &MaintenanceInput { kind: Some(EventKind::Maintenance), ..MaintenanceInput::default() },
        )
        .unwrap_err();
    assert!(err.to_string().contains("已报废"), "{err}");
    let err = env
        .ledger
        .update_equipment(&id, it.revision, &EquipmentInput { status: Some(ItemStatus::Scrapped), ..it.to_input() })
        .unwrap_err();
    assert_eq!(err.to_payload().field.as_deref(), Some("状态"));
    let kinds: Vec<EventKind> = env.ledger.equipment_detail(&id, None).unwrap().events.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [EventKind::Scrap, EventKind::Repair, EventKind::Transfer]);
    let audit =
        env.ledger.audit_log(&AuditQuery { entity: Some("equipment_event".into()), ..AuditQuery::default() }).unwrap();
    assert_eq!(audit.total, 3);
    assert_eq!(audit.items[0].summary, "RXJ-01 报废 2024-05-01");
}

#[test]
fn full_width_searches_find_plain_items_and_the_other_way_round_after_an_upgrade_too() {
    let mut env = branch();
    let wide = add(&mut env.ledger, item("ＪＬ－００１", "执法记录仪"));
    let plain = add(&mut env.ledger, EquipmentInput { model: "DSJ-V9".into(), ..item("JL-002", "执法记录仪") });
    let found = |l: &Ledger, q: &str| -> Vec<String> {
        let q = EquipmentQuery { search: Some(q.into()), ..EquipmentQuery::default() };
        let mut ids: Vec<String> = l.list_equipment(&q).unwrap().items.into_iter().map(|i| i.id).collect();
        ids.sort();
        ids
    };
    let mut both = vec![wide.clone(), plain.clone()];
    both.sort();
    assert_eq!(found(&env.ledger, "jl-001"), [wide.as_str()]);
    assert_eq!(found(&env.ledger, "ＤＳＪ"), [plain.as_str()]);
    assert_eq!(found(&env.ledger, "　ｊｌ－"), both);
    assert_eq!(env.ledger.equipment(&wide).unwrap().asset_no, "ＪＬ－００１", "kept as typed");

    // As an older program left it: the search text only in lower case.
    env.ledger
        .conn()
        .execute_batch(
            "UPDATE equipment_items SET search_text =
                 lower(asset_no || char(31) || name || char(31) || model || char(31) || serial_no || char(31) || location);
             DELETE FROM settings WHERE key = 'search_folding';",
        )
        .unwrap();
    assert!(found(&env.ledger, "jl-001").is_empty());
    let l = env.reopen();
    assert_eq!(found(&l, "jl-001"), [wide.as_str()]);
    assert_eq!(found(&l, "ＤＳＪ"), [plain.as_str()]);
}

#[test]
fn asset_numbers_are_unique_and_bad_fields_are_named() {
    let mut env = branch();
    add(&mut env.ledger, item("ZB-001", "打印机"));
    let before = dump(env.ledger.conn());
    let copier = EquipmentInput { standard_item_id: None, ..item("ZB-001", "复印机") };
    let err = env.ledger.create_equipment(&copier).unwrap_err();
    assert_eq!(err.to_string(), "资产编号：“ZB-001”已用于“打印机”");
    let err =
        env.ledger.create_equipment(&EquipmentInput { price: Some(-1.0), ..item("ZB-002", "复印机") }).unwrap_err();
    assert_eq!(err.to_payload().field.as_deref(), Some("价格"));
    let err = env
        .ledger
        .create_equipment(&EquipmentInput { acquired_on: Some("2024-02-30".into()), ..item("ZB-002", "复印机") })
        .unwrap_err();
    assert_eq!(err.to_payload().field.as_deref(), Some("购置日期"));
    assert_eq!(dump(env.ledger.conn()), before);
}

/// A calibration schedule on `standard`, every `months` months.
fn schedule(l: &mut Ledger, standard: &str, months: i64) {
    l.create_schedule(&ScheduleInput {
        standard_item_id: Some(standard_id(l, standard)),
        kind: Some(EventKind::Calibration),
        every_months: months,
        ..ScheduleInput::default()
    })
    .unwrap();
}

fn calibrate(l: &mut Ledger, id: &str, on: &str) {
    l.maintain_equipment(
        id,
        &MaintenanceInput {
            kind: Some(EventKind::Calibration),
            event_on: Some(on.into()),
            ..MaintenanceInput::default()
        },
    )
    .unwrap();
}

#[rstest]
#[case::month_end_into_a_leap_february("2024-01-31", 1, "2024-02-29")]
#[case::month_end_into_a_common_february("2023-01-31", 1, "2023-02-28")]
#[case::leap_day_plus_a_year("2024-02-29", 12, "2025-02-28")]
#[case::leap_day_plus_four_years("2024-02-29", 48, "2028-02-29")]
#[case::thirty_first_into_a_thirty_day_month("2024-08-31", 1, "2024-09-30")]
#[case::across_the_year_end("2024-11-30", 3, "2025-02-28")]
fn a_schedule_comes_due_the_same_day_months_later_clamped_to_the_months_end(
    #[case] done: &str,
    #[case] months: i64,
    #[case] due: &str,
) {
    let mut env = branch();
    let id = add(&mut env.ledger, EquipmentInput { acquired_on: Some("2020-01-01".into()), ..item("LL-01", "流量计") });
    schedule(&mut env.ledger, "流量计", months);
    calibrate(&mut env.ledger, &id, done);
    let d = ledger_core::store::dates::parse_date(done).unwrap();
    let all = env.ledger.equipment_due(d, 5000).unwrap();
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!((all[0].due_on.as_str(), all[0].last_done_on.as_deref()), (due, Some(done)));
}

#[test]
fn the_due_list_shows_overdue_and_due_soon_work_and_forgets_scrapped_items() {
    let mut env = branch();
    let a = add(
        &mut env.ledger,
        EquipmentInput { acquired_on: Some("2023-08-20".into()), ..item("FC-01", "粉尘快速测定仪") },
    );
    let b = add(
        &mut env.ledger,
        EquipmentInput { acquired_on: Some("2023-06-01".into()), ..item("FC-02", "粉尘快速测定仪") },
    );
    let c = add(
        &mut env.ledger,
        EquipmentInput { acquired_on: Some("2023-01-01".into()), ..item("FC-03", "粉尘快速测定仪") },
    );
    schedule(&mut env.ledger, "粉尘快速测定仪", 12);
    // An item's own yearly inspection, never done, counted from its start.
    env.ledger
        .create_schedule(&ScheduleInput {
            item_id: Some(a.clone()),
            kind: Some(EventKind::Inspection),
            every_months: 12,
            start_on: Some("2023-09-01".into()),
            ..ScheduleInput::default()
        })
        .unwrap();
    calibrate(&mut env.ledger, &c, "2024-01-10");
    env.ledger
        .scrap_equipment(
            &b,
            &ScrapInput { reason: "损坏".into(), event_on: Some("2024-07-01".into()), ..ScrapInput::default() },
        )
        .unwrap();
    let due = env.ledger.equipment_due(date(2024, 8, 15), 30).unwrap();
    let shown: Vec<(&str, EventKind, &str, i64, &str)> =
        due.iter().map(|x| (x.asset_no.as_str(), x.what, x.due_on.as_str(), x.days, x.band.as_str())).collect();
    assert_eq!(
        shown,
        [
            ("FC-01", EventKind::Calibration, "2024-08-20", 5, "7天内"),
            ("FC-01", EventKind::Inspection, "2024-09-01", 17, "30天内"),
        ]
    );
    // FC-03 was calibrated in January: next January, outside the window; FC-02 is scrapped.
    let year = env.ledger.equipment_due(date(2024, 8, 15), 365).unwrap();
    assert!(year.iter().any(|x| x.asset_no == "FC-03" && x.due_on == "2025-01-10"));
    assert!(!year.iter().any(|x| x.asset_no == "FC-02"));
    // The home page's counts: the same list, counted.
    let counts = |d, days| env.ledger.equipment_due_counts(d, days).unwrap();
    assert_eq!(counts(date(2024, 8, 15), 30), DueCounts { soon: 2, overdue: 0 });
    assert_eq!(counts(date(2024, 10, 1), 30), DueCounts { soon: 0, overdue: 2 });
    assert_eq!(counts(date(2024, 10, 1), 120), DueCounts { soon: 1, overdue: 2 });
}

/// 到期提醒's page on a branch whose dust meters are calibrated yearly from their acquisition:
/// on 2024-08-15, two are overdue, two due on 20 August, one in September, one in October, and
/// one (December) is outside a 60-day window.
fn due_branch() -> Env {
    let mut env = branch();
    for (asset, acquired) in [
        ("FC-01", "2023-08-01"),
        ("FC-02", "2023-08-10"),
        ("FC-03", "2023-08-20"),
        ("FC-04", "2023-08-20"),
        ("FC-05", "2023-09-10"),
        ("FC-06", "2023-10-10"),
        ("FC-07", "2023-12-01"),
    ] {
        add(&mut env.ledger, EquipmentInput { acquired_on: Some(acquired.into()), ..item(asset, "粉尘快速测定仪") });
    }
    schedule(&mut env.ledger, "粉尘快速测定仪", 12);
    env
}

fn assets(items: &[ledger_core::equipment::DueItem]) -> Vec<&str> {
    items.iter().map(|x| x.asset_no.as_str()).collect()
}

#[test]
fn the_due_page_gets_counts_over_everything_and_one_page_of_each_group() {
    let mut env = due_branch();
    let d = date(2024, 8, 15);
    let view = env.ledger.equipment_due_view(d, 60, None, 1).unwrap();

    let bands: Vec<(&str, i64)> = view.bands.iter().map(|b| (b.band.as_str(), b.count)).collect();
    assert_eq!(bands, [("已逾期", 2), ("7天内", 2), ("30天内", 1), ("60天内", 1), ("90天内", 0), ("90天后", 0)]);
    let days: Vec<(&str, i64, bool)> = view.days.iter().map(|x| (x.due_on.as_str(), x.count, x.overdue)).collect();
    assert_eq!(
        days,
        [
            ("2024-08-01", 1, true),
            ("2024-08-10", 1, true),
            ("2024-08-20", 2, false),
            ("2024-09-10", 1, false),
            ("2024-10-10", 1, false)
        ]
    );
    assert_eq!(view.total, 6);
    let groups: Vec<(&str, i64, Vec<&str>)> =
        view.groups.iter().map(|g| (g.key.as_str(), g.total, assets(&g.items))).collect();
    assert_eq!(
        groups,
        [
            ("overdue", 2, vec!["FC-01"]),
            ("2024-08", 2, vec!["FC-03"]),
            ("2024-09", 1, vec!["FC-05"]),
            ("2024-10", 1, vec!["FC-06"])
        ]
    );

    // The rest of a group, a page at a time.
    let mut page = |group: &str, offset| env.ledger.equipment_due_page(d, 60, None, group, offset, 1).unwrap();
    assert_eq!((page("overdue", 1).total, assets(&page("overdue", 1).items)), (2, vec!["FC-02"]));
    assert_eq!(assets(&page("2024-08", 1).items), ["FC-04"]);
    assert!(page("2024-08", 2).items.is_empty());
    assert_eq!(page("2024-12", 0).total, 0);

    // The pages of the groups, in order, are the whole due list.
    let whole = env.ledger.equipment_due_view(d, 60, None, 1000).unwrap();
    let listed: Vec<_> = whole.groups.into_iter().flat_map(|g| g.items).collect();
    assert_eq!(listed, env.ledger.equipment_due(d, 60).unwrap());
}

#[test]
fn a_day_picked_on_the_due_calendar_lists_only_that_day_and_keeps_the_counts() {
    let mut env = due_branch();
    let d = date(2024, 8, 15);
    let view = env.ledger.equipment_due_view(d, 60, Some(date(2024, 8, 20)), 50).unwrap();
    assert_eq!(view.total, 2);
    assert_eq!(view.groups.len(), 1);
    assert_eq!((view.groups[0].key.as_str(), assets(&view.groups[0].items)), ("2024-08", vec!["FC-03", "FC-04"]));
    assert_eq!(view.days.len(), 5, "the calendar still counts every day");
    assert_eq!(view.bands[0].count, 2);

    let page = env.ledger.equipment_due_page(d, 60, Some(date(2024, 8, 20)), "2024-08", 0, 50).unwrap();
    assert_eq!(assets(&page.items), ["FC-03", "FC-04"]);
    let overdue_day = env.ledger.equipment_due_view(d, 60, Some(date(2024, 8, 10)), 50).unwrap();
    assert_eq!(overdue_day.groups.iter().map(|g| g.key.as_str()).collect::<Vec<_>>(), ["overdue"]);
}

#[test]
fn the_due_page_shows_the_window_asked_and_follows_work_recorded_after_it_was_shown() {
    let mut env = due_branch();
    let d = date(2024, 8, 15);
    let before = env.ledger.equipment_due_view(d, 60, None, 50).unwrap();
    assert_eq!((before.total, assets(&before.groups[0].items)), (6, vec!["FC-01", "FC-02"]));
    // Another window, then back (the page keeps only the latest window's items).
    assert_eq!(env.ledger.equipment_due_view(d, 7, None, 50).unwrap().total, 4);
    assert_eq!(env.ledger.equipment_due_view(d, 60, None, 50).unwrap(), before);

    let fc01 = before.groups[0].items[0].item_id.clone();
    calibrate(&mut env.ledger, &fc01, "2024-08-14");
    let after = env.ledger.equipment_due_view(d, 60, Some(date(2024, 8, 1)), 50).unwrap();
    assert_eq!(after.total, 0, "FC-01 was calibrated: nothing is due on 1 August any more");
    assert_eq!(after.bands[0].count, 1);
    let overdue = env.ledger.equipment_due_page(d, 60, None, "overdue", 0, 50).unwrap();
    assert_eq!(assets(&overdue.items), ["FC-02"]);
}

#[rstest]
#[case::not_a_group("soon")]
#[case::no_such_month("2024-13")]
#[case::a_day_not_a_month("2024-08-20")]
fn a_due_group_that_is_neither_overdue_nor_a_month_is_refused(#[case] group: &str) {
    let mut env = due_branch();
    let err = env.ledger.equipment_due_page(date(2024, 8, 15), 60, None, group, 0, 50).unwrap_err();
    assert!(matches!(&err, LedgerError::Invalid { field, .. } if field == "分组"), "{err:?}");
    assert!(err.to_string().contains(group), "{err}");
    let err = env.ledger.equipment_due_view(date(2024, 8, 15), -1, None, 50).unwrap_err();
    assert!(matches!(&err, LedgerError::Invalid { field, .. } if field == "天数"), "{err:?}");
}

#[test]
fn a_newer_edition_keeps_the_links_of_the_items_it_still_lists_and_retires_the_rest() {
    let mut env = branch();
    let kept = add(&mut env.ledger, item("CJ-01", "测距仪"));
    let dropped = add(&mut env.ledger, item("CZ-01", "传真机"));
    // A test edition (not an official text): drops 传真机, adds 热电风速仪, sets a quantity.
    let edition = r#"
        edition = "2024-test"
        [[groups]]
        group = "③"
        name = "现场执法辅助设备"
        points = 0.5
        [[items]]
        name = "测距仪"
        category = "现场执法辅助设备"
        group = "③"
        required = 2
        [[items]]
        name = "热电风速仪"
        category = "现场执法辅助设备"
        group = "③"
    "#;
    let before = dump(env.ledger.conn());
    let preview = env.ledger.load_standard_edition(edition, "测试新版.toml", true).unwrap();
    assert_eq!(dump(env.ledger.conn()), before, "a preview writes nothing");
    assert_eq!(preview.added, ["热电风速仪"]);
    assert!(preview.retired.contains(&"传真机".to_string()));
    assert_eq!(preview.items_on_retired, 1);
    env.ledger.load_standard_edition(edition, "测试新版.toml", false).unwrap();
    let list = env.ledger.standard_list().unwrap();
    assert_eq!(list.edition, "2024-test");
    let still = env.ledger.equipment(&kept).unwrap();
    assert_eq!(still.standard_item_name.as_deref(), Some("测距仪"));
    let old = env.ledger.equipment(&dropped).unwrap();
    assert_eq!(old.standard_item_name.as_deref(), Some("传真机"), "the link is kept");
    assert!(list.items.iter().any(|s| s.name == "传真机" && s.retired));
    let all = figures(&env.ledger, "2024-08-15");
    assert!(!all.iter().any(|f| f.item.as_deref() == Some("传真机")), "a retired item is not counted");
    assert_eq!(counts(e1(&all, "测距仪")), (Some(1), Some(1), Some(2), Some(1)));
    // A broken edition names the file and the item.
    let err = env
        .ledger
        .load_standard_edition("edition = \"x\"\n[[items]]\nname = \"甲\"\ngroup = \"⑨\"\n", "坏清单.toml", false)
        .unwrap_err();
    assert_eq!(err.to_string(), "文件“坏清单.toml”：第 1 项“甲”：分组“⑨”未在 [[groups]] 中列出");
}

#[test]
fn a_newer_edition_keeps_the_clerks_quantities_and_own_items() {
    let mut env = branch();
    let s = env.ledger.standard_list().unwrap().items.into_iter().find(|s| s.name == "无人机").unwrap();
    let input = StandardItemInput {
        required: Some(2),
        name: s.name.clone(),
        category: s.category.clone(),
        group: s.group.clone(),
        level: Some(s.level),
        note: String::new(),
    };
    env.ledger.update_standard_item(&s.id, s.revision, &input).unwrap();
    env.ledger
        .create_standard_item(&StandardItemInput {
            name: "执法无人机反制设备".into(),
            category: "现场执法辅助设备".into(),
            ..StandardItemInput::default()
        })
        .unwrap();
    let edition = "edition = \"2024-test\"\n[[groups]]\ngroup = \"③\"\nname = \"现场执法辅助设备\"\npoints = 0.5\n[[items]]\nname = \"无人机\"\ngroup = \"③\"\n";
    let report = env.ledger.load_standard_edition(edition, "测试.toml", false).unwrap();
    assert!(!report.retired.contains(&"执法无人机反制设备".to_string()), "{report:?}");
    let list = env.ledger.standard_list().unwrap().items;
    assert_eq!(list.iter().find(|s| s.name == "无人机").unwrap().required, Some(2));
    assert!(!list.iter().find(|s| s.name == "执法无人机反制设备").unwrap().retired);
}
