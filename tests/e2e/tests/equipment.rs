//! The equipment inventory in the real app: a recorder registered through the form (its
//! custodian picked from the roster, wireless video on), checked out in two clicks, and the
//! coverage page's mark for 执法记录仪 and its E4 following; the home page's count of what is
//! overdue, and 到期提醒 listing it. `ledgerctl` must agree. 到期提醒's calendar: a day picked
//! lists only that day's items, and work recorded by `ledgerctl` meanwhile shows on 刷新.

mod common;

use common::*;
use fantoccini::{Client, Locator};

const BRANCH: &str = "枣庄市生态环境局滕州分局";

/// The value of attribute `attr` of `css`, once it equals `want`.
async fn wait_attr(client: &Client, css: &str, attr: &str, want: &str) {
    eventually(Some(client), &format!("{css} to have {attr}={want}"), || async {
        let el = client.find(Locator::Css(css)).await.ok()?;
        (el.attr(attr).await.ok()?? == want).then_some(())
    })
    .await;
}

async fn open_coverage(client: &Client) {
    click(client, "[data-testid=nav-coverage]").await;
    wait_visible(client, "[data-testid=coverage-e4]").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_recorder_registered_and_checked_out_changes_coverage_and_e4() {
    require_display();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("ledger.sqlite3");
    ledgerctl(&db, &["init", "--branch-name", BRANCH]);
    ledgerctl(&db, &["staff", "add", "--name", "王喆", "--post", "一线执法", "--establishment", "在编"]);
    ledgerctl(&db, &["cert", "add", "--person", "王喆", "--kind", "行政执法证", "--number", "0370001"]);
    ledgerctl(
        &db,
        &[
            "equipment",
            "add",
            "--asset-no",
            "ZD-001",
            "--name",
            "移动执法终端",
            "--standard",
            "移动执法终端",
            "--custodian",
            "王喆",
        ],
    );

    // Its yearly inspection, never done since 2020: overdue.
    ledgerctl(
        &db,
        &[
            "equipment",
            "schedule",
            "add",
            "--item",
            "ZD-001",
            "--kind",
            "检查",
            "--every",
            "12",
            "--start",
            "2020-01-01",
        ],
    );

    let driver = Driver::start(&db, None);
    let client = driver.session().await;

    // The home page counts it (it asks for the counts, not the list).
    wait_text(&client, "[data-testid=home-equipment-overdue] .tile-value", "one overdue on the home page", |t| {
        t.trim() == "1 项"
    })
    .await;
    wait_text(&client, "[data-testid=home-equipment-due] .tile-value", "none due soon", |t| t.trim() == "0 项").await;

    // The tile opens 到期提醒: the inspection listed among the overdue, counted by band.
    click(&client, "[data-testid=home-equipment-overdue]").await;
    wait_attr(&client, "[data-testid=due-count-已逾期]", "data-count", "1").await;
    wait_text(&client, "[data-testid=due-group-overdue] [data-testid=due-asset]", "the overdue inspection", |t| {
        t.trim() == "ZD-001"
    })
    .await;
    wait_text(&client, "[data-testid=due-group-overdue] [data-testid=due-what]", "an inspection", |t| {
        t.trim() == "检查"
    })
    .await;

    // No recorder yet: the coverage page marks it missing, and E4 is 0 of 1.
    wait_for(&client, "[data-testid=nav-coverage]").await;
    open_coverage(&client).await;
    wait_attr(&client, "[data-testid='coverage-item-执法记录仪']", "data-missing", "1").await;
    wait_text(&client, "[data-testid=coverage-e4-ratio]", "E4 at 0 / 1", |t| t.trim() == "0 / 1 人").await;

    // The recorder, registered in the form.
    click(&client, "[data-testid=nav-equipment]").await;
    click(&client, "[data-testid=equipment-new]").await;
    let asset = wait_for(&client, "[data-testid=equipment-form-asset-no] input").await;
    asset.send_keys("JL-001").await.expect("type the asset number");
    let name = wait_for(&client, "[data-testid=equipment-form-name] input").await;
    name.send_keys("执法记录仪").await.expect("type the name");
    click(&client, "[data-testid=equipment-form-standard] .el-select__wrapper").await;
    click(&client, "[data-testid='equipment-form-standard-执法记录仪']").await;
    click(&client, "[data-testid=equipment-form-custodian] .el-select__wrapper").await;
    click(&client, "[data-testid='person-option-王喆']").await;
    click(&client, "[data-testid=equipment-form-wireless]").await;
    click(&client, "[data-testid=equipment-form-save]").await;
    wait_hidden(&client, "[data-testid=equipment-form-dialog]").await;
    wait_attr(&client, "[data-testid=equipment-total]", "data-total", "2").await;

    // Checked out in two clicks: 领用, the person, save.
    click(&client, "[data-testid=equipment-checkout][data-asset-no='JL-001']").await;
    wait_visible(&client, "[data-testid=checkout-dialog]").await;
    click(&client, "[data-testid=checkout-person] .el-select__wrapper").await;
    click(&client, "[data-testid='person-option-王喆']").await;
    click(&client, "[data-testid=checkout-save]").await;
    wait_hidden(&client, "[data-testid=checkout-dialog]").await;
    eventually(Some(&client), "the row to show the recorder out", || async {
        let html = client.source().await.ok()?;
        html.contains("王喆").then_some(())
    })
    .await;

    // The gap is closed and E4 is 1 of 1 (3 points).
    open_coverage(&client).await;
    wait_attr(&client, "[data-testid='coverage-item-执法记录仪']", "data-missing", "0").await;
    wait_text(&client, "[data-testid=coverage-e4-ratio]", "E4 at 1 / 1", |t| t.trim() == "1 / 1 人").await;
    wait_text(&client, "[data-testid=coverage-e4-points]", "E4 worth 3 points", |t| t.trim() == "3 分").await;
    client.close().await.expect("end the WebDriver session");
    drop(driver);

    let out = ledgerctl_json(&db, &["equipment", "list", "--out", "--json"]);
    let items = out.as_array().expect("a JSON array");
    assert_eq!(items.len(), 1, "{out}");
    assert_eq!(
        (&items[0]["asset_no"], &items[0]["checked_out_to"]),
        (&serde_json::json!("JL-001"), &serde_json::json!("王喆"))
    );
    assert_eq!(items[0]["wireless_video"], true);
    let figures = ledgerctl_json(&db, &["figures", "--json"]);
    let e4 = figures.as_array().unwrap().iter().find(|f| f["id"] == "E4").expect("E4");
    assert_eq!(
        (&e4["numerator"], &e4["denominator"], &e4["points"]),
        (&serde_json::json!(1), &serde_json::json!(1), &serde_json::json!(3.0))
    );
}

/// The asset numbers 到期提醒 lists, once they are `want`.
async fn wait_assets(client: &Client, want: &[&str]) {
    eventually(Some(client), &format!("到期提醒 to list {want:?}"), || async {
        let mut listed = Vec::new();
        for el in client.find_all(Locator::Css("[data-testid=due-asset]")).await.ok()? {
            listed.push(el.text().await.ok()?.trim().to_string());
        }
        listed.sort();
        (listed == want).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_day_picked_on_the_due_calendar_lists_that_days_work_and_follows_a_calibration() {
    require_display();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("ledger.sqlite3");
    ledgerctl(&db, &["init", "--branch-name", BRANCH]);
    // Three flow meters calibrated yearly: two due today, one about a week later. (On 29 February
    // no date a year back falls due today: then monthly.)
    let today = chrono::Local::now().date_naive();
    let every = [12, 1]
        .into_iter()
        .find(|&m| today - chrono::Months::new(m) + chrono::Months::new(m) == today)
        .expect("a month or a year back falls due today");
    let back =
        |days: u64| (today - chrono::Months::new(every) + chrono::Days::new(days)).format("%Y-%m-%d").to_string();
    let every = every.to_string();
    for (asset, start) in [("LL-001", back(0)), ("LL-002", back(0)), ("LL-003", back(7))] {
        ledgerctl(&db, &["equipment", "add", "--asset-no", asset, "--name", "流量计"]);
        ledgerctl(
            &db,
            &[
                "equipment",
                "schedule",
                "add",
                "--item",
                asset,
                "--kind",
                "校准检定",
                "--every",
                &every,
                "--start",
                &start,
            ],
        );
    }

    let driver = Driver::start(&db, None);
    let client = driver.session().await;
    wait_for(&client, "[data-testid=nav-tasks]").await;
    show_page(&client, "/equipment/due").await;
    let day = format!("[data-testid=due-day-{}]", today.format("%Y-%m-%d"));
    wait_attr(&client, &day, "data-count", "2").await;
    wait_assets(&client, &["LL-001", "LL-002", "LL-003"]).await;

    // Today, picked on the calendar: its two; 显示全部: the three again.
    click(&client, &day).await;
    wait_assets(&client, &["LL-001", "LL-002"]).await;
    click(&client, "[data-testid=due-show-all]").await;
    wait_assets(&client, &["LL-001", "LL-002", "LL-003"]).await;

    // LL-001 calibrated through ledgerctl while the page is open: 刷新 shows it done.
    ledgerctl(&db, &["equipment", "maintain", "LL-001", "--kind", "校准检定", "--result", "合格"]);
    click(&client, "[data-testid=due-refresh]").await;
    wait_attr(&client, &day, "data-count", "1").await;
    click(&client, &day).await;
    wait_assets(&client, &["LL-002"]).await;
    client.close().await.expect("end the WebDriver session");
}
