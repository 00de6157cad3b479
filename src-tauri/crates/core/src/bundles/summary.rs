//! The city summary: one row per registered branch, the same columns in the .xlsx here and in the
//! PDF (`ledger-report`), so the two never disagree.

use std::path::Path;

use super::model::BranchStatus;
use crate::error::Result;
use crate::store::dates;
use crate::store::excel::writer::{write_xlsx, ExportColumn, Value};
use crate::Ledger;

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

fn figure<T>(b: &BranchStatus, f: impl Fn(&super::model::BranchFigures) -> T, show: impl Fn(T) -> Value) -> Value {
    match &b.figures {
        Some(x) => show(f(x)),
        None => text("—"),
    }
}

/// The columns of the city summary.
pub fn columns() -> Vec<ExportColumn<BranchStatus>> {
    fn col(header: &'static str, width: f64, value: fn(&BranchStatus) -> Value) -> ExportColumn<BranchStatus> {
        ExportColumn { header, width, wrap: true, value }
    }
    vec![
        col("分局", 18.0, |b| text(b.name.clone())),
        col("年度", 7.0, |b| figure(b, |f| f.year, |y| Value::Number(y as f64))),
        col("自评得分", 9.0, |b| figure(b, |f| f.total, Value::Number)),
        col("等次", 8.0, |b| figure(b, |f| f.grade.clone(), text)),
        col("自评状态", 8.0, |b| figure(b, |f| f.assessment_status.clone(), text)),
        col("任务数", 7.0, |b| figure(b, |f| f.tasks, |n| Value::Number(n as f64))),
        col("逾期任务", 8.0, |b| figure(b, |f| f.tasks_overdue, |n| Value::Number(n as f64))),
        col("人员指标达标", 10.0, |b| figure(b, |f| format!("{}/{}", f.staff_pass, f.staff_applicable), text)),
        col("持证比例(F1)", 10.0, |b| figure(b, |f| staff_value(f, "F1"), text)),
        col("装备缺口", 8.0, |b| figure(b, |f| f.equipment_gaps, |n| Value::Number(n as f64))),
        col("最近数据包", 9.0, |b| {
            text(b.last_sequence.map(|s| format!("第{s}号")).unwrap_or_else(|| "未收到".into()))
        }),
        col("数据包生成时间", 16.0, |b| {
            text(b.last_bundle_at.as_deref().map(dates::zh_time).unwrap_or_default())
        }),
        col("缺少的数据包", 10.0, |b| {
            text(b.missing.iter().map(|s| format!("第{s}号")).collect::<Vec<_>>().join("、"))
        }),
        col("密钥指纹", 20.0, |b| text(b.fingerprint.clone())),
    ]
}

fn staff_value(f: &super::model::BranchFigures, id: &str) -> String {
    f.staff_figures.iter().find(|s| s.id == id).map(|s| s.value.clone()).unwrap_or_else(|| "—".into())
}

/// The summary's cells as text (for the PDF).
pub fn cells(b: &BranchStatus) -> Vec<String> {
    columns()
        .iter()
        .map(|c| match (c.value)(b) {
            Value::Text(s) => s,
            Value::Number(n) => crate::assessment::engine::points(n),
            Value::Date(d) => d.map(dates::zh).unwrap_or_default(),
        })
        .collect()
}

impl Ledger {
    /// Write the city summary as .xlsx; returns the rows written.
    pub fn city_summary_xlsx(&self, path: &Path) -> Result<u32> {
        let list = self.city_status()?;
        write_xlsx(path, "各分局汇总", &columns(), &list)
    }
}
