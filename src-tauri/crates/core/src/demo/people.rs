//! The people side of a demo branch: staff with certificates, secondments, uniforms and a year
//! of training. `small` goes through the ledger's own methods (every change audited, as a clerk
//! would make it); `large` writes in bulk in one transaction for the benchmarks.

use chrono::{Datelike, NaiveDate};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::Deserialize;

use super::uuid;
use crate::error::{LedgerError, Result};
use crate::people::{
    CertKind, CertStatus, CertificateInput, ClimateZone, Education, Establishment, Gender, MajorCategory, Post,
    SecondmentInput, StaffInput, UniformIssueInput,
};
use crate::store::dates;
use crate::training::{AttendeeInput, Level, TrainingInput};
use crate::Ledger;

/// Name parts (seeds/demo/names.toml).
pub const NAMES: &str = include_str!("../../../../../seeds/demo/names.toml");

#[derive(Deserialize)]
struct NamesFile {
    surnames: Vec<String>,
    given: Vec<String>,
    majors_law: Vec<String>,
    majors_env: Vec<String>,
    majors_other: Vec<String>,
}

/// What the people demo made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct PeopleCounts {
    pub staff: usize,
    pub certificates: usize,
    pub secondments: usize,
    pub uniform_issues: usize,
    pub sessions: usize,
    pub attendance: usize,
}

struct Namer {
    file: NamesFile,
    used: std::collections::HashSet<String>,
}

impl Namer {
    fn new() -> Result<Namer> {
        let file: NamesFile = toml::from_str(NAMES).map_err(|e| LedgerError::file("演示姓名", e.to_string()))?;
        Ok(Namer { file, used: Default::default() })
    }

    /// A name not used before in this demo (so nobody needs a unit to be told apart).
    fn name(&mut self, rng: &mut ChaCha8Rng) -> String {
        loop {
            let surname = self.file.surnames.choose(rng).cloned().unwrap_or_default();
            let mut name = surname;
            for _ in 0..rng.gen_range(1..=2) {
                name.push_str(self.file.given.choose(rng).map(String::as_str).unwrap_or("明"));
            }
            if self.used.insert(name.clone()) {
                return name;
            }
        }
    }

    fn major(&self, rng: &mut ChaCha8Rng) -> (String, MajorCategory) {
        match rng.gen_range(0..10) {
            0..=2 => (self.file.majors_law.choose(rng).cloned().unwrap_or_default(), MajorCategory::Law),
            3..=5 => (self.file.majors_env.choose(rng).cloned().unwrap_or_default(), MajorCategory::Environmental),
            _ => (self.file.majors_other.choose(rng).cloned().unwrap_or_default(), MajorCategory::Other),
        }
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// A plausible person for `unit` of `kind`, arriving some years before `today`.
fn person(rng: &mut ChaCha8Rng, namer: &mut Namer, unit_id: &str, post: Post, today: NaiveDate) -> StaffInput {
    let gender = if rng.gen_bool(0.7) { Gender::Male } else { Gender::Female };
    let years_here = rng.gen_range(0..20);
    let arrived = dates::add_years(day(today.year(), rng.gen_range(1..=12), rng.gen_range(1..=28)), -years_here);
    let arrived = arrived.min(today);
    let staffed = rng.gen_bool(0.85);
    let established = staffed.then(|| dates::add_years(arrived, -(rng.gen_range(0..3))));
    let education = match rng.gen_range(0..20) {
        0..=2 => Education::Graduate,
        3..=13 => Education::Bachelor,
        14..=18 => Education::College,
        _ => Education::Secondary,
    };
    let (major, category) = namer.major(rng);
    StaffInput {
        unit_id: Some(unit_id.to_string()),
        name: namer.name(rng),
        gender: Some(gender),
        post: Some(post),
        establishment: Some(if staffed { Establishment::Staffed } else { Establishment::Contract }),
        arrived_on: Some(dates::iso(arrived)),
        established_on: established.map(dates::iso),
        left_on: None,
        education: Some(education),
        major,
        major_category: Some(category),
        legal_qualification: category == MajorCategory::Law && rng.gen_bool(0.3),
        phone: format!("13{:09}", rng.gen_range(0..1_000_000_000u64)),
        size_hat: format!("{}", rng.gen_range(55..=60)),
        size_top: format!("{}/{}A", rng.gen_range(160..=185), rng.gen_range(84..=104)),
        size_bottom: format!("{}", rng.gen_range(72..=92)),
        size_shoes: format!("{}", rng.gen_range(36..=45)),
        note: String::new(),
    }
}

/// The kinds of training a year of the demo holds, with how many days each lasts and its hours.
const YEAR_OF_TRAINING: &[(&str, &str, u32, i64, f64)] = &[
    // (kind, title, month, days, hours)
    ("全员轮训", "新技术新装备新战法应用全员轮训（第一期）", 4, 3, 24.0),
    ("全员轮训", "新技术新装备新战法应用全员轮训（第二期）", 6, 3, 24.0),
    ("军训队列", "执法队伍军训队列训练", 5, 7, 56.0),
    ("集中培训", "排污许可清单式执法检查业务培训", 3, 2, 16.0),
    ("集中培训", "行政处罚案卷制作规范培训", 9, 1, 8.0),
    ("跟班学习", "赴省生态环境保护综合执法总队跟班学习", 7, 30, 160.0),
    ("实战比武", "全市生态环境执法实战练兵比武", 8, 2, 16.0),
    ("知识竞赛", "生态环境法律法规知识竞赛", 10, 1, 4.0),
    ("学法考试", "上半年执法人员学法考试", 6, 1, 2.0),
    ("学法考试", "下半年执法人员学法考试", 11, 1, 2.0),
    ("测管联训", "执法监测测管联训", 8, 2, 12.0),
    ("网格员培训", "环保网格员业务培训", 4, 1, 6.0),
];

impl Ledger {
    /// The people of a small demo branch (about 60 staff), through the ledger's methods.
    pub(super) fn small_people_demo(
        &mut self,
        units: &[(String, String)],
        rng: &mut ChaCha8Rng,
    ) -> Result<PeopleCounts> {
        let today = dates::today();
        let mut namer = Namer::new()?;
        let mut c = PeopleCounts::default();
        let branch = self.require_branch()?.id;
        // (unit, how many, post of the first ones, post of the rest)
        let mut plan: Vec<(String, usize, Post, Post)> = vec![(branch, 6, Post::Leader, Post::Office)];
        for (id, kind) in units {
            let n = match kind.as_str() {
                "执法大队" => 4,
                "执法中队" => 4,
                "驻巡站" => 2,
                _ => 1,
            };
            plan.push((id.clone(), n, Post::Frontline, Post::Frontline));
        }
        let mut people = Vec::new();
        for (unit, n, first, rest) in plan {
            for i in 0..n {
                let post = if i < 2 { first } else { rest };
                let s = self.create_staff(&person(rng, &mut namer, &unit, post, today))?;
                people.push(s);
                c.staff += 1;
            }
        }
        // Two leavers, who keep their history.
        for s in people.iter().take(2) {
            let left = dates::add_months(today, -rng.gen_range(2..10));
            let mut input = s.to_input();
            input.left_on =
                Some(dates::iso(left.max(s.arrived_on.as_deref().and_then(dates::parse_date).unwrap_or(left))));
            self.update_staff(&s.id, s.revision, &input)?;
        }
        // Certificates: most hold a 行政执法证; some expire soon, a few long ago.
        for (i, s) in people.iter().enumerate() {
            if s.establishment != Some(Establishment::Staffed) || rng.gen_bool(0.1) {
                continue;
            }
            let issued = dates::add_years(today, -rng.gen_range(0..5)) - chrono::Duration::days(rng.gen_range(0..300));
            let expires = match i % 12 {
                0 => today + chrono::Duration::days(rng.gen_range(5..85)),
                1 => today - chrono::Duration::days(rng.gen_range(1..60)),
                _ => dates::add_years(issued, 5),
            };
            // An expired certificate was issued five years before it ran out (never after).
            let issued = if issued >= expires { dates::add_years(expires, -5) } else { issued };
            let cert = self.create_certificate(&CertificateInput {
                staff_id: s.id.clone(),
                kind: Some(CertKind::Enforcement),
                number: format!("0{}{:06}", 37, 40_000 + i * 37),
                issuer: "山东省人民政府".into(),
                area: "生态环境保护".into(),
                issued_on: Some(dates::iso(issued)),
                expires_on: Some(dates::iso(expires)),
                status: Some(CertStatus::Valid),
                note: String::new(),
            })?;
            c.certificates += 1;
            // The biennial 审验 kept up, but for one in a dozen that is overdue.
            let mut review = dates::add_years(issued, 2);
            while review <= today && i % 12 != 5 {
                self.add_certificate_review(
                    &cert.id,
                    &crate::people::CertReviewInput {
                        reviewed_on: dates::iso(review),
                        result: "合格".into(),
                        note: String::new(),
                    },
                )?;
                review = dates::add_years(review, 2);
            }
            if i % 9 == 0 {
                self.create_certificate(&CertificateInput {
                    staff_id: s.id.clone(),
                    kind: Some(CertKind::Supervision),
                    number: format!("JD{:05}", 100 + i),
                    issuer: "枣庄市人民政府".into(),
                    issued_on: Some(dates::iso(issued)),
                    expires_on: Some(dates::iso(dates::add_years(issued, 5))),
                    ..CertificateInput::default()
                })?;
                c.certificates += 1;
            }
        }
        // Secondments: one to a non-enforcement post now, one ended, one to an enforcement post.
        let seconded = [(10usize, false, -120, None), (20, false, -400, Some(-200)), (30, true, -60, None)];
        for (i, enforcement, start, end) in seconded {
            if let Some(s) = people.get(i) {
                self.create_secondment(&SecondmentInput {
                    staff_id: s.id.clone(),
                    destination: if enforcement {
                        "市生态环境保护综合执法支队"
                    } else {
                        "市委巡察办"
                    }
                    .into(),
                    enforcement_post: enforcement,
                    start_on: dates::iso(today + chrono::Duration::days(start)),
                    end_on: end.map(|e| dates::iso(today + chrono::Duration::days(e))),
                    approved: !enforcement,
                    approval_doc: if enforcement { String::new() } else { "枣环人字〔2024〕12号".into() },
                    note: String::new(),
                })?;
                c.secondments += 1;
            }
        }
        // Uniforms: the branch is in the 北温 zone (demo only: Shandong's zone was not found);
        // most front-line staff were issued everything two years ago, some are missing an item.
        self.set_climate_zone(ClimateZone::NorthTemperate)?;
        let scale: Vec<_> =
            self.uniform_scale()?.into_iter().filter(|l| l.zone == ClimateZone::NorthTemperate).collect();
        let issued_on = dates::iso(dates::add_years(today, -2));
        for (i, s) in people.iter().enumerate() {
            if s.post != Some(Post::Frontline) || s.establishment != Some(Establishment::Staffed) {
                continue;
            }
            for line in scale.iter().filter(|l| l.gender.is_none() || l.gender == s.gender) {
                if i % 7 == 3 && line.item.starts_with("执勤服") {
                    continue;
                }
                self.create_uniform_issue(&UniformIssueInput {
                    staff_id: s.id.clone(),
                    item: line.item.clone(),
                    quantity: line.quantity,
                    issued_on: issued_on.clone(),
                    note: String::new(),
                })?;
                c.uniform_issues += 1;
            }
        }
        // A year of training, up to today.
        let on_roll: Vec<&crate::people::Staff> = people.iter().skip(2).collect();
        for (k, (kind, title, month, days, hours)) in YEAR_OF_TRAINING.iter().enumerate() {
            let start = day(today.year(), *month, 8 + (k as u32 % 10));
            if start > today {
                continue;
            }
            let end = start + chrono::Duration::days(days - 1);
            let attendees: Vec<AttendeeInput> = match *kind {
                "全员轮训" => on_roll
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| (*j % 2 == 0) == title.contains("第一期"))
                    .map(|(_, s)| AttendeeInput { staff_id: s.id.clone(), ..AttendeeInput::default() })
                    .collect(),
                "跟班学习" => vec![AttendeeInput { staff_id: on_roll[5].id.clone(), ..AttendeeInput::default() }],
                _ => {
                    let n = rng.gen_range(6..20);
                    on_roll
                        .choose_multiple(rng, n)
                        .map(|s| AttendeeInput {
                            staff_id: s.id.clone(),
                            score: (*kind == "学法考试" || *kind == "知识竞赛")
                                .then(|| f64::from(rng.gen_range(70..100))),
                            ..AttendeeInput::default()
                        })
                        .collect()
                }
            };
            c.attendance += attendees.len();
            self.create_training(&TrainingInput {
                kind: (*kind).into(),
                title: (*title).into(),
                level: Some(if *kind == "跟班学习" { Level::Province } else { Level::City }),
                organiser: "枣庄市生态环境局".into(),
                start_on: dates::iso(start),
                end_on: Some(dates::iso(end)),
                hours: Some(*hours),
                place: "滕州分局会议室".into(),
                note: String::new(),
                attendees,
            })?;
            c.sessions += 1;
        }
        Ok(c)
    }

    /// The people of the large demo branch, in bulk: 5,000 staff, 20,000 certificates, 2,000
    /// sessions with 200,000 attendance rows, 45,000 uniform issues, secondments.
    pub(super) fn large_people_demo(
        &mut self,
        units: &[(String, String)],
        rng: &mut ChaCha8Rng,
    ) -> Result<PeopleCounts> {
        const STAFF: usize = 5_000;
        const SESSIONS: usize = 2_000;
        const PER_SESSION: usize = 100;
        let today = day(2024, 12, 31);
        let mut namer = Namer::new()?;
        self.set_climate_zone(ClimateZone::NorthTemperate)?;
        let scale: Vec<_> =
            self.uniform_scale()?.into_iter().filter(|l| l.zone == ClimateZone::NorthTemperate).collect();
        self.write(|tx| {
            let mut c = PeopleCounts::default();
            let now = "2024-06-01T08:00:00.000Z";
            let mut audit = tx.prepare_cached(
                "INSERT INTO audit_log (at, actor, entity, entity_id, action, before_json, after_json)
                 VALUES (?1, '演示数据', ?2, ?3, 'create', NULL, '{\"demo\":true}')",
            )?;
            let mut ids = Vec::with_capacity(STAFF);
            for i in 0..STAFF {
                let (unit, kind) = &units[i % units.len()];
                let post = match (kind.as_str(), i % 10) {
                    ("执法中队" | "执法大队", _) | (_, 0..=6) => Post::Frontline,
                    (_, 7 | 8) => Post::Office,
                    _ => Post::Leader,
                };
                let input = person(rng, &mut namer, unit, post, today);
                let v = crate::people::staff::validate(&input)?;
                let id = uuid(rng);
                crate::people::staff::insert_with_id(tx, &id, &v, now)?;
                audit.execute(rusqlite::params![now, "staff", id])?;
                ids.push((id, input.establishment == Some(Establishment::Staffed), input.gender));
                c.staff += 1;
            }
            for (i, (id, staffed, _)) in ids.iter().enumerate() {
                // Four certificates each: the current 行政执法证, two expired predecessors, and a
                // 执法监督证 or 听证主持人证.
                for k in 0..4 {
                    let (kind, status, issued, years) = match k {
                        0 => (CertKind::Enforcement, CertStatus::Valid, 2020 + (i % 5) as i32, 5),
                        1 => (CertKind::Enforcement, CertStatus::Withdrawn, 2015 + (i % 5) as i32, 5),
                        2 => (CertKind::Enforcement, CertStatus::Withdrawn, 2010 + (i % 5) as i32, 5),
                        _ => (
                            if i % 2 == 0 { CertKind::Supervision } else { CertKind::Hearing },
                            CertStatus::Valid,
                            2021,
                            5,
                        ),
                    };
                    if k == 0 && !staffed {
                        continue;
                    }
                    let issued = day(issued, 1 + (i % 12) as u32, 1 + (i % 28) as u32);
                    let v = crate::people::certificates::validate(&CertificateInput {
                        staff_id: id.clone(),
                        kind: Some(kind),
                        number: format!("{:02}{:08}", k, i),
                        issuer: "山东省人民政府".into(),
                        issued_on: Some(dates::iso(issued)),
                        expires_on: Some(dates::iso(dates::add_years(issued, years))),
                        status: Some(status),
                        ..CertificateInput::default()
                    })?;
                    let cid = uuid(rng);
                    crate::people::certificates::insert_with_id(tx, &cid, &v, now)?;
                    audit.execute(rusqlite::params![now, "certificate", cid])?;
                    c.certificates += 1;
                }
            }
            // 20,000 certificates in all: top up with 听证主持人证 where the 编外 lacked one.
            let mut i = 0usize;
            while c.certificates < 20_000 {
                let (id, _, _) = &ids[i % ids.len()];
                let v = crate::people::certificates::validate(&CertificateInput {
                    staff_id: id.clone(),
                    kind: Some(CertKind::LegalProfession),
                    number: format!("A{:010}", i),
                    ..CertificateInput::default()
                })?;
                crate::people::certificates::insert_with_id(tx, &uuid(rng), &v, now)?;
                c.certificates += 1;
                i += 1;
            }
            for (i, (id, _, _)) in ids.iter().enumerate().step_by(17) {
                let v = crate::people::secondments::validate(&SecondmentInput {
                    staff_id: id.clone(),
                    destination: "市委巡察办".into(),
                    enforcement_post: i % 3 == 0,
                    start_on: dates::iso(day(2024, 1 + (i % 12) as u32, 1)),
                    end_on: (i % 2 == 0).then(|| dates::iso(day(2025, 6, 30))),
                    ..SecondmentInput::default()
                })?;
                crate::people::secondments::insert_with_id(tx, &uuid(rng), &v, now)?;
                c.secondments += 1;
            }
            for (i, (id, staffed, gender)) in ids.iter().enumerate() {
                if !staffed {
                    continue;
                }
                for line in scale.iter().filter(|l| l.gender.is_none() || l.gender == *gender) {
                    let v = crate::people::uniforms::validate_issue(&UniformIssueInput {
                        staff_id: id.clone(),
                        item: line.item.clone(),
                        quantity: line.quantity,
                        issued_on: dates::iso(day(2020 + (i % 4) as i32, 3, 1)),
                        note: String::new(),
                    })?;
                    crate::people::uniforms::insert_issue_with_id(tx, &uuid(rng), &v, now)?;
                    c.uniform_issues += 1;
                }
            }
            let kinds = crate::training::kinds::builtin();
            for s in 0..SESSIONS {
                let year = 2024 - (s % 5) as i32;
                let kind = &kinds[s % kinds.len()];
                let start = day(year, 1 + (s % 12) as u32, 1 + (s % 27) as u32);
                let v = crate::training::sessions::validate(
                    tx,
                    &TrainingInput {
                        kind: kind.clone(),
                        title: format!("{kind}（{year}年第{}期）", s / kinds.len() + 1),
                        level: Some(Level::City),
                        organiser: "枣庄市生态环境局".into(),
                        start_on: dates::iso(start),
                        end_on: Some(dates::iso(start + chrono::Duration::days((s % 7) as i64))),
                        hours: Some(8.0 + (s % 5) as f64 * 4.0),
                        ..TrainingInput::default()
                    },
                )?;
                let sid = uuid(rng);
                crate::training::sessions::insert_session_with_id(tx, &sid, &v, now)?;
                audit.execute(rusqlite::params![now, "training_session", sid])?;
                let first = rng.gen_range(0..ids.len());
                for k in 0..PER_SESSION {
                    let (staff_id, _, _) = &ids[(first + k * 7) % ids.len()];
                    let a = AttendeeInput { staff_id: staff_id.clone(), ..AttendeeInput::default() };
                    crate::training::sessions::insert_attendance(tx, &uuid(rng), &sid, &a, now)?;
                    c.attendance += 1;
                }
                c.sessions += 1;
            }
            Ok(c)
        })
    }
}
