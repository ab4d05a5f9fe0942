//! Coverage of the gazetteer: capitalized names in the corpus that resolve to no entity.
//!
//! A name here is a run of capitalized words (with `of`, `the` and the particles of personal
//! names inside it). What is *not* a name is decided by classes of words only, never by a list
//! of leftovers: a capitalized word that opens a sentence and occurs in lower case elsewhere in
//! the corpus is an ordinary word; titles, honorifics, months, weekdays, nationality adjectives,
//! roman numerals and the pronoun "I" are general classes; a lone capitalized common noun
//! ("the Government") is emphasis, not a name.

use crate::corpus::Corpus;
use crate::mentions::NameMatcher;
use crate::model::Reading;
use std::collections::{BTreeMap, HashSet};

/// A capitalized name that resolves to no entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// The name as printed.
    pub text: String,
    /// How many times it occurs.
    pub count: usize,
    /// Where it first occurs: source file and line.
    pub file: String,
    /// Line of the first occurrence.
    pub line: usize,
}

/// Titles, ranks and honorifics that precede names.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "lord",
    "lady",
    "madame",
    "comrade",
    "comrades",
    "tovarishch",
    "marshal",
    "admiral",
    "colonel",
    "captain",
    "major",
    "lieutenant",
    "premier",
    "president",
    "chairman",
    "vice",
    "deputy",
    "minister",
    "ambassador",
    "secretary",
    "generalissimo",
    "prime",
    "professor",
    "prof",
    "mister",
    "gentlemen",
    "excellency",
    "his",
    "her",
    "your",
    "chancellor",
    "commissar",
    "envoy",
    "consul",
    "king",
    "queen",
    "emperor",
    "prince",
    "princess",
    "pope",
    "saint",
    "st",
    "messrs",
    "czar",
    "tsar",
    "god",
    "chargé",
    "charge",
    "attaché",
    "attache",
    "acting",
    "chief",
    "head",
    "member",
    "marshals",
    "chairmen",
    "vol",
    "no",
    "nos",
    "pp",
    "ed",
    "eds",
    "trans",
    "op",
    "ll",
    "cf",
    "ibid",
];

/// Months and weekdays.
const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
];

/// Ordinary English words (lower case, one per line), to tell a word that opens a sentence
/// from a name.
const ENGLISH: &str = include_str!("../assets/words/english.txt");

/// The English word list as a set.
fn english() -> HashSet<&'static str> {
    ENGLISH.lines().collect()
}

/// Whether a lower-case word is in the ordinary English word list (used by ingest to rejoin a
/// word hyphenated at a line end only where the joined word is a word).
pub fn is_ordinary_word(w: &str) -> bool {
    static SET: std::sync::OnceLock<HashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(english).contains(w)
}

/// Adjectives of nationality, language and creed: they describe, they do not name.
const NATIONALITY: &[&str] = &[
    "chinese",
    "soviet",
    "soviets",
    "russian",
    "russians",
    "american",
    "americans",
    "english",
    "british",
    "japanese",
    "korean",
    "koreans",
    "indian",
    "indians",
    "french",
    "german",
    "germans",
    "mongolian",
    "mongol",
    "mongols",
    "tibetan",
    "tibetans",
    "hungarian",
    "polish",
    "finnish",
    "turkish",
    "persian",
    "georgian",
    "armenian",
    "ukrainian",
    "european",
    "europeans",
    "asian",
    "western",
    "eastern",
    "northern",
    "southern",
    "communist",
    "communists",
    "marxist",
    "leninist",
    "marxism",
    "leninism",
    "bolshevik",
    "bolsheviks",
    "nationalist",
    "nationalists",
    "socialist",
    "socialists",
    "capitalist",
    "imperialist",
    "imperialists",
    "vietnamese",
    "laotian",
    "egyptian",
    "arab",
    "arabs",
    "manchurian",
    "buddhist",
    "christian",
    "muslim",
    "cossack",
    "cossacks",
    "taiwanese",
    "latin",
    "hindu",
    "hindus",
    "mongolians",
    "finns",
    "japs",
    "czarist",
    "czarists",
    "tsarist",
    "siberian",
    "sino",
    "russo",
    "indo",
    "anglo",
    "fascist",
    "fascists",
    "koreans",
    "czechoslovak",
    "yugoslav",
    "albanian",
    "romanian",
    "bulgarian",
    "manchu",
    "han",
    "uighur",
    "kazakh",
];

/// Particles and short words that may sit inside a name.
const CONNECTORS: &[&str] = &[
    "of", "the", "de", "von", "van", "der", "la", "le", "du", "da", "al", "bin",
];

/// Whether a word is a roman numeral (I, II, XIV) or a single letter.
fn roman_or_letter(w: &str) -> bool {
    w.chars().count() == 1 || w.chars().all(|c| "IVXLCDM".contains(c))
}

/// A word and where it sits in its text.
struct Word<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    /// Whether it opens a sentence.
    opens: bool,
}

/// Split a text into words (letters, digits, inner apostrophes and hyphens).
fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut opens = true;
    let mut pending_open = true;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let inner = matches!(c, '\'' | '’' | '-' | '.')
            && start.is_some()
            && chars.get(k + 1).is_some_and(|(_, n)| n.is_alphabetic())
            && !(c == '.' && chars.get(k + 2).is_some_and(|(_, n)| n.is_whitespace()));
        if c.is_alphanumeric() || (inner && c != '.') {
            if start.is_none() {
                start = Some(i);
                opens = pending_open;
                pending_open = false;
            }
            continue;
        }
        if let Some(s) = start.take() {
            out.push(Word {
                text: &text[s..i],
                start: s,
                end: i,
                opens,
            });
        }
        if matches!(
            c,
            '.' | '!' | '?' | ':' | ';' | '"' | '“' | '”' | '(' | '[' | ']' | '—' | '*' | '\n'
        ) {
            pending_open = true;
        }
    }
    if let Some(s) = start {
        out.push(Word {
            text: &text[s..],
            start: s,
            end: text.len(),
            opens,
        });
    }
    out
}

fn capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Every text of the corpus a name can occur in: (file, line, text, whether it is set in title
/// case, where every ordinary word is capitalized too).
fn texts(corpus: &Corpus) -> Vec<(&str, usize, String, bool)> {
    let mut out = Vec::new();
    for d in &corpus.docs {
        let f = d.source_file.as_str();
        let header = [
            (Some(&d.title), true),
            (d.collection_title.as_ref(), true),
            (d.citation.as_ref(), false),
            (d.summary.as_ref(), false),
            (d.translator.as_ref(), false),
        ];
        for (h, titled) in header {
            if let Some(h) = h {
                out.push((f, d.source_line, h.clone(), titled));
            }
        }
        for b in &d.blocks {
            out.push((f, b.line, b.text(Reading::Redline), false));
        }
        for n in &d.footnotes {
            out.push((f, n.line, n.text.clone(), false));
        }
        if let Some(c) = &d.collection_note {
            out.push((f, d.source_line, c.clone(), false));
        }
    }
    out
}

/// Capitalized names in the corpus that resolve to no entity of its gazetteer, most frequent
/// first.
pub fn unresolved(corpus: &Corpus) -> Vec<Unresolved> {
    let matcher = NameMatcher::new(&corpus.gazetteer);
    let all = texts(corpus);
    let dictionary = english();
    // Lower-case vocabulary: a word seen in lower case is an ordinary word.
    let mut lower: HashSet<String> = HashSet::new();
    for (_, _, t, _) in &all {
        for w in words(t) {
            if !capitalized(w.text) {
                lower.insert(w.text.to_lowercase());
            }
        }
    }
    let mut found: BTreeMap<String, Unresolved> = BTreeMap::new();
    for (file, line, text, titled) in &all {
        let covered: Vec<(usize, usize)> = matcher
            .find(text)
            .into_iter()
            .map(|(s, e, _)| (s, e))
            .collect();
        let ws = words(text);
        let mut runs: Vec<Vec<&Word>> = Vec::new();
        let mut cur: Vec<&Word> = Vec::new();
        for (k, w) in ws.iter().enumerate() {
            let is_covered = covered.iter().any(|&(s, e)| w.start < e && w.end > s);
            let adjacent = cur
                .last()
                .is_some_and(|p| text[p.end..w.start].chars().all(char::is_whitespace));
            if !adjacent && !cur.is_empty() {
                runs.push(std::mem::take(&mut cur));
            }
            let low = w.text.to_lowercase();
            // An ordinary word opening a sentence; a dictionary word only when no name
            // follows it ("Ho Chi Minh" opens a sentence too).
            let next_cap = ws.get(k + 1).is_some_and(|n| {
                capitalized(n.text)
                    && text[w.end..n.start].chars().all(char::is_whitespace)
                    && !covered.iter().any(|&(s, e)| n.start < e && n.end > s)
            });
            let starter = w.opens
                && (low.contains("n't")
                    || low.contains("n’t")
                    || attested(&lower, &low)
                    || (low.ends_with("ly") && dictionary.contains(low.as_str()))
                    || (!next_cap && dictionary.contains(low.as_str())));
            // A headline in capitals ("SOVIET AMBASSADOR FOR") is not a name; an acronym is.
            let headline = w.text.chars().count() >= 4
                && !w.text.chars().any(char::is_lowercase)
                && dictionary.contains(low.as_str());
            let title_case = *titled && dictionary.contains(low.as_str());
            let cap = capitalized(w.text)
                && !is_covered
                && !headline
                && !title_case
                && !starter
                && !class_breaks(w.text);
            let joins = !cur.is_empty()
                && CONNECTORS.contains(&w.text)
                && ws.get(k + 1).is_some_and(|n| capitalized(n.text));
            if cap || joins {
                cur.push(w);
            } else if !cur.is_empty() {
                runs.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            runs.push(cur);
        }
        for mut run in runs {
            while run.last().is_some_and(|w| CONNECTORS.contains(&w.text)) {
                run.pop();
            }
            // An office ("Minister of Foreign Affairs") is a title, not a name; a name may
            // follow it ("Minister of Foreign Affairs Ostrava").
            if run.first().is_some_and(|w| title(w.text))
                && run.get(1).is_some_and(|w| w.text == "of")
            {
                while run.first().is_some_and(|w| {
                    let l = w.text.to_lowercase();
                    title(w.text)
                        || CONNECTORS.contains(&l.as_str())
                        || dictionary.contains(l.as_str())
                        || attested(&lower, &l)
                }) {
                    run.remove(0);
                }
            }
            // Titles go ("Comrade Mikoyan").
            while run.first().is_some_and(|w| {
                title(w.text) || CONNECTORS.contains(&w.text.to_lowercase().as_str())
            }) {
                run.remove(0);
            }
            let (Some(first), Some(last)) = (run.first(), run.last()) else {
                continue;
            };
            // Descriptions, not names: class words with at most one ordinary word
            // ("the Soviet Government", "Russian Manager"), or a lone word the corpus also
            // prints in lower case ("the Government").
            let others: Vec<&&Word> = run
                .iter()
                .filter(|w| !class(w.text) && !CONNECTORS.contains(&w.text))
                .collect();
            let description = match others.as_slice() {
                [] => true,
                [one] => {
                    let l = one.text.to_lowercase();
                    let determined = text[..first.start]
                        .split_whitespace()
                        .next_back()
                        .is_some_and(|p| DETERMINERS.contains(&p.to_lowercase().as_str()));
                    class(one.text)
                        || attested(&lower, &l)
                        || ((run.len() > 1 || determined) && dictionary.contains(l.as_str()))
                }
                _ => false,
            };
            if description {
                continue;
            }
            let name = text[first.start..last.end]
                .trim_end_matches("'s")
                .trim_end_matches("’s")
                .to_string();
            found
                .entry(name.clone())
                .and_modify(|u| u.count += 1)
                .or_insert(Unresolved {
                    text: name,
                    count: 1,
                    file: file.to_string(),
                    line: *line,
                });
        }
    }
    let mut v: Vec<Unresolved> = found.into_values().collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then(a.text.cmp(&b.text)));
    v
}

/// Words that make the capitalized noun after them a common one ("your Note").
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "your", "our", "their", "his", "her", "its", "this", "that", "my",
];

/// Whether a word is an adjective of nationality or creed, or a compound of them.
fn nationality(w: &str) -> bool {
    let l = w.to_lowercase();
    let l = l.trim_end_matches("'s").trim_end_matches("’s");
    l.split(['-', '/']).all(|p| NATIONALITY.contains(&p))
}

/// Whether a word belongs to a general class: titles, calendar words, nationality
/// adjectives (also compounds such as `Sino-Soviet`), roman numerals, letters and numbers.
fn class(w: &str) -> bool {
    let l = w.to_lowercase();
    let l = l.trim_end_matches("'s").trim_end_matches("’s");
    TITLES.contains(&l)
        || CALENDAR.contains(&l)
        || nationality(w)
        || roman_or_letter(w)
        || w.chars().all(|c| c.is_ascii_digit())
}

/// Titles, ranks and honorifics, including `Czar` and forms of address.
fn title(w: &str) -> bool {
    let l = w.to_lowercase();
    TITLES.contains(&l.trim_end_matches("'s").trim_end_matches('s')) || TITLES.contains(&l.as_str())
}

/// Whether a lower-cased word occurs in lower case in the corpus, as itself or as a close
/// inflection (`notes`/`note`, `strengthen`/`strengthening`).
fn attested(lower: &HashSet<String>, w: &str) -> bool {
    let w = w.trim_end_matches("'s").trim_end_matches("’s");
    if lower.contains(w) {
        return true;
    }
    let stems = [
        w.strip_suffix('s'),
        w.strip_suffix("es"),
        w.strip_suffix("ed"),
        w.strip_suffix('d'),
        w.strip_suffix("ing"),
    ];
    if stems
        .iter()
        .flatten()
        .any(|s| s.len() >= 3 && lower.contains(*s))
    {
        return true;
    }
    ["s", "es", "ed", "d", "ing", "ly", "ment"]
        .iter()
        .any(|suf| lower.contains(&format!("{w}{suf}")))
}

/// Classes that end a name rather than sit in it: months and weekdays.
fn class_breaks(w: &str) -> bool {
    CALENDAR.contains(&w.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_mark_sentence_openers() {
        let ws = words("He went. Then Chou En-lai's car came.");
        let texts: Vec<&str> = ws.iter().map(|w| w.text).collect();
        assert_eq!(
            texts,
            ["He", "went", "Then", "Chou", "En-lai's", "car", "came"]
        );
        assert!(ws[0].opens && ws[2].opens && !ws[3].opens);
    }
}
