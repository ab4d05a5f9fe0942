//! `probe`: in-process measurements on a real corpus, for `scripts/bench.sh`.
//!
//! ```text
//! probe finder --corpus DIR --cache DIR [--gazetteer TSV] QUERY...   per-keystroke time
//! probe render --corpus DIR --cache DIR                               frame of the longest document
//! probe names  --corpus DIR --cache DIR [--gazetteer TSV]             every name the finder searches
//! ```
//! Each measurement prints one line `key=value ...` (milliseconds).

use carrel::corpus::{Corpus, Source};
use carrel::search::fuzzy::{Finder, Haystack, Nucleo};
use carrel::tui::app::App;
use carrel::tui::frame;
use carrel::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::path::PathBuf;
use std::time::Instant;

struct Args {
    what: String,
    corpus: Vec<Source>,
    cache: Option<PathBuf>,
    gazetteers: Vec<PathBuf>,
    rest: Vec<String>,
}

fn args() -> Args {
    let mut it = std::env::args().skip(1);
    let what = it.next().unwrap_or_default();
    let mut a = Args {
        what,
        corpus: Vec::new(),
        cache: None,
        gazetteers: Vec::new(),
        rest: Vec::new(),
    };
    while let Some(x) = it.next() {
        match x.as_str() {
            "--corpus" => a.corpus.extend(it.next().map(|s| Source::parse(&s))),
            "--cache" => a.cache = it.next().map(PathBuf::from),
            "--gazetteer" => a.gazetteers.extend(it.next().map(PathBuf::from)),
            _ => a.rest.push(x),
        }
    }
    a
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn worst(v: &[f64]) -> f64 {
    v.iter().copied().fold(0.0, f64::max)
}

/// The names the reading room's finder searches: entities with their aliases, and documents'
/// titles, ids and dates.
fn finders(c: &Corpus) -> (Finder<Nucleo>, Finder<Nucleo>) {
    let entities = Finder::new(Haystack::new(&c.gazetteer), Nucleo::default());
    let names = c.docs.heads().enumerate().flat_map(|(i, d)| {
        let i = i as u32;
        let mut v = vec![(i, d.title.clone()), (i, d.id.clone())];
        if let Some(date) = &d.date {
            v.push((i, format!("{date} {}", d.kind.label())));
        }
        v
    });
    (
        entities,
        Finder::new(Haystack::from_names(names), Nucleo::default()),
    )
}

fn main() {
    let a = args();
    let c = Corpus::open_cached(&a.corpus, &a.gazetteers, a.cache.as_deref());
    match a.what.as_str() {
        "finder" => {
            let (mut ents, mut docs) = finders(&c);
            let mut times = Vec::new();
            // Each query typed letter by letter, three times over.
            for _ in 0..3 {
                for q in &a.rest {
                    ents.search("", 1);
                    docs.search("", 1);
                    let chars: Vec<char> = q.chars().collect();
                    for k in 1..=chars.len() {
                        let typed: String = chars[..k].iter().collect();
                        let t = Instant::now();
                        std::hint::black_box(ents.search(&typed, 60));
                        std::hint::black_box(docs.search(&typed, 30));
                        times.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                }
            }
            let names = ents.haystack().names.len() + docs.haystack().names.len();
            println!(
                "names={names} keystrokes={} median_ms={:.2} worst_ms={:.2}",
                times.len(),
                median(times.clone()),
                worst(&times)
            );
        }
        "names" => {
            use std::io::Write;
            let out = std::io::stdout();
            let mut out = std::io::BufWriter::new(out.lock());
            for e in &c.gazetteer.entities {
                for n in e.all_names() {
                    let _ = writeln!(out, "{}", n.replace('\n', " "));
                }
            }
            for d in c.docs.heads() {
                let _ = writeln!(out, "{}", d.title.replace('\n', " "));
                let _ = writeln!(out, "{}", d.id);
            }
        }
        "render" => {
            let longest = (0..c.docs.len())
                .max_by_key(|&i| c.docs.head(i).map_or(0, |_| c.docs.block_count(i)))
                .unwrap_or(0);
            let bytes: usize = c.docs[longest].blocks.iter().map(|b| b.raw.len()).sum();
            let id = c.docs[longest].id.clone();
            let mut app = App::new(c, Theme::dark(true), None);
            let mut t = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
            let start = Instant::now();
            app.open_doc(longest);
            frame(&mut t, &mut app).expect("draw");
            let first = start.elapsed().as_secs_f64() * 1000.0;
            let j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
            let k = KeyEvent::new(KeyCode::Char('k'), KeyModifiers::NONE);
            let mut times = Vec::new();
            for step in 0..400 {
                let t0 = Instant::now();
                app.on_key(if (step / 100) % 2 == 0 { j } else { k });
                frame(&mut t, &mut app).expect("draw");
                times.push(t0.elapsed().as_secs_f64() * 1000.0);
            }
            println!(
                "doc={id} blocks={} bytes={bytes} first_frame_ms={first:.2} frame_ms={:.3} worst_ms={:.3}",
                app.corpus.docs.block_count(longest),
                median(times.clone()),
                worst(&times)
            );
        }
        _ => {
            eprintln!("usage: probe finder|render|names --corpus DIR --cache DIR [--gazetteer TSV] [QUERY...]");
            std::process::exit(2);
        }
    }
}
