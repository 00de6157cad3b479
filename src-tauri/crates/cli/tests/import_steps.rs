//! A clerk at the command line with last year's sheet and a sheet whose units the organisation
//! writes differently: the year comes from the title, unknown units are added or mapped.

mod common;

use common::*;
use predicates::prelude::*;
use serde_json::json;

#[test]
fn last_years_titled_sheet_lands_in_2024_unless_year_says_otherwise() {
    let env = initialised();
    let db = &env.db;
    let sheet = env.path("去年.xlsx");
    write_xlsx(
        &sheet,
        &[&["滕州分局2024年规范化建设重点任务分工台账"], &["具体任务", "完成时限"], &["完成场所打造", "7月底前"]],
    );
    let out = ok(db, &["import-xlsx", "--ledger", "tasks", sheet.to_str().unwrap(), "--dry-run"]);
    assert!(
        out.contains("年度：2024年（表头上方第 1 行“滕州分局2024年规范化建设重点任务分工台账”写明 2024年）"),
        "{out}"
    );
    ok(db, &["import-xlsx", "--ledger", "tasks", sheet.to_str().unwrap()]);
    let list = json(db, &["task", "list", "--json"]);
    assert_eq!((list[0]["year"].clone(), list[0]["due_date"].clone()), (json!(2024), json!("2024-07-31")));

    let r = json(db, &["import-xlsx", "--ledger", "tasks", sheet.to_str().unwrap(), "--year", "2025", "--json"]);
    assert_eq!((r["year"].clone(), r["year_source"].clone()), (json!(2025), json!("chosen")));
    let list = json(db, &["task", "list", "--year", "2025", "--json"]);
    assert_eq!(list[0]["due_date"], json!("2025-07-31"));
}

#[test]
fn unknown_units_are_listed_then_mapped_or_created() {
    let env = initialised();
    let db = &env.db;
    ok(db, &["unit", "add", "--name", "第一执法中队", "--kind", "执法中队"]);
    let sheet = env.path("单位.xlsx");
    write_xlsx(
        &sheet,
        &[
            &["具体任务", "承办单位"],
            &["甲", "第一中队"],
            &["乙", "第一中队"],
            &["丙", "城北生态环境保护所"],
            &["丁", "滕州市环境保护局"],
        ],
    );
    let path = sheet.to_str().unwrap();
    let before = dump(db);
    ctl(db)
        .args(["import-xlsx", "--ledger", "tasks", path])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("“第一中队”（列“承办单位”，2 行，首次出现在第 2 行）"))
        .stderr(predicate::str::contains("--create-units"));
    assert_eq!(dump(db), before);

    let (code, err) = fail(db, &["import-xlsx", "--ledger", "tasks", path, "--map-unit", "第一中队=第九中队"]);
    assert_eq!(code, 1);
    assert!(err.contains("组织机构中没有“第九中队”"), "{err}");
    let (_, err) = fail(db, &["import-xlsx", "--ledger", "tasks", path, "--map-unit", "第一中队"]);
    assert!(err.contains("应写作 旧名=新名"), "{err}");
    assert_eq!(dump(db), before);

    let out = ok(
        db,
        &[
            "import-xlsx",
            "--ledger",
            "tasks",
            path,
            "--map-unit",
            "第一中队=第一执法中队",
            "--map-unit",
            "滕州市环境保护局=滕州分局",
            "--create-units",
        ],
    );
    assert!(out.contains("已添加单位：城北生态环境保护所（生态环境保护所）"), "{out}");
    assert!(out.contains("已对应单位：第一中队 → 第一执法中队、滕州市环境保护局 → 滕州分局"), "{out}");
    assert!(out.contains("新增 4 项"), "{out}");
    let units = json(db, &["unit", "list", "--json"]);
    let squad = arr(&units).iter().find(|u| u["name"] == "第一执法中队").unwrap();
    assert_eq!(squad["aliases"], json!(["第一中队"]));
    let audit = ok(db, &["audit", "--limit", "3"]);
    assert!(audit.contains("导入：重点任务（文件“单位.xlsx”：新增 4"), "{audit}");
}

#[test]
fn a_roster_with_a_sheet_per_unit_and_no_unit_column_takes_each_sheet_s_name() {
    let env = initialised();
    let db = &env.db;
    ok(db, &["unit", "add", "--name", "第一执法中队", "--kind", "执法中队"]);
    let book = env.path("各中队花名册.xlsx");
    write_workbook(
        &book,
        &[
            ("第一执法中队", &[&["姓名", "岗位"], &["赵一", "一线执法"]]),
            ("第二执法中队", &[&["姓名", "岗位"], &["孙三", "内勤"]]),
        ],
    );
    let path = book.to_str().unwrap();
    let out = ok(db, &["import-xlsx", "--ledger", "staff", path]);
    assert!(out.contains("表中没有“所在单位”列，按工作表名称填为“第一执法中队”"), "{out}");
    assert!(out.contains("本文件另有可导入的工作表：“第二执法中队”"), "{out}");
    let out = ok(db, &["import-xlsx", "--ledger", "staff", path, "--sheet", "第二执法中队", "--create-units"]);
    assert!(
        out.contains("按工作表名称填为“第二执法中队”") && out.contains("已添加单位：第二执法中队（执法中队）"),
        "{out}"
    );
    let staff = json(db, &["staff", "list", "--json"]);
    let unit_of = |name: &str| arr(&staff).iter().find(|s| s["name"] == name).unwrap()["unit_name"].clone();
    assert_eq!((unit_of("赵一"), unit_of("孙三")), (json!("第一执法中队"), json!("第二执法中队")));
}

#[test]
fn all_sheets_checks_every_sheet_first_and_imports_them_all_or_none() {
    let env = initialised();
    let db = &env.db;
    ok(db, &["unit", "add", "--name", "第一执法中队", "--kind", "执法中队"]);
    let book = env.path("各中队花名册.xlsx");
    let header: &[&str] = &["姓名", "岗位"];
    write_workbook(
        &book,
        &[
            ("填表说明", &[&["请各中队按本表填报"]]),
            ("第一执法中队", &[header, &["赵一", "一线执法"], &["钱二", "内勤"]]),
            ("第二执法中队", &[header, &["孙三", "内勤"]]),
            // A 中队 that has not filled in its sheet yet: not listed, not imported.
            ("第三执法中队", &[header]),
        ],
    );
    let path = book.to_str().unwrap();
    let before = dump(db);

    // The check covers both sheets and writes nothing.
    let out = ok(db, &["import-xlsx", "--ledger", "staff", path, "--all-sheets", "--dry-run"]);
    assert!(out.contains("工作表“第一执法中队”") && out.contains("工作表“第二执法中队”"), "{out}");
    assert!(!out.contains("第三执法中队") && !out.contains("本文件另有"), "{out}");
    // The second sheet's 中队 is not in the organisation: neither sheet is written.
    ctl(db)
        .args(["import-xlsx", "--ledger", "staff", path, "--all-sheets"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("工作表“第二执法中队”有错误，所有工作表均未导入"))
        .stderr(predicate::str::contains("“第二执法中队”（列“所在单位”，1 行"));
    assert_eq!(dump(db), before);
    ctl(db)
        .args(["import-xlsx", "--ledger", "staff", path, "--all-sheets", "--sheet", "第一执法中队"])
        .assert()
        .failure();

    let backups = arr(&json(db, &["backups", "--json"])).len();
    let reports = json(db, &["import-xlsx", "--ledger", "staff", path, "--all-sheets", "--create-units", "--json"]);
    assert_eq!(arr(&json(db, &["backups", "--json"])).len(), backups + 1, "one backup for the sheets together");
    let done: Vec<(&str, u64, bool)> = arr(&reports)
        .iter()
        .map(|r| (r["sheet"].as_str().unwrap(), r["inserted"].as_u64().unwrap(), r["committed"].as_bool().unwrap()))
        .collect();
    assert_eq!(done, [("第一执法中队", 2, true), ("第二执法中队", 1, true)]);
    let staff = json(db, &["staff", "list", "--json"]);
    let unit_of = |name: &str| arr(&staff).iter().find(|s| s["name"] == name).unwrap()["unit_name"].clone();
    assert_eq!(
        (unit_of("赵一"), unit_of("钱二"), unit_of("孙三")),
        (json!("第一执法中队"), json!("第一执法中队"), json!("第二执法中队"))
    );
}

#[test]
fn a_sheet_that_fails_while_being_written_stops_the_rest_and_the_sheets_before_it_stay_whole() {
    let env = initialised();
    let db = &env.db;
    let book = env.path("各中队花名册.xlsx");
    let header: &[&str] = &["姓名", "岗位"];
    write_workbook(
        &book,
        &[
            ("第一执法中队", &[header, &["赵一", "一线执法"], &["钱二", "内勤"]]),
            ("第二执法中队", &[header, &["孙三", "内勤"], &["李四", "内勤"]]),
            ("第三执法中队", &[header, &["周五", "内勤"]]),
        ],
    );
    let path = book.to_str().unwrap();
    // The disk fills once the first sheet and one row of the second are written. Each sheet's
    // check is its own transaction, rolled back, so every check passes: only the writing fails.
    rusqlite::Connection::open(db)
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER disk_fills BEFORE INSERT ON staff WHEN (SELECT count(*) FROM staff) >= 3
             BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
        )
        .unwrap();
    let backups = arr(&json(db, &["backups", "--json"])).len();
    ctl(db)
        .args(["import-xlsx", "--ledger", "staff", path, "--all-sheets", "--create-units"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("工作表“第二执法中队”未能导入；已导入的工作表：第一执法中队"));
    integrity_ok(db);
    assert_eq!(arr(&json(db, &["backups", "--json"])).len(), backups + 1, "the backup before the first sheet");
    // The first sheet is in with its 中队; of the second, neither its row nor its 中队.
    let names = |v: &serde_json::Value, key: &str| {
        let mut n: Vec<String> = arr(v).iter().map(|r| r[key].as_str().unwrap().to_string()).collect();
        n.sort();
        n
    };
    assert_eq!(names(&json(db, &["staff", "list", "--json"]), "name"), ["赵一", "钱二"]);
    let units = names(&json(db, &["unit", "list", "--json"]), "name");
    assert!(units.contains(&"第一执法中队".to_string()), "{units:?}");
    assert!(!units.iter().any(|u| u == "第二执法中队" || u == "第三执法中队"), "{units:?}");

    // Room again: the same command finishes the job, and the first sheet's rows are not doubled.
    rusqlite::Connection::open(db).unwrap().execute_batch("DROP TRIGGER disk_fills").unwrap();
    let reports = json(db, &["import-xlsx", "--ledger", "staff", path, "--all-sheets", "--create-units", "--json"]);
    let done: Vec<(&str, u64, u64)> = arr(&reports)
        .iter()
        .map(|r| (r["sheet"].as_str().unwrap(), r["inserted"].as_u64().unwrap(), r["unchanged"].as_u64().unwrap()))
        .collect();
    assert_eq!(done, [("第一执法中队", 0, 2), ("第二执法中队", 2, 0), ("第三执法中队", 1, 0)]);
    assert_eq!(names(&json(db, &["staff", "list", "--json"]), "name"), ["周五", "孙三", "李四", "赵一", "钱二"]);
}
