#!/usr/bin/env python3
"""Measures near-duplicate grouping on Reuters: precision and recall.

Usage:
  bench/near_dup_eval.py [--build DIR] --corpus DIR [--db DB]
                         [--pairs TSV]                    score the index
  bench/near_dup_eval.py sample --corpus DIR [--build DIR] [--seed N]
                         [--per-stratum N] --out TSV       draw pairs to judge
  bench/near_dup_eval.py show --corpus DIR --pairs TSV [--first N]
                                                           print them to judge
  bench/near_dup_eval.py tune --corpus DIR [--build DIR]   P/R by shingle
                                                           size and threshold
  bench/near_dup_eval.py tune-figures --corpus DIR [--build DIR] [--pairs TSV]
                         P/R by radius, with and without the figures' check
                         and a window of days
  bench/near_dup_eval.py sample-new --corpus DIR [--build DIR] [--radius N]
                         [--days N] [--pairs TSV] --out TSV
                         draw pairs that a rule groups and 8 bits did not

The judged pairs (bench/near_duplicates/judged_pairs.tsv) are ids and
verdicts only, no text: see bench/near_duplicates/README.md for how they
were drawn and judged. `sample` lists every pair of articles whose body
fingerprints (bench/near_dup_pairs, 3-word shingles) are at most 12 bits
apart and draws a seeded sample from each stratum of distance; `show`
prints each pair's bodies, for a person to judge.

Scoring reads the index's groups (value slot 7) with xapian-delve. A pair is predicted a duplicate when both articles are
in one group. Precision and recall are over the judged pairs, each weighted
by its stratum's share of all candidate pairs (the sample is stratified),
and unweighted. With --db absent, the corpus is indexed into a temporary
directory first. It also checks the issue's case: the top 5 of "Peru
trade deficit" shows "Peru Has First Trade Deficit" once. `tune` scores the
groups that each shingle size and Hamming threshold would make (from
bench/near_dup_pairs' pairs), which is how they were chosen; `tune-figures`
does the same for the radius, the figures' check and the window of days
(from the articles' date: headers). Pairs judged in other files
(new_rule_pairs.tsv, held_out_pairs.tsv: random samples, not stratified)
are scored unweighted.
"""
import argparse
import collections
import datetime
import itertools
import difflib
import json
import os
import random
import subprocess
import sys
import tempfile

STRATA = [(0, 0), (1, 3), (4, 6), (7, 9), (10, 12)]
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PAIRS = os.path.join(HERE, "near_duplicates", "judged_pairs.tsv")


def stratum(distance):
    for i, (low, high) in enumerate(STRATA):
        if low <= distance <= high:
            return i
    return None


def candidate_pairs(build, corpus, shingle_words=3, with_figures=False):
    """(id_a, id_b) -> distance, for every pair at most 12 bits apart, or
    (distance, 1 if their figures agree else 0) with `with_figures`."""
    paths = []
    for root, _, files in os.walk(corpus):
        for name in files:
            if name.endswith(".txt"):
                paths.append(os.path.relpath(os.path.join(root, name), corpus))
    paths.sort()
    out = subprocess.run(
        [os.path.join(build, "bench", "near_dup_pairs"), str(shingle_words),
         "12"],
        input="\n".join(paths) + "\n", capture_output=True, text=True,
        cwd=corpus, check=True).stdout
    pairs = {}
    for line in out.splitlines():
        a, b, d, m = line.split("\t")
        pairs[(a, b)] = (int(d), int(m)) if with_figures else int(d)
    return pairs


def read_pairs(path):
    judged = []
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            a, b, d, verdict = line.rstrip("\n").split("\t")
            judged.append((a, b, int(d), verdict))
    return judged


def body(corpus, article_id):
    with open(os.path.join(corpus, article_id), errors="replace") as f:
        text = f.read()
    return text.split("\n\n", 1)[-1]


def date(corpus, article_id):
    """The article's date: header, as a datetime.date, or None."""
    with open(os.path.join(corpus, article_id), errors="replace") as f:
        for line in f:
            if line.startswith("date:"):
                return datetime.date.fromisoformat(line[5:].strip()[:10])
            if not line.strip():
                break
    return None


def within_days(pairs, corpus, days):
    """The pairs whose articles are at most `days` apart (or undated), or
    whose SimHashes are equal (pairs' values: (distance, figures))."""
    dates = {}
    for a, b in pairs:
        for x in (a, b):
            if x not in dates:
                dates[x] = date(corpus, x)
    return {(a, b): v for (a, b), v in pairs.items()
            if dates[a] is None or dates[b] is None or
            abs((dates[a] - dates[b]).days) <= days or v[0] == 0}


def title(corpus, article_id):
    with open(os.path.join(corpus, article_id), errors="replace") as f:
        for line in f:
            if line.startswith("title:"):
                return line[6:].strip()
            if not line.strip():
                break
    return ""


def delve_values(db, slot):
    """docid -> raw value of `slot`, for the documents that have one."""
    out = subprocess.run(["xapian-delve", "-1", "-VR%d" % slot, db],
                         capture_output=True, check=True).stdout
    values = {}
    for line in out.split(b"\n")[1:]:
        docid, sep, value = line.partition(b":")
        if sep and docid.isdigit():
            values[int(docid)] = value
    return values


def index_groups(db):
    """id -> group key, or None for an article alone."""
    sort_keys = delve_values(db, 4)
    groups = delve_values(db, 7)
    out = {}
    for docid, key in sort_keys.items():
        group = groups.get(docid)
        out[key.split(b"\x1f", 1)[1].decode()] = (group.decode() if group
                                                   else None)
    return out


def scores(judged, predicted, weights):
    """(weighted P, R), (unweighted P, R), counts."""
    tp = fp = fn = 0.0
    utp = ufp = ufn = 0
    for (a, b, d, verdict), guess in zip(judged, predicted):
        w = weights[stratum(d)]
        dup = verdict == "dup"
        if guess and dup:
            tp += w
            utp += 1
        elif guess:
            fp += w
            ufp += 1
        elif dup:
            fn += w
            ufn += 1
    def pr(t, p, n):
        return (100.0 * t / (t + p) if t + p else float("nan"),
                100.0 * t / (t + n) if t + n else float("nan"))
    return pr(tp, fp, fn), pr(utp, ufp, ufn), (utp, ufp, ufn)


def cmd_sample(args):
    pairs = candidate_pairs(args.build, args.corpus)
    rng = random.Random(args.seed)
    by_stratum = collections.defaultdict(list)
    for (a, b), d in sorted(pairs.items()):
        by_stratum[stratum(d)].append((a, b, d))
    with open(args.out, "w") as f:
        f.write("# id_a\tid_b\tdistance\tverdict (dup|distinct)\n")
        f.write("# strata: %s\n" % " ".join(
            "%d-%d:%d" % (lo, hi, len(by_stratum[i]))
            for i, (lo, hi) in enumerate(STRATA)))
        for i in range(len(STRATA)):
            chosen = by_stratum[i]
            if len(chosen) > args.per_stratum:
                chosen = rng.sample(chosen, args.per_stratum)
            for a, b, d in sorted(chosen):
                f.write("%s\t%s\t%d\t?\n" % (a, b, d))


def cmd_show(args):
    for n, (a, b, d, verdict) in enumerate(read_pairs(args.pairs)):
        if n < args.first:
            continue
        ta, tb = body(args.corpus, a), body(args.corpus, b)
        ratio = difflib.SequenceMatcher(None, ta.split(), tb.split()).ratio()
        print("=" * 72)
        print("#%d %s %s distance %d words-ratio %.2f (%s)" %
              (n, a, b, d, ratio, verdict))
        print("--- A: [%s]" % title(args.corpus, a), " ".join(ta.split())[:700])
        print("--- B: [%s]" % title(args.corpus, b), " ".join(tb.split())[:700])


def strata_weights(pairs_file, judged):
    """Each stratum's candidate pairs over its judged pairs."""
    population = {}
    with open(pairs_file) as f:
        for line in f:
            if line.startswith("# strata:"):
                for part in line.split(":", 1)[1].split():
                    rng, count = part.split(":")
                    lo = int(rng.split("-")[0])
                    population[stratum(lo)] = int(count)
    sampled = collections.Counter(stratum(d) for _, _, d, _ in judged)
    if not population:  # a sample drawn at random, not by stratum
        return {s: 1.0 for s in sampled}
    return {s: population.get(s, 0) / sampled[s] for s in sampled}


def peru_check(build, db):
    out = subprocess.run(
        [os.path.join(build, "searcher", "searcher"), "--db", db, "--format",
         "json", "-n", "5", "Peru trade deficit"],
        capture_output=True, text=True, check=True).stdout
    hits = json.loads(out)["hits"]
    peru = [h for h in hits if "PERU HAS FIRST TRADE DEFICIT" in
            h["title"].upper()]
    return len(peru), [(h["id"], h["similar"]) for h in peru]


def components(pairs, threshold, figures=False):
    """id -> component root, of the articles in a pair within threshold
    (pairs' values: distance, or (distance, figures agree)), and whose
    figures agree when `figures`."""
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for (a, b), d in pairs.items():
        if isinstance(d, tuple):
            d, agree = d
            if figures and not agree and d > 0:  # equal SimHashes join
                continue
        if d <= threshold:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in parent}


def cmd_tune(args):
    """P/R of the groups for each shingle size and threshold."""
    judged = [j for j in read_pairs(args.pairs) if j[3] in ("dup", "distinct")]
    weights = strata_weights(args.pairs, judged)
    print("k  threshold  P(weighted)  R(weighted)  P  R  (groups: chains)")
    for k in (2, 3, 4, 5):
        pairs = candidate_pairs(args.build, args.corpus, k)
        for t in range(0, 13):
            root = components(pairs, t)
            guess = [a in root and root.get(a) == root.get(b)
                     for a, b, _, _ in judged]
            (wp, wr), (p, r), _ = scores(judged, guess, weights)
            print("%d  %9d  %11.1f  %11.1f  %.1f  %.1f" % (k, t, wp, wr, p, r))


def grouped_pairs(root):
    """Every pair of articles in one component of `root` (id -> root)."""
    members = collections.defaultdict(list)
    for x, r in root.items():
        members[r].append(x)
    pairs = set()
    for group in members.values():
        group.sort()
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                pairs.add((a, b))
    return pairs


def cmd_tune_figures(args):
    """P/R of the groups for each SimHash radius (4-word shingles), with
    and without the figures' check and a window of days, and how many
    grouped pairs the groups of 8 bits alone (the first rule) did not
    group."""
    judged = [j for j in read_pairs(args.pairs) if j[3] in ("dup", "distinct")]
    weights = strata_weights(args.pairs, judged)
    pairs = candidate_pairs(args.build, args.corpus, 4, with_figures=True)
    old = grouped_pairs(components(pairs, 8))
    print("radius  figures  days  P(weighted)  R(weighted)  P  R  grouped  new")
    windows = {days: within_days(pairs, args.corpus, days)
               for days in (1, 2, 3)}
    windows[None] = pairs
    for t, m, days in itertools.product(range(8, 13), (False, True),
                                        (None, 1, 2, 3)):
        root = components(windows[days], t, m)
        guess = [a in root and root.get(a) == root.get(b)
                 for a, b, _, _ in judged]
        (wp, wr), (p, r), _ = scores(judged, guess, weights)
        grouped = grouped_pairs(root)
        print("%6d  %7d  %4s  %11.1f  %11.1f  %.1f  %.1f  %7d  %3d" % (
            t, m, days, wp, wr, p, r, len(grouped), len(grouped - old)))


def cmd_sample_new(args):
    """Pairs that the rule (--radius, figures agree, and with --days dates
    at most that far apart) groups and 8 bits of SimHash alone did not:
    what the judged pairs, drawn under the first fingerprint, under-sample.
    Pairs in --pairs are left out (judged already)."""
    pairs = candidate_pairs(args.build, args.corpus, 4, with_figures=True)
    old = grouped_pairs(components(pairs, 8))
    ruled = pairs if args.days is None else within_days(pairs, args.corpus,
                                                         args.days)
    new = grouped_pairs(components(ruled, args.radius, True))
    judged = {(a, b) for a, b, _, _ in read_pairs(args.pairs)}
    fresh = sorted(new - old - judged)
    rng = random.Random(args.seed)
    chosen = sorted(rng.sample(fresh, min(args.per_stratum, len(fresh))))
    with open(args.out, "w") as f:
        f.write("# id_a\tid_b\tdistance\tverdict (dup|distinct)\n")
        f.write("# new: %d pairs grouped by radius %d with figures agreeing "
                "(days apart at most: %s), not by 8 bits alone, not in %s\n"
                % (len(fresh), args.radius, args.days,
                   os.path.basename(args.pairs)))
        for a, b in chosen:
            d = pairs.get((a, b), (99, 0))[0]
            f.write("%s\t%s\t%d\t?\n" % (a, b, d))


def cmd_score(args):
    judged = read_pairs(args.pairs)
    judged = [j for j in judged if j[3] in ("dup", "distinct")]
    weights = strata_weights(args.pairs, judged)
    db = args.db
    tmp = None
    if db is None:
        tmp = tempfile.TemporaryDirectory()
        db = os.path.join(tmp.name, "db")
        subprocess.run([os.path.join(args.build, "indexer", "indexer"),
                        "build", "--db", db, args.corpus], check=True,
                       stdout=subprocess.DEVNULL)
    index = index_groups(db)
    print("judged pairs: %d (%d dup), strata %s" % (
        len(judged), sum(j[3] == "dup" for j in judged),
        ", ".join("%d-%d" % s for s in STRATA)))
    guess = [index[a] is not None and index[a] == index[b]
             for a, b, _, _ in judged]
    (wp, wr), (p, r), (tp, fp, fn) = scores(judged, guess, weights)
    grouped = sum(1 for g in index.values() if g)
    print("the index's groups: %d articles of %d in %d groups" % (
        grouped, len(index), len({g for g in index.values() if g})))
    print("precision %.1f recall %.1f (weighted by stratum); "
          "unweighted %.1f / %.1f (tp %d, fp %d, fn %d)" %
          (wp, wr, p, r, tp, fp, fn))
    count, peru = peru_check(args.build, db)
    print('"Peru Has First Trade Deficit" in the top 5 of "Peru trade '
          'deficit": %d time(s) %s' % (count, peru))
    return 0 if count == 1 else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", nargs="?", default="score",
                        choices=["score", "sample", "show", "tune",
                                 "tune-figures", "sample-new"])
    parser.add_argument("--build", default="build")
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--db")
    parser.add_argument("--pairs", default=DEFAULT_PAIRS)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--per-stratum", type=int, default=16)
    parser.add_argument("--out")
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--radius", type=int, default=11)
    parser.add_argument("--days", type=int)
    args = parser.parse_args()
    args.build = os.path.abspath(args.build)
    if args.command == "sample":
        return cmd_sample(args)
    if args.command == "show":
        return cmd_show(args)
    if args.command == "tune":
        return cmd_tune(args)
    if args.command == "tune-figures":
        return cmd_tune_figures(args)
    if args.command == "sample-new":
        return cmd_sample_new(args)
    return cmd_score(args)


if __name__ == "__main__":
    sys.exit(main() or 0)
