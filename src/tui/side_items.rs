//! The sidebar's lines, which follow the reading position: the user's notes on the visible
//! text, the footnotes it cites, the people and places on screen, the speakers and their share
//! of the words, and the linked documents. Worked out in the update step, before a frame.

use super::cast::Cast;
use super::cx::{Cx, Target};
use crate::gazetteer::EntityKind;
use crate::links::Related;
use crate::notes::anchor::Anchor;
use crate::notes::Note;
use crate::text::strip_controls;
use std::collections::BTreeMap;

/// A line of the sidebar, possibly leading somewhere.
#[derive(Debug, Clone, PartialEq)]
pub struct SideItem {
    /// What to draw (plain text; styling is by kind).
    pub text: String,
    /// The kind of line.
    pub kind: SideKind,
    /// Where Enter leads.
    pub target: Option<Target>,
}

/// Kinds of sidebar lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideKind {
    /// A section heading.
    Heading,
    /// A footnote.
    Note,
    /// An entity on screen.
    Entity,
    /// A speaker with a bar; the value is the cast member.
    Speaker(usize),
    /// A linked document.
    Doc,
    /// One of the user's notes.
    Annotation,
    /// Plain text.
    Text,
}

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

/// What the sidebar is made from.
pub struct Inputs<'a> {
    /// The open document.
    pub doc: usize,
    /// The user's notes on it, with where they stand.
    pub notes: &'a [(Note, Anchor)],
    /// Mention indices by block index.
    pub by_block: &'a [Vec<usize>],
    /// The document's speakers.
    pub cast: &'a Cast,
    /// Related documents.
    pub related: &'a [Related],
    /// Entity index by id.
    pub entity_index: &'a std::collections::HashMap<String, usize>,
    /// The sections, in order.
    pub sections: &'a [String],
}

/// The sidebar's lines for the blocks `first..=last` on screen.
pub fn items(cx: &Cx, inp: &Inputs, first: usize, last: usize) -> Vec<SideItem> {
    let mut out = Vec::new();
    let corpus = cx.corpus;
    let Some(doc) = corpus.docs.get(inp.doc) else {
        return out;
    };
    for section in inp.sections {
        match section.as_str() {
            "notes" => {
                let on_screen: Vec<_> = inp
                    .notes
                    .iter()
                    .filter(|(_, a)| a.block().is_some_and(|b| b >= first && b <= last))
                    .collect();
                let orphans: Vec<_> = inp
                    .notes
                    .iter()
                    .filter(|(_, a)| a.block().is_none())
                    .collect();
                if on_screen.is_empty() && orphans.is_empty() {
                    continue;
                }
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
                    t.push_str(&n.text.replace('\n', " "));
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
            "footnotes" => {
                if doc.footnotes.is_empty() {
                    continue;
                }
                let visible_n: Vec<usize> = doc
                    .blocks
                    .get(first..=last.min(doc.blocks.len().saturating_sub(1)))
                    .map(|bs| bs.iter().map(|b| b.n).collect())
                    .unwrap_or_default();
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
            "on-screen" => {
                let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
                for b in first..=last {
                    for &k in inp.by_block.get(b).map(|v| v.as_slice()).unwrap_or(&[]) {
                        if let Some(id) = corpus.mentions[inp.doc]
                            .get(k)
                            .and_then(|m| m.entity.as_deref())
                        {
                            *counts.entry(id).or_default() += 1;
                        }
                    }
                }
                let g = &corpus.gazetteer;
                let mut on_screen: Vec<(usize, usize, usize)> = counts
                    .iter()
                    .filter_map(|(id, n)| {
                        let i = *inp.entity_index.get(*id)?;
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
            }
            "speakers" => {
                let cast = inp.cast;
                if cast.members.is_empty() {
                    continue;
                }
                out.push(heading("Speakers"));
                let total = cast.total_words().max(1);
                for (i, m) in cast.members.iter().enumerate() {
                    let share = m.words * 100 / total;
                    let bar_len = 10;
                    let filled = (m.words * bar_len + total / 2) / total;
                    let target =
                        m.id.as_ref()
                            .and_then(|id| inp.entity_index.get(id).copied())
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
            "linked" => {
                out.push(heading("Linked"));
                let (prev, next) = crate::links::neighbours(corpus, inp.doc);
                if let Some(p) = prev {
                    out.push(SideItem {
                        text: format!("← {}", cx.doc_line(p)),
                        kind: SideKind::Doc,
                        target: Some(Target::Doc(p)),
                    });
                }
                if let Some(n) = next {
                    out.push(SideItem {
                        text: format!("→ {}", cx.doc_line(n)),
                        kind: SideKind::Doc,
                        target: Some(Target::Doc(n)),
                    });
                }
                for r in inp
                    .related
                    .iter()
                    .filter(|r| Some(r.doc) != prev && Some(r.doc) != next)
                    .take(6)
                {
                    let names: Vec<String> = r
                        .shared
                        .iter()
                        .take(3)
                        .map(|id| {
                            corpus
                                .gazetteer
                                .get(id)
                                .map(|e| e.name.clone())
                                .unwrap_or_else(|| id.clone())
                        })
                        .collect();
                    out.push(SideItem {
                        text: format!("{} — {}", cx.doc_line(r.doc), names.join(", ")),
                        kind: SideKind::Doc,
                        target: Some(Target::Doc(r.doc)),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// The sidebar's drawn lines, and the line where each item starts.
pub struct Rows {
    /// The lines.
    pub lines: Vec<ratatui::text::Line<'static>>,
    /// For each item, its first line.
    pub starts: Vec<usize>,
}

/// Lay the items out as lines `w` wide; `selected` is the highlighted item when the sidebar has
/// the keyboard.
pub fn rows(cx: &Cx, items: &[SideItem], cast: &Cast, selected: Option<usize>, w: usize) -> Rows {
    use super::cx::truncate;
    use super::wrap::{sanitize, wrap};
    use ratatui::style::{Modifier, Style};
    use ratatui::text::{Line, Span};
    let theme = cx.theme;
    let mut lines: Vec<Line> = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 && item.kind == SideKind::Heading {
            lines.push(Line::raw(""));
        }
        starts.push(lines.len());
        let sel = selected == Some(i);
        let base = match item.kind {
            SideKind::Heading => theme.heading().add_modifier(Modifier::UNDERLINED),
            SideKind::Note | SideKind::Entity | SideKind::Doc => Style::default(),
            SideKind::Annotation => theme.note(),
            SideKind::Speaker(_) | SideKind::Text => theme.muted(),
        };
        let style = if sel {
            base.patch(theme.selected())
        } else {
            base
        };
        match item.kind {
            SideKind::Speaker(m) => {
                let (name, rest) = item.text.split_once('\t').unwrap_or((&item.text, ""));
                let ns = match cast.members.get(m) {
                    Some(mem) => {
                        let fam = cast.sides.get(mem.side).map(|s| s.1).unwrap_or(0);
                        theme.speaker(fam, mem.rank)
                    }
                    None => Style::default(),
                };
                let ns = if sel { ns.patch(theme.selected()) } else { ns };
                lines.push(Line::from(vec![Span::styled(truncate(name, w), ns)]));
                lines.push(Line::from(Span::styled(
                    format!("  {}", truncate(rest, w.saturating_sub(2))),
                    style,
                )));
            }
            SideKind::Note | SideKind::Annotation => {
                for l in wrap(&[(sanitize(&item.text), style)], w) {
                    lines.push(Line::from(
                        l.pieces
                            .into_iter()
                            .map(|(t, s)| Span::styled(t, s))
                            .collect::<Vec<_>>(),
                    ));
                }
            }
            _ => lines.push(Line::from(Span::styled(
                truncate(&sanitize(&item.text), w),
                style,
            ))),
        }
    }
    Rows { lines, starts }
}
