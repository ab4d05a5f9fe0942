//! Everything a user can do in the reading room, by name. Keys map to these (see `keymap`), the
//! command palette lists them, and the help, the status hints and the README's key table are
//! generated from them and the keymap.

use serde::{Deserialize, Serialize};

macro_rules! actions {
    ($($variant:ident $name:literal $desc:literal;)*) => {
        /// A thing the user can do. Its name (kebab-case) is what the config file and the
        /// palette use.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Action {
            $(#[doc = $desc] #[serde(rename = $name)] $variant,)*
        }

        impl Action {
            /// Every action, in the order of the help.
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The action's name, as written in the config file and the palette.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name,)* }
            }

            /// What it does, in a few words.
            pub fn description(self) -> &'static str {
                match self { $(Action::$variant => $desc,)* }
            }
        }
    };
}

actions! {
    Quit "quit" "quit (the position is remembered)";
    Close "close" "close the top popup; from the panes, quit";
    Help "help" "the keys (this help)";
    Palette "palette" "the command palette: every action by name";
    Suspend "suspend" "suspend carrel (fg brings it back)";
    NextPane "next-pane" "next pane (tabs in a narrow terminal)";
    PrevPane "prev-pane" "previous pane";
    Down "down" "next paragraph, or line in a list";
    Up "up" "previous paragraph, or line in a list";
    HalfPageDown "half-page-down" "half a page down";
    HalfPageUp "half-page-up" "half a page up";
    PageDown "page-down" "a page down";
    PageUp "page-up" "a page up";
    Top "top" "to the top (with a count: to that paragraph)";
    End "end" "to the end (with a count: to that paragraph)";
    Open "open" "list: open; reader: what this paragraph leads to; sidebar: follow";
    Clear "clear" "clear the search, the filter or the speaker focus";
    Search "search" "list: filter (title, subject, participant, kind, date; kind: from: to: with: subject:); reader: search";
    ListSort "sort" "list: sort by date, title or kind";
    ListGroup "group" "list: group by year, by collection, or not";
    FoldGroup "fold" "list: fold or unfold the group";
    ListDetails "details" "list: the subject or participants under each title";
    NextHit "next-hit" "next search hit";
    PrevHit "prev-hit" "previous search hit";
    Finder "finder" "finder: documents, people, places, anything, by any spelling";
    CorpusSearch "corpus-search" "search the whole corpus; Enter opens the paragraph";
    Back "back" "back to the place before";
    Forward "forward" "forward again";
    PrevDoc "prev-doc" "previous document in time";
    NextDoc "next-doc" "next document in time";
    PrevTurn "prev-turn" "previous turn of the focused speaker";
    NextTurn "next-turn" "next turn of the focused speaker";
    Lanes "lanes" "lanes: each side of the table in its own column";
    NextSpeaker "next-speaker" "speaker focus: next speaker";
    ClearSpeaker "clear-speaker" "speaker focus: clear";
    CycleReading "cycle-reading" "reading of a draft: redline / edited / original";
    RawView "raw-view" "the text exactly as the archive gave it";
    Select "select" "select a passage of the paragraph";
    Annotate "annotate" "annotate the selection or the paragraph";
    Bookmark "bookmark" "bookmark the paragraph";
    Bookmarks "bookmarks" "list the bookmarks";
    CopyCitation "copy-citation" "copy the paragraph's citation (OSC 52) and show it";
    CopyBibliography "copy-bibliography" "copy the bibliography citation";
    OpenLink "open-link" "open the document's archive page";
    Versions "versions" "versions of this document side by side";
    DeleteNote "delete-note" "sidebar: delete the selected note (asks first)";
    SelectEndRight "select-end-right" "selection: its end a word to the right";
    SelectEndLeft "select-end-left" "selection: its end a word to the left";
    SelectStartRight "select-start-right" "selection: its start a word to the right";
    SelectStartLeft "select-start-left" "selection: its start a word to the left";
    SelectMore "select-more" "selection: eight words more";
    SelectLess "select-less" "selection: eight words fewer";
    NextGroup "next-group" "finder: the next group (people, places, …, documents)";
    PrevGroup "prev-group" "finder: the previous group";
    SelectNext "select-next" "the next row of a popup's list";
    SelectPrev "select-prev" "the previous row of a popup's list";
    Accept "accept" "accept: open, go, keep what was typed";
    Cancel "cancel" "cancel: close without doing anything";
    Save "save" "note editor: save the note";
    NextColour "next-colour" "note editor: the next colour";
    ExternalEditor "external-editor" "note editor: write the note in $VISUAL or $EDITOR";
    Yes "yes" "answer yes";
}

impl Action {
    /// The action with this name.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// Why an action cannot be done yet: those that other open work brings.
    pub fn not_yet(self) -> Option<&'static str> {
        match self {
            Action::CopyBibliography => {
                Some("copy-bibliography: not yet available (citations, issue 20)")
            }
            Action::OpenLink => Some("open-link: not yet available (links out, issue 19)"),
            Action::Versions => {
                Some("versions: not yet available (versions side by side, issue 22)")
            }
            _ => None,
        }
    }

    /// Whether a count typed before the key repeats the action.
    pub fn repeats(self) -> bool {
        matches!(
            self,
            Action::Down
                | Action::Up
                | Action::HalfPageDown
                | Action::HalfPageUp
                | Action::PageDown
                | Action::PageUp
                | Action::NextHit
                | Action::PrevHit
                | Action::PrevDoc
                | Action::NextDoc
                | Action::PrevTurn
                | Action::NextTurn
                | Action::SelectEndRight
                | Action::SelectEndLeft
                | Action::SelectStartRight
                | Action::SelectStartLeft
                | Action::Back
                | Action::Forward
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip_through_serde() {
        let mut seen = std::collections::HashSet::new();
        for &a in Action::ALL {
            assert!(seen.insert(a.name()), "{} twice", a.name());
            assert_eq!(Action::from_name(a.name()), Some(a));
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(json, format!("\"{}\"", a.name()));
            assert_eq!(serde_json::from_str::<Action>(&json).unwrap(), a);
        }
        assert_eq!(Action::from_name("no-such-thing"), None);
    }
}
