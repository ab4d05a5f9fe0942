//! The command palette (`:`): every action by name, with its key and what it does; Enter runs
//! the chosen one on the panes.

use super::super::action::Action;
use super::super::cx::{centered, inner, truncate, Cx};
use super::super::keymap::Mode;
use super::super::widgets::list::{draw_rows, ListState};
use super::super::widgets::text_field::TextField;
use super::super::wrap::sanitize;
use crate::text::fold;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

/// The palette.
#[derive(Debug, Clone)]
pub struct Palette {
    /// What is typed.
    pub field: TextField,
    /// The actions that match, in the help's order.
    pub matches: Vec<Action>,
    /// The selection.
    pub list: ListState,
}

impl Default for Palette {
    fn default() -> Palette {
        let mut p = Palette {
            field: TextField::new(),
            matches: Vec::new(),
            list: ListState::default(),
        };
        p.filter();
        p
    }
}

/// Where it stands.
pub fn rect(main: Rect) -> Rect {
    centered(
        main,
        (main.width * 4 / 5).max(30),
        (main.height * 4 / 5).max(8),
    )
}

/// Where an action's keys are looked for, in this order.
const MODES: &[Mode] = &[
    Mode::Global,
    Mode::Panes,
    Mode::Reader,
    Mode::List,
    Mode::Sidebar,
    Mode::Selection,
    Mode::Editor,
    Mode::Finder,
    Mode::Card,
    Mode::Menu,
    Mode::Confirm,
];

impl Palette {
    /// The actions matching what is typed: every word in the name or the description.
    pub fn filter(&mut self) {
        let q = fold(self.field.text());
        let words: Vec<&str> = q.split_whitespace().collect();
        self.matches = Action::ALL
            .iter()
            .copied()
            .filter(|a| {
                let hay = fold(&format!("{} {}", a.name(), a.description()));
                words.iter().all(|w| hay.contains(w))
            })
            .collect();
        self.list = ListState::default();
    }

    /// The chosen action.
    pub fn chosen(&self) -> Option<Action> {
        self.matches.get(self.list.selected).copied()
    }

    /// The rows of actions.
    pub fn rows_area(main: Rect) -> Rect {
        let i = inner(rect(main));
        Rect {
            y: i.y + 2.min(i.height),
            height: i.height.saturating_sub(2),
            ..i
        }
    }

    /// Keep the selection in view.
    pub fn prepare(&mut self, main: Rect) {
        self.list
            .reveal(Self::rows_area(main).height as usize, self.matches.len());
    }

    /// Draw it.
    pub fn draw(&self, cx: &Cx, f: &mut Frame, main: Rect) {
        let r = rect(main);
        f.render_widget(Clear, r);
        let block = cx.popup("Actions: type to narrow, Enter runs");
        let i = block.inner(r);
        f.render_widget(block, r);
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(": ", cx.theme.accent()),
                Span::raw(sanitize(&self.field.with_cursor("▏"))),
            ])),
            Rect {
                height: i.height.min(1),
                ..i
            },
        );
        let w = i.width as usize;
        let name_w = Action::ALL
            .iter()
            .map(|a| a.name().len())
            .max()
            .unwrap_or(10);
        draw_rows(
            f,
            Self::rows_area(main),
            &self.list,
            self.matches.len(),
            |k, sel| {
                let a = self.matches[k];
                let key = cx.keymap.first_key(a, MODES).unwrap_or_default();
                let style = if sel {
                    cx.theme.selected()
                } else {
                    Style::default()
                };
                let text = format!("{:<name_w$}  {key:<10} {}", a.name(), a.description());
                Line::from(Span::styled(truncate(&text, w), style))
            },
        );
    }
}
