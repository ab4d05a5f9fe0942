//! The document list: a timeline strip (each document a tick, those the filter keeps standing
//! out, the open one ▼), the documents under their group headings, and the filter with how
//! many documents it keeps.

use super::super::app::{App, Focus};
use super::super::cx::truncate;
use super::super::doclist::{details_of, GroupBy, Row, SortBy};
use super::super::popups::prompt::PromptKind;
use super::super::wrap::sanitize;
use super::pane_block;
use crate::text::one_line;
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
    // Documents the filter keeps are drawn last, so that a cell they share with others shows
    // them.
    for pass in [false, true] {
        for (i, d) in days.iter().enumerate() {
            let Some(d) = d else { continue };
            if i == app.current || shown_mask[i] != pass {
                continue;
            }
            let c = col(*d).min(w - 1);
            cells[c] = if pass {
                ('┃', Style::default())
            } else {
                ('╵', app.theme.muted())
            };
        }
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
    let list = &app.list;
    let mut title = if list.filter.is_empty() {
        format!(" Documents {total} ")
    } else {
        format!(" Documents {}/{total} ", list.filtered.len())
    };
    if list.sort != SortBy::Date || list.group != GroupBy::None {
        let by = match list.group {
            GroupBy::None => format!("by {}", list.sort.name()),
            g => format!("by {}, {}", g.name(), list.sort.name()),
        };
        title.push_str(&format!("· {by} "));
    }
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
    let n = list.rows.len();
    if n == 0 {
        f.render_widget(
            Paragraph::new(Span::styled("no documents match", app.theme.muted())),
            rows,
        );
    }
    let per = if list.details { 2 } else { 1 };
    let mut lines: Vec<Line> = Vec::with_capacity(rows.height as usize);
    for row in list.state.visible(n) {
        let sel = row == list.state.selected;
        let style = |doc: Option<usize>| {
            if sel {
                if app.focus == Focus::List {
                    app.theme.selected()
                } else {
                    Style::default().add_modifier(Modifier::BOLD)
                }
            } else if doc == Some(app.current) {
                Style::default().add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            }
        };
        match &list.rows[row] {
            Row::Group {
                key,
                count,
                collapsed,
            } => {
                let mark = if *collapsed { "▸" } else { "▾" };
                let text = format!("{mark} {} ({count})", one_line(key));
                lines.push(Line::from(Span::styled(
                    truncate(&text, w),
                    style(None).patch(app.theme.heading()),
                )));
                if per == 2 {
                    lines.push(Line::raw(""));
                }
            }
            Row::Doc(d) => {
                let Some(doc) = app.corpus.docs.head(*d) else {
                    lines.push(Line::raw(""));
                    continue;
                };
                let mark = if *d == app.current { "▸" } else { " " };
                let indent = if list.group == GroupBy::None { "" } else { " " };
                let date = doc.date.as_deref().unwrap_or("undated");
                let text = format!(
                    "{mark}{indent}{date:<10} {:<8} {}",
                    doc.kind.label(),
                    one_line(&doc.title)
                );
                lines.push(Line::from(Span::styled(
                    truncate(&text, w),
                    style(Some(*d)),
                )));
                if per == 2 {
                    let pad = 2 + indent.len();
                    let more = format!("{}{}", " ".repeat(pad), one_line(&details_of(doc)));
                    lines.push(Line::from(Span::styled(
                        truncate(&more, w),
                        app.theme.muted(),
                    )));
                }
            }
        }
    }
    f.render_widget(Paragraph::new(lines), rows);
    let prompt = app.prompt(PromptKind::Filter);
    if prompt.is_some() || !list.filter.is_empty() {
        let text = match prompt {
            Some(p) => p.field.with_cursor("▏"),
            None => list.filter.clone(),
        };
        let count = format!(" {} match", list.filtered.len());
        let room = w.saturating_sub(1 + count.chars().count());
        let line = Line::from(vec![
            Span::styled("/", app.theme.accent()),
            Span::raw(truncate(&sanitize(&text), room)),
            Span::styled(count, app.theme.muted()),
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
