//! `task` and `summary`: the key-task ledger (重点任务分工台账).

use std::path::PathBuf;

use anyhow::Result;
use clap::{Subcommand, ValueEnum};
use ledger_core::store::dates;
use ledger_core::tasks::{
    deadline, DeadlineKind, ProgressInput, StatusFilter, TaskInput, TaskQuery, TaskSort, TaskStatus,
};
use ledger_core::{Ledger, LedgerError};

use super::{this_year, unit_named};
use crate::output;

#[derive(Clone, Copy, ValueEnum)]
enum DeadlineKindArg {
    Dated,
    Ongoing,
    Unrecognized,
}

#[derive(clap::Args, Default)]
pub struct Filter {
    #[arg(long)]
    year: Option<i32>,
    /// 未开始、进行中、已完成、已逾期、即将到期
    #[arg(long)]
    status: Option<String>,
    /// 承办单位名称
    #[arg(long)]
    unit: Option<String>,
    /// 项目
    #[arg(long)]
    category: Option<String>,
    /// 只列完成时限在此日期及以后的任务
    #[arg(long, value_name = "YYYY-MM-DD")]
    due_from: Option<String>,
    /// 只列完成时限在此日期及以前的任务
    #[arg(long, value_name = "YYYY-MM-DD")]
    due_to: Option<String>,
    /// 时限类型：dated（有截止日期）、ongoing（长期坚持）、unrecognized（时限未识别）
    #[arg(long, value_enum)]
    deadline_kind: Option<DeadlineKindArg>,
    /// 搜索任务内容（如：执法、台账）
    #[arg(long)]
    search: Option<String>,
    /// 排序：seq、due、updated、category、status
    #[arg(long, default_value = "seq")]
    sort: String,
    /// 倒序排列
    #[arg(long)]
    desc: bool,
    /// 参考日期（判断逾期、即将到期），默认今天
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
}

#[derive(clap::Args, Default)]
pub struct Fields {
    #[arg(long)]
    year: Option<i32>,
    /// 序号
    #[arg(long)]
    seq: Option<i64>,
    /// 项目
    #[arg(long)]
    category: Option<String>,
    /// 主要任务
    #[arg(long)]
    main_task: Option<String>,
    /// 具体任务
    #[arg(long)]
    detail: Option<String>,
    /// 牵头单位，多个用“、”分隔，“/”表示无
    #[arg(long)]
    lead: Option<String>,
    /// 责任单位，多个用“、”分隔
    #[arg(long)]
    responsible: Option<String>,
    /// 完成时限，如：7月底前、5月15日前、长期坚持
    #[arg(long)]
    deadline: Option<String>,
    /// 未开始、进行中、已完成
    #[arg(long)]
    status: Option<String>,
    /// 承办单位名称
    #[arg(long)]
    unit: Option<String>,
}

#[derive(Subcommand)]
pub enum TaskCmd {
    /// 列出任务
    List {
        #[command(flatten)]
        filter: Filter,
        #[arg(long)]
        limit: Option<u32>,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[arg(long)]
        json: bool,
    },
    /// 新建任务
    Add {
        #[command(flatten)]
        fields: Fields,
        #[arg(long)]
        json: bool,
    },
    /// 查看任务（编号或其前 8 位以上）
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// 修改任务（只改给出的字段）
    Update {
        id: String,
        #[command(flatten)]
        fields: Fields,
        #[arg(long)]
        json: bool,
    },
    /// 填报进展
    Progress {
        id: String,
        #[arg(long)]
        note: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// 填报人（默认：操作人）
        #[arg(long)]
        author: Option<String>,
    },
    /// 上传佐证材料
    Attach { id: String, file: PathBuf },
    /// 删除任务（保留删除记录）
    Delete { id: String },
    /// 试读完成时限（不保存）：如“10月上旬”读作哪一天
    Deadline {
        /// 完成时限，如：7月底前、5月15日前、10月上旬、长期坚持
        #[arg(value_name = "完成时限")]
        text: String,
        /// 任务所属年度（时限未写年份时按此年度），默认今年
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
}

fn status(s: &Option<String>) -> Result<Option<TaskStatus>> {
    match s {
        None => Ok(None),
        Some(s) => TaskStatus::parse(s)
            .map(Some)
            .ok_or_else(|| LedgerError::invalid("状态", format!("“{s}”应为 未开始、进行中 或 已完成")).into()),
    }
}

pub fn query(ledger: &Ledger, f: &Filter, limit: Option<u32>, offset: u32) -> Result<TaskQuery> {
    let status = match &f.status {
        None => None,
        Some(s) => Some(StatusFilter::parse(s).ok_or_else(|| {
            LedgerError::invalid("状态", format!("“{s}”应为 未开始、进行中、已完成、已逾期 或 即将到期"))
        })?),
    };
    let sort = match f.sort.as_str() {
        "seq" => TaskSort::Seq,
        "due" | "due_date" => TaskSort::DueDate,
        "updated" | "updated_at" => TaskSort::UpdatedAt,
        "category" => TaskSort::Category,
        "status" => TaskSort::Status,
        other => {
            return Err(
                LedgerError::invalid("排序", format!("“{other}”应为 seq、due、updated、category 或 status")).into()
            )
        }
    };
    Ok(TaskQuery {
        year: f.year,
        status,
        unit_id: unit_named(ledger, &f.unit, "承办单位")?,
        category: f.category.clone(),
        due_from: f.due_from.clone(),
        due_to: f.due_to.clone(),
        deadline_kind: f.deadline_kind.map(|k| match k {
            DeadlineKindArg::Dated => DeadlineKind::Dated,
            DeadlineKindArg::Ongoing => DeadlineKind::Ongoing,
            DeadlineKindArg::Unrecognized => DeadlineKind::Unrecognized,
        }),
        search: f.search.clone(),
        sort,
        desc: f.desc,
        offset,
        limit,
        as_of: f.as_of.clone(),
    })
}

fn apply_fields(ledger: &Ledger, input: &mut TaskInput, f: &Fields) -> Result<()> {
    let units = |s: &str| vec![s.to_string()];
    if let Some(y) = f.year {
        input.year = y;
    }
    if f.seq.is_some() {
        input.seq = f.seq;
    }
    if let Some(v) = &f.category {
        input.category = v.clone();
    }
    if let Some(v) = &f.main_task {
        input.main_task = v.clone();
    }
    if let Some(v) = &f.detail {
        input.detail = v.clone();
    }
    if let Some(v) = &f.lead {
        input.lead_units = units(v);
    }
    if let Some(v) = &f.responsible {
        input.responsible_units = units(v);
    }
    if let Some(v) = &f.deadline {
        input.deadline_text = v.clone();
    }
    if f.status.is_some() {
        input.status = status(&f.status)?;
    }
    if f.unit.is_some() {
        input.unit_id = unit_named(ledger, &f.unit, "承办单位")?;
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct SummaryArgs {
    #[arg(long)]
    year: Option<i32>,
    /// 参考日期（判断逾期、即将到期），默认今天
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
    #[arg(long)]
    json: bool,
}

pub fn summary(ledger: &Ledger, a: SummaryArgs) -> Result<()> {
    let as_of = a.as_of.map(|s| dates::parse_field("参考日期", &s)).transpose()?;
    let s = ledger.task_summary(a.year, as_of)?;
    output::show(a.json, &s, || {
        println!(
            "共 {} 项：未开始 {}，进行中 {}，已完成 {}；已逾期 {}，即将到期 {}；长期坚持 {}；时限未识别 {}",
            s.total, s.not_started, s.in_progress, s.done, s.overdue, s.due_soon, s.ongoing, s.unrecognized_deadlines
        );
    })?;
    Ok(())
}

pub fn run(ledger: &mut Ledger, cmd: TaskCmd) -> Result<()> {
    match cmd {
        TaskCmd::List { filter, limit, offset, json } => {
            let q = query(ledger, &filter, limit, offset)?;
            let page = ledger.list_tasks(&q)?;
            output::show(json, &page.items, || output::task_table(&page.items, page.total))?;
        }
        TaskCmd::Add { fields, json } => {
            let mut input = TaskInput { year: this_year(), ..TaskInput::default() };
            apply_fields(ledger, &mut input, &fields)?;
            let t = ledger.create_task(&input)?;
            output::show(json, &t, || println!("已新建任务 {}（{} 年第 {} 项）", t.id, t.year, t.seq))?;
        }
        TaskCmd::Show { id, json } => {
            let d = ledger.task_detail(&id)?;
            output::show(json, &d, || output::task_detail(&d))?;
        }
        TaskCmd::Update { id, fields, json } => {
            let current = ledger.task(&id)?;
            let mut input = current.to_input();
            apply_fields(ledger, &mut input, &fields)?;
            let t = ledger.update_task(&current.id, current.revision, &input)?;
            output::show(json, &t, || println!("已修改任务 {}（版本 {}）", t.id, t.revision))?;
        }
        TaskCmd::Progress { id, note, date, author } => {
            let t = ledger.task(&id)?;
            let p = ledger.add_progress(&t.id, &ProgressInput { entry_date: date, author, note })?;
            println!("已填报进展（{}，{}）", p.entry_date, p.author);
        }
        TaskCmd::Attach { id, file } => {
            let t = ledger.task(&id)?;
            let e = ledger.attach_evidence("task", &t.id, &file)?;
            println!("已上传佐证材料：{}（SHA-256 {}）", e.file_name, e.sha256);
        }
        TaskCmd::Delete { id } => {
            let t = ledger.task(&id)?;
            ledger.delete_task(&t.id, t.revision)?;
            println!("已删除任务 {}", t.id);
        }
        TaskCmd::Deadline { text, year, json } => {
            let r = deadline::reading(&text, year.unwrap_or_else(this_year));
            output::show(json, &r, || println!("{}", output::deadline_reading(&r)))?;
        }
    }
    Ok(())
}
