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
    /// The notes can be read but not changed here.
    ReadOnly(String),
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
                let in_damaged = copy.as_deref().and_then(count_notes);
                match backup {
                    Some(b) => {
                        let when = std::fs::metadata(b)
                            .and_then(|m| m.modified())
                            .ok()
                            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                            .map(|d| day_of(d.as_secs() as i64))
                            .unwrap_or_else(|| "an unknown day".into());
                        let held = count_notes(b)
                            .map_or("an unknown number of".to_string(), |n| n.to_string());
                        write!(
                            f,
                            "The backup of {when} ({}) holds {held} notes",
                            b.display()
                        )?;
                        match in_damaged {
                            Some(n) => write!(f, "; the damaged file still counts {n}")?,
                            None => write!(f, "; the damaged file cannot be counted")?,
                        }
                        writeln!(
                            f,
                            ". Notes made since the backup are only in the damaged file: restoring the backup would lose them."
                        )?;
                    }
                    None => writeln!(f, "There is no backup.")?,
                }
                if let Some(c) = copy {
                    writeln!(f, "A copy of the damaged file is kept as {}.", c.display())?;
                }
                write!(
                    f,
                    "`carrel notes salvage` recovers what can be read from it, merges it with the backup and says what could not be recovered."
                )
            }
            StoreError::ReadOnly(s) | StoreError::Other(s) => write!(f, "{s}"),
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
    /// Why the notes cannot be changed (a read-only data directory or medium), if so.
    read_only: Option<String>,
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

/// Why `dir` (or the database in it) cannot be written by this process, if it cannot: a
/// read-only medium, or file modes (root may write whatever the modes say).
fn unwritable(dir: &Path, db: &Path) -> Option<String> {
    use std::os::unix::ffi::OsStrExt;
    let denied = |p: &Path| -> Option<std::io::Error> {
        let c = std::ffi::CString::new(p.as_os_str().as_bytes()).ok()?;
        // SAFETY: `c` is a valid NUL-terminated path for the duration of the call.
        let r = unsafe { libc::access(c.as_ptr(), libc::W_OK) };
        (r != 0).then(std::io::Error::last_os_error)
    };
    if !dir.exists() {
        // The nearest existing ancestor decides whether the directory could be made.
        let mut up = dir.parent();
        while let Some(p) = up {
            if p.exists() {
                return denied(p).map(|e| format!("{} cannot be created ({e})", dir.display()));
            }
            up = p.parent();
        }
        return None;
    }
    if let Some(e) = denied(dir) {
        return Some(format!("{} is not writable ({e})", dir.display()));
    }
    if db.exists() {
        if let Some(e) = denied(db) {
            return Some(format!("{} is not writable ({e})", db.display()));
        }
    }
    None
}

/// A path for a SQLite URI (`%`, `?` and `#` escaped).
fn uri_path(p: &Path) -> String {
    p.display()
        .to_string()
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23")
}

/// 8 hex digits of xxh3 of a file's bytes (what names its damaged copy: one per content).
fn file_key(p: &Path) -> Option<String> {
    let bytes = std::fs::read(p).ok()?;
    Some(format!("{:08x}", xxhash_rust::xxh3::xxh3_64(&bytes) >> 32))
}

/// A calendar date (UTC) of unix seconds, `2026-12-04`.
pub fn day_of(secs: i64) -> String {
    // Days to civil date (Howard Hinnant's algorithm).
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    format!("{:04}-{m:02}-{d:02}", if m <= 2 { y + 1 } else { y })
}

/// How many notes a database file holds, read without changing it.
fn count_notes(p: &Path) -> Option<usize> {
    let c = Connection::open_with_flags(
        format!("file:{}?immutable=1", uri_path(p)),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI,
    )
    .ok()?;
    c.query_row("SELECT count(*) FROM notes", [], |r| r.get::<_, i64>(0))
        .ok()
        .map(|n| n.max(0) as usize)
}

/// The damaged database, diagnosed: one copy of it kept (named by its content, so that
/// opening it again does not copy it again), and what the backup holds.
fn damage_report(dir: &Path, path: &Path, detail: String) -> StoreError {
    let copy = file_key(path).map(|k| dir.join(format!("notes.db.damaged-{k}")));
    let copy = copy.and_then(|c| {
        if c.exists() || std::fs::copy(path, &c).is_ok() {
            Some(c)
        } else {
            None
        }
    });
    let backup = Some(Store::backup_in(dir)).filter(|b| b.exists());
    StoreError::Damaged {
        path: path.to_path_buf(),
        copy,
        backup,
        detail,
    }
}

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
        let path = Self::path_in(dir);
        // A data directory (or medium) that cannot be written: the notes are read, not
        // changed, and nothing calls that damage.
        if let Some(why) = unwritable(dir, &path) {
            return Self::open_read_only(dir, &path, why);
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Other(format!("cannot create {}: {e}", dir.display())))?;
        let damaged = |detail: String| -> StoreError { damage_report(dir, &path, detail) };
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
            .and_then(|_| conn.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0)));
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
        let store = Store {
            conn,
            path,
            read_only: None,
        };
        store.backup_if_due(dir);
        Ok(store)
    }

    /// The notes of a database that cannot be written, copied into memory (so that a
    /// database from an older schema can be read too): listing and export work, changes are
    /// refused with `why`.
    fn open_read_only(dir: &Path, path: &Path, why: String) -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch(SCHEMA)?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
            read_only: Some(why),
        };
        if !path.exists() {
            return Ok(store);
        }
        match looks_like_sqlite(path) {
            Ok(true) => {}
            Ok(false) => return Err(damage_report(dir, path, "not a SQLite database".into())),
            Err(e) => return Err(StoreError::Other(format!("{}: {e}", path.display()))),
        }
        let src = Connection::open_with_flags(
            format!("file:{}?immutable=1", uri_path(path)),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|e| StoreError::Other(format!("cannot read {}: {e}", path.display())))?;
        let check: Result<String, _> = src.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0));
        match check {
            Ok(s) if s == "ok" => {}
            Ok(s) => return Err(damage_report(dir, path, s)),
            Err(e) => return Err(damage_report(dir, path, e.to_string())),
        }
        let version: i64 = src.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Other(format!(
                "the notes database {} was written by a newer carrel (schema {version}; this one knows {SCHEMA_VERSION}). It is left as it is: use the newer carrel, or export from it with `carrel notes export --format json`.",
                path.display()
            )));
        }
        let cols = if version < 2 { COLUMNS_V1 } else { COLUMNS };
        let mut st = src.prepare(&format!("SELECT {cols} FROM notes"))?;
        for n in st.query_map([], row_note)? {
            insert(&store.conn, "INSERT OR REPLACE", &n?)?;
        }
        Ok(store)
    }

    /// Why notes cannot be changed here, if they cannot.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    fn writable(&self) -> Result<(), StoreError> {
        match &self.read_only {
            Some(why) => Err(StoreError::ReadOnly(format!(
                "the notes in {} can be read but not changed: {why}",
                self.path.display()
            ))),
            None => Ok(()),
        }
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
        self.writable()?;
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
        self.writable()?;
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
        // Read-only: the fingerprint is worked out again next time; nothing is lost.
        if self.read_only.is_some() {
            return Ok(());
        }
        self.conn.execute(
            "UPDATE notes SET para_hash = ?2, para_first = ?3, para_last = ?4, para_text = ?5 \
             WHERE id = ?1 AND para_hash IS NULL",
            params![id, fp.hash, fp.first, fp.last, fp.text],
        )?;
        Ok(())
    }

    /// Delete a note by id; whether it existed.
    pub fn delete(&mut self, id: &str) -> Result<bool, StoreError> {
        self.writable()?;
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

/// The columns of schema 1, shaped as [`COLUMNS`].
const COLUMNS_V1: &str =
    "id, doc, block, kind, quote, prefix, suffix, offset, text, tags, colour, \
     created, updated, NULL, NULL, NULL, NULL";

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

/// What `carrel notes salvage` did.
#[derive(Debug, Default)]
pub struct Salvage {
    /// The damaged file read (a kept copy), if there was one.
    pub damaged: Option<PathBuf>,
    /// Notes read from it.
    pub from_damaged: usize,
    /// The backup read, if any.
    pub backup: Option<PathBuf>,
    /// Notes only the backup had.
    pub from_backup: usize,
    /// Notes of the damaged file that could not be read: their ids where the id index still
    /// tells them, else their row numbers.
    pub lost: Vec<String>,
    /// Whether the damaged file could not be read at all (so what it held is unknown).
    pub unreadable: bool,
}

/// The notes a (possibly damaged) database still gives, row by row, and what is known of the
/// rows that cannot be read.
fn read_rows(p: &Path) -> (Vec<Note>, Vec<String>, bool) {
    let Ok(c) = Connection::open_with_flags(
        format!("file:{}?immutable=1", uri_path(p)),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI,
    ) else {
        return (Vec::new(), Vec::new(), true);
    };
    let version: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap_or(SCHEMA_VERSION);
    let cols = if version < 2 { COLUMNS_V1 } else { COLUMNS };
    // The row numbers, from the table, else from the id index (another b-tree).
    let collect = |sql: &str| -> Option<Vec<(i64, Option<String>)>> {
        let mut st = c.prepare(sql).ok()?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<String>>(1).ok().flatten(),
                ))
            })
            .ok()?;
        let mut out = Vec::new();
        for r in rows {
            out.push(r.ok()?);
        }
        Some(out)
    };
    let by_index = collect("SELECT rowid, id FROM notes INDEXED BY sqlite_autoindex_notes_1");
    let by_table = collect("SELECT rowid, NULL FROM notes NOT INDEXED");
    let mut rows: Vec<(i64, Option<String>)> = match (by_index, by_table) {
        (Some(i), _) => i,
        (None, Some(t)) => t,
        (None, None) => {
            // Row numbers are given in order: try them until many in a row fail.
            let mut out = Vec::new();
            let mut misses = 0;
            let mut rowid = 1;
            while misses < 1000 && rowid < 10_000_000 {
                let hit: Result<i64, _> = c.query_row(
                    "SELECT rowid FROM notes WHERE rowid = ?1",
                    params![rowid],
                    |r| r.get(0),
                );
                match hit {
                    Ok(_) => {
                        out.push((rowid, None));
                        misses = 0;
                    }
                    Err(rusqlite::Error::QueryReturnedNoRows) => misses += 1,
                    Err(_) => {
                        out.push((rowid, None));
                        misses = 0;
                    }
                }
                rowid += 1;
            }
            if out.is_empty() {
                return (Vec::new(), Vec::new(), true);
            }
            out
        }
    };
    rows.sort();
    rows.dedup_by_key(|r| r.0);
    let mut notes = Vec::new();
    let mut lost = Vec::new();
    for (rowid, id) in rows {
        let got = c.query_row(
            &format!("SELECT {cols} FROM notes WHERE rowid = ?1"),
            params![rowid],
            row_note,
        );
        match got {
            Ok(n) => notes.push(n),
            Err(_) => lost.push(match id {
                Some(id) => id,
                None => format!("row {rowid}"),
            }),
        }
    }
    (notes, lost, false)
}

/// Recover what can be read from a damaged notes database, merge it with the backup (the
/// newer version of a note wins), and put the result in place of the damaged file (which is
/// kept as `notes.db.damaged-<hex>`). When the database is not damaged, nothing is done.
pub fn salvage(dir: &Path) -> Result<Salvage, StoreError> {
    let path = Store::path_in(dir);
    if let Some(why) = unwritable(dir, &path) {
        return Err(StoreError::ReadOnly(format!(
            "cannot salvage the notes here: {why}"
        )));
    }
    let damaged = match Store::open(dir) {
        Ok(_) => return Ok(Salvage::default()),
        Err(StoreError::Damaged { copy, .. }) => copy,
        Err(e) => return Err(e),
    };
    let Some(damaged) = damaged else {
        return Err(StoreError::Other(format!(
            "{} is damaged and no copy of it could be kept; nothing was changed",
            path.display()
        )));
    };
    let (rows, lost, unreadable) = read_rows(&damaged);
    let backup = Some(Store::backup_in(dir)).filter(|b| b.exists());
    let (kept, _, _) = backup.as_deref().map(read_rows).unwrap_or_default();
    let mut merged: std::collections::BTreeMap<String, Note> = std::collections::BTreeMap::new();
    for n in &rows {
        merged.insert(n.id.clone(), n.clone());
    }
    let mut from_backup = 0;
    let mut lost = lost;
    for n in kept {
        match merged.get(&n.id) {
            Some(have) if have.updated >= n.updated => {}
            Some(_) => {
                merged.insert(n.id.clone(), n);
            }
            None => {
                lost.retain(|l| l != &n.id);
                from_backup += 1;
                merged.insert(n.id.clone(), n);
            }
        }
    }
    // The damaged file is kept as its copy; the database is made again from what was found.
    let aside = dir.join(format!("notes.db.salvaged-from-{}", super::now()));
    std::fs::rename(&path, &aside)
        .map_err(|e| StoreError::Other(format!("cannot move {} aside: {e}", path.display())))?;
    for ext in ["-wal", "-shm"] {
        let side = dir.join(format!("notes.db{ext}"));
        if side.exists() {
            let _ = std::fs::rename(&side, dir.join(format!("{}{ext}", aside.display())));
        }
    }
    let mut store = Store::open(dir)?;
    let all: Vec<Note> = merged.into_values().collect();
    store.import(&all)?;
    // The copy kept under the damaged name is the same bytes as the file moved aside.
    if file_key(&aside) == file_key(&damaged) {
        let _ = std::fs::remove_file(&aside);
    }
    Ok(Salvage {
        damaged: Some(damaged),
        from_damaged: rows.len(),
        backup,
        from_backup,
        lost,
        unreadable,
    })
}
