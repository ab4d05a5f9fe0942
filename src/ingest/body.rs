//! Turning a draft's paragraphs into numbered, typed blocks, and settling what depends on the
//! whole document: notes, speakers, participants and the base of its id.

use super::apparatus::{self, Convention};
use super::dialogue::{self, Context, Proto};
use super::{excerpts, fields, notes, Draft, People};
use crate::model::{Block, DocKind, Document, Participant, Segment};
use crate::text;

/// Finish a draft: structure its body, link its notes, list participants, give it a base id.
pub fn finish(mut draft: Draft, people: &dyn People) -> Document {
    if draft.doc.kind == DocKind::Document {
        draft.doc.kind = fields::kind_from_title(&draft.doc.title);
    }
    add_participants(&mut draft.doc);

    let mut declared = draft.doc.title.clone();
    for p in draft.paras.iter().take(3) {
        declared.push('\n');
        declared.push_str(&p.text);
    }
    let conv = Convention::declared(&declared);

    let paras = std::mem::take(&mut draft.paras);
    let note_list = notes::find(&paras);
    let (main, appended, mut footnotes) = match &note_list {
        Some(nl) => (&paras[..nl.start], &paras[nl.end..], nl.notes.clone()),
        None => (&paras[..], &paras[..0], Vec::new()),
    };

    let listed = super::participants::read(main, &|n: &str| people.is_non_person(n));
    for person in listed.people {
        match draft
            .doc
            .participants
            .iter_mut()
            .find(|p| super::labels::same_person(&p.name, &person.name))
        {
            Some(p) => {
                if p.side.is_none() {
                    p.side = person.side;
                }
                if p.role.is_none() {
                    p.role = person.role;
                }
            }
            None => draft.doc.participants.push(person),
        }
    }
    let listed_lines = listed.lines;
    let names: Vec<String> = draft
        .doc
        .participants
        .iter()
        .map(|p| p.name.clone())
        .collect();
    let is_person = |n: &str| people.is_person(n);
    let is_non_person = |n: &str| people.is_non_person(n);
    let holders = draft.doc.participants.clone();
    let title_holder = |t: &str| super::participants::holder(t, &holders);
    let ctx = Context {
        participants: &names,
        author: draft.doc.author.as_deref(),
        conversation: draft.doc.kind == DocKind::MemorandumOfConversation,
        brackets_delete: conv.brackets_delete,
        is_person: &is_person,
        is_non_person: &is_non_person,
        title_holder: &title_holder,
        listed: &listed_lines,
    };
    let structured = dialogue::structure(main, &ctx);
    for (line, msg) in structured.warnings {
        draft.warn(line, msg);
    }
    let conversation = draft.doc.kind == DocKind::MemorandumOfConversation;
    if conversation
        && !main.is_empty()
        && !structured
            .blocks
            .iter()
            .any(|b| b.kind == crate::model::BlockKind::Turn)
    {
        let line = main[0].line;
        draft.warn(
            line,
            "record of conversation, but no speaker turns were recognized; read as paragraphs",
        );
    }
    let mut protos: Vec<Proto> = structured.blocks;
    protos.extend(excerpts::contexts(appended));

    let mut blocks = Vec::with_capacity(protos.len());
    for (i, p) in protos.into_iter().enumerate() {
        let mut msgs = Vec::new();
        let segments = apparatus::segments(&p.text, conv, &mut msgs);
        for m in msgs {
            draft.warn(p.line, m);
        }
        let notes: Vec<String> = segments
            .iter()
            .filter_map(|s| match s {
                Segment::NoteRef(l) => Some(l.clone()),
                _ => None,
            })
            .collect();
        blocks.push(Block {
            n: i + 1,
            kind: p.kind,
            segments,
            speaker: p.speaker,
            manner: p.manner,
            inferred: p.inferred,
            continues: p.continues,
            attribution: p.attribution,
            notes,
            line: p.line,
            raw: p.raw,
        });
    }

    // Link notes and markers both ways; keep what does not match, with a warning. Notes are
    // found by label through a map, and blocks come in order, so a block already citing a
    // note is the last one it lists (150,000 markers citing one note took 30 s).
    let by_label: std::collections::HashMap<String, usize> = footnotes
        .iter()
        .enumerate()
        .rev()
        .map(|(i, f)| (f.label.clone(), i))
        .collect();
    for b in &blocks {
        for label in &b.notes {
            match by_label.get(label).map(|&i| &mut footnotes[i]) {
                Some(f) => {
                    if f.cited_by.last() != Some(&b.n) {
                        f.cited_by.push(b.n);
                    }
                }
                None => draft.warn(b.line, format!("note marker {label} has no note")),
            }
        }
    }
    draft.doc.footnotes = std::mem::take(&mut footnotes);
    draft.doc.blocks = blocks;

    for name in structured.speakers {
        add_participant(&mut draft.doc, name);
    }
    draft.doc.id = base_id(&draft);
    draft.doc
}

fn add_participant(doc: &mut Document, name: String) {
    if !doc
        .participants
        .iter()
        .any(|p| super::labels::same_person(&p.name, &name))
    {
        doc.participants.push(Participant {
            name,
            ..Participant::default()
        });
    }
}

/// Participants named by the title ("between A and B") and its correspondents.
fn add_participants(doc: &mut Document) {
    let mut names = fields::between_names(&doc.title);
    names.extend(doc.author.iter().cloned());
    names.extend(doc.recipient.iter().cloned());
    for name in names {
        add_participant(doc, name);
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
