//! The researcher's annotations: notes on passages or paragraphs, highlights and bookmarks,
//! kept in SQLite in the user's data directory (never in the corpus, never in the search
//! index). Core logic, no terminal.

pub mod anchor;
pub mod export;
pub mod store;

use serde::{Deserialize, Serialize};

/// What an annotation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// A note with text.
    Note,
    /// A highlight without a note.
    Highlight,
    /// A bookmark of a position.
    Bookmark,
}

impl NoteKind {
    /// The name used in the database and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::Note => "note",
            NoteKind::Highlight => "highlight",
            NoteKind::Bookmark => "bookmark",
        }
    }

    /// Parse a name.
    pub fn parse(s: &str) -> Option<NoteKind> {
        match s {
            "note" => Some(NoteKind::Note),
            "highlight" => Some(NoteKind::Highlight),
            "bookmark" => Some(NoteKind::Bookmark),
            _ => None,
        }
    }
}

/// One annotation, anchored by document id, paragraph number, the quoted passage with context,
/// and the passage's offset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// Stable id (random hex).
    pub id: String,
    /// Document id.
    pub doc: String,
    /// Paragraph number (`n`) when the note was made.
    pub block: usize,
    /// Note, highlight or bookmark.
    pub kind: NoteKind,
    /// The passage; none for the whole paragraph.
    #[serde(default)]
    pub quote: Option<String>,
    /// Text just before the passage.
    #[serde(default)]
    pub prefix: String,
    /// Text just after it.
    #[serde(default)]
    pub suffix: String,
    /// Byte offset of the passage in the paragraph's text.
    #[serde(default)]
    pub offset: Option<usize>,
    /// The note itself.
    #[serde(default)]
    pub text: String,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// A colour name.
    #[serde(default)]
    pub colour: Option<String>,
    /// Unix seconds when made.
    pub created: i64,
    /// Unix seconds when last changed.
    pub updated: i64,
}

/// A new random id: 16 hex digits from the system's random source (or the clock and process
/// id where there is none).
pub fn new_id() -> String {
    let mut bytes = [0u8; 8];
    let ok = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes))
        .is_ok();
    if !ok {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let mixed = t ^ (u128::from(std::process::id()) << 64);
        bytes.copy_from_slice(&mixed.to_le_bytes()[..8]);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Seconds since the epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
