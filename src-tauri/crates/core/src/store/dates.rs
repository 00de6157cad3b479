//! Dates and times: storage formats (ISO) and zh-CN display (2024年7月31日).

use chrono::{Datelike, NaiveDate, SecondsFormat, Utc};

use crate::error::{LedgerError, Result};
use crate::store::text;

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

/// An RFC 3339 time in local time, as the app shows it: `2024年7月31日 14:05`; the input
/// unchanged if it does not parse.
pub fn zh_time(rfc3339: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => {
            let t = t.with_timezone(&chrono::Local);
            format!("{} {}", zh(t.date_naive()), t.format("%H:%M"))
        }
        Err(_) => rfc3339.to_string(),
    }
}

/// A file size as people read it: `860 字节`, `12.5 KB`, `3.2 MB`, `1.1 GB`.
pub fn zh_size(bytes: u64) -> String {
    const K: f64 = 1024.0;
    let b = bytes as f64;
    if b < K {
        format!("{bytes} 字节")
    } else if b < K * K {
        format!("{:.1} KB", b / K)
    } else if b < K * K * K {
        format!("{:.1} MB", b / K / K)
    } else {
        format!("{:.1} GB", b / K / K / K)
    }
}

/// Parse a date as clerks write it: `2024-07-31`, `2024/7/31`, `2024.7.31`, `2024年7月31日`
/// (or `号`), `20240731`, in full-width digits too; a time after it (`2024-07-31 00:00:00`, as web
/// systems export dates) is ignored. Surrounding blanks are ignored.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    // Dates the program wrote itself are ASCII: read them without a copy.
    let wide;
    let s = if s.is_ascii() {
        s
    } else {
        wide = text::half_width(s);
        &wide
    };
    let s = without_time(s.trim());
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(s, "%Y%m%d").ok();
    }
    let s = s.strip_suffix(['日', '号']).unwrap_or(s);
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

/// `s` without a time of day after a blank or `T` (`14:05`, `00:00:00`, `08:30:00.000`).
fn without_time(s: &str) -> &str {
    match s.split_once([' ', 'T']) {
        Some((date, time)) if is_time_of_day(time.trim()) => date.trim_end(),
        _ => s,
    }
}

/// `8:30`, `14:05`, `00:00:00` or `08:30:00.000`: hours, minutes and perhaps seconds, in
/// digits. Not `:.`, which a date followed by it does not make a date.
fn is_time_of_day(t: &str) -> bool {
    let digits =
        |s: &str, n: std::ops::RangeInclusive<usize>| n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    let mut parts = t.split(':');
    let (Some(h), Some(m), seconds, None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let seconds_ok = seconds.is_none_or(|s| match s.split_once('.') {
        Some((whole, fraction)) => digits(whole, 2..=2) && digits(fraction, 1..=9),
        None => digits(s, 2..=2),
    });
    digits(h, 1..=2) && digits(m, 2..=2) && seconds_ok
}

/// Parse a `YYYY-MM-DD` (or any form [`parse_date`] accepts) naming the field on failure.
pub fn parse_field(field: &str, s: &str) -> Result<NaiveDate> {
    parse_date(s)
        .ok_or_else(|| LedgerError::invalid(field, format!("“{s}”不是有效日期，应写作 2024-07-31 或 2024年7月31日")))
}

/// An optional date field as the clerk typed it: blank is `None`, anything else must be a date.
pub fn parse_opt_field(field: &str, s: Option<&str>) -> Result<Option<NaiveDate>> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => parse_field(field, s).map(Some),
        None => Ok(None),
    }
}

/// `d` moved by `months` calendar months, the day clamped to the month's end (31 January plus
/// one month is 29 February in a leap year, 28 February otherwise).
pub fn add_months(d: NaiveDate, months: i32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 + months;
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
    let last = last_day_of_month(y, m).map(|l| l.day()).unwrap_or(28);
    NaiveDate::from_ymd_opt(y, m, d.day().min(last)).unwrap_or(d)
}

/// `d` moved by `years` years: the same month and day, 29 February becoming 28 February in a
/// year without it. "Within the last three years of D" is a date after `add_years(D, -3)`.
pub fn add_years(d: NaiveDate, years: i32) -> NaiveDate {
    add_months(d, years * 12)
}

/// The warning bands of [`due_band`], the most urgent first.
pub const DUE_BANDS: [&str; 6] = ["已逾期", "7天内", "30天内", "60天内", "90天内", "90天后"];

/// The warning band of something due in `days` days (negative: passed): 已逾期, 7天内, 30天内,
/// 60天内, 90天内, or 90天后.
pub fn due_band(days: i64) -> &'static str {
    match days {
        d if d < 0 => "已逾期",
        0..=7 => "7天内",
        8..=30 => "30天内",
        31..=60 => "60天内",
        61..=90 => "90天内",
        _ => "90天后",
    }
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
    use proptest::prelude::*;
    use rstest::rstest;

    use super::*;

    /// `s` as a Chinese input method in full-width mode types it.
    fn full_width(s: &str) -> String {
        s.chars().map(|c| if c.is_ascii_graphic() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c }).collect()
    }

    proptest! {
        /// Every form a clerk may write a date in (from 1900 to 2200, the years read) reads back
        /// as that date, in full-width digits too, with blanks around it and with a time after it.
        #[test]
        fn every_written_form_reads_back(days in 0i64..109_938, form in 0usize..7, time in any::<bool>()) {
            let d = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
            let (y, m, n) = (d.year(), d.month(), d.day());
            let written = [
                iso(d),
                format!("{y}/{m}/{n}"),
                format!("{y}.{m:02}.{n:02}"),
                zh(d),
                format!("{y}年{m}月{n}号"),
                format!("{y}{m:02}{n:02}"),
                format!("{y}-{m}-{n}"),
            ][form].clone();
            let written = if time { format!("{written} 08:30:00") } else { written };
            prop_assert_eq!(parse_date(&written), Some(d), "{}", written);
            prop_assert_eq!(parse_date(&format!("\u{3000}{}\u{3000}", full_width(&written))), Some(d), "{}", written);
        }

        #[test]
        fn never_panics(s in "\\PC{0,24}") {
            let _ = parse_date(&s);
        }
    }

    #[rstest]
    #[case("2024-07-31", Some((2024, 7, 31)))]
    #[case("2024/7/31", Some((2024, 7, 31)))]
    #[case("2024年7月31日", Some((2024, 7, 31)))]
    #[case(" 2024.07.31 ", Some((2024, 7, 31)))]
    #[case("20240731", Some((2024, 7, 31)))]
    #[case("２０２４年７月３１日", Some((2024, 7, 31)))]
    #[case("２０２４－０７－３１", Some((2024, 7, 31)))]
    #[case("２０２４．７．３１", Some((2024, 7, 31)))]
    #[case("\u{3000}2024/7/31\u{3000}", Some((2024, 7, 31)))]
    #[case("2024年7月31号", Some((2024, 7, 31)))]
    #[case("2024-07-31 00:00:00", Some((2024, 7, 31)))]
    #[case("2024/7/31 14:05", Some((2024, 7, 31)))]
    #[case("2024-07-31T08:30:00.000", Some((2024, 7, 31)))]
    #[case("2024 年 7 月 31 日", Some((2024, 7, 31)))]
    #[case("2024-07-31 8:30", Some((2024, 7, 31)))]
    #[case("2024-07-31 下午", None)]
    #[case("2024-07-31 12", None)]
    // Not a time of day (a fuzz finding: the blank before it decided whether the date was read).
    #[case("02001/10/9 :.", None)]
    #[case("2024-07-31 :", None)]
    #[case("2024-07-31 1:2", None)]
    #[case("2024-07-31 14:05:", None)]
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

    #[rstest]
    #[case((2024, 2, 29), -3, (2021, 2, 28))]
    #[case((2024, 2, 29), 4, (2028, 2, 29))]
    #[case((2024, 3, 1), -3, (2021, 3, 1))]
    #[case((2023, 12, 31), 1, (2024, 12, 31))]
    fn years_keep_the_day_or_clamp_it(#[case] d: (i32, u32, u32), #[case] n: i32, #[case] want: (i32, u32, u32)) {
        let at = |(y, m, d): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(add_years(at(d), n), at(want));
    }

    #[rstest]
    #[case((2024, 1, 31), 1, (2024, 2, 29))]
    #[case((2023, 1, 31), 1, (2023, 2, 28))]
    #[case((2024, 8, 31), 1, (2024, 9, 30))]
    #[case((2024, 12, 15), 1, (2025, 1, 15))]
    #[case((2024, 3, 31), -1, (2024, 2, 29))]
    #[case((2024, 5, 31), 12, (2025, 5, 31))]
    fn months_clamp_to_the_month_end(#[case] d: (i32, u32, u32), #[case] n: i32, #[case] want: (i32, u32, u32)) {
        let at = |(y, m, d): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(add_months(at(d), n), at(want));
    }

    #[test]
    fn zh_format() {
        assert_eq!(zh(NaiveDate::from_ymd_opt(2024, 7, 31).unwrap()), "2024年7月31日");
        assert_eq!(last_day_of_month(2024, 2), NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(last_day_of_month(2024, 12), NaiveDate::from_ymd_opt(2024, 12, 31));
    }
}
