//! `carrel cite` and `carrel export`: citations and reference-manager exports from the shell.

use crate::cite::{self, bibtex, ris, CslStyle, Style};
use crate::corpus::Corpus;
use crate::model::Document;
use crate::text::one_line;
use clap::ValueEnum;
use serde_json::{json, Value};
use std::io::Write;
use std::process::ExitCode;

/// `cite --form`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum Form {
    /// The note (footnote) form, or the in-text form of an author-date style.
    #[default]
    Note,
    /// The bibliography entry.
    Bibliography,
}

/// `cite --format`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum CiteFormat {
    /// The rendered citation.
    #[default]
    Text,
    /// A JSON array holding the document's CSL item.
    CslJson,
    /// A BibTeX entry.
    Bibtex,
    /// An RIS record.
    Ris,
}

/// `export --format`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    /// A JSON array of CSL items (Zotero imports it).
    CslJson,
    /// BibTeX entries.
    Bibtex,
    /// RIS records.
    Ris,
}

/// Print CSL items in one of the exchange formats.
pub fn write_items(
    out: &mut impl Write,
    items: &[Value],
    format: ExportFormat,
) -> std::io::Result<()> {
    match format {
        ExportFormat::CslJson => {
            crate::json::write_pretty(out, &Value::Array(items.to_vec()))?;
        }
        ExportFormat::Bibtex => out.write_all(bibtex::entries(items).as_bytes())?,
        ExportFormat::Ris => out.write_all(ris::records(items).as_bytes())?,
    }
    Ok(())
}

/// `carrel cite`.
#[allow(clippy::too_many_arguments)]
pub fn cite_cmd(
    corpus: &Corpus,
    out: &mut impl Write,
    id: &str,
    block: Option<usize>,
    style: &str,
    form: Form,
    format: CiteFormat,
    json_out: bool,
) -> std::io::Result<ExitCode> {
    let d = match corpus.find(id) {
        Ok(d) => d,
        Err(e) => {
            say!("carrel: {e}");
            return Ok(ExitCode::from(super::USAGE));
        }
    };
    if let Some(n) = block {
        if !d.blocks.iter().any(|b| b.n == n) {
            let last = d.blocks.last().map(|b| b.n).unwrap_or(0);
            say!(
                "carrel: {} has no paragraph {n} (1-{last})",
                one_line(&d.id)
            );
            return Ok(ExitCode::from(super::USAGE));
        }
    }
    let item = cite::item::item(d);
    match format {
        CiteFormat::CslJson if !json_out => {
            write_items(out, &[item], ExportFormat::CslJson)?;
            return Ok(ExitCode::SUCCESS);
        }
        CiteFormat::Bibtex => {
            write_items(out, &[item], ExportFormat::Bibtex)?;
            return Ok(ExitCode::SUCCESS);
        }
        CiteFormat::Ris => {
            write_items(out, &[item], ExportFormat::Ris)?;
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }
    if style == "plain" {
        let line = cite::cite(d, block, Style::Plain);
        if json_out {
            let v = citation_json(line.clone(), None, item, block);
            crate::json::write_pretty(out, &v)?;
        } else {
            writeln!(out, "{}", one_line(&line))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let style = match CslStyle::load(style) {
        Ok(s) => s,
        Err(e) => {
            say!("carrel: {e}");
            return Ok(ExitCode::from(super::USAGE));
        }
    };
    let c = cite::render_item(item, block, &style);
    warn_missing(d, &c.missing);
    if json_out {
        let v = citation_json(c.note, c.bibliography, c.item, block);
        crate::json::write_pretty(out, &v)?;
    } else {
        let text = match form {
            Form::Note => Some(c.note),
            Form::Bibliography => c.bibliography,
        };
        match text {
            Some(t) => writeln!(out, "{}", one_line(&t))?,
            None => {
                say!("carrel: style '{}' has no bibliography", style.name);
                return Ok(ExitCode::from(super::USAGE));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Say on stderr which fields a citation lacks.
fn warn_missing(d: &Document, missing: &[String]) {
    if !missing.is_empty() {
        say!(
            "carrel: {}: the source gives no {}; the citation has what there is",
            one_line(&d.id),
            missing.join(", ")
        );
    }
}

/// `cite --json`: both forms, the item, the locator and what is missing.
fn citation_json(
    note: String,
    bibliography: Option<String>,
    item: Value,
    n: Option<usize>,
) -> Value {
    let missing = cite::item::missing(&item);
    json!({
        "note": note,
        "bibliography": bibliography,
        "csl": item,
        "locator": n.map(|n| json!({"label": "paragraph", "locator": n.to_string()})),
        "missing": missing,
    })
}

/// `carrel export`: the CSL items of the documents chosen, in an exchange format.
pub fn export_cmd(
    out: &mut impl Write,
    docs: &[&Document],
    format: ExportFormat,
) -> std::io::Result<ExitCode> {
    let items: Vec<Value> = docs.iter().map(|d| cite::item::item(d)).collect();
    write_items(out, &items, format)?;
    Ok(ExitCode::SUCCESS)
}
