#!/usr/bin/env python3
"""Measures "did you mean" on an index: precision, recall, added latency.

Usage: bench/spelling_eval.py --db DB [--build DIR] [--queries TSV]
                              [--seed N] [--names N] [--rounds N] [--verbose]

Misspelt queries are made by rule at run time, from the index's own
vocabulary (read with xapian-delve), so nothing derived from the corpus is
kept in the repository:

- real queries: the single words and word pairs of bench/queries.tsv
  (categories word, words, rare); one word of five letters or more, known
  to the index (in 3 articles or more), is misspelt, and the suggestion
  must give back the query as written;
- real names: one-word and surname terms of people, places and
  organisations (XP, XL, XO) in 10 articles or more, misspelt;
- each misspelt by one deletion, one transposition of neighbouring letters
  and one substitution, at seeded random places;
- controls, spelt right: the same queries and names as written, and rare
  names (in 1 or 2 articles, also a word of the text), which must get no
  suggestion.

A suggestion is right when it is the query before misspelling. Precision is
right suggestions over all suggestions made (misspelt and controls);
recall is right suggestions over misspelt queries, over all of them and
over those whose misspelling is no word of the index (a misspelling that is
itself a word, "oil" -> "oi", need not be "corrected"). Latency: every
query through `searcher --batch --jobs 1`, with and without `suggest`,
`--rounds` times; the searcher's own `seconds` per query, median over
rounds, then median and p95 over queries.

Also checks the three queries issue 17 names for Reuters (golan tlaks,
gorbachov, moratorium brazl) and prints what they get.
"""
import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LETTERS = "abcdefghijklmnopqrstuvwxyz"
MUST = [("golan tlaks", "golan talks"), ("gorbachov", "gorbachev"),
        ("moratorium brazl", "moratorium brazil")]


def find_searcher(build):
    for b in ([build] if build else
              [os.path.join(REPO, "build-bench"),
               os.path.join(REPO, "build")]):
        path = os.path.join(b, "searcher", "searcher")
        if os.path.exists(path):
            return path
    sys.exit("spelling_eval: no searcher built (give --build DIR)")


def vocabulary(db, prefix=None):
    """term -> article count, from xapian-delve."""
    args = ["xapian-delve", "-1", "-v"]
    args += ["-A", prefix] if prefix else ["-a"]
    out = subprocess.run(args + [db], capture_output=True, text=True,
                         check=True).stdout
    terms = {}
    for line in out.splitlines():
        parts = line.rsplit(" ", 1)
        if len(parts) == 2 and parts[1].isdigit():
            terms[parts[0]] = int(parts[1])
    return terms


def misspell(word, rule, rng):
    """The word with one edit of `rule`, or None when it cannot be made."""
    n = len(word)
    if rule == "deletion":
        i = rng.randrange(n)
        return word[:i] + word[i + 1:]
    if rule == "transposition":
        places = [i for i in range(n - 1) if word[i] != word[i + 1]]
        if not places:
            return None
        i = rng.choice(places)
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    i = rng.randrange(n)
    c = rng.choice([c for c in LETTERS if c != word[i]])
    return word[:i] + c + word[i + 1:]


def eligible(word, text):
    return len(word) >= 5 and word.isalpha() and word.isascii() and \
        text.get(word, 0) >= 3


def query_sources(path, text):
    """(query, [its words that may be misspelt]) from queries.tsv."""
    out = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 2 or cols[0] not in ("word", "words", "rare"):
            continue
        if len(cols) > 2 and cols[2].strip():
            continue  # filters: the suggestion is about the words
        query = cols[1].strip()
        if not re.fullmatch(r"[a-z]+( [a-z]+)?", query):
            continue
        words = [w for w in query.split() if eligible(w, text)]
        if words:
            out.append((query, words))
    return out


def name_sources(db, text):
    """Common one-word names (misspelt), rare ones (controls)."""
    common, rare = set(), set()
    for prefix in ("XP", "XL", "XO"):
        for term, freq in vocabulary(db, prefix).items():
            name = term[len(prefix):]
            if not (len(name) >= 5 and name.isalpha() and name.isascii()):
                continue
            if freq >= 10 and eligible(name, text):
                common.add(name)
            elif freq <= 2 and 1 <= text.get(name, 0) <= 2:
                rare.add(name)
    return sorted(common), sorted(rare)


def make_cases(args, text):
    rng = random.Random(args.seed)
    cases = []  # (kind, query asked, query expected or None)
    for query, words in query_sources(args.queries, text):
        cases.append(("query spelt right", query, None))
        for rule in ("deletion", "transposition", "substitution"):
            w = rng.choice(words)
            bad = misspell(w, rule, rng)
            if bad:
                asked = " ".join(bad if x == w else x for x in query.split())
                cases.append(("query, " + rule, asked, query))
    common, rare = name_sources(args.db, text)
    rng.shuffle(common)
    for name in sorted(common[:args.names]):
        cases.append(("name spelt right", name, None))
        for rule in ("deletion", "transposition", "substitution"):
            bad = misspell(name, rule, rng)
            if bad:
                cases.append(("name, " + rule, bad, name))
    rng.shuffle(rare)
    for name in sorted(rare[:args.names]):
        cases.append(("rare name spelt right", name, None))
    for asked, want in MUST:
        cases.append(("issue 17", asked, want))
    return cases


def run_batch(searcher, db, queries, suggest):
    lines = "".join(json.dumps({"query": q, "limit": 10, "suggest": suggest})
                    + "\n" for q in queries)
    out = subprocess.run([searcher, "--db", db, "--batch", "--jobs", "1"],
                         input=lines, capture_output=True, text=True).stdout
    answers = [json.loads(line) for line in out.splitlines()]
    if len(answers) != len(queries):
        sys.exit("spelling_eval: the searcher answered %d of %d queries" %
                 (len(answers), len(queries)))
    return answers


def pct(a, b):
    return "%.1f" % (100.0 * a / b) if b else "-"


def report(cases, answers, text):
    rows = {}
    for (kind, asked, want), a in zip(cases, answers):
        got = a.get("suggestion", {}).get("query")
        row = rows.setdefault(kind, {"n": 0, "suggested": 0, "right": 0,
                                     "nonword": 0, "nonword_right": 0,
                                     "examples": []})
        row["n"] += 1
        nonword = want is not None and any(
            w not in text for w in asked.split())
        row["nonword"] += nonword
        if got is not None:
            row["suggested"] += 1
            if got == want:
                row["right"] += 1
                row["nonword_right"] += nonword
        if got != want and len(row["examples"]) < 4:
            row["examples"].append("%s -> %s" % (asked, got))
    print("| queries | n | suggested | right | precision % | recall % | "
          "recall %, misspelling no word |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    total = {"n": 0, "suggested": 0, "right": 0, "nonword": 0,
             "nonword_right": 0, "misspelt": 0}
    for kind in sorted(rows):
        r = rows[kind]
        misspelt = "spelt right" not in kind
        print("| %s | %d | %d | %d | %s | %s | %s |" % (
            kind, r["n"], r["suggested"], r["right"],
            pct(r["right"], r["suggested"]) if misspelt else "-",
            pct(r["right"], r["n"]) if misspelt else "-",
            pct(r["nonword_right"], r["nonword"]) if misspelt else "-"))
        for k in ("n", "suggested", "right", "nonword", "nonword_right"):
            if k == "n" and not misspelt:
                continue
            total[k] += r[k]
        total["misspelt"] += r["n"] if misspelt else 0
    print("| **all** | %d | %d | %d | %s | %s | %s |" % (
        total["misspelt"], total["suggested"], total["right"],
        pct(total["right"], total["suggested"]),
        pct(total["right"], total["misspelt"]),
        pct(total["nonword_right"], total["nonword"])))
    return rows


def latency(searcher, db, queries, rounds):
    per = {True: [[] for _ in queries], False: [[] for _ in queries]}
    for _ in range(rounds):
        for suggest in (False, True):
            for i, a in enumerate(run_batch(searcher, db, queries, suggest)):
                per[suggest][i].append(a.get("seconds", 0.0) * 1000)
    med = {s: [statistics.median(x) for x in per[s]] for s in per}
    added = [w - wo for w, wo in zip(med[True], med[False])]

    def p95(xs):
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(0.95 * len(xs)))]
    return med, added, p95


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--build")
    ap.add_argument("--queries",
                    default=os.path.join(REPO, "bench", "queries.tsv"))
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--names", type=int, default=100,
                    help="common names to misspell, and rare ones to keep")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    searcher = find_searcher(args.build)
    text = {t: f for t, f in vocabulary(args.db).items()
            if t[:1].islower() or not t[:1].isascii()}
    cases = make_cases(args, text)
    answers = run_batch(searcher, args.db, [c[1] for c in cases], True)
    print("%d queries, seed %d, index %s\n" % (len(cases), args.seed,
                                                args.db))
    rows = report(cases, answers, text)
    print()
    for (kind, asked, want), a in zip(cases, answers):
        if kind == "issue 17":
            print("%-18s -> %s (%s)" % (asked, a.get("suggestion"),
                                        "right" if a.get("suggestion", {})
                                        .get("query") == want else "WRONG"))
    if args.verbose:
        for kind, r in sorted(rows.items()):
            print(kind + ": " + "; ".join(r["examples"]))
    med, added, p95 = latency(searcher, args.db, [c[1] for c in cases],
                              args.rounds)
    few = [i for i, a in enumerate(answers) if a["total"]["upper"] <= 5]
    print("\n| queries | n | median ms without / with | p95 ms without / "
          "with | added ms, median / p95 |")
    print("|---|---:|---:|---:|---:|")
    for label, idx in (("all", range(len(cases))),
                       ("at most 5 matches (suggestion looked for)", few)):
        idx = list(idx)
        if not idx:
            continue
        wo = [med[False][i] for i in idx]
        w = [med[True][i] for i in idx]
        ad = [added[i] for i in idx]
        print("| %s | %d | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f |" % (
            label, len(idx), statistics.median(wo), statistics.median(w),
            p95(wo), p95(w), statistics.median(ad), p95(ad)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
