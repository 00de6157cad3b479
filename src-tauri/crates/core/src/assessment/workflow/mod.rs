//! Assessments and the office's workflow: a draft the clerk scores (草稿), submitted to the
//! branch head (已提交), signed off and locked (已签发); a change after sign-off makes the next
//! version, and the earlier one is kept and can still be printed.
//!
//! Invariants: only a draft takes scores, dates and evidence; every step is one transaction with
//! its audit row; a signed-off version keeps the engine's result as it was at sign-off
//! (`snapshot`), so it prints the same whatever happens to the ledgers later; of the versions of
//! one assessment only the newest can change.
//!
//! Here: reading an assessment and its result, starting one and its date. `scoring` takes the
//! clerk's entries and evidence, `steps` moves a version through the workflow, `ranking` ranks
//! the people under a 个人 rubric.

mod ranking;
mod scoring;
mod steps;

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::engine::{evaluate, Stored};
use super::model::{AssessmentInfo, AssessmentResult, AssessmentStatus, ScoreInput};
use super::rubric::Rubric;
use crate::error::{LedgerError, Result};
use crate::figures::{FigureQuery, FigureSet};
use crate::store::dates::{self, now_rfc3339};
use crate::store::evidence::evidence_under;
use crate::tasks::TaskSummary;
use crate::{Ledger, Tx};

/// The entity evidence of an item is attached to; its id is `<assessment id>/<item id>`.
pub const ITEM_ENTITY: &str = "assessment_item";

const SELECT: &str = "SELECT a.id, a.rubric_id, a.year, a.as_of, a.subject_id, s.name, a.version, a.status,
    a.submitted_at, a.signed_by, a.signed_at, b.version, a.created_at, a.updated_at, a.revision
  FROM assessments a
  LEFT JOIN staff s ON s.id = a.subject_id
  LEFT JOIN assessments b ON b.id = a.amended_by";

fn from_row(r: &Row) -> rusqlite::Result<AssessmentInfo> {
    let subject: String = r.get(4)?;
    let status: String = r.get(7)?;
    Ok(AssessmentInfo {
        id: r.get(0)?,
        rubric_id: r.get(1)?,
        rubric_title: String::new(),
        year: r.get(2)?,
        as_of: r.get(3)?,
        subject_id: (!subject.is_empty()).then_some(subject),
        subject_name: r.get(5)?,
        version: r.get(6)?,
        status: AssessmentStatus::parse(&status).unwrap_or(AssessmentStatus::Draft),
        submitted_at: r.get(8)?,
        signed_by: r.get(9)?,
        signed_at: r.get(10)?,
        amended_by_version: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
        revision: r.get(14)?,
    })
}

fn get(conn: &Connection, id: &str) -> Result<AssessmentInfo> {
    conn.prepare_cached(&format!("{SELECT} WHERE a.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| LedgerError::NotFound { entity: "自评", id: id.to_string() })
}

/// The newest version of the assessment of `rubric_id`, `year` and `subject` ('' for the branch).
fn newest(conn: &Connection, rubric_id: &str, year: i32, subject: &str) -> Result<Option<AssessmentInfo>> {
    Ok(conn
        .prepare_cached(&format!(
            "{SELECT} WHERE a.rubric_id = ?1 AND a.year = ?2 AND a.subject_id = ?3 ORDER BY a.version DESC LIMIT 1"
        ))?
        .query_row(params![rubric_id, year, subject], from_row)
        .optional()?)
}

fn check_year(year: i32) -> Result<()> {
    if !(2000..=2100).contains(&year) {
        return Err(LedgerError::invalid("年度", format!("“{year}”不是有效的年度")));
    }
    Ok(())
}

/// 31 December of `year`.
fn year_end(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).expect("31 December exists")
}

/// The reference date for `as_of` text: in the year, at the latest 31 December.
fn check_as_of(year: i32, as_of: &str) -> Result<NaiveDate> {
    let d = dates::parse_field("统计日期", as_of)?;
    let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January exists");
    if d < first || d > year_end(year) {
        return Err(LedgerError::invalid(
            "统计日期",
            format!("{} 不在 {year} 年内（统计日期默认为 {year}年12月31日，可提前）", dates::zh(d)),
        ));
    }
    Ok(d)
}

impl AssessmentInfo {
    /// An assessment that has not been started: what the engine shows before the first score
    /// (a draft of the year, as of 31 December; `subject` is the person's id and name under an
    /// individual rubric).
    pub fn unsaved(rubric: &Rubric, year: i32, subject: Option<(&str, String)>) -> AssessmentInfo {
        AssessmentInfo {
            id: String::new(),
            rubric_id: rubric.id.clone(),
            rubric_title: rubric.title.clone(),
            year,
            as_of: dates::iso(year_end(year)),
            subject_id: subject.as_ref().map(|s| s.0.to_string()),
            subject_name: subject.map(|s| s.1),
            version: 1,
            status: AssessmentStatus::Draft,
            submitted_at: None,
            signed_by: None,
            signed_at: None,
            amended_by_version: None,
            created_at: String::new(),
            updated_at: String::new(),
            revision: 0,
        }
    }
}

/// What was entered for each item of an assessment, with its evidence.
fn stored(conn: &Connection, id: &str) -> Result<HashMap<String, Stored>> {
    let mut out: HashMap<String, Stored> = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT item_id, score, count, percent, flag, note, is_override, reason
           FROM assessment_scores WHERE assessment_id = ?1",
    )?;
    let rows = st.query_map([id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Stored {
                input: ScoreInput {
                    score: r.get(1)?,
                    count: r.get(2)?,
                    percent: r.get(3)?,
                    flag: r.get::<_, Option<bool>>(4)?,
                    note: r.get(5)?,
                },
                is_override: r.get(6)?,
                reason: r.get(7)?,
                evidence: Vec::new(),
            },
        ))
    })?;
    for row in rows {
        let (item, s) = row?;
        out.insert(item, s);
    }
    if !id.is_empty() {
        for ev in evidence_under(conn, ITEM_ENTITY, &format!("{id}/"))? {
            let item = ev.entity_id.split_once('/').map(|(_, i)| i.to_string()).unwrap_or_default();
            out.entry(item).or_default().evidence.push(ev);
        }
    }
    Ok(out)
}

/// The audit record of an assessment step.
fn audit_record(info: &AssessmentInfo, extra: serde_json::Value) -> serde_json::Value {
    let mut v = json!({
        "title": format!(
            "{}（{}年{}，第 {} 版）",
            info.rubric_title,
            info.year,
            info.subject_name.as_deref().map(|n| format!("，{n}")).unwrap_or_default(),
            info.version
        ),
        "status": info.status.label(),
        "as_of": info.as_of,
    });
    if let (Some(map), serde_json::Value::Object(more)) = (v.as_object_mut(), extra) {
        map.extend(more);
    }
    v
}

/// Refuse a change to an assessment that is not a draft, saying what to do instead.
fn require_draft(info: &AssessmentInfo) -> Result<()> {
    match info.status {
        AssessmentStatus::Draft if info.amended_by_version.is_none() => Ok(()),
        AssessmentStatus::Draft => Err(LedgerError::Rejected(format!(
            "该自评已有第 {} 版，不能再修改此版",
            info.amended_by_version.unwrap_or_default()
        ))),
        AssessmentStatus::Submitted => {
            Err(LedgerError::Rejected("该自评已提交负责人审核，不能修改；如需修改，请负责人先退回".into()))
        }
        AssessmentStatus::Signed => {
            Err(LedgerError::Rejected("该自评已签发并锁定；如需修改，请生成修订版（原版本保留）".into()))
        }
    }
}

fn check_revision(info: &AssessmentInfo, revision: i64) -> Result<()> {
    LedgerError::check_revision("自评", info.revision, revision)
}

/// Bump an assessment's revision after a change to it or its items.
fn touch(tx: &Tx<'_>, id: &str) -> Result<()> {
    tx.execute(
        "UPDATE assessments SET updated_at = ?2, revision = revision + 1 WHERE id = ?1",
        params![id, now_rfc3339()],
    )?;
    Ok(())
}

impl Ledger {
    fn with_title(&self, mut info: AssessmentInfo) -> Result<AssessmentInfo> {
        info.rubric_title = self.rubric(&info.rubric_id).map(|r| r.title).unwrap_or_else(|_| info.rubric_id.clone());
        Ok(info)
    }

    /// One version of an assessment.
    pub fn assessment(&self, id: &str) -> Result<AssessmentInfo> {
        self.with_title(get(self.conn(), id)?)
    }

    /// Every version of an assessment, newest first.
    pub fn assessment_versions(
        &self,
        rubric_id: &str,
        year: i32,
        subject: Option<&str>,
    ) -> Result<Vec<AssessmentInfo>> {
        let title = self.rubric(rubric_id)?.title;
        let mut st = self.conn().prepare_cached(&format!(
            "{SELECT} WHERE a.rubric_id = ?1 AND a.year = ?2 AND a.subject_id = ?3 ORDER BY a.version DESC"
        ))?;
        let rows = st
            .query_map(params![rubric_id, year, subject.unwrap_or("")], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .map(|mut a| {
                a.rubric_title = title.clone();
                a
            })
            .collect())
    }

    /// The subject of a 个人 rubric: the person, named.
    fn subject_person(&self, rubric: &Rubric, subject: Option<&str>) -> Result<Option<(String, String)>> {
        match (rubric.subject(), subject.filter(|s| !s.is_empty())) {
            (super::model::Subject::Unit, None) => Ok(None),
            (super::model::Subject::Unit, Some(_)) => {
                Err(LedgerError::invalid("评分对象", format!("“{}”是对单位的评分细则，不能按个人评分", rubric.title)))
            }
            (super::model::Subject::Person, None) => {
                Err(LedgerError::invalid("评分对象", format!("“{}”按个人评分，请选择人员", rubric.title)))
            }
            (super::model::Subject::Person, Some(id)) => {
                let s = self.staff(id)?;
                Ok(Some((s.id, s.name)))
            }
        }
    }

    /// The result of the newest version of the assessment of `rubric_id`, `year` and `subject`
    /// (a person, for a 个人 rubric) — or, before anything was scored, what the engine gives
    /// from the ledgers alone (nothing is written).
    pub fn assessment_for(&self, rubric_id: &str, year: i32, subject: Option<&str>) -> Result<AssessmentResult> {
        self.assessment_on(rubric_id, year, subject, None)
    }

    /// [`Ledger::assessment_for`], with the figures read for `as_of` instead of the stored
    /// reference date (nothing is written; a signed-off version keeps its own date).
    pub fn assessment_on(
        &self,
        rubric_id: &str,
        year: i32,
        subject: Option<&str>,
        as_of: Option<&str>,
    ) -> Result<AssessmentResult> {
        check_year(year)?;
        let rubric = self.rubric(rubric_id)?;
        let person = self.subject_person(&rubric, subject)?;
        let key = person.as_ref().map(|p| p.0.clone()).unwrap_or_default();
        let as_of = as_of.map(|d| check_as_of(year, d)).transpose()?.map(dates::iso);
        match newest(self.conn(), rubric_id, year, &key)? {
            Some(info) if as_of.is_some() && info.status == AssessmentStatus::Signed => {
                Err(LedgerError::Rejected(format!(
                    "第 {} 版已于签发时按 {} 计算并锁定，不能改用其他统计日期",
                    info.version,
                    dates::parse_date(&info.as_of).map(dates::zh).unwrap_or(info.as_of)
                )))
            }
            Some(info) => {
                let mut info = self.with_title(info)?;
                if let Some(d) = as_of {
                    info.as_of = d;
                }
                self.result_of(&rubric, info)
            }
            None => {
                let subject = person.as_ref().map(|(id, name)| (id.as_str(), name.clone()));
                let mut info = AssessmentInfo::unsaved(&rubric, year, subject);
                if let Some(d) = as_of {
                    info.as_of = d;
                }
                self.compute(&rubric, info)
            }
        }
    }

    /// The result of one version: the frozen snapshot once signed off, else computed now.
    pub fn assessment_result(&self, id: &str) -> Result<AssessmentResult> {
        let info = self.assessment(id)?;
        let rubric = self.rubric(&info.rubric_id)?;
        self.result_of(&rubric, info)
    }

    fn result_of(&self, rubric: &Rubric, info: AssessmentInfo) -> Result<AssessmentResult> {
        if info.status == AssessmentStatus::Signed {
            let snap: Option<String> = self
                .conn()
                .query_row("SELECT snapshot FROM assessments WHERE id = ?1", [&info.id], |r| r.get(0))
                .optional()?
                .flatten();
            if let Some(snap) = snap {
                let mut r = read_frozen(&snap)?.result;
                r.assessment = info;
                r.frozen = true;
                return Ok(r);
            }
        }
        self.compute(rubric, info)
    }

    /// Run the engine for an assessment on the ledgers as they are now.
    fn compute(&self, rubric: &Rubric, info: AssessmentInfo) -> Result<AssessmentResult> {
        let branch = self.require_branch()?.name;
        let inputs = stored(self.conn(), &info.id)?;
        let (figures, disqualified) = match &info.subject_id {
            None => (self.figures(&FigureQuery { as_of: Some(info.as_of.clone()), unit_id: None })?, None),
            Some(person) => {
                let empty = FigureSet { as_of: info.as_of.clone(), scope: branch.clone(), figures: Vec::new() };
                (empty, self.entry_problem(rubric, person, &info.as_of)?)
            }
        };
        let mut r = evaluate(rubric, info, &inputs, &figures, disqualified);
        r.branch = branch;
        Ok(r)
    }

    /// What a report prints beside the scores: the figures for the assessment's date and the
    /// year's key-task counts — as frozen at sign-off for a signed-off version, else as the
    /// ledgers give them now.
    pub fn assessment_context(&self, result: &AssessmentResult) -> Result<(FigureSet, TaskSummary)> {
        if result.assessment.status == AssessmentStatus::Signed && !result.assessment.id.is_empty() {
            let snap: Option<String> = self
                .conn()
                .query_row("SELECT snapshot FROM assessments WHERE id = ?1", [&result.assessment.id], |r| r.get(0))
                .optional()?
                .flatten();
            if let Some(snap) = snap {
                let f = read_frozen(&snap)?;
                return Ok((f.figures, f.tasks));
            }
        }
        self.live_context(result)
    }

    fn live_context(&self, result: &AssessmentResult) -> Result<(FigureSet, TaskSummary)> {
        let a = &result.assessment;
        let as_of = dates::parse_field("统计日期", &a.as_of)?;
        let figures = self.figures(&FigureQuery { as_of: Some(a.as_of.clone()), unit_id: None })?;
        let tasks = self.task_summary(Some(a.year), Some(as_of))?;
        Ok((figures, tasks))
    }

    /// Why a person cannot be scored under a rubric's condition of entry, if so.
    fn entry_problem(&self, rubric: &Rubric, person: &str, as_of: &str) -> Result<Option<String>> {
        if rubric.entry.as_deref() != Some("certified") {
            return Ok(None);
        }
        let d = dates::parse_field("统计日期", as_of)?;
        let certified = self.staff_detail(person, Some(d))?.staff.certified;
        Ok((!certified).then(|| format!("{} 无有效行政执法证，不具备参评资格", dates::zh(d))))
    }

    /// The newest version of an assessment, started as a draft (version 1, reference date
    /// 31 December) when there is none yet.
    pub fn open_assessment(&mut self, rubric_id: &str, year: i32, subject: Option<&str>) -> Result<AssessmentInfo> {
        check_year(year)?;
        let rubric = self.rubric(rubric_id)?;
        let person = self.subject_person(&rubric, subject)?;
        let key = person.as_ref().map(|p| p.0.clone()).unwrap_or_default();
        if let Some(info) = newest(self.conn(), rubric_id, year, &key)? {
            return self.with_title(info);
        }
        let info = self.write(|tx| {
            let id = uuid::Uuid::new_v4().to_string();
            let now = now_rfc3339();
            tx.execute(
                "INSERT INTO assessments (id, rubric_id, year, subject_id, as_of, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![id, rubric_id, year, key, dates::iso(year_end(year)), now],
            )?;
            let mut info = get(tx, &id)?;
            info.rubric_title = rubric.title.clone();
            tx.audit("assessment", &id, "create", None::<&()>, Some(&audit_record(&info, json!({}))))?;
            Ok(info)
        })?;
        Ok(info)
    }

    /// Set the date the figures are read for (31 December of the year, or earlier).
    pub fn set_assessment_date(&mut self, id: &str, as_of: &str) -> Result<AssessmentInfo> {
        let info = self.assessment(id)?;
        require_draft(&info)?;
        let d = check_as_of(info.year, as_of)?;
        self.write(|tx| {
            tx.execute("UPDATE assessments SET as_of = ?2 WHERE id = ?1", params![id, dates::iso(d)])?;
            touch(tx, id)?;
            let mut after = get(tx, id)?;
            after.rubric_title = info.rubric_title.clone();
            tx.audit(
                "assessment",
                id,
                "update",
                Some(&audit_record(&info, json!({}))),
                Some(&audit_record(&after, json!({}))),
            )?;
            Ok(after)
        })
    }

    /// The newest year the branch has assessed itself for (a 个人 rubric's assessments aside).
    pub fn latest_assessment_year(&self) -> Result<Option<i32>> {
        Ok(self.conn().query_row("SELECT MAX(year) FROM assessments WHERE subject_id = ''", [], |r| r.get(0))?)
    }

    /// The year's assessment of the branch as the home page shows it: the rubric the branch
    /// worked on last for that year, else the first shipped one (the Fujian county standard).
    pub fn current_assessment(&self, year: i32) -> Result<AssessmentResult> {
        let rubric: Option<String> = self
            .conn()
            .query_row(
                "SELECT rubric_id FROM assessments WHERE year = ?1 AND subject_id = '' ORDER BY updated_at DESC, pk DESC LIMIT 1",
                [year],
                |r| r.get(0),
            )
            .optional()?;
        let rubric = rubric.unwrap_or_else(|| super::rubric::BUILTIN[0].0.to_string());
        self.assessment_for(&rubric, year, None)
    }
}

#[derive(Serialize, Deserialize)]
struct Frozen {
    result: AssessmentResult,
    figures: FigureSet,
    tasks: TaskSummary,
}

fn read_frozen(snapshot: &str) -> Result<Frozen> {
    serde_json::from_str(snapshot).map_err(|e| LedgerError::Rejected(format!("签发时保存的自评结果无法读取：{e}")))
}

/// The figures without the lists of names and equipment behind them (the report prints the
/// counts; the lists of a large branch run to megabytes).
fn summary_only(mut set: FigureSet) -> FigureSet {
    for f in &mut set.figures {
        f.numerator_people.clear();
        f.denominator_people.clear();
        f.equipment.clear();
        f.hours.clear();
    }
    set
}
