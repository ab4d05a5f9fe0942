//! Exporting annotations: Markdown grouped by document, each document with its citation and
//! each note with its passage and paragraph number; JSON that imports back without loss.

use super::anchor::{locate_note, Anchor};
use super::{Note, NoteKind};
use crate::cite::{cite, Style};
use crate::corpus::Corpus;
use crate::text::{one_line, strip_controls};
use std::collections::BTreeMap;

/// Where a note stands in the loaded corpus.
pub fn status(corpus: &Corpus, n: &Note) -> Anchor {
    match corpus.index_of(&n.doc) {
        Some(i) => locate_note(&corpus.docs[i], n),
        None => Anchor::Orphaned,
    }
}

/// Whether a note was made on another record than the one that holds its document id now
/// (the id's holder changed identity after the note was made).
pub fn flagged(corpus: &Corpus, n: &Note) -> bool {
    corpus
        .reassigned
        .get(&n.doc)
        .is_some_and(|&since| n.created < since)
}

/// The paragraph number a note is at now (its own if orphaned).
pub fn current_n(corpus: &Corpus, n: &Note) -> usize {
    match (status(corpus, n).block(), corpus.index_of(&n.doc)) {
        (Some(b), Some(d)) => corpus.docs[d].blocks[b].n,
        _ => n.block,
    }
}

/// Notes as Markdown, grouped by document in corpus order (notes on documents no longer in
/// the corpus last).
pub fn markdown(corpus: &Corpus, notes: &[Note]) -> String {
    let mut groups: BTreeMap<(usize, String), Vec<&Note>> = BTreeMap::new();
    for n in notes {
        let order = corpus.index_of(&n.doc).unwrap_or(usize::MAX);
        groups.entry((order, n.doc.clone())).or_default().push(n);
    }
    let mut out = String::from("# Notes\n");
    for ((order, doc_id), mut ns) in groups {
        ns.sort_by_key(|n| (current_n(corpus, n), n.created));
        out.push('\n');
        match corpus.docs.get(order) {
            Some(d) => {
                out.push_str(&format!("## {}\n\n", one_line(&d.title)));
                out.push_str(&format!("{}\n", one_line(&cite(d, None, Style::Chicago))));
            }
            None => out.push_str(&format!(
                "## {} (not in the corpus now)\n",
                one_line(&doc_id)
            )),
        }
        for n in ns {
            let at = current_n(corpus, n);
            let st = status(corpus, n);
            let mut head = format!("\n- ¶ {at}");
            match n.kind {
                NoteKind::Bookmark => head.push_str(" (bookmark)"),
                NoteKind::Highlight => head.push_str(" (highlight)"),
                NoteKind::Note => {}
            }
            if flagged(corpus, n) {
                head.push_str(
                    " — flagged: made on another record that held this id before; check it",
                );
            } else if st == Anchor::Orphaned {
                head.push_str(" — orphaned: the passage is no longer in the text");
            }
            out.push_str(&head);
            out.push('\n');
            if let Some(q) = &n.quote {
                out.push_str(&format!("  > {}\n", one_line(q)));
            }
            if !n.text.is_empty() {
                for line in strip_controls(&n.text).lines() {
                    out.push_str(&format!("  {line}\n"));
                }
            }
            if !n.tags.is_empty() {
                let tags: Vec<String> =
                    n.tags.iter().map(|t| format!("#{}", one_line(t))).collect();
                out.push_str(&format!("  {}\n", tags.join(" ")));
            }
        }
    }
    out
}
