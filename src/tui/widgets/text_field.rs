//! The one text input of the reading room: the finder, the list filter, the search fields, the
//! palette and the note editor all use it. It edits at the cursor, moves by character, word and
//! line, deletes as readline does (Ctrl-w, Ctrl-u, Ctrl-k), takes pastes, and in its multi-line
//! form (notes) makes a new line on Enter.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The most a paste puts into a field.
pub const PASTE_LIMIT: usize = 2000;

/// What a key did to the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The text changed.
    Changed,
    /// Only the cursor moved.
    Moved,
    /// The key is not the field's.
    Ignored,
}

/// A text being typed, with a cursor (a byte offset on a character boundary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextField {
    text: String,
    cursor: usize,
    multiline: bool,
    limit: usize,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '#'
}

impl Default for TextField {
    fn default() -> TextField {
        TextField::new()
    }
}

impl TextField {
    /// An empty one-line field.
    pub fn new() -> TextField {
        TextField {
            text: String::new(),
            cursor: 0,
            multiline: false,
            limit: 4 * PASTE_LIMIT,
        }
    }

    /// An empty multi-line field (Enter makes a new line).
    pub fn multiline() -> TextField {
        TextField {
            multiline: true,
            limit: 64 * 1024,
            ..TextField::new()
        }
    }

    /// A field holding `text`, the cursor at its end.
    pub fn with_text(mut self, text: &str) -> TextField {
        self.set(text);
        self
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor's byte offset.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Replace the text; the cursor goes to the end.
    pub fn set(&mut self, text: &str) {
        self.text = self.clean(text, self.limit);
        self.cursor = self.text.len();
    }

    /// Empty the field.
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    fn clean(&self, s: &str, room: usize) -> String {
        crate::text::strip_controls(s)
            .chars()
            .map(|c| match c {
                '\n' if self.multiline => '\n',
                c if c.is_control() => ' ',
                c => c,
            })
            .take(room)
            .collect()
    }

    fn room(&self) -> usize {
        self.limit.saturating_sub(self.text.chars().count())
    }

    /// Insert text at the cursor (at most [`PASTE_LIMIT`] characters at a time; control
    /// characters become spaces, and line breaks too in a one-line field).
    pub fn insert(&mut self, s: &str) -> Edit {
        let s = self.clean(s, self.room().min(PASTE_LIMIT));
        if s.is_empty() {
            return Edit::Ignored;
        }
        self.text.insert_str(self.cursor, &s);
        self.cursor += s.len();
        Edit::Changed
    }

    fn prev(&self, i: usize) -> usize {
        self.text[..i]
            .char_indices()
            .next_back()
            .map(|(j, _)| j)
            .unwrap_or(0)
    }

    fn next(&self, i: usize) -> usize {
        self.text[i..]
            .chars()
            .next()
            .map(|c| i + c.len_utf8())
            .unwrap_or(i)
    }

    fn word_left(&self) -> usize {
        let mut i = self.cursor;
        while i > 0 && !is_word(self.text[..i].chars().next_back().unwrap_or(' ')) {
            i = self.prev(i);
        }
        while i > 0 && is_word(self.text[..i].chars().next_back().unwrap_or(' ')) {
            i = self.prev(i);
        }
        i
    }

    fn word_right(&self) -> usize {
        let mut i = self.cursor;
        while i < self.text.len() && !is_word(self.text[i..].chars().next().unwrap_or(' ')) {
            i = self.next(i);
        }
        while i < self.text.len() && is_word(self.text[i..].chars().next().unwrap_or(' ')) {
            i = self.next(i);
        }
        i
    }

    fn line_start(&self) -> usize {
        self.text[..self.cursor]
            .rfind('\n')
            .map(|i| i + 1)
            .unwrap_or(0)
    }

    fn line_end(&self) -> usize {
        self.text[self.cursor..]
            .find('\n')
            .map(|i| self.cursor + i)
            .unwrap_or(self.text.len())
    }

    fn delete(&mut self, a: usize, b: usize) -> Edit {
        if a >= b {
            return Edit::Moved;
        }
        self.text.replace_range(a..b, "");
        self.cursor = a;
        Edit::Changed
    }

    fn to(&mut self, i: usize) -> Edit {
        self.cursor = i;
        Edit::Moved
    }

    /// Move to the same column of the line above (`-1`) or below (`1`).
    fn vertical(&mut self, dir: isize) -> Edit {
        let start = self.line_start();
        let col = self.text[start..self.cursor].chars().count();
        let target_start = if dir < 0 {
            if start == 0 {
                return self.to(0);
            }
            self.text[..start - 1]
                .rfind('\n')
                .map(|i| i + 1)
                .unwrap_or(0)
        } else {
            match self.text[self.cursor..].find('\n') {
                Some(i) => self.cursor + i + 1,
                None => return self.to(self.text.len()),
            }
        };
        let line_end = self.text[target_start..]
            .find('\n')
            .map(|i| target_start + i)
            .unwrap_or(self.text.len());
        let mut i = target_start;
        for _ in 0..col {
            if i >= line_end {
                break;
            }
            i = self.next(i);
        }
        self.to(i)
    }

    /// Apply a key.
    pub fn key(&mut self, k: &KeyEvent) -> Edit {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let alt = k.modifiers.contains(KeyModifiers::ALT);
        match k.code {
            KeyCode::Char(c) if !ctrl && !alt => {
                let mut b = [0u8; 4];
                self.insert(c.encode_utf8(&mut b))
            }
            KeyCode::Enter if self.multiline && !ctrl && !alt => self.insert("\n"),
            KeyCode::Backspace if alt || ctrl => {
                let w = self.word_left();
                self.delete(w, self.cursor)
            }
            KeyCode::Backspace => {
                let p = self.prev(self.cursor);
                self.delete(p, self.cursor)
            }
            KeyCode::Delete => {
                let n = self.next(self.cursor);
                self.delete(self.cursor, n)
            }
            KeyCode::Left if alt || ctrl => self.to(self.word_left()),
            KeyCode::Right if alt || ctrl => self.to(self.word_right()),
            KeyCode::Left => self.to(self.prev(self.cursor)),
            KeyCode::Right => self.to(self.next(self.cursor)),
            KeyCode::Home => self.to(self.line_start()),
            KeyCode::End => self.to(self.line_end()),
            KeyCode::Up if self.multiline => self.vertical(-1),
            KeyCode::Down if self.multiline => self.vertical(1),
            KeyCode::Char('a') if ctrl => self.to(self.line_start()),
            KeyCode::Char('e') if ctrl => self.to(self.line_end()),
            KeyCode::Char('b') if alt => self.to(self.word_left()),
            KeyCode::Char('f') if alt => self.to(self.word_right()),
            KeyCode::Char('b') if ctrl => self.to(self.prev(self.cursor)),
            KeyCode::Char('f') if ctrl => self.to(self.next(self.cursor)),
            KeyCode::Char('w') if ctrl => {
                let w = self.word_left();
                self.delete(w, self.cursor)
            }
            KeyCode::Char('d') if alt => {
                let w = self.word_right();
                self.delete(self.cursor, w)
            }
            KeyCode::Char('u') if ctrl => {
                let s = self.line_start();
                self.delete(s, self.cursor)
            }
            KeyCode::Char('k') if ctrl => {
                let e = self.line_end();
                self.delete(self.cursor, e)
            }
            _ => Edit::Ignored,
        }
    }

    /// The text with a bar where the cursor stands, for drawing.
    pub fn with_cursor(&self, bar: &str) -> String {
        let mut s = String::with_capacity(self.text.len() + bar.len());
        s.push_str(&self.text[..self.cursor]);
        s.push_str(bar);
        s.push_str(&self.text[self.cursor..]);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(f: &mut TextField, code: KeyCode, mods: KeyModifiers) -> Edit {
        f.key(&KeyEvent::new(code, mods))
    }

    fn typ(f: &mut TextField, s: &str) {
        for c in s.chars() {
            key(f, KeyCode::Char(c), KeyModifiers::NONE);
        }
    }

    const N: KeyModifiers = KeyModifiers::NONE;
    const C: KeyModifiers = KeyModifiers::CONTROL;
    const A: KeyModifiers = KeyModifiers::ALT;

    #[test]
    fn typing_goes_where_the_cursor_is() {
        let mut f = TextField::new();
        typ(&mut f, "Port Arthur");
        // Seven steps left from the end: after "Port", before the space.
        for _ in 0..7 {
            key(&mut f, KeyCode::Left, N);
        }
        typ(&mut f, "s");
        assert_eq!(f.text(), "Ports Arthur");
        key(&mut f, KeyCode::Home, N);
        typ(&mut f, "[");
        key(&mut f, KeyCode::End, N);
        typ(&mut f, "]");
        assert_eq!(f.text(), "[Ports Arthur]");
        key(&mut f, KeyCode::Char('a'), C);
        assert_eq!(f.cursor(), 0);
        key(&mut f, KeyCode::Char('e'), C);
        assert_eq!(f.cursor(), f.text().len());
    }

    #[test]
    fn words_move_and_delete() {
        let mut f = TextField::new().with_text("Zhou Enlai met Stalin");
        key(&mut f, KeyCode::Char('b'), A);
        assert_eq!(&f.text()[f.cursor()..], "Stalin");
        key(&mut f, KeyCode::Char('b'), A);
        key(&mut f, KeyCode::Char('f'), A);
        assert_eq!(&f.text()[f.cursor()..], " Stalin");
        key(&mut f, KeyCode::Char('w'), C);
        assert_eq!(f.text(), "Zhou Enlai  Stalin");
        key(&mut f, KeyCode::Char('k'), C);
        assert_eq!(f.text(), "Zhou Enlai ");
        key(&mut f, KeyCode::Left, N);
        key(&mut f, KeyCode::Char('u'), C);
        assert_eq!(f.text(), " ");
        key(&mut f, KeyCode::Delete, N);
        assert_eq!(f.text(), "");
        assert_eq!(key(&mut f, KeyCode::Backspace, N), Edit::Moved);
    }

    #[test]
    fn wide_and_combining_characters_are_one_step_each() {
        let mut f = TextField::new().with_text("周恩来 Lüshun");
        key(&mut f, KeyCode::Home, N);
        key(&mut f, KeyCode::Right, N);
        key(&mut f, KeyCode::Delete, N);
        assert_eq!(f.text(), "周来 Lüshun");
        key(&mut f, KeyCode::End, N);
        for _ in 0..4 {
            key(&mut f, KeyCode::Backspace, N);
        }
        assert_eq!(f.text(), "周来 Lü");
    }

    #[test]
    fn a_paste_is_bounded_and_cleaned() {
        let mut f = TextField::new();
        f.insert(&"zhou\n\x1b[31m".repeat(2000));
        assert_eq!(f.text().chars().count(), PASTE_LIMIT);
        assert!(!f.text().contains('\n') && !f.text().contains('\x1b'));
        let mut m = TextField::multiline();
        m.insert("one\ntwo");
        assert_eq!(m.text(), "one\ntwo");
    }

    #[test]
    fn multiline_enter_makes_a_line_and_up_down_keep_the_column() {
        let mut f = TextField::multiline();
        typ(&mut f, "first line");
        key(&mut f, KeyCode::Enter, N);
        typ(&mut f, "second");
        key(&mut f, KeyCode::Up, N);
        typ(&mut f, "!");
        assert_eq!(f.text(), "first !line\nsecond");
        // Column 7 does not exist on "second": the cursor stops at its end.
        key(&mut f, KeyCode::Down, N);
        typ(&mut f, "X");
        assert_eq!(f.text(), "first !line\nsecondX");
        key(&mut f, KeyCode::Char('u'), C);
        assert_eq!(f.text(), "first !line\n");
        // A one-line field leaves Enter to its layer.
        let mut one = TextField::new();
        assert_eq!(key(&mut one, KeyCode::Enter, N), Edit::Ignored);
        assert_eq!(key(&mut one, KeyCode::Char('c'), C), Edit::Ignored);
    }

    #[test]
    fn the_cursor_is_drawn_where_it_stands() {
        let mut f = TextField::new().with_text("abc");
        key(&mut f, KeyCode::Left, N);
        assert_eq!(f.with_cursor("|"), "ab|c");
    }
}
