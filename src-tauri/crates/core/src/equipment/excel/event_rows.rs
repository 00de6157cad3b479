//! What the usage and maintenance sheets share: an event as a row sets it, the checks it passes
//! and how it is written.

use rusqlite::params;

use crate::equipment::events::{self, NewEvent};
use crate::equipment::model::{EquipmentEvent, EquipmentItem, EventKind, ItemStatus};
use crate::error::{LedgerError, Result};
use crate::store::dates::now_rfc3339;
use crate::store::excel::cells::RowResult;
use crate::store::excel::import::{Outcome, PlanContext};
use crate::store::excel::sheet::{Column, SheetRow};
use crate::{Ledger, Tx};

/// An event's fields as a row sets them (the kinds of both sheets).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct EventFields {
    pub(super) kind: EventKind,
    pub(super) event_on: String,
    pub(super) person_id: Option<String>,
    pub(super) purpose: String,
    pub(super) expected_return_on: Option<String>,
    pub(super) returned_on: Option<String>,
    pub(super) vendor: String,
    pub(super) cost: Option<f64>,
    pub(super) result: String,
    pub(super) note: String,
}

impl EventFields {
    /// A new event's: of `kind` on `event_on`, everything else blank.
    pub(super) fn blank(kind: EventKind, event_on: String) -> EventFields {
        EventFields {
            kind,
            event_on,
            person_id: None,
            purpose: String::new(),
            expected_return_on: None,
            returned_on: None,
            vendor: String::new(),
            cost: None,
            result: String::new(),
            note: String::new(),
        }
    }

    pub(super) fn of(e: &EquipmentEvent) -> EventFields {
        EventFields {
            kind: e.kind,
            event_on: e.event_on.clone(),
            person_id: e.person_id.clone(),
            purpose: e.purpose.clone(),
            expected_return_on: e.expected_return_on.clone(),
            returned_on: e.returned_on.clone(),
            vendor: e.vendor.clone(),
            cost: e.cost,
            result: e.result.clone(),
            note: e.note.clone(),
        }
    }
}

pub(super) struct EventPlan {
    pub(super) item: EquipmentItem,
    /// The event the row updates, as read.
    pub(super) existing: Option<EquipmentEvent>,
    pub(super) fields: EventFields,
}

/// The checks every new or changed event passes (as the core's own event methods check them):
/// not on a scrapped item, not before the item's acquisition; texts within their lengths.
pub(super) fn event_checks(
    ctx: &PlanContext<'_>,
    row: &SheetRow,
    item: &EquipmentItem,
    f: &EventFields,
    date_col: &Column,
    asset_col: &Column,
) -> RowResult<()> {
    if item.status == ItemStatus::Scrapped {
        return Err(ctx.error(row, asset_col, format!("装备“{}”已报废，不能再登记", item.asset_no)));
    }
    if let Some(acquired) = &item.acquired_on {
        if f.event_on < *acquired {
            return Err(ctx.error(row, date_col, format!("早于该装备的购置日期 {acquired}")));
        }
    }
    Ok(())
}

/// Write a plan: unchanged, an update of the event read (still at its revision), or a new event.
pub(super) fn write_event(tx: &Tx<'_>, p: &EventPlan) -> Result<Outcome> {
    let f = &p.fields;
    match &p.existing {
        Some(before) if EventFields::of(before) == *f => Ok(Outcome::Unchanged),
        Some(read) => {
            let before = events::get(tx, &read.id)?;
            LedgerError::check_revision("装备记录", before.revision, read.revision)?;
            tx.execute(
                "UPDATE equipment_events SET kind = ?2, event_on = ?3, person_id = ?4, purpose = ?5,
                     expected_return_on = ?6, returned_on = ?7, vendor = ?8, cost = ?9, result = ?10, note = ?11,
                     updated_at = ?12, revision = revision + 1
                 WHERE id = ?1",
                params![
                    before.id,
                    f.kind.label(),
                    f.event_on,
                    f.person_id,
                    f.purpose,
                    f.expected_return_on,
                    f.returned_on,
                    f.vendor,
                    f.cost,
                    f.result,
                    f.note,
                    now_rfc3339()
                ],
            )?;
            let after = events::get(tx, &before.id)?;
            tx.audit("equipment_event", &before.id, "update", Some(&before), Some(&after))?;
            Ok(Outcome::Updated)
        }
        None => {
            events::record(
                tx,
                &p.item,
                &NewEvent {
                    kind: Some(f.kind),
                    event_on: f.event_on.clone(),
                    person_id: f.person_id.as_deref(),
                    purpose: &f.purpose,
                    expected_return_on: f.expected_return_on.clone(),
                    returned_on: f.returned_on.clone(),
                    vendor: &f.vendor,
                    cost: f.cost,
                    result: &f.result,
                    note: &f.note,
                    ..NewEvent::default()
                },
            )?;
            Ok(Outcome::Inserted)
        }
    }
}

/// A text cell within `max` characters.
pub(super) fn short_cell(ctx: &PlanContext<'_>, row: &SheetRow, col: &Column, max: usize) -> RowResult<String> {
    let t = row.text(col.key);
    if t.chars().count() > max {
        return Err(ctx.error(row, col, format!("不能超过 {max} 个字")));
    }
    Ok(t)
}

/// The event a row's 编号 names, if it is one of `kinds` on `item`; an id of another item's
/// event, or of another kind, is the row's error.
pub(super) fn event_by_id(
    ledger: &Ledger,
    ctx: &PlanContext<'_>,
    row: &SheetRow,
    id_col: &Column,
    item: &EquipmentItem,
    kinds: &[EventKind],
) -> RowResult<Option<EquipmentEvent>> {
    let id = row.text(id_col.key);
    if id.is_empty() {
        return Ok(None);
    }
    let Ok(e) = events::get(ledger.conn(), &id) else { return Ok(None) };
    if e.item_id != item.id {
        return Err(ctx.error(row, id_col, format!("此编号是装备“{}”的记录，与本行的资产编号不符", e.asset_no)));
    }
    if !kinds.contains(&e.kind) {
        return Err(ctx.error(row, id_col, format!("此编号是一条{}记录，不能在本表中修改", e.kind.label())));
    }
    Ok(Some(e))
}
