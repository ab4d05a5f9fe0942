//! Context excerpts: passages from secondary literature appended after a record and its notes,
//! each with its attribution — a line of its own in bold or italics after the passages it
//! covers, or an italic reference closing the last of them — or none.

use super::dialogue::Proto;
use super::Para;
use crate::model::BlockKind;
use regex::Regex;
use std::sync::OnceLock;

/// A standalone attribution line (`**Title of a Book, 33-34**`), as its text.
fn standalone(p: &Para) -> Option<String> {
    let t = p.text.trim();
    let inner = t
        .strip_prefix("**")
        .and_then(|s| s.strip_suffix("**"))
        .or_else(|| t.strip_prefix('*').and_then(|s| s.strip_suffix('*')))?;
    (inner.len() <= 200 && !inner.contains('*') && !inner.trim().is_empty())
        .then(|| inner.trim().to_string())
}

/// A trailing italic reference with a page number: (text before it, the reference).
fn trailing(text: &str) -> Option<(String, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"\*([^*]{10,250})\*\s*$").expect("valid regex"));
    let c = re.captures(text)?;
    let whole = c.get(0)?;
    let inner = c.get(1)?.as_str().trim();
    static PAGED: OnceLock<Regex> = OnceLock::new();
    let paged = PAGED
        .get_or_init(|| {
            Regex::new(r"(?i)\b(?:pp?\.|pg\.?|page)\s*\d+|\b\d+\s*[-\u{2013}]\s*\d+\b")
                .expect("valid regex")
        })
        .is_match(inner);
    paged.then(|| {
        (
            text[..whole.start()].trim_end().to_string(),
            inner.to_string(),
        )
    })
}

/// Turn appended paragraphs into context blocks with their attributions.
pub fn contexts(paras: &[Para]) -> Vec<Proto> {
    let mut out: Vec<Proto> = Vec::new();
    let mut pending_from = 0;
    for p in paras {
        if let Some(attr) = standalone(p) {
            for b in &mut out[pending_from..] {
                b.attribution = Some(attr.clone());
            }
            if let Some(last) = out.last_mut() {
                last.raw.push_str("\n\n");
                last.raw.push_str(&p.raw);
            } else {
                let mut b = Proto::of(BlockKind::Context, p);
                b.attribution = Some(attr);
                out.push(b);
            }
            pending_from = out.len();
            continue;
        }
        let mut b = Proto::of(BlockKind::Context, p);
        if let Some((text, attr)) = trailing(&p.text) {
            b.text = text;
            out.push(b);
            for x in &mut out[pending_from..] {
                x.attribution = Some(attr.clone());
            }
            pending_from = out.len();
        } else {
            out.push(b);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(t: &str) -> Para {
        Para {
            text: t.into(),
            line: 1,
            raw: t.into(),
        }
    }

    #[test]
    fn attributions_cover_the_passages_before_them() {
        let blocks = contexts(&[
            para("First passage."),
            para("Second passage."),
            para("**A History of Things, 12-14**"),
            para("Third passage. *p. 9 Another Book. A. Author*"),
            para("Fourth passage, unattributed."),
        ]);
        let attrs: Vec<_> = blocks.iter().map(|b| b.attribution.clone()).collect();
        assert_eq!(
            attrs,
            [
                Some("A History of Things, 12-14".to_string()),
                Some("A History of Things, 12-14".to_string()),
                Some("p. 9 Another Book. A. Author".to_string()),
                None
            ]
        );
        assert_eq!(blocks[2].text, "Third passage.");
        assert!(blocks.iter().all(|b| b.kind == BlockKind::Context));
    }
}
