//! The notes survive what can happen to their database: a read-only data directory is read,
//! not called damaged; a damaged one is copied once, diagnosed honestly, and salvaged.

mod common;

use common::{stderr_of, Sandbox};
use std::path::Path;

fn add(s: &Sandbox, block: &str, text: &str) -> String {
    s.stdout(&[
        "notes",
        "add",
        "wilson-122505",
        "--block",
        block,
        "--text",
        text,
    ])
    .trim()
    .to_string()
}

/// Run the binary as a user who cannot write the data directory: `nobody` when this is root
/// (root writes whatever the modes say), this user otherwise. None when that cannot be done.
fn as_reader(s: &Sandbox, args: &[&str]) -> Option<std::process::Output> {
    let root = unsafe { libc::geteuid() } == 0;
    let mut cmd = if root {
        if std::process::Command::new("setpriv")
            .arg("--version")
            .output()
            .is_err()
        {
            eprintln!("skipped: needs setpriv to run as nobody");
            return None;
        }
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        c.arg(env!("CARGO_BIN_EXE_carrel"));
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_carrel"))
    };
    for (k, v) in s.env() {
        cmd.env(k, v);
    }
    // A cache the reader may write (the data directory alone is read-only).
    let cache = std::env::temp_dir().join(format!("carrel-ro-cache-{}", std::process::id()));
    std::fs::create_dir_all(&cache).unwrap();
    set_mode(&cache, 0o777);
    cmd.env("CARREL_CACHE", &cache)
        .env_remove("CARREL_CORPUS")
        .current_dir("/");
    cmd.args(args);
    Some(cmd.output().unwrap())
}

fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_read_only_data_directory_is_read_not_called_damaged() {
    let s = Sandbox::new("notes-ro");
    add(&s, "3", "kept on read-only media");
    // Readable by anyone, writable by no one.
    for p in [s.root.clone(), s.root.join("home"), s.root.join("config")] {
        set_mode(&p, 0o755);
    }
    for e in std::fs::read_dir(s.data()).unwrap() {
        set_mode(&e.unwrap().path(), 0o444);
    }
    set_mode(&s.data(), 0o555);
    let Some(list) = as_reader(&s, &["notes", "list"]) else {
        return;
    };
    let err = stderr_of(&list);
    assert!(list.status.success(), "{err}");
    assert!(String::from_utf8_lossy(&list.stdout).contains("kept on read-only media"));
    assert!(!err.contains("damaged"), "{err}");
    let export = as_reader(&s, &["notes", "export", "--format", "json"]).unwrap();
    assert!(export.status.success(), "{}", stderr_of(&export));
    assert!(String::from_utf8_lossy(&export.stdout).contains("kept on read-only media"));
    let added = as_reader(
        &s,
        &[
            "notes",
            "add",
            "wilson-122505",
            "--block",
            "4",
            "--text",
            "new",
        ],
    )
    .unwrap();
    let err = stderr_of(&added);
    assert!(!added.status.success());
    assert!(
        err.contains("can be read but not changed") && !err.contains("damaged"),
        "{err}"
    );
    // Nothing was written: no backup, no copy.
    let names: Vec<String> = std::fs::read_dir(s.data())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains("damaged")), "{names:?}");
    set_mode(&s.data(), 0o755);
}

/// Overwrite the b-tree page header of the page holding `marker` (a note's text).
fn damage_page_of(db: &Path, marker: &str) {
    let mut bytes = std::fs::read(db).unwrap();
    let at = bytes
        .windows(marker.len())
        .position(|w| w == marker.as_bytes())
        .expect("marker in the file");
    let page = at / 4096;
    assert!(page > 0, "not the first page");
    for b in &mut bytes[page * 4096..page * 4096 + 8] {
        *b = 0xff;
    }
    std::fs::write(db, bytes).unwrap();
}

/// 19 notes, one to a page; a backup that holds the first 17 (it lags behind).
fn nineteen(s: &Sandbox) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 1..=17 {
        ids.push(add(s, "3", &format!("NOTE-{i:02}-{}", "x".repeat(3000))));
    }
    s.stdout(&["notes", "list"]);
    let backup = s.data().join("notes.backup.db");
    let old = std::fs::read(&backup).unwrap();
    for i in 18..=19 {
        ids.push(add(s, "3", &format!("NOTE-{i:02}-{}", "x".repeat(3000))));
    }
    std::fs::write(&backup, old).unwrap();
    ids
}

fn damaged_copies(s: &Sandbox) -> usize {
    std::fs::read_dir(s.data())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("notes.db.damaged-")
        })
        .count()
}

#[test]
fn a_damaged_database_is_copied_once_says_what_the_backup_lacks_and_is_salvaged() {
    let s = Sandbox::new("notes-salvage");
    let ids = nineteen(&s);
    damage_page_of(&s.data().join("notes.db"), "NOTE-18-");
    for _ in 0..3 {
        let o = s.run(&["notes", "list"]);
        assert_eq!(o.status.code(), Some(1));
        let err = stderr_of(&o);
        assert!(err.contains("damaged"), "{err}");
        assert!(err.contains("holds 17 notes"), "{err}");
        assert!(
            err.contains("restoring the backup would lose them"),
            "{err}"
        );
        assert!(err.contains("carrel notes salvage"), "{err}");
    }
    assert_eq!(damaged_copies(&s), 1, "one copy, not one per open");
    let o = s.run(&["notes", "salvage"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(1), "{out}{}", stderr_of(&o));
    assert!(out.contains("recovered 18 notes: 18 from"), "{out}");
    assert!(
        out.contains(&format!("1 notes could not be recovered: {}", ids[17])),
        "{out}"
    );
    let notes = s.json(&["notes", "list", "--json"]);
    assert_eq!(notes.as_array().unwrap().len(), 18);
    assert!(notes
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["id"] == ids[18].as_str()));
}

#[test]
fn salvage_exits_0_when_the_backup_has_what_the_damaged_file_lost() {
    let s = Sandbox::new("notes-salvage-ok");
    let ids = nineteen(&s);
    damage_page_of(&s.data().join("notes.db"), "NOTE-05-");
    let o = s.run(&["notes", "salvage"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(0), "{out}{}", stderr_of(&o));
    assert!(out.contains("recovered 19 notes: 18 from"), "{out}");
    assert!(out.contains("1 only in the backup"), "{out}");
    let notes = s.json(&["notes", "list", "--json"]);
    let got: Vec<&str> = notes
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    for id in &ids {
        assert!(got.contains(&id.as_str()), "{id} missing");
    }
    // Nothing more to do now.
    let again = s.stdout(&["notes", "salvage"]);
    assert!(again.contains("not damaged"), "{again}");
}
