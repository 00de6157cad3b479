//! Breaking text into lines by the Chinese rules (禁则), given each character's advance.
//!
//! - Closing punctuation (，。、；：？！）》”』】 …) never starts a line; opening punctuation
//!   (（《“『【 …) never ends one. The breaker first pushes the character before the break
//!   down to the next line with it; only when that would leave the line empty does it hang
//!   the punctuation at the end of the line instead (pulls it back).
//! - A run of ASCII letters and digits (a word, a number such as `80.0%`, a date such as
//!   `2024-08-15`) is kept together when it fits on a line, and split by character when it is
//!   wider than a whole line.
//! - Spaces at a break hang at the end of the line and are not counted in its width.
//! - `\n` ends a line.
//!
//! Nothing is dropped: the lines' texts, joined with `\n` after each line that ends its
//! paragraph, give back the input.

/// Characters that never start a line (行首禁则).
pub const NO_START: &str = "，。、；：？！）》”』】」〕〉’％…·,.;:?!)]}%";
/// Characters that never end a line (行尾禁则).
pub const NO_END: &str = "（《“『【「〔〈‘([{";

/// A line of broken text.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    /// Its advance, trailing spaces not counted.
    pub width: f32,
    /// The line ends its paragraph (`\n` or the end of the text): not to be justified.
    pub last: bool,
}

/// Whether `c` may not start a line.
pub fn no_start(c: char) -> bool {
    NO_START.contains(c)
}

/// Whether `c` may not end a line.
pub fn no_end(c: char) -> bool {
    NO_END.contains(c)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// A run of printable ASCII (letters, digits and their punctuation).
    Word,
    Space,
    /// Any other single character: a hanzi, full-width punctuation.
    Char,
}

#[derive(Debug, Clone, Copy)]
struct Atom {
    start: usize,
    end: usize,
    width: f32,
    kind: Kind,
    first: char,
    last: char,
}

const EPS: f32 = 0.01;

/// Break `text` into lines `width` wide (the first line `first_width`, for an indent), measuring
/// each character with `measure`.
pub fn break_lines(text: &str, first_width: f32, width: f32, mut measure: impl FnMut(char) -> f32) -> Vec<Line> {
    let mut lines = Vec::new();
    for segment in text.split('\n') {
        let limit_first = if lines.is_empty() { first_width } else { width };
        break_segment(segment, limit_first, width, &mut measure, &mut lines);
    }
    lines
}

/// Break `text` into as few lines as `width` allows, then even them out: the narrowest width
/// giving that many lines is used, so a title's lines are balanced, the longer above (a
/// trapezoid, as GB/T 9704 asks for a title).
pub fn balanced_lines(text: &str, width: f32, mut measure: impl FnMut(char) -> f32) -> Vec<Line> {
    let greedy = break_lines(text, width, width, &mut measure);
    if greedy.len() < 2 || text.contains('\n') {
        return greedy;
    }
    let n = greedy.len();
    let (mut lo, mut hi) = (0.0_f32, width);
    for _ in 0..24 {
        let mid = (lo + hi) / 2.0;
        if break_lines(text, mid, mid, &mut measure).len() <= n {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let even = break_lines(text, hi, hi, &mut measure);
    if even.len() == n && even.iter().all(|l| l.width <= width + EPS) {
        even
    } else {
        greedy
    }
}

/// The widest piece of `text` that is never broken inside: an ASCII word (a date, a number,
/// an asset number) or a single character. A column narrower than this splits it.
pub fn widest_unbreakable(text: &str, mut measure: impl FnMut(char) -> f32) -> f32 {
    atoms(text, &mut measure).iter().map(|a| a.width).fold(0.0, f32::max)
}

fn atoms(text: &str, measure: &mut impl FnMut(char) -> f32) -> Vec<Atom> {
    let mut out: Vec<Atom> = Vec::new();
    for (i, c) in text.char_indices() {
        let w = measure(c);
        let kind = if c == ' ' {
            Kind::Space
        } else if c.is_ascii_graphic() {
            Kind::Word
        } else {
            Kind::Char
        };
        if kind == Kind::Word {
            if let Some(a) = out.last_mut().filter(|a| a.kind == Kind::Word && a.end == i) {
                a.end = i + c.len_utf8();
                a.width += w;
                a.last = c;
                continue;
            }
        }
        out.push(Atom { start: i, end: i + c.len_utf8(), width: w, kind, first: c, last: c });
    }
    out
}

/// Split the word atom at `j` into one atom per character.
fn split_word(text: &str, atoms: &mut Vec<Atom>, j: usize, measure: &mut impl FnMut(char) -> f32) {
    let a = atoms[j];
    let chars: Vec<Atom> = text[a.start..a.end]
        .char_indices()
        .map(|(i, c)| Atom {
            start: a.start + i,
            end: a.start + i + c.len_utf8(),
            width: measure(c),
            kind: Kind::Char,
            first: c,
            last: c,
        })
        .collect();
    atoms.splice(j..=j, chars);
}

fn break_segment(
    text: &str,
    first_width: f32,
    width: f32,
    measure: &mut impl FnMut(char) -> f32,
    lines: &mut Vec<Line>,
) {
    let mut atoms = atoms(text, measure);
    let n_before = lines.len();
    let mut start = 0;
    loop {
        let limit = if lines.len() == n_before { first_width } else { width };
        // Fill the line.
        let mut used = 0.0;
        let mut j = start;
        while j < atoms.len() && (atoms[j].kind == Kind::Space || used + atoms[j].width <= limit + EPS) {
            used += atoms[j].width;
            j += 1;
        }
        if j == atoms.len() {
            lines.push(make_line(text, &atoms[start..], true));
            return;
        }
        let mut k = if j == start {
            // The first atom alone is wider than the line.
            if atoms[j].kind == Kind::Word && atoms[j].end - atoms[j].start > 1 {
                split_word(text, &mut atoms, j, measure);
                continue;
            }
            j + 1
        } else {
            // Break before j; push characters down until the rules hold.
            let mut k = j;
            while k > start && (no_start(atoms[k].first) || no_end(atoms[k - 1].last)) {
                k -= 1;
            }
            if k > start {
                k
            } else {
                j
            }
        };
        // Nothing could be pushed down: hang the closing punctuation on this line (only the
        // punctuation: a word that starts with it is split).
        while k < atoms.len() && (no_start(atoms[k].first) || atoms[k].kind == Kind::Space) {
            if atoms[k].kind == Kind::Word && atoms[k].end - atoms[k].start > 1 {
                split_word(text, &mut atoms, k, measure);
            }
            k += 1;
        }
        if k == atoms.len() {
            lines.push(make_line(text, &atoms[start..], true));
            return;
        }
        lines.push(make_line(text, &atoms[start..k], false));
        start = k;
    }
}

fn make_line(text: &str, atoms: &[Atom], last: bool) -> Line {
    let (Some(first), Some(end)) = (atoms.first(), atoms.last()) else {
        return Line { text: String::new(), width: 0.0, last };
    };
    let counted = atoms.iter().rposition(|a| a.kind != Kind::Space).map_or(0, |i| i + 1);
    Line { text: text[first.start..end.end].to_string(), width: atoms[..counted].iter().map(|a| a.width).sum(), last }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    /// Hanzi and full-width punctuation 1 wide, ASCII 0.5.
    fn w(c: char) -> f32 {
        if c.is_ascii() {
            0.5
        } else {
            1.0
        }
    }

    fn texts(text: &str, width: f32) -> Vec<String> {
        break_lines(text, width, width, w).into_iter().map(|l| l.text).collect()
    }

    fn join(lines: &[Line]) -> String {
        let mut s = String::new();
        for (i, l) in lines.iter().enumerate() {
            s.push_str(&l.text);
            if l.last && i + 1 < lines.len() {
                s.push('\n');
            }
        }
        s
    }

    #[rstest]
    #[case::fits("持证上岗率达标", 10.0, &["持证上岗率达标"])]
    #[case::plain_break("一二三四五六七八", 4.0, &["一二三四", "五六七八"])]
    #[case::comma_pushes_previous_char_down("一二三四，五六", 4.0, &["一二三", "四，五六"])]
    #[case::full_stop_and_quote("他说“好。”然后", 3.0, &["他说", "“好。”", "然后"])]
    #[case::pause_mark("甲乙丙、丁", 3.0, &["甲乙", "丙、丁"])]
    #[case::closing_paren("（一）总体情况", 3.0, &["（一）", "总体情", "况"])]
    #[case::opening_paren_never_ends("一二三（四）", 4.0, &["一二三", "（四）"])]
    #[case::book_title_mark("依据《标准》执行", 3.0, &["依据", "《标", "准》执", "行"])]
    #[case::ascii_word_kept("持证率80.0%达标", 5.0, &["持证率", "80.0%达标"])]
    #[case::long_ascii_word_split("abcdefghij", 2.0, &["abcd", "efgh", "ij"])]
    #[case::hard_break("一二\n三四", 10.0, &["一二", "三四"])]
    #[case::empty("", 5.0, &[""])]
    #[case::hang_when_nothing_can_move("一，", 1.0, &["一，"])]
    #[case::space_hangs("ab cd", 1.0, &["ab ", "cd"])]
    fn breaks(#[case] text: &str, #[case] width: f32, #[case] want: &[&str]) {
        assert_eq!(texts(text, width), want);
    }

    #[test]
    fn every_closing_mark_of_the_rules_is_kept_off_the_line_start() {
        for p in "，。、；：？！）》”』】".chars() {
            let text = format!("一二三{p}四");
            let lines = texts(&text, 3.0);
            assert!(lines.iter().skip(1).all(|l| !l.starts_with(p)), "{p}: {lines:?}");
        }
        for p in "（《“『【".chars() {
            let text = format!("一二{p}三四");
            let lines = texts(&text, 3.0);
            assert!(lines.iter().all(|l| !l.ends_with(p)), "{p}: {lines:?}");
        }
    }

    #[test]
    fn first_line_indent_is_narrower() {
        let lines = break_lines("一二三四五六七八九十", 3.0, 5.0, w);
        assert_eq!(lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["一二三", "四五六七八", "九十"]);
        assert!(lines[2].last && !lines[0].last);
    }

    #[test]
    fn widths_leave_trailing_spaces_out() {
        let lines = break_lines("ab  cd", 1.5, 1.5, w);
        assert_eq!(lines[0].text, "ab  ");
        assert_eq!(lines[0].width, 1.0);
    }

    #[test]
    fn balanced_title_is_a_trapezoid() {
        let title = "关于枣庄市生态环境局滕州分局2024年度规范化建设自评情况的报告";
        let greedy = break_lines(title, 20.0, 20.0, w);
        let even = balanced_lines(title, 20.0, w);
        assert_eq!(greedy.len(), even.len());
        assert_eq!(join(&even), title);
        assert!(even[0].width >= even[1].width, "{even:?}");
        assert!(even[0].width - even[1].width <= 2.0, "{even:?}");
        assert!(greedy[0].width - greedy[1].width > 2.0);
    }

    fn alphabet() -> impl Strategy<Value = char> {
        prop_oneof![
            4 => prop::sample::select("执法人员持证上岗率达标王喆李堃".chars().collect::<Vec<_>>()),
            2 => prop::sample::select(NO_START.chars().collect::<Vec<_>>()),
            2 => prop::sample::select(NO_END.chars().collect::<Vec<_>>()),
            2 => prop::sample::select("abcXYZ0123456789-".chars().collect::<Vec<_>>()),
            1 => Just(' '),
            1 => Just('\n'),
        ]
    }

    proptest! {
        #[test]
        fn no_text_is_lost_and_no_line_starts_with_closing_punctuation(
            chars in prop::collection::vec(alphabet(), 0..120),
            width in 1u8..16,
            indent in 0u8..3,
        ) {
            let text: String = chars.into_iter().collect();
            let width = f32::from(width);
            let first = (width - f32::from(indent)).max(1.0);
            let lines = break_lines(&text, first, width, w);
            prop_assert_eq!(join(&lines), text.clone());
            for pair in lines.windows(2) {
                if !pair[0].last {
                    let c = pair[1].text.chars().next();
                    prop_assert!(c.is_some_and(|c| !no_start(c)), "line starts with {:?}: {:?}", c, lines);
                    // A line ends with opening punctuation only when every break in it was
                    // forbidden too.
                    if pair[0].text.chars().last().is_some_and(no_end) {
                        let t: Vec<char> = pair[0].text.chars().collect();
                        prop_assert!(
                            t.windows(2).all(|p| no_start(p[1]) || no_end(p[0]) || (p[0].is_ascii_graphic() && p[1].is_ascii_graphic()) || p[1] == ' '),
                            "avoidable opening punctuation at the end: {:?}", lines
                        );
                    }
                }
            }
            for (i, l) in lines.iter().enumerate() {
                let limit = if i == 0 { first } else { width };
                // Wider only by hanging punctuation or a single character wider than the line.
                let core: String = l.text.trim_end_matches(|c| no_start(c) || c == ' ').to_string();
                let core_w: f32 = core.chars().map(w).sum();
                prop_assert!(core_w <= limit + EPS || core.chars().count() <= 1, "too wide: {:?} in {:?}", l, lines);
            }
        }
    }
}
