//! The status line: the document, the paragraph and the mode on the left; on the right a
//! message, or the keys that matter now (made from the keymap), or what may follow a prefix.

use super::super::action::Action;
use super::super::app::{App, Focus};
use super::super::cx::truncate;
use super::super::keymap::{display_seq, Mode};
use super::super::popups::Layer;
use super::super::wrap::sanitize;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Hints: the actions of each, with a label.
type Items = &'static [(&'static [Action], &'static str)];

/// The hints of each place: the modes to find keys in, the items, and a lead.
fn hint_items(app: &App) -> (Vec<Mode>, Items, &'static str) {
    use Action::*;
    let modes = app.pane_modes();
    match app.layers.last() {
        Some(Layer::Finder(_)) => (
            vec![Mode::Finder],
            &[
                (&[SelectPrev, SelectNext], "choose"),
                (&[Accept], "open"),
                (&[Cancel], "close"),
            ],
            "type to find · ",
        ),
        Some(Layer::Prompt(p)) if p.kind == super::super::popups::prompt::PromptKind::Filter => (
            vec![Mode::Prompt],
            &[(&[Accept], "keep"), (&[Cancel], "clear")],
            "type to filter · ",
        ),
        Some(Layer::Prompt(_)) => (
            vec![Mode::Prompt],
            &[(&[Accept], "go"), (&[Cancel], "cancel")],
            "type to search · ",
        ),
        Some(Layer::Editor(_)) => (
            vec![Mode::Editor],
            &[
                (&[NextColour], "colour"),
                (&[Save], "save"),
                (&[ExternalEditor], "$EDITOR"),
                (&[Cancel], "cancel"),
            ],
            "type the note · #tag · Enter new line · ",
        ),
        Some(Layer::Search(_)) => (
            vec![Mode::Search],
            &[
                (&[SelectPrev, SelectNext], "choose"),
                (&[Accept], "open"),
                (&[Cancel], "close"),
            ],
            "type to search the corpus · ",
        ),
        Some(Layer::Palette(_)) => (
            vec![Mode::Palette],
            &[
                (&[SelectPrev, SelectNext], "choose"),
                (&[Accept], "run"),
                (&[Cancel], "close"),
            ],
            "type to narrow · ",
        ),
        Some(Layer::Confirm(_)) => (
            vec![Mode::Confirm],
            &[(&[Yes], "yes")],
            "any other key: no · ",
        ),
        Some(Layer::Card(_)) => (
            vec![Mode::Card],
            &[
                (&[Down, Up], "mention"),
                (&[Accept], "jump there"),
                (&[Cancel], "close"),
            ],
            "",
        ),
        Some(Layer::Menu(_)) => (
            vec![Mode::Menu],
            &[
                (&[Down, Up], "choose"),
                (&[Accept], "follow"),
                (&[Cancel], "close"),
            ],
            "",
        ),
        Some(Layer::Help(_)) => (
            vec![Mode::Help],
            &[(&[Down, Up], "scroll")],
            "any other key closes · ",
        ),
        None if app.selection.is_some() => (
            modes,
            &[
                (&[SelectEndLeft, SelectEndRight], "end"),
                (&[SelectStartLeft, SelectStartRight], "start"),
                (&[SelectMore, SelectLess], "more/less"),
                (&[Annotate], "annotate"),
                (&[Cancel], "cancel"),
            ],
            "",
        ),
        None => match app.focus {
            Focus::List => (
                modes,
                &[
                    (&[Down, Up], "move"),
                    (&[Open], "open"),
                    (&[Search], "filter"),
                    (&[NextPane], "pane"),
                    (&[Finder], "find"),
                    (&[Help], "help"),
                    (&[Quit], "quit"),
                ],
                "",
            ),
            Focus::Reader => (
                modes,
                &[
                    (&[Down, Up], "move"),
                    (&[Open], "follow"),
                    (&[Search], "search"),
                    (&[NextSpeaker], "speaker"),
                    (&[Lanes], "lanes"),
                    (&[Back], "back"),
                    (&[Finder], "find"),
                    (&[Palette], "actions"),
                    (&[Help], "help"),
                ],
                "",
            ),
            Focus::Sidebar => (
                modes,
                &[
                    (&[Down, Up], "choose"),
                    (&[Open], "follow"),
                    (&[NextPane], "pane"),
                    (&[Help], "help"),
                    (&[Quit], "quit"),
                ],
                "",
            ),
        },
    }
}

/// The right side: what may follow a prefix, else the hints.
fn hints(app: &App) -> String {
    if !app.prefix.is_empty() || app.count.is_some() {
        let typed = format!(
            "{}{}",
            app.count.map(|c| c.to_string()).unwrap_or_default(),
            display_seq(&app.prefix)
        );
        let mut next: Vec<String> = Vec::new();
        for m in app.pane_modes() {
            for (rest, a) in app.keymap.continuations(m, &app.prefix).unwrap_or(&[]) {
                next.push(format!("{} {}", display_seq(rest), a.name()));
            }
        }
        if next.is_empty() {
            return format!("{typed}… (a key to repeat: j k Ctrl-d … G for that paragraph)");
        }
        return format!("{typed}… {}", next.join(" · "));
    }
    let (modes, items, lead) = hint_items(app);
    format!("{lead}{}", app.keymap.hints(&modes, items))
}

/// Draw the status line.
pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let mut left = String::new();
    if let Some(d) = app.doc() {
        let v = app.view();
        let n = d.blocks.get(v.cursor).map(|b| b.n).unwrap_or(0);
        let last = d.blocks.last().map(|b| b.n).unwrap_or(0);
        left = format!(" {} ¶{n}/{last}", d.id);
        let drafted = d.blocks.iter().any(|b| {
            b.segments.iter().any(|s| {
                matches!(
                    s,
                    crate::model::Segment::Insert(_) | crate::model::Segment::Delete(_)
                )
            })
        });
        if app.raw {
            left.push_str(" · as given");
        } else if drafted {
            left.push_str(&format!(" · {}", app.reading.as_str()));
        }
    }
    if app.lanes {
        left.push_str(" · lanes");
    }
    if let Some((done, total)) = app.indexing() {
        left.push_str(&format!(" · indexing {done}/{total}"));
    }
    if let Some(s) = app.speaker_focus {
        if let Some(m) = app.current_cast().members.get(s) {
            left.push_str(&format!(" · focus: {}", m.name));
        }
    }
    if let Some(s) = &app.search {
        let pos = app
            .hit_position()
            .map(|p| format!("{p}/"))
            .unwrap_or_default();
        left.push_str(&format!(
            " · \"{}\" {pos}{} ¶ ({} hits)",
            truncate(&sanitize(&s.query), 20),
            s.blocks.len(),
            s.total
        ));
    }
    let right = match &app.message {
        Some(m) => sanitize(m),
        None => hints(app),
    };
    let w = area.width as usize;
    let left = truncate(&left, w / 2);
    let right = truncate(&right, w.saturating_sub(left.width() + 2));
    let gap = w.saturating_sub(left.width() + right.width() + 1);
    let line = format!("{left}{}{right} ", " ".repeat(gap));
    f.render_widget(Paragraph::new(Span::styled(line, app.theme.status())), area);
}
