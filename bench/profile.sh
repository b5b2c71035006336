#!/usr/bin/env bash
# Where dateline's time goes: a CPU profile of a rebuild of the real Reuters corpus and of repeated runs of the
# queries of the benchmark, summed into named costs by bench/perf_breakdown.py. Run bench/run.sh first: this
# reuses its corpora and its scaled index.
#
#   bench/profile.sh [--bin PATH] [--out DIR] [--runs N]
#
# Writes $OUT/profile/<time>/: *.perf.data, *.breakdown.md, and phases.md (wall-clock split of a query process by
# what it does: start, open, search, stored documents and snippets).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$REPO/bench"
OUT=${BENCH_DIR:-/tmp/dateline-bench}
BIN=""
RUNS=200

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
    -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
    *) die "unknown option: $1" ;;
    esac
    shift
done

if [[ -z $BIN ]]; then
    (cd "$REPO" && cargo build --release --quiet) || die "cargo build failed"
    BIN="${CARGO_TARGET_DIR:-$REPO/target}/release/dateline"
fi
BIN=$(realpath "$BIN")
REAL="$OUT/corpora/reuters-real"
INDEX=$(find "$OUT/work" -maxdepth 1 -name 'scaled.dateline' -type d | head -n1)
[[ -d $REAL && -n $INDEX ]] || die "no corpus or scaled index under $OUT: run bench/run.sh first"
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
    say "rebuild of $REAL under perf"
    rm -rf "$PROF/idx"
    perf record -q -e cpu-clock -F 1999 --call-graph dwarf,32768 -o "$PROF/rebuild.perf.data" -- \
        "$BIN" rebuild --corpus "$REAL" --index "$PROF/idx" --quiet
    breakdown "$PROF/rebuild.perf.data" build >"$PROF/rebuild.breakdown.md"
    rm -rf "$PROF/idx"
else
    sub="$PROF/subset"
    mkdir -p "$sub"
    find "$REAL" -name '*.txt' | sort | head -n 2000 | while read -r f; do ln -s "$f" "$sub/"; done
    valgrind --tool=callgrind --callgrind-out-file="$PROF/rebuild.callgrind" \
        "$BIN" rebuild --corpus "$sub" --index "$PROF/idx" --quiet
    callgrind_annotate --inclusive=yes "$PROF/rebuild.callgrind" | head -n 60 >"$PROF/rebuild.breakdown.md"
    rm -rf "$PROF/idx" "$sub"
fi
cat "$PROF/rebuild.breakdown.md"

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
