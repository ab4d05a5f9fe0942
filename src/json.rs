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
        "blocks": doc.blocks.iter().map(|b| block(b, reading)).collect::<Vec<_>>(),
        "footnotes": doc.footnotes,
        "mentions": mentions,
        "warnings": doc.warnings.iter().map(|w| json!({"file": w.file, "line": w.line, "message": w.message})).collect::<Vec<_>>(),
        "source_file": doc.source_file,
        "source_line": doc.source_line,
    })
}
