#!/usr/bin/env python3
"""The SQLite FTS5 peer of the benchmark: builds a database from the same corpus and defines the query set.

    python3 bench/sqlite_fts.py build --corpus DIR --meta DIR.meta.tsv --db FILE
    python3 bench/sqlite_fts.py commands --bin DATELINE --index DIR --db FILE   # hyperfine command pairs, TSV
    python3 bench/sqlite_fts.py check --bin DATELINE --index DIR --db FILE --out hits.json

Build: every `.txt` file of the corpus is read the way dateline's plain-text reader reads it (an optional header
block of `Key: value` lines ending at a blank line, then the first non-empty line is the title and the rest the
body) and goes into

    doc(id INTEGER PRIMARY KEY, path TEXT, published TEXT)          -- index on published
    place(doc INTEGER, country TEXT)                                 -- indexes on (country, doc) and (doc)
    fts USING fts5(title, body, tokenize='porter')                   -- rowid = doc.id, title and body stored

`published` (ISO, UTC) and the countries come from the corpus's .meta.tsv, i.e. from Reuters' own <DATE> and
<PLACES>: SQLite gets for free what dateline has to find in the text. The load is one transaction with journal and
sync off, the b-tree indexes are created after the load, and the FTS index is merged to one segment at the end
(`optimize`, counted in the build time): SQLite's best case.

Queries run in the `sqlite3` command-line shell (a new process each time, as dateline's are). Each returns the
top 10 by FTS5's bm25 `rank` with what dateline prints for a hit: path, title, date, a snippet and the countries.
FTS5 sorts by rank itself and the snippet and sub-selects are computed for the 10 rows returned only. A date or
place filter is `+rowid IN (SELECT ...)`: the `+` keeps SQLite from handing the id list to FTS5 as rowid lookups
(one full-text evaluation per id: 100 times slower) and lets FTS5 keep sorting by rank; the list is built once.
"""
import argparse
import json
import os
import shlex
import sqlite3
import subprocess
import sys
import time

SCHEMA = """
CREATE TABLE doc(id INTEGER PRIMARY KEY, path TEXT NOT NULL, published TEXT);
CREATE TABLE place(doc INTEGER NOT NULL, country TEXT NOT NULL);
CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='porter');
"""

INDEXES = """
CREATE INDEX doc_published ON doc(published);
CREATE INDEX place_country ON place(country, doc);
CREATE INDEX place_doc ON place(doc);
INSERT INTO fts(fts) VALUES('optimize');
ANALYZE;
"""

# What a hit prints, as dateline's --format jsonl does: id/path, title, date, snippet, places.
HIT = ("SELECT (SELECT path FROM doc WHERE id = fts.rowid), title, "
       "(SELECT published FROM doc WHERE id = fts.rowid), "
       "snippet(fts, 1, '[', ']', '…', 32), "
       "(SELECT group_concat(country, '|') FROM place WHERE doc = fts.rowid) "
       "FROM fts WHERE fts MATCH '{match}'{filter} ORDER BY rank LIMIT 10;")
COUNT = "SELECT count(*) FROM fts WHERE fts MATCH '{match}'{filter};"

MONTH = ("1987-03-01", "1987-04-01")
PLACE = "Japan"
IN_MONTH = f" AND +rowid IN (SELECT id FROM doc WHERE published >= '{MONTH[0]}' AND published < '{MONTH[1]}')"
IN_PLACE = f" AND +rowid IN (SELECT doc FROM place WHERE country = '{PLACE}')"
FACET = "SELECT country, count(*) AS n FROM place GROUP BY country ORDER BY n DESC, country LIMIT 20;"


def search(name, label, words, dateline_filters=(), match=None, sql_filter=""):
    match = match or words
    return {
        "name": name,
        "label": label,
        "dateline": ["search", words, *dateline_filters, "--limit", "10", "--format", "jsonl"],
        "dateline_count": ["search", words, *dateline_filters, "--limit", "0", "--format", "json"],
        "sql": HIT.format(match=match, filter=sql_filter),
        "sql_count": COUNT.format(match=match, filter=sql_filter),
    }


# The query set. dateline prints the top 10 as JSON lines (its default --limit 10); SQLite the same columns.
QUERIES = [
    search("word", "one word: oil", "oil"),
    search("two_words", "two words: oil prices", "oil prices"),
    search("phrase", 'phrase: "interest rates"', '"interest rates"'),
    search("rare_word", "rare word: cazenove", "cazenove"),
    search("word_month", "oil, March 1987", "oil", ["--from", "1987-03", "--to", "1987-03"], sql_filter=IN_MONTH),
    search("word_place", f"trade, place {PLACE}", "trade", ["--place", PLACE], sql_filter=IN_PLACE),
    {
        "name": "facet_countries",
        "label": "articles per country, top 20",
        "dateline": ["facets", "places", "--format", "json"],
        "dateline_count": ["facets", "places", "--format", "json"],
        "sql": FACET,
        "sql_count": FACET,
    },
]


def dateline_cmd(q, key, binary, index):
    return [binary, *q[key], "--index", index]


def sqlite_cmd(sql, db):
    # -init /dev/null: a user's ~/.sqliterc must not change what is measured.
    return ["sqlite3", "-init", "/dev/null", "-readonly", "-batch", db, sql]


def commands(args):
    """One TSV line per query: name, label, dateline command, sqlite command (POSIX-quoted, as hyperfine -N reads)."""
    for q in QUERIES:
        d = shlex.join(dateline_cmd(q, "dateline", args.bin, args.index))
        s = shlex.join(sqlite_cmd(q["sql"], args.db))
        print("\t".join([q["name"], q["label"], d, s]))


def check(args):
    """Runs every query once with each tool: exit status, hits, output size. Fails on an error (exit 2 and up)."""
    out = {}
    for q in QUERIES:
        row = {"label": q["label"], "sql": q["sql"], "dateline_args": q["dateline"]}
        p = subprocess.run(dateline_cmd(q, "dateline_count", args.bin, args.index), capture_output=True, text=True)
        if p.returncode >= 2:
            sys.exit(f"sqlite_fts: dateline failed on {q['name']}: {p.stderr.strip()}")
        if p.returncode == 1 or not p.stdout.strip():
            row["dateline_hits"] = 0
        else:
            data = json.loads(p.stdout)
            row["dateline_hits"] = data["total"] if isinstance(data, dict) else len(data)
            if isinstance(data, list) and data:
                row["dateline_top"] = data[0]
        p = subprocess.run(sqlite_cmd(q["sql_count"], args.db), capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"sqlite_fts: sqlite3 failed on {q['name']}: {p.stderr.strip()}")
        lines = p.stdout.strip().splitlines()
        if q["name"].startswith("facet"):
            row["sqlite_hits"] = len(lines)
            row["sqlite_top"] = lines[0] if lines else None
        else:
            row["sqlite_hits"] = int(lines[0])
        out[q["name"]] = row
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)


def read_article(text):
    """(title, body) as dateline's plain-text reader splits a file."""
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    j = i
    while j < len(lines) and lines[j].strip():
        j += 1
    header = lines[i:j]
    known = ("title", "headline", "date", "published", "source", "url", "link", "author", "by", "language")
    title = None
    if header and all(":" in h and h.split(":", 1)[0].strip().lower() in known for h in header):
        for h in header:
            key, value = h.split(":", 1)
            if key.strip().lower() in ("title", "headline") and value.strip():
                title = value.strip()
        i = j
    if title is None:
        while i < len(lines) and not lines[i].strip():
            i += 1
        title = lines[i].strip() if i < len(lines) else ""
        i += 1
    return title, "\n".join(lines[i:]).strip()


def walk_sorted(root, rel=""):
    """Every .txt file under root as (relative path, absolute path), in the order dateline's walk sorts them,
    one folder at a time: the loader's memory must be SQLite's, not a list of 500,000 paths."""
    with os.scandir(os.path.join(root, rel) if rel else root) as it:
        entries = sorted(it, key=lambda e: e.name)
    for e in entries:
        if e.name.startswith("."):
            continue
        path = f"{rel}/{e.name}" if rel else e.name
        if e.is_dir(follow_symlinks=True):
            yield from walk_sorted(root, path)
        elif e.name.endswith(".txt"):
            yield path, e.path


def meta_rows(path):
    """(path, published, countries) per line of a .meta.tsv, in file order (the corpus's sorted order)."""
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            rel, published, countries = line.rstrip("\n").split("\t")
            yield rel, published or None, [c for c in countries.split("|") if c]


def build(args):
    if os.path.exists(args.db):
        os.remove(args.db)
    t0 = time.time()
    meta = meta_rows(args.meta)
    con = sqlite3.connect(args.db, isolation_level=None)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute(f"PRAGMA cache_size=-{args.cache_mb * 1024}")
    con.executescript(SCHEMA)
    con.execute("BEGIN")
    n = 0
    nbytes = 0
    docs, fts, places = [], [], []

    def flush():
        con.executemany("INSERT INTO doc(id, path, published) VALUES (?, ?, ?)", docs)
        con.executemany("INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)", fts)
        con.executemany("INSERT INTO place(doc, country) VALUES (?, ?)", places)
        docs.clear()
        fts.clear()
        places.clear()

    for rel, abs_path in walk_sorted(args.corpus):
        # The generator writes .meta.tsv in corpus order, so the two are read side by side, without a lookup table.
        m_rel, published, countries = next(meta, (None, None, []))
        if m_rel != rel:
            sys.exit(f"sqlite_fts: {args.meta} does not match the corpus at {rel} (meta has {m_rel})")
        with open(abs_path, "rb") as f:
            raw = f.read()
        nbytes += len(raw)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        title, body = read_article(text)
        n += 1
        docs.append((n, rel, published))
        fts.append((n, title, body))
        places.extend((n, c) for c in countries)
        if len(docs) >= 1000:
            flush()
    flush()
    con.execute("COMMIT")
    t_load = time.time() - t0
    con.executescript(INDEXES)
    con.close()
    print(f"sqlite_fts: {n} articles, {nbytes / 1e6:.1f} MB of text: loaded in {t_load:.1f} s, "
          f"indexed and optimized in {time.time() - t0 - t_load:.1f} s", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="build the FTS5 database from a corpus")
    b.add_argument("--corpus", required=True)
    b.add_argument("--meta", required=True, help="the corpus's .meta.tsv (dates and countries)")
    b.add_argument("--db", required=True)
    b.add_argument("--cache-mb", type=int, default=2, help="SQLite page cache (default: SQLite's own 2 MB)")
    b.set_defaults(func=build)
    for name, func, what in (("commands", commands, "print the hyperfine command pairs as TSV"),
                             ("check", check, "run each query once per tool and save hits as JSON")):
        c = sub.add_parser(name, help=what)
        c.add_argument("--bin", required=True, help="the dateline binary")
        c.add_argument("--index", required=True, help="dateline's index folder")
        c.add_argument("--db", required=True, help="the SQLite database")
        if name == "check":
            c.add_argument("--out", required=True, help="JSON file to write")
        c.set_defaults(func=func)
    args = ap.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
