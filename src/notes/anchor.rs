//! Anchoring a note to the text: by document, paragraph number, the quoted passage with some
//! context before and after, and its offset. When a corpus file is corrected, a note finds its
//! passage again (in its paragraph, or in another one of the same document); a note whose
//! passage is gone is orphaned, never deleted.

use crate::model::{Document, Reading};

/// How many characters of context are kept on each side of a quote.
pub const CONTEXT: usize = 32;

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
    /// The passage was found elsewhere in the document (the file was corrected).
    Moved {
        /// Block index now.
        block: usize,
        /// Byte range in that block's text.
        start: usize,
        /// End of the range.
        end: usize,
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
}

/// The text notes are anchored in: a block's text in the redline reading (what the reader
/// shows first, and what mention offsets refer to).
pub fn anchor_text(doc: &Document, block: usize) -> String {
    doc.blocks
        .get(block)
        .map(|b| b.text(Reading::Redline))
        .unwrap_or_default()
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

/// How well an occurrence at `at` matches the remembered context and offset (higher is better).
fn fit(
    text: &str,
    at: usize,
    len: usize,
    prefix: &str,
    suffix: &str,
    offset: Option<usize>,
) -> i64 {
    let (before, after) = context(text, at, at + len);
    let common_back = before
        .chars()
        .rev()
        .zip(prefix.chars().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let common_front = after
        .chars()
        .zip(suffix.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let distance = offset.map(|o| (o as i64 - at as i64).abs()).unwrap_or(0);
    (common_back + common_front) as i64 * 1000 - distance.min(999)
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

/// Find a note's place in the current document.
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
        },
        None => Anchor::Orphaned,
    }
}
