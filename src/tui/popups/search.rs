//! Corpus-wide search: words, "a phrase", prefix*, hits best first; Enter opens the paragraph.

use super::super::cx::{centered, inner, truncate, Cx};
use super::super::widgets::list::{draw_rows, ListState};
use super::super::widgets::text_field::TextField;
use super::super::wrap::sanitize;
use crate::search::index::Hit;
use crate::text::one_line;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// One hit, with what its row shows worked out when the hits came.
#[derive(Debug, Clone)]
pub struct Row {
    /// The hit.
    pub hit: Hit,
    /// The document's index in the corpus.
    pub doc: Option<usize>,
    /// The date (or "undated").
    pub date: String,
    /// The title, on one line.
    pub title: String,
    /// The speaker's name, if a turn.
    pub speaker: Option<String>,
    /// The snippet in pieces: (text, whether it is a hit).
    pub snippet: Vec<(String, bool)>,
}

/// A snippet cut at its highlights into plain and hit pieces.
pub fn pieces(snippet: &str, highlights: &[[usize; 2]]) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    for &[a, b] in highlights {
        let (Some(pre), Some(hit)) = (snippet.get(at..a), snippet.get(a..b)) else {
            continue;
        };
        if !pre.is_empty() {
            out.push((sanitize(pre).replace('\n', " "), false));
        }
        out.push((sanitize(hit).replace('\n', " "), true));
        at = b;
    }
    if let Some(rest) = snippet.get(at..).filter(|r| !r.is_empty()) {
        out.push((sanitize(rest).replace('\n', " "), false));
    }
    out
}

/// The hits of the last corpus search that was opened, which `n` and `N` then follow from
/// document to document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CorpusHits {
    /// The query as typed.
    pub query: String,
    /// The words and phrases to mark in the reader (lower case).
    pub needles: Vec<String>,
    /// Each hit: document index and block index.
    pub places: Vec<(usize, usize)>,
    /// The hit last opened.
    pub at: usize,
}

/// What of a query's text the reader marks: each word, prefix and phrase, lower case.
pub fn needles(query: &str) -> Vec<String> {
    let text = crate::search::index::Query::from_text(query)
        .map(|q| q.text)
        .unwrap_or_default();
    let mut out: Vec<String> = Vec::new();
    let mut rest = text.as_str();
    while !rest.is_empty() {
        rest = rest.trim_start();
        let (piece, tail) = if let Some(after) = rest.strip_prefix('"') {
            match after.find('"') {
                Some(e) => (&after[..e], &after[e + 1..]),
                None => (after, ""),
            }
        } else {
            let e = rest.find(char::is_whitespace).unwrap_or(rest.len());
            (&rest[..e], &rest[e..])
        };
        let n = piece.trim().trim_end_matches('*').to_lowercase();
        if !n.is_empty() && !out.contains(&n) {
            out.push(n);
        }
        rest = tail;
    }
    out
}

/// The most hits asked of the index.
pub const LIMIT: usize = 100;

/// The corpus search popup.
#[derive(Debug, Clone, Default)]
pub struct CorpusSearch {
    /// The query.
    pub field: TextField,
    /// Hits, best first.
    pub rows: Vec<Row>,
    /// The selection.
    pub list: ListState,
    /// An error from the index, or how far indexing is.
    pub error: Option<String>,
}

/// Where it stands.
pub fn rect(main: Rect) -> Rect {
    centered(
        main,
        (main.width * 9 / 10).max(30),
        (main.height * 4 / 5).max(8),
    )
}

impl CorpusSearch {
    /// The rows' area.
    pub fn rows_area(main: Rect) -> Rect {
        let i = inner(rect(main));
        Rect {
            y: i.y + 2.min(i.height),
            height: i.height.saturating_sub(2),
            ..i
        }
    }

    /// Take new hits: the text of each row is made here, once.
    pub fn set_hits(&mut self, cx: &Cx, hits: Vec<Hit>) {
        self.rows = hits
            .into_iter()
            .map(|h| {
                let doc = cx.corpus.index_of(&h.document);
                let date = one_line(h.date.as_deref().unwrap_or("undated"));
                let title = one_line(&h.title);
                let speaker = h
                    .speaker
                    .as_deref()
                    .and_then(|s| cx.corpus.gazetteer.get(s))
                    .map(|e| e.name.clone())
                    .or_else(|| h.speaker_name.clone())
                    .map(|n| one_line(&n));
                let snippet = pieces(&h.snippet, &h.highlights);
                Row {
                    hit: h,
                    doc,
                    date,
                    title,
                    speaker,
                    snippet,
                }
            })
            .collect();
        self.list = ListState::default();
    }

    /// Keep the selection in view.
    pub fn prepare(&mut self, main: Rect) {
        self.list
            .reveal(Self::rows_area(main).height as usize, self.rows.len());
    }

    /// Draw it.
    pub fn draw(&self, cx: &Cx, f: &mut Frame, main: Rect) {
        let r = rect(main);
        f.render_widget(Clear, r);
        let block = cx.popup(
            "Search the corpus: words, \"a phrase\", prefix*, speaker: kind: from: to: entity:",
        );
        let i = block.inner(r);
        f.render_widget(block, r);
        let w = i.width as usize;
        let head = vec![
            Line::from(vec![
                Span::styled("> ", cx.theme.accent()),
                Span::raw(sanitize(&self.field.with_cursor("▏"))),
            ]),
            Line::from(Span::styled(
                match &self.error {
                    Some(e) => truncate(&sanitize(e), w),
                    None if self.rows.len() >= LIMIT => {
                        format!("the best {LIMIT} hits (more match: narrow the query)")
                    }
                    None => format!("{} hits", self.rows.len()),
                },
                cx.theme.muted(),
            )),
        ];
        f.render_widget(
            Paragraph::new(head),
            Rect {
                height: i.height.min(2),
                ..i
            },
        );
        let hit = cx.theme.hit();
        draw_rows(
            f,
            Self::rows_area(main),
            &self.list,
            self.rows.len(),
            |k, sel| {
                let row = &self.rows[k];
                let base = if sel {
                    cx.theme.selected()
                } else {
                    Style::default()
                };
                let tw = (w / 5).clamp(12, 48);
                let head = format!(
                    "{:<10}  {:<tw$}  ¶{:<4}",
                    row.date,
                    truncate(&row.title, tw),
                    row.hit.block
                );
                let mut used = head.width();
                let mut spans = vec![Span::styled(head, base)];
                if let Some(sp) = &row.speaker {
                    let sp = format!("{}: ", truncate(sp, 24));
                    used += sp.width();
                    spans.push(Span::styled(sp, base.add_modifier(Modifier::BOLD)));
                }
                for (t, is_hit) in lead_in(&row.snippet, w.saturating_sub(used)) {
                    spans.push(Span::styled(t, if is_hit { base.patch(hit) } else { base }));
                }
                Line::from(fit_spans(spans, w))
            },
        );
    }
}

/// The snippet's pieces with the context before the first hit shortened, so that the hit
/// falls within the first third of `room` columns.
pub fn lead_in(pieces: &[(String, bool)], room: usize) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = pieces.to_vec();
    let (Some((first, false)), Some(_)) = (out.first().cloned(), out.get(1)) else {
        return out;
    };
    let keep = room / 3;
    if first.width() <= keep {
        return out;
    }
    // Keep the last `keep` columns of the lead-in, from a word's start.
    let chars: Vec<char> = first.chars().collect();
    let mut used = 0;
    let mut start = chars.len();
    while start > 0 {
        let cw = unicode_width::UnicodeWidthChar::width(chars[start - 1]).unwrap_or(0);
        if used + cw + 1 > keep {
            break;
        }
        used += cw;
        start -= 1;
    }
    while start < chars.len() && !chars[start].is_whitespace() && start > 0 {
        start += 1;
    }
    let tail: String = chars[start..].iter().collect();
    out[0] = (format!("…{}", tail.trim_start()), false);
    out
}

/// Spans cut to a display width, with an ellipsis where cut.
pub fn fit_spans(spans: Vec<Span<'static>>, w: usize) -> Vec<Span<'static>> {
    let mut out = Vec::with_capacity(spans.len());
    let mut used = 0;
    for s in spans {
        let sw = s.content.width();
        if used + sw <= w {
            used += sw;
            out.push(s);
            continue;
        }
        let style = s.style;
        out.push(Span::styled(truncate(&s.content, w - used), style));
        break;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_follow_the_highlights_and_the_lead_in_is_shortened() {
        let p = pieces("…as for Dairen we will not tax", &[[10, 16]]);
        assert_eq!(
            p,
            vec![
                ("…as for ".to_string(), false),
                ("Dairen".to_string(), true),
                (" we will not tax".to_string(), false)
            ]
        );
        let long = vec![
            (
                "one two three four five six seven eight nine ".to_string(),
                false,
            ),
            ("Dairen".to_string(), true),
        ];
        let cut = lead_in(&long, 30);
        assert_eq!(cut[0].0, "…nine ");
        assert_eq!(cut[1], ("Dairen".to_string(), true));
        // Room enough: unchanged.
        assert_eq!(lead_in(&long, 200), long);
    }
}
