//! `backup`, `backups`, `restore`, `check`: the database's safety net. `restore` and `check`
//! work on a database that cannot be opened (that is when they are needed), so they run before
//! the database is opened for the other commands.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args;
use ledger_core::backup::{self, BackupReason, BackupSet, Health};
use ledger_core::store::lock::AppLock;
use ledger_core::{Ledger, LedgerError};

use crate::output;

#[derive(Args)]
pub struct BackupArgs {
    /// 另存一份完整的数据库副本到此文件（例如 U 盘上），而不是放入数据目录的备份轮转
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct BackupsArgs {
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// 要恢复的备份：编号（如 12）或名称（如 000012-20261203-091500-daily）
    #[arg(value_name = "BACKUP", required_unless_present = "latest")]
    backup: Option<String>,
    /// 恢复最近一个完好的备份
    #[arg(long, conflicts_with = "backup")]
    latest: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct CheckArgs {
    #[arg(long)]
    json: bool,
}

pub fn backup(ledger: &Ledger, a: BackupArgs) -> Result<()> {
    if let Some(out) = a.out {
        ledger.backup_to(&out)?;
        println!("已备份到 {}", out.display());
        return Ok(());
    }
    let set = ledger.backup(BackupReason::Manual)?;
    output::show(a.json, &set, || {
        println!("已备份：第 {} 号（{}）", set.sequence, set.id);
        println!("位置：{}", backup::backups_dir(ledger.db_path()).join(&set.id).display());
        println!("数据库 {}，附件 {} 个", output::size(set.db_bytes), set.evidence_files);
    })
}

fn line(s: &BackupSet) -> String {
    let mut extra = Vec::new();
    if s.has_key {
        extra.push("含签名密钥".to_string());
    }
    if s.branches > 0 {
        extra.push(format!("含 {} 个分局副本", s.branches));
    }
    if s.evidence_missing > 0 {
        extra.push(format!("{} 个附件备份时已缺失", s.evidence_missing));
    }
    format!(
        "{:>4}  {}  {:<8}  数据库 {:>9}  附件 {:>5} 个  {}",
        s.sequence,
        backup::zh_time(s),
        s.reason.label(),
        output::size(s.db_bytes),
        s.evidence_files,
        extra.join("，")
    )
}

pub fn backups(db_path: &Path, a: BackupsArgs) -> Result<()> {
    let sets = backup::list(db_path)?;
    if a.json {
        return output::json(&sets);
    }
    if sets.is_empty() {
        println!("还没有备份（{}）", backup::backups_dir(db_path).display());
        return Ok(());
    }
    println!("编号  时间                原因      大小               附件");
    for s in &sets {
        println!("{}", line(s));
    }
    println!("共 {} 个备份，位于 {}", sets.len(), backup::backups_dir(db_path).display());
    Ok(())
}

pub fn restore(db_path: &Path, a: RestoreArgs) -> Result<()> {
    if AppLock::is_held(db_path) {
        return Err(LedgerError::InUse { path: db_path.display().to_string(), action: "恢复备份".into() }.into());
    }
    let id = match (a.latest, a.backup) {
        (true, _) => match backup::newest_good(db_path)? {
            Some(s) => s.id,
            None => {
                return Err(LedgerError::NotFound { entity: "完好的备份", id: db_path.display().to_string() }.into())
            }
        },
        (false, Some(id)) => id,
        (false, None) => unreachable!("clap requires one"),
    };
    let outcome = backup::restore(db_path, &id)?;
    output::show(a.json, &outcome, || {
        println!(
            "已恢复第 {} 号备份（{}，{}）",
            outcome.restored.sequence,
            backup::zh_time(&outcome.restored),
            outcome.restored.reason.label()
        );
        if let Some(b) = &outcome.before_restore {
            println!("恢复前的数据已先备份为第 {} 号，如需撤销可再恢复它", b.sequence);
        }
        if let Some(d) = &outcome.damaged_kept_at {
            println!("损坏的数据库已移到 {d}（未删除）");
        }
        if outcome.evidence_restored > 0 {
            println!("从备份找回附件 {} 个", outcome.evidence_restored);
        }
    })
}

pub fn check(db_path: &Path, a: CheckArgs) -> Result<()> {
    let health = backup::check(db_path);
    output::show(a.json, &health, || println!("{}", health.message(db_path)))?;
    match health {
        Health::Ok | Health::Missing => Ok(()),
        Health::TooNew(found, supported) => Err(LedgerError::TooNew { found, supported }.into()),
        h => {
            let hint = match backup::newest_good(db_path)? {
                Some(s) => {
                    format!("。可恢复最近的完好备份：ledgerctl restore {}（{}）", s.sequence, backup::zh_time(&s))
                }
                None => "。没有可用的备份".to_string(),
            };
            Err(LedgerError::Damaged {
                path: db_path.display().to_string(),
                message: format!("{}{hint}", h.message(db_path)),
            }
            .into())
        }
    }
}
