//! A clerk's session with the people ledgers at the command line: the organisation, people added
//! by hand and by roster import (an unknown unit mapped, another added), certificates, what falls
//! due, secondments, training — and every figure F1–F9, T1–T5 checked against a count by hand.
//! Then the sheets exported and imported back without a change.

mod common;

use common::*;
use predicates::prelude::*;
use serde_json::{json, Value};

/// The figure `id` of a `figures --json` array (for T4: of `kind`).
fn fig<'a>(all: &'a Value, id: &str, kind: Option<&str>) -> &'a Value {
    arr(all)
        .iter()
        .find(|f| f["id"] == id && kind.is_none_or(|k| f["kind"] == k))
        .unwrap_or_else(|| panic!("no figure {id} {kind:?} in {all}"))
}

/// (numerator, denominator, applicable, pass) of a figure.
fn nums(f: &Value) -> (Value, Value, Value, Value) {
    (f["numerator"].clone(), f["denominator"].clone(), f["applicable"].clone(), f["pass"].clone())
}

/// The names in a list of people (`numerator_people`, a unit's `people`).
fn names(people: &Value) -> Vec<String> {
    let mut v: Vec<String> = arr(people).iter().map(|p| p["name"].as_str().unwrap().to_string()).collect();
    v.sort();
    v
}

fn sorted(xs: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = xs.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

/// The branch of the session, as the clerk builds it. On 2024-09-30 (D) the roll is 王磊, 李玥,
/// 赵喆, 孙七, 周八, 吴九, 郑十: 钱一 left on D itself, 冯二 arrives after it.
fn clerks_branch(env: &Env) {
    let db = &env.db;
    ok(db, &["unit", "add", "--name", "第一执法中队", "--kind", "执法中队"]);
    ok(db, &["unit", "add", "--name", "第二执法中队", "--kind", "执法中队"]);
    ok(db, &["unit", "add", "--name", "城北生态环境保护所", "--kind", "生态环境保护所"]);
    let staff = |args: &[&str]| ok(db, &[&["staff", "add"], args].concat());
    staff(&[
        "--name",
        "王  磊",
        "--unit",
        "第一执法中队",
        "--post",
        "一线执法",
        "--establishment",
        "在编",
        "--arrived",
        "2015-03-01",
        "--education",
        "本科",
        "--major",
        "法学",
        "--major-category",
        "法学",
    ]);
    // Arrived and 入编 exactly three years before D: not new (F2), not within F4's window.
    staff(&[
        "--name",
        "李玥",
        "--unit",
        "第一执法中队",
        "--post",
        "一线",
        "--establishment",
        "在编",
        "--arrived",
        "2021-09-30",
        "--established",
        "2021-09-30",
        "--education",
        "大专",
    ]);

    // The rest of the roster comes from the clerk's sheet, with a unit written two ways.
    let roster = env.path("花名册.xlsx");
    write_xlsx(
        &roster,
        &[
            &["滕州分局执法人员花名册"],
            &["序号", "姓名", "单位", "岗位", "编制性质", "入职日期", "入编日期", "调离日期", "最高学历", "专业类别"],
            &["1", "赵喆", "第二执法中队", "一线执法", "在编", "2022.1.10", "2022-01-10", "", "本科", "其他"],
            &["2", "孙七", "第二执法中队", "一线执法", "在编", "2018/1/1", "", "", "本科", ""],
            &["3", "周八", "城北所", "一线", "在编", "2010年1月1日", "", "", "高中", ""],
            &["4", "吴九", "城北所", "一线执法", "编外", "2022-03-01", "", "", "本科", ""],
            &["5", "郑十", "东湖驻巡站", "内勤", "在编", "2019-01-01", "2023-03-01", "", "硕士", "法学"],
            &["6", "钱一", "第一执法中队", "一线执法", "在编", "2016-01-01", "", "2024-09-30", "本科", ""],
            &["7", "冯二", "第二执法中队", "一线执法", "在编", "2024-10-15", "", "", "本科", ""],
        ],
    );
    let path = roster.to_str().unwrap();
    let before = dump(db);
    ctl(db)
        .args(["import-xlsx", "--ledger", "staff", path])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("“城北所”（列“单位”，2 行，首次出现在第 5 行）"))
        .stderr(predicate::str::contains("“东湖驻巡站”"));
    assert_eq!(dump(db), before, "a rejected import writes nothing");
    let out = ok(
        db,
        &["import-xlsx", "--ledger", "staff", path, "--map-unit", "城北所=城北生态环境保护所", "--create-units"],
    );
    assert!(out.contains("已添加单位：东湖驻巡站（驻巡站）"), "{out}");
    assert!(out.contains("已对应单位：城北所 → 城北生态环境保护所"), "{out}");
    assert!(out.contains("已导入：新增 7 项，更新 0 项，无变化 0 项"), "{out}");
    assert!(out.contains("未使用的列：序号"), "{out}");

    ok(
        db,
        &[
            "cert",
            "add",
            "--person",
            "王磊",
            "--kind",
            "行政执法证",
            "--number",
            "0012345",
            "--issued",
            "2023-06-01",
            "--expires",
            "2025-12-31",
        ],
    );
    // Expires on D itself: still valid on D.
    ok(
        db,
        &[
            "cert",
            "add",
            "--person",
            "李玥（第一执法中队）",
            "--kind",
            "执法证",
            "--number",
            "0012346",
            "--issued",
            "2023-05-01",
            "--expires",
            "2024-09-30",
        ],
    );
    let certs = env.path("执法证件.xlsx");
    write_xlsx(
        &certs,
        &[
            &["姓名", "证件类型", "证件编号", "发证日期", "有效期至"],
            // Expired the day before D.
            &["赵喆", "行政执法证", "0070001", "2023-01-01", "2024-09-29"],
            &["孙七", "行政执法证", "0070002", "2023-02-01", "2027-12-31"],
            // Its 审验 falls due 2024-10-15, two years after issue.
            &["周八", "行政执法证", "0070003", "2022-10-15", "2026-12-31"],
            &["钱一", "行政执法证", "0070004", "2022-10-20", "2026-12-31"],
        ],
    );
    let out = ok(db, &["import-xlsx", "--ledger", "certificates", certs.to_str().unwrap()]);
    assert!(out.contains("新增 4 项"), "{out}");

    // 孙七 is seconded out to a non-enforcement post from July; 周八's secondment ended the day
    // before D.
    ok(
        db,
        &[
            "secondment",
            "add",
            "--person",
            "孙七",
            "--destination",
            "市生态环境局",
            "--enforcement-post",
            "否",
            "--start",
            "2024-07-01",
        ],
    );
    ok(
        db,
        &[
            "secondment",
            "add",
            "--person",
            "周八",
            "--destination",
            "区政府",
            "--start",
            "2024-03-01",
            "--end",
            "2024-09-29",
        ],
    );

    let training = |args: &[&str]| ok(db, &[&["training", "add"], args].concat());
    training(&[
        "--title",
        "2024年全员轮训",
        "--kind",
        "全员轮训",
        "--start",
        "2024-04-01",
        "--end",
        "2024-04-03",
        "--hours",
        "24",
        "--attendees",
        "王磊（第一执法中队）、李玥、赵喆、孙七、吴九、钱一、周八",
    ]);
    // Ends after 30 June: does not count for T1.
    training(&[
        "--title",
        "全员轮训补训",
        "--kind",
        "全员轮训",
        "--start",
        "2024-06-28",
        "--end",
        "2024-07-02",
        "--hours",
        "16",
        "--attendees",
        "郑十",
    ]);
    training(&[
        "--title",
        "军训队列训练",
        "--kind",
        "军训队列",
        "--start",
        "2024-05-06",
        "--end",
        "2024-05-12",
        "--hours",
        "40",
        "--attendees",
        "王磊，李玥",
    ]);
    training(&[
        "--title",
        "集中体能训练",
        "--kind",
        "集中体能训练",
        "--start",
        "2024-08-01",
        "--end",
        "2024-08-03",
        "--attendees",
        "赵喆",
    ]);
    // After D, and the year before: neither counts.
    training(&[
        "--title",
        "秋季军训",
        "--kind",
        "军训队列",
        "--start",
        "2024-10-08",
        "--hours",
        "8",
        "--attendees",
        "王磊",
    ]);
    training(&[
        "--title",
        "跟班学习",
        "--kind",
        "跟班学习",
        "--start",
        "2023-11-01",
        "--hours",
        "8",
        "--attendees",
        "李玥",
    ]);
    // On D itself: counts.
    training(&[
        "--title",
        "执法技能比武",
        "--kind",
        "实战比武",
        "--start",
        "2024-09-30",
        "--hours",
        "4",
        "--attendees",
        "周八",
    ]);
}

#[test]
fn a_clerks_session_and_every_figure_counted_by_hand() {
    let env = initialised();
    let db = &env.db;
    clerks_branch(&env);

    let roll = json(db, &["staff", "list", "--as-of", "2024-09-30", "--json"]);
    let on_roll: Vec<&str> = arr(&roll).iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(sorted(&on_roll), sorted(&["王磊", "李玥", "赵喆", "孙七", "周八", "吴九", "郑十"]));
    assert_eq!(arr(&json(db, &["staff", "list", "--all", "--json"])).len(), 9);
    let zheng = json(db, &["staff", "show", "郑十", "--json"]);
    assert_eq!(
        (&zheng["staff"]["unit_name"], &zheng["staff"]["education"], &zheng["staff"]["established_on"]),
        (&json!("东湖驻巡站"), &json!("研究生"), &json!("2023-03-01"))
    );

    // What falls due within 30 days of D, soonest first; 钱一 has left and is not listed.
    let due = json(db, &["cert", "due", "--date", "2024-09-30", "--days", "30", "--json"]);
    let got: Vec<(Value, Value, Value, Value, Value)> = arr(&due)
        .iter()
        .map(|d| {
            (
                d["certificate"]["staff_name"].clone(),
                d["what"].clone(),
                d["due_on"].clone(),
                d["days"].clone(),
                d["band"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (json!("赵喆"), json!("到期"), json!("2024-09-29"), json!(-1), json!("已过期")),
            (json!("李玥"), json!("到期"), json!("2024-09-30"), json!(0), json!("7天内")),
            (json!("周八"), json!("审验"), json!("2024-10-15"), json!(15), json!("30天内")),
        ]
    );
    let out = ok(db, &["cert", "review", "0070003", "--date", "2024-09-01", "--result", "合格"]);
    assert!(out.contains("已登记审验：周八 0070003 合格"), "{out}");
    let due = json(db, &["cert", "due", "--date", "2024-09-30", "--days", "30", "--json"]);
    assert_eq!(arr(&due).len(), 2, "the 审验 is done: {due}");

    let all = json(db, &["figures", "--date", "2024-09-30", "--json"]);
    // F1: 在编在岗一线 王磊 李玥 赵喆 周八 (孙七 seconded, 吴九 编外, 郑十 内勤); 赵喆's
    // certificate expired the day before.
    let f1 = fig(&all, "F1", None);
    assert_eq!(nums(f1), (json!(3), json!(4), json!(true), json!(false)));
    assert_eq!(names(&f1["numerator_people"]), sorted(&["王磊", "李玥", "周八"]));
    assert_eq!((&f1["name"], &f1["threshold"]), (&json!("持证上岗率"), &json!("= 100%")));
    // F2: not new on D: 王磊 李玥 孙七 周八 郑十 (李玥 arrived exactly three years before); 4 of
    // them certified: exactly 80 %.
    let f2 = fig(&all, "F2", None);
    assert_eq!(nums(f2), (json!(4), json!(5), json!(true), json!(true)));
    assert_eq!(names(&f2["denominator_people"]), sorted(&["王磊", "李玥", "孙七", "周八", "郑十"]));
    assert_eq!((&f2["value"], &f2["threshold"]), (&json!("80.0%"), &json!("≥ 80%")));
    // F3: all but 周八 (高中).
    assert_eq!(nums(fig(&all, "F3", None)), (json!(6), json!(7), json!(true), json!(false)));
    // F4: 入编 within three years: 赵喆 (其他), 郑十 (法学): exactly 50 %.
    let f4 = fig(&all, "F4", None);
    assert_eq!(nums(f4), (json!(1), json!(2), json!(true), json!(true)));
    assert_eq!(names(&f4["numerator_people"]), ["郑十"]);
    // F5: in post and certified: 王磊 李玥 周八.
    assert_eq!(nums(fig(&all, "F5", None)), (json!(3), json!(7), json!(true), json!(false)));
    // F6: 孙七 seconded to a non-enforcement post; 周八's ended the day before.
    let f6 = fig(&all, "F6", None);
    assert_eq!(nums(f6), (json!(1), json!(7), json!(true), json!(false)));
    assert_eq!(names(&f6["numerator_people"]), ["孙七"]);
    // F7: 在编在岗 王磊 李玥 赵喆 周八 郑十.
    assert_eq!(nums(fig(&all, "F7", None)), (json!(5), json!(7), json!(true), json!(true)));
    // F8: 第一执法中队 has 王磊 and 李玥 (钱一 left on D); 第二执法中队 none.
    let f8 = fig(&all, "F8", None);
    assert_eq!(nums(f8), (json!(1), json!(2), json!(true), json!(false)));
    let units: Vec<(Value, Value, Value)> =
        arr(&f8["units"]).iter().map(|u| (u["unit"].clone(), u["count"].clone(), u["pass"].clone())).collect();
    assert_eq!(
        units,
        [(json!("第一执法中队"), json!(2), json!(true)), (json!("第二执法中队"), json!(0), json!(false))]
    );
    assert_eq!(names(&f8["units"][0]["people"]), sorted(&["王磊", "李玥"]));
    // F9: 城北所 has 周八 (吴九 is 编外); the 驻巡站 has only 郑十, who is 内勤.
    let f9 = fig(&all, "F9", None);
    assert_eq!(nums(f9), (json!(0), json!(2), json!(true), json!(false)));
    let mut units: Vec<(Value, Value, Value)> =
        arr(&f9["units"]).iter().map(|u| (u["unit"].clone(), u["count"].clone(), u["pass"].clone())).collect();
    units.sort_by_key(|u| u.0.to_string());
    assert_eq!(
        units,
        [(json!("东湖驻巡站"), json!(0), json!(false)), (json!("城北生态环境保护所"), json!(1), json!(false))]
    );

    // T1 on 30 June: 在岗 王磊 李玥 赵喆 孙七 吴九 郑十 钱一 (周八 seconded then); all but 郑十,
    // whose session ended in July, attended one.
    let t1 = fig(&all, "T1", None);
    assert_eq!(nums(t1), (json!(6), json!(7), json!(true), json!(false)));
    assert_eq!(t1["as_of"], json!("2024-06-30"));
    let missing: Vec<String> = {
        let num = names(&t1["numerator_people"]);
        names(&t1["denominator_people"]).into_iter().filter(|n| !num.contains(n)).collect()
    };
    assert_eq!(missing, ["郑十"]);
    // T2: the May drill (7 days) and the August training; not October's.
    let t2 = fig(&all, "T2", None);
    assert_eq!(nums(t2), (json!(2), Value::Null, json!(true), json!(true)));
    assert_eq!(t2["longest_days"], json!(7));
    // T3: only last year's 跟班学习.
    assert_eq!(nums(fig(&all, "T3", None)), (json!(0), Value::Null, json!(true), json!(false)));
    // T4, one per kind.
    assert_eq!(nums(fig(&all, "T4", Some("实战比武"))), (json!(1), Value::Null, json!(true), json!(true)));
    assert_eq!(nums(fig(&all, "T4", Some("知识竞赛"))), (json!(0), Value::Null, json!(true), json!(false)));
    assert_eq!(fig(&all, "T4", Some("全员轮训"))["numerator"], json!(2));
    assert_eq!(fig(&all, "T4", Some("军训队列"))["numerator"], json!(1));
    // T5: hours of 2024 up to D, each person on the roll.
    let t5 = fig(&all, "T5", None);
    assert_eq!((&t5["numerator"], &t5["pass"]), (&json!(7), &Value::Null));
    let hours: Vec<(String, f64, i64)> = {
        let mut v: Vec<(String, f64, i64)> = arr(&t5["hours"])
            .iter()
            .map(|h| {
                (h["name"].as_str().unwrap().to_string(), h["hours"].as_f64().unwrap(), h["sessions"].as_i64().unwrap())
            })
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    let mut want = vec![
        ("王磊".to_string(), 64.0, 2),
        ("李玥".to_string(), 64.0, 2),
        ("赵喆".to_string(), 24.0, 2),
        ("孙七".to_string(), 24.0, 1),
        ("周八".to_string(), 28.0, 2),
        ("吴九".to_string(), 24.0, 1),
        ("郑十".to_string(), 16.0, 1),
    ];
    want.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(hours, want);

    // One unit's scope: the 驻巡站 has no front-line staff (F1 不适用) and no 中队 (F8 不适用).
    let station = json(db, &["figures", "--date", "2024-09-30", "--unit", "东湖驻巡站", "--json"]);
    assert_eq!(nums(fig(&station, "F1", None)), (json!(0), json!(0), json!(false), Value::Null));
    assert_eq!(nums(fig(&station, "F8", None)), (json!(0), json!(0), json!(false), Value::Null));
    assert_eq!(nums(fig(&station, "F7", None)), (json!(1), json!(1), json!(true), json!(true)));

    // The text form: one line per figure, and the names behind each on request.
    let text = ok(db, &["figures", "--date", "2024-09-30", "--names"]);
    let f2_line = text.lines().find(|l| l.starts_with("F2 ")).unwrap();
    assert!(f2_line.contains("4/5 = 80.0%") && f2_line.contains("≥ 80%") && f2_line.ends_with("达标"), "{f2_line}");
    assert!(text.lines().any(|l| l.starts_with("F1 ") && l.ends_with("未达标")), "{text}");
    assert!(text.contains("第二执法中队 0 人（不足 2 人）"), "{text}");
    let text = ok(db, &["figures", "--date", "2024-09-30", "--unit", "东湖驻巡站"]);
    assert!(text.lines().any(|l| l.starts_with("F1 ") && l.ends_with("不适用")), "{text}");
}

#[test]
fn exported_people_sheets_import_back_unchanged() {
    let env = initialised();
    let db = &env.db;
    clerks_branch(&env);
    ok(db, &["uniform", "zone", "北温"]);
    ok(db, &["uniform", "issue", "--person", "王磊", "--item", "执勤服（冬）", "--date", "2023-11-01"]);

    for (ledger, rows) in [("staff", 9), ("certificates", 6), ("secondments", 2), ("uniforms", 1), ("training", 7)] {
        let file = env.path(&format!("{ledger}.xlsx"));
        let out = ok(db, &["export-xlsx", "--ledger", ledger, "--out", file.to_str().unwrap()]);
        assert!(out.contains(&format!("已导出 {rows} 项")), "{ledger}: {out}");
        let r = json(db, &["import-xlsx", "--ledger", ledger, file.to_str().unwrap(), "--dry-run", "--json"]);
        assert_eq!(
            (&r["inserted"], &r["updated"], &r["unchanged"]),
            (&json!(0), &json!(0), &json!(rows)),
            "{ledger}: {r}"
        );
        let before = dump(db);
        let out = ok(db, &["import-xlsx", "--ledger", ledger, file.to_str().unwrap()]);
        assert!(out.contains(&format!("已导入：新增 0 项，更新 0 项，无变化 {rows} 项")), "{ledger}: {out}");
        let after = dump(db);
        let changed: Vec<&String> = before
            .iter()
            .zip(&after)
            .filter(|(b, a)| b != a && b.0 != "audit_log" && b.0 != "sqlite_sequence")
            .map(|(b, _)| &b.0)
            .collect();
        assert!(changed.is_empty(), "{ledger}: the unchanged sheet wrote {changed:?}");
    }

    // The roster with a sheet per unit, to hand each 中队 its part: all sheets come back unchanged.
    let by_unit = env.path("按单位.xlsx");
    let out = ok(db, &["export-xlsx", "--ledger", "staff", "--out", by_unit.to_str().unwrap(), "--by-unit"]);
    assert!(out.contains("已导出 9 项") && out.contains("按单位分为"), "{out}");
    let back = json(db, &["import-xlsx", "--ledger", "staff", by_unit.to_str().unwrap(), "--all-sheets", "--json"]);
    assert!(arr(&back).len() > 1, "{back}");
    let unchanged: u64 = arr(&back).iter().map(|r| r["unchanged"].as_u64().unwrap()).sum();
    assert_eq!(unchanged, 9, "{back}");
    let (_, err) = fail(db, &["export-xlsx", "--ledger", "training", "--out", "培训.xlsx", "--by-unit"]);
    assert!(err.contains("只有人员花名册（staff）和装备台账（equipment）可按单位分表导出"), "{err}");

    // An edited roster: 郑十 is now front-line.
    let edited = env.path("改.xlsx");
    write_xlsx(&edited, &[&["姓名", "所在单位", "岗位类别"], &["郑十", "东湖驻巡站", "一线执法"]]);
    let out = ok(db, &["import-xlsx", "--ledger", "staff", edited.to_str().unwrap()]);
    assert!(out.contains("新增 0 项，更新 1 项"), "{out}");
    let all = json(db, &["figures", "--date", "2024-09-30", "--json"]);
    let f9 = fig(&all, "F9", None);
    let station = arr(&f9["units"]).iter().find(|u| u["unit"] == "东湖驻巡站").unwrap();
    assert_eq!(station["count"], json!(1), "the change shows in the figures at once");
    integrity_ok(db);
}

#[test]
fn people_commands_show_update_and_delete() {
    let env = initialised();
    let db = &env.db;
    ok(db, &["unit", "add", "--name", "第一执法中队", "--kind", "执法中队"]);
    ok(db, &["unit", "add", "--name", "第二执法中队", "--kind", "执法中队"]);
    ok(db, &["staff", "add", "--name", "王磊", "--unit", "第一执法中队"]);
    ok(db, &["staff", "add", "--name", "王磊", "--unit", "第二执法中队"]);
    let (code, err) = fail(db, &["staff", "show", "王磊"]);
    assert_eq!(code, 1);
    assert!(err.contains("花名册中有 2 人名为“王磊”"), "{err}");
    let (_, err) = fail(db, &["cert", "add", "--person", "周八", "--kind", "行政执法证", "--number", "1"]);
    assert!(err.contains("人员花名册中没有“周八”"), "{err}");

    let s =
        json(db, &["staff", "update", "王磊（第二执法中队）", "--post", "内勤", "--phone", "0632-5511111", "--json"]);
    assert_eq!((&s["post"], &s["phone"], &s["revision"]), (&json!("内勤"), &json!("0632-5511111"), &json!(2)));
    let (_, err) = fail(db, &["staff", "update", "王磊（第二执法中队）", "--post", "司机"]);
    assert!(err.contains("一线执法、内勤、领导、其他"), "{err}");

    let c = json(
        db,
        &[
            "cert",
            "add",
            "--person",
            "王磊（第一执法中队）",
            "--kind",
            "行政执法证",
            "--number",
            "007",
            "--expires",
            "2026-01-01",
            "--json",
        ],
    );
    assert_eq!((&c["number"], &c["unit_name"], &c["status"]), (&json!("007"), &json!("第一执法中队"), &json!("有效")));
    let c = json(db, &["cert", "update", "007", "--status", "暂扣", "--json"]);
    assert_eq!(c["status"], json!("暂扣"));
    let listed = json(db, &["cert", "list", "--status", "暂扣", "--json"]);
    assert_eq!(arr(&listed).len(), 1);

    let x = json(
        db,
        &[
            "secondment",
            "add",
            "--person",
            "王磊（第一执法中队）",
            "--destination",
            "市局",
            "--start",
            "2024-01-01",
            "--doc",
            "滕环字〔2024〕5号",
            "--json",
        ],
    );
    assert_eq!(
        (&x["approved"], &x["approval_doc"], &x["enforcement_post"]),
        (&json!(true), &json!("滕环字〔2024〕5号"), &json!(false))
    );
    let id = x["id"].as_str().unwrap();
    let x = json(db, &["secondment", "update", &id[..8], "--end", "2024-06-30", "--json"]);
    assert_eq!(x["end_on"], json!("2024-06-30"));

    let i = json(
        db,
        &["uniform", "add", "--person", "王磊（第一执法中队）", "--item", "大檐帽", "--date", "2024.5.1", "--json"],
    );
    let iid = i["id"].as_str().unwrap().to_string();
    let i = json(db, &["uniform", "update", &iid[..8], "--quantity", "2", "--json"]);
    assert_eq!((&i["quantity"], &i["issued_on"], &i["revision"]), (&json!(2), &json!("2024-05-01"), &json!(2)));
    // Searched as the app's 发放记录 tab searches: by name, item or unit, full-width as ASCII.
    ok(
        db,
        &["uniform", "add", "--person", "王磊（第二执法中队）", "--item", "夏执勤服（ＸＬ）", "--date", "2024-06-01"],
    );
    let items = |args: &[&str]| {
        let list = json(db, &[&["uniform", "list", "--json"], args].concat());
        arr(&list).iter().map(|i| i["item"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    assert_eq!(items(&["--search", "xl"]), ["夏执勤服（ＸＬ）"]);
    assert_eq!(items(&["--search", "第一执法"]), ["大檐帽"]);
    assert_eq!(items(&["--search", "执勤服", "--person", "王磊（第一执法中队）"]), Vec::<String>::new());
    assert_eq!(items(&[]).len(), 2);
    let (_, err) = fail(db, &["uniform", "status", "--date", "2024-06-01"]);
    assert!(err.contains("尚未设置本单位气候区"), "{err}");

    ok(db, &["training", "kind-add", "法律知识讲座"]);
    let kinds = json(db, &["training", "kinds", "--json"]);
    assert!(arr(&kinds).iter().any(|k| k["name"] == "法律知识讲座" && k["builtin"] == false));
    let t = json(
        db,
        &[
            "training",
            "add",
            "--title",
            "讲座",
            "--kind",
            "法律知识讲座",
            "--start",
            "2024-03-01",
            "--attendees",
            "王磊（第一执法中队）、王磊（第二执法中队）",
            "--json",
        ],
    );
    assert_eq!(t["attendee_count"], json!(2));
    let tid = t["id"].as_str().unwrap().to_string();
    let t = json(db, &["training", "update", &tid, "--attendees", "王磊（第二执法中队）", "--json"]);
    assert_eq!(t["attendee_count"], json!(1));
    let d = json(db, &["training", "show", &tid, "--json"]);
    assert_eq!(d["attendance"][0]["unit_name"], json!("第二执法中队"));

    ok(db, &["training", "delete", &tid]);
    ok(db, &["uniform", "delete", &iid]);
    ok(db, &["secondment", "delete", id]);
    ok(db, &["cert", "delete", "007"]);
    ok(db, &["staff", "delete", "王磊（第一执法中队）"]);
    let left = json(db, &["staff", "list", "--all", "--json"]);
    assert_eq!(arr(&left).len(), 1);
    assert!(ok(db, &["audit", "--limit", "5"]).contains("删除"));
}
