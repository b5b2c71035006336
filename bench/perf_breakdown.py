#!/usr/bin/env python3
"""Sums a `perf record --call-graph dwarf` profile of dateline into named costs, so that a profile reads as
"stemming 20 %, postings 30 %" rather than as a list of symbols.

    perf script -i perf.data -F comm,tid,period,ip,sym | python3 bench/perf_breakdown.py [--mode build|query]

Query mode splits short query processes by phase (process start, index open, search, stored documents,
snippets, exit ...): a sample belongs to the first phase, in a fixed order of priority, that any of its frames
belongs to, so page faults count for the phase that caused them. Build mode is described next.

In build mode, a sample with a frame of dateline's own ingest stages (places, dates, normalizing, reading) counts
for that stage whatever it called; any other sample is walked from its leaf towards the root and given to the
first frame that matches a category
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
COMPILED = [(name, re.compile(p)) for name, p in CATEGORIES]

# A query process is split by phase instead: the first phase (in this order of priority) that any frame of the
# sample belongs to, so that page faults and allocations count for the phase that caused them.
PHASES = [
    ("process start: dynamic relocation of the PIE binary", r"_dl_relocate_object|elf_machine_rela|elf_dynamic_do"),
    ("process start: kernel exec and ELF loading", r"load_elf_binary|bprm_execve|begin_new_exec|execve"),
    ("process start: loader and libc init", r"^_dl_|dl_main|_dl_start|__cpu_indicator|"
     r"handle_amd|init_cpu_features|_init_first|__libc_early_init"),
    ("command line parsing (clap)", r"clap"),
    ("process exit: dropping the index, unmapping, freeing", r"exit_mmap|do_exit|do_group_exit|"
     r"__run_exit_handlers|_dl_fini|exit_group|munmap|unmap_|drop_in_place<tantivy::reader|"
     r"drop_in_place<dateline::index::Archive|drop_in_place<tantivy::core::searcher"),
    ("places: gazetteer and place resolution", r"dateline::places|gazetteer"),
    ("dates: reading the query's date bounds", r"dateline::dates"),
    ("snippets (re-tokenizing the hits' bodies)", r"[Ss]nippet"),
    ("stored documents: doc store reads and lz4", r"StoreReader|store::reader|Decompressor|lz4|"
     r"Archive::article|document::from_doc|Searcher>::doc|Searcher::doc"),
    ("opening the index: meta.json, segments, footers, term dictionaries", r"Archive::open|Index::open|"
     r"open_tantivy|SegmentReader::open|Footer|InvertedIndexReader::new|TermDictionary::open|MmapDirectory|"
     r"ManagedDirectory|load_metas|reader_builder|IndexReaderBuilder|InnerIndexReader|register_analyzers|"
     r"fields_of|current_generation|Searcher::new|SearcherInner|segment_readers|open_read|fast_fields\(\)|"
     r"FastFieldReaders::open|fieldnorm_readers"),
    ("query parsing and building", r"dateline::search::query|dateline::search::build|query::spec|QueryParser|"
     r"compile"),
    ("search: term lookup, postings, scoring, collecting", r"Searcher.*search|Weight|Scorer|[Cc]ollect|"
     r"tantivy::query::|postings|termdict|tantivy_fst|bm25|Bm25|facet|Facet|dateline::search::run"),
    ("rendering the output", r"dateline::render|serde_json::ser"),
]
PHASES_COMPILED = [(name, re.compile(p)) for name, p in PHASES]
KERNEL = re.compile(r"^ffffffff")


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
            frames.append((parts[0], parts[1] if len(parts) > 1 else ""))
    if head:
        yield head, frames


def phase_of(frames):
    """The phase of a query-process sample, and whether it ran in the kernel (page faults, syscalls)."""
    syms = [f for _, f in frames]
    in_kernel = bool(frames) and KERNEL.match(frames[0][0]) is not None
    for name, rx in PHASES_COMPILED:
        if any(rx.search(f) for f in syms):
            return name, in_kernel
    for f in syms:
        if not SKIP.search(f) and not KERNEL.match(f):
            return "other: " + re.sub(r"\s*\(inlined\)", "", f)[:90], in_kernel
    return "other: kernel " + (syms[0][:60] if syms else "?"), in_kernel


# dateline's own ingest stages are counted inclusively: everything geoparsing calls (regexes, hash maps, the
# allocator) is the cost of geoparsing. tantivy's work is counted by leaf, as above.
INCLUSIVE = [(name, re.compile(p)) for name, p in (
    ("places: geoparsing and gazetteer", r"dateline::places"),
    ("dates: extraction", r"dateline::dates"),
    ("normalizing text (NFC, whitespace, boilerplate)", r"dateline::ingest::normalize"),
    ("reading and decoding files", r"dateline::ingest::read"),
)]


def classify(frames):
    frames = [f for _, f in frames]
    for name, rx in INCLUSIVE:
        if any(rx.search(f) for f in frames):
            return name
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
    ap.add_argument("--mode", choices=["build", "query"], default="build",
                    help="build: costs by operation, leaf first; query: a short process split by phase")
    args = ap.parse_args()
    by_cat = collections.Counter()
    by_thread = collections.Counter()
    kernel = collections.Counter()
    total = 0
    for head, frames in samples(sys.stdin):
        comm = head.split()[0]
        total += 1
        if args.mode == "query":
            name, in_kernel = phase_of(frames)
            kernel[name] += in_kernel
        else:
            name = classify(frames)
        by_cat[name] += 1
        by_thread[thread_group(comm)] += 1
    if not total:
        sys.exit("perf_breakdown: no samples on stdin")
    print(f"{total} samples")
    if args.mode == "query":
        print("\n| phase | share of CPU | of which in the kernel |\n|---|---:|---:|")
        for name, n in by_cat.most_common(args.top):
            print(f"| {name} | {100 * n / total:.1f} % | {100 * kernel[name] / total:.1f} % |")
        return
    print("\n| thread group | share of CPU |\n|---|---:|")
    for name, n in by_thread.most_common():
        print(f"| {name} | {100 * n / total:.1f} % |")
    print("\n| cost | share of CPU |\n|---|---:|")
    for name, n in by_cat.most_common(args.top):
        print(f"| {name} | {100 * n / total:.1f} % |")


if __name__ == "__main__":
    main()
