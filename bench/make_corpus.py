#!/usr/bin/env python3
"""Generates the benchmark corpora from Reuters-21578 (research use only, so they live outside the repository).

    python3 bench/make_corpus.py --reuters ../shared/corpora/reuters21578 --out /tmp/dateline-bench/corpora \
        --size 500000 [--size 0 for the real articles only] [--jobs 2]

Every article with a <BODY> (19,043 of them) becomes one plain-text file:

    Date: 26-FEB-1987 15:01:01.79
    <blank>
    BAHIA COCOA REVIEW
    <blank>
    SALVADOR, Feb 26 - Showers continued throughout the week in ...

The date is a `Date:` header line (the way exported archives carry it) because Reuters datelines have no year and
the layout must not put the date in the path: with the header both dateline and SQLite get the same date, so the
one-month query asks the same question of both. The file layout is `NNN/NNNNNN.txt` (1,000 files per folder,
numbered in corpus order): no year folder, no date in the name.

`--size 0` writes the real articles (`reuters-real/`). `--size N` writes N articles (`scaled-N/`): the real ones
repeated; copy k > 0 of an article has its later paragraphs and their sentences shuffled, its years (in the
`Date:` line and in the text) shifted by k, the year added to its dateline (`SALVADOR, Feb 26, 1990 -`), and a
new id. The lead sentence (dateline and all) stays first so that dates and places are found the same way in
every copy.

Beside each corpus folder, `<name>.meta.tsv` lists every file with its date (ISO, UTC) and its countries (the
<PLACES> codes as GeoNames country names): the SQLite peer's date and country columns. A corpus is regenerated
only when it is missing or its stamp (this script, the sources, the size) changed.
"""
import argparse
import hashlib
import json
import multiprocessing
import os
import random
import re
import shutil
import sys
import time

MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
PER_FOLDER = 1000

# Reuters <PLACES> codes whose name is not a GeoNames country name once `-` becomes a space. Historical states
# map to their successor, as a geoparser would resolve the names in the text.
ALIASES = {
    "antigua": "Antigua and Barbuda",
    "burma": "Myanmar",
    "congo": "Republic of the Congo",
    "czechoslovakia": "Czechia",
    "east-germany": "Germany",
    "kampuchea": "Cambodia",
    "netherlands": "The Netherlands",
    "trinidad-tobago": "Trinidad and Tobago",
    "uae": "United Arab Emirates",
    "uk": "United Kingdom",
    "us-virgin-islands": "U.S. Virgin Islands",
    "usa": "United States",
    "ussr": "Russia",
    "swaziland": "Eswatini",
    "west-germany": "Germany",
    "yemen-arab-republic": "Yemen",
    "yemen-demo-republic": "Yemen",
    "yugoslavia": "Serbia",
    "zaire": "Democratic Republic of the Congo",
}

ENTITY = re.compile(r"&(lt|gt|amp|#(\d+));")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
DATE = re.compile(r"(\d{1,2})-([A-Z]{3})-(\d{4})\s+(\d+):(\d\d):(\d\d)(\.\d+)?")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"])")
YEAR = re.compile(r"\b(19[4-9]\d)\b")
DATELINE = re.compile(r"^(\W*[A-Za-z][A-Za-z .,'/-]{0,50}?,\s*[A-Za-z]{3,9}\.?\s+\d{1,3})\s*-")
SIGN_OFF = re.compile(r"\s+(Reuters?|REUTERS?)\s*$")
SMALL_NUMBER = re.compile(r"(?<!\d)\d{1,3}(?!\d)")


def unescape(s):
    def sub(m):
        if m.group(2):
            return chr(int(m.group(2)))
        return {"lt": "<", "gt": ">", "amp": "&"}[m.group(1)]

    return CONTROL.sub("", ENTITY.sub(sub, s))


def inner(text, tag):
    i = text.find(f"<{tag}>")
    if i < 0:
        return None
    i += len(tag) + 2
    j = text.find(f"</{tag}>", i)
    return text[i:j] if j >= 0 else None


def countries(geonames):
    """Lower-case name -> GeoNames country name, from countryInfo.txt."""
    names = {}
    path = os.path.join(geonames, "countryInfo.txt")
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 4:
                names[cols[4].lower()] = cols[4]
    return names


def read_reuters(src, geonames):
    """The articles with a <BODY>, in NEWID order: dict(title, body, date fields, countries)."""
    names = countries(geonames)
    missing = sorted(set(ALIASES.values()) - set(names.values()))
    if missing:
        sys.exit(f"make_corpus: aliases name no GeoNames country: {', '.join(missing)}")
    unmapped = {}
    out = []
    files = sorted(f for f in os.listdir(src) if f.endswith(".sgm"))
    if not files:
        sys.exit(f"make_corpus: no reut2-*.sgm in {src}")
    for name in files:
        with open(os.path.join(src, name), encoding="latin-1") as f:
            text = f.read()
        for art in text.split("</REUTERS>"):
            body = inner(art, "BODY")
            if body is None:
                continue
            m = DATE.search(unescape(inner(art, "DATE") or ""))
            if not m:
                sys.exit(f"make_corpus: unreadable <DATE> in {name}")
            places = []
            for code in re.findall(r"<D>(.*?)</D>", inner(art, "PLACES") or ""):
                country = ALIASES.get(code) or names.get(code.replace("-", " "))
                if country is None:
                    unmapped[code] = unmapped.get(code, 0) + 1
                elif country not in places:
                    places.append(country)
            title = " ".join(unescape(inner(art, "TITLE") or "").split())
            dateline = " ".join(unescape(inner(art, "DATELINE") or "").split())
            body = unescape(body).strip()
            out.append({
                "title": title,
                "body": f"{dateline} {body}" if dateline else body,
                "date": m.groups(),
                "countries": places,
            })
    if unmapped:
        print(f"make_corpus: {len(unmapped)} place codes without a country (dropped): "
              + ", ".join(sorted(unmapped)), file=sys.stderr)
    return out


def header_date(fields, shift):
    """The Date: line in Reuters' own form, and the same instant as ISO UTC for SQLite."""
    day, mon, year, hh, mm, ss, frac = fields
    year = int(year) + shift
    raw = f"{int(day)}-{mon}-{year} {hh}:{mm}:{ss}{frac or ''}"
    month = MONTHS.index(mon) + 1
    # An impossible time (the corpus has an hour of 605) keeps only its day, as dateline's parser does.
    time_ok = int(hh) < 24 and int(mm) < 60 and int(ss) < 60
    iso = f"{year:04d}-{month:02d}-{int(day):02d} " + (f"{int(hh):02d}:{mm}:{ss}" if time_ok else "00:00:00")
    return raw, iso


def shift_numbers(text, k):
    """Small numbers (one to three digits, not part of a longer run) move by k, keeping their width."""
    def sub(m):
        d = m.group(0)
        return f"{(int(d) + 7 * k) % 10 ** len(d):0{len(d)}d}"

    return SMALL_NUMBER.sub(sub, text)


def vary(body, k, year, rng):
    """Copy k of a body: the lead sentence kept first with the year added to its dateline, every later sentence
    shuffled within its paragraph and the later paragraphs shuffled, years shifted by k, small numbers after the
    lead changed. The year in the dateline makes every copy of an article distinct from the others (a shuffle of
    a short story can repeat), so dateline's duplicate detection does not skip it."""
    sign_off = ""
    m = SIGN_OFF.search(body)
    if m:
        sign_off, body = m.group(1), body[: m.start()]
    paras = [" ".join(p.split()) for p in re.split(r"\n\s{2,}", body) if p.strip()] or [""]
    first = SENTENCE.split(paras[0])
    lead, first_rest = first[0], first[1:]
    rng.shuffle(first_rest)
    later = []
    for p in paras[1:]:
        sentences = SENTENCE.split(p)
        rng.shuffle(sentences)
        later.append(" ".join(sentences))
    rng.shuffle(later)
    rest = "\n    ".join(p for p in [" ".join(first_rest)] + later if p)
    lead = YEAR.sub(lambda m: str(int(m.group(1)) + k), lead)
    rest = YEAR.sub(lambda m: str(int(m.group(1)) + k), shift_numbers(rest, k))
    lead, n = DATELINE.subn(lambda m: f"{m.group(1)}, {year} -", lead, count=1)
    if n == 0:
        lead = f"{lead} ({year})"
    text = f"{lead}\n    {rest}".rstrip()
    return f"{text}\n {sign_off}" if sign_off else text


def rel_path(n, width):
    return f"{n // PER_FOLDER:0{width}d}/{n:06d}.txt"


def folder_width(size):
    return max(3, len(str((size - 1) // PER_FOLDER)))


# The source articles, set before the worker processes fork so that they inherit them instead of receiving a copy.
ARTICLES = []


def write_range(args):
    """Writes articles [lo, hi) of the corpus (one worker's share)."""
    out, lo, hi, width = args
    articles = ARTICLES
    r = len(articles)
    made = set()
    for n in range(lo, hi):
        a = articles[n % r]
        k = n // r
        raw, _ = header_date(a["date"], k)
        body = a["body"] if k == 0 else vary(a["body"], k, int(a["date"][2]) + k, random.Random(n))
        rel = rel_path(n, width)
        folder = os.path.dirname(rel)
        if folder not in made:
            os.makedirs(os.path.join(out, folder), exist_ok=True)
            made.add(folder)
        with open(os.path.join(out, rel), "w", encoding="utf-8") as f:
            f.write(f"Date: {raw}\n\n{a['title']}\n\n{body}\n")
    return hi - lo


def stamp_of(src, size):
    h = hashlib.sha256()
    with open(__file__, "rb") as f:
        h.update(f.read())
    sources = []
    for name in sorted(os.listdir(src)):
        if name.endswith(".sgm"):
            st = os.stat(os.path.join(src, name))
            sources.append([name, st.st_size, int(st.st_mtime)])
    return {"generator": h.hexdigest(), "sources": sources, "size": size}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reuters", default=os.path.join(here, "..", "..", "shared", "corpora", "reuters21578"))
    ap.add_argument("--geonames", default=None, help="folder with countryInfo.txt (default: beside --reuters)")
    ap.add_argument("--out", required=True, help="folder that receives the corpus folder and its .meta.tsv")
    ap.add_argument("--size", type=int, default=0, help="articles to write; 0 = the real articles only")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    src = os.path.abspath(args.reuters)
    if not os.path.isdir(src):
        sys.exit(f"make_corpus: no Reuters-21578 at {src}: pass --reuters DIR")
    geonames = args.geonames or os.path.join(src, "..", "..", "gazetteer", "geonames")

    name = "reuters-real" if args.size == 0 else f"scaled-{args.size}"
    corpus = os.path.join(args.out, name)
    meta_path = corpus + ".meta.tsv"
    stamp_path = corpus + ".stamp.json"
    stamp = stamp_of(src, args.size)
    if os.path.isdir(corpus) and os.path.isfile(meta_path) and os.path.isfile(stamp_path):
        with open(stamp_path) as f:
            if json.load(f) == stamp:
                print(f"make_corpus: {corpus} is up to date", file=sys.stderr)
                print(corpus)
                return

    t0 = time.time()
    articles = read_reuters(src, geonames)
    ARTICLES[:] = articles
    size = args.size or len(articles)
    width = folder_width(size)
    os.makedirs(args.out, exist_ok=True)
    # Written beside the final place and renamed at the end: an interrupted run never leaves a corpus that looks done.
    tmp = f"{corpus}.tmp-{os.getpid()}"
    for old in (corpus, meta_path, stamp_path):
        if os.path.isdir(old):
            shutil.rmtree(old)
        elif os.path.exists(old):
            os.remove(old)
    os.makedirs(tmp)
    step = -(-size // max(1, args.jobs * 8))
    chunks = [(tmp, lo, min(size, lo + step), width) for lo in range(0, size, step)]
    if args.jobs > 1 and size > 20000:
        with multiprocessing.Pool(args.jobs) as pool:
            written = sum(pool.imap_unordered(write_range, chunks))
    else:
        written = sum(map(write_range, chunks))
    with open(meta_path + ".tmp", "w", encoding="utf-8") as f:
        f.write("path\tpublished\tcountries\n")
        r = len(articles)
        for n in range(size):
            a = articles[n % r]
            _, iso = header_date(a["date"], n // r)
            f.write(f"{rel_path(n, width)}\t{iso}\t{'|'.join(a['countries'])}\n")
    os.rename(tmp, corpus)
    os.rename(meta_path + ".tmp", meta_path)
    with open(stamp_path, "w") as f:
        json.dump(stamp, f)
    print(f"make_corpus: wrote {written} articles to {corpus} in {time.time() - t0:.1f} s", file=sys.stderr)
    print(corpus)


if __name__ == "__main__":
    main()
