//! The finder: documents and every entity by any spelling, as one types, in groups (people,
//! places, organizations, events and works, documents), each with its count. Within a group,
//! results are ranked by how well they match (the whole name, a word of it starting with what
//! was typed, the letters inside a word, letters scattered) and then by presence in the corpus.
//! A first character narrows to one group: `@` people, `!` places, `&` organizations, `~`
//! events and works, `#` documents.

use super::super::cx::{centered, inner, truncate, Cx};
use super::super::widgets::list::ListState;
use super::super::widgets::text_field::TextField;
use super::super::wrap::sanitize;
use crate::corpus::Corpus;
use crate::gazetteer::EntityKind;
use crate::search::fuzzy::{Finder, Haystack, Nucleo, Ranked};
use crate::text::fold;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

/// A result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// A document.
    Doc(usize),
    /// A gazetteer entity.
    Entity(usize),
}

/// The finder's groups, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// People.
    People,
    /// Places.
    Places,
    /// Organizations.
    Organizations,
    /// Events, treaties, publications and other named things.
    Events,
    /// Documents.
    Documents,
}

impl Group {
    /// Every group, in order.
    pub const ALL: [Group; 5] = [
        Group::People,
        Group::Places,
        Group::Organizations,
        Group::Events,
        Group::Documents,
    ];

    /// The heading.
    pub fn name(self) -> &'static str {
        match self {
            Group::People => "People",
            Group::Places => "Places",
            Group::Organizations => "Organizations",
            Group::Events => "Events and works",
            Group::Documents => "Documents",
        }
    }

    /// The character that narrows the finder to this group.
    pub fn prefix(self) -> char {
        match self {
            Group::People => '@',
            Group::Places => '!',
            Group::Organizations => '&',
            Group::Events => '~',
            Group::Documents => '#',
        }
    }

    fn of_kind(k: EntityKind) -> Group {
        match k {
            EntityKind::Person => Group::People,
            EntityKind::Place => Group::Places,
            EntityKind::Organization => Group::Organizations,
            EntityKind::Event | EntityKind::Publication | EntityKind::Object => Group::Events,
        }
    }
}

/// A query split into the group it is narrowed to (by its first character) and the rest.
pub fn split_prefix(query: &str) -> (Option<Group>, &str) {
    let q = query.trim_start();
    match q.chars().next() {
        Some(c) => match Group::ALL.iter().find(|g| g.prefix() == c) {
            Some(&g) => (Some(g), &q[c.len_utf8()..]),
            None => (None, query),
        },
        None => (None, query),
    }
}

/// How well a name matches the folded words typed: 3 the whole name, 2 every word starts a
/// word of the name, 1 every word is inside the name, 0 letters in order (fuzzy).
pub fn quality(name: &str, words: &[&str]) -> u8 {
    let joined = words.join(" ");
    if name == joined {
        return 3;
    }
    let name_words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words
        .iter()
        .all(|w| name_words.iter().any(|n| n.starts_with(w)))
    {
        return 2;
    }
    if words.iter().all(|w| name.contains(w)) {
        return 1;
    }
    0
}

/// Most results a group keeps.
pub const GROUP_LIMIT: usize = 200;

/// One group of results.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// Which group.
    pub group: Group,
    /// Best first.
    pub items: Vec<Found>,
    /// Whether more matched than are kept.
    pub more: bool,
}

/// The matchers over entities and over documents (titles, ids, dates), built on first use and
/// kept (they remember the last query, to narrow it as one types), with each entity's presence.
pub struct Finders {
    entities: Finder<Nucleo>,
    docs: Finder<Nucleo>,
    kinds: Vec<Group>,
    /// Each entity's presence: the times it is named, and five for each document it is in
    /// (speaking, taking part or named), read from the headers.
    presence: Vec<u32>,
}

impl Finders {
    /// Build them for a corpus.
    pub fn new(corpus: &Corpus) -> Finders {
        let g = &corpus.gazetteer;
        let entities = Finder::new(Haystack::new(g), Nucleo::default());
        let doc_names = corpus.docs.heads().enumerate().flat_map(|(i, d)| {
            let i = i as u32;
            let mut v = vec![(i, d.title.clone()), (i, d.id.clone())];
            if let Some(date) = &d.date {
                v.push((i, format!("{date} {}", d.kind.label())));
            }
            if let Some(s) = d.summary.as_deref().filter(|s| s.len() < 400) {
                v.push((i, s.to_string()));
            }
            v
        });
        let docs = Finder::new(Haystack::from_names(doc_names), Nucleo::default());
        let mut presence = vec![0u32; g.entities.len()];
        for i in 0..corpus.docs.len() {
            for &(e, n) in corpus.docs.counts(i) {
                if let Some(p) = presence.get_mut(e as usize) {
                    *p = p.saturating_add(n);
                }
            }
            for &e in corpus.docs.entities(i) {
                if let Some(p) = presence.get_mut(e as usize) {
                    *p = p.saturating_add(5);
                }
            }
        }
        let kinds = g.entities.iter().map(|e| Group::of_kind(e.kind)).collect();
        Finders {
            entities,
            docs,
            kinds,
            presence,
        }
    }

    /// An entity's presence weight.
    pub fn presence(&self, e: usize) -> u32 {
        self.presence.get(e).copied().unwrap_or(0)
    }

    fn rank(
        hay: &Haystack,
        hits: Vec<Ranked>,
        words: &[&str],
        weight: impl Fn(usize) -> i64,
    ) -> Vec<(u8, i64, i64, usize)> {
        let best = hits.iter().map(|r| r.score).max().unwrap_or(0);
        let mut out: Vec<(u8, i64, i64, usize)> = hits
            .into_iter()
            .filter_map(|r| {
                let name = &hay.names.get(r.name as usize)?.folded;
                let q = quality(name, words);
                // Letters scattered through a long name, far below the best: noise.
                if q == 0 && r.score * 3 < best {
                    return None;
                }
                let e = r.entity as usize;
                Some((q, weight(e), r.score, e))
            })
            .collect();
        // Once anything holds what was typed, letters scattered elsewhere are not shown.
        if out.iter().any(|r| r.0 > 0) {
            out.retain(|r| r.0 > 0);
        }
        out.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(b.1.cmp(&a.1))
                .then(b.2.cmp(&a.2))
                .then(a.3.cmp(&b.3))
        });
        out
    }

    /// The results for a query, by group (empty groups left out). With nothing typed, every
    /// document (in date order).
    pub fn search(&mut self, query: &str, n_docs: usize) -> Vec<Results> {
        let (only, q) = split_prefix(query);
        let folded = fold(q);
        let words: Vec<&str> = folded.split_whitespace().collect();
        if words.is_empty() {
            self.entities.search("", 1);
            self.docs.search("", 1);
            if only.is_some_and(|g| g != Group::Documents) {
                return Vec::new();
            }
            return vec![Results {
                group: Group::Documents,
                items: (0..n_docs).map(Found::Doc).collect(),
                more: false,
            }];
        }
        let want = |g: Group| only.is_none_or(|o| o == g);
        let mut out = Vec::new();
        if Group::ALL[..4].iter().any(|&g| want(g)) {
            let hits = self.entities.search(q, 5 * GROUP_LIMIT);
            let presence = &self.presence;
            let ranked = Self::rank(self.entities.haystack(), hits, &words, |e| {
                i64::from(presence.get(e).copied().unwrap_or(0))
            });
            for g in &Group::ALL[..4] {
                if !want(*g) {
                    continue;
                }
                let all: Vec<Found> = ranked
                    .iter()
                    .filter(|r| self.kinds.get(r.3) == Some(g))
                    .map(|r| Found::Entity(r.3))
                    .collect();
                if !all.is_empty() {
                    out.push(Results {
                        group: *g,
                        more: all.len() > GROUP_LIMIT,
                        items: all.into_iter().take(GROUP_LIMIT).collect(),
                    });
                }
            }
        }
        if want(Group::Documents) {
            let hits = self.docs.search(q, GROUP_LIMIT + 1);
            // Documents of equal quality stay in date order.
            let ranked = Self::rank(self.docs.haystack(), hits, &words, |d| -(d as i64));
            if !ranked.is_empty() {
                out.push(Results {
                    group: Group::Documents,
                    more: ranked.len() > GROUP_LIMIT,
                    items: ranked
                        .iter()
                        .take(GROUP_LIMIT)
                        .map(|r| Found::Doc(r.3))
                        .collect(),
                });
            }
        }
        out
    }
}

/// A row of the finder: a group's heading or a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A heading: the group, how many results, and whether more matched.
    Head(Group, usize, bool),
    /// A result.
    Item(Found),
}

/// The finder popup.
#[derive(Debug, Clone, Default)]
pub struct FinderPopup {
    /// What has been typed.
    pub field: TextField,
    /// Headings and results.
    pub rows: Vec<Row>,
    /// The selection among them (always on a result when there is one).
    pub list: ListState,
}

/// Where it stands.
pub fn rect(main: Rect) -> Rect {
    centered(
        main,
        (main.width * 4 / 5).max(30),
        (main.height * 4 / 5).max(8),
    )
}

impl FinderPopup {
    /// Take new results: the selection goes to the first.
    pub fn set(&mut self, results: Vec<Results>) {
        self.rows.clear();
        for r in results {
            self.rows.push(Row::Head(r.group, r.items.len(), r.more));
            self.rows.extend(r.items.into_iter().map(Row::Item));
        }
        self.list = ListState::default();
        self.skip_heading(1);
    }

    /// The selected result.
    pub fn chosen(&self) -> Option<Found> {
        match self.rows.get(self.list.selected)? {
            Row::Item(f) => Some(*f),
            Row::Head(..) => None,
        }
    }

    /// Off a heading, in the direction of travel (or back, at an end).
    pub fn skip_heading(&mut self, dir: isize) {
        let n = self.rows.len();
        let on_head =
            |l: &ListState, rows: &[Row]| matches!(rows.get(l.selected), Some(Row::Head(..)));
        if on_head(&self.list, &self.rows) {
            self.list.step(dir, n);
            if on_head(&self.list, &self.rows) {
                self.list.step(-dir, n);
                self.list.step(-dir, n);
            }
        }
    }

    /// Move the selection to the first result of the next (or previous) group.
    pub fn next_group(&mut self, forward: bool) {
        let heads: Vec<usize> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r, Row::Head(..)))
            .map(|(i, _)| i)
            .collect();
        if heads.is_empty() {
            return;
        }
        let sel = self.list.selected;
        let cur = heads.iter().rposition(|&h| h <= sel).unwrap_or(0);
        let to = if forward {
            (cur + 1) % heads.len()
        } else {
            (cur + heads.len() - 1) % heads.len()
        };
        self.list.select(heads[to] + 1, self.rows.len());
    }

    /// The rows of results in the popup.
    pub fn rows_area(main: Rect) -> Rect {
        let i = inner(rect(main));
        Rect {
            y: i.y + 2.min(i.height),
            height: i.height.saturating_sub(2),
            ..i
        }
    }

    /// Keep the selection in view.
    pub fn prepare(&mut self, main: Rect) {
        let rows = Self::rows_area(main).height as usize;
        self.list.reveal(rows, self.rows.len());
        // The heading of the selection's group stays in sight when it fits.
        if self.list.top == self.list.selected && self.list.top > 0 {
            if let Some(Row::Head(..)) = self.rows.get(self.list.top - 1) {
                self.list.top -= 1;
            }
        }
    }

    /// The spelling of an entity that matched the query, when not its preferred name.
    fn matched(&self, cx: &Cx, entity: usize) -> Option<String> {
        let e = cx.corpus.gazetteer.entities.get(entity)?;
        let q = fold(split_prefix(self.field.text()).1);
        let words: Vec<&str> = q.split_whitespace().collect();
        e.all_names()
            .find(|n| {
                let n = fold(n);
                !words.is_empty() && words.iter().all(|w| n.contains(w))
            })
            .filter(|n| *n != e.name)
            .map(String::from)
    }

    /// The prompt: which group the first character narrowed to.
    fn prompt(&self) -> String {
        match split_prefix(self.field.text()).0 {
            Some(g) => format!("{}> ", g.name().to_lowercase()),
            None => "> ".into(),
        }
    }

    /// Draw it.
    pub fn draw(&self, cx: &Cx, f: &mut Frame, main: Rect) {
        let r = rect(main);
        f.render_widget(Clear, r);
        let block = cx.popup("Find: people, places, organizations, events, documents");
        let inner = block.inner(r);
        f.render_widget(block, r);
        let w = inner.width as usize;
        let hint = "@ people  ! places  & organizations  ~ events and works  # documents  · Tab: next group";
        let head = vec![
            Line::from(vec![
                Span::styled(self.prompt(), cx.theme.accent()),
                Span::raw(sanitize(&self.field.with_cursor("▏"))),
            ]),
            Line::from(Span::styled(truncate(hint, w), cx.theme.muted())),
        ];
        f.render_widget(
            Paragraph::new(head),
            Rect {
                height: inner.height.min(2),
                ..inner
            },
        );
        let rows = Self::rows_area(main);
        if self.rows.is_empty() {
            f.render_widget(
                Paragraph::new(Span::styled("nothing matches", cx.theme.muted())),
                rows,
            );
            return;
        }
        let lines: Vec<Line> = self
            .list
            .visible(self.rows.len())
            .map(|i| {
                let sel = i == self.list.selected;
                match self.rows[i] {
                    Row::Head(g, n, more) => {
                        let count = if more { format!("{n}+") } else { n.to_string() };
                        Line::from(vec![
                            Span::styled(g.name().to_string(), cx.theme.heading()),
                            Span::styled(format!(" {count}"), cx.theme.muted()),
                        ])
                    }
                    Row::Item(found) => {
                        let text = match found {
                            Found::Doc(d) => cx.doc_line(d),
                            Found::Entity(e) => {
                                let ent = &cx.corpus.gazetteer.entities[e];
                                let via = self
                                    .matched(cx, e)
                                    .map(|m| format!("  (as \"{m}\")"))
                                    .unwrap_or_default();
                                let kind = match Group::of_kind(ent.kind) {
                                    Group::Events => format!("  · {}", ent.kind.as_str()),
                                    _ => String::new(),
                                };
                                format!("{}{via}{kind}", ent.name)
                            }
                        };
                        let style = if sel {
                            cx.theme.selected()
                        } else {
                            Style::default()
                        };
                        Line::from(Span::styled(
                            truncate(&format!("  {}", sanitize(&text)), w),
                            style,
                        ))
                    }
                }
            })
            .collect();
        f.render_widget(Paragraph::new(lines), rows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quality_orders_whole_names_word_starts_insides_and_scatter() {
        assert_eq!(quality("mao zedong", &["mao", "zedong"]), 3);
        assert_eq!(quality("john foster dulles", &["dulles"]), 2);
        assert_eq!(quality("allen dulles", &["dull"]), 2);
        assert_eq!(quality("khrushchev", &["rush"]), 1);
        assert_eq!(quality("memorandum", &["mrd"]), 0);
    }

    #[test]
    fn the_first_character_narrows_to_a_group() {
        assert_eq!(split_prefix("@mao"), (Some(Group::People), "mao"));
        assert_eq!(split_prefix("#herter"), (Some(Group::Documents), "herter"));
        assert_eq!(split_prefix("~ yalta"), (Some(Group::Events), " yalta"));
        assert_eq!(split_prefix("mao"), (None, "mao"));
        assert_eq!(split_prefix(""), (None, ""));
    }
}
