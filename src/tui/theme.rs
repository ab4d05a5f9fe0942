//! Colours and styles. Only the 16 named terminal colours are used, so 16-colour terminals
//! work; with `NO_COLOR` set, no colour is used at all and emphasis is carried by bold,
//! italic, underline and strike-through.

use ratatui::style::{Color, Modifier, Style};

/// The palette families, one per side of the table: each a few hues close together.
const FAMILIES: [[Color; 3]; 4] = [
    [Color::LightRed, Color::Red, Color::LightMagenta],
    [Color::LightBlue, Color::LightCyan, Color::Blue],
    [Color::LightGreen, Color::LightYellow, Color::Green],
    [Color::Magenta, Color::Yellow, Color::Cyan],
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

/// The styles of the reading room.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// Whether colour may be used.
    pub color: bool,
}

impl Theme {
    /// The theme for this environment: no colour when `NO_COLOR` is set and not empty.
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
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
        let f = FAMILIES[family % FAMILIES.len()];
        self.fg(f[rank % f.len()]).add_modifier(Modifier::BOLD)
    }

    /// Muted text: glosses, [sic], margins.
    pub fn muted(&self) -> Style {
        if self.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default().add_modifier(Modifier::DIM)
        }
    }

    /// Narration: set apart from speech.
    pub fn narration(&self) -> Style {
        self.fg(Color::Gray).add_modifier(Modifier::ITALIC)
    }

    /// Context excerpts from secondary sources.
    pub fn context(&self) -> Style {
        self.fg(Color::Gray)
    }

    /// The bar beside a context excerpt.
    pub fn accent(&self) -> Style {
        self.fg(Color::Yellow)
    }

    /// A passage inserted in a draft.
    pub fn insert(&self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::UNDERLINED)
    }

    /// A passage deleted in a draft.
    pub fn delete(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::CROSSED_OUT)
    }

    /// A footnote reference.
    pub fn note_ref(&self) -> Style {
        self.fg(Color::Cyan)
    }

    /// Headings and titles.
    pub fn heading(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    /// Field labels in the header.
    pub fn label(&self) -> Style {
        self.fg(Color::Gray).add_modifier(Modifier::BOLD)
    }

    /// The selected row of a list, or the cursor.
    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    /// A search hit.
    pub fn hit(&self) -> Style {
        if self.color {
            Style::default().bg(Color::Yellow).fg(Color::Black)
        } else {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED)
        }
    }

    /// Borders: the focused pane's stands out.
    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            self.muted()
        }
    }

    /// The status line.
    pub fn status(&self) -> Style {
        if self.color {
            Style::default().bg(Color::Blue).fg(Color::White)
        } else {
            Style::default().add_modifier(Modifier::REVERSED)
        }
    }

    /// Turns of speakers out of focus.
    pub fn dimmed(&self) -> Style {
        self.muted()
    }
}
