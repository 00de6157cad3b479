//! `staff`: the roster (执法人员), each person with their certificates, secondments and training.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Subcommand, ValueEnum};
use ledger_core::people::{CertFilter, Education, Establishment, Gender, MajorCategory, Post, StaffInput, StaffQuery};
use ledger_core::store::dates;
use ledger_core::Ledger;

use super::person_id;
use crate::commands::{choice, date_arg, opt, unit_named, yes};
use crate::output;

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
    #[arg(long, value_name = "姓名")]
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
            output::show(json, &page.items, || output::staff_table(&page.items, page.total))?;
        }
        StaffCmd::Add { fields, json } => {
            let mut input = StaffInput::default();
            apply_staff(ledger, &mut input, &fields)?;
            let s = ledger.create_staff(&input)?;
            output::show(json, &s, || println!("已添加人员 {}（{}，{}）", s.id, s.name, s.unit_name))?;
        }
        StaffCmd::Show { person, as_of, json } => {
            let id = person_id(ledger, &person)?;
            let d = ledger.staff_detail(&id, Some(date_arg("参考日期", &as_of)?))?;
            output::show(json, &d, || output::staff_detail(&d))?;
        }
        StaffCmd::Update { person, fields, json } => {
            let current = ledger.staff(&person_id(ledger, &person)?)?;
            let mut input = current.to_input();
            apply_staff(ledger, &mut input, &fields)?;
            let s = ledger.update_staff(&current.id, current.revision, &input)?;
            output::show(json, &s, || println!("已修改人员 {}（{}，版本 {}）", s.id, s.name, s.revision))?;
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
