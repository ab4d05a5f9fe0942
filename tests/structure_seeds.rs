//! The structure of each record as a careful reader sees it: who speaks and how often, where a
//! continuation joins, which labels are not speakers, the notes and where they are cited, the
//! readings of the draft. Counts were made from the files by hand (labels at the start of
//! paragraphs), not taken from the program.

use carrel::corpus::Corpus;
use carrel::model::{BlockKind, Document, Reading, Segment};
use std::collections::BTreeMap;

fn doc(c: &Corpus, id_prefix: &str) -> Document {
    c.find(id_prefix).expect("document").clone()
}

/// Printed (not inferred) turns per speaker name.
fn printed_turns(d: &Document) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for b in &d.blocks {
        if b.kind == BlockKind::Turn && !b.inferred {
            *m.entry(b.speaker.as_ref().unwrap().name.clone())
                .or_insert(0) += 1;
        }
    }
    m
}

fn block_starting<'a>(d: &'a Document, start: &str) -> &'a carrel::model::Block {
    d.blocks
        .iter()
        .find(|b| b.raw.starts_with(start))
        .unwrap_or_else(|| panic!("no block starts with {start:?}"))
}

#[test]
fn soong_stalin_1945_three_speakers() {
    let c = Corpus::bundled();
    let d = doc(&c, "wilson-122505");
    let turns = printed_turns(&d);
    let expect: BTreeMap<String, usize> = [("Stalin", 92), ("Soong", 91), ("Molotov", 5)]
        .iter()
        .map(|(k, v)| (k.to_string(), *v))
        .collect();
    assert_eq!(turns, expect);
    // The editor's expansion in a label is a gloss of the label, not part of the name.
    let first = d.blocks.iter().find(|b| b.kind == BlockKind::Turn).unwrap();
    let sp = first.speaker.as_ref().unwrap();
    assert_eq!(
        (sp.name.as_str(), sp.label.as_str()),
        ("Stalin", "[Joseph] Stalin")
    );
    // "Aim:" and "Frankly:" are words inside a speech, continuing the turn.
    for (start, who) in [
        ("Aim: use rail", "Stalin"),
        ("Frankly: government", "Soong"),
    ] {
        let b = block_starting(&d, start);
        assert_eq!(b.kind, BlockKind::Turn);
        assert!(b.inferred && b.continues);
        assert_eq!(b.speaker.as_ref().unwrap().name, who);
    }
    // A page break mid-sentence: "…ready to introduce them in War" / "Cabinet in government."
    let b = block_starting(&d, "Cabinet in government.");
    assert!(b.continues && b.inferred);
    assert_eq!(b.speaker.as_ref().unwrap().name, "Soong");
    let b = block_starting(&d, "of Russian troops.");
    assert_eq!(b.speaker.as_ref().unwrap().name, "Soong");
    // The speaker's own list items.
    let b = block_starting(&d, "1) Strengthen");
    assert_eq!(b.speaker.as_ref().unwrap().name, "Stalin");
    // A stage direction on its own is narration; inline ones are stage segments.
    assert_eq!(
        block_starting(&d, "(Pavlov reads translation)").kind,
        BlockKind::Narration
    );
    let laugh = block_starting(&d, "Stalin: Half and half.");
    assert!(laugh.segments.contains(&Segment::Stage("He laughs".into())));
    let map = block_starting(&d, "Stalin: Outer Mongolia is question of defense.");
    assert!(map.segments.contains(&Segment::Stage("shows map".into())));
    // "(10 - 15 years)" is an ordinary parenthesis.
    let years = block_starting(&d, "Stalin: After construction");
    assert!(years
        .segments
        .iter()
        .all(|s| !matches!(s, Segment::Stage(_))));
    // Glosses and sic.
    let pa = block_starting(&d, "1) Strengthen");
    assert!(pa
        .segments
        .contains(&Segment::Gloss("L\u{fc}shunkou".into())));
    assert!(pa.segments.contains(&Segment::Sic("[sic]".into())));
    let hop = block_starting(&d, "Stalin: In conversation with Hopkins");
    assert!(hop.segments.contains(&Segment::Sic("(?)".into())));
    // The opening lines are headings, not speech.
    assert_eq!(d.blocks[0].kind, BlockKind::Heading);
    assert_eq!(d.blocks[1].kind, BlockKind::Heading);
}

#[test]
fn khrushchev_mao_1959_eleven_speakers() {
    let c = Corpus::bundled();
    let d = doc(&c, "wilson-112088");
    let turns = printed_turns(&d);
    let expect: BTreeMap<String, usize> = [
        ("N.S. Khrushchev", 63),
        ("Mao Zedong", 49),
        ("Zhou Enlai", 15),
        ("M.A. Suslov", 10),
        ("Chen Yi", 7),
        ("Peng Zhen", 4),
        ("Liu Shaoqi", 4),
        ("Lin Biao", 4),
        ("A.A. Gromyko", 3),
        ("Wang Jiaxiang", 2),
        ("Zhu De", 1),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), *v))
    .collect();
    assert_eq!(turns, expect);
    // Manner in parentheses after the name.
    let b = block_starting(&d, "Mao Zedong (peevishly)");
    assert_eq!(b.manner.as_deref(), Some("peevishly"));
    let b = block_starting(&d, "Chen Yi (in great agitation and hastily)");
    assert_eq!(b.manner.as_deref(), Some("in great agitation and hastily"));
    // Attendance, reports of what happened, and the signature are narration.
    for start in [
        "Present at the conversation: Cdes.",
        "Cdes: Deputy Chairmen",
        "The interpreters Yang Ming Fu",
        "After a one-hour break",
        "Present at the conversation were",
        "Signature: S. Antonov",
        "R. Kudashev",
    ] {
        assert_eq!(
            block_starting(&d, start).kind,
            BlockKind::Narration,
            "{start}"
        );
    }
    // Lower-case openings continue the previous speaker across a page break.
    for (start, who) in [
        ("always put forth", "Mao Zedong"),
        ("prisoners of war. Therefore", "Zhou Enlai"),
        ("government in China.", "Peng Zhen"),
        ("that Americans approached Nehru", "M.A. Suslov"),
    ] {
        let b = block_starting(&d, start);
        assert_eq!(b.speaker.as_ref().unwrap().name, who, "{start}");
        assert!(b.inferred && b.continues);
    }
    let names: Vec<_> = d.participants.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), 11);
}

#[test]
fn liu_stalin_1949_reported_speech_notes_and_context() {
    let c = Corpus::bundled();
    let d = doc(&c, "1949-07-27");
    let turns: Vec<(String, String)> = d
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Turn)
        .map(|b| {
            let s = b.speaker.as_ref().unwrap();
            (s.name.clone(), s.label.clone())
        })
        .collect();
    // Read from the record: We said / Stalin said / He also said / We said / we continued /
    // Stalin said / Comrade Stalin also asked us / We answered / Comrade Stalin said.
    let expect: Vec<(String, String)> = [
        ("Liu Shaoqi", "We"),
        ("Stalin", "Stalin"),
        ("Stalin", "He"),
        ("Liu Shaoqi", "We"),
        ("Liu Shaoqi", "we"),
        ("Stalin", "Stalin"),
        ("Stalin", "Comrade Stalin"),
        ("Liu Shaoqi", "We"),
        ("Stalin", "Comrade Stalin"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(turns, expect);
    assert!(d
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Turn)
        .all(|b| b.inferred));
    // Quotations inside a turn stay inside it.
    let t = d
        .blocks
        .iter()
        .find(|b| b.raw.starts_with("Stalin said: Mao's trip"))
        .unwrap();
    let text = t.text(Reading::Redline);
    assert!(text.contains("At that time the Americans asked us:"));
    assert!(text.contains("I [Stalin] answered them:"));
    assert!(t.segments.contains(&Segment::Gloss("guanbuzhao".into())));
    // Notes: two, the second cited by the marker in Stalin's turn; the first has lost its marker.
    assert_eq!(d.footnotes.len(), 2);
    assert_eq!(d.footnotes[0].label, "1");
    assert!(d.footnotes[0].cited_by.is_empty());
    assert!(d.footnotes[0]
        .text
        .starts_with("This conversation took place during a banquet"));
    assert_eq!(d.footnotes[1].cited_by, vec![t.n]);
    assert_eq!(t.notes, ["2"]);
    // The marker 56* in an excerpt has no note: kept and warned about.
    assert!(d.warnings.iter().any(|w| w.message.contains("56*")));
    assert!(d
        .blocks
        .iter()
        .any(|b| b.notes.contains(&"56*".to_string())));
    // The source note is narration.
    assert_eq!(
        block_starting(&d, "Printed from an original").kind,
        BlockKind::Narration
    );
    // Context excerpts with their attributions.
    let ctx: Vec<_> = d
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Context)
        .collect();
    assert_eq!(ctx.len(), 5);
    assert_eq!(
        ctx[0].attribution.as_deref(),
        Some("Red Wings over the Yalu, 33-34")
    );
    assert_eq!(
        ctx[1].attribution.as_deref(),
        Some("Red Wings over the Yalu, 33-34")
    );
    assert!(ctx[2]
        .attribution
        .as_deref()
        .unwrap()
        .contains("Dieter Heinzig"));
    assert!(ctx[3]
        .attribution
        .as_deref()
        .unwrap()
        .contains("Dieter Heinzig"));
    assert_eq!(ctx[4].attribution, None);
    assert!(ctx[3]
        .segments
        .contains(&Segment::Emphasis("accused".into())));
}

#[test]
fn telegrams_keep_reported_speech_inside_paragraphs() {
    let c = Corpus::bundled();
    let d = doc(&c, "1950-01-02");
    assert!(d.blocks.iter().all(|b| b.kind != BlockKind::Turn));
    // The salutation names an organization, not a speaker.
    assert!(d
        .blocks
        .iter()
        .any(|b| b.raw == "Central Committee:" && b.kind == BlockKind::Heading));
    let c_item = block_starting(&d, "(c) To sign a statement");
    assert_eq!(c_item.kind, BlockKind::List);
    assert!(c_item
        .text(Reading::Redline)
        .contains("Comrade Molotov replied: \u{201c}Yes.\u{201d}"));
}

#[test]
fn draft_of_4_october_1950_three_readings() {
    let c = Corpus::bundled();
    let d = doc(&c, "1950-10-04");
    let b = block_starting(&d, "[It is not excluded");
    assert_ne!(b.kind, BlockKind::Narration);
    assert!(b.segments.contains(&Segment::Delete(
        "It is not excluded, although unlikely that sending five six divisions".into()
    )));
    let red = b.text(Reading::Redline);
    let edited = b.text(Reading::Edited);
    let original = b.text(Reading::Original);
    assert!(red.contains("{-But one should not fear this-} {+Should we fear this?"));
    assert!(edited.starts_with("One can suppose, that the USA"));
    assert!(!edited.contains("not excluded"));
    assert!(original.starts_with("It is not excluded, although unlikely that sending five six divisions would drag China into the big war"));
    assert!(!original.contains("One can suppose"));
    // A name variant after a name stays a gloss in every reading.
    let p = block_starting(&d, "1) the USA");
    assert!(p.segments.contains(&Segment::Gloss("Jiang Jieshi".into())));
    for r in Reading::ALL {
        assert!(p.text(r).contains("Chiang Kai-shek [Jiang Jieshi]"));
    }
    // The signature's gloss.
    let sig = d.blocks.last().unwrap();
    assert_eq!(sig.kind, BlockKind::Narration);
    assert!(sig.segments.contains(&Segment::Gloss("STALIN".into())));
    // The malformed `<i>the factors*` is repaired and warned about; nothing is dropped.
    let m = block_starting(&d, "But Your reply contains");
    assert!(m.text(Reading::Original).contains(
        "decided not by foreign policy factors, but by the factors of domestic situation"
    ));
    assert!(m
        .text(Reading::Edited)
        .ends_with("I fully understand You and Your predicament."));
    assert!(m
        .text(Reading::Original)
        .ends_with("I fully understand You and your position"));
    assert!(d
        .warnings
        .iter()
        .any(|w| w.message.contains("malformed markup")));
    assert!(d
        .warnings
        .iter()
        .any(|w| w.message.contains("[against China]")));
}

#[test]
fn final_message_of_5_october_has_no_edits() {
    let c = Corpus::bundled();
    let d = doc(&c, "1950-10-05");
    assert!(d
        .blocks
        .iter()
        .flat_map(|b| &b.segments)
        .all(|s| !matches!(s, Segment::Insert(_) | Segment::Delete(_))));
    assert!(block_starting(&d, "I received your reply")
        .segments
        .contains(&Segment::Elision("[...]".into())));
    assert_eq!(
        block_starting(&d, "[Handwritten] Dispatched").kind,
        BlockKind::Narration
    );
    assert_eq!(block_starting(&d, "PHILIPPOV").kind, BlockKind::Narration);
}

/// Every word of each body is in exactly one block, footnote or attribution.
#[test]
fn no_text_is_lost_or_duplicated() {
    let c = Corpus::bundled();
    for d in &c.docs {
        let mut got: Vec<String> = Vec::new();
        for b in &d.blocks {
            got.extend(b.raw.split_whitespace().map(String::from));
        }
        for f in &d.footnotes {
            got.push(format!("{}.", f.label));
            got.extend(f.text.split_whitespace().map(String::from));
        }
        let mut want: Vec<String> = Vec::new();
        let first = d.blocks.first().map_or(0, |b| b.line);
        let lines: Vec<&str> = d.raw.lines().collect();
        // The body runs from the first block's line to the end of the document's text.
        let offset = if d.format == carrel::model::SourceFormat::Plain {
            d.source_line
        } else {
            1
        };
        for l in &lines[first - offset..] {
            want.extend(l.split_whitespace().map(String::from));
        }
        got.sort();
        want.sort();
        assert_eq!(got, want, "{}", d.id);
    }
}
