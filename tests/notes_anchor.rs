//! Anchors that notice: every note and bookmark keeps a fingerprint of its paragraph, and
//! follows it when the file changes (`moved`, with how alike the text still is), and only a
//! note whose text is gone is `orphaned`.

mod common;

use carrel::corpus::{Corpus, Source};
use carrel::notes::anchor::{locate_note, Anchor};
use carrel::notes::{Note, NoteKind};
use common::Sandbox;

const HEAD: &str = "Memorandum of Conversation between Tito and Nasser, 2 May 1958\n\n";

/// A corpus of one file with these paragraphs (each a speaker's turn).
fn corpus_of(s: &Sandbox, paragraphs: &[&str]) -> Corpus {
    let body: Vec<String> = paragraphs.iter().map(|p| p.to_string()).collect();
    s.write("c/talk.txt", format!("{HEAD}{}\n", body.join("\n\n")));
    Corpus::load(&[Source::Path(s.work().join("c"))])
}

/// A note on the paragraph (by number) that contains `needle`, or on the passage `quote`.
fn note_on(c: &Corpus, needle: &str, kind: NoteKind, quote: Option<&str>) -> Note {
    let d = &c.docs[0];
    let bi = d
        .blocks
        .iter()
        .position(|b| b.text(carrel::model::Reading::Redline).contains(needle))
        .unwrap_or_else(|| panic!("no paragraph with {needle}"));
    Note::on(d, bi, kind, quote.map(String::from)).unwrap()
}

/// Where a note stands in the corpus: (status, paragraph number now, similarity, the text it
/// points at).
fn place(c: &Corpus, n: &Note) -> (&'static str, Option<usize>, u8, String) {
    let d = &c.docs[0];
    let a = locate_note(d, n);
    let text = match &a {
        Anchor::Exact { block, start, end }
        | Anchor::Moved {
            block, start, end, ..
        } => carrel::notes::anchor::anchor_text(d, *block)[*start..*end].to_string(),
        Anchor::Orphaned => String::new(),
    };
    (
        a.status(),
        a.block().map(|b| d.blocks[b].n),
        a.similarity(),
        text,
    )
}

const P1: &str = "Tito: We meet at last, after many letters.";
const P2: &str = "Nasser: The canal is ours and will stay ours, whatever London says of it.";
const P3: &str = "Tito: Brioni is quiet in the spring, and the sea is warm by June. We shall sail to the islands and talk of Bandung and of the Indian proposal. The Americans will not like it.";
const P4: &str = "Nasser: Then I shall come in June, if the Assembly allows me the time.";

#[test]
fn a_paragraph_inserted_before_moves_bookmarks_and_paragraph_notes_with_it() {
    let s = Sandbox::new("anchor-insert");
    let before = corpus_of(&s, &[P1, P2, P3, P4]);
    let bookmark = note_on(&before, "Brioni", NoteKind::Bookmark, None);
    let note = note_on(&before, "Brioni", NoteKind::Note, None);
    assert_eq!(place(&before, &bookmark).0, "ok");
    let after = corpus_of(&s, &[P1, "Nasser: Welcome to Brioni, then.", P2, P3, P4]);
    // Paragraph 3 is now the canal; the Brioni paragraph is number 4.
    for n in [&bookmark, &note] {
        let (status, at, sim, text) = place(&after, n);
        assert_eq!((status, at, sim), ("moved", Some(4), 100), "{n:?}");
        assert!(text.starts_with("Brioni is quiet"), "{text}");
    }
}

#[test]
fn one_word_corrected_keeps_the_note_on_its_paragraph_with_the_similarity() {
    let s = Sandbox::new("anchor-word");
    let before = corpus_of(&s, &[P1, P2, P3, P4]);
    let whole = note_on(&before, "Brioni", NoteKind::Note, None);
    let passage = note_on(
        &before,
        "Brioni",
        NoteKind::Note,
        Some("talk of Bandung and of the Indian proposal"),
    );
    let corrected = P3.replace("Bandung", "Belgrade");
    let after = corpus_of(&s, &[P1, P2, &corrected, P4]);
    let (status, at, sim, _) = place(&after, &whole);
    assert_eq!((status, at), ("moved", Some(3)));
    assert!((90..100).contains(&sim), "one word of 36 changed: {sim}%");
    // The quote lost one word of eight: found again, approximately.
    let (status, at, sim, text) = place(&after, &passage);
    assert_eq!((status, at), ("moved", Some(3)));
    assert!((80..100).contains(&sim), "{sim}%");
    assert_eq!(text, "talk of Belgrade and of the Indian proposal");
}

#[test]
fn a_rewritten_sentence_moves_the_paragraph_note_and_leaves_a_distant_quote_ok() {
    let s = Sandbox::new("anchor-sentence");
    let before = corpus_of(&s, &[P1, P2, P3, P4]);
    let whole = note_on(&before, "Brioni", NoteKind::Note, None);
    let early = note_on(&before, "Brioni", NoteKind::Note, Some("Brioni is quiet"));
    let gone = note_on(
        &before,
        "Brioni",
        NoteKind::Note,
        Some("The Americans will not like it."),
    );
    let rewritten = P3.replace(
        "The Americans will not like it.",
        "Washington may say what it pleases about the meeting.",
    );
    let after = corpus_of(&s, &[P1, P2, &rewritten, P4]);
    let (status, at, sim, _) = place(&after, &whole);
    assert_eq!((status, at), ("moved", Some(3)));
    assert!((60..95).contains(&sim), "6 words of 36 became 9: {sim}%");
    // A passage far from the change, with all of its context, has not moved.
    assert_eq!(place(&after, &early).0, "ok");
    // The rewritten sentence itself is gone: orphaned, not pinned on something else.
    assert_eq!(place(&after, &gone).0, "orphaned");
}

#[test]
fn a_split_paragraph_keeps_notes_on_the_part_that_holds_them() {
    let s = Sandbox::new("anchor-split");
    let before = corpus_of(&s, &[P1, P2, P3, P4]);
    let whole = note_on(&before, "Brioni", NoteKind::Bookmark, None);
    let late = note_on(&before, "Brioni", NoteKind::Note, Some("talk of Bandung"));
    let (a, b) = P3.split_at(P3.find("We shall sail").unwrap());
    let after = corpus_of(&s, &[P1, P2, a.trim_end(), &format!("Tito: {b}"), P4]);
    // The paragraph is now ¶3 (its first sentence) and ¶4 (the rest, the larger part).
    let (status, at, sim, _) = place(&after, &whole);
    assert_eq!(status, "moved");
    assert_eq!(at, Some(4), "the part with most of the paragraph");
    assert!((50..90).contains(&sim), "23 of 36 words: {sim}%");
    let (status, at, sim, text) = place(&after, &late);
    assert_eq!((status, at, sim), ("moved", Some(4), 100));
    assert_eq!(text, "talk of Bandung");
}

#[test]
fn a_paragraph_replaced_by_another_orphans_its_notes() {
    let s = Sandbox::new("anchor-replaced");
    let before = corpus_of(&s, &[P1, P2, P3, P4]);
    let whole = note_on(&before, "Brioni", NoteKind::Note, None);
    let after = corpus_of(
        &s,
        &[
            P1,
            P2,
            "Tito: Our delegation will bring the draft communique tomorrow morning.",
            P4,
        ],
    );
    assert_eq!(place(&after, &whole).0, "orphaned");
}

/// Copy the schema-1 fixture (a database made by the release before fingerprints) into a
/// sandbox with its corpus.
fn legacy(s: &Sandbox) -> std::path::PathBuf {
    let fx = common::tests_path("fixtures/notes-v1");
    std::fs::copy(fx.join("notes.db"), s.data().join("notes.db")).unwrap();
    let corpus = s.path("corpus/talk.txt");
    std::fs::copy(fx.join("corpus/talk.txt"), &corpus).unwrap();
    corpus
}

fn list(s: &Sandbox) -> Vec<serde_json::Value> {
    let c = s.work().join("corpus");
    s.json(&["--corpus", c.to_str().unwrap(), "notes", "list", "--json"])
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn notes_from_the_previous_release_gain_fingerprints_on_first_open_and_then_follow_their_paragraphs(
) {
    let s = Sandbox::new("anchor-migrate");
    let file = legacy(&s);
    let db = s.data().join("notes.db");
    let version = |db: &std::path::Path| -> i64 {
        let c = rusqlite::Connection::open(db).unwrap();
        c.query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(version(&db), 1, "the fixture is a schema-1 database");
    let notes = list(&s);
    assert_eq!(notes.len(), 4);
    assert!(notes.iter().all(|n| n["status"] == "ok"), "{notes:?}");
    assert_eq!(version(&db), 2);
    let c = rusqlite::Connection::open(&db).unwrap();
    let missing: i64 = c
        .query_row(
            "SELECT count(*) FROM notes WHERE para_hash IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(missing, 0, "every note has its paragraph's fingerprint");
    drop(c);
    // The file is corrected: a paragraph before the canal. The notes on ¶3 (Brioni) must not
    // stay on the new ¶3 (the canal) saying `ok`.
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text.replace(
        "Nasser: The canal",
        "Nasser: You are welcome in Cairo.\n\nNasser: The canal",
    );
    std::fs::write(&file, text).unwrap();
    let notes = list(&s);
    let by_text = |t: &str| notes.iter().find(|n| n["text"] == t).unwrap().clone();
    let spring = by_text("Brioni in spring: an invitation");
    assert_eq!(
        (spring["status"].as_str(), spring["block_now"].as_u64()),
        (Some("moved"), Some(4))
    );
    let bookmark = notes.iter().find(|n| n["kind"] == "bookmark").unwrap();
    assert_eq!(
        (bookmark["status"].as_str(), bookmark["block_now"].as_u64()),
        (Some("moved"), Some(4))
    );
    let defiant = by_text("defiant");
    assert_eq!(
        (defiant["status"].as_str(), defiant["block_now"].as_u64()),
        (Some("moved"), Some(3))
    );
    let hedged = by_text("hedged");
    assert_eq!(
        (hedged["status"].as_str(), hedged["block_now"].as_u64()),
        (Some("moved"), Some(5))
    );
    // The tag and text came through the migration.
    assert_eq!(spring["tags"], serde_json::json!(["travel"]));
}
