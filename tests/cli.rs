//! The command line's contract: JSON fields, id prefixes, corpus selection, exit codes.

mod common;

use common::Sandbox;
use serde_json::Value;
use std::process::Output;

/// One run in a sandbox of its own.
fn carrel(args: &[&str]) -> Output {
    Sandbox::new("cli").run(args)
}

fn json(args: &[&str]) -> Value {
    Sandbox::new("cli").json(args)
}

#[test]
fn list_json_has_the_documented_fields_in_date_order() {
    let v = json(&["list", "--json"]);
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 7);
    for d in arr {
        for key in ["id", "title", "date", "kind", "source_file"] {
            assert!(d.get(key).is_some(), "missing {key}");
        }
    }
    assert_eq!(arr[0]["id"], "wilson-122505");
    assert_eq!(arr[0]["kind"], "memorandum_of_conversation");
    assert_eq!(arr[6]["id"], "wilson-112088");
    assert_eq!(arr[4]["kind"], "draft");
}

#[test]
fn show_json_has_the_documented_fields() {
    let v = json(&["show", "wilson-112", "--json"]);
    for key in [
        "id",
        "title",
        "date",
        "kind",
        "source_file",
        "citation",
        "summary",
        "original_language",
        "participants",
        "collection_note",
        "blocks",
        "warnings",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["id"], "wilson-112088");
    assert_eq!(v["original_language"], "Russian");
    let p = &v["participants"][0];
    assert!(p.get("id").is_some() && p["name"].is_string());
    let b = &v["blocks"][0];
    assert_eq!(b["n"], 1);
    assert!(b["kind"].is_string() && b["text"].is_string());
}

#[test]
fn show_text_and_prefixes() {
    let out = carrel(&["show", "1949-12"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Telegram from Mao Tse-tung to Liu Shaoqi\n"));
    assert!(text.contains("Collection note:"));

    // "1950-10" is the start of two ids.
    let amb = carrel(&["show", "1950-10"]);
    assert_eq!(amb.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&amb.stderr).contains("matches 2 documents"));

    let none = carrel(&["show", "nothing-like-this"]);
    assert_eq!(none.status.code(), Some(2));
}

#[test]
fn no_subcommand_without_a_terminal_explains_itself() {
    // The reading room needs a terminal; from a pipe it says so and points at the commands.
    let out = carrel(&[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("needs a terminal") && err.contains("carrel list"),
        "{err}"
    );
}

#[test]
fn corpus_paths_env_and_bundled() {
    let sandbox = Sandbox::new("cli-paths");
    let dir = sandbox.work();
    std::fs::write(
        dir.join("one.txt"),
        "Letter from Ann to Bob, 2 June 1951\n\nHello.\n",
    )
    .unwrap();
    let only = json(&["--corpus", dir.to_str().unwrap(), "list", "--json"]);
    assert_eq!(only.as_array().unwrap().len(), 1);
    let both = json(&[
        "list",
        "--json",
        "--corpus",
        "bundled",
        "--corpus",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(both.as_array().unwrap().len(), 8);

    let out = sandbox
        .command()
        .args(["list", "--json"])
        .env("CARREL_CORPUS", format!("bundled:{}", dir.display()))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 8);
}

#[test]
fn check_reports_file_and_line_and_exit_codes() {
    let ok = carrel(&["check"]);
    assert_eq!(ok.status.code(), Some(0));
    let text = String::from_utf8(ok.stdout).unwrap();
    assert!(text
        .lines()
        .any(|l| l.starts_with("corpus/1950-10-stalin-mao-message-and-draft.txt:21: ")));

    let strict = carrel(&["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));

    let sandbox = Sandbox::new("cli-check");
    let dir = sandbox.work();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    let out = carrel(&["check", "--corpus", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("empty.txt:0: empty file"));

    let missing = dir.join("missing.txt");
    let out = carrel(&["check", "--corpus", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("missing.txt:0: cannot read"));
}

#[test]
fn list_filters_by_kind_and_date() {
    let v = json(&["list", "--json", "--kind", "telegram"]);
    assert_eq!(v.as_array().unwrap().len(), 2);
    let v = json(&["list", "--json", "--from", "1950", "--to", "1950"]);
    let ids: Vec<_> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["1950-01-02", "1950-10-04", "1950-10-05"]);
}
