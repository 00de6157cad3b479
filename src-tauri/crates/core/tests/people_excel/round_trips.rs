//! Exports that import back unchanged, or as one update when a cell is edited.

use super::*;

#[test]
fn the_roster_round_trips_and_an_edited_unit_moves_the_person() {
    let mut env = people_branch();
    let mut rows =
        unchanged_round_trip(&mut env, SheetKind::Staff, 4, |l, p| l.export_staff(p, &StaffQuery::default(), false));
    let headers: Vec<String> = rows[0].iter().map(text_of).collect();
    assert_eq!(
        headers,
        [
            "姓名",
            "性别",
            "所在单位",
            "岗位类别",
            "编制",
            "到岗日期",
            "入编日期",
            "离岗日期",
            "学历",
            "专业",
            "专业类别",
            "法律职业资格",
            "联系电话",
            "编号"
        ]
    );
    assert!(!headers.iter().any(|h| h.contains("身份证")), "no ID number is exported");
    let before = person(&env.ledger, "李玥", FIRST);
    let r = find_row(&rows, "编号", &before.id);
    set(&mut rows, r, "所在单位", s(SECOND));
    import_edited(&mut env, SheetKind::Staff, &rows, 1);
    let after = env.ledger.staff(&before.id).unwrap();
    assert_eq!(after.unit_name, SECOND);
    assert_eq!(after.revision, before.revision + 1);
    assert_eq!(after.to_input().unit_id, Some(unit_id(&env.ledger, SECOND)));
    assert_eq!(StaffInput { unit_id: None, ..after.to_input() }, StaffInput { unit_id: None, ..before.to_input() });
    assert_eq!(everyone(&env.ledger).len(), 4, "no one added");
}

#[test]
fn certificates_round_trip_with_their_leading_zeros() {
    let mut env = people_branch();
    let mut rows = unchanged_round_trip(&mut env, SheetKind::Certificates, 3, |l, p| {
        l.export_certificates(p, &CertificateQuery::default())
    });
    let r = find_row(&rows, "证件编号", "0012345");
    let id = text_of(&rows[r][rows[0].iter().position(|h| text_of(h) == "编号").unwrap()]);
    set(&mut rows, r, "有效期至", X::D(date(2027, 2, 28)));
    import_edited(&mut env, SheetKind::Certificates, &rows, 1);
    let c = env.ledger.certificate(&id).unwrap();
    assert_eq!(
        (c.number.as_str(), c.expires_on.as_deref(), c.staff_name.as_str()),
        ("0012345", Some("2027-02-28"), "王磊")
    );
    assert_eq!(c.unit_name, FIRST, "the namesake in the row's 所在单位");
    let numbers: Vec<String> = env
        .ledger
        .list_certificates(&CertificateQuery::default())
        .unwrap()
        .items
        .into_iter()
        .map(|r| r.certificate.number)
        .collect();
    assert_eq!(numbers.len(), 3);
    assert!(numbers.contains(&"0012346".to_string()) && numbers.contains(&"JD-007".to_string()), "{numbers:?}");
}

#[test]
fn secondments_round_trip_with_the_approval_number() {
    let mut env = people_branch();
    let mut rows = unchanged_round_trip(&mut env, SheetKind::Secondments, 2, |l, p| {
        l.export_secondments(p, &SecondmentQuery::default())
    });
    let r = find_row(&rows, "借调单位", "滕州市生态环境局");
    assert_eq!(text_of(&rows[r][6]), "滕环字〔2024〕5号", "the 文号 stands for the approval");
    set(&mut rows, r, "结束日期", s("2024年9月30日"));
    import_edited(&mut env, SheetKind::Secondments, &rows, 1);
    let all = env.ledger.list_secondments(&SecondmentQuery::default()).unwrap();
    let x = all.iter().find(|x| x.destination == "滕州市生态环境局").unwrap();
    assert_eq!(
        (x.end_on.as_deref(), x.approved, x.approval_doc.as_str(), x.enforcement_post),
        (Some("2024-09-30"), true, "滕环字〔2024〕5号", false)
    );
    let y = all.iter().find(|x| x.destination == "滕州市人民政府").unwrap();
    assert_eq!((y.end_on.as_deref(), y.approved, y.enforcement_post), (None, false, true));
}

#[test]
fn uniform_issues_round_trip() {
    let mut env = people_branch();
    let mut rows = unchanged_round_trip(&mut env, SheetKind::Uniforms, 2, |l, p| l.export_uniform_issues(p));
    let r = find_row(&rows, "品名", "夏执勤服");
    set(&mut rows, r, "数量", X::N(3.0));
    import_edited(&mut env, SheetKind::Uniforms, &rows, 1);
    let issues = env.ledger.list_uniform_issues(None).unwrap();
    let i = issues.iter().find(|i| i.item == "夏执勤服").unwrap();
    assert_eq!((i.quantity, i.issued_on.as_str(), i.unit_name.as_str(), i.revision), (3, "2023-05-01", FIRST, 2));
    assert_eq!(issues.len(), 2);
}

#[test]
fn training_round_trips_and_an_edited_attendee_list_replaces_the_attendance() {
    let mut env = people_branch();
    let mut rows =
        unchanged_round_trip(&mut env, SheetKind::Training, 2, |l, p| l.export_training(p, &TrainingQuery::default()));
    let r = find_row(&rows, "培训名称", "2024年全员轮训");
    let written = text_of(&rows[r][8]);
    assert_eq!(written, format!("李玥、王磊（{FIRST}）、王磊（{SECOND}）"), "namesakes are written with their unit");
    set(&mut rows, r, "参加人员", s(&format!("王磊（{SECOND}），李 玥")));
    import_edited(&mut env, SheetKind::Training, &rows, 1);
    let id = text_of(&rows[r][9]);
    let detail = env.ledger.training_detail(&id).unwrap();
    let who: Vec<(String, String)> =
        detail.attendance.iter().map(|a| (a.staff_name.clone(), a.unit_name.clone())).collect();
    assert_eq!(who, [("李玥".to_string(), FIRST.to_string()), ("王磊".to_string(), SECOND.to_string())]);
    assert_eq!(
        (detail.session.hours, detail.session.level, detail.session.end_on.as_str()),
        (Some(24.0), Some(Level::City), "2024-03-03")
    );
}

#[test]
fn the_roster_exported_by_unit_has_a_sheet_per_unit_each_importing_back_unchanged() {
    let mut env = people_branch();
    let sheets =
        by_unit_round_trip(&mut env, SheetKind::Staff, 4, |l, p| l.export_staff(p, &StaffQuery::default(), true));
    let mut units: Vec<String> = everyone(&env.ledger).into_iter().map(|s| s.unit_name).collect();
    units.sort();
    units.dedup();
    assert_eq!(sheets, units, "a sheet per unit, named for it");
}
