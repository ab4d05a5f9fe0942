//! Compiles the bundled corpus (`corpus/`) and gazetteer (`assets/gazetteer/`) into the binary,
//! so an installed carrel works from any directory.

use std::fmt::Write as _;
use std::path::Path;

/// Write a `static NAME: &[(&str, TYPE)]` of every file in `dir` accepted by `keep`, each read
/// with `reader!` (`include_bytes` or `include_str`).
fn embed(
    out: &mut String,
    root: &Path,
    dir: &str,
    keep: fn(&Path) -> bool,
    decl: &str,
    reader: &str,
) {
    let path = root.join(dir);
    println!("cargo:rerun-if-changed={dir}");
    let mut files: Vec<_> = std::fs::read_dir(&path)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_file() && keep(p))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    writeln!(out, "{decl} = &[").expect("write to string");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = format!(
            "{dir}/{}",
            f.file_name().expect("file has a name").to_string_lossy()
        );
        writeln!(
            out,
            "    ({name:?}, {reader}!({:?})),",
            f.display().to_string()
        )
        .expect("write to string");
    }
    out.push_str("];\n");
}

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&root);
    let mut out = String::new();
    embed(
        &mut out,
        root,
        "corpus",
        |_| true,
        "/// The bundled corpus: (name, bytes) of every file in `corpus/`.\npub static FILES: &[(&str, &[u8])]",
        "include_bytes",
    );
    embed(
        &mut out,
        root,
        "assets/gazetteer",
        |p| p.extension().is_some_and(|e| e == "toml"),
        "/// The bundled gazetteer: (name, TOML text) of every file in `assets/gazetteer/`.\npub static GAZETTEER: &[(&str, &str)]",
        "include_str",
    );
    // A fingerprint of the code that reads documents: cached ingest results made by another
    // build are not trusted.
    let mut sources = Vec::new();
    walk(&root.join("src"), &mut sources);
    sources.sort();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for f in &sources {
        for b in std::fs::read(f).unwrap_or_default() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    writeln!(
        out,
        "/// A fingerprint of the source code this build was made from.\npub const SOURCE_FINGERPRINT: u64 = {h};"
    )
    .expect("write to string");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundled.rs");
    std::fs::write(dest, out).expect("write bundled.rs");
}

/// Every file under `dir`, recursively.
fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}
