//! The document store: loads corpus directories and files (or the bundled corpus), gives every
//! document a unique stable id, keeps them in date order, and looks them up by id prefix.

use crate::gazetteer::Gazetteer;
use crate::ingest;
use crate::mentions::{self, Mention, NameMatcher};
use crate::model::{Document, Warning};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub mod ids;
mod load;
mod shelf;

pub use shelf::{Body, Docs, Head, Mentions};

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The corpus compiled into the binary.
    Bundled,
    /// A directory (read recursively) or a single file.
    Path(PathBuf),
}

impl Source {
    /// `bundled` names the built-in corpus; anything else is a path.
    pub fn parse(s: &str) -> Source {
        if s == "bundled" {
            Source::Bundled
        } else {
            Source::Path(PathBuf::from(s))
        }
    }
}

/// File extensions read from corpus directories.
const EXTENSIONS: &[&str] = &["md", "markdown", "txt", "text", "xml"];

/// The loaded corpus.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Documents in date order (undated last), each with a unique id. `docs[i]` is the whole
    /// document, its body loaded on first use; `docs.head(i)` its header alone.
    pub docs: Docs,
    /// Every warning, file-level and per document, in load order.
    pub warnings: Vec<Warning>,
    /// Files that could not be read at all.
    pub unreadable: Vec<String>,
    /// The gazetteer names were resolved against.
    pub gazetteer: Gazetteer,
    /// The mentions of each document, in the order of `docs` (loaded with the body).
    pub mentions: Mentions,
    /// Entities defined by the sources (TEI persons lists), keyed by the source's own id.
    pub source_entities: Vec<(String, crate::gazetteer::Entity)>,
    /// For each source key, the entity id it resolved to.
    pub source_keys: HashMap<String, String>,
    /// A fingerprint of every file and gazetteer the corpus was made from (0 when loaded
    /// without the ingest cache).
    pub fingerprint: u64,
    /// How the files were read.
    pub stats: LoadStats,
    /// Ids now held by another document than the one the data directory recorded, with since
    /// when (unix seconds): notes made on such an id before then were made on another record.
    pub reassigned: HashMap<String, i64>,
}

/// How a load went: how many files were found unchanged, decoded from the cache, or parsed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LoadStats {
    /// Files in the corpus.
    pub files: usize,
    /// Unchanged since the last load: headers from the manifest, nothing read.
    pub known: usize,
    /// Results decoded from the ingest cache.
    pub cached: usize,
    /// Read and parsed.
    pub parsed: usize,
}

/// Why an id lookup failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    /// No id starts with the prefix.
    NotFound(String),
    /// Several ids start with it.
    Ambiguous(String, Vec<String>),
}

impl std::fmt::Display for LookupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LookupError::NotFound(p) => {
                let p = crate::text::one_line(p);
                write!(f, "no document id starts with '{p}' (try `carrel list`)")
            }
            LookupError::Ambiguous(p, ids) => {
                let ids: Vec<String> = ids.iter().map(|i| crate::text::one_line(i)).collect();
                write!(
                    f,
                    "'{}' matches {} documents: {}",
                    crate::text::one_line(p),
                    ids.len(),
                    ids.join(", ")
                )
            }
        }
    }
}

impl std::error::Error for LookupError {}

impl Corpus {
    /// The bundled corpus alone.
    pub fn bundled() -> Corpus {
        Corpus::load(&[Source::Bundled])
    }

    /// Load every source, in order, with the bundled gazetteer and any `gazetteer/` folder
    /// inside a corpus directory.
    pub fn load(sources: &[Source]) -> Corpus {
        Corpus::open(sources, &[])
    }

    /// Load every source with the bundled gazetteer, the `gazetteer/` folders of corpus
    /// directories, and extra gazetteer files; resolve names and find mentions.
    pub fn open(sources: &[Source], extra_gazetteers: &[PathBuf]) -> Corpus {
        Corpus::open_cached(sources, extra_gazetteers, None)
    }

    /// As [`Corpus::open`], keeping what each file gave in an ingest cache under `cache`
    /// (see [`crate::cache`]): files are read in parallel, and on a warm start only files
    /// that changed are read again.
    pub fn open_cached(
        sources: &[Source],
        extra_gazetteers: &[PathBuf],
        cache: Option<&Path>,
    ) -> Corpus {
        load::open(
            sources,
            extra_gazetteers,
            cache,
            &ids::IdContext::new(sources, None),
        )
    }

    /// As [`Corpus::open_cached`], with the id registry of the data directory `data` (see
    /// [`ids`]): a record known under an id keeps it whatever other files come and go.
    pub fn open_in(
        sources: &[Source],
        extra_gazetteers: &[PathBuf],
        cache: Option<&Path>,
        data: Option<&Path>,
    ) -> Corpus {
        load::open(
            sources,
            extra_gazetteers,
            cache,
            &ids::IdContext::new(sources, data),
        )
    }

    /// A second handle on the same corpus (documents shared, not copied), for work in another
    /// thread such as indexing.
    pub fn share(&self) -> Corpus {
        Corpus {
            docs: self.docs.clone(),
            mentions: self.mentions.clone(),
            warnings: Vec::new(),
            unreadable: Vec::new(),
            gazetteer: self.gazetteer.clone(),
            source_entities: Vec::new(),
            source_keys: self.source_keys.clone(),
            fingerprint: self.fingerprint,
            stats: self.stats,
            reassigned: self.reassigned.clone(),
        }
    }

    /// The fingerprint the corpus would have, if every file is as it was when last loaded with
    /// this cache: found by stating the files, reading none.
    pub fn quick_fingerprint(
        sources: &[Source],
        extra_gazetteers: &[PathBuf],
        cache: &Path,
    ) -> Option<u64> {
        load::quick_fingerprint(sources, extra_gazetteers, cache)
    }

    /// A key for a set of sources and extra gazetteers (the gazetteer folders inside them
    /// included): the name their manifest and quick check are kept under.
    pub fn sources_key(sources: &[Source], extra_gazetteers: &[PathBuf]) -> u64 {
        load::sources_key(sources, &gazetteer_files(sources, extra_gazetteers))
    }

    /// The gazetteer files a set of sources reads: the extra ones, and those in `gazetteer/`
    /// folders inside corpus directories.
    pub fn gazetteer_files(sources: &[Source], extra_gazetteers: &[PathBuf]) -> Vec<PathBuf> {
        gazetteer_files(sources, extra_gazetteers)
    }

    /// A corpus of documents already read, their names resolved against `g` (in the order
    /// given; ids are made unique and the documents put in date order).
    pub fn from_documents(docs: Vec<Document>, g: Gazetteer) -> Corpus {
        let matcher = NameMatcher::new(&g);
        let keys = HashMap::new();
        let pairs = docs
            .into_iter()
            .map(|mut d| {
                let m = resolve_doc(&mut d, &g, &matcher, &keys);
                (d, m)
            })
            .collect();
        let mut c = Corpus::default();
        c.shelve_all(pairs, &g);
        c.add_gazetteer_warnings(g);
        c
    }

    /// Put whole documents on the shelf: ids made unique in the order given, then date order.
    fn shelve_all(&mut self, pairs: Vec<(Document, Vec<Mention>)>, g: &Gazetteer) {
        let entries = pairs
            .into_iter()
            .map(|(d, m)| {
                (
                    Head::of(&d, &m, g),
                    Some(Body {
                        doc: d,
                        mentions: m,
                    }),
                    None,
                )
            })
            .collect();
        self.shelve(entries, None, &ids::IdContext::default());
    }

    /// Put documents on the shelf: (header, body if in memory, where the body is cached),
    /// in load order. Ids are given (see [`ids`]: never by load order), then all go in date
    /// order.
    pub(crate) fn shelve(
        &mut self,
        mut entries: Vec<(Head, Option<Body>, Option<shelf::Origin>)>,
        loader: Option<shelf::Loader>,
        ids: &ids::IdContext,
    ) {
        for (h, _, _) in &entries {
            self.warnings.extend(h.doc.warnings.iter().cloned());
        }
        let given = {
            let docs: Vec<&Document> = entries.iter().map(|(h, _, _)| &h.doc).collect();
            ids::assign(&docs, ids)
        };
        self.warnings.extend(given.warnings);
        self.reassigned = given.reassigned;
        for ((h, b, _), id) in entries.iter_mut().zip(given.ids) {
            if let Some(b) = b {
                b.doc.id = id.clone();
            }
            h.doc.id = id;
        }
        // Sort positions, not the (large) entries themselves.
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by(|&a, &b| doc_order(&entries[a].0.doc, &entries[b].0.doc));
        let mut slots: Vec<Option<_>> = entries.into_iter().map(Some).collect();
        let mut heads = Vec::with_capacity(slots.len());
        let mut bodies = Vec::with_capacity(slots.len());
        let mut origins = Vec::with_capacity(slots.len());
        for i in order {
            if let Some((h, b, o)) = slots[i].take() {
                heads.push(h);
                bodies.push(b);
                origins.push(o);
            }
        }
        let (docs, mentions) = shelf::shelve(heads, bodies, origins, loader);
        self.docs = docs;
        self.mentions = mentions;
    }

    fn add_gazetteer_warnings(&mut self, g: Gazetteer) {
        for w in &g.warnings {
            self.warnings.push(Warning {
                file: "gazetteer".into(),
                line: 0,
                message: w.clone(),
            });
        }
        self.gazetteer = g;
    }

    /// Load every source, asking `people` about names (no mentions are looked for).
    pub fn load_with(sources: &[Source], people: &dyn ingest::People) -> Corpus {
        let mut corpus = Corpus::default();
        let mut pairs = Vec::new();
        for (name, data) in list_files(sources) {
            let (result, readable) = data.ingest(&name, people);
            if !readable {
                corpus.unreadable.push(name.clone());
            }
            if result.documents.is_empty() {
                corpus.warnings.extend(result.warnings);
            }
            corpus.source_entities.extend(result.entities);
            pairs.extend(result.documents.into_iter().map(|d| (d, Vec::new())));
        }
        corpus.shelve_all(pairs, &Gazetteer::default());
        corpus
    }

    /// The document with exactly this id.
    pub fn get(&self, id: &str) -> Option<&Document> {
        self.index_of(id).and_then(|i| self.docs.get(i))
    }

    /// The index of the document with exactly this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.docs.position(id)
    }

    /// The document whose id is `prefix` or uniquely starts with it.
    pub fn find(&self, prefix: &str) -> Result<&Document, LookupError> {
        if let Some(d) = self.get(prefix) {
            return Ok(d);
        }
        let hits: Vec<usize> = self
            .docs
            .heads()
            .enumerate()
            .filter(|(_, d)| d.id.starts_with(prefix))
            .map(|(i, _)| i)
            .collect();
        match hits.as_slice() {
            [] => Err(LookupError::NotFound(prefix.to_string())),
            [i] => Ok(&self.docs[*i]),
            many => Err(LookupError::Ambiguous(
                prefix.to_string(),
                many.iter()
                    .filter_map(|&i| self.docs.head(i).map(|d| d.id.clone()))
                    .collect(),
            )),
        }
    }
}

/// Where a corpus file's bytes are.
pub(crate) enum FileData {
    /// Compiled into the binary.
    Bytes(&'static [u8]),
    /// On disk.
    Path(PathBuf),
    /// Could not be listed.
    Failed(Warning),
}

impl FileData {
    /// Read and ingest the file: (what it gave, whether it could be read). A panic while
    /// reading it becomes a warning naming the file, and no document.
    pub(crate) fn ingest(
        &self,
        name: &str,
        people: &dyn ingest::People,
    ) -> (ingest::FileIngest, bool) {
        crate::panic_boundary::guard(name, "reading it", || self.ingest_unguarded(name, people))
            .unwrap_or_else(|w| {
                (
                    ingest::FileIngest {
                        warnings: vec![w],
                        ..Default::default()
                    },
                    false,
                )
            })
    }

    fn ingest_unguarded(
        &self,
        name: &str,
        people: &dyn ingest::People,
    ) -> (ingest::FileIngest, bool) {
        match self {
            FileData::Bytes(b) => (ingest::ingest_bytes_with(name, b, people), true),
            FileData::Path(p) => ingest::ingest_path(p, people),
            FileData::Failed(w) => (
                ingest::FileIngest {
                    documents: Vec::new(),
                    entities: Vec::new(),
                    warnings: vec![w.clone()],
                },
                false,
            ),
        }
    }
}

/// Date order, undated last; ties by file and line.
pub(crate) fn doc_order(a: &Document, b: &Document) -> std::cmp::Ordering {
    (a.date.is_none(), &a.date, &a.source_file, a.source_line).cmp(&(
        b.date.is_none(),
        &b.date,
        &b.source_file,
        b.source_line,
    ))
}

/// Resolve one document's speakers, participants and mentions; names the source tagged
/// itself resolve exactly, over any match.
pub(crate) fn resolve_doc(
    d: &mut Document,
    g: &Gazetteer,
    matcher: &NameMatcher,
    keys: &HashMap<String, String>,
) -> Vec<Mention> {
    // A panic while resolving leaves the document as read, without mentions, and says so.
    let file = d.source_file.clone();
    match crate::panic_boundary::guard(&file, "resolving names", || {
        resolve_doc_unguarded(d, g, matcher, keys)
    }) {
        Ok(m) => m,
        Err(w) => {
            d.warnings.push(w);
            Vec::new()
        }
    }
}

fn resolve_doc_unguarded(
    d: &mut Document,
    g: &Gazetteer,
    matcher: &NameMatcher,
    keys: &HashMap<String, String>,
) -> Vec<Mention> {
    let mut m = mentions::resolve(d, g, matcher);
    for t in &d.name_tags {
        let Some(id) = keys.get(&t.key) else { continue };
        m.retain(|x| !(x.block == t.block && x.start < t.end && x.end > t.start));
        let text = d
            .blocks
            .iter()
            .find(|b| b.n == t.block)
            .map(|b| b.text(crate::model::Reading::Redline))
            .and_then(|s| s.get(t.start..t.end).map(String::from))
            .unwrap_or_default();
        m.push(Mention {
            entity: Some(id.clone()),
            block: t.block,
            start: t.start,
            end: t.end,
            text,
            candidates: Vec::new(),
        });
    }
    m.sort_by_key(|x| (x.block, x.start));
    m
}

/// The gazetteer files of the sources' `gazetteer/` folders, then the extra ones.
pub(crate) fn gazetteer_files(sources: &[Source], extra: &[PathBuf]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = Vec::new();
    for s in sources {
        if let Source::Path(p) = s {
            let dir = p.join("gazetteer");
            if let Ok(rd) = std::fs::read_dir(&dir) {
                let mut found: Vec<PathBuf> = rd
                    .filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "toml" || e == "tsv"))
                    .collect();
                found.sort();
                files.extend(found);
            }
        }
    }
    files.extend(extra.iter().cloned());
    files
}

/// The bundled gazetteer with `files` added.
pub(crate) fn build_gazetteer(files: &[PathBuf]) -> Gazetteer {
    let mut g = Gazetteer::bundled();
    for f in files {
        let name = f.display().to_string();
        match crate::panic_boundary::guard(&name, "reading the gazetteer", || g.add_file(f)) {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => g.warnings.push(e),
            Err(w) => g.warnings.push(format!("{}: {}", w.file, w.message)),
        }
    }
    g
}

/// Every corpus file of the sources, in order: (name, where its bytes are).
pub(crate) fn list_files(sources: &[Source]) -> Vec<(String, FileData)> {
    list_files_and_dirs(sources).0
}

/// Every corpus file of the sources, in order, and every directory read to find them.
pub(crate) fn list_files_and_dirs(sources: &[Source]) -> (Vec<(String, FileData)>, Vec<PathBuf>) {
    let mut files: Vec<(String, FileData)> = Vec::new();
    let mut dirs: Vec<PathBuf> = Vec::new();
    for source in sources {
        match source {
            Source::Bundled => {
                for (name, bytes) in crate::bundled::FILES {
                    files.push((name.to_string(), FileData::Bytes(bytes)));
                }
            }
            Source::Path(p) => {
                let found = crate::files::walk(p, wanted);
                dirs.extend(found.dirs);
                for w in found.warnings {
                    files.push((w.file.clone(), FileData::Failed(w)));
                }
                for f in found.files {
                    files.push((f.display().to_string(), FileData::Path(f)));
                }
            }
        }
    }
    (files, dirs)
}

/// Whether a file name inside a corpus directory names a corpus file: one of the extensions,
/// and not a README.
fn wanted(name: &str) -> bool {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    EXTENSIONS.contains(&ext.as_str())
        && !name
            .get(..6)
            .is_some_and(|p| p.eq_ignore_ascii_case("readme"))
}
