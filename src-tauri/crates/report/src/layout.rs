//! Pages and the cursor: A4 geometry after GB/T 9704, drawing text (each character from the
//! first face that has it; a character none has is reported, never drawn as an empty box),
//! paragraphs, rules and boxes, page numbers `— N —`, the version mark on every page, and the
//! finished PDF with its fonts embedded as subsets.
//!
//! Positions are in points, `x` from the left edge of the 版心 and `y` downward from its top;
//! they are turned into PDF coordinates (origin bottom left) when the operations are emitted.

use std::collections::HashSet;

use printpdf::{
    Color, FontId, Line as PdfLine, LinePoint, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Polygon, PolygonRing, Pt, Rect, Rgb, TextItem, TextMatrix, WindingOrder,
};
use serde::{Deserialize, Serialize};

use crate::breaking::{self, Line};
use crate::fonts::{Element, FontPlan, FontSet};
use crate::{Report, ReportError};

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;
/// 2号, 3号, 4号, 小四, 五号 (GB/T 9704 sizes in points).
pub const SIZE_2: f32 = 22.0;
pub const SIZE_3: f32 = 16.0;
pub const SIZE_4: f32 = 14.0;
pub const SIZE_S4: f32 = 12.0;
pub const SIZE_5: f32 = 10.5;
/// The line pitch of 3号 body text: 22 lines fill the 225 mm 版心.
pub const BODY_PITCH: f32 = 225.0 * MM / 22.0;

/// Where a glyph's baseline sits below the top of its line box, as a share of the font size
/// (CJK faces: ascent ≈ 0.88 em, descent ≈ 0.12 em).
const ASCENT: f32 = 0.88;
/// The height of the running head line.
const RUNNING_HEAD_PITCH: f32 = SIZE_5 * 1.8;

/// A character no face could draw, and where it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingChar {
    pub ch: char,
    /// `U+10FFFD`
    pub code: String,
    /// The page it is on (1-based).
    pub page: usize,
    /// The part of the report: 标题, 正文, 评分表第 12 项 …
    pub place: String,
}

/// A page's size and its 版心 (text block), in points.
#[derive(Debug, Clone, Copy)]
pub struct PageSpec {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub top: f32,
    pub block_w: f32,
    pub block_h: f32,
    pub landscape: bool,
}

impl PageSpec {
    /// A4 portrait after GB/T 9704: 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm.
    pub fn portrait() -> PageSpec {
        PageSpec {
            width: 210.0 * MM,
            height: 297.0 * MM,
            left: 28.0 * MM,
            top: 37.0 * MM,
            block_w: 156.0 * MM,
            block_h: 225.0 * MM,
            landscape: false,
        }
    }

    /// A4 landscape: the portrait page turned a quarter, its 版心 225 × 156 mm. The left margin
    /// (35 mm) is the portrait foot, where the page number goes.
    pub fn landscape() -> PageSpec {
        PageSpec {
            width: 297.0 * MM,
            height: 210.0 * MM,
            left: 35.0 * MM,
            top: 28.0 * MM,
            block_w: 225.0 * MM,
            block_h: 156.0 * MM,
            landscape: true,
        }
    }
}

/// Horizontal alignment of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

fn grey(level: f32) -> Color {
    Color::Rgb(Rgb { r: level, g: level, b: level, icc_profile: None })
}

fn red() -> Color {
    Color::Rgb(Rgb { r: 0.8, g: 0.0, b: 0.0, icc_profile: None })
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false }
}

/// A document being laid out.
pub(crate) struct Doc {
    pub(crate) fonts: FontSet,
    pub(crate) spec: PageSpec,
    pdf: PdfDocument,
    font_ids: Vec<Option<FontId>>,
    pages: Vec<Vec<Op>>,
    /// The cursor: points below the top of the 版心 on the current page.
    pub(crate) y: f32,
    missing: Vec<MissingChar>,
    seen: HashSet<(char, String)>,
    /// Drawn at the top of every page after the first (a ledger's title and date).
    running_head: Option<String>,
    /// The face and size the page's content stream last selected (Tf carries over between
    /// text objects), so it is not selected again for every cell.
    page_font: Option<(usize, f32)>,
}

impl Doc {
    pub fn new(title: &str, plan: &FontPlan, spec: PageSpec) -> Result<Doc, ReportError> {
        let fonts = FontSet::load(plan)?;
        let mut pdf = PdfDocument::new(title);
        pdf.metadata.info.creator = "规范化建设台账".to_string();
        pdf.metadata.info.producer = "规范化建设台账（printpdf）".to_string();
        let now = printpdf::OffsetDateTime::now_utc();
        pdf.metadata.info.creation_date = now;
        pdf.metadata.info.modification_date = now;
        pdf.metadata.info.metadata_date = now;
        let n = fonts.faces.len();
        Ok(Doc {
            fonts,
            spec,
            pdf,
            font_ids: vec![None; n],
            pages: vec![Vec::new()],
            y: 0.0,
            missing: Vec::new(),
            seen: HashSet::new(),
            running_head: None,
            page_font: None,
        })
    }

    /// The current page, 1-based.
    pub fn page(&self) -> usize {
        self.pages.len()
    }

    /// Room left on the current page below the cursor.
    pub fn remaining(&self) -> f32 {
        self.spec.block_h - self.y
    }

    /// Where a page's content starts below the top of the 版心 (below the running head).
    pub fn page_top(&self) -> f32 {
        if self.running_head.is_some() {
            RUNNING_HEAD_PITCH
        } else {
            0.0
        }
    }

    pub fn set_running_head(&mut self, text: Option<String>) {
        self.running_head = text;
    }

    /// Start a new page (with the running head, if any).
    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.page_font = None;
        self.y = 0.0;
        if let Some(head) = self.running_head.clone() {
            self.draw_text(Element::Body, SIZE_5, 0.0, ASCENT * SIZE_5, &head, 0.0, "页眉");
            self.y += RUNNING_HEAD_PITCH;
        }
    }

    /// A new page unless `h` points fit below the cursor. True when a page was started.
    pub fn ensure(&mut self, h: f32) -> bool {
        if self.y > self.page_top() + 0.01 && h > self.remaining() + 0.01 {
            self.new_page();
            true
        } else {
            false
        }
    }

    /// Break `text` for `element` at `size` into lines `width` wide (`first` for the first).
    pub fn break_text(&self, element: Element, size: f32, text: &str, first: f32, width: f32) -> Vec<Line> {
        breaking::break_lines(text, first, width, |c| self.fonts.width(element, c, size))
    }

    /// Balanced lines for a title or a table header (评分/方式, not 评分方/式).
    pub fn balanced(&self, element: Element, size: f32, text: &str, width: f32) -> Vec<Line> {
        breaking::balanced_lines(text, width, |c| self.fonts.width(element, c, size))
    }

    pub fn measure(&self, element: Element, size: f32, text: &str) -> f32 {
        self.fonts.text_width(element, text, size)
    }

    fn font_id(&mut self, face: usize) -> FontId {
        if let Some(id) = &self.font_ids[face] {
            return id.clone();
        }
        let id = self.pdf.add_font(&self.fonts.faces[face].font);
        self.font_ids[face] = Some(id.clone());
        id
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a document always has a page")
    }

    fn page_x(&self, x: f32) -> f32 {
        self.spec.left + x
    }

    fn page_y(&self, y: f32) -> f32 {
        self.spec.height - self.spec.top - y
    }

    fn record_missing(&mut self, ch: char, page: usize, place: &str) {
        if self.seen.insert((ch, place.to_string())) {
            self.missing.push(MissingChar { ch, code: format!("U+{:04X}", ch as u32), page, place: place.to_string() });
        }
    }

    /// The text operations for `text` with its first glyph's origin at `origin` (page
    /// coordinates) along the direction `(dx, dy)`; `spacing` is added after every glyph.
    #[allow(clippy::too_many_arguments)]
    fn text_ops(
        &mut self,
        element: Element,
        size: f32,
        origin: (f32, f32),
        dir: (f32, f32),
        text: &str,
        spacing: f32,
        page: usize,
        place: &str,
    ) -> Vec<Op> {
        let mut ops = vec![Op::StartTextSection];
        if spacing != 0.0 {
            ops.push(Op::SetCharacterSpacing { multiplier: spacing });
        }
        let mut pen = 0.0;
        let mut run = String::new();
        let mut run_at = 0.0;
        let mut run_face: Option<usize> = None;
        let mut current_face: Option<usize> = self.page_font.filter(|f| f.1 == size).map(|f| f.0);
        let mut flush = |doc: &mut Doc, ops: &mut Vec<Op>, run: &mut String, face: Option<usize>, at: f32| {
            let Some(face) = face.filter(|_| !run.is_empty()) else { return };
            if current_face != Some(face) {
                ops.push(Op::SetFont { font: PdfFontHandle::External(doc.font_id(face)), size: Pt(size) });
                current_face = Some(face);
            }
            let (x, y) = (origin.0 + dir.0 * at, origin.1 + dir.1 * at);
            let m = if dir == (1.0, 0.0) {
                TextMatrix::Translate(Pt(x), Pt(y))
            } else {
                TextMatrix::Raw([dir.0, dir.1, -dir.1, dir.0, x, y])
            };
            ops.push(Op::SetTextMatrix { matrix: m });
            ops.push(Op::ShowText { items: vec![TextItem::Text(std::mem::take(run))] });
        };
        for ch in text.chars() {
            let ch = if ch == '\t' { ' ' } else { ch };
            if ch.is_control() {
                continue;
            }
            match self.fonts.resolve(element, ch) {
                None => {
                    flush(self, &mut ops, &mut run, run_face, run_at);
                    self.record_missing(ch, page, place);
                }
                Some((face, adv)) => {
                    if run_face != Some(face) {
                        flush(self, &mut ops, &mut run, run_face, run_at);
                        run_face = Some(face);
                        run_at = pen;
                    }
                    if run.is_empty() {
                        run_at = pen;
                    }
                    run.push(ch);
                    pen += adv * size + spacing;
                }
            }
        }
        flush(self, &mut ops, &mut run, run_face, run_at);
        self.page_font = current_face.map(|f| (f, size));
        if spacing != 0.0 {
            ops.push(Op::SetCharacterSpacing { multiplier: 0.0 });
        }
        ops.push(Op::EndTextSection);
        ops
    }

    /// Draw one line of text with its baseline `baseline` below the top of the 版心.
    #[allow(clippy::too_many_arguments)]
    pub fn draw_text(
        &mut self,
        element: Element,
        size: f32,
        x: f32,
        baseline: f32,
        text: &str,
        spacing: f32,
        place: &str,
    ) {
        if text.trim().is_empty() {
            return;
        }
        let origin = (self.page_x(x), self.page_y(baseline));
        let page = self.page();
        let ops = self.text_ops(element, size, origin, (1.0, 0.0), text, spacing, page, place);
        // Text drawn one after another (a table's cells) shares one text object.
        let page_ops = self.ops();
        if matches!(page_ops.last(), Some(Op::EndTextSection)) && matches!(ops.first(), Some(Op::StartTextSection)) {
            page_ops.pop();
            page_ops.extend(ops.into_iter().skip(1));
        } else {
            page_ops.extend(ops);
        }
    }

    /// Draw `line` in a box `width` wide at `x`, aligned; `justify` spreads a line that does not
    /// end its paragraph over the whole width (两端对齐).
    #[allow(clippy::too_many_arguments)]
    pub fn draw_line(
        &mut self,
        element: Element,
        size: f32,
        x: f32,
        width: f32,
        baseline: f32,
        line: &Line,
        align: Align,
        justify: bool,
        place: &str,
    ) {
        let text = line.text.trim_end_matches(' ');
        let n = text.chars().count();
        let (dx, spacing) = match align {
            _ if justify && !line.last && n > 1 && line.width < width => (0.0, (width - line.width) / (n - 1) as f32),
            Align::Left => (0.0, 0.0),
            Align::Center => (((width - line.width) / 2.0).max(0.0), 0.0),
            Align::Right => ((width - line.width).max(0.0), 0.0),
        };
        // Never spread a line by more than a quarter character per gap: such a line (before a
        // long word, or short of several pushed-down characters) stays flush left.
        let spacing = if spacing > size * 0.25 { 0.0 } else { spacing };
        self.draw_text(element, size, x + dx, baseline, text, spacing, place);
    }

    /// A paragraph across the 版心: `indent` characters on its first line, lines `pitch` apart,
    /// justified, breaking pages as needed.
    pub fn paragraph(&mut self, element: Element, size: f32, pitch: f32, text: &str, indent: f32, place: &str) {
        let w = self.spec.block_w;
        let lines = self.break_text(element, size, text, w - indent * size, w);
        for (i, line) in lines.iter().enumerate() {
            self.ensure(pitch);
            let x = if i == 0 { indent * size } else { 0.0 };
            let baseline = self.y + (pitch - size) / 2.0 + ASCENT * size;
            self.draw_line(element, size, x, w - x, baseline, line, Align::Left, true, place);
            self.y += pitch;
        }
    }

    /// Lines of `text` aligned across the 版心 (a title is balanced first when `balanced`).
    pub fn aligned(&mut self, element: Element, size: f32, pitch: f32, text: &str, align: Align, place: &str) {
        let w = self.spec.block_w;
        let lines = if align == Align::Center {
            self.balanced(element, size, text, w)
        } else {
            self.break_text(element, size, text, w, w)
        };
        for line in &lines {
            self.ensure(pitch);
            let baseline = self.y + (pitch - size) / 2.0 + ASCENT * size;
            self.draw_line(element, size, 0.0, w, baseline, line, align, false, place);
            self.y += pitch;
        }
    }

    /// The baseline for text of `size` in a line box whose top is `top` and height `pitch`.
    pub fn baseline_in(top: f32, pitch: f32, size: f32) -> f32 {
        top + (pitch - size) / 2.0 + ASCENT * size
    }

    /// A rectangle on the current page; `fill` a grey level (0 black … 1 white), `stroke` a
    /// line width.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<f32>, stroke: Option<f32>) {
        let (px, py) = (self.page_x(x), self.page_y(y + h));
        let mut ops = vec![Op::SaveGraphicsState];
        if let Some(level) = fill {
            ops.push(Op::SetFillColor { col: grey(level) });
            ops.push(Op::DrawPolygon {
                polygon: Polygon {
                    rings: vec![PolygonRing {
                        points: vec![point(px, py), point(px + w, py), point(px + w, py + h), point(px, py + h)],
                    }],
                    mode: PaintMode::Fill,
                    winding_order: WindingOrder::NonZero,
                },
            });
        }
        if let Some(width) = stroke {
            ops.push(Op::SetOutlineThickness { pt: Pt(width) });
            ops.push(Op::SetOutlineColor { col: grey(0.0) });
            ops.push(Op::DrawLine { line: Rect::from_xywh(Pt(px), Pt(py), Pt(w), Pt(h)).to_line() });
        }
        ops.push(Op::RestoreGraphicsState);
        self.ops().extend(ops);
    }

    /// Straight rules on the current page, each from `(x1, y1)` to `(x2, y2)`, `width` thick.
    pub fn rules(&mut self, segments: &[(f32, f32, f32, f32)], width: f32) {
        if segments.is_empty() {
            return;
        }
        let mut ops = vec![
            Op::SaveGraphicsState,
            Op::SetOutlineThickness { pt: Pt(width) },
            Op::SetOutlineColor { col: grey(0.0) },
        ];
        for &(x1, y1, x2, y2) in segments {
            let a = point(self.page_x(x1), self.page_y(y1));
            let b = point(self.page_x(x2), self.page_y(y2));
            ops.push(Op::DrawLine { line: PdfLine { points: vec![a, b], is_closed: false } });
        }
        ops.push(Op::RestoreGraphicsState);
        self.ops().extend(ops);
    }

    /// Finish: page numbers `— N —` on every page, `marks` (the version: 草稿, 修订版…) at the
    /// top of every page and `watermark` across it, and the PDF with its fonts subset.
    pub fn finish(mut self, title: &str, marks: &str, watermark: Option<&str>) -> Result<Report, ReportError> {
        let spec = self.spec;
        let count = self.pages.len();
        let mut pages = Vec::with_capacity(count);
        let bodies = std::mem::take(&mut self.pages);
        for (i, body) in bodies.into_iter().enumerate() {
            let n = i + 1;
            let mut ops = Vec::new();
            // These are laid down around the page's content (the watermark before it, inside
            // q … Q): each selects its own face.
            self.page_font = None;
            if let Some(w) = watermark {
                ops.extend(self.watermark_ops(w, n));
            }
            ops.extend(body);
            self.page_font = None;
            if !marks.is_empty() {
                ops.extend(self.mark_ops(marks, n));
                self.page_font = None;
            }
            ops.extend(self.page_number_ops(n));
            pages.push(PdfPage {
                media_box: Rect::from_wh(Pt(spec.width), Pt(spec.height)),
                trim_box: Rect::from_wh(Pt(spec.width), Pt(spec.height)),
                crop_box: Rect::from_wh(Pt(spec.width), Pt(spec.height)),
                ops,
            });
        }
        let options = PdfSaveOptions { subset_fonts: true, ..Default::default() };
        let mut warnings = Vec::new();
        let bytes = self.pdf.with_pages(pages).save(&options, &mut warnings);
        if !bytes.starts_with(b"%PDF") {
            return Err(ReportError::Layout(format!("生成 PDF 失败：{warnings:?}")));
        }
        Ok(Report { title: title.to_string(), bytes, pages: count, missing_chars: self.missing })
    }

    /// `— N —` in 4号 宋体, its dashes 7 mm below the 版心, odd pages right and even pages left
    /// with a one-character gap. On a landscape page it stands on the left side, turned to be
    /// read with the page turned (the portrait foot).
    fn page_number_ops(&mut self, n: usize) -> Vec<Op> {
        let size = SIZE_4;
        let text = format!("— {n} —");
        let w = self.fonts.text_width(Element::PageNumber, &text, size);
        let s = self.spec;
        // The dash sits about 0.3 em above the baseline.
        let dash_to_base = 0.3 * size;
        let (origin, dir) = if s.landscape {
            // Reads top to bottom; its baseline 7 mm left of the 版心.
            let x = s.left - 7.0 * MM - dash_to_base;
            let y_top = s.height - s.top;
            let y_bottom = y_top - s.block_h;
            let y = if n % 2 == 1 { y_bottom + size + w } else { y_top - size };
            ((x, y), (0.0, -1.0))
        } else {
            let y = s.height - s.top - s.block_h - 7.0 * MM - dash_to_base;
            let x = if n % 2 == 1 { s.left + s.block_w - size - w } else { s.left + size };
            ((x, y), (1.0, 0.0))
        };
        self.text_ops(Element::PageNumber, size, origin, dir, &text, 0.0, n, "页码")
    }

    /// The version mark in red at the top right of the page, above the 版心.
    fn mark_ops(&mut self, marks: &str, n: usize) -> Vec<Op> {
        let size = SIZE_S4;
        let w = self.fonts.text_width(Element::Heading1, marks, size);
        let s = self.spec;
        let x = s.left + s.block_w - w;
        let y = s.height - s.top + 6.0 * MM;
        let mut ops = vec![Op::SaveGraphicsState, Op::SetFillColor { col: red() }];
        ops.extend(self.text_ops(Element::Heading1, size, (x, y), (1.0, 0.0), marks, 0.0, n, "版本标记"));
        ops.push(Op::RestoreGraphicsState);
        ops
    }

    /// A pale diagonal word across the page, under the content.
    fn watermark_ops(&mut self, text: &str, n: usize) -> Vec<Op> {
        let size = 96.0;
        let w = self.fonts.text_width(Element::Heading1, text, size);
        let s = self.spec;
        let (c, si) = (std::f32::consts::FRAC_1_SQRT_2, std::f32::consts::FRAC_1_SQRT_2);
        // Centre the word on the page centre along the 45° diagonal.
        let (cx, cy) = (s.width / 2.0, s.height / 2.0);
        let along = w / 2.0;
        let across = size * 0.35;
        let x = cx - c * along + si * across;
        let y = cy - si * along - c * across;
        let mut ops = vec![Op::SaveGraphicsState, Op::SetFillColor { col: grey(0.9) }];
        ops.extend(self.text_ops(Element::Heading1, size, (x, y), (c, si), text, 0.0, n, "水印"));
        ops.push(Op::RestoreGraphicsState);
        ops
    }
}
