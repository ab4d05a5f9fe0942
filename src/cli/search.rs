//! `carrel search`: full-text search across the corpus from the shell.

use crate::corpus::Corpus;
use crate::search::index::{cache_dir, Index, Query};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Open the index in the cache directory (or in memory when there is none) and bring it up to
/// date with the corpus.
pub fn open_index(corpus: &Corpus, cache: Option<&Path>) -> Result<Index, String> {
    let mut index = match cache_dir(cache) {
        Some(dir) => Index::open(&dir)?,
        None => Index::in_memory()?,
    };
    index.sync(corpus)?;
    Ok(index)
}

/// Run a search and print the hits.
pub fn run(
    corpus: &Corpus,
    cache: Option<&Path>,
    q: &Query,
    json: bool,
    out: &mut impl Write,
) -> std::io::Result<ExitCode> {
    if q.text.trim().is_empty() && q.entity.is_none() {
        say!("carrel: search for what? Give words, or --entity ID");
        return Ok(ExitCode::from(2));
    }
    if let Some(e) = &q.entity {
        if corpus.gazetteer.get(e).is_none() {
            say!("carrel: no entity '{e}' (try `carrel who {e}`)");
            return Ok(ExitCode::from(2));
        }
    }
    let hits = match open_index(corpus, cache).and_then(|i| i.search(corpus, q)) {
        Ok(h) => h,
        Err(e) => {
            say!("carrel: search index: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    print_hits(&hits, json, out)
}

/// The quick path: when no file changed since the index was last brought up to date (known by
/// stating the files) and no entity is asked for, search the index without loading the corpus.
/// `None` means the corpus must be loaded.
pub fn quick(
    sources: &[crate::corpus::Source],
    gazetteers: &[std::path::PathBuf],
    cache: Option<&Path>,
    q: &Query,
    json: bool,
    out: &mut impl Write,
) -> Option<std::io::Result<ExitCode>> {
    if q.entity.is_some() || q.text.trim().is_empty() {
        return None;
    }
    let dir = cache_dir(cache)?;
    let fp = Corpus::quick_fingerprint(sources, gazetteers, &dir)?;
    if !dir.join("index.db").is_file() {
        return None;
    }
    let index = Index::open(&dir).ok()?;
    if index.fingerprint() != Some(fp) {
        return None;
    }
    let hits = index.search_words(q).ok()?;
    Some(print_hits(&hits, json, out))
}

fn print_hits(
    hits: &[crate::search::index::Hit],
    json: bool,
    out: &mut impl Write,
) -> std::io::Result<ExitCode> {
    if json {
        crate::json::write_pretty(&mut *out, &hits)?;
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
        writeln!(
            out,
            "{} ¶{}{speaker} {}",
            crate::text::one_line(&h.document),
            h.block,
            crate::text::one_line(&h.snippet)
        )?;
    }
    if hits.is_empty() {
        say!("no hits");
        // As rg: 1 when nothing was found.
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
