//! The equipment of a demo branch: items against the standard list (with a few gaps left for the
//! coverage page to show), custodians from the roster, checkouts, maintenance, calibration
//! schedules, a scrapped item. `small` goes through the ledger's methods; `large` writes 50,000
//! items and 500,000 events in bulk for the benchmarks.

use chrono::NaiveDate;
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::uuid;
use crate::equipment::events::NewEvent;
use crate::equipment::{
    CheckoutInput, EquipmentInput, EventKind, MaintenanceInput, ReturnInput, ScheduleInput, ScrapInput,
};
use crate::error::Result;
use crate::people::{Establishment, Post, StaffQuery};
use crate::store::dates;
use crate::Ledger;

/// What the equipment demo made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct EquipmentCounts {
    pub items: usize,
    pub events: usize,
    pub schedules: usize,
}

/// How many of each standard item the small demo holds: 0 leaves a gap (and an unmet group).
const SMALL: &[(&str, &str, usize)] = &[
    ("执法执勤专用车", "比亚迪 宋PLUS", 4),
    ("移动执法包", "定制执法包", 6),
    ("测距仪", "徕卡 DISTO D2", 2),
    ("流量计", "TES-1341 便携式流量计", 1),
    ("采样设备", "水质采样器 BC-2300", 2),
    ("无人机", "大疆 Mavic 3E", 2),
    ("数码照相机", "佳能 EOS R8", 3),
    ("红外摄像机", "海康 DS-2TD", 1),
    ("快检试剂包", "水质快检试剂包", 1),
    ("热成像仪", "FLIR E8", 1),
    ("粉尘快速测定仪", "TSI 8530", 1),
    ("多参数其他检测仪", "哈希 HQ40D", 1),
    ("手持式光离子化检测仪", "华瑞 PGM-7340", 1),
    ("油气回收三项检测仪", "", 0),
    ("微风风速计", "希玛 AS856", 1),
    ("便携式水污染物监测设备", "", 0),
    ("固定电话", "华为 座机", 4),
    ("传真机", "", 0),
    ("台式计算机", "联想 启天 M450", 8),
    ("打印机", "惠普 M232dw", 3),
    ("复印机", "理光 IM 2702", 1),
    ("扫描仪", "富士通 fi-7160", 1),
    ("便携式快速打印扫描仪", "汉印 MT800", 2),
    ("投影仪", "爱普生 CB-X06", 1),
    ("污染源在线监控系统维护", "在线监控运维服务（年度）", 1),
    ("视频管理存储设备", "海康 执法记录仪管理工作站", 1),
    ("个人防护用品", "防护服、防毒面具套装", 1),
];

/// The measuring instruments calibrated every year.
const CALIBRATED: &[&str] = &["流量计", "粉尘快速测定仪", "多参数其他检测仪", "手持式光离子化检测仪", "微风风速计"];

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

impl Ledger {
    /// The equipment of the small demo branch, through the ledger's methods.
    pub(super) fn small_equipment_demo(&mut self, rng: &mut ChaCha8Rng) -> Result<EquipmentCounts> {
        let today = dates::today();
        let mut c = EquipmentCounts::default();
        let standard: Vec<_> = self.standard_list()?.items;
        let id_of = |name: &str| standard.iter().find(|s| s.name == name).map(|s| s.id.clone());
        let staff = self
            .list_staff(&StaffQuery { as_of: Some(dates::iso(today)), on_roll_only: true, ..StaffQuery::default() })?
            .items;
        let frontline: Vec<_> = staff
            .iter()
            .filter(|s| {
                s.post == Some(Post::Frontline) && s.establishment == Some(Establishment::Staffed) && s.certified
            })
            .collect();
        let mut asset = 0usize;
        let mut next_asset = |prefix: &str| {
            asset += 1;
            format!("{prefix}-{}-{asset:04}", today.format("%Y"))
        };
        let acquired = |rng: &mut ChaCha8Rng| dates::iso(dates::add_months(today, -rng.gen_range(6..60)));
        let mut made = Vec::new();
        for (name, model, n) in SMALL {
            for _ in 0..*n {
                let custodian = frontline.choose(rng).map(|s| s.id.clone());
                let item = self.create_equipment(&EquipmentInput {
                    asset_no: next_asset("ZB"),
                    standard_item_id: id_of(name),
                    name: (*name).into(),
                    model: (*model).into(),
                    serial_no: format!("SN{:08}", rng.gen_range(0..100_000_000u32)),
                    quantity: Some(if *name == "快检试剂包" { 20 } else { 1 }),
                    acquired_on: Some(acquired(rng)),
                    funding: "财政专项".into(),
                    price: Some(f64::from(rng.gen_range(5..200)) * 100.0),
                    service_life_years: Some(6),
                    custodian_id: custodian,
                    location: "执法设备间".into(),
                    ..EquipmentInput::default()
                })?;
                made.push(item);
                c.items += 1;
            }
        }
        // A terminal and a recorder for each front-line officer; every fourth recorder without
        // wireless video (E4 is then short of 100%).
        for (i, s) in frontline.iter().enumerate() {
            for (name, model, wireless) in
                [("移动执法终端", "华为 MatePad 执法版", true), ("执法记录仪", "海康 DSJ-T8", i % 4 != 3)]
            {
                self.create_equipment(&EquipmentInput {
                    asset_no: next_asset(if name == "执法记录仪" { "JL" } else { "ZD" }),
                    standard_item_id: id_of(name),
                    name: name.into(),
                    model: model.into(),
                    serial_no: format!("SN{:08}", rng.gen_range(0..100_000_000u32)),
                    acquired_on: Some(acquired(rng)),
                    funding: "财政专项".into(),
                    service_life_years: Some(5),
                    custodian_id: Some(s.id.clone()),
                    unit_id: Some(s.unit_id.clone()),
                    wireless_video: wireless,
                    ..EquipmentInput::default()
                })?;
                c.items += 1;
            }
        }
        // Yearly calibration of the measuring instruments, and a yearly inspection of the cars.
        for name in CALIBRATED {
            if let Some(id) = id_of(name) {
                self.create_schedule(&ScheduleInput {
                    standard_item_id: Some(id),
                    kind: Some(EventKind::Calibration),
                    every_months: 12,
                    ..ScheduleInput::default()
                })?;
                c.schedules += 1;
            }
        }
        if let Some(id) = id_of("执法执勤专用车") {
            self.create_schedule(&ScheduleInput {
                standard_item_id: Some(id),
                kind: Some(EventKind::Inspection),
                every_months: 12,
                ..ScheduleInput::default()
            })?;
            c.schedules += 1;
        }
        // Calibrations done last year for some, and this spring for others.
        for item in made.iter().filter(|i| CALIBRATED.contains(&i.name.as_str())) {
            let on = dates::add_months(today, -rng.gen_range(2..13))
                .max(item.acquired_on.as_deref().and_then(dates::parse_date).unwrap_or(today));
            self.maintain_equipment(
                &item.id,
                &MaintenanceInput {
                    kind: Some(EventKind::Calibration),
                    event_on: Some(dates::iso(on)),
                    vendor: "山东省计量科学研究院".into(),
                    cost: Some(800.0),
                    result: "合格".into(),
                    ..MaintenanceInput::default()
                },
            )?;
            c.events += 1;
        }
        // Checkouts of the drones and cameras: most returned, one overdue.
        for (k, item) in made.iter().filter(|i| i.name == "无人机" || i.name == "数码照相机").enumerate() {
            let Some(who) = frontline.get(k % frontline.len().max(1)) else { break };
            let out = today - chrono::Duration::days(3 + 9 * k as i64);
            if item.acquired_on.as_deref().and_then(dates::parse_date).is_some_and(|a| a > out) {
                continue;
            }
            self.checkout_equipment(
                &item.id,
                &CheckoutInput {
                    person_id: who.id.clone(),
                    event_on: Some(dates::iso(out)),
                    purpose: ["夜查", "专项执法检查", "信访件核查"][k % 3].into(),
                    expected_return_on: Some(dates::iso(out + chrono::Duration::days(2))),
                    note: String::new(),
                },
            )?;
            c.events += 1;
            if k != 0 {
                self.return_equipment(
                    &item.id,
                    &ReturnInput {
                        returned_on: Some(dates::iso(out + chrono::Duration::days(2))),
                        note: String::new(),
                    },
                )?;
            }
        }
        // An old camera, scrapped.
        if let Some(old) = made.iter().rev().find(|i| i.name == "数码照相机") {
            self.scrap_equipment(
                &old.id,
                &ScrapInput {
                    event_on: Some(dates::iso(today - chrono::Duration::days(30))),
                    reason: "镜头损坏，维修费用高于残值".into(),
                    approval_doc: "滕环装〔2024〕2号".into(),
                    note: String::new(),
                },
            )?;
            c.events += 1;
        }
        Ok(c)
    }

    /// The equipment of the large demo branch, in bulk: 50,000 items over the standard list and
    /// 500,000 events (checkouts and returns, maintenance, calibration).
    pub(super) fn large_equipment_demo(&mut self, rng: &mut ChaCha8Rng) -> Result<EquipmentCounts> {
        const ITEMS: usize = 50_000;
        const EVENTS_PER_ITEM: usize = 10;
        let standard = self.standard_list()?.items;
        let staff: Vec<(String, String)> = {
            let mut st = self.conn().prepare("SELECT id, unit_id FROM staff WHERE deleted = 0")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
            rows
        };
        self.write(|tx| {
            let mut c = EquipmentCounts::default();
            let now = "2024-06-01T08:00:00.000Z";
            let mut audit = tx.prepare_cached(
                "INSERT INTO audit_log (at, actor, entity, entity_id, action, before_json, after_json)
                 VALUES (?1, '演示数据', 'equipment', ?2, 'create', NULL, '{\"demo\":true}')",
            )?;
            for i in 0..ITEMS {
                let s = &standard[i % standard.len()];
                let (custodian, unit) = &staff[rng.gen_range(0..staff.len())];
                let acquired = day(2015 + (i % 9) as i32, 1 + (i % 12) as u32, 1 + (i % 28) as u32);
                let v = crate::equipment::items::validate(&EquipmentInput {
                    asset_no: format!("ZB{i:07}"),
                    standard_item_id: Some(s.id.clone()),
                    name: s.name.clone(),
                    model: format!("型号{}", i % 97),
                    serial_no: format!("SN{:010}", i),
                    quantity: Some(1),
                    acquired_on: Some(dates::iso(acquired)),
                    funding: "财政专项".into(),
                    price: Some(1000.0 + (i % 50) as f64 * 100.0),
                    custodian_id: Some(custodian.clone()),
                    unit_id: Some(unit.clone()),
                    wireless_video: s.name == "执法记录仪" && i % 3 != 0,
                    ..EquipmentInput::default()
                })?;
                let id = uuid(rng);
                crate::equipment::items::insert_with_id(tx, &id, &v, unit, &s.category, now)?;
                audit.execute(rusqlite::params![now, id])?;
                c.items += 1;
                for k in 0..EVENTS_PER_ITEM {
                    let on = dates::add_months(acquired, 3 * (k as i32 + 1));
                    let e = match k % 5 {
                        0..=2 => NewEvent {
                            kind: Some(EventKind::Checkout),
                            event_on: dates::iso(on),
                            person_id: Some(&staff[(i + k) % staff.len()].0),
                            purpose: "执法检查",
                            expected_return_on: Some(dates::iso(on + chrono::Duration::days(3))),
                            // The latest checkout of every 50th item is still out.
                            returned_on: (k != 7 || i % 50 != 0).then(|| dates::iso(on + chrono::Duration::days(2))),
                            ..NewEvent::default()
                        },
                        3 => NewEvent {
                            kind: Some(EventKind::Maintenance),
                            event_on: dates::iso(on),
                            vendor: "厂家售后",
                            cost: Some(200.0),
                            result: "正常",
                            ..NewEvent::default()
                        },
                        _ => NewEvent {
                            kind: Some(EventKind::Calibration),
                            event_on: dates::iso(on),
                            vendor: "山东省计量科学研究院",
                            cost: Some(800.0),
                            result: "合格",
                            ..NewEvent::default()
                        },
                    };
                    crate::equipment::events::insert_with_id(tx, &uuid(rng), &id, &e, now)?;
                    c.events += 1;
                }
            }
            for s in standard.iter().step_by(3) {
                tx.execute(
                    "INSERT INTO equipment_schedules (id, standard_item_id, kind, every_months, created_at, updated_at)
                     VALUES (?1, ?2, '校准检定', 12, ?3, ?3)",
                    rusqlite::params![uuid(rng), s.id, now],
                )?;
                c.schedules += 1;
            }
            Ok(c)
        })
    }
}
