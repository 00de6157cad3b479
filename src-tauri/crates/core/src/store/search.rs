//! Search: full-text search over Chinese text with SQLite FTS5 (the tasks), and the folding
//! every substring search applies ([`fold`]).
//!
//! FTS5's `unicode61` tokenizer takes a run of hanzi as one token, so 执法 would not be found
//! inside 执法人员. We index the text ourselves: every run of CJK characters becomes its
//! overlapping bigrams (执法 法人 人员), followed by its single characters; other words (ASCII,
//! digits) stay whole. A query is turned into the same bigrams and matched as a phrase, so a
//! two-character term is one token and longer terms are bigrams that must stand in order.
//! Full-width letters and digits are read as ASCII on both sides ([`half_width_char`]), so
//! `ＤＳＪ` finds `DSJ` and the other way round.
//!
//! Invariant: text indexed by an older program than [`FOLDING_VERSION`] is indexed again when
//! the database opens (`crate::upgrade`).

use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

use crate::store::text::{half_width, half_width_char};

/// The version of how text is folded for searching: raise it when [`index_text`] or a search
/// column folds text differently, and the stored indexes are rebuilt once. 1: full-width forms.
pub const FOLDING_VERSION: u32 = 1;

/// Text as the substring searches compare it (the 搜索 boxes of every list but the tasks'):
/// full-width forms as ASCII, in lower case. The query and the searched text are both folded:
/// the query in Rust; the columns in SQL, by the `fold()` function [`register`] adds to every
/// connection — or when written, for the equipment's stored search text.
pub fn fold(s: &str) -> String {
    half_width(s).to_lowercase()
}

/// Add `fold(text)` ([`fold`]) to `conn`'s SQL: `instr(fold(t.title), ?)` with the query folded.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC | FunctionFlags::SQLITE_INNOCUOUS;
    conn.create_scalar_function("fold", 1, flags, |ctx| Ok(ctx.get::<Option<String>>(0)?.map(|s| fold(&s))))
}

/// The text to store in an FTS5 column for `parts`.
pub fn index_text<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut bigrams = Vec::new();
    let mut unigrams = Vec::new();
    for part in parts {
        for run in runs(part) {
            match run {
                Run::Cjk(chars) => {
                    for w in chars.windows(2) {
                        bigrams.push(w.iter().collect::<String>());
                    }
                    unigrams.extend(chars.iter().map(|c| c.to_string()));
                }
                Run::Word(w) => bigrams.push(w),
            }
        }
    }
    let mut out = bigrams.join(" ");
    out.push_str(" | ");
    out.push_str(&unigrams.join(" "));
    out
}

/// An FTS5 MATCH expression for a user's query, or `None` if it holds nothing searchable.
/// Whitespace-separated terms must all match.
pub fn match_expr(query: &str) -> Option<String> {
    let mut clauses = Vec::new();
    for term in query.split_whitespace() {
        for run in runs(term) {
            let tokens: Vec<String> = match run {
                Run::Cjk(chars) if chars.len() == 1 => vec![chars[0].to_string()],
                Run::Cjk(chars) => chars.windows(2).map(|w| w.iter().collect()).collect(),
                Run::Word(w) => vec![w],
            };
            let phrase = tokens.iter().map(|t| t.replace('"', "")).collect::<Vec<_>>().join(" ");
            if !phrase.is_empty() {
                clauses.push(format!("\"{phrase}\""));
            }
        }
    }
    (!clauses.is_empty()).then(|| clauses.join(" AND "))
}

enum Run {
    Cjk(Vec<char>),
    Word(String),
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3005 | 0x3007)
}

/// Split text into runs of CJK characters and runs of other alphanumerics; punctuation splits.
fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut cjk: Vec<char> = Vec::new();
    let mut word = String::new();
    let flush = |cjk: &mut Vec<char>, word: &mut String, out: &mut Vec<Run>| {
        if !cjk.is_empty() {
            out.push(Run::Cjk(std::mem::take(cjk)));
        }
        if !word.is_empty() {
            out.push(Run::Word(std::mem::take(word).to_lowercase()));
        }
    };
    for c in text.chars().map(half_width_char) {
        if is_cjk(c) {
            if !word.is_empty() {
                flush(&mut cjk, &mut word, &mut out);
            }
            cjk.push(c);
        } else if c.is_alphanumeric() {
            if !cjk.is_empty() {
                flush(&mut cjk, &mut word, &mut out);
            }
            word.push(c);
        } else {
            flush(&mut cjk, &mut word, &mut out);
        }
    }
    flush(&mut cjk, &mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rusqlite::Connection;

    fn db(texts: &[&str]) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE VIRTUAL TABLE s USING fts5(body, tokenize='unicode61')").unwrap();
        for (i, t) in texts.iter().enumerate() {
            conn.execute("INSERT INTO s(rowid, body) VALUES (?1, ?2)", (i as i64 + 1, index_text([*t]))).unwrap();
        }
        conn
    }

    fn hits(conn: &Connection, q: &str) -> Vec<i64> {
        let expr = match_expr(q).unwrap();
        let mut st = conn.prepare("SELECT rowid FROM s WHERE s MATCH ?1 ORDER BY rowid").unwrap();
        st.query_map([expr], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    }

    #[test]
    fn two_character_terms_are_found_inside_longer_words() {
        let conn = db(&["严格行政执法证件申领资格审查", "建立执法装备使用台账和管理制度", "定期开展健康体检"]);
        assert_eq!(hits(&conn, "执法"), vec![1, 2]);
        assert_eq!(hits(&conn, "台账"), vec![2]);
        assert_eq!(hits(&conn, "体检"), vec![3]);
        assert_eq!(hits(&conn, "执法证件"), vec![1]);
        assert_eq!(hits(&conn, "执法 台账"), vec![2]);
        assert_eq!(hits(&conn, "检"), vec![3]);
        assert!(hits(&conn, "证执").is_empty());
    }

    #[test]
    fn words_and_numbers_are_whole_tokens() {
        let conn = db(&["非现场执法比例达到40%以上", "实现90%的执法力量下沉", "VOCs 走航"]);
        assert_eq!(hits(&conn, "40"), vec![1]);
        assert_eq!(hits(&conn, "vocs"), vec![3]);
    }

    #[test]
    fn full_width_letters_and_digits_find_ascii_and_the_other_way_round() {
        let conn = db(&["配备DSJ-V9执法记录仪", "ＪＬ－００１号装备"]);
        assert_eq!(hits(&conn, "ＤＳＪ"), vec![1]);
        assert_eq!(hits(&conn, "dsj"), vec![1]);
        assert_eq!(hits(&conn, "JL 001"), vec![2]);
        assert_eq!(hits(&conn, "ｊｌ"), vec![2]);
    }

    #[test]
    fn punctuation_only_queries_match_nothing() {
        assert_eq!(match_expr("  ，。 \"* "), None);
    }

    proptest! {
        #[test]
        fn any_query_is_a_valid_fts_expression(q in "\\PC{0,12}") {
            let conn = db(&["执法台账"]);
            if let Some(expr) = match_expr(&q) {
                let r: rusqlite::Result<i64> = conn.query_row(
                    "SELECT count(*) FROM s WHERE s MATCH ?1", [expr], |r| r.get(0));
                prop_assert!(r.is_ok(), "{:?}", r);
            }
        }

        #[test]
        fn every_substring_of_two_or_more_hanzi_is_found(start in 0usize..10, len in 2usize..6) {
            let text = "生态环境保护综合行政执法机构规范化建设";
            let chars: Vec<char> = text.chars().collect();
            let end = (start + len).min(chars.len());
            let q: String = chars[start..end].iter().collect();
            let conn = db(&[text]);
            prop_assert_eq!(hits(&conn, &q), vec![1]);
        }
    }
}
