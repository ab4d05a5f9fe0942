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
    /// What the note remembers of its paragraph (none for notes made before fingerprints,
    /// until they are first opened beside their document).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub para: Option<anchor::Fingerprint>,
}

impl Note {
    /// A new note (of `kind`, without text, tags or colour) on block `bi` of `doc`, or on the
    /// passage `quote` of it (its first occurrence), with its context and the paragraph's
    /// fingerprint.
    pub fn on(
        doc: &crate::model::Document,
        bi: usize,
        kind: NoteKind,
        quote: Option<String>,
    ) -> Result<Note, String> {
        let Some(b) = doc.blocks.get(bi) else {
            return Err(format!("{} has no block {bi}", doc.id));
        };
        let para = anchor::anchor_text(doc, bi);
        let (prefix, suffix, offset) = match &quote {
            Some(q) => match para.find(q.as_str()) {
                Some(at) => {
                    let (p, s) = anchor::context(&para, at, at + q.len());
                    (p, s, Some(at))
                }
                None => {
                    return Err(format!(
                        "the passage is not in {} ¶{}: \"{q}\"",
                        doc.id, b.n
                    ))
                }
            },
            None => (String::new(), String::new(), None),
        };
        let t = now();
        Ok(Note {
            id: new_id(),
            doc: doc.id.clone(),
            block: b.n,
            kind,
            quote,
            prefix,
            suffix,
            offset,
            text: String::new(),
            tags: Vec::new(),
            colour: None,
            created: t,
            updated: t,
            para: Some(anchor::fingerprint_text(&para)),
        })
    }
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

/// Give a fingerprint to every note made before notes had them (a database from schema 1, or
/// an import from an older export): each is placed the old way, by paragraph number and quote,
/// and the paragraph found is fingerprinted and saved. Notes whose document is not in the
/// corpus, or whose passage cannot be found, keep waiting for a corpus that has it. Returns how
/// many notes gained a fingerprint.
pub fn fill_fingerprints(
    store: &mut store::Store,
    corpus: &crate::corpus::Corpus,
) -> Result<usize, store::StoreError> {
    let waiting = store.without_fingerprint()?;
    let mut filled = 0;
    for n in waiting {
        let Some(i) = corpus.index_of(&n.doc) else {
            continue;
        };
        let d = &corpus.docs[i];
        let a = anchor::locate(
            d,
            n.block,
            n.quote.as_deref(),
            &n.prefix,
            &n.suffix,
            n.offset,
        );
        if let Some(b) = a.block() {
            store.set_fingerprint(&n.id, &anchor::fingerprint(d, b))?;
            filled += 1;
        }
    }
    Ok(filled)
}
