//! An entity's card: its description, names and every mention in the corpus with a line of
//! context; Enter on a mention goes there.

use super::super::cx::{centered, inner, truncate, Cx, Loc};
use super::super::widgets::list::{draw_rows, ListState};
use super::super::wrap::{sanitize, wrap, Piece};
use crate::corpus::Corpus;
use crate::model::Reading;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;
use std::collections::HashMap;
use unicode_width::UnicodeWidthStr;

/// One mention on a card.
#[derive(Debug, Clone, PartialEq)]
pub struct CardMention {
    /// Where it is.
    pub at: Loc,
    /// The paragraph number.
    pub n: usize,
    /// The document's date.
    pub date: String,
    /// Text before the name.
    pub before: String,
    /// The name as printed.
    pub name: String,
    /// Text after the name.
    pub after: String,
}

/// An entity's card.
#[derive(Debug, Clone)]
pub struct Card {
    /// Entity index.
    pub entity: usize,
    /// Every mention across the corpus.
    pub mentions: Vec<CardMention>,
    /// Documents the mentions are in.
    pub docs: usize,
    /// The selected mention.
    pub list: ListState,
}

/// Where it stands.
pub fn rect(main: Rect) -> Rect {
    centered(
        main,
        (main.width * 9 / 10).max(30),
        (main.height * 9 / 10).max(8),
    )
}

/// A line of context around a mention.
fn context(text: &str, start: usize, end: usize) -> (String, String, String) {
    let clean = |s: &str| crate::text::strip_controls(s).replace('\n', " ");
    let (start, end) = (start.min(text.len()), end.min(text.len()));
    let mut from = start.saturating_sub(60);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + 60).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let ok = text.is_char_boundary(start) && text.is_char_boundary(end) && start <= end;
    let (before, name, after) = if ok {
        (&text[from..start], &text[start..end], &text[end..to])
    } else {
        ("", "", "")
    };
    let before = match before.find(' ') {
        Some(i) if from > 0 => &before[i + 1..],
        _ => before,
    };
    let after = match after.rfind(' ') {
        Some(i) if to < text.len() => &after[..i],
        _ => after,
    };
    (
        format!("{}{}", if from > 0 { "…" } else { "" }, clean(before)),
        clean(name),
        format!("{}{}", clean(after), if to < text.len() { "…" } else { "" }),
    )
}

impl Card {
    /// The card of an entity, with every mention (only documents that name it are read).
    pub fn open(corpus: &Corpus, entity: usize) -> Option<Card> {
        let id = corpus.gazetteer.entities.get(entity)?.id.clone();
        let mut mentions = Vec::new();
        let mut docs = 0;
        for di in 0..corpus.docs.len() {
            if corpus.docs.count_of(di, entity) == 0 {
                continue;
            }
            let d = &corpus.docs[di];
            let index: HashMap<usize, usize> =
                d.blocks.iter().enumerate().map(|(i, b)| (b.n, i)).collect();
            let before = mentions.len();
            for m in &corpus.mentions[di] {
                if m.entity.as_deref() != Some(id.as_str()) {
                    continue;
                }
                let Some(&bi) = index.get(&m.block) else {
                    continue;
                };
                let text = d.blocks[bi].text(Reading::Redline);
                let (before, name, after) = context(&text, m.start, m.end);
                mentions.push(CardMention {
                    at: Loc { doc: di, block: bi },
                    n: m.block,
                    date: d.date.clone().unwrap_or_else(|| "undated".into()),
                    before,
                    name,
                    after,
                });
            }
            if mentions.len() > before {
                docs += 1;
            }
        }
        Some(Card {
            entity,
            mentions,
            docs,
            list: ListState::default(),
        })
    }

    /// The chosen mention's place.
    pub fn chosen(&self) -> Option<Loc> {
        self.mentions.get(self.list.selected).map(|m| m.at)
    }

    fn head(&self, cx: &Cx, w: usize) -> Vec<Line<'static>> {
        let mut head: Vec<Line> = Vec::new();
        let Some(e) = cx.corpus.gazetteer.entities.get(self.entity) else {
            return head;
        };
        let mut add_wrapped = |pieces: Vec<Piece>| {
            for l in wrap(&pieces, w) {
                head.push(Line::from(
                    l.pieces
                        .into_iter()
                        .map(|(t, s)| Span::styled(t, s))
                        .collect::<Vec<_>>(),
                ));
            }
        };
        let mut facts = Vec::new();
        if let Some(role) = &e.role {
            facts.push(role.clone());
        }
        match (e.born, e.died) {
            (Some(b), Some(d)) => facts.push(format!("{b}–{d}")),
            (Some(b), None) => facts.push(format!("born {b}")),
            (None, Some(d)) => facts.push(format!("died {d}")),
            _ => {}
        }
        let sides: Vec<String> = e
            .affiliation
            .iter()
            .map(|a| match (a.from, a.to) {
                (None, None) => a.side.clone(),
                (f, t) => format!(
                    "{} {}–{}",
                    a.side,
                    f.map(|x| x.to_string()).unwrap_or_default(),
                    t.map(|x| x.to_string()).unwrap_or_default()
                ),
            })
            .collect();
        if !sides.is_empty() {
            facts.push(format!("side: {}", sides.join(", ")));
        }
        if !facts.is_empty() {
            add_wrapped(vec![(sanitize(&facts.join(" · ")), cx.theme.label())]);
        }
        if let Some(d) = &e.description {
            add_wrapped(vec![(sanitize(d), Style::default())]);
        }
        if !e.aliases.is_empty() || !e.original.is_empty() {
            let mut names = e.aliases.clone();
            names.extend(e.original.iter().cloned());
            add_wrapped(vec![
                ("Also: ".into(), cx.theme.label()),
                (sanitize(&names.join(" · ")), cx.theme.muted()),
            ]);
        }
        head.push(Line::raw(""));
        head.push(Line::from(Span::styled(
            format!(
                "Mentions: {} in {} documents",
                self.mentions.len(),
                self.docs
            ),
            cx.theme.heading(),
        )));
        head
    }

    /// The card's head and the rows of its mentions.
    pub fn rows_area(&self, cx: &Cx, main: Rect) -> (Vec<Line<'static>>, Rect) {
        let i = inner(rect(main));
        let head = self.head(cx, i.width as usize);
        let head_h = (head.len() as u16).min(i.height);
        let rows = Rect {
            y: i.y + head_h,
            height: i.height - head_h,
            ..i
        };
        (head, rows)
    }

    /// Keep the selection in view.
    pub fn prepare(&mut self, cx: &Cx, main: Rect) {
        let (_, rows) = self.rows_area(cx, main);
        self.list.reveal(rows.height as usize, self.mentions.len());
    }

    /// Draw it.
    pub fn draw(&self, cx: &Cx, f: &mut Frame, main: Rect) {
        let r = rect(main);
        f.render_widget(Clear, r);
        let Some(e) = cx.corpus.gazetteer.entities.get(self.entity) else {
            return;
        };
        let block = cx.popup(&format!("{} · {}", sanitize(&e.name), e.kind.as_str()));
        let i = block.inner(r);
        f.render_widget(block, r);
        let (head, rows) = self.rows_area(cx, main);
        f.render_widget(
            Paragraph::new(head),
            Rect {
                height: rows.y - i.y,
                ..i
            },
        );
        let w = i.width as usize;
        if self.mentions.is_empty() {
            f.render_widget(
                Paragraph::new(Span::styled(
                    "not mentioned in the text of this corpus",
                    cx.theme.muted(),
                )),
                rows,
            );
            return;
        }
        draw_rows(f, rows, &self.list, self.mentions.len(), |k, sel| {
            let m = &self.mentions[k];
            let lead = format!("{} ¶{:<4} ", m.date, m.n);
            let base = if sel {
                cx.theme.selected()
            } else {
                Style::default()
            };
            let room = w.saturating_sub(lead.width() + m.name.width());
            let before = m.before.chars().rev().collect::<String>();
            let before: String = truncate(&before, room / 2).chars().rev().collect();
            let after = truncate(&m.after, room.saturating_sub(before.width()));
            Line::from(vec![
                Span::styled(lead, if sel { base } else { cx.theme.muted() }),
                Span::styled(before, base),
                Span::styled(m.name.clone(), base.add_modifier(Modifier::BOLD)),
                Span::styled(after, base),
            ])
        });
    }
}
