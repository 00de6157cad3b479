//! Finding a sheet's header: the row among the first few, or two rows one above the other, whose
//! headings name the columns a ledger expects, by name, synonym, or name with a note in brackets.

use std::collections::HashMap;

use super::sheet::{Cell, Column};

/// How many rows from the top are searched for the header.
const HEADER_SEARCH_ROWS: usize = 30;

/// A header as it is matched: spaces, `*` and colons removed, full-width brackets as ASCII, and a
/// trailing `（必填）`/`(选填)` dropped (METRICS.md).
fn normalize_header(s: &str) -> String {
    let h: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊' | ':' | '：'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            other => other,
        })
        .collect();
    ["(必填)", "(选填)"].iter().find_map(|suffix| h.strip_suffix(suffix)).map(str::to_string).unwrap_or(h)
}

/// A normalised header without the note in brackets at its end (`单价(元)` → `单价`), if it has one.
fn without_note(h: &str) -> Option<&str> {
    let open = h.strip_suffix(')')?.rfind('(')?;
    Some(&h[..open]).filter(|name| !name.is_empty())
}

pub(super) type HeaderMap = HashMap<&'static str, (usize, String)>;

/// Where a sheet's header is, and what it names.
#[derive(Debug, Default)]
pub(super) struct Header {
    /// The header's first and last row (the same row, or two rows: see [`two_row_headings`]),
    /// 0-based in the grid; the data starts below `last`.
    pub first: usize,
    pub last: usize,
    pub map: HeaderMap,
    /// Headings that name no column, or one named before them (with their group: 监督证（证号）).
    pub ignored: Vec<String>,
    /// The other places of a column that a header in two rows names more than once and that
    /// takes the highest of its values ([`Column::rank`]): 学历 under 全日制教育 and again under
    /// 在职教育.
    pub repeats: HashMap<&'static str, Vec<usize>>,
}

/// The header: among the first few rows, the row, or the two rows one above the other, that
/// names every required column and the most columns (the first, and one row, wins a tie). Err:
/// the required headers missing from the candidate that names the most.
pub(super) fn locate_header(grid: &[Vec<Cell>], columns: &[Column]) -> std::result::Result<Header, Vec<&'static str>> {
    let named = |raw: &str| {
        let h = normalize_header(raw);
        let named = |h: &str| {
            columns
                .iter()
                .find(|c| normalize_header(c.header) == h || c.aliases.iter().any(|a| normalize_header(a) == h))
        };
        // `学时（小时）`, `单价（元）`: a note in brackets after a name we know.
        named(&h).or_else(|| without_note(&h).and_then(named))
    };
    // A tie goes to a header in two rows whose lower row only holds a group's headings (学历
    // over 全日制 and 在职, 其他 over 籍贯 and 民族), else to one row.
    let rank = |h: &Header, grouped: bool| {
        let complete = columns.iter().all(|c| !c.required || h.map.contains_key(c.key));
        (complete, h.map.len(), grouped, std::cmp::Reverse(h.last - h.first))
    };
    let mut best = (Header::default(), false);
    let rows = &grid[..grid.len().min(HEADER_SEARCH_ROWS)];
    for (i, row) in rows.iter().enumerate() {
        let one = row.iter().enumerate().map(|(ci, cell)| (ci, cell.text(), None));
        let two = rows.get(i + 1).and_then(|below| two_row_headings(row, below, &named));
        let candidates = [
            Some((i, assign(one, &named), false)),
            two.map(|two| (i + 1, assign(two.headings.into_iter(), &named), two.grouped)),
        ];
        for (last, (map, ignored, repeats), grouped) in candidates.into_iter().flatten() {
            let candidate = Header { first: i, last, map, ignored, repeats };
            if rank(&candidate, grouped) > rank(&best.0, best.1) {
                best = (candidate, grouped);
            }
        }
    }
    let best = best.0;
    let missing: Vec<&'static str> =
        columns.iter().filter(|c| c.required && !best.map.contains_key(c.key)).map(|c| c.header).collect();
    if missing.is_empty() && !best.map.is_empty() {
        Ok(best)
    } else {
        Err(missing)
    }
}

/// A heading: its column, its text, and the group heading over it when the text alone names a
/// column (to name it to the clerk when it is ignored: 在职教育（学历）).
type Heading = (usize, String, Option<String>);

/// Each heading in order, the first to name a column taking it; the rest are ignored, but for
/// the places of a column that takes the highest of its values ([`Column::rank`]).
fn assign<'c>(
    headings: impl Iterator<Item = Heading>,
    named: &impl Fn(&str) -> Option<&'c Column>,
) -> (HeaderMap, Vec<String>, HashMap<&'static str, Vec<usize>>) {
    let mut map: HeaderMap = HashMap::new();
    let mut ignored = Vec::new();
    let mut repeats: HashMap<&'static str, Vec<usize>> = HashMap::new();
    for (ci, raw, group) in headings {
        if normalize_header(&raw).is_empty() {
            continue;
        }
        match named(&raw) {
            Some(c) if !map.contains_key(c.key) => {
                map.insert(c.key, (ci, raw));
            }
            Some(c) if c.rank.is_some() => repeats.entry(c.key).or_default().push(ci),
            _ => ignored.push(match group {
                Some(g) => format!("{g}（{raw}）"),
                None => raw,
            }),
        }
    }
    (map, ignored, repeats)
}

/// The headings of a header in two rows.
struct TwoRows {
    headings: Vec<Heading>,
    /// The lower row holds the headings of a group, and no value under a heading that names a
    /// column: as data under a one-row header it could be no record.
    grouped: bool,
}

/// The headings of a header in two rows, as government forms draw one: a group heading merged
/// across the columns below it (执法证件 over 证号 and 有效期至), every other heading merged down
/// over both rows. A column's heading is the lower cell, or the upper one where the lower is
/// blank; under a group, a lower cell that names no column is read with its group as a note
/// (学历 over 全日制 and 在职: 学历（全日制）, 学历（在职）). None when `lower` looks like data
/// under a one-row header: a value that names no column, under a heading that names one and
/// spans no group; or a group under a heading that names a column, where no other heading that
/// names one is merged down (the first data row under 姓名 and a column without a heading).
fn two_row_headings<'c>(
    upper: &[Cell],
    lower: &[Cell],
    named: &impl Fn(&str) -> Option<&'c Column>,
) -> Option<TwoRows> {
    let text = |row: &[Cell], ci: usize| row.get(ci).map(Cell::text).unwrap_or_default();
    let mut headings = Vec::new();
    // Seen so far: a group; a group under a heading that names a column; a heading that names
    // a column merged down; one with a value under it.
    let (mut grouped, mut named_group, mut merged_down, mut under_named) = (false, false, false, false);
    // The group heading over this column: a heading with a blank cell to its right in the upper
    // row and values under both.
    let mut group: Option<String> = None;
    for ci in 0..upper.len().max(lower.len()) {
        let (up, low) = (text(upper, ci), text(lower, ci));
        if !up.is_empty() {
            let spans = !low.is_empty() && text(upper, ci + 1).is_empty() && !text(lower, ci + 1).is_empty();
            group = spans.then(|| up.clone());
            grouped |= spans;
            named_group |= spans && named(&up).is_some();
        } else if low.is_empty() {
            group = None;
        }
        if low.is_empty() {
            merged_down |= named(&up).is_some();
            headings.push((ci, up, None));
            continue;
        }
        match &group {
            Some(g) if named(&low).is_none() => headings.push((ci, format!("{g}（{low}）"), None)),
            Some(g) => headings.push((ci, low, Some(g.clone()))),
            None if named(&up).is_some() && named(&low).is_none() => return None,
            None => {
                under_named |= named(&up).is_some();
                headings.push((ci, low, None));
            }
        }
    }
    let grouped = grouped && merged_down && !under_named;
    (!named_group || merged_down).then_some(TwoRows { headings, grouped })
}

#[cfg(test)]
mod tests {
    use super::{locate_header, normalize_header, Cell, Column};
    use crate::store::excel::cells::{col, req};

    #[test]
    fn a_header_with_a_note_in_brackets_is_known_by_its_name() {
        const COLUMNS: [Column; 3] =
            [req("hours", "学时", &[]), col("price", "价格（元）", &["单价"]), col("number", "证件编号", &[])];
        let header = ["学时（小时）", "单价（元）", "价格（元）", "证件编号（证号）", "（备注）"];
        let grid = vec![header.iter().map(|h| Cell::Text(h.to_string())).collect::<Vec<_>>()];
        let super::Header { map, ignored, .. } = locate_header(&grid, &COLUMNS).unwrap();
        let at = |key: &str| map.get(key).map(|(i, _)| *i);
        assert_eq!((at("hours"), at("price"), at("number")), (Some(0), Some(1), Some(3)));
        assert_eq!(ignored, ["价格（元）", "（备注）"], "the exact name is taken once; a note alone names nothing");
    }

    const ROSTER: [Column; 4] = [
        req("name", "姓名", &[]),
        Column { fill_down: true, ..req("unit", "单位", &[]) },
        col("number", "证号", &[]),
        col("expires", "有效期至", &[]),
    ];

    fn grid(rows: &[&[&str]]) -> Vec<Vec<Cell>> {
        let cell = |t: &&str| if t.is_empty() { Cell::Empty } else { Cell::Text(t.to_string()) };
        rows.iter().map(|r| r.iter().map(cell).collect()).collect()
    }

    fn found(rows: &[&[&str]]) -> (usize, usize, Vec<(&'static str, usize)>, Vec<String>) {
        let h = locate_header(&grid(rows), &ROSTER).unwrap();
        let mut at: Vec<_> = h.map.iter().map(|(k, (ci, _))| (*k, *ci)).collect();
        at.sort();
        (h.first, h.last, at, h.ignored)
    }

    #[test]
    fn a_header_in_two_rows_takes_the_lower_heading_under_a_group_and_the_upper_one_merged_down() {
        let (first, last, at, ignored) = found(&[
            &["滕州分局执法证件台账", "", "", "", ""],
            &["序号", "姓名", "单位", "执法证件", ""],
            &["", "", "", "证号", "有效期至"],
            &["1", "王喆", "第一中队", "0370012", "2029-04-30"],
        ]);
        assert_eq!((first, last), (1, 2));
        assert_eq!(at, [("expires", 4), ("name", 1), ("number", 3), ("unit", 2)]);
        assert_eq!(ignored, ["序号"], "the group heading is not a column");
    }

    #[test]
    fn the_first_data_row_under_a_one_row_header_is_never_taken_for_its_lower_half() {
        // Under 姓名 the row below holds a name: data, even where a value happens to read like a
        // heading in a column whose heading names nothing.
        let (first, last, at, _) =
            found(&[&["姓名", "单位", "备注"], &["王喆", "第一中队", "证号"], &["李玥", "", ""]]);
        assert_eq!((first, last), (0, 0));
        assert_eq!(at, [("name", 0), ("unit", 1)]);
        // A title over a one-row header names nothing more: the header is one row.
        let (first, last, _, _) = found(&[&["滕州分局人员名单", ""], &["姓名", "单位"], &["王喆", "第一中队"]]);
        assert_eq!((first, last), (1, 1));
    }

    #[test]
    fn a_group_heading_that_names_a_column_is_read_with_what_is_under_it() {
        // 证号 over the numbers of two certificates: the first is the column, the second is not
        // imported (证号 takes no highest value), named with its group.
        let (first, last, at, ignored) = found(&[
            &["姓名", "单位", "证号", "", "备注"],
            &["", "", "执法证", "监督证", ""],
            &["王喆", "第一中队", "0370012", "0371001", ""],
        ]);
        assert_eq!((first, last), (0, 1));
        assert_eq!(at, [("name", 0), ("number", 2), ("unit", 1)]);
        assert_eq!(ignored, ["证号（监督证）", "备注"]);
        // Two groups over the same headings: the second is named with its group.
        let (_, last, at, ignored) = found(&[
            &["姓名", "单位", "执法证", "", "监督证", ""],
            &["", "", "证号", "有效期至", "证号", "有效期至"],
            &["王喆", "第一中队", "0370012", "2029-04-30", "0371001", "2028-01-31"],
        ]);
        assert_eq!((last, at), (1, vec![("expires", 3), ("name", 0), ("number", 2), ("unit", 1)]));
        assert_eq!(ignored, ["监督证（证号）", "监督证（有效期至）"]);
        // A group that names nothing over headings that name nothing: not a data row either.
        let (first, last, _, ignored) =
            found(&[&["姓名", "单位", "其他", ""], &["", "", "籍贯", "民族"], &["王喆", "第一中队", "山东", "汉族"]]);
        assert_eq!((first, last, ignored), (0, 1, vec!["其他（籍贯）".to_string(), "其他（民族）".to_string()]));
        // Only where a heading that names a column is merged down: a data row under headings
        // each followed by a column without one is data.
        let (first, last, at, _) = found(&[&["单位", "", "姓名", ""], &["第一中队", "一组", "王喆", "男"]]);
        assert_eq!((first, last), (0, 0));
        assert_eq!(at, [("name", 2), ("unit", 0)]);
    }

    #[test]
    fn headers_match_without_marks_spaces_or_required_notes() {
        for h in ["姓名（必填）", "姓 名*", "姓名：", "＊姓名", "姓名(选填)"] {
            assert_eq!(normalize_header(h), "姓名", "{h}");
        }
        assert_eq!(normalize_header("证件编号（证号）"), "证件编号(证号)");
    }
}
