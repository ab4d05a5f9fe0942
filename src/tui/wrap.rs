//! Wrapping styled text by display width, so that CJK and combining characters line up.

use crate::text::strip_controls;
use ratatui::style::Style;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A run of text in one style.
pub type Piece = (String, Style);

/// One wrapped line: its pieces and its display width.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WrappedLine {
    /// The pieces, adjacent ones of the same style merged.
    pub pieces: Vec<Piece>,
    /// Display width.
    pub width: usize,
}

/// A token of the wrapping: a word, a space, or a hard break.
enum Token<'a> {
    Word(&'a str, Style),
    Space(Style),
    Break,
}

/// Whether a character may be broken after on its own (wide CJK characters).
fn breaks_alone(c: char) -> bool {
    c.width().unwrap_or(0) >= 2
}

fn tokens(pieces: &[Piece]) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    for (text, style) in pieces {
        let style = *style;
        let mut start: Option<usize> = None;
        for (i, c) in text.char_indices() {
            let boundary = c == ' ' || c == '\n' || breaks_alone(c);
            if boundary {
                if let Some(s) = start.take() {
                    out.push(Token::Word(&text[s..i], style));
                }
                match c {
                    ' ' => out.push(Token::Space(style)),
                    '\n' => out.push(Token::Break),
                    _ => out.push(Token::Word(&text[i..i + c.len_utf8()], style)),
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        if let Some(s) = start {
            out.push(Token::Word(&text[s..], style));
        }
    }
    out
}

fn push(line: &mut WrappedLine, text: &str, style: Style) {
    line.width += text.width();
    match line.pieces.last_mut() {
        Some((t, s)) if *s == style => t.push_str(text),
        _ => line.pieces.push((text.to_string(), style)),
    }
}

/// Make document text safe to draw: control characters and escape sequences removed, tabs
/// made spaces, other whitespace kept as spaces (newlines kept).
pub fn sanitize(s: &str) -> String {
    strip_controls(s)
        .chars()
        .map(|c| match c {
            '\t' | '\r' | '\u{a0}' => ' ',
            c => c,
        })
        .collect()
}

/// Wrap styled pieces to `width` display columns (at least 1). Words longer than a line are
/// broken by character; `\n` is a hard break; spaces at a break are dropped.
pub fn wrap(pieces: &[Piece], width: usize) -> Vec<WrappedLine> {
    let width = width.max(1);
    let mut lines: Vec<WrappedLine> = Vec::new();
    let mut cur = WrappedLine::default();
    let mut pending: Option<Style> = None;
    for t in tokens(pieces) {
        match t {
            Token::Break => {
                lines.push(std::mem::take(&mut cur));
                pending = None;
            }
            Token::Space(s) => {
                if cur.width > 0 {
                    pending = Some(s);
                }
            }
            Token::Word(w, style) => {
                let ww = w.width();
                let space = usize::from(pending.is_some());
                if cur.width > 0 && cur.width + space + ww > width {
                    lines.push(std::mem::take(&mut cur));
                    pending = None;
                }
                if let Some(s) = pending.take() {
                    push(&mut cur, " ", s);
                }
                if ww <= width - cur.width.min(width) {
                    push(&mut cur, w, style);
                    continue;
                }
                // A word longer than the line: break it by character.
                for c in w.chars() {
                    let cw = c.width().unwrap_or(0);
                    if cur.width + cw > width && cur.width > 0 {
                        lines.push(std::mem::take(&mut cur));
                    }
                    let mut b = [0u8; 4];
                    push(&mut cur, c.encode_utf8(&mut b), style);
                }
            }
        }
    }
    if cur.width > 0 || lines.is_empty() || !cur.pieces.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[WrappedLine]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.pieces.iter().map(|p| p.0.as_str()).collect())
            .collect()
    }

    #[test]
    fn wraps_on_spaces_by_display_width() {
        let p = vec![(
            "Port Arthur and Dairen are ports".to_string(),
            Style::default(),
        )];
        assert_eq!(
            plain(&wrap(&p, 12)),
            ["Port Arthur", "and Dairen", "are ports"]
        );
    }

    #[test]
    fn wide_characters_take_two_columns_and_break_anywhere() {
        let p = vec![("周恩来和毛泽东".to_string(), Style::default())];
        let lines = wrap(&p, 6);
        assert_eq!(plain(&lines), ["周恩来", "和毛泽", "东"]);
        assert!(lines.iter().all(|l| l.width <= 6));
    }

    #[test]
    fn combining_marks_add_no_width() {
        let p = vec![("Lu\u{308}shun Lu\u{308}shun".to_string(), Style::default())];
        let lines = wrap(&p, 6);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].width, 6);
    }

    #[test]
    fn long_words_break_and_nothing_is_lost() {
        let p = vec![("abcdefghij".to_string(), Style::default())];
        assert_eq!(plain(&wrap(&p, 4)), ["abcd", "efgh", "ij"]);
        assert_eq!(plain(&wrap(&p, 0)).concat(), "abcdefghij");
    }

    #[test]
    fn sanitize_removes_escape_sequences() {
        assert_eq!(sanitize("a\u{1b}[31mred\u{1b}[0m\tb"), "ared b");
    }
}
