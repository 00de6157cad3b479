//! Sheets as clerks keep them: title rows, synonym headers, merged cells, dates written every
//! which way, people found by name, unknown units added or mapped.

use super::*;

/// A unit the organisation lacks, written in a row.
const NORTH_WRITTEN: &str = "城北所";

#[test]
fn a_clerks_roster_with_title_synonyms_merged_units_and_every_date_form_imports_every_field() {
    let mut env = branch();
    add_unit(&mut env.ledger, FIRST, "执法中队");
    add_unit(&mut env.ledger, NORTH, "生态环境保护所");
    let path = env.path("花名册.xlsx");
    let zh_date = "yyyy\"年\"m\"月\"d\"日\"";
    #[rustfmt::skip]
    let rows = vec![
        vec![], // row 1: the merged title
        row(&["填报单位：滕州分局（盖章）", "", "", "", "", "", "", "", "", "", "", "", "", "", "填报日期：2024年3月5日"]),
        row(&["序号", "姓名", "性别", "单位", "岗位", "编制性质", "入职日期", "参加工作时间", "入编日期", "调离日期", "最高学历", "专业", "专业类别", "法律职业资格", "手机", "备注"]),
        vec![s("1"), s("王  磊"), s("男"), s(FIRST), s("一线执法"), s("在编"), X::D(date(2020, 3, 1)), X::D(date(2003, 7, 1)), s("2024.3.1"), X::Blank, s("硕士"), s("法学"), s("法学"), s("√"), X::N(13800000001.0), s("组长")],
        // 单位 merged with the row above; dates typed in full-width digits, or with a time as a web
        // system exports them, in the last row.
        vec![s("2"), s("李　玥"), s("女"), X::Blank, s("内勤"), s("编外"), s("2024年3月1日"), s("2010.9.1"), s("/"), s("—"), s("专科"), s("环境工程"), s("生态环境相关"), s("否"), s("13900000002"), X::Blank],
        vec![s("3"), s("赵喆"), s("男"), s(NORTH), s("一线"), s("在编"), s("2024/3/1"), X::Blank, X::D(date(2021, 7, 15)), s("2024/12/31"), s("本科"), s("汉语言文学"), s("其他"), s("Y"), X::Blank, s("已调离")],
        vec![s("4"), s("钱 珺"), s("女"), s(NORTH), s("领导"), s("在编"), X::Df(date(2019, 6, 1), zh_date), X::Blank, s("２０１９年６月１５日"), s("2024-12-31 00:00:00"), s("高中"), X::Blank, X::Blank, s("N"), X::Blank, X::Blank],
        vec![],
    ];
    write_xlsx(&path, &rows, &[(0, 0, 0, 15, "滕州分局执法人员花名册"), (3, 3, 4, 3, FIRST)]);
    let report = env.ledger.import_staff(&path, &opts()).unwrap();
    assert_eq!((report.header_row, report.total_rows, report.inserted, report.rejected_rows), (3, 4, 4, 0));
    assert_eq!(report.ignored_columns, ["序号", "参加工作时间", "备注"]);
    assert_eq!(report.year, 0, "the roster has no year");

    let look = |s: &Staff| {
        (
            s.unit_name.clone(),
            s.gender,
            s.post,
            s.establishment,
            s.arrived_on.clone(),
            s.established_on.clone(),
            s.left_on.clone(),
            s.education,
            s.major.clone(),
            s.major_category,
            s.legal_qualification,
            s.phone.clone(),
        )
    };
    let l = &env.ledger;
    assert_eq!(
        look(&person(l, "王磊", FIRST)),
        (
            FIRST.to_string(),
            Some(Gender::Male),
            Some(Post::Frontline),
            Some(Establishment::Staffed),
            d("2020-03-01"),
            d("2024-03-01"),
            None,
            Some(Education::Graduate),
            "法学".to_string(),
            Some(MajorCategory::Law),
            true,
            "13800000001".to_string()
        )
    );
    assert_eq!(
        look(&person(l, "李玥", FIRST)),
        (
            FIRST.to_string(),
            Some(Gender::Female),
            Some(Post::Office),
            Some(Establishment::Contract),
            d("2024-03-01"),
            None,
            None,
            Some(Education::College),
            "环境工程".to_string(),
            Some(MajorCategory::Environmental),
            false,
            "13900000002".to_string()
        )
    );
    assert_eq!(
        look(&person(l, "赵喆", NORTH)),
        (
            NORTH.to_string(),
            Some(Gender::Male),
            Some(Post::Frontline),
            Some(Establishment::Staffed),
            d("2024-03-01"),
            d("2021-07-15"),
            d("2024-12-31"),
            Some(Education::Bachelor),
            "汉语言文学".to_string(),
            Some(MajorCategory::Other),
            true,
            String::new()
        )
    );
    assert_eq!(
        look(&person(l, "钱珺", NORTH)),
        (
            NORTH.to_string(),
            Some(Gender::Female),
            Some(Post::Leader),
            Some(Establishment::Staffed),
            d("2019-06-01"),
            d("2019-06-15"),
            d("2024-12-31"),
            Some(Education::Secondary),
            String::new(),
            None,
            false,
            String::new()
        )
    );

    // The same sheet again: everyone found by name within their unit, nothing changes.
    let before = records(env.ledger.conn());
    let again = env.ledger.import_staff(&path, &opts()).unwrap();
    assert_eq!((again.inserted, again.updated, again.unchanged), (0, 0, 4));
    assert!(records(env.ledger.conn()) == before);

    // A sheet of only names, units and phones updates the phones and keeps everything else.
    let phones = env.path("电话.xlsx");
    write_xlsx(&phones, &[row(&["姓名", "所属单位", "联系电话"]), row(&["王磊", FIRST, "0632-5511111"])], &[]);
    let r = env.ledger.import_staff(&phones, &opts()).unwrap();
    assert_eq!((r.inserted, r.updated), (0, 1));
    let wang = person(&env.ledger, "王磊", FIRST);
    assert_eq!(wang.phone, "0632-5511111");
    assert_eq!(
        (wang.education, wang.established_on.as_deref(), wang.legal_qualification),
        (Some(Education::Graduate), Some("2024-03-01"), true)
    );
}

#[test]
fn a_roster_row_with_a_bad_cell_or_a_second_row_for_the_same_new_person_is_an_error_and_nothing_is_written() {
    let mut env = branch();
    add_unit(&mut env.ledger, FIRST, "执法中队");
    let path = env.path("花名册.xlsx");
    write_xlsx(
        &path,
        &[
            row(&["姓名", "所在单位", "学历", "到岗日期", "法律职业资格"]),
            row(&["孙七", FIRST, "本科", "2024-03-01", "是"]),
            row(&["孙 七", FIRST, "本科", "", ""]),
            row(&["周八", FIRST, "小学生", "", ""]),
            row(&["吴九", FIRST, "", "2024年13月1日", ""]),
            row(&["郑十", FIRST, "", "", "也许"]),
            row(&["", FIRST, "", "", ""]),
        ],
        &[],
    );
    let before = dump(env.ledger.conn());
    let report = rejected(env.ledger.import_staff(&path, &opts()));
    let errors: Vec<(u32, &str)> = report.errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    assert_eq!(errors, [(3, "姓名"), (4, "学历"), (5, "到岗日期"), (6, "法律职业资格"), (7, "姓名")]);
    assert!(report.errors[0].reason.contains("与第 2 行是同一人"), "{:?}", report.errors[0]);
    assert!(report.errors[1].reason.contains("研究生、本科、大专、中专及以下"), "{:?}", report.errors[1]);
    assert!(report.errors[2].reason.contains("不是有效日期"), "{:?}", report.errors[2]);
    assert!(report.errors[3].reason.contains("是"), "{:?}", report.errors[3]);
    assert_eq!(dump(env.ledger.conn()), before);
}

#[test]
fn unknown_units_in_a_roster_are_listed_then_added_or_mapped() {
    let mut env = branch();
    let first = add_unit(&mut env.ledger, FIRST, "执法中队");
    let path = env.path("花名册.xlsx");
    write_xlsx(
        &path,
        &[
            row(&["姓名", "所在单位"]),
            row(&["王磊", "第一中队"]),
            row(&["李玥", "第一中队"]),
            row(&["赵喆", "城南生态环境保护所"]),
        ],
        &[],
    );
    let before = dump(env.ledger.conn());
    let report = rejected(env.ledger.import_staff(&path, &opts()));
    let unknown: Vec<(&str, u32, u32, &str)> = report
        .unknown_units
        .iter()
        .map(|u| (u.name.as_str(), u.rows, u.first_row, u.suggested_kind.as_str()))
        .collect();
    assert_eq!(unknown, [("第一中队", 2, 2, "执法中队"), ("城南生态环境保护所", 1, 4, "生态环境保护所")]);
    assert!(report.errors.iter().all(|e| e.reason == UNKNOWN_UNIT_REASON && e.column == "所在单位"));
    assert_eq!(dump(env.ledger.conn()), before);

    // The clerk maps 第一中队 to 第一执法中队 and adds the other.
    let mut options = opts();
    options.units = vec![
        UnitChoice::Map { name: "第一中队".into(), unit_id: first.clone() },
        UnitChoice::Create { name: "城南生态环境保护所".into(), kind: "生态环境保护所".into() },
    ];
    let report = env.ledger.import_staff(&path, &options).unwrap();
    assert_eq!(report.inserted, 3);
    assert_eq!(report.mapped_units, [format!("第一中队 → {FIRST}")]);
    assert_eq!(report.created_units, ["城南生态环境保护所（生态环境保护所）"]);
    assert_eq!(person(&env.ledger, "王磊", FIRST).unit_id, first);
    assert_eq!(person(&env.ledger, "李玥", FIRST).unit_id, first);
    assert_eq!(person(&env.ledger, "赵喆", "城南生态环境保护所").name, "赵喆");
    // The mapping is remembered: the next sheet's 第一中队 is known, and its people are found.
    assert_eq!(env.ledger.unit_by_name("第一中队").unwrap().unwrap().id, first);
    let again = env.ledger.import_staff(&path, &opts()).unwrap();
    assert_eq!((again.inserted, again.unchanged), (0, 3));
}

#[test]
fn a_clerks_certificate_sheet_finds_holders_by_name_unit_or_number_and_keeps_leading_zeros() {
    let mut env = people_branch();
    let path = env.path("执法证件.xlsx");
    write_xlsx(
        &path,
        &[
            row(&["滕州分局执法证件台账"]),
            row(&["序号", "姓名", "证件类型", "执法证号", "发证机关", "发证日期", "有效期", "状态", "所在单位"]),
            row(&["1", "李  玥", "执法证", "0070001", "山东省人民政府", "2022.1.1", "2022-01-01至2027-12-31", "", ""]),
            row(&[
                "2",
                "王磊",
                "行政执法证",
                "0070002",
                "山东省人民政府",
                "2022年1月1日",
                "2027/12/31",
                "有效",
                SECOND,
            ]),
            // 姓名 and 所在单位 merged with the row above: the same person's second certificate.
            vec![
                s("3"),
                X::Blank,
                s("听证主持人证"),
                s("0090002"),
                X::Blank,
                X::D(date(2023, 1, 1)),
                X::Blank,
                s("暂扣"),
                X::Blank,
            ],
            // No unit, but the number is already registered to one of the two 王磊.
            row(&["4", "王磊", "行政执法证", "0012345", "山东省人民政府", "2021-03-01", "2029-02-28", "", ""]),
        ],
        &[(3, 1, 4, 1, "王磊"), (3, 8, 4, 8, SECOND)],
    );
    let report = env.ledger.import_certificates(&path, &opts()).unwrap();
    assert_eq!(
        (report.header_row, report.inserted, report.updated, report.rejected_rows),
        (2, 3, 1, 0),
        "{:?}",
        report.errors
    );
    assert_eq!(report.ignored_columns, ["序号"]);
    let all: Vec<_> = env
        .ledger
        .list_certificates(&CertificateQuery::default())
        .unwrap()
        .items
        .into_iter()
        .map(|r| r.certificate)
        .collect();
    let cert = |number: &str| all.iter().find(|c| c.number == number).unwrap_or_else(|| panic!("no {number}"));
    let c = cert("0070001");
    assert_eq!(
        (c.staff_name.as_str(), c.kind, c.issued_on.as_deref(), c.expires_on.as_deref(), c.status),
        ("李玥", CertKind::Enforcement, Some("2022-01-01"), Some("2027-12-31"), CertStatus::Valid)
    );
    let c = cert("0070002");
    assert_eq!(
        (c.unit_name.as_str(), c.issued_on.as_deref(), c.expires_on.as_deref()),
        (SECOND, Some("2022-01-01"), Some("2027-12-31"))
    );
    let c = cert("0090002");
    assert_eq!(
        (
            c.staff_name.as_str(),
            c.unit_name.as_str(),
            c.kind,
            c.status,
            c.issued_on.as_deref(),
            c.expires_on.as_deref()
        ),
        ("王磊", SECOND, CertKind::Hearing, CertStatus::Suspended, Some("2023-01-01"), None)
    );
    let c = cert("0012345");
    assert_eq!((c.unit_name.as_str(), c.expires_on.as_deref(), c.revision), (FIRST, Some("2029-02-28"), 2));
    assert_eq!(all.len(), 6);
}

#[test]
fn a_roster_grouped_under_unit_headings_places_each_person_in_the_heading_s_unit() {
    let mut env = branch();
    add_unit(&mut env.ledger, FIRST, "执法中队");
    add_unit(&mut env.ledger, SECOND, "执法中队");
    let path = env.path("分中队花名册.xlsx");
    #[rustfmt::skip]
    let rows = vec![
        row(&["序号", "姓名", "性别", "所在单位", "岗位", "编制性质"]),
        row(&[FIRST, "", "", "", "", ""]),
        row(&["1", "赵一", "男", "", "一线执法", "在编"]),
        row(&["2", "钱二", "女", "", "内勤", "在编"]),
        row(&[SECOND, "", "", "", "", ""]),
        row(&["3", "孙三", "男", "", "一线执法", "在编"]),
        row(&["4", "李四", "男", NORTH_WRITTEN, "一线执法", "在编"]),
    ];
    write_xlsx(&path, &rows, &[(1, 0, 1, 5, FIRST), (4, 0, 4, 5, SECOND)]);
    let mut options = opts();
    options.units.push(UnitChoice::Create { name: NORTH_WRITTEN.into(), kind: "生态环境保护所".into() });
    let report = env.ledger.import_staff(&path, &options).unwrap();
    assert_eq!((report.inserted, report.rejected_rows, report.set_aside.len()), (4, 0, 2), "{:?}", report.errors);
    let unit_of = |name: &str| everyone(&env.ledger).into_iter().find(|s| s.name == name).unwrap().unit_name;
    assert_eq!(
        [unit_of("赵一"), unit_of("钱二"), unit_of("孙三"), unit_of("李四")],
        [FIRST, FIRST, SECOND, NORTH_WRITTEN],
        "a unit written in the row wins over the heading"
    );
}

#[test]
fn a_roster_kept_as_a_sheet_per_unit_takes_each_sheet_s_name_for_its_people_s_unit() {
    let mut env = branch();
    add_unit(&mut env.ledger, FIRST, "执法中队");
    let path = env.path("各中队花名册.xlsx");
    let header = row(&["序号", "姓名", "性别", "岗位", "编制性质"]);
    let first =
        [header.clone(), row(&["1", "赵一", "男", "一线执法", "在编"]), row(&["2", "钱二", "女", "内勤", "在编"])];
    let second = [header.clone(), row(&["1", "孙三", "男", "一线执法", "在编"])];
    // A sheet named for what it is, not for a unit, still needs its 所在单位 column.
    let all = [header.clone(), row(&["1", "李四", "男", "一线执法", "在编"])];
    write_workbook(&path, &[(FIRST, &first, &[]), (SECOND, &second, &[]), ("花名册", &all, &[])]);

    let r = env.ledger.import_staff(&path, &opts()).unwrap();
    assert_eq!((r.sheet.as_str(), r.inserted), (FIRST, 2), "{:?}", r.errors);
    assert_eq!(r.sheets, [FIRST, SECOND]);
    assert_eq!(r.sheet_name_note, format!("表中没有“所在单位”列，按工作表名称填为“{FIRST}”"));

    // The second 中队 is not in the organisation: the add-or-map step, as for a name in a cell.
    let mut options = ImportOptions { sheet: Some(SECOND.into()), ..opts() };
    let refused = rejected(env.ledger.import_staff(&path, &options));
    assert_eq!(refused.unknown_units.iter().map(|u| (u.name.as_str(), u.rows)).collect::<Vec<_>>(), [(SECOND, 1)]);
    options.units.push(UnitChoice::Create { name: SECOND.into(), kind: "执法中队".into() });
    env.ledger.import_staff(&path, &options).unwrap();
    let unit_of = |name: &str| everyone(&env.ledger).into_iter().find(|s| s.name == name).unwrap().unit_name;
    assert_eq!([unit_of("赵一"), unit_of("钱二"), unit_of("孙三")], [FIRST, FIRST, SECOND]);

    let err = env.ledger.import_staff(&path, &ImportOptions { sheet: Some("花名册".into()), ..opts() }).unwrap_err();
    assert!(err.to_string().contains("工作表“花名册”没有找到表头行：缺少必需的列“所在单位”"), "{err}");
}

#[test]
fn a_certificate_sheet_with_a_header_in_two_merged_rows_imports_every_column() {
    let mut env = people_branch();
    let path = env.path("执法证件（两行表头）.xlsx");
    #[rustfmt::skip]
    let rows = vec![
        vec![], // the merged title
        row(&["", "", "", "", "", "", "", ""]), // 序号, 姓名, 所在单位 and 备注 merged down; 执法证件 across
        row(&["", "", "", "证件类型", "证号", "发证日期", "有效期至", ""]),
        row(&["1", "李玥", "", "执法证", "0070001", "2022.1.1", "2027-12-31", ""]),
        row(&["2", "王磊", SECOND, "行政执法证", "0070002", "2022年1月1日", "2027/12/31", "换发中"]),
    ];
    let merges = [
        (0, 0, 0, 7, "滕州分局2024年执法证件台账"),
        (1, 0, 2, 0, "序号"),
        (1, 1, 2, 1, "姓名"),
        (1, 2, 2, 2, "所在单位"),
        (1, 3, 1, 6, "执法证件"),
        (1, 7, 2, 7, "备注"),
    ];
    write_xlsx(&path, &rows, &merges);
    let report = env.ledger.import_certificates(&path, &opts()).unwrap();
    assert_eq!((report.header_row, report.inserted, report.rejected_rows), (3, 2, 0), "{:?}", report.errors);
    assert_eq!(report.ignored_columns, ["序号", "备注"]);
    let all = env.ledger.list_certificates(&CertificateQuery::default()).unwrap().items;
    let cert = |number: &str| &all.iter().find(|r| r.certificate.number == number).unwrap().certificate;
    let c = cert("0070002");
    assert_eq!(
        (c.staff_name.as_str(), c.unit_name.as_str(), c.kind, c.issued_on.as_deref(), c.expires_on.as_deref()),
        ("王磊", SECOND, CertKind::Enforcement, Some("2022-01-01"), Some("2027-12-31"))
    );
    assert_eq!(cert("0070001").staff_name, "李玥");
}

/// A roster that keeps 学历 twice, as cadre forms do: `upper` and `lower` are the header's two
/// rows from the 学历 columns on (姓名, 所在单位 and 序号 merged down before them), `merges`
/// what the upper row merges across. Each person gets the higher of the two (F3 counts it).
#[rstest::rstest]
#[case::education_over_full_time_and_in_service(
    &["学历", "", "备注"], &["全日制", "在职", ""], &[(1, 3, 1, 4, "学历")], &["序号", "备注"][..]
)]
#[case::full_time_and_in_service_each_over_education_and_school(
    &["全日制教育", "", "在职教育", "", "备注"],
    &["学历", "毕业院校及专业", "学历", "毕业院校及专业", ""],
    &[(1, 3, 1, 4, "全日制教育"), (1, 5, 1, 6, "在职教育")],
    &["序号", "全日制教育（毕业院校及专业）", "在职教育（毕业院校及专业）", "备注"][..]
)]
fn a_roster_keeping_education_twice_takes_the_higher(
    #[case] upper: &[&str],
    #[case] lower: &[&str],
    #[case] merges: &[(u32, u16, u32, u16, &str)],
    #[case] ignored: &[&str],
) {
    let mut env = branch();
    add_unit(&mut env.ledger, FIRST, "执法中队");
    let path = env.path("干部花名册.xlsx");
    let two = upper.len() == 5;
    // Full-time, in service: the in-service degree is the higher, the lower, absent or 无.
    let people =
        [("王磊", "大专", "本科"), ("李玥", "硕士研究生", "本科"), ("赵喆", "中专", ""), ("钱珺", "高中", "无")];
    let mut rows = vec![vec![], row(&[&["", "", ""][..], upper].concat()), row(&[&["", "", ""][..], lower].concat())];
    for (i, (name, full_time, in_service)) in people.iter().enumerate() {
        let number = (i + 1).to_string();
        let education: Vec<&str> =
            if two { vec![full_time, "某学校", in_service, "某学校"] } else { vec![full_time, in_service] };
        rows.push(row(&[&[number.as_str(), name, FIRST][..], &education, &[""]].concat()));
    }
    let mut all_merges = vec![
        (0, 0, 0, 7, "滕州分局执法人员花名册"),
        (1, 0, 2, 0, "序号"),
        (1, 1, 2, 1, "姓名"),
        (1, 2, 2, 2, "所在单位"),
    ];
    all_merges.extend_from_slice(merges);
    let last = 2 + upper.len() as u16;
    all_merges.push((1, last, 2, last, "备注"));
    write_xlsx(&path, &rows, &all_merges);

    let report = env.ledger.import_staff(&path, &opts()).unwrap();
    assert_eq!((report.header_row, report.inserted, report.rejected_rows), (3, 4, 0), "{:?}", report.errors);
    assert_eq!(report.ignored_columns, ignored);
    let education = |name: &str| person(&env.ledger, name, FIRST).education;
    assert_eq!(
        ["王磊", "李玥", "赵喆", "钱珺"].map(education),
        [Some(Education::Bachelor), Some(Education::Graduate), Some(Education::Secondary), Some(Education::Secondary)]
    );

    // A value neither column can read is an error that names 学历, whichever column holds it.
    let bad = if two { 5 } else { 4 };
    if let X::S(cell) = &mut rows[3][bad] {
        *cell = "双学位".into();
    }
    write_xlsx(&path, &rows, &all_merges);
    let report = rejected(env.ledger.import_staff(&path, &opts()));
    let e = &report.errors[..];
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].row, e[0].column.as_str(), e[0].value.as_str()), (4, "学历", "双学位"));
}

#[test]
fn certificate_rows_naming_a_missing_person_or_an_ambiguous_namesake_are_errors_that_say_so() {
    let mut env = people_branch();
    let path = env.path("执法证件.xlsx");
    write_xlsx(
        &path,
        &[
            row(&["姓名", "证件类型", "证件编号", "有效期至"]),
            row(&["周八", "行政执法证", "0080001", "2027-12-31"]),
            row(&["王磊", "行政执法证", "0080002", "2027-12-31"]),
            row(&["李玥", "行政执法证", "0080003", "2027-12-31"]),
        ],
        &[],
    );
    let before = dump(env.ledger.conn());
    let report = rejected(env.ledger.import_certificates(&path, &opts()));
    assert_eq!((report.valid_rows, report.rejected_rows), (1, 2));
    let e = &report.errors[0];
    assert_eq!((e.row, e.column.as_str(), e.value.as_str()), (2, "姓名", "周八"));
    assert!(e.reason.contains("人员花名册中没有“周八”"), "{}", e.reason);
    let e = &report.errors[1];
    assert_eq!((e.row, e.column.as_str()), (3, "姓名"));
    assert!(e.reason.contains("花名册中有 2 人名为“王磊”"), "{}", e.reason);
    assert!(e.reason.contains(FIRST) && e.reason.contains(SECOND), "names both: {}", e.reason);
    assert!(e.reason.contains(&format!("王磊（{FIRST}）")), "{}", e.reason);
    assert_eq!(dump(env.ledger.conn()), before, "nothing written");

    // With only the valid rows, 李玥's certificate goes in and the other two are reported.
    let report = env.ledger.import_certificates(&path, &ImportOptions::new(ImportMode::ValidRowsOnly, 2024)).unwrap();
    assert_eq!((report.inserted, report.errors.len()), (1, 2));
}

#[test]
fn a_clerks_secondment_sheet_reads_approval_as_yes_no_or_a_document_number() {
    let mut env = people_branch();
    let path = env.path("借调.xlsx");
    write_xlsx(
        &path,
        &[
            row(&["姓名", "所在单位", "借调单位", "是否执法岗位", "开始日期", "结束日期", "市局同意"]),
            row(&["张 堃", "", "市生态环境局", "×", "2024.2.1", "", "枣环函〔2024〕12号"]),
            row(&["王磊", FIRST, "区综合执法局", "Y", "2024年3月1日", "2024/9/30", "√"]),
            row(&["李玥", "", "市委巡察办", "", "2024-04-01", "", ""]),
        ],
        &[],
    );
    let report = env.ledger.import_secondments(&path, &opts()).unwrap();
    assert_eq!(report.inserted, 3, "{:?}", report.errors);
    let all = env.ledger.list_secondments(&SecondmentQuery::default()).unwrap();
    let look = |dest: &str| {
        let x = all.iter().find(|x| x.destination == dest).unwrap();
        (
            x.staff_name.clone(),
            x.enforcement_post,
            x.start_on.clone(),
            x.end_on.clone(),
            x.approved,
            x.approval_doc.clone(),
        )
    };
    assert_eq!(
        look("市生态环境局"),
        ("张堃".into(), false, "2024-02-01".into(), None, true, "枣环函〔2024〕12号".into())
    );
    assert_eq!(look("区综合执法局"), ("王磊".into(), true, "2024-03-01".into(), d("2024-09-30"), true, String::new()));
    assert_eq!(look("市委巡察办"), ("李玥".into(), false, "2024-04-01".into(), None, false, String::new()));
}

#[test]
fn a_clerks_uniform_sheet_merges_names_over_items() {
    let mut env = people_branch();
    let path = env.path("服装.xlsx");
    write_xlsx(
        &path,
        &[
            row(&["2024年制式服装发放登记表"]),
            row(&["姓名", "所在单位", "品名", "数量", "发放日期"]),
            row(&["王磊", SECOND, "冬执勤服", "2套", "2024.10.1"]),
            vec![X::Blank, X::Blank, s("执勤鞋"), X::N(1.0), X::D(date(2024, 10, 1))],
            row(&["李玥", "", "大檐帽", "", "2024-10-01"]),
        ],
        &[(2, 0, 3, 0, "王磊"), (2, 1, 3, 1, SECOND)],
    );
    let report = env.ledger.import_uniform_issues(&path, &opts()).unwrap();
    assert_eq!(report.inserted, 3, "{:?}", report.errors);
    let wang2 = person(&env.ledger, "王磊", SECOND);
    let mine: Vec<(String, i64, String)> = env
        .ledger
        .list_uniform_issues(Some(&wang2.id))
        .unwrap()
        .into_iter()
        .map(|i| (i.item, i.quantity, i.issued_on))
        .collect();
    assert_eq!(
        mine,
        [("冬执勤服".to_string(), 2, "2024-10-01".to_string()), ("执勤鞋".to_string(), 1, "2024-10-01".to_string())]
    );
    let li = person(&env.ledger, "李玥", FIRST);
    assert_eq!(env.ledger.list_uniform_issues(Some(&li.id)).unwrap().len(), 2, "a new 大檐帽 issue, quantity 1");
}

#[test]
fn a_clerks_training_sheet_tells_namesakes_apart_by_the_unit_written_with_the_name() {
    let mut env = people_branch();
    let path = env.path("培训.xlsx");
    let header = row(&["培训名称", "类型", "级别", "主办单位", "开始日期", "结束日期", "学时", "地点", "参加人员"]);
    write_xlsx(
        &path,
        &[
            header.clone(),
            vec![
                s("2024年执法业务知识竞赛"),
                s("知识竞赛"),
                s("市级"),
                s("滕州分局"),
                X::D(date(2024, 5, 10)),
                s("2024年5月11日"),
                s("8学时"),
                s("分局"),
                s(&format!("王磊（{FIRST}）、李 玥；张堃")),
            ],
        ],
        &[],
    );
    let report = env.ledger.import_training(&path, &opts()).unwrap();
    assert_eq!(report.inserted, 1, "{:?}", report.errors);
    let s0 = env
        .ledger
        .list_training(&TrainingQuery { search: Some("知识竞赛".into()), ..Default::default() })
        .unwrap()
        .items;
    let detail = env.ledger.training_detail(&s0[0].id).unwrap();
    let sess = &detail.session;
    assert_eq!(
        (
            sess.kind.as_str(),
            sess.level,
            sess.organiser.as_str(),
            sess.start_on.as_str(),
            sess.end_on.as_str(),
            sess.hours,
            sess.place.as_str()
        ),
        ("知识竞赛", Some(Level::City), "滕州分局", "2024-05-10", "2024-05-11", Some(8.0), "分局")
    );
    let mut who: Vec<(String, String)> =
        detail.attendance.iter().map(|a| (a.staff_name.clone(), a.unit_name.clone())).collect();
    who.sort();
    assert_eq!(who, [("张堃".into(), NORTH.into()), ("李玥".into(), FIRST.into()), ("王磊".into(), FIRST.into())]);

    // 王磊 alone could be either; an unknown kind of training is refused.
    let bad = env.path("培训-错.xlsx");
    write_xlsx(
        &bad,
        &[
            header,
            row(&["队列训练", "军训队列", "", "", "2024-06-01", "", "", "", "王磊、李玥"]),
            row(&["茶话会", "联欢", "", "", "2024-06-02", "", "", "", ""]),
        ],
        &[],
    );
    let before = dump(env.ledger.conn());
    let report = rejected(env.ledger.import_training(&bad, &opts()));
    let e = &report.errors[0];
    assert_eq!((e.row, e.column.as_str()), (2, "参加人员"));
    assert!(e.reason.contains("花名册中有 2 人名为“王磊”"), "{}", e.reason);
    let e = &report.errors[1];
    assert_eq!((e.row, e.column.as_str()), (3, "类型"));
    assert!(e.reason.contains("不在培训类型列表中"), "{}", e.reason);
    assert_eq!(dump(env.ledger.conn()), before);
}

#[test]
fn namesakes_on_a_certificate_workbook_with_a_sheet_per_unit_are_told_apart_by_the_sheet() {
    let mut env = people_branch();
    let path = env.path("各中队执法证件.xlsx");
    let header = row(&["姓名", "证件类型", "证件编号", "有效期至"]);
    let first = [header.clone(), row(&["王磊", "行政执法证", "0090001", "2029-12-31"])];
    let second = [header.clone(), row(&["王磊", "行政执法证", "0090002", "2029-12-31"])];
    // A sheet not named for a unit cannot tell them apart.
    let other = [header.clone(), row(&["王磊", "行政执法证", "0090003", "2029-12-31"])];
    write_workbook(&path, &[(FIRST, &first, &[]), (SECOND, &second, &[]), ("补充", &other, &[])]);
    let on = |sheet: &str| ImportOptions { sheet: Some(sheet.into()), ..opts() };

    for sheet in [FIRST, SECOND] {
        let report = env.ledger.import_certificates(&path, &on(sheet)).unwrap();
        assert_eq!((report.inserted, report.sheet_name_note.as_str()), (1, ""), "{:?}", report.errors);
    }
    let all = env.ledger.list_certificates(&CertificateQuery::default()).unwrap().items;
    let holder = |number: &str| {
        let c = &all.iter().find(|r| r.certificate.number == number).unwrap().certificate;
        (c.staff_name.clone(), c.unit_name.clone())
    };
    assert_eq!(holder("0090001"), ("王磊".to_string(), FIRST.to_string()));
    assert_eq!(holder("0090002"), ("王磊".to_string(), SECOND.to_string()));
    let report = rejected(env.ledger.import_certificates(&path, &on("补充")));
    assert!(report.errors[0].reason.contains("花名册中有 2 人名为“王磊”"), "{:?}", report.errors);
}
