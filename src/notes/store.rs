//! The annotations database: SQLite (WAL, a busy timeout so that concurrent writers wait
//! rather than fail), checked when opened. A damaged file is never replaced silently: carrel
//! keeps a copy of it, names it and the last good backup, and stops.

use super::{Note, NoteKind};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Why the store cannot be used.
#[derive(Debug)]
pub enum StoreError {
    /// The database file is damaged.
    Damaged {
        /// The damaged file.
        path: PathBuf,
        /// Where a copy of it was saved.
        copy: Option<PathBuf>,
        /// The last good backup, if there is one.
        backup: Option<PathBuf>,
        /// What SQLite said.
        detail: String,
    },
    /// Any other error (permissions, a full disk, ...).
    Other(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Damaged {
                path,
                copy,
                backup,
                detail,
            } => {
                writeln!(
                    f,
                    "the notes database {} is damaged ({detail}).",
                    path.display()
                )?;
                if let Some(c) = copy {
                    writeln!(f, "A copy of it as it is now was saved as {}.", c.display())?;
                }
                match backup {
                    Some(b) => write!(
                        f,
                        "The last good backup is {b}. To go back to it: mv {p} {p}.broken && cp {b} {p}",
                        b = b.display(),
                        p = path.display()
                    ),
                    None => write!(
                        f,
                        "There is no earlier backup. To try to recover notes: sqlite3 {} .recover; to start afresh, move {} away.",
                        copy.as_deref().unwrap_or(path).display(),
                        path.display()
                    ),
                }
            }
            StoreError::Other(s) => write!(f, "{s}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Other(e.to_string())
    }
}

/// The open annotations database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// The schema version this carrel writes (`PRAGMA user_version`).
/// 1: the first release; 2: each note keeps a fingerprint of its paragraph (`para_*`).
const SCHEMA_VERSION: i64 = 2;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS notes (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    block INTEGER NOT NULL,
    kind TEXT NOT NULL,
    quote TEXT,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    offset INTEGER,
    text TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    colour TEXT,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    para_hash TEXT,
    para_first TEXT,
    para_last TEXT,
    para_text TEXT
);
CREATE INDEX IF NOT EXISTS notes_doc ON notes(doc, block);
";

/// From schema 1 to 2: the paragraph fingerprint's columns (filled in when the notes are
/// first opened beside their documents, see [`crate::notes::fill_fingerprints`]).
const COLUMNS_2: &[&str] = &["para_hash", "para_first", "para_last", "para_text"];

/// Whether a file starts like a SQLite database (or is empty).
fn looks_like_sqlite(path: &Path) -> std::io::Result<bool> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut head = [0u8; 16];
    let n = f.read(&mut head)?;
    Ok(n == 0 || (n == 16 && &head == b"SQLite format 3\0"))
}

impl Store {
    /// The database file in a data directory.
    pub fn path_in(dir: &Path) -> PathBuf {
        dir.join("notes.db")
    }

    /// The backup file in a data directory.
    pub fn backup_in(dir: &Path) -> PathBuf {
        dir.join("notes.backup.db")
    }

    /// Open (or create) the database in `dir`, checking it; when it changed since the last
    /// backup, back the good database up.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Other(format!("cannot create {}: {e}", dir.display())))?;
        let path = Self::path_in(dir);
        let damaged = |detail: String| -> StoreError {
            let stamp = super::now();
            let copy = dir.join(format!("notes.db.damaged-{stamp}"));
            let copy = std::fs::copy(&path, &copy).ok().map(|_| copy);
            let backup = Some(Self::backup_in(dir)).filter(|b| b.exists());
            StoreError::Damaged {
                path: path.clone(),
                copy,
                backup,
                detail,
            }
        };
        if path.exists() {
            match looks_like_sqlite(&path) {
                Ok(true) => {}
                Ok(false) => return Err(damaged("not a SQLite database".into())),
                Err(e) => return Err(StoreError::Other(format!("{}: {e}", path.display()))),
            }
        }
        let conn = Connection::open(&path).map_err(|e| damaged(e.to_string()))?;
        conn.busy_timeout(Duration::from_secs(15))?;
        let check: Result<String, _> = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
            .and_then(|_| conn.query_row("PRAGMA quick_check", [], |r| r.get(0)));
        match check {
            Ok(s) if s == "ok" => {}
            Ok(s) => return Err(damaged(s)),
            Err(e) => return Err(damaged(e.to_string())),
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Other(format!(
                "the notes database {} was written by a newer carrel (schema {version}; this one knows {SCHEMA_VERSION}). It is left as it is: use the newer carrel, or export from it with `carrel notes export --format json`.",
                path.display()
            )));
        }
        let has_table: bool = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'notes'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)?;
        if has_table && version < 2 {
            // Only the columns missing (a database may have been given them already); the
            // columns and the version move together, in one transaction.
            let mut have: Vec<String> = Vec::new();
            {
                let mut st = conn.prepare("PRAGMA table_info(notes)")?;
                for name in st.query_map([], |r| r.get::<_, String>(1))? {
                    have.push(name?);
                }
            }
            let mut sql = String::from("BEGIN IMMEDIATE;");
            for c in COLUMNS_2.iter().filter(|c| !have.iter().any(|h| h == *c)) {
                sql.push_str(&format!(" ALTER TABLE notes ADD COLUMN {c} TEXT;"));
            }
            sql.push_str(" PRAGMA user_version = 2; COMMIT;");
            conn.execute_batch(&sql).map_err(|e| {
                let _ = conn.execute_batch("ROLLBACK");
                StoreError::Other(format!(
                    "cannot bring the notes database {} up to date: {e}",
                    path.display()
                ))
            })?;
        }
        conn.execute_batch(SCHEMA)
            .map_err(|e| damaged(e.to_string()))?;
        if version < SCHEMA_VERSION {
            conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        }
        let store = Store { conn, path };
        store.backup_if_due(dir);
        Ok(store)
    }

    /// Copy the (checked) database to the backup file when the backup is missing or older
    /// than the database.
    fn backup_if_due(&self, dir: &Path) {
        let backup = Self::backup_in(dir);
        let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        let wal = dir.join("notes.db-wal");
        let changed = [modified(&self.path), modified(&wal)]
            .into_iter()
            .flatten()
            .max();
        let due = match (modified(&backup), changed) {
            (Some(b), Some(c)) => c > b,
            _ => true,
        };
        if !due {
            return;
        }
        let tmp = dir.join(format!("notes.backup.{}.tmp", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        let ok = self
            .conn
            .execute("VACUUM INTO ?1", params![tmp.to_string_lossy()])
            .is_ok();
        if ok {
            let _ = std::fs::rename(&tmp, &backup);
        } else {
            let _ = std::fs::remove_file(&tmp);
        }
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Save a note (insert, or replace the one with its id). Each save is its own transaction:
    /// once this returns, the note survives the process being killed.
    pub fn save(&mut self, n: &Note) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        insert(&tx, "INSERT OR REPLACE", n)?;
        tx.commit()?;
        Ok(())
    }

    /// Merge imported notes, never dropping one: a new id is added; the same content is
    /// unchanged; different content that is newer (`updated` later) replaces the stored note;
    /// otherwise both changed (or the stored one is newer) and the imported note is kept
    /// beside it under the id `<id>-c<8 hex of its content>`, reported as a conflict. Importing
    /// the same file again changes nothing. All in one transaction.
    pub fn import(&mut self, notes: &[Note]) -> Result<ImportSummary, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut sum = ImportSummary::default();
        for n in notes {
            let existing = tx
                .query_row(
                    &format!("SELECT {COLUMNS} FROM notes WHERE id = ?1"),
                    params![n.id],
                    row_note,
                )
                .optional()?;
            match existing {
                None => {
                    insert(&tx, "INSERT", n)?;
                    sum.added += 1;
                }
                Some(old) if same_content(&old, n) => sum.unchanged += 1,
                Some(old) if n.updated > old.updated => {
                    let mut n = n.clone();
                    if n.para.is_none() {
                        n.para = old.para.clone();
                    }
                    insert(&tx, "INSERT OR REPLACE", &n)?;
                    sum.updated += 1;
                }
                Some(_) => {
                    let mut copy = n.clone();
                    copy.id = format!("{}-c{}", n.id, content_key(n));
                    let added = insert(&tx, "INSERT OR IGNORE", &copy)?;
                    if added > 0 {
                        sum.conflicts.push((n.id.clone(), copy.id));
                    } else {
                        sum.unchanged += 1;
                    }
                }
            }
        }
        tx.commit()?;
        Ok(sum)
    }

    /// Notes that have no paragraph fingerprint yet.
    pub fn without_fingerprint(&self) -> Result<Vec<Note>, StoreError> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM notes WHERE para_hash IS NULL ORDER BY doc, block, created, id"
        ))?;
        let mut out = Vec::new();
        for n in st.query_map([], row_note)? {
            out.push(n?);
        }
        Ok(out)
    }

    /// Record a note's paragraph fingerprint (nothing else of the note changes).
    pub fn set_fingerprint(
        &mut self,
        id: &str,
        fp: &super::anchor::Fingerprint,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE notes SET para_hash = ?2, para_first = ?3, para_last = ?4, para_text = ?5 \
             WHERE id = ?1 AND para_hash IS NULL",
            params![id, fp.hash, fp.first, fp.last, fp.text],
        )?;
        Ok(())
    }

    /// Delete a note by id; whether it existed.
    pub fn delete(&mut self, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .execute("DELETE FROM notes WHERE id = ?1", params![id])?
            > 0)
    }

    /// One note by id.
    pub fn get(&self, id: &str) -> Result<Option<Note>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM notes WHERE id = ?1"),
                params![id],
                row_note,
            )
            .optional()?)
    }

    /// Every note (of one document, when given), oldest first.
    pub fn list(&self, doc: Option<&str>) -> Result<Vec<Note>, StoreError> {
        let mut out = Vec::new();
        match doc {
            Some(d) => {
                let mut st = self.conn.prepare(&format!(
                    "SELECT {COLUMNS} FROM notes WHERE doc = ?1 ORDER BY block, created, id"
                ))?;
                for n in st.query_map(params![d], row_note)? {
                    out.push(n?);
                }
            }
            None => {
                let mut st = self.conn.prepare(&format!(
                    "SELECT {COLUMNS} FROM notes ORDER BY doc, block, created, id"
                ))?;
                for n in st.query_map([], row_note)? {
                    out.push(n?);
                }
            }
        }
        Ok(out)
    }
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// Notes whose id was new.
    pub added: usize,
    /// Notes replaced by a newer version.
    pub updated: usize,
    /// Notes already present as they are.
    pub unchanged: usize,
    /// (id, id of the imported version kept beside it) for notes changed on both sides.
    pub conflicts: Vec<(String, String)>,
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "imported: {} added, {} updated, {} unchanged, {} in conflict",
            self.added,
            self.updated,
            self.unchanged,
            self.conflicts.len()
        )?;
        for (id, copy) in &self.conflicts {
            write!(
                f,
                "\nconflict: {id} changed here and in the import; the imported version is kept beside it as {copy}"
            )?;
        }
        Ok(())
    }
}

/// Whether two versions of a note say the same (the paragraph fingerprint aside, which is a
/// cache of where the note is).
fn same_content(a: &Note, b: &Note) -> bool {
    (
        &a.doc, a.block, a.kind, &a.quote, &a.prefix, &a.suffix, a.offset, &a.text, &a.tags,
        &a.colour, a.created, a.updated,
    ) == (
        &b.doc, b.block, b.kind, &b.quote, &b.prefix, &b.suffix, b.offset, &b.text, &b.tags,
        &b.colour, b.created, b.updated,
    )
}

/// 8 hex digits of xxh3 of a note's content (what makes a conflict copy's id).
fn content_key(n: &Note) -> String {
    let bytes = serde_json::to_vec(&(
        &n.doc, n.block, &n.quote, &n.text, &n.tags, &n.colour, n.updated,
    ))
    .unwrap_or_default();
    format!("{:08x}", xxhash_rust::xxh3::xxh3_64(&bytes) >> 32)
}

/// Write one note with `verb` (`INSERT OR REPLACE`, `INSERT OR IGNORE`); rows changed.
fn insert(conn: &Connection, verb: &str, n: &Note) -> rusqlite::Result<usize> {
    conn.execute(
        &format!(
            "{verb} INTO notes ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"
        ),
        params![
            n.id,
            n.doc,
            n.block as i64,
            n.kind.as_str(),
            n.quote,
            n.prefix,
            n.suffix,
            n.offset.map(|o| o as i64),
            n.text,
            serde_json::to_string(&n.tags).unwrap_or_else(|_| "[]".into()),
            n.colour,
            n.created,
            n.updated,
            n.para.as_ref().map(|p| p.hash.as_str()),
            n.para.as_ref().map(|p| p.first.as_str()),
            n.para.as_ref().map(|p| p.last.as_str()),
            n.para.as_ref().map(|p| p.text.as_str()),
        ],
    )
}

const COLUMNS: &str = "id, doc, block, kind, quote, prefix, suffix, offset, text, tags, colour, \
     created, updated, para_hash, para_first, para_last, para_text";

fn row_note(r: &rusqlite::Row<'_>) -> rusqlite::Result<Note> {
    let tags: String = r.get(9)?;
    let kind: String = r.get(3)?;
    Ok(Note {
        id: r.get(0)?,
        doc: r.get(1)?,
        block: r.get::<_, i64>(2)?.max(0) as usize,
        kind: NoteKind::parse(&kind).unwrap_or(NoteKind::Note),
        quote: r.get(4)?,
        prefix: r.get(5)?,
        suffix: r.get(6)?,
        offset: r.get::<_, Option<i64>>(7)?.map(|o| o.max(0) as usize),
        text: r.get(8)?,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        colour: r.get(10)?,
        created: r.get(11)?,
        updated: r.get(12)?,
        para: r
            .get::<_, Option<String>>(13)?
            .map(|hash| super::anchor::Fingerprint {
                hash,
                first: r
                    .get::<_, Option<String>>(14)
                    .ok()
                    .flatten()
                    .unwrap_or_default(),
                last: r
                    .get::<_, Option<String>>(15)
                    .ok()
                    .flatten()
                    .unwrap_or_default(),
                text: r
                    .get::<_, Option<String>>(16)
                    .ok()
                    .flatten()
                    .unwrap_or_default(),
            }),
    })
}
