//! Property tests: ingest never panics, whatever the bytes.

use carrel::ingest::ingest_bytes;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let r = ingest_bytes("fuzz.txt", &bytes);
        for d in &r.documents {
            for (i, b) in d.blocks.iter().enumerate() {
                prop_assert_eq!(b.n, i + 1);
            }
        }
    }

    #[test]
    fn markup_soup_never_panics(s in "([#*\\[\\]()<>:0-9 \nA-Za-z.]|sup|\\*\\*Title:|#### \\*\\*|Stalin: |1 May 1950|\u{00fc}|\u{5468}){0,300}") {
        let _ = ingest_bytes("soup.md", s.as_bytes());
    }
}
