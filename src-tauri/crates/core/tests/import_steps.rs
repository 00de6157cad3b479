//! The two steps every import goes through before its rows are written: the year of a sheet (its
//! title names it) and the unit names the organisation lacks (the clerk adds or maps them).

mod common;

use common::*;
use ledger_core::model::{AuditQuery, UnitInput};
use ledger_core::store::excel::{ImportMode, ImportOptions, UnitChoice, YearSource};
use ledger_core::tasks::{Task, TaskQuery};

const TITLE: &str = "滕州分局2024年规范化建设重点任务分工台账";

fn tasks(env: &Env) -> Vec<Task> {
    env.ledger.list_tasks(&TaskQuery::default()).unwrap().items
}

/// Last year's sheet as a branch keeps it: a title row naming 2024, no 年度 column.
fn titled_sheet(env: &Env, title: &str) -> std::path::PathBuf {
    let path = env.path("去年台账.xlsx");
    write_xlsx(
        &path,
        &[
            row(&[title]),
            row(&["序号", "具体任务", "完成时限", "状态"]),
            row(&["1", "完成区（市）综合执法机构场所打造", "7月底前", "进行中"]),
            row(&["2", "制定年度执法培训计划", "长期坚持", "未开始"]),
        ],
        &[(0, 0, 0, 3, title)],
    );
    path
}

#[test]
fn last_years_titled_sheet_lands_in_its_own_year() {
    let mut env = branch();
    let path = titled_sheet(&env, TITLE);
    let dry = env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::DryRun, 2026)).unwrap();
    assert_eq!((dry.year, dry.year_source), (2024, YearSource::Title));
    assert_eq!(dry.year_note, format!("表头上方第 1 行“{TITLE}”写明 2024年"));
    let report = env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::AllOrNothing, 2026)).unwrap();
    assert_eq!((report.inserted, report.year), (2, 2024));
    let t = tasks(&env);
    assert!(t.iter().all(|t| t.year == 2024), "{t:?}");
    assert_eq!(t[0].due_date.as_deref(), Some("2024-07-31"));
}

#[test]
fn the_clerks_choice_overrides_the_title() {
    let mut env = branch();
    let path = titled_sheet(&env, TITLE);
    let options = ImportOptions { year: Some(2025), ..ImportOptions::new(ImportMode::AllOrNothing, 2026) };
    let report = env.ledger.import_tasks(&path, &options).unwrap();
    assert_eq!((report.year, report.year_source), (2025, YearSource::Chosen));
    assert_eq!(tasks(&env)[0].due_date.as_deref(), Some("2025-07-31"));
}

#[test]
fn a_fill_date_in_the_title_rows_is_not_the_sheets_year() {
    let mut env = branch();
    let path = titled_sheet(&env, "规范化建设重点任务分工台账 填报日期：2025年3月1日");
    let report = env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::DryRun, 2026)).unwrap();
    assert_eq!((report.year, report.year_source), (2026, YearSource::Fallback));
    assert_eq!(report.year_note, "表格未写明年度，按当前选择的 2026年");
}

#[test]
fn a_year_column_still_decides_for_its_rows() {
    let mut env = branch();
    let path = env.path("年度列.xlsx");
    write_xlsx(
        &path,
        &[
            row(&[TITLE]),
            row(&["年度", "具体任务", "完成时限"]),
            row(&["2023", "有年度的一行", "7月底前"]),
            row(&["", "年度为空的一行", "7月底前"]),
        ],
        &[],
    );
    let report = env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::AllOrNothing, 2026)).unwrap();
    assert!(report.year_note.starts_with("按各行“年度”列"), "{}", report.year_note);
    let mut years: Vec<(String, i32)> = tasks(&env).into_iter().map(|t| (t.detail, t.year)).collect();
    years.sort();
    assert_eq!(years, [("年度为空的一行".to_string(), 2024), ("有年度的一行".to_string(), 2023)]);
}

/// A sheet whose 承办单位 names two squads the organisation writes differently and the branch's
/// earlier name.
fn sheet_with_unknown_units(env: &Env) -> std::path::PathBuf {
    let path = env.path("单位不一致.xlsx");
    write_xlsx(
        &path,
        &[
            row(&["具体任务", "承办单位", "完成时限"]),
            row(&["第一中队的任务甲", "第一中队", "9月底前"]),
            row(&["城区所的任务", "城区生态环境保护所", "9月底前"]),
            row(&["第一中队的任务乙", "第一中队", "9月底前"]),
            row(&["旧名称下的任务", "滕州市环境保护局", "长期坚持"]),
            row(&["已有单位的任务", "第一执法中队", "长期坚持"]),
        ],
        &[],
    );
    path
}

fn with_first_squad() -> Env {
    let mut env = branch();
    env.ledger.add_unit(&UnitInput { name: "第一执法中队".into(), kind: "执法中队".into(), parent_id: None }).unwrap();
    env
}

#[test]
fn the_dry_run_lists_each_unknown_unit_with_its_rows_and_writes_nothing() {
    let mut env = with_first_squad();
    let path = sheet_with_unknown_units(&env);
    let before = dump(env.ledger.conn());
    let report = env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::DryRun, 2024)).unwrap();
    let listed: Vec<(&str, &str, u32, u32, &str)> = report
        .unknown_units
        .iter()
        .map(|u| (u.name.as_str(), u.column.as_str(), u.rows, u.first_row, u.suggested_kind.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("第一中队", "承办单位", 2, 2, "执法中队"),
            ("城区生态环境保护所", "承办单位", 1, 3, "生态环境保护所"),
            ("滕州市环境保护局", "承办单位", 1, 5, "其他"),
        ]
    );
    assert_eq!((report.valid_rows, report.rejected_rows), (1, 4));
    assert_eq!(dump(env.ledger.conn()), before);
    // Without a decision the import is refused whole.
    let err = env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::AllOrNothing, 2024)).unwrap_err();
    assert_eq!(err.code(), "E_IMPORT_REJECTED");
    assert_eq!(err.to_payload().import_report.unwrap().unknown_units.len(), 3);
    assert_eq!(dump(env.ledger.conn()), before);
}

#[test]
fn added_and_mapped_units_let_the_whole_sheet_in_at_once() {
    let mut env = with_first_squad();
    let path = sheet_with_unknown_units(&env);
    let branch_id = env.ledger.require_branch().unwrap().id;
    let first = env.ledger.unit_by_name("第一执法中队").unwrap().unwrap();
    let options = ImportOptions {
        units: vec![
            UnitChoice::Map { name: "第一中队".into(), unit_id: first.id.clone() },
            UnitChoice::Create { name: "城区生态环境保护所".into(), kind: "生态环境保护所".into() },
            UnitChoice::Map { name: "滕州市环境保护局".into(), unit_id: branch_id.clone() },
        ],
        ..ImportOptions::new(ImportMode::DryRun, 2024)
    };
    let before = dump(env.ledger.conn());
    let dry = env.ledger.import_tasks(&path, &options).unwrap();
    assert_eq!((dry.valid_rows, dry.inserted, dry.unknown_units.len()), (5, 5, 0));
    assert_eq!(dry.created_units, ["城区生态环境保护所（生态环境保护所）"]);
    assert_eq!(dry.mapped_units, ["第一中队 → 第一执法中队", "滕州市环境保护局 → 滕州分局"]);
    assert_eq!(dump(env.ledger.conn()), before, "a dry run writes nothing");

    let report = env.ledger.import_tasks(&path, &ImportOptions { mode: ImportMode::AllOrNothing, ..options }).unwrap();
    assert_eq!((report.inserted, report.committed), (5, true));
    let unit_of = |detail: &str| tasks(&env).into_iter().find(|t| t.detail == detail).unwrap().unit_name;
    assert_eq!(unit_of("第一中队的任务甲"), "第一执法中队");
    assert_eq!(unit_of("第一中队的任务乙"), "第一执法中队");
    assert_eq!(unit_of("城区所的任务"), "城区生态环境保护所");
    assert_eq!(unit_of("旧名称下的任务"), BRANCH);
    let squad = env.ledger.unit_by_name("第一执法中队").unwrap().unwrap();
    assert_eq!(squad.aliases, ["第一中队"]);
    assert_eq!(env.ledger.unit_by_name("第一中队").unwrap().unwrap().id, squad.id);

    // The next sheet that uses the same names goes straight in: the aliases are remembered.
    let again = env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::DryRun, 2024)).unwrap();
    assert_eq!((again.unknown_units.len(), again.rejected_rows), (0, 0));
}

#[test]
fn create_units_adds_every_unknown_name_with_the_kind_its_ending_gives() {
    let mut env = with_first_squad();
    let path = sheet_with_unknown_units(&env);
    let options = ImportOptions { create_units: true, ..ImportOptions::new(ImportMode::AllOrNothing, 2024) };
    let report = env.ledger.import_tasks(&path, &options).unwrap();
    assert_eq!(report.inserted, 5);
    let kinds: Vec<(String, String)> = env
        .ledger
        .list_units()
        .unwrap()
        .into_iter()
        .filter(|u| u.name != BRANCH && u.name != "第一执法中队")
        .map(|u| (u.name, u.kind))
        .collect();
    let mut kinds = kinds;
    kinds.sort();
    assert_eq!(
        kinds,
        [
            ("城区生态环境保护所".to_string(), "生态环境保护所".to_string()),
            ("滕州市环境保护局".to_string(), "其他".to_string()),
            ("第一中队".to_string(), "执法中队".to_string()),
        ]
    );
}

#[test]
fn a_choice_naming_a_unit_that_does_not_exist_is_refused_before_anything_is_read() {
    let mut env = with_first_squad();
    let path = sheet_with_unknown_units(&env);
    let before = dump(env.ledger.conn());
    let options = ImportOptions {
        units: vec![UnitChoice::Map { name: "第一中队".into(), unit_id: "no-such-unit".into() }],
        ..ImportOptions::new(ImportMode::AllOrNothing, 2024)
    };
    let err = env.ledger.import_tasks(&path, &options).unwrap_err();
    assert_eq!(err.to_string(), "对应单位：“第一中队”要对应的单位不存在");
    let options = ImportOptions {
        units: vec![UnitChoice::Create { name: "第一中队".into(), kind: "小组".into() }],
        ..ImportOptions::new(ImportMode::AllOrNothing, 2024)
    };
    assert_eq!(code(env.ledger.import_tasks(&path, &options)), "E_INVALID");
    assert_eq!(dump(env.ledger.conn()), before);
}

#[test]
fn the_audit_trail_tells_the_import_and_its_new_units_in_chinese() {
    let mut env = with_first_squad();
    let path = sheet_with_unknown_units(&env);
    let options = ImportOptions { create_units: true, ..ImportOptions::new(ImportMode::AllOrNothing, 2024) };
    env.ledger.import_tasks(&path, &options).unwrap();
    let log = env.ledger.audit_log(&AuditQuery::default()).unwrap().items;
    let import = &log[0];
    assert_eq!((import.entity_label.as_str(), import.action_label.as_str()), ("导入", "导入"));
    assert_eq!(import.summary, "重点任务（文件“单位不一致.xlsx”：新增 5，更新 0，无变化 0，跳过 0）");
    let created_unit =
        log.iter().find(|a| a.entity == "org_unit" && a.summary == "第一中队").expect("the new unit is audited");
    assert_eq!((created_unit.entity_label.as_str(), created_unit.action_label.as_str()), ("组织机构", "新建"));
    assert!(log.iter().all(|a| !a.entity_label.is_ascii() && !a.action_label.is_ascii()), "{log:?}");
}

#[test]
fn a_unit_can_be_renamed_and_given_another_kind() {
    let mut env = with_first_squad();
    let u = env.ledger.unit_by_name("第一执法中队").unwrap().unwrap();
    let renamed = env
        .ledger
        .update_unit(
            &u.id,
            u.revision,
            &UnitInput { name: "第一综合执法中队".into(), kind: "执法中队".into(), parent_id: None },
        )
        .unwrap();
    assert_eq!((renamed.name.as_str(), renamed.revision), ("第一综合执法中队", 2));
    assert_eq!(
        code(env.ledger.update_unit(
            &u.id,
            u.revision,
            &UnitInput { name: "x".into(), kind: "执法中队".into(), parent_id: None }
        )),
        "E_CONFLICT"
    );
    let taken =
        env.ledger.update_unit(&u.id, 2, &UnitInput { name: BRANCH.into(), kind: "执法中队".into(), parent_id: None });
    assert_eq!(code(taken), "E_INVALID");
}

#[test]
fn an_audited_change_lists_its_fields_by_their_chinese_names() {
    let mut env = with_first_squad();
    let u = env.ledger.unit_by_name("第一执法中队").unwrap().unwrap();
    env.ledger
        .update_unit(
            &u.id,
            u.revision,
            &UnitInput { name: "第一综合执法中队".into(), kind: "执法中队".into(), parent_id: None },
        )
        .unwrap();
    let entry = &env.ledger.audit_log(&AuditQuery::default()).unwrap().items[0];
    assert_eq!((entry.entity_label.as_str(), entry.action_label.as_str()), ("组织机构", "修改"));
    let shown: Vec<(&str, Option<&str>, Option<&str>, bool)> =
        entry.fields.iter().map(|f| (f.label.as_str(), f.before.as_deref(), f.after.as_deref(), f.changed)).collect();
    assert_eq!(
        shown,
        [
            ("名称", Some("第一执法中队"), Some("第一综合执法中队"), true),
            ("单位类型", Some("执法中队"), Some("执法中队"), false),
            ("其他名称", Some("—"), Some("—"), false),
        ]
    );
}

#[test]
fn valid_rows_only_adds_no_unit_that_only_a_rejected_row_named() {
    let mut env = with_first_squad();
    let path = env.path("坏行单位.xlsx");
    write_xlsx(
        &path,
        &[
            row(&["具体任务", "承办单位", "状态"]),
            row(&["好的一行", "新建所", "进行中"]),
            row(&["坏的一行", "只在坏行里的所", "搁置"]),
        ],
        &[],
    );
    let options = ImportOptions { create_units: true, ..ImportOptions::new(ImportMode::ValidRowsOnly, 2024) };
    let report = env.ledger.import_tasks(&path, &options).unwrap();
    assert_eq!((report.inserted, report.rejected_rows), (1, 1));
    assert_eq!(report.created_units, ["新建所（生态环境保护所）"]);
    assert!(env.ledger.unit_by_name("只在坏行里的所").unwrap().is_none());
}
