//! Printing for people (aligned Chinese text) and for scripts (`--json`).
//!
//! One module a ledger; here what they share: dates and sizes as the clerk reads them, columns
//! aligned for hanzi, the import report and the audit trail.

mod equipment;
mod figures;
mod people;
mod tasks;
mod training;

pub use equipment::{
    edition_report, equipment_detail, equipment_due_table, equipment_table, schedule_table, standard_line,
    standard_table,
};
pub use figures::figures;
pub use people::{
    certificate_detail, certificate_table, due_table, issue_table, scale_table, secondment_table, staff_detail,
    staff_table, uniform_status_table,
};
pub use tasks::{deadline_reading, task_detail, task_table};
pub use training::{training_detail, training_table};

use ledger_core::model::AuditEntry;
use ledger_core::store::excel::{ImportReport, RowError, UnknownUnit};
use serde::Serialize;

/// A time as the clerk reads it (`2024年7月31日 14:05`, local time).
pub fn when(rfc3339: &str) -> String {
    ledger_core::store::dates::zh_time(rfc3339)
}

/// A file size (`3.2 MB`).
pub fn size(bytes: u64) -> String {
    ledger_core::store::dates::zh_size(bytes)
}

/// Print a value as pretty JSON on stdout.
pub fn json<T: Serialize>(v: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

/// What a command gives back: `v` as JSON under `--json`, else what `text` prints for people.
pub fn show<T: Serialize>(json: bool, v: &T, text: impl FnOnce()) -> anyhow::Result<()> {
    if json {
        self::json(v)
    } else {
        text();
        Ok(())
    }
}

/// `s` cut to `n` characters, with … where it was cut.
fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
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

/// An import's outcome; `others`: name the file's other importable sheets.
pub fn import_report(r: &ImportReport, others: bool) {
    println!(
        "工作表“{}”（表头在第 {} 行）：读取 {} 行，有效 {} 行，错误 {} 行",
        r.sheet, r.header_row, r.total_rows, r.valid_rows, r.rejected_rows
    );
    if !r.ignored_columns.is_empty() {
        println!("未使用的列：{}", r.ignored_columns.join("、"));
    }
    if !r.sheet_name_note.is_empty() {
        println!("{}", r.sheet_name_note);
    }
    for line in &r.set_aside {
        println!("不是记录，不导入：第 {} 行“{}”", line.row, line.text);
    }
    let rest: Vec<String> = r.sheets.iter().filter(|s| **s != r.sheet).map(|s| format!("“{s}”")).collect();
    if others && !rest.is_empty() {
        println!(
            "本文件另有可导入的工作表：{}（用 --sheet 工作表名 导入其一，或 --all-sheets 全部导入）",
            rest.join("、")
        );
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

/// How many columns `s` takes in a terminal: hanzi and full-width forms take two.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF => 2,
            0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 => 2,
            0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

/// `s` padded with spaces to `w` terminal columns.
fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

/// A date as the clerk reads it (`2024年7月31日`), or — for none.
fn opt_date(d: &Option<String>) -> String {
    d.as_deref()
        .and_then(ledger_core::store::dates::parse_date)
        .map(ledger_core::store::dates::zh)
        .unwrap_or_else(|| "—".into())
}

/// A value's label, or — for none.
fn label<T: Copy>(v: Option<T>, f: fn(T) -> &'static str) -> &'static str {
    v.map_or("—", f)
}
