//! `key`, `export`, `exports`, `verify`, `city …` and `city-key`: the bundles that carry a
//! branch's ledgers to the city bureau on a USB stick, and the city key its templates are
//! checked with.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;
use ledger_core::bundles::model::{BranchStatus, ExportProgress, VerifyReport};
use ledger_core::bundles::ExportRequest;
use ledger_core::store::files::read_text;
use ledger_core::{Ledger, LedgerError};
use ledger_report::FontPlan;

use crate::output;

#[derive(Subcommand)]
pub enum KeyCmd {
    /// 显示本数据库的签名公钥指纹（市局据此核对数据包来源）
    Show {
        /// 输出公钥文件内容（可交给市局，或用于 minisign -p）
        #[arg(long)]
        public_key: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// 写入的文件夹（U 盘）
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// 导出全部记录（默认只导出上次导出以来的变更；首次导出总是完整的）
    #[arg(long)]
    full: bool,
    /// 只用内置字体生成自评报告 PDF
    #[arg(long)]
    builtin_fonts: bool,
}

#[derive(clap::Args)]
pub struct ExportsArgs {
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct VerifyArgs {
    /// 数据包文件（.zip）
    file: PathBuf,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum CityCmd {
    /// 把新数据库初始化为市局（汇总各分局数据包）
    Init {
        /// 市局名称（如 枣庄市生态环境局）
        #[arg(long, value_name = "NAME")]
        name: String,
    },
    /// 登记分局：用其首个数据包（固定其密钥并导入），或用密钥清单中的公钥
    Register {
        /// 分局的首个数据包
        #[arg(required_unless_present = "key", conflicts_with = "key")]
        file: Option<PathBuf>,
        /// 分局公钥（RW… 一行，或公钥文件路径）
        #[arg(long, requires = "name")]
        key: Option<String>,
        /// 分局名称（用 --key 登记时）
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 导入一个或多个分局数据包（先全部校验，任一被拒则都不导入）
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 同时登记尚未登记的分局（固定其密钥；请先核对各分局告知的密钥指纹）
        #[arg(long)]
        register: bool,
        #[arg(long)]
        json: bool,
    },
    /// 各分局情况对比：得分等次、逾期任务、人员指标、装备缺口、最近数据包
    Status {
        /// 按今天重新计算各分局的指标（默认显示各自导入时计算的结果）
        #[arg(long)]
        refresh: bool,
        #[arg(long)]
        json: bool,
    },
    /// 生成各分局汇总表（.pdf 或 .xlsx）
    Summary {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 只用内置字体生成 PDF
        #[arg(long)]
        builtin_fonts: bool,
    },
    /// 导出下发给分局的模板包（年度任务模板、评分细则、参考清单），以市局密钥签名
    ExportTemplate(crate::commands::way_back::ExportTemplateArgs),
}

#[derive(Subcommand)]
pub enum CityKeyCmd {
    /// 登记市局公钥（此后只接受该密钥签名的模板包）
    Set {
        /// 市局公钥（RW… 一行，或公钥文件路径）
        key: String,
    },
}

/// A key given on the command line: a file's path or the key itself.
pub fn key_arg(text: &str) -> Result<String> {
    let path = std::path::Path::new(text);
    if !text.starts_with("RW") && path.exists() {
        return Ok(read_text(path)?);
    }
    Ok(text.to_string())
}

pub fn key(ledger: &Ledger, cmd: KeyCmd) -> Result<()> {
    match cmd {
        KeyCmd::Show { public_key, json } => {
            let info = ledger.key_info()?;
            if json {
                output::json(&info)?;
            } else if public_key {
                print!("{}", info.public_key_file);
            } else {
                println!("{}：{}", info.role, info.name);
                println!("密钥指纹：{}", info.fingerprint);
                println!("公钥：{}", info.public_key);
                if let Some(c) = info.city_fingerprint {
                    println!("已登记的市局密钥指纹：{c}");
                }
            }
        }
    }
    Ok(())
}

fn progress_line(p: &ExportProgress) {
    let mut err = std::io::stderr();
    match (p.done * 100).checked_div(p.total) {
        Some(pct) => {
            let _ = write!(err, "\r{} {pct}%   ", p.stage);
        }
        None => {
            let _ = write!(err, "\r{}…   ", p.stage);
        }
    }
    let _ = err.flush();
}

pub fn export(ledger: &mut Ledger, a: ExportArgs) -> Result<()> {
    let report =
        ledger_report::latest_self_assessment(ledger, &FontPlan::choose(a.builtin_fonts)).map_err(LedgerError::from)?;
    let req = ExportRequest { dir: a.out, full: a.full, report };
    let record = ledger.export_bundle(&req, &mut |p| progress_line(&p))?;
    eprintln!();
    eprintln!(
        "已导出第 {} 号{}数据包：{} 条记录，{} 条删除，{}",
        record.sequence,
        record.kind_label,
        record.records,
        record.deleted,
        output::size(record.size as u64)
    );
    println!("{}", record.path);
    Ok(())
}

pub fn exports(ledger: &Ledger, a: ExportsArgs) -> Result<()> {
    let list = ledger.exports()?;
    output::show(a.json, &list, || {
        if list.is_empty() {
            println!("还没有导出过数据包");
            return;
        }
        for r in &list {
            println!(
                "第 {} 号{}数据包  {}  {} 条记录，{} 条删除  {}  {}  {}",
                r.sequence,
                r.kind_label,
                output::when(&r.created_at),
                r.records,
                r.deleted,
                output::size(r.size as u64),
                r.created_by,
                r.path
            );
        }
        println!("共 {} 个数据包", list.len());
    })
}

pub fn verify(ledger: &Ledger, a: VerifyArgs) -> Result<()> {
    match ledger.verify_bundle(&a.file) {
        Ok(r) => {
            output::show(a.json, &serde_json::json!({ "ok": true, "bundle": r }), || verify_report(&r))?;
            Ok(())
        }
        Err(e) if a.json => {
            output::json(&serde_json::json!({ "ok": false, "error": e.to_payload() }))?;
            Err(e.into())
        }
        Err(e) => Err(e.into()),
    }
}

fn verify_report(r: &VerifyReport) {
    println!("校验通过：{}", r.file);
    println!("  来源：{}（{}）", r.source_name, r.source_role);
    println!("  密钥指纹：{}（{}）", r.fingerprint, r.key_status);
    let prev = r.previous_sequence.map(|p| format!("，上一号 {p}")).unwrap_or_default();
    println!(
        "  第 {} 号{}数据包{prev}，生成于 {}，程序版本 {}",
        r.sequence,
        r.kind_label,
        output::when(&r.created_at),
        r.program_version
    );
    println!("  {} 个条目，{}，SHA-256 {}", r.entries, output::size(r.size), r.file_sha256);
    for t in &r.tables {
        if t.deleted > 0 {
            println!("    {}（{}）：{} 条，删除 {} 条", t.title, t.table, t.rows, t.deleted);
        } else {
            println!("    {}（{}）：{} 条", t.title, t.table, t.rows);
        }
    }
}

pub fn city(ledger: &mut Ledger, cmd: CityCmd) -> Result<()> {
    match cmd {
        CityCmd::Init { name } => {
            let city = ledger.init_city(&name)?;
            let key = ledger.key_info()?;
            println!("已初始化市局：{}", city.name);
            println!("市局密钥指纹：{}", key.fingerprint);
        }
        CityCmd::Register { file: Some(file), json, .. } => {
            let outcomes = ledger.city_import(&[file], true)?;
            imports(&outcomes, json)?;
        }
        CityCmd::Register { file: None, key, name, json } => {
            let key = key_arg(key.as_deref().unwrap_or_default())?;
            let b = ledger.register_branch_key(&key, name.as_deref().unwrap_or_default())?;
            output::show(json, &b, || {
                println!("已登记“{}”，密钥指纹 {}；收到其首个数据包时自动关联", b.name, b.fingerprint)
            })?;
        }
        CityCmd::Import { files, register, json } => {
            let outcomes = ledger.city_import(&files, register)?;
            imports(&outcomes, json)?;
        }
        CityCmd::Status { refresh, json } => {
            let list = if refresh { ledger.city_refresh()? } else { ledger.city_status()? };
            output::show(json, &list.iter().map(status_json).collect::<Vec<_>>(), || status_table(&list))?;
        }
        CityCmd::Summary { out, builtin_fonts } => {
            let saved = crate::commands::way_back::city_summary(ledger, &out, builtin_fonts)?;
            println!("已生成各分局汇总表：{saved}");
        }
        CityCmd::ExportTemplate(a) => crate::commands::way_back::export_template(ledger, a)?,
    }
    Ok(())
}

pub fn city_key(ledger: &mut Ledger, cmd: CityKeyCmd) -> Result<()> {
    match cmd {
        CityKeyCmd::Set { key } => {
            let info = ledger.pin_city_key(&key_arg(&key)?)?;
            println!("已登记市局公钥，指纹 {}", info.city_fingerprint.unwrap_or_default());
        }
    }
    Ok(())
}

fn imports(outcomes: &[ledger_core::bundles::model::ImportOutcome], json: bool) -> Result<()> {
    if json {
        return output::json(&outcomes);
    }
    for o in outcomes {
        let reg = if o.registered { "（已登记该分局并固定其密钥）" } else { "" };
        if o.applied {
            println!(
                "{}：第 {} 号{}数据包已导入，写入 {} 条，删除 {} 条{reg}",
                o.branch_name, o.sequence, o.kind_label, o.records, o.deleted
            );
        } else {
            println!("{}：第 {} 号数据包已导入过，未作改动", o.branch_name, o.sequence);
        }
        if !o.missing.is_empty() {
            let list = o.missing.iter().map(u64::to_string).collect::<Vec<_>>().join("、");
            println!("  注意：尚未收到第 {list} 号数据包");
        }
    }
    Ok(())
}

/// One object per branch, as `city status --json` promises.
fn status_json(b: &BranchStatus) -> serde_json::Value {
    let f = b.figures.as_ref();
    serde_json::json!({
        "name": b.name,
        "branch_id": b.branch_id,
        "fingerprint": b.fingerprint,
        "last_sequence": b.last_sequence,
        "last_import_at": b.last_import_at,
        "last_bundle_at": b.last_bundle_at,
        "missing_sequences": b.missing,
        "year": f.map(|f| f.year),
        "total_score": f.map(|f| f.total),
        "max_score": f.map(|f| f.max),
        "grade": f.map(|f| f.grade.clone()),
        "assessment_status": f.map(|f| f.assessment_status.clone()),
        "tasks": f.map(|f| f.tasks),
        "tasks_overdue": f.map(|f| f.tasks_overdue),
        "staff_figures_pass": f.map(|f| f.staff_pass),
        "staff_figures_applicable": f.map(|f| f.staff_applicable),
        "staff_figures": f.map(|f| f.staff_figures.clone()),
        "equipment_gaps": f.map(|f| f.equipment_gaps),
        "as_of": f.map(|f| f.as_of.clone()),
    })
}

fn status_table(list: &[BranchStatus]) {
    if list.is_empty() {
        println!("尚未登记任何分局");
        return;
    }
    for b in list {
        let seq = b.last_sequence.map(|s| format!("第 {s} 号")).unwrap_or_else(|| "未收到".into());
        let when = b.last_import_at.as_deref().map(output::when).unwrap_or_default();
        match &b.figures {
            Some(f) => println!(
                "{}  {} {}分 {}  逾期任务 {}  人员指标达标 {}/{}  装备缺口 {}  最近数据包 {seq} {when}",
                b.name,
                f.year,
                ledger_core::assessment::engine::points(f.total),
                f.grade,
                f.tasks_overdue,
                f.staff_pass,
                f.staff_applicable,
                f.equipment_gaps
            ),
            None => println!("{}  尚未收到数据包  密钥指纹 {}", b.name, b.fingerprint),
        }
        if !b.missing.is_empty() {
            let list = b.missing.iter().map(u64::to_string).collect::<Vec<_>>().join("、");
            println!("  缺第 {list} 号数据包");
        }
    }
}
