#!/usr/bin/env bash
# scripts/bench.sh [N...] — for each N (default 10000), generate a corpus of N documents
# (gen_corpus --seed 1) and measure carrel as whole processes (start-up and loading included),
# side by side with rg and fzf on the same files. Every figure is the median of RUNS runs
# (default 11) after one warm-up, shown with its min and max; cold runs (the cache deleted)
# are COLD_RUNS (default 3). Each ratio is measured in the same run, pair by pair.
#
#   scripts/bench.sh                  # 10,000 documents, about 110 MB
#   scripts/bench.sh 1000 10000 100000
#   RUNS=5 COLD_RUNS=1 scripts/bench.sh 100000
#
# Results: one Markdown table per N on stdout, and docs/bench/N.tsv; with gnuplot, the plot of
# time against N of every docs/bench/*.tsv (log-log) in docs/bench-scaling.png.
# The corpus and caches live in BENCH_DIR (default /tmp/carrel-bench-N) and are kept between
# runs; delete it to start again. The load of the machine is printed with the results. A
# search's watcher (see the README) ends by itself when its cache is deleted.
set -euo pipefail

[ $# -eq 0 ] && set -- 10000
RUNS=${RUNS:-11}
COLD_RUNS=${COLD_RUNS:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
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
        command -v "$1" >/dev/null 2>&1 || { echo "bench.sh: cannot install $2" >&2; return 1; }
    fi
}
need rg ripgrep
need fzf fzf
need gnuplot gnuplot-nox || echo "bench.sh: no gnuplot, no plot" >&2

echo "building ..." >&2
cargo build --release --quiet
cargo build --release --quiet --examples
BIN=$ROOT/target/release/carrel
EX=$ROOT/target/release/examples
mkdir -p "$ROOT/docs/bench"

now() { date +%s%N; }
# ms CMD...: run once, print milliseconds (with a fraction).
ms() {
    local s e
    s=$(now)
    "$@" >/dev/null 2>&1 || true
    e=$(now)
    awk -v d=$((e - s)) 'BEGIN { printf "%.1f\n", d / 1000000 }'
}
# stats: "median min max" of numbers on stdin.
stats() { sort -g | awk '{a[NR]=$1} END {printf "%s %s %s\n", a[int((NR+1)/2)], a[1], a[NR]}'; }
med() { echo "$1" | cut -d' ' -f1; }
span() { echo "$1" | awk '{printf "%s ms (%s–%s)", $1, $2, $3}'; }
# rep K CMD...: one warm-up, then K runs, one figure per line.
rep() {
    local k=$1
    shift
    "$@" >/dev/null 2>&1 || true
    for _ in $(seq "$k"); do ms "$@"; done
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }'; }
probe_ms() { awk -F'[= ]' '/^median/ {print $3}'; }

bench_one() {
    local N=$1
    local WORK=${BENCH_DIR:-/tmp/carrel-bench-$N}
    local CORPUS=$WORK/corpus CACHE=$WORK/cache DATA=$WORK/data
    local TSV=$ROOT/docs/bench/$N.tsv
    mkdir -p "$WORK"
    if [ ! -d "$CORPUS" ]; then
        echo "generating $N documents ..." >&2
        "$EX/gen_corpus" --docs "$N" --out "$CORPUS" --seed 1 >&2
    fi
    # Let the files age a little: a file modified within a second before carrel hashed it is
    # hashed again on the next start (its time could hide an edit).
    sleep 1.2
    local BYTES FILES
    BYTES=$(find "$CORPUS" \( -name '*.md' -o -name '*.txt' \) -printf '%s\n' | awk '{s+=$1} END {print s}')
    FILES=$(find "$CORPUS" \( -name '*.md' -o -name '*.txt' \) | wc -l)
    local C="$BIN --cache-dir $CACHE --data-dir $DATA --corpus $CORPUS"
    local ROWS=()
    : >"$TSV"
    row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 | \`$6\` |"); }
    tsv() { printf '%s\t%s\t%s\t%s\n' "$N" "$1" "$2" "${3:-}" >>"$TSV"; }

    echo "[$N] cold ingest ..." >&2
    local cold cold_frame cold_all mem_cold
    cold_frame=$(for _ in $(seq "$COLD_RUNS"); do
        rm -rf "$CACHE"
        "$EX/tui_probe" --runs 1 -- $C | probe_ms
    done | stats)
    row "cold ingest to the first frame (pty; mentions and index after it)" "$(span "$cold_frame")" "" "" "≤ 3 s / ≤ 30 s" "rm -rf CACHE; tui_probe -- carrel"
    tsv cold_frame "$(med "$cold_frame")"
    cold_all=$(for _ in $(seq "$COLD_RUNS"); do
        rm -rf "$CACHE"
        ms $C search Antonakos
    done | stats)
    row "cold ingest, all of it (documents, mentions, full-text index)" "$(span "$cold_all")" "" "" "≤ 5 s / ≤ 60 s" "rm -rf CACHE; carrel search Antonakos"
    tsv cold_all "$(med "$cold_all")"
    rm -rf "$CACHE"
    mem_cold=$( (/usr/bin/time -f %M $C search Antonakos >/dev/null) 2>&1 | tail -1)
    row "peak memory, cold ingest and index" "$((mem_cold / 1024)) MB" "" "" "≤ $((BYTES / 1000000)) MB (the corpus)" "/usr/bin/time -f %M carrel search"
    tsv mem_cold "$((mem_cold / 1024))"

    # Warm: runs to trust the files' times, then measure.
    $C list >/dev/null 2>&1
    $C list >/dev/null 2>&1
    echo "[$N] warm start ..." >&2
    local warm_frame warm_list mem_list
    warm_frame=$("$EX/tui_probe" --runs "$RUNS" -- $C | awk -F'[= ]' '/^median/ {print $3}')
    row "warm start to the first frame (pty)" "$warm_frame ms" "" "" "≤ 100 ms / ≤ 300 ms" "tui_probe --runs $RUNS -- carrel"
    tsv warm_frame "$warm_frame"
    warm_list=$(rep "$RUNS" $C list --json | stats)
    row "\`list --json\`" "$(span "$warm_list")" "" "" "≤ 100 ms / ≤ 1 s" "carrel list --json"
    tsv list_json "$(med "$warm_list")"
    mem_list=$(for _ in $(seq 3); do /usr/bin/time -f %M $C list 2>&1 >/dev/null | tail -1; done | stats)
    row "peak memory, warm \`list\`" "$(($(med "$mem_list") / 1024)) MB" "" "" "≤ $((BYTES / 1000000)) MB" "/usr/bin/time -f %M carrel list"

    echo "[$N] one changed file ..." >&2
    local ONE changed added
    ONE=$(find "$CORPUS" -name '*.md' | sort | sed -n 1p)
    changed=$(for i in $(seq "$RUNS"); do
        printf '\nAn added line %s.\n' "$i" >>"$ONE"
        "$EX/tui_probe" --runs 1 -- $C | probe_ms
    done | stats)
    added=$(awk -v a="$(med "$changed")" -v b="$warm_frame" 'BEGIN { printf "%.0f", a - b }')
    row "one file changed: the first frame (adds)" "$(med "$changed") ms (+$added ms)" "" "" "+ ≤ 50 ms / + ≤ 100 ms" "echo >> FILE; tui_probe -- carrel"
    tsv changed_adds "$added"
    $C list >/dev/null 2>&1
    sleep 1.2
    $C list >/dev/null 2>&1

    echo "[$N] finder ..." >&2
    local QUERIES=("zhou enlai" "chiang kai-shek" "port arthur" "khrushchev" "david aaron" "georgios antonakos")
    local G="$BIN --cache-dir $CACHE --data-dir $DATA --corpus $CORPUS --gazetteer $HSA"
    $G list >/dev/null 2>&1
    $G list >/dev/null 2>&1
    "$EX/probe" names --corpus "$CORPUS" --cache "$CACHE" --gazetteer "$HSA" >"$WORK/names.txt"
    local who_all=() fzf_all=()
    for q in "${QUERIES[@]}"; do
        mapfile -t a < <(rep "$RUNS" $G who "$q")
        who_all+=("${a[@]}")
        mapfile -t b < <(rep "$RUNS" sh -c "fzf --filter '$q' < '$WORK/names.txt'")
        fzf_all+=("${b[@]}")
    done
    local who_s fzf_s
    who_s=$(printf '%s\n' "${who_all[@]}" | stats)
    fzf_s=$(printf '%s\n' "${fzf_all[@]}" | stats)
    row "\`who Q\` with the HSA persons, median of ${#QUERIES[@]} queries" "$(span "$who_s")" "$(span "$fzf_s")" "$(ratio "$(med "$fzf_s")" "$(med "$who_s")")" "faster than fzf" "carrel who Q / fzf --filter Q < names"
    tsv who "$(med "$who_s")" "$(med "$fzf_s")"

    echo "[$N] full-text search ..." >&2
    local SQ=("Antonakos" "Dairen" "Lüshun" "Quemoy" "joint administration" "Sakhalin")
    $C search Antonakos >/dev/null 2>&1
    $C search Antonakos >/dev/null 2>&1
    local car_all=() rg_all=() worst_c=0 worst_r=0 worst_q="" per=()
    for q in "${SQ[@]}"; do
        local cq
        case "$q" in *" "*) cq="\"$q\"" ;; *) cq="$q" ;; esac
        mapfile -t a < <(rep "$RUNS" $C search "$cq")
        mapfile -t b < <(rep "$RUNS" rg -i -F -g '*.md' -g '*.txt' "$q" "$CORPUS")
        car_all+=("${a[@]}")
        rg_all+=("${b[@]}")
        local ca ra paras
        ca=$(printf '%s\n' "${a[@]}" | stats)
        ra=$(printf '%s\n' "${b[@]}" | stats)
        paras=$($C search "$cq" --limit 1000000 2>/dev/null | wc -l)
        per+=("| \`$cq\` | $paras | $(span "$ca") | $(span "$ra") | $(ratio "$(med "$ra")" "$(med "$ca")") |")
        if awk -v a="$(med "$ca")" -v b="$worst_c" 'BEGIN {exit !(a > b)}'; then
            worst_c=$(med "$ca")
            worst_r=$(med "$ra")
            worst_q=$cq
        fi
    done
    local s_all r_all
    s_all=$(printf '%s\n' "${car_all[@]}" | stats)
    r_all=$(printf '%s\n' "${rg_all[@]}" | stats)
    row "\`search Q\`, median of the ${#SQ[@]} queries" "$(span "$s_all")" "$(span "$r_all")" "$(ratio "$(med "$r_all")" "$(med "$s_all")")" "≤ 5 ms, ≥ 10x rg / ≤ 10 ms, ≥ 50x" "carrel search Q / rg -i -F Q"
    row "\`search Q\`, the worst query ($worst_q)" "$worst_c ms" "$worst_r ms" "$(ratio "$worst_r" "$worst_c")" "faster than rg" "the same"
    tsv search "$(med "$s_all")" "$(med "$r_all")"
    tsv search_worst "$worst_c" "$worst_r"
    # Without the watcher, every search states every file.
    local nw
    nw=$(for q in "${SQ[@]}"; do
        case "$q" in *" "*) q="\"$q\"" ;; esac
        rep 3 env CARREL_NO_WATCH=1 $C search "$q"
    done | stats)
    row "\`search Q\` without the watcher (every file stated), median" "$(span "$nw")" "" "" "" "CARREL_NO_WATCH=1 carrel search Q"
    tsv search_nowatch "$(med "$nw")"

    echo
    echo "N = $N: $N documents in $FILES files, $((BYTES / 1000000)) MB; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%d)"
    echo
    echo "| measure | carrel | peer | peer / carrel | target (10k / 100k) | command |"
    echo "|---|---:|---:|---:|---|---|"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "| query | paragraphs | carrel | rg | rg / carrel |"
    echo "|---|---:|---:|---:|---:|"
    printf '%s\n' "${per[@]}"
}

for N in "$@"; do
    bench_one "$N"
done

if command -v gnuplot >/dev/null 2>&1; then
    cat "$ROOT"/docs/bench/*.tsv >"/tmp/carrel-bench-all.tsv"
    pick() { awk -F'\t' -v m="$1" -v c="$2" '$2 == m && $c != "" {print $1, $c}' /tmp/carrel-bench-all.tsv | sort -n; }
    pick search 3 >/tmp/carrel-plot-search.dat
    pick search 4 >/tmp/carrel-plot-rg.dat
    pick who 3 >/tmp/carrel-plot-who.dat
    pick who 4 >/tmp/carrel-plot-fzf.dat
    pick search_worst 3 >/tmp/carrel-plot-worst.dat
    gnuplot <<EOF
set terminal pngcairo size 900,600 font ",11"
set output "$ROOT/docs/bench-scaling.png"
set logscale xy
set xlabel "documents (N)"
set ylabel "milliseconds, whole process (median)"
set title "carrel against rg and fzf as the corpus grows (scripts/bench.sh)"
set key top left
set grid
plot "/tmp/carrel-plot-search.dat" with linespoints lw 2 title "carrel search (median of 6 queries)", \
     "/tmp/carrel-plot-worst.dat" with linespoints lw 2 title "carrel search (worst query)", \
     "/tmp/carrel-plot-rg.dat" with linespoints lw 2 title "rg -i -F (median)", \
     "/tmp/carrel-plot-who.dat" with linespoints lw 2 title "carrel who (HSA persons)", \
     "/tmp/carrel-plot-fzf.dat" with linespoints lw 2 title "fzf --filter (same names)"
EOF
    echo "plot: docs/bench-scaling.png" >&2
fi
