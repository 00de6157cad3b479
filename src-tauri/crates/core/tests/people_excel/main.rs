//! The people sheets in Excel: the roster, certificates, secondments, uniform issues and training
//! as clerks keep them (title rows, synonym headers, extra columns, padded names, merged cells,
//! dates written every which way), people found by name with namesakes told apart by unit, unknown
//! units added or mapped, and exports that import back unchanged — or as one update when a cell
//! is edited.

mod clerk_sheets;
#[path = "../common/mod.rs"]
mod common;
mod round_trips;

use common::sheets::*;
use common::*;
use ledger_core::people::{
    CertKind, CertStatus, CertificateInput, CertificateQuery, Education, Establishment, Gender, MajorCategory, Post,
    SecondmentInput, SecondmentQuery, Staff, StaffInput, StaffQuery, UniformIssueInput,
};
use ledger_core::sheets::SheetKind;
use ledger_core::store::excel::units::UNKNOWN_UNIT_REASON;
use ledger_core::store::excel::{ImportMode, ImportOptions, UnitChoice};
use ledger_core::training::{AttendeeInput, Level, TrainingInput, TrainingQuery};
use ledger_core::Ledger;

const FIRST: &str = "第一执法中队";
const SECOND: &str = "第二执法中队";
const NORTH: &str = "城北生态环境保护所";

fn everyone(l: &Ledger) -> Vec<Staff> {
    l.list_staff(&StaffQuery::default()).unwrap().items
}

/// The live person `name` of `unit`.
fn person(l: &Ledger, name: &str, unit: &str) -> Staff {
    everyone(l)
        .into_iter()
        .find(|s| s.name == name && s.unit_name == unit)
        .unwrap_or_else(|| panic!("no {name} in {unit}"))
}

/// The branch every round trip starts from: three units, two people named 王磊, a leaver, their
/// certificates (numbers with leading zeros), secondments, uniform issues and two sessions.
fn people_branch() -> Env {
    let mut env = branch();
    let l = &mut env.ledger;
    let first = add_unit(l, FIRST, "执法中队");
    let second = add_unit(l, SECOND, "执法中队");
    let north = add_unit(l, NORTH, "生态环境保护所");
    let staff = |unit: &str, name: &str| StaffInput {
        unit_id: Some(unit.to_string()),
        name: name.into(),
        gender: Some(Gender::Male),
        post: Some(Post::Frontline),
        establishment: Some(Establishment::Staffed),
        arrived_on: d("2019-05-01"),
        education: Some(Education::Bachelor),
        major: "法学".into(),
        major_category: Some(MajorCategory::Law),
        phone: "13800000000".into(),
        ..StaffInput::default()
    };
    let wang1 = l.create_staff(&staff(&first, "王磊")).unwrap();
    let wang2 = l.create_staff(&StaffInput { legal_qualification: true, ..staff(&second, "王磊") }).unwrap();
    let li = l
        .create_staff(&StaffInput {
            gender: Some(Gender::Female),
            post: Some(Post::Office),
            establishment: Some(Establishment::Contract),
            education: Some(Education::College),
            major: "环境工程".into(),
            major_category: Some(MajorCategory::Environmental),
            ..staff(&first, "李玥")
        })
        .unwrap();
    let zhang = l
        .create_staff(&StaffInput {
            established_on: d("2022-07-01"),
            left_on: d("2024-01-31"),
            education: None,
            major: String::new(),
            major_category: None,
            phone: String::new(),
            ..staff(&north, "张堃")
        })
        .unwrap();
    let cert = |who: &Staff, kind: CertKind, number: &str| CertificateInput {
        staff_id: who.id.clone(),
        kind: Some(kind),
        number: number.into(),
        issuer: "山东省人民政府".into(),
        area: "滕州市".into(),
        issued_on: d("2021-03-01"),
        expires_on: d("2026-02-28"),
        status: None,
        note: String::new(),
    };
    l.create_certificate(&cert(&wang1, CertKind::Enforcement, "0012345")).unwrap();
    l.create_certificate(&cert(&wang2, CertKind::Enforcement, "0012346")).unwrap();
    l.create_certificate(&CertificateInput {
        status: Some(CertStatus::Suspended),
        expires_on: None,
        ..cert(&li, CertKind::Supervision, "JD-007")
    })
    .unwrap();
    l.create_secondment(&SecondmentInput {
        staff_id: li.id.clone(),
        destination: "滕州市生态环境局".into(),
        enforcement_post: false,
        start_on: "2024-01-01".into(),
        end_on: d("2024-06-30"),
        approved: true,
        approval_doc: "滕环字〔2024〕5号".into(),
        note: String::new(),
    })
    .unwrap();
    l.create_secondment(&SecondmentInput {
        staff_id: zhang.id.clone(),
        destination: "滕州市人民政府".into(),
        enforcement_post: true,
        start_on: "2023-09-01".into(),
        ..SecondmentInput::default()
    })
    .unwrap();
    for (who, item, quantity) in [(&wang1, "夏执勤服", 2), (&li, "大檐帽", 1)] {
        l.create_uniform_issue(&UniformIssueInput {
            staff_id: who.id.clone(),
            item: item.into(),
            quantity,
            issued_on: "2023-05-01".into(),
            note: String::new(),
        })
        .unwrap();
    }
    l.create_training(&TrainingInput {
        kind: "全员轮训".into(),
        title: "2024年全员轮训".into(),
        level: Some(Level::City),
        organiser: "滕州分局".into(),
        start_on: "2024-03-01".into(),
        end_on: d("2024-03-03"),
        hours: Some(24.0),
        place: "分局会议室".into(),
        note: String::new(),
        attendees: [&wang1, &wang2, &li]
            .iter()
            .map(|s| AttendeeInput { staff_id: s.id.clone(), ..AttendeeInput::default() })
            .collect(),
    })
    .unwrap();
    l.create_training(&TrainingInput {
        kind: "实战比武".into(),
        title: "执法技能比武".into(),
        start_on: "2024-05-10".into(),
        ..TrainingInput::default()
    })
    .unwrap();
    env
}
