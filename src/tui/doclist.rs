//! The document list's state: which documents the filter keeps, in which order, under which
//! group headings, and which groups are folded. The filter matches every word against a
//! document's title, subject, participants, kind, date and id, and takes field prefixes
//! (`kind:memcon`, `from:1958-08`, `to:1958-09`, `with:zhou`, `subject:quemoy`). The folded
//! text of every header is made once, on the first filter, so that a keystroke only compares
//! strings; a filter that only grew looks again at what the shorter one kept.

use super::widgets::list::ListState;
use crate::corpus::Corpus;
use crate::text::fold;
use std::collections::HashSet;

/// The order of the list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortBy {
    /// By date (undated last), as the corpus keeps them.
    #[default]
    Date,
    /// By title, folded.
    Title,
    /// By kind, then date.
    Kind,
}

impl SortBy {
    /// The next order.
    pub fn next(self) -> SortBy {
        match self {
            SortBy::Date => SortBy::Title,
            SortBy::Title => SortBy::Kind,
            SortBy::Kind => SortBy::Date,
        }
    }

    /// Its name, for the status line and the pane's title.
    pub fn name(self) -> &'static str {
        match self {
            SortBy::Date => "date",
            SortBy::Title => "title",
            SortBy::Kind => "kind",
        }
    }
}

/// How the list is grouped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum GroupBy {
    /// Not grouped.
    #[default]
    None,
    /// By year.
    Year,
    /// By the collection (volume, file) a document was published in.
    Collection,
}

impl GroupBy {
    /// The next grouping.
    pub fn next(self) -> GroupBy {
        match self {
            GroupBy::None => GroupBy::Year,
            GroupBy::Year => GroupBy::Collection,
            GroupBy::Collection => GroupBy::None,
        }
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            GroupBy::None => "none",
            GroupBy::Year => "year",
            GroupBy::Collection => "collection",
        }
    }
}

/// A row of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A group's heading: its name, how many documents match in it, and whether it is folded.
    Group {
        /// The group's name.
        key: String,
        /// Matching documents in it.
        count: usize,
        /// Folded.
        collapsed: bool,
    },
    /// A document (its index in the corpus).
    Doc(usize),
}

/// The folded fields of one header that the filter reads.
#[derive(Debug, Clone, Default)]
struct Hay {
    /// Title, subject, participants, kind, date and id together.
    all: String,
    subject: String,
    with: String,
    kind: String,
    date: String,
}

/// One filter term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A word anywhere.
    Word(String),
    /// `kind:`
    Kind(String),
    /// `from:` (inclusive)
    From(String),
    /// `to:` (inclusive: `to:1958-09` keeps the 30th)
    To(String),
    /// `with:` a participant.
    With(String),
    /// `subject:`
    Subject(String),
}

/// Parse a filter into terms, folded. An unknown `name:` is a word like any other.
pub fn parse(filter: &str) -> Vec<Term> {
    let mut out = Vec::new();
    for w in filter.split_whitespace() {
        let t = match w.split_once(':') {
            Some((name, v)) if !v.is_empty() => {
                // Dates are compared as written (folding would turn their hyphens to spaces).
                let date = v.trim().to_string();
                let v = fold(v);
                match name.to_ascii_lowercase().as_str() {
                    "kind" => Term::Kind(v),
                    "from" => Term::From(date),
                    "to" => Term::To(date),
                    "with" => Term::With(v),
                    "subject" => Term::Subject(v),
                    _ => Term::Word(fold(w)),
                }
            }
            _ => Term::Word(fold(w)),
        };
        out.push(t);
    }
    out
}

impl Hay {
    fn matches(&self, t: &Term) -> bool {
        match t {
            Term::Word(w) => self.all.contains(w.as_str()),
            Term::Kind(k) => self.kind.split(' ').any(|x| x.starts_with(k.as_str())),
            Term::From(d) => !self.date.is_empty() && self.date.as_str() >= d.as_str(),
            Term::To(d) => {
                // Compare as far as the bound is written: 1958-09-30 is within to:1958-09.
                let n = d.len().min(self.date.len());
                !self.date.is_empty() && self.date[..n] <= *d.as_str()
            }
            Term::With(p) => self.with.contains(p.as_str()),
            Term::Subject(s) => self.subject.contains(s.as_str()),
        }
    }
}

/// The document list.
#[derive(Debug, Clone, Default)]
pub struct DocList {
    /// Documents the filter keeps, in the list's order.
    pub filtered: Vec<usize>,
    /// What is shown: group headings and documents.
    pub rows: Vec<Row>,
    /// The filter, as typed.
    pub filter: String,
    /// Selection and scroll (over `rows`).
    pub state: ListState,
    /// The order.
    pub sort: SortBy,
    /// The grouping.
    pub group: GroupBy,
    /// A second line under each title (subject or participants).
    pub details: bool,
    /// Folded groups, by name.
    pub collapsed: HashSet<String>,
    hay: Vec<Hay>,
    /// The filter last applied and what it kept (in corpus order), to narrow from.
    last: Option<(Vec<Term>, Vec<usize>)>,
    /// Sort keys of titles, made when first sorted by title.
    title_keys: Vec<String>,
}

/// The second line of a document's row: its subject, else its participants, else its sender
/// and recipient.
pub fn details_of(d: &crate::model::Document) -> String {
    if let Some(s) = d.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        return s.replace('\n', " ");
    }
    let names: Vec<&str> = d.participants.iter().map(|p| p.name.as_str()).collect();
    if !names.is_empty() {
        return format!("with {}", names.join(", "));
    }
    match (d.author.as_deref(), d.recipient.as_deref()) {
        (Some(a), Some(r)) => format!("from {a} to {r}"),
        (Some(a), None) => format!("from {a}"),
        (None, Some(r)) => format!("to {r}"),
        (None, None) => String::new(),
    }
}

impl DocList {
    /// A list of `n` documents, unfiltered, in date order.
    pub fn new(n: usize) -> DocList {
        let mut l = DocList {
            filtered: (0..n).collect(),
            ..DocList::default()
        };
        l.rows = l.filtered.iter().map(|&d| Row::Doc(d)).collect();
        l
    }

    fn ensure_hay(&mut self, corpus: &Corpus) {
        if self.hay.len() == corpus.docs.len() {
            return;
        }
        self.hay = corpus
            .docs
            .heads()
            .map(|d| {
                let subject = fold(d.summary.as_deref().unwrap_or(""));
                let mut with = String::new();
                for p in &d.participants {
                    with.push_str(&fold(&p.name));
                    with.push(' ');
                }
                let kind = format!("{} {}", d.kind.label(), d.kind.as_str());
                let date = d.date.clone().unwrap_or_default();
                let all = format!(
                    "{} {subject} {with} {kind} {date} {}",
                    fold(&d.title),
                    fold(&d.id)
                );
                Hay {
                    all,
                    subject,
                    with,
                    kind,
                    date,
                }
            })
            .collect();
        self.last = None;
    }

    /// Apply the filter as it stands, keeping `current` selected where it is shown.
    pub fn apply(&mut self, corpus: &Corpus, current: usize) {
        let terms = parse(&self.filter);
        let n = corpus.docs.len();
        let kept: Vec<usize> = if terms.is_empty() {
            self.last = None;
            (0..n).collect()
        } else {
            self.ensure_hay(corpus);
            // A filter that only adds to the last one keeps a subset of what it kept.
            let narrow = self.last.as_ref().filter(|(old, _)| narrows(old, &terms));
            let from: Vec<usize> = match narrow {
                Some((_, kept)) => kept.clone(),
                None => (0..n).collect(),
            };
            let hay = &self.hay;
            let kept: Vec<usize> = from
                .into_iter()
                .filter(|&i| {
                    hay.get(i)
                        .is_some_and(|h| terms.iter().all(|t| h.matches(t)))
                })
                .collect();
            self.last = Some((terms, kept.clone()));
            kept
        };
        self.filtered = kept;
        self.arrange(corpus, current);
    }

    /// Order and group what the filter kept, and make the rows.
    pub fn arrange(&mut self, corpus: &Corpus, current: usize) {
        let heads = &corpus.docs;
        match self.sort {
            SortBy::Date => self.filtered.sort_unstable(),
            SortBy::Title => {
                if self.title_keys.len() != heads.len() {
                    self.title_keys = heads.heads().map(|d| fold(&d.title)).collect();
                }
                let keys = &self.title_keys;
                self.filtered
                    .sort_by(|&a, &b| keys[a].cmp(&keys[b]).then(a.cmp(&b)));
            }
            SortBy::Kind => self
                .filtered
                .sort_by_key(|&i| (heads.head(i).map(|d| d.kind.label()).unwrap_or(""), i)),
        }
        let key = |i: usize| -> String {
            let Some(d) = heads.head(i) else {
                return String::new();
            };
            match self.group {
                GroupBy::None => String::new(),
                GroupBy::Year => d
                    .date
                    .as_deref()
                    .and_then(|s| s.get(..4))
                    .unwrap_or("undated")
                    .to_string(),
                GroupBy::Collection => d
                    .collection_title
                    .as_deref()
                    .map(|t| crate::text::one_line(t).trim().to_string())
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| "(no collection)".into()),
            }
        };
        self.rows.clear();
        if self.group == GroupBy::None {
            self.rows.extend(self.filtered.iter().map(|&d| Row::Doc(d)));
        } else {
            // Groups in the order of their first document (stable within a group).
            let keys: Vec<String> = self.filtered.iter().map(|&d| key(d)).collect();
            let mut order: Vec<usize> = (0..self.filtered.len()).collect();
            if self.group == GroupBy::Year {
                order.sort_by(|&a, &b| keys[a].cmp(&keys[b]).then(a.cmp(&b)));
            } else {
                let mut first: std::collections::HashMap<&str, usize> = Default::default();
                for (k, key) in keys.iter().enumerate() {
                    first.entry(key.as_str()).or_insert(k);
                }
                order.sort_by_key(|&a| (first[keys[a].as_str()], a));
            }
            let mut k = 0;
            while k < order.len() {
                let g = &keys[order[k]];
                let end = order[k..]
                    .iter()
                    .position(|&o| keys[o] != *g)
                    .map_or(order.len(), |p| k + p);
                let collapsed = self.collapsed.contains(g);
                self.rows.push(Row::Group {
                    key: g.clone(),
                    count: end - k,
                    collapsed,
                });
                if !collapsed {
                    self.rows
                        .extend(order[k..end].iter().map(|&o| Row::Doc(self.filtered[o])));
                }
                k = end;
            }
            self.filtered = order.iter().map(|&o| self.filtered[o]).collect();
        }
        self.select_doc(current);
    }

    /// Select the row of document `d` (or its folded group's heading), else the first row.
    pub fn select_doc(&mut self, d: usize) {
        if let Some(p) = self.rows.iter().position(|r| *r == Row::Doc(d)) {
            self.state.selected = p;
            return;
        }
        self.state.selected = 0;
    }

    /// The document of the selected row, if it is one.
    pub fn selected_doc(&self) -> Option<usize> {
        match self.rows.get(self.state.selected)? {
            Row::Doc(d) => Some(*d),
            Row::Group { .. } => None,
        }
    }

    /// Fold or unfold the group of the selected row; true if there was one.
    pub fn toggle_group(&mut self, corpus: &Corpus, current: usize) -> bool {
        let sel = self.state.selected;
        let Some(g) = self.rows[..=sel.min(self.rows.len().saturating_sub(1))]
            .iter()
            .rev()
            .find_map(|r| match r {
                Row::Group { key, .. } => Some(key.clone()),
                Row::Doc(_) => None,
            })
        else {
            return false;
        };
        if !self.collapsed.remove(&g) {
            self.collapsed.insert(g.clone());
        }
        self.arrange(corpus, current);
        if let Some(p) = self
            .rows
            .iter()
            .position(|r| matches!(r, Row::Group { key, .. } if *key == g))
        {
            if self.collapsed.contains(&g) || self.selected_doc().is_none() {
                self.state.selected = p;
            }
        }
        true
    }
}

/// Whether `new` keeps no more than `old` does: the same terms, the last one lengthened, or
/// terms added.
fn narrows(old: &[Term], new: &[Term]) -> bool {
    if old.len() > new.len() || old.is_empty() {
        return false;
    }
    old.iter().zip(new).enumerate().all(|(i, (o, n))| {
        o == n
            || (i + 1 == old.len()
                && match (o, n) {
                    (Term::Word(a), Term::Word(b))
                    | (Term::With(a), Term::With(b))
                    | (Term::Subject(a), Term::Subject(b)) => b.contains(a.as_str()),
                    _ => false,
                })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hay(date: &str, kind: &str) -> Hay {
        Hay {
            date: date.into(),
            kind: kind.into(),
            ..Hay::default()
        }
    }

    #[test]
    fn field_prefixes_parse_and_unknown_ones_are_words() {
        assert_eq!(
            parse("Kind:Memcon from:1958-08 to:1958-09 with:Zhou subject:Quemoy note:x"),
            vec![
                Term::Kind("memcon".into()),
                Term::From("1958-08".into()),
                Term::To("1958-09".into()),
                Term::With("zhou".into()),
                Term::Subject("quemoy".into()),
                Term::Word("note:x".into()),
            ]
        );
        assert_eq!(parse("kind:"), vec![Term::Word("kind:".into())]);
    }

    #[test]
    fn date_bounds_keep_their_hyphens() {
        assert_eq!(parse("to:1958-09"), vec![Term::To("1958-09".into())]);
    }

    #[test]
    fn dates_bound_as_far_as_they_are_written() {
        let d = hay("1958-09-30", "memcon");
        assert!(d.matches(&Term::To("1958-09".into())));
        assert!(d.matches(&Term::From("1958-09".into())));
        assert!(!d.matches(&Term::From("1958-10".into())));
        assert!(!d.matches(&Term::To("1958-08".into())));
        assert!(d.matches(&Term::To("1958".into())));
        // Undated documents fall outside any date bound.
        assert!(!hay("", "memcon").matches(&Term::From("1900".into())));
        assert!(d.matches(&Term::Kind("mem".into())));
        assert!(!d.matches(&Term::Kind("telegram".into())));
    }

    #[test]
    fn narrowing_is_only_taken_when_the_filter_grew() {
        let p = |s: &str| parse(s);
        assert!(narrows(&p("quem"), &p("quemoy")));
        assert!(narrows(&p("quemoy"), &p("quemoy kind:memcon")));
        assert!(!narrows(&p("quemoy"), &p("quem")));
        assert!(!narrows(&p("from:1958"), &p("from:1958-09")));
        assert!(!narrows(&p("a b"), &p("ab b")));
    }
}
