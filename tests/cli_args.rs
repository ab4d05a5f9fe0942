//! Honest arguments and exit codes: typed dates, kinds, styles and formats; paths that do not
//! exist; entities by id or any name, exactly; `who --limit`; note id prefixes; `check --json`;
//! exit codes as rg uses them (0 found, 1 nothing found, 2 usage or input error).

mod common;

use common::{stderr_of, Sandbox};

fn code(s: &Sandbox, args: &[&str]) -> (i32, String, String) {
    let o = s.run(args);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr_of(&o),
    )
}

#[test]
fn dates_that_are_not_dates_are_refused() {
    let s = Sandbox::new("args-dates");
    for (args, says) in [
        (vec!["list", "--from", "banana"], "'banana' is not a date"),
        (vec!["list", "--from", "1950-13"], "no month 13"),
        (vec!["list", "--to", "1950-10-0é"], "is not a date"),
        (vec!["search", "Port", "--to", "1951-02-29"], "no day 29"),
    ] {
        let (c, _, err) = code(&s, &args);
        assert_eq!(c, 2, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    // A real partial date still filters: the three 1950 documents (2 January, 4 and 5
    // October).
    let rows = s.json(&["list", "--json", "--from", "1950", "--to", "1950"]);
    assert_eq!(rows.as_array().unwrap().len(), 3);
    let rows = s.json(&["list", "--json", "--from", "1950-10"]);
    assert_eq!(
        rows.as_array().unwrap().len(),
        3,
        "two in October 1950 and the 1959 one"
    );
}

#[test]
fn unknown_kinds_styles_and_formats_are_one_usage_error() {
    let s = Sandbox::new("args-enums");
    for args in [
        vec!["list", "--kind", "memo-thing"],
        vec!["search", "Port", "--kind", "memo-thing"],
        vec!["notes", "export", "--format", "pdf"],
        vec![
            "notes",
            "add",
            "wilson-122505",
            "--block",
            "3",
            "--kind",
            "sticker",
        ],
    ] {
        let (c, _, err) = code(&s, &args);
        assert_eq!(c, 2, "{args:?}: {err}");
        assert!(
            err.contains("invalid value") && err.contains("possible values"),
            "{args:?}: {err}"
        );
    }
    // A style is a name or a .csl file (issue 20: mla is one of the names now), so it is
    // checked by carrel, with the same exit code and the names it takes.
    let (c, _, err) = code(&s, &["cite", "wilson-122505", "--style", "harvard-ish"]);
    assert_eq!(c, 2, "{err}");
    assert!(
        err.contains("unknown style 'harvard-ish'") && err.contains("chicago-notes"),
        "{err}"
    );
    // Synonyms of a kind are still understood.
    let (c, out, _) = code(&s, &["list", "--kind", "cable"]);
    assert_eq!(c, 0);
    assert!(out.contains("telegram"), "{out}");
}

#[test]
fn a_corpus_or_gazetteer_that_does_not_exist_is_an_error_naming_it() {
    let s = Sandbox::new("args-paths");
    let (c, out, err) = code(&s, &["list", "--corpus", "/nonexistent-corpus"]);
    assert_eq!((c, out.as_str()), (2, ""));
    assert!(
        err.contains("/nonexistent-corpus: no such file or directory"),
        "{err}"
    );
    let (c, _, err) = code(&s, &["who", "--gazetteer", "/nonexistent.tsv"]);
    assert_eq!(c, 2);
    assert!(err.contains("/nonexistent.tsv"), "{err}");
}

#[test]
fn entities_are_named_by_id_or_any_name_exactly() {
    let s = Sandbox::new("args-entities");
    // A name, not an id: Stalin speaks about the port in the 1945 record.
    let hits = s.json(&["search", "port", "--speaker", "Stalin", "--json"]);
    let hits = hits.as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["speaker"] == "stalin"), "{hits:?}");
    // Another spelling of a name, folded.
    let by_alias = s.json(&["list", "--json", "--participant", "chou en-lai"]);
    let by_id = s.json(&["list", "--json", "--participant", "zhou-enlai"]);
    assert_eq!(by_alias, by_id);
    assert!(!by_id.as_array().unwrap().is_empty());
    // No such entity: an error, with near names as suggestions only.
    let (c, _, err) = code(&s, &["search", "port", "--speaker", "nobody"]);
    assert_eq!(c, 2);
    assert!(err.contains("--speaker: no entity 'nobody'"), "{err}");
    let (c, _, err) = code(&s, &["list", "--participant", "zhou"]);
    assert_eq!(c, 2);
    assert!(
        err.contains("no entity 'zhou'") && err.contains("did you mean zhou-enlai"),
        "{err}"
    );
    // A name two entities share lists both.
    let (c, _, err) = code(&s, &["search", "meeting", "--entity", "Politburo"]);
    assert_eq!(c, 2);
    assert!(
        err.contains("ccp-politburo") && err.contains("cpsu-politburo"),
        "{err}"
    );
}

#[test]
fn exit_codes_follow_rg() {
    let s = Sandbox::new("args-codes");
    assert_eq!(code(&s, &["search", "Port"]).0, 0);
    assert_eq!(code(&s, &["search", "zzyzxqq"]).0, 1);
    assert_eq!(code(&s, &["search", "zzyzxqq", "--json"]).0, 1);
    assert_eq!(code(&s, &["who", "zzyzxqq"]).0, 1);
    assert_eq!(code(&s, &["who", "Stalin"]).0, 0);
    // The bundled corpus has no report: a filter that matches nothing.
    assert_eq!(code(&s, &["list", "--kind", "report"]).0, 1);
    assert_eq!(code(&s, &["list"]).0, 0);
    assert_eq!(code(&s, &["show", "no-such-document"]).0, 2);
    assert_eq!(code(&s, &["cite", "no-such-document"]).0, 2);
}

#[test]
fn who_limit_applies_with_and_without_a_query() {
    let s = Sandbox::new("args-who");
    assert_eq!(s.stdout(&["who", "--limit", "5"]).lines().count(), 5);
    assert_eq!(
        s.stdout(&["who", "Chen", "--limit", "2"]).lines().count(),
        2
    );
    let all = s.json(&["who", "--json"]);
    assert!(
        all.as_array().unwrap().len() > 20,
        "without a query, every entity"
    );
}

#[test]
fn note_ids_accept_unique_prefixes() {
    let s = Sandbox::new("args-notes");
    let a = s.stdout(&[
        "notes",
        "add",
        "wilson-122505",
        "--block",
        "3",
        "--text",
        "one",
    ]);
    let a = a.trim().to_string();
    s.stdout(&[
        "notes",
        "add",
        "wilson-122505",
        "--block",
        "4",
        "--text",
        "two",
    ]);
    let (c, out, err) = code(&s, &["notes", "delete", &a[..6]]);
    assert_eq!(c, 0, "{err}");
    assert_eq!(out.trim(), format!("deleted {a}"));
    let left = s.json(&["notes", "list", "--json"]);
    assert_eq!(left.as_array().unwrap().len(), 1);
    assert_eq!(left[0]["text"], "two");
    let (c, _, err) = code(&s, &["notes", "delete", "zzzz"]);
    assert_eq!(c, 2);
    assert!(err.contains("no note id starts with 'zzzz'"), "{err}");
    // The empty prefix matches every note: ambiguous once there are two.
    s.stdout(&[
        "notes",
        "add",
        "wilson-122505",
        "--block",
        "5",
        "--text",
        "three",
    ]);
    let (c, _, err) = code(&s, &["notes", "delete", ""]);
    assert_eq!(c, 2);
    assert!(err.contains("matches 2 notes"), "{err}");
}

#[test]
fn check_json_has_warnings_and_uncovered_names() {
    let s = Sandbox::new("args-check");
    s.write(
        "c/a.txt",
        "Telegram from Mao to Stalin, 5 October 1950\n\nComrade Zorbakov arrived. Zorbakov left.\n",
    );
    let v = s.run(&["check", "--json", "--corpus", "c"]);
    let v: serde_json::Value = serde_json::from_slice(&v.stdout).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert!(keys.contains(&&"warnings".to_string()) && keys.contains(&&"uncovered".to_string()));
    let z = v["uncovered"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "Zorbakov")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(z["count"], 2);
    assert_eq!(z["line"], 3);
    assert!(z["file"].as_str().unwrap().ends_with("c/a.txt"));
    let bundled = s.json(&["check", "--json"]);
    let w = &bundled["warnings"].as_array().unwrap()[0];
    assert!(
        w["file"].is_string() && w["line"].is_u64() && w["message"].is_string(),
        "{w}"
    );
}
