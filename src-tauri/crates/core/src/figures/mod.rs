//! The computed figures of METRICS.md, each for a reference date D and a scope (the whole branch
//! or one unit with the units under it): the staff figures F1–F9 ([`staff`]), the training
//! figures T1–T5 ([`training`]), the uniform figures U1–U2 ([`uniforms`]) and the equipment
//! figures E1–E4 ([`equipment`]).
//!
//! Invariants, as METRICS.md states them:
//! - pass and fail compare exact integers (`numerator × 100 ≥ 80 × denominator`), never a
//!   rounded float; exactly at the threshold passes;
//! - a zero denominator is 不适用 (`applicable: false`, `pass: None`), never 0% or 100%;
//! - every figure carries the people (or units, or sessions) behind its numerator and
//!   denominator, so a clerk can check it name by name. Those lists are most of a set's size (tens
//!   of MB for a branch of thousands): the app's pages take a set [`FigureSet::without_names`] and
//!   ask for one figure's names ([`Ledger::figure_with_names`]) when the clerk opens them.

pub mod equipment;
pub mod staff;
pub mod training;
pub mod uniforms;

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::store::dates;
use crate::Ledger;

/// A person behind a figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FigurePerson {
    pub id: String,
    pub name: String,
    pub unit: String,
}

/// One unit's count in F8 or F9.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UnitCount {
    pub unit_id: String,
    pub unit: String,
    #[ts(type = "number")]
    pub count: i64,
    pub pass: bool,
    pub people: Vec<FigurePerson>,
}

/// A session behind a training figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FigureSession {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub start_on: String,
    pub end_on: String,
    #[ts(type = "number")]
    pub days: i64,
}

/// A person's hours (T5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonHours {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub hours: f64,
    #[ts(type = "number")]
    pub sessions: i64,
}

/// One computed figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Figure {
    /// F1…F9, T1…T5, U1, U2, E1…E4.
    pub id: String,
    pub name: String,
    /// T4: the kind of training counted.
    pub kind: Option<String>,
    #[ts(type = "number")]
    pub numerator: i64,
    /// `None` for counts (T2–T4, U1) and for T5.
    #[ts(type = "number | null")]
    pub denominator: Option<i64>,
    /// False when the denominator is zero (不适用).
    pub applicable: bool,
    /// `None` when not applicable, or when the figure has no threshold (T5).
    pub pass: Option<bool>,
    /// `≥ 80%`, `≤ 10%`, `= 100%`, `≥ 1 次`, `每个 ≥ 2 人`, `—`.
    pub threshold: String,
    /// The percentage rounded half up to one decimal (`80.0%`), `不适用`, or the count.
    pub value: String,
    /// The figure in words a clerk can check: `持证 8 人 / 应计 10 人 = 80.0%，要求 ≥ 80% → 达标`.
    pub explanation: String,
    /// The date the figure was computed for (T1: 30 June of D's year).
    pub as_of: String,
    /// Where the rule comes from, and the reading made of it where the source is unclear.
    pub source: String,
    /// The people counted in the numerator.
    pub numerator_people: Vec<FigurePerson>,
    /// The people counted in the denominator.
    pub denominator_people: Vec<FigurePerson>,
    /// F8, F9: each unit of the kind with its count.
    pub units: Vec<UnitCount>,
    /// T2–T4: the sessions counted.
    pub sessions: Vec<FigureSession>,
    /// T2: the longest counted session's length in days (end − start + 1).
    #[ts(type = "number | null")]
    pub longest_days: Option<i64>,
    /// T5: each person's hours.
    pub hours: Vec<PersonHours>,
    /// E2: the rubric group ①–⑥; E2 and E4: the points earned.
    pub group: Option<String>,
    pub points: Option<f64>,
    /// E1: the standard item, and the counts of METRICS.md (held, in service, required, 缺).
    pub item: Option<String>,
    #[ts(type = "number | null")]
    pub held: Option<i64>,
    #[ts(type = "number | null")]
    pub in_service: Option<i64>,
    #[ts(type = "number | null")]
    pub required: Option<i64>,
    #[ts(type = "number | null")]
    pub missing: Option<i64>,
    /// E1–E4: the equipment behind the figure.
    pub equipment: Vec<FigureEquipment>,
}

/// An item of equipment behind a figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FigureEquipment {
    pub id: String,
    pub asset_no: String,
    pub name: String,
    pub unit: String,
    pub custodian: Option<String>,
    pub status: String,
    #[ts(type = "number")]
    pub quantity: i64,
}

/// Which figure of a set: its id and, for the ids that repeat, the training kind (T4), the
/// rubric group (E2) or the standard item (E1).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct FigureKey {
    pub id: String,
    pub kind: Option<String>,
    pub group: Option<String>,
    pub item: Option<String>,
}

impl Figure {
    pub fn key(&self) -> FigureKey {
        FigureKey { id: self.id.clone(), kind: self.kind.clone(), group: self.group.clone(), item: self.item.clone() }
    }

    /// The figure without the names behind it (people, units' people, sessions, hours,
    /// equipment): its counts, value, pass and words stay.
    pub fn without_names(self) -> Figure {
        Figure {
            numerator_people: Vec::new(),
            denominator_people: Vec::new(),
            units: self.units.into_iter().map(|u| UnitCount { people: Vec::new(), ..u }).collect(),
            sessions: Vec::new(),
            hours: Vec::new(),
            equipment: Vec::new(),
            ..self
        }
    }

    /// A figure with nothing counted yet: the fields each kind of figure sets come on top.
    pub fn blank(id: &str, name: &str, as_of: NaiveDate) -> Figure {
        Figure {
            id: id.to_string(),
            name: name.to_string(),
            kind: None,
            numerator: 0,
            denominator: None,
            applicable: true,
            pass: None,
            threshold: "—".to_string(),
            value: String::new(),
            explanation: String::new(),
            as_of: dates::iso(as_of),
            source: String::new(),
            numerator_people: Vec::new(),
            denominator_people: Vec::new(),
            units: Vec::new(),
            sessions: Vec::new(),
            longest_days: None,
            hours: Vec::new(),
            group: None,
            points: None,
            item: None,
            held: None,
            in_service: None,
            required: None,
            missing: None,
            equipment: Vec::new(),
        }
    }
}

/// Where and when the figures are asked for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct FigureQuery {
    /// `YYYY-MM-DD`; `None`: today.
    pub as_of: Option<String>,
    /// One unit (with the units under it); `None`: the whole branch.
    pub unit_id: Option<String>,
}

/// Every figure for one date and scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FigureSet {
    pub as_of: String,
    /// The scope's name: the branch's, or the unit's.
    pub scope: String,
    pub figures: Vec<Figure>,
}

impl FigureSet {
    /// The set without the names behind its figures ([`Figure::without_names`]).
    pub fn without_names(self) -> FigureSet {
        FigureSet { figures: self.figures.into_iter().map(Figure::without_names).collect(), ..self }
    }
}

/// How a ratio is held against its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threshold {
    /// numerator × 100 ≥ pct × denominator
    AtLeast(i64),
    /// numerator × 100 ≤ pct × denominator
    AtMost(i64),
    /// numerator = denominator
    All,
}

impl Threshold {
    /// Whether `num / den` meets the threshold, by exact integers.
    pub fn passes(self, num: i64, den: i64) -> bool {
        match self {
            Threshold::AtLeast(p) => num * 100 >= p * den,
            Threshold::AtMost(p) => num * 100 <= p * den,
            Threshold::All => num == den,
        }
    }

    pub fn text(self) -> String {
        match self {
            Threshold::AtLeast(p) => format!("≥ {p}%"),
            Threshold::AtMost(p) => format!("≤ {p}%"),
            Threshold::All => "= 100%".to_string(),
        }
    }
}

/// `num / den` as a percentage rounded half up to one decimal: 2 / 3 → `66.7%`.
pub fn percent(num: i64, den: i64) -> String {
    if den == 0 {
        return "不适用".to_string();
    }
    let tenths = (2000 * num + den) / (2 * den);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// The words of a ratio figure.
pub struct RatioWords {
    pub id: &'static str,
    pub name: &'static str,
    /// What the numerator counts: 持证.
    pub numerator: &'static str,
    /// What the denominator counts: 在册人员（不含近三年新进）.
    pub denominator: &'static str,
    pub threshold: Threshold,
    pub source: &'static str,
}

/// A ratio figure from the people in its numerator and denominator.
pub fn ratio(w: &RatioWords, as_of: NaiveDate, numerator: Vec<FigurePerson>, denominator: Vec<FigurePerson>) -> Figure {
    let (n, d) = (numerator.len() as i64, denominator.len() as i64);
    let applicable = d > 0;
    let pass = applicable.then(|| w.threshold.passes(n, d));
    let explanation = if applicable {
        format!(
            "{} {n} 人 / {} {d} 人 = {}，要求 {} → {}",
            w.numerator,
            w.denominator,
            percent(n, d),
            w.threshold.text(),
            if pass == Some(true) { "达标" } else { "未达标" }
        )
    } else {
        format!("{} 0 人，不适用", w.denominator)
    };
    Figure {
        numerator: n,
        denominator: Some(d),
        applicable,
        pass,
        threshold: w.threshold.text(),
        value: percent(n, d),
        explanation,
        source: w.source.to_string(),
        numerator_people: numerator,
        denominator_people: denominator,
        ..Figure::blank(w.id, w.name, as_of)
    }
}

/// A count figure: passes with at least `at_least` of what it counts.
pub fn count(id: &str, name: &str, as_of: NaiveDate, n: i64, at_least: i64, unit: &str, source: &str) -> Figure {
    let pass = n >= at_least;
    Figure {
        numerator: n,
        pass: Some(pass),
        threshold: format!("≥ {at_least} {unit}"),
        value: format!("{n} {unit}"),
        explanation: format!("{n} {unit}，要求 ≥ {at_least} {unit} → {}", if pass { "达标" } else { "未达标" }),
        source: source.to_string(),
        ..Figure::blank(id, name, as_of)
    }
}

/// The units of the scope: `unit_id` and every unit under it, or all units.
pub(crate) fn scope_units(ledger: &Ledger, unit_id: Option<&str>) -> Result<Option<HashSet<String>>> {
    let Some(root) = unit_id.filter(|u| !u.is_empty()) else { return Ok(None) };
    let units = ledger.list_units()?;
    if !units.iter().any(|u| u.id == root) {
        return Err(crate::LedgerError::invalid("统计范围", format!("单位“{root}”不存在")));
    }
    let mut set: HashSet<String> = HashSet::from([root.to_string()]);
    loop {
        let before = set.len();
        for u in &units {
            if u.parent_id.as_ref().is_some_and(|p| set.contains(p)) {
                set.insert(u.id.clone());
            }
        }
        if set.len() == before {
            break;
        }
    }
    Ok(Some(set))
}

impl Ledger {
    /// Every figure — F1–F9, T1–T5, U1–U2 — for the date and scope of `q`.
    pub fn figures(&self, q: &FigureQuery) -> Result<FigureSet> {
        let d = dates::parse_opt_field("统计日期", q.as_of.as_deref())?.unwrap_or_else(dates::today);
        let unit_id = q.unit_id.as_deref().filter(|u| !u.is_empty());
        let scope = scope_units(self, unit_id)?;
        let scope_name = match unit_id {
            Some(id) => self.list_units()?.into_iter().find(|u| u.id == id).map(|u| u.name).unwrap_or_default(),
            None => self.require_branch()?.name,
        };
        // The roster with its states on D, read once for every figure.
        let roster = staff::roster(self, d, scope.as_ref())?;
        let mut figures = staff::figures(self, d, scope.as_ref(), &roster)?;
        figures.extend(training::figures(self, d, scope.as_ref(), &roster)?);
        figures.extend(uniforms::figures(self, d, &roster)?);
        figures.extend(equipment::figures(self, d, scope.as_ref(), &roster)?);
        Ok(FigureSet { as_of: dates::iso(d), scope: scope_name, figures })
    }

    /// One figure of [`Ledger::figures`] with the names behind it.
    pub fn figure_with_names(&self, q: &FigureQuery, key: &FigureKey) -> Result<Figure> {
        let set = self.figures(q)?;
        set.figures
            .into_iter()
            .find(|f| f.key() == *key)
            .ok_or_else(|| crate::LedgerError::invalid("指标", format!("没有指标“{}”", key.id)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(8, 10, "80.0%")]
    #[case(2, 3, "66.7%")]
    #[case(1, 3, "33.3%")]
    #[case(1, 8, "12.5%")]
    #[case(1, 16, "6.3%")]
    #[case(0, 5, "0.0%")]
    #[case(5, 5, "100.0%")]
    #[case(0, 0, "不适用")]
    fn percentages_round_half_up_to_one_decimal(#[case] n: i64, #[case] d: i64, #[case] want: &str) {
        assert_eq!(percent(n, d), want);
    }

    #[rstest]
    #[case(Threshold::AtLeast(80), 8, 10, true)]
    #[case(Threshold::AtLeast(80), 7, 9, false)]
    #[case(Threshold::AtLeast(90), 9, 10, true)]
    #[case(Threshold::AtMost(10), 1, 10, true)]
    #[case(Threshold::AtMost(10), 2, 19, false)]
    #[case(Threshold::All, 3, 3, true)]
    #[case(Threshold::All, 2, 3, false)]
    fn thresholds_compare_exact_integers(#[case] t: Threshold, #[case] n: i64, #[case] d: i64, #[case] pass: bool) {
        assert_eq!(t.passes(n, d), pass);
    }
}
