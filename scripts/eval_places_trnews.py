#!/usr/bin/env python3
"""TR-News place mentions (118 global news articles): document-level micro precision, recall and F1 of the country,
region and city sets of each article's `places` against the hand-resolved gold (`trnews-gold.json`), for the whole
set and its odd/even halves. A city path implies its region and country, a region its country: ancestors are
expanded before scoring.

    python3 scripts/eval_places_trnews.py                      # through target/release/dateline (rebuild + search)
    python3 scripts/eval_places_trnews.py --harness            # through the library (examples/eval_places.rs)
    python3 scripts/eval_places_trnews.py --errors --half odd  # each article's false positives and negatives
    python3 scripts/eval_places_trnews.py --min-country-f1 0.9 --min-city-f1 0.7   # CI floors: exit 1 below

Reference on this set (same scoring): geotext country F1 0.70, city F1 0.35.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _places_common import gold_eval  # noqa: E402

if __name__ == "__main__":
    sys.exit(gold_eval("TR-News", "trnews-gold.json", "trnews", __doc__))
