//! The self-assessment report laid out on the page: each [`Block`] of its content drawn in
//! turn — the headings kept with what follows them, the bar chart by group, the tables, and the
//! signature block with its 附注 line.

use super::Block;
use crate::fmt_score;
use crate::fonts::Element;
use crate::layout::{Align, Doc, BODY_PITCH, SIZE_2, SIZE_3, SIZE_5, SIZE_S4};
use crate::table::{draw_table, TableStyle};

/// Lay one block out; `next` keeps a heading with what follows it.
pub(super) fn render(doc: &mut Doc, block: &Block, next: Option<&Block>) {
    match block {
        Block::Title(t) => {
            doc.aligned(Element::Title, SIZE_2, SIZE_2 * 1.5, t, Align::Center, "标题");
            // One blank line below the title.
            doc.y += BODY_PITCH;
        }
        Block::Recipient(r) => doc.aligned(Element::Body, SIZE_3, BODY_PITCH, r, Align::Left, "主送机关"),
        Block::Paragraph(t) => doc.paragraph(Element::Body, SIZE_3, BODY_PITCH, t, 2.0, "正文"),
        Block::Heading1(t) | Block::Heading2(t) => {
            let element = if matches!(block, Block::Heading1(_)) { Element::Heading1 } else { Element::Heading2 };
            // A heading stays with the start of what follows it.
            let with = match next {
                Some(Block::Chart { bars, .. }) => chart_height(bars.len()),
                _ => BODY_PITCH * 2.0,
            };
            doc.ensure(BODY_PITCH + with);
            doc.paragraph(element, SIZE_3, BODY_PITCH, t, 2.0, "标题");
        }
        Block::Chart { caption, bars } => chart(doc, caption, bars),
        Block::Table { columns, rows, place } => {
            doc.y += 4.0;
            draw_table(doc, columns, rows, &TableStyle::standard(), place);
            doc.y += BODY_PITCH / 2.0;
        }
        Block::Signature { lines, note } => signature(doc, lines, note.as_deref()),
    }
}

const CHART_ROW: f32 = 20.0;
const CHART_CAPTION: f32 = 24.0;
const CHART_LEGEND: f32 = 24.0;

fn chart_height(bars: usize) -> f32 {
    CHART_CAPTION + bars as f32 * CHART_ROW + CHART_LEGEND
}

/// 得分 vs 满分, one bar per group: the full length is the group's 满分 (pale), the filled
/// part its score.
fn chart(doc: &mut Doc, caption: &str, bars: &[(String, f64, f64)]) {
    let size = SIZE_5;
    let row_h = CHART_ROW;
    let bar_h = 11.0;
    let height = chart_height(bars.len());
    doc.ensure(height);
    let w = doc.spec.block_w;
    let label_w = w * 0.36;
    let value_w = w * 0.17;
    let bar_x = label_w + 6.0;
    let bar_w = w - bar_x - value_w;
    let top = doc.y;
    let cw = doc.measure(Element::Heading1, SIZE_S4, caption);
    doc.draw_text(Element::Heading1, SIZE_S4, (w - cw) / 2.0, top + 16.0, caption, 0.0, "图表");
    let max = bars.iter().map(|b| b.2).fold(0.0_f64, f64::max).max(1.0);
    let mut y = top + CHART_CAPTION;
    for (name, score, full_pts) in bars {
        let nw = doc.measure(Element::Body, size, name);
        let baseline = y + (row_h + size) / 2.0 - 1.5;
        if nw <= label_w {
            doc.draw_text(Element::Body, size, label_w - nw, baseline, name, 0.0, "图表");
        } else {
            let line = doc.break_text(Element::Body, size, name, label_w, label_w).remove(0);
            doc.draw_text(Element::Body, size, 0.0, baseline, &line.text, 0.0, "图表");
        }
        let bar_top = y + (row_h - bar_h) / 2.0;
        let full = bar_w * (full_pts.max(0.0) / max) as f32;
        let got = bar_w * (score.clamp(0.0, full_pts.max(0.0)) / max) as f32;
        doc.rect(bar_x, bar_top, full, bar_h, Some(0.9), Some(0.4));
        if got > 0.0 {
            doc.rect(bar_x, bar_top, got, bar_h, Some(0.35), None);
        }
        let value = format!("{} / {}", fmt_score(*score), fmt_score(*full_pts));
        doc.draw_text(Element::Body, size, bar_x + full + 4.0, baseline, &value, 0.0, "图表");
        y += row_h;
    }
    // Legend.
    let ly = y + 6.0;
    doc.rect(bar_x, ly, 10.0, 8.0, Some(0.35), None);
    doc.draw_text(Element::Body, size, bar_x + 14.0, ly + 8.0, "得分", 0.0, "图表");
    doc.rect(bar_x + 60.0, ly, 10.0, 8.0, Some(0.9), Some(0.4));
    doc.draw_text(Element::Body, size, bar_x + 74.0, ly + 8.0, "满分", 0.0, "图表");
    doc.y = top + height;
}

/// The signature lines — right-indented four characters, the 负责人 line with a rule to sign
/// on — and the 附注 line, kept together on one page.
fn signature(doc: &mut Doc, lines: &[String], note: Option<&str>) {
    let size = SIZE_3;
    let rule = "\u{3000}".repeat(6);
    let sign_line = lines.iter().position(|l| l.starts_with("负责人"));
    let mut widest = lines.iter().map(|l| doc.measure(Element::Body, size, l)).fold(0.0, f32::max);
    if let Some(i) = sign_line {
        widest = widest.max(doc.measure(Element::Body, size, &format!("{}{rule}", lines[i])));
    }
    let needed = BODY_PITCH * (lines.len() as f32 + 2.0 + f32::from(u8::from(note.is_some())));
    doc.ensure(needed);
    doc.y += BODY_PITCH * 2.0;
    let x = (doc.spec.block_w - 4.0 * size - widest).max(0.0);
    for (i, l) in lines.iter().enumerate() {
        let baseline = Doc::baseline_in(doc.y, BODY_PITCH, size);
        doc.draw_text(Element::Body, size, x, baseline, l, 0.0, "署名");
        if Some(i) == sign_line {
            let from = x + doc.measure(Element::Body, size, l);
            doc.rules(&[(from, baseline + 3.0, x + widest, baseline + 3.0)], 0.6);
        }
        doc.y += BODY_PITCH;
    }
    if let Some(n) = note {
        doc.paragraph(Element::Body, size, BODY_PITCH, n, 2.0, "附注");
    }
}
