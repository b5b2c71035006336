#!/usr/bin/env python3
"""LGL place mentions (294 US local news articles, the even-numbered half of the Local-Global Lexicon): the same
scoring as `eval_places_trnews.py`, document-level micro precision, recall and F1 of the country, region and city
sets of each article's `places` against the hand-resolved gold (`lgl-gold.json`), for the whole set and its
odd/even halves (by position of the sorted file names).

    python3 scripts/eval_places_lgl.py                         # through target/release/dateline (rebuild + search)
    python3 scripts/eval_places_lgl.py --harness               # through the library (examples/eval_places.rs)
    python3 scripts/eval_places_lgl.py --errors --half odd     # each article's false positives and negatives
    python3 scripts/eval_places_lgl.py --min-country-f1 0.9 --min-city-f1 0.7      # CI floors: exit 1 below

Reference (same scoring, whole corpus): geotext 0.4 country F1 0.668, city F1 0.349; tagging every article
"United States" reaches country F1 0.747. The gold does not count adjectives ("French") as place mentions.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _places_common import gold_eval  # noqa: E402

if __name__ == "__main__":
    sys.exit(gold_eval("LGL", "lgl-gold.json", "lgl", __doc__))
