//! The bundled gazetteer knows the Cold War's main actors (issue 15, point 7): enough of them,
//! by the spellings archives print, with life years read from published biographies, without
//! bare aliases that are ordinary words, without disturbing the bundled records, and merging
//! with the persons list of the FRUS 1958-1960 China volume.

mod common;

use carrel::corpus::{Corpus, Source};
use carrel::gazetteer::{EntityKind, Gazetteer};
use std::collections::HashSet;

/// Persons in the bundled gazetteer before the Cold War file was added (every one of them in
/// people.toml: `git show 529968f:assets/gazetteer/people.toml | grep -c 'kind = "person"'`).
const PERSONS_BEFORE: usize = 64;

/// The file of the new entries, and the two added to people.toml beside their relatives.
const COLDWAR_FILE: &str = "assets/gazetteer/people-coldwar.toml";
const ADDED_TO_PEOPLE: &[&str] = &["allen-dulles", "chiang-ching-kuo"];

/// One checked entry: the id, spellings that must all find it first with `carrel who`
/// (Wade-Giles and Pinyin, other romanizations, initials, native script), and the years of
/// birth and death as biographies and obituaries give them.
type Checked = (
    &'static str,
    &'static [&'static str],
    Option<i32>,
    Option<i32>,
);

/// A sample of the new entries.
const SAMPLE: &[Checked] = &[
    (
        "deng-xiaoping",
        &[
            "Deng Xiaoping",
            "Teng Hsiao-ping",
            "Teng Hsiao-p'ing",
            "鄧小平",
        ],
        Some(1904),
        Some(1997),
    ),
    (
        "yang-shangkun",
        &["Yang Shangkun", "Yang Shang-k'un"],
        Some(1907),
        Some(1998),
    ),
    (
        "zhao-ziyang",
        &["Zhao Ziyang", "Chao Tzu-yang", "赵紫阳"],
        Some(1919),
        Some(2005),
    ),
    (
        "hu-yaobang",
        &["Hu Yaobang", "Hu Yao-pang"],
        Some(1915),
        Some(1989),
    ),
    (
        "hua-guofeng",
        &["Hua Guofeng", "Hua Kuo-feng", "Chairman Hua"],
        Some(1921),
        Some(2008),
    ),
    (
        "qiao-guanhua",
        &["Qiao Guanhua", "Ch'iao Kuan-hua"],
        Some(1913),
        Some(1983),
    ),
    (
        "ji-chaozhu",
        &["Ji Chaozhu", "Chi Ch'ao-chu"],
        Some(1929),
        Some(2020),
    ),
    (
        "tang-wensheng",
        &["Nancy Tang", "Tang Wensheng", "T'ang Wen-sheng"],
        Some(1943),
        None,
    ),
    (
        "wang-bingnan",
        &["Wang Bingnan", "Wang Ping-nan"],
        Some(1908),
        Some(1988),
    ),
    (
        "xiong-xianghui",
        &["Xiong Xianghui", "Hsiung Hsiang-hui"],
        Some(1919),
        Some(2005),
    ),
    (
        "wu-xiuquan",
        &["Wu Xiuquan", "Wu Hsiu-ch'uan"],
        Some(1908),
        Some(1997),
    ),
    (
        "zhang-wenjin",
        &["Zhang Wenjin", "Chang Wen-chin"],
        Some(1914),
        Some(1991),
    ),
    ("han-xu", &["Han Xu", "Han Hsu"], Some(1924), Some(1994)),
    (
        "chiang-ching-kuo",
        &["Chiang Ching-kuo", "Jiang Jingguo", "蔣經國"],
        Some(1910),
        Some(1988),
    ),
    (
        "george-yeh",
        &["George K.C. Yeh", "Yeh Kung-ch'ao", "Ye Gongchao"],
        Some(1904),
        Some(1981),
    ),
    (
        "shen-chang-huan",
        &["Shen Chang-huan", "Shen Changhuan", "Sheh Chang-huan"],
        Some(1913),
        Some(1998),
    ),
    (
        "huang-shao-ku",
        &["Huang Shao-ku", "Huang Shaogu"],
        Some(1901),
        Some(1996),
    ),
    (
        "chow-shu-kai",
        &["Chow Shu-kai", "Zhou Shukai"],
        Some(1913),
        Some(1992),
    ),
    (
        "james-shen",
        &["James C.H. Shen", "Shen Chien-hung", "Shen Jianhong"],
        Some(1909),
        Some(2007),
    ),
    (
        "gorbachev",
        &["Mikhail Gorbachev", "M.S. Gorbachev", "Горбачёв"],
        Some(1931),
        Some(2022),
    ),
    (
        "kornienko",
        &["Georgi M. Kornienko", "Korniyenko"],
        Some(1925),
        Some(2006),
    ),
    (
        "dobrynin",
        &["Anatoly Dobrynin", "Anatoliy F. Dobrynin"],
        Some(1919),
        Some(2010),
    ),
    (
        "kissinger",
        &["Henry A. Kissinger", "Kissinger"],
        Some(1923),
        Some(2023),
    ),
    (
        "kim-jong-il",
        &["Kim Jong Il", "Kim Chong-il", "김정일"],
        Some(1941),
        Some(2011),
    ),
    ("nam-il", &["Nam Il", "Nam Ir"], None, Some(1976)),
    (
        "choe-yong-gon",
        &["Choe Yong-gon", "Choi Yong-kun"],
        Some(1900),
        Some(1976),
    ),
    (
        "gomulka",
        &["Władysław Gomułka", "Wladyslaw Gomulka"],
        Some(1905),
        Some(1982),
    ),
    (
        "xuan-thuy",
        &["Xuan Thuy", "Xuân Thủy"],
        Some(1912),
        Some(1985),
    ),
    (
        "hoang-van-hoan",
        &["Hoang Van Hoan", "Hoàng Văn Hoan"],
        Some(1905),
        Some(1991),
    ),
    (
        "sonoda",
        &["Sunao Sonoda", "園田直"],
        Some(1913),
        Some(1984),
    ),
    (
        "kps-menon",
        &["K.P.S. Menon", "K. P. S. Menon"],
        Some(1898),
        Some(1982),
    ),
    ("lothar-bolz", &["Lothar Bolz"], Some(1903), Some(1986)),
    ("oskar-fischer", &["Oskar Fischer"], Some(1923), Some(2020)),
    (
        "micunovic",
        &["Veljko Mićunović", "Veljko Micunovic"],
        Some(1916),
        Some(1982),
    ),
    (
        "mcconaughy",
        &["Walter P. McConaughy"],
        Some(1908),
        Some(2000),
    ),
    (
        "drumright",
        &["Everett F. Drumright"],
        Some(1906),
        Some(1993),
    ),
    (
        "trevelyan",
        &["Sir Humphrey Trevelyan"],
        Some(1905),
        Some(1985),
    ),
    ("byrnes", &["James F. Byrnes"], Some(1882), Some(1972)),
    (
        "abrasimov",
        &["Pyotr Abrasimov", "P.A. Abrasimov"],
        Some(1912),
        Some(2009),
    ),
    (
        "panyushkin",
        &["Alexander Panyushkin", "A.S. Panyushkin"],
        Some(1905),
        Some(1974),
    ),
];

/// The ids of every entry this issue added.
fn new_ids(g: &Gazetteer) -> HashSet<String> {
    g.entities
        .iter()
        .filter(|e| e.origin == COLDWAR_FILE || ADDED_TO_PEOPLE.contains(&e.id.as_str()))
        .map(|e| e.id.clone())
        .collect()
}

#[test]
fn the_bundled_gazetteer_has_at_least_200_more_people() {
    let g = Gazetteer::bundled();
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
    let persons = g
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Person)
        .count();
    assert!(
        persons >= PERSONS_BEFORE + 200,
        "{persons} persons, {PERSONS_BEFORE} before"
    );
    // Every new entry is a person with a role, a side and a description of its own.
    let ids = new_ids(&g);
    assert!(ids.len() >= 200, "{}", ids.len());
    for id in &ids {
        let e = g.get(id).unwrap();
        assert_eq!(e.kind, EntityKind::Person, "{id}");
        assert!(e.role.as_deref().is_some_and(|r| !r.is_empty()), "{id}");
        assert!(!e.affiliation.is_empty(), "{id}");
        assert!(
            e.description.as_deref().is_some_and(|d| d.len() > 40),
            "{id}"
        );
        if let (Some(b), Some(d)) = (e.born, e.died) {
            assert!(b < d && (1850..=2025).contains(&b), "{id}: {b}-{d}");
        }
    }
    // The sample below is drawn from the new entries.
    for (id, ..) in SAMPLE {
        assert!(ids.contains(*id), "{id} is not a new entry");
    }
    assert!(SAMPLE.len() >= 25);
}

#[test]
fn a_sample_of_the_new_people_have_the_life_years_biographies_give() {
    let g = Gazetteer::bundled();
    for (id, _, born, died) in SAMPLE {
        let e = g.get(id).unwrap_or_else(|| panic!("no entry {id}"));
        assert_eq!((e.born, e.died), (*born, *died), "{id}");
    }
}

#[test]
fn every_spelling_of_a_sample_finds_the_same_person_first() {
    let sandbox = common::Sandbox::new("coldwar-who");
    for (id, spellings, ..) in SAMPLE {
        for s in *spellings {
            let v = sandbox.json(&["who", s, "--json", "--limit", "3"]);
            assert_eq!(v[0]["id"], *id, "who {s:?}: {v}");
        }
    }
}

/// Lower-case words of the SCOWL list in assets/words (the coverage check's word list).
fn english_words() -> HashSet<String> {
    let p = common::manifest_dir().join("assets/words/english.txt");
    std::fs::read_to_string(&p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn no_bare_alias_of_a_new_person_is_an_ordinary_english_word() {
    let g = Gazetteer::bundled();
    let words = english_words();
    // The list is the one the coverage check uses: it holds the words we kept out.
    for w in [
        "rusk", "lord", "beam", "bush", "ford", "heath", "major", "baker",
    ] {
        assert!(words.contains(w), "{w} missing from the word list");
    }
    let ids = new_ids(&g);
    let mut bare = 0;
    for id in &ids {
        let e = g.get(id).unwrap();
        for a in std::iter::once(&e.name).chain(&e.aliases) {
            if a.contains([' ', '.', '-']) {
                continue;
            }
            bare += 1;
            assert!(
                !words.contains(&a.to_lowercase()),
                "{id}: bare alias {a:?} is an ordinary word"
            );
        }
    }
    assert!(bare > 100, "{bare} bare names checked");
    // The usual short references are there where they are not ordinary words.
    for (name, id) in [
        ("Gorbachev", "gorbachev"),
        ("Kissinger", "kissinger"),
        ("Deng", "deng-xiaoping"),
        ("Tito", "tito"),
        ("Dobrynin", "dobrynin"),
    ] {
        assert_eq!(g.person(name).map(|e| e.id.as_str()), Some(id), "{name}");
    }
    // Relatives share the surname, and it stays ambiguous until context decides.
    for (name, a, b) in [
        ("Kennedy", "john-f-kennedy", "robert-f-kennedy"),
        ("Castro", "fidel-castro", "raul-castro"),
        ("Bundy", "mcgeorge-bundy", "william-bundy"),
    ] {
        let hits: Vec<&str> = g.lookup(name).iter().map(|e| e.id.as_str()).collect();
        assert!(
            hits.contains(&a) && hits.contains(&b) && g.person(name).is_none(),
            "{name}: {hits:?}"
        );
    }
    // Syllables of other names are not aliases alone: "Hua Chiao Jih Pao", "Ta Teng Tao".
    assert!(g.lookup("Hua").is_empty() && g.lookup("Teng").is_empty());
}

#[test]
fn the_bundled_records_name_none_of_the_new_people() {
    // None of the new people is named in the seven bundled documents (read: the records end in
    // 1959, and each name they print already had its entry), so no mention and no speaker there
    // moves to a new entry and no name there becomes ambiguous through one.
    let c = Corpus::bundled();
    let ids = new_ids(&c.gazetteer);
    for (i, ms) in c.mentions.iter().enumerate() {
        for m in ms {
            assert!(
                !m.entity.as_ref().is_some_and(|e| ids.contains(e))
                    && !m.candidates.iter().any(|e| ids.contains(e)),
                "{}: {m:?}",
                c.docs.head(i).map(|d| d.id.as_str()).unwrap_or("?")
            );
        }
    }
    // Nor does any speaker's or participant's name also name a new entry (it would make the
    // name ambiguous and lose the identity it has).
    let names_a_new_entry =
        |name: &str| c.gazetteer.lookup(name).iter().any(|e| ids.contains(&e.id));
    let mut names = 0;
    for d in c.docs.iter() {
        for sp in d.blocks.iter().filter_map(|b| b.speaker.as_ref()) {
            assert!(!names_a_new_entry(&sp.name), "{}: {sp:?}", d.id);
            names += 1;
        }
        for p in &d.participants {
            assert!(!names_a_new_entry(&p.name), "{}: {p:?}", d.id);
            names += 1;
        }
    }
    assert!(names > 100, "{names}");
}

#[test]
fn the_frus_volumes_persons_merge_with_the_new_entries() {
    let frus = need_shared!("corpora/frus/frus1958-60v19.xml")
        .parent()
        .expect("a folder")
        .to_path_buf();
    let c = Corpus::load(&[Source::Bundled, Source::Path(frus)]);
    // Entries of the volume's persons list (read in frus1958-60v19.xml, list type="names")
    // and the entry each is.
    for (key, id) in [
        ("p_HCA1", "herter"),           // Herter, Christian A.
        ("p_RWS1", "walter-robertson"), // Robertson, Walter S.
        ("p_YGKCYK1", "george-yeh"),    // Yeh, George K.C. (Yeh Kung-ch'ao)
        ("p_WPWB1", "wang-bingnan"),    // Wang Ping-nan (Wang Bingnan)
        ("p_DAW1", "allen-dulles"),     // Dulles, Allen W.
        ("p_DJF1", "dulles"),           // Dulles, John Foster
        ("p_CC1", "chen-cheng"),        // Ch'en Ch'eng
        ("p_CC2", "chiang-ching-kuo"),  // Chiang Ching-kuo, Lieutenant General
        ("p_CKG1", "chiang-kai-shek"),  // Chiang Kai-shek, Generalissimo
        ("p_HS1", "huang-shao-ku"),     // Huang Shao-ku
        ("p_SC1", "shen-chang-huan"),   // Sheh Chang-huan (sic)
        ("p_THK1", "hollington-tong"),  // Tong, Hollington K.
        ("p_YT1", "yu-ta-wei"),         // Yu Ta-wei
        ("p_BJD1", "jacob-beam"),       // Beam, Jacob D.
        ("p_DEF1", "drumright"),        // Drumright, Everett F.
        ("p_MCWP1", "mcconaughy"),      // McConaughy, Walter P.
        ("p_NRM1", "richard-nixon"),    // Nixon, Richard M.
        ("p_LS1", "selwyn-lloyd"),      // Lloyd, Selwyn
        ("p_MH1", "macmillan"),         // Macmillan, Harold
        ("p_CSH1", "caccia"),           // Caccia, Sir Harold
        ("p_KNS1", "khrushchev"),       // Khrushchev, Nikita S.
        ("p_GAA1", "gromyko"),          // Gromyko, Andrei Andreevich
        ("p_MMA1", "menshikov"),        // Menshikov, Mikhail Alexeyevich
        ("p_RS1", "syngman-rhee"),      // Rhee, Syngman
        ("p_NPJ1", "nehru"),            // Nehru, Pandit Jawaharlal
    ] {
        let k = format!("frus1958-60v19#{key}");
        assert_eq!(c.source_keys.get(&k).map(String::as_str), Some(id), "{k}");
        assert!(
            c.gazetteer
                .get(&format!(
                    "frus1958-60v19-{}",
                    key.to_lowercase().replace('_', "-")
                ))
                .is_none(),
            "{key} kept apart"
        );
    }
    // No entry of the volume matches several of ours.
    assert!(
        !c.gazetteer.warnings.iter().any(|w| w.contains(" matches ")),
        "{:?}",
        c.gazetteer.warnings
    );
    // The volume's tagged mentions of Herter now count for our Herter: he is Under Secretary,
    // then Secretary, throughout the volume.
    let herter: usize = c
        .docs
        .heads()
        .zip(c.mentions.iter())
        .filter(|(d, _)| d.id.starts_with("frus"))
        .map(|(_, ms)| {
            ms.iter()
                .filter(|m| m.entity.as_deref() == Some("herter"))
                .count()
        })
        .sum();
    assert!(herter > 50, "{herter}");
}
