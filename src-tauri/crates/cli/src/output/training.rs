//! The training ledger.

use ledger_core::training::{Level, TrainingDetail, TrainingSession};

use super::{label, pad, short};

/// One line per session.
pub fn training_table(items: &[TrainingSession], total: i64) {
    for t in items {
        let hours = t.hours.map(ledger_core::figures::training::format_hours).unwrap_or_else(|| "—".into());
        println!(
            "{}  {} 至 {}  {}  {}  {} 学时  {} 人",
            &t.id[..8],
            t.start_on,
            t.end_on,
            pad(&t.kind, 12),
            pad(&short(&t.title, 24), 48),
            hours,
            t.attendee_count
        );
    }
    println!("共 {} 次（显示 {} 次）", total, items.len());
}

/// A session with its attendance.
pub fn training_detail(d: &TrainingDetail) {
    let t = &d.session;
    let hours = t.hours.map(ledger_core::figures::training::format_hours).unwrap_or_else(|| "—".into());
    println!("编号：{}", t.id);
    println!("培训名称：{}", t.title);
    println!("培训类型：{}    级别：{}    主办单位：{}", t.kind, label(t.level, Level::label), t.organiser);
    println!("日期：{} 至 {}（{} 天）    学时：{}    地点：{}", t.start_on, t.end_on, t.days, hours, t.place);
    println!("参加人员（{} 人）：", d.attendance.len());
    for a in &d.attendance {
        let mut extra = Vec::new();
        if let Some(h) = a.hours {
            extra.push(format!("{} 学时", ledger_core::figures::training::format_hours(h)));
        }
        if let Some(s) = a.score {
            extra.push(format!("成绩 {s}"));
        }
        if !a.award.is_empty() {
            extra.push(a.award.clone());
        }
        println!("  {}  {}  {}", pad(&a.staff_name, 8), pad(&a.unit_name, 20), extra.join("，"));
    }
    if !d.evidence.is_empty() {
        println!("佐证材料：");
        for e in &d.evidence {
            println!("  {}  {}（{} 字节）", &e.id[..8], e.file_name, e.size);
        }
    }
}
