//! `ledgerctl`: Branch Ledger headless. Every capability of the desktop app, for scripts and for
//! the city bureau. Exit status: 0 success, 1 user error (bad input, not found), 2 internal failure.

mod bench;
mod cli;
mod commands;
mod output;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => match e.downcast_ref::<ledger_core::LedgerError>() {
            Some(le) => {
                eprintln!("错误[{}]：{}", le.code(), le);
                if le.code() == "E_DB_DAMAGED" && !le.to_string().contains("ledgerctl restore") {
                    eprintln!("可用 ledgerctl backups 查看备份，ledgerctl restore --latest 恢复最近的完好备份（损坏的文件会移到 damaged/ 保留）");
                }
                if let ledger_core::LedgerError::ImportRejected(report) = le {
                    output::print_row_errors(&report.errors);
                    output::print_unknown_units(&report.unknown_units);
                }
                ExitCode::from(if le.is_user_error() { 1 } else { 2 })
            }
            None => {
                eprintln!("错误[E_INTERNAL]：{e:#}");
                ExitCode::from(2)
            }
        },
    }
}
