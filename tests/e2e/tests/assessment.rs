//! The year's self-assessment in the real app: the clerk scores an item by hand in the item
//! dialog, submits the assessment, the branch head signs it off, and the report is saved through
//! the save dialog as a PDF that real readers accept. `ledgerctl` must agree at every step.

mod common;

use chrono::Datelike;
use common::*;
use fantoccini::Client;

const BRANCH: &str = "枣庄市生态环境局滕州分局";
const RUBRIC: &str = "fujian-county-2022";
const SIGNER: &str = "李局长";

/// Every item of the rubric scored by `ledgerctl` at its full points, except 1.1.1, which the
/// clerk scores in the app; the efficiency evaluation at 90%.
fn score_all_but_one(db: &std::path::Path, year: &str) {
    let show = ledgerctl_json(db, &["assess", "show", "--rubric", RUBRIC, "--year", year, "--json"]);
    for item in show["items"].as_array().expect("items") {
        let id = item["id"].as_str().expect("id");
        if item["how"] != "unscored" || id == "1.1.1" || item["group"].as_str().is_some_and(|g| g.starts_with("附加项"))
        {
            continue;
        }
        let (flag, value) = if id == "13.1.1" {
            ("--percent", "90".to_string())
        } else {
            ("--score", item["max"].as_f64().expect("max").to_string())
        };
        ledgerctl(db, &["assess", "score", "--rubric", RUBRIC, "--year", year, "--item", id, flag, &value]);
    }
}

async fn status_is(client: &Client, want: &str) {
    wait_text(client, "[data-testid=assessment-status]", &format!("the status {want}"), |t| t.trim() == want).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_clerk_scores_by_hand_the_head_signs_off_and_the_report_is_saved() {
    require_display();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("ledger.sqlite3");
    let answers = DialogAnswers::new(dir.path().join("dialog-answers.txt"));
    // The header shows this year when no year has tasks (the shell's local date).
    let year = chrono::Local::now().year().to_string();
    ledgerctl(&db, &["init", "--branch-name", BRANCH]);
    ledgerctl(&db, &["staff", "add", "--name", "王喆", "--post", "一线执法", "--establishment", "在编"]);
    ledgerctl(&db, &["cert", "add", "--person", "王喆", "--kind", "行政执法证", "--number", "0370001"]);
    score_all_but_one(&db, &year);
    let report = dir.path().join("自评报告.pdf");

    let driver = Driver::start(&db, Some(&answers));
    let client = driver.session().await;

    // The assessment page: one item left, the computed ones explained.
    wait_for(&client, "[data-testid=nav-assessment]").await;
    click(&client, "[data-testid=nav-assessment]").await;
    wait_text(&client, "[data-testid=assessment-unscored]", "one item left to score", |t| t == "1").await;
    let f2 = text_of(&client, "[data-testid='item-score-6.4.2']").await.unwrap_or_default();
    assert_eq!(f2, "0.5", "王喆 holds a certificate: F2 = 1/1");

    // 1.1.1 scored by hand in its dialog, with a note.
    click(&client, "[data-testid='item-score-1.1.1']").await;
    wait_visible(&client, "[data-testid=item-dialog]").await;
    let score = wait_for(&client, "[data-testid=item-input-score] input").await;
    score.clear().await.expect("clear the score");
    score.send_keys("1").await.expect("type the score");
    let note = wait_for(&client, "[data-testid=item-input-note]").await;
    note.send_keys("党支部委员会健全，组织生活记录齐全").await.expect("type the note");
    click(&client, "[data-testid=item-save]").await;
    wait_text(&client, "[data-testid=item-how]", "the item scored by hand", |t| t.trim() == "手工评分").await;
    click(&client, "[data-testid=item-close]").await;
    wait_hidden(&client, "[data-testid=item-dialog]").await;
    wait_text(&client, "[data-testid=assessment-unscored]", "nothing left to score", |t| t == "0").await;
    let show = ledgerctl_json(&db, &["assess", "show", "--rubric", RUBRIC, "--year", &year, "--json"]);
    let item = show["items"].as_array().expect("items").iter().find(|i| i["id"] == "1.1.1").expect("1.1.1");
    assert_eq!((item["how"].as_str(), item["score"].as_f64()), (Some("manual"), Some(1.0)), "{item}");
    let total = show["total"].as_f64().expect("total");

    // Submitted, then signed off by the head: locked.
    click(&client, "[data-testid=assessment-submit]").await;
    status_is(&client, "已提交").await;
    click(&client, "[data-testid=assessment-sign]").await;
    let name = wait_visible(&client, ".el-message-box input").await;
    name.send_keys(SIGNER).await.expect("type the signer");
    click(&client, ".el-message-box__btns .el-button--primary").await;
    status_is(&client, "已签发").await;
    wait_text(&client, "[data-testid=assessment-signed]", "who signed it off", |t| t.contains(SIGNER)).await;
    let versions = ledgerctl(&db, &["assess", "versions", "--rubric", RUBRIC, "--year", &year]);
    assert!(versions.starts_with("第 1 版  已签发") && versions.contains(SIGNER), "{versions}");

    // The report, saved through the save dialog.
    click(&client, "[data-testid=assessment-report]").await;
    wait_visible(&client, "[data-testid=reports-assessment]").await;
    answers.answer(&[&report]);
    click(&client, "[data-testid=reports-assessment-pdf]").await;
    wait_text(&client, "[data-testid=reports-last]", "the saved report", |t| t.contains("页")).await;
    answers.answer(&[]);
    let pdf = std::fs::read(&report).expect("the report was written");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    let text = std::process::Command::new("pdftotext").arg(&report).arg("-").output().expect("run pdftotext");
    let text = String::from_utf8_lossy(&text.stdout).replace(char::is_whitespace, "");
    assert!(text.contains(&format!("关于{BRANCH}{year}年度规范化建设自评情况的报告")), "the title: {text}");
    let total = ledger_report_score(total);
    assert!(text.contains(&format!("总分为{total}分")), "the total {total}: {text}");
    assert!(!text.contains("草稿"), "a signed-off version is not marked as a draft");
}

/// A score as the report prints it: 88, 87.5.
fn ledger_report_score(v: f64) -> String {
    let s = format!("{:.2}", v);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
