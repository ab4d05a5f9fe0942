//! End to end: the real binary in a pseudo-terminal, keys typed, the screen read back.

use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Screen {
    master: Box<dyn portable_pty::MasterPty + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Screen {
    fn start(data: &std::path::Path) -> Screen {
        Screen::start_with(data, &[])
    }

    fn start_with_env(data: &std::path::Path, var: &str) -> Screen {
        Screen::spawn(data, &[], Some(var))
    }

    fn start_with(data: &std::path::Path, args: &[&str]) -> Screen {
        Screen::spawn(data, args, None)
    }

    fn spawn(data: &std::path::Path, args: &[&str], var: Option<&str>) -> Screen {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 45,
                cols: 160,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_carrel"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("CARREL_DATA", data);
        if let Some(v) = var {
            cmd.env(v, "1");
        }
        cmd.env_remove("CARREL_CORPUS");
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer: Arc<Mutex<Box<dyn Write + Send>>> =
            Arc::new(Mutex::new(pty.master.take_writer().unwrap()));
        let answer = Arc::clone(&writer);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(45).unwrap(),
            std::num::NonZeroU16::new(160).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (Arc::clone(&parser), Arc::clone(&raw));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                // Answer the terminal queries a real terminal answers: device attributes.
                if buf[..n].windows(3).any(|w| w == b"\x1b[c") {
                    let mut w = answer.lock().unwrap();
                    let _ = w.write_all(b"\x1b[?62c");
                    let _ = w.flush();
                }
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Screen {
            master: pty.master,
            parser,
            raw,
            writer,
            child,
        }
    }

    fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let t = self.text();
            if t.contains(what) {
                return t;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "'{what}' never appeared; the screen was:\n{t}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_status(&self, what: &str) {
        let start = Instant::now();
        while !self.status().contains(what) {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "status never showed '{what}': {}",
                self.status()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn send(&mut self, keys: &str) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(keys.as_bytes()).unwrap();
        w.flush().unwrap();
        drop(w);
        std::thread::sleep(Duration::from_millis(150));
    }

    fn status(&self) -> String {
        self.text().lines().last().unwrap_or("").to_string()
    }
}

/// Speaker names at the start of gutter lines: "▌ 141 Molotov  Coal district."
fn gutter_names(screen: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in screen.lines() {
        for part in line.split('│') {
            let t = part.trim_start_matches('▌').trim_start();
            let mut words = t.split_whitespace();
            if let (Some(n), Some(name)) = (words.next(), words.next()) {
                if n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty() {
                    out.push(name.to_string());
                }
            }
        }
    }
    out
}

#[test]
fn read_find_jump_and_come_back() {
    let data = std::env::temp_dir().join(format!("carrel-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let mut s = Screen::start(&data);
    // The reading room opens on the 1945 record.
    let first = s.wait_for("Record of a Meeting between T.V. Soong and Stalin");
    let mut names = gutter_names(&first);
    // Go to Molotov's first words ("Coal district.") with the search.
    s.send("/Coal district\r");
    s.wait_status("wilson-122505 ¶141/");
    names.extend(gutter_names(&s.text()));
    for who in ["Stalin", "Soong", "Molotov"] {
        assert!(
            names.iter().any(|n| n == who),
            "{who} not in gutter: {names:?}"
        );
    }
    // The finder: an alias finds the place; Enter opens its card.
    s.send("\x10");
    s.wait_for("Find:");
    s.send("dairen");
    s.wait_for("Dalian");
    s.send("\r");
    let card = s.wait_for("Mentions:");
    assert!(card.contains("Dalian · place"), "{card}");
    // The last mention is in another document; Enter jumps there.
    s.send("G\r");
    let start = Instant::now();
    while s.status().contains("wilson-122505") || s.text().contains("Mentions:") {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no jump: {}",
            s.text()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Back (Backspace) returns to the 1945 record, where we were.
    s.send("\x7f");
    s.wait_status("wilson-122505 ¶141/");
    // q quits, restores the terminal, and remembers the place.
    s.send("q");
    let start = Instant::now();
    while s.child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "carrel did not quit"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(200));
    let raw = String::from_utf8_lossy(&s.raw.lock().unwrap()).to_string();
    assert!(
        raw.contains("\x1b[?1049l"),
        "the alternate screen was not left"
    );
    let session = std::fs::read_to_string(data.join("session.json")).unwrap();
    assert!(session.contains("\"last\": \"wilson-122505\""), "{session}");
    assert!(session.contains("\"wilson-122505\": 141"), "{session}");
    // Reopening returns to the same document and paragraph.
    let mut s2 = Screen::start(&data);
    s2.wait_for("Coal district");
    s2.wait_status("wilson-122505 ¶141/");
    let _ = s2.child.kill();
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn sighup_ends_carrel_and_sigterm_restores_the_screen() {
    let data = std::env::temp_dir().join(format!("carrel-e2e-hup-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    // The window closes (the kernel sends SIGHUP): carrel ends instead of lingering.
    let mut s = Screen::start(&data);
    s.wait_for("Record of a Meeting");
    let pid = s.child.process_id().unwrap();
    let _ = std::process::Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status();
    let start = Instant::now();
    while s.child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "carrel outlived its terminal"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // SIGTERM: the terminal is restored (alternate screen left, cursor shown).
    let mut s = Screen::start(&data);
    s.wait_for("Record of a Meeting");
    let pid = s.child.process_id().unwrap();
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    let start = Instant::now();
    while s.child.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < Duration::from_secs(10), "SIGTERM ignored");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(200));
    let raw = String::from_utf8_lossy(&s.raw.lock().unwrap()).to_string();
    let tail = &raw[raw.rfind("\x1b[?1049h").unwrap_or(0)..];
    assert!(
        tail.contains("\x1b[?1049l") && tail.contains("\x1b[?25h"),
        "not restored"
    );
    let _ = s.child.kill();
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn no_escape_sequence_from_a_document_reaches_the_terminal() {
    let data = std::env::temp_dir().join(format!("carrel-e2e-hostile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hostile");
    let mut s = Screen::start_with(&data, &["--corpus", corpus]);
    s.wait_for("Documents 6");
    // Visit every document, structured and as given, and the sidebar and finder.
    for _ in 0..6 {
        s.send("R");
        s.send("R");
        s.send("]");
    }
    s.send("\x10");
    s.send("pwned");
    s.send("\x1b");
    s.send("q");
    let start = Instant::now();
    while s.child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "carrel did not quit"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(200));
    let raw = s.raw.lock().unwrap().clone();
    let text = String::from_utf8_lossy(&raw).to_string();
    for bad in [
        "\x1b]0;PWNED",
        "\x1b]52;c;cHduZWQ=",
        "\x1b]8;;http://evil",
        "\x1bPq",
        "\u{9b}",
        "\x1b[6n",
        "\u{202e}",
        "\u{200b}",
        "\x07\x07",
        "\x08",
    ] {
        assert!(!text.contains(bad), "{bad:?} reached the terminal");
    }
    // The text itself was shown.
    assert!(
        text.contains("Bells") || text.contains("clipboard"),
        "nothing drawn"
    );
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_megabyte_paste_and_a_burst_of_keys_do_not_stall_and_a_panic_restores_the_terminal() {
    let data = std::env::temp_dir().join(format!("carrel-e2e-paste-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let mut s = Screen::start(&data);
    s.wait_for("Record of a Meeting");
    s.send("\x10");
    s.wait_for("Find:");
    let big = "zhou ".repeat(200_000);
    let start = Instant::now();
    s.send(&format!("\x1b[200~{big}\x1b[201~"));
    // Held keys: a burst of movement.
    s.send("\x1b");
    s.send(&"j".repeat(2000));
    s.send("q");
    while s.child.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < Duration::from_secs(30), "carrel stalled");
        std::thread::sleep(Duration::from_millis(50));
    }
    // A panic (forced in this test build) restores the terminal.
    let mut cmd = Screen::start_with_env(&data, "CARREL_TEST_PANIC");
    let start = Instant::now();
    while cmd.child.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < Duration::from_secs(20), "no panic");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    let raw = String::from_utf8_lossy(&cmd.raw.lock().unwrap()).to_string();
    assert!(raw.contains("panic forced"), "{raw}");
    let tail = &raw[raw.rfind("\x1b[?1049h").unwrap_or(0)..];
    assert!(
        tail.contains("\x1b[?1049l") && tail.contains("\x1b[?25h"),
        "not restored"
    );
    let _ = cmd.child.kill();
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn resize_bursts_and_a_vanishing_corpus_file_are_survived() {
    let data = std::env::temp_dir().join(format!("carrel-e2e-resize-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let corpus = data.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(
        corpus.join("a.txt"),
        "Letter from Tito to Nasser, 2 May 1958\n\nThe canal.\n",
    )
    .unwrap();
    std::fs::write(
        corpus.join("b.txt"),
        "Letter from Nasser to Tito, 9 May 1958\n\nThe dam.\n",
    )
    .unwrap();
    let mut s = Screen::start_with(&data, &["--corpus", corpus.to_str().unwrap()]);
    s.wait_for("The canal");
    // A burst of resizes, down to 1x1 and back.
    for (rows, cols) in [
        (1, 1),
        (2, 3),
        (45, 160),
        (10, 20),
        (1, 1),
        (24, 80),
        (60, 200),
        (20, 60),
        (45, 160),
    ]
    .iter()
    .cycle()
    .take(60)
    {
        s.master
            .resize(PtySize {
                rows: *rows,
                cols: *cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        s.child.try_wait().unwrap().is_none(),
        "carrel died on resizes"
    );
    // The files disappear while carrel runs: what was read stays readable and searchable.
    std::fs::remove_file(corpus.join("a.txt")).unwrap();
    std::fs::remove_file(corpus.join("b.txt")).unwrap();
    s.send("]");
    s.wait_for("The dam");
    s.send("R");
    s.send("\x06");
    s.send("canal");
    std::thread::sleep(Duration::from_millis(500));
    s.send("\x1b");
    s.send("q");
    let start = Instant::now();
    while s.child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "carrel did not quit"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let raw = String::from_utf8_lossy(&s.raw.lock().unwrap()).to_string();
    assert!(!raw.contains("panicked"), "a panic");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_corpus_search_finds_what_the_background_index_holds() {
    let data = std::env::temp_dir().join(format!("carrel-e2e-fts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let cache = data.join("cache");
    let cache_arg = cache.display().to_string();
    let mut s = Screen::start_with(&data, &["--cache-dir", &cache_arg]);
    s.wait_for("Record of a Meeting between T.V. Soong and Stalin");
    // Ctrl-f, then words: the index was built after the first frame, in the background.
    s.send("\x06");
    s.wait_for("Search the corpus");
    s.send("Dairen");
    let hits = s.wait_for("[Dairen]");
    assert!(hits.contains("¶60"), "{hits}");
    // The hits are ranked; choose the one in paragraph 60 and open it.
    let lines: Vec<&str> = hits.lines().filter(|l| l.contains("[Dairen]")).collect();
    let at = lines
        .iter()
        .position(|l| l.contains("¶60 "))
        .expect("¶60 among the hits");
    for _ in 0..at {
        s.send("\x1b[B");
    }
    s.send("\r");
    s.wait_status("wilson-122505 ¶60/");
    assert!(cache.join("index.db").is_file());
    s.send("q");
    let _ = std::fs::remove_dir_all(&data);
}
