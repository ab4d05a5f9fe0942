//! The config file, read by the command line and the reading room alike:
//! `$XDG_CONFIG_HOME/carrel/config.toml` (else `~/.config/carrel/config.toml`), or the file
//! `--config PATH` or `CARREL_CONFIG` names; `none` reads no file.
//!
//! A broken file never stops carrel: a TOML syntax error means defaults for everything (and a
//! problem saying why); a wrong or unknown setting is ignored on its own and reported with its
//! line and column, and the rest is applied. The reading room's own settings (keys, colours)
//! are checked by `tui::config`, which adds its problems to the same list.

use std::path::{Path, PathBuf};

/// Where the config file is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// `none`: no file.
    None,
    /// This file (which may not exist).
    File(PathBuf),
}

impl Location {
    /// `--config`, else `CARREL_CONFIG`, else `$XDG_CONFIG_HOME/carrel/config.toml`, else
    /// `~/.config/carrel/config.toml`.
    pub fn find(flag: Option<&str>) -> Location {
        let named = flag.map(str::to_string).or_else(|| {
            std::env::var("CARREL_CONFIG")
                .ok()
                .filter(|v| !v.is_empty())
        });
        if let Some(n) = named {
            return if n == "none" {
                Location::None
            } else {
                Location::File(PathBuf::from(n))
            };
        }
        if let Some(x) = std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
            return Location::File(PathBuf::from(x).join("carrel/config.toml"));
        }
        match std::env::var_os("HOME").filter(|v| !v.is_empty()) {
            Some(h) => Location::File(PathBuf::from(h).join(".config/carrel/config.toml")),
            None => Location::None,
        }
    }

    /// How it is written for a person.
    pub fn display(&self) -> String {
        match self {
            Location::None => "none".into(),
            Location::File(p) => p.display().to_string(),
        }
    }
}

/// Something wrong in the file, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Line (1-based).
    pub line: usize,
    /// Column (1-based, in characters).
    pub col: usize,
    /// What is wrong.
    pub message: String,
}

/// A value with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Line (1-based).
    pub line: usize,
    /// Column (1-based).
    pub col: usize,
}

/// `[keys.<mode>] "<key>" = "<action>" | "none"`, as written (checked by the reading room).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySetting {
    /// The mode (layer or pane) name.
    pub mode: Spanned<String>,
    /// The key or key sequence.
    pub key: Spanned<String>,
    /// The action's name, or `none`.
    pub action: Spanned<String>,
}

/// The settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The file read, if one was.
    pub path: Option<PathBuf>,
    /// `corpora = [...]`: corpus paths used when neither `--corpus` nor `CARREL_CORPUS` is.
    pub corpora: Vec<String>,
    /// `gazetteers = [...]`: always loaded; `--gazetteer` adds to them.
    pub gazetteers: Vec<PathBuf>,
    /// `[keys.<mode>]`.
    pub keys: Vec<KeySetting>,
    /// `[theme] name`.
    pub theme: Option<Spanned<String>>,
    /// `[theme.colors]`: role → colour, as written.
    pub colors: Vec<(Spanned<String>, Spanned<String>)>,
    /// `[reading] lanes`.
    pub lanes: Option<bool>,
    /// `[reading] reading`: redline, edited or original.
    pub reading: Option<crate::model::Reading>,
    /// `[reading] sidebar`: the sidebar's sections in order.
    pub sidebar: Option<Vec<String>>,
    /// `[open] command`: the program that opens links.
    pub open_command: Option<String>,
    /// `[cite] style`.
    pub cite_style: Option<String>,
    /// `[limits] max_file_size` in bytes.
    pub max_file_size: Option<u64>,
    /// What is wrong in the file.
    pub problems: Vec<Problem>,
    /// Set when the file could not be used at all (unreadable, or a TOML syntax error).
    pub broken: Option<String>,
}

/// The sidebar's sections, in their default order.
pub const SIDEBAR_SECTIONS: &[&str] = &["notes", "footnotes", "on-screen", "speakers", "linked"];

/// The most a config file may hold.
const MAX_SIZE: u64 = 1 << 20;

fn line_col(src: &str, at: usize) -> (usize, usize) {
    let at = at.min(src.len());
    let mut at = at;
    while !src.is_char_boundary(at) {
        at -= 1;
    }
    let before = &src[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

struct Reader<'a> {
    src: &'a str,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    fn at(&self, span: Option<std::ops::Range<usize>>) -> (usize, usize) {
        span.map(|s| line_col(self.src, s.start)).unwrap_or((1, 1))
    }

    fn problem(&mut self, span: Option<std::ops::Range<usize>>, message: String) {
        let (line, col) = self.at(span);
        self.problems.push(Problem { line, col, message });
    }

    fn strings(&mut self, name: &str, item: &toml_edit::Item) -> Vec<Spanned<String>> {
        let Some(arr) = item.as_array() else {
            self.problem(item.span(), format!("{name} must be an array of strings"));
            return Vec::new();
        };
        let mut out = Vec::new();
        for v in arr.iter() {
            match v.as_str() {
                Some(s) => {
                    let (line, col) = self.at(v.span());
                    out.push(Spanned {
                        value: s.to_string(),
                        line,
                        col,
                    });
                }
                None => self.problem(v.span(), format!("{name}: each entry must be a string")),
            }
        }
        out
    }

    fn string(&mut self, name: &str, item: &toml_edit::Item) -> Option<Spanned<String>> {
        match item.as_str() {
            Some(s) => {
                let (line, col) = self.at(item.span());
                Some(Spanned {
                    value: s.to_string(),
                    line,
                    col,
                })
            }
            None => {
                self.problem(item.span(), format!("{name} must be a string"));
                None
            }
        }
    }

    fn table<'t>(&mut self, name: &str, item: &'t toml_edit::Item) -> Option<&'t toml_edit::Table> {
        let t = item.as_table();
        if t.is_none() {
            self.problem(item.span(), format!("[{name}] must be a table"));
        }
        t
    }

    fn unknown(&mut self, key: &toml_edit::Key, within: &str) {
        let at = if within.is_empty() {
            String::new()
        } else {
            format!(" in [{within}]")
        };
        self.problem(key.span(), format!("unknown setting `{}`{at}", key.get()));
    }
}

impl Config {
    /// Read the config from where it is found; a missing file is no file.
    pub fn load(at: &Location) -> Config {
        let Location::File(path) = at else {
            return Config::default();
        };
        let text = match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Config::default(),
            Err(e) => Err(e.to_string()),
            Ok(m) if !m.is_file() => Err("not a regular file".to_string()),
            Ok(m) if m.len() > MAX_SIZE => Err(format!("larger than {} bytes", MAX_SIZE)),
            Ok(_) => std::fs::read(path)
                .map_err(|e| e.to_string())
                .map(|b| String::from_utf8_lossy(&b).into_owned()),
        };
        let mut c = match text {
            Ok(t) => Config::parse(&t),
            Err(e) => Config {
                problems: vec![Problem {
                    line: 1,
                    col: 1,
                    message: format!("cannot read it: {e}"),
                }],
                broken: Some(format!("cannot read it: {e}")),
                ..Config::default()
            },
        };
        c.path = Some(path.clone());
        c
    }

    /// Read settings from the text of a config file.
    pub fn parse(src: &str) -> Config {
        let doc = match toml_edit::ImDocument::parse(src.to_string()) {
            Ok(d) => d,
            Err(e) => {
                let (line, col) = e.span().map(|s| line_col(src, s.start)).unwrap_or((1, 1));
                let message = e.message().trim().to_string();
                return Config {
                    problems: vec![Problem {
                        line,
                        col,
                        message: format!("TOML syntax error, no setting applied: {message}"),
                    }],
                    broken: Some(format!("line {line}, column {col}: {message}")),
                    ..Config::default()
                };
            }
        };
        let mut r = Reader {
            src,
            problems: Vec::new(),
        };
        let mut c = Config::default();
        for (key, item) in doc.as_table().iter() {
            let k = doc.as_table().key(key);
            match key {
                "corpora" => {
                    c.corpora = r
                        .strings("corpora", item)
                        .into_iter()
                        .map(|s| s.value)
                        .collect()
                }
                "gazetteers" => {
                    c.gazetteers = r
                        .strings("gazetteers", item)
                        .into_iter()
                        .map(|s| expand_home(&s.value))
                        .collect()
                }
                "keys" => c.read_keys(&mut r, item),
                "theme" => c.read_theme(&mut r, item),
                "reading" => c.read_reading(&mut r, item),
                "open" => {
                    if let Some(t) = r.table("open", item) {
                        for (name, v) in t.iter() {
                            match name {
                                "command" => {
                                    c.open_command = r.string("open.command", v).map(|s| s.value)
                                }
                                _ => r.unknown(
                                    t.key(name).unwrap_or(&toml_edit::Key::new(name)),
                                    "open",
                                ),
                            }
                        }
                    }
                }
                "cite" => {
                    if let Some(t) = r.table("cite", item) {
                        for (name, v) in t.iter() {
                            match name {
                                "style" => {
                                    if let Some(s) = r.string("cite.style", v) {
                                        if crate::cite::Style::parse(&s.value).is_some() {
                                            c.cite_style = Some(s.value);
                                        } else {
                                            r.problem(
                                                v.span(),
                                                format!("unknown citation style `{}`", s.value),
                                            );
                                        }
                                    }
                                }
                                _ => r.unknown(
                                    t.key(name).unwrap_or(&toml_edit::Key::new(name)),
                                    "cite",
                                ),
                            }
                        }
                    }
                }
                "limits" => {
                    if let Some(t) = r.table("limits", item) {
                        for (name, v) in t.iter() {
                            match (name, v.as_integer()) {
                                ("max_file_size", Some(n)) if n > 0 => {
                                    c.max_file_size = Some(n as u64)
                                }
                                ("max_file_size", _) => r.problem(
                                    v.span(),
                                    "limits.max_file_size must be a positive number of bytes"
                                        .into(),
                                ),
                                _ => r.unknown(
                                    t.key(name).unwrap_or(&toml_edit::Key::new(name)),
                                    "limits",
                                ),
                            }
                        }
                    }
                }
                _ => match k {
                    Some(k) => r.unknown(k, ""),
                    None => r.problem(item.span(), format!("unknown setting `{key}`")),
                },
            }
        }
        c.problems = r.problems;
        c
    }

    fn read_keys(&mut self, r: &mut Reader, item: &toml_edit::Item) {
        let Some(t) = r.table("keys", item) else {
            return;
        };
        for (mode, sub) in t.iter() {
            let mk = t.key(mode);
            let (ml, mc) = r.at(mk.and_then(|k| k.span()));
            let Some(st) = sub.as_table() else {
                r.problem(
                    sub.span(),
                    format!("[keys.{mode}] must be a table of \"key\" = \"action\""),
                );
                continue;
            };
            for (key, v) in st.iter() {
                let (kl, kc) = r.at(st.key(key).and_then(|k| k.span()));
                let Some(action) = r.string(&format!("keys.{mode}.\"{key}\""), v) else {
                    continue;
                };
                self.keys.push(KeySetting {
                    mode: Spanned {
                        value: mode.to_string(),
                        line: ml,
                        col: mc,
                    },
                    key: Spanned {
                        value: key.to_string(),
                        line: kl,
                        col: kc,
                    },
                    action,
                });
            }
        }
    }

    fn read_theme(&mut self, r: &mut Reader, item: &toml_edit::Item) {
        let Some(t) = r.table("theme", item) else {
            return;
        };
        for (name, v) in t.iter() {
            match name {
                "name" => {
                    if let Some(s) = r.string("theme.name", v) {
                        if s.value == "dark" || s.value == "light" {
                            self.theme = Some(s);
                        } else {
                            r.problem(
                                v.span(),
                                format!("unknown theme `{}` (dark or light)", s.value),
                            );
                        }
                    }
                }
                "colors" => {
                    let Some(ct) = r.table("theme.colors", v) else {
                        continue;
                    };
                    for (role, cv) in ct.iter() {
                        let (line, col) = r.at(ct.key(role).and_then(|k| k.span()));
                        if let Some(colour) = r.string(&format!("theme.colors.{role}"), cv) {
                            self.colors.push((
                                Spanned {
                                    value: role.to_string(),
                                    line,
                                    col,
                                },
                                colour,
                            ));
                        }
                    }
                }
                _ => r.unknown(t.key(name).unwrap_or(&toml_edit::Key::new(name)), "theme"),
            }
        }
    }

    fn read_reading(&mut self, r: &mut Reader, item: &toml_edit::Item) {
        let Some(t) = r.table("reading", item) else {
            return;
        };
        for (name, v) in t.iter() {
            match name {
                "lanes" => match v.as_bool() {
                    Some(b) => self.lanes = Some(b),
                    None => r.problem(v.span(), "reading.lanes must be true or false".into()),
                },
                "reading" => {
                    if let Some(s) = r.string("reading.reading", v) {
                        match crate::model::Reading::ALL
                            .iter()
                            .find(|x| x.as_str() == s.value)
                        {
                            Some(x) => self.reading = Some(*x),
                            None => r.problem(
                                v.span(),
                                format!(
                                    "unknown reading `{}` (redline, edited or original)",
                                    s.value
                                ),
                            ),
                        }
                    }
                }
                "sidebar" => {
                    let mut ok = Vec::new();
                    for s in r.strings("reading.sidebar", v) {
                        if SIDEBAR_SECTIONS.contains(&s.value.as_str()) {
                            ok.push(s.value);
                        } else {
                            r.problems.push(Problem {
                                line: s.line,
                                col: s.col,
                                message: format!(
                                    "unknown sidebar section `{}` (one of {})",
                                    s.value,
                                    SIDEBAR_SECTIONS.join(", ")
                                ),
                            });
                        }
                    }
                    self.sidebar = Some(ok);
                }
                _ => r.unknown(t.key(name).unwrap_or(&toml_edit::Key::new(name)), "reading"),
            }
        }
    }

    /// Add a problem found later (by the reading room's checks).
    pub fn report(&mut self, line: usize, col: usize, message: String) {
        self.problems.push(Problem { line, col, message });
    }

    /// Every problem as `PATH:LINE:COL: message`.
    pub fn problem_lines(&self) -> Vec<String> {
        let path = self
            .path
            .as_deref()
            .map(Path::display)
            .map(|d| d.to_string())
            .unwrap_or_default();
        let mut p = self.problems.clone();
        p.sort_by_key(|x| (x.line, x.col));
        p.iter()
            .map(|x| {
                crate::text::strip_controls(&format!("{path}:{}:{}: {}", x.line, x.col, x.message))
            })
            .collect()
    }
}

fn expand_home(p: &str) -> PathBuf {
    match (p.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(h)) => PathBuf::from(h).join(rest),
        _ => PathBuf::from(p),
    }
}

/// A commented default file: every setting, with its default, commented out.
pub const DEFAULT_FILE: &str = r##"# carrel's config file. Every line below is commented out: carrel's defaults.
# Where it is read from: `carrel config`; check it: `carrel config --check`.

# Corpora to read when neither --corpus nor CARREL_CORPUS says ("bundled" is the built-in one).
# corpora = ["bundled", "~/records"]

# Gazetteers always loaded (TOML or TSV); --gazetteer adds to them.
# gazetteers = ["~/gazetteers/people.tsv"]

# [theme]
# name = "dark"            # or "light"

# [theme.colors]           # a colour, or "FG on BG"; names as in 16-colour terminals
# muted = "dark-gray"      # glosses, [sic], margins, apparatus
# cursor = "yellow"        # the paragraph cursor's bar
# hit = "black on yellow"  # search hits
# note = "yellow"          # your notes
# focus = "dark-gray"      # speakers out of focus
# side-1 = "light-red"     # the sides of the table, in order of first appearance
# side-2 = "light-blue"
# side-3 = "light-green"
# side-4 = "magenta"
# status = "white on blue"

# [reading]
# lanes = false            # start with each side of the table in its own column
# reading = "redline"      # or "edited", "original"
# sidebar = ["notes", "footnotes", "on-screen", "speakers", "linked"]

# [open]
# command = "xdg-open"     # what opens a document's archive page

# [cite]
# style = "chicago"        # or "plain"

# [limits]
# max_file_size = 268435456

# Keys, per mode: global, panes, list, reader, sidebar, selection, prompt, finder, card, menu,
# help, editor, search, confirm, palette. An action's name, or "none" to unbind.
# [keys.panes]
# "x" = "quit"
# "q" = "none"
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_is_read() {
        let c = Config::parse(
            "corpora = [\"bundled\", \"/r\"]\ngazetteers = [\"/g.tsv\"]\n[theme]\nname = \"light\"\n[theme.colors]\nhit = \"red\"\n[reading]\nlanes = true\nreading = \"edited\"\nsidebar = [\"speakers\"]\n[open]\ncommand = \"firefox\"\n[cite]\nstyle = \"plain\"\n[limits]\nmax_file_size = 1000\n[keys.panes]\n\"x\" = \"quit\"\n",
        );
        assert_eq!(c.problems, vec![]);
        assert_eq!(c.corpora, ["bundled", "/r"]);
        assert_eq!(c.gazetteers, [PathBuf::from("/g.tsv")]);
        assert_eq!(c.theme.unwrap().value, "light");
        assert_eq!(c.colors[0].0.value, "hit");
        assert_eq!(c.lanes, Some(true));
        assert_eq!(c.reading, Some(crate::model::Reading::Edited));
        assert_eq!(c.sidebar.unwrap(), ["speakers"]);
        assert_eq!(c.open_command.as_deref(), Some("firefox"));
        assert_eq!(c.cite_style.as_deref(), Some("plain"));
        assert_eq!(c.max_file_size, Some(1000));
        let k = &c.keys[0];
        assert_eq!(
            (
                k.mode.value.as_str(),
                k.key.value.as_str(),
                k.action.value.as_str()
            ),
            ("panes", "x", "quit")
        );
        assert_eq!((k.key.line, k.key.col), (18, 1));
    }

    #[test]
    fn a_wrong_setting_is_reported_where_it_is_and_the_rest_applied() {
        let c = Config::parse("[reading]\nlanes = \"yes\"\nreading = \"edited\"\ncolour = 1\n[cite]\nstyle = \"harvard\"\n");
        assert_eq!(c.reading, Some(crate::model::Reading::Edited));
        assert_eq!(c.lanes, None);
        let at: Vec<(usize, usize)> = c.problems.iter().map(|p| (p.line, p.col)).collect();
        assert_eq!(at, [(2, 9), (4, 1), (6, 9)], "{:?}", c.problems);
        assert!(c.problems[1].message.contains("unknown setting `colour`"));
        assert!(c.problems[2].message.contains("harvard"));
        assert!(c.broken.is_none());
    }

    #[test]
    fn a_syntax_error_means_defaults_and_says_where() {
        let c = Config::parse("corpora = [\"/r\"]\n[theme\nname = \"light\"\n");
        assert!(c.corpora.is_empty() && c.theme.is_none());
        assert_eq!(c.problems.len(), 1);
        assert_eq!(c.problems[0].line, 2, "{:?}", c.problems);
        assert!(c.broken.is_some());
    }

    #[test]
    fn location_follows_flag_then_variable_then_xdg() {
        assert_eq!(Location::find(Some("none")), Location::None);
        assert_eq!(
            Location::find(Some("/x.toml")),
            Location::File("/x.toml".into())
        );
        assert_eq!(
            Config::load(&Location::File("/nonexistent/carrel.toml".into())).problems,
            vec![]
        );
    }

    #[test]
    fn the_default_file_is_valid_and_sets_nothing() {
        let c = Config::parse(DEFAULT_FILE);
        assert_eq!(c, Config::default());
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(line_col("ab\nüx = 1", 5), (2, 2));
    }
}
