//! `carrel who`: people, places and organizations by any spelling, from the finder's haystack
//! kept in the cache (see [`crate::search::names`]) when the corpus has not changed.

use crate::corpus::{Corpus, Source};
use crate::search::fuzzy::{Finder, Nucleo};
use crate::search::names::Names;
use crate::text::one_line;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The quick path: when no file changed (asked of the watcher, or by stating the files) and
/// the haystack kept for this corpus is there, answer from it alone. `None`: load the corpus.
pub fn quick(
    sources: &[Source],
    gazetteers: &[PathBuf],
    cache: Option<&Path>,
    query: Option<&str>,
    json: bool,
    limit: Option<usize>,
    out: &mut impl Write,
) -> Option<std::io::Result<ExitCode>> {
    let dir = crate::cache::cache_dir(cache)?;
    let fp = super::search::fresh(sources, gazetteers, &dir)?;
    let names = Names::load(&dir, Corpus::sources_key(sources, gazetteers), fp)?;
    Some(print(&names, query, json, limit, out))
}

/// Where to keep the haystack: the cache directory and the sources' key.
pub fn keep_in(
    sources: &[Source],
    gazetteers: &[PathBuf],
    cache: Option<&Path>,
) -> Option<(PathBuf, u64)> {
    Some((
        crate::cache::cache_dir(cache)?,
        Corpus::sources_key(sources, gazetteers),
    ))
}

/// With the corpus loaded: the haystack is made (and kept for next time), then searched.
pub fn run(
    corpus: &Corpus,
    keep: Option<(PathBuf, u64)>,
    query: Option<&str>,
    json: bool,
    limit: Option<usize>,
    out: &mut impl Write,
) -> std::io::Result<ExitCode> {
    let names = Names::of(corpus);
    if let Some((dir, key)) = keep {
        names.save(&dir, key);
    }
    print(&names, query, json, limit, out)
}

/// Print the entities matching `query` (all of them without one), best first.
pub fn print(
    names: &Names,
    query: Option<&str>,
    json: bool,
    limit: Option<usize>,
    out: &mut impl Write,
) -> std::io::Result<ExitCode> {
    // (entity, the name that matched, score)
    let hits: Vec<(usize, &str, i64)> = match query {
        Some(q) if !q.trim().is_empty() => {
            let (hay, at) = names.haystack_for(q);
            let mut f = Finder::new(hay, Nucleo::default());
            f.search(q, limit.unwrap_or(20))
                .into_iter()
                .filter_map(|r| {
                    let i = *at.get(r.name as usize)? as usize;
                    Some((r.entity as usize, names.text(i), r.score))
                })
                .collect()
        }
        _ => (0..names.entities())
            .take(limit.unwrap_or(usize::MAX))
            .map(|i| (i, "", 0))
            .collect(),
    };
    if json {
        let arr: Vec<serde_json::Value> = hits
            .iter()
            .filter_map(|&(i, matched, score)| {
                let e = names.entity(i)?;
                let matched = if matched.is_empty() { e.name.as_str() } else { matched };
                Some(serde_json::json!({
                    "id": e.id,
                    "name": e.name,
                    "kind": e.kind,
                    "aliases": e.aliases,
                    "original": e.original,
                    "role": e.role,
                    "description": e.description,
                    "matched": matched,
                    "score": score,
                    "documents": names.documents(i).into_iter().map(|(id, n)| serde_json::json!({"id": id, "mentions": n})).collect::<Vec<_>>(),
                }))
            })
            .collect();
        crate::json::write_pretty(&mut *out, &arr)?;
    } else {
        for &(i, matched, _) in &hits {
            let Some(e) = names.entity(i) else {
                continue;
            };
            let matched = if matched.is_empty() {
                e.name.as_str()
            } else {
                matched
            };
            let docs = names.documents(i);
            let total: u64 = docs.iter().map(|&(_, n)| u64::from(n)).sum();
            let via = if matched != e.name {
                format!("  (as \"{}\")", one_line(matched))
            } else {
                String::new()
            };
            writeln!(
                out,
                "{:<24} {:<12} {}{}  — {} mentions in {} documents",
                one_line(&e.id),
                e.kind,
                one_line(&e.name),
                via,
                total,
                docs.len()
            )?;
        }
    }
    // As rg: 1 when a query found nothing.
    let asked = query.is_some_and(|q| !q.trim().is_empty());
    Ok(if asked && hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
