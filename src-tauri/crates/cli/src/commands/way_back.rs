//! `city export-template`, `import-template` and `city summary`: what the city bureau sends back
//! and prints.

use std::path::{Path, PathBuf};

use anyhow::Result;
use ledger_core::bundles::template::{TemplateFiles, TemplatePreview};
use ledger_core::{Ledger, LedgerError};
use ledger_report::FontPlan;

use crate::output;

#[derive(clap::Args)]
pub struct ExportTemplateArgs {
    /// 写入的文件夹（U 盘）
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// 年度任务模板（TOML，格式见 seeds/templates/）
    #[arg(long, value_name = "FILE")]
    tasks: Option<PathBuf>,
    /// 评分细则（TOML，格式见 seeds/rubrics/）
    #[arg(long, value_name = "FILE")]
    rubric: Option<PathBuf>,
    /// 标准装备清单（格式见 seeds/reference/equipment-standard-2020.toml）
    #[arg(long, value_name = "FILE")]
    standard: Option<PathBuf>,
    /// 培训类型清单（格式见 seeds/reference/training-kinds.toml）
    #[arg(long, value_name = "FILE")]
    training_kinds: Option<PathBuf>,
    /// 制服配发标准与使用年限（格式见 seeds/reference/uniforms.toml）
    #[arg(long, value_name = "FILE")]
    uniforms: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ImportTemplateArgs {
    /// 市局下发的模板包（.zip）
    file: PathBuf,
    /// 只显示将发生的变化，不导入
    #[arg(long)]
    dry_run: bool,
    #[arg(long)]
    json: bool,
}

pub fn export_template(ledger: &mut Ledger, a: ExportTemplateArgs) -> Result<()> {
    let files = TemplateFiles {
        tasks: a.tasks,
        rubric: a.rubric,
        standard: a.standard,
        training_kinds: a.training_kinds,
        uniforms: a.uniforms,
    };
    let record = ledger.export_template(&files, &a.out, &mut |_| {})?;
    eprintln!(
        "已导出第 {} 号模板包（{} 个文件，{}）",
        record.sequence,
        record.records,
        output::size(record.size as u64)
    );
    println!("{}", record.path);
    Ok(())
}

pub fn import_template(ledger: &mut Ledger, a: ImportTemplateArgs) -> Result<()> {
    let preview = if a.dry_run { ledger.preview_template(&a.file)? } else { ledger.import_template(&a.file)? };
    output::show(a.json, &preview, || print_preview(&preview))
}

fn print_preview(p: &TemplatePreview) {
    println!(
        "{}第 {} 号模板包（密钥指纹 {}，生成于 {}）",
        p.city_name,
        p.sequence,
        p.fingerprint,
        output::when(&p.created_at)
    );
    for part in &p.parts {
        println!("  {}：{}", part.part, part.summary);
        for d in &part.details {
            println!("    {d}");
        }
    }
    if p.applied {
        println!("已导入。");
    } else {
        println!("（预览，未导入；去掉 --dry-run 导入）");
    }
}

/// Write the city summary as PDF or .xlsx, by the file's extension; returns what to print.
pub fn city_summary(ledger: &Ledger, out: &Path, builtin_fonts: bool) -> Result<String> {
    let saved =
        ledger_report::save_city_summary(ledger, out, &FontPlan::choose(builtin_fonts)).map_err(LedgerError::from)?;
    Ok(if ledger_report::city::is_pdf(out) {
        format!("{}（{} 页）", saved.path, saved.pages)
    } else {
        format!("{}（{} 个分局）", saved.path, saved.pages)
    })
}
