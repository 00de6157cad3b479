//! The self-assessment report (规范化建设自评情况的报告) the branch sends to the city bureau:
//! A4 portrait after GB/T 9704 — title, 主送机关, the total, grade and the points to the next
//! grade, a bar chart by group, the full scored table, the key-task status, the staff,
//! certificate and training figures, equipment coverage with its gaps, the signature block,
//! page numbers, and on every page the version mark when this is not the signed-off version.

use chrono::NaiveDate;
use ledger_core::assessment::{AssessmentInfo, AssessmentResult, AssessmentStatus, How, ItemScore, PartScore};
use ledger_core::figures::{Figure, FigureSet};
use ledger_core::store::dates;
use ledger_core::tasks::TaskSummary;
use ledger_core::Ledger;

use crate::fmt_score;
use crate::fonts::FontPlan;
use crate::layout::{Align, Doc, PageSpec};
use crate::table::{TableColumn, TableRow};
use crate::{Report, ReportError};

mod draw;

/// The 主送机关 when none is given: the city bureau the Zaozhuang branches report to.
pub const DEFAULT_RECIPIENT: &str = "枣庄市生态环境局";

/// Everything the report prints besides the assessment itself.
#[derive(Debug, Clone)]
pub struct ReportContext {
    /// The branch (署名): 枣庄市生态环境局滕州分局.
    pub branch: String,
    /// 主送机关.
    pub recipient: String,
    /// 成文日期.
    pub date: NaiveDate,
    /// 联系人 and 联系电话 for the 附注 line.
    pub contact: Option<String>,
    pub phone: Option<String>,
    /// The branch's signing key fingerprint, printed in the 附注 so the city bureau can match the
    /// report with the bundle it came in.
    pub fingerprint: Option<String>,
    /// The figures (F, T, E …) for the assessment's date.
    pub figures: FigureSet,
    /// The key tasks of the assessment's year.
    pub tasks: TaskSummary,
    pub fonts: FontPlan,
}

impl ReportContext {
    /// A context with the default 主送机关, no contact, and the fonts this PC has.
    pub fn new(branch: &str, date: NaiveDate, figures: FigureSet, tasks: TaskSummary) -> ReportContext {
        ReportContext {
            branch: branch.to_string(),
            recipient: DEFAULT_RECIPIENT.to_string(),
            date,
            contact: None,
            phone: None,
            fingerprint: None,
            figures,
            tasks,
            fonts: FontPlan::detect(),
        }
    }

    /// Read the branch, the figures and the year's task summary for `result` from the ledger,
    /// for the assessment's reference date.
    pub fn from_ledger(
        ledger: &Ledger,
        result: &AssessmentResult,
        date: NaiveDate,
        fonts: FontPlan,
    ) -> Result<ReportContext, ReportError> {
        let branch = ledger.require_branch()?.name;
        let (figures, tasks) = ledger.assessment_context(result)?;
        let recipient = recipient_of(&branch);
        let fingerprint = ledger.fingerprint()?;
        Ok(ReportContext { fonts, recipient, fingerprint, ..ReportContext::new(&branch, date, figures, tasks) })
    }
}

/// The 主送机关 a branch reports to: the city bureau its name starts with
/// (枣庄市生态环境局滕州分局 → 枣庄市生态环境局), else [`DEFAULT_RECIPIENT`].
pub fn recipient_of(branch: &str) -> String {
    match branch.find("生态环境局") {
        Some(i) => branch[..i + "生态环境局".len()].to_string(),
        None => DEFAULT_RECIPIENT.to_string(),
    }
}

/// The report's title: 关于{branch}{year}年度规范化建设自评情况的报告.
pub fn title(result: &AssessmentResult, ctx: &ReportContext) -> String {
    let a = &result.assessment;
    match &a.subject_name {
        Some(name) => format!("关于{}{}同志{}年度自评情况的报告", ctx.branch, name, a.year),
        None => format!("关于{}{}年度规范化建设自评情况的报告", ctx.branch, a.year),
    }
}

/// The mark every page carries when this is not the signed-off version, and the watermark of a
/// draft: 草稿 (a draft, or submitted and not yet signed off), 修订版（第N版） (a later
/// version), 已被第N版修订 (an earlier version that a later one amends).
pub fn version_mark(a: &AssessmentInfo) -> (String, Option<&'static str>) {
    let mut marks = Vec::new();
    let draft = matches!(a.status, AssessmentStatus::Draft | AssessmentStatus::Submitted);
    if draft {
        marks.push(match a.status {
            AssessmentStatus::Submitted => "草稿（已提交，未签发）".to_string(),
            _ => "草稿".to_string(),
        });
    }
    match a.amended_by_version {
        Some(v) => marks.push(format!("已被第{v}版修订")),
        None if a.version > 1 => marks.push(format!("修订版（第{}版）", a.version)),
        None => {}
    }
    (marks.join("　"), draft.then_some("草　稿"))
}

fn how_label(how: How) -> &'static str {
    match how {
        How::Computed => "自动计算",
        How::Manual => "手工评分",
        How::Override => "手工调整",
        How::Unscored => "未评分",
    }
}

/// A piece of the report's content, before layout: what the PDF sets after GB/T 9704, and what
/// the benchmark writes as a text document for LibreOffice to convert.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// 2号 小标宋, centred, balanced over its lines.
    Title(String),
    /// The 主送机关 line, flush left.
    Recipient(String),
    /// A body paragraph, indented two characters.
    Paragraph(String),
    /// 一、 (黑体) and （一） (楷体) headings.
    Heading1(String),
    Heading2(String),
    /// The bar chart of 得分 against 满分 by group: (name, score, max).
    Chart {
        caption: String,
        bars: Vec<(String, f64, f64)>,
    },
    /// A ruled table, its header repeated on every page; `place` names it where a missing
    /// character is reported.
    Table {
        columns: Vec<TableColumn>,
        rows: Vec<TableRow>,
        place: String,
    },
    /// The signature lines (单位（盖章）, 负责人, 日期), right-indented four characters; then
    /// the 附注 line.
    Signature {
        lines: Vec<String>,
        note: Option<String>,
    },
}

/// Render the self-assessment report of `result`.
pub fn self_assessment(result: &AssessmentResult, ctx: &ReportContext) -> Result<Report, ReportError> {
    let title = title(result, ctx);
    let blocks = blocks(result, ctx);
    let mut doc = Doc::new(&title, &ctx.fonts, PageSpec::portrait())?;
    for (i, block) in blocks.iter().enumerate() {
        draw::render(&mut doc, block, blocks.get(i + 1));
    }
    let (marks, watermark) = version_mark(&result.assessment);
    doc.finish(&title, &marks, watermark)
}

/// The report's content, in order.
pub fn blocks(result: &AssessmentResult, ctx: &ReportContext) -> Vec<Block> {
    let a = &result.assessment;
    let mut out = vec![Block::Title(title(result, ctx)), Block::Recipient(format!("{}：", ctx.recipient))];
    let p = |out: &mut Vec<Block>, s: String| out.push(Block::Paragraph(s));
    let zh = |s: &str| dates::parse_date(s).map(dates::zh).unwrap_or_else(|| s.to_string());
    p(
        &mut out,
        format!(
            "按照《{}》的要求，{}对照评分细则，对本单位{}年度规范化建设情况逐项开展了自评，各项统计数据截至{}。现将自评情况报告如下。",
            a.rubric_title,
            ctx.branch,
            a.year,
            zh(&a.as_of)
        ),
    );

    // 一、总体情况
    out.push(Block::Heading1("一、自评总体情况".into()));
    let mut total = format!(
        "经自评，{}年度自评总分为{}分（各项指标满分{}分；基础得分{}分，加分{}分，扣分{}分），评定等级为“{}”。",
        a.year,
        fmt_score(result.total),
        fmt_score(result.max),
        fmt_score(result.base),
        fmt_score(result.bonus),
        fmt_score(result.deductions.abs()),
        result.grade
    );
    match (&result.next_grade, result.points_to_next) {
        (Some(next), Some(pts)) => total.push_str(&format!("距“{next}”还差{}分。", fmt_score(pts))),
        _ if result.grade != "未达标" && result.grade != "—" => total.push_str("已达到最高等级。"),
        _ => {}
    }
    p(&mut out, total);
    if let Some(why) = &result.disqualified {
        p(&mut out, format!("不具备评定资格：{}。", why.trim_end_matches('。')));
    }
    // The groups' items; the 附加项 are counted apart.
    let count = |h: How| result.items.iter().filter(|i| i.extra.is_none() && i.how == h).count();
    let extras = result.items.iter().filter(|i| i.extra.is_some()).count();
    let items = if extras > 0 {
        format!("评分细则共{}项（另有附加项{}项）", result.items.len() - extras, extras)
    } else {
        format!("评分细则共{}项", result.items.len())
    };
    p(
        &mut out,
        format!(
            "{}，其中按台账数据自动计算{}项，手工评分{}项，手工调整{}项，尚未评分{}项；手工评分的指标中无佐证材料的{}项。",
            items,
            count(How::Computed),
            count(How::Manual),
            count(How::Override),
            count(How::Unscored),
            result.without_evidence
        ),
    );
    if !result.groups.is_empty() {
        out.push(Block::Heading2("（一）各一级指标得分".into()));
        let bars = result
            .groups
            .iter()
            .map(|g| {
                let p = &g.group;
                let name = if p.id.is_empty() || p.name.starts_with(&p.id) {
                    p.name.clone()
                } else {
                    format!("{}、{}", p.id, p.name)
                };
                (name, p.score, p.max)
            })
            .collect();
        out.push(Block::Chart { caption: "图1　各一级指标得分与满分".into(), bars });
    }

    // 二、评分明细
    out.push(Block::Heading1("二、评分明细".into()));
    p(
        &mut out,
        "各项指标的评价标准、分值、得分、评分方式和佐证材料见下表；按台账数据自动计算的指标，备注中列出计算过程。"
            .into(),
    );
    out.push(score_table(result));

    // 三、重点任务
    out.push(Block::Heading1("三、重点任务完成情况".into()));
    let t = &ctx.tasks;
    p(
        &mut out,
        format!(
            "截至{}，{}年度重点任务共{}项：已完成{}项，进行中{}项，未开始{}项；其中已逾期{}项，即将到期{}项，长期坚持{}项。",
            zh(&t.as_of),
            t.year.unwrap_or(a.year),
            t.total,
            t.done,
            t.in_progress,
            t.not_started,
            t.overdue,
            t.due_soon,
            t.ongoing
        ),
    );
    let columns = ["任务总数", "已完成", "进行中", "未开始", "已逾期", "即将到期", "长期坚持"]
        .iter()
        .map(|h| TableColumn::new(h, 22.0, Align::Center))
        .collect();
    let row = [t.total, t.done, t.in_progress, t.not_started, t.overdue, t.due_soon, t.ongoing]
        .iter()
        .map(|n| n.to_string())
        .collect();
    out.push(Block::Table { columns, rows: vec![TableRow::Cells(row)], place: "重点任务表".into() });

    // 四、人员、证件与培训
    out.push(Block::Heading1("四、执法人员、证件与培训情况".into()));
    let fs = &ctx.figures;
    p(&mut out, format!("以下指标按台账数据计算，统计日期为{}，统计范围为{}。", zh(&fs.as_of), fs.scope));
    out.push(figure_table(&fs.figures));

    // 五、装备
    out.push(Block::Heading1("五、执法装备配备情况".into()));
    equipment(&mut out, &fs.figures);

    p(&mut out, "特此报告。".into());
    let note_parts: Vec<String> = [
        ctx.contact.as_ref().map(|c| format!("联系人：{c}")),
        ctx.phone.as_ref().map(|p| format!("联系电话：{p}")),
        ctx.fingerprint.as_ref().map(|f| format!("数据签名密钥指纹：{f}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    let note = (!note_parts.is_empty()).then(|| format!("（{}）", note_parts.join("；")));
    out.push(Block::Signature {
        lines: vec![
            format!("单位（盖章）：{}", ctx.branch),
            "负责人（签字）：".to_string(),
            format!("日期：{}", dates::zh(ctx.date)),
        ],
        note,
    });
    out
}

/// The evidence cell: the attachments' names, or where a computed item's data come from.
fn evidence_cell(item: &ItemScore) -> String {
    if !item.evidence.is_empty() {
        return item.evidence.iter().map(|e| e.file_name.as_str()).collect::<Vec<_>>().join("；");
    }
    let labels: Vec<&str> =
        item.figures.iter().map(|f| if f.label.is_empty() { f.id.as_str() } else { f.label.as_str() }).collect();
    match item.how {
        How::Computed | How::Override if !labels.is_empty() => format!("系统数据（{}）", labels.join("、")),
        How::Computed => "系统数据".to_string(),
        _ => "—".to_string(),
    }
}

/// The note cell: how a computed score was reached, why one was overridden, the clerk's note.
fn note_cell(item: &ItemScore) -> String {
    match item.how {
        How::Computed => item.explanation.clone(),
        How::Override => {
            let computed = item.computed_score.map(fmt_score).unwrap_or_else(|| "—".into());
            let mut s = format!("调整理由：{}；按台账计算为{}分", item.override_reason, computed);
            if !item.explanation.is_empty() {
                s.push_str(&format!("（{}）", item.explanation));
            }
            s
        }
        How::Manual if !item.input.note.is_empty() => item.input.note.clone(),
        How::Manual => item.explanation.clone(),
        How::Unscored => String::new(),
    }
}

fn part_line(name: &str, part: Option<(f64, f64)>) -> String {
    match part {
        Some((max, score)) => format!("{name}（满分{}分，得分{}分）", fmt_score(max), fmt_score(score)),
        None => name.to_string(),
    }
}

/// The full scored table: a row per group and indicator, then its items; the 附加项; the total.
fn score_table(result: &AssessmentResult) -> Block {
    let columns = vec![
        TableColumn::new("序号", 10.0, Align::Center),
        TableColumn::new("指标", 18.0, Align::Left),
        TableColumn::new("评价标准", 53.0, Align::Left),
        TableColumn::new("分值", 11.0, Align::Center),
        TableColumn::new("得分", 11.0, Align::Center),
        TableColumn::new("评分方式", 13.0, Align::Center),
        TableColumn::new("佐证", 18.0, Align::Left),
        TableColumn::new("备注", 22.0, Align::Left),
    ];
    // An item names its group and indicator as the rubric prints them (一、机构职能规范化,
    // 1.坚持党建引领); the parts carry the id and the name apart.
    let is = |label: &str, p: &PartScore| {
        label == p.name || label == p.id || (!p.name.is_empty() && label.starts_with(&p.id) && label.ends_with(&p.name))
    };
    let group_of = |label: &str| result.groups.iter().find(|g| is(label, &g.group));
    let group_part = |label: &str| group_of(label).map(|g| (g.group.max, g.group.score));
    let indicator_part = |group: &str, label: &str| {
        let within = group_of(group).map(|g| g.indicators.iter().find(|i| is(label, i))).unwrap_or(None);
        within
            .or_else(|| result.groups.iter().flat_map(|g| &g.indicators).find(|i| is(label, i)))
            .map(|i| (i.max, i.score))
    };
    let mut rows = Vec::new();
    let mut seq = 0;
    let mut push = |rows: &mut Vec<TableRow>, item: &ItemScore| {
        seq += 1;
        rows.push(TableRow::Cells(vec![
            seq.to_string(),
            if item.section.is_empty() { item.indicator.clone() } else { item.section.clone() },
            item.criteria.clone(),
            item.max.map(fmt_score).unwrap_or_else(|| "不封顶".into()),
            item.score.map(fmt_score).unwrap_or_else(|| "未评分".into()),
            how_label(item.how).to_string(),
            evidence_cell(item),
            note_cell(item),
        ]));
    };
    let (mut group, mut indicator) = (None::<&str>, None::<&str>);
    for item in result.items.iter().filter(|i| i.extra.is_none()) {
        if group != Some(item.group.as_str()) {
            group = Some(&item.group);
            indicator = None;
            rows.push(TableRow::Span { text: part_line(&item.group, group_part(&item.group)), shade: true });
        }
        if indicator != Some(item.indicator.as_str()) && !item.indicator.is_empty() {
            indicator = Some(&item.indicator);
            rows.push(TableRow::Span {
                text: part_line(&item.indicator, indicator_part(&item.group, &item.indicator)),
                shade: false,
            });
        }
        push(&mut rows, item);
    }
    let extras: Vec<&ItemScore> = result.items.iter().filter(|i| i.extra.is_some()).collect();
    if !extras.is_empty() {
        rows.push(TableRow::Span {
            text: format!("附加项（加分{}分，扣分{}分）", fmt_score(result.bonus), fmt_score(result.deductions.abs())),
            shade: true,
        });
        for item in extras {
            push(&mut rows, item);
        }
    }
    rows.push(TableRow::Span {
        text: format!(
            "合计：基础得分{}分，自评总分{}分，等级：{}",
            fmt_score(result.base),
            fmt_score(result.total),
            result.grade
        ),
        shade: true,
    });
    Block::Table { columns, rows, place: "评分表".into() }
}

fn verdict(f: &Figure) -> &'static str {
    match (f.applicable, f.pass) {
        (false, _) => "不适用",
        (_, Some(true)) => "达标",
        (_, Some(false)) => "未达标",
        (_, None) => "—",
    }
}

/// The staff (F), certificate and training (T) figures: value, n/d, threshold, 达标.
fn figure_table(figures: &[Figure]) -> Block {
    let columns = vec![
        TableColumn::new("编号", 12.0, Align::Center),
        TableColumn::new("指标", 52.0, Align::Left),
        TableColumn::new("数值", 20.0, Align::Center),
        TableColumn::new("分子/分母", 22.0, Align::Center),
        TableColumn::new("要求", 32.0, Align::Center),
        TableColumn::new("结论", 18.0, Align::Center),
    ];
    let rows = figures
        .iter()
        .filter(|f| f.id.starts_with('F') || f.id.starts_with('T'))
        .map(|f| {
            let nd = match f.denominator {
                Some(d) => format!("{}/{}", f.numerator, d),
                None => f.numerator.to_string(),
            };
            let name = match &f.kind {
                Some(k) if !f.name.contains(k.as_str()) => format!("{}（{}）", f.name, k),
                _ => f.name.clone(),
            };
            TableRow::Cells(vec![f.id.clone(), name, f.value.clone(), nd, f.threshold.clone(), verdict(f).to_string()])
        })
        .collect();
    Block::Table { columns, rows, place: "指标表".into() }
}

/// Coverage of the standard list (E1) with its gaps, the rubric's groups (E2), 全过程记录 (E3)
/// and 移动执法 (E4).
fn equipment(out: &mut Vec<Block>, figures: &[Figure]) {
    let e1: Vec<&Figure> = figures.iter().filter(|f| f.id == "E1").collect();
    let gaps: Vec<&Figure> = e1.iter().copied().filter(|f| f.missing.unwrap_or(0) > 0).collect();
    if e1.is_empty() {
        out.push(Block::Paragraph("标准装备清单尚未建立，无法统计装备配备情况。".into()));
    } else if gaps.is_empty() {
        out.push(Block::Paragraph(format!("对照标准装备清单，应配标准装备{}项，均已按应配数量配齐。", e1.len())));
    } else {
        out.push(Block::Paragraph(format!(
            "对照标准装备清单，应配标准装备{}项，已配齐{}项，尚缺{}项，缺项如下表。",
            e1.len(),
            e1.len() - gaps.len(),
            gaps.len()
        )));
        let columns = vec![
            TableColumn::new("标准装备", 52.0, Align::Left),
            TableColumn::new("组别", 16.0, Align::Center),
            TableColumn::new("应配", 18.0, Align::Center),
            TableColumn::new("持有", 18.0, Align::Center),
            TableColumn::new("在用", 18.0, Align::Center),
            TableColumn::new("缺", 18.0, Align::Center),
        ];
        let n = |v: Option<i64>| v.map_or_else(|| "—".to_string(), |v| v.to_string());
        let rows = gaps
            .iter()
            .map(|f| {
                TableRow::Cells(vec![
                    f.item.clone().unwrap_or_else(|| f.name.clone()),
                    f.group.clone().unwrap_or_else(|| "—".into()),
                    n(f.required),
                    n(f.held),
                    n(f.in_service),
                    n(f.missing),
                ])
            })
            .collect();
        out.push(Block::Table { columns, rows, place: "装备缺项表".into() });
    }
    let e2: Vec<&Figure> = figures.iter().filter(|f| f.id == "E2").collect();
    if !e2.is_empty() {
        out.push(Block::Paragraph("按评分细则“完成装备配备”各组计分如下。".into()));
        let columns = vec![
            TableColumn::new("组别", 40.0, Align::Left),
            TableColumn::new("得分", 16.0, Align::Center),
            TableColumn::new("说明", 100.0, Align::Left),
        ];
        let rows = e2
            .iter()
            .map(|f| {
                TableRow::Cells(vec![
                    f.name.clone(),
                    f.points.map(fmt_score).unwrap_or_else(|| "—".into()),
                    f.explanation.clone(),
                ])
            })
            .collect();
        out.push(Block::Table { columns, rows, place: "装备计分表".into() });
    }
    for f in figures.iter().filter(|f| f.id == "E3" || f.id == "E4") {
        out.push(Block::Paragraph(format!("{}：{}。", f.name, f.explanation.trim_end_matches('。'))));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    #[test]
    fn only_the_signed_off_version_goes_unmarked() {
        let info = |status, version, amended_by| {
            let mut a = sample::fujian_assessment(2024, status, version).assessment;
            a.amended_by_version = amended_by;
            a
        };
        assert_eq!(version_mark(&info(AssessmentStatus::Signed, 1, None)), (String::new(), None));
        assert_eq!(version_mark(&info(AssessmentStatus::Draft, 1, None)), ("草稿".into(), Some("草　稿")));
        assert_eq!(version_mark(&info(AssessmentStatus::Submitted, 1, None)).0, "草稿（已提交，未签发）");
        assert_eq!(version_mark(&info(AssessmentStatus::Signed, 3, None)).0, "修订版（第3版）");
        assert_eq!(version_mark(&info(AssessmentStatus::Draft, 2, None)).0, "草稿　修订版（第2版）");
        assert_eq!(version_mark(&info(AssessmentStatus::Signed, 1, Some(2))), ("已被第2版修订".into(), None));
    }

    #[test]
    fn the_content_follows_the_report_outline() {
        let as_of = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
        let result = sample::fujian_assessment(2024, AssessmentStatus::Signed, 1);
        let ctx = ReportContext {
            fonts: FontPlan::builtin(),
            ..ReportContext::new("滕州分局", as_of, sample::figures("滕州分局", as_of), sample::tasks(2024, as_of))
        };
        let blocks = blocks(&result, &ctx);
        assert_eq!(blocks[0], Block::Title("关于滕州分局2024年度规范化建设自评情况的报告".into()));
        assert_eq!(blocks[1], Block::Recipient("枣庄市生态环境局：".into()));
        let headings: Vec<&str> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading1(h) => Some(h.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            headings,
            [
                "一、自评总体情况",
                "二、评分明细",
                "三、重点任务完成情况",
                "四、执法人员、证件与培训情况",
                "五、执法装备配备情况"
            ]
        );
        let Some(Block::Table { rows, .. }) =
            blocks.iter().find(|b| matches!(b, Block::Table { place, .. } if place == "评分表"))
        else {
            panic!("no score table")
        };
        let items = rows.iter().filter(|r| matches!(r, TableRow::Cells(_))).count();
        assert_eq!(items, 82, "78 items and 4 extras");
        // Every group and indicator heads its items, with its points.
        assert!(rows
            .contains(&TableRow::Span {
                text: "一、机构职能规范化（满分11分，得分10.5分）".into(), shade: true
            }));
        assert!(matches!(blocks.last(), Some(Block::Signature { .. })));
    }
}
