//! Deterministic demo branches: `small` for trying the program (this year's 29 tasks, about 60
//! staff, a year of training), `large` for benchmarks (50,000 tasks, 200,000 progress entries,
//! 5,000 staff, 20,000 certificates, 200,000 attendance rows, 50,000 equipment items with
//! 500,000 events, over 1,000,000 audit rows); both with this year's self-assessment part-way. Same
//! seed, same data.

mod assessment;
mod equipment;
mod people;

pub use equipment::EquipmentCounts;
pub use people::PeopleCounts;

use chrono::Datelike;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Deserialize;

use crate::error::{LedgerError, Result};
use crate::model::UnitInput;
use crate::tasks::template::Template;
use crate::tasks::write as task;
use crate::tasks::{TaskInput, TaskStatus};
use crate::Ledger;

/// The demo organisation (seeds/demo/tengzhou-units.toml).
pub const UNITS: &str = include_str!("../../../../../seeds/demo/tengzhou-units.toml");

/// How much demo data to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Small,
    Large,
}

/// What a demo run made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DemoCounts {
    pub units: usize,
    pub tasks: usize,
    pub progress: usize,
    pub people: PeopleCounts,
    pub equipment: EquipmentCounts,
    /// Items of this year's self-assessment scored by hand.
    pub assessment_items: usize,
    pub audit: usize,
}

#[derive(Deserialize)]
struct UnitsFile {
    branch: String,
    units: Vec<UnitGroup>,
}

#[derive(Deserialize)]
struct UnitGroup {
    kind: String,
    names: Vec<String>,
}

const DEADLINES: &[&str] =
    &["长期坚持", "3月底前", "5月15日前", "6月底前", "7月底前", "9月底前", "11月底前", "12月底前", "年内", "上半年"];
const NOTES: &[&str] = &[
    "已召开专题会议研究部署，明确责任人和时间节点。",
    "已制定工作方案并印发各中队、所执行。",
    "完成阶段性任务，相关佐证材料已归档。",
    "组织开展专项执法检查，发现问题已督促整改。",
    "已向市局报送进展情况。",
    "开展业务培训一次，参训人员全部考试合格。",
];

fn uuid(rng: &mut ChaCha8Rng) -> String {
    uuid::Builder::from_random_bytes(rng.gen()).into_uuid().to_string()
}

impl Ledger {
    /// Fill an empty database with a demo branch.
    pub fn generate_demo(&mut self, scale: Scale, seed: u64) -> Result<DemoCounts> {
        if self.branch()?.is_some() {
            return Err(LedgerError::Rejected("演示数据只能写入新的空数据库（请用 --db 指定一个新文件）".into()));
        }
        let file: UnitsFile = toml::from_str(UNITS).map_err(|e| LedgerError::file("演示单位", e.to_string()))?;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut counts = DemoCounts::default();
        self.init_branch(&file.branch)?;
        let mut units: Vec<(String, String)> = Vec::new();
        for group in &file.units {
            for name in &group.names {
                let u = self.add_unit(&UnitInput { name: name.clone(), kind: group.kind.clone(), parent_id: None })?;
                units.push((u.id, u.kind));
            }
        }
        let unit_ids: Vec<String> = units.iter().map(|(id, _)| id.clone()).collect();
        counts.units = unit_ids.len() + 1;
        let template = Template::builtin();
        match scale {
            Scale::Small => {
                // This year's ledger, so that the deadlines a newcomer sees are live ones.
                let today = crate::store::dates::today();
                self.apply_template(&template, today.year())?;
                let page = self.list_tasks(&Default::default())?;
                for t in page.items {
                    let status = *TaskStatus::ALL.choose(&mut rng).unwrap_or(&TaskStatus::NotStarted);
                    let mut input = t.to_input();
                    input.status = Some(status);
                    input.unit_id = unit_ids.choose(&mut rng).cloned();
                    self.update_task(&t.id, t.revision, &input)?;
                    if status != TaskStatus::NotStarted {
                        let note = NOTES.choose(&mut rng).copied().unwrap_or_default();
                        let month = rng.gen_range(1..=today.month());
                        let day = rng.gen_range(1..=28).min(if month == today.month() { today.day() } else { 28 });
                        self.add_progress(
                            &t.id,
                            &crate::tasks::ProgressInput {
                                entry_date: Some(format!("{}-{month:02}-{day:02}", today.year())),
                                author: Some("内勤".into()),
                                note: note.into(),
                            },
                        )?;
                        counts.progress += 1;
                    }
                    counts.tasks += 1;
                }
                counts.people = self.small_people_demo(&units, &mut rng)?;
                counts.equipment = self.small_equipment_demo(&mut rng)?;
                counts.assessment_items = self.demo_assessment(&mut rng)?;
            }
            Scale::Large => {
                let (t, p, a) = self.bulk_demo(&template, &unit_ids, &mut rng)?;
                counts.tasks = t;
                counts.progress = p;
                counts.audit = a;
                counts.people = self.large_people_demo(&units, &mut rng)?;
                counts.equipment = self.large_equipment_demo(&mut rng)?;
                counts.assessment_items = self.demo_assessment(&mut rng)?;
            }
        }
        counts.audit = self.conn().query_row("SELECT count(*) FROM audit_log", [], |r| r.get::<_, i64>(0))? as usize;
        Ok(counts)
    }

    /// 50,000 tasks over ten years, four progress entries each, and an audit history of
    /// 1,000,000 rows, in one transaction.
    fn bulk_demo(
        &mut self,
        template: &Template,
        units: &[String],
        rng: &mut ChaCha8Rng,
    ) -> Result<(usize, usize, usize)> {
        const TASKS: usize = 50_000;
        const PER_YEAR: usize = 5_000;
        const PROGRESS_PER_TASK: usize = 4;
        const AUDIT_ROWS: usize = 1_000_000;
        let rows = template.inputs(2024);
        self.write(|tx| {
            let mut audit_rows = 0usize;
            let mut progress = 0usize;
            let mut audit = tx.prepare_cached(
                "INSERT INTO audit_log (at, actor, entity, entity_id, action, before_json, after_json)
                 VALUES (?1, '演示数据', ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut prog = tx.prepare_cached(
                "INSERT INTO task_progress (id, task_id, entry_date, author, note, created_at, updated_at)
                 VALUES (?1, ?2, ?3, '内勤', ?4, ?5, ?5)",
            )?;
            let mut ids = Vec::with_capacity(TASKS);
            for i in 0..TASKS {
                let year = 2024 - (i / PER_YEAR) as i32;
                let base = &rows[i % rows.len()];
                let status = TaskStatus::ALL[rng.gen_range(0..3)];
                let input = TaskInput {
                    year,
                    seq: Some((i % PER_YEAR) as i64 + 1),
                    unit_id: units.choose(rng).cloned(),
                    category: base.category.clone(),
                    main_task: base.main_task.clone(),
                    detail: format!("{}（第{}批）", base.detail, i / rows.len() + 1),
                    lead_units: base.lead_units.clone(),
                    responsible_units: base.responsible_units.clone(),
                    deadline_text: DEADLINES.choose(rng).copied().unwrap_or_default().to_string(),
                    status: Some(status),
                };
                let valid = task::validate(&input)?;
                let id = uuid(rng);
                let now = format!("{year}-05-{:02}T08:00:00.000Z", 10 + i % 18);
                task::insert_with_id(tx, &id, &valid, &now)?;
                audit.execute(rusqlite::params![now, "task", id, "create", None::<String>, r#"{"demo":true}"#])?;
                audit_rows += 1;
                for k in 0..PROGRESS_PER_TASK {
                    let pid = uuid(rng);
                    let date = format!("{year}-{:02}-{:02}", 5 + k * 2, 1 + (i + k) % 28);
                    let note = NOTES[(i + k) % NOTES.len()];
                    prog.execute(rusqlite::params![pid, id, date, note, now])?;
                    audit.execute(rusqlite::params![
                        now,
                        "task_progress",
                        pid,
                        "create",
                        None::<String>,
                        r#"{"demo":true}"#
                    ])?;
                    progress += 1;
                    audit_rows += 1;
                }
                ids.push(id);
            }
            let statuses = ["未开始", "进行中", "已完成"];
            while audit_rows < AUDIT_ROWS {
                let id = &ids[rng.gen_range(0..ids.len())];
                let from = statuses[rng.gen_range(0..3)];
                let to = statuses[rng.gen_range(0..3)];
                audit.execute(rusqlite::params![
                    "2024-09-01T08:00:00.000Z",
                    "task",
                    id,
                    "update",
                    format!(r#"{{"status":"{from}"}}"#),
                    format!(r#"{{"status":"{to}"}}"#)
                ])?;
                audit_rows += 1;
            }
            Ok((ids.len(), progress, audit_rows))
        })
    }
}
