//! The reading room over a large corpus (the FRUS volume's 404 documents beside the bundled
//! seven): the list (wide, grouped, filtered by subject), the finder's groups, corpus search
//! rows and lanes, drawn at 240x70. Skipped without ../shared (fails under CI=true).

mod common;

use carrel::corpus::{Corpus, Source};
use carrel::tui::app::{App, Focus};
use carrel::tui::frame;
use carrel::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn frus_app() -> Option<(App, common::Sandbox)> {
    let frus = common::shared("corpora/frus/frus1958-60v19.xml")?;
    let corpus = Corpus::load(&[Source::Bundled, Source::Path(frus)]);
    let sb = common::Sandbox::new("bigcorpus");
    let mut a = App::new(corpus, Theme::dark(true), None);
    a.cache_dir = Some(sb.cache());
    Some((a, sb))
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

fn big() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(240, 70)).unwrap()
}

#[test]
fn the_list_is_wide_grouped_by_year_with_a_second_line() {
    let Some((mut a, _sb)) = frus_app() else {
        return;
    };
    let mut t = big();
    a.focus = Focus::List;
    let s = screen(&mut a, &mut t);
    // 404 FRUS documents and the bundled 7.
    assert!(s.contains(" Documents 411 "), "{s}");
    // At 240 columns a whole FRUS title of 62 characters fits on its row.
    assert!(
        s.contains("Letter From the Under Secretary of State (Herter) to President Chiang"),
        "{s}"
    );
    typ(&mut a, "zi");
    let s = screen(&mut a, &mut t);
    // Grouped by year: the 1945 record is alone in its year, the 1949 ones two.
    assert!(s.contains("▾ 1945 (1)"), "{s}");
    assert!(s.contains("▾ 1949 (2)"), "{s}");
    // The second line: the 1949 telegram's participants.
    assert!(s.contains("with Mao Tse-tung, Liu Shaoqi"), "{s}");
    insta::assert_snapshot!("frus_list_by_year_240x70", s);
    // Folding 1945 (the row under the cursor is the open 1945 record): its heading stays.
    key(&mut a, KeyCode::Char('-'));
    let s = screen(&mut a, &mut t);
    assert!(s.contains("▸ 1945 (1)"), "{s}");
    assert!(!s.contains("▸ 1945-07-02 memcon"), "{s}");
    // Sorted by title: "Memorandum of Conversation" documents come together in 1958.
    key(&mut a, KeyCode::Char('s'));
    let s = screen(&mut a, &mut t);
    assert!(s.contains("by year, title"), "{s}");
}

#[test]
fn the_list_filter_reads_the_subject_and_field_prefixes() {
    let Some((mut a, _sb)) = frus_app() else {
        return;
    };
    let mut t = big();
    a.focus = Focus::List;
    screen(&mut a, &mut t);
    key(&mut a, KeyCode::Char('/'));
    typ(&mut a, "quemoy");
    // Five subject lists of the volume name Quemoy (counted in the XML); titles never do, and
    // the filter also reads participants and ids, so at least those five.
    let by_word = a.list.filtered.len();
    assert!(by_word >= 5, "{by_word}");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('/'));
    typ(&mut a, "subject:quemoy");
    let s = screen(&mut a, &mut t);
    assert_eq!(a.list.filtered.len(), 5);
    assert!(s.contains(" Documents 5/411 "), "{s}");
    assert!(s.contains("5 match"), "{s}");
    // Every kept document is a 1958 one, and the memoranda of conversation among them.
    typ(&mut a, " kind:memcon");
    assert_eq!(a.list.filtered.len(), 2);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('/'));
    typ(&mut a, "from:1958-09 to:1958-09 kind:telegram");
    let n = a.list.filtered.len();
    assert!(n > 0);
    for &d in &a.list.filtered {
        let h = a.corpus.docs.head(d).unwrap();
        assert!(
            h.date.as_deref().unwrap().starts_with("1958-09"),
            "{:?}",
            h.date
        );
        assert_eq!(h.kind.label(), "telegram");
    }
}

#[test]
fn the_finder_shows_every_group_that_matches() {
    let Some((mut a, _sb)) = frus_app() else {
        return;
    };
    let mut t = big();
    screen(&mut a, &mut t);
    ctrl(&mut a, 'p');
    typ(&mut a, "dulles");
    let s = screen(&mut a, &mut t);
    // Both brothers, and the documents with Dulles in the title.
    assert!(s.contains("John Foster Dulles"), "{s}");
    assert!(s.contains("Allen W. Dulles"), "{s}");
    assert!(s.contains("People 2"), "{s}");
    assert!(
        s.contains("Memorandum From Secretary of State Dulles to Acting Secretary of State Herter"),
        "{s}"
    );
    insta::assert_snapshot!("frus_finder_dulles_240x70", s);
    // Tab goes to the next group's first row.
    key(&mut a, KeyCode::Tab);
    let s = screen(&mut a, &mut t);
    assert!(!s.contains("People 2") || a.layers.len() == 1);
    for _ in 0..10 {
        ctrl(&mut a, 'u');
    }
    // Mao: the person and the bundled documents with Mao in their titles.
    typ(&mut a, "mao");
    let s = screen(&mut a, &mut t);
    assert!(s.contains("Mao Zedong"), "{s}");
    for title in [
        "Telegram from Mao Tse-tung to Liu Shaoqi",
        "Final Message from Stalin to Mao Zedong",
        "Discussion between N.S. Khrushchev and Mao Zedong",
    ] {
        assert!(s.contains(title), "{title}\n{s}");
    }
    // Herter: the person and the Herter letter.
    for _ in 0..3 {
        key(&mut a, KeyCode::Backspace);
    }
    typ(&mut a, "herter");
    let s = screen(&mut a, &mut t);
    assert!(s.contains("Christian A. Herter"), "{s}");
    assert!(s.contains("Letter From the Under Secretary of State (Herter) to President Chiang"));
    // '#' narrows to documents, and the prompt says so.
    for _ in 0..6 {
        key(&mut a, KeyCode::Backspace);
    }
    typ(&mut a, "#herter");
    let s = screen(&mut a, &mut t);
    assert!(s.contains("documents> "), "{s}");
    assert!(!s.contains("Christian A. Herter"), "{s}");
}

#[test]
fn corpus_search_rows_carry_date_title_speaker_and_paragraph() {
    let Some((mut a, _sb)) = frus_app() else {
        return;
    };
    let mut t = big();
    screen(&mut a, &mut t);
    ctrl(&mut a, 'g');
    typ(&mut a, "port arthur");
    let s = screen(&mut a, &mut t);
    // ¶91 of the 1945 record: Stalin, "Aim: use rail for Port Arthur."
    let row = s
        .lines()
        .find(|l| l.contains("¶91 "))
        .expect("the row of ¶91");
    assert!(
        row.contains("1945-07-02  Record of a Meeting between T.V."),
        "{row}"
    );
    assert!(
        row.contains("Joseph Stalin: Aim: use rail for Port Arthur."),
        "{row}"
    );
    // The archive's own brackets stay; none are added around the hit.
    assert!(s.contains("Port Arthur [Lüshunkou]"), "{s}");
    assert!(!s.contains("[Port]"), "{s}");
    insta::assert_snapshot!("frus_search_port_arthur_240x70", s);
    // Enter opens the first hit; n goes to the second, across the corpus.
    key(&mut a, KeyCode::Enter);
    let first = (a.current, a.view().cursor);
    key(&mut a, KeyCode::Char('n'));
    let second = (a.current, a.view().cursor);
    assert_ne!(first, second);
    assert!(
        a.message.as_deref().unwrap_or("").contains("hit 2 of"),
        "{:?}",
        a.message
    );
    key(&mut a, KeyCode::Char('N'));
    assert_eq!((a.current, a.view().cursor), first);
}
