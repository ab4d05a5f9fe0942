//! The reading room drawn into ratatui's TestBackend: snapshots of each pane and popup at a
//! small (80x24) and a large (200x60) size, and checks that hold at any size.

use carrel::corpus::Corpus;
use carrel::tui::app::{App, Focus};
use carrel::tui::frame;
use carrel::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use ratatui::Terminal;

fn app() -> App {
    App::new(Corpus::bundled(), Theme::dark(true), None)
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(app: &mut App, c: char) {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn typ(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn terminal(w: u16, h: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(w, h)).unwrap()
}

/// Draw and return the screen as text.
fn screen(app: &mut App, t: &mut Terminal<TestBackend>) -> String {
    frame(t, app).unwrap();
    let buf = t.backend().buffer();
    let mut s = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}

fn open(app: &mut App, id_prefix: &str) {
    let id = app.corpus.find(id_prefix).unwrap().id.clone();
    let i = app.corpus.index_of(&id).unwrap();
    app.open_doc(i);
}

#[test]
fn the_1945_record_three_panes_large() {
    let mut a = app();
    let mut t = terminal(200, 60);
    let s = screen(&mut a, &mut t);
    // The three speakers of the record are in the gutter, the list and sidebar beside.
    for name in ["Stalin", "Soong", "Documents 7", "Sidebar", "Speakers"] {
        assert!(s.contains(name), "{name}");
    }
    insta::assert_snapshot!("reader_1945_200x60", s);
}

#[test]
fn the_1945_record_small_is_a_tab() {
    let mut a = app();
    let mut t = terminal(80, 24);
    let s = screen(&mut a, &mut t);
    assert!(s.contains(" Reader "));
    insta::assert_snapshot!("reader_1945_80x24", s);
}

#[test]
fn the_list_pane_with_a_filter() {
    let mut a = app();
    a.focus = Focus::List;
    let mut t = terminal(80, 24);
    key(&mut a, KeyCode::Char('/'));
    typ(&mut a, "telegram");
    let s = screen(&mut a, &mut t);
    // Two telegrams, and the draft whose title calls it a ciphered telegram.
    assert!(s.contains("Documents 3/7"), "{s}");
    insta::assert_snapshot!("list_filter_80x24", s);
    key(&mut a, KeyCode::Esc);
    let mut t = terminal(200, 60);
    a.focus = Focus::List;
    typ(&mut a, "j");
    insta::assert_snapshot!("list_200x60", screen(&mut a, &mut t));
}

#[test]
fn the_sidebar_follows_the_reader() {
    let mut a = app();
    open(&mut a, "1949-07-27");
    let mut t = terminal(200, 60);
    screen(&mut a, &mut t);
    for _ in 0..6 {
        key(&mut a, KeyCode::Char('j'));
    }
    let s = screen(&mut a, &mut t);
    insta::assert_snapshot!("sidebar_1949_200x60", s);
    a.focus = Focus::Sidebar;
    let mut t = terminal(80, 24);
    insta::assert_snapshot!("sidebar_1949_80x24", screen(&mut a, &mut t));
}

#[test]
fn the_finder_and_a_card() {
    let mut a = app();
    let mut t = terminal(80, 24);
    screen(&mut a, &mut t);
    ctrl(&mut a, 'p');
    typ(&mut a, "dairen");
    let s = screen(&mut a, &mut t);
    assert!(s.contains("Dalian"), "{s}");
    insta::assert_snapshot!("finder_dairen_80x24", s);
    key(&mut a, KeyCode::Enter);
    let mut t = terminal(200, 60);
    let s = screen(&mut a, &mut t);
    assert!(s.contains("Mentions:"), "{s}");
    insta::assert_snapshot!("card_dalian_200x60", s);
}

#[test]
fn lanes_set_the_sides_of_the_table_apart() {
    let mut a = app();
    open(&mut a, "wilson-112088");
    let mut t = terminal(200, 60);
    screen(&mut a, &mut t);
    key(&mut a, KeyCode::Char('l'));
    for _ in 0..8 {
        key(&mut a, KeyCode::Char('j'));
    }
    insta::assert_snapshot!("lanes_1959_200x60", screen(&mut a, &mut t));
}

#[test]
fn a_draft_in_its_three_readings() {
    let mut a = app();
    open(&mut a, "1950-10-04");
    let mut t = terminal(200, 60);
    for _ in 0..10 {
        screen(&mut a, &mut t);
        key(&mut a, KeyCode::Char('j'));
    }
    let red = screen(&mut a, &mut t);
    assert!(red.contains("{+") && red.contains("{-"), "{red}");
    insta::assert_snapshot!("draft_redline_200x60", red);
    key(&mut a, KeyCode::Char('r'));
    let edited = screen(&mut a, &mut t);
    assert!(!edited.contains("{+") && !edited.contains("{-"));
    insta::assert_snapshot!("draft_edited_200x60", edited);
    key(&mut a, KeyCode::Char('R'));
    insta::assert_snapshot!("draft_as_given_200x60", screen(&mut a, &mut t));
}

#[test]
fn help_lists_the_keys() {
    let mut a = app();
    let mut t = terminal(80, 24);
    key(&mut a, KeyCode::Char('?'));
    let s = screen(&mut a, &mut t);
    assert!(s.contains("Ctrl-p") && s.contains("lanes"), "{s}");
    insta::assert_snapshot!("help_80x24", s);
}

#[test]
fn search_counts_and_moves_between_hits() {
    let mut a = app();
    let mut t = terminal(200, 60);
    screen(&mut a, &mut t);
    key(&mut a, KeyCode::Char('/'));
    typ(&mut a, "port arthur");
    key(&mut a, KeyCode::Enter);
    let s = a.search.clone().unwrap();
    // Read off the 1945 record: "Port Arthur" (any case) in these paragraphs.
    assert!(s.total >= 8, "{s:?}");
    let first = a.view().cursor;
    key(&mut a, KeyCode::Char('n'));
    assert!(a.view().cursor > first);
    key(&mut a, KeyCode::Char('N'));
    assert_eq!(a.view().cursor, first);
    let screen_text = screen(&mut a, &mut t);
    assert!(screen_text.contains(&format!("1/{} ¶ ({} hits)", s.blocks.len(), s.total)));
    insta::assert_snapshot!("search_port_arthur_200x60", screen_text);
}

#[test]
fn any_size_draws_without_panicking_and_comes_back() {
    let mut a = app();
    for (w, h) in [
        (1, 1),
        (2, 1),
        (10, 3),
        (19, 5),
        (20, 6),
        (60, 20),
        (99, 30),
        (100, 30),
        (250, 80),
        (1, 1),
        (80, 24),
    ] {
        let mut t = terminal(w, h);
        screen(&mut a, &mut t);
        ctrl(&mut a, 'p');
        typ(&mut a, "zh");
        screen(&mut a, &mut t);
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Char('l'));
        key(&mut a, KeyCode::Char('j'));
        screen(&mut a, &mut t);
    }
    let mut t = terminal(80, 24);
    assert!(screen(&mut a, &mut t).contains("Reader"));
}

#[test]
fn only_the_sixteen_named_colours_and_none_without_colour() {
    let named = |c: Color| {
        matches!(
            c,
            Color::Reset
                | Color::Black
                | Color::Red
                | Color::Green
                | Color::Yellow
                | Color::Blue
                | Color::Magenta
                | Color::Cyan
                | Color::Gray
                | Color::DarkGray
                | Color::LightRed
                | Color::LightGreen
                | Color::LightYellow
                | Color::LightBlue
                | Color::LightMagenta
                | Color::LightCyan
                | Color::White
        )
    };
    for colour in [true, false] {
        let mut a = App::new(Corpus::bundled(), Theme::dark(colour), None);
        let mut t = terminal(200, 60);
        frame(&mut t, &mut a).unwrap();
        let buf = t.backend().buffer();
        for c in buf.content() {
            assert!(named(c.fg) && named(c.bg));
            if !colour {
                assert_eq!((c.fg, c.bg), (Color::Reset, Color::Reset));
            }
        }
    }
}

#[test]
fn control_sequences_in_documents_never_reach_the_screen() {
    let dir = std::env::temp_dir().join(format!("carrel-esc-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("evil.txt"),
        "Telegram from A\u{1b}]0;owned\u{7} to B, 2 May 1951\n\nText \u{1b}[31mred\u{1b}[0m and \u{9b}2J here.\n",
    )
    .unwrap();
    let c = Corpus::load(&[carrel::corpus::Source::Path(dir.clone())]);
    let mut a = App::new(c, Theme::dark(true), None);
    let mut t = terminal(200, 40);
    let s = screen(&mut a, &mut t);
    assert!(s.contains("Text red and"), "{s}");
    assert!(!s.chars().any(|c| c.is_control() && c != '\n'));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn moving_never_wraps_the_document_again() {
    let mut a = app();
    let mut t = terminal(200, 60);
    screen(&mut a, &mut t);
    let made = a.layouts_made;
    for _ in 0..40 {
        key(&mut a, KeyCode::Char('j'));
        screen(&mut a, &mut t);
    }
    key(&mut a, KeyCode::PageDown);
    key(&mut a, KeyCode::Char('s'));
    screen(&mut a, &mut t);
    assert_eq!(
        a.layouts_made, made,
        "moving and focusing re-wrapped the document"
    );
    // A new width does.
    let mut t = terminal(150, 60);
    screen(&mut a, &mut t);
    assert_eq!(a.layouts_made, made + 1);
}

/// The foreground colour of the first cell of `word` as a speaker name in the reader's gutter.
fn colour_of(a: &App, t: &Terminal<TestBackend>, word: &str) -> Option<Color> {
    let buf = t.backend().buffer();
    let r = a.areas.reader?;
    for y in r.y + 1..r.y + r.height.saturating_sub(1) {
        let row: String = (r.x..r.x + r.width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        // A gutter name follows a paragraph number.
        let pattern = format!(" {word}  ");
        for (i, _) in row.match_indices(&pattern) {
            if row[..i].ends_with(|c: char| c.is_ascii_digit()) {
                let col = r.x + row[..i + 1].chars().count() as u16;
                return Some(buf[(col, y)].fg);
            }
        }
    }
    None
}

#[test]
fn speakers_have_colours_by_side_and_focus_dims_the_others() {
    let mut a = app();
    let mut t = terminal(200, 60);
    screen(&mut a, &mut t);
    // Stalin (USSR) and Soong (Republic of China) sit on different sides: different hues.
    let stalin = colour_of(&a, &t, "Stalin").unwrap();
    let soong = colour_of(&a, &t, "Soong").unwrap();
    assert_ne!(stalin, soong);
    assert_ne!(stalin, Color::Reset);
    // Focus on the first speaker (Stalin): Soong's turns are dimmed.
    key(&mut a, KeyCode::Char('s'));
    let s = screen(&mut a, &mut t);
    assert!(s.contains("focus: Stalin"), "{s}");
    assert_eq!(colour_of(&a, &t, "Soong"), Some(Color::DarkGray));
    assert_eq!(colour_of(&a, &t, "Stalin"), Some(stalin));
    key(&mut a, KeyCode::Char('S'));
    screen(&mut a, &mut t);
    assert_eq!(colour_of(&a, &t, "Soong"), Some(soong));
}

#[test]
fn the_mouse_opens_a_row_and_scrolls_the_reader() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut a = app();
    let mut t = terminal(200, 60);
    screen(&mut a, &mut t);
    let rows = a.areas.list_rows.unwrap();
    // The third row of the list is the first telegram (1949-12-18).
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: rows.x + 2,
        row: rows.y + 2,
        modifiers: crossterm::event::KeyModifiers::NONE,
    };
    a.on_mouse(click);
    assert_eq!(a.doc().unwrap().date.as_deref(), Some("1949-12-18"));
    open(&mut a, "wilson-122505");
    screen(&mut a, &mut t);
    let r = a.areas.reader.unwrap();
    let before = a.view().top;
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: r.x + 10,
        row: r.y + 10,
        modifiers: crossterm::event::KeyModifiers::NONE,
    };
    a.on_mouse(wheel);
    assert_eq!(a.view().top, before + 3);
}

#[test]
fn the_readme_key_table_is_the_keymap_s() {
    // The help and the README's table are both made from the keymap: the README must hold the
    // table exactly as the default keymap makes it.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = carrel::tui::keymap::Keymap::default().readme_table();
    assert!(
        readme.contains(&table),
        "the README's key table differs from the keymap's; it should read:\n{table}"
    );
    for (k, d) in carrel::tui::keymap::Keymap::default().help() {
        assert!(
            readme.contains(&format!("| `{}` | {d} |", k.replace('|', "\\|"))),
            "README lacks {k}"
        );
    }
}

#[test]
fn notes_bookmarks_citations_and_corpus_search_in_the_reading_room() {
    let data = std::env::temp_dir().join(format!("carrel-tui-desk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let mut a = App::new(Corpus::bundled(), Theme::dark(true), Some(data.clone()));
    a.cache_dir = Some(data.join("cache"));
    let mut t = terminal(200, 60);
    screen(&mut a, &mut t);
    // ¶6 of the 1945 record: "It has been communicated to us. The U.S. communicated to us…"
    for _ in 0..5 {
        key(&mut a, KeyCode::Char('j'));
    }
    key(&mut a, KeyCode::Char('v'));
    key(&mut a, KeyCode::Char('h'));
    key(&mut a, KeyCode::Char('h'));
    // Five words to start with, two fewer after h h.
    assert_eq!(a.selected_text().unwrap().0, "It has been");
    key(&mut a, KeyCode::Char('a'));
    typ(&mut a, "Soong knew already #yalta");
    // Enter makes a new line in the note editor now; Ctrl-s saves (a deliberate change).
    ctrl(&mut a, 's');
    let s = screen(&mut a, &mut t);
    assert!(
        s.contains("Your notes") && s.contains("¶6 Soong knew already #yalta"),
        "{s}"
    );
    let notes = carrel::notes::store::Store::open(&data)
        .unwrap()
        .list(None)
        .unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].quote.as_deref(), Some("It has been"));
    assert_eq!(notes[0].tags, ["yalta"]);
    assert_eq!(notes[0].block, 6);
    // A bookmark, and the list of bookmarks leads back to it.
    key(&mut a, KeyCode::Char('m'));
    open(&mut a, "wilson-112088");
    key(&mut a, KeyCode::Char('\''));
    let s = screen(&mut a, &mut t);
    assert!(
        s.contains("Bookmarks") && s.contains("1945-07-02 ¶6"),
        "{s}"
    );
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.doc().unwrap().id, "wilson-122505");
    assert_eq!(a.doc().unwrap().blocks[a.view().cursor].n, 6);
    // y: the paragraph's citation (Chicago notes from the CSL engine since issue 20).
    key(&mut a, KeyCode::Char('y'));
    assert!(a.clipboard.as_deref().unwrap().ends_with(
        "July 2, 1945, para. 6, Victor Hoo Collection, box 6, folder 9, Hoover Institution \
         Archives, https://digitalarchive.umd.edu/document/122505."
    ));
    // Delete the note from the sidebar, after saying yes.
    screen(&mut a, &mut t);
    a.focus = Focus::Sidebar;
    screen(&mut a, &mut t);
    a.side_selected = a
        .side_items
        .iter()
        .position(|i| i.text.contains("Soong knew"))
        .unwrap();
    key(&mut a, KeyCode::Char('d'));
    let s = screen(&mut a, &mut t);
    assert!(s.contains("Delete this note?"), "{s}");
    key(&mut a, KeyCode::Char('n'));
    assert_eq!(
        carrel::notes::store::Store::open(&data)
            .unwrap()
            .list(None)
            .unwrap()
            .len(),
        2
    );
    key(&mut a, KeyCode::Char('d'));
    key(&mut a, KeyCode::Char('y'));
    let left = carrel::notes::store::Store::open(&data)
        .unwrap()
        .list(None)
        .unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].kind, carrel::notes::NoteKind::Bookmark);
    // Corpus-wide search: Enter opens the paragraph.
    // Corpus search moved from Ctrl-f to Ctrl-g (Ctrl-f pages down, as in less and vim).
    ctrl(&mut a, 'g');
    // The last word typed is a prefix: "thirty-year" alone also finds "thirty years" (1959).
    typ(&mut a, "thirty-year");
    let s = screen(&mut a, &mut t);
    assert!(s.contains("2 hits"), "{s}");
    typ(&mut a, " lease");
    let s = screen(&mut a, &mut t);
    assert!(s.contains("1 hits"), "{s}");
    key(&mut a, KeyCode::Enter);
    assert_eq!(
        a.doc().unwrap().id,
        "1949-12-18-telegram-mao-tse-tung-liu-shaoqi"
    );
    assert_eq!(a.doc().unwrap().blocks[a.view().cursor].n, 4);
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn help_scrolls_to_its_last_key_in_a_small_terminal() {
    let mut a = app();
    let mut t = terminal(80, 24);
    key(&mut a, KeyCode::Char('?'));
    let first = screen(&mut a, &mut t);
    assert!(first.contains("Keys (j/k scroll)"), "{first}");
    for _ in 0..30 {
        key(&mut a, KeyCode::Char('j'));
    }
    let s = screen(&mut a, &mut t);
    assert!(
        s.contains("inferred speaker") && s.contains("wheel scrolls"),
        "{s}"
    );
    key(&mut a, KeyCode::Esc);
    assert!(a.layers.is_empty());
}

/// The files of `src/tui` as modules (`tui::panes::list`), with the modules each one names
/// through `super::` or `crate::tui::` paths.
fn tui_modules() -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut stack = vec![root.join("tui")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    let module_of = |p: &std::path::Path| -> Vec<String> {
        let rel = p.strip_prefix(&root).unwrap().with_extension("");
        let mut parts: Vec<String> = rel
            .iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|l| l == "mod") {
            parts.pop();
        }
        parts
    };
    let known: std::collections::BTreeSet<Vec<String>> =
        files.iter().map(|f| module_of(f)).collect();
    let path_re = regex::Regex::new(r"\b((?:super::)+|crate::tui::)((?:\w+::)*\w+)").unwrap();
    let mut graph = std::collections::BTreeMap::new();
    for f in &files {
        let me = module_of(f);
        let text = std::fs::read_to_string(f).unwrap();
        // Only the code, not the tests at the end.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let mut deps = std::collections::BTreeSet::new();
        for c in path_re.captures_iter(code) {
            let mut base: Vec<String> = if c[1].starts_with("crate") {
                vec!["tui".into()]
            } else {
                let ups = c[1].matches("super").count();
                // In a `mod.rs` the module is the folder itself, so `super` is the same step.
                let mut b = me.clone();
                for _ in 0..ups {
                    b.pop();
                }
                b
            };
            // The longest module the path names.
            let mut target = base.clone();
            for part in c[2].split("::") {
                base.push(part.to_string());
                if known.contains(&base) {
                    target = base.clone();
                } else {
                    break;
                }
            }
            if target != me && target != ["tui".to_string()] && !me.starts_with(&target) {
                deps.insert(target.join("::"));
            }
        }
        graph.insert(me.join("::"), deps);
    }
    graph
}

#[test]
fn the_reading_room_s_files_import_no_circle_and_stay_small() {
    let graph = tui_modules();
    assert!(graph.len() > 20, "{graph:?}");
    // It sees the imports it should: the app holds the layers, the panes draw the app.
    assert!(
        graph["tui::app"].contains("tui::popups"),
        "{:?}",
        graph["tui::app"]
    );
    assert!(
        graph["tui::panes::list"].contains("tui::app"),
        "{:?}",
        graph["tui::panes::list"]
    );
    // Depth-first search for a cycle.
    fn visit(
        n: &str,
        g: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        state: &mut std::collections::BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(n) {
            Some(1) => {
                let at = path.iter().position(|p| p == n).unwrap_or(0);
                let mut cycle = path[at..].to_vec();
                cycle.push(n.to_string());
                return Some(cycle);
            }
            Some(2) => return None,
            _ => {}
        }
        state.insert(n.to_string(), 1);
        path.push(n.to_string());
        for d in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(d, g, state, path) {
                return Some(c);
            }
        }
        path.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = std::collections::BTreeMap::new();
    for n in graph.keys() {
        if let Some(c) = visit(n, &graph, &mut state, &mut Vec::new()) {
            panic!("an import circle: {}", c.join(" -> "));
        }
    }
    // The panes and popups never reach back into the app's state types beyond what they draw.
    assert!(
        !graph["tui::popups::finder"].contains("tui::app"),
        "{:?}",
        graph["tui::popups::finder"]
    );
    // No file of the reading room is much over 500 lines.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for m in graph.keys() {
        let rel = m.replace("::", "/");
        let p = [
            root.join(format!("{rel}.rs")),
            root.join(format!("{rel}/mod.rs")),
        ]
        .into_iter()
        .find(|p| p.exists())
        .unwrap();
        let lines = std::fs::read_to_string(&p).unwrap().lines().count();
        assert!(lines <= 520, "{} has {lines} lines", p.display());
    }
}

#[test]
fn the_palette_and_the_note_editor_small_and_large() {
    for (w, h) in [(80u16, 24u16), (200, 60)] {
        let mut a = app();
        let mut t = terminal(w, h);
        screen(&mut a, &mut t);
        key(&mut a, KeyCode::Char(':'));
        typ(&mut a, "speaker");
        let s = screen(&mut a, &mut t);
        // Every action whose name or description says "speaker", with its key.
        for row in ["next-speaker", "clear-speaker", "prev-turn", "next-turn"] {
            assert!(s.contains(row), "{row}: {s}");
        }
        insta::assert_snapshot!(format!("palette_speaker_{w}x{h}"), s);
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Char('a'));
        typ(&mut a, "Stalin asks about Hopkins");
        key(&mut a, KeyCode::Enter);
        typ(&mut a, "#yalta");
        for _ in 0..3 {
            key(&mut a, KeyCode::Left);
        }
        let s = screen(&mut a, &mut t);
        // Two lines, the cursor drawn where it stands (three characters from the end).
        assert!(s.contains("Stalin asks about Hopkins"), "{s}");
        assert!(s.contains("#ya▏lta"), "{s}");
        insta::assert_snapshot!(format!("editor_two_lines_{w}x{h}"), s);
    }
}
