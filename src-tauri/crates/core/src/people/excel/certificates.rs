//! The certificates sheet (执法证件): a row adds or updates a person's certificate.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, OptionalExtension};

use super::person_cell;
use crate::error::Result;
use crate::people::certificates::{self as certs, CertificateQuery};
use crate::people::model::{CertKind, CertStatus, Certificate, CertificateInput};
use crate::people::staff::PersonFinder;
use crate::store::dates;
use crate::store::excel::cells::{
    choice_cell, col, column, date, date_cell, exported, first_time, outcome, req, row_invalid, says_none, text,
    RowResult, DATE_REASON,
};
use crate::store::excel::import::{self, Outcome, PlanContext, SheetSpec};
use crate::store::excel::report::{ExportReport, ImportOptions, ImportReport};
use crate::store::excel::sheet::{Cell, Column, SheetRow};
use crate::store::excel::writer::{self, ExportColumn};
use crate::Ledger;

/// The certificates sheet's columns. 姓名 fills down over merged cells (one person's certificates
/// under one name); 所在单位 is optional, to tell namesakes apart.
pub const CERTIFICATE_COLUMNS: &[Column] = &[
    col("id", "编号", &[]),
    Column { fill_down: true, ..req("name", "姓名", &[]) },
    Column { fill_down: true, ..col("unit", "所在单位", &["单位", "所属单位"]) },
    req("kind", "证件类型", &[]),
    req("number", "证件编号", &["证号", "执法证号"]),
    col("issuer", "发证机关", &[]),
    col("area", "执法区域", &[]),
    col("issued_on", "发证日期", &[]),
    col("expires_on", "有效期至", &["有效期", "到期日期"]),
    col("status", "状态", &[]),
];

fn cert_col(key: &str) -> &'static Column {
    column(CERTIFICATE_COLUMNS, key)
}

fn cert_col_of_field(field: &str) -> &'static Column {
    cert_col(match field {
        "证件类型" => "kind",
        "证件编号" => "number",
        "发证机关" => "issuer",
        "执法区域" => "area",
        "发证日期" => "issued_on",
        "有效期至" => "expires_on",
        _ => "name",
    })
}

/// 有效期至 as sheets write it: a date, or a range `2021-01-01至2026-12-31` whose end it is;
/// 长期 (or blank, `/`, `—`) does not expire.
fn expiry_cell(ctx: &PlanContext<'_>, row: &SheetRow, col: &Column) -> RowResult<Option<String>> {
    let cell = row.get(col.key);
    if says_none(cell) {
        return Ok(None);
    }
    if let Cell::Text(t) = cell {
        let t = t.trim();
        if t == "长期" {
            return Ok(None);
        }
        if let Some(end) = t.rsplit(['至', '~', '～', '—']).next().filter(|end| end.len() < t.len()) {
            return dates::parse_date(end).map(|d| Some(dates::iso(d))).ok_or_else(|| ctx.error(row, col, DATE_REASON));
        }
    }
    date_cell(ctx, row, col)
}

struct CertificatePlan {
    existing: Option<(String, i64)>,
    certificate: certs::ValidCertificate,
}

fn plan_certificate(
    ledger: &Ledger,
    finder: &PersonFinder,
    ctx: &mut PlanContext<'_>,
    row: &SheetRow,
    seen: &mut HashMap<String, u32>,
) -> RowResult<CertificatePlan> {
    let c = cert_col;
    let kind = choice_cell(ctx, row, c("kind"), CertKind::parse, CertKind::choices())?
        .ok_or_else(|| ctx.error(row, c("kind"), "不能为空"))?;
    let number = row.text("number");
    if number.is_empty() {
        return Err(ctx.error(row, c("number"), "不能为空"));
    }
    // The certificate: by 编号, else by type and number, else a new one.
    let by_id = match row.text("id") {
        id if id.is_empty() => None,
        id => certs::get(ledger.conn(), &id).ok(),
    };
    let existing = match by_id {
        Some(x) => Some(x),
        None => {
            let id: Option<String> = ledger
                .conn()
                .query_row(
                    "SELECT c.id FROM certificates c JOIN staff s ON s.id = c.staff_id
                     WHERE c.kind = ?1 AND c.number = ?2 AND c.deleted = 0 AND s.deleted = 0",
                    params![kind.label(), number],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| ctx.error(row, c("number"), e.to_string()))?;
            id.and_then(|id| certs::get(ledger.conn(), &id).ok())
        }
    };
    first_time(seen, format!("{}/{number}", kind.label()), ctx, row, c("number"), "证件")?;
    // The holder. Two people of one name are also told apart by the number of a certificate
    // already registered to one of them (METRICS.md: 所在单位 or 证件编号).
    let staff_id = match person_cell(finder, ctx, row, c("name"), c("unit")) {
        Ok(id) => id,
        Err(e) => match &existing {
            Some(x) if x.staff_name == PersonFinder::split_unit(&row.text("name")).0 => x.staff_id.clone(),
            _ => return Err(e),
        },
    };
    let mut input: CertificateInput = existing.as_ref().map(|x| x.to_input()).unwrap_or_default();
    input.staff_id = staff_id;
    input.kind = Some(kind);
    input.number = number;
    if ctx.has(c("issuer")) {
        input.issuer = row.text("issuer");
    }
    if ctx.has(c("area")) {
        input.area = row.text("area");
    }
    if ctx.has(c("issued_on")) {
        input.issued_on = date_cell(ctx, row, c("issued_on"))?;
    }
    if ctx.has(c("expires_on")) {
        input.expires_on = expiry_cell(ctx, row, c("expires_on"))?;
    }
    if ctx.has(c("status")) {
        input.status = choice_cell(ctx, row, c("status"), CertStatus::parse, CertStatus::choices())?;
    }
    let certificate = certs::validate(&input).map_err(|e| row_invalid(ctx, row, e, cert_col_of_field))?;
    Ok(CertificatePlan { existing: existing.map(|x| (x.id, x.revision)), certificate })
}

fn certificate_export_columns() -> Vec<ExportColumn<Certificate>> {
    vec![
        ExportColumn { header: "姓名", width: 10.0, wrap: false, value: |c| text(&c.staff_name) },
        ExportColumn { header: "所在单位", width: 20.0, wrap: true, value: |c| text(&c.unit_name) },
        ExportColumn { header: "证件类型", width: 16.0, wrap: false, value: |c| text(c.kind.label()) },
        ExportColumn { header: "证件编号", width: 20.0, wrap: false, value: |c| text(&c.number) },
        ExportColumn { header: "发证机关", width: 20.0, wrap: true, value: |c| text(&c.issuer) },
        ExportColumn { header: "执法区域", width: 16.0, wrap: true, value: |c| text(&c.area) },
        ExportColumn { header: "发证日期", width: 16.0, wrap: false, value: |c| date(c.issued_on.as_deref()) },
        ExportColumn { header: "有效期至", width: 16.0, wrap: false, value: |c| date(c.expires_on.as_deref()) },
        ExportColumn { header: "状态", width: 8.0, wrap: false, value: |c| text(c.status.label()) },
        ExportColumn { header: "编号", width: 38.0, wrap: false, value: |c| text(&c.id) },
    ]
}

impl Ledger {
    /// Import a certificates sheet (执法证件). A row updates the certificate its 编号 names, else
    /// the one of the same 证件类型 and 证件编号, else adds one to the person it names.
    pub fn import_certificates(&mut self, path: &Path, options: &ImportOptions) -> Result<ImportReport> {
        let spec = SheetSpec { ledger: "certificates", columns: CERTIFICATE_COLUMNS, yearly: false };
        let finder = PersonFinder::new(self.conn())?;
        let mut seen = HashMap::new();
        import::run(
            self,
            path,
            &spec,
            options,
            |ledger, ctx, row| plan_certificate(ledger, &finder, ctx, row, &mut seen),
            |tx, p: &CertificatePlan, _| match &p.existing {
                Some((id, rev)) => Ok(outcome(*rev, certs::update(tx, id, *rev, &p.certificate)?.revision)),
                None => {
                    certs::insert(tx, &p.certificate)?;
                    Ok(Outcome::Inserted)
                }
            },
        )
    }

    /// Export the certificates `query` selects (every page), by what falls due first.
    pub fn export_certificates(&self, path: &Path, query: &CertificateQuery) -> Result<ExportReport> {
        let q = CertificateQuery { offset: 0, limit: None, ..query.clone() };
        let rows: Vec<Certificate> = self.list_certificates(&q)?.items.into_iter().map(|r| r.certificate).collect();
        Ok(exported(path, writer::write_xlsx(path, "执法证件", &certificate_export_columns(), &rows)?))
    }
}
