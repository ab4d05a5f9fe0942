//! The editorial apparatus inside a block: note markers, `[sic]`, `(?)`, glosses, elisions,
//! emphasis, inline stage directions, and a hand-edited draft's insertions and deletions.
//!
//! The text is read as runs under the current markup state (italic, bold, inside a bracket);
//! markers toggle the state. What a bracket means is decided from its whole content and the
//! word before it. What italics and brackets mean in a draft comes from the convention the
//! document declares ("italicized passages inserted and bracketed passages deleted").

use crate::model::Segment;
use regex::Regex;
use std::sync::OnceLock;

/// What a document says its italics and brackets mean.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Convention {
    /// Italic passages were inserted by hand.
    pub italic_inserts: bool,
    /// Bracketed passages were deleted by hand.
    pub brackets_delete: bool,
}

impl Convention {
    /// Read the convention from the document's title and opening text.
    pub fn declared(text: &str) -> Convention {
        static IT: OnceLock<Regex> = OnceLock::new();
        static BR: OnceLock<Regex> = OnceLock::new();
        let it = IT.get_or_init(|| {
            Regex::new(r"(?i)\bitalic\w*\W+(?:\w+\W+){0,3}?(?:were\s+|are\s+)?(?:insert\w*|added)|(?:insert\w*|additions?)\W+(?:\w+\W+){0,3}?(?:in\s+)?italic")
                .expect("valid regex")
        });
        let br = BR.get_or_init(|| {
            Regex::new(r"(?i)\bbracket\w*\W+(?:\w+\W+){0,3}?(?:were\s+|are\s+)?(?:delet\w*|struck|crossed)|(?:delet\w*|struck)\W+(?:\w+\W+){0,3}?(?:in\s+)?bracket")
                .expect("valid regex")
        });
        Convention {
            italic_inserts: it.is_match(text),
            brackets_delete: br.is_match(text),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    Text(&'a str),
    Star,
    DoubleStar,
    ItalicOn,
    ItalicOff,
    Open,
    Close,
    Note(&'a str),
}

/// Whether `s` starts with ASCII `pat`, ignoring case (safe on any UTF-8).
fn starts_ci(s: &str, pat: &str) -> bool {
    s.as_bytes()
        .get(..pat.len())
        .is_some_and(|b| b.eq_ignore_ascii_case(pat.as_bytes()))
}

/// Split text into tokens: markup markers and text between them.
fn tokenize<'a>(s: &'a str) -> Vec<Tok<'a>> {
    let mut toks = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    let mut start = 0;
    let flush = |toks: &mut Vec<Tok<'a>>, from: usize, to: usize| {
        if to > from {
            toks.push(Tok::Text(&s[from..to]));
        }
    };
    while i < b.len() {
        let rest = &s[i..];
        let (tok, len) = if rest.starts_with("\\*") {
            // An escaped asterisk is text; emit it without the backslash.
            flush(&mut toks, start, i);
            toks.push(Tok::Text("*"));
            i += 2;
            start = i;
            continue;
        } else if rest.starts_with("**") {
            (Some(Tok::DoubleStar), 2)
        } else if rest.starts_with('*') {
            (Some(Tok::Star), 1)
        } else if starts_ci(rest, "<i>") {
            (Some(Tok::ItalicOn), 3)
        } else if starts_ci(rest, "</i>") {
            (Some(Tok::ItalicOff), 4)
        } else if starts_ci(rest, "<sup>") {
            match rest.find("</sup>") {
                Some(end) if end <= 20 => (Some(Tok::Note(&rest[5..end])), end + 6),
                _ => (None, 1),
            }
        } else if rest.starts_with('[') {
            (Some(Tok::Open), 1)
        } else if rest.starts_with(']') {
            (Some(Tok::Close), 1)
        } else {
            (None, rest.chars().next().map_or(1, char::len_utf8))
        };
        if let Some(t) = tok {
            flush(&mut toks, start, i);
            toks.push(t);
            i += len;
            start = i;
        } else {
            i += len;
        }
    }
    flush(&mut toks, start, b.len());
    toks
}

/// Mark unpaired markers as literal text, with a warning for each.
fn balance<'a>(toks: &mut [Tok<'a>], warnings: &mut Vec<String>) {
    for (kind, lit) in [(Tok::Star, "*"), (Tok::DoubleStar, "**")] {
        let idx: Vec<usize> = toks
            .iter()
            .enumerate()
            .filter(|(_, t)| **t == kind)
            .map(|(i, _)| i)
            .collect();
        if idx.len() % 2 == 1 {
            if let Some(&last) = idx.last() {
                toks[last] = Tok::Text(lit);
                warnings.push(format!("unpaired '{lit}' kept as text"));
            }
        }
    }
    let mut depth = 0usize;
    let mut opens: Vec<usize> = Vec::new();
    for (i, tok) in toks.iter_mut().enumerate() {
        match *tok {
            Tok::Open => {
                depth += 1;
                opens.push(i);
            }
            Tok::Close if depth == 0 => {
                *tok = Tok::Text("]");
                warnings.push("unmatched ']' kept as text".into());
            }
            Tok::Close => {
                depth -= 1;
                opens.pop();
            }
            _ => {}
        }
    }
    for i in opens {
        toks[i] = Tok::Text("[");
        warnings.push("unmatched '[' kept as text".into());
    }
}

/// A run of text under one markup state.
#[derive(Debug)]
struct Run {
    text: String,
    italic: bool,
    bold: bool,
    bracket: Option<usize>,
    note: bool,
}

/// How a bracket reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BracketKind {
    Sic,
    Elision,
    Gloss,
    Delete,
}

fn is_name_word(w: &str) -> bool {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Whether bracket content is a gloss by its form: a translator's or editor's note, an
/// expansion such as "i.e.", or a name variant right after a name.
fn gloss_by_form(content: &str, before: &str) -> bool {
    let c = content.trim();
    let lower = c.to_lowercase();
    if lower.ends_with("trans.")
        || lower.ends_with("transl.")
        || lower.ends_with("-ed.")
        || lower.ends_with(" ed.")
        || lower.starts_with("i.e.")
        || lower.starts_with("e.g.")
        || lower.starts_with("translator")
        || lower.starts_with("editor")
    {
        return true;
    }
    let prev_word = before
        .trim_end()
        .rsplit(|ch: char| ch.is_whitespace())
        .next()
        .unwrap_or("");
    let words: Vec<&str> = c.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 4
        && words.iter().all(|w| is_name_word(w))
        && is_name_word(prev_word)
        && !prev_word.ends_with(['.', ':', ';', '!', '?'])
}

fn classify_bracket(content: &str, before: &str, conv: Convention) -> BracketKind {
    let c = content.trim();
    let lower = c.to_lowercase();
    if lower == "sic" || lower == "sic!" || lower == "?" {
        return BracketKind::Sic;
    }
    if c.chars()
        .all(|ch| ch == '.' || ch == '\u{2026}' || ch == ' ')
        && !c.is_empty()
    {
        return BracketKind::Elision;
    }
    if lower.contains("not declassified") || lower.contains("illegible") {
        return BracketKind::Elision;
    }
    if !conv.brackets_delete || gloss_by_form(c, before) {
        return BracketKind::Gloss;
    }
    // A bare correction such as the 7 in "8[7]" is an editor's reading, not a deletion.
    if c.chars().all(|ch| ch.is_ascii_digit()) && before.ends_with(|ch: char| ch.is_ascii_digit()) {
        return BracketKind::Gloss;
    }
    BracketKind::Delete
}

/// Words that open an inline stage direction ("(He laughs)", "(shows map)").
const STAGE_VERBS: &[&str] = &[
    "laughs",
    "laughing",
    "laughter",
    "smiles",
    "smiling",
    "shows",
    "showing",
    "reads",
    "reading",
    "points",
    "pointing",
    "nods",
    "pauses",
    "interrupts",
    "interrupting",
    "gestures",
    "hands",
    "stands",
    "rises",
    "sits",
    "leaves",
    "enters",
    "writes",
    "looks",
    "shakes",
    "applause",
    "shouts",
    "whispers",
    "sighs",
    "aside",
    "noise",
    "silence",
    "exits",
    "produces",
    "indicates",
];

/// Whether parenthesized content is a stage direction.
pub fn is_stage_direction(content: &str) -> bool {
    let words: Vec<String> = content
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    if words.is_empty() || words.len() > 8 || content.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let first = words[0].as_str();
    let verb_at = if matches!(first, "he" | "she" | "they" | "both" | "all") {
        1
    } else {
        0
    };
    words
        .get(verb_at)
        .is_some_and(|w| STAGE_VERBS.contains(&w.as_str()))
}

/// Split plain text into text, stage and `(?)` segments.
fn plain_segments(text: &str, out: &mut Vec<Segment>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"\(([^()]{1,80})\)").expect("valid regex"));
    let mut last = 0;
    for c in re.captures_iter(text) {
        let (Some(m), Some(inner)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let inner_s = inner.as_str();
        let seg = if inner_s.trim() == "?" {
            Some(Segment::Sic(m.as_str().to_string()))
        } else if is_stage_direction(inner_s) {
            Some(Segment::Stage(inner_s.trim().to_string()))
        } else {
            None
        };
        if let Some(seg) = seg {
            push_text(out, &text[last..m.start()]);
            out.push(seg);
            last = m.end();
        }
    }
    push_text(out, &text[last..]);
}

fn push_text(out: &mut Vec<Segment>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Segment::Text(prev)) = out.last_mut() {
        prev.push_str(s);
    } else {
        out.push(Segment::Text(s.to_string()));
    }
}

fn push_merge(out: &mut Vec<Segment>, seg: Segment) {
    match (out.last_mut(), &seg) {
        (Some(Segment::Insert(a)), Segment::Insert(b))
        | (Some(Segment::Delete(a)), Segment::Delete(b))
        | (Some(Segment::Emphasis(a)), Segment::Emphasis(b)) => a.push_str(b),
        _ => out.push(seg),
    }
}

/// Read a block's text into typed segments. Problems found (unpaired markers, ambiguous
/// brackets, crossing markup) are pushed to `warnings` as messages.
pub fn segments(text: &str, conv: Convention, warnings: &mut Vec<String>) -> Vec<Segment> {
    let mut toks = tokenize(text);
    balance(&mut toks, warnings);

    let mut runs: Vec<Run> = Vec::new();
    let (mut italic, mut bold) = (false, false);
    let mut depth = 0usize;
    let mut bracket_no = 0usize;
    let mut current_bracket: Option<usize> = None;
    for t in &toks {
        match *t {
            Tok::Text(s) => runs.push(Run {
                text: s.to_string(),
                italic,
                bold,
                bracket: current_bracket,
                note: false,
            }),
            Tok::Note(n) => runs.push(Run {
                text: n.replace('\\', ""),
                italic,
                bold,
                bracket: None,
                note: true,
            }),
            Tok::Star => italic = !italic,
            Tok::DoubleStar => bold = !bold,
            Tok::ItalicOn => {
                if italic {
                    warnings.push("malformed markup: '<i>' inside italics ignored".into());
                }
                italic = true;
            }
            Tok::ItalicOff => italic = false,
            Tok::Open => {
                if depth == 0 {
                    current_bracket = Some(bracket_no);
                    bracket_no += 1;
                } else if let Some(r) = runs.last_mut().filter(|r| r.bracket == current_bracket) {
                    r.text.push('[');
                } else {
                    runs.push(Run {
                        text: "[".into(),
                        italic,
                        bold,
                        bracket: current_bracket,
                        note: false,
                    });
                }
                depth += 1;
            }
            Tok::Close => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    current_bracket = None;
                } else {
                    runs.push(Run {
                        text: "]".into(),
                        italic,
                        bold,
                        bracket: current_bracket,
                        note: false,
                    });
                }
            }
        }
    }
    if italic || bold {
        warnings.push("markup left open at the end of the paragraph".into());
    }

    let mut out: Vec<Segment> = Vec::new();
    let mut i = 0;
    while i < runs.len() {
        let run = &runs[i];
        if run.note {
            out.push(Segment::NoteRef(run.text.clone()));
            i += 1;
            continue;
        }
        if let Some(b) = run.bracket {
            // Gather the whole bracket.
            let mut j = i;
            let mut content = String::new();
            let mut any_italic = false;
            let mut all_italic = true;
            while j < runs.len() && runs[j].bracket == Some(b) {
                content.push_str(&runs[j].text);
                any_italic |= runs[j].italic;
                all_italic &= runs[j].italic;
                j += 1;
            }
            let before: String = out
                .last()
                .map(|s| s.content().to_string())
                .unwrap_or_default();
            let kind = classify_bracket(&content, &before, conv);
            if conv.italic_inserts && all_italic && any_italic {
                // A bracket inside an inserted passage: kept with the insertion.
                if kind == BracketKind::Delete {
                    warnings.push(format!(
                        "bracket inside an inserted passage could be a gloss or a deletion: [{}]",
                        short(&content)
                    ));
                }
                push_merge(&mut out, Segment::Insert(format!("[{content}]")));
            } else {
                if any_italic && !all_italic {
                    warnings.push(format!(
                        "markup crosses a bracket; read by the bracket: [{}]",
                        short(&content)
                    ));
                }
                let seg = match kind {
                    BracketKind::Sic => Segment::Sic(format!("[{content}]")),
                    BracketKind::Elision => Segment::Elision(format!("[{content}]")),
                    BracketKind::Gloss => Segment::Gloss(content),
                    BracketKind::Delete => Segment::Delete(content),
                };
                push_merge(&mut out, seg);
            }
            i = j;
            continue;
        }
        if run.italic && conv.italic_inserts {
            push_merge(&mut out, Segment::Insert(run.text.clone()));
        } else if run.italic || run.bold {
            push_merge(&mut out, Segment::Emphasis(run.text.clone()));
        } else {
            plain_segments(&run.text, &mut out);
        }
        i += 1;
    }
    out
}

fn short(s: &str) -> String {
    let mut t: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        t.push('…');
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(s: &str, conv: Convention) -> (Vec<Segment>, Vec<String>) {
        let mut w = Vec::new();
        let v = segments(s, conv, &mut w);
        (v, w)
    }

    #[test]
    fn conventions_are_read_from_the_document() {
        let c = Convention::declared("Letter (additions in italics; passages struck in brackets)");
        assert!(c.italic_inserts && c.brackets_delete);
        let c = Convention::declared("Memo (italicized words were inserted by the author)");
        assert!(c.italic_inserts && !c.brackets_delete);
        assert_eq!(
            Convention::declared("An ordinary memo"),
            Convention::default()
        );
    }

    #[test]
    fn glosses_sic_and_notes_in_ordinary_text() {
        let (s, w) = segs(
            "Dalny [Dairen] was free [sic] and open<sup>3</sup> (?)",
            Convention::default(),
        );
        assert!(w.is_empty());
        assert_eq!(
            s,
            [
                Segment::Text("Dalny ".into()),
                Segment::Gloss("Dairen".into()),
                Segment::Text(" was free ".into()),
                Segment::Sic("[sic]".into()),
                Segment::Text(" and open".into()),
                Segment::NoteRef("3".into()),
                Segment::Text(" ".into()),
                Segment::Sic("(?)".into()),
            ]
        );
    }

    #[test]
    fn stage_directions_and_ordinary_parentheses() {
        let (s, _) = segs(
            "Agreed. (She smiles) For (20 - 30 years) only.",
            Convention::default(),
        );
        assert!(s.contains(&Segment::Stage("She smiles".into())));
        assert!(s
            .iter()
            .all(|x| !matches!(x, Segment::Stage(t) if t.contains("years"))));
    }

    #[test]
    fn draft_insertions_deletions_and_glosses_by_form() {
        let conv = Convention {
            italic_inserts: true,
            brackets_delete: true,
        };
        let (s, w) = segs(
            "We [will not] *shall* go to Tito [Broz] at the glacis [plats-d-arme-trans.].",
            conv,
        );
        assert!(w.is_empty(), "{w:?}");
        assert!(s.contains(&Segment::Delete("will not".into())));
        assert!(s.contains(&Segment::Insert("shall".into())));
        assert!(s.contains(&Segment::Gloss("Broz".into())));
        assert!(s.contains(&Segment::Gloss("plats-d-arme-trans.".into())));
    }

    #[test]
    fn malformed_markup_is_repaired_and_warned() {
        let conv = Convention {
            italic_inserts: true,
            brackets_delete: true,
        };
        let (s, w) = segs("*added [gone <i>odd* words] and* rest *stray", conv);
        assert!(!w.is_empty());
        let all: String = s.iter().map(|x| x.content()).collect();
        for word in ["added", "gone", "odd", "words", "and", "rest", "stray"] {
            assert!(all.contains(word), "{word} lost: {s:?}");
        }
        let (_, w) = segs("unbalanced ] and [ here", Convention::default());
        assert_eq!(w.len(), 2);
    }

    #[test]
    fn escaped_asterisks_are_text_and_bold_is_emphasis() {
        let (s, _) = segs("leaders\\* and **accused** him", Convention::default());
        assert_eq!(
            s,
            [
                Segment::Text("leaders* and ".into()),
                Segment::Emphasis("accused".into()),
                Segment::Text(" him".into()),
            ]
        );
    }
}
