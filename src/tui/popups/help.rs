//! The help: every key as the keymap binds it now, made from the keymap's rows.

use super::super::cx::{centered, inner, Cx};
use super::super::wrap::wrap;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// The help popup: its first line shown.
#[derive(Debug, Clone, Default)]
pub struct Help {
    /// First line shown.
    pub top: usize,
}

/// Where it stands: wide enough for the longest row, tall enough for all (within the screen).
pub fn rect(main: Rect, _: usize) -> Rect {
    centered(main, 120, 50)
}

/// The widest the keys' column gets; longer lists of keys wrap within it.
const KEY_COLUMN: usize = 18;

fn lines(cx: &Cx, room_for: u16) -> (Vec<Line<'static>>, u16, u16) {
    let rows = cx.keymap.help();
    let kw = rows
        .iter()
        .map(|(k, _)| k.width())
        .max()
        .unwrap_or(10)
        .min(KEY_COLUMN);
    let w = rows
        .iter()
        .map(|(_, d)| kw + d.width() + 3)
        .max()
        .unwrap_or(40) as u16
        + 2;
    let r = centered(
        Rect {
            width: room_for.max(1),
            ..Rect::default()
        },
        w,
        1,
    );
    let room = (r.width as usize).saturating_sub(2 + kw + 2).max(8);
    let mut out: Vec<Line> = Vec::new();
    for (k, d) in &rows {
        let keys = wrap(&[(k.to_string(), cx.theme.label())], kw);
        let what = wrap(&[(d.to_string(), Style::default())], room);
        for i in 0..keys.len().max(what.len()) {
            let key: String = keys
                .get(i)
                .map(|l| l.pieces.iter().map(|p| p.0.as_str()).collect())
                .unwrap_or_default();
            let mut spans = vec![Span::styled(format!("{key:<kw$}  "), cx.theme.label())];
            if let Some(l) = what.get(i) {
                spans.extend(l.pieces.iter().map(|(t, s)| Span::styled(t.clone(), *s)));
            }
            out.push(Line::from(spans));
        }
    }
    out.push(Line::raw(""));
    out.push(Line::from(Span::styled(
        "In the gutter, a name in italics with ? is an inferred speaker.",
        cx.theme.muted(),
    )));
    let h = out.len() as u16 + 2;
    (out, w, h)
}

impl Help {
    fn area(cx: &Cx, main: Rect) -> (Vec<Line<'static>>, Rect) {
        let (l, w, h) = lines(cx, main.width);
        (l, centered(main, w, h))
    }

    /// Keep the first line shown within the help.
    pub fn prepare(&mut self, cx: &Cx, main: Rect) {
        let (l, r) = Help::area(cx, main);
        let rows = inner(r).height as usize;
        self.top = self.top.min(l.len().saturating_sub(rows));
    }

    /// Draw it.
    pub fn draw(&self, cx: &Cx, f: &mut Frame, main: Rect) {
        let (lines, r) = Help::area(cx, main);
        f.render_widget(Clear, r);
        let i = inner(r);
        let title = if lines.len() > i.height as usize {
            "Keys (j/k scroll)"
        } else {
            "Keys"
        };
        f.render_widget(cx.popup(title), r);
        let shown: Vec<Line> = lines.into_iter().skip(self.top).collect();
        f.render_widget(Paragraph::new(shown), i);
    }
}
