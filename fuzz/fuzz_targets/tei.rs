//! The TEI reader on arbitrary text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = carrel::ingest::tei::parse("fuzz.xml", s);
    }
});
