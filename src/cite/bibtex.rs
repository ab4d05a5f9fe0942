//! BibTeX (with the biblatex fields reference managers read) from CSL items.

use serde_json::Value;

/// A string field of an item.
fn text<'a>(item: &'a Value, k: &str) -> Option<&'a str> {
    item.get(k)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// The names of a name variable, as BibTeX writes them: `Family, Given`, or a literal name
/// in braces so that it is never split.
fn names(item: &Value, k: &str) -> Option<String> {
    let list = item.get(k)?.as_array()?;
    let out: Vec<String> = list
        .iter()
        .filter_map(|n| {
            if let Some(l) = n.get("literal").and_then(Value::as_str) {
                return Some(format!("{{{}}}", escape(l)));
            }
            let family = n.get("family").and_then(Value::as_str)?;
            Some(match n.get("given").and_then(Value::as_str) {
                Some(g) => format!("{}, {}", escape(family), escape(g)),
                None => escape(family),
            })
        })
        .collect();
    (!out.is_empty()).then(|| out.join(" and "))
}

/// A CSL date as ISO 8601 (`1949-12-18`, `1950-10`, `1996`).
pub fn iso_date(d: &Value) -> Option<String> {
    let parts = d.get("date-parts")?.get(0)?.as_array()?;
    let mut out = Vec::new();
    for (i, p) in parts.iter().enumerate().take(3) {
        let v = p.as_i64()?;
        out.push(if i == 0 {
            format!("{v:04}")
        } else {
            format!("{v:02}")
        });
    }
    (!out.is_empty()).then(|| out.join("-"))
}

/// Escape what BibTeX and LaTeX read as markup. Controls and line breaks are gone already.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::cite::item::clean(s).chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '%' | '&' | '#' | '$' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c => out.push(c),
        }
    }
    out
}

/// A citation key from an id: letters, digits and `-_:.` only.
fn key(id: &str) -> String {
    let k: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if k.is_empty() {
        "item".into()
    } else {
        k
    }
}

/// One BibTeX entry for a CSL item: `@incollection` for a document in an edited volume,
/// `@unpublished` for an archival record.
pub fn entry(item: &Value) -> String {
    let ty = match text(item, "type") {
        Some("chapter") => "incollection",
        _ => "unpublished",
    };
    let mut fields: Vec<(&str, String)> = Vec::new();
    let mut put = |k: &'static str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            fields.push((k, v));
        }
    };
    let esc = |k: &str| text(item, k).map(escape);
    put("title", esc("title"));
    put("author", names(item, "author"));
    put("editor", names(item, "editor"));
    put("translator", names(item, "translator"));
    let date = if ty == "incollection" {
        item.get("event-date").or(item.get("issued"))
    } else {
        item.get("issued")
    };
    let iso = date.and_then(iso_date);
    put("date", iso.clone());
    put("year", iso.as_ref().map(|d| d[..4].to_string()));
    if ty == "incollection" {
        put("booktitle", esc("container-title"));
        put("volume", esc("volume"));
        put("number", esc("number"));
        put("publisher", esc("publisher"));
        put("address", esc("publisher-place"));
        let pub_year = item.get("issued").and_then(iso_date);
        put("pubyear", pub_year);
        put("volumetitle", esc("volume-title"));
    } else {
        put("journal", esc("container-title"));
        put("issue", esc("issue"));
        put("publisher", esc("publisher"));
    }
    let archive: Vec<String> = ["archive_location", "archive", "archive-place"]
        .iter()
        .filter_map(|k| text(item, k).map(String::from))
        .collect();
    let mut note = Vec::new();
    if !archive.is_empty() {
        note.push(archive.join(", "));
    }
    if let Some(n) = text(item, "note") {
        note.push(n.to_string());
    }
    put("note", Some(escape(&note.join(". "))));
    put("language", esc("language"));
    put("abstract", esc("abstract"));
    put(
        "url",
        text(item, "URL").map(|u| u.replace(['{', '}', ' '], "")),
    );
    put("urldate", item.get("accessed").and_then(iso_date));
    let mut out = format!("@{ty}{{{},\n", key(text(item, "id").unwrap_or("")));
    for (k, v) in &fields {
        out.push_str(&format!("  {k} = {{{v}}},\n"));
    }
    out.push_str("}\n");
    out
}

/// BibTeX for several items, one entry each, separated by blank lines.
pub fn entries(items: &[Value]) -> String {
    items.iter().map(entry).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn markup_is_escaped_and_braces_balance() {
        assert_eq!(
            escape("50% & {x} #1 a_b \\"),
            "50\\% \\& \\{x\\} \\#1 a\\_b \\textbackslash{}"
        );
        let e = entry(
            &json!({"id": "a b", "type": "manuscript", "title": "T}{", "issued": {"date-parts": [[1950, 10]]}}),
        );
        assert!(e.starts_with("@unpublished{a-b,\n"), "{e}");
        assert!(e.contains("date = {1950-10}"), "{e}");
        assert!(e.contains("year = {1950}"), "{e}");
        let opens = e.matches('{').count() - e.matches("\\{").count();
        let closes = e.matches('}').count() - e.matches("\\}").count();
        assert_eq!(opens, closes, "{e}");
    }
}
