//! Citations checked against what a reader writes by hand from the documents and the Chicago
//! Manual's rules (point 6 of issue 20): the CSL item's fields, read off each record's header
//! and its archive's citation line, and the note of Chicago notes and bibliography (18th ed.):
//! curly quotation marks with the comma inside, every date in one form (month day, year), the
//! paragraph as a locator ("para. 28") where the style places locators.
//!
//! Nothing here was copied from carrel's output: each expectation was written from the record.

mod common;

use common::Sandbox;
use serde_json::{json, Value};

/// The CSL item of a document, through `carrel cite --format csl-json`.
fn item(sb: &Sandbox, corpus: &[&str], id: &str) -> Value {
    let mut args: Vec<&str> = corpus.to_vec();
    args.extend(["cite", id, "--format", "csl-json"]);
    let v = sb.json(&args);
    let arr = v.as_array().expect("a JSON array");
    assert_eq!(arr.len(), 1, "one item");
    arr[0].clone()
}

/// The note, through `carrel cite`.
fn note(sb: &Sandbox, corpus: &[&str], id: &str, block: Option<&str>) -> String {
    let mut args: Vec<&str> = corpus.to_vec();
    args.extend(["cite", id]);
    if let Some(b) = block {
        args.extend(["--block", b]);
    }
    sb.stdout(&args).trim().to_string()
}

/// Assert that every field in `expected` is in `item` with that value, and that the fields
/// named in `absent` are not there.
fn fields(item: &Value, expected: Value, absent: &[&str]) {
    for (k, v) in expected.as_object().unwrap() {
        assert_eq!(item.get(k), Some(v), "field {k} of {}", item["id"]);
    }
    for k in absent {
        assert!(
            item.get(*k).is_none(),
            "{} has {k}: {:?}",
            item["id"],
            item.get(*k)
        );
    }
}

#[test]
fn the_1945_record_is_a_manuscript_in_the_wilson_archive() {
    let sb = Sandbox::new("cite-1945");
    let it = item(&sb, &[], "wilson-122505");
    // From the export's header: its citation line, the date heading, "Contributed by".
    fields(
        &it,
        json!({
            "id": "wilson-122505",
            "type": "manuscript",
            "title": "Record of a Meeting between T.V. Soong and Stalin",
            "issued": {"date-parts": [[1945, 7, 2]]},
            "container-title": "Wilson Center Digital Archive",
            "archive_location": "Victor Hoo Collection, box 6, folder 9",
            "archive": "Hoover Institution Archives",
            "URL": "https://digitalarchive.umd.edu/document/122505",
            "note": "Contributed by David Wolff.",
        }),
        &["author", "translator", "accessed", "publisher"],
    );
    assert_eq!(it["custom"]["date-printed"], "July 2, 1945");
    assert_eq!(
        note(&sb, &[], "wilson-122505", None),
        "“Record of a Meeting between T.V. Soong and Stalin,” in Wilson Center Digital Archive, \
         July 2, 1945, Victor Hoo Collection, box 6, folder 9, Hoover Institution Archives, \
         https://digitalarchive.umd.edu/document/122505."
    );
    // The paragraph is a locator, never inside the archive's credit.
    assert_eq!(
        note(&sb, &[], "wilson-122505", Some("28")),
        "“Record of a Meeting between T.V. Soong and Stalin,” in Wilson Center Digital Archive, \
         July 2, 1945, para. 28, Victor Hoo Collection, box 6, folder 9, Hoover Institution \
         Archives, https://digitalarchive.umd.edu/document/122505."
    );
}

#[test]
fn the_1949_cwihp_record_has_its_title_date_bulletin_and_book() {
    let sb = Sandbox::new("cite-1949");
    let it = item(&sb, &[], "1949-07-27");
    fields(
        &it,
        json!({
            "type": "manuscript",
            "title": "Memorandum of Conversation between Liu Shaoqi and Stalin",
            "issued": {"date-parts": [[1949, 7, 27]]},
            "translator": [{"family": "Wolff", "given": "David"}],
            "container-title": "Cold War International History Project Bulletin",
            "issue": "16",
            "original-title": "Jianguo Yilai Liu Shaoqi Wengao",
            "original-publisher-place": "Beijing",
            "original-date": {"date-parts": [[2005]]},
        }),
        // The header's "Author:" is empty; the Bulletin's pages are not given.
        &["author", "page", "URL", "archive"],
    );
}

#[test]
fn the_cnn_telegrams_are_in_their_collection() {
    let sb = Sandbox::new("cite-cnn");
    let it = item(&sb, &[], "1949-12-18");
    fields(
        &it,
        json!({
            "type": "manuscript",
            "title": "Telegram from Mao Tse-Tung to Liu Shaoqi",
            "author": [{"literal": "Mao Tse-tung"}],
            "recipient": [{"literal": "Liu Shaoqi"}],
            "issued": {"date-parts": [[1949, 12, 18]]},
            "container-title": "Mao’s Moscow Visit, December 1949-February 1950",
            "publisher": "CNN Cold War",
        }),
        &["URL", "archive", "translator"],
    );
    // The title as printed is kept beside the one in headline style.
    assert_eq!(
        it["custom"]["title-printed"],
        "Telegram from Mao Tse-tung to Liu Shaoqi"
    );
    assert_eq!(
        note(&sb, &[], "1949-12-18", None),
        "Mao Tse-tung, “Telegram from Mao Tse-Tung to Liu Shaoqi,” in Mao’s Moscow Visit, \
         December 1949-February 1950, CNN Cold War, December 18, 1949."
    );
    assert_eq!(
        note(&sb, &[], "1950-01-02", Some("3")),
        "Mao, “Telegram from Mao to Chinese Communist Party’s Central Committee,” in Mao’s \
         Moscow Visit, December 1949-February 1950, CNN Cold War, January 2, 1950, para. 3."
    );
}

#[test]
fn the_1950_messages_have_no_source_and_say_so() {
    let sb = Sandbox::new("cite-1950");
    let it = item(&sb, &[], "1950-10-04");
    fields(
        &it,
        json!({
            "type": "manuscript",
            "author": [{"literal": "Stalin"}],
            "recipient": [{"literal": "Mao Zedong"}],
            "issued": {"date-parts": [[1950, 10, 4]]},
        }),
        &["archive", "container-title", "publisher", "URL"],
    );
    // The style's word for a manuscript with no repository, and the same date form as every
    // other note (the title keeps its own "4 October 1950", as printed).
    assert_eq!(
        note(&sb, &[], "1950-10-04", None),
        "Stalin, “Draft Message from Stalin to Mao Zedong, 4 October 1950 (Italicized Passages \
         Inserted and Bracketed Passages Deleted by Hand) [DRAFT CIPHERED TELEGRAM] First \
         Original Version,” unpublished manuscript, October 4, 1950."
    );
    assert_eq!(
        note(&sb, &[], "1950-10-05", None),
        "Stalin, “Final Message from Stalin to Mao Zedong, 5 October 1950 (New Sections \
         Italicized),” unpublished manuscript, October 5, 1950."
    );
    // cite says what is missing, on stderr and in --json.
    let o = sb.run(&["cite", "1950-10-05"]);
    assert!(
        common::stderr_of(&o).contains("no archive"),
        "{}",
        common::stderr_of(&o)
    );
    let j = sb.json(&["cite", "1950-10-05", "--json"]);
    assert_eq!(j["missing"], json!(["archive"]));
    assert_eq!(j["locator"], Value::Null);
}

#[test]
fn the_1959_record_keeps_fond_opis_delo_and_translator() {
    let sb = Sandbox::new("cite-1959");
    let it = item(&sb, &[], "wilson-112088");
    fields(
        &it,
        json!({
            "type": "manuscript",
            "title": "Discussion between N.S. Khrushchev and Mao Zedong",
            "issued": {"date-parts": [[1959, 10, 2]]},
            "archive": "Archive of the President of the Russian Federation (APRF)",
            "archive_location": "f. 52, op. 1, d. 499, ll. 1-33, copy in Volkogonov Collection, \
                                 Manuscript Division, Library of Congress, Washington, D.C.",
            "translator": [{"family": "Zubok", "given": "Vladislav M."}],
            "container-title": "Wilson Center Digital Archive",
            "URL": "https://digitalarchive.wilsoncenter.org/document/112088",
        }),
        &["author", "note"],
    );
    assert_eq!(it["custom"]["original-language"], "ru");
}

/// A FRUS document as read by hand: (id, CSL author, title in headline style, number, date,
/// place).
type Frus = (
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
    [i64; 3],
    &'static str,
);

/// Ten FRUS documents.
const FRUS: [Frus; 10] = [
    ("d2", Some("Rankin"), "Letter from the Ambassador to Yugoslavia (Rankin) to the Assistant Secretary of State for Far Eastern Affairs (Robertson)", "2", [1958, 1, 23], "Washington"),
    ("d3", Some("Herter"), "Letter from the Under Secretary of State (Herter) to President Chiang", "3", [1958, 2, 11], "Washington"),
    ("d4", Some("Robertson"), "Memorandum from the Assistant Secretary of State for Far Eastern Affairs (Robertson) to Secretary of State Dulles", "4", [1958, 2, 24], "Washington"),
    ("d6", None, "Memorandum of Conversation", "6", [1958, 3, 14], "Taipei"),
    ("d7", Some("Embassy in the Republic of China"), "Despatch from the Embassy in the Republic of China to the Department of State", "7", [1958, 4, 3], "Taipei"),
    ("d9", None, "Notes of the Meeting of the Operations Coordinating Board", "9", [1958, 4, 16], "Washington"),
    ("d12", Some("Embassy in the Republic of China"), "Telegram from the Embassy in the Republic of China to the Department of State", "12", [1958, 5, 10], "Taipei"),
    ("d13", None, "National Intelligence Estimate", "13", [1958, 5, 13], "Washington"),
    ("d16", Some("Dulles"), "Memorandum of Conversation between Secretary of State Dulles and Foreign Minister Couve de Murville", "16", [1958, 7, 5], "Paris"),
    ("d24", Some("Smoot"), "Telegram from the Commander, U.S. Taiwan Defense Command (Smoot) to the Commander in Chief, Pacific (Stump)", "24", [1958, 8, 4], "Taipei"),
];

/// The month names of the notes.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Titles carrel gets wrong, with what it gives and why: hayagriva's headline style lowercases
/// every preposition, also "Under" in the title "Under Secretary", which Chicago capitalizes,
/// and capitalizes the particle of "Couve de Murville", which Chicago leaves as the name has it.
const KNOWN_WRONG_TITLES: [(&str, &str, &str); 2] = [
    (
        "d3",
        "Letter from the under Secretary of State (Herter) to President Chiang",
        "hayagriva's title case takes 'Under' in 'Under Secretary' for a preposition",
    ),
    (
        "d16",
        "Memorandum of Conversation between Secretary of State Dulles and Foreign Minister Couve De Murville",
        "hayagriva's title case capitalizes the particle 'de' of a surname",
    ),
];

#[test]
fn frus_documents_are_chapters_of_their_volume() {
    let frus = need_shared!("corpora/frus/frus1958-60v19.xml");
    let sb = Sandbox::new("cite-frus");
    let corpus = ["--corpus", frus.to_str().unwrap()];
    for (local, author, title, number, date, place) in FRUS {
        let id = format!("frus1958-60v19-{local}");
        let mut it = item(&sb, &corpus, &id);
        if let Some((_, wrong, why)) = KNOWN_WRONG_TITLES.iter().find(|(l, _, _)| *l == local) {
            // Still wrong as recorded; when this fails, the engine was fixed: drop the entry.
            assert_eq!(it["title"], *wrong, "{id}: {why}");
            it["title"] = json!(title);
        }
        // From the volume's title page and header: series and years, volume XIX (19), its
        // subject, the editor, the Government Printing Office, Washington, 1996.
        fields(
            &it,
            json!({
                "type": "chapter",
                "title": title,
                "container-title": "Foreign Relations of the United States, 1958–1960",
                "volume": "19",
                "volume-title": "China",
                "editor": [{"family": "Schwar", "given": "Harriet Dashiell"}],
                "publisher": "United States Government Printing Office",
                "publisher-place": "Washington",
                "issued": {"date-parts": [[1996]]},
                "event-date": {"date-parts": [date]},
                "event-place": place,
                "number": number,
                "URL": format!("https://history.state.gov/historicaldocuments/frus1958-60v19/{local}"),
            }),
            &["archive", "translator", "editorial-director"],
        );
        match author {
            Some(a) => assert_eq!(it["author"], json!([{"literal": a}]), "{id}"),
            None => assert!(it.get("author").is_none(), "{id}"),
        }
        assert!(
            it["note"].as_str().unwrap().starts_with("Source: "),
            "{id}: the source note is kept"
        );
        // The note, for the documents with a sender (those without one put the editor first,
        // which hayagriva renders differently from citeproc-js: see the ignored test below).
        if let Some(a) = author {
            let [y, m, d] = date;
            let expected = format!(
                "{a}, “{title},” in Foreign Relations of the United States, 1958–1960, no. \
                 {number}, vol. 19, China, ed. Harriet Dashiell Schwar, {} {d}, {y}, {place} \
                 (United States Government Printing Office, 1996), \
                 https://history.state.gov/historicaldocuments/frus1958-60v19/{local}.",
                MONTHS[m as usize - 1]
            );
            let got = note(&sb, &corpus, &id, None);
            match KNOWN_WRONG_TITLES.iter().find(|(l, _, _)| *l == local) {
                Some((_, wrong, _)) => assert_eq!(got, expected.replace(title, wrong), "{id}"),
                None => assert_eq!(got, expected, "{id}"),
            }
        }
    }
}

/// Where the style puts a translator or editor in the author's place, hayagriva 0.10.1 gives the
/// name as initials and drops its label ("D. Wolff," for "David Wolff, trans.,"). These are
/// the notes as written by hand (and as citeproc-js renders them, see tests/clients.rs).
#[test]
#[ignore = "hayagriva 0.10.1 renders a substituted translator or editor as initials without its label"]
fn substituted_names_keep_their_label() {
    let sb = Sandbox::new("cite-subst");
    assert_eq!(
        note(&sb, &[], "1949-07-27", None),
        "David Wolff, trans., “Memorandum of Conversation between Liu Shaoqi and Stalin,” in \
         Cold War International History Project Bulletin, no. 16, July 27, 1949; originally \
         published as Jianguo Yilai Liu Shaoqi Wengao (Beijing, 2005)."
    );
    assert_eq!(
        note(&sb, &[], "wilson-112088", None),
        "Vladislav M. Zubok, trans., “Discussion between N.S. Khrushchev and Mao Zedong,” in \
         Wilson Center Digital Archive, October 2, 1959, f. 52, op. 1, d. 499, ll. 1-33, copy \
         in Volkogonov Collection, Manuscript Division, Library of Congress, Washington, D.C., \
         Archive of the President of the Russian Federation (APRF), \
         https://digitalarchive.wilsoncenter.org/document/112088."
    );
}

#[test]
fn styles_forms_formats_and_bad_styles() {
    let sb = Sandbox::new("cite-styles");
    // `chicago` is the same style as `chicago-notes`.
    assert_eq!(
        note(&sb, &[], "wilson-122505", None),
        sb.stdout(&["cite", "wilson-122505", "--style", "chicago"])
            .trim()
    );
    let bib = sb.stdout(&["cite", "1949-12-18", "--form", "bibliography"]);
    assert_eq!(
        bib.trim(),
        "Mao Tse-tung. “Telegram from Mao Tse-Tung to Liu Shaoqi.” In Mao’s Moscow Visit, \
         December 1949-February 1950. CNN Cold War, December 18, 1949."
    );
    // Author-date styles: the author and the year.
    let ad = sb.stdout(&["cite", "1949-12-18", "--style", "chicago-author-date"]);
    assert!(ad.contains("Mao Tse-tung") && ad.contains("1949"), "{ad}");
    for s in ["apa", "mla"] {
        let o = sb.run(&["cite", "1949-12-18", "--style", s]);
        assert_eq!(o.status.code(), Some(0), "{s}");
        assert!(common::stdout_of(&o).contains("Mao"), "{s}");
    }
    // --json: both forms, the item, the locator.
    let j = sb.json(&["cite", "wilson-122505", "--block", "28", "--json"]);
    assert_eq!(j["locator"], json!({"label": "paragraph", "locator": "28"}));
    assert_eq!(j["csl"]["id"], "wilson-122505");
    assert!(j["note"].as_str().unwrap().contains("para. 28"));
    assert!(j["bibliography"]
        .as_str()
        .unwrap()
        .starts_with("“Record of a Meeting"));
    assert_eq!(j["missing"], json!([]));
    // Unknown style, missing and broken .csl files: exit 2 naming them.
    let o = sb.run(&["cite", "wilson-122505", "--style", "harvard-ish"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(common::stderr_of(&o).contains("unknown style 'harvard-ish'"));
    let broken = sb.write(
        "broken.csl",
        "<style xmlns=\"http://purl.org/net/xbiblio/csl\"><info>",
    );
    let o = sb.run(&["cite", "wilson-122505", "--style", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        common::stderr_of(&o).contains("broken.csl: not a CSL style"),
        "{}",
        common::stderr_of(&o)
    );
    let o = sb.run(&["cite", "wilson-122505", "--style", "/nonexistent/x.csl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(common::stderr_of(&o).contains("/nonexistent/x.csl"));
    // plain stays a plain line.
    let p = sb.stdout(&["cite", "1949-12-18", "--style", "plain"]);
    assert_eq!(
        p.trim(),
        "Telegram from Mao Tse-tung to Liu Shaoqi (1949-12-18). Mao’s Moscow Visit, December \
         1949-February 1950, CNN Cold War. carrel id 1949-12-18-telegram-mao-tse-tung-liu-shaoqi"
    );
}

#[test]
fn export_selects_by_ids_all_and_filters() {
    let sb = Sandbox::new("cite-export");
    let all = sb.json(&["export", "--all"]);
    assert_eq!(all.as_array().unwrap().len(), 7);
    let tel = sb.json(&["export", "--kind", "telegram"]);
    let ids: Vec<&str> = tel
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "1949-12-18-telegram-mao-tse-tung-liu-shaoqi",
            "1950-01-02-telegram-mao-chinese-communist-party"
        ]
    );
    let two = sb.json(&["export", "wilson-122505", "wilson-112088"]);
    assert_eq!(two.as_array().unwrap().len(), 2);
    let o = sb.run(&["export"]);
    assert_eq!(o.status.code(), Some(2));
    let o = sb.run(&["export", "no-such-document"]);
    assert_eq!(o.status.code(), Some(2));
}
