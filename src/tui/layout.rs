//! The reader's layout: a document set out as wrapped, styled lines for one width, reading and
//! mode. It is computed once per (document, width, reading, mode) and kept, so that moving
//! through a document never wraps it again; drawing takes the visible slice.

use super::cast::Cast;
use super::theme::Theme;
use super::wrap::{sanitize, wrap, Piece};
use crate::model::{Block, BlockKind, Document, Reading, Segment};
use ratatui::style::{Modifier, Style};
use unicode_width::UnicodeWidthStr;

/// Width of the paragraph-number margin.
pub const MARGIN: usize = 5;

/// Widest speaker gutter.
const MAX_GUTTER: usize = 16;

/// One line of the reader.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RLine {
    /// The paragraph number on the first line of a block, or the source line in raw mode.
    pub number: Option<usize>,
    /// The text after the margin, styled.
    pub spans: Vec<Piece>,
    /// Index of the block the line belongs to (`None` for the header).
    pub block: Option<usize>,
    /// The cast member speaking, for turns.
    pub speaker: Option<usize>,
}

/// How to lay a document out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Total width of the reader's inner area.
    pub width: usize,
    /// Which text of a draft.
    pub reading: Reading,
    /// The text exactly as the archive gave it.
    pub raw: bool,
    /// Each side of the table in its own column.
    pub lanes: bool,
}

/// A laid-out document.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Every line.
    pub lines: Vec<RLine>,
    /// For each block index: its first line and one past its last.
    pub blocks: Vec<(usize, usize)>,
    /// The options it was made with.
    pub options: Option<Options>,
}

impl Layout {
    /// The block index at a line (the nearest block at or before it, else the first).
    pub fn block_at(&self, line: usize) -> Option<usize> {
        let l = line.min(self.lines.len().saturating_sub(1));
        if let Some(b) = self.lines.get(l).and_then(|x| x.block) {
            return Some(b);
        }
        self.lines[l.min(self.lines.len())..]
            .iter()
            .find_map(|x| x.block)
            .or_else(|| self.lines[..l].iter().rev().find_map(|x| x.block))
    }
}

/// The styled pieces of a block's text in a reading.
pub fn block_pieces(b: &Block, reading: Reading, theme: &Theme, base: Style) -> Vec<Piece> {
    let keep_breaks = b.kind == BlockKind::List;
    let clean = |s: &str| {
        let s = sanitize(s);
        if keep_breaks {
            s
        } else {
            s.replace('\n', " ")
        }
    };
    let mut out: Vec<Piece> = Vec::new();
    for seg in &b.segments {
        if !seg.visible_in(reading) {
            continue;
        }
        let redline = reading == Reading::Redline;
        let piece = match seg {
            Segment::Text(s) => (clean(s), base),
            Segment::Emphasis(s) => (clean(s), base.add_modifier(Modifier::BOLD)),
            Segment::Gloss(s) => (format!("[{}]", clean(s)), theme.muted()),
            Segment::Sic(s) => (clean(s), theme.muted().add_modifier(Modifier::ITALIC)),
            Segment::Elision(s) => (clean(s), theme.muted()),
            Segment::Page(p) => (format!(" ‹p. {}› ", clean(p)), theme.muted()),
            Segment::Stage(s) => (
                format!("({})", clean(s)),
                base.add_modifier(Modifier::ITALIC),
            ),
            Segment::NoteRef(s) => (format!("[{}]", clean(s)), theme.note_ref()),
            Segment::Insert(s) if redline => (format!("{{+{}+}}", clean(s)), theme.insert()),
            Segment::Delete(s) if redline => (format!("{{-{}-}}", clean(s)), theme.delete()),
            Segment::Insert(s) | Segment::Delete(s) => (clean(s), base),
        };
        out.push(piece);
    }
    out
}

/// Pad pieces on the left with `n` spaces.
fn indent(n: usize, mut pieces: Vec<Piece>) -> Vec<Piece> {
    if n > 0 {
        pieces.insert(0, (" ".repeat(n), Style::default()));
    }
    pieces
}

/// A name cut or padded to exactly `w` columns.
fn fit(name: &str, w: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in name.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push_str(&" ".repeat(w - used));
    out
}

/// The header lines: title, then the record's particulars.
fn header(doc: &Document, theme: &Theme, width: usize) -> Vec<RLine> {
    let mut out: Vec<RLine> = Vec::new();
    let mut add = |pieces: Vec<Piece>| {
        for l in wrap(&pieces, width) {
            out.push(RLine {
                spans: l.pieces,
                ..RLine::default()
            });
        }
    };
    add(vec![(sanitize(&doc.title), theme.heading())]);
    let field = |label: &str, value: Option<&str>| -> Option<Vec<Piece>> {
        let v = value?.trim();
        (!v.is_empty()).then(|| {
            vec![
                (format!("{label}: "), theme.label()),
                (sanitize(v).replace('\n', " "), Style::default()),
            ]
        })
    };
    let participants: Vec<String> = doc.participants.iter().map(|p| p.name.clone()).collect();
    let date = match (&doc.date, &doc.date_printed) {
        (Some(d), Some(p)) if p != d => Some(format!("{d} ({p})")),
        (Some(d), _) => Some(d.clone()),
        _ => None,
    };
    let fields = [
        field("Date", date.as_deref()),
        field("Kind", Some(doc.kind.label())),
        field("Place", doc.place.as_deref()),
        field(
            "Participants",
            Some(&participants.join(", "))
                .filter(|s| !s.is_empty())
                .map(|s| s.as_str()),
        ),
        field("From", doc.author.as_deref()),
        field("To", doc.recipient.as_deref()),
        field("Source", doc.citation.as_deref()),
        field("Language", doc.original_language.as_deref()),
        field("Translator", doc.translator.as_deref()),
        field("Collection", doc.collection_title.as_deref()),
    ];
    for f in fields.into_iter().flatten() {
        add(f);
    }
    if let Some(note) = &doc.collection_note {
        add(vec![(sanitize(note).replace('\n', " "), theme.muted())]);
    }
    add(vec![("─".repeat(width.min(60)), theme.muted())]);
    out
}

/// Lay out a document.
pub fn layout(doc: &Document, cast: &Cast, theme: &Theme, o: Options) -> Layout {
    let width = o.width.max(MARGIN + 4);
    let mut lines = header(doc, theme, width.saturating_sub(MARGIN + 1).max(1));
    lines.push(RLine::default());
    let mut blocks = vec![(0, 0); doc.blocks.len()];
    if o.raw {
        raw_lines(doc, width, &mut lines, &mut blocks);
        return Layout {
            lines,
            blocks,
            options: Some(o),
        };
    }
    let dialogue = !cast.members.is_empty();
    let lanes = o.lanes && cast.sides.len() >= 2;
    let gutter = if dialogue && !lanes {
        cast.members
            .iter()
            .map(|m| m.name.width() + 2)
            .max()
            .unwrap_or(0)
            .min(MAX_GUTTER)
    } else {
        0
    };
    let text_width = width.saturating_sub(MARGIN + gutter + 1).max(4);
    let columns = cast.sides.len().clamp(1, 3);
    let lane_width = (text_width.saturating_sub((columns - 1) * 3) / columns).max(4);
    let mut prev_turn_of: Option<usize> = None;
    for (i, b) in doc.blocks.iter().enumerate() {
        let member = b
            .speaker
            .as_ref()
            .filter(|_| b.kind == BlockKind::Turn)
            .and_then(|s| cast.index_of(s.id.as_deref(), &s.name));
        // A blank line between blocks, except between a turn and its continuation.
        let joined = b.continues && member.is_some() && member == prev_turn_of;
        if i > 0 && !joined {
            lines.push(RLine::default());
        }
        prev_turn_of = member;
        let start = lines.len();
        let base = match b.kind {
            BlockKind::Narration => theme.narration(),
            BlockKind::Context => theme.context(),
            BlockKind::Heading => theme.heading(),
            _ => Style::default(),
        };
        let mut pieces = Vec::new();
        if let (Some(m), BlockKind::Turn) = (&b.manner, b.kind) {
            pieces.push((
                format!("({}) ", sanitize(m)),
                base.add_modifier(Modifier::ITALIC),
            ));
        }
        pieces.extend(block_pieces(b, o.reading, theme, base));
        let mut body: Vec<Vec<Piece>> = Vec::new();
        match (member, lanes) {
            (Some(m), true) => {
                let mem = &cast.members[m];
                let col = mem.side.min(columns - 1);
                let offset = col * (lane_width + 3);
                let (_, family) = cast.sides[mem.side];
                if !joined {
                    let mut name = mem.name.clone();
                    if b.inferred {
                        name.push('?');
                    }
                    body.push(indent(
                        offset,
                        vec![(name, name_style(theme, family, mem.rank, b.inferred))],
                    ));
                }
                for l in wrap(&pieces, lane_width) {
                    body.push(indent(offset, l.pieces));
                }
            }
            (Some(m), false) => {
                let mem = &cast.members[m];
                let (_, family) = cast.sides[mem.side];
                for (k, l) in wrap(&pieces, text_width).into_iter().enumerate() {
                    let g = if k == 0 && !joined {
                        let mut name = fit(&mem.name, gutter.saturating_sub(2));
                        if b.inferred {
                            name = fit(&format!("{}?", mem.name.trim()), gutter.saturating_sub(2));
                        }
                        vec![
                            (name, name_style(theme, family, mem.rank, b.inferred)),
                            ("  ".to_string(), Style::default()),
                        ]
                    } else {
                        vec![(" ".repeat(gutter), Style::default())]
                    };
                    let mut line = g;
                    line.extend(l.pieces);
                    body.push(line);
                }
            }
            _ => {
                let w = if lanes {
                    width.saturating_sub(MARGIN + 1)
                } else {
                    text_width
                };
                let (lead, w) = match b.kind {
                    BlockKind::Context => (
                        Some(("│ ".to_string(), theme.accent())),
                        w.saturating_sub(2).max(4),
                    ),
                    _ => (None, w),
                };
                for l in wrap(&pieces, w) {
                    let mut line = vec![(" ".repeat(gutter), Style::default())];
                    if let Some(lead) = &lead {
                        line.push(lead.clone());
                    }
                    line.extend(l.pieces);
                    body.push(line);
                }
                if let (BlockKind::Context, Some(a)) = (b.kind, &b.attribution) {
                    let attrib = vec![(format!("— {}", sanitize(a)), theme.muted())];
                    for l in wrap(&attrib, w) {
                        let mut line = vec![(" ".repeat(gutter), Style::default())];
                        line.push(("│ ".to_string(), theme.accent()));
                        line.extend(l.pieces);
                        body.push(line);
                    }
                }
            }
        }
        for (k, spans) in body.into_iter().enumerate() {
            lines.push(RLine {
                number: (k == 0).then_some(b.n),
                spans,
                block: Some(i),
                speaker: member,
            });
        }
        blocks[i] = (start, lines.len());
    }
    if !doc.footnotes.is_empty() {
        lines.push(RLine::default());
        lines.push(RLine {
            spans: vec![("Notes".to_string(), theme.heading())],
            ..RLine::default()
        });
        for n in &doc.footnotes {
            let pieces = vec![
                (format!("[{}] ", sanitize(&n.label)), theme.note_ref()),
                (sanitize(&n.text).replace('\n', " "), theme.muted()),
            ];
            for l in wrap(&pieces, width.saturating_sub(MARGIN + 1).max(4)) {
                lines.push(RLine {
                    spans: l.pieces,
                    ..RLine::default()
                });
            }
        }
    }
    Layout {
        lines,
        blocks,
        options: Some(o),
    }
}

fn name_style(theme: &Theme, family: usize, rank: usize, inferred: bool) -> Style {
    let s = theme.speaker(family, rank);
    if inferred {
        s.add_modifier(Modifier::ITALIC)
            .remove_modifier(Modifier::BOLD)
    } else {
        s
    }
}

/// For each source line, the block it belongs to: the last block (in document order) that
/// starts at or before it. Worked out once per layout, in O((lines + blocks) log blocks), rather
/// than by searching every block for every line.
pub struct LineMap {
    /// Block start lines, sorted, with the largest block index among those starting at or
    /// before each.
    starts: Vec<(usize, usize)>,
}

impl LineMap {
    /// The map of a document's blocks.
    pub fn new(doc: &Document) -> LineMap {
        LineMap::from_lines(doc.blocks.iter().map(|b| b.line))
    }

    /// The map of blocks starting at these lines, in document order.
    pub fn from_lines(lines: impl Iterator<Item = usize>) -> LineMap {
        let mut by_line: Vec<(usize, usize)> = lines.enumerate().map(|(i, l)| (l, i)).collect();
        by_line.sort_unstable();
        let mut best = 0;
        let starts = by_line
            .into_iter()
            .enumerate()
            .map(|(k, (line, i))| {
                best = if k == 0 { i } else { best.max(i) };
                (line, best)
            })
            .collect();
        LineMap { starts }
    }

    /// The block of a source line.
    pub fn block_of(&self, line: usize) -> Option<usize> {
        let n = self.starts.partition_point(|&(l, _)| l <= line);
        n.checked_sub(1).map(|k| self.starts[k].1)
    }
}

/// The document's source text, line by line, each line under its source line number.
fn raw_lines(doc: &Document, width: usize, lines: &mut Vec<RLine>, blocks: &mut [(usize, usize)]) {
    let map = LineMap::new(doc);
    let w = width.saturating_sub(MARGIN + 1).max(4);
    for (k, src) in doc.raw.lines().enumerate() {
        let line_no = doc.source_line + k;
        let block = map.block_of(line_no);
        let pieces = vec![(sanitize(src), Style::default())];
        for (j, l) in wrap(&pieces, w).into_iter().enumerate() {
            if let Some(b) = block {
                if blocks[b] == (0, 0) {
                    blocks[b].0 = lines.len();
                }
                blocks[b].1 = lines.len() + 1;
            }
            lines.push(RLine {
                number: (j == 0).then_some(line_no),
                spans: l.pieces,
                block,
                speaker: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_map_agrees_with_searching_every_block() {
        for lines in [vec![3, 5, 9, 20], vec![4, 2, 8, 8, 1], vec![], vec![7]] {
            let map = LineMap::from_lines(lines.iter().copied());
            for line in 0..25 {
                // The last block (by index) that starts at or before the line.
                let slow = lines.iter().rposition(|&l| l <= line);
                assert_eq!(map.block_of(line), slow, "{lines:?} line {line}");
            }
        }
    }
}
