//! `ledgerctl bench`: wall-clock figures for the operations a clerk waits on, measured on the
//! database at hand (make a large one with `ledgerctl demo --scale large`). Medians of `runs`.
//! Writes (the import) go to a backup copy in a temporary folder, never to the measured database.

use std::time::{Duration, Instant};

use anyhow::Result;
use ledger_core::equipment::EquipmentQuery;
use ledger_core::figures::FigureQuery;
use ledger_core::people::{CertificateQuery, StaffQuery};
use ledger_core::sheets::SheetKind;
use ledger_core::store::excel::writer::{ExportColumn, Value};
use ledger_core::store::excel::{ImportMode, ImportOptions};
use ledger_core::tasks::{StatusFilter, TaskQuery};
use ledger_core::Ledger;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn measure<T>(runs: usize, mut f: impl FnMut() -> Result<T>) -> Result<(Duration, T)> {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        last = Some(f()?);
        times.push(t.elapsed());
    }
    Ok((median(times), last.expect("at least one run")))
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Commit `n` writes one after another (a task each, audited and indexed like a clerk's), printing
/// `committed <id>` after each commit returns, then the rate. The crash test kills this process at
/// random moments and checks that every printed id survived.
pub fn writes(ledger: &mut Ledger, n: usize) -> Result<()> {
    use std::io::Write;
    if ledger.branch()?.is_none() {
        ledger.init_branch("写入测试分局")?;
    }
    let start = Instant::now();
    let mut out = std::io::stdout().lock();
    for i in 0..n {
        let task = ledger.create_task(&ledger_core::tasks::TaskInput {
            year: 2024,
            detail: format!("连续写入第 {i} 项"),
            deadline_text: "7月底前".into(),
            ..Default::default()
        })?;
        writeln!(out, "committed {}", task.id)?;
        out.flush()?;
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!("{n} 次提交，用时 {secs:.2} 秒（每秒 {:.0} 次）", n as f64 / secs.max(1e-9));
    Ok(())
}

/// Run the benchmark and print one line per operation.
pub fn run(ledger: &mut Ledger, runs: usize) -> Result<()> {
    let counts: (i64, i64, i64) = ledger.conn().query_row(
        "SELECT (SELECT count(*) FROM tasks WHERE deleted = 0), (SELECT count(*) FROM task_progress),
                (SELECT count(*) FROM audit_log)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    println!("数据库：{}", ledger.db_path().display());
    println!("规模：任务 {}，进展 {}，操作日志 {}；每项测量 {} 次取中位数", counts.0, counts.1, counts.2, runs);

    let path = ledger.db_path().to_path_buf();
    let (d, _) = measure(runs, || Ok(Ledger::open(&path)?))?;
    println!("打开数据库                     {}", ms(d));

    let year = ledger.task_years()?.first().copied();
    let q = TaskQuery { year, status: Some(StatusFilter::InProgress), limit: Some(50), ..Default::default() };
    let (d, page) = measure(runs, || Ok(ledger.list_tasks(&q)?))?;
    println!("筛选后的第一页（50 行，共 {:>6}）  {}", page.total, ms(d));

    let q = TaskQuery { year, status: Some(StatusFilter::Overdue), limit: Some(50), ..Default::default() };
    let (d, page) = measure(runs, || Ok(ledger.list_tasks(&q)?))?;
    println!("已逾期第一页（50 行，共 {:>6}）    {}", page.total, ms(d));

    let q = TaskQuery { search: Some("执法".into()), limit: Some(50), ..Default::default() };
    let (d, page) = measure(runs, || Ok(ledger.list_tasks(&q)?))?;
    println!("全文搜索“执法”（共 {:>6}）        {}", page.total, ms(d));

    let q = TaskQuery { year, search: Some("执法".into()), limit: Some(50), ..Default::default() };
    let (d, page) = measure(runs, || Ok(ledger.list_tasks(&q)?))?;
    println!("本年度搜索“执法”（共 {:>6}）      {}", page.total, ms(d));

    let q = TaskQuery { search: Some("排污许可".into()), limit: Some(50), ..Default::default() };
    let (d, page) = measure(runs, || Ok(ledger.list_tasks(&q)?))?;
    println!("全文搜索“排污许可”（共 {:>6}）    {}", page.total, ms(d));

    let (d, _) = measure(runs, || Ok(ledger.task_summary(year, None)?))?;
    println!("首页统计                       {}", ms(d));

    // The people ledgers.
    let staff_total: i64 = ledger.conn().query_row("SELECT count(*) FROM staff WHERE deleted = 0", [], |r| r.get(0))?;
    let day = Some("2024-12-31".to_string());
    let (d, set) = measure(runs, || Ok(ledger.figures(&FigureQuery { as_of: day.clone(), unit_id: None })?))?;
    println!("全部指标 F1–F9、T1–T5、U1–U2（{} 项，{} 人）  {}", set.figures.len(), staff_total, ms(d));
    let q = StaffQuery { as_of: day.clone(), on_roll_only: true, limit: Some(50), ..Default::default() };
    let (d, page) = measure(runs, || Ok(ledger.list_staff(&q)?))?;
    println!("人员花名册第一页（50 行，共 {:>5}）  {}", page.total, ms(d));
    let q = StaffQuery {
        as_of: day.clone(),
        on_roll_only: true,
        search: Some("王".into()),
        limit: Some(50),
        ..Default::default()
    };
    let (d, page) = measure(runs, || Ok(ledger.list_staff(&q)?))?;
    println!("按姓名搜索“王”（共 {:>5}）         {}", page.total, ms(d));
    let q = CertificateQuery { as_of: day.clone(), limit: Some(50), ..Default::default() };
    let (d, page) = measure(runs, || Ok(ledger.list_certificates(&q)?))?;
    println!("执法证件第一页（按到期排序，共 {:>5}）  {}", page.total, ms(d));

    // The equipment inventory.
    let q = EquipmentQuery { hide_scrapped: true, limit: Some(50), ..Default::default() };
    let (d, page) = measure(runs, || Ok(ledger.list_equipment(&q)?))?;
    println!("装备台账第一页（50 行，共 {:>6}）   {}", page.total, ms(d));
    let q = EquipmentQuery { search: Some("执法记录仪".into()), limit: Some(50), ..Default::default() };
    let (d, page) = measure(runs, || Ok(ledger.list_equipment(&q)?))?;
    println!("装备搜索“执法记录仪”（共 {:>6}）    {}", page.total, ms(d));
    let due_day = ledger_core::store::dates::parse_date("2024-12-31").unwrap_or_else(ledger_core::store::dates::today);
    let (d, due) = measure(runs, || Ok(ledger.equipment_due(due_day, 30)?))?;
    println!("装备到期提醒（30 天，共 {:>6}）     {}", due.len(), ms(d));
    // The 到期提醒 page, then one day after another picked on its calendar.
    let (d, view) = measure(1, || Ok(ledger.equipment_due_view(due_day, 30, None, 50)?))?;
    println!("到期提醒页（30 天，{:>3} 个到期日）   {}", view.days.len(), ms(d));
    let picked: Vec<_> = view.days.iter().filter_map(|x| ledger_core::store::dates::parse_date(&x.due_on)).collect();
    let mut next = picked.iter().cycle();
    let (d, _) = measure(runs, || Ok(ledger.equipment_due_view(due_day, 30, next.next().copied(), 50)?))?;
    println!("到期提醒页：点选日历上的一天       {}", ms(d));
    let (d, _) = measure(runs, || {
        Ok((ledger.standard_list()?, ledger.figures(&FigureQuery { as_of: day.clone(), unit_id: None })?))
    })?;
    println!("标准装备配备页（清单 + 全部指标）   {}", ms(d));
    let assessed = ledger.task_years()?.into_iter().max().unwrap_or_else(crate::commands::this_year);
    let (d, r) = measure(runs, || Ok(ledger.current_assessment(assessed)?))?;
    println!(
        "本年度自评（{} 项，{} 分）         {}",
        r.items.len(),
        ledger_core::assessment::engine::points(r.total),
        ms(d)
    );

    let tmp = std::env::temp_dir().join(format!("ledger-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    let result = (|| -> Result<()> {
        let export = tmp.join("export.xlsx");
        let all = TaskQuery::default();
        let (d, r) = measure(runs.min(3), || Ok(ledger.export_tasks(&export, &all)?))?;
        println!("导出 Excel（{} 行）             {}", r.rows, ms(d));

        let sheet = tmp.join("import-10000.xlsx");
        let q = TaskQuery { limit: Some(10_000), ..Default::default() };
        let mut rows = ledger.list_tasks(&q)?.items;
        for t in &mut rows {
            t.id.clear(); // new tasks, not updates
        }
        ledger_core::store::excel::writer::write_xlsx(
            &sheet,
            "导入",
            &ledger_core::tasks::excel::export_columns(),
            &rows,
        )?;
        let mut times = Vec::new();
        for i in 0..runs.clamp(1, 3) {
            let copy = tmp.join(format!("copy-{i}.sqlite3"));
            ledger.backup_to(&copy)?;
            let mut target = Ledger::open(&copy)?;
            let t = Instant::now();
            let r = target.import_tasks(&sheet, &ImportOptions::new(ImportMode::AllOrNothing, 2024))?;
            times.push(t.elapsed());
            assert_eq!(r.inserted as usize, rows.len());
        }
        println!("导入 Excel（{} 行）             {}", rows.len(), ms(median(times)));

        // A 10,000-row roster of new people, spread over the branch's units.
        let sheet = tmp.join("roster-10000.xlsx");
        let units = ledger.list_units()?;
        let people: Vec<(String, String)> =
            (0..10_000).map(|i| (format!("新进人员{i:05}"), units[i % units.len()].name.clone())).collect();
        let columns: Vec<ExportColumn<(String, String)>> = vec![
            ExportColumn { header: "姓名", width: 12.0, wrap: false, value: |p| Value::Text(p.0.clone()) },
            ExportColumn { header: "所在单位", width: 24.0, wrap: false, value: |p| Value::Text(p.1.clone()) },
            ExportColumn {
                header: "岗位类别", width: 10.0, wrap: false, value: |_| Value::Text("一线执法".into())
            },
            ExportColumn { header: "编制", width: 8.0, wrap: false, value: |_| Value::Text("在编".into()) },
            ExportColumn {
                header: "到岗日期", width: 12.0, wrap: false, value: |_| Value::Text("2024-03-01".into())
            },
            ExportColumn { header: "学历", width: 8.0, wrap: false, value: |_| Value::Text("本科".into()) },
        ];
        ledger_core::store::excel::writer::write_xlsx(&sheet, "人员花名册", &columns, &people)?;
        let mut times = Vec::new();
        for i in 0..runs.clamp(1, 3) {
            let copy = tmp.join(format!("roster-copy-{i}.sqlite3"));
            ledger.backup_to(&copy)?;
            let mut target = Ledger::open(&copy)?;
            let t = Instant::now();
            let r =
                target.import_sheet(SheetKind::Staff, &sheet, &ImportOptions::new(ImportMode::AllOrNothing, 2024))?;
            times.push(t.elapsed());
            assert_eq!(r.inserted as usize, people.len());
        }
        println!("导入人员花名册（{} 行）         {}", people.len(), ms(median(times)));

        // A 10,000-row equipment sheet of new items.
        let sheet = tmp.join("equipment-10000.xlsx");
        let standard = ledger.standard_list()?.items;
        let items: Vec<(String, String)> =
            (0..10_000).map(|i| (format!("XJ{i:06}"), standard[i % standard.len()].name.clone())).collect();
        let columns: Vec<ExportColumn<(String, String)>> = vec![
            ExportColumn { header: "资产编号", width: 12.0, wrap: false, value: |p| Value::Text(p.0.clone()) },
            ExportColumn { header: "装备名称", width: 20.0, wrap: false, value: |p| Value::Text(p.1.clone()) },
            ExportColumn { header: "标准装备", width: 20.0, wrap: false, value: |p| Value::Text(p.1.clone()) },
            ExportColumn {
                header: "购置日期", width: 12.0, wrap: false, value: |_| Value::Text("2024-03-01".into())
            },
            ExportColumn { header: "状态", width: 8.0, wrap: false, value: |_| Value::Text("在用".into()) },
        ];
        ledger_core::store::excel::writer::write_xlsx(&sheet, "执法装备台账", &columns, &items)?;
        let mut times = Vec::new();
        for i in 0..runs.clamp(1, 3) {
            let copy = tmp.join(format!("equipment-copy-{i}.sqlite3"));
            ledger.backup_to(&copy)?;
            let mut target = Ledger::open(&copy)?;
            let t = Instant::now();
            let r = target.import_sheet(
                SheetKind::Equipment,
                &sheet,
                &ImportOptions::new(ImportMode::AllOrNothing, 2024),
            )?;
            times.push(t.elapsed());
            assert_eq!(r.inserted as usize, items.len());
        }
        println!("导入装备台账（{} 行）           {}", items.len(), ms(median(times)));

        // The import dialog on the equipment ledger kept as a sheet per unit: each step (a
        // sheet's check) with the workbook kept by the first, and one without (as before).
        let by_unit = tmp.join("equipment-by-unit.xlsx");
        let r = ledger.export_equipment(&by_unit, &EquipmentQuery::default(), true)?;
        let copy = tmp.join("dialog-copy.sqlite3");
        ledger.backup_to(&copy)?;
        let mut target = Ledger::open(&copy)?;
        let check = |target: &mut Ledger, sheet: Option<String>| {
            let options = ImportOptions { sheet, ..ImportOptions::new(ImportMode::DryRun, 2024) };
            target.import_sheet(SheetKind::Equipment, &by_unit, &options)
        };
        target.keep_workbook();
        let t = Instant::now();
        let sheets = check(&mut target, None)?.sheets;
        let first = t.elapsed();
        let mut steps = Vec::new();
        for name in sheets.iter().skip(1) {
            let t = Instant::now();
            check(&mut target, Some(name.clone()))?;
            steps.push(t.elapsed());
        }
        target.forget_workbook();
        let (unkept, _) = measure(runs.min(3), || Ok(check(&mut target, sheets.get(1).cloned())?))?;
        println!(
            "导入对话框逐表检查（装备台账 {} 项，按单位 {} 个工作表）：第一步 {}，其后每步 {}（不保留工作簿时每步 {}）",
            r.rows,
            sheets.len(),
            ms(first),
            ms(median(steps)),
            ms(unkept)
        );
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&tmp);
    result
}
