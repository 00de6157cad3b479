//! Deadline phrases (完成时限) as the source documents write them, read against the plan's year.
//!
//! The raw text is always kept by the caller; this module only says what it means. A phrase it
//! does not understand is reported as unrecognised, never guessed.

use chrono::NaiveDate;

use crate::store::{dates, text};
use crate::tasks::DeadlineReading;

/// What a deadline phrase means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    /// The last day on which the task may be completed.
    pub due: Option<NaiveDate>,
    /// 长期坚持 and its kin: no due date, never overdue.
    pub ongoing: bool,
    /// False when the phrase was not understood.
    pub recognized: bool,
}

impl Deadline {
    fn date(d: NaiveDate) -> Self {
        Deadline { due: Some(d), ongoing: false, recognized: true }
    }
    const ONGOING: Deadline = Deadline { due: None, ongoing: true, recognized: true };
    const NONE: Deadline = Deadline { due: None, ongoing: false, recognized: true };
    const UNRECOGNIZED: Deadline = Deadline { due: None, ongoing: false, recognized: false };
}

/// Work without an end: done continually, or again every month or quarter of the year.
const ONGOING_PHRASES: &[&str] = &[
    "长期坚持",
    "长期",
    "长期执行",
    "长期推进",
    "持续推进",
    "持续开展",
    "持续",
    "常态化",
    "常态化开展",
    "常年",
    "即日起",
    "每月",
    "每季度",
];

/// The version of this reader. Raise it when [`parse`] learns to read phrases it did not: the
/// tasks stored as unrecognised are then read again when a database opens
/// (`crate::tasks::reread`). 1: 上旬/中旬/下旬, 即日起, 每月, 每季度, full-width forms, a time
/// after a date.
pub const READER_VERSION: u32 = 1;

const SUFFIXES: &[&str] = &["之前", "以前", "前", "完成", "截止", "止"];

/// [`parse`] as the task form shows it while the clerk types.
pub fn reading(text: &str, year: i32) -> DeadlineReading {
    let d = parse(text, year);
    DeadlineReading { due_date: d.due.map(dates::iso), ongoing: d.ongoing, recognized: d.recognized }
}

/// Read a deadline phrase such as `7月底前`, `5月15日前`, `2024年4月底前`, `年内` or `长期坚持`
/// against `year` (the plan year; a phrase that names its own year uses that).
pub fn parse(text: &str, year: i32) -> Deadline {
    let s = normalize(text);
    if s.is_empty() || s == "/" || s == "无" {
        return Deadline::NONE;
    }
    if ONGOING_PHRASES.contains(&s.as_str()) {
        return Deadline::ONGOING;
    }
    // A date as it is (`2024-07-31 00:00:00` keeps its blank), then without blanks.
    if let Some(d) = dates::parse_date(text).or_else(|| dates::parse_date(&s)) {
        return Deadline::date(d);
    }
    let mut s = s.as_str();
    let mut had_suffix = false;
    loop {
        match SUFFIXES.iter().find_map(|suf| s.strip_suffix(suf)) {
            Some(rest) if !rest.is_empty() => {
                s = rest;
                had_suffix = true;
            }
            _ => break,
        }
    }
    // `6月前` may mean "before June" or "by the end of June": ambiguous, so flagged.
    if had_suffix && s.ends_with('月') {
        return Deadline::UNRECOGNIZED;
    }
    if let Some(d) = dates::parse_date(s) {
        return Deadline::date(d);
    }
    let (year, rest) = match split_year(s) {
        Some((y, rest)) => (y, rest),
        None => (year, s),
    };
    parse_in_year(rest, year).map(Deadline::date).unwrap_or(Deadline::UNRECOGNIZED)
}

/// Blanks removed (PDF copies write `7 月底前`), full-width forms made ASCII.
fn normalize(text: &str) -> String {
    text::half_width(text).chars().filter(|c| !c.is_whitespace()).collect()
}

/// `2024年…` → (2024, "…"); `本年…`/`今年…` keep the plan year.
fn split_year(s: &str) -> Option<(i32, &str)> {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() == 4 {
        let rest = s[4..].strip_prefix('年')?;
        return Some((digits.parse().ok()?, rest));
    }
    None
}

fn parse_in_year(s: &str, year: i32) -> Option<NaiveDate> {
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31);
    match s {
        "" | "内" | "底" | "末" | "年内" | "年底" | "年末" | "年度内" | "本年" | "本年内" | "本年度" | "本年度内"
        | "今年" | "今年内" | "今年底" | "本年底" | "全年" | "下半年" | "年度" => return year_end,
        "上半年" => return NaiveDate::from_ymd_opt(year, 6, 30),
        _ => {}
    }
    if let Some(q) = quarter(s) {
        return dates::last_day_of_month(year, q * 3);
    }
    let (month, rest) = split_number(s)?;
    let rest = rest.strip_prefix('月')?;
    if !(1..=12).contains(&month) {
        return None;
    }
    match rest {
        "" | "底" | "末" | "份" | "内" | "份内" | "底以前" | "下旬" => dates::last_day_of_month(year, month),
        // The thirds of a month (旬): days 1–10, 11–20, 21 to the end.
        "上旬" => NaiveDate::from_ymd_opt(year, month, 10),
        "中旬" => NaiveDate::from_ymd_opt(year, month, 20),
        _ => {
            let (day, tail) = split_number(rest)?;
            if tail == "日" || tail == "号" || tail.is_empty() {
                NaiveDate::from_ymd_opt(year, month, day)
            } else {
                None
            }
        }
    }
}

/// `第一季度`, `一季度`, `3季度末` → 1..=4.
fn quarter(s: &str) -> Option<u32> {
    let s = s.strip_prefix('第').unwrap_or(s);
    let s = s.strip_suffix('末').or_else(|| s.strip_suffix('底')).unwrap_or(s);
    let (n, rest) = split_number(s)?;
    (rest == "季度" && (1..=4).contains(&n)).then_some(n)
}

/// A leading number in Arabic digits or Chinese numerals up to 31 (`十二`, `二十`, `三十一`).
fn split_number(s: &str) -> Option<(u32, &str)> {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() {
        return Some((digits.parse().ok()?, &s[digits.len()..]));
    }
    let mut value = 0u32;
    let mut pending = 0u32;
    let mut used = 0usize;
    for c in s.chars() {
        let digit = match c {
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            '十' => {
                value += if pending == 0 { 10 } else { pending * 10 };
                pending = 0;
                used += c.len_utf8();
                continue;
            }
            _ => break,
        };
        pending = digit;
        used += c.len_utf8();
    }
    if used == 0 {
        return None;
    }
    Some((value + pending, &s[used..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[rstest]
    #[case("7月底前", d(2024, 7, 31))]
    #[case("7 月底前", d(2024, 7, 31))]
    #[case("12月底前", d(2024, 12, 31))]
    #[case("2月底前", d(2024, 2, 29))]
    #[case("5月15日前", d(2024, 5, 15))]
    #[case("2024年4月底前", d(2024, 4, 30))]
    #[case("2025年4月底前", d(2025, 4, 30))]
    #[case("年内", d(2024, 12, 31))]
    #[case("年底前", d(2024, 12, 31))]
    #[case("2024年底前", d(2024, 12, 31))]
    #[case("上半年", d(2024, 6, 30))]
    #[case("第三季度", d(2024, 9, 30))]
    #[case("二季度末", d(2024, 6, 30))]
    #[case("七月底前", d(2024, 7, 31))]
    #[case("十二月底前", d(2024, 12, 31))]
    #[case("9月20日前", d(2024, 9, 20))]
    #[case("6月30日", d(2024, 6, 30))]
    #[case("6月底前完成", d(2024, 6, 30))]
    #[case("2024-07-31", d(2024, 7, 31))]
    #[case("2024/7/31", d(2024, 7, 31))]
    #[case("2024-07-31 00:00:00", d(2024, 7, 31))]
    #[case("２０２４．７．３１", d(2024, 7, 31))]
    #[case("2024年7月31日", d(2024, 7, 31))]
    #[case("８月１５日前", d(2024, 8, 15))]
    #[case("10月上旬", d(2024, 10, 10))]
    #[case("12月中旬前", d(2024, 12, 20))]
    #[case("2月下旬前完成", d(2024, 2, 29))]
    #[case("2025年5月下旬", d(2025, 5, 31))]
    fn dated_phrases(#[case] text: &str, #[case] want: Option<NaiveDate>) {
        let got = parse(text, 2024);
        assert_eq!(got, Deadline { due: want, ongoing: false, recognized: true }, "{text}");
    }

    #[test]
    fn a_reading_gives_the_due_date_as_stored() {
        let r = reading("10月上旬", 2024);
        assert_eq!(r, DeadlineReading { due_date: Some("2024-10-10".into()), ongoing: false, recognized: true });
        assert_eq!(reading("每月", 2024), DeadlineReading { due_date: None, ongoing: true, recognized: true });
        assert!(!reading("尽快", 2024).recognized);
    }

    #[rstest]
    #[case("长期坚持")]
    #[case("长期")]
    #[case("持续推进")]
    #[case("常态化")]
    #[case("即日起")]
    #[case("每季度")]
    fn ongoing_phrases(#[case] text: &str) {
        assert_eq!(parse(text, 2024), Deadline::ONGOING);
    }

    #[rstest]
    #[case("尽快")]
    #[case("13月底前")]
    #[case("2月30日前")]
    #[case("6月前")]
    #[case("视情况而定")]
    #[case("下月")]
    fn unrecognised_phrases_are_flagged_not_guessed(#[case] text: &str) {
        assert_eq!(parse(text, 2024), Deadline::UNRECOGNIZED, "{text}");
    }

    #[test]
    fn empty_means_no_deadline() {
        assert_eq!(parse("", 2024), Deadline::NONE);
        assert_eq!(parse(" / ", 2024), Deadline::NONE);
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,24}", y in 1900i32..2200) {
            let _ = parse(&s, y);
        }

        #[test]
        fn month_end_is_last_day(m in 1u32..=12, y in 2000i32..2100) {
            let got = parse(&format!("{m}月底前"), y).due.unwrap();
            prop_assert_eq!(got, dates::last_day_of_month(y, m).unwrap());
        }
    }
}
