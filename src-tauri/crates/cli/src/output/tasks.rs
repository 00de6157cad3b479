//! The key-task ledger.

use ledger_core::tasks::{DeadlineReading, Task, TaskDetail};

use super::short;

fn due(t: &Task) -> String {
    match (&t.due_date, t.ongoing, t.deadline_recognized) {
        (Some(d), _, _) => {
            ledger_core::store::dates::parse_date(d).map(ledger_core::store::dates::zh).unwrap_or_default()
        }
        (None, true, _) => "长期".into(),
        (None, false, false) => "时限未识别".into(),
        _ => "—".into(),
    }
}

/// How a 完成时限 reads, as the task form says it under the phrase.
pub fn deadline_reading(r: &DeadlineReading) -> String {
    match (&r.due_date, r.ongoing, r.recognized) {
        (_, _, false) => "未能识别该完成时限，可改写为“7月底前”“5月15日前”“10月上旬”“三季度末”“长期坚持”等".into(),
        (_, true, _) => "长期坚持，无截止日期".into(),
        (Some(d), _, _) => format!(
            "截止日期：{}",
            ledger_core::store::dates::parse_date(d).map(ledger_core::store::dates::zh).unwrap_or_default()
        ),
        (None, false, true) => "无截止日期".into(),
    }
}

/// One line per task.
pub fn task_table(tasks: &[Task], total: i64) {
    for t in tasks {
        println!(
            "{}  {:>4}  {:<6}  {:<14}  {}  {}",
            &t.id[..8],
            t.seq,
            t.effective_status.label(),
            due(t),
            short(&t.main_task, 12),
            short(&t.detail, 40)
        );
    }
    println!("共 {} 项（显示 {} 项）", total, tasks.len());
}

/// A task with its progress and evidence.
pub fn task_detail(d: &TaskDetail) {
    let t = &d.task;
    let list = |v: &[String]| if v.is_empty() { "/".to_string() } else { v.join("、") };
    println!("编号：{}", t.id);
    println!("年度：{}    序号：{}", t.year, t.seq);
    println!("项目：{}", t.category);
    println!("主要任务：{}", t.main_task);
    println!("具体任务：{}", t.detail);
    println!("牵头单位：{}", list(&t.lead_units));
    println!("责任单位：{}", list(&t.responsible_units));
    println!("承办单位：{}", t.unit_name);
    println!("完成时限：{}（{}）", t.deadline_text, due(t));
    println!(
        "状态：{}{}",
        t.status.label(),
        if t.effective_status.label() != t.status.label() {
            format!("（{}）", t.effective_status.label())
        } else {
            String::new()
        }
    );
    println!("版本：{}    更新于：{}", t.revision, t.updated_at);
    if !d.progress.is_empty() {
        println!("进展情况：");
        for p in &d.progress {
            println!("  {}  {}：{}", p.entry_date, p.author, p.note);
        }
    }
    if !d.evidence.is_empty() {
        println!("佐证材料：");
        for e in &d.evidence {
            println!("  {}  {}（{} 字节，SHA-256 {}）", &e.id[..8], e.file_name, e.size, &e.sha256[..16]);
        }
    }
}
