//! Names resolve to entities: speakers, participants and mentions, the finder, extra gazetteers.

use carrel::corpus::{Corpus, Source};
use carrel::model::BlockKind;
use std::process::Command;

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
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_carrel"))
            .args(args)
            .env_remove("CARREL_CORPUS")
            .output()
            .unwrap();
        assert!(out.status.success());
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
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

    let tsv = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/people/hsa-people.tsv");
    assert!(tsv.is_file(), "missing {}", tsv.display());
    let v = run(&[
        "who",
        "Chou Shu-kai",
        "--json",
        "--gazetteer",
        tsv.to_str().unwrap(),
    ]);
    assert_eq!(v[0]["id"], "hsa-102535");
}
