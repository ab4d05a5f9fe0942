//! The corpus generator: documents shaped like the archives' exports (Wilson Center Markdown,
//! CWIHP header lines, plain-text collections), deterministic for a seed, each file written with
//! a ground-truth sidecar (`<file>.truth.json`) that says what a faithful reader should find.
//!
//! Shared by the `gen_corpus` example and the accuracy test (`tests/generated.rs`).

#![allow(dead_code)]

#[path = "vocab.rs"]
pub mod vocab;

use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A small deterministic generator (SplitMix64): the same seed gives the same corpus on every
/// machine and every version of Rust.
pub struct Rng(u64);

impl Rng {
    /// A generator for a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1A4_F87B)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 > 1.0 - p
    }

    /// A uniform number in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A person who can speak in a generated record.
#[derive(Debug, Clone)]
pub struct Person {
    /// Full name in reading order (`David Laurence Aaron`).
    pub name: String,
    /// Family name (`Aaron`).
    pub surname: String,
    /// Whether the bundled gazetteer knows them.
    pub known: bool,
}

/// Names to draw from: people (gazetteer and real persons list) and places.
pub struct Pools {
    /// Speakers.
    pub people: Vec<Person>,
    /// Places named in the text.
    pub places: Vec<String>,
    /// Organizations named in the text.
    pub orgs: Vec<String>,
    /// The laws the words are drawn with.
    pub vocab: vocab::Vocab,
}

impl Pools {
    /// The bundled gazetteer's people, places and organizations, plus the persons of a
    /// `hsa-people.tsv` file if one is given and readable.
    pub fn load(people_tsv: Option<&Path>) -> Pools {
        let g = carrel::gazetteer::Gazetteer::bundled();
        let mut people = Vec::new();
        let mut places = Vec::new();
        let mut orgs = Vec::new();
        for e in &g.entities {
            match e.kind {
                carrel::gazetteer::EntityKind::Person if label_safe(&e.name) => {
                    let surname = e.name.split_whitespace().last().unwrap_or("").to_string();
                    people.push(Person {
                        name: e.name.clone(),
                        surname,
                        known: true,
                    });
                }
                carrel::gazetteer::EntityKind::Place if plain_name(&e.name) => {
                    places.push(e.name.clone())
                }
                carrel::gazetteer::EntityKind::Organization if plain_name(&e.name) => {
                    orgs.push(e.name.clone())
                }
                _ => {}
            }
        }
        if let Some(text) = people_tsv.and_then(|p| std::fs::read_to_string(p).ok()) {
            for line in text.lines().skip(1) {
                let Some(pref) = line.split('\t').nth(1) else {
                    continue;
                };
                let Some((last, first)) = pref.split_once(", ") else {
                    continue;
                };
                let name = format!("{first} {last}");
                if label_safe(&name) && name.split_whitespace().count() >= 2 {
                    people.push(Person {
                        name,
                        surname: last.to_string(),
                        known: false,
                    });
                }
            }
        }
        let mut pools = Pools {
            people,
            places,
            orgs,
            vocab: vocab::Vocab::empty(),
        };
        pools.vocab = vocab::Vocab::new(&pools);
        pools
    }
}

/// Whether a name can stand as a printed speaker label: two to four capitalized words of
/// letters (initials allowed), nothing else.
fn label_safe(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 4
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || c == '.' || c == '-')
                && (!w.ends_with('.') || w.len() <= 3)
        })
}

fn plain_name(name: &str) -> bool {
    name.chars()
        .all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '\'')
}

/// What a faithful reader finds in one document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TruthDoc {
    /// Title as a reader would cite it.
    pub title: String,
    /// ISO date, if the document carries one.
    pub date: Option<String>,
    /// Kind (`memorandum_of_conversation`, `telegram`, `message`, `draft`, `report`).
    pub kind: String,
    /// Speakers with their printed turns and all their paragraphs (continuations included).
    pub speakers: Vec<TruthSpeaker>,
    /// Numbered footnotes.
    pub notes: usize,
    /// Footnote markers in the text.
    pub note_refs: usize,
    /// Editor's glosses in brackets.
    pub glosses: usize,
    /// Inline stage directions.
    pub stage: usize,
    /// Passages inserted by hand (drafts).
    pub inserts: usize,
    /// Passages deleted by hand (drafts).
    pub deletes: usize,
    /// Defects planted in this document, named.
    pub defects: Vec<String>,
}

/// One speaker's share of a record.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TruthSpeaker {
    /// The speaker's name as a reader would give it (label without glosses or manner).
    pub name: String,
    /// Printed turns (labels).
    pub turns: usize,
    /// Paragraphs spoken, continuations across page breaks included.
    pub paragraphs: usize,
}

/// The sidecar of one file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Truth {
    /// The file's format: `wilson`, `cwihp` or `plain`.
    pub format: String,
    /// Its documents in file order.
    pub documents: Vec<TruthDoc>,
}

/// The sidecar's path for a corpus file.
pub fn truth_path(file: &Path) -> PathBuf {
    let mut s = file.as_os_str().to_owned();
    s.push(".truth.json");
    PathBuf::from(s)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A random date between 1945 and 1964: (ISO, year, month, day).
fn date(rng: &mut Rng) -> (String, usize, usize, usize) {
    let y = rng.range(1945, 1964);
    let m = rng.range(1, 12);
    let d = rng.range(1, 28);
    (format!("{y:04}-{m:02}-{d:02}"), y, m, d)
}

const REPLIES: &[&str] = &[
    "That is correct",
    "We agree",
    "I understand",
    "This is new to me",
    "Good",
    "We will think about it",
    "No, that is not so",
];

const STAGE: &[&str] = &[
    "laughs",
    "pauses",
    "shows a map",
    "reads from a paper",
    "smiles",
];
const MANNER: &[&str] = &["smiling", "sharply", "after a pause", "interrupting"];
const GLOSSES: &[(&str, &str)] = &[
    ("Port Arthur", "Lüshun"),
    ("Dairen", "Dalian"),
    ("Jiang Jieshi", "Chiang Kai-shek"),
    ("Quemoy", "Jinmen"),
    ("the CC", "Central Committee"),
];
const LANGUAGES: &[&str] = &["Russian", "Chinese", "German", "Polish", "Vietnamese"];
const ARCHIVES: &[&str] = &[
    "Archive of Foreign Policy of the Russian Federation (AVPRF)",
    "Ministry of Foreign Affairs Archive of the People's Republic of China",
    "Russian State Archive of Contemporary History (RGANI)",
    "Central State Archive of Hungary",
];
const TRANSLATORS: &[&str] = &[
    "Sergey Radchenko",
    "David Wolff",
    "Zhang Shu Guang",
    "Ana Petrovic",
];

/// Between `lo` and `hi` sentences on one topic, their words drawn by rank (see `vocab.rs`).
/// The main generator gives exactly the draws it gave when sentences were fixed frames (the
/// count, then four per sentence), and the words come from a generator seeded by them: the
/// rest of the corpus (speakers, titles, dates, defects) is drawn as before.
fn prose(rng: &mut Rng, pools: &Pools, (lo, hi): (usize, usize)) -> String {
    let sentences = rng.range(lo, hi);
    let mut out = String::new();
    let mut topic = None;
    for i in 0..sentences {
        let seed = (0..4).fold(0u64, |acc, _| acc.rotate_left(17) ^ rng.next());
        let mut words = Rng::new(seed);
        let t = *topic.get_or_insert_with(|| pools.vocab.topic(&mut words));
        let s = pools.vocab.sentence(&mut words, pools, t);
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&s);
        out.push('.');
    }
    out
}

/// What a body's paragraph tally comes to.
#[derive(Default)]
struct Tally {
    notes: Vec<String>,
    glosses: usize,
    stage: usize,
    inserts: usize,
    deletes: usize,
    defects: Vec<String>,
}

/// Add an editor's gloss, a stage direction or a footnote marker to a sentence run, sometimes.
fn dress(rng: &mut Rng, text: &mut String, t: &mut Tally, turn: bool) {
    if rng.chance(0.12) {
        let (a, b) = *rng.pick(GLOSSES);
        let _ = write!(text, " The question of {a} [{b}] is among them.");
        t.glosses += 1;
    }
    if turn && rng.chance(0.08) {
        let _ = write!(text, " ({})", rng.pick(STAGE));
        t.stage += 1;
        if rng.chance(0.5) {
            text.push_str(" Let us continue.");
        }
    }
    if rng.chance(0.05) {
        let n = t.notes.len() + 1;
        let _ = write!(text, "<sup>{n}</sup>");
        t.notes.push(format!(
            "{n}. The editors could not locate the report mentioned here in the {} files.",
            rng.range(1946, 1990)
        ));
    }
}

/// A transcript body: turns among `speakers`, with narration, continuations across page breaks,
/// stage directions, glosses and footnote markers, up to about `size` bytes.
fn transcript(
    rng: &mut Rng,
    pools: &Pools,
    speakers: &[(String, String)],
    size: usize,
    t: &mut Tally,
    out: &mut String,
) -> Vec<TruthSpeaker> {
    let mut tallies: Vec<TruthSpeaker> = speakers
        .iter()
        .map(|(_, name)| TruthSpeaker {
            name: name.clone(),
            turns: 0,
            paragraphs: 0,
        })
        .collect();
    let start = out.len();
    let mut who = 0usize;
    // Everyone speaks at least once; the first two carry the conversation.
    let mut order: Vec<usize> = (0..speakers.len()).collect();
    order.reverse();
    while out.len() - start < size || !order.is_empty() {
        who = match order.pop() {
            Some(i) => i,
            None if rng.chance(0.7) => (who + 1) % 2.min(speakers.len()),
            None => rng.below(speakers.len()),
        };
        let (label, _) = &speakers[who];
        // Now and then the typist swaps two letters of the name.
        let label = if rng.chance(0.01) {
            let m = misprint(label, rng);
            if &m != label {
                t.defects.push(format!("misprinted speaker label: {m}"));
            }
            m
        } else {
            label.clone()
        };
        let manner = if rng.chance(0.04) {
            format!(" ({})", rng.pick(MANNER))
        } else {
            String::new()
        };
        let mut text = if rng.chance(0.2) {
            format!("{}.", rng.pick(REPLIES))
        } else {
            prose(rng, pools, (1, 5))
        };
        dress(rng, &mut text, t, true);
        let _ = write!(out, "{label}{manner}: {text}");
        tallies[who].turns += 1;
        tallies[who].paragraphs += 1;
        if rng.chance(0.06) {
            // A page break in the middle of a sentence: the speech goes on below.
            let _ = write!(
                out,
                " The delegation also raised the question of the {}\n\nand of the schedule for the talks. {}",
                rng.pick(&["harvest", "loan", "railway", "border"]),
                prose(rng, pools, (1, 3))
            );
            tallies[who].paragraphs += 1;
            t.defects.push("page break inside a turn".into());
        }
        out.push_str("\n\n");
        if rng.chance(0.04) {
            out.push_str(
                "The conversation was interrupted for a short break, after which the talks resumed.\n\n",
            );
        }
    }
    tallies.retain(|s| s.turns > 0);
    tallies
}

/// A prose body (telegram, letter, report) of about `size` bytes.
fn letter(rng: &mut Rng, pools: &Pools, size: usize, t: &mut Tally, out: &mut String) {
    let start = out.len();
    let mut n = 1;
    while out.len() - start < size {
        let mut text = prose(rng, pools, (2, 6));
        dress(rng, &mut text, t, false);
        if rng.chance(0.3) {
            let _ = write!(out, "({n}) ");
            n += 1;
        }
        out.push_str(&text);
        out.push_str("\n\n");
    }
}

/// A draft's body: prose with *insertions* and [deletions], as the title declares.
fn draft(rng: &mut Rng, pools: &Pools, size: usize, t: &mut Tally, out: &mut String) {
    let start = out.len();
    while out.len() - start < size {
        let mut text = prose(rng, pools, (2, 5));
        if rng.chance(0.5) {
            text.push_str(" *In our opinion this should be settled without delay.*");
            t.inserts += 1;
        }
        if rng.chance(0.4) {
            text.push_str(" [we do not insist on this point at present]");
            t.deletes += 1;
        }
        out.push_str(&text);
        out.push_str("\n\n");
    }
}

/// Footnotes at the end of a body.
fn notes(t: &Tally, out: &mut String) {
    for n in &t.notes {
        out.push_str(n);
        out.push_str("\n\n");
    }
}

/// How large a document should be: 2 KB to 80 KB, most of them small.
fn size(rng: &mut Rng) -> usize {
    let u = rng.unit().powf(1.9);
    let lo = (2_000f64).ln();
    let hi = (80_000f64).ln();
    (lo + (hi - lo) * u).exp() as usize
}

/// Speakers for a record: (label as printed, name a reader would give), 2 to 12 of them.
fn cast(rng: &mut Rng, pools: &Pools) -> Vec<(String, String)> {
    let n = if rng.chance(0.6) { 2 } else { rng.range(3, 12) };
    let mut out: Vec<(String, String)> = Vec::new();
    let mut tries = 0;
    while out.len() < n && tries < 200 {
        tries += 1;
        let p = rng.pick(&pools.people);
        if out.iter().any(|(_, name)| {
            name == &p.name || name.split_whitespace().last() == Some(p.surname.as_str())
        }) {
            continue;
        }
        // Known people often appear by surname alone, as in the records.
        let label = if p.known && rng.chance(0.5) && p.surname.len() > 3 {
            p.surname.clone()
        } else {
            p.name.clone()
        };
        out.push((label.clone(), label));
    }
    out
}

/// A misprint of a name: two letters swapped.
fn misprint(name: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() < 5 {
        return name.to_string();
    }
    let i = rng.range(1, chars.len() - 3);
    let mut c = chars.clone();
    c.swap(i, i + 1);
    c.into_iter().collect()
}

/// The Wilson Center's Markdown export of one record.
fn wilson(rng: &mut Rng, pools: &Pools, id: usize) -> (String, TruthDoc) {
    let (iso, y, m, d) = date(rng);
    let speakers = cast(rng, pools);
    let memcon = rng.chance(0.7);
    let mut t = Tally::default();
    let (title, kind) = if memcon {
        let names: Vec<&str> = speakers.iter().take(2).map(|s| s.1.as_str()).collect();
        (
            format!(
                "{} between {} and {}",
                rng.pick(&[
                    "Record of Conversation",
                    "Memorandum of Conversation",
                    "Minutes of Conversation"
                ]),
                names[0],
                names.get(1).copied().unwrap_or("the Delegation")
            ),
            "memorandum_of_conversation",
        )
    } else {
        let a = &speakers[0].1;
        let b = speakers.get(1).map(|s| s.1.as_str()).unwrap_or("Moscow");
        (format!("Telegram from {a} to {b}"), "telegram")
    };
    let undated = rng.chance(0.02);
    let printed = format!("{} {d}, {y}", MONTHS[m - 1]);
    let mut out = String::from("\n\n");
    if undated {
        t.defects.push("no date".into());
    } else {
        let _ = write!(out, "## **{printed}**\n\n");
    }
    let _ = write!(out, "### **{title}**\n\n#### **Citation:**\n\n\"{title}\"");
    if !undated {
        let _ = write!(out, ", {printed}");
    }
    let _ = write!(
        out,
        ", Wilson Center Digital Archive, {}, f. {}, op. {}, d. {}. Translated by {}. <https://digitalarchive.wilsoncenter.org/document/{id}>\n\n",
        rng.pick(ARCHIVES),
        rng.range(1, 100),
        rng.range(1, 60),
        rng.range(1, 900),
        rng.pick(TRANSLATORS)
    );
    if rng.chance(0.85) {
        let _ = write!(
            out,
            "#### **Summary:**\n\n{}\n\n",
            prose(rng, pools, (1, 1))
        );
    } else {
        t.defects.push("no summary".into());
    }
    if rng.chance(0.9) {
        let _ = write!(
            out,
            "#### **Original Language:**\n\n{}\n\n",
            rng.pick(LANGUAGES)
        );
    } else {
        t.defects.push("no original language".into());
    }
    out.push_str("#### **Contents:**\n\nTranslation - English\n\n");
    let size = size(rng);
    let spoken = if memcon {
        let people: Vec<&str> = speakers.iter().map(|s| s.1.as_str()).collect();
        let _ = write!(
            out,
            "Present at the conversation: {}.\n\n",
            people.join(", ")
        );
        transcript(rng, pools, &speakers, size, &mut t, &mut out)
    } else {
        letter(rng, pools, size, &mut t, &mut out);
        Vec::new()
    };
    if rng.chance(0.05) {
        // Stray marks from the export: a lone asterisk and an unclosed bracket in narration.
        out.push_str("The text of the appendix was not found in the file * [see also\n\n");
        t.defects.push("stray bracket and asterisk".into());
    }
    notes(&t, &mut out);
    let truth = TruthDoc {
        title,
        date: (!undated).then_some(iso),
        kind: kind.into(),
        speakers: spoken,
        notes: t.notes.len(),
        note_refs: t.notes.len(),
        glosses: t.glosses,
        stage: t.stage,
        inserts: 0,
        deletes: 0,
        defects: t.defects,
    };
    (out, truth)
}

/// A CWIHP Bulletin record: one line of bold header fields, then the body.
fn cwihp(rng: &mut Rng, pools: &Pools) -> (String, TruthDoc) {
    let (iso, y, m, d) = date(rng);
    let speakers = cast(rng, pools);
    let mut t = Tally::default();
    let names: Vec<&str> = speakers.iter().take(2).map(|s| s.1.as_str()).collect();
    let title = format!(
        "Memorandum of Conversation between {} and {}",
        names[0],
        names.get(1).copied().unwrap_or("the Delegation")
    );
    let author = if rng.chance(0.5) {
        t.defects.push("empty author".into());
        String::new()
    } else {
        format!(" {}", rng.pick(TRANSLATORS))
    };
    let mut out = format!(
        "\n\n**Title: {title}****Author:{author}****Date: {d} {} {y}****Source:** {}, Vol. {}, pp. {}-{}. Translated by {}. Published in Bulletin #{} by CWIHP**Description:** {}\n\n",
        MONTHS[m - 1],
        rng.pick(ARCHIVES),
        rng.range(1, 9),
        rng.range(10, 40),
        rng.range(41, 90),
        rng.pick(TRANSLATORS),
        rng.range(1, 16),
        prose(rng, pools, (1, 1))
    );
    let size = size(rng);
    let spoken = transcript(rng, pools, &speakers, size, &mut t, &mut out);
    notes(&t, &mut out);
    let truth = TruthDoc {
        title,
        date: Some(iso),
        kind: "memorandum_of_conversation".into(),
        speakers: spoken,
        notes: t.notes.len(),
        note_refs: t.notes.len(),
        glosses: t.glosses,
        stage: t.stage,
        inserts: 0,
        deletes: 0,
        defects: t.defects,
    };
    (out, truth)
}

/// A plain-text collection of 2 to 6 documents: telegrams, letters, reports and drafts.
fn collection(rng: &mut Rng, pools: &Pools, docs: usize) -> (String, Vec<TruthDoc>) {
    let place = rng.pick(&pools.places).clone();
    let mut out = format!(
        "Documents on {place}, {}\n\nCompiled for this corpus.\n\nThe documents below were exchanged by the two leaderships.\n\n",
        rng.range(1945, 1964)
    );
    let mut truths = Vec::new();
    for _ in 0..docs {
        let (iso, y, m, d) = date(rng);
        let people = cast(rng, pools);
        let a = people[0].1.clone();
        let b = people
            .get(1)
            .map(|p| p.1.clone())
            .unwrap_or_else(|| "Moscow".into());
        let mut t = Tally::default();
        let roll = rng.below(10);
        let (word, kind) = match roll {
            0..=3 => ("Telegram", "telegram"),
            4..=5 => ("Letter", "message"),
            6..=7 => ("Report", "report"),
            _ => ("Draft Message", "draft"),
        };
        let printed = format!("{d} {} {y}", MONTHS[m - 1]);
        let title = if kind == "report" {
            format!("{word} by {a} on the Situation in {place}")
        } else {
            format!("{word} from {a} to {b}")
        };
        // The title as printed: with its date on the same line or the next, and for a draft
        // the convention it declares.
        let title = if kind == "draft" {
            let t = format!(
                "{title}, {printed} (italicized passages inserted and bracketed passages deleted by hand)"
            );
            let _ = write!(out, "{t}\n\n");
            t
        } else if rng.chance(0.3) {
            // The title wraps onto a second line at a connecting word.
            let at = title.find(" to ").or(title.find(" on ")).unwrap_or(0);
            let (head, tail) = title.split_at(at);
            let _ = write!(out, "{head}{}\n{}, {printed}\n\n", &tail[..3], &tail[4..]);
            t.defects.push("title wrapped over two lines".into());
            format!("{title}, {printed}")
        } else if rng.chance(0.5) {
            let _ = write!(out, "{title}\n\n{printed}\n\n");
            title
        } else {
            let _ = write!(out, "{title}, {printed}\n\n");
            format!("{title}, {printed}")
        };
        let size = size(rng) / 2;
        if kind == "draft" {
            draft(rng, pools, size, &mut t, &mut out);
        } else {
            letter(rng, pools, size, &mut t, &mut out);
        }
        if rng.chance(0.1) {
            let who = misprint(&a, rng);
            let _ = write!(out, "{}\n\n", who.to_uppercase());
            t.defects.push(format!("misprinted signature: {who}"));
        } else {
            let _ = write!(out, "{}\n\n", a.to_uppercase());
        }
        notes(&t, &mut out);
        truths.push(TruthDoc {
            title,
            date: Some(iso),
            kind: kind.into(),
            speakers: Vec::new(),
            notes: t.notes.len(),
            note_refs: t.notes.len(),
            glosses: t.glosses,
            stage: 0,
            inserts: t.inserts,
            deletes: t.deletes,
            defects: t.defects,
        });
    }
    (out, truths)
}

/// Write `docs` documents into `dir` (created if missing), deterministic for `seed`; returns
/// (files, bytes) written, sidecars not counted.
pub fn generate(
    dir: &Path,
    docs: usize,
    seed: u64,
    pools: &Pools,
) -> std::io::Result<(usize, u64)> {
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng::new(seed);
    let mut made = 0;
    let mut files = 0;
    let mut bytes = 0u64;
    while made < docs {
        let roll = rng.below(10);
        let sub = dir.join(format!("{:03}", files / 500));
        std::fs::create_dir_all(&sub)?;
        let (name, text, truth) = match roll {
            0..=5 => {
                let id = 200_000 + made;
                let (text, doc) = wilson(&mut rng, pools, id);
                (
                    format!("wilson-{id}.md"),
                    text,
                    Truth {
                        format: "wilson".into(),
                        documents: vec![doc],
                    },
                )
            }
            6..=7 => {
                let (text, doc) = cwihp(&mut rng, pools);
                (
                    format!("cwihp-{made:06}.txt"),
                    text,
                    Truth {
                        format: "cwihp".into(),
                        documents: vec![doc],
                    },
                )
            }
            _ => {
                let n = rng.range(2, 6).min(docs - made).max(1);
                let (text, docs) = collection(&mut rng, pools, n);
                (
                    format!("collection-{made:06}.txt"),
                    text,
                    Truth {
                        format: "plain".into(),
                        documents: docs,
                    },
                )
            }
        };
        made += truth.documents.len();
        let path = sub.join(name);
        std::fs::write(&path, &text)?;
        let json = serde_json::to_string_pretty(&truth).map_err(std::io::Error::other)?;
        std::fs::write(truth_path(&path), json)?;
        files += 1;
        bytes += text.len() as u64;
    }
    Ok((files, bytes))
}
