//! The gazetteer: people, places, organizations, events and publications, with every spelling
//! they go by. The bundled one is compiled in; extra ones (TOML like ours, or a TSV of names
//! shaped like the Office of the Historian's people list) can be added at run time.

use crate::ingest::People;
use crate::text::fold;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What an entity is.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A person.
    Person,
    /// A city, region, port, railway, island, border or line.
    Place,
    /// A party, ministry, news agency or other body.
    Organization,
    /// A conference, war or treaty.
    Event,
    /// A newspaper, book or series.
    Publication,
    /// A named thing: a vessel, a telephone network.
    Object,
}

impl EntityKind {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::Organization => "organization",
            EntityKind::Event => "event",
            EntityKind::Publication => "publication",
            EntityKind::Object => "object",
        }
    }
}

/// The side a person represented, for some years.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Affiliation {
    /// Government or party (`USSR`, `PRC`, `ROC`, `CCP`, …).
    pub side: String,
    /// First year, if it changed.
    #[serde(default)]
    pub from: Option<i32>,
    /// Last year, if it changed.
    #[serde(default)]
    pub to: Option<i32>,
}

/// One real person, place, organization, event or publication.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Entity {
    /// Stable id (`zhou-enlai`).
    pub id: String,
    /// Preferred name.
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
    /// Every other spelling: transliterations, pseudonyms, initials, misprints.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Names in the original script.
    #[serde(default)]
    pub original: Vec<String>,
    /// Year of birth or founding.
    #[serde(default)]
    pub born: Option<i32>,
    /// Year of death or end.
    #[serde(default)]
    pub died: Option<i32>,
    /// Role or office.
    #[serde(default)]
    pub role: Option<String>,
    /// Sides represented (people).
    #[serde(default)]
    pub affiliation: Vec<Affiliation>,
    /// One to three sentences in our own words.
    #[serde(default)]
    pub description: Option<String>,
    /// Where the entry came from (a file name), for reports.
    #[serde(default, skip_serializing)]
    pub origin: String,
    /// Found only where a source tags it (a TEI edition's abbreviations, whose short names
    /// would match ordinary words), never by matching its names in text.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tagged_only: bool,
}

impl Entity {
    /// The preferred name and every alias and original-script name.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .chain(self.original.iter().map(String::as_str))
    }

    /// The side represented in a given year (the first if no year fits).
    pub fn side_in(&self, year: Option<i32>) -> Option<&str> {
        let fits = |a: &&Affiliation| {
            year.is_none_or(|y| {
                a.from.is_none_or(|f| y >= f)
                    && a.to.is_none_or(|t| y < t || (a.from.is_none() && y <= t))
            })
        };
        self.affiliation
            .iter()
            .find(fits)
            .or(self.affiliation.first())
            .map(|a| a.side.as_str())
    }
}

#[derive(Deserialize)]
struct TomlFile {
    #[serde(default)]
    entity: Vec<Entity>,
}

/// The key names are compared by: folded, with spaces removed (`Chou En-lai` = `Chou Enlai`).
pub fn name_key(name: &str) -> String {
    fold(name)
        .chars()
        .filter(|c| *c != ' ' && *c != '.')
        .collect()
}

/// The distinct non-empty keys of an entity's names.
fn name_keys(e: &Entity) -> Vec<String> {
    let mut keys: Vec<String> = e
        .all_names()
        .map(name_key)
        .filter(|k| !k.is_empty())
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The gazetteer and its name index.
#[derive(Debug, Default, Clone)]
pub struct Gazetteer {
    /// Every entity.
    pub entities: Vec<Entity>,
    index: HashMap<String, Vec<usize>>,
    ids: HashMap<String, usize>,
    /// Problems found while loading (bad files, aliases shared with other entries).
    pub warnings: Vec<String>,
}

impl Gazetteer {
    /// The gazetteer compiled into the binary.
    pub fn bundled() -> Gazetteer {
        let mut g = Gazetteer::default();
        for (name, text) in crate::bundled::GAZETTEER {
            if let Err(e) = g.add_toml(name, text) {
                g.warnings.push(e);
            }
        }
        g
    }

    /// Add the entries of a TOML gazetteer; shared aliases are reported, not merged.
    pub fn add_toml(&mut self, origin: &str, text: &str) -> Result<usize, String> {
        let file: TomlFile = toml::from_str(text).map_err(|e| format!("{origin}: {e}"))?;
        let n = file.entity.len();
        for mut e in file.entity {
            e.origin = origin.to_string();
            self.push(e);
        }
        Ok(n)
    }

    /// Add the people of a TSV with the columns `id, preferred, alternates, originals,
    /// birth_year, death_year` (alternates and originals separated by `|`). A preferred name
    /// written `Surname, Given` also gets the alias `Given Surname`.
    pub fn add_tsv(&mut self, origin: &str, text: &str) -> Result<usize, String> {
        let mut lines = text.lines().enumerate();
        let header = lines.next().map(|(_, l)| l).unwrap_or("");
        let cols: Vec<&str> = header.split('\t').collect();
        let col = |name: &str| cols.iter().position(|c| c.trim() == name);
        let (Some(ci), Some(cp)) = (col("id"), col("preferred")) else {
            return Err(format!(
                "{origin}:1: a TSV gazetteer needs 'id' and 'preferred' columns"
            ));
        };
        let (ca, co, cb, cd) = (
            col("alternates"),
            col("originals"),
            col("birth_year"),
            col("death_year"),
        );
        let mut n = 0;
        for (i, line) in lines {
            if line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let get = |c: Option<usize>| c.and_then(|c| f.get(c)).map(|s| s.trim()).unwrap_or("");
            let preferred = get(Some(cp));
            if preferred.is_empty() {
                self.warnings
                    .push(format!("{origin}:{}: no preferred name; skipped", i + 1));
                continue;
            }
            let mut aliases: Vec<String> = Vec::new();
            for s in [get(ca), get(co)] {
                aliases.extend(
                    s.split('|')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from),
                );
            }
            if let Some((surname, given)) = preferred.split_once(", ") {
                aliases.push(format!("{given} {surname}"));
            }
            aliases.retain(|a| a != preferred);
            aliases.dedup();
            self.push(Entity {
                id: format!("hsa-{}", get(Some(ci))),
                name: preferred.to_string(),
                kind: EntityKind::Person,
                aliases,
                original: Vec::new(),
                born: get(cb).parse().ok(),
                died: get(cd).parse().ok(),
                role: None,
                affiliation: Vec::new(),
                description: None,
                origin: origin.to_string(),
                tagged_only: false,
            });
            n += 1;
        }
        Ok(n)
    }

    /// Load an extra gazetteer file (`.toml` or `.tsv`).
    pub fn add_file(&mut self, path: &std::path::Path) -> Result<usize, String> {
        let origin = path.display().to_string();
        // A regular file within the size limit only (`--gazetteer /dev/zero` must not hang).
        let text = crate::files::read_to_string(path).map_err(|e| format!("{origin}: {e}"))?;
        match path.extension().and_then(|e| e.to_str()) {
            Some("tsv") => self.add_tsv(&origin, &text),
            _ => self.add_toml(&origin, &text),
        }
    }

    fn push(&mut self, e: Entity) {
        if self.ids.contains_key(&e.id) {
            self.warnings.push(format!(
                "{}: duplicate id '{}'; later entry skipped",
                e.origin, e.id
            ));
            return;
        }
        let idx = self.entities.len();
        self.ids.insert(e.id.clone(), idx);
        let keys = name_keys(&e);
        for k in keys {
            let slot = self.index.entry(k.clone()).or_default();
            for &other in slot.iter() {
                let o = &self.entities[other];
                if o.origin != e.origin {
                    self.warnings.push(format!(
                        "{}: '{}' ({}) shares the name '{k}' with '{}' ({}); kept apart",
                        e.origin, e.name, e.id, o.name, o.id
                    ));
                }
            }
            slot.push(idx);
        }
        self.entities.push(e);
    }

    /// Merge an edition's entity (a TEI persons-list entry): when its names match exactly one
    /// entity of another origin, its names become that entity's aliases and that entity's id
    /// is returned; when they match none, it is added; when they match several, it is added
    /// apart and the clash reported. Returns the id its mentions resolve to.
    pub fn merge(&mut self, e: Entity) -> String {
        let mut hits: Vec<usize> = Vec::new();
        for name in e.all_names() {
            if let Some(v) = self.index.get(&name_key(name)) {
                for &i in v {
                    let o = &self.entities[i];
                    if o.origin != e.origin && o.kind == e.kind && !hits.contains(&i) {
                        hits.push(i);
                    }
                }
            }
        }
        match hits.as_slice() {
            [one] => {
                let i = *one;
                let names: Vec<String> = e.all_names().map(String::from).collect();
                for n in names {
                    let k = name_key(&n);
                    if k.is_empty() {
                        continue;
                    }
                    let slot = self.index.entry(k).or_default();
                    if !slot.contains(&i) {
                        slot.push(i);
                    }
                    let ent = &mut self.entities[i];
                    if ent.name != n && !ent.aliases.contains(&n) {
                        ent.aliases.push(n);
                    }
                }
                self.entities[i].id.clone()
            }
            [] => {
                let id = e.id.clone();
                self.push_quiet(e);
                id
            }
            many => {
                let ids: Vec<String> = many.iter().map(|i| self.entities[*i].id.clone()).collect();
                self.warnings.push(format!(
                    "{}: '{}' matches {}; kept apart, not guessed",
                    e.origin,
                    e.name,
                    ids.join(" and ")
                ));
                let id = e.id.clone();
                self.push_quiet(e);
                id
            }
        }
    }

    /// Add an entity without reporting shared names (the caller has).
    fn push_quiet(&mut self, e: Entity) {
        if self.ids.contains_key(&e.id) {
            return;
        }
        let idx = self.entities.len();
        self.ids.insert(e.id.clone(), idx);
        let keys = name_keys(&e);
        for k in keys {
            self.index.entry(k).or_default().push(idx);
        }
        self.entities.push(e);
    }

    /// Entities that go by this name (any spelling).
    pub fn lookup(&self, name: &str) -> Vec<&Entity> {
        self.index
            .get(&name_key(name))
            .map(|v| v.iter().map(|&i| &self.entities[i]).collect())
            .unwrap_or_default()
    }

    /// The entity with this id.
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.ids.get(id).and_then(|&i| self.entities.get(i))
    }

    /// The position of the entity with this id in `entities`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }

    /// The one person this name can mean, if exactly one.
    pub fn person(&self, name: &str) -> Option<&Entity> {
        let people: Vec<&Entity> = self
            .lookup(name)
            .into_iter()
            .filter(|e| e.kind == EntityKind::Person)
            .collect();
        match people.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

impl People for Gazetteer {
    fn is_person(&self, name: &str) -> bool {
        self.lookup(name)
            .iter()
            .any(|e| e.kind == EntityKind::Person)
    }

    fn is_non_person(&self, name: &str) -> bool {
        let hits = self.lookup(name);
        !hits.is_empty() && hits.iter().all(|e| e.kind != EntityKind::Person)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_loads_cleanly() {
        let g = Gazetteer::bundled();
        assert!(g.warnings.is_empty(), "{:?}", g.warnings);
        assert!(g.entities.len() > 30);
        for e in &g.entities {
            assert!(
                e.description.as_deref().is_some_and(|d| !d.is_empty()),
                "{}",
                e.id
            );
        }
    }

    #[test]
    fn required_spellings_resolve() {
        let g = Gazetteer::bundled();
        let id = |n: &str| g.lookup(n).first().map(|e| e.id.clone());
        for (a, b) in [
            ("Chiang Kai-shek", "Jiang Jieshi"),
            ("Zhou Enlai", "Chou En-lai"),
            ("Zhou Enlai", "Zhao Enlai"),
            ("Zhou Enlai", "Chou Enlai"),
            ("Lüshun", "Lüshunkou"),
            ("Lüshun", "Port Arthur"),
            ("Lushun", "port arthur"),
            ("Dalian", "Dairen"),
            ("Stalin", "Philippov"),
            ("Kim Il Sung", "Kim II Sung"),
            ("Guomindang", "Kuomintang"),
            ("Guomindang", "GMD"),
            ("Guomindang", "KMT"),
        ] {
            assert!(id(a).is_some(), "{a}");
            assert_eq!(id(a), id(b), "{a} / {b}");
        }
    }

    #[test]
    fn tsv_people_and_shared_aliases_are_reported() {
        let mut g = Gazetteer::bundled();
        let tsv = "id\tpreferred\talternates\toriginals\tbirth_year\tdeath_year\n1\tKowalski, Jan\tJ. Kowalski\t\t1901\t1970\n2\tZhou Enlai\tChou En-lai\t\t\t\n";
        assert_eq!(g.add_tsv("x.tsv", tsv), Ok(2));
        assert_eq!(g.lookup("Jan Kowalski")[0].id, "hsa-1");
        assert_eq!(g.lookup("Zhou Enlai").len(), 2);
        assert!(g.warnings.iter().any(|w| w.contains("zhou-enlai")));
    }
}
