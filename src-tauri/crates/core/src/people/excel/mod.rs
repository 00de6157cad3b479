//! The people ledgers in Excel: the roster (人员花名册), certificates (执法证件), secondments
//! (借调情况) and uniform issues (服装发放) — their columns (METRICS.md "The sheets clerks already
//! have"), row validation, import on [`import::run`](crate::store::excel::import::run) and export
//! on [`writer::write_xlsx`](crate::store::excel::writer::write_xlsx).
//!
//! Every sheet but the roster names people by 姓名: [`PersonFinder`] finds them, telling namesakes
//! apart by the row's 所在单位, by `王磊（第一执法中队）`, or else by a sheet named for a unit. Every export writes a 编号 column (the
//! record's id), so an exported sheet edited in Excel imports back as updates. The cell readers
//! are every ledger's ([`crate::store::excel::cells`]).
//!
//! One module a sheet: `roster` (人员花名册), `certificates` (执法证件), `secondments` (借调情况)
//! and `uniforms` (服装发放).

mod certificates;
mod roster;
mod secondments;
mod uniforms;

pub use certificates::CERTIFICATE_COLUMNS;
pub use roster::STAFF_COLUMNS;
pub use secondments::SECONDMENT_COLUMNS;
pub use uniforms::UNIFORM_COLUMNS;

use super::staff::{normalize_name, PersonFinder};
use crate::store::excel::cells::{unit_cell, RowResult};
use crate::store::excel::import::PlanContext;
use crate::store::excel::sheet::{Column, SheetRow};
use crate::store::excel::units::UnitRef;

/// The person a row names in `name_col`, told apart from namesakes by the row's `unit_col` (when
/// the sheet has it) or by a unit written with the name (`王磊（第一执法中队）`). The error says
/// why not: nobody of that name, or two of that name and no unit to tell them apart.
fn person_cell(
    finder: &PersonFinder,
    ctx: &mut PlanContext<'_>,
    row: &SheetRow,
    name_col: &Column,
    unit_col: &Column,
) -> RowResult<String> {
    let written = row.text(name_col.key);
    if written.is_empty() {
        return Err(ctx.error(row, name_col, "不能为空"));
    }
    // A unit cell filled down from a merged cell above belongs to the person above, unless the
    // name was filled down with it.
    let own_unit = !row.filled.contains(&unit_col.key) || row.filled.contains(&name_col.key);
    let unit = if own_unit { unit_cell(ctx, row, unit_col)? } else { None };
    let found = match &unit {
        None => finder.find_on_sheet(&written, &ctx.sheet.sheet),
        Some(UnitRef::Existing(id)) => {
            finder.find(&written, Some(id)).or_else(|e| match PersonFinder::split_unit(&written) {
                (name, Some(_)) => finder.find(&name, Some(id)),
                _ => Err(e),
            })
        }
        Some(UnitRef::New(u)) => Err(format!(
            "“{}”不在所写的单位：“{u}”是本次导入新添加的单位，花名册中没有其人员",
            normalize_name(&written)
        )),
    };
    found.map_err(|reason| ctx.error(row, name_col, reason))
}
