//! `import-xlsx` and `export-xlsx`: every ledger's sheets in and out.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::ValueEnum;
use ledger_core::equipment::EquipmentQuery;
use ledger_core::people::{CertKind, CertificateQuery, SecondmentQuery, StaffQuery};
use ledger_core::sheets::SheetKind;
use ledger_core::store::excel::{ImportMode, ImportOptions, ImportReport, UnitChoice};
use ledger_core::training::TrainingQuery;
use ledger_core::{Ledger, LedgerError};

use super::choice;
use super::tasks::{query, Filter};
use super::this_year;
use crate::output;

#[derive(Clone, Copy, ValueEnum)]
pub enum LedgerKind {
    /// 重点任务分工台账
    Tasks,
    /// 人员花名册
    Staff,
    /// 执法证件
    Certificates,
    /// 借调情况
    Secondments,
    /// 服装发放
    Uniforms,
    /// 培训记录
    Training,
    /// 执法装备台账
    Equipment,
    /// 装备使用台账（领用、归还）
    EquipmentUsage,
    /// 装备维护记录（维护保养、维修、校准检定、检查）
    EquipmentMaintenance,
}

impl LedgerKind {
    fn sheet(self) -> SheetKind {
        match self {
            LedgerKind::Tasks => SheetKind::Tasks,
            LedgerKind::Staff => SheetKind::Staff,
            LedgerKind::Certificates => SheetKind::Certificates,
            LedgerKind::Secondments => SheetKind::Secondments,
            LedgerKind::Uniforms => SheetKind::Uniforms,
            LedgerKind::Training => SheetKind::Training,
            LedgerKind::Equipment => SheetKind::Equipment,
            LedgerKind::EquipmentUsage => SheetKind::EquipmentUsage,
            LedgerKind::EquipmentMaintenance => SheetKind::EquipmentMaintenance,
        }
    }
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
    /// 导入哪个工作表（默认：第一个表头齐全、有数据的工作表；一个文件有多个可导入的工作表时会列出）
    #[arg(long, value_name = "工作表")]
    sheet: Option<String>,
    /// 依次导入文件中所有可导入的工作表（如每个中队一个）：先逐个检查，有错误的工作表
    /// 使全部工作表都不写入（除非加 --valid-rows-only）
    #[arg(long, conflicts_with = "sheet")]
    all_sheets: bool,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    ledger: LedgerKind,
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// 任务的筛选条件；人员类台账只用其中的 --unit、--search、--as-of、--year（培训）；
    /// 执法装备台账只用 --unit、--search、--category（含已报废装备，除非加 --hide-scrapped）
    #[command(flatten)]
    filter: Filter,
    /// 证件类型（certificates）或培训类型（training）
    #[arg(long)]
    kind: Option<String>,
    /// 只导出 --as-of 日期在册的人员（staff；默认含已离岗人员）
    #[arg(long)]
    on_roll: bool,
    /// 不导出已报废的装备（equipment）
    #[arg(long)]
    hide_scrapped: bool,
    /// 每个单位一个工作表，以单位命名（staff、equipment；分发给各中队填写后可再导入）
    #[arg(long)]
    by_unit: bool,
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
    options.sheet = a.sheet;
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
    if a.all_sheets {
        // The workbook is read once for all its sheets' checks and imports.
        ledger.keep_workbook();
        let reports = import_all_sheets(ledger, a.ledger.sheet(), &a.file, &options)?;
        return output::show(a.json, &reports, || reports.iter().for_each(|r| output::import_report(r, false)));
    }
    let r = ledger.import_sheet(a.ledger.sheet(), &a.file, &options)?;
    output::show(a.json, &r, || output::import_report(&r, true))
}

/// Every importable sheet of `file` in turn, each in its own transaction, as `options` says,
/// after one backup. Every sheet is checked first (a dry run): without `--valid-rows-only`, a
/// sheet with errors stops them all before anything is written, and its report is the error.
fn import_all_sheets(
    ledger: &mut Ledger,
    kind: SheetKind,
    file: &Path,
    options: &ImportOptions,
) -> Result<Vec<ImportReport>> {
    let dry =
        |sheet: Option<&String>| ImportOptions { mode: ImportMode::DryRun, sheet: sheet.cloned(), ..options.clone() };
    let first = ledger.import_sheet(kind, file, &dry(None))?;
    let mut checked = Vec::new();
    for name in first.sheets.clone() {
        let r = if name == first.sheet { first.clone() } else { ledger.import_sheet(kind, file, &dry(Some(&name)))? };
        if options.mode == ImportMode::AllOrNothing && !r.errors.is_empty() {
            eprintln!("工作表“{name}”有错误，所有工作表均未导入");
            return Err(LedgerError::ImportRejected(Box::new(r)).into());
        }
        checked.push(r);
    }
    if options.mode == ImportMode::DryRun {
        return Ok(checked);
    }
    // One backup before the first sheet is written stands for each sheet's own.
    let done = ledger.import_batch(|ledger| {
        let mut done: Vec<ImportReport> = Vec::new();
        for r in checked {
            let sheet = ImportOptions { sheet: Some(r.sheet.clone()), ..options.clone() };
            match ledger.import_sheet(kind, file, &sheet) {
                Ok(report) => done.push(report),
                Err(e) => {
                    // Each sheet is its own transaction: say which went in before this one failed.
                    let before: Vec<&str> = done.iter().map(|d| d.sheet.as_str()).collect();
                    match before.is_empty() {
                        true => eprintln!("工作表“{}”未能导入，所有工作表均未导入", r.sheet),
                        false => eprintln!("工作表“{}”未能导入；已导入的工作表：{}", r.sheet, before.join("、")),
                    }
                    return Err(e);
                }
            }
        }
        Ok(done)
    })?;
    Ok(done)
}

pub fn export(ledger: &Ledger, a: ExportArgs) -> Result<()> {
    if a.by_unit && !matches!(a.ledger, LedgerKind::Staff | LedgerKind::Equipment) {
        return Err(LedgerError::invalid(
            "--by-unit",
            "只有人员花名册（staff）和装备台账（equipment）可按单位分表导出",
        )
        .into());
    }
    // The task filter read once; the people ledgers take its unit, search, date and year.
    let t = query(ledger, &a.filter, None, 0)?;
    let r = match a.ledger {
        LedgerKind::Tasks => ledger.export_tasks(&a.out, &t)?,
        LedgerKind::Staff => {
            let q = StaffQuery {
                as_of: t.as_of,
                on_roll_only: a.on_roll,
                unit_id: t.unit_id,
                search: t.search,
                ..StaffQuery::default()
            };
            ledger.export_staff(&a.out, &q, a.by_unit)?
        }
        LedgerKind::Certificates => {
            let kind = match &a.kind {
                Some(k) => choice("证件类型", k, CertKind::parse, CertKind::choices())?,
                None => None,
            };
            let q =
                CertificateQuery { as_of: t.as_of, kind, unit_id: t.unit_id, search: t.search, ..Default::default() };
            ledger.export_certificates(&a.out, &q)?
        }
        LedgerKind::Secondments => {
            let q = SecondmentQuery { active_on: None, unit_id: t.unit_id, search: t.search };
            ledger.export_secondments(&a.out, &q)?
        }
        LedgerKind::Uniforms => ledger.export_uniform_issues(&a.out)?,
        LedgerKind::Training => {
            let q = TrainingQuery { year: t.year, kind: a.kind.clone(), search: t.search, ..Default::default() };
            ledger.export_training(&a.out, &q)?
        }
        LedgerKind::Equipment => {
            let q = EquipmentQuery {
                category: t.category,
                unit_id: t.unit_id,
                search: t.search,
                hide_scrapped: a.hide_scrapped,
                ..EquipmentQuery::default()
            };
            ledger.export_equipment(&a.out, &q, a.by_unit)?
        }
        LedgerKind::EquipmentUsage => ledger.export_equipment_usage(&a.out)?,
        LedgerKind::EquipmentMaintenance => ledger.export_equipment_maintenance(&a.out)?,
    };
    if r.sheets > 1 {
        println!("已导出 {} 项到 {}（按单位分为 {} 个工作表）", r.rows, r.path, r.sheets);
    } else {
        println!("已导出 {} 项到 {}", r.rows, r.path);
    }
    Ok(())
}
