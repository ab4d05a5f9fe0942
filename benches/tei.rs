//! Importing a whole TEI volume: FRUS 1958-1960 vol. XIX (3.3 MB, 404 documents), parsed and
//! turned into documents, then loaded as a corpus with names resolved.
//! Run with `cargo bench --bench tei`.

use carrel::corpus::{Corpus, Source};
use divan::Bencher;

fn main() {
    divan::main();
}

fn path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/frus")
}

/// Parsing the XML into documents.
#[divan::bench(sample_count = 10)]
fn parse_volume(bencher: Bencher) {
    let file = path().join("frus1958-60v19.xml");
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    bencher.bench_local(|| {
        carrel::ingest::tei::parse("frus.xml", &text)
            .documents
            .len()
    });
}

/// The whole import: reading, parsing, merging the persons list, resolving mentions.
#[divan::bench(sample_count = 10)]
fn load_volume_as_corpus(bencher: Bencher) {
    let p = path();
    bencher.bench_local(|| Corpus::load(&[Source::Path(p.clone())]).docs.len());
}
