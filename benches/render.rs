//! Drawing the reading room: a frame of the longest bundled document at 200x60, moving one
//! line at a time, and the first layout of it. Run with `cargo bench --bench render`.

use carrel::corpus::Corpus;
use carrel::tui::app::App;
use carrel::tui::frame;
use carrel::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use divan::Bencher;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn main() {
    divan::main();
}

/// The reading room open on the document with the most text.
fn longest() -> App {
    let c = Corpus::bundled();
    let i = (0..c.docs.len())
        .max_by_key(|&i| c.docs[i].blocks.iter().map(|b| b.raw.len()).sum::<usize>())
        .unwrap_or(0);
    let mut app = App::new(c, Theme::dark(true), None);
    app.open_doc(i);
    app
}

/// One frame after moving down one step (the layout is cached; only the visible lines draw).
#[divan::bench]
fn frame_after_moving_200x60(bencher: Bencher) {
    let mut app = longest();
    let mut t = Terminal::new(TestBackend::new(200, 60)).unwrap();
    frame(&mut t, &mut app).unwrap();
    let j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    let k = KeyEvent::new(KeyCode::Char('k'), KeyModifiers::NONE);
    let mut down = true;
    let mut steps = 0;
    bencher.bench_local(|| {
        app.on_key(if down { j } else { k });
        steps += 1;
        if steps % 150 == 0 {
            down = !down;
        }
        frame(&mut t, &mut app).unwrap();
    });
}

/// The first frame of the document: wrapping all of it for the width, then drawing.
#[divan::bench]
fn first_frame_with_layout_200x60(bencher: Bencher) {
    bencher
        .with_inputs(|| (longest(), Terminal::new(TestBackend::new(200, 60)).unwrap()))
        .bench_local_values(|(mut app, mut t)| {
            frame(&mut t, &mut app).unwrap();
        });
}
