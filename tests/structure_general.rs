//! Each structuring rule on small fixtures of our own, with names and wording the seeds lack.

use carrel::ingest::ingest_bytes;
use carrel::model::{BlockKind, Document, Reading, Segment};

fn one(name: &str, text: &str) -> Document {
    let mut r = ingest_bytes(name, text.as_bytes());
    assert_eq!(r.documents.len(), 1, "{name}");
    r.documents.remove(0)
}

fn speakers(d: &Document) -> Vec<(String, bool)> {
    d.blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Turn)
        .map(|b| (b.speaker.as_ref().unwrap().name.clone(), b.inferred))
        .collect()
}

const TRANSCRIPT: &str = "\
## **May 4, 1961**

### **Minutes of a Conversation between Josip Broz Tito and Gamal Abdel Nasser**

#### **Contents:**

Transcript - English

Belgrade, 1961

(The guests enter the hall)

[Josip Broz] Tito (smiling): Welcome. We have prepared

lunch for our friends.

Gamal Abdel Nasser: Thank you. Note: the heat here is mild.

Edvard Kardelj: The roads are ready.

Tito: Good. (He laughs) The plan takes (2 - 3 years) at most.

1) the railway;

2) the port.

After a short pause the talks went on in the garden.

Nasser: We agree.

Signature: M. Petrovic, 5 May 1961
";

#[test]
fn transcript_labels_continuations_and_narration() {
    let d = one("t.md", TRANSCRIPT);
    assert_eq!(
        speakers(&d),
        [
            ("Tito".to_string(), false),
            ("Tito".to_string(), true),
            ("Gamal Abdel Nasser".to_string(), false),
            ("Edvard Kardelj".to_string(), false),
            ("Tito".to_string(), false),
            ("Tito".to_string(), true),
            ("Tito".to_string(), true),
            ("Nasser".to_string(), false),
        ]
    );
    let first = d.blocks.iter().find(|b| b.kind == BlockKind::Turn).unwrap();
    assert_eq!(first.speaker.as_ref().unwrap().label, "[Josip Broz] Tito");
    assert_eq!(first.manner.as_deref(), Some("smiling"));
    // A name that is not a participant is kept as a speaker, with a warning.
    assert!(d
        .warnings
        .iter()
        .any(|w| w.message.contains("Edvard Kardelj")));
    // "Note:" inside a speech is not a speaker.
    assert!(!speakers(&d).iter().any(|(s, _)| s == "Note"));
    let kinds: Vec<_> = d.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(kinds[0], BlockKind::Heading);
    assert_eq!(kinds[1], BlockKind::Narration);
    let pause = d
        .blocks
        .iter()
        .find(|b| b.raw.starts_with("After a short pause"))
        .unwrap();
    assert_eq!(pause.kind, BlockKind::Narration);
    assert_eq!(d.blocks.last().unwrap().kind, BlockKind::Narration);
    let laugh = d
        .blocks
        .iter()
        .find(|b| b.raw.starts_with("Tito: Good."))
        .unwrap();
    assert!(laugh.segments.contains(&Segment::Stage("He laughs".into())));
    assert!(!laugh
        .segments
        .iter()
        .any(|s| matches!(s, Segment::Stage(t) if t.contains("years"))));
}

const REPORTED: &str = "\
**Title: Record of a Conversation between Ana Pauker and Josip Broz Tito****Author:****Date: 9 June 1947****Source:** An archive.**Description:** Pauker and Tito talk.

We said: The harvest is late. Hearing this, Tito said: Then we must help. He also asked us: How many trains? At that time the Yugoslavs told us: Nothing is free. We answered: Ten trains<sup>1</sup>.

Typed from the copy kept by Ana Pauker.

1. The number was later halved.

An excerpt from a later study of the visit.

*Bucharest and Belgrade, pp. 40-41*
";

#[test]
fn reported_speech_we_and_he() {
    let d = one("r.txt", REPORTED);
    let turns: Vec<_> = d
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Turn)
        .map(|b| {
            let s = b.speaker.as_ref().unwrap();
            (s.name.as_str(), s.label.as_str())
        })
        .collect();
    assert_eq!(
        turns,
        [
            ("Ana Pauker", "We"),
            ("Tito", "Tito"),
            ("Tito", "He"),
            ("Ana Pauker", "We")
        ]
    );
    let he = d
        .blocks
        .iter()
        .find(|b| b.raw.starts_with("He also asked us"))
        .unwrap();
    assert!(he
        .text(Reading::Redline)
        .contains("the Yugoslavs told us: Nothing is free."));
    assert_eq!(d.footnotes.len(), 1);
    let cite = d.blocks.iter().find(|b| b.notes == ["1"]).unwrap();
    assert_eq!(d.footnotes[0].cited_by, vec![cite.n]);
    let ctx = d
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Context)
        .unwrap();
    assert_eq!(
        ctx.attribution.as_deref(),
        Some("Bucharest and Belgrade, pp. 40-41")
    );
    assert_eq!(
        d.blocks
            .iter()
            .find(|b| b.raw.starts_with("Typed from"))
            .unwrap()
            .kind,
        BlockKind::Narration
    );
}

#[test]
fn telegram_salutation_and_quoted_reply_are_not_turns() {
    let d = one(
        "c.txt",
        "Cable from Gomulka to the Politburo, 3 March 1957\n\nPolitburo:\n\n1. I met Ulbricht today. Ulbricht replied: \"No.\" We parted.\n\nWieslaw Kowalczyk: an aside that is not a speech.\n",
    );
    assert!(
        d.blocks.iter().all(|b| b.kind != BlockKind::Turn),
        "{:?}",
        d.blocks
    );
}

#[test]
fn draft_convention_declared_by_the_document() {
    let d = one(
        "d.txt",
        "Draft Letter from Tito to Nasser, 2 May 1958 (additions in italics, deletions in brackets)\n\nWe *shall* [will] meet in Cairo [Al-Qahira] soon [very soon].\n\nJosip Broz Tito, 2 May 1958\n",
    );
    let b = &d.blocks[0];
    assert_eq!(
        b.text(Reading::Redline),
        "We {+shall+} {-will-} meet in Cairo [Al-Qahira] soon {-very soon-}."
    );
    assert_eq!(
        b.text(Reading::Edited),
        "We shall meet in Cairo [Al-Qahira] soon."
    );
    assert_eq!(
        b.text(Reading::Original),
        "We will meet in Cairo [Al-Qahira] soon very soon."
    );
    // Without a declared convention the same marks are emphasis and glosses.
    let plain = one(
        "p.txt",
        "Letter from Tito to Nasser, 2 May 1958\n\nWe *shall* [will] meet.\n",
    );
    assert!(plain.blocks[0]
        .segments
        .contains(&Segment::Emphasis("shall".into())));
    assert!(plain.blocks[0]
        .segments
        .contains(&Segment::Gloss("will".into())));
}

#[test]
fn numbered_items_are_not_notes_and_missing_notes_warn() {
    let d = one(
        "n.txt",
        "Report by the Commission, 1 May 1960\n\nThree points<sup>4</sup>:\n\n1. roads\n2. rails\n",
    );
    assert!(d.footnotes.is_empty());
    assert!(d
        .warnings
        .iter()
        .any(|w| w.message == "note marker 4 has no note"));
}

#[test]
fn unknown_structure_degrades_to_paragraphs_with_a_warning() {
    let d = one("u.txt", "Minutes of a Meeting of the Board, 2 April 1962\n\nThe board met and agreed.\n\nNothing more was said.\n");
    assert!(d.blocks.iter().all(|b| b.kind != BlockKind::Turn));
    assert!(d
        .warnings
        .iter()
        .any(|w| w.message.contains("no speaker turns")));
    assert_eq!(d.blocks.len(), 2);
}
