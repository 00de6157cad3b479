//! The organisation: the branch itself and its units (中队, 所, 驻巡站 …, seeds/002), and the other
//! names units are known by in imported sheets. Every record belongs to a unit; a new record
//! without one belongs to the branch.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{LedgerError, Result};
use crate::model::{OrgUnit, UnitInput, UNIT_KINDS};
use crate::store::dates::now_rfc3339;
use crate::{Ledger, Tx};

const BRANCH_KEY: &str = "branch_unit_id";
const COLUMNS: &str = "id, parent_id, name, kind, created_at, updated_at, revision,
    (SELECT json_group_array(a.alias) FROM unit_aliases a WHERE a.unit_id = org_units.id AND a.deleted = 0)";

fn from_row(r: &Row) -> rusqlite::Result<OrgUnit> {
    let aliases: Option<String> = r.get(7)?;
    Ok(OrgUnit {
        id: r.get(0)?,
        parent_id: r.get(1)?,
        name: r.get(2)?,
        kind: r.get(3)?,
        created_at: r.get(4)?,
        updated_at: r.get(5)?,
        revision: r.get(6)?,
        aliases: aliases.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default(),
    })
}

/// The unit with `id`, if it exists and is not deleted.
pub(crate) fn unit(conn: &Connection, id: &str) -> Result<Option<OrgUnit>> {
    Ok(conn
        .query_row(&format!("SELECT {COLUMNS} FROM org_units WHERE id = ?1 AND deleted = 0"), [id], from_row)
        .optional()?)
}

/// The branch's own unit id, if the database has been initialised.
pub(crate) fn branch_id(conn: &Connection) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM settings WHERE key = ?1", [BRANCH_KEY], |r| r.get(0)).optional()?)
}

/// The kind a unit takes from the ending of its name (…中队, …所, …站), for a unit created during
/// an import; `其他` when the name says nothing. The clerk can change it afterwards.
pub fn kind_from_name(name: &str) -> &'static str {
    let name = name.trim();
    if name.ends_with("中队") {
        "执法中队"
    } else if name.ends_with("大队") {
        "执法大队"
    } else if name.ends_with("所") {
        "生态环境保护所"
    } else if name.ends_with("站") {
        "驻巡站"
    } else if name.ends_with("分局") {
        "分局"
    } else if name.ends_with('科') || name.ends_with('室') {
        "科室"
    } else {
        "其他"
    }
}

fn validate_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(LedgerError::invalid("单位名称", "不能为空"));
    }
    if name.chars().count() > 100 {
        return Err(LedgerError::invalid("单位名称", "不能超过 100 个字"));
    }
    Ok(name.to_string())
}

fn validate_kind(kind: &str) -> Result<&'static str> {
    let kind = kind.trim();
    UNIT_KINDS
        .iter()
        .find(|k| **k == kind)
        .copied()
        .ok_or_else(|| LedgerError::invalid("单位类型", format!("“{kind}”不是可选的类型（{}）", UNIT_KINDS.join("、"))))
}

/// True when `name` is taken by a unit (other than `except`) or an alias.
fn name_taken(conn: &Connection, name: &str, except: Option<&str>) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM org_units WHERE name = ?1 AND deleted = 0 AND id IS NOT ?2)
             OR EXISTS(SELECT 1 FROM unit_aliases WHERE alias = ?1 AND deleted = 0)",
        params![name, except],
        |r| r.get(0),
    )?)
}

fn insert(conn: &Connection, parent_id: Option<&str>, name: &str, kind: &str) -> Result<OrgUnit> {
    let now = now_rfc3339();
    let id = uuid::Uuid::new_v4().to_string();
    conn.execute(
        "INSERT INTO org_units (id, parent_id, name, kind, created_at, updated_at, revision)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, 1)",
        params![id, parent_id, name, kind, now],
    )?;
    unit(conn, &id)?.ok_or_else(|| LedgerError::NotFound { entity: "单位", id })
}

/// Add a unit under `parent_id` (the branch when `None`) in `tx`, and audit it. Used by the
/// organisation page and by imports that meet a unit the organisation lacks.
pub(crate) fn create(tx: &Tx<'_>, input: &UnitInput) -> Result<OrgUnit> {
    let name = validate_name(&input.name)?;
    let kind = validate_kind(&input.kind)?;
    let parent = match &input.parent_id {
        Some(p) => p.clone(),
        None => branch_id(tx)?.ok_or(LedgerError::NotInitialized)?,
    };
    if unit(tx, &parent)?.is_none() {
        return Err(LedgerError::invalid("上级单位", "不存在"));
    }
    if name_taken(tx, &name, None)? {
        return Err(LedgerError::invalid("单位名称", format!("“{name}”已存在")));
    }
    let u = insert(tx, Some(&parent), &name, kind)?;
    tx.audit("org_unit", &u.id, "create", None::<&()>, Some(&u))?;
    Ok(u)
}

/// Record `alias` as another name of `unit_id` in `tx`, and audit it.
pub(crate) fn add_alias(tx: &Tx<'_>, alias: &str, unit_id: &str) -> Result<()> {
    let alias = validate_name(alias)?;
    let Some(target) = unit(tx, unit_id)? else {
        return Err(LedgerError::invalid("对应单位", format!("单位“{unit_id}”不存在")));
    };
    if name_taken(tx, &alias, None)? {
        return Err(LedgerError::invalid("单位名称", format!("“{alias}”已是一个单位的名称或别名")));
    }
    let now = now_rfc3339();
    let id = uuid::Uuid::new_v4().to_string();
    tx.execute(
        "INSERT INTO unit_aliases (id, alias, unit_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![id, alias, unit_id, now],
    )?;
    let record = serde_json::json!({ "alias": alias, "unit_id": unit_id, "name": target.name });
    tx.audit("unit_alias", &id, "create", None::<&()>, Some(&record))?;
    Ok(())
}

/// Every name that finds a unit: its own name, and the aliases it was given.
pub(crate) fn names(conn: &Connection) -> Result<HashMap<String, String>> {
    let mut map = HashMap::new();
    let mut st = conn.prepare("SELECT alias, unit_id FROM unit_aliases WHERE deleted = 0")?;
    for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (alias, id) = r?;
        map.insert(alias, id);
    }
    let mut st = conn.prepare("SELECT name, id FROM org_units WHERE deleted = 0")?;
    for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (name, id) = r?;
        map.insert(name, id);
    }
    Ok(map)
}

impl Ledger {
    /// Create the branch (the root unit). A database holds one branch.
    pub fn init_branch(&mut self, name: &str) -> Result<OrgUnit> {
        self.init_root(name, false)
    }

    /// Make this database a city bureau's (市局): it registers branches and imports their
    /// bundles instead of keeping ledgers of its own. Chosen once, when the database is created.
    pub fn init_city(&mut self, name: &str) -> Result<OrgUnit> {
        self.init_root(name, true)
    }

    fn init_root(&mut self, name: &str, city: bool) -> Result<OrgUnit> {
        let name = validate_name(name).map_err(|_| LedgerError::invalid("本单位名称", "不能为空"))?;
        let root = self.write(|tx| {
            if let Some(id) = branch_id(tx)? {
                let existing = unit(tx, &id)?.map(|u| u.name).unwrap_or_default();
                return Err(LedgerError::Rejected(format!("本数据库已初始化为“{existing}”，不能重复初始化")));
            }
            let root = insert(tx, None, &name, if city { "其他" } else { "分局" })?;
            tx.execute("INSERT INTO settings (key, value) VALUES (?1, ?2)", [BRANCH_KEY, &root.id])?;
            if city {
                crate::bundles::keys::mark_city(tx)?;
            }
            tx.audit("org_unit", &root.id, "create", None::<&()>, Some(&root))?;
            Ok(root)
        })?;
        // The key pair is made once the database knows what it is; its public half is recorded.
        self.ensure_key()?;
        Ok(root)
    }

    /// The branch, or `None` before `init_branch`.
    pub fn branch(&self) -> Result<Option<OrgUnit>> {
        match branch_id(self.conn())? {
            Some(id) => unit(self.conn(), &id),
            None => Ok(None),
        }
    }

    /// The branch, or `E_NOT_INITIALIZED`.
    pub fn require_branch(&self) -> Result<OrgUnit> {
        self.branch()?.ok_or(LedgerError::NotInitialized)
    }

    /// All units, the branch first, then by kind and name.
    pub fn list_units(&self) -> Result<Vec<OrgUnit>> {
        let mut st = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM org_units WHERE deleted = 0
             ORDER BY parent_id IS NOT NULL, kind, name"
        ))?;
        let units = st.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(units)
    }

    /// Add a unit under the branch (or under `parent_id`).
    pub fn add_unit(&mut self, input: &UnitInput) -> Result<OrgUnit> {
        validate_name(&input.name)?;
        validate_kind(&input.kind)?;
        self.require_branch()?;
        self.write(|tx| create(tx, input))
    }

    /// Rename a unit or change its kind or parent; it must still be at `revision`. The branch keeps
    /// its kind and has no parent.
    pub fn update_unit(&mut self, id: &str, revision: i64, input: &UnitInput) -> Result<OrgUnit> {
        let name = validate_name(&input.name)?;
        let kind = validate_kind(&input.kind)?;
        self.write(|tx| {
            let before = unit(tx, id)?.ok_or_else(|| LedgerError::NotFound { entity: "单位", id: id.to_string() })?;
            LedgerError::check_revision("单位", before.revision, revision)?;
            let is_branch = before.parent_id.is_none();
            let (kind, parent) = if is_branch {
                (before.kind.as_str(), None)
            } else {
                let parent = input.parent_id.clone().or_else(|| before.parent_id.clone());
                (kind, parent)
            };
            if let Some(p) = &parent {
                if p == id || unit(tx, p)?.is_none() {
                    return Err(LedgerError::invalid("上级单位", "不存在，或是该单位自己"));
                }
            }
            if name_taken(tx, &name, Some(id))? {
                return Err(LedgerError::invalid("单位名称", format!("“{name}”已存在")));
            }
            if before.name == name && before.kind == kind && before.parent_id == parent {
                return Ok(before);
            }
            tx.execute(
                "UPDATE org_units SET name = ?2, kind = ?3, parent_id = ?4, updated_at = ?5,
                     revision = revision + 1 WHERE id = ?1",
                params![id, name, kind, parent, now_rfc3339()],
            )?;
            let after = unit(tx, id)?.ok_or_else(|| LedgerError::NotFound { entity: "单位", id: id.to_string() })?;
            tx.audit("org_unit", id, "update", Some(&before), Some(&after))?;
            Ok(after)
        })
    }

    /// Forget an alias of a unit: sheets that use the name will ask again.
    pub fn remove_unit_alias(&mut self, alias: &str) -> Result<()> {
        self.write(|tx| {
            let found: Option<(String, String)> = tx
                .query_row(
                    "SELECT id, unit_id FROM unit_aliases WHERE alias = ?1 AND deleted = 0",
                    [alias.trim()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((id, unit_id)) = found else {
                return Err(LedgerError::NotFound { entity: "单位别名", id: alias.to_string() });
            };
            tx.execute(
                "UPDATE unit_aliases SET deleted = 1, updated_at = ?2, revision = revision + 1 WHERE id = ?1",
                params![id, now_rfc3339()],
            )?;
            let record = serde_json::json!({ "alias": alias.trim(), "unit_id": unit_id });
            tx.audit("unit_alias", &id, "delete", Some(&record), None::<&()>)?;
            Ok(())
        })
    }

    /// Find a unit by its name or one of its aliases (for imports and the command line).
    pub fn unit_by_name(&self, name: &str) -> Result<Option<OrgUnit>> {
        match names(self.conn())?.get(name.trim()) {
            Some(id) => unit(self.conn(), id),
            None => Ok(None),
        }
    }
}
