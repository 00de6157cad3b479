//! The standard equipment list (标准装备): seeded from seeds/reference/equipment-standard-2020.toml,
//! edited by the clerk, replaced by a newer edition without losing the items linked to it.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Deserialize;

use super::model::{EditionReport, StandardGroup, StandardItem, StandardItemInput, StandardLevel, StandardList};
use crate::error::{LedgerError, Result};
use crate::store::dates::now_rfc3339;
use crate::store::files::read_text;
use crate::store::settings;
use crate::{Ledger, Tx};

/// The shipped edition.
pub const STANDARD_2020: &str = include_str!("../../../../../seeds/reference/equipment-standard-2020.toml");

const SEEDED_KEY: &str = "seeded:equipment_standard";
const EDITION_KEY: &str = "standard_edition";
const TITLE_KEY: &str = "standard_title";
const SOURCE_KEY: &str = "standard_source";

/// A standard list file, as `seeds/reference/equipment-standard-2020.toml` is written.
#[derive(Debug, Clone, Deserialize)]
pub struct StandardFile {
    pub edition: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub groups: Vec<GroupLine>,
    pub items: Vec<ItemLine>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GroupLine {
    pub group: String,
    pub name: String,
    pub points: f64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ItemLine {
    pub name: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub level: Option<String>,
    #[serde(default)]
    pub required: Option<i64>,
    #[serde(default)]
    pub note: String,
}

impl StandardFile {
    /// Read and check a standard list; `origin` names it in errors (the file, item and problem).
    pub fn parse(text: &str, origin: &str) -> Result<StandardFile> {
        let f: StandardFile =
            toml::from_str(text).map_err(|e| LedgerError::file(origin, format!("标准装备清单格式错误：{e}")))?;
        let bad = |what: String| LedgerError::file(origin, what);
        if f.edition.trim().is_empty() {
            return Err(bad("缺少版本（edition）".into()));
        }
        if f.items.is_empty() {
            return Err(bad("清单中没有装备".into()));
        }
        let mut groups: HashSet<&str> = HashSet::new();
        for g in &f.groups {
            if !groups.insert(g.group.as_str()) {
                return Err(bad(format!("分组“{}”在 [[groups]] 中重复", g.group)));
            }
            if !g.points.is_finite() || g.points < 0.0 {
                return Err(bad(format!("分组“{}”的分值（{}）应为不小于 0 的数", g.group, g.points)));
            }
        }
        let mut names = HashSet::new();
        for (i, it) in f.items.iter().enumerate() {
            let at = |what: &str| bad(format!("第 {} 项“{}”：{what}", i + 1, it.name));
            if it.name.trim().is_empty() {
                return Err(bad(format!("第 {} 项：名称不能为空", i + 1)));
            }
            if !names.insert(it.name.trim()) {
                return Err(at("名称重复"));
            }
            if let Some(g) = it.group.as_deref().filter(|g| !g.is_empty()) {
                if !groups.contains(g) {
                    return Err(at(&format!("分组“{g}”未在 [[groups]] 中列出")));
                }
            }
            if let Some(l) = it.level.as_deref() {
                if StandardLevel::parse(l).is_none() {
                    return Err(at(&format!("配备类型“{l}”应为 标配 或 选配")));
                }
            }
            if it.required.is_some_and(|r| !(1..=100_000).contains(&r)) {
                return Err(at("应配数量应为正整数"));
            }
        }
        Ok(f)
    }
}

/// Load `file` over the list in `conn`: groups replaced; items matched by name keep their id
/// (so equipment linked to them keeps its link) and take the new fields — but a required quantity
/// the clerk entered stays when the file gives none; new ones added; the ones the file lacks
/// retired, except the ones the clerk added. Not audited here: the callers audit.
pub(crate) fn load(conn: &Connection, file: &StandardFile) -> Result<EditionReport> {
    let now = now_rfc3339();
    conn.execute("DELETE FROM standard_groups", [])?;
    for g in &file.groups {
        conn.execute(
            "INSERT INTO standard_groups (code, name, points) VALUES (?1, ?2, ?3)",
            params![g.group, g.name, g.points],
        )?;
    }
    let existing: HashMap<String, String> = {
        let mut st = conn.prepare("SELECT name, id FROM standard_items WHERE deleted = 0")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        rows
    };
    let custom: HashSet<String> = {
        let mut st = conn.prepare("SELECT id FROM standard_items WHERE deleted = 0 AND custom = 1")?;
        let rows = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        rows
    };
    let mut report = EditionReport { edition: file.edition.clone(), ..EditionReport::default() };
    let mut listed = HashSet::new();
    for it in &file.items {
        let name = it.name.trim();
        listed.insert(name.to_string());
        let level = it.level.as_deref().and_then(StandardLevel::parse).unwrap_or(StandardLevel::Required);
        let group = it.group.as_deref().filter(|g| !g.is_empty());
        match existing.get(name) {
            Some(id) => {
                conn.execute(
                    "UPDATE standard_items SET category = ?2, group_code = ?3, level = ?4,
                         required = COALESCE(?5, required), note = ?6, edition = ?7, retired = 0, custom = 0,
                         updated_at = ?8, revision = revision + 1 WHERE id = ?1",
                    params![id, it.category, group, level.label(), it.required, it.note, file.edition, now],
                )?;
                report.kept.push(name.to_string());
            }
            None => {
                conn.execute(
                    "INSERT INTO standard_items (id, name, category, group_code, level, required, note, edition,
                         created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                    params![
                        uuid::Uuid::new_v4().to_string(),
                        name,
                        it.category,
                        group,
                        level.label(),
                        it.required,
                        it.note,
                        file.edition,
                        now
                    ],
                )?;
                report.added.push(name.to_string());
            }
        }
    }
    for (name, id) in &existing {
        if !listed.contains(name) && !custom.contains(id) {
            conn.execute(
                "UPDATE standard_items SET retired = 1, updated_at = ?2, revision = revision + 1
                 WHERE id = ?1 AND retired = 0",
                params![id, now],
            )?;
            report.retired.push(name.clone());
        }
    }
    report.retired.sort();
    report.items_on_retired = conn.query_row(
        "SELECT count(*) FROM equipment_items e JOIN standard_items s ON s.id = e.standard_item_id
         WHERE e.deleted = 0 AND s.retired = 1",
        [],
        |r| r.get(0),
    )?;
    settings::put(conn, EDITION_KEY, &file.edition)?;
    settings::put(conn, TITLE_KEY, &file.title)?;
    settings::put(conn, SOURCE_KEY, &file.source)?;
    Ok(report)
}

/// Fill the standard list from the shipped edition, once per database. Reference data: not audited.
pub(crate) fn seed(conn: &Connection) -> Result<()> {
    let seeded: bool =
        conn.query_row("SELECT EXISTS(SELECT 1 FROM settings WHERE key = ?1)", [SEEDED_KEY], |r| r.get(0))?;
    if seeded {
        return Ok(());
    }
    let file = StandardFile::parse(STANDARD_2020, "内置标准装备清单").expect("the shipped standard list is valid");
    load(conn, &file)?;
    settings::put(conn, SEEDED_KEY, &now_rfc3339())?;
    Ok(())
}

const SELECT: &str = "SELECT s.id, s.name, s.category, s.group_code, s.level, s.required, s.note, s.edition,
    s.retired, (SELECT count(*) FROM equipment_items e WHERE e.standard_item_id = s.id AND e.deleted = 0),
    s.revision
  FROM standard_items s";

fn from_row(r: &Row) -> rusqlite::Result<StandardItem> {
    Ok(StandardItem {
        id: r.get(0)?,
        name: r.get(1)?,
        category: r.get(2)?,
        group: r.get(3)?,
        level: r.get(4)?,
        required: r.get(5)?,
        note: r.get(6)?,
        edition: r.get(7)?,
        retired: r.get(8)?,
        item_count: r.get(9)?,
        revision: r.get(10)?,
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<StandardItem> {
    conn.prepare_cached(&format!("{SELECT} WHERE s.id = ?1 AND s.deleted = 0"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| LedgerError::NotFound { entity: "标准装备", id: id.to_string() })
}

/// Every live standard item: by group (①–⑥, then the rest), the retired ones last.
pub(crate) fn items(conn: &Connection) -> Result<Vec<StandardItem>> {
    let sql = format!("{SELECT} WHERE s.deleted = 0 ORDER BY s.retired, s.group_code IS NULL, s.group_code, s.pk");
    let rows = conn.prepare_cached(&sql)?.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub(crate) fn groups(conn: &Connection) -> Result<Vec<StandardGroup>> {
    let mut st = conn.prepare_cached("SELECT code, name, points FROM standard_groups ORDER BY code")?;
    let rows = st
        .query_map([], |r| Ok(StandardGroup { group: r.get(0)?, name: r.get(1)?, points: r.get(2)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The standard item named `name` (live, retired or not).
pub(crate) fn by_name(conn: &Connection, name: &str) -> Result<Option<StandardItem>> {
    let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE s.name = ?1 AND s.deleted = 0"))?
        .query_row([name], from_row)
        .optional()?)
}

fn validate(conn: &Connection, input: &StandardItemInput) -> Result<(String, StandardLevel, Option<String>)> {
    let name: String = input.name.chars().filter(|c| !c.is_whitespace()).collect();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(LedgerError::invalid("装备名称", "不能为空，且不超过 50 个字"));
    }
    let group = input.group.clone().filter(|g| !g.trim().is_empty());
    if let Some(g) = &group {
        if !groups(conn)?.iter().any(|x| &x.group == g) {
            return Err(LedgerError::invalid("分组", format!("“{g}”不是评分细则中的分组（①—⑥）")));
        }
    }
    if input.required.is_some_and(|r| !(1..=100_000).contains(&r)) {
        return Err(LedgerError::invalid("应配数量", "应为正整数，或留空（按 1 计）"));
    }
    Ok((name, input.level.unwrap_or(StandardLevel::Required), group))
}

fn audit_write(tx: &Tx<'_>, id: &str, action: &str, before: Option<&StandardItem>) -> Result<StandardItem> {
    let after = get(tx, id)?;
    tx.audit("standard_item", id, action, before, Some(&after))?;
    Ok(after)
}

impl Ledger {
    /// The standard list: its edition, groups and items.
    pub fn standard_list(&self) -> Result<StandardList> {
        Ok(StandardList {
            edition: settings::get(self.conn(), EDITION_KEY)?.unwrap_or_default(),
            title: settings::get(self.conn(), TITLE_KEY)?.unwrap_or_default(),
            source: settings::get(self.conn(), SOURCE_KEY)?.unwrap_or_default(),
            groups: groups(self.conn())?,
            items: items(self.conn())?,
        })
    }

    /// Add an item to the standard list (a 选配 item the branch keeps, or one the official
    /// table has that the shipped list lacks).
    pub fn create_standard_item(&mut self, input: &StandardItemInput) -> Result<StandardItem> {
        self.write(|tx| {
            let (name, level, group) = validate(tx, input)?;
            if by_name(tx, &name)?.is_some() {
                return Err(LedgerError::invalid("装备名称", format!("“{name}”已在标准装备清单中")));
            }
            let id = uuid::Uuid::new_v4().to_string();
            let now = now_rfc3339();
            tx.execute(
                "INSERT INTO standard_items (id, name, category, group_code, level, required, note, edition,
                     custom, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?9)",
                params![
                    id,
                    name,
                    input.category.trim(),
                    group,
                    level.label(),
                    input.required,
                    input.note.trim(),
                    settings::get(tx, EDITION_KEY)?.unwrap_or_default(),
                    now
                ],
            )?;
            audit_write(tx, &id, "create", None)
        })
    }

    /// Edit a standard item (its required quantity, once the branch has the official figure).
    pub fn update_standard_item(&mut self, id: &str, revision: i64, input: &StandardItemInput) -> Result<StandardItem> {
        self.write(|tx| {
            let before = get(tx, id)?;
            LedgerError::check_revision("标准装备", before.revision, revision)?;
            let (name, level, group) = validate(tx, input)?;
            if name != before.name && by_name(tx, &name)?.is_some() {
                return Err(LedgerError::invalid("装备名称", format!("“{name}”已在标准装备清单中")));
            }
            tx.execute(
                "UPDATE standard_items SET name = ?2, category = ?3, group_code = ?4, level = ?5, required = ?6,
                     note = ?7, updated_at = ?8, revision = revision + 1 WHERE id = ?1",
                params![
                    id,
                    name,
                    input.category.trim(),
                    group,
                    level.label(),
                    input.required,
                    input.note.trim(),
                    now_rfc3339()
                ],
            )?;
            audit_write(tx, id, "update", Some(&before))
        })
    }

    /// Remove a standard item no inventory item is linked to.
    pub fn delete_standard_item(&mut self, id: &str, revision: i64) -> Result<()> {
        self.write(|tx| {
            let before = get(tx, id)?;
            LedgerError::check_revision("标准装备", before.revision, revision)?;
            if before.item_count > 0 {
                return Err(LedgerError::Rejected(format!(
                    "已有 {} 件装备计为“{}”，不能删除（可改为选配，或在新版清单中停用）",
                    before.item_count, before.name
                )));
            }
            tx.execute(
                "UPDATE standard_items SET deleted = 1, updated_at = ?2, revision = revision + 1 WHERE id = ?1",
                params![id, now_rfc3339()],
            )?;
            tx.execute(
                "UPDATE equipment_schedules SET deleted = 1, updated_at = ?2, revision = revision + 1
                 WHERE standard_item_id = ?1 AND deleted = 0",
                params![id, now_rfc3339()],
            )?;
            tx.audit("standard_item", id, "delete", Some(&before), None::<&()>)?;
            Ok(())
        })
    }

    /// Load a newer edition of the standard list from a file (see [`Ledger::load_standard_edition`]).
    pub fn load_standard_edition_file(&mut self, path: &std::path::Path, dry_run: bool) -> Result<EditionReport> {
        let text = read_text(path)?;
        self.load_standard_edition(&text, &path.display().to_string(), dry_run)
    }

    /// Load a newer edition of the standard list (its text; `origin` names it in errors). With
    /// `dry_run`, say what would change and change nothing.
    pub fn load_standard_edition(&mut self, text: &str, origin: &str, dry_run: bool) -> Result<EditionReport> {
        let file = StandardFile::parse(text, origin)?;
        let apply = |tx: &Tx<'_>| -> Result<EditionReport> {
            let report = load(tx, &file)?;
            tx.audit("standard_list", &file.edition, "import", None::<&()>, Some(&report))?;
            Ok(report)
        };
        if dry_run {
            self.rehearse(apply)
        } else {
            self.backup(crate::backup::BackupReason::Import)?;
            self.write(apply)
        }
    }
}
