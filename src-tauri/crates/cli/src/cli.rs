//! The command line: argument definitions and their dispatch to `ledger-core`.

use std::path::PathBuf;

use anyhow::Result;
use chrono::Datelike;
use clap::{Parser, Subcommand, ValueEnum};
use ledger_core::excel::ImportMode;
use ledger_core::model::{
    AuditQuery, DeadlineKind, ProgressInput, StatusFilter, TaskInput, TaskQuery, TaskSort, TaskStatus, UnitInput,
};
use ledger_core::template::Template;
use ledger_core::{dates, demo, paths, Ledger, LedgerError};

use crate::output;

/// 规范化建设台账 命令行工具
#[derive(Parser)]
#[command(name = "ledgerctl", version, about = "规范化建设台账（Branch Ledger）命令行工具")]
pub struct Args {
    /// 数据库文件路径（默认：环境变量 BRANCH_LEDGER_DB，或用户数据目录下的 ledger.sqlite3）
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// 记入操作日志的操作人（默认：系统用户名）
    #[arg(long, global = true, value_name = "NAME")]
    actor: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 初始化本单位（分局）
    Init {
        #[arg(long, value_name = "NAME")]
        branch_name: String,
    },
    /// 显示数据库位置与本单位信息
    Info {
        #[arg(long)]
        json: bool,
    },
    /// 组织机构（中队、所、驻巡站）
    #[command(subcommand)]
    Unit(UnitCmd),
    /// 年度任务模板
    #[command(subcommand)]
    Template(TemplateCmd),
    /// 重点任务分工台账
    #[command(subcommand)]
    Task(TaskCmd),
    /// 按状态统计任务
    Summary {
        #[arg(long)]
        year: Option<i32>,
        /// 参考日期（判断逾期、即将到期），默认今天
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 从 Excel/WPS 表格（.xlsx/.xls/.ods）导入
    ImportXlsx {
        #[arg(long, value_enum)]
        ledger: LedgerKind,
        file: PathBuf,
        /// 有错误的行跳过，只导入有效行
        #[arg(long, conflicts_with = "dry_run")]
        valid_rows_only: bool,
        /// 只检查，不写入
        #[arg(long)]
        dry_run: bool,
        /// 表中没有“年度”列时使用的年度（默认今年）
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
    /// 导出为 Excel 表格（.xlsx）
    ExportXlsx {
        #[arg(long, value_enum)]
        ledger: LedgerKind,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        filter: Filter,
    },
    /// 操作日志（最新在前）
    Audit {
        #[arg(long)]
        entity: Option<String>,
        #[arg(long, value_name = "ID")]
        id: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// 生成演示数据（写入新的空数据库）
    Demo {
        #[arg(long, value_enum, default_value = "small")]
        scale: DemoScale,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// 在当前数据库上测量常用操作的耗时
    Bench {
        /// 每项测量的次数（取中位数）
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
    /// 用 SQLite 在线备份接口备份数据库
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum LedgerKind {
    /// 重点任务分工台账
    Tasks,
}

#[derive(Clone, Copy, ValueEnum)]
enum DeadlineKindArg {
    Dated,
    Ongoing,
    Unrecognized,
}

#[derive(Clone, Copy, ValueEnum)]
enum DemoScale {
    Small,
    Large,
}

#[derive(Subcommand)]
enum UnitCmd {
    /// 列出单位
    List {
        #[arg(long)]
        json: bool,
    },
    /// 添加单位
    Add {
        #[arg(long)]
        name: String,
        /// 分局、执法大队、执法中队、生态环境保护所、驻巡站、科室、其他
        #[arg(long)]
        kind: String,
        /// 上级单位名称（默认本单位）
        #[arg(long)]
        parent: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum TemplateCmd {
    /// 用模板建立某年度的台账（默认内置的枣庄 2024 年 29 项任务）
    Apply {
        #[arg(long)]
        year: i32,
        /// 模板文件（TOML），见 seeds/templates/
        #[arg(long)]
        file: Option<PathBuf>,
    },
}

#[derive(clap::Args, Default)]
struct Filter {
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
    #[arg(long, value_name = "YYYY-MM-DD")]
    due_from: Option<String>,
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
    #[arg(long)]
    desc: bool,
    /// 参考日期（判断逾期、即将到期），默认今天
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
}

#[derive(clap::Args, Default)]
struct Fields {
    #[arg(long)]
    year: Option<i32>,
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
enum TaskCmd {
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
        #[arg(long)]
        author: Option<String>,
    },
    /// 上传佐证材料
    Attach { id: String, file: PathBuf },
    /// 删除任务（保留删除记录）
    Delete { id: String },
}

fn open(args: &Args) -> Result<Ledger> {
    let mut ledger = Ledger::open(paths::resolve_db_path(args.db.clone()))?;
    if let Some(a) = &args.actor {
        ledger.set_actor(a.clone());
    }
    Ok(ledger)
}

fn unit_id(ledger: &Ledger, name: &Option<String>) -> Result<Option<String>> {
    match name {
        None => Ok(None),
        Some(n) => match ledger.unit_by_name(n)? {
            Some(u) => Ok(Some(u.id)),
            None => Err(LedgerError::invalid("承办单位", format!("没有名为“{n}”的单位")).into()),
        },
    }
}

fn status(s: &Option<String>) -> Result<Option<TaskStatus>> {
    match s {
        None => Ok(None),
        Some(s) => TaskStatus::parse(s)
            .map(Some)
            .ok_or_else(|| LedgerError::invalid("状态", format!("“{s}”应为 未开始、进行中 或 已完成")).into()),
    }
}

fn query(ledger: &Ledger, f: &Filter, limit: Option<u32>, offset: u32) -> Result<TaskQuery> {
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
        unit_id: unit_id(ledger, &f.unit)?,
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
        input.unit_id = unit_id(ledger, &f.unit)?;
    }
    Ok(())
}

fn this_year() -> i32 {
    dates::today().year()
}

/// Run one command.
pub fn run(args: Args) -> Result<()> {
    let mut ledger = open(&args)?;
    match args.command {
        Command::Init { branch_name } => {
            let b = ledger.init_branch(&branch_name)?;
            println!("已初始化：{}（数据库 {}）", b.name, ledger.db_path().display());
        }
        Command::Info { json } => {
            let info = serde_json::json!({
                "version": env!("CARGO_PKG_VERSION"),
                "db_path": ledger.db_path(),
                "data_dir": ledger.data_dir(),
                "schema_version": ledger_core::db::version(ledger.conn())?,
                "branch": ledger.branch()?,
            });
            if json {
                output::json(&info)?;
            } else {
                println!("数据库：{}", ledger.db_path().display());
                println!("本单位：{}", ledger.branch()?.map(|b| b.name).unwrap_or_else(|| "（未初始化）".into()));
            }
        }
        Command::Unit(UnitCmd::List { json }) => {
            let units = ledger.list_units()?;
            if json {
                output::json(&units)?;
            } else {
                for u in &units {
                    println!("{}  {:<8}  {}", &u.id[..8], u.kind, u.name);
                }
            }
        }
        Command::Unit(UnitCmd::Add { name, kind, parent, json }) => {
            let parent_id = unit_id(&ledger, &parent)?;
            let u = ledger.add_unit(&UnitInput { name, kind, parent_id })?;
            if json {
                output::json(&u)?;
            } else {
                println!("已添加单位：{}（{}）", u.name, u.kind);
            }
        }
        Command::Template(TemplateCmd::Apply { year, file }) => {
            let t = match file {
                Some(p) => Template::load(&p)?,
                None => Template::builtin(),
            };
            let n = ledger.apply_template(&t, year)?;
            println!("已按模板“{}”建立 {year} 年度台账：{n} 项任务", t.title);
        }
        Command::Task(cmd) => task(&mut ledger, cmd)?,
        Command::Summary { year, as_of, json } => {
            let as_of = as_of.map(|s| dates::parse_field("参考日期", &s)).transpose()?;
            let s = ledger.task_summary(year, as_of)?;
            if json {
                output::json(&s)?;
            } else {
                println!(
                    "共 {} 项：未开始 {}，进行中 {}，已完成 {}；已逾期 {}，即将到期 {}；长期坚持 {}；时限未识别 {}",
                    s.total,
                    s.not_started,
                    s.in_progress,
                    s.done,
                    s.overdue,
                    s.due_soon,
                    s.ongoing,
                    s.unrecognized_deadlines
                );
            }
        }
        Command::ImportXlsx { ledger: LedgerKind::Tasks, file, valid_rows_only, dry_run, year, json } => {
            let mode = if dry_run {
                ImportMode::DryRun
            } else if valid_rows_only {
                ImportMode::ValidRowsOnly
            } else {
                ImportMode::AllOrNothing
            };
            let r = ledger.import_tasks(&file, mode, year.unwrap_or_else(this_year))?;
            if json {
                output::json(&r)?;
            } else {
                output::import_report(&r);
            }
        }
        Command::ExportXlsx { ledger: LedgerKind::Tasks, out, filter } => {
            let q = query(&ledger, &filter, None, 0)?;
            let r = ledger.export_tasks(&out, &q)?;
            println!("已导出 {} 项到 {}", r.rows, r.path);
        }
        Command::Audit { entity, id, limit, json } => {
            let page = ledger.audit_log(&AuditQuery { entity, entity_id: id, offset: 0, limit: Some(limit) })?;
            if json {
                output::json(&page.items)?;
            } else {
                output::audit_table(&page.items, page.total);
            }
        }
        Command::Demo { scale, seed } => {
            let scale = match scale {
                DemoScale::Small => demo::Scale::Small,
                DemoScale::Large => demo::Scale::Large,
            };
            let started = std::time::Instant::now();
            let c = ledger.generate_demo(scale, seed)?;
            println!(
                "演示数据已生成：单位 {}，任务 {}，进展 {}，操作日志 {}（用时 {:.1} 秒）",
                c.units,
                c.tasks,
                c.progress,
                c.audit,
                started.elapsed().as_secs_f64()
            );
        }
        Command::Bench { runs } => crate::bench::run(&mut ledger, runs)?,
        Command::Backup { out } => {
            ledger.backup_to(&out)?;
            println!("已备份到 {}", out.display());
        }
    }
    Ok(())
}

fn task(ledger: &mut Ledger, cmd: TaskCmd) -> Result<()> {
    match cmd {
        TaskCmd::List { filter, limit, offset, json } => {
            let q = query(ledger, &filter, limit, offset)?;
            let page = ledger.list_tasks(&q)?;
            if json {
                output::json(&page.items)?;
            } else {
                output::task_table(&page.items, page.total);
            }
        }
        TaskCmd::Add { fields, json } => {
            let mut input = TaskInput { year: this_year(), ..TaskInput::default() };
            apply_fields(ledger, &mut input, &fields)?;
            let t = ledger.create_task(&input)?;
            if json {
                output::json(&t)?;
            } else {
                println!("已新建任务 {}（{} 年第 {} 项）", t.id, t.year, t.seq);
            }
        }
        TaskCmd::Show { id, json } => {
            let d = ledger.task_detail(&id)?;
            if json {
                output::json(&d)?;
            } else {
                output::task_detail(&d);
            }
        }
        TaskCmd::Update { id, fields, json } => {
            let current = ledger.task(&id)?;
            let mut input = current.to_input();
            apply_fields(ledger, &mut input, &fields)?;
            let t = ledger.update_task(&current.id, current.revision, &input)?;
            if json {
                output::json(&t)?;
            } else {
                println!("已修改任务 {}（版本 {}）", t.id, t.revision);
            }
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
    }
    Ok(())
}
