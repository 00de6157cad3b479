//! Every ledger's sheet by name: the one entry for imports from the app and `ledgerctl`.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::store::excel::{ImportOptions, ImportReport};
use crate::Ledger;

/// A kind of sheet the program imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum SheetKind {
    /// 重点任务分工台账
    Tasks,
    /// 人员花名册
    Staff,
    /// 执法证件
    Certificates,
    /// 借调情况
    Secondments,
    /// 服装发放
    Uniforms,
    /// 培训记录
    Training,
    /// 执法装备台账
    Equipment,
    /// 装备使用台账
    EquipmentUsage,
    /// 装备维护记录
    EquipmentMaintenance,
}

impl SheetKind {
    /// The sheet's name for the clerk.
    pub fn label(self) -> &'static str {
        match self {
            SheetKind::Tasks => "重点任务分工台账",
            SheetKind::Staff => "人员花名册",
            SheetKind::Certificates => "执法证件",
            SheetKind::Secondments => "借调情况",
            SheetKind::Uniforms => "服装发放",
            SheetKind::Training => "培训记录",
            SheetKind::Equipment => "执法装备台账",
            SheetKind::EquipmentUsage => "装备使用台账",
            SheetKind::EquipmentMaintenance => "装备维护记录",
        }
    }
}

impl Ledger {
    /// Import the sheet at `path` as a `kind` sheet.
    pub fn import_sheet(&mut self, kind: SheetKind, path: &Path, options: &ImportOptions) -> Result<ImportReport> {
        match kind {
            SheetKind::Tasks => self.import_tasks(path, options),
            SheetKind::Staff => self.import_staff(path, options),
            SheetKind::Certificates => self.import_certificates(path, options),
            SheetKind::Secondments => self.import_secondments(path, options),
            SheetKind::Uniforms => self.import_uniform_issues(path, options),
            SheetKind::Training => self.import_training(path, options),
            SheetKind::Equipment => self.import_equipment(path, options),
            SheetKind::EquipmentUsage => self.import_equipment_usage(path, options),
            SheetKind::EquipmentMaintenance => self.import_equipment_maintenance(path, options),
        }
    }

    /// From now on, keep the workbook an import reads, until another is read or
    /// [`Ledger::forget_workbook`]: the checks and imports of its sheets one after another (the
    /// import dialog, `ledgerctl import-xlsx --all-sheets`) then parse it once, not once each —
    /// reading one sheet parses them all, to list the importable ones. A file changed since it
    /// was read (its size or time of change) is read again.
    pub fn keep_workbook(&mut self) {
        self.kept_workbook.get_or_insert_default();
    }

    /// Drop the workbook kept by [`Ledger::keep_workbook`], and keep none from now on.
    pub fn forget_workbook(&mut self) {
        self.kept_workbook = None;
    }
}
