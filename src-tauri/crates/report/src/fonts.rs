//! Fonts: which face prints which element, where it comes from, and glyph measurement.
//!
//! Two faces are built in (SIL OFL 1.1, fetched by `make fonts`, embedded with
//! `include_bytes!`): Noto Serif SC for text and Noto Sans SC Bold for headings. Where the PC
//! has the fonts offices set documents in after GB/T 9704 — 方正小标宋简体 (title), 黑体 (level-1
//! headings), 楷体 (level-2 headings), 仿宋 (body) — they are found by file name in the usual
//! font folders and used for their element instead. A [`FontPlan`] says which face each element
//! uses, one line per element, so the app can show it; [`FontPlan::builtin`] forces the built-in
//! faces (the tests use it, so their PDFs are the same on every machine).
//!
//! Parsing a 15 MB face takes tens of milliseconds, so every face is parsed once per process
//! (a `OnceLock` for the built-in ones, a cache by path for system fonts) and shared.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use printpdf::ParsedFont;
use serde::{Deserialize, Serialize};

use crate::ReportError;

static SERIF_BYTES: &[u8] = include_bytes!("../../../../assets/fonts/NotoSerifSC-Regular.ttf");
static SANS_BYTES: &[u8] = include_bytes!("../../../../assets/fonts/NotoSansSC-Bold.ttf");

/// The elements of a document that GB/T 9704 sets in different typefaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Element {
    /// The title: 2号 小标宋.
    Title,
    /// Level-1 headings (一、), table headers: 黑体.
    Heading1,
    /// Level-2 headings (（一）): 楷体.
    Heading2,
    /// Body text and table cells: 仿宋.
    Body,
    /// Page numbers: 4号 宋体.
    PageNumber,
}

impl Element {
    pub const ALL: [Element; 5] =
        [Element::Title, Element::Heading1, Element::Heading2, Element::Body, Element::PageNumber];

    /// The element's name as the report settings show it.
    pub fn label(self) -> &'static str {
        match self {
            Element::Title => "标题",
            Element::Heading1 => "一级标题",
            Element::Heading2 => "二级标题",
            Element::Body => "正文",
            Element::PageNumber => "页码",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A built-in face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Builtin {
    Serif,
    Sans,
}

impl Builtin {
    fn family(self) -> &'static str {
        match self {
            Builtin::Serif => "Noto Serif SC",
            Builtin::Sans => "Noto Sans SC",
        }
    }

    /// The built-in face each element falls back to: headings in the sans, text in the serif.
    fn for_element(e: Element) -> Builtin {
        match e {
            Element::Title | Element::Heading1 | Element::Heading2 => Builtin::Sans,
            Element::Body | Element::PageNumber => Builtin::Serif,
        }
    }
}

/// The office fonts looked for, per element, best first: (family as shown, file names,
/// lower case). The GBK fonts come before the `_GB2312` ones: GB2312 lacks names such as 喆 and
/// 堃.
type Candidates = &'static [(&'static str, &'static [&'static str])];

const SYSTEM_FONTS: [(Element, Candidates); 4] = [
    (Element::Title, &[("方正小标宋简体", &["fzxbsjw.ttf", "fzxbsjw--gb1-0.ttf", "方正小标宋简体.ttf", "fzxbsk.ttf"])]),
    (Element::Heading1, &[("黑体", &["simhei.ttf", "黑体.ttf"])]),
    (
        Element::Heading2,
        &[
            ("楷体", &["simkai.ttf", "楷体.ttf", "kaiti.ttf"]),
            ("楷体_GB2312", &["楷体_gb2312.ttf", "kaiti_gb2312.ttf"]),
        ],
    ),
    (
        Element::Body,
        &[
            ("仿宋", &["simfang.ttf", "仿宋.ttf", "fangsong.ttf"]),
            ("仿宋_GB2312", &["仿宋_gb2312.ttf", "fangsong_gb2312.ttf", "fs_gb2312.ttf"]),
        ],
    ),
];

/// Which face one element uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FontChoice {
    pub element: Element,
    /// 标题, 一级标题 …
    pub element_label: String,
    /// The family: 方正小标宋简体, Noto Serif SC …
    pub family: String,
    /// A font installed on this PC (else a built-in one).
    pub system: bool,
    /// The system font's file.
    pub path: Option<PathBuf>,
    /// The line the settings show: `标题：方正小标宋简体（系统字体）`.
    pub line: String,
}

/// The face of every element of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FontPlan {
    /// One per element, in [`Element::ALL`] order.
    pub choices: Vec<FontChoice>,
    /// The built-in faces were asked for, whatever the PC has.
    pub builtin_only: bool,
}

impl FontPlan {
    /// The built-in faces for every element: the same PDF on every machine.
    pub fn builtin() -> FontPlan {
        FontPlan { choices: Element::ALL.iter().map(|&e| builtin_choice(e, None)).collect(), builtin_only: true }
    }

    /// The office fonts this PC has (see [`font_dirs`]), the built-in faces for the rest.
    pub fn detect() -> FontPlan {
        FontPlan::detect_in(&font_dirs())
    }

    /// [`FontPlan::builtin`] when `builtin_only` (the report setting), else [`FontPlan::detect`].
    pub fn choose(builtin_only: bool) -> FontPlan {
        if builtin_only {
            FontPlan::builtin()
        } else {
            FontPlan::detect()
        }
    }

    /// The office fonts found in `dirs` (searched by file name, a few levels deep). A file that
    /// cannot be read as a font is passed over, and the line says so.
    pub fn detect_in(dirs: &[PathBuf]) -> FontPlan {
        let files = scan(dirs);
        let choices = Element::ALL
            .iter()
            .map(|&element| {
                let wanted = SYSTEM_FONTS.iter().find(|(e, _)| *e == element).map(|(_, f)| *f).unwrap_or(&[]);
                let mut unreadable = None;
                for (family, names) in wanted {
                    let Some(path) = names.iter().find_map(|n| files.get(*n)) else { continue };
                    if system_face(path).is_some() {
                        return FontChoice {
                            element,
                            element_label: element.label().to_string(),
                            family: family.to_string(),
                            system: true,
                            path: Some(path.clone()),
                            line: format!("{}：{family}（系统字体）", element.label()),
                        };
                    }
                    unreadable.get_or_insert_with(|| path.clone());
                }
                builtin_choice(element, unreadable.as_deref())
            })
            .collect();
        FontPlan { choices, builtin_only: false }
    }

    /// One line per element, as the report settings show them.
    pub fn lines(&self) -> Vec<String> {
        self.choices.iter().map(|c| c.line.clone()).collect()
    }

    /// The choice for `element`.
    pub fn choice(&self, element: Element) -> Option<&FontChoice> {
        self.choices.iter().find(|c| c.element == element)
    }
}

impl Default for FontPlan {
    fn default() -> Self {
        FontPlan::builtin()
    }
}

fn builtin_choice(element: Element, unreadable: Option<&Path>) -> FontChoice {
    let family = Builtin::for_element(element).family();
    let note = match unreadable.and_then(|p| p.file_name()) {
        Some(name) => format!("（内置；系统字体 {} 无法读取）", name.to_string_lossy()),
        None => "（内置）".to_string(),
    };
    FontChoice {
        element,
        element_label: element.label().to_string(),
        family: family.to_string(),
        system: false,
        path: None,
        line: format!("{}：{family}{note}", element.label()),
    }
}

/// The folders searched for installed fonts: the usual Linux ones, and on Windows the system
/// and the per-user font folders.
pub fn font_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![PathBuf::from("/usr/share/fonts"), PathBuf::from("/usr/local/share/fonts")];
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join(".fonts"));
    }
    match std::env::var_os("WINDIR") {
        Some(w) => dirs.push(PathBuf::from(w).join("Fonts")),
        None => dirs.push(PathBuf::from(r"C:\Windows\Fonts")),
    }
    if let Some(local) = std::env::var_os("LOCALAPPDATA") {
        dirs.push(PathBuf::from(local).join(r"Microsoft\Windows\Fonts"));
    }
    dirs
}

/// Font files under `dirs` by lower-case file name (the first found wins).
fn scan(dirs: &[PathBuf]) -> HashMap<String, PathBuf> {
    fn walk(dir: &Path, depth: usize, out: &mut HashMap<String, PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() || (kind.is_symlink() && path.is_dir()) {
                if depth < 5 {
                    walk(&path, depth + 1, out);
                }
            } else if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                let lower = name.to_lowercase();
                if lower.ends_with(".ttf") || lower.ends_with(".otf") {
                    out.entry(lower).or_insert(path);
                }
            }
        }
    }
    let mut out = HashMap::new();
    for d in dirs {
        walk(d, 0, &mut out);
    }
    out
}

/// A built-in face, parsed once per process.
fn builtin_face(b: Builtin) -> Result<Arc<ParsedFont>, ReportError> {
    static SERIF: OnceLock<Option<Arc<ParsedFont>>> = OnceLock::new();
    static SANS: OnceLock<Option<Arc<ParsedFont>>> = OnceLock::new();
    let (cell, bytes) = match b {
        Builtin::Serif => (&SERIF, SERIF_BYTES),
        Builtin::Sans => (&SANS, SANS_BYTES),
    };
    cell.get_or_init(|| ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).map(Arc::new))
        .clone()
        .ok_or_else(|| ReportError::Font(format!("内置字体 {} 无法解析", b.family())))
}

/// A system font, parsed once per process (`None`: not a font we can embed).
fn system_face(path: &Path) -> Option<Arc<ParsedFont>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Option<Arc<ParsedFont>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(path) {
        return hit.clone();
    }
    let parsed = std::fs::read(path)
        .ok()
        .and_then(|bytes| ParsedFont::from_bytes(&bytes, 0, &mut Vec::new()))
        // A face without a CJK cmap (or without the source bytes to embed) is of no use here.
        .filter(|f| f.has_source_bytes() && f.lookup_glyph_index('国' as u32).is_some())
        .map(Arc::new);
    cache.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_path_buf(), parsed.clone());
    parsed
}

/// The built-in faces' files, `(file name, bytes)`: to hand the same faces to another program
/// (the benchmark's LibreOffice).
pub fn builtin_files() -> [(&'static str, &'static [u8]); 2] {
    [("NotoSerifSC-Regular.ttf", SERIF_BYTES), ("NotoSansSC-Bold.ttf", SANS_BYTES)]
}

/// Parse the faces of `plan` now (they are parsed once per process in any case); returns how
/// long it took, for the benchmark.
pub fn preload(plan: &FontPlan) -> Result<std::time::Duration, ReportError> {
    let t = std::time::Instant::now();
    FontSet::load(plan)?;
    Ok(t.elapsed())
}

/// One loaded face.
pub(crate) struct Face {
    pub font: Arc<ParsedFont>,
    /// Points per font unit at 1 pt.
    scale: f32,
}

/// The faces of one report: every element's face first, then the others in turn, then the
/// built-in pair, so a character the element's face lacks is taken from another face before
/// it is reported as missing.
pub(crate) struct FontSet {
    pub faces: Vec<Face>,
    chains: Vec<Vec<usize>>,
}

impl FontSet {
    pub fn load(plan: &FontPlan) -> Result<FontSet, ReportError> {
        #[derive(PartialEq, Eq, Hash, Clone)]
        enum Key {
            Builtin(Builtin),
            System(PathBuf),
        }
        let mut keys: Vec<Key> = Vec::new();
        let mut faces: Vec<Face> = Vec::new();
        let mut index_of = |key: Key, faces: &mut Vec<Face>| -> Result<usize, ReportError> {
            if let Some(i) = keys.iter().position(|k| *k == key) {
                return Ok(i);
            }
            let font = match &key {
                Key::Builtin(b) => builtin_face(*b)?,
                Key::System(p) => match system_face(p) {
                    Some(f) => f,
                    None => return Err(ReportError::Font(format!("系统字体 {} 无法读取", p.display()))),
                },
            };
            let upem = f32::from(font.font_metrics.units_per_em.max(1));
            faces.push(Face { font, scale: 1.0 / upem });
            keys.push(key);
            Ok(faces.len() - 1)
        };
        let mut primary = Vec::new();
        for &e in &Element::ALL {
            let key = match plan.choice(e) {
                Some(FontChoice { system: true, path: Some(p), .. }) => Key::System(p.clone()),
                _ => Key::Builtin(Builtin::for_element(e)),
            };
            primary.push(index_of(key, &mut faces)?);
        }
        let serif = index_of(Key::Builtin(Builtin::Serif), &mut faces)?;
        let sans = index_of(Key::Builtin(Builtin::Sans), &mut faces)?;
        let chains = Element::ALL
            .iter()
            .map(|e| {
                let mut seen = HashSet::new();
                // Its own face, the body's, the other elements', then the built-in pair.
                [primary[e.index()], primary[Element::Body.index()]]
                    .into_iter()
                    .chain(primary.iter().copied())
                    .chain([serif, sans])
                    .filter(|i| seen.insert(*i))
                    .collect()
            })
            .collect();
        Ok(FontSet { faces, chains })
    }

    /// The face that draws `ch` for `element`, and its advance at 1 pt; `None` when no face has
    /// the character.
    pub fn resolve(&self, element: Element, ch: char) -> Option<(usize, f32)> {
        for &i in &self.chains[element.index()] {
            let face = &self.faces[i];
            if let Some(gid) = face.font.lookup_glyph_index(ch as u32).filter(|g| *g != 0) {
                return Some((i, f32::from(face.font.get_horizontal_advance(gid)) * face.scale));
            }
        }
        None
    }

    /// The advance of `ch` at `size` points (0 for a character no face has).
    pub fn width(&self, element: Element, ch: char, size: f32) -> f32 {
        self.resolve(element, ch).map_or(0.0, |(_, w)| w * size)
    }

    /// The advance of `text` at `size` points.
    pub fn text_width(&self, element: Element, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.width(element, c, size)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_faces_measure_glyphs_and_fall_back_to_each_other() {
        let set = FontSet::load(&FontPlan::builtin()).unwrap();
        // A hanzi is one em: 16 pt at 3号.
        assert_eq!(set.width(Element::Body, '王', 16.0), 16.0);
        assert!(set.width(Element::Body, '1', 16.0) < 10.0);
        let (serif, _) = set.resolve(Element::Body, '王').unwrap();
        let (sans, _) = set.resolve(Element::Heading1, '王').unwrap();
        assert_ne!(serif, sans, "body and headings use different faces");
        // 𰻞 is only in the sans: the body takes it from there.
        assert_eq!(set.resolve(Element::Body, '\u{30EDE}').map(|r| r.0), Some(sans));
        // Neither face has a private-use character or 𠀀.
        assert!(set.resolve(Element::Body, '\u{10FFFD}').is_none());
        assert!(set.resolve(Element::Title, '\u{20000}').is_none());
    }

    #[test]
    fn the_builtin_plan_names_a_face_per_element() {
        let plan = FontPlan::builtin();
        assert!(plan.builtin_only);
        assert_eq!(plan.lines()[0], "标题：Noto Sans SC（内置）");
        assert_eq!(plan.choice(Element::Body).unwrap().family, "Noto Serif SC");
        assert_eq!(FontPlan::detect_in(&[]), FontPlan { builtin_only: false, ..FontPlan::builtin() });
    }
}
