//! The three panes and the status line, drawn from the state the update step prepared.

pub mod list;
pub mod reader;
pub mod sidebar;
pub mod status;

use super::app::{App, Focus};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders};

/// A pane's frame: the focused pane's border stands out.
pub fn pane_block<'a>(app: &App, title: String, focus: Focus) -> Block<'a> {
    let focused = app.focus == focus;
    Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border(focused))
        .title(Span::styled(
            title,
            if focused {
                app.theme.heading()
            } else {
                app.theme.muted()
            },
        ))
}
