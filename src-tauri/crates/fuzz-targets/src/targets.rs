//! The targets: one function per parser, each over arbitrary bytes.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use chrono::Datelike;
use ledger_bundle::{sha256_hex, verify, BundleError, KeyPair, Limits, Trust, Verified, FORMAT, FORMAT_VERSION};
use ledger_core::assessment::engine::{check_input, evaluate, Stored};
use ledger_core::assessment::rubric::HowKind;
use ledger_core::assessment::rubrics::check_text;
use ledger_core::assessment::{AssessmentInfo, AssessmentResult, Rubric, ScoreInput};
use ledger_core::equipment::standard::StandardFile;
use ledger_core::sheets::SheetKind;
use ledger_core::store::dates;
use ledger_core::store::excel::{ImportMode, ImportOptions, ImportReport};
use ledger_core::tasks::deadline::{self, Deadline};
use ledger_core::tasks::template::Template;
use ledger_core::LedgerError;

use crate::fixture::{self, SHEET_KINDS};
use crate::grid::{Sheet, Value};
use crate::{has_cjk, panics};

/// The name errors give the text a target reads (as the file a clerk chose).
const ORIGIN: &str = "模糊测试输入.toml";

/// A refusal for the clerk: a user error (not an internal one), in Chinese, naming `origin`.
fn check_file_error(e: &LedgerError, origin: &str) {
    let message = e.to_string();
    assert!(e.is_user_error(), "internal error {}: {message}", e.code());
    assert_eq!(e.code(), "E_FILE", "{message}");
    assert!(has_cjk(&message), "not Chinese: {message}");
    assert!(message.contains(origin), "does not name the file: {message}");
}

// --- deadline phrases ----------------------------------------------------------------------

/// A deadline phrase (完成时限) read against a plan year.
///
/// Input: two bytes, the plan year as a little-endian `i16` offset from 2024 (the app's years
/// are 2000–2100; the offset reaches far past them either way), then the phrase as UTF-8
/// (invalid sequences replaced).
///
/// Holds: `parse` never panics; an unrecognised phrase has no date and is not ongoing; an
/// ongoing one has no date; a date is in the plan year or in a year the phrase writes out in
/// four digits; blanks and full-width digits (`７月底前`, `7 月底前`) read as their plain forms,
/// but for the blank before a date's time of day.
pub fn deadline(data: &[u8]) {
    let (year, text) = match data {
        [a, b, rest @ ..] => (2024 + i32::from(i16::from_le_bytes([*a, *b])), String::from_utf8_lossy(rest)),
        _ => (2024, String::from_utf8_lossy(data)),
    };
    let got = deadline::parse(&text, year);
    check_deadline(&text, year, got);
    // A date with a time of day after a blank (`2024-07-31 14:05`, as web systems export dates)
    // is read with its blank: without it the date and the time run together.
    let timed = text.contains([':', '：']) && dates::parse_date(&text).is_some();
    let bare: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if !timed {
        assert_eq!(deadline::parse(&bare, year), got, "blanks changed the reading of {text:?}");
    }
    let wide: String = text
        .chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
            '/' => '／',
            '-' => '－',
            other => other,
        })
        .collect();
    assert_eq!(deadline::parse(&wide, year), got, "full-width forms changed the reading of {text:?}");
}

/// The invariants of one reading (also used on a template's deadlines).
fn check_deadline(text: &str, year: i32, got: Deadline) {
    if !got.recognized {
        assert!(got.due.is_none() && !got.ongoing, "{text:?}: unrecognised but {got:?}");
    }
    if got.ongoing {
        assert!(got.due.is_none() && got.recognized, "{text:?}: ongoing but {got:?}");
    }
    if let Some(due) = got.due {
        assert!(got.recognized, "{text:?}: a date but unrecognised");
        let plain: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                other => other,
            })
            .collect();
        let written = format!("{:04}", due.year());
        assert!(
            due.year() == year || plain.contains(&written),
            "{text:?} in {year}: {due} is neither in the plan year nor in a year the phrase writes"
        );
    }
}

// --- the Excel importers -------------------------------------------------------------------

/// A workbook file as a clerk's USB stick may hold it, imported by every ledger's importer.
///
/// Input: a selector byte, then the file. Selector: sheet kind = `(b & 0x7f) % 9` in the
/// order of [`crate::grid::KINDS`], extension = `((b & 0x7f) / 9) % 3` among `xlsx`, `xls`,
/// `ods` (calamine chooses its reader by the extension, as the app's file dialog gives it); bit
/// 7 asks the import to add unknown unit names. The import is a dry run against the demo
/// branch.
///
/// Holds: no panic (a panic inside calamine is caught by the importer on purpose, see
/// `panics.rs`); the outcome is a report whose counts add up and whose row errors are Chinese
/// and point below the header, or a refusal for the clerk (`E_FILE` naming the file, or a row
/// the write refused, `第 N 行：…`) — never an internal error, never a database error passed
/// through; and the database is unchanged.
pub fn excel_import(data: &[u8]) {
    let Some((&selector, file)) = data.split_first() else { return };
    let n = usize::from(selector & 0x7f);
    let kind = SHEET_KINDS[n % SHEET_KINDS.len()];
    let ext = ["xlsx", "xls", "ods"][(n / SHEET_KINDS.len()) % 3];
    let _ = import(kind, &format!("导入文件.{ext}"), file, selector & 0x80 != 0);
}

/// A sheet built cell by cell (see [`crate::grid`] for the input's layout), written as .xlsx and
/// imported by its ledger's importer as a dry run against the demo branch.
///
/// Holds: everything [`excel_import`] checks, and: the header this input wrote is found (or a
/// data row below it that names more of the columns, alone or as the lower half of a header in
/// two rows), every row that has a value is counted (as data or set aside) but for numbered rows
/// of a blank form (one whole number), and a refusal of the whole file can only say that there is
/// no data row below the header; a sheet named for a unit, its unit column left out, says that
/// its name fills that column in.
pub fn excel_rows(data: &[u8]) {
    let Some(sheet) = Sheet::decode(data) else { return };
    let kind = sheet.kind();
    let index = SHEET_KINDS.iter().position(|k| *k == kind).unwrap_or(0);
    let values = fixture::with(|fx| sheet.values(&fx.vocab[index]));
    let header_row = if sheet.layout & 1 != 0 { 2 } else { 1 };
    let blank = |v: &Value| match v {
        Value::Blank => true,
        Value::Text(s) => s.trim().is_empty(),
        _ => false,
    };
    let below = &values[header_row as usize..];
    let filled = below.iter().filter(|row| !row.iter().all(blank)).count() as u32;
    // A row holding one whole number and nothing else may be a numbered row of a blank form.
    let whole = |v: &Value| match v {
        Value::Number(n) => n.fract() == 0.0,
        Value::Text(t) => t.trim().trim_end_matches(['.', '、', '．']).parse::<u32>().is_ok(),
        _ => false,
    };
    let numbered = below
        .iter()
        .filter(|row| {
            let mut values = row.iter().filter(|v| !blank(v));
            matches!((values.next(), values.next()), (Some(v), None) if whole(v))
        })
        .count() as u32;
    let name = "逐格生成.xlsx";
    match import(kind, name, &crate::grid::xlsx(sheet.sheet_name(), &values), sheet.create_units()) {
        Ok(report) if report.header_row == header_row => {
            // A sheet named for a unit fills in the unit column its header leaves out.
            let fills = sheet.layout & 16 != 0 && crate::grid::columns_of(kind).iter().any(|c| c.sheet_name);
            assert_eq!(!report.sheet_name_note.is_empty(), fills, "sheet name note: {:?}", report.sheet_name_note);
            let counted = report.total_rows + report.set_aside.len() as u32;
            assert!(
                counted <= filled && counted + numbered >= filled,
                "rows with a value below the header ({filled}, {numbered} with one value) are data or set \
                 aside ({counted})"
            );
        }
        // A data row naming more of the columns than the header did is taken for the header, or
        // for its lower half.
        Ok(report) => assert!(report.header_row > header_row, "header found at {}", report.header_row),
        // With no row below it (or below a data row taken for the header, as above).
        Err(e) if e.code() == "E_FILE" => {
            let message = e.to_string();
            assert!(message.contains("表头下没有数据行"), "the sheet ({filled} rows) was refused: {message}");
        }
        Err(_) => {}
    }
}

/// Write `bytes` to the fixture's folder as `name` and import it as a `kind` sheet (dry run).
fn import(kind: SheetKind, name: &str, bytes: &[u8], create_units: bool) -> Result<ImportReport, LedgerError> {
    fixture::with(|fx| {
        let path = fx.dir.join(name);
        std::fs::write(&path, bytes).expect("write the input file");
        let options =
            ImportOptions { mode: ImportMode::DryRun, fallback_year: 2024, create_units, ..ImportOptions::default() };
        let result = panics::guarded(|| fx.ledger.import_sheet(kind, &path, &options));
        check_import(&result, name);
        fx.assert_unchanged("a dry-run import");
        result
    })
}

fn check_import(result: &Result<ImportReport, LedgerError>, name: &str) {
    match result {
        Ok(r) => {
            assert!(!r.committed, "a dry run committed");
            assert!(r.total_rows > 0 && r.header_row >= 1, "{r:?}");
            assert_eq!(r.valid_rows + r.rejected_rows, r.total_rows, "{r:?}");
            assert_eq!(r.errors.len() as u32, r.rejected_rows, "{r:?}");
            assert_eq!(r.inserted + r.updated + r.unchanged, r.valid_rows, "{r:?}");
            for e in &r.errors {
                assert!(e.row > r.header_row, "row error above the data: {e:?}");
                assert!(!e.column.is_empty() && has_cjk(&e.reason), "row error: {e:?}");
            }
            for l in &r.set_aside {
                assert!(l.row > r.header_row && !l.text.is_empty(), "row set aside: {l:?}");
            }
            for u in &r.unknown_units {
                assert!(!u.name.trim().is_empty() && u.rows >= 1 && u.first_row > r.header_row, "{u:?}");
            }
        }
        Err(e) => {
            let message = e.to_string();
            assert!(e.is_user_error(), "internal error {}: {message}", e.code());
            assert!(has_cjk(&message), "not Chinese: {message}");
            assert!(!message.contains("数据库错误"), "a database error reached the clerk: {message}");
            match e.code() {
                "E_FILE" => assert!(message.contains(name), "does not name the file: {message}"),
                "E_REJECTED" => assert!(message.starts_with("第 "), "does not name the row: {message}"),
                other => panic!("unexpected error {other}: {message}"),
            }
        }
    }
}

// --- bundles -------------------------------------------------------------------------------

/// The codes a verification may refuse a bundle with.
const VERIFY_CODES: &[&str] = &[
    "E_BUNDLE_FILE_TOO_LARGE",
    "E_BUNDLE_CORRUPT",
    "E_BUNDLE_UNSAFE_NAME",
    "E_BUNDLE_RESERVED_NAME",
    "E_BUNDLE_DIRECTORY_ENTRY",
    "E_BUNDLE_SYMLINK",
    "E_BUNDLE_UNSUPPORTED_ENTRY",
    "E_BUNDLE_DUPLICATE_ENTRY",
    "E_BUNDLE_TOO_MANY_ENTRIES",
    "E_BUNDLE_ENTRY_TOO_LARGE",
    "E_BUNDLE_TOTAL_TOO_LARGE",
    "E_BUNDLE_COMPRESSION_RATIO",
    "E_BUNDLE_ENTRY_CORRUPT",
    "E_BUNDLE_MISSING_MANIFEST",
    "E_BUNDLE_MISSING_SIGNATURE",
    "E_BUNDLE_SIGNATURE_INVALID",
    "E_BUNDLE_WRONG_KEY",
    "E_BUNDLE_UNKNOWN_FORMAT",
    "E_BUNDLE_UNSUPPORTED_VERSION",
    "E_BUNDLE_MANIFEST_INVALID",
    "E_BUNDLE_SOURCE_KEY_MISMATCH",
    "E_BUNDLE_ENTRY_NOT_LISTED",
    "E_BUNDLE_ENTRY_MISSING",
    "E_BUNDLE_ENTRY_MODIFIED",
];

/// Tight limits: what passes them passes the defaults.
const TIGHT: Limits =
    Limits { max_file_size: 1 << 16, max_entries: 4, max_entry_size: 4096, max_total_size: 8192, max_ratio: 2 };

/// A key no input can have been signed with.
fn stranger() -> &'static KeyPair {
    static KEY: OnceLock<KeyPair> = OnceLock::new();
    KEY.get_or_init(KeyPair::generate)
}

/// A bundle file, verified in memory as `ledgerctl verify`, the city import and the template
/// import do: under the key its manifest names (first contact), under that key pinned, under a
/// stranger's key pinned, and under tight limits.
///
/// Holds: no panic; a refusal has a verification code (`E_BUNDLE_…`) and a Chinese message
/// without control characters; a bundle that verifies has exactly the entries its manifest
/// lists, with their sizes and hashes, under safe names, signed by the key its manifest names,
/// verifies the same pinned to that key, is refused as `E_BUNDLE_WRONG_KEY` pinned to another;
/// what passes tight limits passes the default ones.
pub fn bundle_reader(data: &[u8]) {
    let limits = Limits::default();
    let first = verify(data, Trust::Manifest, &limits);
    let stranger = stranger().public();
    let pinned_elsewhere = verify(data, Trust::Pinned(&stranger), &limits);
    match &first {
        Err(e) => {
            check_bundle_error(e);
            let e = pinned_elsewhere.expect_err("refused on first contact, accepted pinned to a stranger's key");
            check_bundle_error(&e);
        }
        Ok(v) => {
            check_verified(data, v);
            let again = verify(data, Trust::Pinned(&v.signer), &limits).expect("verifies pinned to its own signer");
            assert_eq!(again.manifest, v.manifest);
            assert_eq!(again.into_entries(), v.clone().into_entries());
            let e = pinned_elsewhere.expect_err("accepted pinned to a stranger's key");
            assert_eq!(e.code(), "E_BUNDLE_WRONG_KEY", "{e}");
        }
    }
    match verify(data, Trust::Manifest, &TIGHT) {
        Err(e) => check_bundle_error(&e),
        Ok(v) => {
            let loose = first.as_ref().expect("passes tight limits but not the default ones");
            assert_eq!(v.manifest, loose.manifest);
        }
    }
}

fn check_bundle_error(e: &BundleError) {
    let message = e.to_string();
    assert!(VERIFY_CODES.contains(&e.code()), "unexpected code {}: {message}", e.code());
    assert!(has_cjk(&message), "not Chinese: {message}");
    assert!(!message.chars().any(char::is_control), "control characters in {message:?}");
}

fn check_verified(data: &[u8], v: &Verified) {
    let m = &v.manifest;
    assert_eq!(v.file_sha256, sha256_hex(data));
    assert_eq!(m.format, FORMAT);
    assert!((1..=FORMAT_VERSION).contains(&m.format_version));
    assert_eq!(v.signer.to_base64(), m.source.public_key);
    assert_eq!(v.signer.fingerprint(), m.source.fingerprint);
    let listed: BTreeSet<&str> = m.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(listed.len(), m.entries.len(), "an entry listed twice");
    assert_eq!(v.entry_names().collect::<BTreeSet<_>>(), listed);
    for info in &m.entries {
        let bytes = v.entry(&info.name).expect("a listed entry");
        assert_eq!(bytes.len() as u64, info.size, "{}", info.name);
        assert_eq!(sha256_hex(bytes), info.sha256, "{}", info.name);
        let name = &info.name;
        let safe = !name.starts_with('/')
            && !name.contains('\\')
            && !name.chars().any(char::is_control)
            && name.split('/').all(|c| !c.is_empty() && c != "." && c != "..");
        assert!(safe, "unsafe entry name accepted: {name:?}");
    }
}

// --- rubrics -------------------------------------------------------------------------------

/// A rubric file (评分细则), as a branch loads it or a city template carries it: checked, then
/// scored by the one engine against the demo branch's figures.
///
/// Input: the file's bytes; the loader refuses what is not UTF-8 before parsing.
///
/// Holds: no panic; a refusal is `E_FILE` in Chinese naming the file; a rubric that loads has
/// no problem left and its check agrees (`rubrics::check_text`); one that parses but does not
/// load is refused with exactly its problems. A loaded rubric scores — with nothing entered,
/// with every item at its best and at its worst entry the checks allow — with every
/// indicator between 0 and its points, every item scored by hand within its bounds, the base
/// within the total, and the counts of scored and open items adding up.
pub fn rubric(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let check = check_text(text, ORIGIN);
    match Rubric::load(text, ORIGIN) {
        Err(e) => {
            check_file_error(&e, ORIGIN);
            assert!(!check.ok, "refused, but its check passed: {e}");
            if let Ok(r) = Rubric::parse(text, ORIGIN) {
                let problems = r.problems();
                assert!(!problems.is_empty(), "parses without problems, yet refused: {e}");
                assert!(e.to_string().contains(&format!("{} 处错误", problems.len())), "{e}");
                assert!(problems.iter().all(|p| has_cjk(p)), "{problems:?}");
            }
        }
        Ok(r) => {
            assert!(r.problems().is_empty());
            let builtin = ledger_core::assessment::rubric::BUILTIN.iter().any(|(id, _)| *id == r.id);
            assert!(check.ok || builtin, "loads, but its check says {:?}", check.problems);
            let figures = fixture::with(|fx| fx.figures.clone());
            for entries in [Entries::Nothing, Entries::Best, Entries::Worst] {
                let stored = entries.stored(&r);
                let result = evaluate(&r, AssessmentInfo::unsaved(&r, 2024, None), &stored, &figures, None);
                check_scores(&r, &result);
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Entries {
    Nothing,
    Best,
    Worst,
}

impl Entries {
    /// For every item and extra, the entry this case makes — kept only if the check the app
    /// applies to a clerk's entry accepts it.
    fn stored(self, r: &Rubric) -> HashMap<String, Stored> {
        let mut out = HashMap::new();
        if let Entries::Nothing = self {
            return out;
        }
        let best = matches!(self, Entries::Best);
        let kinds = r.items.iter().map(|i| (&i.id, i.how, i.points)).chain(
            r.extras.iter().map(|e| (&e.id, e.how, e.points.unwrap_or(if e.kind == "deduction" { -1.0 } else { 1.0 }))),
        );
        for (id, how, points) in kinds {
            let input = match how {
                HowKind::Manual => ScoreInput { score: Some(if best { points } else { 0.0 }), ..ScoreInput::default() },
                HowKind::Flag => ScoreInput { flag: Some(best), ..ScoreInput::default() },
                HowKind::Count => {
                    ScoreInput { count: Some(if best { 10_000.0 } else { 0.0 }), ..ScoreInput::default() }
                }
                HowKind::Percent => {
                    ScoreInput { percent: Some(if best { 100.0 } else { 0.0 }), ..ScoreInput::default() }
                }
                HowKind::Computed => continue,
            };
            if check_input(r, id, &input).is_ok() {
                out.insert(id.clone(), Stored { input, ..Stored::default() });
            }
        }
        out
    }
}

fn check_scores(r: &Rubric, result: &AssessmentResult) {
    const EPS: f64 = 1e-6;
    for g in &result.groups {
        for i in &g.indicators {
            assert!(i.score.is_finite() && i.score >= 0.0 && i.score <= i.max + EPS, "indicator {i:?}");
        }
        assert!(g.group.score.is_finite() && g.group.score <= g.group.max + EPS, "group {:?}", g.group);
    }
    assert!(result.base >= 0.0 && result.base <= r.total + EPS, "base {} of {}", result.base, r.total);
    for it in &r.items {
        let Some(score) = result.items.iter().find(|s| s.id == it.id && s.extra.is_none()) else {
            panic!("item {} has no score line", it.id)
        };
        if let (Some(s), false) = (score.score, it.how == HowKind::Count) {
            assert!(s >= -EPS && s <= it.points + EPS, "item {} scored {s} of {}", it.id, it.points);
        }
    }
    let main = result.items.iter().filter(|i| i.extra.is_none()).count() as i64;
    assert_eq!(main, r.items.len() as i64);
    assert_eq!(result.scored + result.unscored, main);
}

// --- task templates and the standard equipment list ----------------------------------------

/// A year's task template (a city bureau's `template/tasks.toml`, or a file the clerk picks).
///
/// Holds: no panic; a refusal is `E_FILE` in Chinese naming the file; a template that parses
/// has tasks, one task input each, and — in the years the ledger accepts (2000–2100) — every
/// deadline phrase reads with the invariants of [`fn@deadline`].
pub fn template(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Template::parse(text, ORIGIN) {
        Err(e) => check_file_error(&e, ORIGIN),
        Ok(t) => {
            assert!(!t.tasks.is_empty());
            assert_eq!(t.inputs(t.year).len(), t.tasks.len());
            if (2000..=2100).contains(&t.year) {
                for task in &t.tasks {
                    let phrase = task.deadline.trim();
                    check_deadline(phrase, t.year, deadline::parse(phrase, t.year));
                }
            }
        }
    }
}

/// A standard equipment list (a newer edition, or a city template's
/// `reference/equipment-standard.toml`): parsed and, if it parses, loaded over the demo
/// branch's list as a dry run (what `standard load --dry-run` shows).
///
/// Holds: no panic; a refusal is `E_FILE` in Chinese naming the file; a list that parses has an
/// edition, items with unique non-blank names, and loads (its report accounts for every item:
/// each is added or kept), changing nothing.
pub fn standard(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match StandardFile::parse(text, ORIGIN) {
        Err(e) => check_file_error(&e, ORIGIN),
        Ok(f) => {
            assert!(!f.edition.trim().is_empty() && !f.items.is_empty());
            let names: BTreeSet<&str> = f.items.iter().map(|i| i.name.trim()).collect();
            assert_eq!(names.len(), f.items.len(), "duplicate names accepted");
            assert!(!names.contains(""), "a blank name accepted");
            fixture::with(|fx| {
                let report = fx.ledger.load_standard_edition(text, ORIGIN, true);
                let report = report.unwrap_or_else(|e| panic!("parses, but does not load: {} {e}", e.code()));
                assert_eq!(report.added.len() + report.kept.len(), f.items.len(), "{report:?}");
                fx.assert_unchanged("a dry-run load of the standard list");
            });
        }
    }
}
