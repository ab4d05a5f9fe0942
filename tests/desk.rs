//! The researcher's desk: notes that are never lost, citations, links, and search.

mod common;

use carrel::corpus::{Corpus, Source};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn temp(name: &str) -> PathBuf {
    common::scratch(&format!("desk-{name}"))
}

fn carrel(data: &Path, args: &[&str]) -> Output {
    common::command_in(data)
        .arg("--data-dir")
        .arg(data)
        .arg("--cache-dir")
        .arg(data.join("cache"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn notes_json(data: &Path, extra: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["notes", "list", "--json"];
    args.extend_from_slice(extra);
    let o = carrel(data, &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice::<serde_json::Value>(&o.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn two_writers_at_once_lose_nothing() {
    let data = temp("concurrent");
    let spawn = |who: &'static str, data: PathBuf| {
        std::thread::spawn(move || {
            for i in 0..15 {
                let o = carrel(
                    &data,
                    &[
                        "notes",
                        "add",
                        "wilson-122505",
                        "--block",
                        "28",
                        "--text",
                        &format!("{who} {i}"),
                    ],
                );
                assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            }
        })
    };
    let a = spawn("a", data.clone());
    let b = spawn("b", data.clone());
    a.join().unwrap();
    b.join().unwrap();
    let notes = notes_json(&data, &[]);
    assert_eq!(notes.len(), 30);
    for who in ["a", "b"] {
        for i in 0..15 {
            let t = format!("{who} {i}");
            assert!(notes.iter().any(|n| n["text"] == t), "lost {t}");
        }
    }
}

#[test]
fn a_writer_killed_mid_write_leaves_earlier_notes_intact() {
    let data = temp("killed");
    for i in 0..5 {
        let o = carrel(
            &data,
            &[
                "notes",
                "add",
                "wilson-122505",
                "--block",
                "3",
                "--text",
                &format!("kept {i}"),
            ],
        );
        assert!(o.status.success());
    }
    // A big import, killed while it writes.
    let big: Vec<serde_json::Value> = (0..60_000)
        .map(|i| {
            serde_json::json!({"id": format!("big{i}"), "doc": "wilson-122505", "block": 3,
                "kind": "note", "text": "x".repeat(200), "created": 0, "updated": 0})
        })
        .collect();
    let file = data.join("big.json");
    std::fs::write(&file, serde_json::to_string(&big).unwrap()).unwrap();
    let mut child = common::command_in(&data)
        .arg("--data-dir")
        .arg(&data)
        .args(["notes", "import"])
        .arg(&file)
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    let _ = Command::new("kill")
        .args(["-KILL", &child.id().to_string()])
        .status();
    let _ = child.wait();
    let notes = notes_json(&data, &[]);
    for i in 0..5 {
        assert!(notes.iter().any(|n| n["text"] == format!("kept {i}")));
    }
    // The import is all or nothing.
    let bigs = notes
        .iter()
        .filter(|n| n["id"].as_str().unwrap().starts_with("big"))
        .count();
    assert!(bigs == 0 || bigs == 60_000, "{bigs} of the import survived");
}

#[test]
fn a_damaged_database_is_named_copied_and_not_replaced() {
    let data = temp("damaged");
    assert!(carrel(
        &data,
        &[
            "notes",
            "add",
            "wilson-122505",
            "--block",
            "3",
            "--text",
            "hi"
        ]
    )
    .status
    .success());
    // The next run finds the database changed and backs it up; then the file is damaged.
    assert!(carrel(&data, &["notes", "list"]).status.success());
    let db = data.join("notes.db");
    for f in ["notes.db-wal", "notes.db-shm"] {
        let _ = std::fs::remove_file(data.join(f));
    }
    std::fs::write(
        &db,
        b"this is not a database, it was overwritten by accident",
    )
    .unwrap();
    let o = carrel(&data, &["notes", "list"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("damaged") && err.contains(&db.display().to_string()),
        "{err}"
    );
    assert!(err.contains("backup"), "{err}");
    // The damaged file is still there, untouched, and a copy of it was made.
    assert_eq!(
        std::fs::read(&db).unwrap(),
        b"this is not a database, it was overwritten by accident"
    );
    let copies = std::fs::read_dir(&data)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("notes.db.damaged-")
        })
        .count();
    assert_eq!(copies, 1);
    // The backup holds the note.
    let backup = data.join("notes.backup.db");
    assert!(backup.exists());
    std::fs::copy(&backup, &db).unwrap();
    let notes = notes_json(&data, &[]);
    assert!(notes.iter().any(|n| n["text"] == "hi"));
}

#[test]
fn a_corrected_file_re_anchors_one_note_and_orphans_another() {
    let data = temp("anchor");
    let corpus = data.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let file = corpus.join("talk.txt");
    std::fs::write(
        &file,
        "Memorandum of Conversation between Tito and Nasser, 2 May 1958\n\n\
         Tito: We meet at last.\n\n\
         Nasser: The canal is ours and will stay ours.\n\n\
         Tito: Brioni is quiet in the spring.\n",
    )
    .unwrap();
    let c = corpus.to_str().unwrap();
    let add = |block: &str, quote: &str, text: &str| {
        let o = carrel(
            &data,
            &[
                "--corpus",
                c,
                "notes",
                "add",
                "1958-05-02",
                "--block",
                block,
                "--quote",
                quote,
                "--text",
                text,
            ],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    // Paragraph 1 is the title line? Read the numbering off the document.
    let show = carrel(&data, &["--corpus", c, "show", "1958-05-02", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    let n_of = |needle: &str| -> String {
        doc["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["text"].as_str().unwrap().contains(needle))
            .unwrap()["n"]
            .to_string()
    };
    let canal = n_of("canal");
    let brioni = n_of("Brioni");
    add(&canal, "will stay ours", "defiant");
    add(&brioni, "quiet in the spring", "small talk");
    // The file is corrected: a paragraph inserted before, and the Brioni sentence rewritten.
    std::fs::write(
        &file,
        "Memorandum of Conversation between Tito and Nasser, 2 May 1958\n\n\
         Tito: We meet at last.\n\n\
         Nasser: Welcome to Cairo.\n\n\
         Nasser: The canal is ours and will stay ours.\n\n\
         Tito: Brioni is cold in the spring.\n",
    )
    .unwrap();
    let notes = notes_json(&data, &["--corpus", c]);
    let defiant = notes.iter().find(|n| n["text"] == "defiant").unwrap();
    assert_eq!(defiant["status"], "moved");
    assert_eq!(
        defiant["block_now"].to_string(),
        (canal.parse::<u64>().unwrap() + 1).to_string()
    );
    let small = notes.iter().find(|n| n["text"] == "small talk").unwrap();
    assert_eq!(small["status"], "orphaned");
    // Orphaned, never deleted: the export keeps it and says so.
    let md = stdout(&carrel(
        &data,
        &["--corpus", c, "notes", "export", "--format", "markdown"],
    ));
    assert!(md.contains("small talk") && md.contains("orphaned"), "{md}");
}

#[test]
fn export_and_import_round_trip_without_loss_or_duplicates() {
    let data = temp("export");
    let o = carrel(
        &data,
        &[
            "notes",
            "add",
            "wilson-122505",
            "--block",
            "112",
            "--quote",
            "Soviet Union want outlet through Dairen",
            "--text",
            "Stalin's aim, in Soong's words",
            "--tag",
            "dairen",
            "--tag",
            "ports",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(carrel(
        &data,
        &[
            "notes",
            "add",
            "1949-12-18",
            "--block",
            "4",
            "--kind",
            "bookmark"
        ]
    )
    .status
    .success());
    let json = stdout(&carrel(&data, &["notes", "export", "--format", "json"]));
    let file = data.join("export.json");
    std::fs::write(&file, &json).unwrap();
    let other = temp("export-2");
    let o = carrel(&other, &["notes", "import", file.to_str().unwrap()]);
    assert_eq!(
        stdout(&o).trim(),
        "imported: 2 added, 0 updated, 0 unchanged, 0 in conflict"
    );
    let again = carrel(&other, &["notes", "import", file.to_str().unwrap()]);
    assert_eq!(
        stdout(&again).trim(),
        "imported: 0 added, 0 updated, 2 unchanged, 0 in conflict"
    );
    assert_eq!(
        stdout(&carrel(&other, &["notes", "export", "--format", "json"])),
        json
    );
    // Markdown: grouped by document, with its citation, the passage and the paragraph.
    let md = stdout(&carrel(
        &other,
        &["notes", "export", "--format", "markdown"],
    ));
    assert!(
        md.contains("## Record of a Meeting between T.V. Soong and Stalin"),
        "{md}"
    );
    assert!(
        md.contains("“Record of a Meeting between T.V. Soong and Stalin,” in Wilson Center Digital Archive, July 2, 1945, Victor Hoo Collection"),
        "{md}"
    );
    assert!(md.contains("- ¶ 112\n  > Soviet Union want outlet through Dairen\n  Stalin's aim, in Soong's words\n  #dairen #ports"), "{md}");
    assert!(md.contains("- ¶ 4 (bookmark)"), "{md}");
    // A quote that is not in the paragraph is refused, naming it.
    let bad = carrel(
        &data,
        &[
            "notes",
            "add",
            "wilson-122505",
            "--block",
            "3",
            "--quote",
            "Port Arthur",
            "--text",
            "x",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not in wilson-122505 ¶3"));
}

#[test]
fn citations_of_documents_and_paragraphs() {
    let data = temp("cite");
    // Issue 20 changed these: the note comes from the CSL engine (Chicago notes, 18th ed.),
    // the paragraph a locator after the date, never inside the archive's credit.
    let c = stdout(&carrel(&data, &["cite", "wilson-122505", "--block", "12"]));
    assert_eq!(
        c.trim(),
        "“Record of a Meeting between T.V. Soong and Stalin,” in Wilson Center Digital Archive, July 2, 1945, para. 12, Victor Hoo Collection, box 6, folder 9, Hoover Institution Archives, https://digitalarchive.umd.edu/document/122505."
    );
    let c = stdout(&carrel(&data, &["cite", "1949-12-18"]));
    assert_eq!(
        c.trim(),
        "Mao Tse-tung, “Telegram from Mao Tse-Tung to Liu Shaoqi,” in Mao’s Moscow Visit, December 1949-February 1950, CNN Cold War, December 18, 1949."
    );
    let p = stdout(&carrel(
        &data,
        &["cite", "wilson-112088", "--block", "3", "--style", "plain"],
    ));
    assert!(
        p.starts_with(
            "Discussion between N.S. Khrushchev and Mao Zedong (1959-10-02). \"Discussion between"
        ),
        "{p}"
    );
    assert!(p.trim().ends_with("¶ 3. carrel id wilson-112088 ¶3"), "{p}");
    assert_eq!(
        carrel(&data, &["cite", "wilson-122505", "--block", "999"])
            .status
            .code(),
        Some(2)
    );
}

fn links_of(data: &Path, corpus: &str, id: &str) -> Vec<serde_json::Value> {
    let o = carrel(data, &["--corpus", corpus, "show", id, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["links"].as_array().unwrap().clone()
}

#[test]
fn drafts_finals_replies_and_mentioned_messages() {
    let data = temp("links");
    // The October 1950 pair in the bundled corpus.
    let l = links_of(&data, "bundled", "1950-10-04");
    let d = l.iter().find(|x| x["kind"] == "draft_of").unwrap();
    assert_eq!(d["target"], "1950-10-05-final-message-stalin-mao-zedong");
    let l = links_of(&data, "bundled", "1950-10-05");
    assert!(l
        .iter()
        .any(|x| x["kind"] == "final_of"
            && x["target"] == "1950-10-04-draft-message-stalin-mao-zedong"));
    // Stalin's cable to Kim Il Sung of 8[7] October is not in the corpus: listed, unresolved.
    let m = l.iter().find(|x| x["kind"] == "mentions_message").unwrap();
    assert!(m["target"].is_null());
    assert!(m["evidence"]
        .as_str()
        .unwrap()
        .contains("cable to Kim II Sung on 8[7] October 1950"));
    // Our own pair: a draft and the letter sent the next day; a letter to someone else with
    // the same words is not its final; the answer names the letter.
    let fx = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/links");
    let l = links_of(&data, fx, "1958-05-02");
    let finals: Vec<_> = l.iter().filter(|x| x["kind"] == "draft_of").collect();
    assert_eq!(finals.len(), 1);
    assert_eq!(finals[0]["target"], "1958-05-03-letter-tito-nasser-3-may");
    let l = links_of(&data, fx, "1958-05-20");
    let r = l.iter().find(|x| x["kind"] == "reply_to").unwrap();
    assert_eq!(r["target"], "1958-05-03-letter-tito-nasser-3-may");
    let mentioned: Vec<_> = l
        .iter()
        .filter(|x| x["kind"] == "mentions_message")
        .collect();
    assert_eq!(mentioned.len(), 2);
    assert_eq!(mentioned[0]["target"], "1958-05-03-letter-tito-nehru-3-may");
    assert!(mentioned[1]["target"].is_null());
    // Shared entities and chronology are links too.
    let l = links_of(&data, "bundled", "wilson-122505");
    assert!(l.iter().any(|x| x["kind"] == "related"));
    assert!(l.iter().any(|x| x["kind"] == "next"
        && x["target"] == "1949-07-27-memorandum-conversation-liu-shaoqi-stalin"));
}

fn search(data: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut a = vec!["search", "--json"];
    a.extend_from_slice(args);
    let o = carrel(data, &a);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice::<serde_json::Value>(&o.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn search_finds_what_the_records_say() {
    let data = temp("search");
    // What did Stalin say about Dairen? Read off the 1945 record: ¶60 and ¶99.
    let hits = search(&data, &["Dairen", "--speaker", "stalin"]);
    let mut ns: Vec<u64> = hits.iter().map(|h| h["block"].as_u64().unwrap()).collect();
    ns.sort();
    assert_eq!(ns, [60, 99]);
    assert!(hits
        .iter()
        .all(|h| h["document"] == "wilson-122505" && h["speaker"] == "stalin"));
    // The snippet is the text as printed (no brackets, issue 19.3); highlights and match say
    // where the word is, in the snippet and in the block's text.
    for h in &hits {
        let snippet = h["snippet"].as_str().unwrap();
        assert!(!snippet.contains("[Dairen]"), "{snippet}");
        let hl = h["highlights"].as_array().unwrap();
        assert!(!hl.is_empty());
        for r in hl {
            let (a, b) = (
                r[0].as_u64().unwrap() as usize,
                r[1].as_u64().unwrap() as usize,
            );
            assert_eq!(&snippet[a..b], "Dairen");
        }
        assert!(!h["match"].as_array().unwrap().is_empty());
    }
    // Diacritics fold: "Lushun" finds the 1949 telegram's "Lushun"; "lüshunkou" the 1945 "Lüshunkou".
    let hits = search(&data, &["lüshunkou"]);
    assert!(hits
        .iter()
        .any(|h| h["document"] == "wilson-122505" && h["block"] == 28));
    // A phrase, and a prefix.
    let hits = search(&data, &["\"thirty-year lease\""]);
    assert_eq!(hits.len(), 1);
    assert_eq!(
        hits[0]["document"],
        "1949-12-18-telegram-mao-tse-tung-liu-shaoqi"
    );
    let hits = search(&data, &["Vladivost*"]);
    assert!(hits.iter().any(|h| h["document"] == "wilson-122505"));
    // --entity finds every spelling: Port Arthur, Lüshunkou, Lushun.
    let hits = search(&data, &["--entity", "lushun", "--limit", "100"]);
    let docs: std::collections::BTreeSet<&str> = hits
        .iter()
        .map(|h| h["document"].as_str().unwrap())
        .collect();
    assert!(
        docs.contains("wilson-122505")
            && docs.contains("1949-12-18-telegram-mao-tse-tung-liu-shaoqi")
    );
    // Filters by date and kind.
    assert!(search(&data, &["Taiwan", "--from", "1959"])
        .iter()
        .all(|h| h["document"] == "wilson-112088"));
    assert!(search(&data, &["Stalin", "--kind", "telegram"])
        .iter()
        .all(|h| h["document"].as_str().unwrap().contains("telegram")));
}

#[test]
fn the_index_is_a_cache_rebuilt_by_content_hash() {
    let dir = temp("index");
    let corpus_dir = dir.join("corpus");
    std::fs::create_dir_all(&corpus_dir).unwrap();
    std::fs::write(
        corpus_dir.join("a.txt"),
        "Letter from Tito to Nasser, 2 May 1958\n\nThe canal.\n",
    )
    .unwrap();
    std::fs::write(
        corpus_dir.join("b.txt"),
        "Letter from Nasser to Tito, 9 May 1958\n\nThe dam.\n",
    )
    .unwrap();
    let load = || Corpus::load(&[Source::Path(corpus_dir.clone())]);
    let cache = dir.join("cache");
    let mut idx = carrel::search::index::Index::open(&cache).unwrap();
    let s = idx.sync(&load()).unwrap();
    assert_eq!((s.indexed, s.kept, s.removed), (2, 0, 0));
    let s = idx.sync(&load()).unwrap();
    assert_eq!((s.indexed, s.kept, s.removed), (0, 2, 0));
    std::fs::write(
        corpus_dir.join("b.txt"),
        "Letter from Nasser to Tito, 9 May 1958\n\nThe high dam.\n",
    )
    .unwrap();
    let s = idx.sync(&load()).unwrap();
    assert_eq!((s.indexed, s.kept, s.removed), (1, 1, 0));
    std::fs::remove_file(corpus_dir.join("a.txt")).unwrap();
    let s = idx.sync(&load()).unwrap();
    assert_eq!((s.indexed, s.kept, s.removed), (0, 1, 1));
    drop(idx);
    // Deleting the cache loses nothing: notes live elsewhere, and the index comes back.
    let data = dir.join("data");
    assert!(carrel(
        &data,
        &[
            "notes",
            "add",
            "wilson-122505",
            "--block",
            "3",
            "--text",
            "still here"
        ]
    )
    .status
    .success());
    let _ = std::fs::remove_dir_all(data.join("cache"));
    assert!(!search(&data, &["Dairen"]).is_empty());
    assert!(notes_json(&data, &[])
        .iter()
        .any(|n| n["text"] == "still here"));
}
