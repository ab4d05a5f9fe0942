//! No input stops carrel: a panic in one file's ingest, text whose case mapping changes its
//! length, deep and endless inputs, odd files named on the command line.

mod common;

use carrel::corpus::{Corpus, Source};
use carrel::ingest::{ingest_bytes, People};
use common::{stderr_of, Sandbox};
use proptest::prelude::*;

/// A wrapper of the Wilson Center's Markdown export around a citation and a body.
fn wilson(date: &str, title: &str, citation: &str, body: &str) -> String {
    format!(
        "## **{date}**\n\n### **{title}**\n\n#### **Citation:**\n\n{citation}\n\n\
         #### **Original Language:**\n\nRussian\n\n#### **Contents:**\n\n{body}\n"
    )
}

/// Knows one name, and panics when asked about it: a stand-in for a bug in ingest.
struct Bomb;

impl People for Bomb {
    fn is_person(&self, name: &str) -> bool {
        if name.contains("Bombov") {
            panic!("a bug met {name}");
        }
        false
    }
    fn is_non_person(&self, _: &str) -> bool {
        false
    }
}

#[test]
fn a_panic_in_one_file_becomes_a_warning_and_the_rest_loads() {
    let sb = Sandbox::new("panic-one-file");
    sb.write(
        "c/a-good.txt",
        "Letter from Nu to Xi, 1 May 1958\n\nWe agree.\n",
    );
    sb.write(
        "c/b-bad.txt",
        "Memorandum of Conversation, 2 May 1958\n\nBombov: Nothing.\n\nXi: Good.\n",
    );
    sb.write(
        "c/c-good.txt",
        "Telegram from Xi to Nu, 3 May 1958\n\nReceived.\n",
    );
    let c = Corpus::load_with(&[Source::Path(sb.work().join("c"))], &Bomb);
    let titles: Vec<&str> = c.docs.heads().map(|d| d.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Letter from Nu to Xi, 1 May 1958",
            "Telegram from Xi to Nu, 3 May 1958"
        ]
    );
    let w = c
        .warnings
        .iter()
        .find(|w| w.file.ends_with("b-bad.txt"))
        .expect("a warning names the file that panicked");
    assert!(w.message.contains("internal error"), "{}", w.message);
    assert!(w.message.contains("a bug met Bombov"), "{}", w.message);
    assert!(c.unreadable.iter().any(|f| f.ends_with("b-bad.txt")));
}

#[test]
fn a_citation_with_dotted_capital_i_and_a_no_break_space_loads() {
    // `İ` lowercases one byte longer; the translator's name was then sliced at an offset of
    // the lowercased copy, inside the no-break space: a panic that took the whole load down.
    let sb = Sandbox::new("istanbul");
    sb.write(
        "c/istanbul.md",
        wilson(
            "May 1, 1958",
            "Record of a Conversation in İstanbul",
            "\"Record\", May 1, 1958, Başbakanlık Arşivi, İstanbul. Translated\u{a0}by Ayşe Kaya. \
             <https://digitalarchive.wilsoncenter.org/document/900001>",
            "Menderes: We agree.",
        ),
    );
    sb.write(
        "c/other.txt",
        "Letter from Nu to Xi, 1 May 1958\n\nWe agree.\n",
    );
    let out = sb.run(&["list", "--json", "--corpus", "c"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().map(Vec::len), Some(2), "{list}");
    let shown = sb.json(&["show", "wilson-900001", "--json", "--corpus", "c"]);
    assert_eq!(shown["translator"], "Ayşe Kaya");
}

#[test]
fn a_date_bound_that_is_not_ascii_does_not_panic() {
    let sb = Sandbox::new("date-bound");
    for arg in ["--to", "--from"] {
        let out = sb.run(&["list", arg, "1950-10-0é"]);
        let err = stderr_of(&out);
        assert!(!err.contains("panicked"), "{err}");
        assert_ne!(out.status.code(), Some(101), "{err}");
        assert!(out.status.code().is_some(), "killed by a signal: {err}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Characters whose case mapping changes their length (İ, ẞ, ǅ, the Kelvin sign), spaces
    /// that are not ASCII (no-break, zero-width, ideographic), mixed with the markup and the
    /// words the readers look for.
    #[test]
    fn case_mapping_and_odd_spaces_never_panic(
        s in "(İ|ẞ|ǅ|ǈ|ß|\u{212a}|ﬁ|\u{a0}|\u{200b}|\u{3000}|\u{feff}|Translated|translated| by |by|\
              Contributed|from|Citation|\\*\\*|\\*|\\[|\\]|\\(|\\)|<sup>|</sup>|<i>|:|\n|\n\n|#### |## |\
              1 May 1950|May 1, 1950|1950-10-0|Stalin|Mao|said|The Secretary said that|\
              Memorandum of Conversation|Telegram|[a-z]| |\\.|,){0,200}"
    ) {
        // The property is that nothing panics: a panic fails the case.
        let out = ingest_bytes("case.md", s.as_bytes());
        for d in &out.documents {
            for (i, b) in d.blocks.iter().enumerate() {
                prop_assert_eq!(b.n, i + 1);
            }
        }
        let _ = ingest_bytes("case.txt", s.as_bytes());
        let _ = carrel::dates::find_dates(&s);
        let _ = carrel::dates::date_in_range(Some("1950-10-05"), Some(&s), Some(&s));
    }
}

/// A TEI edition of one document whose paragraph holds `inner`.
fn tei_with(inner: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:id=\"deepvol\">\n\
         <text><body>\n<div type=\"document\" xml:id=\"d1\" n=\"1\">\n\
         <head>1. Telegram From the Embassy in Bern</head>\n\
         <p>Before. {inner} After.</p>\n</div>\n</body></text></TEI>\n"
    )
}

/// `depth` elements named `tag` nested around the word `core`.
fn nested(tag: &str, depth: usize, core: &str) -> String {
    let mut s = String::with_capacity(depth * (2 * tag.len() + 5) + core.len());
    for _ in 0..depth {
        s.push_str(&format!("<{tag}>"));
    }
    s.push_str(core);
    for _ in 0..depth {
        s.push_str(&format!("</{tag}>"));
    }
    s
}

#[test]
fn deeply_nested_tei_elements_are_read_without_overflowing_the_stack() {
    // 100,000 nested <hi> (read as emphasis) and 100,000 nested <seg> (walked as mixed
    // content): both used to overflow the stack (exit 134, no file named).
    for tag in ["hi", "seg"] {
        let xml = tei_with(&nested(tag, 100_000, "innermost"));
        let ed = carrel::ingest::tei::parse("deep.xml", &xml);
        assert_eq!(ed.documents.len(), 1, "{tag}");
        let text = ed.documents[0].blocks[0].text(carrel::model::Reading::Redline);
        assert!(
            text.contains("Before.") && text.contains("innermost"),
            "{tag}: {text}"
        );
        assert!(text.contains("After."), "{tag}: {text}");
        let w = ed.documents[0]
            .warnings
            .iter()
            .find(|w| w.message.contains("nested more than 200 deep"))
            .unwrap_or_else(|| panic!("{tag}: a warning about the depth: {:?}", ed.warnings));
        assert_eq!((w.file.as_str(), w.line), ("deep.xml", 6), "{tag}");
    }
    // A shallow file has no such warning.
    let ed = carrel::ingest::tei::parse("shallow.xml", &tei_with(&nested("seg", 150, "x")));
    assert!(ed.warnings.is_empty() && ed.documents[0].warnings.is_empty());
}

#[test]
fn a_deep_tei_file_beside_others_loads_on_worker_threads() {
    let sb = Sandbox::new("deep-tei");
    sb.write("c/deep.xml", tei_with(&nested("seg", 20_000, "innermost")));
    sb.write(
        "c/hi.xml",
        tei_with(&nested("hi", 20_000, "emphasised")).replace("deepvol", "hivol"),
    );
    sb.write(
        "c/other.txt",
        "Letter from Nu to Xi, 1 May 1958\n\nWe agree.\n",
    );
    let out = sb.run(&["list", "--json", "--corpus", "c"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["id"].as_str())
        .collect();
    assert!(
        ids.contains(&"deepvol-d1") && ids.contains(&"hivol-d1"),
        "{ids:?}"
    );
    assert_eq!(ids.len(), 3, "{ids:?}");
    let check = sb.run(&["check", "--corpus", "c"]);
    let said = common::stdout_of(&check) + &stderr_of(&check);
    assert!(
        said.contains("deep.xml:6: elements nested more than 200 deep"),
        "{said}"
    );
}

/// Run a command, killing it if it has not finished within `secs` (hanging is the failure).
fn within(mut cmd: std::process::Command, secs: u64) -> std::process::Output {
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn carrel");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "still running after {secs} s; stderr: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

fn mkfifo(p: &std::path::Path) -> bool {
    std::process::Command::new("mkfifo")
        .arg(p)
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

const LETTER: &str = "Letter from Nu to Xi, 1 May 1958\n\nWe agree.\n";

#[test]
fn links_out_of_the_corpus_are_not_followed_and_named() {
    let sb = Sandbox::new("links-out");
    sb.write("c/a.txt", LETTER);
    let outside = sb.write(
        "elsewhere/x.txt",
        "Telegram from Xi to Nu, 3 May 1958\n\nReceived.\n",
    );
    let c = sb.path("c/x");
    let c = c.parent().unwrap();
    for (name, target) in [
        ("root", std::path::PathBuf::from("/")),
        ("proc", "/proc".into()),
        ("selfroot", "/proc/self/root".into()),
        ("x.txt", outside.clone()),
    ] {
        std::os::unix::fs::symlink(&target, c.join(name)).unwrap();
    }
    // A link to a file inside the corpus is read.
    std::os::unix::fs::symlink(c.join("a.txt"), c.join("same.txt")).unwrap();
    let mut cmd = sb.command();
    cmd.args(["list", "--json", "--corpus", "c"]);
    let out = within(cmd, 60);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let titles: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["title"].as_str())
        .collect();
    assert_eq!(titles, [LETTER.lines().next().unwrap(); 2], "{list}");
    let err = stderr_of(&out);
    for name in ["root", "proc", "selfroot", "x.txt"] {
        assert!(
            err.contains(&format!("c/{name}: a link out of the corpus")),
            "{name}: {err}"
        );
    }
    assert!(err.contains("--follow-links"), "{err}");

    // With --follow-links the file outside is read, the link to / is a loop, /proc (another
    // file system) is not entered; the walk ends.
    let mut cmd = sb.command();
    cmd.args(["list", "--json", "--corpus", "c", "--follow-links"]);
    let out = within(cmd, 120);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let titles: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["title"].as_str())
        .collect();
    assert!(
        titles.contains(&"Telegram from Xi to Nu, 3 May 1958"),
        "{titles:?}"
    );
    let err = stderr_of(&out);
    assert!(err.contains("c/root: a link back to / (a loop)"), "{err}");
}

#[test]
fn devices_and_fifos_are_refused_with_a_message() {
    let sb = Sandbox::new("devices");
    sb.write("c/a.txt", LETTER);
    let fifo = sb.path("named.fifo");
    let have_fifo = mkfifo(&fifo);
    let inner_fifo = sb.path("c/pipe.txt");
    let have_inner = mkfifo(&inner_fifo);
    let mut cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["list", "--corpus", "/dev/zero"],
            "/dev/zero: not a regular file or directory (a character device)",
        ),
        (
            vec!["list", "--gazetteer", "/dev/zero"],
            "/dev/zero: not a regular file or directory (a character device)",
        ),
        (
            vec!["notes", "import", "/dev/zero"],
            "/dev/zero: not a regular file (a character device)",
        ),
    ];
    if have_fifo {
        cases.push((
            vec!["list", "--corpus", "named.fifo"],
            "named.fifo: not a regular file or directory (a FIFO)",
        ));
        cases.push((
            vec!["list", "--gazetteer", "named.fifo"],
            "named.fifo: not a regular file or directory (a FIFO)",
        ));
        cases.push((
            vec!["notes", "import", "named.fifo"],
            "named.fifo: not a regular file (a FIFO)",
        ));
    }
    for (args, said) in cases {
        let mut cmd = sb.command();
        cmd.args(&args);
        let out = within(cmd, 30);
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        assert!(
            stderr_of(&out).contains(said),
            "{args:?}: {}",
            stderr_of(&out)
        );
    }
    // A FIFO inside a corpus directory is skipped by name; the rest is listed.
    let mut cmd = sb.command();
    cmd.args(["list", "--corpus", "c"]);
    let out = within(cmd, 30);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(common::stdout_of(&out).contains("Letter from Nu to Xi"));
    if have_inner {
        assert!(
            stderr_of(&out).contains("c/pipe.txt: not a regular file (a FIFO); skipped"),
            "{}",
            stderr_of(&out)
        );
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused_naming_it_and_the_limit() {
    let sb = Sandbox::new("size-limit");
    sb.write("c/a.txt", LETTER);
    let long = format!("{LETTER}{}\n", "More words here. ".repeat(200));
    sb.write("c/big.txt", &long);
    let out = sb.run(&["list", "--corpus", "c", "--max-file-size", "2K"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("c/big.txt: too large to read: 3.4 KiB is over the limit of 2 KiB per file"),
        "{err}"
    );
    assert!(
        err.contains("--max-file-size or CARREL_MAX_FILE_SIZE"),
        "{err}"
    );
    assert!(!err.contains("a.txt"), "{err}");
    // The same limit from the environment; `check` counts the file as unreadable (exit 1).
    let mut cmd = sb.command();
    cmd.env("CARREL_MAX_FILE_SIZE", "2K")
        .args(["check", "--corpus", "c"]);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(common::stdout_of(&out).contains("c/big.txt:0: too large to read"));
    // Under the default limit both are read.
    let list = sb.json(&["list", "--json", "--corpus", "c"]);
    assert_eq!(list.as_array().map(Vec::len), Some(2));
    // An unusable size is a usage error.
    let out = sb.run(&["list", "--max-file-size", "banana"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("'banana' is not a size"));
}

#[test]
fn notes_import_is_capped_like_every_file() {
    let sb = Sandbox::new("import-cap");
    let big = sb.write("notes.json", format!("[{}]", " ".repeat(5000)));
    let out = sb.run(&[
        "notes",
        "import",
        big.to_str().unwrap(),
        "--max-file-size",
        "4K",
    ]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr_of(&out).contains("over the limit of 4 KiB per file"),
        "{}",
        stderr_of(&out)
    );
    let out = sb.run(&["notes", "import", big.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
}

/// Run `f` on a thread and fail if it has not finished within `secs` (what took minutes
/// before must not hang the test run; speed itself is measured by `cargo bench --bench
/// scaling`).
fn finishes_within<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(std::time::Duration::from_secs(secs))
        .unwrap_or_else(|_| panic!("not finished within {secs} s"))
}

#[test]
fn many_note_markers_citing_one_note_are_linked_in_linear_time() {
    // 150,000 markers took 29.8 s in a release build: each block looked through every block
    // already citing the note.
    let mut s = String::from("Memorandum of Conversation, 1 May 1958\n\n");
    for i in 0..150_000 {
        s.push_str(&format!(
            "Paragraph {i} of the talks<sup>1</sup> went on.\n\n"
        ));
    }
    s.push_str("1. The note every marker cites.\n");
    let out = finishes_within(60, move || ingest_bytes("sup.txt", s.as_bytes()));
    let d = &out.documents[0];
    assert_eq!(d.footnotes.len(), 1);
    assert_eq!(d.footnotes[0].text, "The note every marker cites.");
    let cited = &d.footnotes[0].cited_by;
    assert_eq!(cited.len(), 150_000);
    assert!(cited.windows(2).all(|w| w[0] < w[1]));
    assert!(!d.warnings.iter().any(|w| w.message.contains("has no note")));
}

#[test]
fn thirty_thousand_tagged_names_in_one_tei_paragraph_are_placed_in_linear_time() {
    // 30,000 persName/@corresp in one paragraph took 8 s: each was looked for in the whole
    // paragraph.
    let mut p = String::new();
    for i in 0..30_000 {
        p.push_str(&format!(
            "<persName corresp=\"#p_{}\">Name{}</persName> met ",
            i % 50,
            i % 50
        ));
    }
    let xml = tei_with(&p);
    let ed = finishes_within(60, move || carrel::ingest::tei::parse("names.xml", &xml));
    let d = &ed.documents[0];
    let text = d.blocks[0].text(carrel::model::Reading::Redline);
    assert_eq!(d.name_tags.len(), 30_000);
    // Each tag covers its own occurrence, in order, of the name it was printed with.
    for (i, t) in d.name_tags.iter().enumerate() {
        assert_eq!(&text[t.start..t.end], format!("Name{}", i % 50), "tag {i}");
        assert_eq!(t.key, format!("deepvol#p_{}", i % 50));
    }
    assert!(d.name_tags.windows(2).all(|w| w[0].end <= w[1].start));
}

#[test]
fn eighty_thousand_warnings_are_collapsed_in_linear_time() {
    // 80,000 warnings took 13 s: each looked through the warnings so far for its repeat.
    let mut s = String::from("Memorandum of Conversation, 1 May 1958\n\n");
    for i in 0..80_000 {
        s.push_str(&format!("Point [{i} left open.\n\n"));
    }
    // One line whose bracket problem repeats: said once, with a count.
    s.push_str("Last [ point [ left [ open.\n");
    let out = finishes_within(60, move || ingest_bytes("warn.txt", s.as_bytes()));
    let ws = &out.documents[0].warnings;
    let unmatched: Vec<&carrel::model::Warning> = ws
        .iter()
        .filter(|w| w.message.starts_with("unmatched '['"))
        .collect();
    assert_eq!(unmatched.len(), 80_001, "{:?}", &unmatched[..3]);
    // In the order of the lines, the last one counted.
    assert!(unmatched.windows(2).all(|w| w[0].line < w[1].line));
    assert!(
        unmatched[80_000].message.ends_with("(3 times)"),
        "{:?}",
        unmatched[80_000]
    );
    assert!(!unmatched[0].message.contains("times"));
}

#[test]
fn document_lookup_by_id_finds_every_document() {
    let docs = (0..3_000)
        .flat_map(|i| {
            let text = format!(
                "Letter from Nu to Xi, {} May 1958\n\nNumber {i}.\n",
                i % 28 + 1
            );
            ingest_bytes(&format!("f{i}.txt"), text.as_bytes()).documents
        })
        .collect();
    let c = Corpus::from_documents(docs, carrel::gazetteer::Gazetteer::default());
    let ids: Vec<String> = c.docs.heads().map(|d| d.id.clone()).collect();
    let distinct: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), 3_000);
    for (i, id) in ids.iter().enumerate() {
        assert_eq!(c.index_of(id), Some(i));
    }
    assert_eq!(c.index_of("no-such-document"), None);
    assert_eq!(c.index_of(&ids[5][..ids[5].len() - 1]), None);
}
