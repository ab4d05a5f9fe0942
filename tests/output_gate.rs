//! One output gate: every command and output format, run in a pseudo-terminal on a hostile
//! corpus, a hostile gazetteer, a hostile notes file and hostile file names, prints no byte
//! that a terminal would act on, and no one-line field forges another row.

mod common;

use common::pty::{Launch, Screen};
use common::Sandbox;

/// The hostile sandbox: the hostile corpus, the forged TEI edition, a record under a hostile
/// file name, the hostile gazetteer and notes.
fn hostile() -> Sandbox {
    let s = Sandbox::new("gate");
    let src = common::tests_path("hostile");
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(
                &p,
                s.path(&format!("c/{}", p.file_name().unwrap().to_string_lossy())),
            )
            .unwrap();
        }
    }
    std::fs::copy(
        src.join("gate/forged-ids.xml.in"),
        s.path("c/forged-ids.xml"),
    )
    .unwrap();
    std::fs::copy(
        common::manifest_dir().join("corpus/1945-07-02-soong-stalin.md"),
        s.path("c/soong\x1b]0;PWNED\x07\n1999-01-01  memcon  fake  FILE NAME ROW.md"),
    )
    .unwrap();
    std::fs::copy(src.join("gate/names.toml"), s.path("names.toml")).unwrap();
    std::fs::copy(src.join("gate/notes.json"), s.path("notes.json")).unwrap();
    s
}

const BASE: [&str; 4] = ["--corpus", "c", "--gazetteer", "names.toml"];

/// Run carrel in a pseudo-terminal and return every byte it wrote.
fn raw(s: &Sandbox, args: &[&str]) -> Vec<u8> {
    let mut all: Vec<&str> = BASE.to_vec();
    all.extend_from_slice(args);
    let mut screen = Screen::launch(
        s,
        Launch {
            args: &all,
            ..Launch::default()
        },
    );
    screen.wait_exit(60, &format!("carrel {args:?} did not end"));
    let bytes = screen.raw.lock().unwrap().clone();
    bytes
}

/// What a terminal would act on, if any, in raw output (a pty turns `\n` into `\r\n`).
fn hazard(bytes: &[u8]) -> Option<String> {
    for (i, &b) in bytes.iter().enumerate() {
        let next = bytes.get(i + 1).copied();
        let bad = match b {
            b'\r' => next != Some(b'\n'),
            b'\n' | b'\t' => false,
            0..=0x1f | 0x7f => true,
            // C1 controls as UTF-8.
            0xc2 => next.is_some_and(|n| (0x80..=0x9f).contains(&n)),
            // U+2028/U+2029, bidi overrides and isolates.
            0xe2 => {
                let n2 = bytes.get(i + 2).copied();
                (next == Some(0x80) && n2.is_some_and(|n| (0xa8..=0xae).contains(&n)))
                    || (next == Some(0x81) && n2.is_some_and(|n| (0xa6..=0xa9).contains(&n)))
            }
            _ => false,
        };
        if bad {
            let from = i.saturating_sub(30);
            return Some(format!(
                "byte {b:#04x} at {i}: {:?}",
                String::from_utf8_lossy(&bytes[from..(i + 30).min(bytes.len())])
            ));
        }
    }
    None
}

/// A row forged by a field: a line that begins like a listing row of the injected record (a
/// note's own text may run over several lines, indented, in the Markdown export).
fn forged(bytes: &[u8]) -> Option<String> {
    String::from_utf8_lossy(bytes)
        .lines()
        .find(|l| l.starts_with("1999-01-01"))
        .map(String::from)
}

#[test]
fn no_command_prints_a_byte_a_terminal_would_act_on() {
    let s = hostile();
    // Notes to export and list: the hostile file imported (in the terminal, too).
    let imported = raw(&s, &["notes", "import", "notes.json"]);
    assert!(hazard(&imported).is_none(), "{:?}", hazard(&imported));
    let rows = s.json(&[BASE[0], BASE[1], BASE[2], BASE[3], "list", "--json"]);
    let ids: Vec<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let forged_id = ids
        .iter()
        .find(|i| i.contains("INJECTED"))
        .expect("the forged TEI id")
        .clone();
    let soong = ids
        .iter()
        .find(|i| i.starts_with("wilson-122505"))
        .expect("soong")
        .clone();
    s.stdout(&[
        BASE[0],
        BASE[1],
        BASE[2],
        BASE[3],
        "notes",
        "add",
        &soong,
        "--block",
        "3",
        "--text",
        "mine \u{1b}]52;c;cHduZWQ=\u{7}",
        "--tag",
        "t\u{9b}6n",
    ]);
    let runs: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["list", "--json"],
        vec!["list", "--kind", "memcon"],
        vec!["show", &forged_id],
        vec!["show", &forged_id, "--json"],
        vec!["show", &soong],
        vec!["show", &soong, "--json"],
        vec!["show", "1"],
        vec!["show", "nothing\u{1b}]0;PWNED\u{7}"],
        vec!["who"],
        vec!["who", "--json"],
        vec!["who", "Wang"],
        vec!["who", "Gate"],
        vec!["search", "islands"],
        vec!["search", "islands", "--json"],
        vec!["search", "Wang"],
        vec!["check"],
        vec!["notes", "list"],
        vec!["notes", "list", "--json"],
        vec!["notes", "export", "--format", "markdown"],
        vec!["notes", "export", "--format", "json"],
        vec!["notes", "delete", "x\u{1b}]0;PWNED\u{7}"],
        vec!["cite", &forged_id],
        vec!["cite", &soong, "--block", "3"],
    ];
    let mut failures = Vec::new();
    for args in &runs {
        let mut out = raw(&s, args);
        // On a terminal, search marks its hits by colour (issue 19.3): those four SGR
        // sequences, and only those, are carrel's own; every other byte is checked as before.
        if args[0] == "search" && !args.contains(&"--json") {
            let text = String::from_utf8_lossy(&out).into_owned();
            let plain = ["\u{1b}[1;31m", "\u{1b}[35m", "\u{1b}[32m", "\u{1b}[0m"]
                .iter()
                .fold(text.clone(), |t, sgr| t.replace(sgr, ""));
            assert_ne!(plain, text, "{args:?}: hits are coloured on a terminal");
            out = plain.into_bytes();
        }
        if out.is_empty() {
            failures.push(format!("{args:?}: printed nothing"));
        }
        if let Some(h) = hazard(&out) {
            failures.push(format!("{args:?}: {h}"));
        }
        if let Some(row) = forged(&out) {
            failures.push(format!("{args:?}: forged row {row:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn json_escapes_c1_controls_and_gives_the_text_back() {
    let s = hostile();
    let out = s.run(&[BASE[0], BASE[1], BASE[2], BASE[3], "who", "Gate", "--json"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\\u009b6n"), "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["name"] == "Gate Csi\u{9b}6n"));
}
