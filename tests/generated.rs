//! A generated corpus, ingested and compared with the ground truth written beside each file.

#[path = "../examples/gen_corpus/generate.rs"]
mod generate;
#[path = "../examples/gen_corpus/score.rs"]
mod score;

mod common;

use std::path::{Path, PathBuf};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("carrel-gen-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn pools() -> generate::Pools {
    let tsv = common::optional_shared(
        "corpora/people/hsa-people.tsv",
        "speakers are drawn from the bundled gazetteer only",
    );
    generate::Pools::load(tsv.as_deref())
}

fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).expect("readable file");
                out.push((p.strip_prefix(dir).expect("inside").to_path_buf(), bytes));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_same_seed_writes_the_same_corpus() {
    let pools = pools();
    let (a, b, c) = (scratch("a"), scratch("b"), scratch("c"));
    generate::generate(&a, 60, 5, &pools).expect("written");
    generate::generate(&b, 60, 5, &pools).expect("written");
    generate::generate(&c, 60, 6, &pools).expect("written");
    let (fa, fb, fc) = (files(&a), files(&b), files(&c));
    assert!(!fa.is_empty());
    assert_eq!(fa, fb, "same seed, same bytes");
    assert_ne!(fa, fc, "another seed, another corpus");
    for d in [a, b, c] {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[test]
fn a_generated_corpus_is_read_as_its_ground_truth_says() {
    // The figures below were measured with speakers drawn from the real HSA persons as well.
    let tsv = need_shared!("corpora/people/hsa-people.tsv");
    let dir = scratch("score");
    let pools = generate::Pools::load(Some(&tsv));
    let (files, bytes) = generate::generate(&dir, 300, 11, &pools).expect("written");
    assert!(
        files > 100 && bytes > 1_000_000,
        "{files} files, {bytes} bytes"
    );
    let s = score::score(&dir);
    assert_eq!(s.files, files, "every file has its sidecar and was read");
    eprintln!("{}", s.table());
    for (file, what) in s.misses.iter().take(10) {
        eprintln!("miss: {file}: {what}");
    }
    // Document splitting, titles, dates and kinds are exact on these shapes.
    assert_eq!(s.documents.found, 300);
    assert_eq!(s.documents.extra, 0);
    assert_eq!(s.titles.found, 300);
    assert_eq!(s.dates.found, 300);
    assert_eq!(s.kinds.found, 300);
    // Speakers: the planted misprints and a few one-turn speakers may be missed, nothing more.
    assert!(
        s.turns.recall() >= 0.995,
        "turn recall {}",
        s.turns.recall()
    );
    assert!(
        s.turns.precision() >= 0.995,
        "turn precision {}",
        s.turns.precision()
    );
    assert!(s.paragraphs.recall() >= 0.99);
    assert!(s.turns.expected > 3000);
    // The apparatus is found in full.
    for c in [
        s.notes,
        s.note_refs,
        s.glosses,
        s.stage,
        s.inserts,
        s.deletes,
    ] {
        assert!(c.expected > 0);
        assert_eq!(c.found, c.expected);
        assert_eq!(c.extra, 0);
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn documents_span_the_sizes_the_archives_have() {
    let dir = scratch("sizes");
    generate::generate(&dir, 400, 3, &pools()).expect("written");
    let corpus = carrel::corpus::Corpus::load(&[carrel::corpus::Source::Path(dir.clone())]);
    let sizes: Vec<usize> = corpus.docs.iter().map(|d| d.raw.len()).collect();
    assert_eq!(sizes.len(), 400);
    let small = sizes.iter().filter(|&&n| n < 6_000).count();
    let large = sizes.iter().filter(|&&n| n > 40_000).count();
    assert!(small > 100, "{small} documents under 6 KB");
    assert!(large > 5, "{large} documents over 40 KB");
    assert!(sizes.iter().all(|&n| n > 600 && n < 100_000), "{sizes:?}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_vocabulary_is_drawn_by_rank() {
    use generate::vocab::Zipf;
    let z = Zipf::new(100, 1.0);
    let mut rng = generate::Rng::new(7);
    let mut counts = [0usize; 100];
    for _ in 0..100_000 {
        counts[z.draw(&mut rng)] += 1;
    }
    // Rank 1 about twice as common as rank 2 and ten times rank 10 (within sampling noise).
    let r = counts[0] as f64 / counts[1] as f64;
    assert!((1.8..2.2).contains(&r), "{r}");
    let r = counts[0] as f64 / counts[9] as f64;
    assert!((8.5..11.5).contains(&r), "{r}");
}

#[test]
fn common_words_are_common_and_most_words_rare() {
    let dir = scratch("zipf");
    generate::generate(&dir, 200, 5, &pools()).expect("generated");
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (path, bytes) in files(&dir) {
        if path.to_string_lossy().ends_with(".truth.json") {
            continue;
        }
        for w in String::from_utf8_lossy(&bytes)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            *counts.entry(w.to_lowercase()).or_default() += 1;
        }
    }
    let mut freq: Vec<usize> = counts.values().copied().collect();
    freq.sort_unstable_by(|a, b| b.cmp(a));
    // Rank against frequency on log-log axes: a Zipf-like law is a line of slope about -1
    // over the ranks that carry most of the text (here the first 500).
    let top = freq.len().min(500);
    let pts: Vec<(f64, f64)> = (0..top)
        .map(|r| (((r + 1) as f64).ln(), (freq[r] as f64).ln()))
        .collect();
    let n = pts.len() as f64;
    let (mx, my) = (
        pts.iter().map(|p| p.0).sum::<f64>() / n,
        pts.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let slope = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum::<f64>()
        / pts.iter().map(|p| (p.0 - mx).powi(2)).sum::<f64>();
    eprintln!(
        "{} distinct words; slope {slope:.2}; top {:?}",
        freq.len(),
        &freq[..10]
    );
    assert!((-1.6..-0.7).contains(&slope), "slope {slope}");
    let _ = std::fs::remove_dir_all(dir);
}
