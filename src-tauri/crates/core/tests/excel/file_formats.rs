//! Which files are task sheets: the same sheet as .xlsx, .ods and .xls (and named for another
//! format), a workbook with an open password, the ledger behind an instructions sheet, a sheet
//! per unit chosen by name, and files that are refused with a reason.

use super::*;

#[test]
fn files_that_are_not_a_task_sheet_are_refused_with_a_reason() {
    let mut env = branch();
    let before = dump(env.ledger.conn());
    let check = |env: &mut Env, path: &Path, want: &str| {
        let err = env.ledger.import_tasks(path, &ImportOptions::new(ImportMode::AllOrNothing, 2024)).unwrap_err();
        assert_eq!(err.code(), "E_FILE", "{err}");
        assert!(err.to_string().contains(want), "{err} should say {want}");
    };
    let csv = env.path("台账.csv");
    std::fs::write(&csv, "具体任务\n甲\n").unwrap();
    check(&mut env, &csv, "只能导入 .xlsx、.xls 或 .ods 格式的表格");
    let missing = env.path("不存在.xlsx");
    check(&mut env, &missing, "文件不存在");
    let no_header = env.path("无表头.xlsx");
    write_xlsx(&no_header, &[row(&["序号", "任务名称"]), row(&["1", "甲"])], &[]);
    check(&mut env, &no_header, "缺少必需的列“具体任务”");
    let no_rows = env.path("无数据.xlsx");
    write_xlsx(&no_rows, &[row(&["序号", "具体任务"]), vec![], row(&["", ""])], &[]);
    check(&mut env, &no_rows, "表头下没有数据行");
    let text = env.path("文本.xlsx");
    std::fs::write(&text, "具体任务,完成时限\n").unwrap();
    check(&mut env, &text, "不是有效的 Excel/WPS 表格文件");
    assert_eq!(dump(env.ledger.conn()), before);

    let mut fresh = empty();
    let p = fresh.path("t.xlsx");
    write_xlsx(&p, &[row(&["具体任务"]), row(&["甲"])], &[]);
    assert_eq!(
        code(fresh.ledger.import_tasks(&p, &ImportOptions::new(ImportMode::AllOrNothing, 2024))),
        "E_NOT_INITIALIZED"
    );
}

#[test]
fn the_ledger_sheet_is_found_behind_an_instructions_sheet_and_each_unit_s_sheet_can_be_chosen() {
    use rust_xlsxwriter::Workbook;
    let mut env = branch();
    let path = env.path("各中队任务.xlsx");
    let mut book = Workbook::new();
    let first = book.add_worksheet();
    first.set_name("填表说明").unwrap();
    first.write_string(0, 0, "请按表头填写，日期写作 2024-07-31").unwrap();
    // A summary sheet not filled in yet (its header only), then a sheet per unit.
    let sheets =
        [("汇总", ["", ""]), ("第一中队", ["一中队的任务甲", "一中队的任务乙"]), ("第二中队", ["二中队的任务", ""])];
    for (unit, tasks) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(unit).unwrap();
        sheet.write_string(0, 0, "具体任务").unwrap();
        for (i, task) in tasks.iter().filter(|t| !t.is_empty()).enumerate() {
            sheet.write_string(i as u32 + 1, 0, *task).unwrap();
        }
    }
    book.save(&path).unwrap();
    let before = dump(env.ledger.conn());
    let options = |sheet: Option<&str>| ImportOptions {
        sheet: sheet.map(str::to_string),
        ..ImportOptions::new(ImportMode::DryRun, 2024)
    };

    // The first sheet with a header and data below it, and the other one that has both.
    let report = env.ledger.import_tasks(&path, &options(None)).unwrap();
    assert_eq!((report.sheet.as_str(), report.header_row, report.inserted), ("第一中队", 1, 2));
    assert_eq!(report.sheets, ["第一中队", "第二中队"]);
    let report = env.ledger.import_tasks(&path, &options(Some("第二中队"))).unwrap();
    assert_eq!((report.sheet.as_str(), report.inserted, report.sheets.len()), ("第二中队", 1, 2));

    // A sheet that is not there, or has no header, is refused by name.
    let refused = |env: &mut Env, sheet: &str| {
        let err = env.ledger.import_tasks(&path, &options(Some(sheet))).unwrap_err();
        assert_eq!(err.code(), "E_FILE", "{err}");
        err.to_string()
    };
    let err = refused(&mut env, "第三中队");
    assert!(
        err.contains("没有名为“第三中队”的工作表（本文件的工作表：“填表说明”、“汇总”、“第一中队”、“第二中队”）"),
        "{err}"
    );
    assert!(refused(&mut env, "汇总").contains("表头下没有数据行"));
    let err = refused(&mut env, "填表说明");
    assert!(err.contains("工作表“填表说明”没有找到表头行：缺少必需的列“具体任务”"), "{err}");
    assert_eq!(dump(env.ledger.conn()), before);

    let chosen =
        ImportOptions { sheet: Some("第二中队".into()), ..ImportOptions::new(ImportMode::AllOrNothing, 2024) };
    env.ledger.import_tasks(&path, &chosen).unwrap();
    let list = env.ledger.list_tasks(&Default::default()).unwrap();
    assert_eq!(list.items.iter().map(|t| t.detail.as_str()).collect::<Vec<_>>(), ["二中队的任务"]);
    // The audit trail says which sheet of the file it was.
    let audit = env.ledger.audit_log(&Default::default()).unwrap().items;
    let import = audit.iter().find(|e| e.action == "import").unwrap();
    assert_eq!(import.summary, "重点任务（文件“各中队任务.xlsx”工作表“第二中队”：新增 1，更新 0，无变化 0，跳过 0）");
}

/// The rows of the .ods and .xls fixtures (see tests/fixtures/README.md).
fn fixture_rows() -> Vec<Vec<X>> {
    let mut r6 = row(&[
        "(二)开展装备配备攻坚",
        "加强执法装备配备",
        "制定执法装备配备年度计划。",
        "/",
        "各分局",
        "",
        "",
        "已完成",
    ]);
    r6[6] = X::D(date(2024, 9, 30));
    vec![
        vec![],
        row(&["项目", "主要任务", "具体任务", "牵头单位", "责任单位", "完成时限", "截止日期", "状态"]),
        row(&[
            "",
            "规范机构运行管理",
            "加强对区（市）综合执法机构的业务指导。",
            "综合执法支队",
            "各分局",
            "长期坚持",
            "",
            "进行中",
        ]),
        row(&["", "", "深化综合行政执法机构改革。", "人事科", "各分局、综合执法支队", "12月底前", "", ""]),
        vec![],
        r6,
        row(&["", "", "组织开展全员轮训。", "", "", "", "2024年6月30日", ""]),
    ]
}

fn fixture_looks() -> Vec<Look> {
    let s = |v: &str| v.to_string();
    let v = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let (c1, c2) = (s("(一)开展机构规范化攻坚"), s("(二)开展装备配备攻坚"));
    vec![
        (
            2024,
            1,
            c1.clone(),
            s("规范机构运行管理"),
            s("加强对区（市）综合执法机构的业务指导。"),
            v(&["综合执法支队"]),
            v(&["各分局"]),
            s("长期坚持"),
            None,
            "进行中",
            s(BRANCH),
        ),
        (
            2024,
            2,
            c1,
            s("规范机构运行管理"),
            s("深化综合行政执法机构改革。"),
            v(&["人事科"]),
            v(&["各分局", "综合执法支队"]),
            s("12月底前"),
            Some(s("2024-12-31")),
            "未开始",
            s(BRANCH),
        ),
        (
            2024,
            3,
            c2.clone(),
            s("加强执法装备配备"),
            s("制定执法装备配备年度计划。"),
            v(&[]),
            v(&["各分局"]),
            s("2024-09-30"),
            Some(s("2024-09-30")),
            "已完成",
            s(BRANCH),
        ),
        (
            2024,
            4,
            c2,
            s("加强执法装备配备"),
            s("组织开展全员轮训。"),
            v(&[]),
            v(&[]),
            s("2024-06-30"),
            Some(s("2024-06-30")),
            "未开始",
            s(BRANCH),
        ),
    ]
}

fn import_fixture(path: &Path) -> (ImportReport, Vec<Look>) {
    let mut env = branch();
    let report = env
        .ledger
        .import_tasks(path, &ImportOptions::new(ImportMode::AllOrNothing, 2024))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let looks = tasks(&env).iter().map(look).collect();
    (report, looks)
}

#[test]
fn the_same_sheet_as_xlsx_ods_and_xls_imports_the_same_tasks() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("tasks.xlsx");
    write_xlsx(
        &xlsx,
        &fixture_rows(),
        &[(0, 0, 0, 7, "2024年重点任务分工台账（测试样表）"), (2, 0, 3, 0, "(一)开展机构规范化攻坚")],
    );
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    // The same files named for another format, as web systems and 另存为 leave them: the content
    // decides how a file is read.
    let renamed = |from: &Path, to: &str| {
        let path = dir.path().join(to);
        std::fs::copy(from, &path).unwrap();
        path
    };
    let xls_named_xlsx = renamed(&fixtures.join("tasks.xls"), "其实是xls.xlsx");
    let xlsx_named_xls = renamed(&xlsx, "其实是xlsx.xls");
    let ods_named_xlsx = renamed(&fixtures.join("tasks.ods"), "其实是ods.xlsx");
    for path in
        [xlsx, fixtures.join("tasks.ods"), fixtures.join("tasks.xls"), xls_named_xlsx, xlsx_named_xls, ods_named_xlsx]
    {
        let (report, looks) = import_fixture(&path);
        assert_eq!((report.header_row, report.total_rows, report.inserted), (2, 4, 4), "{}", path.display());
        assert_eq!(looks, fixture_looks(), "{}", path.display());
    }
}

/// A workbook with an open password is a compound file of `EncryptionInfo` and
/// `EncryptedPackage` (as Excel and WPS save it): the clerk is told to remove the password.
#[test]
fn a_workbook_with_an_open_password_says_so() {
    let mut env = branch();
    let path = env.path("加密台账.xlsx");
    let mut file = cfb::create(&path).unwrap();
    for (stream, bytes) in
        [("/EncryptionInfo", &[4u8, 0, 4, 0, 0x40, 0, 0, 0][..]), ("/EncryptedPackage", &[0u8; 64][..])]
    {
        std::io::Write::write_all(&mut file.create_stream(stream).unwrap(), bytes).unwrap();
    }
    file.flush().unwrap();
    drop(file);
    let err = env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::AllOrNothing, 2024)).unwrap_err();
    assert_eq!(err.code(), "E_FILE", "{err}");
    assert!(err.to_string().contains("文件设置了打开密码"), "{err}");
    assert!(err.to_string().contains("加密台账.xlsx"), "{err}");
}
