#!/usr/bin/env python3
"""TR-News place mentions: document-level micro precision, recall and F1 of the country, region and city sets of
each article's `places` against the hand-resolved gold (`trnews-gold.json`). A city path implies its region and
country, a region its country: ancestors are expanded before scoring.

    python3 scripts/eval_places_trnews.py                      # through target/release/dateline (rebuild + search)
    python3 scripts/eval_places_trnews.py --harness            # through the library (examples/eval_places.rs)
    python3 scripts/eval_places_trnews.py --min-country-f1 0.9 --min-city-f1 0.7   # CI floors: exit 1 below

Reference on this set (same scoring): geotext country F1 0.70, city F1 0.35.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _places_common import PRF, REPO, add_source_args, check_floors, run, split_path  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(REPO, "..", "shared", "corpora", "geoparsing-dev"),
                    help="folder with trnews/ and trnews-gold.json")
    add_source_args(ap)
    ap.add_argument("--errors", action="store_true", help="print each article's false positives and negatives")
    for level in ("country", "region", "city", "city15k"):
        ap.add_argument(f"--min-{level}-f1", type=float, default=None)
    args = ap.parse_args()
    if not os.path.isfile(os.path.join(args.data, "trnews-gold.json")):
        print(f"skipped: no TR-News gold data in {args.data} (it comes with ../shared)")
        return 0

    with open(os.path.join(args.data, "trnews-gold.json"), encoding="utf-8") as f:
        gold = json.load(f)["docs"]
    corpus = os.path.join(args.data, "trnews")
    recs, spent = run(args, corpus)

    scores = {k: PRF() for k in ("country", "region", "city", "city15k")}
    missing = 0
    for name in sorted(gold):
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
        scores["country"].add(pc, gc)
        scores["region"].add(pr, gr)
        scores["city"].add(pct, set(g["cities"]))
        scores["city15k"].add(pct, set(g["cities15k"]))
        if args.errors:
            for lvl, p_, g_ in (("country", pc, gc), ("region", pr, gr), ("city", pct, set(g["cities"]))):
                fp, fn = sorted(p_ - g_), sorted(g_ - p_)
                if fp or fn:
                    print(f"{name} {lvl}: FP {fp} FN {fn}")
    print(f"TR-News: {len(gold)} articles ({missing} missing from the output), {spent:.1f} s")
    for k, s in scores.items():
        print(f"  {k:8} {s.fmt()}")
    check_floors([(f"{k} F1", s.f(), getattr(args, f"min_{k}_f1")) for k, s in scores.items()])


if __name__ == "__main__":
    main()
