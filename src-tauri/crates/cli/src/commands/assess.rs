//! `rubric` and `assess`: the rubrics (list, check a file, load a city bureau's file) and the
//! year's self-assessment — shown with every item explained, scored by hand, computed scores
//! overridden with a reason, and the office's workflow (submit, return, sign off, amend).
//!
//! An assessment is named by `--rubric ID --year Y` (and `--person` for a 个人 rubric); commands
//! that change it act on its newest version, starting the draft when there is none yet.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Subcommand};
use ledger_core::assessment::{AssessmentResult, How, ItemScore, RankLine, RubricCheck, RubricInfo, ScoreInput};
use ledger_core::store::dates;
use ledger_core::{Ledger, LedgerError};
use serde::Serialize;

use super::people::person_id;
use super::this_year;
use crate::output;

#[derive(Subcommand)]
pub enum RubricCmd {
    /// 列出可用的评分细则（内置与已载入）
    List {
        #[arg(long)]
        json: bool,
    },
    /// 检查评分细则文件（不载入）：分值合计、指标编号、计算规则
    Check { file: PathBuf },
    /// 检查并载入评分细则文件（如市局下发的细则）；编号相同的已载入细则被替换
    Load { file: PathBuf },
}

/// Which assessment: a rubric, a year and, for a 个人 rubric, a person.
#[derive(Args)]
pub struct Which {
    /// 评分细则编号（见 rubric list）
    #[arg(long, value_name = "ID")]
    rubric: String,
    /// 年度，默认今年
    #[arg(long)]
    year: Option<i32>,
    /// 个人评分细则的参评人员（姓名或编号）
    #[arg(long, value_name = "人员")]
    person: Option<String>,
}

#[derive(Subcommand)]
pub enum AssessCmd {
    /// 显示自评：每个评分项的得分、计分方式与说明，各项合计、加减分、总分与等级
    Show {
        #[command(flatten)]
        which: Which,
        /// 按此日期计算指标（不保存），默认用自评的统计日期（12月31日或已设定的日期）
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// 只列出未评分的项
        #[arg(long)]
        open: bool,
        #[arg(long)]
        json: bool,
    },
    /// 设定统计日期（默认该年12月31日，可提前）
    SetDate {
        #[command(flatten)]
        which: Which,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
    },
    /// 手工评分：按评分项的类型填写 --score、--count、--percent 或 --yes/--no
    Score {
        #[command(flatten)]
        which: Which,
        /// 评分项的编号
        #[arg(long, value_name = "ID")]
        item: String,
        /// 得分（评分类）
        #[arg(long)]
        score: Option<f64>,
        /// 次数（按次计分类）
        #[arg(long)]
        count: Option<f64>,
        /// 百分比 0—100（百分比类）
        #[arg(long)]
        percent: Option<f64>,
        /// 符合（是否类）
        #[arg(long, conflicts_with = "no")]
        yes: bool,
        /// 不符合（是否类）
        #[arg(long)]
        no: bool,
        /// 评分说明
        #[arg(long, default_value = "")]
        note: String,
        /// 佐证材料文件（可多次）
        #[arg(long, value_name = "FILE")]
        evidence: Vec<PathBuf>,
        /// 引用台账中已有的附件编号作为佐证（可多次）
        #[arg(long, value_name = "ID")]
        cite: Vec<String>,
    },
    /// 手工调整自动计算的得分（须写明原因）
    Override {
        #[command(flatten)]
        which: Which,
        /// 评分项的编号
        #[arg(long, value_name = "ID")]
        item: String,
        /// 改定的得分
        #[arg(long)]
        score: f64,
        /// 理由
        #[arg(long)]
        reason: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 清除某项的填写（自动计算项恢复为计算结果）
    Clear {
        #[command(flatten)]
        which: Which,
        /// 评分项的编号
        #[arg(long, value_name = "ID")]
        item: String,
    },
    /// 提交负责人审核（所有评分项须已评分）
    Submit {
        #[command(flatten)]
        which: Which,
    },
    /// 负责人退回修改
    Return {
        #[command(flatten)]
        which: Which,
        /// 理由
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// 负责人签发：锁定自评并固定其结果
    SignOff {
        #[command(flatten)]
        which: Which,
        /// 签发负责人姓名
        #[arg(long, value_name = "姓名")]
        signer: String,
    },
    /// 对已签发的自评生成修订版（原版本保留）
    Amend {
        #[command(flatten)]
        which: Which,
    },
    /// 列出自评的各个版本
    Versions {
        #[command(flatten)]
        which: Which,
    },
    /// 个人评分细则：全分局人员排名
    Rank {
        /// 评分细则编号（见 rubric list）
        #[arg(long, value_name = "ID")]
        rubric: String,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
}

pub fn rubric(ledger: &mut Ledger, cmd: RubricCmd) -> Result<()> {
    match cmd {
        RubricCmd::List { json } => {
            let all = ledger.list_rubrics()?;
            output::show(json, &all, || rubric_table(&all))?;
        }
        RubricCmd::Check { file } => {
            let check = ledger.check_rubric_file(&file)?;
            print_check(&check);
            if !check.ok {
                return Err(LedgerError::file(&file, format!("评分细则有 {} 处错误", check.problems.len())).into());
            }
        }
        RubricCmd::Load { file } => {
            let info = ledger.load_rubric_file(&file)?;
            println!("已载入评分细则 {}：{}（满分 {} 分）", info.id, info.title, points(info.total));
        }
    }
    Ok(())
}

/// The subject and year an assessment command names.
fn resolve(ledger: &Ledger, which: &Which) -> Result<(i32, Option<String>)> {
    let person = which.person.as_deref().map(|p| person_id(ledger, p)).transpose()?;
    Ok((which.year.unwrap_or_else(this_year), person))
}

/// The newest version's id, starting the draft when there is none yet.
fn open(ledger: &mut Ledger, which: &Which) -> Result<String> {
    let (year, person) = resolve(ledger, which)?;
    Ok(ledger.open_assessment(&which.rubric, year, person.as_deref())?.id)
}

pub fn assess(ledger: &mut Ledger, cmd: AssessCmd) -> Result<()> {
    match cmd {
        AssessCmd::Show { which, date, open, json } => {
            let (year, person) = resolve(ledger, &which)?;
            let r = ledger.assessment_on(&which.rubric, year, person.as_deref(), date.as_deref())?;
            output::show(json, &ShowJson::from(&r), || print_result(&r, open))?;
        }
        AssessCmd::SetDate { which, date } => {
            let id = open(ledger, &which)?;
            let info = ledger.set_assessment_date(&id, &date)?;
            println!("统计日期已设为 {}", zh(&info.as_of));
        }
        AssessCmd::Score { which, item, score, count, percent, yes, no, note, evidence, cite } => {
            let id = open(ledger, &which)?;
            let flag = if yes {
                Some(true)
            } else if no {
                Some(false)
            } else {
                None
            };
            let input = ScoreInput { score, count, percent, flag, note };
            // Files first: a file that cannot be read leaves the score as it was.
            for path in &evidence {
                let ev = ledger.attach_item_evidence(&id, &item, path)?;
                println!("已附佐证材料：{}", ev.file_name);
            }
            for ev_id in &cite {
                let ev = ledger.link_item_evidence(&id, &item, ev_id)?;
                println!("已引用佐证材料：{}", ev.file_name);
            }
            let r = ledger.score_item(&id, &item, &input)?;
            print_item_line(item_of(&r, &item)?);
            print_totals(&r);
        }
        AssessCmd::Override { which, item, score, reason, note } => {
            let id = open(ledger, &which)?;
            let r = ledger.override_item(&id, &item, score, &reason, &note)?;
            print_item_line(item_of(&r, &item)?);
            print_totals(&r);
        }
        AssessCmd::Clear { which, item } => {
            let id = open(ledger, &which)?;
            let r = ledger.clear_item(&id, &item)?;
            print_item_line(item_of(&r, &item)?);
            print_totals(&r);
        }
        AssessCmd::Submit { which } => {
            let id = open(ledger, &which)?;
            let info = ledger.assessment(&id)?;
            let info = ledger.submit_assessment(&id, info.revision)?;
            println!("第 {} 版已提交负责人审核", info.version);
        }
        AssessCmd::Return { which, reason } => {
            let id = open(ledger, &which)?;
            let info = ledger.assessment(&id)?;
            let info = ledger.return_assessment(&id, info.revision, &reason)?;
            println!("第 {} 版已退回修改", info.version);
        }
        AssessCmd::SignOff { which, signer } => {
            let id = open(ledger, &which)?;
            let info = ledger.assessment(&id)?;
            let info = ledger.sign_off_assessment(&id, info.revision, &signer)?;
            let r = ledger.assessment_result(&id)?;
            println!(
                "第 {} 版已由 {} 签发并锁定：总分 {} 分，{}",
                info.version,
                info.signed_by.unwrap_or_default(),
                points(r.total),
                r.grade
            );
        }
        AssessCmd::Amend { which } => {
            let id = open(ledger, &which)?;
            let info = ledger.amend_assessment(&id)?;
            println!("已生成第 {} 版（草稿），原第 {} 版保留", info.version, info.version - 1);
        }
        AssessCmd::Versions { which } => {
            let (year, person) = resolve(ledger, &which)?;
            let all = ledger.assessment_versions(&which.rubric, year, person.as_deref())?;
            if all.is_empty() {
                println!("{year} 年尚未开始自评");
            }
            for v in all {
                let signed = match (&v.signed_by, &v.signed_at) {
                    (Some(who), Some(at)) => format!("  {who} 签发于 {}", zh(&at[..10.min(at.len())])),
                    _ => String::new(),
                };
                let amended = v.amended_by_version.map(|n| format!("  已被第 {n} 版修订")).unwrap_or_default();
                println!("第 {} 版  {}  统计日期 {}{signed}{amended}", v.version, v.status.label(), zh(&v.as_of));
            }
        }
        AssessCmd::Rank { rubric, year, json } => {
            let lines = ledger.rank_people(&rubric, year.unwrap_or_else(this_year))?;
            output::show(json, &lines, || rank_table(&lines))?;
        }
    }
    Ok(())
}

fn item_of<'a>(r: &'a AssessmentResult, id: &str) -> Result<&'a ItemScore> {
    r.items.iter().find(|i| i.id == id).ok_or_else(|| LedgerError::invalid("评分项", format!("没有“{id}”")).into())
}

/// `assess show --json`: the totals and every item, as documented in the README.
#[derive(Serialize)]
struct ShowJson<'a> {
    rubric: &'a str,
    year: i32,
    as_of: &'a str,
    version: i64,
    status: &'static str,
    total: f64,
    max: f64,
    base: f64,
    bonus: f64,
    deductions: f64,
    grade: &'a str,
    next_grade: Option<&'a str>,
    points_to_next: Option<f64>,
    disqualified: Option<&'a str>,
    items: Vec<ItemJson<'a>>,
}

#[derive(Serialize)]
struct ItemJson<'a> {
    id: &'a str,
    group: &'a str,
    indicator: &'a str,
    criteria: &'a str,
    max: Option<f64>,
    score: Option<f64>,
    how: How,
    explanation: &'a str,
    override_reason: &'a str,
    note: &'a str,
    evidence: Vec<&'a str>,
}

impl<'a> From<&'a AssessmentResult> for ShowJson<'a> {
    fn from(r: &'a AssessmentResult) -> Self {
        ShowJson {
            rubric: &r.assessment.rubric_id,
            year: r.assessment.year,
            as_of: &r.assessment.as_of,
            version: r.assessment.version,
            status: r.assessment.status.label(),
            total: r.total,
            max: r.max,
            base: r.base,
            bonus: r.bonus,
            deductions: r.deductions,
            grade: &r.grade,
            next_grade: r.next_grade.as_deref(),
            points_to_next: r.points_to_next,
            disqualified: r.disqualified.as_deref(),
            items: r
                .items
                .iter()
                .map(|i| ItemJson {
                    id: &i.id,
                    group: &i.group,
                    indicator: &i.indicator,
                    criteria: &i.criteria,
                    max: i.max,
                    score: i.score,
                    how: i.how,
                    explanation: &i.explanation,
                    override_reason: &i.override_reason,
                    note: &i.input.note,
                    evidence: i.evidence.iter().map(|e| e.file_name.as_str()).collect(),
                })
                .collect(),
        }
    }
}

fn points(x: f64) -> String {
    ledger_core::assessment::engine::points(x)
}

fn zh(iso: &str) -> String {
    dates::parse_date(iso).map(dates::zh).unwrap_or_else(|| iso.to_string())
}

fn how_label(h: How) -> &'static str {
    match h {
        How::Computed => "自动",
        How::Manual => "手工",
        How::Override => "调整",
        How::Unscored => "未评",
    }
}

fn rubric_table(all: &[RubricInfo]) {
    for r in all {
        let kind = if r.builtin { "内置" } else { "载入" };
        let grades = r.grades.iter().map(|g| format!("{} {}", points(g.min), g.name)).collect::<Vec<_>>().join("，");
        println!(
            "{:<24}  {kind}  {}  满分 {}  {}{}",
            r.id,
            match r.subject {
                ledger_core::assessment::Subject::Unit => "单位",
                ledger_core::assessment::Subject::Person => "个人",
            },
            points(r.total),
            r.title,
            if grades.is_empty() { String::new() } else { format!("（{grades}）") }
        );
    }
}

fn print_check(c: &RubricCheck) {
    if c.ok {
        println!("评分细则 {}（{}）检查通过：{} 个评分项，满分 {} 分", c.id, c.title, c.items, points(c.total));
    } else {
        for p in &c.problems {
            println!("  × {p}");
        }
    }
}

fn print_item_line(i: &ItemScore) {
    let score = i.score.map(points).unwrap_or_else(|| "—".into());
    let max = i.max.map(|m| format!("/{}", points(m))).unwrap_or_default();
    println!("{:<8} {:>6}{:<5} [{}] {}", i.id, score, max, how_label(i.how), i.explanation);
    if !i.input.note.is_empty() {
        println!("{:<8} 说明：{}", "", i.input.note);
    }
    if !i.evidence.is_empty() {
        let files: Vec<&str> = i.evidence.iter().map(|e| e.file_name.as_str()).collect();
        println!("{:<8} 佐证：{}", "", files.join("、"));
    }
}

fn print_totals(r: &AssessmentResult) {
    let next = match (&r.next_grade, r.points_to_next) {
        (Some(g), Some(p)) => format!("，距{g}还差 {} 分", points(p)),
        _ => String::new(),
    };
    println!(
        "合计 {} 分（基本分 {}，加分 {}，扣分 {}），{}{next}；已评 {} 项，未评 {} 项",
        points(r.total),
        points(r.base),
        points(r.bonus),
        points(r.deductions),
        r.grade,
        r.scored,
        r.unscored
    );
}

fn print_result(r: &AssessmentResult, only_open: bool) {
    let a = &r.assessment;
    let who = a.subject_name.as_deref().map(|n| format!("  参评人员：{n}")).unwrap_or_default();
    println!("{}", a.rubric_title);
    println!(
        "{}  {} 年  统计日期 {}  第 {} 版  {}{}{who}",
        r.branch,
        a.year,
        zh(&a.as_of),
        a.version,
        a.status.label(),
        if a.id.is_empty() { "（尚未开始评分）" } else { "" }
    );
    if let Some(d) = &r.disqualified {
        println!("不具备参评资格：{d}");
    }
    let mut group = String::new();
    for i in r.items.iter().filter(|i| !only_open || i.score.is_none()) {
        if i.group != group {
            group = i.group.clone();
            let part = r.groups.iter().find(|g| group.starts_with(&format!("{}、", g.group.id)));
            match part {
                Some(g) => println!("\n{}  {}/{} 分", group, points(g.group.score), points(g.group.max)),
                None => println!("\n{group}"),
            }
        }
        print_item_line(i);
    }
    println!();
    print_totals(r);
    if !r.suggestions.is_empty() && !only_open {
        println!("\n提分建议（按可增加分值从大到小）：");
        for s in r.suggestions.iter().take(10) {
            println!("  {:<8} +{:<5} {}", s.item_id, points(s.gain), s.hint);
        }
    }
}

fn rank_table(lines: &[RankLine]) {
    for l in lines {
        let rank = if l.rank > 0 { l.rank.to_string() } else { "—".into() };
        let status = l.status.map(|s| s.label()).unwrap_or("未评");
        let dq = l.disqualified.as_deref().map(|d| format!("  {d}")).unwrap_or_default();
        println!("{:>4}  {:<8}  {:<16}  {:>6} 分  {status}{dq}", rank, l.name, l.unit, points(l.total));
    }
}
