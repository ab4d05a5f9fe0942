//! Citations of documents and paragraphs.
//!
//! Every document becomes one CSL item ([`item::item`]): the CSL-JSON that carrel hands to
//! reference managers and that a CSL engine renders. carrel renders it with hayagriva's CSL
//! engine (the one inside Typst) and a real CSL style: Chicago notes and bibliography (18th
//! edition) by default, the other styles hayagriva bundles, or any `.csl` file. The paragraph
//! cited is a CSL locator (`paragraph`), placed wherever the style places locators. A plain
//! line stays available as `Style::Plain`.

pub mod bibtex;
pub mod item;
pub mod ris;
pub mod source;

use crate::model::Document;
use crate::text::strip_controls;
use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::{self, IndependentStyle, Locale};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem, CitationRequest,
    LocatorPayload, SpecificLocator,
};
use serde_json::Value;
use std::sync::OnceLock;

/// Citation styles of the older interface (the reading room and the notes export use it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Chicago notes style (the note form), rendered by the CSL engine.
    Chicago,
    /// A plain line: title, date, source, paragraph, id.
    Plain,
}

impl Style {
    /// Parse a style name.
    pub fn parse(s: &str) -> Option<Style> {
        match s {
            "chicago" | "chicago-notes" => Some(Style::Chicago),
            "plain" => Some(Style::Plain),
            _ => None,
        }
    }
}

/// The named styles `carrel cite --style` takes, with the bundled style each one is.
pub const STYLE_NAMES: [(&str, ArchivedStyle); 5] = [
    ("chicago-notes", ArchivedStyle::ChicagoNotes),
    ("chicago", ArchivedStyle::ChicagoNotes),
    ("chicago-author-date", ArchivedStyle::ChicagoAuthorDate),
    ("apa", ArchivedStyle::AmericanPsychologicalAssociation),
    ("mla", ArchivedStyle::ModernLanguageAssociation),
];

/// A loaded CSL style, ready to render.
pub struct CslStyle {
    /// What the user called it (a name or a file).
    pub name: String,
    style: IndependentStyle,
}

/// Why a style cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleError(pub String);

impl std::fmt::Display for StyleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StyleError {}

/// Every locale hayagriva bundles, parsed once.
fn locales() -> &'static [Locale] {
    static LOCALES: OnceLock<Vec<Locale>> = OnceLock::new();
    LOCALES.get_or_init(hayagriva::archive::locales)
}

impl CslStyle {
    /// The default: Chicago notes and bibliography, 18th edition.
    pub fn default_style() -> CslStyle {
        static DEFAULT: OnceLock<IndependentStyle> = OnceLock::new();
        let style = DEFAULT
            .get_or_init(|| match ArchivedStyle::ChicagoNotes.get() {
                citationberg::Style::Independent(s) => s,
                citationberg::Style::Dependent(_) => unreachable!("chicago-notes is independent"),
            })
            .clone();
        CslStyle {
            name: "chicago-notes".into(),
            style,
        }
    }

    /// A style by name (`chicago-notes`, `chicago`, `chicago-author-date`, `apa`, `mla`) or
    /// from a `.csl` file.
    pub fn load(name: &str) -> Result<CslStyle, StyleError> {
        if let Some((_, archived)) = STYLE_NAMES.iter().find(|(n, _)| *n == name) {
            return match archived.get() {
                citationberg::Style::Independent(style) => Ok(CslStyle {
                    name: name.into(),
                    style,
                }),
                citationberg::Style::Dependent(_) => {
                    Err(StyleError(format!("style '{name}' is a dependent style")))
                }
            };
        }
        if !name.ends_with(".csl") {
            let names: Vec<&str> = STYLE_NAMES.iter().map(|(n, _)| *n).collect();
            return Err(StyleError(format!(
                "unknown style '{}' ({}, plain, or a .csl file)",
                strip_controls(name),
                names.join(", ")
            )));
        }
        let shown = strip_controls(name);
        let meta = std::fs::metadata(name).map_err(|e| StyleError(format!("{shown}: {e}")))?;
        // A style is a few hundred kilobytes; a file far larger than any style is refused
        // rather than read into memory.
        if meta.len() > 16 << 20 {
            return Err(StyleError(format!(
                "{shown}: {} bytes is too large for a CSL style",
                meta.len()
            )));
        }
        let xml = std::fs::read_to_string(name).map_err(|e| StyleError(format!("{shown}: {e}")))?;
        match citationberg::Style::from_xml(&xml) {
            Ok(citationberg::Style::Independent(style)) => Ok(CslStyle { name: shown, style }),
            Ok(citationberg::Style::Dependent(d)) => {
                // A dependent style names its parent; carrel can use it when hayagriva bundles
                // the parent.
                let parent = &d.parent_link.href;
                match ArchivedStyle::by_id(parent.as_str()).map(ArchivedStyle::get) {
                    Some(citationberg::Style::Independent(style)) => {
                        Ok(CslStyle { name: shown, style })
                    }
                    _ => Err(StyleError(format!(
                        "{shown}: a dependent style whose parent ({parent}) carrel does not have"
                    ))),
                }
            }
            Err(e) => Err(StyleError(format!(
                "{shown}: not a CSL style: {}",
                strip_controls(&e.to_string())
            ))),
        }
    }
}

/// A rendered citation with what it was made from.
#[derive(Debug, Clone)]
pub struct Citation {
    /// The note (or in-text) form.
    pub note: String,
    /// The bibliography entry, when the style has a bibliography.
    pub bibliography: Option<String>,
    /// The CSL item.
    pub item: Value,
    /// The paragraph cited.
    pub locator: Option<usize>,
    /// Fields the citation needs that the document does not give.
    pub missing: Vec<String>,
}

/// A CSL-JSON item as the CSL engine reads it: only the fields that are CSL variables
/// (strings, numbers, names, dates); `custom` and anything else are left out.
pub fn engine_item(item: &Value) -> citationberg::json::Item {
    let mut map = std::collections::BTreeMap::new();
    if let Some(o) = item.as_object() {
        for (k, v) in o {
            if let Ok(v) = serde_json::from_value::<citationberg::json::Value>(v.clone()) {
                map.insert(k.clone(), v);
            }
        }
    }
    citationberg::json::Item(map)
}

/// One line of rendered text: the engine's output without controls or line breaks.
fn one_line(e: &hayagriva::ElemChildren) -> String {
    let mut s = String::new();
    // Writing to a String cannot fail.
    let _ = e.write_buf(&mut s, BufWriteFormat::Plain);
    item::clean(&s)
}

/// Render the CSL item of `doc` (and paragraph `n`) in `style`.
pub fn render(doc: &Document, n: Option<usize>, style: &CslStyle) -> Citation {
    let item = item::item(doc);
    render_item(item, n, style)
}

/// Render a CSL item (and paragraph `n`) in `style`.
pub fn render_item(item: Value, n: Option<usize>, style: &CslStyle) -> Citation {
    let entry = engine_item(&item);
    let para = n.map(|n| n.to_string());
    let locator = para.as_deref().map(|p| {
        SpecificLocator(
            citationberg::taxonomy::Locator::Paragraph,
            LocatorPayload::Str(p),
        )
    });
    let mut driver = BibliographyDriver::new();
    driver.citation(CitationRequest::from_items(
        vec![CitationItem::with_locator(&entry, locator)],
        &style.style,
        locales(),
    ));
    let rendered = driver.finish(BibliographyRequest::new(&style.style, None, locales()));
    let note = rendered
        .citations
        .first()
        .map(|c| one_line(&c.citation))
        .unwrap_or_default();
    let bibliography = rendered
        .bibliography
        .and_then(|b| b.items.first().map(|i| one_line(&i.content)));
    let missing = item::missing(&item);
    Citation {
        note,
        bibliography,
        item,
        locator: n,
        missing,
    }
}

/// Where a document says it comes from, when it has no citation of its own: the first line of
/// its collection's note ("From CNN Cold War"), or its collection's title.
fn source_of(doc: &Document) -> Option<String> {
    if let Some(c) = &doc.citation {
        return Some(c.clone());
    }
    let from_note = doc
        .collection_note
        .as_deref()
        .and_then(|n| n.lines().map(str::trim).find(|l| !l.is_empty()))
        .map(|l| l.trim_start_matches("From ").to_string());
    match (&doc.collection_title, from_note) {
        (Some(t), Some(n)) => Some(format!("{t}, {n}")),
        (Some(t), None) => Some(t.clone()),
        (None, n) => n,
    }
}

/// The citation of a document, or of one of its paragraphs (`n`): `Style::Chicago` is the
/// note form of the Chicago notes style, rendered by the CSL engine; `Style::Plain` a plain line.
pub fn cite(doc: &Document, n: Option<usize>, style: Style) -> String {
    if style == Style::Chicago {
        return render(doc, n, &CslStyle::default_style()).note;
    }
    legacy(doc, n, style)
}

/// The plain line: title (ISO date), source, paragraph, id.
fn legacy(doc: &Document, n: Option<usize>, _style: Style) -> String {
    let clean = |s: &str| strip_controls(s).replace('\n', " ");
    let mut s = format!(
        "{} ({})",
        doc.title,
        doc.date.as_deref().unwrap_or("undated")
    );
    if let Some(src) = source_of(doc) {
        s.push_str(". ");
        s.push_str(src.trim_end_matches('.'));
    }
    if let Some(n) = n {
        s.push_str(&format!(". ¶ {n}"));
    }
    s.push_str(&format!(". carrel id {}", doc.id));
    if let Some(n) = n {
        s.push_str(&format!(" ¶{n}"));
    }
    clean(&s)
}
