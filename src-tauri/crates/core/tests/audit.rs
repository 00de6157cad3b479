//! The audit trail (全过程留痕): every write leaves rows saying who changed what, from what, to
//! what; the trail cannot be edited; a write that fails leaves no trace at all.

mod common;

use common::*;
use ledger_core::model::{AuditEntry, AuditQuery, UnitInput};
use ledger_core::store::excel::{ImportMode, ImportOptions};
use ledger_core::tasks::template::Template;
use ledger_core::tasks::{ProgressInput, TaskStatus};
use rstest::rstest;
use serde_json::json;

fn all(env: &Env) -> Vec<AuditEntry> {
    env.ledger.audit_log(&AuditQuery::default()).unwrap().items
}

/// The rows written since `since` (an audit seq), oldest first.
fn since(env: &Env, since: i64) -> Vec<AuditEntry> {
    let mut rows: Vec<_> = all(env).into_iter().filter(|a| a.seq > since).collect();
    rows.reverse();
    rows
}

fn last_seq(env: &Env) -> i64 {
    all(env).first().map(|a| a.seq).unwrap_or(0)
}

#[test]
fn a_clerks_session_leaves_one_audit_row_per_change() {
    let mut env = empty();
    assert_eq!(env.ledger.audit_log(&AuditQuery::default()).unwrap().total, 0);

    // 初始化本单位
    let branch = env.ledger.init_branch(BRANCH).unwrap();
    let rows = since(&env, 0);
    assert_eq!(rows.len(), 1);
    let a = &rows[0];
    assert_eq!(
        (a.actor.as_str(), a.entity.as_str(), a.entity_id.as_str(), a.action.as_str()),
        (ACTOR, "org_unit", branch.id.as_str(), "create")
    );
    assert_eq!(a.before, None);
    let after = a.after.as_ref().unwrap();
    assert_eq!(after["name"], json!(BRANCH));
    assert_eq!(after["kind"], json!("分局"));
    assert_eq!(after["parent_id"], json!(null));
    assert!(a.at.ends_with('Z') && a.at.len() == "2024-05-10T08:00:00.000Z".len(), "{}", a.at);

    // 添加中队
    let mark = last_seq(&env);
    let squad =
        env.ledger.add_unit(&UnitInput { name: "城区中队".into(), kind: "执法中队".into(), parent_id: None }).unwrap();
    let rows = since(&env, mark);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].entity.as_str(), rows[0].entity_id.as_str(), rows[0].action.as_str()),
        ("org_unit", squad.id.as_str(), "create")
    );
    assert_eq!(rows[0].after.as_ref().unwrap()["parent_id"], json!(branch.id));

    // 新建任务
    let mark = last_seq(&env);
    let t = env.ledger.create_task(&input("建立执法装备使用台账", "7月底前")).unwrap();
    let rows = since(&env, mark);
    assert_eq!(rows.len(), 1);
    let a = &rows[0];
    assert_eq!((a.entity.as_str(), a.entity_id.as_str(), a.action.as_str()), ("task", t.id.as_str(), "create"));
    assert_eq!(a.before, None);
    let after = a.after.as_ref().unwrap();
    assert_eq!(after["detail"], json!("建立执法装备使用台账"));
    assert_eq!(after["status"], json!("未开始"));
    assert_eq!(after["due_date"], json!("2024-07-31"));
    assert_eq!(after["revision"], json!(1));
    assert_eq!(after["seq"], json!(1));

    // 修改任务：状态改为进行中，换承办单位
    let mark = last_seq(&env);
    let mut edit = t.to_input();
    edit.status = Some(TaskStatus::InProgress);
    edit.unit_id = Some(squad.id.clone());
    let t2 = env.ledger.update_task(&t.id, t.revision, &edit).unwrap();
    let rows = since(&env, mark);
    assert_eq!(rows.len(), 1);
    let a = &rows[0];
    assert_eq!((a.entity.as_str(), a.entity_id.as_str(), a.action.as_str()), ("task", t.id.as_str(), "update"));
    let (before, after) = (a.before.as_ref().unwrap(), a.after.as_ref().unwrap());
    assert_eq!(before["status"], json!("未开始"));
    assert_eq!(after["status"], json!("进行中"));
    assert_eq!(before["revision"], json!(1));
    assert_eq!(after["revision"], json!(2));
    assert_eq!(before["unit_name"], json!(BRANCH));
    assert_eq!(after["unit_name"], json!("城区中队"));

    // 填报进展
    let mark = last_seq(&env);
    let p = env
        .ledger
        .add_progress(
            &t.id,
            &ProgressInput {
                entry_date: Some("2024-06-01".into()), author: None, note: "已制定工作方案".into()
            },
        )
        .unwrap();
    let rows = since(&env, mark);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].entity.as_str(), rows[0].entity_id.as_str(), rows[0].action.as_str()),
        ("task_progress", p.id.as_str(), "create")
    );
    let after = rows[0].after.as_ref().unwrap();
    assert_eq!(after["task_id"], json!(t.id));
    assert_eq!(after["note"], json!("已制定工作方案"));
    assert_eq!(after["author"], json!(ACTOR));
    assert_eq!(after["entry_date"], json!("2024-06-01"));

    // 上传佐证材料，再删除
    let file = env.path("会议纪要.pdf");
    std::fs::write(&file, b"%PDF-1.4 minutes").unwrap();
    let mark = last_seq(&env);
    let ev = env.ledger.attach_evidence("task", &t.id, &file).unwrap();
    let rows = since(&env, mark);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].entity.as_str(), rows[0].entity_id.as_str(), rows[0].action.as_str()),
        ("evidence", ev.id.as_str(), "create")
    );
    let after = rows[0].after.as_ref().unwrap();
    assert_eq!(after["sha256"], json!(ev.sha256));
    assert_eq!(after["file_name"], json!("会议纪要.pdf"));
    assert_eq!(after["entity_id"], json!(t.id));

    let mark = last_seq(&env);
    env.ledger.delete_evidence(&ev.id).unwrap();
    let rows = since(&env, mark);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].entity.as_str(), rows[0].entity_id.as_str(), rows[0].action.as_str()),
        ("evidence", ev.id.as_str(), "delete")
    );
    assert_eq!(rows[0].before.as_ref().unwrap()["sha256"], json!(ev.sha256));
    assert_eq!(rows[0].after, None);

    // 删除任务
    let mark = last_seq(&env);
    env.ledger.delete_task(&t.id, t2.revision).unwrap();
    let rows = since(&env, mark);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].entity.as_str(), rows[0].entity_id.as_str(), rows[0].action.as_str()),
        ("task", t.id.as_str(), "delete")
    );
    assert_eq!(rows[0].before.as_ref().unwrap()["revision"], json!(2));
    assert_eq!(rows[0].before.as_ref().unwrap()["status"], json!("进行中"));
    assert_eq!(rows[0].after, None);

    // 套用模板：每项任务一行
    let mark = last_seq(&env);
    let n = env.ledger.apply_template(&Template::builtin(), 2024).unwrap();
    assert_eq!(n, 29);
    let rows = since(&env, mark);
    assert_eq!(rows.len(), 29);
    assert!(rows.iter().all(|a| a.entity == "task" && a.action == "create" && a.before.is_none()));
    let seqs: Vec<i64> = rows.iter().map(|a| a.after.as_ref().unwrap()["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, (1..=29).collect::<Vec<_>>());

    // 导入表格：每行一条，外加一条导入记录
    let sheet = env.path("导入.xlsx");
    write_xlsx(
        &sheet,
        &[
            row(&["序号", "具体任务", "完成时限"]),
            row(&["31", "组织开展执法培训", "9月底前"]),
            row(&["32", "整理执法案卷台账", "长期坚持"]),
        ],
        &[],
    );
    let mark = last_seq(&env);
    let report = env.ledger.import_tasks(&sheet, &ImportOptions::new(ImportMode::AllOrNothing, 2024)).unwrap();
    assert_eq!(report.inserted, 2);
    let rows = since(&env, mark);
    assert_eq!(rows.len(), 3);
    assert!(rows[..2].iter().all(|a| a.entity == "task" && a.action == "create"));
    assert_eq!(rows[0].after.as_ref().unwrap()["detail"], json!("组织开展执法培训"));
    assert_eq!(rows[1].after.as_ref().unwrap()["detail"], json!("整理执法案卷台账"));
    let imp = &rows[2];
    assert_eq!((imp.entity.as_str(), imp.entity_id.as_str(), imp.action.as_str()), ("import", "tasks", "import"));
    let after = imp.after.as_ref().unwrap();
    assert_eq!(after["inserted"], json!(2));
    assert_eq!(after["updated"], json!(0));
    assert_eq!(after["rejected"], json!(0));
    assert_eq!(after["sheet"], json!("台账"));

    // The whole trail: newest first, by one actor, and complete.
    let page = env.ledger.audit_log(&AuditQuery::default()).unwrap();
    assert_eq!(page.total, 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 29 + 3);
    assert!(page.items.windows(2).all(|w| w[0].seq > w[1].seq));
    assert!(page.items.iter().all(|a| a.actor == ACTOR));
}

#[test]
fn the_actor_is_whoever_the_ledger_was_told() {
    let mut env = branch();
    env.ledger.set_actor("李科长");
    let t = env.ledger.create_task(&input("审核自评报告", "8月15日前")).unwrap();
    let page = env.ledger.audit_log(&AuditQuery { entity_id: Some(t.id.clone()), ..Default::default() }).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].actor, "李科长");
}

#[test]
fn the_trail_filters_by_entity_and_pages() {
    let mut env = branch();
    let a = env.ledger.create_task(&input("任务甲", "")).unwrap();
    let b = env.ledger.create_task(&input("任务乙", "")).unwrap();
    let mut e = a.to_input();
    e.detail = "任务甲（修订）".into();
    env.ledger.update_task(&a.id, 1, &e).unwrap();

    let tasks = env.ledger.audit_log(&AuditQuery { entity: Some("task".into()), ..Default::default() }).unwrap();
    assert_eq!(tasks.total, 3);
    let of_a = env.ledger.audit_log(&AuditQuery { entity_id: Some(a.id.clone()), ..Default::default() }).unwrap();
    assert_eq!(of_a.items.iter().map(|x| x.action.as_str()).collect::<Vec<_>>(), vec!["update", "create"]);
    let of_b = env
        .ledger
        .audit_log(&AuditQuery { entity: Some("task".into()), entity_id: Some(b.id.clone()), ..Default::default() })
        .unwrap();
    assert_eq!(of_b.total, 1);
    let page = env.ledger.audit_log(&AuditQuery { offset: 1, limit: Some(2), ..Default::default() }).unwrap();
    assert_eq!(page.total, 4); // branch + 2 creates + 1 update
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.items[0].entity_id, b.id);
    assert_eq!(page.items[1].entity_id, a.id);
    assert_eq!(page.items[1].action, "create");
}

#[test]
fn the_audit_log_refuses_update_and_delete() {
    let mut env = branch();
    env.ledger.create_task(&input("任务甲", "")).unwrap();
    let before = dump(env.ledger.conn());
    let conn = env.ledger.conn();
    let e = conn.execute("UPDATE audit_log SET actor = '冒名' WHERE seq = 1", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = conn.execute("DELETE FROM audit_log WHERE seq = 1", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = conn.execute("DELETE FROM audit_log", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    assert_eq!(dump(env.ledger.conn()), before);
    assert_eq!(count(env.ledger.conn(), "SELECT count(*) FROM audit_log"), 2);
}

/// Ways a write can fail. Each must leave every table as it was.
#[derive(Debug, Clone, Copy)]
enum Failure {
    StaleRevisionUpdate,
    StaleRevisionDelete,
    EmptyDetail,
    BadYear,
    UnknownUnit,
    BadProgressDate,
    EmptyProgressNote,
    ProgressOnMissingTask,
    InitTwice,
    DuplicateUnit,
    BadUnitKind,
    TemplateTwice,
    AttachToMissingTask,
    AttachMissingFile,
    DeleteMissingEvidence,
    ImportWithBadRow,
    UpdateDeletedTask,
}

#[rstest]
#[case::stale_update(Failure::StaleRevisionUpdate, "E_CONFLICT", None)]
#[case::stale_delete(Failure::StaleRevisionDelete, "E_CONFLICT", None)]
#[case::empty_detail(Failure::EmptyDetail, "E_INVALID", Some("具体任务"))]
#[case::bad_year(Failure::BadYear, "E_INVALID", Some("年度"))]
#[case::unknown_unit(Failure::UnknownUnit, "E_INVALID", Some("承办单位"))]
#[case::bad_progress_date(Failure::BadProgressDate, "E_INVALID", Some("日期"))]
#[case::empty_progress_note(Failure::EmptyProgressNote, "E_INVALID", Some("进展内容"))]
#[case::progress_on_missing_task(Failure::ProgressOnMissingTask, "E_NOT_FOUND", None)]
#[case::init_twice(Failure::InitTwice, "E_REJECTED", None)]
#[case::duplicate_unit(Failure::DuplicateUnit, "E_INVALID", Some("单位名称"))]
#[case::bad_unit_kind(Failure::BadUnitKind, "E_INVALID", Some("单位类型"))]
#[case::template_twice(Failure::TemplateTwice, "E_REJECTED", None)]
#[case::attach_to_missing_task(Failure::AttachToMissingTask, "E_NOT_FOUND", None)]
#[case::attach_missing_file(Failure::AttachMissingFile, "E_FILE", None)]
#[case::delete_missing_evidence(Failure::DeleteMissingEvidence, "E_NOT_FOUND", None)]
#[case::import_with_bad_row(Failure::ImportWithBadRow, "E_IMPORT_REJECTED", None)]
#[case::update_deleted_task(Failure::UpdateDeletedTask, "E_NOT_FOUND", None)]
fn a_failed_write_changes_nothing(#[case] failure: Failure, #[case] want_code: &str, #[case] want_field: Option<&str>) {
    let mut env = branch();
    env.ledger.add_unit(&UnitInput { name: "城区中队".into(), kind: "执法中队".into(), parent_id: None }).unwrap();
    env.ledger.apply_template(&Template::builtin(), 2024).unwrap();
    let t = env.ledger.create_task(&input("组织开展执法培训", "9月底前")).unwrap();
    let mut edit = t.to_input();
    edit.status = Some(TaskStatus::InProgress);
    let t = env.ledger.update_task(&t.id, t.revision, &edit).unwrap();
    assert_eq!(t.revision, 2);
    let gone = env.ledger.create_task(&input("已删除的任务", "")).unwrap();
    env.ledger.delete_task(&gone.id, gone.revision).unwrap();
    let sheet = env.path("bad.xlsx");
    write_xlsx(&sheet, &[row(&["具体任务", "状态"]), row(&["新任务一", "进行中"]), row(&["新任务二", "搁置"])], &[]);
    let evidence_dir = env.ledger.data_dir().join("evidence");

    let before = dump(env.ledger.conn());
    let l = &mut env.ledger;
    let result: Result<(), ledger_core::LedgerError> = match failure {
        Failure::StaleRevisionUpdate => {
            let mut e = t.to_input();
            e.status = Some(TaskStatus::Done);
            l.update_task(&t.id, 1, &e).map(drop)
        }
        Failure::StaleRevisionDelete => l.delete_task(&t.id, 1),
        Failure::EmptyDetail => l.create_task(&input("   ", "7月底前")).map(drop),
        Failure::BadYear => l.create_task(&ledger_core::tasks::TaskInput { year: 1999, ..input("任务", "") }).map(drop),
        Failure::UnknownUnit => l
            .create_task(&ledger_core::tasks::TaskInput { unit_id: Some("no-such-unit".into()), ..input("任务", "") })
            .map(drop),
        Failure::BadProgressDate => l
            .add_progress(
                &t.id,
                &ProgressInput { entry_date: Some("2024-02-30".into()), author: None, note: "进展".into() },
            )
            .map(drop),
        Failure::EmptyProgressNote => {
            l.add_progress(&t.id, &ProgressInput { entry_date: None, author: None, note: "  \n ".into() }).map(drop)
        }
        Failure::ProgressOnMissingTask => {
            l.add_progress(&gone.id, &ProgressInput { entry_date: None, author: None, note: "进展".into() }).map(drop)
        }
        Failure::InitTwice => l.init_branch("另一个分局").map(drop),
        Failure::DuplicateUnit => {
            l.add_unit(&UnitInput { name: "城区中队".into(), kind: "执法中队".into(), parent_id: None }).map(drop)
        }
        Failure::BadUnitKind => {
            l.add_unit(&UnitInput { name: "新中队".into(), kind: "连队".into(), parent_id: None }).map(drop)
        }
        Failure::TemplateTwice => l.apply_template(&Template::builtin(), 2024).map(drop),
        Failure::AttachToMissingTask => {
            let f = env.dir.path().join("a.jpg");
            std::fs::write(&f, b"jpeg").unwrap();
            l.attach_evidence("task", &gone.id, &f).map(drop)
        }
        Failure::AttachMissingFile => l.attach_evidence("task", &t.id, &env.dir.path().join("nope.pdf")).map(drop),
        Failure::DeleteMissingEvidence => l.delete_evidence("no-such-evidence"),
        Failure::ImportWithBadRow => {
            l.import_tasks(&sheet, &ImportOptions::new(ImportMode::AllOrNothing, 2024)).map(drop)
        }
        Failure::UpdateDeletedTask => l.update_task(&gone.id, 2, &gone.to_input()).map(drop),
    };
    let err = result.expect_err("the write must fail");
    assert_eq!(err.code(), want_code, "{err}");
    assert_eq!(err.to_payload().field.as_deref(), want_field, "{err}");
    assert!(err.is_user_error());
    assert_eq!(dump(env.ledger.conn()), before, "{failure:?} changed the database");
    assert!(!evidence_dir.exists() || std::fs::read_dir(&evidence_dir).unwrap().next().is_none(), "evidence written");
}

#[test]
fn conflict_and_invalid_errors_explain_themselves_in_chinese() {
    let mut env = branch();
    let t = env.ledger.create_task(&input("组织开展执法培训", "9月底前")).unwrap();
    let mut changed = t.to_input();
    changed.deadline_text = "10月底前".into();
    env.ledger.update_task(&t.id, 1, &changed).unwrap();
    let err = env.ledger.update_task(&t.id, 1, &t.to_input()).unwrap_err();
    assert_eq!(err.code(), "E_CONFLICT");
    assert_eq!(err.to_string(), "任务已被修改（当前版本 2，提交的版本 1），请刷新后重试");
    let err = env.ledger.create_task(&input("", "")).unwrap_err();
    assert_eq!(err.to_string(), "具体任务：不能为空");
    let p = err.to_payload();
    assert_eq!(
        (p.code.as_str(), p.field.as_deref(), p.message.as_str()),
        ("E_INVALID", Some("具体任务"), "具体任务：不能为空")
    );
}
