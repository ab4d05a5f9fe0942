//! The ingest cache: what reading and name resolution made of each source file, kept in the
//! cache directory so that a warm start decodes results instead of parsing text again.
//!
//! Entries are keyed by the file's name, a hash of its content and a fingerprint of everything
//! else the result depends on (this build's code, the gazetteers, the entities the sources
//! define), so a changed file is read again alone and a stale entry is never used. A manifest
//! per set of sources remembers each file's size, modification time and content hash, so an
//! unchanged file is not even read. Everything here is a cache: a missing, damaged or
//! unwritable file only costs time.

use crate::gazetteer::Entity;
use crate::mentions::Mention;
use crate::model::{Document, NameTag, Warning};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::Xxh3;

/// Bumped when the layout of cached data changes.
const LAYOUT: u64 = 1;

/// The cache directory: `--cache-dir`, else `CARREL_CACHE`, else `$XDG_CACHE_HOME/carrel`,
/// else `~/.cache/carrel`.
pub fn cache_dir(flag: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = flag {
        return Some(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("CARREL_CACHE").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    if let Some(p) = std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p).join("carrel"));
    }
    std::env::var_os("HOME")
        .filter(|v| !v.is_empty())
        .map(|h| PathBuf::from(h).join(".cache/carrel"))
}

/// A 64-bit hash of several byte strings (xxh3; each part's length is hashed too, so parts
/// cannot run into each other).
pub fn hash(parts: &[&[u8]]) -> u64 {
    let mut h = Xxh3::new();
    for p in parts {
        h.update(&(p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.digest()
}

/// The hash of a file's content.
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// A fingerprint of this build and of the cache layout.
pub fn build_fingerprint() -> u64 {
    hash(&[
        &LAYOUT.to_le_bytes(),
        &crate::bundled::SOURCE_FINGERPRINT.to_le_bytes(),
        env!("CARGO_PKG_VERSION").as_bytes(),
    ])
}

/// A mention as cached (the model's own serde form leaves out empty candidate lists, which a
/// compact binary format cannot do).
#[derive(Serialize, Deserialize)]
struct CachedMention {
    entity: Option<String>,
    block: usize,
    start: usize,
    end: usize,
    text: String,
    candidates: Vec<String>,
}

/// A document as cached, with the fields its JSON form leaves out.
#[derive(Serialize, Deserialize)]
struct CachedDoc {
    doc: Document,
    raw: String,
    name_tags: Vec<NameTag>,
    mentions: Vec<CachedMention>,
}

/// What one file gave, names resolved.
#[derive(Debug, Default)]
pub struct FileResult {
    /// Its documents, with their mentions.
    pub docs: Vec<(Document, Vec<Mention>)>,
    /// Warnings about the file as a whole (kept when it gave no document).
    pub warnings: Vec<Warning>,
    /// Whether the file could be read at all.
    pub readable: bool,
}

#[derive(Serialize, Deserialize)]
/// One file's entry: each document encoded on its own, so that reading one document of a
/// large edition decodes that document alone.
struct Entry {
    docs: Vec<serde_bytes::ByteBuf>,
    warnings: Vec<Warning>,
    readable: bool,
}

impl CachedDoc {
    fn into_pair(self) -> (Document, Vec<Mention>) {
        let mut doc = self.doc;
        doc.raw = self.raw;
        doc.name_tags = self.name_tags;
        let mentions = self
            .mentions
            .into_iter()
            .map(|m| Mention {
                entity: m.entity,
                block: m.block,
                start: m.start,
                end: m.end,
                text: m.text,
                candidates: m.candidates,
            })
            .collect();
        (doc, mentions)
    }
}

/// What the manifest remembers of a file on disk, to know it unchanged without reading it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileState {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime: i128,
    /// When the content was hashed, nanoseconds since the epoch.
    pub checked: i128,
    /// The content hash.
    pub content: u64,
    /// Entities the file defines, as JSON (most files define none).
    pub entities: Vec<(String, String)>,
}

impl FileState {
    /// Whether a file with this size and time is the one hashed. A file modified within a
    /// second before it was hashed is hashed again: a later edit in the same clock tick
    /// could have kept its time.
    pub fn still(&self, size: u64, mtime: i128) -> bool {
        self.size == size && self.mtime == mtime && self.checked - self.mtime > 1_000_000_000
    }
}

/// What the manifest keeps of one file: its state, its cache key, and the headers of its
/// documents (encoded apart, so that records are decoded in parallel, and only where the key
/// still holds), so a warm start decodes no entry at all.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileRecord {
    /// Size, time and content hash (files on disk).
    pub state: Option<FileState>,
    /// The key of its entry.
    pub key: u64,
    /// The encoded [`FileHeads`] (as bytes, copied whole rather than one by one).
    #[serde(with = "serde_bytes")]
    pub heads: Vec<u8>,
}

/// The headers of one file's documents.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FileHeads {
    /// Headers of its documents, in file order (ids before collisions are numbered).
    pub heads: Vec<crate::corpus::Head>,
    /// Warnings about the file as a whole (when it gave no document).
    pub warnings: Vec<Warning>,
    /// Whether it could be read.
    pub readable: bool,
}

impl FileHeads {
    /// Encode for a [`FileRecord`].
    pub fn encode(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }

    /// Decode from a [`FileRecord`].
    pub fn decode(bytes: &[u8]) -> Option<FileHeads> {
        postcard::from_bytes(bytes).ok()
    }
}

/// The manifest of one set of sources: file name to record.
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// Files by name.
    pub files: HashMap<String, FileRecord>,
}

/// The ingest cache in one directory.
#[derive(Debug, Clone)]
pub struct IngestCache {
    dir: PathBuf,
}

impl IngestCache {
    /// The cache under `root` (created when first written).
    pub fn new(root: &Path) -> IngestCache {
        IngestCache {
            dir: root.join("ingest"),
        }
    }

    fn entry_path(&self, key: u64) -> PathBuf {
        self.dir
            .join(format!("{:02x}", key >> 56))
            .join(format!("{key:016x}.bin"))
    }

    /// The cached result for a key, if there is a sound one.
    pub fn get(&self, key: u64) -> Option<FileResult> {
        let bytes = read_sealed(&self.entry_path(key))?;
        let e: Entry = postcard::from_bytes(&bytes).ok()?;
        let docs = e
            .docs
            .iter()
            .map(|b| {
                postcard::from_bytes::<CachedDoc>(b)
                    .ok()
                    .map(CachedDoc::into_pair)
            })
            .collect::<Option<Vec<_>>>()?;
        Some(FileResult {
            docs,
            warnings: e.warnings,
            readable: e.readable,
        })
    }

    /// One document of a cached result (the others are not decoded).
    pub fn get_one(&self, key: u64, pos: usize) -> Option<(Document, Vec<Mention>)> {
        let bytes = read_sealed(&self.entry_path(key))?;
        let e: Entry = postcard::from_bytes(&bytes).ok()?;
        let one = e.docs.get(pos)?;
        postcard::from_bytes::<CachedDoc>(one)
            .ok()
            .map(CachedDoc::into_pair)
    }

    /// Forget the result under a key (when no file has that content any more).
    pub fn remove(&self, key: u64) {
        let _ = std::fs::remove_file(self.entry_path(key));
    }

    /// Keep a result under a key. Failures are ignored: the cache only saves time.
    pub fn put(&self, key: u64, r: &FileResult) {
        let docs = r
            .docs
            .iter()
            .map(|(d, ms)| {
                let c = CachedDoc {
                    doc: d.clone(),
                    raw: d.raw.clone(),
                    name_tags: d.name_tags.clone(),
                    mentions: ms
                        .iter()
                        .map(|m| CachedMention {
                            entity: m.entity.clone(),
                            block: m.block,
                            start: m.start,
                            end: m.end,
                            text: m.text.clone(),
                            candidates: m.candidates.clone(),
                        })
                        .collect(),
                };
                postcard::to_allocvec(&c)
                    .ok()
                    .map(serde_bytes::ByteBuf::from)
            })
            .collect::<Option<Vec<_>>>();
        let Some(docs) = docs else {
            return;
        };
        let e = Entry {
            docs,
            warnings: r.warnings.clone(),
            readable: r.readable,
        };
        if let Ok(bytes) = postcard::to_allocvec(&e) {
            write_atomic(&self.entry_path(key), &bytes);
        }
    }

    fn manifest_path(&self, sources: u64) -> PathBuf {
        self.dir.join(format!("manifest-{sources:016x}.bin"))
    }

    /// The manifest of a set of sources (empty when there is none yet).
    pub fn manifest(&self, sources: u64) -> Manifest {
        read_sealed(&self.manifest_path(sources))
            .and_then(|b| postcard::from_bytes(&b).ok())
            .unwrap_or_default()
    }

    /// Keep the manifest of a set of sources.
    pub fn save_manifest(&self, sources: u64, m: &Manifest) {
        if let Ok(bytes) = postcard::to_allocvec(m) {
            write_atomic(&self.manifest_path(sources), &bytes);
        }
    }

    /// Write any small cached file (a document list, say) under a name.
    pub fn put_blob(&self, name: &str, bytes: &[u8]) {
        write_atomic(&self.dir.join(name), bytes);
    }

    /// Read a cached file written with `put_blob`.
    pub fn blob(&self, name: &str) -> Option<Vec<u8>> {
        read_sealed(&self.dir.join(name))
    }
}

/// What starts every cache file: a mark and the format of the seal.
const SEAL: &[u8; 4] = b"crl1";

/// A cache file's bytes: [`SEAL`], the xxh3 of the payload (8 bytes, little-endian), the
/// payload. Every cache file carries the checksum of its own bytes.
fn seal(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 12);
    out.extend_from_slice(SEAL);
    out.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The payload of a sealed cache file, if its checksum holds (else it is treated as missing:
/// the source is read again, never trusted).
pub fn unseal(bytes: &[u8]) -> Option<&[u8]> {
    let (head, payload) = (bytes.get(..12)?, bytes.get(12..)?);
    let sum = u64::from_le_bytes(head[4..12].try_into().ok()?);
    (&head[..4] == SEAL && xxhash_rust::xxh3::xxh3_64(payload) == sum).then_some(payload)
}

/// Read a cache file and check its seal.
fn read_sealed(path: &Path) -> Option<Vec<u8>> {
    let bytes = std::fs::read(path).ok()?;
    unseal(&bytes).map(<[u8]>::to_vec)
}

/// Write a cache file, sealed, through a temporary file and rename, so a reader never sees
/// half a file.
fn write_atomic(path: &Path, payload: &[u8]) {
    let bytes = &seal(payload)[..];
    let Some(parent) = path.parent() else {
        return;
    };
    if std::fs::create_dir_all(parent).is_err() {
        return;
    }
    let tmp = parent.join(format!(
        ".{}.{}.tmp",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    let ok = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes))
        .is_ok();
    if !ok || std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// Entities as JSON, with where they came from (which their JSON form leaves out).
pub fn entities_to_json(entities: &[(String, Entity)]) -> Vec<(String, String)> {
    entities
        .iter()
        .map(|(k, e)| {
            let json = serde_json::json!({ "entity": e, "origin": e.origin, "tagged_only": e.tagged_only });
            (k.clone(), json.to_string())
        })
        .collect()
}

/// Entities back from `entities_to_json` (unreadable ones are dropped).
pub fn entities_from_json(list: &[(String, String)]) -> Vec<(String, Entity)> {
    list.iter()
        .filter_map(|(k, j)| {
            let v: serde_json::Value = serde_json::from_str(j).ok()?;
            let mut e: Entity = serde_json::from_value(v.get("entity")?.clone()).ok()?;
            e.origin = v.get("origin")?.as_str()?.to_string();
            e.tagged_only = v.get("tagged_only")?.as_bool()?;
            Some((k.clone(), e))
        })
        .collect()
}

/// A file's size and modification time (nanoseconds), if it has them.
pub fn stat(path: &Path) -> Option<(u64, i128)> {
    let m = std::fs::metadata(path).ok()?;
    let t = m.modified().ok()?;
    let ns = match t.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    };
    Some((m.len(), ns))
}

/// Now, in nanoseconds since the epoch.
pub fn now_ns() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0)
}
