//! Reading a sheet by header names.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{open_workbook, Data, Ods, Reader, Sheets, Xls, XlsError, Xlsx};
use chrono::NaiveDate;

use super::cells::says_none;
use super::header::{locate_header, Header};
use super::report::SheetLine;
use crate::error::{io_reason, LedgerError, Result};
use crate::store::dates;

/// A column a ledger expects, found by its header text.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The program's name for it.
    pub key: &'static str,
    /// The header the program writes, and the name used in errors.
    pub header: &'static str,
    /// Other headers clerks use for the same column.
    pub aliases: &'static [&'static str],
    pub required: bool,
    /// An empty cell takes the value above it (merged cells, `〃`).
    pub fill_down: bool,
    /// A group heading (a row with one value across it, such as `一、开展机构规范化攻坚` or
    /// `第一执法中队`) gives this column its value in the rows below it, until the next heading.
    pub section: bool,
    /// When the header lacks this column, a sheet named like a unit (`第一中队`, `城东生态环境保护所`:
    /// [`crate::org::kind_from_name`] knows its kind) gives it its value in every row (a group
    /// heading still wins below it): clerks keep a workbook with one sheet per unit. The column
    /// is then not required of the header.
    pub sheet_name: bool,
    /// How this column's values rank, where a header in two rows names it more than once (学历
    /// under 全日制教育 and again under 在职教育, or 学历 over 全日制 and 在职): each row takes the
    /// value that ranks highest. Without it the first is read and the others are not imported.
    pub rank: Option<fn(&str) -> Option<u8>>,
}

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
    Error(String),
}

impl Cell {
    /// The cell as text: numbers without a trailing `.0`, dates as `YYYY-MM-DD`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => dates::iso(*d),
            Cell::Bool(b) => if *b { "是" } else { "否" }.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a date: a date cell, text in any form [`dates::parse_date`] reads, or a number
    /// that is `20240301` or an Excel date serial (a date cell the sheet forgot to format).
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Cell::Date(d) => Some(*d),
            Cell::Text(s) => dates::parse_date(s),
            Cell::Number(n) => dates::parse_date(&self.text())
                .or_else(|| (10_000.0..=80_000.0).contains(n).then(|| dates::from_excel_serial(*n)).flatten()),
            _ => None,
        }
    }
}

/// A data row: its number as Excel shows it, and its cells by column key.
#[derive(Debug, Clone)]
pub struct SheetRow {
    pub number: u32,
    pub cells: HashMap<&'static str, Cell>,
    /// The fill-down columns whose cell was blank and took the value above it.
    pub filled: Vec<&'static str>,
}

impl SheetRow {
    pub fn get(&self, key: &str) -> &Cell {
        self.cells.get(key).unwrap_or(&Cell::Empty)
    }
    pub fn text(&self, key: &str) -> String {
        self.get(key).text()
    }
}

/// A sheet read by header.
#[derive(Debug, Clone)]
pub struct SheetData {
    pub sheet: String,
    /// 1-based; of a header in two rows, the lower one (the data starts below it).
    pub header_row: u32,
    /// The header text found for each column key (as the sheet writes it).
    pub headers: HashMap<&'static str, String>,
    /// Headers in the sheet that match no column.
    pub ignored: Vec<String>,
    /// The rows above the header (a title, a 填报单位 line …): their number and their cells' text.
    pub title_rows: Vec<(u32, String)>,
    pub rows: Vec<SheetRow>,
    /// Rows below the header that are not records: group headings, totals ([`is_total`]) and
    /// the footer ([`opens_footer`]). A row holding only its 序号 is a blank row, not listed.
    pub set_aside: Vec<SheetLine>,
    /// Every worksheet of the file with a header that names every required column and a data
    /// row below it, in the workbook's order (a blank form's sheets are not listed).
    pub importable: Vec<String>,
    /// The column (its key) that the sheet's name fills in, the header lacking it
    /// ([`Column::sheet_name`]).
    pub named_by_sheet: Option<&'static str>,
}

impl SheetData {
    /// The sheet's header for a column (for error messages), or the program's own.
    pub fn header_of(&self, col: &Column) -> String {
        self.headers.get(col.key).cloned().unwrap_or_else(|| col.header.to_string())
    }
}

/// What a total row's first cell says: 合计, 小计 …, as government forms total a column.
const TOTAL_LABELS: &[&str] = &["合计", "小计", "总计", "共计"];

/// What opens a sheet's footer: who filled it in, checked or signed it, when, and the notes.
const FOOTER_LABELS: &[&str] = &[
    "填表人",
    "填报人",
    "制表人",
    "制表",
    "审核人",
    "审核",
    "审批人",
    "负责人",
    "单位负责人",
    "主要负责人",
    "分管领导",
    "联系人",
    "联系电话",
    "填表日期",
    "填报日期",
    "制表日期",
    "报送日期",
    "注",
    "说明",
    "备注",
];

/// The first cell with a value, without blanks (`合  计`).
fn first_text(row: &[Cell]) -> Option<String> {
    let text = row.iter().map(Cell::text).find(|t| !t.is_empty())?;
    Some(text.chars().filter(|c| !c.is_whitespace()).collect())
}

/// A row that totals the rows above it: its first value is 合计, 小计, 总计 or 共计. Never a
/// record (no person, item or task is called that), wherever it stands.
pub fn is_total(row: &[Cell]) -> bool {
    first_text(row).is_some_and(|t| TOTAL_LABELS.contains(&t.as_str()))
}

/// A row that opens the sheet's footer: its first value is a label such as `填表人：`, `审核人`
/// or `注：` (alone, or before a colon). It and every row below it are the footer.
pub fn opens_footer(row: &[Cell]) -> bool {
    first_text(row).is_some_and(|t| {
        FOOTER_LABELS
            .iter()
            .any(|label| t.strip_prefix(label).is_some_and(|rest| rest.is_empty() || rest.starts_with(['：', ':'])))
    })
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => match dates::from_excel_serial(dt.as_f64()) {
            Some(d) if dt.is_datetime() => Cell::Date(d),
            _ => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => {
            s.get(..10).and_then(dates::parse_date).map(Cell::Date).unwrap_or_else(|| Cell::Text(s.clone()))
        }
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e:?}")),
    }
}

/// Read the worksheet `sheet` of `path`, or when `None` the first whose header names every
/// required column and has data below it (else the first with such a header). Never panics,
/// whatever the file holds.
pub fn read(path: &Path, columns: &[Column], sheet: Option<&str>) -> Result<SheetData> {
    read_keeping(None, path, columns, sheet)
}

/// [`read`], taking the workbook from `kept` when it holds this file unchanged (its size and
/// time of change) read for these columns, and leaving it there otherwise: reading one sheet
/// parses them all, to list the importable ones.
pub fn read_keeping(
    kept: Option<&mut KeptWorkbook>,
    path: &Path,
    columns: &[Column],
    sheet: Option<&str>,
) -> Result<SheetData> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_inner(kept, path, columns, sheet))) {
        Ok(r) => r,
        Err(_) => Err(LedgerError::file(path, "文件已损坏或格式不受支持，无法读取")),
    }
}

/// What a file holds, by its first bytes: clerks' files are often named for another format (an
/// .xls saved as .xlsx by a web system, an .xlsx renamed .xls), so the content decides.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Container {
    /// A compound file: an .xls, or an Excel or WPS workbook with an open password.
    Compound,
    /// A zip: an .xlsx or an .ods.
    Zip,
    /// Anything else: text, a web page, an image.
    Other,
}

fn container(path: &Path) -> Result<Container> {
    const COMPOUND: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let mut head = [0u8; 8];
    let mut file = File::open(path).map_err(|e| LedgerError::file(path, format!("无法打开：{}", io_reason(&e))))?;
    let n = std::io::Read::read(&mut file, &mut head).unwrap_or(0);
    Ok(if n == 8 && head == COMPOUND {
        Container::Compound
    } else if n >= 4 && head[..4] == *b"PK\x03\x04" {
        Container::Zip
    } else {
        Container::Other
    })
}

/// A compound file's structure, checked before calamine reads it: calamine 0.38 follows a
/// damaged file's directory chain without noticing a cycle and allocates until the process
/// aborts, which no `catch_unwind` can stop (a fuzz finding: `fuzz-targets/tests/fuzz/known.rs`).
/// The cfb crate checks every sector is linked at most once, no chain leads back to its start,
/// and every stream's chain reads. True when the file is an encrypted workbook (Excel and WPS
/// keep a workbook with an open password as a compound file of `EncryptionInfo` and
/// `EncryptedPackage`).
fn check_compound_file(path: &Path) -> Result<bool> {
    let damaged = |_: std::io::Error| LedgerError::file(path, "文件已损坏，无法读取");
    let mut file = cfb::open(path).map_err(damaged)?;
    let streams: Vec<_> = file.walk().filter(|e| e.is_stream()).map(|e| e.path().to_path_buf()).collect();
    for stream in &streams {
        file.open_stream(stream).map_err(damaged)?;
    }
    Ok(streams.iter().any(|s| s.file_name().is_some_and(|n| n == "EncryptedPackage")))
}

/// The workbook in `path`, read as what its content is; `ext` (lower case) only says which of an
/// .xlsx and an .ods reader to try first.
fn open_book(path: &Path, ext: &str) -> Result<Sheets<BufReader<File>>> {
    let not_a_workbook = || {
        LedgerError::file(
            path,
            "不是有效的 Excel/WPS 表格文件：内容无法识别（文件可能已损坏，或是改了扩展名的网页、文本等其他文件）",
        )
    };
    let password =
        || LedgerError::file(path, "文件设置了打开密码，无法读取：请先在 Excel 或 WPS 中取消密码并保存，再导入");
    match container(path)? {
        Container::Compound => {
            if check_compound_file(path)? {
                return Err(password());
            }
            open_workbook::<Xls<_>, _>(path).map(Sheets::Xls).map_err(|e| match e {
                XlsError::Password => password(),
                _ => not_a_workbook(),
            })
        }
        Container::Zip => {
            let xlsx = || open_workbook::<Xlsx<_>, _>(path).map(Sheets::Xlsx).ok();
            let ods = || open_workbook::<Ods<_>, _>(path).map(Sheets::Ods).ok();
            let book = if ext == "ods" { ods().or_else(xlsx) } else { xlsx().or_else(ods) };
            book.ok_or_else(not_a_workbook)
        }
        Container::Other => Err(not_a_workbook()),
    }
}

/// One worksheet read for a ledger's columns.
enum Read {
    Data(SheetData),
    /// No header: the required headers missing from the row that names the most.
    NoHeader(Vec<&'static str>),
    Unreadable,
}

/// A workbook's worksheets as read for one ledger's columns (by their address), in order.
type WorkbookRead = Vec<(String, Read)>;

/// A file as it was read: where it is, its size, when it was changed, and the columns it was
/// read for (by their address).
type FileKey = (std::path::PathBuf, u64, Option<std::time::SystemTime>, usize);

/// The last workbook read by [`read_keeping`], for the next import of one of its sheets: the
/// import dialog's checks and imports of a sheet after another, `ledgerctl import-xlsx
/// --all-sheets`. One workbook at most: reading another replaces it.
#[derive(Default)]
pub struct KeptWorkbook(Option<(FileKey, WorkbookRead)>);

fn read_inner(
    kept: Option<&mut KeptWorkbook>,
    path: &Path,
    columns: &[Column],
    wanted: Option<&str>,
) -> Result<SheetData> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if !matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods") {
        return Err(LedgerError::file(path, "只能导入 .xlsx、.xls 或 .ods 格式的表格"));
    }
    if !path.is_file() {
        return Err(LedgerError::file(path, "文件不存在"));
    }
    let Some(kept) = kept else {
        let mut sheets = read_sheets(path, &ext, columns)?;
        let (i, importable) = choose(path, columns, &sheets, wanted)?;
        let Read::Data(data) = sheets.swap_remove(i).1 else { unreachable!("choose picks a sheet with data") };
        return Ok(SheetData { importable, ..data });
    };
    let meta = std::fs::metadata(path).ok();
    let key: FileKey = (
        path.to_path_buf(),
        meta.as_ref().map_or(0, |m| m.len()),
        meta.and_then(|m| m.modified().ok()),
        columns.as_ptr() as usize,
    );
    let sheets = match &mut kept.0 {
        Some((k, sheets)) if *k == key => sheets,
        other => {
            // Dropped before the next is read: never two workbooks at once.
            *other = None;
            &other.insert((key, read_sheets(path, &ext, columns)?)).1
        }
    };
    let (i, importable) = choose(path, columns, sheets, wanted)?;
    let Read::Data(data) = &sheets[i].1 else { unreachable!("choose picks a sheet with data") };
    Ok(SheetData { importable, ..data.clone() })
}

/// Every worksheet of the workbook at `path`, read for `columns`.
fn read_sheets(path: &Path, ext: &str, columns: &[Column]) -> Result<WorkbookRead> {
    #[cfg(test)]
    tests::READS.with(|n| n.set(n.get() + 1));
    let mut book = open_book(path, ext)?;
    let names = book.sheet_names().to_vec();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let Ok(range) = book.worksheet_range(&name) else {
            sheets.push((name, Read::Unreadable));
            continue;
        };
        let (row0, _) = range.start().unwrap_or((0, 0));
        let grid: Vec<Vec<Cell>> = range.rows().map(|r| r.iter().map(cell_of).collect()).collect();
        let by_name = named_by(&name, columns);
        let needed: Vec<Column> =
            columns.iter().map(|c| Column { required: c.required && Some(c.key) != by_name, ..*c }).collect();
        let read = match locate_header(&grid, &needed) {
            Ok(header) => {
                let by_name = by_name.filter(|key| !header.map.contains_key(key));
                Read::Data(sheet_data(name.clone(), row0, &grid, header, columns, by_name))
            }
            Err(missing) => Read::NoHeader(missing),
        };
        sheets.push((name, read));
    }
    Ok(sheets)
}

/// The sheet read (its index in `sheets`): the one named; else the first with data below its
/// header, else the first with a header (whose import then says that it has no data). With it,
/// the sheets with data, importable.
fn choose(
    path: &Path,
    columns: &[Column],
    sheets: &WorkbookRead,
    wanted: Option<&str>,
) -> Result<(usize, Vec<String>)> {
    if let Some(want) = wanted.filter(|w| !sheets.iter().any(|(n, _)| n == w)) {
        let all = sheets.iter().map(|(n, _)| format!("“{n}”")).collect::<Vec<_>>().join("、");
        return Err(LedgerError::file(path, format!("没有名为“{want}”的工作表（本文件的工作表：{all}）")));
    }
    let no_header = |missing: &[&str]| {
        let required: Vec<&str> = columns.iter().filter(|c| c.required).map(|c| c.header).collect();
        if missing.is_empty() {
            format!("没有找到表头行，表头应包含：{}", required.join("、"))
        } else {
            format!("没有找到表头行：缺少必需的列“{}”", missing.join("、"))
        }
    };
    let unreadable = |name: &str| LedgerError::file(path, format!("工作表“{name}”无法读取（文件可能已损坏）"));
    let has_rows = |read: &Read| matches!(read, Read::Data(d) if !d.rows.is_empty());
    let importable = sheets.iter().filter(|(_, r)| has_rows(r)).map(|(n, _)| n.clone()).collect();
    if let Some(want) = wanted {
        let i = sheets.iter().position(|(n, _)| n == want).expect("checked above");
        return match &sheets[i].1 {
            Read::Data(_) => Ok((i, importable)),
            Read::NoHeader(missing) => Err(LedgerError::file(path, format!("工作表“{want}”{}", no_header(missing)))),
            Read::Unreadable => Err(unreadable(want)),
        };
    }
    let with_header = |r: &Read| matches!(r, Read::Data(_));
    match sheets.iter().position(|(_, r)| has_rows(r)).or_else(|| sheets.iter().position(|(_, r)| with_header(r))) {
        Some(i) => Ok((i, importable)),
        None => match sheets.iter().find(|(_, r)| matches!(r, Read::Unreadable)) {
            Some((name, _)) => Err(unreadable(name)),
            None => {
                let last_missing = sheets.iter().rev().find_map(|(_, r)| match r {
                    Read::NoHeader(missing) => Some(missing.as_slice()),
                    _ => None,
                });
                Err(LedgerError::file(path, no_header(last_missing.unwrap_or_default())))
            }
        },
    }
}

/// The column a sheet called `name` can fill in: the [`Column::sheet_name`] one, when the name
/// is a unit's.
fn named_by(name: &str, columns: &[Column]) -> Option<&'static str> {
    let unit_like = crate::org::kind_from_name(name) != "其他";
    columns.iter().find(|c| c.sheet_name).filter(|_| unit_like).map(|c| c.key)
}

/// The sheet `name` read below its `header`: the title rows above it, the data rows, and the
/// rows that are not records set aside. `by_name`: the column the sheet's name fills in.
fn sheet_data(
    name: String,
    row0: u32,
    grid: &[Vec<Cell>],
    header: Header,
    columns: &[Column],
    by_name: Option<&'static str>,
) -> SheetData {
    let Header { first, last, map, ignored, repeats } = header;
    // A column read from several places is named in errors by the program's own header.
    let headers = map
        .iter()
        .map(|(key, (_, text))| {
            let own = columns.iter().find(|c| c.key == *key && repeats.contains_key(key)).map(|c| c.header.to_string());
            (*key, own.unwrap_or_else(|| text.clone()))
        })
        .collect();
    let line = |i: usize, r: &[Cell]| {
        let cells: Vec<String> = r.iter().map(Cell::text).filter(|t| !t.is_empty()).collect();
        SheetLine { row: row0 + i as u32 + 1, text: cells.join(" ") }
    };
    let title_rows = grid
        .iter()
        .take(first)
        .enumerate()
        .map(|(i, r)| line(i, r))
        .filter(|l| !l.text.is_empty())
        .map(|l| (l.row, l.text))
        .collect();
    // A row missing a required value that is not filled from above cannot be a record.
    let incomplete = |r: &[Cell]| {
        columns
            .iter()
            .filter(|c| c.required && !c.fill_down)
            .any(|c| map.get(c.key).is_none_or(|(ci, _)| r.get(*ci).is_none_or(Cell::is_empty)))
    };
    let section_column = columns.iter().find(|c| c.section);
    let mut rows = Vec::new();
    let mut set_aside = Vec::new();
    let mut in_footer = false;
    // The sheet's name is the first section, when it fills a column the header lacks.
    let mut section: Option<Cell> = by_name.map(|_| Cell::Text(name.trim().to_string()));
    let mut above: HashMap<&'static str, Cell> = HashMap::new();
    for (i, r) in grid.iter().enumerate().skip(last + 1) {
        let values: Vec<&Cell> = r.iter().filter(|c| !c.is_empty()).collect();
        if values.is_empty() {
            continue;
        }
        in_footer = in_footer || (!rows.is_empty() && opens_footer(r));
        if in_footer || is_total(r) {
            set_aside.push(line(i, r));
            continue;
        }
        // One value, in the first column (where a heading merged across the row keeps it), in a
        // row that cannot be a record.
        if let [only] = values[..] {
            if incomplete(r) && r.first().is_some_and(|c| !c.is_empty()) {
                // A numbered row of a blank form: nothing in it.
                if is_number(only) {
                    continue;
                }
                // A group heading: the value of the section column in the rows below.
                if let Some(c) = section_column {
                    let heading = Cell::Text(only.text());
                    above.insert(c.key, heading.clone());
                    section = Some(heading);
                }
                set_aside.push(line(i, r));
                continue;
            }
        }
        let mut cells = HashMap::new();
        let mut filled = Vec::new();
        for col in columns {
            let Some((ci, _)) = map.get(col.key) else {
                if let Some(heading) = section.as_ref().filter(|_| col.section || Some(col.key) == by_name) {
                    cells.insert(col.key, heading.clone());
                    filled.push(col.key);
                }
                continue;
            };
            let mut cell = r.get(*ci).cloned().unwrap_or(Cell::Empty);
            if let (Some(rank), Some(others)) = (col.rank, repeats.get(col.key)) {
                let all =
                    std::iter::once(cell).chain(others.iter().map(|ci| r.get(*ci).cloned().unwrap_or(Cell::Empty)));
                cell = highest(all, rank);
            }
            if col.fill_down {
                if cell.is_empty() || cell.text() == "〃" || cell.text() == "同上" {
                    if cell.is_empty() {
                        filled.push(col.key);
                    }
                    cell = above.get(col.key).cloned().unwrap_or(Cell::Empty);
                } else {
                    above.insert(col.key, cell.clone());
                }
            }
            cells.insert(col.key, cell);
        }
        rows.push(SheetRow { number: row0 + i as u32 + 1, cells, filled });
    }
    SheetData {
        sheet: name,
        header_row: row0 + last as u32 + 1,
        headers,
        ignored,
        title_rows,
        rows,
        set_aside,
        importable: Vec::new(),
        named_by_sheet: by_name,
    }
}

/// Of a column's values in one row, the one that ranks highest; a value that cannot be ranked
/// wins, for its error to be reported. Blanks and `/`, `无` count only when all are such.
fn highest(cells: impl Iterator<Item = Cell>, rank: fn(&str) -> Option<u8>) -> Cell {
    let given: Vec<Cell> = cells.filter(|c| !c.is_empty()).collect();
    let said = given.iter().filter(|c| !says_none(c)).max_by_key(|c| rank(&c.text()).map_or(u16::MAX, u16::from));
    said.or(given.first()).cloned().unwrap_or(Cell::Empty)
}

/// A whole number, as a 序号 is written (`12`, `12.`, `12、`).
fn is_number(cell: &Cell) -> bool {
    match cell {
        Cell::Number(n) => n.fract() == 0.0,
        Cell::Text(t) => t.trim().trim_end_matches(['.', '、', '．']).parse::<u32>().is_ok(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell as Counter;

    use super::{is_total, opens_footer, read_keeping, Cell, KeptWorkbook};
    use crate::store::excel::cells::req;

    thread_local! {
        /// Workbooks read on this thread.
        pub(super) static READS: Counter<usize> = const { Counter::new(0) };
    }

    #[test]
    fn a_kept_workbook_is_read_once_until_it_changes_or_another_is_read() {
        // A static: the columns are known by their address.
        static COLUMNS: [super::Column; 1] = [req("name", "姓名", &[])];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("各中队.xlsx");
        let other = dir.path().join("另一个.xlsx");
        let write = |path: &std::path::Path, names: &[&str]| {
            let mut book = rust_xlsxwriter::Workbook::new();
            for name in names {
                let sheet = book.add_worksheet().set_name(*name).unwrap();
                sheet.write(0, 0, "姓名").unwrap();
                sheet.write(1, 0, format!("{name}的人")).unwrap();
            }
            book.save(path).unwrap();
        };
        write(&path, &["一中队", "二中队", "三中队"]);
        write(&other, &["四中队"]);
        let reads = || READS.with(Counter::get);
        let first = |kept: Option<&mut KeptWorkbook>, path: &std::path::Path, sheet: Option<&str>| {
            read_keeping(kept, path, &COLUMNS, sheet).unwrap().rows[0].text("name")
        };
        let before = reads();
        first(None, &path, None);
        first(None, &path, Some("二中队"));
        assert_eq!(reads() - before, 2, "without keeping, each read reads the workbook");

        let mut kept = KeptWorkbook::default();
        let names = ["一中队", "二中队", "三中队"].map(|s| first(Some(&mut kept), &path, Some(s)));
        assert_eq!(names, ["一中队的人", "二中队的人", "三中队的人"]);
        assert_eq!(reads() - before, 3, "one read for the three sheets");
        // Rewritten (another size): read again.
        write(&path, &["一中队", "二中队", "三中队", "五中队"]);
        assert_eq!(first(Some(&mut kept), &path, Some("五中队")), "五中队的人");
        assert_eq!(reads() - before, 4);
        // Another workbook takes its place.
        assert_eq!(first(Some(&mut kept), &other, None), "四中队的人");
        first(Some(&mut kept), &path, None);
        assert_eq!(reads() - before, 6, "one workbook kept at a time");
        assert!(read_keeping(Some(&mut kept), &path, &COLUMNS, Some("六中队")).is_err());
        assert_eq!(reads() - before, 6, "a sheet the kept workbook lacks is refused from what was kept");
    }

    fn row(cells: &[&str]) -> Vec<Cell> {
        cells.iter().map(|t| if t.is_empty() { Cell::Empty } else { Cell::Text(t.to_string()) }).collect()
    }

    #[test]
    fn totals_and_footers_are_known_by_their_first_value() {
        assert!(is_total(&row(&["", "合  计", "", "22"])));
        assert!(is_total(&row(&["小计"])));
        assert!(!is_total(&row(&["1", "合计执法装备"])), "a value that only begins with it");
        for footer in ["填表人：张三", "审核人:", "注：1.本表由各中队填报", "审核", "  填报日期：2024年3月5日"]
        {
            assert!(opens_footer(&row(&[footer, "李四"])), "{footer}");
        }
        for data in ["1", "注意事项培训", "审核执法案卷", "负责人员培训"] {
            assert!(!opens_footer(&row(&[data, "王喆"])), "{data}");
        }
    }
}
