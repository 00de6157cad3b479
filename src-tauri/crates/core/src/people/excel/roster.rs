//! The roster (人员花名册): a row adds or updates a person.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::people::model::{Education, Establishment, Gender, MajorCategory, Post, Staff, StaffInput, StaffQuery};
use crate::people::staff::{self, normalize_name, ValidStaff};
use crate::store::excel::cells::{
    bool_cell, choice_cell, col, column, date, date_cell, export_rows, first_time, outcome, req, row_invalid, text,
    unit_cell, yes, RowResult,
};
use crate::store::excel::import::{self, Outcome, PlanContext, SheetSpec};
use crate::store::excel::report::{ExportReport, ImportOptions, ImportReport};
use crate::store::excel::sheet::{Column, SheetRow};
use crate::store::excel::units::UnitRef;
use crate::store::excel::writer::ExportColumn;
use crate::Ledger;

/// The roster's columns. 所在单位 fills down over merged cells (a unit's people under one cell).
pub const STAFF_COLUMNS: &[Column] = &[
    col("id", "编号", &[]),
    req("name", "姓名", &[]),
    col("gender", "性别", &[]),
    Column {
        fill_down: true, section: true, sheet_name: true, ..req("unit", "所在单位", &["单位", "所属单位"])
    },
    col("post", "岗位类别", &["岗位"]),
    col("establishment", "编制", &["编制性质"]),
    col("arrived_on", "到岗日期", &["入职日期", "调入日期"]),
    col("established_on", "入编日期", &[]),
    col("left_on", "离岗日期", &["调离日期"]),
    Column { rank: Some(education_rank), ..col("education", "学历", &["最高学历"]) },
    col("major", "专业", &[]),
    col("major_category", "专业类别", &[]),
    col("legal_qualification", "法律职业资格", &[]),
    col("phone", "联系电话", &["手机"]),
];

/// 学历 as it ranks: a roster that keeps it twice (全日制教育 and 在职教育) gives a person the
/// higher, which is what F3 (大专以上学历占比) counts.
fn education_rank(s: &str) -> Option<u8> {
    Education::parse(s).map(|e| match e {
        Education::Secondary => 0,
        Education::College => 1,
        Education::Bachelor => 2,
        Education::Graduate => 3,
    })
}

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

    /// Export the roster `query` selects (every page) to an .xlsx file at `path`; `by_unit`: a
    /// sheet per unit, named for it (to hand each 中队 its part; the sheets import back).
    pub fn export_staff(&self, path: &Path, query: &StaffQuery, by_unit: bool) -> Result<ExportReport> {
        let q = StaffQuery { offset: 0, limit: None, ..query.clone() };
        let staff = self.list_staff(&q)?.items;
        export_rows(self, path, "人员花名册", &staff_export_columns(), &staff, by_unit, |s| &s.unit_name)
    }
}
