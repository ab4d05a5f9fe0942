//! Words as the search index sees them: runs of letters and digits, folded (lower case,
//! diacritics removed), each with its byte range in the original text. The index, the query
//! and the snippets all cut text here, so a match found in a snippet is the one the index
//! found.

use crate::text::fold;

/// A word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte offset of its first character in the text.
    pub start: usize,
    /// Byte offset just past its last character.
    pub end: usize,
    /// The word folded: `Lüshun` is `lushun`.
    pub folded: String,
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Words<'_> {
    Words { text, pos: 0 }
}

/// Iterator over the words of a text (see [`words`]).
pub struct Words<'a> {
    text: &'a str,
    pos: usize,
}

/// Whether a character belongs to a word.
fn in_word(c: char) -> bool {
    c.is_alphanumeric()
}

impl Iterator for Words<'_> {
    type Item = Word;

    fn next(&mut self) -> Option<Word> {
        let bytes = self.text.as_bytes();
        // Skip to the next word; ASCII is tested byte by byte.
        let mut i = self.pos;
        loop {
            if i >= bytes.len() {
                self.pos = i;
                return None;
            }
            let b = bytes[i];
            if b.is_ascii() {
                if b.is_ascii_alphanumeric() {
                    break;
                }
                i += 1;
            } else {
                let c = self.text[i..].chars().next()?;
                if in_word(c) {
                    break;
                }
                i += c.len_utf8();
            }
        }
        let start = i;
        let mut ascii = true;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii() {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                i += 1;
            } else {
                let Some(c) = self.text[i..].chars().next() else {
                    break;
                };
                if !in_word(c) {
                    break;
                }
                ascii = false;
                i += c.len_utf8();
            }
        }
        self.pos = i;
        let raw = &self.text[start..i];
        let folded = if ascii {
            raw.to_ascii_lowercase()
        } else {
            // Folding may turn one word into two (a mark-only character, a ligature with a
            // space); the index keeps it as one.
            fold(raw).replace(' ', "")
        };
        Some(Word {
            start,
            end: i,
            folded,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_with_their_places() {
        let t = "Lüshun (Port Arthur), Stalin's 1950-02-14; Чжоу 周恩来";
        let w: Vec<(String, &str)> = words(t)
            .map(|w| (w.folded.clone(), &t[w.start..w.end]))
            .collect();
        assert_eq!(
            w,
            vec![
                ("lushun".to_string(), "Lüshun"),
                ("port".to_string(), "Port"),
                ("arthur".to_string(), "Arthur"),
                ("stalin".to_string(), "Stalin"),
                ("s".to_string(), "s"),
                ("1950".to_string(), "1950"),
                ("02".to_string(), "02"),
                ("14".to_string(), "14"),
                ("чжоу".to_string(), "Чжоу"),
                ("周恩来".to_string(), "周恩来"),
            ]
        );
    }

    #[test]
    fn nothing_but_punctuation() {
        assert_eq!(words(" -- [...] ").count(), 0);
        assert_eq!(words("").count(), 0);
    }

    #[test]
    fn case_changing_letters_keep_their_offsets() {
        let t = "İstanbul ẞtraße ǅemal";
        let w: Vec<&str> = words(t).map(|w| &t[w.start..w.end]).collect();
        assert_eq!(w, vec!["İstanbul", "ẞtraße", "ǅemal"]);
    }
}
