//! The desk in the reading room: selecting a passage, notes, highlights and bookmarks, the
//! citation of the current paragraph, and corpus-wide search.

use super::app::{App, Effect, Selection};
use super::cx::{Loc, Target};
use super::popups::confirm::{Confirm, Question};
use super::popups::editor::{Editor, COLOURS};
use super::popups::menu::Menu;
use super::popups::search::CorpusSearch;
use super::popups::Layer;
use crate::cite::cite;
use crate::notes::anchor::{anchor_text, context, fingerprint, locate_note, Anchor};
use crate::notes::store::Store;
use crate::notes::{new_id, now, Note, NoteKind};
use crate::search::index::{Index, Query};

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

    /// The notes of the open document with where they stand, from the store.
    pub fn load_doc_notes(&mut self) -> Vec<(Note, Anchor)> {
        if self.data_dir.is_none() && self.store.is_none() {
            return Vec::new();
        }
        let doc = self.current;
        let Some(id) = self.doc().map(|d| d.id.clone()) else {
            return Vec::new();
        };
        let notes = match self.store() {
            Some(s) => s.list(Some(&id)).unwrap_or_default(),
            None => Vec::new(),
        };
        match self.corpus.docs.get(doc) {
            Some(d) => notes
                .into_iter()
                .map(|n| {
                    let a = locate_note(d, &n);
                    (n, a)
                })
                .collect(),
            None => Vec::new(),
        }
    }

    fn notes_changed(&mut self) {
        self.cache.notes = None;
    }

    /// Start selecting a passage at the cursor (the first words of its paragraph).
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
        Some((text.get(a..b)?.to_string(), a, b))
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
            self.layers
                .push(Layer::Editor(Box::new(Editor::new(note, "", true))));
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
        let text = text.trim().to_string();
        self.layers
            .push(Layer::Editor(Box::new(Editor::new(note, &text, false))));
    }

    /// Save the editor's note: `#words` become tags, lines are kept.
    pub fn save_editor(&mut self, mut ed: Editor) {
        let mut tags = Vec::new();
        let mut lines = Vec::new();
        for line in ed.field.text().lines() {
            let mut words = Vec::new();
            for w in line.split_whitespace() {
                match w.strip_prefix('#') {
                    Some(t) if !t.is_empty() => tags.push(t.to_string()),
                    _ => words.push(w),
                }
            }
            lines.push(words.join(" "));
        }
        ed.note.text = lines.join("\n").trim().to_string();
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
        self.notes_changed();
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
        self.notes_changed();
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
            items.push((label, Target::Place(Loc { doc: i, block })));
        }
        if items.is_empty() {
            self.message = Some("no bookmarks yet (m bookmarks a paragraph)".into());
            return;
        }
        self.layers.push(Layer::Menu(Menu::new("Bookmarks", items)));
    }

    /// Ask before deleting a note.
    pub fn ask_delete(&mut self, id: &str) {
        self.layers.push(Layer::Confirm(Confirm {
            question: Question::DeleteNote(id.to_string()),
        }));
    }

    /// Delete a note (after the question was answered yes).
    pub fn delete_note(&mut self, id: &str) {
        let r = self.store().map(|s| s.delete(id));
        self.message = Some(match r {
            Some(Ok(true)) => "note deleted".into(),
            Some(Ok(false)) => "no such note".into(),
            Some(Err(e)) => format!("not deleted: {e}"),
            None => "notes are off".into(),
        });
        self.notes_changed();
    }

    /// `y`: the citation of the cursor's paragraph, to the clipboard (OSC 52) and the status
    /// line.
    pub fn copy_citation(&mut self) {
        let cursor = self.view().cursor;
        let Some(d) = self.doc() else { return };
        let n = d.blocks.get(cursor).map(|b| b.n);
        let c = cite(d, n, self.cite_style);
        self.clipboard = Some(c.clone());
        self.effects.push(Effect::Clipboard(c.clone()));
        self.message = Some(format!("copied: {c}"));
    }

    /// Open corpus-wide search.
    pub fn open_corpus_search(&mut self) {
        self.layers.push(Layer::Search(CorpusSearch::default()));
    }

    fn corpus_search_mut(&mut self) -> Option<&mut CorpusSearch> {
        self.layers.iter_mut().rev().find_map(|l| match l {
            Layer::Search(s) => Some(s),
            _ => None,
        })
    }

    /// Run the corpus search again, if it is open (the index just became ready).
    pub fn refresh_corpus_search(&mut self) {
        if self.corpus_search_mut().is_some() {
            self.update_corpus_search();
        }
    }

    /// Run the corpus search for what has been typed (the last word as a prefix).
    pub fn update_corpus_search(&mut self) {
        let Some(cs) = self.corpus_search_mut() else {
            return;
        };
        let q = cs.field.text().trim().to_string();
        if q.is_empty() {
            cs.rows.clear();
            cs.list = Default::default();
            return;
        }
        if let (None, Some((done, total))) = (&self.index, self.indexing()) {
            if let Some(cs) = self.corpus_search_mut() {
                cs.error = Some(format!(
                    "building the search index: {done} of {total} documents; results when it is done"
                ));
            }
            return;
        }
        if self.index.is_none() {
            let dir = crate::search::index::cache_dir(self.cache_dir.as_deref());
            match Index::open_synced(&self.corpus, dir.as_deref(), None) {
                Ok((i, _)) => self.index = Some(i),
                Err(e) => {
                    if let Some(cs) = self.corpus_search_mut() {
                        cs.error = Some(e);
                    }
                    return;
                }
            }
        }
        // Filters written in the query (speaker:, kind:, from:, to:, entity:) come out first;
        // the last word typed counts as a prefix.
        let query = Query::from_text(&q).and_then(|mut query| {
            query.resolve(&self.corpus.gazetteer)?;
            let balanced = query.text.matches('"').count() % 2 == 0;
            if balanced && query.text.ends_with(|c: char| c.is_alphanumeric()) {
                query.text.push('*');
            }
            query.limit = super::popups::search::LIMIT;
            Ok(query)
        });
        let r = match (&self.index, query) {
            (_, Err(e)) => Err(e),
            (Some(i), Ok(query)) => i.search(&query),
            (None, Ok(_)) => Ok(Vec::new()),
        };
        let mut layers = std::mem::take(&mut self.layers);
        let cx = self.cx();
        if let Some(cs) = layers.iter_mut().rev().find_map(|l| match l {
            Layer::Search(s) => Some(s),
            _ => None,
        }) {
            match r {
                Ok(h) => {
                    cs.set_hits(&cx, h);
                    cs.error = None;
                }
                Err(e) => cs.error = Some(e),
            }
        }
        self.layers = layers;
    }

    /// Open a corpus search hit: the paragraph, with the words searched for marked in the
    /// document; `n` and `N` then go from hit to hit across the corpus.
    pub fn open_hit(&mut self, cs: CorpusSearch) {
        let places: Vec<(usize, usize)> = cs
            .rows
            .iter()
            .filter_map(|r| {
                let doc = r.doc?;
                let block = self
                    .corpus
                    .docs
                    .get(doc)?
                    .blocks
                    .iter()
                    .position(|b| b.n == r.hit.block)
                    .unwrap_or(0);
                Some((doc, block))
            })
            .collect();
        // Hits whose document is gone are not among the places: count those before.
        let Some(at) = cs.rows.get(cs.list.selected).and_then(|r| r.doc).map(|_| {
            cs.rows[..cs.list.selected]
                .iter()
                .filter(|r| r.doc.is_some())
                .count()
        }) else {
            return;
        };
        let query = cs.field.text().trim().to_string();
        self.corpus_hits = Some(super::popups::search::CorpusHits {
            needles: super::popups::search::needles(&query),
            query,
            places,
            at,
        });
        self.follow_corpus = true;
        self.goto_corpus_hit(at);
    }

    /// Go to hit `at` of the last corpus search.
    pub fn goto_corpus_hit(&mut self, at: usize) {
        let Some(h) = &mut self.corpus_hits else {
            return;
        };
        let Some(&(doc, block)) = h.places.get(at) else {
            return;
        };
        h.at = at;
        let (n, needles, query) = (h.places.len(), h.needles.clone(), h.query.clone());
        self.navigate(Loc { doc, block });
        self.focus = super::app::Focus::Reader;
        self.mark_needles(&query, needles);
        self.message = Some(format!(
            "hit {} of {n} for {} across the corpus (n, N: the next and previous)",
            at + 1,
            crate::text::one_line(&query)
        ));
    }
}
