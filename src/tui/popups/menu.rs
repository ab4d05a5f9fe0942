//! A menu of places to go: what a paragraph leads to, or the bookmarks.

use super::super::cx::{centered, inner, truncate, Cx, Target};
use super::super::widgets::list::{draw_rows, ListState};
use super::super::wrap::sanitize;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// A menu.
#[derive(Debug, Clone, Default)]
pub struct Menu {
    /// Labels and targets.
    pub items: Vec<(String, Target)>,
    /// The selection.
    pub list: ListState,
    /// The title.
    pub title: String,
}

impl Menu {
    /// A menu of these items.
    pub fn new(title: &str, items: Vec<(String, Target)>) -> Menu {
        Menu {
            items,
            list: ListState::default(),
            title: title.into(),
        }
    }

    /// Where it stands.
    pub fn rect(&self, main: Rect) -> Rect {
        let w = self
            .items
            .iter()
            .map(|i| i.0.width())
            .max()
            .unwrap_or(10)
            .clamp(24, 70) as u16
            + 4;
        let h = (self.items.len() as u16 + 2).min(main.height);
        centered(main, w, h)
    }

    /// The chosen target.
    pub fn chosen(&self) -> Option<Target> {
        self.items.get(self.list.selected).map(|i| i.1.clone())
    }

    /// Keep the selection in view.
    pub fn prepare(&mut self, main: Rect) {
        let rows = inner(self.rect(main)).height as usize;
        self.list.reveal(rows, self.items.len());
    }

    /// Draw it.
    pub fn draw(&self, cx: &Cx, f: &mut Frame, main: Rect) {
        let r = self.rect(main);
        f.render_widget(Clear, r);
        let block = cx.popup(&self.title);
        let inner = block.inner(r);
        f.render_widget(block, r);
        draw_rows(f, inner, &self.list, self.items.len(), |i, sel| {
            let s = if sel {
                cx.theme.selected()
            } else {
                Style::default()
            };
            Line::from(Span::styled(
                truncate(&sanitize(&self.items[i].0), inner.width as usize),
                s,
            ))
        });
    }
}
