//! Drawing the reading room: three panes and a status line (tabs in a narrow terminal), and
//! the popups over them.

use super::app::{App, Focus, Found, Input, SideKind};
use super::keys::HELP;
use super::reader::MARGIN;
use super::wrap::{sanitize, wrap, Piece};
use crate::text::strip_controls;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Below this width the panes become tabs.
pub const NARROW: u16 = 100;

/// Draw a frame.
pub fn draw(f: &mut Frame, app: &mut App) {
    let area = f.area();
    app.areas = Default::default();
    if area.width < 20 || area.height < 6 {
        let msg = Paragraph::new("carrel: enlarge the window");
        f.render_widget(msg, area);
        return;
    }
    let [main, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    app.narrow = area.width < NARROW;
    if app.narrow {
        let [tabs, pane] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(main);
        draw_tabs(f, app, tabs);
        app.areas.tabs = Some(tabs);
        match app.focus {
            Focus::List => draw_list(f, app, pane),
            Focus::Reader => draw_reader(f, app, pane),
            Focus::Sidebar => {
                // The sidebar follows the reader, so lay the reader out off screen first.
                reader_extent(app, pane);
                draw_sidebar(f, app, pane);
            }
        }
    } else {
        let list_w = (main.width * 26 / 100).clamp(24, 44);
        let side_w = (main.width * 28 / 100).clamp(26, 48);
        let [list, reader, side] = Layout::horizontal([
            Constraint::Length(list_w),
            Constraint::Min(20),
            Constraint::Length(side_w),
        ])
        .areas(main);
        draw_list(f, app, list);
        draw_reader(f, app, reader);
        draw_sidebar(f, app, side);
    }
    draw_status(f, app, status);
    if app.menu.is_some() {
        draw_menu(f, app, main);
    }
    if app.card.is_some() {
        draw_card(f, app, main);
    }
    if app.finder.is_some() {
        draw_finder(f, app, main);
    }
    if app.corpus_search.is_some() {
        draw_corpus_search(f, app, main);
    }
    if app.editor.is_some() {
        draw_editor(f, app, main);
    }
    if let Some(id) = app.confirm.clone() {
        let r = centered(main, 44, 5);
        f.render_widget(Clear, r);
        let block = popup(app, "Delete this note?");
        let inner = block.inner(r);
        f.render_widget(block, r);
        f.render_widget(
            Paragraph::new(vec![
                Line::raw(format!("note {id}")),
                Line::from(Span::styled(
                    "y deletes it; any other key keeps it",
                    app.theme.muted(),
                )),
            ]),
            inner,
        );
    }
    if app.help {
        draw_help(f, app, main);
    }
}

fn draw_editor(f: &mut Frame, app: &mut App, area: Rect) {
    let Some(ed) = app.editor.clone() else { return };
    let r = centered(area, (area.width * 3 / 4).max(30), 10);
    f.render_widget(Clear, r);
    let title = if ed.new { "New note" } else { "Edit note" };
    let block = popup(app, title);
    let inner = block.inner(r);
    f.render_widget(block, r);
    let w = inner.width as usize;
    let mut lines = Vec::new();
    let on = match &ed.note.quote {
        Some(q) => format!("¶{} “{}”", ed.note.block, sanitize(q)),
        None => format!("¶{} (the whole paragraph)", ed.note.block),
    };
    lines.push(Line::from(Span::styled(
        truncate(&on, w),
        app.theme.muted(),
    )));
    lines.push(Line::raw(""));
    for l in wrap(&[(format!("{}▏", sanitize(&ed.text)), Style::default())], w) {
        lines.push(Line::from(
            l.pieces
                .into_iter()
                .map(|(t, s)| Span::styled(t, s))
                .collect::<Vec<_>>(),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        truncate(
            &format!(
                "colour: {} · #word makes a tag · Tab colour · Enter save · Esc cancel",
                ed.note.colour.as_deref().unwrap_or("none")
            ),
            w,
        ),
        app.theme.muted(),
    )));
    f.render_widget(Paragraph::new(lines), inner);
}

fn draw_corpus_search(f: &mut Frame, app: &mut App, area: Rect) {
    let r = centered(
        area,
        (area.width * 9 / 10).max(30),
        (area.height * 4 / 5).max(8),
    );
    f.render_widget(Clear, r);
    let block = popup(app, "Search the corpus: words, \"a phrase\", prefix*");
    let inner = block.inner(r);
    f.render_widget(block, r);
    let Some(cs) = app.corpus_search.clone() else {
        return;
    };
    let w = inner.width as usize;
    let mut lines = vec![
        Line::from(vec![
            Span::styled("> ", app.theme.accent()),
            Span::raw(format!("{}▏", sanitize(&cs.query))),
        ]),
        Line::from(Span::styled(
            match &cs.error {
                Some(e) => truncate(&sanitize(e), w),
                None => format!("{} hits", cs.hits.len()),
            },
            app.theme.muted(),
        )),
    ];
    let rows = (inner.height as usize).saturating_sub(2);
    let skip = cs.selected.saturating_sub(rows.saturating_sub(1));
    for (i, h) in cs.hits.iter().enumerate().skip(skip).take(rows) {
        let date = app
            .corpus
            .index_of(&h.document)
            .and_then(|d| app.corpus.docs.head(d).and_then(|x| x.date.clone()))
            .unwrap_or_else(|| "undated".into());
        let who = h
            .speaker
            .as_deref()
            .and_then(|s| app.corpus.gazetteer.get(s))
            .map(|e| format!("{}: ", e.name))
            .unwrap_or_default();
        let text = format!(
            "{date} ¶{:<4} {who}{}",
            h.block,
            sanitize(&h.snippet).replace('\n', " ")
        );
        let style = if i == cs.selected {
            app.theme.selected()
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(truncate(&text, w), style)));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

fn pane_block<'a>(app: &App, title: String, focus: Focus) -> Block<'a> {
    let focused = app.focus == focus;
    Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border(focused))
        .title(Span::styled(
            title,
            if focused {
                app.theme.heading()
            } else {
                app.theme.muted()
            },
        ))
}

fn draw_tabs(f: &mut Frame, app: &App, area: Rect) {
    let names = [
        (Focus::List, " Documents "),
        (Focus::Reader, " Reader "),
        (Focus::Sidebar, " Sidebar "),
    ];
    let third = (area.width / 3) as usize;
    let spans: Vec<Span> = names
        .iter()
        .map(|(fc, n)| {
            let s = if *fc == app.focus {
                app.theme.selected().add_modifier(Modifier::BOLD)
            } else {
                app.theme.muted()
            };
            let pad = third.saturating_sub(n.width());
            Span::styled(format!("{n}{}", " ".repeat(pad)), s)
        })
        .collect();
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Truncate to a display width, with an ellipsis when cut.
pub fn truncate(s: &str, w: usize) -> String {
    if s.width() <= w {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    if w > 0 {
        out.push('…');
    }
    out
}

/// A date as a day number, for the timeline (partial dates fall at the start of their span).
pub fn day(date: &str) -> Option<i64> {
    let mut it = date.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next().and_then(|m| m.parse().ok()).unwrap_or(1);
    let d: i64 = it.next().and_then(|d| d.parse().ok()).unwrap_or(1);
    Some(y * 372 + (m - 1) * 31 + (d - 1))
}

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
    for &i in &app.filtered {
        if let Some(x) = shown_mask.get_mut(i) {
            *x = true;
        }
    }
    for (i, d) in days.iter().enumerate() {
        let Some(d) = d else { continue };
        let c = col(*d).min(w - 1);
        if i == app.current {
            continue;
        }
        let shown = shown_mask[i];
        cells[c] = if shown {
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
    let (a, b) = (lo / 372, hi / 372);
    let label_a = a.to_string();
    let label_b = b.to_string();
    let gap = w.saturating_sub(label_a.len() + label_b.len());
    vec![
        Line::from(strip),
        Line::from(Span::styled(
            format!("{label_a}{}{label_b}", " ".repeat(gap)),
            app.theme.muted(),
        )),
    ]
}

fn draw_list(f: &mut Frame, app: &mut App, area: Rect) {
    app.areas.list = Some(area);
    let title = if app.filter.is_empty() {
        format!(" Documents {} ", app.corpus.docs.len())
    } else {
        format!(
            " Documents {}/{} ",
            app.filtered.len(),
            app.corpus.docs.len()
        )
    };
    let block = pane_block(app, title, Focus::List);
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let w = inner.width as usize;
    let mut y = inner.y;
    let tl = timeline(app, w);
    let tl_rows = if inner.height >= 8 {
        tl.len() as u16
    } else {
        0
    };
    if tl_rows > 0 {
        f.render_widget(
            Paragraph::new(tl),
            Rect {
                height: tl_rows,
                ..inner
            },
        );
        y += tl_rows;
    }
    let filtering = app.input == super::app::Input::Filter || !app.filter.is_empty();
    let rows = inner.height.saturating_sub(tl_rows + u16::from(filtering)) as usize;
    let n = app.filtered.len();
    app.list_selected = app.list_selected.min(n.saturating_sub(1));
    if app.list_selected < app.list_top {
        app.list_top = app.list_selected;
    } else if rows > 0 && app.list_selected >= app.list_top + rows {
        app.list_top = app.list_selected + 1 - rows;
    }
    let mut lines = Vec::new();
    for (row, &d) in app
        .filtered
        .iter()
        .enumerate()
        .skip(app.list_top)
        .take(rows)
    {
        let Some(doc) = app.corpus.docs.head(d) else {
            continue;
        };
        let mark = if d == app.current { "▸" } else { " " };
        let date = doc.date.as_deref().unwrap_or("undated");
        let text = format!(
            "{mark}{date:<10} {:<8} {}",
            doc.kind.label(),
            strip_controls(&doc.title).replace('\n', " ")
        );
        let style = if row == app.list_selected {
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
        lines.push(Line::from(Span::styled(truncate(&text, w), style)));
    }
    if n == 0 {
        lines.push(Line::from(Span::styled(
            "no documents match",
            app.theme.muted(),
        )));
    }
    let list_rect = Rect {
        x: inner.x,
        y,
        width: inner.width,
        height: rows as u16,
    };
    app.areas.list_rows = Some(list_rect);
    f.render_widget(Paragraph::new(lines), list_rect);
    if filtering {
        let cursor = if app.input == super::app::Input::Filter {
            "▏"
        } else {
            ""
        };
        let line = Line::from(vec![
            Span::styled("/", app.theme.accent()),
            Span::raw(truncate(
                &format!("{}{cursor}", sanitize(&app.filter)),
                w.saturating_sub(1),
            )),
        ]);
        f.render_widget(
            Paragraph::new(line),
            Rect {
                x: inner.x,
                y: inner.y + inner.height - 1,
                width: inner.width,
                height: 1,
            },
        );
    }
}

/// The reader's text area inside a pane (and whether a search field takes a row).
fn reader_inner(app: &App, area: Rect) -> Rect {
    let mut inner = Block::default().borders(Borders::ALL).inner(area);
    if app.input == Input::Search {
        inner.height = inner.height.saturating_sub(1);
    }
    if app.selection.is_some() {
        inner.height = inner.height.saturating_sub(2);
    }
    inner
}

/// Lay the reader out for a pane without drawing it (the sidebar needs the visible blocks).
fn reader_extent(app: &mut App, area: Rect) -> (usize, usize) {
    let inner = reader_inner(app, area);
    app.page = (inner.height as usize).max(1);
    let page = app.page;
    let l = app.layout(inner.width as usize);
    let len = l.lines.len();
    let top = app.view().top.min(len.saturating_sub(page));
    let l = app.layout(inner.width as usize);
    let first = l.block_at(top).unwrap_or(0);
    let last = l.block_at((top + page).saturating_sub(1)).unwrap_or(first);
    (first, last)
}

/// Split pieces so that occurrences of `needle` (already lower case) get the hit style.
fn highlight(pieces: &[Piece], needle: &str, hit: Style) -> Vec<Piece> {
    let text: String = pieces.iter().map(|p| p.0.as_str()).collect();
    let lower = text.to_lowercase();
    if needle.is_empty() || lower.len() != text.len() {
        return pieces.to_vec();
    }
    let ranges: Vec<(usize, usize)> = lower
        .match_indices(needle)
        .map(|(i, m)| (i, i + m.len()))
        .collect();
    if ranges.is_empty() {
        return pieces.to_vec();
    }
    let mut out = Vec::new();
    let mut pos = 0;
    for (t, s) in pieces {
        let (a, b) = (pos, pos + t.len());
        let mut cut = a;
        for &(x, y) in &ranges {
            let (x, y) = (x.max(a), y.min(b));
            if x >= y {
                continue;
            }
            if !t.is_char_boundary(x - a) || !t.is_char_boundary(y - a) {
                continue;
            }
            if x > cut {
                out.push((t[cut - a..x - a].to_string(), *s));
            }
            out.push((t[x - a..y - a].to_string(), s.patch(hit)));
            cut = y;
        }
        if cut < b {
            out.push((t[cut - a..].to_string(), *s));
        }
        pos = b;
    }
    out
}

fn draw_reader(f: &mut Frame, app: &mut App, area: Rect) {
    app.areas.reader = Some(area);
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
    let block = pane_block(app, title, Focus::Reader);
    let inner = reader_inner(app, area);
    f.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if app.doc().is_none() {
        f.render_widget(Paragraph::new("No documents. Try carrel check."), inner);
        return;
    }
    reader_extent(app, area);
    let noted: std::collections::HashSet<usize> = app
        .doc_notes()
        .iter()
        .filter_map(|(_, a)| a.block())
        .collect();
    let page = app.page;
    let v = app.view();
    let theme = app.theme;
    let focus = app.speaker_focus;
    let needle = app.search.as_ref().map(|s| s.query.clone());
    let l = app.layout(inner.width as usize);
    let top = v.top.min(l.lines.len().saturating_sub(page));
    let mut lines: Vec<Line> = Vec::with_capacity(page);
    for rl in l.lines.iter().skip(top).take(page) {
        let on_cursor = rl.block == Some(v.cursor);
        let mut spans: Vec<Span> = Vec::with_capacity(rl.spans.len() + 2);
        let bar = if on_cursor {
            Span::styled("▌", theme.accent())
        } else if rl.number.is_some() && rl.block.is_some_and(|b| noted.contains(&b)) {
            Span::styled("•", theme.accent())
        } else {
            Span::raw(" ")
        };
        spans.push(bar);
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
        let dim = matches!((focus, rl.speaker), (Some(f), Some(s)) if f != s);
        let pieces = match &needle {
            Some(n) => highlight(&rl.spans, n, theme.hit()),
            None => rl.spans.clone(),
        };
        for (t, s) in pieces {
            let s = if dim { theme.dimmed() } else { s };
            spans.push(Span::styled(t, s));
        }
        lines.push(Line::from(spans));
    }
    f.render_widget(Paragraph::new(lines), inner);
    if let Some((text, _, _)) = app.selected_text() {
        let w = inner.width as usize;
        let shown = truncate(&format!("“{}”", sanitize(&text)), w.saturating_sub(12));
        let rows = vec![
            Line::from(vec![
                Span::styled("selecting: ", app.theme.accent()),
                Span::styled(shown, app.theme.hit()),
            ]),
            Line::from(Span::styled(
                truncate(
                    "h/l end by a word · H/L start · j/k by eight · a annotate · Esc cancel",
                    w,
                ),
                app.theme.muted(),
            )),
        ];
        f.render_widget(
            Paragraph::new(rows),
            Rect {
                y: inner.y + inner.height,
                height: 2,
                ..inner
            },
        );
    }
    if app.input == Input::Search {
        let line = Line::from(vec![
            Span::styled("search: ", app.theme.accent()),
            Span::raw(format!("{}▏", sanitize(&app.search_input))),
        ]);
        f.render_widget(
            Paragraph::new(line),
            Rect {
                y: inner.y + inner.height,
                height: 1,
                ..inner
            },
        );
    }
}

fn draw_sidebar(f: &mut Frame, app: &mut App, area: Rect) {
    app.areas.sidebar = Some(area);
    let block = pane_block(app, " Sidebar ".into(), Focus::Sidebar);
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let (first, last) = match app.areas.reader {
        Some(r) => reader_extent(app, r),
        // Narrow: the reader is not on screen; follow its position all the same.
        None => reader_extent(app, area),
    };
    app.side_items = super::sidebar::items(app, first, last);
    if app
        .side_items
        .get(app.side_selected)
        .is_none_or(|s| s.target.is_none())
    {
        if let Some(i) = app.side_items.iter().position(|s| s.target.is_some()) {
            app.side_selected = i;
        }
    }
    let w = inner.width as usize;
    let cast = app.cast(app.current).clone();
    let mut lines: Vec<Line> = Vec::new();
    let mut row_of_item: Vec<usize> = Vec::new();
    for (i, item) in app.side_items.iter().enumerate() {
        row_of_item.push(lines.len());
        let selected = app.focus == Focus::Sidebar && i == app.side_selected;
        let base = match item.kind {
            SideKind::Heading => app.theme.heading().add_modifier(Modifier::UNDERLINED),
            SideKind::Note => Style::default(),
            SideKind::Entity | SideKind::Doc => Style::default(),
            SideKind::Annotation => app.theme.accent(),
            SideKind::Speaker(_) | SideKind::Text => app.theme.muted(),
        };
        let style = if selected {
            base.patch(app.theme.selected())
        } else {
            base
        };
        if i > 0 && item.kind == SideKind::Heading {
            lines.push(Line::raw(""));
            if let Some(r) = row_of_item.last_mut() {
                *r += 1;
            }
        }
        match item.kind {
            SideKind::Speaker(m) => {
                let (name, rest) = item.text.split_once('\t').unwrap_or((&item.text, ""));
                let mem = &cast.members[m.min(cast.members.len().saturating_sub(1))];
                let fam = cast.sides.get(mem.side).map(|s| s.1).unwrap_or(0);
                let ns = app.theme.speaker(fam, mem.rank);
                let ns = if selected {
                    ns.patch(app.theme.selected())
                } else {
                    ns
                };
                lines.push(Line::from(vec![Span::styled(truncate(name, w), ns)]));
                lines.push(Line::from(Span::styled(
                    format!("  {}", truncate(rest, w.saturating_sub(2))),
                    style,
                )));
            }
            SideKind::Note | SideKind::Annotation => {
                for l in wrap(&[(sanitize(&item.text), style)], w) {
                    lines.push(Line::from(
                        l.pieces
                            .into_iter()
                            .map(|(t, s)| Span::styled(t, s))
                            .collect::<Vec<_>>(),
                    ));
                }
            }
            _ => lines.push(Line::from(Span::styled(
                truncate(&sanitize(&item.text), w),
                style,
            ))),
        }
    }
    let h = inner.height as usize;
    if app.focus == Focus::Sidebar {
        if let Some(&r) = row_of_item.get(app.side_selected) {
            if r < app.side_top {
                app.side_top = r;
            } else if r >= app.side_top + h {
                app.side_top = r + 1 - h;
            }
        }
    }
    app.side_top = app.side_top.min(lines.len().saturating_sub(1));
    let visible: Vec<Line> = lines.into_iter().skip(app.side_top).take(h).collect();
    f.render_widget(Paragraph::new(visible), inner);
}

fn draw_status(f: &mut Frame, app: &mut App, area: Rect) {
    let theme = app.theme;
    let mut left = String::new();
    if let Some(d) = app.doc() {
        let v = app.view();
        let n = d.blocks.get(v.cursor).map(|b| b.n).unwrap_or(0);
        let last = d.blocks.last().map(|b| b.n).unwrap_or(0);
        left = format!(" {} ¶{n}/{last}", d.id);
        let drafted = d.blocks.iter().any(|b| {
            b.segments.iter().any(|s| {
                matches!(
                    s,
                    crate::model::Segment::Insert(_) | crate::model::Segment::Delete(_)
                )
            })
        });
        if app.raw {
            left.push_str(" · as given");
        } else if drafted {
            left.push_str(&format!(" · {}", app.reading.as_str()));
        }
    }
    if app.lanes {
        left.push_str(" · lanes");
    }
    if let Some((done, total)) = app.indexing() {
        left.push_str(&format!(" · indexing {done}/{total}"));
    }
    if let Some(s) = app.speaker_focus {
        let name = app.cast(app.current).members.get(s).map(|m| m.name.clone());
        if let Some(name) = name {
            left.push_str(&format!(" · focus: {name}"));
        }
    }
    if let Some(s) = &app.search {
        let pos = app
            .hit_position()
            .map(|p| format!("{p}/"))
            .unwrap_or_default();
        left.push_str(&format!(
            " · \"{}\" {pos}{} ¶ ({} hits)",
            truncate(&sanitize(&s.query), 20),
            s.blocks.len(),
            s.total
        ));
    }
    let hints = match (app.input, app.focus) {
        (Input::Finder, _) => "type to find · ↑↓ choose · Enter open · Esc close",
        (Input::Filter, _) => "type to filter · Enter keep · Esc clear",
        (Input::Search, _) => "type to search · Enter go · Esc cancel",
        (Input::Editor, _) => "type the note · #tag · Tab colour · Enter save · Esc cancel",
        (Input::CorpusSearch, _) => "type to search the corpus · ↑↓ choose · Enter open · Esc close",
        _ if app.confirm.is_some() => "y delete · any other key keeps the note",
        _ if app.selection.is_some() => "h/l H/L j/k extend · a annotate · Esc cancel",
        _ if app.card.is_some() => "j/k mention · Enter jump there · Esc close",
        _ if app.menu.is_some() => "j/k choose · Enter follow · Esc close",
        (_, Focus::List) => "j/k move · Enter open · / filter · Tab pane · Ctrl-p find · ? help · q quit",
        (_, Focus::Reader) => "j/k move · Enter follow · / search · s speaker · l lanes · ⌫ back · Ctrl-p find · ? help",
        (_, Focus::Sidebar) => "j/k choose · Enter follow · Tab pane · ? help · q quit",
    };
    let right = app
        .message
        .clone()
        .map(|m| sanitize(&m))
        .unwrap_or_else(|| hints.to_string());
    let w = area.width as usize;
    let left = truncate(&left, w / 2);
    let right = truncate(&right, w.saturating_sub(left.width() + 2));
    let gap = w.saturating_sub(left.width() + right.width() + 1);
    let line = format!("{left}{}{right} ", " ".repeat(gap));
    f.render_widget(Paragraph::new(Span::styled(line, theme.status())), area);
}

/// A centred rectangle of a given size inside `area`.
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn popup<'a>(app: &App, title: &str) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border(true))
        .title(Span::styled(format!(" {title} "), app.theme.heading()))
}

fn draw_finder(f: &mut Frame, app: &mut App, area: Rect) {
    let r = centered(
        area,
        (area.width * 4 / 5).max(30),
        (area.height * 4 / 5).max(8),
    );
    f.render_widget(Clear, r);
    let block = popup(app, "Find: documents, people, places, anything");
    let inner = block.inner(r);
    f.render_widget(block, r);
    let Some(fs) = app.finder.clone() else { return };
    let w = inner.width as usize;
    let mut lines = vec![
        Line::from(vec![
            Span::styled("> ", app.theme.accent()),
            Span::raw(format!("{}▏", sanitize(&fs.query))),
        ]),
        Line::raw(""),
    ];
    let rows = (inner.height as usize).saturating_sub(2);
    let skip = fs.selected.saturating_sub(rows.saturating_sub(1));
    for (i, found) in fs.results.iter().enumerate().skip(skip).take(rows) {
        let (tag, text) = match *found {
            Found::Doc(d) => ("document", super::sidebar::doc_line(app, d)),
            Found::Entity(e) => {
                let ent = &app.corpus.gazetteer.entities[e];
                let via = app
                    .finder_matched(e)
                    .map(|m| format!("  (as \"{m}\")"))
                    .unwrap_or_default();
                (ent.kind.as_str(), format!("{}{via}", ent.name))
            }
        };
        let line = truncate(&format!("{tag:<13}{}", sanitize(&text)), w);
        let style = if i == fs.selected {
            app.theme.selected()
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(line, style)));
    }
    if fs.results.is_empty() {
        lines.push(Line::from(Span::styled(
            "nothing matches",
            app.theme.muted(),
        )));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

fn draw_card(f: &mut Frame, app: &mut App, area: Rect) {
    let r = centered(
        area,
        (area.width * 9 / 10).max(30),
        (area.height * 9 / 10).max(8),
    );
    f.render_widget(Clear, r);
    let Some(card) = app.card.clone() else { return };
    let Some(e) = app.corpus.gazetteer.entities.get(card.entity).cloned() else {
        return;
    };
    let block = popup(app, &format!("{} · {}", sanitize(&e.name), e.kind.as_str()));
    let inner = block.inner(r);
    f.render_widget(block, r);
    let w = inner.width as usize;
    let mut head: Vec<Line> = Vec::new();
    let mut add_wrapped = |pieces: Vec<Piece>| {
        for l in wrap(&pieces, w) {
            head.push(Line::from(
                l.pieces
                    .into_iter()
                    .map(|(t, s)| Span::styled(t, s))
                    .collect::<Vec<_>>(),
            ));
        }
    };
    let mut facts = Vec::new();
    if let Some(role) = &e.role {
        facts.push(role.clone());
    }
    match (e.born, e.died) {
        (Some(b), Some(d)) => facts.push(format!("{b}–{d}")),
        (Some(b), None) => facts.push(format!("born {b}")),
        (None, Some(d)) => facts.push(format!("died {d}")),
        _ => {}
    }
    let sides: Vec<String> = e
        .affiliation
        .iter()
        .map(|a| match (a.from, a.to) {
            (None, None) => a.side.clone(),
            (f, t) => format!(
                "{} {}–{}",
                a.side,
                f.map(|x| x.to_string()).unwrap_or_default(),
                t.map(|x| x.to_string()).unwrap_or_default()
            ),
        })
        .collect();
    if !sides.is_empty() {
        facts.push(format!("side: {}", sides.join(", ")));
    }
    if !facts.is_empty() {
        add_wrapped(vec![(sanitize(&facts.join(" · ")), app.theme.label())]);
    }
    if let Some(d) = &e.description {
        add_wrapped(vec![(sanitize(d), Style::default())]);
    }
    if !e.aliases.is_empty() || !e.original.is_empty() {
        let mut names = e.aliases.clone();
        names.extend(e.original.iter().cloned());
        add_wrapped(vec![
            ("Also: ".into(), app.theme.label()),
            (sanitize(&names.join(" · ")), app.theme.muted()),
        ]);
    }
    let docs: std::collections::BTreeSet<usize> = card.mentions.iter().map(|m| m.doc).collect();
    head.push(Line::raw(""));
    head.push(Line::from(Span::styled(
        format!(
            "Mentions: {} in {} documents",
            card.mentions.len(),
            docs.len()
        ),
        app.theme.heading(),
    )));
    let head_h = head.len().min(inner.height as usize);
    f.render_widget(
        Paragraph::new(head),
        Rect {
            height: head_h as u16,
            ..inner
        },
    );
    let rows = (inner.height as usize).saturating_sub(head_h);
    let skip = card.selected.saturating_sub(rows.saturating_sub(1));
    let mut lines = Vec::new();
    for (i, m) in card.mentions.iter().enumerate().skip(skip).take(rows) {
        let d = &app.corpus.docs[m.doc];
        let n = d.blocks.get(m.block).map(|b| b.n).unwrap_or(0);
        let lead = format!("{} ¶{n:<4} ", d.date.as_deref().unwrap_or("undated"),);
        let sel = i == card.selected;
        let base = if sel {
            app.theme.selected()
        } else {
            Style::default()
        };
        let room = w.saturating_sub(lead.width() + m.name.width());
        let before = m.before.chars().rev().collect::<String>();
        let before: String = truncate(&before, room / 2).chars().rev().collect();
        let after = truncate(&m.after, room.saturating_sub(before.width()));
        lines.push(Line::from(vec![
            Span::styled(lead, if sel { base } else { app.theme.muted() }),
            Span::styled(before, base),
            Span::styled(m.name.clone(), base.add_modifier(Modifier::BOLD)),
            Span::styled(after, base),
        ]));
    }
    if card.mentions.is_empty() {
        lines.push(Line::from(Span::styled(
            "not mentioned in the text of this corpus",
            app.theme.muted(),
        )));
    }
    f.render_widget(
        Paragraph::new(lines),
        Rect {
            y: inner.y + head_h as u16,
            height: rows as u16,
            ..inner
        },
    );
}

fn draw_menu(f: &mut Frame, app: &mut App, area: Rect) {
    let Some(m) = app.menu.clone() else { return };
    let w = m
        .items
        .iter()
        .map(|i| i.0.width())
        .max()
        .unwrap_or(10)
        .clamp(24, 70) as u16
        + 4;
    let h = (m.items.len() as u16 + 2).min(area.height);
    let r = centered(area, w, h);
    f.render_widget(Clear, r);
    let block = popup(app, &m.title);
    let inner = block.inner(r);
    f.render_widget(block, r);
    let rows = inner.height as usize;
    let skip = m.selected.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line> = m
        .items
        .iter()
        .enumerate()
        .skip(skip)
        .take(rows)
        .map(|(i, (label, _))| {
            let s = if i == m.selected {
                app.theme.selected()
            } else {
                Style::default()
            };
            Line::from(Span::styled(
                truncate(&sanitize(label), inner.width as usize),
                s,
            ))
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

fn draw_help(f: &mut Frame, app: &mut App, area: Rect) {
    let w = HELP
        .iter()
        .map(|(k, d)| k.width() + d.width() + 3)
        .max()
        .unwrap_or(40) as u16
        + 2;
    let r = centered(area, w, HELP.len() as u16 + 4);
    f.render_widget(Clear, r);
    let rows = r.height.saturating_sub(2) as usize;
    let inner = Block::default().borders(Borders::ALL).inner(r);
    let kw = HELP.iter().map(|(k, _)| k.width()).max().unwrap_or(10);
    // Descriptions wrap beside their keys when the popup is narrow.
    let room = (inner.width as usize).saturating_sub(kw + 2).max(8);
    let mut lines: Vec<Line> = Vec::new();
    for (k, d) in HELP {
        for (i, l) in wrap(&[(d.to_string(), Style::default())], room)
            .into_iter()
            .enumerate()
        {
            let key = if i == 0 {
                format!("{k:<kw$}  ")
            } else {
                " ".repeat(kw + 2)
            };
            let mut spans = vec![Span::styled(key, app.theme.label())];
            spans.extend(l.pieces.into_iter().map(|(t, s)| Span::styled(t, s)));
            lines.push(Line::from(spans));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        "In the gutter, a name in italics with ? is an inferred speaker.",
        app.theme.muted(),
    )));
    let title = if lines.len() > rows {
        "Keys (j/k scroll)"
    } else {
        "Keys"
    };
    f.render_widget(popup(app, title), r);
    app.help_top = app.help_top.min(lines.len().saturating_sub(rows));
    let shown: Vec<Line> = lines.into_iter().skip(app.help_top).collect();
    f.render_widget(Paragraph::new(shown), inner);
}
