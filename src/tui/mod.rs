//! The reading room: a ratatui app over the corpus. The core (model, ingest, store, search)
//! knows nothing of it.

pub mod app;
pub mod cast;
pub mod keys;
pub mod reader;
pub mod session;
pub mod sidebar;
pub mod theme;
pub mod view;
pub mod wrap;

use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Put the terminal back as it was: main screen, cooked mode, cursor shown, mouse released.
pub fn restore_terminal() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        crossterm::event::PopKeyboardEnhancementFlags,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Restores the terminal when dropped, whatever way the app ends.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Run the reading room until the user quits or a SIGTERM/SIGHUP arrives.
pub fn run(mut app: app::App) -> io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
    enable_raw_mode()?;
    let _guard = Guard;
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, EnableMouseCapture, cursor::Hide)?;
    if matches!(crossterm::terminal::supports_keyboard_enhancement(), Ok(true)) {
        // Lets Ctrl-i be told from Tab.
        let _ = execute!(
            out,
            crossterm::event::PushKeyboardEnhancementFlags(
                crossterm::event::KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES
            )
        );
    }
    let mut terminal = Terminal::new(CrosstermBackend::new(out))?;
    terminal.clear()?;
    while !app.quit && !stop.load(Ordering::Relaxed) {
        terminal.draw(|f| view::draw(f, &mut app))?;
        if !event::poll(Duration::from_millis(250))? {
            continue;
        }
        match event::read()? {
            Event::Key(k) => keys::on_key(&mut app, k),
            Event::Mouse(m) => keys::on_mouse(&mut app, m),
            Event::Resize(_, _) => terminal.autoresize()?,
            _ => {}
        }
    }
    app.save_session();
    Ok(())
}
