#!/usr/bin/env python3
"""Date accuracy of dateline on the 295 Wikinews articles of 2019-2021, read as plain text WITHOUT their metadata.

Each article of ../shared/corpora/wikinews/wikinews_{2019,2020}.csv (header url,date,title,text) is written as
`a/NNNN.txt` holding its title, a blank line and its text: a path with no date in it, and no `Date:` header. The files
get an mtime that is never a gold day, so a date taken from the mtime is never right by chance. The binary then
builds an index and lists every article:

    dateline rebuild --corpus DIR --index DIR
    dateline search --index DIR --format jsonl --limit 1000000

and each article's `published` day (in UTC) is compared with the CSV `date` (the gold).

Figures, overall and over the articles whose text opens with a Wikinews date line ("Friday, January 4, 2019"):
  accuracy  share of articles whose published day is the gold day
  coverage  share of articles dated from evidence other than the mtime (metadata, path or text)

Exit status: 0, or 1 when a floor given by --min-accuracy / --min-lined-accuracy is not met, or 2 when the binary
fails. Without ../shared the script says so and exits 0, as the tests do. Python 3 standard library only.

    python3 scripts/eval_dates_wikinews.py --bin target/release/dateline --min-accuracy 0.59
"""

import argparse
import csv
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_SHARED = os.path.join(REPO, "..", "shared")
FILES = ("wikinews_2019.csv", "wikinews_2020.csv")

# The Wikinews date line, judged here without dateline's code: "Friday, January 4, 2019".
DATE_LINE = re.compile(
    r"^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, "
    r"(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}$"
)
# Every file's mtime: a day no article has as gold.
MTIME = dt.datetime(2001, 1, 1, 12, 0, 0, tzinfo=dt.timezone.utc).timestamp()
# A pinned clock, so that the not-in-the-future check does not depend on the day the script runs.
NOW = "2026-01-01T00:00:00Z"


def opens_with_date_line(text):
    for line in text.splitlines():
        line = line.strip()
        if line:
            return bool(DATE_LINE.match(line))
    return False


def read_articles(wikinews_dir):
    articles = []
    for name in FILES:
        with open(os.path.join(wikinews_dir, name), encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                articles.append(
                    {
                        "path": "a/%04d.txt" % (len(articles) + 1),
                        "gold": dt.date.fromisoformat(row["date"].strip()),
                        "title": row["title"].strip(),
                        "text": row["text"],
                        "lined": opens_with_date_line(row["text"]),
                    }
                )
    return articles


def write_corpus(articles, corpus):
    for a in articles:
        path = os.path.join(corpus, *a["path"].split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(a["title"] + "\n\n" + a["text"].strip("\n") + "\n")
        os.utime(path, (MTIME, MTIME))


def run(cmd, env):
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.stderr.write("eval_dates_wikinews: %s failed with status %d\n%s" % (" ".join(cmd), proc.returncode, proc.stderr))
        sys.exit(2)
    return proc.stdout


def published_day(value):
    """The UTC day of an RFC 3339 timestamp, or None."""
    if not value:
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.timezone.utc)
    return when.date()


def share(part, whole):
    return part / whole if whole else 0.0


def figures(rows):
    n = len(rows)
    right = sum(1 for r in rows if r["right"])
    covered = sum(1 for r in rows if r["covered"])
    return n, right, covered


def line(label, rows):
    n, right, covered = figures(rows)
    return "%-28s %3d articles  accuracy %5.1f%% (%d)  coverage %5.1f%% (%d)" % (
        label,
        n,
        100 * share(right, n),
        right,
        100 * share(covered, n),
        covered,
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=os.path.join("target", "release", "dateline"), help="the dateline binary")
    ap.add_argument("--shared", default=DEFAULT_SHARED, help="the shared folder holding corpora/wikinews")
    ap.add_argument("--min-accuracy", type=float, help="fail below this overall accuracy (a fraction, e.g. 0.59)")
    ap.add_argument("--min-lined-accuracy", type=float, help="fail below this accuracy on articles opening with a date line")
    ap.add_argument("--keep", help="write the corpus and index under this folder and keep them")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every article not dated to its gold day")
    args = ap.parse_args()

    wikinews = os.path.join(args.shared, "corpora", "wikinews")
    if not all(os.path.isfile(os.path.join(wikinews, f)) for f in FILES):
        print("skipping: ../shared not found (%s has no %s)" % (wikinews, " / ".join(FILES)))
        return 0
    binary = os.path.abspath(args.bin)
    if not os.access(binary, os.X_OK):
        sys.stderr.write("eval_dates_wikinews: no binary at %s (build it, or pass --bin)\n" % binary)
        return 2

    articles = read_articles(wikinews)
    with tempfile.TemporaryDirectory(prefix="dateline-wikinews-") as tmp:
        root = os.path.abspath(args.keep) if args.keep else tmp
        corpus, index = os.path.join(root, "corpus"), os.path.join(root, "index")
        os.makedirs(corpus, exist_ok=True)
        write_corpus(articles, corpus)
        env = dict(os.environ, DATELINE_NOW=NOW)
        run([binary, "rebuild", "--corpus", corpus, "--index", index], env)
        out = run([binary, "search", "--index", index, "--format", "jsonl", "--limit", "1000000"], env)

    found = {}
    for k, text in enumerate(out.splitlines(), 1):
        if not text.strip():
            continue
        try:
            hit = json.loads(text)
        except ValueError as e:
            sys.stderr.write("eval_dates_wikinews: line %d of the search output is not JSON: %s\n" % (k, e))
            return 2
        found[hit.get("path") or hit.get("id")] = hit

    rows = []
    for a in articles:
        hit = found.get(a["path"])
        day = published_day(hit.get("published")) if hit else None
        source = hit.get("date_source") if hit else None
        rows.append(
            dict(
                a,
                day=day,
                source=source,
                missing=hit is None,
                right=day == a["gold"],
                covered=day is not None and source not in (None, "mtime"),
            )
        )

    missing = sum(1 for r in rows if r["missing"])
    print("Wikinews 2019-2021 as plain text without metadata (%s)" % ", ".join(FILES))
    print(line("all", rows))
    print(line("opening with a date line", [r for r in rows if r["lined"]]))
    print(line("without a date line", [r for r in rows if not r["lined"]]))
    if missing:
        print("%d articles missing from the search output" % missing)
    if args.verbose:
        for r in rows:
            if not r["right"]:
                print(
                    "  %s gold %s got %s (%s)%s: %s"
                    % (r["path"], r["gold"], r["day"], r["source"], " [date line]" if r["lined"] else "", r["title"][:70])
                )

    failed = False
    n, right, _ = figures(rows)
    if args.min_accuracy is not None and share(right, n) < args.min_accuracy:
        print("FAIL: accuracy %.4f is below the floor %.4f" % (share(right, n), args.min_accuracy))
        failed = True
    lined = [r for r in rows if r["lined"]]
    n, right, _ = figures(lined)
    if args.min_lined_accuracy is not None and share(right, n) < args.min_lined_accuracy:
        print("FAIL: date-line accuracy %.4f is below the floor %.4f" % (share(right, n), args.min_lined_accuracy))
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
