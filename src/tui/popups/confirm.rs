//! A yes/no question: `y` says yes, any other key no.

use super::super::cx::{centered, Cx};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

/// What is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// Delete this note (by id)?
    DeleteNote(String),
    /// Discard the note being written?
    Discard,
}

/// The question popup.
#[derive(Debug, Clone)]
pub struct Confirm {
    /// What is asked.
    pub question: Question,
}

/// Where it stands.
pub fn rect(main: Rect) -> Rect {
    centered(main, 44, 5)
}

impl Confirm {
    /// Draw it.
    pub fn draw(&self, cx: &Cx, f: &mut Frame, main: Rect) {
        let r = rect(main);
        f.render_widget(Clear, r);
        let (title, what, keep) = match &self.question {
            Question::DeleteNote(id) => (
                "Delete this note?",
                format!("note {id}"),
                "y deletes it; any other key keeps it",
            ),
            Question::Discard => (
                "Discard this note?",
                "it has not been saved".to_string(),
                "y discards it; any other key goes back to it",
            ),
        };
        let block = cx.popup(title);
        let inner = block.inner(r);
        f.render_widget(block, r);
        f.render_widget(
            Paragraph::new(vec![
                Line::raw(what),
                Line::from(Span::styled(keep, cx.theme.muted())),
            ]),
            inner,
        );
    }
}
