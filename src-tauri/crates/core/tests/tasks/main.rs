//! The key-task ledger as a clerk uses it: create, edit, delete, deadlines and progress entries
//! here; finding tasks (filters, sorting, paging, search, the home page's figures) in
//! `queries.rs`.

#[path = "../common/mod.rs"]
mod common;
mod queries;

use std::collections::BTreeSet;

use common::*;
use ledger_core::model::UnitInput;
use ledger_core::tasks::split_units;
use ledger_core::tasks::template::Template;
use ledger_core::tasks::{ProgressInput, StatusFilter, Task, TaskInput, TaskQuery, TaskSort, TaskStatus};
use rstest::rstest;

fn list(env: &Env, q: TaskQuery) -> Vec<Task> {
    env.ledger.list_tasks(&q).unwrap().items
}

fn details(tasks: &[Task]) -> Vec<&str> {
    tasks.iter().map(|t| t.detail.as_str()).collect()
}

fn seqs(tasks: &[Task]) -> Vec<i64> {
    tasks.iter().map(|t| t.seq).collect()
}

fn search(env: &Env, text: &str) -> BTreeSet<String> {
    list(env, TaskQuery { search: Some(text.into()), ..Default::default() }).into_iter().map(|t| t.detail).collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn creating_a_task_fills_in_what_the_clerk_left_out() {
    let mut env = branch();
    let branch = env.ledger.branch().unwrap().unwrap();
    let t = env
        .ledger
        .create_task(&TaskInput {
            year: 2024,
            category: "  (三)开展队伍专业化攻坚 ".into(),
            main_task: "完善人才培养体系".into(),
            detail: "  制定年度执法培训计划并将其纳入财政预算。\n".into(),
            lead_units: vec!["综合执法支队、财务科".into()],
            responsible_units: vec!["各分局".into()],
            deadline_text: " 长期坚持 ".into(),
            ..TaskInput::default()
        })
        .unwrap();
    assert_eq!(t.year, 2024);
    assert_eq!(t.seq, 1);
    assert_eq!(t.unit_id, branch.id);
    assert_eq!(t.unit_name, BRANCH);
    assert_eq!(t.category, "(三)开展队伍专业化攻坚");
    assert_eq!(t.detail, "制定年度执法培训计划并将其纳入财政预算。");
    assert_eq!(t.lead_units, vec!["综合执法支队", "财务科"]);
    assert_eq!(t.responsible_units, vec!["各分局"]);
    assert_eq!(t.deadline_text, "长期坚持");
    assert_eq!(t.due_date, None);
    assert!(t.ongoing);
    assert!(t.deadline_recognized);
    assert_eq!(t.status, TaskStatus::NotStarted);
    assert_eq!(t.revision, 1);
    assert_eq!(t.created_at, t.updated_at);
    assert_eq!((t.progress_count, t.evidence_count), (0, 0));
    assert_eq!(t.id.len(), 36, "a UUID");
    // What was stored is what is read back.
    assert_eq!(env.ledger.task(&t.id).unwrap(), t);
    // A unique prefix of 8 characters finds it too.
    assert_eq!(env.ledger.task(&t.id[..8]).unwrap().id, t.id);
    assert_eq!(code(env.ledger.task("0000")), "E_NOT_FOUND");
}

#[test]
fn a_task_needs_a_branch_first() {
    let mut env = empty();
    let err = env.ledger.create_task(&input("任务", "")).unwrap_err();
    assert_eq!(err.code(), "E_NOT_INITIALIZED");
    assert!(err.to_string().contains("ledgerctl init"), "{err}");
}

#[test]
fn sequence_numbers_count_up_per_year() {
    let mut env = branch();
    let a = env.ledger.create_task(&input("甲", "")).unwrap();
    let b = env.ledger.create_task(&input("乙", "")).unwrap();
    let c = env.ledger.create_task(&TaskInput { year: 2025, ..input("丙", "") }).unwrap();
    let d = env.ledger.create_task(&TaskInput { seq: Some(10), ..input("丁", "") }).unwrap();
    let e = env.ledger.create_task(&input("戊", "")).unwrap();
    let f = env.ledger.create_task(&TaskInput { year: 2025, ..input("己", "") }).unwrap();
    assert_eq!(
        [a.seq, b.seq, c.seq, d.seq, e.seq, f.seq],
        [1, 2, 1, 10, 11, 2],
        "2024: 1, 2, 10 (given), 11; 2025: 1, 2"
    );
    assert_eq!(env.ledger.task_years().unwrap(), vec![2025, 2024]);
}

#[rstest]
#[case("各分局、综合执法支队", &["各分局", "综合执法支队"])]
#[case("/", &[])]
#[case("／", &[])]
#[case("无", &[])]
#[case("", &[])]
#[case("各分局，综合执法支队；人事科", &["各分局", "综合执法支队", "人事科"])]
#[case("综合与法规科, 综合执法支队;办公室", &["综合与法规科", "综合执法支队", "办公室"])]
#[case(" 综合 执法支队 ", &["综合执法支队"])]
#[case("有关科室、\n直属单位", &["有关科室", "直属单位"])]
fn unit_lists_are_split_as_clerks_write_them(#[case] text: &str, #[case] want: &[&str]) {
    assert_eq!(split_units(text), want);
}

#[test]
fn unit_lists_on_a_task_are_split_and_deduplicated() {
    let mut env = branch();
    let t = env
        .ledger
        .create_task(&TaskInput {
            lead_units: vec!["/".into()],
            responsible_units: vec!["各分局、综合执法支队".into(), "各分局".into()],
            ..input("统一办公办案场所设置", "7月底前")
        })
        .unwrap();
    assert!(t.lead_units.is_empty());
    assert_eq!(t.responsible_units, vec!["各分局", "综合执法支队"]);
    let raw: (String, String) = env
        .ledger
        .conn()
        .query_row("SELECT lead_units, responsible_units FROM tasks WHERE id = ?1", [&t.id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(raw, ("[]".to_string(), r#"["各分局","综合执法支队"]"#.to_string()));
    let long = "很".repeat(61);
    let err = env.ledger.create_task(&TaskInput { lead_units: vec![long], ..input("任务", "") }).unwrap_err();
    assert_eq!(err.to_payload().field.as_deref(), Some("牵头单位"));
}

#[rstest]
#[case("7月底前", "7月底前", Some("2024-07-31"), false, true)]
#[case(" 7 月底前 ", "7 月底前", Some("2024-07-31"), false, true)]
#[case("5月15日前", "5月15日前", Some("2024-05-15"), false, true)]
#[case("2025年4月底前", "2025年4月底前", Some("2025-04-30"), false, true)]
#[case("年内", "年内", Some("2024-12-31"), false, true)]
#[case("2024/7/31", "2024/7/31", Some("2024-07-31"), false, true)]
#[case("长期坚持", "长期坚持", None, true, true)]
#[case("尽快", "尽快", None, false, false)]
#[case("6月前", "6月前", None, false, false)]
#[case("", "", None, false, true)]
fn the_deadline_is_stored_as_written_and_as_read(
    #[case] written: &str,
    #[case] kept: &str,
    #[case] due: Option<&str>,
    #[case] ongoing: bool,
    #[case] recognized: bool,
) {
    let mut env = branch();
    let t = env.ledger.create_task(&input("任务", written)).unwrap();
    assert_eq!(t.deadline_text, kept);
    assert_eq!(t.due_date.as_deref(), due);
    assert_eq!(t.ongoing, ongoing);
    assert_eq!(t.deadline_recognized, recognized);
    let raw: (String, Option<String>, bool, bool) = env
        .ledger
        .conn()
        .query_row(
            "SELECT deadline_text, due_date, ongoing, deadline_recognized FROM tasks WHERE id = ?1",
            [&t.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(raw, (kept.to_string(), due.map(str::to_string), ongoing, recognized));
}

#[test]
fn deadlines_an_older_program_did_not_understand_are_read_again_once_on_opening() {
    let mut env = branch();
    let upgraded = env.ledger.create_task(&input("十月上旬完成", "10月上旬")).unwrap();
    let ongoing = env.ledger.create_task(&input("每月报送", "每月")).unwrap();
    let vague = env.ledger.create_task(&input("尽快完成", "尽快")).unwrap();
    let dated = env.ledger.create_task(&input("七月底完成", "7月底前")).unwrap();
    // As an older program left them: the first two unread, and no record of which reader read them.
    env.ledger
        .conn()
        .execute_batch(&format!(
            "UPDATE tasks SET due_date = NULL, ongoing = 0, deadline_recognized = 0 WHERE id IN ('{}', '{}');
             DELETE FROM settings WHERE key = 'deadline_reader';",
            upgraded.id, ongoing.id
        ))
        .unwrap();
    let audited = |l: &ledger_core::Ledger| l.audit_log(&Default::default()).unwrap().items;
    let before = audited(&env.ledger).len();

    let l = env.reopen();
    let read = |id: &str| l.task(id).unwrap();
    let (t, o) = (read(&upgraded.id), read(&ongoing.id));
    assert_eq!((t.due_date.as_deref(), t.deadline_recognized, t.revision), (Some("2024-10-10"), true, 2));
    assert_eq!((o.due_date, o.ongoing, o.deadline_recognized, o.revision), (None, true, true, 2));
    assert_eq!(read(&vague.id), vague, "a phrase still not understood stays as it was");
    assert_eq!(read(&dated.id), dated, "a deadline already read is never moved");
    let log = audited(&l);
    assert_eq!(log.len(), before + 2);
    let newest = &log[0];
    assert_eq!((newest.actor.as_str(), newest.action.as_str()), ("本程序（完成时限重新识别）", "update"));
    drop(l);

    let again = env.reopen();
    assert_eq!(audited(&again).len(), before + 2, "read again only once");
    assert_eq!(again.task(&upgraded.id).unwrap().revision, 2);
}

#[rstest]
#[case(TaskInput { year: 1999, ..input("任务", "") }, "年度")]
#[case(TaskInput { year: 2101, ..input("任务", "") }, "年度")]
#[case(TaskInput { seq: Some(0), ..input("任务", "") }, "序号")]
#[case(input("", ""), "具体任务")]
#[case(input(" \t\n", ""), "具体任务")]
#[case(input(&"很".repeat(2001), ""), "具体任务")]
#[case(input("任务", &"前".repeat(101)), "完成时限")]
#[case(TaskInput { category: "类".repeat(201), ..input("任务", "") }, "项目")]
#[case(TaskInput { main_task: "主".repeat(201), ..input("任务", "") }, "主要任务")]
#[case(TaskInput { unit_id: Some("no-such-unit".into()), ..input("任务", "") }, "承办单位")]
fn invalid_input_names_the_field(#[case] bad: TaskInput, #[case] field: &str) {
    let mut env = branch();
    let err = env.ledger.create_task(&bad).unwrap_err();
    assert_eq!(err.code(), "E_INVALID", "{err}");
    assert_eq!(err.to_payload().field.as_deref(), Some(field), "{err}");
    assert!(err.to_string().starts_with(&format!("{field}：")), "{err}");
    assert_eq!(count(env.ledger.conn(), "SELECT count(*) FROM tasks"), 0);
}

#[test]
fn the_longest_detail_accepted_is_2000_characters() {
    let mut env = branch();
    let t = env.ledger.create_task(&input(&"很".repeat(2000), "")).unwrap();
    assert_eq!(t.detail.chars().count(), 2000);
}

#[test]
fn updating_bumps_the_revision_and_a_stale_revision_is_a_conflict() {
    let mut env = branch();
    let squad =
        env.ledger.add_unit(&UnitInput { name: "城区中队".into(), kind: "执法中队".into(), parent_id: None }).unwrap();
    let t = env.ledger.create_task(&input("组织开展执法培训", "7月底前")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let mut e = t.to_input();
    e.detail = "组织开展新技术新装备应用培训".into();
    e.deadline_text = "尽快".into();
    e.unit_id = Some(squad.id.clone());
    e.status = Some(TaskStatus::InProgress);
    let t2 = env.ledger.update_task(&t.id, 1, &e).unwrap();
    assert_eq!(t2.revision, 2);
    assert_eq!(t2.id, t.id);
    assert_eq!(t2.seq, t.seq);
    assert_eq!(t2.created_at, t.created_at);
    assert!(t2.updated_at > t.updated_at, "{} > {}", t2.updated_at, t.updated_at);
    assert_eq!(t2.detail, "组织开展新技术新装备应用培训");
    assert_eq!((t2.due_date.as_deref(), t2.ongoing, t2.deadline_recognized), (None, false, false));
    assert_eq!(t2.unit_name, "城区中队");
    assert_eq!(t2.status, TaskStatus::InProgress);

    // Someone else's stale copy.
    let err = env.ledger.update_task(&t.id, 1, &t.to_input()).unwrap_err();
    assert_eq!(err.code(), "E_CONFLICT");
    assert_eq!(env.ledger.task(&t.id).unwrap(), t2);

    // No status in the input: the status stays.
    let mut e = t2.to_input();
    e.status = None;
    e.deadline_text = "9月底前".into();
    let t3 = env.ledger.update_task(&t.id, 2, &e).unwrap();
    assert_eq!(t3.status, TaskStatus::InProgress);
    assert_eq!(t3.due_date.as_deref(), Some("2024-09-30"));
    assert_eq!(t3.revision, 3);
    assert_eq!(code(env.ledger.update_task("no-such-task", 1, &e)), "E_NOT_FOUND");
}

#[test]
fn deleting_leaves_a_tombstone_that_nothing_shows() {
    let mut env = branch();
    let keep = env.ledger.create_task(&input("保留的执法台账任务", "7月底前")).unwrap();
    let t = env.ledger.create_task(&input("删除的执法台账任务", "6月底前")).unwrap();
    env.ledger.add_progress(&t.id, &ProgressInput { note: "进展".into(), ..Default::default() }).unwrap();
    assert_eq!(code(env.ledger.delete_task(&t.id, 2)), "E_CONFLICT");
    env.ledger.delete_task(&t.id, 1).unwrap();

    let (deleted, revision, detail): (i64, i64, String) = env
        .ledger
        .conn()
        .query_row("SELECT deleted, revision, detail FROM tasks WHERE id = ?1", [&t.id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!((deleted, revision, detail.as_str()), (1, 2, "删除的执法台账任务"));
    assert_eq!(count(env.ledger.conn(), "SELECT count(*) FROM task_progress"), 1, "progress kept");

    assert_eq!(code(env.ledger.task(&t.id)), "E_NOT_FOUND");
    assert_eq!(code(env.ledger.task(&t.id[..8])), "E_NOT_FOUND");
    assert_eq!(code(env.ledger.task_detail(&t.id)), "E_NOT_FOUND");
    let page = env.ledger.list_tasks(&TaskQuery::default()).unwrap();
    assert_eq!((page.total, seqs(&page.items)), (1, vec![keep.seq]));
    assert_eq!(search(&env, "执法"), set(&["保留的执法台账任务"]));
    assert_eq!(search(&env, "删除"), set(&[]));
    let s = env.ledger.task_summary(Some(2024), Some(date(2024, 7, 20))).unwrap();
    assert_eq!((s.total, s.overdue), (1, 0));
    assert_eq!(code(env.ledger.delete_task(&t.id, 2)), "E_NOT_FOUND");
    assert_eq!(code(env.ledger.update_task(&t.id, 2, &t.to_input())), "E_NOT_FOUND");
    assert_eq!(
        code(env.ledger.add_progress(&t.id, &ProgressInput { note: "进展".into(), ..Default::default() })),
        "E_NOT_FOUND"
    );
}

#[test]
fn progress_entries_are_listed_newest_first() {
    let mut env = branch();
    let t = env.ledger.create_task(&input("组织开展执法培训", "9月底前")).unwrap();
    let add = |env: &mut Env, date: Option<&str>, author: Option<&str>, note: &str| {
        env.ledger.add_progress(
            &t.id,
            &ProgressInput {
                entry_date: date.map(str::to_string),
                author: author.map(str::to_string),
                note: note.into(),
            },
        )
    };
    let p1 = add(&mut env, Some("2024-05-01"), None, "制定培训方案").unwrap();
    add(&mut env, Some("2024年7月15日"), Some("王队长"), "完成第一期培训").unwrap();
    add(&mut env, Some("2024/6/1"), None, "  印发培训通知 ").unwrap();
    add(&mut env, Some("2024-07-15"), None, "同日第二条").unwrap();
    assert_eq!(p1.entry_date, "2024-05-01");
    assert_eq!(p1.author, ACTOR);
    assert_eq!(p1.task_id, t.id);

    let d = env.ledger.task_detail(&t.id).unwrap();
    let got: Vec<(&str, &str, &str)> =
        d.progress.iter().map(|p| (p.entry_date.as_str(), p.author.as_str(), p.note.as_str())).collect();
    assert_eq!(
        got,
        vec![
            ("2024-07-15", ACTOR, "同日第二条"),
            ("2024-07-15", "王队长", "完成第一期培训"),
            ("2024-06-01", ACTOR, "印发培训通知"),
            ("2024-05-01", ACTOR, "制定培训方案"),
        ]
    );
    assert_eq!(d.task.progress_count, 4);
    assert_eq!(env.ledger.task(&t.id).unwrap().revision, 1, "progress does not edit the task");

    // Without a date: today.
    let today = add(&mut env, None, None, "今天的进展").unwrap();
    assert_eq!(today.entry_date, ledger_core::store::dates::iso(ledger_core::store::dates::today()));

    for bad in ["2024-13-01", "2024-02-30", "下周一", "7/15"] {
        let err = add(&mut env, Some(bad), None, "进展").unwrap_err();
        assert_eq!(err.code(), "E_INVALID");
        assert_eq!(err.to_payload().field.as_deref(), Some("日期"), "{bad}");
        assert!(err.to_string().contains(&format!("“{bad}”不是有效日期")), "{err}");
    }
    let err = add(&mut env, Some("2024-06-01"), Some(&"名".repeat(51)), "进展").unwrap_err();
    assert_eq!(err.to_payload().field.as_deref(), Some("填报人"));
    let err = add(&mut env, None, None, &"字".repeat(4001)).unwrap_err();
    assert_eq!(err.to_payload().field.as_deref(), Some("进展内容"));
    assert_eq!(env.ledger.task_detail(&t.id).unwrap().progress.len(), 5);
}
