//! What every pane and popup reads while drawing or handling an action: the corpus, the theme
//! and the keymap; and the small drawing helpers they share.

use super::keymap::Keymap;
use super::theme::Theme;
use crate::corpus::Corpus;
use crate::text::strip_controls;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders};
use unicode_width::UnicodeWidthStr;

/// Read-only context.
#[derive(Clone, Copy)]
pub struct Cx<'a> {
    /// The corpus.
    pub corpus: &'a Corpus,
    /// Colours.
    pub theme: &'a Theme,
    /// Keys.
    pub keymap: &'a Keymap,
}

impl Cx<'_> {
    /// A short line for a document: date and title.
    pub fn doc_line(&self, d: usize) -> String {
        let Some(doc) = self.corpus.docs.head(d) else {
            return String::new();
        };
        format!(
            "{} {}",
            doc.date.as_deref().unwrap_or("undated"),
            strip_controls(&doc.title)
        )
    }

    /// A popup's frame with its title.
    pub fn popup<'b>(&self, title: &str) -> Block<'b> {
        Block::default()
            .borders(Borders::ALL)
            .border_style(self.theme.border(true))
            .title(Span::styled(format!(" {title} "), self.theme.heading()))
    }
}

/// Truncate to a display width, with an ellipsis when cut.
pub fn truncate(s: &str, w: usize) -> String {
    if s.width() <= w {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    if w > 0 {
        out.push('…');
    }
    out
}

/// A centred rectangle of a given size inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// The inside of a bordered rectangle.
pub fn inner(r: Rect) -> Rect {
    Block::default().borders(Borders::ALL).inner(r)
}

/// A place in the corpus: a document and the block under the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loc {
    /// Document index.
    pub doc: usize,
    /// Block index.
    pub block: usize,
}

/// What a menu item or sidebar line leads to.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// An entity's card.
    Entity(usize),
    /// A footnote of the open document, by label.
    Note(String),
    /// A document.
    Doc(usize),
    /// A place in a document.
    Place(Loc),
    /// One of the user's notes, by id.
    Annotation(String),
}
