//! The terminal: raw mode and the alternate screen entered and always left (on exit, a panic,
//! SIGTERM, SIGHUP, SIGINT, SIGQUIT), given up and taken back for Ctrl-z and SIGTSTP and for an
//! external editor; and the event loop, which draws only when something changed.

use super::app::{App, Effect};
use super::popups::Layer;
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
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

/// Raw mode, the alternate screen, the mouse, bracketed paste, the cursor hidden.
fn enter_terminal() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        crossterm::event::EnableBracketedPaste,
        cursor::Hide,
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )
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

/// The signals, as the event loop sees them: the last one to end on, and a pending stop.
struct Signals {
    /// The signal to end on (0: none).
    end: Arc<AtomicUsize>,
    /// SIGTSTP arrived.
    stop: Arc<AtomicBool>,
}

/// Catch the signals. Each sets a flag and wakes the event loop (a SIGWINCH makes the event
/// reader return, as a resize does). If the loop is stuck (a terminal that is gone can keep
/// the event reader busy), a watchdog restores the terminal and ends the process itself.
fn catch_signals(done: Arc<AtomicBool>) -> io::Result<Signals> {
    let end = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP])?;
    let (e, s) = (Arc::clone(&end), Arc::clone(&stop));
    std::thread::spawn(move || {
        for sig in signals.forever() {
            if sig == SIGTSTP {
                s.store(true, Ordering::SeqCst);
            } else {
                e.store(sig as usize, Ordering::SeqCst);
            }
            // SAFETY: sending a signal to our own process.
            unsafe {
                libc::kill(libc::getpid(), SIGWINCH);
            }
        }
    });
    let e = Arc::clone(&end);
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(300));
        if done.load(Ordering::Relaxed) {
            return;
        }
        if hung_up() {
            e.store(SIGHUP as usize, Ordering::SeqCst);
        }
        if e.load(Ordering::SeqCst) != 0 {
            std::thread::sleep(Duration::from_millis(700));
            if !done.load(Ordering::Relaxed) {
                restore_terminal();
                std::process::exit(128 + e.load(Ordering::SeqCst) as i32);
            }
            return;
        }
    });
    Ok(Signals { end, stop })
}

type Term = Terminal<CrosstermBackend<io::Stdout>>;

/// Give the terminal back, stop until SIGCONT, then take it again and redraw all of it.
fn suspend(terminal: &mut Term) -> io::Result<()> {
    restore_terminal();
    // SIGSTOP, not SIGTSTP: a stop that works even in an orphaned process group.
    // SAFETY: stopping our own process.
    unsafe {
        libc::kill(libc::getpid(), libc::SIGSTOP);
    }
    retake(terminal)
}

/// Enter raw mode and the alternate screen again and make the next frame redraw everything.
fn retake(terminal: &mut Term) -> io::Result<()> {
    enter_terminal()?;
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

/// Write the note being edited to a file, hand the terminal to `$VISUAL` (else `$EDITOR`,
/// else `vi`), and read the file back into the editor.
fn external_editor(terminal: &mut Term, app: &mut App) -> io::Result<()> {
    let Some(Layer::Editor(ed)) = app.layers.last() else {
        return Ok(());
    };
    let command = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".into());
    let dir = std::env::temp_dir();
    let path = dir.join(format!(
        "carrel-note-{}-{}.md",
        std::process::id(),
        ed.note.id
    ));
    std::fs::write(&path, ed.field.text())?;
    restore_terminal();
    let mut words = command.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(words)
        .arg(&path)
        .status();
    retake(terminal)?;
    let result = match status {
        Ok(s) if s.success() => {
            std::fs::read(&path).map(|b| String::from_utf8_lossy(&b).into_owned())
        }
        Ok(s) => Err(io::Error::other(format!(
            "{program} ended with {s}; the note is as it was"
        ))),
        Err(e) => Err(io::Error::other(format!("cannot run {program}: {e}"))),
    };
    let _ = std::fs::remove_file(&path);
    match result {
        Ok(text) => {
            if let Some(Layer::Editor(ed)) = app.layers.last_mut() {
                ed.field.set(text.trim_end_matches('\n'));
            }
            app.message = Some("the note came back from the editor (Ctrl-s saves it)".into());
        }
        Err(e) => app.message = Some(e.to_string()),
    }
    Ok(())
}

/// Do what the state asked of the terminal.
fn effects(terminal: &mut Term, app: &mut App) -> io::Result<()> {
    for e in std::mem::take(&mut app.effects) {
        match e {
            Effect::Clipboard(text) => {
                // OSC 52: terminals that allow it put the text on the clipboard.
                let mut out = io::stdout();
                let _ = write!(
                    out,
                    "\x1b]52;c;{}\x07",
                    super::desk::base64(crate::text::strip_controls(&text).as_bytes())
                );
                let _ = out.flush();
            }
            Effect::Suspend => suspend(terminal)?,
            Effect::ExternalEditor => external_editor(terminal, app)?,
        }
    }
    Ok(())
}

/// Run the reading room until the user quits or a signal ends it.
pub fn run(mut app: App) -> io::Result<()> {
    let done = Arc::new(AtomicBool::new(false));
    let signals = catch_signals(Arc::clone(&done))?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A panic inside a panic boundary (one file's ingest) is caught: the reading room
        // goes on, so the terminal stays as it is.
        if !crate::panic_boundary::active() {
            restore_terminal();
        }
        previous(info);
    }));
    enter_terminal()?;
    let _guard = Guard;
    // No `terminal.clear()`: it asks the terminal where the cursor is, and some never answer.
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    // The first frame is drawn before asking the terminal anything: a terminal slow to
    // answer (or silent) must not keep the reader waiting.
    super::draw::frame(&mut terminal, &mut app)?;
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
    let mut dirty = true;
    let mut progress = app.indexing();
    while !app.quit {
        if signals.end.load(Ordering::SeqCst) != 0 {
            break;
        }
        if signals.stop.swap(false, Ordering::SeqCst) {
            suspend(&mut terminal)?;
            dirty = true;
        }
        // Background work: its end and its progress are worth a frame.
        let busy = app.poll_jobs();
        if app.indexing() != progress {
            progress = app.indexing();
            dirty = true;
        }
        if dirty {
            super::draw::frame(&mut terminal, &mut app)?;
            dirty = false;
        }
        if panic_for_test {
            panic!("panic forced by CARREL_TEST_PANIC");
        }
        if app.loc() != saved {
            saved = app.loc();
            app.save_session();
        }
        // Idle, the loop sleeps until an event (or a signal) wakes it; only background work
        // brings a timeout, to show its progress.
        let timeout = if busy || app.index_job.is_some() {
            Duration::from_millis(250)
        } else {
            Duration::from_secs(3600)
        };
        if !event::poll(timeout)? {
            continue;
        }
        // Take every event already waiting before drawing again, so that held keys and
        // bursts of resizes cost one frame, not one each.
        let mut taken = 0;
        loop {
            match event::read()? {
                Event::Key(k) => app.on_key(k),
                Event::Mouse(m) => app.on_mouse(m),
                Event::Paste(text) => app.on_paste(&text),
                Event::Resize(_, _) => terminal.autoresize()?,
                _ => {}
            }
            dirty = true;
            if !app.effects.is_empty() {
                effects(&mut terminal, &mut app)?;
            }
            taken += 1;
            if app.quit || taken >= 512 || !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
    app.save_session();
    done.store(true, Ordering::Relaxed);
    let sig = signals.end.load(Ordering::SeqCst);
    if sig == SIGINT as usize || sig == SIGQUIT as usize {
        drop(_guard);
        std::process::exit(128 + sig as i32);
    }
    Ok(())
}
