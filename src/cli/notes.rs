//! `carrel notes …` and `carrel cite`: annotations and citations from the shell.

use crate::corpus::Corpus;
use crate::notes::anchor::Anchor;
use crate::notes::export::{current_n, flagged, markdown, status};
use crate::notes::store::Store;
use crate::notes::{Note, NoteKind};
use crate::text::{one_line, strip_controls};
use clap::Subcommand;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `carrel notes` subcommands.
#[derive(Subcommand, Debug)]
pub enum NotesCommand {
    /// Add a note to a paragraph (N is its number, `n`), or to a passage of it (--quote).
    Add {
        /// Document id or unique prefix.
        doc: String,
        /// The paragraph number.
        #[arg(long)]
        block: usize,
        /// The passage, exactly as in the paragraph's text.
        #[arg(long)]
        quote: Option<String>,
        /// The note.
        #[arg(long, default_value = "")]
        text: String,
        /// A tag (repeatable).
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// A colour name.
        #[arg(long)]
        colour: Option<String>,
        /// What it is.
        #[arg(long, value_enum, default_value_t = KindArg::Note)]
        kind: KindArg,
    },
    /// List notes (of one document), with where they stand now.
    List {
        /// Document id or unique prefix.
        doc: Option<String>,
        /// Only notes with this tag.
        #[arg(long)]
        tag: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export every note: Markdown with citations, or JSON that `notes import` reads back.
    Export {
        /// The format.
        #[arg(long, value_enum, default_value_t = FormatArg::Markdown)]
        format: FormatArg,
    },
    /// Import notes from a JSON export; notes already present (same id) are skipped.
    Import {
        /// The JSON file.
        file: PathBuf,
    },
    /// Recover the notes of a damaged database: what can be read of it, merged with the
    /// backup; exits 1 when some notes could not be recovered (and lists what is known of them).
    Salvage,
    /// Delete a note by id.
    Delete {
        /// The note's id, or a unique prefix of it.
        id: String,
    },
}

/// `notes add --kind` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
pub enum KindArg {
    /// A note with text.
    Note,
    /// A highlight.
    Highlight,
    /// A bookmark.
    Bookmark,
}

impl From<KindArg> for NoteKind {
    fn from(k: KindArg) -> NoteKind {
        match k {
            KindArg::Note => NoteKind::Note,
            KindArg::Highlight => NoteKind::Highlight,
            KindArg::Bookmark => NoteKind::Bookmark,
        }
    }
}

/// `notes export --format` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
pub enum FormatArg {
    /// Markdown grouped by document, with citations.
    #[value(alias = "md")]
    Markdown,
    /// JSON that `notes import` reads back.
    Json,
}

/// The note whose id is `prefix` or uniquely starts with it.
fn find_note(store: &Store, prefix: &str) -> Result<String, String> {
    if store.get(prefix).map_err(|e| e.to_string())?.is_some() {
        return Ok(prefix.to_string());
    }
    let ids: Vec<String> = store
        .list(None)
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|n| n.id)
        .filter(|id| id.starts_with(prefix))
        .collect();
    match ids.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!("no note id starts with '{}'", one_line(prefix))),
        many => Err(format!(
            "'{}' matches {} notes: {}",
            one_line(prefix),
            many.len(),
            many.iter()
                .map(|i| one_line(i))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn open_store(data_dir: Option<&Path>) -> Result<Store, String> {
    let dir = crate::tui::session::data_dir(data_dir)
        .ok_or("no data directory: set --data-dir or CARREL_DATA")?;
    Store::open(&dir).map_err(|e| e.to_string())
}

/// Run a notes command.
pub fn run(
    cmd: NotesCommand,
    corpus: &Corpus,
    data_dir: Option<&Path>,
    out: &mut impl Write,
) -> std::io::Result<ExitCode> {
    // The notes database could not be used: 1. What was asked cannot be (a document, a
    // paragraph, a passage, a note or a file that is not there): 2, a usage or input error.
    let fail = |msg: String| -> std::io::Result<ExitCode> {
        say!("carrel: {msg}");
        Ok(ExitCode::from(1))
    };
    let refuse = |msg: String| -> std::io::Result<ExitCode> {
        say!("carrel: {msg}");
        Ok(ExitCode::from(super::USAGE))
    };
    if let NotesCommand::Salvage = cmd {
        return salvage(data_dir, out);
    }
    let mut store = match open_store(data_dir) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    // Notes from before paragraph fingerprints gain them on first open beside their documents.
    if let Err(e) = crate::notes::fill_fingerprints(&mut store, corpus) {
        return fail(e.to_string());
    }
    match cmd {
        NotesCommand::Add {
            doc,
            block,
            quote,
            text,
            tags,
            colour,
            kind,
        } => {
            let d = match corpus.find(&doc) {
                Ok(d) => d,
                Err(e) => return refuse(e.to_string()),
            };
            let Some(bi) = d.blocks.iter().position(|b| b.n == block) else {
                let last = d.blocks.last().map(|b| b.n).unwrap_or(0);
                return refuse(format!(
                    "{} has no paragraph {block} (1-{last})",
                    one_line(&d.id)
                ));
            };
            let mut note = match Note::on(d, bi, kind.into(), quote) {
                Ok(n) => n,
                Err(e) => return refuse(one_line(&e)),
            };
            note.text = text;
            note.tags = tags;
            note.colour = colour;
            if let Err(e) = store.save(&note) {
                return fail(e.to_string());
            }
            writeln!(out, "{}", note.id)?;
        }
        NotesCommand::List { doc, tag, json } => {
            let doc_id = match doc.as_deref().map(|p| corpus.find(p)) {
                Some(Ok(d)) => Some(d.id.clone()),
                Some(Err(_)) => doc.clone(),
                None => None,
            };
            let notes = match store.list(doc_id.as_deref()) {
                Ok(n) => n,
                Err(e) => return fail(e.to_string()),
            };
            let notes: Vec<Note> = notes
                .into_iter()
                .filter(|n| tag.as_ref().is_none_or(|t| n.tags.contains(t)))
                .collect();
            if json {
                let arr: Vec<serde_json::Value> = notes
                    .iter()
                    .map(|n| {
                        let mut v = serde_json::to_value(n).unwrap_or_default();
                        if let Some(o) = v.as_object_mut() {
                            let st = status(corpus, n);
                            let word = if flagged(corpus, n) {
                                "flagged"
                            } else {
                                st.status()
                            };
                            o.insert("status".into(), word.into());
                            o.insert("similarity".into(), st.similarity().into());
                            o.insert("block_now".into(), current_n(corpus, n).into());
                        }
                        v
                    })
                    .collect();
                crate::json::write_pretty(&mut *out, &arr)?;
            } else {
                for n in &notes {
                    let st = status(corpus, n);
                    let mut line = format!(
                        "{}  {} ¶{}",
                        one_line(&n.id),
                        one_line(&n.doc),
                        current_n(corpus, n)
                    );
                    match st {
                        _ if flagged(corpus, n) => {
                            line.push_str(" [flagged: made on another record that held this id]")
                        }
                        Anchor::Exact { .. } => {}
                        Anchor::Moved { similarity, .. } if similarity < 100 => {
                            line.push_str(&format!(" [moved, {similarity}% alike]"))
                        }
                        _ => line.push_str(&format!(" [{}]", st.status())),
                    }
                    if n.kind != NoteKind::Note {
                        line.push_str(&format!(" ({})", n.kind.as_str()));
                    }
                    if !n.tags.is_empty() {
                        let tags: Vec<String> = n.tags.iter().map(|t| format!("#{t}")).collect();
                        line.push_str(&format!(" {}", tags.join(" ")));
                    }
                    if !n.text.is_empty() {
                        line.push_str(&format!("  {}", n.text));
                    }
                    if let Some(q) = &n.quote {
                        line.push_str(&format!("  — “{q}”"));
                    }
                    writeln!(out, "{}", one_line(&line))?;
                }
            }
        }
        NotesCommand::Export { format } => {
            let notes = match store.list(None) {
                Ok(n) => n,
                Err(e) => return fail(e.to_string()),
            };
            match format {
                FormatArg::Json => crate::json::write_pretty(&mut *out, &notes)?,
                FormatArg::Markdown => write!(out, "{}", markdown(corpus, &notes))?,
            }
        }
        NotesCommand::Import { file } => {
            // A regular file within the size limit (`notes import /dev/zero` is refused).
            let text = match crate::files::read_to_string(&file) {
                Ok(t) => t,
                Err(e) => return refuse(format!("{}: {e}", one_line(&file.display().to_string()))),
            };
            let notes: Vec<Note> = match serde_json::from_str(&text) {
                Ok(n) => n,
                Err(e) => {
                    return refuse(format!(
                        "{}:{}: not a carrel notes export: {e}",
                        one_line(&file.display().to_string()),
                        e.line()
                    ))
                }
            };
            match store.import(&notes) {
                Ok(summary) => writeln!(out, "{}", strip_controls(&summary.to_string()))?,
                Err(e) => return fail(e.to_string()),
            }
        }
        NotesCommand::Salvage => {}
        NotesCommand::Delete { id } => {
            let id = match find_note(&store, &id) {
                Ok(id) => id,
                Err(e) => return refuse(e),
            };
            match store.delete(&id) {
                Ok(true) => writeln!(out, "deleted {}", one_line(&id))?,
                Ok(false) => return refuse(format!("no note with id {}", one_line(&id))),
                Err(e) => return fail(e.to_string()),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel notes salvage`.
fn salvage(data_dir: Option<&Path>, out: &mut impl Write) -> std::io::Result<ExitCode> {
    let Some(dir) = crate::tui::session::data_dir(data_dir) else {
        say!("carrel: no data directory: set --data-dir or CARREL_DATA");
        return Ok(ExitCode::from(super::USAGE));
    };
    let r = match crate::notes::store::salvage(&dir) {
        Ok(r) => r,
        Err(e) => {
            say!("carrel: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    let Some(damaged) = &r.damaged else {
        writeln!(out, "the notes database is not damaged; nothing to salvage")?;
        return Ok(ExitCode::SUCCESS);
    };
    let shown = |p: &Path| one_line(&p.display().to_string());
    let mut line = format!(
        "recovered {} notes: {} from {}",
        r.from_damaged + r.from_backup,
        r.from_damaged,
        shown(damaged)
    );
    if let Some(b) = &r.backup {
        line.push_str(&format!(
            ", {} only in the backup {}",
            r.from_backup,
            shown(b)
        ));
    }
    writeln!(out, "{line}")?;
    if r.unreadable {
        writeln!(
            out,
            "the damaged file could not be read at all: notes it held that the backup does not are lost"
        )?;
        return Ok(ExitCode::from(1));
    }
    if !r.lost.is_empty() {
        let lost: Vec<String> = r.lost.iter().map(|l| one_line(l)).collect();
        writeln!(
            out,
            "{} notes could not be recovered: {}",
            lost.len(),
            lost.join(", ")
        )?;
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
