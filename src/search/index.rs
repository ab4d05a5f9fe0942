//! Full-text search across the corpus: SQLite FTS5 ranked by bm25, folding case and
//! diacritics, with phrase ("…") and prefix (word*) queries. The index is a cache in the XDG
//! cache directory: brought up to date by content hash whenever it is opened, and safe to
//! delete at any time (annotations are never in it).

use crate::corpus::Corpus;
use crate::model::{BlockKind, Reading};
use rusqlite::{params, Connection};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

pub use crate::cache::cache_dir;

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
    /// The passage around the match, matches in [brackets].
    pub snippet: String,
    /// Relevance (bm25, higher is better).
    pub score: f64,
}

/// A search request.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Words, "phrases" and prefix* terms; may be empty when an entity is given.
    pub text: String,
    /// Only turns of this speaker (entity id).
    pub speaker: Option<String>,
    /// Only paragraphs that name this entity, under any spelling.
    pub entity: Option<String>,
    /// Dated on or after.
    pub from: Option<String>,
    /// Dated on or before.
    pub to: Option<String>,
    /// Only this kind (label or name).
    pub kind: Option<crate::model::DocKind>,
    /// At most this many hits.
    pub limit: usize,
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

/// The search index.
pub struct Index {
    conn: Connection,
}

/// The layout of the index; an index of another layout is dropped and built again.
const LAYOUT: i64 = 2;

/// Each document's blocks hold consecutive rowids (`lo..=hi`), so a changed document is
/// removed by range instead of by scanning the unindexed `doc` column.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS docs (id TEXT PRIMARY KEY, hash TEXT NOT NULL, date TEXT, kind TEXT,
    lo INTEGER, hi INTEGER);
CREATE VIRTUAL TABLE IF NOT EXISTS blocks USING fts5(
    text, doc UNINDEXED, n UNINDEXED, speaker UNINDEXED, speaker_name UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
";

/// Make the schema, dropping an index of another layout first (it is a cache).
fn prepare(conn: &Connection) -> rusqlite::Result<()> {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if v != LAYOUT {
        conn.execute_batch(
            "DROP TABLE IF EXISTS docs; DROP TABLE IF EXISTS blocks; DROP TABLE IF EXISTS meta;",
        )?;
        conn.execute_batch(SCHEMA)?;
        conn.pragma_update(None, "user_version", LAYOUT)?;
    } else {
        conn.execute_batch(SCHEMA)?;
    }
    Ok(())
}

impl Index {
    /// Open the index file in `dir` (a damaged one is deleted and built again: it is a cache).
    pub fn open(dir: &Path) -> Result<Index, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = dir.join("index.db");
        match Self::open_file(&path) {
            Ok(i) => Ok(i),
            Err(_) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
                Self::open_file(&path).map_err(|e| format!("{}: {e}", path.display()))
            }
        }
    }

    fn open_file(path: &Path) -> rusqlite::Result<Index> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(15))?;
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // No full integrity check on every start (it reads the whole file); a damaged index
        // shows itself as an error, and `Index::open` or the caller builds it again.
        prepare(&conn)?;
        Ok(Index { conn })
    }

    /// An index in memory (tests, benchmarks).
    pub fn in_memory() -> Result<Index, String> {
        let conn = Connection::open_in_memory().map_err(|e| e.to_string())?;
        prepare(&conn).map_err(|e| e.to_string())?;
        Ok(Index { conn })
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
        let tick = || {
            if let Some(p) = progress {
                p.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        };
        let err = |e: rusqlite::Error| e.to_string();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(err)?;
        let mut have: HashMap<String, String> = HashMap::new();
        {
            let mut st = tx.prepare("SELECT id, hash FROM docs").map_err(err)?;
            let rows = st
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                .map_err(err)?;
            for r in rows {
                let (id, h) = r.map_err(err)?;
                have.insert(id, h);
            }
        }
        let mut report = Sync::default();
        let present: HashSet<&str> = corpus.docs.heads().map(|d| d.id.as_str()).collect();
        let drop_doc = |tx: &rusqlite::Transaction, id: &str| -> rusqlite::Result<()> {
            tx.execute(
                "DELETE FROM blocks WHERE rowid BETWEEN
                    (SELECT lo FROM docs WHERE id = ?1) AND (SELECT hi FROM docs WHERE id = ?1)",
                params![id],
            )?;
            tx.execute("DELETE FROM docs WHERE id = ?1", params![id])?;
            Ok(())
        };
        for id in have.keys() {
            if !present.contains(id.as_str()) {
                drop_doc(&tx, id).map_err(err)?;
                report.removed += 1;
            }
        }
        for (i, head) in corpus.docs.heads().enumerate() {
            // Compared by the header's hash: only documents that changed are read.
            tick();
            let h = format!("{:016x}", corpus.docs.indexed_hash(i));
            if have.get(&head.id) == Some(&h) {
                report.kept += 1;
                continue;
            }
            // Read for indexing, and not kept in memory.
            let Some(d) = corpus.docs.with_doc(i, Clone::clone) else {
                continue;
            };
            let d = &d;
            if have.contains_key(&d.id) {
                drop_doc(&tx, &d.id).map_err(err)?;
            }
            let (mut lo, mut hi) = (i64::MAX, i64::MIN);
            {
                let mut ins = tx
                    .prepare_cached(
                        "INSERT INTO blocks (text, doc, n, speaker, speaker_name)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                    )
                    .map_err(err)?;
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
                    ins.execute(params![
                        b.text(Reading::Redline),
                        d.id,
                        b.n as i64,
                        speaker,
                        name
                    ])
                    .map_err(err)?;
                    let row = tx.last_insert_rowid();
                    lo = lo.min(row);
                    hi = hi.max(row);
                }
            }
            tx.execute(
                "INSERT OR REPLACE INTO docs (id, hash, date, kind, lo, hi)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![d.id, h, d.date, d.kind.as_str(), lo, hi],
            )
            .map_err(err)?;
            report.indexed += 1;
        }
        // Which corpus the index now holds, for the quick path of later searches.
        if corpus.fingerprint != 0 {
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('corpus', ?1)",
                params![format!("{:016x}", corpus.fingerprint)],
            )
            .map_err(err)?;
        } else {
            tx.execute("DELETE FROM meta WHERE key = 'corpus'", [])
                .map_err(err)?;
        }
        tx.commit().map_err(err)?;
        Ok(report)
    }

    /// The fingerprint of the corpus the index was last brought up to date with.
    pub fn fingerprint(&self) -> Option<u64> {
        let v: String = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'corpus'", [], |r| {
                r.get(0)
            })
            .ok()?;
        u64::from_str_radix(&v, 16).ok()
    }

    /// Search by words alone (no entity): needs no corpus, only the index.
    pub fn search_words(&self, q: &Query) -> Result<Vec<Hit>, String> {
        let limit = if q.limit == 0 { 50 } else { q.limit };
        let wide = if q.speaker.is_some() || q.kind.is_some() || q.from.is_some() || q.to.is_some()
        {
            limit * 50 + 1000
        } else {
            limit
        };
        let mut hits = self.fts(&q.text, q, wide)?;
        hits.truncate(limit);
        Ok(hits)
    }

    /// Run an FTS5 query; on a syntax error, the words are searched as plain words.
    fn fts(&self, text: &str, q: &Query, limit: usize) -> Result<Vec<Hit>, String> {
        // The best rows are chosen first (FTS5's own rank order), and snippets are made for
        // those alone: a common word matches tens of thousands of paragraphs.
        let sql = "SELECT b.doc, b.n, b.speaker, b.speaker_name,
                          snippet(blocks, 0, '[', ']', '…', 16), bm25(blocks), d.date, d.kind
                   FROM blocks b JOIN docs d ON d.id = b.doc
                   WHERE blocks MATCH ?1 AND b.rowid IN
                       (SELECT rowid FROM blocks WHERE blocks MATCH ?1 ORDER BY rank LIMIT ?2)
                   ORDER BY bm25(blocks)";
        let run = |m: &str| -> rusqlite::Result<Vec<(Hit, Option<String>, String)>> {
            let mut st = self.conn.prepare(sql)?;
            let rows = st.query_map(params![m, limit as i64], |r| {
                Ok((
                    Hit {
                        document: r.get(0)?,
                        block: r.get::<_, i64>(1)?.max(0) as usize,
                        speaker: r.get(2)?,
                        speaker_name: r.get(3)?,
                        snippet: r.get(4)?,
                        score: -r.get::<_, f64>(5)?,
                    },
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, String>(7)?,
                ))
            })?;
            rows.collect()
        };
        let rows = match run(text) {
            Ok(r) => r,
            Err(_) => {
                let quoted: Vec<String> = text
                    .split_whitespace()
                    .map(|w| format!("\"{}\"", w.replace('"', "")))
                    .collect();
                run(&quoted.join(" ")).map_err(|e| e.to_string())?
            }
        };
        Ok(rows
            .into_iter()
            .filter(|(h, date, kind)| {
                q.speaker
                    .as_ref()
                    .is_none_or(|s| h.speaker.as_ref() == Some(s))
                    && q.kind.is_none_or(|k| k.as_str() == kind)
                    && crate::dates::date_in_range(
                        date.as_deref(),
                        q.from.as_deref(),
                        q.to.as_deref(),
                    )
            })
            .map(|(h, _, _)| h)
            .collect())
    }

    /// Search. With an entity, only paragraphs that name it count; with an entity and no
    /// words, every such paragraph is a hit, in corpus order.
    pub fn search(&self, corpus: &Corpus, q: &Query) -> Result<Vec<Hit>, String> {
        let limit = if q.limit == 0 { 50 } else { q.limit };
        let naming: Option<HashSet<(String, usize)>> = q.entity.as_ref().map(|id| {
            let mut set = HashSet::new();
            for i in 0..corpus.docs.len() {
                if corpus
                    .gazetteer
                    .position(id)
                    .is_none_or(|e| corpus.docs.count_of(i, e) == 0)
                {
                    continue;
                }
                let d = &corpus.docs[i];
                for m in &corpus.mentions[i] {
                    if m.entity.as_deref() == Some(id.as_str()) {
                        set.insert((d.id.clone(), m.block));
                    }
                }
            }
            set
        });
        if q.text.trim().is_empty() {
            let Some(naming) = naming else {
                return Ok(Vec::new());
            };
            let mut out = Vec::new();
            for (i, head) in corpus.docs.heads().enumerate() {
                let wanted = q
                    .entity
                    .as_deref()
                    .and_then(|id| corpus.gazetteer.position(id));
                if wanted.is_none_or(|e| corpus.docs.count_of(i, e) == 0) {
                    continue;
                }
                let d = &corpus.docs[i];
                if q.kind.is_some_and(|k| k != head.kind)
                    || !crate::dates::date_in_range(
                        d.date.as_deref(),
                        q.from.as_deref(),
                        q.to.as_deref(),
                    )
                {
                    continue;
                }
                for b in &d.blocks {
                    if !naming.contains(&(d.id.clone(), b.n)) {
                        continue;
                    }
                    let speaker = (b.kind == BlockKind::Turn)
                        .then(|| b.speaker.as_ref().and_then(|s| s.id.clone()))
                        .flatten();
                    if q.speaker
                        .as_ref()
                        .is_some_and(|s| speaker.as_ref() != Some(s))
                    {
                        continue;
                    }
                    let text = b.text(Reading::Redline);
                    let snippet = corpus.mentions[i]
                        .iter()
                        .find(|m| m.block == b.n && m.entity.as_deref() == q.entity.as_deref())
                        .map(|m| snippet_around(&text, m.start, m.end))
                        .unwrap_or_else(|| text.chars().take(120).collect());
                    let speaker_name = speaker.as_ref().map(|id| {
                        corpus
                            .gazetteer
                            .get(id)
                            .map(|e| e.name.clone())
                            .unwrap_or_else(|| id.clone())
                    });
                    out.push(Hit {
                        document: d.id.clone(),
                        block: b.n,
                        speaker,
                        speaker_name,
                        snippet,
                        score: 0.0,
                    });
                    if out.len() >= limit {
                        return Ok(out);
                    }
                }
            }
            return Ok(out);
        }
        let wide = if naming.is_some()
            || q.speaker.is_some()
            || q.kind.is_some()
            || q.from.is_some()
            || q.to.is_some()
        {
            limit * 50 + 1000
        } else {
            limit
        };
        let mut hits = self.fts(&q.text, q, wide)?;
        if let Some(naming) = &naming {
            hits.retain(|h| naming.contains(&(h.document.clone(), h.block)));
        }
        hits.truncate(limit);
        Ok(hits)
    }
}

/// About a line of text around a byte range, the range in [brackets].
fn snippet_around(text: &str, start: usize, end: usize) -> String {
    let (start, end) = (start.min(text.len()), end.min(text.len()));
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return text.chars().take(120).collect();
    }
    let before: String = text[..start]
        .chars()
        .rev()
        .take(50)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = text[end..].chars().take(50).collect();
    format!(
        "{}{before}[{}]{after}{}",
        if before.len() < start { "…" } else { "" },
        &text[start..end],
        if end + after.len() < text.len() {
            "…"
        } else {
            ""
        }
    )
}
