//! E1–E4: the equipment figures of METRICS.md — coverage of the standard list, the rubric's
//! groups ①–⑥, 全过程记录, and 移动执法 a.
//!
//! An item is held on D when acquired on or before D (or with no acquisition date) and not
//! scrapped on or before D (a 已报废 item without a scrap date was scrapped before any D); it
//! counts its 数量. It is in service (在用) on D when its status is 在用 — or it was scrapped after
//! D, having been in use until then [READING: the status before a scrap is not recorded].

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::staff::person;
use super::{Figure, FigureEquipment, FigurePerson};
use crate::equipment::{standard, ItemStatus, StandardLevel};
use crate::error::Result;
use crate::people::Staff;
use crate::store::dates;
use crate::Ledger;

/// The 全过程记录 items of E3 and the items of E4, by their names in the standard list.
pub const RECORDER: &str = "执法记录仪";
pub const VIDEO_STORAGE: &str = "视频管理存储设备";
pub const MOBILE_TERMINAL: &str = "移动执法终端";

/// One held item on D.
struct Held {
    equipment: FigureEquipment,
    standard_item_id: Option<String>,
    custodian_id: Option<String>,
    in_service: bool,
    wireless_video: bool,
}

fn held(ledger: &Ledger, d: NaiveDate, scope: Option<&HashSet<String>>) -> Result<Vec<Held>> {
    let day = dates::iso(d);
    let mut st = ledger.conn().prepare_cached(
        "SELECT e.id, e.asset_no, e.name, COALESCE(u.name, ''), c.name, e.status, e.quantity, e.standard_item_id,
                e.custodian_id, e.wireless_video, e.unit_id, e.scrapped_on
         FROM equipment_items e LEFT JOIN org_units u ON u.id = e.unit_id LEFT JOIN staff c ON c.id = e.custodian_id
         WHERE e.deleted = 0 AND (e.acquired_on IS NULL OR e.acquired_on <= ?1)
           AND (e.status <> '已报废' OR (e.scrapped_on IS NOT NULL AND e.scrapped_on > ?1))",
    )?;
    let rows = st.query_map([&day], |r| {
        let status: ItemStatus = r.get(5)?;
        let scrapped_after = status == ItemStatus::Scrapped;
        Ok((
            Held {
                equipment: FigureEquipment {
                    id: r.get(0)?,
                    asset_no: r.get(1)?,
                    name: r.get(2)?,
                    unit: r.get(3)?,
                    custodian: r.get(4)?,
                    status: if scrapped_after { ItemStatus::InUse } else { status }.label().to_string(),
                    quantity: r.get(6)?,
                },
                standard_item_id: r.get(7)?,
                custodian_id: r.get(8)?,
                in_service: status == ItemStatus::InUse || scrapped_after,
                wireless_video: r.get(9)?,
            },
            r.get::<_, String>(10)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (h, unit) = row?;
        if scope.is_none_or(|s| s.contains(&unit)) {
            out.push(h);
        }
    }
    Ok(out)
}

/// E1–E4 for D and the scope; `roster` is the staff with their states on D (for E4).
pub(crate) fn figures(
    ledger: &Ledger,
    d: NaiveDate,
    scope: Option<&HashSet<String>>,
    roster: &[Staff],
) -> Result<Vec<Figure>> {
    let items = held(ledger, d, scope)?;
    let list = standard::items(ledger.conn())?;
    let groups = standard::groups(ledger.conn())?;
    let mut by_standard: HashMap<&str, Vec<&Held>> = HashMap::new();
    for h in &items {
        if let Some(s) = h.standard_item_id.as_deref() {
            by_standard.entry(s).or_default().push(h);
        }
    }
    let source = "晋环保〔2022〕10号 附件 二.3 完成装备配备；《生态环境保护综合行政执法装备标准化建设指导标准（2020年版）》（应配数量未公开，未填写的按 1 计）。";
    let mut out = Vec::new();

    // E1: each standard item of the current list.
    let mut met: HashMap<&str, bool> = HashMap::new();
    for s in list.iter().filter(|s| !s.retired) {
        let mine = by_standard.get(s.id.as_str()).map(Vec::as_slice).unwrap_or(&[]);
        let held_n: i64 = mine.iter().map(|h| h.equipment.quantity).sum();
        let in_service: i64 = mine.iter().filter(|h| h.in_service).map(|h| h.equipment.quantity).sum();
        let required = s.required.unwrap_or(1);
        let missing = (required - held_n).max(0);
        met.insert(s.id.as_str(), missing == 0);
        out.push(Figure {
            kind: Some(s.level.label().to_string()),
            numerator: held_n,
            denominator: Some(required),
            pass: Some(missing == 0),
            threshold: format!("≥ {required}"),
            value: if missing == 0 { format!("持有 {held_n}") } else { format!("缺 {missing}") },
            explanation: format!(
                "{}：持有 {held_n}，在用 {in_service}，应配 {required}{} → {}",
                s.name,
                if s.required.is_none() { "（未定数量，按 1 计）" } else { "" },
                if missing == 0 { "已配齐".to_string() } else { format!("缺 {missing}") }
            ),
            source: source.to_string(),
            group: s.group.clone(),
            item: Some(s.name.clone()),
            held: Some(held_n),
            in_service: Some(in_service),
            required: Some(required),
            missing: Some(missing),
            equipment: mine.iter().map(|h| h.equipment.clone()).collect(),
            ..Figure::blank("E1", &s.name, d)
        });
    }

    // E2: each rubric group, all or nothing over its 标配 items.
    for g in &groups {
        let members: Vec<_> = list
            .iter()
            .filter(|s| {
                !s.retired && s.level == StandardLevel::Required && s.group.as_deref() == Some(g.group.as_str())
            })
            .collect();
        let lacking: Vec<&str> = members
            .iter()
            .filter(|s| !met.get(s.id.as_str()).copied().unwrap_or(false))
            .map(|s| s.name.as_str())
            .collect();
        let applicable = !members.is_empty();
        let pass = lacking.is_empty();
        let points = if applicable && pass { g.points } else { 0.0 };
        out.push(Figure {
            numerator: (members.len() - lacking.len()) as i64,
            denominator: Some(members.len() as i64),
            applicable,
            pass: applicable.then_some(pass),
            threshold: "标配全部配齐".to_string(),
            value: format!("{} 分", super::training::format_hours(points)),
            explanation: if !applicable {
                "清单中此组没有标配装备，不适用".to_string()
            } else if pass {
                format!("{} 项标配均已配齐 → {} 分", members.len(), super::training::format_hours(g.points))
            } else {
                format!("缺：{} → 0 分（满分 {} 分）", lacking.join("、"), super::training::format_hours(g.points))
            },
            source: source.to_string(),
            group: Some(g.group.clone()),
            points: Some(points),
            equipment: members
                .iter()
                .flat_map(|s| by_standard.get(s.id.as_str()).into_iter().flatten().map(|h| h.equipment.clone()))
                .collect(),
            ..Figure::blank("E2", &format!("{} {}", g.group, g.name), d)
        });
    }

    // E3: at least one 执法记录仪 and one 视频管理存储设备 held.
    let named = |name: &str| -> Vec<&Held> {
        list.iter()
            .filter(|s| s.name == name)
            .flat_map(|s| by_standard.get(s.id.as_str()).into_iter().flatten().copied())
            .collect()
    };
    let recorders = named(RECORDER);
    let storage = named(VIDEO_STORAGE);
    let (r_n, s_n): (i64, i64) =
        (recorders.iter().map(|h| h.equipment.quantity).sum(), storage.iter().map(|h| h.equipment.quantity).sum());
    let e3 = r_n >= 1 && s_n >= 1;
    out.push(Figure {
        numerator: i64::from(e3),
        pass: Some(e3),
        threshold: "各至少 1 台".to_string(),
        value: if e3 { "已配备".to_string() } else { "未配齐".to_string() },
        explanation: format!("{RECORDER} {r_n} 台，{VIDEO_STORAGE} {s_n} 台 → {}", if e3 { "达标" } else { "未达标" }),
        source: "晋环保〔2022〕10号 附件 二.3 落实执法全过程记录制度1。".to_string(),
        equipment: recorders.iter().chain(storage.iter()).map(|h| h.equipment.clone()).collect(),
        ..Figure::blank("E3", "配备执法记录仪及视频管理存储设备", d)
    });

    // E4: 在岗 ∧ 持证 staff who hold both a 移动执法终端 and a 执法记录仪 with wireless video.
    let terminal_holders: HashSet<&str> =
        named(MOBILE_TERMINAL).iter().filter_map(|h| h.custodian_id.as_deref()).collect();
    let wireless_holders: HashSet<&str> =
        recorders.iter().filter(|h| h.wireless_video).filter_map(|h| h.custodian_id.as_deref()).collect();
    let den: Vec<&Staff> = roster.iter().filter(|s| s.on_roll && !s.seconded && s.certified).collect();
    let num: Vec<&Staff> = den
        .iter()
        .copied()
        .filter(|s| terminal_holders.contains(s.id.as_str()) && wireless_holders.contains(s.id.as_str()))
        .collect();
    let (n, dn) = (num.len() as i64, den.len() as i64);
    let points = match () {
        _ if dn == 0 => 0,
        _ if n == dn => 3,
        _ if n * 100 >= 95 * dn => 2,
        _ if n * 100 >= 90 * dn => 1,
        _ => 0,
    };
    let numerator_people: Vec<FigurePerson> = num.iter().map(|s| person(s)).collect();
    out.push(Figure {
        numerator: n,
        denominator: Some(dn),
        applicable: dn > 0,
        pass: (dn > 0).then_some(n == dn),
        threshold: "100% → 3 分，≥95% → 2 分，≥90% → 1 分".to_string(),
        value: super::percent(n, dn),
        explanation: if dn == 0 {
            "在岗持证人员 0 人，不适用".to_string()
        } else {
            format!(
                "同时保管移动执法终端和具备无线视频传输功能的执法记录仪 {n} 人 / 在岗持证 {dn} 人 = {} → {points} 分",
                super::percent(n, dn)
            )
        },
        source: "泰环境发〔2021〕11号 附件2 移动执法 a。".to_string(),
        numerator_people,
        denominator_people: den.iter().map(|s| person(s)).collect(),
        points: Some(f64::from(points)),
        ..Figure::blank("E4", "执法人员配备移动执法终端和无线视频执法记录仪", d)
    });
    Ok(out)
}
