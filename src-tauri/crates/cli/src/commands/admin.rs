//! `init`, `info`, `audit`, `demo`: the database itself rather than one ledger.

use anyhow::Result;
use clap::ValueEnum;
use ledger_core::model::AuditQuery;
use ledger_core::{demo, Ledger};

use crate::output;

pub fn init(ledger: &mut Ledger, branch_name: &str) -> Result<()> {
    let b = ledger.init_branch(branch_name)?;
    println!("已初始化：{}（数据库 {}）", b.name, ledger.db_path().display());
    if let Some(f) = ledger.fingerprint()? {
        println!("签名密钥指纹：{f}（报送市局时请告知，用于核对数据包来源）");
    }
    Ok(())
}

pub fn info(ledger: &Ledger, json: bool) -> Result<()> {
    let info = serde_json::json!({
        "version": env!("CARGO_PKG_VERSION"),
        "db_path": ledger.db_path(),
        "data_dir": ledger.data_dir(),
        "schema_version": ledger_core::store::db::version(ledger.conn())?,
        "branch": ledger.branch()?,
        "role": ledger.role()?.label(),
        "fingerprint": ledger.fingerprint()?,
    });
    if json {
        output::json(&info)?;
    } else {
        println!("数据库：{}", ledger.db_path().display());
        println!("本单位：{}", ledger.branch()?.map(|b| b.name).unwrap_or_else(|| "（未初始化）".into()));
        println!("类型：{}", ledger.role()?.label());
        if let Some(f) = ledger.fingerprint()? {
            println!("签名密钥指纹：{f}");
        }
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct AuditArgs {
    /// 只看某类记录（如 task、staff、equipment）
    #[arg(long)]
    entity: Option<String>,
    #[arg(long, value_name = "ID")]
    id: Option<String>,
    #[arg(long, default_value_t = 50)]
    limit: u32,
    #[arg(long)]
    json: bool,
}

pub fn audit(ledger: &Ledger, a: AuditArgs) -> Result<()> {
    let page = ledger.audit_log(&AuditQuery { entity: a.entity, entity_id: a.id, offset: 0, limit: Some(a.limit) })?;
    output::show(a.json, &page.items, || output::audit_table(&page.items, page.total))?;
    Ok(())
}

#[derive(Clone, Copy, ValueEnum)]
enum DemoScale {
    Small,
    Large,
}

#[derive(clap::Args)]
pub struct DemoArgs {
    #[arg(long, value_enum, default_value = "small")]
    scale: DemoScale,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub fn demo(ledger: &mut Ledger, a: DemoArgs) -> Result<()> {
    let scale = match a.scale {
        DemoScale::Small => demo::Scale::Small,
        DemoScale::Large => demo::Scale::Large,
    };
    let started = std::time::Instant::now();
    let c = ledger.generate_demo(scale, a.seed)?;
    let (p, e) = (c.people, c.equipment);
    println!(
        "演示数据已生成：单位 {}，任务 {}，进展 {}；人员 {}，证件 {}，借调 {}，服装发放 {}，培训 {} 次、参训 {} 人次；装备 {} 件、装备记录 {} 条、定期计划 {} 项；本年度自评已评 {} 项；操作日志 {}（用时 {:.1} 秒）",
        c.units,
        c.tasks,
        c.progress,
        p.staff,
        p.certificates,
        p.secondments,
        p.uniform_issues,
        p.sessions,
        p.attendance,
        e.items,
        e.events,
        e.schedules,
        c.assessment_items,
        c.audit,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
