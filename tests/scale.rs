//! The ingest cache and lazy bodies: a cached corpus reads as the uncached one does, a warm
//! start reads no document, one changed file is read alone, and a lost or damaged cache only
//! costs time. Also the quick search path, which must never answer from a stale index.

#[path = "../examples/gen_corpus/generate.rs"]
mod generate;

mod common;

use carrel::corpus::{Corpus, Source};
use std::path::{Path, PathBuf};

fn scratch(name: &str) -> PathBuf {
    common::scratch(&format!("scale-{name}"))
}

/// A small generated corpus with the bundled seeds and the FRUS fixture beside it.
fn corpus_dir(name: &str) -> PathBuf {
    let dir = scratch(name);
    let docs = dir.join("docs");
    let tsv = common::optional_shared(
        "corpora/people/hsa-people.tsv",
        "speakers are drawn from the bundled gazetteer only",
    );
    generate::generate(&docs, 60, 21, &generate::Pools::load(tsv.as_deref())).expect("generated");
    for f in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")).expect("seeds")
    {
        let f = f.expect("entry").path();
        std::fs::copy(&f, docs.join(f.file_name().expect("name"))).expect("copied");
    }
    for f in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tei"))
        .expect("tei fixtures")
    {
        let f = f.expect("entry").path();
        std::fs::copy(&f, docs.join(f.file_name().expect("name"))).expect("copied");
    }
    dir
}

fn sources(dir: &Path) -> Vec<Source> {
    vec![Source::Path(dir.join("docs"))]
}

/// Everything a reader could see of a corpus, in order.
fn everything(c: &Corpus) -> Vec<String> {
    let mut out = Vec::new();
    for (i, d) in c.docs.iter().enumerate() {
        out.push(serde_json::to_string(d).expect("json"));
        out.push(d.raw.clone());
        out.push(format!("{:?}", d.name_tags));
        out.push(serde_json::to_string(&c.mentions[i]).expect("json"));
    }
    out.push(format!("{:?}", c.warnings));
    out.push(format!("{:?}", c.unreadable));
    out
}

#[test]
fn a_cached_corpus_reads_as_the_uncached_one() {
    let dir = corpus_dir("same");
    let cache = dir.join("cache");
    let plain = Corpus::open(&sources(&dir), &[]);
    assert!(plain.docs.len() > 60, "{} documents", plain.docs.len());
    let cold = Corpus::open_cached(&sources(&dir), &[], Some(&cache));
    assert_eq!(cold.stats.parsed, cold.stats.files);
    let warm = Corpus::open_cached(&sources(&dir), &[], Some(&cache));
    assert_eq!(warm.stats.known, warm.stats.files, "{:?}", warm.stats);
    assert_eq!(warm.docs.loaded(), 0, "a warm start reads no document");
    let want = everything(&plain);
    assert_eq!(everything(&cold), want);
    assert_eq!(everything(&warm), want);
    assert_eq!(
        warm.gazetteer.entities.len(),
        plain.gazetteer.entities.len()
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn reading_one_document_loads_it_alone() {
    let dir = corpus_dir("lazy");
    let cache = dir.join("cache");
    drop(Corpus::open_cached(&sources(&dir), &[], Some(&cache)));
    let warm = Corpus::open_cached(&sources(&dir), &[], Some(&cache));
    let i = warm
        .docs
        .heads()
        .position(|d| d.id == "wilson-112088")
        .expect("the 1959 record");
    assert!(warm.docs.head(i).expect("head").blocks.is_empty());
    let d = &warm.docs[i];
    assert!(d.blocks.len() > 100, "{} blocks", d.blocks.len());
    assert_eq!(warm.docs.loaded(), 1);
    // One document of a collection (or of an edition) is decoded without the others.
    let in_file: Vec<usize> = warm
        .docs
        .heads()
        .enumerate()
        .filter(|(_, d)| {
            d.source_file
                .ends_with("1949-12-mao-moscow-visit-telegrams.txt")
        })
        .map(|(j, _)| j)
        .collect();
    assert!(in_file.len() > 1);
    let first = &warm.docs[in_file[0]];
    assert!(!first.blocks.is_empty());
    assert_eq!(warm.docs.loaded(), 2);
    assert!(!warm.docs.is_loaded(in_file[1]));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn one_changed_file_is_read_again_alone() {
    let dir = corpus_dir("change");
    let cache = dir.join("cache");
    let first = Corpus::open_cached(&sources(&dir), &[], Some(&cache));
    let files = first.stats.files;
    drop(first);
    let path = dir.join("docs/1959-10-02-khrushchev-mao.md");
    let text = std::fs::read_to_string(&path).expect("seed");
    std::fs::write(
        &path,
        text.replace("Good, let us do this", "Fine, let us do this"),
    )
    .expect("edited");
    let next = Corpus::open_cached(&sources(&dir), &[], Some(&cache));
    assert_eq!(next.stats.parsed, 1, "{:?}", next.stats);
    assert_eq!(next.stats.known + next.stats.parsed, files);
    let d = next.get("wilson-112088").expect("the 1959 record");
    let all: String = d.blocks.iter().map(|b| b.raw.clone()).collect();
    assert!(all.contains("Fine, let us do this") && !all.contains("Good, let us do this"));
    // The old entry is gone: the cache holds one entry per file, however often files change.
    let entries = |cache: &Path| {
        let mut n = 0;
        for d in std::fs::read_dir(cache.join("ingest"))
            .expect("cache")
            .flatten()
        {
            if d.path().is_dir() {
                n += std::fs::read_dir(d.path()).expect("dir").count();
            }
        }
        n
    };
    assert_eq!(entries(&cache), files);
    std::fs::write(&path, &text).expect("restored");
    let back = Corpus::open_cached(&sources(&dir), &[], Some(&cache));
    assert_eq!(back.stats.parsed, 1, "{:?}", back.stats);
    assert_eq!(entries(&cache), files);
    // A file removed takes its entry with it.
    std::fs::remove_file(&path).expect("removed");
    let fewer = Corpus::open_cached(&sources(&dir), &[], Some(&cache));
    assert_eq!(fewer.stats.files, files - 1);
    assert_eq!(entries(&cache), files - 1);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_lost_or_damaged_cache_only_costs_time() {
    let dir = corpus_dir("damage");
    let cache = dir.join("cache");
    let want = everything(&Corpus::open(&sources(&dir), &[]));
    drop(Corpus::open_cached(&sources(&dir), &[], Some(&cache)));
    // Entries deleted under a warm corpus: bodies are read from the files again.
    let warm = Corpus::open_cached(&sources(&dir), &[], Some(&cache));
    for e in std::fs::read_dir(cache.join("ingest")).expect("cache") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            std::fs::remove_dir_all(&p).expect("removed");
        }
    }
    assert_eq!(everything(&warm), want);
    // Every cache file replaced by garbage.
    let mut stack = vec![cache.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                std::fs::write(&p, b"\x00\x01 not a cache file").expect("damaged");
            }
        }
    }
    let again = Corpus::open_cached(&sources(&dir), &[], Some(&cache));
    assert_eq!(everything(&again), want);
    // A cache directory that cannot be written: loads all the same.
    let blocked = dir.join("blocked");
    std::fs::write(&blocked, "a file, not a directory").expect("file");
    let c = Corpus::open_cached(&sources(&dir), &[], Some(&blocked));
    assert_eq!(everything(&c), want);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_quick_fingerprint_knows_when_a_file_changed() {
    let dir = corpus_dir("quick");
    let cache = dir.join("cache");
    let src = sources(&dir);
    assert_eq!(Corpus::quick_fingerprint(&src, &[], &cache), None);
    let c = Corpus::open_cached(&src, &[], Some(&cache));
    // Files written just now are hashed again next time (their time could hide an edit).
    assert_eq!(Corpus::quick_fingerprint(&src, &[], &cache), None);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let c2 = Corpus::open_cached(&src, &[], Some(&cache));
    assert_eq!(c2.fingerprint, c.fingerprint);
    let fp = Corpus::quick_fingerprint(&src, &[], &cache);
    assert_eq!(fp, Some(c.fingerprint));
    // An edit in place.
    let path = dir.join("docs/1945-07-02-soong-stalin.md");
    let text = std::fs::read_to_string(&path).expect("seed");
    std::fs::write(&path, text.replace("No news.", "No news at all.")).expect("edited");
    assert_eq!(Corpus::quick_fingerprint(&src, &[], &cache), None);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let c3 = Corpus::open_cached(&src, &[], Some(&cache));
    assert_ne!(c3.fingerprint, c.fingerprint);
    assert_eq!(
        Corpus::quick_fingerprint(&src, &[], &cache),
        Some(c3.fingerprint)
    );
    // A file added, and one removed.
    std::fs::write(
        dir.join("docs/new.txt"),
        "Telegram from Mao Zedong to Stalin, 3 May 1950\n\nWe agree.\n",
    )
    .expect("added");
    assert_eq!(Corpus::quick_fingerprint(&src, &[], &cache), None);
    std::fs::remove_file(dir.join("docs/new.txt")).expect("removed");
    std::fs::remove_file(&path).expect("removed");
    assert_eq!(Corpus::quick_fingerprint(&src, &[], &cache), None);
    let _ = std::fs::remove_dir_all(dir);
}

fn carrel(cache: &Path, corpus: &Path, args: &[&str]) -> String {
    let out = common::command_in(&cache.join("sandbox"))
        .arg("--cache-dir")
        .arg(cache)
        .arg("--corpus")
        .arg(corpus)
        .args(args)
        .output()
        .expect("carrel runs");
    // 0 found, 1 nothing found (as rg); anything else is a failure.
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn search_never_answers_from_a_stale_index() {
    let dir = corpus_dir("search");
    let cache = dir.join("cache");
    let docs = dir.join("docs");
    // Built (and, a second later, trusted by the quick path).
    let hits = carrel(&cache, &docs, &["search", "Dairen", "--speaker", "stalin"]);
    assert!(hits.contains("wilson-122505 ¶60 Joseph Stalin:"), "{hits}");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let again = carrel(&cache, &docs, &["search", "Dairen", "--speaker", "stalin"]);
    assert_eq!(again, hits);
    let quick = carrel(&cache, &docs, &["search", "Dairen", "--speaker", "stalin"]);
    assert_eq!(quick, hits);
    // The word changed in the file: the old one is gone from the results, the new one found.
    let path = docs.join("1945-07-02-soong-stalin.md");
    let text = std::fs::read_to_string(&path).expect("seed");
    std::fs::write(&path, text.replace("Dairen", "Dalny")).expect("edited");
    let after = carrel(&cache, &docs, &["search", "Dairen", "--speaker", "stalin"]);
    assert!(!after.contains("wilson-122505"), "{after}");
    let new = carrel(&cache, &docs, &["search", "Dalny"]);
    assert!(new.contains("wilson-122505 ¶60"), "{new}");
    let _ = std::fs::remove_dir_all(dir);
}
