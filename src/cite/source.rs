//! Reading an archive's own citation line into the parts a CSL item needs.
//!
//! Archives print one line that runs the parts together: the title in quotation marks, the
//! date, the digital archive, the collection with its box and folder (or fond, opis and delo),
//! the repository, and credit sentences ("Translated by …", "Contributed by …", "Published in
//! Bulletin #16 by CWIHP"), sometimes the book a document was first printed in ("Vol. 1,
//! (Beijing, 2005), pp. 40-41"). Each part is recognized by its own shape, wherever it stands.

/// The parts of a citation line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credits {
    /// A digital archive or database the document is published in.
    pub container: Option<String>,
    /// The repository that keeps the original.
    pub archive: Option<String>,
    /// Where in the repository: collection, box and folder, or fond, opis, delo, pages.
    pub location: Option<String>,
    /// Where the repository is, when the line says it after the repository.
    pub archive_place: Option<String>,
    /// Translators named by "Translated (from X) by".
    pub translated_by: Vec<String>,
    /// Who gave the document to the archive ("Contributed by").
    pub contributed_by: Option<String>,
    /// The issue of the CWIHP Bulletin the translation was published in.
    pub bulletin_issue: Option<String>,
    /// A book the document was first printed in.
    pub original: Option<Original>,
}

/// A book a document was first printed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Original {
    /// Its title.
    pub title: String,
    /// Place of publication.
    pub place: Option<String>,
    /// Year of publication.
    pub year: Option<String>,
    /// The whole reference as printed.
    pub printed: String,
}

/// Words naming a repository.
fn is_repository(seg: &str) -> bool {
    seg.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w,
            "Archive" | "Archives" | "Library" | "Museum" | "Institution"
        )
    })
}

/// Split at commas outside parentheses and brackets.
fn segments(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth <= 0 {
            out.push(cur.trim().to_string());
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    out.push(cur.trim().to_string());
    out.retain(|s| !s.is_empty());
    out
}

/// The name that follows a credit ("by Vladislav M. Zubok. …"): capitalized words and
/// initials, joined by "and"; it ends at a full stop after a word longer than an initial.
fn name_after(s: &str) -> (String, usize) {
    let mut words = Vec::new();
    let mut end = 0;
    let mut pos = 0;
    for w in s.split(' ') {
        let start = pos;
        pos += w.len() + 1;
        if w.is_empty() {
            continue;
        }
        let bare = w.trim_end_matches(['.', ',', ';']);
        let capital = bare.chars().next().is_some_and(char::is_uppercase);
        if !(capital || (bare == "and" && !words.is_empty())) {
            break;
        }
        let initial = bare.chars().count() == 1;
        let kept = if initial && w.starts_with(bare) && w[bare.len()..].starts_with('.') {
            &w[..bare.len() + 1]
        } else {
            bare
        };
        words.push(kept.to_string());
        end = start + kept.len();
        if w.ends_with(',') || w.ends_with(';') || (w.ends_with('.') && !initial) {
            break;
        }
    }
    while words.last().is_some_and(|w| w == "and") {
        words.pop();
    }
    (words.join(" "), end)
}

/// Cut a sentence starting at `at` out of `s` (up to and including its full stop), returning
/// what follows its lead words.
fn take_sentence(s: &mut String, at: usize, lead: usize) -> String {
    let rest = &s[at + lead..];
    let (name, len) = name_after(rest);
    let mut end = at + lead + len;
    if s[end..].starts_with('.') {
        end += 1;
    }
    s.replace_range(at..end, "");
    name
}

/// Read a citation line. `title` and `printed_date` are the document's, so that the line's
/// copies of them are recognized and left out.
pub fn read(line: &str, title: &str, printed_date: Option<&str>) -> Credits {
    let mut c = Credits::default();
    let mut s = crate::cite::item::clean(line);
    // The address at the end, in angle brackets or bare.
    if let Some(start) = s.rfind('<').filter(|_| s.ends_with('>')) {
        if s[start..].contains("://") {
            s.truncate(start);
        }
    } else if let Some(start) = s.rfind(' ').filter(|&i| s[i + 1..].starts_with("http")) {
        s.truncate(start);
    }
    // Credit sentences, wherever they stand.
    loop {
        let lower = s.to_string();
        if let Some(at) = lower.find("Contributed by ") {
            c.contributed_by = Some(take_sentence(&mut s, at, "Contributed by ".len()));
            continue;
        }
        if let Some(at) = lower.find("Translated ") {
            let after = &lower[at + "Translated ".len()..];
            let lead = if after.starts_with("by ") {
                Some("Translated by ".len())
            } else if after.starts_with("from ") {
                after
                    .find(" by ")
                    .filter(|&i| i < 30)
                    .map(|i| "Translated ".len() + i + " by ".len())
            } else {
                None
            };
            if let Some(lead) = lead {
                let t = take_sentence(&mut s, at, lead);
                if !t.is_empty() {
                    c.translated_by.push(t);
                }
                continue;
            }
        }
        if let Some(at) = lower.find("Published in ") {
            let rest = &lower[at..];
            let end = rest.find(". ").map_or(rest.len(), |e| e + 1);
            let sentence = &rest[..end];
            if let Some(issue) = bulletin_issue(sentence) {
                c.bulletin_issue = Some(issue);
                s.replace_range(at..at + end, "");
                continue;
            }
        }
        break;
    }
    let mut s = s.trim().to_string();
    // The line's last full stop, but not an abbreviation's ("Washington, D.C.").
    let last_word = s.rsplit(' ').next().unwrap_or("");
    if s.ends_with('.') && last_word.matches('.').count() == 1 && last_word.len() > 2 {
        s.pop();
    }
    // The line's copies of the title (in quotation marks) and of the date.
    for q in [
        format!("\"{title}\""),
        format!("“{title}”"),
        format!("“{title},”"),
        format!("\"{title},\""),
    ] {
        if let Some(at) = s.find(&q) {
            s.replace_range(at..at + q.len(), "");
            break;
        }
    }
    if let Some(d) = printed_date.filter(|d| !d.trim().is_empty()) {
        if let Some(at) = s.find(d) {
            s.replace_range(at..at + d.len(), "");
        }
    }
    // A book the document was printed in: "Title … Vol. 1, (Place, Year), pp. 40-41".
    if let Some(o) = original(&s) {
        c.original = Some(o);
        return c;
    }
    let mut segs = segments(&s);
    let folded = |x: &str| {
        x.trim_matches(|ch: char| "\"“”'‘’ .".contains(ch))
            .to_lowercase()
    };
    let title_f = folded(title);
    segs.retain(|g| {
        let f = folded(g);
        f != title_f && printed_date.is_none_or(|d| f != folded(d))
    });
    if let Some(i) = segs.iter().position(|g| g.contains("Digital Archive")) {
        c.container = Some(segs.remove(i));
    }
    match segs.iter().position(|g| is_repository(g)) {
        Some(0) => {
            c.archive = Some(segs[0].clone());
            let rest = segs[1..].join(", ");
            c.location = Some(rest).filter(|r| !r.is_empty());
        }
        Some(i) => {
            c.archive = Some(segs[i].clone());
            c.location = Some(segs[..i].join(", "));
            let after = segs[i + 1..].join(", ");
            c.archive_place = Some(after).filter(|r| !r.is_empty());
        }
        None => {
            let rest = segs.join(", ");
            c.location = Some(rest).filter(|r| !r.is_empty());
        }
    }
    c
}

/// The issue number in "Published in (the) (CWIHP) Bulletin #16 (by CWIHP)" or "CWIHP
/// Bulletin no. 6-7".
fn bulletin_issue(sentence: &str) -> Option<String> {
    let at = sentence.find("Bulletin")?;
    let cwihp = sentence.contains("CWIHP") || sentence.contains("Cold War International History");
    if !cwihp {
        return None;
    }
    let rest = sentence[at + "Bulletin".len()..].trim_start();
    let rest = rest
        .strip_prefix('#')
        .or_else(|| rest.strip_prefix("no."))
        .or_else(|| rest.strip_prefix("No."))
        .unwrap_or(rest)
        .trim_start();
    let issue: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '-' | '–' | '/'))
        .collect();
    let issue = issue.trim_end_matches(['-', '–', '/']).to_string();
    (!issue.is_empty()).then_some(issue)
}

/// A printed book reference: a title, then `(Place, Year)` somewhere after it.
fn original(s: &str) -> Option<Original> {
    let open = s.find(", (").map(|i| i + 2).or_else(|| s.find(" ("))?;
    // The last parenthesis holding "Place, 1234".
    let mut found = None;
    let mut from = open;
    while let Some(rel) = s[from..].find('(') {
        let start = from + rel;
        let Some(len) = s[start..].find(')') else {
            break;
        };
        let inner = &s[start + 1..start + len];
        if let Some((place, year)) = inner.rsplit_once(", ") {
            if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) {
                found = Some((place.trim().to_string(), year.to_string()));
            }
        }
        from = start + len;
    }
    let (place, year) = found?;
    let title_end = [s.find(" ("), s.find(" Vol."), s.find(", vol.")]
        .into_iter()
        .flatten()
        .min()?;
    Some(Original {
        title: s[..title_end].trim().to_string(),
        place: Some(place),
        year: Some(year),
        printed: s.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_collection_then_its_repository() {
        let c = read(
            "\"Letter from A to B\", May 1, 1960, Wilson Center Digital Archive, Smith Papers, box 2, \
             folder 7, Widener Library. Contributed by Ann Lee. <https://example.org/document/1>",
            "Letter from A to B",
            Some("May 1, 1960"),
        );
        assert_eq!(
            c.container.as_deref(),
            Some("Wilson Center Digital Archive")
        );
        assert_eq!(c.location.as_deref(), Some("Smith Papers, box 2, folder 7"));
        assert_eq!(c.archive.as_deref(), Some("Widener Library"));
        assert_eq!(c.contributed_by.as_deref(), Some("Ann Lee"));
        assert!(c.translated_by.is_empty());
    }

    #[test]
    fn a_repository_then_fond_opis_delo() {
        let c = read(
            "\"Talk\", June 3, 1952, Central Archive of the Ministry, f. 3, op. 65, d. 9, ll. 2-5. \
             Translated by J. K. Doe and Mary Roe.",
            "Talk",
            Some("June 3, 1952"),
        );
        assert_eq!(
            c.archive.as_deref(),
            Some("Central Archive of the Ministry")
        );
        assert_eq!(c.location.as_deref(), Some("f. 3, op. 65, d. 9, ll. 2-5"));
        assert_eq!(c.translated_by, vec!["J. K. Doe and Mary Roe".to_string()]);
        assert_eq!(c.container, None);
    }

    #[test]
    fn a_book_and_a_bulletin() {
        let c = read(
            "Selected Papers of Somebody Vol. 2, (Shanghai, 1999), pp. 10-12. Translated from \
             Russian by Ivan Petrov. Published in Bulletin #14/15 by CWIHP",
            "Memo",
            None,
        );
        assert_eq!(c.bulletin_issue.as_deref(), Some("14/15"));
        assert_eq!(c.translated_by, vec!["Ivan Petrov".to_string()]);
        let o = c.original.expect("a book");
        assert_eq!(o.title, "Selected Papers of Somebody");
        assert_eq!(o.place.as_deref(), Some("Shanghai"));
        assert_eq!(o.year.as_deref(), Some("1999"));
    }

    #[test]
    fn nothing_recognized_stays_as_location() {
        let c = read("Private papers of the family", "T", None);
        assert_eq!(c.location.as_deref(), Some("Private papers of the family"));
        assert_eq!(c.archive, None);
        assert_eq!(read("", "T", None), Credits::default());
    }
}
