//! `staff`, `cert`, `secondment` and `uniform`: the people ledgers (执法人员, 证件, 借调, 制式服装).
//!
//! A person is named by their id (or its first 8 characters or more), by name, or — where two
//! share a name — as the sheets write it, `王磊（第一执法中队）`.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Subcommand, ValueEnum};
use ledger_core::people::staff::resolve_id;
use ledger_core::people::{
    CertFilter, CertKind, CertReviewInput, CertStatus, CertificateInput, CertificateQuery, ClimateZone, Education,
    Establishment, Gender, MajorCategory, PersonFinder, Post, SecondmentInput, SecondmentQuery, StaffInput, StaffQuery,
    UniformIssue, UniformIssueInput, DUE_WARNING_DAYS,
};
use ledger_core::store::dates;
use ledger_core::store::excel::cells::yes_no;
use ledger_core::{Ledger, LedgerError};

use crate::output;

/// The id of the person `who` names: an id (or its first 8+ characters), a name, or a name with
/// its unit, `王磊（第一执法中队）`, where two people share it.
pub fn person_id(ledger: &Ledger, who: &str) -> Result<String> {
    if let Ok(id) = resolve_id(ledger.conn(), who) {
        return Ok(id);
    }
    PersonFinder::new(ledger.conn())?
        .find_written(who, None)
        .map_err(|reason| LedgerError::invalid("人员", reason).into())
}

/// The id of the unit named `name` (the branch or one of its units), for the field `field`.
pub fn unit_named(ledger: &Ledger, name: &Option<String>, field: &str) -> Result<Option<String>> {
    match name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        None => Ok(None),
        Some(n) => match ledger.unit_by_name(n)? {
            Some(u) => Ok(Some(u.id)),
            None => Err(LedgerError::invalid(field, format!("组织机构中没有“{n}”")).into()),
        },
    }
}

/// A value of a closed list (岗位类别, 学历 …) as typed; an empty string clears it.
pub fn choice<T>(field: &str, s: &str, parse: fn(&str) -> Option<T>, choices: String) -> Result<Option<T>> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    parse(s).map(Some).ok_or_else(|| LedgerError::invalid(field, format!("“{s}”应为 {choices} 之一")).into())
}

/// 是/否 (or √/×, Y/N) as typed.
pub fn yes(field: &str, s: &str) -> Result<bool> {
    yes_no(s).ok_or_else(|| LedgerError::invalid(field, format!("“{s}”应为 是 或 否")).into())
}

/// An optional date as typed: an empty string clears it.
pub fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

/// A reference date as typed (`None`: today).
pub fn date_arg(field: &str, s: &Option<String>) -> Result<chrono::NaiveDate> {
    Ok(dates::parse_opt_field(field, s.as_deref())?.unwrap_or_else(dates::today))
}

// ---------------------------------------------------------------------------------------------
// staff

#[derive(Clone, Copy, ValueEnum)]
pub enum CertFilterArg {
    /// 持有效行政执法证
    Certified,
    /// 未持有效行政执法证
    Uncertified,
    /// 行政执法证 90 天内到期或需审验
    DueSoon,
}

#[derive(clap::Args, Default)]
pub struct StaffFields {
    /// 姓名
    #[arg(long)]
    name: Option<String>,
    /// 性别：男、女
    #[arg(long)]
    gender: Option<String>,
    /// 所在单位名称（默认本单位）
    #[arg(long)]
    unit: Option<String>,
    /// 岗位类别：一线执法、内勤、领导、其他
    #[arg(long)]
    post: Option<String>,
    /// 编制：在编、编外
    #[arg(long)]
    establishment: Option<String>,
    /// 到岗日期（调入本单位的日期，不是参加工作时间）
    #[arg(long, value_name = "YYYY-MM-DD")]
    arrived: Option<String>,
    /// 入编日期
    #[arg(long, value_name = "YYYY-MM-DD")]
    established: Option<String>,
    /// 离岗日期（离岗后不在册，历史记录保留；写 "" 清除）
    #[arg(long, value_name = "YYYY-MM-DD")]
    left: Option<String>,
    /// 学历：研究生、本科、大专、中专及以下
    #[arg(long)]
    education: Option<String>,
    /// 专业
    #[arg(long)]
    major: Option<String>,
    /// 专业类别：法学、生态环境相关、其他
    #[arg(long)]
    major_category: Option<String>,
    /// 法律职业资格：是、否
    #[arg(long, value_name = "是/否")]
    legal_qualification: Option<String>,
    /// 联系电话
    #[arg(long)]
    phone: Option<String>,
    /// 帽号
    #[arg(long)]
    size_hat: Option<String>,
    /// 上衣号
    #[arg(long)]
    size_top: Option<String>,
    /// 裤号
    #[arg(long)]
    size_bottom: Option<String>,
    /// 鞋号
    #[arg(long)]
    size_shoes: Option<String>,
    /// 备注
    #[arg(long)]
    note: Option<String>,
}

#[derive(Subcommand)]
pub enum StaffCmd {
    /// 列出人员（默认只列参考日期在册的人员）
    List {
        /// 所在单位名称
        #[arg(long)]
        unit: Option<String>,
        /// 岗位类别：一线执法、内勤、领导、其他
        #[arg(long)]
        post: Option<String>,
        /// 编制：在编、编外
        #[arg(long)]
        establishment: Option<String>,
        /// 持证情况
        #[arg(long, value_enum)]
        cert: Option<CertFilterArg>,
        /// 参考日期（判断在册、借调中、持证），默认今天
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        /// 包括已离岗人员
        #[arg(long)]
        all: bool,
        /// 按姓名搜索
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        limit: Option<u32>,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[arg(long)]
        json: bool,
    },
    /// 添加人员
    Add {
        #[command(flatten)]
        fields: StaffFields,
        #[arg(long)]
        json: bool,
    },
    /// 查看人员及其证件、借调、服装、培训（编号、姓名，或“王磊（第一执法中队）”）
    Show {
        person: String,
        /// 参考日期，默认今天
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 修改人员（只改给出的字段）
    Update {
        person: String,
        #[command(flatten)]
        fields: StaffFields,
        #[arg(long)]
        json: bool,
    },
    /// 上传人员的附件（如照片、任职文件）
    Attach { person: String, file: PathBuf },
    /// 删除人员（保留删除记录；人员调离请用 update --left 日期）
    Delete { person: String },
}

fn apply_staff(ledger: &Ledger, input: &mut StaffInput, f: &StaffFields) -> Result<()> {
    if let Some(v) = &f.name {
        input.name = v.clone();
    }
    if let Some(v) = &f.gender {
        input.gender = choice("性别", v, Gender::parse, Gender::choices())?;
    }
    if f.unit.is_some() {
        input.unit_id = unit_named(ledger, &f.unit, "所在单位")?;
    }
    if let Some(v) = &f.post {
        input.post = choice("岗位类别", v, Post::parse, Post::choices())?;
    }
    if let Some(v) = &f.establishment {
        input.establishment = choice("编制", v, Establishment::parse, Establishment::choices())?;
    }
    if let Some(v) = &f.arrived {
        input.arrived_on = opt(v);
    }
    if let Some(v) = &f.established {
        input.established_on = opt(v);
    }
    if let Some(v) = &f.left {
        input.left_on = opt(v);
    }
    if let Some(v) = &f.education {
        input.education = choice("学历", v, Education::parse, Education::choices())?;
    }
    if let Some(v) = &f.major {
        input.major = v.clone();
    }
    if let Some(v) = &f.major_category {
        input.major_category = choice("专业类别", v, MajorCategory::parse, MajorCategory::choices())?;
    }
    if let Some(v) = &f.legal_qualification {
        input.legal_qualification = yes("法律职业资格", v)?;
    }
    for (given, field) in [
        (&f.phone, &mut input.phone),
        (&f.size_hat, &mut input.size_hat),
        (&f.size_top, &mut input.size_top),
        (&f.size_bottom, &mut input.size_bottom),
        (&f.size_shoes, &mut input.size_shoes),
        (&f.note, &mut input.note),
    ] {
        if let Some(v) = given {
            *field = v.clone();
        }
    }
    Ok(())
}

pub fn staff(ledger: &mut Ledger, cmd: StaffCmd) -> Result<()> {
    match cmd {
        StaffCmd::List { unit, post, establishment, cert, as_of, all, search, limit, offset, json } => {
            let q = StaffQuery {
                as_of: Some(dates::iso(date_arg("参考日期", &as_of)?)),
                on_roll_only: !all,
                unit_id: unit_named(ledger, &unit, "所在单位")?,
                post: match &post {
                    Some(p) => choice("岗位类别", p, Post::parse, Post::choices())?,
                    None => None,
                },
                establishment: match &establishment {
                    Some(e) => choice("编制", e, Establishment::parse, Establishment::choices())?,
                    None => None,
                },
                cert: cert.map(|c| match c {
                    CertFilterArg::Certified => CertFilter::Certified,
                    CertFilterArg::Uncertified => CertFilter::Uncertified,
                    CertFilterArg::DueSoon => CertFilter::DueSoon,
                }),
                search,
                offset,
                limit,
            };
            let page = ledger.list_staff(&q)?;
            if json {
                output::json(&page.items)?;
            } else {
                output::staff_table(&page.items, page.total);
            }
        }
        StaffCmd::Add { fields, json } => {
            let mut input = StaffInput::default();
            apply_staff(ledger, &mut input, &fields)?;
            let s = ledger.create_staff(&input)?;
            if json {
                output::json(&s)?;
            } else {
                println!("已添加人员 {}（{}，{}）", s.id, s.name, s.unit_name);
            }
        }
        StaffCmd::Show { person, as_of, json } => {
            let id = person_id(ledger, &person)?;
            let d = ledger.staff_detail(&id, Some(date_arg("参考日期", &as_of)?))?;
            if json {
                output::json(&d)?;
            } else {
                output::staff_detail(&d);
            }
        }
        StaffCmd::Update { person, fields, json } => {
            let current = ledger.staff(&person_id(ledger, &person)?)?;
            let mut input = current.to_input();
            apply_staff(ledger, &mut input, &fields)?;
            let s = ledger.update_staff(&current.id, current.revision, &input)?;
            if json {
                output::json(&s)?;
            } else {
                println!("已修改人员 {}（{}，版本 {}）", s.id, s.name, s.revision);
            }
        }
        StaffCmd::Attach { person, file } => {
            let id = person_id(ledger, &person)?;
            let e = ledger.attach_evidence("staff", &id, &file)?;
            println!("已上传附件：{}（SHA-256 {}）", e.file_name, e.sha256);
        }
        StaffCmd::Delete { person } => {
            let s = ledger.staff(&person_id(ledger, &person)?)?;
            ledger.delete_staff(&s.id, s.revision)?;
            println!("已删除人员 {}（{}）", s.id, s.name);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// cert

#[derive(clap::Args, Default)]
pub struct CertFields {
    /// 证件类型：行政执法证、执法监督证、听证主持人证、法律职业资格证书
    #[arg(long)]
    kind: Option<String>,
    /// 证件编号（按文本保存，前导零保留）
    #[arg(long)]
    number: Option<String>,
    /// 发证机关
    #[arg(long)]
    issuer: Option<String>,
    /// 执法区域
    #[arg(long)]
    area: Option<String>,
    /// 发证日期
    #[arg(long, value_name = "YYYY-MM-DD")]
    issued: Option<String>,
    /// 有效期至（最后有效日）
    #[arg(long, value_name = "YYYY-MM-DD")]
    expires: Option<String>,
    /// 状态：有效、暂扣、注销、遗失、收回（默认有效）
    #[arg(long)]
    status: Option<String>,
    /// 备注
    #[arg(long)]
    note: Option<String>,
}

#[derive(Subcommand)]
pub enum CertCmd {
    /// 列出证件（先到期的在前）
    List {
        /// 证件类型
        #[arg(long)]
        kind: Option<String>,
        /// 状态：有效、暂扣、注销、遗失、收回
        #[arg(long)]
        status: Option<String>,
        /// 持证人所在单位名称
        #[arg(long)]
        unit: Option<String>,
        /// 按持证人姓名或证件编号搜索
        #[arg(long)]
        search: Option<String>,
        /// 计算剩余天数的参考日期，默认今天
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 登记证件
    Add {
        /// 持证人（编号、姓名，或“王磊（第一执法中队）”）
        #[arg(long)]
        person: String,
        #[command(flatten)]
        fields: CertFields,
        #[arg(long)]
        json: bool,
    },
    /// 查看证件及审验记录（编号或证件编号）
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// 修改证件（只改给出的字段）
    Update {
        id: String,
        /// 改为此人持有
        #[arg(long)]
        person: Option<String>,
        #[command(flatten)]
        fields: CertFields,
        #[arg(long)]
        json: bool,
    },
    /// 登记一次审验
    Review {
        id: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        /// 审验结果，如：合格、不合格
        #[arg(long)]
        result: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// 即将到期或需审验的证件（含已过期、已逾期）
    Due {
        /// 参考日期，默认今天
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// 提前天数
        #[arg(long, default_value_t = DUE_WARNING_DAYS)]
        days: i64,
        #[arg(long)]
        json: bool,
    },
    /// 上传证件扫描件
    Attach { id: String, file: PathBuf },
    /// 删除证件（保留删除记录；证件收回、注销请改状态）
    Delete { id: String },
}

fn apply_cert(input: &mut CertificateInput, f: &CertFields) -> Result<()> {
    if let Some(v) = &f.kind {
        input.kind = choice("证件类型", v, CertKind::parse, CertKind::choices())?;
    }
    if let Some(v) = &f.number {
        input.number = v.clone();
    }
    if let Some(v) = &f.issuer {
        input.issuer = v.clone();
    }
    if let Some(v) = &f.area {
        input.area = v.clone();
    }
    if let Some(v) = &f.issued {
        input.issued_on = opt(v);
    }
    if let Some(v) = &f.expires {
        input.expires_on = opt(v);
    }
    if let Some(v) = &f.status {
        input.status = choice("状态", v, CertStatus::parse, CertStatus::choices())?;
    }
    if let Some(v) = &f.note {
        input.note = v.clone();
    }
    Ok(())
}

pub fn cert(ledger: &mut Ledger, cmd: CertCmd) -> Result<()> {
    match cmd {
        CertCmd::List { kind, status, unit, search, as_of, json } => {
            let q = CertificateQuery {
                as_of: Some(dates::iso(date_arg("参考日期", &as_of)?)),
                kind: match &kind {
                    Some(k) => choice("证件类型", k, CertKind::parse, CertKind::choices())?,
                    None => None,
                },
                status: match &status {
                    Some(s) => choice("状态", s, CertStatus::parse, CertStatus::choices())?,
                    None => None,
                },
                unit_id: unit_named(ledger, &unit, "所在单位")?,
                search,
                ..CertificateQuery::default()
            };
            let page = ledger.list_certificates(&q)?;
            if json {
                output::json(&page.items)?;
            } else {
                output::certificate_table(&page.items);
            }
        }
        CertCmd::Add { person, fields, json } => {
            let mut input = CertificateInput { staff_id: person_id(ledger, &person)?, ..CertificateInput::default() };
            apply_cert(&mut input, &fields)?;
            let c = ledger.create_certificate(&input)?;
            if json {
                output::json(&c)?;
            } else {
                println!("已登记证件 {}（{} {} {}）", c.id, c.staff_name, c.kind.label(), c.number);
            }
        }
        CertCmd::Show { id, json } => {
            let d = ledger.certificate_detail(&id)?;
            if json {
                output::json(&d)?;
            } else {
                output::certificate_detail(&d);
            }
        }
        CertCmd::Update { id, person, fields, json } => {
            let current = ledger.certificate(&id)?;
            let mut input = current.to_input();
            if let Some(p) = &person {
                input.staff_id = person_id(ledger, p)?;
            }
            apply_cert(&mut input, &fields)?;
            let c = ledger.update_certificate(&current.id, current.revision, &input)?;
            if json {
                output::json(&c)?;
            } else {
                println!("已修改证件 {}（版本 {}）", c.id, c.revision);
            }
        }
        CertCmd::Review { id, date, result, note } => {
            let c = ledger.certificate(&id)?;
            let r = ledger.add_certificate_review(
                &c.id,
                &CertReviewInput { reviewed_on: date, result, note: note.unwrap_or_default() },
            )?;
            println!("已登记审验：{} {} {}（{}）", c.staff_name, c.number, r.result, r.reviewed_on);
        }
        CertCmd::Due { date, days, json } => {
            let due = ledger.certificates_due(date_arg("参考日期", &date)?, days)?;
            if json {
                output::json(&due)?;
            } else {
                output::due_table(&due);
            }
        }
        CertCmd::Attach { id, file } => {
            let c = ledger.certificate(&id)?;
            let e = ledger.attach_evidence("certificate", &c.id, &file)?;
            println!("已上传证件扫描件：{}（SHA-256 {}）", e.file_name, e.sha256);
        }
        CertCmd::Delete { id } => {
            let c = ledger.certificate(&id)?;
            ledger.delete_certificate(&c.id, c.revision)?;
            println!("已删除证件 {}（{} {}）", c.id, c.staff_name, c.number);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// secondment

#[derive(clap::Args, Default)]
pub struct SecondmentFields {
    /// 借调单位
    #[arg(long)]
    destination: Option<String>,
    /// 借调岗位是否执法岗位：是、否
    #[arg(long, value_name = "是/否")]
    enforcement_post: Option<String>,
    /// 开始日期
    #[arg(long, value_name = "YYYY-MM-DD")]
    start: Option<String>,
    /// 结束日期（写 "" 清除）
    #[arg(long, value_name = "YYYY-MM-DD")]
    end: Option<String>,
    /// 市局是否同意：是、否
    #[arg(long, value_name = "是/否")]
    approved: Option<String>,
    /// 市局同意的文号（填写即视为同意）
    #[arg(long)]
    doc: Option<String>,
    /// 备注
    #[arg(long)]
    note: Option<String>,
}

#[derive(Subcommand)]
pub enum SecondmentCmd {
    /// 列出借调记录
    List {
        /// 只列此日期借调中的
        #[arg(long, value_name = "YYYY-MM-DD")]
        active_on: Option<String>,
        /// 人员所在单位名称
        #[arg(long)]
        unit: Option<String>,
        /// 按姓名或借调单位搜索
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 登记借调
    Add {
        /// 借调人员（编号、姓名，或“王磊（第一执法中队）”）
        #[arg(long)]
        person: String,
        #[command(flatten)]
        fields: SecondmentFields,
        #[arg(long)]
        json: bool,
    },
    /// 查看借调记录
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// 修改借调记录（只改给出的字段）
    Update {
        id: String,
        #[arg(long)]
        person: Option<String>,
        #[command(flatten)]
        fields: SecondmentFields,
        #[arg(long)]
        json: bool,
    },
    /// 删除借调记录（保留删除记录）
    Delete { id: String },
}

fn apply_secondment(input: &mut SecondmentInput, f: &SecondmentFields) -> Result<()> {
    if let Some(v) = &f.destination {
        input.destination = v.clone();
    }
    if let Some(v) = &f.enforcement_post {
        input.enforcement_post = yes("是否执法岗位", v)?;
    }
    if let Some(v) = &f.start {
        input.start_on = v.clone();
    }
    if let Some(v) = &f.end {
        input.end_on = opt(v);
    }
    if let Some(v) = &f.approved {
        input.approved = yes("市局同意", v)?;
        if !input.approved {
            input.approval_doc.clear();
        }
    }
    if let Some(v) = &f.doc {
        input.approval_doc = v.clone();
    }
    if let Some(v) = &f.note {
        input.note = v.clone();
    }
    Ok(())
}

pub fn secondment(ledger: &mut Ledger, cmd: SecondmentCmd) -> Result<()> {
    match cmd {
        SecondmentCmd::List { active_on, unit, search, json } => {
            let q = SecondmentQuery { active_on, unit_id: unit_named(ledger, &unit, "所在单位")?, search };
            let items = ledger.list_secondments(&q)?;
            if json {
                output::json(&items)?;
            } else {
                output::secondment_table(&items);
            }
        }
        SecondmentCmd::Add { person, fields, json } => {
            let mut input = SecondmentInput { staff_id: person_id(ledger, &person)?, ..SecondmentInput::default() };
            apply_secondment(&mut input, &fields)?;
            let x = ledger.create_secondment(&input)?;
            if json {
                output::json(&x)?;
            } else {
                println!("已登记借调 {}（{} 借调至 {}）", x.id, x.staff_name, x.destination);
            }
        }
        SecondmentCmd::Show { id, json } => {
            let x = ledger.secondment(&id)?;
            if json {
                output::json(&x)?;
            } else {
                output::secondment_table(std::slice::from_ref(&x));
            }
        }
        SecondmentCmd::Update { id, person, fields, json } => {
            let current = ledger.secondment(&id)?;
            let mut input = current.to_input();
            if let Some(p) = &person {
                input.staff_id = person_id(ledger, p)?;
            }
            apply_secondment(&mut input, &fields)?;
            let x = ledger.update_secondment(&current.id, current.revision, &input)?;
            if json {
                output::json(&x)?;
            } else {
                println!("已修改借调记录 {}（版本 {}）", x.id, x.revision);
            }
        }
        SecondmentCmd::Delete { id } => {
            let x = ledger.secondment(&id)?;
            ledger.delete_secondment(&x.id, x.revision)?;
            println!("已删除借调记录 {}（{} 借调至 {}）", x.id, x.staff_name, x.destination);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// uniform

#[derive(Subcommand)]
pub enum UniformCmd {
    /// 列出服装发放记录（最新在前）
    List {
        /// 只列此人的
        #[arg(long)]
        person: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 登记发放
    #[command(alias = "add")]
    Issue {
        /// 领用人（编号、姓名，或“王磊（第一执法中队）”）
        #[arg(long)]
        person: String,
        /// 品名，如：执勤服（冬）
        #[arg(long)]
        item: String,
        #[arg(long, default_value_t = 1)]
        quantity: i64,
        /// 发放日期
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 查看发放记录
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// 修改发放记录（只改给出的字段）
    Update {
        id: String,
        #[arg(long)]
        person: Option<String>,
        #[arg(long)]
        item: Option<String>,
        #[arg(long)]
        quantity: Option<i64>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 删除发放记录（保留删除记录）
    Delete { id: String },
    /// 查看或设置本单位气候区：热、亚热、南温、北温、寒、高寒
    Zone { zone: Option<String> },
    /// 配发标准（按气候区）
    Scale {
        #[arg(long)]
        json: bool,
    },
    /// 在册人员的着装情况：是否应着装、缺哪些、哪些到期未换
    Status {
        /// 参考日期，默认今天
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// The issue `id` (or the first 8 characters or more of it).
fn find_issue(ledger: &Ledger, id: &str) -> Result<UniformIssue> {
    let id = id.trim().to_lowercase();
    let found: Vec<UniformIssue> = ledger
        .list_uniform_issues(None)?
        .into_iter()
        .filter(|i| i.id == id || (id.len() >= 8 && i.id.starts_with(&id)))
        .collect();
    match <[UniformIssue; 1]>::try_from(found) {
        Ok([one]) => Ok(one),
        Err(_) => Err(LedgerError::NotFound { entity: "服装发放记录", id }.into()),
    }
}

pub fn uniform(ledger: &mut Ledger, cmd: UniformCmd) -> Result<()> {
    match cmd {
        UniformCmd::List { person, json } => {
            let staff_id = person.map(|p| person_id(ledger, &p)).transpose()?;
            let items = ledger.list_uniform_issues(staff_id.as_deref())?;
            if json {
                output::json(&items)?;
            } else {
                output::issue_table(&items);
            }
        }
        UniformCmd::Issue { person, item, quantity, date, note, json } => {
            let input = UniformIssueInput {
                staff_id: person_id(ledger, &person)?,
                item,
                quantity,
                issued_on: date,
                note: note.unwrap_or_default(),
            };
            let i = ledger.create_uniform_issue(&input)?;
            if json {
                output::json(&i)?;
            } else {
                println!("已登记发放 {}（{} {} {} 件，{}）", i.id, i.staff_name, i.item, i.quantity, i.issued_on);
            }
        }
        UniformCmd::Show { id, json } => {
            let i = find_issue(ledger, &id)?;
            if json {
                output::json(&i)?;
            } else {
                output::issue_table(std::slice::from_ref(&i));
            }
        }
        UniformCmd::Update { id, person, item, quantity, date, note, json } => {
            let current = find_issue(ledger, &id)?;
            let input = UniformIssueInput {
                staff_id: match &person {
                    Some(p) => person_id(ledger, p)?,
                    None => current.staff_id.clone(),
                },
                item: item.unwrap_or(current.item),
                quantity: quantity.unwrap_or(current.quantity),
                issued_on: date.unwrap_or(current.issued_on),
                note: note.unwrap_or(current.note),
            };
            let i = ledger.update_uniform_issue(&current.id, current.revision, &input)?;
            if json {
                output::json(&i)?;
            } else {
                println!("已修改发放记录 {}（版本 {}）", i.id, i.revision);
            }
        }
        UniformCmd::Delete { id } => {
            let i = find_issue(ledger, &id)?;
            ledger.delete_uniform_issue(&i.id, i.revision)?;
            println!("已删除发放记录 {}（{} {}）", i.id, i.staff_name, i.item);
        }
        UniformCmd::Zone { zone } => match zone {
            Some(z) => {
                let Some(z) = choice("气候区", &z, ClimateZone::parse, ClimateZone::choices())? else {
                    return Err(
                        LedgerError::invalid("气候区", format!("不能为空，应为 {}", ClimateZone::choices())).into()
                    );
                };
                ledger.set_climate_zone(z)?;
                println!("本单位气候区已设为：{}", z.label());
            }
            None => match ledger.climate_zone()? {
                Some(z) => println!("本单位气候区：{}", z.label()),
                None => println!("尚未设置本单位气候区（可选：{}）", ClimateZone::choices()),
            },
        },
        UniformCmd::Scale { json } => {
            let scale = ledger.uniform_scale()?;
            if json {
                output::json(&scale)?;
            } else {
                output::scale_table(&scale, ledger.climate_zone()?);
            }
        }
        UniformCmd::Status { date, json } => {
            let Some(all) = ledger.uniform_overview(date_arg("参考日期", &date)?)? else {
                return Err(LedgerError::Rejected(format!(
                    "尚未设置本单位气候区，无法确定配发标准；请先运行 ledgerctl uniform zone 气候区（{}）",
                    ClimateZone::choices()
                ))
                .into());
            };
            if json {
                output::json(&all)?;
            } else {
                output::uniform_status_table(&all);
            }
        }
    }
    Ok(())
}
