//! Colours and styles, by role. Two themes are shipped (dark, the default, and light), each
//! using only the 16 named terminal colours so 16-colour terminals work; the config file's
//! `[theme.colors]` changes any role. With `NO_COLOR` set, no colour is used at all and emphasis
//! is carried by bold, italic, underline and strike-through.

use ratatui::style::{Color, Modifier, Style};

/// The palette families, one per side of the table: each a few hues close together.
const DARK_FAMILIES: [[Color; 3]; 4] = [
    [Color::LightRed, Color::Red, Color::LightMagenta],
    [Color::LightBlue, Color::LightCyan, Color::Blue],
    [Color::LightGreen, Color::LightYellow, Color::Green],
    [Color::Magenta, Color::Yellow, Color::Cyan],
];

const LIGHT_FAMILIES: [[Color; 3]; 4] = [
    [Color::Red, Color::LightRed, Color::Magenta],
    [Color::Blue, Color::Cyan, Color::LightBlue],
    [Color::Green, Color::DarkGray, Color::LightGreen],
    [Color::Magenta, Color::Black, Color::Cyan],
];

/// The family a side prefers, so that a state keeps its hue from document to document.
pub fn preferred_family(side: &str) -> usize {
    match side {
        "USSR" | "Soviet Russia" | "CPSU" => 0,
        "PRC" | "CCP" | "DRV" | "DPRK" => 2,
        "ROC" | "Guomindang" | "USA" | "United Kingdom" => 1,
        _ => 3,
    }
}

/// A colour role the config file can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Glosses, [sic], margins: the apparatus.
    Muted,
    /// Narration.
    Narration,
    /// Excerpts from secondary sources, field labels.
    Context,
    /// Bars and prompts.
    Accent,
    /// The paragraph cursor's bar.
    Cursor,
    /// Search hits.
    Hit,
    /// The user's notes.
    Note,
    /// Footnote references.
    NoteRef,
    /// Insertions in a draft.
    Insert,
    /// Deletions in a draft.
    Delete,
    /// The focused pane's border.
    Border,
    /// The status line.
    Status,
    /// Speakers out of focus.
    Focus,
}

/// Role names for `[theme.colors]`, with the roles they set.
pub const ROLES: &[(&str, Role)] = &[
    ("muted", Role::Muted),
    ("narration", Role::Narration),
    ("context", Role::Context),
    ("accent", Role::Accent),
    ("cursor", Role::Cursor),
    ("hit", Role::Hit),
    ("note", Role::Note),
    ("note-ref", Role::NoteRef),
    ("insert", Role::Insert),
    ("delete", Role::Delete),
    ("border", Role::Border),
    ("status", Role::Status),
    ("focus", Role::Focus),
];

/// A foreground and an optional background.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    /// Text colour.
    pub fg: Color,
    /// Background, if any.
    pub bg: Option<Color>,
}

const fn fg(c: Color) -> Colour {
    Colour { fg: c, bg: None }
}

const fn on(f: Color, b: Color) -> Colour {
    Colour { fg: f, bg: Some(b) }
}

/// The styles of the reading room.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    /// Whether colour may be used.
    pub color: bool,
    colours: [Colour; 13],
    families: [[Color; 3]; 4],
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::dark(true)
    }
}

impl Theme {
    /// The dark theme (the default), with or without colour.
    pub fn dark(color: bool) -> Theme {
        use Color::*;
        Theme {
            color,
            colours: [
                fg(DarkGray),
                fg(Gray),
                fg(Gray),
                fg(Yellow),
                fg(Yellow),
                on(Black, Yellow),
                fg(Yellow),
                fg(Cyan),
                fg(Green),
                fg(Red),
                fg(Cyan),
                on(White, Blue),
                fg(DarkGray),
            ],
            families: DARK_FAMILIES,
        }
    }

    /// The light theme: darker text colours for a light background.
    pub fn light(color: bool) -> Theme {
        use Color::*;
        Theme {
            color,
            colours: [
                fg(DarkGray),
                fg(DarkGray),
                fg(DarkGray),
                fg(Magenta),
                fg(Blue),
                on(Black, LightYellow),
                fg(Magenta),
                fg(Blue),
                fg(Green),
                fg(Red),
                fg(Blue),
                on(Black, Gray),
                fg(Gray),
            ],
            families: LIGHT_FAMILIES,
        }
    }

    /// A theme by name (`dark`, `light`).
    pub fn named(name: &str, color: bool) -> Option<Theme> {
        match name {
            "dark" => Some(Theme::dark(color)),
            "light" => Some(Theme::light(color)),
            _ => None,
        }
    }

    /// The dark theme, without colour when `NO_COLOR` is set and not empty.
    pub fn from_env() -> Theme {
        Theme::dark(std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()))
    }

    /// Set a role's colour.
    pub fn set(&mut self, role: Role, c: Colour) {
        self.colours[role as usize] = c;
    }

    /// Set the first hue of a side's family (1-based side number).
    pub fn set_side(&mut self, side: usize, c: Color) {
        if let Some(f) = self.families.get_mut(side.wrapping_sub(1)) {
            f[0] = c;
        }
    }

    fn role(&self, r: Role) -> Style {
        if !self.color {
            return Style::default();
        }
        let c = self.colours[r as usize];
        let s = Style::default().fg(c.fg);
        match c.bg {
            Some(b) => s.bg(b),
            None => s,
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }

    /// A speaker's name and colour: family by side, hue within it by the speaker's rank.
    pub fn speaker(&self, family: usize, rank: usize) -> Style {
        let f = self.families[family % self.families.len()];
        self.fg(f[rank % f.len()]).add_modifier(Modifier::BOLD)
    }

    /// Muted text: glosses, [sic], margins.
    pub fn muted(&self) -> Style {
        if self.color {
            self.role(Role::Muted)
        } else {
            Style::default().add_modifier(Modifier::DIM)
        }
    }

    /// Narration: set apart from speech.
    pub fn narration(&self) -> Style {
        self.role(Role::Narration).add_modifier(Modifier::ITALIC)
    }

    /// Context excerpts from secondary sources.
    pub fn context(&self) -> Style {
        self.role(Role::Context)
    }

    /// Bars, prompts and marks.
    pub fn accent(&self) -> Style {
        self.role(Role::Accent)
    }

    /// The cursor's bar in the margin.
    pub fn cursor(&self) -> Style {
        self.role(Role::Cursor)
    }

    /// The user's notes (in the sidebar and the margin).
    pub fn note(&self) -> Style {
        self.role(Role::Note)
    }

    /// A passage inserted in a draft.
    pub fn insert(&self) -> Style {
        self.role(Role::Insert).add_modifier(Modifier::UNDERLINED)
    }

    /// A passage deleted in a draft.
    pub fn delete(&self) -> Style {
        self.role(Role::Delete).add_modifier(Modifier::CROSSED_OUT)
    }

    /// A footnote reference.
    pub fn note_ref(&self) -> Style {
        self.role(Role::NoteRef)
    }

    /// Headings and titles.
    pub fn heading(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    /// Field labels in the header.
    pub fn label(&self) -> Style {
        self.role(Role::Context).add_modifier(Modifier::BOLD)
    }

    /// The selected row of a list, or the cursor's number.
    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    /// A search hit.
    pub fn hit(&self) -> Style {
        if self.color {
            self.role(Role::Hit)
        } else {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED)
        }
    }

    /// Borders: the focused pane's stands out.
    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.role(Role::Border).add_modifier(Modifier::BOLD)
        } else {
            self.muted()
        }
    }

    /// The status line.
    pub fn status(&self) -> Style {
        if self.color {
            self.role(Role::Status)
        } else {
            Style::default().add_modifier(Modifier::REVERSED)
        }
    }

    /// Turns of speakers out of focus.
    pub fn dimmed(&self) -> Style {
        if self.color {
            self.role(Role::Focus)
        } else {
            Style::default().add_modifier(Modifier::DIM)
        }
    }
}
