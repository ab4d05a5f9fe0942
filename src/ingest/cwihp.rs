//! CWIHP Bulletin style: a run of bold-marked fields on one line, inconsistently bolded,
//! e.g. `**Title: …****Author:****Date: …****Source:** …**Description:** …`.
//!
//! The line is cut at its `**` marks; a piece that begins (without a space) with a short
//! capitalized name and a colon starts a field, and every other piece continues the current one.

use super::{fields, paragraphs, Draft};
use crate::dates;
use crate::model::{SourceFormat, StatedDate};

/// A field start in a piece: `Name:` rest, with a short capitalized name.
fn field_start(piece: &str) -> Option<(&str, &str)> {
    if piece.starts_with(char::is_whitespace) {
        return None;
    }
    let (name, rest) = piece.split_once(':')?;
    let words: Vec<&str> = name.split_whitespace().collect();
    let ok = !words.is_empty()
        && words.len() <= 3
        && name.len() <= 30
        && words[0].chars().next().is_some_and(char::is_uppercase)
        && words
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'));
    ok.then_some((name.trim(), rest))
}

/// The fields of a header line, or `None` if it has fewer than two.
pub fn header_fields(line: &str) -> Option<Vec<(String, String)>> {
    if !line.contains("**") {
        return None;
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for piece in line.split("**") {
        if let Some((name, rest)) = field_start(piece) {
            out.push((name.to_string(), rest.to_string()));
        } else if let Some(last) = out.last_mut() {
            last.1.push_str(piece);
        } else if !piece.trim().is_empty() {
            return None;
        }
    }
    let out: Vec<(String, String)> = out
        .into_iter()
        .map(|(n, v)| (n, v.trim().to_string()))
        .collect();
    (out.len() >= 2).then_some(out)
}

/// The index of the header line: the first non-blank line, if it is a run of fields.
fn header_line(lines: &[&str]) -> Option<usize> {
    let i = lines.iter().position(|l| !l.trim().is_empty())?;
    header_fields(lines[i]).map(|_| i)
}

/// Whether text looks like a CWIHP-style export.
pub fn looks_like(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().take(50).collect();
    header_line(&lines).is_some()
}

/// Parse a CWIHP-style export into one draft document.
pub fn parse(file: &str, text: &str) -> Draft {
    let lines: Vec<&str> = text.lines().collect();
    let hl = header_line(&lines).unwrap_or(0);
    let mut draft = Draft::new(file, SourceFormat::Cwihp, hl + 1);
    draft.doc.raw = text.to_string();
    draft.header_dated = true;
    let fields_found = header_fields(lines.get(hl).copied().unwrap_or("")).unwrap_or_default();
    for (name, value) in fields_found {
        let v = (!value.is_empty()).then(|| value.clone());
        match name.to_lowercase().as_str() {
            "title" => draft.doc.title = value,
            "author" | "from" | "sender" => draft.doc.author = v,
            "recipient" | "to" => draft.doc.recipient = v,
            "date" => {
                if let Some(d) = dates::find_dates(&value).into_iter().next() {
                    draft.doc.date = Some(d.iso.clone());
                    draft.doc.date_printed = Some(d.printed.clone());
                    draft.stated_dates.push(StatedDate {
                        date: d.iso,
                        printed: d.printed,
                        source: "header".into(),
                    });
                } else if !value.is_empty() {
                    draft.warn(hl + 1, format!("date field not understood: {value:.40}"));
                }
            }
            "source" | "citation" => draft.doc.citation = v,
            "description" | "summary" | "abstract" => draft.doc.summary = v,
            "place" | "location" => draft.doc.place = v,
            "language" | "original language" => draft.doc.original_language = v,
            "translator" => draft.doc.translator = v,
            _ => {
                if let Some(v) = v {
                    draft.doc.extra_fields.push((name, v));
                }
            }
        }
    }
    if draft.doc.title.is_empty() {
        draft.warn(hl + 1, "header has no title field");
    }
    if draft.doc.date.is_none() {
        draft.warn(hl + 1, "header has no usable date");
    }
    if let Some(c) = draft.doc.citation.clone() {
        draft.doc.url = fields::first_url(&c);
        if draft.doc.translator.is_none() {
            draft.doc.translator = fields::name_after(&c, "translated");
        }
        if draft.doc.original_language.is_none() {
            draft.doc.original_language = fields::translated_from(&c);
        }
    }
    let body_start = (hl + 1).min(lines.len());
    draft.paras = paragraphs::split_reflowed(&lines[body_start..], body_start + 1);
    draft
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inconsistent_bolding_and_empty_fields() {
        let f = header_fields(
            "**Title: Notes on a Visit to Belgrade****Recipient:****Date: 3 March 1955****Source:** Archive A, f. 2**Summary:** Tito and Khrushchev: a truce",
        )
        .unwrap();
        let names: Vec<_> = f.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Title", "Recipient", "Date", "Source", "Summary"]);
        assert_eq!(f[0].1, "Notes on a Visit to Belgrade");
        assert_eq!(f[1].1, "");
        assert_eq!(f[3].1, "Archive A, f. 2");
        assert_eq!(f[4].1, "Tito and Khrushchev: a truce");
    }

    #[test]
    fn ordinary_bold_text_is_not_a_header() {
        assert!(header_fields("He was **accused** of treason.").is_none());
        assert!(header_fields("**Red Wings over the Yalu, 33-34**").is_none());
    }
}
