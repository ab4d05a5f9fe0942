//! Participants: who holds an office title the record uses for a speaker ("The Secretary"),
//! and the lists of those present (`PARTICIPANTS`, `Present:`, "Present were …"), with the
//! sides their group headings give (`U.S.`, `Soviet side`, "on the Indian side").

use crate::model::Participant;

/// An office title in a comparable form: lower case, without "the", with the usual
/// abbreviations spelt out (`PM` is Prime Minister).
fn title_key(t: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for w in t.split_whitespace() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        match w.to_lowercase().as_str() {
            "" | "the" => {}
            "pm" => words.extend(["prime".to_string(), "minister".to_string()]),
            "fm" => words.extend(["foreign".to_string(), "minister".to_string()]),
            other => words.push(other.to_string()),
        }
    }
    words.join(" ")
}

/// The title an office description opens with: "Secretary of State and Assistant to the
/// President" opens with "Secretary of State"; "Under Secretary …" with "Under Secretary".
fn head_title(role: &str) -> String {
    let cut = role
        .split([',', ';', '('])
        .next()
        .unwrap_or("")
        .split(" and ")
        .next()
        .unwrap_or("");
    title_key(cut)
}

/// Whether a participant holds `title`: their role, or the title printed before their name,
/// opens with it ("Secretary" is held by a "Secretary of State", not an "Under Secretary").
fn holds(p: &Participant, title: &str) -> bool {
    let key = title_key(title);
    if key.is_empty() {
        return false;
    }
    let opens = |held: &str| held == key || held.starts_with(&format!("{key} of"));
    p.role.as_deref().is_some_and(|r| opens(&head_title(r))) || opens(&title_key(&p.name))
}

/// The one participant who holds `title`, by the name the list gives them; `None` when nobody
/// or more than one does.
pub fn holder(title: &str, participants: &[Participant]) -> Option<String> {
    let mut found = participants.iter().filter(|p| holds(p, title));
    let one = found.next()?;
    found.next().is_none().then(|| one.name.clone())
}

/// What a participants list gave: the people, with sides and roles, and the lines of the
/// paragraphs that make up the list (they are read as attendance, never as speech).
#[derive(Debug, Default)]
pub struct Listed {
    /// Everyone listed, in order.
    pub people: Vec<Participant>,
    /// First lines of the paragraphs that belong to the list (its heading included).
    pub lines: Vec<usize>,
}

/// Bullets and list marks at the start of an entry.
fn strip_bullet(s: &str) -> &str {
    s.trim()
        .trim_start_matches(['•', '◦', '·', '-', '*', '–', '—', '▪', '○'])
        .trim_start()
}

/// A heading that opens a participants list, and what follows it on the same line.
fn list_heading(line: &str) -> Option<&str> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r"(?i)^(?:participants|persons\s+present|present|also\s+present|in\s+attendance|attendees|those\s+present)(?:\s*\[[^\]]{0,40}\]|\s+at\s+the\s+\w+)?\s*(?::|$)\s*",
        )
        .expect("valid regex")
    });
    let t = strip_bullet(line);
    let m = re.find(t)?;
    Some(&t[m.end()..])
}

/// "Present were A, B and C." / "Also present was …" / "…, B and C were present": the names part.
fn present_sentence(text: &str) -> Option<&str> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r"(?i)^(?:also\s+)?present\s+(?:at\s+the\s+(?:conversation|meeting|talks?|dinner|luncheon)\s+)?(?:were|was|are)\s*:?\s+",
        )
        .expect("valid regex")
    });
    let t = strip_bullet(text);
    let m = re.find(t)?;
    let rest = &t[m.end()..];
    // The names end with the sentence (a full stop after a word longer than an initial).
    let end = rest
        .match_indices(". ")
        .map(|(i, _)| i)
        .find(|&i| {
            rest[..i]
                .rsplit(|c: char| !c.is_alphabetic())
                .next()
                .is_some_and(|w| w.chars().count() > 2)
        })
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

const ADJECTIVE_ENDS: &[&str] = &["an", "ese", "ish", "ian", "ic", "i"];

/// A group heading in a list: a side, not a person (`U.S.`, `USSR`, `Soviet side`, "On the
/// Indian side", `United States`, `American Delegation:`).
pub fn side_heading(entry: &str, is_non_person: &dyn Fn(&str) -> bool) -> Option<String> {
    let t = strip_bullet(entry).trim_end_matches(':').trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 || t.contains(',') {
        return None;
    }
    let lower = t.to_lowercase();
    let bare = lower
        .trim_start_matches("on the ")
        .trim_start_matches("for the ")
        .trim_start_matches("the ");
    let last = bare.rsplit(' ').next().unwrap_or("");
    if matches!(
        last,
        "side" | "sides" | "delegation" | "delegations" | "participants" | "party" | "group"
    ) && bare.split(' ').count() <= 3
    {
        return Some(t.to_string());
    }
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    let abbreviation = words.len() == 1
        && (2..=8).contains(&letters.len())
        && letters.iter().all(|c| c.is_uppercase())
        && t.chars().all(|c| c.is_alphabetic() || c == '.');
    if abbreviation {
        return Some(t.to_string());
    }
    if is_non_person(t) && t.chars().next().is_some_and(char::is_uppercase) {
        return Some(t.to_string());
    }
    // A lone adjective of nationality ("Soviet", "American:").
    let adjective = words.len() == 1
        && t.chars().next().is_some_and(char::is_uppercase)
        && (ADJECTIVE_ENDS.iter().any(|e| lower.ends_with(e)) || lower == "soviet");
    (adjective && entry.trim_end().ends_with(':')).then(|| t.to_string())
}

/// A piece of a list that is an office or a description rather than a name: it has words in
/// lower case, or every word is an ordinary word or part of a title (`Interpreter`).
fn role_like(piece: &str) -> bool {
    let words: Vec<&str> = piece.split_whitespace().collect();
    words.is_empty()
        || words
            .iter()
            .any(|w| w.chars().next().is_some_and(char::is_lowercase))
        || words.iter().all(|w| {
            let l = w.to_lowercase();
            let l = l.trim_matches(|c: char| !c.is_alphabetic());
            super::labels::is_title(w) || crate::coverage::is_ordinary_word(l)
        })
}

/// One person from a printed entry: name, title before it, role after it.
fn one_person(printed: &str, role: Option<&str>) -> Option<Participant> {
    let printed = match printed.find(" (") {
        Some(i) => &printed[..i],
        None => printed,
    };
    let printed = printed.trim().trim_end_matches(['.', ';', ',']);
    if printed.is_empty() {
        return None;
    }
    let (name, title, title_only) = super::labels::person(printed);
    if !super::labels::name_shaped(&name) {
        return None;
    }
    let role = match (title, role.map(str::trim).filter(|r| !r.is_empty())) {
        (Some(t), Some(r)) => Some(format!("{t}, {r}")),
        (Some(t), None) => Some(t),
        (None, Some(r)) => Some(r.trim_end_matches('.').to_string()),
        (None, None) => None,
    };
    let _ = title_only;
    Some(Participant {
        name,
        role,
        ..Participant::default()
    })
}

/// The people of one entry: a name with its role (`Dr. Henry A. Kissinger, Secretary of
/// State`), or several names (`Cdes. Khrushchev, Malinovsky, and Antonov.`). An honorific inside
/// the run (`… Antonov Comrades Mao Zedong …`) opens a new group. `None` if the entry is not
/// shaped like a list entry.
fn entry_people(entry: &str, sentence: bool) -> Option<Vec<Vec<Participant>>> {
    let t = strip_bullet(entry);
    if t.is_empty() || t.chars().count() > 400 {
        return None;
    }
    // A sentence with a verb of speaking or acting is not an entry.
    let lower = t.to_lowercase();
    if !sentence
        && [
            " said",
            " asked",
            " replied",
            " stated",
            " began",
            " called",
            " recalled",
            " met ",
            " opened",
            " was ",
            " were ",
            " is ",
            " are ",
            " had ",
            " has ",
        ]
        .iter()
        .any(|v| lower.contains(v))
    {
        return None;
    }
    let pieces: Vec<&str> = t
        .split([',', ';'])
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().trim_start_matches("and ").trim())
        .filter(|p| !p.is_empty())
        .collect();
    if pieces.is_empty() {
        return None;
    }
    let names_only = sentence
        || pieces.len() >= 3 && pieces.iter().skip(1).all(|p| !role_like(p))
        || pieces.len() == 2 && !role_like(pieces[1]);
    if names_only || pieces.len() == 1 {
        let mut groups: Vec<Vec<Participant>> = vec![Vec::new()];
        for piece in pieces {
            // An honorific in the middle of a piece starts a new group.
            let words: Vec<&str> = piece.split_whitespace().collect();
            let cut = (1..words.len()).find(|&k| super::labels::honorific(words[k]));
            let parts: Vec<String> = match cut {
                Some(k) => vec![words[..k].join(" "), words[k..].join(" ")],
                None => vec![piece.to_string()],
            };
            for (n, part) in parts.iter().enumerate() {
                if n > 0 {
                    groups.push(Vec::new());
                }
                match one_person(part, None) {
                    Some(p) => {
                        if let Some(g) = groups.last_mut() {
                            g.push(p);
                        }
                    }
                    // In a sentence, what is not a name ("the interpreter") is passed over.
                    None if sentence => {}
                    None => return None,
                }
            }
        }
        return Some(groups);
    }
    let (head, role) = match t.split_once(',') {
        Some((h, r)) => (h, Some(r)),
        None => (t, None),
    };
    Some(vec![vec![one_person(head, role)?]])
}

/// Read the participants lists among the first paragraphs of a body.
pub fn read(paras: &[super::Para], is_non_person: &dyn Fn(&str) -> bool) -> Listed {
    let mut out = Listed::default();
    let window = paras.len().min(40);
    let mut i = 0;
    while i < window {
        let p = &paras[i];
        let first = p.raw.lines().next().unwrap_or("");
        let mut entries: Vec<(String, bool)> = Vec::new();
        let start = i;
        if let Some(rest) = list_heading(first) {
            // The heading, then entries on its line, its other lines and the paragraphs after.
            if !rest.trim().is_empty() {
                entries.push((rest.to_string(), true));
            }
            // The heading's own paragraph: entries up to the first line that is not one (a
            // turn or prose that follows without a blank line).
            let fits = |l: &&&str| {
                l.trim().is_empty()
                    || !labels_start(l)
                        && (side_heading(l, is_non_person).is_some()
                            || entry_people(l, false).is_some())
            };
            let own: Vec<&str> = p.raw.lines().skip(1).collect();
            let mut taken = own.iter().take_while(fits).count();
            let mut whole = taken == own.len();
            entries.extend(own[..taken].iter().map(|l| (l.to_string(), false)));
            i += 1;
            // The paragraphs after it, as long as they open with entries.
            while whole && i < paras.len() {
                let lines: Vec<&str> = paras[i].raw.lines().collect();
                taken = lines.iter().take_while(fits).count();
                if taken == 0 {
                    break;
                }
                whole = taken == lines.len();
                entries.extend(lines[..taken].iter().map(|l| (l.to_string(), false)));
                i += 1;
            }
        } else if let Some(names) = present_sentence(&p.text) {
            entries.push((names.to_string(), true));
            i += 1;
        } else if let Some(run) = unheaded_run(&paras[i..window], is_non_person) {
            for q in &paras[i..i + run] {
                entries.extend(q.raw.lines().map(|l| (l.to_string(), false)));
            }
            i += run;
        } else {
            i += 1;
            continue;
        }
        let mut side: Option<String> = None;
        let mut any = false;
        let indent = |l: &str| l.chars().take_while(|c| c.is_whitespace()).count();
        for (k, (e, sentence)) in entries.iter().enumerate() {
            if e.trim().is_empty() {
                continue;
            }
            if let Some(s) = side_heading(e, is_non_person) {
                side = Some(s);
                continue;
            }
            // An entry with entries indented under it heads a group: a side.
            let next = entries[k + 1..].iter().find(|(x, _)| !x.trim().is_empty());
            if !sentence
                && !e.contains(',')
                && next.is_some_and(|(x, _)| indent(x) > indent(e))
                && strip_bullet(e).split_whitespace().count() <= 4
            {
                side = Some(strip_bullet(e).trim_end_matches(':').trim().to_string());
                continue;
            }
            let Some(groups) = entry_people(e, *sentence) else {
                continue;
            };
            for g in groups {
                for mut person in g {
                    person.side = side.clone();
                    if !out
                        .people
                        .iter()
                        .any(|q| super::labels::same_person(&q.name, &person.name))
                    {
                        out.people.push(person);
                        any = true;
                    }
                }
            }
        }
        if any {
            out.lines.extend(paras[start..i].iter().map(|p| p.line));
        }
    }
    out
}

/// Whether a paragraph opens with a speaker label (the list is over).
fn labels_start(text: &str) -> bool {
    super::labels::parse(text).is_some_and(|l| l.has_rest && !l.name.contains(','))
        && !text.contains(", ")
}

/// A run of two or more paragraphs at `paras[0..]` without a heading whose every line is a
/// person with a role (`Winston Lord, NSC Staff`) or a side heading, at least one with a role.
fn unheaded_run(paras: &[super::Para], is_non_person: &dyn Fn(&str) -> bool) -> Option<usize> {
    let mut n = 0;
    let mut with_role = 0;
    let mut lines_total = 0;
    for p in paras {
        let lines: Vec<&str> = p.raw.lines().filter(|l| !l.trim().is_empty()).collect();
        let ok = !lines.is_empty()
            && lines.iter().all(|l| {
                side_heading(l, is_non_person).is_some()
                    || entry_people(l, false).is_some_and(|g| g.iter().flatten().count() == 1)
            });
        if !ok || labels_start(&p.text) {
            break;
        }
        with_role += lines
            .iter()
            .filter(|l| {
                strip_bullet(l)
                    .split_once(',')
                    .is_some_and(|(_, r)| role_like(r))
            })
            .count();
        lines_total += lines.len();
        n += 1;
    }
    (lines_total >= 2 && with_role >= 1 && with_role * 2 >= lines_total).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(name: &str, role: Option<&str>) -> Participant {
        Participant {
            name: name.into(),
            role: role.map(String::from),
            ..Participant::default()
        }
    }

    #[test]
    fn titles_resolve_through_roles_and_printed_titles() {
        let list = [
            p(
                "Henry A. Kissinger",
                Some("Secretary of State and Assistant to the President"),
            ),
            p("Joseph J. Sisco", Some("Under Secretary of State")),
            p("Chou En-lai", Some("Prime Minister")),
            p("The President", None),
        ];
        assert_eq!(
            holder("The Secretary", &list).as_deref(),
            Some("Henry A. Kissinger")
        );
        assert_eq!(holder("PM", &list).as_deref(), Some("Chou En-lai"));
        assert_eq!(holder("President", &list).as_deref(), Some("The President"));
        assert_eq!(holder("The Ambassador", &list), None);
        // Two holders: nobody is guessed.
        let two = [p("A", Some("Ambassador")), p("B", Some("Ambassador of X"))];
        assert_eq!(holder("The Ambassador", &two), None);
    }

    fn para(raw: &str, line: usize) -> super::super::Para {
        super::super::paragraphs::from_lines(&raw.lines().collect::<Vec<_>>(), line)
    }

    #[test]
    fn lists_with_side_headings_give_sides_not_people() {
        let paras = [
            para("PARTICIPANTS", 1),
            para("  \u{2022} U.S.\n    \u{2022} The Secretary\n    \u{2022} Mr. Akalovsky\n  \u{2022} U.S.S.R.\n    \u{2022} Foreign Minister Gromyko", 3),
            para("After dinner, the Secretary and Mr. Gromyko conversed alone.", 9),
        ];
        let l = read(&paras, &|_| false);
        let got: Vec<(&str, Option<&str>, Option<&str>)> = l
            .people
            .iter()
            .map(|p| (p.name.as_str(), p.side.as_deref(), p.role.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("The Secretary", Some("U.S."), None),
                ("Akalovsky", Some("U.S."), None),
                ("Gromyko", Some("U.S.S.R."), Some("Foreign Minister")),
            ]
        );
        assert_eq!(l.lines, [1, 3]);
    }

    #[test]
    fn lists_in_a_sentence_and_without_headings() {
        let paras = [para(
            "Present: Comrades Novak, Lindqvist and Okafor Comrades Hu Lanfang, Qiu Ming",
            1,
        )];
        let l = read(&paras, &|_| false);
        let names: Vec<&str> = l.people.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            ["Novak", "Lindqvist", "Okafor", "Hu Lanfang", "Qiu Ming"]
        );
        let paras = [
            para("Dr. Ines Albrecht, Assistant to the Chancellor", 1),
            para("Tomas Varga, Interpreter", 3),
            para("Albrecht: We can begin.", 5),
        ];
        let l = read(&paras, &|_| false);
        let got: Vec<(&str, Option<&str>)> = l
            .people
            .iter()
            .map(|p| (p.name.as_str(), p.role.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("Ines Albrecht", Some("Assistant to the Chancellor")),
                ("Tomas Varga", Some("Interpreter"))
            ]
        );
        assert_eq!(l.lines, [1, 3]);
        let paras = [para(
            "Present were Ambassador Joan Pereira, Mr. Karl Dorn and the interpreter.",
            1,
        )];
        let names: Vec<String> = read(&paras, &|_| false)
            .people
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names, ["Joan Pereira", "Karl Dorn"]);
    }
}
