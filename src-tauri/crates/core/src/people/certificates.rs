//! Certificates (证件) and their 审验: create/update/delete, the list ordered by what falls due
//! first, and the warnings for a date (expiry or 审验 within 90, 60, 30 and 7 days).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::{
    CertKind, CertReview, CertReviewInput, CertStatus, Certificate, CertificateDetail, CertificateDue,
    CertificateInput, DueWhat,
};
use crate::error::{LedgerError, Result};
use crate::store::dates::{self, now_rfc3339};
use crate::store::search;
use crate::{Ledger, Tx};

/// The certificate types and their 审验 cycles (seeds/reference/certificate-types.toml).
pub const TYPES: &str = include_str!("../../../../../seeds/reference/certificate-types.toml");

#[derive(Deserialize)]
struct TypesFile {
    types: Vec<TypeLine>,
}

#[derive(Deserialize)]
struct TypeLine {
    name: String,
    review_every_years: Option<i32>,
}

/// The 审验 cycle of a kind of certificate, in years, where it is known.
pub fn review_every_years(kind: CertKind) -> Option<i32> {
    static CYCLES: std::sync::OnceLock<HashMap<String, i32>> = std::sync::OnceLock::new();
    let cycles = CYCLES.get_or_init(|| {
        let file: TypesFile = toml::from_str(TYPES).expect("the shipped certificate types are valid");
        file.types.into_iter().filter_map(|t| Some((t.name, t.review_every_years?))).collect()
    });
    cycles.get(kind.label()).copied()
}

const SELECT: &str = "SELECT c.id, c.staff_id, COALESCE(s.name, ''), COALESCE(u.name, ''), c.kind, c.number,
    c.issuer, c.area, c.issued_on, c.expires_on, c.status, c.note,
    (SELECT max(r.reviewed_on) FROM certificate_reviews r WHERE r.certificate_id = c.id AND r.deleted = 0),
    (SELECT count(*) FROM evidence e WHERE e.entity = 'certificate' AND e.entity_id = c.id AND e.deleted = 0),
    c.created_at, c.updated_at, c.revision
  FROM certificates c JOIN staff s ON s.id = c.staff_id LEFT JOIN org_units u ON u.id = s.unit_id";

fn from_row(r: &Row) -> rusqlite::Result<Certificate> {
    let kind: CertKind = r.get(4)?;
    let issued_on: Option<String> = r.get(8)?;
    let last_review_on: Option<String> = r.get(12)?;
    let next_review_on = review_every_years(kind).and_then(|years| {
        let from = last_review_on.as_deref().or(issued_on.as_deref()).and_then(dates::parse_date)?;
        Some(dates::iso(dates::add_years(from, years)))
    });
    Ok(Certificate {
        id: r.get(0)?,
        staff_id: r.get(1)?,
        staff_name: r.get(2)?,
        unit_name: r.get(3)?,
        kind,
        number: r.get(5)?,
        issuer: r.get(6)?,
        area: r.get(7)?,
        issued_on,
        expires_on: r.get(9)?,
        status: r.get(10)?,
        note: r.get(11)?,
        last_review_on,
        next_review_on,
        evidence_count: r.get(13)?,
        created_at: r.get(14)?,
        updated_at: r.get(15)?,
        revision: r.get(16)?,
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Certificate> {
    conn.prepare_cached(&format!("{SELECT} WHERE c.id = ?1 AND c.deleted = 0"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| LedgerError::NotFound { entity: "证件", id: id.to_string() })
}

/// The live certificates of a person, 行政执法证 first, newest first.
pub(crate) fn of_staff(conn: &Connection, staff_id: &str) -> Result<Vec<Certificate>> {
    let sql = format!(
        "{SELECT} WHERE c.staff_id = ?1 AND c.deleted = 0
         ORDER BY c.kind <> '行政执法证', c.kind, c.expires_on DESC"
    );
    let rows = conn.prepare_cached(&sql)?.query_map([staff_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Every live certificate of a person who is on the roster (not deleted).
fn all(conn: &Connection) -> Result<Vec<Certificate>> {
    let sql = format!("{SELECT} WHERE c.deleted = 0 AND s.deleted = 0");
    let rows = conn.prepare_cached(&sql)?.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A certificate input that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValidCertificate {
    pub staff_id: String,
    pub kind: CertKind,
    pub number: String,
    pub issuer: String,
    pub area: String,
    pub issued_on: Option<String>,
    pub expires_on: Option<String>,
    pub status: CertStatus,
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
pub(crate) fn validate(input: &CertificateInput) -> Result<ValidCertificate> {
    if input.staff_id.trim().is_empty() {
        return Err(LedgerError::invalid("持证人", "不能为空"));
    }
    let Some(kind) = input.kind else {
        return Err(LedgerError::invalid("证件类型", format!("不能为空，应为 {}", CertKind::choices())));
    };
    let number: String = input.number.trim().to_string();
    if number.is_empty() {
        return Err(LedgerError::invalid("证件编号", "不能为空"));
    }
    if number.chars().count() > 50 {
        return Err(LedgerError::invalid("证件编号", "不能超过 50 个字"));
    }
    let issued_on = dates::parse_opt_field("发证日期", input.issued_on.as_deref())?;
    let expires_on = dates::parse_opt_field("有效期至", input.expires_on.as_deref())?;
    if let (Some(i), Some(e)) = (issued_on, expires_on) {
        if e < i {
            return Err(LedgerError::invalid("有效期至", "不能早于发证日期"));
        }
    }
    Ok(ValidCertificate {
        staff_id: input.staff_id.trim().to_string(),
        kind,
        number,
        issuer: short("发证机关", &input.issuer, 60)?,
        area: short("执法区域", &input.area, 100)?,
        issued_on: issued_on.map(dates::iso),
        expires_on: expires_on.map(dates::iso),
        status: input.status.unwrap_or(CertStatus::Valid),
        note: short("备注", &input.note, 500)?,
    })
}

impl Certificate {
    /// The editable fields of this certificate.
    pub fn to_input(&self) -> CertificateInput {
        CertificateInput {
            staff_id: self.staff_id.clone(),
            kind: Some(self.kind),
            number: self.number.clone(),
            issuer: self.issuer.clone(),
            area: self.area.clone(),
            issued_on: self.issued_on.clone(),
            expires_on: self.expires_on.clone(),
            status: Some(self.status),
            note: self.note.clone(),
        }
    }
}

fn check(conn: &Connection, v: &ValidCertificate, except: Option<&str>) -> Result<()> {
    let person: bool =
        conn.query_row("SELECT EXISTS(SELECT 1 FROM staff WHERE id = ?1 AND deleted = 0)", [&v.staff_id], |r| {
            r.get(0)
        })?;
    if !person {
        return Err(LedgerError::invalid("持证人", "人员不存在"));
    }
    let holder: Option<String> = conn
        .query_row(
            "SELECT s.name FROM certificates c JOIN staff s ON s.id = c.staff_id
             WHERE c.kind = ?1 AND c.number = ?2 AND c.deleted = 0 AND c.id IS NOT ?3",
            params![v.kind.label(), v.number, except],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(holder) = holder {
        return Err(LedgerError::invalid(
            "证件编号",
            format!("{}“{}”已登记在“{holder}”名下", v.kind.label(), v.number),
        ));
    }
    Ok(())
}

/// The raw insert, without checks or audit (the demo generator uses it in bulk).
pub(crate) fn insert_with_id(conn: &Connection, id: &str, v: &ValidCertificate, now: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO certificates (id, staff_id, kind, number, issuer, area, issued_on, expires_on, status, note,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
    )?
    .execute(params![
        id,
        v.staff_id,
        v.kind.label(),
        v.number,
        v.issuer,
        v.area,
        v.issued_on,
        v.expires_on,
        v.status.label(),
        v.note,
        now
    ])?;
    Ok(())
}

/// Insert a validated certificate in `tx` and audit it.
pub(crate) fn insert(tx: &Tx<'_>, v: &ValidCertificate) -> Result<Certificate> {
    check(tx, v, None)?;
    let id = uuid::Uuid::new_v4().to_string();
    insert_with_id(tx, &id, v, &now_rfc3339())?;
    let c = get(tx, &id)?;
    tx.audit("certificate", &id, "create", None::<&()>, Some(&c))?;
    Ok(c)
}

/// Update a certificate in `tx` if still at `revision`, and audit it.
pub(crate) fn update(tx: &Tx<'_>, id: &str, revision: i64, v: &ValidCertificate) -> Result<Certificate> {
    let before = get(tx, id)?;
    LedgerError::check_revision("证件", before.revision, revision)?;
    if validate(&before.to_input())? == *v {
        return Ok(before);
    }
    check(tx, v, Some(id))?;
    tx.execute(
        "UPDATE certificates SET staff_id = ?2, kind = ?3, number = ?4, issuer = ?5, area = ?6, issued_on = ?7,
             expires_on = ?8, status = ?9, note = ?10, updated_at = ?11, revision = revision + 1
         WHERE id = ?1",
        params![
            id,
            v.staff_id,
            v.kind.label(),
            v.number,
            v.issuer,
            v.area,
            v.issued_on,
            v.expires_on,
            v.status.label(),
            v.note,
            now_rfc3339()
        ],
    )?;
    let after = get(tx, id)?;
    tx.audit("certificate", id, "update", Some(&before), Some(&after))?;
    Ok(after)
}

fn reviews_of(conn: &Connection, certificate_id: &str) -> Result<Vec<CertReview>> {
    let mut st = conn.prepare_cached(
        "SELECT id, certificate_id, reviewed_on, result, note, created_at FROM certificate_reviews
         WHERE certificate_id = ?1 AND deleted = 0 ORDER BY reviewed_on DESC",
    )?;
    let rows = st
        .query_map([certificate_id], |r| {
            Ok(CertReview {
                id: r.get(0)?,
                certificate_id: r.get(1)?,
                reviewed_on: r.get(2)?,
                result: r.get(3)?,
                note: r.get(4)?,
                created_at: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A certificate's band: an expiry that has passed is 已过期, a 审验 that has passed 已逾期.
fn band(what: DueWhat, days: i64) -> &'static str {
    match (what, days < 0) {
        (DueWhat::Expiry, true) => "已过期",
        _ => dates::due_band(days),
    }
}

/// What falls due on the valid certificates of the staff on the roll on `as_of`: expiries and
/// 审验 up to `days` days after it, and those already passed; soonest first.
pub(crate) fn due(conn: &Connection, as_of: NaiveDate, days: i64) -> Result<Vec<CertificateDue>> {
    let on_roll: std::collections::HashSet<String> = {
        let d = dates::iso(as_of);
        let mut st = conn.prepare_cached(
            "SELECT id FROM staff WHERE deleted = 0 AND (arrived_on IS NULL OR arrived_on <= ?1)
             AND (left_on IS NULL OR left_on > ?1)",
        )?;
        let ids = st.query_map([d], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        ids
    };
    let horizon = as_of + chrono::Duration::days(days);
    let mut out = Vec::new();
    for c in all(conn)? {
        if c.status != CertStatus::Valid || !on_roll.contains(&c.staff_id) {
            continue;
        }
        let mut push = |what: DueWhat, on: &Option<String>| {
            if let Some(d) = on.as_deref().and_then(dates::parse_date).filter(|d| *d <= horizon) {
                let days = (d - as_of).num_days();
                let band = band(what, days);
                out.push(CertificateDue {
                    certificate: c.clone(),
                    what,
                    due_on: dates::iso(d),
                    days,
                    band: band.to_string(),
                });
            }
        };
        push(DueWhat::Expiry, &c.expires_on);
        push(DueWhat::Review, &c.next_review_on);
    }
    out.sort_by(|a, b| a.due_on.cmp(&b.due_on).then_with(|| a.certificate.staff_name.cmp(&b.certificate.staff_name)));
    Ok(out)
}

/// A filtered, paged request for the certificates page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct CertificateQuery {
    /// The date the due days count from; `None`: today.
    pub as_of: Option<String>,
    pub kind: Option<CertKind>,
    pub status: Option<CertStatus>,
    pub unit_id: Option<String>,
    /// Part of the holder's name or of the number.
    pub search: Option<String>,
    pub offset: u32,
    pub limit: Option<u32>,
}

/// A certificate on the certificates page: what falls due first on it, if anything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CertificateRow {
    pub certificate: Certificate,
    pub unit_id: String,
    pub due_what: Option<DueWhat>,
    pub due_on: Option<String>,
    #[ts(type = "number | null")]
    pub days: Option<i64>,
    pub band: Option<String>,
}

/// One page of the certificates page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CertificatePage {
    #[ts(type = "number")]
    pub total: i64,
    pub items: Vec<CertificateRow>,
}

impl Ledger {
    /// Register a certificate for a person.
    pub fn create_certificate(&mut self, input: &CertificateInput) -> Result<Certificate> {
        let v = validate(input)?;
        self.write(|tx| insert(tx, &v))
    }

    /// Replace the fields of the certificate `id`, still at `revision`.
    pub fn update_certificate(&mut self, id: &str, revision: i64, input: &CertificateInput) -> Result<Certificate> {
        let v = validate(input)?;
        self.write(|tx| update(tx, id, revision, &v))
    }

    /// Tombstone the certificate `id`. A certificate withdrawn or cancelled in fact keeps its
    /// record with status 收回 or 注销 instead.
    pub fn delete_certificate(&mut self, id: &str, revision: i64) -> Result<()> {
        self.write(|tx| {
            let before = get(tx, id)?;
            LedgerError::check_revision("证件", before.revision, revision)?;
            tx.execute(
                "UPDATE certificates SET deleted = 1, updated_at = ?2, revision = revision + 1 WHERE id = ?1",
                params![id, now_rfc3339()],
            )?;
            tx.audit("certificate", id, "delete", Some(&before), None::<&()>)?;
            Ok(())
        })
    }

    /// The certificate `id`, or the one with this number (any kind), for the command line.
    pub fn certificate(&self, id_or_number: &str) -> Result<Certificate> {
        let s = id_or_number.trim();
        let id: Option<String> = self
            .conn()
            .query_row(
                "SELECT id FROM certificates WHERE deleted = 0 AND (id = ?1 OR number = ?1
                   OR (length(?1) >= 8 AND lower(substr(id, 1, length(?1))) = lower(?1)))
                 ORDER BY id = ?1 DESC LIMIT 1",
                [s],
                |r| r.get(0),
            )
            .optional()?;
        get(self.conn(), &id.ok_or_else(|| LedgerError::NotFound { entity: "证件", id: s.to_string() })?)
    }

    /// A certificate with its 审验 history and scans.
    pub fn certificate_detail(&self, id: &str) -> Result<CertificateDetail> {
        let certificate = self.certificate(id)?;
        Ok(CertificateDetail {
            reviews: reviews_of(self.conn(), &certificate.id)?,
            evidence: self.evidence_of("certificate", &certificate.id)?,
            certificate,
        })
    }

    /// Record a 审验 of the certificate `id`.
    pub fn add_certificate_review(&mut self, id: &str, input: &CertReviewInput) -> Result<CertReview> {
        let on = dates::parse_field("审验日期", &input.reviewed_on)?;
        let result = short("审验结果", &input.result, 50)?;
        if result.is_empty() {
            return Err(LedgerError::invalid("审验结果", "不能为空，如“合格”"));
        }
        let note = short("备注", &input.note, 500)?;
        self.write(|tx| {
            let c = get(tx, id)?;
            let now = now_rfc3339();
            let review = CertReview {
                id: uuid::Uuid::new_v4().to_string(),
                certificate_id: c.id.clone(),
                reviewed_on: dates::iso(on),
                result,
                note,
                created_at: now.clone(),
            };
            tx.execute(
                "INSERT INTO certificate_reviews (id, certificate_id, reviewed_on, result, note, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![review.id, review.certificate_id, review.reviewed_on, review.result, review.note, now],
            )?;
            tx.audit("certificate_review", &review.id, "create", None::<&()>, Some(&review))?;
            Ok(review)
        })
    }

    /// Tombstone a 审验 entered by mistake.
    pub fn delete_certificate_review(&mut self, review_id: &str) -> Result<()> {
        self.write(|tx| {
            let before: Option<(String, String, String)> = tx
                .query_row(
                    "SELECT certificate_id, reviewed_on, result FROM certificate_reviews WHERE id = ?1 AND deleted = 0",
                    [review_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((certificate_id, reviewed_on, result)) = before else {
                return Err(LedgerError::NotFound { entity: "审验记录", id: review_id.to_string() });
            };
            tx.execute(
                "UPDATE certificate_reviews SET deleted = 1, updated_at = ?2, revision = revision + 1 WHERE id = ?1",
                params![review_id, now_rfc3339()],
            )?;
            let record =
                serde_json::json!({"certificate_id": certificate_id, "reviewed_on": reviewed_on, "result": result});
            tx.audit("certificate_review", review_id, "delete", Some(&record), None::<&()>)?;
            Ok(())
        })
    }

    /// What falls due within `days` days of `as_of` (and what has already passed), soonest first.
    pub fn certificates_due(&self, as_of: NaiveDate, days: i64) -> Result<Vec<CertificateDue>> {
        due(self.conn(), as_of, days)
    }

    /// The certificates page: every live certificate, what falls due first on it, soonest first
    /// (those with nothing due after them, by holder).
    pub fn list_certificates(&self, q: &CertificateQuery) -> Result<CertificatePage> {
        let as_of = dates::parse_opt_field("参考日期", q.as_of.as_deref())?.unwrap_or_else(dates::today);
        let units: HashMap<String, String> = {
            let mut st = self.conn().prepare_cached("SELECT id, unit_id FROM staff WHERE deleted = 0")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
            rows
        };
        let search =
            q.search.as_deref().map(|s| search::fold(&super::staff::normalize_name(s))).filter(|s| !s.is_empty());
        let mut rows: Vec<CertificateRow> = all(self.conn())?
            .into_iter()
            .filter(|c| q.kind.is_none_or(|k| c.kind == k))
            .filter(|c| q.status.is_none_or(|s| c.status == s))
            .filter(|c| q.unit_id.as_deref().is_none_or(|u| units.get(&c.staff_id).is_some_and(|x| x == u)))
            .filter(|c| {
                search
                    .as_deref()
                    .is_none_or(|t| search::fold(&c.staff_name).contains(t) || search::fold(&c.number).contains(t))
            })
            .map(|c| {
                let candidates = [(DueWhat::Expiry, &c.expires_on), (DueWhat::Review, &c.next_review_on)];
                let first = candidates
                    .iter()
                    .filter(|_| c.status == CertStatus::Valid)
                    .filter_map(|(w, d)| Some((*w, d.as_deref().and_then(dates::parse_date)?)))
                    .min_by_key(|(_, d)| *d);
                let unit_id = units.get(&c.staff_id).cloned().unwrap_or_default();
                match first {
                    Some((what, d)) => {
                        let days = (d - as_of).num_days();
                        let band = band(what, days);
                        CertificateRow {
                            certificate: c,
                            unit_id,
                            due_what: Some(what),
                            due_on: Some(dates::iso(d)),
                            days: Some(days),
                            band: Some(band.to_string()),
                        }
                    }
                    None => {
                        CertificateRow { certificate: c, unit_id, due_what: None, due_on: None, days: None, band: None }
                    }
                }
            })
            .collect();
        rows.sort_by(|a, b| {
            (a.due_on.is_none(), &a.due_on, &a.certificate.staff_name).cmp(&(
                b.due_on.is_none(),
                &b.due_on,
                &b.certificate.staff_name,
            ))
        });
        let total = rows.len() as i64;
        let items = rows.into_iter().skip(q.offset as usize).take(q.limit.map_or(usize::MAX, |l| l as usize)).collect();
        Ok(CertificatePage { total, items })
    }
}
