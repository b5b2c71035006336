"""Shared helpers of the place-extraction evaluations (python3 stdlib only).

Articles are geoparsed either through the real binary (`dateline rebuild` then `dateline search --format jsonl`),
or through the library harness `examples/eval_places.rs` (`--harness`, faster for tuning), or read from a JSONL
file made earlier (`--jsonl`). Every JSON line needs `path` (corpus-relative), `places` and `focus`.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def add_source_args(ap):
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--bin", help="dateline binary to run (rebuild + search); default target/release/dateline")
    g.add_argument("--harness", action="store_true", help="run the library harness (cargo example eval_places)")
    g.add_argument("--jsonl", help="score this JSONL output instead of running anything")


def run(args, corpus):
    """Returns ({path: record}, seconds spent) for the articles of `corpus`."""
    t0 = time.time()
    if args.jsonl:
        with open(args.jsonl, encoding="utf-8") as f:
            lines = f.read().splitlines()
    elif args.harness:
        cmd = ["cargo", "run", "--quiet", "--release", "--example", "eval_places", "--", corpus]
        out = subprocess.run(cmd, cwd=REPO, check=True, stdout=subprocess.PIPE, text=True)
        lines = out.stdout.splitlines()
    else:
        binary = default_binary(args)
        with tempfile.TemporaryDirectory() as index:
            done = subprocess.run([binary, "rebuild", "--corpus", corpus, "--index", index],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if done.returncode != 0:
                sys.stderr.write(done.stderr)
                sys.exit(f"{binary} rebuild failed (exit {done.returncode})")
            out = subprocess.run([binary, "search", "--index", index, "--format", "jsonl", "--limit", "1000000"],
                                 check=True, stdout=subprocess.PIPE, text=True)
            lines = out.stdout.splitlines()
    spent = time.time() - t0
    recs = {}
    for line in lines:
        line = line.strip()
        if not line:
            continue
        r = json.loads(line)
        recs[r["path"]] = r
    return recs, spent


def split_path(p):
    """'/Country/Region/City' -> ['Country', 'Region', 'City'] (a '\\/' inside a name is a slash)."""
    parts, cur, i = [], "", 0
    p = p.strip()
    while i < len(p):
        c = p[i]
        if c == "\\" and i + 1 < len(p) and p[i + 1] == "/":
            cur += "/"
            i += 2
            continue
        if c == "/":
            parts.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    parts.append(cur)
    return [x.strip() for x in parts if x.strip()]


class PRF:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def add(self, pred, gold):
        pred, gold = set(pred), set(gold)
        self.tp += len(pred & gold)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def p(self):
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    def r(self):
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def f(self):
        p, r = self.p(), self.r()
        return 2 * p * r / (p + r) if p + r else 0.0

    def fmt(self):
        return f"P {self.p():.3f}  R {self.r():.3f}  F1 {self.f():.3f}  (tp {self.tp}, fp {self.fp}, fn {self.fn})"


def gold_eval(set_name, gold_file, corpus_dir, doc, floor_levels=("country", "region", "city")):
    """The document-level evaluation shared by the hand-resolved dev sets (TR-News, LGL): micro P/R/F1 of the
    country, region and city sets of each article's `places` against the gold, with ancestors expanded, for the
    whole set and for its two halves (odd and even positions of the sorted file names: develop on one, check the
    other). `--errors` prints each article's false positives and negatives."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(REPO, "..", "shared", "corpora", "geoparsing-dev"),
                    help=f"folder with {corpus_dir}/ and {gold_file}")
    add_source_args(ap)
    ap.add_argument("--errors", action="store_true", help="print each article's false positives and negatives")
    ap.add_argument("--half", choices=("odd", "even"), help="print errors of this half only")
    for level in floor_levels + ("city15k",):
        ap.add_argument(f"--min-{level}-f1", type=float, default=None,
                        help=f"exit 1 when {level} F1 (whole set) is below this")
    args = ap.parse_args()
    if not os.path.isfile(os.path.join(args.data, gold_file)):
        print(f"skipped: no {set_name} gold data in {args.data} (it comes with ../shared)")
        return 0

    with open(os.path.join(args.data, gold_file), encoding="utf-8") as f:
        gold = json.load(f)["docs"]
    recs, spent = run(args, os.path.join(args.data, corpus_dir))

    levels = ("country", "region", "city", "city15k")
    scores = {h: {k: PRF() for k in levels} for h in ("all", "odd", "even")}
    missing = 0
    for pos, name in enumerate(sorted(gold)):
        half = "odd" if pos % 2 == 0 else "even"
        g = gold[name]
        r = recs.get(name)
        if r is None:
            missing += 1
        paths = [split_path(p) for p in (r or {}).get("places", [])]
        pc = {p[0] for p in paths if p}
        pr = {"/".join(p[:2]) for p in paths if len(p) >= 2}
        pct = {"/".join(p[:3]) for p in paths if len(p) >= 3}
        gc = {x.strip() for x in g["countries"]} | {x.split("/")[0] for x in g["admin1"] + g["cities"]}
        gr = set(g["admin1"]) | {"/".join(x.split("/")[:2]) for x in g["cities"]}
        for h in ("all", half):
            scores[h]["country"].add(pc, gc)
            scores[h]["region"].add(pr, gr)
            scores[h]["city"].add(pct, set(g["cities"]))
            scores[h]["city15k"].add(pct, set(g["cities15k"]))
        if args.errors and args.half in (None, half):
            for lvl, p_, g_ in (("country", pc, gc), ("region", pr, gr), ("city", pct, set(g["cities"]))):
                fp, fn = sorted(p_ - g_), sorted(g_ - p_)
                if fp or fn:
                    print(f"{name} {lvl}: FP {fp} FN {fn}")
    print(f"{set_name}: {len(gold)} articles ({missing} missing from the output), {spent:.1f} s")
    for k in levels:
        print(f"  {k:8} {scores['all'][k].fmt()}")
    for h in ("odd", "even"):
        print(f"  {h} half: " + "  ".join(f"{k} F1 {scores[h][k].f():.3f}" for k in levels))
    check_floors([(f"{k} F1", scores["all"][k].f(), getattr(args, f"min_{k}_f1")) for k in levels])
    return 0


def check_floors(floors):
    """floors: list of (name, value, floor or None). Exits 1 when any value is below its floor."""
    bad = [(n, v, f) for n, v, f in floors if f is not None and v < f]
    for n, v, f in bad:
        print(f"FAIL: {n} {v:.3f} is below the floor {f:.3f}", file=sys.stderr)
    if bad:
        sys.exit(1)


def default_binary(args):
    return args.bin or os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target")), "release",
                                    "dateline")


def ingest_seconds(binary, corpus, extra, reps):
    """(wall, cpu) seconds of `dateline rebuild` over `corpus`, each the smallest of `reps` runs. On a shared,
    busy machine the CPU time (user + system of the process) is the steadier measure of the work done."""
    import resource
    best_wall = best_cpu = None
    for _ in range(reps):
        with tempfile.TemporaryDirectory() as index:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run([binary, "rebuild", "--corpus", corpus, "--index", index] + extra, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wall = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best_wall = wall if best_wall is None else min(best_wall, wall)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
    return best_wall, best_cpu
