//! `devset`: read the development set of real records with carrel and compare the reading with
//! the ground truth written by hand beside it (`truth/<stem>.json`, see docs/devset.md).
//!
//! ```text
//! cargo run --release --example devset -- /work/devset [--half dev|holdout|all] [--verbose]
//! ```
//!
//! Per layout it counts the speaking paragraphs given to the right speaker, to a wrong one,
//! missed (read as something else than a turn), and false turns (turns where the truth has no
//! speech); titles and dates right; furniture read as content.

use carrel::corpus::{Corpus, Source};
use carrel::model::{BlockKind, Document, Reading};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Deserialize)]
struct Truth {
    file: String,
    #[serde(default)]
    layout: String,
    #[serde(default)]
    record_of_conversation: bool,
    title: Option<String>,
    date: Option<String>,
    #[serde(default)]
    participants: Vec<TruthParticipant>,
    #[serde(default)]
    speech: Vec<TruthSpeech>,
    #[serde(default)]
    uncertain: Vec<TruthSpeech>,
    #[serde(default)]
    not_speech: Vec<NotSpeech>,
}

#[derive(Deserialize)]
struct TruthParticipant {
    name: String,
}

#[derive(Deserialize)]
struct TruthSpeech {
    speaker: String,
    starts: String,
}

#[derive(Deserialize)]
struct NotSpeech {
    kind: String,
    starts: String,
}

/// One layout's (or the whole set's) figures.
#[derive(Default, Clone)]
struct Row {
    records: usize,
    speech: usize,
    right: usize,
    merged: usize,
    wrong: usize,
    missed: usize,
    unfound: usize,
    false_turns: usize,
    titles: usize,
    titles_right: usize,
    dates: usize,
    dates_right: usize,
    furniture: usize,
    furniture_as_content: usize,
    extra_documents: usize,
}

impl Row {
    fn add(&mut self, o: &Row) {
        self.records += o.records;
        self.speech += o.speech;
        self.right += o.right;
        self.merged += o.merged;
        self.wrong += o.wrong;
        self.missed += o.missed;
        self.unfound += o.unfound;
        self.false_turns += o.false_turns;
        self.titles += o.titles;
        self.titles_right += o.titles_right;
        self.dates += o.dates;
        self.dates_right += o.dates_right;
        self.furniture += o.furniture;
        self.furniture_as_content += o.furniture_as_content;
        self.extra_documents += o.extra_documents;
    }
}

/// Letters and digits only, lower case: what two printings of the same words share.
fn key(s: &str) -> String {
    carrel::text::fold(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

const STOP: &[&str] = &[
    "the", "mr", "mrs", "ms", "dr", "comrade", "comrades", "cde", "cdes", "of", "and", "i",
];

fn tokens(s: &str) -> Vec<String> {
    carrel::text::fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 2 && !STOP.contains(w))
        .map(str::to_string)
        .collect()
}

fn overlap(a: &[String], b: &[String]) -> bool {
    a.iter().any(|x| b.contains(x))
}

/// Whether carrel's speaker is the truth's: a shared name word, directly or through the one
/// participant of the truth that both share a word with ("The Secretary" and "Rusk (I)"
/// through "Secretary of State Rusk").
fn same_speaker(truth: &str, got: &[String], t: &Truth) -> bool {
    let want = tokens(truth);
    if overlap(&want, got) {
        return true;
    }
    let bridges: Vec<Vec<String>> = t
        .participants
        .iter()
        .map(|p| tokens(&p.name))
        .filter(|p| overlap(p, got) && overlap(p, &want))
        .collect();
    bridges.len() == 1
}

struct Piece {
    /// Index into the blocks of all documents of the file, or `None` for furniture.
    block: Option<usize>,
    text_key: String,
    raw_key: String,
}

fn speaker_tokens(d: &Document, n: usize) -> Vec<String> {
    let b = &d.blocks[n];
    let mut v = Vec::new();
    if let Some(s) = &b.speaker {
        v.extend(tokens(&s.name));
        v.extend(tokens(&s.label));
        if let Some(id) = &s.id {
            v.extend(tokens(id));
        }
    }
    v
}

fn score_file(root: &Path, t: &Truth, verbose: bool) -> Row {
    let path = root.join(&t.file);
    let corpus = Corpus::load(&[Source::Path(path.clone())]);
    let mut row = Row {
        records: 1,
        ..Row::default()
    };
    let docs: Vec<Document> = corpus.docs.iter().cloned().collect();
    let say = |what: String| {
        if verbose {
            println!("  {}: {what}", t.file);
        }
    };
    if docs.is_empty() {
        say("no document read".into());
        row.speech = t.speech.len();
        row.unfound = t.speech.len();
        return row;
    }
    row.extra_documents = docs.len() - 1;
    if docs.len() > 1 {
        say(format!(
            "{} documents: {:?}",
            docs.len(),
            docs.iter().map(|d| d.title.as_str()).collect::<Vec<_>>()
        ));
    }
    let tei = t.file.ends_with(".xml");
    // Every block of every document of the file, in file order, and the furniture.
    let mut order: Vec<(usize, usize, Option<usize>)> = Vec::new();
    for (di, d) in docs.iter().enumerate() {
        for (bi, b) in d.blocks.iter().enumerate() {
            order.push((b.line, di, Some(bi)));
        }
        for f in d.furniture.iter() {
            order.push((f.line, di, None));
        }
    }
    order.sort_by_key(|x| x.0);
    let pieces: Vec<(usize, Piece, String)> = order
        .iter()
        .enumerate()
        .map(|(k, &(_, di, bi))| {
            let d = &docs[di];
            match bi {
                Some(bi) => {
                    let b = &d.blocks[bi];
                    let text = b.text(Reading::Redline);
                    let raw = if tei { text.clone() } else { b.raw.clone() };
                    (
                        di,
                        Piece {
                            block: Some(bi),
                            text_key: key(&text),
                            raw_key: key(&raw),
                        },
                        format!("#{k}"),
                    )
                }
                None => {
                    let f = d.furniture.iter().find(|f| f.line == order[k].0);
                    let text = f.map(|f| f.text.clone()).unwrap_or_default();
                    (
                        di,
                        Piece {
                            block: None,
                            text_key: key(&text),
                            raw_key: key(&text),
                        },
                        format!("#{k}"),
                    )
                }
            }
        })
        .collect();
    // Where a truth paragraph is: (piece index, whether it opens the piece).
    let find = |starts: &str, from: usize| -> Option<(usize, bool)> {
        let k = key(starts);
        if k.is_empty() {
            return None;
        }
        let opens = |p: &Piece| {
            p.text_key.starts_with(&k)
                || p.raw_key.starts_with(&k)
                || p.raw_key.find(&k).is_some_and(|at| at <= 60)
        };
        let search = |range: Box<dyn Iterator<Item = usize>>| -> Option<(usize, bool)> {
            let idx: Vec<usize> = range.collect();
            if let Some(&i) = idx.iter().find(|&&i| opens(&pieces[i].1)) {
                return Some((i, true));
            }
            idx.iter()
                .find(|&&i| pieces[i].1.text_key.contains(&k) || pieces[i].1.raw_key.contains(&k))
                .map(|&i| (i, false))
        };
        search(Box::new(from..pieces.len())).or_else(|| search(Box::new(0..from)))
    };

    let mut matched_turns: Vec<usize> = Vec::new();
    let mut cursor = 0;
    for s in &t.speech {
        row.speech += 1;
        let Some((i, at_start)) = find(&s.starts, cursor) else {
            row.unfound += 1;
            say(format!("not found: {:?} ({})", s.starts, s.speaker));
            continue;
        };
        cursor = i;
        let (di, p, _) = &pieces[i];
        let Some(bi) = p.block else {
            row.missed += 1;
            say(format!("read as furniture: {:?}", s.starts));
            continue;
        };
        let d = &docs[*di];
        let b = &d.blocks[bi];
        if b.kind != BlockKind::Turn {
            row.missed += 1;
            say(format!(
                "missed ({}): {} — {:?}",
                b.kind.as_str(),
                s.speaker,
                s.starts
            ));
            continue;
        }
        if at_start {
            matched_turns.push(i);
        }
        let got = speaker_tokens(d, bi);
        if same_speaker(&s.speaker, &got, t) {
            row.right += 1;
            if !at_start {
                row.merged += 1;
                say(format!(
                    "right speaker, but inside another paragraph: {:?}",
                    s.starts
                ));
            }
        } else {
            row.wrong += 1;
            let sp = b
                .speaker
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_default();
            say(format!(
                "WRONG speaker {sp:?} for {} — {:?}{}",
                s.speaker,
                s.starts,
                if at_start { "" } else { " (inside a turn)" }
            ));
        }
    }
    let mut excused: Vec<usize> = Vec::new();
    for u in &t.uncertain {
        if let Some((i, true)) = find(&u.starts, 0) {
            excused.push(i);
        }
    }
    for (i, (di, p, _)) in pieces.iter().enumerate() {
        let Some(bi) = p.block else { continue };
        let b = &docs[*di].blocks[bi];
        if b.kind == BlockKind::Turn && !matched_turns.contains(&i) && !excused.contains(&i) {
            row.false_turns += 1;
            say(format!(
                "false turn ({}): {:?}",
                b.speaker.as_ref().map(|s| s.name.as_str()).unwrap_or(""),
                b.text(Reading::Redline)
                    .chars()
                    .take(60)
                    .collect::<String>()
            ));
        }
    }
    for n in t.not_speech.iter().filter(|n| n.kind == "furniture") {
        row.furniture += 1;
        let k = key(&n.starts);
        let in_title = docs
            .iter()
            .any(|d| key(&d.title).contains(&k) && !k.is_empty());
        let found = find(&n.starts, 0);
        let content = match found {
            Some((i, _)) => pieces[i].1.block.is_some(),
            None => false,
        };
        if content || in_title {
            row.furniture_as_content += 1;
            say(format!("furniture read as content: {:?}", n.starts));
        }
    }
    // The record: the document whose title is the truth's, else the first.
    let doc = docs
        .iter()
        .find(|d| t.title.as_deref().is_some_and(|x| key(x) == key(&d.title)))
        .unwrap_or(&docs[0]);
    row.titles = 1;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title_ok = match &t.title {
        Some(x) => key(x) == key(&doc.title),
        None => doc.title == stem || doc.title.is_empty(),
    };
    if title_ok {
        row.titles_right = 1;
    } else {
        say(format!("title {:?} for {:?}", doc.title, t.title));
    }
    row.dates = 1;
    let date_ok = match (&t.date, &doc.date) {
        (None, None) => true,
        (Some(want), Some(got)) => {
            want == got
                || want.split_once('/').is_some_and(|(a, b)| {
                    got == a || (a.starts_with(got.as_str()) && b.starts_with(got.as_str()))
                })
        }
        _ => false,
    };
    if date_ok {
        row.dates_right = 1;
    } else {
        say(format!("date {:?} for {:?}", doc.date, t.date));
    }
    if !t.record_of_conversation && doc.blocks.iter().any(|b| b.kind == BlockKind::Turn) {
        say("not a record of conversation, but turns were read".into());
    }
    row
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 {
        "—".into()
    } else {
        format!("{:.1}%", 100.0 * a as f64 / b as f64)
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut root: Option<PathBuf> = None;
    let mut half = "dev".to_string();
    let mut verbose = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--half" => half = args.next().unwrap_or_default(),
            "--verbose" | "-v" => verbose = true,
            _ if root.is_none() => root = Some(PathBuf::from(a)),
            _ => {
                eprintln!("usage: devset DIR [--half dev|holdout|all] [--verbose]");
                return ExitCode::from(2);
            }
        }
    }
    let Some(root) = root else {
        eprintln!("usage: devset DIR [--half dev|holdout|all] [--verbose]");
        return ExitCode::from(2);
    };
    let mut truths: Vec<(String, Truth)> = Vec::new();
    let Ok(rd) = std::fs::read_dir(root.join("truth")) else {
        eprintln!("devset: no truth/ folder in {}", root.display());
        return ExitCode::from(2);
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        match serde_json::from_str::<Truth>(&text) {
            Ok(t) => {
                let in_half = half == "all" || t.file.starts_with(&format!("{half}/"));
                if in_half && root.join(&t.file).is_file() {
                    truths.push((p.display().to_string(), t));
                }
            }
            Err(e) => eprintln!("devset: {}: {e}", p.display()),
        }
    }
    truths.sort_by(|a, b| a.1.file.cmp(&b.1.file));
    let mut layouts: BTreeMap<String, Row> = BTreeMap::new();
    let mut total = Row::default();
    for (_, t) in &truths {
        let r = score_file(&root, t, verbose);
        layouts.entry(t.layout.clone()).or_default().add(&r);
        total.add(&r);
    }
    println!(
        "{} records ({half})\n\n| layout | records | speaking ¶ | right | wrong | missed | false turns | titles | dates | furniture as content |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        truths.len()
    );
    let line = |name: &str, r: &Row| {
        println!(
            "| {name} | {} | {} | {} ({}) | {} | {} | {} | {}/{} | {}/{} | {}/{} |",
            r.records,
            r.speech,
            r.right,
            pct(r.right, r.speech),
            r.wrong,
            r.missed + r.unfound,
            r.false_turns,
            r.titles_right,
            r.titles,
            r.dates_right,
            r.dates,
            r.furniture_as_content,
            r.furniture
        );
    };
    for (name, r) in &layouts {
        line(name, r);
    }
    line("**all**", &total);
    if total.merged > 0 || total.unfound > 0 || total.extra_documents > 0 {
        println!(
            "\nright but inside another paragraph: {}; not found in the reading: {}; extra documents: {}",
            total.merged, total.unfound, total.extra_documents
        );
    }
    ExitCode::SUCCESS
}
