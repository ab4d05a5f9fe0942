//! Names resolve to entities: speakers, participants and mentions, the finder, extra gazetteers.

mod common;

use carrel::corpus::{Corpus, Source};
use carrel::model::BlockKind;

#[test]
fn every_speaker_label_in_the_corpus_resolves() {
    let c = Corpus::bundled();
    for d in &c.docs {
        for b in d.blocks.iter().filter(|b| b.kind == BlockKind::Turn) {
            let sp = b.speaker.as_ref().unwrap();
            assert!(
                sp.id.is_some(),
                "{} ¶{}: '{}' unresolved",
                d.id,
                b.n,
                sp.label
            );
        }
    }
    let d = c.find("wilson-122505").unwrap();
    let ids: Vec<_> = d
        .participants
        .iter()
        .map(|p| p.id.clone().unwrap_or_default())
        .collect();
    assert_eq!(ids, ["soong-tv", "stalin", "molotov"]);
    // The "We" of the 1949 record is Liu Shaoqi.
    let d = c.find("1949-07-27").unwrap();
    let we = d
        .blocks
        .iter()
        .find(|b| b.speaker.as_ref().is_some_and(|s| s.label == "We"))
        .unwrap();
    assert_eq!(
        we.speaker.as_ref().unwrap().id.as_deref(),
        Some("liu-shaoqi")
    );
}

#[test]
fn mentions_resolve_across_spellings() {
    let c = Corpus::bundled();
    let i = c.index_of("wilson-122505").unwrap();
    let m = &c.mentions[i];
    // "Port Arthur [Lüshunkou]" in Stalin's first point: both names are Lüshun.
    let pa: Vec<_> = m
        .iter()
        .filter(|m| m.entity.as_deref() == Some("lushun"))
        .map(|m| m.text.as_str())
        .collect();
    assert!(
        pa.contains(&"Port Arthur") && pa.contains(&"L\u{fc}shunkou"),
        "{pa:?}"
    );
    assert!(m
        .iter()
        .any(|m| m.text == "Dairen" && m.entity.as_deref() == Some("dalian")));
    // The misprint "Zhao Enlai" in the 1959 attendance list is Zhou Enlai.
    let i = c.index_of("wilson-112088").unwrap();
    assert!(c.mentions[i]
        .iter()
        .any(|m| m.text == "Zhao Enlai" && m.entity.as_deref() == Some("zhou-enlai")));
    // The OCR'd "Kim II Sung" and the signature "PHILIPPOV" in the 1950 file.
    let i = c.index_of(&c.find("1950-10-05").unwrap().id).unwrap();
    let m = &c.mentions[i];
    assert!(m
        .iter()
        .any(|m| m.text == "Kim II Sung" && m.entity.as_deref() == Some("kim-il-sung")));
    assert!(m
        .iter()
        .any(|m| m.text == "PHILIPPOV" && m.entity.as_deref() == Some("stalin")));
    // Offsets point at the text in the block's redline text.
    let d = &c.docs[i];
    for x in m {
        let b = d.blocks.iter().find(|b| b.n == x.block).unwrap();
        assert_eq!(
            &b.text(carrel::model::Reading::Redline)[x.start..x.end],
            x.text
        );
    }
}

#[test]
fn an_ambiguous_alias_warns_instead_of_guessing() {
    let dir = std::env::temp_dir().join(format!("carrel-amb-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("gazetteer")).unwrap();
    std::fs::write(
        dir.join("gazetteer/extra.toml"),
        "[[entity]]\nid = \"ana-horvat\"\nname = \"Ana Horvat\"\nkind = \"person\"\naliases = [\"Horvat\"]\n\n[[entity]]\nid = \"ivan-horvat\"\nname = \"Ivan Horvat\"\nkind = \"person\"\naliases = [\"Horvat\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("a.txt"),
        "Letter from Tito to Nasser, 2 May 1958\n\nHorvat will come.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("b.txt"),
        "Letter from Tito to Nasser, 3 May 1958\n\nIvan Horvat arrived. Horvat is tired.\n",
    )
    .unwrap();
    let c = Corpus::load(&[Source::Path(dir.clone())]);
    let a = c.index_of(&c.find("1958-05-02").unwrap().id).unwrap();
    let m = &c.mentions[a];
    let h = m.iter().find(|m| m.text == "Horvat").unwrap();
    assert_eq!(h.entity, None);
    assert_eq!(h.candidates.len(), 2);
    assert!(c.docs[a]
        .warnings
        .iter()
        .any(|w| w.message.contains("'Horvat' could be")));
    // A full name earlier in the document decides.
    let b = c.index_of(&c.find("1958-05-03").unwrap().id).unwrap();
    assert!(c.mentions[b]
        .iter()
        .filter(|m| m.text == "Horvat")
        .all(|m| m.entity.as_deref() == Some("ivan-horvat")));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn who_finds_by_any_spelling_and_extra_tsv_people() {
    let sandbox = common::Sandbox::new("who");
    let run = |args: &[&str]| sandbox.json(args);
    for (q, id) in [
        ("chou en", "zhou-enlai"),
        ("dairen", "dalian"),
        ("jiang jieshi", "chiang-kai-shek"),
        ("kmt", "guomindang"),
    ] {
        let v = run(&["who", q, "--json"]);
        assert_eq!(v[0]["id"], id, "{q}");
        for key in [
            "id",
            "name",
            "kind",
            "aliases",
            "matched",
            "score",
            "documents",
        ] {
            assert!(v[0].get(key).is_some());
        }
    }
    let v = run(&["who", "port arthur", "--json"]);
    assert_eq!(v[0]["id"], "lushun");
    assert_eq!(v[0]["matched"], "Port Arthur");
    assert!(v[0]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["id"] == "wilson-122505"));

    let tsv = need_shared!("corpora/people/hsa-people.tsv");
    let v = run(&[
        "who",
        "Wang Shu-ming",
        "--json",
        "--gazetteer",
        tsv.to_str().unwrap(),
    ]);
    // A person only the TSV knows ("Tiger" Wang, the Nationalist chief of staff). Chou Shu-kai,
    // asked here before, is now in the bundled gazetteer too.
    assert_eq!(v[0]["id"], "hsa-114259");
}

/// The mention of `text` in a document, resolved or not.
fn entity_of(c: &Corpus, doc: &str, text: &str) -> Option<Option<String>> {
    let i = c.index_of(&c.find(doc).unwrap().id).unwrap();
    c.mentions[i]
        .iter()
        .find(|m| m.text == text)
        .map(|m| m.entity.clone())
}

#[test]
fn misprints_brackets_and_surnames_resolve_by_context() {
    let c = Corpus::bundled();
    // Spellings as the records print them.
    let cases = [
        ("wilson-112088", "Fekto", "fecteau"),
        ("wilson-112088", "Yan Min Fu", "yang-mingfu"),
        ("wilson-112088", "Yang Ming Fu", "yang-mingfu"),
        ("wilson-112088", "Andung", "andong"),
        ("wilson-122505", "Chang Tso-lun", "zhang-zuolin"),
        ("wilson-122505", "Lin Wen-hui", "liu-wenhui"),
        ("wilson-122505", "Yen-an", "yanan"),
        ("wilson-122505", "Thibet", "tibet"),
        ("wilson-122505", "Vladivostock", "vladivostok"),
        ("1949-12", "Chou En-lai", "zhou-enlai"),
        ("1950-10-05", "Bulganiin", "bulganin"),
    ];
    for (doc, text, id) in cases {
        assert_eq!(
            entity_of(&c, doc, text),
            Some(Some(id.to_string())),
            "{doc}: {text}"
        );
    }
    // A name split by an editor's brackets is one name: "[John Foster] Dulles".
    assert_eq!(
        entity_of(&c, "wilson-112088", "John Foster] Dulles"),
        Some(Some("dulles".into()))
    );
    // A bare surname: "Liu" in the 1949 record is its participant Liu Shaoqi, though Liu Yalou
    // is named in the same document.
    let i = c.index_of("1949-07-27-memorandum-of-conversation-between-liu-shaoqi-and-stalin");
    let i = i.unwrap_or_else(|| c.index_of(&c.find("1949-07-27").unwrap().id).unwrap());
    let lius: Vec<_> = c.mentions[i].iter().filter(|m| m.text == "Liu").collect();
    assert!(lius.len() >= 4, "{lius:?}");
    assert!(lius
        .iter()
        .all(|m| m.entity.as_deref() == Some("liu-shaoqi")));
    assert!(c.mentions[i]
        .iter()
        .any(|m| m.text == "Liu Yalou" && m.entity.as_deref() == Some("liu-yalou")));
}

#[test]
fn an_organization_name_shared_by_two_parties_needs_one_side_at_the_table() {
    let c = Corpus::bundled();
    // Mao's telegram to Liu Shaoqi: both Chinese, so "the Politburo" is the CCP's.
    let tel = c
        .docs
        .iter()
        .position(|d| {
            d.blocks.iter().any(|b| {
                b.text(carrel::model::Reading::Redline)
                    .contains("Politburo will discuss")
            })
        })
        .unwrap();
    assert!(c.mentions[tel]
        .iter()
        .any(|m| m.text == "Politburo" && m.entity.as_deref() == Some("ccp-politburo")));
    // At the 1959 table both parties sit: left unresolved, with both candidates and a warning.
    let i = c.index_of("wilson-112088").unwrap();
    let p = c.mentions[i]
        .iter()
        .find(|m| m.text == "Politburo")
        .unwrap();
    assert_eq!(p.entity, None);
    assert_eq!(p.candidates, ["cpsu-politburo", "ccp-politburo"]);
    assert!(c.docs[i]
        .warnings
        .iter()
        .any(|w| w.message.contains("'Politburo' could be")));
}

#[test]
fn the_bundled_corpus_names_nothing_the_gazetteer_lacks() {
    let c = Corpus::bundled();
    let missing = carrel::coverage::unresolved(&c);
    assert!(missing.is_empty(), "{missing:#?}");
    // Every kind of entry is used.
    for kind in [
        "person",
        "place",
        "organization",
        "event",
        "publication",
        "object",
    ] {
        assert!(
            c.gazetteer.entities.iter().any(|e| e.kind.as_str() == kind),
            "{kind}"
        );
    }
}

#[test]
fn the_coverage_check_reports_names_and_skips_classes_of_words() {
    let dir = std::env::temp_dir().join(format!("carrel-cov-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("a.txt"),
        "Memorandum of Conversation between Mao Zedong and Nehru, 20 October 1954\n\n\
         Mao Zedong: Comrade Zorbakov flew to Ulan Bator on Tuesday. The Government agrees.\n\n\
         Nehru: Therefore the Soviet Government and Minister of Foreign Affairs Ostrava will \
         wait until March. I said so to Zorbakov.\n",
    )
    .unwrap();
    let c = Corpus::load(&[Source::Path(dir.clone())]);
    let names: Vec<(String, usize)> = carrel::coverage::unresolved(&c)
        .into_iter()
        .map(|u| (u.text, u.count))
        .collect();
    assert_eq!(
        names,
        [
            ("Zorbakov".to_string(), 2),
            ("Ostrava".to_string(), 1),
            ("Ulan Bator".to_string(), 1)
        ]
    );
    // The command names the file and line of the first occurrence, and --strict fails.
    let out = common::Sandbox::new("coverage").run(&[
        "--corpus",
        dir.to_str().unwrap(),
        "check",
        "--strict",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("a.txt:3: name not in the gazetteer: Zorbakov (2x)"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn acronyms_match_only_in_capitals() {
    // "The U.S. communicated to us" (1945, ¶6): "U.S." is the United States, "us" is not.
    let c = Corpus::bundled();
    let i = c.index_of("wilson-122505").unwrap();
    let d = &c.docs[i];
    let n6: Vec<_> = c.mentions[i].iter().filter(|m| m.block == 6).collect();
    assert!(n6
        .iter()
        .any(|m| m.text == "U.S." && m.entity.as_deref() == Some("usa")));
    assert!(
        c.mentions[i].iter().all(|m| m.text != "us"),
        "{:?}",
        d.blocks[5].text(carrel::model::Reading::Redline)
    );
}
