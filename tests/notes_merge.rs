//! Import merges, it never drops: a note edited in an export comes back as an update when it
//! is newer, beside the stored one as a conflict when both changed, and the summary counts
//! added, updated, unchanged and conflicting notes.

mod common;

use common::Sandbox;

fn export(s: &Sandbox) -> Vec<serde_json::Value> {
    s.json(&["notes", "export", "--format", "json"])
        .as_array()
        .unwrap()
        .clone()
}

fn import(s: &Sandbox, notes: &[serde_json::Value]) -> String {
    let f = s.write("import.json", serde_json::to_vec(notes).unwrap());
    s.stdout(&["notes", "import", f.to_str().unwrap()])
}

fn texts(s: &Sandbox) -> Vec<String> {
    let mut t: Vec<String> = s
        .json(&["notes", "list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap().to_string())
        .collect();
    t.sort();
    t
}

#[test]
fn an_edited_note_comes_back_as_a_conflict_kept_beside_the_stored_one() {
    let s = Sandbox::new("merge-conflict");
    s.stdout(&[
        "notes",
        "add",
        "wilson-122505",
        "--block",
        "3",
        "--text",
        "first thought",
    ]);
    let mut notes = export(&s);
    // Edited by hand in the export: same id, same time stamps, other text.
    notes[0]["text"] = "second thought".into();
    let out = import(&s, &notes);
    assert!(
        out.starts_with("imported: 0 added, 0 updated, 0 unchanged, 1 in conflict"),
        "{out}"
    );
    let id = notes[0]["id"].as_str().unwrap();
    assert!(
        out.contains(&format!("conflict: {id} changed here")),
        "{out}"
    );
    assert_eq!(texts(&s), ["first thought", "second thought"]);
    // The same file again changes nothing.
    let out = import(&s, &notes);
    assert_eq!(
        out.trim(),
        "imported: 0 added, 0 updated, 1 unchanged, 0 in conflict"
    );
    assert_eq!(texts(&s).len(), 2);
}

#[test]
fn a_newer_version_updates_and_new_notes_are_added() {
    let s = Sandbox::new("merge-update");
    s.stdout(&[
        "notes",
        "add",
        "wilson-122505",
        "--block",
        "3",
        "--text",
        "draft",
    ]);
    s.stdout(&[
        "notes",
        "add",
        "wilson-122505",
        "--block",
        "4",
        "--text",
        "kept",
    ]);
    let mut notes = export(&s);
    let i = notes.iter().position(|n| n["text"] == "draft").unwrap();
    notes[i]["text"] = "final".into();
    notes[i]["updated"] = (notes[i]["updated"].as_i64().unwrap() + 60).into();
    let mut extra = notes[i].clone();
    extra["id"] = "00000000feedbeef".into();
    extra["text"] = "from another machine".into();
    notes.push(extra);
    let out = import(&s, &notes);
    assert_eq!(
        out.trim(),
        "imported: 1 added, 1 updated, 1 unchanged, 0 in conflict"
    );
    assert_eq!(texts(&s), ["final", "from another machine", "kept"]);
}
