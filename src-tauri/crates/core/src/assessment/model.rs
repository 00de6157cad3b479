//! The records of the self-assessment (规范化建设自评) as they cross IPC, `--json` and the PDF
//! report: the rubrics, an assessment's workflow state, and the engine's result — every item
//! with its score and how it was reached, the totals, the grade.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::Evidence;

/// A rubric the branch can score itself against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RubricInfo {
    pub id: String,
    pub title: String,
    pub source: String,
    /// 单位 (the branch scores itself) or 个人 (each person is scored, and ranked).
    pub subject: Subject,
    pub total: f64,
    /// Shipped with the program (seeds/rubrics/), or loaded from a file the city bureau sent.
    pub builtin: bool,
    pub loaded_at: Option<String>,
    /// The names and minimum totals of its grades (80 → 规范化单位, 95 → 示范单位), lowest first.
    pub grades: Vec<GradeLine>,
}

/// What a rubric scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Subject {
    #[serde(rename = "单位")]
    Unit,
    #[serde(rename = "个人")]
    Person,
}

/// A grade and the total it takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GradeLine {
    pub name: String,
    pub min: f64,
    pub note: String,
}

/// Where an assessment is in the office's workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum AssessmentStatus {
    /// The clerk scores it.
    #[serde(rename = "草稿")]
    Draft,
    /// Waiting for the branch head's sign-off; the clerk can no longer change it.
    #[serde(rename = "已提交")]
    Submitted,
    /// Signed off and locked; a change makes an amended version.
    #[serde(rename = "已签发")]
    Signed,
}

impl AssessmentStatus {
    pub fn label(self) -> &'static str {
        match self {
            AssessmentStatus::Draft => "草稿",
            AssessmentStatus::Submitted => "已提交",
            AssessmentStatus::Signed => "已签发",
        }
    }

    pub fn parse(s: &str) -> Option<AssessmentStatus> {
        match s {
            "草稿" => Some(AssessmentStatus::Draft),
            "已提交" => Some(AssessmentStatus::Submitted),
            "已签发" => Some(AssessmentStatus::Signed),
            _ => None,
        }
    }
}

/// How an item's score was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// From the figures of the ledgers.
    Computed,
    /// Entered by hand (a score, a count of occurrences, a percentage, a yes/no).
    Manual,
    /// A computed score replaced by hand, with a reason.
    Override,
    /// Not scored yet.
    Unscored,
}

/// One assessment: a rubric, a year, a reference date, and (for a 个人 rubric) a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AssessmentInfo {
    pub id: String,
    pub rubric_id: String,
    pub rubric_title: String,
    pub year: i32,
    /// The date the figures are read for (31 December of the year, or earlier).
    pub as_of: String,
    /// The person scored, for a 个人 rubric.
    pub subject_id: Option<String>,
    pub subject_name: Option<String>,
    /// 1 for the first; an amendment after sign-off is the next.
    #[ts(type = "number")]
    pub version: i64,
    pub status: AssessmentStatus,
    pub submitted_at: Option<String>,
    pub signed_by: Option<String>,
    pub signed_at: Option<String>,
    /// A later version amends this one (it is kept, and can still be printed).
    #[ts(type = "number | null")]
    pub amended_by_version: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    #[ts(type = "number")]
    pub revision: i64,
}

/// One scored item of the rubric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ItemScore {
    pub id: String,
    /// The group (一级指标) and indicator (二级指标) it belongs to, by name, and its section (三级).
    pub group: String,
    pub indicator: String,
    pub section: String,
    pub criteria: String,
    /// Its points (for a deduction: the largest deduction, negative; none when uncapped).
    pub max: Option<f64>,
    pub score: Option<f64>,
    pub how: How,
    /// In words a clerk can check: `持证 8 人 / 应计 10 人 = 80.0%，要求 ≥ 80% → 0.5 分`.
    pub explanation: String,
    /// What the figures give, for a computed item (also when overridden).
    pub computed_score: Option<f64>,
    /// The figures behind a computed item, to open the names.
    pub figures: Vec<FigureLink>,
    /// What the clerk entered.
    pub input: ScoreInput,
    pub override_reason: String,
    /// The kind of entry the item takes: 评分 (0 to its points), 次数, 百分比, 是否, or 自动.
    pub entry: String,
    /// The reading made where the source is unclear.
    pub reading: String,
    pub offices: Vec<String>,
    /// The kinds of evidence the rubric asks for (书面材料、系统数据 …).
    pub evidence_kinds: Vec<String>,
    pub evidence: Vec<Evidence>,
    /// A 加分 or 扣分 item (附加项), not part of the groups' 100.
    pub extra: Option<String>,
}

/// A figure a computed item reads: its id and, for T4, E2 and E1, which one (training kind,
/// rubric group, standard item).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FigureLink {
    pub id: String,
    pub kind: Option<String>,
    pub group: Option<String>,
    pub item: Option<String>,
    /// `T4（知识竞赛）`, `F2`.
    pub label: String,
}

/// What the clerk enters for an item, as the item's kind asks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct ScoreInput {
    /// A score (manual items; or an override of a computed one).
    pub score: Option<f64>,
    /// How many times (per-occurrence items).
    pub count: Option<f64>,
    /// A percentage, 0–100 (percentage items).
    pub percent: Option<f64>,
    /// Whether it holds (yes/no items).
    pub flag: Option<bool>,
    pub note: String,
}

/// A part of the rubric with its total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartScore {
    pub id: String,
    pub name: String,
    pub max: f64,
    pub score: f64,
    /// Items of the part not scored yet.
    #[ts(type = "number")]
    pub unscored: i64,
}

/// A group with its indicators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GroupScore {
    pub group: PartScore,
    pub indicators: Vec<PartScore>,
}

/// An open item that would lift the total towards the next grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Suggestion {
    pub item_id: String,
    pub criteria: String,
    /// Points it could still add.
    pub gain: f64,
    /// Where it is fixed: a page of the app (`/staff`, `/equipment/coverage`, `/training` …), or
    /// the assessment page itself for items scored by hand.
    pub link: String,
    pub hint: String,
}

/// The engine's result for one assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AssessmentResult {
    pub assessment: AssessmentInfo,
    /// The groups' points (100).
    pub max: f64,
    /// The groups' scores, before bonus and deductions.
    pub base: f64,
    pub bonus: f64,
    /// Negative or zero.
    pub deductions: f64,
    pub total: f64,
    /// The highest grade the total reaches, or 未达标 (— for a rubric without grades).
    pub grade: String,
    /// The next grade up and how many points it still needs.
    pub next_grade: Option<String>,
    pub points_to_next: Option<f64>,
    /// Why the subject cannot be graded at all (a 个人 rubric's condition of entry), if so.
    pub disqualified: Option<String>,
    pub groups: Vec<GroupScore>,
    pub items: Vec<ItemScore>,
    #[ts(type = "number")]
    pub scored: i64,
    #[ts(type = "number")]
    pub unscored: i64,
    #[ts(type = "number")]
    pub overridden: i64,
    /// Items without evidence among those scored by hand.
    #[ts(type = "number")]
    pub without_evidence: i64,
    /// Open items that would lift the total over the next grade line, largest gain first.
    pub suggestions: Vec<Suggestion>,
    /// The branch's name, as the report heads it.
    pub branch: String,
    /// The signed-off result is frozen: later changes to the ledgers do not move it.
    pub frozen: bool,
}

/// One person's total under a 个人 rubric, for the ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RankLine {
    #[ts(type = "number")]
    pub rank: i64,
    pub staff_id: String,
    pub name: String,
    pub unit: String,
    pub total: f64,
    pub status: Option<AssessmentStatus>,
    /// Why not eligible (no valid 行政执法证 on the date), if so.
    pub disqualified: Option<String>,
}

/// A rubric file's check: fine, or the problems found (each naming the file and item).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RubricCheck {
    pub ok: bool,
    pub id: String,
    pub title: String,
    #[ts(type = "number")]
    pub items: i64,
    pub total: f64,
    pub problems: Vec<String>,
}
