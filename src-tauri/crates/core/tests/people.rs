//! The people ledgers as a clerk keeps them: staff, certificates with their 审验 and warnings,
//! secondments, uniforms, training with attendance — validation in Chinese naming the field,
//! one transaction per action, an audit row for each, nothing lost on a refused write.

mod common;

use common::*;
use ledger_core::model::{AuditQuery, UnitInput};
use ledger_core::people::{
    CertFilter, CertKind, CertReviewInput, CertStatus, CertificateInput, CertificateQuery, ClimateZone, DueWhat,
    Establishment, Gender, Post, SecondmentInput, SecondmentQuery, StaffInput, StaffQuery, UniformIssueInput,
    UniformIssueQuery, UniformItemState, UniformScaleInput,
};
use ledger_core::training::{AttendeeInput, TrainingInput, TrainingQuery};
use ledger_core::Ledger;

fn staff(name: &str) -> StaffInput {
    StaffInput {
        name: name.into(),
        post: Some(Post::Frontline),
        establishment: Some(Establishment::Staffed),
        arrived_on: Some("2015-03-01".into()),
        ..StaffInput::default()
    }
}

fn add(l: &mut Ledger, name: &str) -> String {
    l.create_staff(&staff(name)).unwrap().id
}

fn enforcement_cert(staff_id: &str, number: &str, issued: &str, expires: &str) -> CertificateInput {
    CertificateInput {
        staff_id: staff_id.into(),
        kind: Some(CertKind::Enforcement),
        number: number.into(),
        issuer: "山东省人民政府".into(),
        issued_on: Some(issued.into()),
        expires_on: Some(expires.into()),
        ..CertificateInput::default()
    }
}

#[test]
fn any_name_is_kept_as_written_without_the_padding() {
    let mut env = branch();
    for name in ["王喆", "李堃", "张玥", "陈珺", "赵翀", "𠮷田", "欧阳　娜娜"] {
        let s = env.ledger.create_staff(&staff(name)).unwrap();
        assert_eq!(s.name, name.replace('　', ""));
    }
    let padded = env.ledger.create_staff(&staff("王  磊")).unwrap();
    assert_eq!(padded.name, "王磊");
    let found = env.ledger.list_staff(&StaffQuery { search: Some("磊".into()), ..StaffQuery::default() }).unwrap();
    assert_eq!(found.items.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["王磊"]);
}

#[test]
fn bad_fields_are_named_and_nothing_is_written() {
    let mut env = branch();
    let before = dump(env.ledger.conn());
    let cases: Vec<(StaffInput, &str, &str)> = vec![
        (staff(" "), "姓名", "不能为空"),
        (StaffInput { arrived_on: Some("2024-13-01".into()), ..staff("甲") }, "到岗日期", "不是有效日期"),
        (StaffInput { left_on: Some("2010-01-01".into()), ..staff("甲") }, "离岗日期", "不能早于到岗日期"),
        (StaffInput { phone: "一三九".into(), ..staff("甲") }, "联系电话", "不是电话号码"),
        (StaffInput { unit_id: Some("no-such-unit".into()), ..staff("甲") }, "所在单位", "不存在"),
    ];
    for (input, field, reason) in cases {
        let err = env.ledger.create_staff(&input).unwrap_err();
        assert_eq!(err.code(), "E_INVALID", "{err}");
        assert_eq!(err.to_payload().field.as_deref(), Some(field), "{err}");
        assert!(err.to_string().contains(reason), "{err}");
    }
    assert_eq!(dump(env.ledger.conn()), before);
}

#[test]
fn two_people_of_one_name_in_one_unit_must_be_told_apart() {
    let mut env = branch();
    add(&mut env.ledger, "王磊");
    let err = env.ledger.create_staff(&staff("王磊")).unwrap_err();
    assert!(err.to_string().contains("请在姓名后加以区分"), "{err}");
    // In another unit, or once the first has left, the name is free.
    let squad = env
        .ledger
        .add_unit(&UnitInput { name: "第一执法中队".into(), kind: "执法中队".into(), parent_id: None })
        .unwrap();
    env.ledger.create_staff(&StaffInput { unit_id: Some(squad.id), ..staff("王磊") }).unwrap();
}

#[test]
fn a_leaver_keeps_their_history_and_the_roster_shows_who_is_on_the_roll_on_a_date() {
    let mut env = branch();
    let a = add(&mut env.ledger, "离岗者");
    add(&mut env.ledger, "在岗者");
    env.ledger.create_certificate(&enforcement_cert(&a, "0012", "2020-01-01", "2030-01-01")).unwrap();
    let s = env.ledger.staff(&a).unwrap();
    env.ledger
        .update_staff(&a, s.revision, &StaffInput { left_on: Some("2024-06-30".into()), ..s.to_input() })
        .unwrap();
    let on = |d: &str| -> Vec<String> {
        env.ledger
            .list_staff(&StaffQuery { as_of: Some(d.into()), on_roll_only: true, ..StaffQuery::default() })
            .unwrap()
            .items
            .into_iter()
            .map(|s| s.name)
            .collect()
    };
    assert_eq!(on("2024-06-29"), ["在岗者", "离岗者"]);
    assert_eq!(on("2024-06-30"), ["在岗者"]);
    let all = env.ledger.list_staff(&StaffQuery { as_of: Some("2024-07-01".into()), ..StaffQuery::default() }).unwrap();
    let leaver = all.items.iter().find(|s| s.name == "离岗者").unwrap();
    assert!(!leaver.on_roll);
    let detail = env.ledger.staff_detail(&a, None).unwrap();
    assert_eq!(detail.certificates[0].number, "0012", "leading zeros kept, history kept");
}

#[test]
fn certificate_numbers_are_unique_per_kind_and_keep_their_zeros() {
    let mut env = branch();
    let a = add(&mut env.ledger, "甲");
    let b = add(&mut env.ledger, "乙");
    let c = env.ledger.create_certificate(&enforcement_cert(&a, "007300", "2020-01-01", "2026-01-01")).unwrap();
    assert_eq!(c.number, "007300");
    let before = dump(env.ledger.conn());
    let err = env.ledger.create_certificate(&enforcement_cert(&b, "007300", "2020-01-01", "2026-01-01")).unwrap_err();
    assert_eq!(err.to_string(), "证件编号：行政执法证“007300”已登记在“甲”名下");
    let err = env.ledger.create_certificate(&enforcement_cert(&b, "X1", "2026-01-01", "2020-01-01")).unwrap_err();
    assert_eq!(err.to_string(), "有效期至：不能早于发证日期");
    let err = env
        .ledger
        .create_certificate(&CertificateInput { kind: None, ..enforcement_cert(&b, "X1", "2020-01-01", "2026-01-01") })
        .unwrap_err();
    assert!(err.to_string().starts_with("证件类型：不能为空"), "{err}");
    assert_eq!(dump(env.ledger.conn()), before);
    // Another kind may carry the same number.
    env.ledger
        .create_certificate(&CertificateInput {
            kind: Some(CertKind::Hearing),
            ..enforcement_cert(&b, "007300", "2020-01-01", "2026-01-01")
        })
        .unwrap();
}

#[test]
fn warnings_come_in_bands_for_expiry_and_for_the_biennial_review() {
    let mut env = branch();
    let d = date(2024, 8, 15);
    let rows = [
        ("已过期", "2019-08-14", "2024-08-14"),
        ("七天", "2022-09-01", "2024-08-22"),
        ("三十天", "2022-09-01", "2024-09-14"),
        ("六十天", "2022-09-01", "2024-10-14"),
        ("九十天", "2022-09-01", "2024-11-13"),
        ("很久以后", "2023-09-01", "2029-12-31"),
    ];
    for (name, issued, expires) in rows {
        let id = add(&mut env.ledger, name);
        env.ledger.create_certificate(&enforcement_cert(&id, name, issued, expires)).unwrap();
    }
    let due = env.ledger.certificates_due(d, 90).unwrap();
    let expiries: Vec<(&str, &str, i64)> = due
        .iter()
        .filter(|x| x.what == DueWhat::Expiry)
        .map(|x| (x.certificate.staff_name.as_str(), x.band.as_str(), x.days))
        .collect();
    assert_eq!(
        expiries,
        [
            ("已过期", "已过期", -1),
            ("七天", "7天内", 7),
            ("三十天", "30天内", 30),
            ("六十天", "60天内", 60),
            ("九十天", "90天内", 90)
        ]
    );
    // 审验 every two years from the issue date (2022-09-01 → 2024-09-01) or the last review.
    let reviews: Vec<(&str, &str)> = due
        .iter()
        .filter(|x| x.what == DueWhat::Review)
        .map(|x| (x.certificate.staff_name.as_str(), x.due_on.as_str()))
        .collect();
    assert!(reviews.contains(&("七天", "2024-09-01")), "{reviews:?}");
    assert!(!reviews.iter().any(|(n, _)| *n == "很久以后"), "{reviews:?}");
    // A review moves the next one two years on.
    let c = env.ledger.certificate("六十天").unwrap();
    env.ledger
        .add_certificate_review(
            &c.id,
            &CertReviewInput { reviewed_on: "2024-08-01".into(), result: "合格".into(), note: String::new() },
        )
        .unwrap();
    assert_eq!(env.ledger.certificate(&c.id).unwrap().next_review_on.as_deref(), Some("2026-08-01"));
    // The certificates page orders by what falls due first.
    let page = env
        .ledger
        .list_certificates(&CertificateQuery { as_of: Some("2024-08-15".into()), ..CertificateQuery::default() })
        .unwrap();
    assert_eq!(page.items[0].certificate.staff_name, "已过期");
    assert_eq!(page.items.last().unwrap().certificate.staff_name, "很久以后");
    // The roster's certificate filter: due within 90 days (not the expired one).
    let soon = env
        .ledger
        .list_staff(&StaffQuery {
            as_of: Some("2024-08-15".into()),
            cert: Some(CertFilter::DueSoon),
            ..StaffQuery::default()
        })
        .unwrap();
    let mut names: Vec<String> = soon.items.into_iter().map(|s| s.name).collect();
    names.sort();
    assert_eq!(names, ["七天", "三十天", "九十天", "六十天"]);
    // A withdrawn certificate warns of nothing.
    let c = env.ledger.certificate("七天").unwrap();
    env.ledger
        .update_certificate(
            &c.id,
            c.revision,
            &CertificateInput { status: Some(CertStatus::Withdrawn), ..c.to_input() },
        )
        .unwrap();
    assert!(!env.ledger.certificates_due(d, 90).unwrap().iter().any(|x| x.certificate.staff_name == "七天"));
}

#[test]
fn a_secondment_with_a_document_number_is_approved() {
    let mut env = branch();
    let a = add(&mut env.ledger, "甲");
    let x = env
        .ledger
        .create_secondment(&SecondmentInput {
            staff_id: a.clone(),
            destination: "市委巡察办".into(),
            start_on: "2024-03-01".into(),
            approval_doc: "枣环人字〔2024〕5号".into(),
            ..SecondmentInput::default()
        })
        .unwrap();
    assert!(x.approved);
    let err = env
        .ledger
        .create_secondment(&SecondmentInput {
            staff_id: a,
            destination: "市委巡察办".into(),
            start_on: "2024-03-01".into(),
            end_on: Some("2024-02-01".into()),
            ..SecondmentInput::default()
        })
        .unwrap_err();
    assert_eq!(err.to_string(), "结束日期：不能早于开始日期");
}

#[test]
fn saving_a_session_replaces_its_attendance_and_audits_it_by_name() {
    let mut env = branch();
    let a = add(&mut env.ledger, "甲");
    let b = add(&mut env.ledger, "乙");
    let c = add(&mut env.ledger, "丙");
    let input = TrainingInput {
        kind: "全员轮训".into(),
        title: "新技术新装备应用培训".into(),
        start_on: "2024-05-20".into(),
        end_on: Some("2024-05-22".into()),
        hours: Some(24.0),
        attendees: vec![
            AttendeeInput { staff_id: a.clone(), ..AttendeeInput::default() },
            AttendeeInput { staff_id: b.clone(), hours: Some(16.0), score: Some(92.5), award: "优秀学员".into() },
        ],
        ..TrainingInput::default()
    };
    let s = env.ledger.create_training(&input).unwrap();
    assert_eq!((s.days, s.attendee_count), (3, 2));
    let detail = env.ledger.training_detail(&s.id).unwrap();
    let mut input2 = s.to_input(&detail.attendance);
    input2.attendees.retain(|x| x.staff_id != a);
    input2.attendees.push(AttendeeInput { staff_id: c.clone(), ..AttendeeInput::default() });
    let s2 = env.ledger.update_training(&s.id, s.revision, &input2).unwrap();
    let names: Vec<String> =
        env.ledger.training_detail(&s.id).unwrap().attendance.into_iter().map(|x| x.staff_name).collect();
    assert_eq!(names, ["丙", "乙"]);
    // Saving again unchanged writes nothing.
    let again = env.ledger.update_training(&s.id, s2.revision, &input2).unwrap();
    assert_eq!(again.revision, s2.revision);
    let audit =
        env.ledger.audit_log(&AuditQuery { entity: Some("training_session".into()), ..AuditQuery::default() }).unwrap();
    assert_eq!(audit.items.len(), 2);
    let update = &audit.items[0];
    let attendees = update.fields.iter().find(|f| f.label == "参加人员").unwrap();
    assert_eq!((attendees.before.as_deref(), attendees.after.as_deref()), (Some("乙、甲"), Some("丙、乙")));
    assert!(attendees.changed);
    // A person's record and hours per year.
    let detail = env.ledger.staff_detail(&b, None).unwrap();
    assert_eq!(detail.hours_by_year[0].year, 2024);
    assert_eq!(detail.hours_by_year[0].hours, 16.0);
    assert_eq!(detail.training[0].score, Some(92.5));
    // An unknown kind is named; the clerk can add it.
    let err = env.ledger.create_training(&TrainingInput { kind: "无人机操作".into(), ..input.clone() }).unwrap_err();
    assert_eq!(err.to_string(), "培训类型：“无人机操作”不在培训类型列表中，请先在“培训类型”中添加");
    env.ledger.add_training_kind("无人机操作").unwrap();
    env.ledger.create_training(&TrainingInput { kind: "无人机操作".into(), ..input }).unwrap();
    assert!(env.ledger.delete_training_kind("全员轮训").is_err(), "a shipped kind stays");
    assert!(env.ledger.delete_training_kind("无人机操作").unwrap_err().to_string().contains("已有 1 次培训"));
    assert_eq!(
        env.ledger.list_training(&TrainingQuery { year: Some(2024), ..TrainingQuery::default() }).unwrap().total,
        2
    );
}

#[test]
fn the_uniform_scale_is_shipped_editable_and_decides_what_is_due() {
    let mut env = branch();
    let scale = env.ledger.uniform_scale().unwrap();
    assert!(scale.iter().any(|l| l.item == "短袖衬衣" && l.zone == ClimateZone::Hot && l.life_years == 2));
    assert!(env.ledger.climate_zone().unwrap().is_none());
    env.ledger.set_climate_zone(ClimateZone::SouthTemperate).unwrap();
    // 防寒服 is not in the shipped table (its years were not found); the clerk adds it.
    let line = env
        .ledger
        .create_uniform_scale_item(&UniformScaleInput {
            item: "防寒服".into(),
            category: "服装类".into(),
            zone: Some(ClimateZone::SouthTemperate),
            quantity: 1,
            life_years: 6,
            ..UniformScaleInput::default()
        })
        .unwrap();
    let dup = env.ledger.create_uniform_scale_item(&UniformScaleInput {
        item: "防寒服".into(),
        category: "服装类".into(),
        zone: Some(ClimateZone::SouthTemperate),
        quantity: 1,
        life_years: 6,
        ..UniformScaleInput::default()
    });
    assert_eq!(dup.unwrap_err().to_string(), "品名：“防寒服”在南温区已有配发标准");
    let a = env.ledger.create_staff(&StaffInput { gender: Some(Gender::Female), ..staff("甲") }).unwrap();
    let status = env.ledger.staff_detail(&a.id, Some(date(2024, 8, 15))).unwrap().uniform.unwrap();
    assert!(!status.eligible, "no certificate: not eligible");
    assert!(status.reason.contains("未持有效行政执法证"), "{}", status.reason);
    assert!(status.items.iter().any(|i| i.item == "防寒服" && i.state == UniformItemState::NotIssued));
    assert!(status.items.iter().any(|i| i.item == "单裤/裙子"), "a woman's scale");
    assert!(!status.items.iter().any(|i| i.item == "单裤"), "not a man's item");
    env.ledger.delete_uniform_scale_item(&line.id, line.revision).unwrap();
    let audit = env.ledger.audit_log(&AuditQuery::default()).unwrap().items;
    assert!(audit.iter().any(|x| x.entity_label == "设置" && x.summary == "气候区：南温"), "{audit:?}");
}

/// The app's 制式服装 page asks for one page of everyone's uniform, with the counts over all.
#[test]
fn the_uniform_overview_comes_a_page_at_a_time_with_counts_over_everyone() {
    let mut env = branch();
    let d = date(2024, 8, 15);
    assert_eq!(env.ledger.uniform_overview_page(d, false, 0, 50).unwrap(), None, "no climate zone yet");
    env.ledger.set_climate_zone(ClimateZone::NorthTemperate).unwrap();
    for (i, name) in ["甲", "乙", "丙", "丁"].into_iter().enumerate() {
        let id = add(&mut env.ledger, name);
        env.ledger
            .create_certificate(&enforcement_cert(&id, &format!("37000{i}"), "2020-01-01", "2030-01-01"))
            .unwrap();
    }
    add(&mut env.ledger, "无证");
    let all = env.ledger.uniform_overview(d).unwrap().unwrap();
    assert_eq!(all.len(), 5);

    let page = env.ledger.uniform_overview_page(d, false, 1, 2).unwrap().unwrap();
    assert_eq!((page.eligible, page.complete, page.total), (4, 0, 5));
    assert_eq!(page.items, all[1..3]);
    let last = env.ledger.uniform_overview_page(d, false, 4, 2).unwrap().unwrap();
    assert_eq!(last.items.iter().map(|s| s.staff_name.as_str()).collect::<Vec<_>>(), ["无证"]);

    // 仅显示未配齐: the eligible who lack something; the one without a certificate is not asked.
    let incomplete = env.ledger.uniform_overview_page(d, true, 0, 50).unwrap().unwrap();
    assert_eq!((incomplete.eligible, incomplete.complete, incomplete.total), (4, 0, 4));
    assert!(incomplete.items.iter().all(|s| s.eligible && !s.complete));
    assert!(env.ledger.uniform_overview_page(d, true, 50, 50).unwrap().unwrap().items.is_empty());
}

/// The 发放记录 tab pages and searches the issue records in the core.
#[test]
fn issue_records_come_a_page_at_a_time_and_are_searched_by_name_item_or_unit() {
    let mut env = branch();
    let zhang = add(&mut env.ledger, "张 三");
    let squad = env
        .ledger
        .add_unit(&UnitInput { name: "第一执法中队".into(), kind: "执法中队".into(), parent_id: None })
        .unwrap();
    let li = env.ledger.create_staff(&StaffInput { unit_id: Some(squad.id), ..staff("李四") }).unwrap().id;
    let issue = |l: &mut Ledger, who: &str, item: &str, on: &str| {
        l.create_uniform_issue(&UniformIssueInput {
            staff_id: who.into(),
            item: item.into(),
            quantity: 1,
            issued_on: on.into(),
            note: String::new(),
        })
        .unwrap()
    };
    issue(&mut env.ledger, &zhang, "大檐帽", "2024-03-01");
    issue(&mut env.ledger, &zhang, "夏执勤服", "2024-05-01");
    issue(&mut env.ledger, &li, "大檐帽", "2024-04-01");
    let gone = issue(&mut env.ledger, &li, "腰带", "2024-06-01");
    env.ledger.delete_uniform_issue(&gone.id, gone.revision).unwrap();

    let page = |search: Option<&str>, offset: u32, limit: Option<u32>| {
        let q = UniformIssueQuery { search: search.map(String::from), offset, limit };
        let p = env.ledger.uniform_issue_page(&q).unwrap();
        (p.total, p.items.iter().map(|i| format!("{} {}", i.staff_name, i.item)).collect::<Vec<_>>())
    };
    assert_eq!(page(None, 0, None), (3, vec!["张三 夏执勤服".into(), "李四 大檐帽".into(), "张三 大檐帽".into()]));
    assert_eq!(page(None, 1, Some(1)), (3, vec!["李四 大檐帽".into()]), "latest first, one page");
    assert_eq!(page(Some("张 三"), 0, None).0, 2, "spaces are ignored");
    assert_eq!(page(Some("大檐帽"), 0, None).0, 2);
    assert_eq!(page(Some("第一执法"), 0, None), (1, vec!["李四 大檐帽".into()]), "by unit");
    assert_eq!(page(Some("第二执法"), 0, None).0, 0);
    assert_eq!(page(Some("腰带"), 0, None), (0, vec![]), "a deleted record is not listed");
    assert_eq!(page(Some("%"), 0, None).0, 0, "no wildcards");
}

#[test]
fn every_search_box_reads_full_width_letters_and_digits_as_ascii_and_ignores_case() {
    // Typed with the input method in full-width mode, or copied from a document that was.
    let mut env = branch();
    let l = &mut env.ledger;
    let ma = add(l, "马ＡＢ");
    let wang = add(l, "王磊");
    l.create_certificate(&enforcement_cert(&wang, "鲁Ｚ０３７０００１", "2021-01-01", "2030-12-31")).unwrap();
    l.create_secondment(&SecondmentInput {
        staff_id: wang.clone(),
        destination: "第２巡察组".into(),
        start_on: "2024-03-01".into(),
        ..SecondmentInput::default()
    })
    .unwrap();
    let session = l
        .create_training(&TrainingInput {
            kind: "全员轮训".into(),
            title: "第２期执法培训".into(),
            organiser: "ＸＸ学院".into(),
            start_on: "2024-05-20".into(),
            ..TrainingInput::default()
        })
        .unwrap();
    l.create_uniform_issue(&UniformIssueInput {
        staff_id: ma,
        item: "夏执勤服（ＸＬ）".into(),
        quantity: 1,
        issued_on: "2024-05-01".into(),
        note: String::new(),
    })
    .unwrap();
    let photo = env.dir.path().join("ＩＭＧ＿２０２４.jpg");
    std::fs::write(&photo, b"jpeg").unwrap();
    env.ledger.attach_evidence("training_session", &session.id, &photo).unwrap();
    let l = &env.ledger;

    let staff = |t: &str| l.list_staff(&StaffQuery { search: Some(t.into()), ..StaffQuery::default() }).unwrap().total;
    assert_eq!((staff("ab"), staff("ＡＢ"), staff("马Ab")), (1, 1, 1));
    let certs = |t: &str| {
        l.list_certificates(&CertificateQuery { search: Some(t.into()), ..CertificateQuery::default() }).unwrap().total
    };
    assert_eq!((certs("z0370001"), certs("０３７")), (1, 1));
    let seconded = |t: &str| {
        l.list_secondments(&SecondmentQuery { search: Some(t.into()), ..SecondmentQuery::default() }).unwrap().len()
    };
    assert_eq!(seconded("第2巡察"), 1);
    let sessions =
        |t: &str| l.list_training(&TrainingQuery { search: Some(t.into()), ..TrainingQuery::default() }).unwrap().total;
    assert_eq!((sessions("第2期"), sessions("xx学院"), sessions("第3期")), (1, 1, 0));
    let issues = |t: &str| {
        l.uniform_issue_page(&UniformIssueQuery { search: Some(t.into()), ..UniformIssueQuery::default() })
            .unwrap()
            .total
    };
    assert_eq!((issues("xl"), issues("ab")), (1, 1));
    let cited: Vec<String> =
        l.citable_evidence("img_2024").unwrap().into_iter().map(|c| c.evidence.file_name).collect();
    assert_eq!(cited, ["ＩＭＧ＿２０２４.jpg"]);
}

#[test]
fn every_change_leaves_a_chinese_audit_row() {
    let mut env = branch();
    let a = add(&mut env.ledger, "甲");
    env.ledger.create_certificate(&enforcement_cert(&a, "1", "2020-01-01", "2030-01-01")).unwrap();
    let audit = env.ledger.audit_log(&AuditQuery::default()).unwrap().items;
    let labels: Vec<(&str, &str, &str)> =
        audit.iter().take(2).map(|x| (x.entity_label.as_str(), x.action_label.as_str(), x.summary.as_str())).collect();
    assert_eq!(labels, [("执法证件", "新建", "甲 行政执法证 1"), ("执法人员", "新建", "甲")]);
}
