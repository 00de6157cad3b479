//! Printing for people (aligned Chinese text) and for scripts (`--json`).

use ledger_core::model::AuditEntry;
use ledger_core::store::excel::{ImportReport, RowError, UnknownUnit};
use ledger_core::tasks::{Task, TaskDetail};
use serde::Serialize;

/// Print a value as pretty JSON on stdout.
pub fn json<T: Serialize>(v: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

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

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
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

/// How many row errors are printed before the rest are only counted.
const SHOWN_ERRORS: usize = 50;

/// The row errors of an import (the first fifty; `--json` gives them all).
pub fn print_row_errors(errors: &[RowError]) {
    for e in errors.iter().take(SHOWN_ERRORS) {
        eprintln!("  第 {} 行，列“{}”，值“{}”：{}", e.row, e.column, e.value, e.reason);
    }
    if errors.len() > SHOWN_ERRORS {
        eprintln!("  ……另有 {} 行错误未列出（加 --json 可查看全部）", errors.len() - SHOWN_ERRORS);
    }
}

/// The unit names an import could not place, and how to place them.
pub fn print_unknown_units(units: &[UnknownUnit]) {
    if units.is_empty() {
        return;
    }
    eprintln!("组织机构中没有以下单位：");
    for u in units {
        eprintln!("  “{}”（列“{}”，{} 行，首次出现在第 {} 行）", u.name, u.column, u.rows, u.first_row);
    }
    eprintln!("可加 --create-units 添加为新单位（按名称结尾定类型），或用 --map-unit 旧名=新名 对应到已有单位。");
}

/// An import's outcome.
pub fn import_report(r: &ImportReport) {
    println!(
        "工作表“{}”（表头在第 {} 行）：读取 {} 行，有效 {} 行，错误 {} 行",
        r.sheet, r.header_row, r.total_rows, r.valid_rows, r.rejected_rows
    );
    if !r.ignored_columns.is_empty() {
        println!("未使用的列：{}", r.ignored_columns.join("、"));
    }
    if r.year != 0 {
        println!("年度：{}年（{}）", r.year, r.year_note);
    }
    print_row_errors(&r.errors);
    print_unknown_units(&r.unknown_units);
    if !r.created_units.is_empty() {
        println!("{}单位：{}", if r.committed { "已添加" } else { "将添加" }, r.created_units.join("、"));
    }
    if !r.mapped_units.is_empty() {
        println!("{}单位：{}", if r.committed { "已对应" } else { "将对应" }, r.mapped_units.join("、"));
    }
    if r.committed {
        println!("已导入：新增 {} 项，更新 {} 项，无变化 {} 项", r.inserted, r.updated, r.unchanged);
    } else {
        println!(
            "检查完毕，未写入数据库：导入将新增 {} 项，更新 {} 项，无变化 {} 项",
            r.inserted, r.updated, r.unchanged
        );
    }
}

/// One line per audit row.
pub fn audit_table(items: &[AuditEntry], total: i64) {
    for a in items {
        println!(
            "{:>8}  {}  {:<10}  {:<6}  {}：{}",
            a.seq,
            a.at,
            a.actor,
            a.action_label,
            a.entity_label,
            short(&a.summary, 60)
        );
    }
    println!("共 {total} 条");
}
