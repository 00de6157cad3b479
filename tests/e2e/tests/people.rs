//! The people ledgers in the real app, as a clerk meets them: the roster imported through the
//! dialog (a title row, synonym headers, padded names, a unit written differently and mapped),
//! certificates imported the same way (a header in two rows, a signature row below the data), a
//! person and a certificate added in the UI — and the home page's figures following every
//! change. `ledgerctl figures --json` must agree. And a roster kept as a sheet per 中队, with no
//! unit column, imported sheet after sheet in one sitting of the dialog, and exported again with
//! a sheet per unit.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use fantoccini::Client;

const BRANCH: &str = "枣庄市生态环境局滕州分局";

fn write_sheet(path: &Path, rows: &[&[&str]]) {
    write_book(path, &[("Sheet1", rows)]);
}

/// A workbook of several named sheets.
fn write_book(path: &Path, sheets: &[(&str, &[&[&str]])]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    sheet.write_string(r as u32, c as u16, *v).unwrap();
                }
            }
        }
    }
    book.save(path).expect("write the workbook");
}

/// The ratio a home tile shows (`2 / 3`), once it is there.
async fn home_ratio(client: &Client, id: &str, want: &str) {
    let css = format!("[data-testid=home-figure-{id}] [data-testid=figure-ratio]");
    wait_text(client, &css, &format!("{id} to read {want} on the home page"), |t| t.trim() == want).await;
}

async fn go_home(client: &Client) {
    click(client, "[data-testid=nav-home]").await;
    wait_visible(client, "[data-testid=home-figures]").await;
}

/// A new branch with one unit, 第一执法中队, in a temporary folder: the folder, the database and
/// the file dialog's answers.
fn branch_with_first_squad() -> (tempfile::TempDir, PathBuf, DialogAnswers) {
    require_display();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("ledger.sqlite3");
    ledgerctl(&db, &["init", "--branch-name", BRANCH]);
    ledgerctl(&db, &["unit", "add", "--name", "第一执法中队", "--kind", "执法中队"]);
    let answers = DialogAnswers::new(dir.path().join("dialog-answers.txt"));
    (dir, db, answers)
}

/// On the page `nav` opens, start `button`'s import of `file`: the dialog shows its dry run.
async fn open_import(client: &Client, answers: &DialogAnswers, nav: &str, button: &str, file: &Path) {
    click(client, &format!("[data-testid={nav}]")).await;
    wait_visible(client, &format!("[data-testid={button}]")).await;
    answers.answer(&[file]);
    click(client, &format!("[data-testid={button}]")).await;
    wait_visible(client, "[data-testid=import-dialog]").await;
    answers.answer(&[]);
}

/// Wait for the roster page to count `n` people (`what` says why).
async fn wait_staff_total(client: &Client, n: &str, what: &str) {
    eventually(Some(client), what, || async {
        let el = client.find(fantoccini::Locator::Css("[data-testid=staff-total]")).await.ok()?;
        (el.attr("data-total").await.ok()?? == n).then_some(())
    })
    .await;
}

/// Choose `option` in the Element Plus select inside the form item `item`.
async fn choose(client: &Client, item: &str, option: &str) {
    click(client, &format!("[data-testid={item}] .el-select__wrapper")).await;
    click(client, &format!("[data-testid='{option}']")).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn roster_and_certificates_imported_a_person_added_and_the_figures_follow() {
    let (dir, db, answers) = branch_with_first_squad();

    // The roster as the office keeps it: a title, synonyms, a padded name, and 第一中队 for
    // 第一执法中队.
    let roster = dir.path().join("人员花名册.xlsx");
    write_sheet(
        &roster,
        &[
            &["滕州分局执法人员花名册（2024年）"],
            &["序号", "姓名", "性别", "单位", "岗位", "编制性质", "入职日期", "最高学历", "手机"],
            &["1", "王  磊", "男", "第一中队", "一线执法", "在编", "2015.3.1", "本科", "13905321234"],
            &["2", "李堃", "男", "第一中队", "一线执法", "在编", "2016年5月8日", "硕士", ""],
            &["3", "张玥", "女", BRANCH, "一线执法", "在编", "2012/9/1", "专科", ""],
        ],
    );
    // The certificates under a header in two rows (执法证件 over its columns), signed below.
    let certificates = dir.path().join("执法证件.xlsx");
    write_sheet(
        &certificates,
        &[
            &["姓名", "执法证件", "", "", "", "", "状态"],
            &["", "证件类型", "证号", "发证机关", "发证日期", "有效期至", ""],
            &["王磊", "行政执法证", "0370001", "山东省人民政府", "2021-01-01", "2030-12-31", "有效"],
            &["李堃", "行政执法证", "0370002", "山东省人民政府", "2021-01-01", "2030-12-31", ""],
            &["填表人：张三", "", "审核人：李四"],
        ],
    );

    let driver = Driver::start(&db, Some(&answers));
    let client = driver.session().await;

    // Nobody on the roster yet: F1 is not applicable.
    go_home(&client).await;
    wait_text(&client, "[data-testid=home-figure-F1] [data-testid=figure-value]", "F1 不适用", |t| {
        t.contains("不适用")
    })
    .await;

    // The roster through the import dialog: 第一中队 mapped to 第一执法中队.
    open_import(&client, &answers, "nav-staff", "staff-import", &roster).await;
    wait_visible(&client, "[data-testid=import-units]").await;
    click(&client, "[data-testid='import-unit-第一中队-map']").await;
    click(&client, "[data-testid='import-unit-第一中队-target'] .el-select__wrapper").await;
    click(&client, "[data-testid='import-unit-target-第一执法中队']").await;
    wait_text(&client, "[data-testid=import-units-note]", "the unit decided", |t| t.contains("单位已全部处理")).await;
    click(&client, "[data-testid=import-commit]").await;
    wait_hidden(&client, "[data-testid=import-dialog]").await;
    wait_staff_total(&client, "3", "three people on the roster").await;

    // The certificates through the import dialog.
    open_import(&client, &answers, "nav-certificates", "cert-import", &certificates).await;
    wait_text(&client, "[data-testid=import-set-aside]", "the signature row set aside", |t| {
        t.contains("第 5 行“填表人：张三 审核人：李四”")
    })
    .await;
    click(&client, "[data-testid=import-commit]").await;
    wait_hidden(&client, "[data-testid=import-dialog]").await;

    // Two of three 在编 front-line people hold a 行政执法证.
    go_home(&client).await;
    home_ratio(&client, "F1", "2 / 3").await;
    // Their names, asked for when the tile is opened (the page's figures come without them).
    click(&client, "[data-testid=home-figure-F1]").await;
    wait_text(&client, "[data-testid=figure-names-numerator]", "the names behind F1", |t| {
        t.contains("王磊") && t.contains("李堃") && !t.contains("张玥")
    })
    .await;
    click(&client, "[data-testid=figure-names-close]").await;
    wait_hidden(&client, "[data-testid=figure-names-dialog]").await;

    // A new person, added in the form.
    click(&client, "[data-testid=nav-staff]").await;
    click(&client, "[data-testid=staff-new]").await;
    let name = wait_for(&client, "[data-testid=staff-form-name] input").await;
    name.send_keys("王喆").await.expect("type the name");
    choose(&client, "staff-form-unit", "staff-form-unit-第一执法中队").await;
    choose(&client, "staff-form-post", "staff-form-post-一线执法").await;
    choose(&client, "staff-form-establishment", "staff-form-establishment-在编").await;
    click(&client, "[data-testid=staff-form-save]").await;
    wait_hidden(&client, "[data-testid=staff-form-dialog]").await;
    go_home(&client).await;
    home_ratio(&client, "F1", "2 / 4").await;

    // Their certificate, added on their page.
    click(&client, "[data-testid=nav-staff]").await;
    let search = wait_for(&client, "[data-testid=staff-search] input").await;
    search.send_keys("王喆").await.expect("search the roster");
    wait_staff_total(&client, "1", "the roster narrowed to 王喆").await;
    click(&client, "[data-testid=staff-name]").await;
    wait_text(&client, "[data-testid=person-name]", "王喆's page", |t| t == "王喆").await;
    click(&client, "[data-testid=cert-new]").await;
    choose(&client, "cert-form-kind", "cert-form-kind-行政执法证").await;
    let number = wait_for(&client, "[data-testid=cert-form-number] input").await;
    number.send_keys("0370003").await.expect("type the number");
    click(&client, "[data-testid=cert-form-save]").await;
    wait_hidden(&client, "[data-testid=cert-form-dialog]").await;
    go_home(&client).await;
    home_ratio(&client, "F1", "3 / 4").await;
    client.close().await.expect("end the WebDriver session");
    drop(driver);

    // ledgerctl sees the same.
    let figures = ledgerctl_json(&db, &["figures", "--json"]);
    let f1 = figures.as_array().unwrap().iter().find(|f| f["id"] == "F1").expect("F1");
    assert_eq!(
        (&f1["numerator"], &f1["denominator"], &f1["pass"]),
        (&serde_json::json!(3), &serde_json::json!(4), &serde_json::json!(false))
    );
    let staff = ledgerctl_json(&db, &["staff", "list", "--json"]);
    let mut names: Vec<&str> = staff.as_array().unwrap().iter().filter_map(|s| s["name"].as_str()).collect();
    names.sort();
    assert_eq!(names, ["张玥", "李堃", "王喆", "王磊"]);
    let wang = staff.as_array().unwrap().iter().find(|s| s["name"] == "王磊").unwrap();
    assert_eq!(
        (&wang["unit_name"], &wang["arrived_on"], &wang["education"]),
        (&serde_json::json!("第一执法中队"), &serde_json::json!("2015-03-01"), &serde_json::json!("本科"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_roster_kept_as_a_sheet_per_unit_is_imported_sheet_after_sheet_and_exported_the_same_way() {
    let (dir, db, answers) = branch_with_first_squad();
    // One sheet per 中队, each named for it, and no 所在单位 column.
    let roster = dir.path().join("各中队花名册.xlsx");
    let header: &[&str] = &["序号", "姓名", "岗位", "编制性质"];
    write_book(
        &roster,
        &[
            ("第一执法中队", &[header, &["1", "王磊", "一线执法", "在编"], &["2", "李堃", "一线执法", "在编"]]),
            ("第二执法中队", &[header, &["1", "张玥", "一线执法", "在编"]]),
        ],
    );
    let driver = Driver::start(&db, Some(&answers));
    let client = driver.session().await;

    open_import(&client, &answers, "nav-staff", "staff-import", &roster).await;
    wait_text(&client, "[data-testid=import-sheet-name-note]", "the unit taken from the sheet's name", |t| {
        t.contains("表中没有“所在单位”列，按工作表名称填为“第一执法中队”")
    })
    .await;
    click(&client, "[data-testid=import-commit]").await;

    // The dialog goes on to the second sheet, whose 中队 the organisation lacks: added as one.
    wait_text(&client, "[data-testid=import-done-note]", "the first sheet imported", |t| {
        t.contains("已导入工作表“第一执法中队”：新增 2 行")
    })
    .await;
    wait_text(&client, "[data-testid=import-sheet-name-note]", "the second sheet checked", |t| {
        t.contains("按工作表名称填为“第二执法中队”")
    })
    .await;
    click(&client, "[data-testid='import-unit-第二执法中队-执法中队']").await;
    wait_text(&client, "[data-testid=import-units-note]", "the unit decided", |t| t.contains("单位已全部处理")).await;
    click(&client, "[data-testid=import-commit]").await;
    wait_hidden(&client, "[data-testid=import-dialog]").await;
    wait_staff_total(&client, "3", "three people on the roster").await;

    // The roster handed back to the 中队, a sheet each, as it came.
    let by_unit = dir.path().join("各中队花名册（导出）.xlsx");
    answers.answer(&[&by_unit]);
    click(&client, "[data-testid=staff-export-by-unit]").await;
    let said = format!("已导出 3 人到 {}（按单位分为 2 个工作表）", by_unit.display());
    eventually(Some(&client), "the export's success message", || async {
        for m in client.find_all(fantoccini::Locator::Css(".el-message--success")).await.ok()? {
            if m.text().await.ok()?.contains(&said) {
                return Some(());
            }
        }
        None
    })
    .await;
    answers.answer(&[]);
    let book = calamine::open_workbook_auto(&by_unit).expect("open the exported workbook");
    let mut sheets = calamine::Reader::sheet_names(&book);
    sheets.sort();
    assert_eq!(sheets, ["第一执法中队", "第二执法中队"]);

    let staff = ledgerctl_json(&db, &["staff", "list", "--json"]);
    let mut units: Vec<(String, String)> = staff
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| (s["name"].as_str().unwrap().to_string(), s["unit_name"].as_str().unwrap().to_string()))
        .collect();
    units.sort();
    assert_eq!(
        units,
        [("张玥", "第二执法中队"), ("李堃", "第一执法中队"), ("王磊", "第一执法中队")]
            .map(|(n, u)| (n.to_string(), u.to_string())),
        "each person in the unit their sheet is named for"
    );
    client.close().await.expect("end the WebDriver session");
    drop(driver);
}
