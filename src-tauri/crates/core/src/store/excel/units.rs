//! The add-or-map step of every import: a sheet names units (第一中队, an earlier name of the
//! branch) that the organisation does not have. The dry run lists each such name with its rows;
//! the clerk adds it to the organisation or maps it to an existing unit ([`UnitChoice`]); the
//! import then creates the units and remembers the mappings as aliases, in the same transaction
//! as the rows.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::report::{ImportOptions, ImportReport, UnitChoice, UnknownUnit};
use crate::error::{LedgerError, Result};
use crate::model::UnitInput;
use crate::{org, Ledger, Tx};

/// A unit a row belongs to: one the organisation has, or one this import adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitRef {
    Existing(String),
    New(String),
}

/// The reason given for a row whose unit is unknown.
pub const UNKNOWN_UNIT_REASON: &str = "不在组织机构中：请在导入时把它添加为新单位，或对应到已有单位";

/// Resolves unit names row by row, collecting the names it cannot resolve.
pub struct UnitResolver {
    /// Every name (and alias) the organisation knows → unit id.
    known: HashMap<String, String>,
    /// The clerk's choices by name, for names the organisation lacks.
    choices: HashMap<String, UnitChoice>,
    create_all: bool,
    /// Names resolved through a choice (or `create_all`), in first-seen order, with the rows that
    /// used them.
    used: Vec<(String, Vec<u32>)>,
    /// Names nobody decided about, by name.
    unknown: BTreeMap<String, UnknownUnit>,
}

impl UnitResolver {
    /// A resolver for the organisation of `ledger` and the choices in `options`. A choice that
    /// maps to a unit that does not exist, or creates one of an unknown kind, is refused here,
    /// before anything is read.
    pub fn new(ledger: &Ledger, options: &ImportOptions) -> Result<UnitResolver> {
        let known = org::names(ledger.conn())?;
        let ids: std::collections::HashSet<&String> = known.values().collect();
        let mut choices = HashMap::new();
        for c in &options.units {
            match c {
                UnitChoice::Map { name, unit_id } if !ids.contains(unit_id) => {
                    return Err(LedgerError::invalid("对应单位", format!("“{name}”要对应的单位不存在")));
                }
                UnitChoice::Create { name, kind } if !crate::model::UNIT_KINDS.contains(&kind.as_str()) => {
                    return Err(LedgerError::invalid("单位类型", format!("“{name}”的类型“{kind}”不是可选的类型")));
                }
                _ => {}
            }
            let name = match c {
                UnitChoice::Map { name, .. } | UnitChoice::Create { name, .. } => name.trim().to_string(),
            };
            choices.insert(name, c.clone());
        }
        Ok(UnitResolver {
            known,
            choices,
            create_all: options.create_units,
            used: Vec::new(),
            unknown: BTreeMap::new(),
        })
    }

    /// The unit `name` stands for, or `None` (and the name is recorded as unknown, against
    /// `column` and `row`).
    pub fn resolve(&mut self, name: &str, column: &str, row: u32) -> Option<UnitRef> {
        let name = name.trim();
        if let Some(id) = self.known.get(name) {
            return Some(UnitRef::Existing(id.clone()));
        }
        let decided = match self.choices.get(name) {
            Some(UnitChoice::Map { unit_id, .. }) => Some(UnitRef::Existing(unit_id.clone())),
            Some(UnitChoice::Create { .. }) => Some(UnitRef::New(name.to_string())),
            None if self.create_all => Some(UnitRef::New(name.to_string())),
            None => None,
        };
        match decided {
            Some(r) => {
                match self.used.iter_mut().find(|(u, _)| u == name) {
                    Some((_, rows)) => rows.push(row),
                    None => self.used.push((name.to_string(), vec![row])),
                }
                Some(r)
            }
            None => {
                let entry = self.unknown.entry(name.to_string()).or_insert_with(|| UnknownUnit {
                    name: name.to_string(),
                    column: column.to_string(),
                    rows: 0,
                    first_row: row,
                    suggested_kind: org::kind_from_name(name).to_string(),
                });
                entry.rows += 1;
                None
            }
        }
    }

    /// The names no choice covered, in the order the sheet first names them.
    pub fn unknown(&self) -> Vec<UnknownUnit> {
        let mut v: Vec<UnknownUnit> = self.unknown.values().cloned().collect();
        v.sort_by_key(|u| u.first_row);
        v
    }

    /// Write what was decided for the names that rows about to be written (`valid_rows`) use, in
    /// `tx`: the new units, and the mapped names as aliases. A name only rejected rows used is left
    /// alone. Fills the report's `created_units` and `mapped_units`.
    pub fn apply(&self, tx: &Tx<'_>, report: &mut ImportReport, valid_rows: &HashSet<u32>) -> Result<ResolvedUnits> {
        let mut created = HashMap::new();
        report.created_units.clear();
        report.mapped_units.clear();
        for (name, rows) in &self.used {
            let Some(first) = rows.iter().find(|r| valid_rows.contains(r)) else {
                continue;
            };
            // A name that cannot be a unit's (too long, say) is refused naming its first row.
            let at_row = |e: LedgerError| match e.is_user_error() {
                true => LedgerError::Rejected(format!("第 {first} 行：{e}")),
                false => e,
            };
            match self.choices.get(name) {
                Some(UnitChoice::Map { unit_id, .. }) => {
                    org::add_alias(tx, name, unit_id).map_err(at_row)?;
                    let target = org::unit(tx, unit_id)?.map(|u| u.name).unwrap_or_default();
                    report.mapped_units.push(format!("{name} → {target}"));
                }
                choice => {
                    let kind = match choice {
                        Some(UnitChoice::Create { kind, .. }) => kind.clone(),
                        _ => org::kind_from_name(name).to_string(),
                    };
                    let u =
                        org::create(tx, &UnitInput { name: name.clone(), kind, parent_id: None }).map_err(at_row)?;
                    report.created_units.push(format!("{}（{}）", u.name, u.kind));
                    created.insert(name.clone(), u.id);
                }
            }
        }
        Ok(ResolvedUnits { created })
    }
}

/// The ids of the units an import created, by name.
pub struct ResolvedUnits {
    created: HashMap<String, String>,
}

impl ResolvedUnits {
    /// The id of the unit `r` stands for.
    pub fn id(&self, r: &UnitRef) -> Result<String> {
        match r {
            UnitRef::Existing(id) => Ok(id.clone()),
            UnitRef::New(name) => self
                .created
                .get(name)
                .cloned()
                .ok_or_else(|| LedgerError::Rejected(format!("单位“{name}”未能添加到组织机构"))),
        }
    }
}
