//! Writing .xlsx files that open cleanly in Excel, WPS and LibreOffice.

use std::fs::File;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

use crate::error::{io_reason, LedgerError, Result};

/// What one cell of an export holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Date(Option<NaiveDate>),
}

/// A column of an export.
pub struct ExportColumn<T> {
    pub header: &'static str,
    /// Width in characters (a hanzi counts about two).
    pub width: f64,
    /// Wrap long text in this column.
    pub wrap: bool,
    pub value: fn(&T) -> Value,
}

/// The Chinese date format used in exported sheets.
pub const DATE_FORMAT: &str = "yyyy\"年\"m\"月\"d\"日\"";

fn xlsx_err(path: &Path, e: impl std::fmt::Display) -> LedgerError {
    LedgerError::file(path, format!("无法生成表格：{e}"))
}

/// Write `rows` to `path` as one sheet, atomically: a temporary file next to it is written,
/// synced and renamed over `path`; then the file is read back and its row count checked.
pub fn write_xlsx<T>(path: &Path, sheet_name: &str, columns: &[ExportColumn<T>], rows: &[T]) -> Result<u32> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(LedgerError::file(path, "所在文件夹不存在"));
    }
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("export"),
        uuid::Uuid::new_v4().simple()
    ));
    let result = (|| -> Result<u32> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name).map_err(|e| xlsx_err(path, e))?;
        let head = Format::new()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color("#DDEBF7")
            .set_border(FormatBorder::Thin)
            .set_text_wrap();
        let plain = Format::new().set_align(FormatAlign::VerticalCenter).set_border(FormatBorder::Thin);
        let wrap = plain.clone().set_text_wrap();
        let date = plain.clone().set_num_format(DATE_FORMAT);
        for (c, col) in columns.iter().enumerate() {
            let c = c as u16;
            sheet.write_string_with_format(0, c, col.header, &head).map_err(|e| xlsx_err(path, e))?;
            sheet.set_column_width(c, col.width).map_err(|e| xlsx_err(path, e))?;
        }
        for (r, item) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, col) in columns.iter().enumerate() {
                let c = c as u16;
                let res = match (col.value)(item) {
                    Value::Text(s) => sheet.write_string_with_format(r, c, s, if col.wrap { &wrap } else { &plain }),
                    Value::Number(n) => sheet.write_number_with_format(r, c, n, &plain),
                    Value::Date(Some(d)) => sheet.write_date_with_format(r, c, d, &date),
                    Value::Date(None) => sheet.write_blank(r, c, &plain),
                };
                res.map_err(|e| xlsx_err(path, e))?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(|e| xlsx_err(path, e))?;
        if !columns.is_empty() {
            sheet.autofilter(0, 0, rows.len() as u32, columns.len() as u16 - 1).map_err(|e| xlsx_err(path, e))?;
        }
        book.save(&tmp).map_err(|e| xlsx_err(path, e))?;
        File::open(&tmp)?.sync_all()?;
        std::fs::rename(&tmp, path).map_err(|e| LedgerError::file(path, format!("无法写入：{}", io_reason(&e))))?;
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        verify(path, rows.len())?;
        Ok(rows.len() as u32)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Read the written file back and check it holds the header and every row.
fn verify(path: &Path, expected_rows: usize) -> Result<()> {
    use calamine::{open_workbook, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(path).map_err(|e| LedgerError::file(path, format!("写入后校验失败：{e}")))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| LedgerError::file(path, "写入后校验失败：没有工作表"))?
        .map_err(|e| LedgerError::file(path, format!("写入后校验失败：{e}")))?;
    let rows = range.height().saturating_sub(1);
    if rows != expected_rows {
        return Err(LedgerError::file(path, format!("写入后校验失败：应有 {expected_rows} 行，读回 {rows} 行")));
    }
    Ok(())
}
