//! Who speaks: speaker turns from printed labels, continuations across page breaks, narration,
//! headings, list items — and reported speech ("We said: … Stalin said: …") in records written
//! in the first person plural.

use super::labels::{self, Label};
use super::Para;
use crate::model::{BlockKind, Speaker};
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A block before its text is read into segments.
#[derive(Debug, Clone)]
pub struct Proto {
    /// What the block is.
    pub kind: BlockKind,
    /// The text to read into segments (speech without its label).
    pub text: String,
    /// Speaker of a turn.
    pub speaker: Option<Speaker>,
    /// Manner of a turn.
    pub manner: Option<String>,
    /// Speaker inferred rather than printed.
    pub inferred: bool,
    /// Continues the previous turn.
    pub continues: bool,
    /// Attribution of a context excerpt.
    pub attribution: Option<String>,
    /// Source line.
    pub line: usize,
    /// Text as printed.
    pub raw: String,
}

impl Proto {
    /// A block of the given kind holding a whole paragraph.
    pub fn of(kind: BlockKind, p: &Para) -> Proto {
        Proto {
            kind,
            text: p.text.clone(),
            speaker: None,
            manner: None,
            inferred: false,
            continues: false,
            attribution: None,
            line: p.line,
            raw: p.raw.clone(),
        }
    }
}

/// What the structurer knows about the document.
pub struct Context<'a> {
    /// Names of the participants found so far (title, correspondents).
    pub participants: &'a [String],
    /// The document's author, if known.
    pub author: Option<&'a str>,
    /// Whether the document is a record of conversation.
    pub conversation: bool,
    /// Whether the document declares that bracketed passages were deleted.
    pub brackets_delete: bool,
    /// Whether a name is a known person (the gazetteer, once loaded).
    pub is_person: &'a dyn Fn(&str) -> bool,
    /// Whether a name is a known non-person (an organization or place).
    pub is_non_person: &'a dyn Fn(&str) -> bool,
    /// Who holds an office title (`The Secretary`), where the participants list says.
    pub title_holder: &'a dyn Fn(&str) -> Option<String>,
    /// First lines of the paragraphs that are participants lists (attendance, not speech).
    pub listed: &'a [usize],
}

/// What structuring found, besides the blocks.
pub struct Structured {
    /// The blocks.
    pub blocks: Vec<Proto>,
    /// Warnings as (line, message).
    pub warnings: Vec<(usize, String)>,
    /// Speaker names, in order of first appearance.
    pub speakers: Vec<String>,
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with([
        '.', '?', '!', '"', '\u{201d}', ')', ']', ':', ';', '\u{2026}',
    ])
}

fn starts_lower(s: &str) -> bool {
    s.trim_start()
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_lowercase())
        || s.trim_start().starts_with("- ")
}

/// A list item's opening: `(1)`, `1)`, `(a)`, `a)`, `1.`.
fn is_list_item(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^\s*(?:\(\s*(?:\d{1,2}|[a-z]|[ivx]{1,4})\s*\)|(?:\d{1,2}|[a-z])\)|\d{1,2}\.\s)",
        )
        .expect("valid regex")
    })
    .is_match(s)
}

fn has_words(text: &str, words: &[&str]) -> bool {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| words.contains(&w.to_lowercase().as_str()))
}

/// Words of meeting procedure that mark a report of what happened.
const PROCEDURE: &[&str] = &[
    "break",
    "resumed",
    "adjourned",
    "recess",
    "interpreter",
    "interpreters",
    "interpreted",
    "translate",
    "translates",
    "translated",
    "recorded",
    "recorder",
    "present",
    "attended",
    "withdrew",
    "entered",
    "left",
    "ended",
    "concluded",
];

/// Verbs and words that open a signature, dispatch or publication line.
const DISPATCH: &[&str] = &[
    "signature",
    "signed",
    "dispatched",
    "sent",
    "received",
    "transmitted",
    "recorded",
    "printed",
    "published",
    "copied",
    "typed",
    "drafted",
    "approved",
    "respectfully",
    "sincerely",
];

/// Whether a paragraph is narration by its own form: a stage direction in parentheses, an
/// editor's note in brackets, an attendance list, or a signature or dispatch line.
fn narration_by_form(p: &str, near_end: bool, brackets_delete: bool) -> bool {
    let t = p.trim();
    if t.starts_with('(') && t.ends_with(')') && t.matches('(').count() == t.matches(')').count() {
        return true;
    }
    if let Some(close) = t.strip_prefix('[').and_then(|r| r.find(']')) {
        if !brackets_delete && t[1..close + 1].split_whitespace().count() >= 8 {
            return true;
        }
    }
    let lower = t.to_lowercase();
    if lower.starts_with("present")
        || lower.contains(" were present")
        || lower.starts_with("also present")
        || lower.starts_with("in attendance")
    {
        return true;
    }
    // Skip a leading bracketed remark (`[Handwritten] Dispatched …`).
    let body = match t.strip_prefix('[').and_then(|r| r.find(']')) {
        Some(close) if close < 30 => t[close + 2..].trim_start(),
        _ => t,
    };
    let first = body
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    if DISPATCH.contains(&first.as_str()) {
        return true;
    }
    if near_end && t.len() <= 120 {
        let dated = crate::dates::find_dates(t)
            .iter()
            .any(|d| d.iso.len() == 10);
        let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
        let caps = !letters.is_empty()
            && letters.iter().all(|c| c.is_uppercase())
            && t.split_whitespace().count() <= 3;
        if dated && !ends_sentence_with_period(t) || caps {
            return true;
        }
    }
    false
}

fn ends_sentence_with_period(t: &str) -> bool {
    t.ends_with('.') && t.split_whitespace().count() > 6
}

/// Whether an unlabeled paragraph inside a transcript reports what happened rather than
/// continuing the previous speech.
fn narration_in_transcript(p: &str) -> bool {
    let t = p.trim();
    let addressed = has_words(t, &["you", "your", "we", "us", "our", "yours", "ours"]);
    if addressed {
        return false;
    }
    let opener = ["The ", "After ", "At ", "Then ", "During ", "Later "]
        .iter()
        .any(|o| t.starts_with(o));
    opener || has_words(t, PROCEDURE)
}

/// Whether a paragraph is a heading or address line near the top of the body.
fn heading_like(p: &Para) -> bool {
    let t = p.text.trim();
    if crate::dates::date_only(t).is_some() || super::fields::dateline_place(t).is_some() {
        return true;
    }
    if t.len() <= 60
        && crate::dates::find_dates(t)
            .first()
            .is_some_and(|d| d.start == 0)
    {
        return true;
    }
    if t.len() <= 120 {
        let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() >= 6
            && letters.iter().filter(|c| c.is_uppercase()).count() * 10 >= letters.len() * 7
        {
            return true;
        }
    }
    if t.contains('\n')
        && t.lines()
            .all(|l| l.len() <= 60 && !l.trim_end().ends_with('.'))
    {
        return true;
    }
    (t.len() <= 60 && (t.ends_with(':') || t.ends_with(',')) && t.split_whitespace().count() <= 6)
        && t.chars().next().is_some_and(char::is_uppercase)
}

/// What was decided about the labels of a run of paragraphs.
struct Decision {
    /// The label each paragraph opens with, if any.
    labels: Vec<Option<Label>>,
    /// Whether that label names a speaker.
    accepted: Vec<bool>,
    /// Misprinted labels and the speaker they stand for.
    misprinted: HashMap<String, String>,
    /// Whether the paragraphs read as a transcript (most of them labelled).
    transcript: bool,
    /// Warnings as (line, message).
    warnings: Vec<(usize, String)>,
}

/// Whether a label could name a speaker by its shape: a personal name or an office title, not
/// a word of header vocabulary. A label alone on its line must be followed by speech.
fn label_shaped(l: &Label, next: Option<&Label>, has_next: bool) -> bool {
    if !labels::name_shaped(&l.name) || labels::not_a_speaker(&l.name) {
        return false;
    }
    l.has_rest || (has_next && next.is_none_or(|n| !labels::name_shaped(&n.name)))
}

/// Decide for every paragraph's label whether it names a speaker.
fn decide(paras: &[Para], ctx: &Context<'_>) -> Decision {
    let labels: Vec<Option<Label>> = paras.iter().map(|p| labels::parse(&p.text)).collect();
    let shaped: Vec<bool> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            l.as_ref().is_some_and(|l| {
                label_shaped(
                    l,
                    labels.get(i + 1).and_then(Option::as_ref),
                    i + 1 < paras.len(),
                )
            })
        })
        .collect();
    let labelled = shaped.iter().filter(|&&s| s).count();
    let transcript = labelled >= 3 && labelled * 3 >= paras.len();

    let mut counts: HashMap<String, usize> = HashMap::new();
    for (i, l) in labels.iter().enumerate() {
        if let Some(l) = l {
            if l.has_rest || shaped[i] {
                *counts.entry(l.name.clone()).or_insert(0) += 1;
            }
        }
    }

    let participant = |name: &str| {
        ctx.participants
            .iter()
            .any(|p| labels::same_person(p, name))
    };
    let mut warnings = Vec::new();
    let mut warned: Vec<String> = Vec::new();

    // A label printed once, one misprint away from a speaker printed at least three times, and
    // not a known person in its own right, is that speaker misprinted ("Stailn" for "Stalin").
    let mut misprinted: HashMap<String, String> = HashMap::new();
    for (name, _) in counts.iter().filter(|(_, &c)| c == 1) {
        if participant(name) || (ctx.is_person)(name) {
            continue;
        }
        let near: Vec<&String> = counts
            .iter()
            .filter(|(other, &c)| c >= 3 && labels::one_misprint_apart(name, other))
            .map(|(other, _)| other)
            .collect();
        if let [one] = near.as_slice() {
            misprinted.insert(name.clone(), (*one).clone());
        }
    }

    let mut accepted: Vec<bool> = Vec::with_capacity(paras.len());
    for (i, l) in labels.iter().enumerate() {
        if let Some(right) = l.as_ref().and_then(|l| misprinted.get(&l.name)) {
            if labels::name_shaped(right) && l.as_ref().is_some_and(|l| l.has_rest) {
                warnings.push((
                    paras[i].line,
                    format!(
                        "speaker label '{}' read as '{right}' (a misprint?)",
                        l.as_ref().map(|l| l.name.as_str()).unwrap_or_default()
                    ),
                ));
                accepted.push(true);
                continue;
            }
        }
        let ok = match l {
            Some(l) if shaped[i] => {
                let holder = l.title_only && (ctx.title_holder)(&l.name).is_some();
                let known = participant(&l.name) || (ctx.is_person)(&l.name) || holder;
                let non_person = (ctx.is_non_person)(&l.name) && !known;
                let single = l.name.split_whitespace().count() == 1;
                let count = counts.get(&l.name).copied().unwrap_or(0);
                // Capitals with a full stop, or a label alone, must repeat to be guessed.
                let weak = single || l.style == labels::Style::CapsStop || !l.has_rest;
                let guessed = transcript && !non_person && (!weak || count >= 2);
                if guessed && !known && !l.title_only && !warned.contains(&l.name) {
                    warned.push(l.name.clone());
                    warnings.push((
                        paras[i].line,
                        format!(
                            "speaker '{}' is not a participant or known person; kept as a speaker (add them to the gazetteer)",
                            l.name
                        ),
                    ));
                }
                known && !non_person || guessed
            }
            _ => false,
        };
        accepted.push(ok);
    }
    Decision {
        labels,
        accepted,
        misprinted,
        transcript,
        warnings,
    }
}

/// Whether a line inside a paragraph opens with something shaped like a speaker label, so it
/// may start a turn of its own (turns on single lines, no blank line between them).
fn opens_with_label(line: &str) -> bool {
    let t = super::paragraphs::line_text(line);
    labels::parse(t.trim_start())
        .is_some_and(|l| labels::name_shaped(&l.name) && !labels::not_a_speaker(&l.name))
}

/// Split paragraphs at every line that opens with a label; each piece says whether it was cut
/// from the piece before it.
fn split_at_label_lines(paras: &[Para]) -> Vec<(Para, bool)> {
    let mut out = Vec::with_capacity(paras.len());
    for p in paras {
        let lines: Vec<&str> = p.raw.lines().collect();
        if lines.len() < 2 {
            out.push((p.clone(), false));
            continue;
        }
        let cuts: Vec<usize> = (1..lines.len())
            .filter(|&k| opens_with_label(lines[k]))
            .collect();
        if cuts.is_empty() {
            out.push((p.clone(), false));
            continue;
        }
        let mut from = 0;
        for &k in cuts.iter().chain(std::iter::once(&lines.len())) {
            out.push((
                super::paragraphs::from_lines(&lines[from..k], p.line + from),
                from > 0,
            ));
            from = k;
        }
    }
    out
}

/// Join `b` to the end of `a`: one paragraph again.
fn append(a: &mut Para, b: &Para, blank: bool) {
    a.text.push(' ');
    a.text.push_str(&b.text);
    a.raw.push_str(if blank { "\n\n" } else { "\n" });
    a.raw.push_str(&b.raw);
}

/// The paragraphs as read for speakers: lines that open with an accepted label start a turn of
/// their own (a line whose label is not a speaker stays inside its paragraph), and a label
/// alone with its speech in the paragraph after it makes one turn with it.
fn turn_paragraphs(paras: &[Para], ctx: &Context<'_>) -> (Vec<Para>, Decision) {
    let pieces = split_at_label_lines(paras);
    let mut paras: Vec<Para> = if pieces.iter().any(|(_, cut)| *cut) {
        let list: Vec<Para> = pieces.iter().map(|(p, _)| p.clone()).collect();
        let d = decide(&list, ctx);
        let mut out: Vec<Para> = Vec::with_capacity(list.len());
        for (k, (p, cut)) in pieces.into_iter().enumerate() {
            match out.last_mut() {
                Some(prev) if cut && !d.accepted[k] => append(prev, &p, false),
                _ => out.push(p),
            }
        }
        out
    } else {
        pieces.into_iter().map(|(p, _)| p).collect()
    };
    let mut d = decide(&paras, ctx);
    let alone: Vec<bool> = (0..paras.len())
        .map(|i| {
            d.accepted[i]
                && d.labels[i].as_ref().is_some_and(|l| !l.has_rest)
                && i + 1 < paras.len()
                && !d.accepted[i + 1]
        })
        .collect();
    if alone.iter().any(|&a| a) {
        let mut out: Vec<Para> = Vec::with_capacity(paras.len());
        let mut i = 0;
        while i < paras.len() {
            let mut p = paras[i].clone();
            if alone[i] {
                append(&mut p, &paras[i + 1], true);
                i += 1;
            }
            out.push(p);
            i += 1;
        }
        paras = out;
        d = decide(&paras, ctx);
    }
    (paras, d)
}

/// Structure a body's paragraphs into blocks.
pub fn structure(paras: &[Para], ctx: &Context<'_>) -> Structured {
    let (paras, d) = turn_paragraphs(paras, ctx);
    let paras = paras.as_slice();
    let Decision {
        labels,
        accepted,
        misprinted,
        transcript,
        mut warnings,
    } = d;
    let mut speakers: Vec<String> = Vec::new();

    let reported = !transcript && ctx.conversation;
    let mut blocks: Vec<Proto> = Vec::new();
    let mut seen_turn = false;
    let n = paras.len();
    for (i, p) in paras.iter().enumerate() {
        let near_end = i + 4 >= n;
        let prev_turn = blocks.last().filter(|b| b.kind == BlockKind::Turn).cloned();
        if ctx.listed.contains(&p.line) {
            let kind = if heading_like(p) && !p.text.contains(',') {
                BlockKind::Heading
            } else {
                BlockKind::Narration
            };
            blocks.push(Proto::of(kind, p));
            continue;
        }
        if accepted[i] {
            let Some(l) = labels[i].as_ref() else {
                continue;
            };
            let held = if l.title_only {
                (ctx.title_holder)(&l.name)
            } else {
                None
            };
            let name = held
                .as_ref()
                .or_else(|| misprinted.get(&l.name))
                .unwrap_or(&l.name);
            if !speakers.iter().any(|s| s == name) {
                speakers.push(name.clone());
            }
            blocks.push(Proto {
                kind: BlockKind::Turn,
                text: p.text[l.rest_at..].to_string(),
                speaker: Some(Speaker {
                    id: None,
                    name: name.clone(),
                    label: l.printed.clone(),
                }),
                manner: l.manner.clone(),
                inferred: false,
                continues: false,
                attribution: None,
                line: p.line,
                raw: p.raw.clone(),
            });
            seen_turn = true;
            continue;
        }
        // A page break mid-sentence continues whatever came before, turn or not.
        let broken = i > 0 && (!ends_sentence(&paras[i - 1].text) || starts_lower(&p.text));
        if let Some(prev) = prev_turn.as_ref().filter(|_| broken) {
            let prev = prev.clone();
            blocks.push(continuation(&prev, p));
            continue;
        }
        if narration_by_form(&p.text, near_end, ctx.brackets_delete) {
            blocks.push(Proto::of(BlockKind::Narration, p));
            continue;
        }
        if !seen_turn && !reported {
            if heading_like(p) && i < 4 {
                blocks.push(Proto::of(BlockKind::Heading, p));
            } else if transcript {
                blocks.push(Proto::of(BlockKind::Narration, p));
            } else if is_list_item(&p.text) {
                blocks.push(Proto::of(BlockKind::List, p));
            } else {
                blocks.push(Proto::of(BlockKind::Paragraph, p));
            }
            continue;
        }
        if transcript {
            if let Some(prev) = prev_turn {
                if narration_in_transcript(&p.text) {
                    blocks.push(Proto::of(BlockKind::Narration, p));
                } else {
                    blocks.push(continuation(&prev, p));
                }
                continue;
            }
            blocks.push(Proto::of(BlockKind::Narration, p));
            continue;
        }
        if reported {
            blocks.push(Proto::of(BlockKind::Paragraph, p));
            continue;
        }
        if is_list_item(&p.text) {
            blocks.push(Proto::of(BlockKind::List, p));
        } else if heading_like(p) && i < 4 {
            blocks.push(Proto::of(BlockKind::Heading, p));
        } else {
            blocks.push(Proto::of(BlockKind::Paragraph, p));
        }
    }

    if reported {
        let (split, mut w, names) = super::reported::split(blocks, ctx);
        blocks = split;
        warnings.append(&mut w);
        for name in names {
            if !speakers.contains(&name) {
                speakers.push(name);
            }
        }
    }
    Structured {
        blocks,
        warnings,
        speakers,
    }
}

fn continuation(prev: &Proto, p: &Para) -> Proto {
    Proto {
        kind: BlockKind::Turn,
        text: p.text.clone(),
        speaker: prev.speaker.clone(),
        manner: None,
        inferred: true,
        continues: true,
        attribution: None,
        line: p.line,
        raw: p.raw.clone(),
    }
}
