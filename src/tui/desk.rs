//! The desk in the reading room: selecting a passage, notes, highlights and bookmarks, the
//! citation of the current paragraph, and corpus-wide search.

use super::app::{App, Input, Loc};
use crate::cite::{cite, Style};
use crate::notes::anchor::{anchor_text, context, fingerprint, locate_note, Anchor};
use crate::notes::store::Store;
use crate::notes::{new_id, now, Note, NoteKind};
use crate::search::index::{Hit, Index, Query};

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

/// The note editor.
#[derive(Debug, Clone, PartialEq)]
pub struct Editor {
    /// The note being written (new or existing).
    pub note: Note,
    /// What has been typed (tags as #words).
    pub text: String,
    /// Whether the note is new.
    pub new: bool,
}

/// Colours a note can have, cycled with Tab in the editor.
pub const COLOURS: &[&str] = &["yellow", "green", "cyan", "magenta", "red"];

/// Corpus-wide search.
#[derive(Debug, Clone, Default)]
pub struct CorpusSearch {
    /// The query.
    pub query: String,
    /// Hits, best first.
    pub hits: Vec<Hit>,
    /// Selected hit.
    pub selected: usize,
    /// An error from the index.
    pub error: Option<String>,
}

/// The words of a text with their byte ranges.
pub fn word_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Encode bytes as base64 (for OSC 52).
pub fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(T[(n >> 18) as usize & 63] as char);
        out.push(T[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            T[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            T[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

impl App {
    /// The annotations store, opened on first use. An error (a damaged database) is shown in
    /// the status line and nothing is written.
    pub fn store(&mut self) -> Option<&mut Store> {
        if self.store.is_none() && self.store_error.is_none() {
            match &self.data_dir {
                Some(dir) => match Store::open(dir) {
                    Ok(mut s) => {
                        // Notes from before fingerprints gain them (a cache of where they are).
                        let _ = crate::notes::fill_fingerprints(&mut s, &self.corpus);
                        self.store = Some(s)
                    }
                    Err(e) => self.store_error = Some(e.to_string()),
                },
                None => self.store_error = Some("no data directory: notes are off".into()),
            }
        }
        if let Some(e) = &self.store_error {
            self.message = Some(e.lines().next().unwrap_or("").to_string());
        }
        self.store.as_mut()
    }

    /// The notes of the open document with where they stand (cached until a note changes or
    /// another document opens).
    pub fn doc_notes(&mut self) -> Vec<(Note, Anchor)> {
        let doc = self.current;
        if let Some((d, v)) = &self.notes_cache {
            if *d == doc {
                return v.clone();
            }
        }
        if self.data_dir.is_none() && self.store.is_none() {
            return Vec::new();
        }
        let Some(id) = self.doc().map(|d| d.id.clone()) else {
            return Vec::new();
        };
        let notes = match self.store() {
            Some(s) => s.list(Some(&id)).unwrap_or_default(),
            None => Vec::new(),
        };
        let out: Vec<(Note, Anchor)> = match self.corpus.docs.get(doc) {
            Some(d) => notes
                .into_iter()
                .map(|n| {
                    let a = locate_note(d, &n);
                    (n, a)
                })
                .collect(),
            None => Vec::new(),
        };
        self.notes_cache = Some((doc, out.clone()));
        out
    }

    /// Start selecting a passage at the cursor (the first word of its paragraph).
    pub fn start_selection(&mut self) {
        let block = self.view().cursor;
        let Some(d) = self.doc() else { return };
        let n = word_ranges(&anchor_text(d, block)).len();
        if n == 0 {
            self.message = Some("nothing to select here".into());
            return;
        }
        self.selection = Some(Selection {
            block,
            start: 0,
            end: (n - 1).min(4),
        });
    }

    /// Move the end (or the start) of the selection by `by` words.
    pub fn extend_selection(&mut self, by: isize, start: bool) {
        let Some(mut s) = self.selection else { return };
        let Some(d) = self.doc() else { return };
        let n = word_ranges(&anchor_text(d, s.block)).len() as isize;
        if start {
            s.start = (s.start as isize + by).clamp(0, s.end as isize) as usize;
        } else {
            s.end = (s.end as isize + by).clamp(s.start as isize, n - 1) as usize;
        }
        self.selection = Some(s);
    }

    /// The selected passage's text and byte range.
    pub fn selected_text(&self) -> Option<(String, usize, usize)> {
        let s = self.selection?;
        let d = self.doc()?;
        let text = anchor_text(d, s.block);
        let words = word_ranges(&text);
        let (a, _) = *words.get(s.start)?;
        let (_, b) = *words.get(s.end)?;
        Some((text[a..b].to_string(), a, b))
    }

    /// A new annotation on the selection, or on the cursor's paragraph.
    fn new_note(&mut self, kind: NoteKind) -> Option<Note> {
        let block = self
            .selection
            .map(|s| s.block)
            .unwrap_or(self.view().cursor);
        let d = self.doc()?;
        let b = d.blocks.get(block)?;
        let text = anchor_text(d, block);
        let (quote, prefix, suffix, offset) = match self.selected_text() {
            Some((q, a, e)) => {
                let (p, s) = context(&text, a, e);
                (Some(q), p, s, Some(a))
            }
            None => (None, String::new(), String::new(), None),
        };
        let t = now();
        Some(Note {
            id: new_id(),
            doc: d.id.clone(),
            block: b.n,
            kind,
            quote,
            prefix,
            suffix,
            offset,
            text: String::new(),
            tags: Vec::new(),
            colour: Some(COLOURS[0].to_string()),
            created: t,
            updated: t,
            para: Some(fingerprint(d, block)),
        })
    }

    /// `a`: open the editor for a note on the selection or the paragraph.
    pub fn annotate(&mut self) {
        if let Some(note) = self.new_note(NoteKind::Note) {
            self.editor = Some(Editor {
                note,
                text: String::new(),
                new: true,
            });
            self.input = Input::Editor;
        }
        self.selection = None;
    }

    /// Edit an existing note.
    pub fn edit_note(&mut self, id: &str) {
        let Some(note) = self.store().and_then(|s| s.get(id).ok().flatten()) else {
            return;
        };
        let mut text = note.text.clone();
        for t in &note.tags {
            text.push_str(&format!(" #{t}"));
        }
        self.editor = Some(Editor {
            note,
            text: text.trim().to_string(),
            new: false,
        });
        self.input = Input::Editor;
    }

    /// Save the editor's note: `#words` become tags.
    pub fn save_editor(&mut self) {
        let Some(mut ed) = self.editor.take() else {
            return;
        };
        self.input = Input::None;
        let mut tags = Vec::new();
        let mut words = Vec::new();
        for w in ed.text.split_whitespace() {
            match w.strip_prefix('#') {
                Some(t) if !t.is_empty() => tags.push(t.to_string()),
                _ => words.push(w),
            }
        }
        ed.note.text = words.join(" ");
        ed.note.tags = tags;
        ed.note.updated = now();
        if ed.note.text.is_empty() && ed.note.kind == NoteKind::Note && ed.note.tags.is_empty() {
            ed.note.kind = NoteKind::Highlight;
        }
        let saved = match self.store() {
            Some(s) => s.save(&ed.note).map_err(|e| e.to_string()),
            None => Err("notes are off".into()),
        };
        self.message = Some(match saved {
            Ok(()) if ed.new => format!("note saved on ¶{}", ed.note.block),
            Ok(()) => "note updated".into(),
            Err(e) => format!("not saved: {e}"),
        });
        self.notes_cache = None;
    }

    /// `m`: bookmark the cursor's paragraph.
    pub fn bookmark(&mut self) {
        self.selection = None;
        let Some(note) = self.new_note(NoteKind::Bookmark) else {
            return;
        };
        let n = note.block;
        let saved = match self.store() {
            Some(s) => s.save(&note).map_err(|e| e.to_string()),
            None => Err("notes are off".into()),
        };
        self.message = Some(match saved {
            Ok(()) => format!("bookmarked ¶{n} (' lists bookmarks)"),
            Err(e) => format!("not saved: {e}"),
        });
        self.notes_cache = None;
    }

    /// `'`: every bookmark in the corpus.
    pub fn open_bookmarks(&mut self) {
        let notes = match self.store() {
            Some(s) => s.list(None).unwrap_or_default(),
            None => return,
        };
        let mut items = Vec::new();
        for n in notes.into_iter().filter(|n| n.kind == NoteKind::Bookmark) {
            let Some(i) = self.corpus.index_of(&n.doc) else {
                continue;
            };
            let d = &self.corpus.docs[i];
            let a = locate_note(d, &n);
            let block = a.block().unwrap_or(0);
            let label = format!(
                "{} ¶{} {}",
                d.date.as_deref().unwrap_or("undated"),
                d.blocks.get(block).map(|b| b.n).unwrap_or(n.block),
                crate::text::strip_controls(&d.title)
            );
            items.push((label, super::app::Target::Place(Loc { doc: i, block })));
        }
        if items.is_empty() {
            self.message = Some("no bookmarks yet (m bookmarks a paragraph)".into());
            return;
        }
        self.menu = Some(super::app::Menu {
            items,
            selected: 0,
            title: "Bookmarks".into(),
        });
    }

    /// Ask before deleting a note.
    pub fn ask_delete(&mut self, id: &str) {
        self.confirm = Some(id.to_string());
    }

    /// Delete the note waiting for confirmation.
    pub fn confirm_delete(&mut self, yes: bool) {
        let Some(id) = self.confirm.take() else {
            return;
        };
        if !yes {
            self.message = Some("kept".into());
            return;
        }
        let r = self.store().map(|s| s.delete(&id));
        self.message = Some(match r {
            Some(Ok(true)) => "note deleted".into(),
            Some(Ok(false)) => "no such note".into(),
            Some(Err(e)) => format!("not deleted: {e}"),
            None => "notes are off".into(),
        });
        self.notes_cache = None;
    }

    /// `y`: the citation of the cursor's paragraph, to the clipboard (OSC 52) and the status
    /// line.
    pub fn copy_citation(&mut self) {
        let cursor = self.view().cursor;
        let Some(d) = self.doc() else { return };
        let n = d.blocks.get(cursor).map(|b| b.n);
        let c = cite(d, n, Style::Chicago);
        self.clipboard = Some(c.clone());
        self.message = Some(format!("copied: {c}"));
    }

    /// Open corpus-wide search.
    pub fn open_corpus_search(&mut self) {
        self.corpus_search = Some(CorpusSearch::default());
        self.input = Input::CorpusSearch;
    }

    /// Run the corpus search for what has been typed (the last word as a prefix).
    pub fn update_corpus_search(&mut self) {
        let Some(cs) = &self.corpus_search else {
            return;
        };
        let q = cs.query.trim().to_string();
        if q.is_empty() {
            if let Some(cs) = &mut self.corpus_search {
                cs.hits.clear();
                cs.selected = 0;
            }
            return;
        }
        if let (None, Some((done, total))) = (&self.index, self.indexing()) {
            if let Some(cs) = &mut self.corpus_search {
                cs.error = Some(format!(
                    "building the search index: {done} of {total} documents; results when it is done"
                ));
            }
            return;
        }
        if self.index.is_none() {
            let opened = match crate::search::index::cache_dir(self.cache_dir.as_deref()) {
                Some(dir) => Index::open(&dir),
                None => Index::in_memory(),
            };
            match opened.and_then(|mut i| i.sync(&self.corpus).map(|_| i)) {
                Ok(i) => self.index = Some(i),
                Err(e) => {
                    if let Some(cs) = &mut self.corpus_search {
                        cs.error = Some(e);
                    }
                    return;
                }
            }
        }
        let balanced = q.matches('"').count() % 2 == 0;
        let text = if balanced && q.ends_with(|c: char| c.is_alphanumeric()) {
            format!("{q}*")
        } else {
            q
        };
        let query = Query {
            text,
            limit: 100,
            ..Query::default()
        };
        let r = match &self.index {
            Some(i) => i.search(&self.corpus, &query),
            None => Ok(Vec::new()),
        };
        if let Some(cs) = &mut self.corpus_search {
            match r {
                Ok(h) => {
                    cs.hits = h;
                    cs.error = None;
                }
                Err(e) => cs.error = Some(e),
            }
            cs.selected = 0;
        }
    }

    /// Open the selected corpus search hit.
    pub fn corpus_search_enter(&mut self) {
        let Some(cs) = self.corpus_search.take() else {
            return;
        };
        self.input = Input::None;
        let Some(h) = cs.hits.get(cs.selected) else {
            return;
        };
        let Some(doc) = self.corpus.index_of(&h.document) else {
            return;
        };
        let block = self.corpus.docs[doc]
            .blocks
            .iter()
            .position(|b| b.n == h.block)
            .unwrap_or(0);
        self.navigate(Loc { doc, block });
        self.focus = super::app::Focus::Reader;
        self.search_input = cs.query.trim_matches('"').to_string();
        self.run_search_keep_cursor();
    }
}
