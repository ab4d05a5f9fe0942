//! Links between documents: the documents that share people and places with another (ranked),
//! and the neighbours in time. Core logic, no terminal.

use crate::corpus::Corpus;
use crate::gazetteer::EntityKind;
use std::collections::{BTreeMap, BTreeSet};

/// A document related to another through shared entities.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    /// Index of the related document in `corpus.docs`.
    pub doc: usize,
    /// Ids of the entities both mention, most significant first.
    pub shared: Vec<String>,
    /// The strength of the link: shared entities weighted by how rare they are in the corpus.
    pub score: f64,
}

/// The entity ids a document mentions (resolved mentions, speakers and participants).
pub fn entities_of(corpus: &Corpus, doc: usize) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if let Some(ms) = corpus.mentions.get(doc) {
        out.extend(ms.iter().filter_map(|m| m.entity.clone()));
    }
    if let Some(d) = corpus.docs.get(doc) {
        out.extend(d.participants.iter().filter_map(|p| p.id.clone()));
        out.extend(
            d.blocks
                .iter()
                .filter_map(|b| b.speaker.as_ref().and_then(|s| s.id.clone())),
        );
    }
    out
}

/// Entity ids of the kinds that make a link (people, places, events): not the archives and
/// publishers every document from one source shares.
fn linking(corpus: &Corpus, id: &str) -> bool {
    corpus.gazetteer.get(id).is_none_or(|e| {
        matches!(
            e.kind,
            EntityKind::Person | EntityKind::Place | EntityKind::Event
        )
    })
}

/// Documents sharing people, places or events with `doc` (restricted to `among`, entity ids of
/// one block, when given), best first. Each shared entity counts by its rarity: sharing a name
/// two documents mention is a stronger link than sharing one all of them mention.
pub fn related(corpus: &Corpus, doc: usize, among: Option<&BTreeSet<String>>) -> Vec<Related> {
    let all: Vec<BTreeSet<String>> = (0..corpus.docs.len())
        .map(|i| entities_of(corpus, i))
        .collect();
    let mut df: BTreeMap<&str, usize> = BTreeMap::new();
    for set in &all {
        for id in set {
            *df.entry(id.as_str()).or_default() += 1;
        }
    }
    let Some(mine) = all.get(doc) else {
        return Vec::new();
    };
    let n = corpus.docs.len().max(1) as f64;
    let mut out: Vec<Related> = Vec::new();
    for (i, set) in all.iter().enumerate() {
        if i == doc {
            continue;
        }
        let mut shared: Vec<(&String, f64)> = mine
            .intersection(set)
            .filter(|id| among.is_none_or(|a| a.contains(*id)))
            .filter(|id| linking(corpus, id))
            .map(|id| {
                let w = (n / df.get(id.as_str()).copied().unwrap_or(1) as f64).ln() + 1.0;
                (id, w)
            })
            .collect();
        if shared.is_empty() {
            continue;
        }
        shared.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        out.push(Related {
            doc: i,
            score: shared.iter().map(|s| s.1).sum(),
            shared: shared.into_iter().map(|s| s.0.clone()).collect(),
        });
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
    out
}

/// The previous and next documents in time (the corpus is in date order).
pub fn neighbours(corpus: &Corpus, doc: usize) -> (Option<usize>, Option<usize>) {
    let prev = doc.checked_sub(1);
    let next = (doc + 1 < corpus.docs.len()).then_some(doc + 1);
    (prev, next)
}
