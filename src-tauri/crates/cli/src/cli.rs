//! The command line: the global options, the command groups, and the dispatch to them.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};
use ledger_core::store::paths;
use ledger_core::Ledger;

use crate::commands::{
    admin, assess, backup, bundle, equipment, excel, figures, people, report, standard, tasks, template, training,
    units, way_back,
};

/// 规范化建设台账 命令行工具
#[derive(Parser)]
#[command(name = "ledgerctl", version, about = "规范化建设台账（Branch Ledger）命令行工具")]
pub struct Args {
    /// 数据库文件路径（默认：环境变量 BRANCH_LEDGER_DB，或用户数据目录下的 ledger.sqlite3）
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// 记入操作日志的操作人（默认：系统用户名）
    #[arg(long, global = true, value_name = "姓名")]
    actor: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 初始化本单位（分局）
    Init {
        /// 本单位名称（如 枣庄市生态环境局滕州分局）
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
    Unit(units::UnitCmd),
    /// 年度任务模板
    #[command(subcommand)]
    Template(template::TemplateCmd),
    /// 重点任务分工台账
    #[command(subcommand)]
    Task(tasks::TaskCmd),
    /// 按状态统计任务
    Summary(tasks::SummaryArgs),
    /// 执法人员花名册
    #[command(subcommand)]
    Staff(people::StaffCmd),
    /// 执法证件与审验
    #[command(subcommand)]
    Cert(people::CertCmd),
    /// 借调情况
    #[command(subcommand)]
    Secondment(people::SecondmentCmd),
    /// 制式服装：气候区、配发标准、发放、着装情况
    #[command(subcommand)]
    Uniform(people::UniformCmd),
    /// 培训与练兵
    #[command(subcommand)]
    Training(training::TrainingCmd),
    /// 执法装备台账：装备、领用归还、维护校准、调拨、报废、定期计划、到期事项
    #[command(subcommand)]
    Equipment(equipment::EquipmentCmd),
    /// 标准装备清单：查看、修改、添加、导入新版
    #[command(subcommand)]
    Standard(standard::StandardCmd),
    /// 统计指标 F1—F9、T1—T5、服装 U1—U2、装备 E1—E4
    Figures(figures::FiguresArgs),
    /// 评分细则：列出、检查、载入（如市局下发的细则）
    #[command(subcommand)]
    Rubric(assess::RubricCmd),
    /// 规范化建设自评：查看、评分、手工调整、提交、签发、修订、个人排名
    #[command(subcommand)]
    Assess(assess::AssessCmd),
    /// PDF 报告：自评报告（公文格式）、打印台账、报告字体
    #[command(subcommand)]
    Report(report::ReportCmd),
    /// 从 Excel/WPS 表格（.xlsx/.xls/.ods）导入
    ImportXlsx(excel::ImportArgs),
    /// 导出为 Excel 表格（.xlsx）
    ExportXlsx(excel::ExportArgs),
    /// 操作日志（最新在前）
    Audit(admin::AuditArgs),
    /// 生成演示数据（写入新的空数据库）
    Demo(admin::DemoArgs),
    /// 在当前数据库上测量常用操作的耗时
    Bench {
        /// 每项测量的次数（取中位数）
        #[arg(long, default_value_t = 20)]
        runs: usize,
        /// 改为按给定次数连续提交写入（每次新建一项任务），每次提交后打印一行 `committed <id>`：
        /// 测量提交速率，也供断电（强制终止）测试使用
        #[arg(long, value_name = "次数")]
        writes: Option<usize>,
    },
    /// 本数据库的签名密钥（数据包的来源凭证）
    #[command(subcommand)]
    Key(bundle::KeyCmd),
    /// 导出数据包到 U 盘（报送市局）：默认为上次导出以来的变更，--full 为全部
    Export(bundle::ExportArgs),
    /// 本数据库导出过的数据包，最新的在前：序号、类型、时间、记录数、大小、操作人、文件
    Exports(bundle::ExportsArgs),
    /// 校验数据包：结构、大小、哈希、签名、格式版本；通过退出码 0，不通过退出码 1 并说明原因
    Verify(bundle::VerifyArgs),
    /// 市局：初始化、登记分局、导入数据包、各分局对比、汇总表、下发模板
    #[command(subcommand)]
    City(bundle::CityCmd),
    /// 分局：登记市局公钥（用于核验模板包）
    #[command(subcommand)]
    CityKey(bundle::CityKeyCmd),
    /// 分局：导入市局下发的模板包（先显示将发生的变化）
    ImportTemplate(way_back::ImportTemplateArgs),
    /// 立即备份（数据库、附件、签名密钥；保留最近 7 天、4 周、12 个月）
    Backup(backup::BackupArgs),
    /// 列出备份
    Backups(backup::BackupsArgs),
    /// 从备份恢复（程序须已关闭；恢复前自动备份当前数据，损坏的文件移到 damaged/ 保留）
    Restore(backup::RestoreArgs),
    /// 检查数据库是否完好（PRAGMA quick_check）
    Check(backup::CheckArgs),
    /// 在目录 DIR 中生成本工具的手册页（ledgerctl.1 及各命令的页，供安装包使用）
    #[command(hide = true)]
    Man { dir: PathBuf },
}

/// Run one command.
pub fn run(args: Args) -> Result<()> {
    // These work on a database that may not open.
    let db_path = paths::resolve_db_path(args.db.clone());
    let command = match args.command {
        Command::Backups(a) => return backup::backups(&db_path, a),
        Command::Restore(a) => return backup::restore(&db_path, a),
        Command::Check(a) => return backup::check(&db_path, a),
        Command::Man { dir } => return man_pages(&dir),
        other => other,
    };
    let mut ledger = Ledger::open(&db_path)?;
    if let Some(warning) = ledger.clock_warning()? {
        eprintln!("警告：{warning}");
    }
    if let Some(a) = &args.actor {
        ledger.set_actor(a.clone());
    }
    match command {
        Command::Init { branch_name } => admin::init(&mut ledger, &branch_name),
        Command::Info { json } => admin::info(&ledger, json),
        Command::Unit(cmd) => units::run(&mut ledger, cmd),
        Command::Template(cmd) => template::run(&mut ledger, cmd),
        Command::Task(cmd) => tasks::run(&mut ledger, cmd),
        Command::Summary(a) => tasks::summary(&ledger, a),
        Command::Staff(cmd) => people::staff(&mut ledger, cmd),
        Command::Cert(cmd) => people::cert(&mut ledger, cmd),
        Command::Secondment(cmd) => people::secondment(&mut ledger, cmd),
        Command::Uniform(cmd) => people::uniform(&mut ledger, cmd),
        Command::Training(cmd) => training::run(&mut ledger, cmd),
        Command::Equipment(cmd) => equipment::run(&mut ledger, cmd),
        Command::Standard(cmd) => standard::run(&mut ledger, cmd),
        Command::Figures(a) => figures::run(&ledger, a),
        Command::Rubric(cmd) => assess::rubric(&mut ledger, cmd),
        Command::Assess(cmd) => assess::assess(&mut ledger, cmd),
        Command::Report(cmd) => report::run(&ledger, cmd),
        Command::ImportXlsx(a) => excel::import(&mut ledger, a),
        Command::ExportXlsx(a) => excel::export(&ledger, a),
        Command::Audit(a) => admin::audit(&ledger, a),
        Command::Demo(a) => admin::demo(&mut ledger, a),
        Command::Bench { runs, writes: None } => crate::bench::run(&mut ledger, runs),
        Command::Bench { writes: Some(n), .. } => crate::bench::writes(&mut ledger, n),
        Command::Key(cmd) => bundle::key(&ledger, cmd),
        Command::Export(a) => bundle::export(&mut ledger, a),
        Command::Exports(a) => bundle::exports(&ledger, a),
        Command::Verify(a) => bundle::verify(&ledger, a),
        Command::City(cmd) => bundle::city(&mut ledger, cmd),
        Command::CityKey(cmd) => bundle::city_key(&mut ledger, cmd),
        Command::ImportTemplate(a) => way_back::import_template(&mut ledger, a),
        Command::Backup(a) => backup::backup(&ledger, a),
        Command::Backups(_) | Command::Restore(_) | Command::Check(_) | Command::Man { .. } => {
            unreachable!("handled above")
        }
    }
}

/// `ledgerctl man DIR`: the manual pages, in Chinese, from the same definition as `--help`;
/// `make package` installs them in section 1.
fn man_pages(dir: &std::path::Path) -> Result<()> {
    for page in crate::zh::write_man_pages(dir)? {
        println!("{}", page.display());
    }
    Ok(())
}
