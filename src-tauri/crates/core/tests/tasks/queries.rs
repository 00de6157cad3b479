//! Finding tasks: the effective status against a reference date, filters, sorting, paging,
//! search, the summary and categories, a task found by a prefix of its number, and the home
//! page's figures agreeing with the lists they link to.

use super::*;

/// Nine tasks with every kind of deadline and status, seen on 2024-07-20 (the due-soon window
/// runs to 2024-08-03).
fn nine(env: &mut Env) -> Vec<Task> {
    use TaskStatus::*;
    let rows: [(&str, &str, TaskStatus); 9] = [
        ("逾期未开始", "6月底前", NotStarted),
        ("逾期但已完成", "6月底前", Done),
        ("月底到期进行中", "7月底前", InProgress),
        ("当天到期", "2024年7月20日", NotStarted),
        ("窗口末日到期", "8月3日前", NotStarted),
        ("窗口外一天", "8月4日前", NotStarted),
        ("长期坚持的任务", "长期坚持", InProgress),
        ("时限未识别", "尽快", NotStarted),
        ("年底已完成", "12月底前", Done),
    ];
    rows.iter().map(|(d, dl, st)| env.ledger.create_task(&input_with_status(d, dl, *st)).unwrap()).collect()
}

const AS_OF: &str = "2024-07-20";

fn q_as_of() -> TaskQuery {
    TaskQuery { as_of: Some(AS_OF.into()), ..Default::default() }
}

#[test]
fn effective_status_is_derived_from_the_deadline_and_the_reference_date() {
    let mut env = branch();
    nine(&mut env);
    let got: Vec<(String, &str)> =
        list(&env, q_as_of()).iter().map(|t| (t.detail.clone(), t.effective_status.label())).collect();
    let want = [
        ("逾期未开始", "已逾期"),
        ("逾期但已完成", "已完成"),
        ("月底到期进行中", "即将到期"),
        ("当天到期", "即将到期"),
        ("窗口末日到期", "即将到期"),
        ("窗口外一天", "未开始"),
        ("长期坚持的任务", "进行中"),
        ("时限未识别", "未开始"),
        ("年底已完成", "已完成"),
    ];
    assert_eq!(got, want.map(|(a, b)| (a.to_string(), b)).to_vec());
    // A year later everything unfinished with a date is overdue.
    let later = list(&env, TaskQuery { as_of: Some("2025-07-20".into()), ..Default::default() });
    let overdue: Vec<&str> =
        later.iter().filter(|t| t.effective_status == StatusFilter::Overdue).map(|t| t.detail.as_str()).collect();
    assert_eq!(overdue, vec!["逾期未开始", "月底到期进行中", "当天到期", "窗口末日到期", "窗口外一天"]);
}

#[rstest]
#[case(StatusFilter::Overdue, &["逾期未开始"])]
#[case(StatusFilter::DueSoon, &["月底到期进行中", "当天到期", "窗口末日到期"])]
#[case(StatusFilter::Done, &["逾期但已完成", "年底已完成"])]
// 未开始 / 进行中 filter on the clerk's status (an overdue task that is 未开始 is still 未开始).
#[case(StatusFilter::InProgress, &["月底到期进行中", "长期坚持的任务"])]
#[case(StatusFilter::NotStarted, &["逾期未开始", "当天到期", "窗口末日到期", "窗口外一天", "时限未识别"])]
fn status_filters(#[case] status: StatusFilter, #[case] want: &[&str]) {
    let mut env = branch();
    nine(&mut env);
    let page = env.ledger.list_tasks(&TaskQuery { status: Some(status), ..q_as_of() }).unwrap();
    assert_eq!(details(&page.items), want);
    assert_eq!(page.total, want.len() as i64);
}

#[rstest]
#[case("2024-07-19", "已逾期")]
#[case("2024-07-20", "即将到期")]
#[case("2024-08-03", "即将到期")]
#[case("2024-08-04", "未开始")]
fn the_due_soon_window_is_fourteen_days_inclusive(#[case] due: &str, #[case] want: &str) {
    assert_eq!(ledger_core::tasks::DUE_SOON_DAYS, 14);
    let mut env = branch();
    env.ledger.create_task(&input("任务", due)).unwrap();
    let t = &list(&env, q_as_of())[0];
    assert_eq!(t.effective_status.label(), want);
}

#[test]
fn filters_by_unit_category_year_and_due_range() {
    let mut env = branch();
    let squad =
        env.ledger.add_unit(&UnitInput { name: "城区中队".into(), kind: "执法中队".into(), parent_id: None }).unwrap();
    let mk = |detail: &str, deadline: &str, category: &str, unit: Option<&str>, year: i32| TaskInput {
        year,
        category: category.into(),
        unit_id: unit.map(str::to_string),
        ..input(detail, deadline)
    };
    for i in [
        mk("甲", "6月底前", "装备", None, 2024),
        mk("乙", "7月1日前", "装备", Some(&squad.id), 2024),
        mk("丙", "7月底前", "队伍", Some(&squad.id), 2024),
        mk("丁", "8月1日前", "队伍", None, 2024),
        mk("戊", "长期坚持", "装备", None, 2024),
        mk("己", "7月15日前", "装备", None, 2025),
    ] {
        env.ledger.create_task(&i).unwrap();
    }
    let q = |f: fn(&mut TaskQuery)| {
        let mut q = TaskQuery::default();
        f(&mut q);
        q
    };
    let by_unit = TaskQuery { unit_id: Some(squad.id.clone()), ..Default::default() };
    assert_eq!(details(&list(&env, by_unit)), vec!["乙", "丙"]);
    assert_eq!(details(&list(&env, q(|q| q.category = Some("装备".into())))), vec!["甲", "乙", "戊", "己"]);
    assert_eq!(details(&list(&env, q(|q| q.year = Some(2025)))), vec!["己"]);
    assert_eq!(
        details(&list(
            &env,
            q(|q| {
                q.due_from = Some("2024-07-01".into());
                q.due_to = Some("2024-07-31".into());
            })
        )),
        vec!["乙", "丙"],
        "both ends inclusive; tasks without a date are outside any range"
    );
    assert_eq!(details(&list(&env, q(|q| q.due_to = Some("2024年7月1日".into())))), vec!["甲", "乙"]);
    assert_eq!(
        details(&list(
            &env,
            q(|q| {
                q.year = Some(2024);
                q.category = Some("装备".into());
                q.due_from = Some("2024-07-01".into());
            })
        )),
        vec!["乙"]
    );
    let err = env.ledger.list_tasks(&q(|q| q.due_from = Some("2024-13-01".into()))).unwrap_err();
    assert_eq!((err.code(), err.to_payload().field.as_deref()), ("E_INVALID", Some("截止日期起")));
    let err = env.ledger.list_tasks(&q(|q| q.as_of = Some("昨天".into()))).unwrap_err();
    assert_eq!((err.code(), err.to_payload().field.as_deref()), ("E_INVALID", Some("参考日期")));
}

#[rstest]
#[case(TaskSort::Seq, false, &[1, 2, 3, 4, 5, 6, 7, 8, 9])]
#[case(TaskSort::Seq, true, &[9, 8, 7, 6, 5, 4, 3, 2, 1])]
// Dateless tasks last in both directions; ties by seq.
#[case(TaskSort::DueDate, false, &[1, 2, 4, 3, 5, 6, 9, 7, 8])]
#[case(TaskSort::DueDate, true, &[9, 6, 5, 3, 4, 1, 2, 7, 8])]
// Overdue, due soon, in progress, not started, done.
#[case(TaskSort::Status, false, &[1, 3, 4, 5, 7, 6, 8, 2, 9])]
fn sort_orders(#[case] sort: TaskSort, #[case] desc: bool, #[case] want: &[i64]) {
    let mut env = branch();
    nine(&mut env);
    assert_eq!(seqs(&list(&env, TaskQuery { sort, desc, ..q_as_of() })), want);
}

#[test]
fn sort_by_category_and_by_last_change() {
    let mut env = branch();
    let mut made = Vec::new();
    for (d, c) in [("一", "B类"), ("二", "A类"), ("三", "C类"), ("四", "A类")] {
        made.push(env.ledger.create_task(&TaskInput { category: c.into(), ..input(d, "") }).unwrap());
        std::thread::sleep(std::time::Duration::from_millis(3));
    }
    assert_eq!(
        details(&list(&env, TaskQuery { sort: TaskSort::Category, ..Default::default() })),
        vec!["二", "四", "一", "三"]
    );
    assert_eq!(
        details(&list(&env, TaskQuery { sort: TaskSort::Category, desc: true, ..Default::default() })),
        vec!["三", "一", "二", "四"]
    );
    let mut changed = made[0].to_input();
    changed.status = Some(TaskStatus::InProgress);
    env.ledger.update_task(&made[0].id, 1, &changed).unwrap();
    assert_eq!(
        details(&list(&env, TaskQuery { sort: TaskSort::UpdatedAt, desc: true, ..Default::default() })),
        vec!["一", "四", "三", "二"]
    );
    assert_eq!(
        details(&list(&env, TaskQuery { sort: TaskSort::UpdatedAt, ..Default::default() })),
        vec!["二", "三", "四", "一"]
    );
}

#[test]
fn paging_returns_one_page_and_the_total() {
    let mut env = branch();
    env.ledger.apply_template(&Template::builtin(), 2024).unwrap();
    let page = |offset, limit| env.ledger.list_tasks(&TaskQuery { offset, limit, ..Default::default() }).unwrap();
    let p = page(0, Some(10));
    assert_eq!((p.total, seqs(&p.items)), (29, (1..=10).collect()));
    let p = page(20, Some(10));
    assert_eq!((p.total, seqs(&p.items)), (29, (21..=29).collect()));
    let p = page(40, Some(10));
    assert_eq!((p.total, p.items.len()), (29, 0));
    let p = page(5, None);
    assert_eq!((p.total, p.items.len()), (29, 24));
    let p = page(0, Some(0));
    assert_eq!((p.total, p.items.len()), (29, 0));
    // Paging a filtered list: the total is the filter's.
    let q = TaskQuery { status: Some(StatusFilter::NotStarted), offset: 10, limit: Some(10), ..Default::default() };
    let p = env.ledger.list_tasks(&q).unwrap();
    assert_eq!((p.total, seqs(&p.items)), (29, (11..=20).collect()));
    let ongoing = env
        .ledger
        .list_tasks(&TaskQuery { search: Some("长期坚持".into()), limit: Some(4), ..Default::default() })
        .unwrap();
    assert_eq!((ongoing.total, ongoing.items.len()), (15, 4));
}

#[test]
fn search_finds_two_character_terms_and_nothing_else() {
    let mut env = branch();
    let a = env.ledger.create_task(&input("建立执法装备使用台账和管理制度", "")).unwrap();
    env.ledger.create_task(&input("严格行政执法证件申领资格审查", "")).unwrap();
    let c = env.ledger.create_task(&input("定期开展健康体检", "")).unwrap();
    env.ledger.create_task(&TaskInput { category: "台账管理".into(), ..input("按月报送", "") }).unwrap();
    env.ledger.create_task(&TaskInput { lead_units: vec!["综合执法支队".into()], ..input("组织比武", "") }).unwrap();
    env.ledger.create_task(&input("VOCs 走航监测，非现场执法比例达到40%以上", "")).unwrap();

    assert_eq!(
        search(&env, "执法"),
        set(&[
            "建立执法装备使用台账和管理制度",
            "严格行政执法证件申领资格审查",
            "组织比武",
            "VOCs 走航监测，非现场执法比例达到40%以上"
        ])
    );
    assert_eq!(search(&env, "台账"), set(&["建立执法装备使用台账和管理制度", "按月报送"]));
    assert_eq!(search(&env, "体检"), set(&["定期开展健康体检"]));
    assert_eq!(search(&env, "执法 台账"), set(&["建立执法装备使用台账和管理制度"]));
    assert_eq!(search(&env, "执法证件"), set(&["严格行政执法证件申领资格审查"]));
    assert_eq!(search(&env, "检"), set(&["定期开展健康体检"]));
    assert_eq!(search(&env, "vocs"), set(&["VOCs 走航监测，非现场执法比例达到40%以上"]));
    assert_eq!(search(&env, "40"), set(&["VOCs 走航监测，非现场执法比例达到40%以上"]));
    assert_eq!(search(&env, "证执"), set(&[]));
    assert_eq!(search(&env, "排污许可"), set(&[]));
    assert_eq!(search(&env, "，。\"*"), set(&[]));
    assert_eq!(search(&env, "  ").len(), 6, "a blank search is no filter");

    // The index follows edits and deletes.
    let mut e = c.to_input();
    e.detail = "定期开展执法人员体检".into();
    env.ledger.update_task(&c.id, 1, &e).unwrap();
    assert!(search(&env, "执法").contains("定期开展执法人员体检"));
    assert_eq!(search(&env, "健康"), set(&[]));
    env.ledger.delete_task(&a.id, 1).unwrap();
    assert_eq!(search(&env, "台账"), set(&["按月报送"]));

    // Search combines with the other filters.
    let q = TaskQuery {
        search: Some("执法".into()),
        status: Some(StatusFilter::NotStarted),
        limit: Some(1),
        ..Default::default()
    };
    let p = env.ledger.list_tasks(&q).unwrap();
    assert_eq!((p.total, p.items.len()), (4, 1));
}

#[test]
fn full_width_letters_find_plain_ones_and_an_older_index_is_rebuilt_on_opening() {
    let mut env = branch();
    let wide = env.ledger.create_task(&input("配备ＤＳＪ执法记录仪", "年内")).unwrap();
    env.ledger.create_task(&input("开展VOCs走航监测", "年内")).unwrap();
    assert_eq!(search(&env, "dsj"), set(&["配备ＤＳＪ执法记录仪"]));
    assert_eq!(search(&env, "ＶＯＣｓ"), set(&["开展VOCs走航监测"]));

    // As an older program indexed it: the full-width letters as they were typed.
    let pk: i64 = env.ledger.conn().query_row("SELECT pk FROM tasks WHERE id = ?1", [&wide.id], |r| r.get(0)).unwrap();
    env.ledger
        .conn()
        .execute_batch(&format!(
            "DELETE FROM task_search WHERE rowid = {pk};
             INSERT INTO task_search (rowid, body) VALUES ({pk}, '配备 ｄｓｊ 执法 法记 记录 录仪');
             DELETE FROM settings WHERE key = 'search_folding';"
        ))
        .unwrap();
    assert!(search(&env, "dsj").is_empty());
    env.ledger = env.reopen();
    assert_eq!(search(&env, "dsj"), set(&["配备ＤＳＪ执法记录仪"]));
    assert_eq!(search(&env, "执法"), set(&["配备ＤＳＪ执法记录仪"]));
}

#[test]
fn search_over_the_template_agrees_with_plain_substring_matching() {
    let mut env = branch();
    env.ledger.apply_template(&Template::builtin(), 2024).unwrap();
    let all = list(&env, TaskQuery::default());
    assert_eq!(all.len(), 29);
    for term in ["执法", "监督", "培训", "装备", "排污许可", "各分局", "长期坚持", "体检", "人事科", "纪实记录"]
    {
        let want: BTreeSet<i64> = all
            .iter()
            .filter(|t| {
                [&t.category, &t.main_task, &t.detail, &t.deadline_text].iter().any(|f| f.contains(term))
                    || t.lead_units.iter().chain(&t.responsible_units).any(|u| u.contains(term))
            })
            .map(|t| t.seq)
            .collect();
        let got: BTreeSet<i64> =
            list(&env, TaskQuery { search: Some(term.into()), ..Default::default() }).iter().map(|t| t.seq).collect();
        assert_eq!(got, want, "search {term}");
        assert!(!want.is_empty(), "{term} occurs in the template");
    }
    // 执法 is in most rows but not in all of them.
    let n = list(&env, TaskQuery { search: Some("执法".into()), ..Default::default() }).len();
    assert!(n > 20 && n < 29, "{n}");
}

#[test]
fn the_summary_counts_what_the_home_page_shows() {
    let mut env = branch();
    nine(&mut env);
    env.ledger.create_task(&TaskInput { year: 2025, ..input("明年的任务", "6月底前") }).unwrap();
    let s = env.ledger.task_summary(Some(2024), Some(date(2024, 7, 20))).unwrap();
    assert_eq!(s.year, Some(2024));
    assert_eq!(s.as_of, AS_OF);
    assert_eq!(
        (s.total, s.not_started, s.in_progress, s.done, s.overdue, s.due_soon, s.ongoing, s.unrecognized_deadlines),
        (9, 5, 2, 2, 1, 3, 1, 1)
    );
    assert_eq!(details(&s.upcoming), vec!["逾期未开始", "当天到期", "月底到期进行中", "窗口末日到期"]);
    let all = env.ledger.task_summary(None, Some(date(2024, 7, 20))).unwrap();
    assert_eq!((all.total, all.not_started, all.overdue), (10, 6, 1));
    let next = env.ledger.task_summary(Some(2025), Some(date(2025, 7, 1))).unwrap();
    assert_eq!((next.total, next.overdue, next.due_soon), (1, 1, 0));
    let empty = env.ledger.task_summary(Some(2030), Some(date(2030, 1, 1))).unwrap();
    assert_eq!((empty.total, empty.overdue, empty.upcoming.len()), (0, 0, 0));
}

#[test]
fn categories_are_listed_in_ledger_order() {
    let mut env = branch();
    env.ledger.apply_template(&Template::builtin(), 2024).unwrap();
    let cats = env.ledger.task_categories(Some(2024)).unwrap();
    assert_eq!(cats.len(), 6);
    assert!(cats[0].starts_with("(一)"), "{cats:?}");
    assert!(cats[1].starts_with("(二)"), "{cats:?}");
    assert!(cats[5].starts_with("(六)"), "{cats:?}");
    assert!(env.ledger.task_categories(Some(2023)).unwrap().is_empty());
}

#[test]
fn a_task_is_found_by_a_prefix_of_its_number_and_only_by_a_real_prefix() {
    let mut env = branch();
    let t = env.ledger.create_task(&input("唯一的任务", "")).unwrap();
    assert_eq!(env.ledger.task(&t.id[..8]).unwrap().id, t.id);
    assert_eq!(env.ledger.task(&t.id[..8].to_uppercase()).unwrap().id, t.id);
    assert_eq!(code(env.ledger.task(&t.id[..7])), "E_NOT_FOUND", "at least 8 characters");
    // SQL wildcards are characters, not patterns: they match no task.
    for pattern in ["________", "%%%%%%%%", "%", &format!("{}%", &t.id[..4])] {
        assert_eq!(code(env.ledger.task(pattern)), "E_NOT_FOUND", "{pattern}");
    }
    // Two tasks sharing a prefix: the prefix is ambiguous, the full numbers are not.
    let branch = env.ledger.branch().unwrap().unwrap();
    for n in 1..=2 {
        env.ledger
            .conn()
            .execute(
                "INSERT INTO tasks (id, year, seq, unit_id, detail, created_at, updated_at)
                 VALUES (?1, 2024, ?2, ?3, '同前缀', '2024-05-10T08:00:00.000Z', '2024-05-10T08:00:00.000Z')",
                rusqlite::params![format!("abcdef12-0000-4000-8000-00000000000{n}"), 10 + n, branch.id],
            )
            .unwrap();
    }
    let err = env.ledger.task("abcdef12").unwrap_err();
    assert_eq!((err.code(), err.to_payload().field.as_deref()), ("E_INVALID", Some("任务编号")));
    assert_eq!(env.ledger.task("abcdef12-0000-4000-8000-000000000002").unwrap().seq, 12);
}

#[rstest]
#[case(ledger_core::tasks::DeadlineKind::Dated, &["逾期未开始", "逾期但已完成", "月底到期进行中", "当天到期", "窗口末日到期", "窗口外一天", "年底已完成"])]
#[case(ledger_core::tasks::DeadlineKind::Ongoing, &["长期坚持的任务"])]
#[case(ledger_core::tasks::DeadlineKind::Unrecognized, &["时限未识别"])]
fn filter_by_kind_of_deadline(#[case] kind: ledger_core::tasks::DeadlineKind, #[case] want: &[&str]) {
    let mut env = branch();
    nine(&mut env);
    env.ledger.create_task(&input("没有时限", "")).unwrap();
    let page = env.ledger.list_tasks(&TaskQuery { deadline_kind: Some(kind), ..q_as_of() }).unwrap();
    assert_eq!(details(&page.items), want);
    assert_eq!(page.total, want.len() as i64);
}

#[test]
fn the_home_page_figures_agree_with_the_lists_they_link_to() {
    use ledger_core::tasks::DeadlineKind;
    let mut env = branch();
    nine(&mut env);
    env.ledger.apply_template(&Template::builtin(), 2025).unwrap();
    let s = env.ledger.task_summary(None, Some(date(2024, 7, 20))).unwrap();
    let total = |q: TaskQuery| env.ledger.list_tasks(&TaskQuery { as_of: Some(AS_OF.into()), ..q }).unwrap().total;
    let by_status = |st| total(TaskQuery { status: Some(st), ..Default::default() });
    let by_kind = |k| total(TaskQuery { deadline_kind: Some(k), ..Default::default() });
    assert_eq!(s.total, total(TaskQuery::default()));
    assert_eq!(s.not_started, by_status(StatusFilter::NotStarted));
    assert_eq!(s.in_progress, by_status(StatusFilter::InProgress));
    assert_eq!(s.done, by_status(StatusFilter::Done));
    assert_eq!(s.overdue, by_status(StatusFilter::Overdue));
    assert_eq!(s.due_soon, by_status(StatusFilter::DueSoon));
    assert_eq!(s.ongoing, by_kind(DeadlineKind::Ongoing));
    assert_eq!(s.unrecognized_deadlines, by_kind(DeadlineKind::Unrecognized));
    assert_eq!((s.total, s.ongoing, s.unrecognized_deadlines), (38, 16, 1));
}
