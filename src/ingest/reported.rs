//! Reported speech in records of conversation written by one delegation: "We said: … Having
//! listened this far, Stalin said: … He also said: …".
//!
//! A speech tag is a subject (we, he, she, or a participant's name, with an optional honorific)
//! and a verb of speaking, then a colon, at the start of a sentence (an introductory clause may
//! come first). "We" is the author's delegation, and its turns go to the head of it: the author,
//! else the participant the record never names as a speaker. "He"/"she" is the last named
//! speaker. A tag whose subject is nobody at the table ("the Americans asked us:", "I answered
//! them:") is a quotation inside the current turn and is not split.

use super::dialogue::{Context, Proto};
use super::labels;
use crate::model::{BlockKind, Speaker};
use regex::Regex;
use std::sync::OnceLock;

fn tag_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?P<subject>\b(?:[Ww]e|[Hh]e|[Ss]he|(?:(?:Comrade|Comrades|Cde\.|Mr\.|Mrs\.|Ms\.|Premier|Chairman|President|Marshal|General|Ambassador|Minister|Secretary)\s+)?(?P<name>[A-Z][\w'\u{2019}\-]+(?:\s+[A-Z][\w'\u{2019}\-]+){0,2})))\s+(?:also\s+|then\s+|again\s+|further\s+|immediately\s+|once\s+more\s+)?(?P<verb>said|says|answered|answers|replied|replies|asked|asks|continued|added|remarked|noted|stated|declared|responded|objected|observed|explained|interjected|insisted|suggested|proposed|emphasized|stressed|agreed)(?:\s+(?:us|him|her|them|me|to\s+us|to\s+him))?\s*:\s",
        )
        .expect("valid regex")
    })
}

/// Where the sentence holding byte `at` starts: after the last `. `/`? `/`! ` before it,
/// provided the introductory part is short and has no colon.
fn sentence_start(text: &str, at: usize) -> Option<usize> {
    let before = &text[..at];
    let start = before
        .char_indices()
        .rev()
        .find(|&(i, c)| matches!(c, '.' | '?' | '!') && before[i + c.len_utf8()..].starts_with(' '))
        .map_or(0, |(i, c)| i + c.len_utf8() + 1);
    let intro = &before[start..];
    (intro.len() <= 80 && !intro.contains(':')).then_some(start)
}

struct Tag {
    start: usize,
    subject: String,
    name: Option<String>,
}

/// Split paragraphs of a reported-speech record into turns. Returns the blocks, warnings and
/// the speakers named.
pub fn split(
    blocks: Vec<Proto>,
    ctx: &Context<'_>,
) -> (Vec<Proto>, Vec<(usize, String)>, Vec<String>) {
    let participant = |name: &str| {
        ctx.participants
            .iter()
            .any(|p| labels::same_person(p, name))
    };
    // Which participants are named as speakers anywhere?
    let mut named: Vec<String> = Vec::new();
    let mut tags_total = 0;
    for b in blocks.iter().filter(|b| b.kind == BlockKind::Paragraph) {
        for c in tag_re().captures_iter(&b.text) {
            let Some(subject) = c.name("subject") else {
                continue;
            };
            if sentence_start(&b.text, subject.start()).is_none() {
                continue;
            }
            if let Some(name) = c.name("name") {
                let n = name.as_str();
                if participant(n) || (ctx.is_person)(n) {
                    tags_total += 1;
                    if !named.iter().any(|x| labels::same_person(x, n)) {
                        named.push(n.to_string());
                    }
                }
            } else {
                tags_total += 1;
            }
        }
    }
    if tags_total < 2 {
        return (blocks, Vec::new(), Vec::new());
    }
    let head = ctx.author.map(str::to_string).or_else(|| {
        ctx.participants
            .iter()
            .find(|p| !named.iter().any(|n| labels::same_person(n, p)))
            .cloned()
    });
    let mut warnings = Vec::new();
    let mut speakers = Vec::new();
    let mut out = Vec::new();
    let mut last_named: Option<String> = None;
    let mut warned_we = false;
    for b in blocks {
        if b.kind != BlockKind::Paragraph {
            out.push(b);
            continue;
        }
        let mut tags: Vec<Tag> = Vec::new();
        for c in tag_re().captures_iter(&b.text) {
            let Some(subject) = c.name("subject") else {
                continue;
            };
            let Some(start) = sentence_start(&b.text, subject.start()) else {
                continue;
            };
            let subj = subject.as_str().to_string();
            let name = match c.name("name") {
                Some(n) if participant(n.as_str()) || (ctx.is_person)(n.as_str()) => {
                    Some(n.as_str().to_string())
                }
                Some(_) => continue,
                None => None,
            };
            tags.push(Tag {
                start,
                subject: subj,
                name,
            });
        }
        if tags.is_empty() {
            out.push(b);
            continue;
        }
        if tags[0].start > 0 {
            let mut pre = b.clone();
            pre.text = b.text[..tags[0].start].trim_end().to_string();
            pre.raw = pre.text.clone();
            out.push(pre);
        }
        for (k, tag) in tags.iter().enumerate() {
            let end = tags.get(k + 1).map_or(b.text.len(), |t| t.start);
            let text = b.text[tag.start..end].trim_end().to_string();
            let lower = tag.subject.to_lowercase();
            let (name, label) = if lower == "we" {
                match &head {
                    Some(h) => (h.clone(), tag.subject.clone()),
                    None => {
                        if !warned_we {
                            warnings.push((
                                b.line,
                                "\"we\" speaks, but the head of the delegation is unknown"
                                    .to_string(),
                            ));
                            warned_we = true;
                        }
                        ("We".to_string(), tag.subject.clone())
                    }
                }
            } else if lower == "he" || lower == "she" {
                match &last_named {
                    Some(n) => (n.clone(), tag.subject.clone()),
                    None => {
                        warnings.push((
                            b.line,
                            format!("\"{}\" speaks before anyone is named", tag.subject),
                        ));
                        (tag.subject.clone(), tag.subject.clone())
                    }
                }
            } else {
                let n = tag.name.clone().unwrap_or_else(|| tag.subject.clone());
                last_named = Some(n.clone());
                (n, tag.subject.clone())
            };
            if !speakers.contains(&name) {
                speakers.push(name.clone());
            }
            out.push(Proto {
                kind: BlockKind::Turn,
                raw: text.clone(),
                text,
                speaker: Some(Speaker {
                    id: None,
                    name,
                    label,
                }),
                manner: None,
                inferred: true,
                continues: false,
                attribution: None,
                line: b.line,
            });
        }
    }
    (out, warnings, speakers)
}
