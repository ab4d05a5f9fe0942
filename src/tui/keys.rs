//! Keys and the mouse. While a text field has the keyboard, letters type into it; otherwise
//! they are commands.

use super::app::{App, Focus, Input, Loc};
use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

/// The keys, for the `?` overlay and the README: (keys, what they do).
pub const HELP: &[(&str, &str)] = &[
    ("q", "quit (the position is remembered)"),
    ("?", "this help (j/k scroll it); any other key closes it"),
    (
        "Tab / Shift-Tab",
        "next / previous pane (tabs in a narrow terminal)",
    ),
    (
        "j k ↓ ↑",
        "move: next / previous paragraph, or line in the list",
    ),
    ("PgDn PgUp  g G", "page down / up; top / end"),
    (
        "Enter",
        "list: open; reader: what this paragraph leads to; sidebar: follow",
    ),
    ("Esc", "close a popup, clear the search or filter"),
    (
        "/",
        "list: filter (title, participant, kind, year); reader: search",
    ),
    ("n N", "next / previous search hit"),
    (
        "Ctrl-p",
        "finder: documents, people, places, anything, by any spelling",
    ),
    ("Backspace Ctrl-o Alt-←", "back"),
    (
        "Alt-→ Ctrl-i",
        "forward (Ctrl-i where the terminal tells it from Tab)",
    ),
    ("[ ]", "previous / next document in time"),
    ("l", "lanes: each side of the table in its own column"),
    ("s S", "speaker focus: next speaker / clear"),
    ("r", "reading of a draft: redline / edited / original"),
    ("R", "the text exactly as the archive gave it"),
    (
        "Ctrl-f",
        "search the whole corpus; Enter opens the paragraph",
    ),
    (
        "v",
        "select a passage: ←/→ (h/l) move its end by a word, H/L its start, j/k by eight",
    ),
    (
        "a",
        "annotate the selection or the paragraph (#words are tags, Tab colour)",
    ),
    ("m  '", "bookmark the paragraph; list the bookmarks"),
    ("y", "copy the paragraph's citation (OSC 52) and show it"),
    (
        "d",
        "sidebar: delete the selected note (asks first); Enter edits it",
    ),
    (
        "mouse",
        "wheel scrolls; a click focuses a pane and opens a row",
    ),
];

/// Handle a key press.
pub fn on_key(app: &mut App, key: KeyEvent) {
    if key.kind == KeyEventKind::Release {
        return;
    }
    app.message = None;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    // Text fields first: letters type.
    match app.input {
        Input::Finder => return finder_key(app, key, ctrl),
        Input::Filter | Input::Search => return field_key(app, key),
        Input::Editor => return editor_key(app, key),
        Input::CorpusSearch => return corpus_search_key(app, key, ctrl),
        Input::None => {}
    }
    if app.confirm.is_some() {
        app.confirm_delete(matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')));
        return;
    }
    if app.help {
        match key.code {
            KeyCode::Char('j') | KeyCode::Down => app.help_top = (app.help_top + 1).min(HELP.len()),
            KeyCode::Char('k') | KeyCode::Up => app.help_top = app.help_top.saturating_sub(1),
            _ => app.help = false,
        }
        return;
    }
    if ctrl && key.code == KeyCode::Char('p') {
        app.card = None;
        app.menu = None;
        app.open_finder();
        return;
    }
    if ctrl && key.code == KeyCode::Char('f') {
        app.card = None;
        app.menu = None;
        app.open_corpus_search();
        return;
    }
    if ctrl && key.code == KeyCode::Char('c') {
        app.quit = true;
        return;
    }
    if app.menu.is_some() {
        return menu_key(app, key);
    }
    if app.card.is_some() {
        return card_key(app, key, ctrl, alt);
    }
    // History.
    match key.code {
        KeyCode::Backspace => return app.back(),
        KeyCode::Char('o') if ctrl => return app.back(),
        KeyCode::Left if alt => return app.back(),
        KeyCode::Right if alt => return app.forward(),
        KeyCode::Char('i') if ctrl => return app.forward(),
        _ => {}
    }
    match key.code {
        KeyCode::Char('q') => app.quit = true,
        KeyCode::Char('?') => app.help = true,
        KeyCode::Tab => app.focus = next_focus(app.focus, true),
        KeyCode::BackTab => app.focus = next_focus(app.focus, false),
        KeyCode::Char('[') => {
            if app.current > 0 {
                app.open_doc(app.current - 1);
            }
        }
        KeyCode::Char(']') => {
            if app.current + 1 < app.corpus.docs.len() {
                app.open_doc(app.current + 1);
            }
        }
        _ => match app.focus {
            Focus::List => list_key(app, key),
            Focus::Reader => reader_key(app, key),
            Focus::Sidebar => sidebar_key(app, key),
        },
    }
}

fn next_focus(f: Focus, forward: bool) -> Focus {
    match (f, forward) {
        (Focus::List, true) | (Focus::Sidebar, false) => Focus::Reader,
        (Focus::Reader, true) | (Focus::List, false) => Focus::Sidebar,
        (Focus::Sidebar, true) | (Focus::Reader, false) => Focus::List,
    }
}

fn finder_key(app: &mut App, key: KeyEvent, ctrl: bool) {
    let Some(f) = &mut app.finder else {
        app.input = Input::None;
        return;
    };
    match key.code {
        KeyCode::Esc => {
            app.finder = None;
            app.input = Input::None;
        }
        KeyCode::Enter => app.finder_enter(),
        KeyCode::Down => f.selected = (f.selected + 1).min(f.results.len().saturating_sub(1)),
        KeyCode::Char('n') if ctrl => {
            f.selected = (f.selected + 1).min(f.results.len().saturating_sub(1))
        }
        KeyCode::Up => f.selected = f.selected.saturating_sub(1),
        KeyCode::Char('p') if ctrl => f.selected = f.selected.saturating_sub(1),
        KeyCode::Backspace => {
            f.query.pop();
            app.update_finder();
        }
        KeyCode::Char(c) if !ctrl => {
            f.query.push(c);
            app.update_finder();
        }
        _ => {}
    }
}

fn editor_key(app: &mut App, key: KeyEvent) {
    let Some(ed) = &mut app.editor else {
        app.input = Input::None;
        return;
    };
    match key.code {
        KeyCode::Esc => {
            app.editor = None;
            app.input = Input::None;
            app.message = Some("not saved".into());
        }
        KeyCode::Enter => app.save_editor(),
        KeyCode::Backspace => {
            ed.text.pop();
        }
        KeyCode::Tab => {
            let colours = super::desk::COLOURS;
            let now = ed
                .note
                .colour
                .as_deref()
                .and_then(|c| colours.iter().position(|x| *x == c));
            ed.note.colour =
                Some(colours[now.map(|i| (i + 1) % colours.len()).unwrap_or(0)].to_string());
        }
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => ed.text.push(c),
        _ => {}
    }
}

fn corpus_search_key(app: &mut App, key: KeyEvent, ctrl: bool) {
    let Some(cs) = &mut app.corpus_search else {
        app.input = Input::None;
        return;
    };
    match key.code {
        KeyCode::Esc => {
            app.corpus_search = None;
            app.input = Input::None;
        }
        KeyCode::Enter => app.corpus_search_enter(),
        KeyCode::Down => cs.selected = (cs.selected + 1).min(cs.hits.len().saturating_sub(1)),
        KeyCode::Up => cs.selected = cs.selected.saturating_sub(1),
        KeyCode::Backspace => {
            cs.query.pop();
            app.update_corpus_search();
        }
        KeyCode::Char(c) if !ctrl => {
            cs.query.push(c);
            app.update_corpus_search();
        }
        _ => {}
    }
}

fn selection_key(app: &mut App, key: KeyEvent) -> bool {
    if app.selection.is_none() {
        return false;
    }
    let shift = key.modifiers.contains(KeyModifiers::SHIFT);
    match key.code {
        KeyCode::Char('l') => app.extend_selection(1, false),
        KeyCode::Right if !shift => app.extend_selection(1, false),
        KeyCode::Char('h') => app.extend_selection(-1, false),
        KeyCode::Left if !shift => app.extend_selection(-1, false),
        KeyCode::Char('L') | KeyCode::Right => app.extend_selection(1, true),
        KeyCode::Char('H') | KeyCode::Left => app.extend_selection(-1, true),
        KeyCode::Char('j') | KeyCode::Down => app.extend_selection(8, false),
        KeyCode::Char('k') | KeyCode::Up => app.extend_selection(-8, false),
        KeyCode::Char('a') | KeyCode::Enter => app.annotate(),
        KeyCode::Esc | KeyCode::Char('v') => app.selection = None,
        _ => return false,
    }
    true
}

fn field_key(app: &mut App, key: KeyEvent) {
    let filter = app.input == Input::Filter;
    match key.code {
        KeyCode::Esc => {
            app.input = Input::None;
            if filter {
                app.filter.clear();
                app.apply_filter();
            } else {
                app.search_input.clear();
                app.search = None;
            }
        }
        KeyCode::Enter => {
            app.input = Input::None;
            if !filter {
                app.run_search();
            }
        }
        KeyCode::Backspace => {
            if filter {
                app.filter.pop();
                app.apply_filter();
            } else {
                app.search_input.pop();
            }
        }
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
            if filter {
                app.filter.push(c);
                app.apply_filter();
            } else {
                app.search_input.push(c);
            }
        }
        _ => {}
    }
}

fn menu_key(app: &mut App, key: KeyEvent) {
    let Some(m) = &mut app.menu else { return };
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') => app.menu = None,
        KeyCode::Char('j') | KeyCode::Down => {
            m.selected = (m.selected + 1).min(m.items.len().saturating_sub(1))
        }
        KeyCode::Char('k') | KeyCode::Up => m.selected = m.selected.saturating_sub(1),
        KeyCode::Enter => {
            let t = m.items.get(m.selected).map(|i| i.1.clone());
            app.menu = None;
            if let Some(t) = t {
                app.follow(t);
            }
        }
        _ => {}
    }
}

fn card_key(app: &mut App, key: KeyEvent, ctrl: bool, alt: bool) {
    let Some(c) = &mut app.card else { return };
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Backspace => app.card = None,
        KeyCode::Char('o') if ctrl => app.card = None,
        KeyCode::Left if alt => app.card = None,
        KeyCode::Char('j') | KeyCode::Down => {
            c.selected = (c.selected + 1).min(c.mentions.len().saturating_sub(1))
        }
        KeyCode::Char('k') | KeyCode::Up => c.selected = c.selected.saturating_sub(1),
        KeyCode::PageDown => c.selected = (c.selected + 10).min(c.mentions.len().saturating_sub(1)),
        KeyCode::PageUp => c.selected = c.selected.saturating_sub(10),
        KeyCode::Char('g') | KeyCode::Home => c.selected = 0,
        KeyCode::Char('G') | KeyCode::End => c.selected = c.mentions.len().saturating_sub(1),
        KeyCode::Enter => app.card_enter(),
        _ => {}
    }
}

fn list_key(app: &mut App, key: KeyEvent) {
    let n = app.filtered.len();
    match key.code {
        KeyCode::Char('j') | KeyCode::Down => {
            app.list_selected = (app.list_selected + 1).min(n.saturating_sub(1))
        }
        KeyCode::Char('k') | KeyCode::Up => app.list_selected = app.list_selected.saturating_sub(1),
        KeyCode::PageDown => app.list_selected = (app.list_selected + 10).min(n.saturating_sub(1)),
        KeyCode::PageUp => app.list_selected = app.list_selected.saturating_sub(10),
        KeyCode::Char('g') | KeyCode::Home => app.list_selected = 0,
        KeyCode::Char('G') | KeyCode::End => app.list_selected = n.saturating_sub(1),
        KeyCode::Enter => {
            if let Some(&d) = app.filtered.get(app.list_selected) {
                app.open_doc(d);
                app.focus = Focus::Reader;
            }
        }
        KeyCode::Char('/') => app.input = Input::Filter,
        KeyCode::Esc => {
            app.filter.clear();
            app.apply_filter();
        }
        _ => {}
    }
}

fn reader_key(app: &mut App, key: KeyEvent) {
    if selection_key(app, key) {
        return;
    }
    match key.code {
        KeyCode::Char('v') => app.start_selection(),
        KeyCode::Char('a') => app.annotate(),
        KeyCode::Char('m') => app.bookmark(),
        KeyCode::Char('\'') => app.open_bookmarks(),
        KeyCode::Char('y') => app.copy_citation(),
        KeyCode::Char('j') | KeyCode::Down => app.down(),
        KeyCode::Char('k') | KeyCode::Up => app.up(),
        KeyCode::PageDown | KeyCode::Char(' ') => app.page_down(),
        KeyCode::PageUp => app.page_up(),
        KeyCode::Char('g') | KeyCode::Home => app.home(),
        KeyCode::Char('G') | KeyCode::End => app.end(),
        KeyCode::Enter => app.open_menu(),
        KeyCode::Char('/') => {
            app.search_input.clear();
            app.input = Input::Search;
        }
        KeyCode::Char('n') => app.next_hit(true),
        KeyCode::Char('N') => app.next_hit(false),
        KeyCode::Esc => {
            app.search = None;
            app.speaker_focus = None;
        }
        KeyCode::Char('l') => {
            app.lanes = !app.lanes;
            let sides = app.cast(app.current).sides.len();
            app.message = Some(if app.lanes && sides < 2 {
                "lanes: only one side speaks here".into()
            } else if app.lanes {
                format!("lanes: {sides} sides of the table")
            } else {
                "lanes off".into()
            });
        }
        KeyCode::Char('s') => app.cycle_speaker(),
        KeyCode::Char('S') => app.speaker_focus = None,
        KeyCode::Char('r') => app.cycle_reading(),
        KeyCode::Char('R') => {
            app.raw = !app.raw;
            app.message = Some(if app.raw {
                "the text as the archive gave it (R to return)".into()
            } else {
                "structured view".into()
            });
        }
        _ => {}
    }
}

fn sidebar_key(app: &mut App, key: KeyEvent) {
    if key.code == KeyCode::Char('d') {
        if let Some(super::app::Target::Annotation(id)) = app
            .side_items
            .get(app.side_selected)
            .and_then(|s| s.target.clone())
        {
            app.ask_delete(&id);
        }
        return;
    }
    match key.code {
        KeyCode::Char('\'') => return app.open_bookmarks(),
        KeyCode::Char('y') => return app.copy_citation(),
        _ => {}
    }
    let selectable: Vec<usize> = app
        .side_items
        .iter()
        .enumerate()
        .filter(|(_, s)| s.target.is_some())
        .map(|(i, _)| i)
        .collect();
    let pos = selectable.iter().position(|&i| i == app.side_selected);
    match key.code {
        KeyCode::Char('j') | KeyCode::Down => {
            let next = match pos {
                Some(p) => selectable.get(p + 1),
                None => selectable.iter().find(|&&i| i > app.side_selected),
            };
            if let Some(&i) = next.or(selectable.last()) {
                app.side_selected = i;
            }
        }
        KeyCode::Char('k') | KeyCode::Up => {
            let prev = match pos {
                Some(p) if p > 0 => selectable.get(p - 1),
                Some(_) => selectable.first(),
                None => selectable.iter().rev().find(|&&i| i < app.side_selected),
            };
            if let Some(&i) = prev {
                app.side_selected = i;
            }
        }
        KeyCode::Enter => {
            if let Some(t) = app
                .side_items
                .get(app.side_selected)
                .and_then(|s| s.target.clone())
            {
                app.follow(t);
            }
        }
        _ => {}
    }
}

/// The most a paste puts into a text field.
pub const PASTE_LIMIT: usize = 2000;

/// A paste (bracketed): into the text field that has the keyboard, at most [`PASTE_LIMIT`]
/// characters, control characters and line breaks made spaces; ignored elsewhere.
pub fn on_paste(app: &mut App, text: &str) {
    let clean: String = crate::text::strip_controls(text)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(PASTE_LIMIT)
        .collect();
    match app.input {
        Input::Finder => {
            if let Some(f) = &mut app.finder {
                f.query.push_str(&clean);
                app.update_finder();
            }
        }
        Input::CorpusSearch => {
            if let Some(cs) = &mut app.corpus_search {
                cs.query.push_str(&clean);
                app.update_corpus_search();
            }
        }
        Input::Filter => {
            app.filter.push_str(&clean);
            app.apply_filter();
        }
        Input::Search => app.search_input.push_str(&clean),
        Input::Editor => {
            if let Some(ed) = &mut app.editor {
                ed.text.push_str(&clean);
            }
        }
        Input::None => app.message = Some("paste: nothing to paste into".into()),
    }
}

fn inside(r: Option<Rect>, col: u16, row: u16) -> bool {
    r.is_some_and(|r| r.contains(Position { x: col, y: row }))
}

/// Handle the mouse: the wheel scrolls the pane under it, a click focuses and opens.
pub fn on_mouse(app: &mut App, m: MouseEvent) {
    let (col, row) = (m.column, m.row);
    if app.finder.is_some()
        || app.help
        || app.menu.is_some()
        || app.card.is_some()
        || app.editor.is_some()
        || app.corpus_search.is_some()
        || app.confirm.is_some()
    {
        if let MouseEventKind::Down(MouseButton::Left) = m.kind {
            // A click outside a popup closes it.
            app.help = false;
        }
        return;
    }
    let a = app.areas;
    match m.kind {
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let d: isize = if m.kind == MouseEventKind::ScrollDown {
                3
            } else {
                -3
            };
            if inside(a.reader, col, row) {
                app.scroll(d);
            } else if inside(a.list, col, row) {
                let n = app.filtered.len();
                app.list_selected = (app.list_selected as isize + d.signum())
                    .clamp(0, n.saturating_sub(1) as isize)
                    as usize;
            } else if inside(a.sidebar, col, row) {
                app.side_top = (app.side_top as isize + d).max(0) as usize;
            }
        }
        MouseEventKind::Down(MouseButton::Left) => {
            if let Some(t) = a.tabs.filter(|t| t.contains(Position { x: col, y: row })) {
                let third = (t.width / 3).max(1);
                app.focus = match (col - t.x) / third {
                    0 => Focus::List,
                    1 => Focus::Reader,
                    _ => Focus::Sidebar,
                };
            } else if inside(a.list, col, row) {
                app.focus = Focus::List;
                if let Some(r) = a
                    .list_rows
                    .filter(|r| r.contains(Position { x: col, y: row }))
                {
                    let i = app.list_top + (row - r.y) as usize;
                    if let Some(&d) = app.filtered.get(i) {
                        app.list_selected = i;
                        app.navigate(Loc {
                            doc: d,
                            block: app.views.get(&d).map(|v| v.cursor).unwrap_or(0),
                        });
                    }
                }
            } else if inside(a.reader, col, row) {
                app.focus = Focus::Reader;
                if let (Some(r), Some(l)) = (a.reader, app.last_layout()) {
                    let line = app.view().top + row.saturating_sub(r.y + 1) as usize;
                    if let Some(b) = l.lines.get(line).and_then(|x| x.block) {
                        let top = app.view().top;
                        app.goto_block(b);
                        let c = app.view().cursor;
                        app.views
                            .insert(app.current, super::app::View { cursor: c, top });
                    }
                }
            } else if inside(a.sidebar, col, row) {
                app.focus = Focus::Sidebar;
                if let Some(r) = a.sidebar {
                    let i = app.side_top + row.saturating_sub(r.y + 1) as usize;
                    if app.side_items.get(i).is_some_and(|s| s.target.is_some()) {
                        app.side_selected = i;
                    }
                }
            }
        }
        _ => {}
    }
}
