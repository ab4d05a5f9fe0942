//! TEI editions: the real FRUS 1958-1960 volume XIX (read from ../shared) and a small
//! hand-written edition for the edge cases.

mod common;

use carrel::corpus::{Corpus, Source};
use carrel::model::{BlockKind, Reading, Segment};

macro_rules! frus {
    () => {
        need_shared!("corpora/frus/frus1958-60v19.xml")
            .parent()
            .expect("a folder")
            .to_path_buf()
    };
}

#[test]
fn the_frus_volume_opens_with_its_own_ids_metadata_notes_and_links() {
    let frus = frus!();
    let c = Corpus::load(&[Source::Path(frus.clone())]);
    // grep -c '<div type="document"' frus1958-60v19.xml → 404
    assert_eq!(c.docs.len(), 404);
    let d = c.get("frus1958-60v19-d12").unwrap();
    assert_eq!(
        d.title,
        "Telegram From the Embassy in the Republic of China to the Department of State"
    );
    assert_eq!(d.date.as_deref(), Some("1958-05-10"));
    assert_eq!(d.date_printed.as_deref(), Some("May 10, 1958, noon"));
    assert_eq!(d.place.as_deref(), Some("Taipei"));
    assert_eq!(
        d.author.as_deref(),
        Some("Embassy in the Republic of China")
    );
    assert_eq!(d.recipient.as_deref(), Some("Department of State"));
    assert_eq!(d.kind.as_str(), "telegram");
    assert!(d.citation.as_deref().unwrap().contains(
        "Source: Department of State, Central Files, 793.5/5–1058. Secret; Limit Distribution."
    ));
    // Four footnotes, each linked from its paragraph; the second cites another volume.
    let labels: Vec<&str> = d.footnotes.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["1", "2", "3", "4"]);
    assert!(d.footnotes.iter().all(|f| !f.cited_by.is_empty()));
    assert!(d.footnotes[1]
        .text
        .starts_with("See Foreign Relations, 1955–1957, vol. III, p. 633"));
    // The page break before page 23 is kept, and the signature.
    assert!(d
        .blocks
        .iter()
        .any(|b| b.segments.iter().any(|s| *s == Segment::Page("23".into()))));
    assert_eq!(d.blocks.last().unwrap().text(Reading::Redline), "Drumright");
    let i = c.index_of("frus1958-60v19-d12").unwrap();
    let links = carrel::links::explicit(&c, i);
    assert!(links
        .iter()
        .any(|l| l.kind == "ref" && l.target.is_none() && l.evidence.contains("frus1955-57v03")));
    // A memorandum of conversation: subject, participants, speakers in prose.
    let d = c.get("frus1958-60v19-d51").unwrap();
    assert_eq!(
        d.summary.as_deref(),
        Some("Meeting in Pentagon on Offshore Islands Situation")
    );
    assert_eq!(d.participants.len(), 10);
    let burke = d
        .blocks
        .iter()
        .find(|b| {
            b.text(Reading::Redline)
                .starts_with("Admiral Burke said that the first step")
        })
        .unwrap();
    assert_eq!(burke.kind, BlockKind::Turn);
    assert_eq!(burke.speaker.as_ref().unwrap().name, "Admiral Burke");
    // A paragraph that does not open with a participant speaking stays narration-like prose.
    let opening = d
        .blocks
        .iter()
        .find(|b| {
            b.text(Reading::Redline)
                .starts_with("The meeting was called")
        })
        .unwrap();
    assert_eq!(opening.kind, BlockKind::Paragraph);
}

#[test]
fn the_editions_people_are_the_gazetteers_people() {
    let frus = frus!();
    let c = Corpus::load(&[Source::Bundled, Source::Path(frus.clone())]);
    assert_eq!(c.docs.len(), 411);
    // One timeline: the 1959 record sits among the FRUS documents of 1959.
    let pos = c.index_of("wilson-112088").unwrap();
    assert!(
        c.docs[pos - 1].id.starts_with("frus")
            && c.docs[pos - 1].date.as_deref() <= Some("1959-10-02")
    );
    // "Chou En-lai (Zhou Enlai)" of the persons list is our Zhou Enlai: tagged mentions in
    // the volume resolve to the bundled entity.
    let frus_zhou: usize = c
        .docs
        .iter()
        .zip(&c.mentions)
        .filter(|(d, _)| d.id.starts_with("frus"))
        .map(|(_, ms)| {
            ms.iter()
                .filter(|m| m.entity.as_deref() == Some("zhou-enlai"))
                .count()
        })
        .sum();
    assert!(frus_zhou > 10, "{frus_zhou}");
    let z = c.gazetteer.get("zhou-enlai").unwrap();
    assert!(z.aliases.iter().any(|a| a == "Chou En-lai"));
    assert!(
        c.gazetteer.get("frus1958-60v19-p-ceze1").is_none(),
        "merged, not duplicated"
    );
}

#[test]
fn a_small_edition_covers_the_edge_cases() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tei");
    let c = Corpus::load(&[Source::Path(dir.into())]);
    assert_eq!(c.docs.len(), 2);
    let d = c.get("testvol1-d1").unwrap();
    let segs: Vec<&Segment> = d.blocks.iter().flat_map(|b| b.segments.iter()).collect();
    assert!(segs.contains(&&Segment::Delete("withdrawn".into())));
    assert!(segs.contains(&&Segment::Insert("amended".into())));
    assert!(segs.contains(&&Segment::Elision("[…]".into())));
    assert!(segs.contains(&&Segment::Elision(
        "[1 line of source text not declassified]".into()
    )));
    assert!(segs.contains(&&Segment::Sic("illegible (?)".into())));
    assert!(segs.contains(&&Segment::Page("12".into())));
    // The table's rows, the participants and subject.
    assert!(d
        .blocks
        .iter()
        .any(|b| b.text(Reading::Redline) == "Ships | 12\nAircraft | 40"));
    assert_eq!(d.summary.as_deref(), Some("Talks on the offshore islands"));
    // Mentions by corresp: "Chou" is Zhou Enlai exactly; the abbreviation is the edition's.
    let i = c.index_of("testvol1-d1").unwrap();
    let m = &c.mentions[i];
    assert!(m
        .iter()
        .any(|x| x.text == "Chou" && x.entity.as_deref() == Some("zhou-enlai")));
    assert!(m
        .iter()
        .any(|x| x.text == "GRC" && x.entity.as_deref() == Some("testvol1-t-grc1")));
    // A persons-list entry matching several entities is reported, not guessed.
    assert!(c.warnings.iter().any(|w| w
        .message
        .contains("'Liu' matches liu-shaoqi and liu-yalou and liu-wenhui")));
    // Links: the edition's own ref resolves, another volume's is listed unresolved.
    let links = carrel::links::explicit(&c, i);
    assert!(links
        .iter()
        .any(|l| l.kind == "ref" && l.target.as_deref() == Some("testvol1-d2")));
    assert!(links.iter().any(|l| l.kind == "ref"
        && l.target.is_none()
        && l.evidence.contains("frus1955-57v03-d7")));
    // Sender and recipient from the heading's glosses.
    let d2 = c.get("testvol1-d2").unwrap();
    assert_eq!(d2.author.as_deref(), Some("Embassy in Warsaw"));
    assert_eq!(d2.kind.as_str(), "telegram");
    // Broken XML is reported with its line, and nothing else is lost.
    let tmp = std::env::temp_dir().join(format!("carrel-tei-bad-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::write(
        tmp.join("bad.xml"),
        "<?xml version=\"1.0\"?>\n<TEI>\n<text><body><div type=\"document\">\n</TEI>\n",
    )
    .unwrap();
    std::fs::write(
        tmp.join("ok.txt"),
        "Letter from Tito to Nasser, 2 May 1958\n\nHello.\n",
    )
    .unwrap();
    let c = Corpus::load(&[Source::Path(tmp.clone())]);
    assert_eq!(c.docs.len(), 1);
    assert!(
        c.warnings.iter().any(|w| w.file.ends_with("bad.xml")
            && w.line == 4
            && w.message.contains("not well-formed XML")),
        "{:?}",
        c.warnings
    );
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn the_editions_abbreviations_are_found_only_where_tagged() {
    let frus = frus!();
    // "HE" (His Excellency) in the abbreviations list must not turn every "he" into a mention.
    let c = Corpus::load(&[Source::Path(frus.clone())]);
    let i = c.index_of("frus1958-60v19-d7").unwrap();
    assert!(c.mentions[i]
        .iter()
        .all(|m| m.text != "he" && m.text != "He"));
    assert!(c.mentions[i].iter().any(|m| m.text == "MAAG"));
}
