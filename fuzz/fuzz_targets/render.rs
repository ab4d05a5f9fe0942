//! A document from arbitrary bytes, laid out and drawn at a few sizes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let out = carrel::ingest::ingest_bytes("fuzz.txt", data);
    let Some(doc) = out.documents.into_iter().next() else {
        return;
    };
    let corpus = carrel::corpus::Corpus::from_documents(
        vec![doc],
        carrel::gazetteer::Gazetteer::default(),
    );
    let mut app =
        carrel::tui::app::App::new(corpus, carrel::tui::theme::Theme::dark(true), None);
    for (w, h) in [(1u16, 1u16), (30, 8), (80, 24)] {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
        let _ = carrel::tui::frame(&mut t, &mut app);
    }
});
