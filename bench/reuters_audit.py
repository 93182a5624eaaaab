#!/usr/bin/env python3
"""Audits Gazette's entity facets on Reuters-21578, where users see them.

Usage: bench/reuters_audit.py [--data DIR] [--work DIR] [--build DIR]
                              [--top N] [--no-index] [--verbose]

Converts Reuters-21578 (bench/reuters_convert.py) into WORK/corpus, indexes
it with BUILD's indexer into WORK/db (timed), and prints:

- the top N people, places and organisations of `indexer stats`, with
  their article counts, each marked `!` where the facet's count differs from
  what the filter on the value shown (`--person VALUE`...) finds;
- split groups among the top 300 of each type: names that differ only by a
  company suffix (Inc, Corp, Co, Ltd, Plc...), punctuation, case or a
  British/American spelling, and for organisations an acronym beside the
  name whose initials it is (OPEC / Organization of Petroleum Exporting
  Countries);
- precision and recall per type on the hand-judged sample
  (bench/reuters_audit/sample.tsv; how it was judged:
  bench/reuters_audit/README.md).

WORK defaults to /tmp/gazette-audit, BUILD to build-bench/ (bench/run.py's
Release build) or build/. The Reuters text stays outside the repository.
Exits 3 when the data is absent, 2 on a usage error, 1 when a step fails.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
import unicodedata

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(REPO, "bench", "reuters_audit", "sample.tsv")
TYPES = ("person", "place", "org")
SPLIT_TOP = 300

# Legal-form suffixes that do not change which company a name is.
SUFFIXES = {"inc", "incorporated", "corp", "corporation", "co", "cos",
            "company", "ltd", "limited", "plc", "llc", "lp", "sa", "ag",
            "nv", "bv", "spa", "oy", "ab", "as", "a/s", "kk", "bhd", "pty"}
CONNECTORS = {"of", "and", "for", "the", "&", "de", "du", "des"}


def fold(name):
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower()


def words(name):
    text = fold(name).replace("&", " and ")
    text = re.sub(r"[.,]", "", text)
    text = re.sub(r"'s\b", "", text)
    return text.split()


def split_key(name, etype):
    """Names with one split key are one entity written differently."""
    w = words(name)
    if w and w[0] == "the":
        w = w[1:]
    if etype == "org":
        while len(w) > 1 and w[-1] in SUFFIXES:
            w.pop()
        if len(w) > 2 and w[-1] == "co" and w[-2] == "and":
            w = w[:-2]
    w = [re.sub(r"isation(s?)$", r"ization\1", x) for x in w]
    return " ".join(w)


def initials(name):
    w = [x for x in words(name) if x not in CONNECTORS]
    while len(w) > 1 and w[-1] in SUFFIXES:
        w.pop()
    return "".join(x[0] for x in w if x) if len(w) >= 2 else ""


def match_key(name, etype):
    """How the sample's scorer compares names: split_key, hyphens as spaces."""
    return split_key(name, etype).replace("-", " ")


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True,
                          **kw)


class Searcher:
    """Answers requests through one `searcher --batch` process."""

    def __init__(self, binary, db):
        self.binary, self.db = binary, db

    def ask(self, requests):
        lines = "".join(json.dumps(r) + "\n" for r in requests)
        out = subprocess.run([self.binary, "--db", self.db, "--batch",
                              "--jobs", "1"], input=lines, text=True,
                             capture_output=True)
        answers = [json.loads(l) for l in out.stdout.splitlines() if l]
        if len(answers) != len(requests):
            sys.exit("reuters_audit: searcher --batch answered %d of %d: %s"
                     % (len(answers), len(requests), out.stderr.strip()))
        return answers


def top_values(indexer, db, top):
    out = run([indexer, "stats", "--db", db, "--format", "json", "--top",
               str(top)])
    return json.loads(out.stdout)["top"]


def filter_counts(searcher, values, etype):
    answers = searcher.ask([{"query": "", etype: v["value"], "limit": 0,
                             "exact": True} for v in values])
    return [a["total"]["lower"] if a.get("type") == "result" else -1
            for a in answers]


def print_top(searcher, top, n):
    mismatches = 0
    for etype in TYPES:
        values = top.get(etype, [])[:n]
        counts = filter_counts(searcher, values, etype)
        print("\n## Top %d: %s\n" % (n, etype))
        for rank, (v, c) in enumerate(zip(values, counts), 1):
            mark = " " if c == v["count"] else "!"
            mismatches += c != v["count"]
            extra = "" if c == v["count"] else "  (filter finds %d)" % c
            print("%4d %s %6d  %s%s" % (rank, mark, v["count"], v["value"],
                                        extra))
    print("\nfacet counts that differ from their filter's: %d" % mismatches)
    return mismatches


def split_groups(values, etype):
    groups = {}
    for v in values:
        groups.setdefault(split_key(v["value"], etype), []).append(v)
    found = [g for g in groups.values() if len(g) > 1]
    if etype == "org":
        by_initials = {}
        for v in values:
            i = initials(v["value"])
            if len(i) >= 2:
                by_initials.setdefault(i, []).append(v)
        for v in values:
            name = v["value"]
            if re.fullmatch(r"[A-Z]{2,6}", name) and name.lower() in by_initials:
                found.append([v] + by_initials[name.lower()])
    return found


def print_splits(top):
    total = {}
    for etype in TYPES:
        values = top.get(etype, [])[:SPLIT_TOP]
        groups = split_groups(values, etype)
        total[etype] = len(groups)
        print("\n## Split groups in the top %d: %s (%d)\n"
              % (SPLIT_TOP, etype, len(groups)))
        for g in groups:
            print("  " + " / ".join("%s (%d)" % (v["value"], v["count"])
                                    for v in g))
    return total


def load_fixture(path):
    judged = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            art, etype, verdict, name = fields[:4]
            forms = [name] + (fields[4].split("|") if len(fields) > 4 and
                              fields[4] else [])
            judged.setdefault(art, []).append(
                {"type": etype, "verdict": verdict, "name": name,
                 "keys": {match_key(x, etype) for x in forms}})
    return judged


def score_sample(searcher, fixture, verbose):
    judged = load_fixture(fixture)
    ids = sorted(judged)
    answers = searcher.ask([{"query": "id:" + i, "limit": 1} for i in ids])
    tally = {t: {"right": 0, "wrong": 0, "true": 0, "found": 0}
             for t in TYPES}
    wrong, missed = [], []
    for art, answer in zip(ids, answers):
        hits = answer.get("hits", [])
        if not hits:
            sys.exit("reuters_audit: article %s is not in the index" % art)
        truth = judged[art]
        found = set()
        for e in hits[0]["entities"]:
            if e["type"] not in TYPES:
                continue
            key = match_key(e["name"], e["type"])
            hit = [i for i, t in enumerate(truth)
                   if t["type"] == e["type"] and key in t["keys"]]
            verdicts = {truth[i]["verdict"] for i in hit}
            if "entity" in verdicts:
                tally[e["type"]]["right"] += 1
                found.update(i for i in hit
                             if truth[i]["verdict"] == "entity")
            elif "optional" not in verdicts:
                tally[e["type"]]["wrong"] += 1
                wrong.append((art, e["type"], e["name"]))
        for i, t in enumerate(truth):
            if t["verdict"] != "entity":
                continue
            tally[t["type"]]["true"] += 1
            if i in found:
                tally[t["type"]]["found"] += 1
            else:
                missed.append((art, t["type"], t["name"]))
    print("\n## Hand-judged sample: %d articles\n" % len(ids))
    print("| type | extracted | right | wrong | precision | true | found "
          "| recall |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for etype in TYPES:
        t = tally[etype]
        extracted = t["right"] + t["wrong"]
        p = 100.0 * t["right"] / extracted if extracted else 0.0
        r = 100.0 * t["found"] / t["true"] if t["true"] else 0.0
        print("| %s | %d | %d | %d | %.1f | %d | %d | %.1f |"
              % (etype, extracted, t["right"], t["wrong"], p, t["true"],
                 t["found"], r))
    if verbose:
        print("\nwrong (not an entity of the article, or the wrong type):")
        for w in wrong:
            print("  %s\t%s\t%s" % w)
        print("\nmissed:")
        for m in missed:
            print("  %s\t%s\t%s" % m)
    return tally


# Filters the issue names, each with the one whose articles it must include
# (a surname finds every article the full name finds, a country every
# article of its short and historical names).
FILTERS = [
    ("person", "gorbachev", "Mikhail Gorbachev"),
    ("person", "thatcher", "Margaret Thatcher"),
    ("person", "volcker", "Paul Volcker"),
    ("person", "reagan", "Ronald Reagan"),
    ("org", "texaco", "Texaco Inc"),
    ("org", "exxon", "Exxon Corp"),
    ("org", "EC", "European Community"),
    ("org", "European Community", "EC"),
    ("org", "OPEC", "Organization of Petroleum Exporting Countries"),
    ("org", "IMF", "International Monetary Fund"),
    ("org", "GATT", "General Agreement on Tariffs and Trade"),
    ("place", "Britain", "United Kingdom"),
    ("place", "U.K.", "UK"),
    ("place", "U.S.", "US"),
    ("place", "Germany", "West Germany"),
    ("place", "Soviet Union", "USSR"),
]


def print_filters(searcher):
    """Articles each filter finds, and whether it finds all its partner's."""
    requests = []
    for etype, value, partner in FILTERS:
        for v in (value, partner):
            requests.append({"query": "", etype: v, "limit": 0,
                             "exact": True})
            # Every article, near duplicates too: a collapsed list
            # leaves some out.
            requests.append({"query": "", etype: v, "limit": 10000,
                             "collapse": False})
    answers = searcher.ask(requests)
    print("\n## Filters\n")
    print("| filter | articles | includes the articles of | articles | all |")
    print("|---|---:|---|---:|:---:|")
    missing = 0
    for n, (etype, value, partner) in enumerate(FILTERS):
        total = [answers[4 * n + 2 * k].get("total", {}).get("lower", -1)
                 for k in (0, 1)]
        ids = [set(h.get("id") for h in answers[4 * n + 2 * k + 1].get(
            "hits", [])) for k in (0, 1)]
        ok = ids[1] <= ids[0]
        missing += not ok
        print("| --%s %s | %d | --%s \"%s\" | %d | %s |" % (
            etype, value, total[0], etype, partner, total[1],
            "yes" if ok else "no (%d missing)" % len(ids[1] - ids[0])))
    print("\nfilters that miss articles of their partner: %d" % missing)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_data = os.path.join(
        os.environ.get("GAZETTE_DATA", os.path.join(REPO, "..", "shared",
                                                    "data")),
        "reuters21578")
    ap.add_argument("--data", default=default_data)
    ap.add_argument("--work", default="/tmp/gazette-audit")
    ap.add_argument("--build", default=None)
    ap.add_argument("--top", type=int, default=100)
    ap.add_argument("--no-index", action="store_true",
                    help="use the index already in WORK/db")
    ap.add_argument("--verbose", action="store_true",
                    help="list the sample's wrong and missed entities")
    args = ap.parse_args()
    if not 1 <= args.top <= SPLIT_TOP:
        ap.error("--top must be between 1 and %d, got %d" % (SPLIT_TOP,
                                                             args.top))
    build = args.build or next(
        (b for b in (os.path.join(REPO, "build-bench"),
                     os.path.join(REPO, "build"))
         if os.path.exists(os.path.join(b, "indexer", "indexer"))), None)
    if build is None:
        ap.error("no build with indexer/indexer: give --build DIR")
    indexer = os.path.join(build, "indexer", "indexer")
    searcher_bin = os.path.join(build, "searcher", "searcher")
    corpus = os.path.join(args.work, "corpus")
    db = os.path.join(args.work, "db")
    if not args.no_index:
        if not os.path.isdir(os.path.join(corpus, "articles")):
            rc = subprocess.call([sys.executable,
                                  os.path.join(REPO, "bench",
                                               "reuters_convert.py"),
                                  "--data", args.data, corpus])
            if rc != 0:
                return rc
        start = time.monotonic()
        run([indexer, "build", os.path.join(corpus, "articles"), "--db", db,
             "--rebuild"])
        print("indexed in %.1f s (%s)" % (time.monotonic() - start, build))
    searcher = Searcher(searcher_bin, db)
    top = top_values(indexer, db, SPLIT_TOP)
    print_top(searcher, top, args.top)
    print_splits(top)
    print_filters(searcher)
    score_sample(searcher, FIXTURE, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
