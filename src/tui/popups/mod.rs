//! The layers above the panes. Each popup holds its own state, lays itself out before a frame
//! and draws from what it holds; what its keys do is in `layers`.

pub mod card;
pub mod confirm;
pub mod editor;
pub mod finder;
pub mod help;
pub mod menu;
pub mod palette;
pub mod prompt;
pub mod search;

use super::cx::Cx;
use super::keymap::Mode;
use super::widgets::text_field::TextField;
use ratatui::layout::Rect;
use ratatui::Frame;

/// One layer of the stack above the panes.
#[derive(Debug, Clone)]
pub enum Layer {
    /// A one-line field in a pane: the list filter or the search in the document.
    Prompt(prompt::Prompt),
    /// The finder.
    Finder(finder::FinderPopup),
    /// An entity's card.
    Card(card::Card),
    /// A menu.
    Menu(menu::Menu),
    /// The help.
    Help(help::Help),
    /// The note editor.
    Editor(Box<editor::Editor>),
    /// Corpus-wide search.
    Search(search::CorpusSearch),
    /// A yes/no question.
    Confirm(confirm::Confirm),
    /// The command palette.
    Palette(palette::Palette),
}

impl Layer {
    /// The keymap mode of the layer.
    pub fn mode(&self) -> Mode {
        match self {
            Layer::Prompt(_) => Mode::Prompt,
            Layer::Finder(_) => Mode::Finder,
            Layer::Card(_) => Mode::Card,
            Layer::Menu(_) => Mode::Menu,
            Layer::Help(_) => Mode::Help,
            Layer::Editor(_) => Mode::Editor,
            Layer::Search(_) => Mode::Search,
            Layer::Confirm(_) => Mode::Confirm,
            Layer::Palette(_) => Mode::Palette,
        }
    }

    /// The layer's text field, if it has one.
    pub fn field_mut(&mut self) -> Option<&mut TextField> {
        match self {
            Layer::Prompt(p) => Some(&mut p.field),
            Layer::Finder(p) => Some(&mut p.field),
            Layer::Editor(p) => Some(&mut p.field),
            Layer::Search(p) => Some(&mut p.field),
            Layer::Palette(p) => Some(&mut p.field),
            _ => None,
        }
    }

    /// Where a popup stands in the main area (for the mouse); prompts are part of their pane.
    pub fn rect(&self, main: Rect) -> Option<Rect> {
        match self {
            Layer::Prompt(_) => None,
            Layer::Finder(_) => Some(finder::rect(main)),
            Layer::Card(_) => Some(card::rect(main)),
            Layer::Menu(m) => Some(m.rect(main)),
            Layer::Help(_) => Some(help::rect(main, 0)),
            Layer::Editor(_) => Some(editor::rect(main)),
            Layer::Search(_) => Some(search::rect(main)),
            Layer::Confirm(_) => Some(confirm::rect(main)),
            Layer::Palette(_) => Some(palette::rect(main)),
        }
    }

    /// Lay the layer out for a frame (which rows its list shows).
    pub fn prepare(&mut self, cx: &Cx, main: Rect) {
        match self {
            Layer::Finder(p) => p.prepare(main),
            Layer::Card(p) => p.prepare(cx, main),
            Layer::Menu(p) => p.prepare(main),
            Layer::Help(p) => p.prepare(cx, main),
            Layer::Search(p) => p.prepare(main),
            Layer::Palette(p) => p.prepare(main),
            Layer::Prompt(_) | Layer::Editor(_) | Layer::Confirm(_) => {}
        }
    }

    /// Draw the layer over the panes (prompts are drawn by their pane).
    pub fn draw(&self, cx: &Cx, f: &mut Frame, main: Rect) {
        match self {
            Layer::Prompt(_) => {}
            Layer::Finder(p) => p.draw(cx, f, main),
            Layer::Card(p) => p.draw(cx, f, main),
            Layer::Menu(p) => p.draw(cx, f, main),
            Layer::Help(p) => p.draw(cx, f, main),
            Layer::Editor(p) => p.draw(cx, f, main),
            Layer::Search(p) => p.draw(cx, f, main),
            Layer::Confirm(p) => p.draw(cx, f, main),
            Layer::Palette(p) => p.draw(cx, f, main),
        }
    }
}
