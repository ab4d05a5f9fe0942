//! The document list: a timeline strip (each document a tick, the open one ▼), the documents
//! in date order, and the filter.

use super::super::app::{App, Focus};
use super::super::cx::truncate;
use super::super::popups::prompt::PromptKind;
use super::super::widgets::list::draw_rows;
use super::super::wrap::sanitize;
use super::pane_block;
use crate::text::strip_controls;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

fn timeline(app: &App, width: usize) -> Vec<Line<'static>> {
    let days = &app.days;
    let known = days.iter().flatten();
    let (Some(&lo), Some(&hi)) = (known.clone().min(), known.max()) else {
        return vec![Line::from(Span::styled("no dates", app.theme.muted()))];
    };
    let w = width.max(2);
    let col = |d: i64| -> usize {
        if hi == lo {
            w / 2
        } else {
            ((d - lo) as f64 / (hi - lo) as f64 * (w - 1) as f64).round() as usize
        }
    };
    let mut cells: Vec<(char, Style)> = vec![('─', app.theme.muted()); w];
    let mut shown_mask = vec![false; days.len()];
    for &i in &app.list.filtered {
        if let Some(x) = shown_mask.get_mut(i) {
            *x = true;
        }
    }
    for (i, d) in days.iter().enumerate() {
        let Some(d) = d else { continue };
        if i == app.current {
            continue;
        }
        let c = col(*d).min(w - 1);
        cells[c] = if shown_mask[i] {
            ('┃', Style::default())
        } else {
            ('╵', app.theme.muted())
        };
    }
    if let Some(Some(d)) = days.get(app.current) {
        let c = col(*d).min(w - 1);
        cells[c] = ('▼', app.theme.accent().add_modifier(Modifier::BOLD));
    }
    let strip: Vec<Span> = cells
        .into_iter()
        .map(|(c, s)| Span::styled(c.to_string(), s))
        .collect();
    let (a, b) = ((lo / 372).to_string(), (hi / 372).to_string());
    let gap = w.saturating_sub(a.len() + b.len());
    vec![
        Line::from(strip),
        Line::from(Span::styled(
            format!("{a}{}{b}", " ".repeat(gap)),
            app.theme.muted(),
        )),
    ]
}

/// Draw the list pane.
pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let total = app.corpus.docs.len();
    let title = if app.list.filter.is_empty() {
        format!(" Documents {total} ")
    } else {
        format!(" Documents {}/{total} ", app.list.filtered.len())
    };
    let block = pane_block(app, title, Focus::List);
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let w = inner.width as usize;
    let Some(rows) = app.areas.list_rows else {
        return;
    };
    if rows.y > inner.y {
        f.render_widget(
            Paragraph::new(timeline(app, w)),
            Rect {
                height: rows.y - inner.y,
                ..inner
            },
        );
    }
    let n = app.list.filtered.len();
    if n == 0 {
        f.render_widget(
            Paragraph::new(Span::styled("no documents match", app.theme.muted())),
            rows,
        );
    }
    draw_rows(f, rows, &app.list.state, n, |row, sel| {
        let d = app.list.filtered[row];
        let Some(doc) = app.corpus.docs.head(d) else {
            return Line::raw("");
        };
        let mark = if d == app.current { "▸" } else { " " };
        let date = doc.date.as_deref().unwrap_or("undated");
        let text = format!(
            "{mark}{date:<10} {:<8} {}",
            doc.kind.label(),
            strip_controls(&doc.title).replace('\n', " ")
        );
        let style = if sel {
            if app.focus == Focus::List {
                app.theme.selected()
            } else {
                Style::default().add_modifier(Modifier::BOLD)
            }
        } else if d == app.current {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        Line::from(Span::styled(truncate(&text, w), style))
    });
    let prompt = app.prompt(PromptKind::Filter);
    if prompt.is_some() || !app.list.filter.is_empty() {
        let text = match prompt {
            Some(p) => p.field.with_cursor("▏"),
            None => app.list.filter.clone(),
        };
        let line = Line::from(vec![
            Span::styled("/", app.theme.accent()),
            Span::raw(truncate(&sanitize(&text), w.saturating_sub(1))),
        ]);
        f.render_widget(
            Paragraph::new(line),
            Rect {
                y: inner.y + inner.height - 1,
                height: 1,
                ..inner
            },
        );
    }
}
