//! Splitting text into paragraphs, keeping the line each starts on.

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

/// Split `lines` (the first of which is file line `first_line`) into paragraphs at blank lines.
pub fn split(lines: &[&str], first_line: usize) -> Vec<Para> {
    let mut out = Vec::new();
    let mut cur: Option<Para> = None;
    let mut hard_break = false;
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            if let Some(p) = cur.take() {
                out.push(p);
            }
            continue;
        }
        match cur.as_mut() {
            None => {
                cur = Some(Para {
                    text: line.trim_end().to_string(),
                    line: first_line + i,
                    raw: line.to_string(),
                });
            }
            Some(p) => {
                p.text.push(if hard_break { '\n' } else { ' ' });
                p.text.push_str(line.trim_end());
                p.raw.push('\n');
                p.raw.push_str(line);
            }
        }
        hard_break = line.ends_with("  ");
    }
    if let Some(p) = cur {
        out.push(p);
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
}
