//! Furniture: the lines of a saved web page or a printed page that are not the record —
//! navigation ("Skip to main content", "Menu"), buttons ("get citation", "Share", "Download
//! PDF"), sidebars ("Related Documents" with other records' dates and titles), footers (funding
//! and copyright lines), page numbers and page-break debris (`Page 314`, `[Page 377]`,
//! `page_314<br/>`), separators, links and release stamps.
//!
//! Lines are recognized by general cues, never by one site's strings: their length and lack of
//! sentence punctuation, the vocabulary of web interfaces (the words buttons and menus use on
//! every site), page and release vocabulary, position before the record's title or after its
//! end, a script other than the page's own, and repetition (a site's line printed twice).

use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Words that buttons, menus and navigation use on any site.
const UI_WORDS: &[&str] = &[
    "skip",
    "menu",
    "search",
    "browse",
    "print",
    "printer",
    "friendly",
    "share",
    "download",
    "downloads",
    "pdf",
    "epub",
    "txt",
    "html",
    "xml",
    "json",
    "citation",
    "cite",
    "citations",
    "click",
    "here",
    "home",
    "homepage",
    "contact",
    "email",
    "e-mail",
    "login",
    "logout",
    "log",
    "sign",
    "subscribe",
    "newsletter",
    "back",
    "top",
    "next",
    "previous",
    "prev",
    "view",
    "views",
    "more",
    "like",
    "follow",
    "tweet",
    "facebook",
    "twitter",
    "linkedin",
    "copy",
    "link",
    "links",
    "cookie",
    "cookies",
    "privacy",
    "terms",
    "faq",
    "help",
    "about",
    "upload",
    "uploaded",
    "content",
    "contents",
    "main",
    "navigation",
    "toggle",
    "close",
    "open",
    "expand",
    "collapse",
    "filter",
    "filters",
    "sort",
    "results",
    "go",
    "you",
    "are",
    "in",
    "to",
    "the",
    "this",
    "page",
    "of",
    "on",
    "as",
    "or",
    "and",
    "a",
    "my",
    "account",
    "cart",
    "bookmark",
    "save",
    "saved",
    "embed",
    "rss",
    "feed",
    "translate",
    "language",
    "languages",
    "english",
    "info",
    "information",
    "read",
    "full",
    "document",
    "documents",
    "item",
    "items",
    "record",
    "id",
    "date",
    "original",
    "details",
    "image",
    "images",
    "photo",
    "photos",
    "video",
    "audio",
    "transcript",
    "scan",
    "scans",
    "zoom",
    "show",
    "hide",
    "all",
    "new",
    "tab",
    "window",
    "version",
    "get",
    "links",
];

/// Words that make a line an interface line, not only filler around one.
const UI_CORE: &[&str] = &[
    "skip",
    "menu",
    "search",
    "browse",
    "print",
    "printer",
    "share",
    "download",
    "downloads",
    "pdf",
    "epub",
    "txt",
    "html",
    "citation",
    "cite",
    "click",
    "home",
    "homepage",
    "contact",
    "email",
    "e-mail",
    "login",
    "logout",
    "subscribe",
    "newsletter",
    "tweet",
    "facebook",
    "twitter",
    "linkedin",
    "cookie",
    "cookies",
    "privacy",
    "faq",
    "upload",
    "uploaded",
    "navigation",
    "toggle",
    "bookmark",
    "embed",
    "rss",
    "zoom",
];

/// Words of a site's own name or tagline ("Digital Archive", "History Program").
const SITE_WORDS: &[&str] = &[
    "archive",
    "archives",
    "digital",
    "library",
    "database",
    "portal",
    "website",
    "online",
    "declassified",
    "program",
    "programme",
    "project",
    "foundation",
    "institute",
    "center",
    "centre",
    "university",
    "museum",
    "department",
    "office",
    "historian",
    "history",
    "international",
    "collection",
    "collections",
];

/// Words that a record's own headings use: such a short line is a heading, not furniture.
const RECORD_WORDS: &[&str] = &[
    "secret",
    "confidential",
    "classified",
    "subject",
    "participants",
    "present",
    "memorandum",
    "conversation",
    "record",
    "minutes",
    "notes",
    "transcript",
    "translation",
    "telegram",
    "cable",
    "message",
    "letter",
    "meeting",
    "discussion",
    "talks",
    "time",
    "place",
    "eyes",
    "only",
    "restricted",
    "urgent",
    "immediate",
    "priority",
    "draft",
    "enclosure",
    "attachment",
];

/// Headings of sidebars that list other records.
fn sidebar_heading(t: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)^(?:related\s+(?:documents?|items?|content|resources|records|articles|links|materials)|see\s+also|more\s+(?:from|like\s+this|documents)|recommended(?:\s+for\s+you)?|you\s+might\s+also\s+like|you\s+may\s+also\s+like|similar\s+(?:documents|items)|document\s+information|about\s+this\s+(?:document|item|record)|metadata|tags|keywords|themes|share\s+this)\s*:?$",
        )
        .expect("valid regex")
    })
    .is_match(t)
}

fn words_of(t: &str) -> Vec<String> {
    t.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether a line ends like a sentence.
fn sentence_end(t: &str) -> bool {
    t.trim_end()
        .ends_with(['.', '?', '!', ':', ';', '"', '\u{201d}', ')', ']'])
}

fn letters_in(t: &str) -> usize {
    t.chars().filter(|c| c.is_alphabetic()).count()
}

/// The cue that makes one line furniture wherever it stands, if any.
fn line_cue(t: &str) -> Option<&'static str> {
    static PAGE: OnceLock<Regex> = OnceLock::new();
    static STAMP: OnceLock<Regex> = OnceLock::new();
    static FOOTER: OnceLock<Regex> = OnceLock::new();
    static URL: OnceLock<Regex> = OnceLock::new();
    if t.is_empty() {
        return None;
    }
    // Separators: nothing but rules, stars and bullets (an ellipsis is the editor's, kept).
    if t.chars().all(|c| {
        matches!(c, '*' | '-' | '_' | '=' | '|' | '~' | '#' | '•' | '·') || c.is_whitespace()
    }) {
        return Some("separator");
    }
    let page = PAGE.get_or_init(|| {
        Regex::new(
            r"(?i)^(?:\[\s*(?:page|p\.|pg\.?)\s*[0-9ivxlc]+\s*\]|(?:page|p\.|pg\.?)\s*[0-9]+(?:\s*of\s*[0-9]+)?|page_[0-9]+\s*(?:<br\s*/?>)?|[-\u{2013}\u{2014}]?\s*[0-9]{1,4}\s*[-\u{2013}\u{2014}]?|[0-9]{1,4}\s*/\s*[0-9]{1,4}|you\s+are\s+on\s+page\s*[0-9]+\s*of\s*[0-9]+)$",
        )
        .expect("valid regex")
    });
    if page.is_match(t) {
        return Some("page number");
    }
    let url = URL
        .get_or_init(|| Regex::new(r"(?i)^(?:<?https?://\S+>?|www\.\S+)$").expect("valid regex"));
    if url.is_match(t) {
        return Some("link");
    }
    let stamp = STAMP.get_or_init(|| {
        Regex::new(
            r"(?i)^(?:approved\s+for\s+release|declassified\s+(?:and\s+approved|per|authority|by)|sanitized\s+copy\s+approved|declassified\s*$)",
        )
        .expect("valid regex")
    });
    if stamp.is_match(t) {
        return Some("release stamp");
    }
    let footer = FOOTER.get_or_init(|| {
        Regex::new(
            r"(?i)(?:copyright\s|\u{a9}|all\s+rights\s+reserved|made\s+possible\s+(?:with|by|through)|with\s+(?:the\s+)?(?:generous\s+)?support\s+(?:of|from)|funded\s+by|welcomes\s+reuse|terms\s+of\s+use|privacy\s+(?:policy|notice)|cookie\s+(?:policy|settings)|rights\s+status|request\s+permission)",
        )
        .expect("valid regex")
    });
    if t.chars().count() <= 400 && footer.is_match(t) {
        return Some("footer");
    }
    // Words glued together by a lost layout ("HomeContact UsEmail this Page").
    let glued = t
        .split_whitespace()
        .filter(|w| {
            let chars: Vec<char> = w.chars().collect();
            chars
                .windows(2)
                .any(|p| p[0].is_lowercase() && p[1].is_uppercase())
                && chars.iter().all(|c| c.is_alphabetic() || *c == '.')
        })
        .count();
    if glued >= 3 && !sentence_end(t) {
        return Some("navigation");
    }
    let words = words_of(t);
    if words.is_empty() || words.len() > 8 {
        return None;
    }
    if t.eq_ignore_ascii_case("you are here") {
        return Some("navigation");
    }
    let core = words.iter().any(|w| UI_CORE.contains(&w.as_str()));
    let ui = words
        .iter()
        .filter(|w| UI_WORDS.contains(&w.as_str()))
        .count();
    let record = words.iter().any(|w| RECORD_WORDS.contains(&w.as_str()));
    // "Click here to read the full document." is a button even with its full stop.
    if core && ui * 4 >= words.len() * 3 && !record {
        return Some("button");
    }
    if core && !sentence_end(t) && ui * 2 >= words.len() && !record {
        return Some("navigation");
    }
    let lower = t.to_lowercase();
    if glued >= 1 && UI_CORE.iter().any(|c| lower.contains(c)) && !sentence_end(t) {
        return Some("navigation");
    }
    None
}

/// The script most of a text's letters are in: `true` for Latin.
fn mostly_latin(lines: &[&str]) -> bool {
    let (mut latin, mut other) = (0usize, 0usize);
    for l in lines.iter().take(2000) {
        for c in l.chars().filter(|c| c.is_alphabetic()) {
            if (c as u32) < 0x250 {
                latin += 1;
            } else {
                other += 1;
            }
        }
    }
    latin >= other * 4
}

fn latin_line(t: &str) -> bool {
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty()
        && letters.iter().filter(|&&c| (c as u32) < 0x250).count() * 2 >= letters.len()
}

/// Whether a line could be where the record itself starts: a title naming a record, a date, a
/// heading of the record, a labelled turn or a paragraph of prose.
fn record_starts(t: &str) -> bool {
    let words = words_of(t);
    if words.len() >= 14 && letters_in(t) >= 60 {
        return true;
    }
    if crate::dates::date_only(t).is_some()
        || crate::dates::find_dates(t)
            .iter()
            .any(|d| d.iso.len() == 10)
    {
        return true;
    }
    if super::fields::names_a_record(t) || words.iter().any(|w| RECORD_WORDS.contains(&w.as_str()))
    {
        return true;
    }
    super::labels::parse(t).is_some_and(|l| l.has_rest && super::labels::name_shaped(&l.name))
}

/// Mark the furniture among a file's lines: for each line, the cue that makes it furniture.
pub fn mark(lines: &[&str]) -> Vec<Option<&'static str>> {
    let mut out: Vec<Option<&'static str>> = vec![None; lines.len()];
    let trimmed: Vec<String> = lines
        .iter()
        .map(|l| {
            l.trim()
                .trim_start_matches(['•', '◦', '▪', '○'])
                .trim()
                .to_string()
        })
        .collect();
    for (i, t) in trimmed.iter().enumerate() {
        out[i] = line_cue(t);
    }
    // A short line a site prints twice or more (a button, its name), not a sentence.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for t in &trimmed {
        if !t.is_empty() {
            *seen.entry(t.as_str()).or_insert(0) += 1;
        }
    }
    for (i, t) in trimmed.iter().enumerate() {
        let w = words_of(t);
        if out[i].is_none()
            && seen.get(t.as_str()).copied().unwrap_or(0) >= 2
            && (1..=8).contains(&w.len())
            && !sentence_end(t)
            && !w.iter().any(|x| RECORD_WORDS.contains(&x.as_str()))
            && crate::dates::find_dates(t).is_empty()
            && super::labels::parse(t).is_none_or(|l| !l.has_rest)
            && w.iter()
                .any(|x| UI_WORDS.contains(&x.as_str()) || SITE_WORDS.contains(&x.as_str()))
        {
            out[i] = Some("repeated site line");
        }
    }
    // Before the record: a site's name and tagline, and interface text in another script.
    let latin = mostly_latin(lines);
    for (i, t) in trimmed.iter().enumerate() {
        if t.is_empty() || out[i].is_some() {
            continue;
        }
        if record_starts(t) {
            break;
        }
        let w = words_of(t);
        let site = w.iter().any(|x| SITE_WORDS.contains(&x.as_str()));
        let foreign = latin != latin_line(t) && letters_in(t) > 0;
        if (1..=10).contains(&w.len()) && !sentence_end(t) && (site || foreign) {
            out[i] = Some("site heading");
        }
    }
    // A sidebar listing other records runs from its heading to the next long paragraph.
    let mut i = 0;
    while i < trimmed.len() {
        if sidebar_heading(&trimmed[i]) {
            out[i] = Some("sidebar");
            let mut j = i + 1;
            while j < trimmed.len() {
                let t = &trimmed[j];
                if !t.is_empty() && out[j].is_none() && words_of(t).len() >= 25 && sentence_end(t) {
                    break;
                }
                if !t.is_empty() && out[j].is_none() {
                    out[j] = Some("sidebar");
                }
                j += 1;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(text: &str) -> Vec<(String, Option<&'static str>)> {
        let lines: Vec<&str> = text.lines().collect();
        let marks = mark(&lines);
        lines
            .iter()
            .zip(marks)
            .filter(|(l, _)| !l.trim().is_empty())
            .map(|(l, m)| (l.trim().to_string(), m))
            .collect()
    }

    #[test]
    fn interface_lines_are_furniture_and_the_record_is_not() {
        let got = cues(
            "Skip to main content\nMenu\nState Papers Online Library\n\nJune 3, 1961\n\nRecord of a Conversation between Lindqvist and Okafor\n\nDownload PDF\nShare\n\nLindqvist: The talks may begin. We have a short agenda.\n[Page 12]\nOkafor: Agreed.\nPage 13\n* * *\nhttps://example.org/doc/1\n\nRelated Documents\nJune 4, 1961\nSecond Conversation between Lindqvist and Okafor\nThis collection was made possible with support from a fund.\nShare\n",
        );
        let furniture: Vec<&str> = got
            .iter()
            .filter(|(_, m)| m.is_some())
            .map(|(l, _)| l.as_str())
            .collect();
        assert_eq!(
            furniture,
            [
                "Skip to main content",
                "Menu",
                "State Papers Online Library",
                "Download PDF",
                "Share",
                "[Page 12]",
                "Page 13",
                "* * *",
                "https://example.org/doc/1",
                "Related Documents",
                "June 4, 1961",
                "Second Conversation between Lindqvist and Okafor",
                "This collection was made possible with support from a fund.",
                "Share"
            ]
        );
    }

    #[test]
    fn headings_signatures_and_short_speech_stay() {
        let got = cues(
            "TOP SECRET\n\nMemorandum of Conversation\n\nSUBJECT\n\nThe Secretary said that he would print the statement.\n\nOkafor: Yes.\n\nOkafor: Yes.\n\n...\n\nJ. Lindqvist\n",
        );
        assert!(got.iter().all(|(_, m)| m.is_none()), "{got:?}");
    }
}
