#!/usr/bin/env python3
"""`dateline serve` against Datasette on the benchmark corpus: latency and throughput of the JSON search API for
the benchmark's queries (bench/sqlite_fts.py QUERIES) under 1, 8 and 32 concurrent clients, of the full search page
(hits, facets, chart and map data), and the server's memory under a soak. Datasette serves the SQLite FTS5 database
the benchmark builds (bench/sqlite_fts.py build) and answers the same SQL the command-line benchmark runs, through
its JSON API; both servers run in the same run, query by query, interleaved.

    python3 bench/serve_bench.py --size 500000            # the lead's run on a quiet machine (default soak 600 s)
    python3 bench/serve_bench.py --size 50000 --duration 5 --soak 60   # validating the script

Options: --size N (scaled corpus, default 500000; 0 = the real 19,043 articles), --bin PATH (default
target/release/dateline), --out DIR (default $BENCH_DIR or /tmp/dateline-bench), --reuters DIR, --duration S (per
measurement, default 10), --clients 1,8,32, --soak S (0 skips it), --no-datasette, --fresh (rebuild the index and
the database even when present).

Needs wrk (Debian: apt-get install wrk; installed when missing) and Datasette (pip install datasette; installed
when missing). Corpora are the ones bench/run.sh makes (cached in $OUT/corpora); indexes, databases and results go to
$OUT/serve-work and $OUT/serve-runs/<time>/ (report.md, results.json), outside the repository.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import sqlite_fts  # noqa: E402  (the query set and the SQLite peer)


def say(msg):
    print(f"serve-bench: {msg}", file=sys.stderr, flush=True)


def die(msg):
    say(msg)
    sys.exit(2)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_tools(use_datasette):
    if not shutil.which("wrk"):
        say("installing wrk (apt-get)")
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        if subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True).returncode:
            subprocess.run(sudo + ["apt-get", "update", "-qq"], capture_output=True)
            if subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True).returncode:
                die("cannot install wrk; install it and run again")
    if use_datasette and not shutil.which("datasette"):
        say("installing datasette (pip)")
        if subprocess.run([sys.executable, "-m", "pip", "install", "-q", "datasette"]).returncode:
            die("cannot install datasette (pip install datasette)")


def api_path(q):
    """The dateline API URL of a benchmark query (its CLI arguments mapped to parameters)."""
    args = q["dateline"]
    if args[0] == "facets":
        return "/api/facets/places"
    params = [("q", args[1])]
    rest = args[2:]
    i = 0
    while i < len(rest):
        flag = rest[i]
        if flag == "--format":
            i += 2
            continue
        params.append((flag.lstrip("-").replace("-", "_"), rest[i + 1]))
        i += 2
    return "/api/search?" + urllib.parse.urlencode(params)


def page_paths():
    return [
        ("page_word", "search page: oil", "/?q=oil"),
        ("page_word_month", "search page: oil, March 1987", "/?q=oil&from=1987-03&to=1987-03"),
        ("page_word_place", "search page: trade, place Japan", "/?q=trade&place=Japan"),
        ("page_all", "search page: no query", "/"),
    ]


def wait_http(url, proc, what, timeout=120):
    start = time.time()
    while time.time() - start < timeout:
        if proc.poll() is not None:
            die(f"{what} exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                r.read()
                return
        except OSError:
            time.sleep(0.2)
    die(f"{what} did not answer at {url}")


def get(url):
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.status, r.read()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url, clients, duration, lua=None):
    threads = min(clients, 2)
    cmd = ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{duration}s", "--latency", "--timeout", "30s"]
    if lua:
        cmd += ["-s", lua]
    cmd.append(url)
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode:
        die(f"wrk failed: {p.stderr.strip()}")
    out = p.stdout
    res = {"raw": out}
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    res["rps"] = float(m.group(1)) if m else 0.0
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        res[f"p{pct}_ms"] = float(m.group(1)) * UNITS[m.group(2)] if m else None
    m = re.search(r"(\d+) requests in", out)
    res["requests"] = int(m.group(1)) if m else 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    res["errors"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        res["errors"] += sum(int(x) for x in m.groups())
    return res


def rss_kb(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def fmt_ms(v):
    return "–" if v is None else (f"{v:.2f}" if v < 10 else f"{v:.1f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=500000)
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "dateline"))
    ap.add_argument("--out", default=os.environ.get("BENCH_DIR", "/tmp/dateline-bench"))
    ap.add_argument("--reuters", default=os.environ.get("REUTERS_DIR", os.path.join(REPO, "..", "shared", "corpora", "reuters21578")))
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--clients", default="1,8,32")
    ap.add_argument("--soak", type=int, default=600)
    ap.add_argument("--no-datasette", action="store_true")
    ap.add_argument("--fresh", action="store_true")
    a = ap.parse_args()
    clients = [int(c) for c in a.clients.split(",") if c.strip()]
    use_ds = not a.no_datasette
    binary = os.path.realpath(a.bin)
    if not os.access(binary, os.X_OK):
        die(f"no dateline binary at {binary}: cargo build --release, or pass --bin")
    if not os.path.isdir(a.reuters):
        die(f"no Reuters-21578 at {a.reuters}: pass --reuters DIR")
    ensure_tools(use_ds)

    out = os.path.realpath(a.out)
    os.makedirs(os.path.join(out, "corpora"), exist_ok=True)
    run_dir = os.path.join(out, "serve-runs", time.strftime("%Y%m%d-%H%M%S"))
    os.makedirs(run_dir)
    say(f"results go to {run_dir}")
    p = subprocess.run([sys.executable, os.path.join(HERE, "make_corpus.py"), "--reuters", a.reuters, "--out",
                        os.path.join(out, "corpora"), "--size", str(a.size)], capture_output=True, text=True)
    if p.returncode:
        die(f"make_corpus.py failed: {p.stderr.strip()}")
    corpus = p.stdout.strip().splitlines()[-1]
    label = os.path.basename(corpus)
    work = os.path.join(out, "serve-work")
    os.makedirs(work, exist_ok=True)
    index = os.path.join(work, f"{label}.dateline")
    db_dir = os.path.join(work, f"{label}.datasette")
    db = os.path.join(db_dir, "bench.sqlite")
    if a.fresh or not os.path.exists(os.path.join(index, "CURRENT")):
        say(f"indexing {corpus} with dateline")
        shutil.rmtree(index, ignore_errors=True)
        if subprocess.run([binary, "rebuild", "--corpus", corpus, "--index", index, "-q"]).returncode:
            die("dateline rebuild failed")
    if use_ds and (a.fresh or not os.path.exists(db)):
        say("building the SQLite FTS5 database")
        shutil.rmtree(db_dir, ignore_errors=True)
        os.makedirs(db_dir)
        if subprocess.run([sys.executable, os.path.join(HERE, "sqlite_fts.py"), "build", "--corpus", corpus,
                           "--meta", corpus + ".meta.tsv", "--db", db]).returncode:
            die("sqlite_fts.py build failed")

    procs = []

    def stop_all():
        for pr in procs:
            if pr.poll() is None:
                pr.send_signal(signal.SIGINT)
                try:
                    pr.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    pr.kill()

    try:
        dport = free_port()
        dl = subprocess.Popen([binary, "serve", "--index", index, "--addr", f"127.0.0.1:{dport}"],
                              stdout=subprocess.DEVNULL, stderr=open(os.path.join(run_dir, "dateline-serve.log"), "w"))
        procs.append(dl)
        dbase = f"http://127.0.0.1:{dport}"
        wait_http(dbase + "/api/stats", dl, "dateline serve")
        if use_ds:
            sport = free_port()
            ds = subprocess.Popen(["datasette", "serve", db, "--host", "127.0.0.1", "--port", str(sport),
                                   "--setting", "sql_time_limit_ms", "60000", "--setting", "max_returned_rows", "1000"],
                                  stdout=subprocess.DEVNULL, stderr=open(os.path.join(run_dir, "datasette.log"), "w"))
            procs.append(ds)
            sbase = f"http://127.0.0.1:{sport}"
            wait_http(sbase + "/-/versions.json", ds, "datasette")
            versions = json.loads(get(sbase + "/-/versions.json")[1])
        else:
            sbase, versions = None, {}

        # The questions, checked once: both answer, with hits.
        rows = []
        for q in sqlite_fts.QUERIES:
            dpath = api_path(q)
            st, body = get(dbase + dpath)
            if st != 200:
                die(f"dateline {dpath}: status {st}")
            data = json.loads(body)
            d_hits = data["total"] if isinstance(data, dict) else len(data)
            spath = None
            s_rows = None
            if use_ds:
                sql = q["sql"].strip().rstrip(";")
                spath = "/bench.json?" + urllib.parse.urlencode({"sql": sql, "_shape": "array"})
                st, body = get(sbase + spath)
                if st != 200:
                    die(f"datasette {q['name']}: status {st}: {body[:300]!r}")
                s_rows = len(json.loads(body))
            rows.append({"name": q["name"], "label": q["label"], "kind": "api", "dateline": dpath,
                         "datasette": spath, "dateline_total": d_hits, "datasette_rows": s_rows})
        for name, lab, path in page_paths():
            st, body = get(dbase + path)
            if st != 200:
                die(f"dateline {path}: status {st}")
            peer = None
            if use_ds:
                # Datasette's own HTML page for the same word's SQL: the nearest thing it has to a search page.
                word = "oil" if "oil" in path else ("trade" if "trade" in path else None)
                if word:
                    q = next(x for x in sqlite_fts.QUERIES if x["name"] == ("word" if word == "oil" else "word_place"))
                    peer = "/bench?" + urllib.parse.urlencode({"sql": q["sql"].strip().rstrip(";")})
            rows.append({"name": name, "label": lab, "kind": "page", "dateline": path, "datasette": peer,
                         "dateline_bytes": len(body)})

        # Warm both (first requests map files and fill caches), then measure, interleaved.
        for r in rows:
            get(dbase + r["dateline"])
            if r["datasette"]:
                get(sbase + r["datasette"])
        results = []
        for r in rows:
            for c in clients:
                say(f"{r['label']}, {c} client(s)")
                cell = {"name": r["name"], "label": r["label"], "kind": r["kind"], "clients": c}
                cell["dateline"] = wrk(dbase + r["dateline"], c, a.duration)
                if r["datasette"]:
                    cell["datasette"] = wrk(sbase + r["datasette"], c, a.duration)
                for side in ("dateline", "datasette"):
                    if side in cell:
                        with open(os.path.join(run_dir, f"wrk-{r['name']}-{c}-{side}.txt"), "w") as f:
                            f.write(cell[side].pop("raw"))
                results.append(cell)

        soak = None
        if a.soak > 0:
            say(f"soak: {a.soak} s of mixed API and page requests, 8 clients, memory sampled every 5 s")
            lua = os.path.join(run_dir, "mix.lua")
            paths = [r["dateline"] for r in rows]
            with open(lua, "w") as f:
                f.write("local paths = {" + ", ".join(json.dumps(p) for p in paths) + "}\n"
                        "local i = 0\nrequest = function()\n  i = i % #paths + 1\n"
                        "  return wrk.format(nil, paths[i])\nend\n")
            samples = [(0.0, rss_kb(dl.pid))]
            w = subprocess.Popen(["wrk", "-t", "2", "-c", "8", "-d", f"{a.soak}s", "--latency", "--timeout", "30s",
                                  "-s", lua, dbase + "/"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            start = time.time()
            while w.poll() is None:
                time.sleep(5)
                samples.append((round(time.time() - start, 1), rss_kb(dl.pid)))
            wout = w.stdout.read()
            with open(os.path.join(run_dir, "wrk-soak.txt"), "w") as f:
                f.write(wout)
            m = re.search(r"Requests/sec:\s+([\d.]+)", wout)
            m2 = re.search(r"(\d+) requests in", wout)
            body = [kb for t, kb in samples if t >= min(60, a.soak / 4)]
            soak = {"seconds": a.soak, "rss_kb": samples, "rps": float(m.group(1)) if m else 0,
                    "requests": int(m2.group(1)) if m2 else 0,
                    "rss_first_kb": body[0] if body else 0, "rss_last_kb": body[-1] if body else 0,
                    "rss_max_kb": max(kb for _, kb in samples)}
    finally:
        stop_all()

    machine = {"nproc": os.cpu_count(), "loadavg": open("/proc/loadavg").read().split()[:3],
               "dateline": subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip(),
               "datasette": versions.get("datasette", {}).get("version"),
               "sqlite": versions.get("sqlite", {}).get("version"), "size": a.size, "corpus": corpus,
               "duration_s": a.duration, "clients": clients,
               "commit": subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                                        text=True).stdout.strip()}
    json.dump({"machine": machine, "queries": rows, "results": results, "soak": soak},
              open(os.path.join(run_dir, "results.json"), "w"), indent=1)
    report = render(machine, rows, results, soak, " ".join(sys.argv))
    open(os.path.join(run_dir, "report.md"), "w").write(report)
    print(report)


def render(machine, rows, results, soak, command):
    lines = [f"# dateline serve vs Datasette: {machine['size']:,} articles" if machine["size"] else
             "# dateline serve vs Datasette: the real Reuters corpus", "",
             f"Command: `python3 {command}`; {machine['nproc']} cores, load {' '.join(machine['loadavg'])} at the end; "
             f"{machine['dateline']} ({machine['commit']}), Datasette {machine['datasette']}, SQLite {machine['sqlite']}; "
             f"wrk, {machine['duration_s']} s per cell, both servers on this machine. Latencies in ms.", "",
             "| query | clients | dateline req/s | p50 | p99 | Datasette req/s | p50 | p99 | throughput ratio |",
             "|---|---|---|---|---|---|---|---|---|"]
    verdicts = []
    for cell in results:
        d = cell["dateline"]
        s = cell.get("datasette")
        ratio = (d["rps"] / s["rps"]) if s and s["rps"] else None
        lines.append(f"| {cell['label']} | {cell['clients']} | {d['rps']:,.0f} | {fmt_ms(d['p50_ms'])} | "
                     f"{fmt_ms(d['p99_ms'])} | " + (f"{s['rps']:,.0f} | {fmt_ms(s['p50_ms'])} | {fmt_ms(s['p99_ms'])} | "
                                                   f"{ratio:,.1f}x |" if s else "– | – | – | – |"))
        errors = d["errors"] + (s["errors"] if s else 0)
        if errors:
            verdicts.append(f"ERRORS {cell['label']} at {cell['clients']} clients: {errors} failed requests")
        if cell["clients"] == 8 and cell["kind"] == "api":
            ok = d["p50_ms"] is not None and d["p50_ms"] <= 2 and d["p99_ms"] <= 10
            verdicts.append(f"{'PASS' if ok else 'FAIL'} JSON API p50 <= 2 ms and p99 <= 10 ms at 8 clients: "
                            f"{cell['label']} ({fmt_ms(d['p50_ms'])} / {fmt_ms(d['p99_ms'])})")
        if cell["clients"] == 8 and cell["kind"] == "page":
            ok = d["p99_ms"] is not None and d["p99_ms"] <= 25
            verdicts.append(f"{'PASS' if ok else 'FAIL'} search page p99 <= 25 ms at 8 clients: {cell['label']} "
                            f"({fmt_ms(d['p99_ms'])})")
        if ratio is not None and cell["kind"] == "api":
            verdicts.append(f"{'PASS' if ratio >= 10 else 'FAIL'} throughput >= 10x Datasette: {cell['label']}, "
                            f"{cell['clients']} clients ({ratio:,.1f}x)")
    lines += ["", "Search pages (dateline: hits, place and source facets, chart and map data in one HTML page; the "
              "Datasette column, where given, is its HTML page for the same SQL, which has no facets, chart or map):", ""]
    for r in rows:
        if r["kind"] == "page":
            lines.append(f"- {r['label']}: `{r['dateline']}`, {r['dateline_bytes']:,} bytes")
    if soak:
        first, last, peak = soak["rss_first_kb"], soak["rss_last_kb"], soak["rss_max_kb"]
        growth = (last - first) / first * 100 if first else 0
        lines += ["", f"Soak: {soak['seconds']} s, 8 clients cycling through every URL above, {soak['requests']:,} "
                  f"requests ({soak['rps']:,.0f}/s). Server RSS after warm-up {first / 1024:.1f} MB, at the end "
                  f"{last / 1024:.1f} MB ({growth:+.1f}%), peak {peak / 1024:.1f} MB."]
        verdicts.append(f"{'PASS' if abs(growth) <= 10 else 'FAIL'} memory flat under the soak ({growth:+.1f}%)")
    lines += ["", "```"] + verdicts + ["```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
