#!/usr/bin/env python3
"""Regenerates the sample corpus in corpus/ from ../shared: the seed article and the 295 Wikinews articles of
2019-2021 (CC BY 2.5), one plain-text file each, laid out by publication date, plus corpus/ATTRIBUTION.md.

    python3 scripts/make_sample_corpus.py [--shared ../shared] [--out corpus]

Wikinews files carry a header block (Title, Date, Source, Author, URL) and then the article text as published (the
author is "Wikinews contributors", as the licence credits them); the seed is kept as archives hold it (plain text,
no metadata), dated by its path.
"""
import argparse
import csv
import os
import re
import shutil
import sys
import unicodedata

SEED = "seed/000_78c945d872ee5a24.txt"
SEED_DAY = ("2024", "06", "23")
WIKINEWS = ["corpora/wikinews/wikinews_2019.csv", "corpora/wikinews/wikinews_2020.csv"]


def slug(text, words=8):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(parts[:words]) or "article"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "corpus"))
    args = ap.parse_args()
    if not os.path.isdir(args.shared):
        sys.exit(f"no shared data at {args.shared}: pass --shared DIR")

    # Only the generated layout is replaced; anything else a user put in corpus/ stays.
    for year in os.listdir(args.out) if os.path.isdir(args.out) else []:
        if re.fullmatch(r"\d{4}", year):
            shutil.rmtree(os.path.join(args.out, year))
    os.makedirs(args.out, exist_ok=True)

    with open(os.path.join(args.shared, SEED), encoding="utf-8") as f:
        seed = f.read()
    seed_dir = os.path.join(args.out, *SEED_DAY)
    os.makedirs(seed_dir, exist_ok=True)
    first_line = seed.strip().splitlines()[0]
    with open(os.path.join(seed_dir, slug(first_line) + ".txt"), "w", encoding="utf-8") as f:
        f.write(seed)

    credits = []
    used = set()
    for name in WIKINEWS:
        with open(os.path.join(args.shared, name), encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                y, m, d = row["date"].split("-")
                url = row["url"].replace("//wiki/", "/wiki/")
                base = slug(row["title"])
                rel = os.path.join(y, m, d, base + ".txt")
                n = 2
                while rel in used:
                    rel = os.path.join(y, m, d, f"{base}-{n}.txt")
                    n += 1
                used.add(rel)
                os.makedirs(os.path.join(args.out, y, m, d), exist_ok=True)
                text = row["text"].replace("\r\n", "\n").strip() + "\n"
                with open(os.path.join(args.out, rel), "w", encoding="utf-8") as out:
                    out.write(f"Title: {row['title'].strip()}\n")
                    out.write(f"Date: {row['date']}\n")
                    out.write("Source: Wikinews\n")
                    out.write("Author: Wikinews contributors\n")
                    out.write(f"URL: {url}\n\n")
                    out.write(text)
                credits.append((rel, row["title"].strip(), url))

    credits.sort()
    with open(os.path.join(args.out, "ATTRIBUTION.md"), "w", encoding="utf-8") as f:
        f.write("# Sample corpus: sources and licences\n\n")
        f.write(
            "The Wikinews articles in this folder are by **Wikinews contributors** and are licensed under the\n"
            "[Creative Commons Attribution 2.5](https://creativecommons.org/licenses/by/2.5/) licence. They were\n"
            "taken from the `vanatteveldt/wikinews` data set (CC BY 2.5) and are reproduced unchanged apart from a\n"
            "header block (title, date, source, author, URL) added for dateline. Each article's original URL:\n\n"
        )
        for rel, title, url in credits:
            f.write(f"- `{rel.replace(os.sep, '/')}`: [{title}]({url})\n")
        f.write(
            "\nThe file under `2024/06/23/` is the news article dateline was created from (a report of the attacks\n"
            "in Derbent and Makhachkala, Dagestan, on 23 June 2024), kept as plain text without metadata, as\n"
            "archives hold it.\n"
        )
    print(f"wrote {len(credits) + 1} articles to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
