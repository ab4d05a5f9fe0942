//! The command line: arguments and the commands that print to the shell.

use crate::corpus::{Corpus, Source};
pub use crate::dates::date_in_range;
use crate::dates::PartialDate;
use crate::model::{BlockKind, DocKind, Document, Reading};
use crate::text::{one_line, strip_controls};

/// Print a message to standard error through the output gate ([`crate::text::Gate`]): every
/// message the CLI prints goes this way, so a file name or id in it cannot reach the terminal
/// raw.
macro_rules! say {
    ($($t:tt)*) => {
        $crate::text::eprint_clean(&format!($($t)*))
    };
}

pub mod cite;
pub mod notes;
pub mod search;
pub mod who;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::process::ExitCode;

/// carrel: a terminal reading room for archival diplomatic documents.
#[derive(Parser, Debug)]
#[command(name = "carrel", version, about, long_about = None)]
pub struct Cli {
    /// Corpus directory or file to read (repeatable). `bundled` names the built-in corpus.
    /// Without it, CARREL_CORPUS (paths separated by `:`) or else the bundled corpus is read.
    #[arg(long = "corpus", global = true, value_name = "PATH")]
    pub corpus: Vec<String>,

    /// Extra gazetteer to load (repeatable): TOML like `assets/gazetteer/`, or a TSV with the
    /// columns id, preferred, alternates, originals, birth_year, death_year.
    #[arg(long = "gazetteer", global = true, value_name = "PATH")]
    pub gazetteer: Vec<std::path::PathBuf>,

    /// Where carrel keeps its data (the reading position, notes). Without it, CARREL_DATA, else
    /// $XDG_DATA_HOME/carrel, else ~/.local/share/carrel.
    #[arg(long = "data-dir", global = true, value_name = "PATH")]
    pub data_dir: Option<std::path::PathBuf>,

    /// Where the caches (ingest results, the search index) live. Without it, CARREL_CACHE, else
    /// $XDG_CACHE_HOME/carrel, else ~/.cache/carrel.
    #[arg(long = "cache-dir", global = true, value_name = "PATH")]
    pub cache_dir: Option<std::path::PathBuf>,

    /// The largest file carrel reads (corpus files, gazetteers, notes to import): bytes, or
    /// with a unit (512K, 256M, 1G). Without it, CARREL_MAX_FILE_SIZE, else 256M.
    #[arg(
        long = "max-file-size",
        global = true,
        value_name = "SIZE",
        env = "CARREL_MAX_FILE_SIZE",
        value_parser = crate::files::parse_size
    )]
    pub max_file_size: Option<u64>,

    /// Follow symbolic links that lead out of a corpus directory (by default they are
    /// reported and skipped; links inside it are followed).
    #[arg(long = "follow-links", global = true)]
    pub follow_links: bool,

    /// The config file to read (`none`: no file). Without it, CARREL_CONFIG, else
    /// $XDG_CONFIG_HOME/carrel/config.toml, else ~/.config/carrel/config.toml.
    #[arg(long = "config", global = true, value_name = "PATH")]
    pub config: Option<String>,

    /// When to colour what is printed: auto (when writing to a terminal and NO_COLOR is not
    /// set), always or never. Search hits are marked by colour alone.
    #[arg(long = "color", global = true, value_enum, default_value_t = search::Color::Auto, value_name = "WHEN")]
    pub color: search::Color,

    /// The command; without one, the reading room opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// List documents in date order.
    List {
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
        /// Only documents of this kind.
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// Only documents dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long)]
        from: Option<PartialDate>,
        /// Only documents dated on or before this date.
        #[arg(long)]
        to: Option<PartialDate>,
        /// Only documents in which this entity takes part or speaks (an id, or any of its
        /// names).
        #[arg(long)]
        participant: Option<String>,
    },
    /// Show one document, by id or unique id prefix.
    Show {
        /// Document id or a unique prefix of one.
        id: String,
        /// Print JSON instead of text (the same as --format json).
        #[arg(long)]
        json: bool,
        /// text, json, or tei (the record as TEI P5).
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
        /// How to read a hand-edited draft.
        #[arg(long, value_enum, default_value_t = ReadingArg::Redline)]
        reading: ReadingArg,
    },
    /// Find people, places and organizations by any spelling; with no query, list them all.
    Who {
        /// Name or part of one, in any spelling.
        query: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// At most this many results (with a query, 20 unless given; without one, all).
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Ingest everything and print each warning as `file:line: message`.
    Check {
        /// Exit 1 on any warning, not only on unreadable files.
        #[arg(long)]
        strict: bool,
        /// Print JSON: {"warnings": [{file, line, message}], "uncovered": [{name, file, line,
        /// count}]}.
        #[arg(long)]
        json: bool,
    },
    /// Full-text search across the corpus, best first.
    Search {
        /// Words, "a phrase", prefix*, and filters written in the query (speaker:ID, entity:ID,
        /// kind:K, from:DATE, to:DATE), which are the same as the flags.
        #[arg(num_args = 0..)]
        query: Vec<String>,
        /// Only what this speaker says (an entity id, or any of its names).
        #[arg(long)]
        speaker: Option<String>,
        /// Only paragraphs naming this entity (an id, or any of its names), under any spelling.
        #[arg(long)]
        entity: Option<String>,
        /// Only documents dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long)]
        from: Option<PartialDate>,
        /// Only documents dated on or before this date.
        #[arg(long)]
        to: Option<PartialDate>,
        /// Only documents of this kind.
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// At most this many hits.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Watch the corpus for changes, for quick searches (started by `search` itself).
    #[command(name = "__watch", hide = true)]
    Watch,
    /// Annotations: add, list, export, import, delete.
    Notes {
        /// What to do.
        #[command(subcommand)]
        command: notes::NotesCommand,
    },
    /// Where the config file is read from (`--path`, the default), a commented default file
    /// (`--default`), or every problem in it (`--check`, exit 1 if any).
    Config {
        /// Print where the config file is read from, even when it is absent.
        #[arg(long)]
        path: bool,
        /// Print a commented default config file.
        #[arg(long, conflicts_with_all = ["path", "check"])]
        default: bool,
        /// Print `PATH:LINE:COL: message` for every problem; exit 1 if there is any.
        #[arg(long, conflicts_with = "path")]
        check: bool,
    },
    /// Cite a document, or one of its paragraphs.
    Cite {
        /// Document id or unique prefix.
        id: String,
        /// The paragraph number: a locator, placed where the style places it.
        #[arg(long)]
        block: Option<usize>,
        /// chicago-notes (chicago), chicago-author-date, apa, mla, plain, or a .csl file.
        #[arg(long, default_value = "chicago-notes")]
        style: String,
        /// The note form or the bibliography entry.
        #[arg(long, value_enum, default_value_t = cite::Form::Note)]
        form: cite::Form,
        /// text (rendered in the style), csl-json, bibtex or ris (these two take no style).
        #[arg(long, value_enum, default_value_t = cite::CiteFormat::Text)]
        format: cite::CiteFormat,
        /// Print {note, bibliography, csl, locator, missing} as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export documents' citations for a reference manager (Zotero and the like).
    Export {
        /// Document ids or unique prefixes.
        ids: Vec<String>,
        /// Every document (or every one the filters keep).
        #[arg(long)]
        all: bool,
        /// csl-json, bibtex or ris.
        #[arg(long, value_enum, default_value_t = cite::ExportFormat::CslJson)]
        format: cite::ExportFormat,
        /// Only documents of this kind.
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// Only documents dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long)]
        from: Option<PartialDate>,
        /// Only documents dated on or before this date.
        #[arg(long)]
        to: Option<PartialDate>,
        /// Only documents in which this entity takes part or speaks (an id, or any of its
        /// names).
        #[arg(long)]
        participant: Option<String>,
    },
}

/// `show --format` values.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ShowFormat {
    /// Readable text.
    Text,
    /// JSON.
    Json,
    /// TEI P5 XML.
    Tei,
}

/// `--kind` values (the short labels; the JSON names and a few synonyms are accepted too).
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum KindArg {
    /// Memorandum or record of a conversation.
    #[value(alias = "memorandum_of_conversation", alias = "memorandum")]
    Memcon,
    /// Telegram or cable.
    #[value(alias = "cable")]
    Telegram,
    /// Message or letter.
    #[value(alias = "letter")]
    Message,
    /// A draft.
    Draft,
    /// Report or other prose record.
    Report,
    /// Anything else.
    Document,
}

impl From<KindArg> for DocKind {
    fn from(k: KindArg) -> DocKind {
        match k {
            KindArg::Memcon => DocKind::MemorandumOfConversation,
            KindArg::Telegram => DocKind::Telegram,
            KindArg::Message => DocKind::Message,
            KindArg::Draft => DocKind::Draft,
            KindArg::Report => DocKind::Report,
            KindArg::Document => DocKind::Document,
        }
    }
}

/// The exit code of a usage or input error (as `rg`: 0 found, 1 nothing found, 2 error).
pub const USAGE: u8 = 2;

/// An argument the parser refused, in the one error shape (`carrel: …`, exit 2); help and
/// version are printed as clap prints them.
pub fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = e.print();
        return ExitCode::from(USAGE);
    }
    let text = e.render().to_string();
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    say!("carrel: {}", text.trim_end());
    ExitCode::from(USAGE)
}

/// The entity an `--speaker`, `--participant` or `--entity` value names: an id, or any name
/// of one entity after folding (exactly; a near spelling is only suggested). The error says
/// which flag, and lists the candidates of an ambiguous name or the nearest names.
pub fn resolve_entity(
    g: &crate::gazetteer::Gazetteer,
    flag: &str,
    given: &str,
) -> Result<String, String> {
    if g.get(given).is_some() {
        return Ok(given.to_string());
    }
    let named = g.lookup(given);
    let mut ids: Vec<(&str, &str)> = named
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    ids.sort();
    ids.dedup();
    match ids.as_slice() {
        [(id, _)] => Ok(id.to_string()),
        [] => {
            let near: Vec<String> = crate::search::fuzzy::find(g, given, 3)
                .iter()
                .map(|h| format!("{} ({})", one_line(&h.entity.id), one_line(&h.entity.name)))
                .collect();
            let hint = if near.is_empty() {
                String::new()
            } else {
                format!("; did you mean {}?", near.join(", "))
            };
            Err(format!(
                "{flag}: no entity '{}'{hint} (`carrel who` lists them)",
                one_line(given)
            ))
        }
        many => Err(format!(
            "{flag}: '{}' names {} entities: {}; give one of the ids",
            one_line(given),
            many.len(),
            many.iter()
                .map(|(id, name)| format!("{} ({})", one_line(id), one_line(name)))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// `--reading` values.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReadingArg {
    /// Insertions and deletions both marked.
    Redline,
    /// Insertions kept, deletions dropped.
    Edited,
    /// Deletions kept, insertions dropped.
    Original,
}

impl From<ReadingArg> for Reading {
    fn from(r: ReadingArg) -> Reading {
        match r {
            ReadingArg::Redline => Reading::Redline,
            ReadingArg::Edited => Reading::Edited,
            ReadingArg::Original => Reading::Original,
        }
    }
}

/// The corpus sources: `--corpus` values, else `CARREL_CORPUS`, else the bundled corpus.
pub fn sources(cli_values: &[String]) -> Vec<Source> {
    sources_with(cli_values, &[])
}

/// The corpus sources: `--corpus` values, else `CARREL_CORPUS`, else the config file's
/// `corpora`, else the bundled corpus.
pub fn sources_with(cli_values: &[String], configured: &[String]) -> Vec<Source> {
    if !cli_values.is_empty() {
        return cli_values.iter().map(|s| Source::parse(s)).collect();
    }
    match std::env::var("CARREL_CORPUS") {
        Ok(v) if !v.trim().is_empty() => v
            .split(':')
            .filter(|s| !s.is_empty())
            .map(Source::parse)
            .collect(),
        _ if !configured.is_empty() => configured.iter().map(|s| Source::parse(s)).collect(),
        _ => vec![Source::Bundled],
    }
}

/// A corpus or gazetteer path named on the command line that is a FIFO, a device or a socket:
/// the message refusing it (reading one would block or never end).
fn refused_path(
    sources: &[Source],
    gazetteers: &[std::path::PathBuf],
    missing_too: bool,
) -> Option<String> {
    let named = sources
        .iter()
        .filter_map(|s| match s {
            Source::Path(p) => Some(p.as_path()),
            Source::Bundled => None,
        })
        .chain(gazetteers.iter().map(|p| p.as_path()));
    for p in named {
        // A mistyped path is an error, not an empty corpus.
        if let Err(e) = std::fs::metadata(p) {
            if missing_too && e.kind() == std::io::ErrorKind::NotFound {
                return Some(format!(
                    "{}: no such file or directory",
                    one_line(&p.display().to_string())
                ));
            }
        }
        let odd = std::fs::metadata(p)
            .ok()
            .and_then(|m| crate::files::odd_kind(m.file_type()));
        if let Some(what) = odd {
            return Some(format!(
                "{}: not a regular file or directory ({what}); not read",
                strip_controls(&p.display().to_string())
            ));
        }
    }
    None
}

/// Say on standard error which files could not be read, and why.
fn report_unreadable(corpus: &Corpus) {
    for w in &corpus.warnings {
        if corpus.unreadable.contains(&w.file) {
            say!(
                "carrel: {}: {}",
                strip_controls(&w.file),
                strip_controls(&w.message)
            );
        }
    }
}

/// `carrel config`.
fn config_cmd(
    at: &crate::config::Location,
    out: &mut impl Write,
    default: bool,
    check: bool,
) -> std::io::Result<ExitCode> {
    if default {
        out.write_all(crate::config::DEFAULT_FILE.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    if check {
        let mut c = crate::config::Config::load(at);
        crate::tui::config::check(&mut c);
        let lines = c.problem_lines();
        for l in &lines {
            writeln!(out, "{l}")?;
        }
        return Ok(ExitCode::from(u8::from(!lines.is_empty())));
    }
    writeln!(out, "{}", strip_controls(&at.display()))?;
    if let crate::config::Location::File(p) = at {
        if !p.exists() {
            eprintln!("carrel: (no file there: carrel's defaults apply; `carrel config --default` prints one)");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Open the reading room, if there is a terminal to open it in.
fn reading_room(
    corpus: Corpus,
    config: crate::config::Config,
    data_dir: Option<&std::path::Path>,
    cache_dir: Option<&std::path::Path>,
) -> ExitCode {
    use std::io::IsTerminal;
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        say!(
            "carrel: the reading room needs a terminal; from a script, use `carrel list`, \
             `carrel show ID` or `carrel --help`"
        );
        return ExitCode::from(2);
    }
    let dir = crate::tui::session::data_dir(data_dir);
    let mut app = crate::tui::app::App::new(corpus, crate::tui::theme::Theme::from_env(), dir);
    app.cache_dir = cache_dir.map(std::path::Path::to_path_buf);
    let broken = config.broken.clone();
    let applied = crate::tui::config::apply(config.clone());
    app.configure(&config, applied.keymap, applied.theme);
    app.message = match (broken, applied.problems.len()) {
        (Some(why), _) => Some(format!(
            "config file not used ({why}); carrel config --check"
        )),
        (None, 0) => None,
        (None, n) => Some(format!(
            "config: {n} problem(s) ignored; carrel config --check"
        )),
    };
    match crate::tui::run(app) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say!("carrel: {e}");
            ExitCode::from(1)
        }
    }
}

/// Run the command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let at = crate::config::Location::find(cli.config.as_deref());
    if let Some(Command::Config { default, check, .. }) = &cli.command {
        let mut out = std::io::stdout().lock();
        return match config_cmd(&at, &mut out, *default, *check) {
            Ok(c) => c,
            Err(_) => ExitCode::from(1),
        };
    }
    let config = crate::config::Config::load(&at);
    if cli.command.is_some() {
        // The reading room says so in its status line; the commands on standard error.
        for p in config.problem_lines() {
            eprintln!("carrel: config: {p}");
        }
    }
    // --max-file-size (or CARREL_MAX_FILE_SIZE) > the config file's [limits] > the default.
    crate::files::set_max_file_size(
        cli.max_file_size
            .or(config.max_file_size)
            .unwrap_or(crate::files::DEFAULT_MAX_FILE_SIZE),
    );
    crate::files::set_follow_links(cli.follow_links);
    // The config file's corpora that are not there are skipped (a broken config never stops
    // carrel); a --corpus that is not there is an error.
    let configured: Vec<String> = config
        .corpora
        .iter()
        .filter(|c| {
            let ok = c.as_str() == "bundled" || std::path::Path::new(c.as_str()).exists();
            if !ok {
                say!(
                    "carrel: config: corpus {} is not there; skipped",
                    strip_controls(c)
                );
            }
            ok
        })
        .cloned()
        .collect();
    let sources = sources_with(&cli.corpus, &configured);
    let mut gaz: Vec<std::path::PathBuf> = config
        .gazetteers
        .iter()
        .filter(|g| {
            if !g.exists() {
                say!(
                    "carrel: config: gazetteer {} is not there; skipped",
                    strip_controls(&g.display().to_string())
                );
            }
            g.exists()
        })
        .cloned()
        .collect();
    gaz.extend(cli.gazetteer.iter().cloned());
    // `check` reports a path that is not there as an unreadable file (its exit 1).
    let checking = matches!(cli.command, Some(Command::Check { .. }));
    if let Some(msg) = refused_path(&sources, &gaz, !checking) {
        say!("carrel: {msg}");
        return ExitCode::from(2);
    }
    let ingest_cache = crate::cache::cache_dir(cli.cache_dir.as_deref());
    let data_dir = crate::tui::session::data_dir(cli.data_dir.as_deref());
    // `check` reports unreadable files itself; other commands say which were not read.
    let tell = !matches!(cli.command, Some(Command::Check { .. }));
    let load = || {
        let c = Corpus::open_in(&sources, &gaz, ingest_cache.as_deref(), data_dir.as_deref());
        if tell {
            report_unreadable(&c);
        }
        c
    };
    if cli.command.is_none() {
        return reading_room(
            load(),
            config,
            cli.data_dir.as_deref(),
            cli.cache_dir.as_deref(),
        );
    }
    let stdout = std::io::stdout();
    // Buffered: a listing of ten thousand documents is one write, not one per line.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, crate::text::Gate::new(stdout.lock()));
    let result = match cli.command {
        None | Some(Command::Config { .. }) => Ok(ExitCode::SUCCESS),
        Some(Command::List {
            json,
            kind,
            from,
            to,
            participant,
        }) => {
            let corpus = load();
            let participant = match participant
                .map(|p| resolve_entity(&corpus.gazetteer, "--participant", &p))
                .transpose()
            {
                Ok(p) => p,
                Err(e) => {
                    say!("carrel: {e}");
                    return ExitCode::from(USAGE);
                }
            };
            list(
                &corpus,
                &mut out,
                json,
                kind.map(DocKind::from),
                from.as_ref().map(PartialDate::as_str),
                to.as_ref().map(PartialDate::as_str),
                participant.as_deref(),
            )
        }
        Some(Command::Search {
            query,
            speaker,
            entity,
            from,
            to,
            kind,
            limit,
            json,
        }) => {
            let flags = crate::search::index::Query {
                text: String::new(),
                speaker,
                entity,
                from: from.map(|d| d.to_string()),
                to: to.map(|d| d.to_string()),
                kind: kind.map(DocKind::from),
                limit,
            };
            let q = match search::merge(&query.join(" "), flags) {
                Ok(q) => q,
                Err(e) => {
                    say!("carrel: {e}");
                    return ExitCode::from(USAGE);
                }
            };
            let color = cli.color.on_stdout();
            let cache = cli.cache_dir.as_deref();
            if color {
                // Coloured hits bypass the output gate, which would take the colours out: every
                // piece of document text in them is cleaned before it is written
                // (`search::print_hits`), and only the colours are added.
                let _ = out.flush();
                let mut raw = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
                let done = search_command(&sources, &gaz, cache, q, json, true, &load, &mut raw);
                return finish(done, &mut raw);
            }
            search_command(&sources, &gaz, cache, q, json, false, &load, &mut out)
        }
        Some(Command::Show {
            id,
            json,
            format,
            reading,
        }) => {
            let corpus = load();
            let format = if json { ShowFormat::Json } else { format };
            if format == ShowFormat::Tei {
                show_tei(&corpus, &mut out, &id)
            } else {
                show(
                    &corpus,
                    &mut out,
                    &id,
                    format == ShowFormat::Json,
                    reading.into(),
                )
            }
        }
        Some(Command::Who { query, json, limit }) => {
            let cache = cli.cache_dir.as_deref();
            match who::quick(
                &sources,
                &gaz,
                cache,
                query.as_deref(),
                json,
                limit,
                &mut out,
            ) {
                Some(done) => done,
                None => {
                    let corpus = load();
                    let keep = who::keep_in(&sources, &gaz, cache);
                    who::run(&corpus, keep, query.as_deref(), json, limit, &mut out)
                }
            }
        }
        Some(Command::Watch) => Ok(search::watch_main(&sources, &gaz, cli.cache_dir.as_deref())),
        Some(Command::Check { strict, json }) => {
            let corpus = load();
            check(&corpus, &mut out, strict, json)
        }
        Some(Command::Notes { command }) => {
            let corpus = load();
            notes::run(command, &corpus, cli.data_dir.as_deref(), &mut out)
        }
        Some(Command::Cite {
            id,
            block,
            style,
            form,
            format,
            json,
        }) => {
            let corpus = load();
            cite::cite_cmd(&corpus, &mut out, &id, block, &style, form, format, json)
        }
        Some(Command::Export {
            ids,
            all,
            format,
            kind,
            from,
            to,
            participant,
        }) => {
            let corpus = load();
            let filtered =
                all || kind.is_some() || from.is_some() || to.is_some() || participant.is_some();
            if ids.is_empty() && !filtered {
                say!("carrel: export what? name document ids, --all, or filters (--kind, --from, --to, --participant)");
                return ExitCode::from(USAGE);
            }
            let mut chosen: Vec<usize> = Vec::new();
            for id in &ids {
                match corpus.find(id) {
                    Ok(d) => chosen.extend(corpus.index_of(&d.id)),
                    Err(e) => {
                        say!("carrel: {e}");
                        return ExitCode::from(USAGE);
                    }
                }
            }
            if ids.is_empty() {
                let participant = match participant
                    .map(|p| resolve_entity(&corpus.gazetteer, "--participant", &p))
                    .transpose()
                {
                    Ok(p) => p,
                    Err(e) => {
                        say!("carrel: {e}");
                        return ExitCode::from(USAGE);
                    }
                };
                chosen = select(
                    &corpus,
                    kind.map(DocKind::from),
                    from.as_ref().map(PartialDate::as_str),
                    to.as_ref().map(PartialDate::as_str),
                    participant.as_deref(),
                )
                .into_iter()
                .map(|(i, _)| i)
                .collect();
            }
            let docs: Vec<&Document> = chosen.iter().map(|&i| &corpus.docs[i]).collect();
            cite::export_cmd(&mut out, &docs, format)
        }
    };
    finish(result, &mut out)
}

/// Flush standard output and turn the result into the exit code (a closed pipe is no error
/// worth a message).
/// `carrel search` once its query is made: the quick path, else the corpus loaded and the
/// speaker and entity resolved.
#[allow(clippy::too_many_arguments)]
fn search_command(
    sources: &[Source],
    gaz: &[std::path::PathBuf],
    cache: Option<&std::path::Path>,
    mut q: crate::search::index::Query,
    json: bool,
    color: bool,
    load: &dyn Fn() -> Corpus,
    out: &mut impl Write,
) -> std::io::Result<ExitCode> {
    if let Some(done) = search::quick(sources, gaz, cache, &q, json, color, out) {
        return done;
    }
    let corpus = load();
    // Names resolve to ids (exactly, after folding) before the search.
    for (flag, slot) in [("--speaker", &mut q.speaker), ("--entity", &mut q.entity)] {
        if let Some(given) = slot.clone() {
            match resolve_entity(&corpus.gazetteer, flag, &given) {
                Ok(id) => *slot = Some(id),
                Err(e) => {
                    say!("carrel: {e}");
                    return Ok(ExitCode::from(USAGE));
                }
            }
        }
    }
    search::run(&corpus, cache, &q, json, color, out)
}

fn finish(result: std::io::Result<ExitCode>, out: &mut impl Write) -> ExitCode {
    let result = result.and_then(|code| out.flush().map(|()| code));
    match result {
        Ok(code) => code,
        Err(e) => {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                say!("carrel: {e}");
            }
            ExitCode::from(1)
        }
    }
}

/// The documents (headers, with their positions) a listing's filters keep, in date order.
fn select<'c>(
    corpus: &'c Corpus,
    kind_filter: Option<DocKind>,
    from: Option<&str>,
    to: Option<&str>,
    participant: Option<&str>,
) -> Vec<(usize, &'c Document)> {
    // Headers only: listing loads no document body.
    let docs: Vec<(usize, &Document)> = corpus
        .docs
        .heads()
        .enumerate()
        .filter(|(_, d)| kind_filter.is_none_or(|k| d.kind == k))
        .filter(|(_, d)| date_in_range(d.date.as_deref(), from, to))
        .filter(|(i, d)| {
            participant.is_none_or(|p| {
                d.participants.iter().any(|x| x.id.as_deref() == Some(p))
                    || corpus
                        .gazetteer
                        .position(p)
                        .is_some_and(|e| corpus.docs.speakers(*i).contains(&(e as u32)))
                    || [&d.author, &d.recipient]
                        .into_iter()
                        .flatten()
                        .any(|n| corpus.gazetteer.lookup(n).iter().any(|e| e.id == p))
            })
        })
        .collect();
    docs
}

fn list(
    corpus: &Corpus,
    out: &mut impl Write,
    json: bool,
    kind_filter: Option<DocKind>,
    from: Option<&str>,
    to: Option<&str>,
    participant: Option<&str>,
) -> std::io::Result<ExitCode> {
    let filtered = kind_filter.is_some() || from.is_some() || to.is_some() || participant.is_some();
    let docs = select(corpus, kind_filter, from, to, participant);
    // As rg: 1 when filters matched nothing.
    let code = if filtered && docs.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    if json {
        let arr: Vec<_> = docs
            .iter()
            .map(|(i, d)| crate::json::list_entry(d, corpus.docs.block_count(*i)))
            .collect();
        crate::json::write_pretty(&mut *out, &arr)?;
    } else {
        for (_, d) in docs {
            writeln!(
                out,
                "{:<10}  {:<9}  {}  {}",
                one_line(d.date.as_deref().unwrap_or("undated")),
                d.kind.label(),
                one_line(&d.id),
                one_line(&d.title)
            )?;
        }
    }
    Ok(code)
}

fn show(
    corpus: &Corpus,
    out: &mut impl Write,
    id: &str,
    json: bool,
    reading: Reading,
) -> std::io::Result<ExitCode> {
    let doc = match corpus.find(id) {
        Ok(d) => d,
        Err(e) => {
            say!("carrel: {e}");
            return Ok(ExitCode::from(USAGE));
        }
    };
    if json {
        let idx = corpus.index_of(&doc.id).unwrap_or(0);
        let mentions = corpus.mentions.get(idx).map(Vec::as_slice).unwrap_or(&[]);
        let mut v = crate::json::document(doc, reading, mentions);
        if let Some(o) = v.as_object_mut() {
            let links = crate::links::all(corpus, idx);
            o.insert(
                "links".into(),
                serde_json::to_value(links).unwrap_or_default(),
            );
        }
        crate::json::write_pretty(&mut *out, &v)?;
    } else {
        out.write_all(strip_controls(&document_text(doc, reading)).as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `show --format tei`: the record as TEI P5, its citation (Chicago notes) in the header.
fn show_tei(corpus: &Corpus, out: &mut impl Write, id: &str) -> std::io::Result<ExitCode> {
    let doc = match corpus.find(id) {
        Ok(d) => d,
        Err(e) => {
            say!("carrel: {e}");
            return Ok(ExitCode::from(USAGE));
        }
    };
    let source = crate::cite::cite(doc, None, crate::cite::Style::Chicago);
    out.write_all(crate::export::tei::document(doc, &source).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// A document as readable text: header, then numbered blocks, then notes.
pub fn document_text(doc: &Document, reading: Reading) -> String {
    let mut s = String::new();
    let title = one_line(&doc.title);
    s.push_str(&title);
    s.push('\n');
    s.push_str(&"=".repeat(title.chars().count().min(78)));
    s.push('\n');
    // Header fields are one line each: a newline in an id or a file name starts no new field.
    let mut field = |name: &str, v: Option<&str>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            s.push_str(&format!("{name:<12} {}\n", one_line(v)));
        }
    };
    field("id", Some(&doc.id));
    let date = match (&doc.date, &doc.date_printed) {
        (Some(d), Some(p)) => Some(format!("{d} (printed: {p})")),
        (Some(d), None) => Some(d.clone()),
        _ => None,
    };
    field("date", date.as_deref());
    field("kind", Some(doc.kind.label()));
    field("from", doc.author.as_deref());
    field("to", doc.recipient.as_deref());
    field("place", doc.place.as_deref());
    let participants = doc
        .participants
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    field("participants", Some(&participants));
    field("translator", doc.translator.as_deref());
    field("language", doc.original_language.as_deref());
    field("source", doc.citation.as_deref());
    field("summary", doc.summary.as_deref());
    field("collection", doc.collection_title.as_deref());
    field(
        "file",
        Some(&format!("{}:{}", doc.source_file, doc.source_line)),
    );
    if let Some(note) = &doc.collection_note {
        s.push_str("\nCollection note:\n");
        for line in note.lines() {
            s.push_str("  ");
            s.push_str(line);
            s.push('\n');
        }
    }
    if doc.blocks.iter().any(|b| {
        b.segments.iter().any(|x| {
            matches!(
                x,
                crate::model::Segment::Insert(_) | crate::model::Segment::Delete(_)
            )
        })
    }) {
        s.push_str(&format!("\nReading: {}", reading.as_str()));
        if reading == Reading::Redline {
            s.push_str(" ({+inserted+} {-deleted-})");
        }
        s.push('\n');
    }
    s.push('\n');
    for b in &doc.blocks {
        let text = b.text(reading);
        let body = match (&b.kind, &b.speaker) {
            (BlockKind::Turn, Some(sp)) if !b.continues => match &b.manner {
                Some(m) => format!("{} ({m}): {text}", sp.name.to_uppercase()),
                None => format!("{}: {text}", sp.name.to_uppercase()),
            },
            (BlockKind::Context, _) => match &b.attribution {
                Some(a) => format!("[context — {a}] {text}"),
                None => format!("[context] {text}"),
            },
            (BlockKind::Narration, _) => format!("({text})").replace("((", "(").replace("))", ")"),
            _ => text,
        };
        s.push_str(&format!("¶{:<4} {body}\n\n", b.n));
    }
    if !doc.footnotes.is_empty() {
        s.push_str("Notes\n");
        for n in &doc.footnotes {
            s.push_str(&format!("  {}. {}\n", n.label, n.text));
        }
    }
    s
}

fn check(
    corpus: &Corpus,
    out: &mut impl Write,
    strict: bool,
    json: bool,
) -> std::io::Result<ExitCode> {
    let missing = crate::coverage::unresolved(corpus);
    if json {
        let v = serde_json::json!({
            "warnings": corpus.warnings.iter().map(|w| serde_json::json!({
                "file": w.file, "line": w.line, "message": w.message,
            })).collect::<Vec<_>>(),
            "uncovered": missing.iter().map(|u| serde_json::json!({
                "name": u.text, "file": u.file, "line": u.line, "count": u.count,
            })).collect::<Vec<_>>(),
        });
        crate::json::write_pretty(&mut *out, &v)?;
    } else {
        for w in &corpus.warnings {
            writeln!(out, "{}", one_line(&w.to_string()))?;
        }
        for u in &missing {
            writeln!(
                out,
                "{}:{}: name not in the gazetteer: {} ({}x)",
                one_line(&u.file),
                u.line,
                one_line(&u.text),
                u.count
            )?;
        }
    }
    let files: std::collections::BTreeSet<&str> = corpus
        .docs
        .heads()
        .map(|d| d.source_file.as_str())
        .collect();
    say!(
        "{} documents from {} files; {} warnings; {} unreadable; {} names not in the gazetteer",
        corpus.docs.len(),
        files.len(),
        corpus.warnings.len(),
        corpus.unreadable.len(),
        missing.len()
    );
    let failed = !corpus.unreadable.is_empty()
        || (strict && !(corpus.warnings.is_empty() && missing.is_empty()));
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::date_in_range;

    #[test]
    fn date_ranges_compare_partial_dates() {
        assert!(date_in_range(
            Some("1950-10-05"),
            Some("1950"),
            Some("1950")
        ));
        assert!(date_in_range(Some("1950-10"), Some("1950-10-01"), None));
        assert!(!date_in_range(Some("1949-12-18"), Some("1950"), None));
        assert!(!date_in_range(None, Some("1950"), None));
        assert!(date_in_range(Some("1959-10-02"), None, Some("1959-10-02")));
    }
}
