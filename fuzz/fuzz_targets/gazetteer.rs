//! The gazetteer loaders (TOML and TSV) and the name matcher built from what they load.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let mut g = carrel::gazetteer::Gazetteer::default();
        let _ = g.add_toml("fuzz.toml", s);
        let _ = g.add_tsv("fuzz.tsv", s);
        let m = carrel::mentions::NameMatcher::new(&g);
        let _ = m.find(s);
    }
});
