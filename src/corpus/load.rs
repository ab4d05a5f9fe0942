//! Loading a corpus in parallel, through the ingest cache when there is one.
//!
//! Three passes over the files, each spread over every core: find each file's content hash
//! (from the manifest when its size and time are unchanged, else by reading it) and the
//! entities it defines; merge those entities into the gazetteer; then take each file's result
//! from the cache, or read and resolve it and keep the result for next time.

use super::shelf::{Loader, Origin};
use super::{
    build_gazetteer, gazetteer_files, list_files, list_files_and_dirs, resolve_doc, Body, Corpus,
    FileData, Head, Source,
};
use crate::cache::{self, FileHeads, FileRecord, FileResult, FileState, IngestCache, Manifest};
use crate::gazetteer::{Entity, Gazetteer};
use crate::ingest::{self, FileIngest};
use crate::mentions::NameMatcher;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// What the first pass learns of a file.
struct Probe {
    /// Content hash (of the bytes, or of the error for a file that cannot be read).
    content: u64,
    /// Entities it defines.
    entities: Vec<(String, Entity)>,
    /// The file, read and parsed, when that was needed to know its entities.
    parsed: Option<(FileIngest, bool)>,
    /// Its state for the manifest (files on disk only).
    state: Option<FileState>,
}

/// A key for the set of sources and gazetteer files, naming their manifest.
pub(super) fn sources_key(sources: &[Source], gazetteers: &[PathBuf]) -> u64 {
    let mut parts: Vec<Vec<u8>> = Vec::new();
    for s in sources {
        parts.push(match s {
            Source::Bundled => b"\0bundled".to_vec(),
            Source::Path(p) => std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .display()
                .to_string()
                .into_bytes(),
        });
    }
    // The same file named two ways (relative, absolute) is the same set.
    for g in gazetteers {
        let g = std::fs::canonicalize(g).unwrap_or_else(|_| g.clone());
        parts.push(g.display().to_string().into_bytes());
    }
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    cache::hash(&refs)
}

/// The fingerprint of a gazetteer's inputs: the bundled entries and every file read.
fn gazetteer_fingerprint(files: &[PathBuf]) -> u64 {
    let mut parts: Vec<Vec<u8>> = vec![cache::build_fingerprint().to_le_bytes().to_vec()];
    for (name, text) in crate::bundled::GAZETTEER {
        parts.push(name.as_bytes().to_vec());
        parts.push(text.as_bytes().to_vec());
    }
    for f in files {
        let name = std::fs::canonicalize(f).unwrap_or_else(|_| f.clone());
        parts.push(name.display().to_string().into_bytes());
        parts.push(crate::files::read(f).unwrap_or_default());
    }
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    cache::hash(&refs)
}

/// First pass over one file.
fn probe(name: &str, data: &FileData, known: Option<&FileState>, g: &Gazetteer) -> Probe {
    let parse_if_tei = |bytes: &[u8]| -> Option<(FileIngest, bool)> {
        // Only a TEI edition defines entities; other files need not be parsed yet.
        let head = &bytes[..bytes.len().min(4096)];
        let text = String::from_utf8_lossy(head);
        ingest::tei::looks_like(&text).then(|| {
            crate::panic_boundary::guard(name, "reading it", || {
                (ingest::ingest_bytes_with(name, bytes, g), true)
            })
            .unwrap_or_else(|w| {
                let fi = FileIngest {
                    warnings: vec![w],
                    ..Default::default()
                };
                (fi, false)
            })
        })
    };
    match data {
        FileData::Bytes(b) => {
            let parsed = parse_if_tei(b);
            Probe {
                content: cache::content_hash(b),
                entities: parsed
                    .as_ref()
                    .map(|p| p.0.entities.clone())
                    .unwrap_or_default(),
                parsed,
                state: None,
            }
        }
        FileData::Failed(w) => Probe {
            content: cache::hash(&[w.message.as_bytes()]),
            entities: Vec::new(),
            parsed: None,
            state: None,
        },
        FileData::Path(p) => {
            let st = cache::stat(p);
            if let (Some(k), Some((size, mtime))) = (known, st) {
                if k.still(size, mtime) {
                    return Probe {
                        content: k.content,
                        entities: cache::entities_from_json(&k.entities),
                        parsed: None,
                        state: Some(k.clone()),
                    };
                }
            }
            let checked = cache::now_ns();
            match crate::files::read(p) {
                Ok(bytes) => {
                    let content = cache::content_hash(&bytes);
                    let parsed = parse_if_tei(&bytes);
                    let entities = parsed
                        .as_ref()
                        .map(|p| p.0.entities.clone())
                        .unwrap_or_default();
                    let state = st.map(|(size, mtime)| FileState {
                        size,
                        mtime,
                        checked,
                        content,
                        entities: cache::entities_to_json(&entities),
                    });
                    Probe {
                        content,
                        entities,
                        parsed,
                        state,
                    }
                }
                Err(e) => Probe {
                    content: cache::hash(&[b"unreadable", e.to_string().as_bytes()]),
                    entities: Vec::new(),
                    parsed: None,
                    state: None,
                },
            }
        }
    }
}

/// Load a corpus (see [`Corpus::open_cached`]).
pub(super) fn open(
    sources: &[Source],
    extra: &[PathBuf],
    cache_root: Option<&Path>,
    ids: &super::ids::IdContext,
) -> Corpus {
    let gaz_files = gazetteer_files(sources, extra);
    let store = cache_root.map(IngestCache::new);
    let skey = sources_key(sources, &gaz_files);
    // The gazetteer, the file list and the manifest at once.
    let ((mut g, (files, dirs)), mut manifest) = rayon::join(
        || {
            rayon::join(
                || build_gazetteer(&gaz_files),
                || list_files_and_dirs(sources),
            )
        },
        || store.as_ref().map(|s| s.manifest(skey)).unwrap_or_default(),
    );

    // Pass 1: content hashes and the sources' own entities.
    let probes: Vec<Probe> = files
        .par_iter()
        .map(|(name, data)| {
            let known = manifest.files.get(name).and_then(|r| r.state.as_ref());
            probe(name, data, known, &g)
        })
        .collect();

    // The sources' entities join the gazetteer, in file order.
    let base_fp = gazetteer_fingerprint(&gaz_files);
    let mut entity_parts: Vec<Vec<u8>> = vec![base_fp.to_le_bytes().to_vec()];
    let mut source_keys: HashMap<String, String> = HashMap::new();
    for p in &probes {
        for (key, e) in &p.entities {
            entity_parts.push(key.as_bytes().to_vec());
            entity_parts.push(serde_json::to_vec(e).unwrap_or_default());
            let id = g.merge(e.clone());
            source_keys.insert(key.clone(), id);
        }
    }
    let refs: Vec<&[u8]> = entity_parts.iter().map(Vec::as_slice).collect();
    let names_fp = cache::hash(&refs);

    let states: Vec<Option<FileState>> = probes.iter().map(|p| p.state.clone()).collect();

    // The manifest's records, one per file in order, taken out of it (not copied).
    let old_count = manifest.files.len();
    let records: Vec<Option<FileRecord>> = files
        .iter()
        .map(|(name, _)| manifest.files.remove(name))
        .collect();
    let mut changed = old_count != files.len() || !manifest.files.is_empty();
    // Entries the last load used: those no longer used are removed once the manifest moves on.
    let mut stale: Vec<u64> = manifest.files.values().map(|r| r.key).collect();
    let old_keys: Vec<Option<u64>> = records.iter().map(|r| r.as_ref().map(|r| r.key)).collect();

    // Pass 2: each file's documents: headers from the manifest when its entry is unchanged
    // (bodies stay in the cache until read), else from the cache entry, else read now.
    let matcher: OnceLock<NameMatcher> = OnceLock::new();
    let made: Vec<(u64, Made)> = files
        .par_iter()
        .zip(probes.into_par_iter())
        .zip(records.into_par_iter())
        .map(|(((name, data), probe), record)| {
            let key = cache::hash(&[
                name.as_bytes(),
                &probe.content.to_le_bytes(),
                &names_fp.to_le_bytes(),
            ]);
            if store.is_some() {
                let known = record.filter(|r| r.key == key).and_then(|r| {
                    let heads = FileHeads::decode(&r.heads)?;
                    Some((r.state, heads, r.heads))
                });
                if let Some((state, heads, bytes)) = known {
                    return (key, Made::Known(state, heads, bytes));
                }
            }
            if let Some(hit) = store.as_ref().and_then(|s| s.get(key)) {
                return (key, Made::read(hit, store.is_none(), &g, false));
            }
            let (fi, readable) = match probe.parsed {
                Some(p) => p,
                None => data.ingest(name, &g),
            };
            let m = matcher.get_or_init(|| NameMatcher::new(&g));
            let warnings = if fi.documents.is_empty() {
                fi.warnings
            } else {
                Vec::new()
            };
            let docs = fi
                .documents
                .into_iter()
                .map(|mut d| {
                    let ms = resolve_doc(&mut d, &g, m, &source_keys);
                    (d, ms)
                })
                .collect();
            let r = FileResult {
                docs,
                warnings,
                readable,
            };
            if let Some(s) = &store {
                s.put(key, &r);
            }
            (key, Made::read(r, store.is_none(), &g, true))
        })
        .collect();

    let mut corpus = Corpus::default();
    let mut stats = super::LoadStats {
        files: files.len(),
        ..Default::default()
    };
    let mut recs: Vec<(u64, Option<FileState>, FileHeads)> = Vec::with_capacity(files.len());
    let mut bodies: HashMap<String, Vec<(crate::model::Document, Vec<crate::mentions::Mention>)>> =
        HashMap::new();
    // Records that did not change keep their encoded headers for the next manifest.
    let mut encoded: Vec<Option<Vec<u8>>> = Vec::with_capacity(files.len());
    for (((name, _), (key, made)), state) in files.iter().zip(made).zip(states) {
        let heads = match made {
            Made::Known(old, heads, bytes) => {
                changed |= old != state;
                stats.known += 1;
                encoded.push(Some(bytes));
                heads
            }
            Made::Read {
                heads,
                docs,
                parsed,
            } => {
                changed = true;
                if parsed {
                    stats.parsed += 1;
                } else {
                    stats.cached += 1;
                }
                if let Some(docs) = docs {
                    bodies.insert(name.clone(), docs);
                }
                encoded.push(None);
                heads
            }
        };
        if !heads.readable {
            corpus.unreadable.push(name.clone());
        }
        corpus.warnings.extend(heads.warnings.iter().cloned());
        recs.push((key, state, heads));
    }
    // The corpus as a whole: what the search index records it was built from.
    let mut fp_parts: Vec<Vec<u8>> = vec![names_fp.to_le_bytes().to_vec()];
    for ((name, _), (key, _, _)) in files.iter().zip(&recs) {
        fp_parts.push(name.as_bytes().to_vec());
        fp_parts.push(key.to_le_bytes().to_vec());
    }
    let refs: Vec<&[u8]> = fp_parts.iter().map(Vec::as_slice).collect();
    let fingerprint = cache::hash(&refs);
    if let Some(s) = &store {
        let quick = Quick {
            base: base_fp,
            dirs: dirs
                .iter()
                .map(|d| (d.clone(), cache::stat(d).map(|(_, t)| t)))
                .collect(),
            files: files
                .iter()
                .zip(&recs)
                .map(|((name, data), (_, state, _))| {
                    let bundled = match data {
                        FileData::Bytes(b) => Some(cache::content_hash(b)),
                        _ => None,
                    };
                    (
                        name.clone(),
                        state.as_ref().map(|st| (st.size, st.mtime, st.checked)),
                        bundled,
                    )
                })
                .collect(),
            fingerprint,
        };
        if changed
            || s.blob(&quick_name(skey))
                .and_then(|b| Quick::decode(&b))
                .as_ref()
                != Some(&quick)
        {
            if let Ok(bytes) = postcard::to_allocvec(&quick) {
                s.put_blob(&quick_name(skey), &bytes);
            }
        }
    }
    for ((key, _, _), old) in recs.iter().zip(&old_keys) {
        if let Some(old) = old.filter(|o| o != key) {
            stale.push(old);
        }
    }
    if let (Some(s), true) = (&store, changed) {
        let next = Manifest {
            files: files
                .iter()
                .zip(&recs)
                .zip(encoded)
                .map(|(((name, _), (key, state, heads)), bytes)| {
                    let rec = FileRecord {
                        state: state.clone(),
                        key: *key,
                        heads: bytes.unwrap_or_else(|| heads.encode()),
                    };
                    (name.clone(), rec)
                })
                .collect(),
        };
        s.save_manifest(skey, &next);
        // Another set of sources may still have used one of these: it reads the file again.
        for key in stale {
            s.remove(key);
        }
    }
    let total: usize = recs.iter().map(|r| r.2.heads.len()).sum();
    let mut entries = Vec::with_capacity(total);
    for (fi, ((name, _), (key, _, heads))) in files.iter().zip(recs).enumerate() {
        let mut mine = bodies.remove(name).map(Vec::into_iter);
        for (pos, h) in heads.heads.into_iter().enumerate() {
            let body = mine
                .as_mut()
                .and_then(Iterator::next)
                .map(|(doc, mentions)| Body { doc, mentions });
            entries.push((h, body, Some(Origin { file: fi, pos, key })));
        }
    }
    let loader = store.map(|s| Loader {
        store: s,
        files,
        gazetteer: g.clone(),
        source_keys: source_keys.clone(),
        matcher,
        names_fp,
    });
    corpus.shelve(entries, loader, ids);
    // Without a cache there is no index state to compare with.
    corpus.fingerprint = if cache_root.is_some() { fingerprint } else { 0 };
    corpus.stats = stats;
    corpus.source_keys = source_keys;
    corpus.add_gazetteer_warnings(g);
    corpus
}

/// A file in a [`Quick`]: name, (size, time, when hashed) on disk, or the content hash if
/// compiled in.
type QuickFile = (String, Option<(u64, i128, i128)>, Option<u64>);

/// What a quick freshness check needs: each file's name and state (or, compiled in, its
/// content hash), the gazetteer fingerprint, and the corpus fingerprint they add up to.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Quick {
    base: u64,
    /// Directories read, with their modification times: unchanged, no file came or went.
    dirs: Vec<(PathBuf, Option<i128>)>,
    /// Each file: name, (size, time, when hashed) on disk, or the content hash if compiled in.
    files: Vec<QuickFile>,
    fingerprint: u64,
}

impl Quick {
    fn decode(b: &[u8]) -> Option<Quick> {
        postcard::from_bytes(b).ok()
    }
}

fn quick_name(skey: u64) -> String {
    format!("quick-{skey:016x}.bin")
}

/// The corpus fingerprint, if every file is as it was when last loaded: found by listing and
/// stating the files, reading none. `None` means "load the corpus to know".
pub(super) fn quick_fingerprint(
    sources: &[Source],
    extra: &[PathBuf],
    cache_root: &Path,
) -> Option<u64> {
    let gaz_files = gazetteer_files(sources, extra);
    let store = IngestCache::new(cache_root);
    let skey = sources_key(sources, &gaz_files);
    let quick = store
        .blob(&quick_name(skey))
        .and_then(|b| Quick::decode(&b))?;
    // With no directory changed, the files are the ones listed last time: no need to list them.
    let dirs_same = quick
        .dirs
        .par_iter()
        .all(|(d, t)| t.is_some() && cache::stat(d).map(|(_, m)| m) == *t);
    let files: Vec<(String, FileData)> = if dirs_same {
        let mut bundled = crate::bundled::FILES.iter();
        quick
            .files
            .iter()
            .map(|(name, _, b)| match b {
                Some(_) => match bundled.next() {
                    Some((n, bytes)) if n == name => (name.clone(), FileData::Bytes(bytes)),
                    _ => (name.clone(), FileData::Path(PathBuf::from(name))),
                },
                None => (name.clone(), FileData::Path(PathBuf::from(name))),
            })
            .collect()
    } else {
        list_files(sources)
    };
    if quick.files.len() != files.len() || gazetteer_fingerprint(&gaz_files) != quick.base {
        return None;
    }
    let same = files.par_iter().zip(quick.files.par_iter()).all(
        |((name, data), (qname, state, bundled))| {
            if name != qname {
                return false;
            }
            match data {
                FileData::Bytes(b) => *bundled == Some(cache::content_hash(b)),
                FileData::Failed(_) => false,
                FileData::Path(p) => {
                    let Some((size, mtime, checked)) = state else {
                        return false;
                    };
                    let st = FileState {
                        size: *size,
                        mtime: *mtime,
                        checked: *checked,
                        content: 0,
                        entities: Vec::new(),
                    };
                    cache::stat(p).is_some_and(|(sz, mt)| st.still(sz, mt))
                }
            }
        },
    );
    same.then_some(quick.fingerprint)
}

/// A file's documents as pass 2 found them.
enum Made {
    /// Unchanged since the manifest was written: its state there and its headers.
    Known(Option<FileState>, FileHeads, Vec<u8>),
    /// Read from the cache entry or from the file: headers, and the bodies when they are to
    /// stay in memory (no cache).
    Read {
        /// Parsed now (not decoded from the cache).
        parsed: bool,
        heads: FileHeads,
        docs: Option<Vec<(crate::model::Document, Vec<crate::mentions::Mention>)>>,
    },
}

impl Made {
    fn read(r: FileResult, keep_bodies: bool, g: &Gazetteer, parsed: bool) -> Made {
        Made::Read {
            parsed,
            heads: FileHeads {
                heads: r.docs.iter().map(|(d, ms)| Head::of(d, ms, g)).collect(),
                warnings: r.warnings,
                readable: r.readable,
            },
            docs: keep_bodies.then_some(r.docs),
        }
    }
}
