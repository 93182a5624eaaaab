#!/usr/bin/env python3
"""Runs Gazette's benchmark suite against Xapian's own tools and writes
bench/RESULTS.md.

Usage: bench/run.py [--sizes 10k,100k,1M] [--runs N] [--work DIR] [--smoke]

- Reuters-21578 (from ../shared/data, converted by reuters_convert.py into
  WORK/reuters): `indexer build` vs Omega's `omindex` on the same files (wall
  and CPU time, peak memory, index size); every query of queries.tsv as one
  `searcher` process vs one `quest` process on omindex's database; batch
  throughput with snippets and with facets (`searcher --batch`), and the
  latency of each query in one process (bench/search_bench.cc, C++ API).
- Growth: synthetic corpora (synth_corpus.py) of each size: indexing time,
  peak memory, index size, query and facet latency.

Measurements are taken in this run, on this machine, so ratios compare like
with like. The build is Release, in build-bench/ (made unless --no-build).
--smoke runs a few-second version (one Reuters file, 300 synthetic articles,
one run) and checks the numbers it got; CI runs it. Exits 0 on success.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# Targets of issue 5, checked in the table.
TARGET_INDEX_RATIO = 1 / 3        # indexer wall / omindex wall, Reuters
TARGET_RSS_MB = 300               # peak RSS while indexing, any size
TARGET_QUERY_RATIO = 1.5          # searcher / quest, per process
TARGET_BATCH_QPS = 2000           # batch, snippets, top 10, Reuters
TARGET_FACET_P95_MS_100K = 50     # facets p95 at 100k
TARGET_1M_MINUTES = 15            # 1M indexed in
TARGET_QUERY_P95_MS_1M = 50       # query p95 at 1M

# Requests per `searcher --batch` throughput run: the query list repeated.
BATCH_REQUESTS = 4000


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def run_measured(argv, env=None):
    """Runs argv with output discarded; returns wall s, CPU s, peak RSS MB."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
        "rc": proc.returncode,
        "stderr": err,
    }


def time_process(argv):
    start = time.perf_counter()
    rc = subprocess.call(argv, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, rc


def dir_size_mb(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total / 1e6


def percentile(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(p * (len(v) - 1) + 0.5))] if v else 0.0


def read_queries(path, limit=None):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            parts += [""] * (3 - len(parts))
            out.append({"category": parts[0], "query": parts[1],
                        "options": parts[2]})
    return out[:limit] if limit else out


def option_argv(options):
    """'--place saudi arabia --since 1987-03' -> argv, values may have spaces."""
    argv = []
    for word in options.split():
        if word.startswith("--"):
            argv.append(word)
            argv.append(None)
        elif argv and argv[-1] is None:
            argv[-1] = word
        else:
            argv[-1] += " " + word
    return [a for a in argv if a is not None]


def machine_info():
    info = {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M %Z").strip(),
            "kernel": platform.release(), "cores": os.cpu_count()}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            info["memory_gb"] = round(int(f.readline().split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    info["load_before"] = " ".join("%.2f" % x for x in os.getloadavg())
    for name, cmd in (("xapian", ["xapian-config", "--version"]),
                      ("omindex", ["omindex", "--version"])):
        try:
            info[name] = subprocess.run(cmd, capture_output=True, text=True,
                                        check=False).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            info[name] = "absent"
    try:
        info["commit"] = subprocess.run(
            ["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        info["commit"] = "?"
    return info


class Suite:
    def __init__(self, args):
        self.args = args
        self.build = os.path.abspath(args.build)
        self.indexer = os.path.join(self.build, "indexer", "indexer")
        self.searcher = os.path.join(self.build, "searcher", "searcher")
        self.search_bench = os.path.join(self.build, "bench", "search_bench")
        self.xapian_floor = os.path.join(self.build, "bench", "xapian_floor")
        self.work = os.path.abspath(args.work)
        self.have_omega = shutil.which("omindex") and shutil.which("quest")
        self.results = {"machine": machine_info(), "commands": [],
                        "smoke": args.smoke}
        build_type = "?"
        try:
            with open(os.path.join(self.build, "CMakeCache.txt")) as f:
                for line in f:
                    if line.startswith("CMAKE_BUILD_TYPE:"):
                        build_type = line.split("=", 1)[1].strip()
        except OSError:
            pass
        self.results["machine"]["build_type"] = build_type
        self.problems = []

    def note_command(self, text):
        if text not in self.results["commands"]:
            self.results["commands"].append(text)

    def check(self, ok, what):
        if not ok:
            self.problems.append(what)
            log("CHECK FAILED: " + what)

    # --- Reuters -------------------------------------------------------

    def reuters(self):
        out = os.path.join(self.work, "reuters")
        done = os.path.join(out, ".complete")
        argv = [sys.executable, os.path.join(HERE, "reuters_convert.py")]
        if self.args.data:
            argv += ["--data", os.path.join(self.args.data, "reuters21578")]
        if self.args.smoke:
            argv += ["--files", "1"]
        if not os.path.exists(done):
            shutil.rmtree(out, ignore_errors=True)
            rc = subprocess.call(argv + [out])
            if rc == 3:
                log("Reuters-21578 not found: Reuters benchmarks skipped")
                return None
            if rc != 0:
                raise SystemExit("bench: reuters_convert.py failed")
            open(done, "w").close()
        self.note_command(" ".join(["bench/reuters_convert.py"] + argv[2:] +
                                   ["WORK/reuters"]))
        return out

    def index_reuters(self, corpus):
        articles = os.path.join(corpus, "articles")
        jsonl = os.path.join(corpus, "jsonl")
        count = sum(len(files) for _, _, files in os.walk(articles))
        rows = {}
        tools = [("gazette", lambda db: [self.indexer, "build", articles,
                                         "--db", db]),
                 ("gazette-jsonl", lambda db: [self.indexer, "build", jsonl,
                                               "--db", db])]
        if self.have_omega:
            tools.append(("omindex", lambda db: ["omindex", "--db", db,
                                                 "--url", "/", articles]))
        tools.append(("xapian-floor", lambda db: [self.xapian_floor, "--db",
                                                  db, articles]))
        self.note_command("indexer build WORK/reuters/articles --db DB")
        self.note_command("indexer build WORK/reuters/jsonl --db DB")
        self.note_command("omindex --db DB --url / WORK/reuters/articles")
        self.note_command("xapian_floor --db DB WORK/reuters/articles")
        samples = {name: [] for name, _ in tools}
        # Interleaved, so load from other processes falls on every tool.
        for run in range(self.args.runs):
            for name, make in tools:
                db = os.path.join(self.work, "reuters-%s.db" % name)
                shutil.rmtree(db, ignore_errors=True)
                m = run_measured(make(db))
                self.check(m["rc"] == 0, "%s exited %d: %s" %
                           (name, m["rc"], m["stderr"][-500:]))
                m["size_mb"] = dir_size_mb(db)
                samples[name].append(m)
                log("index %s run %d: %.1f s wall, %.1f s CPU, %.0f MB" %
                    (name, run + 1, m["wall"], m["cpu"], m["rss_mb"]))
        for name, runs in samples.items():
            rows[name] = {k: statistics.median(r[k] for r in runs)
                          for k in ("wall", "cpu", "rss_mb", "size_mb")}
            rows[name]["articles_per_s"] = count / rows[name]["wall"]
        rows["articles"] = count
        self.results["reuters_index"] = rows
        self.check(self.doc_count(os.path.join(self.work, "reuters-gazette.db"))
                   == count, "gazette indexed every Reuters article")
        return (os.path.join(self.work, "reuters-gazette.db"),
                os.path.join(self.work, "reuters-omindex.db"))

    def doc_count(self, db):
        out = subprocess.run([self.indexer, "stats", "--db", db, "--format",
                              "json"], capture_output=True, text=True)
        try:
            return json.loads(out.stdout)["articles"]
        except (ValueError, KeyError):
            return -1

    def per_process_queries(self, gazette_db, omindex_db, queries):
        self.note_command("searcher --db DB --highlight none QUERY [OPTIONS]  "
                          "(one process per query)")
        self.note_command("quest -d OMINDEX_DB -o and -m 10 -p title:S "
                          "-f boolean,phrase,lovehate,wildcard QUERY")
        times = {"searcher": [[] for _ in queries],
                 "quest": [[] for _ in queries]}
        for _ in range(self.args.query_runs):
            for i, q in enumerate(queries):
                argv = [self.searcher, "--db", gazette_db, "--highlight", "none",
                        q["query"]] + option_argv(q["options"])
                t, rc = time_process(argv)
                self.check(rc in (0, 1), "searcher failed on %r" % q["query"])
                times["searcher"][i].append(t)
                if self.have_omega:
                    t, rc = time_process(
                        ["quest", "-d", omindex_db, "-o", "and", "-m", "10",
                         "-p", "title:S", "-f",
                         "boolean,phrase,lovehate,wildcard", q["query"]])
                    self.check(rc == 0, "quest failed on %r" % q["query"])
                    times["quest"][i].append(t)
        rows = {}
        for tool, per_query in times.items():
            if not per_query[0]:
                continue
            med = [statistics.median(t) * 1000 for t in per_query]
            rows[tool] = {"median_ms": statistics.median(med),
                          "p95_ms": percentile(med, 0.95)}
            # Text-only queries: what both tools can run the same way.
            plain = [m for m, q in zip(med, queries) if not q["options"]]
            rows[tool]["plain_median_ms"] = statistics.median(plain)
            rows[tool]["plain_p95_ms"] = percentile(plain, 0.95)
        rows["queries"] = len(queries)
        rows["plain_queries"] = sum(1 for q in queries if not q["options"])
        self.results["reuters_queries"] = rows

    def batch(self, db, queries_file, facets, limit=None, rounds=3,
              plain=False, extra=()):
        argv = [self.search_bench, "--db", db, "--queries", queries_file,
                "--rounds", str(rounds)] + list(extra)
        if facets:
            argv.append("--facets")
        if plain:
            argv.append("--plain")
        if limit:
            argv += ["--limit", str(limit)]
        out = subprocess.run(argv, capture_output=True, text=True)
        if out.returncode != 0:
            self.check(False, "search_bench failed: " + out.stderr[-500:])
            return None
        return json.loads(out.stdout)

    def searcher_batch(self, db, queries, facets, rounds=3, jobs=None):
        """Throughput of `searcher --batch`: every query as one request line,
        JSON out, the list repeated to at least BATCH_REQUESTS requests so
        that a run lasts long enough to time (process start and opening the
        index are then a small part); the median of `rounds` runs (after one
        to warm the cache). `jobs`: its --jobs (default: one per core)."""
        requests = os.path.join(self.work, "batch-requests.jsonl")
        copies = 1 if self.args.smoke else -(-BATCH_REQUESTS // len(queries))
        with open(requests, "w", encoding="utf-8") as f:
            for q in queries * copies:
                request = {"query": q["query"]}
                argv = option_argv(q["options"])
                for name, value in zip(argv[::2], argv[1::2]):
                    key = name[2:]
                    if key in ("person", "place", "org"):
                        request.setdefault(key, []).append(value)
                    else:
                        request[key] = value
                f.write(json.dumps(request) + "\n")
        argv = [self.searcher, "--batch", "--db", db, "--limit", "10"]
        if facets:
            argv.append("--facets")
        if jobs:
            argv += ["--jobs", str(jobs)]
        rates, cpu_rates = [], []
        for run in range(rounds + 1):
            with open(requests, "rb") as stdin:
                start = time.perf_counter()
                proc = subprocess.Popen(argv, stdin=stdin,
                                        stdout=subprocess.DEVNULL)
                _, status, usage = os.wait4(proc.pid, 0)
                seconds = time.perf_counter() - start
            rc = os.waitstatus_to_exitcode(status)
            self.check(rc in (0, 1), "searcher --batch exited %d" % rc)
            if run > 0:
                rates.append(len(queries) * copies / seconds)
                cpu_rates.append(len(queries) * copies /
                                 max(usage.ru_utime + usage.ru_stime, 1e-6))
        # Per CPU second: what the process would do with a core to itself,
        # which other load on the machine does not change much.
        return {"queries_per_second": statistics.median(rates),
                "queries_per_cpu_second": statistics.median(cpu_rates),
                "queries": len(queries), "requests": len(queries) * copies,
                "rounds": rounds}

    def reuters_batch(self, db, queries_file, queries):
        self.note_command("searcher --batch --db DB --limit 10 [--facets] "
                          "[--jobs 1] < requests  (every query of "
                          "bench/queries.tsv as a JSON request line, the "
                          "list repeated to %d requests)" % BATCH_REQUESTS)
        self.note_command("search_bench --db DB --queries bench/queries.tsv "
                          "[--facets] --rounds 3  (one process, C++ API)")
        rows = {"batch_snippets": self.searcher_batch(db, queries, False),
                "batch_snippets_jobs1": self.searcher_batch(db, queries, False,
                                                            jobs=1),
                "batch_facets": self.searcher_batch(db, queries, True),
                "batch_facets_jobs1": self.searcher_batch(db, queries, True,
                                                          jobs=1),
                "snippets": self.batch(db, queries_file, False),
                "facets": self.batch(db, queries_file, True)}
        self.results["reuters_batch"] = rows
        self.check_facets("reuters", db, [queries_file])

    # --- scale-out: shards, local and remote --------------------------

    def scale_out(self, corpus, one_db, queries_file, queries):
        """The same queries on one database, on N local shards and on the
        same shards served by xapian-tcpsrv on loopback
        (scripts/serve-shards.sh): search with snippets, facets and
        feedback (C++ API, one thread: median and p95 per query), and
        `searcher --batch` throughput."""
        shards = self.args.shards
        db = os.path.join(self.work, "scale-%d-shards.db" % shards)
        shutil.rmtree(db, ignore_errors=True)
        m = run_measured([self.indexer, "build", corpus, "--db", db,
                          "--shards", str(shards)])
        self.check(m["rc"] == 0, "indexer --shards failed: " +
                   m["stderr"][-500:])
        self.note_command("indexer build CORPUS --db DB --shards N")
        self.note_command("scripts/serve-shards.sh start DB STATE  "
                          "(xapian-tcpsrv per shard on loopback)")
        self.note_command("search_bench --db DB|STUB --queries "
                          "bench/queries.tsv [--facets] [--plain] "
                          "--rounds 2")
        state = os.path.join(self.work, "scale-servers")
        serve = os.path.join(REPO, "scripts", "serve-shards.sh")
        subprocess.call(["bash", serve, "stop", state])
        started = subprocess.run(["bash", serve, "start", db, state],
                                 capture_output=True, text=True)
        self.check(started.returncode == 0,
                   "serve-shards.sh failed: " + started.stderr[-500:])
        if started.returncode != 0:
            return
        stub = started.stdout.strip()
        rounds = 1 if self.args.smoke else 2
        rows = {"shards": shards, "articles": self.doc_count(one_db),
                "one_mb": dir_size_mb(one_db), "sharded_mb": dir_size_mb(db),
                "index_wall": m["wall"], "index_cpu": m["cpu"]}
        try:
            for name, target in (("one", one_db), ("local", db),
                                 ("remote", stub)):
                rows[name] = {
                    "snippets": self.batch(target, queries_file, False,
                                           rounds=rounds),
                    "facets": self.batch(target, queries_file, True,
                                         rounds=rounds),
                    "feedback": self.batch(target, queries_file, False,
                                           rounds=rounds, plain=True),
                    "batch_snippets": self.searcher_batch(
                        target, queries, False, rounds=1),
                    "batch_facets": self.searcher_batch(
                        target, queries, True, rounds=1)}
                log("scale-out %s: search p95 %.2f ms, facets p95 %.2f ms" %
                    (name, (rows[name]["snippets"] or {}).get("p95_ms", 0),
                     (rows[name]["facets"] or {}).get("p95_ms", 0)))
        finally:
            subprocess.call(["bash", serve, "stop", state])
        self.results["scale_out"] = rows

    # --- growth ----------------------------------------------------------

    def synthetic(self, size):
        out = os.path.join(self.work, "synth-%d" % size)
        done = os.path.join(out, ".complete")
        if not os.path.exists(done):
            shutil.rmtree(out, ignore_errors=True)
            log("generating %d synthetic articles" % size)
            argv = [sys.executable, os.path.join(HERE, "synth_corpus.py"),
                    str(size), out]
            if self.args.data:
                argv[2:2] = ["--data", self.args.data]
            subprocess.check_call(argv)
            open(done, "w").close()
        else:
            # The corpus is kept between runs; the queries follow the script.
            argv = [sys.executable, os.path.join(HERE, "synth_corpus.py"),
                    "--queries-only", str(size), out]
            if self.args.data:
                argv[2:2] = ["--data", self.args.data]
            subprocess.check_call(argv)
        self.note_command("bench/synth_corpus.py SIZE WORK/synth-SIZE")
        return out

    def growth(self, sizes):
        rows = []
        self.note_command("indexer build WORK/synth-SIZE --db DB")
        for size in sizes:
            corpus = self.synthetic(size)
            db = os.path.join(self.work, "synth-%d.db" % size)
            shutil.rmtree(db, ignore_errors=True)
            m = run_measured([self.indexer, "build", corpus, "--db", db])
            self.check(m["rc"] == 0, "indexer failed on synth-%d: %s" %
                       (size, m["stderr"][-500:]))
            self.check(self.doc_count(db) == size,
                       "synth-%d indexed in full" % size)
            queries = os.path.join(corpus, "queries.tsv")
            rounds = 3 if size < 1_000_000 else 2
            row = {"articles": size, "corpus_mb": dir_size_mb(corpus),
                   "wall": m["wall"], "cpu": m["cpu"], "rss_mb": m["rss_mb"],
                   "size_mb": dir_size_mb(db),
                   "query": self.batch(db, queries, False, rounds=rounds),
                   "facets": self.batch(db, queries, True, rounds=rounds)}
            log("synth-%d: %.1f s, %.0f MB RSS, %.0f MB index" %
                (size, m["wall"], m["rss_mb"], row["size_mb"]))
            facet_queries = os.path.join(corpus, "facet_queries.tsv")
            row["facet_table"] = self.facet_table(db, facet_queries, size)
            self.check_facets("synth-%d" % size, db, [queries, facet_queries])
            rows.append(row)
            if self.args.smoke:
                shutil.rmtree(db, ignore_errors=True)
        self.results["growth"] = rows

    # --- facets ----------------------------------------------------------

    def facet_table(self, db, queries_file, size):
        """Each two-word query of facet_queries.tsv timed alone, counted
        exactly, with facets and with sampled facets (search_bench --modes,
        taking turns); queries binned by the share of the corpus they
        match. At most 100k articles also the internal ways of counting
        the same matches (Xapian alone, entity lists, facet fields)."""
        modes = ["search", "exact", "facets", "sampled", "timeline"]
        if size <= 100_000:
            modes += ["count", "lists", "fields"]
        sample = max(1000, size // 100)
        self.note_command("search_bench --db DB --queries "
                          "WORK/synth-SIZE/facet_queries.tsv --modes "
                          "search,exact,facets,sampled,timeline"
                          "[,count,lists,fields] "
                          "--facet-sample SIZE/100 --rounds 3" +
                          (" --cpu-time" if self.args.cpu_time else ""))
        rounds = 1 if self.args.smoke else 3
        extra = ["--modes", ",".join(modes), "--facet-sample", str(sample)]
        if self.args.cpu_time:
            extra.append("--cpu-time")
        out = self.batch(db, queries_file, False, rounds=rounds, extra=extra)
        if not out:
            return None
        bins = {}
        for q in out["per_query"]:
            share = q["matches"] / max(size, 1)
            name = facet_bin(share)
            if name:
                bins.setdefault(name, []).append(q)
        table = {"sample": sample, "modes": modes, "bins": {},
                 "cpu_time": self.args.cpu_time}
        for name, queries in bins.items():
            row = {"queries": len(queries),
                   "median_matches": statistics.median(
                       q["matches"] for q in queries)}
            for mode in modes:
                ms = [q["ms"][mode] for q in queries]
                row[mode] = {"median_ms": statistics.median(ms),
                             "p95_ms": percentile(ms, 0.95)}
            ratios = [q["ms"]["facets"] / max(q["ms"]["exact"], 1e-9)
                      for q in queries]
            row["ratio_median"] = statistics.median(ratios)
            row["ratio_max"] = max(ratios)
            timeline = [q["ms"]["timeline"] / max(q["ms"]["exact"], 1e-9)
                        for q in queries]
            row["timeline_ratio_median"] = statistics.median(timeline)
            row["timeline_ratio_max"] = max(timeline)
            table["bins"][name] = row
        return table

    def check_facets(self, name, db, query_files):
        """Every query's facets, as the searcher counts them, against the
        entity lists' count of the same matches (how facets were counted
        before the facet fields): they must be the same."""
        self.note_command("search_bench --db DB --queries FILE "
                          "--check-facets --rounds 0")
        checked, differ = 0, []
        for queries_file in query_files:
            out = self.batch(db, queries_file, False, rounds=0,
                             extra=["--check-facets"])
            if out:
                checked += out["facets_checked"]
                differ += out["facets_differ"]
        self.results.setdefault("facet_checks", {})[name] = {
            "checked": checked, "differ": differ}
        self.check(not differ, "%s: facets of %d queries differ from the "
                   "entity lists' count: %s" % (name, len(differ),
                                                 differ[:5]))

    # --- all -------------------------------------------------------------

    def run(self):
        os.makedirs(self.work, exist_ok=True)
        queries_file = os.path.join(HERE, "queries.tsv")
        queries = read_queries(queries_file, 20 if self.args.smoke else None)
        corpus = None if self.args.only == "growth" else self.reuters()
        if corpus and self.args.only == "scale-out":
            db = os.path.join(self.work, "reuters-gazette.db")
            if self.doc_count(db) <= 0:
                shutil.rmtree(db, ignore_errors=True)
                subprocess.check_call([self.indexer, "build",
                                       os.path.join(corpus, "articles"),
                                       "--db", db], stderr=subprocess.DEVNULL)
            self.scale_out(os.path.join(corpus, "articles"), db, queries_file,
                           queries)
        elif corpus:
            gazette_db, omindex_db = self.index_reuters(corpus)
            self.per_process_queries(gazette_db, omindex_db, queries)
            self.reuters_batch(gazette_db, queries_file, queries)
            self.scale_out(os.path.join(corpus, "articles"), gazette_db,
                           queries_file, queries)
        if self.args.only != "scale-out":
            self.growth(self.args.sizes)
        self.results["machine"]["load_after"] = " ".join(
            "%.2f" % x for x in os.getloadavg())
        return self.results


# The facet table's bins, by the share of the corpus a query matches.
FACET_BINS = (("< 0.1%", 0, 0.001), ("~1%", 0.003, 0.03),
              ("~10%", 0.03, 0.3), ("> 50%", 0.5, 1.01))
TARGET_FACET_RATIO = 2.0          # facets / exact count, every bin


def facet_bin(share):
    for name, low, high in FACET_BINS:
        if low <= share < high:
            return name
    return None


def parse_size(text):
    text = text.strip().lower()
    mult = 1
    if text.endswith("k"):
        mult, text = 1000, text[:-1]
    elif text.endswith("m"):
        mult, text = 1_000_000, text[:-1]
    return int(float(text) * mult)


# --- the report ------------------------------------------------------------

def fmt(x, digits=1):
    return "%.*f" % (digits, x)


def verdict(ok):
    """ok: True, False, or None for a figure the issue only asks to state."""
    if ok is None:
        return "stated"
    return "met" if ok else "**missed**"


def report(results):
    m = results["machine"]
    lines = ["# Gazette benchmark results", "",
             "Written by `bench/run.py`%s. Every ratio compares tools measured "
             "in the same run on the same machine." %
             (" --smoke (a smoke run: numbers are not meaningful)"
              if results["smoke"] else ""), "",
             "## Machine", "",
             "| | |", "|---|---|",
             "| date | %s |" % m["date"],
             "| CPU | %s, %s cores |" % (m.get("cpu", "?"), m["cores"]),
             "| memory | %s GB |" % m.get("memory_gb", "?"),
             "| kernel | %s |" % m["kernel"],
             "| Xapian | %s; %s |" % (m["xapian"], m["omindex"]),
             "| Gazette commit | %s (%s build) |" % (m["commit"],
                                                    m.get("build_type", "?")),
             "| load average before / after | %s / %s |" %
             (m["load_before"], m.get("load_after", "?")), ""]
    lines += ["## Commands", ""] + ["    " + c for c in results["commands"]]
    lines.append("")
    targets = []
    ri = results.get("reuters_index")
    if ri:
        g, om = ri["gazette"], ri.get("omindex")
        lines += ["## Indexing Reuters-21578 (%d articles; median of runs)" %
                  ri["articles"], "",
                  "| tool | wall s | CPU s | articles/s | peak RSS MB | index MB |",
                  "|---|---:|---:|---:|---:|---:|"]
        for name in ("gazette", "gazette-jsonl", "omindex", "xapian-floor"):
            r = ri.get(name)
            if r:
                lines.append("| %s | %s | %s | %d | %d | %d |" % (
                    name, fmt(r["wall"]), fmt(r["cpu"]), r["articles_per_s"],
                    r["rss_mb"], r["size_mb"]))
        if om:
            lines += ["", "gazette / omindex: wall %s, CPU %s, peak RSS %s, "
                      "index size %s." % tuple(fmt(g[k] / om[k], 2) for k in
                                               ("wall", "cpu", "rss_mb",
                                                "size_mb"))]
            targets.append(("Reuters indexing wall time <= 1/3 of omindex's",
                            "%s of omindex's" % fmt(g["wall"] / om["wall"], 2),
                            g["wall"] / om["wall"] <= TARGET_INDEX_RATIO))
        floor = ri.get("xapian-floor")
        if floor and om:
            lines += ["", "xapian-floor (bench/xapian_floor.cc) is Xapian "
                      "alone doing part of Gazette's work: the same title and "
                      "body terms with positions, written as shards on the "
                      "same threads and merged, with no entities, stored "
                      "text, values or dates. It took %s of omindex's wall "
                      "time and %s of its CPU; gazette took %s of the "
                      "floor's wall time." %
                      (fmt(floor["wall"] / om["wall"], 2),
                       fmt(floor["cpu"] / om["cpu"], 2),
                       fmt(g["wall"] / floor["wall"], 2))]
        lines.append("")
    rq = results.get("reuters_queries")
    if rq:
        lines += ["## One process per query, Reuters (%d queries; %d without "
                  "filters; median of runs per query)" %
                  (rq["queries"], rq["plain_queries"]), "",
                  "| tool | median ms | p95 ms | median ms, no filters | "
                  "p95 ms, no filters |", "|---|---:|---:|---:|---:|"]
        for tool in ("searcher", "quest"):
            r = rq.get(tool)
            if r:
                lines.append("| %s | %s | %s | %s | %s |" % (
                    tool, fmt(r["median_ms"]), fmt(r["p95_ms"]),
                    fmt(r["plain_median_ms"]), fmt(r["plain_p95_ms"])))
        if "quest" in rq:
            s, q = rq["searcher"], rq["quest"]
            ratio = s["plain_median_ms"] / q["plain_median_ms"]
            lines += ["", "searcher / quest on the same queries (no "
                      "filters): median %s, p95 %s. quest prints omindex's "
                      "stored sample; the searcher builds a snippet around "
                      "the query's words." %
                      (fmt(ratio, 2), fmt(s["plain_p95_ms"] / q["plain_p95_ms"], 2))]
            targets.append(("searcher per process <= 1.5x quest (median)",
                            "%sx" % fmt(ratio, 2), ratio <= TARGET_QUERY_RATIO))
        lines.append("")
    rb = results.get("reuters_batch")
    if rb and rb["snippets"]:
        lines += ["## One process, many queries, Reuters (top 10, %d queries)"
                  % rb["batch_snippets"]["queries"], "",
                  "`searcher --batch` answers on one thread per core unless "
                  "given `--jobs 1`, and is timed over %d requests (the "
                  "queries repeated); the C++ API figures are one thread."
                  % rb["batch_snippets"].get("requests", 0), "",
                  "| mode | `searcher --batch` queries/s | queries per CPU "
                  "second | C++ API queries/s | C++ API median ms "
                  "| C++ API p95 ms |",
                  "|---|---:|---:|---:|---:|---:|"]
        for mode in ("snippets", "facets"):
            r, b = rb[mode], rb["batch_" + mode]
            name = ("with snippets" if mode == "snippets"
                    else "with snippets and facets")
            if r:
                lines.append("| %s | %d | %d | %d | %s | %s |" % (
                    name, b["queries_per_second"], b["queries_per_cpu_second"],
                    r["queries_per_second"],
                    fmt(r["median_ms"], 2), fmt(r["p95_ms"], 2)))
            one = rb.get("batch_%s_jobs1" % mode)
            if one:
                lines.append("| %s, `--jobs 1` | %d | %d | | | |" % (
                    name, one["queries_per_second"],
                    one["queries_per_cpu_second"]))
        qps = rb["batch_snippets"]["queries_per_second"]
        cpu_qps = rb["batch_snippets"]["queries_per_cpu_second"]
        targets.append(("searcher --batch >= 2000 queries/s with snippets",
                        "%d q/s (%d per CPU second)" % (qps, cpu_qps),
                        qps >= TARGET_BATCH_QPS))
        lines.append("")
    lines += report_scale_out(results.get("scale_out"), targets)
    growth = results.get("growth")
    if growth:
        lines += ["## Growth, synthetic corpora (bench/synth_corpus.py)", "",
                  "| articles | corpus MB | index wall s | CPU s | articles/s "
                  "| peak RSS MB | index MB | query median ms | query p95 ms "
                  "| facets median ms | facets p95 ms |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in growth:
            q, f = r["query"] or {}, r["facets"] or {}
            lines.append("| %d | %d | %s | %s | %d | %d | %d | %s | %s | %s | %s |" % (
                r["articles"], r["corpus_mb"], fmt(r["wall"]), fmt(r["cpu"]),
                r["articles"] / r["wall"], r["rss_mb"], r["size_mb"],
                fmt(q.get("median_ms", 0), 2), fmt(q.get("p95_ms", 0), 2),
                fmt(f.get("median_ms", 0), 2), fmt(f.get("p95_ms", 0), 2)))
            if r["articles"] == 100_000 and f:
                targets.append(("facets p95 < 50 ms at 100k",
                                "%s ms" % fmt(f["p95_ms"]),
                                f["p95_ms"] < TARGET_FACET_P95_MS_100K))
            if r["articles"] == 1_000_000:
                targets.append(("1M articles indexed in < 15 min",
                                "%s min" % fmt(r["wall"] / 60),
                                r["wall"] < TARGET_1M_MINUTES * 60))
                if q:
                    targets.append(("query p95 < 50 ms at 1M",
                                    "%s ms" % fmt(q["p95_ms"]),
                                    q["p95_ms"] < TARGET_QUERY_P95_MS_1M))
                if f:
                    targets.append(("facets p95 at 1M (stated, no target)",
                                    "%s ms" % fmt(f["p95_ms"]), None))
        lines.append("")
    lines += facet_report(results, targets)
    rss = [r["rss_mb"] for r in growth or []]
    if ri:
        rss += [ri["gazette"]["rss_mb"], ri["gazette-jsonl"]["rss_mb"]]
    if rss:
        targets.append(("peak RSS while indexing < 300 MB",
                        "%d MB at most" % max(rss),
                        max(rss) < TARGET_RSS_MB))
    lines += ["## Targets", "", "| target | measured | |", "|---|---|---|"]
    lines += ["| %s | %s | %s |" % (t, v, verdict(ok)) for t, v, ok in targets]
    lines.append("")
    return "\n".join(lines)


def report_scale_out(so, targets):
    """The scale-out table, and its targets appended to `targets`."""
    if not so or "remote" not in so:
        return []
    lines = ["## Shards: one database, %d local shards, %d remote shards "
             "(Reuters, %d articles)" % (so["shards"], so["shards"],
                                         so["articles"]), "",
             "The same queries of bench/queries.tsv, top 10 with snippets, "
             "through the C++ API on one thread (median and p95 of each "
             "query's median over the rounds), and `searcher --batch` "
             "throughput (one thread per core). Remote: each shard served by "
             "xapian-tcpsrv on loopback. Index: %d MB as one database, %d MB "
             "as %d shards (built in %s s wall, %s s CPU)." %
             (so["one_mb"], so["sharded_mb"], so["shards"],
              fmt(so["index_wall"]), fmt(so["index_cpu"])), "",
             "| index | search median ms | search p95 ms | facets median ms "
             "| facets p95 ms | feedback median ms | feedback p95 ms "
             "| batch q/s | batch q/s, facets |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name in ("one", "local", "remote"):
        r = so[name]
        cells = []
        for kind in ("snippets", "facets", "feedback"):
            x = r[kind] or {}
            cells += [fmt(x.get("median_ms", 0), 2), fmt(x.get("p95_ms", 0), 2)]
        lines.append("| %s | %s | %d | %d |" % (
            {"one": "one database", "local": "local shards",
             "remote": "remote shards"}[name], " | ".join(cells),
            r["batch_snippets"]["queries_per_second"],
            r["batch_facets"]["queries_per_second"]))
    lines.append("")
    for kind, what in (("snippets", "search with snippets"),
                       ("facets", "facets")):
        local, remote = so["local"][kind], so["remote"][kind]
        if local and remote:
            ratio = remote["p95_ms"] / max(local["p95_ms"], 1e-9)
            targets.append(("remote shards p95 within 2x local, %s" % what,
                            "%sx (%s ms / %s ms)" % (
                                fmt(ratio, 2), fmt(remote["p95_ms"], 2),
                                fmt(local["p95_ms"], 2)), ratio <= 2))
    return lines


def facet_report(results, targets):
    """The facet tables: by match share, every size; the ways of counting,
    where measured; the checks against the entity lists."""
    growth = [r for r in results.get("growth") or [] if r.get("facet_table")]
    if not growth:
        return []
    unit = ("CPU ms of the process, every thread"
            if any(r["facet_table"].get("cpu_time") for r in growth)
            else "ms")
    lines = ["## Facets by match share, synthetic corpora", "",
             "Two-word queries of `facet_queries.tsv` (bench/synth_corpus.py), "
             "binned by the share of the corpus they match; each query timed "
             "in every mode in turn, its median over the rounds; the bin's "
             "median and p95 over its queries (" + unit + ", one thread, C++ "
             "API, top 10 with snippets). *search*: the hits alone; *exact*: and "
             "every match counted; *facets*: and facets counted over every "
             "match; *sampled*: facets with `facet_sample` = 1% of the "
             "corpus (values chosen from the sample, their counts exact); "
             "*timeline*: the matches counted per day, month or year "
             "(`--timeline`). *ratio*: facets / exact per query, the bin's "
             "median (max); *timeline ratio*: timeline / exact.", "",
             "| articles | bin | queries | median matches | search | exact "
             "| facets | sampled | timeline | ratio | timeline ratio |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    methods = []
    for r in growth:
        table = r["facet_table"]
        ok = True
        for name, _, _ in FACET_BINS:
            b = table["bins"].get(name)
            if not b:
                continue
            cell = lambda m: "%s / %s" % (fmt(b[m]["median_ms"], 2),
                                          fmt(b[m]["p95_ms"], 2))
            lines.append("| %d | %s | %d | %d | %s | %s | %s | %s | %s "
                         "| %s (%s) | %s (%s) |"
                         % (r["articles"], name, b["queries"],
                            b["median_matches"], cell("search"), cell("exact"),
                            cell("facets"), cell("sampled"), cell("timeline"),
                            fmt(b["ratio_median"], 2), fmt(b["ratio_max"], 2),
                            fmt(b["timeline_ratio_median"], 2),
                            fmt(b["timeline_ratio_max"], 2)))
            ok = ok and b["ratio_median"] <= TARGET_FACET_RATIO
            if "lists" in b:
                methods.append((r["articles"], name, b))
        targets.append(("facets <= %sx the exact count in every bin at %d "
                        "(median per bin)" % (fmt(TARGET_FACET_RATIO, 0),
                                              r["articles"]),
                        ", ".join("%s %s" % (n, fmt(b["ratio_median"], 2))
                                  for n, b in table["bins"].items()), ok))
    lines.append("")
    if methods:
        lines += ["Ways of counting the same matches (internal counter, no "
                  "snippets; median ms): *count* is Xapian counting every "
                  "match; *lists* adds facets from each match's entity list "
                  "(how Gazette counted before the facet fields); *fields* "
                  "from the facet fields, whatever the number of matches. "
                  "µs per match: what facets add to *count*, over the bin's "
                  "median matches.", "",
                  "| articles | bin | count | lists | fields | lists µs/match "
                  "| fields µs/match |", "|---:|---|---:|---:|---:|---:|---:|"]
        for size, name, b in methods:
            per = lambda m: 1000 * (b[m]["median_ms"] - b["count"]["median_ms"]
                                    ) / max(b["median_matches"], 1)
            lines.append("| %d | %s | %s | %s | %s | %s | %s |" % (
                size, name, fmt(b["count"]["median_ms"], 2),
                fmt(b["lists"]["median_ms"], 2),
                fmt(b["fields"]["median_ms"], 2), fmt(per("lists"), 3),
                fmt(per("fields"), 3)))
        lines.append("")
    checks = results.get("facet_checks") or {}
    if checks:
        lines += ["Facets checked against the entity lists' count of the same "
                  "matches (`search_bench --check-facets`): " +
                  "; ".join("%s %d queries, %d differ" %
                            (name, c["checked"], len(c["differ"]))
                            for name, c in checks.items()) + ".", ""]
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(REPO, "build-bench"),
                    help="build directory (Release)")
    ap.add_argument("--no-build", action="store_true",
                    help="use the binaries in --build as they are")
    ap.add_argument("--work", default=os.environ.get(
        "GAZETTE_BENCH_WORK", "/tmp/gazette-bench"),
        help="where corpora and indexes go (outside the repository)")
    ap.add_argument("--data", default=os.environ.get("GAZETTE_DATA"),
                    help="data sets folder (default ../shared/data)")
    ap.add_argument("--sizes", default="10k,100k,1M")
    ap.add_argument("--runs", type=int, default=3,
                    help="indexing runs per tool (median taken)")
    ap.add_argument("--query-runs", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(HERE, "RESULTS.md"))
    ap.add_argument("--json", help="also write the raw results here")
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--shards", type=int, default=4,
                    help="shards of the scale-out comparison")
    ap.add_argument("--only", choices=["scale-out", "growth"],
                    help="run only this part: scale-out (on Reuters) or "
                    "growth (the synthetic corpora of --sizes)")
    ap.add_argument("--cpu-time", action="store_true",
                    help="time the facet table by CPU time, not wall time "
                    "(for a shared, loaded machine)")
    args = ap.parse_args()
    args.sizes = [parse_size(s) for s in args.sizes.split(",") if s]
    if args.smoke:
        args.sizes, args.runs, args.query_runs = [300], 1, 1
    if not args.no_build:
        subprocess.check_call(["cmake", "-S", REPO, "-B", args.build,
                               "-DCMAKE_BUILD_TYPE=Release",
                               "-DGAZETTE_BUILD_TESTS=OFF"],
                              stdout=subprocess.DEVNULL)
        subprocess.check_call(["cmake", "--build", args.build, "-j2"],
                              stdout=subprocess.DEVNULL)
    suite = Suite(args)
    results = suite.run()
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(report(results))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)
    log("wrote " + args.out)
    if suite.problems:
        log("%d check(s) failed" % len(suite.problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
