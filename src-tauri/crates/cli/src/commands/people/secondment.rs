//! `secondment`: secondments (借调) out of the branch and back.

use anyhow::Result;
use clap::Subcommand;
use ledger_core::people::{SecondmentInput, SecondmentQuery};
use ledger_core::Ledger;

use super::person_id;
use crate::commands::{opt, unit_named, yes};
use crate::output;

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
            output::show(json, &items, || output::secondment_table(&items))?;
        }
        SecondmentCmd::Add { person, fields, json } => {
            let mut input = SecondmentInput { staff_id: person_id(ledger, &person)?, ..SecondmentInput::default() };
            apply_secondment(&mut input, &fields)?;
            let x = ledger.create_secondment(&input)?;
            output::show(json, &x, || println!("已登记借调 {}（{} 借调至 {}）", x.id, x.staff_name, x.destination))?;
        }
        SecondmentCmd::Show { id, json } => {
            let x = ledger.secondment(&id)?;
            output::show(json, &x, || output::secondment_table(std::slice::from_ref(&x)))?;
        }
        SecondmentCmd::Update { id, person, fields, json } => {
            let current = ledger.secondment(&id)?;
            let mut input = current.to_input();
            if let Some(p) = &person {
                input.staff_id = person_id(ledger, p)?;
            }
            apply_secondment(&mut input, &fields)?;
            let x = ledger.update_secondment(&current.id, current.revision, &input)?;
            output::show(json, &x, || println!("已修改借调记录 {}（版本 {}）", x.id, x.revision))?;
        }
        SecondmentCmd::Delete { id } => {
            let x = ledger.secondment(&id)?;
            ledger.delete_secondment(&x.id, x.revision)?;
            println!("已删除借调记录 {}（{} 借调至 {}）", x.id, x.staff_name, x.destination);
        }
    }
    Ok(())
}
