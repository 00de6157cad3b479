//! The equipment inventory, its due work and the standard list.

use ledger_core::equipment::{
    DueItem, EditionReport, EquipmentDetail, EquipmentEvent, EquipmentItem, EventKind, ItemStatus, Schedule,
    StandardItem, StandardList,
};

use super::{opt_date, pad, short};

/// One line per item.
pub fn equipment_table(items: &[EquipmentItem], total: i64) {
    for e in items {
        let out = match (&e.checked_out_to, &e.expected_return_on) {
            (Some(who), Some(back)) => format!("  领用：{who}（预计 {back} 归还）"),
            (Some(who), None) => format!("  领用：{who}"),
            _ => String::new(),
        };
        println!(
            "{}  {}  {}  {}  {}  {}  {}  {}{}",
            &e.id[..8],
            pad(&e.asset_no, 14),
            pad(&short(&e.name, 12), 24),
            pad(e.standard_item_name.as_deref().unwrap_or("—"), 22),
            pad(&format!("×{}", e.quantity), 5),
            pad(&e.unit_name, 20),
            pad(e.custodian_name.as_deref().unwrap_or("—"), 8),
            e.status.label(),
            out
        );
    }
    println!("共 {} 件（显示 {} 件）", total, items.len());
}

fn event_line(e: &EquipmentEvent) -> String {
    let some = |s: &str| if s.is_empty() { None } else { Some(s.to_string()) };
    let mut parts: Vec<String> = Vec::new();
    match e.kind {
        EventKind::Checkout => {
            parts.push(format!("领用人 {}", e.person_name.as_deref().unwrap_or("—")));
            parts.extend(some(&e.purpose).map(|p| format!("用途 {p}")));
            parts.extend(e.expected_return_on.as_ref().map(|d| format!("预计归还 {d}")));
            parts.push(match &e.returned_on {
                Some(d) => format!("{d} 归还"),
                None => "未归还".into(),
            });
        }
        EventKind::Transfer => {
            let n = |s: &Option<String>| s.clone().unwrap_or_else(|| "无".into());
            parts.push(format!(
                "{}（{}）→ {}（{}）",
                n(&e.from_unit),
                n(&e.from_custodian),
                n(&e.to_unit),
                n(&e.to_custodian)
            ));
        }
        EventKind::Scrap => {
            parts.push(format!("原因 {}", e.reason));
            parts.extend(some(&e.approval_doc).map(|a| format!("审批 {a}")));
        }
        _ => {
            parts.extend(some(&e.vendor));
            parts.extend(e.cost.map(|c| format!("{} 元", ledger_core::figures::training::format_hours(c))));
            parts.extend(some(&e.result).map(|r| format!("结果 {r}")));
        }
    }
    parts.extend(some(&e.note).map(|n| format!("备注 {n}")));
    format!("{}  {}  {}", e.event_on, pad(e.kind.label(), 8), parts.join("，"))
}

/// An item with its whole history, schedules and what is due.
pub fn equipment_detail(d: &EquipmentDetail) {
    let e = &d.item;
    let or = |s: &str| if s.is_empty() { "—".to_string() } else { s.to_string() };
    println!("编号：{}", e.id);
    println!("资产编号：{}    装备名称：{}    类别：{}", e.asset_no, e.name, or(&e.category));
    println!("标准装备：{}", e.standard_item_name.as_deref().unwrap_or("不计入标准装备"));
    println!("品牌型号：{}    序列号：{}    数量：{}", or(&e.model), or(&e.serial_no), e.quantity);
    println!(
        "购置日期：{}    经费来源：{}    价格：{}    保修期至：{}    使用年限：{}",
        opt_date(&e.acquired_on),
        or(&e.funding),
        e.price
            .map(|p| format!("{} 元", ledger_core::figures::training::format_hours(p)))
            .unwrap_or_else(|| "—".into()),
        opt_date(&e.warranty_until),
        e.service_life_years.map(|y| format!("{y} 年")).unwrap_or_else(|| "—".into())
    );
    println!(
        "所在单位：{}    存放地点：{}    保管人：{}",
        e.unit_name,
        or(&e.location),
        e.custodian_name.as_deref().unwrap_or("—")
    );
    println!(
        "状态：{}{}    无线视频传输：{}",
        e.status.label(),
        if e.status == ItemStatus::Scrapped {
            format!("（{} 报废）", e.scrapped_on.as_deref().unwrap_or("日期不详"))
        } else {
            String::new()
        },
        if e.wireless_video { "是" } else { "否" }
    );
    if let Some(who) = &e.checked_out_to {
        println!(
            "领用中：{}{}",
            who,
            e.expected_return_on.as_deref().map(|d| format!("（预计 {d} 归还）")).unwrap_or_default()
        );
    }
    if !e.note.is_empty() {
        println!("备注：{}", e.note);
    }
    println!("版本：{}    更新于：{}", e.revision, e.updated_at);
    if !d.events.is_empty() {
        println!("记录（最新在前）：");
        for ev in &d.events {
            println!("  {}", event_line(ev));
        }
    }
    if !d.schedules.is_empty() {
        println!("定期计划：");
        for s in &d.schedules {
            println!(
                "  {}  每 {} 个月{}{}{}",
                &s.id[..8],
                s.every_months,
                s.kind.label(),
                if s.standard_item_id.is_some() { format!("（{} 通用）", s.target) } else { String::new() },
                s.start_on.as_deref().map(|d| format!("，自 {d} 起算")).unwrap_or_default()
            );
        }
    }
    if !d.due.is_empty() {
        println!("到期事项：");
        for x in &d.due {
            println!("  {}  {}  {}", pad(&x.band, 8), x.due_on, due_what(x));
        }
    }
    if !d.evidence.is_empty() {
        println!("附件：");
        for x in &d.evidence {
            println!("  {}  {}（{} 字节）", &x.id[..8], x.file_name, x.size);
        }
    }
}

fn due_what(x: &DueItem) -> String {
    match x.what {
        EventKind::Checkout => format!(
            "应归还（{} 于 {} 领用）",
            x.person_name.as_deref().unwrap_or("—"),
            x.last_done_on.as_deref().unwrap_or("—")
        ),
        k => format!("{}（上次 {}）", k.label(), x.last_done_on.as_deref().unwrap_or("无记录")),
    }
}

/// What is due, soonest first.
pub fn equipment_due_table(items: &[DueItem], d: chrono::NaiveDate, days: i64) {
    println!("参考日期 {}，{} 天内到期及已逾期：", ledger_core::store::dates::iso(d), days);
    for x in items {
        println!(
            "{}  {}  {}  {}  {}  {}  {}",
            pad(&x.band, 8),
            x.due_on,
            pad(&x.asset_no, 14),
            pad(&short(&x.item_name, 12), 24),
            pad(&x.unit_name, 20),
            pad(x.custodian_name.as_deref().unwrap_or("—"), 8),
            due_what(x)
        );
    }
    println!("共 {} 项", items.len());
}

/// One line per schedule.
pub fn schedule_table(items: &[Schedule]) {
    for s in items {
        println!(
            "{}  {}  {}  每 {:>3} 个月  {}",
            &s.id[..8],
            pad(if s.standard_item_id.is_some() { "标准装备" } else { "装备" }, 8),
            pad(&s.target, 30),
            s.every_months,
            s.kind.label()
        );
    }
    println!("共 {} 项", items.len());
}

/// A standard item in one line.
pub fn standard_line(s: &StandardItem) -> String {
    format!(
        "{}  {}  {}  {}  应配 {}  已登记 {} 件{}",
        pad(&s.name, 24),
        pad(s.group.as_deref().unwrap_or("—"), 2),
        pad(s.level.label(), 4),
        pad(&s.category, 18),
        pad(&s.required.map(|r| r.to_string()).unwrap_or_else(|| "未定（按 1 计）".into()), 16),
        s.item_count,
        if s.retired { format!("  旧版（{}）", s.edition) } else { String::new() }
    )
}

/// The standard list: its edition, its groups with their points, and each item.
pub fn standard_table(list: &StandardList) {
    println!("{}（{} 版）", list.title, list.edition);
    if !list.source.is_empty() {
        println!("依据：{}", list.source);
    }
    for g in &list.groups {
        println!("  {} {}：{} 分", g.group, g.name, ledger_core::figures::training::format_hours(g.points));
    }
    for s in &list.items {
        println!("{}", standard_line(s));
    }
    println!("共 {} 项", list.items.len());
}

/// What loading an edition did (or, on a dry run, would do).
pub fn edition_report(r: &EditionReport, committed: bool) {
    let list = |v: &[String]| if v.is_empty() { "（无）".to_string() } else { v.join("、") };
    println!("{}标准装备清单 {} 版：", if committed { "已导入" } else { "检查完毕，未写入：将导入" }, r.edition);
    println!("  新增 {} 项：{}", r.added.len(), list(&r.added));
    println!("  保留 {} 项（已登记装备的对应关系不变）", r.kept.len());
    println!("  停用为旧版 {} 项：{}", r.retired.len(), list(&r.retired));
    if r.items_on_retired > 0 {
        println!("  计为旧版标准装备的装备 {} 件，仍保留对应关系，但不再计入配备情况", r.items_on_retired);
    }
}
