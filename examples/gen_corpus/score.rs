//! Scoring: ingest a generated corpus with carrel and compare what it found with the
//! ground-truth sidecars, document by document.

#![allow(dead_code)]

use super::generate::{truth_path, Truth, TruthDoc};
use carrel::corpus::{Corpus, Source};
use carrel::model::{BlockKind, Document, Segment};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Found against expected, for one measure.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Count {
    /// Items the truth has that carrel found.
    pub found: usize,
    /// Items the truth has.
    pub expected: usize,
    /// Items carrel reported that the truth does not have.
    pub extra: usize,
}

impl Count {
    /// Share of expected items found (1.0 when nothing was expected).
    pub fn recall(&self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.found as f64 / self.expected as f64
        }
    }

    /// Share of reported items that are right.
    pub fn precision(&self) -> f64 {
        let reported = self.found + self.extra;
        if reported == 0 {
            1.0
        } else {
            self.found as f64 / reported as f64
        }
    }

    fn add(&mut self, truth: usize, got: usize) {
        self.expected += truth;
        self.found += truth.min(got);
        self.extra += got.saturating_sub(truth);
    }
}

/// The whole score of a corpus.
#[derive(Debug, Default, Clone)]
pub struct Score {
    /// Files read.
    pub files: usize,
    /// Documents (a file counts as found when carrel splits it into as many documents).
    pub documents: Count,
    /// Titles exactly right.
    pub titles: Count,
    /// Dates exactly right (undated documents must stay undated).
    pub dates: Count,
    /// Kinds right.
    pub kinds: Count,
    /// Printed turns given to the right speaker.
    pub turns: Count,
    /// Paragraphs of speech given to the right speaker, continuations included.
    pub paragraphs: Count,
    /// Footnotes.
    pub notes: Count,
    /// Footnote markers.
    pub note_refs: Count,
    /// Glosses.
    pub glosses: Count,
    /// Stage directions.
    pub stage: Count,
    /// Insertions in drafts.
    pub inserts: Count,
    /// Deletions in drafts.
    pub deletes: Count,
    /// A few misses, for a reader to look at: (file, what).
    pub misses: Vec<(String, String)>,
}

impl Score {
    /// One row per measure: (name, found, expected, recall %, precision %).
    pub fn rows(&self) -> Vec<(&'static str, Count)> {
        vec![
            ("documents", self.documents),
            ("titles", self.titles),
            ("dates", self.dates),
            ("kinds", self.kinds),
            ("speaker turns", self.turns),
            ("speech paragraphs", self.paragraphs),
            ("footnotes", self.notes),
            ("footnote markers", self.note_refs),
            ("glosses", self.glosses),
            ("stage directions", self.stage),
            ("draft insertions", self.inserts),
            ("draft deletions", self.deletes),
        ]
    }

    /// The score as a Markdown table.
    pub fn table(&self) -> String {
        let mut s = String::from(
            "| measure | found / expected | recall | precision |\n|---|---:|---:|---:|\n",
        );
        for (name, c) in self.rows() {
            s.push_str(&format!(
                "| {name} | {} / {} | {:.1}% | {:.1}% |\n",
                c.found,
                c.expected,
                100.0 * c.recall(),
                100.0 * c.precision()
            ));
        }
        s
    }

    fn miss(&mut self, file: &str, what: String) {
        if self.misses.len() < 40 {
            self.misses.push((file.to_string(), what));
        }
    }
}

fn segs(d: &Document, f: impl Fn(&Segment) -> bool) -> usize {
    d.blocks
        .iter()
        .flat_map(|b| b.segments.iter())
        .filter(|s| f(s))
        .count()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn score_doc(s: &mut Score, file: &str, t: &TruthDoc, d: &Document) {
    s.documents.add(1, 1);
    let title_ok = squash(&d.title) == squash(&t.title);
    s.titles.add(1, usize::from(title_ok));
    if !title_ok {
        s.miss(file, format!("title {:?} for {:?}", d.title, t.title));
    }
    let date_ok = d.date == t.date;
    s.dates.add(1, usize::from(date_ok));
    if !date_ok {
        s.miss(file, format!("date {:?} for {:?}", d.date, t.date));
    }
    let kind_ok = d.kind.as_str() == t.kind;
    s.kinds.add(1, usize::from(kind_ok));
    if !kind_ok {
        s.miss(file, format!("kind {} for {}", d.kind.as_str(), t.kind));
    }
    let mut turns: HashMap<&str, usize> = HashMap::new();
    let mut paras: HashMap<&str, usize> = HashMap::new();
    for b in &d.blocks {
        if b.kind != BlockKind::Turn {
            continue;
        }
        let Some(sp) = &b.speaker else { continue };
        *paras.entry(sp.name.as_str()).or_default() += 1;
        if !b.continues {
            *turns.entry(sp.name.as_str()).or_default() += 1;
        }
    }
    for ts in &t.speakers {
        let got_t = turns.remove(ts.name.as_str()).unwrap_or(0);
        let got_p = paras.remove(ts.name.as_str()).unwrap_or(0);
        if got_t != ts.turns {
            s.miss(
                file,
                format!("{}: {} turns for {}", ts.name, got_t, ts.turns),
            );
        }
        s.turns.add(ts.turns, got_t);
        s.paragraphs.add(ts.paragraphs, got_p);
    }
    for (name, n) in turns {
        s.turns.extra += n;
        s.miss(file, format!("unexpected speaker {name}: {n} turns"));
    }
    s.paragraphs.extra += paras.values().sum::<usize>();
    s.notes.add(t.notes, d.footnotes.len());
    s.note_refs
        .add(t.note_refs, segs(d, |x| matches!(x, Segment::NoteRef(_))));
    s.glosses
        .add(t.glosses, segs(d, |x| matches!(x, Segment::Gloss(_))));
    s.stage
        .add(t.stage, segs(d, |x| matches!(x, Segment::Stage(_))));
    s.inserts
        .add(t.inserts, segs(d, |x| matches!(x, Segment::Insert(_))));
    s.deletes
        .add(t.deletes, segs(d, |x| matches!(x, Segment::Delete(_))));
}

/// Ingest `dir` with carrel and score it against the sidecars found there.
pub fn score(dir: &Path) -> Score {
    let corpus = Corpus::load(&[Source::Path(dir.to_path_buf())]);
    score_corpus(&corpus)
}

/// Score an already loaded corpus against the sidecars beside its files.
pub fn score_corpus(corpus: &Corpus) -> Score {
    let mut by_file: BTreeMap<&str, Vec<&Document>> = BTreeMap::new();
    for d in &corpus.docs {
        by_file.entry(d.source_file.as_str()).or_default().push(d);
    }
    let mut s = Score::default();
    for (file, mut docs) in by_file {
        docs.sort_by_key(|d| d.source_line);
        let Some(truth) = std::fs::read_to_string(truth_path(Path::new(file)))
            .ok()
            .and_then(|t| serde_json::from_str::<Truth>(&t).ok())
        else {
            continue;
        };
        s.files += 1;
        if docs.len() != truth.documents.len() {
            s.documents.expected += truth.documents.len();
            s.documents.found += docs.len().min(truth.documents.len());
            s.documents.extra += docs.len().saturating_sub(truth.documents.len());
            s.miss(
                file,
                format!(
                    "{} documents for {}: {:?}",
                    docs.len(),
                    truth.documents.len(),
                    docs.iter().map(|d| d.title.as_str()).collect::<Vec<_>>()
                ),
            );
            // Score what lines up by title, so one bad split does not hide the rest.
            for t in &truth.documents {
                if let Some(d) = docs.iter().find(|d| squash(&d.title) == squash(&t.title)) {
                    let before = s.documents;
                    score_doc(&mut s, file, t, d);
                    s.documents = before;
                }
            }
            continue;
        }
        for (t, d) in truth.documents.iter().zip(docs) {
            score_doc(&mut s, file, t, d);
        }
    }
    s
}
