//! Assessments and the office's workflow: a draft the clerk scores (草稿), submitted to the
//! branch head (已提交), signed off and locked (已签发); a change after sign-off makes the next
//! version, and the earlier one is kept and can still be printed.
//!
//! Invariants: only a draft takes scores, dates and evidence; every step is one transaction with
//! its audit row; a signed-off version keeps the engine's result as it was at sign-off
//! (`snapshot`), so it prints the same whatever happens to the ledgers later; of the versions of
//! one assessment only the newest can change.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::engine::{check_input, evaluate, points, round2, Stored};
use super::model::{AssessmentInfo, AssessmentResult, AssessmentStatus, RankLine, ScoreInput};
use super::rubric::{HowKind, Rubric};
use crate::error::{LedgerError, Result};
use crate::figures::{FigureQuery, FigureSet};
use crate::model::Evidence;
use crate::people::StaffQuery;
use crate::store::dates::{self, now_rfc3339};
use crate::store::evidence::{evidence_under, link_existing};
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
    if info.revision != revision {
        return Err(LedgerError::Conflict { entity: "自评", current: info.revision, given: revision });
    }
    Ok(())
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

    /// Enter a score, count, percentage or yes/no for an item of a draft, with a note.
    pub fn score_item(&mut self, id: &str, item_id: &str, input: &ScoreInput) -> Result<AssessmentResult> {
        let info = self.assessment(id)?;
        require_draft(&info)?;
        let rubric = self.rubric(&info.rubric_id)?;
        check_input(&rubric, item_id, input)
            .map_err(|reason| LedgerError::invalid(format!("评分项 {item_id}"), reason))?;
        let input = normalised(&rubric, item_id, input);
        self.write(|tx| put_score(tx, &info, item_id, &input, false, "", "score"))?;
        self.assessment_result(id)
    }

    /// Replace a computed item's score by hand; the reason is required and shown wherever the
    /// score is.
    pub fn override_item(
        &mut self,
        id: &str,
        item_id: &str,
        score: f64,
        reason: &str,
        note: &str,
    ) -> Result<AssessmentResult> {
        let info = self.assessment(id)?;
        require_draft(&info)?;
        let rubric = self.rubric(&info.rubric_id)?;
        let field = format!("评分项 {item_id}");
        let item = rubric
            .items
            .iter()
            .find(|i| i.id == item_id)
            .ok_or_else(|| LedgerError::invalid(&field, "评分细则中没有该评分项"))?;
        if item.how != HowKind::Computed {
            return Err(LedgerError::invalid(&field, "此项本来就是手工评分，直接评分即可，不需要手工调整"));
        }
        if reason.trim().is_empty() {
            return Err(LedgerError::invalid("调整原因", "手工调整自动计算的得分，必须写明原因"));
        }
        if !(0.0..=item.points + 1e-9).contains(&score) || score.is_nan() {
            return Err(LedgerError::invalid(&field, format!("得分应在 0 到 {} 分之间", points(item.points))));
        }
        let input = ScoreInput { score: Some(round2(score)), note: note.trim().to_string(), ..ScoreInput::default() };
        self.write(|tx| put_score(tx, &info, item_id, &input, true, reason.trim(), "override"))?;
        self.assessment_result(id)
    }

    /// Remove what was entered for an item (a computed item goes back to its computed score).
    pub fn clear_item(&mut self, id: &str, item_id: &str) -> Result<AssessmentResult> {
        let info = self.assessment(id)?;
        require_draft(&info)?;
        self.write(|tx| {
            let before = score_record(tx, id, item_id)?;
            let n = tx.execute(
                "DELETE FROM assessment_scores WHERE assessment_id = ?1 AND item_id = ?2",
                params![id, item_id],
            )?;
            if n > 0 {
                touch(tx, id)?;
                tx.audit("assessment", id, "clear", Some(&audit_record(&info, before)), None::<&()>)?;
            }
            Ok(())
        })?;
        self.assessment_result(id)
    }

    /// Enter several items of a draft at once: every entry checked, then all written in one
    /// transaction (or none).
    pub fn score_items(&mut self, id: &str, entries: &[(String, ScoreInput)]) -> Result<()> {
        let info = self.assessment(id)?;
        require_draft(&info)?;
        let rubric = self.rubric(&info.rubric_id)?;
        let mut checked = Vec::with_capacity(entries.len());
        for (item_id, input) in entries {
            check_input(&rubric, item_id, input)
                .map_err(|reason| LedgerError::invalid(format!("评分项 {item_id}"), reason))?;
            checked.push((item_id.as_str(), normalised(&rubric, item_id, input)));
        }
        self.write(|tx| {
            for (item_id, input) in &checked {
                put_score(tx, &info, item_id, input, false, "", "score")?;
            }
            Ok(())
        })
    }

    /// Attach a new file as evidence for an item of a draft.
    pub fn attach_item_evidence(&mut self, id: &str, item_id: &str, path: &std::path::Path) -> Result<Evidence> {
        let info = self.assessment(id)?;
        require_draft(&info)?;
        self.check_item(&info, item_id)?;
        let ev = self.attach_evidence(ITEM_ENTITY, &format!("{id}/{item_id}"), path)?;
        self.write(|tx| touch(tx, id))?;
        Ok(ev)
    }

    /// Cite an attachment already in the ledgers (a task's, a person's, a training's …) as
    /// evidence for an item of a draft; the file is not copied.
    pub fn link_item_evidence(&mut self, id: &str, item_id: &str, evidence_id: &str) -> Result<Evidence> {
        let info = self.assessment(id)?;
        require_draft(&info)?;
        self.check_item(&info, item_id)?;
        let from = self.evidence(evidence_id)?;
        self.write(|tx| {
            let ev = link_existing(tx, &from, ITEM_ENTITY, &format!("{id}/{item_id}"))?;
            touch(tx, id)?;
            tx.audit("evidence", &ev.id, "create", None::<&()>, Some(&ev))?;
            Ok(ev)
        })
    }

    fn check_item(&self, info: &AssessmentInfo, item_id: &str) -> Result<()> {
        let rubric = self.rubric(&info.rubric_id)?;
        if rubric.items.iter().any(|i| i.id == item_id) || rubric.extras.iter().any(|e| e.id == item_id) {
            Ok(())
        } else {
            Err(LedgerError::invalid("评分项", format!("评分细则中没有编号为“{item_id}”的评分项")))
        }
    }

    /// Submit a draft to the branch head. Every item must be scored (附加项 may stay empty).
    pub fn submit_assessment(&mut self, id: &str, revision: i64) -> Result<AssessmentInfo> {
        let info = self.assessment(id)?;
        require_draft(&info)?;
        check_revision(&info, revision)?;
        let result = self.assessment_result(id)?;
        let open: Vec<&str> =
            result.items.iter().filter(|i| i.extra.is_none() && i.score.is_none()).map(|i| i.id.as_str()).collect();
        if !open.is_empty() {
            let shown: Vec<&str> = open.iter().copied().take(10).collect();
            return Err(LedgerError::Rejected(format!(
                "还有 {} 项未评分（{}{}），评完后再提交",
                open.len(),
                shown.join("、"),
                if open.len() > 10 { " 等" } else { "" }
            )));
        }
        self.step(&info, "submit", |tx| {
            tx.execute(
                "UPDATE assessments SET status = '已提交', submitted_at = ?2, submitted_by = ?3 WHERE id = ?1",
                params![id, now_rfc3339(), tx.actor()],
            )?;
            Ok(json!({}))
        })
    }

    /// Send a submitted assessment back to the clerk as a draft, with the head's reason.
    pub fn return_assessment(&mut self, id: &str, revision: i64, reason: &str) -> Result<AssessmentInfo> {
        let info = self.assessment(id)?;
        check_revision(&info, revision)?;
        if info.status != AssessmentStatus::Submitted {
            return Err(LedgerError::Rejected(format!("只有已提交的自评可以退回（当前：{}）", info.status.label())));
        }
        self.step(&info, "return", |tx| {
            tx.execute(
                "UPDATE assessments SET status = '草稿', submitted_at = NULL, submitted_by = NULL WHERE id = ?1",
                [id],
            )?;
            Ok(json!({ "reason": reason.trim() }))
        })
    }

    /// The branch head signs a submitted assessment off: it is locked, and its result frozen.
    pub fn sign_off_assessment(&mut self, id: &str, revision: i64, signer: &str) -> Result<AssessmentInfo> {
        let info = self.assessment(id)?;
        check_revision(&info, revision)?;
        if info.status != AssessmentStatus::Submitted {
            return Err(LedgerError::Rejected(format!(
                "只有已提交的自评可以签发（当前：{}）{}",
                info.status.label(),
                if info.status == AssessmentStatus::Draft { "，请先提交" } else { "" }
            )));
        }
        let signer = signer.trim();
        if signer.is_empty() {
            return Err(LedgerError::invalid("签发人", "请填写签发负责人姓名"));
        }
        let rubric = self.rubric(&info.rubric_id)?;
        let mut result = self.compute(&rubric, info.clone())?;
        let (figures, tasks) = self.live_context(&result)?;
        self.step(&info, "sign_off", |tx| {
            let at = now_rfc3339();
            result.assessment.status = AssessmentStatus::Signed;
            result.assessment.signed_by = Some(signer.to_string());
            result.assessment.signed_at = Some(at.clone());
            result.suggestions.clear();
            let (total, grade) = (result.total, result.grade.clone());
            let frozen = Frozen { result, figures: summary_only(figures), tasks };
            let snapshot =
                serde_json::to_string(&frozen).map_err(|e| LedgerError::Rejected(format!("无法保存自评结果：{e}")))?;
            tx.execute(
                "UPDATE assessments SET status = '已签发', signed_by = ?2, signed_at = ?3, snapshot = ?4 WHERE id = ?1",
                params![id, signer, at, snapshot],
            )?;
            Ok(json!({ "signed_by": signer, "total": total, "grade": grade }))
        })
    }

    /// Start the next version of a signed-off assessment as a draft, with its scores, notes and
    /// evidence; the signed-off version is kept and can still be printed.
    pub fn amend_assessment(&mut self, id: &str) -> Result<AssessmentInfo> {
        let info = self.assessment(id)?;
        if info.status != AssessmentStatus::Signed {
            return Err(LedgerError::Rejected(format!(
                "只有已签发的自评需要生成修订版（当前：{}），草稿可直接修改",
                info.status.label()
            )));
        }
        if let Some(v) = info.amended_by_version {
            return Err(LedgerError::Rejected(format!("该版本已有修订版（第 {v} 版），请修改最新版本")));
        }
        let new_info = self.write(|tx| {
            let new_id = uuid::Uuid::new_v4().to_string();
            let now = now_rfc3339();
            tx.execute(
                "INSERT INTO assessments (id, rubric_id, year, subject_id, as_of, version, amends, created_at, updated_at)
                 SELECT ?2, rubric_id, year, subject_id, as_of, version + 1, id, ?3, ?3 FROM assessments WHERE id = ?1",
                params![id, new_id, now],
            )?;
            tx.execute(
                "INSERT INTO assessment_scores
                   (assessment_id, item_id, score, count, percent, flag, note, is_override, reason, updated_at, updated_by)
                 SELECT ?2, item_id, score, count, percent, flag, note, is_override, reason, updated_at, updated_by
                   FROM assessment_scores WHERE assessment_id = ?1",
                params![id, new_id],
            )?;
            for ev in evidence_under(tx, ITEM_ENTITY, &format!("{id}/"))? {
                let item = ev.entity_id.split_once('/').map(|(_, i)| i).unwrap_or_default();
                link_existing(tx, &ev, ITEM_ENTITY, &format!("{new_id}/{item}"))?;
            }
            tx.execute("UPDATE assessments SET amended_by = ?2 WHERE id = ?1", params![id, new_id])?;
            let mut after = get(tx, &new_id)?;
            after.rubric_title = info.rubric_title.clone();
            tx.audit(
                "assessment",
                &new_id,
                "amend",
                Some(&audit_record(&info, json!({}))),
                Some(&audit_record(&after, json!({}))),
            )?;
            Ok(after)
        })?;
        Ok(new_info)
    }

    /// A workflow step: the change, the revision bump and the audit row, in one transaction.
    fn step(
        &mut self,
        info: &AssessmentInfo,
        action: &str,
        change: impl FnOnce(&Tx<'_>) -> Result<serde_json::Value>,
    ) -> Result<AssessmentInfo> {
        let id = info.id.clone();
        self.write(|tx| {
            let extra = change(tx)?;
            touch(tx, &id)?;
            let mut after = get(tx, &id)?;
            after.rubric_title = info.rubric_title.clone();
            tx.audit(
                "assessment",
                &id,
                action,
                Some(&audit_record(info, json!({}))),
                Some(&audit_record(&after, extra)),
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

    /// The branch's people ranked under a 个人 rubric for `year`: everyone on the roll on the
    /// reference date (31 December), by total, highest first; those who cannot be scored (no
    /// valid 行政执法证, or disqualified) last.
    pub fn rank_people(&self, rubric_id: &str, year: i32) -> Result<Vec<RankLine>> {
        check_year(year)?;
        let rubric = self.rubric(rubric_id)?;
        if rubric.subject() != super::model::Subject::Person {
            return Err(LedgerError::invalid("评分细则", format!("“{}”是对单位的评分，不对个人排名", rubric.title)));
        }
        let d = year_end(year);
        let roster = self
            .list_staff(&StaffQuery { as_of: Some(dates::iso(d)), on_roll_only: true, ..StaffQuery::default() })?
            .items;
        let empty = FigureSet { as_of: dates::iso(d), scope: String::new(), figures: Vec::new() };
        // Every person's newest version, read at once (later versions replace earlier ones).
        let mut st = self.conn().prepare_cached(&format!(
            "{SELECT} WHERE a.rubric_id = ?1 AND a.year = ?2 AND a.subject_id <> '' ORDER BY a.version"
        ))?;
        let mut newest_of: HashMap<String, AssessmentInfo> = HashMap::new();
        for info in st.query_map(params![rubric_id, year], from_row)? {
            let info = info?;
            newest_of.insert(info.subject_id.clone().unwrap_or_default(), info);
        }
        let mut lines = Vec::with_capacity(roster.len());
        for s in roster {
            let (total, status, disqualified) = match newest_of.remove(&s.id) {
                Some(info) => {
                    let info = AssessmentInfo { rubric_title: rubric.title.clone(), ..info };
                    let r = self.result_of(&rubric, info)?;
                    (r.total, Some(r.assessment.status), r.disqualified)
                }
                None => {
                    let dq = (rubric.entry.as_deref() == Some("certified") && !s.certified)
                        .then(|| format!("{} 无有效行政执法证，不具备参评资格", dates::zh(d)));
                    let info = AssessmentInfo::unsaved(&rubric, year, Some((s.id.as_str(), s.name.clone())));
                    let r = evaluate(&rubric, info, &HashMap::new(), &empty, dq);
                    (r.total, None, r.disqualified)
                }
            };
            lines.push(RankLine {
                rank: 0,
                staff_id: s.id,
                name: s.name,
                unit: s.unit_name,
                total,
                status,
                disqualified,
            });
        }
        lines.sort_by(|a, b| {
            a.disqualified
                .is_some()
                .cmp(&b.disqualified.is_some())
                .then(b.total.total_cmp(&a.total))
                .then_with(|| a.name.cmp(&b.name))
        });
        let mut rank = 0;
        let mut last: Option<f64> = None;
        for (i, l) in lines.iter_mut().enumerate() {
            if l.disqualified.is_some() {
                continue;
            }
            if last != Some(l.total) {
                rank = i as i64 + 1;
                last = Some(l.total);
            }
            l.rank = rank;
        }
        Ok(lines)
    }
}

/// What sign-off keeps with a version: the result, and what its report prints beside it.
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

/// Keep only the part of an entry the item's kind takes (a score item ignores a stray count).
fn normalised(rubric: &Rubric, item_id: &str, input: &ScoreInput) -> ScoreInput {
    let how = rubric
        .items
        .iter()
        .find(|i| i.id == item_id)
        .map(|i| i.how)
        .or_else(|| rubric.extras.iter().find(|e| e.id == item_id).map(|e| e.how))
        .unwrap_or(HowKind::Manual);
    let mut out = ScoreInput { note: input.note.trim().to_string(), ..ScoreInput::default() };
    match how {
        HowKind::Manual | HowKind::Computed => out.score = input.score.map(round2),
        HowKind::Count => out.count = input.count,
        HowKind::Percent => out.percent = input.percent,
        HowKind::Flag => out.flag = input.flag,
    }
    out
}

/// An item's stored entry as the audit trail shows it (`null` when none).
fn score_record(conn: &Connection, id: &str, item_id: &str) -> Result<serde_json::Value> {
    let row = conn
        .query_row(
            "SELECT score, count, percent, flag, note, is_override, reason FROM assessment_scores
              WHERE assessment_id = ?1 AND item_id = ?2",
            params![id, item_id],
            |r| {
                Ok(json!({
                    "item": item_id,
                    "score": r.get::<_, Option<f64>>(0)?,
                    "count": r.get::<_, Option<f64>>(1)?,
                    "percent": r.get::<_, Option<f64>>(2)?,
                    "flag": r.get::<_, Option<bool>>(3)?.map(|f| if f { "是" } else { "否" }),
                    "note": r.get::<_, String>(4)?,
                    "override": r.get::<_, bool>(5)?,
                    "reason": r.get::<_, String>(6)?,
                }))
            },
        )
        .optional()?;
    Ok(row.unwrap_or(serde_json::Value::Null))
}

/// Write an item's entry (replacing what was there), bump the assessment, audit it.
fn put_score(
    tx: &Tx<'_>,
    info: &AssessmentInfo,
    item_id: &str,
    input: &ScoreInput,
    is_override: bool,
    reason: &str,
    action: &str,
) -> Result<()> {
    let before = score_record(tx, &info.id, item_id)?;
    tx.execute(
        "INSERT INTO assessment_scores
           (assessment_id, item_id, score, count, percent, flag, note, is_override, reason, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT(assessment_id, item_id) DO UPDATE SET score = excluded.score, count = excluded.count,
           percent = excluded.percent, flag = excluded.flag, note = excluded.note,
           is_override = excluded.is_override, reason = excluded.reason,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        params![
            info.id,
            item_id,
            input.score,
            input.count,
            input.percent,
            input.flag,
            input.note,
            is_override,
            reason,
            now_rfc3339(),
            tx.actor()
        ],
    )?;
    touch(tx, &info.id)?;
    let after = score_record(tx, &info.id, item_id)?;
    let before = (!before.is_null()).then(|| audit_record(info, before));
    tx.audit("assessment", &info.id, action, before.as_ref(), Some(&audit_record(info, after)))?;
    Ok(())
}
