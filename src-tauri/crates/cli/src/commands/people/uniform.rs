//! `uniform`: the uniform scale, issues (服装发放) and what each person is due.

use anyhow::Result;
use clap::Subcommand;
use ledger_core::people::{ClimateZone, UniformIssue, UniformIssueInput, UniformIssueQuery};
use ledger_core::{Ledger, LedgerError};

use super::person_id;
use crate::commands::{choice, date_arg};
use crate::output;

#[derive(Subcommand)]
pub enum UniformCmd {
    /// 列出服装发放记录（最新在前）
    List {
        /// 只列此人的
        #[arg(long)]
        person: Option<String>,
        /// 按姓名、品名或所在单位搜索（全角字母数字与半角相同）
        #[arg(long, value_name = "关键词")]
        search: Option<String>,
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
        #[arg(long, value_name = "品名")]
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
        /// 品名
        #[arg(long, value_name = "品名")]
        item: Option<String>,
        /// 数量
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
    Zone {
        /// 气候区（不写则显示当前的）
        zone: Option<String>,
    },
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
        UniformCmd::List { person, search, json } => {
            let staff_id = person.map(|p| person_id(ledger, &p)).transpose()?;
            let mut items = match search {
                // The search the app's 发放记录 tab runs, over every page.
                Some(text) => {
                    let q = UniformIssueQuery { search: Some(text), ..UniformIssueQuery::default() };
                    ledger.uniform_issue_page(&q)?.items
                }
                None => ledger.list_uniform_issues(staff_id.as_deref())?,
            };
            items.retain(|i| staff_id.as_ref().is_none_or(|id| i.staff_id == *id));
            output::show(json, &items, || output::issue_table(&items))?;
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
            output::show(json, &i, || {
                println!("已登记发放 {}（{} {} {} 件，{}）", i.id, i.staff_name, i.item, i.quantity, i.issued_on)
            })?;
        }
        UniformCmd::Show { id, json } => {
            let i = find_issue(ledger, &id)?;
            output::show(json, &i, || output::issue_table(std::slice::from_ref(&i)))?;
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
            output::show(json, &i, || println!("已修改发放记录 {}（版本 {}）", i.id, i.revision))?;
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
            output::show(json, &all, || output::uniform_status_table(&all))?;
        }
    }
    Ok(())
}
