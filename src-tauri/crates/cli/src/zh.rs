//! The command line in Chinese. clap writes some words of its own in English: the help's headings
//! and usage, the help and version flags, defaults and choices, and every parse error. Here the
//! command ([`cli::Args`]'s definition) gets Chinese ones, and a parse error becomes a message
//! like every other of ledgerctl's: `错误[E_USAGE]：…` on stderr, exit status 1.

use std::path::Path;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use crate::cli;

/// The help of a command: what it does, how it is used, then its commands and options.
const TEMPLATE: &str = "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// Help for the options many commands share and that their definitions leave undescribed.
const SHARED_HELP: &[(&str, &str)] = &[
    ("json", "以 JSON 输出（供脚本使用）"),
    ("limit", "最多列出的条数"),
    ("offset", "从第几条之后开始列出（分页用，默认 0）"),
    ("id", "记录的编号"),
    ("person", "人员：编号、姓名，或同名时写 姓名（所在单位）"),
    ("file", "文件路径"),
    ("files", "文件路径（可写多个）"),
    ("out", "保存到的文件路径"),
    ("note", "备注"),
    ("date", "日期（YYYY-MM-DD）"),
    ("year", "年度（如 2024）"),
];

/// The placeholder shown for a value (`--limit <条数>`), for the one clap would show: the value
/// name given in the definition, or the argument's name in capitals. Options whose English
/// placeholder would fit badly in Chinese name their own in the definition (`value_name`).
const PLACEHOLDERS: &[(&str, &str)] = &[
    ("APPROVAL", "审批"),
    ("AREA", "区域"),
    ("ASSET_NO", "资产编号"),
    ("ATTENDEES", "人员"),
    ("AUTHOR", "填报人"),
    ("BACKUP", "备份"),
    ("CATEGORY", "类别"),
    ("CERT", "持证情况"),
    ("CONTACT", "联系人"),
    ("COST", "金额"),
    ("COUNT", "次数"),
    ("CUSTODIAN", "保管人"),
    ("DAYS", "天数"),
    ("DEADLINE", "时限"),
    ("DEADLINE_KIND", "时限类型"),
    ("DESTINATION", "借调单位"),
    ("DETAIL", "具体任务"),
    ("DIR", "文件夹"),
    ("DOC", "文号"),
    ("EDUCATION", "学历"),
    ("ENTITY", "记录类别"),
    ("ESTABLISHMENT", "编制"),
    ("EVERY", "月数"),
    ("FILE", "文件"),
    ("FILE.pdf", "文件.pdf"),
    ("FILES", "文件"),
    ("FUNDING", "经费来源"),
    ("GENDER", "性别"),
    ("GROUP", "分组"),
    ("HOURS", "学时"),
    ("ID", "编号"),
    ("ISSUER", "发证机关"),
    ("ITEM", "装备"),
    ("KEY", "公钥"),
    ("KIND", "类型"),
    ("LEAD", "牵头单位"),
    ("LEDGER", "台账"),
    ("LEVEL", "级别"),
    ("LIFE", "年限"),
    ("LIMIT", "条数"),
    ("LOCATION", "存放地点"),
    ("LO_RUNS", "次数"),
    ("MAIN_TASK", "主要任务"),
    ("MAJOR", "专业"),
    ("MAJOR_CATEGORY", "专业类别"),
    ("MODEL", "品牌型号"),
    ("NAME", "名称"),
    ("NOTE", "备注"),
    ("NUMBER", "证件编号"),
    ("OFFSET", "条数"),
    ("ORGANISER", "主办单位"),
    ("PARENT", "上级单位"),
    ("PATH", "路径"),
    ("PERCENT", "百分比"),
    ("PERSON", "人员"),
    ("PHONE", "电话"),
    ("PLACE", "地点"),
    ("POST", "岗位类别"),
    ("PRICE", "金额"),
    ("PURPOSE", "用途"),
    ("QUANTITY", "数量"),
    ("REASON", "理由"),
    ("RECIPIENT", "主送机关"),
    ("RENAME", "新名称"),
    ("REQUIRED", "应配数量"),
    ("RESPONSIBLE", "责任单位"),
    ("RESULT", "结果"),
    ("RUNS", "次数"),
    ("SCALE", "规模"),
    ("SCORE", "得分"),
    ("SEARCH", "关键词"),
    ("SEED", "种子"),
    ("SEQ", "序号"),
    ("SERIAL", "序列号"),
    ("SIZE_BOTTOM", "裤号"),
    ("SIZE_HAT", "帽号"),
    ("SIZE_SHOES", "鞋号"),
    ("SIZE_TOP", "上衣号"),
    ("SORT", "排序"),
    ("STANDARD", "标准装备"),
    ("STATUS", "状态"),
    ("STATUS_AFTER", "状态"),
    ("TITLE", "名称"),
    ("UNIT", "单位"),
    ("VENDOR", "单位"),
    ("YEAR", "年度"),
    ("ZONE", "气候区"),
];

/// The command line as ledgerctl parses it, in Chinese.
pub fn command() -> Command {
    let version = Arg::new("version").short('V').long("version").action(ArgAction::Version).help("显示版本号");
    let mut root =
        localized(cli::Args::command().disable_version_flag(true).arg(version)).disable_help_subcommand(false);
    // clap adds its `help` command (`ledgerctl help task list`) when the command is built.
    root.build();
    root.mut_subcommand("help", |help| {
        // Built already: no new arguments now, only words.
        let help = help
            .about("显示帮助，或某个命令的帮助（如 ledgerctl help task list）")
            .help_template(TEMPLATE)
            .subcommand_help_heading("命令")
            .subcommand_value_name("命令");
        let named: Vec<String> =
            help.get_arguments().filter(|a| a.get_action().takes_values()).map(|a| a.get_id().to_string()).collect();
        let help = named.into_iter().fold(help, |h, id| h.mut_arg(id, |a| a.value_name("命令").help_heading("参数")));
        match help.find_subcommand("help") {
            Some(_) => help.mut_subcommand("help", |h| h.about("显示帮助")),
            None => help,
        }
    })
}

/// The arguments given, or the exit status when there is nothing to run: the help or the version
/// was asked for (printed, 0), or the arguments are wrong (a Chinese message, 1).
pub fn parse() -> Result<cli::Args, u8> {
    command().try_get_matches().and_then(|m| cli::Args::from_arg_matches(&m)).map_err(|e| match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print!("{}", help_text(&e.render().to_string()));
            0
        }
        _ => {
            eprint!("{}", error_text(&e));
            1
        }
    })
}

/// One command and everything under it with clap's words in Chinese.
fn localized(cmd: Command) -> Command {
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        // `ledgerctl help task list` (the root's) is enough; each group's --help says the same.
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("显示帮助"));
    let args: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    // Under our heading clap sorts the arguments by display order, then by name: the positional
    // ones keep the order of the usage line.
    let mut position = 0;
    for id in args {
        cmd = cmd.mut_arg(id, |arg| {
            if !arg.is_positional() {
                return described(arg);
            }
            position += 1;
            described(arg).display_order(position)
        });
    }
    let subcommands: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in subcommands {
        cmd = cmd.mut_subcommand(name, localized);
    }
    cmd
}

/// An argument under its Chinese heading, with help (the shared options'), and its default and
/// choices written into the help in Chinese instead of clap's `[default: …]`.
fn described(arg: Arg) -> Arg {
    let mut help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
    if help.is_empty() {
        let id = arg.get_id().as_str();
        help = SHARED_HELP.iter().find(|(k, _)| *k == id).map(|(_, h)| h.to_string()).unwrap_or_default();
    }
    let defaults: Vec<String> = arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
    let takes_value = arg.get_action().takes_values();
    if takes_value && !defaults.is_empty() && !arg.is_hide_default_value_set() && !help.contains("默认") {
        help = format!("{help}（默认：{}）", defaults.join("、"));
    }
    let choices: Vec<String> = arg.get_possible_values().iter().map(|v| v.get_name().to_string()).collect();
    let listed = choices.iter().all(|c| help.contains(c.as_str()));
    if takes_value && !choices.is_empty() && !arg.is_hide_possible_values_set() && !listed {
        help = format!("{help}（可选：{}）", choices.join("、"));
    }
    let arg = match (arg.get_help_heading().is_some(), arg.is_positional()) {
        (true, _) => arg,
        (false, true) => arg.help_heading("参数"),
        (false, false) => arg.help_heading("选项"),
    };
    let arg = arg.help(help);
    if !takes_value {
        return arg;
    }
    let arg = arg.hide_default_value(true).hide_possible_values(true);
    match PLACEHOLDERS.iter().find(|(english, _)| *english == placeholder(&arg)) {
        Some((_, chinese)) => arg.value_name(*chinese),
        None => arg,
    }
}

/// The placeholder clap shows for an argument's value: its value name, or its name in capitals.
fn placeholder(arg: &Arg) -> String {
    match arg.get_value_names() {
        Some(names) => names.iter().map(|n| n.as_str()).collect::<Vec<_>>().join(" "),
        None => arg.get_id().as_str().to_uppercase(),
    }
}

/// clap's remaining English in a help or usage text (the usage's placeholder for options).
fn help_text(text: &str) -> String {
    let mut text = text.replace("[OPTIONS]", "[选项]").replace("Usage: ", "");
    for heading in ["命令", "选项", "参数"] {
        text = text.replace(&format!("{heading}:\n"), &format!("{heading}：\n"));
    }
    text
}

/// A parse error as ledgerctl reports errors, with the usage of the command it concerns.
fn error_text(e: &clap::Error) -> String {
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join("、"),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = text(ContextKind::InvalidArg);
    let value = text(ContextKind::InvalidValue);
    let suggestion = |kind| {
        let names = match e.get(kind) {
            Some(ContextValue::String(s)) => vec![s.clone()],
            Some(ContextValue::Strings(v)) => v.clone(),
            _ => Vec::new(),
        };
        let quoted: Vec<String> = names.iter().map(|n| format!("“{n}”")).collect();
        match quoted.split_last() {
            None => String::new(),
            Some((only, [])) => format!("（是否要用{only}？）"),
            Some((last, others)) => format!("（是否要用{}或{last}？）", others.join("、")),
        }
    };
    let message = match e.kind() {
        ErrorKind::InvalidSubcommand => {
            format!(
                "没有“{}”这个命令{}",
                text(ContextKind::InvalidSubcommand),
                suggestion(ContextKind::SuggestedSubcommand)
            )
        }
        ErrorKind::UnknownArgument => format!("不认识的参数“{arg}”{}", suggestion(ContextKind::SuggestedArg)),
        ErrorKind::InvalidValue => match text(ContextKind::ValidValue) {
            valid if valid.is_empty() => format!("{arg} 的值不能为空"),
            valid => format!("{arg} 的值“{value}”无效，应为 {valid} 之一"),
        },
        ErrorKind::ValueValidation => format!("{arg} 的值“{value}”无效{}", reason(e)),
        ErrorKind::MissingRequiredArgument => format!("缺少必须给出的参数：{arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少命令：请在下面的命令中选一个".to_string()
        }
        ErrorKind::ArgumentConflict => format!("{arg} 不能与 {} 同时使用", text(ContextKind::PriorArg)),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} 的值的个数不对")
        }
        ErrorKind::NoEquals => format!("{arg} 的值须用 = 紧接着写（如 {arg}=值）"),
        _ => "命令行参数有误".to_string(),
    };
    let usage = help_text(&text(ContextKind::Usage));
    let mut out = format!("错误[E_USAGE]：{message}\n");
    if matches!(e.kind(), ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand) {
        out.push('\n');
        out.push_str(&help_text(&e.render().to_string()));
    } else {
        if !usage.is_empty() {
            out.push_str(&format!("\n用法：{usage}\n"));
        }
        out.push_str("\n加 --help 查看说明。\n");
    }
    out
}

/// Why a value did not parse, for the values ledgerctl reads as numbers (clap passes on the
/// parser's own error).
fn reason(e: &clap::Error) -> &'static str {
    match std::error::Error::source(e) {
        Some(s) if s.is::<std::num::ParseIntError>() || s.is::<std::num::ParseFloatError>() => "：应为数字",
        _ => "",
    }
}

/// groff neither breaks lines of hanzi nor stretches them: lines are left-aligned (`.ad l`), and
/// may break after Chinese punctuation (`\:`, a break point of no width).
fn for_groff(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len() * 2);
    for line in roff.lines() {
        if line.starts_with('.') || line.starts_with('\'') {
            out.push_str(line);
        } else {
            for c in line.chars() {
                out.push(c);
                if "，、。；：）".contains(c) {
                    out.push_str("\\:");
                }
            }
        }
        out.push('\n');
        if line.starts_with(".TH ") {
            out.push_str(".ad l\n");
        }
    }
    out
}

/// `ledgerctl man DIR`: a manual page for ledgerctl and one for each command under it
/// (`ledgerctl-task-list.1` …), made from the same definition as `--help`.
pub fn write_man_pages(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    fn pages(cmd: Command, dir: &Path, written: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
            pages(sub, dir, written)?;
        }
        let man = clap_mangen::Man::new(cmd).manual("规范化建设台账");
        let mut roff = Vec::new();
        man.render(&mut roff)?;
        let roff = String::from_utf8_lossy(&roff)
            .replace(".SH NAME", ".SH 名称")
            .replace(".SH SYNOPSIS", ".SH 用法")
            .replace(".SH DESCRIPTION", ".SH 说明")
            .replace(".SH VERSION", ".SH 版本");
        let roff = for_groff(&roff);
        let path = dir.join(man.get_filename());
        std::fs::write(&path, roff)?;
        written.push(path);
        Ok(())
    }
    std::fs::create_dir_all(dir)?;
    // Not clap's `help` command: it has no page, and its stand-ins would repeat every page.
    let cmd = command().mut_subcommand("help", |h| h.hide(true));
    let mut written = Vec::new();
    pages(cmd, dir, &mut written)?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command under `cmd`, with its full name; not the stand-ins under clap's `help`
    /// command (`ledgerctl help unit` prints `ledgerctl unit --help`).
    fn all(cmd: &Command, name: String, out: &mut Vec<(String, Command)>) {
        let stand_ins = cmd.get_name() == "help";
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set() && !stand_ins) {
            all(sub, format!("{name} {}", sub.get_name()), out);
        }
        out.push((name, cmd.clone()));
    }

    /// ledgerctl and every command under it, with their full names.
    fn every_command() -> Vec<(String, Command)> {
        let mut commands = Vec::new();
        all(&command(), "ledgerctl".into(), &mut commands);
        commands
    }

    #[test]
    fn every_option_of_every_command_is_described_in_chinese() {
        let commands = every_command();
        let mut undescribed = Vec::new();
        for (name, cmd) in &commands {
            for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                if arg.get_help().is_none_or(|h| h.to_string().trim().is_empty()) {
                    undescribed.push(format!("{name} --{}", arg.get_id()));
                }
            }
        }
        assert!(undescribed.is_empty(), "options without help: {undescribed:#?}");
    }

    #[test]
    fn every_value_s_placeholder_is_chinese() {
        let commands = every_command();
        let mut english = Vec::new();
        for (name, cmd) in &commands {
            for arg in cmd.get_arguments().filter(|a| a.get_action().takes_values() && !a.is_hide_set()) {
                let shown = placeholder(arg);
                if shown != "YYYY-MM-DD" && shown.chars().any(|c| c.is_ascii_uppercase()) {
                    english.push(format!("{name} --{} <{shown}>", arg.get_id()));
                }
            }
        }
        assert!(english.is_empty(), "placeholders in English: {english:#?}");
    }

    #[test]
    fn the_arguments_are_listed_in_the_order_they_are_given() {
        let mut checked = 0;
        for (name, mut cmd) in every_command() {
            let positionals: Vec<String> = cmd.get_positionals().map(placeholder).collect();
            if positionals.len() < 2 {
                continue;
            }
            let help = help_text(&cmd.render_help().to_string());
            let listed = help.split("参数：").nth(1).and_then(|s| s.split("选项：").next()).unwrap_or_default();
            let at: Vec<Option<usize>> = positionals.iter().map(|p| listed.find(p.as_str())).collect();
            assert!(at.windows(2).all(|w| w[0] < w[1]), "{name}: {positionals:?} listed out of order:\n{help}");
            checked += 1;
        }
        assert!(checked > 0, "no command takes two arguments");
    }

    #[test]
    fn no_command_s_help_has_clap_s_english_left() {
        let commands = every_command();
        assert!(commands.len() > 50, "{} commands", commands.len());
        for (name, mut cmd) in commands {
            let help = help_text(&cmd.render_help().to_string());
            for english in
                ["Usage", "Options", "Commands", "Arguments", "Print", "[default", "[possible", "OPTIONS", "<COMMAND>"]
            {
                assert!(!help.contains(english), "{name} --help has “{english}”:\n{help}");
            }
        }
    }
}
