//! `figures`: every computed figure of METRICS.md (F1–F9, T1–T5, the uniform figures U1–U2 and
//! the equipment figures E1–E4) for a date and a scope, with the names (or the equipment) behind
//! each on request. E1 prints one line per standard item (持有/在用/应配/缺), E2 one per rubric
//! group with the points it earns, E4 with its points; `--json` gives every figure as the core
//! computed it.

use anyhow::Result;
use ledger_core::figures::FigureQuery;
use ledger_core::Ledger;

use super::{date_arg, unit_named};
use crate::output;

#[derive(clap::Args)]
pub struct FiguresArgs {
    /// 统计日期，默认今天（T1 按该年 6 月 30 日，T2—T5 按该日期所在年度）
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// 只统计此单位（及其下属单位），默认全分局
    #[arg(long)]
    unit: Option<String>,
    /// 列出每项指标计入分子、分母的人员（或单位、培训、装备）
    #[arg(long)]
    names: bool,
    /// 输出 JSON：每项指标一个对象
    #[arg(long)]
    json: bool,
}

pub fn run(ledger: &Ledger, a: FiguresArgs) -> Result<()> {
    let q = FigureQuery {
        as_of: Some(ledger_core::store::dates::iso(date_arg("统计日期", &a.date)?)),
        unit_id: unit_named(ledger, &a.unit, "统计范围")?,
    };
    let set = ledger.figures(&q)?;
    output::show(a.json, &set.figures, || output::figures(&set, a.names))?;
    Ok(())
}
