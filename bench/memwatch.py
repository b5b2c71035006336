#!/usr/bin/env python3
"""Runs a command and samples its memory from /proc every 50 ms, to tell heap from mapped files.

    python3 bench/memwatch.py [--csv timeline.csv] [--index DIR] -- COMMAND ARGS...

`/usr/bin/time -v` reports one number, the peak resident set, which counts both the process's own memory
(RssAnon: heap, arenas, stacks) and the pages of files it has mapped and touched (RssFile: for tantivy, the
segments it reads back while serializing and merging). The kernel can drop the second kind under pressure; the
first is what the writer budget is supposed to bound. Prints the peak of each, and when it happened. With
--index, the timeline also counts the tantivy segments in the index folder and their size, which shows when
segments are flushed and merged.
"""
import argparse
import os
import subprocess
import sys
import time

FIELDS = ("VmRSS", "RssAnon", "RssFile", "RssShmem", "VmHWM")


def sample(pid):
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in FIELDS:
                    out[key] = int(rest.split()[0]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return out


def segments(index):
    """(segment count, MB) of every tantivy segment under an index folder (all generations)."""
    ids, size = set(), 0
    for root, _, files in os.walk(index):
        for name in files:
            stem, _, ext = name.partition(".")
            if len(stem) == 32 and ext in ("idx", "pos", "term", "store", "fast", "fieldnorm"):
                ids.add(stem)
                try:
                    size += os.path.getsize(os.path.join(root, name))
                except OSError:
                    pass
    return len(ids), size / 2**20


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--csv", help="write the timeline here")
    ap.add_argument("--every", type=float, default=0.05, help="seconds between samples")
    ap.add_argument("--index", help="an index folder whose segments to count over time")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        sys.exit("memwatch: no command")
    t0 = time.time()
    proc = subprocess.Popen(cmd)
    timeline = []
    while proc.poll() is None:
        s = sample(proc.pid)
        if s and args.index:
            s["segments"], s["segments_MB"] = segments(args.index)
        if s:
            timeline.append((time.time() - t0, s))
        time.sleep(args.every)
    if args.csv:
        with open(args.csv, "w") as f:
            cols = FIELDS + (("segments", "segments_MB") if args.index else ())
            f.write("seconds," + ",".join(cols) + "\n")
            for t, s in timeline:
                f.write(f"{t:.2f}," + ",".join(f"{s.get(k, 0):.1f}" for k in cols) + "\n")
    wall = time.time() - t0
    print(f"memwatch: {wall:.1f} s, exit {proc.returncode}, {len(timeline)} samples", file=sys.stderr)
    for key in ("VmRSS", "RssAnon", "RssFile"):
        if timeline:
            t, s = max(timeline, key=lambda x: x[1].get(key, 0))
            print(f"memwatch: peak {key:8} {s.get(key, 0):8.1f} MB at {t:6.1f} s "
                  f"({100 * t / wall:3.0f}% of the run; then RssAnon {s.get('RssAnon', 0):.0f} MB, "
                  f"RssFile {s.get('RssFile', 0):.0f} MB)", file=sys.stderr)
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
