//! The steps of the workflow: 草稿 → 已提交 → 已签发, back to 草稿 with a reason, and a 修订版
//! after sign-off.

use rusqlite::params;
use serde_json::json;

use super::{audit_record, check_revision, get, require_draft, summary_only, touch, Frozen, ITEM_ENTITY};
use crate::assessment::model::{AssessmentInfo, AssessmentStatus};
use crate::error::{LedgerError, Result};
use crate::store::dates::now_rfc3339;
use crate::store::evidence::{evidence_under, link_existing};
use crate::{Ledger, Tx};

impl Ledger {
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
}
