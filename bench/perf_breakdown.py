#!/usr/bin/env python3
"""Sums a `perf record --call-graph dwarf` profile of dateline into named costs, so that a profile reads as
"stemming 20 %, postings 30 %" rather than as a list of symbols.

    perf script -i perf.data -F comm,tid,period,ip,sym | python3 bench/perf_breakdown.py [--top 25]

Each sample is walked from its leaf towards the root and given to the first frame that matches a category
(so the stemmer called by the tokenizer called by the postings writer counts as stemming). Generic helpers
(malloc, memcpy, sorting) are skipped on the way up, so they count for whoever called them. Samples that match
nothing are listed by their leaf symbol. Threads are grouped: tantivy's indexing threads, its doc-store
compressor, merges, and everything else (`dateline`: the main thread and the rayon workers that read files and
find dates and places).
"""
import argparse
import collections
import re
import sys

# Ordered: the first pattern that matches a frame names the cost. Specific before general.
CATEGORIES = [
    ("process start: dynamic loader", r"^_dl_|^dl_main|_dl_start|ld-linux"),
    ("stemming (English snowball)", r"frostem|Stemmer"),
    ("tokenizing: split, lowercase, ASCII folding", r"SimpleTokenStream|SimpleTokenizer|LowerCaser|AsciiFolding|"
     r"RemoveLong|to_lowercase|TextAnalyzer|tokenizer"),
    ("in-memory postings (term hash map, recorders)", r"postings_writer.*subscribe|SharedArenaHashMap|"
     r"tantivy_stacker|recorder::|IndexingContext|ArenaHashMap"),
    ("segment serialization: term dictionary (FST)", r"tantivy_fst|TermInfoStore|TermDictionaryBuilder|"
     r"sstable"),
    ("segment serialization: postings and positions", r"postings_writer.*serialize|PostingsSerializer|"
     r"PositionSerializer|BlockEncoder|bitpack|serialize_postings|InvertedIndexSerializer|FieldSerializer"),
    ("doc store: lz4/zstd (de)compression", r"lz4|zstd|compress"),
    ("doc store: writing documents", r"StoreWriter|store::writer|DocStore|BinarySerializable|serialize_doc|"
     r"doc_store"),
    ("fast fields and fieldnorms", r"columnar|fastfield|FastFieldsWriter|fieldnorm"),
    ("merging segments", r"IndexMerger|merger::|merge_segments"),
    ("commit, segment files, fsync", r"SegmentUpdater|segment_updater|commit|fsync|sync_all|MmapDirectory"),
    ("tantivy document building", r"TantivyDocument|OwnedValue|schema::document|index::document::to_doc|"
     r"add_document|SegmentWriter|dateline::index::document"),
    ("dates: extraction", r"dateline::dates"),
    ("places: geoparsing and gazetteer", r"dateline::places"),
    ("normalizing text (NFC, whitespace, boilerplate)", r"dateline::ingest::normalize|unicode_normalization|"
     r"regex"),
    ("reading and decoding files", r"dateline::ingest::read|encoding_rs|chardetng|std::fs::read|"
     r"std::fs::File|dom_smoothie|scraper|html5ever"),
    ("content and file hashing (BLAKE3)", r"blake3|hash_content"),
    ("walking the corpus", r"walkdir|ingest::walk"),
    ("manifest and duplicates", r"manifest|commands::ingest::Run|serde_json|HashMap|hashbrown"),
    ("search: query parsing and building", r"dateline::search::query|dateline::search::build|QueryParser", "query"),
    ("search: snippets", r"snippet|Snippet", "query"),
    ("search: stored documents", r"StoreReader|store::reader|doc_async|Archive::article|article_from|"
     r"Searcher>::doc", "query"),
    ("search: postings, scoring and collecting", r"TopDocs|TermScorer|Bm25|BlockSegmentPostings|"
     r"SegmentPostings|[Cc]ollector|collect_block|for_each_pruning|PhraseScorer|Intersection|Union|"
     r"tantivy::query::|FacetCollector|dateline::search::run", "query"),
    ("search: opening the index", r"Index::open|open_tantivy|Archive::open|SegmentReader::open|"
     r"IndexReader|load_metas|ManagedDirectory|tantivy::core::searcher|Archive::searcher|"
     r"register_analyzers|schema::build|fields_of", "query"),
    ("search: rendering output", r"dateline::render", "query"),
    ("command line parsing", r"clap"),
    ("kernel: page faults and memory", r"page_fault|clear_page|handle_mm_fault|do_anonymous_page|"
     r"alloc_pages|folio|mmap|munmap|mprotect|brk|khugepaged"),
    ("kernel: file system (open, create, read, readdir, stat)", r"vfs_|filemap_read|copy_page_to_iter|"
     r"ext4_|do_sys_open|path_openat|getdents|statx|generic_perform_write|page_cache"),
    ("kernel: process, threads, scheduling", r"execve|exit_mmap|do_exit|\bclone3\b|kernel_clone|"
     r"copy_process|futex|__schedule|do_group_exit|load_elf|reschedule"),
]
SKIP = re.compile(r"malloc|free|realloc|memcpy|memmove|memset|memcmp|sort|__rust_|alloc::|core::|"
                  r"std::sys|RawVec|Vec<|String|\[unknown\]|^$")
THREADS = [("tantivy indexing threads", "thrd-tantivy-in"), ("tantivy doc-store compressor", "docstore-compre"),
           ("tantivy merges and commits", "merge_thread|segment_updater")]
COMPILED = []


def compile_categories(mode):
    """Query-only costs are left out of a build profile: there, their symbols are code folded with others."""
    COMPILED[:] = [(c[0], re.compile(c[1])) for c in CATEGORIES if mode == "query" or len(c) < 3]


def samples(stream):
    head, frames = None, []
    for line in stream:
        line = line.rstrip("\n")
        if not line.strip():
            if head:
                yield head, frames
            head, frames = None, []
        elif head is None:
            head = line
        else:
            parts = line.strip().split(None, 1)
            frames.append(parts[1] if len(parts) > 1 else "")
    if head:
        yield head, frames


def classify(frames):
    for f in frames:
        for name, rx in COMPILED:
            if rx.search(f):
                return name
    for f in frames:
        if not SKIP.search(f):
            return "other: " + re.sub(r"\s*\(inlined\)", "", f)[:90]
    return "other: " + (frames[0][:90] if frames else "?")


def thread_group(comm):
    for name, rx in THREADS:
        if re.search(rx, comm):
            return name
    return "dateline main + rayon workers"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--mode", choices=["build", "query"], default="build")
    args = ap.parse_args()
    compile_categories(args.mode)
    by_cat = collections.Counter()
    by_thread = collections.Counter()
    total = 0
    for head, frames in samples(sys.stdin):
        comm = head.split()[0]
        total += 1
        by_cat[classify(frames)] += 1
        by_thread[thread_group(comm)] += 1
    if not total:
        sys.exit("perf_breakdown: no samples on stdin")
    print(f"{total} samples")
    print("\n| thread group | share of CPU |\n|---|---:|")
    for name, n in by_thread.most_common():
        print(f"| {name} | {100 * n / total:.1f} % |")
    print("\n| cost | share of CPU |\n|---|---:|")
    for name, n in by_cat.most_common(args.top):
        print(f"| {name} | {100 * n / total:.1f} % |")


if __name__ == "__main__":
    main()
