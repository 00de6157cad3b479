//! `ledgerctl` run as a clerk (or a script) would: a whole session on a temporary database,
//! imports and exports, the audit trail, demo data, and every way a command can fail.

mod common;

use std::collections::BTreeSet;

use common::*;
use predicates::prelude::*;
use rstest::rstest;
use serde_json::{json, Value};

fn is_iso_date(s: &str) -> bool {
    s.len() == 10 && s.char_indices().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() })
}

fn seqs(v: &Value) -> Vec<i64> {
    arr(v).iter().map(|t| t["seq"].as_i64().unwrap()).collect()
}

#[test]
fn a_clerks_session() {
    let env = fresh();
    let db = &env.db;

    // 初始化本单位
    let out = ok(db, &["init", "--branch-name", "滕州分局"]);
    let fingerprint = json(db, &["key", "show", "--json"])["fingerprint"].as_str().unwrap().to_string();
    assert_eq!(
        out.trim(),
        format!(
            "已初始化：滕州分局（数据库 {}）\n签名密钥指纹：{fingerprint}（报送市局时请告知，用于核对数据包来源）",
            db.display()
        )
    );
    let (code, err) = fail(db, &["init", "--branch-name", "另一个分局"]);
    assert_eq!(code, 1);
    assert_eq!(err.trim(), "错误[E_REJECTED]：本数据库已初始化为“滕州分局”，不能重复初始化");
    let out = ok(db, &["unit", "add", "--name", "城区中队", "--kind", "执法中队"]);
    assert_eq!(out.trim(), "已添加单位：城区中队（执法中队）");

    // 套用模板
    let out = ok(db, &["template", "apply", "--year", "2024"]);
    assert!(out.trim().ends_with("建立 2024 年度台账：29 项任务"), "{out}");
    assert!(out.contains("重点任务分工台账"), "{out}");

    // 任务列表（JSON）
    let list = json(db, &["task", "list", "--json"]);
    let items = arr(&list);
    assert_eq!(items.len(), 29);
    assert_eq!(seqs(&list), (1..=29).collect::<Vec<_>>());
    for t in items {
        for key in ["id", "category", "main_task", "detail", "deadline_text"] {
            assert!(t[key].is_string(), "{key} in {t}");
        }
        assert!(t["seq"].is_i64());
        assert!(t["lead_units"].is_array() && t["responsible_units"].is_array(), "{t}");
        assert!(t["ongoing"].is_boolean());
        assert_eq!(t["status"], json!("未开始"));
        assert_eq!(t["unit_name"], json!("滕州分局"));
        match &t["due_date"] {
            Value::Null => assert_eq!(t["ongoing"], json!(true), "{t}"),
            Value::String(d) => assert!(is_iso_date(d), "{d}"),
            other => panic!("due_date {other}"),
        }
    }
    assert_eq!(items[2]["due_date"], json!("2024-07-31"));
    assert_eq!(items[2]["deadline_text"], json!("7月底前"));
    assert_eq!(items[2]["lead_units"], json!([]));
    assert_eq!(items[1]["responsible_units"], json!(["各分局", "综合执法支队"]));
    assert_eq!(items.iter().filter(|t| t["ongoing"] == json!(true)).count(), 15);

    // 新建任务
    let t = json(
        db,
        &[
            "task",
            "add",
            "--year",
            "2024",
            "--category",
            "(七)自定任务",
            "--main-task",
            "规范台账管理",
            "--detail",
            "建立执法装备使用台账",
            "--lead",
            "各分局、综合执法支队",
            "--responsible",
            "/",
            "--deadline",
            "7月底前",
            "--unit",
            "城区中队",
            "--json",
        ],
    );
    let id = t["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 36);
    assert_eq!(t["seq"], json!(30));
    assert_eq!(t["lead_units"], json!(["各分局", "综合执法支队"]));
    assert_eq!(t["responsible_units"], json!([]));
    assert_eq!(t["due_date"], json!("2024-07-31"));
    assert_eq!(t["unit_name"], json!("城区中队"));
    assert_eq!(t["status"], json!("未开始"));
    assert_eq!(t["revision"], json!(1));
    let out = ok(db, &["task", "add", "--year", "2024", "--detail", "尽快完成的任务", "--deadline", "尽快"]);
    assert!(out.starts_with("已新建任务 ") && out.trim().ends_with("（2024 年第 31 项）"), "{out}");

    // 试读完成时限：不保存，说出读作哪一天（与任务表单中时限下方的提示相同）
    let total = || json(db, &["task", "list", "--year", "2024", "--json"]).as_array().map(Vec::len);
    let before = total();
    assert_eq!(ok(db, &["task", "deadline", "10月上旬", "--year", "2024"]).trim(), "截止日期：2024年10月10日");
    assert_eq!(ok(db, &["task", "deadline", "每季度"]).trim(), "长期坚持，无截止日期");
    assert!(ok(db, &["task", "deadline", "尽快"]).starts_with("未能识别该完成时限，可改写为“7月底前”"));
    let r = json(db, &["task", "deadline", "2025年5月下旬", "--json"]);
    assert_eq!(r, json!({ "due_date": "2025-05-31", "ongoing": false, "recognized": true }));
    assert_eq!(total(), before, "nothing saved");

    // 查看（编号前 8 位即可）
    let short = &id[..8];
    let d = json(db, &["task", "show", short, "--json"]);
    assert_eq!(d["task"]["id"], json!(id));
    assert_eq!((d["progress"].clone(), d["evidence"].clone()), (json!([]), json!([])));
    let out = ok(db, &["task", "show", short]);
    for line in [
        format!("编号：{id}"),
        "具体任务：建立执法装备使用台账".into(),
        "牵头单位：各分局、综合执法支队".into(),
        "责任单位：/".into(),
        "承办单位：城区中队".into(),
        "完成时限：7月底前（2024年7月31日）".into(),
        "状态：未开始（已逾期）".into(), // today is after 2024-07-31
    ] {
        assert!(out.lines().any(|l| l == line), "missing line {line:?} in\n{out}");
    }

    // 填报进展
    let out = ok(db, &["task", "progress", &id, "--note", "已制定方案", "--date", "2024-06-01"]);
    assert_eq!(out.trim(), format!("已填报进展（2024-06-01，{ACTOR}）"));
    ok(db, &["task", "progress", &id, "--note", "完成第一批登记", "--date", "2024年7月1日", "--author", "王队长"]);
    let (code, err) = fail(db, &["task", "progress", &id, "--note", "坏日期", "--date", "2024-06-31"]);
    assert_eq!(code, 1);
    assert!(err.starts_with("错误[E_INVALID]：日期：“2024-06-31”不是有效日期"), "{err}");

    // 修改状态
    let t = json(db, &["task", "update", short, "--status", "已完成", "--json"]);
    assert_eq!((t["status"].clone(), t["revision"].clone()), (json!("已完成"), json!(2)));
    assert_eq!(t["detail"], json!("建立执法装备使用台账"), "fields not given stay");
    assert_eq!(t["unit_name"], json!("城区中队"));

    // 上传佐证材料
    let photo = env.path("现场照片.jpg");
    std::fs::write(&photo, b"jpeg").unwrap();
    let out = ok(db, &["task", "attach", short, photo.to_str().unwrap()]);
    // sha256("jpeg")
    assert_eq!(
        out.trim(),
        "已上传佐证材料：现场照片.jpg（SHA-256 41e5787e9f28562d07b891b1816b492309d646c0f2829743fa4963a9f9cc1d61）"
    );
    let d = json(db, &["task", "show", &id, "--json"]);
    let progress: Vec<(&str, &str)> = arr(&d["progress"])
        .iter()
        .map(|p| (p["entry_date"].as_str().unwrap(), p["author"].as_str().unwrap()))
        .collect();
    assert_eq!(progress, vec![("2024-07-01", "王队长"), ("2024-06-01", ACTOR)]);
    assert_eq!(arr(&d["evidence"]).len(), 1);
    assert_eq!(d["evidence"][0]["file_name"], json!("现场照片.jpg"));

    // 搜索
    let all = json(db, &["task", "list", "--json"]);
    let hits = json(db, &["task", "list", "--search", "执法", "--json"]);
    let want: BTreeSet<i64> = arr(&all)
        .iter()
        .filter(|t| {
            ["category", "main_task", "detail", "deadline_text"]
                .iter()
                .any(|k| t[*k].as_str().unwrap().contains("执法"))
                || t["lead_units"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .chain(t["responsible_units"].as_array().unwrap())
                    .any(|u| u.as_str().unwrap().contains("执法"))
        })
        .map(|t| t["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs(&hits).into_iter().collect::<BTreeSet<_>>(), want);
    assert!(want.contains(&30) && !want.contains(&31));
    let hits = json(db, &["task", "list", "--search", "台账", "--json"]);
    assert_eq!(seqs(&hits), vec![30]);

    // 逾期与即将到期（指定参考日期）
    let overdue = json(db, &["task", "list", "--status", "已逾期", "--as-of", "2024-08-01", "--json"]);
    assert_eq!(seqs(&overdue), vec![3, 11, 13, 15], "6月底前 ×3 and 7月底前; task 30 is done");
    assert!(arr(&overdue).iter().all(|t| t["effective_status"] == json!("已逾期")));
    let soon = json(db, &["task", "list", "--status", "即将到期", "--as-of", "2024-07-20", "--json"]);
    assert_eq!(seqs(&soon), vec![3]);
    let out = ok(db, &["task", "list", "--status", "已逾期", "--as-of", "2024-08-01"]);
    assert_eq!(out.lines().last().unwrap(), "共 4 项（显示 4 项）");
    let page = json(db, &["task", "list", "--limit", "5", "--offset", "10", "--json"]);
    assert_eq!(seqs(&page), vec![11, 12, 13, 14, 15]);
    let by_due = json(db, &["task", "list", "--sort", "due", "--limit", "3", "--json"]);
    assert_eq!(seqs(&by_due), vec![11, 13, 15]);
    let in_squad = json(db, &["task", "list", "--unit", "城区中队", "--json"]);
    assert_eq!(seqs(&in_squad), vec![30]);
    let unrecognized = json(db, &["task", "list", "--deadline-kind", "unrecognized", "--json"]);
    assert_eq!(seqs(&unrecognized), vec![31]);
    let ongoing = json(db, &["task", "list", "--deadline-kind", "ongoing", "--json"]);
    assert_eq!(arr(&ongoing).len(), 15);
    assert!(arr(&ongoing).iter().all(|t| t["deadline_text"] == json!("长期坚持")));

    // 统计
    let s = json(db, &["summary", "--year", "2024", "--as-of", "2024-08-01", "--json"]);
    assert_eq!(
        (
            s["total"].clone(),
            s["done"].clone(),
            s["overdue"].clone(),
            s["ongoing"].clone(),
            s["unrecognized_deadlines"].clone()
        ),
        (json!(31), json!(1), json!(4), json!(15), json!(1))
    );
    let out = ok(db, &["summary", "--year", "2024", "--as-of", "2024-08-01"]);
    assert_eq!(out.trim(), "共 31 项：未开始 30，进行中 0，已完成 1；已逾期 4，即将到期 0；长期坚持 15；时限未识别 1");

    // 删除
    let out = ok(db, &["task", "delete", short]);
    assert_eq!(out.trim(), format!("已删除任务 {id}"));
    let (code, err) = fail(db, &["task", "show", &id]);
    assert_eq!(code, 1);
    assert_eq!(err.trim(), format!("错误[E_NOT_FOUND]：未找到任务：{id}"));
    assert_eq!(arr(&json(db, &["task", "list", "--json"])).len(), 30);
    assert_eq!(seqs(&json(db, &["task", "list", "--search", "台账", "--json"])), Vec::<i64>::new());

    // 操作日志
    let audit = json(db, &["audit", "--json", "--limit", "1000"]);
    let rows = arr(&audit);
    // branch, unit, 29 template rows, 2 tasks, 2 progress, 1 update, 1 attach, 1 delete
    assert_eq!(rows.len(), 1 + 1 + 29 + 2 + 2 + 1 + 1 + 1);
    assert!(rows.windows(2).all(|w| w[0]["seq"].as_i64() > w[1]["seq"].as_i64()), "newest first");
    assert!(rows.iter().all(|a| a["actor"] == json!(ACTOR)));
    assert_eq!((rows[0]["entity"].clone(), rows[0]["action"].clone()), (json!("task"), json!("delete")));
    let of_task = json(db, &["audit", "--entity", "task", "--id", &id, "--json"]);
    let actions: Vec<&str> = arr(&of_task).iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["delete", "update", "create"]);
    assert_eq!(of_task[1]["before"]["status"], json!("未开始"));
    assert_eq!(of_task[1]["after"]["status"], json!("已完成"));
    let out = ok(db, &["audit", "--limit", "2"]);
    assert_eq!(out.lines().count(), 3);
    assert_eq!(out.lines().last().unwrap(), format!("共 {} 条", rows.len()));

    integrity_ok(db);
}

#[test]
fn importing_and_exporting_sheets() {
    let env = initialised();
    let db = &env.db;
    ok(db, &["template", "apply", "--year", "2024"]);

    // A valid sheet.
    let good = env.path("新增任务.xlsx");
    write_xlsx(
        &good,
        &[
            &["2024年新增任务"],
            &["具体任务", "完成时限", "状态", "备注"],
            &["组织执法比武", "9月底前", "进行中", "x"],
            &["整理执法案卷", "长期坚持", "", ""],
            &["填表人：张三", "", "审核人：李四"],
        ],
    );
    let out = ok(db, &["import-xlsx", "--ledger", "tasks", good.to_str().unwrap(), "--year", "2024"]);
    assert!(out.contains("工作表“Sheet1”（表头在第 2 行）：读取 2 行，有效 2 行，错误 0 行"), "{out}");
    assert!(out.contains("未使用的列：备注"), "{out}");
    assert!(out.contains("不是记录，不导入：第 5 行“填表人：张三 审核人：李四”"), "{out}");
    assert!(out.contains("已导入：新增 2 项，更新 0 项"), "{out}");
    assert_eq!(arr(&json(db, &["task", "list", "--json"])).len(), 31);
    assert!(!out.contains("另有可导入的工作表"), "{out}");

    // A workbook with a sheet per unit: the first is imported, the others named; --sheet picks one.
    let units = env.path("各中队任务.xlsx");
    let first: &[&[&str]] = &[&["具体任务"], &["一中队的任务"]];
    let second: &[&[&str]] = &[&["具体任务"], &["二中队的任务"]];
    write_workbook(&units, &[("第一中队", first), ("第二中队", second)]);
    let file = units.to_str().unwrap();
    let out = ok(db, &["import-xlsx", "--ledger", "tasks", file, "--year", "2024", "--dry-run"]);
    assert!(
        out.contains("工作表“第一中队”")
            && out.contains(
                "本文件另有可导入的工作表：“第二中队”（用 --sheet 工作表名 导入其一，或 --all-sheets 全部导入）"
            ),
        "{out}"
    );
    let out = ok(db, &["import-xlsx", "--ledger", "tasks", file, "--year", "2024", "--dry-run", "--sheet", "第二中队"]);
    assert!(out.contains("工作表“第二中队”") && out.contains("本文件另有可导入的工作表：“第一中队”"), "{out}");
    let missing = ctl(db).args(["import-xlsx", "--ledger", "tasks", file, "--sheet", "第三中队"]).assert().code(1);
    let err = String::from_utf8_lossy(&missing.get_output().stderr).to_string();
    assert!(err.contains("没有名为“第三中队”的工作表（本文件的工作表：“第一中队”、“第二中队”）"), "{err}");

    // An invalid sheet: rejected whole, the bad cell named in Chinese, nothing written.
    let bad = env.path("有错误.xlsx");
    write_xlsx(&bad, &[&["具体任务", "状态"], &["好的一行", "未开始"], &["坏的一行", "搁置"]]);
    let before = dump(db);
    let assert = ctl(db).args(["import-xlsx", "--ledger", "tasks", bad.to_str().unwrap(), "--year", "2024"]).assert();
    assert
        .code(1)
        .stderr(predicate::str::contains("错误[E_IMPORT_REJECTED]：导入未执行：1 行有错误，数据库未作任何改动"))
        .stderr(predicate::str::contains("第 3 行，列“状态”，值“搁置”：应为“未开始”“进行中”或“已完成”"));
    assert_eq!(dump(db), before);

    // A dry run writes nothing either.
    let out = ok(db, &["import-xlsx", "--ledger", "tasks", bad.to_str().unwrap(), "--year", "2024", "--dry-run"]);
    assert!(out.contains("读取 2 行，有效 1 行，错误 1 行") && out.contains("未写入数据库"), "{out}");
    assert_eq!(dump(db), before);

    // --valid-rows-only imports the good row.
    let r = json(
        db,
        &["import-xlsx", "--ledger", "tasks", bad.to_str().unwrap(), "--year", "2024", "--valid-rows-only", "--json"],
    );
    assert_eq!(
        (r["inserted"].clone(), r["rejected_rows"].clone(), r["committed"].clone()),
        (json!(1), json!(1), json!(true))
    );
    assert_eq!(
        r["errors"][0],
        json!({"row": 3, "column": "状态", "value": "搁置", "reason": "应为“未开始”“进行中”或“已完成”"})
    );
    let list = json(db, &["task", "list", "--json"]);
    assert_eq!(arr(&list).len(), 32);
    assert_eq!(arr(&list).last().unwrap()["detail"], json!("好的一行"));

    // Export, and import the export back: the same tasks are matched, none added, none changed.
    let out_path = env.path("导出.xlsx");
    let out = ok(db, &["export-xlsx", "--ledger", "tasks", "--out", out_path.to_str().unwrap()]);
    assert_eq!(out.trim(), format!("已导出 32 项到 {}", out_path.display()));
    let bytes = std::fs::read(&out_path).unwrap();
    assert_eq!(&bytes[..4], b"PK\x03\x04");
    let r = json(db, &["import-xlsx", "--ledger", "tasks", out_path.to_str().unwrap(), "--json"]);
    assert_eq!(
        (r["inserted"].clone(), r["updated"].clone(), r["unchanged"].clone(), r["rejected_rows"].clone()),
        (json!(0), json!(0), json!(32), json!(0))
    );
    let again = json(db, &["task", "list", "--json"]);
    assert_eq!(again, list, "the round trip changes nothing, not even revisions");

    // A filtered export.
    let overdue = env.path("逾期.xlsx");
    let out = ok(
        db,
        &[
            "export-xlsx",
            "--ledger",
            "tasks",
            "--out",
            overdue.to_str().unwrap(),
            "--status",
            "已逾期",
            "--as-of",
            "2024-08-01",
        ],
    );
    assert!(out.starts_with("已导出 4 项到 "), "{out}");
    integrity_ok(db);
}

#[test]
fn demo_data_is_the_same_for_the_same_seed() {
    let a = fresh();
    let b = fresh();
    let c = fresh();
    let out = ok(&a.db, &["demo", "--scale", "small", "--seed", "7"]);
    assert!(out.starts_with("演示数据已生成：单位 "), "{out}");
    assert!(out.contains("任务 29，"), "{out}");
    ok(&b.db, &["demo", "--scale", "small", "--seed", "7"]);
    ok(&c.db, &["demo", "--scale", "small", "--seed", "8"]);
    let look = |db: &std::path::Path| -> Vec<Value> {
        arr(&json(db, &["task", "list", "--json"]))
            .iter()
            .map(|t| json!([t["seq"], t["detail"], t["status"], t["unit_name"], t["progress_count"]]))
            .collect()
    };
    let (la, lb, lc) = (look(&a.db), look(&b.db), look(&c.db));
    assert_eq!(la.len(), 29);
    assert_eq!(la, lb);
    assert_ne!(la, lc, "another seed, another branch");
    let statuses: BTreeSet<String> = la.iter().map(|t| t[2].as_str().unwrap().to_string()).collect();
    assert_eq!(statuses.len(), 3, "a mix of statuses: {statuses:?}");
    let names = |db: &std::path::Path| -> Vec<Value> {
        arr(&json(db, &["unit", "list", "--json"])).iter().map(|u| json!([u["name"], u["kind"]])).collect()
    };
    let units = names(&a.db);
    assert!(units.len() > 5, "{units:?}");
    assert_eq!(units, names(&b.db));
    // Demo data only goes into a new database.
    let (code, err) = fail(&a.db, &["demo", "--scale", "small", "--seed", "7"]);
    assert_eq!(code, 1);
    assert!(err.starts_with("错误[E_REJECTED]：演示数据只能写入新的空数据库"), "{err}");
}

#[rstest]
#[case::not_found(&["task", "show", "00000000-0000-0000-0000-000000000000"], "E_NOT_FOUND", "未找到任务")]
#[case::short_id_not_found(&["task", "delete", "abc"], "E_NOT_FOUND", "未找到任务：abc")]
#[case::bad_status_filter(&["task", "list", "--status", "搁置"], "E_INVALID", "状态：“搁置”应为 未开始、进行中、已完成、已逾期 或 即将到期")]
#[case::bad_sort(&["task", "list", "--sort", "random"], "E_INVALID", "排序")]
#[case::bad_as_of(&["task", "list", "--as-of", "2024-02-30"], "E_INVALID", "参考日期")]
#[case::bad_new_status(&["task", "add", "--detail", "任务", "--status", "搁置"], "E_INVALID", "状态：“搁置”应为 未开始、进行中 或 已完成")]
#[case::empty_detail(&["task", "add", "--year", "2024"], "E_INVALID", "具体任务：不能为空")]
#[case::unknown_unit(&["task", "add", "--detail", "任务", "--unit", "不存在中队"], "E_INVALID", "承办单位：组织机构中没有“不存在中队”")]
#[case::bad_unit_kind(&["unit", "add", "--name", "新所", "--kind", "连队"], "E_INVALID", "单位类型")]
#[case::unknown_parent_unit(&["unit", "add", "--name", "新所", "--kind", "执法中队", "--parent", "不存在大队"], "E_INVALID", "上级单位：组织机构中没有“不存在大队”")]
#[case::template_twice(&["template", "apply", "--year", "2024"], "E_REJECTED", "2024年度台账已有 29 项任务")]
#[case::missing_template(&["template", "apply", "--year", "2025", "--file", "/nonexistent/模板.toml"], "E_FILE", "无法读取")]
#[case::missing_sheet(&["import-xlsx", "--ledger", "tasks", "/nonexistent/表.xlsx"], "E_FILE", "文件不存在")]
#[case::csv_sheet(&["import-xlsx", "--ledger", "tasks", "表.csv"], "E_FILE", "只能导入 .xlsx、.xls 或 .ods 格式的表格")]
#[case::unknown_command(&["task", "lst"], "E_USAGE", "没有“lst”这个命令（是否要用“list”？）")]
#[case::unknown_command_like_several(&["exportz"], "E_USAGE", "、“exports”或“export”？）")]
#[case::unknown_option(&["task", "list", "--bogus"], "E_USAGE", "不认识的参数“--bogus”")]
#[case::not_a_number(&["task", "list", "--limit", "十"], "E_USAGE", "--limit <条数> 的值“十”无效：应为数字")]
#[case::not_a_choice(&["task", "list", "--deadline-kind", "soon"], "E_USAGE", "应为 dated、ongoing、unrecognized 之一")]
#[case::missing_option(&["unit", "add", "--name", "新所"], "E_USAGE", "缺少必须给出的参数：--kind <类型>")]
#[case::export_nowhere(&["export-xlsx", "--ledger", "tasks", "--out", "/nonexistent/导出.xlsx"], "E_FILE", "所在文件夹不存在")]
fn a_failed_command_exits_1_says_why_in_chinese_and_changes_nothing(
    #[case] args: &[&str],
    #[case] code: &str,
    #[case] message: &str,
) {
    let env = initialised();
    ok(&env.db, &["template", "apply", "--year", "2024"]);
    let before = dump(&env.db);
    let (exit, err) = fail(&env.db, args);
    assert_eq!(exit, 1, "{err}");
    assert!(err.starts_with(&format!("错误[{code}]：")), "{err}");
    assert!(err.contains(message), "{err} should contain {message}");
    assert_eq!(dump(&env.db), before, "ledgerctl {args:?} changed the database");
}

#[test]
fn commands_need_an_initialised_branch() {
    let env = fresh();
    let (code, err) = fail(&env.db, &["task", "add", "--detail", "任务"]);
    assert_eq!(code, 1);
    assert_eq!(
        err.trim(),
        "错误[E_NOT_INITIALIZED]：尚未建立本单位信息，请先初始化（ledgerctl init --branch-name 名称）"
    );
    let out = ok(&env.db, &["info"]);
    assert!(out.contains("本单位：（未初始化）"), "{out}");
    let (code, _) = fail(&env.db, &["template", "apply", "--year", "2024"]);
    assert_eq!(code, 1);
}

#[test]
fn a_database_path_that_cannot_be_created_is_reported() {
    let env = fresh();
    let file = env.path("普通文件.txt");
    std::fs::write(&file, "不是文件夹").unwrap();
    for db in [file.join("ledger.sqlite3"), file.join("子目录").join("ledger.sqlite3")] {
        let (code, err) = fail(&db, &["init", "--branch-name", "滕州分局"]);
        assert_ne!(code, 0);
        assert!(err.starts_with("错误[E_FILE]：文件“"), "{err}");
        assert!(err.contains("无法创建数据目录"), "{err}");
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "不是文件夹");
    // A directory where the database file should be.
    let dir_db = env.path("是个文件夹");
    std::fs::create_dir(&dir_db).unwrap();
    let (code, err) = fail(&dir_db, &["info"]);
    assert_ne!(code, 0);
    assert!(err.contains("数据库"), "{err}");
}

#[test]
fn the_database_can_be_named_by_environment_variable() {
    let env = fresh();
    let db = env.path("环境变量指定.sqlite3");
    let mut cmd = assert_cmd::Command::cargo_bin("ledgerctl").unwrap();
    cmd.env("BRANCH_LEDGER_DB", &db).args(["init", "--branch-name", "薛城分局"]).assert().success();
    assert!(db.is_file());
    let out = assert_cmd::Command::cargo_bin("ledgerctl")
        .unwrap()
        .env("BRANCH_LEDGER_DB", &db)
        .args(["info", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let info: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(info["db_path"], json!(db.display().to_string()));
    assert_eq!(info["branch"]["name"], json!("薛城分局"));
    assert_eq!(info["schema_version"], json!(ledger_core::store::db::latest_version()));
    // --db wins over the variable.
    let other = env.path("命令行指定.sqlite3");
    assert_cmd::Command::cargo_bin("ledgerctl")
        .unwrap()
        .env("BRANCH_LEDGER_DB", &db)
        .arg("--db")
        .arg(&other)
        .args(["init", "--branch-name", "市中分局"])
        .assert()
        .success()
        .stdout(predicate::str::contains("已初始化：市中分局"));
    assert!(other.is_file());
    let out = assert_cmd::Command::cargo_bin("ledgerctl")
        .unwrap()
        .env("BRANCH_LEDGER_DB", &db)
        .args(["info"])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("本单位：薛城分局"));
}

#[test]
fn backup_makes_a_usable_copy() {
    let env = initialised();
    ok(&env.db, &["template", "apply", "--year", "2024"]);
    let copy = env.path("备份.sqlite3");
    let out = ok(&env.db, &["backup", "--out", copy.to_str().unwrap()]);
    assert_eq!(out.trim(), format!("已备份到 {}", copy.display()));
    assert_eq!(arr(&json(&copy, &["task", "list", "--json"])).len(), 29);
    integrity_ok(&copy);
}

/// `ledgerctl task list | head`: the reader goes away before the list is printed; ledgerctl ends
/// quietly with the status a shell gives SIGPIPE, not with a panic.
#[test]
fn a_reader_that_closes_early_ends_the_output_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    ok(&db, &["demo", "--scale", "small"]);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ledgerctl"))
        .args(["--db", db.to_str().unwrap(), "task", "list", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(141), "{stderr}");
}

#[test]
fn help_and_version_are_in_chinese_and_exit_0() {
    let env = fresh();
    let help = ok(&env.db, &["task", "list", "--help"]);
    for words in ["列出任务", "用法：ledgerctl task list [选项]", "选项：", "以 JSON 输出", "显示帮助", "（默认：seq）"]
    {
        assert!(help.contains(words), "{help} should contain {words}");
    }
    for english in ["Usage", "Options", "Print help", "[default"] {
        assert!(!help.contains(english), "{help} has {english}");
    }
    let same = ok(&env.db, &["help", "task", "list"]);
    assert_eq!(same, help);
    assert!(ok(&env.db, &["--version"]).starts_with("ledgerctl "));
}

#[test]
fn a_command_group_without_its_command_shows_its_commands_and_exits_1() {
    let env = fresh();
    let (exit, err) = fail(&env.db, &["task"]);
    assert_eq!(exit, 1, "{err}");
    assert!(err.starts_with("错误[E_USAGE]：缺少命令"), "{err}");
    assert!(err.contains("命令：") && err.contains("progress  填报进展"), "{err}");
}

#[test]
fn the_manual_pages_are_written_one_a_command_in_chinese() {
    let env = fresh();
    let dir = env.path("man1");
    let listed = ok(&env.db, &["man", dir.to_str().unwrap()]);
    let page = std::fs::read_to_string(dir.join("ledgerctl.1")).unwrap();
    assert!(page.contains(".SH 名称") && page.contains("规范化建设台账"), "{page}");
    let list = std::fs::read_to_string(dir.join("ledgerctl-task-list.1")).unwrap();
    assert!(list.contains("以 JSON 输出"), "{list}");
    assert_eq!(listed.lines().count(), std::fs::read_dir(&dir).unwrap().count());
    assert!(listed.lines().count() > 50, "{listed}");
}
