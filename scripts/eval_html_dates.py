#!/usr/bin/env python3
"""HTML publication-date accuracy of dateline, measured through the real binary.

Copies the pages of a gold set (default ../shared/corpora/news-html-dev: pages/*.html + gold.json, file -> {date,
url}) into a temporary corpus under neutral names (page-001.html ...: the paths carry no date, so only the HTML can
date a page), runs `dateline rebuild`, then `dateline search --format jsonl` for every article, and compares the
day of each article's `published` (as printed: the first ten characters of the RFC 3339 value) with the gold day.
Pages whose gold date is null are left out, as in the reference figures (htmldate 1.11: 0.885 fast, 0.927
extensive).

    python3 scripts/eval_html_dates.py [--pages DIR] [--bin PATH] [--min-accuracy X] [--verbose] [--keep]

Exit status: 0 when the accuracy is at least --min-accuracy (or no floor is given), 1 below it, 2 when the
measurement could not run. A missing pages folder is not an error (a fresh clone has no ../shared): it says so and
exits 0.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fail(msg):
    print(f"eval_html_dates: {msg}", file=sys.stderr)
    sys.exit(2)


def run(cmd):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        fail(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr.strip()}")
    return proc


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", default=os.path.join(ROOT, "..", "shared", "corpora", "news-html-dev"),
                    help="folder with gold.json and pages/ (default: ../shared/corpora/news-html-dev)")
    ap.add_argument("--bin", default=os.environ.get("BIN", os.path.join(ROOT, "target", "release", "dateline")),
                    help="the dateline binary (default: $BIN or target/release/dateline)")
    ap.add_argument("--min-accuracy", type=float, default=None, help="exit 1 when the accuracy is below this")
    ap.add_argument("--verbose", "-v", action="store_true", help="list every page, not only the misses")
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpus and index, and print where")
    args = ap.parse_args()

    gold_path = os.path.join(args.pages, "gold.json")
    if not os.path.isfile(gold_path):
        print(f"eval_html_dates: {gold_path} not found; measurement skipped")
        return 0
    if not os.access(args.bin, os.X_OK):
        fail(f"no dateline binary at {args.bin} (cargo build --release, or pass --bin)")
    with open(gold_path, encoding="utf-8") as f:
        gold = json.load(f)

    tmp = tempfile.mkdtemp(prefix="dateline-html-eval-")
    try:
        corpus = os.path.join(tmp, "corpus")
        index = os.path.join(tmp, "index")
        os.makedirs(corpus)
        names = {}  # neutral corpus name -> gold file name
        for i, name in enumerate(sorted(gold), 1):
            src = os.path.join(args.pages, "pages", name)
            if not os.path.isfile(src):
                fail(f"gold.json names {name}, which is not in {args.pages}/pages")
            neutral = f"page-{i:03d}.html"
            shutil.copyfile(src, os.path.join(corpus, neutral))
            names[neutral] = name

        t0 = time.monotonic()
        run([args.bin, "rebuild", "--corpus", corpus, "--index", index, "--quiet"])
        ingest_secs = time.monotonic() - t0
        out = run([args.bin, "search", "--index", index, "--format", "jsonl", "--limit", "1000000"]).stdout

        published = {}
        for line in out.splitlines():
            if not line.strip():
                continue
            hit = json.loads(line)
            published[hit["path"]] = (hit.get("published"), hit.get("date_source"))

        dated = right = found = 0
        sources = {}
        for neutral, name in sorted(names.items(), key=lambda kv: kv[1]):
            want = gold[name].get("date")
            if want is None:
                continue
            dated += 1
            got, source = published.get(neutral, (None, None))
            # A file time is not evidence from the page: it counts as no date.
            day = got[:10] if got and source != "mtime" else None
            if day:
                found += 1
                sources[source] = sources.get(source, 0) + 1
            ok = day == want
            right += ok
            if args.verbose or not ok:
                print(f"{'ok  ' if ok else 'MISS'} {name} gold {want} got {day or '-'} ({source or 'not indexed'})")

        if dated == 0:
            fail("gold.json has no dated pages")
        acc = right / dated
        by_source = ", ".join(f"{k} {v}" for k, v in sorted(sources.items()))
        print(f"html dates: same-day accuracy {acc:.3f} ({right}/{dated}), coverage {found / dated:.3f} "
              f"[{by_source}]; rebuild of {len(names)} pages took {ingest_secs:.2f}s")
        if args.keep:
            print(f"kept corpus and index in {tmp}")
        if args.min_accuracy is not None and acc < args.min_accuracy:
            print(f"eval_html_dates: accuracy {acc:.3f} is below the floor {args.min_accuracy}", file=sys.stderr)
            return 1
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
