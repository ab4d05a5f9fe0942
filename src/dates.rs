//! Finding and normalizing dates as archives print them.
//!
//! Handles `18 December 1949`, `December 18, 1949`, `Dec. 18, 1949`, `December 1949`, ISO dates,
//! and an editor's correction of the day printed in brackets (`8[7] October 1950`), which is
//! normalized to the corrected day and flagged as uncertain.

use regex::Regex;
use std::sync::OnceLock;

/// A date found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// Byte offset where the date starts.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    /// Normalized ISO date, possibly partial (`1949-12`).
    pub iso: String,
    /// The text as printed.
    pub printed: String,
    /// Whether the printed date carries an editor's correction (`8[7]`).
    pub uncertain: bool,
}

const MONTHS: &str = r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sep(?:tember|t\.|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)";

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let key: String = lower.chars().take(3).collect();
    let n = match key.as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(n)
}

fn patterns() -> &'static [Regex; 4] {
    static RE: OnceLock<[Regex; 4]> = OnceLock::new();
    RE.get_or_init(|| {
        // Month names as printed in running text or in a heading in capitals (`14 MARCH 1963`).
        let months = format!("(?:{MONTHS}|{})", MONTHS.to_uppercase());
        let day_month_year = format!(
            r"\b(?P<d>\d{{1,2}})(?:\s*\[(?P<dc>\d{{1,2}})\])?(?:st|nd|rd|th)?\s+(?P<m>{months})\s*,?\s+(?P<y>1[5-9]\d\d|20\d\d)\b"
        );
        let month_day_year = format!(
            r"\b(?P<m>{months})\s+(?P<d>\d{{1,2}})(?:\s*\[(?P<dc>\d{{1,2}})\])?(?:st|nd|rd|th)?,?\s+(?P<y>1[5-9]\d\d|20\d\d)\b"
        );
        let iso = r"\b(?P<y>1[5-9]\d\d|20\d\d)-(?P<mn>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b";
        let month_year = format!(r"\b(?P<m>{months})\s*,?\s+(?P<y>1[5-9]\d\d|20\d\d)\b");
        [
            Regex::new(&day_month_year).expect("valid date regex"),
            Regex::new(&month_day_year).expect("valid date regex"),
            Regex::new(iso).expect("valid date regex"),
            Regex::new(&month_year).expect("valid date regex"),
        ]
    })
}

fn valid_day(y: u32, m: u32, d: u32) -> bool {
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// Every date in `text`, in order, non-overlapping; full dates are preferred over month-year.
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    let mut found: Vec<FoundDate> = Vec::new();
    for re in patterns() {
        for caps in re.captures_iter(text) {
            let Some(whole) = caps.get(0) else { continue };
            if found
                .iter()
                .any(|f| whole.start() < f.end && f.start < whole.end())
            {
                continue;
            }
            let Some(y) = caps.name("y").and_then(|y| y.as_str().parse::<u32>().ok()) else {
                continue;
            };
            let m = match (caps.name("m"), caps.name("mn")) {
                (Some(m), _) => month_number(m.as_str()),
                (None, Some(mn)) => mn.as_str().parse().ok(),
                _ => None,
            };
            let Some(m) = m else { continue };
            let printed_day = caps.name("d").and_then(|d| d.as_str().parse::<u32>().ok());
            let corrected = caps.name("dc").and_then(|d| d.as_str().parse::<u32>().ok());
            let iso = match corrected.or(printed_day) {
                Some(d) if valid_day(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
                Some(_) => continue,
                None => format!("{y:04}-{m:02}"),
            };
            found.push(FoundDate {
                start: whole.start(),
                end: whole.end(),
                iso,
                printed: whole.as_str().to_string(),
                uncertain: corrected.is_some(),
            });
        }
    }
    found.sort_by_key(|f| f.start);
    found
}

/// The date, if `text` is nothing but a date (surrounding spaces and a final period allowed).
pub fn date_only(text: &str) -> Option<FoundDate> {
    let t = text.trim().trim_end_matches('.').trim();
    if t.is_empty() {
        return None;
    }
    let dates = find_dates(t);
    match dates.as_slice() {
        [d] if d.start == 0 && d.end == t.len() => Some(d.clone()),
        _ => None,
    }
}

/// A bare year (`1945`) standing alone, as ISO.
pub fn year_only(text: &str) -> Option<String> {
    let t = text.trim();
    (t.len() == 4
        && t.chars().all(|c| c.is_ascii_digit())
        && (t.starts_with('1') || t.starts_with('2')))
    .then(|| t.to_string())
}

/// Whether an ISO date (possibly partial) falls within `[from, to]`, comparing by prefix.
pub fn date_in_range(date: Option<&str>, from: Option<&str>, to: Option<&str>) -> bool {
    if from.is_none() && to.is_none() {
        return true;
    }
    let Some(d) = date else { return false };
    let after = from.is_none_or(|f| d >= f || f.starts_with(d));
    // Compared as bytes: a prefix of a string by bytes may end inside a character.
    let before = to.is_none_or(|t| {
        let n = d.len().min(t.len());
        d.as_bytes()[..n] <= t.as_bytes()[..n]
    });
    after && before
}

/// A date as given on the command line (`--from`, `--to`): `YYYY`, `YYYY-MM` or `YYYY-MM-DD`,
/// with a real month and day. Anything else is refused with a message saying what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartialDate(String);

impl PartialDate {
    /// The ISO form (`1950`, `1950-10`, `1950-10-05`).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PartialDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for PartialDate {
    type Err = String;

    fn from_str(s: &str) -> Result<PartialDate, String> {
        let shape = || {
            format!(
                "'{}' is not a date: give YYYY, YYYY-MM or YYYY-MM-DD",
                crate::text::one_line(s)
            )
        };
        let parts: Vec<&str> = s.split('-').collect();
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        let ok_shape = match parts.as_slice() {
            [y] => digits(y, 4),
            [y, m] => digits(y, 4) && digits(m, 2),
            [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
            _ => false,
        };
        if !ok_shape {
            return Err(shape());
        }
        let num = |p: &str| p.parse::<u32>().unwrap_or(0);
        let y = num(parts[0]);
        if let Some(m) = parts.get(1).map(|m| num(m)) {
            if !(1..=12).contains(&m) {
                return Err(format!("'{s}' is not a date: there is no month {m}"));
            }
            if let Some(d) = parts.get(2).map(|d| num(d)) {
                if !valid_day(y, m, d) {
                    return Err(format!("'{s}' is not a date: {y}-{m:02} has no day {d}"));
                }
            }
        }
        Ok(PartialDate(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_refuse_what_is_not_a_date() {
        for good in ["1950", "1950-10", "1950-10-05", "1952-02-29"] {
            assert_eq!(good.parse::<PartialDate>().unwrap().as_str(), good);
        }
        let err = |s: &str| s.parse::<PartialDate>().unwrap_err();
        assert!(err("banana").contains("give YYYY, YYYY-MM or YYYY-MM-DD"));
        assert!(err("1950-13").contains("no month 13"));
        assert!(err("1951-02-29").contains("no day 29"));
        assert!(err("1950-10-0é").contains("is not a date"));
        assert!(err("50").contains("is not a date"));
    }

    #[test]
    fn common_shapes() {
        let d = find_dates("on December 18, 1949 and 27 July 1949; also Sept. 3, 1958");
        let iso: Vec<_> = d.iter().map(|d| d.iso.as_str()).collect();
        assert_eq!(iso, ["1949-12-18", "1949-07-27", "1958-09-03"]);
    }

    #[test]
    fn editor_correction_is_uncertain() {
        let d = find_dates("his cable on 8[7] October 1950, translated");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].iso, "1950-10-07");
        assert_eq!(d[0].printed, "8[7] October 1950");
        assert!(d[0].uncertain);
    }

    #[test]
    fn month_year_and_iso() {
        let d = find_dates("Visit, December 1949-February 1950");
        let iso: Vec<_> = d.iter().map(|d| d.iso.as_str()).collect();
        assert_eq!(iso, ["1949-12", "1950-02"]);
        assert_eq!(
            date_only("1961-04-17").map(|d| d.iso).as_deref(),
            Some("1961-04-17")
        );
    }

    #[test]
    fn range_bounds_that_are_not_ascii_do_not_panic() {
        // `é` is two bytes: a byte prefix of the bound used to end inside it.
        assert!(date_in_range(Some("1950-10-05"), None, Some("1950-10-0é")));
        assert!(!date_in_range(Some("1950-10-05"), Some("1950-10-0é"), None));
        assert!(date_in_range(
            Some("1950-10"),
            Some("1950"),
            Some("1950-1ẞ")
        ));
        assert!(!date_in_range(Some("1951"), None, Some("1950-10-0é")));
    }

    #[test]
    fn date_only_rejects_sentences() {
        assert!(date_only("October 5, 1950").is_some());
        assert!(date_only("We met on October 5, 1950").is_none());
        assert!(date_only("31 February 1950").is_none());
    }
}
