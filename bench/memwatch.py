#!/usr/bin/env python3
"""Runs a command and samples its memory from /proc every 50 ms, to tell heap from mapped files.

    python3 bench/memwatch.py [--csv timeline.csv] -- COMMAND ARGS...

`/usr/bin/time -v` reports one number, the peak resident set, which counts both the process's own memory
(RssAnon: heap, arenas, stacks) and the pages of files it has mapped and touched (RssFile: for tantivy, the
segments it reads back while serializing and merging). The kernel can drop the second kind under pressure; the
first is what the writer budget is supposed to bound. Prints the peak of each, and when it happened.
"""
import argparse
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


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--csv", help="write the timeline here")
    ap.add_argument("--every", type=float, default=0.05, help="seconds between samples")
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
        if s:
            timeline.append((time.time() - t0, s))
        time.sleep(args.every)
    if args.csv:
        with open(args.csv, "w") as f:
            f.write("seconds," + ",".join(FIELDS) + "\n")
            for t, s in timeline:
                f.write(f"{t:.2f}," + ",".join(f"{s.get(k, 0):.1f}" for k in FIELDS) + "\n")
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
