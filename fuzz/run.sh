#!/bin/sh
# Run every fuzz target for SECONDS (default 600) each, seeded with the bundled corpus, the
# test fixtures and the hostile corpus. The machine has one stable toolchain: cargo fuzz needs
# nightly features, so RUSTC_BOOTSTRAP=1 lets stable build them.
set -e
cd "$(dirname "$0")"
SECONDS_EACH=${1:-600}
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O
for t in ingest tei gazetteer render; do
    mkdir -p corpus/$t
    cp ../corpus/* ../tests/fixtures/general/* ../tests/hostile/* corpus/$t/ 2>/dev/null || true
    cp ../tests/fixtures/tei/*.xml ../tests/fixtures/links/* corpus/$t/ 2>/dev/null || true
    cp ../assets/gazetteer/*.toml corpus/$t/ 2>/dev/null || true
done
for t in ingest tei gazetteer render; do
    cargo fuzz run -O $t corpus/$t -- -max_total_time="$SECONDS_EACH" -rss_limit_mb=4096 -max_len=200000 \
        > "fuzz-$t.log" 2>&1 &
done
wait
grep -H -E "Done|SUMMARY|crash-|panicked" fuzz-*.log || true
