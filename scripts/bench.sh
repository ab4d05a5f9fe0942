#!/usr/bin/env bash
# scripts/bench.sh [N] — generate a corpus of N documents (default 10000) and measure carrel as
# whole processes (start-up and loading included), side by side with rg and fzf on the same
# files. Prints one Markdown table; every figure is the median of several runs (RUNS, default
# 5; cold runs COLD_RUNS, default 3), with the command that produced it.
#
#   scripts/bench.sh            # 10,000 documents, about 110 MB
#   RUNS=9 scripts/bench.sh 2000
#
# The corpus and caches live in BENCH_DIR (default /tmp/carrel-bench-N) and are kept between
# runs; delete it to start again.
set -euo pipefail

N=${1:-10000}
RUNS=${RUNS:-5}
COLD_RUNS=${COLD_RUNS:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-/tmp/carrel-bench-$N}
CORPUS=$WORK/corpus
CACHE=$WORK/cache
DATA=$WORK/data
HSA=$ROOT/../shared/corpora/people/hsa-people.tsv
cd "$ROOT"

need() {
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "installing $2 ..." >&2
        if command -v apt-get >/dev/null 2>&1; then
            (apt-get install -y --no-install-recommends "$2" >/dev/null 2>&1 ||
                sudo apt-get install -y --no-install-recommends "$2" >/dev/null 2>&1) || true
        fi
        if ! command -v "$1" >/dev/null 2>&1 && [ "$1" = rg ]; then
            cargo install ripgrep >/dev/null 2>&1 || true
        fi
        command -v "$1" >/dev/null 2>&1 || { echo "bench.sh: cannot install $2" >&2; exit 1; }
    fi
}
need rg ripgrep
need fzf fzf

echo "building ..." >&2
cargo build --release --quiet
cargo build --release --quiet --examples
BIN=$ROOT/target/release/carrel
EX=$ROOT/target/release/examples

mkdir -p "$WORK"
if [ ! -d "$CORPUS" ]; then
    echo "generating $N documents ..." >&2
    "$EX/gen_corpus" --docs "$N" --out "$CORPUS" --seed 1 >&2
fi
# Let the files age a little: a file modified within a second before carrel hashed it is
# hashed again on the next start (its time could hide an edit).
sleep 1.2
BYTES=$(find "$CORPUS" \( -name '*.md' -o -name '*.txt' \) -printf '%s\n' | awk '{s+=$1} END {print s}')
FILES=$(find "$CORPUS" \( -name '*.md' -o -name '*.txt' \) | wc -l)

now() { date +%s%N; }
# ms CMD...: run once, print milliseconds.
ms() {
    local s e
    s=$(now)
    "$@" >/dev/null 2>&1
    e=$(now)
    echo $(((e - s) / 1000000))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
maxof() { sort -n | tail -1; }
# rep K CMD...: K runs, one figure per line.
rep() {
    local k=$1
    shift
    for _ in $(seq "$k"); do ms "$@"; done
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }'; }

C="$BIN --cache-dir $CACHE --data-dir $DATA --corpus $CORPUS"
ROWS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 | \`$6\` |"); }

echo "cold ingest ..." >&2
cold=$(for _ in $(seq "$COLD_RUNS"); do rm -rf "$CACHE"; ms $C list; done | median)
row "cold ingest, empty cache (\`list\`)" "$cold ms" "" "" "" "rm -rf CACHE; carrel list"
cold_frame=$(for _ in $(seq "$COLD_RUNS"); do
    rm -rf "$CACHE"
    "$EX/tui_probe" --runs 1 -- $C | awk -F'[= ]' '/^median/ {print int($3)}'
done | median)
row "cold ingest to first frame (pty)" "$cold_frame ms" "" "" "< 10,000 ms" "rm -rf CACHE; tui_probe -- carrel"
cold_index=$(for _ in $(seq 2); do rm -rf "$CACHE"; ms $C search Antonakos; done | median)
row "cold ingest + full-text index + mentions (\`search\`)" "$cold_index ms" "" "" "" "rm -rf CACHE; carrel search Antonakos"

# Warm: one run to trust the files' times, then measure.
$C list >/dev/null 2>&1
$C list >/dev/null 2>&1
echo "warm start ..." >&2
warm_frame=$("$EX/tui_probe" --runs "$RUNS" -- $C | awk -F'[= ]' '/^median/ {print $3}')
row "warm start to first frame (pty)" "$warm_frame ms" "" "" "< 200 ms" "tui_probe --runs $RUNS -- carrel"
warm_list=$(rep "$RUNS" $C list --json | median)
row "warm \`list --json\`" "$warm_list ms" "" "" "" "carrel list --json"

echo "one changed file ..." >&2
ONE=$(find "$CORPUS" -name '*.md' | sort | sed -n 1p)
changed=$(for i in $(seq "$RUNS"); do
    printf '\nAn added line %s.\n' "$i" >>"$ONE"
    "$EX/tui_probe" --runs 1 -- $C | awk -F'[= ]' '/^median/ {print $3}'
done | median)
added=$(awk -v a="$changed" -v b="$warm_frame" 'BEGIN { printf "%.0f", a - b }')
row "one file changed: first frame (adds)" "$changed ms (+$added ms)" "" "" "+< 100 ms" "echo >> FILE; tui_probe -- carrel"

echo "finder ..." >&2
QUERIES=("zhou enlai" "chiang kai-shek" "port arthur" "khrushchev" "david aaron" "georgios antonakos")
$BIN --cache-dir "$CACHE" --corpus "$CORPUS" --gazetteer "$HSA" list >/dev/null 2>&1
$BIN --cache-dir "$CACHE" --corpus "$CORPUS" --gazetteer "$HSA" list >/dev/null 2>&1
fin=$("$EX/probe" finder --corpus "$CORPUS" --cache "$CACHE" --gazetteer "$HSA" "${QUERIES[@]}")
fin_med=$(echo "$fin" | sed -E 's/.*median_ms=([0-9.]+).*/\1/')
fin_worst=$(echo "$fin" | sed -E 's/.*worst_ms=([0-9.]+).*/\1/')
fin_names=$(echo "$fin" | sed -E 's/.*names=([0-9]+).*/\1/')
row "finder, per keystroke, in process ($fin_names names; worst $fin_worst ms)" "$fin_med ms" "" "" "< 5 ms" "probe finder --gazetteer hsa-people.tsv"
"$EX/probe" names --corpus "$CORPUS" --cache "$CACHE" --gazetteer "$HSA" >"$WORK/names.txt"
who_t=$(for q in "${QUERIES[@]}"; do rep "$RUNS" $BIN --cache-dir "$CACHE" --corpus "$CORPUS" --gazetteer "$HSA" who "$q"; done | median)
fzf_t=$(for q in "${QUERIES[@]}"; do rep "$RUNS" sh -c "fzf --filter '$q' < '$WORK/names.txt'"; done | median)
row "finder as a whole process (\`who\` vs \`fzf --filter\`)" "$who_t ms" "$fzf_t ms" "$(ratio "$fzf_t" "$who_t")" "" "carrel who Q / fzf --filter Q < names"

echo "full-text search ..." >&2
SQ=("Antonakos" "Dairen" "Lüshun" "Quemoy" "joint administration" "Sakhalin")
$C search Antonakos >/dev/null 2>&1
$C search Antonakos >/dev/null 2>&1
car_all=()
rg_all=()
for q in "${SQ[@]}"; do
    case "$q" in *" "*) cq="\"$q\"" ;; *) cq="$q" ;; esac
    for _ in $(seq "$RUNS"); do car_all+=("$(ms $C search "$cq")"); done
    for _ in $(seq "$RUNS"); do rg_all+=("$(ms rg -i -F -g '*.md' -g '*.txt' "$q" "$CORPUS")"); done
done
s_med=$(printf '%s\n' "${car_all[@]}" | median)
s_max=$(printf '%s\n' "${car_all[@]}" | maxof)
r_med=$(printf '%s\n' "${rg_all[@]}" | median)
r_max=$(printf '%s\n' "${rg_all[@]}" | maxof)
row "full-text search, median of ${#SQ[@]} queries" "$s_med ms" "$r_med ms" "$(ratio "$r_med" "$s_med")" "< 20 ms, ≥ 10x rg" "carrel search Q / rg -i -F Q"
row "full-text search, worst" "$s_max ms" "$r_max ms" "$(ratio "$r_max" "$s_max")" "" "carrel search Q / rg -i -F Q"

echo "render ..." >&2
rend=$("$EX/probe" render --corpus "$CORPUS" --cache "$CACHE")
r_frame=$(echo "$rend" | sed -E 's/.*frame_ms=([0-9.]+) .*/\1/')
r_first=$(echo "$rend" | sed -E 's/.*first_frame_ms=([0-9.]+).*/\1/')
r_doc=$(echo "$rend" | sed -E 's/.*bytes=([0-9]+).*/\1/')
row "frame of the longest document ($r_doc bytes) at 200x60, moving (first: $r_first ms)" "$r_frame ms" "" "" "< 4 ms" "probe render"

echo "memory ..." >&2
mem_list=$(for _ in $(seq "$RUNS"); do /usr/bin/time -f %M $C list 2>&1 >/dev/null | tail -1; done | median)
mem_tui=$("$EX/tui_probe" --runs 3 --open 100 -- $C | awk -F'[= ]' '/^median/ {print $5}')
limit=$((BYTES * 2 / 1024))
row "peak memory, \`list\`" "$((mem_list / 1024)) MB" "" "" "< $((limit / 1024)) MB" "/usr/bin/time -f %M carrel list"
row "peak memory, reading room opening 100 documents" "$((mem_tui / 1024)) MB" "" "" "< $((limit / 1024)) MB" "tui_probe --open 100 -- carrel"

echo
echo "$N documents in $FILES files, $((BYTES / 1000000)) MB; $(nproc) cores; $(date -u +%Y-%m-%d)"
echo
echo "| measure | carrel | peer | peer / carrel | target | command |"
echo "|---|---:|---:|---:|---|---|"
printf '%s\n' "${ROWS[@]}"
