//! Excel in and out: the sheets clerks already keep (any column order, title rows, merged
//! cells, dates written every which way), row errors that point at the cell, the three import
//! modes, and an export that can be edited and imported back.

#[path = "../common/mod.rs"]
mod common;
mod file_formats;

use std::io::Read;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use common::sheets::rejected;
use common::*;
use ledger_core::model::UnitInput;
use ledger_core::store::excel::{ImportMode, ImportOptions, ImportReport, RowError};
use ledger_core::tasks::template::Template;
use ledger_core::tasks::{Task, TaskQuery, TaskStatus};

fn tasks(env: &Env) -> Vec<Task> {
    env.ledger.list_tasks(&TaskQuery::default()).unwrap().items
}

/// What a task looks like to a clerk (no ids, times or revisions).
type Look = (i32, i64, String, String, String, Vec<String>, Vec<String>, String, Option<String>, &'static str, String);

fn look(t: &Task) -> Look {
    (
        t.year,
        t.seq,
        t.category.clone(),
        t.main_task.clone(),
        t.detail.clone(),
        t.lead_units.clone(),
        t.responsible_units.clone(),
        t.deadline_text.clone(),
        t.due_date.clone(),
        t.status.label(),
        t.unit_name.clone(),
    )
}

#[test]
fn a_sheet_as_clerks_keep_it_imports_by_header_name() {
    let mut env = branch();
    let path = env.path("分工台账.xlsx");
    let mut rows = vec![
        vec![], // row 1: the merged title
        row(&["填报单位：滕州分局", "", "", "", "", "填报日期：2024年5月15日"]),
        row(&["完成时限", "具体任务", "备注", "项目", "牵头单位", "主要任务", "责任单位", "状态", "联系人"]),
        row(&[
            "7月底前",
            "统一办公办案场所设置和形象标识。",
            "重点",
            "",
            "/",
            "规范办公办案场所",
            "各分局、综合执法支队",
            "进行中",
            "王",
        ]),
        row(&[
            "长期坚持",
            "完善部门协作联动机制。",
            "",
            "",
            "有关科室、直属单位",
            "强化部门协作联动",
            "各分局",
            "",
            "",
        ]),
        vec![], // row 6: blank, inside the merged 项目 cell
        row(&["12月底前", "联合举办一次实战练兵比武。", "", "", "综合执法支队", "", "各分局", "已完成", ""]),
        row(&[
            "9月底前",
            "制定执法装备配备年度计划。",
            "",
            "(二)开展装备配备攻坚",
            "",
            "加强执法装备配备",
            "",
            "未开始",
            "",
        ]),
        vec![],
        vec![],
    ];
    rows.push(row(&["", "", "", "", "", "", "", "", ""]));
    write_xlsx(&path, &rows, &[(0, 0, 0, 8, "2024年重点任务分工台账"), (3, 3, 6, 3, "(一)开展机构规范化攻坚")]);
    let report = env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::AllOrNothing, 2024)).unwrap();
    assert_eq!(report.sheet, "台账");
    assert_eq!(report.header_row, 3);
    assert_eq!((report.total_rows, report.valid_rows, report.rejected_rows), (4, 4, 0));
    assert_eq!((report.inserted, report.updated, report.committed), (4, 0, true));
    assert_eq!(report.ignored_columns, vec!["备注", "联系人"]);
    assert!(report.errors.is_empty());
    assert!(report.file.ends_with("分工台账.xlsx"));

    let got: Vec<Look> = tasks(&env).iter().map(look).collect();
    let s = |v: &str| v.to_string();
    let v = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        got,
        vec![
            (
                2024,
                1,
                s("(一)开展机构规范化攻坚"),
                s("规范办公办案场所"),
                s("统一办公办案场所设置和形象标识。"),
                v(&[]),
                v(&["各分局", "综合执法支队"]),
                s("7月底前"),
                Some(s("2024-07-31")),
                "进行中",
                s(BRANCH)
            ),
            (
                2024,
                2,
                s("(一)开展机构规范化攻坚"),
                s("强化部门协作联动"),
                s("完善部门协作联动机制。"),
                v(&["有关科室", "直属单位"]),
                v(&["各分局"]),
                s("长期坚持"),
                None,
                "未开始",
                s(BRANCH)
            ),
            // 主要任务 left blank under a merged cell: filled down.
            (
                2024,
                3,
                s("(一)开展机构规范化攻坚"),
                s("强化部门协作联动"),
                s("联合举办一次实战练兵比武。"),
                v(&["综合执法支队"]),
                v(&["各分局"]),
                s("12月底前"),
                Some(s("2024-12-31")),
                "已完成",
                s(BRANCH)
            ),
            (
                2024,
                4,
                s("(二)开展装备配备攻坚"),
                s("加强执法装备配备"),
                s("制定执法装备配备年度计划。"),
                v(&[]),
                v(&[]),
                s("9月底前"),
                Some(s("2024-09-30")),
                "未开始",
                s(BRANCH)
            ),
        ]
    );
}

#[test]
fn group_headings_give_the_rows_below_their_category_and_a_blank_form_s_numbered_rows_are_skipped() {
    let mut env = branch();
    let path = env.path("分组台账.xlsx");
    #[rustfmt::skip]
    let rows = vec![
        row(&["序号", "主要任务", "具体任务", "完成时限"]),
        row(&["一、开展机构规范化攻坚", "", "", ""]),
        row(&["1", "规范机构运行管理", "加强对综合执法机构的业务指导", "长期坚持"]),
        row(&["2", "", "深化综合行政执法机构改革", "12月底前"]),
        row(&["二、开展装备配备攻坚", "", "", ""]),
        vec![X::N(3.0), s("加强执法装备建设"), s("制定执法装备配备计划"), s("9月底前")],
        // The rest of the form, numbered but never filled in.
        vec![X::N(4.0)],
        row(&["5、", "", "", ""]),
    ];
    write_xlsx(&path, &rows, &[(1, 0, 1, 3, "一、开展机构规范化攻坚"), (4, 0, 4, 3, "二、开展装备配备攻坚")]);
    let report = env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::AllOrNothing, 2024)).unwrap();
    assert_eq!((report.total_rows, report.inserted, report.rejected_rows), (3, 3, 0), "{:?}", report.errors);
    let set_aside: Vec<(u32, &str)> = report.set_aside.iter().map(|l| (l.row, l.text.as_str())).collect();
    assert_eq!(set_aside, [(2, "一、开展机构规范化攻坚"), (5, "二、开展装备配备攻坚")]);
    let by_detail = |detail: &str| tasks(&env).into_iter().find(|t| t.detail == detail).unwrap();
    let t = by_detail("深化综合行政执法机构改革");
    assert_eq!((t.category.as_str(), t.main_task.as_str(), t.seq), ("一、开展机构规范化攻坚", "规范机构运行管理", 2));
    assert_eq!(by_detail("制定执法装备配备计划").category, "二、开展装备配备攻坚");
}

#[test]
fn dates_in_the_due_date_column_are_read_when_the_deadline_is_blank() {
    // Every form a date takes in a sheet: date cells, text, and numbers (20240731, or the serial
    // of a date cell whose format was lost).
    let mut env = branch();
    let path = env.path("日期.xlsx");
    let d = date(2024, 7, 31);
    write_xlsx(
        &path,
        &[
            row(&["具体任务", "完成时限", "截止日期"]),
            vec![s("日期单元格"), X::Blank, X::D(d)],
            vec![s("中文格式日期单元格"), X::Blank, X::Df(d, "yyyy\"年\"m\"月\"d\"日\"")],
            row(&["横线日期", "", "2024-07-31"]),
            row(&["斜线日期", "", "2024/7/31"]),
            row(&["中文日期", "", "2024年7月31日"]),
            row(&["紧凑日期", "", "20240731"]),
            vec![s("紧凑日期数字"), X::Blank, X::N(20240731.0)],
            vec![s("未设日期格式的日期"), X::Blank, X::N(45504.0)],
            row(&["时限优先", "9月底前", "2024-07-31"]),
            row(&["没有时限", "", ""]),
        ],
        &[],
    );
    let report = env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::AllOrNothing, 2024)).unwrap();
    assert_eq!(report.inserted, 10);
    let got: Vec<(String, String, Option<String>)> =
        tasks(&env).into_iter().map(|t| (t.detail, t.deadline_text, t.due_date)).collect();
    let want =
        |detail: &str, text: &str, due: Option<&str>| (detail.to_string(), text.to_string(), due.map(str::to_string));
    assert_eq!(
        got,
        vec![
            want("日期单元格", "2024-07-31", Some("2024-07-31")),
            want("中文格式日期单元格", "2024-07-31", Some("2024-07-31")),
            want("横线日期", "2024-07-31", Some("2024-07-31")),
            want("斜线日期", "2024-07-31", Some("2024-07-31")),
            want("中文日期", "2024-07-31", Some("2024-07-31")),
            want("紧凑日期", "2024-07-31", Some("2024-07-31")),
            want("紧凑日期数字", "2024-07-31", Some("2024-07-31")),
            want("未设日期格式的日期", "2024-07-31", Some("2024-07-31")),
            want("时限优先", "9月底前", Some("2024-09-30")),
            want("没有时限", "", None),
        ]
    );
}

#[test]
fn year_and_sequence_columns_are_read_and_the_default_year_fills_the_rest() {
    let mut env = branch();
    let path = env.path("年度.xlsx");
    write_xlsx(
        &path,
        &[
            row(&["年度", "序号", "具体任务", "完成时限"]),
            vec![X::N(2025.0), X::N(3.0), s("数字年度"), s("7月底前")],
            row(&["2025年", "4.", "文字年度", "7月底前"]),
            row(&["", "", "默认年度", "7月底前"]),
        ],
        &[],
    );
    env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::AllOrNothing, 2026)).unwrap();
    let got: Vec<(i32, i64, String, Option<String>)> =
        tasks(&env).into_iter().map(|t| (t.year, t.seq, t.detail, t.due_date)).collect();
    assert_eq!(
        got,
        vec![
            (2025, 3, "数字年度".into(), Some("2025-07-31".into())),
            (2025, 4, "文字年度".into(), Some("2025-07-31".into())),
            (2026, 1, "默认年度".into(), Some("2026-07-31".into())),
        ]
    );
}

/// A sheet with a title row, the header (using aliases) in row 2, one good row and six bad ones.
fn sheet_with_errors(env: &Env) -> std::path::PathBuf {
    let path = env.path("有错误.xlsx");
    write_xlsx(
        &path,
        &[
            row(&["2024年重点任务"]),
            row(&["序号", "年度", "任务内容", "完成时间", "截止日期", "完成状态", "所属单位"]),
            row(&["1", "2024", "正确的一行", "7月底前", "", "进行中", "城区中队"]),
            row(&["2", "2024", "状态写错", "7月底前", "", "搁置", ""]),
            row(&["3", "2024", "", "7月底前", "", "", ""]),
            row(&["4", "二〇二四", "年度写错", "", "", "", ""]),
            row(&["5", "2024", "单位不存在", "", "", "", "不存在中队"]),
            row(&["6", "2024", "日期写错", "", "下周", "", ""]),
            row(&["第七", "2024", "序号写错", "", "", "", ""]),
        ],
        &[],
    );
    path
}

fn expected_errors() -> Vec<RowError> {
    let e = |row: u32, column: &str, value: &str, reason: &str| RowError {
        row,
        column: column.into(),
        value: value.into(),
        reason: reason.into(),
    };
    vec![
        e(4, "完成状态", "搁置", "应为“未开始”“进行中”或“已完成”"),
        e(5, "任务内容", "", "不能为空"),
        e(6, "年度", "二〇二四", "应为四位年份，如 2024"),
        e(7, "所属单位", "不存在中队", "不在组织机构中：请在导入时把它添加为新单位，或对应到已有单位"),
        e(8, "截止日期", "下周", "不是有效日期，应写作 2024-03-01、2024/3/1、2024.3.1 或 2024年3月1日"),
        e(9, "序号", "第七", "应为正整数"),
    ]
}

fn with_squad() -> Env {
    let mut env = branch();
    env.ledger.add_unit(&UnitInput { name: "城区中队".into(), kind: "执法中队".into(), parent_id: None }).unwrap();
    env
}

#[test]
fn all_or_nothing_rejects_the_whole_file_and_points_at_each_bad_cell() {
    let mut env = with_squad();
    let path = sheet_with_errors(&env);
    let before = dump(env.ledger.conn());
    let err = env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::AllOrNothing, 2024)).unwrap_err();
    assert_eq!(err.code(), "E_IMPORT_REJECTED");
    assert_eq!(err.to_string(), "导入未执行：6 行有错误，数据库未作任何改动");
    let payload = err.to_payload();
    assert_eq!(payload.import_report.as_ref().unwrap().errors, expected_errors());
    let report = rejected(Err(err));
    assert_eq!(report.header_row, 2);
    assert_eq!((report.total_rows, report.valid_rows, report.rejected_rows), (7, 1, 6));
    assert_eq!((report.inserted, report.committed), (0, false));
    assert_eq!(report.errors, expected_errors());
    assert_eq!(dump(env.ledger.conn()), before);
}

#[test]
fn valid_rows_only_imports_the_good_rows_and_reports_the_others() {
    let mut env = with_squad();
    let path = sheet_with_errors(&env);
    let report = env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::ValidRowsOnly, 2024)).unwrap();
    assert_eq!((report.total_rows, report.valid_rows, report.rejected_rows), (7, 1, 6));
    assert_eq!((report.inserted, report.updated, report.committed), (1, 0, true));
    assert_eq!(report.errors, expected_errors());
    let all = tasks(&env);
    assert_eq!(all.len(), 1);
    assert_eq!(
        (all[0].detail.as_str(), all[0].unit_name.as_str(), all[0].status),
        ("正确的一行", "城区中队", TaskStatus::InProgress)
    );
    let audit = env.ledger.audit_log(&Default::default()).unwrap().items;
    assert_eq!(audit[0].entity, "import");
    assert_eq!(audit[0].after.as_ref().unwrap()["rejected"], serde_json::json!(6));
}

#[test]
fn valid_rows_only_with_no_valid_row_writes_nothing() {
    let mut env = branch();
    let path = env.path("全错.xlsx");
    write_xlsx(&path, &[row(&["具体任务", "状态"]), row(&["甲", "搁置"]), row(&["乙", "暂停"])], &[]);
    let before = dump(env.ledger.conn());
    let report = env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::ValidRowsOnly, 2024)).unwrap();
    assert_eq!((report.valid_rows, report.rejected_rows, report.inserted, report.committed), (0, 2, 0, false));
    assert_eq!(dump(env.ledger.conn()), before);
}

#[test]
fn a_dry_run_reports_and_writes_nothing() {
    let mut env = with_squad();
    let path = sheet_with_errors(&env);
    let before = dump(env.ledger.conn());
    let report = env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::DryRun, 2024)).unwrap();
    assert_eq!((report.total_rows, report.valid_rows, report.rejected_rows), (7, 1, 6));
    // The counts are what the import would do: the dry run rehearses it and rolls back.
    assert_eq!((report.inserted, report.updated, report.committed), (1, 0, false));
    assert_eq!(report.errors, expected_errors());
    assert_eq!(dump(env.ledger.conn()), before);

    let clean = env.path("干净.xlsx");
    write_xlsx(&clean, &[row(&["具体任务"]), row(&["甲"]), row(&["乙"])], &[]);
    let report = env.ledger.import_tasks(&clean, &ImportOptions::new(ImportMode::DryRun, 2024)).unwrap();
    assert_eq!((report.total_rows, report.valid_rows, report.inserted, report.committed), (2, 2, 2, false));
    assert_eq!(dump(env.ledger.conn()), before);
}

#[test]
fn export_writes_every_task_with_a_frozen_header_and_real_dates() {
    let mut env = with_squad();
    env.ledger.apply_template(&Template::builtin(), 2024).unwrap();
    let path = env.path("导出.xlsx");
    let report = env.ledger.export_tasks(&path, &TaskQuery::default()).unwrap();
    assert_eq!(report.rows, 29);
    assert_eq!(report.path, path.display().to_string());
    // No temporary file left behind.
    let names: Vec<String> =
        std::fs::read_dir(env.dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");

    // Read back with calamine: the header, then one row per task with dates as dates.
    let mut book = open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names(), vec!["重点任务分工台账".to_string()]);
    let range = book.worksheet_range("重点任务分工台账").unwrap();
    assert_eq!(range.height(), 30);
    let header: Vec<String> = range.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(
        header,
        [
            "序号",
            "项目",
            "主要任务",
            "具体任务",
            "牵头单位",
            "责任单位",
            "完成时限",
            "截止日期",
            "状态",
            "承办单位",
            "年度",
            "编号"
        ]
    );
    let row3: Vec<&Data> = range.rows().nth(3).unwrap().iter().collect();
    assert_eq!(row3[0], &Data::Float(3.0));
    assert_eq!(row3[4], &Data::String("/".into()), "no lead unit is written as /");
    assert_eq!(row3[5], &Data::String("各分局、综合执法支队".into()));
    assert_eq!(row3[6], &Data::String("7月底前".into()));
    match row3[7] {
        Data::DateTime(dt) => {
            assert!(dt.is_datetime());
            assert_eq!(dt.as_f64(), 45504.0, "2024-07-31 as an Excel serial");
        }
        other => panic!("截止日期 should be a date cell, got {other:?}"),
    }
    assert_eq!(row3[8], &Data::String("未开始".into()));
    assert_eq!(row3[10], &Data::Float(2024.0));
    let t3 = env.ledger.list_tasks(&TaskQuery::default()).unwrap().items[2].clone();
    assert_eq!(row3[11], &Data::String(t3.id.clone()));
    let row1: Vec<&Data> = range.rows().nth(1).unwrap().iter().collect();
    assert_eq!(row1[7], &Data::Empty, "长期坚持 has no date");

    // The sheet XML: the first row is frozen; the date cells use the 年月日 format.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut sheet_xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut sheet_xml).unwrap();
    let pane = &sheet_xml[sheet_xml.find("<pane").expect("a pane")..];
    let pane = &pane[..pane.find("/>").unwrap()];
    assert!(pane.contains(r#"state="frozen""#), "{pane}");
    assert!(pane.contains(r#"ySplit="1""#), "{pane}");
    assert!(pane.contains(r#"topLeftCell="A2""#), "{pane}");
    assert!(sheet_xml.contains("<autoFilter"), "the header has filter buttons");
    let mut styles = String::new();
    zip.by_name("xl/styles.xml").unwrap().read_to_string(&mut styles).unwrap();
    let style_of = |cell: &str| -> usize {
        let pat = format!(r#"<c r="{cell}" s=""#);
        let at = sheet_xml.find(&pat).unwrap_or_else(|| panic!("cell {cell}"));
        let rest = &sheet_xml[at + pat.len()..];
        rest[..rest.find('"').unwrap()].parse().unwrap()
    };
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let xf: Vec<&str> = xfs.split("<xf ").skip(1).collect();
    let fmt_id = |xf: &str| -> String {
        let at = xf.find("numFmtId=\"").unwrap() + 10;
        xf[at..at + xf[at..].find('"').unwrap()].to_string()
    };
    let id = fmt_id(xf[style_of("H4")]);
    let numfmt = styles
        .split("<numFmt ")
        .find(|f| f.starts_with(&format!(r#"numFmtId="{id}""#)))
        .unwrap_or_else(|| panic!("numFmt {id} in {styles}"));
    assert!(numfmt.contains("formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\""), "{numfmt}");
}

#[test]
fn export_follows_the_filter_and_an_unwritable_place_is_an_error() {
    let mut env = branch();
    env.ledger.apply_template(&Template::builtin(), 2024).unwrap();
    let path = env.path("长期.xlsx");
    let report = env
        .ledger
        .export_tasks(&path, &TaskQuery { search: Some("长期坚持".into()), limit: Some(1), ..Default::default() })
        .unwrap();
    assert_eq!(report.rows, 15, "every page, not just the first");
    let err = env.ledger.export_tasks(&env.path("没有的文件夹/导出.xlsx"), &TaskQuery::default()).unwrap_err();
    assert_eq!(err.code(), "E_FILE");
    assert!(err.to_string().contains("所在文件夹不存在"), "{err}");
}

#[test]
fn an_exported_sheet_imported_back_updates_the_same_tasks() {
    let mut env = with_squad();
    env.ledger.apply_template(&Template::builtin(), 2024).unwrap();
    let squad = env.ledger.unit_by_name("城区中队").unwrap().unwrap();
    let t3 = tasks(&env)[2].clone();
    let mut e = t3.to_input();
    e.status = Some(TaskStatus::InProgress);
    e.unit_id = Some(squad.id.clone());
    env.ledger.update_task(&t3.id, 1, &e).unwrap();
    env.ledger.create_task(&input("尽快完成的任务", "尽快")).unwrap();
    let before: Vec<Task> = tasks(&env);
    assert_eq!(before.len(), 30);

    let path = env.path("导出.xlsx");
    env.ledger.export_tasks(&path, &TaskQuery::default()).unwrap();
    let report = env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::AllOrNothing, 2030)).unwrap();
    // Nothing changed in Excel, so nothing changes in the ledger: no new revisions, no audit rows.
    assert_eq!((report.inserted, report.updated, report.unchanged, report.rejected_rows), (0, 0, 30, 0));
    assert!(report.ignored_columns.is_empty(), "{:?}", report.ignored_columns);
    let after = tasks(&env);
    assert_eq!(after.len(), 30, "no duplicates");
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(a.id, b.id);
        assert_eq!(look(a), look(b), "task {} changed in the round trip", b.seq);
        assert_eq!((a.ongoing, a.deadline_recognized), (b.ongoing, b.deadline_recognized));
        assert_eq!(a.revision, b.revision);
    }

    // A clerk edits a row of the exported sheet (by its 编号) and imports it.
    let edit = env.path("修改.xlsx");
    write_xlsx(
        &edit,
        &[
            row(&["编号", "具体任务", "完成时限", "状态"]),
            row(&[&t3.id, "统一办公办案场所（已调整）", "8月底前", "已完成"]),
        ],
        &[],
    );
    let report = env.ledger.import_tasks(&edit, &ImportOptions::new(ImportMode::AllOrNothing, 2030)).unwrap();
    assert_eq!((report.inserted, report.updated), (0, 1));
    let t = env.ledger.task(&t3.id).unwrap();
    assert_eq!(
        (t.detail.as_str(), t.due_date.as_deref(), t.status),
        ("统一办公办案场所（已调整）", Some("2024-08-31"), TaskStatus::Done)
    );
    // The columns the sheet did not have are left as they were (not blanked, not moved to 2030).
    let was = &before[2];
    assert_eq!((t.year, t.seq, t.unit_name.as_str()), (2024, 3, "城区中队"));
    assert_eq!(
        (&t.category, &t.main_task, &t.lead_units, &t.responsible_units),
        (&was.category, &was.main_task, &was.lead_units, &was.responsible_units)
    );
    assert_eq!(tasks(&env).len(), 30);
}

#[test]
fn a_partial_sheet_with_numbers_updates_only_its_columns() {
    let mut env = with_squad();
    env.ledger.apply_template(&Template::builtin(), 2024).unwrap();
    let squad = env.ledger.unit_by_name("城区中队").unwrap().unwrap();
    let all = tasks(&env);
    let mut e = all[0].to_input();
    e.unit_id = Some(squad.id.clone());
    env.ledger.update_task(&all[0].id, 1, &e).unwrap();
    let before = tasks(&env);

    // 编号, 具体任务 and 状态 only: statuses change, nothing else does.
    let path = env.path("只改状态.xlsx");
    let mut rows = vec![row(&["编号", "具体任务", "状态"])];
    for t in &before[..3] {
        rows.push(row(&[&t.id, &t.detail, "进行中"]));
    }
    write_xlsx(&path, &rows, &[]);
    let report = env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::AllOrNothing, 2031)).unwrap();
    assert_eq!((report.inserted, report.updated), (0, 3));
    let after = tasks(&env);
    assert_eq!(after.len(), 29);
    for (b, a) in before.iter().zip(&after) {
        let want = if b.seq <= 3 { "进行中" } else { "未开始" };
        assert_eq!(a.status.label(), want, "task {}", b.seq);
        let mut a_look = look(a);
        a_look.9 = b.status.label();
        assert_eq!(a_look, look(b), "task {} changed beyond its status", b.seq);
    }
    assert_eq!(after[0].unit_name, "城区中队");

    // A blank cell in a column the sheet does have means blank.
    let path = env.path("清空牵头单位.xlsx");
    write_xlsx(&path, &[row(&["编号", "具体任务", "牵头单位"]), row(&[&before[1].id, &before[1].detail, ""])], &[]);
    env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::AllOrNothing, 2024)).unwrap();
    let t = env.ledger.task(&before[1].id).unwrap();
    assert!(t.lead_units.is_empty());
    assert_eq!(t.responsible_units, before[1].responsible_units);

    // An unknown 编号 is a new task in the default year.
    let path = env.path("未知编号.xlsx");
    write_xlsx(
        &path,
        &[row(&["编号", "具体任务"]), row(&["00000000-0000-0000-0000-000000000000", "别处导出的任务"])],
        &[],
    );
    let report = env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::AllOrNothing, 2025)).unwrap();
    assert_eq!((report.inserted, report.updated), (1, 0));
    let new = env.ledger.list_tasks(&TaskQuery { year: Some(2025), ..Default::default() }).unwrap().items;
    assert_eq!((new.len(), new[0].detail.as_str(), new[0].seq), (1, "别处导出的任务", 1));
}
