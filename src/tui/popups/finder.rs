//! The finder: documents and every entity by any spelling, as one types.

use super::super::cx::{centered, inner, truncate, Cx};
use super::super::widgets::list::{draw_rows, ListState};
use super::super::widgets::text_field::TextField;
use super::super::wrap::sanitize;
use crate::corpus::Corpus;
use crate::search::fuzzy::{Finder, Haystack, Nucleo};
use crate::text::fold;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

/// A result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// A document.
    Doc(usize),
    /// A gazetteer entity.
    Entity(usize),
}

/// The matchers over entities and over documents (titles, ids, dates), built on first use and
/// kept (they remember the last query, to narrow it as one types).
pub struct Finders {
    entities: Finder<Nucleo>,
    docs: Finder<Nucleo>,
}

impl Finders {
    /// Build them for a corpus.
    pub fn new(corpus: &Corpus) -> Finders {
        let entities = Finder::new(Haystack::new(&corpus.gazetteer), Nucleo::default());
        let doc_names = corpus.docs.heads().enumerate().flat_map(|(i, d)| {
            let i = i as u32;
            let mut v = vec![(i, d.title.clone()), (i, d.id.clone())];
            if let Some(date) = &d.date {
                v.push((i, format!("{date} {}", d.kind.label())));
            }
            v
        });
        let docs = Finder::new(Haystack::from_names(doc_names), Nucleo::default());
        Finders { entities, docs }
    }

    /// The results for a query, best first.
    pub fn search(&mut self, query: &str, n_docs: usize) -> Vec<Found> {
        if query.trim().is_empty() {
            // Clear the finders' memory of the last query.
            self.entities.search("", 1);
            self.docs.search("", 1);
            return (0..n_docs).map(Found::Doc).collect();
        }
        let mut scored: Vec<(i64, Found)> = Vec::new();
        for r in self.docs.search(query, 30) {
            scored.push((r.score, Found::Doc(r.entity as usize)));
        }
        for r in self.entities.search(query, 60) {
            scored.push((r.score, Found::Entity(r.entity as usize)));
        }
        scored.sort_by_key(|s| std::cmp::Reverse(s.0));
        // Far weaker matches than the best are noise (letters scattered through long names).
        let best = scored.first().map(|s| s.0).unwrap_or(0);
        scored
            .into_iter()
            .filter(|s| s.0 * 3 >= best)
            .map(|s| s.1)
            .take(80)
            .collect()
    }
}

/// The finder popup.
#[derive(Debug, Clone, Default)]
pub struct FinderPopup {
    /// What has been typed.
    pub field: TextField,
    /// Results, best first.
    pub results: Vec<Found>,
    /// The selection among them.
    pub list: ListState,
}

/// Where it stands.
pub fn rect(main: Rect) -> Rect {
    centered(
        main,
        (main.width * 4 / 5).max(30),
        (main.height * 4 / 5).max(8),
    )
}

impl FinderPopup {
    /// The selected result.
    pub fn chosen(&self) -> Option<Found> {
        self.results.get(self.list.selected).copied()
    }

    /// The rows of results in the popup.
    pub fn rows_area(main: Rect) -> Rect {
        let i = inner(rect(main));
        Rect {
            y: i.y + 2.min(i.height),
            height: i.height.saturating_sub(2),
            ..i
        }
    }

    /// Keep the selection in view.
    pub fn prepare(&mut self, main: Rect) {
        let rows = Self::rows_area(main).height as usize;
        self.list.reveal(rows, self.results.len());
    }

    /// The spelling of an entity that matched the query, when not its preferred name.
    fn matched(&self, cx: &Cx, entity: usize) -> Option<String> {
        let e = cx.corpus.gazetteer.entities.get(entity)?;
        let q = fold(self.field.text());
        let words: Vec<&str> = q.split_whitespace().collect();
        e.all_names()
            .find(|n| {
                let n = fold(n);
                !words.is_empty() && words.iter().all(|w| n.contains(w))
            })
            .filter(|n| *n != e.name)
            .map(String::from)
    }

    /// Draw it.
    pub fn draw(&self, cx: &Cx, f: &mut Frame, main: Rect) {
        let r = rect(main);
        f.render_widget(Clear, r);
        let block = cx.popup("Find: documents, people, places, anything");
        let inner = block.inner(r);
        f.render_widget(block, r);
        let w = inner.width as usize;
        let head = vec![Line::from(vec![
            Span::styled("> ", cx.theme.accent()),
            Span::raw(sanitize(&self.field.with_cursor("▏"))),
        ])];
        f.render_widget(
            Paragraph::new(head),
            Rect {
                height: inner.height.min(1),
                ..inner
            },
        );
        let rows = Self::rows_area(main);
        if self.results.is_empty() {
            f.render_widget(
                Paragraph::new(Span::styled("nothing matches", cx.theme.muted())),
                rows,
            );
            return;
        }
        draw_rows(f, rows, &self.list, self.results.len(), |i, sel| {
            let (tag, text) = match self.results[i] {
                Found::Doc(d) => ("document", cx.doc_line(d)),
                Found::Entity(e) => {
                    let ent = &cx.corpus.gazetteer.entities[e];
                    let via = self
                        .matched(cx, e)
                        .map(|m| format!("  (as \"{m}\")"))
                        .unwrap_or_default();
                    (ent.kind.as_str(), format!("{}{via}", ent.name))
                }
            };
            let line = truncate(&format!("{tag:<13}{}", sanitize(&text)), w);
            let style = if sel {
                cx.theme.selected()
            } else {
                Style::default()
            };
            Line::from(Span::styled(line, style))
        });
    }
}
