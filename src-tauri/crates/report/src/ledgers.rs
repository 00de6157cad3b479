//! The printable ledgers: each ledger as a landscape A4 table for the binders offices keep —
//! the branch, the title and the date on every page, the header repeated, no row cut in half,
//! page numbers on the left side (GB/T 9704 for landscape tables). No ID numbers and no phone
//! numbers are printed.

use chrono::{Datelike, NaiveDate};
use ledger_core::equipment::EquipmentQuery;
use ledger_core::people::{CertificateQuery, DueWhat, StaffQuery};
use ledger_core::store::dates;
use ledger_core::tasks::TaskQuery;
use ledger_core::training::TrainingQuery;
use ledger_core::Ledger;
use serde::{Deserialize, Serialize};

use crate::fmt_score;
use crate::fonts::{Element, FontPlan};
use crate::layout::{Align, Doc, PageSpec, SIZE_3, SIZE_S4};
use crate::table::{draw_table, TableColumn, TableStyle};
use crate::{Report, ReportError};

/// The ledgers that can be printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerKind {
    Tasks,
    Staff,
    Certificates,
    Training,
    Equipment,
}

impl LedgerKind {
    pub const ALL: [LedgerKind; 5] =
        [LedgerKind::Tasks, LedgerKind::Staff, LedgerKind::Certificates, LedgerKind::Training, LedgerKind::Equipment];

    /// The name on the command line: tasks, staff, certificates, training, equipment.
    pub fn key(self) -> &'static str {
        match self {
            LedgerKind::Tasks => "tasks",
            LedgerKind::Staff => "staff",
            LedgerKind::Certificates => "certificates",
            LedgerKind::Training => "training",
            LedgerKind::Equipment => "equipment",
        }
    }

    pub fn parse(s: &str) -> Option<LedgerKind> {
        LedgerKind::ALL.into_iter().find(|k| k.key() == s || k.label() == s)
    }

    /// The printed title.
    pub fn label(self) -> &'static str {
        match self {
            LedgerKind::Tasks => "重点任务分工台账",
            LedgerKind::Staff => "执法人员花名册",
            LedgerKind::Certificates => "执法证件台账",
            LedgerKind::Training => "培训与练兵台账",
            LedgerKind::Equipment => "执法装备台账",
        }
    }
}

/// Print `rows` under `columns` as a landscape table titled `title`, for `branch` on `as_of`,
/// with the office fonts this PC has ([`FontPlan::detect`]).
pub fn ledger_table(
    title: &str,
    branch: &str,
    as_of: NaiveDate,
    columns: &[TableColumn],
    rows: &[Vec<String>],
) -> Result<Report, ReportError> {
    ledger_table_with(title, branch, as_of, columns, rows, &FontPlan::detect())
}

/// [`ledger_table`] with the faces of `fonts`.
pub fn ledger_table_with(
    title: &str,
    branch: &str,
    as_of: NaiveDate,
    columns: &[TableColumn],
    rows: &[Vec<String>],
    fonts: &FontPlan,
) -> Result<Report, ReportError> {
    let mut doc = Doc::new(title, fonts, PageSpec::landscape())?;
    doc.aligned(Element::Title, SIZE_3 + 2.0, 28.0, title, Align::Center, "标题");
    let info = format!("填报单位：{branch}　　　　统计日期：{}　　　　共 {} 条", dates::zh(as_of), rows.len());
    doc.aligned(Element::Body, SIZE_S4, 22.0, &info, Align::Left, "表头信息");
    doc.y += 2.0;
    // Every later page opens with the title, the branch and the date.
    doc.set_running_head(Some(format!("{title}（续）　　填报单位：{branch}　　统计日期：{}", dates::zh(as_of))));
    draw_table(&mut doc, columns, rows, &TableStyle::compact(), title);
    doc.finish(title, "", None)
}

fn d(s: &Option<String>) -> String {
    s.as_deref().filter(|s| !s.is_empty()).unwrap_or("—").to_string()
}

fn yes(b: bool) -> String {
    if b { "是" } else { "否" }.to_string()
}

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".to_string()
    } else {
        s.to_string()
    }
}

/// A ledger as a table: its title, columns and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerTable {
    pub title: String,
    pub columns: Vec<TableColumn>,
    pub rows: Vec<Vec<String>>,
}

/// The columns and rows of one ledger as of `as_of`.
pub fn ledger_rows(ledger: &Ledger, kind: LedgerKind, as_of: NaiveDate) -> Result<LedgerTable, ReportError> {
    use Align::{Center as C, Left as L};
    let col = TableColumn::new;
    let iso = dates::iso(as_of);
    Ok(match kind {
        LedgerKind::Tasks => {
            let year = as_of.year();
            let page = ledger.list_tasks(&TaskQuery {
                year: Some(year),
                as_of: Some(iso),
                limit: None,
                ..Default::default()
            })?;
            let cols = vec![
                col("序号", 10.0, C),
                col("项目", 24.0, L),
                col("具体任务", 70.0, L),
                col("牵头单位", 24.0, L),
                col("责任单位", 26.0, L),
                col("完成时限", 22.0, L),
                col("状态", 16.0, C),
                col("承办单位", 24.0, L),
            ];
            let rows = page
                .items
                .iter()
                .map(|t| {
                    vec![
                        t.seq.to_string(),
                        or_dash(&t.category),
                        if t.main_task.is_empty() || t.detail.starts_with(&t.main_task) {
                            t.detail.clone()
                        } else {
                            format!("{}：{}", t.main_task, t.detail)
                        },
                        or_dash(&t.lead_units.join("、")),
                        or_dash(&t.responsible_units.join("、")),
                        or_dash(&t.deadline_text),
                        t.effective_status.label().to_string(),
                        or_dash(&t.unit_name),
                    ]
                })
                .collect();
            LedgerTable { title: format!("{year}年度{}", kind.label()), columns: cols, rows }
        }
        LedgerKind::Staff => {
            let page = ledger.list_staff(&StaffQuery { as_of: Some(iso), on_roll_only: true, ..Default::default() })?;
            let cols = vec![
                col("序号", 10.0, C),
                col("姓名", 16.0, C),
                col("所在单位", 30.0, L),
                col("性别", 9.0, C),
                col("岗位类别", 16.0, C),
                col("编制", 12.0, C),
                col("到岗日期", 20.0, C),
                col("学历", 14.0, C),
                col("专业", 24.0, L),
                col("持证", 9.0, C),
                col("执法证", 38.0, L),
                col("借调中", 11.0, C),
            ];
            let rows = page
                .items
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    vec![
                        (i + 1).to_string(),
                        s.name.clone(),
                        or_dash(&s.unit_name),
                        s.gender.map_or("—", |g| g.label()).to_string(),
                        s.post.map_or("—", |p| p.label()).to_string(),
                        s.establishment.map_or("—", |e| e.label()).to_string(),
                        d(&s.arrived_on),
                        s.education.map_or("—", |e| e.label()).to_string(),
                        or_dash(&s.major),
                        yes(s.certified),
                        d(&s.certificate),
                        yes(s.seconded),
                    ]
                })
                .collect();
            LedgerTable { title: kind.label().to_string(), columns: cols, rows }
        }
        LedgerKind::Certificates => {
            let page = ledger.list_certificates(&CertificateQuery { as_of: Some(iso), ..Default::default() })?;
            let cols = vec![
                col("序号", 10.0, C),
                col("姓名", 15.0, C),
                col("所在单位", 26.0, L),
                col("证件类型", 22.0, L),
                col("证件编号", 22.0, L),
                col("发证机关", 26.0, L),
                col("执法区域/类别", 22.0, L),
                col("发证日期", 19.0, C),
                col("有效期至", 19.0, C),
                col("状态", 10.0, C),
                col("下次审验", 19.0, C),
                col("提醒", 15.0, C),
            ];
            let rows = page
                .items
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let c = &r.certificate;
                    let band = match (&r.due_what, &r.band) {
                        (Some(DueWhat::Review), Some(b)) => format!("审验{b}"),
                        (Some(DueWhat::Expiry), Some(b)) => format!("到期{b}"),
                        _ => "—".to_string(),
                    };
                    vec![
                        (i + 1).to_string(),
                        c.staff_name.clone(),
                        or_dash(&c.unit_name),
                        c.kind.label().to_string(),
                        or_dash(&c.number),
                        or_dash(&c.issuer),
                        or_dash(&c.area),
                        d(&c.issued_on),
                        c.expires_on.clone().unwrap_or_else(|| "未填".into()),
                        c.status.label().to_string(),
                        d(&c.next_review_on),
                        band,
                    ]
                })
                .collect();
            LedgerTable { title: kind.label().to_string(), columns: cols, rows }
        }
        LedgerKind::Training => {
            let year = as_of.year();
            let page = ledger.list_training(&TrainingQuery { year: Some(year), limit: None, ..Default::default() })?;
            let cols = vec![
                col("序号", 10.0, C),
                col("培训名称", 50.0, L),
                col("类别", 20.0, L),
                col("级别", 10.0, C),
                col("主办单位", 30.0, L),
                col("开始日期", 20.0, C),
                col("结束日期", 20.0, C),
                col("天数", 10.0, C),
                col("学时", 12.0, C),
                col("参训人数", 14.0, C),
                col("合计学时", 14.0, C),
                col("地点", 15.0, L),
            ];
            let mut rows = Vec::with_capacity(page.items.len());
            for (i, s) in page.items.iter().enumerate() {
                let detail = ledger.training_detail(&s.id)?;
                let person_hours: f64 = detail.attendance.iter().filter_map(|a| a.hours.or(s.hours)).sum();
                rows.push(vec![
                    (i + 1).to_string(),
                    s.title.clone(),
                    or_dash(&s.kind),
                    s.level.map_or("—", |l| l.label()).to_string(),
                    or_dash(&s.organiser),
                    s.start_on.clone(),
                    s.end_on.clone(),
                    s.days.to_string(),
                    s.hours.map(fmt_score).unwrap_or_else(|| "—".into()),
                    s.attendee_count.to_string(),
                    fmt_score(person_hours),
                    or_dash(&s.place),
                ]);
            }
            LedgerTable { title: format!("{year}年度{}", kind.label()), columns: cols, rows }
        }
        LedgerKind::Equipment => {
            let page = ledger.list_equipment(&EquipmentQuery { limit: None, ..Default::default() })?;
            let cols = vec![
                col("序号", 10.0, C),
                col("资产编号", 22.0, L),
                col("名称", 28.0, L),
                col("标准装备", 26.0, L),
                col("型号", 22.0, L),
                col("数量", 10.0, C),
                col("所在单位", 28.0, L),
                col("保管人", 14.0, C),
                col("状态", 13.0, C),
                col("取得日期", 19.0, C),
                col("无线图传", 12.0, C),
                col("领用人", 14.0, C),
            ];
            let rows = page
                .items
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    vec![
                        (i + 1).to_string(),
                        or_dash(&e.asset_no),
                        e.name.clone(),
                        d(&e.standard_item_name),
                        or_dash(&e.model),
                        e.quantity.to_string(),
                        or_dash(&e.unit_name),
                        d(&e.custodian_name),
                        e.status.label().to_string(),
                        d(&e.acquired_on),
                        yes(e.wireless_video),
                        d(&e.checked_out_to),
                    ]
                })
                .collect();
            LedgerTable { title: kind.label().to_string(), columns: cols, rows }
        }
    })
}

/// Print one ledger of `ledger` as of `as_of` (the tasks and training of that year), with the
/// office fonts this PC has ([`FontPlan::detect`]).
pub fn ledger_report(ledger: &Ledger, kind: LedgerKind, as_of: NaiveDate) -> Result<Report, ReportError> {
    ledger_report_with(ledger, kind, as_of, &FontPlan::detect())
}

/// [`ledger_report`] with the faces of `fonts`.
pub fn ledger_report_with(
    ledger: &Ledger,
    kind: LedgerKind,
    as_of: NaiveDate,
    fonts: &FontPlan,
) -> Result<Report, ReportError> {
    let branch = ledger.require_branch()?.name;
    let t = ledger_rows(ledger, kind, as_of)?;
    ledger_table_with(&t.title, &branch, as_of, &t.columns, &t.rows, fonts)
}
