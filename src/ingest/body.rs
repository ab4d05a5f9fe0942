//! Turning a draft's paragraphs into numbered blocks, and settling what depends on the whole
//! document: participants and the base of its id.

use super::{fields, Draft};
use crate::model::{Block, BlockKind, Document, Participant, Segment};
use crate::text;

/// Finish a draft: structure its body, list participants, and give it a base id.
pub fn finish(mut draft: Draft) -> Document {
    let mut blocks = Vec::with_capacity(draft.paras.len());
    for (i, p) in draft.paras.iter().enumerate() {
        blocks.push(Block {
            n: i + 1,
            kind: BlockKind::Paragraph,
            segments: vec![Segment::Text(p.text.clone())],
            speaker: None,
            manner: None,
            inferred: false,
            continues: false,
            attribution: None,
            notes: Vec::new(),
            line: p.line,
            raw: p.raw.clone(),
        });
    }
    draft.doc.blocks = blocks;
    if draft.doc.kind == crate::model::DocKind::Document {
        draft.doc.kind = fields::kind_from_title(&draft.doc.title);
    }
    add_participants(&mut draft.doc);
    draft.doc.id = base_id(&draft);
    draft.doc
}

/// Participants named by the title ("between A and B") and its correspondents.
fn add_participants(doc: &mut Document) {
    let mut names = fields::between_names(&doc.title);
    names.extend(doc.author.iter().cloned());
    names.extend(doc.recipient.iter().cloned());
    for name in names {
        let folded = text::fold(&name);
        if !doc
            .participants
            .iter()
            .any(|p| text::fold(&p.name) == folded)
        {
            doc.participants.push(Participant { id: None, name });
        }
    }
}

/// The archive's identifier, else a slug of date and short title.
fn base_id(draft: &Draft) -> String {
    if let Some(id) = &draft.archive_id {
        return id.clone();
    }
    let title = text::short_title_slug(&draft.doc.title, 5);
    let title = if title.is_empty() {
        "untitled".to_string()
    } else {
        title
    };
    match &draft.doc.date {
        Some(d) => format!("{d}-{title}"),
        None => title,
    }
}
