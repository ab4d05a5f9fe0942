//! The cast of a document: its speakers, the side of the table each sits on, how often and how
//! much each speaks, and the colour each is drawn in.

use super::theme::preferred_family;
use crate::corpus::Corpus;
use crate::model::{BlockKind, Document, Reading};

/// One speaker of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Entity id, when the speaker resolved.
    pub id: Option<String>,
    /// The name shown in the gutter.
    pub name: String,
    /// Index into [`Cast::sides`].
    pub side: usize,
    /// Rank within the side (for the hue).
    pub rank: usize,
    /// Turns spoken (printed turns, continuations not counted).
    pub turns: usize,
    /// Words spoken.
    pub words: usize,
}

/// The speakers of a document, grouped by side.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cast {
    /// Speakers in order of first appearance.
    pub members: Vec<Member>,
    /// Sides in order of first appearance, with their palette family.
    pub sides: Vec<(String, usize)>,
}

impl Cast {
    /// The cast of `doc`, sides read from the gazetteer in the document's year.
    pub fn of(corpus: &Corpus, doc: &Document) -> Cast {
        let year = doc.date.as_deref().and_then(|d| d.get(..4)?.parse().ok());
        let mut cast = Cast::default();
        for b in &doc.blocks {
            let (BlockKind::Turn, Some(sp)) = (b.kind, &b.speaker) else {
                continue;
            };
            let i = match cast.index_of(sp.id.as_deref(), &sp.name) {
                Some(i) => i,
                None => {
                    let side_name = sp
                        .id
                        .as_deref()
                        .and_then(|id| corpus.gazetteer.get(id))
                        .and_then(|e| e.side_in(year))
                        .unwrap_or("unknown")
                        .to_string();
                    let side = match cast.sides.iter().position(|(s, _)| *s == side_name) {
                        Some(s) => s,
                        None => {
                            let mut family = preferred_family(&side_name);
                            while cast.sides.iter().any(|(_, f)| *f == family) {
                                family = (family + 1) % 4;
                            }
                            cast.sides.push((side_name, family));
                            cast.sides.len() - 1
                        }
                    };
                    let rank = cast.members.iter().filter(|m| m.side == side).count();
                    cast.members.push(Member {
                        id: sp.id.clone(),
                        name: sp.name.clone(),
                        side,
                        rank,
                        turns: 0,
                        words: 0,
                    });
                    cast.members.len() - 1
                }
            };
            let m = &mut cast.members[i];
            if !b.continues {
                m.turns += 1;
            }
            m.words += b.text(Reading::Edited).split_whitespace().count();
        }
        cast
    }

    /// The member a speaker is, by entity id or else by name.
    pub fn index_of(&self, id: Option<&str>, name: &str) -> Option<usize> {
        self.members.iter().position(|m| match (id, &m.id) {
            (Some(a), Some(b)) => a == b,
            _ => m.name == name,
        })
    }

    /// All words spoken.
    pub fn total_words(&self) -> usize {
        self.members.iter().map(|m| m.words).sum()
    }
}
