//! Drawing a frame: a pure function of the state the update step prepared. The panes first
//! (tabs in a narrow terminal), then the layers bottom-up, then the status line.

use super::app::{App, Focus};
use super::panes;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Draw a frame. Nothing here changes the state.
pub fn draw(app: &App, f: &mut Frame) {
    let area = f.area();
    if area.width < 20 || area.height < 6 || app.areas.main.width == 0 {
        f.render_widget(Paragraph::new("carrel: enlarge the window"), area);
        return;
    }
    let a = app.areas;
    if let Some(t) = a.tabs {
        draw_tabs(f, app, t);
    }
    if let Some(r) = a.list {
        panes::list::draw(f, app, r);
    }
    if let Some(r) = a.reader {
        panes::reader::draw(f, app, r);
    }
    if let Some(r) = a.sidebar {
        panes::sidebar::draw(f, app, r);
    }
    panes::status::draw(f, app, a.status);
    let cx = app.cx();
    for l in &app.layers {
        l.draw(&cx, f, a.main);
    }
}

fn draw_tabs(f: &mut Frame, app: &App, area: Rect) {
    let names = [
        (Focus::List, " Documents "),
        (Focus::Reader, " Reader "),
        (Focus::Sidebar, " Sidebar "),
    ];
    let third = (area.width / 3) as usize;
    let spans: Vec<Span> = names
        .iter()
        .map(|(fc, n)| {
            let s = if *fc == app.focus {
                app.theme.selected().add_modifier(Modifier::BOLD)
            } else {
                app.theme.muted()
            };
            let pad = third.saturating_sub(n.width());
            Span::styled(format!("{n}{}", " ".repeat(pad)), s)
        })
        .collect();
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The update step and a frame, for the event loop and the tests: prepare for the terminal's
/// size, then draw.
pub fn frame<B: ratatui::backend::Backend>(
    terminal: &mut ratatui::Terminal<B>,
    app: &mut App,
) -> Result<(), B::Error> {
    let size = terminal.size()?;
    app.prepare(Rect::new(0, 0, size.width, size.height));
    terminal.draw(|f| draw(app, f))?;
    Ok(())
}
