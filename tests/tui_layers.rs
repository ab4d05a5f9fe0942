//! The layers of the reading room: which layer a key and a click reach, Ctrl-c, counts and
//! sequences, the note editor's keys, the palette, and a keymap changed by the config file.

use carrel::corpus::Corpus;
use carrel::tui::action::Action;
use carrel::tui::app::{App, Focus};
use carrel::tui::frame;
use carrel::tui::popups::Layer;
use carrel::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn app() -> App {
    App::new(Corpus::bundled(), Theme::dark(true), None)
}

fn key(a: &mut App, code: KeyCode) {
    a.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(a: &mut App, c: char) {
    a.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn typ(a: &mut App, s: &str) {
    for c in s.chars() {
        key(a, KeyCode::Char(c));
    }
}

fn draw(a: &mut App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(200, 60)).unwrap();
    frame(&mut t, a).unwrap();
    t
}

fn top(a: &App) -> &'static str {
    match a.layers.last() {
        None => "panes",
        Some(Layer::Prompt(_)) => "prompt",
        Some(Layer::Finder(_)) => "finder",
        Some(Layer::Card(_)) => "card",
        Some(Layer::Menu(_)) => "menu",
        Some(Layer::Help(_)) => "help",
        Some(Layer::Editor(_)) => "editor",
        Some(Layer::Search(_)) => "search",
        Some(Layer::Confirm(_)) => "confirm",
        Some(Layer::Palette(_)) => "palette",
    }
}

fn n(a: &App) -> usize {
    a.doc().unwrap().blocks[a.view().cursor].n
}

#[test]
fn keys_go_to_the_top_layer_and_ctrl_c_closes_one_layer_at_a_time() {
    let mut a = app();
    draw(&mut a);
    ctrl(&mut a, 'p');
    typ(&mut a, "dairen");
    key(&mut a, KeyCode::Enter);
    assert_eq!(top(&a), "card");
    // The finder over the card: letters type into the finder, not into the card's keys.
    ctrl(&mut a, 'p');
    typ(&mut a, "jq");
    match a.layers.last() {
        Some(Layer::Finder(f)) => assert_eq!(f.field.text(), "jq"),
        _ => panic!("the finder is not on top"),
    }
    assert_eq!(a.layers.len(), 2);
    // Keys a popup does not use stay with it: `]` does not change the document under the card.
    ctrl(&mut a, 'c');
    assert_eq!(top(&a), "card");
    let doc = a.current;
    key(&mut a, KeyCode::Char(']'));
    assert_eq!(a.current, doc);
    assert_eq!(top(&a), "card");
    ctrl(&mut a, 'c');
    assert_eq!(top(&a), "panes");
    assert!(!a.quit);
    // From the panes, Ctrl-c quits.
    ctrl(&mut a, 'c');
    assert!(a.quit);
}

#[test]
fn ctrl_c_in_a_text_field_closes_it() {
    let mut a = app();
    draw(&mut a);
    a.focus = Focus::List;
    key(&mut a, KeyCode::Char('/'));
    typ(&mut a, "telegram");
    assert_eq!(a.list.filtered.len(), 3);
    ctrl(&mut a, 'c');
    assert_eq!(top(&a), "panes");
    // Closing the filter's field clears it, as Esc does.
    assert_eq!(a.list.filtered.len(), 7);
    assert!(!a.quit);
}

#[test]
fn the_help_closes_on_any_other_key_and_a_click() {
    let mut a = app();
    draw(&mut a);
    key(&mut a, KeyCode::Char('?'));
    key(&mut a, KeyCode::Char('j'));
    assert_eq!(top(&a), "help");
    key(&mut a, KeyCode::Char('x'));
    assert_eq!(top(&a), "panes");
    key(&mut a, KeyCode::Char('?'));
    draw(&mut a);
    a.on_mouse(click(3, 3));
    assert_eq!(top(&a), "panes");
}

fn click(col: u16, row: u16) -> MouseEvent {
    MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: col,
        row,
        modifiers: KeyModifiers::NONE,
    }
}

#[test]
fn a_click_goes_to_the_layer_under_the_pointer() {
    let mut a = app();
    draw(&mut a);
    // ¶5 of the 1945 record names people: Enter opens its menu.
    for _ in 0..4 {
        key(&mut a, KeyCode::Char('j'));
    }
    key(&mut a, KeyCode::Enter);
    assert_eq!(top(&a), "menu");
    draw(&mut a);
    let rect = a.layers.last().unwrap().rect(a.areas.main).unwrap();
    // A click outside the menu, on the list pane, reaches neither the list nor the menu.
    let list = a.areas.list.unwrap();
    a.on_mouse(click(list.x + 2, list.y + 5));
    assert_eq!(top(&a), "menu");
    assert_eq!(a.focus, Focus::Reader);
    // A click on the menu's first row follows it: an entity's card.
    a.on_mouse(click(rect.x + 3, rect.y + 1));
    assert_eq!(top(&a), "card");
    // The card's list takes clicks the same way: its first mention opens where it is.
    draw(&mut a);
    let at = match a.layers.last() {
        Some(Layer::Card(c)) => c.mentions[0].at,
        _ => panic!("no card"),
    };
    let rows = match a.layers.last() {
        Some(Layer::Card(c)) => c.rows_area(&a.cx(), a.areas.main).1,
        _ => unreachable!(),
    };
    a.on_mouse(click(rows.x + 2, rows.y));
    assert_eq!(top(&a), "panes");
    assert_eq!((a.current, a.view().cursor), (at.doc, at.block));
}

#[test]
fn counts_and_sequences_as_in_vim() {
    let mut a = app();
    draw(&mut a);
    assert_eq!(n(&a), 1);
    typ(&mut a, "5j");
    assert_eq!(n(&a), 6);
    typ(&mut a, "12G");
    assert_eq!(n(&a), 12);
    typ(&mut a, "G");
    assert_eq!(n(&a), 209);
    // `g` waits for the next key; the status line says what may follow.
    typ(&mut a, "g");
    let t = draw(&mut a);
    let status: String = (0..200)
        .map(|x| t.backend().buffer()[(x, 59)].symbol().to_string())
        .collect();
    assert!(status.contains("g… g top"), "{status}");
    typ(&mut a, "g");
    assert_eq!(n(&a), 1);
    // A key that continues no sequence is taken on its own.
    typ(&mut a, "gj");
    assert_eq!(n(&a), 2);
    assert!(a.prefix.is_empty() && a.count.is_none());
    // Ctrl-d and Ctrl-u move half a page, and back.
    draw(&mut a);
    let before = a.view().top;
    ctrl(&mut a, 'd');
    assert!(a.view().top > before);
    ctrl(&mut a, 'u');
    assert_eq!(a.view().top, before);
}

#[test]
fn the_note_editor_makes_lines_and_asks_before_discarding() {
    let mut a = app();
    draw(&mut a);
    key(&mut a, KeyCode::Char('a'));
    assert_eq!(top(&a), "editor");
    typ(&mut a, "one");
    key(&mut a, KeyCode::Enter);
    typ(&mut a, "two");
    match a.layers.last() {
        Some(Layer::Editor(e)) => assert_eq!(e.field.text(), "one\ntwo"),
        _ => panic!("no editor"),
    }
    key(&mut a, KeyCode::Esc);
    assert_eq!(top(&a), "confirm");
    key(&mut a, KeyCode::Char('n'));
    assert_eq!(top(&a), "editor");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('y'));
    assert_eq!(top(&a), "panes");
    // An untouched editor closes at once.
    key(&mut a, KeyCode::Char('a'));
    key(&mut a, KeyCode::Esc);
    assert_eq!(top(&a), "panes");
}

#[test]
fn the_palette_runs_an_action_by_name() {
    let mut a = app();
    draw(&mut a);
    key(&mut a, KeyCode::Char(':'));
    typ(&mut a, "lanes");
    match a.layers.last() {
        Some(Layer::Palette(p)) => assert_eq!(p.matches, [Action::Lanes]),
        _ => panic!("no palette"),
    }
    key(&mut a, KeyCode::Enter);
    assert!(a.lanes);
    assert_eq!(top(&a), "panes");
}

#[test]
fn keys_of_other_issues_say_they_are_not_yet_available() {
    let mut a = app();
    draw(&mut a);
    for k in ['o', 'Y', 'V'] {
        key(&mut a, KeyCode::Char(k));
        assert!(
            a.message
                .as_deref()
                .unwrap_or("")
                .contains("not yet available"),
            "{k}: {:?}",
            a.message
        );
    }
}

#[test]
fn next_turn_of_the_focused_speaker() {
    let mut a = app();
    draw(&mut a);
    // The 1945 record: ¶1 Stalin, ¶2 Soong; focus on the first speaker (Stalin).
    key(&mut a, KeyCode::Char('s'));
    let stalin = a.speaker_focus.unwrap();
    let turns: Vec<usize> = a
        .doc()
        .unwrap()
        .blocks
        .iter()
        .filter(|b| {
            b.kind == carrel::model::BlockKind::Turn
                && !b.continues
                && b.speaker
                    .as_ref()
                    .is_some_and(|s| s.name == a.current_cast().members[stalin].name)
        })
        .map(|b| b.n)
        .collect();
    assert!(turns.len() > 3, "{turns:?}");
    let start = n(&a);
    key(&mut a, KeyCode::Char('}'));
    let first_after = turns.iter().copied().find(|&t| t > start).unwrap();
    assert_eq!(n(&a), first_after);
    key(&mut a, KeyCode::Char('}'));
    key(&mut a, KeyCode::Char('{'));
    assert_eq!(n(&a), first_after);
}

#[test]
fn a_config_file_rebinds_keys_and_reports_what_it_cannot_use() {
    let mut c = carrel::config::Config::parse(
        "[keys.panes]\n\"x\" = \"quit\"\n\"q\" = \"none\"\n\"w\" = \"fly\"\n[theme]\nname = \"light\"\n[reading]\nlanes = true\n",
    );
    let (keymap, theme) = carrel::tui::config::check(&mut c);
    assert_eq!(c.problems.len(), 1);
    assert_eq!((c.problems[0].line, c.problems[0].col), (4, 7));
    let mut a = app();
    a.configure(&c, keymap, theme);
    assert!(a.lanes);
    draw(&mut a);
    key(&mut a, KeyCode::Char('q'));
    assert!(!a.quit);
    key(&mut a, KeyCode::Char('x'));
    assert!(a.quit);
    // The help shows the keys as bound now.
    assert!(a
        .keymap
        .help()
        .iter()
        .any(|(k, d)| k == "x" && d.starts_with("quit")));
}
