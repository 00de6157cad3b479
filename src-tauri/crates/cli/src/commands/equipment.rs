//! `equipment`: the inventory (执法装备台账) — items, their checkouts and returns, maintenance,
//! transfers and scrapping, the recurring schedules and what is due.
//!
//! An item (ITEM) is named by its 资产编号, its id, or the first 8 characters or more of its id.
//! A person is named as everywhere else: id, name, or `王磊（第一执法中队）` for a namesake.

use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;
use ledger_core::equipment::{
    CheckoutInput, EquipmentInput, EquipmentQuery, EventKind, ItemStatus, MaintenanceInput, ReturnInput, Schedule,
    ScheduleInput, ScrapInput, StandardItem, TransferInput,
};
use ledger_core::{Ledger, LedgerError};

use super::people::person_id;
use super::{choice, date_arg, opt, unit_named, yes};
use crate::output;

/// The live standard item named `name` (spaces ignored), retired ones included.
pub fn standard_named(ledger: &Ledger, name: &str) -> Result<StandardItem> {
    let wanted: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    ledger.standard_list()?.items.into_iter().find(|s| s.name == wanted).ok_or_else(|| {
        LedgerError::invalid("标准装备", format!("标准装备清单中没有“{wanted}”（ledgerctl standard list 查看清单）"))
            .into()
    })
}

fn status_arg(s: &str) -> Result<Option<ItemStatus>> {
    choice("状态", s, ItemStatus::parse, ItemStatus::choices())
}

fn number<T: std::str::FromStr>(field: &str, s: &str) -> Result<Option<T>> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse().map(Some).map_err(|_| LedgerError::invalid(field, format!("“{s}”应为数字")).into())
}

#[derive(clap::Args, Default)]
pub struct ItemFields {
    /// 资产编号（唯一）
    #[arg(long)]
    asset_no: Option<String>,
    /// 装备名称
    #[arg(long)]
    name: Option<String>,
    /// 计为哪一项标准装备（标准装备清单中的名称；写 "" 表示不计入）
    #[arg(long)]
    standard: Option<String>,
    /// 类别（默认取标准装备的类别）
    #[arg(long)]
    category: Option<String>,
    /// 品牌型号
    #[arg(long)]
    model: Option<String>,
    /// 序列号
    #[arg(long)]
    serial: Option<String>,
    /// 数量（耗材如快检试剂包填库存数，其余一件一行，默认 1）
    #[arg(long)]
    quantity: Option<String>,
    /// 购置日期
    #[arg(long, value_name = "YYYY-MM-DD")]
    acquired: Option<String>,
    /// 经费来源
    #[arg(long)]
    funding: Option<String>,
    /// 价格（元）
    #[arg(long)]
    price: Option<String>,
    /// 保修期至
    #[arg(long, value_name = "YYYY-MM-DD")]
    warranty: Option<String>,
    /// 使用年限（年）
    #[arg(long)]
    life: Option<String>,
    /// 所在单位名称（默认本单位）
    #[arg(long)]
    unit: Option<String>,
    /// 存放地点
    #[arg(long)]
    location: Option<String>,
    /// 保管人（写 "" 表示无）
    #[arg(long)]
    custodian: Option<String>,
    /// 状态：在用、维修中、闲置（报废请用 equipment scrap）
    #[arg(long)]
    status: Option<String>,
    /// 无线视频传输（执法记录仪）：是、否
    #[arg(long, value_name = "是/否")]
    wireless: Option<String>,
    /// 备注
    #[arg(long)]
    note: Option<String>,
}

fn apply_item(ledger: &Ledger, input: &mut EquipmentInput, f: &ItemFields) -> Result<()> {
    if let Some(v) = &f.standard {
        input.standard_item_id = match v.trim() {
            "" => None,
            name => Some(standard_named(ledger, name)?.id),
        };
    }
    for (given, field) in [
        (&f.asset_no, &mut input.asset_no),
        (&f.name, &mut input.name),
        (&f.category, &mut input.category),
        (&f.model, &mut input.model),
        (&f.serial, &mut input.serial_no),
        (&f.funding, &mut input.funding),
        (&f.location, &mut input.location),
        (&f.note, &mut input.note),
    ] {
        if let Some(v) = given {
            *field = v.clone();
        }
    }
    if let Some(v) = &f.quantity {
        input.quantity = number("数量", v)?;
    }
    if let Some(v) = &f.price {
        input.price = number("价格", v)?;
    }
    if let Some(v) = &f.life {
        input.service_life_years = number("使用年限", v)?;
    }
    if let Some(v) = &f.acquired {
        input.acquired_on = opt(v);
    }
    if let Some(v) = &f.warranty {
        input.warranty_until = opt(v);
    }
    if f.unit.is_some() {
        input.unit_id = unit_named(ledger, &f.unit, "所在单位")?;
    }
    if let Some(v) = &f.custodian {
        input.custodian_id = match v.trim() {
            "" => None,
            who => Some(person_id(ledger, who)?),
        };
    }
    if let Some(v) = &f.status {
        input.status = status_arg(v)?;
    }
    if let Some(v) = &f.wireless {
        input.wireless_video = yes("无线视频传输", v)?;
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum ScheduleCmd {
    /// 添加定期计划：一件装备（--item），或某项标准装备的全部装备（--standard）
    Add {
        /// 装备（资产编号或编号）
        #[arg(long, conflicts_with = "standard", required_unless_present = "standard")]
        item: Option<String>,
        /// 标准装备名称
        #[arg(long)]
        standard: Option<String>,
        /// 计划类型：维护保养、校准检定、检查
        #[arg(long)]
        kind: String,
        /// 周期（月）
        #[arg(long)]
        every: i64,
        /// 起算日期（尚未做过时从此日起算，默认购置日期）
        #[arg(long, value_name = "YYYY-MM-DD")]
        start: Option<String>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 列出定期计划
    List {
        #[arg(long)]
        json: bool,
    },
    /// 删除定期计划（编号或其前 8 位以上）
    Delete { id: String },
}

#[derive(Subcommand)]
pub enum EquipmentCmd {
    /// 列出装备（默认不含已报废）
    List {
        /// 类别
        #[arg(long)]
        category: Option<String>,
        /// 状态：在用、维修中、闲置、已报废
        #[arg(long)]
        status: Option<String>,
        /// 所在单位名称
        #[arg(long)]
        unit: Option<String>,
        /// 保管人
        #[arg(long)]
        custodian: Option<String>,
        /// 标准装备名称
        #[arg(long)]
        standard: Option<String>,
        /// 只列已领用未归还的
        #[arg(long)]
        out: bool,
        /// 包括已报废
        #[arg(long)]
        all: bool,
        /// 按资产编号、名称、型号、序列号、存放地点搜索
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        limit: Option<u32>,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[arg(long)]
        json: bool,
    },
    /// 登记装备
    Add {
        #[command(flatten)]
        fields: ItemFields,
        #[arg(long)]
        json: bool,
    },
    /// 查看装备及其全部记录、定期计划和到期事项
    Show {
        /// 装备：编号（或其开头 8 位以上）或资产编号
        item: String,
        /// 计算到期事项的参考日期，默认今天
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 修改装备（只改给出的字段）
    Update {
        /// 装备：编号（或其开头 8 位以上）或资产编号
        item: String,
        #[command(flatten)]
        fields: ItemFields,
        #[arg(long)]
        json: bool,
    },
    /// 删除误登记的装备（保留删除记录；不再使用的装备请用 scrap）
    Delete {
        /// 装备：编号（或其开头 8 位以上）或资产编号
        item: String,
    },
    /// 上传装备的照片、发票等附件
    Attach {
        /// 装备：编号（或其开头 8 位以上）或资产编号
        item: String,
        file: PathBuf,
    },
    /// 领用
    Checkout {
        /// 装备：编号（或其开头 8 位以上）或资产编号
        item: String,
        /// 领用人
        #[arg(long)]
        person: String,
        /// 领用日期，默认今天
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// 用途
        #[arg(long)]
        purpose: Option<String>,
        /// 预计归还日期
        #[arg(long, value_name = "YYYY-MM-DD")]
        expect: Option<String>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 归还
    Return {
        /// 装备：编号（或其开头 8 位以上）或资产编号
        item: String,
        /// 归还日期，默认今天
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 登记维护保养、维修、校准检定或检查
    Maintain {
        /// 装备：编号（或其开头 8 位以上）或资产编号
        item: String,
        /// 维护保养、维修、校准检定、检查
        #[arg(long)]
        kind: String,
        /// 日期，默认今天
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// 维修、检定单位
        #[arg(long)]
        vendor: Option<String>,
        /// 费用（元）
        #[arg(long)]
        cost: Option<f64>,
        /// 结果
        #[arg(long)]
        result: Option<String>,
        #[arg(long)]
        note: Option<String>,
        /// 此后装备的状态：在用、维修中、闲置（默认不变）
        #[arg(long)]
        status_after: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 调拨到另一单位或保管人
    Transfer {
        /// 装备：编号（或其开头 8 位以上）或资产编号
        item: String,
        /// 调入单位名称（默认不变）
        #[arg(long)]
        unit: Option<String>,
        /// 接收保管人（默认不变；写 "" 表示无）
        #[arg(long)]
        custodian: Option<String>,
        /// 调拨日期，默认今天
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 报废
    Scrap {
        /// 装备：编号（或其开头 8 位以上）或资产编号
        item: String,
        /// 报废原因
        #[arg(long)]
        reason: String,
        /// 审批文号或审批人
        #[arg(long)]
        approval: Option<String>,
        /// 报废日期，默认今天
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 定期计划（校准检定、维护保养、检查）
    #[command(subcommand)]
    Schedule(ScheduleCmd),
    /// 到期和逾期事项：定期计划和应归还的领用
    Due {
        /// 参考日期，默认今天
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// 列出此后多少天内到期的（已逾期的总是列出）
        #[arg(long, default_value_t = 30)]
        days: i64,
        #[arg(long)]
        json: bool,
    },
}

/// The schedule `id` (or the first 8 characters or more of it).
fn find_schedule(ledger: &Ledger, id: &str) -> Result<Schedule> {
    let id = id.trim().to_lowercase();
    let found: Vec<Schedule> = ledger
        .equipment_schedules()?
        .into_iter()
        .filter(|s| s.id == id || (id.len() >= 8 && s.id.starts_with(&id)))
        .collect();
    match <[Schedule; 1]>::try_from(found) {
        Ok([one]) => Ok(one),
        Err(_) => Err(LedgerError::NotFound { entity: "定期计划", id }.into()),
    }
}

fn kind_arg(s: &str) -> Result<EventKind> {
    EventKind::parse(s)
        .ok_or_else(|| LedgerError::invalid("类型", format!("“{s}”应为 维护保养、维修、校准检定 或 检查")).into())
}

fn event_done(json: bool, e: &ledger_core::equipment::EquipmentEvent, what: &str) -> Result<()> {
    output::show(json, e, || println!("已登记{what}：{} {}（{}）", e.asset_no, e.item_name, e.event_on))
}

pub fn run(ledger: &mut Ledger, cmd: EquipmentCmd) -> Result<()> {
    match cmd {
        EquipmentCmd::List { category, status, unit, custodian, standard, out, all, search, limit, offset, json } => {
            let status = match &status {
                Some(s) => status_arg(s)?,
                None => None,
            };
            let q = EquipmentQuery {
                category: category.filter(|c| !c.trim().is_empty()),
                hide_scrapped: !all && status != Some(ItemStatus::Scrapped),
                status,
                unit_id: unit_named(ledger, &unit, "所在单位")?,
                custodian_id: custodian.map(|c| person_id(ledger, &c)).transpose()?,
                standard_item_id: standard.map(|s| standard_named(ledger, &s).map(|s| s.id)).transpose()?,
                checked_out: out.then_some(true),
                search,
                offset,
                limit,
            };
            let page = ledger.list_equipment(&q)?;
            output::show(json, &page.items, || output::equipment_table(&page.items, page.total))?;
        }
        EquipmentCmd::Add { fields, json } => {
            let mut input = EquipmentInput::default();
            apply_item(ledger, &mut input, &fields)?;
            let e = ledger.create_equipment(&input)?;
            output::show(json, &e, || println!("已登记装备 {}（{} {}，{}）", e.id, e.asset_no, e.name, e.unit_name))?;
        }
        EquipmentCmd::Show { item, date, json } => {
            let d = ledger.equipment_detail(&item, Some(date_arg("参考日期", &date)?))?;
            output::show(json, &d, || output::equipment_detail(&d))?;
        }
        EquipmentCmd::Update { item, fields, json } => {
            let current = ledger.equipment(&item)?;
            let mut input = current.to_input();
            apply_item(ledger, &mut input, &fields)?;
            let e = ledger.update_equipment(&current.id, current.revision, &input)?;
            output::show(json, &e, || {
                println!("已修改装备 {}（{} {}，版本 {}）", e.id, e.asset_no, e.name, e.revision)
            })?;
        }
        EquipmentCmd::Delete { item } => {
            let e = ledger.equipment(&item)?;
            ledger.delete_equipment(&e.id, e.revision)?;
            println!("已删除装备 {}（{} {}）", e.id, e.asset_no, e.name);
        }
        EquipmentCmd::Attach { item, file } => {
            let e = ledger.equipment(&item)?;
            let x = ledger.attach_evidence("equipment", &e.id, &file)?;
            println!("已上传附件：{}（SHA-256 {}）", x.file_name, x.sha256);
        }
        EquipmentCmd::Checkout { item, person, date, purpose, expect, note, json } => {
            let e = ledger.equipment(&item)?;
            let input = CheckoutInput {
                person_id: person_id(ledger, &person)?,
                event_on: date,
                purpose: purpose.unwrap_or_default(),
                expected_return_on: expect,
                note: note.unwrap_or_default(),
            };
            let ev = ledger.checkout_equipment(&e.id, &input)?;
            output::show(json, &ev, || {
                println!(
                    "已登记领用：{} {} 由{}领用（{}{}）",
                    ev.asset_no,
                    ev.item_name,
                    ev.person_name.clone().unwrap_or_default(),
                    ev.event_on,
                    ev.expected_return_on.as_deref().map(|d| format!("，预计 {d} 归还")).unwrap_or_default()
                );
            })?;
        }
        EquipmentCmd::Return { item, date, note, json } => {
            let e = ledger.equipment(&item)?;
            let ev =
                ledger.return_equipment(&e.id, &ReturnInput { returned_on: date, note: note.unwrap_or_default() })?;
            output::show(json, &ev, || {
                println!(
                    "已归还：{} {}（{} 领用，{} 归还）",
                    ev.asset_no,
                    ev.item_name,
                    ev.event_on,
                    ev.returned_on.clone().unwrap_or_default()
                );
            })?;
        }
        EquipmentCmd::Maintain { item, kind, date, vendor, cost, result, note, status_after, json } => {
            let e = ledger.equipment(&item)?;
            let kind = kind_arg(&kind)?;
            let input = MaintenanceInput {
                kind: Some(kind),
                event_on: date,
                vendor: vendor.unwrap_or_default(),
                cost,
                result: result.unwrap_or_default(),
                note: note.unwrap_or_default(),
                status_after: match &status_after {
                    Some(s) => status_arg(s)?,
                    None => None,
                },
            };
            let ev = ledger.maintain_equipment(&e.id, &input)?;
            event_done(json, &ev, kind.label())?;
        }
        EquipmentCmd::Transfer { item, unit, custodian, date, note, json } => {
            let e = ledger.equipment(&item)?;
            let input = TransferInput {
                event_on: date,
                to_unit_id: unit_named(ledger, &unit, "调入单位")?,
                to_custodian_id: match custodian.as_deref().map(str::trim) {
                    None => e.custodian_id.clone(),
                    Some("") => None,
                    Some(who) => Some(person_id(ledger, who)?),
                },
                note: note.unwrap_or_default(),
            };
            let ev = ledger.transfer_equipment(&e.id, &input)?;
            output::show(json, &ev, || {
                let who = |s: &Option<String>| s.clone().unwrap_or_else(|| "无".into());
                println!(
                    "已调拨：{} {}（{}）{}（保管人 {}）→ {}（保管人 {}）",
                    ev.asset_no,
                    ev.item_name,
                    ev.event_on,
                    who(&ev.from_unit),
                    who(&ev.from_custodian),
                    who(&ev.to_unit),
                    who(&ev.to_custodian)
                );
            })?;
        }
        EquipmentCmd::Scrap { item, reason, approval, date, note, json } => {
            let e = ledger.equipment(&item)?;
            let input = ScrapInput {
                event_on: date,
                reason,
                approval_doc: approval.unwrap_or_default(),
                note: note.unwrap_or_default(),
            };
            let ev = ledger.scrap_equipment(&e.id, &input)?;
            event_done(json, &ev, "报废")?;
        }
        EquipmentCmd::Schedule(cmd) => schedule(ledger, cmd)?,
        EquipmentCmd::Due { date, days, json } => {
            let d = date_arg("参考日期", &date)?;
            if days < 0 {
                return Err(LedgerError::invalid("天数", "不能为负数").into());
            }
            let due = ledger.equipment_due(d, days)?;
            output::show(json, &due, || output::equipment_due_table(&due, d, days))?;
        }
    }
    Ok(())
}

fn schedule(ledger: &mut Ledger, cmd: ScheduleCmd) -> Result<()> {
    match cmd {
        ScheduleCmd::Add { item, standard, kind, every, start, note, json } => {
            let input = ScheduleInput {
                item_id: item.map(|i| ledger.equipment(&i).map(|e| e.id)).transpose()?,
                standard_item_id: standard.map(|s| standard_named(ledger, &s).map(|s| s.id)).transpose()?,
                kind: Some(kind_arg(&kind)?),
                every_months: every,
                start_on: start.as_deref().and_then(opt),
                note: note.unwrap_or_default(),
            };
            let s = ledger.create_schedule(&input)?;
            output::show(json, &s, || {
                println!("已添加定期计划 {}（{}：每 {} 个月{}）", s.id, s.target, s.every_months, s.kind.label())
            })?;
        }
        ScheduleCmd::List { json } => {
            let all = ledger.equipment_schedules()?;
            output::show(json, &all, || output::schedule_table(&all))?;
        }
        ScheduleCmd::Delete { id } => {
            let s = find_schedule(ledger, &id)?;
            ledger.delete_schedule(&s.id, s.revision)?;
            println!("已删除定期计划 {}（{}：每 {} 个月{}）", s.id, s.target, s.every_months, s.kind.label());
        }
    }
    Ok(())
}
