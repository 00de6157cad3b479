//! The organisation: the branch itself and its units (中队, 所, 驻巡站 …, seeds/002).
//! Every record belongs to a unit; a new record without one belongs to the branch.

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::dates::now_rfc3339;
use crate::error::{LedgerError, Result};
use crate::model::{OrgUnit, UnitInput, UNIT_KINDS};
use crate::Ledger;

const BRANCH_KEY: &str = "branch_unit_id";
const COLUMNS: &str = "id, parent_id, name, kind, created_at, updated_at, revision";

fn from_row(r: &Row) -> rusqlite::Result<OrgUnit> {
    Ok(OrgUnit {
        id: r.get(0)?,
        parent_id: r.get(1)?,
        name: r.get(2)?,
        kind: r.get(3)?,
        created_at: r.get(4)?,
        updated_at: r.get(5)?,
        revision: r.get(6)?,
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

fn insert(conn: &Connection, parent_id: Option<&str>, name: &str, kind: &str) -> Result<OrgUnit> {
    let now = now_rfc3339();
    let unit = OrgUnit {
        id: uuid::Uuid::new_v4().to_string(),
        parent_id: parent_id.map(str::to_string),
        name: name.to_string(),
        kind: kind.to_string(),
        created_at: now.clone(),
        updated_at: now,
        revision: 1,
    };
    conn.execute(
        "INSERT INTO org_units (id, parent_id, name, kind, created_at, updated_at, revision)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)",
        params![unit.id, unit.parent_id, unit.name, unit.kind, unit.created_at, unit.updated_at],
    )?;
    Ok(unit)
}

impl Ledger {
    /// Create the branch (the root unit). A database holds one branch.
    pub fn init_branch(&mut self, name: &str) -> Result<OrgUnit> {
        let name = validate_name(name).map_err(|_| LedgerError::invalid("本单位名称", "不能为空"))?;
        self.write(|tx| {
            if let Some(id) = branch_id(tx)? {
                let existing = unit(tx, &id)?.map(|u| u.name).unwrap_or_default();
                return Err(LedgerError::Rejected(format!("本数据库已初始化为“{existing}”，不能重复初始化")));
            }
            let branch = insert(tx, None, &name, "分局")?;
            tx.execute("INSERT INTO settings (key, value) VALUES (?1, ?2)", [BRANCH_KEY, &branch.id])?;
            tx.audit("org_unit", &branch.id, "create", None::<&()>, Some(&branch))?;
            Ok(branch)
        })
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
        let name = validate_name(&input.name)?;
        let kind = input.kind.trim();
        if !UNIT_KINDS.contains(&kind) {
            return Err(LedgerError::invalid(
                "单位类型",
                format!("“{kind}”不是可选的类型（{}）", UNIT_KINDS.join("、")),
            ));
        }
        let branch = self.require_branch()?;
        let parent = input.parent_id.clone().unwrap_or(branch.id);
        self.write(|tx| {
            if unit(tx, &parent)?.is_none() {
                return Err(LedgerError::invalid("上级单位", "不存在"));
            }
            let dup: bool =
                tx.query_row("SELECT EXISTS(SELECT 1 FROM org_units WHERE name = ?1 AND deleted = 0)", [&name], |r| {
                    r.get(0)
                })?;
            if dup {
                return Err(LedgerError::invalid("单位名称", format!("“{name}”已存在")));
            }
            let u = insert(tx, Some(&parent), &name, kind)?;
            tx.audit("org_unit", &u.id, "create", None::<&()>, Some(&u))?;
            Ok(u)
        })
    }

    /// Find a unit by exact name (for imports and the command line).
    pub fn unit_by_name(&self, name: &str) -> Result<Option<OrgUnit>> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM org_units WHERE name = ?1 AND deleted = 0"),
                [name.trim()],
                from_row,
            )
            .optional()?)
    }
}
