//! The built-in year template is the annex of seeds/000 (Zaozhuang's 2024 key-task ledger, kept
//! as tests/fixtures/seed-000-annex.txt), row for row; applying it starts a year's ledger once.

mod common;

use std::collections::BTreeMap;

use common::*;
use ledger_core::tasks::template::Template;
use ledger_core::tasks::TaskQuery;

/// The annex of the source document (seeds/000), as a fixture with its citation.
const SEED_000_ANNEX: &str = include_str!("fixtures/seed-000-annex.txt");

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn seed_text() -> String {
    squeeze(SEED_000_ANNEX)
}

#[test]
fn the_builtin_template_has_the_29_rows_of_the_annex() {
    let t = Template::builtin();
    assert_eq!(t.year, 2024);
    assert!(t.title.contains("重点任务分工台账"), "{}", t.title);
    assert_eq!(t.tasks.len(), 29);
    assert_eq!(t.tasks.iter().map(|r| r.seq).collect::<Vec<_>>(), (1..=29).collect::<Vec<_>>());
    let mut by_deadline: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &t.tasks {
        *by_deadline.entry(r.deadline.as_str()).or_default() += 1;
    }
    let want: BTreeMap<&str, usize> =
        [("长期坚持", 15), ("12月底前", 7), ("6月底前", 3), ("9月底前", 2), ("7月底前", 1), ("11月底前", 1)].into();
    assert_eq!(by_deadline, want);
    let categories: Vec<&str> = {
        let mut v: Vec<&str> = t.tasks.iter().map(|r| r.category.as_str()).collect();
        v.dedup();
        v
    };
    assert_eq!(categories.len(), 6, "{categories:?}");
}

#[test]
fn every_row_is_worded_as_in_the_source_document() {
    let seed = seed_text();
    assert!(seed.contains("重点任务分工台账"));
    let t = Template::builtin();
    for r in &t.tasks {
        let detail = squeeze(&r.detail);
        assert!(!detail.is_empty());
        assert!(seed.contains(&detail), "row {}: detail not in the annex: {detail}", r.seq);
        // Numbered as in the annex.
        assert!(seed.contains(&format!("{}.{detail}", r.seq)), "row {} is numbered differently in the annex", r.seq);
        // The row continues with its lead units ("/" for none), responsible units and deadline.
        let lead = if r.lead_units.is_empty() { "/".to_string() } else { r.lead_units.join("、") };
        let row = format!(
            "{}.{detail}{}{}{}",
            r.seq,
            squeeze(&lead),
            squeeze(&r.responsible_units.join("、")),
            squeeze(&r.deadline)
        );
        assert!(seed.contains(&row), "row {}: units or deadline differ from the annex: {row}", r.seq);
        assert!(seed.contains(&squeeze(&r.main_task)), "row {}: main task {}", r.seq, r.main_task);
        assert!(seed.contains(&squeeze(&r.category)), "row {}: category {}", r.seq, r.category);
    }
}

#[test]
fn applying_the_template_starts_the_years_ledger() {
    let mut env = branch();
    let n = env.ledger.apply_template(&Template::builtin(), 2024).unwrap();
    assert_eq!(n, 29);
    let tasks = env.ledger.list_tasks(&TaskQuery::default()).unwrap().items;
    assert_eq!(tasks.len(), 29);
    let builtin = Template::builtin();
    for (t, r) in tasks.iter().zip(&builtin.tasks) {
        assert_eq!(
            (t.year, t.seq, t.detail.as_str(), t.deadline_text.as_str()),
            (2024, r.seq, r.detail.as_str(), r.deadline.as_str())
        );
        assert_eq!(t.lead_units, r.lead_units);
        assert_eq!(t.responsible_units, r.responsible_units);
        assert_eq!(t.unit_name, BRANCH);
        assert!(t.deadline_recognized, "row {}: {}", t.seq, t.deadline_text);
        assert_eq!(t.ongoing, t.deadline_text == "长期坚持");
        assert_eq!(t.status.label(), "未开始");
    }
    assert_eq!(tasks[2].due_date.as_deref(), Some("2024-07-31"));
    assert!(tasks[2].lead_units.is_empty(), "row 3's lead unit is / in the annex");
    let s = env.ledger.task_summary(Some(2024), Some(date(2024, 5, 10))).unwrap();
    assert_eq!((s.total, s.ongoing, s.unrecognized_deadlines, s.overdue), (29, 15, 0, 0));
}

#[test]
fn applying_twice_to_the_same_year_is_refused_and_changes_nothing() {
    let mut env = branch();
    env.ledger.apply_template(&Template::builtin(), 2024).unwrap();
    let before = dump(env.ledger.conn());
    let err = env.ledger.apply_template(&Template::builtin(), 2024).unwrap_err();
    assert_eq!(err.code(), "E_REJECTED");
    assert!(err.to_string().contains("2024年度台账已有 29 项任务"), "{err}");
    assert_eq!(dump(env.ledger.conn()), before);
    // Another year is a separate ledger.
    assert_eq!(env.ledger.apply_template(&Template::builtin(), 2025).unwrap(), 29);
    assert_eq!(env.ledger.list_tasks(&TaskQuery::default()).unwrap().total, 58);
}

#[test]
fn deadlines_are_read_against_the_year_applied_to() {
    let mut env = branch();
    env.ledger.apply_template(&Template::builtin(), 2025).unwrap();
    let tasks = env.ledger.list_tasks(&TaskQuery { year: Some(2025), ..Default::default() }).unwrap().items;
    assert_eq!(tasks.len(), 29);
    let due = |seq: i64| tasks.iter().find(|t| t.seq == seq).unwrap().due_date.clone();
    assert_eq!(due(3).as_deref(), Some("2025-07-31"), "7月底前");
    assert_eq!(due(2).as_deref(), Some("2025-12-31"), "12月底前");
    assert_eq!(due(4).as_deref(), Some("2025-11-30"), "11月底前");
    assert_eq!(due(5).as_deref(), Some("2025-09-30"), "9月底前");
    assert_eq!(due(11).as_deref(), Some("2025-06-30"), "6月底前");
    assert_eq!(due(1), None, "长期坚持");
    assert!(tasks.iter().all(|t| t.year == 2025));
    assert!(env.ledger.list_tasks(&TaskQuery { year: Some(2024), ..Default::default() }).unwrap().items.is_empty());
}

#[test]
fn a_template_file_from_the_city_bureau() {
    let mut env = branch();
    let path = env.path("2025模板.toml");
    std::fs::write(
        &path,
        r#"
title = "2025年重点任务"
year = 2025
[[tasks]]
seq = 1
category = "(一)队伍"
detail = "组织全员轮训"
lead_units = ["综合执法支队"]
deadline = "上半年"
[[tasks]]
seq = 2
detail = "完成执法装备年度盘点"
deadline = "第三季度"
"#,
    )
    .unwrap();
    let t = Template::load(&path).unwrap();
    assert_eq!((t.title.as_str(), t.tasks.len()), ("2025年重点任务", 2));
    assert_eq!(env.ledger.apply_template(&t, 2025).unwrap(), 2);
    let tasks = env.ledger.list_tasks(&TaskQuery::default()).unwrap().items;
    assert_eq!(tasks[0].due_date.as_deref(), Some("2025-06-30"));
    assert_eq!(tasks[1].due_date.as_deref(), Some("2025-09-30"));
    assert_eq!(tasks[1].category, "");
}

#[test]
fn broken_template_files_are_refused_and_write_nothing() {
    let mut env = branch();
    let path = env.path("坏模板.toml");
    std::fs::write(&path, "title = \"缺少年度\"\n[[tasks]]\nseq = 1\n").unwrap();
    let err = Template::load(&path).unwrap_err();
    assert_eq!(err.code(), "E_FILE");
    assert!(err.to_string().contains("模板格式错误"), "{err}");

    std::fs::write(&path, "title = \"空模板\"\nyear = 2025\ntasks = []\n").unwrap();
    let err = Template::load(&path).unwrap_err();
    assert!(err.to_string().contains("模板中没有任务"), "{err}");

    assert_eq!(Template::load(&env.path("不存在.toml")).unwrap_err().code(), "E_FILE");

    let before = dump(env.ledger.conn());
    let t = Template::parse(
        "title = \"第二项为空\"\nyear = 2025\n[[tasks]]\nseq = 1\ndetail = \"好的任务\"\n[[tasks]]\nseq = 2\ndetail = \" \"\n",
        "测试",
    )
    .unwrap();
    let err = env.ledger.apply_template(&t, 2025).unwrap_err();
    assert_eq!(err.code(), "E_REJECTED");
    assert_eq!(err.to_string(), "模板第 2 项：具体任务：不能为空");
    assert_eq!(dump(env.ledger.conn()), before);
}

#[test]
fn a_template_needs_a_branch() {
    let mut env = empty();
    assert_eq!(code(env.ledger.apply_template(&Template::builtin(), 2024)), "E_NOT_INITIALIZED");
}
