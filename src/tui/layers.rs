//! Events through the stack of layers. A key goes to the top layer first: its keymap mode,
//! then its text field; a popup keeps what it does not use, but for the global keys (Ctrl-c
//! closes the top layer, Ctrl-z suspends, Ctrl-p and Ctrl-g open the finder and corpus
//! search). With no popup open, keys go to the panes, with counts (`5j`) and sequences (`gg`).
//! The mouse goes to the layer under the pointer.

use super::action::Action;
use super::app::{App, Effect, Focus};
use super::cx::{inner, Loc};
use super::keymap::{Key, Mode};
use super::popups::confirm::{Confirm, Question};
use super::popups::finder::{FinderPopup, Finders, Found};
use super::popups::help::Help;
use super::popups::palette::Palette;
use super::popups::prompt::PromptKind;
use super::popups::Layer;
use super::widgets::text_field::Edit;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

impl App {
    /// The keymap modes that the panes read, first to last.
    pub fn pane_modes(&self) -> Vec<Mode> {
        let mut v = Vec::with_capacity(4);
        if self.selection.is_some() && self.focus == Focus::Reader {
            v.push(Mode::Selection);
        }
        v.push(match self.focus {
            Focus::List => Mode::List,
            Focus::Reader => Mode::Reader,
            Focus::Sidebar => Mode::Sidebar,
        });
        v.push(Mode::Panes);
        v.push(Mode::Global);
        v
    }

    /// Handle a key press.
    pub fn on_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        self.message = None;
        let k = Key::from_event(&key);
        if !self.layers.is_empty() {
            self.count = None;
            self.prefix.clear();
            return self.layer_key(k, &key);
        }
        let modes = self.pane_modes();
        // A count: digits that are not bound (a leading 0 is not a count).
        if let (true, KeyCode::Char(c @ '0'..='9')) =
            (self.prefix.is_empty() && k.is_text(), k.code)
        {
            let bound = modes.iter().any(|&m| self.keymap.get(m, &[k]).is_some());
            if !bound && (c != '0' || self.count.is_some()) {
                let d = c as usize - '0' as usize;
                self.count = Some((self.count.unwrap_or(0) * 10 + d).min(100_000));
                return;
            }
        }
        let mut seq = self.prefix.clone();
        seq.push(k);
        for &m in &modes {
            if let Some(a) = self.keymap.get(m, &seq) {
                self.prefix.clear();
                let count = self.count.take();
                return self.act(a, count);
            }
        }
        if modes
            .iter()
            .any(|&m| self.keymap.continuations(m, &seq).is_some())
        {
            self.prefix = seq;
            return;
        }
        let retry = !self.prefix.is_empty();
        self.prefix.clear();
        self.count = None;
        if retry {
            self.on_key(key);
        }
    }

    /// Do an action that reached the panes (or the palette chose).
    pub fn act(&mut self, a: Action, count: Option<usize>) {
        match a {
            Action::Close => match self.layers.last() {
                Some(_) => self.close_top(),
                None => self.quit = true,
            },
            Action::Suspend => self.effects.push(Effect::Suspend),
            Action::Help => self.layers.push(Layer::Help(Help::default())),
            Action::Palette => self.layers.push(Layer::Palette(Palette::default())),
            Action::Finder => self.open_finder(),
            Action::CorpusSearch => self.open_corpus_search(),
            a => self.pane_action(a, count),
        }
    }

    /// Open the finder.
    pub fn open_finder(&mut self) {
        let n = self.corpus.docs.len();
        let finders = self
            .finders
            .get_or_insert_with(|| Finders::new(&self.corpus));
        let mut popup = FinderPopup::default();
        popup.set(finders.search("", n));
        self.layers.push(Layer::Finder(popup));
    }

    /// Close the top layer; a note with unsaved words asks first.
    pub fn close_top(&mut self) {
        match self.layers.last() {
            Some(Layer::Editor(ed)) if ed.changed() => {
                self.layers.push(Layer::Confirm(Confirm {
                    question: Question::Discard,
                }));
            }
            Some(Layer::Editor(_)) => {
                self.layers.pop();
                self.message = Some("not saved".into());
            }
            Some(Layer::Prompt(p)) => {
                let kind = p.kind;
                self.layers.pop();
                match kind {
                    PromptKind::Filter => {
                        self.list.filter.clear();
                        self.apply_filter();
                    }
                    PromptKind::Search => self.search = None,
                }
            }
            Some(_) => {
                self.layers.pop();
            }
            None => {}
        }
    }

    fn layer_key(&mut self, k: Key, key: &KeyEvent) {
        let Some(top) = self.layers.last() else {
            return;
        };
        let mode = top.mode();
        if let Some(a) = self.keymap.get(mode, &[k]) {
            return self.layer_action(a);
        }
        let top = self.layers.len() - 1;
        if let Some(f) = self.layers[top].field_mut() {
            match f.key(key) {
                Edit::Changed => return self.field_changed(),
                Edit::Moved => return,
                Edit::Ignored => {}
            }
        }
        match &self.layers[top] {
            Layer::Help(_) => {
                // Any other key closes the help.
                self.layers.pop();
                return;
            }
            Layer::Confirm(_) => {
                self.layers.pop();
                self.message = Some("kept".into());
                return;
            }
            _ => {}
        }
        if let Some(a) = self.keymap.get(Mode::Global, &[k]) {
            self.act(a, None);
        }
    }

    /// The top layer's text changed.
    fn field_changed(&mut self) {
        let n = self.corpus.docs.len();
        let finders = &mut self.finders;
        let corpus = &self.corpus;
        match self.layers.last_mut() {
            Some(Layer::Prompt(p)) if p.kind == PromptKind::Filter => {
                self.list.filter = p.field.text().to_string();
                self.apply_filter();
            }
            Some(Layer::Finder(f)) => {
                let fs = finders.get_or_insert_with(|| Finders::new(corpus));
                f.set(fs.search(f.field.text(), n));
            }
            Some(Layer::Search(_)) => self.update_corpus_search(),
            Some(Layer::Palette(p)) => p.filter(),
            _ => {}
        }
    }

    /// What an action does to the top layer.
    fn layer_action(&mut self, a: Action) {
        if a == Action::Close {
            return self.close_top();
        }
        let Some(top) = self.layers.last_mut() else {
            return;
        };
        match top {
            Layer::Prompt(p) => match a {
                Action::Accept => {
                    let (kind, text) = (p.kind, p.field.text().to_string());
                    self.layers.pop();
                    if kind == PromptKind::Search {
                        self.run_search(&text);
                    }
                }
                Action::Cancel => self.close_top(),
                _ => {}
            },
            Layer::Finder(f) => match a {
                Action::Accept => {
                    let Some(chosen) = f.chosen() else { return };
                    let chosen = Some(chosen);
                    self.layers.pop();
                    match chosen {
                        Some(Found::Doc(d)) => {
                            self.open_doc(d);
                            self.focus = Focus::Reader;
                        }
                        Some(Found::Entity(e)) => self.open_card(e),
                        None => {}
                    }
                }
                Action::Cancel => self.close_top(),
                Action::NextGroup => f.next_group(true),
                Action::PrevGroup => f.next_group(false),
                a => {
                    let n = f.rows.len();
                    let before = f.list.selected;
                    if f.list.act(a, n) {
                        f.skip_heading(if f.list.selected < before { -1 } else { 1 });
                    }
                }
            },
            Layer::Card(c) => match a {
                Action::Accept => {
                    if let Some(at) = c.chosen() {
                        self.layers.pop();
                        self.navigate(at);
                        self.focus = Focus::Reader;
                    }
                }
                Action::Cancel => self.close_top(),
                a => {
                    let n = c.mentions.len();
                    c.list.act(a, n);
                }
            },
            Layer::Menu(m) => match a {
                Action::Accept => {
                    let t = m.chosen();
                    self.layers.pop();
                    if let Some(t) = t {
                        self.follow(t);
                    }
                }
                Action::Cancel => self.close_top(),
                a => {
                    let n = m.items.len();
                    m.list.act(a, n);
                }
            },
            Layer::Help(h) => match a {
                Action::Down => h.top += 1,
                Action::Up => h.top = h.top.saturating_sub(1),
                _ => {
                    self.layers.pop();
                }
            },
            Layer::Editor(ed) => match a {
                Action::Save => {
                    if let Some(Layer::Editor(ed)) = self.layers.pop() {
                        self.save_editor(*ed);
                    }
                }
                Action::NextColour => ed.next_colour(),
                Action::ExternalEditor => self.effects.push(Effect::ExternalEditor),
                Action::Cancel => self.close_top(),
                _ => {}
            },
            Layer::Search(s) => match a {
                Action::Accept => {
                    if let Some(Layer::Search(s)) = self.layers.pop() {
                        self.open_hit(s);
                    }
                }
                Action::Cancel => self.close_top(),
                a => {
                    let n = s.rows.len();
                    s.list.act(a, n);
                }
            },
            Layer::Confirm(c) => {
                let q = c.question.clone();
                self.layers.pop();
                match (a, q) {
                    (Action::Yes, Question::DeleteNote(id)) => self.delete_note(&id),
                    (Action::Yes, Question::Discard) => {
                        if let Some(Layer::Editor(_)) = self.layers.last() {
                            self.layers.pop();
                        }
                        self.message = Some("not saved".into());
                    }
                    _ => self.message = Some("kept".into()),
                }
            }
            Layer::Palette(p) => match a {
                Action::Accept => {
                    let chosen = p.chosen();
                    self.layers.pop();
                    if let Some(a) = chosen {
                        self.act(a, None);
                    }
                }
                Action::Cancel => self.close_top(),
                a => {
                    let n = p.matches.len();
                    p.list.act(a, n);
                }
            },
        }
    }

    /// A paste (bracketed): into the top layer's text field; ignored elsewhere.
    pub fn on_paste(&mut self, text: &str) {
        let Some(f) = self.layers.last_mut().and_then(|l| l.field_mut()) else {
            self.message = Some("paste: nothing to paste into".into());
            return;
        };
        if f.insert(text) == Edit::Changed {
            self.field_changed();
        }
    }

    /// The rows of the top popup's list and the row under the pointer, if it has a list.
    fn popup_rows(&self) -> Option<Rect> {
        let main = self.areas.main;
        match self.layers.last()? {
            Layer::Card(c) => Some(c.rows_area(&self.cx(), main).1),
            Layer::Palette(_) => Some(Palette::rows_area(main)),
            Layer::Finder(_) => Some(FinderPopup::rows_area(main)),
            Layer::Search(_) => Some(super::popups::search::CorpusSearch::rows_area(main)),
            Layer::Menu(m) => Some(inner(m.rect(main))),
            _ => None,
        }
    }

    /// Handle the mouse: the layer under the pointer takes it; the wheel scrolls the pane
    /// under it, a click focuses and opens.
    pub fn on_mouse(&mut self, m: MouseEvent) {
        let (col, row) = (m.column, m.row);
        let at = Position { x: col, y: row };
        let main = self.areas.main;
        let click = matches!(m.kind, MouseEventKind::Down(MouseButton::Left));
        let wheel = match m.kind {
            MouseEventKind::ScrollDown => Some(Action::Down),
            MouseEventKind::ScrollUp => Some(Action::Up),
            _ => None,
        };
        if let Some(top) = self.layers.last() {
            match top {
                // A prompt belongs to its pane: the mouse goes to the panes.
                Layer::Prompt(_) => {}
                Layer::Help(_) => {
                    if click {
                        self.layers.pop();
                    }
                    return;
                }
                l => {
                    let over = l.rect(main).is_some_and(|r| r.contains(at));
                    if !over {
                        return;
                    }
                    if let Some(a) = wheel {
                        return self.layer_action(match a {
                            Action::Down => Action::SelectNext,
                            _ => Action::SelectPrev,
                        });
                    }
                    if click {
                        let rows = self.popup_rows();
                        let Some(r) = rows.filter(|r| r.contains(at)) else {
                            return;
                        };
                        let (state, len) = match self.layers.last_mut() {
                            Some(Layer::Finder(f)) => (&mut f.list, f.rows.len()),
                            Some(Layer::Search(s)) => (&mut s.list, s.rows.len()),
                            Some(Layer::Menu(m)) => (&mut m.list, m.items.len()),
                            Some(Layer::Card(c)) => (&mut c.list, c.mentions.len()),
                            Some(Layer::Palette(p)) => (&mut p.list, p.matches.len()),
                            _ => return,
                        };
                        if let Some(i) = state.row_at(r, col, row, len) {
                            state.select(i, len);
                            self.layer_action(Action::Accept);
                        }
                    }
                    return;
                }
            }
        }
        let a = self.areas;
        let inside = |r: Option<Rect>| r.is_some_and(|r| r.contains(at));
        if let Some(w) = wheel {
            let d: isize = if w == Action::Down { 3 } else { -3 };
            if inside(a.reader) {
                self.scroll(d);
            } else if inside(a.list) {
                let n = self.list.rows.len();
                self.list.state.step(d.signum(), n);
            } else if inside(a.sidebar) {
                self.side_top = (self.side_top as isize + d).max(0) as usize;
            }
            return;
        }
        if !click {
            return;
        }
        if let Some(t) = a.tabs.filter(|t| t.contains(at)) {
            let third = (t.width / 3).max(1);
            self.focus = match (col - t.x) / third {
                0 => Focus::List,
                1 => Focus::Reader,
                _ => Focus::Sidebar,
            };
        } else if inside(a.list) {
            self.focus = Focus::List;
            let n = self.list.rows.len();
            let per = if self.list.details { 2 } else { 1 };
            if let Some(i) = a.list_rows.and_then(|r| {
                let r = Rect {
                    height: r.height / per,
                    ..r
                };
                let y = r.y + row.saturating_sub(r.y) / per;
                self.list.state.row_at(r, col, y, n)
            }) {
                self.list.state.selected = i;
                match self.list.selected_doc() {
                    Some(d) => self.navigate(Loc {
                        doc: d,
                        block: self.views.get(&d).map(|v| v.cursor).unwrap_or(0),
                    }),
                    None => {
                        self.list.toggle_group(&self.corpus, self.current);
                    }
                }
            }
        } else if inside(a.reader) {
            self.focus = Focus::Reader;
            let text = a.reader_text;
            let line = self.view().top + row.saturating_sub(text.y) as usize;
            if let Some(b) = self
                .last_layout()
                .and_then(|l| l.lines.get(line))
                .and_then(|x| x.block)
            {
                let top = self.view().top;
                self.goto_block(b);
                let c = self.view().cursor;
                self.views
                    .insert(self.current, super::app::View { cursor: c, top });
            }
        } else if let Some(r) = a.sidebar.filter(|r| r.contains(at)) {
            self.focus = Focus::Sidebar;
            let line = self.side_top + row.saturating_sub(r.y + 1) as usize;
            let w = inner(r).width as usize;
            let rows =
                super::side_items::rows(&self.cx(), &self.side_items, self.current_cast(), None, w);
            // The item whose lines include the clicked one.
            if let Some(i) = rows.starts.iter().rposition(|&s| s <= line) {
                if self.side_items.get(i).is_some_and(|s| s.target.is_some()) {
                    self.side_selected = i;
                }
            }
        }
    }
}
