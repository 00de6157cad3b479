//! The roster (执法人员): validation, create/update/delete, the roster's filtered pages, a person
//! with everything hanging off them, and finding a person by name as the sheets write it.
//!
//! 在册, 借调中 and 持证 are never stored: they are read for a reference date in SQL
//! (`STATE_COLUMNS`), so they are always current and the figures read them the same way.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::model::{
    CertFilter, Education, Establishment, Gender, MajorCategory, Post, Staff, StaffDetail, StaffInput, StaffPage,
    StaffQuery,
};
use crate::error::{LedgerError, Result};
use crate::store::dates::{self, now_rfc3339};
use crate::store::search;
use crate::{org, Ledger, Tx};

/// The states of a person on the date bound at `?1` (METRICS.md "States of a person on D").
pub(crate) const STATE_COLUMNS: &str = "
    ((s.arrived_on IS NULL OR s.arrived_on <= ?1) AND (s.left_on IS NULL OR s.left_on > ?1)),
    EXISTS(SELECT 1 FROM secondments x WHERE x.staff_id = s.id AND x.deleted = 0
           AND x.start_on <= ?1 AND (x.end_on IS NULL OR x.end_on >= ?1)),
    EXISTS(SELECT 1 FROM certificates c WHERE c.staff_id = s.id AND c.deleted = 0 AND c.kind = '行政执法证'
           AND c.status = '有效' AND (c.issued_on IS NULL OR c.issued_on <= ?1)
           AND (c.expires_on IS NULL OR c.expires_on >= ?1))";

/// The roster's columns; `?1` is the reference date.
const SELECT: &str = "SELECT s.id, s.unit_id, COALESCE(u.name, ''), s.name, s.gender, s.post, s.establishment,
    s.arrived_on, s.established_on, s.left_on, s.education, s.major, s.major_category, s.legal_qualification,
    s.phone, s.size_hat, s.size_top, s.size_bottom, s.size_shoes, s.photo_evidence_id, s.note,
    /* states */ {STATES},
    (SELECT c.number || '|' || COALESCE(c.expires_on, '') FROM certificates c
      WHERE c.staff_id = s.id AND c.deleted = 0 AND c.kind = '行政执法证'
      ORDER BY c.status = '有效' DESC, c.expires_on DESC LIMIT 1),
    s.created_at, s.updated_at, s.revision
  FROM staff s LEFT JOIN org_units u ON u.id = s.unit_id";

fn select() -> String {
    SELECT.replace("{STATES}", STATE_COLUMNS)
}

fn from_row(r: &Row) -> rusqlite::Result<Staff> {
    let cert: Option<String> = r.get(24)?;
    let certificate = cert.map(|c| {
        let (number, expires) = c.split_once('|').unwrap_or((&c, ""));
        match dates::parse_date(expires) {
            Some(d) => format!("{number}（有效期至{}）", dates::zh(d)),
            None => number.to_string(),
        }
    });
    Ok(Staff {
        id: r.get(0)?,
        unit_id: r.get(1)?,
        unit_name: r.get(2)?,
        name: r.get(3)?,
        gender: r.get(4)?,
        post: r.get(5)?,
        establishment: r.get(6)?,
        arrived_on: r.get(7)?,
        established_on: r.get(8)?,
        left_on: r.get(9)?,
        education: r.get(10)?,
        major: r.get(11)?,
        major_category: r.get(12)?,
        legal_qualification: r.get(13)?,
        phone: r.get(14)?,
        size_hat: r.get(15)?,
        size_top: r.get(16)?,
        size_bottom: r.get(17)?,
        size_shoes: r.get(18)?,
        photo_evidence_id: r.get(19)?,
        note: r.get(20)?,
        on_roll: r.get(21)?,
        seconded: r.get(22)?,
        certified: r.get(23)?,
        certificate,
        created_at: r.get(25)?,
        updated_at: r.get(26)?,
        revision: r.get(27)?,
    })
}

/// A name as the roster keeps it: every space removed, since clerks pad two-character names to
/// line them up with three-character ones (`王  磊`, `王　磊`).
pub fn normalize_name(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

fn short(field: &str, s: &str, max: usize) -> Result<String> {
    let s = s.trim();
    if s.chars().count() > max {
        return Err(LedgerError::invalid(field, format!("不能超过 {max} 个字")));
    }
    Ok(s.to_string())
}

fn opt_date(field: &str, s: &Option<String>) -> Result<Option<String>> {
    Ok(dates::parse_opt_field(field, s.as_deref())?.map(dates::iso))
}

/// A staff input that passed validation: names trimmed, dates as `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValidStaff {
    pub unit_id: Option<String>,
    pub name: String,
    pub gender: Option<Gender>,
    pub post: Option<Post>,
    pub establishment: Option<Establishment>,
    pub arrived_on: Option<String>,
    pub established_on: Option<String>,
    pub left_on: Option<String>,
    pub education: Option<Education>,
    pub major: String,
    pub major_category: Option<MajorCategory>,
    pub legal_qualification: bool,
    pub phone: String,
    pub sizes: [String; 4],
    pub note: String,
}

/// Check every field of `input`; the error names the first field at fault.
pub(crate) fn validate(input: &StaffInput) -> Result<ValidStaff> {
    let name = normalize_name(&input.name);
    if name.is_empty() {
        return Err(LedgerError::invalid("姓名", "不能为空"));
    }
    if name.chars().count() > 30 {
        return Err(LedgerError::invalid("姓名", "不能超过 30 个字"));
    }
    let arrived_on = opt_date("到岗日期", &input.arrived_on)?;
    let left_on = opt_date("离岗日期", &input.left_on)?;
    if let (Some(a), Some(l)) = (&arrived_on, &left_on) {
        if l < a {
            return Err(LedgerError::invalid("离岗日期", "不能早于到岗日期"));
        }
    }
    let phone = short("联系电话", &input.phone, 30)?;
    if !phone.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+' | '(' | ')' | '（' | '）' | '、' | '/'))
    {
        return Err(LedgerError::invalid("联系电话", format!("“{phone}”不是电话号码")));
    }
    Ok(ValidStaff {
        unit_id: input.unit_id.clone().filter(|s| !s.trim().is_empty()),
        name,
        gender: input.gender,
        post: input.post,
        establishment: input.establishment,
        arrived_on,
        established_on: opt_date("入编日期", &input.established_on)?,
        left_on,
        education: input.education,
        major: short("专业", &input.major, 60)?,
        major_category: input.major_category,
        legal_qualification: input.legal_qualification,
        phone,
        sizes: [
            short("帽号", &input.size_hat, 20)?,
            short("上衣号", &input.size_top, 20)?,
            short("裤号", &input.size_bottom, 20)?,
            short("鞋号", &input.size_shoes, 20)?,
        ],
        note: short("备注", &input.note, 500)?,
    })
}

impl Staff {
    /// The editable fields of this person, for an update that changes only some of them.
    pub fn to_input(&self) -> StaffInput {
        StaffInput {
            unit_id: Some(self.unit_id.clone()),
            name: self.name.clone(),
            gender: self.gender,
            post: self.post,
            establishment: self.establishment,
            arrived_on: self.arrived_on.clone(),
            established_on: self.established_on.clone(),
            left_on: self.left_on.clone(),
            education: self.education,
            major: self.major.clone(),
            major_category: self.major_category,
            legal_qualification: self.legal_qualification,
            phone: self.phone.clone(),
            size_hat: self.size_hat.clone(),
            size_top: self.size_top.clone(),
            size_bottom: self.size_bottom.clone(),
            size_shoes: self.size_shoes.clone(),
            note: self.note.clone(),
        }
    }
}

/// The live person `id`, with states read for `as_of` (today when `None`).
pub(crate) fn get(conn: &Connection, id: &str, as_of: Option<NaiveDate>) -> Result<Staff> {
    let d = dates::iso(as_of.unwrap_or_else(dates::today));
    conn.prepare_cached(&format!("{} WHERE s.id = ?2 AND s.deleted = 0", select()))?
        .query_row(params![d, id], from_row)
        .optional()?
        .ok_or_else(|| LedgerError::NotFound { entity: "人员", id: id.to_string() })
}

fn resolve_unit(conn: &Connection, unit_id: Option<&str>) -> Result<String> {
    match unit_id {
        Some(id) => match org::unit(conn, id)? {
            Some(u) => Ok(u.id),
            None => Err(LedgerError::invalid("所在单位", format!("单位“{id}”不存在"))),
        },
        None => org::branch_id(conn)?.ok_or(LedgerError::NotInitialized),
    }
}

/// Refuse a second person of the same name in the same unit while the first is on the roll (or
/// has not left yet):
/// sheets find people by name (and unit), so the pair must tell them apart.
fn check_unique(conn: &Connection, name: &str, unit_id: &str, except: Option<&str>) -> Result<()> {
    let clash: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM staff WHERE name = ?1 AND unit_id = ?2 AND deleted = 0
                       AND (left_on IS NULL OR left_on > ?4) AND id IS NOT ?3)",
        params![name, unit_id, except, dates::iso(dates::today())],
        |r| r.get(0),
    )?;
    if clash {
        return Err(LedgerError::invalid(
            "姓名",
            format!("本单位已有在册人员“{name}”，同名同单位的人员请在姓名后加以区分，如“{name}（大）”"),
        ));
    }
    Ok(())
}

fn write_values(v: &ValidStaff, unit_id: &str) -> Vec<Value> {
    let text = |s: &str| Value::Text(s.to_string());
    let opt = |s: &Option<String>| s.as_deref().map(text).unwrap_or(Value::Null);
    let label = |s: Option<&'static str>| s.map(text).unwrap_or(Value::Null);
    vec![
        text(unit_id),
        text(&v.name),
        label(v.gender.map(Gender::label)),
        label(v.post.map(Post::label)),
        label(v.establishment.map(Establishment::label)),
        opt(&v.arrived_on),
        opt(&v.established_on),
        opt(&v.left_on),
        label(v.education.map(Education::label)),
        text(&v.major),
        label(v.major_category.map(MajorCategory::label)),
        Value::Integer(v.legal_qualification.into()),
        text(&v.phone),
        text(&v.sizes[0]),
        text(&v.sizes[1]),
        text(&v.sizes[2]),
        text(&v.sizes[3]),
        text(&v.note),
    ]
}

/// The raw insert (`?1`…`?18` as [`write_values`], then id and time), without audit: the demo
/// generator uses it in bulk.
pub(crate) fn insert_with_id(conn: &Connection, id: &str, v: &ValidStaff, now: &str) -> Result<()> {
    let unit_id = resolve_unit(conn, v.unit_id.as_deref())?;
    let mut values = write_values(v, &unit_id);
    values.push(Value::Text(id.to_string()));
    values.push(Value::Text(now.to_string()));
    conn.prepare_cached(
        "INSERT INTO staff (unit_id, name, gender, post, establishment, arrived_on, established_on, left_on,
             education, major, major_category, legal_qualification, phone, size_hat, size_top, size_bottom,
             size_shoes, note, id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?20)",
    )?
    .execute(rusqlite::params_from_iter(values))?;
    Ok(())
}

/// Insert a validated person in `tx` and audit it. Used by create and import.
pub(crate) fn insert(tx: &Tx<'_>, v: &ValidStaff) -> Result<Staff> {
    let unit_id = resolve_unit(tx, v.unit_id.as_deref())?;
    check_unique(tx, &v.name, &unit_id, None)?;
    let id = uuid::Uuid::new_v4().to_string();
    insert_with_id(tx, &id, v, &now_rfc3339())?;
    let staff = get(tx, &id, None)?;
    tx.audit("staff", &id, "create", None::<&()>, Some(&staff))?;
    Ok(staff)
}

/// Update a person in `tx` if still at `revision`, and audit it. Saving what is there writes nothing.
pub(crate) fn update(tx: &Tx<'_>, id: &str, revision: i64, v: &ValidStaff) -> Result<Staff> {
    let before = get(tx, id, None)?;
    LedgerError::check_revision("人员", before.revision, revision)?;
    let unit_id = resolve_unit(tx, v.unit_id.as_deref())?;
    let same = before.unit_id == unit_id
        && validate(&before.to_input()).map(|b| ValidStaff { unit_id: Some(unit_id.clone()), ..b })?
            == ValidStaff { unit_id: Some(unit_id.clone()), ..v.clone() };
    if same {
        return Ok(before);
    }
    check_unique(tx, &v.name, &unit_id, Some(id))?;
    let mut values = write_values(v, &unit_id);
    values.push(Value::Text(id.to_string()));
    values.push(Value::Text(now_rfc3339()));
    values.push(Value::Integer(revision));
    tx.prepare_cached(
        "UPDATE staff SET unit_id = ?1, name = ?2, gender = ?3, post = ?4, establishment = ?5, arrived_on = ?6,
             established_on = ?7, left_on = ?8, education = ?9, major = ?10, major_category = ?11,
             legal_qualification = ?12, phone = ?13, size_hat = ?14, size_top = ?15, size_bottom = ?16,
             size_shoes = ?17, note = ?18, updated_at = ?20, revision = revision + 1
         WHERE id = ?19 AND revision = ?21 AND deleted = 0",
    )?
    .execute(rusqlite::params_from_iter(values))?;
    let after = get(tx, id, None)?;
    tx.audit("staff", id, "update", Some(&before), Some(&after))?;
    Ok(after)
}

/// The WHERE clause and arguments of a roster query (`?1` is the date).
fn filter(conn: &Connection, q: &StaffQuery, as_of: NaiveDate) -> Result<(String, Vec<Value>)> {
    let mut sql = String::from(" WHERE s.deleted = 0");
    let mut args: Vec<Value> = vec![Value::Text(dates::iso(as_of))];
    let mut arg = |sql: &mut String, clause: &str, v: Value| {
        args.push(v);
        sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
    };
    if q.on_roll_only {
        sql.push_str(" AND (s.arrived_on IS NULL OR s.arrived_on <= ?1) AND (s.left_on IS NULL OR s.left_on > ?1)");
    }
    if let Some(u) = q.unit_id.as_deref().filter(|s| !s.is_empty()) {
        arg(&mut sql, " AND s.unit_id = ?", Value::Text(u.into()));
    }
    if let Some(p) = q.post {
        arg(&mut sql, " AND s.post = ?", Value::Text(p.label().into()));
    }
    if let Some(e) = q.establishment {
        arg(&mut sql, " AND s.establishment = ?", Value::Text(e.label().into()));
    }
    if let Some(text) = q.search.as_deref().map(|s| search::fold(&normalize_name(s))).filter(|s| !s.is_empty()) {
        arg(&mut sql, " AND instr(fold(s.name), ?) > 0", Value::Text(text));
    }
    let certified = "EXISTS(SELECT 1 FROM certificates c WHERE c.staff_id = s.id AND c.deleted = 0
        AND c.kind = '行政执法证' AND c.status = '有效' AND (c.issued_on IS NULL OR c.issued_on <= ?1)
        AND (c.expires_on IS NULL OR c.expires_on >= ?1))";
    match q.cert {
        None => {}
        Some(CertFilter::Certified) => sql.push_str(&format!(" AND {certified}")),
        Some(CertFilter::Uncertified) => sql.push_str(&format!(" AND NOT {certified}")),
        Some(CertFilter::DueSoon) => {
            let ids: Vec<String> = super::certificates::due(conn, as_of, super::DUE_WARNING_DAYS)?
                .into_iter()
                .filter(|d| d.certificate.kind == super::CertKind::Enforcement && d.days >= 0)
                .map(|d| d.certificate.staff_id)
                .collect();
            let json = serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into());
            arg(&mut sql, " AND s.id IN (SELECT value FROM json_each(?))", Value::Text(json));
        }
    }
    Ok((sql, args))
}

impl Ledger {
    /// Add a person to the roster.
    pub fn create_staff(&mut self, input: &StaffInput) -> Result<Staff> {
        let v = validate(input)?;
        self.require_branch()?;
        self.write(|tx| insert(tx, &v))
    }

    /// Replace the editable fields of the person `id`, still at `revision`.
    pub fn update_staff(&mut self, id: &str, revision: i64, input: &StaffInput) -> Result<Staff> {
        let v = validate(input)?;
        self.write(|tx| update(tx, id, revision, &v))
    }

    /// Tombstone the person `id`. Their certificates, secondments, uniform issues and attendance
    /// stay (the audit trail and a bundle may need them) but no longer show. To keep a leaver's
    /// history on the roster, set 离岗日期 instead.
    pub fn delete_staff(&mut self, id: &str, revision: i64) -> Result<()> {
        self.write(|tx| {
            let before = get(tx, id, None)?;
            LedgerError::check_revision("人员", before.revision, revision)?;
            tx.execute(
                "UPDATE staff SET deleted = 1, updated_at = ?2, revision = revision + 1 WHERE id = ?1",
                params![id, now_rfc3339()],
            )?;
            tx.audit("staff", id, "delete", Some(&before), None::<&()>)?;
            Ok(())
        })
    }

    /// Use an attached image as the person's photo (`None`: no photo).
    pub fn set_staff_photo(&mut self, id: &str, evidence_id: Option<&str>) -> Result<Staff> {
        self.write(|tx| {
            let before = get(tx, id, None)?;
            if let Some(e) = evidence_id {
                let ok: bool = tx.query_row(
                    "SELECT EXISTS(SELECT 1 FROM evidence WHERE id = ?1 AND entity = 'staff' AND entity_id = ?2
                     AND deleted = 0)",
                    params![e, id],
                    |r| r.get(0),
                )?;
                if !ok {
                    return Err(LedgerError::invalid("照片", "请先把照片作为此人的附件上传"));
                }
            }
            tx.execute(
                "UPDATE staff SET photo_evidence_id = ?2, updated_at = ?3, revision = revision + 1 WHERE id = ?1",
                params![id, evidence_id, now_rfc3339()],
            )?;
            let after = get(tx, id, None)?;
            tx.audit("staff", id, "update", Some(&before), Some(&after))?;
            Ok(after)
        })
    }

    /// The person `id` (or a unique prefix of at least 8 characters), states read for today.
    pub fn staff(&self, id: &str) -> Result<Staff> {
        let id = resolve_id(self.conn(), id)?;
        get(self.conn(), &id, None)
    }

    /// A roster page: filters, name search, states read for `q.as_of`.
    pub fn list_staff(&self, q: &StaffQuery) -> Result<StaffPage> {
        let as_of = dates::parse_opt_field("参考日期", q.as_of.as_deref())?.unwrap_or_else(dates::today);
        let (where_sql, args) = filter(self.conn(), q, as_of)?;
        let total: i64 = self
            .conn()
            .prepare_cached(&format!("SELECT count(*) FROM staff s{where_sql} AND ?1 = ?1"))?
            .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
        let limit = q.limit.map(i64::from).unwrap_or(-1);
        let sql = format!(
            "{}{where_sql} ORDER BY u.parent_id IS NOT NULL, u.kind, u.name, s.left_on IS NOT NULL, s.name
             LIMIT {limit} OFFSET {}",
            select(),
            q.offset
        );
        let items = self
            .conn()
            .prepare_cached(&sql)?
            .query_map(rusqlite::params_from_iter(args.iter()), from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(StaffPage { total, items })
    }

    /// A person with their certificates, secondments, uniform, training and attachments, states
    /// read for `as_of` (today when `None`).
    pub fn staff_detail(&self, id: &str, as_of: Option<NaiveDate>) -> Result<StaffDetail> {
        let id = resolve_id(self.conn(), id)?;
        let staff = get(self.conn(), &id, as_of)?;
        let d = as_of.unwrap_or_else(dates::today);
        Ok(StaffDetail {
            certificates: super::certificates::of_staff(self.conn(), &id)?,
            secondments: super::secondments::of_staff(self.conn(), &id)?,
            uniform_issues: super::uniforms::issues_of(self.conn(), &id)?,
            uniform: super::uniforms::status_of(self.conn(), &staff, d)?,
            training: crate::training::record_of(self.conn(), &id)?,
            hours_by_year: crate::training::hours_by_year(self.conn(), &id)?,
            evidence: self.evidence_of("staff", &id)?,
            staff,
        })
    }
}

/// The id of the person with `id` or an `id` prefix (at least 8 characters), for the command line.
pub fn resolve_id(conn: &Connection, id_or_prefix: &str) -> Result<String> {
    let s = id_or_prefix.trim();
    if let Some(id) =
        conn.query_row("SELECT id FROM staff WHERE id = ?1 AND deleted = 0", [s], |r| r.get(0)).optional()?
    {
        return Ok(id);
    }
    if s.len() >= 8 {
        let mut st = conn.prepare(
            "SELECT id FROM staff WHERE lower(substr(id, 1, length(?1))) = lower(?1) AND deleted = 0 LIMIT 2",
        )?;
        let ids: Vec<String> = st.query_map([s], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        if ids.len() == 1 {
            return Ok(ids.into_iter().next().unwrap_or_default());
        }
    }
    Err(LedgerError::NotFound { entity: "人员", id: s.to_string() })
}

/// One live person as the name finder knows them.
#[derive(Debug, Clone)]
struct Known {
    id: String,
    unit_id: String,
    unit_name: String,
}

/// Finds people by name as sheets write them, telling apart people who share a name by their
/// unit (METRICS.md: a person in another sheet is found by 姓名; where two share a name, the row
/// must also carry 所在单位, or it is an error that names both).
pub struct PersonFinder {
    by_name: std::collections::HashMap<String, Vec<Known>>,
    /// Unit names and aliases → unit id.
    units: std::collections::HashMap<String, String>,
}

impl PersonFinder {
    /// Everyone on the roster (leavers too: their history may still be imported).
    pub fn new(conn: &Connection) -> Result<PersonFinder> {
        let mut by_name: std::collections::HashMap<String, Vec<Known>> = std::collections::HashMap::new();
        let mut st = conn.prepare(
            "SELECT s.name, s.id, s.unit_id, COALESCE(u.name, '') FROM staff s
             LEFT JOIN org_units u ON u.id = s.unit_id WHERE s.deleted = 0 ORDER BY u.name",
        )?;
        let rows = st.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, Known { id: r.get(1)?, unit_id: r.get(2)?, unit_name: r.get(3)? }))
        })?;
        for row in rows {
            let (name, known) = row?;
            by_name.entry(name).or_default().push(known);
        }
        Ok(PersonFinder { by_name, units: org::names(conn)? })
    }

    /// Record a person added during the same import, so later rows find them.
    pub fn add(&mut self, name: &str, id: &str, unit_id: &str, unit_name: &str) {
        self.by_name.entry(name.to_string()).or_default().push(Known {
            id: id.to_string(),
            unit_id: unit_id.to_string(),
            unit_name: unit_name.to_string(),
        });
    }

    /// The id of the person `name` (in `unit_id` when given), or why not, in words for the clerk.
    pub fn find(&self, name: &str, unit_id: Option<&str>) -> std::result::Result<String, String> {
        let name = normalize_name(name);
        let Some(all) = self.by_name.get(&name) else {
            return Err(format!("人员花名册中没有“{name}”，请先添加此人或导入花名册"));
        };
        let matches: Vec<&Known> = all.iter().filter(|k| unit_id.is_none_or(|u| k.unit_id == u)).collect();
        match matches.as_slice() {
            [one] => Ok(one.id.clone()),
            [] => Err(format!(
                "“{name}”不在所写的单位（花名册中此人在：{}）",
                all.iter().map(|k| k.unit_name.as_str()).collect::<Vec<_>>().join("、")
            )),
            many => Err(format!(
                "花名册中有 {} 人名为“{name}”（{}），请写明所在单位，如“{name}（{}）”",
                many.len(),
                many.iter().map(|k| k.unit_name.as_str()).collect::<Vec<_>>().join("、"),
                many[0].unit_name
            )),
        }
    }

    /// A person as a row of the worksheet `sheet` writes them, the row giving no unit: as
    /// [`PersonFinder::find_written`]; where the name cannot tell namesakes apart, a sheet named
    /// for a unit (a workbook with a sheet per 中队) does. The name's own error otherwise.
    pub fn find_on_sheet(&self, text: &str, sheet: &str) -> std::result::Result<String, String> {
        self.find_written(text, None).or_else(|e| self.find_written(text, Some(sheet)).map_err(|_| e))
    }

    /// A person as a sheet writes them: `王磊`, or `王磊（第一执法中队）` where two share the name;
    /// `unit` is the row's own 所在单位 cell, if the sheet has one.
    pub fn find_written(&self, text: &str, unit: Option<&str>) -> std::result::Result<String, String> {
        let unit_id = |u: &str| -> std::result::Result<String, String> {
            self.units.get(u.trim()).cloned().ok_or_else(|| format!("组织机构中没有单位“{}”", u.trim()))
        };
        let row_unit = match unit.map(str::trim).filter(|u| !u.is_empty()) {
            Some(u) => Some(unit_id(u)?),
            None => None,
        };
        let full = normalize_name(text);
        if self.by_name.contains_key(&full) {
            return self.find(&full, row_unit.as_deref());
        }
        match Self::split_unit(text) {
            (name, Some(written)) => self.find(&name, Some(&unit_id(&written)?)),
            (name, None) => self.find(&name, row_unit.as_deref()),
        }
    }

    /// Split `王磊（第一执法中队）` into the name and the unit written with it.
    pub fn split_unit(text: &str) -> (String, Option<String>) {
        let t = text.trim();
        for (open, close) in [('（', '）'), ('(', ')')] {
            if let Some(rest) = t.strip_suffix(close) {
                if let Some(i) = rest.find(open) {
                    let name = &rest[..i];
                    let unit = &rest[i + open.len_utf8()..];
                    if !name.trim().is_empty() && !unit.trim().is_empty() {
                        return (normalize_name(name), Some(unit.trim().to_string()));
                    }
                }
            }
        }
        (normalize_name(t), None)
    }
}
