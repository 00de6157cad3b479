//! The input of [`crate::excel_rows`]: a sheet described cell by cell, so that the fuzzer spends
//! its time on the rows' validation rather than on getting a zip archive past its checksums.
//!
//! Layout of the bytes:
//!
//! - byte 0, the selector: sheet kind = `(b & 0x7f) % 9` in the order of [`KINDS`]; bit 7 asks
//!   the import to add the unit names it does not know (`create_units`);
//! - byte 1, the header: bit 0 puts a title row (`2024年` + the sheet's name) above it, bit 1
//!   reverses the columns, bit 2 writes each column's first alias instead of its header, bit 3
//!   leaves out the optional columns, bit 4 names the sheet for a unit ([`UNIT_SHEET`]) and
//!   leaves out the column its name fills in ([`Column::sheet_name`]);
//! - then cells, each a tag byte (`tag % 8`) and its payload, filled into the columns left to
//!   right, at most [`MAX_COLUMNS`] a row and [`MAX_ROWS`] rows:
//!
//! | tag | cell | payload |
//! |---|---|---|
//! | 0 | end of the row | — |
//! | 1 | blank | — |
//! | 2 | a text the sheet's own export writes, or a tricky one ([`TRICKY`]) | 1 byte: index |
//! | 3 | text | 1 byte: length, then that many bytes (UTF-8, invalid sequences replaced) |
//! | 4 | number | 8 bytes: `f64`, little-endian (not finite: left blank) |
//! | 5 | whole number | 2 bytes: `i16`, little-endian |
//! | 6 | date cell | 2 bytes: days after 1990-01-01, little-endian |
//! | 7 | date written as text | 4 bytes: year − 1990, month (0–13), day (0–32), style ([`DATE_STYLES`]) |

use chrono::{Days, NaiveDate};
use ledger_core::sheets::SheetKind;
use ledger_core::store::excel::sheet::Column;

/// Every sheet kind, in the order the selector bytes count them.
pub const KINDS: [SheetKind; 9] = [
    SheetKind::Tasks,
    SheetKind::Staff,
    SheetKind::Certificates,
    SheetKind::Secondments,
    SheetKind::Uniforms,
    SheetKind::Training,
    SheetKind::Equipment,
    SheetKind::EquipmentUsage,
    SheetKind::EquipmentMaintenance,
];

/// The name of a sheet named for a unit (layout bit 4); any other sheet is `台账`.
pub const UNIT_SHEET: &str = "第一执法中队";

/// Most data rows read from one input.
pub const MAX_ROWS: usize = 16;
/// Most cells read for one row.
pub const MAX_COLUMNS: usize = 24;

/// Texts worth trying in any column, besides the ones the sheet's export writes.
pub const TRICKY: &[&str] = &[
    "〃",
    "同上",
    "/",
    "无",
    "是",
    "否",
    "0",
    "-1",
    "1e9",
    "99999999999999999999",
    "2024-02-30",
    "2024年13月1日",
    "12月31日",
    "长期坚持",
    "7月底前",
    "2024年度",
    "第一执法中队",
    "各分局、综合执法支队",
    "王磊（第一执法中队）",
    "=SUM(A1:A2)",
    "#N/A",
    "TRUE",
    "  ",
    "\u{3000}",
    "执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法执法",
];

/// How a tag-7 date is written: `y`, `m`, `d` replaced by the numbers.
pub const DATE_STYLES: &[&str] = &["y-m-d", "y/m/d", "y.m.d", "y年m月d日", "ymd", "y-0m-0d", "m月d日", "y年m月"];

/// One cell of the input.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing in the cell.
    Blank,
    /// The `n`-th text of the vocabulary (modulo its length).
    Vocab(u8),
    /// A text cell.
    Text(String),
    /// A number cell.
    Number(f64),
    /// A whole number cell.
    Int(i16),
    /// A date cell, as days after 1990-01-01.
    Date(u16),
    /// A date as text: year − 1990, month, day, style.
    DateText(u8, u8, u8, u8),
}

/// A decoded input: the sheet kind and options, the header's layout, the data rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Byte 0 (see the module's doc).
    pub selector: u8,
    /// Byte 1 (see the module's doc).
    pub layout: u8,
    /// The data rows, below the header.
    pub rows: Vec<Vec<Cell>>,
}

/// A cell resolved against the vocabulary, as it is written to the workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing.
    Blank,
    /// A text cell.
    Text(String),
    /// A number cell.
    Number(f64),
    /// A date cell.
    Date(NaiveDate),
}

impl Sheet {
    /// Read an input (any bytes); `None` when it has fewer than the two leading bytes.
    pub fn decode(data: &[u8]) -> Option<Sheet> {
        let (&selector, rest) = data.split_first()?;
        let (&layout, mut rest) = rest.split_first()?;
        let mut take = |n: usize| -> Vec<u8> {
            let n = n.min(rest.len());
            let (head, tail) = rest.split_at(n);
            rest = tail;
            head.to_vec()
        };
        let mut rows = Vec::new();
        let mut row = Vec::new();
        while let Some(&tag) = take(1).first() {
            let cell = match tag % 8 {
                0 => {
                    rows.push(std::mem::take(&mut row));
                    if rows.len() == MAX_ROWS {
                        break;
                    }
                    continue;
                }
                1 => Cell::Blank,
                2 => Cell::Vocab(take(1).first().copied().unwrap_or(0)),
                3 => {
                    let n = take(1).first().copied().unwrap_or(0) as usize;
                    Cell::Text(String::from_utf8_lossy(&take(n)).into_owned())
                }
                4 => {
                    let mut b = [0u8; 8];
                    let got = take(8);
                    b[..got.len()].copy_from_slice(&got);
                    Cell::Number(f64::from_le_bytes(b))
                }
                5 => {
                    let mut b = [0u8; 2];
                    let got = take(2);
                    b[..got.len()].copy_from_slice(&got);
                    Cell::Int(i16::from_le_bytes(b))
                }
                6 => {
                    let mut b = [0u8; 2];
                    let got = take(2);
                    b[..got.len()].copy_from_slice(&got);
                    Cell::Date(u16::from_le_bytes(b))
                }
                _ => {
                    let mut b = [0u8; 4];
                    let got = take(4);
                    b[..got.len()].copy_from_slice(&got);
                    Cell::DateText(b[0], b[1], b[2], b[3])
                }
            };
            if row.len() < MAX_COLUMNS {
                row.push(cell);
            }
        }
        if !row.is_empty() && rows.len() < MAX_ROWS {
            rows.push(row);
        }
        Some(Sheet { selector, layout, rows })
    }

    /// The bytes that decode to this sheet (texts are cut to 255 bytes).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![self.selector, self.layout];
        for row in &self.rows {
            for cell in row {
                match cell {
                    Cell::Blank => out.push(1),
                    Cell::Vocab(i) => out.extend([2, *i]),
                    Cell::Text(s) => {
                        let mut end = s.len().min(255);
                        while !s.is_char_boundary(end) {
                            end -= 1;
                        }
                        out.extend([3, end as u8]);
                        out.extend(&s.as_bytes()[..end]);
                    }
                    Cell::Number(n) => {
                        out.push(4);
                        out.extend(n.to_le_bytes());
                    }
                    Cell::Int(n) => {
                        out.push(5);
                        out.extend(n.to_le_bytes());
                    }
                    Cell::Date(n) => {
                        out.push(6);
                        out.extend(n.to_le_bytes());
                    }
                    Cell::DateText(y, m, d, s) => out.extend([7, *y, *m, *d, *s]),
                }
            }
            out.push(0);
        }
        out
    }

    /// The sheet kind the selector names.
    pub fn kind(&self) -> SheetKind {
        KINDS[usize::from(self.selector & 0x7f) % KINDS.len()]
    }

    /// The worksheet's name: [`UNIT_SHEET`] when layout bit 4 asks for it, else `台账`.
    pub fn sheet_name(&self) -> &'static str {
        if self.layout & 16 != 0 {
            UNIT_SHEET
        } else {
            "台账"
        }
    }

    /// Whether the import adds the unit names it does not know.
    pub fn create_units(&self) -> bool {
        self.selector & 0x80 != 0
    }

    /// The workbook's rows: the title row if asked for, the header, the data rows with every
    /// cell resolved (`vocab`: the sheet's export texts; [`TRICKY`] is added to them).
    pub fn values(&self, vocab: &[String]) -> Vec<Vec<Value>> {
        let kind = self.kind();
        let named_for_unit = self.layout & 16 != 0;
        let mut columns: Vec<&Column> = columns_of(kind)
            .iter()
            .filter(|c| c.required || self.layout & 8 == 0)
            .filter(|c| !(named_for_unit && c.sheet_name))
            .collect();
        if self.layout & 2 != 0 {
            columns.reverse();
        }
        let mut out = Vec::new();
        if self.layout & 1 != 0 {
            out.push(vec![Value::Text(format!("2024年{}", kind.label()))]);
        }
        out.push(
            columns
                .iter()
                .map(|c| {
                    let alias = c.aliases.first().filter(|_| self.layout & 4 != 0);
                    Value::Text(alias.copied().unwrap_or(c.header).to_string())
                })
                .collect(),
        );
        let words = |i: u8| -> String {
            let n = vocab.len() + TRICKY.len();
            let i = usize::from(i) % n;
            vocab.get(i).cloned().unwrap_or_else(|| TRICKY[i - vocab.len()].to_string())
        };
        let epoch = NaiveDate::from_ymd_opt(1990, 1, 1).expect("a date");
        for row in &self.rows {
            out.push(
                row.iter()
                    .map(|cell| match cell {
                        Cell::Blank => Value::Blank,
                        Cell::Vocab(i) => Value::Text(writable(words(*i))),
                        Cell::Text(s) => Value::Text(writable(s.clone())),
                        Cell::Number(n) if n.is_finite() => Value::Number(*n),
                        Cell::Number(_) => Value::Blank,
                        Cell::Int(n) => Value::Number(f64::from(*n)),
                        Cell::Date(n) => Value::Date(epoch + Days::new(u64::from(*n))),
                        Cell::DateText(y, m, d, style) => Value::Text(date_text(*y, *m, *d, *style)),
                    })
                    .collect(),
            );
        }
        out
    }
}

/// `text`, changed only where rust_xlsxwriter 0.79 would panic writing it: `_x` followed within
/// four bytes by a character of several bytes (`_x中队`) has it slice a character in two
/// (rust_xlsxwriter issue 141, fixed in 0.84.2). Such a `_x` is written `_X`. The program's own
/// exports have the same panic; see the crate's tests.
pub fn writable(text: String) -> String {
    let breaks = |i: usize| i + 6 <= text.len() && !text.is_char_boundary(i + 6);
    if !text.match_indices("_x").any(|(i, _)| breaks(i)) {
        return text;
    }
    let mut out = text.clone();
    for (i, _) in text.match_indices("_x").filter(|(i, _)| breaks(*i)) {
        out.replace_range(i..i + 2, "_X");
    }
    out
}

fn date_text(y: u8, m: u8, d: u8, style: u8) -> String {
    let (y, m, d) = (1990 + u32::from(y), m % 14, d % 33);
    DATE_STYLES[usize::from(style) % DATE_STYLES.len()]
        .replace("0m", &format!("{m:02}"))
        .replace("0d", &format!("{d:02}"))
        .replace('y', &y.to_string())
        .replace('m', &m.to_string())
        .replace('d', &d.to_string())
}

/// The columns a sheet kind's import reads.
pub fn columns_of(kind: SheetKind) -> &'static [Column] {
    use ledger_core::{equipment, people, tasks, training};
    match kind {
        SheetKind::Tasks => tasks::excel::COLUMNS,
        SheetKind::Staff => people::excel::STAFF_COLUMNS,
        SheetKind::Certificates => people::excel::CERTIFICATE_COLUMNS,
        SheetKind::Secondments => people::excel::SECONDMENT_COLUMNS,
        SheetKind::Uniforms => people::excel::UNIFORM_COLUMNS,
        SheetKind::Training => training::excel::COLUMNS,
        SheetKind::Equipment => equipment::excel::EQUIPMENT_COLUMNS,
        SheetKind::EquipmentUsage => equipment::excel::USAGE_COLUMNS,
        SheetKind::EquipmentMaintenance => equipment::excel::MAINTENANCE_COLUMNS,
    }
}

/// A one-sheet .xlsx of `rows`, the sheet called `name` (rust_xlsxwriter); a value the writer
/// refuses (a text over Excel's 32,767 characters, a date before 1900) is left blank.
pub fn xlsx(name: &str, rows: &[Vec<Value>]) -> Vec<u8> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(name).expect("a valid sheet name");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            let _ = match value {
                Value::Blank => continue,
                Value::Text(s) => sheet.write_string(r, c, s).map(|_| ()),
                Value::Number(n) => sheet.write_number(r, c, *n).map(|_| ()),
                Value::Date(d) => sheet.write_date_with_format(r, c, d, &date).map(|_| ()),
            };
        }
    }
    book.save_to_buffer().expect("rust_xlsxwriter writes a workbook")
}
