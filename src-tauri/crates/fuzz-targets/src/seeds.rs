//! The seed corpora committed in `src-tauri/fuzz/corpus/<target>/`, and how they were made:
//! the program's own output wherever it has some (the demo branch's exports cut to three rows,
//! bundles from `ledger-bundle`'s writer, the shipped rubrics, template and standard list), and
//! a few small hand-written inputs.
//!
//! `cargo run -p ledger-fuzz-targets --example regenerate_seeds` writes them again
//! (the bundles get a new key each time, so their bytes change).

use std::collections::BTreeMap;
use std::path::Path;

use calamine::Data;
use chrono::NaiveDate;
use ledger_bundle::{BundleBuilder, BundleKind, KeyPair, ManifestHeader, Previous, Source, SourceRole, TableCount};
use ledger_core::store::dates;

use crate::fixture::{self, cell_text, export, read_grid, SHEET_KINDS};
use crate::grid::{self, columns_of, Cell, Sheet, Value};

/// One seed: its target, its file name, its bytes.
pub struct Seed {
    /// The target it feeds.
    pub target: &'static str,
    /// Its file name in the target's corpus folder.
    pub name: String,
    /// The input.
    pub bytes: Vec<u8>,
}

fn seed(target: &'static str, name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Seed {
    Seed { target, name: name.into(), bytes: bytes.into() }
}

/// Deadline phrases as the source documents and the demo write them, and some they do not.
pub const DEADLINE_PHRASES: &[&str] = &[
    "7月底前",
    "7 月底前",
    "５月１５日前",
    "2024年4月底前",
    "2025-03-31",
    "2024/7/31",
    "20240731",
    "年内",
    "年底前",
    "上半年",
    "第三季度",
    "二季度末",
    "十二月底前",
    "9月20日前",
    "6月底前完成",
    "长期坚持",
    "持续推进",
    "常态化开展",
    "6月前",
    "13月底前",
    "2月30日前",
    "尽快",
    "/",
    "",
];

const RUBRIC_MINI: &str = r#"id = "fuzz-mini"
title = "最小评分细则"
subject = "unit"
total = 10
grades = [{ name = "合格", min = 6 }, { name = "优秀", min = 9 }]

[[groups]]
id = "一"
name = "队伍建设"
points = 10

[[indicators]]
id = "1"
group = "一"
name = "持证与管理"
points = 10

[[sections]]
id = "1.1"
indicator = "1"
name = "持证"
points = 6

[[items]]
id = "1.1.1"
section = "1.1"
points = 4
criteria = "持证率达到 90% 得 4 分，80% 得 2 分"
how = "computed"
rule = "tiers"
figure = "F1"
tiers = [{ at_least = 90, points = 4 }, { at_least = 80, points = 2 }]

[[items]]
id = "1.1.2"
section = "1.1"
points = 2
criteria = "按审验完成比例得分"
how = "percent"

[[items]]
id = "1.2"
indicator = "1"
points = 4
criteria = "每发现一次问题扣 1 分"
how = "count"
per = -1
base = 4
cap = -4

[[extras]]
id = "加1"
kind = "bonus"
name = "表彰"
criteria = "获省级表彰"
how = "flag"
points = 2

[[extras]]
id = "减1"
kind = "deduction"
name = "通报"
criteria = "被通报一次扣 1 分"
how = "count"
per = -1
cap = -3
"#;

const TEMPLATE_MINI: &str = r#"title = "2025年重点任务（示例）"
year = 2025

[[tasks]]
seq = 1
category = "(一)队伍建设"
main_task = "培训"
detail = "组织全员执法培训。"
lead_units = ["法制科"]
responsible_units = ["各分局"]
deadline = "6月30日前"

[[tasks]]
seq = 2
detail = "完成装备配备。"
deadline = "第三季度末"
"#;

const STANDARD_MINI: &str = r#"edition = "2024"
title = "示例标准"

[[groups]]
group = "①"
name = "执法执勤专用车"
points = 1.5

[[items]]
name = "执法执勤专用车"
category = "交通工具"
group = "①"
level = "标配"
required = 2

[[items]]
name = "无人机"
level = "选配"
"#;

fn repo_file(path: &str) -> Vec<u8> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..").join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("read {}: {e}", full.display()))
}

/// Every seed of every target.
pub fn all() -> Vec<Seed> {
    let mut out = Vec::new();
    for (i, phrase) in DEADLINE_PHRASES.iter().enumerate() {
        let mut bytes = vec![0, 0];
        bytes.extend(phrase.as_bytes());
        out.push(seed("deadline", format!("phrase-{i:02}"), bytes));
    }
    out.extend(excel_seeds());
    out.extend(bundle_seeds());
    for name in ["fujian-county-2022", "taian-2021-collective", "taian-2021-individual"] {
        out.push(seed("rubric", format!("{name}.toml"), repo_file(&format!("seeds/rubrics/{name}.toml"))));
    }
    out.push(seed("rubric", "mini.toml", RUBRIC_MINI));
    out.push(seed("template", "zaozhuang-2024.toml", repo_file("seeds/templates/zaozhuang-2024.toml")));
    out.push(seed("template", "mini.toml", TEMPLATE_MINI));
    out.push(seed(
        "standard",
        "equipment-standard-2020.toml",
        repo_file("seeds/reference/equipment-standard-2020.toml"),
    ));
    out.push(seed("standard", "mini.toml", STANDARD_MINI));
    out
}

/// Rows kept from each export: the header and this many data rows.
const ROWS: usize = 3;

/// For each sheet kind, the demo branch's export cut to its header and three rows: as a
/// workbook for `excel_import` (behind its selector byte), and cell by cell for `excel_rows`.
/// Also the core's .xls and .ods fixtures of the key-task sheet.
fn excel_seeds() -> Vec<Seed> {
    let mut out = Vec::new();
    let grids: Vec<Vec<Vec<Data>>> = fixture::with(|fx| {
        SHEET_KINDS
            .iter()
            .enumerate()
            .map(|(i, kind)| {
                let path = fx.dir.join(format!("seed-{i}.xlsx"));
                export(&fx.ledger, *kind, &path);
                read_grid(&path)
            })
            .collect()
    });
    for (i, (kind, grid)) in SHEET_KINDS.iter().zip(grids).enumerate() {
        let name = format!("{kind:?}").to_lowercase();
        let rows: Vec<Vec<Value>> = grid.iter().take(ROWS + 1).map(|r| r.iter().map(value).collect()).collect();
        let mut bytes = vec![i as u8];
        bytes.extend(grid::xlsx("台账", &rows));
        out.push(seed("excel_import", format!("{name}.xlsx.bin"), bytes));

        // The same rows under the header `excel_rows` writes (its columns, in its order).
        let header: Vec<String> = grid.first().map(|r| r.iter().map(cell_text).collect()).unwrap_or_default();
        let place: Vec<Option<usize>> = columns_of(*kind)
            .iter()
            .map(|c| header.iter().position(|h| h == c.header || c.aliases.contains(&h.as_str())))
            .collect();
        let data = grid.iter().skip(1).take(ROWS);
        let rows = data.map(|r| place.iter().map(|at| at.and_then(|j| r.get(j)).map_or(Cell::Blank, cell)).collect());
        out.push(seed(
            "excel_rows",
            format!("{name}.bin"),
            Sheet { selector: i as u8, layout: 0, rows: rows.collect() }.encode(),
        ));
    }
    for (selector, ext) in [(9u8, "xls"), (18, "ods")] {
        let mut bytes = vec![selector];
        bytes.extend(repo_file(&format!("src-tauri/crates/core/tests/fixtures/tasks.{ext}")));
        out.push(seed("excel_import", format!("tasks.{ext}.bin"), bytes));
    }
    out
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1990, 1, 1).expect("a date")
}

fn value(d: &Data) -> Value {
    match d {
        Data::Empty => Value::Blank,
        Data::Float(f) => Value::Number(*f),
        Data::Int(i) => Value::Number(*i as f64),
        Data::DateTime(dt) => dates::from_excel_serial(dt.as_f64()).map_or(Value::Blank, Value::Date),
        other => Value::Text(cell_text(other)),
    }
}

fn cell(d: &Data) -> Cell {
    match value(d) {
        Value::Blank => Cell::Blank,
        Value::Text(s) => Cell::Text(s),
        Value::Number(n) => Cell::Number(n),
        Value::Date(day) => {
            let days = (day - epoch()).num_days();
            u16::try_from(days).map_or(Cell::Text(dates::iso(day)), Cell::Date)
        }
    }
}

fn header(key: &KeyPair, kind: BundleKind, sequence: u64, previous: Option<Previous>) -> ManifestHeader {
    let public = key.public();
    let mut counts = BTreeMap::new();
    if kind.is_data() {
        counts.insert("tasks".to_string(), TableCount { rows: 2, deleted: 1 });
    }
    ManifestHeader {
        kind,
        source: Source {
            id: "branch-tengzhou".to_string(),
            name: "枣庄市生态环境局滕州分局".to_string(),
            role: if kind.is_data() { SourceRole::Branch } else { SourceRole::City },
            public_key: public.to_base64(),
            fingerprint: public.fingerprint(),
        },
        sequence,
        previous,
        created_at: "2024-05-01T08:30:00Z".to_string(),
        program_version: "0.1.0".to_string(),
        counts,
    }
}

/// Three small bundles from the bundle crate's own writer: a full one with a table and an
/// attachment, an incremental one with no entry, and a city template.
fn bundle_seeds() -> Vec<Seed> {
    let key = KeyPair::generate();
    let build = |entries: &[(&str, &[u8])], header: ManifestHeader| {
        let mut b = BundleBuilder::new();
        for (name, bytes) in entries {
            b.add(name, bytes.to_vec()).expect("a valid entry");
        }
        b.finish(header, &key).expect("a valid bundle").bytes
    };
    let full = build(
        &[
            (
                "tables/tasks.jsonl",
                "{\"id\":\"a\",\"detail\":\"加强业务指导\"}\n{\"id\":\"b\",\"deleted\":1}\n".as_bytes(),
            ),
            ("attachments/现场照片.txt", "照片说明".as_bytes()),
        ],
        header(&key, BundleKind::Full, 1, None),
    );
    let previous = Previous { sequence: 1, manifest_sha256: "0".repeat(64) };
    let incremental = build(&[], header(&key, BundleKind::Incremental, 2, Some(previous)));
    let template =
        build(&[("template/tasks.toml", TEMPLATE_MINI.as_bytes())], header(&key, BundleKind::Template, 1, None));
    vec![
        seed("bundle_reader", "full.zip", full),
        seed("bundle_reader", "incremental.zip", incremental),
        seed("bundle_reader", "template.zip", template),
    ]
}

/// Replace every corpus folder under `dir` with the seeds of [`all`].
pub fn write(dir: &Path) -> std::io::Result<()> {
    let seeds = all();
    for (target, _) in crate::TARGETS {
        let folder = dir.join(target);
        if folder.exists() {
            std::fs::remove_dir_all(&folder)?;
        }
        std::fs::create_dir_all(&folder)?;
    }
    for s in seeds {
        std::fs::write(dir.join(s.target).join(&s.name), &s.bytes)?;
    }
    Ok(())
}
