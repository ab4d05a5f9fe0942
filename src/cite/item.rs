//! One document, one CSL item: the CSL-JSON that carrel renders its own citations from and
//! hands to Zotero and other reference managers.
//!
//! The item holds what the document's header and its archive's citation line say, each in the
//! CSL variable made for it, and nothing else: a field the source does not give is absent.
//! Archival records (a record of conversation, a telegram, a draft) are `manuscript` items; a
//! document printed in an edited documentary volume whose header describes it (a FRUS volume)
//! is a `chapter` of that volume.

use super::source::{self, Credits};
use crate::model::{Document, SourceFormat};
use crate::text::strip_controls;
use serde_json::{json, Map, Value};

/// A one-line string for the item: controls removed, line breaks and runs of spaces made one
/// space.
pub(crate) fn clean(s: &str) -> String {
    strip_controls(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// An ISO date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) as CSL date parts; none for anything else.
pub fn date_parts(iso: &str) -> Option<Value> {
    let mut parts = Vec::new();
    for (i, p) in iso.trim().split('-').enumerate() {
        if i > 2 || p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: i64 = p.parse().ok()?;
        let ok = match i {
            0 => p.len() == 4,
            1 => (1..=12).contains(&v),
            _ => (1..=31).contains(&v),
        };
        if !ok {
            return None;
        }
        parts.push(v);
    }
    (!parts.is_empty()).then(|| json!({ "date-parts": [parts] }))
}

/// Words that mark a name as an institution rather than a person.
const INSTITUTION_WORDS: [&str; 16] = [
    "of",
    "the",
    "and",
    "for",
    "embassy",
    "department",
    "committee",
    "ministry",
    "office",
    "center",
    "centre",
    "council",
    "party",
    "government",
    "bureau",
    "agency",
];

/// A person's name as a CSL name: given names and family name when the name reads as a
/// Western personal name written in that order (two to four capitalized words or initials),
/// else the name as a literal (an office, a single name or a pseudonym, a name written family
/// name first).
pub fn name(n: &str) -> Value {
    let n = clean(n);
    let words: Vec<&str> = n.split(' ').collect();
    let personal = (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && !INSTITUTION_WORDS.contains(&w.to_lowercase().as_str())
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
        })
        && !words.last().is_some_and(|w| w.ends_with('.'));
    if personal {
        let (family, given) = words.split_last().map(|(f, g)| (*f, g.join(" "))).unwrap();
        json!({ "family": family, "given": given })
    } else {
        json!({ "literal": n })
    }
}

/// A name that stays as it is printed (authors and recipients of records).
fn literal(n: &str) -> Value {
    json!({ "literal": clean(n) })
}

/// The value of a header field the format kept beside the model's own (`extra_fields`).
fn extra<'a>(doc: &'a Document, field: &str) -> Option<&'a str> {
    doc.extra_fields
        .iter()
        .find(|(k, _)| k == field)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.trim().is_empty())
}

/// A Roman volume number (`Volume XIX`, `XIX`) or an Arabic one as a number string: CSL
/// styles label and format numeric volumes, and Chicago gives volume numbers in Arabic.
fn volume_number(s: &str) -> String {
    let t = s.trim();
    let t = t
        .strip_prefix("Volume")
        .or_else(|| t.strip_prefix("Vol."))
        .or_else(|| t.strip_prefix("vol."))
        .unwrap_or(t)
        .trim();
    if t.bytes().all(|b| b.is_ascii_digit()) && !t.is_empty() {
        return t.to_string();
    }
    let value = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let digits: Option<Vec<u32>> = t.chars().map(value).collect();
    match digits {
        Some(d) if !d.is_empty() => {
            let mut total = 0u32;
            for (i, v) in d.iter().enumerate() {
                if d.get(i + 1).is_some_and(|next| next > v) {
                    total = total.saturating_sub(*v);
                } else {
                    total += v;
                }
            }
            total.to_string()
        }
        _ => t.to_string(),
    }
}

/// The CSL item of a document.
pub fn item(doc: &Document) -> Value {
    let mut m = Map::new();
    let put = |m: &mut Map<String, Value>, k: &str, v: Option<String>| {
        if let Some(v) = v.map(|v| clean(&v)).filter(|v| !v.is_empty()) {
            m.insert(k.to_string(), Value::String(v));
        }
    };
    m.insert("id".into(), Value::String(clean(&doc.id)));
    let edition = doc.format == SourceFormat::Tei && extra(doc, "series").is_some();
    m.insert(
        "type".into(),
        Value::String(if edition { "chapter" } else { "manuscript" }.into()),
    );
    // Titles in English take Chicago's headline capitalization here, once, as the style would
    // give them: CSL engines differ in how they apply it (citeproc-js capitalizes small words
    // but never lowercases one the source capitalized, hayagriva does both), and an item
    // already in headline style renders the same in both. The title as printed is kept.
    let title = clean(&doc.title);
    let headline =
        hayagriva::lang::Case::Title(hayagriva::lang::TitleCase::default()).transform(&title);
    put(&mut m, "title", Some(headline.clone()));
    let mut custom = Map::new();
    if headline != title {
        custom.insert("title-printed".into(), Value::String(title));
    }
    let date = doc.date.as_deref().and_then(date_parts);
    if let Some(a) = &doc.author {
        m.insert("author".into(), json!([literal(a)]));
    }
    if let Some(r) = &doc.recipient {
        m.insert("recipient".into(), json!([literal(r)]));
    }
    let mut translators: Vec<String> = doc.translator.iter().cloned().collect();
    let mut note: Vec<String> = Vec::new();
    if edition {
        // A document of a documentary edition: the volume is the container, published in its
        // year; the document's own date is the date of the event it records.
        let series = extra(doc, "series");
        let container = match (series, extra(doc, "sub_series")) {
            (Some(s), Some(years)) => Some(format!("{s}, {years}")),
            (s, _) => s.map(String::from),
        };
        put(&mut m, "container-title", container);
        put(
            &mut m,
            "volume",
            extra(doc, "volume_number").map(volume_number),
        );
        put(
            &mut m,
            "volume-title",
            extra(doc, "volume").map(String::from),
        );
        if let Some(e) = extra(doc, "editor") {
            m.insert("editor".into(), json!([name(e)]));
        }
        put(
            &mut m,
            "publisher",
            extra(doc, "publisher").map(String::from),
        );
        put(
            &mut m,
            "publisher-place",
            extra(doc, "pub_place").map(String::from),
        );
        if let Some(d) = extra(doc, "pub_date").and_then(|d| date_parts(d.get(..4)?)) {
            m.insert("issued".into(), d);
        }
        if let Some(d) = date {
            m.insert("event-date".into(), d);
        }
        put(&mut m, "number", extra(doc, "number").map(String::from));
        put(&mut m, "event-place", doc.place.clone());
        // The edition's source note (where the original is kept, its classification).
        if let Some(c) = &doc.citation {
            if let Some(at) = c.find("Source:") {
                note.push(c[at..].trim().to_string());
            }
        }
    } else {
        if let Some(d) = date {
            m.insert("issued".into(), d);
        }
        let credits = doc
            .citation
            .as_deref()
            .map(|c| source::read(c, &doc.title, doc.date_printed.as_deref()))
            .unwrap_or_default();
        let Credits {
            container,
            archive,
            location,
            archive_place,
            translated_by,
            contributed_by,
            bulletin_issue,
            original,
            ..
        } = credits;
        let same = |a: &str, b: &str| {
            let f = |x: &str| {
                x.chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect::<String>()
            };
            f(a).to_lowercase() == f(b).to_lowercase()
        };
        for t in translated_by {
            if !translators.iter().any(|x| same(x, &t)) {
                translators.push(t);
            }
        }
        put(&mut m, "archive", archive);
        put(&mut m, "archive_location", location);
        put(&mut m, "archive-place", archive_place);
        if let Some(issue) = bulletin_issue {
            put(
                &mut m,
                "container-title",
                Some("Cold War International History Project Bulletin".into()),
            );
            put(&mut m, "issue", Some(issue));
        } else if let Some(c) = container {
            put(&mut m, "container-title", Some(c));
        } else if let Some(c) = &doc.collection_title {
            put(&mut m, "container-title", Some(c.clone()));
            // The collection's publisher: its note's first line ("From CNN Cold War").
            let from = doc
                .collection_note
                .as_deref()
                .and_then(|n| n.lines().map(str::trim).find(|l| !l.is_empty()))
                .and_then(|l| l.strip_prefix("From "))
                .map(String::from);
            put(&mut m, "publisher", from);
        }
        if let Some(o) = original {
            put(&mut m, "original-title", Some(o.title));
            put(&mut m, "original-publisher-place", o.place);
            if let Some(y) = o.year.as_deref().and_then(date_parts) {
                m.insert("original-date".into(), y);
            }
            note.push(format!("Originally printed in {}.", o.printed));
        }
        if let Some(c) = contributed_by {
            note.push(format!("Contributed by {c}."));
        }
        put(&mut m, "event-place", doc.place.clone());
    }
    if !translators.is_empty() {
        m.insert(
            "translator".into(),
            Value::Array(translators.iter().map(|t| name(t)).collect()),
        );
    }
    put(&mut m, "URL", doc.url.clone());
    put(&mut m, "abstract", doc.summary.clone());
    // The language of the original, not of the text carrel holds (often a translation): kept
    // beside the CSL variables rather than as the item's `language`.
    if let Some(l) = doc.original_language.as_deref().and_then(language_tag) {
        custom.insert("original-language".into(), Value::String(l.into()));
    }
    if !note.is_empty() {
        put(&mut m, "note", Some(note.join(" ")));
    }
    // The series' general editor is not the volume's editor: kept, but not cited.
    if let Some(g) = extra(doc, "general_editor").filter(|_| edition) {
        custom.insert("general-editor".into(), Value::String(clean(g)));
    }
    if let Some(p) = &doc.date_printed {
        custom.insert("date-printed".into(), Value::String(clean(p)));
    }
    if !custom.is_empty() {
        m.insert("custom".into(), Value::Object(custom));
    }
    Value::Object(m)
}

/// The BCP 47 tag of a language named in English, for the common languages of the records.
fn language_tag(name: &str) -> Option<&'static str> {
    Some(match name.trim().to_ascii_lowercase().as_str() {
        "english" => "en",
        "russian" => "ru",
        "chinese" => "zh",
        "german" => "de",
        "french" => "fr",
        "japanese" => "ja",
        "korean" => "ko",
        "vietnamese" => "vi",
        "polish" => "pl",
        "czech" => "cs",
        "hungarian" => "hu",
        "spanish" => "es",
        "italian" => "it",
        _ => return None,
    })
}

/// The fields a citation of this item needs that it does not have (CSL variable names):
/// `title`, `issued` (or `event-date` for an edition's document), and where the document is
/// found (`archive`, standing for archive, container or publisher).
pub fn missing(item: &Value) -> Vec<String> {
    let has = |k: &str| item.get(k).is_some();
    let mut out = Vec::new();
    if !has("title") {
        out.push("title".to_string());
    }
    if !has("issued") && !has("event-date") {
        out.push("issued".to_string());
    }
    if !(has("archive") || has("container-title") || has("publisher")) {
        out.push("archive".to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_date_parts_or_nothing() {
        assert_eq!(
            date_parts("1949-12-18"),
            Some(json!({"date-parts": [[1949, 12, 18]]}))
        );
        assert_eq!(
            date_parts("1950-10"),
            Some(json!({"date-parts": [[1950, 10]]}))
        );
        assert_eq!(date_parts("1996"), Some(json!({"date-parts": [[1996]]})));
        assert_eq!(date_parts("1950-13"), None);
        assert_eq!(date_parts("banana"), None);
        assert_eq!(date_parts(""), None);
    }

    #[test]
    fn personal_names_split_and_others_stay_literal() {
        assert_eq!(
            name("Harriet Dashiell Schwar"),
            json!({"family": "Schwar", "given": "Harriet Dashiell"})
        );
        assert_eq!(
            name("Vladislav M. Zubok"),
            json!({"family": "Zubok", "given": "Vladislav M."})
        );
        assert_eq!(name("Stalin"), json!({"literal": "Stalin"}));
        assert_eq!(
            name("Embassy in the Republic of China"),
            json!({"literal": "Embassy in the Republic of China"})
        );
        assert_eq!(
            name("Department of State"),
            json!({"literal": "Department of State"})
        );
    }

    #[test]
    fn roman_volume_numbers_become_arabic() {
        assert_eq!(volume_number("Volume XIX"), "19");
        assert_eq!(volume_number("XIV"), "14");
        assert_eq!(volume_number("Vol. 3"), "3");
        assert_eq!(volume_number("Part 2"), "Part 2");
    }
}
