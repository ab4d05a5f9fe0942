//! Note lists: numbered notes after the body ("1. This conversation took place…").
//!
//! A note list is recognized by its position (after the text it annotates) and its shape (every
//! line `N. text`, numbered from 1 in order), and by matching at least one marker in the text
//! before it. Numbered items inside the text — `1)`, `(1)`, `(a)` — never qualify.

use super::Para;
use crate::model::Footnote;
use regex::Regex;
use std::sync::OnceLock;

/// Labels of the note markers (`<sup>2</sup>`, `<sup>56\*</sup>`) in text.
pub fn markers(text: &str) -> Vec<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)<sup>\s*([0-9]{1,3}(?:\\?\*)*)\s*</sup>").expect("valid regex")
    });
    re.captures_iter(text)
        .map(|c| c[1].replace('\\', ""))
        .collect()
}

/// A note line: `N. text` or `N* text`, as (label, text).
fn note_line(line: &str) -> Option<(String, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re =
        RE.get_or_init(|| Regex::new(r"^\s*([0-9]{1,3}\*?)\.\s+(\S.*)$").expect("valid regex"));
    re.captures(line)
        .map(|c| (c[1].to_string(), c[2].trim().to_string()))
}

/// The notes of a paragraph, if every line of it is a note line.
fn note_para(p: &Para) -> Option<Vec<(String, String, usize)>> {
    let mut out = Vec::new();
    for (i, line) in p.raw.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (label, text) = note_line(line)?;
        out.push((label, text, p.line + i));
    }
    (!out.is_empty()).then_some(out)
}

/// Where a note list starts and ends in `paras`, and its notes.
pub struct NoteList {
    /// Index of the first paragraph of the list.
    pub start: usize,
    /// Index after its last paragraph.
    pub end: usize,
    /// The notes.
    pub notes: Vec<Footnote>,
}

/// Find the note list of a body: the last run of note paragraphs, numbered from 1, with at
/// least one of its labels cited by a marker before it.
pub fn find(paras: &[Para]) -> Option<NoteList> {
    let mut best: Option<NoteList> = None;
    // The labels cited by markers in the paragraphs before `i`, gathered once as `i` moves.
    let mut before: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut seen = 0;
    let mut i = 0;
    while i < paras.len() {
        if note_para(&paras[i]).is_none() {
            i += 1;
            continue;
        }
        for p in &paras[seen..i] {
            before.extend(markers(&p.text));
        }
        seen = i;
        let start = i;
        let mut notes = Vec::new();
        while i < paras.len() {
            match note_para(&paras[i]) {
                Some(n) => notes.extend(n),
                None => break,
            }
            i += 1;
        }
        let numbered_in_order = notes.iter().enumerate().all(|(k, (label, _, _))| {
            label.trim_end_matches('*').parse::<usize>().ok() == Some(k + 1)
        });
        let cited = notes.iter().any(|(l, _, _)| before.contains(l));
        if numbered_in_order && cited && start > 0 {
            best = Some(NoteList {
                start,
                end: i,
                notes: notes
                    .into_iter()
                    .map(|(label, text, line)| Footnote {
                        label,
                        text,
                        cited_by: Vec::new(),
                        line,
                    })
                    .collect(),
            });
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(raw: &str, line: usize) -> Para {
        Para {
            text: raw.replace('\n', " "),
            line,
            raw: raw.into(),
        }
    }

    #[test]
    fn a_note_list_needs_a_marker_before_it() {
        let paras = vec![
            para("The envoy arrived<sup>1</sup> late.", 1),
            para("1. He came by sea.\n2. Weather delayed him.", 3),
        ];
        let nl = find(&paras).expect("note list");
        assert_eq!((nl.start, nl.end), (1, 2));
        assert_eq!(nl.notes.len(), 2);
        assert_eq!(nl.notes[1].label, "2");
        assert_eq!(nl.notes[1].line, 4);
        let unmarked = vec![para("No markers here.", 1), para("1. A numbered point.", 3)];
        assert!(find(&unmarked).is_none());
    }

    #[test]
    fn list_items_are_not_notes() {
        let paras = vec![
            para("Point<sup>1</sup>:", 1),
            para("1) first\n2) second", 2),
        ];
        assert!(find(&paras).is_none());
        assert_eq!(markers("a<sup>56\\*</sup> b<sup>3</sup>"), ["56*", "3"]);
    }
}
