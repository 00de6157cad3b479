//! `ledgerctl`: Branch Ledger headless. Every capability of the desktop app, for scripts and for
//! the city bureau. Exit status: 0 success, 1 user error (bad input, not found), 2 internal failure.

mod bench;
mod cli;
mod commands;
mod output;
mod zh;

use std::process::ExitCode;

/// Exit status when the reader of the output has gone (`ledgerctl … | head`), as a shell reports
/// a program ended by SIGPIPE (128 + 13).
const OUTPUT_CLOSED: i32 = 141;

fn main() -> ExitCode {
    quiet_when_output_closes();
    let args = match zh::parse() {
        Ok(args) => args,
        Err(status) => return ExitCode::from(status),
    };
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

/// `println!` panics once the reader of stdout has gone (`ledgerctl task list | head`): end
/// quietly then, as other command-line tools do, instead of printing a panic. Whatever was
/// written to the database was committed before any output.
fn quiet_when_output_closes() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(OUTPUT_CLOSED);
        }
        default(info)
    }));
}
