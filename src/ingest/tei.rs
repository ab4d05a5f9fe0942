//! TEI XML editions (FRUS and the like): each `<div type="document">` becomes a document with
//! the edition's own id, header, paragraphs, lists and tables, signatures, page markers and
//! linked footnotes; the volume's persons and abbreviations lists become entities of the
//! edition; `persName/@corresp` and `gloss/@target` mark exact mentions; `ref/@target` links.

use super::fields::kind_from_title;
use crate::gazetteer::{Entity, EntityKind};
use crate::model::{
    Block, BlockKind, Document, Footnote, NameTag, Participant, SourceFormat, Speaker, Warning,
};
use roxmltree::{Node, NodeType};

/// What a TEI file yields besides documents: the edition's entities, keyed by their xml:id.
#[derive(Debug, Default)]
pub struct Edition {
    /// The documents.
    pub documents: Vec<Document>,
    /// (`volume#xml:id`, entity) for each person and abbreviation of the edition.
    pub entities: Vec<(String, Entity)>,
    /// Problems found.
    pub warnings: Vec<Warning>,
}

/// Whether a text is a TEI document.
pub fn looks_like(text: &str) -> bool {
    let head: String = text.chars().take(2000).collect();
    head.trim_start().starts_with('<') && head.contains("<TEI")
}

fn attr<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}

fn xml_id<'a>(n: Node<'a, '_>) -> Option<&'a str> {
    n.attribute(("http://www.w3.org/XML/1998/namespace", "id"))
        .or_else(|| attr(n, "id"))
}

/// All the text of a node, notes left out, whitespace collapsed.
fn plain(n: Node) -> String {
    let mut s = String::new();
    collect_plain(n, &mut s);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text under `n` in document order, notes skipped, a line break as a space. Iterative
/// and in constant memory however deep the elements nest: a note's subtree is skipped by its
/// byte range, not by asking each node for its ancestors.
fn collect_plain(n: Node, s: &mut String) {
    let mut skip_until = 0usize;
    for c in n.descendants().skip(1) {
        if c.range().start < skip_until {
            continue;
        }
        match c.node_type() {
            NodeType::Text => s.push_str(c.text().unwrap_or("")),
            NodeType::Element if c.tag_name().name() == "note" => skip_until = c.range().end,
            NodeType::Element if c.tag_name().name() == "lb" => s.push(' '),
            _ => {}
        }
    }
}

/// How deep elements may nest before their markup is ignored (their text is kept). FRUS
/// volumes nest about a dozen deep.
pub const MAX_DEPTH: usize = 200;

/// The first element nested more than [`MAX_DEPTH`] deep below `root`, if any: its byte offset.
fn too_deep(root: Node) -> Option<usize> {
    let mut stack = vec![root.children()];
    while let Some(top) = stack.last_mut() {
        let Some(c) = top.next() else {
            stack.pop();
            continue;
        };
        if c.is_element() {
            if stack.len() >= MAX_DEPTH {
                return Some(c.range().start);
            }
            stack.push(c.children());
        }
    }
    None
}

/// Line numbers by byte offset, from a table of where lines start.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        let mut v = vec![0];
        v.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines(v)
    }

    fn of(&self, pos: usize) -> usize {
        match self.0.binary_search(&pos) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// Names in a persons-list entry: "Chou En-lai (Zhou Enlai)" gives both; "Allen, George V."
/// also gives "George V. Allen".
fn names_of(entry: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (main, alt) = match entry.split_once('(') {
        Some((a, b)) => (a.trim(), Some(b.trim_end_matches(')').trim())),
        None => (entry.trim(), None),
    };
    out.push(main.to_string());
    if let Some((surname, given)) = main.split_once(", ") {
        out.push(format!("{given} {surname}"));
    }
    if let Some(a) = alt.filter(|a| !a.is_empty()) {
        out.push(a.to_string());
    }
    out
}

/// The edition's lists: persons (`list type="names"`) and abbreviations (`list type="terms"`).
fn lists(root: Node, vol: &str, file: &str, out: &mut Vec<(String, Entity)>) {
    for item in root.descendants().filter(|n| n.has_tag_name("item")) {
        let target = item.descendants().find(|n| {
            (n.has_tag_name("persName") || n.has_tag_name("term")) && xml_id(*n).is_some()
        });
        let Some(t) = target else { continue };
        let Some(id) = xml_id(t) else { continue };
        let name = plain(t);
        if name.is_empty() {
            continue;
        }
        let full = plain(item);
        let rest = full
            .strip_prefix(&name)
            .unwrap_or(&full)
            .trim_start_matches([',', ' '])
            .to_string();
        let person = t.has_tag_name("persName");
        let mut names = if person {
            names_of(&name)
        } else {
            vec![name.clone()]
        };
        if !person && !rest.is_empty() && rest.len() < 120 {
            names.push(rest.clone());
        }
        let preferred = names.first().cloned().unwrap_or_default();
        out.push((
            format!("{vol}#{id}"),
            Entity {
                id: format!("{vol}-{}", id.to_lowercase().replace('_', "-")),
                name: preferred,
                kind: if person {
                    EntityKind::Person
                } else {
                    EntityKind::Organization
                },
                aliases: names.into_iter().skip(1).collect(),
                original: Vec::new(),
                born: None,
                died: None,
                role: (person && !rest.is_empty()).then(|| rest.clone()),
                affiliation: Vec::new(),
                description: (!person && !rest.is_empty())
                    .then(|| format!("Abbreviation for {rest}, as the edition lists it.")),
                origin: file.to_string(),
                tagged_only: !person,
            },
        ));
    }
}

/// Builds one block's segments from mixed content.
struct Builder<'a> {
    vol: &'a str,
    segments: Vec<crate::model::Segment>,
    text_len: usize,
    tags: Vec<(usize, usize, String)>,
    notes: Vec<(String, String)>,
    links: Vec<(String, String)>,
}

impl<'a> Builder<'a> {
    fn new(vol: &'a str) -> Self {
        Builder {
            vol,
            segments: Vec::new(),
            text_len: 0,
            tags: Vec::new(),
            notes: Vec::new(),
            links: Vec::new(),
        }
    }

    fn push(&mut self, seg: crate::model::Segment) {
        use crate::model::Segment;
        // Plain text: an editor's bracket ("[text not declassified]") is an elision or a gloss.
        if let Segment::Text(t) = &seg {
            let mut rest = t.as_str();
            while let Some(open) = rest.find('[') {
                let Some(close) = rest[open..].find(']') else {
                    break;
                };
                let (before, inner) = (&rest[..open], &rest[open + 1..open + close]);
                if !before.is_empty() {
                    self.add(Segment::Text(before.to_string()));
                }
                if inner.contains("declassified") || inner.contains("not printed") {
                    self.add(Segment::Elision(format!("[{inner}]")));
                } else {
                    self.add(Segment::Gloss(inner.to_string()));
                }
                rest = &rest[open + close + 1..];
            }
            if !rest.is_empty() {
                self.add(Segment::Text(rest.to_string()));
            }
            return;
        }
        self.add(seg);
    }

    fn add(&mut self, seg: crate::model::Segment) {
        self.text_len += seg.content().len();
        self.segments.push(seg);
    }

    /// Read the mixed content under `n` into segments. Iterative (a stack of children being
    /// read), so no input can overflow the stack; below [`MAX_DEPTH`] an element's markup is
    /// ignored and its text kept.
    fn walk(&mut self, n: Node) {
        use crate::model::Segment;
        let mut stack = vec![n.children()];
        while let Some(top) = stack.last_mut() {
            let Some(c) = top.next() else {
                stack.pop();
                continue;
            };
            if c.is_element() && stack.len() >= MAX_DEPTH {
                let t = plain(c);
                if !t.is_empty() {
                    self.push(Segment::Text(t));
                }
                continue;
            }
            match c.node_type() {
                NodeType::Text => {
                    let t = c.text().unwrap_or("");
                    let t: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
                    let lead = c.text().is_some_and(|x| x.starts_with(char::is_whitespace));
                    let trail = c.text().is_some_and(|x| x.ends_with(char::is_whitespace));
                    let mut s = String::new();
                    if lead {
                        s.push(' ');
                    }
                    s.push_str(&t);
                    if trail && !t.is_empty() {
                        s.push(' ');
                    }
                    if !s.is_empty() {
                        self.push(Segment::Text(s));
                    }
                }
                NodeType::Element => {
                    let name = c.tag_name().name();
                    match name {
                        "note" => {
                            let label = attr(c, "n").unwrap_or("*").to_string();
                            self.notes.push((label.clone(), plain(c)));
                            for r in c.descendants().filter(|x| x.has_tag_name("ref")) {
                                if let Some(target) = attr(r, "target") {
                                    self.links.push((target.to_string(), plain(r)));
                                }
                            }
                            self.add(Segment::NoteRef(label));
                        }
                        "pb" => {
                            if let Some(p) = attr(c, "n") {
                                self.add(Segment::Page(p.to_string()));
                            }
                        }
                        "lb" => self.push(Segment::Text(" ".into())),
                        "hi" => {
                            let t = plain(c);
                            if !t.is_empty() {
                                self.add(Segment::Emphasis(t));
                            }
                        }
                        "del" => self.add(Segment::Delete(plain(c))),
                        "add" => self.add(Segment::Insert(plain(c))),
                        "gap" => self.add(Segment::Elision("[…]".into())),
                        "unclear" => self.add(Segment::Sic(format!("{} (?)", plain(c)))),
                        "persName" | "gloss" | "term" => {
                            let key = attr(c, "corresp").or_else(|| attr(c, "target"));
                            let start = self.text_len;
                            let t = plain(c);
                            if t.is_empty() {
                                continue;
                            }
                            self.add(Segment::Text(t));
                            if let Some(k) = key.and_then(|k| k.strip_prefix('#')) {
                                self.tags
                                    .push((start, self.text_len, format!("{}#{k}", self.vol)));
                            }
                        }
                        "ref" => {
                            let t = plain(c);
                            if let Some(target) = attr(c, "target") {
                                self.links.push((target.to_string(), t.clone()));
                            }
                            stack.push(c.children());
                        }
                        _ => stack.push(c.children()),
                    }
                }
                _ => {}
            }
        }
    }
}

/// A page marker's label for the text: `p. 23`.
/// Withheld passages whose brackets enclose markup ("[<hi>1 line … not declassified</hi>]")
/// become one elision.
fn join_withheld(segments: Vec<crate::model::Segment>) -> Vec<crate::model::Segment> {
    use crate::model::Segment;
    let mut out: Vec<Segment> = Vec::with_capacity(segments.len());
    let mut i = 0;
    while i < segments.len() {
        if let Segment::Text(t) = &segments[i] {
            if let Some(before) = t.trim_end().strip_suffix('[') {
                let close = (i + 1..segments.len().min(i + 5)).find(|&j| {
                    matches!(&segments[j], Segment::Text(x) if x.trim_start().starts_with(']'))
                });
                if let Some(j) = close {
                    let inner: String = segments[i + 1..j].iter().map(|s| s.content()).collect();
                    if inner.contains("declassified") || inner.contains("not printed") {
                        if !before.is_empty() {
                            out.push(Segment::Text(before.to_string()));
                        }
                        out.push(Segment::Elision(format!("[{}]", inner.trim())));
                        if let Segment::Text(x) = &segments[j] {
                            let rest = x.trim_start().trim_start_matches(']');
                            if !rest.is_empty() {
                                out.push(Segment::Text(rest.to_string()));
                            }
                        }
                        i = j + 1;
                        continue;
                    }
                }
            }
        }
        out.push(segments[i].clone());
        i += 1;
    }
    out
}

fn finish_block(
    mut b: Builder,
    kind: BlockKind,
    n: usize,
    line: usize,
    raw: String,
    doc: &mut Document,
    links: &mut Vec<(String, String, usize)>,
) {
    b.segments = join_withheld(std::mem::take(&mut b.segments));
    // Mentions are recorded against the block's text, which is made from the segments.
    let text = crate::model::segments_text(&b.segments, crate::model::Reading::Redline);
    if text.trim().is_empty() && b.notes.is_empty() {
        return;
    }
    for (label, note) in b.notes {
        match doc
            .footnotes
            .iter_mut()
            .find(|f| f.label == label && f.text == note)
        {
            Some(f) => f.cited_by.push(n),
            None => doc.footnotes.push(Footnote {
                label,
                text: note,
                cited_by: vec![n],
                line,
            }),
        }
    }
    let concat: String = b.segments.iter().map(|s| s.content()).collect();
    // Find each tagged name in the block's text (the rendering adds brackets and spaces, so
    // offsets among the segments drift): the occurrence nearest its place, not merely the
    // first ("Roe said … Roe" tags each Roe). Tags come in order, so each is looked for after
    // the previous one, near where the drift so far puts it: linear in the paragraph (a search
    // of the whole text for each of 30,000 names in one paragraph took 8 s).
    let mut cursor = 0usize;
    let mut drift = 0isize;
    for (s, e, key) in b.tags {
        let name = concat.get(s..e).unwrap_or("");
        if name.is_empty() {
            continue;
        }
        let est = (s as isize + drift).max(cursor as isize) as usize;
        let mut nearest: Option<usize> = None;
        for (at, _) in text.get(cursor..).unwrap_or("").match_indices(name) {
            let at = cursor + at;
            if nearest.is_none_or(|b: usize| at.abs_diff(est) < b.abs_diff(est)) {
                nearest = Some(at);
            }
            if at >= est {
                break;
            }
        }
        // Before the cursor only if nothing follows it (a previous guess was late), and then
        // within a window, so that the work stays bounded.
        let nearest = nearest.or_else(|| {
            let mut from = cursor.saturating_sub(1024);
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            let window = text.get(from..cursor.min(text.len()))?;
            window
                .match_indices(name)
                .map(|(at, _)| from + at)
                .min_by_key(|&at| at.abs_diff(est))
        });
        if let Some(at) = nearest {
            doc.name_tags.push(NameTag {
                block: n,
                start: at,
                end: at + name.len(),
                key,
            });
            cursor = at + name.len();
            drift = at as isize - s as isize;
        }
    }
    for (t, label) in b.links {
        links.push((t, label, n));
    }
    doc.blocks.push(Block {
        n,
        kind,
        segments: b.segments,
        speaker: None,
        manner: None,
        inferred: false,
        continues: false,
        attribution: None,
        notes: Vec::new(),
        line,
        raw,
    });
}

/// Verbs that report speech in prose memoranda.
const SAID: &[&str] = &[
    "said",
    "stated",
    "replied",
    "asked",
    "observed",
    "noted",
    "remarked",
    "commented",
    "agreed",
    "explained",
    "emphasized",
    "added",
    "responded",
    "suggested",
    "declared",
    "inquired",
    "pointed out",
    "expressed",
    "wondered",
    "thought",
    "felt",
    "believed",
    "indicated",
    "mentioned",
    "recalled",
    "proposed",
    "urged",
    "doubted",
    "emphasised",
    "continued",
    "concluded",
    "reiterated",
    "insisted",
    "confirmed",
    "warned",
    "raised",
];

/// Whether a paragraph opens with a participant speaking ("The Secretary said that …",
/// "Mr. Dulles replied …"): the speaker's name as printed.
pub fn prose_speaker(text: &str, participants: &[String]) -> Option<String> {
    let t = text.trim_start();
    for p in participants {
        let bare = p.trim();
        if bare.is_empty() {
            continue;
        }
        let surname = bare
            .trim_start_matches("Mr. ")
            .trim_start_matches("Mrs. ")
            .split_whitespace()
            .last()
            .unwrap_or(bare);
        let candidates = [
            bare.to_string(),
            format!("Mr. {surname}"),
            format!("Mrs. {surname}"),
            format!("Ambassador {surname}"),
            format!("General {surname}"),
            format!("Admiral {surname}"),
            surname.to_string(),
        ];
        for c in candidates {
            if let Some(rest) = t.strip_prefix(c.as_str()) {
                let rest = rest.trim_start();
                if SAID.iter().any(|v| rest.starts_with(v)) {
                    return Some(bare.to_string());
                }
            }
        }
    }
    None
}

/// What the header says of the edition every document of the file was published in, as
/// `(field, value)` pairs for the citation: `series`, `sub_series`, `volume_number`, `volume`
/// (its subject), `editor`, `general_editor`, `publisher`, `pub_place`, `pub_date`. Absent
/// elements give no pair.
fn publication_fields(root: Node) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(file_desc) = root.descendants().find(|n| n.has_tag_name("fileDesc")) else {
        return out;
    };
    let mut push = |field: &str, n: Option<Node>| {
        if let Some(v) = n.map(plain).map(|v| v.trim().to_string()) {
            if !v.is_empty() {
                out.push((field.to_string(), v));
            }
        }
    };
    let in_stmt = |stmt: &str| {
        file_desc
            .children()
            .find(|n| n.has_tag_name(stmt))
            .map(|s| s.children().filter(|c| c.is_element()).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let title_stmt = in_stmt("titleStmt");
    let titled = |t: &str| {
        title_stmt
            .iter()
            .copied()
            .find(|n| n.has_tag_name("title") && attr(*n, "type") == Some(t))
    };
    push("series", titled("series"));
    push("sub_series", titled("sub-series"));
    push("volume_number", titled("volume-number"));
    push("volume", titled("volume"));
    let editor = |role: Option<&str>| {
        title_stmt
            .iter()
            .copied()
            .find(|n| n.has_tag_name("editor") && attr(*n, "role") == role)
    };
    let unroled = title_stmt
        .iter()
        .copied()
        .find(|n| n.has_tag_name("editor") && attr(*n, "role").is_none());
    push("editor", editor(Some("primary")).or(unroled));
    push("general_editor", editor(Some("general")));
    let pub_stmt = in_stmt("publicationStmt");
    let first = |tag: &str| pub_stmt.iter().copied().find(|n| n.has_tag_name(tag));
    push("publisher", first("publisher"));
    push("pub_place", first("pubPlace"));
    push("pub_date", first("date"));
    out
}

/// Parse a TEI file.
pub fn parse(file: &str, text: &str) -> Edition {
    let mut ed = Edition::default();
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: 50_000_000,
        ..roxmltree::ParsingOptions::default()
    };
    let xml = match roxmltree::Document::parse_with_options(text, opts) {
        Ok(x) => x,
        Err(e) => {
            let pos = e.pos();
            ed.warnings.push(Warning {
                file: file.to_string(),
                line: pos.row as usize,
                message: format!("not well-formed XML ({e}); the file is not read as TEI"),
            });
            return ed;
        }
    };
    let root = xml.root_element();
    let lines = Lines::new(text);
    let line_of = |_: &str, pos: usize| lines.of(pos);
    // Said by the document that holds it (or by the file, outside every document).
    let mut deep = too_deep(root).map(|at| {
        let w = Warning {
            file: file.to_string(),
            line: line_of(text, at),
            message: format!(
                "elements nested more than {MAX_DEPTH} deep: below that their markup is \
                 ignored and only their text kept"
            ),
        };
        (at, w)
    });
    let vol = xml_id(root).unwrap_or("tei").to_string();
    let volume_title = root
        .descendants()
        .find(|n| n.has_tag_name("title") && attr(*n, "type") == Some("complete"))
        .map(plain);
    let publication = publication_fields(root);
    lists(root, &vol, file, &mut ed.entities);
    let ids: std::collections::HashSet<String> = root
        .descendants()
        .filter(|n| n.has_tag_name("div") && attr(*n, "type") == Some("document"))
        .filter_map(|n| xml_id(n).map(String::from))
        .collect();
    for div in root
        .descendants()
        .filter(|n| n.has_tag_name("div") && attr(*n, "type") == Some("document"))
    {
        let local = xml_id(div).unwrap_or("d").to_string();
        let number = attr(div, "n").unwrap_or("").to_string();
        let line = line_of(text, div.range().start);
        let head = div.children().find(|c| c.has_tag_name("head"));
        let mut title = head.map(plain).unwrap_or_default();
        if let Some(rest) = title.strip_prefix(&format!("{number}. ")) {
            title = rest.to_string();
        }
        let mut doc = Document {
            id: format!("{vol}-{local}"),
            title: if title.is_empty() {
                format!("{vol} document {number}")
            } else {
                title.clone()
            },
            date: None,
            date_printed: None,
            other_dates: Vec::new(),
            kind: kind_from_title(&title),
            format: SourceFormat::Tei,
            author: None,
            recipient: None,
            place: None,
            citation: None,
            url: Some(format!(
                "https://history.state.gov/historicaldocuments/{vol}/{local}"
            ))
            .filter(|_| vol.starts_with("frus")),
            translator: None,
            summary: None,
            original_language: None,
            credits: None,
            collection_title: volume_title.clone(),
            collection_note: None,
            participants: Vec::new(),
            extra_fields: std::iter::once(("number".to_string(), number.clone()))
                .chain(publication.iter().cloned())
                .collect(),
            blocks: Vec::new(),
            footnotes: Vec::new(),
            furniture: Vec::new(),
            warnings: Vec::new(),
            source_file: file.to_string(),
            source_line: line,
            raw: text[div.range()].to_string(),
            name_tags: Vec::new(),
        };
        if let Some((_, w)) = deep.take_if(|(at, _)| div.range().contains(at)) {
            doc.warnings.push(w);
        }
        if let Some(h) = head {
            for who in h
                .descendants()
                .filter(|n| n.has_tag_name("persName") || n.has_tag_name("gloss"))
            {
                match attr(who, "type") {
                    Some("from") => doc.author = Some(plain(who)),
                    Some("to") => doc.recipient = Some(plain(who)),
                    _ => {}
                }
            }
            let mut source = Vec::new();
            for note in h.children().filter(|c| c.has_tag_name("note")) {
                source.push(plain(note));
            }
            let vol_ref = volume_title.clone().unwrap_or_else(|| vol.clone());
            let mut c = format!("{vol_ref}, Document {number}");
            if !source.is_empty() {
                c.push_str(". ");
                c.push_str(&source.join(" "));
            }
            doc.citation = Some(c);
        }
        let mut links: Vec<(String, String, usize)> = Vec::new();
        let mut n = 0usize;
        let mut participants_printed: Vec<String> = Vec::new();
        for c in div.children().filter(|c| c.is_element()) {
            let tag = c.tag_name().name();
            let raw = text[c.range()].to_string();
            let cline = line_of(text, c.range().start);
            match tag {
                "head" => {}
                "dateline" => {
                    if let Some(p) = c.descendants().find(|x| x.has_tag_name("placeName")) {
                        doc.place = Some(plain(p));
                    }
                    if let Some(d) = c.descendants().find(|x| x.has_tag_name("date")) {
                        doc.date = attr(d, "when").map(|w| w.chars().take(10).collect());
                        doc.date_printed = Some(plain(d));
                    }
                    n += 1;
                    let mut b = Builder::new(&vol);
                    b.walk(c);
                    finish_block(b, BlockKind::Paragraph, n, cline, raw, &mut doc, &mut links);
                }
                "list" => {
                    let kind = attr(c, "type").unwrap_or("");
                    let items: Vec<Node> =
                        c.children().filter(|x| x.has_tag_name("item")).collect();
                    if kind == "participants" {
                        for it in &items {
                            let printed = plain(*it);
                            let name = it
                                .descendants()
                                .find(|x| x.has_tag_name("persName"))
                                .map(plain)
                                .unwrap_or_else(|| {
                                    printed.split(',').next().unwrap_or("").trim().to_string()
                                });
                            participants_printed
                                .push(printed.split(',').next().unwrap_or("").trim().to_string());
                            doc.participants.push(Participant {
                                name,
                                ..Participant::default()
                            });
                        }
                    }
                    if kind == "subject" {
                        let s: Vec<String> = items.iter().map(|x| plain(*x)).collect();
                        doc.summary = Some(s.join("; "));
                    }
                    n += 1;
                    let mut b = Builder::new(&vol);
                    if let Some(h) = c.children().find(|x| x.has_tag_name("head")) {
                        b.add(crate::model::Segment::Emphasis(plain(h)));
                        b.add(crate::model::Segment::Text("\n".into()));
                    }
                    for (k, it) in items.iter().enumerate() {
                        if k > 0 {
                            b.add(crate::model::Segment::Text("\n".into()));
                        }
                        b.walk(*it);
                    }
                    finish_block(b, BlockKind::List, n, cline, raw, &mut doc, &mut links);
                }
                "table" => {
                    n += 1;
                    let mut b = Builder::new(&vol);
                    for (k, row) in c.children().filter(|x| x.has_tag_name("row")).enumerate() {
                        if k > 0 {
                            b.add(crate::model::Segment::Text("\n".into()));
                        }
                        for (j, cell) in row
                            .children()
                            .filter(|x| x.has_tag_name("cell"))
                            .enumerate()
                        {
                            if j > 0 {
                                b.add(crate::model::Segment::Text(" | ".into()));
                            }
                            b.walk(cell);
                        }
                    }
                    finish_block(b, BlockKind::List, n, cline, raw, &mut doc, &mut links);
                }
                "pb" => {
                    // A page break between paragraphs joins the next paragraph's markers.
                    if let Some(p) = attr(c, "n") {
                        n += 1;
                        let mut b = Builder::new(&vol);
                        b.add(crate::model::Segment::Page(p.to_string()));
                        finish_block(b, BlockKind::Heading, n, cline, raw, &mut doc, &mut links);
                    }
                }
                "closer" | "signed" | "postscript" | "opener" => {
                    n += 1;
                    let mut b = Builder::new(&vol);
                    b.walk(c);
                    finish_block(b, BlockKind::Paragraph, n, cline, raw, &mut doc, &mut links);
                }
                "frus:attachment" | "div" => {
                    for p in c
                        .descendants()
                        .filter(|x| x.has_tag_name("p") || x.has_tag_name("head"))
                    {
                        n += 1;
                        let mut b = Builder::new(&vol);
                        b.walk(p);
                        let kind = if p.has_tag_name("head") {
                            BlockKind::Heading
                        } else {
                            BlockKind::Paragraph
                        };
                        finish_block(
                            b,
                            kind,
                            n,
                            line_of(text, p.range().start),
                            text[p.range()].to_string(),
                            &mut doc,
                            &mut links,
                        );
                    }
                }
                _ => {
                    n += 1;
                    let mut b = Builder::new(&vol);
                    b.walk(c);
                    let kind = if attr(c, "rend") == Some("center") {
                        BlockKind::Heading
                    } else {
                        BlockKind::Paragraph
                    };
                    finish_block(b, kind, n, cline, raw, &mut doc, &mut links);
                }
            }
        }
        // Speakers in prose: a paragraph that opens with a participant speaking is a turn.
        let mut names = participants_printed.clone();
        names.extend(doc.participants.iter().map(|p| p.name.clone()));
        names.push("The Secretary".into());
        names.push("The President".into());
        if !doc.participants.is_empty() {
            for b in &mut doc.blocks {
                if b.kind != BlockKind::Paragraph {
                    continue;
                }
                let t = b.text(crate::model::Reading::Redline);
                if let Some(who) = prose_speaker(&t, &names) {
                    b.kind = BlockKind::Turn;
                    b.speaker = Some(Speaker {
                        id: None,
                        name: who.clone(),
                        label: who,
                    });
                }
            }
        }
        for (target, label, block) in links {
            let t = target.trim_start_matches('#');
            let resolved = if ids.contains(t) {
                Some(format!("{vol}-{t}"))
            } else if let Some((other_vol, d)) =
                target.split_once('#').filter(|(v, _)| !v.is_empty())
            {
                Some(format!(
                    "{}-{d}",
                    other_vol
                        .trim_end_matches(".xml")
                        .rsplit('/')
                        .next()
                        .unwrap_or(other_vol)
                ))
            } else {
                None
            };
            doc.extra_fields.push((
                "ref".into(),
                format!(
                    "{}\t{}\t{}",
                    block,
                    resolved.unwrap_or_else(|| target.clone()),
                    label
                ),
            ));
        }
        ed.documents.push(doc);
    }
    ed.warnings.extend(deep.map(|(_, w)| w));
    ed
}
