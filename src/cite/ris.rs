//! RIS records from CSL items: `TY` first, `ER` last, each line a two-letter tag, two spaces,
//! a hyphen and a space, then one line of value.

use super::bibtex::iso_date;
use serde_json::Value;

fn text<'a>(item: &'a Value, k: &str) -> Option<&'a str> {
    item.get(k)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// Names as RIS writes them: `Family, Given`, or the literal name.
fn names(item: &Value, k: &str) -> Vec<String> {
    item.get(k)
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|n| {
                    if let Some(l) = n.get("literal").and_then(Value::as_str) {
                        return Some(l.to_string());
                    }
                    let f = n.get("family").and_then(Value::as_str)?;
                    Some(match n.get("given").and_then(Value::as_str) {
                        Some(g) => format!("{f}, {g}"),
                        None => f.to_string(),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A CSL date as RIS writes it: `YYYY/MM/DD/`, with empty parts where the date has none.
fn ris_date(d: &Value) -> Option<String> {
    let iso = iso_date(d)?;
    let mut p: Vec<&str> = iso.split('-').collect();
    p.resize(3, "");
    Some(format!("{}/{}/{}/", p[0], p[1], p[2]))
}

/// One RIS record.
pub fn record(item: &Value) -> String {
    let mut lines: Vec<(&str, String)> = Vec::new();
    let chapter = text(item, "type") == Some("chapter");
    lines.push(("TY", if chapter { "CHAP" } else { "MANSCPT" }.into()));
    let mut put = |tag: &'static str, v: Option<&str>| {
        if let Some(v) = v.map(crate::cite::item::clean).filter(|v| !v.is_empty()) {
            lines.push((tag, v));
        }
    };
    put("ID", text(item, "id"));
    put("TI", text(item, "title"));
    for a in names(item, "author") {
        put("AU", Some(&a));
    }
    for e in names(item, "editor") {
        put("ED", Some(&e));
    }
    for t in names(item, "translator") {
        put("A4", Some(&t));
    }
    let date = if chapter {
        item.get("event-date").or(item.get("issued"))
    } else {
        item.get("issued")
    };
    if let Some(d) = date {
        put("DA", ris_date(d).as_deref());
        put("PY", iso_date(d).as_deref().and_then(|d| d.get(..4)));
    }
    put("T2", text(item, "container-title"));
    put("VL", text(item, "volume"));
    put("IS", text(item, "issue"));
    put("M1", text(item, "number"));
    put("PB", text(item, "publisher"));
    put("CY", text(item, "publisher-place"));
    put("AN", text(item, "archive_location"));
    put("DP", text(item, "archive"));
    put("UR", text(item, "URL"));
    if let Some(d) = item.get("accessed") {
        put("Y2", ris_date(d).as_deref());
    }
    put("LA", text(item, "language"));
    put("AB", text(item, "abstract"));
    put("N1", text(item, "note"));
    let mut out = String::new();
    for (tag, v) in lines {
        out.push_str(&format!("{tag}  - {v}\r\n"));
    }
    out.push_str("ER  - \r\n");
    out
}

/// RIS for several items, one record after another.
pub fn records(items: &[Value]) -> String {
    items.iter().map(record).collect::<Vec<_>>().join("\r\n")
}
