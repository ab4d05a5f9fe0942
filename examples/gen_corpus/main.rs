//! `gen_corpus`: write a synthetic corpus shaped like the archives' exports, with ground truth
//! beside each file, or score carrel's reading of one.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --docs 10000 --out /tmp/corpus [--seed 1]
//! cargo run --release --example gen_corpus -- --score /tmp/corpus
//! ```

mod generate;
mod score;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen_corpus --docs N --out DIR [--seed S] [--people FILE]\n       gen_corpus --score DIR";

fn main() -> ExitCode {
    let mut docs: Option<usize> = None;
    let mut out: Option<PathBuf> = None;
    let mut seed = 1u64;
    let mut score: Option<PathBuf> = None;
    let mut people =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/people/hsa-people.tsv");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = args.next();
        let bad = |what: &str| {
            eprintln!("gen_corpus: {what} needs a value\n{USAGE}");
            ExitCode::from(2)
        };
        match a.as_str() {
            "--docs" => match value.and_then(|v| v.parse().ok()) {
                Some(n) => docs = Some(n),
                None => return bad("--docs (a number)"),
            },
            "--out" => match value {
                Some(v) => out = Some(PathBuf::from(v)),
                None => return bad("--out"),
            },
            "--seed" => match value.and_then(|v| v.parse().ok()) {
                Some(n) => seed = n,
                None => return bad("--seed (a number)"),
            },
            "--people" => match value {
                Some(v) => people = PathBuf::from(v),
                None => return bad("--people"),
            },
            "--score" => match value {
                Some(v) => score = Some(PathBuf::from(v)),
                None => return bad("--score"),
            },
            _ => {
                eprintln!("gen_corpus: unknown argument {a}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    if let Some(dir) = score {
        let started = std::time::Instant::now();
        let s = score::score(&dir);
        println!(
            "{} files scored in {:.1} s\n\n{}",
            s.files,
            started.elapsed().as_secs_f64(),
            s.table()
        );
        if !s.misses.is_empty() {
            println!("first misses:");
            for (file, what) in &s.misses {
                println!("  {file}: {what}");
            }
        }
        return ExitCode::SUCCESS;
    }
    let (Some(docs), Some(out)) = (docs, out) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    if !people.is_file() {
        eprintln!(
            "gen_corpus: {} not found; speakers come from the bundled gazetteer only",
            people.display()
        );
    }
    let pools = generate::Pools::load(Some(&people));
    match generate::generate(&out, docs, seed, &pools) {
        Ok((files, bytes)) => {
            println!(
                "{docs} documents in {files} files, {:.1} MB, in {}",
                bytes as f64 / 1e6,
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: cannot write {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
