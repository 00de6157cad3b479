//! `report`: the PDF reports — a ledger printed as a landscape table for the binders, the
//! self-assessment report after GB/T 9704, the fonts the reports use — and `report bench`, which
//! times our PDF against LibreOffice converting the same content.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::{Subcommand, ValueEnum};
use ledger_core::assessment::{AssessmentResult, AssessmentStatus};
use ledger_core::store::dates;
use ledger_core::{Ledger, LedgerError};
use ledger_report::ledgers::ledger_report_with;
use ledger_report::{
    sample, self_assessment, write_pdf, Align, Block, FontPlan, LedgerKind, Report, ReportContext, TableRow,
};

use super::date_arg;
use super::people::person_id;
use super::this_year;
use crate::output;

/// A ledger to print.
#[derive(Clone, Copy, ValueEnum)]
pub enum LedgerArg {
    /// 重点任务分工台账（日期所在年度）
    Tasks,
    /// 执法人员花名册（在册人员）
    Staff,
    /// 执法证件台账
    Certificates,
    /// 培训与练兵台账（日期所在年度）
    Training,
    /// 执法装备台账
    Equipment,
}

impl LedgerArg {
    fn kind(self) -> LedgerKind {
        match self {
            LedgerArg::Tasks => LedgerKind::Tasks,
            LedgerArg::Staff => LedgerKind::Staff,
            LedgerArg::Certificates => LedgerKind::Certificates,
            LedgerArg::Training => LedgerKind::Training,
            LedgerArg::Equipment => LedgerKind::Equipment,
        }
    }
}

#[derive(Subcommand)]
pub enum ReportCmd {
    /// 打印台账：横版 A4 表格 PDF，每页有单位、统计日期、表头和页码，供装订归档（不含身份证号、电话）
    Ledger {
        #[arg(long, value_enum)]
        ledger: LedgerArg,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// 统计日期，默认今天（任务、培训取该日期所在年度）
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// 只用内置字体（Noto），不用本机的仿宋、黑体、楷体、小标宋
        #[arg(long)]
        builtin_fonts: bool,
    },
    /// 自评报告 PDF（GB/T 9704 公文格式）：总分与等级、分组得分图、评分明细、重点任务、人员证件培训、装备、落款
    SelfAssessment {
        /// 评分细则编号（见 rubric list）
        #[arg(long, value_name = "ID")]
        rubric: String,
        /// 年度，默认今年
        #[arg(long)]
        year: Option<i32>,
        /// 个人评分细则的参评人员（姓名或编号）
        #[arg(long, value_name = "人员")]
        person: Option<String>,
        /// 打印指定版本（默认最新版本；已被修订的旧版本也可打印）
        #[arg(long, value_name = "版本号")]
        version: Option<i64>,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// 成文日期，默认今天
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// 主送机关，默认为本单位名称中的市局（如“枣庄市生态环境局”）
        #[arg(long)]
        recipient: Option<String>,
        /// 附注中的联系人
        #[arg(long)]
        contact: Option<String>,
        /// 附注中的联系电话
        #[arg(long)]
        phone: Option<String>,
        /// 只用内置字体（Noto），不用本机的仿宋、黑体、楷体、小标宋
        #[arg(long)]
        builtin_fonts: bool,
    },
    /// 显示报告各要素（标题、各级标题、正文、页码）所用的字体
    Fonts {
        /// 只用内置字体时的情况
        #[arg(long)]
        builtin_fonts: bool,
        #[arg(long)]
        json: bool,
    },
    /// 性能对比：本程序生成自评报告 PDF，与 LibreOffice 把同样内容（.fodt）转换为 PDF，耗时和大小并列
    Bench {
        /// 输出文件夹（PDF、.fodt 和 LibreOffice 的 PDF）
        #[arg(long, value_name = "DIR", default_value = "target/bench-report")]
        out_dir: PathBuf,
        /// 本程序生成的次数（取中位数）
        #[arg(long, default_value_t = 10)]
        runs: usize,
        /// LibreOffice 转换的次数（取中位数；另有一次预热不计时）
        #[arg(long, default_value_t = 3)]
        lo_runs: usize,
        /// 评分细则编号
        #[arg(long, value_name = "ID", default_value = "fujian-county-2022")]
        rubric: String,
        /// 年度，默认今年
        #[arg(long)]
        year: Option<i32>,
    },
}

pub fn run(ledger: &Ledger, cmd: ReportCmd) -> Result<()> {
    match cmd {
        ReportCmd::Ledger { ledger: which, out, date, builtin_fonts } => {
            let as_of = date_arg("统计日期", &date)?;
            let report = ledger_report_with(ledger, which.kind(), as_of, &FontPlan::choose(builtin_fonts))
                .map_err(LedgerError::from)?;
            save(&out, &report)
        }
        ReportCmd::SelfAssessment {
            rubric,
            year,
            person,
            version,
            out,
            date,
            recipient,
            contact,
            phone,
            builtin_fonts,
        } => {
            let year = year.unwrap_or_else(this_year);
            let subject = person.as_deref().map(|p| person_id(ledger, p)).transpose()?;
            let result = match version {
                None => ledger.assessment_for(&rubric, year, subject.as_deref())?,
                Some(v) => {
                    let versions = ledger.assessment_versions(&rubric, year, subject.as_deref())?;
                    let info = versions
                        .iter()
                        .find(|a| a.version == v)
                        .ok_or_else(|| LedgerError::NotFound { entity: "自评版本", id: format!("第 {v} 版") })?;
                    ledger.assessment_result(&info.id)?
                }
            };
            let fonts = FontPlan::choose(builtin_fonts);
            let mut ctx = ReportContext::from_ledger(ledger, &result, date_arg("成文日期", &date)?, fonts)
                .map_err(LedgerError::from)?;
            if let Some(r) = recipient {
                ctx.recipient = r;
            }
            ctx.contact = contact;
            ctx.phone = phone;
            let report = self_assessment(&result, &ctx).map_err(LedgerError::from)?;
            save(&out, &report)
        }
        ReportCmd::Fonts { builtin_fonts, json } => {
            let plan = FontPlan::choose(builtin_fonts);
            output::show(json, &plan, || {
                for line in plan.lines() {
                    println!("{line}");
                }
            })?;
            Ok(())
        }
        ReportCmd::Bench { out_dir, runs, lo_runs, rubric, year } => {
            bench(ledger, &out_dir, runs, lo_runs, &rubric, year)
        }
    }
}

/// Write the PDF and say what was written, and which characters no font had.
fn save(out: &Path, report: &Report) -> Result<()> {
    write_pdf(out, report).map_err(LedgerError::from)?;
    println!("已生成 {}（{} 页，{}）", out.display(), report.pages, kb(report.bytes.len()));
    if !report.missing_chars.is_empty() {
        eprintln!("注意：以下字符字体中没有，未能打印：");
        for m in &report.missing_chars {
            eprintln!("  {}（{}）　第 {} 页，{}", m.ch, m.code, m.page, m.place);
        }
    }
    Ok(())
}

fn kb(bytes: usize) -> String {
    format!("{:.0} KB", bytes as f64 / 1024.0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn secs(d: Duration) -> String {
    if d.as_secs_f64() >= 1.0 {
        format!("{:.2} s", d.as_secs_f64())
    } else {
        format!("{:.1} ms", d.as_secs_f64() * 1000.0)
    }
}

/// `report bench`: the self-assessment report of this database's branch, rendered by us and,
/// from the same content written as a flat ODT, by LibreOffice; times and sizes side by side.
fn bench(ledger: &Ledger, out_dir: &Path, runs: usize, lo_runs: usize, rubric: &str, year: Option<i32>) -> Result<()> {
    let year = year.unwrap_or_else(this_year);
    std::fs::create_dir_all(out_dir).with_context(|| format!("无法创建 {}", out_dir.display()))?;
    let out_dir = out_dir.canonicalize()?;

    let t = Instant::now();
    let result: AssessmentResult = match ledger.assessment_for(rubric, year, None) {
        Ok(r) => r,
        Err(e) => {
            println!("（无法读取“{rubric}”{year} 年度的自评：{e}；改用内置的 78 项样例）");
            sample::fujian_assessment(year, AssessmentStatus::Signed, 1)
        }
    };
    let ctx =
        ReportContext::from_ledger(ledger, &result, dates::today(), FontPlan::builtin()).map_err(LedgerError::from)?;
    let gather = t.elapsed();
    let staff = ctx.figures.figures.iter().find(|f| f.id == "F1").and_then(|f| f.denominator).unwrap_or(0);
    println!(
        "数据：{}，{} 年度自评 {} 项，总分 {}；重点任务 {} 项，F1 分母 {} 人；读取与计算 {}",
        ctx.branch,
        year,
        result.items.len(),
        ledger_report::fmt_score(result.total),
        ctx.tasks.total,
        staff,
        secs(gather)
    );

    // Ours: the faces are parsed once per process; the first report pays for that.
    let parse = ledger_report::fonts::preload(&ctx.fonts).map_err(LedgerError::from)?;
    let t = Instant::now();
    let report = self_assessment(&result, &ctx).map_err(LedgerError::from)?;
    let cold = t.elapsed() + parse;
    let mut times = Vec::new();
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        self_assessment(&result, &ctx).map_err(LedgerError::from)?;
        times.push(t.elapsed());
    }
    let ours = median(times);
    let ours_pdf = out_dir.join("自评报告.pdf");
    write_pdf(&ours_pdf, &report).map_err(LedgerError::from)?;

    // The same content as a flat ODT, for LibreOffice.
    let fodt = out_dir.join("自评报告.fodt");
    std::fs::write(&fodt, flat_odt(&ledger_report::self_assessment::blocks(&result, &ctx)))?;

    println!();
    println!("{:<28}{:>16}{:>22}", "", "本程序（printpdf）", "LibreOffice 转换 .fodt");
    let lo = libreoffice(&out_dir, &fodt, lo_runs)?;
    let (lo_time, lo_size, lo_pages) = match &lo {
        Some((d, size, pages)) => (secs(*d), kb(*size), pages.map_or("—".to_string(), |p| p.to_string())),
        None => ("未安装".to_string(), "—".to_string(), "—".to_string()),
    };
    println!("{:<28}{:>16}{:>22}", "生成 PDF 用时（中位数）", secs(ours), lo_time);
    println!("{:<28}{:>16}{:>22}", "首次（含解析字体）", secs(cold), "");
    println!("{:<28}{:>16}{:>22}", "其中解析两个内置字体", secs(parse), "");
    println!("{:<28}{:>16}{:>22}", "文件大小", kb(report.bytes.len()), lo_size);
    println!("{:<28}{:>16}{:>22}", "页数", report.pages, lo_pages);
    if let Some((d, _, _)) = lo {
        println!("本程序快 {:.0} 倍", d.as_secs_f64() / ours.as_secs_f64().max(1e-9));
    }
    println!("文件：{}、{}", ours_pdf.display(), fodt.display());
    Ok(())
}

/// Convert `fodt` with `libreoffice --headless --convert-to pdf`, once to warm up (the profile)
/// and `runs` times timed; the median, the PDF's size and pages. `None` when LibreOffice is
/// not installed.
fn libreoffice(out_dir: &Path, fodt: &Path, runs: usize) -> Result<Option<(Duration, usize, Option<usize>)>> {
    let Some(exe) = ["libreoffice", "soffice"]
        .into_iter()
        .find(|e| Command::new(e).arg("--version").output().map(|o| o.status.success()).unwrap_or(false))
    else {
        println!("（未找到 libreoffice：以 root 运行 make bench-report 会自动安装 libreoffice-writer）");
        return Ok(None);
    };
    // The same faces as ours, through a private fontconfig file.
    let fonts = out_dir.join("fonts");
    std::fs::create_dir_all(&fonts)?;
    for (name, bytes) in ledger_report::fonts::builtin_files() {
        let path = fonts.join(name);
        if std::fs::metadata(&path).map(|m| m.len() as usize).ok() != Some(bytes.len()) {
            std::fs::write(&path, bytes)?;
        }
    }
    let conf = out_dir.join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n  \
             <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n  <dir>{}</dir>\n  \
             <cachedir>{}</cachedir>\n</fontconfig>\n",
            fonts.display(),
            out_dir.join("fontconfig-cache").display()
        ),
    )?;
    let lo_out = out_dir.join("libreoffice");
    std::fs::create_dir_all(&lo_out)?;
    let profile = format!("file://{}", out_dir.join("lo-profile").display());
    let convert = || -> Result<Duration> {
        let t = Instant::now();
        let o = Command::new(exe)
            .env("FONTCONFIG_FILE", &conf)
            .arg(format!("-env:UserInstallation={profile}"))
            .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
            .arg(&lo_out)
            .arg(fodt)
            .output()?;
        let d = t.elapsed();
        if !o.status.success() {
            anyhow::bail!("libreoffice 转换失败：{}", String::from_utf8_lossy(&o.stderr));
        }
        Ok(d)
    };
    convert()?;
    let mut times = Vec::new();
    for _ in 0..runs.max(1) {
        times.push(convert()?);
    }
    let pdf = lo_out.join(fodt.with_extension("pdf").file_name().unwrap_or_default());
    let size = std::fs::metadata(&pdf).with_context(|| format!("LibreOffice 没有生成 {}", pdf.display()))?.len();
    let pages = Command::new("pdfinfo").arg(&pdf).output().ok().and_then(|o| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .find_map(|l| l.strip_prefix("Pages:").and_then(|n| n.trim().parse().ok()))
    });
    Ok(Some((median(times), size as usize, pages)))
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The report's blocks as a flat ODT (.fodt) with the same page, faces and sizes: A4 with the
/// GB/T 9704 margins, the title 22 pt, body 16 pt indented two characters, tables 10 pt with a
/// repeated header row, page numbers in the footer.
fn flat_odt(blocks: &[Block]) -> String {
    let mut body = String::new();
    let mut tables = 0;
    let mut columns_styles = String::new();
    for block in blocks {
        match block {
            Block::Title(t) => body.push_str(&format!("<text:p text:style-name=\"Title\">{}</text:p>\n", esc(t))),
            Block::Recipient(t) => {
                body.push_str(&format!("<text:p text:style-name=\"Recipient\">{}</text:p>\n", esc(t)))
            }
            Block::Paragraph(t) => body.push_str(&format!("<text:p text:style-name=\"Body\">{}</text:p>\n", esc(t))),
            Block::Heading1(t) => body.push_str(&format!("<text:p text:style-name=\"H1\">{}</text:p>\n", esc(t))),
            Block::Heading2(t) => body.push_str(&format!("<text:p text:style-name=\"H2\">{}</text:p>\n", esc(t))),
            Block::Chart { caption, bars } => {
                body.push_str(&format!("<text:p text:style-name=\"Caption\">{}</text:p>\n", esc(caption)));
                for (name, score, max) in bars {
                    body.push_str(&format!(
                        "<text:p text:style-name=\"Cell\">{}：{} / {}</text:p>\n",
                        esc(name),
                        ledger_report::fmt_score(*score),
                        ledger_report::fmt_score(*max)
                    ));
                }
            }
            Block::Table { columns, rows, .. } => {
                tables += 1;
                let total: f32 = columns.iter().map(|c| c.width_mm).sum::<f32>().max(1.0);
                body.push_str(&format!("<table:table table:name=\"表{tables}\" table:style-name=\"Tbl\">\n"));
                for (i, c) in columns.iter().enumerate() {
                    let name = format!("T{tables}C{i}");
                    columns_styles.push_str(&format!(
                        "<style:style style:name=\"{name}\" style:family=\"table-column\"><style:table-column-properties style:column-width=\"{:.2}mm\"/></style:style>\n",
                        c.width_mm / total * 156.0
                    ));
                    body.push_str(&format!("<table:table-column table:style-name=\"{name}\"/>\n"));
                }
                body.push_str("<table:table-header-rows><table:table-row>");
                for c in columns {
                    body.push_str(&format!(
                        "<table:table-cell table:style-name=\"Grid\" office:value-type=\"string\"><text:p text:style-name=\"Head\">{}</text:p></table:table-cell>",
                        esc(&c.header)
                    ));
                }
                body.push_str("</table:table-row></table:table-header-rows>\n");
                for row in rows {
                    body.push_str("<table:table-row>");
                    match row {
                        TableRow::Cells(cells) => {
                            for (i, c) in columns.iter().enumerate() {
                                let style = if c.align == Align::Center { "CellC" } else { "Cell" };
                                body.push_str(&format!(
                                    "<table:table-cell table:style-name=\"Grid\" office:value-type=\"string\"><text:p text:style-name=\"{style}\">{}</text:p></table:table-cell>",
                                    esc(cells.get(i).map(String::as_str).unwrap_or(""))
                                ));
                            }
                        }
                        TableRow::Span { text, .. } => {
                            body.push_str(&format!(
                                "<table:table-cell table:style-name=\"Grid\" table:number-columns-spanned=\"{}\" office:value-type=\"string\"><text:p text:style-name=\"Head\">{}</text:p></table:table-cell>",
                                columns.len(),
                                esc(text)
                            ));
                            for _ in 1..columns.len() {
                                body.push_str("<table:covered-table-cell/>");
                            }
                        }
                    }
                    body.push_str("</table:table-row>\n");
                }
                body.push_str("</table:table>\n");
            }
            Block::Signature { lines, note } => {
                body.push_str("<text:p text:style-name=\"Body\"/>\n");
                for l in lines {
                    body.push_str(&format!("<text:p text:style-name=\"Sign\">{}</text:p>\n", esc(l)));
                }
                if let Some(n) = note {
                    body.push_str(&format!("<text:p text:style-name=\"Body\">{}</text:p>\n", esc(n)));
                }
            }
        }
    }
    let text = |font: &str, size: &str, extra: &str| {
        format!(
            "<style:text-properties style:font-name=\"{font}\" style:font-name-asian=\"{font}\" fo:font-size=\"{size}\" style:font-size-asian=\"{size}\" {extra}/>"
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
<style:font-face style:name="Noto Serif SC" svg:font-family="'Noto Serif SC'"/>
<style:font-face style:name="Noto Sans SC" svg:font-family="'Noto Sans SC'" svg:font-weight="bold"/>
</office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph">{default}</style:default-style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm" fo:margin-top="37mm" fo:margin-bottom="28mm" fo:margin-left="28mm" fo:margin-right="26mm"/><style:footer-style><style:header-footer-properties fo:min-height="7mm"/></style:footer-style></style:page-layout>
<style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="29pt"/>{title}</style:style>
<style:style style:name="Recipient" style:family="paragraph"><style:paragraph-properties fo:line-height="28.95pt"/>{body_text}</style:style>
<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:text-align="justify" fo:text-indent="32pt" fo:line-height="28.95pt"/>{body_text}</style:style>
<style:style style:name="H1" style:family="paragraph"><style:paragraph-properties fo:text-indent="32pt" fo:line-height="28.95pt" fo:keep-with-next="always"/>{h1}</style:style>
<style:style style:name="H2" style:family="paragraph"><style:paragraph-properties fo:text-indent="32pt" fo:line-height="28.95pt" fo:keep-with-next="always"/>{h1}</style:style>
<style:style style:name="Caption" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/>{caption}</style:style>
<style:style style:name="Sign" style:family="paragraph"><style:paragraph-properties fo:margin-left="80mm" fo:line-height="28.95pt"/>{body_text}</style:style>
<style:style style:name="Cell" style:family="paragraph"><style:paragraph-properties fo:text-align="justify"/>{cell}</style:style>
<style:style style:name="CellC" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/>{cell}</style:style>
<style:style style:name="Head" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/>{head}</style:style>
<style:style style:name="Footer" style:family="paragraph"><style:paragraph-properties fo:text-align="end"/>{footer}</style:style>
<style:style style:name="Tbl" style:family="table"><style:table-properties style:width="156mm" table:align="left"/></style:style>
<style:style style:name="Grid" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="1.2mm" style:vertical-align="middle"/></style:style>
{columns_styles}</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"><style:footer><text:p text:style-name="Footer">— <text:page-number text:select-page="current"/> —</text:p></style:footer></style:master-page></office:master-styles>
<office:body><office:text>
{body}</office:text></office:body>
</office:document>
"#,
        default = text("Noto Serif SC", "16pt", ""),
        title = text("Noto Sans SC", "22pt", "fo:font-weight=\"bold\" style:font-weight-asian=\"bold\""),
        body_text = text("Noto Serif SC", "16pt", ""),
        h1 = text("Noto Sans SC", "16pt", "fo:font-weight=\"bold\" style:font-weight-asian=\"bold\""),
        caption = text("Noto Sans SC", "12pt", "fo:font-weight=\"bold\" style:font-weight-asian=\"bold\""),
        cell = text("Noto Serif SC", "10pt", ""),
        head = text("Noto Sans SC", "10pt", "fo:font-weight=\"bold\" style:font-weight-asian=\"bold\""),
        footer = text("Noto Serif SC", "14pt", ""),
    )
}
