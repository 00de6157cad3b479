//! Dates and times: storage formats (ISO) and zh-CN display (2024年7月31日).

use chrono::{Datelike, NaiveDate, SecondsFormat, Utc};

use crate::error::{LedgerError, Result};

/// Now, UTC, RFC 3339 with milliseconds: the format of every `created_at` / `updated_at`.
pub fn now_rfc3339() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Today in the machine's local time zone.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// `YYYY-MM-DD`.
pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// 2024年7月31日
pub fn zh(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// Parse a date as clerks write it: `2024-07-31`, `2024/7/31`, `2024.7.31`, `2024年7月31日`,
/// `20240731`. Surrounding blanks are ignored.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(s, "%Y%m%d").ok();
    }
    let s = s.strip_suffix('日').unwrap_or(s);
    let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).map(str::trim).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let y: i32 = parts[0].parse().ok()?;
    if !(1900..=2200).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, parts[1].parse().ok()?, parts[2].parse().ok()?)
}

/// Parse a `YYYY-MM-DD` (or any form [`parse_date`] accepts) naming the field on failure.
pub fn parse_field(field: &str, s: &str) -> Result<NaiveDate> {
    parse_date(s)
        .ok_or_else(|| LedgerError::invalid(field, format!("“{s}”不是有效日期，应写作 2024-07-31 或 2024年7月31日")))
}

/// The last day of a month.
pub fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (ny, nm) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

/// The date of an Excel serial number (1900 date system, with Excel's 1900 leap-year bug).
pub fn from_excel_serial(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = serial.floor() as i64;
    // Serials before 1900-03-01 are off by one because Excel believes 1900 was a leap year.
    let days = if days < 61 { days + 1 } else { days };
    base.checked_add_signed(chrono::Duration::days(days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("2024-07-31", Some((2024, 7, 31)))]
    #[case("2024/7/31", Some((2024, 7, 31)))]
    #[case("2024年7月31日", Some((2024, 7, 31)))]
    #[case(" 2024.07.31 ", Some((2024, 7, 31)))]
    #[case("20240731", Some((2024, 7, 31)))]
    #[case("2024-02-30", None)]
    #[case("7月底前", None)]
    #[case("", None)]
    fn parses_clerk_dates(#[case] s: &str, #[case] want: Option<(i32, u32, u32)>) {
        assert_eq!(parse_date(s), want.map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap()));
    }

    #[test]
    fn excel_serials() {
        assert_eq!(from_excel_serial(45504.0), NaiveDate::from_ymd_opt(2024, 7, 31));
        assert_eq!(from_excel_serial(1.0), NaiveDate::from_ymd_opt(1900, 1, 1));
        assert_eq!(from_excel_serial(-3.0), None);
    }

    #[test]
    fn zh_format() {
        assert_eq!(zh(NaiveDate::from_ymd_opt(2024, 7, 31).unwrap()), "2024年7月31日");
        assert_eq!(last_day_of_month(2024, 2), NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(last_day_of_month(2024, 12), NaiveDate::from_ymd_opt(2024, 12, 31));
    }
}
