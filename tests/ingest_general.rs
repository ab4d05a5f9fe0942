//! General cues on hand-written fixtures with names, titles and date formats the seeds lack,
//! and bad input: empty, binary and undecodable files.

use carrel::corpus::{Corpus, Source};
use carrel::ingest::{detect_format, ingest_bytes};
use carrel::model::{DocKind, SourceFormat};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/general")
        .join(name)
}

fn ingest(name: &str) -> carrel::ingest::FileIngest {
    let bytes = std::fs::read(fixture(name)).expect("fixture");
    ingest_bytes(name, &bytes)
}

#[test]
fn wilson_export_with_other_names_and_missing_fields() {
    let r = ingest("brioni-tito-sukarno.md");
    assert_eq!(r.documents.len(), 1);
    let d = &r.documents[0];
    assert_eq!(d.format, SourceFormat::Wilson);
    assert_eq!(d.id, "wilson-90210");
    assert_eq!(d.date.as_deref(), Some("1961-03-03"));
    assert_eq!(d.kind, DocKind::MemorandumOfConversation);
    assert_eq!(d.translator.as_deref(), Some("Ana M. Petrovic"));
    assert_eq!(d.original_language.as_deref(), Some("Serbo-Croatian"));
    assert_eq!(d.place.as_deref(), Some("Brioni"));
    assert_eq!(d.summary, None);
    assert_eq!(d.credits, None);
    let names: Vec<_> = d.participants.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Josip Broz Tito", "Sukarno"]);
    assert_eq!(d.blocks.len(), 3);
}

#[test]
fn cwihp_header_with_empty_description() {
    let r = ingest("nagy-letter-cwihp.txt");
    let d = &r.documents[0];
    assert_eq!(d.format, SourceFormat::Cwihp);
    assert_eq!(d.title, "Letter from Imre Nagy to Yuri Andropov");
    assert_eq!(d.author.as_deref(), Some("Imre Nagy"));
    assert_eq!(d.date.as_deref(), Some("1956-10-28"));
    assert_eq!(d.date_printed.as_deref(), Some("Oct. 28, 1956"));
    assert_eq!(d.kind, DocKind::Message);
    assert_eq!(d.summary, None);
    assert_eq!(d.translator.as_deref(), Some("Csaba Farkas"));
    assert_eq!(d.original_language.as_deref(), Some("Hungarian"));
    assert_eq!(d.blocks.len(), 2);
    assert_eq!(d.id, "1956-10-28-letter-imre-nagy-yuri-andropov");
}

#[test]
fn plain_collection_with_wrapped_title_and_varied_dates() {
    let r = ingest("hanoi-cables.txt");
    let titles: Vec<_> = r.documents.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Cable from Ho Chi Minh to Truong Chinh, 12 May 1954",
            "Report by the Front Commission on Supplies and Roads (first part, as received)",
            "Letter from Pham Van Dong to Zhou Enlai",
        ]
    );
    let dates: Vec<_> = r
        .documents
        .iter()
        .map(|d| d.date.clone().unwrap())
        .collect();
    assert_eq!(dates, ["1954-05-12", "1954-05-20", "1954-06-03"]);
    let kinds: Vec<_> = r.documents.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        [DocKind::Telegram, DocKind::Report, DocKind::Message]
    );
    for d in &r.documents {
        assert_eq!(
            d.collection_title.as_deref(),
            Some("Cables from Hanoi, Spring 1954")
        );
        let note = d.collection_note.as_deref().unwrap();
        assert!(
            note.contains("Compiled by an editor") && note.contains("exchanged during the siege")
        );
    }
    assert_eq!(r.documents[0].recipient.as_deref(), Some("Truong Chinh"));
    assert_eq!(r.documents[0].blocks.len(), 2);
}

#[test]
fn untitled_plain_file_is_kept_and_warned_about() {
    let r = ingest("untitled-notes.txt");
    assert_eq!(r.documents.len(), 1);
    let d = &r.documents[0];
    assert_eq!(d.title, "untitled-notes");
    assert_eq!(d.blocks.len(), 2);
    assert!(d.warnings.iter().any(|w| w.message.contains("no title")));
}

#[test]
fn formats_are_told_apart_by_markup() {
    assert_eq!(
        detect_format("## 1 May 1960\n\n### A Title\n\n#### **Summary:**\n\nx\n"),
        SourceFormat::Wilson
    );
    assert_eq!(
        detect_format("**Title: X****Date: 1 May 1960**\n\nbody\n"),
        SourceFormat::Cwihp
    );
    assert_eq!(
        detect_format("Some text with **bold** in it.\n"),
        SourceFormat::Plain
    );
}

#[test]
fn empty_binary_and_undecodable_files() {
    let empty = ingest_bytes("e.txt", b"   \n\n");
    assert!(empty.documents.is_empty());
    assert_eq!(empty.warnings[0].message, "empty file: no document");

    let bin: Vec<u8> = (0..2000u32).map(|i| (i * 7 % 256) as u8).collect();
    let b = ingest_bytes("b.txt", &bin);
    assert_eq!(b.documents.len(), 1, "binary data is still shown");
    assert!(b.warnings.iter().any(|w| w.message.contains("binary")));

    let mut bytes =
        b"Telegram from A to B, 1 May 1950\n\nfirst line\n\nbad \xff\xfe byte here\n".to_vec();
    bytes.extend_from_slice(b"\nlast\n");
    let u = ingest_bytes("u.txt", &bytes);
    let w = u
        .warnings
        .iter()
        .find(|w| w.message.contains("UTF-8"))
        .expect("utf-8 warning");
    assert_eq!(w.line, 5);
    let text: String = u.documents[0]
        .blocks
        .iter()
        .map(|b| b.raw.clone())
        .collect();
    assert!(text.contains("bad \u{FFFD}\u{FFFD} byte here"));
}

#[test]
fn crlf_and_bom_are_normalized() {
    let r = ingest_bytes(
        "w.txt",
        b"\xef\xbb\xbfLetter from A to B, 2 June 1951\r\n\r\nHello.\r\n",
    );
    let d = &r.documents[0];
    assert_eq!(d.title, "Letter from A to B, 2 June 1951");
    assert_eq!(d.blocks[0].raw, "Hello.");
}

#[test]
fn bad_files_in_a_directory_do_not_stop_the_rest() {
    let dir = std::env::temp_dir().join(format!("carrel-bad-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a-empty.txt"), b"").unwrap();
    std::fs::write(
        dir.join("b-good.txt"),
        b"Letter from A to B, 2 June 1951\n\nHello.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("c-binary.txt"),
        [0u8, 1, 2, 3, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7],
    )
    .unwrap();
    // A path blocked by a file where a directory is expected cannot be read, even as root.
    std::fs::write(dir.join("blocker"), b"x").unwrap();
    let c = Corpus::load(&[
        Source::Path(dir.clone()),
        Source::Path(dir.join("blocker/inner.txt")),
    ]);
    assert!(c
        .docs
        .iter()
        .any(|d| d.title == "Letter from A to B, 2 June 1951"));
    let files: Vec<_> = c.warnings.iter().map(|w| w.file.clone()).collect();
    assert!(files.iter().any(|f| f.ends_with("a-empty.txt")));
    assert!(files.iter().any(|f| f.ends_with("c-binary.txt")));
    assert_eq!(c.unreadable.len(), 1);
    assert!(c.unreadable[0].ends_with("blocker/inner.txt"));
    let _ = std::fs::remove_dir_all(&dir);
}
