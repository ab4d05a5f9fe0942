//! Links between documents: the documents that share people and places with another (ranked),
//! and the neighbours in time. Core logic, no terminal.

use crate::corpus::Corpus;
use crate::gazetteer::EntityKind;
use std::collections::BTreeSet;

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
    // From the header alone: no body is loaded.
    let id_at = |e: &u32| {
        corpus
            .gazetteer
            .entities
            .get(*e as usize)
            .map(|x| x.id.clone())
    };
    out.extend(corpus.docs.counts(doc).iter().filter_map(|(e, _)| id_at(e)));
    if let Some(d) = corpus.docs.head(doc) {
        out.extend(d.participants.iter().filter_map(|p| p.id.clone()));
    }
    out.extend(corpus.docs.speakers(doc).iter().filter_map(id_at));
    out
}

/// Documents sharing people, places or events with `doc` (restricted to `among`, entity ids of
/// one block, when given), best first. Each shared entity counts by its rarity: sharing a name
/// two documents mention is a stronger link than sharing one all of them mention. At most the
/// best 50.
pub fn related(corpus: &Corpus, doc: usize, among: Option<&BTreeSet<String>>) -> Vec<Related> {
    const RELATED_MAX: usize = 50;
    // Entities as gazetteer positions, from the headers: no body is read.
    let g = &corpus.gazetteer;
    let n_entities = g.entities.len();
    let links: Vec<bool> = g
        .entities
        .iter()
        .map(|e| {
            matches!(
                e.kind,
                EntityKind::Person | EntityKind::Place | EntityKind::Event
            )
        })
        .collect();
    let all: Vec<&[u32]> = (0..corpus.docs.len())
        .map(|i| corpus.docs.entities(i))
        .collect();
    let mut df = vec![0usize; n_entities];
    for set in &all {
        for &e in set.iter() {
            if let Some(x) = df.get_mut(e as usize) {
                *x += 1;
            }
        }
    }
    let Some(mine) = all.get(doc) else {
        return Vec::new();
    };
    let allowed: Vec<u32> = mine
        .iter()
        .copied()
        .filter(|&e| links.get(e as usize).copied().unwrap_or(false))
        .filter(|&e| among.is_none_or(|a| a.contains(&g.entities[e as usize].id)))
        .collect();
    let n = corpus.docs.len().max(1) as f64;
    let weight = |e: u32| (n / df.get(e as usize).copied().unwrap_or(1).max(1) as f64).ln() + 1.0;
    // (document, score, shared entities with their weights)
    type Scored = (usize, f64, Vec<(u32, f64)>);
    let mut scored: Vec<Scored> = Vec::new();
    for (i, set) in all.iter().enumerate() {
        if i == doc {
            continue;
        }
        let shared: Vec<(u32, f64)> = allowed
            .iter()
            .filter(|e| set.binary_search(e).is_ok())
            .map(|&e| (e, weight(e)))
            .collect();
        if shared.is_empty() {
            continue;
        }
        let score = shared.iter().map(|s| s.1).sum();
        scored.push((i, score, shared));
    }
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.truncate(RELATED_MAX);
    scored
        .into_iter()
        .map(|(i, score, mut shared)| {
            shared.sort_by(|a, b| {
                b.1.total_cmp(&a.1).then(
                    g.entities[a.0 as usize]
                        .id
                        .cmp(&g.entities[b.0 as usize].id),
                )
            });
            Related {
                doc: i,
                score,
                shared: shared
                    .into_iter()
                    .map(|s| g.entities[s.0 as usize].id.clone())
                    .collect(),
            }
        })
        .collect()
}

/// The previous and next documents in time (the corpus is in date order).
pub fn neighbours(corpus: &Corpus, doc: usize) -> (Option<usize>, Option<usize>) {
    let prev = doc.checked_sub(1);
    let next = (doc + 1 < corpus.docs.len()).then_some(doc + 1);
    (prev, next)
}

/// A link from one document to another (or to a message the corpus does not hold).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Link {
    /// `cites`, `draft_of`, `final_of`, `reply_to`, `replied_by`, `mentions_message`,
    /// `related`, `previous`, `next`.
    pub kind: String,
    /// The target document's id, or `None` when the corpus does not hold it.
    pub target: Option<String>,
    /// A label for the link.
    pub label: String,
    /// The text or facts that made the link.
    pub evidence: String,
}

/// The entity a name resolves to (a person, usually), or the folded name itself.
fn who(corpus: &Corpus, name: Option<&str>) -> Option<String> {
    let name = name?.trim();
    if name.is_empty() {
        return None;
    }
    Some(
        corpus
            .gazetteer
            .lookup(name)
            .first()
            .map(|e| e.id.clone())
            .unwrap_or_else(|| crate::text::fold(name)),
    )
}

/// Days between two ISO dates (partial dates count from their first day).
fn days_between(a: &str, b: &str) -> Option<i64> {
    let day = |s: &str| -> Option<i64> {
        let mut it = s.split('-');
        let y: i64 = it.next()?.parse().ok()?;
        let m: i64 = it.next().and_then(|x| x.parse().ok()).unwrap_or(1);
        let d: i64 = it.next().and_then(|x| x.parse().ok()).unwrap_or(1);
        // Days from a fixed epoch (proleptic Gregorian), good enough for differences.
        let (y, m) = if m <= 2 { (y - 1, m + 12) } else { (y, m) };
        Some(365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d)
    };
    Some(day(b)? - day(a)?)
}

/// The words of a document's text (edited reading), lower case.
fn words(doc: &crate::model::Document) -> Vec<String> {
    doc.blocks
        .iter()
        .flat_map(|b| {
            b.text(crate::model::Reading::Edited)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The share of `a`'s four-word sequences that also occur in `b`.
fn shared_text(a: &[String], b: &[String]) -> f64 {
    let grams = |w: &[String]| -> BTreeSet<String> { w.windows(4).map(|g| g.join(" ")).collect() };
    let (ga, gb) = (grams(a), grams(b));
    if ga.is_empty() {
        return 0.0;
    }
    ga.intersection(&gb).count() as f64 / ga.len() as f64
}

/// Words that say a message answers another.
const REPLY_CUES: &[&str] = &[
    "your telegram",
    "your cable",
    "your message",
    "your letter",
    "your note",
    "in reply to",
    "in answer to",
    "received your",
];

/// The links the corpus itself makes from document `doc`: addresses of other documents it
/// cites, the draft and the message made from it (same sender and recipient, a few days
/// apart, much text in common, one of them a draft), replies, and other dated messages it
/// mentions (resolved when the corpus holds them).
pub fn explicit(corpus: &Corpus, doc: usize) -> Vec<Link> {
    use crate::model::DocKind;
    let mut out = Vec::new();
    let Some(d) = corpus.docs.get(doc) else {
        return out;
    };
    let text_of = |d: &crate::model::Document| -> String {
        let mut s = String::new();
        for x in [&d.citation, &d.summary, &d.collection_note]
            .into_iter()
            .flatten()
        {
            s.push_str(x);
            s.push('\n');
        }
        for b in &d.blocks {
            s.push_str(&b.text(crate::model::Reading::Redline));
            s.push('\n');
        }
        for n in &d.footnotes {
            s.push_str(&n.text);
            s.push('\n');
        }
        s
    };
    let text = text_of(d);
    // Addresses of other documents.
    static URL: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let url_re =
        URL.get_or_init(|| regex::Regex::new(r"https?://[^\s<>()\]]+").expect("url pattern"));
    for m in url_re.find_iter(&text) {
        let u = m.as_str().trim_end_matches(['.', ',', ';']);
        if d.url.as_deref() == Some(u) {
            continue;
        }
        if let Some((_, other)) = corpus
            .docs
            .heads()
            .enumerate()
            .find(|(j, o)| *j != doc && o.url.as_deref().is_some_and(|x| x == u))
        {
            out.push(Link {
                kind: "cites".into(),
                target: Some(other.id.clone()),
                label: other.title.clone(),
                evidence: u.to_string(),
            });
        }
    }
    // References the edition made itself (TEI `ref/@target`): "block\ttarget\tlabel".
    for (k, v) in &d.extra_fields {
        if k != "ref" {
            continue;
        }
        let mut parts = v.splitn(3, '\t');
        let (Some(block), Some(target), Some(label)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let found = corpus
            .index_of(target)
            .and_then(|j| corpus.docs.head(j))
            .map(|o| o.id.clone());
        out.push(Link {
            kind: "ref".into(),
            label: if label.is_empty() {
                target.to_string()
            } else {
                label.to_string()
            },
            evidence: format!(
                "¶{block}: ref to {target}{}",
                if found.is_none() {
                    " (not in the corpus)"
                } else {
                    ""
                }
            ),
            target: found,
        });
    }
    // Draft and final.
    let (from, to) = (
        who(corpus, d.author.as_deref()),
        who(corpus, d.recipient.as_deref()),
    );
    if from.is_some() && to.is_some() {
        let mine = words(d);
        for (j, o) in corpus.docs.heads().enumerate() {
            if j == doc {
                continue;
            }
            let draft_pair = (d.kind == DocKind::Draft) != (o.kind == DocKind::Draft);
            if !draft_pair
                || who(corpus, o.author.as_deref()) != from
                || who(corpus, o.recipient.as_deref()) != to
            {
                continue;
            }
            let Some(gap) = d
                .date
                .as_deref()
                .zip(o.date.as_deref())
                .and_then(|(a, b)| days_between(a, b))
            else {
                continue;
            };
            if gap.abs() > 10 {
                continue;
            }
            // Only now, with a candidate in hand, is the other body read.
            let theirs = words(&corpus.docs[j]);
            let (draft_words, final_words) = if d.kind == DocKind::Draft {
                (mine.clone(), theirs)
            } else {
                (theirs, mine.clone())
            };
            // Containment either way: a final message may drop most of the draft ("[...]").
            let share = shared_text(&draft_words, &final_words)
                .max(shared_text(&final_words, &draft_words));
            if share < 0.3 {
                continue;
            }
            let kind = if d.kind == DocKind::Draft {
                "draft_of"
            } else {
                "final_of"
            };
            out.push(Link {
                kind: kind.into(),
                target: Some(o.id.clone()),
                label: o.title.clone(),
                evidence: format!(
                    "same sender ({}) and recipient ({}), {} day(s) apart, {:.0}% of the shorter text's four-word sequences in the other",
                    d.author.as_deref().unwrap_or(""),
                    d.recipient.as_deref().unwrap_or(""),
                    gap.abs(),
                    share * 100.0
                ),
            });
        }
    }
    // Replies: between messages actually sent (not drafts), sender and recipient swapped,
    // the later one saying it answers ("your letter of 3 May 1958", "in reply to"). A date
    // after the words picks the message; without one, the latest earlier message answers.
    let sent = |o: &crate::model::Document| o.kind != DocKind::Draft;
    if sent(d) && from.is_some() && to.is_some() {
        let swapped: Vec<(usize, i64)> = corpus
            .docs
            .heads()
            .enumerate()
            .filter(|(j, o)| {
                *j != doc
                    && sent(o)
                    && who(corpus, o.author.as_deref()) == to
                    && who(corpus, o.recipient.as_deref()) == from
            })
            .filter_map(|(j, o)| {
                let gap = d
                    .date
                    .as_deref()
                    .zip(o.date.as_deref())
                    .and_then(|(a, b)| days_between(a, b))?;
                (gap != 0 && gap.abs() <= 60).then_some((j, gap))
            })
            .collect();
        let cue_in = |t: &str| -> Option<(String, Option<String>)> {
            let lower = t.to_lowercase();
            // The first cue in the text.
            let (c, at) = REPLY_CUES
                .iter()
                .filter_map(|c| lower.find(c).map(|at| (*c, at)))
                .min_by_key(|&(_, at)| at)?;
            // Offsets into the original text only where lower-casing kept its length.
            let source = if lower.len() == t.len() {
                t
            } else {
                lower.as_str()
            };
            let mut rest = source.get(at + c.len()..).unwrap_or("").trim_start();
            for word in ["letter", "telegram", "cable", "message", "note"] {
                if let Some(r) = rest.strip_prefix(word) {
                    rest = r.trim_start();
                }
            }
            let rest = rest.strip_prefix("of").unwrap_or(rest).trim_start();
            let date = crate::dates::find_dates(rest)
                .into_iter()
                .find(|f| f.start == 0)
                .map(|f| f.iso);
            Some((c.to_string(), date))
        };
        // This document answers an earlier one.
        if let Some((cue, date)) = cue_in(&text) {
            let earlier: Vec<&(usize, i64)> = swapped.iter().filter(|(_, g)| *g < 0).collect();
            let target = match &date {
                Some(iso) => earlier.iter().find(|(j, _)| {
                    corpus.docs.head(*j).and_then(|o| o.date.as_deref()) == Some(iso.as_str())
                }),
                None => earlier.iter().max_by_key(|(_, g)| *g),
            };
            let found = target.and_then(|&&(j, gap)| Some((gap, corpus.docs.head(j)?)));
            if let Some((gap, o)) = found {
                out.push(Link {
                    kind: "reply_to".into(),
                    target: Some(o.id.clone()),
                    label: o.title.clone(),
                    evidence: format!(
                        "sender and recipient swapped, {} day(s) later; \"{cue}\"{}",
                        gap.abs(),
                        date.map(|d| format!(", naming the message of {d}"))
                            .unwrap_or_default()
                    ),
                });
            }
        }
        // Later documents that answer this one.
        for (j, gap) in swapped.iter().filter(|(_, g)| *g > 0) {
            let Some(o) = corpus.docs.head(*j) else {
                continue;
            };
            if explicit_replies(corpus, *j).as_deref() == Some(d.id.as_str()) {
                out.push(Link {
                    kind: "replied_by".into(),
                    target: Some(o.id.clone()),
                    label: o.title.clone(),
                    evidence: format!("answered {gap} day(s) later"),
                });
            }
        }
    }
    // Other dated messages it mentions: "cable to Kim II Sung on 8[7] October 1950".
    static MSG: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let msg_re = MSG.get_or_init(|| {
        regex::Regex::new(
            r"(?i)\b(cable|telegram|message|letter|note)\s+(to|from)\s+([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+(?:on|of|dated)\s+",
        )
        .expect("message pattern")
    });
    for caps in msg_re.captures_iter(&text) {
        let (Some(whole), Some(what), Some(dir), Some(name)) =
            (caps.get(0), caps.get(1), caps.get(2), caps.get(3))
        else {
            continue;
        };
        let rest = &text[whole.end()..];
        let Some(date) = crate::dates::find_dates(rest)
            .into_iter()
            .find(|f| f.start == 0)
        else {
            continue;
        };
        let person = who(corpus, Some(name.as_str()));
        let to_them = dir.as_str().eq_ignore_ascii_case("to");
        let found = corpus.docs.heads().enumerate().find(|(j, o)| {
            *j != doc
                && o.date.as_deref() == Some(date.iso.as_str())
                && if to_them {
                    who(corpus, o.recipient.as_deref()) == person
                } else {
                    who(corpus, o.author.as_deref()) == person
                }
        });
        let display = person
            .as_deref()
            .and_then(|id| corpus.gazetteer.get(id))
            .map(|e| e.name.clone())
            .unwrap_or_else(|| name.as_str().to_string());
        out.push(Link {
            kind: "mentions_message".into(),
            target: found.map(|(_, o)| o.id.clone()),
            label: format!(
                "{} {} {display}, {}{}",
                what.as_str().to_lowercase(),
                dir.as_str().to_lowercase(),
                date.iso,
                if found.is_none() {
                    " (not in the corpus)"
                } else {
                    ""
                }
            ),
            evidence: format!("{}{}", whole.as_str(), date.printed),
        });
    }
    out
}

/// The document that document `doc` says it answers, if any.
fn explicit_replies(corpus: &Corpus, doc: usize) -> Option<String> {
    let d = corpus.docs.get(doc)?;
    let lower: String = d
        .blocks
        .iter()
        .map(|b| b.text(crate::model::Reading::Redline))
        .collect::<Vec<_>>()
        .join("\n")
        .to_lowercase();
    if !REPLY_CUES.iter().any(|c| lower.contains(c)) {
        return None;
    }
    explicit(corpus, doc)
        .into_iter()
        .find(|l| l.kind == "reply_to")
        .and_then(|l| l.target)
}

/// Every link of a document: explicit ones, then shared entities, then chronology.
pub fn all(corpus: &Corpus, doc: usize) -> Vec<Link> {
    let mut out = explicit(corpus, doc);
    for r in related(corpus, doc, None).into_iter().take(10) {
        let names: Vec<String> = r
            .shared
            .iter()
            .take(5)
            .map(|id| {
                corpus
                    .gazetteer
                    .get(id)
                    .map(|e| e.name.clone())
                    .unwrap_or_else(|| id.clone())
            })
            .collect();
        let Some(o) = corpus.docs.head(r.doc) else {
            continue;
        };
        out.push(Link {
            kind: "related".into(),
            target: Some(o.id.clone()),
            label: o.title.clone(),
            evidence: format!("shares {}", names.join(", ")),
        });
    }
    let (prev, next) = neighbours(corpus, doc);
    for (kind, j) in [("previous", prev), ("next", next)] {
        if let Some(o) = j.and_then(|j| corpus.docs.head(j)) {
            out.push(Link {
                kind: kind.into(),
                target: Some(o.id.clone()),
                label: o.title.clone(),
                evidence: o.date.clone().unwrap_or_default(),
            });
        }
    }
    out
}
