//! Small text helpers shared by ingest, the store and the search: folding, slugs, words.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Fold a string for matching: lower case, diacritics removed, curly apostrophes made straight,
/// hyphens, editorial brackets and runs of whitespace made single spaces. `Chou En-lai` and `chou en lai` fold alike.
pub fn fold(s: &str) -> String {
    fold_with_map(s).0
}

/// Fold a string, and map each byte of the folded text (and its end) to the byte offset of the
/// original character it came from.
pub fn fold_with_map(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() + 1);
    let mut prev_space = true;
    let mut one = [' '; 1];
    for (offset, orig) in s.char_indices() {
        // Most text is ASCII: lower-cased and spaced here without the general machinery.
        if orig.is_ascii() && orig != '`' {
            let b = orig as u8;
            if b == b'-' || b == b'[' || b == b']' || b.is_ascii_whitespace() || b == 0x0b {
                if !prev_space {
                    out.push(' ');
                    map.push(offset);
                }
                prev_space = true;
            } else {
                prev_space = false;
                out.push(b.to_ascii_lowercase() as char);
                map.push(offset);
            }
            continue;
        }
        // ASCII needs no decomposition; everything else is decomposed to drop its marks.
        let decomposed: &mut dyn Iterator<Item = char> = if orig.is_ascii() {
            one[0] = orig;
            &mut one.iter().copied()
        } else {
            &mut std::iter::once(orig).nfd()
        };
        for c in decomposed {
            if !c.is_ascii() && is_combining_mark(c) {
                continue;
            }
            let c = match c {
                '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{02BB}' | '`' | '\u{00B4}' => '\'',
                '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' => ' ',
                // Editorial brackets inside a name ("[John Foster] Dulles") do not split it.
                '[' | ']' => ' ',
                'ø' | 'Ø' => 'o',
                'ł' | 'Ł' => 'l',
                'ß' => 's',
                'æ' | 'Æ' => 'a',
                c if c.is_whitespace() => ' ',
                c => c,
            };
            if c == ' ' {
                if !prev_space {
                    out.push(' ');
                    map.push(offset);
                }
                prev_space = true;
                continue;
            }
            prev_space = false;
            for l in c.to_lowercase() {
                let before = out.len();
                out.push(l);
                map.extend(std::iter::repeat_n(offset, out.len() - before));
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
        map.pop();
    }
    map.push(s.len());
    (out, map)
}

/// A lowercase ASCII slug of a string: letters and digits kept, everything else a single hyphen.
pub fn slug(s: &str) -> String {
    let folded = fold(&strip_controls(s));
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Words too small to carry a title's meaning in a short slug.
const SLUG_STOPWORDS: &[&str] = &[
    "a", "an", "the", "of", "and", "from", "to", "between", "by", "on", "in", "for", "with", "at",
];

/// A short slug of a title: its first few meaningful words.
pub fn short_title_slug(title: &str, max_words: usize) -> String {
    let words: Vec<String> = title
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .map(|w| slug(w.trim_end_matches("\u{2019}s").trim_end_matches("'s")))
        .filter(|w| !w.is_empty() && !SLUG_STOPWORDS.contains(&w.as_str()))
        .take(max_words)
        .collect();
    words.join("-")
}

/// Remove terminal control characters (C0 except tab/newline, DEL, C1) and the escape
/// sequences they start, and bidirectional overrides, so that document text can be drawn
/// safely; the line and paragraph separators U+2028/U+2029 become newlines.
///
/// This is the output gate: every text carrel prints that comes from documents, gazetteers,
/// notes, configs or file names passes through it (or through [`one_line`] for a field that
/// must stay on one line, or [`Gate`] for a whole output stream, or `json::write_pretty` for
/// JSON).
pub fn strip_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{9d}' | '\u{9e}' | '\u{9f}' | '\u{98}' => skip_string(&mut chars),
            '\n' | '\t' => out.push(c),
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if c.is_control() => {}
            c if is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Bidirectional overrides and isolates, which could reorder what follows them on screen.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A field that must stay on one line (an id, a title, a name, a date, a file name): cleaned
/// as by [`strip_controls`], with newlines, carriage returns, tabs and line separators made
/// spaces, so that it cannot forge another row of a listing.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{9d}' | '\u{9e}' | '\u{9f}' | '\u{98}' => skip_string(&mut chars),
            '\n' | '\r' | '\t' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                out.push(' ')
            }
            c if c.is_control() => {}
            c if is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// The output gate as a writer: everything written through it is cleaned as by
/// [`strip_controls`] (newlines and tabs kept), escape sequences included even when they are
/// split across writes, and invalid UTF-8 replaced. The CLI's standard output and error
/// messages go through one.
pub struct Gate<W: std::io::Write> {
    inner: W,
    /// Bytes of a character not yet complete.
    pending: Vec<u8>,
    state: GateState,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum GateState {
    Text,
    /// After ESC.
    Escape,
    /// Inside a CSI sequence.
    Csi,
    /// Inside an OSC/DCS/APC/PM/SOS string.
    Str,
    /// After ESC inside a string.
    StrEscape,
}

impl<W: std::io::Write> Gate<W> {
    /// A gate in front of `inner`.
    pub fn new(inner: W) -> Gate<W> {
        Gate {
            inner,
            pending: Vec::new(),
            state: GateState::Text,
        }
    }

    /// The writer behind the gate.
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.inner
    }

    fn feed(&mut self, c: char, out: &mut String) {
        use GateState::*;
        self.state = match (self.state, c) {
            (Text, '\u{1b}') => Escape,
            (Text, '\u{9b}') => Csi,
            (Text, '\u{90}' | '\u{9d}' | '\u{9e}' | '\u{9f}' | '\u{98}') => Str,
            (Text, '\n' | '\t') => {
                out.push(c);
                Text
            }
            (Text, '\u{2028}' | '\u{2029}') => {
                out.push('\n');
                Text
            }
            (Text, c) if c.is_control() || is_bidi_control(c) => Text,
            (Text, c) => {
                out.push(c);
                Text
            }
            (Escape, '[') => Csi,
            (Escape, ']' | 'P' | 'X' | '^' | '_') => Str,
            (Escape, _) => Text,
            (Csi, c) if ('\u{40}'..='\u{7e}').contains(&c) => Text,
            (Csi, _) => Csi,
            (Str, '\u{7}' | '\u{9c}') => Text,
            (Str, '\u{1b}') => StrEscape,
            (Str, _) => Str,
            (StrEscape, _) => Text,
        };
    }
}

impl<W: std::io::Write> std::io::Write for Gate<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let mut out = String::with_capacity(self.pending.len());
        let mut rest: &[u8] = &self.pending;
        let mut chars: Vec<char> = Vec::new();
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    chars.extend(s.chars());
                    rest = &[];
                    break;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    chars.extend(std::str::from_utf8(good).unwrap_or_default().chars());
                    match e.error_len() {
                        Some(n) => {
                            chars.push('\u{fffd}');
                            rest = &bad[n..];
                        }
                        // An incomplete character at the end: wait for the rest of it.
                        None => {
                            rest = bad;
                            break;
                        }
                    }
                }
            }
        }
        let keep = rest.to_vec();
        for c in chars {
            self.feed(c, &mut out);
        }
        self.pending = keep;
        self.inner.write_all(out.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Print a message to standard error through the output gate (with a newline).
pub fn eprint_clean(msg: &str) {
    use std::io::Write;
    let stderr = std::io::stderr();
    let mut g = Gate::new(stderr.lock());
    let _ = g.write_all(msg.as_bytes());
    let _ = g.write_all(b"\n");
    let _ = g.flush();
}

fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
            chars.next();
            skip_string(chars);
        }
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_diacritics_apostrophes_and_hyphens() {
        assert_eq!(fold("Lüshun"), fold("Lushun"));
        assert_eq!(fold("Hammarskjöld"), "hammarskjold");
        assert_eq!(fold("Ch’en"), fold("Ch'en"));
        assert_eq!(fold("Chou En-lai"), "chou en lai");
    }

    #[test]
    fn folded_offsets_map_back() {
        let s = "at Lüshunkou—Port";
        let (f, map) = fold_with_map(s);
        assert_eq!(f, "at lushunkou port");
        let i = f.find("lushunkou").unwrap();
        assert_eq!(&s[map[i]..map[i + "lushunkou".len()]], "Lüshunkou");
        assert_eq!(map.len(), f.len() + 1);
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("Mao’s Moscow Visit!"), "mao-s-moscow-visit");
        assert_eq!(
            short_title_slug("Telegram from Mao Tse-tung to Liu Shaoqi", 4),
            "telegram-mao-tse-tung-liu"
        );
    }

    #[test]
    fn one_line_fields_cannot_forge_rows() {
        assert_eq!(
            one_line("doc\r\n1999-01-01  memcon  fake\u{2028}x\u{1b}]0;t\u{7}"),
            "doc  1999-01-01  memcon  fake x"
        );
        assert_eq!(strip_controls("a\u{2029}b\u{85}c"), "a\nbc");
    }

    #[test]
    fn the_gate_strips_sequences_split_across_writes() {
        use std::io::Write;
        let mut g = Gate::new(Vec::new());
        for part in [
            &b"ok \x1b]5"[..],
            b"2;c;aGk=",
            b"\x07 \xc2",
            b"\x9b6n tail \xe2\x80",
            b"\xae!\n",
        ] {
            g.write_all(part).unwrap();
        }
        assert_eq!(String::from_utf8(g.inner).unwrap(), "ok   tail !\n");
    }

    #[test]
    fn controls_are_stripped() {
        let s = "a\u{1b}[31mred\u{1b}[0m b\u{1b}]52;c;aGk=\u{7} c\u{0}d\u{202e}e";
        assert_eq!(strip_controls(s), "ared b cde");
    }
}
