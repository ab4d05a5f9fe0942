//! The bundled corpus, compiled into the binary from `corpus/`.

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
