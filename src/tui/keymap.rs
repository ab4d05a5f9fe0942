//! One table from keys to actions, per mode (a layer, or a pane). The help, the status-line
//! hints, the palette and the README's key table are all made from it; the config file's
//! `[keys.<mode>]` tables change it.

use super::action::Action;
use std::collections::HashMap;

/// Where a binding applies: a layer, a pane, or everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    /// Everywhere, after the top layer ignored the key.
    Global,
    /// The three panes alike.
    Panes,
    /// The document list.
    List,
    /// The reader.
    Reader,
    /// The sidebar.
    Sidebar,
    /// The reader while a passage is being selected.
    Selection,
    /// A one-line prompt in a pane (the list filter, the search in the document).
    Prompt,
    /// The finder popup.
    Finder,
    /// An entity's card.
    Card,
    /// A menu (what a paragraph leads to, the bookmarks).
    Menu,
    /// The help.
    Help,
    /// The note editor.
    Editor,
    /// Corpus-wide search.
    Search,
    /// A yes/no question.
    Confirm,
    /// The command palette.
    Palette,
}

impl Mode {
    /// Every mode.
    pub const ALL: &'static [Mode] = &[
        Mode::Global,
        Mode::Panes,
        Mode::List,
        Mode::Reader,
        Mode::Sidebar,
        Mode::Selection,
        Mode::Prompt,
        Mode::Finder,
        Mode::Card,
        Mode::Menu,
        Mode::Help,
        Mode::Editor,
        Mode::Search,
        Mode::Confirm,
        Mode::Palette,
    ];

    /// The name used in `[keys.<name>]`.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Global => "global",
            Mode::Panes => "panes",
            Mode::List => "list",
            Mode::Reader => "reader",
            Mode::Sidebar => "sidebar",
            Mode::Selection => "selection",
            Mode::Prompt => "prompt",
            Mode::Finder => "finder",
            Mode::Card => "card",
            Mode::Menu => "menu",
            Mode::Help => "help",
            Mode::Editor => "editor",
            Mode::Search => "search",
            Mode::Confirm => "confirm",
            Mode::Palette => "palette",
        }
    }

    /// The mode of a name.
    pub fn from_name(s: &str) -> Option<Mode> {
        Mode::ALL.iter().copied().find(|m| m.name() == s)
    }
}

pub use super::keys::{display_seq, parse_seq, Key, Seq};

/// One binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// Where it applies.
    pub mode: Mode,
    /// The keys.
    pub keys: Seq,
    /// What they do.
    pub action: Action,
}

/// The default bindings, in the order the help shows keys: (mode, keys, action).
const DEFAULTS: &[(Mode, &str, Action)] = {
    use Action::*;
    use Mode as M;
    &[
        (M::Global, "ctrl-c", Close),
        (M::Global, "ctrl-z", Suspend),
        (M::Global, "ctrl-p", Finder),
        (M::Global, "ctrl-g", CorpusSearch),
        (M::Panes, "q", Quit),
        (M::Panes, "?", Help),
        (M::Panes, ":", Palette),
        (M::Panes, "tab", NextPane),
        (M::Panes, "shift-tab", PrevPane),
        (M::Panes, "j", Down),
        (M::Panes, "down", Down),
        (M::Panes, "k", Up),
        (M::Panes, "up", Up),
        (M::Panes, "ctrl-d", HalfPageDown),
        (M::Panes, "ctrl-u", HalfPageUp),
        (M::Panes, "pgdn", PageDown),
        (M::Panes, "ctrl-f", PageDown),
        (M::Panes, "space", PageDown),
        (M::Panes, "pgup", PageUp),
        (M::Panes, "ctrl-b", PageUp),
        (M::Panes, "g g", Top),
        (M::Panes, "home", Top),
        (M::Panes, "G", End),
        (M::Panes, "end", End),
        (M::Panes, "enter", Open),
        (M::Panes, "esc", Clear),
        (M::Panes, "/", Search),
        (M::Panes, "backspace", Back),
        (M::Panes, "ctrl-o", Back),
        (M::Panes, "alt-left", Back),
        (M::Panes, "alt-right", Forward),
        (M::Panes, "ctrl-i", Forward),
        (M::Panes, "[", PrevDoc),
        (M::Panes, "]", NextDoc),
        (M::Panes, "'", Bookmarks),
        (M::Panes, "y", CopyCitation),
        (M::Panes, "Y", CopyBibliography),
        (M::Panes, "o", OpenLink),
        (M::Panes, "V", Versions),
        (M::List, "s", ListSort),
        (M::List, "z", ListGroup),
        (M::List, "-", FoldGroup),
        (M::List, "i", ListDetails),
        (M::Reader, "n", NextHit),
        (M::Reader, "N", PrevHit),
        (M::Reader, "{", PrevTurn),
        (M::Reader, "}", NextTurn),
        (M::Reader, "l", Lanes),
        (M::Reader, "s", NextSpeaker),
        (M::Reader, "S", ClearSpeaker),
        (M::Reader, "r", CycleReading),
        (M::Reader, "R", RawView),
        (M::Reader, "v", Select),
        (M::Reader, "a", Annotate),
        (M::Reader, "m", Bookmark),
        (M::Sidebar, "d", DeleteNote),
        (M::Selection, "l", SelectEndRight),
        (M::Selection, "right", SelectEndRight),
        (M::Selection, "h", SelectEndLeft),
        (M::Selection, "left", SelectEndLeft),
        (M::Selection, "L", SelectStartRight),
        (M::Selection, "shift-right", SelectStartRight),
        (M::Selection, "H", SelectStartLeft),
        (M::Selection, "shift-left", SelectStartLeft),
        (M::Selection, "j", SelectMore),
        (M::Selection, "down", SelectMore),
        (M::Selection, "k", SelectLess),
        (M::Selection, "up", SelectLess),
        (M::Selection, "a", Annotate),
        (M::Selection, "enter", Annotate),
        (M::Selection, "esc", Cancel),
        (M::Selection, "v", Cancel),
        (M::Prompt, "enter", Accept),
        (M::Prompt, "esc", Cancel),
        (M::Finder, "down", SelectNext),
        (M::Finder, "ctrl-n", SelectNext),
        (M::Finder, "up", SelectPrev),
        (M::Finder, "tab", NextGroup),
        (M::Finder, "shift-tab", PrevGroup),
        (M::Finder, "enter", Accept),
        (M::Finder, "esc", Cancel),
        (M::Search, "down", SelectNext),
        (M::Search, "ctrl-n", SelectNext),
        (M::Search, "up", SelectPrev),
        (M::Search, "enter", Accept),
        (M::Search, "esc", Cancel),
        (M::Palette, "down", SelectNext),
        (M::Palette, "ctrl-n", SelectNext),
        (M::Palette, "up", SelectPrev),
        (M::Palette, "enter", Accept),
        (M::Palette, "esc", Cancel),
        (M::Card, "j", Down),
        (M::Card, "down", Down),
        (M::Card, "k", Up),
        (M::Card, "up", Up),
        (M::Card, "pgdn", PageDown),
        (M::Card, "pgup", PageUp),
        (M::Card, "g g", Top),
        (M::Card, "home", Top),
        (M::Card, "G", End),
        (M::Card, "end", End),
        (M::Card, "enter", Accept),
        (M::Card, "esc", Cancel),
        (M::Card, "q", Cancel),
        (M::Card, "backspace", Cancel),
        (M::Card, "ctrl-o", Cancel),
        (M::Card, "alt-left", Cancel),
        (M::Menu, "j", Down),
        (M::Menu, "down", Down),
        (M::Menu, "k", Up),
        (M::Menu, "up", Up),
        (M::Menu, "enter", Accept),
        (M::Menu, "esc", Cancel),
        (M::Menu, "q", Cancel),
        (M::Help, "j", Down),
        (M::Help, "down", Down),
        (M::Help, "k", Up),
        (M::Help, "up", Up),
        (M::Editor, "ctrl-s", Save),
        (M::Editor, "alt-enter", Save),
        (M::Editor, "tab", NextColour),
        (M::Editor, "ctrl-x", ExternalEditor),
        (M::Editor, "esc", Cancel),
        (M::Confirm, "y", Yes),
        (M::Confirm, "Y", Yes),
    ]
};

/// The keymap: bindings by mode, with what is a prefix of a longer sequence.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
    map: HashMap<(Mode, Seq), Action>,
    prefixes: HashMap<(Mode, Seq), Vec<(Seq, Action)>>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        let bindings = DEFAULTS
            .iter()
            .map(|(m, k, a)| Binding {
                mode: *m,
                keys: parse_seq(k).unwrap_or_default(),
                action: *a,
            })
            .collect();
        Keymap::from_bindings(bindings)
    }
}

impl Keymap {
    /// A keymap of these bindings (later ones win over earlier ones for the same keys).
    pub fn from_bindings(bindings: Vec<Binding>) -> Keymap {
        let mut k = Keymap {
            bindings: Vec::new(),
            map: HashMap::new(),
            prefixes: HashMap::new(),
        };
        for b in bindings {
            k.bind(b.mode, b.keys, Some(b.action));
        }
        k
    }

    /// Bind keys in a mode to an action, or unbind them (`None`).
    pub fn bind(&mut self, mode: Mode, keys: Seq, action: Option<Action>) {
        if keys.is_empty() {
            return;
        }
        self.bindings
            .retain(|b| !(b.mode == mode && b.keys == keys));
        if let Some(action) = action {
            self.bindings.push(Binding { mode, keys, action });
        }
        self.rebuild();
    }

    fn rebuild(&mut self) {
        self.map.clear();
        self.prefixes.clear();
        for b in &self.bindings {
            self.map.insert((b.mode, b.keys.clone()), b.action);
            for n in 1..b.keys.len() {
                self.prefixes
                    .entry((b.mode, b.keys[..n].to_vec()))
                    .or_default()
                    .push((b.keys[n..].to_vec(), b.action));
            }
        }
    }

    /// Every binding.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The action of a whole sequence in a mode.
    pub fn get(&self, mode: Mode, keys: &[Key]) -> Option<Action> {
        self.map.get(&(mode, keys.to_vec())).copied()
    }

    /// What may follow a prefix in a mode (for the which-key hints), if it is one.
    pub fn continuations(&self, mode: Mode, keys: &[Key]) -> Option<&[(Seq, Action)]> {
        self.prefixes
            .get(&(mode, keys.to_vec()))
            .map(|v| v.as_slice())
    }

    /// The keys of an action in a mode, in the order bound.
    pub fn keys_of(&self, mode: Mode, action: Action) -> Vec<&Seq> {
        self.bindings
            .iter()
            .filter(|b| b.mode == mode && b.action == action)
            .map(|b| &b.keys)
            .collect()
    }

    /// The keys of an action wherever it is bound, as the help writes them.
    pub fn keys_text(&self, action: Action, modes: &[Mode]) -> String {
        let mut out: Vec<String> = Vec::new();
        for &m in modes {
            for k in self.keys_of(m, action) {
                let s = display_seq(k);
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        out.join(" ")
    }

    /// The first key of an action in the first of these modes that binds it.
    pub fn first_key(&self, action: Action, modes: &[Mode]) -> Option<String> {
        modes
            .iter()
            .find_map(|&m| self.keys_of(m, action).first().map(|k| display_seq(k)))
    }

    /// Problems of the table: a sequence that is also the prefix of another in the same mode
    /// (the longer one could never be typed).
    pub fn conflicts(&self) -> Vec<String> {
        let mut out = Vec::new();
        for b in &self.bindings {
            if self.prefixes.contains_key(&(b.mode, b.keys.clone())) {
                out.push(format!(
                    "[keys.{}] \"{}\" ({}) is also the start of a longer key sequence",
                    b.mode.name(),
                    display_seq(&b.keys),
                    b.action.name()
                ));
            }
        }
        for pair in [
            (Mode::Panes, Mode::List),
            (Mode::Panes, Mode::Reader),
            (Mode::Panes, Mode::Sidebar),
        ] {
            for b in self.bindings.iter().filter(|b| b.mode == pair.0) {
                if let Some(other) = self.get(pair.1, &b.keys).filter(|a| *a != b.action) {
                    out.push(format!(
                        "\"{}\" is {} in [keys.{}] but {} in [keys.{}]",
                        display_seq(&b.keys),
                        b.action.name(),
                        pair.0.name(),
                        other.name(),
                        pair.1.name()
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> Key {
        Key::parse(s).unwrap()
    }
    #[test]
    fn every_action_is_reachable_by_a_key() {
        let km = Keymap::default();
        for &a in Action::ALL {
            assert!(
                km.bindings().iter().any(|b| b.action == a),
                "{} has no key",
                a.name()
            );
        }
    }

    #[test]
    fn the_defaults_have_no_conflicts_and_a_conflict_is_reported() {
        let mut km = Keymap::default();
        assert_eq!(km.conflicts(), Vec::<String>::new());
        // `g` alone would shadow `gg`.
        km.bind(Mode::Panes, parse_seq("g").unwrap(), Some(Action::Top));
        let c = km.conflicts();
        assert_eq!(c.len(), 1, "{c:?}");
        assert!(c[0].contains("\"g\""), "{c:?}");
        // A pane's own binding that differs from the shared one.
        let mut km = Keymap::default();
        km.bind(Mode::Reader, parse_seq("q").unwrap(), Some(Action::Lanes));
        assert!(
            km.conflicts().iter().any(|c| c.contains("\"q\" is quit")),
            "{:?}",
            km.conflicts()
        );
    }

    #[test]
    fn prefixes_and_rebinding() {
        let mut km = Keymap::default();
        assert_eq!(km.get(Mode::Panes, &[k("g")]), None);
        let cont = km.continuations(Mode::Panes, &[k("g")]).unwrap();
        assert_eq!(cont, &[(vec![k("g")], Action::Top)]);
        assert_eq!(km.get(Mode::Panes, &[k("g"), k("g")]), Some(Action::Top));
        km.bind(Mode::Panes, vec![k("x")], Some(Action::Quit));
        km.bind(Mode::Panes, vec![k("q")], None);
        assert_eq!(km.get(Mode::Panes, &[k("x")]), Some(Action::Quit));
        assert_eq!(km.get(Mode::Panes, &[k("q")]), None);
        assert!(km.help()[0].0.contains('x'), "{:?}", km.help()[0]);
    }
}
