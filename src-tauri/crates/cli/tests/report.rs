//! `ledgerctl report`: the printed ledgers, the self-assessment report and the font plan, as a
//! clerk runs them. The PDFs' content is checked in ledger-report's own tests with real readers;
//! here, that the commands write a PDF, say so, and refuse what they should.

mod common;

use common::*;

fn is_pdf(path: &std::path::Path) -> bool {
    std::fs::read(path).map(|b| b.starts_with(b"%PDF-") && b.len() > 1000).unwrap_or(false)
}

#[test]
fn every_ledger_prints_to_a_pdf() {
    let env = initialised();
    ok(&env.db, &["template", "apply", "--year", "2024"]);
    ok(&env.db, &["staff", "add", "--name", "王喆", "--post", "一线执法", "--establishment", "在编"]);
    for ledger in ["tasks", "staff", "certificates", "training", "equipment"] {
        let out = env.path(&format!("{ledger}.pdf"));
        let said = ok(
            &env.db,
            &[
                "report",
                "ledger",
                "--ledger",
                ledger,
                "--out",
                out.to_str().unwrap(),
                "--date",
                "2024-08-15",
                "--builtin-fonts",
            ],
        );
        assert!(said.contains("已生成") && said.contains("页"), "{said}");
        assert!(is_pdf(&out), "{ledger}: not a PDF");
    }
    // The 29 tasks of the 2024 template run over more than one page.
    let said = ok(
        &env.db,
        &[
            "report",
            "ledger",
            "--ledger",
            "tasks",
            "--out",
            env.path("t.pdf").to_str().unwrap(),
            "--date",
            "2024-08-15",
        ],
    );
    assert!(!said.contains("（1 页"), "{said}");
}

#[test]
fn the_font_plan_has_a_line_per_element() {
    let env = initialised();
    let out = ok(&env.db, &["report", "fonts", "--builtin-fonts"]);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "标题：Noto Sans SC（内置）",
            "一级标题：Noto Sans SC（内置）",
            "二级标题：Noto Sans SC（内置）",
            "正文：Noto Serif SC（内置）",
            "页码：Noto Serif SC（内置）"
        ]
    );
    let plan = json(&env.db, &["report", "fonts", "--json"]);
    assert_eq!(plan["choices"].as_array().unwrap().len(), 5);
}

#[test]
fn a_report_to_a_missing_folder_is_refused_in_chinese() {
    let env = initialised();
    let out = env.path("无此文件夹/台账.pdf");
    let (code, err) = fail(&env.db, &["report", "ledger", "--ledger", "staff", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("所在文件夹不存在"), "{err}");
}

#[test]
fn the_self_assessment_report_is_written_for_the_years_assessment() {
    let env = initialised();
    let out = env.path("自评报告.pdf");
    let said = ok(
        &env.db,
        &[
            "report",
            "self-assessment",
            "--rubric",
            "fujian-county-2022",
            "--year",
            "2024",
            "--out",
            out.to_str().unwrap(),
            "--date",
            "2024-08-15",
            "--contact",
            "张内勤",
            "--builtin-fonts",
        ],
    );
    assert!(said.contains("已生成"), "{said}");
    assert!(is_pdf(&out));
    let (code, err) = fail(
        &env.db,
        &["report", "self-assessment", "--rubric", "无此细则", "--year", "2024", "--out", out.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{err}");
}
