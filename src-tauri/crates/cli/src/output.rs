//! Printing for people (aligned Chinese text) and for scripts (`--json`).

use ledger_core::equipment::{
    DueItem, EditionReport, EquipmentDetail, EquipmentEvent, EquipmentItem, EventKind, ItemStatus, Schedule,
    StandardItem, StandardList,
};
use ledger_core::figures::{Figure, FigureEquipment, FigurePerson, FigureSet};
use ledger_core::model::AuditEntry;
use ledger_core::people::{
    CertificateDetail, CertificateDue, CertificateRow, ClimateZone, DueWhat, Education, Establishment, Gender,
    MajorCategory, Post, Secondment, Staff, StaffDetail, UniformIssue, UniformItemState, UniformScaleItem,
    UniformStatus,
};
use ledger_core::store::excel::{ImportReport, RowError, UnknownUnit};
use ledger_core::tasks::{Task, TaskDetail};
use ledger_core::training::{Level, TrainingDetail, TrainingSession};
use serde::Serialize;

/// Print a value as pretty JSON on stdout.
/// A time as the clerk reads it (`2024年7月31日 14:05`, local time).
pub fn when(rfc3339: &str) -> String {
    ledger_core::store::dates::zh_time(rfc3339)
}

/// A file size (`3.2 MB`).
pub fn size(bytes: u64) -> String {
    ledger_core::store::dates::zh_size(bytes)
}

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

// ---------------------------------------------------------------------------------------------
// The people ledgers, training and the figures.

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

fn opt_date(d: &Option<String>) -> String {
    d.as_deref()
        .and_then(ledger_core::store::dates::parse_date)
        .map(ledger_core::store::dates::zh)
        .unwrap_or_else(|| "—".into())
}

fn label<T: Copy>(v: Option<T>, f: fn(T) -> &'static str) -> &'static str {
    v.map_or("—", f)
}

/// One line per person.
pub fn staff_table(items: &[Staff], total: i64) {
    for s in items {
        let state = match (s.on_roll, s.seconded) {
            (false, _) => "不在册",
            (true, true) => "借调中",
            (true, false) => "在岗",
        };
        println!(
            "{}  {}  {}  {}  {}  {}  {}  {}",
            &s.id[..8],
            pad(&s.name, 8),
            pad(&s.unit_name, 20),
            pad(label(s.post, Post::label), 8),
            pad(label(s.establishment, Establishment::label), 4),
            pad(state, 6),
            pad(if s.certified { "持证" } else { "未持证" }, 6),
            s.certificate.as_deref().unwrap_or("—")
        );
    }
    println!("共 {} 人（显示 {} 人）", total, items.len());
}

/// A person with everything hanging off them.
pub fn staff_detail(d: &StaffDetail) {
    let s = &d.staff;
    println!("编号：{}", s.id);
    println!("姓名：{}    性别：{}    所在单位：{}", s.name, label(s.gender, Gender::label), s.unit_name);
    println!("岗位类别：{}    编制：{}", label(s.post, Post::label), label(s.establishment, Establishment::label));
    println!(
        "到岗日期：{}    入编日期：{}    离岗日期：{}",
        opt_date(&s.arrived_on),
        opt_date(&s.established_on),
        opt_date(&s.left_on)
    );
    println!(
        "学历：{}    专业：{}（{}）    法律职业资格：{}",
        label(s.education, Education::label),
        if s.major.is_empty() { "—" } else { &s.major },
        label(s.major_category, MajorCategory::label),
        if s.legal_qualification { "有" } else { "无" }
    );
    println!("联系电话：{}", if s.phone.is_empty() { "—" } else { &s.phone });
    println!(
        "状态：{}{}{}",
        if s.on_roll { "在册" } else { "不在册" },
        if s.seconded { "，借调中" } else { "" },
        if s.certified { "，持有效行政执法证" } else { "，未持有效行政执法证" }
    );
    println!("版本：{}    更新于：{}", s.revision, s.updated_at);
    if !d.certificates.is_empty() {
        println!("证件：");
        for c in &d.certificates {
            println!(
                "  {}  {} {}（{}，有效期至 {}）",
                &c.id[..8],
                c.kind.label(),
                c.number,
                c.status.label(),
                opt_date(&c.expires_on)
            );
        }
    }
    if !d.secondments.is_empty() {
        println!("借调：");
        for x in &d.secondments {
            println!(
                "  {}  {}（{} 至 {}）",
                &x.id[..8],
                x.destination,
                x.start_on,
                x.end_on.as_deref().unwrap_or("今")
            );
        }
    }
    if !d.uniform_issues.is_empty() {
        println!("服装发放：");
        for i in &d.uniform_issues {
            println!("  {}  {} {} 件", i.issued_on, i.item, i.quantity);
        }
    }
    if !d.training.is_empty() {
        println!("培训：");
        for t in &d.training {
            let hours = t.hours.map(ledger_core::figures::training::format_hours).unwrap_or_else(|| "—".into());
            println!("  {}  {}（{}，{} 学时）", t.start_on, t.title, t.kind, hours);
        }
        for y in &d.hours_by_year {
            println!(
                "  {} 年：{} 次，{} 学时",
                y.year,
                y.sessions,
                ledger_core::figures::training::format_hours(y.hours)
            );
        }
    }
    if !d.evidence.is_empty() {
        println!("附件：");
        for e in &d.evidence {
            println!("  {}  {}（{} 字节）", &e.id[..8], e.file_name, e.size);
        }
    }
}

/// One line per certificate, what falls due first on it.
pub fn certificate_table(items: &[CertificateRow]) {
    for r in items {
        let c = &r.certificate;
        let due = match (&r.due_what, &r.due_on, &r.band) {
            (Some(w), Some(on), Some(b)) => {
                format!("{}{}（{}）", if *w == DueWhat::Expiry { "到期 " } else { "审验 " }, on, b)
            }
            _ => "—".into(),
        };
        println!(
            "{}  {}  {}  {}  {}  {}  {}",
            &c.id[..8],
            pad(&c.staff_name, 8),
            pad(c.kind.label(), 16),
            pad(&c.number, 16),
            pad(c.status.label(), 4),
            pad(&opt_date(&c.expires_on), 16),
            due
        );
    }
    println!("共 {} 个证件", items.len());
}

/// A certificate with its 审验 history.
pub fn certificate_detail(d: &CertificateDetail) {
    let c = &d.certificate;
    println!("编号：{}", c.id);
    println!("持证人：{}（{}）", c.staff_name, c.unit_name);
    println!("证件类型：{}    证件编号：{}    状态：{}", c.kind.label(), c.number, c.status.label());
    println!("发证机关：{}    执法区域：{}", c.issuer, c.area);
    println!("发证日期：{}    有效期至：{}", opt_date(&c.issued_on), opt_date(&c.expires_on));
    println!("下次审验：{}", opt_date(&c.next_review_on));
    if !d.reviews.is_empty() {
        println!("审验记录：");
        for r in &d.reviews {
            println!(
                "  {}  {}{}",
                r.reviewed_on,
                r.result,
                if r.note.is_empty() { String::new() } else { format!("（{}）", r.note) }
            );
        }
    }
    if !d.evidence.is_empty() {
        println!("扫描件：");
        for e in &d.evidence {
            println!("  {}  {}（{} 字节）", &e.id[..8], e.file_name, e.size);
        }
    }
}

/// What falls due, soonest first.
pub fn due_table(items: &[CertificateDue]) {
    for d in items {
        let c = &d.certificate;
        let what = if d.what == DueWhat::Expiry { "到期" } else { "审验" };
        println!(
            "{}  {}  {}  {}  {}  {}  {}",
            pad(&d.band, 8),
            d.due_on,
            what,
            pad(&c.staff_name, 8),
            pad(&c.unit_name, 20),
            pad(c.kind.label(), 16),
            c.number
        );
    }
    println!("共 {} 项", items.len());
}

/// One line per secondment.
pub fn secondment_table(items: &[Secondment]) {
    for x in items {
        let approval = match (x.approved, x.approval_doc.as_str()) {
            (_, doc) if !doc.is_empty() => format!("市局同意（{doc}）"),
            (true, _) => "市局同意".into(),
            (false, _) => "未经市局同意".into(),
        };
        println!(
            "{}  {}  {}  {}  {} 至 {}  {}",
            &x.id[..8],
            pad(&x.staff_name, 8),
            pad(&x.destination, 24),
            pad(if x.enforcement_post { "执法岗位" } else { "非执法岗位" }, 10),
            x.start_on,
            x.end_on.as_deref().unwrap_or("今"),
            approval
        );
    }
    println!("共 {} 条", items.len());
}

/// One line per uniform issue.
pub fn issue_table(items: &[UniformIssue]) {
    for i in items {
        println!(
            "{}  {}  {}  {}  {}  {}",
            &i.id[..8],
            i.issued_on,
            pad(&i.staff_name, 8),
            pad(&i.unit_name, 20),
            pad(&i.item, 16),
            i.quantity
        );
    }
    println!("共 {} 条", items.len());
}

/// The issue scale, the branch's zone first.
pub fn scale_table(items: &[UniformScaleItem], zone: Option<ClimateZone>) {
    match zone {
        Some(z) => println!("本单位气候区：{}", z.label()),
        None => println!("尚未设置本单位气候区（ledgerctl uniform zone 北温）"),
    }
    let mine = |l: &&UniformScaleItem| zone.is_none_or(|z| l.zone == z);
    for l in items.iter().filter(mine) {
        let renewal = l.renewal_quantity.map(|q| format!("，换发 {q}")).unwrap_or_default();
        println!(
            "{}  {}  {}  {}  {} 件{}，{} 年{}",
            pad(l.zone.label(), 4),
            pad(&l.category, 6),
            pad(&l.item, 16),
            pad(label(l.gender, Gender::label), 2),
            l.quantity,
            renewal,
            l.life_years,
            if l.note.is_empty() { String::new() } else { format!("（{}）", l.note) }
        );
    }
}

/// Everyone's uniform on a date.
pub fn uniform_status_table(items: &[UniformStatus]) {
    for s in items {
        let lacking: Vec<String> = s
            .items
            .iter()
            .filter(|i| i.state != UniformItemState::Issued)
            .map(|i| {
                let state = match i.state {
                    UniformItemState::NotIssued => "未配发",
                    UniformItemState::Short => "数量不足",
                    UniformItemState::Overdue => "到期未换",
                    UniformItemState::Issued => "已配发",
                };
                format!("{}{}", i.item, state)
            })
            .collect();
        let verdict = match (s.eligible, s.complete) {
            (false, _) => format!("不应着装（{}）", s.reason),
            (true, true) => "已全部配发".into(),
            (true, false) => format!("缺：{}", lacking.join("、")),
        };
        println!("{}  {}  {}", pad(&s.staff_name, 8), pad(&s.unit_name, 20), verdict);
    }
    println!("共 {} 人", items.len());
}

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

fn names(people: &[FigurePerson]) -> String {
    if people.is_empty() {
        return "（无）".into();
    }
    people.iter().map(|p| format!("{}（{}）", p.name, p.unit)).collect::<Vec<_>>().join("、")
}

/// Every figure on one aligned line (id, name, value, threshold, verdict), and with `with_names`
/// the people, units or sessions behind each.
pub fn figures(set: &FigureSet, with_names: bool) {
    println!("{}  统计日期：{}", set.scope, set.as_of);
    for f in &set.figures {
        if f.id.starts_with('E') {
            equipment_figure(f, with_names);
            continue;
        }
        let value = match (f.denominator, f.units.is_empty()) {
            (Some(d), true) if f.applicable => format!("{}/{} = {}", f.numerator, d, f.value),
            _ => f.value.clone(),
        };
        let verdict = match (f.pass, f.applicable) {
            (Some(true), _) => "达标",
            (Some(false), _) => "未达标",
            (None, false) => "不适用",
            (None, true) => "—",
        };
        println!(
            "{}  {}  {}  {}  {}",
            pad(&f.id, 3),
            pad(&f.name, 44),
            pad(&value, 20),
            pad(&f.threshold, 16),
            verdict
        );
        if !with_names {
            continue;
        }
        if !f.units.is_empty() {
            for u in &f.units {
                println!(
                    "      {} {} 人{}：{}",
                    u.unit,
                    u.count,
                    if u.pass { "" } else { "（不足 2 人）" },
                    names(&u.people)
                );
            }
        } else if f.denominator.is_some() {
            println!("      分子：{}", names(&f.numerator_people));
            println!("      分母：{}", names(&f.denominator_people));
        } else if !f.numerator_people.is_empty() {
            println!("      人员：{}", names(&f.numerator_people));
        }
        for s in &f.sessions {
            println!("      {} 至 {}  {}（{}，{} 天）", s.start_on, s.end_on, s.title, s.kind, s.days);
        }
        for h in &f.hours {
            println!(
                "      {}（{}）{} 学时，{} 次",
                h.name,
                h.unit,
                ledger_core::figures::training::format_hours(h.hours),
                h.sessions
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The equipment inventory.

fn points(p: Option<f64>) -> String {
    ledger_core::figures::training::format_hours(p.unwrap_or(0.0))
}

fn verdict(f: &Figure) -> &'static str {
    match (f.pass, f.applicable) {
        (Some(true), _) => "达标",
        (Some(false), _) => "未达标",
        (None, false) => "不适用",
        (None, true) => "—",
    }
}

fn equipment_names(items: &[FigureEquipment]) -> String {
    if items.is_empty() {
        return "（无）".into();
    }
    items
        .iter()
        .map(|e| {
            let mut s = format!("{} {}", e.asset_no, e.name);
            if e.quantity != 1 {
                s.push_str(&format!(" ×{}", e.quantity));
            }
            let mut what = vec![e.unit.clone()];
            if let Some(c) = &e.custodian {
                what.push(c.clone());
            }
            if e.status != "在用" {
                what.push(e.status.clone());
            }
            format!("{s}（{}）", what.join("，"))
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// E1 one line per standard item (持有/在用/应配/缺), E2 one per group with its points, E3, E4
/// with its points; with `with_names` the equipment (and for E4 the people) behind each.
fn equipment_figure(f: &Figure, with_names: bool) {
    match f.id.as_str() {
        "E1" => {
            let missing = f.missing.unwrap_or(0);
            println!(
                "E1   {}  {}  持有 {:>3}  在用 {:>3}  应配 {:>3}  缺 {:>3}  {}",
                pad(f.item.as_deref().unwrap_or(&f.name), 24),
                pad(f.group.as_deref().unwrap_or("—"), 2),
                f.held.unwrap_or(0),
                f.in_service.unwrap_or(0),
                f.required.unwrap_or(0),
                missing,
                if missing > 0 { "✗ 缺" } else { "已配齐" }
            );
        }
        "E2" => println!(
            "E2   {}  {}  得 {:>3} 分  {}  {}",
            pad(&f.name, 28),
            pad(&format!("{}/{} 项配齐", f.numerator, f.denominator.unwrap_or(0)), 14),
            points(f.points),
            pad(verdict(f), 6),
            f.explanation
        ),
        "E4" => println!(
            "E4   {}  {}  {}  得 {} 分  {}",
            pad(&f.name, 44),
            pad(&format!("{}/{} = {}", f.numerator, f.denominator.unwrap_or(0), f.value), 20),
            pad(&f.threshold, 16),
            points(f.points),
            verdict(f)
        ),
        _ => println!("{}   {}  {}  {}", f.id, pad(&f.name, 44), pad(verdict(f), 6), f.explanation),
    }
    if !with_names {
        return;
    }
    if f.id == "E4" {
        println!("      分子：{}", names(&f.numerator_people));
        println!("      分母：{}", names(&f.denominator_people));
    } else {
        println!("      装备：{}", equipment_names(&f.equipment));
    }
}

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
