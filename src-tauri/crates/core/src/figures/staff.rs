//! F1–F9: the staff figures of METRICS.md, from the roster's states on D.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::{ratio, Figure, FigurePerson, RatioWords, Threshold, UnitCount};
use crate::error::Result;
use crate::people::{Education, Establishment, MajorCategory, Post, Staff, StaffQuery};
use crate::store::dates;
use crate::Ledger;

/// The people behind the figures: everyone on the roster with their states on D, in the scope.
pub(crate) fn roster(ledger: &Ledger, d: NaiveDate, scope: Option<&HashSet<String>>) -> Result<Vec<Staff>> {
    let all = ledger.list_staff(&StaffQuery { as_of: Some(dates::iso(d)), ..StaffQuery::default() })?.items;
    Ok(all.into_iter().filter(|s| scope.is_none_or(|units| units.contains(&s.unit_id))).collect())
}

pub(crate) fn person(s: &Staff) -> FigurePerson {
    FigurePerson { id: s.id.clone(), name: s.name.clone(), unit: s.unit_name.clone() }
}

fn people<'a>(it: impl Iterator<Item = &'a Staff>) -> Vec<FigurePerson> {
    it.map(person).collect()
}

fn staffed(s: &Staff) -> bool {
    s.establishment == Some(Establishment::Staffed)
}

fn in_post(s: &Staff) -> bool {
    s.on_roll && !s.seconded
}

fn frontline(s: &Staff) -> bool {
    s.post == Some(Post::Frontline)
}

/// The staff seconded out on D to a post that is not an enforcement post (F6).
fn seconded_to_non_enforcement(ledger: &Ledger, d: NaiveDate) -> Result<HashSet<String>> {
    let mut st = ledger.conn().prepare_cached(
        "SELECT DISTINCT staff_id FROM secondments WHERE deleted = 0 AND enforcement_post = 0
           AND start_on <= ?1 AND (end_on IS NULL OR end_on >= ?1)",
    )?;
    let ids = st.query_map([dates::iso(d)], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// The staff whose every secondment to a non-enforcement post running on D was approved.
fn seconded_with_approval(ledger: &Ledger, d: NaiveDate) -> Result<HashSet<String>> {
    let mut st = ledger.conn().prepare_cached(
        "SELECT staff_id FROM secondments WHERE deleted = 0 AND enforcement_post = 0
           AND start_on <= ?1 AND (end_on IS NULL OR end_on >= ?1)
         GROUP BY staff_id HAVING min(approved) = 1",
    )?;
    let ids = st.query_map([dates::iso(d)], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// F1–F9 for D and the scope.
pub(crate) fn figures(
    ledger: &Ledger,
    d: NaiveDate,
    scope: Option<&HashSet<String>>,
    all: &[Staff],
) -> Result<Vec<Figure>> {
    let roll: Vec<&Staff> = all.iter().filter(|s| s.on_roll).collect();
    let three_years_ago = dates::iso(dates::add_years(d, -3));
    let day = dates::iso(d);
    let mut out = Vec::new();

    // F1 持证上岗率: 在编 ∧ 在岗 ∧ 一线, of them 持证.
    let den: Vec<&Staff> = roll.iter().copied().filter(|s| staffed(s) && in_post(s) && frontline(s)).collect();
    out.push(ratio(
        &RatioWords {
            id: "F1",
            name: "持证上岗率",
            numerator: "持证",
            denominator: "在编在岗一线执法人员",
            threshold: Threshold::All,
            source: "枣环字〔2024〕27号 任务9“持证上岗率保持100%”。[解读] 编外辅助人员不能持行政执法证，不计入分母。",
        },
        d,
        people(den.iter().copied().filter(|s| s.certified)),
        people(den.iter().copied()),
    ));

    // F2 持证比例（不含近三年内新进人员）: arrived on or before D − 3 years.
    let den: Vec<&Staff> = roll
        .iter()
        .copied()
        .filter(|s| s.arrived_on.as_deref().is_none_or(|a| a <= three_years_ago.as_str()))
        .collect();
    out.push(ratio(
        &RatioWords {
            id: "F2",
            name: "持证比例（不含近三年内新进人员）",
            numerator: "持证",
            denominator: "在册人员（不含近三年新进）",
            threshold: Threshold::AtLeast(80),
            source: "晋环保〔2022〕10号 附件 三.6 严格执法资格管理2。[解读] 新进指到本单位的到岗日期在统计日前三年内；未填到岗日期的不算新进。",
        },
        d,
        people(den.iter().copied().filter(|s| s.certified)),
        people(den.iter().copied()),
    ));

    // F3 大专以上学历占比.
    out.push(ratio(
        &RatioWords {
            id: "F3",
            name: "大专以上学历占比",
            numerator: "大专以上学历",
            denominator: "在册人员",
            threshold: Threshold::AtLeast(90),
            source: "晋环保〔2022〕10号 附件 三.6 提升执法人员学历水平1。",
        },
        d,
        people(roll.iter().copied().filter(|s| s.education.is_some_and(Education::college_or_above))),
        people(roll.iter().copied()),
    ));

    // F4 近三年新入编人员法学或生态环境专业占比: 入编 after D − 3 years and not after D.
    let den: Vec<&Staff> = roll
        .iter()
        .copied()
        .filter(|s| s.established_on.as_deref().is_some_and(|e| e > three_years_ago.as_str() && e <= day.as_str()))
        .collect();
    out.push(ratio(
        &RatioWords {
            id: "F4",
            name: "近三年新入编人员法学或生态环境专业占比",
            numerator: "法学或生态环境相关专业",
            denominator: "近三年新入编的在册人员",
            threshold: Threshold::AtLeast(50),
            source: "晋环保〔2022〕10号 附件 三.6 提升执法人员学历水平1。",
        },
        d,
        people(
            den.iter()
                .copied()
                .filter(|s| matches!(s.major_category, Some(MajorCategory::Law) | Some(MajorCategory::Environmental))),
        ),
        people(den.iter().copied()),
    ));

    // F5 一线执法人员占比（以持证为准）.
    out.push(ratio(
        &RatioWords {
            id: "F5",
            name: "一线执法人员占比（以持证为准）",
            numerator: "在岗且持证",
            denominator: "在册人员",
            threshold: Threshold::AtLeast(80),
            source: "晋环保〔2022〕10号 附件 三.6 保障一线执法人员比例1。[解读] “以持证为准”指在岗且持有效行政执法证即计为一线执法人员。",
        },
        d,
        people(roll.iter().copied().filter(|s| in_post(s) && s.certified)),
        people(roll.iter().copied()),
    ));

    // F6 借调到非执法岗位占比.
    let non_enforcement = seconded_to_non_enforcement(ledger, d)?;
    out.push(ratio(
        &RatioWords {
            id: "F6",
            name: "借调到非执法岗位占比",
            numerator: "借调至非执法岗位",
            denominator: "在册人员",
            threshold: Threshold::AtMost(10),
            source: "晋环保〔2022〕10号 附件 三.6 规范人员借调2。",
        },
        d,
        people(roll.iter().copied().filter(|s| non_enforcement.contains(&s.id))),
        people(roll.iter().copied()),
    ));

    // F6A (for 三.6 借调3): of the people F6 counts, those whose running secondment the city bureau
    // approved. Not applicable when nobody is seconded to a non-enforcement post.
    let approved = seconded_with_approval(ledger, d)?;
    let f6: Vec<&Staff> = roll.iter().copied().filter(|s| non_enforcement.contains(&s.id)).collect();
    out.push(ratio(
        &RatioWords {
            id: "F6A",
            name: "借调到非执法岗位人员均经市局同意",
            numerator: "经市局同意",
            denominator: "借调至非执法岗位",
            threshold: Threshold::All,
            source: "晋环保〔2022〕10号 附件 三.6 规范人员借调3：借调超出10%的，是否上报市级执法部门同意。",
        },
        d,
        people(f6.iter().copied().filter(|s| approved.contains(&s.id))),
        people(f6.iter().copied()),
    ));

    // F7 在编在岗占比.
    out.push(ratio(
        &RatioWords {
            id: "F7",
            name: "在编在岗占比",
            numerator: "在编在岗",
            denominator: "在册人员",
            threshold: Threshold::AtLeast(70),
            source: "晋环保〔2022〕10号 正文 三(三)。[解读] 分母为在册人数，而非编制数。",
        },
        d,
        people(roll.iter().copied().filter(|s| staffed(s) && in_post(s))),
        people(roll.iter().copied()),
    ));

    // F8, F9: per unit counts.
    let units = ledger.list_units()?;
    let in_scope = |id: &str| scope.is_none_or(|s| s.contains(id));
    let per_unit = |kinds_wanted: &[&str], counted: &dyn Fn(&Staff) -> bool| -> Vec<UnitCount> {
        units
            .iter()
            .filter(|u| kinds_wanted.contains(&u.kind.as_str()) && in_scope(&u.id))
            .map(|u| {
                let who: Vec<FigurePerson> =
                    roll.iter().copied().filter(|s| s.unit_id == u.id && counted(s)).map(person).collect();
                let count = who.len() as i64;
                UnitCount { unit_id: u.id.clone(), unit: u.name.clone(), count, pass: count >= 2, people: who }
            })
            .collect()
    };
    out.push(per_unit_figure(
        "F8",
        "每个中队在编在岗执法人员",
        "在编在岗持证人员",
        "滕州 基层队所站建设实施方案：每个执法中队在编在岗执法人员不低于2名。",
        d,
        per_unit(&["执法中队"], &|s: &Staff| staffed(s) && in_post(s) && s.certified),
    ));
    out.push(per_unit_figure(
        "F9",
        "每个所、驻巡站参与一线执法的在编人员",
        "在编在岗一线执法人员",
        "滕州 基层队所站建设实施方案：每个所参与一线执法的在编人员不得低于2名（驻巡站同样计算）。",
        d,
        per_unit(&["生态环境保护所", "驻巡站"], &|s: &Staff| staffed(s) && in_post(s) && frontline(s)),
    ));
    Ok(out)
}

fn per_unit_figure(id: &str, name: &str, counted: &str, source: &str, d: NaiveDate, units: Vec<UnitCount>) -> Figure {
    let total = units.len() as i64;
    let passing = units.iter().filter(|u| u.pass).count() as i64;
    let applicable = total > 0;
    let pass = applicable.then_some(passing == total);
    let failing: Vec<String> = units.iter().filter(|u| !u.pass).map(|u| format!("{} {} 人", u.unit, u.count)).collect();
    let explanation = if !applicable {
        "没有此类单位，不适用".to_string()
    } else if failing.is_empty() {
        format!("{total} 个单位的{counted}均不少于 2 人 → 达标")
    } else {
        format!("{passing} / {total} 个单位达到 2 人；不足的：{} → 未达标", failing.join("、"))
    };
    Figure {
        numerator: passing,
        denominator: Some(total),
        applicable,
        pass,
        threshold: "每个单位 ≥ 2 人".to_string(),
        value: if applicable { format!("{passing}/{total} 个单位达标") } else { "不适用".to_string() },
        explanation,
        source: source.to_string(),
        numerator_people: units.iter().flat_map(|u| u.people.clone()).collect(),
        units,
        ..Figure::blank(id, name, d)
    }
}
