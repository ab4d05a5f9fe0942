//! Speaker labels at the start of a paragraph or line: `Stalin:`, `[Joseph] Stalin:`,
//! `N.S. Khrushchev:`, `Mao Zedong (peevishly):`, `GROMYKO. …`, `Cde. Mao:`, `K[hrushchev]:`,
//! `The Secretary:`, and whether a name is shaped like a person's.

use crate::text::fold;

/// How a label is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `Name: speech` or `Name:` alone.
    Colon,
    /// Capitals with a full stop: `GROMYKO. We share that view.`
    CapsStop,
}

/// A label that opens a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The label as printed, without manner and colon (`[Joseph] Stalin`).
    pub printed: String,
    /// The name with editorial glosses, honorifics and office titles removed (`Stalin`), in
    /// ordinary capitalization; for a label that is only a title, the title (`The Secretary`).
    pub name: String,
    /// Glosses inside the label (`Joseph`).
    pub glosses: Vec<String>,
    /// A parenthesized stage direction after the name (`peevishly`).
    pub manner: Option<String>,
    /// Byte offset in the paragraph where the speech starts.
    pub rest_at: usize,
    /// Whether speech follows the colon in the same paragraph.
    pub has_rest: bool,
    /// How it is printed.
    pub style: Style,
    /// Whether the label is an office title without a personal name (`The Secretary`,
    /// `President`): who holds it is for the participants list to say.
    pub title_only: bool,
}

/// Particles that may stand lowercase inside a personal name.
const PARTICLES: &[&str] = &[
    "de", "da", "di", "du", "van", "von", "der", "den", "la", "le", "bin", "ibn", "al", "y",
];

/// Forms of address that come before a name and are not part of it.
const HONORIFICS: &[&str] = &[
    "comrade", "comrades", "cde.", "cdes.", "cde", "cdes", "com.", "tov.", "mr.", "mrs.", "ms.",
    "mr", "mrs", "ms", "miss", "dr.", "dr", "herr", "frau", "monsieur", "mme.", "madame", "sr.",
    "senor", "señor", "sir", "h.e.",
];

/// Words of office titles (`Foreign Minister`, `Vice President`, `PM`): in front of a name
/// they are a title; a label of nothing else is a title only.
const TITLE_WORDS: &[&str] = &[
    "president",
    "vice",
    "vice-president",
    "secretary",
    "secretary-general",
    "under",
    "assistant",
    "deputy",
    "first",
    "ambassador",
    "chairman",
    "vice-chairman",
    "premier",
    "vice-premier",
    "prime",
    "minister",
    "foreign",
    "pm",
    "fm",
    "chancellor",
    "marshal",
    "general",
    "admiral",
    "colonel",
    "lt.",
    "gen.",
    "adm.",
    "col.",
    "governor",
    "senator",
    "king",
    "queen",
    "shah",
    "emperor",
    "prince",
    "chief",
    "director",
    "counselor",
    "counsellor",
    "envoy",
    "consul",
    "chargé",
    "charge",
    "ambassador-at-large",
    "state",
    "of",
    "the",
    "acting",
    "special",
    "representative",
];

/// Words of a record's furniture and header that take a colon but never speak (`SUBJECT:`,
/// `Present:`, `Note:`): general vocabulary of memoranda, not of any one archive.
const NOT_SPEAKERS: &[&str] = &[
    "subject",
    "subjects",
    "participants",
    "participant",
    "present",
    "place",
    "date",
    "time",
    "copy",
    "copies",
    "distribution",
    "note",
    "notes",
    "memorandum",
    "memo",
    "record",
    "secret",
    "confidential",
    "classification",
    "classified",
    "drafted",
    "approved",
    "cleared",
    "attachment",
    "attachments",
    "enclosure",
    "source",
    "sources",
    "location",
    "from",
    "to",
    "via",
    "ref",
    "reference",
    "summary",
    "translation",
    "transcript",
    "text",
    "original",
    "also",
    "cc",
    "re",
    "topic",
    "topics",
    "agenda",
    "question",
    "questions",
    "answer",
    "comment",
    "comments",
    "excerpt",
    "excerpts",
    "citation",
    "description",
    "language",
    "title",
    "author",
    "recipient",
    "interpreter",
    "interpreters",
    "notetaker",
    "attendees",
    "tags",
    "keywords",
    "share",
    "menu",
    "search",
    "download",
    "print",
    "related",
    "documents",
    "document",
    "page",
    "pages",
    "volume",
    "chapter",
    "section",
    "top",
    "telegram",
    "cable",
    "letter",
    "message",
    "minutes",
    "conclusion",
    "conclusions",
    "and",
    "dear",
    "gentlemen",
    "sirs",
    "comrades",
    "delegation",
];

/// Whether a word is an initials token such as `N.S.`, `R.Sh.` or `M.`.
fn initials(w: &str) -> bool {
    w.ends_with('.')
        && w.split('.')
            .filter(|p| !p.is_empty())
            .all(|p| p.chars().count() <= 2 && p.chars().next().is_some_and(char::is_uppercase))
}

/// Whether `name` is shaped like a personal name: one to five capitalized words or initials,
/// no digits, lowercase only for name particles.
pub fn name_shaped(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 || name.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let mut capitals = 0;
    for w in &words {
        if initials(w) {
            capitals += 1;
            continue;
        }
        if PARTICLES.contains(w) {
            continue;
        }
        let ok = w.chars().next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '\u{2019}' | '.'))
            && !w.ends_with('.');
        if !ok {
            return false;
        }
        capitals += 1;
    }
    capitals > 0
}

/// Whether a label's name is a word of header or furniture vocabulary (`SUBJECT`, `Note`)
/// rather than a speaker.
pub fn not_a_speaker(name: &str) -> bool {
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    !words.is_empty()
        && words
            .iter()
            .all(|w| NOT_SPEAKERS.contains(&w.trim_end_matches(['.', ','])))
}

fn is_honorific(w: &str) -> bool {
    HONORIFICS.contains(&w.to_lowercase().as_str())
}

fn is_title_word(w: &str) -> bool {
    TITLE_WORDS.contains(&w.to_lowercase().as_str())
}

/// Whether every word of `name` belongs to an office title (`The Secretary`, `Prime Minister`).
pub fn is_title(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    !words.is_empty()
        && words.iter().all(|w| is_title_word(w))
        && words
            .iter()
            .any(|w| !matches!(w.to_lowercase().as_str(), "the" | "of" | "first" | "state"))
}

/// A word in capitals made ordinary (`GROMYKO` → `Gromyko`, `MCCLOY` → `Mccloy`); initials and
/// particles keep their form.
fn ordinary_case(w: &str) -> String {
    if initials(w) {
        return w.to_string();
    }
    let lower = w.to_lowercase();
    if PARTICLES.contains(&lower.as_str()) {
        return lower;
    }
    let mut out = String::with_capacity(w.len());
    let mut start = true;
    for c in w.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = matches!(c, '-' | '\'' | '\u{2019}');
    }
    out
}

/// Whether a name is printed in capitals (every letter upper case, at least two letters).
fn in_capitals(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// The speaker's name in a label: honorifics and leading office titles dropped where a
/// personal name follows, capitals made ordinary. A title alone is kept as the name.
fn settle_name(raw: &str) -> (String, bool) {
    let words: Vec<&str> = raw.split_whitespace().collect();
    let caps = in_capitals(raw);
    let mut i = 0;
    while i < words.len() && is_honorific(words[i]) {
        i += 1;
    }
    let rest = &words[i..];
    let title_only = !rest.is_empty() && is_title(&rest.join(" "));
    let mut j = 0;
    if !title_only {
        while j + 1 < rest.len() && is_title_word(rest[j]) {
            j += 1;
        }
    }
    let kept = &rest[j..];
    let name: Vec<String> = kept
        .iter()
        .map(|w| {
            if caps {
                ordinary_case(w)
            } else {
                w.to_string()
            }
        })
        .collect();
    let mut name = name.join(" ");
    if title_only && caps {
        name = kept
            .iter()
            .map(|w| match w.to_lowercase().as_str() {
                "of" => "of".to_string(),
                "pm" => "PM".to_string(),
                "fm" => "FM".to_string(),
                _ => ordinary_case(w),
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    (name, title_only)
}

/// A person as a list or label prints them, read into (name, office title before the name,
/// whether it is a title only): `Foreign Minister Gromyko` is (`Gromyko`, `Foreign Minister`),
/// `Cde. Mao Zedong` is (`Mao Zedong`, none), `The Secretary` is a title only.
pub fn person(printed: &str) -> (String, Option<String>, bool) {
    let (name, title_only) = settle_name(printed);
    if title_only {
        return (name, None, true);
    }
    let words: Vec<&str> = printed.split_whitespace().collect();
    let mut i = 0;
    while i < words.len() && is_honorific(words[i]) {
        i += 1;
    }
    let mut j = i;
    while j + 1 < words.len() && is_title_word(words[j]) {
        j += 1;
    }
    let title = (j > i).then(|| words[i..j].join(" "));
    (name, title, false)
}

/// Whether a word is a form of address (`Comrade`, `Cdes.`, `Mr.`).
pub fn honorific(w: &str) -> bool {
    is_honorific(w)
}

/// Read the printed part of a label into (name, glosses): `[Joseph] Stalin` is Stalin with a
/// gloss; `[Khrushchev]` and `K[hrushchev]` are the editor's reconstruction of the name itself.
fn name_and_glosses(label_part: &str) -> Option<(String, Vec<String>)> {
    let mut glosses = Vec::new();
    let mut name = String::new();
    let mut rest = label_part;
    let mut reconstructed = Vec::new();
    while let Some(open) = rest.find('[') {
        let before = &rest[..open];
        name.push_str(before);
        let close = rest[open..].find(']')? + open;
        let inner = rest[open + 1..close].trim();
        // A bracket glued to the letters before it completes the word: `K[hrushchev]`.
        let glued = name.chars().last().is_some_and(char::is_alphabetic);
        if glued {
            name.push_str(inner);
        } else {
            glosses.push(inner.to_string());
            reconstructed.push(inner.to_string());
        }
        rest = &rest[close + 1..];
    }
    name.push_str(rest);
    let mut name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    // A label wholly in brackets is the editor's reconstruction: `[Khrushchev]`.
    if name.is_empty() && reconstructed.len() == 1 {
        name = glosses.pop().unwrap_or_default();
    }
    (!name.is_empty()).then_some((name, glosses))
}

/// Read a label at the start of a paragraph.
pub fn parse(text: &str) -> Option<Label> {
    if let Some(l) = parse_caps_stop(text) {
        return Some(l);
    }
    let colon = text.find(':')?;
    if colon == 0 || colon > 90 {
        return None;
    }
    let head = &text[..colon];
    let after = &text[colon + 1..];
    if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return None;
    }
    let (label_part, manner) = match (head.rfind('('), head.trim_end().ends_with(')')) {
        (Some(open), true) => {
            let inner = head[open + 1..].trim_end().trim_end_matches(')').trim();
            (head[..open].trim_end(), Some(inner.to_string()))
        }
        _ => (head.trim_end(), None),
    };
    if label_part.contains(['(', ')']) {
        return None;
    }
    let (raw_name, glosses) = name_and_glosses(label_part)?;
    let (name, title_only) = settle_name(&raw_name);
    if name.is_empty() {
        return None;
    }
    let trimmed_after = after.trim_start();
    Some(Label {
        printed: label_part.trim().to_string(),
        name,
        glosses,
        manner: manner.filter(|m| !m.is_empty()),
        rest_at: text.len() - trimmed_after.len(),
        has_rest: !trimmed_after.is_empty(),
        style: Style::Colon,
        title_only,
    })
}

/// A label in capitals ending in a full stop: `GROMYKO. We share…`, `N.S. KHRUSHCHEV. Yes…`,
/// `THE SECRETARY. …`. At least one word of three capital letters or more; speech follows and
/// opens like a sentence.
fn parse_caps_stop(text: &str) -> Option<Label> {
    let mut end = 0;
    let mut words = 0;
    let mut long_word = false;
    for (i, w) in text.split_inclusive(' ').enumerate() {
        if i >= 6 {
            return None;
        }
        let bare = w.trim_end();
        if bare.is_empty() {
            return None;
        }
        let letters: Vec<char> = bare.chars().filter(|c| c.is_alphabetic()).collect();
        let all_caps = !letters.is_empty() && letters.iter().all(|c| c.is_uppercase());
        if !all_caps
            || !bare
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '\u{2019}'))
        {
            return None;
        }
        words += 1;
        end += w.len();
        // Initials and abbreviations (`N.S.`, `MR.`): the label goes on.
        if initials(bare) {
            continue;
        }
        if letters.len() >= 3 {
            long_word = true;
        }
        if let Some(word) = bare.strip_suffix('.') {
            if !long_word || word.contains('.') {
                return None;
            }
            let rest = &text[end..];
            let opens = rest.chars().next().is_some_and(|c| {
                c.is_uppercase() || c.is_numeric() || "\"'\u{201c}\u{2018}[(".contains(c)
            });
            if !opens || words > 5 {
                return None;
            }
            let printed = text[..end].trim_end().trim_end_matches('.').to_string();
            let (name, title_only) = settle_name(&printed);
            if name.is_empty() {
                return None;
            }
            return Some(Label {
                printed,
                name,
                glosses: Vec::new(),
                manner: None,
                rest_at: end,
                has_rest: true,
                style: Style::CapsStop,
                title_only,
            });
        }
    }
    None
}

/// Whether two printed names can be the same person: equal when folded, or one is a single
/// word equal to the other's last word (`Soong` and `T.V. Soong`).
pub fn same_person(a: &str, b: &str) -> bool {
    let fa = fold(a).replace(['.', '[', ']'], " ");
    let fb = fold(b).replace(['.', '[', ']'], " ");
    let wa: Vec<&str> = fa.split_whitespace().collect();
    let wb: Vec<&str> = fb.split_whitespace().collect();
    if wa.is_empty() || wb.is_empty() {
        return false;
    }
    wa == wb
        || (wa.len() == 1 && wb.last() == wa.first())
        || (wb.len() == 1 && wa.last() == wb.first())
        || (wa.last() == wb.last()
            && (wa.len() == 1
                || wb.len() == 1
                || wa.iter().take(wa.len() - 1).all(|w| w.len() <= 2)
                || wb.iter().take(wb.len() - 1).all(|w| w.len() <= 2)))
}

/// Whether two names differ by one misprint: one letter changed, added or dropped, or two
/// neighbours swapped. Names shorter than five letters never count (too many real neighbours).
pub fn one_misprint_apart(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b || a.len().min(b.len()) < 5 || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ra, rb) = (a.len() - head - tail, b.len() - head - tail);
    match (ra, rb) {
        (1, 1) | (1, 0) | (0, 1) => true,
        (2, 2) => a[head] == b[head + 1] && a[head + 1] == b[head],
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misprints_one_letter_or_one_swap() {
        assert!(one_misprint_apart("Khrushchev", "Khrushcehv"));
        assert!(one_misprint_apart("Khrushchev", "Khrushchov"));
        assert!(one_misprint_apart("Stalin", "Staliin"));
        assert!(one_misprint_apart("Ali Amini", "Ali Aimni"));
        assert!(!one_misprint_apart("Stalin", "Stalin"));
        assert!(!one_misprint_apart("Chen Yi", "Chen Yun"));
        assert!(!one_misprint_apart("Mao", "Mai"));
        assert!(!one_misprint_apart("Khrushchev", "Khruschhve"));
    }

    #[test]
    fn labels_with_glosses_and_manner() {
        let l = parse("[Joseph] Stalin: No news.").unwrap();
        assert_eq!(
            (l.name.as_str(), l.glosses.as_slice()),
            ("Stalin", &["Joseph".to_string()][..])
        );
        assert_eq!(&"[Joseph] Stalin: No news."[l.rest_at..], "No news.");
        let l = parse("Tito (laughing, then gravely): We shall see.").unwrap();
        assert_eq!(l.name, "Tito");
        assert_eq!(l.manner.as_deref(), Some("laughing, then gravely"));
        let l = parse("Dear Comrades:").unwrap();
        assert!(!l.has_rest);
        assert!(parse("http://example.org: x").is_none());
    }

    #[test]
    fn shapes_of_names() {
        assert!(name_shaped("N.S. Khrushchev"));
        assert!(name_shaped("R.Sh. Kudashev"));
        assert!(name_shaped("Charles de Gaulle"));
        assert!(name_shaped("Zhu De"));
        assert!(!name_shaped("Present at the conversation"));
        assert!(!name_shaped("Point 3"));
    }

    #[test]
    fn same_person_by_surname_and_initials() {
        assert!(same_person("Soong", "T.V. Soong"));
        assert!(same_person("N.S. Khrushchev", "Khrushchev"));
        assert!(same_person("A. Gromyko", "A.A. Gromyko"));
        assert!(!same_person("Liu Shaoqi", "Liu Yalou"));
        assert!(!same_person(
            "Central Committee",
            "Chinese Communist Party’s Central Committee"
        ));
    }
}
