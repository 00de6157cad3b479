//! Property tests over the fuzz targets: arbitrary bytes, the committed seeds mutated, and
//! inputs built from each parser's own vocabulary. A target panics when an invariant breaks.

use std::collections::BTreeMap;

use ledger_bundle::{verify, BundleBuilder, BundleKind, KeyPair, Limits, ManifestHeader, Source, SourceRole, Trust};
use ledger_fuzz_targets::grid::{Cell, Sheet};
use ledger_fuzz_targets::{
    bundle_reader, corpus_dir, deadline, excel_import, excel_rows, rubric, standard, template, TARGETS,
};
use proptest::prelude::*;
use proptest::sample::Index;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// The committed seeds of a target.
fn seeds(target: &str) -> Vec<Vec<u8>> {
    let mut paths: Vec<_> = std::fs::read_dir(corpus_dir().join(target)).unwrap().flatten().map(|e| e.path()).collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// One edit of a byte string.
#[derive(Debug, Clone)]
enum Edit {
    Flip(Index, u8),
    Set(Index, u8),
    Insert(Index, Vec<u8>),
    Remove(Index, usize),
    Truncate(Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<Index>(), 1u8..).prop_map(|(i, b)| Edit::Flip(i, b)),
        3 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
        2 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..16)).prop_map(|(i, b)| Edit::Insert(i, b)),
        2 => (any::<Index>(), 1usize..64).prop_map(|(i, n)| Edit::Remove(i, n)),
        1 => any::<Index>().prop_map(Edit::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        if bytes.is_empty() {
            break;
        }
        match e {
            Edit::Flip(i, b) => {
                let at = i.index(bytes.len());
                bytes[at] ^= b;
            }
            Edit::Set(i, b) => {
                let at = i.index(bytes.len());
                bytes[at] = *b;
            }
            Edit::Insert(i, b) => {
                let at = i.index(bytes.len() + 1);
                bytes.splice(at..at, b.iter().copied());
            }
            Edit::Remove(i, n) => {
                let at = i.index(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
            Edit::Truncate(i) => bytes.truncate(i.index(bytes.len())),
        }
    }
    bytes
}

/// A committed seed of `target` with a few byte edits.
fn mutated(target: &'static str, edits: usize) -> impl Strategy<Value = Vec<u8>> {
    let all = seeds(target);
    (prop::sample::select(all), prop::collection::vec(edit(), 1..=edits)).prop_map(|(s, e)| apply(s, &e))
}

// --- deadline phrases ------------------------------------------------------------------------

fn numeral() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..40).prop_map(|n| n.to_string()),
        (0u32..40).prop_map(|n| n.to_string().chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect()),
        prop::sample::select(vec![
            "一",
            "二",
            "两",
            "三",
            "四",
            "六",
            "九",
            "十",
            "十一",
            "十二",
            "二十",
            "三十一",
            "十十",
            "一十"
        ])
        .prop_map(str::to_string),
    ]
}

/// A phrase put together from the words `deadline.rs` knows, blanks anywhere.
fn phrase() -> impl Strategy<Value = String> {
    let year = prop::sample::select(vec!["", "", "2024年", "2025年", "本年", "今年", "0999年", "9999年", "24年"]);
    let word = prop_oneof![
        (numeral(), prop::sample::select(vec!["月", "季度", "日", "号", "月份", ""]))
            .prop_map(|(n, u)| format!("{n}{u}")),
        prop::sample::select(vec![
            "第",
            "底",
            "末",
            "份",
            "内",
            "年内",
            "年底",
            "上半年",
            "下半年",
            "全年",
            "年度",
            "-",
            "/",
            ".",
            "年",
        ])
        .prop_map(str::to_string),
    ];
    let suffix = prop::sample::select(vec!["", "", "前", "之前", "以前", "完成", "截止", "止", "前完成", "底以前"]);
    let ongoing = prop::sample::select(vec!["长期坚持", "长期", "持续推进", "常态化开展", "常年", "无", "/"]);
    prop_oneof![
        4 => (year, prop::collection::vec(word, 1..4), suffix)
            .prop_map(|(y, w, s)| format!("{y}{}{s}", w.concat())),
        1 => ongoing.prop_map(str::to_string),
    ]
    .prop_flat_map(|p| {
        let n = p.chars().count();
        (Just(p), prop::collection::vec((0..=n, prop::sample::select(vec![" ", "\u{3000}", "\t"])), 0..3))
    })
    .prop_map(|(p, blanks)| {
        let mut chars: Vec<String> = p.chars().map(String::from).collect();
        for (at, b) in blanks {
            chars.insert(at.min(chars.len()), b.to_string());
        }
        chars.concat()
    })
}

fn with_year(year: i16, text: &str) -> Vec<u8> {
    let mut bytes = year.to_le_bytes().to_vec();
    bytes.extend(text.as_bytes());
    bytes
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn deadline_any_text(year in any::<i16>(), text in "\\PC{0,24}") {
        deadline(&with_year(year, &text));
    }

    #[test]
    fn deadline_phrases_from_its_vocabulary(year in -24i16..76, text in phrase()) {
        deadline(&with_year(year, &text));
    }

    #[test]
    fn deadline_bytes(bytes in prop::collection::vec(any::<u8>(), 0..40)) {
        deadline(&bytes);
    }
}

// --- Excel --------------------------------------------------------------------------------

fn grid_cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        3 => Just(Cell::Blank),
        6 => any::<u8>().prop_map(Cell::Vocab),
        2 => "\\PC{0,12}".prop_map(Cell::Text),
        1 => any::<f64>().prop_map(Cell::Number),
        1 => any::<i16>().prop_map(Cell::Int),
        1 => any::<u16>().prop_map(Cell::Date),
        2 => (0u8..60, any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(y, m, d, s)| Cell::DateText(y, m, d, s)),
    ]
}

fn grid_sheet() -> impl Strategy<Value = Sheet> {
    (any::<u8>(), any::<u8>(), prop::collection::vec(prop::collection::vec(grid_cell(), 0..14), 0..6))
        .prop_map(|(selector, layout, rows)| Sheet { selector, layout, rows })
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn excel_import_damaged_seeds(input in mutated("excel_import", 6)) {
        excel_import(&input);
    }

    #[test]
    fn excel_import_bytes_behind_a_signature(
        selector in any::<u8>(),
        ole in any::<bool>(),
        tail in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        let mut input = vec![selector];
        input.extend(if ole { &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..] } else { &b"PK\x03\x04"[..] });
        input.extend(tail);
        excel_import(&input);
    }

    #[test]
    fn excel_rows_built_cell_by_cell(sheet in grid_sheet()) {
        excel_rows(&sheet.encode());
    }

    #[test]
    fn excel_rows_mutated_seeds(input in mutated("excel_rows", 8)) {
        excel_rows(&input);
    }

    #[test]
    fn excel_rows_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        excel_rows(&bytes);
    }
}

#[test]
fn the_grid_encoding_round_trips() {
    let sheet = Sheet {
        selector: 0x85,
        layout: 0b1011,
        rows: vec![
            vec![Cell::Text("执法".into()), Cell::Blank, Cell::Vocab(7), Cell::Number(-0.5)],
            vec![],
            vec![Cell::Int(-3), Cell::Date(12_000), Cell::DateText(34, 7, 31, 3)],
        ],
    };
    assert_eq!(Sheet::decode(&sheet.encode()), Some(sheet));
}

// --- bundles ------------------------------------------------------------------------------

fn key() -> &'static KeyPair {
    static KEY: std::sync::OnceLock<KeyPair> = std::sync::OnceLock::new();
    KEY.get_or_init(KeyPair::generate)
}

fn header() -> ManifestHeader {
    let public = key().public();
    ManifestHeader {
        kind: BundleKind::Full,
        source: Source {
            id: "branch-1".into(),
            name: "滕州分局".into(),
            role: SourceRole::Branch,
            public_key: public.to_base64(),
            fingerprint: public.fingerprint(),
        },
        sequence: 1,
        previous: None,
        created_at: "2024-05-01T08:30:00Z".into(),
        program_version: "0.1.0".into(),
        counts: BTreeMap::new(),
    }
}

proptest! {
    #![proptest_config(config(160))]

    #[test]
    fn bundle_damaged_seeds(input in mutated("bundle_reader", 8)) {
        bundle_reader(&input);
    }

    #[test]
    fn bundle_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        bundle_reader(&bytes);
    }

    /// Whatever the writer accepts, the reader returns as it was given.
    #[test]
    fn bundle_what_the_writer_makes(
        entries in prop::collection::btree_map("[a-z0-9\\u{4e00}-\\u{4e20}._/ -]{1,24}", prop::collection::vec(any::<u8>(), 0..300), 0..6),
    ) {
        let mut builder = BundleBuilder::new();
        let mut accepted = BTreeMap::new();
        for (name, data) in entries {
            if builder.add(&name, data.clone()).is_ok() {
                accepted.insert(name, data);
            }
        }
        let built = builder.finish(header(), key()).unwrap();
        bundle_reader(&built.bytes);
        let v = verify(&built.bytes, Trust::Pinned(&key().public()), &Limits::default()).unwrap();
        prop_assert_eq!(v.into_entries(), accepted);
    }
}

// --- rubrics, templates, standard lists -------------------------------------------------------

/// One edit of a TOML text, line by line.
#[derive(Debug, Clone)]
enum LineEdit {
    Delete(Index),
    Duplicate(Index),
    Swap(Index, Index),
    /// The line's value (after `=`) replaced.
    Value(Index, &'static str),
}

const VALUES: &[&str] = &[
    "0",
    "-0.0",
    "-1",
    "-1e-10",
    "1e-10",
    "0.5",
    "100",
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "-inf",
    "2147483647",
    "-2147483648",
    "9223372036854775807",
    "\"\"",
    "\" \"",
    "\"一\"",
    "\"1\"",
    "\"①\"",
    "\"F1\"",
    "\"T4\"",
    "\"E2\"",
    "\"unit\"",
    "\"person\"",
    "\"manual\"",
    "\"computed\"",
    "\"percent\"",
    "\"flag\"",
    "\"count\"",
    "\"pass\"",
    "\"tiers\"",
    "\"all\"",
    "\"bonus\"",
    "\"deduction\"",
    "\"disqualify\"",
    "\"标配\"",
    "\"选配\"",
    "\"12月底前\"",
    "[]",
    "[{ at_least = 50, points = 1 }]",
    "[{ at_least = 101, points = 1 }]",
    "{}",
    "true",
];

fn line_edit() -> impl Strategy<Value = LineEdit> {
    prop_oneof![
        1 => any::<Index>().prop_map(LineEdit::Delete),
        1 => any::<Index>().prop_map(LineEdit::Duplicate),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| LineEdit::Swap(a, b)),
        4 => (any::<Index>(), prop::sample::select(VALUES)).prop_map(|(i, v)| LineEdit::Value(i, v)),
    ]
}

fn edit_lines(text: &str, edits: &[LineEdit]) -> Vec<u8> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for e in edits {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match e {
            LineEdit::Delete(i) => {
                lines.remove(i.index(n));
            }
            LineEdit::Duplicate(i) => {
                let at = i.index(n);
                lines.insert(at, lines[at].clone());
            }
            LineEdit::Swap(a, b) => lines.swap(a.index(n), b.index(n)),
            LineEdit::Value(i, v) => {
                // Only the lines that set a value; the edit goes to the i-th of them.
                let setting: Vec<usize> = (0..n).filter(|&k| lines[k].contains(" = ")).collect();
                if let Some(&k) = setting.get(i.index(setting.len().max(1))) {
                    let key = lines[k].split(" = ").next().unwrap_or_default().to_string();
                    lines[k] = format!("{key} = {v}");
                }
            }
        }
    }
    (lines.join("\n") + "\n").into_bytes()
}

/// A committed seed of `target` (UTF-8 text) with a few line edits.
fn edited(target: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let texts: Vec<String> = seeds(target).into_iter().map(|b| String::from_utf8(b).unwrap()).collect();
    (prop::sample::select(texts), prop::collection::vec(line_edit(), 1..=4)).prop_map(|(t, e)| edit_lines(&t, &e))
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn rubric_edited_seeds(input in edited("rubric")) {
        rubric(&input);
    }

    #[test]
    fn rubric_damaged_seeds(input in mutated("rubric", 4)) {
        rubric(&input);
    }

    #[test]
    fn template_edited_seeds(input in edited("template")) {
        template(&input);
    }

    #[test]
    fn standard_edited_seeds(input in edited("standard")) {
        standard(&input);
    }

    #[test]
    fn toml_targets_any_text(text in "\\PC{0,200}") {
        for target in [rubric, template, standard] {
            target(text.as_bytes());
        }
    }
}

/// An item: its points and its kind of scoring, as indexes into [`POINTS`] and [`HOWS`].
type ItemSpec = (usize, usize);
/// An indicator: its sections (each a list of items), and the items directly under it.
type IndicatorSpec = (Vec<Vec<ItemSpec>>, Vec<ItemSpec>);

/// A rubric put together part by part, its points summed bottom-up so that it checks, then one
/// part's points nudged by a rounding-sized amount (which the check tolerates) or by more.
#[derive(Debug, Clone)]
struct Tree {
    /// Groups → indicators.
    groups: Vec<Vec<IndicatorSpec>>,
    nudge: (Index, f64),
}

const POINTS: &[f64] = &[0.0, 0.5, 1.0, 2.5, 10.0];
const HOWS: &[&str] = &[
    "how = \"manual\"",
    "how = \"flag\"",
    "how = \"percent\"",
    "how = \"percent\"\ntiers = [{ at_least = 90, points = P }, { at_least = 50, points = 0 }]",
    "how = \"count\"\nper = -0.5\nbase = P\ncap = -P",
    "how = \"computed\"\nrule = \"pass_or_na\"\nfigure = \"F1\"",
    "how = \"computed\"\nrule = \"tiers\"\nfigure = \"F3\"\ntiers = [{ at_least = 80, points = P }]",
    "how = \"computed\"\nrule = \"count\"\nfigures = [{ figure = \"T1\" }]\nat_least = 2",
];

fn tree() -> impl Strategy<Value = Tree> {
    let item = (0..POINTS.len(), 0..HOWS.len());
    let items = prop::collection::vec(item, 0..3);
    let indicator = (prop::collection::vec(items.clone(), 0..3), items);
    let group = prop::collection::vec(indicator, 1..3);
    let nudge = prop::sample::select(vec![0.0, 1e-10, -1e-10, -5e-10, 1e-3, -1.0]);
    (prop::collection::vec(group, 1..3), any::<Index>(), nudge)
        .prop_map(|(groups, at, by)| Tree { groups, nudge: (at, by) })
}

impl Tree {
    fn toml(&self) -> String {
        let mut parts = String::new();
        let mut points: Vec<f64> = Vec::new(); // every group, indicator and section, in order
        let mut lines: Vec<String> = Vec::new(); // their TOML, with {P} for their points
        let mut items = String::new();
        let mut n = 0;
        let mut item = |parent: &str, (p, h): ItemSpec, items: &mut String| -> f64 {
            n += 1;
            let pts = POINTS[p];
            let how = HOWS[h].replace('P', &pts.to_string());
            items.push_str(&format!(
                "[[items]]\nid = \"i{n}\"\n{parent}\npoints = {pts}\ncriteria = \"评分项 {n}\"\n{how}\n\n"
            ));
            pts
        };
        for (g, group) in self.groups.iter().enumerate() {
            let gi = points.len();
            points.push(0.0);
            lines.push(format!("[[groups]]\nid = \"g{g}\"\nname = \"一级 {g}\"\npoints = {{P}}\n"));
            for (i, (sections, direct)) in group.iter().enumerate() {
                let ii = points.len();
                points.push(0.0);
                lines.push(format!(
                    "[[indicators]]\nid = \"g{g}.{i}\"\ngroup = \"g{g}\"\nname = \"二级 {g}.{i}\"\npoints = {{P}}\n"
                ));
                let mut sum = 0.0;
                for (s, section) in sections.iter().enumerate() {
                    let si = points.len();
                    points.push(0.0);
                    lines.push(format!(
                        "[[sections]]\nid = \"g{g}.{i}.{s}\"\nindicator = \"g{g}.{i}\"\nname = \"三级\"\npoints = {{P}}\n"
                    ));
                    let parent = format!("section = \"g{g}.{i}.{s}\"");
                    points[si] = section.iter().map(|it| item(&parent, *it, &mut items)).sum();
                    sum += points[si];
                }
                let parent = format!("indicator = \"g{g}.{i}\"");
                sum += direct.iter().map(|it| item(&parent, *it, &mut items)).sum::<f64>();
                points[ii] = sum;
                points[gi] += sum;
            }
        }
        let total: f64 = lines.iter().zip(&points).filter(|(l, _)| l.starts_with("[[groups]]")).map(|(_, p)| p).sum();
        let (at, by) = self.nudge;
        let k = at.index(points.len());
        points[k] += by;
        parts.push_str(&format!(
            "id = \"fuzz-tree\"\ntitle = \"拼装的评分细则\"\nsubject = \"unit\"\ntotal = {total}\n"
        ));
        parts.push_str("grades = [{ name = \"合格\", min = 0.5 }]\n\n");
        for (line, p) in lines.iter().zip(&points) {
            parts.push_str(&line.replace("{P}", &format!("{p:e}")));
            parts.push('\n');
        }
        parts.push_str(&items);
        parts.push_str(
            "[[extras]]\nid = \"x1\"\nkind = \"bonus\"\nname = \"表彰\"\ncriteria = \"获表彰\"\nhow = \"flag\"\npoints = 1\n\n\
             [[extras]]\nid = \"x2\"\nkind = \"deduction\"\nname = \"通报\"\ncriteria = \"每次扣 0.5 分\"\nhow = \"count\"\nper = -0.5\ncap = -2\n",
        );
        parts
    }
}

proptest! {
    #![proptest_config(config(96))]

    /// Rubrics that check (or nearly), scored: the engine must keep its bounds on all of them.
    #[test]
    fn rubric_built_part_by_part(t in tree()) {
        rubric(t.toml().as_bytes());
    }
}

#[test]
fn every_target_takes_the_empty_input() {
    for (_, target) in TARGETS {
        target(&[]);
    }
}
