#!/usr/bin/env python3
"""Two rates the geoparser must keep low, measured on the 7,041 Wikinews articles of ../shared/corpora/wikinews/tosca
(global politics and economy news, 2004-2018; not a development set):

1. Famous places read as a namesake: of the articles whose text names a famous place (a country, a capital, a city
   of a million people or more, or a first-level region of five million or more, by its GeoNames name), the share
   whose `places` hold another place of that name ("Paris" read as Paris, Kentucky). Every such case is printed with
   --show, for a hand check: some are right (the article does mean London, Ontario).
2. Places from persons, brands and common words: --sample N prints the places of N articles drawn at random (seeded)
   with `dateline show --explain`, one line per name, to be judged by hand; the note of the run says how many of the
   sampled articles carry such a place.

    python3 scripts/eval_places_wikinews.py                       # rate 1, through target/release/dateline
    python3 scripts/eval_places_wikinews.py --show 40             # ... and the first 40 namesake cases
    python3 scripts/eval_places_wikinews.py --sample 100 --seed 11 > sample.txt   # for rate 2
    python3 scripts/eval_places_wikinews.py --max-namesake-rate 0.02             # CI floor: exit 1 above
"""

import argparse
import glob
import json
import os
import random
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _places_common import REPO, default_binary, split_path  # noqa: E402


def famous_places(geonames):
    """{name: set of famous paths of that name}: countries, capitals, cities of 1M+, regions of 5M+ (the region
    population is the sum of its cities', as the gazetteer computes it)."""
    countries, admin1 = {}, {}
    with open(os.path.join(geonames, "countryInfo.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            c = line.rstrip("\n").split("\t")
            if len(c) > 4 and len(c[0]) == 2:
                countries[c[0]] = c[4].strip()
    with open(os.path.join(geonames, "admin1CodesASCII.txt"), encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) > 1:
                admin1[c[0]] = c[1]
    famous = {}

    def add(name, path):
        famous.setdefault(name, set()).add(path)

    for name in countries.values():
        add(name, "/" + name)
    region_pop = {}
    with open(os.path.join(geonames, "cities15000.txt"), encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < 15 or c[8] not in countries:
                continue
            code, pop = c[7], int(c[14] or 0)
            region = admin1.get(f"{c[8]}.{c[10]}")
            if region and code != "PPLX":
                region_pop[(c[8], region)] = region_pop.get((c[8], region), 0) + pop
            if code in ("PPLH", "PPLQ", "PPLW", "PPLCH"):
                continue
            if (code == "PPLC" and pop >= 100_000) or pop >= 1_000_000:
                parts = [countries[c[8]]] + ([region] if region else []) + [c[1]]
                add(c[1], "/" + "/".join(parts))
    for (cc, region), pop in region_pop.items():
        if pop >= 5_000_000:
            add(region, f"/{countries[cc]}/{region}")
    # Names that are first of all something else in English text are left out of the count (not of the geoparser).
    for word in ("Of", "Chad", "Jordan", "Georgia", "Turkey", "Guinea", "Niger", "Mali", "Sudan", "Nice"):
        famous.pop(word, None)
    return famous


def articles(data):
    """(file name, record number from 1, title, text) of every JSON line of the corpus folder."""
    for path in sorted(glob.glob(os.path.join(data, "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                r = json.loads(line)
                yield os.path.basename(path), n, r.get("title") or "", r.get("text") or ""


def geoparse(binary, data, index):
    subprocess.run([binary, "rebuild", "--corpus", data, "--index", index], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = subprocess.run([binary, "search", "--index", index, "--format", "jsonl", "--limit", "1000000"],
                         check=True, stdout=subprocess.PIPE, text=True).stdout
    return {r["id"]: r for r in map(json.loads, filter(None, out.splitlines()))}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(REPO, "..", "shared", "corpora", "wikinews", "tosca"))
    ap.add_argument("--geonames", default=os.path.join(REPO, "..", "shared", "gazetteer", "geonames"))
    ap.add_argument("--bin", help="dateline binary (default target/release/dateline)")
    ap.add_argument("--show", type=int, default=0, help="print this many namesake cases")
    ap.add_argument("--sample", type=int, default=0, help="print the explained places of this many articles")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--max-namesake-rate", type=float, default=None)
    args = ap.parse_args()
    if not os.path.isdir(args.data):
        print(f"skipped: no Wikinews articles in {args.data} (they come with ../shared)")
        return 0
    binary = default_binary(args)
    famous = famous_places(args.geonames)
    patterns = {name: re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])") for name in famous}
    with tempfile.TemporaryDirectory() as index:
        recs = geoparse(binary, args.data, index)
        naming, namesake, cases = {}, {}, []
        sampled = []
        articles_naming = articles_namesake = 0
        for fname, n, title, text in articles(args.data):
            r = recs.get(f"{fname}#{n}")
            if r is None:
                continue
            sampled.append(r["id"])
            places = r.get("places", [])
            named_here = misread_here = False
            for name, paths in famous.items():
                if name not in text and name not in title:
                    continue
                if not (patterns[name].search(text) or patterns[name].search(title)):
                    continue
                naming[name] = naming.get(name, 0) + 1
                named_here = True
                others = [p for p in places
                          if split_path(p) and split_path(p)[-1] == name
                          and not any(p == f or p.startswith(f + "/") for f in paths)]
                if others:
                    namesake[name] = namesake.get(name, 0) + 1
                    cases.append((r["id"], name, others))
                    misread_here = True
            articles_naming += named_here
            articles_namesake += misread_here
        total = sum(naming.values())
        bad = sum(namesake.values())
        rate = bad / total if total else 0.0
        print(f"Wikinews (tosca): {len(recs)} articles; famous names named {total} times (name x article), "
              f"read as a namesake {bad} times: {rate:.2%}")
        share = articles_namesake / articles_naming if articles_naming else 0.0
        print(f"  articles naming a famous place: {articles_naming}; with a namesake reading: {articles_namesake} "
              f"({share:.2%}, before the hand check: some namesakes are right)")
        worst = sorted(namesake.items(), key=lambda x: -x[1])[:15]
        if worst:
            print("  most often: " + ", ".join(f"{n} {c}/{naming[n]}" for n, c in worst))
        for id_, name, others in cases[:args.show]:
            print(f"  {id_}: {name} -> {', '.join(others)}")
        if args.sample:
            random.Random(args.seed).shuffle(sampled)
            for id_ in sampled[:args.sample]:
                out = subprocess.run([binary, "show", id_, "--index", index, "--explain"],
                                     stdout=subprocess.PIPE, text=True).stdout
                why = out.split("Why these places", 1)[-1].splitlines()[1:]
                kept = [line for line in why if "→" in line]
                print(f"== {id_}")
                for line in kept:
                    print("  " + line.strip())
    if args.max_namesake_rate is not None and rate > args.max_namesake_rate:
        print(f"FAIL: namesake rate {rate:.3f} is above {args.max_namesake_rate:.3f}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
