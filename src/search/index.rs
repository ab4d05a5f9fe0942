//! Full-text search across the corpus: a tantivy index ranked by BM25, its words folded
//! (case and diacritics) by [`crate::search::words`], with phrases, prefixes, and the filters
//! (speaker, entity, kind, dates) inside the index query. A query of one word is answered with
//! block-max WAND: only the blocks of postings that can reach the best hits are scored.
//!
//! The index is a cache in the cache directory (`search/`): brought up to date by content hash
//! (one changed document is indexed again alone), opened without writing anything when it is
//! current, and safe to delete at any time (annotations are never in it). Paragraphs longer than
//! [`CHUNK`] bytes are indexed in pieces of about that size, so a snippet never looks at more
//! than one piece, however long the paragraph and however many times it matches.

use crate::corpus::Corpus;
use crate::model::{BlockKind, DocKind, Reading};
use crate::search::query::{self, Term as QTerm};
use crate::search::words;
use std::collections::{HashMap, HashSet};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, InvertedIndexRangeQuery, Occur, PhrasePrefixQuery, PhraseQuery,
    Query as TQuery, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value,
    STORED, STRING,
};
use tantivy::{doc, DocAddress, IndexReader, Order, ReloadPolicy, TantivyDocument};

pub use crate::cache::cache_dir;

/// A byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// Just past the last byte.
    pub end: usize,
}

/// A search hit.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    /// Document id.
    pub document: String,
    /// The paragraph's `n`.
    pub block: usize,
    /// The speaker's entity id, for turns.
    pub speaker: Option<String>,
    /// The speaker's name, for turns.
    pub speaker_name: Option<String>,
    /// The document's title.
    pub title: String,
    /// The document's date, if it has one.
    pub date: Option<String>,
    /// The document's kind.
    pub kind: String,
    /// The passage around the first match, as plain text (no marks inserted).
    pub snippet: String,
    /// Where the matches are in `snippet`: byte ranges `[start, end]`.
    pub highlights: Vec<[usize; 2]>,
    /// Where the matches are in the block's `text` (byte offsets, as in mentions). For a
    /// paragraph longer than [`CHUNK`], those of the piece the hit came from.
    #[serde(rename = "match")]
    pub matches: Vec<Span>,
    /// Relevance (BM25, higher is better; 0 when there are no words).
    pub score: f64,
}

/// A search request.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Words, "phrases" and prefix* terms (no filters); may be empty when a filter is given.
    pub text: String,
    /// Only turns of this speaker (entity id).
    pub speaker: Option<String>,
    /// Only paragraphs that name this entity (id), under any spelling.
    pub entity: Option<String>,
    /// Dated on or after.
    pub from: Option<String>,
    /// Dated on or before.
    pub to: Option<String>,
    /// Only this kind.
    pub kind: Option<DocKind>,
    /// At most this many hits (0: 50).
    pub limit: usize,
}

impl Query {
    /// A query from what a person typed: words, phrases, prefixes and filters
    /// (`speaker:stalin kind:telegram from:1950 to:1951 entity:dalian`), the filters taken out of
    /// the text. Speakers and entities are left as written: see [`Query::resolve`].
    pub fn from_text(input: &str) -> Result<Query, String> {
        let p = query::parse(input)?;
        let kind = match p.filters.kind.as_deref() {
            Some(k) => Some(DocKind::parse(k).ok_or_else(|| {
                format!("unknown kind '{k}' (memcon, telegram, message, draft, report, document)")
            })?),
            None => None,
        };
        for d in [&p.filters.from, &p.filters.to].into_iter().flatten() {
            check_date(d)?;
        }
        Ok(Query {
            text: p.text,
            speaker: p.filters.speaker,
            entity: p.filters.entity,
            from: p.filters.from,
            to: p.filters.to,
            kind,
            limit: 0,
        })
    }

    /// Whether the query asks for anything.
    pub fn is_empty(&self) -> bool {
        query::terms(&self.text).is_empty()
            && self.speaker.is_none()
            && self.entity.is_none()
            && self.kind.is_none()
            && self.from.is_none()
            && self.to.is_none()
    }

    /// Turn the speaker and entity, as written, into entity ids: an id stays as it is; a name
    /// (any alias, folded) that names exactly one entity becomes its id. A name that names none
    /// or several is an error that says so.
    pub fn resolve(&mut self, g: &crate::gazetteer::Gazetteer) -> Result<(), String> {
        for slot in [&mut self.speaker, &mut self.entity] {
            let Some(v) = slot.as_deref() else { continue };
            if g.get(v).is_some() {
                continue;
            }
            let found = g.lookup(v);
            let mut ids: Vec<&str> = found.iter().map(|e| e.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            match ids.as_slice() {
                [one] => *slot = Some((*one).to_string()),
                [] => return Err(format!("no entity '{v}' (try `carrel who {v}`)")),
                many => {
                    return Err(format!(
                        "'{v}' could be any of: {} (give the id)",
                        many.join(", ")
                    ))
                }
            }
        }
        Ok(())
    }
}

/// A date as the filters take it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn check_date(d: &str) -> Result<(), String> {
    let parts: Vec<&str> = d.split('-').collect();
    let num = |s: &str, len: usize, lo: u32, hi: u32| {
        s.len() == len
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|v| (lo..=hi).contains(&v))
    };
    let ok = match parts.as_slice() {
        [y] => num(y, 4, 0, 9999),
        [y, m] => num(y, 4, 0, 9999) && num(m, 2, 1, 12),
        [y, m, day] => num(y, 4, 0, 9999) && num(m, 2, 1, 12) && num(day, 2, 1, 31),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("'{d}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"))
    }
}

/// What bringing the index up to date did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sync {
    /// Documents (re)indexed.
    pub indexed: usize,
    /// Documents dropped from the index.
    pub removed: usize,
    /// Documents already current.
    pub kept: usize,
}

/// Paragraphs longer than this many bytes are indexed in pieces of about this size.
pub const CHUNK: usize = 8 * 1024;

/// The layout of the index; an index of another layout is dropped and built again.
const LAYOUT: u32 = 3;

/// The index's fields.
#[derive(Clone, Copy)]
struct Fields {
    text: Field,
    doc: Field,
    n: Field,
    off: Field,
    speaker: Field,
    speaker_name: Field,
    title: Field,
    date: Field,
    kind: Field,
    entities: Field,
    spans: Field,
    order: Field,
}

const TOKENIZER: &str = "carrel";

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text_opts = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let f = Fields {
        text: b.add_text_field("text", text_opts),
        doc: b.add_text_field("doc", STRING | STORED),
        n: b.add_u64_field("n", STORED),
        off: b.add_u64_field("off", STORED),
        speaker: b.add_text_field("speaker", STRING | STORED),
        speaker_name: b.add_text_field("speaker_name", STORED),
        title: b.add_text_field("title", STORED),
        date: b.add_text_field("date", STRING | STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        entities: b.add_text_field("entities", STRING),
        spans: b.add_text_field("spans", STORED),
        order: b.add_u64_field("order", NumericOptions::default().set_fast()),
    };
    (b.build(), f)
}

/// The tokenizer of the index: [`words::words`].
#[derive(Clone, Default)]
struct Tokenizer;

struct TokenStream {
    tokens: std::vec::IntoIter<tantivy::tokenizer::Token>,
    current: tantivy::tokenizer::Token,
}

impl tantivy::tokenizer::Tokenizer for Tokenizer {
    type TokenStream<'a> = TokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> TokenStream {
        let tokens: Vec<tantivy::tokenizer::Token> = words::words(text)
            .enumerate()
            .map(|(position, w)| tantivy::tokenizer::Token {
                offset_from: w.start,
                offset_to: w.end,
                position,
                text: w.folded,
                position_length: 1,
            })
            .collect();
        TokenStream {
            tokens: tokens.into_iter(),
            current: tantivy::tokenizer::Token::default(),
        }
    }
}

impl tantivy::tokenizer::TokenStream for TokenStream {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(t) => {
                self.current = t;
                true
            }
            None => false,
        }
    }
    fn token(&self) -> &tantivy::tokenizer::Token {
        &self.current
    }
    fn token_mut(&mut self) -> &mut tantivy::tokenizer::Token {
        &mut self.current
    }
}

/// What the last commit recorded: the layout, the corpus it was made from, and the file
/// (beside the index) listing each document's content hash.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Payload {
    layout: u32,
    corpus: Option<String>,
    docs: Option<String>,
}

/// The search index.
pub struct Index {
    index: tantivy::Index,
    reader: IndexReader,
    f: Fields,
    /// Where it lives (`None`: in memory).
    dir: Option<PathBuf>,
    /// Opened read-only: searched, never written.
    read_only: bool,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("dir", &self.dir)
            .field("read_only", &self.read_only)
            .finish()
    }
}

/// The directory of the index inside a cache directory.
pub fn index_dir(cache: &Path) -> PathBuf {
    cache.join("search")
}

/// A plain-words description of why a file operation failed, naming the place.
pub fn cause(path: &Path, e: &std::io::Error) -> String {
    let p = path.display();
    match e.raw_os_error() {
        Some(libc::ENOSPC) | Some(libc::EDQUOT) => format!("the disk holding {p} is full"),
        Some(libc::EFBIG) => format!("{p}: a file would grow past the size allowed (ulimit -f)"),
        Some(libc::EROFS) => format!("{p} is on a read-only file system"),
        Some(libc::EACCES) | Some(libc::EPERM) => {
            format!("{p} cannot be written (permission denied)")
        }
        Some(libc::ENOTDIR) | Some(libc::EEXIST) => {
            format!("{p} cannot be made a directory (a file is in the way)")
        }
        _ => format!("{p}: {e}"),
    }
}

/// Whether an error (as [`describe`] and [`cause`] put it) is about the place, not the index.
fn is_place(e: &str) -> bool {
    [
        "is full",
        "size allowed",
        "read-only",
        "cannot be written",
        "in the way",
    ]
    .iter()
    .any(|k| e.contains(k))
}

/// Describe a tantivy error, finding the operating system's cause where there is one.
fn describe(dir: &Path, e: &tantivy::TantivyError) -> String {
    let text = e.to_string();
    let lower = text.to_lowercase();
    if lower.contains("no space left") || lower.contains("quota") {
        return format!("the disk holding {} is full", dir.display());
    }
    if lower.contains("file too large") {
        return format!(
            "{}: a file would grow past the size allowed (ulimit -f)",
            dir.display()
        );
    }
    if lower.contains("read-only file system") {
        return format!("{} is on a read-only file system", dir.display());
    }
    if lower.contains("permission denied") {
        return format!("{} cannot be written (permission denied)", dir.display());
    }
    // A writer's thread loses the cause: find it by trying to write there.
    if let Some(why) = probe_write(dir) {
        return why;
    }
    format!("{}: {text}", dir.display())
}

/// Why writing in `dir` fails, if it does: a file of a mebibyte is written and removed.
fn probe_write(dir: &Path) -> Option<String> {
    use std::io::Write;
    let path = dir.join(".carrel-write-probe");
    let r = std::fs::File::create(&path).and_then(|mut f| {
        f.write_all(&vec![0u8; 1 << 20])?;
        f.sync_all()
    });
    let _ = std::fs::remove_file(&path);
    r.err().map(|e| cause(dir, &e))
}

fn register(index: &tantivy::Index) {
    index
        .tokenizers()
        .register(TOKENIZER, tantivy::tokenizer::TextAnalyzer::from(Tokenizer));
}

fn reader_of(index: &tantivy::Index) -> tantivy::Result<IndexReader> {
    index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
}

impl Index {
    /// Open (or make) the index in the cache directory `dir`, to search and bring up to date.
    /// An index of another layout, or one that cannot be read, is removed and made again: it is
    /// a cache. Errors name the cause ("the disk holding … is full").
    pub fn open(dir: &Path) -> Result<Index, String> {
        let path = index_dir(dir);
        std::fs::create_dir_all(&path).map_err(|e| cause(&path, &e))?;
        // The index of earlier versions (SQLite FTS5) is not needed any more.
        for old in ["index.db", "index.db-wal", "index.db-shm"] {
            let _ = std::fs::remove_file(dir.join(old));
        }
        match Self::open_existing(&path, false) {
            Ok(Some(i)) => return Ok(i),
            Ok(None) => {}
            // The place cannot be used (full, read-only): say so, and leave the index as it is.
            Err(e) if is_place(&e) => return Err(e),
            Err(_) => {
                let _ = std::fs::remove_dir_all(&path);
                std::fs::create_dir_all(&path).map_err(|e| cause(&path, &e))?;
            }
        }
        Self::create(&path)
    }

    /// Open the index in the cache directory `dir` only to search it: nothing is written there
    /// (no lock file either), so a read-only or full cache still answers. `Ok(None)` when there
    /// is no index of this layout.
    pub fn open_read_only(dir: &Path) -> Result<Option<Index>, String> {
        let path = index_dir(dir);
        if !path.join("meta.json").is_file() {
            return Ok(None);
        }
        Self::open_existing(&path, true)
    }

    /// An existing index of this layout, or `None`.
    fn open_existing(path: &Path, read_only: bool) -> Result<Option<Index>, String> {
        if !path.join("meta.json").is_file() {
            return Ok(None);
        }
        let err = |e: tantivy::TantivyError| describe(path, &e);
        let mmap = tantivy::directory::MmapDirectory::open(path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let index = if read_only {
            tantivy::Index::open(ReadOnly(mmap)).map_err(err)?
        } else {
            tantivy::Index::open(mmap).map_err(err)?
        };
        let payload = payload_of(&index);
        let (schema, f) = schema();
        if payload.layout != LAYOUT || index.schema() != schema {
            return if read_only {
                Ok(None)
            } else {
                Err("another layout".into())
            };
        }
        register(&index);
        let reader = reader_of(&index).map_err(err)?;
        Ok(Some(Index {
            index,
            reader,
            f,
            dir: Some(path.to_path_buf()),
            read_only,
        }))
    }

    fn create(path: &Path) -> Result<Index, String> {
        let (schema, f) = schema();
        let err = |e: tantivy::TantivyError| describe(path, &e);
        let mmap = tantivy::directory::MmapDirectory::open(path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let index =
            tantivy::Index::create(mmap, schema, tantivy::IndexSettings::default()).map_err(err)?;
        register(&index);
        let reader = reader_of(&index).map_err(err)?;
        let mut i = Index {
            index,
            reader,
            f,
            dir: Some(path.to_path_buf()),
            read_only: false,
        };
        // The layout is recorded at once, so that an empty index is known for what it is.
        i.commit_payload(0, None, None, |_| Ok(()))?;
        Ok(i)
    }

    /// An index in memory (no cache directory, or one that cannot be used).
    pub fn in_memory() -> Result<Index, String> {
        let (schema, f) = schema();
        let index = tantivy::Index::create_in_ram(schema);
        register(&index);
        let reader = reader_of(&index).map_err(|e| e.to_string())?;
        Ok(Index {
            index,
            reader,
            f,
            dir: None,
            read_only: false,
        })
    }

    /// The index for a loaded corpus, brought up to date: the one in the cache directory `dir`
    /// when it can be; when the cache cannot be written, a current index there opened
    /// read-only; else an index made in memory, returned with the reason the cache's could not
    /// be used (for the caller to say once). `dir` `None`: in memory, with no reason to give.
    pub fn open_synced(
        corpus: &Corpus,
        dir: Option<&Path>,
        progress: Option<&std::sync::atomic::AtomicUsize>,
    ) -> Result<(Index, Option<String>), String> {
        let Some(dir) = dir else {
            let mut i = Index::in_memory()?;
            i.sync_counting(corpus, progress)?;
            return Ok((i, None));
        };
        let why =
            match Index::open(dir).and_then(|mut i| i.sync_counting(corpus, progress).map(|_| i)) {
                Ok(i) => return Ok((i, None)),
                Err(e) => e,
            };
        if let Ok(Some(i)) = Index::open_read_only(dir) {
            if corpus.fingerprint != 0 && i.fingerprint() == Some(corpus.fingerprint) {
                return Ok((i, None));
            }
        }
        if let Some(p) = progress {
            p.store(0, std::sync::atomic::Ordering::Relaxed);
        }
        let mut i = Index::in_memory()?;
        i.sync_counting(corpus, progress)?;
        Ok((i, Some(why)))
    }

    /// Whether the index was opened only to be searched.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Whether the index holds this speaker and this entity as ids (either may be absent).
    pub fn knows(&self, speaker: Option<&str>, entity: Option<&str>) -> bool {
        let searcher = self.reader.searcher();
        let held = |field: Field, v: &str| {
            searcher
                .doc_freq(&tantivy::Term::from_field_text(field, v))
                .is_ok_and(|n| n > 0)
        };
        speaker.is_none_or(|s| held(self.f.speaker, s))
            && entity.is_none_or(|e| held(self.f.entities, e))
    }

    /// The fingerprint of the corpus the index was last brought up to date with.
    pub fn fingerprint(&self) -> Option<u64> {
        let p = payload_of(&self.index);
        u64::from_str_radix(p.corpus.as_deref()?, 16).ok()
    }

    /// Each document's content hash, as the index holds it.
    fn hashes(&self) -> HashMap<String, u64> {
        let (Some(dir), Some(name)) = (&self.dir, payload_of(&self.index).docs) else {
            return self.memory_hashes();
        };
        std::fs::read(dir.join(name))
            .ok()
            .and_then(|b| postcard::from_bytes::<Vec<(String, u64)>>(&b).ok())
            .map(|v| v.into_iter().collect())
            .unwrap_or_default()
    }

    /// In memory there is no file beside the index: the hashes are kept in the payload.
    fn memory_hashes(&self) -> HashMap<String, u64> {
        let p = payload_of(&self.index);
        p.docs
            .and_then(|s| serde_json::from_str::<Vec<(String, u64)>>(&s).ok())
            .map(|v| v.into_iter().collect())
            .unwrap_or_default()
    }

    /// Bring the index up to date with a corpus: documents whose content hash changed are
    /// indexed again, documents no longer in the corpus dropped, the rest kept.
    pub fn sync(&mut self, corpus: &Corpus) -> Result<Sync, String> {
        self.sync_counting(corpus, None)
    }

    /// As [`Index::sync`], counting documents done in `progress` as it goes.
    pub fn sync_counting(
        &mut self,
        corpus: &Corpus,
        progress: Option<&std::sync::atomic::AtomicUsize>,
    ) -> Result<Sync, String> {
        let tick = |k: usize| {
            if let Some(p) = progress {
                p.fetch_add(k, std::sync::atomic::Ordering::Relaxed);
            }
        };
        let have = self.hashes();
        let mut report = Sync::default();
        let present: HashSet<&str> = corpus.docs.heads().map(|d| d.id.as_str()).collect();
        let removed: Vec<&String> = have
            .keys()
            .filter(|id| !present.contains(String::as_str(id)))
            .collect();
        let mut todo = Vec::new();
        let mut next: Vec<(String, u64)> = Vec::with_capacity(corpus.docs.len());
        for (i, head) in corpus.docs.heads().enumerate() {
            let h = corpus.docs.indexed_hash(i);
            next.push((head.id.clone(), h));
            if have.get(&head.id) == Some(&h) {
                report.kept += 1;
                tick(1);
            } else {
                todo.push(i);
            }
        }
        report.removed = removed.len();
        let fp = (corpus.fingerprint != 0).then(|| format!("{:016x}", corpus.fingerprint));
        let payload = payload_of(&self.index);
        if todo.is_empty() && removed.is_empty() && payload.corpus == fp {
            return Ok(report);
        }
        if self.read_only {
            return Err("the index was opened read-only".into());
        }
        let f = self.f;
        let removed: Vec<String> = removed.into_iter().cloned().collect();
        let had: HashSet<String> = have.into_keys().collect();
        self.commit_payload(todo.len(), fp, Some(next), |w| {
            for id in &removed {
                w.delete_term(tantivy::Term::from_field_text(f.doc, id));
            }
            for &i in &todo {
                let id = corpus
                    .docs
                    .head(i)
                    .map(|d| d.id.clone())
                    .unwrap_or_default();
                if had.contains(&id) {
                    w.delete_term(tantivy::Term::from_field_text(f.doc, &id));
                }
                // Read for indexing, and not kept in memory.
                let done = corpus
                    .docs
                    .with_doc(i, |d| add_document(w, f, corpus, i, d));
                if let Some(r) = done {
                    r?;
                }
                tick(1);
                report.indexed += 1;
            }
            Ok(())
        })?;
        Ok(report)
    }

    /// Open a writer, let `fill` add and delete, record the payload and commit; the writer is
    /// waited for (merges included) and the searcher reloaded.
    fn commit_payload(
        &mut self,
        work: usize,
        corpus: Option<String>,
        hashes: Option<Vec<(String, u64)>>,
        fill: impl FnOnce(&mut tantivy::IndexWriter) -> Result<(), String>,
    ) -> Result<(), String> {
        let place = self
            .dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("(memory)"));
        let err = |e: tantivy::TantivyError| describe(&place, &e);
        let mut w = self.writer(work)?;
        // A writer's thread loses the cause of a failed write: find it by trying one.
        let probed = |e: String| {
            if is_place(&e) {
                return e;
            }
            self.dir.as_deref().and_then(probe_write).unwrap_or(e)
        };
        fill(&mut w).map_err(probed)?;
        let old_docs = payload_of(&self.index).docs;
        let docs = match (&self.dir, hashes) {
            (_, None) => old_docs.clone(),
            (Some(dir), Some(h)) => {
                let name = format!("docs-{:016x}.bin", crate::cache::now_ns() as u64);
                let bytes = postcard::to_allocvec(&h).map_err(|e| e.to_string())?;
                let tmp = dir.join(format!("{name}.tmp"));
                std::fs::write(&tmp, &bytes).map_err(|e| cause(&tmp, &e))?;
                std::fs::rename(&tmp, dir.join(&name)).map_err(|e| cause(dir, &e))?;
                Some(name)
            }
            (None, Some(h)) => Some(serde_json::to_string(&h).map_err(|e| e.to_string())?),
        };
        let payload = Payload {
            layout: LAYOUT,
            corpus,
            docs: docs.clone(),
        };
        let text = serde_json::to_string(&payload).map_err(|e| e.to_string())?;
        let mut pc = w.prepare_commit().map_err(err)?;
        pc.set_payload(&text);
        pc.commit().map_err(err)?;
        w.wait_merging_threads().map_err(err)?;
        if let (Some(dir), Some(old)) = (&self.dir, old_docs) {
            if docs.as_deref() != Some(old.as_str()) {
                let _ = std::fs::remove_file(dir.join(old));
            }
        }
        self.reader.reload().map_err(err)
    }

    /// A writer, waiting up to 15 s for another process that holds the index.
    fn writer(&self, work: usize) -> Result<tantivy::IndexWriter, String> {
        let place = self
            .dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("(memory)"));
        let started = Instant::now();
        // One thread for small changes: the documents then lie in the order they were added,
        // and equal scores come out in the same order however often the index is made.
        let threads = if work < 1000 {
            1
        } else {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
                .clamp(1, 4)
        };
        loop {
            match self
                .index
                .writer_with_num_threads(threads, threads * 24_000_000)
            {
                Ok(w) => return Ok(w),
                Err(tantivy::TantivyError::LockFailure(
                    tantivy::directory::error::LockError::LockBusy,
                    _,
                )) if started.elapsed() < Duration::from_secs(15) => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(e) => return Err(describe(&place, &e)),
            }
        }
    }

    /// Search. The filters are part of the index query, so the best hits among the paragraphs
    /// that pass them are found however many others match the words. With no words, every
    /// paragraph that passes the filters is a hit, in date order.
    pub fn search(&self, q: &Query) -> Result<Vec<Hit>, String> {
        let limit = if q.limit == 0 { 50 } else { q.limit };
        let searcher = self.reader.searcher();
        let f = self.f;
        let terms = query::terms(&q.text);
        let mut filters: Vec<Box<dyn TQuery>> = Vec::new();
        let term_q = |field: Field, v: &str| -> Box<dyn TQuery> {
            Box::new(TermQuery::new(
                tantivy::Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ))
        };
        if let Some(s) = &q.speaker {
            filters.push(term_q(f.speaker, s));
        }
        if let Some(e) = &q.entity {
            filters.push(term_q(f.entities, e));
        }
        if let Some(k) = q.kind {
            filters.push(term_q(f.kind, k.as_str()));
        }
        if let Some(from) = &q.from {
            filters.push(date_from(f.date, from));
        }
        if let Some(to) = &q.to {
            let upper = format!("{to}\u{7f}");
            filters.push(Box::new(InvertedIndexRangeQuery::new(
                Bound::Unbounded,
                Bound::Excluded(tantivy::Term::from_field_text(f.date, &upper)),
            )));
        }
        let mut clauses: Vec<Box<dyn TQuery>> = Vec::new();
        for t in &terms {
            clauses.push(self.term_query(&searcher, t));
        }
        if clauses.is_empty() && filters.is_empty() {
            return Ok(Vec::new());
        }
        let err = |e: tantivy::TantivyError| e.to_string();
        // Each paragraph once: a long one is indexed in pieces, and its best piece stands.
        let mut want = limit + 8;
        loop {
            let found: Vec<(f64, DocAddress)> = if clauses.is_empty() {
                let all: Vec<(Occur, Box<dyn TQuery>)> = filters
                    .iter()
                    .map(|q| (Occur::Must, q.box_clone()))
                    .collect();
                let bq = BooleanQuery::new(all);
                searcher
                    .search(
                        &bq,
                        &TopDocs::with_limit(want).order_by_fast_field::<u64>("order", Order::Asc),
                    )
                    .map_err(err)?
                    .into_iter()
                    .map(|(_, a)| (0.0, a))
                    .collect()
            } else if clauses.len() == 1 && filters.is_empty() {
                searcher
                    .search(&*clauses[0], &TopDocs::with_limit(want))
                    .map_err(err)?
                    .into_iter()
                    .map(|(s, a)| (f64::from(s), a))
                    .collect()
            } else {
                let mut all: Vec<(Occur, Box<dyn TQuery>)> = clauses
                    .iter()
                    .map(|q| (Occur::Must, q.box_clone()))
                    .collect();
                for fq in &filters {
                    all.push((
                        Occur::Must,
                        Box::new(ConstScoreQuery::new(fq.box_clone(), 0.0)),
                    ));
                }
                let bq = BooleanQuery::new(all);
                searcher
                    .search(&bq, &TopDocs::with_limit(want))
                    .map_err(err)?
                    .into_iter()
                    .map(|(s, a)| (f64::from(s), a))
                    .collect()
            };
            let exhausted = found.len() < want;
            let mut seen: HashSet<(String, u64)> = HashSet::new();
            let mut hits = Vec::new();
            for (score, addr) in found {
                let d: TantivyDocument = searcher.doc(addr).map_err(err)?;
                let s = |field: Field| {
                    d.get_first(field)
                        .and_then(|v| v.as_str())
                        .map(str::to_string)
                };
                let u = |field: Field| d.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
                let (doc_id, n, off) = (s(f.doc).unwrap_or_default(), u(f.n), u(f.off) as usize);
                if !seen.insert((doc_id.clone(), n)) {
                    continue;
                }
                let text = s(f.text).unwrap_or_default();
                let mut spans = find_matches(&text, &terms);
                if let (Some(e), Some(st)) = (&q.entity, s(f.spans)) {
                    spans.extend(entity_spans(&st, e, off, text.len()));
                    spans.sort_unstable();
                    spans.dedup();
                }
                let (snippet, highlights) = snippet(&text, &spans);
                hits.push(Hit {
                    document: doc_id,
                    block: n as usize,
                    speaker: s(f.speaker),
                    speaker_name: s(f.speaker_name),
                    title: s(f.title).unwrap_or_default(),
                    date: s(f.date).filter(|d| !d.is_empty()),
                    kind: s(f.kind).unwrap_or_default(),
                    snippet,
                    highlights,
                    matches: spans
                        .iter()
                        .map(|&(a, b)| Span {
                            start: a + off,
                            end: b + off,
                        })
                        .collect(),
                    score,
                });
                if hits.len() == limit {
                    return Ok(hits);
                }
            }
            if exhausted {
                return Ok(hits);
            }
            want *= 4;
        }
    }

    /// The index query for one word, prefix or phrase.
    fn term_query(&self, searcher: &tantivy::Searcher, t: &QTerm) -> Box<dyn TQuery> {
        let field = self.f.text;
        let term = |w: &str| tantivy::Term::from_field_text(field, w);
        match t {
            QTerm::Word(w) => Box::new(TermQuery::new(term(w), IndexRecordOption::WithFreqs)),
            QTerm::Phrase(ws, false) => {
                Box::new(PhraseQuery::new(ws.iter().map(|w| term(w)).collect()))
            }
            QTerm::Phrase(ws, true) => {
                Box::new(PhrasePrefixQuery::new(ws.iter().map(|w| term(w)).collect()))
            }
            QTerm::Prefix(p) => {
                // The words the prefix stands for, each ranked as a word; past a few hundred of
                // them, every match counts alike.
                const MAX: usize = 256;
                let mut expanded: Vec<String> = Vec::new();
                let mut many = false;
                'segments: for seg in searcher.segment_readers() {
                    let Ok(inv) = seg.inverted_index(field) else {
                        continue;
                    };
                    let Ok(mut stream) = inv
                        .terms()
                        .range()
                        .ge(p.as_bytes())
                        .lt(prefix_end(p))
                        .into_stream()
                    else {
                        continue;
                    };
                    while stream.advance() {
                        if let Ok(k) = std::str::from_utf8(stream.key()) {
                            if !expanded.iter().any(|e| e == k) {
                                expanded.push(k.to_string());
                                if expanded.len() > MAX {
                                    many = true;
                                    break 'segments;
                                }
                            }
                        }
                    }
                }
                if many {
                    return Box::new(InvertedIndexRangeQuery::new(
                        Bound::Included(term(p)),
                        Bound::Included(term(&format!("{p}\u{10FFFF}"))),
                    ));
                }
                let parts: Vec<(Occur, Box<dyn TQuery>)> = expanded
                    .iter()
                    .map(|w| {
                        (
                            Occur::Should,
                            Box::new(TermQuery::new(term(w), IndexRecordOption::WithFreqs))
                                as Box<dyn TQuery>,
                        )
                    })
                    .collect();
                if parts.is_empty() {
                    return Box::new(TermQuery::new(term(p), IndexRecordOption::WithFreqs));
                }
                Box::new(BooleanQuery::new(parts))
            }
        }
    }
}

/// The first byte string after every string that starts with `p`.
fn prefix_end(p: &str) -> Vec<u8> {
    let mut b = p.as_bytes().to_vec();
    while let Some(last) = b.pop() {
        if last < 0xff {
            b.push(last + 1);
            return b;
        }
    }
    vec![0xff; 1]
}

/// Dated on or after `from`: a later date, or a date that `from` narrows (`1950` for
/// `from:1950-10`), as [`crate::dates::date_in_range`] has it.
fn date_from(field: Field, from: &str) -> Box<dyn TQuery> {
    let mut parts: Vec<(Occur, Box<dyn TQuery>)> = vec![(
        Occur::Should,
        Box::new(InvertedIndexRangeQuery::new(
            Bound::Included(tantivy::Term::from_field_text(field, from)),
            Bound::Unbounded,
        )),
    )];
    for (i, c) in from.char_indices() {
        if c == '-' {
            parts.push((
                Occur::Should,
                Box::new(TermQuery::new(
                    tantivy::Term::from_field_text(field, &from[..i]),
                    IndexRecordOption::Basic,
                )),
            ));
        }
    }
    Box::new(BooleanQuery::new(parts))
}

fn payload_of(index: &tantivy::Index) -> Payload {
    index
        .load_metas()
        .ok()
        .and_then(|m| m.payload)
        .and_then(|p| serde_json::from_str(&p).ok())
        .unwrap_or_default()
}

/// The sort key for date order: date, then document, then paragraph.
fn order_key(date: Option<&str>, id: &str, n: usize) -> u64 {
    let mut day: u64 = 0;
    let mut parts = date.unwrap_or("").split('-');
    let y: u64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(9999);
    let m: u64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let d: u64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    day += y.min(9999) * 10_000 + m.min(99) * 100 + d.min(99);
    let doc = crate::cache::hash(&[id.as_bytes()]) & 0xffff;
    (day << 36) | (doc << 20) | (n as u64).min((1 << 20) - 1)
}

/// Add one document's paragraphs (in pieces of at most about [`CHUNK`] bytes).
fn add_document(
    w: &mut tantivy::IndexWriter,
    f: Fields,
    corpus: &Corpus,
    i: usize,
    d: &crate::model::Document,
) -> Result<(), String> {
    let mentions = corpus.mentions.get(i).map(Vec::as_slice).unwrap_or(&[]);
    let mut by_block: HashMap<usize, Vec<&crate::mentions::Mention>> = HashMap::new();
    for m in mentions {
        if m.entity.is_some() {
            by_block.entry(m.block).or_default().push(m);
        }
    }
    for b in &d.blocks {
        let (speaker, name) = match (&b.speaker, b.kind == BlockKind::Turn) {
            (Some(s), true) => {
                let name =
                    s.id.as_deref()
                        .and_then(|id| corpus.gazetteer.get(id))
                        .map(|e| e.name.clone())
                        .unwrap_or_else(|| s.name.clone());
                (s.id.clone(), Some(name))
            }
            _ => (None, None),
        };
        let text = b.text(Reading::Redline);
        let ms = by_block.get(&b.n).map(Vec::as_slice).unwrap_or(&[]);
        for (off, piece) in pieces(&text) {
            let mut doc = doc!(
                f.text => piece,
                f.doc => d.id.as_str(),
                f.n => b.n as u64,
                f.off => off as u64,
                f.title => d.title.as_str(),
                f.date => d.date.as_deref().unwrap_or(""),
                f.kind => d.kind.as_str(),
                f.order => order_key(d.date.as_deref(), &d.id, b.n),
            );
            if let Some(s) = &speaker {
                doc.add_text(f.speaker, s);
            }
            if let Some(s) = &name {
                doc.add_text(f.speaker_name, s);
            }
            let mut spans = String::new();
            let mut ids: Vec<&str> = Vec::new();
            for m in ms {
                let Some(e) = m.entity.as_deref() else {
                    continue;
                };
                if !ids.contains(&e) {
                    ids.push(e);
                }
                if m.start >= off && m.end <= off + piece.len() {
                    spans.push_str(&format!("{e} {} {}\n", m.start - off, m.end - off));
                }
            }
            for e in ids {
                doc.add_text(f.entities, e);
            }
            if !spans.is_empty() {
                doc.add_text(f.spans, &spans);
            }
            w.add_document(doc).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// A paragraph cut into pieces of about [`CHUNK`] bytes at spaces (or, in a text without
/// spaces, at a character boundary), each with its byte offset.
pub fn pieces(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    while text.len() - start > CHUNK {
        let mut end = start + CHUNK;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        // Back to a space, if there is one in the last quarter of the piece.
        let window = &text[start + CHUNK * 3 / 4..end];
        if let Some(sp) = window.rfind(char::is_whitespace) {
            end = start + CHUNK * 3 / 4 + sp + 1;
            while !text.is_char_boundary(end) {
                end += 1;
            }
        }
        out.push((start, &text[start..end]));
        start = end;
    }
    if start < text.len() || out.is_empty() {
        out.push((start, &text[start..]));
    }
    out
}

/// The byte ranges in `text` where the query's words, prefixes and phrases occur, in order and
/// without overlaps. Linear in the text.
pub fn find_matches(text: &str, terms: &[QTerm]) -> Vec<(usize, usize)> {
    if terms.is_empty() {
        return Vec::new();
    }
    let ws: Vec<words::Word> = words::words(text).collect();
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        for t in terms {
            match t {
                QTerm::Word(x) if w.folded == *x => out.push((w.start, w.end)),
                QTerm::Prefix(p) if w.folded.starts_with(p.as_str()) => out.push((w.start, w.end)),
                QTerm::Phrase(ps, prefix) if i + ps.len() <= ws.len() => {
                    let last = ps.len() - 1;
                    let all = ps.iter().enumerate().all(|(k, p)| {
                        let f = &ws[i + k].folded;
                        if k == last && *prefix {
                            f.starts_with(p.as_str())
                        } else {
                            f == p
                        }
                    });
                    if all {
                        out.push((w.start, ws[i + last].end));
                    }
                }
                _ => {}
            }
        }
    }
    out.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(out.len());
    for (a, b) in out {
        match merged.last_mut() {
            Some(last) if a < last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

/// Where the mentions of entity `e` are in a piece (the `spans` field: `id start end` lines).
fn entity_spans(spans: &str, e: &str, _off: usize, len: usize) -> Vec<(usize, usize)> {
    spans
        .lines()
        .filter_map(|l| {
            let mut it = l.split(' ');
            let (id, a, b) = (
                it.next()?,
                it.next()?.parse().ok()?,
                it.next()?.parse().ok()?,
            );
            (id == e && a < b && b <= len).then_some((a, b))
        })
        .collect()
}

/// Characters of context before the first match in a snippet, and its whole length.
const BEFORE: usize = 60;
const LENGTH: usize = 200;

/// About a line of text around the first match: the text as it is (controls removed, line
/// breaks made spaces, cut ends shown as `…`) and where the matches fall in it. Looks at no
/// more of the text than the snippet shows.
pub fn snippet(text: &str, matches: &[(usize, usize)]) -> (String, Vec<[usize; 2]>) {
    let first = matches.first().map_or(0, |m| m.0).min(text.len());
    // Back BEFORE characters, then forward to a word's start.
    let mut start = first;
    for _ in 0..BEFORE {
        match text[..start].chars().next_back() {
            Some(c) => start -= c.len_utf8(),
            None => break,
        }
    }
    if start > 0 {
        if let Some(sp) = text[start..first].find(char::is_whitespace) {
            start += sp + 1;
        }
    }
    let mut end = start;
    for c in text[start..].chars().take(LENGTH) {
        end += c.len_utf8();
    }
    // Not in the middle of a match.
    for &(a, b) in matches {
        if a < end && b > end && b - end < 200 {
            end = b;
        }
    }
    let mut out = String::new();
    let mut highlights = Vec::new();
    if start > 0 {
        out.push('…');
    }
    let clean = |s: &str| crate::text::strip_controls(s).replace(['\n', '\t'], " ");
    let mut at = start;
    for &(a, b) in matches {
        if b <= start || a >= end {
            continue;
        }
        let (a, b) = (a.max(start), b.min(end));
        out.push_str(&clean(&text[at..a]));
        let h0 = out.len();
        out.push_str(&clean(&text[a..b]));
        highlights.push([h0, out.len()]);
        at = b;
    }
    out.push_str(&clean(&text[at..end]));
    if end < text.len() {
        out.push('…');
    }
    (out, highlights)
}

/// A directory that is only read: nothing is written, no lock file is made (so a read-only or
/// full cache still answers). Writing through it is refused.
#[derive(Clone, Debug)]
struct ReadOnly(tantivy::directory::MmapDirectory);

impl tantivy::Directory for ReadOnly {
    fn get_file_handle(
        &self,
        path: &Path,
    ) -> Result<
        std::sync::Arc<dyn tantivy::directory::FileHandle>,
        tantivy::directory::error::OpenReadError,
    > {
        self.0.get_file_handle(path)
    }
    fn delete(&self, path: &Path) -> Result<(), tantivy::directory::error::DeleteError> {
        Err(tantivy::directory::error::DeleteError::IoError {
            io_error: std::sync::Arc::new(std::io::Error::other("read-only")),
            filepath: path.to_path_buf(),
        })
    }
    fn exists(&self, path: &Path) -> Result<bool, tantivy::directory::error::OpenReadError> {
        self.0.exists(path)
    }
    fn open_write(
        &self,
        path: &Path,
    ) -> Result<tantivy::directory::WritePtr, tantivy::directory::error::OpenWriteError> {
        Err(tantivy::directory::error::OpenWriteError::IoError {
            io_error: std::sync::Arc::new(std::io::Error::other("read-only")),
            filepath: path.to_path_buf(),
        })
    }
    fn atomic_read(
        &self,
        path: &Path,
    ) -> Result<Vec<u8>, tantivy::directory::error::OpenReadError> {
        self.0.atomic_read(path)
    }
    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> std::io::Result<()> {
        Err(std::io::Error::other("read-only"))
    }
    fn sync_directory(&self) -> std::io::Result<()> {
        Ok(())
    }
    fn acquire_lock(
        &self,
        _lock: &tantivy::directory::Lock,
    ) -> Result<tantivy::directory::DirectoryLock, tantivy::directory::error::LockError> {
        Ok(tantivy::directory::DirectoryLock::from(Box::new(())))
    }
    fn watch(
        &self,
        _cb: tantivy::directory::WatchCallback,
    ) -> tantivy::Result<tantivy::directory::WatchHandle> {
        Ok(tantivy::directory::WatchHandle::empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_mark_nothing_and_say_where_the_matches_are() {
        let text = "The railway and the port at Dairen should remain under joint administration.";
        let terms = query::terms("dairen \"joint administration\"");
        let m = find_matches(text, &terms);
        assert_eq!(
            m.iter().map(|&(a, b)| &text[a..b]).collect::<Vec<_>>(),
            ["Dairen", "joint administration"]
        );
        let (s, h) = snippet(text, &m);
        assert_eq!(s, text);
        assert_eq!(&s[h[0][0]..h[0][1]], "Dairen");
        assert_eq!(&s[h[1][0]..h[1][1]], "joint administration");
    }

    #[test]
    fn a_snippet_far_into_a_paragraph_is_cut_at_both_ends() {
        let text = format!(
            "{} Lüshun at last {}",
            "word ".repeat(100),
            "more ".repeat(100)
        );
        let m = find_matches(&text, &query::terms("lushun"));
        assert_eq!(m.len(), 1);
        let (s, h) = snippet(&text, &m);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert_eq!(&s[h[0][0]..h[0][1]], "Lüshun");
        assert!(s.chars().count() < 220);
    }

    #[test]
    fn controls_never_reach_a_snippet_and_offsets_still_hold() {
        let text = "a\u{1b}[31mred\u{1b}[0m Dairen\nnext";
        let m = find_matches(text, &query::terms("dairen"));
        let (s, h) = snippet(text, &m);
        assert!(!s.contains('\u{1b}') && !s.contains('\n'), "{s:?}");
        assert_eq!(&s[h[0][0]..h[0][1]], "Dairen");
    }

    #[test]
    fn pieces_cover_the_text_at_spaces() {
        let text = "alpha beta ".repeat(3000);
        let p = pieces(&text);
        assert!(p.len() > 3);
        let mut at = 0;
        for (off, s) in &p {
            assert_eq!(*off, at);
            assert!(s.len() <= CHUNK);
            at += s.len();
        }
        assert_eq!(at, text.len());
        // Cut at spaces: no word is split between two pieces.
        assert!(p[..p.len() - 1].iter().all(|(_, s)| s.ends_with(' ')));
        let cjk = "周".repeat(10_000);
        let p = pieces(&cjk);
        assert_eq!(p.iter().map(|(_, s)| s.len()).sum::<usize>(), cjk.len());
    }

    #[test]
    fn dates_are_checked() {
        assert!(check_date("1950").is_ok());
        assert!(check_date("1950-10").is_ok());
        assert!(check_date("1950-10-05").is_ok());
        for bad in [
            "banana",
            "1950-13",
            "1950-1",
            "50",
            "1950-10-0é",
            "1950-02-32",
        ] {
            assert!(check_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn order_keys_sort_by_date_then_paragraph() {
        assert!(order_key(Some("1950-01-02"), "a", 9) < order_key(Some("1950-01-03"), "a", 1));
        assert!(order_key(Some("1950"), "a", 1) < order_key(Some("1950-01-01"), "a", 1));
        assert!(order_key(Some("1950-01-02"), "a", 1) < order_key(Some("1950-01-02"), "a", 2));
        assert!(order_key(None, "a", 1) > order_key(Some("1999"), "a", 1));
    }
}
