#!/usr/bin/env bash
# Where dateline's time and memory go. Run bench/run.sh first: this reuses its corpora and its scaled index.
#
#   bench/profile.sh [--bin PATH] [--out DIR] [--runs N] [--corpus real|scaled] [--massif]
#
# 1. CPU profile of a rebuild (perf, summed into named costs by bench/perf_breakdown.py): rebuild.breakdown.md
# 2. memory timeline of the same rebuild: heap vs mapped files, and segments on disk (bench/memwatch.py): memory.csv
# 3. with --massif, the heap at its peak by owner (valgrind massif, bench/heap_breakdown.py; ~10 min for 500k)
# 4. CPU profile of each benchmark query, split by phase of the process: <query>.breakdown.md
# 5. wall-clock phases of a query process (hyperfine): phases.md
# Everything goes to $OUT/profile/<time>/.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$REPO/bench"
OUT=${BENCH_DIR:-/tmp/dateline-bench}
BIN=""
RUNS=200
WHICH=scaled
MASSIF=0

die() {
    echo "profile: $*" >&2
    exit 2
}
say() { echo "profile: $*" >&2; }

while (($#)); do
    case "$1" in
    --bin) BIN=${2:?--bin needs a path}; shift ;;
    --out) OUT=${2:?--out needs a folder}; shift ;;
    --runs) RUNS=${2:?--runs needs a number}; shift ;;
    --corpus) WHICH=${2:?--corpus needs real or scaled}; shift ;;
    --massif) MASSIF=1 ;;
    -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
    *) die "unknown option: $1" ;;
    esac
    shift
done

if [[ -z $BIN ]]; then
    (cd "$REPO" && cargo build --release --quiet) || die "cargo build failed"
    BIN="${CARGO_TARGET_DIR:-$REPO/target}/release/dateline"
fi
BIN=$(realpath "$BIN")
case $WHICH in
real) CORPUS="$OUT/corpora/reuters-real" ;;
scaled) CORPUS=$(find "$OUT/corpora" -maxdepth 1 -name 'scaled-*' -type d | sort -t- -k2 -n | tail -n1) ;;
*) die "--corpus takes real or scaled" ;;
esac
INDEX="$OUT/work/scaled.dateline"
[[ -d $CORPUS && -d $INDEX ]] || die "no corpus or scaled index under $OUT: run bench/run.sh first"
command -v hyperfine >/dev/null || die "hyperfine is needed (bench/run.sh installs it)"
PROF="$OUT/profile/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$PROF"
say "results go to $PROF"

# perf needs a sampling event; virtual machines without hardware counters still have the cpu-clock timer.
if perf record -e cpu-clock -o /dev/null -- true >/dev/null 2>&1; then
    PERF=1
else
    PERF=0
    command -v valgrind >/dev/null || die "neither perf nor valgrind works here"
    say "perf does not work here: falling back to callgrind on 2,000 articles"
fi

breakdown() {
    local data=$1 mode=$2
    perf script -i "$data" -F comm,tid,period,ip,sym 2>/dev/null |
        python3 "$BENCH/perf_breakdown.py" --mode "$mode" --top 30
}

# --- rebuild ---------------------------------------------------------------------------------------------------
if ((PERF)); then
    say "rebuild of $CORPUS under perf"
    rm -rf "$PROF/idx"
    # A low rate and 8 KB stacks keep a 500,000-article recording near 250 MB; leaf frames are what is summed.
    perf record -q -e cpu-clock -F 250 --call-graph dwarf,8192 -o "$PROF/rebuild.perf.data" -- \
        "$BIN" rebuild --corpus "$CORPUS" --index "$PROF/idx" --quiet
    breakdown "$PROF/rebuild.perf.data" build >"$PROF/rebuild.breakdown.md"
    rm -rf "$PROF/idx" "$PROF/rebuild.perf.data"
else
    sub="$PROF/subset"
    mkdir -p "$sub"
    find "$CORPUS" -name '*.txt' | sort | head -n 2000 | while read -r f; do ln -s "$f" "$sub/"; done
    valgrind --tool=callgrind --callgrind-out-file="$PROF/rebuild.callgrind" \
        "$BIN" rebuild --corpus "$sub" --index "$PROF/idx" --quiet
    callgrind_annotate --inclusive=yes "$PROF/rebuild.callgrind" | head -n 60 >"$PROF/rebuild.breakdown.md"
    rm -rf "$PROF/idx" "$sub"
fi
cat "$PROF/rebuild.breakdown.md"

say "memory timeline of a rebuild (heap vs mapped files, segments on disk)"
rm -rf "$PROF/idx"
python3 "$BENCH/memwatch.py" --every 0.25 --index "$PROF/idx" --csv "$PROF/memory.csv" -- \
    "$BIN" rebuild --corpus "$CORPUS" --index "$PROF/idx" --quiet 2>&1 | tee "$PROF/memory.md"
rm -rf "$PROF/idx"

if ((MASSIF)); then
    say "heap at its peak (valgrind massif; slow)"
    valgrind --tool=massif --massif-out-file="$PROF/massif.out" --threshold=0.5 --max-snapshots=60 \
        "$BIN" rebuild --corpus "$CORPUS" --index "$PROF/idx" --quiet 2>/dev/null
    python3 "$BENCH/heap_breakdown.py" "$PROF/massif.out" | tee "$PROF/heap.md"
    rm -rf "$PROF/idx"
fi

# --- queries ---------------------------------------------------------------------------------------------------
# Each query process lives a few milliseconds: profile many in a row, as one recording.
while IFS=$'\t' read -r name label dcmd _; do
    ((PERF)) || break
    say "query $label: $RUNS runs under perf"
    script="$PROF/$name.sh"
    # The $(seq) is for the generated script to expand, not this one.
    # shellcheck disable=SC2016
    printf 'for _ in $(seq %d); do %s >/dev/null; done\n' "$RUNS" "$dcmd" >"$script"
    perf record -q -e cpu-clock -F 20000 --call-graph dwarf,16384 -o "$PROF/$name.perf.data" -- \
        bash "$script" 2>/dev/null || true
    {
        echo "## $label"
        # Only dateline's own samples: the shell loop is not part of a query.
        perf script -i "$PROF/$name.perf.data" --comms dateline -F comm,tid,period,ip,sym 2>/dev/null |
            python3 "$BENCH/perf_breakdown.py" --mode query --top 20
    } >"$PROF/$name.breakdown.md"
    cat "$PROF/$name.breakdown.md"
    # The recordings are large and the breakdown keeps what matters.
    rm -f "$PROF/$name.perf.data"
done < <(python3 "$BENCH/sqlite_fts.py" commands --bin "$BIN" --index "$INDEX" --db /dev/null)

# --- wall-clock phases of a query process ------------------------------------------------------------------------
# Each step adds one piece of work to the one before; the differences of the medians are what that piece costs.
say "wall-clock phases of a query process"
hyperfine -N -i --style none --warmup 5 --min-runs 50 --export-json "$PROF/phases.json" \
    -n "process start (--version)" "$BIN --version" \
    -n "+ open index, parse, look up a missing word" "$BIN search zzzqqqx --index $INDEX --format jsonl" \
    -n "+ score all oil hits, count, no documents" "$BIN search oil --index $INDEX --format jsonl --limit 0" \
    -n "+ 1 stored document and snippet" "$BIN search oil --index $INDEX --format jsonl --limit 1" \
    -n "+ 10 stored documents and snippets" "$BIN search oil --index $INDEX --format jsonl --limit 10" \
    -n "facet count by country" "$BIN facets places --index $INDEX --format json" \
    -n "sqlite3 shell start (reference)" "sqlite3 -init /dev/null :memory: 'select 1'" >/dev/null 2>&1
python3 - "$PROF/phases.json" <<'EOF' | tee "$PROF/phases.md"
import json, sys
rows = json.load(open(sys.argv[1]))["results"]
print("| step | median ms | CPU ms (user+sys) |\n|---|---:|---:|")
for r in rows:
    print(f"| {r['command']} | {r['median'] * 1000:.2f} | {(r['user'] + r['system']) * 1000:.2f} |")
EOF
