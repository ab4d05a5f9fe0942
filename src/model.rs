//! The document model: plain serde types shared by ingest, the store, the CLI and the views.
//!
//! Nothing here parses text or knows about terminals; the types only hold what ingest found.

use serde::{Deserialize, Serialize};

/// One archival document: a memorandum, a telegram, a draft, ...
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Document {
    /// Stable identifier: the archive's own where there is one, else a slug of date and title.
    pub id: String,
    /// The title as the source gives it (wrapped titles are joined).
    pub title: String,
    /// Normalized ISO date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), if any date was found.
    pub date: Option<String>,
    /// The date exactly as printed, e.g. `8[7] October 1950`.
    pub date_printed: Option<String>,
    /// Other dates the document states (an address line, a signature), kept beside the main one.
    pub other_dates: Vec<StatedDate>,
    /// What kind of record this is.
    pub kind: DocKind,
    /// The source format it was read from.
    pub format: SourceFormat,
    /// Author, where the document says.
    pub author: Option<String>,
    /// Recipient, where the document says.
    pub recipient: Option<String>,
    /// Place of writing or of the meeting, where the document says.
    pub place: Option<String>,
    /// Citation or source line as the archive gives it.
    pub citation: Option<String>,
    /// Archive URL of the document, if the citation names one.
    pub url: Option<String>,
    /// Translator, if named.
    pub translator: Option<String>,
    /// Summary or description supplied by the archive.
    pub summary: Option<String>,
    /// Original language of the record.
    pub original_language: Option<String>,
    /// Credits line (funding, contributors) as given.
    pub credits: Option<String>,
    /// Title of the collection this document was published in, for multi-document files.
    pub collection_title: Option<String>,
    /// The collection's introduction, shown with each of its documents.
    pub collection_note: Option<String>,
    /// People taking part (speakers, correspondents, those present).
    pub participants: Vec<Participant>,
    /// Header fields this format carried that have no slot above (name, value).
    pub extra_fields: Vec<(String, String)>,
    /// The body as typed blocks, numbered from 1.
    pub blocks: Vec<Block>,
    /// Numbered notes of the document.
    pub footnotes: Vec<Footnote>,
    /// Lines around or inside the record that are not part of it (a saved web page's
    /// navigation, buttons, sidebars and footers, page numbers): kept, never numbered.
    pub furniture: Vec<Furniture>,
    /// Parse warnings that concern this document.
    pub warnings: Vec<Warning>,
    /// Path of the file the document came from, as given on the command line or in the bundle.
    pub source_file: String,
    /// First line (1-based) of the document in its file.
    pub source_line: usize,
    /// Names the source tags itself, resolved exactly.
    #[serde(skip)]
    pub name_tags: Vec<NameTag>,
    /// The document's text exactly as the archive gave it (its slice of the file).
    #[serde(skip)]
    pub raw: String,
}

/// A date a document states besides its main date, with where it was found.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StatedDate {
    /// Normalized ISO date.
    pub date: String,
    /// As printed.
    pub printed: String,
    /// Where it stood: `title`, `dateline`, `address`, `signature`, `header`.
    pub source: String,
}

/// The kind of a document, as far as its title or header tells.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// Record, memorandum, minutes or notes of a conversation or meeting.
    MemorandumOfConversation,
    /// Telegram or cable.
    Telegram,
    /// Message or letter.
    Message,
    /// A draft of another document.
    Draft,
    /// Report, note, statement or other prose record.
    Report,
    /// Anything else.
    Document,
}

impl DocKind {
    /// Every kind, in display order.
    pub const ALL: [DocKind; 6] = [
        DocKind::MemorandumOfConversation,
        DocKind::Telegram,
        DocKind::Message,
        DocKind::Draft,
        DocKind::Report,
        DocKind::Document,
    ];

    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::MemorandumOfConversation => "memorandum_of_conversation",
            DocKind::Telegram => "telegram",
            DocKind::Message => "message",
            DocKind::Draft => "draft",
            DocKind::Report => "report",
            DocKind::Document => "document",
        }
    }

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            DocKind::MemorandumOfConversation => "memcon",
            DocKind::Telegram => "telegram",
            DocKind::Message => "message",
            DocKind::Draft => "draft",
            DocKind::Report => "report",
            DocKind::Document => "document",
        }
    }

    /// Parse a kind from its JSON name or short label.
    pub fn parse(s: &str) -> Option<DocKind> {
        let s = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        DocKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s || k.label() == s)
            .or(match s.as_str() {
                "memorandum" | "conversation" | "record" => Some(DocKind::MemorandumOfConversation),
                "cable" => Some(DocKind::Telegram),
                "letter" => Some(DocKind::Message),
                _ => None,
            })
    }
}

/// Which source format a document was read from.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    /// Wilson Center Digital Archive Markdown export.
    Wilson,
    /// CWIHP Bulletin style: one line of bold header fields.
    Cwihp,
    /// Plain text, possibly holding several documents.
    Plain,
    /// A TEI XML edition (FRUS and the like).
    Tei,
}

/// A person named as taking part in the document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Participant {
    /// Gazetteer id, once names resolve to entities.
    pub id: Option<String>,
    /// The name as the document gives it.
    pub name: String,
    /// The side (delegation) a participants list puts them on (`U.S.`, `Soviet side`).
    pub side: Option<String>,
    /// Office or description a participants list gives them (`Foreign Minister`,
    /// `Secretary of State`).
    pub role: Option<String>,
}

/// The speaker of a turn.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Speaker {
    /// Gazetteer id, once names resolve to entities.
    pub id: Option<String>,
    /// The speaker's name, without glosses or manner.
    pub name: String,
    /// The label exactly as printed (`[Joseph] Stalin`, `We`).
    pub label: String,
}

/// The kind of a body block.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// Ordinary prose.
    Paragraph,
    /// A speaker's turn in a conversation.
    Turn,
    /// Narration: stage directions, reports of what happened, attendance, signatures.
    Narration,
    /// An excerpt from secondary literature appended to the record.
    Context,
    /// A list item outside speech.
    List,
    /// A heading or address line inside the body.
    Heading,
}

impl BlockKind {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Paragraph => "paragraph",
            BlockKind::Turn => "turn",
            BlockKind::Narration => "narration",
            BlockKind::Context => "context",
            BlockKind::List => "list",
            BlockKind::Heading => "heading",
        }
    }
}

/// One block of the body, numbered as a reader cites it ("¶ 12").
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Block {
    /// Paragraph number, 1-based, stable for a given file.
    pub n: usize,
    /// What the block is.
    pub kind: BlockKind,
    /// The text as typed segments.
    pub segments: Vec<Segment>,
    /// Speaker of a turn.
    pub speaker: Option<Speaker>,
    /// Manner of speaking (`peevishly`), for a turn.
    pub manner: Option<String>,
    /// Whether the speaker was inferred (continuation, reported speech) rather than printed.
    pub inferred: bool,
    /// Whether this block continues the previous turn (a page break, a follow-on paragraph).
    pub continues: bool,
    /// Attribution of a context excerpt, if it has one.
    pub attribution: Option<String>,
    /// Labels of the footnotes this block cites.
    pub notes: Vec<String>,
    /// Line (1-based) in the source file where the block starts.
    pub line: usize,
    /// The block's text exactly as printed.
    pub raw: String,
}

impl Block {
    /// The block's plain text in the given reading.
    pub fn text(&self, reading: Reading) -> String {
        segments_text(&self.segments, reading)
    }
}

/// How a hand-edited draft is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    /// Insertions and deletions both shown.
    #[default]
    Redline,
    /// Insertions kept, deletions dropped: the text as sent.
    Edited,
    /// Deletions kept, insertions dropped: the text before editing.
    Original,
}

impl Reading {
    /// Every reading, in cycling order.
    pub const ALL: [Reading; 3] = [Reading::Redline, Reading::Edited, Reading::Original];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Reading::Redline => "redline",
            Reading::Edited => "edited",
            Reading::Original => "original",
        }
    }
}

/// A typed piece of a block's text. In JSON: `{"kind": "gloss", "text": "Lüshun"}`.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    /// Ordinary text.
    Text(String),
    /// An editor's expansion or translator's gloss, without its brackets.
    Gloss(String),
    /// `[sic]`, `(?)` and other marks of a doubtful reading in the source, as printed.
    Sic(String),
    /// An inline stage direction, without its parentheses.
    Stage(String),
    /// Emphasis (bold or italic in the source).
    Emphasis(String),
    /// A passage inserted by hand in a draft.
    Insert(String),
    /// A passage deleted by hand in a draft.
    Delete(String),
    /// A reference to a footnote, by its label.
    NoteRef(String),
    /// An elision or withheld passage (`[...]`).
    Elision(String),
    /// A page break of the printed edition, by its page number.
    Page(String),
}

/// Every segment kind's name, in the order of [`Segment::from_kind`].
const SEGMENT_KINDS: [&str; 10] = [
    "text", "gloss", "sic", "stage", "emphasis", "insert", "delete", "note_ref", "elision", "page",
];

impl Serialize for Segment {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Segment", 2)?;
        st.serialize_field("kind", self.kind_name())?;
        st.serialize_field("text", self.content())?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for Segment {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Segment, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Segment;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a segment {kind, text}")
            }
            // Compact formats give the two fields in order.
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Segment, A::Error> {
                let kind: String = a
                    .next_element()?
                    .ok_or_else(|| serde::de::Error::invalid_length(0, &self))?;
                let text: String = a
                    .next_element()?
                    .ok_or_else(|| serde::de::Error::invalid_length(1, &self))?;
                Segment::from_kind(&kind, text)
                    .ok_or_else(|| serde::de::Error::unknown_variant(&kind, &SEGMENT_KINDS))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Segment, A::Error> {
                let (mut kind, mut text): (Option<String>, Option<String>) = (None, None);
                while let Some(k) = a.next_key::<String>()? {
                    match k.as_str() {
                        "kind" => kind = Some(a.next_value()?),
                        "text" => text = Some(a.next_value()?),
                        _ => {
                            let _: serde::de::IgnoredAny = a.next_value()?;
                        }
                    }
                }
                let kind = kind.ok_or_else(|| serde::de::Error::missing_field("kind"))?;
                Segment::from_kind(&kind, text.unwrap_or_default())
                    .ok_or_else(|| serde::de::Error::unknown_variant(&kind, &SEGMENT_KINDS))
            }
        }
        d.deserialize_struct("Segment", &["kind", "text"], V)
    }
}

impl Segment {
    /// A segment from its kind name and text.
    pub fn from_kind(kind: &str, text: String) -> Option<Segment> {
        Some(match kind {
            "text" => Segment::Text(text),
            "gloss" => Segment::Gloss(text),
            "sic" => Segment::Sic(text),
            "stage" => Segment::Stage(text),
            "emphasis" => Segment::Emphasis(text),
            "insert" => Segment::Insert(text),
            "delete" => Segment::Delete(text),
            "note_ref" => Segment::NoteRef(text),
            "elision" => Segment::Elision(text),
            "page" => Segment::Page(text),
            _ => return None,
        })
    }

    /// The kind name used in JSON.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Segment::Text(_) => "text",
            Segment::Gloss(_) => "gloss",
            Segment::Sic(_) => "sic",
            Segment::Stage(_) => "stage",
            Segment::Emphasis(_) => "emphasis",
            Segment::Insert(_) => "insert",
            Segment::Delete(_) => "delete",
            Segment::NoteRef(_) => "note_ref",
            Segment::Elision(_) => "elision",
            Segment::Page(_) => "page",
        }
    }

    /// The segment's own text.
    pub fn content(&self) -> &str {
        match self {
            Segment::Text(s)
            | Segment::Gloss(s)
            | Segment::Sic(s)
            | Segment::Stage(s)
            | Segment::Emphasis(s)
            | Segment::Insert(s)
            | Segment::Delete(s)
            | Segment::NoteRef(s)
            | Segment::Elision(s)
            | Segment::Page(s) => s,
        }
    }

    /// Whether the segment is shown in a reading.
    pub fn visible_in(&self, reading: Reading) -> bool {
        !matches!(
            (self, reading),
            (Segment::Insert(_), Reading::Original) | (Segment::Delete(_), Reading::Edited)
        )
    }
}

/// Plain text of segments in a reading: glosses in brackets, stage directions in parentheses,
/// note references as `[n]`; in the redline reading insertions are marked `{+…+}` and
/// deletions `{-…-}`, legible without colour.
pub fn segments_text(segments: &[Segment], reading: Reading) -> String {
    let mut out = String::new();
    for seg in segments {
        if !seg.visible_in(reading) {
            continue;
        }
        match seg {
            Segment::Text(s) | Segment::Emphasis(s) => out.push_str(s),
            Segment::Gloss(s) => {
                out.push('[');
                out.push_str(s);
                out.push(']');
            }
            Segment::Sic(s) | Segment::Elision(s) => out.push_str(s),
            Segment::Page(p) => {
                out.push_str(" [p. ");
                out.push_str(p);
                out.push_str("] ");
            }
            Segment::Stage(s) => {
                out.push('(');
                out.push_str(s);
                out.push(')');
            }
            Segment::NoteRef(s) => {
                out.push('[');
                out.push_str(s);
                out.push(']');
            }
            Segment::Insert(s) => {
                if reading == Reading::Redline {
                    out.push_str("{+");
                    out.push_str(s);
                    out.push_str("+}");
                } else {
                    out.push_str(s);
                }
            }
            Segment::Delete(s) => {
                if reading == Reading::Redline {
                    out.push_str("{-");
                    out.push_str(s);
                    out.push_str("-}");
                } else {
                    out.push_str(s);
                }
            }
        }
    }
    tidy_spaces(&out)
}

/// Collapse runs of spaces left where a segment was dropped, and trim the ends.
fn tidy_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_space = false;
    for c in s.chars() {
        if c == ' ' {
            if !prev_space {
                out.push(c);
            }
            prev_space = true;
        } else {
            if prev_space && matches!(c, ',' | '.' | ';' | ':') && out.ends_with(' ') {
                out.pop();
            }
            // A dropped passage can leave doubled punctuation behind (", ," or ", .").
            if c == ',' && out.ends_with([',', '.']) {
                prev_space = false;
                continue;
            }
            if c == '.' && out.ends_with(',') {
                out.pop();
            }
            out.push(c);
            prev_space = false;
        }
    }
    out.trim().to_string()
}

/// A run of furniture lines: not part of the record, kept in source order.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Furniture {
    /// Line (1-based) where the run starts in the source file.
    pub line: usize,
    /// The lines as printed, joined by newlines.
    pub text: String,
    /// Which cue marked it (`navigation`, `button`, `sidebar`, `footer`, `page number`, …).
    pub cue: String,
}

/// A numbered note of a document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Footnote {
    /// The note's label as printed (`2`, `56*`).
    pub label: String,
    /// The note's text.
    pub text: String,
    /// The `n` of the blocks that cite it.
    pub cited_by: Vec<usize>,
    /// Line in the source file.
    pub line: usize,
}

/// A name the source itself tags (TEI `persName/@corresp`): resolved exactly, not by matching.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct NameTag {
    /// The block's `n`.
    pub block: usize,
    /// Byte offset in the block's text (redline reading).
    pub start: usize,
    /// End of the name.
    pub end: usize,
    /// The source's key for the entity (`volume#xml:id`).
    pub key: String,
}

/// A problem found while reading a file, with where it is.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Hash)]
pub struct Warning {
    /// The file, as named on the command line or in the bundle.
    pub file: String,
    /// Line, 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// What is wrong, in words.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}
