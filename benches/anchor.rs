//! Approximate matching for re-anchoring notes: the two methods measured for
//! `notes::anchor::similarity` (paragraphs) on the bundled corpus's longest document, and the
//! quote search. Run with `cargo bench --bench anchor`; the table printed first compares what
//! each method says of the same edits (one word, a sentence, a paragraph split in two).

use carrel::corpus::Corpus;
use carrel::model::Reading;
use carrel::text::fold;
use divan::Bencher;

fn main() {
    agreement();
    divan::main();
}

/// `similar`: a word diff's ratio (the method not taken).
fn by_diff(a: &str, b: &str) -> u8 {
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .diff_words(a, b);
    (diff.ratio() * 100.0).floor() as u8
}

/// `strsim`: one minus the word-level Levenshtein distance over the longer length (what
/// carrel uses).
fn by_levenshtein(a: &str, b: &str) -> u8 {
    carrel::notes::anchor::similarity(a, b)
}

/// The paragraphs of the bundled corpus's longest document, folded.
fn paragraphs() -> Vec<String> {
    let c = Corpus::bundled();
    let longest = (0..c.docs.len())
        .max_by_key(|&i| c.docs[i].blocks.len())
        .expect("documents");
    c.docs[longest]
        .blocks
        .iter()
        .map(|b| fold(&b.text(Reading::Redline)))
        .filter(|t| t.split(' ').count() >= 20)
        .collect()
}

fn one_word(p: &str) -> String {
    let mut w: Vec<&str> = p.split(' ').collect();
    let mid = w.len() / 2;
    w[mid] = "changed";
    w.join(" ")
}

fn one_sentence(p: &str) -> String {
    format!("{p} and a whole new sentence was added here by the editor of the volume")
}

fn first_half(p: &str) -> String {
    let w: Vec<&str> = p.split(' ').collect();
    w[..w.len() / 2].join(" ")
}

/// How far apart the two methods are on the same edits, and how each scores an unrelated
/// paragraph (the bar must sit between the two).
fn agreement() {
    let ps = paragraphs();
    let mean = |f: &dyn Fn(&str, &str) -> u8, edit: &dyn Fn(&str) -> String| -> f64 {
        ps.iter().map(|p| f64::from(f(p, &edit(p)))).sum::<f64>() / ps.len() as f64
    };
    let unrelated = |f: &dyn Fn(&str, &str) -> u8| -> f64 {
        let n = ps.len();
        (0..n)
            .map(|i| f64::from(f(&ps[i], &ps[(i + n / 2) % n])))
            .sum::<f64>()
            / n as f64
    };
    println!("{} paragraphs of 20 words or more", ps.len());
    println!("edit               similar (word diff)   strsim (word Levenshtein)");
    type Edit<'a> = &'a dyn Fn(&str) -> String;
    let rows: [(&str, Edit); 3] = [
        ("one word", &one_word),
        ("a sentence added", &one_sentence),
        ("split, first half", &first_half),
    ];
    for (name, edit) in rows {
        println!(
            "{name:<18} {:>8.1}%            {:>8.1}%",
            mean(&by_diff, edit),
            mean(&by_levenshtein, edit)
        );
    }
    println!(
        "{:<18} {:>8.1}%            {:>8.1}%",
        "unrelated",
        unrelated(&by_diff),
        unrelated(&by_levenshtein)
    );
}

#[divan::bench]
fn paragraph_similarity_similar(bencher: Bencher) {
    let ps = paragraphs();
    let edited: Vec<String> = ps.iter().map(|p| one_word(p)).collect();
    bencher.bench(|| {
        // A changed paragraph compared with every paragraph of its document.
        ps.iter()
            .map(|p| by_diff(p, &edited[0]) as u32)
            .sum::<u32>()
    });
}

#[divan::bench]
fn paragraph_similarity_strsim(bencher: Bencher) {
    let ps = paragraphs();
    let edited: Vec<String> = ps.iter().map(|p| one_word(p)).collect();
    bencher.bench(|| {
        ps.iter()
            .map(|p| by_levenshtein(p, &edited[0]) as u32)
            .sum::<u32>()
    });
}

#[divan::bench]
fn quote_search_in_paragraph(bencher: Bencher) {
    let ps = paragraphs();
    let longest = ps
        .iter()
        .max_by_key(|p| p.len())
        .cloned()
        .unwrap_or_default();
    let w: Vec<&str> = longest.split(' ').collect();
    let quote = one_word(&w[w.len() / 3..w.len() / 3 + 8].join(" "));
    bencher.bench(|| carrel::notes::anchor::fuzzy_find(&longest, &quote));
}
