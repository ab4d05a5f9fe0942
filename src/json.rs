//! The JSON interface of the CLI (`list --json`, `show --json`): stable field names, built
//! from the model so that the model can grow without breaking scripts.

use crate::model::{Block, Document, Reading};
use serde_json::{json, Value};

/// One row of `carrel list --json`.
pub fn list_entry(doc: &Document, blocks: usize) -> Value {
    json!({
        "id": doc.id,
        "title": doc.title,
        "date": doc.date,
        "date_printed": doc.date_printed,
        "kind": doc.kind.as_str(),
        "source_file": doc.source_file,
        "participants": doc.participants,
        "blocks": blocks,
    })
}

/// One block in a reading.
pub fn block(b: &Block, reading: Reading) -> Value {
    let segments: Vec<Value> = b
        .segments
        .iter()
        .map(|s| json!({"kind": s.kind_name(), "text": s.content()}))
        .collect();
    let mut v = json!({
        "n": b.n,
        "kind": b.kind.as_str(),
        "text": b.text(reading),
        "segments": segments,
        "notes": b.notes,
        "line": b.line,
    });
    if let Some(obj) = v.as_object_mut() {
        if b.kind == crate::model::BlockKind::Turn {
            obj.insert("speaker".into(), json!(b.speaker));
            obj.insert("manner".into(), json!(b.manner));
            obj.insert("inferred".into(), json!(b.inferred));
        }
        if b.continues {
            obj.insert("continues".into(), json!(true));
        }
        if b.kind == crate::model::BlockKind::Context {
            obj.insert("attribution".into(), json!(b.attribution));
        }
    }
    v
}

/// A run of furniture as a block of its own kind: not numbered (`"n": null`).
pub fn furniture(f: &crate::model::Furniture) -> Value {
    json!({
        "n": null,
        "kind": "furniture",
        "text": f.text,
        "segments": [{"kind": "text", "text": f.text}],
        "notes": [],
        "line": f.line,
        "cue": f.cue,
    })
}

/// The blocks of a document with its furniture merged in, in source order.
pub fn blocks_with_furniture(doc: &Document, reading: Reading) -> Vec<Value> {
    let mut out = Vec::with_capacity(doc.blocks.len() + doc.furniture.len());
    let mut fs = doc.furniture.iter().peekable();
    for b in &doc.blocks {
        while let Some(f) = fs.next_if(|f| f.line < b.line) {
            out.push(furniture(f));
        }
        out.push(block(b, reading));
    }
    out.extend(fs.map(furniture));
    out
}

/// The whole document for `carrel show --json`.
pub fn document(doc: &Document, reading: Reading, mentions: &[crate::mentions::Mention]) -> Value {
    json!({
        "id": doc.id,
        "title": doc.title,
        "date": doc.date,
        "date_printed": doc.date_printed,
        "other_dates": doc.other_dates,
        "kind": doc.kind.as_str(),
        "format": doc.format,
        "author": doc.author,
        "recipient": doc.recipient,
        "place": doc.place,
        "citation": doc.citation,
        "url": doc.url,
        "translator": doc.translator,
        "summary": doc.summary,
        "original_language": doc.original_language,
        "credits": doc.credits,
        "collection_title": doc.collection_title,
        "collection_note": doc.collection_note,
        "participants": doc.participants,
        "extra_fields": doc.extra_fields.iter().map(|(k, v)| json!({"name": k, "value": v})).collect::<Vec<_>>(),
        "reading": reading.as_str(),
        "blocks": blocks_with_furniture(doc, reading),
        "footnotes": doc.footnotes,
        "mentions": mentions,
        "warnings": doc.warnings.iter().map(|w| json!({"file": w.file, "line": w.line, "message": w.message})).collect::<Vec<_>>(),
        "source_file": doc.source_file,
        "source_line": doc.source_line,
    })
}

/// A pretty JSON formatter that escapes every control character, C1 included (`\u009b`), and
/// DEL, bidirectional overrides and the line separators U+2028/U+2029, so that no JSON carrel
/// prints can move a terminal's cursor or reorder its text; the strings decode unchanged.
struct Escaping<'a>(serde_json::ser::PrettyFormatter<'a>);

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

impl serde_json::ser::Formatter for Escaping<'_> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if needs_escape(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    write!(w, "\\u{:04x}", u)?;
                }
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Write `value` as pretty JSON with a final newline, escaping every control character (see
/// [`Escaping`]): the one way the CLI prints JSON.
pub fn write_pretty<W: std::io::Write, T: serde::Serialize + ?Sized>(
    mut out: W,
    value: &T,
) -> std::io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(
        &mut out,
        Escaping(serde_json::ser::PrettyFormatter::new()),
    );
    value.serialize(&mut ser).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn c1_and_separators_are_escaped_and_decode_back() {
        let v = serde_json::json!({"t": "a\u{9b}6n\u{1b}]0;x\u{7}\u{2028}\u{202e}b"});
        let mut out = Vec::new();
        super::write_pretty(&mut out, &v).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains(r"a\u009b6n\u001b]0;x\u0007\u2028\u202eb"), "{s}");
        assert!(s.chars().all(|c| !c.is_control() || c == '\n'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
