//! What a careful reader finds in each file of the bundled corpus: documents, titles, dates,
//! kinds and header fields. Expected values were read off the files by hand.

mod common;

use carrel::corpus::Corpus;
use carrel::model::{DocKind, Document, SourceFormat};

fn corpus() -> Corpus {
    Corpus::bundled()
}

fn by_title<'a>(c: &'a Corpus, start: &str) -> &'a Document {
    c.docs
        .iter()
        .find(|d| d.title.starts_with(start))
        .unwrap_or_else(|| panic!("no document titled '{start}…'"))
}

#[test]
fn bundled_corpus_is_the_seeds_byte_for_byte() {
    let seeds = need_shared!("seeds");
    let mut seed_files: Vec<Vec<u8>> = std::fs::read_dir(&seeds)
        .expect("read seeds")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read(p).expect("read seed"))
        .collect();
    seed_files.sort();
    let mut bundled: Vec<Vec<u8>> = carrel::bundled::FILES
        .iter()
        .map(|(_, b)| b.to_vec())
        .collect();
    bundled.sort();
    assert_eq!(seed_files.len(), 5);
    assert_eq!(bundled, seed_files);
}

#[test]
fn seven_documents_in_date_order() {
    let c = corpus();
    assert_eq!(c.docs.len(), 7);
    let dates: Vec<_> = c
        .docs
        .iter()
        .map(|d| d.date.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        dates,
        [
            "1945-07-02",
            "1949-07-27",
            "1949-12-18",
            "1950-01-02",
            "1950-10-04",
            "1950-10-05",
            "1959-10-02"
        ]
    );
    assert!(c.unreadable.is_empty());
}

#[test]
fn liu_stalin_1949_cwihp_header() {
    let c = corpus();
    let d = by_title(
        &c,
        "Memorandum of Conversation between Liu Shaoqi and Stalin",
    );
    assert_eq!(d.format, SourceFormat::Cwihp);
    assert_eq!(d.kind, DocKind::MemorandumOfConversation);
    assert_eq!(d.date.as_deref(), Some("1949-07-27"));
    assert_eq!(d.date_printed.as_deref(), Some("27 July 1949"));
    // The Author field is present but empty.
    assert_eq!(d.author, None);
    assert_eq!(d.translator.as_deref(), Some("David Wolff"));
    assert_eq!(d.original_language.as_deref(), Some("Chinese"));
    let src = d.citation.as_deref().unwrap();
    assert!(src.starts_with("Jianguo Yilai Liu Shaoqi Wengao"));
    assert!(src.ends_with("Published in Bulletin #16 by CWIHP"));
    assert!(d
        .summary
        .as_deref()
        .unwrap()
        .starts_with("Stalin, Bulganin, and Vyshinsky on one side"));
    let names: Vec<_> = d.participants.iter().map(|p| p.name.as_str()).collect();
    assert!(names.contains(&"Liu Shaoqi") && names.contains(&"Stalin"));
    // The body starts with the reported conversation, not the header.
    assert!(d.blocks[0]
        .raw
        .starts_with("We said: During the first cooperation"));
    assert!(d.id.starts_with("1949-07-27-"));
}

#[test]
fn mao_moscow_visit_collection() {
    let c = corpus();
    let t1 = by_title(&c, "Telegram from Mao Tse-tung to Liu Shaoqi");
    let t2 = by_title(&c, "Telegram from Mao to Chinese Communist Party");
    for t in [t1, t2] {
        assert_eq!(t.kind, DocKind::Telegram);
        assert_eq!(t.format, SourceFormat::Plain);
        assert_eq!(
            t.collection_title.as_deref(),
            Some("Mao\u{2019}s Moscow Visit, December 1949-February 1950")
        );
        let note = t.collection_note.as_deref().unwrap();
        assert!(note.contains("In October 1949, Communists led by Mao Tse-tung"));
        assert!(note.contains("Mao sent the following telegrams"));
        assert!(!note.contains("(1)"));
    }
    assert_eq!(t1.date.as_deref(), Some("1949-12-18"));
    assert_eq!(t1.date_printed.as_deref(), Some("December 18, 1949"));
    assert_eq!(t1.author.as_deref(), Some("Mao Tse-tung"));
    assert_eq!(t1.recipient.as_deref(), Some("Liu Shaoqi"));
    assert_eq!(t2.date.as_deref(), Some("1950-01-02"));
    assert_eq!(t2.author.as_deref(), Some("Mao"));
    // The first telegram's last numbered point belongs to it, not to the second.
    assert!(t1.blocks.last().unwrap().raw.starts_with("(4) Stalin said"));
    assert!(t2.blocks.iter().any(|b| b.raw == "Central Committee:"));
    assert!(t2
        .blocks
        .last()
        .unwrap()
        .raw
        .starts_with("(3) Are the above-stated"));
}

#[test]
fn soong_stalin_1945_wilson_export() {
    let c = corpus();
    let d = by_title(&c, "Record of a Meeting between T.V. Soong and Stalin");
    assert_eq!(d.format, SourceFormat::Wilson);
    assert_eq!(d.id, "wilson-122505");
    assert_eq!(d.kind, DocKind::MemorandumOfConversation);
    assert_eq!(d.date.as_deref(), Some("1945-07-02"));
    assert_eq!(
        d.url.as_deref(),
        Some("https://digitalarchive.umd.edu/document/122505")
    );
    assert_eq!(d.original_language.as_deref(), Some("English"));
    assert_eq!(d.place.as_deref(), Some("Moscow"));
    assert!(d
        .summary
        .as_deref()
        .unwrap()
        .starts_with("Notes taken during meetings"));
    assert!(d
        .credits
        .as_deref()
        .unwrap()
        .contains("Chun & Jane Chiu Family Foundation"));
    assert_eq!(d.translator, None);
    assert!(d
        .extra_fields
        .iter()
        .any(|(k, v)| k == "Contents" && v == "Transcript - English"));
    assert!(d.blocks[0]
        .raw
        .starts_with("Notes taken at Sino-Soviet Conferences"));
    assert!(d
        .blocks
        .last()
        .unwrap()
        .raw
        .starts_with("Stalin: But Churchill burst into tears"));
}

#[test]
fn stalin_mao_october_1950_message_and_draft() {
    let c = corpus();
    let fin = by_title(&c, "Final Message from Stalin to Mao Zedong");
    let draft = by_title(&c, "Draft Message from Stalin to Mao Zedong");
    assert_eq!(fin.kind, DocKind::Message);
    assert_eq!(fin.date.as_deref(), Some("1950-10-05"));
    assert_eq!(fin.author.as_deref(), Some("Stalin"));
    assert_eq!(fin.recipient.as_deref(), Some("Mao Zedong"));
    assert_eq!(draft.kind, DocKind::Draft);
    // The wrapped title is joined.
    assert!(draft
        .title
        .contains("(italicized passages inserted and bracketed passages deleted by hand)"));
    // Title and signature say 4 October; the address line says 5 October.
    assert_eq!(draft.date.as_deref(), Some("1950-10-04"));
    assert!(draft.other_dates.iter().any(|o| o.date == "1950-10-05"));
    assert!(draft
        .warnings
        .iter()
        .any(|w| w.message.contains("two dates")));
    assert!(draft
        .blocks
        .last()
        .unwrap()
        .raw
        .starts_with("Respectfully PHILIPPOV"));
    assert!(fin
        .blocks
        .iter()
        .any(|b| b.raw.starts_with("[Handwritten] Dispatched")));
    assert_ne!(fin.id, draft.id);
}

#[test]
fn khrushchev_mao_1959_wilson_export() {
    let c = corpus();
    let d = by_title(&c, "Discussion between N.S. Khrushchev and Mao Zedong");
    assert_eq!(d.id, "wilson-112088");
    assert_eq!(d.date.as_deref(), Some("1959-10-02"));
    assert_eq!(d.translator.as_deref(), Some("Vladislav M. Zubok"));
    assert_eq!(d.original_language.as_deref(), Some("Russian"));
    // No Credits field in this export.
    assert_eq!(d.credits, None);
    assert!(d.blocks[0].raw.starts_with("Present at the conversation"));
    assert!(d
        .blocks
        .last()
        .unwrap()
        .raw
        .starts_with("R. Kudashev, 3 October 1959"));
}

#[test]
fn ids_are_stable_and_unique() {
    let a = corpus();
    let b = corpus();
    let ids_a: Vec<_> = a.docs.iter().map(|d| d.id.clone()).collect();
    let ids_b: Vec<_> = b.docs.iter().map(|d| d.id.clone()).collect();
    assert_eq!(ids_a, ids_b);
    let set: std::collections::BTreeSet<_> = ids_a.iter().collect();
    assert_eq!(set.len(), ids_a.len());
}

#[test]
fn blocks_are_numbered_from_one() {
    let corpus = corpus();
    for d in &corpus.docs {
        for (i, b) in d.blocks.iter().enumerate() {
            assert_eq!(b.n, i + 1, "{}", d.id);
        }
    }
}
