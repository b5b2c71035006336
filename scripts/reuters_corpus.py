#!/usr/bin/env python3
"""Writes Reuters-21578 as a dateline corpus: one plain-text file per article that has a <BODY> (19,043 of them),
holding the title line, a blank line, then the dateline and the body, for benchmarks and scale tests.

    python3 scripts/reuters_corpus.py --out /tmp/reuters [--repeat N] [--shared ../shared]

Layout: OUT/1987/reut2-000/00001.txt (the NEWID). The `1987/` folder gives wire datelines (`SALVADOR, Feb 26 -`)
their year. With --repeat N the corpus is written N times, as OUT/copy00/1987/..., OUT/copy01/1987/..., where
every copy after the first has its title and body varied ("[copy 3]") so that no copy is a duplicate of another:
an archive N times larger with the same shape.

Reuters-21578 is free for research use only (see ../shared/corpora/reuters21578/SOURCE.md): write the corpus
outside the repository (the script refuses a folder inside it), and never commit it.
"""
import argparse
import html
import os
import re
import sys

REUTERS = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
DATELINE = re.compile(r"<DATELINE>(.*?)</DATELINE>", re.S)
BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
# Numeric references to control characters (`&#3;` ends every body, `&#5;` pads some dates): not text.
CONTROL_REF = re.compile(r"&#(?:[0-8]|1[0-9]|2[0-9]|3[01]|127);")


def clean(text):
    """Decodes the SGML entities and drops control characters; keeps line breaks."""
    text = CONTROL_REF.sub("", text)
    text = html.unescape(text)
    return "".join(c for c in text if c in "\n\t" or ord(c) >= 32)


def articles(sgm_path):
    """(newid, title, text) of every article of one .sgm file that has a body."""
    with open(sgm_path, "rb") as f:
        data = f.read().decode("latin-1")
    for m in REUTERS.finditer(data):
        newid, inner = m.group(1), m.group(2)
        body = BODY.search(inner)
        if not body:
            continue
        title = TITLE.search(inner)
        dateline = DATELINE.search(inner)
        title = " ".join(clean(title.group(1)).split()) if title else ""
        lead = " ".join(clean(dateline.group(1)).split()) if dateline else ""
        text = clean(body.group(1)).strip()
        if lead:
            text = f"{lead} {text}"
        yield int(newid), title, text


def write_copy(files, out, copy):
    n = 0
    for sgm in files:
        folder = os.path.join(out, "1987", os.path.splitext(os.path.basename(sgm))[0])
        os.makedirs(folder, exist_ok=True)
        for newid, title, text in articles(sgm):
            if copy > 0:
                title = f"{title} [copy {copy}]" if title else f"[copy {copy}]"
                text = f"{text}\n\n(Archive copy {copy}.)"
            content = f"{title}\n\n{text}\n" if title else f"{text}\n"
            with open(os.path.join(folder, f"{newid:05d}.txt"), "w", encoding="utf-8") as f:
                f.write(content)
            n += 1
    return n


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="folder to write the corpus into (outside the repository)")
    ap.add_argument("--repeat", type=int, default=1, help="write the corpus N times, varied (default 1)")
    ap.add_argument("--shared", default=os.path.join(repo, "..", "shared"), help="the shared data folder")
    args = ap.parse_args()
    src = os.path.join(args.shared, "corpora", "reuters21578")
    if not os.path.isdir(src):
        sys.exit(f"no Reuters-21578 at {src}: pass --shared DIR")
    out = os.path.abspath(args.out)
    if out == repo or out.startswith(repo + os.sep):
        sys.exit(f"{out} is inside the repository; Reuters-21578 must not be copied there: pick a folder under /tmp")
    if args.repeat < 1:
        sys.exit("--repeat must be at least 1")
    files = sorted(os.path.join(src, f) for f in os.listdir(src) if f.endswith(".sgm"))
    total = 0
    for copy in range(args.repeat):
        dest = out if args.repeat == 1 else os.path.join(out, f"copy{copy:02d}")
        total += write_copy(files, dest, copy)
    print(f"wrote {total} articles to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
