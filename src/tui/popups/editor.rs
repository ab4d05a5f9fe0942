//! The note editor: a multi-line field (Enter makes a new line), Tab for the colour, Ctrl-s or
//! Alt-Enter to save, Ctrl-x to write the note in `$VISUAL`/`$EDITOR`, Esc to leave (asking
//! first when something was typed).

use super::super::action::Action;
use super::super::cx::{centered, truncate, Cx};
use super::super::keymap::Mode;
use super::super::widgets::text_field::TextField;
use super::super::wrap::{sanitize, wrap};
use crate::notes::Note;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

/// Colours a note can have, cycled with Tab.
pub const COLOURS: &[&str] = &["yellow", "green", "cyan", "magenta", "red"];

/// The note editor.
#[derive(Debug, Clone)]
pub struct Editor {
    /// The note being written (new or existing).
    pub note: Note,
    /// What is typed (tags as #words).
    pub field: TextField,
    /// Whether the note is new.
    pub new: bool,
    /// The text it started with (to know whether leaving loses anything).
    pub started: String,
}

/// Where it stands.
pub fn rect(main: Rect) -> Rect {
    centered(main, (main.width * 3 / 4).max(30), 10.max(main.height / 2))
}

impl Editor {
    /// An editor for a note, holding `text`.
    pub fn new(note: Note, text: &str, new: bool) -> Editor {
        Editor {
            note,
            field: TextField::multiline().with_text(text),
            new,
            started: text.to_string(),
        }
    }

    /// Whether something typed would be lost by leaving.
    pub fn changed(&self) -> bool {
        self.field.text() != self.started
    }

    /// The next colour.
    pub fn next_colour(&mut self) {
        let now = self
            .note
            .colour
            .as_deref()
            .and_then(|c| COLOURS.iter().position(|x| *x == c));
        self.note.colour =
            Some(COLOURS[now.map(|i| (i + 1) % COLOURS.len()).unwrap_or(0)].to_string());
    }

    /// Draw it.
    pub fn draw(&self, cx: &Cx, f: &mut Frame, main: Rect) {
        let r = rect(main);
        f.render_widget(Clear, r);
        let block = cx.popup(if self.new { "New note" } else { "Edit note" });
        let inner = block.inner(r);
        f.render_widget(block, r);
        let w = inner.width as usize;
        let on = match &self.note.quote {
            Some(q) => format!("¶{} “{}”", self.note.block, sanitize(q)),
            None => format!("¶{} (the whole paragraph)", self.note.block),
        };
        let mut lines = vec![
            Line::from(Span::styled(truncate(&on, w), cx.theme.muted())),
            Line::raw(""),
        ];
        let body = wrap(
            &[(sanitize(&self.field.with_cursor("▏")), Style::default())],
            w,
        );
        // Keep the cursor's line in view: the text scrolls when it is longer than the box.
        let room = (inner.height as usize).saturating_sub(4).max(1);
        let cursor_line = body
            .iter()
            .position(|l| l.pieces.iter().any(|p| p.0.contains('▏')))
            .unwrap_or(0);
        let skip = (cursor_line + 1).saturating_sub(room);
        for l in body.into_iter().skip(skip).take(room) {
            lines.push(Line::from(
                l.pieces
                    .into_iter()
                    .map(|(t, s)| Span::styled(t, s))
                    .collect::<Vec<_>>(),
            ));
        }
        while lines.len() < 2 + room {
            lines.push(Line::raw(""));
        }
        let keys = cx.keymap.hints(
            &[Mode::Editor],
            &[
                (&[Action::NextColour], "colour"),
                (&[Action::Save], "save"),
                (&[Action::ExternalEditor], "$EDITOR"),
                (&[Action::Cancel], "cancel"),
            ],
        );
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            truncate(
                &format!(
                    "colour: {} · #word makes a tag · Enter new line · {keys}",
                    self.note.colour.as_deref().unwrap_or("none")
                ),
                w,
            ),
            cx.theme.muted(),
        )));
        f.render_widget(Paragraph::new(lines), inner);
    }
}
