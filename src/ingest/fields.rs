//! Reading metadata out of header text: kinds from titles, names after "by", "between … and",
//! "from … to", URLs and archive numbers. General English and bibliographic cues only.

use crate::model::DocKind;
use regex::Regex;
use std::sync::OnceLock;

/// The kind a title announces, by the general vocabulary of record types.
pub fn kind_from_title(title: &str) -> DocKind {
    let t = title.to_lowercase();
    let has = |w: &str| {
        t.split(|c: char| !c.is_alphanumeric())
            .any(|word| word == w)
    };
    if has("draft") {
        DocKind::Draft
    } else if has("telegram") || has("cable") || has("ciphergram") || has("telegraph") {
        DocKind::Telegram
    } else if has("conversation")
        || has("conversations")
        || has("discussion")
        || has("meeting")
        || has("talk")
        || has("talks")
        || has("minutes")
        || has("transcript")
        || has("interview")
    {
        DocKind::MemorandumOfConversation
    } else if has("message") || has("letter") || has("note") && has("from") {
        DocKind::Message
    } else if has("report")
        || has("memorandum")
        || has("statement")
        || has("directive")
        || has("instruction")
        || has("instructions")
        || has("speech")
        || has("notes")
        || has("record")
        || has("resolution")
    {
        DocKind::Report
    } else {
        DocKind::Document
    }
}

/// Whether a title names a kind of record at all (used to spot titles in plain text).
pub fn names_a_record(title: &str) -> bool {
    kind_from_title(title) != DocKind::Document
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid regex"))
}

/// Strip a trailing date, parenthetical or bracket from a name taken out of a title.
fn clean_name(s: &str) -> String {
    let mut s = s.trim();
    for stop in [",", " (", " [", ";"] {
        if let Some(i) = s.find(stop) {
            s = &s[..i];
        }
    }
    s.trim().trim_end_matches(['.', ':']).trim().to_string()
}

/// The two sides named by "between A and B" in a title (either may itself be a list).
pub fn between_names(title: &str) -> Vec<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let r = re(&RE, r"(?i)\bbetween\s+(.+?)\s+and\s+(.+)$");
    let Some(c) = r.captures(title) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for side in [&c[1], &c[2]] {
        let side = clean_name(side);
        for part in side.split(',') {
            let part = part.trim().trim_start_matches("and ").trim();
            if !part.is_empty() && part.chars().next().is_some_and(char::is_uppercase) {
                names.push(part.to_string());
            }
        }
    }
    names
}

/// Author and recipient named by "from A to B" in a title.
pub fn from_to(title: &str) -> (Option<String>, Option<String>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let r = re(&RE, r"\b[Ff]rom\s+(.+?)\s+to\s+(.+)$");
    match r.captures(title) {
        Some(c) => {
            let a = clean_name(&c[1]);
            let b = clean_name(&c[2]);
            let upper = |s: &String| s.chars().next().is_some_and(char::is_uppercase);
            (Some(a).filter(upper), Some(b).filter(upper))
        }
        None => (None, None),
    }
}

/// The name after a bibliographic verb such as "Translated by": capitalized words and initials,
/// stopping at the end of the sentence.
pub fn name_after(text: &str, verb: &str) -> Option<String> {
    // Offsets are found in `text` itself: lowercasing can change the length of the text before
    // the verb (`İ` is one byte longer in lower case).
    let mut search = 0;
    while let Some((_, at)) = find_caseless(text, verb, search) {
        search = at;
        let rest = text.get(at..).unwrap_or_default();
        // Allow "from Chinese" between the verb and "by"; any space (a no-break space too).
        let rest = match word_by(rest) {
            Some((i, after)) if i < 30 => rest.get(after..).unwrap_or_default(),
            _ => continue,
        };
        let mut words: Vec<&str> = Vec::new();
        for w in rest.split_whitespace() {
            let bare = w.trim_end_matches([',', ';', '.']);
            let initial = bare.len() <= 2 && bare.chars().next().is_some_and(char::is_uppercase)
                || bare.contains('.') && bare.chars().all(|c| c.is_uppercase() || c == '.');
            let cap = bare.chars().next().is_some_and(char::is_uppercase);
            let connector = matches!(bare, "and" | "de" | "van" | "von" | "der" | "la");
            if !(cap || connector) {
                break;
            }
            words.push(if initial {
                w.trim_end_matches([',', ';'])
            } else {
                bare
            });
            if (w.ends_with('.') && !initial) || w.ends_with(',') || w.ends_with(';') {
                break;
            }
        }
        while words
            .last()
            .is_some_and(|w| matches!(*w, "and" | "de" | "van" | "von" | "der" | "la"))
        {
            words.pop();
        }
        if !words.is_empty() {
            return Some(words.join(" "));
        }
    }
    None
}

/// The first occurrence of `needle` in `hay` at or after byte `from`, ignoring case:
/// (start, end) as byte offsets into `hay`, both on character boundaries.
fn find_caseless(hay: &str, needle: &str, from: usize) -> Option<(usize, usize)> {
    let first = needle.chars().next()?;
    let same = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    let tail = hay.get(from..)?;
    for (i, c) in tail.char_indices() {
        if !same(c, first) {
            continue;
        }
        let mut rest = tail[i..].char_indices();
        let mut end = None;
        let mut ok = true;
        for n in needle.chars() {
            match rest.next() {
                Some((j, h)) if same(h, n) => end = Some(i + j + h.len_utf8()),
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if let (true, Some(e)) = (ok, end) {
            return Some((from + i, from + e));
        }
    }
    None
}

/// The word `by` with a space (of any kind) on each side in `rest`: (where the space before it
/// starts, where the text after it starts).
fn word_by(rest: &str) -> Option<(usize, usize)> {
    let mut space: Option<usize> = None;
    for (i, c) in rest.char_indices() {
        if i > 64 {
            break;
        }
        if let (Some(sp), 'b') = (space, c) {
            let mut after = rest.get(i + 1..).unwrap_or_default().chars();
            if after.next() == Some('y') {
                if let Some(end) = after.next().filter(|c| c.is_whitespace()) {
                    return Some((sp, i + 2 + end.len_utf8()));
                }
            }
        }
        space = match (c.is_whitespace(), space) {
            (true, None) => Some(i),
            (true, kept) => kept,
            (false, _) => None,
        };
    }
    None
}

/// The language named by "Translated from X".
pub fn translated_from(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let r = re(&RE, r"(?i)\btranslated\s+from\s+(?:the\s+)?([A-Z][a-z]+)");
    r.captures(text).map(|c| c[1].to_string())
}

/// The first URL in text, without angle brackets or trailing punctuation.
pub fn first_url(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let r = re(&RE, r"https?://[^\s<>()]+");
    r.find(text)
        .map(|m| m.as_str().trim_end_matches(['.', ',', ';']).to_string())
}

/// The document number at the end of an archive URL's path (`…/document/122505` → `122505`).
pub fn url_document_number(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?;
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    (!last.is_empty() && last.len() <= 12 && last.chars().all(|c| c.is_ascii_digit()))
        .then(|| last.to_string())
}

/// A place from a dateline such as `Moscow, 1945` or `Geneva, 12 May 1954`.
pub fn dateline_place(line: &str) -> Option<String> {
    let line = line.trim();
    if line.len() > 60 {
        return None;
    }
    let (place, rest) = line.split_once(',')?;
    let rest = rest.trim();
    let dated = crate::dates::year_only(rest).is_some() || crate::dates::date_only(rest).is_some();
    let words: Vec<&str> = place.split_whitespace().collect();
    let placeish = !words.is_empty()
        && words.len() <= 3
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.')
        });
    (dated && placeish).then(|| place.trim().to_string())
}

/// Remove Markdown bold/italic markers and a trailing colon from a heading or field name.
pub fn strip_markup(s: &str) -> String {
    let t = s.trim().trim_matches('*').trim_matches('_').trim();
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_general_vocabulary() {
        assert_eq!(
            kind_from_title("Ciphered Telegram, Gromyko to Kennan"),
            DocKind::Telegram
        );
        assert_eq!(
            kind_from_title("Minutes of a Conversation at the Kremlin"),
            DocKind::MemorandumOfConversation
        );
        assert_eq!(kind_from_title("Draft Letter to the Shah"), DocKind::Draft);
        assert_eq!(
            kind_from_title("Letter from Tito to Nagy"),
            DocKind::Message
        );
        assert_eq!(kind_from_title("Report on the Harvest"), DocKind::Report);
        assert_eq!(kind_from_title("Protocol No. 3"), DocKind::Document);
    }

    #[test]
    fn names_from_titles() {
        assert_eq!(
            between_names("Conversation between Dean Acheson and A. A. Gromyko, 4 May 1950"),
            ["Dean Acheson", "A. A. Gromyko"]
        );
        assert_eq!(
            from_to("Cable from Ho Chi Minh to the Politburo, 2 March 1954 (extract)"),
            (Some("Ho Chi Minh".into()), None)
        );
        assert_eq!(
            from_to("Letter from Tito to Imre Nagy, 2 March 1954 (extract)"),
            (Some("Tito".into()), Some("Imre Nagy".into()))
        );
    }

    #[test]
    fn names_after_by() {
        assert_eq!(
            name_after(
                "Archive X. Translated by Jan M. Kowalski. Published 1999",
                "translated"
            )
            .as_deref(),
            Some("Jan M. Kowalski")
        );
        assert_eq!(
            name_after(
                "pp. 3-4. Translated from Polish by Ewa Nowak and published here",
                "translated"
            )
            .as_deref(),
            Some("Ewa Nowak")
        );
        assert_eq!(
            translated_from("Translated from Polish by Ewa").as_deref(),
            Some("Polish")
        );
    }

    #[test]
    fn names_after_by_when_case_mapping_changes_lengths() {
        // `İ` lowercases to two characters (one byte longer); offsets found in a lowercased
        // copy used to slice the original inside the no-break space and panic.
        assert_eq!(
            name_after(
                "Archive, İstanbul. Translated\u{a0}by Ayşe Yılmaz. 1999",
                "translated"
            )
            .as_deref(),
            Some("Ayşe Yılmaz")
        );
        // ẞ lowercases to ß (same length), ǅ to ǆ; the verb itself in other cases.
        assert_eq!(
            name_after("ẞtraße ǅ. TRANSLATED by Jan Nowak.", "translated").as_deref(),
            Some("Jan Nowak")
        );
        // A zero-width space is not a space: no "by" there.
        assert_eq!(
            name_after("Translated\u{200b}by Jan Nowak.", "translated"),
            None
        );
        assert_eq!(name_after("İİİİ translated", "translated"), None);
        assert_eq!(name_after("", "translated"), None);
    }

    #[test]
    fn urls_and_datelines() {
        let u = first_url("Archive. <https://example.org/document/4411> x").unwrap();
        assert_eq!(u, "https://example.org/document/4411");
        assert_eq!(url_document_number(&u).as_deref(), Some("4411"));
        assert_eq!(
            dateline_place("Geneva, 12 May 1954").as_deref(),
            Some("Geneva")
        );
        assert_eq!(dateline_place("So we said, 1954"), None);
    }
}
