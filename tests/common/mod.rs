//! What every integration test shares: a sandbox of its own data, cache and config directories
//! for running the real binary, and access to `../shared` that skips cleanly when it is absent.
//!
//! A test file uses it with `mod common;`. Nothing here touches the user's real directories:
//! the binary is run with `CARREL_DATA`, `CARREL_CACHE`, `CARREL_CONFIG`, `HOME` and the XDG
//! variables all pointing into the sandbox (`CARREL_CONFIG=none`: no config file is read unless a
//! test names one), and `CARREL_CORPUS` removed.

#![allow(dead_code)]

pub mod pty;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The root of the checkout.
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file or folder under `tests/`.
pub fn tests_path(rel: &str) -> PathBuf {
    manifest_dir().join("tests").join(rel)
}

/// Whether this run is CI's (`CI=true`), where nothing may be skipped.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// A path under `../shared` beside the checkout, if it is there. When it is absent the test is
/// skipped with a line saying what it needs — except under `CI=true`, where a missing `../shared`
/// fails loudly.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = manifest_dir().join("../shared").join(rel);
    if p.exists() {
        return Some(p);
    }
    if in_ci() {
        panic!(
            "needs ../shared/{rel} (CI=true: ../shared must be beside the checkout, at {})",
            p.display()
        );
    }
    eprintln!("skipped: needs ../shared/{rel}");
    None
}

/// `let p = need_shared!("corpora/frus");` — the path, or return from the test (skipped).
#[macro_export]
macro_rules! need_shared {
    ($rel:expr) => {
        match $crate::common::shared($rel) {
            Some(p) => p,
            None => return,
        }
    };
}

/// A path under `../shared` that a test can do without (it then does less): `None` with a note
/// when absent, but under `CI=true` a missing `../shared` fails as in [`shared`].
pub fn optional_shared(rel: &str, without: &str) -> Option<PathBuf> {
    let p = manifest_dir().join("../shared").join(rel);
    if p.exists() {
        return Some(p);
    }
    if in_ci() {
        panic!("needs ../shared/{rel} (CI=true: ../shared must be beside the checkout)");
    }
    eprintln!("note: ../shared/{rel} is absent; {without}");
    None
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh directory of the test's own, removed when dropped.
pub struct Sandbox {
    pub root: PathBuf,
}

impl Sandbox {
    /// A new, empty sandbox named after the test (`tag`), unique in this process and machine.
    pub fn new(tag: &str) -> Sandbox {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let root =
            std::env::temp_dir().join(format!("carrel-test-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for sub in ["data", "cache", "config", "home", "work"] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        Sandbox { root }
    }

    /// Where the notes and the reading position live.
    pub fn data(&self) -> PathBuf {
        self.root.join("data")
    }

    /// Where the ingest cache and the search index live.
    pub fn cache(&self) -> PathBuf {
        self.root.join("cache")
    }

    /// `$XDG_CONFIG_HOME` of the run.
    pub fn config(&self) -> PathBuf {
        self.root.join("config")
    }

    /// A scratch folder for the test's own files (corpora, exports).
    pub fn work(&self) -> PathBuf {
        self.root.join("work")
    }

    /// A path inside the scratch folder, with its parent made.
    pub fn path(&self, rel: &str) -> PathBuf {
        let p = self.work().join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        p
    }

    /// Write a file inside the scratch folder and return its path.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        std::fs::write(&p, contents).unwrap();
        p
    }

    /// The environment every run of the binary gets.
    pub fn env(&self) -> Vec<(String, PathBuf)> {
        isolated_env(
            &self.data(),
            &self.cache(),
            &self.root.join("home"),
            &self.config(),
        )
    }

    /// The binary as a command, isolated in this sandbox; arguments still to be added.
    pub fn command(&self) -> Command {
        let mut cmd = binary(&self.env());
        cmd.current_dir(self.work());
        cmd
    }

    /// Run the binary with these arguments and wait for it.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("run carrel")
    }

    /// Run, insist on success, and return standard output as text.
    pub fn stdout(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "carrel {args:?} failed ({:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Run, insist on success, and parse standard output as JSON.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "carrel {args:?} failed ({:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("valid JSON")
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if std::env::var_os("CARREL_KEEP_TEST_DIRS").is_none() {
            // Read-only files and folders a test made must not stop the cleanup.
            make_writable(&self.root);
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

fn make_writable(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = std::fs::symlink_metadata(p) else {
        return;
    };
    if meta.file_type().is_symlink() {
        return;
    }
    let mode = meta.permissions().mode();
    let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode | 0o700));
    if meta.is_dir() {
        if let Ok(entries) = std::fs::read_dir(p) {
            for e in entries.flatten() {
                make_writable(&e.path());
            }
        }
    }
}

/// The variables that keep a run of the binary away from the user's own directories.
pub fn isolated_env(
    data: &Path,
    cache: &Path,
    home: &Path,
    config: &Path,
) -> Vec<(String, PathBuf)> {
    vec![
        ("CARREL_DATA".into(), data.to_path_buf()),
        ("CARREL_CACHE".into(), cache.to_path_buf()),
        ("CARREL_CONFIG".into(), PathBuf::from("none")),
        ("XDG_DATA_HOME".into(), home.join(".local/share")),
        ("XDG_CACHE_HOME".into(), home.join(".cache")),
        ("XDG_CONFIG_HOME".into(), config.to_path_buf()),
        ("HOME".into(), home.to_path_buf()),
    ]
}

fn binary(env: &[(String, PathBuf)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_carrel"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.env_remove("CARREL_CORPUS");
    cmd
}

/// A fresh scratch folder (not removed afterwards) for tests that keep a folder across threads.
pub fn scratch(tag: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let d = std::env::temp_dir().join(format!("carrel-test-{tag}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The binary isolated around one folder: notes in `dir`, caches in `dir/cache`, home and config
/// under `dir/home`.
pub fn command_in(dir: &Path) -> Command {
    binary(&isolated_env(
        dir,
        &dir.join("cache"),
        &dir.join("home"),
        &dir.join("home/.config"),
    ))
}

/// Standard output of a finished run, as text.
pub fn stdout_of(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error of a finished run, as text.
pub fn stderr_of(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
