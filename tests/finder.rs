//! The finder's quality on real names: what a reader types, and who must come first.

mod common;

use carrel::gazetteer::Gazetteer;
use carrel::search::fuzzy::{Finder, Haystack, Matcher, Nucleo, Skim};

/// Queries as a reader would type them, and the entities acceptable in first place (ours or
/// the same person's entry in the TSV).
const CASES: &[(&str, &[&str])] = &[
    ("kissinger", &["kissinger", "hsa-107252"]),
    ("henry kiss", &["kissinger", "hsa-107252"]),
    ("acheson dean", &["acheson", "hsa-100070"]),
    ("dean acheson", &["acheson", "hsa-100070"]),
    ("chou en lai", &["zhou-enlai"]),
    ("jiang jieshi", &["chiang-kai-shek", "hsa-102483"]),
    ("chiang kai", &["chiang-kai-shek", "hsa-102483"]),
    ("hammarskjold", &["hammarskjold", "hsa-105470"]),
    ("gromyko andrei", &["gromyko", "hsa-105222"]),
    ("mao tse", &["mao-zedong", "hsa-108483"]),
    ("dairen", &["dalian"]),
    ("port arthur", &["lushun"]),
    ("philippov", &["stalin"]),
    ("john foster dulles", &["dulles", "hsa-103703"]),
    ("mike mansfield", &["hsa-108472"]),
    ("eleanor dulles", &["hsa-103702"]),
    // Words in another order than any spelling has them.
    ("kai-shek chiang", &["chiang-kai-shek", "hsa-102483"]),
    ("enlai chou", &["zhou-enlai"]),
    ("shaoqi liu", &["liu-shaoqi"]),
    ("arthur port", &["lushun"]),
];

fn gazetteer(tsv: &std::path::Path) -> Gazetteer {
    let mut g = Gazetteer::bundled();
    let text = std::fs::read_to_string(tsv).expect("../shared/corpora/people/hsa-people.tsv");
    g.add_tsv("hsa-people.tsv", &text).unwrap();
    g
}

/// How many cases put an acceptable entity first; the misses, for the message.
fn score(g: &Gazetteer, m: impl Matcher) -> (usize, Vec<String>) {
    let mut f = Finder::new(Haystack::new(g), m);
    let mut misses = Vec::new();
    for (q, ok) in CASES {
        let top = f
            .search(q, 5)
            .first()
            .map(|r| g.entities[r.entity as usize].id.clone());
        if !top.as_deref().is_some_and(|t| ok.contains(&t)) {
            misses.push(format!("{q} -> {top:?}"));
        }
    }
    (CASES.len() - misses.len(), misses)
}

#[test]
fn the_default_matcher_puts_the_right_person_first_and_beats_the_alternative() {
    let tsv = need_shared!("corpora/people/hsa-people.tsv");
    let g = gazetteer(&tsv);
    let (nucleo, misses) = score(&g, Nucleo::default());
    assert_eq!(nucleo, CASES.len(), "nucleo misses: {misses:?}");
    let (skim, skim_misses) = score(&g, Skim::default());
    eprintln!(
        "top-1 correct: nucleo {nucleo}/{n}, skim {skim}/{n}; skim misses {skim_misses:?}",
        n = CASES.len()
    );
    assert!(nucleo >= skim);
}
