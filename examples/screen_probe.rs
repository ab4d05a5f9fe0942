//! `screen_probe`: draw the reading room into a test terminal and print the screen as text,
//! after typing the given keys (for looking at a screen while working on it).
//!
//! ```text
//! cargo run --example screen_probe -- WIDTH HEIGHT KEYS [--corpus PATH]...
//! ```
//! KEYS is typed one character at a time; `\t` is Tab, `\e` Esc, `\n` Enter, `^x` Ctrl-x.
//! `screen_probe --keys-table` prints the README's key table instead.

use carrel::corpus::{Corpus, Source};
use carrel::tui::app::App;
use carrel::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--keys-table") {
        print!("{}", carrel::tui::keymap::Keymap::default().readme_table());
        return;
    }
    let w: u16 = args.first().and_then(|s| s.parse().ok()).unwrap_or(200);
    let h: u16 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(60);
    let keys = args.get(2).cloned().unwrap_or_default();
    let mut sources: Vec<Source> = args
        .windows(2)
        .filter(|p| p[0] == "--corpus")
        .map(|p| Source::parse(&p[1]))
        .collect();
    if sources.is_empty() {
        sources.push(Source::Bundled);
    }
    let corpus = Corpus::load(&sources);
    let mut app = App::new(corpus, Theme::dark(true), None);
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    carrel::tui::frame(&mut t, &mut app).expect("frame");
    let mut chars = keys.chars().peekable();
    while let Some(c) = chars.next() {
        let (code, m) = match c {
            '\\' => match chars.next() {
                Some('t') => (KeyCode::Tab, KeyModifiers::NONE),
                Some('e') => (KeyCode::Esc, KeyModifiers::NONE),
                Some('n') => (KeyCode::Enter, KeyModifiers::NONE),
                Some('d') => (KeyCode::Down, KeyModifiers::NONE),
                Some(o) => (KeyCode::Char(o), KeyModifiers::NONE),
                None => break,
            },
            '^' => match chars.next() {
                Some(o) => (KeyCode::Char(o), KeyModifiers::CONTROL),
                None => break,
            },
            c => (KeyCode::Char(c), KeyModifiers::NONE),
        };
        app.on_key(KeyEvent::new(code, m));
        carrel::tui::frame(&mut t, &mut app).expect("frame");
    }
    let buf = t.backend().buffer();
    for y in 0..buf.area.height {
        let mut s = String::new();
        for x in 0..buf.area.width {
            s.push_str(buf[(x, y)].symbol());
        }
        println!("{}", s.trim_end());
    }
}
