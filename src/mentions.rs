//! Mentions: every occurrence of every name of the gazetteer in every document, found in one
//! pass (Aho-Corasick over all folded names, on word boundaries), resolved to its entity —
//! or left unresolved, with a warning, when a name could mean two entities and the document
//! does not decide.

use crate::gazetteer::{Entity, Gazetteer};
use crate::model::{Document, Reading, Warning};
use crate::text::fold_with_map;
use aho_corasick::{AhoCorasick, MatchKind};
use serde::{Deserialize, Serialize};

/// One occurrence of a name in a block.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Mention {
    /// The entity's id, or `None` when the name is ambiguous here.
    pub entity: Option<String>,
    /// The block's `n`.
    pub block: usize,
    /// Byte offset in the block's text (redline reading).
    pub start: usize,
    /// Byte offset of the end.
    pub end: usize,
    /// The text as printed.
    pub text: String,
    /// Ids of the candidates when ambiguous.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
}

/// The one-pass matcher over every folded name.
pub struct NameMatcher {
    ac: AhoCorasick,
    /// For each pattern: indices of the entities it names.
    owners: Vec<Vec<usize>>,
    /// For each pattern: whether it comes only from acronyms (`US`, `UN`, `PRC`), which match
    /// only where the text writes them in capitals too ("us" is a pronoun).
    acronym: Vec<bool>,
}

/// Whether a name is an acronym: two to five capital letters (dots allowed).
fn is_acronym(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| *c != '.').collect();
    (2..=5).contains(&letters.len()) && letters.iter().all(|c| c.is_ascii_uppercase())
}

impl NameMatcher {
    /// Build the matcher for a gazetteer. Each name gives its folded form, and the form with
    /// hyphens joined (`chou enlai` for `Chou En-lai`).
    pub fn new(g: &Gazetteer) -> NameMatcher {
        let mut patterns: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut acronym: Vec<bool> = Vec::new();
        let mut by_pattern: std::collections::HashMap<String, usize> = Default::default();
        for (i, e) in g
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.tagged_only)
        {
            for name in e.all_names() {
                let forms = [
                    fold_with_map(name).0,
                    fold_with_map(&name.replace('-', "")).0,
                ];
                for f in forms {
                    if f.chars().count() < 2 {
                        continue;
                    }
                    let k = *by_pattern.entry(f.clone()).or_insert_with(|| {
                        patterns.push(f.clone());
                        owners.push(Vec::new());
                        acronym.push(true);
                        patterns.len() - 1
                    });
                    acronym[k] &= is_acronym(name);
                    if !owners[k].contains(&i) {
                        owners[k].push(i);
                    }
                }
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .unwrap_or_else(|_| AhoCorasick::new(Vec::<String>::new()).expect("empty automaton"));
        NameMatcher {
            ac,
            owners,
            acronym,
        }
    }

    /// Occurrences of names in `text`: (start, end, candidate entity indices), on word
    /// boundaries in the original text.
    pub fn find(&self, text: &str) -> Vec<(usize, usize, &[usize])> {
        let (folded, map) = fold_with_map(text);
        let fb = folded.as_bytes();
        let mut out = Vec::new();
        for m in self.ac.find_iter(&folded) {
            let before_ok = m.start() == 0 || !is_word_byte(fb, m.start() - 1, true);
            let after_ok = m.end() >= fb.len() || !is_word_byte(fb, m.end(), false);
            if !(before_ok && after_ok) {
                continue;
            }
            let (s, e) = (map[m.start()], map[m.end()]);
            let p = m.pattern().as_usize();
            if self.acronym[p] && text[s..e].chars().any(char::is_lowercase) {
                continue;
            }
            out.push((s, e, self.owners[p].as_slice()));
        }
        out
    }
}

/// Whether the folded text has a word character at byte `i` (the char starting there, or
/// with `backwards`, the char ending there). Looks only at the bytes of that char.
fn is_word_byte(b: &[u8], i: usize, backwards: bool) -> bool {
    if i >= b.len() {
        return false;
    }
    let (start, end) = if backwards {
        let mut s = i;
        while s > 0 && (b[s] & 0b1100_0000) == 0b1000_0000 {
            s -= 1;
        }
        (s, i + 1)
    } else {
        let mut e = i + 1;
        while e < b.len() && (b[e] & 0b1100_0000) == 0b1000_0000 {
            e += 1;
        }
        (i, e)
    };
    std::str::from_utf8(&b[start..end])
        .ok()
        .and_then(|s| s.chars().next())
        .is_some_and(char::is_alphanumeric)
}

/// Resolve speakers and participants to entity ids, and find the mentions of a document.
pub fn resolve(doc: &mut Document, g: &Gazetteer, m: &NameMatcher) -> Vec<Mention> {
    for p in &mut doc.participants {
        p.id = g.person(&p.name).map(|e| e.id.clone());
    }
    let participant_ids: Vec<String> = doc
        .participants
        .iter()
        .filter_map(|p| p.id.clone())
        .collect();
    for b in &mut doc.blocks {
        if let Some(sp) = &mut b.speaker {
            sp.id = g.person(&sp.name).map(|e| e.id.clone()).or_else(|| {
                // A bare surname shared by several: the document's participants decide.
                let cands: Vec<&Entity> = g.lookup(&sp.name);
                let inside: Vec<&&Entity> = cands
                    .iter()
                    .filter(|e| participant_ids.contains(&e.id))
                    .collect();
                match inside.as_slice() {
                    [one] => Some(one.id.clone()),
                    _ => None,
                }
            });
        }
    }
    // The sides the document's participants stand for: when they all stand for one party or
    // state, an ambiguous name of an organization is read as that side's.
    let sides: Vec<String> = {
        let people: Vec<&Entity> = participant_ids.iter().filter_map(|id| g.get(id)).collect();
        let mut all: Vec<String> = Vec::new();
        for p in &people {
            for a in &p.affiliation {
                if !all.contains(&a.side) {
                    all.push(a.side.clone());
                }
            }
        }
        // One side only if every participant shares every side listed.
        let shared = people.iter().all(|p| {
            all.iter()
                .all(|s| p.affiliation.iter().any(|a| &a.side == s))
        });
        if shared && !people.is_empty() {
            all
        } else {
            Vec::new()
        }
    };
    let mut mentions = Vec::new();
    let mut seen_full: Vec<usize> = Vec::new();
    let mut warned: Vec<String> = Vec::new();
    for b in &doc.blocks {
        let text = b.text(Reading::Redline);
        for (s, e, owners) in m.find(&text) {
            let entity = match owners {
                [one] => {
                    seen_full.retain(|i| i != one);
                    seen_full.push(*one);
                    Some(g.entities[*one].id.clone())
                }
                many => {
                    // The document decides: a participant first, else the candidate whose
                    // full name was printed last before this point.
                    let participants: Vec<&usize> = many
                        .iter()
                        .filter(|i| participant_ids.contains(&g.entities[**i].id))
                        .collect();
                    let latest = seen_full.iter().rev().find(|i| many.contains(i));
                    let by_doc: Vec<&usize> = match (participants.as_slice(), latest) {
                        ([one], _) => vec![*one],
                        (_, Some(i)) => vec![i],
                        _ => Vec::new(),
                    };
                    match by_doc.as_slice() {
                        [one] => Some(g.entities[**one].id.clone()),
                        _ => {
                            // All the participants on one side of the table: the candidate of
                            // that side ("the Politburo" in a telegram between two Chinese).
                            let same_side: Vec<&usize> = many
                                .iter()
                                .filter(|i| {
                                    let e = &g.entities[**i];
                                    !e.affiliation.is_empty()
                                        && e.affiliation.iter().all(|a| sides.contains(&a.side))
                                })
                                .collect();
                            match same_side.as_slice() {
                                [one] => Some(g.entities[**one].id.clone()),
                                _ => None,
                            }
                        }
                    }
                }
            };
            let printed = text[s..e].to_string();
            if entity.is_none() && !warned.contains(&printed) {
                warned.push(printed.clone());
                let names: Vec<&str> = owners.iter().map(|i| g.entities[*i].id.as_str()).collect();
                doc.warnings.push(Warning {
                    file: doc.source_file.clone(),
                    line: b.line,
                    message: format!(
                        "'{printed}' could be {}; left unresolved",
                        names.join(" or ")
                    ),
                });
            }
            mentions.push(Mention {
                candidates: if entity.is_none() {
                    owners.iter().map(|i| g.entities[*i].id.clone()).collect()
                } else {
                    Vec::new()
                },
                entity,
                block: b.n,
                start: s,
                end: e,
                text: printed,
            });
        }
    }
    mentions
}
