//! The people ranked under a 个人 rubric.

use std::collections::HashMap;

use rusqlite::params;

use super::{check_year, from_row, year_end, SELECT};
use crate::assessment::engine::evaluate;
use crate::assessment::model::{AssessmentInfo, RankLine};
use crate::error::{LedgerError, Result};
use crate::figures::FigureSet;
use crate::people::StaffQuery;
use crate::store::dates;
use crate::Ledger;

impl Ledger {
    /// The branch's people ranked under a 个人 rubric for `year`: everyone on the roll on the
    /// reference date (31 December), by total, highest first; those who cannot be scored (no
    /// valid 行政执法证, or disqualified) last.
    pub fn rank_people(&self, rubric_id: &str, year: i32) -> Result<Vec<RankLine>> {
        check_year(year)?;
        let rubric = self.rubric(rubric_id)?;
        if rubric.subject() != crate::assessment::model::Subject::Person {
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
