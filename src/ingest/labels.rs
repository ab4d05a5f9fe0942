//! Speaker labels at the start of a paragraph: `Stalin:`, `[Joseph] Stalin:`,
//! `N.S. Khrushchev:`, `Mao Zedong (peevishly):`, and whether a name is shaped like a person's.

use crate::text::fold;

/// A label that opens a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The label as printed, without manner and colon (`[Joseph] Stalin`).
    pub printed: String,
    /// The name with editorial glosses removed (`Stalin`).
    pub name: String,
    /// Glosses inside the label (`Joseph`).
    pub glosses: Vec<String>,
    /// A parenthesized stage direction after the name (`peevishly`).
    pub manner: Option<String>,
    /// Byte offset in the paragraph where the speech starts.
    pub rest_at: usize,
    /// Whether speech follows the colon in the same paragraph.
    pub has_rest: bool,
}

/// Particles that may stand lowercase inside a personal name.
const PARTICLES: &[&str] = &[
    "de", "da", "di", "du", "van", "von", "der", "den", "la", "le", "bin", "ibn", "al", "y",
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

/// Read a label at the start of a paragraph.
pub fn parse(text: &str) -> Option<Label> {
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
    let mut glosses = Vec::new();
    let mut name = String::new();
    let mut rest = label_part;
    while let Some(open) = rest.find('[') {
        name.push_str(&rest[..open]);
        let close = rest[open..].find(']')? + open;
        glosses.push(rest[open + 1..close].trim().to_string());
        rest = &rest[close + 1..];
    }
    name.push_str(rest);
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
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
    })
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
