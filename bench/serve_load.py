#!/usr/bin/env python3
"""Load on `searcher --serve` against `searcher --batch`, same queries.

  bench/serve_load.py --db DB [--clients 1,4,16] [--requests 2000]
                      [--serve-clients 4] [--facets] [--searcher PATH]

N clients on loopback each ask in turn (one request, wait for the answer,
the next), from the queries of bench/queries.tsv as batch JSON requests:
over HTTP (POST /api/search on a keep-alive connection, all to one server
started with --serve-clients), and, for comparison, each client holding a
pipe to its own `searcher --batch --jobs 1` process. The same Python client
code drives both, so its own cost is in both. Prints, per transport and N,
the requests answered, refused with 503, throughput and p50/p95/p99 latency
(ms). With N above --serve-clients the server refuses what it cannot take at
once (503) rather than queueing it: that is counted, not retried.
"""
import argparse
import http.client
import json
import os
import select
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run import option_argv, read_queries  # noqa: E402


def requests_from(queries, facets):
    out = []
    for q in queries:
        request = {"query": q["query"], "limit": 10}
        argv = option_argv(q["options"])
        for name, value in zip(argv[::2], argv[1::2]):
            key = name[2:]
            if key in ("person", "place", "org"):
                request.setdefault(key, []).append(value)
            elif key in ("since", "until", "sort"):
                request[key] = value
        if facets:
            request["facets"] = True
        out.append(json.dumps(request))
    return out


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, int(round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[index]


def drive(clients, total, ask_factory):
    """Runs `clients` threads, each asking total/clients requests through its
    own ask(request) -> status; returns (seconds, latencies, statuses)."""
    latencies, statuses, lock = [], {}, threading.Lock()
    per_client = max(1, total // clients)
    askers = [ask_factory(i) for i in range(clients)]
    start_line = threading.Barrier(clients + 1)

    def work(i):
        ask, requests = askers[i]
        mine, counts = [], {}
        start_line.wait()
        for n in range(per_client):
            request = requests[(i * 7919 + n) % len(requests)]
            t = time.perf_counter()
            status = ask(request)
            mine.append(time.perf_counter() - t)
            counts[status] = counts.get(status, 0) + 1
        with lock:
            latencies.extend(mine)
            for k, v in counts.items():
                statuses[k] = statuses.get(k, 0) + v

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    start_line.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - start, sorted(latencies), statuses


def start_server(args):
    proc = subprocess.Popen(
        [args.searcher, "--serve", "127.0.0.1:0", "--db", args.db,
         "--serve-clients", str(args.serve_clients)],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    line = b""
    deadline = time.monotonic() + 30
    while not line.endswith(b"\n") and time.monotonic() < deadline:
        if select.select([proc.stderr], [], [], 0.5)[0]:
            line += os.read(proc.stderr.fileno(), 1)
    text = line.decode()
    if "serving http://" not in text:
        proc.kill()
        sys.exit("serve_load.py: the server did not start: " + text)
    port = int(text.split("serving http://")[1].split("/")[0].rsplit(":", 1)[1])
    # The access log would fill the pipe: drain it.
    threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
    return proc, port


def http_asker(port, requests):
    def factory(_):
        state = {"conn": http.client.HTTPConnection("127.0.0.1", port, timeout=60)}

        def ask(body):
            for attempt in (0, 1):
                try:
                    state["conn"].request("POST", "/api/search", body,
                                          {"Content-Type": "application/json"})
                    response = state["conn"].getresponse()
                    response.read()
                    if response.getheader("Connection", "").lower() == "close":
                        state["conn"].close()
                    return response.status
                except (http.client.HTTPException, OSError):
                    state["conn"].close()
                    state["conn"] = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                    if attempt:
                        return "error"
        return ask, requests
    return factory


def batch_asker(args, requests, procs):
    def factory(_):
        proc = subprocess.Popen(
            [args.searcher, "--batch", "--jobs", "1", "--db", args.db],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        procs.append(proc)

        def ask(body):
            proc.stdin.write(body.encode() + b"\n")
            proc.stdin.flush()
            answer = proc.stdout.readline()
            return 200 if b'"type":"result"' in answer else "error"
        return ask, requests
    return factory


def report(transport, clients, seconds, latencies, statuses):
    ok = statuses.get(200, 0)
    busy = statuses.get(503, 0)
    other = sum(v for k, v in statuses.items() if k not in (200, 503))
    ms = [x * 1000 for x in latencies]
    print(f"| {transport} | {clients} | {ok} | {busy} | {other} | "
          f"{ok / seconds:,.0f} | {percentile(ms, 50):.1f} | {percentile(ms, 95):.1f} | "
          f"{percentile(ms, 99):.1f} |", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--searcher", default=os.path.join(
        HERE, "..", "build", "searcher", "searcher"))
    parser.add_argument("--queries", default=os.path.join(HERE, "queries.tsv"))
    parser.add_argument("--clients", default="1,4,16")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--serve-clients", type=int, default=4)
    parser.add_argument("--facets", action="store_true")
    args = parser.parse_args()
    if not 1 <= args.requests <= 1_000_000:
        sys.exit(f"serve_load.py: --requests must be 1 to 1000000, got {args.requests}")
    clients = [int(c) for c in args.clients.split(",")]
    if any(not 1 <= c <= 256 for c in clients):
        sys.exit(f"serve_load.py: --clients must each be 1 to 256, got {args.clients}")
    requests = requests_from(read_queries(args.queries), args.facets)
    print(f"{len(requests)} queries{' with facets' if args.facets else ''}, "
          f"{args.requests} requests per run, --serve-clients {args.serve_clients}, "
          f"load average before {os.getloadavg()[0]:.2f}\n")
    print("| transport | clients | answered | 503 | errors | answers/s | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in clients:
        server, port = start_server(args)
        try:
            report("HTTP", n, *drive(n, args.requests, http_asker(port, requests)))
        finally:
            server.terminate()
            if server.wait(timeout=30) != 0:
                print("serve_load.py: the server did not exit 0 on SIGTERM", file=sys.stderr)
        procs = []
        try:
            report("--batch", n, *drive(n, args.requests, batch_asker(args, requests, procs)))
        finally:
            for proc in procs:
                proc.stdin.close()
                proc.wait(timeout=30)


if __name__ == "__main__":
    main()
