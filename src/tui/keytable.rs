//! The help's rows, the README's key table and the status-line hints, all made from the
//! keymap as it is bound now.

use super::action::Action;
use super::keymap::{Keymap, Mode};

/// The rows of the help and the README's key table: which actions share a row, and what the
/// row says.
pub const HELP_ROWS: &[(&[Action], &str)] = {
    use Action::*;
    &[
        (&[Quit], "quit (the position is remembered)"),
        (
            &[Help],
            "this help (j/k scroll it); any other key closes it",
        ),
        (
            &[Palette],
            "command palette: every action by name, with its key",
        ),
        (
            &[Close],
            "close the top popup or field; from the panes, quit",
        ),
        (
            &[NextPane, PrevPane],
            "next / previous pane (tabs in a narrow terminal)",
        ),
        (
            &[Down, Up],
            "next / previous paragraph or list line; 5j moves five",
        ),
        (&[HalfPageDown, HalfPageUp], "half a page down / up"),
        (&[PageDown, PageUp], "a page down / up"),
        (&[Top, End], "top / end; with a count (12G), that paragraph"),
        (
            &[Open],
            "open: a document, a paragraph's links, a sidebar line",
        ),
        (
            &[Clear],
            "clear the search, the filter or the speaker focus",
        ),
        (
            &[Search],
            "list filter: title, subject, people, date; reader: search",
        ),
        (&[NextHit, PrevHit], "next / previous search hit"),
        (&[Finder], "find documents, people, places, by any spelling"),
        (&[Back], "back"),
        (
            &[Forward],
            "forward (Ctrl-i where the terminal tells it from Tab)",
        ),
        (&[PrevDoc, NextDoc], "previous / next document in time"),
        (&[Lanes], "lanes: each side of the table in its own column"),
        (
            &[NextSpeaker, ClearSpeaker],
            "speaker focus: next speaker / clear",
        ),
        (
            &[PrevTurn, NextTurn],
            "previous / next turn of the focused speaker",
        ),
        (
            &[CycleReading],
            "reading of a draft: redline / edited / original",
        ),
        (&[RawView], "the text exactly as the archive gave it"),
        (
            &[CorpusSearch],
            "search the whole corpus; Enter opens the paragraph",
        ),
        (
            &[Select],
            "select a passage: ←/→ (h/l) move its end by a word, H/L its start, j/k by eight",
        ),
        (
            &[Annotate],
            "annotate the selection or the paragraph (#words are tags)",
        ),
        (
            &[Bookmark, Bookmarks],
            "bookmark the paragraph; list the bookmarks",
        ),
        (
            &[CopyCitation],
            "copy the paragraph's citation (OSC 52) and show it",
        ),
        (
            &[DeleteNote],
            "sidebar: delete the selected note (asks first); Enter edits it",
        ),
        (&[Suspend], "suspend to the shell; fg comes back"),
        (
            &[ListSort, ListGroup, FoldGroup, ListDetails],
            "list: sort / group / fold a group / a second line",
        ),
        (
            &[CopyBibliography],
            "copy the bibliography citation (not yet available)",
        ),
        (
            &[OpenLink],
            "open the archive's page of the document (not yet available)",
        ),
        (
            &[Versions],
            "versions of this document side by side (not yet available)",
        ),
    ]
};

/// Rows of the help that are not single actions.
pub const HELP_EXTRA: &[(&str, &str)] = &[
    ("note editor", "Enter new line · Ctrl-s or Alt-Enter save · Tab colour · Ctrl-x $EDITOR · Esc asks before discarding"),
    ("text fields", "←/→ Home/End Ctrl-a/Ctrl-e Alt-b/Alt-f move; Backspace Delete Ctrl-w Ctrl-u Ctrl-k delete"),
    ("finder", "Tab next group; @ people ! places & organizations ~ events # documents"),
    ("mouse", "wheel scrolls; a click focuses a pane and opens a row"),
];

/// The modes whose keys the help's rows show.
const HELP_MODES: &[Mode] = &[
    Mode::Global,
    Mode::Panes,
    Mode::List,
    Mode::Reader,
    Mode::Sidebar,
];

impl Keymap {
    /// The help: (keys, what they do) for every row, keys as bound now.
    pub fn help(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (actions, what) in HELP_ROWS {
            let keys: Vec<String> = actions
                .iter()
                .map(|a| self.keys_text(*a, HELP_MODES))
                .filter(|k| !k.is_empty())
                .collect();
            let keys = if keys.is_empty() {
                "(unbound)".to_string()
            } else {
                keys.join(" / ")
            };
            out.push((keys, what.to_string()));
        }
        for (k, d) in HELP_EXTRA {
            out.push((k.to_string(), d.to_string()));
        }
        out
    }

    /// The README's key table, one `| keys | what |` line per help row.
    pub fn readme_table(&self) -> String {
        let mut s = String::from("| keys | what they do |\n| --- | --- |\n");
        for (k, d) in self.help() {
            s.push_str(&format!("| `{}` | {} |\n", k.replace('|', "\\|"), d));
        }
        s
    }

    /// A status-line hint for a list of (actions, label): `j/k move · Enter follow`.
    pub fn hints(&self, modes: &[Mode], items: &[(&[Action], &str)]) -> String {
        let mut out: Vec<String> = Vec::new();
        for (actions, label) in items {
            let keys: Vec<String> = actions
                .iter()
                .filter_map(|a| self.first_key(*a, modes))
                .collect();
            if keys.is_empty() {
                continue;
            }
            let arrows = keys
                .iter()
                .all(|k| ["↑", "↓", "←", "→"].contains(&k.as_str()));
            let keys = keys
                .join(if arrows { "" } else { "/" })
                .replace("Backspace", "⌫");
            out.push(if label.is_empty() {
                keys
            } else {
                format!("{keys} {label}")
            });
        }
        out.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn hints_are_made_from_the_bindings() {
        let km = Keymap::default();
        let h = km.hints(
            &[Mode::Reader, Mode::Panes],
            &[
                (&[Action::Down, Action::Up], "move"),
                (&[Action::Back], "back"),
            ],
        );
        assert_eq!(h, "j/k move · ⌫ back");
    }
}
