//! One version of a document: when a cache entry is missing and its file changed since the
//! manifest was written, the document is read again whole, its header comes from the same
//! read as its body, and the new result is cached under the new content's key.

mod common;

use carrel::corpus::{Corpus, Source};
use carrel::model::Reading;
use std::time::{Duration, SystemTime};

fn set_time(p: &std::path::Path, t: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(p)
        .unwrap()
        .set_modified(t)
        .unwrap();
}

fn entries(cache: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for d in std::fs::read_dir(cache.join("ingest")).unwrap() {
        let d = d.unwrap().path();
        if d.is_dir() {
            for f in std::fs::read_dir(&d).unwrap() {
                out.push(f.unwrap().path());
            }
        }
    }
    out
}

#[test]
fn a_changed_file_whose_cache_entry_is_gone_shows_header_and_body_of_one_version() {
    let s = common::Sandbox::new("one-version");
    let v1 = "Telegram from Mao to Stalin, 5 October 1950\n\nYes, we agree.\n";
    let v2 = "Telegram from Liu to Stalin, 5 October 1950\n\nNo, we refuse.\n";
    assert_eq!(
        v1.len(),
        v2.len(),
        "same size, so that only the content tells"
    );
    let file = s.write("c/t.txt", v1);
    let then = SystemTime::now() - Duration::from_secs(600);
    set_time(&file, then);
    let src = [Source::Path(s.work().join("c"))];
    let cache = s.cache();
    let first = Corpus::open_cached(&src, &[], Some(&cache));
    assert!(first.docs[0].title.contains("Mao"));
    drop(first);
    // The file changes under the same size and time; its cache entry is lost.
    std::fs::write(&file, v2).unwrap();
    set_time(&file, then);
    for e in entries(&cache) {
        std::fs::remove_file(e).unwrap();
    }
    let c = Corpus::open_cached(&src, &[], Some(&cache));
    assert_eq!(c.stats.known, 1, "the manifest still vouches for the file");
    let doc = &c.docs[0];
    let body: String = doc
        .blocks
        .iter()
        .map(|b| b.text(Reading::Redline))
        .collect();
    assert!(body.contains("No, we refuse."), "{body}");
    assert!(doc.title.contains("Liu"), "{}", doc.title);
    // The header listings use is the same version now.
    assert!(c.docs.head(0).unwrap().title.contains("Liu"));
    assert!(c.docs.heads().next().unwrap().title.contains("Liu"));
    // And the new result is cached (once, under the new content's key).
    assert_eq!(entries(&cache).len(), 1);
}
