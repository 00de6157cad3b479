//! The real PDF readers the tests check reports with — poppler's `pdffonts` and `pdftotext`,
//! and `qpdf --check` — and the sample assessment. A missing reader fails the test with the
//! command that installs it (they are in the Makefile's APT_TEST list).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use ledger_core::assessment::{AssessmentResult, AssessmentStatus};
use ledger_report::{sample, FontPlan, Report, ReportContext};
use tempfile::TempDir;

pub const BRANCH: &str = "枣庄市生态环境局滕州分局";

fn tool(name: &str) -> String {
    let found = Command::new("sh").arg("-c").arg(format!("command -v {name}")).output().map(|o| o.status.success());
    if !matches!(found, Ok(true)) {
        panic!(
            "缺少 {name}，无法用真实的 PDF 阅读程序检查报告 / {name} is missing: \
             run `apt-get install -y poppler-utils qpdf` (or `make system-deps-test`)"
        );
    }
    name.to_string()
}

/// A report written to a temporary folder (kept while the guard lives; set
/// LEDGER_REPORT_KEEP=DIR to keep a copy for looking at).
pub struct Written {
    pub dir: TempDir,
    pub path: PathBuf,
}

pub fn write(report: &Report, name: &str) -> Written {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    ledger_report::write_pdf(&path, report).unwrap();
    if let Some(keep) = std::env::var_os("LEDGER_REPORT_KEEP") {
        let _ = std::fs::create_dir_all(&keep);
        std::fs::copy(&path, Path::new(&keep).join(name)).unwrap();
    }
    Written { dir, path }
}

/// One font as `pdffonts` lists it.
#[derive(Debug)]
pub struct FontRow {
    pub name: String,
    pub embedded: bool,
    pub subset: bool,
}

pub fn pdffonts(path: &Path) -> Vec<FontRow> {
    let out = Command::new(tool("pdffonts")).arg(path).output().unwrap();
    assert!(out.status.success(), "pdffonts failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            // name type… encoding emb sub uni object ID — the type may be two words.
            let t: Vec<&str> = l.split_whitespace().collect();
            let n = t.len();
            FontRow { name: t[0].to_string(), embedded: t[n - 5] == "yes", subset: t[n - 4] == "yes" }
        })
        .collect()
}

/// `qpdf --check` passes.
pub fn qpdf_check(path: &Path) {
    let out = Command::new(tool("qpdf")).arg("--check").arg(path).output().unwrap();
    assert!(
        out.status.success(),
        "qpdf --check failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The text of pages `first..=last` (all when `None`).
pub fn pdftotext(path: &Path, pages: Option<(usize, usize)>) -> String {
    let mut cmd = Command::new(tool("pdftotext"));
    if let Some((f, l)) = pages {
        cmd.args(["-f", &f.to_string(), "-l", &l.to_string()]);
    }
    let out = cmd.arg(path).arg("-").output().unwrap();
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// `pdfinfo`'s report (page size, page count).
pub fn pdfinfo(path: &Path) -> String {
    let out = Command::new(tool("pdfinfo")).arg(path).output().unwrap();
    assert!(out.status.success(), "pdfinfo failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Text without any white space, for phrases a line break may cut.
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every embedded font is a subset (`ABCDEF+Name`, emb yes, sub yes).
pub fn assert_fonts_subset(path: &Path) {
    let fonts = pdffonts(path);
    assert!(!fonts.is_empty(), "no fonts listed");
    for f in &fonts {
        let tag = f.name.split('+').next().unwrap_or("");
        assert!(
            f.name.contains('+') && tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "not a subset name: {f:?}"
        );
        assert!(f.embedded && f.subset, "not embedded as a subset: {f:?}");
    }
}

pub fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 8, 15).unwrap()
}

pub fn context() -> ReportContext {
    let as_of = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
    let mut ctx = ReportContext::new(BRANCH, date(), sample::figures(BRANCH, as_of), sample::tasks(2024, as_of));
    ctx.fonts = FontPlan::builtin();
    ctx.contact = Some("张内勤".into());
    ctx.phone = Some("0632-5512345".into());
    ctx
}

/// The 78-item Fujian sample with every criterion made long (as the source's full wording is).
pub fn long_assessment(status: AssessmentStatus, version: i64) -> AssessmentResult {
    let mut r = sample::fujian_assessment(2024, status, version);
    for (i, item) in r.items.iter_mut().enumerate() {
        item.criteria = format!(
            "{}。评价依据包括书面材料、系统数据、现场检查和调度情况，有系统数据的以系统数据为准；第{}项的材料应于次年1月15日前报送市局执法监督科（“规范化建设”专栏）。",
            item.criteria.trim_end_matches('。'),
            i + 1
        );
    }
    r
}
