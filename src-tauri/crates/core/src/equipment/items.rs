//! Inventory items: validation, create/update/delete, the inventory's filtered pages, an item
//! with its whole history.

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::model::{EquipmentDetail, EquipmentInput, EquipmentItem, EquipmentPage, EquipmentQuery, ItemStatus};
use crate::error::{LedgerError, Result};
use crate::store::dates::{self, now_rfc3339};
use crate::store::{search, text};
use crate::{org, Ledger, Tx};

const SELECT: &str = "SELECT e.id, e.asset_no, e.standard_item_id, s.name, e.name, e.category, e.model, e.serial_no,
    e.quantity, e.acquired_on, e.funding, e.price, e.warranty_until, e.service_life_years, e.unit_id,
    COALESCE(u.name, ''), e.location, e.custodian_id, c.name, e.status, e.wireless_video, e.scrapped_on, e.note,
    (SELECT p.name FROM equipment_events v JOIN staff p ON p.id = v.person_id
      WHERE v.item_id = e.id AND v.deleted = 0 AND v.kind = '领用' AND v.returned_on IS NULL
      ORDER BY v.event_on DESC LIMIT 1),
    (SELECT v.expected_return_on FROM equipment_events v
      WHERE v.item_id = e.id AND v.deleted = 0 AND v.kind = '领用' AND v.returned_on IS NULL
      ORDER BY v.event_on DESC LIMIT 1),
    (SELECT count(*) FROM evidence x WHERE x.entity = 'equipment' AND x.entity_id = e.id AND x.deleted = 0),
    e.created_at, e.updated_at, e.revision
  FROM equipment_items e
  LEFT JOIN standard_items s ON s.id = e.standard_item_id
  LEFT JOIN org_units u ON u.id = e.unit_id
  LEFT JOIN staff c ON c.id = e.custodian_id";

fn from_row(r: &Row) -> rusqlite::Result<EquipmentItem> {
    Ok(EquipmentItem {
        id: r.get(0)?,
        asset_no: r.get(1)?,
        standard_item_id: r.get(2)?,
        standard_item_name: r.get(3)?,
        name: r.get(4)?,
        category: r.get(5)?,
        model: r.get(6)?,
        serial_no: r.get(7)?,
        quantity: r.get(8)?,
        acquired_on: r.get(9)?,
        funding: r.get(10)?,
        price: r.get(11)?,
        warranty_until: r.get(12)?,
        service_life_years: r.get(13)?,
        unit_id: r.get(14)?,
        unit_name: r.get(15)?,
        location: r.get(16)?,
        custodian_id: r.get(17)?,
        custodian_name: r.get(18)?,
        status: r.get(19)?,
        wireless_video: r.get(20)?,
        scrapped_on: r.get(21)?,
        note: r.get(22)?,
        checked_out_to: r.get(23)?,
        expected_return_on: r.get(24)?,
        evidence_count: r.get(25)?,
        created_at: r.get(26)?,
        updated_at: r.get(27)?,
        revision: r.get(28)?,
    })
}

/// The live item `id`.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<EquipmentItem> {
    conn.prepare_cached(&format!("{SELECT} WHERE e.id = ?1 AND e.deleted = 0"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| LedgerError::NotFound { entity: "装备", id: id.to_string() })
}

/// An item input that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValidItem {
    pub asset_no: String,
    pub standard_item_id: Option<String>,
    pub name: String,
    pub category: String,
    pub model: String,
    pub serial_no: String,
    pub quantity: i64,
    pub acquired_on: Option<String>,
    pub funding: String,
    pub price: Option<f64>,
    pub warranty_until: Option<String>,
    pub service_life_years: Option<i64>,
    pub unit_id: Option<String>,
    pub location: String,
    pub custodian_id: Option<String>,
    pub status: ItemStatus,
    pub wireless_video: bool,
    pub note: String,
}

fn short(field: &str, s: &str, max: usize) -> Result<String> {
    let s = s.trim();
    if s.chars().count() > max {
        return Err(LedgerError::invalid(field, format!("不能超过 {max} 个字")));
    }
    Ok(s.to_string())
}

/// Check every field of `input`; the error names the first field at fault.
pub(crate) fn validate(input: &EquipmentInput) -> Result<ValidItem> {
    let asset_no = input.asset_no.trim().to_string();
    if asset_no.is_empty() {
        return Err(LedgerError::invalid("资产编号", "不能为空"));
    }
    let name = short("装备名称", &input.name, 60)?;
    if name.is_empty() {
        return Err(LedgerError::invalid("装备名称", "不能为空"));
    }
    let quantity = input.quantity.unwrap_or(1);
    if !(0..=1_000_000).contains(&quantity) {
        return Err(LedgerError::invalid("数量", "应为 0 或正整数（耗材可为 0，表示已用完）"));
    }
    if input.price.is_some_and(|p| !(0.0..=1e10).contains(&p) || p.is_nan()) {
        return Err(LedgerError::invalid("价格", "应为不小于 0 的金额（元）"));
    }
    if input.service_life_years.is_some_and(|y| !(1..=50).contains(&y)) {
        return Err(LedgerError::invalid("使用年限", "应为 1—50 年"));
    }
    if input.status == Some(ItemStatus::Scrapped) {
        return Err(LedgerError::invalid("状态", "报废请用“报废”登记（记录原因和审批），不能直接改为已报废"));
    }
    Ok(ValidItem {
        asset_no: short("资产编号", &asset_no, 50)?,
        standard_item_id: input.standard_item_id.clone().filter(|s| !s.trim().is_empty()),
        name,
        category: short("类别", &input.category, 30)?,
        model: short("品牌型号", &input.model, 100)?,
        serial_no: short("序列号", &input.serial_no, 100)?,
        quantity,
        acquired_on: dates::parse_opt_field("购置日期", input.acquired_on.as_deref())?.map(dates::iso),
        funding: short("经费来源", &input.funding, 60)?,
        price: input.price,
        warranty_until: dates::parse_opt_field("保修期至", input.warranty_until.as_deref())?.map(dates::iso),
        service_life_years: input.service_life_years,
        unit_id: input.unit_id.clone().filter(|s| !s.trim().is_empty()),
        location: short("存放地点", &input.location, 100)?,
        custodian_id: input.custodian_id.clone().filter(|s| !s.trim().is_empty()),
        status: input.status.unwrap_or(ItemStatus::InUse),
        wireless_video: input.wireless_video,
        note: short("备注", &input.note, 500)?,
    })
}

impl EquipmentItem {
    /// The editable fields of this item.
    pub fn to_input(&self) -> EquipmentInput {
        EquipmentInput {
            asset_no: self.asset_no.clone(),
            standard_item_id: self.standard_item_id.clone(),
            name: self.name.clone(),
            category: self.category.clone(),
            model: self.model.clone(),
            serial_no: self.serial_no.clone(),
            quantity: Some(self.quantity),
            acquired_on: self.acquired_on.clone(),
            funding: self.funding.clone(),
            price: self.price,
            warranty_until: self.warranty_until.clone(),
            service_life_years: self.service_life_years,
            unit_id: Some(self.unit_id.clone()),
            location: self.location.clone(),
            custodian_id: self.custodian_id.clone(),
            status: (self.status != ItemStatus::Scrapped).then_some(self.status),
            wireless_video: self.wireless_video,
            note: self.note.clone(),
        }
    }
}

/// Resolve the references of `v` in `conn` (unit, custodian, standard item) and fill the category
/// from the standard item when it is empty. Errors name the field.
fn resolve(conn: &Connection, v: &ValidItem, except: Option<&str>) -> Result<(String, String)> {
    let unit_id = match &v.unit_id {
        Some(id) => org::unit(conn, id)?.map(|u| u.id).ok_or_else(|| LedgerError::invalid("所在单位", "单位不存在"))?,
        None => org::branch_id(conn)?.ok_or(LedgerError::NotInitialized)?,
    };
    if let Some(c) = &v.custodian_id {
        let ok: bool =
            conn.query_row("SELECT EXISTS(SELECT 1 FROM staff WHERE id = ?1 AND deleted = 0)", [c], |r| r.get(0))?;
        if !ok {
            return Err(LedgerError::invalid("保管人", "人员不存在"));
        }
    }
    let mut category = v.category.clone();
    if let Some(s) = &v.standard_item_id {
        let std = super::standard::get(conn, s).map_err(|_| LedgerError::invalid("标准装备", "标准装备不存在"))?;
        if category.is_empty() {
            category = std.category;
        }
    }
    let taken: Option<String> = conn
        .query_row(
            "SELECT name FROM equipment_items WHERE asset_no = ?1 AND deleted = 0 AND id IS NOT ?2",
            params![v.asset_no, except],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(other) = taken {
        return Err(LedgerError::invalid("资产编号", format!("“{}”已用于“{other}”", v.asset_no)));
    }
    Ok((unit_id, category))
}

fn search_text(v: &ValidItem) -> String {
    search_text_of([&v.asset_no, &v.name, &v.model, &v.serial_no, &v.location])
}

/// What the 搜索 box finds an item by: its 资产编号, 名称, 型号, 出厂编号 and 存放地点, folded as
/// the query is ([`search::fold`]).
fn search_text_of(fields: [&str; 5]) -> String {
    fields.map(search::fold).join("\u{1f}")
}

/// Fold again, in `tx`, the search text of every item whose fields hold full-width forms: for
/// search text an older program folded differently ([`crate::store::search::FOLDING_VERSION`]).
pub(crate) fn refold_search_text(tx: &Tx<'_>) -> Result<()> {
    let mut stale = Vec::new();
    let mut st = tx.prepare("SELECT id, asset_no, name, model, serial_no, location FROM equipment_items")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let fields: [String; 5] = [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?];
        if fields.iter().any(|f| text::has_full_width(f)) {
            stale.push((r.get::<_, String>(0)?, search_text_of(fields.each_ref().map(String::as_str))));
        }
    }
    for (id, search_text) in stale {
        tx.prepare_cached("UPDATE equipment_items SET search_text = ?2 WHERE id = ?1")?
            .execute(params![id, search_text])?;
    }
    Ok(())
}

/// The values `?1`…`?19` of the insert and update, in one order for both.
fn values(v: &ValidItem, unit_id: &str, category: &str) -> Vec<Value> {
    let text = |s: &str| Value::Text(s.to_string());
    let opt = |s: &Option<String>| s.as_deref().map(text).unwrap_or(Value::Null);
    vec![
        text(&v.asset_no),
        opt(&v.standard_item_id),
        text(&v.name),
        text(category),
        text(&v.model),
        text(&v.serial_no),
        Value::Integer(v.quantity),
        opt(&v.acquired_on),
        text(&v.funding),
        v.price.map(Value::Real).unwrap_or(Value::Null),
        opt(&v.warranty_until),
        v.service_life_years.map(Value::Integer).unwrap_or(Value::Null),
        text(unit_id),
        text(&v.location),
        opt(&v.custodian_id),
        text(v.status.label()),
        Value::Integer(v.wireless_video.into()),
        text(&v.note),
        text(&search_text(v)),
    ]
}

/// The raw insert without checks or audit (`?20` id, `?21` time): the demo generator uses it.
pub(crate) fn insert_with_id(
    conn: &Connection,
    id: &str,
    v: &ValidItem,
    unit_id: &str,
    category: &str,
    now: &str,
) -> Result<()> {
    let mut vals = values(v, unit_id, category);
    vals.push(Value::Text(id.to_string()));
    vals.push(Value::Text(now.to_string()));
    conn.prepare_cached(
        "INSERT INTO equipment_items (asset_no, standard_item_id, name, category, model, serial_no, quantity,
             acquired_on, funding, price, warranty_until, service_life_years, unit_id, location, custodian_id,
             status, wireless_video, note, search_text, id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?21)",
    )?
    .execute(rusqlite::params_from_iter(vals))?;
    Ok(())
}

/// Insert a validated item in `tx` and audit it. Used by create and import.
pub(crate) fn insert(tx: &Tx<'_>, v: &ValidItem) -> Result<EquipmentItem> {
    let (unit_id, category) = resolve(tx, v, None)?;
    let id = uuid::Uuid::new_v4().to_string();
    insert_with_id(tx, &id, v, &unit_id, &category, &now_rfc3339())?;
    let item = get(tx, &id)?;
    tx.audit("equipment", &id, "create", None::<&()>, Some(&item))?;
    Ok(item)
}

/// Update an item in `tx` if still at `revision`, and audit it. Saving what is there writes
/// nothing; a scrapped item keeps its status.
pub(crate) fn update(tx: &Tx<'_>, id: &str, revision: i64, v: &ValidItem) -> Result<EquipmentItem> {
    let before = get(tx, id)?;
    LedgerError::check_revision("装备", before.revision, revision)?;
    let (unit_id, category) = resolve(tx, v, Some(id))?;
    let status = if before.status == ItemStatus::Scrapped { ItemStatus::Scrapped } else { v.status };
    let v = ValidItem { status, category: category.clone(), unit_id: Some(unit_id.clone()), ..v.clone() };
    if v == stored(&before) {
        return Ok(before);
    }
    let mut vals = values(&v, &unit_id, &category);
    vals.push(Value::Text(id.to_string()));
    vals.push(Value::Text(now_rfc3339()));
    tx.prepare_cached(
        "UPDATE equipment_items SET asset_no = ?1, standard_item_id = ?2, name = ?3, category = ?4, model = ?5,
             serial_no = ?6, quantity = ?7, acquired_on = ?8, funding = ?9, price = ?10, warranty_until = ?11,
             service_life_years = ?12, unit_id = ?13, location = ?14, custodian_id = ?15, status = ?16,
             wireless_video = ?17, note = ?18, search_text = ?19, updated_at = ?21, revision = revision + 1
         WHERE id = ?20",
    )?
    .execute(rusqlite::params_from_iter(vals))?;
    let after = get(tx, id)?;
    tx.audit("equipment", id, "update", Some(&before), Some(&after))?;
    Ok(after)
}

/// The stored item as a validated input (for the unchanged check; a scrapped item included).
fn stored(item: &EquipmentItem) -> ValidItem {
    ValidItem {
        asset_no: item.asset_no.clone(),
        standard_item_id: item.standard_item_id.clone(),
        name: item.name.clone(),
        category: item.category.clone(),
        model: item.model.clone(),
        serial_no: item.serial_no.clone(),
        quantity: item.quantity,
        acquired_on: item.acquired_on.clone(),
        funding: item.funding.clone(),
        price: item.price,
        warranty_until: item.warranty_until.clone(),
        service_life_years: item.service_life_years,
        unit_id: Some(item.unit_id.clone()),
        location: item.location.clone(),
        custodian_id: item.custodian_id.clone(),
        status: item.status,
        wireless_video: item.wireless_video,
        note: item.note.clone(),
    }
}

fn filter(q: &EquipmentQuery) -> (String, Vec<Value>) {
    let mut sql = String::from(" WHERE e.deleted = 0");
    let mut args: Vec<Value> = Vec::new();
    let mut arg = |sql: &mut String, clause: &str, v: Value| {
        args.push(v);
        sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
    };
    if let Some(c) = q.category.as_deref().filter(|s| !s.is_empty()) {
        arg(&mut sql, " AND e.category = ?", Value::Text(c.into()));
    }
    if let Some(s) = q.status {
        arg(&mut sql, " AND e.status = ?", Value::Text(s.label().into()));
    }
    if q.hide_scrapped {
        sql.push_str(" AND e.status <> '已报废'");
    }
    if let Some(u) = q.unit_id.as_deref().filter(|s| !s.is_empty()) {
        arg(&mut sql, " AND e.unit_id = ?", Value::Text(u.into()));
    }
    if let Some(c) = q.custodian_id.as_deref().filter(|s| !s.is_empty()) {
        arg(&mut sql, " AND e.custodian_id = ?", Value::Text(c.into()));
    }
    if let Some(s) = q.standard_item_id.as_deref().filter(|s| !s.is_empty()) {
        arg(&mut sql, " AND e.standard_item_id = ?", Value::Text(s.into()));
    }
    match q.checked_out {
        None => {}
        Some(out) => sql.push_str(&format!(
            " AND {}EXISTS(SELECT 1 FROM equipment_events v WHERE v.item_id = e.id AND v.deleted = 0
                AND v.kind = '领用' AND v.returned_on IS NULL)",
            if out { "" } else { "NOT " }
        )),
    }
    if let Some(t) = q.search.as_deref().map(|s| search::fold(s.trim())).filter(|s| !s.is_empty()) {
        arg(&mut sql, " AND instr(e.search_text, ?) > 0", Value::Text(t));
    }
    (sql, args)
}

impl Ledger {
    /// Register an item.
    pub fn create_equipment(&mut self, input: &EquipmentInput) -> Result<EquipmentItem> {
        let v = validate(input)?;
        self.require_branch()?;
        self.write(|tx| insert(tx, &v))
    }

    /// Replace the editable fields of the item `id`, still at `revision`.
    pub fn update_equipment(&mut self, id: &str, revision: i64, input: &EquipmentInput) -> Result<EquipmentItem> {
        let v = validate(input)?;
        self.write(|tx| update(tx, id, revision, &v))
    }

    /// Tombstone an item registered by mistake. An item that leaves service is scrapped instead
    /// (报废), which keeps it in the history.
    pub fn delete_equipment(&mut self, id: &str, revision: i64) -> Result<()> {
        self.write(|tx| {
            let before = get(tx, id)?;
            LedgerError::check_revision("装备", before.revision, revision)?;
            tx.execute(
                "UPDATE equipment_items SET deleted = 1, updated_at = ?2, revision = revision + 1 WHERE id = ?1",
                params![id, now_rfc3339()],
            )?;
            tx.execute(
                "UPDATE equipment_schedules SET deleted = 1, updated_at = ?2, revision = revision + 1
                 WHERE item_id = ?1 AND deleted = 0",
                params![id, now_rfc3339()],
            )?;
            tx.audit("equipment", id, "delete", Some(&before), None::<&()>)?;
            Ok(())
        })
    }

    /// The item `id`, its asset number, or a unique prefix of its id (at least 8 characters).
    pub fn equipment(&self, id_or_asset_no: &str) -> Result<EquipmentItem> {
        let s = id_or_asset_no.trim();
        let found: Option<String> = self
            .conn()
            .query_row(
                "SELECT id FROM equipment_items WHERE deleted = 0 AND (id = ?1 OR asset_no = ?1
                   OR (length(?1) >= 8 AND lower(substr(id, 1, length(?1))) = lower(?1)))
                 ORDER BY id = ?1 DESC, asset_no = ?1 DESC LIMIT 1",
                [s],
                |r| r.get(0),
            )
            .optional()?;
        get(self.conn(), &found.ok_or_else(|| LedgerError::NotFound { entity: "装备", id: s.to_string() })?)
    }

    /// An item with its whole history, its schedules and what is due on it (for `as_of`, today
    /// when `None`).
    pub fn equipment_detail(&self, id: &str, as_of: Option<chrono::NaiveDate>) -> Result<EquipmentDetail> {
        let item = self.equipment(id)?;
        let d = as_of.unwrap_or_else(dates::today);
        Ok(EquipmentDetail {
            events: super::events::of_item(self.conn(), &item.id)?,
            schedules: super::schedules::of_item(self.conn(), &item)?,
            // Everything scheduled on it, however far ahead.
            due: super::schedules::due(self.conn(), d, i64::MAX, Some(&item.id))?,
            evidence: self.evidence_of("equipment", &item.id)?,
            item,
        })
    }

    /// An inventory page: filters and search.
    pub fn list_equipment(&self, q: &EquipmentQuery) -> Result<EquipmentPage> {
        let (where_sql, args) = filter(q);
        let total: i64 = self
            .conn()
            .prepare_cached(&format!("SELECT count(*) FROM equipment_items e{where_sql}"))?
            .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
        let limit = q.limit.map(i64::from).unwrap_or(-1);
        // The page is chosen first (scrapped items last), then the columns that need a lookup
        // are read for its rows only.
        let order = if q.hide_scrapped { "e.asset_no" } else { "e.status = '已报废', e.asset_no" };
        let page = format!(
            "(SELECT * FROM equipment_items e{where_sql} ORDER BY {order} LIMIT {limit} OFFSET {}) e",
            q.offset
        );
        let sql = format!("{} ORDER BY {order}", SELECT.replacen("equipment_items e", &page, 1));
        let items = self
            .conn()
            .prepare_cached(&sql)?
            .query_map(rusqlite::params_from_iter(args.iter()), from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(EquipmentPage { total, items })
    }

    /// The categories the inventory uses, for the filter.
    pub fn equipment_categories(&self) -> Result<Vec<String>> {
        let mut st = self.conn().prepare(
            "SELECT category FROM equipment_items WHERE deleted = 0 AND category <> ''
             UNION SELECT category FROM standard_items WHERE deleted = 0 AND category <> '' ORDER BY 1",
        )?;
        let rows = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(rows)
    }
}
