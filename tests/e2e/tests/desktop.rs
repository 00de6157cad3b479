//! The real desktop app, built and driven through its webview as a clerk would use it:
//! tauri-driver (WebKitWebDriver underneath) under Xvfb. Run by `make test`, which builds
//! `branch-ledger` and `ledgerctl` first and starts this under `xvfb-run`. The shared helpers
//! (driver, sessions, scripted file dialogs, polling) are in `common/`.
//!
//! `clerk_creates_finds_and_completes_a_task`: a branch database set up by `ledgerctl`, the
//! key-task page, a new task typed into the create dialog, found again through the search box,
//! its status changed in the edit dialog; then `ledgerctl --db … task list --json` must show the
//! same task with the new status.
//!
//! `clerks_first_day_on_a_fresh_database`: everything through the window, from an empty file —
//! the welcome page, this year's ledger from the template, an Excel import with a bad row (only
//! the valid rows taken), a progress entry and a photo on one task, an export read back with
//! calamine, then a restart of the app; `ledgerctl` must see all of it.
//!
//! `on_a_small_screen_the_window_fits_it`: on a screen of its own, 1366 × 768 and then 1024 × 600,
//! the window does not run past the screen's bottom. `every_ledger_page_opens_without_an_error`: all of them, on
//! a demo branch.

mod common;

use std::path::Path;

use common::*;
use fantoccini::{Client, Locator};

#[tokio::test(flavor = "multi_thread")]
async fn clerk_creates_finds_and_completes_a_task() {
    require_display();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("ledger.sqlite3");
    ledgerctl(&db, &["init", "--branch-name", "枣庄市生态环境局滕州分局"]);
    ledgerctl(&db, &["template", "apply", "--year", "2024"]);

    let driver = Driver::start(&db, None);
    let client = driver.session().await;

    // The key-task page with this year's template already in it.
    wait_for(&client, "[data-testid=nav-tasks]").await;
    click(&client, "[data-testid=nav-tasks]").await;
    wait_for(&client, "[data-testid=task-new]").await;
    wait_for(&client, "[data-testid=task-total]").await;
    eventually(Some(&client), "29 template tasks in the table", || async { total(&client).await.filter(|n| *n == 29) })
        .await;

    // A new task, typed into the create dialog.
    let detail = "端到端测试：核查执法记录仪使用台账";
    click(&client, "[data-testid=task-new]").await;
    let area = wait_for(&client, "[data-testid=task-form-detail] textarea").await;
    area.send_keys(detail).await.expect("type the task text");
    let category = wait_for(&client, "[data-testid=task-form-category] input").await;
    category.send_keys("(二)开展装备配备攻坚").await.unwrap();
    let main_task = wait_for(&client, "[data-testid=task-form-main-task] input").await;
    main_task.send_keys("落实全过程记录制度").await.unwrap();
    let lead = wait_for(&client, "[data-testid=task-form-lead] input").await;
    lead.send_keys("综合执法大队").await.unwrap();
    let responsible = wait_for(&client, "[data-testid=task-form-responsible] input").await;
    responsible.send_keys("第一执法中队、第二执法中队").await.unwrap();
    let deadline = wait_for(&client, "[data-testid=task-form-deadline] input").await;
    deadline.send_keys("9月底前").await.unwrap();
    // What it reads as, said under it before it is saved (the year is the template's, 2024).
    wait_text(&client, "[data-testid=task-form-deadline-reading]", "the deadline's reading", |t| {
        t == "截止日期：2024年9月30日"
    })
    .await;
    click(&client, "[data-testid=task-form-save]").await;
    eventually(Some(&client), "the new task to be counted", || async { total(&client).await.filter(|n| *n == 30) })
        .await;

    // Found again through the search box: a two-character term from its text.
    let search = wait_for(&client, "[data-testid=task-search] input").await;
    search.send_keys("端到端").await.unwrap();
    eventually(Some(&client), "the search to narrow the table to the new task", || async {
        let html = client.source().await.unwrap_or_default();
        (total(&client).await == Some(1) && html.contains(detail)).then_some(())
    })
    .await;

    // Its status changed to 已完成 in the edit dialog.
    click(&client, "[data-testid=task-edit]").await;
    wait_for(&client, "[data-testid='task-form-status-已完成']").await;
    click(&client, "[data-testid='task-form-status-已完成']").await;
    click(&client, "[data-testid=task-form-save]").await;
    eventually(Some(&client), "the row's status tag to read 已完成", || async {
        let tag = client.find(Locator::Css("[data-testid=task-status-tag]")).await.ok()?;
        tag.text().await.ok().filter(|t| t.contains("已完成"))
    })
    .await;
    client.close().await.expect("end the WebDriver session");

    // What the app wrote is in the database, as ledgerctl sees it.
    let listed: serde_json::Value =
        serde_json::from_str(&ledgerctl(&db, &["task", "list", "--search", "端到端", "--json"])).expect("JSON");
    let tasks = listed.as_array().expect("a JSON array");
    assert_eq!(tasks.len(), 1, "{listed}");
    let t = &tasks[0];
    assert_eq!(t["detail"], detail);
    assert_eq!(t["status"], "已完成");
    assert_eq!(t["deadline_text"], "9月底前");
    assert_eq!(t["lead_units"], serde_json::json!(["综合执法大队"]));
    assert_eq!(t["responsible_units"], serde_json::json!(["第一执法中队", "第二执法中队"]));
    assert_eq!(t["seq"], 30);
    let audit: serde_json::Value =
        serde_json::from_str(&ledgerctl(&db, &["audit", "--json", "--limit", "5"])).expect("JSON");
    let actions: Vec<&str> = audit.as_array().unwrap().iter().filter_map(|a| a["action"].as_str()).collect();
    assert_eq!(&actions[..2], ["update", "create"], "{audit}");
}

const BRANCH: &str = "枣庄市生态环境局薛城分局";
/// The two good rows of the import sheet, and the bad one between them.
const IMPORTED_A: &str = "端到端导入：规范执法案卷归档管理";
const IMPORTED_B: &str = "端到端导入：定期开展执法人员培训考核";
const IMPORTED_BAD: &str = "端到端导入：状态写错的一行";
const PROGRESS_NOTE: &str = "已完成2025年度执法案卷的清点，正在补齐缺失的文书。";
const PHOTO_NAME: &str = "整改现场照片.png";
/// The exported sheet's header, in order.
const EXPORT_HEADER: [&str; 12] = [
    "序号",
    "项目",
    "主要任务",
    "具体任务",
    "牵头单位",
    "责任单位",
    "完成时限",
    "截止日期",
    "状态",
    "承办单位",
    "年度",
    "编号",
];

/// The sheet a clerk brings along: a title row above the header, then a good row, a row whose
/// 状态 is not one the ledger knows (Excel row 4), and another good row.
/// The year's extra tasks as an office sends them: a sheet per batch, each under its title.
fn write_import_sheet(path: &Path, year: i32) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let title = format!("{year}年规范化建设重点任务分工台账（补充）");
    let header = ["序号", "项目", "主要任务", "具体任务", "牵头单位", "责任单位", "完成时限", "状态"];
    let first = [
        [
            "30",
            "(三)开展执法能力攻坚",
            "规范执法案卷管理",
            IMPORTED_A,
            "综合执法大队",
            "第一执法中队、第二执法中队",
            "12月底前",
            "进行中",
        ],
        [
            "31",
            "(三)开展执法能力攻坚",
            "规范执法案卷管理",
            IMPORTED_BAD,
            "综合执法大队",
            "第一执法中队",
            "9月底前",
            "做完了",
        ],
    ];
    let second = [["32", "(三)开展执法能力攻坚", "加强执法队伍建设", IMPORTED_B, "综合执法大队", "/", "长期坚持", ""]];
    for (name, rows) in [("第一批", &first[..]), ("第二批", &second[..])] {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        sheet.merge_range(0, 0, 0, 7, &title, &Format::new().set_bold()).unwrap();
        for (c, h) in header.iter().enumerate() {
            sheet.write_string(1, c as u16, *h).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if c == 0 {
                    sheet.write_number(r as u32 + 2, 0, v.parse::<f64>().unwrap()).unwrap();
                } else if !v.is_empty() {
                    sheet.write_string(r as u32 + 2, c as u16, *v).unwrap();
                }
            }
        }
    }
    book.save(path).expect("write the import sheet");
}

/// The text of each cell of each body row of the Element Plus table under `css`. Read from the
/// DOM (`textContent`): WebKitWebDriver's element text comes back empty for most el-table cells,
/// even ones plainly on screen.
async fn table_rows(client: &Client, css: &str) -> Option<Vec<Vec<String>>> {
    let mut out = Vec::new();
    for tr in client.find_all(Locator::Css(&format!("{css} .el-table__body tr"))).await.ok()? {
        let mut cells = Vec::new();
        for td in tr.find_all(Locator::Css("td")).await.ok()? {
            cells.push(td.prop("textContent").await.ok()??.trim().to_string());
        }
        out.push(cells);
    }
    Some(out)
}

/// Narrow the task table to the one task whose text contains `term`, and open its detail
/// drawer. Returns the task's id.
async fn open_task_by_search(client: &Client, term: &str, detail: &str) -> String {
    let search = wait_for(client, "[data-testid=task-search] input").await;
    search.send_keys(term).await.expect("type in the search box");
    eventually(Some(client), "the search to narrow the table to one task", || async {
        let rows = table_rows(client, "[data-testid=task-table]").await?;
        (total(client).await == Some(1) && rows.len() == 1 && rows[0].iter().any(|c| c == detail)).then_some(())
    })
    .await;
    let open = wait_for(client, "[data-testid=task-detail-open]").await;
    let id = open.attr("data-task-id").await.ok().flatten().expect("the row's task id");
    click(client, "[data-testid=task-detail-open]").await;
    wait_text(client, "[data-testid=task-detail-text]", "the drawer to show the task", |t| t == detail).await;
    id
}

/// The drawer lists `note` under 进展情况 and `file` under 附件.
async fn drawer_shows(client: &Client, note: &str, file: &str) {
    wait_text(client, "[data-testid=task-detail] .el-timeline", "the progress entry in the drawer", |t| {
        t.contains(note)
    })
    .await;
    eventually(Some(client), "the evidence file listed in the drawer", || async {
        let rows = table_rows(client, "[data-testid=task-detail]").await?;
        (rows.len() == 1 && rows[0].first().map(String::as_str) == Some(file)).then_some(())
    })
    .await;
}

async fn close_drawer(client: &Client) {
    click(client, "[data-testid=task-detail] .el-drawer__close-btn").await;
    wait_hidden(client, "[data-testid=task-detail]").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn clerks_first_day_on_a_fresh_database() {
    use calamine::Reader;
    use chrono::Datelike;

    require_display();
    let started = std::time::Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("ledger.sqlite3");
    let answers = DialogAnswers::new(dir.path().join("dialog-answers.txt"));
    // The UI shows this year when no year has tasks yet (the shell's local date).
    let year = chrono::Local::now().year();
    let sheet = dir.path().join("补充任务.xlsx");
    write_import_sheet(&sheet, year);
    let photo = dir.path().join(PHOTO_NAME);
    std::fs::write(&photo, tiny_png()).expect("write the photo");
    let export = dir.path().join(format!("重点任务台账_{year}年.xlsx"));

    let driver = Driver::start(&db, Some(&answers));
    let client = driver.session().await;

    // 1. No branch yet: the welcome page asks for its name.
    let name = wait_for(&client, "[data-testid=welcome-branch-name] input").await;
    name.send_keys(BRANCH).await.expect("type the branch name");
    click(&client, "[data-testid=welcome-submit]").await;
    wait_text(&client, "[data-testid=branch-name]", "the header to show the new branch", |t| t == BRANCH).await;

    // 2. The home page, on this year, empty; the template fills it with 29 tasks.
    click(&client, "[data-testid=nav-home]").await;
    let this_year = format!("{year}年");
    wait_text(&client, "[data-testid=year-select]", "the year selector to show this year", |t| t.contains(&this_year))
        .await;
    wait_text(&client, "[data-testid=summary-total] .stat-value", "an empty year on the home page", |t| t == "0").await;
    click(&client, "[data-testid=home-apply-template]").await;
    click(&client, ".el-message-box__btns .el-button--primary").await;
    wait_text(&client, "[data-testid=summary-total] .stat-value", "29 tasks on the home page", |t| t == "29").await;
    wait_hidden(&client, "[data-testid=home-empty]").await;

    // 3. An Excel import with one bad row: the check shows it, only the valid rows are taken.
    click(&client, "[data-testid=nav-tasks]").await;
    wait_total(&client, 29, "the 29 template tasks in the table").await;
    answers.answer(&[&sheet]);
    click(&client, "[data-testid=task-import]").await;
    wait_visible(&client, "[data-testid=import-dialog]").await;
    let errors = eventually(Some(&client), "the import check to list the bad row", || async {
        table_rows(&client, "[data-testid=import-errors]").await.filter(|r| !r.is_empty())
    })
    .await;
    assert_eq!(errors.len(), 1, "one bad row: {errors:?}");
    assert_eq!(errors[0][..3], ["4", "状态", "做完了"], "{errors:?}");
    assert!(errors[0][3].contains("应为“未开始”“进行中”或“已完成”"), "the reason: {errors:?}");
    let summary = text_of(&client, "[data-testid=import-summary]").await.unwrap_or_default();
    assert!(summary.contains("未写入"), "a check writes nothing: {summary}");
    let note = text_of(&client, "[data-testid=import-sheets-note]").await.unwrap_or_default();
    assert!(note.contains("本文件有 2 个工作表可以导入（第一批、第二批）"), "the other sheet named: {note}");
    answers.answer(&[]);
    click(&client, "[data-testid=import-valid-only]").await;
    // The first sheet imported, the dialog goes on to the second, checked as the first was.
    wait_text(&client, "[data-testid=import-done-note]", "the first sheet imported, the second checked", |t| {
        t.contains("已导入工作表“第一批”") && t.contains("下一个工作表“第二批”")
    })
    .await;
    wait_total(&client, 30, "the valid row of the first sheet in the table").await;
    wait_text(&client, "[data-testid=import-sheets-note]", "the second sheet checked", |t| {
        t.contains("现在检查的是“第二批”") && t.contains("已导入：第一批")
    })
    .await;
    click(&client, "[data-testid=import-commit]").await;
    wait_hidden(&client, "[data-testid=import-dialog]").await;
    wait_total(&client, 31, "the two valid imported rows in the table").await;

    // 4. One imported task: a progress entry and a photo, in its detail drawer.
    let task_id = open_task_by_search(&client, "案卷归档", IMPORTED_A).await;
    let note = wait_for(&client, "[data-testid=progress-note] textarea").await;
    note.send_keys(PROGRESS_NOTE).await.expect("type the progress note");
    click(&client, "[data-testid=progress-add]").await;
    wait_text(&client, "[data-testid=task-detail] .el-timeline", "the progress entry in the drawer", |t| {
        t.contains(PROGRESS_NOTE)
    })
    .await;
    answers.answer(&[&photo]);
    click(&client, "[data-testid=evidence-upload]").await;
    drawer_shows(&client, PROGRESS_NOTE, PHOTO_NAME).await;
    answers.answer(&[]);
    // 查看 shows the stored photo: read back (hash-checked) and decoded by the webview.
    click(&client, "[data-testid=evidence-view]").await;
    eventually(Some(&client), "the photo's preview to show a 1×1 image", || async {
        let js = "const img = document.querySelector('.el-dialog .el-image__inner');
                  return img && img.complete ? img.naturalWidth + 'x' + img.naturalHeight : null";
        (client.execute(js, vec![]).await.ok()? == "1x1").then_some(())
    })
    .await;
    click(&client, "[data-testid=evidence-preview-close]").await;
    wait_hidden(&client, ".el-dialog .el-image__inner").await;
    close_drawer(&client).await;

    // 5. The whole year exported (the search cleared first: an export takes the filters).
    click(&client, "[data-testid=task-filter-reset]").await;
    wait_total(&client, 31, "all 31 tasks after clearing the search").await;
    answers.answer(&[&export]);
    click(&client, "[data-testid=task-export]").await;
    eventually(Some(&client), "the export's success message", || async {
        for m in client.find_all(Locator::Css(".el-message--success")).await.ok()? {
            if m.text().await.ok()?.contains(&format!("已导出 31 行到 {}", export.display())) {
                return Some(());
            }
        }
        None
    })
    .await;
    answers.answer(&[]);
    let mut book = calamine::open_workbook_auto(&export).expect("open the exported workbook");
    let range = book.worksheet_range_at(0).expect("a sheet").expect("read the sheet");
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows[0], EXPORT_HEADER, "the export's header");
    assert_eq!(rows.len() - 1, 31, "31 data rows in the export");
    let exported = rows.iter().find(|r| r[3] == IMPORTED_A).expect("the imported task in the export");
    assert_eq!((exported[0].as_str(), exported[8].as_str(), exported[11].as_str()), ("30", "进行中", task_id.as_str()));
    assert!(!rows.iter().any(|r| r[3] == IMPORTED_BAD), "the bad row was not imported");

    // 6. The app closed and opened again on the same database: everything is still there.
    client.close().await.expect("end the first WebDriver session");
    let client = driver.session().await;
    wait_text(&client, "[data-testid=branch-name]", "the branch after the restart", |t| t == BRANCH).await;
    click(&client, "[data-testid=nav-home]").await;
    wait_text(&client, "[data-testid=summary-total] .stat-value", "31 tasks on the home page after the restart", |t| {
        t == "31"
    })
    .await;
    click(&client, "[data-testid=nav-tasks]").await;
    wait_total(&client, 31, "31 tasks in the table after the restart").await;
    let reopened = open_task_by_search(&client, "案卷归档", IMPORTED_A).await;
    assert_eq!(reopened, task_id);
    drawer_shows(&client, PROGRESS_NOTE, PHOTO_NAME).await;
    close_drawer(&client).await;
    client.close().await.expect("end the second WebDriver session");
    drop(driver);

    // 7. What the window did is in the database, as ledgerctl sees it.
    let info = ledgerctl_json(&db, &["info", "--json"]);
    assert_eq!(info["branch"]["name"], BRANCH, "{info}");
    let listed = ledgerctl_json(&db, &["task", "list", "--json"]);
    let tasks = listed.as_array().expect("a JSON array");
    assert_eq!(tasks.len(), 31, "29 from the template + 2 imported");
    assert!(tasks.iter().all(|t| t["year"] == year), "all in {year}");
    let a = tasks.iter().find(|t| t["id"] == task_id.as_str()).expect("the task worked on");
    assert_eq!(a["detail"], IMPORTED_A);
    assert_eq!(a["seq"], 30);
    assert_eq!(a["status"], "进行中");
    assert_eq!(a["deadline_text"], "12月底前");
    assert_eq!(a["due_date"], format!("{year}-12-31"));
    assert_eq!(a["responsible_units"], serde_json::json!(["第一执法中队", "第二执法中队"]));
    assert_eq!(a["progress_count"], 1, "{a}");
    assert_eq!(a["evidence_count"], 1, "{a}");
    let b = tasks.iter().find(|t| t["detail"] == IMPORTED_B).expect("the second imported row");
    assert_eq!(
        (&b["seq"], &b["status"], &b["ongoing"]),
        (&serde_json::json!(32), &serde_json::json!("未开始"), &serde_json::json!(true))
    );
    assert!(!tasks.iter().any(|t| t["detail"] == IMPORTED_BAD), "the bad row was not imported");
    let audit = ledgerctl_json(&db, &["audit", "--json", "--limit", "200"]);
    let entries = audit.as_array().expect("a JSON array");
    // Two imports, newest first: the second sheet, then the first with its bad row skipped.
    let imports: Vec<_> = entries
        .iter()
        .filter(|e| e["action"] == "import")
        .map(|e| (e["after"]["sheet"].clone(), e["after"]["inserted"].clone(), e["after"]["rejected"].clone()))
        .collect();
    let json = |sheet: &str, inserted: u32, rejected: u32| {
        (serde_json::json!(sheet), serde_json::json!(inserted), serde_json::json!(rejected))
    };
    assert_eq!(imports, [json("第二批", 1, 0), json("第一批", 1, 1)], "{audit}");
    let count = |entity: &str| entries.iter().filter(|e| e["entity"] == entity && e["action"] == "create").count();
    assert_eq!(
        (count("org_unit"), count("task"), count("task_progress"), count("evidence")),
        (1, 31, 1, 1),
        "one branch, 29 + 2 tasks, one progress entry, one attachment: {audit}"
    );
    // The photo is stored beside the database, byte for byte.
    let stored = std::fs::read_dir(dir.path().join("evidence"))
        .expect("an evidence folder beside the database")
        .flatten()
        .flat_map(|d| std::fs::read_dir(d.path()).into_iter().flatten().flatten())
        .filter(|f| std::fs::read(f.path()).is_ok_and(|b| b == tiny_png()))
        .count();
    assert_eq!(stored, 1, "the photo's bytes under evidence/");
    eprintln!("clerks_first_day_on_a_fresh_database took {:.1} s", started.elapsed().as_secs_f64());
}

/// Last year's sheet, as a branch keeps it: titled with its year, no 年度 column, and 承办单位
/// written as the branch writes it rather than as the organisation does.
fn write_last_years_sheet(path: &Path) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.merge_range(0, 0, 0, 3, LAST_YEARS_TITLE, &Format::new().set_bold()).unwrap();
    let rows = [
        ["序号", "具体任务", "完成时限", "承办单位"],
        ["1", "端到端：第一中队完成执法记录仪配发", "7月底前", "第一中队"],
        ["2", "端到端：城东所完成场所标识更换", "9月底前", "城东生态环境保护所"],
        ["3", "端到端：第一中队开展队列训练", "12月底前", "第一中队"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    book.save(path).expect("write last year's sheet");
}

const LAST_YEARS_TITLE: &str = "滕州分局2024年规范化建设重点任务分工台账";

#[tokio::test(flavor = "multi_thread")]
async fn last_years_sheet_with_unknown_units_lands_in_its_year() {
    require_display();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("ledger.sqlite3");
    ledgerctl(&db, &["init", "--branch-name", "枣庄市生态环境局滕州分局"]);
    ledgerctl(&db, &["unit", "add", "--name", "第一执法中队", "--kind", "执法中队"]);
    let answers = DialogAnswers::new(dir.path().join("dialog-answers.txt"));
    let sheet = dir.path().join("2024年台账.xlsx");
    write_last_years_sheet(&sheet);

    let driver = Driver::start(&db, Some(&answers));
    let client = driver.session().await;
    click(&client, "[data-testid=nav-tasks]").await;
    wait_total(&client, 0, "an empty ledger this year").await;

    // The check: the title's year, and the two unit names the organisation lacks.
    answers.answer(&[&sheet]);
    click(&client, "[data-testid=task-import]").await;
    wait_visible(&client, "[data-testid=import-dialog]").await;
    answers.answer(&[]);
    let note =
        wait_text(&client, "[data-testid=import-year-note]", "the year the title names", |t| !t.is_empty()).await;
    assert!(note.contains(LAST_YEARS_TITLE) && note.contains("写明 2024年"), "{note}");
    let units = eventually(Some(&client), "the unknown units listed", || async {
        table_rows(&client, "[data-testid=import-units]").await.filter(|r| r.len() == 2)
    })
    .await;
    assert_eq!((units[0][0].as_str(), units[0][1].as_str()), ("第一中队", "2"), "{units:?}");
    assert_eq!((units[1][0].as_str(), units[1][1].as_str()), ("城东生态环境保护所", "1"), "{units:?}");
    assert!(units[1][2].contains("添加为所（建议）"), "{units:?}");

    // 城东所 added as a 所; 第一中队 mapped to 第一执法中队.
    click(&client, "[data-testid='import-unit-城东生态环境保护所-生态环境保护所']").await;
    click(&client, "[data-testid='import-unit-第一中队-map']").await;
    click(&client, "[data-testid='import-unit-第一中队-target'] .el-select__wrapper").await;
    click(&client, "[data-testid='import-unit-target-第一执法中队']").await;
    wait_text(&client, "[data-testid=import-units-note]", "every unit decided", |t| t.contains("单位已全部处理")).await;
    let summary = wait_text(&client, "[data-testid=import-summary]", "three rows ready", |t| {
        t.contains("有错误的行0") || t.contains("有错误的行 0")
    })
    .await;
    assert!(summary.contains("未写入"), "{summary}");
    click(&client, "[data-testid=import-commit]").await;
    wait_hidden(&client, "[data-testid=import-dialog]").await;

    // The app shows 2024, where the rows went.
    wait_text(&client, "[data-testid=year-select]", "the header to switch to 2024", |t| t.contains("2024年")).await;
    wait_total(&client, 3, "three tasks in 2024").await;

    // The audit trail says it in Chinese.
    click(&client, "[data-testid=nav-audit]").await;
    let rows = eventually(Some(&client), "the import in the audit trail", || async {
        table_rows(&client, "[data-testid=audit-table]").await.filter(|r| !r.is_empty())
    })
    .await;
    assert!(rows[0].iter().any(|c| c.starts_with("导入：重点任务（文件“2024年台账.xlsx”：新增 3")), "{rows:?}");
    assert!(rows[0].iter().any(|c| c == "导入"), "{rows:?}");

    // The organisation page shows the new 所 and the remembered name.
    click(&client, "[data-testid=nav-units]").await;
    wait_visible(&client, "[data-testid='unit-alias-第一中队']").await;
    client.close().await.expect("end the WebDriver session");
    drop(driver);

    let tasks = ledgerctl_json(&db, &["task", "list", "--json"]);
    let tasks = tasks.as_array().expect("a JSON array");
    assert_eq!(tasks.len(), 3);
    assert!(tasks.iter().all(|t| t["year"] == 2024), "{tasks:?}");
    let unit_of = |detail: &str| tasks.iter().find(|t| t["detail"] == detail).map(|t| t["unit_name"].clone());
    assert_eq!(unit_of("端到端：第一中队开展队列训练"), Some(serde_json::json!("第一执法中队")));
    assert_eq!(unit_of("端到端：城东所完成场所标识更换"), Some(serde_json::json!("城东生态环境保护所")));
    let first = tasks.iter().find(|t| t["detail"] == "端到端：第一中队完成执法记录仪配发").unwrap();
    assert_eq!(first["due_date"], "2024-07-31");
    let units = ledgerctl_json(&db, &["unit", "list", "--json"]);
    let east = units.as_array().unwrap().iter().find(|u| u["name"] == "城东生态环境保护所").expect("the new 所");
    assert_eq!(east["kind"], "生态环境保护所");
}

/// A 1366 × 768 screen, as many office PCs have, and a netbook's 1024 × 600, smaller than the
/// window's minimum (1024 × 640): the window (1320 × 840 where there is room) fits each instead of
/// running past its bottom.
#[tokio::test(flavor = "multi_thread")]
async fn on_a_small_screen_the_window_fits_it() {
    require_display();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = demo_branch(dir.path(), "5");
    for (width, height) in [(1366, 768), (1024, 600)] {
        let screen = Screen::start(width, height);
        let driver = Driver::start_on(&db, None, Some(&screen));
        let client = driver.session().await;
        wait_for(&client, "[data-testid=nav-tasks]").await;
        let fit = client
            .execute(
                "return [window.screenY + window.outerHeight, screen.availHeight, window.screenX + window.outerWidth,
                         screen.availWidth];",
                vec![],
            )
            .await
            .unwrap();
        let [bottom, screen_height, right, screen_width] = serde_json::from_value::<[f64; 4]>(fit.clone()).unwrap();
        assert_eq!(screen_height, f64::from(height), "{fit}");
        assert!(bottom <= screen_height && right <= screen_width, "the window runs past the screen: {fit}");
        client.close().await.expect("end the WebDriver session");
    }
}

/// Every page of a branch's own ledgers, and the detail pages of a person and of an item of
/// equipment, opens with its data and no error message (a demo branch: every ledger has records).
#[tokio::test(flavor = "multi_thread")]
async fn every_ledger_page_opens_without_an_error() {
    require_display();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = demo_branch(dir.path(), "7");

    let driver = Driver::start(&db, None);
    let client = driver.session().await;
    wait_for(&client, "[data-testid=nav-tasks]").await;
    let mut pages: Vec<String> =
        LEDGER_PAGES.iter().chain(&["/exchange", "/backups", "/about"]).map(|p| p.to_string()).collect();
    let mut visited = Vec::new();
    while let Some(path) = pages.pop() {
        show_page(&client, &path).await;
        pages.extend(detail_page(&client, &path).await);
        assert_eq!(error_messages(&client).await, Vec::<String>::new(), "{path}");
        visited.push(path);
    }
    assert_eq!(visited.len(), LEDGER_PAGES.len() + 5, "{visited:?}");
}
