//! Plain-text files, which may hold a collection: a collection title and introduction, then
//! several documents, each opening with a title line.
//!
//! A document title is a short line without closing punctuation that names a kind of record
//! (telegram, message, memorandum, …) and carries a date, or is followed by a line that is only a
//! date. A title that breaks off inside a parenthesis or on a connecting word continues on the
//! next paragraph. Everything before the first title is the collection's preamble: its first
//! line the collection title, a `From …` line its source, the rest its introduction.

use super::{fields, paragraphs, Draft, Para};
use crate::dates::{self, FoundDate};
use crate::model::{SourceFormat, StatedDate};

/// Whether a paragraph is shaped like a title (short, one line, no closing punctuation).
fn title_shaped(p: &Para) -> bool {
    let t = p.text.trim();
    let words = t.split_whitespace().count();
    !t.contains('\n')
        && (1..=40).contains(&words)
        && t.len() <= 300
        && t.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
        && !t.ends_with(['.', ':', ';', ',', '!', '?', '"', '\u{201d}'])
}

/// Whether a title breaks off and continues on the next paragraph.
fn title_continues(title: &str, next: Option<&Para>) -> bool {
    let Some(next) = next else { return false };
    let t = title.trim_end();
    let opens = t.matches('(').count() > t.matches(')').count()
        || t.matches('[').count() > t.matches(']').count();
    let last = t.rsplit(' ').next().unwrap_or("");
    let dangling = matches!(
        last,
        "and" | "or" | "of" | "the" | "to" | "from" | "with" | "by" | "in" | "on" | "for" | "a"
    );
    let next_lower = next.text.chars().next().is_some_and(char::is_lowercase);
    (opens || dangling) && next_lower && next.text.len() <= 300 && !next.text.contains('\n')
}

/// A document title at `i`, as (title text, number of paragraphs it spans).
fn title_at(paras: &[Para], i: usize) -> Option<(String, usize)> {
    let p = &paras[i];
    if !title_shaped(p) && !title_continues(&p.text, paras.get(i + 1)) {
        return None;
    }
    let mut title = p.text.trim().to_string();
    let mut span = 1;
    if title_continues(&title, paras.get(i + 1)) {
        title.push(' ');
        title.push_str(paras[i + 1].text.trim());
        span = 2;
    }
    if !fields::names_a_record(&title) {
        return None;
    }
    let dated = !dates::find_dates(&title).is_empty()
        || paras
            .get(i + span)
            .is_some_and(|n| dates::date_only(&n.text).is_some());
    dated.then_some((title, span))
}

/// Split a plain-text file into draft documents.
pub fn parse(file: &str, text: &str) -> Vec<Draft> {
    let lines: Vec<&str> = text.lines().collect();
    let paras = paragraphs::split_reflowed(&lines, 1);
    let mut starts: Vec<(usize, String, usize)> = Vec::new();
    let mut i = 0;
    while i < paras.len() {
        if let Some((title, span)) = title_at(&paras, i) {
            starts.push((i, title, span));
            i += span;
        } else {
            i += 1;
        }
    }

    if starts.is_empty() {
        return vec![single(file, text, &paras)];
    }

    // The preamble before the first title: collection title, source, introduction.
    let first = starts[0].0;
    let mut collection_title = None;
    let mut collection_note = None;
    let mut preamble_warn = None;
    if first > 0 {
        let pre = &paras[..first];
        let mut rest = pre;
        if title_shaped(&pre[0]) {
            collection_title = Some(pre[0].text.trim().to_string());
            rest = &pre[1..];
        }
        let note = rest
            .iter()
            .map(|p| p.text.trim())
            .collect::<Vec<_>>()
            .join("\n\n");
        if !note.is_empty() {
            collection_note = Some(note);
        }
        if collection_title.is_none() {
            preamble_warn = Some(pre[0].line);
        }
    }

    let mut drafts = Vec::new();
    for (k, (start, title, span)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(paras.len(), |s| s.0);
        let mut d = Draft::new(file, SourceFormat::Plain, paras[*start].line);
        d.doc.title = title.clone();
        d.doc.collection_title = collection_title.clone();
        d.doc.collection_note = collection_note.clone();
        d.paras = paras[start + span..end].to_vec();
        d.doc.raw = raw_between(&lines, paras[*start].line, paras.get(end).map(|p| p.line));
        if let Some(line) = preamble_warn {
            d.warn(
                line,
                "text before the first document has no title; kept as the collection note",
            );
        }
        fill_from_title(&mut d);
        settle_dates(&mut d);
        drafts.push(d);
    }
    drafts
}

/// The raw text of lines `from` (1-based) up to before line `to`.
fn raw_between(lines: &[&str], from: usize, to: Option<usize>) -> String {
    let a = from.saturating_sub(1).min(lines.len());
    let b = to
        .map_or(lines.len(), |t| t.saturating_sub(1))
        .clamp(a, lines.len());
    lines[a..b].join("\n").trim_end().to_string()
}

/// A file with no recognizable title: one document, titled by its first line if that is
/// title-shaped, else by the file name.
fn single(file: &str, text: &str, paras: &[Para]) -> Draft {
    let first_line = paras.first().map_or(1, |p| p.line);
    let mut d = Draft::new(file, SourceFormat::Plain, first_line);
    d.doc.raw = text.to_string();
    let mut body = paras.to_vec();
    if let Some(p) = paras.first().filter(|p| title_shaped(p) && paras.len() > 1) {
        d.doc.title = p.text.trim().to_string();
        body.remove(0);
    } else {
        let stem = std::path::Path::new(file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.to_string());
        d.doc.title = stem;
        d.warn(first_line, "no title found; titled by the file name");
    }
    d.paras = body;
    fill_from_title(&mut d);
    settle_dates(&mut d);
    d
}

/// Kind, author, recipient and participants from the title.
fn fill_from_title(d: &mut Draft) {
    d.doc.kind = fields::kind_from_title(&d.doc.title);
    let (a, r) = fields::from_to(&d.doc.title);
    d.doc.author = a;
    d.doc.recipient = r;
}

fn stated(found: &FoundDate, source: &str) -> StatedDate {
    StatedDate {
        date: found.iso.clone(),
        printed: found.printed.clone(),
        source: source.to_string(),
    }
}

/// Whether most letters of a line are capitals (an address line such as `TO PARIS, FOR X`).
fn mostly_capitals(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 6
        && letters.iter().filter(|c| c.is_uppercase()).count() * 10 >= letters.len() * 7
}

/// Collect the dates a document states (title, dateline, address line, signature) and choose
/// the date of writing: the signature's, else the dateline's, else the title's, else the
/// address line's. Different dates are kept and warned about.
fn settle_dates(d: &mut Draft) {
    let mut found: Vec<StatedDate> = Vec::new();
    let mut uncertain_line = None;
    if let Some(t) = dates::find_dates(&d.doc.title)
        .into_iter()
        .find(|f| f.iso.len() == 10)
    {
        found.push(stated(&t, "title"));
    } else if let Some(t) = dates::find_dates(&d.doc.title).into_iter().next() {
        found.push(stated(&t, "title"));
    }
    for p in d.paras.iter().take(3) {
        if let Some(f) = dates::date_only(&p.text) {
            if f.uncertain {
                uncertain_line = Some(p.line);
            }
            found.push(stated(&f, "dateline"));
            break;
        }
        if p.text.len() <= 120 && mostly_capitals(&p.text) {
            if let Some(f) = dates::find_dates(&p.text)
                .into_iter()
                .find(|f| f.iso.len() == 10)
            {
                found.push(stated(&f, "address"));
            }
        }
    }
    let tail_from = d.paras.len().saturating_sub(4);
    for p in d.paras[tail_from..].iter().rev() {
        let t = p.text.trim();
        if t.len() <= 100 && !t.ends_with('.') {
            if let Some(f) = dates::find_dates(t)
                .into_iter()
                .rev()
                .find(|f| f.iso.len() == 10)
            {
                found.push(stated(&f, "signature"));
                break;
            }
        }
    }
    let rank = |s: &str| match s {
        "signature" => 0,
        "dateline" => 1,
        "title" => 2,
        _ => 3,
    };
    let Some(best) = found.iter().min_by_key(|s| rank(&s.source)).cloned() else {
        d.warn(d.doc.source_line, "no date found");
        return;
    };
    d.doc.date = Some(best.date.clone());
    d.doc.date_printed = Some(best.printed.clone());
    if let Some(line) = uncertain_line {
        d.warn(line, format!("uncertain date as printed: {}", best.printed));
    }
    for other in &found {
        let agrees = best.date.starts_with(&other.date) || other.date.starts_with(&best.date);
        if !agrees && !d.doc.other_dates.iter().any(|o| o.date == other.date) {
            let line = d.doc.source_line;
            d.warn(
                line,
                format!(
                    "document states two dates: {} ({}) and {} ({}); the date of writing {} is used",
                    best.printed, best.source, other.printed, other.source, best.date
                ),
            );
            d.doc.other_dates.push(other.clone());
        }
    }
    d.stated_dates = found;
}
