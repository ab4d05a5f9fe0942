//! The reading room: a ratatui app over the corpus. The core (model, ingest, store, search)
//! knows nothing of it.

pub mod app;
pub mod cast;
pub mod desk;
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
        crossterm::event::DisableBracketedPaste,
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

/// Whether the terminal on standard input has hung up (its window closed, the SSH connection
/// dropped).
fn hung_up() -> bool {
    let mut fd = libc::pollfd {
        fd: 0,
        events: 0,
        revents: 0,
    };
    // SAFETY: one valid pollfd, zero timeout.
    let n = unsafe { libc::poll(&mut fd, 1, 0) };
    n > 0 && (fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL)) != 0
}

/// Watch for SIGTERM, SIGHUP and a vanished terminal. The main loop notices `stop` between
/// events; if it is stuck (a terminal that is gone can keep the event reader busy), the
/// watchdog restores the terminal and ends the process itself. The session is saved as the
/// reader moves, so nothing is lost.
fn watchdog(stop: Arc<AtomicBool>, done: Arc<AtomicBool>) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(300));
        if done.load(Ordering::Relaxed) {
            return;
        }
        if hung_up() {
            stop.store(true, Ordering::Relaxed);
        }
        if stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(700));
            if !done.load(Ordering::Relaxed) {
                restore_terminal();
                std::process::exit(1);
            }
            return;
        }
    });
}

/// Run the reading room until the user quits or a SIGTERM/SIGHUP arrives.
pub fn run(mut app: app::App) -> io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    watchdog(Arc::clone(&stop), Arc::clone(&done));
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A panic inside a panic boundary (one file's ingest) is caught: the reading room
        // goes on, so the terminal stays as it is.
        if !crate::panic_boundary::active() {
            restore_terminal();
        }
        previous(info);
    }));
    enable_raw_mode()?;
    let _guard = Guard;
    let mut out = io::stdout();
    execute!(
        out,
        EnterAlternateScreen,
        EnableMouseCapture,
        crossterm::event::EnableBracketedPaste,
        cursor::Hide,
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    // No `terminal.clear()`: it asks the terminal where the cursor is, and some never answer.
    let mut terminal = Terminal::new(CrosstermBackend::new(out))?;
    // The first frame is drawn before asking the terminal anything: a terminal slow to
    // answer (or silent) must not keep the reader waiting.
    terminal.draw(|f| view::draw(f, &mut app))?;
    app.start_indexing();
    if matches!(
        crossterm::terminal::supports_keyboard_enhancement(),
        Ok(true)
    ) {
        // Lets Ctrl-i be told from Tab.
        let _ = execute!(
            io::stdout(),
            crossterm::event::PushKeyboardEnhancementFlags(
                crossterm::event::KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES
            )
        );
    }
    let mut saved = app.loc();
    // A test build can be told to panic, to check that the terminal is restored.
    let panic_for_test = cfg!(debug_assertions) && std::env::var_os("CARREL_TEST_PANIC").is_some();
    while !app.quit && !stop.load(Ordering::Relaxed) {
        app.poll_jobs();
        terminal.draw(|f| view::draw(f, &mut app))?;
        if panic_for_test {
            panic!("panic forced by CARREL_TEST_PANIC");
        }
        if let Some(text) = app.clipboard.take() {
            // OSC 52: terminals that allow it put the text on the clipboard.
            let mut out = io::stdout();
            let _ = write!(
                out,
                "\x1b]52;c;{}\x07",
                desk::base64(crate::text::strip_controls(&text).as_bytes())
            );
            let _ = out.flush();
        }
        if app.loc() != saved {
            saved = app.loc();
            app.save_session();
        }
        if !event::poll(Duration::from_millis(250))? {
            continue;
        }
        // Take every event already waiting before drawing again, so that held keys and
        // bursts of resizes cost one frame, not one each.
        let mut taken = 0;
        loop {
            match event::read()? {
                Event::Key(k) => keys::on_key(&mut app, k),
                Event::Mouse(m) => keys::on_mouse(&mut app, m),
                Event::Paste(text) => keys::on_paste(&mut app, &text),
                Event::Resize(_, _) => terminal.autoresize()?,
                _ => {}
            }
            taken += 1;
            if app.quit || taken >= 512 || !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
    app.save_session();
    done.store(true, Ordering::Relaxed);
    Ok(())
}
