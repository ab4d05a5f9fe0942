//! The search query language, shared by `carrel search` and the reading room's corpus search:
//! words (all of them must occur), `"a phrase"`, `prefix*`, and filters written into the query
//! (`speaker:stalin kind:telegram from:1950 to:1951 entity:dalian`). Filters are taken out
//! before the words reach the index, so `speaker:` is never read as a word or a column.

use crate::search::words;

/// One part of the text of a query, in folded words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A word that must occur.
    Word(String),
    /// Any word starting with this.
    Prefix(String),
    /// Words that must occur in this order, next to each other; the last may be a prefix.
    Phrase(Vec<String>, bool),
}

/// The filters a query can carry, as written (names or ids, not yet resolved).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// `speaker:` — only turns of this speaker.
    pub speaker: Option<String>,
    /// `entity:` — only paragraphs naming this entity.
    pub entity: Option<String>,
    /// `kind:` — only documents of this kind.
    pub kind: Option<String>,
    /// `from:` — dated on or after.
    pub from: Option<String>,
    /// `to:` — dated on or before.
    pub to: Option<String>,
}

/// A query split into its text and its filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// What remains for the index once the filters are taken out, as typed.
    pub text: String,
    /// The words, prefixes and phrases of `text`, folded.
    pub terms: Vec<Term>,
    /// The filters written in the query.
    pub filters: Filters,
}

/// The names of the filters, as they are written before the colon.
pub const FILTERS: [&str; 5] = ["speaker", "entity", "kind", "from", "to"];

/// Split a query into filters and text. A filter is `name:value` or `name:"a value"` with a
/// name of [`FILTERS`] (any case); anything else, `foo:bar` included, is text. A filter given
/// twice with different values is an error, as is one with no value.
pub fn parse(input: &str) -> Result<Parsed, String> {
    let mut filters = Filters::default();
    let mut text = String::new();
    let mut rest = input;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        // A quoted phrase is text, whatever it holds.
        if let Some(after) = rest.strip_prefix('"') {
            let len = after.find('"').map_or(rest.len(), |e| e + 2);
            let (phrase, tail) = rest.split_at(len);
            push_word(&mut text, phrase);
            rest = tail;
            continue;
        }
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..word_end];
        let filter = word.split_once(':').and_then(|(name, value)| {
            let name = name.to_ascii_lowercase();
            FILTERS.contains(&name.as_str()).then_some((name, value))
        });
        let Some((name, value)) = filter else {
            push_word(&mut text, word);
            rest = &rest[word_end..];
            continue;
        };
        // The value: quoted (and then it may hold spaces) or up to the next space.
        // The name is ASCII, so its length is the same before and after lower-casing.
        let after_colon = &rest[name.len() + 1..];
        let (value, tail) = if let Some(q) = after_colon.strip_prefix('"') {
            match q.find('"') {
                Some(e) => (&q[..e], &q[e + 1..]),
                None => (q, ""),
            }
        } else {
            (value, &rest[word_end..])
        };
        let value = value.trim();
        if value.is_empty() {
            return Err(format!(
                "`{name}:` needs a value (for example {name}:{})",
                example(&name)
            ));
        }
        let slot = match name.as_str() {
            "speaker" => &mut filters.speaker,
            "entity" => &mut filters.entity,
            "kind" => &mut filters.kind,
            "from" => &mut filters.from,
            _ => &mut filters.to,
        };
        match slot {
            Some(old) if old != value => {
                return Err(format!("`{name}:` given twice ({old}, {value})"));
            }
            _ => *slot = Some(value.to_string()),
        }
        rest = tail;
    }
    let terms = terms(&text);
    Ok(Parsed {
        text,
        terms,
        filters,
    })
}

fn example(name: &str) -> &'static str {
    match name {
        "speaker" => "stalin",
        "entity" => "dalian",
        "kind" => "telegram",
        "from" => "1950",
        _ => "1951-06",
    }
}

fn push_word(text: &mut String, w: &str) {
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(w);
}

/// The words, prefixes and phrases of a query's text, folded as the index folds them.
/// Punctuation separates words (as it does in the index): `foo:bar` is the phrase `foo bar`.
pub fn terms(text: &str) -> Vec<Term> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            let (inner, tail) = match after.find('"') {
                Some(e) => (&after[..e], &after[e + 1..]),
                None => (after, ""),
            };
            let prefix = inner.trim_end().ends_with('*');
            let ws: Vec<String> = words::words(inner).map(|w| w.folded).collect();
            match ws.len() {
                0 => {}
                1 if prefix => out.push(Term::Prefix(ws[0].clone())),
                1 => out.push(Term::Word(ws[0].clone())),
                _ => out.push(Term::Phrase(ws, prefix)),
            }
            rest = tail;
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(rest.len());
        let chunk = &rest[..end];
        // Words joined by punctuation (`thirty-year`, `Lin's`) are a phrase, as printed.
        let mut ws: Vec<String> = words::words(chunk).map(|w| w.folded).collect();
        let prefix = chunk.ends_with('*');
        match ws.len() {
            0 => {}
            1 if prefix => out.extend(ws.pop().map(Term::Prefix)),
            1 => out.extend(ws.pop().map(Term::Word)),
            _ => out.push(Term::Phrase(ws, prefix)),
        }
        rest = rest[end..].trim_start_matches(char::is_whitespace);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_come_out_of_the_text() {
        let p = parse(r#"speaker:stalin kind:telegram from:1950 to:1951 entity:dalian "a phrase""#)
            .expect("parsed");
        assert_eq!(p.text, "\"a phrase\"");
        assert_eq!(p.filters.speaker.as_deref(), Some("stalin"));
        assert_eq!(p.filters.kind.as_deref(), Some("telegram"));
        assert_eq!(p.filters.from.as_deref(), Some("1950"));
        assert_eq!(p.filters.to.as_deref(), Some("1951"));
        assert_eq!(p.filters.entity.as_deref(), Some("dalian"));
        assert_eq!(
            p.terms,
            vec![Term::Phrase(vec!["a".into(), "phrase".into()], false)]
        );
    }

    #[test]
    fn quoted_values_and_words_around_filters() {
        let p = parse(r#"Dairen Speaker:"Joseph Stalin" port arth*"#).expect("parsed");
        assert_eq!(p.filters.speaker.as_deref(), Some("Joseph Stalin"));
        assert_eq!(p.text, "Dairen port arth*");
        assert_eq!(
            p.terms,
            vec![
                Term::Word("dairen".into()),
                Term::Word("port".into()),
                Term::Prefix("arth".into())
            ]
        );
    }

    #[test]
    fn other_colons_are_text_and_phrases_keep_filter_words() {
        let p = parse(r#"note:this "kind:telegram here""#).expect("parsed");
        assert_eq!(p.filters, Filters::default());
        assert_eq!(p.text, r#"note:this "kind:telegram here""#);
        assert_eq!(
            p.terms,
            vec![
                Term::Phrase(vec!["note".into(), "this".into()], false),
                Term::Phrase(vec!["kind".into(), "telegram".into(), "here".into()], false)
            ]
        );
    }

    #[test]
    fn folded_like_the_index() {
        let p = parse("Lüshun CHOU").expect("parsed");
        assert_eq!(
            p.terms,
            vec![Term::Word("lushun".into()), Term::Word("chou".into())]
        );
    }

    #[test]
    fn bad_filters_say_what_is_wrong() {
        assert!(parse("kind: telegram").is_err());
        assert!(parse("kind:telegram kind:memcon").is_err());
        assert!(parse("kind:telegram kind:telegram").is_ok());
        assert!(parse("from:\"\"").is_err());
    }
}
