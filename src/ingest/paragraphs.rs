//! Building paragraphs from lines, keeping the line each starts on.
//!
//! A blank line always ends a paragraph. Inside a run of lines without blank lines, the form of
//! the lines decides: text saved from a web page or a word processor puts a paragraph on each
//! (long) line, so every line break there ends one; text extracted from PDFs or OCR is
//! hard-wrapped at a fixed width, so a line ends a paragraph only where it closes a sentence
//! and the next line's first word would still have fitted on it, or where the next line is
//! indented. Wrapped lines are joined with a space, a word broken by a hyphen at the line end
//! is joined again (without the hyphen only where the joined word is an ordinary word).

/// A paragraph of source text: lines joined, with its first line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    /// The text; a Markdown hard break (two trailing spaces) is kept as a newline, other line
    /// ends inside the paragraph become spaces.
    pub text: String,
    /// 1-based line of the file where the paragraph starts.
    pub line: usize,
    /// The paragraph's lines exactly as in the file, joined by newlines.
    pub raw: String,
}

/// Lines longer than this are not hard-wrapped: each is a paragraph of its own.
const UNWRAPPED: usize = 120;

/// A line's text without page debris: the table pipes a PDF or web conversion leaves at the
/// start of a line (`| | Stalin: …`), where the line is not itself a table row.
pub fn line_text(line: &str) -> &str {
    let t = line.trim_start();
    if t.starts_with('|') && !t.trim_end().ends_with('|') {
        t.trim_start_matches(|c: char| c == '|' || c.is_whitespace())
    } else {
        line
    }
}

/// Whether a hyphen at the end of `before` and the start of `after` split one ordinary word.
fn rejoin_hyphenated(before: &str, after: &str) -> Option<bool> {
    let head = before.strip_suffix('-')?;
    let last = head.rsplit(|c: char| !c.is_alphabetic()).next()?;
    if last.is_empty() || head.ends_with('-') {
        return None;
    }
    let first: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
    if first.is_empty() {
        return None;
    }
    // The hyphen goes only when the two halves make an ordinary lower-case word.
    let lower = last.chars().all(char::is_lowercase) && first.chars().all(char::is_lowercase);
    let joined = format!("{last}{first}");
    Some(lower && crate::coverage::is_ordinary_word(&joined))
}

/// One paragraph of the given lines (the first is file line `first_line`).
pub fn from_lines(lines: &[&str], first_line: usize) -> Para {
    let mut text = String::new();
    let mut hard_break = false;
    for (i, line) in lines.iter().enumerate() {
        let t = line_text(line).trim_end();
        if i == 0 {
            text.push_str(t);
        } else {
            let t = t.trim_start();
            match rejoin_hyphenated(&text, t) {
                Some(true) => {
                    text.pop();
                }
                Some(false) => {}
                None => text.push(if hard_break { '\n' } else { ' ' }),
            }
            text.push_str(t);
        }
        hard_break = line.ends_with("  ");
    }
    Para {
        text,
        line: first_line,
        raw: lines.join("\n"),
    }
}

fn width(s: &str) -> usize {
    s.trim_end().chars().count()
}

fn indent(s: &str) -> usize {
    s.chars().take_while(|c| *c == ' ' || *c == '\t').count()
}

/// Where a run of lines (no blank lines) breaks into paragraphs: the indices of the lines
/// that start one, the first excluded.
fn breaks(run: &[&str]) -> Vec<usize> {
    if run.len() < 2 {
        return Vec::new();
    }
    let widest = run.iter().map(|l| width(l)).max().unwrap_or(0);
    if widest > UNWRAPPED {
        // Not wrapped: a line break is a paragraph break (except a Markdown hard break).
        return (1..run.len())
            .filter(|&i| !run[i - 1].ends_with("  "))
            .collect();
    }
    if run.len() < 4 || widest < 55 {
        return Vec::new();
    }
    let usual = {
        let mut ind: Vec<usize> = run.iter().map(|l| indent(l)).collect();
        ind.sort_unstable();
        ind[ind.len() / 2]
    };
    (1..run.len())
        .filter(|&i| {
            let prev = run[i - 1].trim_end();
            let closes = prev.ends_with(['.', '?', '!', ':', '"', '\u{201d}', ')', ']']);
            let first_word = run[i]
                .split_whitespace()
                .next()
                .map_or(0, |w| w.chars().count());
            let room = width(prev) + 1 + first_word < widest;
            let indented = indent(run[i]) > usual && indent(run[i - 1]) <= usual;
            closes && (room || indented)
        })
        .collect()
}

/// Split `lines` (the first of which is file line `first_line`) into paragraphs at blank lines.
pub fn split(lines: &[&str], first_line: usize) -> Vec<Para> {
    split_runs(lines, first_line, false)
}

/// Split `lines` into paragraphs at blank lines and, inside runs of lines, where the lines'
/// form shows a paragraph ends (see the module's notes).
pub fn split_reflowed(lines: &[&str], first_line: usize) -> Vec<Para> {
    split_runs(lines, first_line, true)
}

/// Whether a line is an item of a bulleted list (`• The Secretary`, `- Mr. Kohler`).
pub fn bulleted(line: &str) -> bool {
    let t = line.trim_start();
    let mut chars = t.chars();
    matches!(
        chars.next(),
        Some('•' | '◦' | '▪' | '·' | '*' | '-' | '–' | '○')
    ) && chars.next().is_some_and(char::is_whitespace)
}

/// Whether a line is an archive's file designation (`740.00119 Council/3–646`,
/// `760C.61/2142: Telegram`), printed above a record's heading.
pub fn file_number(line: &str) -> bool {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r"^\d{3}[A-Z]?\.\d+[A-Z]?\d*(?:\s[^/]{0,40})?/\S+(?:\s*:\s*\w+)?\s*$")
            .expect("valid regex")
    })
    .is_match(line.trim())
}

/// Whether a line is a heading in capitals (`MEMORANDUM OF CONVERSATION`, `TOP SECRET`).
fn capitals_heading(line: &str) -> bool {
    let t = line.trim();
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 4
        && letters.iter().filter(|c| c.is_uppercase()).count() * 10 >= letters.len() * 9
        && t.split_whitespace().count() <= 14
        && !t.ends_with(['.', ',', ';'])
}

/// Whether a line opens a participants list (`PARTICIPANTS`, `Present:`).
fn list_heading(line: &str) -> bool {
    let t = line.trim().trim_end_matches(':').to_lowercase();
    matches!(
        t.as_str(),
        "participants" | "present" | "also present" | "persons present" | "in attendance"
    )
}

/// Where the lines' form starts a new paragraph inside a run: a list's bullets starting or
/// stopping, a heading in capitals among ordinary lines, a participants heading, and after a
/// file designation.
fn form_breaks(run: &[&str]) -> Vec<usize> {
    (1..run.len())
        .filter(|&i| {
            bulleted(run[i]) != bulleted(run[i - 1])
                || file_number(run[i - 1])
                || capitals_heading(run[i]) != capitals_heading(run[i - 1])
                || list_heading(run[i])
        })
        .collect()
}

fn split_runs(lines: &[&str], first_line: usize, reflow: bool) -> Vec<Para> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !lines[i].trim().is_empty() {
            i += 1;
        }
        let run = &lines[start..i];
        let cuts = if reflow {
            let mut c = breaks(run);
            c.extend(form_breaks(run));
            c.sort_unstable();
            c.dedup();
            c
        } else {
            Vec::new()
        };
        let mut from = 0;
        for k in cuts.into_iter().chain(std::iter::once(run.len())) {
            out.push(from_lines(&run[from..k], first_line + start + from));
            from = k;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_split_and_hard_breaks_stay() {
        let lines = ["", "Notes taken  ", "Paris, 1919", "", "", "Next", "line"];
        let p = split(&lines, 10);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].text, "Notes taken\nParis, 1919");
        assert_eq!(p[0].line, 11);
        assert_eq!(p[1].text, "Next line");
        assert_eq!(p[1].line, 15);
    }

    #[test]
    fn wrapped_lines_join_and_short_closing_lines_end_paragraphs() {
        let text = "\
The Secretary said that the proposal had been studied with care by
the Department and that he saw no reason to change the position of
the Government at this time.
The Ambassador replied that his Government would regret this, but
that it under-
stood the reasons and would report them to Moscow without delay.";
        let lines: Vec<&str> = text.lines().collect();
        let p = split_reflowed(&lines, 1);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0]
            .text
            .ends_with("position of the Government at this time."));
        assert_eq!(p[1].line, 4);
        assert!(
            p[1].text.contains("it understood the reasons"),
            "{}",
            p[1].text
        );
        assert_eq!(p[1].raw, lines[3..].join("\n"));
    }

    #[test]
    fn long_lines_are_paragraphs_and_pipes_are_debris() {
        let long = "x".repeat(130);
        let lines = [long.as_str(), "| | Stalin: Yes.", "| Ships | 12 |"];
        let p = split_reflowed(&lines, 1);
        assert_eq!(p.len(), 3);
        assert_eq!(p[1].text, "Stalin: Yes.");
        assert_eq!(p[2].text, "| Ships | 12 |");
        // Not an ordinary word: the hyphen stays, and no space is put in.
        let p = from_lines(&["the Sino-", "Soviet talks"], 1);
        assert_eq!(p.text, "the Sino-Soviet talks");
    }
}
