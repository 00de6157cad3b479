//! Year templates: a task list a city bureau issues (seeds/templates/*.toml), from which a
//! branch starts a year's ledger. Deadline phrases are read against the year applied to.

use std::path::Path;

use serde::Deserialize;

use crate::error::{LedgerError, Result};
use crate::store::files::read_text;
use crate::tasks::write as task;
use crate::tasks::TaskInput;
use crate::Ledger;

/// The template the program ships: Zaozhuang's 2024 29-task ledger (seeds/000).
pub const BUILTIN: &str = include_str!("../../../../../seeds/templates/zaozhuang-2024.toml");

/// A task template file.
#[derive(Debug, Clone, Deserialize)]
pub struct Template {
    pub title: String,
    #[serde(default)]
    pub source: String,
    pub year: i32,
    pub tasks: Vec<TemplateTask>,
}

/// One row of a template.
#[derive(Debug, Clone, Deserialize)]
pub struct TemplateTask {
    pub seq: i64,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub main_task: String,
    pub detail: String,
    #[serde(default)]
    pub lead_units: Vec<String>,
    #[serde(default)]
    pub responsible_units: Vec<String>,
    #[serde(default)]
    pub deadline: String,
}

impl Template {
    /// Parse template text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Template> {
        let t: Template = toml::from_str(text).map_err(|e| LedgerError::file(origin, format!("模板格式错误：{e}")))?;
        if t.tasks.is_empty() {
            return Err(LedgerError::file(origin, "模板中没有任务"));
        }
        Ok(t)
    }

    /// The shipped template.
    pub fn builtin() -> Template {
        Template::parse(BUILTIN, "内置模板").expect("the shipped template is valid")
    }

    /// Read a template file.
    pub fn load(path: &Path) -> Result<Template> {
        let text = read_text(path)?;
        Template::parse(&text, &path.display().to_string())
    }

    /// The template's rows as task inputs for `year`.
    pub fn inputs(&self, year: i32) -> Vec<TaskInput> {
        self.tasks
            .iter()
            .map(|t| TaskInput {
                year,
                seq: Some(t.seq),
                unit_id: None,
                category: t.category.clone(),
                main_task: t.main_task.clone(),
                detail: t.detail.clone(),
                lead_units: t.lead_units.clone(),
                responsible_units: t.responsible_units.clone(),
                deadline_text: t.deadline.clone(),
                status: None,
            })
            .collect()
    }
}

impl Ledger {
    /// Start `year`'s ledger from `template`. Refused if the year already has tasks, so a
    /// second click never doubles the ledger. Returns the number of tasks created.
    pub fn apply_template(&mut self, template: &Template, year: i32) -> Result<usize> {
        let valid = template
            .inputs(year)
            .iter()
            .enumerate()
            .map(|(i, input)| {
                task::validate(input).map_err(|e| LedgerError::Rejected(format!("模板第 {} 项：{e}", i + 1)))
            })
            .collect::<Result<Vec<_>>>()?;
        self.require_branch()?;
        self.write(|tx| {
            let existing = tasks_in_year(tx, year)?;
            if existing > 0 {
                return Err(LedgerError::Rejected(format!(
                    "{year}年度台账已有 {existing} 项任务，不能重复套用模板（可先导出备份，再逐项调整）"
                )));
            }
            for v in &valid {
                task::insert(tx, v)?;
            }
            Ok(valid.len())
        })
    }
}

/// How many tasks `year` has.
pub(crate) fn tasks_in_year(conn: &rusqlite::Connection, year: i32) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM tasks WHERE year = ?1 AND deleted = 0", [year], |r| r.get(0))?)
}

/// Start the template's own year from it, in the caller's transaction (a city bureau's template
/// bundle): `None` when that year already has tasks (nothing is added), else the number created.
pub(crate) fn apply_in(tx: &crate::Tx<'_>, template: &Template) -> Result<Option<usize>> {
    if tasks_in_year(tx, template.year)? > 0 {
        return Ok(None);
    }
    let valid = template
        .inputs(template.year)
        .iter()
        .enumerate()
        .map(|(i, input)| task::validate(input).map_err(|e| LedgerError::Rejected(format!("模板第 {} 项：{e}", i + 1))))
        .collect::<Result<Vec<_>>>()?;
    for v in &valid {
        task::insert(tx, v)?;
    }
    tx.audit("task_template", &template.title, "apply", None::<&()>, Some(&(template.year, valid.len())))?;
    Ok(Some(valid.len()))
}
