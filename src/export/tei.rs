//! A document as TEI P5: the header's bibliographic description from the citation, the
//! participants as a `listPerson` that every turn's `sp/@who` points into, turns with their
//! `speaker`, stage directions, glosses, `[sic]`, the draft's hand edits as `add` and `del`
//! (always both, whatever reading is shown elsewhere), withheld passages as `gap`, page breaks
//! as `pb`, and the notes, each linked from where it is cited.

use crate::model::{Block, BlockKind, Document, Segment};
use crate::text::{slug, strip_controls};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Escape text for XML content and attribute values, dropping what XML 1.0 cannot hold.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in strip_controls(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An `xml:id` (an XML name) from any string: a prefix, then the string's slug.
fn xml_id(prefix: &str, s: &str) -> String {
    let s = slug(s);
    if s.is_empty() {
        prefix.trim_end_matches('-').to_string()
    } else {
        format!("{prefix}{s}")
    }
}

/// The people of a document: each participant and each speaker once, keyed by who they are
/// (the gazetteer id where known, else the folded name), with the `xml:id` turns point to.
struct People {
    /// key → (xml:id, name)
    by_key: BTreeMap<String, (String, String)>,
    order: Vec<String>,
}

impl People {
    fn of(doc: &Document) -> People {
        let mut p = People {
            by_key: BTreeMap::new(),
            order: Vec::new(),
        };
        for x in &doc.participants {
            p.add(x.id.as_deref(), &x.name);
        }
        for b in &doc.blocks {
            if let Some(s) = &b.speaker {
                p.add(s.id.as_deref(), &s.name);
            }
        }
        p
    }

    fn key(id: Option<&str>, name: &str) -> String {
        match id {
            Some(id) => format!("id:{id}"),
            None => format!("name:{}", slug(name)),
        }
    }

    fn add(&mut self, id: Option<&str>, name: &str) {
        let key = Self::key(id, name);
        if self.by_key.contains_key(&key) || name.trim().is_empty() {
            return;
        }
        let mut xid = xml_id("person-", id.unwrap_or(name));
        let base = xid.clone();
        let mut k = 2;
        while self.by_key.values().any(|(x, _)| *x == xid) {
            xid = format!("{base}-{k}");
            k += 1;
        }
        self.by_key.insert(key.clone(), (xid, name.to_string()));
        self.order.push(key);
    }

    fn xml_id(&self, id: Option<&str>, name: &str) -> Option<&str> {
        self.by_key
            .get(&Self::key(id, name))
            .map(|(x, _)| x.as_str())
    }
}

/// A block's segments as TEI inline markup.
fn inline(segments: &[Segment], note_ids: &BTreeMap<String, String>) -> String {
    let mut s = String::new();
    for seg in segments {
        let t = esc(seg.content());
        match seg {
            Segment::Text(_) => s.push_str(&t),
            Segment::Gloss(_) => {
                let _ = write!(s, "<supplied reason=\"gloss\">{t}</supplied>");
            }
            Segment::Sic(_) => {
                let _ = write!(s, "<sic>{t}</sic>");
            }
            Segment::Stage(_) => {
                let _ = write!(s, "<stage>{t}</stage>");
            }
            Segment::Emphasis(_) => {
                let _ = write!(s, "<emph>{t}</emph>");
            }
            Segment::Insert(_) => {
                let _ = write!(s, "<add>{t}</add>");
            }
            Segment::Delete(_) => {
                let _ = write!(s, "<del>{t}</del>");
            }
            Segment::NoteRef(label) => match note_ids.get(label) {
                Some(id) => {
                    let _ = write!(s, "<ref type=\"noteAnchor\" target=\"#{id}\">{t}</ref>");
                }
                None => {
                    let _ = write!(s, "<ref type=\"noteAnchor\">{t}</ref>");
                }
            },
            Segment::Elision(_) => {
                let _ = write!(s, "<gap reason=\"withheld\"><desc>{t}</desc></gap>");
            }
            Segment::Page(_) => {
                let _ = write!(s, "<pb n=\"{t}\"/>");
            }
        }
    }
    s
}

/// One block as TEI.
fn block(b: &Block, people: &People, note_ids: &BTreeMap<String, String>, out: &mut String) {
    let body = inline(&b.segments, note_ids);
    let n = b.n;
    match b.kind {
        BlockKind::Turn => {
            let who = b
                .speaker
                .as_ref()
                .and_then(|s| people.xml_id(s.id.as_deref(), &s.name));
            let who = who.map(|w| format!(" who=\"#{w}\"")).unwrap_or_default();
            let _ = write!(out, "      <sp{who}>");
            if let Some(sp) = b.speaker.as_ref().filter(|_| !b.continues) {
                let _ = write!(out, "<speaker>{}</speaker>", esc(&sp.label));
            }
            if let Some(m) = &b.manner {
                let _ = write!(out, "<stage type=\"delivery\">{}</stage>", esc(m));
            }
            let _ = writeln!(out, "<p n=\"{n}\">{body}</p></sp>");
        }
        BlockKind::Narration => {
            let _ = writeln!(out, "      <stage n=\"{n}\">{body}</stage>");
        }
        BlockKind::Context => {
            let _ = write!(out, "      <note type=\"context\" n=\"{n}\"><p>{body}</p>");
            if let Some(a) = &b.attribution {
                let _ = write!(out, "<bibl>{}</bibl>", esc(a));
            }
            let _ = writeln!(out, "</note>");
        }
        BlockKind::List => {
            let _ = writeln!(out, "      <list n=\"{n}\"><item>{body}</item></list>");
        }
        BlockKind::Heading => {
            let _ = writeln!(out, "      <p n=\"{n}\" rend=\"heading\">{body}</p>");
        }
        BlockKind::Paragraph => {
            let _ = writeln!(out, "      <p n=\"{n}\">{body}</p>");
        }
    }
}

/// The document as a TEI P5 file. `source` is its citation, the header's source description.
pub fn document(doc: &Document, source: &str) -> String {
    let people = People::of(doc);
    let note_ids: BTreeMap<String, String> = doc
        .footnotes
        .iter()
        .enumerate()
        .map(|(i, f)| (f.label.clone(), format!("note-{}", i + 1)))
        .collect();
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s,
        "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:id=\"{}\">",
        xml_id("doc-", &doc.id)
    );
    s.push_str("  <teiHeader>\n    <fileDesc>\n      <titleStmt>\n");
    let _ = writeln!(s, "        <title>{}</title>", esc(&doc.title));
    if let Some(a) = &doc.author {
        let _ = writeln!(s, "        <author>{}</author>", esc(a));
    }
    if let Some(t) = &doc.translator {
        let _ = writeln!(
            s,
            "        <respStmt><resp>translated by</resp><name>{}</name></respStmt>",
            esc(t)
        );
    }
    s.push_str("      </titleStmt>\n");
    let _ = writeln!(
        s,
        "      <publicationStmt>\n        <p>Exported by carrel from {} (document id {}).</p>\n      </publicationStmt>",
        esc(&doc.source_file),
        esc(&doc.id)
    );
    s.push_str("      <sourceDesc>\n");
    let _ = writeln!(s, "        <bibl>{}</bibl>", esc(source));
    if let Some(c) = &doc.citation {
        let _ = writeln!(s, "        <bibl type=\"archive\">{}</bibl>", esc(c));
    }
    s.push_str("      </sourceDesc>\n    </fileDesc>\n");
    let has_profile = !people.order.is_empty() || doc.original_language.is_some();
    if has_profile {
        s.push_str("    <profileDesc>\n");
        if let Some(l) = &doc.original_language {
            let _ = writeln!(
                s,
                "      <langUsage><language ident=\"{}\">{}</language></langUsage>",
                esc(&slug(l)),
                esc(l)
            );
        }
        if !people.order.is_empty() {
            s.push_str("      <particDesc>\n        <listPerson>\n");
            for key in &people.order {
                let (xid, name) = &people.by_key[key];
                let _ = writeln!(
                    s,
                    "          <person xml:id=\"{xid}\"><persName>{}</persName></person>",
                    esc(name)
                );
            }
            s.push_str("        </listPerson>\n      </particDesc>\n");
        }
        s.push_str("    </profileDesc>\n");
    }
    s.push_str("  </teiHeader>\n  <text>\n    <body>\n");
    let _ = writeln!(s, "      <head>{}</head>", esc(&doc.title));
    if doc.date.is_some() || doc.place.is_some() {
        s.push_str("      <dateline>");
        if let Some(p) = &doc.place {
            let _ = write!(s, "<placeName>{}</placeName>", esc(p));
            if doc.date.is_some() {
                s.push_str(", ");
            }
        }
        if let Some(d) = &doc.date {
            let printed = doc.date_printed.as_deref().unwrap_or(d);
            let _ = write!(s, "<date when=\"{}\">{}</date>", esc(d), esc(printed));
        }
        s.push_str("</dateline>\n");
    }
    if doc.blocks.is_empty() {
        s.push_str("      <p/>\n");
    }
    for b in &doc.blocks {
        block(b, &people, &note_ids, &mut s);
    }
    s.push_str("    </body>\n");
    if !doc.footnotes.is_empty() {
        s.push_str("    <back>\n      <div type=\"notes\">\n");
        for f in &doc.footnotes {
            let _ = writeln!(
                s,
                "        <note xml:id=\"{}\" n=\"{}\">{}</note>",
                note_ids[&f.label],
                esc(&f.label),
                esc(&f.text)
            );
        }
        s.push_str("      </div>\n    </back>\n");
    }
    s.push_str("  </text>\n</TEI>\n");
    s
}
