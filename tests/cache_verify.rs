//! Caches verify themselves: a cache entry or manifest changed in a way that still decodes is
//! never used; the text shown is always the source's.

mod common;

use carrel::corpus::{Corpus, Source};
use carrel::model::Reading;
use std::path::{Path, PathBuf};

/// Every document's title and text, in order.
fn texts(c: &Corpus) -> Vec<(String, String)> {
    (0..c.docs.len())
        .map(|i| {
            let d = &c.docs[i];
            let body: Vec<String> = d.blocks.iter().map(|b| b.text(Reading::Redline)).collect();
            (d.title.clone(), body.join("\n"))
        })
        .collect()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A copy of the bundled corpus on disk, its uncached reading, and a warm cache.
fn setup(tag: &str) -> (common::Sandbox, [Source; 1], Vec<(String, String)>) {
    let s = common::Sandbox::new(tag);
    for e in std::fs::read_dir(common::manifest_dir().join("corpus")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(
            &p,
            s.path(&format!("c/{}", p.file_name().unwrap().to_string_lossy())),
        )
        .unwrap();
    }
    let src = [Source::Path(s.work().join("c"))];
    let truth = texts(&Corpus::load(&src));
    let warm = Corpus::open_cached(&src, &[], Some(&s.cache()));
    assert_eq!(texts(&warm), truth);
    (s, src, truth)
}

#[test]
fn single_bit_flips_in_a_cache_entry_never_change_the_text_shown() {
    let (s, src, truth) = setup("cache-flips");
    let entry = files_under(&s.cache().join("ingest"))
        .into_iter()
        .filter(|p| {
            p.extension().is_some_and(|e| e == "bin") && !p.to_string_lossy().contains("manifest")
        })
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .expect("a cache entry");
    let good = std::fs::read(&entry).unwrap();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for trial in 0..40 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let bit = (seed >> 11) as usize % (good.len() * 8);
        let mut bad = good.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        std::fs::write(&entry, &bad).unwrap();
        let c = Corpus::open_cached(&src, &[], Some(&s.cache()));
        assert_eq!(
            texts(&c),
            truth,
            "trial {trial}: bit {bit} of {}",
            entry.display()
        );
    }
}

#[test]
fn an_edited_manifest_does_not_change_the_listing() {
    let (s, src, truth) = setup("cache-manifest");
    let manifest = files_under(&s.cache().join("ingest"))
        .into_iter()
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("manifest-")
        })
        .expect("a manifest");
    let mut bytes = std::fs::read(&manifest).unwrap();
    let at = bytes
        .windows(5)
        .position(|w| w == b"Soong")
        .expect("a title in the manifest");
    bytes[at + 1] = b'p';
    std::fs::write(&manifest, &bytes).unwrap();
    let c = Corpus::open_cached(&src, &[], Some(&s.cache()));
    let titles: Vec<String> = c.docs.heads().map(|d| d.title.clone()).collect();
    let want: Vec<String> = truth.iter().map(|(t, _)| t.clone()).collect();
    assert_eq!(titles, want);
    assert!(titles.iter().all(|t| !t.contains("Spong")));
}
