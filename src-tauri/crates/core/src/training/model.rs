//! The records of the training ledger (培训与练兵) as they cross IPC and `--json`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::Evidence;
use crate::zh_enum;

zh_enum! {
    /// 级别
    pub enum Level { National = "国家" | "国家级" | "部级", Province = "省" | "省级", City = "市" | "市级", County = "县" | "县级" | "区县" }
}

/// A kind of training (全员轮训, 军训队列 …): the shipped list, and the ones the clerk added.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrainingKind {
    pub id: String,
    pub name: String,
    /// Shipped in seeds/reference/training-kinds.toml (the figures name some of them).
    pub builtin: bool,
    pub note: String,
}

/// A training session (培训、练兵活动).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrainingSession {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub level: Option<Level>,
    pub organiser: String,
    pub start_on: String,
    pub end_on: String,
    /// 学时 of the whole session (an attendee's own hours override it).
    pub hours: Option<f64>,
    pub place: String,
    pub note: String,
    /// end − start + 1
    #[ts(type = "number")]
    pub days: i64,
    #[ts(type = "number")]
    pub attendee_count: i64,
    #[ts(type = "number")]
    pub evidence_count: i64,
    pub created_at: String,
    pub updated_at: String,
    #[ts(type = "number")]
    pub revision: i64,
}

/// One person's attendance at a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Attendance {
    pub id: String,
    pub session_id: String,
    pub staff_id: String,
    pub staff_name: String,
    pub unit_name: String,
    /// `None`: the session's hours.
    pub hours: Option<f64>,
    pub score: Option<f64>,
    /// 获奖情况
    pub award: String,
}

/// An attendee as the clerk enters them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct AttendeeInput {
    pub staff_id: String,
    pub hours: Option<f64>,
    pub score: Option<f64>,
    pub award: String,
}

/// What a clerk fills in for a session, attendees included: saving replaces the attendance
/// with this list (people left out are removed, with the removal audited).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct TrainingInput {
    pub kind: String,
    pub title: String,
    pub level: Option<Level>,
    pub organiser: String,
    pub start_on: String,
    /// `None`: the same day as the start.
    pub end_on: Option<String>,
    pub hours: Option<f64>,
    pub place: String,
    pub note: String,
    pub attendees: Vec<AttendeeInput>,
}

/// A session with its attendance and evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrainingDetail {
    pub session: TrainingSession,
    pub attendance: Vec<Attendance>,
    pub evidence: Vec<Evidence>,
}

/// A filtered, paged request for sessions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct TrainingQuery {
    /// Sessions that start in this year.
    pub year: Option<i32>,
    pub kind: Option<String>,
    /// Part of the title or organiser.
    pub search: Option<String>,
    pub offset: u32,
    pub limit: Option<u32>,
}

/// One page of sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrainingPage {
    #[ts(type = "number")]
    pub total: i64,
    pub items: Vec<TrainingSession>,
}

/// A session in one person's record, with what they did there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonTraining {
    pub session_id: String,
    pub kind: String,
    pub title: String,
    pub level: Option<Level>,
    pub start_on: String,
    pub end_on: String,
    /// Their hours (their own, or the session's).
    pub hours: Option<f64>,
    pub score: Option<f64>,
    pub award: String,
}

/// A person's hours in one year (T5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct YearHours {
    pub year: i32,
    pub hours: f64,
    #[ts(type = "number")]
    pub sessions: i64,
}
