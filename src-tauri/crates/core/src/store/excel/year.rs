//! The year a sheet is about. Clerks title their sheets `滕州分局2024年规范化建设重点任务分工台账`;
//! a sheet without a 年度 column belongs to the year its title names, not to the year the app
//! happens to show.

use super::report::{ImportOptions, YearSource};
use super::sheet::SheetData;

/// The year for rows without a 年度 cell, where it came from, and why, in words for the clerk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetYear {
    pub year: i32,
    pub source: YearSource,
    pub note: String,
}

/// The year a piece of title text names: the first `2024年` (or `2024年度`) that is not the start
/// of a date such as `2025年3月1日` (a 填报日期 line), within 2000—2100.
pub fn year_in(text: &str) -> Option<i32> {
    let chars: Vec<char> = text.chars().collect();
    for i in 0..chars.len() {
        let window = chars.get(i..i + 5)?;
        if !window[..4].iter().all(char::is_ascii_digit) || window[4] != '年' {
            continue;
        }
        if i > 0 && chars[i - 1].is_ascii_digit() {
            continue;
        }
        let after: String = chars[i + 5..].iter().take(3).collect();
        let starts_date = after.chars().next().is_some_and(|c| c.is_ascii_digit()) && after.contains('月');
        if starts_date {
            continue;
        }
        let year: i32 = window[..4].iter().collect::<String>().parse().ok()?;
        if (2000..=2100).contains(&year) {
            return Some(year);
        }
    }
    None
}

fn quote(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() > MAX {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    } else {
        text.to_string()
    }
}

/// The year for `sheet`'s rows that carry none: the clerk's choice, else the year a title row
/// above the header names, else the sheet's name, else the fallback.
pub fn choose(sheet: &SheetData, options: &ImportOptions) -> SheetYear {
    if let Some(year) = options.year {
        return SheetYear { year, source: YearSource::Chosen, note: format!("导入时选择的年度：{year}年") };
    }
    for (row, text) in &sheet.title_rows {
        if let Some(year) = year_in(text) {
            return SheetYear {
                year,
                source: YearSource::Title,
                note: format!("表头上方第 {row} 行“{}”写明 {year}年", quote(text)),
            };
        }
    }
    if let Some(year) = year_in(&sheet.sheet) {
        return SheetYear {
            year,
            source: YearSource::Title,
            note: format!("工作表名称“{}”写明 {year}年", quote(&sheet.sheet)),
        };
    }
    let year = options.fallback_year;
    SheetYear {
        year, source: YearSource::Fallback, note: format!("表格未写明年度，按当前选择的 {year}年")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("滕州分局2024年规范化建设重点任务分工台账", Some(2024))]
    #[case("2023年度重点任务分工台账", Some(2023))]
    #[case("填报日期：2025年3月1日  2024年台账", Some(2024))]
    #[case("填报日期：2025年3月1日", None)]
    #[case("编号 120245年", None)]
    #[case("1999年台账", None)]
    #[case("规范化建设台账", None)]
    #[case("", None)]
    fn reads_the_year_a_title_names(#[case] text: &str, #[case] want: Option<i32>) {
        assert_eq!(year_in(text), want);
    }
}
