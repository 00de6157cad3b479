//! `template`: start a year's key-task ledger from a template.

use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;
use ledger_core::tasks::template::Template;
use ledger_core::Ledger;

#[derive(Subcommand)]
pub enum TemplateCmd {
    /// 用模板建立某年度的台账（默认内置的枣庄 2024 年 29 项任务）
    Apply {
        #[arg(long)]
        year: i32,
        /// 模板文件（TOML），见 seeds/templates/
        #[arg(long)]
        file: Option<PathBuf>,
    },
}

pub fn run(ledger: &mut Ledger, cmd: TemplateCmd) -> Result<()> {
    match cmd {
        TemplateCmd::Apply { year, file } => {
            let t = match file {
                Some(p) => Template::load(&p)?,
                None => Template::builtin(),
            };
            let n = ledger.apply_template(&t, year)?;
            println!("已按模板“{}”建立 {year} 年度台账：{n} 项任务", t.title);
        }
    }
    Ok(())
}
