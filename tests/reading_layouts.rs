//! Records as archives lay them out: turns on single lines, every common label style, labels
//! alone on their line, titles as labels, hard-wrapped and CRLF text. The fixtures are our own
//! words in the shapes of real records; the expected speakers were read off the fixtures.

mod common;

use carrel::ingest::ingest_bytes;
use carrel::model::{BlockKind, Document, Reading};

fn one(name: &str, text: &str) -> Document {
    let mut r = ingest_bytes(name, text.as_bytes());
    assert_eq!(r.documents.len(), 1, "{name}: {:?}", r.documents);
    r.documents.remove(0)
}

/// (speaker name, first words of the turn's text) of every turn.
fn turns(d: &Document) -> Vec<(String, String)> {
    d.blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Turn)
        .map(|b| {
            let text = b.text(Reading::Redline);
            let start: String = text
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ");
            (b.speaker.as_ref().unwrap().name.clone(), start)
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

const SINGLE_LINES: &str = "\
Memorandum of Conversation between Gromyko and Rusk, 2 October 1962

Gromyko: We have studied your note with care.
Rusk: And what is your answer?
Gromyko: The answer will come from Moscow.
Rusk: Then we shall wait for it.
";

#[test]
fn single_line_turns_each_start_a_turn() {
    let d = one("single.txt", SINGLE_LINES);
    assert_eq!(
        turns(&d),
        pairs(&[
            ("Gromyko", "We have studied"),
            ("Rusk", "And what is"),
            ("Gromyko", "The answer will"),
            ("Rusk", "Then we shall"),
        ])
    );
    // Each turn keeps its own line.
    let lines: Vec<usize> = d
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Turn)
        .map(|b| b.line)
        .collect();
    assert_eq!(lines, [3, 4, 5, 6]);
    // The same with CRLF line ends.
    let crlf = one("crlf.txt", &SINGLE_LINES.replace('\n', "\r\n"));
    assert_eq!(turns(&crlf), turns(&d));
}

const HARD_WRAPPED: &str = "\
Memorandum of Conversation between Brandt and Kosygin, 12 August 1970

Brandt: The treaty that we sign today does not close any question
that the peace settlement must decide, and our allies know it. We
have said so in every capital.
Kosygin: We read the treaty in the same way. Nobody in Moscow wants
to reopen what was settled after the war, and the borders are the
borders.
Brandt: Then let us turn to the question of the city. I must tell you
that with-
out progress there the Bundestag will not ratify.
";

#[test]
fn hard_wrapped_turns_join_their_lines_and_never_split_words() {
    let d = one("wrapped.txt", HARD_WRAPPED);
    assert_eq!(
        turns(&d),
        pairs(&[
            ("Brandt", "The treaty that"),
            ("Kosygin", "We read the"),
            ("Brandt", "Then let us"),
        ])
    );
    let last = d
        .blocks
        .iter()
        .rfind(|b| b.kind == BlockKind::Turn)
        .unwrap();
    let text = last.text(Reading::Redline);
    assert!(
        text.contains("I must tell you that without progress"),
        "{text}"
    );
    let first = d.blocks.iter().find(|b| b.kind == BlockKind::Turn).unwrap();
    assert!(first
        .text(Reading::Redline)
        .ends_with("does not close any question that the peace settlement must decide, and our allies know it. We have said so in every capital."));
}

const STYLES: &str = "\
Record of Conversation between Comrade Kosygin and Comrade Pham Van Dong, 6 February 1965

KOSYGIN. We have brought the first list of deliveries.

PHAM VAN DONG. We thank the Soviet comrades for it.

Cde. Kosygin: The second list will follow in March.

Comrade Pham Van Dong: Then we shall be ready by April.

A.N. Kosygin (laughing): You are always ready.

[Pham Van Dong]: That is our habit.

P[ham] V[an] D[ong]: And it is also our duty.

Mr. Kosygin: Let us close here.
";

#[test]
fn every_label_style_names_its_speaker() {
    let d = one("styles.txt", STYLES);
    let got = turns(&d);
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Kosygin",
            "Pham Van Dong",
            "Kosygin",
            "Pham Van Dong",
            "A.N. Kosygin",
            "Pham Van Dong",
            "Pham Van Dong",
            "Kosygin"
        ]
    );
    // The speech never starts with the label.
    assert_eq!(got[0].1, "We have brought");
    assert_eq!(got[1].1, "We thank the");
    assert_eq!(got[6].1, "And it is");
    let labels: Vec<String> = d
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Turn)
        .map(|b| b.speaker.as_ref().unwrap().label.clone())
        .collect();
    assert_eq!(labels[0], "KOSYGIN");
    assert_eq!(labels[2], "Cde. Kosygin");
    assert_eq!(labels[5], "[Pham Van Dong]");
    let manner = d
        .blocks
        .iter()
        .find(|b| {
            b.speaker
                .as_ref()
                .is_some_and(|s| s.label == "A.N. Kosygin")
        })
        .unwrap();
    assert_eq!(manner.manner.as_deref(), Some("laughing"));
}

const ALONE: &str = "\
Transcript of a Meeting between Tito and Nasser, 3 July 1956

TITO:
The conference went better than we feared.
Our friends in Delhi agree.

NASSER:

We are of the same opinion.

TITO:
Then the communique can be short.
";

#[test]
fn a_label_alone_on_its_line_speaks_the_lines_below() {
    let d = one("alone.txt", ALONE);
    assert_eq!(
        turns(&d),
        pairs(&[
            ("Tito", "The conference went"),
            ("Nasser", "We are of"),
            ("Tito", "Then the communique"),
        ])
    );
    let first = d.blocks.iter().find(|b| b.kind == BlockKind::Turn).unwrap();
    assert!(first
        .text(Reading::Redline)
        .ends_with("Our friends in Delhi agree."));
}

const TITLES: &str = "\
Memorandum of Conversation, 9 May 1961

PARTICIPANTS
Secretary of State Dean Rusk
Ambassador Mikhail Menshikov

The Secretary: We hope the talks in Geneva will go on.
The Ambassador: My Government hopes so too.
The Secretary: Then we agree on that much.
";

#[test]
fn titles_as_labels_are_the_participants_who_hold_them() {
    let d = one("titles.txt", TITLES);
    let got = turns(&d);
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].0, "Dean Rusk");
    assert_eq!(got[1].0, "Mikhail Menshikov");
    assert_eq!(got[2].0, "Dean Rusk");
    let label = &d
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Turn)
        .unwrap()
        .speaker
        .as_ref()
        .unwrap()
        .label;
    assert_eq!(label, "The Secretary");
}

#[test]
fn headings_in_capitals_and_header_words_are_not_speakers() {
    let d = one(
        "headings.txt",
        "Record of Conversation between Zhou Enlai and Nehru, 25 June 1954\n\nTOP SECRET\n\nRECORD OF CONVERSATION\n\nSUBJECT: The border\nPLACE: New Delhi\n\nZhou Enlai: We welcome the Prime Minister.\nNehru: We welcome the Premier.\nZhou Enlai: Let us begin.\nNote: the interpreter was late.\n",
    );
    let names: Vec<String> = turns(&d).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["Zhou Enlai", "Nehru", "Zhou Enlai"]);
    // "Note:" stays inside the turn above it.
    let last = d
        .blocks
        .iter()
        .rfind(|b| b.kind == BlockKind::Turn)
        .unwrap();
    assert!(last
        .text(Reading::Redline)
        .contains("Note: the interpreter was late."));
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/reading/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

#[test]
fn a_saved_web_page_keeps_its_furniture_apart_from_the_record() {
    let text = fixture("saved-page.txt");
    let d = one("saved-page.txt", &text);
    assert_eq!(
        d.title,
        "Record of a Conversation between Lindqvist and Okafor"
    );
    // The record's own date, not the sidebar's.
    assert_eq!(d.date.as_deref(), Some("1961-06-03"));
    assert_eq!(
        turns(&d),
        pairs(&[
            ("Lindqvist", "The talks may"),
            ("Okafor", "Agreed. My delegation"),
            ("Lindqvist", "Which changes?"),
            ("Okafor", "The second article"),
        ])
    );
    let furniture: Vec<&str> = d
        .furniture
        .iter()
        .flat_map(|f| f.text.lines())
        .map(str::trim)
        .collect();
    assert_eq!(
        furniture,
        [
            "Skip to main content",
            "Menu",
            "Browse",
            "State Papers Online Library",
            "This collection was made possible with support from the Harbour Fund",
            "\u{2022} Citation",
            "get citation",
            "\u{2022} Share",
            "Download PDF",
            "[Page 12]",
            "Page 13",
            "Related Documents",
            "June 9, 1961",
            "Second Conversation between Lindqvist and Okafor",
            "Copyright 2024 State Papers Online. All rights reserved.",
        ]
    );
    // Nothing of it is content, and the paragraphs are numbered without it.
    for b in &d.blocks {
        let t = b.text(Reading::Redline);
        for f in [
            "Skip to",
            "Download",
            "Related",
            "Copyright",
            "Page 1",
            "Second Conversation",
        ] {
            assert!(!t.contains(f), "{f} in ¶{}: {t}", b.n);
        }
    }
    let ns: Vec<usize> = d.blocks.iter().map(|b| b.n).collect();
    assert_eq!(ns, (1..=d.blocks.len()).collect::<Vec<_>>());
    // One warning for the file, at the first furniture line.
    let w: Vec<_> = d
        .warnings
        .iter()
        .filter(|w| w.message.contains("furniture"))
        .collect();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].line, 1);
    assert!(w[0].message.starts_with("15 lines"), "{}", w[0].message);
    // Every line of the file is in a block, the furniture, or the title.
    let mut covered: Vec<String> = d
        .blocks
        .iter()
        .flat_map(|b| b.raw.lines().map(|l| l.trim().to_string()))
        .collect();
    covered.extend(furniture.iter().map(|l| l.to_string()));
    covered.push(d.title.clone());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        assert!(covered.iter().any(|c| c == line), "lost: {line}");
    }
}

#[test]
fn a_hard_wrapped_memorandum_with_a_participants_list_and_sides() {
    let text = fixture("wrapped-memcon.txt");
    for (name, t) in [
        ("wrapped.txt", text.clone()),
        ("wrapped-crlf.txt", text.replace('\n', "\r\n")),
    ] {
        let d = one(name, &t);
        assert_eq!(
            d.title, "MEMORANDUM OF CONVERSATION, 14 MARCH 1963",
            "{name}"
        );
        assert_eq!(d.date.as_deref(), Some("1963-03-14"));
        let people: Vec<(&str, Option<&str>, Option<&str>)> = d
            .participants
            .iter()
            .map(|p| (p.name.as_str(), p.side.as_deref(), p.role.as_deref()))
            .collect();
        assert_eq!(
            people,
            [
                ("The Secretary", Some("United States"), None),
                ("Harold Fenwick", Some("United States"), Some("Interpreter")),
                ("Anatoly Dobrynin", Some("Soviet side"), Some("Ambassador")),
            ],
            "{name}"
        );
        let got = turns(&d);
        assert_eq!(
            got,
            pairs(&[
                ("The Secretary", "We have read"),
                ("Anatoly Dobrynin", "My Government believes"),
                ("The Secretary", "You will have"),
            ]),
            "{name}"
        );
        let second = d
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Turn)
            .nth(1)
            .unwrap();
        assert!(second
            .text(Reading::Redline)
            .ends_with("we expect an answer within a week."));
        // The list is attendance, not speech.
        assert!(d
            .blocks
            .iter()
            .any(|b| b.kind == BlockKind::Narration && b.raw.contains("Harold Fenwick")));
    }
}

#[test]
fn furniture_in_json_is_unnumbered_and_left_out_of_text_and_counts() {
    let sb = common::Sandbox::new("furniture");
    let page = sb.write("corpus/saved-page.txt", fixture("saved-page.txt"));
    let corpus = page.parent().unwrap().to_str().unwrap().to_string();
    let list = sb.json(&["--corpus", &corpus, "list", "--json"]);
    let id = list[0]["id"].as_str().unwrap().to_string();
    let show = sb.json(&["--corpus", &corpus, "show", &id, "--json"]);
    let blocks = show["blocks"].as_array().unwrap();
    let numbered: Vec<&serde_json::Value> = blocks.iter().filter(|b| !b["n"].is_null()).collect();
    let furniture: Vec<&serde_json::Value> =
        blocks.iter().filter(|b| b["kind"] == "furniture").collect();
    assert_eq!(list[0]["blocks"].as_u64().unwrap() as usize, numbered.len());
    assert!(furniture.iter().all(|b| b["n"].is_null()));
    assert_eq!(furniture.len() + numbered.len(), blocks.len());
    assert_eq!(
        furniture[0]["text"],
        "Skip to main content\nMenu\nBrowse\nState Papers Online Library"
    );
    // In source order: the page marker between the second and third turns.
    let lines: Vec<u64> = blocks.iter().map(|b| b["line"].as_u64().unwrap()).collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "{lines:?}");
    let numbers: Vec<u64> = numbered.iter().map(|b| b["n"].as_u64().unwrap()).collect();
    assert_eq!(numbers, (1..=numbered.len() as u64).collect::<Vec<_>>());
    let text = sb.stdout(&["--corpus", &corpus, "show", &id]);
    for f in [
        "Skip to main content",
        "Download PDF",
        "Related Documents",
        "[Page 12]",
    ] {
        assert!(!text.contains(f), "{f} in show's text");
    }
    assert!(text.contains("LINDQVIST: Which changes?"));
}

#[test]
fn the_bundled_records_have_no_furniture() {
    let c = carrel::corpus::Corpus::bundled();
    for d in c.docs.iter() {
        assert!(d.furniture.is_empty(), "{}: {:?}", d.id, d.furniture);
    }
}
