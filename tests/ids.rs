//! Ids that do not move: a record keeps its id whatever other files claim it, come or go; the
//! second claimant gets a suffix made from its own path; notes made on an id whose record
//! changed identity are flagged.

mod common;

use common::Sandbox;

fn soong() -> String {
    std::fs::read_to_string(common::manifest_dir().join("corpus/1945-07-02-soong-stalin.md"))
        .unwrap()
}

/// The 1959 record, given the 1945 record's archive number.
fn impostor() -> String {
    std::fs::read_to_string(common::manifest_dir().join("corpus/1959-10-02-khrushchev-mao.md"))
        .unwrap()
        .replace("document/112088", "document/122505")
}

fn list(s: &Sandbox) -> Vec<serde_json::Value> {
    let c = s.work().join("c");
    s.json(&["--corpus", c.to_str().unwrap(), "list", "--json"])
        .as_array()
        .unwrap()
        .clone()
}

fn id_of(rows: &[serde_json::Value], file_end: &str) -> String {
    rows.iter()
        .find(|r| r["source_file"].as_str().unwrap().ends_with(file_end))
        .unwrap_or_else(|| panic!("no row from {file_end}: {rows:?}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The suffix, worked out here from its definition: 8 hex digits of xxh3 of the path relative
/// to the corpus root.
fn suffixed(id: &str, rel: &str) -> String {
    format!(
        "{id}-{:08x}",
        xxhash_rust::xxh3::xxh3_64(rel.as_bytes()) >> 32
    )
}

#[test]
fn a_file_added_that_sorts_first_does_not_take_the_id_of_a_known_record() {
    let s = Sandbox::new("ids-added");
    s.write("c/b-soong.md", soong());
    let c = s.work().join("c");
    let c = c.to_str().unwrap();
    assert_eq!(id_of(&list(&s), "b-soong.md"), "wilson-122505");
    let note = s.stdout(&[
        "--corpus",
        c,
        "notes",
        "add",
        "wilson-122505",
        "--block",
        "3",
        "--text",
        "Soong on Outer Mongolia",
    ]);
    let note = note.trim();
    // A second record claiming the same archive number, whose name sorts first.
    s.write("c/a-other.md", impostor());
    let rows = list(&s);
    assert_eq!(
        id_of(&rows, "b-soong.md"),
        "wilson-122505",
        "the known record keeps its id"
    );
    assert_eq!(
        id_of(&rows, "a-other.md"),
        suffixed("wilson-122505", "a-other.md")
    );
    // check says so, naming the file.
    let o = s.run(&["--corpus", c, "check"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.lines().any(|l| l.contains("a-other.md")
            && l.contains("wilson-122505")
            && l.contains(&suffixed("wilson-122505", "a-other.md"))),
        "{out}"
    );
    // The note is still on the 1945 record, and says ok.
    let notes = s.json(&["--corpus", c, "notes", "list", "--json"]);
    let n = &notes.as_array().unwrap()[0];
    assert_eq!(
        (n["id"].as_str(), n["status"].as_str()),
        (Some(note), Some("ok"))
    );
    // The other record's id does not move either when a third claimant comes and the known
    // record goes for a while.
    std::fs::rename(
        s.work().join("c/b-soong.md"),
        s.work().join("soong.md.away"),
    )
    .unwrap();
    s.write("c/0-third.md", impostor().replace("Khrushchev", "Kosygin"));
    let rows = list(&s);
    assert_eq!(
        id_of(&rows, "a-other.md"),
        suffixed("wilson-122505", "a-other.md")
    );
    std::fs::rename(
        s.work().join("soong.md.away"),
        s.work().join("c/b-soong.md"),
    )
    .unwrap();
    let rows = list(&s);
    assert_eq!(id_of(&rows, "b-soong.md"), "wilson-122505");
    assert_eq!(
        id_of(&rows, "a-other.md"),
        suffixed("wilson-122505", "a-other.md")
    );
    assert_eq!(
        id_of(&rows, "0-third.md"),
        suffixed("wilson-122505", "0-third.md")
    );
}

#[test]
fn without_a_record_of_ids_the_first_path_keeps_the_id_whatever_the_load_order() {
    let s = Sandbox::new("ids-fresh");
    s.write("c/b-soong.md", soong());
    s.write("c/a-other.md", impostor());
    let c = s.work().join("c");
    // Two corpus roots naming the same files in either order give the same ids.
    let one = carrel::corpus::Corpus::load(&[carrel::corpus::Source::Path(c.clone())]);
    let ids: Vec<(String, String)> = one
        .docs
        .heads()
        .map(|d| (d.source_file.clone(), d.id.clone()))
        .collect();
    let a = ids.iter().find(|(f, _)| f.ends_with("a-other.md")).unwrap();
    let b = ids.iter().find(|(f, _)| f.ends_with("b-soong.md")).unwrap();
    assert_eq!(a.1, "wilson-122505");
    assert_eq!(b.1, suffixed("wilson-122505", "b-soong.md"));
    // The same two files named one by one, the later name first.
    let two = carrel::corpus::Corpus::load(&[
        carrel::corpus::Source::Path(c.join("b-soong.md")),
        carrel::corpus::Source::Path(c.join("a-other.md")),
    ]);
    let mut again: Vec<(String, String)> = two
        .docs
        .heads()
        .map(|d| (d.source_file.clone(), d.id.clone()))
        .collect();
    let mut first = ids.clone();
    again.sort();
    first.sort();
    assert_eq!(again, first);
}

#[test]
fn notes_on_an_id_whose_record_changed_identity_are_flagged() {
    let s = Sandbox::new("ids-flagged");
    s.write("c/soong.md", soong());
    let c = s.work().join("c");
    let c = c.to_str().unwrap();
    s.stdout(&[
        "--corpus",
        c,
        "notes",
        "add",
        "wilson-122505",
        "--block",
        "3",
        "--text",
        "on the 1945 talks",
    ]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    // The record goes, and another one claims its number: the id stays reserved for it.
    std::fs::rename(s.work().join("c/soong.md"), s.work().join("soong.md.away")).unwrap();
    s.write("c/other.md", impostor());
    assert_eq!(
        id_of(&list(&s), "other.md"),
        suffixed("wilson-122505", "other.md")
    );
    std::fs::remove_file(s.work().join("c/other.md")).unwrap();
    // The file at its path is replaced by another record: the id changed identity.
    s.write("c/soong.md", impostor());
    let notes = s.json(&["--corpus", c, "notes", "list", "--json"]);
    let n = &notes.as_array().unwrap()[0];
    assert_eq!(n["status"], "flagged", "{n}");
    let text = s.stdout(&["--corpus", c, "notes", "list"]);
    assert!(text.contains("flagged"), "{text}");
    let md = s.stdout(&["--corpus", c, "notes", "export", "--format", "markdown"]);
    assert!(md.contains("flagged"), "{md}");
    // A note made on the new holder is not.
    s.stdout(&[
        "--corpus",
        c,
        "notes",
        "add",
        "wilson-122505",
        "--block",
        "2",
        "--text",
        "on 1959",
    ]);
    let notes = s.json(&["--corpus", c, "notes", "list", "--json"]);
    let n = notes
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["text"] == "on 1959")
        .unwrap()
        .clone();
    assert_ne!(n["status"], "flagged");
}
