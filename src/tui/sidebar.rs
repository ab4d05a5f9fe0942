//! The sidebar's content, which follows the reading position: the notes cited by the visible
//! text, the people and places on screen, the speakers and their share of the words, and the
//! linked documents.

use super::app::{App, SideItem, SideKind, Target};
use crate::gazetteer::EntityKind;
use crate::text::strip_controls;
use std::collections::BTreeMap;

fn heading(text: &str) -> SideItem {
    SideItem {
        text: text.to_string(),
        kind: SideKind::Heading,
        target: None,
    }
}

fn text(t: String) -> SideItem {
    SideItem {
        text: t,
        kind: SideKind::Text,
        target: None,
    }
}

/// A short line for a document: date and title.
pub fn doc_line(app: &App, d: usize) -> String {
    let Some(doc) = app.corpus.docs.head(d) else {
        return String::new();
    };
    format!(
        "{} {}",
        doc.date.as_deref().unwrap_or("undated"),
        strip_controls(&doc.title)
    )
}

/// The sidebar's lines for the blocks `first..=last` on screen.
pub fn items(app: &mut App, first: usize, last: usize) -> Vec<SideItem> {
    let mut out = Vec::new();
    let doc_i = app.current;
    // The user's notes on the visible text, and any orphaned ones.
    let mine = app.doc_notes();
    let Some(doc) = app.corpus.docs.get(doc_i) else {
        return out;
    };
    let visible_n: Vec<usize> = doc
        .blocks
        .get(first..=last.min(doc.blocks.len().saturating_sub(1)))
        .map(|bs| bs.iter().map(|b| b.n).collect())
        .unwrap_or_default();
    let on_screen: Vec<_> = mine
        .iter()
        .filter(|(_, a)| a.block().is_some_and(|b| b >= first && b <= last))
        .collect();
    let orphans: Vec<_> = mine.iter().filter(|(_, a)| a.block().is_none()).collect();
    if !on_screen.is_empty() || !orphans.is_empty() {
        out.push(heading("Your notes"));
        for (n, a) in on_screen.iter().chain(orphans.iter()) {
            let at = a
                .block()
                .and_then(|b| doc.blocks.get(b))
                .map(|b| format!("¶{}", b.n))
                .unwrap_or_else(|| "orphaned".into());
            let mut t = format!("{at} ");
            match n.kind {
                crate::notes::NoteKind::Bookmark => t.push_str("bookmark "),
                crate::notes::NoteKind::Highlight => t.push_str("highlight "),
                crate::notes::NoteKind::Note => {}
            }
            t.push_str(&n.text);
            for tag in &n.tags {
                t.push_str(&format!(" #{tag}"));
            }
            if let Some(q) = &n.quote {
                t.push_str(&format!(" — “{q}”"));
            }
            out.push(SideItem {
                text: strip_controls(&t),
                kind: SideKind::Annotation,
                target: Some(Target::Annotation(n.id.clone())),
            });
        }
    }
    // Notes cited by the visible text.
    if !doc.footnotes.is_empty() {
        out.push(heading("Notes"));
        let cited: Vec<_> = doc
            .footnotes
            .iter()
            .filter(|n| n.cited_by.iter().any(|c| visible_n.contains(c)))
            .collect();
        if cited.is_empty() {
            out.push(text(format!(
                "{} in this document; none cited on screen",
                doc.footnotes.len()
            )));
        }
        for n in cited {
            out.push(SideItem {
                text: format!("[{}] {}", strip_controls(&n.label), strip_controls(&n.text)),
                kind: SideKind::Note,
                target: Some(Target::Note(n.label.clone())),
            });
        }
    }
    // People, places and the rest on screen.
    let by_block = app.mentions_by_block(doc_i).clone();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for b in first..=last {
        for &k in by_block.get(b).map(|v| v.as_slice()).unwrap_or(&[]) {
            if let Some(id) = app.corpus.mentions[doc_i]
                .get(k)
                .and_then(|m| m.entity.clone())
            {
                *counts.entry(id).or_default() += 1;
            }
        }
    }
    let g = &app.corpus.gazetteer;
    let mut on_screen: Vec<(usize, usize, usize)> = counts
        .iter()
        .filter_map(|(id, n)| {
            let i = g.entities.iter().position(|e| &e.id == id)?;
            let rank = match g.entities[i].kind {
                EntityKind::Person => 0,
                EntityKind::Place => 1,
                _ => 2,
            };
            Some((rank, i, *n))
        })
        .collect();
    on_screen.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.cmp(&a.2)).then(a.1.cmp(&b.1)));
    out.push(heading("On screen"));
    if on_screen.is_empty() {
        out.push(text("no names on screen".into()));
    }
    for (_, i, n) in on_screen {
        let e = &g.entities[i];
        out.push(SideItem {
            text: format!("{} · {} ×{n}", e.name, e.kind.as_str()),
            kind: SideKind::Entity,
            target: Some(Target::Entity(i)),
        });
    }
    // Speakers.
    let cast = app.cast(doc_i).clone();
    if !cast.members.is_empty() {
        out.push(heading("Speakers"));
        let total = cast.total_words().max(1);
        for (i, m) in cast.members.iter().enumerate() {
            let share = m.words * 100 / total;
            let bar_len = 10;
            let filled = (m.words * bar_len + total / 2) / total;
            let target =
                m.id.as_ref()
                    .and_then(|id| {
                        app.corpus
                            .gazetteer
                            .entities
                            .iter()
                            .position(|e| &e.id == id)
                    })
                    .map(Target::Entity);
            out.push(SideItem {
                text: format!(
                    "{}\t{} turns {}{} {share}%",
                    m.name,
                    m.turns,
                    "█".repeat(filled),
                    "░".repeat(bar_len - filled)
                ),
                kind: SideKind::Speaker(i),
                target,
            });
        }
    }
    // Linked documents.
    out.push(heading("Linked"));
    let (prev, next) = crate::links::neighbours(&app.corpus, doc_i);
    if let Some(p) = prev {
        out.push(SideItem {
            text: format!("← {}", doc_line(app, p)),
            kind: SideKind::Doc,
            target: Some(Target::Doc(p)),
        });
    }
    if let Some(n) = next {
        out.push(SideItem {
            text: format!("→ {}", doc_line(app, n)),
            kind: SideKind::Doc,
            target: Some(Target::Doc(n)),
        });
    }
    let related: Vec<_> = app
        .related()
        .iter()
        .filter(|r| Some(r.doc) != prev && Some(r.doc) != next)
        .take(6)
        .cloned()
        .collect();
    for r in related {
        let names: Vec<String> = r
            .shared
            .iter()
            .take(3)
            .map(|id| {
                app.corpus
                    .gazetteer
                    .get(id)
                    .map(|e| e.name.clone())
                    .unwrap_or_else(|| id.clone())
            })
            .collect();
        out.push(SideItem {
            text: format!("{} — {}", doc_line(app, r.doc), names.join(", ")),
            kind: SideKind::Doc,
            target: Some(Target::Doc(r.doc)),
        });
    }
    out
}
