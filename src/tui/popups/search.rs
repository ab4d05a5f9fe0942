//! Corpus-wide search: words, "a phrase", prefix*, hits best first; Enter opens the paragraph.

use super::super::cx::{centered, inner, truncate, Cx};
use super::super::widgets::list::{draw_rows, ListState};
use super::super::widgets::text_field::TextField;
use super::super::wrap::sanitize;
use crate::search::index::Hit;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

/// One hit, with what its row shows worked out when the hits came.
#[derive(Debug, Clone)]
pub struct Row {
    /// The hit.
    pub hit: Hit,
    /// The document's index in the corpus.
    pub doc: Option<usize>,
    /// The row's text.
    pub text: String,
}

/// The corpus search popup.
#[derive(Debug, Clone, Default)]
pub struct CorpusSearch {
    /// The query.
    pub field: TextField,
    /// Hits, best first.
    pub rows: Vec<Row>,
    /// The selection.
    pub list: ListState,
    /// An error from the index, or how far indexing is.
    pub error: Option<String>,
}

/// Where it stands.
pub fn rect(main: Rect) -> Rect {
    centered(
        main,
        (main.width * 9 / 10).max(30),
        (main.height * 4 / 5).max(8),
    )
}

impl CorpusSearch {
    /// The rows' area.
    pub fn rows_area(main: Rect) -> Rect {
        let i = inner(rect(main));
        Rect {
            y: i.y + 2.min(i.height),
            height: i.height.saturating_sub(2),
            ..i
        }
    }

    /// Take new hits: the text of each row is made here, once.
    pub fn set_hits(&mut self, cx: &Cx, hits: Vec<Hit>) {
        self.rows = hits
            .into_iter()
            .map(|h| {
                let doc = cx.corpus.index_of(&h.document);
                let date = doc
                    .and_then(|d| cx.corpus.docs.head(d).and_then(|x| x.date.clone()))
                    .unwrap_or_else(|| "undated".into());
                let who = h
                    .speaker
                    .as_deref()
                    .and_then(|s| cx.corpus.gazetteer.get(s))
                    .map(|e| format!("{}: ", e.name))
                    .unwrap_or_default();
                let text = format!(
                    "{date} ¶{:<4} {who}{}",
                    h.block,
                    sanitize(&h.snippet).replace('\n', " ")
                );
                Row { hit: h, doc, text }
            })
            .collect();
        self.list = ListState::default();
    }

    /// Keep the selection in view.
    pub fn prepare(&mut self, main: Rect) {
        self.list
            .reveal(Self::rows_area(main).height as usize, self.rows.len());
    }

    /// Draw it.
    pub fn draw(&self, cx: &Cx, f: &mut Frame, main: Rect) {
        let r = rect(main);
        f.render_widget(Clear, r);
        let block = cx.popup("Search the corpus: words, \"a phrase\", prefix*");
        let i = block.inner(r);
        f.render_widget(block, r);
        let w = i.width as usize;
        let head = vec![
            Line::from(vec![
                Span::styled("> ", cx.theme.accent()),
                Span::raw(sanitize(&self.field.with_cursor("▏"))),
            ]),
            Line::from(Span::styled(
                match &self.error {
                    Some(e) => truncate(&sanitize(e), w),
                    None => format!("{} hits", self.rows.len()),
                },
                cx.theme.muted(),
            )),
        ];
        f.render_widget(
            Paragraph::new(head),
            Rect {
                height: i.height.min(2),
                ..i
            },
        );
        draw_rows(
            f,
            Self::rows_area(main),
            &self.list,
            self.rows.len(),
            |k, sel| {
                let style = if sel {
                    cx.theme.selected()
                } else {
                    Style::default()
                };
                Line::from(Span::styled(truncate(&self.rows[k].text, w), style))
            },
        );
    }
}
