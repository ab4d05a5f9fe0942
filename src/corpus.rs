//! The document store: loads corpus directories and files (or the bundled corpus), gives every
//! document a unique stable id, keeps them in date order, and looks them up by id prefix.

use crate::gazetteer::Gazetteer;
use crate::ingest;
use crate::mentions::{self, Mention, NameMatcher};
use crate::model::{Document, Warning};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

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
    /// Documents in date order (undated last), each with a unique id.
    pub docs: Vec<Document>,
    /// Every warning, file-level and per document, in load order.
    pub warnings: Vec<Warning>,
    /// Files that could not be read at all.
    pub unreadable: Vec<String>,
    /// The gazetteer names were resolved against.
    pub gazetteer: Gazetteer,
    /// The mentions of each document, in the order of `docs`.
    pub mentions: Vec<Vec<Mention>>,
    /// Entities defined by the sources (TEI persons lists), keyed by the source's own id.
    pub source_entities: Vec<(String, crate::gazetteer::Entity)>,
    /// For each source key, the entity id it resolved to.
    pub source_keys: HashMap<String, String>,
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
                write!(f, "no document id starts with '{p}' (try `carrel list`)")
            }
            LookupError::Ambiguous(p, ids) => {
                write!(
                    f,
                    "'{p}' matches {} documents: {}",
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
        let mut g = Gazetteer::bundled();
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
        files.extend(extra_gazetteers.iter().cloned());
        for f in &files {
            if let Err(e) = g.add_file(f) {
                g.warnings.push(e);
            }
        }
        let mut c = Corpus::load_with(sources, &g);
        for (key, e) in std::mem::take(&mut c.source_entities) {
            let id = g.merge(e);
            c.source_keys.insert(key, id);
        }
        c.resolve(g);
        c
    }

    /// Resolve speakers, participants and mentions against a gazetteer.
    pub fn resolve(&mut self, g: Gazetteer) {
        let matcher = NameMatcher::new(&g);
        let keys = &self.source_keys;
        self.mentions = self
            .docs
            .iter_mut()
            .map(|d| {
                let before = d.warnings.len();
                let mut m = mentions::resolve(d, &g, &matcher);
                // Names the source tagged itself resolve exactly, over any match.
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
                self.warnings.extend(d.warnings[before..].iter().cloned());
                m
            })
            .collect();
        for w in &g.warnings {
            self.warnings.push(Warning {
                file: "gazetteer".into(),
                line: 0,
                message: w.clone(),
            });
        }
        self.gazetteer = g;
    }

    /// Load every source, asking `people` about names.
    pub fn load_with(sources: &[Source], people: &dyn ingest::People) -> Corpus {
        let mut files: Vec<(String, FileData)> = Vec::new();
        for source in sources {
            match source {
                Source::Bundled => {
                    for (name, bytes) in crate::bundled::FILES {
                        files.push((name.to_string(), FileData::Bytes(bytes)));
                    }
                }
                Source::Path(p) => {
                    let mut seen = BTreeSet::new();
                    let mut found = Vec::new();
                    let mut warnings = Vec::new();
                    collect(p, true, &mut seen, &mut found, &mut warnings);
                    for w in warnings {
                        files.push((w.file.clone(), FileData::Failed(w)));
                    }
                    for f in found {
                        files.push((f.display().to_string(), FileData::Path(f)));
                    }
                }
            }
        }
        let mut corpus = Corpus::default();
        for (name, data) in files {
            let (result, readable) = match data {
                FileData::Bytes(b) => (ingest::ingest_bytes_with(&name, b, people), true),
                FileData::Path(p) => ingest::ingest_path(&p, people),
                FileData::Failed(w) => (
                    ingest::FileIngest {
                        documents: Vec::new(),
                        entities: Vec::new(),
                        warnings: vec![w],
                    },
                    false,
                ),
            };
            if !readable {
                corpus.unreadable.push(name.clone());
            }
            if result.documents.is_empty() {
                corpus.warnings.extend(result.warnings);
            }
            corpus.source_entities.extend(result.entities);
            for doc in result.documents {
                corpus.warnings.extend(doc.warnings.iter().cloned());
                corpus.docs.push(doc);
            }
        }
        corpus.assign_ids();
        corpus.docs.sort_by(|a, b| {
            (a.date.is_none(), &a.date, &a.source_file, a.source_line).cmp(&(
                b.date.is_none(),
                &b.date,
                &b.source_file,
                b.source_line,
            ))
        });
        corpus
    }

    /// Give colliding ids a suffix (`-2`, `-3`, …) in load order.
    fn assign_ids(&mut self) {
        let mut counts: HashMap<String, usize> = HashMap::new();
        let taken: BTreeSet<String> = self.docs.iter().map(|d| d.id.clone()).collect();
        for doc in &mut self.docs {
            let n = counts.entry(doc.id.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                let mut k = *n;
                let mut candidate = format!("{}-{k}", doc.id);
                while taken.contains(&candidate) {
                    k += 1;
                    candidate = format!("{}-{k}", doc.id);
                }
                doc.id = candidate;
            }
        }
    }

    /// The document with exactly this id.
    pub fn get(&self, id: &str) -> Option<&Document> {
        self.docs.iter().find(|d| d.id == id)
    }

    /// The index of the document with exactly this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.docs.iter().position(|d| d.id == id)
    }

    /// The document whose id is `prefix` or uniquely starts with it.
    pub fn find(&self, prefix: &str) -> Result<&Document, LookupError> {
        if let Some(d) = self.get(prefix) {
            return Ok(d);
        }
        let hits: Vec<&Document> = self
            .docs
            .iter()
            .filter(|d| d.id.starts_with(prefix))
            .collect();
        match hits.as_slice() {
            [] => Err(LookupError::NotFound(prefix.to_string())),
            [d] => Ok(d),
            many => Err(LookupError::Ambiguous(
                prefix.to_string(),
                many.iter().map(|d| d.id.clone()).collect(),
            )),
        }
    }
}

enum FileData {
    Bytes(&'static [u8]),
    Path(PathBuf),
    Failed(Warning),
}

/// Collect corpus files under `path`. Directories are walked in name order, hidden entries,
/// `gazetteer/` folders and README files skipped; symlink loops are detected and reported.
fn collect(
    path: &Path,
    explicit: bool,
    seen: &mut BTreeSet<PathBuf>,
    out: &mut Vec<PathBuf>,
    warnings: &mut Vec<Warning>,
) {
    let warn = |warnings: &mut Vec<Warning>, msg: String| {
        warnings.push(Warning {
            file: path.display().to_string(),
            line: 0,
            message: msg,
        })
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            warn(warnings, format!("cannot read: {e}"));
            return;
        }
    };
    if meta.is_dir() {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if !seen.insert(canonical) {
            warn(
                warnings,
                "directory already read (symlink loop?); skipped".to_string(),
            );
            return;
        }
        let entries = match std::fs::read_dir(path) {
            Ok(rd) => rd,
            Err(e) => {
                warn(warnings, format!("cannot read directory: {e}"));
                return;
            }
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        children.sort();
        for child in children {
            let name = child
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.starts_with('.') || name == "gazetteer" {
                continue;
            }
            let is_dir = std::fs::metadata(&child)
                .map(|m| m.is_dir())
                .unwrap_or(false);
            if !is_dir {
                let ext = child
                    .extension()
                    .map(|e| e.to_string_lossy().to_lowercase())
                    .unwrap_or_default();
                if !EXTENSIONS.contains(&ext.as_str()) || name.to_lowercase().starts_with("readme")
                {
                    continue;
                }
            }
            collect(&child, false, seen, out, warnings);
        }
    } else if meta.is_file() || explicit {
        out.push(path.to_path_buf());
    } else {
        warn(warnings, "not a regular file; skipped".to_string());
    }
}
