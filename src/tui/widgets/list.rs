//! The one list of the reading room: the documents, the finder's results, corpus search hits,
//! a card's mentions and menus all move, page and scroll the same way, and take clicks the same
//! way. The list holds only positions; its rows are drawn by whoever owns the items.

use super::super::action::Action;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// A selection and the first visible row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListState {
    /// The selected row.
    pub selected: usize,
    /// The first row on screen.
    pub top: usize,
    /// How many rows the last frame showed.
    pub rows: usize,
}

impl ListState {
    /// Keep the selection inside `len` rows.
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        self.top = self.top.min(len.saturating_sub(1));
    }

    /// Move the selection by `by` rows within `len`.
    pub fn step(&mut self, by: isize, len: usize) {
        let last = len.saturating_sub(1) as isize;
        self.selected = (self.selected as isize + by).clamp(0, last.max(0)) as usize;
    }

    /// Select a row.
    pub fn select(&mut self, i: usize, len: usize) {
        self.selected = i.min(len.saturating_sub(1));
    }

    /// Apply a moving action; `false` when it is not one.
    pub fn act(&mut self, a: Action, len: usize) -> bool {
        let page = self.rows.max(2) as isize - 1;
        match a {
            Action::Down | Action::SelectNext => self.step(1, len),
            Action::Up | Action::SelectPrev => self.step(-1, len),
            Action::PageDown => self.step(page.max(10), len),
            Action::PageUp => self.step(-page.max(10), len),
            Action::HalfPageDown => self.step((page / 2).max(1), len),
            Action::HalfPageUp => self.step(-(page / 2).max(1), len),
            Action::Top => self.selected = 0,
            Action::End => self.selected = len.saturating_sub(1),
            _ => return false,
        }
        true
    }

    /// Scroll so that the selection is among `rows` visible rows (the update step before a
    /// frame).
    pub fn reveal(&mut self, rows: usize, len: usize) {
        self.rows = rows;
        self.clamp(len);
        if self.selected < self.top {
            self.top = self.selected;
        } else if rows > 0 && self.selected >= self.top + rows {
            self.top = self.selected + 1 - rows;
        }
        if rows > 0 && len >= rows {
            self.top = self.top.min(len - rows);
        } else {
            self.top = 0;
        }
    }

    /// The row under a click in `area` (the list's rows), if any.
    pub fn row_at(&self, area: Rect, col: u16, row: u16, len: usize) -> Option<usize> {
        if !area.contains(Position { x: col, y: row }) {
            return None;
        }
        let i = self.top + (row - area.y) as usize;
        (i < len).then_some(i)
    }

    /// The visible range of rows.
    pub fn visible(&self, len: usize) -> std::ops::Range<usize> {
        let start = self.top.min(len);
        start..(start + self.rows).min(len)
    }
}

/// Draw the visible rows: `line(i, selected)` makes row `i`.
pub fn draw_rows<'a>(
    f: &mut Frame,
    area: Rect,
    state: &ListState,
    len: usize,
    mut line: impl FnMut(usize, bool) -> Line<'a>,
) {
    let rows = area.height as usize;
    let start = state.top.min(len);
    let lines: Vec<Line> = (start..(start + rows).min(len))
        .map(|i| line(i, i == state.selected))
        .collect();
    f.render_widget(Paragraph::new(lines), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_and_paging_stay_inside() {
        let mut l = ListState::default();
        l.reveal(5, 20);
        l.act(Action::Up, 20);
        assert_eq!(l.selected, 0);
        l.act(Action::End, 20);
        assert_eq!(l.selected, 19);
        l.act(Action::Down, 20);
        assert_eq!(l.selected, 19);
        l.act(Action::PageUp, 20);
        assert_eq!(l.selected, 9);
        l.act(Action::Top, 20);
        assert_eq!(l.selected, 0);
        assert!(!l.act(Action::Quit, 20));
        let mut empty = ListState::default();
        empty.act(Action::Down, 0);
        assert_eq!(empty.selected, 0);
    }

    #[test]
    fn the_selection_is_kept_in_view_and_clicks_find_their_row() {
        let mut l = ListState::default();
        l.select(12, 30);
        l.reveal(5, 30);
        assert_eq!(l.top, 8);
        assert_eq!(l.visible(30), 8..13);
        l.select(3, 30);
        l.reveal(5, 30);
        assert_eq!(l.top, 3);
        let area = Rect::new(10, 4, 20, 5);
        assert_eq!(l.row_at(area, 12, 6, 30), Some(5));
        assert_eq!(l.row_at(area, 9, 6, 30), None);
        assert_eq!(l.row_at(area, 12, 9, 30), None);
        // The list shrank under the selection.
        l.select(29, 30);
        l.reveal(5, 30);
        l.reveal(5, 4);
        assert_eq!((l.selected, l.top), (3, 0));
    }
}
