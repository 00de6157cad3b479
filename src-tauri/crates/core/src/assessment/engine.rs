//! The one scoring engine: a rubric, the figures of the ledgers on the reference date, and what
//! the clerk entered → every item's score and how it was reached, the totals of indicators and
//! groups, bonus, deductions, total, grade, and what would lift the total to the next grade.
//!
//! Invariants: an item's score stays within its bounds; an indicator's stays between 0 and its
//! points (so per-occurrence deductions inside it cannot take it below 0, and per-occurrence
//! gains cannot take it above its points); thresholds on figures compare integers as the figures
//! do; nothing here writes.

use std::collections::HashMap;

use super::model::{
    AssessmentInfo, AssessmentResult, FigureLink, GroupScore, How, ItemScore, PartScore, ScoreInput, Suggestion,
};
use super::rubric::{FigureRef, HowKind, Item, Rubric};
use crate::figures::{Figure, FigureSet};
use crate::model::Evidence;

/// What the clerk stored for an item.
#[derive(Debug, Clone, Default)]
pub struct Stored {
    pub input: ScoreInput,
    pub is_override: bool,
    pub reason: String,
    pub evidence: Vec<Evidence>,
}

/// Round to two decimals (scores are halves and tenths; sums must not drift).
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A score as the clerk reads it: 1.5, 3, 0.25.
pub fn points(x: f64) -> String {
    let r = round2(x);
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

fn find<'a>(figures: &'a FigureSet, r: &FigureRef) -> Option<&'a Figure> {
    figures.figures.iter().find(|f| {
        f.id == r.figure
            && match r.figure.as_str() {
                "T4" => f.kind.as_deref() == r.kind.as_deref(),
                "E2" => f.group.as_deref() == r.group.as_deref(),
                "E1" => f.item.as_deref() == r.item.as_deref(),
                _ => true,
            }
    })
}

fn link(r: &FigureRef) -> FigureLink {
    FigureLink {
        id: r.figure.clone(),
        kind: r.kind.clone(),
        group: r.group.clone(),
        item: r.item.clone(),
        label: label(r),
    }
}

fn label(r: &FigureRef) -> String {
    match (&r.kind, &r.group, &r.item) {
        (Some(k), _, _) => format!("{}（{k}）", r.figure),
        (_, Some(g), _) => format!("{}（{g}）", r.figure),
        (_, _, Some(i)) => format!("{}（{i}）", r.figure),
        _ => r.figure.clone(),
    }
}

/// Whether a condition on a figure holds, and the words for it.
fn holds(figures: &FigureSet, r: &FigureRef, rule: &str) -> (bool, String) {
    match find(figures, r) {
        None => (false, format!("{}：未找到该指标", label(r))),
        Some(f) => {
            let ok = match rule {
                "pass_or_na" => f.pass == Some(true) || !f.applicable,
                _ => f.pass == Some(true),
            };
            (ok, format!("{} {}：{}", f.id, f.name, f.explanation))
        }
    }
}

/// A computed item's score and explanation from the figures.
fn compute(it: &Item, figures: &FigureSet) -> (f64, String, Vec<FigureLink>) {
    let rule = it.rule.as_deref().unwrap_or("pass");
    let full = it.points;
    match rule {
        "pass" | "pass_or_na" => {
            let r = it.figure_ref();
            let (ok, words) = holds(figures, &r, rule);
            let na = find(figures, &r).is_some_and(|f| !f.applicable);
            let score = if ok { full } else { 0.0 };
            let tail = if na && rule == "pass_or_na" { "（不适用，视为满足）" } else { "" };
            // E2 and E4 say their points themselves (`… → 1.5 分`).
            let says_points = find(figures, &r).is_some_and(|f| f.points.is_some());
            let words =
                if says_points && tail.is_empty() { words } else { format!("{words}{tail} → {} 分", points(score)) };
            (score, words, vec![link(&r)])
        }
        "all" | "any" => {
            let parts: Vec<(bool, String)> =
                it.conditions.iter().map(|c| holds(figures, c, c.rule.as_deref().unwrap_or("pass"))).collect();
            let ok = if rule == "all" { parts.iter().all(|p| p.0) } else { parts.iter().any(|p| p.0) };
            let score = if ok { full } else { 0.0 };
            let joiner = if rule == "all" { "；且 " } else { "；或 " };
            let words = parts.iter().map(|p| p.1.clone()).collect::<Vec<_>>().join(joiner);
            (score, format!("{words} → {} 分", points(score)), it.conditions.iter().map(link).collect())
        }
        "count" => {
            let at_least = it.at_least.unwrap_or(1.0);
            let mut n = 0i64;
            let mut words = Vec::new();
            for r in &it.figures {
                let k = find(figures, r).map(|f| f.numerator).unwrap_or(0);
                n += k;
                words.push(format!("{} {k}", label(r)));
            }
            let ok = n as f64 >= at_least;
            let score = if ok { full } else { 0.0 };
            (
                score,
                format!("{} = {n} 次，要求 ≥ {} 次 → {} 分", words.join(" + "), points(at_least), points(score)),
                it.figures.iter().map(link).collect(),
            )
        }
        "tiers" => {
            let r = it.figure_ref();
            match find(figures, &r) {
                Some(f) if f.applicable => {
                    let (n, d) = (f.numerator, f.denominator.unwrap_or(0));
                    let score = it
                        .tiers
                        .iter()
                        .find(|t| (n as f64) * 100.0 >= t.at_least * d as f64)
                        .map(|t| t.points)
                        .unwrap_or(0.0);
                    (
                        score,
                        format!("{} {}：{n} / {d} = {} → {} 分", f.id, f.name, f.value, points(score)),
                        vec![link(&r)],
                    )
                }
                Some(f) => (0.0, format!("{} {}：{} → 0 分", f.id, f.name, f.explanation), vec![link(&r)]),
                None => (0.0, format!("{}：未找到该指标 → 0 分", label(&r)), vec![link(&r)]),
            }
        }
        other => (0.0, format!("未知的计算规则“{other}”"), Vec::new()),
    }
}

/// A per-occurrence score: `base` + `per` × count, the change bounded by `cap`.
fn per_occurrence(base: Option<f64>, per: f64, cap: Option<f64>, n: f64) -> f64 {
    let change = per * n;
    let change = match cap {
        Some(c) if c >= 0.0 => change.min(c),
        Some(c) => change.max(c),
        None => change,
    };
    round2(base.unwrap_or(0.0) + change)
}

/// A percentage's score: the tier it reaches, or its share of the points.
fn by_percent(it: &Item, p: f64) -> f64 {
    if it.tiers.is_empty() {
        round2(it.points * p / 100.0)
    } else {
        it.tiers.iter().find(|t| p >= t.at_least).map(|t| t.points).unwrap_or(0.0)
    }
}

/// The kind of entry an item takes, in words.
pub fn entry_kind(how: HowKind) -> &'static str {
    match how {
        HowKind::Manual => "评分",
        HowKind::Computed => "自动",
        HowKind::Percent => "百分比",
        HowKind::Flag => "是否",
        HowKind::Count => "次数",
    }
}

/// One item's score from what was stored and the figures.
fn item_score(
    it: &Item,
    stored: Option<&Stored>,
    figures: &FigureSet,
) -> (Option<f64>, How, String, Option<f64>, Vec<FigureLink>) {
    let input = stored.map(|s| &s.input);
    match it.how {
        HowKind::Computed => {
            let (score, words, figs) = compute(it, figures);
            match stored.filter(|s| s.is_override) {
                Some(s) => {
                    let o = s.input.score.unwrap_or(score);
                    (
                        Some(o),
                        How::Override,
                        format!("手工调整为 {} 分（原因：{}）；计算结果：{words}", points(o), s.reason),
                        Some(score),
                        figs,
                    )
                }
                None => (Some(score), How::Computed, words, Some(score), figs),
            }
        }
        HowKind::Manual => match input.and_then(|i| i.score) {
            Some(s) => (
                Some(s),
                How::Manual,
                format!("手工评分 {} 分（满分 {} 分）", points(s), points(it.points)),
                None,
                vec![],
            ),
            None => (None, How::Unscored, "尚未评分".into(), None, vec![]),
        },
        HowKind::Flag => match input.and_then(|i| i.flag) {
            Some(true) => (Some(it.points), How::Manual, format!("符合 → {} 分", points(it.points)), None, vec![]),
            Some(false) => (Some(0.0), How::Manual, "不符合 → 0 分".into(), None, vec![]),
            None => (None, How::Unscored, "尚未填写是否符合".into(), None, vec![]),
        },
        HowKind::Count => match input.and_then(|i| i.count) {
            Some(n) => {
                let per = it.per.unwrap_or(0.0);
                let s = per_occurrence(it.base, per, it.cap, n);
                let cap = it
                    .cap
                    .map(|c| format!("，{}{}", if c < 0.0 { "最多扣 " } else { "最多得 " }, points(c.abs())))
                    .unwrap_or_default();
                let base = it.base.map(|b| format!("{} ", points(b))).unwrap_or_default();
                (
                    Some(s),
                    How::Manual,
                    format!(
                        "{base}{}{} × {} 次{cap} → {} 分",
                        if per < 0.0 { "−" } else { "+" },
                        points(per.abs()),
                        points(n),
                        points(s)
                    ),
                    None,
                    vec![],
                )
            }
            None => (None, How::Unscored, "尚未填写次数".into(), None, vec![]),
        },
        HowKind::Percent => match input.and_then(|i| i.percent) {
            Some(p) => {
                let s = by_percent(it, p);
                let how = if it.tiers.is_empty() {
                    format!("{} × {}% → {} 分", points(it.points), points(p), points(s))
                } else {
                    format!("{}% 对应分档 → {} 分", points(p), points(s))
                };
                (Some(s), How::Manual, how, None, vec![])
            }
            None => (None, How::Unscored, "尚未填写百分比".into(), None, vec![]),
        },
    }
}

/// Where a figure is fixed in the app.
fn link_of(figure: &str) -> &'static str {
    match figure {
        "F1" | "F2" | "F5" => "/certificates",
        "F6" | "F6A" => "/secondments",
        f if f.starts_with('F') => "/staff",
        f if f.starts_with('T') => "/training",
        "U1" | "U2" => "/uniforms",
        f if f.starts_with('E') => "/equipment/coverage",
        _ => "/assessment",
    }
}

/// Score `rubric` for `info` from the stored inputs and the figures. `disqualified` is a reason
/// found outside the rubric's items (a person without a valid 行政执法证).
pub fn evaluate(
    rubric: &Rubric,
    info: AssessmentInfo,
    stored: &HashMap<String, Stored>,
    figures: &FigureSet,
    disqualified: Option<String>,
) -> AssessmentResult {
    let mut items = Vec::new();
    let mut by_indicator: HashMap<String, (f64, i64)> = HashMap::new();
    for it in &rubric.items {
        let (group, indicator, section, offices) = rubric.place(it);
        let s = stored.get(&it.id);
        let (score, how, explanation, computed_score, figs) = item_score(it, s, figures);
        let indicator_id = it
            .section
            .as_deref()
            .and_then(|sid| rubric.sections.iter().find(|x| x.id == sid))
            .map(|x| x.indicator.clone())
            .or_else(|| it.indicator.clone())
            .unwrap_or_default();
        let e = by_indicator.entry(indicator_id).or_default();
        e.0 += score.unwrap_or(0.0);
        if score.is_none() {
            e.1 += 1;
        }
        // A per-occurrence item worth 0 points is bounded by its cap (or only by its indicator).
        let max = if it.how == HowKind::Count && it.points == 0.0 { it.cap } else { Some(it.points) };
        items.push(ItemScore {
            id: it.id.clone(),
            group,
            indicator,
            section,
            criteria: it.criteria.clone(),
            max,
            score: score.map(round2),
            how,
            explanation,
            computed_score,
            figures: figs,
            input: s.map(|s| s.input.clone()).unwrap_or_default(),
            override_reason: s.filter(|s| s.is_override).map(|s| s.reason.clone()).unwrap_or_default(),
            entry: entry_kind(it.how).to_string(),
            reading: it.reading.clone(),
            offices,
            evidence_kinds: if it.evidence.is_empty() { rubric.evidence.clone() } else { it.evidence.clone() },
            evidence: s.map(|s| s.evidence.clone()).unwrap_or_default(),
            extra: None,
        });
    }
    // Indicators clamped to [0, points]; groups are their sums.
    let mut groups = Vec::new();
    let mut base = 0.0;
    for g in &rubric.groups {
        let mut parts = Vec::new();
        let (mut gscore, mut gopen) = (0.0, 0i64);
        for i in rubric.indicators.iter().filter(|i| i.group == g.id) {
            let (sum, open) = by_indicator.get(&i.id).copied().unwrap_or((0.0, 0));
            let score = round2(sum.clamp(0.0, i.points));
            gscore += score;
            gopen += open;
            parts.push(PartScore { id: i.id.clone(), name: i.name.clone(), max: i.points, score, unscored: open });
        }
        let gscore = round2(gscore.min(g.points));
        base += gscore;
        groups.push(GroupScore {
            group: PartScore { id: g.id.clone(), name: g.name.clone(), max: g.points, score: gscore, unscored: gopen },
            indicators: parts,
        });
    }
    // Extras.
    let (mut bonus, mut deductions) = (0.0, 0.0);
    let mut disqualified = disqualified;
    let flag_of = |id: &str| stored.get(id).and_then(|s| s.input.flag).unwrap_or(false);
    for e in &rubric.extras {
        let s = stored.get(&e.id);
        let input = s.map(|s| &s.input);
        let (score, explanation) = match e.how {
            HowKind::Flag => match input.and_then(|i| i.flag) {
                Some(true) if e.excluded_by.as_deref().is_some_and(flag_of) => {
                    (Some(0.0), format!("已计“{}”，此项不计分", e.excluded_by.clone().unwrap_or_default()))
                }
                Some(true) => (Some(e.points.unwrap_or(0.0)), format!("符合 → {} 分", points(e.points.unwrap_or(0.0)))),
                Some(false) => (Some(0.0), "不符合 → 0 分".into()),
                None => (None, "未填写（不计分）".into()),
            },
            HowKind::Count => match input.and_then(|i| i.count) {
                Some(n) => {
                    let s = per_occurrence(None, e.per.unwrap_or(0.0), e.cap, n);
                    (Some(s), format!("{} × {} 次 → {} 分", points(e.per.unwrap_or(0.0)), points(n), points(s)))
                }
                None => (None, "未填写（不计分）".into()),
            },
            _ => match input.and_then(|i| i.score) {
                Some(x) => (Some(x), format!("手工填写 {} 分", points(x))),
                None => (None, "未填写（不计分）".into()),
            },
        };
        match e.kind.as_str() {
            "bonus" => bonus += score.unwrap_or(0.0),
            "deduction" => deductions += score.unwrap_or(0.0),
            _ => {
                if input.and_then(|i| i.flag) == Some(true) {
                    disqualified = Some(format!("{}：{}", e.name, e.criteria));
                }
            }
        }
        items.push(ItemScore {
            id: e.id.clone(),
            group: match e.kind.as_str() {
                "bonus" => "附加项（加分）",
                "deduction" => "附加项（扣分）",
                _ => "取消资格",
            }
            .to_string(),
            indicator: e.name.clone(),
            section: String::new(),
            criteria: e.criteria.clone(),
            max: e.points.or(e.cap),
            score: score.map(round2),
            how: if score.is_some() { How::Manual } else { How::Unscored },
            explanation,
            computed_score: None,
            figures: Vec::new(),
            input: s.map(|s| s.input.clone()).unwrap_or_default(),
            override_reason: String::new(),
            entry: entry_kind(e.how).to_string(),
            reading: e.reading.clone(),
            offices: e.offices.clone(),
            evidence_kinds: rubric.evidence.clone(),
            evidence: s.map(|s| s.evidence.clone()).unwrap_or_default(),
            extra: Some(e.kind.clone()),
        });
    }
    let (base, bonus, deductions) = (round2(base), round2(bonus), round2(deductions));
    let total = round2(base + bonus + deductions);
    let grades = rubric.grade_lines();
    let (grade, next) = if disqualified.is_some() {
        ("取消资格".to_string(), None)
    } else if grades.is_empty() {
        ("—".to_string(), None)
    } else {
        let reached = grades.iter().rev().find(|g| total + 1e-9 >= g.min).map(|g| g.name.clone());
        (reached.unwrap_or_else(|| "未达标".to_string()), grades.iter().find(|g| total + 1e-9 < g.min).cloned())
    };
    let main_items: Vec<&ItemScore> = items.iter().filter(|i| i.extra.is_none()).collect();
    let suggestions = match &next {
        None => Vec::new(),
        Some(_) => {
            let mut s: Vec<Suggestion> = main_items
                .iter()
                .filter_map(|i| {
                    let max = i.max.unwrap_or(0.0);
                    let gain = round2(max - i.score.unwrap_or(0.0));
                    (gain > 0.0).then(|| {
                        let link = i.figures.first().map(|f| link_of(&f.id)).unwrap_or("/assessment").to_string();
                        let hint = match i.how {
                            How::Computed | How::Override => format!("由台账自动计算：{}", i.explanation),
                            How::Unscored => "尚未评分：补充佐证后评分".to_string(),
                            How::Manual => {
                                format!("当前 {} 分，满分 {} 分", points(i.score.unwrap_or(0.0)), points(max))
                            }
                        };
                        Suggestion { item_id: i.id.clone(), criteria: i.criteria.clone(), gain, link, hint }
                    })
                })
                .collect();
            s.sort_by(|a, b| b.gain.total_cmp(&a.gain).then_with(|| a.item_id.cmp(&b.item_id)));
            s
        }
    };
    // 附加项 left empty count as nothing; only the groups' items are open.
    let scored = main_items.iter().filter(|i| i.score.is_some()).count() as i64;
    let open = main_items.len() as i64 - scored;
    AssessmentResult {
        max: rubric.total,
        base,
        bonus,
        deductions,
        total,
        grade,
        points_to_next: next.as_ref().map(|g| round2(g.min - total)),
        next_grade: next.map(|g| g.name),
        disqualified,
        groups,
        scored,
        unscored: open,
        overridden: items.iter().filter(|i| i.how == How::Override).count() as i64,
        without_evidence: items
            .iter()
            .filter(|i| matches!(i.how, How::Manual | How::Override) && i.evidence.is_empty())
            .count() as i64,
        suggestions,
        items,
        assessment: info,
        branch: String::new(),
        frozen: false,
    }
}

/// Check a clerk's entry against an item's kind and bounds; the error says what is wrong.
pub fn check_input(rubric: &Rubric, item_id: &str, input: &ScoreInput) -> std::result::Result<(), String> {
    if let Some(it) = rubric.items.iter().find(|i| i.id == item_id) {
        match it.how {
            HowKind::Computed => return Err("此项由台账自动计算，如需改动请用“手工调整”并写明原因".into()),
            HowKind::Manual => match input.score {
                Some(s) if !(0.0..=it.points + 1e-9).contains(&s) || s.is_nan() => {
                    return Err(format!("得分应在 0 到 {} 分之间", points(it.points)))
                }
                Some(s) if (s * 100.0).fract().abs() > 1e-6 => return Err("得分最多保留两位小数".into()),
                None => return Err("请填写得分".into()),
                _ => {}
            },
            HowKind::Flag if input.flag.is_none() => return Err("请选择是否符合".into()),
            HowKind::Count => match input.count {
                Some(n) if !(0.0..=10_000.0).contains(&n) || n.fract() != 0.0 => {
                    return Err("次数应为不小于 0 的整数".into())
                }
                None => return Err("请填写次数".into()),
                _ => {}
            },
            HowKind::Percent => match input.percent {
                Some(p) if !(0.0..=100.0).contains(&p) || p.is_nan() => return Err("百分比应在 0 到 100 之间".into()),
                None => return Err("请填写百分比".into()),
                _ => {}
            },
            _ => {}
        }
        return Ok(());
    }
    if let Some(e) = rubric.extras.iter().find(|e| e.id == item_id) {
        match e.how {
            HowKind::Flag if input.flag.is_none() => return Err("请选择是否符合".into()),
            HowKind::Count => match input.count {
                Some(n) if !(0.0..=10_000.0).contains(&n) || n.fract() != 0.0 => {
                    return Err("次数应为不小于 0 的整数".into())
                }
                None => return Err("请填写次数".into()),
                _ => {}
            },
            HowKind::Manual => {
                let s = input.score.ok_or("请填写分值")?;
                let sign_ok = if e.kind == "deduction" { s <= 0.0 } else { s >= 0.0 };
                if !sign_ok {
                    return Err(if e.kind == "deduction" {
                        "扣分应填写负数或 0".into()
                    } else {
                        "加分应填写正数或 0".into()
                    });
                }
                if let Some(p) = e.points {
                    if s.abs() > p.abs() + 1e-9 {
                        return Err(format!("不能超过 {} 分", points(p.abs())));
                    }
                }
            }
            _ => {}
        }
        return Ok(());
    }
    Err(format!("评分细则中没有编号为“{item_id}”的评分项"))
}
