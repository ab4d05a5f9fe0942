//! Wilson Center Digital Archive Markdown export.
//!
//! Shape: a `##` heading with the date, a `###` heading with the title, then `####` headings
//! naming fields (`**Citation:**`, `**Summary:**`, …), each followed by its text. The body is the
//! text of the contents field; its first line may be a label such as `Transcript - English`.
//! Not every export has every field; unknown fields are kept as extra fields.

use super::{fields, paragraphs, Draft};
use crate::dates;
use crate::model::{SourceFormat, StatedDate};

/// A Markdown heading line: its level and text.
fn heading(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_start();
    let level = t.chars().take_while(|&c| c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &t[level..];
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    Some((level, rest.trim()))
}

/// A field heading: `#### **Name:**` (bold and colon optional, but a colon or bold required).
fn field_name(line: &str) -> Option<String> {
    let (level, text) = heading(line)?;
    if level < 4 {
        return None;
    }
    let bare = fields::strip_markup(text);
    let name = bare.strip_suffix(':').unwrap_or(&bare).trim();
    let bolded = text.starts_with("**");
    let shaped = !name.is_empty()
        && name.len() <= 40
        && name.split_whitespace().count() <= 4
        && name.chars().next().is_some_and(char::is_uppercase);
    (shaped && (bolded || bare.ends_with(':'))).then(|| name.to_string())
}

/// Whether text looks like a Wilson Center export: field headings at level four.
pub fn looks_like(text: &str) -> bool {
    text.lines()
        .take(400)
        .filter(|l| field_name(l).is_some())
        .count()
        >= 1
        && text
            .lines()
            .take(40)
            .any(|l| matches!(heading(l), Some((1..=3, _))))
}

/// Parse a Wilson Center export into one draft document.
pub fn parse(file: &str, text: &str) -> Draft {
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(0);
    let mut draft = Draft::new(file, SourceFormat::Wilson, first + 1);
    draft.doc.raw = text.to_string();
    draft.header_dated = true;

    let mut current: Option<(String, usize)> = None;
    let mut values: Vec<(String, usize, Vec<&str>)> = Vec::new();
    let mut preamble: Vec<(usize, &str)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(name) = field_name(line) {
            current = Some((name.clone(), i + 2));
            values.push((name, i + 2, Vec::new()));
            continue;
        }
        if current.is_none() {
            if let Some((level, h)) = heading(line) {
                if level <= 3 {
                    let h = fields::strip_markup(h);
                    if draft.doc.date.is_none() && draft.doc.title.is_empty() {
                        if let Some(d) = dates::date_only(&h) {
                            draft.doc.date = Some(d.iso.clone());
                            draft.doc.date_printed = Some(d.printed.clone());
                            draft.stated_dates.push(StatedDate {
                                date: d.iso,
                                printed: d.printed,
                                source: "header".into(),
                            });
                            continue;
                        }
                    }
                    if draft.doc.title.is_empty() {
                        draft.doc.title = h;
                        continue;
                    }
                }
            }
            if !line.trim().is_empty() {
                preamble.push((i + 1, line));
            }
            continue;
        }
        if let Some(v) = values.last_mut() {
            v.2.push(line);
        }
    }
    for (line, text) in preamble {
        draft.warn(
            line,
            format!(
                "text before the first field kept in the body: {:.60}",
                text.trim()
            ),
        );
        draft.paras.push(super::Para {
            text: text.trim().to_string(),
            line,
            raw: text.to_string(),
        });
    }

    let mut has_contents = false;
    for (name, line, body_lines) in values {
        let body = matches!(
            name.to_lowercase().as_str(),
            "contents" | "transcript" | "translation" | "text"
        );
        let value_paras = if body {
            paragraphs::split_reflowed(&body_lines, line)
        } else {
            paragraphs::split(&body_lines, line)
        };
        let joined = value_paras
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        let value = (!joined.trim().is_empty()).then(|| joined.trim().to_string());
        match name.to_lowercase().as_str() {
            "citation" => draft.doc.citation = value,
            "summary" | "description" | "abstract" => draft.doc.summary = value,
            "credits" => draft.doc.credits = value,
            "original language" | "language" => draft.doc.original_language = value,
            "contents" | "transcript" | "translation" | "text" => {
                has_contents = true;
                let mut paras = value_paras;
                if let Some(p) = paras.first() {
                    if is_content_label(&p.text) {
                        draft
                            .doc
                            .extra_fields
                            .push(("Contents".into(), p.text.clone()));
                        paras.remove(0);
                    }
                }
                draft.paras.extend(paras);
            }
            _ => {
                if let Some(v) = value {
                    draft.doc.extra_fields.push((name, v));
                }
            }
        }
    }
    if !has_contents {
        draft.warn(
            draft.doc.source_line,
            "no contents field: the document has no body",
        );
    }
    if draft.doc.title.is_empty() {
        draft.warn(draft.doc.source_line, "no title heading");
    }
    if draft.doc.date.is_none() {
        draft.warn(draft.doc.source_line, "no date heading");
    }

    if let Some(c) = draft.doc.citation.clone() {
        draft.doc.url = fields::first_url(&c);
        draft.archive_id = draft
            .doc
            .url
            .as_deref()
            .and_then(fields::url_document_number)
            .map(|n| format!("wilson-{n}"));
        draft.doc.translator = fields::name_after(&c, "translated");
        if let Some(by) = fields::name_after(&c, "contributed") {
            draft.doc.extra_fields.push(("Contributed by".into(), by));
        }
        if draft.doc.original_language.is_none() {
            draft.doc.original_language = fields::translated_from(&c);
        }
    }
    for p in draft.paras.iter().take(4) {
        if let Some(place) = p.text.lines().find_map(fields::dateline_place) {
            draft.doc.place = Some(place);
            break;
        }
    }
    draft
}

/// A contents label such as `Transcript - English` or `Translation - Russian`.
fn is_content_label(s: &str) -> bool {
    let Some((a, b)) = s.split_once(" - ") else {
        return false;
    };
    s.len() <= 50
        && !s.contains('\n')
        && [a, b].iter().all(|w| {
            let w = w.trim();
            !w.is_empty()
                && w.split_whitespace().count() <= 3
                && w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || c == ' ')
        })
}
