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
    write_sheets(path, &[(sheet_name.to_string(), rows.iter().collect())], columns)
}

/// Write `rows` to `path` with one sheet per group that `group` names (a unit's name, say), in
/// the order the groups first appear, as [`write_xlsx`] does one sheet. A group's name becomes
/// its sheet's as Excel allows one ([`sheet_name`]). No rows: one empty sheet, `empty_name`.
/// Returns the rows and the sheets written.
pub fn write_xlsx_by<T>(
    path: &Path,
    empty_name: &str,
    columns: &[ExportColumn<T>],
    rows: &[T],
    group: impl Fn(&T) -> String,
) -> Result<(u32, u32)> {
    let mut sheets: Vec<(String, Vec<&T>)> = Vec::new();
    let mut by_group: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for row in rows {
        let g = group(row);
        let i = match by_group.get(&g) {
            Some(i) => *i,
            None => {
                let taken: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
                sheets.push((sheet_name(&g, &taken), Vec::new()));
                by_group.insert(g, sheets.len() - 1);
                sheets.len() - 1
            }
        };
        sheets[i].1.push(row);
    }
    if sheets.is_empty() {
        sheets.push((empty_name.to_string(), Vec::new()));
    }
    Ok((write_sheets(path, &sheets, columns)?, sheets.len() as u32))
}

/// `name` as a sheet's name Excel accepts: without the characters it refuses (`[]:*?/\`), at most
/// 31 characters, not blank, and not one of `taken` (compared as Excel does, ignoring case) —
/// a clash gets `（2）`, `（3）` … at its end.
pub fn sheet_name(name: &str, taken: &[&str]) -> String {
    let clean: String = name.chars().filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\')).collect();
    let clean = clean.trim().trim_matches('\'');
    let base = if clean.is_empty() { "工作表" } else { clean };
    let fit = |s: &str, max: usize| s.chars().take(max).collect::<String>();
    let free = |s: &str| !taken.iter().any(|t| t.to_lowercase() == s.to_lowercase());
    let first = fit(base, 31);
    if free(&first) {
        return first;
    }
    (2..)
        .map(|n| {
            let suffix = format!("（{n}）");
            format!("{}{suffix}", fit(base, 31 - suffix.chars().count()))
        })
        .find(|s| free(s))
        .expect("a free name")
}

/// Write `sheets` (each a name and its rows) to `path`, atomically, and read the file back.
fn write_sheets<T>(path: &Path, sheets: &[(String, Vec<&T>)], columns: &[ExportColumn<T>]) -> Result<u32> {
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
        for (name, rows) in sheets {
            let sheet = book.add_worksheet();
            sheet.set_name(name).map_err(|e| xlsx_err(path, e))?;
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
                        Value::Text(s) => {
                            sheet.write_string_with_format(r, c, s, if col.wrap { &wrap } else { &plain })
                        }
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
        }
        book.save(&tmp).map_err(|e| xlsx_err(path, e))?;
        File::open(&tmp)?.sync_all()?;
        std::fs::rename(&tmp, path).map_err(|e| LedgerError::file(path, format!("无法写入：{}", io_reason(&e))))?;
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        verify(path, &sheets.iter().map(|(_, rows)| rows.len()).collect::<Vec<_>>())?;
        Ok(sheets.iter().map(|(_, rows)| rows.len() as u32).sum())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Read the written file back and check each sheet holds its header and every row
/// (`expected_rows`, one count a sheet, in order).
fn verify(path: &Path, expected_rows: &[usize]) -> Result<()> {
    use calamine::{open_workbook, Reader, Xlsx};
    let failed = |e: &dyn std::fmt::Display| LedgerError::file(path, format!("写入后校验失败：{e}"));
    let mut book: Xlsx<_> = open_workbook(path).map_err(|e| failed(&e))?;
    for (i, expected) in expected_rows.iter().enumerate() {
        let range = book.worksheet_range_at(i).ok_or_else(|| failed(&"没有工作表"))?.map_err(|e| failed(&e))?;
        let rows = range.height().saturating_sub(1);
        if rows != *expected {
            return Err(failed(&format!("应有 {expected} 行，读回 {rows} 行")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::sheet_name;

    #[test]
    fn a_unit_s_name_becomes_a_sheet_name_excel_accepts() {
        assert_eq!(sheet_name("第一执法中队", &[]), "第一执法中队");
        assert_eq!(sheet_name("城北所[临时]/驻点", &[]), "城北所临时驻点", "the characters Excel refuses go");
        assert_eq!(sheet_name(" ?* ", &[]), "工作表");
        let long = "枣庄市生态环境局滕州分局综合行政执法大队第一执法中队驻城北生态环境保护所工作组";
        assert_eq!(sheet_name(long, &[]).chars().count(), 31);
        let first = sheet_name(long, &[]);
        let second = sheet_name(long, &[&first]);
        assert!(second.ends_with("（2）") && second.chars().count() == 31, "{second}");
        assert_eq!(sheet_name("Sheet", &["sheet"]), "Sheet（2）", "Excel compares names ignoring case");
    }
}
