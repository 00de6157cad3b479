//! The one import procedure every ledger's sheet goes through: read the sheet by header, choose
//! the year, plan every row (a row is valid or it is a [`RowError`]), then — as the mode says —
//! reject the file, or write the valid rows in one transaction (after the unit step), or rehearse
//! that transaction and roll it back (a dry run), and audit the import.
//!
//! A ledger supplies its columns, a `plan` (one sheet row → its plan, no writes) and an `apply`
//! (one plan → written in the transaction). Everything else is here, once.

use std::path::Path;

use super::report::{ImportMode, ImportOptions, ImportReport, RowError};
use super::sheet::{self, Column, SheetData, SheetRow};
use super::units::{ResolvedUnits, UnitResolver};
use super::year;
use crate::error::{LedgerError, Result};
use crate::{Ledger, Tx};

/// What writing one planned row did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Inserted,
    Updated,
    Unchanged,
}

/// What a row's plan can see and use: the sheet, the year for rows without one, and the unit
/// step (resolve every unit name through it).
pub struct PlanContext<'a> {
    pub sheet: &'a SheetData,
    /// The year for rows without a 年度 cell (0 for ledgers without years).
    pub year: i32,
    pub units: &'a mut UnitResolver,
}

impl PlanContext<'_> {
    /// A [`RowError`] at `row`, in the column `col`, with the cell's value.
    pub fn error(&self, row: &SheetRow, col: &Column, reason: impl Into<String>) -> RowError {
        RowError { row: row.number, column: self.sheet.header_of(col), value: row.text(col.key), reason: reason.into() }
    }

    /// True when the sheet has the column (a column it lacks keeps an updated record's value).
    pub fn has(&self, col: &Column) -> bool {
        self.sheet.headers.contains_key(col.key)
    }

    /// True when the sheet gives `row` a value for the column: the header has it, or a group
    /// heading above the row or the sheet's name fills it in ([`Column::section`],
    /// [`Column::sheet_name`]).
    pub fn given(&self, row: &SheetRow, col: &Column) -> bool {
        self.has(col) || row.filled.contains(&col.key)
    }
}

/// A ledger's sheet: what the import needs to know about it.
pub struct SheetSpec<'c> {
    /// How the audit trail names the ledger (`tasks`, `staff` …; see `store::audit::ledger_label`).
    pub ledger: &'static str,
    pub columns: &'c [Column],
    /// Whether rows have a year (the key-task ledger); the report's year is 0 otherwise.
    pub yearly: bool,
}

/// Import the sheet at `path` as `spec` describes, planning each row with `plan` and writing each
/// plan with `apply`. See [`ImportMode`] for what is written when some rows are bad; in
/// `AllOrNothing` a file with errors is rejected whole with `E_IMPORT_REJECTED`, nothing written.
pub fn run<P>(
    ledger: &mut Ledger,
    path: &Path,
    spec: &SheetSpec<'_>,
    options: &ImportOptions,
    mut plan: impl FnMut(&Ledger, &mut PlanContext<'_>, &SheetRow) -> std::result::Result<P, RowError>,
    apply: impl Fn(&Tx<'_>, &P, &ResolvedUnits) -> Result<Outcome>,
) -> Result<ImportReport> {
    ledger.require_branch()?;
    let sheet = sheet::read_keeping(ledger.kept_workbook.as_mut(), path, spec.columns, options.sheet.as_deref())?;
    let mut units = UnitResolver::new(ledger, options)?;
    let mut report = ImportReport {
        file: path.display().to_string(),
        sheet: sheet.sheet.clone(),
        header_row: sheet.header_row,
        total_rows: sheet.rows.len() as u32,
        ignored_columns: sheet.ignored.clone(),
        set_aside: sheet.set_aside.clone(),
        sheets: sheet.importable.clone(),
        sheet_name_note: spec
            .columns
            .iter()
            .find(|c| Some(c.key) == sheet.named_by_sheet)
            .map(|c| format!("表中没有“{}”列，按工作表名称填为“{}”", c.header, sheet.sheet.trim()))
            .unwrap_or_default(),
        ..ImportReport::default()
    };
    if spec.yearly {
        let chosen = year::choose(&sheet, options);
        report.year = chosen.year;
        report.year_source = chosen.source;
        report.year_note = chosen.note;
        if let Some(col) = spec.columns.iter().find(|c| c.key == "year").filter(|c| sheet.headers.contains_key(c.key)) {
            report.year_note = format!("按各行“{}”列；该列为空的行：{}", sheet.header_of(col), report.year_note);
        }
    }
    if report.total_rows == 0 {
        return Err(LedgerError::file(path, "表头下没有数据行"));
    }
    let mut plans: Vec<(u32, P)> = Vec::new();
    {
        let mut ctx = PlanContext { sheet: &sheet, year: report.year, units: &mut units };
        for row in &sheet.rows {
            match plan(ledger, &mut ctx, row) {
                Ok(p) => plans.push((row.number, p)),
                Err(e) => report.errors.push(e),
            }
        }
    }
    report.unknown_units = units.unknown();
    report.valid_rows = plans.len() as u32;
    report.rejected_rows = report.total_rows - report.valid_rows;
    match options.mode {
        ImportMode::AllOrNothing if !report.errors.is_empty() => {
            return Err(LedgerError::ImportRejected(Box::new(report)))
        }
        _ if plans.is_empty() => return Ok(report),
        _ => {}
    }
    let write = |tx: &Tx<'_>| -> Result<ImportReport> {
        let mut report = report.clone();
        let valid: std::collections::HashSet<u32> = plans.iter().map(|(n, _)| *n).collect();
        let resolved = units.apply(tx, &mut report, &valid)?;
        for (number, p) in &plans {
            let outcome = apply(tx, p, &resolved).map_err(|e| LedgerError::Rejected(format!("第 {number} 行：{e}")))?;
            match outcome {
                Outcome::Inserted => report.inserted += 1,
                Outcome::Updated => report.updated += 1,
                Outcome::Unchanged => report.unchanged += 1,
            }
        }
        let mut summary = serde_json::json!({
            "file": report.file, "sheet": report.sheet, "inserted": report.inserted, "updated": report.updated,
            "unchanged": report.unchanged, "rejected": report.rejected_rows,
            "created_units": report.created_units, "mapped_units": report.mapped_units,
            "sheets": report.sheets.len(),
        });
        if spec.yearly {
            summary["year"] = serde_json::json!(report.year);
        }
        tx.audit("import", spec.ledger, "import", None::<&()>, Some(&summary))?;
        Ok(report)
    };
    // A dry run does the whole import in a transaction it then rolls back, so its counts are
    // exactly what the real import will do.
    let mut report = if options.mode == ImportMode::DryRun {
        ledger.rehearse(write)?
    } else {
        if !ledger.batch_backed_up {
            ledger.backup(crate::backup::BackupReason::Import)?;
        }
        ledger.write(write)?
    };
    report.committed = options.mode != ImportMode::DryRun;
    Ok(report)
}
