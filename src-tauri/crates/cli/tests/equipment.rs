//! A clerk's session with the equipment inventory at the command line: the standard list and an
//! edit of it, items added, checked out and returned, maintained, transferred and scrapped,
//! schedules and what falls due (across the end of January and 29 February, checked by hand), a
//! newer edition of the standard list loaded (a test edition written here), the three sheets out
//! and back in — and E1–E4 on a small branch counted by hand.

mod common;

use common::*;
use predicates::prelude::*;
use serde_json::{json, Value};

const D: &str = "2024-12-31";

/// The figures of `id` in a `figures --json` array.
fn figs<'a>(all: &'a Value, id: &str) -> Vec<&'a Value> {
    arr(all).iter().filter(|f| f["id"] == id).collect()
}

/// The E1 figure of the standard item `item`.
fn e1<'a>(all: &'a Value, item: &str) -> &'a Value {
    figs(all, "E1").into_iter().find(|f| f["item"] == item).unwrap_or_else(|| panic!("no E1 {item}"))
}

/// (held, in service, required, missing) of an E1 figure.
fn counts(f: &Value) -> (Value, Value, Value, Value) {
    (f["held"].clone(), f["in_service"].clone(), f["required"].clone(), f["missing"].clone())
}

fn e2<'a>(all: &'a Value, group: &str) -> &'a Value {
    figs(all, "E2").into_iter().find(|f| f["group"] == group).unwrap_or_else(|| panic!("no E2 {group}"))
}

fn names(people: &Value) -> Vec<String> {
    let mut v: Vec<String> = arr(people).iter().map(|p| p["name"].as_str().unwrap().to_string()).collect();
    v.sort();
    v
}

fn assets(equipment: &Value) -> Vec<String> {
    let mut v: Vec<String> = arr(equipment).iter().map(|p| p["asset_no"].as_str().unwrap().to_string()).collect();
    v.sort();
    v
}

fn add(db: &std::path::Path, args: &[&str]) -> Value {
    json(db, &[&["equipment", "add"], args, &["--json"]].concat())
}

/// The branch: two 中队; 王磊, 李玥 (一中队) and 赵喆 (二中队) hold a valid 行政执法证, 孙七
/// (二中队) holds none. Its equipment, as on D = 2024-12-31:
///
/// | asset | standard item | custodian | on D |
/// |---|---|---|---|
/// | C-01 | 执法执勤专用车 | — | held, in service (moved to 二中队, 孙七) |
/// | P-01 | 移动执法包 | 王磊 | held, in service |
/// | T-01 | 移动执法终端 | 王磊 | held, in service |
/// | T-02 | 移动执法终端 | 李玥 | held, 维修中: not in service |
/// | T-03 | 移动执法终端 | 赵喆 | acquired 2025-02-01: not held |
/// | R-01 | 执法记录仪 (wireless) | 王磊 | held, in service |
/// | R-02 | 执法记录仪 (no wireless) | 李玥 | held, in service |
/// | R-03 | 执法记录仪 (wireless) | 赵喆 | scrapped 2024-06-30: not held |
/// | V-01 | 视频管理存储设备 | — | held, in service |
/// | K-01 | 快检试剂包 ×0 | — | held 0 |
/// | F-01 | 传真机 | — | held |
fn the_branch(env: &Env) {
    let db = &env.db;
    ok(db, &["unit", "add", "--name", "第一执法中队", "--kind", "执法中队"]);
    ok(db, &["unit", "add", "--name", "第二执法中队", "--kind", "执法中队"]);
    for (name, unit, cert) in [
        ("王磊", "第一执法中队", "0001"),
        ("李玥", "第一执法中队", "0002"),
        ("赵喆", "第二执法中队", "0003"),
        ("孙七", "第二执法中队", ""),
    ] {
        ok(db, &["staff", "add", "--name", name, "--unit", unit, "--post", "一线执法", "--arrived", "2019-01-01"]);
        if !cert.is_empty() {
            ok(
                db,
                &[
                    "cert",
                    "add",
                    "--person",
                    name,
                    "--kind",
                    "行政执法证",
                    "--number",
                    cert,
                    "--issued",
                    "2023-01-01",
                    "--expires",
                    "2027-12-31",
                ],
            );
        }
    }
    let item = |asset: &str, standard: &str, extra: &[&str]| {
        let v = add(db, &[&["--asset-no", asset, "--name", standard, "--standard", standard], extra].concat());
        assert_eq!(v["asset_no"], asset);
        v
    };
    item("C-01", "执法执勤专用车", &["--acquired", "2020-05-01", "--model", "比亚迪 宋", "--price", "168000"]);
    item("P-01", "移动执法包", &["--acquired", "2023-01-01", "--custodian", "王磊", "--unit", "第一执法中队"]);
    item("T-01", "移动执法终端", &["--acquired", "2023-01-01", "--custodian", "王磊", "--unit", "第一执法中队"]);
    item("T-02", "移动执法终端", &["--acquired", "2023-01-01", "--custodian", "李玥", "--unit", "第一执法中队"]);
    item("T-03", "移动执法终端", &["--acquired", "2025-02-01", "--custodian", "赵喆", "--unit", "第二执法中队"]);
    let r1 = item(
        "R-01",
        "执法记录仪",
        &["--acquired", "2023-06-01", "--custodian", "王磊", "--wireless", "是", "--serial", "SN-0001"],
    );
    assert_eq!(r1["wireless_video"], true);
    assert_eq!(r1["category"], "执法全过程记录", "the category comes from the standard item");
    item("R-02", "执法记录仪", &["--acquired", "2023-06-01", "--custodian", "李玥", "--wireless", "否"]);
    item("R-03", "执法记录仪", &["--acquired", "2023-06-01", "--custodian", "赵喆", "--wireless", "Y"]);
    item("V-01", "视频管理存储设备", &["--acquired", "2023-06-01"]);
    let kits = item("K-01", "快检试剂包", &["--acquired", "2024-01-01", "--quantity", "0"]);
    assert_eq!(kits["quantity"], 0);
    item("F-01", "传真机", &["--acquired", "2015-01-01"]);
}

#[test]
fn a_clerks_session_with_the_inventory() {
    let env = initialised();
    let db = &env.db;

    // The standard list as shipped: 29 items, six rubric groups, no official quantity.
    let list = json(db, &["standard", "list", "--json"]);
    assert_eq!(list["edition"], "2020");
    assert_eq!(arr(&list["items"]).len(), 29);
    let groups: Vec<(String, f64)> = arr(&list["groups"])
        .iter()
        .map(|g| (g["group"].as_str().unwrap().to_string(), g["points"].as_f64().unwrap()))
        .collect();
    assert_eq!(
        groups,
        [("①", 1.5), ("②", 1.0), ("③", 0.5), ("④", 0.5), ("⑤", 0.5), ("⑥", 0.5)].map(|(g, p)| (g.to_string(), p))
    );
    assert!(arr(&list["items"]).iter().all(|i| i["required"].is_null()), "no invented quantities");
    // The branch has the official figure for terminals: two.
    let edited = json(db, &["standard", "edit", "移动执法终端", "--required", "2", "--json"]);
    assert_eq!((edited["required"].clone(), edited["group"].clone()), (json!(2), json!("②")));
    let added = json(
        db,
        &["standard", "add", "执法无人机反制设备", "--level", "选配", "--category", "现场执法辅助设备", "--json"],
    );
    assert_eq!((added["level"].clone(), added["group"].clone()), (json!("选配"), Value::Null));
    ctl(db)
        .args(["standard", "add", "移动执法终端"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("已在标准装备清单中"));

    the_branch(&env);
    ctl(db)
        .args(["equipment", "add", "--asset-no", "R-01", "--name", "执法记录仪"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("“R-01”已用于“执法记录仪”"));
    ctl(db)
        .args(["equipment", "add", "--asset-no", "X-01", "--name", "检测仪", "--standard", "多参数检测仪"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("标准装备清单中没有“多参数检测仪”"));

    // A checkout, overdue, then returned; the item cannot go out twice.
    let out = ok(
        db,
        &[
            "equipment",
            "checkout",
            "R-02",
            "--person",
            "赵喆",
            "--date",
            "2024-03-01",
            "--purpose",
            "夜查",
            "--expect",
            "2024-03-05",
        ],
    );
    assert!(out.contains("由赵喆领用"), "{out}");
    ctl(db)
        .args(["equipment", "checkout", "R-02", "--person", "王磊", "--date", "2024-03-02"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("已被赵喆领用，尚未归还"));
    let listed = json(db, &["equipment", "list", "--out", "--json"]);
    assert_eq!(assets(&listed), ["R-02"]);
    assert_eq!(listed[0]["checked_out_to"], "赵喆");
    let due = json(db, &["equipment", "due", "--date", "2024-03-10", "--json"]);
    let back = arr(&due).iter().find(|x| x["what"] == "领用").expect("the return is due");
    assert_eq!((back["asset_no"].clone(), back["due_on"].clone()), (json!("R-02"), json!("2024-03-05")));
    assert_eq!(
        (back["days"].clone(), back["band"].clone(), back["person_name"].clone()),
        (json!(-5), json!("已逾期"), json!("赵喆"))
    );
    ok(db, &["equipment", "return", "R-02", "--date", "2024-03-08"]);
    assert!(arr(&json(db, &["equipment", "list", "--out", "--json"])).is_empty());
    ctl(db)
        .args(["equipment", "return", "R-02", "--date", "2024-03-09"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("没有未归还的领用记录"));

    // A repair that keeps the terminal 维修中; a transfer; a scrap.
    ok(
        db,
        &[
            "equipment",
            "maintain",
            "T-02",
            "--kind",
            "维修",
            "--date",
            "2024-10-01",
            "--vendor",
            "华为售后",
            "--cost",
            "300",
            "--result",
            "送修",
            "--status-after",
            "维修中",
        ],
    );
    let out = ok(
        db,
        &["equipment", "transfer", "C-01", "--unit", "第二执法中队", "--custodian", "孙七", "--date", "2024-05-01"],
    );
    assert!(out.contains("滕州分局（保管人 无）→ 第二执法中队（保管人 孙七）"), "{out}");
    ok(
        db,
        &[
            "equipment",
            "scrap",
            "R-03",
            "--reason",
            "摔坏无法修复",
            "--approval",
            "滕环字〔2024〕9号",
            "--date",
            "2024-06-30",
        ],
    );
    ctl(db)
        .args(["equipment", "maintain", "R-03", "--kind", "检查", "--date", "2024-07-01"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("已报废"));
    ctl(db)
        .args(["equipment", "maintain", "R-01", "--kind", "检查", "--date", "2023-05-01"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("早于购置日期 2023-06-01"));

    // The filters.
    let by = |args: &[&str]| assets(&json(db, &[&["equipment", "list", "--json"], args].concat()));
    assert_eq!(by(&["--status", "维修中"]), ["T-02"]);
    assert_eq!(by(&["--unit", "第二执法中队"]), ["C-01", "T-03"]);
    assert_eq!(by(&["--custodian", "王磊"]), ["P-01", "R-01", "T-01"]);
    assert_eq!(by(&["--standard", "执法记录仪"]), ["R-01", "R-02"], "the scrapped one is left out");
    assert_eq!(by(&["--standard", "执法记录仪", "--all"]), ["R-01", "R-02", "R-03"]);
    assert_eq!(by(&["--status", "已报废"]), ["R-03"]);
    assert_eq!(by(&["--category", "执法全过程记录"]), ["R-01", "R-02", "V-01"]);
    assert_eq!(by(&["--search", "sn-0001"]), ["R-01"]);
    assert_eq!(by(&["--search", "宋"]), ["C-01"]);

    // An item's page: its whole history.
    let c01 = json(db, &["equipment", "show", "C-01", "--json"]);
    assert_eq!(
        (c01["item"]["unit_name"].clone(), c01["item"]["custodian_name"].clone()),
        (json!("第二执法中队"), json!("孙七"))
    );
    let ev = &c01["events"][0];
    assert_eq!(
        (ev["kind"].clone(), ev["to_unit"].clone(), ev["to_custodian"].clone()),
        (json!("调拨"), json!("第二执法中队"), json!("孙七"))
    );
    let text = ok(db, &["equipment", "show", "R-03"]);
    assert!(text.contains("已报废（2024-06-30 报废）"), "{text}");
    assert!(text.contains("报废      原因 摔坏无法修复，审批 滕环字〔2024〕9号"), "{text}");
    let r02 = json(db, &["equipment", "show", "R-02", "--json"]);
    assert_eq!(r02["events"][0]["returned_on"], "2024-03-08");

    // Update, and delete what was registered by mistake.
    let v = json(db, &["equipment", "update", "V-01", "--location", "指挥中心机房", "--json"]);
    assert_eq!((v["location"].clone(), v["revision"].clone()), (json!("指挥中心机房"), json!(2)));
    add(db, &["--asset-no", "Z-99", "--name", "误录"]);
    ok(db, &["equipment", "delete", "Z-99"]);
    ctl(db).args(["equipment", "show", "Z-99"]).assert().code(1);

    // Schedules. R-01: calibrate monthly from 31 January 2024 — due 29 February (a leap year),
    // then a month after each calibration: done on 29 February, next due 29 March.
    let s1 = json(
        db,
        &[
            "equipment",
            "schedule",
            "add",
            "--item",
            "R-01",
            "--kind",
            "校准",
            "--every",
            "1",
            "--start",
            "2024-01-31",
            "--json",
        ],
    );
    assert_eq!((s1["kind"].clone(), s1["every_months"].clone()), (json!("校准检定"), json!(1)));
    let due = json(db, &["equipment", "due", "--date", "2024-02-20", "--json"]);
    let cal: Vec<&Value> = arr(&due).iter().filter(|x| x["asset_no"] == "R-01").collect();
    assert_eq!(cal.len(), 1, "{due}");
    assert_eq!(
        (cal[0]["what"].clone(), cal[0]["due_on"].clone(), cal[0]["days"].clone()),
        (json!("校准检定"), json!("2024-02-29"), json!(9))
    );
    assert_eq!((cal[0]["band"].clone(), cal[0]["last_done_on"].clone()), (json!("30天内"), Value::Null));
    ok(
        db,
        &[
            "equipment",
            "maintain",
            "R-01",
            "--kind",
            "校准检定",
            "--date",
            "2024-02-29",
            "--vendor",
            "计量所",
            "--result",
            "合格",
        ],
    );
    let due = json(db, &["equipment", "due", "--date", "2024-03-01", "--days", "30", "--json"]);
    let cal = arr(&due).iter().find(|x| x["asset_no"] == "R-01").unwrap();
    assert_eq!(
        (cal["due_on"].clone(), cal["last_done_on"].clone(), cal["days"].clone()),
        (json!("2024-03-29"), json!("2024-02-29"), json!(28))
    );
    // Every 视频管理存储设备 inspected yearly from 29 February 2024: due 28 February 2025.
    json(
        db,
        &[
            "equipment",
            "schedule",
            "add",
            "--standard",
            "视频管理存储设备",
            "--kind",
            "检查",
            "--every",
            "12",
            "--start",
            "2024-02-29",
            "--json",
        ],
    );
    let due = json(db, &["equipment", "due", "--date", "2025-02-01", "--days", "30", "--json"]);
    let v01 = arr(&due).iter().find(|x| x["asset_no"] == "V-01").expect("V-01 is due");
    assert_eq!(
        (v01["what"].clone(), v01["due_on"].clone(), v01["days"].clone()),
        (json!("检查"), json!("2025-02-28"), json!(27))
    );
    assert!(
        !arr(&json(db, &["equipment", "due", "--date", "2025-01-28", "--days", "30", "--json"]))
            .iter()
            .any(|x| x["asset_no"] == "V-01"),
        "31 days ahead: not yet"
    );
    let text = ok(db, &["equipment", "due", "--date", "2025-02-01"]);
    assert!(text.contains("2025-02-28  V-01"), "{text}");
    let schedules = json(db, &["equipment", "schedule", "list", "--json"]);
    assert_eq!(arr(&schedules).len(), 2);
    let detail = json(db, &["equipment", "show", "V-01", "--date", "2025-03-01", "--json"]);
    assert_eq!(arr(&detail["schedules"]).len(), 1);
    assert_eq!((detail["due"][0]["band"].clone(), detail["due"][0]["days"].clone()), (json!("已逾期"), json!(-1)));
    let id = s1["id"].as_str().unwrap();
    ok(db, &["equipment", "schedule", "delete", &id[..8]]);
    assert_eq!(arr(&json(db, &["equipment", "schedule", "list", "--json"])).len(), 1);

    // The figures on D, counted by hand (see `the_branch`).
    let all = json(db, &["figures", "--date", D, "--json"]);
    assert_eq!(figs(&all, "E1").len(), 30, "29 shipped items and the one added");
    // Terminals: T-01 and T-02 (in repair: held, not in service); T-03 comes after D.
    assert_eq!(counts(e1(&all, "移动执法终端")), (json!(2), json!(1), json!(2), json!(0)));
    // Recorders; R-03 was scrapped before D.
    assert_eq!(counts(e1(&all, "执法记录仪")), (json!(2), json!(2), json!(1), json!(0)));
    assert_eq!(assets(&e1(&all, "执法记录仪")["equipment"]), ["R-01", "R-02"]);
    // A consumable with a stock of 0 is not enough.
    assert_eq!(counts(e1(&all, "快检试剂包")), (json!(0), json!(0), json!(1), json!(1)));
    assert_eq!(counts(e1(&all, "执法执勤专用车")), (json!(1), json!(1), json!(1), json!(0)));
    assert_eq!(counts(e1(&all, "测距仪")), (json!(0), json!(0), json!(1), json!(1)));
    assert_eq!(e1(&all, "执法无人机反制设备")["kind"], "选配");
    // E2: ① car held; ② 移动执法包 1 ≥ 1 and terminals 2 ≥ 2; ③–⑥ lack items.
    let e2s = figs(&all, "E2");
    assert_eq!(e2s.len(), 6, "one object per group");
    for (group, points, pass) in
        [("①", 1.5, true), ("②", 1.0, true), ("③", 0.0, false), ("④", 0.0, false), ("⑤", 0.0, false), ("⑥", 0.0, false)]
    {
        let f = e2(&all, group);
        assert_eq!((f["points"].as_f64(), f["pass"].clone()), (Some(points), json!(pass)), "{group}: {f}");
    }
    assert_eq!((e2(&all, "②")["numerator"].clone(), e2(&all, "②")["denominator"].clone()), (json!(2), json!(2)));
    let e3 = figs(&all, "E3");
    assert_eq!((e3.len(), e3[0]["pass"].clone()), (1, json!(true)));
    // E4: 王磊, 李玥, 赵喆 are 在岗 and 持证 (孙七 holds no certificate). Only 王磊 keeps both a
    // held terminal and a wireless recorder: 李玥's recorder has no wireless video, 赵喆's terminal
    // comes after D and his recorder was scrapped. 1/3 → 0 points.
    let e4 = figs(&all, "E4");
    assert_eq!(e4.len(), 1);
    let e4 = e4[0];
    assert_eq!(
        (e4["numerator"].clone(), e4["denominator"].clone(), e4["points"].as_f64()),
        (json!(1), json!(3), Some(0.0))
    );
    assert_eq!(names(&e4["numerator_people"]), ["王磊"]);
    assert_eq!(names(&e4["denominator_people"]), ["李玥", "王磊", "赵喆"]);

    let text = ok(db, &["figures", "--date", D]);
    assert!(text.contains("E1   移动执法终端"), "{text}");
    let line = text.lines().find(|l| l.starts_with("E1   快检试剂包")).unwrap();
    assert!(line.contains("持有   0  在用   0  应配   1  缺   1  ✗ 缺"), "{line}");
    let line = text.lines().find(|l| l.starts_with("E2   ① ")).unwrap();
    assert!(line.contains("得 1.5 分") && line.contains("达标"), "{line}");
    let line = text.lines().find(|l| l.starts_with("E4 ")).unwrap();
    assert!(line.contains("1/3 = 33.3%") && line.contains("得 0 分"), "{line}");
    let text = ok(db, &["figures", "--date", D, "--names"]);
    assert!(text.contains("T-02 移动执法终端（第一执法中队，李玥，维修中）"), "{text}");

    // Now 李玥's recorder gets wireless video, and 赵喆 a terminal and a wireless recorder: 3/3.
    ok(db, &["equipment", "update", "R-02", "--wireless", "是"]);
    add(
        db,
        &[
            "--asset-no",
            "T-04",
            "--name",
            "移动执法终端",
            "--standard",
            "移动执法终端",
            "--acquired",
            "2024-11-01",
            "--custodian",
            "赵喆",
        ],
    );
    add(
        db,
        &[
            "--asset-no",
            "R-04",
            "--name",
            "执法记录仪",
            "--standard",
            "执法记录仪",
            "--acquired",
            "2024-11-01",
            "--custodian",
            "赵喆",
            "--wireless",
            "√",
        ],
    );
    let all = json(db, &["figures", "--date", D, "--json"]);
    let e4 = figs(&all, "E4")[0];
    assert_eq!(
        (e4["numerator"].clone(), e4["denominator"].clone(), e4["points"].as_f64(), e4["pass"].clone()),
        (json!(3), json!(3), Some(3.0), json!(true))
    );
    // On a date before R-04 and T-04 were acquired, it is 2/3 again.
    let e4 = json(db, &["figures", "--date", "2024-10-31", "--json"]);
    assert_eq!(figs(&e4, "E4")[0]["numerator"], 2);

    // A newer edition of the standard list (a TEST edition written here: the shipped one without
    // 传真机, plus one new item). F-01 keeps its link to the retired 传真机.
    let shipped = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../seeds/reference/equipment-standard-2020.toml"),
    )
    .unwrap();
    let fax = "[[items]]\nname = \"传真机\"\ncategory = \"通讯和办公设备\"\ngroup = \"⑤\"\nlevel = \"标配\"\n\n";
    assert!(shipped.contains(fax));
    let edition = format!(
        "# TEST EDITION written by tests/equipment.rs — not an official list.\n{}\n[[items]]\nname = \"测试新增装备\"\ncategory = \"现场执法辅助设备\"\ngroup = \"③\"\nlevel = \"标配\"\n",
        shipped.replace(fax, "").replace("edition = \"2020\"", "edition = \"2024测试\"")
    );
    let file = env.path("标准装备-测试版.toml");
    std::fs::write(&file, edition).unwrap();
    let before = dump(db);
    let dry = ok(db, &["standard", "import", file.to_str().unwrap(), "--dry-run"]);
    assert!(dry.contains("检查完毕，未写入"), "{dry}");
    assert_eq!(dump(db), before, "a dry run writes nothing");
    let out = ok(db, &["standard", "import", file.to_str().unwrap()]);
    assert!(out.contains("已导入标准装备清单 2024测试 版"), "{out}");
    assert!(out.contains("新增 1 项：测试新增装备"), "{out}");
    assert!(out.contains("保留 28 项"), "{out}");
    // 执法无人机反制设备 was the clerk's own addition: an edition that does not list it keeps it.
    assert!(out.contains("停用为旧版 1 项：传真机"), "{out}");
    assert!(out.contains("计为旧版标准装备的装备 1 件"), "{out}");
    let f01 = json(db, &["equipment", "show", "F-01", "--json"]);
    assert_eq!(f01["item"]["standard_item_name"], "传真机", "the link is kept");
    let list = json(db, &["standard", "list", "--json"]);
    assert_eq!(list["edition"], "2024测试");
    let fax = arr(&list["items"]).iter().find(|i| i["name"] == "传真机").unwrap();
    assert_eq!((fax["retired"].clone(), fax["item_count"].clone()), (json!(true), json!(1)));
    let all = json(db, &["figures", "--date", D, "--json"]);
    assert!(!figs(&all, "E1").iter().any(|f| f["item"] == "传真机"), "a retired item is not counted");
    assert_eq!(counts(e1(&all, "测试新增装备")), (json!(0), json!(0), json!(1), json!(1)));
    assert_eq!(e2(&all, "⑤")["denominator"], 7);
    // A retired item may still be named.
    add(db, &["--asset-no", "F-02", "--name", "传真机", "--standard", "传真机"]);
}

#[test]
fn the_equipment_sheets_go_out_and_come_back_unchanged() {
    let env = initialised();
    let db = &env.db;
    the_branch(&env);
    ok(db, &["equipment", "checkout", "R-02", "--person", "赵喆", "--date", "2024-03-01", "--expect", "2024-03-05"]);
    ok(db, &["equipment", "return", "R-02", "--date", "2024-03-04"]);
    ok(db, &["equipment", "checkout", "R-01", "--person", "李玥", "--date", "2024-04-01"]);
    ok(db, &["equipment", "maintain", "R-01", "--kind", "校准检定", "--date", "2024-02-29", "--cost", "120"]);
    ok(db, &["equipment", "scrap", "R-03", "--reason", "损坏", "--date", "2024-06-30"]);
    for (ledger, rows) in [("equipment", 11), ("equipment-usage", 2), ("equipment-maintenance", 1)] {
        let file = env.path(&format!("{ledger}.xlsx"));
        let f = file.to_str().unwrap();
        let out = ok(db, &["export-xlsx", "--ledger", ledger, "--out", f]);
        assert!(out.contains(&format!("已导出 {rows} 项")), "{ledger}: {out}");
        let records =
            || -> Vec<_> { dump(db).into_iter().filter(|(t, _)| t != "audit_log" && t != "sqlite_sequence").collect() };
        let before = records();
        let out = ok(db, &["import-xlsx", "--ledger", ledger, f]);
        assert!(out.contains(&format!("已导入：新增 0 项，更新 0 项，无变化 {rows} 项")), "{ledger}: {out}");
        let after = records();
        assert!(after == before, "{ledger}: the re-import changed the records");
    }
    // Without the scrapped recorder; one unit's.
    let file = env.path("在用.xlsx");
    let out = ok(db, &["export-xlsx", "--ledger", "equipment", "--out", file.to_str().unwrap(), "--hide-scrapped"]);
    assert!(out.contains("已导出 10 项"), "{out}");
    let out =
        ok(db, &["export-xlsx", "--ledger", "equipment", "--out", file.to_str().unwrap(), "--unit", "第一执法中队"]);
    assert!(out.contains("已导出 3 项"), "{out}");

    // A clerk's usage sheet naming an asset number the inventory lacks: refused, nothing written.
    let sheet = env.path("使用台账.xlsx");
    write_xlsx(
        &sheet,
        &[&["资产编号", "领用人", "领用日期"], &["R-01", "王磊", "2024-05-01"], &["Q-404", "王磊", "2024-05-01"]],
    );
    let before = dump(db);
    ctl(db)
        .args(["import-xlsx", "--ledger", "equipment-usage", sheet.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("装备台账中没有资产编号“Q-404”"))
        .stderr(predicate::str::contains("第 2 行，列“领用日期”"));
    assert_eq!(dump(db), before);
    integrity_ok(db);
}
