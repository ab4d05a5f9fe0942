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
use crate::model::{Furniture, SourceFormat, StatedDate};

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
    // Dated in the title, on the line after it, or (as archives' web pages print it) on the
    // line before it.
    let dated = !dates::find_dates(&title).is_empty()
        || paras
            .get(i + span)
            .is_some_and(|n| dates::date_only(&n.text).is_some())
        || i > 0
            && dates::date_only(&paras[i - 1].text).is_some()
            && !title.contains(". ")
            && !title.contains('<')
            && title.split_whitespace().count() <= 25;
    dated.then_some((title, span))
}

/// A title as printed, without the edition's document number in front (`136. `) and the note
/// markers glued to its end (`Conversation0`, `p.m.1 2`, `Johnson/1/`, `State 47`): (title,
/// number).
pub(crate) fn clean_title(title: &str) -> (String, Option<String>) {
    let mut t = title.trim();
    let mut number = None;
    if let Some((n, rest)) = t.split_once(". ") {
        if !n.is_empty()
            && n.len() <= 4
            && n.chars().all(|c| c.is_ascii_digit())
            && !rest.is_empty()
        {
            number = Some(n.to_string());
            t = rest.trim_start();
        }
    }
    let mut t = t.to_string();
    // `/1/` markers.
    while let Some(head) = t.strip_suffix('/') {
        match head.rfind('/') {
            Some(at)
                if head[at + 1..].chars().all(|c| c.is_ascii_digit()) && at + 1 < head.len() =>
            {
                t = head[..at].trim_end().to_string();
            }
            _ => break,
        }
    }
    // Digits glued to the last word or to a full stop, then any more space-separated markers.
    loop {
        let trimmed = t.trim_end();
        let digits: String = trimmed
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if digits.is_empty() || digits.len() > 2 {
            break;
        }
        let head = &trimmed[..trimmed.len() - digits.len()];
        let glued = head.ends_with(|c: char| c.is_alphabetic() || c == '.');
        let spaced = head.ends_with(' ') && {
            let before = head.trim_end();
            let word = before
                .rsplit(' ')
                .next()
                .unwrap_or("")
                .trim_end_matches('.')
                .to_lowercase();
            let numbering = matches!(
                word.as_str(),
                "no" | "number"
                    | "document"
                    | "doc"
                    | "vol"
                    | "volume"
                    | "page"
                    | "p"
                    | "pp"
                    | "item"
                    | "part"
                    | "chapter"
                    | "section"
                    | "article"
                    | "annex"
                    | "appendix"
                    | "d"
            );
            // Only a marker after another marker or after a word that closes the title.
            let after_marker = before.ends_with(|c: char| c.is_ascii_digit())
                && before.rsplit(' ').next().is_some_and(|w| {
                    w.len() <= 2
                        || w.ends_with(|c: char| c.is_ascii_digit())
                            && w.chars().any(char::is_alphabetic)
                });
            let dated_end = dates::find_dates(trimmed)
                .last()
                .is_some_and(|d| trimmed.len() - d.start <= d.printed.len() + 1);
            !numbering
                && !dated_end
                && (after_marker || before.ends_with(|c: char| c.is_alphabetic()))
        };
        if !(glued || spaced) {
            break;
        }
        // A year or a date ending the title is not a marker ("May 4", "1950").
        if glued && head.ends_with(|c: char| c.is_alphabetic()) {
            let word: String = head
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .collect();
            if word.chars().count() < 3 {
                break;
            }
        }
        t = head.trim_end().to_string();
    }
    (t, number)
}

/// A citation in the archives' style: `"Title," Date, Archive, …` — its title.
fn citation_title(text: &str) -> Option<String> {
    let t = text.trim();
    let open = t.chars().next().filter(|c| matches!(c, '"' | '\u{201c}'))?;
    let rest = &t[open.len_utf8()..];
    let close = rest.find(['"', '\u{201d}'])?;
    let title = rest[..close].trim().trim_end_matches(',').trim();
    let after = &rest[close..];
    let words = title.split_whitespace().count();
    let dated = !dates::find_dates(after).is_empty();
    ((3..=60).contains(&words) && dated).then(|| title.to_string())
}

/// Runs of furniture lines, as the document keeps them.
pub(crate) fn furniture_runs(lines: &[&str], marks: &[Option<&'static str>]) -> Vec<Furniture> {
    let mut out: Vec<Furniture> = Vec::new();
    let mut open = false;
    for (i, (line, mark)) in lines.iter().zip(marks).enumerate() {
        match mark {
            Some(cue) => {
                match out.last_mut().filter(|_| open) {
                    Some(f) => {
                        f.text.push('\n');
                        f.text.push_str(line);
                        if !f.cue.split(", ").any(|c| c == *cue) {
                            f.cue.push_str(", ");
                            f.cue.push_str(cue);
                        }
                    }
                    None => out.push(Furniture {
                        line: i + 1,
                        text: line.to_string(),
                        cue: cue.to_string(),
                    }),
                }
                open = true;
            }
            None => open = false,
        }
    }
    out
}

/// Split a plain-text file into draft documents.
pub fn parse(file: &str, text: &str) -> Vec<Draft> {
    let lines: Vec<&str> = text.lines().collect();
    let marks = super::furniture::mark(&lines);
    let masked: Vec<&str> = lines
        .iter()
        .zip(&marks)
        .map(|(l, m)| if m.is_some() { "" } else { *l })
        .collect();
    let furniture = furniture_runs(&lines, &marks);
    let mut drafts = parse_paras(file, text, &masked);
    // Each document keeps the furniture of its own span; what stands before the first goes
    // with the first.
    for f in furniture {
        let k = drafts
            .iter()
            .rposition(|d| d.doc.source_line <= f.line)
            .unwrap_or(0);
        if let Some(d) = drafts.get_mut(k) {
            d.doc.furniture.push(f);
        }
    }
    drafts
}

fn parse_paras(file: &str, text: &str, lines: &[&str]) -> Vec<Draft> {
    let paras = paragraphs::split_reflowed(lines, 1);
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

    // Dates alone before a single record's title are its own (a web page prints the date
    // above the title), not a collection's preamble.
    let first = starts[0].0;
    let leading_dates = first > 0
        && paras[..first]
            .iter()
            .all(|p| dates::date_only(&p.text).is_some());
    let first = if leading_dates { 0 } else { first };
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
        let from = if k == 0 { first.min(*start) } else { *start };
        let mut d = Draft::new(file, SourceFormat::Plain, paras[from].line);
        let (title, number) = clean_title(title);
        d.doc.title = title;
        if let Some(n) = number {
            d.doc.extra_fields.push(("number".into(), n));
        }
        d.doc.collection_title = collection_title.clone();
        d.doc.collection_note = collection_note.clone();
        d.paras = paras[from..*start].to_vec();
        d.paras.extend_from_slice(&paras[start + span..end]);
        d.doc.raw = raw_between(lines, paras[from].line, paras.get(end).map(|p| p.line));
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

/// A file with no recognizable title: one document, titled by the title of an archive's
/// citation near the top (`"Title," Date, …`), else by its first title-shaped line that is
/// not a date, else by the file name.
fn single(file: &str, text: &str, paras: &[Para]) -> Draft {
    let first_line = paras.first().map_or(1, |p| p.line);
    let mut d = Draft::new(file, SourceFormat::Plain, first_line);
    d.doc.raw = text.to_string();
    let mut body = paras.to_vec();
    let cited = paras
        .iter()
        .take(12)
        .position(|p| citation_title(&p.text).is_some());
    // A heading that names a record wins over other short lines above it; an archive's file
    // designation is never the title.
    let candidates: Vec<usize> = (0..paras.len().min(6))
        .filter(|&i| {
            let p = &paras[i];
            dates::date_only(&p.text).is_none()
                && !paragraphs::file_number(&p.text)
                && title_shaped(p)
                && paras.len() > i + 1
        })
        .collect();
    let first_title = candidates
        .iter()
        .copied()
        .find(|&i| fields::names_a_record(&paras[i].text))
        .or(candidates.first().copied());
    // "760C.61/2142: Telegram": the archive's file designation, which may name the kind.
    if let Some(p) = paras
        .iter()
        .take(4)
        .find(|p| paragraphs::file_number(&p.text))
    {
        d.doc
            .extra_fields
            .push(("file".into(), p.text.trim().to_string()));
    }
    if let Some(i) = cited {
        let p = body.remove(i);
        d.doc.title = citation_title(&p.text).unwrap_or_default();
        d.doc.url = fields::first_url(&p.text);
        d.doc.citation = Some(p.text);
    } else if let Some(i) = first_title {
        let (title, number) = clean_title(&paras[i].text);
        d.doc.title = title;
        if let Some(n) = number {
            d.doc.extra_fields.push(("number".into(), n));
        }
        body.remove(i);
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
    if d.doc.kind == crate::model::DocKind::Document {
        if let Some((_, file)) = d.doc.extra_fields.iter().find(|(k, _)| k == "file") {
            d.doc.kind = fields::kind_from_title(file);
        }
    }
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
