//! Text as clerks type it: a Chinese input method in full-width mode types `２０２４．７．３１`,
//! `ＪＬ－００１` and the ideographic space. Dates, numbers, deadline phrases and searches read
//! these as their plain forms.

/// `c` as its plain form: the full-width forms of ASCII (U+FF01–U+FF5E) as ASCII, the
/// ideographic space as a space; any other character as it is.
pub fn half_width_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        other => other,
    }
}

/// `s` with every character as its plain form ([`half_width_char`]).
pub fn half_width(s: &str) -> String {
    s.chars().map(half_width_char).collect()
}

/// Whether `s` holds a character that [`half_width`] changes. Chinese text nearly always does:
/// its punctuation (，（）：) is full-width.
pub fn has_full_width(s: &str) -> bool {
    s.chars().any(|c| half_width_char(c) != c)
}

/// Whether `s` holds a full-width letter or digit (`ＤＳＪ`, `２０２４`), which [`half_width`]
/// makes ASCII.
pub fn has_full_width_alphanumeric(s: &str) -> bool {
    s.chars().any(|c| half_width_char(c) != c && half_width_char(c).is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_forms_read_as_ascii_and_nothing_else_changes() {
        assert_eq!(half_width("ＪＬ－００１　执法记录仪ａ"), "JL-001 执法记录仪a");
        assert_eq!(half_width("２０２４．７．３１"), "2024.7.31");
        assert_eq!(half_width("，。、（）"), ",。、()");
        assert!(has_full_width("ＤＳＪ") && has_full_width("执法记录仪（便携式）"));
        assert!(!has_full_width("DSJ-V9 执法记录仪"));
        assert!(has_full_width_alphanumeric("配备ＤＳＪ记录仪") && has_full_width_alphanumeric("２０２４年"));
        assert!(!has_full_width_alphanumeric("执法记录仪（便携式）：DSJ-V9"));
    }
}
