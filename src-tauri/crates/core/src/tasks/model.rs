//! The records of the key-task ledger as they cross IPC and `--json`.
//!
//! Dates are `YYYY-MM-DD` strings, times RFC 3339 UTC strings. TypeScript definitions are
//! generated from these types by ts-rs into `ui/src/bindings/` (run `cargo test -p ledger-core`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::Evidence;

/// How a 完成时限 phrase reads ([`crate::tasks::deadline::reading`]): what the task form shows
/// under the phrase while the clerk types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeadlineReading {
    /// The last day on which the task may be completed, `YYYY-MM-DD`.
    pub due_date: Option<String>,
    /// 长期坚持 and its kin: no due date, never overdue.
    pub ongoing: bool,
    /// False when the phrase was not understood (the task is then marked 时限未识别).
    pub recognized: bool,
}

/// The status a clerk sets on a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum TaskStatus {
    #[serde(rename = "未开始")]
    NotStarted,
    #[serde(rename = "进行中")]
    InProgress,
    #[serde(rename = "已完成")]
    Done,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 3] = [TaskStatus::NotStarted, TaskStatus::InProgress, TaskStatus::Done];

    /// The Chinese label, which is also the stored value.
    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "未开始",
            TaskStatus::InProgress => "进行中",
            TaskStatus::Done => "已完成",
        }
    }

    /// Parse the Chinese label (and a few English aliases for scripts).
    pub fn parse(s: &str) -> Option<TaskStatus> {
        match s.trim() {
            "未开始" | "not-started" | "not_started" => Some(TaskStatus::NotStarted),
            "进行中" | "in-progress" | "in_progress" => Some(TaskStatus::InProgress),
            "已完成" | "完成" | "done" => Some(TaskStatus::Done),
            _ => None,
        }
    }
}

/// What the table shows: the clerk's status, or the deadline's verdict on an unfinished task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum StatusFilter {
    #[serde(rename = "未开始")]
    NotStarted,
    #[serde(rename = "进行中")]
    InProgress,
    #[serde(rename = "已完成")]
    Done,
    /// Not done, and the due date is before the reference date.
    #[serde(rename = "已逾期")]
    Overdue,
    /// Not done, due within [`super::DUE_SOON_DAYS`] days of the reference date.
    #[serde(rename = "即将到期")]
    DueSoon,
}

impl StatusFilter {
    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::NotStarted => "未开始",
            StatusFilter::InProgress => "进行中",
            StatusFilter::Done => "已完成",
            StatusFilter::Overdue => "已逾期",
            StatusFilter::DueSoon => "即将到期",
        }
    }

    pub fn parse(s: &str) -> Option<StatusFilter> {
        match s.trim() {
            "已逾期" | "逾期" | "overdue" => Some(StatusFilter::Overdue),
            "即将到期" | "due-soon" | "due_soon" => Some(StatusFilter::DueSoon),
            other => TaskStatus::parse(other).map(StatusFilter::from),
        }
    }
}

impl From<TaskStatus> for StatusFilter {
    fn from(s: TaskStatus) -> Self {
        match s {
            TaskStatus::NotStarted => StatusFilter::NotStarted,
            TaskStatus::InProgress => StatusFilter::InProgress,
            TaskStatus::Done => StatusFilter::Done,
        }
    }
}

/// One row of the key-task ledger (重点任务分工台账).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Task {
    pub id: String,
    /// The plan year the deadline phrases are read against.
    pub year: i32,
    /// 序号
    #[ts(type = "number")]
    pub seq: i64,
    /// The branch unit that carries the task out (承办单位).
    pub unit_id: String,
    pub unit_name: String,
    /// 项目
    pub category: String,
    /// 主要任务
    pub main_task: String,
    /// 具体任务
    pub detail: String,
    /// 牵头单位 (empty when the source writes `/`)
    pub lead_units: Vec<String>,
    /// 责任单位
    pub responsible_units: Vec<String>,
    /// 完成时限, exactly as written
    pub deadline_text: String,
    /// The parsed due date, `YYYY-MM-DD`, if the phrase names one.
    pub due_date: Option<String>,
    /// True for 长期坚持 and its kin: no due date, never overdue.
    pub ongoing: bool,
    /// False when the deadline phrase was not understood: kept as written, flagged for the clerk.
    pub deadline_recognized: bool,
    pub status: TaskStatus,
    /// `status`, or 已逾期 / 即将到期 for an unfinished task by the reference date.
    pub effective_status: StatusFilter,
    #[ts(type = "number")]
    pub progress_count: i64,
    #[ts(type = "number")]
    pub evidence_count: i64,
    pub created_at: String,
    pub updated_at: String,
    #[ts(type = "number")]
    pub revision: i64,
}

/// What a clerk fills in to create or edit a task.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TaskInput {
    pub year: i32,
    /// `None`: the next free number in the year.
    #[ts(type = "number | null")]
    pub seq: Option<i64>,
    /// `None`: the branch itself.
    pub unit_id: Option<String>,
    pub category: String,
    pub main_task: String,
    pub detail: String,
    pub lead_units: Vec<String>,
    pub responsible_units: Vec<String>,
    pub deadline_text: String,
    /// `None`: 未开始 on create, unchanged on update.
    pub status: Option<TaskStatus>,
}

/// A dated progress entry on a task (进展情况).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProgressEntry {
    pub id: String,
    pub task_id: String,
    /// `YYYY-MM-DD`
    pub entry_date: String,
    pub author: String,
    pub note: String,
    pub created_at: String,
}

/// Input for a progress entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProgressInput {
    /// `YYYY-MM-DD`; `None`: today.
    pub entry_date: Option<String>,
    /// `None`: the acting user.
    pub author: Option<String>,
    pub note: String,
}

/// A task with everything hanging off it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TaskDetail {
    pub task: Task,
    pub progress: Vec<ProgressEntry>,
    pub evidence: Vec<Evidence>,
}

/// How the task list is sorted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum TaskSort {
    #[default]
    Seq,
    DueDate,
    UpdatedAt,
    Category,
    Status,
}

/// Which kind of deadline a task has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// A due date was read from the phrase.
    Dated,
    /// 长期坚持 and its kin.
    Ongoing,
    /// The phrase was not understood and is flagged for the clerk.
    Unrecognized,
}

/// A filtered, sorted, paged request for tasks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct TaskQuery {
    pub year: Option<i32>,
    pub status: Option<StatusFilter>,
    pub unit_id: Option<String>,
    pub category: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub due_from: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub due_to: Option<String>,
    pub deadline_kind: Option<DeadlineKind>,
    /// Free text; two-character Chinese terms such as 执法 are found.
    pub search: Option<String>,
    pub sort: TaskSort,
    pub desc: bool,
    pub offset: u32,
    /// `None`: every row.
    pub limit: Option<u32>,
    /// The reference date for 已逾期 / 即将到期; `None`: today.
    pub as_of: Option<String>,
}

/// One page of tasks and the number of rows the filter matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TaskPage {
    #[ts(type = "number")]
    pub total: i64,
    pub items: Vec<Task>,
}

/// The home page's figures for one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TaskSummary {
    pub year: Option<i32>,
    pub as_of: String,
    #[ts(type = "number")]
    pub total: i64,
    #[ts(type = "number")]
    pub not_started: i64,
    #[ts(type = "number")]
    pub in_progress: i64,
    #[ts(type = "number")]
    pub done: i64,
    #[ts(type = "number")]
    pub overdue: i64,
    #[ts(type = "number")]
    pub due_soon: i64,
    #[ts(type = "number")]
    pub ongoing: i64,
    #[ts(type = "number")]
    pub unrecognized_deadlines: i64,
    /// Unfinished tasks due soonest (overdue first), at most ten.
    pub upcoming: Vec<Task>,
}
