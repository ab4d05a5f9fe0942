//! What the panes' actions do: documents and history, the list and its filter, following a
//! target, the reader's modes, and the search index built in the background.

use super::action::Action;
use super::app::{App, Focus};
use super::cx::{Loc, Target};
use super::popups::menu::Menu;
use super::popups::prompt::{Prompt, PromptKind};
use super::popups::Layer;
use crate::model::{Reading, Segment};

impl App {
    /// Do an action on the panes (after every layer above ignored it).
    pub fn pane_action(&mut self, a: Action, count: Option<usize>) {
        if let Some(why) = a.not_yet() {
            self.message = Some(why.to_string());
            return;
        }
        let times = if a.repeats() {
            count.unwrap_or(1).clamp(1, 10_000)
        } else {
            1
        };
        for _ in 0..times {
            self.pane_action_once(a, count);
        }
    }

    fn pane_action_once(&mut self, a: Action, count: Option<usize>) {
        let n = self.list.rows.len();
        match (a, self.focus) {
            (Action::Quit, _) => self.quit = true,
            (Action::NextPane, _) => self.focus = next_focus(self.focus, true),
            (Action::PrevPane, _) => self.focus = next_focus(self.focus, false),
            (Action::Back, _) => self.back(),
            (Action::Forward, _) => self.forward(),
            (Action::PrevDoc, _) if self.current > 0 => self.open_doc(self.current - 1),
            (Action::NextDoc, _) if self.current + 1 < self.corpus.docs.len() => {
                self.open_doc(self.current + 1)
            }
            (Action::PrevDoc | Action::NextDoc, _) => {}
            (Action::Bookmarks, _) => self.open_bookmarks(),
            (Action::CopyCitation, _) => self.copy_citation(),
            (Action::Search, Focus::List) => {
                let f = self.list.filter.clone();
                self.layers
                    .push(Layer::Prompt(Prompt::new(PromptKind::Filter, &f)));
            }
            (Action::Search, Focus::Reader) => self
                .layers
                .push(Layer::Prompt(Prompt::new(PromptKind::Search, ""))),
            (Action::Clear, Focus::List) => {
                self.list.filter.clear();
                self.apply_filter();
            }
            (Action::Clear, Focus::Reader) => {
                self.search = None;
                self.speaker_focus = None;
            }
            (Action::Open, Focus::List) => match self.list.selected_doc() {
                Some(d) => {
                    self.open_doc(d);
                    self.focus = Focus::Reader;
                }
                None => {
                    self.list.toggle_group(&self.corpus, self.current);
                }
            },
            (Action::ListSort, _) => {
                self.list.sort = self.list.sort.next();
                self.list.arrange(&self.corpus, self.current);
                self.message = Some(format!("list sorted by {}", self.list.sort.name()));
            }
            (Action::ListGroup, _) => {
                self.list.group = self.list.group.next();
                self.list.arrange(&self.corpus, self.current);
                self.message = Some(format!("list grouped by {}", self.list.group.name()));
            }
            (Action::ListDetails, _) => {
                self.list.details = !self.list.details;
                self.message = Some(if self.list.details {
                    "list: subject or participants under each title".into()
                } else {
                    "list: titles only".into()
                });
            }
            (Action::FoldGroup, Focus::List)
                if !self.list.toggle_group(&self.corpus, self.current) =>
            {
                self.message = Some("the list is not grouped (z groups it)".into());
            }
            (Action::Top | Action::End, Focus::Reader) if count.is_some() => {
                self.goto_paragraph(count.unwrap_or(1));
            }
            (_, Focus::List) => {
                self.list.state.act(a, n);
            }
            (Action::Down, Focus::Reader) => self.down(),
            (Action::Up, Focus::Reader) => self.up(),
            (Action::PageDown, Focus::Reader) => self.page_down(false),
            (Action::PageUp, Focus::Reader) => self.page_up(false),
            (Action::HalfPageDown, Focus::Reader) => self.page_down(true),
            (Action::HalfPageUp, Focus::Reader) => self.page_up(true),
            (Action::Top, Focus::Reader) => self.home(),
            (Action::End, Focus::Reader) => self.end(),
            (Action::Open, Focus::Reader) => self.open_menu(),
            (Action::NextHit, Focus::Reader) => self.next_hit(true),
            (Action::PrevHit, Focus::Reader) => self.next_hit(false),
            (Action::NextTurn, Focus::Reader) => self.next_turn(true),
            (Action::PrevTurn, Focus::Reader) => self.next_turn(false),
            (Action::Lanes, Focus::Reader) => self.toggle_lanes(),
            (Action::NextSpeaker, Focus::Reader) => self.cycle_speaker(),
            (Action::ClearSpeaker, Focus::Reader) => self.speaker_focus = None,
            (Action::CycleReading, Focus::Reader) => self.cycle_reading(),
            (Action::RawView, Focus::Reader) => {
                self.raw = !self.raw;
                self.message = Some(if self.raw {
                    "the text as the archive gave it (R to return)".into()
                } else {
                    "structured view".into()
                });
            }
            (Action::Select, Focus::Reader) => self.start_selection(),
            (Action::Annotate, Focus::Reader) => self.annotate(),
            (Action::Bookmark, Focus::Reader) => self.bookmark(),
            (Action::SelectEndRight, _) => self.extend_selection(1, false),
            (Action::SelectEndLeft, _) => self.extend_selection(-1, false),
            (Action::SelectStartRight, _) => self.extend_selection(1, true),
            (Action::SelectStartLeft, _) => self.extend_selection(-1, true),
            (Action::SelectMore, _) => self.extend_selection(8, false),
            (Action::SelectLess, _) => self.extend_selection(-8, false),
            (Action::Annotate, _) => self.annotate(),
            (Action::Cancel, _) => self.selection = None,
            (Action::DeleteNote, Focus::Sidebar) => {
                if let Some(Target::Annotation(id)) = self.side_target() {
                    self.ask_delete(&id);
                }
            }
            (Action::Down, Focus::Sidebar) => self.side_step(true),
            (Action::Up, Focus::Sidebar) => self.side_step(false),
            (Action::Open, Focus::Sidebar) => {
                if let Some(t) = self.side_target() {
                    self.follow(t);
                }
            }
            _ => {}
        }
    }

    fn side_target(&self) -> Option<Target> {
        self.side_items
            .get(self.side_selected)
            .and_then(|s| s.target.clone())
    }

    /// Move the sidebar's selection to the next (or previous) line that leads somewhere.
    fn side_step(&mut self, down: bool) {
        let selectable: Vec<usize> = self
            .side_items
            .iter()
            .enumerate()
            .filter(|(_, s)| s.target.is_some())
            .map(|(i, _)| i)
            .collect();
        let pos = selectable.iter().position(|&i| i == self.side_selected);
        let to = if down {
            match pos {
                Some(p) => selectable.get(p + 1),
                None => selectable.iter().find(|&&i| i > self.side_selected),
            }
            .or(selectable.last())
        } else {
            match pos {
                Some(p) if p > 0 => selectable.get(p - 1),
                Some(_) => selectable.first(),
                None => selectable.iter().rev().find(|&&i| i < self.side_selected),
            }
        };
        if let Some(&i) = to {
            self.side_selected = i;
        }
    }

    // ---- documents and history ----

    /// Open a document at a block, recording the move in the history.
    pub fn navigate(&mut self, to: Loc) {
        self.history.set_current(self.loc());
        self.history.visit(to);
        self.show(to);
    }

    /// Show a place without touching the history.
    fn show(&mut self, to: Loc) {
        if to.doc >= self.corpus.docs.len() {
            return;
        }
        if to.doc != self.current {
            self.search = None;
            self.speaker_focus = None;
            self.selection = None;
        }
        self.current = to.doc;
        // A place chosen now outweighs the one remembered from last time.
        self.restored.remove(&to.doc);
        if self.list.rows.contains(&super::doclist::Row::Doc(to.doc)) {
            self.list.select_doc(to.doc);
        }
        let had = self.views.contains_key(&to.doc);
        self.view_mut().cursor = to.block;
        if !had {
            self.view_mut().top = usize::MAX;
        }
        self.goto_block(to.block);
        if self.last_layout().is_none() {
            self.view_mut().top = usize::MAX;
        }
    }

    /// Open a document at its remembered position.
    pub fn open_doc(&mut self, doc: usize) {
        self.restore_position(doc);
        let block = self.views.get(&doc).map(|v| v.cursor).unwrap_or(0);
        self.navigate(Loc { doc, block });
    }

    /// Back in the history.
    pub fn back(&mut self) {
        match self.history.back(self.loc()) {
            Some(to) => self.show(to),
            None => self.message = Some("at the start of the history".into()),
        }
    }

    /// Forward in the history.
    pub fn forward(&mut self) {
        match self.history.forward(self.loc()) {
            Some(to) => self.show(to),
            None => self.message = Some("at the end of the history".into()),
        }
    }

    /// Follow a target.
    pub fn follow(&mut self, t: Target) {
        match t {
            Target::Entity(e) => self.open_card(e),
            Target::Doc(d) => {
                self.open_doc(d);
                self.focus = Focus::Reader;
            }
            Target::Place(loc) => {
                self.navigate(loc);
                self.focus = Focus::Reader;
            }
            Target::Annotation(id) => self.edit_note(&id),
            Target::Note(label) => {
                self.focus = Focus::Sidebar;
                if let Some(i) = self
                    .side_items
                    .iter()
                    .position(|s| s.target == Some(Target::Note(label.clone())))
                {
                    self.side_selected = i;
                }
                self.message = Some(format!("note {label} is in the sidebar"));
            }
        }
    }

    /// Open an entity's card.
    pub fn open_card(&mut self, entity: usize) {
        if let Some(c) = super::popups::card::Card::open(&self.corpus, entity) {
            self.layers.push(Layer::Card(c));
        }
    }

    // ---- the list ----

    /// Apply the list filter (see `doclist`): every word must occur in a document's title,
    /// subject, participants, kind, date or id; `kind:`, `from:`, `to:`, `with:` and
    /// `subject:` look at one field.
    pub fn apply_filter(&mut self) {
        self.list.apply(&self.corpus, self.current);
    }

    // ---- the block menu ----

    /// Open the menu of what the cursor's block leads to.
    pub fn open_menu(&mut self) {
        let cursor = self.view().cursor;
        let doc = self.current;
        let mut items: Vec<(String, Target)> = Vec::new();
        let ids: Vec<usize> = self
            .cache
            .by_block
            .get(&doc)
            .and_then(|v| v.get(cursor))
            .cloned()
            .unwrap_or_default();
        let mut seen: Vec<usize> = Vec::new();
        let mut block_entities = std::collections::BTreeSet::new();
        let speaker = self
            .doc()
            .and_then(|d| d.blocks.get(cursor))
            .and_then(|b| b.speaker.as_ref())
            .and_then(|s| s.id.clone());
        if let Some(ei) = speaker.and_then(|id| self.entity_index.get(&id).copied()) {
            let e = &self.corpus.gazetteer.entities[ei];
            items.push((format!("{} (speaker)", e.name), Target::Entity(ei)));
            seen.push(ei);
        }
        for k in ids {
            let Some(m) = self.corpus.mentions[doc].get(k) else {
                continue;
            };
            let Some(id) = &m.entity else { continue };
            let Some(&ei) = self.entity_index.get(id) else {
                continue;
            };
            block_entities.insert(id.clone());
            if !seen.contains(&ei) {
                seen.push(ei);
                let e = &self.corpus.gazetteer.entities[ei];
                items.push((
                    format!("{} ({})", e.name, e.kind.as_str()),
                    Target::Entity(ei),
                ));
            }
        }
        if let Some(b) = self.doc().and_then(|d| d.blocks.get(cursor)) {
            for s in &b.segments {
                if let Segment::NoteRef(label) = s {
                    items.push((format!("note {label}"), Target::Note(label.clone())));
                }
            }
        }
        if !block_entities.is_empty() {
            for r in crate::links::related(&self.corpus, doc, Some(&block_entities))
                .into_iter()
                .take(6)
            {
                items.push((self.cx().doc_line(r.doc), Target::Doc(r.doc)));
            }
        }
        if items.is_empty() {
            self.message = Some("this paragraph names no one and links nowhere".into());
            return;
        }
        self.layers
            .push(Layer::Menu(Menu::new("This paragraph leads to", items)));
    }

    // ---- modes ----

    fn toggle_lanes(&mut self) {
        self.lanes = !self.lanes;
        let sides = self.cast(self.current).sides.len();
        self.message = Some(if self.lanes && sides < 2 {
            "lanes: only one side speaks here".into()
        } else if self.lanes {
            format!("lanes: {sides} sides of the table")
        } else {
            "lanes off".into()
        });
    }

    /// Cycle redline → edited → original.
    pub fn cycle_reading(&mut self) {
        self.reading = match self.reading {
            Reading::Redline => Reading::Edited,
            Reading::Edited => Reading::Original,
            Reading::Original => Reading::Redline,
        };
        self.message = Some(format!("reading: {}", self.reading.as_str()));
    }

    /// Cycle the speaker in focus.
    pub fn cycle_speaker(&mut self) {
        let n = self.cast(self.current).members.len();
        if n == 0 {
            self.message = Some("no speakers in this document".into());
            return;
        }
        self.speaker_focus = Some(match self.speaker_focus {
            Some(i) => (i + 1) % n,
            None => 0,
        });
    }

    // ---- the search index ----

    /// Bring the search index up to date in the background, so that the first corpus search
    /// finds it ready (and nothing waits for it before).
    pub fn start_indexing(&mut self) {
        if self.index.is_some() || self.index_job.is_some() {
            return;
        }
        let corpus = self.corpus.share();
        let dir = crate::search::index::cache_dir(self.cache_dir.as_deref());
        let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let total = corpus.docs.len();
        let counter = std::sync::Arc::clone(&done);
        let handle = std::thread::spawn(move || {
            crate::search::index::Index::open_synced(&corpus, dir.as_deref(), Some(&counter))
                .map(|(index, _)| index)
        });
        self.index_job = Some(super::app::IndexJob {
            done,
            total,
            handle,
        });
    }

    /// Documents done and in all, while the search index is being brought up to date.
    pub fn indexing(&self) -> Option<(usize, usize)> {
        self.index_job.as_ref().map(|j| {
            (
                j.done
                    .load(std::sync::atomic::Ordering::Relaxed)
                    .min(j.total),
                j.total,
            )
        })
    }

    /// Take the background index when it is ready; true while work runs or when it just ended.
    pub fn poll_jobs(&mut self) -> bool {
        if !self
            .index_job
            .as_ref()
            .is_some_and(|j| j.handle.is_finished())
        {
            return self.index_job.is_some();
        }
        let Some(job) = self.index_job.take() else {
            return false;
        };
        match job.handle.join() {
            Ok(Ok(index)) => {
                self.index = Some(index);
                self.refresh_corpus_search();
            }
            Ok(Err(e)) => self.message = Some(format!("search index: {e}")),
            Err(_) => self.message = Some("search index: the indexing thread failed".into()),
        }
        true
    }
}

fn next_focus(f: Focus, forward: bool) -> Focus {
    match (f, forward) {
        (Focus::List, true) | (Focus::Sidebar, false) => Focus::Reader,
        (Focus::Reader, true) | (Focus::List, false) => Focus::Sidebar,
        (Focus::Sidebar, true) | (Focus::Reader, false) => Focus::List,
    }
}
