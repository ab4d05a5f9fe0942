//! Anchoring a note to the text. A note remembers its document, its paragraph's number, a
//! fingerprint of that paragraph (a hash of its folded text, its first and last words, and the
//! folded text itself for approximate matching) and, for a passage, the quoted words with some
//! context before and after and their offset.
//!
//! When a corpus file is corrected, a note finds its place again: an unchanged paragraph at its
//! number is `ok`; the same paragraph under another number is `moved`; a paragraph that changed
//! is found again by approximate matching of the quote or of the paragraph (`moved`, with the
//! similarity); only a note whose passage is nowhere to be found is `orphaned`, and it is never
//! deleted.

use super::Note;
use crate::model::{Document, Reading};
use crate::text::fold;
use serde::{Deserialize, Serialize};

/// How many characters of context are kept on each side of a quote.
pub const CONTEXT: usize = 32;

/// How much of a paragraph's folded text a fingerprint keeps for approximate matching (bytes).
pub const KEEP_TEXT: usize = 4096;

/// The least similarity (percent) at which a changed passage is taken to be the quoted one.
pub const QUOTE_MIN: u8 = 80;

/// The least similarity (percent) at which a changed paragraph is taken to be the noted one.
pub const PARAGRAPH_MIN: u8 = 40;

/// What a note remembers of its paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Fingerprint {
    /// xxh3 of the folded text, 16 hex digits.
    pub hash: String,
    /// The first folded word.
    #[serde(default)]
    pub first: String,
    /// The last folded word.
    #[serde(default)]
    pub last: String,
    /// The folded text (at most [`KEEP_TEXT`] bytes), for approximate matching.
    #[serde(default)]
    pub text: String,
}

/// Where a note stands in the current text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// The passage (or whole paragraph) is where the note says.
    Exact {
        /// Block index.
        block: usize,
        /// Byte range of the passage in the block's text (whole block: `0..len`).
        start: usize,
        /// End of the range.
        end: usize,
    },
    /// The passage was found elsewhere in the document, or its paragraph changed.
    Moved {
        /// Block index now.
        block: usize,
        /// Byte range in that block's text.
        start: usize,
        /// End of the range.
        end: usize,
        /// How alike the passage (or paragraph) found is to the one noted, in percent (100:
        /// the same text).
        similarity: u8,
    },
    /// The passage (or the paragraph) is gone.
    Orphaned,
}

impl Anchor {
    /// The block index, unless orphaned.
    pub fn block(&self) -> Option<usize> {
        match self {
            Anchor::Exact { block, .. } | Anchor::Moved { block, .. } => Some(*block),
            Anchor::Orphaned => None,
        }
    }

    /// A word for listings: `ok`, `moved`, `orphaned`.
    pub fn status(&self) -> &'static str {
        match self {
            Anchor::Exact { .. } => "ok",
            Anchor::Moved { .. } => "moved",
            Anchor::Orphaned => "orphaned",
        }
    }

    /// The similarity of what was found, in percent (100 when exact, 0 when orphaned).
    pub fn similarity(&self) -> u8 {
        match self {
            Anchor::Exact { .. } => 100,
            Anchor::Moved { similarity, .. } => *similarity,
            Anchor::Orphaned => 0,
        }
    }
}

/// The text notes are anchored in: a block's text in the redline reading (what the reader
/// shows first, and what mention offsets refer to).
pub fn anchor_text(doc: &Document, block: usize) -> String {
    doc.blocks
        .get(block)
        .map(|b| b.text(Reading::Redline))
        .unwrap_or_default()
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
fn clip(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn hash_hex(folded: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(folded.as_bytes()))
}

/// The fingerprint of a paragraph's text.
pub fn fingerprint_text(text: &str) -> Fingerprint {
    let folded = fold(text);
    let mut words = folded.split(' ').filter(|w| !w.is_empty());
    let first = words.next().unwrap_or_default().to_string();
    let last = words.next_back().unwrap_or(&first).to_string();
    Fingerprint {
        hash: hash_hex(&folded),
        first,
        last,
        text: clip(&folded, KEEP_TEXT).to_string(),
    }
}

/// The fingerprint of a document's block (by index).
pub fn fingerprint(doc: &Document, block: usize) -> Fingerprint {
    fingerprint_text(&anchor_text(doc, block))
}

/// The context kept around a passage: up to [`CONTEXT`] characters before and after.
pub fn context(text: &str, start: usize, end: usize) -> (String, String) {
    let before: String = text[..start]
        .chars()
        .rev()
        .take(CONTEXT)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = text[end..].chars().take(CONTEXT).collect();
    (before, after)
}

/// How much of the remembered context surrounds an occurrence at `at` (characters).
fn common_context(text: &str, at: usize, len: usize, prefix: &str, suffix: &str) -> usize {
    let (before, after) = context(text, at, at + len);
    let back = before
        .chars()
        .rev()
        .zip(prefix.chars().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let front = after
        .chars()
        .zip(suffix.chars())
        .take_while(|(a, b)| a == b)
        .count();
    back + front
}

/// How well an occurrence at `at` matches the remembered context and offset (higher is better).
fn fit(
    text: &str,
    at: usize,
    len: usize,
    prefix: &str,
    suffix: &str,
    offset: Option<usize>,
) -> i64 {
    let common = common_context(text, at, len, prefix, suffix);
    let distance = offset.map(|o| (o as i64 - at as i64).abs()).unwrap_or(0);
    common as i64 * 1000 - distance.min(999)
}

/// The best occurrence of `quote` in `text`, by context and offset.
fn best_in(
    text: &str,
    quote: &str,
    prefix: &str,
    suffix: &str,
    offset: Option<usize>,
) -> Option<(usize, i64)> {
    text.match_indices(quote)
        .map(|(at, _)| (at, fit(text, at, quote.len(), prefix, suffix, offset)))
        .max_by_key(|&(_, score)| score)
}

/// How alike two folded texts are, in percent: one minus the word-level Levenshtein distance
/// (`strsim`) over the longer text's word count. Measured against `similar`'s word-diff ratio
/// in `benches/anchor.rs`: as sensitive to small edits, 18 times faster, and it scores
/// unrelated paragraphs near 0 where the diff ratio gives them about a third.
pub fn similarity(a: &str, b: &str) -> u8 {
    if a == b {
        return 100;
    }
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let wa: Vec<&str> = a.split(' ').collect();
    let wb: Vec<&str> = b.split(' ').collect();
    let d = strsim::generic_levenshtein(&wa, &wb);
    let n = wa.len().max(wb.len());
    ((1.0 - d as f64 / n as f64) * 100.0)
        .floor()
        .clamp(0.0, 100.0) as u8
}

/// The passage of `text` most like `quote` (both compared folded): (byte range in `text`,
/// similarity in percent). Candidate passages start and end at word boundaries and have about
/// as many words as the quote; only those sharing at least half of its words are compared.
pub fn fuzzy_find(text: &str, quote: &str) -> Option<(usize, usize, u8)> {
    let q = fold(quote);
    let q_words: Vec<&str> = q.split(' ').filter(|w| !w.is_empty()).collect();
    if q_words.is_empty() {
        return None;
    }
    let words: Vec<(usize, usize)> = word_spans(text);
    let folded: Vec<String> = words.iter().map(|&(a, b)| fold(&text[a..b])).collect();
    let wanted: std::collections::HashSet<&str> = q_words.iter().copied().collect();
    let n = q_words.len();
    let mut best: Option<(usize, usize, u8)> = None;
    for start in 0..folded.len() {
        for len in [n.saturating_sub(1).max(1), n, n + 1] {
            let end = start + len;
            if end > folded.len() {
                continue;
            }
            let shared = folded[start..end]
                .iter()
                .filter(|w| wanted.contains(w.as_str()))
                .count();
            if shared * 2 < n {
                continue;
            }
            let candidate = folded[start..end].join(" ");
            let sim = (strsim::normalized_levenshtein(&candidate, &q) * 100.0).floor() as u8;
            if best.is_none_or(|(_, _, s)| sim > s) {
                best = Some((words[start].0, words[end - 1].1, sim));
            }
        }
    }
    // Punctuation the quote does not have at its ends is not part of the passage.
    let trim =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_punctuation() || c == '”' || c == '’');
    best.map(|(mut a, mut b, sim)| {
        if !trim(quote.chars().next_back()) {
            while b > a && trim(text[..b].chars().next_back()) {
                b -= text[..b].chars().next_back().map_or(1, char::len_utf8);
            }
        }
        if !trim(quote.chars().next()) {
            while a < b && trim(text[a..].chars().next()) {
                a += text[a..].chars().next().map_or(1, char::len_utf8);
            }
        }
        (a, b, sim)
    })
}

/// Byte ranges of the whitespace-separated words of `text`.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Find a note's place in the current document: by its paragraph's fingerprint when it has one,
/// else (a note from before fingerprints) by paragraph number and quote.
pub fn locate_note(doc: &Document, note: &Note) -> Anchor {
    match &note.para {
        Some(fp) if !fp.hash.is_empty() => locate_fingerprinted(doc, note, fp),
        _ => locate(
            doc,
            note.block,
            note.quote.as_deref(),
            &note.prefix,
            &note.suffix,
            note.offset,
        ),
    }
}

fn locate_fingerprinted(doc: &Document, note: &Note, fp: &Fingerprint) -> Anchor {
    let quote = note.quote.as_deref().filter(|q| !q.is_empty());
    let texts: Vec<String> = (0..doc.blocks.len()).map(|b| anchor_text(doc, b)).collect();
    let folded: Vec<String> = texts.iter().map(|t| fold(t)).collect();
    let home = doc.blocks.iter().position(|b| b.n == note.block);
    let nearness = |b: usize| (doc.blocks[b].n as i64 - note.block as i64).unsigned_abs();
    // Where the quote is in an unchanged paragraph (the whole paragraph without one).
    let place = |b: usize| -> Option<(usize, usize)> {
        match quote {
            None => Some((0, texts[b].len())),
            Some(q) => best_in(&texts[b], q, &note.prefix, &note.suffix, note.offset)
                .map(|(at, _)| (at, at + q.len())),
        }
    };
    // 1. The paragraph is unchanged where it was.
    if let Some(b) = home.filter(|&b| hash_hex(&folded[b]) == fp.hash) {
        if let Some((start, end)) = place(b) {
            return Anchor::Exact {
                block: b,
                start,
                end,
            };
        }
    }
    // 2. The same paragraph under another number: the nearest copy.
    let same = (0..texts.len())
        .filter(|&b| Some(b) != home && hash_hex(&folded[b]) == fp.hash)
        .min_by_key(|&b| nearness(b));
    if let Some(b) = same {
        if let Some((start, end)) = place(b) {
            return Anchor::Moved {
                block: b,
                start,
                end,
                similarity: 100,
            };
        }
    }
    // 3. The paragraph changed: how alike each paragraph of the document is to the one noted.
    let alike: Vec<u8> = folded
        .iter()
        .map(|f| {
            let f = clip(f, KEEP_TEXT);
            // Much shorter or longer paragraphs cannot reach the bar: skip the diff.
            let (a, b) = (f.len().max(1), fp.text.len().max(1));
            if a * 5 < b || b * 5 < a {
                0
            } else {
                similarity(f, &fp.text)
            }
        })
        .collect();
    match quote {
        Some(q) => locate_quote(&texts, &alike, home, note, q, &nearness),
        None => {
            let best = (0..texts.len()).max_by_key(|&b| {
                let starts = folded[b].split(' ').next() == Some(fp.first.as_str());
                (alike[b], starts, std::cmp::Reverse(nearness(b)))
            });
            match best {
                Some(b) if alike[b] >= PARAGRAPH_MIN => Anchor::Moved {
                    block: b,
                    start: 0,
                    end: texts[b].len(),
                    similarity: alike[b],
                },
                _ => Anchor::Orphaned,
            }
        }
    }
}

/// A quoted note whose paragraph changed: the quote exactly (best context, then the paragraph
/// most like the one noted, then the nearest), else approximately.
fn locate_quote(
    texts: &[String],
    alike: &[u8],
    home: Option<usize>,
    note: &Note,
    q: &str,
    nearness: &dyn Fn(usize) -> u64,
) -> Anchor {
    // (context fit, paragraph likeness, nearness), block, offset.
    type Rank = (i64, u8, std::cmp::Reverse<u64>);
    let mut best: Option<(Rank, usize, usize)> = None;
    for (b, text) in texts.iter().enumerate() {
        let offset = if Some(b) == home { note.offset } else { None };
        if let Some((at, score)) = best_in(text, q, &note.prefix, &note.suffix, offset) {
            let key = (score, alike[b], std::cmp::Reverse(nearness(b)));
            if best.as_ref().is_none_or(|(k, _, _)| key > *k) {
                best = Some((key, b, at));
            }
        }
    }
    if let Some((_, b, at)) = best {
        // In its own paragraph with all of its context: the passage did not move.
        let whole = note.prefix.chars().count() + note.suffix.chars().count();
        if Some(b) == home
            && common_context(&texts[b], at, q.len(), &note.prefix, &note.suffix) == whole
        {
            return Anchor::Exact {
                block: b,
                start: at,
                end: at + q.len(),
            };
        }
        return Anchor::Moved {
            block: b,
            start: at,
            end: at + q.len(),
            similarity: 100,
        };
    }
    // Approximately: the home paragraph and the paragraphs most like the noted one first; a
    // passage elsewhere only when it is clearly better.
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by_key(|&b| {
        (
            std::cmp::Reverse(Some(b) == home),
            std::cmp::Reverse(alike[b]),
            nearness(b),
        )
    });
    let mut found: Option<(u8, usize, usize, usize)> = None;
    for b in order {
        if let Some((start, end, sim)) = fuzzy_find(&texts[b], q) {
            if found.is_none_or(|(s, ..)| sim > s) {
                found = Some((sim, b, start, end));
            }
        }
    }
    match found {
        Some((sim, block, start, end)) if sim >= QUOTE_MIN => Anchor::Moved {
            block,
            start,
            end,
            similarity: sim,
        },
        _ => Anchor::Orphaned,
    }
}

/// Find a note's place by paragraph number and quote alone (notes from before fingerprints).
pub fn locate(
    doc: &Document,
    n: usize,
    quote: Option<&str>,
    prefix: &str,
    suffix: &str,
    offset: Option<usize>,
) -> Anchor {
    let home = doc.blocks.iter().position(|b| b.n == n);
    let Some(quote) = quote.filter(|q| !q.is_empty()) else {
        return match home {
            Some(block) => Anchor::Exact {
                block,
                start: 0,
                end: anchor_text(doc, block).len(),
            },
            None => Anchor::Orphaned,
        };
    };
    if let Some(block) = home {
        let text = anchor_text(doc, block);
        if let Some((at, _)) = best_in(&text, quote, prefix, suffix, offset) {
            return Anchor::Exact {
                block,
                start: at,
                end: at + quote.len(),
            };
        }
    }
    // Elsewhere in the document: the best context wins, then the nearest paragraph.
    let mut best: Option<(i64, usize, usize)> = None;
    for block in 0..doc.blocks.len() {
        if Some(block) == home {
            continue;
        }
        let text = anchor_text(doc, block);
        if let Some((at, score)) = best_in(&text, quote, prefix, suffix, None) {
            let near = (doc.blocks[block].n as i64 - n as i64).abs();
            let s = score * 1000 - near.min(999);
            if best.is_none_or(|(b, _, _)| s > b) {
                best = Some((s, block, at));
            }
        }
    }
    match best {
        Some((_, block, at)) => Anchor::Moved {
            block,
            start: at,
            end: at + quote.len(),
            similarity: 100,
        },
        None => Anchor::Orphaned,
    }
}
