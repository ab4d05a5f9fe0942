//! The finder while typing: every keystroke of a name, one letter at a time, over a haystack of
//! 100,000 names and aliases (the real names of `../shared/corpora/people/hsa-people.tsv` plus
//! generated ones), for each matcher. Run with `cargo bench --bench finder`.

use carrel::gazetteer::Gazetteer;
use carrel::search::fuzzy::{Finder, Haystack, Matcher, Nucleo, Skim};
use divan::counter::ItemsCount;
use divan::Bencher;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

/// Names a user might type, as typed.
const TYPED: &[&str] = &[
    "kissinger",
    "zhou enlai",
    "chiang kai",
    "mao tse",
    "acheson, dean",
    "gromyko",
    "dulles john",
    "rusk",
];

/// Total haystack size.
const SIZE: usize = 100_000;

/// The haystack: real names first, then generated ones until there are `SIZE`.
fn haystack() -> &'static Haystack {
    static HAY: OnceLock<Haystack> = OnceLock::new();
    HAY.get_or_init(|| {
        let mut names: Vec<(u32, String)> = Vec::new();
        let tsv = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpora/people/hsa-people.tsv");
        let mut g = Gazetteer::bundled();
        if let Ok(text) = std::fs::read_to_string(&tsv) {
            let _ = g.add_tsv("hsa-people.tsv", &text);
        } else {
            eprintln!("{} not found: generated names only", tsv.display());
        }
        for (i, e) in g.entities.iter().enumerate() {
            for n in e.all_names() {
                names.push((i as u32, n.to_string()));
            }
        }
        let real = names.len();
        let syllables = [
            "zhang", "wang", "li", "chen", "liu", "yang", "huang", "zhao", "wu", "zhou", "xu",
            "sun", "ma", "zhu", "hu", "guo", "he", "lin", "gao", "luo", "ivan", "petr", "ov", "ev",
            "in", "sky", "enko", "vich", "mik", "hail", "sergei", "nikol", "al", "ex", "dmi",
            "tri", "son", "ton", "ber", "ger", "man", "ford", "well", "ing", "ham",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let cap = |s: &str| {
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        };
        let mut entity = g.entities.len() as u32;
        while names.len() < SIZE {
            let mut parts = [String::new(), String::new()];
            for p in &mut parts {
                for _ in 0..(1 + next() % 3) {
                    p.push_str(syllables[(next() % syllables.len() as u64) as usize]);
                }
            }
            let [surname, given] = parts;
            names.push((entity, format!("{}, {}", cap(&surname), cap(&given))));
            if next() % 2 == 0 {
                names.push((entity, format!("{} {}", cap(&given), cap(&surname))));
            }
            entity += 1;
        }
        names.truncate(SIZE);
        eprintln!(
            "haystack: {real} real names and aliases, {} generated",
            SIZE - real
        );
        Haystack::from_names(names)
    })
}

/// Type every name letter by letter; one iteration is all keystrokes of all names.
fn typing<M: Matcher>(bencher: Bencher, make: fn() -> M) {
    let hay = haystack().clone();
    let keystrokes: usize = TYPED.iter().map(|t| t.chars().count()).sum();
    let mut finder = Finder::new(hay, make());
    bencher
        .counter(ItemsCount::new(keystrokes))
        .bench_local(|| {
            let mut found = 0;
            for name in TYPED {
                for end in name.char_indices().map(|(i, c)| i + c.len_utf8()) {
                    found += finder.search(&name[..end], 20).len();
                }
                // Clear the box before the next name.
                finder.search("", 20);
            }
            found
        });
}

#[divan::bench]
fn typing_nucleo(bencher: Bencher) {
    typing(bencher, Nucleo::default);
}

#[divan::bench]
fn typing_skim(bencher: Bencher) {
    typing(bencher, Skim::default);
}

/// The worst keystroke: the first letter, matched against every name.
fn first_letter<M: Matcher>(bencher: Bencher, make: fn() -> M) {
    let mut finder = Finder::new(haystack().clone(), make());
    bencher.bench_local(|| {
        finder.search("", 20);
        finder.search("k", 20).len()
    });
}

#[divan::bench]
fn first_letter_nucleo(bencher: Bencher) {
    first_letter(bencher, Nucleo::default);
}

#[divan::bench]
fn first_letter_skim(bencher: Bencher) {
    first_letter(bencher, Skim::default);
}

/// Building the haystack (folding every name) for 100,000 names.
#[divan::bench(sample_count = 10)]
fn build_haystack(bencher: Bencher) {
    let names: Vec<(u32, String)> = haystack()
        .names
        .iter()
        .map(|n| (n.entity, n.text.clone()))
        .collect();
    bencher.bench_local(|| Haystack::from_names(names.clone()).names.len());
}
