//! The PDFs as real readers see them: poppler's `pdffonts` (every font embedded as a subset),
//! `qpdf --check`, and `pdftotext` (the title, the total, rare names, the repeated table
//! header, no line starting with closing punctuation, the version marks, page numbers).

mod common;

use chrono::NaiveDate;
use common::*;
use ledger_core::assessment::AssessmentStatus;
use ledger_core::people::{CertKind, CertificateInput, Establishment, Post, StaffInput};
use ledger_core::Ledger;
use ledger_report::fonts::Element;
use ledger_report::ledgers::{ledger_report_with, ledger_table_with};
use ledger_report::{fmt_score, self_assessment, Align, FontPlan, LedgerKind, TableColumn};

#[test]
fn the_full_fujian_report_is_read_by_real_readers() {
    let result = long_assessment(AssessmentStatus::Signed, 1);
    assert_eq!(result.items.iter().filter(|i| i.extra.is_none()).count(), 78);
    let report = self_assessment(&result, &context()).unwrap();
    assert!(report.missing_chars.is_empty(), "{:?}", report.missing_chars);
    let w = write(&report, "自评报告.pdf");

    assert_fonts_subset(&w.path);
    qpdf_check(&w.path);
    let size = std::fs::metadata(&w.path).unwrap().len();
    assert!(size < 500 * 1024, "{size} bytes");

    let text = pdftotext(&w.path, None);
    let flat = squeeze(&text);
    assert!(flat.contains("关于枣庄市生态环境局滕州分局2024年度规范化建设自评情况的报告"), "{text}");
    assert!(flat.contains("枣庄市生态环境局："));
    assert!(flat.contains(&format!("自评总分为{}分", fmt_score(result.total))), "{text}");
    assert!(flat.contains(&format!("评定等级为“{}”", result.grade)));
    assert!(flat.contains("王喆") && flat.contains("李堃"));
    assert!(flat.contains("单位（盖章）：枣庄市生态环境局滕州分局") && flat.contains("日期：2024年8月15日"));
    assert!(flat.contains("联系电话：0632-5512345"));
    // Every item's number is in the table, and the last criterion's tail.
    assert!(flat.contains("第78项的材料应于次年1月15日前报送"));
    // Each page carries its number.
    assert!(report.pages >= 5, "{} pages", report.pages);
    for n in 1..=report.pages {
        let page = pdftotext(&w.path, Some((n, n)));
        assert!(squeeze(&page).contains(&format!("—{n}—")), "page {n}: no page number");
        // A signed-off first version carries no mark.
        assert!(!page.contains("草稿") && !page.contains("修订"), "page {n}");
    }
}

#[test]
fn the_score_table_header_repeats_on_every_page_it_runs_over() {
    let report = self_assessment(&long_assessment(AssessmentStatus::Signed, 1), &context()).unwrap();
    let w = write(&report, "表头.pdf");
    let pages: Vec<String> = (1..=report.pages).map(|n| pdftotext(&w.path, Some((n, n)))).collect();
    let table_pages: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].contains("第 ") || squeeze(&pages[i]).contains("合计：基础得分"))
        .collect();
    let first = pages.iter().position(|p| squeeze(p).contains("二、评分明细")).unwrap();
    let last = pages.iter().position(|p| squeeze(p).contains("合计：基础得分")).unwrap();
    assert!(last > first + 1, "the table should run over several pages: {first}..{last} {table_pages:?}");
    for (i, page) in pages.iter().enumerate().take(last + 1).skip(first) {
        let flat = squeeze(page);
        for h in ["序号", "评价标准", "分值", "得分", "评分方式", "佐证", "备注"] {
            assert!(flat.contains(h), "page {}: header {h} missing", i + 1);
        }
    }
}

/// A row taller than the space left goes whole to the next page.
#[test]
fn no_row_is_cut_in_half_and_the_header_repeats_in_a_long_ledger() {
    let cols = [
        TableColumn::new("序号", 12.0, Align::Center),
        TableColumn::new("事项", 80.0, Align::Left),
        TableColumn::new("说明", 40.0, Align::Left),
    ];
    let rows: Vec<Vec<String>> = (1..=120)
        .map(|i| {
            let body = "按照年度计划组织开展执法检查，".repeat(1 + i % 5);
            vec![i.to_string(), format!("A{i}A{body}Z{i}Z"), format!("说明{i}")]
        })
        .collect();
    let report = ledger_table_with("测试台账", BRANCH, date(), &cols, &rows, &FontPlan::builtin()).unwrap();
    assert!(report.pages >= 3);
    let w = write(&report, "长表.pdf");
    assert_fonts_subset(&w.path);
    qpdf_check(&w.path);
    let pages: Vec<String> = (1..=report.pages).map(|n| squeeze(&pdftotext(&w.path, Some((n, n))))).collect();
    for (n, page) in pages.iter().enumerate() {
        assert!(page.contains("序号") && page.contains("事项") && page.contains("说明"), "page {}: no header", n + 1);
        assert!(page.contains(BRANCH) && page.contains("2024年8月15日"), "page {}: no branch or date", n + 1);
    }
    for i in 1..=120 {
        let start = pages.iter().position(|p| p.contains(&format!("A{i}A"))).unwrap_or_else(|| panic!("row {i} lost"));
        assert!(pages[start].contains(&format!("Z{i}Z")), "row {i} is cut in half");
    }
}

#[test]
fn a_row_taller_than_a_page_is_split_at_a_line_and_marked_continued() {
    let cols = [TableColumn::new("序号", 12.0, Align::Center), TableColumn::new("内容", 200.0, Align::Left)];
    let long: String = (1..=800).map(|i| format!("第{i}句检查记录。")).collect();
    let rows = vec![vec!["1".to_string(), "短行".to_string()], vec!["2".to_string(), long.clone()]];
    let report = ledger_table_with("超长行", BRANCH, date(), &cols, &rows, &FontPlan::builtin()).unwrap();
    assert!(report.pages >= 3, "{} pages", report.pages);
    let w = write(&report, "超长行.pdf");
    qpdf_check(&w.path);
    let flat = squeeze(&pdftotext(&w.path, None));
    assert!(flat.contains("（续）"));
    for i in [1, 400, 800] {
        assert!(flat.contains(&format!("第{i}句检查记录。")), "sentence {i} lost");
    }
    let second = squeeze(&pdftotext(&w.path, Some((2, 2))));
    assert!(second.contains("序号") && second.contains("（续）"), "{second}");
}

#[test]
fn no_line_starts_with_closing_punctuation_where_a_paragraph_breaks() {
    // One column is the whole 版心: find how many hanzi fit, then put the punctuation right
    // where a naive break would start a line with it.
    let plan = FontPlan::builtin();
    let cols = [TableColumn::new("内容", 100.0, Align::Left)];
    let probe = "汉".repeat(200);
    let report = ledger_table_with("探测", BRANCH, date(), &cols, &[vec![probe]], &plan).unwrap();
    let w = write(&report, "探测.pdf");
    let per_line = pdftotext(&w.path, None)
        .lines()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && l.chars().all(|c| c == '汉'))
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert!(per_line > 20);
    let mut text = String::new();
    for p in "，。、；：？！）》”』】".chars() {
        text.push_str(&"检".repeat(per_line));
        text.push(p);
        text.push('查');
    }
    for p in "（《“『【".chars() {
        text.push_str(&"检".repeat(per_line - 1));
        text.push(p);
        text.push('查');
    }
    let report = ledger_table_with("禁则", BRANCH, date(), &cols, &[vec![text.clone()]], &plan).unwrap();
    let w = write(&report, "禁则.pdf");
    let out = pdftotext(&w.path, None);
    let lines: Vec<&str> = out.lines().map(str::trim).filter(|l| l.contains('检')).collect();
    assert!(lines.len() > 10, "{out}");
    for l in &lines {
        let first = l.chars().next().unwrap();
        let last = l.chars().last().unwrap();
        assert!(!ledger_report::breaking::no_start(first), "line starts with {first}: {l}");
        assert!(!ledger_report::breaking::no_end(last), "line ends with {last}: {l}");
    }
    assert_eq!(squeeze(&lines.concat()), text, "text lost or reordered");
}

#[test]
fn a_character_no_font_has_is_reported_not_drawn() {
    let mut result = long_assessment(AssessmentStatus::Signed, 1);
    // U+10FFFD (private use) and 𠀀 (U+20000) are in neither face; 𰻞 (U+30EDE) is not in the
    // serif but is in the sans, so it is drawn from there.
    result.items[5].input.note = "备注含私用区字符\u{10FFFD}、生僻字\u{20000}和\u{30EDE}".into();
    let report = self_assessment(&result, &context()).unwrap();
    let codes: Vec<&str> = report.missing_chars.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(codes, ["U+10FFFD", "U+20000"], "{:?}", report.missing_chars);
    let m = report.missing_chars.iter().find(|m| m.code == "U+10FFFD").unwrap();
    assert!(m.place.contains("评分表") && m.place.contains("备注") && m.page >= 2, "{m:?}");
    let w = write(&report, "缺字.pdf");
    qpdf_check(&w.path);
    let flat = squeeze(&pdftotext(&w.path, None));
    // The rest of the note is drawn (the cell's lines interleave with its neighbours' in
    // pdftotext's reading order).
    assert!(flat.contains("备注含私") && flat.contains("和\u{30EDE}"), "{flat}");
    assert!(!flat.contains('\u{10FFFD}') && !flat.contains('\u{20000}'));
}

#[test]
fn drafts_and_amended_versions_are_marked_on_every_page() {
    let cases = [
        (AssessmentStatus::Draft, 1, None, "草稿"),
        (AssessmentStatus::Submitted, 1, None, "草稿"),
        (AssessmentStatus::Signed, 2, None, "修订版（第2版）"),
        (AssessmentStatus::Signed, 1, Some(2), "已被第2版修订"),
    ];
    for (status, version, amended_by, mark) in cases {
        let mut r = ledger_report::sample::fujian_assessment(2024, status, version);
        r.assessment.amended_by_version = amended_by;
        let report = self_assessment(&r, &context()).unwrap();
        let w = write(&report, "版本.pdf");
        for n in 1..=report.pages {
            let page = squeeze(&pdftotext(&w.path, Some((n, n))));
            assert!(page.contains(mark), "{status:?} v{version}: page {n} lacks {mark}");
        }
    }
}

#[test]
fn the_font_plan_uses_office_fonts_found_by_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let fonts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../assets/fonts");
    // A heading face under 黑体's file name, and a file that is no font under 仿宋's.
    std::fs::create_dir_all(dir.path().join("windows")).unwrap();
    std::fs::copy(fonts.join("NotoSansSC-Bold.ttf"), dir.path().join("windows/SimHei.ttf")).unwrap();
    std::fs::write(dir.path().join("simfang.ttf"), b"not a font").unwrap();
    let plan = FontPlan::detect_in(&[dir.path().to_path_buf()]);
    let lines = plan.lines();
    assert_eq!(
        lines,
        [
            "标题：Noto Sans SC（内置）",
            "一级标题：黑体（系统字体）",
            "二级标题：Noto Sans SC（内置）",
            "正文：Noto Serif SC（内置；系统字体 simfang.ttf 无法读取）",
            "页码：Noto Serif SC（内置）",
        ]
    );
    assert!(plan.choice(Element::Heading1).unwrap().system);
    assert_eq!(FontPlan::builtin().lines()[3], "正文：Noto Serif SC（内置）");

    let mut ctx = context();
    ctx.fonts = plan;
    let report =
        self_assessment(&ledger_report::sample::fujian_assessment(2024, AssessmentStatus::Signed, 1), &ctx).unwrap();
    let w = write(&report, "系统字体.pdf");
    assert_fonts_subset(&w.path);
    assert!(pdffonts(&w.path).iter().any(|f| f.name.ends_with("NotoSansSC-Bold")));
}

fn ledger_with_people() -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Ledger::open(dir.path().join("ledger.sqlite3")).unwrap();
    l.set_actor("张内勤");
    l.init_branch(BRANCH).unwrap();
    for (i, (name, phone)) in [("王喆", "13800001111"), ("李堃", "13800002222"), ("张玥", "")].into_iter().enumerate()
    {
        let s = l
            .create_staff(&StaffInput {
                name: name.into(),
                post: Some(Post::Frontline),
                establishment: Some(Establishment::Staffed),
                arrived_on: Some("2015-03-01".into()),
                phone: phone.into(),
                ..StaffInput::default()
            })
            .unwrap();
        l.create_certificate(&CertificateInput {
            staff_id: s.id,
            kind: Some(CertKind::Enforcement),
            number: format!("037000{i}"),
            issuer: "山东省人民政府".into(),
            issued_on: Some("2021-05-01".into()),
            expires_on: Some("2026-04-30".into()),
            ..CertificateInput::default()
        })
        .unwrap();
    }
    (dir, l)
}

#[test]
fn every_ledger_prints_as_a_landscape_table_without_phone_numbers() {
    let (_dir, ledger) = ledger_with_people();
    let as_of = NaiveDate::from_ymd_opt(2024, 8, 15).unwrap();
    for kind in LedgerKind::ALL {
        let report = ledger_report_with(&ledger, kind, as_of, &FontPlan::builtin()).unwrap();
        let w = write(&report, &format!("{}.pdf", kind.key()));
        qpdf_check(&w.path);
        assert_fonts_subset(&w.path);
        let text = pdftotext(&w.path, None);
        let flat = squeeze(&text);
        assert!(flat.contains(kind.label()), "{kind:?}: {text}");
        assert!(flat.contains(BRANCH) && flat.contains("2024年8月15日"));
        assert!(!flat.contains("13800001111") && !flat.contains("13800002222"), "{kind:?} prints a phone number");
        if matches!(kind, LedgerKind::Staff | LedgerKind::Certificates) {
            assert!(flat.contains("王喆") && flat.contains("李堃"), "{kind:?}: {text}");
        }
        let info = pdfinfo(&w.path);
        assert!(info.contains("841.89 x 595.2"), "{kind:?} is not landscape A4: {info}");
    }
}
