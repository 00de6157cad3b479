//! Uniforms (制式服装): the issue scale as an editable reference table (seeded from
//! seeds/reference/uniforms.toml), the branch's climate zone, what was issued to whom, and — for a
//! date — who is eligible (U1), what each eligible person still lacks or has worn past its
//! replacement date, and who is fully issued (U2).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Deserialize;

use super::model::{
    ClimateZone, Establishment, Gender, Post, Staff, UniformIssue, UniformIssueInput, UniformIssuePage,
    UniformIssueQuery, UniformItemState, UniformItemStatus, UniformOverviewPage, UniformScaleInput, UniformScaleItem,
    UniformStatus,
};
use crate::error::{LedgerError, Result};
use crate::store::dates::{self, now_rfc3339};
use crate::store::search;
use crate::{Ledger, Tx};

/// The shipped issue scale.
pub const SCALE: &str = include_str!("../../../../../seeds/reference/uniforms.toml");

const ZONE_KEY: &str = "climate_zone";
const SEEDED_KEY: &str = "seeded:uniform_scale";

#[derive(Deserialize)]
struct ScaleFile {
    scale: Vec<ScaleLine>,
}

#[derive(Deserialize)]
struct ScaleLine {
    item: String,
    category: String,
    #[serde(default)]
    gender: Option<String>,
    zones: Vec<String>,
    quantity: i64,
    #[serde(default)]
    renewal_quantity: Option<i64>,
    life_years: i64,
    #[serde(default)]
    note: String,
}

/// Fill the issue scale from the shipped file, once per database (a clerk who empties the table
/// does not get it back uninvited). Reference data shipped with the program: not audited.
pub(crate) fn seed_scale(conn: &Connection) -> Result<()> {
    let seeded: bool =
        conn.query_row("SELECT EXISTS(SELECT 1 FROM settings WHERE key = ?1)", [SEEDED_KEY], |r| r.get(0))?;
    if seeded {
        return Ok(());
    }
    let file: ScaleFile = toml::from_str(SCALE).expect("the shipped uniform scale is valid");
    let now = now_rfc3339();
    for line in &file.scale {
        for zone in &line.zones {
            conn.execute(
                "INSERT INTO uniform_scale (id, item, category, gender, zone, quantity, renewal_quantity, life_years,
                     note, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                params![
                    uuid::Uuid::new_v4().to_string(),
                    line.item,
                    line.category,
                    line.gender,
                    zone,
                    line.quantity,
                    line.renewal_quantity,
                    line.life_years,
                    line.note,
                    now
                ],
            )?;
        }
    }
    conn.execute("INSERT INTO settings (key, value) VALUES (?1, ?2)", params![SEEDED_KEY, now])?;
    Ok(())
}

const SCALE_SELECT: &str =
    "SELECT id, item, category, gender, zone, quantity, renewal_quantity, life_years, note, revision FROM uniform_scale";

fn scale_from_row(r: &Row) -> rusqlite::Result<UniformScaleItem> {
    Ok(UniformScaleItem {
        id: r.get(0)?,
        item: r.get(1)?,
        category: r.get(2)?,
        gender: r.get(3)?,
        zone: r.get(4)?,
        quantity: r.get(5)?,
        renewal_quantity: r.get(6)?,
        life_years: r.get(7)?,
        note: r.get(8)?,
        revision: r.get(9)?,
    })
}

fn scale(conn: &Connection) -> Result<Vec<UniformScaleItem>> {
    let sql = format!("{SCALE_SELECT} WHERE deleted = 0 ORDER BY zone, category, item, gender");
    let rows = conn.prepare_cached(&sql)?.query_map([], scale_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn scale_item(conn: &Connection, id: &str) -> Result<UniformScaleItem> {
    conn.prepare_cached(&format!("{SCALE_SELECT} WHERE id = ?1 AND deleted = 0"))?
        .query_row([id], scale_from_row)
        .optional()?
        .ok_or_else(|| LedgerError::NotFound { entity: "配发标准", id: id.to_string() })
}

/// The branch's climate zone, once the clerk has set it.
pub(crate) fn zone(conn: &Connection) -> Result<Option<ClimateZone>> {
    let v: Option<String> =
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [ZONE_KEY], |r| r.get(0)).optional()?;
    Ok(v.as_deref().and_then(ClimateZone::parse))
}

const ISSUE_SELECT: &str = "SELECT i.id, i.staff_id, COALESCE(s.name, ''), COALESCE(u.name, ''), i.item, i.quantity,
    i.issued_on, i.note, i.created_at, i.revision
  FROM uniform_issues i JOIN staff s ON s.id = i.staff_id LEFT JOIN org_units u ON u.id = s.unit_id";

fn issue_from_row(r: &Row) -> rusqlite::Result<UniformIssue> {
    Ok(UniformIssue {
        id: r.get(0)?,
        staff_id: r.get(1)?,
        staff_name: r.get(2)?,
        unit_name: r.get(3)?,
        item: r.get(4)?,
        quantity: r.get(5)?,
        issued_on: r.get(6)?,
        note: r.get(7)?,
        created_at: r.get(8)?,
        revision: r.get(9)?,
    })
}

/// A person's issues, latest first.
pub(crate) fn issues_of(conn: &Connection, staff_id: &str) -> Result<Vec<UniformIssue>> {
    let sql = format!("{ISSUE_SELECT} WHERE i.staff_id = ?1 AND i.deleted = 0 ORDER BY i.issued_on DESC, i.item");
    let rows =
        conn.prepare_cached(&sql)?.query_map([staff_id], issue_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub(crate) fn issue(conn: &Connection, id: &str) -> Result<UniformIssue> {
    conn.prepare_cached(&format!("{ISSUE_SELECT} WHERE i.id = ?1 AND i.deleted = 0"))?
        .query_row([id], issue_from_row)
        .optional()?
        .ok_or_else(|| LedgerError::NotFound { entity: "服装发放记录", id: id.to_string() })
}

/// Why a person is not eligible on the date, in words; empty when they are (U1: 在编 ∧ 在岗 ∧
/// 持证 ∧ 一线).
pub(crate) fn ineligibility(s: &Staff) -> String {
    let mut why = Vec::new();
    if !s.on_roll {
        why.push("不在册");
    }
    if s.establishment != Some(Establishment::Staffed) {
        why.push("非在编");
    }
    if s.seconded {
        why.push("借调中");
    }
    if !s.certified {
        why.push("未持有效行政执法证");
    }
    if s.post != Some(Post::Frontline) {
        why.push("非一线执法岗位");
    }
    why.join("；")
}

/// One item of a person's scale on `d`, from their issues of that item.
fn item_status(line: &UniformScaleItem, issues: &[(NaiveDate, i64)], d: NaiveDate) -> UniformItemStatus {
    let life = line.life_years as i32;
    let issued: Vec<&(NaiveDate, i64)> = issues.iter().filter(|(on, _)| *on <= d).collect();
    // In service on d: issued on or before d, and d not past its replacement date.
    let in_service: i64 = issued.iter().filter(|(on, _)| d <= dates::add_years(*on, life)).map(|(_, q)| q).sum();
    let renewed = issued.iter().any(|(on, _)| d > dates::add_years(*on, life));
    let required = if renewed { line.renewal_quantity.unwrap_or(line.quantity) } else { line.quantity };
    let last = issued.iter().map(|(on, _)| *on).max();
    let state = match (last, in_service) {
        (None, _) => UniformItemState::NotIssued,
        (Some(_), 0) => UniformItemState::Overdue,
        (Some(_), n) if n < required => UniformItemState::Short,
        _ => UniformItemState::Issued,
    };
    UniformItemStatus {
        item: line.item.clone(),
        category: line.category.clone(),
        required,
        in_service,
        last_issued_on: last.map(dates::iso),
        next_replacement_on: last.map(|l| dates::iso(dates::add_years(l, life))),
        state,
    }
}

/// Everyone's uniform on `d`, from one read of the scale and the issues. `None` until the
/// branch's climate zone is set (the scale depends on it).
pub(crate) fn statuses(conn: &Connection, staff: &[&Staff], d: NaiveDate) -> Result<Option<Vec<UniformStatus>>> {
    let Some(zone) = zone(conn)? else { return Ok(None) };
    let lines: Vec<UniformScaleItem> = scale(conn)?.into_iter().filter(|l| l.zone == zone).collect();
    // staff id → item → (issued on, quantity)
    let mut issues: HashMap<String, HashMap<String, Vec<(NaiveDate, i64)>>> = HashMap::new();
    {
        let mut st = conn.prepare_cached(
            "SELECT i.staff_id, i.item, i.issued_on, i.quantity FROM uniform_issues i WHERE i.deleted = 0",
        )?;
        let rows = st.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?))
        })?;
        for row in rows {
            let (staff_id, item, on, q) = row?;
            if let Some(on) = dates::parse_date(&on) {
                issues.entry(staff_id).or_default().entry(item).or_default().push((on, q));
            }
        }
    }
    let out = staff
        .iter()
        .map(|s| {
            let reason = ineligibility(s);
            let mine: Vec<&UniformScaleItem> =
                lines.iter().filter(|l| l.gender.is_none() || l.gender == s.gender).collect();
            let items: Vec<UniformItemStatus> = mine
                .iter()
                .map(|l| {
                    let got = issues
                        .get(s.id.as_str())
                        .and_then(|items| items.get(l.item.as_str()))
                        .map(Vec::as_slice)
                        .unwrap_or(&[]);
                    item_status(l, got, d)
                })
                .collect();
            let gendered_known = s.gender.is_some() || lines.iter().all(|l| l.gender.is_none());
            let complete =
                gendered_known && !items.is_empty() && items.iter().all(|i| i.state == UniformItemState::Issued);
            UniformStatus {
                staff_id: s.id.clone(),
                staff_name: s.name.clone(),
                unit_name: s.unit_name.clone(),
                eligible: reason.is_empty(),
                reason: if gendered_known || !reason.is_empty() {
                    reason
                } else {
                    "性别未填，无法确定配发标准".to_string()
                },
                items,
                complete,
            }
        })
        .collect();
    Ok(Some(out))
}

/// One person's uniform on `d` (`None` until the climate zone is set).
pub(crate) fn status_of(conn: &Connection, s: &Staff, d: NaiveDate) -> Result<Option<UniformStatus>> {
    Ok(statuses(conn, &[s], d)?.and_then(|mut v| v.pop()))
}

fn validate_scale(input: &UniformScaleInput) -> Result<(String, String, ClimateZone)> {
    let item = input.item.trim().to_string();
    if item.is_empty() || item.chars().count() > 30 {
        return Err(LedgerError::invalid("品名", "不能为空，且不超过 30 个字"));
    }
    let category = input.category.trim().to_string();
    if !["帽类", "服装类", "鞋类", "标志类"].contains(&category.as_str()) {
        return Err(LedgerError::invalid("类别", "应为 帽类、服装类、鞋类 或 标志类"));
    }
    let Some(zone) = input.zone else {
        return Err(LedgerError::invalid("气候区", format!("不能为空，应为 {}", ClimateZone::choices())));
    };
    if !(1..=100).contains(&input.quantity) {
        return Err(LedgerError::invalid("数量", "应为 1—100 的整数"));
    }
    if input.renewal_quantity.is_some_and(|q| !(1..=100).contains(&q)) {
        return Err(LedgerError::invalid("换发数量", "应为 1—100 的整数，或留空"));
    }
    if !(1..=20).contains(&input.life_years) {
        return Err(LedgerError::invalid("使用年限", "应为 1—20 年"));
    }
    Ok((item, category, zone))
}

impl Ledger {
    /// The branch's climate zone (`None` until set).
    pub fn climate_zone(&self) -> Result<Option<ClimateZone>> {
        zone(self.conn())
    }

    /// Set the branch's climate zone, which picks the lines of the issue scale that apply.
    pub fn set_climate_zone(&mut self, zone_: ClimateZone) -> Result<()> {
        self.write(|tx| {
            let before = zone(tx)?;
            crate::store::settings::put(tx, ZONE_KEY, zone_.label())?;
            tx.audit(
                "setting",
                ZONE_KEY,
                "update",
                Some(&serde_json::json!({"name": "气候区", "value": before.map(|z| z.label())})),
                Some(&serde_json::json!({"name": "气候区", "value": zone_.label()})),
            )?;
            Ok(())
        })
    }

    /// Every line of the issue scale, by zone.
    pub fn uniform_scale(&self) -> Result<Vec<UniformScaleItem>> {
        scale(self.conn())
    }

    /// Add a line to the issue scale (an item the shipped table lacks, such as 防寒服).
    pub fn create_uniform_scale_item(&mut self, input: &UniformScaleInput) -> Result<UniformScaleItem> {
        let (item, category, zone) = validate_scale(input)?;
        self.write(|tx| {
            let id = uuid::Uuid::new_v4().to_string();
            let now = now_rfc3339();
            tx.execute(
                "INSERT INTO uniform_scale (id, item, category, gender, zone, quantity, renewal_quantity, life_years,
                     note, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                params![
                    id,
                    item,
                    category,
                    input.gender.map(Gender::label),
                    zone.label(),
                    input.quantity,
                    input.renewal_quantity,
                    input.life_years,
                    input.note.trim(),
                    now
                ],
            )
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::ConstraintViolation) => {
                    LedgerError::invalid("品名", format!("“{item}”在{}区已有配发标准", zone.label()))
                }
                _ => e.into(),
            })?;
            let line = scale_item(tx, &id)?;
            tx.audit("uniform_scale", &id, "create", None::<&()>, Some(&line))?;
            Ok(line)
        })
    }

    /// Change a line of the issue scale, still at `revision`.
    pub fn update_uniform_scale_item(
        &mut self,
        id: &str,
        revision: i64,
        input: &UniformScaleInput,
    ) -> Result<UniformScaleItem> {
        let (item, category, zone) = validate_scale(input)?;
        self.write(|tx| {
            let before = scale_item(tx, id)?;
            LedgerError::check_revision("配发标准", before.revision, revision)?;
            tx.execute(
                "UPDATE uniform_scale SET item = ?2, category = ?3, gender = ?4, zone = ?5, quantity = ?6,
                     renewal_quantity = ?7, life_years = ?8, note = ?9, updated_at = ?10, revision = revision + 1
                 WHERE id = ?1",
                params![
                    id,
                    item,
                    category,
                    input.gender.map(Gender::label),
                    zone.label(),
                    input.quantity,
                    input.renewal_quantity,
                    input.life_years,
                    input.note.trim(),
                    now_rfc3339()
                ],
            )?;
            let after = scale_item(tx, id)?;
            tx.audit("uniform_scale", id, "update", Some(&before), Some(&after))?;
            Ok(after)
        })
    }

    /// Remove a line from the issue scale.
    pub fn delete_uniform_scale_item(&mut self, id: &str, revision: i64) -> Result<()> {
        self.write(|tx| {
            let before = scale_item(tx, id)?;
            LedgerError::check_revision("配发标准", before.revision, revision)?;
            tx.execute(
                "UPDATE uniform_scale SET deleted = 1, updated_at = ?2, revision = revision + 1 WHERE id = ?1",
                params![id, now_rfc3339()],
            )?;
            tx.audit("uniform_scale", id, "delete", Some(&before), None::<&()>)?;
            Ok(())
        })
    }

    /// Record items issued to a person.
    pub fn create_uniform_issue(&mut self, input: &UniformIssueInput) -> Result<UniformIssue> {
        let v = validate_issue(input)?;
        self.write(|tx| insert_issue(tx, &v))
    }

    /// Correct an issue (person, item, quantity, date), still at `revision`.
    pub fn update_uniform_issue(&mut self, id: &str, revision: i64, input: &UniformIssueInput) -> Result<UniformIssue> {
        let v = validate_issue(input)?;
        self.write(|tx| update_issue(tx, id, revision, &v))
    }

    /// Tombstone an issue entered by mistake.
    pub fn delete_uniform_issue(&mut self, id: &str, revision: i64) -> Result<()> {
        self.write(|tx| {
            let before = issue(tx, id)?;
            LedgerError::check_revision("服装发放记录", before.revision, revision)?;
            tx.execute(
                "UPDATE uniform_issues SET deleted = 1, updated_at = ?2, revision = revision + 1 WHERE id = ?1",
                params![id, now_rfc3339()],
            )?;
            tx.audit("uniform_issue", id, "delete", Some(&before), None::<&()>)?;
            Ok(())
        })
    }

    /// Every issue (latest first), optionally of one person.
    pub fn list_uniform_issues(&self, staff_id: Option<&str>) -> Result<Vec<UniformIssue>> {
        let sql = format!(
            "{ISSUE_SELECT} WHERE i.deleted = 0 AND s.deleted = 0 AND (?1 IS NULL OR i.staff_id = ?1)
             ORDER BY i.issued_on DESC, s.name, i.item"
        );
        let rows = self
            .conn()
            .prepare_cached(&sql)?
            .query_map([staff_id], issue_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The page of issue records `q` asks for, latest first (the app's 发放记录 tab: a large
    /// branch has tens of thousands).
    pub fn uniform_issue_page(&self, q: &UniformIssueQuery) -> Result<UniformIssuePage> {
        let search = search::fold(&super::staff::normalize_name(q.search.as_deref().unwrap_or("")));
        let filter = "i.deleted = 0 AND s.deleted = 0
             AND (?1 = '' OR instr(fold(s.name), ?1) > 0 OR instr(fold(i.item), ?1) > 0
                  OR instr(fold(COALESCE(u.name, '')), ?1) > 0)";
        let total: i64 = self
            .conn()
            .prepare_cached(&format!(
                "SELECT count(*) FROM uniform_issues i JOIN staff s ON s.id = i.staff_id
               LEFT JOIN org_units u ON u.id = s.unit_id WHERE {filter}"
            ))?
            .query_row([&search], |r| r.get(0))?;
        let limit = q.limit.map(i64::from).unwrap_or(-1);
        let items = self
            .conn()
            .prepare_cached(&format!(
                "{ISSUE_SELECT} WHERE {filter} ORDER BY i.issued_on DESC, s.name, i.item, i.id LIMIT ?2 OFFSET ?3"
            ))?
            .query_map(params![search, limit, q.offset], issue_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(UniformIssuePage { total, items })
    }

    /// The uniform of everyone on the roll on `d`: eligible people first, those who lack something
    /// or wear something past its replacement date before those fully issued. `None` until the
    /// climate zone is set.
    pub fn uniform_overview(&self, d: NaiveDate) -> Result<Option<Vec<UniformStatus>>> {
        let staff = self
            .list_staff(&super::StaffQuery { as_of: Some(dates::iso(d)), on_roll_only: true, ..Default::default() })?
            .items;
        let refs: Vec<&Staff> = staff.iter().collect();
        let Some(mut all) = statuses(self.conn(), &refs, d)? else { return Ok(None) };
        all.sort_by_key(|s| (!s.eligible, s.complete));
        Ok(Some(all))
    }

    /// The page of [`Ledger::uniform_overview`] from `offset`, at most `limit` people (the app
    /// shows 50 of a large branch's thousands); `incomplete_only` keeps the eligible people who
    /// lack something or wear something past its replacement date. `None` until the climate zone
    /// is set.
    pub fn uniform_overview_page(
        &self,
        d: NaiveDate,
        incomplete_only: bool,
        offset: u32,
        limit: u32,
    ) -> Result<Option<UniformOverviewPage>> {
        let Some(all) = self.uniform_overview(d)? else { return Ok(None) };
        let eligible = all.iter().filter(|s| s.eligible).count() as i64;
        let complete = all.iter().filter(|s| s.eligible && s.complete).count() as i64;
        let kept: Vec<UniformStatus> =
            if incomplete_only { all.into_iter().filter(|s| s.eligible && !s.complete).collect() } else { all };
        let total = kept.len() as i64;
        let items = kept.into_iter().skip(offset as usize).take(limit as usize).collect();
        Ok(Some(UniformOverviewPage { eligible, complete, total, items }))
    }
}

/// An issue input that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValidIssue {
    pub staff_id: String,
    pub item: String,
    pub quantity: i64,
    pub issued_on: String,
    pub note: String,
}

pub(crate) fn validate_issue(input: &UniformIssueInput) -> Result<ValidIssue> {
    if input.staff_id.trim().is_empty() {
        return Err(LedgerError::invalid("领用人", "不能为空"));
    }
    let item = input.item.trim().to_string();
    if item.is_empty() || item.chars().count() > 30 {
        return Err(LedgerError::invalid("品名", "不能为空，且不超过 30 个字"));
    }
    if !(1..=100).contains(&input.quantity) {
        return Err(LedgerError::invalid("数量", "应为 1—100 的整数"));
    }
    let on = dates::parse_field("发放日期", &input.issued_on)?;
    Ok(ValidIssue {
        staff_id: input.staff_id.trim().to_string(),
        item,
        quantity: input.quantity,
        issued_on: dates::iso(on),
        note: input.note.trim().chars().take(500).collect(),
    })
}

/// The raw insert, without audit (the demo generator uses it in bulk).
pub(crate) fn insert_issue_with_id(conn: &Connection, id: &str, v: &ValidIssue, now: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO uniform_issues (id, staff_id, item, quantity, issued_on, note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?
    .execute(params![id, v.staff_id, v.item, v.quantity, v.issued_on, v.note, now])?;
    Ok(())
}

/// Insert a validated issue in `tx` and audit it.
pub(crate) fn insert_issue(tx: &Tx<'_>, v: &ValidIssue) -> Result<UniformIssue> {
    let ok: bool =
        tx.query_row("SELECT EXISTS(SELECT 1 FROM staff WHERE id = ?1 AND deleted = 0)", [&v.staff_id], |r| r.get(0))?;
    if !ok {
        return Err(LedgerError::invalid("领用人", "人员不存在"));
    }
    let id = uuid::Uuid::new_v4().to_string();
    insert_issue_with_id(tx, &id, v, &now_rfc3339())?;
    let i = issue(tx, &id)?;
    tx.audit("uniform_issue", &id, "create", None::<&()>, Some(&i))?;
    Ok(i)
}

/// Update an issue in `tx` if still at `revision`, and audit it. Saving what is there writes nothing.
pub(crate) fn update_issue(tx: &Tx<'_>, id: &str, revision: i64, v: &ValidIssue) -> Result<UniformIssue> {
    let before = issue(tx, id)?;
    LedgerError::check_revision("服装发放记录", before.revision, revision)?;
    let same = before.staff_id == v.staff_id
        && before.item == v.item
        && before.quantity == v.quantity
        && before.issued_on == v.issued_on
        && before.note == v.note;
    if same {
        return Ok(before);
    }
    let ok: bool =
        tx.query_row("SELECT EXISTS(SELECT 1 FROM staff WHERE id = ?1 AND deleted = 0)", [&v.staff_id], |r| r.get(0))?;
    if !ok {
        return Err(LedgerError::invalid("领用人", "人员不存在"));
    }
    tx.execute(
        "UPDATE uniform_issues SET staff_id = ?2, item = ?3, quantity = ?4, issued_on = ?5, note = ?6, updated_at = ?7,
             revision = revision + 1
         WHERE id = ?1",
        params![id, v.staff_id, v.item, v.quantity, v.issued_on, v.note, now_rfc3339()],
    )?;
    let after = issue(tx, id)?;
    tx.audit("uniform_issue", id, "update", Some(&before), Some(&after))?;
    Ok(after)
}

/// Bring the issue scale in line with a scale file (the format of seeds/reference/uniforms.toml),
/// in the caller's transaction: lines the file has and the scale lacks are added, lines whose
/// quantities or service life differ are updated; lines only the clerk has stay. Returns the
/// lines added and changed, as `大檐帽（北温）` labels.
pub(crate) fn merge_scale(tx: &crate::Tx<'_>, text: &str, origin: &str) -> Result<(Vec<String>, Vec<String>)> {
    let file: ScaleFile =
        toml::from_str(text).map_err(|e| LedgerError::file(origin, format!("制服配发标准格式错误：{e}")))?;
    let (mut added, mut changed) = (Vec::new(), Vec::new());
    let now = now_rfc3339();
    for line in &file.scale {
        for zone in &line.zones {
            let label = match &line.gender {
                Some(g) => format!("{}（{zone}，{g}）", line.item),
                None => format!("{}（{zone}）", line.item),
            };
            let found: Option<(String, i64, Option<i64>, i64)> = tx
                .query_row(
                    "SELECT id, quantity, renewal_quantity, life_years FROM uniform_scale
                     WHERE item = ?1 AND zone = ?2 AND COALESCE(gender, '') = COALESCE(?3, '') AND deleted = 0",
                    params![line.item, zone, line.gender],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            match found {
                Some((id, q, rq, life)) => {
                    if (q, rq, life) != (line.quantity, line.renewal_quantity, line.life_years) {
                        tx.execute(
                            "UPDATE uniform_scale SET quantity = ?2, renewal_quantity = ?3, life_years = ?4,
                                 updated_at = ?5, revision = revision + 1 WHERE id = ?1",
                            params![id, line.quantity, line.renewal_quantity, line.life_years, now],
                        )?;
                        tx.audit(
                            "uniform_scale",
                            &id,
                            "update",
                            Some(&(q, rq, life)),
                            Some(&(line.quantity, line.renewal_quantity, line.life_years)),
                        )?;
                        changed.push(label);
                    }
                }
                None => {
                    let id = uuid::Uuid::new_v4().to_string();
                    tx.execute(
                        "INSERT INTO uniform_scale (id, item, category, gender, zone, quantity, renewal_quantity, life_years,
                             note, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                        params![id, line.item, line.category, line.gender, zone, line.quantity, line.renewal_quantity, line.life_years, line.note, now],
                    )?;
                    tx.audit("uniform_scale", &id, "create", None::<&()>, Some(&label))?;
                    added.push(label);
                }
            }
        }
    }
    Ok((added, changed))
}
