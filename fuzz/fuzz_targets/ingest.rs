//! Format detection, every text parser, body segmentation and the apparatus (brackets,
//! asterisks, HTML-ish tags), and name resolution, on arbitrary bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let out = carrel::ingest::ingest_bytes("fuzz.txt", data);
    for d in &out.documents {
        for b in &d.blocks {
            for r in [
                carrel::model::Reading::Redline,
                carrel::model::Reading::Edited,
                carrel::model::Reading::Original,
            ] {
                let _ = b.text(r);
            }
        }
    }
});
