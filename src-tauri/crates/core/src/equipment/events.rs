//! The dated events of an item, each audited: 领用 and 归还 (使用台账), 维护保养, 维修, 校准检定,
//! 检查, 调拨 between units or custodians, 报废 with its reason and approval.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::items;
use super::model::{
    CheckoutInput, EquipmentEvent, EquipmentItem, EventKind, ItemStatus, MaintenanceInput, ReturnInput, ScrapInput,
    TransferInput,
};
use crate::error::{LedgerError, Result};
use crate::store::dates::{self, now_rfc3339};
use crate::{org, Ledger, Tx};

const SELECT: &str = "SELECT v.id, v.item_id, e.asset_no, e.name, v.kind, v.event_on, v.person_id, p.name,
    v.purpose, v.expected_return_on, v.returned_on, v.vendor, v.cost, v.result, fu.name, tu.name, fc.name, tc.name,
    v.reason, v.approval_doc, v.note, v.created_at, v.revision
  FROM equipment_events v
  JOIN equipment_items e ON e.id = v.item_id
  LEFT JOIN staff p ON p.id = v.person_id
  LEFT JOIN org_units fu ON fu.id = v.from_unit_id
  LEFT JOIN org_units tu ON tu.id = v.to_unit_id
  LEFT JOIN staff fc ON fc.id = v.from_custodian_id
  LEFT JOIN staff tc ON tc.id = v.to_custodian_id";

fn from_row(r: &Row) -> rusqlite::Result<EquipmentEvent> {
    Ok(EquipmentEvent {
        id: r.get(0)?,
        item_id: r.get(1)?,
        asset_no: r.get(2)?,
        item_name: r.get(3)?,
        kind: r.get(4)?,
        event_on: r.get(5)?,
        person_id: r.get(6)?,
        person_name: r.get(7)?,
        purpose: r.get(8)?,
        expected_return_on: r.get(9)?,
        returned_on: r.get(10)?,
        vendor: r.get(11)?,
        cost: r.get(12)?,
        result: r.get(13)?,
        from_unit: r.get(14)?,
        to_unit: r.get(15)?,
        from_custodian: r.get(16)?,
        to_custodian: r.get(17)?,
        reason: r.get(18)?,
        approval_doc: r.get(19)?,
        note: r.get(20)?,
        created_at: r.get(21)?,
        revision: r.get(22)?,
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<EquipmentEvent> {
    conn.prepare_cached(&format!("{SELECT} WHERE v.id = ?1 AND v.deleted = 0"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| LedgerError::NotFound { entity: "装备记录", id: id.to_string() })
}

/// An item's events, newest first.
pub(crate) fn of_item(conn: &Connection, item_id: &str) -> Result<Vec<EquipmentEvent>> {
    let sql = format!("{SELECT} WHERE v.item_id = ?1 AND v.deleted = 0 ORDER BY v.event_on DESC, v.pk DESC");
    let rows = conn.prepare_cached(&sql)?.query_map([item_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The open 领用 of an item, if it is out.
fn open_checkout(conn: &Connection, item_id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT id FROM equipment_events WHERE item_id = ?1 AND deleted = 0 AND kind = '领用'
               AND returned_on IS NULL ORDER BY event_on DESC LIMIT 1",
            [item_id],
            |r| r.get(0),
        )
        .optional()?)
}

fn day(field: &str, s: &Option<String>) -> Result<String> {
    Ok(dates::iso(dates::parse_opt_field(field, s.as_deref())?.unwrap_or_else(dates::today)))
}

fn short(field: &str, s: &str, max: usize) -> Result<String> {
    let s = s.trim();
    if s.chars().count() > max {
        return Err(LedgerError::invalid(field, format!("不能超过 {max} 个字")));
    }
    Ok(s.to_string())
}

fn person_exists(conn: &Connection, field: &str, id: &str) -> Result<()> {
    let ok: bool =
        conn.query_row("SELECT EXISTS(SELECT 1 FROM staff WHERE id = ?1 AND deleted = 0)", [id], |r| r.get(0))?;
    if ok {
        Ok(())
    } else {
        Err(LedgerError::invalid(field, "人员不存在"))
    }
}

/// An event's columns, for one insert shared by every kind.
#[derive(Default)]
pub(crate) struct NewEvent<'a> {
    pub kind: Option<EventKind>,
    pub event_on: String,
    pub person_id: Option<&'a str>,
    pub purpose: &'a str,
    pub expected_return_on: Option<String>,
    pub returned_on: Option<String>,
    pub vendor: &'a str,
    pub cost: Option<f64>,
    pub result: &'a str,
    pub from_unit_id: Option<&'a str>,
    pub to_unit_id: Option<&'a str>,
    pub from_custodian_id: Option<&'a str>,
    pub to_custodian_id: Option<&'a str>,
    pub reason: &'a str,
    pub approval_doc: &'a str,
    pub note: &'a str,
}

/// The raw insert of an event, without audit (the demo generator uses it in bulk).
pub(crate) fn insert_with_id(conn: &Connection, id: &str, item_id: &str, e: &NewEvent<'_>, now: &str) -> Result<()> {
    let kind = e.kind.ok_or_else(|| LedgerError::invalid("记录类型", "不能为空"))?;
    conn.prepare_cached(
        "INSERT INTO equipment_events (id, item_id, kind, event_on, person_id, purpose, expected_return_on,
             returned_on, vendor, cost, result, from_unit_id, to_unit_id, from_custodian_id, to_custodian_id,
             reason, approval_doc, note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?19)",
    )?
    .execute(params![
        id,
        item_id,
        kind.label(),
        e.event_on,
        e.person_id,
        e.purpose,
        e.expected_return_on,
        e.returned_on,
        e.vendor,
        e.cost,
        e.result,
        e.from_unit_id,
        e.to_unit_id,
        e.from_custodian_id,
        e.to_custodian_id,
        e.reason,
        e.approval_doc,
        e.note,
        now
    ])?;
    Ok(())
}

/// Insert an event on `item` in `tx` and audit it.
pub(crate) fn record(tx: &Tx<'_>, item: &EquipmentItem, e: &NewEvent<'_>) -> Result<EquipmentEvent> {
    // A scrapped item takes no event on or after its scrap date; its earlier history can still be
    // entered.
    if item.status == ItemStatus::Scrapped && item.scrapped_on.as_deref().is_none_or(|s| e.event_on.as_str() >= s) {
        return Err(LedgerError::Rejected(format!("装备“{}”已报废，不能再登记报废之后的记录", item.asset_no)));
    }
    if let Some(acquired) = &item.acquired_on {
        if e.event_on < *acquired {
            return Err(LedgerError::invalid("日期", format!("早于购置日期 {}", acquired)));
        }
    }
    let id = uuid::Uuid::new_v4().to_string();
    insert_with_id(tx, &id, &item.id, e, &now_rfc3339())?;
    let ev = get(tx, &id)?;
    tx.audit("equipment_event", &id, "create", None::<&()>, Some(&ev))?;
    Ok(ev)
}

/// Set an item's status (and scrap date) in `tx`, auditing the change.
fn set_item(tx: &Tx<'_>, item: &EquipmentItem, sql: &str, args: &[&dyn rusqlite::ToSql]) -> Result<()> {
    tx.execute(sql, args)?;
    let after = items::get(tx, &item.id)?;
    tx.audit("equipment", &item.id, "update", Some(item), Some(&after))?;
    Ok(())
}

/// Validated checkout fields.
pub(crate) fn checkout_fields(input: &CheckoutInput) -> Result<(String, String, Option<String>, String, String)> {
    if input.person_id.trim().is_empty() {
        return Err(LedgerError::invalid("领用人", "不能为空"));
    }
    let on = day("领用日期", &input.event_on)?;
    let back = dates::parse_opt_field("预计归还日期", input.expected_return_on.as_deref())?.map(dates::iso);
    if back.as_deref().is_some_and(|b| b < on.as_str()) {
        return Err(LedgerError::invalid("预计归还日期", "不能早于领用日期"));
    }
    Ok((
        input.person_id.trim().to_string(),
        on,
        back,
        short("用途", &input.purpose, 200)?,
        short("备注", &input.note, 500)?,
    ))
}

impl Ledger {
    /// 领用: the item goes out to a person.
    pub fn checkout_equipment(&mut self, item_id: &str, input: &CheckoutInput) -> Result<EquipmentEvent> {
        let (person, on, back, purpose, note) = checkout_fields(input)?;
        self.write(|tx| {
            let item = items::get(tx, item_id)?;
            person_exists(tx, "领用人", &person)?;
            if open_checkout(tx, &item.id)?.is_some() {
                return Err(LedgerError::Rejected(format!(
                    "装备“{}”已被{}领用，尚未归还",
                    item.asset_no,
                    item.checked_out_to.clone().unwrap_or_default()
                )));
            }
            record(
                tx,
                &item,
                &NewEvent {
                    kind: Some(EventKind::Checkout),
                    event_on: on,
                    person_id: Some(&person),
                    purpose: &purpose,
                    expected_return_on: back,
                    note: &note,
                    ..NewEvent::default()
                },
            )
        })
    }

    /// 归还: the item's open 领用 is closed.
    pub fn return_equipment(&mut self, item_id: &str, input: &ReturnInput) -> Result<EquipmentEvent> {
        let on = day("归还日期", &input.returned_on)?;
        let note = short("备注", &input.note, 500)?;
        self.write(|tx| {
            let item = items::get(tx, item_id)?;
            let Some(open) = open_checkout(tx, &item.id)? else {
                return Err(LedgerError::Rejected(format!("装备“{}”没有未归还的领用记录", item.asset_no)));
            };
            let before = get(tx, &open)?;
            if on < before.event_on {
                return Err(LedgerError::invalid("归还日期", format!("早于领用日期 {}", before.event_on)));
            }
            let note = if note.is_empty() {
                before.note.clone()
            } else {
                format!("{}{}归还：{note}", before.note, if before.note.is_empty() { "" } else { "；" })
            };
            tx.execute(
                "UPDATE equipment_events SET returned_on = ?2, note = ?3, updated_at = ?4, revision = revision + 1
                 WHERE id = ?1",
                params![open, on, note, now_rfc3339()],
            )?;
            let after = get(tx, &open)?;
            tx.audit("equipment_event", &open, "update", Some(&before), Some(&after))?;
            Ok(after)
        })
    }

    /// 维护保养, 维修, 校准检定 or 检查, with the item's status after it if it changes.
    pub fn maintain_equipment(&mut self, item_id: &str, input: &MaintenanceInput) -> Result<EquipmentEvent> {
        let kind = match input.kind {
            Some(k @ (EventKind::Maintenance | EventKind::Repair | EventKind::Calibration | EventKind::Inspection)) => {
                k
            }
            _ => return Err(LedgerError::invalid("记录类型", "应为 维护保养、维修、校准检定 或 检查")),
        };
        if input.cost.is_some_and(|c| !(0.0..=1e9).contains(&c) || c.is_nan()) {
            return Err(LedgerError::invalid("费用", "应为不小于 0 的金额（元）"));
        }
        if input.status_after == Some(ItemStatus::Scrapped) {
            return Err(LedgerError::invalid("状态", "报废请用“报废”登记"));
        }
        let on = day("日期", &input.event_on)?;
        let (vendor, result, note) =
            (short("单位", &input.vendor, 100)?, short("结果", &input.result, 200)?, short("备注", &input.note, 500)?);
        self.write(|tx| {
            let item = items::get(tx, item_id)?;
            let ev = record(
                tx,
                &item,
                &NewEvent {
                    kind: Some(kind),
                    event_on: on,
                    vendor: &vendor,
                    cost: input.cost,
                    result: &result,
                    note: &note,
                    ..NewEvent::default()
                },
            )?;
            if let Some(status) = input.status_after.filter(|s| *s != item.status) {
                set_item(
                    tx,
                    &item,
                    "UPDATE equipment_items SET status = ?2, updated_at = ?3, revision = revision + 1 WHERE id = ?1",
                    &[&item.id, &status.label(), &now_rfc3339()],
                )?;
            }
            Ok(ev)
        })
    }

    /// 调拨: the item moves to another unit or custodian.
    pub fn transfer_equipment(&mut self, item_id: &str, input: &TransferInput) -> Result<EquipmentEvent> {
        let on = day("调拨日期", &input.event_on)?;
        let note = short("备注", &input.note, 500)?;
        self.write(|tx| {
            let item = items::get(tx, item_id)?;
            let to_unit = match input.to_unit_id.as_deref().filter(|s| !s.is_empty()) {
                Some(u) => {
                    org::unit(tx, u)?.map(|u| u.id).ok_or_else(|| LedgerError::invalid("调入单位", "单位不存在"))?
                }
                None => item.unit_id.clone(),
            };
            let to_custodian = input.to_custodian_id.as_deref().filter(|s| !s.is_empty());
            if let Some(c) = to_custodian {
                person_exists(tx, "接收保管人", c)?;
            }
            if to_unit == item.unit_id && to_custodian == item.custodian_id.as_deref() {
                return Err(LedgerError::invalid("调入单位", "调入单位和保管人与现在相同"));
            }
            let ev = record(
                tx,
                &item,
                &NewEvent {
                    kind: Some(EventKind::Transfer),
                    event_on: on,
                    from_unit_id: Some(&item.unit_id),
                    to_unit_id: Some(&to_unit),
                    from_custodian_id: item.custodian_id.as_deref(),
                    to_custodian_id: to_custodian,
                    note: &note,
                    ..NewEvent::default()
                },
            )?;
            set_item(
                tx,
                &item,
                "UPDATE equipment_items SET unit_id = ?2, custodian_id = ?3, updated_at = ?4, revision = revision + 1
                 WHERE id = ?1",
                &[&item.id, &to_unit, &to_custodian, &now_rfc3339()],
            )?;
            Ok(ev)
        })
    }

    /// 报废: the item leaves service, with the reason and the approval. It stays in the history.
    pub fn scrap_equipment(&mut self, item_id: &str, input: &ScrapInput) -> Result<EquipmentEvent> {
        let on = day("报废日期", &input.event_on)?;
        let reason = short("报废原因", &input.reason, 200)?;
        if reason.is_empty() {
            return Err(LedgerError::invalid("报废原因", "不能为空"));
        }
        let approval = short("审批", &input.approval_doc, 100)?;
        let note = short("备注", &input.note, 500)?;
        self.write(|tx| {
            let item = items::get(tx, item_id)?;
            if open_checkout(tx, &item.id)?.is_some() {
                return Err(LedgerError::Rejected(format!("装备“{}”尚未归还，归还后才能报废", item.asset_no)));
            }
            let ev = record(
                tx,
                &item,
                &NewEvent {
                    kind: Some(EventKind::Scrap),
                    event_on: on.clone(),
                    reason: &reason,
                    approval_doc: &approval,
                    note: &note,
                    ..NewEvent::default()
                },
            )?;
            set_item(
                tx,
                &item,
                "UPDATE equipment_items SET status = '已报废', scrapped_on = ?2, updated_at = ?3,
                     revision = revision + 1 WHERE id = ?1",
                &[&item.id, &on, &now_rfc3339()],
            )?;
            Ok(ev)
        })
    }

    /// Tombstone an event entered by mistake (a 报废 or 调拨 is undone by a new event, not this).
    pub fn delete_equipment_event(&mut self, event_id: &str, revision: i64) -> Result<()> {
        self.write(|tx| {
            let before = get(tx, event_id)?;
            LedgerError::check_revision("装备记录", before.revision, revision)?;
            if matches!(before.kind, EventKind::Scrap | EventKind::Transfer) {
                return Err(LedgerError::Rejected(
                    "报废和调拨记录不能删除；如有误，请再登记一次调拨或修改装备信息".into(),
                ));
            }
            tx.execute(
                "UPDATE equipment_events SET deleted = 1, updated_at = ?2, revision = revision + 1 WHERE id = ?1",
                params![event_id, now_rfc3339()],
            )?;
            tx.audit("equipment_event", event_id, "delete", Some(&before), None::<&()>)?;
            Ok(())
        })
    }

    /// Every event of the inventory (the 使用台账 and the maintenance records), newest first,
    /// optionally of some kinds only.
    pub fn list_equipment_events(&self, kinds: &[EventKind]) -> Result<Vec<EquipmentEvent>> {
        let labels: Vec<&str> = kinds.iter().map(|k| k.label()).collect();
        let json = serde_json::to_string(&labels).unwrap_or_else(|_| "[]".into());
        let sql = format!(
            "{SELECT} WHERE v.deleted = 0 AND e.deleted = 0
               AND (json_array_length(?1) = 0 OR v.kind IN (SELECT value FROM json_each(?1)))
             ORDER BY v.event_on DESC, v.pk DESC"
        );
        let rows =
            self.conn().prepare_cached(&sql)?.query_map([json], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
