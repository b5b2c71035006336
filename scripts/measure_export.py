#!/usr/bin/env python3
"""Measures `dateline export`: throughput (articles per second) and peak memory, from the index and from the
corpus, so that runs on corpora of different sizes can be compared (memory must not grow with the archive).

    python3 scripts/measure_export.py --corpus /tmp/reuters [--index /tmp/reuters-index] [--bin target/release/dateline]

Builds the index with `dateline rebuild` unless it exists, then runs each export under `/usr/bin/time -v` with the
output going to /dev/null. Peak RSS is reported twice: `Maximum resident set size` from time(1), which counts the
index files tantivy maps into memory (page cache, given back under memory pressure), and the peak of `RssAnon`
(heap and stacks: what the process itself allocates), sampled from /proc every 20 ms.
"""
import argparse
import os
import re
import subprocess
import sys
import time


def children(pid):
    """Pids of the direct children of pid (time(1) runs dateline as its child)."""
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out


def rss_anon_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(cmd):
    """Runs cmd under /usr/bin/time -v; returns (wall s, cpu s, max_rss_kb, peak_rss_anon_kb, stderr)."""
    proc = subprocess.Popen(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak_anon = 0
    while proc.poll() is None:
        for c in children(proc.pid):
            peak_anon = max(peak_anon, rss_anon_kb(c))
        time.sleep(0.02)
    err = proc.stderr.read()
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{err}")
    max_rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", err)
    secs = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    cpu = sum(float(re.search(rf"{k} time \(seconds\): ([\d.]+)", err).group(1)) for k in ("User", "System"))
    return secs, cpu, max_rss, peak_anon, err


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--index", help="index folder (default: CORPUS-index)")
    ap.add_argument("--bin", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "dateline"))
    ap.add_argument("--format", default="ndjson", choices=["ndjson", "es-bulk"])
    args = ap.parse_args()
    with open("/proc/loadavg") as f:
        print(f"load average before: {' '.join(f.read().split()[:3])} (a shared machine: read wall times with it)")
    index = args.index or args.corpus.rstrip("/") + "-index"
    if not os.path.exists(os.path.join(index, "CURRENT")):
        subprocess.run([args.bin, "rebuild", "--corpus", args.corpus, "--index", index, "--quiet"], check=True)
    for source in (["--index", index], ["--corpus", args.corpus, "--index", index]):
        cmd = [args.bin, "export", *source, "--format", args.format, "--out", "/dev/null"]
        secs, cpu, max_rss, anon, err = measure(cmd)
        note = next((l for l in err.splitlines() if l.startswith("dateline: exported")), "")
        n = int(re.search(r"exported (\d+) articles", note).group(1))
        print(f"{' '.join(cmd)}")
        print(f"  {n} articles in {secs:.2f} s wall = {n / secs:,.0f} articles/s "
              f"({cpu:.2f} s CPU = {n / max(cpu, 0.01):,.0f} articles per CPU second); "
              f"max RSS {max_rss / 1024:.1f} MB (time -v), peak RssAnon {anon / 1024:.1f} MB")
        print(f"  {note}")


if __name__ == "__main__":
    main()
