//! A draft's entries: scores, counts, percentages, yes/no, overrides with their reasons, and the
//! evidence attached to an item.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;

use super::{audit_record, require_draft, touch, ITEM_ENTITY};
use crate::assessment::engine::{check_input, points, round2};
use crate::assessment::model::{AssessmentInfo, AssessmentResult, ScoreInput};
use crate::assessment::rubric::{HowKind, Rubric};
use crate::error::{LedgerError, Result};
use crate::model::Evidence;
use crate::store::dates::now_rfc3339;
use crate::store::evidence::link_existing;
use crate::{Ledger, Tx};

impl Ledger {
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
