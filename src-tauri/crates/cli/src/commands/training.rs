//! `training`: sessions of training and 练兵 with their attendance, and the list of kinds.

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;
use ledger_core::training::excel::split_attendees;
use ledger_core::training::{AttendeeInput, Level, TrainingInput, TrainingQuery};
use ledger_core::Ledger;

use super::people::person_id;
use super::{choice, opt};
use crate::output;

#[derive(clap::Args, Default)]
pub struct TrainingFields {
    /// 培训名称
    #[arg(long)]
    title: Option<String>,
    /// 培训类型（见 training kinds），如：全员轮训、军训队列、实战比武
    #[arg(long)]
    kind: Option<String>,
    /// 级别：国家、省、市、县
    #[arg(long)]
    level: Option<String>,
    /// 主办单位
    #[arg(long)]
    organiser: Option<String>,
    /// 开始日期
    #[arg(long, value_name = "YYYY-MM-DD")]
    start: Option<String>,
    /// 结束日期（默认与开始日期同一天）
    #[arg(long, value_name = "YYYY-MM-DD")]
    end: Option<String>,
    /// 学时
    #[arg(long)]
    hours: Option<f64>,
    /// 地点
    #[arg(long)]
    place: Option<String>,
    /// 备注
    #[arg(long)]
    note: Option<String>,
    /// 参加人员，用“、”分隔；同名的写明单位，如：张三、王磊（第一执法中队）。修改时替换原名单
    #[arg(long)]
    attendees: Option<String>,
}

#[derive(Subcommand)]
pub enum TrainingCmd {
    /// 列出培训（最新在前）
    List {
        /// 开始日期所在年度
        #[arg(long)]
        year: Option<i32>,
        /// 培训类型
        #[arg(long)]
        kind: Option<String>,
        /// 按名称或主办单位搜索
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        limit: Option<u32>,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[arg(long)]
        json: bool,
    },
    /// 登记培训及参加人员
    Add {
        #[command(flatten)]
        fields: TrainingFields,
        #[arg(long)]
        json: bool,
    },
    /// 查看培训及参加人员
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// 修改培训（只改给出的字段；给出 --attendees 时替换参加人员名单）
    Update {
        id: String,
        #[command(flatten)]
        fields: TrainingFields,
        #[arg(long)]
        json: bool,
    },
    /// 上传签到表、照片等佐证材料
    Attach { id: String, file: PathBuf },
    /// 删除培训（连同其参加记录，保留删除记录）
    Delete { id: String },
    /// 培训类型列表
    Kinds {
        #[arg(long)]
        json: bool,
    },
    /// 添加培训类型
    KindAdd {
        /// 培训类别名称
        name: String,
    },
}

fn apply_training(ledger: &Ledger, input: &mut TrainingInput, f: &TrainingFields) -> Result<()> {
    if let Some(v) = &f.title {
        input.title = v.clone();
    }
    if let Some(v) = &f.kind {
        input.kind = v.clone();
    }
    if let Some(v) = &f.level {
        input.level = choice("级别", v, Level::parse, Level::choices())?;
    }
    if let Some(v) = &f.organiser {
        input.organiser = v.clone();
    }
    if let Some(v) = &f.start {
        input.start_on = v.clone();
    }
    if let Some(v) = &f.end {
        input.end_on = opt(v);
    }
    if f.hours.is_some() {
        input.hours = f.hours;
    }
    if let Some(v) = &f.place {
        input.place = v.clone();
    }
    if let Some(v) = &f.note {
        input.note = v.clone();
    }
    // The list replaces the attendance; people who stay keep their own hours, score and award.
    if let Some(v) = &f.attendees {
        let kept: HashMap<String, AttendeeInput> = input.attendees.drain(..).map(|a| (a.staff_id.clone(), a)).collect();
        for who in split_attendees(v) {
            let id = person_id(ledger, &who)?;
            input
                .attendees
                .push(kept.get(&id).cloned().unwrap_or(AttendeeInput { staff_id: id, ..Default::default() }));
        }
    }
    Ok(())
}

pub fn run(ledger: &mut Ledger, cmd: TrainingCmd) -> Result<()> {
    match cmd {
        TrainingCmd::List { year, kind, search, limit, offset, json } => {
            let page = ledger.list_training(&TrainingQuery { year, kind, search, offset, limit })?;
            output::show(json, &page.items, || output::training_table(&page.items, page.total))?;
        }
        TrainingCmd::Add { fields, json } => {
            let mut input = TrainingInput::default();
            apply_training(ledger, &mut input, &fields)?;
            let s = ledger.create_training(&input)?;
            output::show(json, &s, || println!("已登记培训 {}（{}，{} 人参加）", s.id, s.title, s.attendee_count))?;
        }
        TrainingCmd::Show { id, json } => {
            let d = ledger.training_detail(&id)?;
            output::show(json, &d, || output::training_detail(&d))?;
        }
        TrainingCmd::Update { id, fields, json } => {
            let d = ledger.training_detail(&id)?;
            let mut input = d.session.to_input(&d.attendance);
            apply_training(ledger, &mut input, &fields)?;
            let s = ledger.update_training(&d.session.id, d.session.revision, &input)?;
            output::show(json, &s, || {
                println!("已修改培训 {}（版本 {}，{} 人参加）", s.id, s.revision, s.attendee_count)
            })?;
        }
        TrainingCmd::Attach { id, file } => {
            let s = ledger.training(&id)?;
            let e = ledger.attach_evidence("training_session", &s.id, &file)?;
            println!("已上传佐证材料：{}（SHA-256 {}）", e.file_name, e.sha256);
        }
        TrainingCmd::Delete { id } => {
            let s = ledger.training(&id)?;
            ledger.delete_training(&s.id, s.revision)?;
            println!("已删除培训 {}（{}）", s.id, s.title);
        }
        TrainingCmd::Kinds { json } => {
            let kinds = ledger.training_kinds()?;
            output::show(json, &kinds, || {
                for k in &kinds {
                    println!("{}{}", k.name, if k.builtin { "" } else { "（自定义）" });
                }
            })?;
        }
        TrainingCmd::KindAdd { name } => {
            let k = ledger.add_training_kind(&name)?;
            println!("已添加培训类型：{}", k.name);
        }
    }
    Ok(())
}
