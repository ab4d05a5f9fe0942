//! The finder's fuzzy matcher, behind a small trait so that it can be swapped and measured.

use crate::gazetteer::{Entity, Gazetteer};
use crate::text::fold;
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

/// Scores a candidate string against a query; higher is better, `None` is no match.
pub trait Matcher {
    /// The score of `candidate` for `query`, both already folded.
    fn score(&self, query: &str, candidate: &str) -> Option<i64>;
}

/// The skim algorithm of the `fuzzy-matcher` crate.
pub struct Skim(SkimMatcherV2);

impl Default for Skim {
    fn default() -> Self {
        Skim(SkimMatcherV2::default().ignore_case())
    }
}

impl Matcher for Skim {
    fn score(&self, query: &str, candidate: &str) -> Option<i64> {
        self.0.fuzzy_match(candidate, query)
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

/// Entities whose names or aliases match `query`, best first. An exact name (folded) scores
/// above any fuzzy match; ties go to the shorter name, then the id.
pub fn find<'a>(g: &'a Gazetteer, query: &str, m: &dyn Matcher) -> Vec<Hit<'a>> {
    let q = fold(query);
    let q_compact: String = q.chars().filter(|c| *c != ' ').collect();
    let mut hits: Vec<Hit<'a>> = Vec::new();
    for e in &g.entities {
        let mut best: Option<(i64, &str)> = None;
        for name in e.all_names() {
            let f = fold(name);
            let compact: String = f.chars().filter(|c| *c != ' ').collect();
            let exact = f == q || compact == q_compact;
            let s = if exact {
                Some(1_000_000)
            } else {
                m.score(&q, &f).or_else(|| m.score(&q_compact, &compact))
            };
            if let Some(s) = s {
                let s = s * 10 - name.chars().count() as i64;
                if best.is_none_or(|(b, _)| s > b) {
                    best = Some((s, name));
                }
            }
        }
        if let Some((score, matched)) = best {
            hits.push(Hit {
                entity: e,
                matched,
                score,
            });
        }
    }
    hits.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| a.entity.id.cmp(&b.entity.id))
    });
    hits
}
