#!/usr/bin/env python3
"""Sums the heap of a dateline rebuild at its peak into named owners, so that a memory profile reads as
"tantivy's arenas 30 %, the file list 20 %" rather than as a list of allocation sites.

    valgrind --tool=massif --massif-out-file=massif.out dateline rebuild --corpus DIR --index DIR --quiet
    python3 bench/heap_breakdown.py massif.out

(heaptrack's `heaptrack_print --flamegraph-cost-type peak -F heap.folded` output is read too, but heaptrack
1.4 loses the end of long runs here, so massif is the reference.) Each allocation stack is given to the owner
matched nearest its leaf, so an allocation made for the manifest inside a BTreeMap counts for the manifest.
Stacks that match nothing are listed by their innermost frame that is not the allocator or a standard collection.
"""
import argparse
import collections
import re
import sys

# Matched against "function (file.rs)" frames; the first owner whose pattern matches, walking from the leaf up.
OWNERS = [
    ("stem cache (index/analyzer.rs)", r"analyzer\.rs|CachedStemmer"),
    ("tantivy indexing arenas: postings and term hash map (bounded by --memory)",
     r"memory_arena|expull|arena_hashmap|indexing_context|postings_writer|recorder\.rs"),
    ("tantivy fast-field and fieldnorm writers", r"columnar|fastfield|fieldnorm"),
    ("tantivy doc store", r"store::|store/|StoreWriter|compressors|lz4"),
    ("tantivy merges", r"merger|merge_segments|IndexMerger"),
    ("tantivy segment serialization", r"serializer|term_info_store|tantivy_fst|sstable"),
    ("manifest entries and the duplicate map (one per file, kept until the end)",
     r"manifest|Run::take|^take \(ingest\.rs|^rebuild \(ingest\.rs|^\{closure#0\} \(ingest\.rs"),
    ("corpus file list from the walk (one per file, kept until the end)",
     r"ingest::walk|^walk \(|walkdir|dent\.rs"),
    ("read-ahead: read and enriched articles in flight",
     r"process_all::\{closure#0\}::\{closure#0\}|ingest::process\b|^process \(|to_article|normalize|"
     r"ingest::read|ingest/read|flavors/array|crossbeam_channel"),
    ("dates", r"dateline::dates|dates/"),
    ("places and gazetteer", r"dateline::places|places/|gazetteer"),
    ("regex compilation", r"regex"),
    ("thread pools (rayon, crossbeam deques)", r"rayon|deque\.rs"),
    ("below massif's threshold", r"below massif's threshold"),
]
GENERIC = re.compile(r"^(alloc|malloc|realloc|calloc|operator new|try_allocate|with_capacity|reserve|grow|"
                     r"push|insert|extend|clone|to_vec|to_owned|from|new|default|collect|finish_grow|"
                     r"do_reserve|append|spec_|_R)|\((mod|map|raw|alloc|vec|string|entry|node|spec_extend|"
                     r"raw_vec|set|borrow|slice|str)\.rs\)")


def massif_stacks(path):
    """(stack leaf-first, bytes) of the peak snapshot of a massif file: each node's own bytes (minus its
    children's) with the frames from the allocator down to it."""
    lines = open(path).read().splitlines()
    start = next((i for i, l in enumerate(lines) if l == "heap_tree=peak"), None)
    if start is None:
        sys.exit("heap_breakdown: no peak snapshot in the massif file")
    node = re.compile(r"^( *)n(\d+): (\d+) (.*)$")
    path_frames, path_bytes, path_kids = [], [], []
    out = []

    def close(depth):
        while len(path_frames) > depth:
            own = path_bytes[-1] - path_kids[-1]
            if own > 0:
                out.append((list(path_frames), own))
            path_frames.pop()
            path_bytes.pop()
            path_kids.pop()

    for l in lines[start + 1:]:
        m = node.match(l)
        if not m:
            break
        depth, n = len(m.group(1)), int(m.group(3))
        close(depth)
        if path_kids:
            path_kids[-1] += n
        desc = re.sub(r"^0x[0-9A-F]+: ", "", m.group(4))
        path_frames.append(desc)
        path_bytes.append(n)
        path_kids.append(0)
    close(0)
    # The root is "(heap allocation functions)"; below it massif lists frames from the allocator outwards.
    return [(frames[1:], n) for frames, n in out if len(frames) > 1]


def folded_stacks(path):
    with open(path) as f:
        for line in f:
            stack, _, n = line.rstrip("\n").rpartition(" ")
            if n.isdigit():
                yield list(reversed([s.strip() for s in stack.split(";") if s.strip()])), int(n)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("profile", help="a massif output file or heaptrack folded stacks")
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args()
    owners = [(name, re.compile(p)) for name, p in OWNERS]
    by = collections.Counter()
    total = 0
    with open(args.profile) as f:
        is_massif = f.readline().startswith("desc:")
    stacks = massif_stacks(args.profile) if is_massif else folded_stacks(args.profile)
    for frames, n in stacks:
        total += n
        owner = None
        for fr in frames:
            owner = next((name for name, rx in owners if rx.search(fr)), None)
            if owner:
                break
        if owner is None:
            inner = next((fr for fr in frames if not GENERIC.search(fr)), frames[0] if frames else "?")
            owner = "other: " + inner[:80]
        by[owner] += n
    print(f"peak heap {total / 2**20:.1f} MB\n\n| owner | MB at the peak | share |\n|---|---:|---:|")
    for name, n in by.most_common(args.top):
        print(f"| {name} | {n / 2**20:.1f} | {100 * n / total:.0f} % |")


if __name__ == "__main__":
    main()
