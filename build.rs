//! Compiles the bundled corpus (`corpus/`) into the binary, so an installed carrel works
//! from any directory.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let corpus = Path::new(&root).join("corpus");
    println!("cargo:rerun-if-changed=corpus");
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from("/// The bundled corpus: (name, bytes) of every file in `corpus/`.\npub static FILES: &[(&str, &[u8])] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = format!(
            "corpus/{}",
            f.file_name().expect("file has a name").to_string_lossy()
        );
        writeln!(
            out,
            "    ({name:?}, include_bytes!({:?})),",
            f.display().to_string()
        )
        .expect("write to string");
    }
    out.push_str("];\n");
    let gaz = Path::new(&root).join("assets/gazetteer");
    println!("cargo:rerun-if-changed=assets/gazetteer");
    let mut tomls: Vec<_> = std::fs::read_dir(&gaz)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect()
        })
        .unwrap_or_default();
    tomls.sort();
    out.push_str("/// The bundled gazetteer: (name, TOML text) of every file in `assets/gazetteer/`.\npub static GAZETTEER: &[(&str, &str)] = &[\n");
    for f in &tomls {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = format!(
            "assets/gazetteer/{}",
            f.file_name().expect("file has a name").to_string_lossy()
        );
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            f.display().to_string()
        )
        .expect("write to string");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundled.rs");
    std::fs::write(dest, out).expect("write bundled.rs");
}
