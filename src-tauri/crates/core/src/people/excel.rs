//! The people ledgers in Excel: the roster (人员花名册), certificates (执法证件), secondments
//! (借调情况) and uniform issues (服装发放) — their columns (METRICS.md "The sheets clerks already
//! have"), row validation, import on [`import::run`] and export on [`writer::write_xlsx`].
//!
//! Every sheet but the roster names people by 姓名: [`PersonFinder`] finds them, telling namesakes
//! apart by the row's 所在单位 or by `王磊（第一执法中队）`. Every export writes a 编号 column (the
//! record's id), so an exported sheet edited in Excel imports back as updates. The cell readers
//! here (dates, yes/no, numbers, choices, units) are shared with the training sheet.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use super::certificates::{self as certs, CertificateQuery};
use super::model::{
    CertKind, CertStatus, CertificateInput, Education, Establishment, Gender, MajorCategory, Post, Secondment,
    SecondmentInput, Staff, StaffInput, StaffQuery, UniformIssue, UniformIssueInput,
};
use super::secondments::{self, SecondmentQuery};
use super::staff::{self, normalize_name, PersonFinder, ValidStaff};
use super::uniforms;
use crate::error::{LedgerError, Result};
use crate::store::dates;
use crate::store::excel::import::{self, Outcome, PlanContext, SheetSpec};
use crate::store::excel::report::{ExportReport, ImportOptions, ImportReport, RowError};
use crate::store::excel::sheet::{Cell, Column, SheetRow};
use crate::store::excel::units::{UnitRef, UNKNOWN_UNIT_REASON};
use crate::store::excel::writer::{self, ExportColumn, Value};
use crate::Ledger;

// ---------------------------------------------------------------------------------------------
// Cell readers shared by the people and training sheets.

/// What a row's plan returns: the plan, or the cell at fault.
pub(crate) type RowResult<T> = std::result::Result<T, RowError>;

/// An optional column.
pub(crate) const fn col(key: &'static str, header: &'static str, aliases: &'static [&'static str]) -> Column {
    Column { key, header, aliases, required: false, fill_down: false }
}

/// A required column.
pub(crate) const fn req(key: &'static str, header: &'static str, aliases: &'static [&'static str]) -> Column {
    Column { key, header, aliases, required: true, fill_down: false }
}

/// The column `key` of `columns`.
pub(crate) fn column(columns: &'static [Column], key: &str) -> &'static Column {
    columns.iter().find(|c| c.key == key).expect("known column")
}

const DATE_REASON: &str = "不是有效日期，应写作 2024-03-01、2024/3/1、2024.3.1 或 2024年3月1日";

/// The date in a cell: a date cell, any text [`dates::parse_date`] reads, or a number that is
/// `20240301` or an Excel date serial (a date cell the sheet forgot to format).
fn date_of(cell: &Cell) -> Option<chrono::NaiveDate> {
    match cell {
        Cell::Number(n) => dates::parse_date(&cell.text())
            .or_else(|| (10_000.0..=80_000.0).contains(n).then(|| dates::from_excel_serial(*n)).flatten()),
        other => other.date(),
    }
}

/// What clerks write in a cell that has nothing to say: `/`, `—`, `无`.
fn says_none(cell: &Cell) -> bool {
    matches!(cell.text().as_str(), "/" | "／" | "-" | "—" | "——" | "无")
}

/// A date column: blank (or `/`, `—`, `无`) is `None`; anything else must be a date
/// (`YYYY-MM-DD` returned).
pub(crate) fn date_cell(ctx: &PlanContext<'_>, row: &SheetRow, col: &Column) -> RowResult<Option<String>> {
    let cell = row.get(col.key);
    if cell.is_empty() || says_none(cell) {
        return Ok(None);
    }
    date_of(cell).map(|d| Some(dates::iso(d))).ok_or_else(|| ctx.error(row, col, DATE_REASON))
}

/// A required date column.
pub(crate) fn required_date(ctx: &PlanContext<'_>, row: &SheetRow, col: &Column) -> RowResult<String> {
    date_cell(ctx, row, col)?.ok_or_else(|| ctx.error(row, col, "不能为空"))
}

/// A yes/no value as sheets write it: 是/否, √/×, Y/N (and 有/无).
pub fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_uppercase().as_str() {
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

/// A number column (学时, 数量), a unit word after the number allowed (`8学时`, `2套`): blank is
/// `None`.
pub(crate) fn number_cell(ctx: &PlanContext<'_>, row: &SheetRow, col: &Column) -> RowResult<Option<f64>> {
    match row.get(col.key) {
        Cell::Number(n) => Ok(Some(*n)),
        c if c.is_empty() => Ok(None),
        c => {
            let text = c.text();
            let digits = text.trim_end_matches(|ch: char| !ch.is_ascii_digit()).trim();
            digits
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(Some)
                .ok_or_else(|| ctx.error(row, col, "应为数字"))
        }
    }
}

/// The unit a 所在单位 cell names, through the import's add-or-map step: `None` when blank; a name
/// the organisation lacks and the clerk did not add or map is an error (and listed in the report).
pub(crate) fn unit_cell(ctx: &mut PlanContext<'_>, row: &SheetRow, col: &Column) -> RowResult<Option<UnitRef>> {
    let name = row.text(col.key);
    if name.is_empty() || !ctx.has(col) {
        return Ok(None);
    }
    let header = ctx.sheet.header_of(col);
    match ctx.units.resolve(&name, &header, row.number) {
        Some(u) => Ok(Some(u)),
        None => Err(ctx.error(row, col, UNKNOWN_UNIT_REASON)),
    }
}

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
        None => finder.find_written(&written, None),
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

/// A validation error of the core turned into the row's error, at the column `col_of(field)`.
fn row_invalid(
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
fn first_time(
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
fn outcome(before: i64, after: i64) -> Outcome {
    if before == after {
        Outcome::Unchanged
    } else {
        Outcome::Updated
    }
}

pub(crate) fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

pub(crate) fn date(s: Option<&str>) -> Value {
    Value::Date(s.and_then(dates::parse_date))
}

pub(crate) fn yes(b: bool) -> Value {
    text(if b { "是" } else { "否" })
}

pub(crate) fn exported(path: &Path, rows: u32) -> ExportReport {
    ExportReport { path: path.display().to_string(), rows }
}

// ---------------------------------------------------------------------------------------------
// 人员花名册

/// The roster's columns. 所在单位 fills down over merged cells (a unit's people under one cell).
pub const STAFF_COLUMNS: &[Column] = &[
    col("id", "编号", &[]),
    req("name", "姓名", &[]),
    col("gender", "性别", &[]),
    Column { fill_down: true, ..req("unit", "所在单位", &["单位", "所属单位"]) },
    col("post", "岗位类别", &["岗位"]),
    col("establishment", "编制", &["编制性质"]),
    col("arrived_on", "到岗日期", &["入职日期", "调入日期"]),
    col("established_on", "入编日期", &[]),
    col("left_on", "离岗日期", &["调离日期"]),
    col("education", "学历", &["最高学历"]),
    col("major", "专业", &[]),
    col("major_category", "专业类别", &[]),
    col("legal_qualification", "法律职业资格", &[]),
    col("phone", "联系电话", &["手机"]),
];

fn staff_col(key: &str) -> &'static Column {
    column(STAFF_COLUMNS, key)
}

fn staff_col_of_field(field: &str) -> &'static Column {
    staff_col(match field {
        "到岗日期" => "arrived_on",
        "入编日期" => "established_on",
        "离岗日期" => "left_on",
        "专业" => "major",
        "联系电话" => "phone",
        "所在单位" => "unit",
        _ => "name",
    })
}

struct StaffPlan {
    existing: Option<(String, i64)>,
    unit: UnitRef,
    staff: ValidStaff,
}

/// The live person named `name` in the unit `unit_id`: `Ok(None)` when nobody is; a leaver
/// gives way to a namesake still on the roll.
fn staff_in_unit(conn: &Connection, name: &str, unit_id: &str) -> Result<std::result::Result<Option<String>, String>> {
    let mut st = conn.prepare_cached(
        "SELECT id, left_on IS NULL FROM staff WHERE name = ?1 AND unit_id = ?2 AND deleted = 0 ORDER BY pk",
    )?;
    let found: Vec<(String, bool)> =
        st.query_map(params![name, unit_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    if found.len() <= 1 {
        return Ok(Ok(found.into_iter().next().map(|(id, _)| id)));
    }
    let on_roll: Vec<&(String, bool)> = found.iter().filter(|(_, on)| *on).collect();
    Ok(match on_roll.as_slice() {
        [one] => Ok(Some(one.0.clone())),
        _ => Err(format!("本单位花名册中有 {} 人名为“{name}”，请用“编号”列指明是哪一位", found.len())),
    })
}

fn plan_staff(
    ledger: &Ledger,
    ctx: &mut PlanContext<'_>,
    row: &SheetRow,
    seen: &mut HashMap<String, u32>,
) -> RowResult<StaffPlan> {
    let c = staff_col;
    let name = normalize_name(&row.text("name"));
    if name.is_empty() {
        return Err(ctx.error(row, c("name"), "不能为空"));
    }
    let unit = unit_cell(ctx, row, c("unit"))?.ok_or_else(|| ctx.error(row, c("unit"), "不能为空"))?;
    // The person: by 编号, else by name within the unit, else a new one.
    let by_id = match row.text("id") {
        id if id.is_empty() => None,
        id => staff::get(ledger.conn(), &id, None).ok(),
    };
    let existing = match (by_id, &unit) {
        (Some(s), _) => Some(s),
        (None, UnitRef::Existing(unit_id)) => {
            match staff_in_unit(ledger.conn(), &name, unit_id).map_err(|e| ctx.error(row, c("name"), e.to_string()))? {
                Ok(Some(id)) => staff::get(ledger.conn(), &id, None).ok(),
                Ok(None) => None,
                Err(reason) => return Err(ctx.error(row, c("name"), reason)),
            }
        }
        (None, UnitRef::New(_)) => None,
    };
    let key = match (&existing, &unit) {
        (Some(s), _) => s.id.clone(),
        (None, UnitRef::Existing(u)) => format!("{u}/{name}"),
        (None, UnitRef::New(u)) => format!("新单位 {u}/{name}"),
    };
    first_time(seen, key, ctx, row, c("name"), "人")?;

    // Columns the sheet lacks keep the person's values.
    let mut input: StaffInput = existing.as_ref().map(Staff::to_input).unwrap_or_default();
    input.name = name;
    input.unit_id = None;
    if ctx.has(c("gender")) {
        input.gender = choice_cell(ctx, row, c("gender"), Gender::parse, Gender::choices())?;
    }
    if ctx.has(c("post")) {
        input.post = choice_cell(ctx, row, c("post"), Post::parse, Post::choices())?;
    }
    if ctx.has(c("establishment")) {
        input.establishment =
            choice_cell(ctx, row, c("establishment"), Establishment::parse, Establishment::choices())?;
    }
    if ctx.has(c("education")) {
        input.education = choice_cell(ctx, row, c("education"), Education::parse, Education::choices())?;
    }
    if ctx.has(c("major_category")) {
        input.major_category =
            choice_cell(ctx, row, c("major_category"), MajorCategory::parse, MajorCategory::choices())?;
    }
    for (key, field) in [
        ("arrived_on", &mut input.arrived_on),
        ("established_on", &mut input.established_on),
        ("left_on", &mut input.left_on),
    ] {
        if ctx.has(c(key)) {
            *field = date_cell(ctx, row, c(key))?;
        }
    }
    if ctx.has(c("major")) {
        input.major = row.text("major");
    }
    if ctx.has(c("legal_qualification")) {
        input.legal_qualification = bool_cell(ctx, row, c("legal_qualification"))?;
    }
    if ctx.has(c("phone")) {
        input.phone = row.text("phone");
    }
    let staff = staff::validate(&input).map_err(|e| row_invalid(ctx, row, e, staff_col_of_field))?;
    Ok(StaffPlan { existing: existing.map(|s| (s.id, s.revision)), unit, staff })
}

/// The roster export's columns: what the roster is kept for, and no more (no ID number, no
/// sizes or notes). Its headers are the import's.
fn staff_export_columns() -> Vec<ExportColumn<Staff>> {
    vec![
        ExportColumn { header: "姓名", width: 10.0, wrap: false, value: |s| text(&s.name) },
        ExportColumn { header: "性别", width: 6.0, wrap: false, value: |s| text(s.gender.map_or("", Gender::label)) },
        ExportColumn { header: "所在单位", width: 20.0, wrap: true, value: |s| text(&s.unit_name) },
        ExportColumn {
            header: "岗位类别", width: 10.0, wrap: false, value: |s| text(s.post.map_or("", Post::label))
        },
        ExportColumn {
            header: "编制",
            width: 8.0,
            wrap: false,
            value: |s| text(s.establishment.map_or("", Establishment::label)),
        },
        ExportColumn { header: "到岗日期", width: 16.0, wrap: false, value: |s| date(s.arrived_on.as_deref()) },
        ExportColumn { header: "入编日期", width: 16.0, wrap: false, value: |s| date(s.established_on.as_deref()) },
        ExportColumn { header: "离岗日期", width: 16.0, wrap: false, value: |s| date(s.left_on.as_deref()) },
        ExportColumn {
            header: "学历",
            width: 10.0,
            wrap: false,
            value: |s| text(s.education.map_or("", Education::label)),
        },
        ExportColumn { header: "专业", width: 16.0, wrap: true, value: |s| text(&s.major) },
        ExportColumn {
            header: "专业类别",
            width: 12.0,
            wrap: false,
            value: |s| text(s.major_category.map_or("", MajorCategory::label)),
        },
        ExportColumn { header: "法律职业资格", width: 12.0, wrap: false, value: |s| yes(s.legal_qualification) },
        ExportColumn { header: "联系电话", width: 14.0, wrap: false, value: |s| text(&s.phone) },
        ExportColumn { header: "编号", width: 38.0, wrap: false, value: |s| text(&s.id) },
    ]
}

// ---------------------------------------------------------------------------------------------
// 执法证件

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

fn certificate_export_columns() -> Vec<ExportColumn<super::Certificate>> {
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

// ---------------------------------------------------------------------------------------------
// 借调情况

/// The secondments sheet's columns.
pub const SECONDMENT_COLUMNS: &[Column] = &[
    col("id", "编号", &[]),
    req("name", "姓名", &[]),
    col("unit", "所在单位", &["单位", "所属单位"]),
    req("destination", "借调单位", &[]),
    col("enforcement_post", "是否执法岗位", &[]),
    req("start_on", "开始日期", &[]),
    col("end_on", "结束日期", &[]),
    col("approval", "市局同意", &[]),
];

fn secondment_col(key: &str) -> &'static Column {
    column(SECONDMENT_COLUMNS, key)
}

fn secondment_col_of_field(field: &str) -> &'static Column {
    secondment_col(match field {
        "借调单位" => "destination",
        "开始日期" => "start_on",
        "结束日期" => "end_on",
        "市局同意文号" => "approval",
        _ => "name",
    })
}

/// 市局同意 as sheets write it: 是/否 (√/×, Y/N), or the approval's 文号 itself, which means
/// approved. Blank reads as 否. Returns (approved, 文号).
fn approval_cell(ctx: &PlanContext<'_>, row: &SheetRow, col: &Column) -> RowResult<(bool, String)> {
    let cell = row.get(col.key);
    if let Cell::Bool(b) = cell {
        return Ok((*b, String::new()));
    }
    let t = cell.text();
    if t.is_empty() {
        return Ok((false, String::new()));
    }
    if let Some(b) = yes_no(&t) {
        return Ok((b, String::new()));
    }
    // A 文号: 滕环字〔2024〕5号, 环办〔2024〕12号 …
    if t.contains('号') || t.contains('〔') || t.contains('[') || t.chars().any(|c| c.is_ascii_digit()) {
        return Ok((true, t));
    }
    Err(ctx.error(row, col, "应为“是”“否”，或市局同意的文号（如 滕环字〔2024〕5号）"))
}

struct SecondmentPlan {
    existing: Option<(String, i64)>,
    secondment: secondments::ValidSecondment,
}

fn plan_secondment(
    ledger: &Ledger,
    finder: &PersonFinder,
    ctx: &mut PlanContext<'_>,
    row: &SheetRow,
    seen: &mut HashMap<String, u32>,
) -> RowResult<SecondmentPlan> {
    let c = secondment_col;
    let staff_id = person_cell(finder, ctx, row, c("name"), c("unit"))?;
    let destination = row.text("destination");
    if destination.is_empty() {
        return Err(ctx.error(row, c("destination"), "不能为空"));
    }
    let start_on = required_date(ctx, row, c("start_on"))?;
    // The secondment: by 编号, else by person, destination and start, else a new one.
    let by_id = match row.text("id") {
        id if id.is_empty() => None,
        id => secondments::get(ledger.conn(), &id).ok(),
    };
    let existing = match by_id {
        Some(x) => Some(x),
        None => {
            let id: Option<String> = ledger
                .conn()
                .query_row(
                    "SELECT id FROM secondments WHERE staff_id = ?1 AND destination = ?2 AND start_on = ?3
                     AND deleted = 0",
                    params![staff_id, destination, start_on],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| ctx.error(row, c("name"), e.to_string()))?;
            id.and_then(|id| secondments::get(ledger.conn(), &id).ok())
        }
    };
    let key = format!("{staff_id}/{destination}/{start_on}");
    first_time(seen, key, ctx, row, c("name"), "次借调")?;
    let mut input: SecondmentInput = existing.as_ref().map(Secondment::to_input).unwrap_or_default();
    input.staff_id = staff_id;
    input.destination = destination;
    input.start_on = start_on;
    if ctx.has(c("enforcement_post")) {
        input.enforcement_post = bool_cell(ctx, row, c("enforcement_post"))?;
    }
    if ctx.has(c("end_on")) {
        input.end_on = date_cell(ctx, row, c("end_on"))?;
    }
    if ctx.has(c("approval")) {
        (input.approved, input.approval_doc) = approval_cell(ctx, row, c("approval"))?;
    }
    let secondment = secondments::validate(&input).map_err(|e| row_invalid(ctx, row, e, secondment_col_of_field))?;
    Ok(SecondmentPlan { existing: existing.map(|x| (x.id, x.revision)), secondment })
}

fn secondment_export_columns() -> Vec<ExportColumn<Secondment>> {
    vec![
        ExportColumn { header: "姓名", width: 10.0, wrap: false, value: |x| text(&x.staff_name) },
        ExportColumn { header: "所在单位", width: 20.0, wrap: true, value: |x| text(&x.unit_name) },
        ExportColumn { header: "借调单位", width: 24.0, wrap: true, value: |x| text(&x.destination) },
        ExportColumn { header: "是否执法岗位", width: 12.0, wrap: false, value: |x| yes(x.enforcement_post) },
        ExportColumn { header: "开始日期", width: 16.0, wrap: false, value: |x| date(Some(&x.start_on)) },
        ExportColumn { header: "结束日期", width: 16.0, wrap: false, value: |x| date(x.end_on.as_deref()) },
        // The 文号 where there is one (it means approved), else 是/否.
        ExportColumn {
            header: "市局同意",
            width: 22.0,
            wrap: false,
            value: |x| if x.approval_doc.is_empty() { yes(x.approved) } else { text(&x.approval_doc) },
        },
        ExportColumn { header: "编号", width: 38.0, wrap: false, value: |x| text(&x.id) },
    ]
}

// ---------------------------------------------------------------------------------------------
// 服装发放

/// The uniform issues sheet's columns: one row per item issued to a person on a date. 姓名 fills
/// down over merged cells (one person's items under one name).
pub const UNIFORM_COLUMNS: &[Column] = &[
    col("id", "编号", &[]),
    Column { fill_down: true, ..req("name", "姓名", &["领用人"]) },
    Column { fill_down: true, ..col("unit", "所在单位", &["单位", "所属单位"]) },
    req("item", "品名", &["服装名称", "物品名称"]),
    col("quantity", "数量", &[]),
    req("issued_on", "发放日期", &["领用日期"]),
];

fn uniform_col(key: &str) -> &'static Column {
    column(UNIFORM_COLUMNS, key)
}

struct IssuePlan {
    existing: Option<(String, i64)>,
    issue: uniforms::ValidIssue,
}

fn plan_issue(
    ledger: &Ledger,
    finder: &PersonFinder,
    ctx: &mut PlanContext<'_>,
    row: &SheetRow,
    seen: &mut HashMap<String, u32>,
) -> RowResult<IssuePlan> {
    let c = uniform_col;
    let staff_id = person_cell(finder, ctx, row, c("name"), c("unit"))?;
    let item = row.text("item");
    if item.is_empty() {
        return Err(ctx.error(row, c("item"), "不能为空"));
    }
    let issued_on = required_date(ctx, row, c("issued_on"))?;
    // The issue: by 编号, else by person, item and date, else a new one.
    let by_id = match row.text("id") {
        id if id.is_empty() => None,
        id => uniforms::issue(ledger.conn(), &id).ok(),
    };
    let existing: Option<UniformIssue> = match by_id {
        Some(x) => Some(x),
        None => {
            let id: Option<String> = ledger
                .conn()
                .query_row(
                    "SELECT id FROM uniform_issues WHERE staff_id = ?1 AND item = ?2 AND issued_on = ?3 AND deleted = 0",
                    params![staff_id, item, issued_on],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| ctx.error(row, c("name"), e.to_string()))?;
            id.and_then(|id| uniforms::issue(ledger.conn(), &id).ok())
        }
    };
    first_time(seen, format!("{staff_id}/{item}/{issued_on}"), ctx, row, c("item"), "次发放")?;
    let quantity = match (ctx.has(c("quantity")), &existing) {
        (false, Some(x)) => x.quantity,
        _ => match number_cell(ctx, row, c("quantity"))? {
            None => 1,
            Some(q) if q.fract() == 0.0 => q as i64,
            Some(_) => return Err(ctx.error(row, c("quantity"), "应为整数")),
        },
    };
    let input = UniformIssueInput {
        staff_id,
        item,
        quantity,
        issued_on,
        note: existing.as_ref().map(|x| x.note.clone()).unwrap_or_default(),
    };
    let issue = uniforms::validate_issue(&input).map_err(|e| {
        row_invalid(ctx, row, e, |field| match field {
            "数量" => c("quantity"),
            "品名" => c("item"),
            "发放日期" => c("issued_on"),
            _ => c("name"),
        })
    })?;
    Ok(IssuePlan { existing: existing.map(|x| (x.id, x.revision)), issue })
}

fn uniform_export_columns() -> Vec<ExportColumn<UniformIssue>> {
    vec![
        ExportColumn { header: "姓名", width: 10.0, wrap: false, value: |i| text(&i.staff_name) },
        ExportColumn { header: "所在单位", width: 20.0, wrap: true, value: |i| text(&i.unit_name) },
        ExportColumn { header: "品名", width: 18.0, wrap: false, value: |i| text(&i.item) },
        ExportColumn { header: "数量", width: 6.0, wrap: false, value: |i| Value::Number(i.quantity as f64) },
        ExportColumn { header: "发放日期", width: 16.0, wrap: false, value: |i| date(Some(&i.issued_on)) },
        ExportColumn { header: "编号", width: 38.0, wrap: false, value: |i| text(&i.id) },
    ]
}

// ---------------------------------------------------------------------------------------------

impl Ledger {
    /// Import a roster (人员花名册) at `path` (see [`import::run`] for the procedure). A row
    /// updates the person its 编号 names, else the person of that name in its 所在单位, else adds
    /// a person; columns the sheet lacks keep the person's values.
    pub fn import_staff(&mut self, path: &Path, options: &ImportOptions) -> Result<ImportReport> {
        let spec = SheetSpec { ledger: "staff", columns: STAFF_COLUMNS, yearly: false };
        let mut seen = HashMap::new();
        import::run(
            self,
            path,
            &spec,
            options,
            |ledger, ctx, row| plan_staff(ledger, ctx, row, &mut seen),
            |tx, p: &StaffPlan, units| {
                let v = ValidStaff { unit_id: Some(units.id(&p.unit)?), ..p.staff.clone() };
                match &p.existing {
                    Some((id, rev)) => Ok(outcome(*rev, staff::update(tx, id, *rev, &v)?.revision)),
                    None => {
                        staff::insert(tx, &v)?;
                        Ok(Outcome::Inserted)
                    }
                }
            },
        )
    }

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

    /// Import a secondments sheet (借调情况). A row updates the secondment its 编号 names, else
    /// the one of the same person, 借调单位 and 开始日期, else adds one.
    pub fn import_secondments(&mut self, path: &Path, options: &ImportOptions) -> Result<ImportReport> {
        let spec = SheetSpec { ledger: "secondments", columns: SECONDMENT_COLUMNS, yearly: false };
        let finder = PersonFinder::new(self.conn())?;
        let mut seen = HashMap::new();
        import::run(
            self,
            path,
            &spec,
            options,
            |ledger, ctx, row| plan_secondment(ledger, &finder, ctx, row, &mut seen),
            |tx, p: &SecondmentPlan, _| match &p.existing {
                Some((id, rev)) => Ok(outcome(*rev, secondments::update(tx, id, *rev, &p.secondment)?.revision)),
                None => {
                    secondments::insert(tx, &p.secondment)?;
                    Ok(Outcome::Inserted)
                }
            },
        )
    }

    /// Import a uniform issues sheet (服装发放). A row updates the issue its 编号 names, else the
    /// one of the same person, 品名 and 发放日期, else adds one.
    pub fn import_uniform_issues(&mut self, path: &Path, options: &ImportOptions) -> Result<ImportReport> {
        let spec = SheetSpec { ledger: "uniforms", columns: UNIFORM_COLUMNS, yearly: false };
        let finder = PersonFinder::new(self.conn())?;
        let mut seen = HashMap::new();
        import::run(
            self,
            path,
            &spec,
            options,
            |ledger, ctx, row| plan_issue(ledger, &finder, ctx, row, &mut seen),
            |tx, p: &IssuePlan, _| match &p.existing {
                Some((id, rev)) => Ok(outcome(*rev, uniforms::update_issue(tx, id, *rev, &p.issue)?.revision)),
                None => {
                    uniforms::insert_issue(tx, &p.issue)?;
                    Ok(Outcome::Inserted)
                }
            },
        )
    }

    /// Export the roster `query` selects (every page) to an .xlsx file at `path`.
    pub fn export_staff(&self, path: &Path, query: &StaffQuery) -> Result<ExportReport> {
        let q = StaffQuery { offset: 0, limit: None, ..query.clone() };
        let staff = self.list_staff(&q)?.items;
        Ok(exported(path, writer::write_xlsx(path, "人员花名册", &staff_export_columns(), &staff)?))
    }

    /// Export the certificates `query` selects (every page), by what falls due first.
    pub fn export_certificates(&self, path: &Path, query: &CertificateQuery) -> Result<ExportReport> {
        let q = CertificateQuery { offset: 0, limit: None, ..query.clone() };
        let rows: Vec<super::Certificate> =
            self.list_certificates(&q)?.items.into_iter().map(|r| r.certificate).collect();
        Ok(exported(path, writer::write_xlsx(path, "执法证件", &certificate_export_columns(), &rows)?))
    }

    /// Export the secondments `query` selects, latest first.
    pub fn export_secondments(&self, path: &Path, query: &SecondmentQuery) -> Result<ExportReport> {
        let rows = self.list_secondments(query)?;
        Ok(exported(path, writer::write_xlsx(path, "借调情况", &secondment_export_columns(), &rows)?))
    }

    /// Export every uniform issue, latest first.
    pub fn export_uniform_issues(&self, path: &Path) -> Result<ExportReport> {
        let rows = self.list_uniform_issues(None)?;
        Ok(exported(path, writer::write_xlsx(path, "服装发放", &uniform_export_columns(), &rows)?))
    }
}
