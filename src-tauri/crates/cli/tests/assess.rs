//! `ledgerctl rubric` and `ledgerctl assess` as a clerk and a branch head use them: the rubrics,
//! the year's assessment shown and scored item by item, an override with its reason, the office's
//! workflow through sign-off and an amendment, a city bureau's rubric file (and a bad one), and
//! the JSON of `assess show`.

mod common;

use common::*;
use serde_json::Value;

const R: &[&str] = &["--rubric", "taian-2021-collective", "--year", "2024"];

fn with<'a>(head: &[&'a str], tail: &[&'a str]) -> Vec<&'a str> {
    let mut v: Vec<&str> = head.to_vec();
    v.extend_from_slice(R);
    v.extend_from_slice(tail);
    v
}

fn item<'a>(show: &'a Value, id: &str) -> &'a Value {
    show["items"].as_array().unwrap().iter().find(|i| i["id"] == id).unwrap_or_else(|| panic!("no {id}"))
}

#[test]
fn a_branch_scores_its_year_and_the_head_signs_it_off() {
    let env = fresh();
    let db = &env.db;
    ok(db, &["init", "--branch-name", "滕州分局"]);

    let list = ok(db, &["rubric", "list"]);
    assert!(list.contains("fujian-county-2022") && list.contains("（80 规范化单位，95 示范单位）"), "{list}");

    // Before anything is scored: the computed items are there, nothing is written.
    let show = json(db, &with(&["assess", "show"], &["--json"]));
    for key in ["total", "max", "bonus", "deductions", "grade", "status", "items"] {
        assert!(!show[key].is_null(), "{key} in {show}");
    }
    assert_eq!((show["status"].as_str(), show["max"].as_f64()), (Some("草稿"), Some(100.0)));
    let a = item(&show, "2.a");
    assert_eq!((a["how"].as_str(), a["score"].as_f64()), (Some("computed"), Some(0.0)));
    assert!(a["explanation"].as_str().unwrap().contains("E4"), "{a}");
    for key in ["id", "group", "indicator", "criteria", "max", "score", "how", "explanation"] {
        assert!(a.get(key).is_some(), "{key} in {a}");
    }
    assert_eq!(item(&show, "1.1")["how"], "unscored");

    // Score by hand, with a note and evidence.
    let scan = env.path("比武成绩通报.pdf");
    std::fs::write(&scan, b"%PDF-1.4").unwrap();
    let out = ok(
        db,
        &with(
            &["assess", "score"],
            &["--item", "1.1", "--score", "28", "--note", "全市比武第二名", "--evidence", scan.to_str().unwrap()],
        ),
    );
    assert!(out.contains("已附佐证材料：比武成绩通报.pdf"), "{out}");
    assert!(out.contains("1.1") && out.contains("28/30") && out.contains("说明：全市比武第二名"), "{out}");
    let (code, err) = fail(db, &with(&["assess", "score"], &["--item", "1.1", "--score", "31"]));
    assert_eq!((code, err.trim()), (1, "错误[E_INVALID]：评分项 1.1：得分应在 0 到 30 分之间"));
    let (_, err) = fail(db, &with(&["assess", "override"], &["--item", "2.a", "--score", "3", "--reason", " "]));
    assert!(err.contains("调整原因：手工调整自动计算的得分，必须写明原因"), "{err}");
    ok(db, &with(&["assess", "override"], &["--item", "2.a", "--score", "2", "--reason", "终端已采购，待入库"]));
    let show = json(db, &with(&["assess", "show"], &["--json"]));
    let a = item(&show, "2.a");
    assert_eq!((a["how"].as_str(), a["score"].as_f64()), (Some("override"), Some(2.0)));
    assert!(a["explanation"].as_str().unwrap().starts_with("手工调整为 2 分（原因：终端已采购，待入库）"), "{a}");

    // Submitting with items open is refused, naming them.
    let (code, err) = fail(db, &with(&["assess", "submit"], &[]));
    assert_eq!(code, 1);
    assert!(err.contains("还有 19 项未评分（1.2、2.b"), "{err}");
    // Score the rest: everything else at its best.
    for (id, args) in [
        ("1.2", vec!["--count", "0"]),
        ("2.b", vec!["--percent", "100"]),
        ("2.c", vec!["--yes"]),
        ("2.d", vec!["--yes"]),
        ("2.e", vec!["--count", "0"]),
        ("2.f1", vec!["--yes"]),
        ("2.f2", vec!["--percent", "95"]),
        ("2.g", vec!["--percent", "100"]),
        ("3.1.1", vec!["--count", "0"]),
        ("3.2.1", vec!["--count", "3"]),
        ("3.2.2", vec!["--score", "4"]),
        ("3.2.3", vec!["--score", "4"]),
        ("3.2.4", vec!["--score", "4"]),
        ("4.1", vec!["--percent", "100"]),
        ("4.2", vec!["--percent", "90"]),
        ("4.3", vec!["--count", "12"]),
        ("4.4", vec!["--score", "2"]),
        ("4.5", vec!["--score", "6"]),
        ("5.1", vec!["--score", "10"]),
    ] {
        let mut tail = vec!["--item", id];
        tail.extend(args);
        ok(db, &with(&["assess", "score"], &tail));
    }
    let show = json(db, &with(&["assess", "show"], &["--json"]));
    // 100 − 2.a (3 − 2 overridden) − 1.1 (30 − 28) = 97.
    assert_eq!(show["total"].as_f64(), Some(97.0), "{show}");
    assert_eq!(show["grade"].as_str(), Some("—"), "the collective rules have no grade lines");

    ok(db, &with(&["assess", "submit"], &[]));
    let (_, err) = fail(db, &with(&["assess", "score"], &["--item", "1.1", "--score", "30"]));
    assert!(err.contains("已提交负责人审核"), "{err}");
    let out = ok(db, &with(&["assess", "sign-off"], &["--signer", "李局长"]));
    assert_eq!(out.trim(), "第 1 版已由 李局长 签发并锁定：总分 97 分，—");
    let (_, err) = fail(db, &with(&["assess", "score"], &["--item", "1.1", "--score", "30"]));
    assert!(err.contains("已签发并锁定"), "{err}");

    // An amendment: version 2 takes the change; version 1 stays as signed.
    let out = ok(db, &with(&["assess", "amend"], &[]));
    assert_eq!(out.trim(), "已生成第 2 版（草稿），原第 1 版保留");
    ok(db, &with(&["assess", "score"], &["--item", "1.1", "--score", "30", "--note", "市局复核后更正"]));
    let versions = ok(db, &with(&["assess", "versions"], &[]));
    let lines: Vec<&str> = versions.lines().collect();
    assert!(lines[0].starts_with("第 2 版  草稿"), "{versions}");
    assert!(
        lines[1].starts_with("第 1 版  已签发")
            && lines[1].contains("李局长 签发于")
            && lines[1].contains("已被第 2 版修订"),
        "{versions}"
    );
    assert_eq!(json(db, &with(&["assess", "show"], &["--json"]))["total"].as_f64(), Some(99.0));

    // Every step in the audit trail.
    let audit = ok(db, &["audit", "--limit", "100"]);
    for action in ["新建", "评分", "手工调整得分", "提交审核", "签发", "生成修订版"] {
        assert!(audit.contains(action), "{action} in {audit}");
    }
}

#[test]
fn a_city_bureaus_rubric_file_is_checked_before_it_loads() {
    let env = fresh();
    let db = &env.db;
    ok(db, &["init", "--branch-name", "滕州分局"]);
    let good = "id = \"sd-2025\"\ntitle = \"山东省执法机构规范化建设评分细则（试行）\"\nsubject = \"unit\"\ntotal = 10\n\
                grades = [{ name = \"合格\", min = 6 }]\n\n[[groups]]\nid = \"一\"\nname = \"队伍\"\npoints = 10\n\n\
                [[indicators]]\nid = \"1\"\ngroup = \"一\"\nname = \"资格\"\npoints = 10\n\n\
                [[items]]\nid = \"1.1\"\nindicator = \"1\"\npoints = 10\ncriteria = \"持证比例达到80%\"\nhow = \"computed\"\nrule = \"pass\"\nfigure = \"F2\"\n";
    let bad = good.replace("points = 10\ncriteria", "points = 8\ncriteria");
    let bad_path = env.path("山东（有误）.toml");
    std::fs::write(&bad_path, bad).unwrap();
    let (code, out_err) = {
        let out = ctl(db).args(["rubric", "check", bad_path.to_str().unwrap()]).output().unwrap();
        (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap())
    };
    assert_eq!(code, 1);
    assert!(out_err.contains("二级指标“1 资格”分值为 10，其下合计 8"), "{out_err}");
    assert!(out_err.contains("山东（有误）.toml"), "{out_err}");
    let (_, err) = fail(db, &["rubric", "load", bad_path.to_str().unwrap()]);
    assert!(err.contains("未载入"), "{err}");

    let good_path = env.path("山东.toml");
    std::fs::write(&good_path, good).unwrap();
    let out = ok(db, &["rubric", "check", good_path.to_str().unwrap()]);
    assert!(out.contains("检查通过：1 个评分项，满分 10 分"), "{out}");
    let out = ok(db, &["rubric", "load", good_path.to_str().unwrap()]);
    assert_eq!(out.trim(), "已载入评分细则 sd-2025：山东省执法机构规范化建设评分细则（试行）（满分 10 分）");
    let list: Value = json(db, &["rubric", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 4);
    let show = json(db, &["assess", "show", "--rubric", "sd-2025", "--year", "2024", "--json"]);
    assert_eq!((show["total"].as_f64(), show["grade"].as_str()), (Some(0.0), Some("未达标")));
}
