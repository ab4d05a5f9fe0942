//! The finder's fuzzy matching: a haystack of every folded name and alias, built once; a small
//! [`Matcher`] trait with two implementations (nucleo, the default, and the skim algorithm of
//! `fuzzy-matcher`); and a [`Finder`] that narrows the previous matches while the query only
//! grows, as it does while someone types.

use crate::gazetteer::{Entity, Gazetteer};
use crate::text::fold;
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::Utf32Str;

/// Scores folded candidates against a folded query; higher is better, `None` is no match.
///
/// A matcher must be monotone: a candidate that does not match a query does not match any
/// longer query that starts with it. Both implementations here are subsequence matchers, which
/// are.
pub trait Matcher {
    /// A short name for reports and benchmarks.
    fn name(&self) -> &'static str;
    /// Take a new (folded) query.
    fn set_query(&mut self, query: &str);
    /// The score of a name of the haystack for the current query.
    fn score(&mut self, candidate: &Name) -> Option<i64>;
}

/// The skim algorithm of the `fuzzy-matcher` crate (the design card's choice).
pub struct Skim {
    inner: SkimMatcherV2,
    query: String,
}

impl Default for Skim {
    fn default() -> Self {
        Skim {
            inner: SkimMatcherV2::default().ignore_case(),
            query: String::new(),
        }
    }
}

impl Matcher for Skim {
    fn name(&self) -> &'static str {
        "fuzzy-matcher (skim v2)"
    }
    fn set_query(&mut self, query: &str) {
        self.query = query.to_string();
    }
    fn score(&mut self, candidate: &Name) -> Option<i64> {
        self.inner.fuzzy_match(&candidate.folded, &self.query)
    }
}

/// The matcher of the `nucleo-matcher` crate (helix's), with each word of the query matched
/// on its own, in any order.
pub struct Nucleo {
    inner: nucleo_matcher::Matcher,
    pattern: Pattern,
}

impl Default for Nucleo {
    fn default() -> Self {
        Nucleo {
            inner: nucleo_matcher::Matcher::new(nucleo_matcher::Config::DEFAULT),
            pattern: Pattern::default(),
        }
    }
}

impl Matcher for Nucleo {
    fn name(&self) -> &'static str {
        "nucleo-matcher"
    }
    fn set_query(&mut self, query: &str) {
        self.pattern = Pattern::new(
            query,
            CaseMatching::Ignore,
            Normalization::Never,
            AtomKind::Fuzzy,
        );
    }
    fn score(&mut self, candidate: &Name) -> Option<i64> {
        let hay = match &candidate.chars {
            Some(chars) => Utf32Str::Unicode(chars),
            None => Utf32Str::Ascii(candidate.folded.as_bytes()),
        };
        self.pattern.score(hay, &mut self.inner).map(i64::from)
    }
}

/// One name in the haystack.
#[derive(Debug, Clone)]
pub struct Name {
    /// Index of its entity in the gazetteer (or the caller's list).
    pub entity: u32,
    /// The name as written.
    pub text: String,
    /// The name folded for matching.
    pub folded: String,
    /// Which characters it holds (see [`char_mask`]): a cheap test that rules out most names
    /// before the matcher runs.
    pub mask: u64,
    /// The folded name as characters, when it is not ASCII (for matchers that work on
    /// characters; computed once here rather than on every keystroke).
    pub chars: Option<Box<[char]>>,
}

/// A bit for each ASCII letter and digit in `s`, and one for any other character that is not
/// a space. A name can only match a query whose mask is a subset of its own.
pub fn char_mask(s: &str) -> u64 {
    let mut m = 0u64;
    for c in s.chars() {
        m |= match c {
            'a'..='z' => 1 << (c as u32 - 'a' as u32),
            'A'..='Z' => 1 << (c as u32 - 'A' as u32),
            '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
            ' ' => 0,
            _ => 1 << 63,
        };
    }
    m
}

/// Every name and alias of a gazetteer, folded once. Names of one entity are contiguous.
#[derive(Debug, Clone, Default)]
pub struct Haystack {
    /// The names, grouped by entity.
    pub names: Vec<Name>,
}

impl Haystack {
    /// The haystack of a gazetteer: each entity's name, aliases and original-script names.
    pub fn new(g: &Gazetteer) -> Haystack {
        Haystack::from_names(
            g.entities
                .iter()
                .enumerate()
                .flat_map(|(i, e)| e.all_names().map(move |n| (i as u32, n.to_string()))),
        )
    }

    /// A haystack of (entity index, name) pairs, which must come grouped by entity.
    pub fn from_names(names: impl IntoIterator<Item = (u32, String)>) -> Haystack {
        let mut seen: Vec<String> = Vec::new();
        let mut last = u32::MAX;
        let mut out = Vec::new();
        for (entity, text) in names {
            if entity != last {
                seen.clear();
                last = entity;
            }
            let folded = fold(&text);
            if folded.is_empty() || seen.contains(&folded) {
                continue;
            }
            seen.push(folded.clone());
            out.push(Name {
                entity,
                text,
                mask: char_mask(&folded),
                chars: (!folded.is_ascii()).then(|| folded.chars().collect()),
                folded,
            });
        }
        Haystack { names: out }
    }
}

/// A ranked match: an entity, the name of it that matched best, and the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranked {
    /// Index of the entity.
    pub entity: u32,
    /// Index of the matching name in the haystack.
    pub name: u32,
    /// The score; higher is better.
    pub score: i64,
}

/// A finder over a haystack, remembering the matches of the last query so that a query that
/// only grew is matched against those alone.
pub struct Finder<M: Matcher> {
    hay: Haystack,
    matcher: M,
    last: Option<String>,
    pool: Vec<u32>,
}

impl<M: Matcher> Finder<M> {
    /// A finder over `hay` with `matcher`.
    pub fn new(hay: Haystack, matcher: M) -> Self {
        Finder {
            hay,
            matcher,
            last: None,
            pool: Vec::new(),
        }
    }

    /// The haystack.
    pub fn haystack(&self) -> &Haystack {
        &self.hay
    }

    /// The best `limit` entities for `query`, best first. An exact name scores above any fuzzy
    /// match and a name that starts with the query above one that merely contains it; ties go
    /// to the shorter name, then the earlier entity.
    pub fn search(&mut self, query: &str, limit: usize) -> Vec<Ranked> {
        let q = fold(query);
        if q.is_empty() {
            self.last = None;
            return Vec::new();
        }
        let narrowing = self.last.as_deref().is_some_and(|l| q.starts_with(l));
        self.matcher.set_query(&q);
        let need = char_mask(&q);
        let mut pool = Vec::new();
        let mut ranked: Vec<Ranked> = Vec::new();
        let mut score_one = |i: u32, matcher: &mut M, pool: &mut Vec<u32>| {
            let n = &self.hay.names[i as usize];
            if n.mask & need != need {
                return;
            }
            let Some(raw) = matcher.score(n) else {
                return;
            };
            pool.push(i);
            let mut s = raw * 8 - n.folded.len() as i64;
            if n.folded == q {
                s += 1_000_000;
            } else if n.folded.starts_with(&q) {
                s += 10_000;
            }
            match ranked.last_mut() {
                Some(r) if r.entity == n.entity => {
                    if s > r.score {
                        r.score = s;
                        r.name = i;
                    }
                }
                _ => ranked.push(Ranked {
                    entity: n.entity,
                    name: i,
                    score: s,
                }),
            }
        };
        if narrowing {
            let prev = std::mem::take(&mut self.pool);
            for &i in &prev {
                score_one(i, &mut self.matcher, &mut pool);
            }
        } else {
            for i in 0..self.hay.names.len() as u32 {
                score_one(i, &mut self.matcher, &mut pool);
            }
        }
        self.pool = pool;
        self.last = Some(q);
        let order = |a: &Ranked, b: &Ranked| b.score.cmp(&a.score).then(a.entity.cmp(&b.entity));
        if ranked.len() > limit && limit > 0 {
            ranked.select_nth_unstable_by(limit - 1, order);
            ranked.truncate(limit);
        }
        ranked.sort_by(order);
        ranked
    }
}

/// One finder hit: an entity, the name that matched best, and its score.
#[derive(Debug, Clone)]
pub struct Hit<'a> {
    /// The entity.
    pub entity: &'a Entity,
    /// The name or alias that matched.
    pub matched: &'a str,
    /// The score.
    pub score: i64,
}

/// Entities of `g` whose names or aliases match `query`, best first (at most `limit`).
pub fn find<'a>(g: &'a Gazetteer, query: &str, limit: usize) -> Vec<Hit<'a>> {
    let mut f = Finder::new(Haystack::new(g), Nucleo::default());
    let ranked = f.search(query, limit);
    ranked
        .into_iter()
        .filter_map(|r| {
            let e = g.entities.get(r.entity as usize)?;
            let name = &f.haystack().names[r.name as usize].text;
            let matched = e.all_names().find(|n| n == name)?;
            Some(Hit {
                entity: e,
                matched,
                score: r.score,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hay() -> Haystack {
        Haystack::from_names([
            (0, "Zhou Enlai".to_string()),
            (0, "Chou En-lai".to_string()),
            (1, "Chen Yi".to_string()),
            (2, "Dalian".to_string()),
            (2, "Dairen".to_string()),
            (3, "Chou".to_string()),
        ])
    }

    #[test]
    fn both_matchers_find_aliases_and_rank_exact_names_first() {
        fn check(m: impl Matcher) {
            let mut f = Finder::new(hay(), m);
            let r = f.search("chou en", 10);
            assert_eq!(r[0].entity, 0, "{r:?}");
            let r = f.search("Dairen", 10);
            assert_eq!(r[0].entity, 2);
            assert_eq!(f.haystack().names[r[0].name as usize].text, "Dairen");
            let r = f.search("chou", 10);
            assert_eq!(r[0].entity, 3, "exact name first: {r:?}");
            assert!(f.search("xq", 10).is_empty());
        }
        check(Nucleo::default());
        check(Skim::default());
    }

    #[test]
    fn narrowing_gives_the_same_answer_as_a_fresh_search() {
        let mut typing = Finder::new(hay(), Nucleo::default());
        let mut r = Vec::new();
        for q in ["c", "ch", "cho", "chou", "chou ", "chou e"] {
            r = typing.search(q, 10);
        }
        let mut fresh = Finder::new(hay(), Nucleo::default());
        assert_eq!(r, fresh.search("chou e", 10));
        // Deleting a letter is not narrowing: the finder searches everything again.
        let back = typing.search("d", 10);
        assert_eq!(back, fresh.search("d", 10));
        assert!(back.iter().any(|x| x.entity == 2));
    }
}
