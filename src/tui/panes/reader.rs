//! The reader: the laid-out document (made in the update step), the visible slice drawn with
//! the cursor, notes, search hits and speaker focus; the selection and the search field below.

use super::super::app::{App, Focus};
use super::super::cx::truncate;
use super::super::layout::MARGIN;
use super::super::popups::prompt::PromptKind;
use super::super::wrap::{sanitize, Piece};
use super::pane_block;
use crate::text::strip_controls;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Spans of pieces, occurrences of the needles (already lower case) in the hit style.
fn push_highlighted<'a>(
    out: &mut Vec<Span<'a>>,
    pieces: &'a [Piece],
    needles: &[String],
    hit: Style,
    dim: Option<Style>,
) {
    let style = |s: Style| dim.unwrap_or(s);
    let text: String = pieces.iter().map(|p| p.0.as_str()).collect();
    let lower = text.to_lowercase();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    if lower.len() == text.len() {
        for n in needles.iter().filter(|n| !n.is_empty()) {
            ranges.extend(
                lower
                    .match_indices(n.as_str())
                    .map(|(i, m)| (i, i + m.len())),
            );
        }
    }
    ranges.sort_unstable();
    // Overlapping marks become one.
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (a, b) in ranges {
        match merged.last_mut() {
            Some(l) if a <= l.1 => l.1 = l.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let ranges = merged;
    if ranges.is_empty() {
        out.extend(
            pieces
                .iter()
                .map(|(t, s)| Span::styled(t.as_str(), style(*s))),
        );
        return;
    }
    let mut pos = 0;
    for (t, s) in pieces {
        let (a, b) = (pos, pos + t.len());
        let mut cut = a;
        for &(x, y) in &ranges {
            let (x, y) = (x.max(a), y.min(b));
            if x >= y || !t.is_char_boundary(x - a) || !t.is_char_boundary(y - a) {
                continue;
            }
            if x > cut {
                out.push(Span::styled(&t[cut - a..x - a], style(*s)));
            }
            out.push(Span::styled(&t[x - a..y - a], style(*s).patch(hit)));
            cut = y;
        }
        if cut < b {
            out.push(Span::styled(&t[cut - a..], style(*s)));
        }
        pos = b;
    }
}

/// Draw the reader pane.
pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let title = match app.doc() {
        Some(d) => format!(
            " {} ",
            truncate(
                &strip_controls(&d.title),
                area.width.saturating_sub(4) as usize
            )
        ),
        None => " Reader ".into(),
    };
    f.render_widget(pane_block(app, title, Focus::Reader), area);
    let inner = app.areas.reader_text;
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if app.doc().is_none() {
        f.render_widget(Paragraph::new("No documents. Try carrel check."), inner);
        return;
    }
    let Some(l) = app.last_layout() else { return };
    let theme = &app.theme;
    let page = app.page;
    let v = app.view();
    let needles: &[String] = app.search.as_ref().map_or(&[], |s| s.needles.as_slice());
    let top = v.top.min(l.lines.len().saturating_sub(page));
    let mut lines: Vec<Line> = Vec::with_capacity(page);
    for rl in l.lines.iter().skip(top).take(page) {
        let on_cursor = rl.block == Some(v.cursor);
        let mut spans: Vec<Span> = Vec::with_capacity(rl.spans.len() + 2);
        spans.push(if on_cursor {
            Span::styled("▌", theme.cursor())
        } else if rl.number.is_some() && rl.block.is_some_and(|b| app.cache.noted.contains(&b)) {
            Span::styled("•", theme.note())
        } else {
            Span::raw(" ")
        });
        let num = match rl.number {
            Some(n) => format!("{n:>width$} ", width = MARGIN - 2),
            None => " ".repeat(MARGIN - 1),
        };
        spans.push(Span::styled(
            num,
            if on_cursor && rl.number.is_some() {
                theme.selected()
            } else {
                theme.muted()
            },
        ));
        let dim = matches!((app.speaker_focus, rl.speaker), (Some(f), Some(s)) if f != s);
        let dim = dim.then(|| theme.dimmed());
        push_highlighted(&mut spans, &rl.spans, needles, theme.hit(), dim);
        lines.push(Line::from(spans));
    }
    f.render_widget(Paragraph::new(lines), inner);
    let w = inner.width as usize;
    let mut below = inner.y + inner.height;
    if let Some((text, _, _)) = app.selected_text() {
        let shown = truncate(&format!("“{}”", sanitize(&text)), w.saturating_sub(12));
        let rows = vec![
            Line::from(vec![
                Span::styled("selecting: ", theme.accent()),
                Span::styled(shown, theme.hit()),
            ]),
            Line::from(Span::styled(
                truncate(
                    "h/l end by a word · H/L start · j/k by eight · a annotate · Esc cancel",
                    w,
                ),
                theme.muted(),
            )),
        ];
        f.render_widget(
            Paragraph::new(rows),
            Rect {
                y: below,
                height: 2,
                ..inner
            },
        );
        below += 2;
    }
    if let Some(p) = app.prompt(PromptKind::Search) {
        let line = Line::from(vec![
            Span::styled("search: ", theme.accent()),
            Span::raw(sanitize(&p.field.with_cursor("▏"))),
        ]);
        f.render_widget(
            Paragraph::new(line),
            Rect {
                y: below,
                height: 1,
                ..inner
            },
        );
    }
}
