//! 到期提醒's page. A large branch has tens of thousands of due items (17,283 within 30 days on
//! the large demo); sending them all to the webview made it the slowest page. The page gets the
//! counts — by band, by day for the calendar, by group — and one page of a group at a time.
//!
//! The groups are the overdue, then each month something falls due in. `schedules::due`
//! sorts by due date, so the overdue (due before the reference date) come first and each group's
//! items are consecutive.
//!
//! The page asks again for each day picked on the calendar and each page of a group, over the same
//! window: the window's items are computed once and kept until the data changes
//! ([`Ledger::remembered`]). On the large demo, computing them takes half a second; listing a
//! day from them, a few milliseconds.

use std::sync::Arc;

use chrono::NaiveDate;

use super::model::{DueBandCount, DueDay, DueGroup, DueItem, DuePage, DueView};
use super::schedules::due;
use crate::error::{LedgerError, Result};
use crate::store::dates::{self, DUE_BANDS};
use crate::Ledger;

/// The key of the group of the overdue; the others are months, `YYYY-MM`.
pub const OVERDUE_GROUP: &str = "overdue";

/// The group `item` is listed in.
fn group_of(item: &DueItem) -> &str {
    if item.days < 0 {
        OVERDUE_GROUP
    } else {
        item.due_on.get(..7).unwrap_or(&item.due_on)
    }
}

/// A group key from the UI: `overdue` or a month.
fn check_group(group: &str) -> Result<()> {
    let month = group.len() == 7 && dates::parse_date(&format!("{group}-01")).is_some();
    if group == OVERDUE_GROUP || month {
        Ok(())
    } else {
        Err(LedgerError::invalid("分组", format!("“{group}”不是到期事项的分组（应为 overdue 或 年-月，如 2024-07）")))
    }
}

/// What the list shows of `all`: everything, or only what falls due on `day`.
fn listed(all: &[DueItem], day: Option<NaiveDate>) -> impl Iterator<Item = &DueItem> {
    let day = day.map(dates::iso);
    all.iter().filter(move |x| day.as_ref().is_none_or(|day| &x.due_on == day))
}

fn check_window(days: i64) -> Result<()> {
    if days < 0 {
        return Err(LedgerError::invalid("天数", format!("到期天数不能为负数（{days}）")));
    }
    Ok(())
}

impl Ledger {
    /// Everything due from `d` to `days` days on, and overdue: computed once until the data
    /// changes. Only the latest window is kept (a large branch has tens of thousands of items).
    fn due_in_window(&mut self, d: NaiveDate, days: i64) -> Result<Arc<Vec<DueItem>>> {
        const KEPT: &str = "equipment due window ";
        let key = format!("{KEPT}{d} {days}");
        self.forget_others(KEPT, &key);
        self.remembered(key, |l| Ok(Arc::new(due(l.conn(), d, days, None)?)))
    }

    /// 到期提醒's page for the reference date `d` and the next `days` days: the counts by band and
    /// by day over everything due, and the first `limit` items of each group — of the day `day`
    /// only, when one is given.
    pub fn equipment_due_view(
        &mut self,
        d: NaiveDate,
        days: i64,
        day: Option<NaiveDate>,
        limit: u32,
    ) -> Result<DueView> {
        check_window(days)?;
        let all = self.due_in_window(d, days)?;
        let bands = DUE_BANDS
            .iter()
            .map(|band| DueBandCount {
                band: band.to_string(),
                count: all.iter().filter(|x| x.band == *band).count() as i64,
            })
            .collect();
        let mut by_day: Vec<DueDay> = Vec::new();
        for x in all.iter() {
            match by_day.last_mut() {
                Some(last) if last.due_on == x.due_on => last.count += 1,
                _ => by_day.push(DueDay { due_on: x.due_on.clone(), count: 1, overdue: x.days < 0 }),
            }
        }
        let mut total = 0;
        let mut groups: Vec<DueGroup> = Vec::new();
        for x in listed(&all, day) {
            total += 1;
            if groups.last().is_none_or(|g| g.key != group_of(x)) {
                groups.push(DueGroup { key: group_of(x).to_string(), total: 0, items: Vec::new() });
            }
            let group = groups.last_mut().expect("pushed above");
            group.total += 1;
            if group.items.len() < limit as usize {
                group.items.push(x.clone());
            }
        }
        Ok(DueView { bands, days: by_day, total, groups })
    }

    /// One page of the group `group` (`overdue` or a month, `YYYY-MM`) of
    /// [`Ledger::equipment_due_view`]: `limit` items from the `offset`-th.
    pub fn equipment_due_page(
        &mut self,
        d: NaiveDate,
        days: i64,
        day: Option<NaiveDate>,
        group: &str,
        offset: u32,
        limit: u32,
    ) -> Result<DuePage> {
        check_window(days)?;
        check_group(group)?;
        let all = self.due_in_window(d, days)?;
        let in_group: Vec<&DueItem> = listed(&all, day).filter(|x| group_of(x) == group).collect();
        let total = in_group.len() as i64;
        let items = in_group.into_iter().skip(offset as usize).take(limit as usize).cloned().collect();
        Ok(DuePage { total, items })
    }
}
