//! The reading room's part of the config file: `[keys.<mode>]` into the keymap and `[theme]`
//! into the theme. Every setting that cannot be used is reported with its line and column and
//! the rest is applied.

use super::action::Action;
use super::keymap::{parse_seq, Keymap, Mode};
use super::theme::{Colour, Theme, ROLES};
use crate::config::Config;
use ratatui::style::Color;
use std::str::FromStr;

/// The keymap, theme and problems made from a config.
pub struct Applied {
    /// The keys.
    pub keymap: Keymap,
    /// The colours.
    pub theme: Theme,
    /// `PATH:LINE:COL: message` for every problem (the core's and the reading room's).
    pub problems: Vec<String>,
}

/// A colour by name: the 16 terminal colours (`dark-gray`, `light-blue`, `red`…), `reset`, or
/// anything ratatui reads (`#ff8800`, an index).
pub fn parse_colour(s: &str) -> Option<Colour> {
    let one = |s: &str| -> Option<Color> {
        let s = s.trim().to_ascii_lowercase().replace(['-', '_', ' '], "");
        let s = match s.as_str() {
            "grey" => "gray".to_string(),
            "darkgrey" => "darkgray".to_string(),
            "default" => "reset".to_string(),
            _ => s,
        };
        Color::from_str(&s).ok()
    };
    match s.split_once(" on ") {
        Some((f, b)) => Some(Colour {
            fg: one(f)?,
            bg: Some(one(b)?),
        }),
        None => Some(Colour {
            fg: one(s)?,
            bg: None,
        }),
    }
}

/// Check the reading room's settings and add their problems to the config.
pub fn check(config: &mut Config) -> (Keymap, Theme) {
    let mut keymap = Keymap::default();
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut theme = config
        .theme
        .as_ref()
        .and_then(|t| Theme::named(&t.value, color))
        .unwrap_or(Theme::dark(color));
    for k in config.keys.clone() {
        let Some(mode) = Mode::from_name(&k.mode.value) else {
            config.report(
                k.mode.line,
                k.mode.col,
                format!(
                    "unknown key mode [keys.{}] (one of {})",
                    k.mode.value,
                    Mode::ALL
                        .iter()
                        .map(|m| m.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            continue;
        };
        let Some(seq) = parse_seq(&k.key.value) else {
            config.report(
                k.key.line,
                k.key.col,
                format!("cannot read the key \"{}\"", k.key.value),
            );
            continue;
        };
        let action = if k.action.value == "none" {
            None
        } else {
            match Action::from_name(&k.action.value) {
                Some(a) => Some(a),
                None => {
                    config.report(
                        k.action.line,
                        k.action.col,
                        format!("unknown action `{}`", k.action.value),
                    );
                    continue;
                }
            }
        };
        keymap.bind(mode, seq, action);
    }
    for c in keymap.conflicts() {
        config.report(1, 1, c);
    }
    for (role, value) in config.colors.clone() {
        let Some(colour) = parse_colour(&value.value) else {
            config.report(
                value.line,
                value.col,
                format!("unknown colour `{}`", value.value),
            );
            continue;
        };
        if let Some(n) = role
            .value
            .strip_prefix("side-")
            .and_then(|n| n.parse::<usize>().ok())
        {
            if (1..=4).contains(&n) {
                theme.set_side(n, colour.fg);
                continue;
            }
        }
        match ROLES.iter().find(|(name, _)| *name == role.value) {
            Some((_, r)) => theme.set(*r, colour),
            None => config.report(
                role.line,
                role.col,
                format!(
                    "unknown colour role `{}` (one of {}, side-1 … side-4)",
                    role.value,
                    ROLES.iter().map(|r| r.0).collect::<Vec<_>>().join(", ")
                ),
            ),
        }
    }
    (keymap, theme)
}

/// Apply a config to the reading room.
pub fn apply(mut config: Config) -> Applied {
    let (keymap, theme) = check(&mut config);
    Applied {
        keymap,
        theme,
        problems: config.problem_lines(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::Key;

    #[test]
    fn bad_keys_actions_and_colours_are_reported_and_the_rest_applied() {
        let mut c = Config::parse(
            "[keys.panes]\n\"x\" = \"quit\"\n\"ctrl-\" = \"quit\"\n\"z\" = \"fly\"\n\"q\" = \"none\"\n[keys.nowhere]\n\"a\" = \"quit\"\n[theme.colors]\nhit = \"chartreuse\"\ncursor = \"light-blue\"\nsparkle = \"red\"\n",
        );
        let (km, theme) = check(&mut c);
        let mut at: Vec<(usize, usize, String)> = c
            .problems
            .iter()
            .map(|p| (p.line, p.col, p.message.clone()))
            .collect();
        at.sort();
        assert_eq!(at.len(), 5, "{at:?}");
        assert_eq!((at[0].0, at[0].1), (3, 1));
        assert!(at[0].2.contains("cannot read the key"));
        assert_eq!((at[1].0, at[1].1), (4, 7));
        assert!(at[1].2.contains("unknown action `fly`"));
        assert_eq!((at[2].0, at[2].1), (6, 7));
        assert!(at[2].2.contains("unknown key mode"));
        assert_eq!((at[3].0, at[3].1), (9, 7));
        assert!(at[3].2.contains("chartreuse"));
        assert_eq!((at[4].0, at[4].1), (11, 1));
        let x = Key::parse("x").unwrap();
        let q = Key::parse("q").unwrap();
        assert_eq!(km.get(Mode::Panes, &[x]), Some(Action::Quit));
        assert_eq!(km.get(Mode::Panes, &[q]), None);
        assert_eq!(
            theme.cursor().fg,
            if theme.color {
                Some(Color::LightBlue)
            } else {
                None
            }
        );
    }

    #[test]
    fn colours_by_name() {
        assert_eq!(parse_colour("dark-gray").unwrap().fg, Color::DarkGray);
        assert_eq!(parse_colour("Light Blue").unwrap().fg, Color::LightBlue);
        assert_eq!(
            parse_colour("black on yellow").unwrap().bg,
            Some(Color::Yellow)
        );
        assert!(parse_colour("blurple").is_none());
    }
}
