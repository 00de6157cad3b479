//! `unit`: the organisation (中队, 所, 驻巡站).

use anyhow::Result;
use clap::Subcommand;
use ledger_core::model::UnitInput;
use ledger_core::Ledger;

use super::unit_named;
use crate::output;

#[derive(Subcommand)]
pub enum UnitCmd {
    /// 列出单位
    List {
        #[arg(long)]
        json: bool,
    },
    /// 添加单位
    Add {
        /// 单位名称
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

pub fn run(ledger: &mut Ledger, cmd: UnitCmd) -> Result<()> {
    match cmd {
        UnitCmd::List { json } => {
            let units = ledger.list_units()?;
            output::show(json, &units, || {
                for u in &units {
                    println!("{}  {:<8}  {}", &u.id[..8], u.kind, u.name);
                }
            })?;
        }
        UnitCmd::Add { name, kind, parent, json } => {
            let parent_id = unit_named(ledger, &parent, "上级单位")?;
            let u = ledger.add_unit(&UnitInput { name, kind, parent_id })?;
            output::show(json, &u, || println!("已添加单位：{}（{}）", u.name, u.kind))?;
        }
    }
    Ok(())
}
