//! The shipped standard list and the figures E1–E4, counted by hand.

use super::*;

#[test]
fn the_shipped_standard_list_is_the_fujian_rubrics_29_items_without_quantities() {
    let env = branch();
    let list = env.ledger.standard_list().unwrap();
    assert_eq!(list.edition, "2020");
    assert_eq!(list.items.len(), 29);
    assert!(list.items.iter().all(|s| s.required.is_none()), "the official quantities are not public");
    let group = |g: &str| list.items.iter().filter(|s| s.group.as_deref() == Some(g)).count();
    assert_eq!([group("①"), group("②"), group("③"), group("④"), group("⑤"), group("⑥")], [1, 2, 10, 4, 8, 1]);
    let points: Vec<(String, f64)> = list.groups.iter().map(|g| (g.group.clone(), g.points)).collect();
    assert_eq!(
        points,
        [("①", 1.5), ("②", 1.0), ("③", 0.5), ("④", 0.5), ("⑤", 0.5), ("⑥", 0.5)].map(|(g, p)| (g.to_string(), p))
    );
    assert_eq!(points.iter().map(|(_, p)| p).sum::<f64>(), 4.5, "①–⑥ add up to 4.5 of the 5 points of 完成装备配备");
}

#[test]
fn held_counts_quantities_and_leaves_out_what_was_scrapped_or_not_yet_bought() {
    let mut env = branch();
    add(&mut env.ledger, item("ZB-001", "数码照相机"));
    let repair = add(&mut env.ledger, item("ZB-002", "数码照相机"));
    let r = env.ledger.equipment(&repair).unwrap();
    env.ledger
        .update_equipment(&repair, r.revision, &EquipmentInput { status: Some(ItemStatus::Repair), ..r.to_input() })
        .unwrap();
    let scrapped = add(&mut env.ledger, item("ZB-003", "数码照相机"));
    env.ledger
        .scrap_equipment(
            &scrapped,
            &ScrapInput {
                event_on: Some("2024-06-30".into()), reason: "损坏无法修复".into(), ..ScrapInput::default()
            },
        )
        .unwrap();
    add(&mut env.ledger, EquipmentInput { acquired_on: Some("2024-08-16".into()), ..item("ZB-004", "数码照相机") });
    add(&mut env.ledger, EquipmentInput { quantity: Some(20), ..item("SJ-001", "快检试剂包") });
    add(&mut env.ledger, EquipmentInput { quantity: Some(0), ..item("SJ-002", "测距仪") });

    let all = figures(&env.ledger, "2024-08-15");
    // 001 in use, 002 in repair (held, not in service); 003 scrapped before D; 004 bought after D.
    assert_eq!(counts(e1(&all, "数码照相机")), (Some(2), Some(1), Some(1), Some(0)));
    assert_eq!(counts(e1(&all, "快检试剂包")), (Some(20), Some(20), Some(1), Some(0)));
    // A consumable with zero stock is not enough.
    assert_eq!(counts(e1(&all, "测距仪")), (Some(0), Some(0), Some(1), Some(1)));
    assert_eq!(e1(&all, "测距仪").pass, Some(false));
    // Before the scrap date the scrapped camera was still held, and in service.
    let before = figures(&env.ledger, "2024-06-29");
    assert_eq!(counts(e1(&before, "数码照相机")), (Some(3), Some(2), Some(1), Some(0)));
    // The required quantity, once the clerk enters it, is held against.
    let s = env.ledger.standard_list().unwrap().items.into_iter().find(|s| s.name == "数码照相机").unwrap();
    env.ledger
        .update_standard_item(
            &s.id,
            s.revision,
            &StandardItemInput {
                required: Some(3),
                name: s.name.clone(),
                category: s.category.clone(),
                group: s.group.clone(),
                level: Some(s.level),
                note: s.note.clone(),
            },
        )
        .unwrap();
    let all = figures(&env.ledger, "2024-08-15");
    assert_eq!(counts(e1(&all, "数码照相机")), (Some(2), Some(1), Some(3), Some(1)));
}

#[test]
fn a_group_earns_its_points_only_when_every_standard_item_in_it_is_held() {
    let mut env = branch();
    add(&mut env.ledger, item("CL-001", "执法执勤专用车"));
    add(&mut env.ledger, item("YD-001", "移动执法包"));
    let all = figures(&env.ledger, "2024-08-15");
    let g1 = e2(&all, "①");
    assert_eq!((g1.pass, g1.points), (Some(true), Some(1.5)));
    assert_eq!(g1.value, "1.5 分");
    let g2 = e2(&all, "②");
    assert_eq!((g2.pass, g2.points, g2.numerator, g2.denominator), (Some(false), Some(0.0), 1, Some(2)));
    assert!(g2.explanation.contains("缺：移动执法终端"), "{}", g2.explanation);
    add(&mut env.ledger, item("YD-002", "移动执法终端"));
    assert_eq!(e2(&figures(&env.ledger, "2024-08-15"), "②").points, Some(1.0));
    // A 选配 item does not hold a group back.
    let s = env.ledger.standard_list().unwrap().items.into_iter().find(|s| s.name == "污染源在线监控系统维护").unwrap();
    env.ledger
        .update_standard_item(
            &s.id,
            s.revision,
            &StandardItemInput {
                level: Some(ledger_core::equipment::StandardLevel::Optional),
                name: s.name.clone(),
                category: s.category.clone(),
                group: s.group.clone(),
                required: None,
                note: String::new(),
            },
        )
        .unwrap();
    let g6 = e2(&figures(&env.ledger, "2024-08-15"), "⑥").clone();
    assert_eq!((g6.applicable, g6.pass, g6.points), (false, None, Some(0.0)));
}

#[test]
fn e3_needs_a_recorder_and_video_storage() {
    let mut env = branch();
    add(&mut env.ledger, item("JL-001", "执法记录仪"));
    assert_eq!(one(&figures(&env.ledger, "2024-08-15"), "E3").pass, Some(false));
    add(&mut env.ledger, item("CC-001", "视频管理存储设备"));
    let e3 = one(&figures(&env.ledger, "2024-08-15"), "E3").clone();
    assert_eq!(e3.pass, Some(true));
    assert_eq!(e3.equipment.len(), 2);
}

#[rstest]
#[case::all(20, 20, 3)]
#[case::exactly_95(19, 20, 2)]
#[case::exactly_90(18, 20, 1)]
#[case::under_90(17, 20, 0)]
fn e4_scores_3_2_1_or_0_by_the_share_of_equipped_staff(
    #[case] equipped: usize,
    #[case] total: usize,
    #[case] points: i64,
) {
    let mut env = branch();
    for i in 0..total {
        let who = certified(&mut env.ledger, &format!("人员{i:02}"));
        if i < equipped {
            add(
                &mut env.ledger,
                EquipmentInput { custodian_id: Some(who.clone()), ..item(&format!("ZD-{i}"), "移动执法终端") },
            );
            add(
                &mut env.ledger,
                EquipmentInput {
                    custodian_id: Some(who),
                    wireless_video: true,
                    ..item(&format!("JL-{i}"), "执法记录仪")
                },
            );
        }
    }
    let e4 = one(&figures(&env.ledger, "2024-08-15"), "E4").clone();
    assert_eq!((e4.numerator, e4.denominator, e4.points), (equipped as i64, Some(total as i64), Some(points as f64)));
    assert_eq!(e4.pass, Some(equipped == total));
}

#[test]
fn e4_asks_for_a_terminal_and_a_recorder_that_sends_video_wirelessly() {
    let mut env = branch();
    let both = certified(&mut env.ledger, "两样都有");
    let no_wireless = certified(&mut env.ledger, "记录仪无无线");
    let no_terminal = certified(&mut env.ledger, "没有终端");
    for (who, wireless, terminal) in [(&both, true, true), (&no_wireless, false, true), (&no_terminal, true, false)] {
        let tag = &who[..6];
        if terminal {
            add(
                &mut env.ledger,
                EquipmentInput { custodian_id: Some(who.clone()), ..item(&format!("ZD-{tag}"), "移动执法终端") },
            );
        }
        add(
            &mut env.ledger,
            EquipmentInput {
                custodian_id: Some(who.clone()),
                wireless_video: wireless,
                ..item(&format!("JL-{tag}"), "执法记录仪")
            },
        );
    }
    // Not certified: not in the denominator.
    env.ledger.create_staff(&StaffInput { name: "未持证".into(), ..StaffInput::default() }).unwrap();
    let e4 = one(&figures(&env.ledger, "2024-08-15"), "E4").clone();
    let names: Vec<&str> = e4.numerator_people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["两样都有"]);
    assert_eq!((e4.numerator, e4.denominator, e4.points), (1, Some(3), Some(0.0)));
}
