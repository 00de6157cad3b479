//! Ruled tables that run over pages: every row's wrapped height is measured before it is
//! placed, so no row is cut in half — a row that does not fit goes to the next page under a
//! repeated header. Only a row taller than a whole page is split, at a line boundary, and its
//! continuation is marked （续）.

use serde::{Deserialize, Serialize};

use crate::breaking::{self, Line};
use crate::fonts::Element;
use crate::layout::{Align, Doc, MM};

/// A column of a printed table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableColumn {
    pub header: String,
    /// Its share of the width, in millimetres (scaled to the page's 版心).
    pub width_mm: f32,
    pub align: Align,
}

impl TableColumn {
    pub fn new(header: &str, width_mm: f32, align: Align) -> TableColumn {
        TableColumn { header: header.to_string(), width_mm, align }
    }
}

/// A row of a table: cells, or a heading across the whole table (a group of the rubric).
#[derive(Debug, Clone, PartialEq)]
pub enum TableRow {
    Cells(Vec<String>),
    /// Text across every column; `shade` fills it pale grey.
    Span {
        text: String,
        shade: bool,
    },
}

/// A row as the table reads it, borrowed: a ledger's rows are printed without being copied.
#[derive(Clone, Copy)]
pub(crate) enum RowView<'a> {
    Cells(&'a [String]),
    Span { text: &'a str, shade: bool },
}

/// What can be printed as a table row.
pub(crate) trait AsRow {
    fn view(&self) -> RowView<'_>;
}

impl AsRow for TableRow {
    fn view(&self) -> RowView<'_> {
        match self {
            TableRow::Cells(c) => RowView::Cells(c),
            TableRow::Span { text, shade } => RowView::Span { text, shade: *shade },
        }
    }
}

impl AsRow for Vec<String> {
    fn view(&self) -> RowView<'_> {
        RowView::Cells(self)
    }
}

/// How a table is set.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TableStyle {
    pub size: f32,
    /// Line pitch inside a cell.
    pub pitch: f32,
    pub pad_x: f32,
    pub pad_y: f32,
    pub body: Element,
    pub head: Element,
}

impl TableStyle {
    /// 9 pt cells (小五), for landscape ledgers with many columns.
    pub fn compact() -> TableStyle {
        TableStyle {
            size: 9.0,
            pitch: 12.0,
            pad_x: 1.0 * MM,
            pad_y: 1.0 * MM,
            body: Element::Body,
            head: Element::Heading1,
        }
    }

    /// 10 pt cells (between 五号 and 小五), 黑体 header.
    pub fn standard() -> TableStyle {
        TableStyle {
            size: 10.0,
            pitch: 13.5,
            pad_x: 1.2 * MM,
            pad_y: 1.2 * MM,
            body: Element::Body,
            head: Element::Heading1,
        }
    }
}

const RULE: f32 = 0.5;

/// One row laid out: its lines per cell.
struct Laid {
    cells: Vec<Vec<Line>>,
    span: Option<bool>,
}

impl Laid {
    fn lines(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(0).max(1)
    }
}

/// Draw a table at the cursor, breaking pages as needed; `place` names it in the report of
/// missing characters.
pub(crate) fn draw_table<R: AsRow>(
    doc: &mut Doc,
    columns: &[TableColumn],
    rows: &[R],
    style: &TableStyle,
    place: &str,
) {
    let total_mm: f32 = columns.iter().map(|c| c.width_mm.max(0.0)).sum();
    if columns.is_empty() || total_mm <= 0.0 {
        return;
    }
    let scale = doc.spec.block_w / total_mm;
    let natural: Vec<f32> = columns.iter().map(|c| c.width_mm.max(0.0) * scale).collect();
    let widths = fit_widths(doc, columns, rows, style, &natural);
    let inner = |w: f32| (w - 2.0 * style.pad_x).max(style.size);
    let header = Laid {
        cells: columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| doc.balanced(style.head, style.size, &c.header, inner(*w)))
            .collect(),
        span: None,
    };
    let header_h = header.lines() as f32 * style.pitch + 2.0 * style.pad_y;
    // Each row is laid out (its cells broken into lines) just before it is placed.
    let lay = |doc: &Doc, row: RowView| match row {
        RowView::Cells(cells) => Laid {
            cells: widths
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let text = cells.get(i).map(String::as_str).unwrap_or("");
                    // A centred cell is balanced (手工/评分, not 手工评/分).
                    if columns[i].align == Align::Center {
                        doc.balanced(style.body, style.size, text, inner(*w))
                    } else {
                        doc.break_text(style.body, style.size, text, inner(*w), inner(*w))
                    }
                })
                .collect(),
            span: None,
        },
        RowView::Span { text, shade } => {
            let w = inner(doc.spec.block_w);
            Laid { cells: vec![doc.break_text(style.head, style.size, text, w, w)], span: Some(shade) }
        }
    };
    let none = [RowView::Span { text: "（无记录）", shade: false }];
    let views: Box<dyn Iterator<Item = RowView>> =
        if rows.is_empty() { Box::new(none.into_iter()) } else { Box::new(rows.iter().map(AsRow::view)) };
    let mut views = views.peekable();

    let row_h = |n: usize| n as f32 * style.pitch + 2.0 * style.pad_y;
    // Start on a fresh page unless the header and the first row fit.
    let first_h = views.peek().map_or(0.0, |r| row_h(lay(doc, *r).lines()));
    doc.ensure(header_h + first_h.min(doc.spec.block_h / 3.0));
    let mut grid = Grid::new(&widths);
    draw_header(doc, &mut grid, &header, columns, &widths, style, header_h, place);

    for (index, view) in views.enumerate() {
        let laid = lay(doc, view);
        let row = &laid;
        let n = row.lines();
        let h = row_h(n);
        let page_room = doc.spec.block_h - doc.page_top() - header_h;
        if h > doc.remaining() + 0.01 && h <= page_room {
            grid.flush(doc);
            doc.new_page();
            draw_header(doc, &mut grid, &header, columns, &widths, style, header_h, place);
        }
        if h <= doc.remaining() + 0.01 {
            draw_row(doc, &mut grid, row, columns, &widths, style, 0, n, false, h, place, index);
            continue;
        }
        // Taller than a page: split at line boundaries.
        let mut from = 0;
        let mut continued = false;
        while from < n {
            let mut fit = ((doc.remaining() - 2.0 * style.pad_y) / style.pitch).floor().max(0.0) as usize;
            if continued {
                // The （续） line takes one.
                fit = fit.saturating_sub(1);
            }
            let fresh = doc.y <= doc.page_top() + header_h + 0.01;
            if fresh {
                fit = fit.max(1);
            } else if fit < 2.min(n - from) {
                grid.flush(doc);
                doc.new_page();
                draw_header(doc, &mut grid, &header, columns, &widths, style, header_h, place);
                continue;
            }
            let to = (from + fit).min(n);
            let lines = to - from + usize::from(continued);
            let h = row_h(lines);
            draw_row(doc, &mut grid, row, columns, &widths, style, from, to, continued, h, place, index);
            from = to;
            continued = true;
            if from < n {
                grid.flush(doc);
                doc.new_page();
                draw_header(doc, &mut grid, &header, columns, &widths, style, header_h, place);
            }
        }
    }
    grid.flush(doc);
}

/// Widen a column too narrow for its longest date, number or code (so `2024-08-15` is never
/// split), taking the room from the columns that have some to spare.
fn fit_widths<R: AsRow>(
    doc: &Doc,
    columns: &[TableColumn],
    rows: &[R],
    style: &TableStyle,
    natural: &[f32],
) -> Vec<f32> {
    let cap = doc.spec.block_w * 0.3;
    let mut need: Vec<f32> = columns
        .iter()
        .map(|c| c.header.chars().map(|ch| doc.fonts.width(style.head, ch, style.size)).fold(0.0, f32::max))
        .collect();
    for row in rows {
        if let RowView::Cells(cells) = row.view() {
            for (i, cell) in cells.iter().enumerate().take(need.len()) {
                let w = breaking::widest_unbreakable(cell, |ch| doc.fonts.width(style.body, ch, style.size));
                need[i] = need[i].max(w.min(cap));
            }
        }
    }
    let need: Vec<f32> = need.iter().map(|w| w + 2.0 * style.pad_x + 0.5).collect();
    let mut widths = natural.to_vec();
    let deficit: f32 = widths.iter().zip(&need).map(|(w, n)| (n - w).max(0.0)).sum();
    let slack: f32 = widths.iter().zip(&need).map(|(w, n)| (w - n).max(0.0)).sum();
    if deficit <= 0.0 || slack <= 0.0 {
        return widths;
    }
    let take = deficit.min(slack) / slack;
    let give = deficit.min(slack) / deficit;
    for (w, n) in widths.iter_mut().zip(&need) {
        if *w > *n {
            *w -= (*w - n) * take;
        } else {
            *w += (n - *w) * give;
        }
    }
    widths
}

#[allow(clippy::too_many_arguments)]
fn draw_header(
    doc: &mut Doc,
    grid: &mut Grid,
    header: &Laid,
    columns: &[TableColumn],
    widths: &[f32],
    style: &TableStyle,
    h: f32,
    place: &str,
) {
    let top = doc.y;
    doc.rect(0.0, top, doc.spec.block_w, h, Some(0.9), None);
    let mut x = 0.0;
    for (i, w) in widths.iter().enumerate() {
        let lines = &header.cells[i];
        let block = lines.len() as f32 * style.pitch;
        let mut line_top = top + (h - block) / 2.0;
        for line in lines {
            let baseline = Doc::baseline_in(line_top, style.pitch, style.size);
            doc.draw_line(
                style.head,
                style.size,
                x + style.pad_x,
                w - 2.0 * style.pad_x,
                baseline,
                line,
                Align::Center,
                false,
                &format!("{place}表头“{}”", columns[i].header),
            );
            line_top += style.pitch;
        }
        x += w;
    }
    grid.header(top, h);
    doc.y += h;
}

/// The rules of a table on one page, gathered as rows are placed and drawn at once when the
/// page is full or the table ends: a rule under every row, the column lines down each run of
/// rows between spans, and the outer lines down the whole page. (One operation per rule, not
/// per cell: a 50,000-row ledger stays small.)
struct Grid {
    /// The inner column boundaries.
    xs: Vec<f32>,
    width: f32,
    page_top: Option<f32>,
    run_top: Option<f32>,
    bottom: f32,
    segs: Vec<(f32, f32, f32, f32)>,
}

impl Grid {
    fn new(widths: &[f32]) -> Grid {
        let mut x = 0.0;
        let mut xs = Vec::new();
        for w in &widths[..widths.len().saturating_sub(1)] {
            x += w;
            xs.push(x);
        }
        Grid { xs, width: widths.iter().sum(), page_top: None, run_top: None, bottom: 0.0, segs: Vec::new() }
    }

    fn row(&mut self, top: f32, h: f32) {
        self.page_top.get_or_insert(top);
        self.segs.push((0.0, top + h, self.width, top + h));
        self.bottom = top + h;
    }

    fn header(&mut self, top: f32, h: f32) {
        self.segs.push((0.0, top, self.width, top));
        self.cells(top, h);
    }

    fn cells(&mut self, top: f32, h: f32) {
        self.run_top.get_or_insert(top);
        self.row(top, h);
    }

    fn span(&mut self, top: f32, h: f32) {
        self.close_run(top);
        self.row(top, h);
    }

    fn close_run(&mut self, bottom: f32) {
        if let Some(t) = self.run_top.take() {
            self.segs.extend(self.xs.iter().map(|&x| (x, t, x, bottom)));
        }
    }

    fn flush(&mut self, doc: &mut Doc) {
        let bottom = self.bottom;
        self.close_run(bottom);
        if let Some(t) = self.page_top.take() {
            self.segs.push((0.0, t, 0.0, bottom));
            self.segs.push((self.width, t, self.width, bottom));
        }
        doc.rules(&self.segs, RULE);
        self.segs.clear();
    }
}

/// The line that opens the continuation of a split row.
fn continuation(doc: &Doc, element: Element, size: f32) -> Line {
    let text = "（续）".to_string();
    Line { width: doc.measure(element, size, &text), text, last: true }
}

#[allow(clippy::too_many_arguments)]
fn draw_row(
    doc: &mut Doc,
    grid: &mut Grid,
    row: &Laid,
    columns: &[TableColumn],
    widths: &[f32],
    style: &TableStyle,
    from: usize,
    to: usize,
    continued: bool,
    h: f32,
    place: &str,
    index: usize,
) {
    let top = doc.y;
    let whole = from == 0 && to >= row.lines() && !continued;
    let where_ = format!("{place}第 {} 行", index + 1);
    if let Some(shade) = row.span {
        if shade {
            doc.rect(0.0, top, doc.spec.block_w, h, Some(0.95), None);
        }
        let w = doc.spec.block_w - 2.0 * style.pad_x;
        let mut line_top = top + style.pad_y;
        if continued {
            let l = continuation(doc, style.head, style.size);
            doc.draw_line(
                style.head,
                style.size,
                style.pad_x,
                w,
                Doc::baseline_in(line_top, style.pitch, style.size),
                &l,
                Align::Left,
                false,
                &where_,
            );
            line_top += style.pitch;
        }
        for line in row.cells[0].iter().take(to).skip(from) {
            let baseline = Doc::baseline_in(line_top, style.pitch, style.size);
            doc.draw_line(style.head, style.size, style.pad_x, w, baseline, line, Align::Left, false, &where_);
            line_top += style.pitch;
        }
        grid.span(top, h);
        doc.y += h;
        return;
    }
    // The （续） mark goes on the column with the most lines, the one that made the split.
    let tallest = row.cells.iter().enumerate().max_by_key(|(_, c)| c.len()).map_or(0, |(i, _)| i);
    let mut x = 0.0;
    for (i, w) in widths.iter().enumerate() {
        let lines: Vec<&Line> = row.cells[i].iter().take(to).skip(from).collect();
        let mut drawn: Vec<Line> = Vec::new();
        if continued && i == tallest {
            drawn.push(continuation(doc, style.body, style.size));
        }
        drawn.extend(lines.into_iter().cloned());
        let block = drawn.len() as f32 * style.pitch;
        // Whole rows are centred vertically in their cells; parts of a split row start at the top.
        let mut line_top = if whole { top + (h - block) / 2.0 } else { top + style.pad_y };
        let inner = w - 2.0 * style.pad_x;
        for line in &drawn {
            let baseline = Doc::baseline_in(line_top, style.pitch, style.size);
            let justify = columns[i].align == Align::Left;
            doc.draw_line(
                style.body,
                style.size,
                x + style.pad_x,
                inner,
                baseline,
                line,
                columns[i].align,
                justify,
                &format!("{where_}“{}”列", columns[i].header),
            );
            line_top += style.pitch;
        }
        x += w;
    }
    grid.cells(top, h);
    doc.y += h;
}
