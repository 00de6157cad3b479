//! U1 and U2: who is eligible for the uniform on D (财行〔2020〕299号), and of them who is fully
//! issued with nothing past its replacement date.

use chrono::NaiveDate;

use super::{ratio, Figure, FigurePerson, RatioWords, Threshold};
use crate::error::Result;
use crate::store::dates;
use crate::Ledger;

pub(crate) fn figures(ledger: &Ledger, d: NaiveDate, roster: &[crate::people::Staff]) -> Result<Vec<Figure>> {
    let staff: Vec<&crate::people::Staff> = roster.iter().filter(|s| s.on_roll).collect();
    let source = "财政部 司法部《综合行政执法制式服装和标志管理办法》（财行〔2020〕299号）；晋环保〔2022〕10号 附件 二.4 服装配发及着装1。";
    let Some(statuses) = crate::people::uniforms::statuses(ledger.conn(), &staff, d)? else {
        let mut u2 = ratio(
            &RatioWords {
                id: "U2",
                name: "制式服装全部配发到位",
                numerator: "已全部配发",
                denominator: "应着装人员",
                threshold: Threshold::All,
                source,
            },
            d,
            Vec::new(),
            Vec::new(),
        );
        u2.explanation = "尚未设置本单位气候区，无法确定配发标准，不适用".to_string();
        return Ok(vec![u2]);
    };
    let person = |s: &crate::people::UniformStatus| FigurePerson {
        id: s.staff_id.clone(),
        name: s.staff_name.clone(),
        unit: s.unit_name.clone(),
    };
    let eligible: Vec<_> = statuses.iter().filter(|s| s.eligible).collect();
    let mut u1 = super::count("U1", "应着装人员（在编在岗持证一线）", d, eligible.len() as i64, 0, "人", source);
    u1.pass = None;
    u1.threshold = "—".to_string();
    u1.explanation = format!("在编、在岗、持有效行政执法证、一线执法的在册人员 {} 人", eligible.len());
    u1.numerator_people = eligible.iter().map(|s| person(s)).collect();
    u1.as_of = dates::iso(d);
    let u2 = ratio(
        &RatioWords {
            id: "U2",
            name: "制式服装全部配发到位",
            numerator: "已全部配发且无到期未换",
            denominator: "应着装人员",
            threshold: Threshold::All,
            source,
        },
        d,
        eligible.iter().filter(|s| s.complete).map(|s| person(s)).collect(),
        eligible.iter().map(|s| person(s)).collect(),
    );
    Ok(vec![u1, u2])
}
