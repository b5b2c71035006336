#!/usr/bin/env python3
"""Turns one benchmark run folder into the side-by-side table, the target checks and the raw numbers.

    python3 bench/report.py RUN_DIR      # writes RUN_DIR/report.md, results.json, results.csv; prints report.md

Reads what bench/run.sh left there: machine.json, builds.tsv (+ the /usr/bin/time -v logs), per corpus
hits.json and queries/*.json (hyperfine), grep.json and sqlite-client.json. Exit status 0 whatever the targets
say: the PASS/FAIL lines are the verdict.
"""
import csv
import json
import math
import os
import re
import sys

# Issue 6's targets, checked on the scaled corpus.
BUILD_SPEEDUP = 2.0
QUERY_MS = 10.0
GEOMEAN_SPEEDUP = 4.0
RSS_MB = 250.0
FLAT_GROWTH = 1.25  # peak RSS on the whole scaled corpus over peak RSS on its first half
SIZE_RATIO = 0.7


def time_log(path):
    """Wall seconds, CPU seconds and max RSS (MB) from a /usr/bin/time -v log."""
    text = open(path).read()

    def field(name):
        m = re.search(rf"{re.escape(name)}: (.+)", text)
        return m.group(1).strip() if m else None

    wall = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        wall = wall * 60 + float(part)
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_rss_mb": int(field("Maximum resident set size (kbytes)")) / 1024,
        # Blocking waits (I/O, locks) against being pushed off a core by other processes: tells a disk-bound
        # build from one on a busy machine.
        "voluntary_switches": int(field("Voluntary context switches")),
        "involuntary_switches": int(field("Involuntary context switches")),
    }


def segments(index_dir):
    """How many segments a dateline index has (query latency grows with it)."""
    for root, _, files in os.walk(index_dir):
        if "meta.json" in files:
            return len(json.load(open(os.path.join(root, "meta.json")))["segments"])
    return None


def builds(run):
    """Per corpus and tool/variant: the median run (wall and CPU time), the highest peak RSS of all runs."""
    rows = {}
    with open(os.path.join(run, "builds.tsv")) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            b = time_log(row["time_log"])
            files, nbytes = int(row["files"]), int(row["input_bytes"])
            b.update({"files": files, "input_bytes": nbytes, "index_mb": int(row["size_bytes"]) / 1e6})
            if row["tool"] == "dateline" and os.path.isdir(row["index"]):
                b["segments"] = segments(row["index"])
            # dateline's own summary line: "indexed N articles from M files ..." (duplicates are not indexed).
            out_log = row["time_log"][: -len(".time")] + ".out"
            m = re.search(r"indexed (\d+) articles", open(out_log).read()) if os.path.exists(out_log) else None
            if m:
                b["articles_indexed"] = int(m.group(1))
            rows.setdefault((row["corpus"], f"{row['tool']}/{row['variant']}"), []).append(b)
    out = {}
    for (corpus, key), runs in rows.items():
        runs.sort(key=lambda b: b["wall_s"])
        b = dict(runs[(len(runs) - 1) // 2])
        b["cpu_s"] = sorted(x["cpu_s"] for x in runs)[(len(runs) - 1) // 2]
        b["peak_rss_mb"] = max(x["peak_rss_mb"] for x in runs)
        b["runs_wall_s"] = [round(x["wall_s"], 2) for x in runs]
        b["articles_per_s"] = b["files"] / b["wall_s"]
        b["input_mb"] = b["input_bytes"] / 1e6
        b["input_mb_per_s"] = b["input_mb"] / b["wall_s"]
        out.setdefault(corpus, {})[key] = b
    return out


def hyperfine(path):
    """{command name: {median_ms, mean_ms, stddev_ms, min_ms, max_ms, runs}}."""
    out = {}
    for r in json.load(open(path))["results"]:
        out[r["command"]] = {
            "median_ms": r["median"] * 1000,
            "mean_ms": r["mean"] * 1000,
            "stddev_ms": (r["stddev"] or 0) * 1000,
            "min_ms": r["min"] * 1000,
            "max_ms": r["max"] * 1000,
            "runs": len(r["times"]),
            "cpu_ms": (r["user"] + r["system"]) * 1000,
        }
    return out


def queries(run, corpus):
    hits = json.load(open(os.path.join(run, corpus, "hits.json")))
    out = {}
    for name, h in hits.items():
        path = os.path.join(run, corpus, "queries", f"{name}.json")
        if not os.path.exists(path):
            continue
        t = hyperfine(path)
        d, s = t["dateline"], t["sqlite"]
        out[name] = {
            "label": h["label"],
            "dateline": d,
            "sqlite": s,
            "dateline_hits": h["dateline_hits"],
            "sqlite_hits": h["sqlite_hits"],
            "speedup": s["median_ms"] / d["median_ms"],
            "sql": h["sql"],
            "dateline_args": h["dateline_args"],
        }
    return out


def geomean(xs):
    xs = [x for x in xs if x > 0]
    return math.exp(sum(map(math.log, xs)) / len(xs)) if xs else float("nan")


def fmt(x, digits=1):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if isinstance(x, int):
        return f"{x:,}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


def corpus_table(name, c):
    d, s = c["builds"].get("dateline/default"), c["builds"].get("sqlite/default")
    lines = [f"### {name}: {fmt(d['files'])} articles, {d['input_mb']:.0f} MB of text", "",
             "| figure | dateline | SQLite FTS5 | dateline / SQLite |", "|---|---:|---:|---:|"]

    def row(label, dv, sv, digits=1):
        ratio = dv / sv if dv and sv else None
        lines.append(f"| {label} | {fmt(dv, digits)} | {fmt(sv, digits)} | {fmt(ratio, 2)} |")

    n = len(d["runs_wall_s"])
    row("build wall time, s" + (f" (median of {n})" if n > 1 else ""), d["wall_s"], s["wall_s"])
    row("build CPU time (user+sys), s", d["cpu_s"], s["cpu_s"])
    row("cores busy during the build (CPU time / wall time)", d["cpu_s"] / d["wall_s"], s["cpu_s"] / s["wall_s"], 2)
    row("articles per second", d["articles_per_s"], s["articles_per_s"], 0)
    row("input MB per second", d["input_mb_per_s"], s["input_mb_per_s"], 2)
    row("index size, MB", d["index_mb"], s["index_mb"])
    row("peak RSS during build, MB", d["peak_rss_mb"], s["peak_rss_mb"])
    for q in c["queries"].values():
        hits = f"{fmt(q['dateline_hits'])} / {fmt(q['sqlite_hits'])}"
        row(f"{q['label']} — median ms (hits {hits})", q["dateline"]["median_ms"], q["sqlite"]["median_ms"], 2)
    lines.append(f"| geometric mean of per-query speed-ups (SQLite ms / dateline ms) | | | "
                 f"**{fmt(c['geomean_speedup'], 2)}×** |")
    lines.append("")
    extra = []
    if len(d["runs_wall_s"]) > 1:
        extra.append(f"build wall times, every run: dateline {d['runs_wall_s']} s, SQLite {s['runs_wall_s']} s; "
                     "peak RSS is the highest of the runs")
    if d.get("segments") is not None:
        extra.append(f"dateline index segments after rebuild: {d['segments']}")
    plain = c["builds"].get("dateline/no-enrichment")
    if plain:
        extra.append(f"dateline without dates and places (`--no-dates --no-places`): {plain['wall_s']:.1f} s "
                     f"({plain['cpu_s']:.1f} s CPU), {plain['articles_per_s']:,.0f} articles/s, peak RSS "
                     f"{plain['peak_rss_mb']:.0f} MB; with them {d['wall_s']:.1f} s ({d['cpu_s']:.1f} s CPU): "
                     f"enrichment costs {d['cpu_s'] - plain['cpu_s']:+.1f} s of CPU")
    if d.get("articles_indexed") is not None:
        extra.append(f"dateline indexed {d['articles_indexed']:,} of the {d['files']:,} files' articles "
                     f"(it skips exact duplicates); SQLite all {s['files']:,}")
    for part in ("quarter", "half"):
        b = c["builds"].get(f"dateline/{part}")
        if b:
            extra.append(f"dateline on the first {part} ({b['files']:,} articles): peak RSS "
                         f"{b['peak_rss_mb']:.0f} MB, {b['wall_s']:.1f} s")
    for key, label in (("grep", "one word (oil) over the whole folder"), ("sqlite_client", "SQLite client")):
        if key in c:
            extra.append(f"{label}: " + ", ".join(f"{k} {v['median_ms']:.1f} ms" for k, v in c[key].items()))
    extra.append("CPU time per query (user+sys, mean over the runs), dateline / SQLite ms: " + "; ".join(
        f"{q['label']} {q['dateline']['cpu_ms']:.1f} / {q['sqlite']['cpu_ms']:.1f}" for q in c["queries"].values()))
    lines += [f"- {e}" for e in extra]
    return lines


def targets(c, nproc):
    """(name, measured, PASS/FAIL/–) for the scaled corpus."""
    d, s = c["builds"]["dateline/default"], c["builds"]["sqlite/default"]
    qs = c["queries"].values()
    out = []
    empty = [q["label"] for q in qs if q["dateline_hits"] == 0 and q["sqlite_hits"] > 0]
    out.append(("every query finds something with both tools (else its time means little)",
                "dateline finds nothing for: " + "; ".join(empty) if empty else "yes", not empty))
    speed = s["wall_s"] / d["wall_s"]
    # SQLite builds on one core, dateline on all of them: with every core busy for dateline and SQLite never
    # waiting, the wall-time ratio would be cores × (SQLite CPU / dateline CPU). A measured ratio far above that
    # means SQLite's build waited (a busy machine, the disk).
    bound = nproc * s["cpu_s"] / d["cpu_s"]
    out.append((f"rebuild throughput ≥ {BUILD_SPEEDUP:g}× SQLite's (dates and places on)",
                f"{speed:.2f}× ({d['articles_per_s']:,.0f} vs {s['articles_per_s']:,.0f} articles/s; CPU time "
                f"{d['cpu_s']:.0f} vs {s['cpu_s']:.0f} s, so at most {bound:.2f}× on {nproc} cores without waits)",
                speed >= BUILD_SPEEDUP))
    slow = [f"{q['label']} {q['dateline']['median_ms']:.1f} ms" for q in qs if q["dateline"]["median_ms"] >= QUERY_MS]
    out.append((f"every query's whole-process median < {QUERY_MS:g} ms",
                "over: " + "; ".join(slow) if slow else
                f"max {max(q['dateline']['median_ms'] for q in qs):.1f} ms", not slow))
    slower = [f"{q['label']} ({q['speedup']:.2f}×)" for q in qs if q["speedup"] < 1]
    out.append(("no query slower than SQLite's", "slower: " + "; ".join(slower) if slower else
                f"min speed-up {min(q['speedup'] for q in qs):.2f}×", not slower))
    g = c["geomean_speedup"]
    out.append((f"geometric mean of per-query speed-ups ≥ {GEOMEAN_SPEEDUP:g}×", f"{g:.2f}×", g >= GEOMEAN_SPEEDUP))
    out.append((f"peak RSS during rebuild < {RSS_MB:g} MB", f"{d['peak_rss_mb']:.0f} MB", d["peak_rss_mb"] < RSS_MB))
    half, quarter = c["builds"].get("dateline/half"), c["builds"].get("dateline/quarter")
    if half:
        # From the half on, the writer's budget is full: what grows after that grows with the corpus.
        growth = d["peak_rss_mb"] / half["peak_rss_mb"]
        series = " → ".join(f"{b['peak_rss_mb']:.0f}" for b in (quarter, half, d) if b)
        out.append((f"peak RSS flat as the corpus grows (2× the articles past the writer's budget, "
                    f"≤ {FLAT_GROWTH:g}× the memory)",
                    f"{growth:.2f}× (quarter → half → whole: {series} MB)", growth <= FLAT_GROWTH))
    else:
        out.append(("peak RSS flat as the corpus grows", "not measured (--quick or --no-flat)", None))
    ratio = d["index_mb"] / s["index_mb"]
    out.append((f"index size ≤ {SIZE_RATIO:g}× SQLite's", f"{ratio:.2f}× ({d['index_mb']:.0f} vs {s['index_mb']:.0f} MB)",
                ratio <= SIZE_RATIO))
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    run = sys.argv[1]
    machine = json.load(open(os.path.join(run, "machine.json")))
    results = {"machine": machine, "corpora": {}}
    for corpus, b in builds(run).items():
        c = {"builds": b, "queries": queries(run, corpus)}
        c["geomean_speedup"] = geomean([q["speedup"] for q in c["queries"].values()])
        for key, fname in (("grep", "grep.json"), ("sqlite_client", "sqlite-client.json")):
            p = os.path.join(run, corpus, fname)
            if os.path.exists(p):
                c[key] = hyperfine(p)
        results["corpora"][corpus] = c

    m = machine
    lines = ["## dateline vs SQLite FTS5", "",
             f"Commit {m['commit']} ({m['dateline']}), {m['nproc']} cores ({m['cpu']}), {m['mem_mb'] / 1024:.0f} GB, "
             f"kernel {m['kernel']}, SQLite {m['sqlite3']}, Python {m['python']}, {m['hyperfine']}. "
             f"Load average at start {' '.join(m['loadavg_start'])}, at end {' '.join(m.get('loadavg_end', ['?']))}."
             + (" Quick mode." if m["quick"] else ""), ""]
    for corpus, title in (("real", "Reuters-21578, real articles"), ("scaled", "Scaled corpus")):
        if corpus in results["corpora"]:
            lines += corpus_table(title, results["corpora"][corpus]) + [""]
    if "scaled" in results["corpora"]:
        checks = targets(results["corpora"]["scaled"], m["nproc"] or 1)
        results["targets"] = [{"target": t, "measured": v, "pass": p} for t, v, p in checks]
        lines += ["### Targets (scaled corpus)", ""]
        for t, v, p in checks:
            verdict = "–" if p is None else ("PASS" if p else "FAIL")
            lines.append(f"- **{verdict}** {t}: {v}")
        lines.append("")

    report = "\n".join(lines)
    with open(os.path.join(run, "report.md"), "w") as f:
        f.write(report)
    with open(os.path.join(run, "results.json"), "w") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)
    with open(os.path.join(run, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["corpus", "figure", "dateline", "sqlite", "ratio_dateline_over_sqlite"])
        for corpus, c in results["corpora"].items():
            d, s = c["builds"]["dateline/default"], c["builds"]["sqlite/default"]
            for k in ("wall_s", "cpu_s", "articles_per_s", "input_mb_per_s", "index_mb", "peak_rss_mb"):
                w.writerow([corpus, f"build_{k}", round(d[k], 3), round(s[k], 3), round(d[k] / s[k], 4)])
            for name, q in c["queries"].items():
                dm, sm = q["dateline"]["median_ms"], q["sqlite"]["median_ms"]
                w.writerow([corpus, f"query_{name}_median_ms", round(dm, 3), round(sm, 3), round(dm / sm, 4)])
            w.writerow([corpus, "geomean_speedup", "", "", round(c["geomean_speedup"], 4)])
    print(report)


if __name__ == "__main__":
    main()
