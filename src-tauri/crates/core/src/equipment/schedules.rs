//! Recurring work on equipment (calibrate every N months, inspect yearly …), for one item or for
//! every item counted as a standard item, and what it makes due: the next time is the last time
//! it was done (or the start, or the acquisition) plus N calendar months, the day clamped to the
//! month's end (`dates::add_months`), so 31 January plus one month is 29 February in a leap year.
//! Open 领用 past their expected return are due too.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::model::{DueCounts, DueItem, EquipmentItem, EventKind, Schedule, ScheduleInput};
use crate::error::{LedgerError, Result};
use crate::store::dates::{self, now_rfc3339};
use crate::Ledger;

const SELECT: &str = "SELECT x.id, x.item_id, COALESCE(e.asset_no || ' ' || e.name, s.name, ''), x.standard_item_id,
    x.kind, x.every_months, x.start_on, x.note, x.revision
  FROM equipment_schedules x
  LEFT JOIN equipment_items e ON e.id = x.item_id
  LEFT JOIN standard_items s ON s.id = x.standard_item_id";

fn from_row(r: &Row) -> rusqlite::Result<Schedule> {
    Ok(Schedule {
        id: r.get(0)?,
        item_id: r.get(1)?,
        target: r.get(2)?,
        standard_item_id: r.get(3)?,
        kind: r.get(4)?,
        every_months: r.get(5)?,
        start_on: r.get(6)?,
        note: r.get(7)?,
        revision: r.get(8)?,
    })
}

fn get(conn: &Connection, id: &str) -> Result<Schedule> {
    conn.prepare_cached(&format!("{SELECT} WHERE x.id = ?1 AND x.deleted = 0"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| LedgerError::NotFound { entity: "定期计划", id: id.to_string() })
}

fn all(conn: &Connection) -> Result<Vec<Schedule>> {
    let sql = format!("{SELECT} WHERE x.deleted = 0 ORDER BY x.standard_item_id IS NULL, x.kind, x.pk");
    let rows = conn.prepare_cached(&sql)?.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The schedules that apply to an item: its own, and its standard item's.
pub(crate) fn of_item(conn: &Connection, item: &EquipmentItem) -> Result<Vec<Schedule>> {
    Ok(all(conn)?
        .into_iter()
        .filter(|s| {
            s.item_id.as_deref() == Some(item.id.as_str())
                || (s.standard_item_id.is_some() && s.standard_item_id == item.standard_item_id)
        })
        .collect())
}

/// One held item, as the due list needs it.
struct Held {
    id: String,
    asset_no: String,
    name: String,
    unit_name: String,
    custodian_name: Option<String>,
    standard_item_id: Option<String>,
    acquired_on: Option<NaiveDate>,
}

/// What is due up to `days` days after `d` (and overdue), on every held item or on `only` —
/// scheduled work and returns — soonest first.
pub(crate) fn due(conn: &Connection, d: NaiveDate, days: i64, only: Option<&str>) -> Result<Vec<DueItem>> {
    let horizon = chrono::Duration::try_days(days).and_then(|x| d.checked_add_signed(x)).unwrap_or(NaiveDate::MAX);
    let held: Vec<Held> = {
        let mut st = conn.prepare_cached(
            "SELECT e.id, e.asset_no, e.name, COALESCE(u.name, ''), c.name, e.standard_item_id, e.acquired_on
             FROM equipment_items e LEFT JOIN org_units u ON u.id = e.unit_id LEFT JOIN staff c ON c.id = e.custodian_id
             WHERE e.deleted = 0 AND e.status <> '已报废' AND (?1 IS NULL OR e.id = ?1)",
        )?;
        let rows = st
            .query_map([only], |r| {
                let acquired: Option<String> = r.get(6)?;
                Ok(Held {
                    id: r.get(0)?,
                    asset_no: r.get(1)?,
                    name: r.get(2)?,
                    unit_name: r.get(3)?,
                    custodian_name: r.get(4)?,
                    standard_item_id: r.get(5)?,
                    acquired_on: acquired.as_deref().and_then(dates::parse_date),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    // The last time each item had each kind of scheduled work, on or before d.
    let mut last: HashMap<(String, String), NaiveDate> = HashMap::new();
    {
        let mut st = conn.prepare_cached(
            "SELECT item_id, kind, max(event_on) FROM equipment_events
             WHERE deleted = 0 AND kind IN ('维护保养', '校准检定', '检查') AND event_on <= ?1
               AND (?2 IS NULL OR item_id = ?2)
             GROUP BY item_id, kind",
        )?;
        let rows = st.query_map(params![dates::iso(d), only], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
        })?;
        for row in rows {
            let (item, kind, on) = row?;
            if let Some(on) = dates::parse_date(&on) {
                last.insert((item, kind), on);
            }
        }
    }
    let schedules = all(conn)?;
    let by_standard: HashMap<&str, Vec<&Schedule>> = {
        let mut m: HashMap<&str, Vec<&Schedule>> = HashMap::new();
        for s in schedules.iter().filter(|s| s.standard_item_id.is_some()) {
            m.entry(s.standard_item_id.as_deref().unwrap_or_default()).or_default().push(s);
        }
        m
    };
    let by_item: HashMap<&str, Vec<&Schedule>> = {
        let mut m: HashMap<&str, Vec<&Schedule>> = HashMap::new();
        for s in schedules.iter().filter(|s| s.item_id.is_some()) {
            m.entry(s.item_id.as_deref().unwrap_or_default()).or_default().push(s);
        }
        m
    };
    let mut out = Vec::new();
    for item in &held {
        let own = by_item.get(item.id.as_str()).into_iter().flatten();
        let standard = item.standard_item_id.as_deref().and_then(|s| by_standard.get(s)).into_iter().flatten();
        for s in own.chain(standard) {
            let done = last.get(&(item.id.clone(), s.kind.label().to_string())).copied();
            let anchor = done.or_else(|| s.start_on.as_deref().and_then(dates::parse_date)).or(item.acquired_on);
            let due_on = match anchor {
                Some(a) => dates::add_months(a, s.every_months as i32),
                // Never done and no date to count from: due now.
                None => d,
            };
            if due_on <= horizon {
                let days = (due_on - d).num_days();
                out.push(DueItem {
                    item_id: item.id.clone(),
                    asset_no: item.asset_no.clone(),
                    item_name: item.name.clone(),
                    unit_name: item.unit_name.clone(),
                    custodian_name: item.custodian_name.clone(),
                    what: s.kind,
                    schedule_id: Some(s.id.clone()),
                    person_name: None,
                    last_done_on: done.map(dates::iso),
                    due_on: dates::iso(due_on),
                    days,
                    band: dates::due_band(days).to_string(),
                });
            }
        }
    }
    // Returns: open 领用 with an expected return by the horizon.
    let index: HashMap<&str, &Held> = held.iter().map(|h| (h.id.as_str(), h)).collect();
    let mut st = conn.prepare_cached(
        "SELECT v.item_id, v.event_on, v.expected_return_on, p.name FROM equipment_events v
         LEFT JOIN staff p ON p.id = v.person_id
         WHERE v.deleted = 0 AND v.kind = '领用' AND v.returned_on IS NULL AND v.expected_return_on IS NOT NULL
           AND v.expected_return_on <= ?1 AND (?2 IS NULL OR v.item_id = ?2)",
    )?;
    let rows = st.query_map(params![dates::iso(horizon), only], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, Option<String>>(3)?))
    })?;
    for row in rows {
        let (item_id, out_on, back, person) = row?;
        let (Some(item), Some(back)) = (index.get(item_id.as_str()), dates::parse_date(&back)) else { continue };
        let days = (back - d).num_days();
        out.push(DueItem {
            item_id: item.id.clone(),
            asset_no: item.asset_no.clone(),
            item_name: item.name.clone(),
            unit_name: item.unit_name.clone(),
            custodian_name: item.custodian_name.clone(),
            what: EventKind::Checkout,
            schedule_id: None,
            person_name: person,
            last_done_on: Some(out_on),
            due_on: dates::iso(back),
            days,
            band: dates::due_band(days).to_string(),
        });
    }
    out.sort_by(|a, b| a.due_on.cmp(&b.due_on).then_with(|| a.asset_no.cmp(&b.asset_no)));
    Ok(out)
}

/// A schedule input that passed validation: item or standard item, kind, start.
type ValidSchedule = (Option<String>, Option<String>, EventKind, Option<String>);

fn validate(conn: &Connection, input: &ScheduleInput) -> Result<ValidSchedule> {
    let item = input.item_id.clone().filter(|s| !s.trim().is_empty());
    let standard = input.standard_item_id.clone().filter(|s| !s.trim().is_empty());
    if item.is_some() == standard.is_some() {
        return Err(LedgerError::invalid("适用装备", "请选择一件装备，或一种标准装备（二选一）"));
    }
    if let Some(i) = &item {
        super::items::get(conn, i).map_err(|_| LedgerError::invalid("适用装备", "装备不存在"))?;
    }
    if let Some(s) = &standard {
        super::standard::get(conn, s).map_err(|_| LedgerError::invalid("适用装备", "标准装备不存在"))?;
    }
    let kind = match input.kind {
        Some(k) if EventKind::SCHEDULED.contains(&k) => k,
        _ => return Err(LedgerError::invalid("计划类型", "应为 维护保养、校准检定 或 检查")),
    };
    if !(1..=120).contains(&input.every_months) {
        return Err(LedgerError::invalid("周期", "应为 1—120 个月"));
    }
    let start = dates::parse_opt_field("起算日期", input.start_on.as_deref())?.map(dates::iso);
    Ok((item, standard, kind, start))
}

impl Ledger {
    /// Every schedule.
    pub fn equipment_schedules(&self) -> Result<Vec<Schedule>> {
        all(self.conn())
    }

    /// Add a schedule.
    pub fn create_schedule(&mut self, input: &ScheduleInput) -> Result<Schedule> {
        self.write(|tx| {
            let (item, standard, kind, start) = validate(tx, input)?;
            let id = uuid::Uuid::new_v4().to_string();
            tx.execute(
                "INSERT INTO equipment_schedules (id, item_id, standard_item_id, kind, every_months, start_on, note,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![id, item, standard, kind.label(), input.every_months, start, input.note.trim(), now_rfc3339()],
            )?;
            let s = get(tx, &id)?;
            tx.audit("equipment_schedule", &id, "create", None::<&()>, Some(&s))?;
            Ok(s)
        })
    }

    /// Change a schedule, still at `revision`.
    pub fn update_schedule(&mut self, id: &str, revision: i64, input: &ScheduleInput) -> Result<Schedule> {
        self.write(|tx| {
            let before = get(tx, id)?;
            LedgerError::check_revision("定期计划", before.revision, revision)?;
            let (item, standard, kind, start) = validate(tx, input)?;
            tx.execute(
                "UPDATE equipment_schedules SET item_id = ?2, standard_item_id = ?3, kind = ?4, every_months = ?5,
                     start_on = ?6, note = ?7, updated_at = ?8, revision = revision + 1 WHERE id = ?1",
                params![id, item, standard, kind.label(), input.every_months, start, input.note.trim(), now_rfc3339()],
            )?;
            let after = get(tx, id)?;
            tx.audit("equipment_schedule", id, "update", Some(&before), Some(&after))?;
            Ok(after)
        })
    }

    /// Remove a schedule.
    pub fn delete_schedule(&mut self, id: &str, revision: i64) -> Result<()> {
        self.write(|tx| {
            let before = get(tx, id)?;
            LedgerError::check_revision("定期计划", before.revision, revision)?;
            tx.execute(
                "UPDATE equipment_schedules SET deleted = 1, updated_at = ?2, revision = revision + 1 WHERE id = ?1",
                params![id, now_rfc3339()],
            )?;
            tx.audit("equipment_schedule", id, "delete", Some(&before), None::<&()>)?;
            Ok(())
        })
    }

    /// What is due within `days` days of `d`, and what is overdue: scheduled work and returns,
    /// soonest first.
    pub fn equipment_due(&self, d: NaiveDate, days: i64) -> Result<Vec<DueItem>> {
        due(self.conn(), d, days, None)
    }

    /// The counts of [`Ledger::equipment_due`] (the home page's tiles: a large branch has
    /// thousands of due items, which only the 到期提醒 page lists).
    pub fn equipment_due_counts(&self, d: NaiveDate, days: i64) -> Result<DueCounts> {
        let due = self.equipment_due(d, days)?;
        let overdue = due.iter().filter(|x| x.days < 0).count() as i64;
        Ok(DueCounts { soon: due.len() as i64 - overdue, overdue })
    }
}
