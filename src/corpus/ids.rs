//! Document ids that do not move. A document's id never depends on the order or presence of
//! other files: when several records claim one id, the one the data directory already knows
//! under that id keeps it; when none is known, the one whose path (relative to its corpus root)
//! sorts first. Every other claimant gets `<id>-<first 8 hex digits of xxh3 of its relative
//! path>`, which does not change as other files come and go.
//!
//! The registry (`ids.json` in the data directory) records every id given, with the content
//! fingerprint (folded title, date and kind) and relative path of its document, and since when
//! that document holds it. A recorded holder absent for now keeps its id reserved (a newcomer
//! claiming it gets a suffix). When the file at the recorded path now holds another record
//! (another title, date and kind), the id changed identity: notes made on it before are
//! flagged rather than shown as `ok`.

use crate::model::{Document, Warning};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What the registry knows of one id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    /// The document's path relative to its corpus root (with `#k` for the k-th claimant of
    /// one file).
    pub path: String,
    /// xxh3 of its folded title, date and kind, 16 hex digits.
    pub fingerprint: String,
    /// Unix seconds since this document holds the id (0: since it was first given).
    #[serde(default)]
    pub since: i64,
}

/// The registry file's contents.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct RegistryFile {
    ids: BTreeMap<String, Holder>,
}

/// Where the ids are given: the corpus roots (to make paths relative) and the registry file.
#[derive(Debug, Default, Clone)]
pub struct IdContext {
    /// Corpus roots, as displayed in `source_file` (directories and single files).
    pub roots: Vec<String>,
    /// The registry file, when there is a data directory.
    pub registry: Option<PathBuf>,
}

impl IdContext {
    /// The context for these sources, with the registry in `data_dir` (if any).
    pub fn new(sources: &[super::Source], data_dir: Option<&Path>) -> IdContext {
        let roots = sources
            .iter()
            .filter_map(|s| match s {
                super::Source::Path(p) => Some(p.display().to_string()),
                super::Source::Bundled => None,
            })
            .collect();
        IdContext {
            roots,
            registry: data_dir.map(|d| d.join("ids.json")),
        }
    }

    /// A file's path relative to the corpus root it was found under (the longest root that is
    /// a prefix); a single file named on its own is its file name.
    pub fn relative(&self, source_file: &str) -> String {
        let mut best: Option<&str> = None;
        for r in &self.roots {
            let root = r.trim_end_matches('/');
            let inside = source_file == root
                || (source_file.starts_with(root) && source_file[root.len()..].starts_with('/'));
            if inside && best.is_none_or(|b| root.len() > b.len()) {
                best = Some(root);
            }
        }
        match best {
            Some(root) if source_file.len() > root.len() => source_file[root.len()..]
                .trim_start_matches('/')
                .to_string(),
            _ => Path::new(source_file)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_else(|| source_file.to_string()),
        }
    }
}

/// The content fingerprint of a document: its folded title, date and kind.
pub fn fingerprint(d: &Document) -> String {
    let h = crate::cache::hash(&[
        crate::text::fold(&d.title).as_bytes(),
        d.date.as_deref().unwrap_or("").as_bytes(),
        d.kind.as_str().as_bytes(),
    ]);
    format!("{h:016x}")
}

/// The suffix a second claimant gets: 8 hex digits of xxh3 of its relative path.
pub fn path_suffix(rel: &str) -> String {
    format!("{:08x}", xxhash_rust::xxh3::xxh3_64(rel.as_bytes()) >> 32)
}

/// What giving ids decided: the id of each document (in the order given), warnings for
/// `check`, and the ids whose holder changed identity (with since when).
#[derive(Debug, Default)]
pub struct Assigned {
    /// One id per document, in the order given.
    pub ids: Vec<String>,
    /// One warning per record that did not get the id it claims.
    pub warnings: Vec<Warning>,
    /// Ids now held by another document than the one recorded, with since when.
    pub reassigned: HashMap<String, i64>,
}

/// Give each document (by its claimed id, `docs[i].id`) its id.
pub fn assign(docs: &[&Document], ctx: &IdContext) -> Assigned {
    let mut reg = ctx
        .registry
        .as_ref()
        .and_then(|p| std::fs::read(p).ok())
        .and_then(|b| serde_json::from_slice::<RegistryFile>(&b).ok())
        .unwrap_or_default();
    let before = reg.ids.clone();
    // Each document's relative path (the k-th claimant of one id in one file gets `#k`).
    let mut seen_in_file: HashMap<(String, String), usize> = HashMap::new();
    let paths: Vec<String> = docs
        .iter()
        .map(|d| {
            let rel = ctx.relative(&d.source_file);
            let k = seen_in_file.entry((d.id.clone(), rel.clone())).or_insert(0);
            *k += 1;
            if *k == 1 {
                rel
            } else {
                format!("{rel}#{k}")
            }
        })
        .collect();
    let prints: Vec<String> = docs.iter().map(|d| fingerprint(d)).collect();
    let mut claims: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        claims.entry(d.id.as_str()).or_default().push(i);
    }
    let mut out = Assigned {
        ids: docs.iter().map(|d| d.id.clone()).collect(),
        ..Assigned::default()
    };
    let taken: HashSet<&str> = claims.keys().copied().collect();
    let now = crate::notes::now();
    let mut claimed: Vec<(&str, &Vec<usize>)> = claims.iter().map(|(k, v)| (*k, v)).collect();
    claimed.sort();
    let mut given: HashSet<String> = HashSet::new();
    // The suffixed ids recorded, by the path that holds them: a record known as `<id>-<hex>`
    // keeps that id even when it is, for now, the only claimant of `<id>`.
    let suffixed: HashMap<&str, Vec<&str>> = {
        let mut m: HashMap<&str, Vec<&str>> = HashMap::new();
        for (id, h) in &before {
            m.entry(h.path.as_str()).or_default().push(id.as_str());
        }
        m
    };
    let known_as_other = |i: usize, id: &str| -> bool {
        suffixed.get(paths[i].as_str()).is_some_and(|ids| {
            ids.iter().any(|other| {
                other.len() == id.len() + 9
                    && other.starts_with(id)
                    && other.as_bytes()[id.len()] == b'-'
            })
        })
    };
    for (id, who) in claimed {
        let known = reg.ids.get(id).cloned();
        // The known holder: the same path, else the same content; else the first path among
        // the records not known under another id.
        // A recorded holder that is absent for now keeps the id: a newcomer gets a suffix.
        let keeper = match &known {
            Some(h) => who
                .iter()
                .copied()
                .find(|&i| paths[i] == h.path)
                .or_else(|| who.iter().copied().find(|&i| prints[i] == h.fingerprint)),
            None => who
                .iter()
                .copied()
                .filter(|&i| !known_as_other(i, id))
                .min_by(|&a, &b| paths[a].cmp(&paths[b])),
        };
        if let Some(keeper) = keeper {
            // The same record: its content fingerprint (it may have moved). At the recorded
            // path with another title, date and kind, it is another record.
            let same = known
                .as_ref()
                .is_some_and(|h| h.fingerprint == prints[keeper]);
            let since = match &known {
                Some(h) if same => h.since,
                Some(_) => now,
                None => 0,
            };
            reg.ids.insert(
                id.to_string(),
                Holder {
                    path: paths[keeper].clone(),
                    fingerprint: prints[keeper].clone(),
                    since,
                },
            );
            given.insert(id.to_string());
        }
        for &i in who.iter().filter(|&&i| Some(i) != keeper) {
            let mut new_id = format!("{id}-{}", path_suffix(&paths[i]));
            // Practically never: a suffixed id that is another record's own id.
            let mut salt = 1;
            while taken.contains(new_id.as_str()) || given.contains(&new_id) {
                salt += 1;
                new_id = format!("{id}-{}", path_suffix(&format!("{}#{salt}", paths[i])));
            }
            let since = match reg.ids.get(&new_id) {
                Some(h) if h.fingerprint == prints[i] => h.since,
                Some(_) => now,
                None => 0,
            };
            reg.ids.insert(
                new_id.clone(),
                Holder {
                    path: paths[i].clone(),
                    fingerprint: prints[i].clone(),
                    since,
                },
            );
            let holder = match keeper {
                Some(k) => format!("{}:{}", docs[k].source_file, docs[k].source_line),
                None => format!(
                    "{} (recorded in the data directory, not in the corpus now)",
                    known.as_ref().map_or("another record", |h| h.path.as_str())
                ),
            };
            out.warnings.push(Warning {
                file: docs[i].source_file.clone(),
                line: docs[i].source_line,
                message: format!("the id {id} belongs to {holder}; this record is {new_id}"),
            });
            given.insert(new_id.clone());
            out.ids[i] = new_id;
        }
    }
    // Every id given whose document took it from another: notes older than that are flagged.
    for id in &given {
        if let Some(h) = reg.ids.get(id).filter(|h| h.since > 0) {
            out.reassigned.insert(id.clone(), h.since);
        }
    }
    if reg.ids != before {
        if let Some(p) = &ctx.registry {
            save(p, &reg);
        }
    }
    out
}

/// Write the registry atomically; a data directory that cannot be written keeps the old one
/// (ids are then given the same way next time, from what was recorded).
fn save(path: &Path, reg: &RegistryFile) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = dir.join(format!("ids.json.{}.tmp", std::process::id()));
    let Ok(bytes) = serde_json::to_vec(reg) else {
        return;
    };
    if std::fs::write(&tmp, bytes).is_ok() {
        if std::fs::rename(&tmp, path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    } else {
        let _ = std::fs::remove_file(&tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_longest_root() {
        let ctx = IdContext {
            roots: vec!["/a".into(), "/a/b/".into()],
            registry: None,
        };
        assert_eq!(ctx.relative("/a/b/c.md"), "c.md");
        assert_eq!(ctx.relative("/a/x/c.md"), "x/c.md");
        assert_eq!(ctx.relative("/ab/c.md"), "c.md");
        assert_eq!(path_suffix("c.md").len(), 8);
    }
}
