//! Loading a corpus: a warm start through the ingest cache (headers only), reading one body,
//! and a cold ingest, on 1,000 generated documents. Run with `cargo bench --bench load`.

#[path = "../examples/gen_corpus/generate.rs"]
mod generate;

use carrel::corpus::{Corpus, Source};
use divan::Bencher;
use std::path::{Path, PathBuf};

fn main() {
    divan::main();
}

/// A generated corpus of 1,000 documents (made once) and a cache directory.
fn corpus() -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join("carrel-bench-load");
    let docs = dir.join("docs");
    if !docs.is_dir() {
        let tsv =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/people/hsa-people.tsv");
        let pools = generate::Pools::load(Some(&tsv));
        generate::generate(&docs, 1_000, 1, &pools).expect("generated");
    }
    (docs, dir.join("cache"))
}

/// A warm start: the manifest read, every file stated, headers shelved; no document read.
#[divan::bench(sample_count = 20)]
fn warm_open_1000(bencher: Bencher) {
    let (docs, cache) = corpus();
    let src = [Source::Path(docs)];
    drop(Corpus::open_cached(&src, &[], Some(&cache)));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    drop(Corpus::open_cached(&src, &[], Some(&cache)));
    bencher.bench(|| Corpus::open_cached(&src, &[], Some(&cache)));
}

/// Reading one document's body from the cache.
#[divan::bench(sample_count = 20)]
fn first_read_of_a_body(bencher: Bencher) {
    let (docs, cache) = corpus();
    let src = [Source::Path(docs)];
    drop(Corpus::open_cached(&src, &[], Some(&cache)));
    bencher
        .with_inputs(|| Corpus::open_cached(&src, &[], Some(&cache)))
        .bench_local_values(|c| c.docs[c.docs.len() / 2].blocks.len());
}

/// A cold ingest: every file parsed and resolved, on every core, nothing cached.
#[divan::bench(sample_count = 5)]
fn cold_open_1000(bencher: Bencher) {
    let (docs, _) = corpus();
    let src = [Source::Path(docs)];
    bencher.bench(|| Corpus::open(&src, &[]));
}
