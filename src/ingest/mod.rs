//! Ingest: bytes of a corpus file → documents, with warnings naming file and line.
//!
//! The steps: decode (lossily, with a warning), normalize line ends, detect the source format
//! from general cues, read the header fields, split collections, then structure each body.

pub mod apparatus;
mod body;
mod cwihp;
pub mod dialogue;
mod excerpts;
mod fields;
mod furniture;
pub mod labels;
pub mod notes;
mod paragraphs;
mod participants;
mod plain;
mod reported;
pub mod tei;
mod wilson;

pub use paragraphs::Para;

use crate::model::{DocKind, Document, SourceFormat, StatedDate, Warning};

/// What ingest may ask about names: whether one is a known person (so a label naming them is
/// a speaker) or a known organization or place (so it is not).
pub trait People {
    /// Whether `name` is a known person.
    fn is_person(&self, name: &str) -> bool;
    /// Whether `name` is known, but not as a person.
    fn is_non_person(&self, name: &str) -> bool;
}

/// No knowledge of names: speakers are recognized from the document alone.
pub struct NoPeople;

impl People for NoPeople {
    fn is_person(&self, _: &str) -> bool {
        false
    }
    fn is_non_person(&self, _: &str) -> bool {
        false
    }
}

/// What one file gave.
#[derive(Debug, Default)]
pub struct FileIngest {
    /// The documents the file holds.
    pub documents: Vec<Document>,
    /// Problems with the file as a whole (empty, binary, undecodable); per-document ones are
    /// on each document as well.
    pub warnings: Vec<Warning>,
    /// Entities the file defines (a TEI edition's persons and abbreviations), keyed by the
    /// source's own id (`volume#xml:id`).
    pub entities: Vec<(String, crate::gazetteer::Entity)>,
}

/// A document as a format parser leaves it: header filled in, body still paragraphs.
#[derive(Debug)]
pub(crate) struct Draft {
    pub doc: Document,
    pub paras: Vec<Para>,
    /// The archive's own identifier, if the source names one.
    pub archive_id: Option<String>,
    /// Whether the header came from explicit metadata (so its date is authoritative).
    pub header_dated: bool,
    /// Dates found in the document, with where they stood.
    pub stated_dates: Vec<StatedDate>,
}

impl Draft {
    pub(crate) fn new(file: &str, format: SourceFormat, line: usize) -> Draft {
        Draft {
            doc: Document {
                id: String::new(),
                title: String::new(),
                date: None,
                date_printed: None,
                other_dates: Vec::new(),
                kind: DocKind::Document,
                format,
                author: None,
                recipient: None,
                place: None,
                citation: None,
                url: None,
                translator: None,
                summary: None,
                original_language: None,
                credits: None,
                collection_title: None,
                collection_note: None,
                participants: Vec::new(),
                extra_fields: Vec::new(),
                blocks: Vec::new(),
                footnotes: Vec::new(),
                furniture: Vec::new(),
                warnings: Vec::new(),
                source_file: file.to_string(),
                source_line: line,
                raw: String::new(),
                name_tags: Vec::new(),
            },
            paras: Vec::new(),
            archive_id: None,
            header_dated: false,
            stated_dates: Vec::new(),
        }
    }

    pub(crate) fn warn(&mut self, line: usize, message: impl Into<String>) {
        let file = self.doc.source_file.clone();
        self.doc.warnings.push(Warning {
            file,
            line,
            message: message.into(),
        });
    }
}

/// Decode bytes to text: lossy UTF-8 with a warning, BOM removed, CRLF and CR made LF.
pub fn decode(file: &str, bytes: &[u8], warnings: &mut Vec<Warning>) -> String {
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
            warnings.push(Warning {
                file: file.to_string(),
                line,
                message: "invalid UTF-8; undecodable bytes shown as \u{FFFD}".to_string(),
            });
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

/// Whether bytes look like binary data rather than text.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    let nul = sample.iter().filter(|&&b| b == 0).count();
    let ctrl = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    nul > 0 && nul * 100 >= sample.len() || ctrl * 10 >= sample.len().max(1) && sample.len() > 16
}

/// Which format a text is in, from its markup.
pub fn detect_format(text: &str) -> SourceFormat {
    if wilson::looks_like(text) {
        SourceFormat::Wilson
    } else if cwihp::looks_like(text) {
        SourceFormat::Cwihp
    } else {
        SourceFormat::Plain
    }
}

/// Repeated warnings (same file, line and message) collapsed into one with a count, in the
/// order first seen. A hash map counts the repeats (a search of the list for every warning was
/// quadratic: 80,000 warnings took 13 s).
fn collapse(ws: Vec<Warning>) -> Vec<Warning> {
    use std::collections::HashMap;
    // Each distinct warning: (where it first stands, how often).
    let mut seen: HashMap<&Warning, (usize, usize)> = HashMap::with_capacity(ws.len());
    for (i, w) in ws.iter().enumerate() {
        seen.entry(w).or_insert((i, 0)).1 += 1;
    }
    let counts: Vec<usize> = ws
        .iter()
        .enumerate()
        .map(|(i, w)| match seen.get(w) {
            Some(&(first, n)) if first == i => n,
            _ => 0,
        })
        .collect();
    drop(seen);
    ws.into_iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(mut w, n)| {
            if n > 1 {
                w.message = format!("{} ({n} times)", w.message);
            }
            w
        })
        .collect()
}

/// Ingest one file's bytes. `file` names it in warnings and in `source_file`.
pub fn ingest_bytes(file: &str, bytes: &[u8]) -> FileIngest {
    ingest_bytes_with(file, bytes, &NoPeople)
}

/// Ingest one file's bytes, asking `people` about names.
pub fn ingest_bytes_with(file: &str, bytes: &[u8], people: &dyn People) -> FileIngest {
    let mut out = FileIngest::default();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        out.warnings.push(Warning {
            file: file.to_string(),
            line: 0,
            message: "empty file: no document".to_string(),
        });
        return out;
    }
    let binary = looks_binary(bytes);
    if binary {
        out.warnings.push(Warning {
            file: file.to_string(),
            line: 0,
            message: "looks like binary data, not a text export; read as plain text".to_string(),
        });
    }
    let text = decode(file, bytes, &mut out.warnings);
    if !binary && tei::looks_like(&text) {
        let mut ed = tei::parse(file, &text);
        out.warnings.extend(ed.warnings);
        // What concerns the whole file (undecodable bytes, markup outside every document) is
        // told by its first document, so that it is not lost when the file has documents.
        if let Some(first) = ed.documents.first_mut() {
            let mut all = out.warnings.clone();
            all.append(&mut first.warnings);
            first.warnings = all;
        }
        out.documents = ed.documents;
        out.entities = ed.entities;
        return out;
    }
    let format = if binary {
        SourceFormat::Plain
    } else {
        detect_format(&text)
    };
    let drafts = match format {
        SourceFormat::Wilson => vec![wilson::parse(file, &text)],
        SourceFormat::Cwihp => vec![cwihp::parse(file, &text)],
        SourceFormat::Plain | SourceFormat::Tei => plain::parse(file, &text),
    };
    for draft in drafts {
        out.documents.push(body::finish(draft, people));
    }
    // Furniture is said once per file, where it starts.
    let lines: usize = out
        .documents
        .iter()
        .flat_map(|d| d.furniture.iter())
        .map(|f| f.text.lines().count())
        .sum();
    if let Some(doc) = out.documents.iter_mut().find(|d| !d.furniture.is_empty()) {
        let line = doc.furniture[0].line;
        doc.warnings.push(Warning {
            file: file.to_string(),
            line,
            message: format!(
                "{lines} line{} of web-page or print furniture (navigation, buttons, sidebars, footers, page numbers) set aside: not read as the record",
                if lines == 1 { "" } else { "s" }
            ),
        });
    }
    // The same warning many times on one line is said once, with a count.
    for doc in &mut out.documents {
        doc.warnings = collapse(std::mem::take(&mut doc.warnings));
    }
    // File-level warnings also belong to each document of the file, so `show` tells of them.
    for doc in &mut out.documents {
        let mut all = out.warnings.clone();
        all.append(&mut doc.warnings);
        doc.warnings = all;
    }
    out
}

/// Ingest a file from disk. A file that cannot be read gives a warning and no document.
pub fn ingest_path(path: &std::path::Path, people: &dyn People) -> (FileIngest, bool) {
    let name = path.display().to_string();
    // Only a regular file within the size limit is read (see `crate::files`).
    match crate::files::read(path) {
        Ok(bytes) => (ingest_bytes_with(&name, &bytes, people), true),
        Err(e) => (
            FileIngest {
                documents: Vec::new(),
                entities: Vec::new(),
                warnings: vec![Warning {
                    file: name,
                    line: 0,
                    message: e.to_string(),
                }],
            },
            false,
        ),
    }
}
