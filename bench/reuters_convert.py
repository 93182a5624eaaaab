#!/usr/bin/env python3
"""Converts Reuters-21578 (SGML, Latin-1) into a Gazette corpus, outside the
repository: one article file per story with a body, in Gazette's article
format, and the same stories as JSON Lines.

The body is the story as the wire printed it: the byline on a line of its own
where there is one ("By Janie Gabbett, Reuters"), the dateline at the start
of the first paragraph ("RED BANK, N.J., March 11 - Hovnanian Enterprises Inc
said ...") and the sign-off at the end ("Reuter", "REUTER"), so that what is
indexed is what a real archive holds.

Usage: bench/reuters_convert.py [--data DIR] [--files N] OUT_DIR

DIR defaults to ../shared/data/reuters21578 relative to the repository (or
$GAZETTE_DATA/reuters21578). Writes OUT_DIR/articles/reut2-NNN/NEWID.txt and
OUT_DIR/jsonl/reut2-NNN.jsonl. The text is research-only: never commit it.
Exits 3 (with a message) when the data is absent, so callers can skip.
"""
import argparse
import html
import json
import os
import re
import sys

MONTHS = {m: i + 1 for i, m in enumerate(
    "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split())}

STORY = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
NEWID = re.compile(r'NEWID="(\d+)"')
DATE = re.compile(r"<DATE>\s*(\d{1,2})-([A-Z]{3})-(\d{4})")
TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
DATELINE = re.compile(r"<DATELINE>(.*?)</DATELINE>", re.S)
AUTHOR = re.compile(r"<AUTHOR>(.*?)</AUTHOR>", re.S)
# Control characters the wire format left in the text (&#3; ends a story).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(sgml_text):
    text = html.unescape(sgml_text)
    text = CONTROL.sub("", text)
    return text.strip()


def stories(path):
    with open(path, encoding="latin-1") as f:
        data = f.read()
    for m in STORY.finditer(data):
        attrs, inner = m.group(1), m.group(2)
        body = BODY.search(inner)
        if not body:
            continue
        newid = NEWID.search(attrs).group(1)
        d = DATE.search(inner)
        date = ("%04d-%02d-%02d" % (int(d.group(3)), MONTHS[d.group(2)],
                                    int(d.group(1)))) if d else None
        title = TITLE.search(inner)
        text = clean(body.group(1))
        dateline = DATELINE.search(inner)
        if dateline and clean(dateline.group(1)):
            text = " ".join(clean(dateline.group(1)).split()) + " " + text
        author = AUTHOR.search(inner)
        if author and clean(author.group(1)):
            text = " ".join(clean(author.group(1)).split()) + "\n" + text
        yield {
            "id": newid,
            "date": date,
            "title": " ".join(clean(title.group(1)).split()) if title else "",
            "body": text,
            "source": "Reuters",
        }


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    default_data = os.path.join(
        os.environ.get("GAZETTE_DATA", os.path.join(repo, "..", "shared", "data")),
        "reuters21578")
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=default_data)
    ap.add_argument("--files", type=int, default=0,
                    help="convert only the first N SGML files (0: all)")
    ap.add_argument("out")
    args = ap.parse_args()
    files = sorted(f for f in os.listdir(args.data)
                   if f.startswith("reut2-") and f.endswith(".sgm")) \
        if os.path.isdir(args.data) else []
    if args.files:
        files = files[:args.files]
    if not files:
        print("reuters_convert: no Reuters-21578 SGML files in %s" % args.data,
              file=sys.stderr)
        return 3
    articles_dir = os.path.join(args.out, "articles")
    jsonl_dir = os.path.join(args.out, "jsonl")
    os.makedirs(jsonl_dir, exist_ok=True)
    count = 0
    size = 0
    for name in files:
        stem = name[:-4]
        subdir = os.path.join(articles_dir, stem)
        os.makedirs(subdir, exist_ok=True)
        with open(os.path.join(jsonl_dir, stem + ".jsonl"), "w",
                  encoding="utf-8") as jl:
            for s in stories(os.path.join(args.data, name)):
                head = ""
                if s["date"]:
                    head += "date: %s\n" % s["date"]
                if s["title"]:
                    head += "title: %s\n" % s["title"]
                head += "source: Reuters\n\n"
                text = head + s["body"] + "\n"
                with open(os.path.join(subdir, s["id"] + ".txt"), "w",
                          encoding="utf-8") as f:
                    f.write(text)
                jl.write(json.dumps(s, ensure_ascii=False) + "\n")
                count += 1
                size += len(s["body"].encode("utf-8"))
    print("reuters_convert: %d articles, %.1f MB of body text, in %s"
          % (count, size / 1e6, args.out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
