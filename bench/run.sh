#!/usr/bin/env bash
# dateline against SQLite FTS5 (and grep), in one run: corpora, builds, whole-process queries, a side-by-side table
# and PASS/FAIL per target of issue 6. See bench/README.md.
#
#   bench/run.sh            # the real Reuters corpus (19,043 articles) and a scaled one of 500,000
#   bench/run.sh --quick    # the real corpus and a scaled one of 50,000, fewer runs: for iterating
#
# Everything generated lives outside the repository (Reuters-21578 is for research use only): corpora are cached
# under $OUT/corpora, each run's raw numbers go to $OUT/runs/<time>/ and $OUT/latest points at the last one.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$REPO/bench"

OUT=${BENCH_DIR:-/tmp/dateline-bench}
REUTERS=${REUTERS_DIR:-$REPO/../shared/corpora/reuters21578}
SIZE=500000
QUICK=0
BIN=""
WARMUP=3
MIN_RUNS=20
BUILD_RUNS=3
FLAT=1

usage() {
    cat <<EOF
Usage: bench/run.sh [options]

  --quick           scaled corpus of 50,000 articles, fewer runs, no flatness build (for iterating)
  --size N          articles in the scaled corpus (default 500000)
  --bin PATH        the dateline binary to measure (default: cargo build --release, then use it)
  --out DIR         where corpora, indexes and results go (default \$BENCH_DIR or /tmp/dateline-bench)
  --reuters DIR     the Reuters-21578 SGML folder (default \$REUTERS_DIR or ../shared/corpora/reuters21578)
  --runs N          minimum hyperfine runs per query (default 20)
  --build-runs N    builds per tool and corpus, alternating, medians reported (default 3, --quick 1)
  --no-flat         skip the extra builds on a quarter and a half of the scaled corpus (memory flatness check)
  -h, --help        this help

Outputs: \$OUT/latest/report.md (the table), results.json and results.csv (every figure), and the raw
hyperfine JSON and /usr/bin/time -v logs beside them.
EOF
}

die() {
    echo "bench: $*" >&2
    exit 2
}
say() { echo "bench: $*" >&2; }

while (($#)); do
    case "$1" in
    --quick) QUICK=1 ;;
    --size) SIZE=${2:?--size needs a number}; shift ;;
    --bin) BIN=${2:?--bin needs a path}; shift ;;
    --out) OUT=${2:?--out needs a folder}; shift ;;
    --reuters) REUTERS=${2:?--reuters needs a folder}; shift ;;
    --runs) MIN_RUNS=${2:?--runs needs a number}; shift ;;
    --build-runs) BUILD_RUNS=${2:?--build-runs needs a number}; shift ;;
    --no-flat) FLAT=0 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
    esac
    shift
done
if ((QUICK)); then
    # An explicit --size wins over the quick default.
    [[ $SIZE == 500000 ]] && SIZE=50000
    WARMUP=2
    MIN_RUNS=5
    BUILD_RUNS=1
    FLAT=0
fi
if ! [[ $BUILD_RUNS =~ ^[1-9][0-9]*$ ]]; then die "--build-runs must be a positive number"; fi
if ! [[ $SIZE =~ ^[0-9]+$ ]] || ((SIZE < 1000)); then die "--size must be a number of at least 1000"; fi
[[ -d $REUTERS ]] || die "no Reuters-21578 at $REUTERS: pass --reuters DIR or set REUTERS_DIR"

# --- tools -----------------------------------------------------------------------------------------------------
install_pkg() {
    # Fresh machines lack hyperfine; install it rather than fail, as root or through sudo.
    local sudo=""
    ((EUID == 0)) || sudo="sudo"
    say "installing $*"
    $sudo apt-get install -y "$@" >/dev/null 2>&1 ||
        { $sudo apt-get update >/dev/null 2>&1 && $sudo apt-get install -y "$@" >/dev/null; } ||
        die "cannot install $*; install it and run again"
}
command -v hyperfine >/dev/null || install_pkg hyperfine
[[ -x /usr/bin/time ]] || install_pkg time
command -v sqlite3 >/dev/null || install_pkg sqlite3
command -v python3 >/dev/null || die "python3 is needed"
sqlite3 :memory: "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter')" 2>/dev/null ||
    die "this sqlite3 has no FTS5"

if [[ -z $BIN ]]; then
    say "building dateline (cargo build --release)"
    (cd "$REPO" && cargo build --release --quiet) || die "cargo build failed"
    BIN="${CARGO_TARGET_DIR:-$REPO/target}/release/dateline"
fi
[[ -x $BIN ]] || die "no dateline binary at $BIN"
BIN=$(realpath "$BIN")

# --- run folder and machine ------------------------------------------------------------------------------------
mkdir -p "$OUT/corpora" "$OUT/runs"
OUT=$(realpath "$OUT")
RUN="$OUT/runs/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN"
ln -sfn "$RUN" "$OUT/latest"
say "results go to $RUN"

commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$REPO" status --porcelain --untracked-files=no 2>/dev/null) ]]; then commit="$commit+dirty"; fi
python3 - "$RUN/machine.json" "$commit" "$BIN" "$SIZE" "$QUICK" <<'EOF'
import json, os, platform, subprocess, sys
def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((int(l.split()[1]) // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
json.dump({
    "commit": sys.argv[2], "binary": sys.argv[3], "scaled_size": int(sys.argv[4]), "quick": sys.argv[5] == "1",
    "nproc": os.cpu_count(), "cpu": cpu, "mem_mb": mem, "kernel": platform.release(),
    "loadavg_start": open("/proc/loadavg").read().split()[:3],
    "dateline": sh(sys.argv[3], "--version"), "sqlite3": sh("sqlite3", "--version").split(" ")[0],
    "python": platform.python_version(), "hyperfine": sh("hyperfine", "--version"),
}, open(sys.argv[1], "w"), indent=1)
EOF

# --- corpora ---------------------------------------------------------------------------------------------------
say "corpora (generated once, then cached in $OUT/corpora)"
REAL=$(python3 "$BENCH/make_corpus.py" --reuters "$REUTERS" --out "$OUT/corpora" --size 0 | tail -n1)
SCALED=$(python3 "$BENCH/make_corpus.py" --reuters "$REUTERS" --out "$OUT/corpora" --size "$SIZE" | tail -n1)

# --- measuring -------------------------------------------------------------------------------------------------
WORK="$OUT/work"
mkdir -p "$WORK"
BUILDS="$RUN/builds.tsv"
printf 'corpus\ttool\tvariant\trun\ttime_log\tsize_bytes\tfiles\tinput_bytes\tindex\n' >"$BUILDS"

# Joins arguments into one POSIX-quoted command line, the form hyperfine -N splits again.
shjoin() { python3 -c 'import shlex, sys; print(shlex.join(sys.argv[1:]))' "$@"; }

files_of() { find -L "$1" -name '*.txt' -type f | wc -l; }
bytes_of() { find -L "$1" -name '*.txt' -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }

# Every build reads a corpus the page cache already holds, so that both tools are timed on the same footing.
warm() { find "$1" -name '*.txt' -type f -print0 | xargs -0 cat >/dev/null; }

# build_one CORPUS_LABEL TOOL VARIANT RUN CORPUS_DIR TARGET -- command...
build_one() {
    local label=$1 tool=$2 variant=$3 run=$4 corpus=$5 target=$6
    shift 7
    local base="$RUN/$label/build-$tool-$variant-$run"
    rm -rf "$target"
    say "  $tool ($variant) on $label, run $run"
    /usr/bin/time -v -o "$base.time" "$@" >"$base.out" 2>&1 || die "$tool build failed: see $base.out"
    local size
    size=$(du -sb "$target" | cut -f1)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$tool" "$variant" "$run" "$base.time" "$size" \
        "$(files_of "$corpus")" "$(bytes_of "$corpus")" "$target" >>"$BUILDS"
}

bench_corpus() {
    local label=$1 corpus=$2
    local idx="$WORK/$label.dateline" db="$WORK/$label.sqlite"
    mkdir -p "$RUN/$label/queries"
    say "building on $label ($(files_of "$corpus") files)"
    # Alternating the tools spreads a busy moment of the machine over both; the report takes medians.
    local r
    for ((r = 1; r <= BUILD_RUNS; r++)); do
        warm "$corpus"
        build_one "$label" sqlite default "$r" "$corpus" "$db" -- \
            python3 "$BENCH/sqlite_fts.py" build --corpus "$corpus" --meta "$corpus.meta.tsv" --db "$db"
        warm "$corpus"
        build_one "$label" dateline default "$r" "$corpus" "$idx" -- \
            "$BIN" rebuild --corpus "$corpus" --index "$idx"
    done
    if [[ $label == scaled ]]; then
        # What enrichment costs: the same build without dates and places (hidden flags).
        build_one "$label" dateline no-enrichment 1 "$corpus" "$WORK/$label.plain" -- \
            "$BIN" rebuild --corpus "$corpus" --index "$WORK/$label.plain" --no-dates --no-places
        rm -rf "$WORK/$label.plain"
        if ((FLAT)); then
            # Memory must not grow with the corpus: build its first quarter and first half (its first folders,
            # linked) and compare. A quarter does not fill the writer's budget; the half and the whole do.
            local part frac dir n i folders
            # No `| head` under pipefail: a writer killed by SIGPIPE would end the whole run.
            mapfile -t folders < <(find "$corpus" -mindepth 1 -maxdepth 1 -type d | sort)
            n=${#folders[@]}
            for part in quarter:4 half:2; do
                frac=${part#*:}
                part=${part%:*}
                dir="$WORK/$part"
                rm -rf "$dir"
                mkdir -p "$dir"
                for ((i = 0; i < (n + frac - 1) / frac; i++)); do
                    ln -s "${folders[i]}" "$dir/"
                done
                build_one "$label" dateline "$part" 1 "$dir" "$WORK/$label.$part" -- \
                    "$BIN" rebuild --corpus "$dir" --index "$WORK/$label.$part"
                rm -rf "$WORK/$label.$part"
            done
        fi
    fi

    say "queries on $label"
    python3 "$BENCH/sqlite_fts.py" check --bin "$BIN" --index "$idx" --db "$db" --out "$RUN/$label/hits.json"
    local name qlabel dcmd scmd
    while IFS=$'\t' read -r name qlabel dcmd scmd; do
        say "  $qlabel"
        # -N: no shell in between, the process is the whole cost. -i: dateline exits 1 when nothing matched.
        hyperfine -N -i --style none --warmup "$WARMUP" --min-runs "$MIN_RUNS" \
            --export-json "$RUN/$label/queries/$name.json" \
            -n dateline "$dcmd" -n sqlite "$scmd" >"$RUN/$label/queries/$name.txt" 2>&1 ||
            die "hyperfine failed on $name: see $RUN/$label/queries/$name.txt"
    done < <(python3 "$BENCH/sqlite_fts.py" commands --bin "$BIN" --index "$idx" --db "$db")

    if [[ $label == real ]]; then
        say "  grep baseline (one word, whole folder)"
        local cmds=(-n "dateline search" "$(shjoin "$BIN" search oil --index "$idx" --format jsonl)"
            -n "grep -rli" "$(shjoin grep -rli oil "$corpus")")
        if command -v rg >/dev/null; then cmds+=(-n "rg -li" "$(shjoin rg -li oil "$corpus")"); fi
        hyperfine -N -i --style none --warmup "$WARMUP" --min-runs 10 \
            --export-json "$RUN/$label/grep.json" "${cmds[@]}" >"$RUN/$label/grep.txt" 2>&1 ||
            die "hyperfine failed on the grep baseline"
    else
        say "  SQLite through python3 instead of the sqlite3 shell (which one is the faster fair option)"
        local sql py
        sql=$(python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import sqlite_fts as s; print(s.QUERIES[0]["sql"])' "$BENCH")
        py='import sqlite3, sys; c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True); print(c.execute(sys.argv[2]).fetchall())'
        hyperfine -N --style none --warmup "$WARMUP" --min-runs 10 --export-json "$RUN/$label/sqlite-client.json" \
            -n "sqlite3 shell" "$(shjoin sqlite3 -init /dev/null -readonly -batch "$db" "$sql")" \
            -n "python3 sqlite3" "$(shjoin python3 -c "$py" "$db" "$sql")" \
            >"$RUN/$label/sqlite-client.txt" 2>&1 || die "hyperfine failed on the sqlite client comparison"
    fi
}

bench_corpus real "$REAL"
bench_corpus scaled "$SCALED"

python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); m["loadavg_end"] = open("/proc/loadavg").read().split()[:3]; json.dump(m, open(sys.argv[1], "w"), indent=1)' "$RUN/machine.json"
python3 "$BENCH/report.py" "$RUN"
