//! The people ledgers: roster, certificates, secondments, uniforms.

use ledger_core::people::{
    CertificateDetail, CertificateDue, CertificateRow, ClimateZone, DueWhat, Education, Establishment, Gender,
    MajorCategory, Post, Secondment, Staff, StaffDetail, UniformIssue, UniformItemState, UniformScaleItem,
    UniformStatus,
};

use super::{label, opt_date, pad};

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
