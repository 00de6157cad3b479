//! The demo branch's self-assessment for the year of its key tasks: the Fujian county standard with most of the
//! items scored by hand (a note each, the odd one marked down), the efficiency percentage, one
//! bonus — a draft part-way through, as a clerk in the summer would have it.

use chrono::Datelike;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::assessment::rubric::HowKind;
use crate::assessment::ScoreInput;
use crate::error::Result;
use crate::Ledger;

const NOTES: &[&str] = &[
    "已查阅会议记录和制度文件，符合要求。",
    "相关制度已印发执行，台账齐全。",
    "现场检查符合要求。",
    "部分佐证材料待补充。",
    "系统数据与台账一致。",
];

impl Ledger {
    /// Score four in five of the items entered by hand; the number of items scored.
    pub(super) fn demo_assessment(&mut self, rng: &mut ChaCha8Rng) -> Result<usize> {
        let rubric_id = crate::assessment::rubric::BUILTIN[0].0;
        // The year the demo's key tasks are in (the large branch's newest), else this year.
        let year = self.task_years()?.into_iter().max().unwrap_or_else(|| crate::store::dates::today().year());
        let rubric = self.rubric(rubric_id)?;
        let id = self.open_assessment(rubric_id, year, None)?.id;
        let mut entries: Vec<(String, ScoreInput)> = Vec::new();
        for it in rubric.items.iter().filter(|i| i.how == HowKind::Manual) {
            if rng.gen_range(0..5) == 0 {
                continue;
            }
            let marked_down = rng.gen_range(0..6) == 0 && it.points >= 1.0;
            let score = if marked_down { it.points - 0.5 } else { it.points };
            let note = NOTES[rng.gen_range(0..NOTES.len())].to_string();
            entries.push((it.id.clone(), ScoreInput { score: Some(score), note, ..ScoreInput::default() }));
        }
        let efficiency =
            ScoreInput { percent: Some(88.0), note: "市局效能评估通报".into(), ..ScoreInput::default() };
        entries.push(("13.1.1".into(), efficiency));
        entries.push((
            "加2".into(),
            ScoreInput { flag: Some(true), note: "执法经验被省厅转发".into(), ..ScoreInput::default() },
        ));
        let n = entries.len();
        self.score_items(&id, &entries)?;
        Ok(n)
    }
}
