//! `cert`: enforcement certificates (执法证件), their 审验 and what falls due.

use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;
use ledger_core::people::{
    CertKind, CertReviewInput, CertStatus, CertificateInput, CertificateQuery, DUE_WARNING_DAYS,
};
use ledger_core::store::dates;
use ledger_core::Ledger;

use super::person_id;
use crate::commands::{choice, date_arg, opt, unit_named};
use crate::output;

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
            output::show(json, &page.items, || output::certificate_table(&page.items))?;
        }
        CertCmd::Add { person, fields, json } => {
            let mut input = CertificateInput { staff_id: person_id(ledger, &person)?, ..CertificateInput::default() };
            apply_cert(&mut input, &fields)?;
            let c = ledger.create_certificate(&input)?;
            output::show(json, &c, || {
                println!("已登记证件 {}（{} {} {}）", c.id, c.staff_name, c.kind.label(), c.number)
            })?;
        }
        CertCmd::Show { id, json } => {
            let d = ledger.certificate_detail(&id)?;
            output::show(json, &d, || output::certificate_detail(&d))?;
        }
        CertCmd::Update { id, person, fields, json } => {
            let current = ledger.certificate(&id)?;
            let mut input = current.to_input();
            if let Some(p) = &person {
                input.staff_id = person_id(ledger, p)?;
            }
            apply_cert(&mut input, &fields)?;
            let c = ledger.update_certificate(&current.id, current.revision, &input)?;
            output::show(json, &c, || println!("已修改证件 {}（版本 {}）", c.id, c.revision))?;
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
            output::show(json, &due, || output::due_table(&due))?;
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
