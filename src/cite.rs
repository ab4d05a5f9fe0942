//! Citations of documents and paragraphs, in a Chicago-like style (notes form) or a plain one.
//! Where the archive gives a full citation it is used as given; otherwise one is built from
//! the record's author, title, date and source.

use crate::model::Document;
use crate::text::strip_controls;

/// Citation styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Chicago notes style.
    Chicago,
    /// A plain line: title, date, source, paragraph, id.
    Plain,
}

impl Style {
    /// Parse a style name.
    pub fn parse(s: &str) -> Option<Style> {
        match s {
            "chicago" => Some(Style::Chicago),
            "plain" => Some(Style::Plain),
            _ => None,
        }
    }
}

/// Where a document says it comes from, when it has no citation of its own: the first line of
/// its collection's note ("From CNN Cold War"), or its collection's title.
fn source_of(doc: &Document) -> Option<String> {
    if let Some(c) = &doc.citation {
        return Some(c.clone());
    }
    let from_note = doc
        .collection_note
        .as_deref()
        .and_then(|n| n.lines().map(str::trim).find(|l| !l.is_empty()))
        .map(|l| l.trim_start_matches("From ").to_string());
    match (&doc.collection_title, from_note) {
        (Some(t), Some(n)) => Some(format!("in “{t},” {n}")),
        (Some(t), None) => Some(format!("in “{t}”")),
        (None, n) => n,
    }
}

/// Split a trailing `<url>` (or bare URL) off a citation.
fn split_url(s: &str) -> (&str, Option<&str>) {
    let t = s.trim_end();
    if let Some(start) = t.rfind('<') {
        if t.ends_with('>') && t[start..].contains("://") {
            return (t[..start].trim_end(), Some(&t[start + 1..t.len() - 1]));
        }
    }
    if let Some(start) = t.rfind(' ') {
        if t[start + 1..].starts_with("http") {
            return (t[..start].trim_end(), Some(&t[start + 1..]));
        }
    }
    (t, None)
}

/// The citation of a document, or of one of its paragraphs (`n`).
pub fn cite(doc: &Document, n: Option<usize>, style: Style) -> String {
    let clean = |s: &str| strip_controls(s).replace('\n', " ");
    let para = n.map(|n| format!("¶ {n}"));
    let out = match style {
        Style::Chicago => {
            let (body, url) = match &doc.citation {
                // The archive's own citation, with the paragraph before its address.
                Some(c) => {
                    let (b, u) = split_url(c);
                    (
                        b.trim_end_matches('.').to_string(),
                        u.map(String::from).or(doc.url.clone()),
                    )
                }
                None => {
                    let mut parts: Vec<String> = Vec::new();
                    if let Some(a) = &doc.author {
                        parts.push(a.clone());
                    }
                    parts.push(format!("“{},”", doc.title.trim_end_matches('.')));
                    let mut s = parts.join(", ");
                    if let Some(d) = doc.date_printed.as_ref().or(doc.date.as_ref()) {
                        s.push(' ');
                        s.push_str(d);
                    }
                    if let Some(src) = source_of(doc) {
                        s.push_str(", ");
                        s.push_str(&src);
                    }
                    if let Some(t) = &doc.translator {
                        if !s.contains(t.as_str()) {
                            s.push_str(&format!(", trans. {t}"));
                        }
                    }
                    (s, doc.url.clone())
                }
            };
            let mut s = body;
            if let Some(p) = &para {
                s.push_str(", ");
                s.push_str(p);
            }
            s.push('.');
            if let Some(u) = url {
                s.push_str(&format!(" {u}."));
            }
            s
        }
        Style::Plain => {
            let mut s = format!(
                "{} ({})",
                doc.title,
                doc.date.as_deref().unwrap_or("undated")
            );
            if let Some(src) = source_of(doc) {
                s.push_str(". ");
                s.push_str(src.trim_end_matches('.'));
            }
            if let Some(p) = &para {
                s.push_str(". ");
                s.push_str(p);
            }
            s.push_str(&format!(". carrel id {}", doc.id));
            if let Some(n) = n {
                s.push_str(&format!(" ¶{n}"));
            }
            s
        }
    };
    clean(&out)
}
