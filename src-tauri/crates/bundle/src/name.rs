//! Names: the bundle's file name on the USB stick, and the rules for entry names inside it.

use crate::manifest::BundleKind;

/// Longest source name (in characters) kept in a file name, so the whole name stays well under
/// the 255 UTF-16 units FAT/exFAT/NTFS allow.
const MAX_NAME_CHARS: usize = 80;

/// `"<name>-<YYYYMMDD>-<seq 4 digits>.zip"` for data bundles, `"<name>-模板-<YYYYMMDD>-<seq>.zip"`
/// for templates; characters invalid on FAT/exFAT/NTFS (`\ / : * ? " < > |` and control chars)
/// become `_`. The name is trimmed and cut to 80 characters; an empty name becomes `数据包`.
/// Sequences above 9999 simply get more digits.
pub fn bundle_file_name(source_name: &str, date: chrono::NaiveDate, sequence: u64, kind: BundleKind) -> String {
    let name = safe_file_stem(source_name, "数据包");
    let day = date.format("%Y%m%d");
    match kind {
        BundleKind::Template => format!("{name}-模板-{day}-{sequence:04}.zip"),
        BundleKind::Full | BundleKind::Incremental => format!("{name}-{day}-{sequence:04}.zip"),
    }
}

/// `name` made fit for the start of a file name on FAT/exFAT/NTFS: trimmed, cut to 80 characters,
/// `\ / : * ? " < > |` and control characters replaced by `_`; `fallback` when nothing is left.
pub fn safe_file_stem(name: &str, fallback: &str) -> String {
    let cleaned: String =
        name.trim()
            .chars()
            .take(MAX_NAME_CHARS)
            .map(|c| {
                if c.is_control() || matches!(c, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                    '_'
                } else {
                    c
                }
            })
            .collect();
    if cleaned.trim().is_empty() {
        fallback.to_string()
    } else {
        cleaned
    }
}

/// Why `name` is not a safe entry name (in Chinese), or `None` if it is one.
///
/// Safe means: a relative path of `/`-separated components, none of them empty, `.` or `..`;
/// no leading `/` or `\`, no backslash at all, no drive letter (`C:`), no NUL or other control
/// character, at most 65535 bytes.
pub(crate) fn entry_name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("名称为空");
    }
    if name.len() > usize::from(u16::MAX) {
        return Some("名称过长");
    }
    if name.chars().any(char::is_control) {
        return Some("含有控制字符");
    }
    if name.starts_with('/') {
        return Some("是绝对路径（以 / 开头）");
    }
    if name.contains('\\') {
        return Some("含有反斜杠 \\");
    }
    let bytes = name.as_bytes();
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        return Some("以盘符开头（如 C:）");
    }
    for component in name.split('/') {
        match component {
            "" => return Some("含有空的路径段（如 // 或以 / 结尾）"),
            "." => return Some("含有路径段 ."),
            ".." => return Some("含有上级目录 ..，可能写到数据包之外"),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn data_and_template_file_names() {
        let day = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
        assert_eq!(bundle_file_name("城东分局", day, 7, BundleKind::Full), "城东分局-20240501-0007.zip");
        assert_eq!(bundle_file_name("城东分局", day, 12, BundleKind::Incremental), "城东分局-20240501-0012.zip");
        assert_eq!(bundle_file_name("市局", day, 3, BundleKind::Template), "市局-模板-20240501-0003.zip");
        assert_eq!(
            bundle_file_name("a/b\\c:d*e?f\"g<h>i|j\tk", day, 1, BundleKind::Full),
            "a_b_c_d_e_f_g_h_i_j_k-20240501-0001.zip"
        );
        assert_eq!(bundle_file_name("  ", day, 12345, BundleKind::Full), "数据包-20240501-12345.zip");
        let long = "局".repeat(300);
        assert_eq!(bundle_file_name(&long, day, 1, BundleKind::Full).chars().count(), 80 + "-20240501-0001.zip".len());
    }

    #[test]
    fn entry_name_rules() {
        for ok in ["a", "tables/cases.jsonl", "附件/现场照片 1.jpg", "a..b/c.", ".hidden", "x/.y"] {
            assert_eq!(entry_name_problem(ok), None, "{ok}");
        }
        for bad in [
            "", "../x", "a/../b", "..", "/abs", "\\abs", "a\\b", "C:/x", "c:x", "a//b", "a/", "./a", "a/./b", "a\0b",
            "a\nb", "a\u{7f}",
        ] {
            assert!(entry_name_problem(bad).is_some(), "{bad:?}");
        }
    }
}
