//! Hostile input: escape sequences, control and bidirectional characters, broken brackets,
//! invalid UTF-8, empty and headless files, huge lines and many paragraphs, odd file names and
//! odd corpus directories, and a notes database that cannot be used.

mod common;

use carrel::corpus::{Corpus, Source};
use carrel::model::Reading;
use carrel::tui::app::App;
use carrel::tui::frame;
use carrel::tui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::path::PathBuf;
use std::process::Command;

fn hostile() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hostile"))
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("carrel-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn warned(c: &Corpus, file: &str, words: &str) -> bool {
    c.warnings
        .iter()
        .any(|w| w.file.ends_with(file) && w.message.contains(words))
}

#[test]
fn the_hostile_corpus_loads_with_warnings_and_loses_no_text() {
    let c = Corpus::load(&[Source::Path(hostile())]);
    assert_eq!(c.docs.len(), 6);
    assert!(warned(&c, "empty.txt", "empty file"));
    assert!(warned(&c, "invalid-utf8.txt", "invalid UTF-8"));
    assert!(warned(&c, "no-header.txt", "titled by the file name"));
    assert!(warned(
        &c,
        "brackets.txt",
        "unmatched '[' kept as text (300 times)"
    ));
    let all = |id: &str| -> String {
        c.find(id)
            .unwrap()
            .blocks
            .iter()
            .map(|b| b.text(Reading::Redline))
            .collect::<Vec<_>>()
            .join("\n")
    };
    // Mixed scripts survive; the headless file's words are all there; deep brackets keep "deep".
    let bidi = all("1952-04-04");
    assert!(
        bidi.contains("周恩来") && bidi.contains("Мы согласны"),
        "{bidi}"
    );
    assert!(all("no-header").contains("just some words without any title"));
    assert!(all("1953-05-05").contains("deep"));
    // A byte-order mark and CRLF line ends are not part of the text.
    let crlf = all("1954-06-06");
    assert!(crlf.contains("Line one.") && !crlf.contains('\r') && !crlf.contains('\u{feff}'));
    // Escape sequences never make it into an id.
    assert!(c.docs.iter().all(|d| d
        .id
        .chars()
        .all(|ch| ch.is_ascii_alphanumeric() || ch == '-')));
}

#[test]
fn every_hostile_document_draws_without_control_characters() {
    let c = Corpus::load(&[Source::Path(hostile())]);
    let n = c.docs.len();
    let mut a = App::new(c, Theme::dark(true), None);
    for (w, h) in [(80u16, 24u16), (200, 60), (60, 20)] {
        for i in 0..n {
            a.open_doc(i);
            let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
            for raw in [false, true] {
                a.raw = raw;
                frame(&mut t, &mut a).unwrap();
                for cell in t.backend().buffer().content() {
                    let s = cell.symbol();
                    assert!(
                        !s.chars().any(|ch| ch.is_control()
                            || ('\u{202a}'..='\u{202e}').contains(&ch)
                            || ('\u{2066}'..='\u{2069}').contains(&ch)),
                        "doc {i} raw {raw}: {s:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn huge_lines_many_paragraphs_and_odd_file_names() {
    let dir = temp("large");
    // A 10 MB single line.
    let mut big = String::from("Telegram from Iota to Kappa, 8 August 1956\n\n");
    while big.len() < 10_000_000 {
        big.push_str("word Port Arthur another word ");
    }
    big.push('\n');
    std::fs::write(dir.join("one line.txt"), &big).unwrap();
    // 100,000 tiny paragraphs.
    let mut many = String::from("Telegram from Lambda to Mu, 9 September 1957\n\n");
    for i in 0..100_000 {
        many.push_str(&format!("p{i}.\n\n"));
    }
    std::fs::write(dir.join("many\nparagraphs.txt"), &many).unwrap();
    let c = Corpus::load(&[Source::Path(dir.clone())]);
    assert_eq!(c.docs.len(), 2);
    let m = c.find("1957-09-09").unwrap();
    assert!(m.blocks.len() >= 100_000, "{}", m.blocks.len());
    assert!(m.source_file.contains("many\nparagraphs"));
    let l = c.find("1956-08-08").unwrap();
    assert!(l.blocks.iter().map(|b| b.raw.len()).sum::<usize>() >= 9_900_000);
    // And the reading room draws them.
    let mut a = App::new(c, Theme::dark(false), None);
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    for i in 0..2 {
        a.open_doc(i);
        frame(&mut t, &mut a).unwrap();
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn odd_corpus_directories_are_reported_and_survived() {
    let dir = temp("odd");
    std::fs::write(
        dir.join("good.txt"),
        "Letter from Nu to Xi, 1 May 1958\n\nFine.\n",
    )
    .unwrap();
    // A symlink loop, a FIFO, a dangling link.
    std::os::unix::fs::symlink(&dir, dir.join("loop")).unwrap();
    std::os::unix::fs::symlink(dir.join("nowhere.txt"), dir.join("dangling.txt")).unwrap();
    let fifo = dir.join("pipe.txt");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    let c = Corpus::load(&[Source::Path(dir.clone())]);
    assert_eq!(c.docs.len(), 1);
    assert!(warned(&c, "dangling.txt", ""), "{:?}", c.warnings);
    if made {
        assert!(warned(&c, "pipe.txt", ""), "{:?}", c.warnings);
    }
    // A corpus path that is a file where a directory was expected.
    let blocked = dir.join("good.txt").join("sub");
    let c = Corpus::load(&[Source::Path(blocked)]);
    assert!(c.docs.is_empty() && !c.warnings.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

fn carrel(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    common::command_in(data)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_notes_database_that_cannot_be_used_says_so_and_keeps_what_it_has() {
    // A data directory blocked by a file (works as root, unlike permission bits).
    let dir = temp("notes");
    let blocked = dir.join("file");
    std::fs::write(&blocked, "x").unwrap();
    let o = carrel(
        &blocked.join("data"),
        &[
            "notes",
            "add",
            "wilson-122505",
            "--block",
            "3",
            "--text",
            "x",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("cannot create"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // A database written by a newer carrel is left alone, with a message.
    let data = dir.join("newer");
    assert!(carrel(
        &data,
        &[
            "notes",
            "add",
            "wilson-122505",
            "--block",
            "3",
            "--text",
            "kept"
        ]
    )
    .status
    .success());
    {
        let conn = rusqlite::Connection::open(data.join("notes.db")).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let o = carrel(&data, &["notes", "list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("newer carrel (schema 99; this one knows 2)")
    );
    {
        let conn = rusqlite::Connection::open(data.join("notes.db")).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 99, "left as it is");
        conn.pragma_update(None, "user_version", 1).unwrap();
    }
    assert!(String::from_utf8_lossy(&carrel(&data, &["notes", "list"]).stdout).contains("kept"));
    // A full disk: a file size limit stops an import; the notes saved before are intact.
    let big: Vec<serde_json::Value> = (0..20_000)
        .map(|i| serde_json::json!({"id": format!("f{i}"), "doc": "wilson-122505", "block": 3, "kind": "note", "text": "y".repeat(300), "created": 0, "updated": 0}))
        .collect();
    let file = dir.join("big.json");
    std::fs::write(&file, serde_json::to_string(&big).unwrap()).unwrap();
    let script = format!(
        "ulimit -f 2048; exec '{}' --data-dir '{}' notes import '{}'",
        env!("CARGO_BIN_EXE_carrel"),
        data.display(),
        file.display()
    );
    let o = Command::new("sh").args(["-c", &script]).output().unwrap();
    assert!(!o.status.success(), "the import should not fit in 2 MB");
    let listed = String::from_utf8_lossy(&carrel(&data, &["notes", "list"]).stdout).to_string();
    assert!(listed.contains("kept"));
    let _ = std::fs::remove_dir_all(&dir);
}
