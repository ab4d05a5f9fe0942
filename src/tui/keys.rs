//! Keys as the keymap and the config file write them: `j`, `G`, `ctrl-d`, `alt-left`,
//! `shift-tab`, and sequences such as `gg`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key with its modifiers (Shift is part of the character for letters and signs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl, Alt (and Shift for keys that are not characters).
    pub mods: KeyModifiers,
}

impl Key {
    /// A key from a terminal event, normalized.
    pub fn from_event(e: &KeyEvent) -> Key {
        let mut mods =
            e.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match e.code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                // Ctrl with a capital letter is the same key as with the small one.
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            c => c,
        };
        Key { code, mods }
    }

    fn plain(code: KeyCode) -> Key {
        Key {
            code,
            mods: KeyModifiers::NONE,
        }
    }

    /// Whether this is a character typed without Ctrl or Alt.
    pub fn is_text(&self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && !self
                .mods
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }

    /// Parse one key: `j`, `G`, `?`, `space`, `enter`, `ctrl-d`, `alt-left`, `shift-tab`, `f5`.
    pub fn parse(s: &str) -> Option<Key> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, len) = if lower.starts_with("ctrl-") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            if rest.len() == len {
                break;
            }
            mods |= m;
            rest = &rest[len..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(if mods.contains(KeyModifiers::CONTROL) {
                c.to_ascii_lowercase()
            } else {
                c
            }),
            _ => match rest.to_ascii_lowercase().as_str() {
                "space" => KeyCode::Char(' '),
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" if mods.contains(KeyModifiers::SHIFT) => {
                    mods.remove(KeyModifiers::SHIFT);
                    KeyCode::BackTab
                }
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" => KeyCode::Insert,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" => KeyCode::PageDown,
                f if f.starts_with('f') => {
                    KeyCode::F(f[1..].parse().ok().filter(|n| (1..=24).contains(n))?)
                }
                _ => return None,
            },
        };
        if let KeyCode::Char(_) = code {
            mods.remove(KeyModifiers::SHIFT);
        }
        Some(Key { code, mods })
    }

    /// How the help writes it: `Ctrl-d`, `Alt-←`, `Shift-Tab`, `PgDn`, `j`.
    pub fn display(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Delete".into(),
            KeyCode::Insert => "Insert".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::F(n) => format!("F{n}"),
            _ => "?".into(),
        };
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("Alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            out.push_str("Shift-");
        }
        out.push_str(&base);
        out
    }
}

/// A sequence of keys (`gg`), written with spaces between keys or, for plain characters, as
/// one word.
pub type Seq = Vec<Key>;

/// Parse a sequence: `g g`, `gg`, `ctrl-x ctrl-e`, `ctrl-d`.
pub fn parse_seq(s: &str) -> Option<Seq> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.contains(' ') && s != " " {
        return s.split_whitespace().map(Key::parse).collect();
    }
    if let Some(k) = Key::parse(s) {
        return Some(vec![k]);
    }
    // A word of plain characters, one key each.
    if s.chars()
        .all(|c| !c.is_whitespace() && !c.is_ascii_digit() && c != '-')
        && s.chars().count() <= 4
    {
        return Some(s.chars().map(|c| Key::plain(KeyCode::Char(c))).collect());
    }
    None
}

/// How a sequence is written in the help.
pub fn display_seq(seq: &[Key]) -> String {
    if seq.len() > 1
        && seq
            .iter()
            .all(|k| k.is_text() && k.code != KeyCode::Char(' '))
    {
        return seq.iter().map(Key::display).collect();
    }
    seq.iter().map(Key::display).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> Key {
        Key::parse(s).unwrap()
    }
    #[test]
    fn keys_parse_and_print_back() {
        assert_eq!(k("ctrl-d").display(), "Ctrl-d");
        assert_eq!(k("Ctrl-D"), k("ctrl-d"));
        assert_eq!(k("G").display(), "G");
        assert_eq!(k("shift-tab").display(), "Shift-Tab");
        assert_eq!(k("alt-left").display(), "Alt-←");
        assert_eq!(k("space").code, KeyCode::Char(' '));
        assert_eq!(k("pgdn").display(), "PgDn");
        assert_eq!(k("f5").code, KeyCode::F(5));
        assert_eq!(parse_seq("gg").unwrap(), vec![k("g"), k("g")]);
        assert_eq!(parse_seq("g g").unwrap(), vec![k("g"), k("g")]);
        assert_eq!(display_seq(&parse_seq("g g").unwrap()), "gg");
        for bad in ["", "ctrl-", "hyper-x", "f99", "pagesideways", "abcdefgh"] {
            assert!(parse_seq(bad).is_none(), "{bad:?} parsed");
        }
    }

    #[test]
    fn a_terminal_event_matches_the_key_it_names() {
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&shifted), k("G"));
        let ctrl = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(Key::from_event(&ctrl), k("ctrl-d"));
        let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&backtab), k("shift-tab"));
    }
}
