//! `carrel search`: full-text search across the corpus from the shell.

use crate::corpus::Corpus;
use crate::search::index::{cache_dir, Hit, Index, Query};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// When to colour output: `--color auto|always|never`, as rg has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Color {
    /// Colour when writing to a terminal (and `NO_COLOR` is not set).
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl Color {
    /// Whether to colour standard output.
    pub fn on_stdout(self) -> bool {
        use std::io::IsTerminal;
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// The search as asked: the query's own filters merged with the flags' (they must agree).
pub fn merge(text: &str, flags: Query) -> Result<Query, String> {
    let mut q = Query::from_text(text)?;
    fn one<T: PartialEq + Clone + std::fmt::Debug>(
        name: &str,
        in_query: &mut Option<T>,
        flag: Option<T>,
        show: impl Fn(&T) -> String,
    ) -> Result<(), String> {
        match (in_query.as_ref(), flag) {
            (Some(a), Some(b)) if *a != b => Err(format!(
                "`{name}:{}` in the query and --{name} {} disagree",
                show(a),
                show(&b)
            )),
            (None, Some(b)) => {
                *in_query = Some(b);
                Ok(())
            }
            _ => Ok(()),
        }
    }
    one("speaker", &mut q.speaker, flags.speaker, String::clone)?;
    one("entity", &mut q.entity, flags.entity, String::clone)?;
    one("from", &mut q.from, flags.from, String::clone)?;
    one("to", &mut q.to, flags.to, String::clone)?;
    one("kind", &mut q.kind, flags.kind, |k| k.as_str().to_string())?;
    q.limit = flags.limit;
    Ok(q)
}

/// Run a search and print the hits.
pub fn run(
    corpus: &Corpus,
    cache: Option<&Path>,
    q: &Query,
    json: bool,
    color: bool,
    out: &mut impl Write,
) -> std::io::Result<ExitCode> {
    let mut q = q.clone();
    if q.is_empty() {
        say!("carrel: search for what? Give words, or a filter (speaker:ID, entity:ID, kind:K, from:DATE, to:DATE)");
        return Ok(ExitCode::from(2));
    }
    if let Err(e) = q.resolve(&corpus.gazetteer) {
        say!("carrel: {e}");
        return Ok(ExitCode::from(2));
    }
    let index = match Index::open_synced(corpus, cache_dir(cache).as_deref(), None) {
        Ok((i, why)) => {
            if let Some(why) = why {
                say!("carrel: the search index cannot be brought up to date ({why}); searching an index made in memory");
            }
            i
        }
        Err(e) => {
            say!("carrel: search index: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    match index.search(&q) {
        Ok(hits) => print_hits(&hits, json, color, out),
        Err(e) => {
            say!("carrel: search: {e}");
            Ok(ExitCode::from(1))
        }
    }
}

/// The quick path: when no file changed since the index was last brought up to date (known by
/// stating the files), search the index without loading the corpus, opening it read-only.
/// `None` means the corpus must be loaded (something changed, or a speaker or entity is named
/// in a way only the gazetteer can resolve).
pub fn quick(
    sources: &[crate::corpus::Source],
    gazetteers: &[std::path::PathBuf],
    cache: Option<&Path>,
    q: &Query,
    json: bool,
    color: bool,
    out: &mut impl Write,
) -> Option<std::io::Result<ExitCode>> {
    if q.is_empty() {
        return None;
    }
    let dir = cache_dir(cache)?;
    let t0 = std::time::Instant::now();
    let fp = fresh(sources, gazetteers, &dir)?;
    let t1 = t0.elapsed();
    let index = Index::open_read_only(&dir).ok()??;
    let t2 = t0.elapsed();
    if index.fingerprint() != Some(fp) {
        return None;
    }
    // A speaker or entity given by name needs the gazetteer; an id the index holds does not.
    if !index.knows(q.speaker.as_deref(), q.entity.as_deref()) {
        return None;
    }
    let hits = index.search(q).ok()?;
    if std::env::var_os("CARREL_TIMINGS").is_some() {
        eprintln!(
            "timings: fresh {:?}, open {:?}, search {:?}",
            t1,
            t2 - t1,
            t0.elapsed() - t2
        );
    }
    Some(print_hits(&hits, json, color, out))
}

/// The key a watcher answers for: the set of sources and this build (another build reads the
/// files otherwise, so its fingerprints differ).
fn watch_key(sources: &[crate::corpus::Source], gazetteers: &[std::path::PathBuf]) -> u64 {
    crate::cache::hash(&[
        &Corpus::sources_key(sources, gazetteers).to_le_bytes(),
        &crate::cache::build_fingerprint().to_le_bytes(),
    ])
}

/// The corpus fingerprint, if no file changed since the corpus was last loaded: vouched for by
/// the watcher when one runs and nothing changed since its last full check, else found by
/// stating every file (and then told to the watcher, or a watcher started for next time).
/// `None`: something changed, or it cannot be known without loading the corpus.
pub fn fresh(
    sources: &[crate::corpus::Source],
    gazetteers: &[std::path::PathBuf],
    dir: &Path,
) -> Option<u64> {
    let key = watch_key(sources, gazetteers);
    match crate::search::watch::ask(dir, key) {
        Some(asked) => match asked.fingerprint {
            Some(fp) => Some(fp),
            None => {
                let fp = Corpus::quick_fingerprint(sources, gazetteers, dir)?;
                asked.vouch(fp);
                Some(fp)
            }
        },
        None => {
            let fp = Corpus::quick_fingerprint(sources, gazetteers, dir)?;
            crate::search::watch::spawn(dir, key, &watch_args(sources, gazetteers, dir));
            Some(fp)
        }
    }
}

/// The arguments that start a watcher for these sources.
fn watch_args(
    sources: &[crate::corpus::Source],
    gazetteers: &[std::path::PathBuf],
    dir: &Path,
) -> Vec<std::ffi::OsString> {
    let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let mut args: Vec<std::ffi::OsString> = vec!["--cache-dir".into(), abs(dir).into()];
    for s in sources {
        args.push("--corpus".into());
        match s {
            crate::corpus::Source::Bundled => args.push("bundled".into()),
            crate::corpus::Source::Path(p) => args.push(abs(p).into()),
        }
    }
    for g in gazetteers {
        args.push("--gazetteer".into());
        args.push(abs(g).into());
    }
    args.push("__watch".into());
    args
}

/// `carrel __watch` (started by a search, never by hand): watch the corpus directories, the
/// folders of single files and of the gazetteers, until idle.
pub fn watch_main(
    sources: &[crate::corpus::Source],
    gazetteers: &[std::path::PathBuf],
    cache: Option<&Path>,
) -> ExitCode {
    let Some(dir) = cache_dir(cache) else {
        return ExitCode::from(2);
    };
    let mut dirs: Vec<std::path::PathBuf> = Vec::new();
    for s in sources {
        if let crate::corpus::Source::Path(p) = s {
            if p.is_dir() {
                dirs.push(p.clone());
            } else if let Some(parent) = p.parent() {
                dirs.push(if parent.as_os_str().is_empty() {
                    ".".into()
                } else {
                    parent.to_path_buf()
                });
            }
        }
    }
    for g in Corpus::gazetteer_files(sources, gazetteers) {
        if let Some(parent) = g.parent() {
            dirs.push(parent.to_path_buf());
        }
    }
    match crate::search::watch::run(&dir, watch_key(sources, gazetteers), &dirs) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(1),
    }
}

const MATCH: &str = "\x1b[1;31m";
const ID: &str = "\x1b[35m";
const PARA: &str = "\x1b[32m";
const RESET: &str = "\x1b[0m";

fn print_hits(
    hits: &[Hit],
    json: bool,
    color: bool,
    out: &mut impl Write,
) -> std::io::Result<ExitCode> {
    if json {
        crate::json::write_pretty(&mut *out, &hits)?;
        // As rg: 1 when nothing was found.
        return Ok(if hits.is_empty() {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }
    for h in hits {
        let speaker = h
            .speaker_name
            .as_deref()
            .map(|name| format!(" {}:", crate::text::one_line(name)))
            .unwrap_or_default();
        let id = crate::text::one_line(&h.document);
        // The snippet comes without controls or line breaks; hits are marked by colour alone.
        let mut snippet = String::new();
        let mut at = 0;
        for &[a, b] in &h.highlights {
            if a < at
                || b > h.snippet.len()
                || !h.snippet.is_char_boundary(a)
                || !h.snippet.is_char_boundary(b)
            {
                continue;
            }
            snippet.push_str(&h.snippet[at..a]);
            if color {
                snippet.push_str(MATCH);
            }
            snippet.push_str(&h.snippet[a..b]);
            if color {
                snippet.push_str(RESET);
            }
            at = b;
        }
        snippet.push_str(&h.snippet[at..]);
        if color {
            writeln!(
                out,
                "{ID}{id}{RESET} {PARA}¶{}{RESET}{speaker} {snippet}",
                h.block
            )?;
        } else {
            writeln!(out, "{id} ¶{}{speaker} {snippet}", h.block)?;
        }
    }
    if hits.is_empty() {
        say!("no hits");
        // As rg: 1 when nothing was found.
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
