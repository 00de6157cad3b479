//! Which backups to keep: everything from the last 24 hours, the newest of each of the last 7
//! days, 4 ISO weeks and 12 months that have a backup, and always the newest one.
//!
//! Pure: it sees sequence numbers and times only, so it is tested without files. A clock set to
//! the past cannot make it delete the newest backup (that is chosen by sequence, not by time),
//! and a backup dated in the future is kept.

use std::collections::HashSet;

use chrono::{Datelike, Duration, NaiveDateTime};

/// How many days, weeks and months keep their newest backup.
pub const DAILY: usize = 7;
pub const WEEKLY: usize = 4;
pub const MONTHLY: usize = 12;

/// The sequence numbers of the backups to keep, given `(sequence, local time made)` of each.
pub fn keep(backups: &[(u64, NaiveDateTime)], now: NaiveDateTime) -> HashSet<u64> {
    let mut kept = HashSet::new();
    let mut sorted: Vec<(u64, NaiveDateTime)> = backups.to_vec();
    // Newest first, by sequence: the order they were made in, whatever the clock said.
    sorted.sort_by_key(|b| std::cmp::Reverse(b.0));
    if let Some((seq, _)) = sorted.first() {
        kept.insert(*seq);
    }
    for (seq, at) in &sorted {
        if *at > now - Duration::hours(24) {
            kept.insert(*seq);
        }
    }
    // The first backup met in a bucket is its newest, since `sorted` is newest first.
    let mut bucket = |key: &dyn Fn(&NaiveDateTime) -> i64, count: usize| {
        let mut seen = HashSet::new();
        for (seq, at) in &sorted {
            if seen.len() == count {
                break;
            }
            if seen.insert(key(at)) {
                kept.insert(*seq);
            }
        }
    };
    bucket(&|t| t.date().num_days_from_ce() as i64, DAILY);
    bucket(&|t| t.date().iso_week().year() as i64 * 100 + t.date().iso_week().week() as i64, WEEKLY);
    bucket(&|t| t.date().year() as i64 * 100 + t.date().month() as i64, MONTHLY);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, 0, 0).unwrap()
    }

    #[test]
    fn a_year_of_daily_backups_keeps_7_days_4_weeks_12_months() {
        let start = at(2025, 1, 1, 9);
        let backups: Vec<(u64, NaiveDateTime)> = (0..400).map(|i| (i as u64 + 1, start + Duration::days(i))).collect();
        // The last is 4 February 2026.
        let now = start + Duration::days(399) + Duration::hours(1);
        let kept = keep(&backups, now);
        // 7 days; the 4 weeks and 12 months overlap them at their newest ends.
        let days: Vec<u64> = (394..=400).collect();
        for d in &days {
            assert!(kept.contains(d), "day {d} kept");
        }
        assert!(kept.len() <= DAILY + WEEKLY + MONTHLY, "{} kept", kept.len());
        assert!(kept.len() >= 12 + 5, "{} kept", kept.len());
        // 12 months back from February 2026 is March 2025: its newest (31 March, backup 90)
        // is kept; February and January 2025 are not.
        assert!(kept.contains(&90), "March 2025's newest is kept");
        assert!(!kept.contains(&59) && !kept.contains(&31), "older months are not");
    }

    #[test]
    fn everything_from_the_last_day_is_kept() {
        let now = at(2026, 12, 3, 18);
        let backups: Vec<(u64, NaiveDateTime)> =
            (0..10).map(|i| (i + 1, at(2026, 12, 3, 8) + Duration::minutes(i as i64 * 30))).collect();
        assert_eq!(keep(&backups, now).len(), 10);
    }

    #[test]
    fn a_clock_in_the_past_never_loses_the_newest() {
        let now = at(2020, 1, 1, 9);
        let backups = vec![(1, at(2026, 12, 1, 9)), (2, at(2026, 12, 2, 9)), (3, at(2020, 1, 1, 8))];
        let kept = keep(&backups, now);
        assert!(kept.contains(&3));
        assert!(kept.contains(&2) && kept.contains(&1), "future-dated backups are kept");
    }

    proptest! {
        #[test]
        fn the_newest_is_always_kept_and_nothing_more_than_the_buckets(
            offsets in proptest::collection::vec(-2000i64..2000, 1..200),
            now_offset in -2000i64..2000,
        ) {
            let base = at(2026, 6, 1, 12);
            let backups: Vec<(u64, NaiveDateTime)> =
                offsets.iter().enumerate().map(|(i, o)| (i as u64 + 1, base + Duration::hours(*o * 7))).collect();
            let now = base + Duration::hours(now_offset * 7);
            let kept = keep(&backups, now);
            prop_assert!(kept.contains(&(backups.len() as u64)));
            let recent = backups.iter().filter(|(_, t)| *t > now - Duration::hours(24)).count();
            prop_assert!(kept.len() <= 1 + recent + DAILY + WEEKLY + MONTHLY);
        }
    }
}
