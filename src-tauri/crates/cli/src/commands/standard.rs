//! `standard`: the standard equipment list (标准装备) the inventory is checked against — list it,
//! edit an item (its required quantity once the branch has the official figure), add one, and
//! load a newer edition from its TOML file.

use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;
use ledger_core::equipment::{StandardItem, StandardItemInput, StandardLevel};
use ledger_core::{Ledger, LedgerError};

use super::choice;
use super::equipment::standard_named;
use crate::output;

#[derive(clap::Args, Default)]
pub struct StandardFields {
    /// 应配数量（写 "" 表示未定，按 1 计）
    #[arg(long)]
    required: Option<String>,
    /// 配备类型：标配、选配（添加时默认标配）
    #[arg(long, value_name = "配备类型")]
    level: Option<String>,
    /// 评分细则分组：①—⑥（写 "" 表示不计入分组）
    #[arg(long)]
    group: Option<String>,
    /// 类别
    #[arg(long)]
    category: Option<String>,
    /// 备注
    #[arg(long)]
    note: Option<String>,
}

#[derive(Subcommand)]
pub enum StandardCmd {
    /// 列出标准装备清单（按分组；旧版停用的在最后）
    List {
        #[arg(long)]
        json: bool,
    },
    /// 修改一项标准装备（只改给出的字段）
    Edit {
        /// 标准装备名称
        name: String,
        /// 改名
        #[arg(long)]
        rename: Option<String>,
        #[command(flatten)]
        fields: StandardFields,
        #[arg(long)]
        json: bool,
    },
    /// 在清单中添加一项（如本单位保有的选配装备）
    Add {
        /// 名称
        name: String,
        #[command(flatten)]
        fields: StandardFields,
        #[arg(long)]
        json: bool,
    },
    /// 从清单中删除一项（没有装备计为此项时）
    Delete {
        /// 标准装备名称
        name: String,
    },
    /// 导入新版标准装备清单（TOML 文件，格式同 seeds/reference/equipment-standard-2020.toml）：
    /// 同名的保留并沿用已登记装备的对应关系，新版没有的标为旧版（不再计入）
    Import {
        file: PathBuf,
        /// 只检查，不写入
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
}

fn to_input(s: &StandardItem) -> StandardItemInput {
    StandardItemInput {
        name: s.name.clone(),
        category: s.category.clone(),
        group: s.group.clone(),
        level: Some(s.level),
        required: s.required,
        note: s.note.clone(),
    }
}

fn apply(input: &mut StandardItemInput, f: &StandardFields) -> Result<()> {
    if let Some(v) = &f.required {
        input.required = match v.trim() {
            "" => None,
            n => Some(
                n.parse()
                    .map_err(|_| LedgerError::invalid("应配数量", format!("“{n}”应为正整数，或写 \"\" 表示未定")))?,
            ),
        };
    }
    if let Some(v) = &f.level {
        input.level = choice("配备类型", v, StandardLevel::parse, StandardLevel::choices())?;
    }
    if let Some(v) = &f.group {
        input.group = Some(v.trim().to_string()).filter(|g| !g.is_empty());
    }
    if let Some(v) = &f.category {
        input.category = v.clone();
    }
    if let Some(v) = &f.note {
        input.note = v.clone();
    }
    Ok(())
}

pub fn run(ledger: &mut Ledger, cmd: StandardCmd) -> Result<()> {
    match cmd {
        StandardCmd::List { json } => {
            let list = ledger.standard_list()?;
            output::show(json, &list, || output::standard_table(&list))?;
        }
        StandardCmd::Edit { name, rename, fields, json } => {
            let current = standard_named(ledger, &name)?;
            let mut input = to_input(&current);
            if let Some(n) = rename {
                input.name = n;
            }
            apply(&mut input, &fields)?;
            let s = ledger.update_standard_item(&current.id, current.revision, &input)?;
            output::show(json, &s, || println!("已修改标准装备：{}", output::standard_line(&s)))?;
        }
        StandardCmd::Add { name, fields, json } => {
            let mut input = StandardItemInput { name, ..Default::default() };
            apply(&mut input, &fields)?;
            let s = ledger.create_standard_item(&input)?;
            output::show(json, &s, || println!("已添加标准装备：{}", output::standard_line(&s)))?;
        }
        StandardCmd::Delete { name } => {
            let s = standard_named(ledger, &name)?;
            ledger.delete_standard_item(&s.id, s.revision)?;
            println!("已从标准装备清单中删除：{}", s.name);
        }
        StandardCmd::Import { file, dry_run, json } => {
            let r = ledger.load_standard_edition_file(&file, dry_run)?;
            output::show(json, &r, || output::edition_report(&r, !dry_run))?;
        }
    }
    Ok(())
}
