#!/usr/bin/env python3
"""Sums heaptrack's peak-heap stacks of a dateline rebuild into named owners, so that a memory profile reads as
"tantivy's arenas 60 %, the manifest 20 %" rather than as a list of allocation sites.

    heaptrack -o heap dateline rebuild --corpus DIR --index DIR --quiet
    heaptrack_print -f heap.zst --flamegraph-cost-type peak -F heap.folded >/dev/null
    python3 bench/heap_breakdown.py heap.folded

Each stack (root first, as heaptrack folds them) is given to the owner matched nearest its leaf, so an
allocation made by the manifest inside a BTreeMap counts for the manifest. Stacks that match nothing are listed by
their innermost frame that is not the allocator or a standard collection.
"""
import argparse
import collections
import re
import sys

# Matched against "function (file.rs)" frames; the first owner whose pattern matches, walking from the leaf up.
OWNERS = [
    ("stem cache (analyzer.rs)", r"\(analyzer\.rs\)"),
    ("tantivy indexing arenas: postings and term hash map (bounded by --memory)",
     r"memory_arena|expull|arena_hashmap|indexing_context|postings_writer|recorder\.rs"),
    ("tantivy fast-field and fieldnorm writers", r"\(writer\.rs\).*|columnar|fastfield|fieldnorm"),
    ("tantivy doc store buffers", r"store/|StoreWriter|\(compressors\.rs\)|lz4"),
    ("tantivy merges", r"merger\.rs|merge_segments"),
    ("tantivy segment serialization", r"serializer\.rs|segment_serializer|term_info_store|fst"),
    ("manifest: one entry per file (held for the whole rebuild)", r"manifest\.rs|^rebuild \(ingest\.rs\)"),
    ("duplicate detection: content hash -> id, one per article", r"^take \(ingest\.rs\)"),
    ("corpus file list from the walk, one per file", r"^walk \(ingest\.rs\)|dent\.rs|walkdir"),
    ("read-ahead: chunks of read and enriched articles in flight", r"process_all|channel\.rs|array\.rs|"
     r"^process \(mod\.rs\)|to_article|normalize\.rs|read/"),
    ("dates", r"dates/"),
    ("places and gazetteer", r"places/|gazetteer"),
    ("regex compilation", r"regex|strategy\.rs|compiler\.rs"),
    ("thread pools (rayon, crossbeam deques)", r"rayon|deque\.rs|registry\.rs"),
]
GENERIC = re.compile(r"^(alloc|malloc|realloc|calloc|operator new|try_allocate|with_capacity|reserve|grow|"
                     r"push|insert|extend|clone|to_vec|to_owned|from|new|default|collect|finish_grow|"
                     r"do_reserve|append|spec_|_R)|\((mod|map|raw|alloc|vec|string|entry|node|spec_extend|"
                     r"raw_vec|set|borrow|slice|str)\.rs\)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folded")
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args()
    owners = [(name, re.compile(p)) for name, p in OWNERS]
    by = collections.Counter()
    total = 0
    with open(args.folded) as f:
        for line in f:
            stack, _, n = line.rstrip("\n").rpartition(" ")
            if not n.isdigit():
                continue
            n = int(n)
            total += n
            frames = [s.strip() for s in stack.split(";") if s.strip()]
            owner = None
            for fr in reversed(frames):
                owner = next((name for name, rx in owners if rx.search(fr)), None)
                if owner:
                    break
            if owner is None:
                inner = next((fr for fr in reversed(frames) if not GENERIC.search(fr)), frames[-1] if frames else "?")
                owner = "other: " + inner[:80]
            by[owner] += n
    print(f"peak heap {total / 2**20:.1f} MB\n\n| owner | MB at the peak | share |\n|---|---:|---:|")
    for name, n in by.most_common(args.top):
        print(f"| {name} | {n / 2**20:.1f} | {100 * n / total:.0f} % |")


if __name__ == "__main__":
    main()
