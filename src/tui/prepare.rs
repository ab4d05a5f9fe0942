//! The update step before each frame: lay the panes and popups out for the terminal's size,
//! lay the open document out for the reader's width (once per width, reading and mode), and fill
//! the document cache and the sidebar, so that drawing only reads.

use super::app::{App, Areas, Focus, LIST_MAX, NARROW};
use super::layout::{self, Layout};
use super::popups::prompt::PromptKind;
use super::side_items;
use crate::links::Related;
use crate::notes::anchor::Anchor;
use crate::notes::Note;
use ratatui::layout::{Constraint, Layout as Split, Rect};
use std::collections::HashMap;

impl App {
    /// Lay the open document out for a width, keeping the cursor's block in view (made again
    /// only when the document, width, reading or mode changes).
    pub fn ensure_layout(&mut self, width: usize) {
        let o = layout::Options {
            width,
            reading: self.reading,
            raw: self.raw,
            lanes: self.lanes,
        };
        let fresh = match &self.cache.layout {
            Some((d, l)) => *d != self.current || l.options != Some(o),
            None => true,
        };
        if !fresh {
            return;
        }
        self.layouts_made += 1;
        self.cast(self.current);
        let l = match self.corpus.docs.get(self.current) {
            Some(doc) => layout::layout(doc, self.current_cast(), &self.theme, o),
            None => Layout::default(),
        };
        let v = self.view();
        let start = l.blocks.get(v.cursor).map(|b| b.0).unwrap_or(0);
        let top = if v.top == usize::MAX || v.top > start || v.top + self.page <= start {
            start.saturating_sub(1)
        } else {
            v.top
        };
        self.view_mut().top = top;
        self.cache.layout = Some((self.current, l));
    }

    /// Fill the caches of the open document that drawing reads.
    pub(super) fn ensure_doc_caches(&mut self) {
        let doc = self.current;
        self.cast(doc);
        if !self.cache.by_block.contains_key(&doc) {
            let mut v: Vec<Vec<usize>> = Vec::new();
            if let Some(d) = self.corpus.docs.get(doc) {
                v = vec![Vec::new(); d.blocks.len()];
                let index: HashMap<usize, usize> =
                    d.blocks.iter().enumerate().map(|(i, b)| (b.n, i)).collect();
                for (k, m) in self.corpus.mentions[doc].iter().enumerate() {
                    if let Some(&i) = index.get(&m.block) {
                        v[i].push(k);
                    }
                }
            }
            self.cache.by_block.insert(doc, v);
        }
        if self.cache.related.as_ref().is_none_or(|(d, _)| *d != doc) {
            let r = crate::links::related(&self.corpus, doc, None);
            self.cache.related = Some((doc, r));
        }
        if self.cache.notes.as_ref().is_none_or(|(d, _)| *d != doc) {
            let notes = self.load_doc_notes();
            self.cache.noted = notes.iter().filter_map(|(_, a)| a.block()).collect();
            self.cache.notes = Some((doc, notes));
        }
    }

    /// The user's notes on the open document, as cached.
    pub fn doc_notes(&self) -> &[(Note, Anchor)] {
        match &self.cache.notes {
            Some((d, v)) if *d == self.current => v,
            _ => &[],
        }
    }

    /// Which areas the panes take in a frame of this size.
    fn geometry(&self, area: Rect) -> Areas {
        let mut a = Areas::default();
        if area.width < 20 || area.height < 6 {
            return a;
        }
        let [main, status] =
            Split::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
        a.main = main;
        a.status = status;
        if area.width < NARROW {
            let [tabs, pane] =
                Split::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(main);
            a.tabs = Some(tabs);
            match self.focus {
                Focus::List => a.list = Some(pane),
                Focus::Reader => a.reader = Some(pane),
                Focus::Sidebar => a.sidebar = Some(pane),
            }
            a.reader_text = self.reader_text(a.reader.unwrap_or(pane));
        } else {
            // The list takes a share of the width up to a limit, so that wide terminals show
            // whole titles and the reader keeps a readable measure.
            let list_w = (main.width * 40 / 100).clamp(24, LIST_MAX);
            let side_w = (main.width * 24 / 100).clamp(26, 48);
            let [list, reader, side] = Split::horizontal([
                Constraint::Length(list_w),
                Constraint::Min(20),
                Constraint::Length(side_w),
            ])
            .areas(main);
            a.list = Some(list);
            a.reader = Some(reader);
            a.sidebar = Some(side);
            a.reader_text = self.reader_text(reader);
        }
        if let Some(l) = a.list {
            let inner = super::cx::inner(l);
            let tl = if inner.height >= 8 { 2 } else { 0 };
            let filtering =
                self.prompt(PromptKind::Filter).is_some() || !self.list.filter.is_empty();
            let rows = inner.height.saturating_sub(tl + u16::from(filtering));
            a.list_rows = Some(Rect {
                y: inner.y + tl.min(inner.height),
                height: rows,
                ..inner
            });
        }
        a
    }

    /// The reader's text area inside its pane (a search field or a selection takes rows).
    fn reader_text(&self, pane: Rect) -> Rect {
        let mut inner = super::cx::inner(pane);
        if self.prompt(PromptKind::Search).is_some() {
            inner.height = inner.height.saturating_sub(1);
        }
        if self.selection.is_some() {
            inner.height = inner.height.saturating_sub(2);
        }
        inner
    }

    /// The blocks on screen in the reader.
    pub fn visible_blocks(&self) -> (usize, usize) {
        let Some(l) = self.last_layout() else {
            return (0, 0);
        };
        let top = self.view().top.min(l.lines.len().saturating_sub(self.page));
        let first = l.block_at(top).unwrap_or(0);
        let last = l
            .block_at((top + self.page).saturating_sub(1))
            .unwrap_or(first);
        (first, last)
    }

    /// The update step before a frame of this size: lay out the panes and popups and fill what
    /// drawing reads. Drawing then changes nothing.
    pub fn prepare(&mut self, area: Rect) {
        self.narrow = area.width < NARROW;
        self.areas = self.geometry(area);
        if self.areas.main.width == 0 {
            return;
        }
        if let Some(rows) = self.areas.list_rows {
            let n = self.list.rows.len();
            let per = if self.list.details { 2 } else { 1 };
            self.list.state.reveal((rows.height / per) as usize, n);
        }
        self.ensure_doc_caches();
        let text = self.areas.reader_text;
        self.page = (text.height as usize).max(1);
        self.ensure_layout(text.width as usize);
        let len = self.last_layout().map(|l| l.lines.len()).unwrap_or(0);
        let page = self.page;
        let v = self.view_mut();
        v.top = v.top.min(len.saturating_sub(page));
        let (first, last) = self.visible_blocks();
        let related: &[Related] = self
            .cache
            .related
            .as_ref()
            .map(|r| r.1.as_slice())
            .unwrap_or(&[]);
        let by_block = self
            .cache
            .by_block
            .get(&self.current)
            .map(|v| v.as_slice())
            .unwrap_or(&[]);
        let inputs = side_items::Inputs {
            doc: self.current,
            notes: self.doc_notes(),
            by_block,
            cast: self.current_cast(),
            related,
            entity_index: &self.entity_index,
            sections: &self.side_sections,
        };
        self.side_items = side_items::items(&self.cx(), &inputs, first, last);
        if self
            .side_items
            .get(self.side_selected)
            .is_none_or(|s| s.target.is_none())
        {
            if let Some(i) = self.side_items.iter().position(|s| s.target.is_some()) {
                self.side_selected = i;
            }
        }
        if let Some(side) = self.areas.sidebar {
            self.prepare_sidebar(side);
        }
        let main = self.areas.main;
        let mut layers = std::mem::take(&mut self.layers);
        for l in &mut layers {
            l.prepare(&self.cx(), main);
        }
        self.layers = layers;
    }

    /// Rows of the sidebar: where each item starts, and the scroll that shows the selection.
    fn prepare_sidebar(&mut self, area: Rect) {
        let inner = super::cx::inner(area);
        let selected = (self.focus == Focus::Sidebar).then_some(self.side_selected);
        let rows = side_items::rows(
            &self.cx(),
            &self.side_items,
            self.current_cast(),
            selected,
            inner.width as usize,
        );
        let h = inner.height as usize;
        if self.focus == Focus::Sidebar {
            if let Some(&r) = rows.starts.get(self.side_selected) {
                if r < self.side_top {
                    self.side_top = r;
                } else if h > 0 && r >= self.side_top + h {
                    self.side_top = r + 1 - h;
                }
            }
        }
        self.side_top = self.side_top.min(rows.lines.len().saturating_sub(1));
    }
}
