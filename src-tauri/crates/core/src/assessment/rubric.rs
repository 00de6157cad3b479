//! Rubric files: what they say (groups → indicators → sections → items, extras, grades) and the
//! check every file goes through before it is used — points that do not add up to their parent,
//! an unknown figure, a duplicate id, a tier table out of order — each problem naming the file,
//! the item and what is wrong.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::engine::points;
use super::model::{GradeLine, Subject};
use crate::error::{LedgerError, Result};

/// The rubrics the program ships (seeds/rubrics/).
pub const BUILTIN: &[(&str, &str)] = &[
    ("fujian-county-2022", include_str!("../../../../../seeds/rubrics/fujian-county-2022.toml")),
    ("taian-2021-collective", include_str!("../../../../../seeds/rubrics/taian-2021-collective.toml")),
    ("taian-2021-individual", include_str!("../../../../../seeds/rubrics/taian-2021-individual.toml")),
];

/// A rubric file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub source: String,
    /// `unit` or `person`.
    pub subject: String,
    pub total: f64,
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default)]
    pub note: String,
    /// A person must hold this to be scored (`certified`: a valid 行政执法证 on the date).
    #[serde(default)]
    pub entry: Option<String>,
    #[serde(default)]
    pub grades: Vec<Grade>,
    pub groups: Vec<Part>,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub sections: Vec<Section>,
    pub items: Vec<Item>,
    #[serde(default)]
    pub extras: Vec<Extra>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    pub name: String,
    pub min: f64,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub id: String,
    pub name: String,
    pub points: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    pub group: String,
    pub name: String,
    pub points: f64,
    #[serde(default)]
    pub offices: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub indicator: String,
    pub name: String,
    pub points: f64,
    #[serde(default)]
    pub offices: Vec<String>,
}

/// How an item is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HowKind {
    /// By hand, 0 to its points.
    Manual,
    /// From the figures.
    Computed,
    /// Its points × a percentage entered by hand — or, with `tiers`, the tier the percentage reaches.
    Percent,
    /// Its points when the fact holds.
    Flag,
    /// `per` points per occurrence entered by hand, from `base`, at most `cap` in all.
    Count,
}

/// A figure a computed item reads: its id, and for T4 the kind, for E2 the group, for E1 the
/// standard item.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FigureRef {
    pub figure: String,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub item: Option<String>,
    /// For a condition: `pass` or `pass_or_na`.
    #[serde(default)]
    pub rule: Option<String>,
}

/// A tier: at least `at_least` percent earns `points`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub at_least: f64,
    pub points: f64,
}

/// One scored item.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    /// The section (三级) it belongs to, or directly its indicator.
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub indicator: Option<String>,
    /// Its most positive contribution.
    pub points: f64,
    pub criteria: String,
    pub how: HowKind,
    /// computed: `pass`, `pass_or_na`, `all`, `any`, `count`, `tiers`.
    #[serde(default)]
    pub rule: Option<String>,
    #[serde(default)]
    pub figure: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub item: Option<String>,
    #[serde(default)]
    pub conditions: Vec<FigureRef>,
    #[serde(default)]
    pub figures: Vec<FigureRef>,
    #[serde(default)]
    pub at_least: Option<f64>,
    #[serde(default)]
    pub tiers: Vec<Tier>,
    #[serde(default)]
    pub per: Option<f64>,
    #[serde(default)]
    pub cap: Option<f64>,
    #[serde(default)]
    pub base: Option<f64>,
    #[serde(default)]
    pub reading: String,
    #[serde(default)]
    pub evidence: Vec<String>,
}

impl Item {
    /// The figure this computed item reads (for `pass`, `pass_or_na`, `tiers`).
    pub fn figure_ref(&self) -> FigureRef {
        FigureRef {
            figure: self.figure.clone().unwrap_or_default(),
            kind: self.kind.clone(),
            group: self.group.clone(),
            item: self.item.clone(),
            rule: None,
        }
    }
}

/// A 加分, 扣分 or 取消资格 item (附加项), outside the groups.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extra {
    pub id: String,
    /// `bonus`, `deduction` or `disqualify`.
    pub kind: String,
    pub name: String,
    pub criteria: String,
    pub how: HowKind,
    /// Flag and manual extras: the points (negative for a deduction); manual without it is uncapped.
    #[serde(default)]
    pub points: Option<f64>,
    #[serde(default)]
    pub per: Option<f64>,
    #[serde(default)]
    pub cap: Option<f64>,
    /// Not counted when this other extra holds (全省集体 when 全国集体 already counts).
    #[serde(default)]
    pub excluded_by: Option<String>,
    #[serde(default)]
    pub reading: String,
    #[serde(default)]
    pub offices: Vec<String>,
}

/// The figures a rubric may name, and what they need.
const FIGURES: &[&str] = &[
    "F1", "F2", "F3", "F4", "F5", "F6", "F6A", "F7", "F8", "F9", "T1", "T2", "T3", "T4", "T5", "U1", "U2", "E1", "E2",
    "E3", "E4",
];

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

impl Rubric {
    /// Parse a rubric's text; `origin` names it in errors. Only the syntax is checked here.
    pub fn parse(text: &str, origin: &str) -> Result<Rubric> {
        toml::from_str(text).map_err(|e| LedgerError::file(origin, format!("评分细则格式错误：{e}")))
    }

    /// Parse and check: the rubric, or every problem found, each naming the file and item.
    pub fn load(text: &str, origin: &str) -> Result<Rubric> {
        let r = Rubric::parse(text, origin)?;
        let problems = r.problems();
        if problems.is_empty() {
            Ok(r)
        } else {
            Err(LedgerError::file(origin, format!("评分细则有 {} 处错误：{}", problems.len(), problems.join("；"))))
        }
    }

    /// The shipped rubric `id`.
    pub fn builtin(id: &str) -> Option<Rubric> {
        BUILTIN
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(i, text)| Rubric::load(text, &format!("内置评分细则 {i}")).expect("the shipped rubrics are valid"))
    }

    pub fn subject(&self) -> Subject {
        if self.subject == "person" {
            Subject::Person
        } else {
            Subject::Unit
        }
    }

    pub fn grade_lines(&self) -> Vec<GradeLine> {
        let mut g: Vec<GradeLine> =
            self.grades.iter().map(|g| GradeLine { name: g.name.clone(), min: g.min, note: g.note.clone() }).collect();
        g.sort_by(|a, b| a.min.total_cmp(&b.min));
        g
    }

    /// Every problem of the rubric, in words naming the item.
    pub fn problems(&self) -> Vec<String> {
        let mut p = Vec::new();
        if self.id.trim().is_empty() {
            p.push("缺少 id".to_string());
        }
        if !matches!(self.subject.as_str(), "unit" | "person") {
            p.push(format!("subject“{}”应为 unit 或 person", self.subject));
        }
        p.extend(self.number_problems());
        // Ids unique across every part.
        let mut seen = HashSet::new();
        let ids = self
            .groups
            .iter()
            .map(|g| &g.id)
            .chain(self.indicators.iter().map(|i| &i.id))
            .chain(self.sections.iter().map(|s| &s.id))
            .chain(self.items.iter().map(|i| &i.id))
            .chain(self.extras.iter().map(|e| &e.id));
        for id in ids {
            if !seen.insert(id.as_str()) {
                p.push(format!("编号“{id}”重复"));
            }
        }
        let groups: HashSet<&str> = self.groups.iter().map(|g| g.id.as_str()).collect();
        let indicators: HashMap<&str, &Indicator> = self.indicators.iter().map(|i| (i.id.as_str(), i)).collect();
        let sections: HashMap<&str, &Section> = self.sections.iter().map(|s| (s.id.as_str(), s)).collect();
        for i in &self.indicators {
            if !groups.contains(i.group.as_str()) {
                p.push(format!("指标“{} {}”所属的一级指标“{}”不存在", i.id, i.name, i.group));
            }
        }
        for s in &self.sections {
            if !indicators.contains_key(s.indicator.as_str()) {
                p.push(format!("指标“{} {}”所属的二级指标“{}”不存在", s.id, s.name, s.indicator));
            }
        }
        // Sums: items → sections (or indicators) → indicators → groups → total.
        let mut by_section: HashMap<&str, f64> = HashMap::new();
        let mut by_indicator: HashMap<&str, f64> = HashMap::new();
        for it in &self.items {
            let at = |what: String| format!("评分项“{}”：{what}", it.id);
            match (&it.section, &it.indicator) {
                (Some(s), None) => match sections.get(s.as_str()) {
                    Some(_) => *by_section.entry(s.as_str()).or_default() += it.points,
                    None => p.push(at(format!("所属的三级指标“{s}”不存在"))),
                },
                (None, Some(i)) => match indicators.get(i.as_str()) {
                    Some(_) => *by_indicator.entry(i.as_str()).or_default() += it.points,
                    None => p.push(at(format!("所属的二级指标“{i}”不存在"))),
                },
                _ => p.push(at("应写明所属的三级指标（section）或二级指标（indicator）之一".into())),
            }
            if self.subject == "person" && it.how == HowKind::Computed {
                p.push(at("个人评分细则不能由单位台账自动计算（how 应为 manual、count、flag 或 percent）".into()));
            }
            if it.points < 0.0 {
                p.push(at("分值不能为负（扣分写在 per 中）".into()));
            }
            p.extend(self.item_rule_problems(it).into_iter().map(at));
        }
        for s in &self.sections {
            let sum = by_section.get(s.id.as_str()).copied().unwrap_or(0.0);
            if !close(sum, s.points) {
                p.push(format!(
                    "三级指标“{} {}”分值为 {}，其下评分项合计 {}",
                    s.id,
                    s.name,
                    points(s.points),
                    points(sum)
                ));
            }
            *by_indicator.entry(s.indicator.as_str()).or_default() += s.points;
        }
        let mut by_group: HashMap<&str, f64> = HashMap::new();
        for i in &self.indicators {
            let sum = by_indicator.get(i.id.as_str()).copied().unwrap_or(0.0);
            if !close(sum, i.points) {
                p.push(format!("二级指标“{} {}”分值为 {}，其下合计 {}", i.id, i.name, points(i.points), points(sum)));
            }
            *by_group.entry(i.group.as_str()).or_default() += i.points;
        }
        let mut total = 0.0;
        for g in &self.groups {
            let sum = by_group.get(g.id.as_str()).copied().unwrap_or(0.0);
            if !close(sum, g.points) {
                p.push(format!("一级指标“{} {}”分值为 {}，其下合计 {}", g.id, g.name, points(g.points), points(sum)));
            }
            total += g.points;
        }
        if !close(total, self.total) {
            p.push(format!("总分为 {}，各一级指标合计 {}", points(self.total), points(total)));
        }
        let mut last = f64::NEG_INFINITY;
        for g in &self.grades {
            if g.min <= last {
                p.push(format!("等级“{}”的分数线应高于前一等级", g.name));
            }
            if g.min > self.total + 1e-9 {
                p.push(format!("等级“{}”的分数线 {} 高于总分", g.name, points(g.min)));
            }
            last = g.min;
        }
        let extra_ids: HashSet<&str> = self.extras.iter().map(|e| e.id.as_str()).collect();
        for e in &self.extras {
            let at = |what: &str| format!("附加项“{}”：{what}", e.id);
            if !matches!(e.kind.as_str(), "bonus" | "deduction" | "disqualify") {
                p.push(at("kind 应为 bonus、deduction 或 disqualify"));
            }
            match e.how {
                HowKind::Flag if e.points.is_none() => p.push(at("是否类附加项应写明 points")),
                HowKind::Count if e.per.is_none() => p.push(at("按次计分的附加项应写明 per")),
                HowKind::Computed | HowKind::Percent => p.push(at("附加项只能是 flag、count 或 manual")),
                _ => {}
            }
            let sign = match e.kind.as_str() {
                "deduction" => -1.0,
                _ => 1.0,
            };
            if e.points.or(e.per).is_some_and(|x| x * sign < 0.0) {
                p.push(at(if sign < 0.0 {
                    "扣分项的分值应为负数"
                } else {
                    "加分项的分值应为正数"
                }));
            }
            if let Some(x) = &e.excluded_by {
                if !extra_ids.contains(x.as_str()) {
                    p.push(at(&format!("excluded_by 指向的附加项“{x}”不存在")));
                }
            }
        }
        if self.entry.as_deref().is_some_and(|e| e != "certified") {
            p.push("entry 只能是 certified（持有有效行政执法证）".to_string());
        }
        p
    }

    /// Numbers the engine cannot score with: TOML writes `nan` and `inf` too, which no sum or
    /// bound survives, and a part's points below zero leave its score no range to stay in.
    fn number_problems(&self) -> Vec<String> {
        let mut numbers: Vec<(String, f64)> = vec![("总分（total）".to_string(), self.total)];
        numbers.extend(self.grades.iter().map(|g| (format!("等级“{}”的分数线", g.name), g.min)));
        let mut parts: Vec<(String, f64)> = Vec::new();
        parts.extend(self.groups.iter().map(|g| (format!("一级指标“{} {}”", g.id, g.name), g.points)));
        parts.extend(self.indicators.iter().map(|i| (format!("二级指标“{} {}”", i.id, i.name), i.points)));
        parts.extend(self.sections.iter().map(|s| (format!("三级指标“{} {}”", s.id, s.name), s.points)));
        numbers.extend(parts.iter().map(|(what, v)| (format!("{what}的分值"), *v)));
        for it in &self.items {
            let at = |field: &str, v: f64| (format!("评分项“{}”的 {field}", it.id), v);
            numbers.push(at("points", it.points));
            let optional = [("per", it.per), ("cap", it.cap), ("base", it.base), ("at_least", it.at_least)];
            numbers.extend(optional.into_iter().filter_map(|(f, v)| v.map(|v| at(f, v))));
            numbers
                .extend(it.tiers.iter().flat_map(|t| [at("tiers.at_least", t.at_least), at("tiers.points", t.points)]));
        }
        for e in &self.extras {
            let optional = [("points", e.points), ("per", e.per), ("cap", e.cap)];
            numbers.extend(optional.into_iter().filter_map(|(f, v)| v.map(|v| (format!("附加项“{}”的 {f}", e.id), v))));
        }
        let mut p: Vec<String> = numbers
            .iter()
            .filter(|(_, v)| !v.is_finite())
            .map(|(what, v)| format!("{what}（{v}）不是有效的数"))
            .collect();
        p.extend(parts.iter().filter(|(_, v)| *v < 0.0).map(|(what, _)| format!("{what}：分值不能为负")));
        p
    }

    /// The problems of an item's scoring rule.
    fn item_rule_problems(&self, it: &Item) -> Vec<String> {
        let mut p = Vec::new();
        let known = |f: &FigureRef| -> Option<String> {
            if !FIGURES.contains(&f.figure.as_str()) {
                return Some(format!("指标“{}”不是程序能计算的指标（{}）", f.figure, FIGURES.join("、")));
            }
            match f.figure.as_str() {
                "T4" if f.kind.is_none() => Some("T4 应写明培训类型（kind）".into()),
                "E2" if f.group.is_none() => Some("E2 应写明分组（group，①—⑥）".into()),
                "E1" if f.item.is_none() => Some("E1 应写明标准装备（item）".into()),
                _ => None,
            }
        };
        match it.how {
            HowKind::Computed => match it.rule.as_deref() {
                Some("pass") | Some("pass_or_na") | Some("tiers") => {
                    if let Some(e) = known(&it.figure_ref()) {
                        p.push(e);
                    }
                }
                Some("all") | Some("any") => {
                    if it.conditions.is_empty() {
                        p.push("all/any 规则应列出 conditions".into());
                    }
                    for c in &it.conditions {
                        if let Some(e) = known(c) {
                            p.push(e);
                        }
                        if !matches!(c.rule.as_deref(), Some("pass") | Some("pass_or_na")) {
                            p.push(format!("条件“{}”的 rule 应为 pass 或 pass_or_na", c.figure));
                        }
                    }
                }
                Some("count") => {
                    if it.figures.is_empty() || it.at_least.is_none() {
                        p.push("count 规则应列出 figures 和 at_least".into());
                    }
                    for f in &it.figures {
                        if let Some(e) = known(f) {
                            p.push(e);
                        }
                    }
                }
                Some(other) => p.push(format!("未知的计算规则“{other}”")),
                None => p.push("自动计算的评分项应写明 rule".into()),
            },
            HowKind::Count if it.per.is_none() => p.push("按次计分应写明 per".into()),
            _ => {}
        }
        let tiered = it.rule.as_deref() == Some("tiers") || (it.how == HowKind::Percent && !it.tiers.is_empty());
        if tiered {
            if it.tiers.is_empty() {
                p.push("分档规则应列出 tiers".into());
            }
            for w in it.tiers.windows(2) {
                if w[1].at_least >= w[0].at_least || w[1].points > w[0].points {
                    p.push("分档（tiers）应按比例从高到低排列，分值不增".into());
                    break;
                }
            }
            if it.tiers.iter().any(|t| t.points > it.points + 1e-9 || !(0.0..=100.0).contains(&t.at_least)) {
                p.push("分档的分值不能超过该项分值，比例应在 0—100 之间".into());
            }
        }
        p
    }

    /// The group, indicator and section names of an item.
    pub fn place(&self, it: &Item) -> (String, String, String, Vec<String>) {
        let section = it.section.as_deref().and_then(|s| self.sections.iter().find(|x| x.id == s));
        let indicator_id = section.map(|s| s.indicator.as_str()).or(it.indicator.as_deref()).unwrap_or_default();
        let indicator = self.indicators.iter().find(|i| i.id == indicator_id);
        let group = indicator.and_then(|i| self.groups.iter().find(|g| g.id == i.group));
        let offices = section
            .map(|s| s.offices.clone())
            .filter(|o| !o.is_empty())
            .or_else(|| indicator.map(|i| i.offices.clone()))
            .unwrap_or_default();
        (
            group.map(|g| format!("{}、{}", g.id, g.name)).unwrap_or_default(),
            indicator.map(|i| format!("{}.{}", i.id, i.name)).unwrap_or_default(),
            section.map(|s| s.name.clone()).unwrap_or_default(),
            offices,
        )
    }
}
