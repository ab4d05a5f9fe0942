//! carrel's exports read by the programs people use them with (issue 20, point 5): citeproc-js
//! (the CSL engine inside Zotero) renders carrel's CSL-JSON with the same official Chicago style
//! file carrel is given and must write the same notes; a BibTeX parser (Python's bibtexparser)
//! reads one entry per document; jing validates the TEI export against the TEI P5 schema; RIS
//! follows its tag rules.
//!
//! The clients are installed by `.ci/clients.sh` (CI runs it first) into `target/clients`, or
//! the folder named by CARREL_CLIENTS. A test whose client is missing is skipped with a message,
//! and fails under CI=true.

mod common;

use common::Sandbox;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

/// The clients' folder and a file in it, or skip (fail in CI) naming what is missing.
fn client(rel: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("CARREL_CLIENTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::manifest_dir().join("target/clients"));
    let p = dir.join(rel);
    if p.exists() {
        return Some(p);
    }
    let msg = format!("needs {} (run .ci/clients.sh)", p.display());
    if common::in_ci() {
        panic!("{msg}");
    }
    eprintln!("skipped: {msg}");
    None
}

/// A program on PATH, or skip (fail in CI).
fn program(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        let msg = format!("needs `{name}` on PATH (run .ci/clients.sh)");
        if common::in_ci() {
            panic!("{msg}");
        }
        eprintln!("skipped: {msg}");
    }
    found
}

/// The documents the checks run on: every bundled one and ten of the FRUS volume (when
/// ../shared has it; under CI it must).
fn corpus_args() -> (Vec<String>, Vec<String>) {
    let mut args = vec!["--corpus".to_string(), "bundled".to_string()];
    let mut ids = vec![
        "wilson-122505",
        "1949-07-27-memorandum-conversation-liu-shaoqi-stalin",
        "1949-12-18-telegram-mao-tse-tung-liu-shaoqi",
        "1950-01-02-telegram-mao-chinese-communist-party",
        "1950-10-04-draft-message-stalin-mao-zedong",
        "1950-10-05-final-message-stalin-mao-zedong",
        "wilson-112088",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    if let Some(frus) = common::optional_shared(
        "corpora/frus/frus1958-60v19.xml",
        "only the bundled documents",
    ) {
        args.push("--corpus".into());
        args.push(frus.to_string_lossy().into_owned());
        for d in [
            "d2", "d3", "d4", "d6", "d7", "d9", "d12", "d13", "d16", "d24",
        ] {
            ids.push(format!("frus1958-60v19-{d}"));
        }
    }
    (args, ids)
}

fn with(args: &[String], rest: &[&str]) -> Vec<String> {
    let mut v = args.to_vec();
    v.extend(rest.iter().map(|s| s.to_string()));
    v
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Where hayagriva puts a translator or editor in the missing author's place, it writes the
/// name as initials without its label (see tests/cite.rs): these documents' notes differ from
/// citeproc-js's in that leading name and nowhere else.
const SUBSTITUTED: [&str; 5] = [
    "1949-07-27-memorandum-conversation-liu-shaoqi-stalin",
    "wilson-112088",
    "frus1958-60v19-d6",
    "frus1958-60v19-d9",
    "frus1958-60v19-d13",
];

/// What follows the leading name: from the opening quotation mark of the title.
fn from_title(s: &str) -> &str {
    s.find('“').map_or(s, |i| &s[i..])
}

#[test]
fn citeproc_js_writes_the_same_notes_from_the_same_style() {
    let (Some(style), Some(locale), Some(_)) = (
        client("chicago-notes-bibliography.csl"),
        client("locales-en-US.xml"),
        client("node_modules/citeproc/package.json"),
    ) else {
        return;
    };
    let Some(node) = program("node") else { return };
    let sb = Sandbox::new("clients-citeproc");
    let (args, ids) = corpus_args();
    let items = sb.stdout(&refs(&with(
        &args,
        &[&["export"], &refs(&ids)[..]].concat(),
    )));
    let items_file = sb.write("items.json", &items);
    let locators: serde_json::Map<String, Value> =
        ids.iter().map(|id| (id.clone(), Value::from(3))).collect();
    let loc_file = sb.write("locators.json", Value::Object(locators).to_string());
    let dir = style.parent().unwrap();
    let out = Command::new(node)
        .arg(common::tests_path("clients/citeproc.js"))
        .args([&style, &locale, &items_file, &loc_file])
        .env("CITEPROC_DIR", dir)
        .output()
        .expect("run node");
    assert!(out.status.success(), "{}", common::stderr_of(&out));
    let js: Vec<Value> = serde_json::from_slice(&out.stdout).expect("citeproc-js JSON");
    assert_eq!(js.len(), ids.len());
    let style_arg = style.to_string_lossy().into_owned();
    let mut same = 0;
    for (id, j) in ids.iter().zip(&js) {
        assert_eq!(j["id"].as_str(), Some(id.as_str()));
        let ours = sb.json(&refs(&with(
            &args,
            &["cite", id, "--block", "3", "--style", &style_arg, "--json"],
        )));
        let (note, js_note) = (ours["note"].as_str().unwrap(), j["note"].as_str().unwrap());
        let (bib, js_bib) = (
            ours["bibliography"].as_str().unwrap(),
            j["bibliography"].as_str().unwrap(),
        );
        if SUBSTITUTED.contains(&id.as_str()) {
            // Known difference, and only there: when hayagriva is fixed, this fails and the
            // document moves to the agreeing ones.
            assert_ne!(note, js_note, "{id} now agrees: remove it from SUBSTITUTED");
            assert_eq!(from_title(note), from_title(js_note), "{id}");
            assert_eq!(from_title(bib), from_title(js_bib), "{id}");
        } else {
            assert_eq!(note, js_note, "{id}: note");
            assert_eq!(bib, js_bib, "{id}: bibliography");
            same += 1;
        }
        assert!(
            note.contains("para. 3"),
            "{id}: the locator is rendered: {note}"
        );
    }
    eprintln!(
        "citeproc-js and carrel agree on {same} of {} notes",
        ids.len()
    );
}

#[test]
fn bibtex_parses_into_one_entry_per_document() {
    let Some(py) = client("py/bibtexparser") else {
        return;
    };
    let Some(python) = program("python3") else {
        return;
    };
    let sb = Sandbox::new("clients-bibtex");
    let (args, ids) = corpus_args();
    let bib = sb.stdout(&refs(&with(
        &args,
        &[&["export", "--format", "bibtex"], &refs(&ids)[..]].concat(),
    )));
    let file = sb.write("export.bib", &bib);
    let script = r#"
import json, sys, bibtexparser
lib = bibtexparser.parse_string(open(sys.argv[1], encoding="utf-8").read())
out = {"failed": [str(b) for b in lib.failed_blocks], "entries": []}
for e in lib.entries:
    out["entries"].append({"key": e.key, "type": e.entry_type,
                           "fields": {f.key: f.value for f in e.fields}})
print(json.dumps(out))
"#;
    let out = Command::new(python)
        .args(["-c", script])
        .arg(&file)
        .env("PYTHONPATH", py.parent().unwrap())
        .output()
        .expect("run python");
    assert!(out.status.success(), "{}", common::stderr_of(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["failed"],
        serde_json::json!([]),
        "blocks bibtexparser could not read"
    );
    let entries = v["entries"].as_array().unwrap();
    assert_eq!(entries.len(), ids.len(), "one entry per document");
    let items: Vec<Value> = serde_json::from_str(&sb.stdout(&refs(&with(
        &args,
        &[&["export"], &refs(&ids)[..]].concat(),
    ))))
    .unwrap();
    for (e, it) in entries.iter().zip(&items) {
        let f = &e["fields"];
        assert_eq!(e["key"], it["id"]);
        assert!(f["title"].as_str().is_some_and(|t| !t.is_empty()), "{e}");
        assert!(f["date"].as_str().is_some_and(|d| d.len() >= 4), "{e}");
        if let Some(u) = it.get("URL") {
            assert_eq!(&f["url"], u, "{e}");
        }
        let ty = if it["type"] == "chapter" {
            "incollection"
        } else {
            "unpublished"
        };
        assert_eq!(e["type"], ty);
    }
}

#[test]
fn tei_export_is_valid_tei_p5() {
    let Some(rng) = client("tei.rng") else { return };
    let Some(jing) = program("jing") else { return };
    let sb = Sandbox::new("clients-tei");
    let (args, mut ids) = corpus_args();
    // The hostile corpus too: what a document holds must not break the XML.
    let hostile = common::tests_path("hostile");
    let hostile_ids: Vec<String> = sb
        .json(&["--corpus", hostile.to_str().unwrap(), "list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    let mut files = Vec::new();
    for id in &ids {
        let tei = sb.stdout(&refs(&with(&args, &["show", id, "--format", "tei"])));
        files.push(sb.write(&format!("{id}.xml"), tei));
    }
    for id in &hostile_ids {
        let tei = sb.stdout(&[
            "--corpus",
            hostile.to_str().unwrap(),
            "show",
            id,
            "--format",
            "tei",
        ]);
        files.push(sb.write(&format!("hostile-{}.xml", files.len()), tei));
    }
    ids.extend(hostile_ids);
    let out = Command::new(jing)
        .arg(&rng)
        .args(&files)
        .output()
        .expect("run jing");
    assert!(
        out.status.success(),
        "jing: {}{}",
        common::stdout_of(&out),
        common::stderr_of(&out)
    );
    assert!(files.len() >= 7);
}

#[test]
fn ris_follows_its_tag_rules() {
    let sb = Sandbox::new("clients-ris");
    let (args, ids) = corpus_args();
    let ris = sb.stdout(&refs(&with(
        &args,
        &[&["export", "--format", "ris"], &refs(&ids)[..]].concat(),
    )));
    let records: Vec<Vec<&str>> = ris
        .split("ER  - ")
        .map(|r| {
            r.lines()
                .map(|l| l.trim_end_matches('\r'))
                .filter(|l| !l.is_empty())
                .collect()
        })
        .filter(|r: &Vec<&str>| !r.is_empty())
        .collect();
    assert_eq!(records.len(), ids.len(), "one record per document");
    assert_eq!(ris.matches("ER  - ").count(), ids.len());
    let tag = regex::Regex::new(r"^[A-Z][A-Z0-9]  - \S").unwrap();
    for r in &records {
        assert!(r[0].starts_with("TY  - "), "TY first: {r:?}");
        assert_eq!(r.iter().filter(|l| l.starts_with("TY  - ")).count(), 1);
        for l in r {
            assert!(tag.is_match(l), "not a tag line: {l:?}");
        }
        assert!(r.iter().any(|l| l.starts_with("TI  - ")), "{r:?}");
    }
    // ER closes each record, last.
    assert!(ris.trim_end().ends_with("ER  -"));
}
