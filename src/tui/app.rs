//! The reading room's state, and the update step before each frame (`prepare`), which lays out
//! the panes and fills the document cache so that drawing only reads. What actions do is in
//! `update` (panes), `layers` (popups) and `desk` (notes).

use super::cast::Cast;
use super::cx::{Cx, Loc};
use super::doclist::DocList;
use super::history::Backstack;
use super::keymap::Keymap;
use super::layout::Layout;
use super::popups::finder::Finders;
use super::popups::prompt::PromptKind;
use super::popups::Layer;
use super::session::Session;
use super::side_items::SideItem;
use super::theme::Theme;
use crate::corpus::Corpus;
use crate::links::Related;
use crate::model::Reading;
use crate::notes::anchor::Anchor;
use crate::notes::Note;
use ratatui::layout::Rect;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// Below this width the panes become tabs.
pub const NARROW: u16 = 100;

/// The widest the document list gets.
pub const LIST_MAX: u16 = 100;

/// The most places the history keeps.
pub const HISTORY_CAP: usize = 500;

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

/// Where the reader stands in one document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct View {
    /// Block index of the cursor.
    pub cursor: usize,
    /// First visible line (`usize::MAX`: not placed yet).
    pub top: usize,
}

/// Search in the open document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Search {
    /// The query (lower case).
    pub query: String,
    /// What is marked: the query, or the words and phrases of a corpus search (lower case).
    pub needles: Vec<String>,
    /// Block indices with hits.
    pub blocks: Vec<usize>,
    /// Number of hits in all.
    pub total: usize,
}

/// A passage being selected in the cursor's paragraph, by words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// Block index.
    pub block: usize,
    /// First word (index).
    pub start: usize,
    /// Last word (index, inclusive).
    pub end: usize,
}

/// Screen areas of the next frame, for drawing and the mouse.
#[derive(Debug, Clone, Copy, Default)]
pub struct Areas {
    /// Everything but the status line.
    pub main: Rect,
    /// The status line.
    pub status: Rect,
    /// The list pane.
    pub list: Option<Rect>,
    /// The reader pane.
    pub reader: Option<Rect>,
    /// The sidebar pane.
    pub sidebar: Option<Rect>,
    /// The tab bar in narrow terminals.
    pub tabs: Option<Rect>,
    /// The list's rows.
    pub list_rows: Option<Rect>,
    /// The reader's text area.
    pub reader_text: Rect,
}

/// What the event loop must do outside the state: things that need the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put text on the clipboard (OSC 52).
    Clipboard(String),
    /// Stop the process until `fg` (Ctrl-z).
    Suspend,
    /// Hand the terminal to `$VISUAL`/`$EDITOR` for the note being written.
    ExternalEditor,
}

/// Caches of the open document, filled in the update step.
#[derive(Default)]
pub struct DocCache {
    /// The layout of the open document for the reader's width.
    pub layout: Option<(usize, Layout)>,
    /// Casts by document.
    pub casts: HashMap<usize, Cast>,
    /// Mention indices by block index, by document.
    pub by_block: HashMap<usize, Vec<Vec<usize>>>,
    /// Related documents of the open one.
    pub related: Option<(usize, Vec<Related>)>,
    /// The user's notes on the open document, with where they stand.
    pub notes: Option<(usize, Vec<(Note, Anchor)>)>,
    /// Blocks with notes.
    pub noted: HashSet<usize>,
}

/// The reading room.
pub struct App {
    /// The corpus.
    pub corpus: Corpus,
    /// Colours.
    pub theme: Theme,
    /// Keys.
    pub keymap: Keymap,
    /// Pane with the keyboard.
    pub focus: Focus,
    /// The document list.
    pub list: DocList,
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
    /// A passage being selected.
    pub selection: Option<Selection>,
    /// Sidebar lines for the visible text.
    pub side_items: Vec<SideItem>,
    /// Selected sidebar line.
    pub side_selected: usize,
    /// First visible sidebar line.
    pub side_top: usize,
    /// The sidebar's sections, in order.
    pub side_sections: Vec<String>,
    /// The layers above the panes, bottom first.
    pub layers: Vec<Layer>,
    /// Visited places.
    pub history: Backstack<Loc>,
    /// A count being typed (`5` of `5j`).
    pub count: Option<usize>,
    /// Keys of a sequence being typed (`g` of `gg`).
    pub prefix: Vec<super::keymap::Key>,
    /// A message for the status line.
    pub message: Option<String>,
    /// Whether to quit.
    pub quit: bool,
    /// Height of the reader's text area.
    pub page: usize,
    /// Panes as tabs (narrow terminal).
    pub narrow: bool,
    /// Screen areas.
    pub areas: Areas,
    /// Where the session and notes are kept.
    pub data_dir: Option<PathBuf>,
    /// Where the search index is kept.
    pub cache_dir: Option<PathBuf>,
    /// How many times a document has been laid out (wrapped) since start.
    pub layouts_made: usize,
    /// The annotations store, once opened.
    pub store: Option<crate::notes::store::Store>,
    /// Why the store could not be opened.
    pub store_error: Option<String>,
    /// What the event loop must do.
    pub effects: Vec<Effect>,
    /// The last text put on the clipboard.
    pub clipboard: Option<String>,
    /// The search index, once opened.
    pub index: Option<crate::search::index::Index>,
    /// Citation style for `y`.
    pub cite_style: crate::cite::Style,
    /// Each document's date as a day number, for the timeline.
    pub days: Vec<Option<i64>>,
    /// Entity index by id.
    pub entity_index: HashMap<String, usize>,
    /// The open document's caches.
    pub cache: DocCache,
    /// The finder's matchers, built when first used.
    pub finders: Option<Finders>,
    /// Remembered positions (paragraph numbers) of documents not opened yet this session.
    pub restored: HashMap<usize, usize>,
    /// The search index being brought up to date in the background.
    pub index_job: Option<IndexJob>,
    /// The hits of the corpus search last opened.
    pub corpus_hits: Option<super::popups::search::CorpusHits>,
    /// Whether `n`/`N` follow the corpus search (else the search in the document).
    pub follow_corpus: bool,
}

/// A search index being brought up to date in another thread.
pub struct IndexJob {
    /// Documents done.
    pub done: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    /// Documents in all.
    pub total: usize,
    /// The thread.
    pub handle: std::thread::JoinHandle<Result<crate::search::index::Index, String>>,
}

/// A date as a day number, for the timeline (partial dates fall at the start of their span).
pub fn day(date: &str) -> Option<i64> {
    let mut it = date.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next().and_then(|m| m.parse().ok()).unwrap_or(1);
    let d: i64 = it.next().and_then(|d| d.parse().ok()).unwrap_or(1);
    Some(y * 372 + (m - 1) * 31 + (d - 1))
}

impl App {
    /// A reading room on `corpus`. With a data directory, the last session is restored.
    pub fn new(corpus: Corpus, theme: Theme, data_dir: Option<PathBuf>) -> App {
        let list = DocList::new(corpus.docs.len());
        let days = corpus
            .docs
            .heads()
            .map(|d| d.date.as_deref().and_then(day))
            .collect();
        let entity_index = corpus
            .gazetteer
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let mut app = App {
            corpus,
            theme,
            keymap: Keymap::default(),
            focus: Focus::Reader,
            list,
            current: 0,
            views: HashMap::new(),
            reading: Reading::Redline,
            raw: false,
            lanes: false,
            speaker_focus: None,
            search: None,
            selection: None,
            side_items: Vec::new(),
            side_selected: 0,
            side_top: 0,
            side_sections: crate::config::SIDEBAR_SECTIONS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            layers: Vec::new(),
            history: Backstack::new(Loc { doc: 0, block: 0 }, HISTORY_CAP),
            count: None,
            prefix: Vec::new(),
            message: None,
            quit: false,
            page: 20,
            narrow: false,
            areas: Areas::default(),
            data_dir,
            cache_dir: None,
            layouts_made: 0,
            store: None,
            store_error: None,
            effects: Vec::new(),
            clipboard: None,
            index: None,
            cite_style: crate::cite::Style::Chicago,
            days,
            entity_index,
            cache: DocCache::default(),
            finders: None,
            restored: HashMap::new(),
            index_job: None,
            corpus_hits: None,
            follow_corpus: false,
        };
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
        app.list.select_doc(app.current);
        app.history = Backstack::new(app.loc(), HISTORY_CAP);
        app
    }

    /// Settings of the config file for the reading room.
    pub fn configure(&mut self, c: &crate::config::Config, keymap: Keymap, theme: Theme) {
        self.keymap = keymap;
        self.theme = theme;
        if let Some(l) = c.lanes {
            self.lanes = l;
        }
        if let Some(r) = c.reading {
            self.reading = r;
        }
        if let Some(s) = &c.sidebar {
            self.side_sections = s.clone();
        }
        if let Some(s) = c.cite_style.as_deref().and_then(crate::cite::Style::parse) {
            self.cite_style = s;
        }
    }

    /// What panes and popups read.
    pub fn cx(&self) -> Cx<'_> {
        Cx {
            corpus: &self.corpus,
            theme: &self.theme,
            keymap: &self.keymap,
        }
    }

    /// Turn a remembered paragraph of a document into a reading position.
    pub fn restore_position(&mut self, doc: usize) {
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

    /// The reading position, to change.
    pub fn view_mut(&mut self) -> &mut View {
        self.views.entry(self.current).or_default()
    }

    /// The current place.
    pub fn loc(&self) -> Loc {
        Loc {
            doc: self.current,
            block: self.view().cursor,
        }
    }

    /// The cast of a document (made once).
    pub fn cast(&mut self, doc: usize) -> &Cast {
        let corpus = &self.corpus;
        self.cache
            .casts
            .entry(doc)
            .or_insert_with(|| match corpus.docs.get(doc) {
                Some(d) => Cast::of(corpus, d),
                None => Cast::default(),
            })
    }

    /// The cast of the open document, as made in the update step.
    pub fn current_cast(&self) -> &Cast {
        static EMPTY: std::sync::OnceLock<Cast> = std::sync::OnceLock::new();
        self.cache
            .casts
            .get(&self.current)
            .unwrap_or_else(|| EMPTY.get_or_init(Cast::default))
    }

    /// The layout made for the open document, if any.
    pub fn last_layout(&self) -> Option<&Layout> {
        self.cache
            .layout
            .as_ref()
            .filter(|(d, _)| *d == self.current)
            .map(|(_, l)| l)
    }

    /// The prompt of a kind, if it is open.
    pub fn prompt(&self, kind: PromptKind) -> Option<&super::popups::prompt::Prompt> {
        self.layers.iter().rev().find_map(|l| match l {
            Layer::Prompt(p) if p.kind == kind => Some(p),
            _ => None,
        })
    }
}
