//! The finder's haystack kept in the cache: every entity's names folded with their letter
//! masks, what `who` prints of each entity, and where each is mentioned, for one corpus
//! fingerprint. `carrel who` reads this one file when the corpus has not changed, and neither
//! parses the gazetteers nor loads the corpus.

use crate::corpus::Corpus;
use crate::search::fuzzy::{char_mask, Haystack, Name};
use crate::text::fold;
use std::path::{Path, PathBuf};

/// What `who` shows of an entity.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Shown {
    /// Stable id.
    pub id: String,
    /// Preferred name.
    pub name: String,
    /// Kind (`person`, `place`, …).
    pub kind: String,
    /// Other spellings.
    pub aliases: Vec<String>,
    /// Names in the original script.
    pub original: Vec<String>,
    /// Role or office.
    pub role: Option<String>,
    /// A short description.
    pub description: Option<String>,
}

/// The finder's haystack and what goes with it, for one corpus. Kept as a few long strings
/// and arrays, so that reading it is a handful of allocations, not one per name; an entity's
/// particulars are decoded only when shown.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Names {
    /// The corpus fingerprint this was made for.
    pub fingerprint: u64,
    /// For each name, its entity (names of an entity are contiguous).
    entity: Vec<u32>,
    /// For each name, its letter mask.
    mask: Vec<u64>,
    /// The names folded, one after another, and where each ends.
    folded: String,
    folded_end: Vec<u32>,
    /// The names as written, and where each ends.
    text: String,
    text_end: Vec<u32>,
    /// Each entity's particulars ([`Shown`], encoded), and where each ends.
    #[serde(with = "serde_bytes")]
    shown: Vec<u8>,
    shown_end: Vec<u32>,
    /// Document ids, in corpus order, and where each ends.
    docs: String,
    docs_end: Vec<u32>,
    /// For each entity, the documents naming it and how often: (document, mentions).
    mentions: Vec<Vec<(u32, u32)>>,
}

/// The `i`th of the pieces of `all` that end at `ends`.
fn piece<'a>(all: &'a str, ends: &[u32], i: usize) -> &'a str {
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    let end = ends.get(i).map_or(start, |&e| e as usize);
    all.get(start..end).unwrap_or("")
}

/// The layout of the file; another layout is made again.
const LAYOUT: u32 = 2;

fn path(cache: &Path, key: u64) -> PathBuf {
    cache
        .join("finder")
        .join(format!("{key:016x}-{LAYOUT}.bin"))
}

impl Names {
    /// Made from a loaded corpus (headers only: no document is read).
    pub fn of(corpus: &Corpus) -> Names {
        let g = &corpus.gazetteer;
        let hay = Haystack::new(g);
        let mut n = Names {
            fingerprint: corpus.fingerprint,
            entity: Vec::with_capacity(hay.names.len()),
            mask: Vec::with_capacity(hay.names.len()),
            folded: String::new(),
            folded_end: Vec::with_capacity(hay.names.len()),
            text: String::new(),
            text_end: Vec::with_capacity(hay.names.len()),
            shown: Vec::new(),
            shown_end: Vec::with_capacity(g.entities.len()),
            docs: String::new(),
            docs_end: Vec::with_capacity(corpus.docs.len()),
            mentions: vec![Vec::new(); g.entities.len()],
        };
        for name in &hay.names {
            n.entity.push(name.entity);
            n.mask.push(name.mask);
            n.folded.push_str(&name.folded);
            n.folded_end.push(n.folded.len() as u32);
            n.text.push_str(&name.text);
            n.text_end.push(n.text.len() as u32);
        }
        for e in &g.entities {
            let shown = Shown {
                id: e.id.clone(),
                name: e.name.clone(),
                kind: e.kind.as_str().to_string(),
                aliases: e.aliases.clone(),
                original: e.original.clone(),
                role: e.role.clone(),
                description: e.description.clone(),
            };
            if let Ok(b) = postcard::to_allocvec(&shown) {
                n.shown.extend_from_slice(&b);
            }
            n.shown_end.push(n.shown.len() as u32);
        }
        for (i, d) in corpus.docs.heads().enumerate() {
            n.docs.push_str(&d.id);
            n.docs_end.push(n.docs.len() as u32);
            for &(e, count) in corpus.docs.counts(i) {
                if let Some(m) = n.mentions.get_mut(e as usize) {
                    if count > 0 {
                        m.push((i as u32, count));
                    }
                }
            }
        }
        n
    }

    /// How many entities there are.
    pub fn entities(&self) -> usize {
        self.shown_end.len()
    }

    /// Entity `i`'s particulars.
    pub fn entity(&self, i: usize) -> Option<Shown> {
        let start = if i == 0 {
            0
        } else {
            *self.shown_end.get(i - 1)? as usize
        };
        let end = *self.shown_end.get(i)? as usize;
        postcard::from_bytes(self.shown.get(start..end)?).ok()
    }

    /// Name `i` as written.
    pub fn text(&self, i: usize) -> &str {
        piece(&self.text, &self.text_end, i)
    }

    /// A haystack of the names that could match `query` (their letters include the query's),
    /// with, for each, its place among all the names.
    pub fn haystack_for(&self, query: &str) -> (Haystack, Vec<u32>) {
        let need = char_mask(&fold(query));
        let mut names = Vec::new();
        let mut at = Vec::new();
        for (i, &m) in self.mask.iter().enumerate() {
            if m & need != need {
                continue;
            }
            let folded = piece(&self.folded, &self.folded_end, i).to_string();
            names.push(Name {
                entity: self.entity[i],
                text: String::new(),
                chars: (!folded.is_ascii()).then(|| folded.chars().collect()),
                folded,
                mask: m,
            });
            at.push(i as u32);
        }
        (Haystack { names }, at)
    }

    /// The documents naming entity `e`, with their mention counts, in corpus order.
    pub fn documents(&self, e: usize) -> Vec<(&str, u32)> {
        self.mentions
            .get(e)
            .map(|v| {
                v.iter()
                    .map(|&(d, n)| (piece(&self.docs, &self.docs_end, d as usize), n))
                    .collect()
            })
            .unwrap_or_default()
    }
    /// The names kept for the set of sources `key`, if they were made for `fingerprint`.
    pub fn load(cache: &Path, key: u64, fingerprint: u64) -> Option<Names> {
        let bytes = std::fs::read(path(cache, key)).ok()?;
        let n: Names = postcard::from_bytes(&bytes).ok()?;
        (n.fingerprint == fingerprint && fingerprint != 0).then_some(n)
    }

    /// Keep them for next time (a cache: failing to write is no error).
    pub fn save(&self, cache: &Path, key: u64) {
        if self.fingerprint == 0 {
            return;
        }
        let p = path(cache, key);
        let Some(dir) = p.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let Ok(bytes) = postcard::to_allocvec(self) else {
            return;
        };
        let tmp = p.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, &p).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}
