//! Every figure of METRICS.md on hand-built branches, at its edges: exactly at a threshold, the
//! day three years after joining, a certificate that expires on the date asked and one the day
//! before, a secondment ending the day before, a leaver's last day, 29 February, a zero
//! denominator. Each expected value was worked out by hand from the definitions.

mod common;

use common::*;
use ledger_core::figures::{Figure, FigureQuery};
use ledger_core::model::UnitInput;
use ledger_core::people::{
    CertKind, CertStatus, CertificateInput, ClimateZone, Education, Establishment, Gender, MajorCategory, Post,
    SecondmentInput, StaffInput, UniformIssueInput,
};
use ledger_core::training::{AttendeeInput, TrainingInput};
use ledger_core::Ledger;
use rstest::rstest;

/// A person on the roll since 2010, 在编, 一线, 本科, no certificate yet.
fn person(name: &str) -> StaffInput {
    StaffInput {
        name: name.into(),
        post: Some(Post::Frontline),
        establishment: Some(Establishment::Staffed),
        arrived_on: Some("2010-01-01".into()),
        education: Some(Education::Bachelor),
        ..StaffInput::default()
    }
}

fn add(l: &mut Ledger, input: StaffInput) -> String {
    l.create_staff(&input).unwrap().id
}

/// A valid 行政执法证 from 2020 to the end of 2030.
fn certify(l: &mut Ledger, staff_id: &str, number: &str) {
    cert(l, staff_id, number, Some("2020-01-01"), Some("2030-12-31"), CertStatus::Valid);
}

fn cert(l: &mut Ledger, staff_id: &str, number: &str, issued: Option<&str>, expires: Option<&str>, status: CertStatus) {
    l.create_certificate(&CertificateInput {
        staff_id: staff_id.into(),
        kind: Some(CertKind::Enforcement),
        number: number.into(),
        issued_on: issued.map(Into::into),
        expires_on: expires.map(Into::into),
        status: Some(status),
        ..CertificateInput::default()
    })
    .unwrap();
}

fn second(l: &mut Ledger, staff_id: &str, enforcement: bool, start: &str, end: Option<&str>) {
    l.create_secondment(&SecondmentInput {
        staff_id: staff_id.into(),
        destination: "市委巡察办".into(),
        enforcement_post: enforcement,
        start_on: start.into(),
        end_on: end.map(Into::into),
        ..SecondmentInput::default()
    })
    .unwrap();
}

fn figures(l: &Ledger, d: &str) -> Vec<Figure> {
    l.figures(&FigureQuery { as_of: Some(d.into()), unit_id: None }).unwrap().figures
}

fn fig<'a>(all: &'a [Figure], id: &str) -> &'a Figure {
    all.iter().find(|f| f.id == id && f.kind.is_none()).unwrap_or_else(|| panic!("no figure {id}"))
}

fn t4<'a>(all: &'a [Figure], kind: &str) -> &'a Figure {
    all.iter().find(|f| f.id == "T4" && f.kind.as_deref() == Some(kind)).unwrap_or_else(|| panic!("no T4 {kind}"))
}

/// (numerator, denominator, pass)
fn ndp(f: &Figure) -> (i64, Option<i64>, Option<bool>) {
    (f.numerator, f.denominator, f.pass)
}

fn names(people: &[ledger_core::figures::FigurePerson]) -> Vec<&str> {
    let mut v: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    v.sort();
    v
}

#[test]
fn an_empty_roster_makes_every_ratio_not_applicable() {
    let env = branch();
    let all = figures(&env.ledger, "2024-08-15");
    for id in ["F1", "F2", "F3", "F4", "F5", "F6", "F7", "T1"] {
        let f = fig(&all, id);
        assert_eq!((f.applicable, f.pass, f.value.as_str()), (false, None, "不适用"), "{id}: {f:?}");
        assert!(f.explanation.contains("不适用"), "{id}: {}", f.explanation);
    }
    // No 中队, no 所: F8 and F9 have nothing to count.
    assert_eq!((fig(&all, "F8").applicable, fig(&all, "F8").pass), (false, None));
    // No climate zone yet: U2 cannot be computed.
    assert!(!fig(&all, "U2").applicable);
}

#[rstest]
#[case::exactly_80_percent(8, 10, true, "80.0%")]
#[case::just_under(7, 9, false, "77.8%")]
#[case::all(3, 3, true, "100.0%")]
fn f2_passes_exactly_at_80_percent(
    #[case] certified: usize,
    #[case] total: usize,
    #[case] pass: bool,
    #[case] value: &str,
) {
    let mut env = branch();
    for i in 0..total {
        let id = add(&mut env.ledger, person(&format!("人员{i:02}")));
        if i < certified {
            certify(&mut env.ledger, &id, &format!("3704{i:04}"));
        }
    }
    let all = figures(&env.ledger, "2024-08-15");
    let f2 = fig(&all, "F2");
    assert_eq!(ndp(f2), (certified as i64, Some(total as i64), Some(pass)));
    assert_eq!(f2.value, value);
    assert_eq!(f2.threshold, "≥ 80%");
    assert_eq!(f2.numerator_people.len(), certified);
    assert_eq!(f2.denominator_people.len(), total);
    assert!(
        f2.explanation.starts_with(&format!("持证 {certified} 人 / 在册人员（不含近三年新进） {total} 人 = {value}")),
        "{}",
        f2.explanation
    );
}

#[rstest]
#[case::exactly_10_percent(1, 10, true)]
#[case::over(2, 19, false)]
#[case::none(0, 5, true)]
fn f6_passes_at_exactly_10_percent(#[case] seconded: usize, #[case] total: usize, #[case] pass: bool) {
    let mut env = branch();
    for i in 0..total {
        let id = add(&mut env.ledger, person(&format!("人员{i:02}")));
        if i < seconded {
            second(&mut env.ledger, &id, false, "2024-01-01", None);
        }
    }
    let f6 = fig(&figures(&env.ledger, "2024-08-15"), "F6").clone();
    assert_eq!(ndp(&f6), (seconded as i64, Some(total as i64), Some(pass)));
    assert_eq!(f6.threshold, "≤ 10%");
}

#[test]
fn three_years_after_joining_a_person_is_no_longer_new() {
    let mut env = branch();
    let old = add(&mut env.ledger, StaffInput { arrived_on: Some("2021-08-15".into()), ..person("老员工") });
    certify(&mut env.ledger, &old, "001");
    add(&mut env.ledger, StaffInput { arrived_on: Some("2021-08-16".into()), ..person("新员工") });
    // On 2024-08-15 the first arrived exactly three years ago: counted; the second is new.
    let f2 = fig(&figures(&env.ledger, "2024-08-15"), "F2").clone();
    assert_eq!(names(&f2.denominator_people), ["老员工"]);
    assert_eq!(ndp(&f2), (1, Some(1), Some(true)));
    // The day before, both are new: nobody is counted.
    let f2 = fig(&figures(&env.ledger, "2024-08-14"), "F2").clone();
    assert_eq!((f2.denominator, f2.applicable), (Some(0), false));
    // The next day, both count; one of two holds a certificate: 50%.
    let f2 = fig(&figures(&env.ledger, "2024-08-16"), "F2").clone();
    assert_eq!(ndp(&f2), (1, Some(2), Some(false)));
    assert_eq!(f2.value, "50.0%");
}

#[test]
fn on_29_february_three_years_back_is_28_february() {
    let mut env = branch();
    add(&mut env.ledger, StaffInput { arrived_on: Some("2021-02-28".into()), ..person("二月底到岗") });
    add(&mut env.ledger, StaffInput { arrived_on: Some("2021-03-01".into()), ..person("三月初到岗") });
    let f2 = fig(&figures(&env.ledger, "2024-02-29"), "F2").clone();
    assert_eq!(names(&f2.denominator_people), ["二月底到岗"]);
}

#[test]
fn a_certificate_is_valid_through_its_expiry_date() {
    let mut env = branch();
    let a = add(&mut env.ledger, person("甲"));
    cert(&mut env.ledger, &a, "A1", Some("2019-08-15"), Some("2024-08-15"), CertStatus::Valid);
    let b = add(&mut env.ledger, person("乙"));
    cert(&mut env.ledger, &b, "B1", Some("2019-08-14"), Some("2024-08-14"), CertStatus::Valid);
    // Issued after D, suspended, or of another kind: not 持证.
    let c = add(&mut env.ledger, person("丙"));
    cert(&mut env.ledger, &c, "C1", Some("2024-08-16"), Some("2029-08-16"), CertStatus::Valid);
    let d = add(&mut env.ledger, person("丁"));
    cert(&mut env.ledger, &d, "D1", Some("2020-01-01"), Some("2030-01-01"), CertStatus::Suspended);
    let e = add(&mut env.ledger, person("戊"));
    env.ledger
        .create_certificate(&CertificateInput {
            staff_id: e.clone(),
            kind: Some(CertKind::Supervision),
            number: "E1".into(),
            ..CertificateInput::default()
        })
        .unwrap();
    // No dates at all: not limited by them.
    let f = add(&mut env.ledger, person("己"));
    cert(&mut env.ledger, &f, "F1", None, None, CertStatus::Valid);
    let f1 = fig(&figures(&env.ledger, "2024-08-15"), "F1").clone();
    assert_eq!(names(&f1.numerator_people), ["己", "甲"]);
    assert_eq!(ndp(&f1), (2, Some(6), Some(false)));
    assert_eq!(f1.threshold, "= 100%");
    // Everyone on the roll is asked to hold one: the missing ones are the denominator minus the numerator.
    assert_eq!(f1.denominator_people.len(), 6);
}

#[test]
fn a_secondment_that_ended_the_day_before_no_longer_counts() {
    let mut env = branch();
    let a = add(&mut env.ledger, person("借调结束"));
    second(&mut env.ledger, &a, false, "2024-01-01", Some("2024-08-14"));
    let b = add(&mut env.ledger, person("当天结束"));
    second(&mut env.ledger, &b, false, "2024-01-01", Some("2024-08-15"));
    let c = add(&mut env.ledger, person("执法岗位"));
    second(&mut env.ledger, &c, true, "2024-01-01", None);
    let d = add(&mut env.ledger, person("明天开始"));
    second(&mut env.ledger, &d, false, "2024-08-16", None);
    let all = figures(&env.ledger, "2024-08-15");
    // F6 counts secondments to non-enforcement posts running on D.
    assert_eq!(names(&fig(&all, "F6").numerator_people), ["当天结束"]);
    // F7 在编在岗: anyone seconded out on D (whatever the post) is not 在岗.
    assert_eq!(names(&fig(&all, "F7").numerator_people), ["借调结束", "明天开始"]);
}

#[test]
fn a_leaver_is_on_the_roll_until_the_day_before_they_leave() {
    let mut env = branch();
    add(&mut env.ledger, StaffInput { left_on: Some("2024-08-15".into()), ..person("今天离岗") });
    add(&mut env.ledger, StaffInput { left_on: Some("2024-08-16".into()), ..person("明天离岗") });
    add(&mut env.ledger, StaffInput { arrived_on: Some("2024-08-16".into()), ..person("明天到岗") });
    let f3 = fig(&figures(&env.ledger, "2024-08-15"), "F3").clone();
    assert_eq!(names(&f3.denominator_people), ["明天离岗"]);
}

#[test]
fn f1_counts_only_staffed_front_line_people_in_post() {
    let mut env = branch();
    let a = add(&mut env.ledger, person("在编一线"));
    certify(&mut env.ledger, &a, "1");
    add(&mut env.ledger, StaffInput { establishment: Some(Establishment::Contract), ..person("编外一线") });
    add(&mut env.ledger, StaffInput { post: Some(Post::Office), ..person("在编内勤") });
    let s = add(&mut env.ledger, person("借调中"));
    second(&mut env.ledger, &s, true, "2024-01-01", None);
    let all = figures(&env.ledger, "2024-08-15");
    let f1 = fig(&all, "F1");
    assert_eq!(names(&f1.denominator_people), ["在编一线"]);
    assert_eq!(ndp(f1), (1, Some(1), Some(true)));
    // F5 (以持证为准): 在岗 and 持证 over everyone on the roll.
    assert_eq!(ndp(fig(&all, "F5")), (1, Some(4), Some(false)));
    // F7: 在编 and 在岗: the 在编一线 and the 在编内勤.
    assert_eq!(ndp(fig(&all, "F7")), (2, Some(4), Some(false)));
}

#[test]
fn f3_and_f4_read_education_majors_and_the_three_years_of_establishment() {
    let mut env = branch();
    add(&mut env.ledger, StaffInput { education: Some(Education::Graduate), ..person("研究生") });
    add(&mut env.ledger, StaffInput { education: Some(Education::College), ..person("大专") });
    add(&mut env.ledger, StaffInput { education: Some(Education::Secondary), ..person("中专") });
    add(&mut env.ledger, StaffInput { education: None, ..person("未填学历") });
    add(
        &mut env.ledger,
        StaffInput {
            established_on: Some("2021-08-16".into()),
            major_category: Some(MajorCategory::Law),
            ..person("新编法学")
        },
    );
    add(
        &mut env.ledger,
        StaffInput {
            established_on: Some("2021-08-15".into()),
            major_category: Some(MajorCategory::Environmental),
            ..person("满三年环境")
        },
    );
    add(
        &mut env.ledger,
        StaffInput {
            established_on: Some("2024-01-01".into()),
            major_category: Some(MajorCategory::Other),
            ..person("新编其他")
        },
    );
    add(&mut env.ledger, StaffInput { established_on: Some("2024-08-16".into()), ..person("明天入编") });
    let all = figures(&env.ledger, "2024-08-15");
    // F3: 研究生, 大专 and the four 本科 of the default person; not 中专, not the blank.
    assert_eq!(ndp(fig(&all, "F3")), (6, Some(8), Some(false)));
    // F4: 入编 after 2021-08-15 and not after D: 新编法学 and 新编其他; one of two → 50% passes.
    let f4 = fig(&all, "F4");
    assert_eq!(names(&f4.denominator_people), ["新编其他", "新编法学"]);
    assert_eq!(ndp(f4), (1, Some(2), Some(true)));
}

#[test]
fn f8_and_f9_count_per_unit_and_pass_only_when_every_unit_does() {
    let mut env = branch();
    let unit = |l: &mut Ledger, name: &str, kind: &str| {
        l.add_unit(&UnitInput { name: name.into(), kind: kind.into(), parent_id: None }).unwrap().id
    };
    let squad1 = unit(&mut env.ledger, "第一执法中队", "执法中队");
    let squad2 = unit(&mut env.ledger, "第二执法中队", "执法中队");
    let station = unit(&mut env.ledger, "龙泉街道生态环境保护所", "生态环境保护所");
    let post = unit(&mut env.ledger, "滨湖驻巡站", "驻巡站");
    for (name, u) in [("一队甲", &squad1), ("一队乙", &squad1), ("二队甲", &squad2)] {
        let id = add(&mut env.ledger, StaffInput { unit_id: Some(u.clone()), ..person(name) });
        certify(&mut env.ledger, &id, name);
    }
    // In 第二执法中队, a certified 编外 does not count.
    let id = add(
        &mut env.ledger,
        StaffInput {
            unit_id: Some(squad2.clone()),
            establishment: Some(Establishment::Contract),
            ..person("二队编外")
        },
    );
    certify(&mut env.ledger, &id, "二队编外");
    for name in ["所甲", "所乙"] {
        add(&mut env.ledger, StaffInput { unit_id: Some(station.clone()), ..person(name) });
    }
    add(&mut env.ledger, StaffInput { unit_id: Some(post.clone()), ..person("站甲") });
    add(&mut env.ledger, StaffInput { unit_id: Some(post.clone()), post: Some(Post::Office), ..person("站内勤") });
    let all = figures(&env.ledger, "2024-08-15");
    let f8 = fig(&all, "F8");
    let units: Vec<(&str, i64, bool)> = f8.units.iter().map(|u| (u.unit.as_str(), u.count, u.pass)).collect();
    assert_eq!(units, [("第一执法中队", 2, true), ("第二执法中队", 1, false)]);
    assert_eq!(f8.pass, Some(false));
    assert!(f8.explanation.contains("第二执法中队 1 人"), "{}", f8.explanation);
    let f9 = fig(&all, "F9");
    let units: Vec<(&str, i64, bool)> = f9.units.iter().map(|u| (u.unit.as_str(), u.count, u.pass)).collect();
    assert_eq!(units, [("龙泉街道生态环境保护所", 2, true), ("滨湖驻巡站", 1, false)]);
    // Scoped to one squad: only that squad, and its people.
    let scoped = env.ledger.figures(&FigureQuery { as_of: Some("2024-08-15".into()), unit_id: Some(squad1) }).unwrap();
    assert_eq!(scoped.scope, "第一执法中队");
    let f8 = scoped.figures.iter().find(|f| f.id == "F8").unwrap();
    assert_eq!((f8.units.len(), f8.pass), (1, Some(true)));
    assert_eq!(scoped.figures.iter().find(|f| f.id == "F3").unwrap().denominator, Some(2));
}

fn session(
    l: &mut Ledger,
    kind: &str,
    title: &str,
    start: &str,
    end: &str,
    hours: Option<f64>,
    who: &[(&str, Option<f64>)],
) {
    l.create_training(&TrainingInput {
        kind: kind.into(),
        title: title.into(),
        start_on: start.into(),
        end_on: Some(end.into()),
        hours,
        attendees: who
            .iter()
            .map(|(id, h)| AttendeeInput { staff_id: (*id).into(), hours: *h, ..AttendeeInput::default() })
            .collect(),
        ..TrainingInput::default()
    })
    .unwrap();
}

#[test]
fn t1_asks_everyone_in_post_on_30_june_to_have_finished_a_round() {
    let mut env = branch();
    let a = add(&mut env.ledger, person("按时完成"));
    let b = add(&mut env.ledger, person("七月才完成"));
    let c = add(&mut env.ledger, person("六月借调"));
    second(&mut env.ledger, &c, true, "2024-06-01", Some("2024-07-31"));
    add(&mut env.ledger, StaffInput { arrived_on: Some("2024-07-01".into()), ..person("七月到岗") });
    session(&mut env.ledger, "全员轮训", "第一期", "2024-06-28", "2024-06-30", Some(16.0), &[(&a, None)]);
    session(&mut env.ledger, "全员轮训", "第二期", "2024-06-30", "2024-07-01", Some(16.0), &[(&b, None)]);
    session(&mut env.ledger, "集中培训", "不是轮训", "2024-03-01", "2024-03-01", Some(4.0), &[(&b, None)]);
    let t1 = fig(&figures(&env.ledger, "2024-12-31"), "T1").clone();
    assert_eq!(t1.as_of, "2024-06-30");
    assert_eq!(names(&t1.denominator_people), ["七月才完成", "按时完成"]);
    assert_eq!(ndp(&t1), (1, Some(2), Some(false)));
}

#[test]
fn t2_to_t5_count_the_sessions_that_start_in_the_year_by_d() {
    let mut env = branch();
    let a = add(&mut env.ledger, person("甲"));
    let b = add(&mut env.ledger, person("乙"));
    // Crosses the year end: counts in 2023, the year it starts.
    session(&mut env.ledger, "军训队列", "跨年军训", "2023-12-29", "2024-01-04", Some(40.0), &[(&a, None)]);
    session(
        &mut env.ledger,
        "军训队列",
        "春季队列",
        "2024-03-04",
        "2024-03-08",
        Some(30.0),
        &[(&a, None), (&b, Some(12.0))],
    );
    session(&mut env.ledger, "集中体能训练", "体能周", "2024-05-06", "2024-05-12", None, &[(&b, None)]);
    session(&mut env.ledger, "跟班学习", "省总队跟班", "2024-09-01", "2024-09-30", Some(80.0), &[(&a, None)]);
    session(&mut env.ledger, "实战比武", "市级比武", "2024-06-01", "2024-06-01", Some(8.0), &[(&b, None)]);
    let all = figures(&env.ledger, "2024-08-15");
    let t2 = fig(&all, "T2");
    assert_eq!((t2.numerator, t2.pass, t2.longest_days), (2, Some(true), Some(7)));
    assert_eq!(t2.sessions.iter().map(|s| s.title.as_str()).collect::<Vec<_>>(), ["春季队列", "体能周"]);
    assert!(t2.explanation.contains("最长一次 7 天"), "{}", t2.explanation);
    // The 跟班学习 starts after D: not yet.
    assert_eq!((fig(&all, "T3").numerator, fig(&all, "T3").pass), (0, Some(false)));
    assert_eq!(ndp(t4(&all, "实战比武")), (1, None, Some(true)));
    assert_eq!(ndp(t4(&all, "知识竞赛")), (0, None, Some(false)));
    // T5: 甲 30 h (春季队列); 乙 12 h (own hours) + 0 (体能周 has none) + 8 (比武).
    let t5 = fig(&all, "T5");
    let hours: Vec<(&str, f64, i64)> = t5.hours.iter().map(|h| (h.name.as_str(), h.hours, h.sessions)).collect();
    assert_eq!(hours, [("乙", 20.0, 3), ("甲", 30.0, 1)]);
    assert_eq!(t5.pass, None);
    // By the end of the year the 跟班学习 counts.
    assert_eq!(fig(&figures(&env.ledger, "2024-12-31"), "T3").pass, Some(true));
}

#[test]
fn the_pages_get_the_figures_without_names_and_one_figures_names_on_asking() {
    let mut env = branch();
    let a = add(&mut env.ledger, person("甲"));
    certify(&mut env.ledger, &a, "1");
    add(&mut env.ledger, person("乙"));
    let q = FigureQuery { as_of: Some("2024-08-15".into()), unit_id: None };
    let full = env.ledger.figures(&q).unwrap();
    let light = full.clone().without_names();
    assert_eq!(light.figures.len(), full.figures.len());
    for (l, f) in light.figures.iter().zip(&full.figures) {
        // Every count, value and word stays; only the lists go.
        assert_eq!(ndp(l), ndp(f));
        assert_eq!((&l.value, &l.explanation, l.key()), (&f.value, &f.explanation, f.key()));
        assert!(l.numerator_people.is_empty() && l.denominator_people.is_empty() && l.hours.is_empty());
        assert!(l.units.iter().all(|u| u.people.is_empty()));
        assert_eq!(l.units.len(), f.units.len());
        // Each figure's names come back by its key, T4 by its kind.
        assert_eq!(&env.ledger.figure_with_names(&q, &f.key()).unwrap(), f);
    }
    let f2 = env.ledger.figure_with_names(&q, &fig(&full.figures, "F2").key()).unwrap();
    assert_eq!(names(&f2.numerator_people), ["甲"]);
    assert_eq!(names(&f2.denominator_people), ["乙", "甲"]);
    let err = env
        .ledger
        .figure_with_names(&q, &ledger_core::figures::FigureKey { id: "F99".into(), ..Default::default() })
        .unwrap_err();
    assert_eq!(err.to_payload().field.as_deref(), Some("指标"));
}

/// The app releases the page cache of an idle ledger after a large call (memory.rs): what it reads
/// and writes next is as before.
#[test]
fn a_ledger_that_gave_back_its_page_cache_reads_and_writes_as_before() {
    let mut env = branch();
    let a = add(&mut env.ledger, person("甲"));
    certify(&mut env.ledger, &a, "1");
    let q = FigureQuery { as_of: Some("2024-08-15".into()), unit_id: None };
    let before = env.ledger.figures(&q).unwrap();
    env.ledger.release_cache().unwrap();
    assert_eq!(env.ledger.figures(&q).unwrap(), before);
    add(&mut env.ledger, person("乙"));
    env.ledger.release_cache().unwrap();
    let f2 = env.ledger.figure_with_names(&q, &fig(&before.figures, "F2").key()).unwrap();
    assert_eq!(names(&f2.denominator_people), ["乙", "甲"]);
}

/// The app keeps the figures a page asked for until the data changes (`Ledger::remembered`):
/// asked again, the kept answer comes without reading; after a write, through this connection or
/// another one (ledgerctl beside the app), the answer is read again and is the new one.
#[test]
fn a_kept_answer_lasts_until_a_write_from_any_connection() {
    let mut env = branch();
    let a = add(&mut env.ledger, person("甲"));
    certify(&mut env.ledger, &a, "1");
    let q = FigureQuery { as_of: Some("2024-08-15".into()), unit_id: None };
    let reads = std::cell::Cell::new(0);
    let ask = |ledger: &mut Ledger, key: &str| {
        ledger
            .remembered(key.to_string(), |l| {
                reads.set(reads.get() + 1);
                l.figures(&q)
            })
            .unwrap()
    };
    let first = ask(&mut env.ledger, "figures");
    assert_eq!(fig(&first.figures, "F2").denominator, Some(1));
    assert_eq!(ask(&mut env.ledger, "figures"), first);
    assert_eq!(reads.get(), 1, "asked again without a write: kept");
    ask(&mut env.ledger, "figures of another key");
    assert_eq!(reads.get(), 2, "another key is read on its own");

    add(&mut env.ledger, person("乙"));
    let after_own_write = ask(&mut env.ledger, "figures");
    assert_eq!(reads.get(), 3);
    assert_eq!(fig(&after_own_write.figures, "F2").denominator, Some(2));

    let mut other = Ledger::open(env.db_path()).unwrap();
    add(&mut other, person("丙"));
    let after_other_write = ask(&mut env.ledger, "figures");
    assert_eq!(reads.get(), 4);
    assert_eq!(fig(&after_other_write.figures, "F2").denominator, Some(3));
    assert_eq!(ask(&mut env.ledger, "figures"), after_other_write);
    assert_eq!(reads.get(), 4);
}

#[test]
fn u2_asks_every_eligible_person_to_hold_every_item_within_its_life() {
    let mut env = branch();
    env.ledger.set_climate_zone(ClimateZone::NorthTemperate).unwrap();
    let scale: Vec<(String, i64, i64)> = env
        .ledger
        .uniform_scale()
        .unwrap()
        .into_iter()
        .filter(|l| l.zone == ClimateZone::NorthTemperate && l.gender != Some(Gender::Female))
        .map(|l| (l.item, l.quantity, l.life_years))
        .collect();
    assert!(scale.iter().any(|(i, q, y)| i == "大檐帽" && *q == 1 && *y == 5), "{scale:?}");
    let full = add(&mut env.ledger, StaffInput { gender: Some(Gender::Male), ..person("配齐") });
    certify(&mut env.ledger, &full, "1");
    let short = add(&mut env.ledger, StaffInput { gender: Some(Gender::Male), ..person("少一件") });
    certify(&mut env.ledger, &short, "2");
    // Not eligible: no certificate.
    add(&mut env.ledger, StaffInput { gender: Some(Gender::Male), ..person("未持证") });
    for (item, quantity, _) in &scale {
        for (who, on) in [(&full, "2023-01-10"), (&short, "2023-01-10")] {
            if who == &short && item == "单裤" {
                continue;
            }
            env.ledger
                .create_uniform_issue(&UniformIssueInput {
                    staff_id: who.clone(),
                    item: item.clone(),
                    quantity: *quantity,
                    issued_on: on.into(),
                    note: String::new(),
                })
                .unwrap();
        }
    }
    let all = figures(&env.ledger, "2024-08-15");
    assert_eq!(names(&fig(&all, "U1").numerator_people), ["少一件", "配齐"]);
    let u2 = fig(&all, "U2");
    assert_eq!(names(&u2.numerator_people), ["配齐"]);
    assert_eq!(ndp(u2), (1, Some(2), Some(false)));
    // 单裤 serves 2 years: issued 2023-01-10, still in service on its replacement day, past it the next.
    let on_day = figures(&env.ledger, "2025-01-10");
    assert_eq!(names(&fig(&on_day, "U2").numerator_people), ["配齐"]);
    let after = figures(&env.ledger, "2025-01-11");
    assert_eq!(fig(&after, "U2").numerator, 0);
    let detail = env.ledger.staff_detail(&full, Some(date(2025, 1, 11))).unwrap();
    let trousers = detail.uniform.unwrap().items.into_iter().find(|i| i.item == "单裤").unwrap();
    assert_eq!(
        (trousers.next_replacement_on.as_deref(), format!("{:?}", trousers.state)),
        (Some("2025-01-10"), "Overdue".to_string())
    );
}

#[test]
fn a_change_to_a_record_shows_in_the_figures_at_once() {
    let mut env = branch();
    let a = add(&mut env.ledger, person("甲"));
    assert_eq!(fig(&figures(&env.ledger, "2024-08-15"), "F5").numerator, 0);
    certify(&mut env.ledger, &a, "1");
    assert_eq!(fig(&figures(&env.ledger, "2024-08-15"), "F5").numerator, 1);
    let s = env.ledger.staff(&a).unwrap();
    env.ledger.delete_staff(&a, s.revision).unwrap();
    assert_eq!(fig(&figures(&env.ledger, "2024-08-15"), "F5").denominator, Some(0));
}
