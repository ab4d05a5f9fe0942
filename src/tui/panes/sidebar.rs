//! The sidebar: the lines the update step made for what is on screen, scrolled to show the
//! selection.

use super::super::app::{App, Focus};
use super::super::side_items;
use super::pane_block;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Draw the sidebar pane.
pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let block = pane_block(app, " Sidebar ".into(), Focus::Sidebar);
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let selected = (app.focus == Focus::Sidebar).then_some(app.side_selected);
    let rows = side_items::rows(
        &app.cx(),
        &app.side_items,
        app.current_cast(),
        selected,
        inner.width as usize,
    );
    let visible: Vec<Line> = rows
        .lines
        .into_iter()
        .skip(app.side_top)
        .take(inner.height as usize)
        .collect();
    f.render_widget(Paragraph::new(visible), inner);
}
