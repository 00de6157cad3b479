//! Reading and writing the cells of a sheet, the same for every ledger: columns, dates as clerks
//! write them, yes/no, numbers with a unit word, choices from a list, units through the
//! add-or-map step; the row errors for a core validation error and for a row planned twice; the
//! values an export writes.

use std::collections::HashMap;
use std::path::Path;

use super::import::{Outcome, PlanContext};
use super::report::{ExportReport, RowError};
use super::sheet::{Cell, Column, SheetRow};
use super::units::{UnitRef, UNKNOWN_UNIT_REASON};
use super::writer::{self, ExportColumn, Value};
use crate::error::LedgerError;
use crate::store::{dates, text};
use crate::Ledger;

/// What a row's plan returns: the plan, or the cell at fault.
pub(crate) type RowResult<T> = std::result::Result<T, RowError>;

/// An optional column.
pub(crate) const fn col(key: &'static str, header: &'static str, aliases: &'static [&'static str]) -> Column {
    Column { key, header, aliases, required: false, fill_down: false, section: false, sheet_name: false, rank: None }
}

/// A required column.
pub(crate) const fn req(key: &'static str, header: &'static str, aliases: &'static [&'static str]) -> Column {
    Column { key, header, aliases, required: true, fill_down: false, section: false, sheet_name: false, rank: None }
}

/// The column `key` of `columns`.
pub(crate) fn column(columns: &'static [Column], key: &str) -> &'static Column {
    columns.iter().find(|c| c.key == key).expect("known column")
}

pub(crate) const DATE_REASON: &str = "不是有效日期，应写作 2024-03-01、2024/3/1、2024.3.1 或 2024年3月1日";

/// What clerks write in a cell that has nothing to say: `/`, `—`, `无`.
pub(crate) fn says_none(cell: &Cell) -> bool {
    matches!(cell.text().as_str(), "/" | "／" | "-" | "—" | "——" | "无")
}

/// A date column: blank (or `/`, `—`, `无`) is `None`; anything else must be a date
/// (`YYYY-MM-DD` returned).
pub(crate) fn date_cell(ctx: &PlanContext<'_>, row: &SheetRow, col: &Column) -> RowResult<Option<String>> {
    let cell = row.get(col.key);
    if cell.is_empty() || says_none(cell) {
        return Ok(None);
    }
    cell.date().map(|d| Some(dates::iso(d))).ok_or_else(|| ctx.error(row, col, DATE_REASON))
}

/// A required date column.
pub(crate) fn required_date(ctx: &PlanContext<'_>, row: &SheetRow, col: &Column) -> RowResult<String> {
    date_cell(ctx, row, col)?.ok_or_else(|| ctx.error(row, col, "不能为空"))
}

/// A yes/no value as sheets write it: 是/否, √/×, Y/N (and 有/无).
pub fn yes_no(text: &str) -> Option<bool> {
    match text::half_width(text).trim().to_uppercase().as_str() {
        "是" | "√" | "✓" | "✔" | "Y" | "YES" | "有" | "TRUE" => Some(true),
        "否" | "×" | "✗" | "✘" | "X" | "N" | "NO" | "无" | "FALSE" => Some(false),
        _ => None,
    }
}

/// A yes/no column: blank reads as 否.
pub(crate) fn bool_cell(ctx: &PlanContext<'_>, row: &SheetRow, col: &Column) -> RowResult<bool> {
    match row.get(col.key) {
        Cell::Bool(b) => Ok(*b),
        c if c.is_empty() => Ok(false),
        c => yes_no(&c.text()).ok_or_else(|| ctx.error(row, col, "应为“是”或“否”（也可写 √/×、Y/N）")),
    }
}

/// A column of one of the values of a list (岗位类别, 学历 …): blank is `None`.
pub(crate) fn choice_cell<T>(
    ctx: &PlanContext<'_>,
    row: &SheetRow,
    col: &Column,
    parse: fn(&str) -> Option<T>,
    choices: String,
) -> RowResult<Option<T>> {
    let text = row.text(col.key);
    if text.is_empty() {
        return Ok(None);
    }
    parse(&text).map(Some).ok_or_else(|| ctx.error(row, col, format!("应为 {choices} 之一")))
}

/// A number column (学时, 数量, 单价): blank is `None`. See [`number_of`] for what a text cell may hold.
pub(crate) fn number_cell(ctx: &PlanContext<'_>, row: &SheetRow, col: &Column) -> RowResult<Option<f64>> {
    match row.get(col.key) {
        Cell::Number(n) => Ok(Some(*n)),
        c if c.is_empty() => Ok(None),
        c => number_of(&c.text()).map(Some).ok_or_else(|| ctx.error(row, col, "应为数字")),
    }
}

/// The number a text cell holds as clerks write it: a unit word after it (`8学时`, `2套`,
/// `12800元`), a currency sign before it (`￥12,800.00`), thousands separators, full-width digits
/// (`８学时`).
fn number_of(text: &str) -> Option<f64> {
    let text = text::half_width(text);
    let text = text.trim().trim_start_matches(['¥', '￥']);
    let digits: String = text.trim_end_matches(|ch: char| !ch.is_ascii_digit()).chars().filter(|&c| c != ',').collect();
    digits.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

/// The unit a 所在单位 cell names, through the import's add-or-map step: `None` when blank; a name
/// the organisation lacks and the clerk did not add or map is an error (and listed in the report).
pub(crate) fn unit_cell(ctx: &mut PlanContext<'_>, row: &SheetRow, col: &Column) -> RowResult<Option<UnitRef>> {
    // A column the header lacks is empty, unless a group heading or the sheet's name fills it.
    let name = row.text(col.key);
    if name.is_empty() {
        return Ok(None);
    }
    let header = ctx.sheet.header_of(col);
    match ctx.units.resolve(&name, &header, row.number) {
        Some(u) => Ok(Some(u)),
        None => Err(ctx.error(row, col, UNKNOWN_UNIT_REASON)),
    }
}

/// A validation error of the core turned into the row's error, at the column `col_of(field)`.
pub(crate) fn row_invalid(
    ctx: &PlanContext<'_>,
    row: &SheetRow,
    e: LedgerError,
    col_of: impl Fn(&str) -> &'static Column,
) -> RowError {
    match e {
        LedgerError::Invalid { field, reason } => ctx.error(row, col_of(&field), reason),
        other => ctx.error(row, col_of(""), other.to_string()),
    }
}

/// Remember `key` as planned at `row`; the error names the row that already has it.
pub(crate) fn first_time(
    seen: &mut HashMap<String, u32>,
    key: String,
    ctx: &PlanContext<'_>,
    row: &SheetRow,
    col: &Column,
    what: &str,
) -> RowResult<()> {
    match seen.get(&key) {
        Some(first) => Err(ctx.error(row, col, format!("与第 {first} 行是同一{what}，每{what}只能有一行"))),
        None => {
            seen.insert(key, row.number);
            Ok(())
        }
    }
}

/// Whether an update changed anything, from the revision read and the one after.
pub(crate) fn outcome(before: i64, after: i64) -> Outcome {
    if before == after {
        Outcome::Unchanged
    } else {
        Outcome::Updated
    }
}

/// A text cell.
pub(crate) fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// A date cell, or a blank one for none.
pub(crate) fn date(s: Option<&str>) -> Value {
    Value::Date(s.and_then(dates::parse_date))
}

/// 是 or 否.
pub(crate) fn yes(b: bool) -> Value {
    text(if b { "是" } else { "否" })
}

/// The report of an export of `rows` rows to `path`.
pub(crate) fn exported(path: &Path, rows: u32) -> ExportReport {
    ExportReport { path: path.display().to_string(), rows, sheets: 1 }
}

/// Export `rows` to `path`: as one sheet called `sheet`, or with `by_unit` a sheet per unit
/// (`unit_name` of each row; the rows of no unit are the branch's own, on a sheet named for it).
pub(crate) fn export_rows<T>(
    ledger: &Ledger,
    path: &Path,
    sheet: &str,
    columns: &[ExportColumn<T>],
    rows: &[T],
    by_unit: bool,
    unit_name: impl Fn(&T) -> &str,
) -> crate::error::Result<ExportReport> {
    if !by_unit {
        return Ok(exported(path, writer::write_xlsx(path, sheet, columns, rows)?));
    }
    let branch = ledger.require_branch()?.name;
    let unit = |r: &T| match unit_name(r) {
        "" => branch.clone(),
        name => name.to_string(),
    };
    let (written, sheets) = writer::write_xlsx_by(path, sheet, columns, rows, unit)?;
    Ok(ExportReport { sheets, ..exported(path, written) })
}

/// A number, or a blank cell for none.
pub(crate) fn number(n: Option<f64>) -> Value {
    n.map_or(Value::Text(String::new()), Value::Number)
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case("8", Some(8.0))]
    #[case("8学时", Some(8.0))]
    #[case("２套", Some(2.0))]
    #[case("１２.５", Some(12.5))]
    #[case("12,800.00元", Some(12800.0))]
    #[case("￥12,800", Some(12800.0))]
    #[case(" -3 ", Some(-3.0))]
    #[case("约8学时", None)]
    #[case("八", None)]
    #[case("NaN", None)]
    #[case("inf", None)]
    fn numbers_as_clerks_write_them(#[case] text: &str, #[case] want: Option<f64>) {
        assert_eq!(number_of(text), want, "{text}");
    }

    #[rstest]
    #[case("是", Some(true))]
    #[case("Ｙ", Some(true))]
    #[case("ｎｏ", Some(false))]
    #[case("×", Some(false))]
    #[case("也许", None)]
    fn yes_and_no(#[case] text: &str, #[case] want: Option<bool>) {
        assert_eq!(yes_no(text), want, "{text}");
    }
}
