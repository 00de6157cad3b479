//! Bundles in the real app: a branch clerk exports the branch's bundle to a folder (the USB stick)
//! from the 数据上报 page, and `ledgerctl verify` accepts it; a city reviewer imports two branches'
//! bundles (registering them after comparing fingerprints), sees them side by side, opens one
//! branch's ledgers read-only and comes back — and a truncated bundle is refused with its reason
//! and nothing imported. Read-only means it: on every ledger page of a branch viewed, and in the
//! drawers and dialogs its rows open, no control that would change the records is shown (and
//! every page, the city bureau's own included, opens without an error).

mod common;

use std::path::{Path, PathBuf};

use common::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_clerk_exports_the_branch_bundle_to_a_stick() {
    require_display();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = demo_branch(dir.path(), "11");
    let stick = dir.path().join("U盘");
    std::fs::create_dir(&stick).unwrap();
    let answers = DialogAnswers::new(dir.path().join("dialog-answers.txt"));
    let fingerprint = ledgerctl_json(&db, &["key", "show", "--json"])["fingerprint"].as_str().unwrap().to_string();

    let driver = Driver::start(&db, Some(&answers));
    let client = driver.session().await;
    wait_for(&client, "[data-testid=nav-exchange]").await;
    click(&client, "[data-testid=nav-exchange]").await;
    wait_text(&client, "[data-testid=key-fingerprint]", "the key fingerprint", |t| t.contains(&fingerprint)).await;

    answers.answer(&[&stick]);
    click(&client, "[data-testid=export-bundle]").await;
    let said =
        wait_text(&client, "[data-testid=export-result]", "the export's result", |t| t.contains("第 1 号")).await;
    assert!(said.contains("完整"), "{said}");
    let files: Vec<PathBuf> = std::fs::read_dir(&stick).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "one file on the stick, no temporary left: {files:?}");
    let bundle = &files[0];
    assert!(bundle.file_name().unwrap().to_string_lossy().ends_with("-0001.zip"));
    let v = ledgerctl_json(&db, &["verify", bundle.to_str().unwrap(), "--json"]);
    assert_eq!(v["ok"], true, "{v}");
    let file_name = bundle.file_name().unwrap().to_string_lossy().into_owned();
    wait_text(&client, "[data-testid=exports-table]", "the export in the list", |t| t.contains(&file_name)).await;
    assert_eq!(ledgerctl_json(&db, &["info", "--json"])["fingerprint"], fingerprint.as_str());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_city_reviewer_imports_two_branches_and_compares_them() {
    require_display();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut bundles = Vec::new();
    for seed in ["21", "22"] {
        let bdir = dir.path().join(format!("branch-{seed}"));
        std::fs::create_dir(&bdir).unwrap();
        let db = demo_branch(&bdir, seed);
        let out = ledgerctl(&db, &["export", "--out", bdir.to_str().unwrap(), "--builtin-fonts"]);
        bundles.push(PathBuf::from(out.trim()));
    }
    let truncated = dir.path().join("truncated.zip");
    let bytes = std::fs::read(&bundles[0]).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let city = dir.path().join("city.sqlite3");
    ledgerctl(&city, &["city", "init", "--name", "枣庄市生态环境局"]);
    let answers = DialogAnswers::new(dir.path().join("dialog-answers.txt"));

    let driver = Driver::start(&city, Some(&answers));
    let client = driver.session().await;
    wait_for(&client, "[data-testid=nav-city]").await;

    // A truncated bundle among good ones: refused with its reason, nothing imported.
    answers.answer(&[&bundles[0], &truncated]);
    click(&client, "[data-testid=city-import]").await;
    wait_text(&client, "[data-testid=import-dialog]", "the refusal", |t| t.contains("不完整")).await;
    let disabled = wait_for(&client, "[data-testid=confirm-import]").await.attr("disabled").await.unwrap();
    assert!(disabled.is_some(), "import must be disabled when a bundle is refused");
    client
        .execute("document.querySelector('[data-testid=import-dialog] .el-dialog__headerbtn')?.click()", vec![])
        .await
        .ok();
    wait_hidden(&client, "[data-testid=import-dialog]").await;
    assert!(ledgerctl_json(&city, &["city", "status", "--json"]).as_array().unwrap().is_empty());

    // Both good bundles: new branches, registered once the reviewer confirms the fingerprints.
    let refs: Vec<&Path> = bundles.iter().map(PathBuf::as_path).collect();
    answers.answer(&refs);
    click(&client, "[data-testid=city-import]").await;
    wait_text(&client, "[data-testid=import-dialog]", "the bundles checked", |t| t.contains("尚未登记")).await;
    click(&client, "[data-testid=confirm-register]").await;
    click(&client, "[data-testid=confirm-import]").await;
    let status = eventually(Some(&client), "two branches imported", || async {
        let s = ledgerctl_json(&city, &["city", "status", "--json"]);
        (s.as_array().map(Vec::len) == Some(2)).then_some(s)
    })
    .await;
    let name = status[0]["name"].as_str().unwrap().to_string();
    wait_text(&client, "[data-testid=city-table]", "the branches side by side", |t| {
        t.contains(&name) && t.contains("第 1 号")
    })
    .await;

    // One branch's ledgers, read-only, and back.
    click(&client, "[data-testid=close-import]").await;
    wait_hidden(&client, "[data-testid=import-dialog]").await;
    click(&client, "[data-testid=view-branch]").await;
    // The branch's home page: until the app is there, a click on the menu would be overtaken.
    wait_page(&client, "/").await;
    wait_for(&client, "[data-testid=close-branch-view]").await;
    click(&client, "[data-testid=nav-tasks]").await;
    wait_total(&client, 29, "the branch's 29 tasks").await;
    click(&client, "[data-testid=close-branch-view]").await;
    wait_for(&client, "[data-testid=city-table]").await;
}

/// How the label of a control that would change a ledger begins: 新增装备, 编辑, 导入Excel,
/// 上传扫描件… (a filter such as 含已报废 only begins otherwise).
const WRITE_WORDS: &[&str] = &[
    "新增", "新建", "添加", "编辑", "修改", "删除", "导入", "保存", "登记", "发放", "领用", "归还", "调拨", "报废",
    "评分", "提交", "签发", "修订", "上传", "录入", "撤销", "应用",
];

/// Everything shown in the window that a person could click or type into — buttons, links,
/// switches, inputs, in the page and in any drawer or dialog open over it — as a list of
/// `words [testid of the nearest element that has one]`.
const CONTROLS_JS: &str = r#"
const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
const words = (e) => (e.innerText || e.value || e.placeholder || e.getAttribute('aria-label') || '')
  .trim().replace(/\s+/g, ' ').slice(0, 40);
return [...document.querySelectorAll('button, a, [role=button], .el-switch, .el-upload, input, textarea')]
  .filter(shown)
  .map((e) => `${words(e)} [${e.closest('[data-testid]')?.dataset.testid ?? ''}]`);
"#;

/// The controls shown whose short label (a button's, not a tile's sentence) names a change, or
/// offers to score (进入自评打分).
async fn write_controls(client: &fantoccini::Client) -> Vec<String> {
    let controls = client.execute(CONTROLS_JS, vec![]).await.expect("the controls shown");
    let controls: Vec<String> = serde_json::from_value(controls).expect("a list of labels");
    controls
        .into_iter()
        .filter(|c| {
            let label = c.split(" [").next().unwrap_or_default();
            label.chars().count() <= 10 && (WRITE_WORDS.iter().any(|w| label.starts_with(w)) || label.contains("打分"))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_city_reviewer_viewing_a_branch_sees_no_control_that_would_change_it() {
    require_display();
    let dir = tempfile::tempdir().expect("temp dir");
    let bdir = dir.path().join("branch");
    std::fs::create_dir(&bdir).unwrap();
    let branch = demo_branch(&bdir, "31");
    let bundle = ledgerctl(&branch, &["export", "--out", bdir.to_str().unwrap(), "--builtin-fonts"]);
    let city = dir.path().join("city.sqlite3");
    ledgerctl(&city, &["city", "init", "--name", "枣庄市生态环境局"]);
    ledgerctl(&city, &["city", "import", "--register", bundle.trim()]);

    let driver = Driver::start(&city, None);
    let client = driver.session().await;
    // The city bureau's own pages open cleanly too.
    wait_for(&client, "[data-testid=nav-city]").await;
    for path in ["/city/template", "/audit", "/backups", "/about", "/city"] {
        show_page(&client, path).await;
        assert_eq!(error_messages(&client).await, Vec::<String>::new(), "{path}");
    }
    click(&client, "[data-testid=view-branch]").await;
    // The branch's home page first: a page asked for before the app is there would be overtaken.
    wait_page(&client, "/").await;
    wait_for(&client, "[data-testid=close-branch-view]").await;

    // Every ledger page; then the detail pages of a person and of an item of equipment, reached
    // through the lists' links. On some, the drawer or dialog a row opens is looked at too.
    let mut pages: Vec<String> = LEDGER_PAGES.iter().map(|p| p.to_string()).collect();
    let opens = [
        ("/tasks", "[data-testid=task-detail-open]"),
        ("/certificates", "[data-testid=cert-reviews-open]"),
        ("/training", "[data-testid=training-detail-open]"),
        ("/assessment", "[data-testid^=item-score-]"),
    ];
    let mut found = Vec::new();
    let mut visited = 0;
    while let Some(path) = pages.pop() {
        show_page(&client, &path).await;
        assert_eq!(error_messages(&client).await, Vec::<String>::new(), "{path}");
        visited += 1;
        found.extend(write_controls(&client).await.into_iter().map(|c| format!("{path}: {c}")));
        pages.extend(detail_page(&client, &path).await);
        if let Some((_, opener)) = opens.iter().find(|(p, _)| *p == path) {
            click(&client, opener).await;
            wait_visible(&client, ".el-drawer, .el-dialog").await;
            wait_loaded(&client, "the drawer or dialog to show its data").await;
            found.extend(write_controls(&client).await.into_iter().map(|c| format!("{path}, opened: {c}")));
        }
    }
    assert_eq!(visited, LEDGER_PAGES.len() + 2, "every ledger page and both detail pages");
    assert!(
        found.is_empty(),
        "controls that would change the branch's records, shown read-only:\n{}",
        found.join("\n")
    );
}
