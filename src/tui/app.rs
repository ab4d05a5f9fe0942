//! The reading room's state and what its commands do to it. Drawing is in `view`, keys and the
//! mouse in `keys`.

use super::cast::Cast;
use super::reader::{self, Layout};
use super::session::Session;
use super::theme::Theme;
use crate::corpus::Corpus;
use crate::links::{self, Related};
use crate::model::{Reading, Segment};
use crate::search::fuzzy::{Finder, Haystack, Nucleo};
use crate::text::fold;
use ratatui::layout::Rect;
use std::collections::HashMap;
use std::path::PathBuf;

/// The pane with the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The document list.
    List,
    /// The reader.
    Reader,
    /// The sidebar.
    Sidebar,
}

/// The text field that has the keyboard, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// None: keys are commands.
    None,
    /// Filtering the document list.
    Filter,
    /// Searching the open document.
    Search,
    /// The finder popup.
    Finder,
    /// The note editor.
    Editor,
    /// Corpus-wide search.
    CorpusSearch,
}

/// A place in the corpus: a document and the block under the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loc {
    /// Document index.
    pub doc: usize,
    /// Block index.
    pub block: usize,
}

/// Where the reader stands in one document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct View {
    /// Block index of the cursor.
    pub cursor: usize,
    /// First visible line.
    pub top: usize,
}

/// A result in the finder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// A document.
    Doc(usize),
    /// A gazetteer entity.
    Entity(usize),
}

/// The finder popup.
#[derive(Debug, Clone, Default)]
pub struct FinderState {
    /// What has been typed.
    pub query: String,
    /// Results, best first.
    pub results: Vec<Found>,
    /// Selected result.
    pub selected: usize,
}

/// One mention on an entity's card.
#[derive(Debug, Clone, PartialEq)]
pub struct CardMention {
    /// Document index.
    pub doc: usize,
    /// Block index.
    pub block: usize,
    /// A line of context, the name in the middle.
    pub before: String,
    /// The name as printed.
    pub name: String,
    /// Text after the name.
    pub after: String,
}

/// An entity's card.
#[derive(Debug, Clone)]
pub struct Card {
    /// Entity index.
    pub entity: usize,
    /// Every mention across the corpus.
    pub mentions: Vec<CardMention>,
    /// Selected mention.
    pub selected: usize,
}

/// What a menu item or sidebar item leads to.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// An entity's card.
    Entity(usize),
    /// A footnote of the open document, by label.
    Note(String),
    /// A document.
    Doc(usize),
    /// A place in a document.
    Place(Loc),
    /// One of the user's notes, by id.
    Annotation(String),
}

/// A menu: what a block leads to, or the bookmarks.
#[derive(Debug, Clone, Default)]
pub struct Menu {
    /// Labels and targets.
    pub items: Vec<(String, Target)>,
    /// Selected item.
    pub selected: usize,
    /// The menu's title.
    pub title: String,
}

/// Search in the open document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Search {
    /// The query.
    pub query: String,
    /// Block indices with hits.
    pub blocks: Vec<usize>,
    /// Number of hits in all.
    pub total: usize,
}

/// A line of the sidebar, possibly leading somewhere.
#[derive(Debug, Clone, PartialEq)]
pub struct SideItem {
    /// What to draw (plain text; styling is by kind).
    pub text: String,
    /// The kind of line.
    pub kind: SideKind,
    /// Where Enter leads.
    pub target: Option<Target>,
}

/// Kinds of sidebar lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideKind {
    /// A section heading.
    Heading,
    /// A footnote.
    Note,
    /// An entity on screen.
    Entity,
    /// A speaker with a bar; the value is the cast member.
    Speaker(usize),
    /// A linked document.
    Doc,
    /// One of the user's notes.
    Annotation,
    /// Plain text.
    Text,
}

/// Screen areas from the last frame, for the mouse.
#[derive(Debug, Clone, Copy, Default)]
pub struct Areas {
    /// The list pane.
    pub list: Option<Rect>,
    /// The reader pane.
    pub reader: Option<Rect>,
    /// The sidebar pane.
    pub sidebar: Option<Rect>,
    /// The tab bar in narrow terminals.
    pub tabs: Option<Rect>,
    /// First row of the list's entries.
    pub list_rows: Option<Rect>,
}

/// The reading room.
pub struct App {
    /// The corpus.
    pub corpus: Corpus,
    /// Colours.
    pub theme: Theme,
    /// Pane with the keyboard.
    pub focus: Focus,
    /// Active text field.
    pub input: Input,
    /// Documents shown in the list (indices), after the filter.
    pub filtered: Vec<usize>,
    /// The list filter.
    pub filter: String,
    /// Selected row of the list.
    pub list_selected: usize,
    /// First visible row of the list.
    pub list_top: usize,
    /// The open document.
    pub current: usize,
    /// Reading position of every visited document.
    pub views: HashMap<usize, View>,
    /// Which text of drafts.
    pub reading: Reading,
    /// Text as the archive gave it.
    pub raw: bool,
    /// Sides of the table in columns.
    pub lanes: bool,
    /// The speaker in focus (cast member).
    pub speaker_focus: Option<usize>,
    /// Search in the open document.
    pub search: Option<Search>,
    /// What is being typed into the search field.
    pub search_input: String,
    /// The finder popup.
    pub finder: Option<FinderState>,
    /// An entity's card.
    pub card: Option<Card>,
    /// A block's menu.
    pub menu: Option<Menu>,
    /// The help overlay.
    pub help: bool,
    /// First line of the help shown.
    pub help_top: usize,
    /// Visited places, like a browser's history.
    pub history: Vec<Loc>,
    /// Position in the history.
    pub history_pos: usize,
    /// A message for the status line.
    pub message: Option<String>,
    /// Sidebar lines of the last frame.
    pub side_items: Vec<SideItem>,
    /// Selected sidebar line.
    pub side_selected: usize,
    /// First visible sidebar line.
    pub side_top: usize,
    /// Whether to quit.
    pub quit: bool,
    /// Height of the reader's text area in the last frame.
    pub page: usize,
    /// Panes as tabs (narrow terminal).
    pub narrow: bool,
    /// Screen areas of the last frame.
    pub areas: Areas,
    /// Where the session is saved.
    pub data_dir: Option<PathBuf>,
    /// How many times a document has been laid out (wrapped) since start.
    pub layouts_made: usize,
    /// Where the search index is kept.
    pub cache_dir: Option<PathBuf>,
    /// The annotations store, once opened.
    pub store: Option<crate::notes::store::Store>,
    /// Why the store could not be opened.
    pub store_error: Option<String>,
    /// Notes of the open document, with where they stand.
    pub notes_cache: Option<(
        usize,
        Vec<(crate::notes::Note, crate::notes::anchor::Anchor)>,
    )>,
    /// A passage being selected.
    pub selection: Option<super::desk::Selection>,
    /// The note editor.
    pub editor: Option<super::desk::Editor>,
    /// A note waiting for "delete? y/n".
    pub confirm: Option<String>,
    /// Text to put on the clipboard (OSC 52) after the next frame.
    pub clipboard: Option<String>,
    /// Corpus-wide search.
    pub corpus_search: Option<super::desk::CorpusSearch>,
    /// The search index, once opened.
    pub index: Option<crate::search::index::Index>,
    layout: Option<(usize, Layout)>,
    casts: HashMap<usize, Cast>,
    related: Option<(usize, Vec<Related>)>,
    /// The finders over entities and documents, built when first used.
    finders: Option<(Finder<Nucleo>, Finder<Nucleo>)>,
    by_block: HashMap<usize, Vec<Vec<usize>>>,
    /// Remembered positions (paragraph numbers) of documents not opened yet this session.
    restored: HashMap<usize, usize>,
    /// The search index being brought up to date in the background.
    index_job: Option<IndexJob>,
    /// Each document's date as a day number, for the timeline (worked out once).
    pub days: Vec<Option<i64>>,
}

/// A search index being brought up to date in another thread.
struct IndexJob {
    done: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    total: usize,
    handle: std::thread::JoinHandle<Result<crate::search::index::Index, String>>,
}

impl App {
    /// A reading room on `corpus`. With a data directory, the last session is restored.
    pub fn new(corpus: Corpus, theme: Theme, data_dir: Option<PathBuf>) -> App {
        let filtered = (0..corpus.docs.len()).collect();
        let mut app = App {
            corpus,
            theme,
            focus: Focus::Reader,
            input: Input::None,
            filtered,
            filter: String::new(),
            list_selected: 0,
            list_top: 0,
            current: 0,
            views: HashMap::new(),
            reading: Reading::Redline,
            raw: false,
            lanes: false,
            speaker_focus: None,
            search: None,
            search_input: String::new(),
            finder: None,
            card: None,
            menu: None,
            help: false,
            help_top: 0,
            history: Vec::new(),
            history_pos: 0,
            message: None,
            side_items: Vec::new(),
            side_selected: 0,
            side_top: 0,
            quit: false,
            page: 20,
            narrow: false,
            areas: Areas::default(),
            data_dir,
            layouts_made: 0,
            cache_dir: None,
            store: None,
            store_error: None,
            notes_cache: None,
            selection: None,
            editor: None,
            confirm: None,
            clipboard: None,
            corpus_search: None,
            index: None,
            layout: None,
            casts: HashMap::new(),
            related: None,
            finders: None,
            by_block: HashMap::new(),
            restored: HashMap::new(),
            index_job: None,
            days: Vec::new(),
        };
        app.days = app
            .corpus
            .docs
            .heads()
            .map(|d| d.date.as_deref().and_then(super::view::day))
            .collect();
        if let Some(dir) = app.data_dir.clone() {
            let s = Session::load(&dir);
            let at: HashMap<&str, usize> = app
                .corpus
                .docs
                .heads()
                .enumerate()
                .map(|(i, d)| (d.id.as_str(), i))
                .collect();
            // Positions are kept by paragraph number and turned into places when a document is
            // opened, so that starting reads no document but the one shown.
            app.restored = s
                .positions
                .iter()
                .filter_map(|(id, n)| Some((*at.get(id.as_str())?, *n)))
                .collect();
            if let Some(i) = s.last.as_deref().and_then(|id| at.get(id).copied()) {
                app.current = i;
            }
            app.restore_position(app.current);
        }
        app.list_selected = app.current;
        app.history.push(app.loc());
        app
    }

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
            let mut index = match dir {
                Some(d) => crate::search::index::Index::open(&d)?,
                None => crate::search::index::Index::in_memory()?,
            };
            index.sync_counting(&corpus, Some(&counter))?;
            Ok(index)
        });
        self.index_job = Some(IndexJob {
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

    /// Take the background index when it is ready; true if something changed on screen.
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
                if self.corpus_search.is_some() {
                    self.update_corpus_search();
                }
            }
            Ok(Err(e)) => self.message = Some(format!("search index: {e}")),
            Err(_) => self.message = Some("search index: the indexing thread failed".into()),
        }
        true
    }

    /// Turn a remembered paragraph of a document into a reading position.
    fn restore_position(&mut self, doc: usize) {
        let Some(n) = self.restored.remove(&doc) else {
            return;
        };
        let Some(d) = self.corpus.docs.get(doc) else {
            return;
        };
        let block = d.blocks.iter().position(|b| b.n == n).unwrap_or(0);
        self.views.insert(
            doc,
            View {
                cursor: block,
                top: usize::MAX,
            },
        );
    }

    /// Save the session (last document, positions).
    pub fn save_session(&self) {
        let Some(dir) = &self.data_dir else {
            return;
        };
        let mut s = Session {
            last: self.doc().map(|d| d.id.clone()),
            ..Session::default()
        };
        for (&i, &n) in &self.restored {
            if let Some(d) = self.corpus.docs.head(i) {
                s.positions.insert(d.id.clone(), n);
            }
        }
        let mut views = self.views.clone();
        views.insert(self.current, self.view());
        for (i, v) in views {
            if let Some(d) = self.corpus.docs.get(i) {
                if let Some(b) = d.blocks.get(v.cursor) {
                    s.positions.insert(d.id.clone(), b.n);
                }
            }
        }
        let _ = s.save(dir);
    }

    /// The open document.
    pub fn doc(&self) -> Option<&crate::model::Document> {
        self.corpus.docs.get(self.current)
    }

    /// The reading position in the open document.
    pub fn view(&self) -> View {
        self.views.get(&self.current).copied().unwrap_or_default()
    }

    fn view_mut(&mut self) -> &mut View {
        self.views.entry(self.current).or_default()
    }

    /// The current place.
    pub fn loc(&self) -> Loc {
        Loc {
            doc: self.current,
            block: self.view().cursor,
        }
    }

    /// The cast of a document (cached).
    pub fn cast(&mut self, doc: usize) -> &Cast {
        if !self.casts.contains_key(&doc) {
            let c = match self.corpus.docs.get(doc) {
                Some(d) => Cast::of(&self.corpus, d),
                None => Cast::default(),
            };
            self.casts.insert(doc, c);
        }
        &self.casts[&doc]
    }

    /// The layout of the open document for a width (cached; made again only when the width,
    /// reading or mode changes).
    pub fn layout(&mut self, width: usize) -> &Layout {
        let o = reader::Options {
            width,
            reading: self.reading,
            raw: self.raw,
            lanes: self.lanes,
        };
        let fresh = match &self.layout {
            Some((d, l)) => *d != self.current || l.options != Some(o),
            None => true,
        };
        if fresh {
            self.layouts_made += 1;
            let cast = self.cast(self.current).clone();
            let l = match self.corpus.docs.get(self.current) {
                Some(doc) => reader::layout(doc, &cast, &self.theme, o),
                None => Layout::default(),
            };
            // Keep the cursor's block in view after a new layout.
            let v = self.view();
            let start = l.blocks.get(v.cursor).map(|b| b.0).unwrap_or(0);
            let top = if v.top == usize::MAX || v.top > start || v.top + self.page <= start {
                start.saturating_sub(1)
            } else {
                v.top
            };
            self.view_mut().top = top;
            self.layout = Some((self.current, l));
        }
        match &self.layout {
            Some((_, l)) => l,
            None => unreachable_layout(),
        }
    }

    /// The layout of the last frame, if any.
    pub fn last_layout(&self) -> Option<&Layout> {
        self.layout
            .as_ref()
            .filter(|(d, _)| *d == self.current)
            .map(|(_, l)| l)
    }

    /// Mention indices of the open document by block index (cached).
    pub fn mentions_by_block(&mut self, doc: usize) -> &Vec<Vec<usize>> {
        if !self.by_block.contains_key(&doc) {
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
            self.by_block.insert(doc, v);
        }
        &self.by_block[&doc]
    }

    /// Documents related to the open one (cached per document).
    pub fn related(&mut self) -> &[Related] {
        if self
            .related
            .as_ref()
            .is_none_or(|(d, _)| *d != self.current)
        {
            let r = links::related(&self.corpus, self.current, None);
            self.related = Some((self.current, r));
        }
        match &self.related {
            Some((_, r)) => r,
            None => &[],
        }
    }

    // ---- moving in the reader ----

    fn clamp_top(&mut self) {
        let (len, page) = (
            self.last_layout().map(|l| l.lines.len()).unwrap_or(0),
            self.page.max(1),
        );
        let v = self.view_mut();
        v.top = v.top.min(len.saturating_sub(page));
    }

    /// Bring the cursor's block into view.
    fn reveal(&mut self) {
        let page = self.page.max(1);
        let Some((s, e)) = self
            .last_layout()
            .and_then(|l| l.blocks.get(self.view().cursor).copied())
        else {
            return;
        };
        let first = self.view().cursor == 0;
        let v = self.view_mut();
        if s < v.top {
            // The first block brings the header back into view when it fits.
            v.top = if first && s < page { 0 } else { s };
        } else if e > v.top + page {
            v.top = if e - s > page { s } else { e - page };
        }
        self.clamp_top();
    }

    /// Move the cursor to a block and show it.
    pub fn goto_block(&mut self, block: usize) {
        let n = self.doc().map(|d| d.blocks.len()).unwrap_or(0);
        if n == 0 {
            return;
        }
        self.view_mut().cursor = block.min(n - 1);
        if let Some(s) = self
            .last_layout()
            .and_then(|l| l.blocks.get(block.min(n - 1)).map(|b| b.0))
        {
            self.view_mut().top = s.saturating_sub(1);
        }
        self.clamp_top();
    }

    /// Down one step: scroll within a long block, else to the next block.
    pub fn down(&mut self) {
        let v = self.view();
        let Some(l) = self.last_layout() else { return };
        let blocks = l.blocks.len();
        let end = l.blocks.get(v.cursor).map(|b| b.1).unwrap_or(0);
        if end > v.top + self.page && (v.cursor + 1 >= blocks || end - v.top > self.page) {
            self.view_mut().top += 1;
            self.clamp_top();
            return;
        }
        if v.cursor + 1 < blocks {
            self.view_mut().cursor += 1;
            self.reveal();
        } else {
            self.view_mut().top += 1;
            self.clamp_top();
        }
    }

    /// Up one step: scroll back within a long block, else to the previous block.
    pub fn up(&mut self) {
        let v = self.view();
        let Some(l) = self.last_layout() else { return };
        let start = l.blocks.get(v.cursor).map(|b| b.0).unwrap_or(0);
        if start < v.top {
            self.view_mut().top -= 1;
        } else if v.cursor > 0 {
            self.view_mut().cursor -= 1;
            self.reveal();
        } else {
            self.view_mut().top = 0;
        }
    }

    /// Scroll by lines (mouse wheel, pages); the cursor follows into view.
    pub fn scroll(&mut self, lines: isize) {
        let v = self.view();
        let top = if lines < 0 {
            v.top.saturating_sub(lines.unsigned_abs())
        } else {
            v.top + lines as usize
        };
        self.view_mut().top = top;
        self.clamp_top();
        let (top, page) = (self.view().top, self.page);
        let cursor = self.view().cursor;
        let Some(l) = self.last_layout() else { return };
        let (s, e) = l.blocks.get(cursor).copied().unwrap_or((0, 0));
        if e <= top || s >= top + page {
            let first = l
                .blocks
                .iter()
                .position(|b| b.0 >= top)
                .or_else(|| l.block_at(top));
            if let Some(b) = first {
                self.view_mut().cursor = b;
            }
        }
    }

    /// Page down.
    pub fn page_down(&mut self) {
        self.scroll(self.page.saturating_sub(2).max(1) as isize);
    }

    /// Page up.
    pub fn page_up(&mut self) {
        self.scroll(-(self.page.saturating_sub(2).max(1) as isize));
    }

    /// To the top.
    pub fn home(&mut self) {
        *self.view_mut() = View { cursor: 0, top: 0 };
    }

    /// To the end.
    pub fn end(&mut self) {
        let n = self.doc().map(|d| d.blocks.len()).unwrap_or(0);
        let len = self.last_layout().map(|l| l.lines.len()).unwrap_or(0);
        let page = self.page;
        *self.view_mut() = View {
            cursor: n.saturating_sub(1),
            top: len.saturating_sub(page),
        };
    }

    // ---- documents and history ----

    /// Open a document at a block, recording the move in the history.
    pub fn navigate(&mut self, to: Loc) {
        if let Some(h) = self.history.get_mut(self.history_pos) {
            *h = Loc {
                doc: self.current,
                block: self.views.get(&self.current).map(|v| v.cursor).unwrap_or(0),
            };
        }
        self.history.truncate(self.history_pos + 1);
        self.history.push(to);
        self.history_pos = self.history.len() - 1;
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
        if let Some(pos) = self.filtered.iter().position(|&i| i == to.doc) {
            self.list_selected = pos;
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
        if self.history_pos == 0 {
            self.message = Some("at the start of the history".into());
            return;
        }
        self.history[self.history_pos] = self.loc();
        self.history_pos -= 1;
        self.show(self.history[self.history_pos]);
    }

    /// Forward in the history.
    pub fn forward(&mut self) {
        if self.history_pos + 1 >= self.history.len() {
            self.message = Some("at the end of the history".into());
            return;
        }
        self.history[self.history_pos] = self.loc();
        self.history_pos += 1;
        self.show(self.history[self.history_pos]);
    }

    // ---- the list ----

    /// Apply the list filter: every word must occur in a document's title, participants, kind,
    /// date or id.
    pub fn apply_filter(&mut self) {
        let words: Vec<String> = fold(&self.filter)
            .split_whitespace()
            .map(String::from)
            .collect();
        self.filtered = self
            .corpus
            .docs
            .heads()
            .enumerate()
            .filter(|(_, d)| {
                if words.is_empty() {
                    return true;
                }
                let mut hay = format!(
                    "{} {} {} {} {}",
                    d.title,
                    d.kind.label(),
                    d.kind.as_str(),
                    d.date.as_deref().unwrap_or(""),
                    d.id
                );
                for p in &d.participants {
                    hay.push(' ');
                    hay.push_str(&p.name);
                }
                let hay = fold(&hay);
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .map(|(i, _)| i)
            .collect();
        self.list_selected = self
            .filtered
            .iter()
            .position(|&i| i == self.current)
            .unwrap_or(0);
    }

    // ---- search ----

    /// Search the open document for the typed query; go to the first hit at or after the
    /// cursor.
    pub fn run_search(&mut self) {
        let q = self.search_input.trim().to_lowercase();
        if q.is_empty() {
            self.search = None;
            return;
        }
        let reading = self.reading;
        let mut s = Search {
            query: q.clone(),
            ..Search::default()
        };
        if let Some(d) = self.doc() {
            for (i, b) in d.blocks.iter().enumerate() {
                let text = if self.raw {
                    b.raw.to_lowercase()
                } else {
                    b.text(reading).to_lowercase()
                };
                let n = text.matches(q.as_str()).count();
                if n > 0 {
                    s.blocks.push(i);
                    s.total += n;
                }
            }
        }
        let cursor = self.view().cursor;
        let first = s
            .blocks
            .iter()
            .copied()
            .find(|&b| b >= cursor)
            .or(s.blocks.first().copied());
        if s.total == 0 {
            self.message = Some(format!("no hits for \"{}\"", self.search_input.trim()));
        }
        self.search = Some(s);
        if let Some(b) = first {
            self.goto_block(b);
        }
    }

    /// Search the open document without moving the cursor (after a corpus search hit).
    pub fn run_search_keep_cursor(&mut self) {
        let cursor = self.view();
        self.run_search();
        self.views.insert(self.current, cursor);
        self.message = None;
    }

    /// The next (or previous) block with a hit.
    pub fn next_hit(&mut self, forward: bool) {
        let Some(s) = &self.search else {
            return;
        };
        let cursor = self.view().cursor;
        let target = if forward {
            s.blocks
                .iter()
                .copied()
                .find(|&b| b > cursor)
                .or(s.blocks.first().copied())
        } else {
            s.blocks
                .iter()
                .rev()
                .copied()
                .find(|&b| b < cursor)
                .or(s.blocks.last().copied())
        };
        if let Some(b) = target {
            self.goto_block(b);
        }
    }

    /// Which hit the cursor is on (1-based), if on one.
    pub fn hit_position(&self) -> Option<usize> {
        let s = self.search.as_ref()?;
        let c = self.view().cursor;
        s.blocks.iter().position(|&b| b == c).map(|p| p + 1)
    }

    // ---- the finder ----

    /// Open the finder.
    pub fn open_finder(&mut self) {
        self.finder = Some(FinderState::default());
        self.input = Input::Finder;
        self.update_finder();
    }

    /// The finders over entities and over documents (titles, ids, dates), built on first use.
    fn finders(&mut self) -> &mut (Finder<Nucleo>, Finder<Nucleo>) {
        let corpus = &self.corpus;
        self.finders.get_or_insert_with(|| {
            let entities = Finder::new(Haystack::new(&corpus.gazetteer), Nucleo::default());
            let doc_names = corpus.docs.heads().enumerate().flat_map(|(i, d)| {
                let i = i as u32;
                let mut v = vec![(i, d.title.clone()), (i, d.id.clone())];
                if let Some(date) = &d.date {
                    v.push((i, format!("{date} {}", d.kind.label())));
                }
                v
            });
            let docs = Finder::new(Haystack::from_names(doc_names), Nucleo::default());
            (entities, docs)
        })
    }

    /// Search again after the query changed.
    pub fn update_finder(&mut self) {
        let Some(query) = self.finder.as_ref().map(|f| f.query.clone()) else {
            return;
        };
        let n_docs = self.corpus.docs.len();
        if query.trim().is_empty() {
            let (entities, docs) = self.finders();
            // Clear the finders' memory of the last query.
            entities.search("", 1);
            docs.search("", 1);
            if let Some(f) = &mut self.finder {
                f.results = (0..n_docs).map(Found::Doc).collect();
                f.selected = 0;
            }
            return;
        }
        let (entities, docs) = self.finders();
        let mut scored: Vec<(i64, Found)> = Vec::new();
        for r in docs.search(&query, 30) {
            scored.push((r.score, Found::Doc(r.entity as usize)));
        }
        for r in entities.search(&query, 60) {
            scored.push((r.score, Found::Entity(r.entity as usize)));
        }
        scored.sort_by_key(|s| std::cmp::Reverse(s.0));
        // Far weaker matches than the best are noise (letters scattered through long names).
        let best = scored.first().map(|s| s.0).unwrap_or(0);
        if let Some(f) = &mut self.finder {
            f.results = scored
                .into_iter()
                .filter(|s| s.0 * 3 >= best)
                .map(|s| s.1)
                .take(80)
                .collect();
            f.selected = 0;
        }
    }

    /// The name of an entity that matched the finder's query best (for display).
    pub fn finder_matched(&self, entity: usize) -> Option<String> {
        let f = self.finder.as_ref()?;
        let e = self.corpus.gazetteer.entities.get(entity)?;
        let q = fold(&f.query);
        let words: Vec<&str> = q.split_whitespace().collect();
        e.all_names()
            .find(|n| {
                let n = fold(n);
                !words.is_empty() && words.iter().all(|w| n.contains(w))
            })
            .filter(|n| *n != e.name)
            .map(String::from)
    }

    /// Follow the selected finder result.
    pub fn finder_enter(&mut self) {
        let Some(f) = self.finder.take() else { return };
        self.input = Input::None;
        match f.results.get(f.selected) {
            Some(Found::Doc(d)) => {
                self.open_doc(*d);
                self.focus = Focus::Reader;
            }
            Some(Found::Entity(e)) => self.open_card(*e),
            None => {}
        }
    }

    // ---- cards ----

    /// Open an entity's card.
    pub fn open_card(&mut self, entity: usize) {
        let Some(e) = self.corpus.gazetteer.entities.get(entity) else {
            return;
        };
        let id = e.id.clone();
        let mut mentions = Vec::new();
        for di in 0..self.corpus.docs.len() {
            // Only documents that name it are read.
            if self.corpus.docs.count_of(di, entity) == 0 {
                continue;
            }
            let d = &self.corpus.docs[di];
            let index: HashMap<usize, usize> =
                d.blocks.iter().enumerate().map(|(i, b)| (b.n, i)).collect();
            for m in &self.corpus.mentions[di] {
                if m.entity.as_deref() != Some(id.as_str()) {
                    continue;
                }
                let Some(&bi) = index.get(&m.block) else {
                    continue;
                };
                let text = d.blocks[bi].text(Reading::Redline);
                mentions.push(context(&text, m.start, m.end, di, bi));
            }
        }
        self.card = Some(Card {
            entity,
            mentions,
            selected: 0,
        });
    }

    /// Jump to the selected mention of the card.
    pub fn card_enter(&mut self) {
        let Some(c) = self.card.take() else { return };
        if let Some(m) = c.mentions.get(c.selected) {
            self.navigate(Loc {
                doc: m.doc,
                block: m.block,
            });
            self.focus = Focus::Reader;
        } else {
            self.card = Some(c);
        }
    }

    // ---- the block menu ----

    /// Open the menu of what the cursor's block leads to.
    pub fn open_menu(&mut self) {
        let cursor = self.view().cursor;
        let doc = self.current;
        let mut items: Vec<(String, Target)> = Vec::new();
        let ids: Vec<usize> = self
            .mentions_by_block(doc)
            .get(cursor)
            .cloned()
            .unwrap_or_default();
        let mut seen: Vec<usize> = Vec::new();
        let mut block_entities = std::collections::BTreeSet::new();
        // The speaker first.
        let speaker = self
            .doc()
            .and_then(|d| d.blocks.get(cursor))
            .and_then(|b| b.speaker.as_ref())
            .and_then(|s| s.id.clone());
        if let Some(id) = speaker {
            if let Some(ei) = self
                .corpus
                .gazetteer
                .entities
                .iter()
                .position(|e| e.id == id)
            {
                let e = &self.corpus.gazetteer.entities[ei];
                items.push((format!("{} (speaker)", e.name), Target::Entity(ei)));
                seen.push(ei);
            }
        }
        for k in ids {
            let Some(m) = self.corpus.mentions[doc].get(k) else {
                continue;
            };
            let Some(id) = &m.entity else { continue };
            let Some(ei) = self
                .corpus
                .gazetteer
                .entities
                .iter()
                .position(|e| &e.id == id)
            else {
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
            for r in links::related(&self.corpus, doc, Some(&block_entities))
                .into_iter()
                .take(6)
            {
                let Some(d) = self.corpus.docs.head(r.doc) else {
                    continue;
                };
                items.push((
                    format!(
                        "{} {}",
                        d.date.as_deref().unwrap_or("undated"),
                        crate::text::strip_controls(&d.title)
                    ),
                    Target::Doc(r.doc),
                ));
            }
        }
        if items.is_empty() {
            self.message = Some("this paragraph names no one and links nowhere".into());
            return;
        }
        self.menu = Some(Menu {
            items,
            selected: 0,
            title: "This paragraph leads to".into(),
        });
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

    // ---- modes ----

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
}

/// A line of context around a mention.
fn context(text: &str, start: usize, end: usize, doc: usize, block: usize) -> CardMention {
    let clean = |s: &str| crate::text::strip_controls(s).replace('\n', " ");
    let (start, end) = (start.min(text.len()), end.min(text.len()));
    let mut from = start.saturating_sub(60);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + 60).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let ok = text.is_char_boundary(start) && text.is_char_boundary(end);
    let (before, name, after) = if ok {
        (&text[from..start], &text[start..end], &text[end..to])
    } else {
        ("", &text[..0], "")
    };
    let before = match before.find(' ') {
        Some(i) if from > 0 => &before[i + 1..],
        _ => before,
    };
    let after = match after.rfind(' ') {
        Some(i) if to < text.len() => &after[..i],
        _ => after,
    };
    CardMention {
        doc,
        block,
        before: format!("{}{}", if from > 0 { "…" } else { "" }, clean(before)),
        name: clean(name),
        after: format!("{}{}", clean(after), if to < text.len() { "…" } else { "" }),
    }
}

fn unreachable_layout() -> &'static Layout {
    static EMPTY: std::sync::OnceLock<Layout> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Layout::default)
}
