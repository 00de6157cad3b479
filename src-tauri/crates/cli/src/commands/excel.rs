//! `import-xlsx` and `export-xlsx`: every ledger's sheets in and out.

use std::path::PathBuf;

use anyhow::Result;
use clap::ValueEnum;
use ledger_core::store::excel::{ImportMode, ImportOptions, UnitChoice};
use ledger_core::{Ledger, LedgerError};

use super::tasks::{query, Filter};
use super::this_year;
use crate::output;

#[derive(Clone, Copy, ValueEnum)]
pub enum LedgerKind {
    /// 重点任务分工台账
    Tasks,
}

#[derive(clap::Args)]
pub struct ImportArgs {
    #[arg(long, value_enum)]
    ledger: LedgerKind,
    file: PathBuf,
    /// 有错误的行跳过，只导入有效行
    #[arg(long, conflicts_with = "dry_run")]
    valid_rows_only: bool,
    /// 只检查，不写入
    #[arg(long)]
    dry_run: bool,
    /// 没有“年度”的行导入到此年度（默认：表格标题写明的年度，否则今年）
    #[arg(long)]
    year: Option<i32>,
    /// 表中出现组织机构里没有的单位时，按名称结尾（…中队、…所、…站）添加为新单位
    #[arg(long)]
    create_units: bool,
    /// 把表中的单位名称对应到已有单位，如 --map-unit 第一中队=第一执法中队（可重复）
    #[arg(long, value_name = "旧名=新名")]
    map_unit: Vec<String>,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    ledger: LedgerKind,
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    #[command(flatten)]
    filter: Filter,
}

pub fn import(ledger: &mut Ledger, a: ImportArgs) -> Result<()> {
    let mode = if a.dry_run {
        ImportMode::DryRun
    } else if a.valid_rows_only {
        ImportMode::ValidRowsOnly
    } else {
        ImportMode::AllOrNothing
    };
    let mut options = ImportOptions::new(mode, this_year());
    options.year = a.year;
    options.create_units = a.create_units;
    for m in &a.map_unit {
        let Some((from, to)) =
            m.split_once('=').map(|(f, t)| (f.trim(), t.trim())).filter(|(f, t)| !f.is_empty() && !t.is_empty())
        else {
            return Err(LedgerError::invalid("--map-unit", format!("“{m}”应写作 旧名=新名")).into());
        };
        let Some(unit) = ledger.unit_by_name(to)? else {
            return Err(LedgerError::invalid("--map-unit", format!("组织机构中没有“{to}”")).into());
        };
        options.units.push(UnitChoice::Map { name: from.to_string(), unit_id: unit.id });
    }
    let r = match a.ledger {
        LedgerKind::Tasks => ledger.import_tasks(&a.file, &options)?,
    };
    if a.json {
        output::json(&r)?;
    } else {
        output::import_report(&r);
    }
    Ok(())
}

pub fn export(ledger: &Ledger, a: ExportArgs) -> Result<()> {
    let r = match a.ledger {
        LedgerKind::Tasks => {
            let q = query(ledger, &a.filter, None, 0)?;
            ledger.export_tasks(&a.out, &q)?
        }
    };
    println!("已导出 {} 项到 {}", r.rows, r.path);
    Ok(())
}
