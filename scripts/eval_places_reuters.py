#!/usr/bin/env python3
"""Reuters-21578 country focus: writes each article with a body as a text file (title line, blank line, then the
dateline and body text, WITHOUT the <PLACES> annotation), geoparses them, and scores the countries of `focus`
against the gold <PLACES> codes (mapped to GeoNames country names) with micro precision, recall and F1, over the
articles that have a body and non-empty PLACES. Also reports the recall of the countries of `places` (every
mention) against the same gold, and geoparsing throughput.

    python3 scripts/eval_places_reuters.py                     # through target/release/dateline (rebuild + search)
    python3 scripts/eval_places_reuters.py --harness           # through the library (examples/eval_places.rs)
    python3 scripts/eval_places_reuters.py --min-focus-f1 0.85 --min-places-recall 0.9   # CI floors: exit 1 below
    python3 scripts/eval_places_reuters.py --ingest-ratio 3    # + rebuild throughput with/without --no-places

Reference (same scoring): tagging every article "United States" gives focus F1 0.65; geotext 0.50.
"""

import argparse
import html
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _places_common import (PRF, REPO, add_source_args, check_floors, default_binary, ingest_seconds,  # noqa: E402
                            run, split_path)

# Reuters PLACES codes whose GeoNames country name is not the code with '-' read as a space (title-cased).
CODE_TO_COUNTRY = {
    "usa": "United States", "uk": "United Kingdom", "ussr": "Russia", "west-germany": "Germany",
    "east-germany": "Germany", "uae": "United Arab Emirates", "zaire": "Democratic Republic of the Congo",
    "czechoslovakia": "Czechia", "antigua": "Antigua and Barbuda", "trinidad-tobago": "Trinidad and Tobago",
    "yemen-arab-republic": "Yemen", "yemen-demo-republic": "Yemen", "south-korea": "South Korea",
    "north-korea": "North Korea", "netherlands": "The Netherlands", "ivory-coast": "Ivory Coast",
    "hong-kong": "Hong Kong", "burma": "Myanmar", "east-timor": "Timor Leste", "vatican": "Vatican",
    "st-lucia": "Saint Lucia", "st-vincent": "Saint Vincent and the Grenadines", "st-kitts-nevis": "Saint Kitts and Nevis",
    "bahamas": "Bahamas", "gambia": "Gambia", "cape-verde": "Cabo Verde", "macau": "Macao", "brunei": "Brunei",
    "netherlands-antilles": "Curaçao", "french-guiana": "French Guiana", "guinea-bissau": "Guinea-Bissau",
    "sao-tome": "Sao Tome and Principe", "congo": "Republic of the Congo", "swaziland": "Eswatini",
    "tanzania": "Tanzania", "vietnam": "Vietnam", "syria": "Syria", "iran": "Iran", "laos": "Laos",
    "bolivia": "Bolivia", "venezuela": "Venezuela", "taiwan": "Taiwan", "turkey": "Turkey",
    "new-caledonia": "New Caledonia", "american-samoa": "American Samoa", "french-polynesia": "French Polynesia",
    "solomon-islands": "Solomon Islands", "faroe-islands": "Faroe Islands", "cayman-islands": "Cayman Islands",
    "british-virgin-islands": "British Virgin Islands", "falkland-islands": "Falkland Islands",
}
# Reuters PLACES codes that are not countries (dropped from the gold).
NOT_COUNTRIES = {"west-bank", "gaza", "sri-lanka-x"}


def gold_country(code, names):
    if code in NOT_COUNTRIES:
        return None
    if code in CODE_TO_COUNTRY:
        return CODE_TO_COUNTRY[code]
    guess = code.replace("-", " ")
    for n in names:
        if n.lower() == guess:
            return n
    return guess.title()


def country_names(geonames):
    names = set()
    with open(os.path.join(geonames, "countryInfo.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 4:
                names.add(cols[4].strip())
    return names


def articles(data):
    """Yields (newid, title, dateline, body, [place codes]) for every article."""
    for i in range(22):
        path = os.path.join(data, f"reut2-{i:03d}.sgm")
        with open(path, encoding="latin-1") as f:
            text = f.read()
        for m in re.finditer(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", text, re.S):
            newid, inner = m.group(1), m.group(2)

            def tag(name, src=inner):
                t = re.search(rf"<{name}>(.*?)</{name}>", src, re.S)
                return html.unescape(t.group(1)) if t else None

            places = re.findall(r"<D>(.*?)</D>", tag("PLACES") or "")
            yield int(newid), tag("TITLE") or "", tag("DATELINE") or "", tag("BODY"), places


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(REPO, "..", "shared", "corpora", "reuters21578"))
    ap.add_argument("--geonames", default=os.path.join(REPO, "..", "shared", "gazetteer", "geonames"))
    ap.add_argument("--limit", type=int, default=0, help="only the first N scored articles")
    ap.add_argument("--errors", type=int, default=0, help="print this many articles with focus errors")
    add_source_args(ap)
    ap.add_argument("--min-focus-f1", type=float, default=None)
    ap.add_argument("--min-places-recall", type=float, default=None)
    ap.add_argument("--ingest-ratio", type=int, default=0, metavar="REPS",
                    help="also time `dateline rebuild` of the corpus with and without --no-places (fastest of REPS "
                         "runs each) and report the throughput ratio")
    ap.add_argument("--min-ingest-ratio", type=float, default=None,
                    help="floor for the ingest throughput with places / without, on CPU time (implies --ingest-ratio 3)")
    args = ap.parse_args()
    if not os.path.isdir(args.data) or not os.path.isdir(args.geonames):
        print(f"skipped: Reuters-21578 or GeoNames not found ({args.data}, {args.geonames}; they come with ../shared)")
        return 0

    names = country_names(args.geonames)
    gold, texts = {}, {}
    for newid, title, dateline, body, places in articles(args.data):
        if not body or not body.strip() or not places:
            continue
        gc = {c for c in (gold_country(p, names) for p in places) if c}
        if not gc:
            continue
        name = f"reut-{newid:05d}.txt"
        gold[name] = gc
        # Reuters bodies end with " Reuter" and control characters.
        body = re.sub(r"[\x00-\x08\x0b-\x1f]", "", body).rstrip()
        texts[name] = f"{title.strip()}\n\n{dateline.strip()} {body}\n"
        if args.limit and len(gold) >= args.limit:
            break

    with tempfile.TemporaryDirectory() as corpus:
        if not args.jsonl:
            for name, t in texts.items():
                with open(os.path.join(corpus, name), "w", encoding="utf-8") as f:
                    f.write(t)
        recs, spent = run(args, corpus)
        ratio = None
        if args.min_ingest_ratio is not None and not args.ingest_ratio:
            args.ingest_ratio = 3
        if args.ingest_ratio:
            binary = default_binary(args)
            if not args.jsonl:
                # Alternate the two so that a change in the machine's load hits both alike.
                runs = {"with": [], "without": []}
                for _ in range(args.ingest_ratio):
                    runs["with"].append(ingest_seconds(binary, corpus, [], 1))
                    runs["without"].append(ingest_seconds(binary, corpus, ["--no-places"], 1))
                w_wall, w_cpu = min(r[0] for r in runs["with"]), min(r[1] for r in runs["with"])
                o_wall, o_cpu = min(r[0] for r in runs["without"]), min(r[1] for r in runs["without"])
                ratio = o_cpu / w_cpu
                n = len(texts)
                print(f"ingest (rebuild, best of {args.ingest_ratio}): wall {n / w_wall:.0f} articles/s with places, "
                      f"{n / o_wall:.0f} without (ratio {o_wall / w_wall:.3f}); CPU {w_cpu:.2f} s with, {o_cpu:.2f} s "
                      f"without: throughput ratio on CPU time {ratio:.3f} ({(w_cpu - o_cpu) / n * 1e6:.1f} us of CPU "
                      f"per article for places)")

    focus, places = PRF(), PRF()
    shown = 0
    # Articles the archive does not list (exact duplicates are stored once) are left out of the scores.
    for name in sorted(k for k in gold if k in recs):
        r = recs[name]
        fc = {split_path(p)[0] for p in r.get("focus", []) if split_path(p)}
        pc = {split_path(p)[0] for p in r.get("places", []) if split_path(p)}
        focus.add(fc, gold[name])
        places.add(pc, gold[name])
        if args.errors and shown < args.errors and fc != gold[name]:
            shown += 1
            print(f"{name}: gold {sorted(gold[name])} focus {sorted(fc)} places {sorted(pc)}")
            print("   " + texts[name][:300].replace("\n", " | "))
    n = len(gold)
    listed = sum(1 for k in gold if k in recs)
    print(f"Reuters-21578: {n} articles with a body and PLACES, {listed} scored ({n - listed} not listed, e.g. "
          f"exact duplicates), {spent:.1f} s end to end")
    print(f"  focus countries   {focus.fmt()}")
    print(f"  places countries  {places.fmt()}")
    check_floors([("focus F1", focus.f(), args.min_focus_f1),
                  ("places recall", places.r(), args.min_places_recall),
                  ("ingest ratio", ratio if ratio is not None else 1e9, args.min_ingest_ratio)])


if __name__ == "__main__":
    main()
