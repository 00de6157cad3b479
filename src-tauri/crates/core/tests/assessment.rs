//! The self-assessment: the shipped rubrics, loading a city's own rubric file (and refusing a bad
//! one, naming the file and item), every computed rule on hand-built branches at its edges, the
//! hand-entered kinds (score, count with base and cap, percentage, yes/no), a whole branch scored
//! by hand whose total and grade were worked out by hand, the office's workflow, and the ranking
//! of people under the individual rubric.

mod common;

use common::*;
use ledger_core::assessment::{AssessmentResult, AssessmentStatus, How, ItemScore, ScoreInput, Subject};
use ledger_core::equipment::EquipmentInput;
use ledger_core::model::AuditQuery;
use ledger_core::people::{
    CertKind, CertStatus, CertificateInput, Education, Establishment, MajorCategory, Post, SecondmentInput, StaffInput,
};
use ledger_core::training::{AttendeeInput, TrainingInput};
use ledger_core::{Ledger, LedgerError};
use rstest::rstest;

const FUJIAN: &str = "fujian-county-2022";
const COLLECTIVE: &str = "taian-2021-collective";
const INDIVIDUAL: &str = "taian-2021-individual";

/// A person on the roll since 2010, 在编, 一线, 本科.
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
fn certify(l: &mut Ledger, staff_id: &str) {
    l.create_certificate(&CertificateInput {
        staff_id: staff_id.into(),
        kind: Some(CertKind::Enforcement),
        number: format!("3704-{staff_id}"),
        issued_on: Some("2020-01-01".into()),
        expires_on: Some("2030-12-31".into()),
        status: Some(CertStatus::Valid),
        ..CertificateInput::default()
    })
    .unwrap();
}

/// `n` certified people; `certified` of them hold a certificate.
fn staff(l: &mut Ledger, n: usize, certified: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let id = add(l, person(&format!("人员{i:02}")));
            if i < certified {
                certify(l, &id);
            }
            id
        })
        .collect()
}

fn session(l: &mut Ledger, kind: &str, start: &str, end: &str, who: &[String]) {
    l.create_training(&TrainingInput {
        kind: kind.into(),
        title: format!("{kind}（测试）"),
        start_on: start.into(),
        end_on: Some(end.into()),
        hours: Some(8.0),
        attendees: who.iter().map(|id| AttendeeInput { staff_id: id.clone(), ..AttendeeInput::default() }).collect(),
        ..TrainingInput::default()
    })
    .unwrap();
}

fn result(l: &Ledger, rubric: &str) -> AssessmentResult {
    l.assessment_for(rubric, 2024, None).unwrap()
}

fn item<'a>(r: &'a AssessmentResult, id: &str) -> &'a ItemScore {
    r.items.iter().find(|i| i.id == id).unwrap_or_else(|| panic!("no item {id}"))
}

fn score(r: &AssessmentResult, id: &str) -> Option<f64> {
    item(r, id).score
}

fn by_score(s: f64) -> ScoreInput {
    ScoreInput { score: Some(s), ..ScoreInput::default() }
}

fn by_count(n: f64) -> ScoreInput {
    ScoreInput { count: Some(n), ..ScoreInput::default() }
}

fn by_percent(p: f64) -> ScoreInput {
    ScoreInput { percent: Some(p), ..ScoreInput::default() }
}

fn by_flag(f: bool) -> ScoreInput {
    ScoreInput { flag: Some(f), ..ScoreInput::default() }
}

/// The draft of `rubric` for 2024, started.
fn draft(l: &mut Ledger, rubric: &str) -> String {
    l.open_assessment(rubric, 2024, None).unwrap().id
}

#[test]
fn the_shipped_rubrics_are_complete_and_add_up() {
    let env = branch();
    let all = env.ledger.list_rubrics().unwrap();
    let ids: Vec<&str> = all.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, [FUJIAN, COLLECTIVE, INDIVIDUAL]);
    assert!(all.iter().all(|r| r.builtin && r.total == 100.0));
    assert_eq!(all[2].subject, Subject::Person);
    let fujian = env.ledger.rubric(FUJIAN).unwrap();
    assert_eq!((fujian.groups.len(), fujian.items.len(), fujian.extras.len()), (6, 78, 9));
    let grades: Vec<(String, f64)> = all[0].grades.iter().map(|g| (g.name.clone(), g.min)).collect();
    assert_eq!(grades, [("规范化单位".to_string(), 80.0), ("示范单位".to_string(), 95.0)]);
    // 六、效能评估 is the evaluation's percentage × 30, entered by hand.
    let efficiency = fujian.items.iter().find(|i| i.id == "13.1.1").unwrap();
    assert_eq!(efficiency.points, 30.0);
    let individual = env.ledger.rubric(INDIVIDUAL).unwrap();
    assert_eq!(individual.entry.as_deref(), Some("certified"));
}

fn write_rubric(env: &Env, name: &str, text: &str) -> std::path::PathBuf {
    let path = env.path(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn message<T: std::fmt::Debug>(r: Result<T, LedgerError>) -> String {
    r.unwrap_err().to_string()
}

#[test]
fn a_rubric_whose_points_do_not_add_up_is_refused_naming_the_file_and_the_part() {
    let mut env = branch();
    let fujian = ledger_core::assessment::rubric::BUILTIN[0].1;
    // 3.1.2 合理增补选配设备 is worth 0.5; make it 1 under a new id.
    let wrong = fujian.replacen("id = \"fujian-county-2022\"", "id = \"fujian-copy\"", 1).replacen(
        "id = \"3.1.2\"\nsection = \"3.1\"\npoints = 0.5",
        "id = \"3.1.2\"\nsection = \"3.1\"\npoints = 1",
        1,
    );
    assert_ne!(wrong, fujian);
    let path = write_rubric(&env, "福建省标准（改）.toml", &wrong);
    let check = env.ledger.check_rubric_file(&path).unwrap();
    assert!(!check.ok);
    assert_eq!(check.problems, ["三级指标“3.1 完成装备配备”分值为 5，其下评分项合计 5.5"], "{:?}", check.problems);
    let err = message(env.ledger.load_rubric_file(&path));
    assert!(err.contains("福建省标准（改）.toml"), "{err}");
    assert!(err.contains("评分细则有 1 处错误，未载入") && err.contains("3.1 完成装备配备"), "{err}");
    assert_eq!(env.ledger.list_rubrics().unwrap().len(), 3, "nothing was stored");
}

const SMALL: &str = r#"
id = "shandong-test"
title = "山东省某市执法机构规范化建设评分细则（测试）"
subject = "unit"
total = 10
grades = [{ name = "合格", min = 6 }]

[[groups]]
id = "一"
name = "队伍建设"
points = 10

[[indicators]]
id = "1"
group = "一"
name = "执法资格"
points = 10

[[items]]
id = "1.1"
indicator = "1"
points = 4
criteria = "持证比例达到 80%"
how = "computed"
rule = "pass"
figure = "F2"

[[items]]
id = "1.2"
indicator = "1"
points = 6
criteria = "执法资格管理制度健全"
how = "manual"
"#;

#[test]
fn a_rubric_with_an_unknown_figure_a_duplicate_id_and_tiers_out_of_order_names_each() {
    let mut env = branch();
    let bad = SMALL.replace("figure = \"F2\"", "figure = \"F99\"").replace("id = \"1.2\"", "id = \"1.1\"")
        + "\n[[items]]\nid = \"1.3\"\nindicator = \"1\"\npoints = 0\ncriteria = \"分档\"\nhow = \"percent\"\n\
           tiers = [{ at_least = 90, points = 0 }, { at_least = 95, points = 0 }]\n";
    let check = env.ledger.check_rubric_file(&write_rubric(&env, "bad.toml", &bad)).unwrap();
    let all = check.problems.join("\n");
    assert!(all.contains("编号“1.1”重复"), "{all}");
    assert!(all.contains("评分项“1.1”：指标“F99”不是程序能计算的指标"), "{all}");
    assert!(all.contains("评分项“1.3”：分档（tiers）应按比例从高到低排列"), "{all}");
    // Not TOML at all: the parser's words, with the file named.
    let err = message(env.ledger.load_rubric_file(&write_rubric(&env, "broken.toml", "id = \"x\"\n[[groups]\n")));
    assert!(err.contains("broken.toml") && err.contains("评分细则格式错误"), "{err}");
}

#[test]
fn a_city_bureaus_own_rubric_loads_and_scores_and_cannot_take_a_shipped_id() {
    let mut env = branch();
    staff(&mut env.ledger, 5, 4);
    let info = env.ledger.load_rubric_file(&write_rubric(&env, "山东.toml", SMALL)).unwrap();
    assert_eq!((info.id.as_str(), info.builtin, info.subject), ("shandong-test", false, Subject::Unit));
    assert_eq!(env.ledger.list_rubrics().unwrap().len(), 4);
    let r = env.ledger.assessment_for("shandong-test", 2024, None).unwrap();
    assert_eq!((score(&r, "1.1"), item(&r, "1.1").how), (Some(4.0), How::Computed));
    assert_eq!(score(&r, "1.2"), None);
    assert_eq!(
        (r.total, r.grade.as_str(), r.next_grade.as_deref(), r.points_to_next),
        (4.0, "未达标", Some("合格"), Some(2.0))
    );
    let taken = SMALL.replace("shandong-test", FUJIAN);
    let err = message(env.ledger.load_rubric_file(&write_rubric(&env, "冒名.toml", &taken)));
    assert!(err.contains("与程序内置的评分细则相同"), "{err}");
    let audit = env.ledger.audit_log(&AuditQuery { entity: Some("rubric".into()), ..AuditQuery::default() }).unwrap();
    assert_eq!(audit.items.len(), 1);
}

#[rstest]
#[case::exactly_80_percent(10, 8, 0.5)]
#[case::just_under(9, 7, 0.0)]
fn f2_earns_its_half_point_exactly_at_80_percent(#[case] n: usize, #[case] certified: usize, #[case] want: f64) {
    let mut env = branch();
    staff(&mut env.ledger, n, certified);
    let r = result(&env.ledger, FUJIAN);
    let it = item(&r, "6.4.2");
    let ids: Vec<&str> = it.figures.iter().map(|f| f.id.as_str()).collect();
    assert_eq!((it.score, it.how, ids), (Some(want), How::Computed, vec!["F2"]));
    let pct = if want > 0.0 { "80.0%" } else { "77.8%" };
    assert!(
        it.explanation.contains(&format!("持证 {certified} 人")) && it.explanation.contains(pct),
        "{}",
        it.explanation
    );
    assert!(it.explanation.ends_with(&format!("→ {} 分", if want > 0.0 { "0.5" } else { "0" })), "{}", it.explanation);
}

/// Give a person a mobile terminal and a recorder that sends video wirelessly (E4).
fn equip(l: &mut Ledger, who: &str) {
    for (asset, name, wireless) in [("ZD", "移动执法终端", false), ("JL", "执法记录仪", true)] {
        let standard = l.standard_list().unwrap().items.into_iter().find(|s| s.name == name).unwrap().id;
        l.create_equipment(&EquipmentInput {
            asset_no: format!("{asset}-{who}"),
            name: name.into(),
            standard_item_id: Some(standard),
            custodian_id: Some(who.into()),
            wireless_video: wireless,
            acquired_on: Some("2020-01-01".into()),
            ..EquipmentInput::default()
        })
        .unwrap();
    }
}

#[rstest]
#[case::all(20, 20, 3.0)]
#[case::exactly_95(20, 19, 2.0)]
#[case::exactly_90(20, 18, 1.0)]
#[case::under_90(20, 17, 0.0)]
fn the_collective_rules_score_mobile_enforcement_in_tiers(
    #[case] n: usize,
    #[case] equipped: usize,
    #[case] want: f64,
) {
    let mut env = branch();
    let people = staff(&mut env.ledger, n, n);
    for who in people.iter().take(equipped) {
        equip(&mut env.ledger, who);
    }
    let r = result(&env.ledger, COLLECTIVE);
    let it = item(&r, "2.a");
    assert_eq!(it.score, Some(want), "{}", it.explanation);
    assert!(it.explanation.contains(&format!("{equipped} / {n}")), "{}", it.explanation);
}

#[test]
fn the_count_rule_asks_for_one_competition_or_contest_in_the_year() {
    let mut env = branch();
    let people = staff(&mut env.ledger, 3, 3);
    assert_eq!(score(&result(&env.ledger, FUJIAN), "7.1.2"), Some(0.0));
    // A contest of the year before does not count; one of this year does.
    session(&mut env.ledger, "知识竞赛", "2023-06-01", "2023-06-01", &people);
    assert_eq!(score(&result(&env.ledger, FUJIAN), "7.1.2"), Some(0.0));
    session(&mut env.ledger, "知识竞赛", "2024-06-01", "2024-06-01", &people);
    let r = result(&env.ledger, FUJIAN);
    let it = item(&r, "7.1.2");
    assert_eq!(it.score, Some(1.0));
    assert!(it.explanation.contains("T4（实战比武） 0 + T4（知识竞赛） 1 = 1 次"), "{}", it.explanation);
    let kinds: Vec<Option<&str>> = it.figures.iter().map(|f| f.kind.as_deref()).collect();
    assert_eq!(kinds, [Some("实战比武"), Some("知识竞赛")]);
}

#[test]
fn education_counts_new_recruits_majors_only_when_there_are_new_recruits() {
    let mut env = branch();
    staff(&mut env.ledger, 9, 9);
    // No one joined the establishment in the last three years: F4 does not apply, F3 passes.
    assert_eq!(score(&result(&env.ledger, FUJIAN), "6.2.1"), Some(1.0));
    // One new recruit without a law or environmental degree: F4 = 0/1 < 50%.
    let new = add(
        &mut env.ledger,
        StaffInput {
            established_on: Some("2023-09-01".into()),
            major_category: Some(MajorCategory::Other),
            ..person("新人甲")
        },
    );
    certify(&mut env.ledger, &new);
    let r = result(&env.ledger, FUJIAN);
    assert_eq!(score(&r, "6.2.1"), Some(0.0), "{}", item(&r, "6.2.1").explanation);
    let labels: Vec<&str> = item(&r, "6.2.1").figures.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["F3", "F4"]);
}

#[test]
fn secondments_over_ten_percent_lose_2_points_but_approval_keeps_the_third_item() {
    let mut env = branch();
    let people = staff(&mut env.ledger, 10, 10);
    let second = |l: &mut Ledger, who: &str, approved: bool| {
        l.create_secondment(&SecondmentInput {
            staff_id: who.into(),
            destination: "区委巡察办".into(),
            enforcement_post: false,
            start_on: "2024-03-01".into(),
            approved,
            ..SecondmentInput::default()
        })
        .unwrap();
    };
    // 1 of 10 seconded: exactly 10% passes F6 — both items earn their points.
    second(&mut env.ledger, &people[0], false);
    let r = result(&env.ledger, FUJIAN);
    assert_eq!((score(&r, "6.5.2"), score(&r, "6.5.3")), (Some(2.0), Some(1.0)));
    // 2 of 10 without approval: both fail.
    second(&mut env.ledger, &people[1], false);
    let r = result(&env.ledger, FUJIAN);
    assert_eq!((score(&r, "6.5.2"), score(&r, "6.5.3")), (Some(0.0), Some(0.0)));
    // Approved by the city bureau: the third item is met by F6A.
    let all = env.ledger.list_secondments(&Default::default()).unwrap();
    for s in all {
        let mut input = s.to_input();
        input.approved = true;
        env.ledger.update_secondment(&s.id, s.revision, &input).unwrap();
    }
    let r = result(&env.ledger, FUJIAN);
    assert_eq!((score(&r, "6.5.2"), score(&r, "6.5.3")), (Some(0.0), Some(1.0)));
    assert!(item(&r, "6.5.3").explanation.contains("；或 "), "{}", item(&r, "6.5.3").explanation);
}

#[test]
fn per_occurrence_items_start_from_their_base_and_stop_at_their_cap() {
    let mut env = branch();
    let id = draft(&mut env.ledger, COLLECTIVE);
    // 3.1.1 案卷评查: 5 points, −0.5 per problem, at most −2.
    let r = env.ledger.score_item(&id, "3.1.1", &by_count(3.0)).unwrap();
    assert_eq!(score(&r, "3.1.1"), Some(3.5));
    assert_eq!(item(&r, "3.1.1").explanation, "5 −0.5 × 3 次，最多扣 2 → 3.5 分");
    let r = env.ledger.score_item(&id, "3.1.1", &by_count(10.0)).unwrap();
    assert_eq!(score(&r, "3.1.1"), Some(3.0));
    // 4.3: +0.5 per occurrence, at most 6.
    let r = env.ledger.score_item(&id, "4.3", &by_count(20.0)).unwrap();
    assert_eq!(score(&r, "4.3"), Some(6.0));
    // Percentage tiers: 96% of cases on the mobile system reaches the 95% tier.
    let r = env.ledger.score_item(&id, "2.b", &by_percent(96.0)).unwrap();
    assert_eq!(score(&r, "2.b"), Some(2.0));
    let r = env.ledger.score_item(&id, "2.b", &by_percent(89.9)).unwrap();
    assert_eq!(score(&r, "2.b"), Some(0.0));
    // A yes/no item earns its points or nothing.
    let r = env.ledger.score_item(&id, "2.c", &by_flag(true)).unwrap();
    assert_eq!(score(&r, "2.c"), Some(3.0));
}

#[test]
fn an_indicator_stays_between_zero_and_its_points() {
    let mut env = branch();
    let who = staff(&mut env.ledger, 1, 1).remove(0);
    let id = env.ledger.open_assessment(INDIVIDUAL, 2024, Some(&who)).unwrap().id;
    // 个人荣誉 (10): a 10-point honour and a 5-point one still make 10.
    env.ledger.score_item(&id, "5.1", &by_flag(true)).unwrap();
    let r = env.ledger.score_item(&id, "5.2", &by_count(1.0)).unwrap();
    assert_eq!((score(&r, "5.1"), score(&r, "5.2")), (Some(10.0), Some(5.0)));
    let honours = r.groups.iter().find(|g| g.group.id == "五").unwrap();
    assert_eq!((honours.group.score, honours.group.max), (10.0, 10.0));
}

#[test]
fn entries_out_of_bounds_are_refused_naming_the_item() {
    let mut env = branch();
    let id = draft(&mut env.ledger, FUJIAN);
    let err = message(env.ledger.score_item(&id, "1.1.1", &by_score(9.0)));
    assert!(err.starts_with("评分项 1.1.1：得分应在 0 到"), "{err}");
    let err = message(env.ledger.score_item(&id, "13.1.1", &by_percent(120.0)));
    assert_eq!(err, "评分项 13.1.1：百分比应在 0 到 100 之间");
    let err = message(env.ledger.score_item(&id, "扣2.2", &by_count(-1.0)));
    assert_eq!(err, "评分项 扣2.2：次数应为不小于 0 的整数");
    let err = message(env.ledger.score_item(&id, "6.4.2", &by_score(0.5)));
    assert!(err.contains("自动计算") && err.contains("手工调整"), "{err}");
    let err = message(env.ledger.score_item(&id, "99.9", &by_score(1.0)));
    assert!(err.contains("没有编号为“99.9”"), "{err}");
    assert_eq!(count(env.ledger.conn(), "SELECT count(*) FROM assessment_scores"), 0, "nothing was written");
}

#[test]
fn an_override_needs_a_reason_and_shows_wherever_the_score_does() {
    let mut env = branch();
    staff(&mut env.ledger, 10, 7);
    let id = draft(&mut env.ledger, FUJIAN);
    let err = message(env.ledger.override_item(&id, "6.4.2", 0.5, "  ", ""));
    assert_eq!(err, "调整原因：手工调整自动计算的得分，必须写明原因");
    let r = env.ledger.override_item(&id, "6.4.2", 0.5, "两人证件在换发中，市局已出具证明", "").unwrap();
    let it = item(&r, "6.4.2");
    assert_eq!((it.score, it.how, it.computed_score), (Some(0.5), How::Override, Some(0.0)));
    assert!(
        it.explanation.starts_with("手工调整为 0.5 分（原因：两人证件在换发中，市局已出具证明）"),
        "{}",
        it.explanation
    );
    assert_eq!(it.override_reason, "两人证件在换发中，市局已出具证明");
    assert_eq!(r.overridden, 1);
    let r = env.ledger.clear_item(&id, "6.4.2").unwrap();
    assert_eq!((score(&r, "6.4.2"), item(&r, "6.4.2").how, r.overridden), (Some(0.0), How::Computed, 0));
}

/// Every item scored by hand on a branch of 10 certified staff with 本科, one 跟班学习, one
/// 军训队列 and one 知识竞赛 in 2024, and no equipment, uniforms or other training:
///
/// computed (10.5): 6.4.2 F2 10/10 0.5; 6.2.1 F3 10/10 and F4 n/a 1; 6.5.1 F5 10/10 1;
///   6.5.2 F6 0/10 2; 6.5.3 1; 6.1.2 T3 3; 7.2.1 T2 1; 7.1.2 T4 1; E2 ①–⑥, E3, U2, 9.1.2, 9.5.2: 0.
/// manual (51.5): all 59 at full (52) except 3.1.2 (0.5) at 0.
/// 13.1.1: 90% × 30 = 27.
/// base 89; bonus 加2 +1; deductions 扣2.2 × 2 = −2 → total 88: 规范化单位, 7 points short of 示范单位.
#[test]
fn a_whole_branch_scored_by_hand_comes_to_88_and_规范化单位() {
    let mut env = branch();
    let people = staff(&mut env.ledger, 10, 10);
    session(&mut env.ledger, "跟班学习", "2024-04-08", "2024-04-19", &people[..1]);
    session(&mut env.ledger, "军训队列", "2024-05-06", "2024-05-12", &people);
    session(&mut env.ledger, "知识竞赛", "2024-09-20", "2024-09-20", &people);
    let id = draft(&mut env.ledger, FUJIAN);
    let rubric = env.ledger.rubric(FUJIAN).unwrap();
    for it in rubric.items.iter().filter(|i| i.how == ledger_core::assessment::rubric::HowKind::Manual) {
        let s = if it.id == "3.1.2" { 0.0 } else { it.points };
        env.ledger
            .score_item(&id, &it.id, &ScoreInput { score: Some(s), note: "已核对".into(), ..Default::default() })
            .unwrap();
    }
    env.ledger.score_item(&id, "13.1.1", &by_percent(90.0)).unwrap();
    env.ledger.score_item(&id, "加2", &by_flag(true)).unwrap();
    let r = env.ledger.score_item(&id, "扣2.2", &by_count(2.0)).unwrap();

    let computed: f64 = r.items.iter().filter(|i| i.how == How::Computed).filter_map(|i| i.score).sum();
    assert_eq!(
        computed,
        10.5,
        "{:#?}",
        r.items.iter().filter(|i| i.how == How::Computed).map(|i| (&i.id, i.score)).collect::<Vec<_>>()
    );
    assert_eq!(score(&r, "13.1.1"), Some(27.0));
    assert_eq!((r.base, r.bonus, r.deductions, r.total), (89.0, 1.0, -2.0, 88.0));
    assert_eq!(
        (r.grade.as_str(), r.next_grade.as_deref(), r.points_to_next),
        ("规范化单位", Some("示范单位"), Some(7.0))
    );
    assert_eq!((r.unscored, r.scored), (0, 78));
    let sum: f64 = r.groups.iter().map(|g| g.group.score).sum();
    assert_eq!(sum, 89.0);
    // The largest gains first, each where it is fixed.
    let first = &r.suggestions[0];
    assert_eq!((first.item_id.as_str(), first.gain, first.link.as_str()), ("13.1.1", 3.0, "/assessment"));
    let uniform = r.suggestions.iter().find(|s| s.item_id == "4.2.1").unwrap();
    assert_eq!((uniform.gain, uniform.link.as_str()), (1.0, "/uniforms"));
    assert!(r.suggestions.windows(2).all(|w| w[0].gain >= w[1].gain));
}

#[test]
fn the_office_workflow_locks_a_signed_off_assessment_and_amends_it_as_a_new_version() {
    let mut env = branch();
    let people = staff(&mut env.ledger, 4, 4);
    let id = draft(&mut env.ledger, COLLECTIVE);
    let info = env.ledger.assessment(&id).unwrap();
    let err = message(env.ledger.submit_assessment(&id, info.revision));
    assert!(err.starts_with("还有 20 项未评分（1.1、1.2"), "{err}");
    // Score everything: the hand items at full, counts at 0, percentages at 100.
    let rubric = env.ledger.rubric(COLLECTIVE).unwrap();
    use ledger_core::assessment::rubric::HowKind;
    for it in &rubric.items {
        let input = match it.how {
            HowKind::Manual => by_score(it.points),
            HowKind::Count => by_count(0.0),
            HowKind::Percent => by_percent(100.0),
            HowKind::Flag => by_flag(true),
            HowKind::Computed => continue,
        };
        env.ledger.score_item(&id, &it.id, &input).unwrap();
    }
    let evidence = env.path("比武成绩通报.pdf");
    std::fs::write(&evidence, b"%PDF-1.4 test").unwrap();
    env.ledger.attach_item_evidence(&id, "1.1", &evidence).unwrap();
    let before = env.ledger.assessment_result(&id).unwrap();
    assert_eq!(before.unscored, 0);
    // Of 100: 2.a nobody has a terminal and a recorder (−3); with no occurrences 3.2.1 and 4.3
    // earn nothing (−3, −6); everything else full.
    assert_eq!(before.total, 88.0);
    let info = env.ledger.assessment(&id).unwrap();
    let stale = info.revision - 1;
    assert_eq!(code(env.ledger.submit_assessment(&id, stale)), "E_CONFLICT");
    let info = env.ledger.submit_assessment(&id, info.revision).unwrap();
    assert_eq!(info.status, AssessmentStatus::Submitted);
    let err = message(env.ledger.score_item(&id, "1.1", &by_score(1.0)));
    assert!(err.contains("已提交负责人审核"), "{err}");
    // Sent back, then submitted again and signed off.
    let info = env.ledger.return_assessment(&id, info.revision, "1.1 请补充比武成绩").unwrap();
    assert_eq!(info.status, AssessmentStatus::Draft);
    let info = env.ledger.submit_assessment(&id, info.revision).unwrap();
    let err = message(env.ledger.sign_off_assessment(&id, info.revision, " "));
    assert_eq!(err, "签发人：请填写签发负责人姓名");
    let info = env.ledger.sign_off_assessment(&id, info.revision, "李局长").unwrap();
    assert_eq!((info.status, info.signed_by.as_deref()), (AssessmentStatus::Signed, Some("李局长")));
    let err = message(env.ledger.score_item(&id, "1.1", &by_score(1.0)));
    assert!(err.contains("已签发并锁定") && err.contains("修订版"), "{err}");
    let err = message(env.ledger.attach_item_evidence(&id, "1.1", &evidence));
    assert!(err.contains("已签发"), "{err}");

    // The signed-off result is frozen: equipping everyone afterwards does not move it.
    for who in &people {
        equip(&mut env.ledger, who);
    }
    let signed = env.ledger.assessment_result(&id).unwrap();
    assert!(signed.frozen);
    assert_eq!((signed.total, signed.assessment.status), (88.0, AssessmentStatus::Signed));

    // An amendment: version 2, a draft with the scores and evidence; version 1 kept.
    let v2 = env.ledger.amend_assessment(&id).unwrap();
    assert_eq!((v2.version, v2.status), (2, AssessmentStatus::Draft));
    let r2 = env.ledger.assessment_result(&v2.id).unwrap();
    assert_eq!(score(&r2, "1.1"), Some(30.0));
    assert_eq!(item(&r2, "1.1").evidence.len(), 1);
    assert!(!r2.frozen);
    assert_eq!((score(&r2, "2.a"), r2.total), (Some(3.0), 91.0), "the amendment reads the ledgers as they are now");
    let v1 = env.ledger.assessment(&id).unwrap();
    assert_eq!((v1.status, v1.amended_by_version), (AssessmentStatus::Signed, Some(2)));
    assert_eq!(code(env.ledger.amend_assessment(&id)), "E_REJECTED");
    let versions = env.ledger.assessment_versions(COLLECTIVE, 2024, None).unwrap();
    assert_eq!(versions.iter().map(|v| v.version).collect::<Vec<_>>(), [2, 1]);
    // The newest version is what the year shows.
    assert_eq!(env.ledger.assessment_for(COLLECTIVE, 2024, None).unwrap().assessment.id, v2.id);

    // Every step is in the audit trail, in Chinese.
    let audit = env
        .ledger
        .audit_log(&AuditQuery { entity: Some("assessment".into()), limit: Some(500), ..AuditQuery::default() })
        .unwrap();
    let actions: Vec<&str> = audit.items.iter().map(|a| a.action_label.as_str()).collect();
    for want in ["新建", "评分", "提交审核", "退回修改", "签发", "生成修订版"] {
        assert!(actions.contains(&want), "{want} in {actions:?}");
    }
    assert!(audit.items.iter().all(|a| a.entity_label == "自评"));
}

#[test]
fn the_individual_rules_rank_the_certified_and_leave_out_those_without_a_certificate() {
    let mut env = branch();
    let people = staff(&mut env.ledger, 3, 2);
    let a = env.ledger.open_assessment(INDIVIDUAL, 2024, Some(&people[0])).unwrap().id;
    env.ledger.score_item(&a, "5.1", &by_flag(true)).unwrap();
    let b = env.ledger.open_assessment(INDIVIDUAL, 2024, Some(&people[1])).unwrap().id;
    env.ledger.score_item(&b, "2.1.1", &by_count(10.0)).unwrap();
    env.ledger.score_item(&b, "3.3", &by_count(2.0)).unwrap();
    let ranking = env.ledger.rank_people(INDIVIDUAL, 2024).unwrap();
    let lines: Vec<(i64, &str, f64, bool)> =
        ranking.iter().map(|l| (l.rank, l.name.as_str(), l.total, l.disqualified.is_some())).collect();
    assert_eq!(lines, [(1, "人员01", 14.0, false), (2, "人员00", 10.0, false), (0, "人员02", 0.0, true)]);
    assert!(ranking[2].disqualified.as_deref().unwrap().contains("无有效行政执法证"));
    // A disqualifying breach of discipline takes a person out of the ranking.
    env.ledger.score_item(&b, "取消1", &by_flag(true)).unwrap();
    let r = env.ledger.assessment_result(&b).unwrap();
    assert_eq!(r.grade, "取消资格");
    let ranking = env.ledger.rank_people(INDIVIDUAL, 2024).unwrap();
    assert_eq!(ranking[0].name, "人员00");
    // A person rubric asks for a person; a unit rubric does not rank.
    assert!(message(env.ledger.assessment_for(INDIVIDUAL, 2024, None)).contains("请选择人员"));
    assert_eq!(code(env.ledger.rank_people(FUJIAN, 2024)), "E_INVALID");
}

#[test]
fn evidence_from_the_ledgers_can_be_cited_for_an_item() {
    let mut env = branch();
    let task = env.ledger.create_task(&input("开展执法大练兵", "2024年12月底前")).unwrap();
    let file = env.path("练兵方案.docx");
    std::fs::write(&file, b"plan").unwrap();
    let ev = env.ledger.attach_evidence("task", &task.id, &file).unwrap();
    let id = draft(&mut env.ledger, FUJIAN);
    env.ledger.score_item(&id, "1.1.1", &by_score(1.0)).unwrap();
    assert_eq!(env.ledger.assessment_result(&id).unwrap().without_evidence, 1);
    let linked = env.ledger.link_item_evidence(&id, "1.1.1", &ev.id).unwrap();
    assert_eq!((linked.sha256.as_str(), linked.file_name.as_str()), (ev.sha256.as_str(), "练兵方案.docx"));
    let r = env.ledger.assessment_result(&id).unwrap();
    assert_eq!((r.without_evidence, item(&r, "1.1.1").evidence.len()), (0, 1));
    // The task keeps its own attachment.
    assert_eq!(env.ledger.evidence_of("task", &task.id).unwrap().len(), 1);
}

#[test]
fn the_reference_date_stays_within_the_year() {
    let mut env = branch();
    let id = draft(&mut env.ledger, FUJIAN);
    assert_eq!(env.ledger.assessment(&id).unwrap().as_of, "2024-12-31");
    let err = message(env.ledger.set_assessment_date(&id, "2025-01-01"));
    assert!(err.starts_with("统计日期：2025年1月1日 不在 2024 年内"), "{err}");
    let info = env.ledger.set_assessment_date(&id, "2024-06-30").unwrap();
    assert_eq!(info.as_of, "2024-06-30");
    assert_eq!(env.ledger.assessment_result(&id).unwrap().assessment.as_of, "2024-06-30");
}
