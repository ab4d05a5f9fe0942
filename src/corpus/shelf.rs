//! The shelf: every document's header in memory, its body (blocks, notes, text as given,
//! mentions) fetched from the ingest cache the first time something reads it.
//!
//! `corpus.docs[i]` and `corpus.mentions[i]` give the whole document and its mentions, loading
//! them if need be; code that needs only header fields (title, date, kind, participants) reads
//! `corpus.docs.head(i)` and loads nothing.

use super::FileData;
use crate::cache::{FileResult, IngestCache};
use crate::gazetteer::Gazetteer;
use crate::mentions::{Mention, NameMatcher};
use crate::model::Document;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// A document's body with its mentions.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The whole document.
    pub doc: Document,
    /// Its mentions, in text order.
    pub mentions: Vec<Mention>,
}

/// What the corpus keeps of a document whose body may not be loaded.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Head {
    /// The document without blocks, footnotes or raw text.
    pub doc: Document,
    /// Entities it mentions (positions in the gazetteer), with how often.
    pub counts: Vec<(u32, u32)>,
    /// Entities that speak in it (positions in the gazetteer).
    pub speakers: Vec<u32>,
    /// Every entity it mentions, has speak or names as a participant (gazetteer positions,
    /// sorted): what links documents by shared names.
    pub entities: Vec<u32>,
    /// How many blocks its body has.
    pub blocks: usize,
    /// A hash of what the search index holds of it: block texts, speakers, date and kind.
    pub indexed: u64,
}

impl Head {
    /// The head of a whole document whose names were resolved against `g`.
    pub fn of(doc: &Document, mentions: &[Mention], g: &Gazetteer) -> Head {
        let mut counts: Vec<(u32, u32)> = Vec::new();
        let mut at: HashMap<usize, usize> = HashMap::new();
        for m in mentions {
            let Some(e) = m.entity.as_deref().and_then(|id| g.position(id)) else {
                continue;
            };
            match at.get(&e) {
                Some(&k) => counts[k].1 += 1,
                None => {
                    at.insert(e, counts.len());
                    counts.push((e as u32, 1));
                }
            }
        }
        let mut speakers: Vec<u32> = Vec::new();
        for b in &doc.blocks {
            let Some(e) = b
                .speaker
                .as_ref()
                .and_then(|s| s.id.as_deref())
                .and_then(|id| g.position(id))
            else {
                continue;
            };
            if !speakers.contains(&(e as u32)) {
                speakers.push(e as u32);
            }
        }
        let mut entities: Vec<u32> = counts.iter().map(|(e, _)| *e).collect();
        entities.extend_from_slice(&speakers);
        entities.extend(
            doc.participants
                .iter()
                .filter_map(|p| p.id.as_deref().and_then(|id| g.position(id)))
                .map(|e| e as u32),
        );
        entities.sort_unstable();
        entities.dedup();
        Head {
            entities,
            doc: Document {
                blocks: Vec::new(),
                footnotes: Vec::new(),
                furniture: Vec::new(),
                raw: String::new(),
                name_tags: Vec::new(),
                ..doc.clone()
            },
            counts,
            speakers,
            blocks: doc.blocks.len(),
            indexed: indexed_hash(doc),
        }
    }
}

/// A hash of what the search index holds of a document (its id aside).
fn indexed_hash(d: &Document) -> u64 {
    let mut parts: Vec<Vec<u8>> = Vec::with_capacity(d.blocks.len() * 2 + 2);
    for b in &d.blocks {
        parts.push(b.text(crate::model::Reading::Redline).into_bytes());
        let speaker = (b.kind == crate::model::BlockKind::Turn)
            .then(|| b.speaker.as_ref().and_then(|s| s.id.clone()))
            .flatten()
            .unwrap_or_default();
        parts.push(speaker.into_bytes());
    }
    parts.push(d.date.clone().unwrap_or_default().into_bytes());
    parts.push(d.kind.as_str().as_bytes().to_vec());
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    crate::cache::hash(&refs)
}

/// Where a body lives in the cache.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin {
    /// Index of the file in the loader's list.
    pub file: usize,
    /// Position of the document in its file.
    pub pos: usize,
    /// The file's cache key.
    pub key: u64,
}

/// What is needed to fetch bodies: the cache, and the files to read again if an entry has gone.
pub(crate) struct Loader {
    pub store: IngestCache,
    pub files: Vec<(String, FileData)>,
    pub gazetteer: Gazetteer,
    pub source_keys: HashMap<String, String>,
    pub matcher: OnceLock<NameMatcher>,
    /// The fingerprint of the names the files were resolved against (part of each cache key).
    pub names_fp: u64,
}

impl Loader {
    /// One document of a file: from the cache (decoding it alone), else the file read again;
    /// with whether the file had changed since its header was made (then the document, header
    /// and body, is the new version).
    fn one(&self, o: Origin) -> Option<(Document, Vec<Mention>, bool)> {
        if let Some((d, m)) = self.store.get_one(o.key, o.pos) {
            return Some((d, m, false));
        }
        let (r, changed) = self.file(o)?;
        r.docs.into_iter().nth(o.pos).map(|(d, m)| (d, m, changed))
    }

    /// A file's result: from the cache, else read and resolved again and cached under the key
    /// of what was read (which is not the expected one when the file changed meanwhile).
    fn file(&self, o: Origin) -> Option<(FileResult, bool)> {
        if let Some(r) = self.store.get(o.key) {
            return Some((r, false));
        }
        let (name, data) = self.files.get(o.file)?;
        let read = match data {
            super::FileData::Path(p) => crate::files::read(p).ok().map(|bytes| {
                let key = crate::cache::hash(&[
                    name.as_bytes(),
                    &crate::cache::content_hash(&bytes).to_le_bytes(),
                    &self.names_fp.to_le_bytes(),
                ]);
                (
                    crate::ingest::ingest_bytes_with(name, &bytes, &self.gazetteer),
                    true,
                    key,
                )
            }),
            _ => None,
        };
        let (fi, readable, key) = match read {
            Some(r) => r,
            None => {
                let (fi, readable) = data.ingest(name, &self.gazetteer);
                (fi, readable, o.key)
            }
        };
        let m = self
            .matcher
            .get_or_init(|| NameMatcher::new(&self.gazetteer));
        let docs = fi
            .documents
            .into_iter()
            .map(|mut d| {
                let ms = super::resolve_doc(&mut d, &self.gazetteer, m, &self.source_keys);
                (d, ms)
            })
            .collect();
        let r = FileResult {
            docs,
            warnings: Vec::new(),
            readable,
        };
        self.store.put(key, &r);
        Some((r, key != o.key))
    }
}

/// Headers and bodies, shared by [`Docs`] and [`Mentions`].
#[derive(Default)]
pub(crate) struct Shelf {
    pub heads: Vec<Head>,
    pub bodies: Vec<OnceLock<Body>>,
    pub origins: Vec<Option<Origin>>,
    pub loader: Option<Loader>,
    /// Documents whose file changed after their header was made: their header is read from
    /// their (new) body.
    pub refreshed: Vec<std::sync::atomic::AtomicBool>,
    /// Each id's position (ids are unique once shelved; a refreshed header keeps its id).
    pub by_id: HashMap<String, usize>,
}

impl Shelf {
    fn body(&self, i: usize) -> &Body {
        self.bodies[i].get_or_init(|| self.fetch(i))
    }

    /// A body fetched from the cache (or its file), not shelved.
    fn fetch(&self, i: usize) -> Body {
        let head = &self.heads[i];
        let fallback = || Body {
            doc: head.doc.clone(),
            mentions: Vec::new(),
        };
        let (Some(loader), Some(o)) = (&self.loader, self.origins[i]) else {
            return fallback();
        };
        match loader.one(o) {
            Some((mut doc, mentions, changed)) => {
                doc.id = head.doc.id.clone();
                if changed {
                    // The header shown from now on is this version's, not the manifest's.
                    self.refreshed[i].store(true, std::sync::atomic::Ordering::Release);
                }
                Body { doc, mentions }
            }
            None => fallback(),
        }
    }
}

/// The documents in date order. Indexing gives the whole document (loading its body if need
/// be); [`Docs::head`] gives its header alone.
#[derive(Clone, Default)]
pub struct Docs(pub(crate) Arc<Shelf>);

impl std::fmt::Debug for Docs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Docs({} documents)", self.len())
    }
}

impl Docs {
    /// How many documents.
    pub fn len(&self) -> usize {
        self.0.heads.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.heads.is_empty()
    }

    /// The whole document `i`.
    pub fn get(&self, i: usize) -> Option<&Document> {
        (i < self.len()).then(|| &self.0.body(i).doc)
    }

    /// The header of document `i` (no blocks, footnotes or raw text): loads nothing.
    pub fn head(&self, i: usize) -> Option<&Document> {
        if self
            .0
            .refreshed
            .get(i)
            .is_some_and(|r| r.load(std::sync::atomic::Ordering::Acquire))
        {
            return self.0.bodies[i].get().map(|b| &b.doc);
        }
        self.0.heads.get(i).map(|h| &h.doc)
    }

    /// The position of the document with exactly this id (a hash map: the reading room asks
    /// for every row of every frame).
    pub fn position(&self, id: &str) -> Option<usize> {
        self.0.by_id.get(id).copied()
    }

    /// Every header, in order.
    pub fn heads(&self) -> impl ExactSizeIterator<Item = &Document> + '_ {
        let shelf = &self.0;
        shelf.heads.iter().enumerate().map(move |(i, h)| {
            if shelf.refreshed[i].load(std::sync::atomic::Ordering::Acquire) {
                if let Some(b) = shelf.bodies[i].get() {
                    return &b.doc;
                }
            }
            &h.doc
        })
    }

    /// Entities document `i` mentions (positions in the corpus's gazetteer), with how often
    /// (loads nothing).
    pub fn counts(&self, i: usize) -> &[(u32, u32)] {
        self.0
            .heads
            .get(i)
            .map(|h| h.counts.as_slice())
            .unwrap_or(&[])
    }

    /// Every entity document `i` mentions, has speak or names as a participant (gazetteer
    /// positions, sorted; loads nothing).
    pub fn entities(&self, i: usize) -> &[u32] {
        self.0
            .heads
            .get(i)
            .map(|h| h.entities.as_slice())
            .unwrap_or(&[])
    }

    /// How many blocks document `i` has (loads nothing).
    pub fn block_count(&self, i: usize) -> usize {
        self.0.heads.get(i).map_or(0, |h| h.blocks)
    }

    /// A hash of what the search index holds of document `i`, its id included (loads
    /// nothing).
    pub fn indexed_hash(&self, i: usize) -> u64 {
        self.0.heads.get(i).map_or(0, |h| {
            crate::cache::hash(&[h.doc.id.as_bytes(), &h.indexed.to_le_bytes()])
        })
    }

    /// How often document `i` mentions the entity at gazetteer position `e` (loads nothing).
    pub fn count_of(&self, i: usize, e: usize) -> u32 {
        self.counts(i)
            .iter()
            .find(|(x, _)| *x as usize == e)
            .map_or(0, |(_, n)| *n)
    }

    /// Entities that speak in document `i` (positions in the gazetteer; loads nothing).
    pub fn speakers(&self, i: usize) -> &[u32] {
        self.0
            .heads
            .get(i)
            .map(|h| h.speakers.as_slice())
            .unwrap_or(&[])
    }

    /// Whether document `i`'s body is in memory.
    pub fn is_loaded(&self, i: usize) -> bool {
        self.0.bodies.get(i).is_some_and(|b| b.get().is_some())
    }

    /// How many bodies are in memory.
    pub fn loaded(&self) -> usize {
        self.0.bodies.iter().filter(|b| b.get().is_some()).count()
    }

    /// Call `f` with the whole document `i`, without keeping its body in memory afterwards
    /// if it was not there already (for passes over every document, like indexing).
    pub fn with_doc<R>(&self, i: usize, f: impl FnOnce(&Document) -> R) -> Option<R> {
        let cell = self.0.bodies.get(i)?;
        match cell.get() {
            Some(b) => Some(f(&b.doc)),
            None => {
                let b = self.0.fetch(i);
                Some(f(&b.doc))
            }
        }
    }

    /// Every whole document, in order (loading bodies as it goes).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Document> + '_ {
        (0..self.len()).map(|i| &self.0.body(i).doc)
    }

    /// Load every body now, on every core.
    pub fn load_all(&self) {
        use rayon::prelude::*;
        (0..self.len()).into_par_iter().for_each(|i| {
            self.0.body(i);
        });
    }
}

impl std::ops::Index<usize> for Docs {
    type Output = Document;
    fn index(&self, i: usize) -> &Document {
        &self.0.body(i).doc
    }
}

impl<'a> IntoIterator for &'a Docs {
    type Item = &'a Document;
    type IntoIter = Box<dyn ExactSizeIterator<Item = &'a Document> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

/// The mentions of each document, in the order of the documents (loaded with the body).
#[derive(Clone, Default)]
pub struct Mentions(pub(crate) Arc<Shelf>);

impl std::fmt::Debug for Mentions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Mentions({} documents)", self.len())
    }
}

impl Mentions {
    /// How many documents.
    pub fn len(&self) -> usize {
        self.0.heads.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.heads.is_empty()
    }

    /// The mentions of document `i`.
    pub fn get(&self, i: usize) -> Option<&Vec<Mention>> {
        (i < self.len()).then(|| &self.0.body(i).mentions)
    }

    /// The mentions of every document, in order (loading bodies as it goes).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Vec<Mention>> + '_ {
        (0..self.len()).map(|i| &self.0.body(i).mentions)
    }
}

impl std::ops::Index<usize> for Mentions {
    type Output = Vec<Mention>;
    fn index(&self, i: usize) -> &Vec<Mention> {
        &self.0.body(i).mentions
    }
}

impl<'a> IntoIterator for &'a Mentions {
    type Item = &'a Vec<Mention>;
    type IntoIter = Box<dyn ExactSizeIterator<Item = &'a Vec<Mention>> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

/// Build the shelf's two views from heads, bodies already in memory, and where the others are.
pub(crate) fn shelve(
    heads: Vec<Head>,
    bodies: Vec<Option<Body>>,
    origins: Vec<Option<Origin>>,
    loader: Option<Loader>,
) -> (Docs, Mentions) {
    let cells = bodies
        .into_iter()
        .map(|b| {
            let cell = OnceLock::new();
            if let Some(b) = b {
                let _ = cell.set(b);
            }
            cell
        })
        .collect();
    let refreshed = (0..heads.len())
        .map(|_| std::sync::atomic::AtomicBool::new(false))
        .collect();
    let by_id = heads
        .iter()
        .enumerate()
        .map(|(i, h)| (h.doc.id.clone(), i))
        .collect();
    let shelf = Arc::new(Shelf {
        heads,
        bodies: cells,
        origins,
        loader,
        refreshed,
        by_id,
    });
    (Docs(Arc::clone(&shelf)), Mentions(shelf))
}
