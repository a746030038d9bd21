"""Ticket creation throughput and latency through the API: POST /api/v1/tickets/.

    .venv/bin/python bench/api_create.py --runs 5 --requests 3000 --concurrency 8 --workers 4

Starts gunicorn (sync workers, DEBUG=0) on 127.0.0.1 against the bench database (seed it
first with bench/seed.py), and drives it from this process with a fixed number of client
threads (closed loop: each thread sends its next request when the previous one answered).
Each request is a merchant user's JSON create with token auth; the merchant users are
spread over many merchants with an active licence. Every run sends a fixed number of
requests (and stops early at --max-seconds); after a warm-up run the runs are repeated and
the medians reported, since the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import (  # noqa: E402
    SERVER_PGIDS,
    bench_env,
    db_backends_cpu_seconds,
    db_cpu_delta,
    group_cpu_seconds,
    gunicorn,
    latency_summary,
    machine_line,
    median,
    setup_django,
    table,
    write_section,
)

TARGET_RPS = 300
TARGET_P99_MS = 150.0
BODY = ("Since the update our checkout shows an error when customers pay with PayPal.\n\n"
        "* It happens on every order\n* The log says `callback timeout`\n\nCould you please have a look?")


def merchant_tokens(count: int) -> list[str]:
    """Tokens of COUNT merchant users, one per merchant, all with an active licence."""
    from rest_framework.authtoken.models import Token

    from accounts.models import Merchant, User

    users = list(User.objects.filter(merchant__licence_status=Merchant.LicenceStatus.ACTIVE, merchant_role="owner",
                                     is_active=True).order_by("merchant_id")[:count])
    if not users:
        raise SystemExit("No merchant users in the bench database: run bench/seed.py first.")
    return [Token.objects.get_or_create(user=user)[0].key for user in users]


def run_once(port: int, tokens: list[str], *, requests: int, concurrency: int, max_seconds: float) -> dict:
    counter = itertools.count()
    token_cycle = itertools.cycle(tokens)
    lock = threading.Lock()
    latencies: list[float] = []
    errors: dict[str, int] = {}
    deadline = time.monotonic() + max_seconds

    def worker() -> None:
        own: list[float] = []
        while time.monotonic() < deadline:
            n = next(counter)
            if n >= requests:
                break
            with lock:
                token = next(token_cycle)
            payload = json.dumps({"subject": f"Checkout error after update #{n}", "body": BODY})
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("POST", "/api/v1/tickets/", body=payload,
                             headers={"Authorization": f"Token {token}", "Content-Type": "application/json"})
                response = conn.getresponse()
                response.read()
                conn.close()
                status = response.status
            except OSError as exc:
                status = type(exc).__name__
            elapsed = time.perf_counter() - started
            if status == 201:
                own.append(elapsed)
            else:
                with lock:
                    errors[str(status)] = errors.get(str(status), 0) + 1
        with lock:
            latencies.extend(own)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    cpu_before = (group_cpu_seconds(SERVER_PGIDS[port]), db_backends_cpu_seconds(), time.process_time())
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    cpu_after = (group_cpu_seconds(SERVER_PGIDS[port]), db_backends_cpu_seconds(), time.process_time())
    done = max(len(latencies), 1) / 1000
    web_ms, client_ms = (cpu_after[0] - cpu_before[0]) / done, (cpu_after[2] - cpu_before[2]) / done
    db_ms = db_cpu_delta(cpu_before[1], cpu_after[1]) / done
    return {"ok": len(latencies), "errors": errors, "wall": wall, "rps": len(latencies) / wall,
            "web_cpu_ms": web_ms, "db_cpu_ms": db_ms, "client_cpu_ms": client_ms, **latency_summary(latencies)}


def bench(args: argparse.Namespace, workers: int, tokens: list[str]) -> dict:
    runs = []
    env = bench_env(REDIS_URL=args.redis_url) if args.redis_url else None
    with gunicorn(workers=workers, env=env) as port:
        print(f"gunicorn -w {workers} on port {port}; warm-up of {args.warmup} requests")
        run_once(port, tokens, requests=args.warmup, concurrency=args.concurrency, max_seconds=args.max_seconds)
        for i in range(args.runs):
            result = run_once(port, tokens, requests=args.requests, concurrency=args.concurrency,
                              max_seconds=args.max_seconds)
            runs.append(result)
            print(f"  run {i + 1}: {result['rps']:6.1f} creates/s  p50 {result['p50']:6.1f}  p95 {result['p95']:6.1f}"
                  f"  p99 {result['p99']:6.1f} ms  ok {result['ok']}  errors {result['errors'] or 0}"
                  f"  CPU ms/create: web {result['web_cpu_ms']:.1f} db {result['db_cpu_ms']:.1f}"
                  f" client {result['client_cpu_ms']:.1f}")
    summary = {key: median([r[key] for r in runs])
               for key in ("rps", "p50", "p95", "p99", "web_cpu_ms", "db_cpu_ms", "client_cpu_ms")}
    print(f"  median of {len(runs)}: {summary['rps']:.1f} creates/s, p50 {summary['p50']:.1f} ms, "
          f"p95 {summary['p95']:.1f} ms, p99 {summary['p99']:.1f} ms")
    return {"workers": workers, "runs": runs, **summary}


def report(results: list[dict], args: argparse.Namespace, tickets: int, users: int) -> str:
    rows = []
    for result in results:
        for i, run in enumerate(result["runs"], 1):
            rows.append((result["workers"], i, run["rps"], run["p50"], run["p95"], run["p99"], run["web_cpu_ms"],
                         run["db_cpu_ms"], run["ok"], sum(run["errors"].values())))
        rows.append((f"**{result['workers']}**", "**median**", f"**{result['rps']:.1f}**", f"**{result['p50']:.1f}**",
                     f"**{result['p95']:.1f}**", f"**{result['p99']:.1f}**", f"**{result['web_cpu_ms']:.1f}**",
                     f"**{result['db_cpu_ms']:.1f}**", "", ""))
    best = max(results, key=lambda r: r["rps"])
    met = best["rps"] >= TARGET_RPS and best["p99"] <= TARGET_P99_MS
    return "\n".join([
        "### Ticket creation through the API (`bench/api_create.py`)",
        "",
        f"Measured {machine_line()}. Database: {tickets:,} tickets before the runs. Gunicorn sync workers, "
        + ("DEBUG=0, REDIS_URL set (the create hooks' Celery tasks are queued in Redis for workers, as in "
           "production; no worker ran during the measurement). " if args.redis_url else
           "DEBUG=0, no REDIS_URL (so Celery tasks that the create hooks enqueue run inside the request). ")
        + f"Client: {args.concurrency} threads in one process on the same 2 cores, closed loop, a new "
        f"connection per request, POST /api/v1/tickets/ as {users} merchant users (token auth, JSON "
        f"subject + Markdown body). {args.runs} runs of {args.requests} requests after a "
        f"{args.warmup}-request warm-up; medians over runs.",
        "",
        f"Best median: **{best['rps']:.0f} creates/s at p99 {best['p99']:.0f} ms** with {best['workers']} workers "
        f"(target ≥ {TARGET_RPS}/s at p99 ≤ {TARGET_P99_MS:.0f} ms: {'met' if met else 'missed'}).",
        "",
        "CPU per create: *web* is the gunicorn processes' user+system time over the run divided by the creates, "
        "*db* the same for the PostgreSQL backends of the bench database; the client's own share is not counted.",
        "",
        table(["workers", "run", "creates/s", "p50 ms", "p95 ms", "p99 ms", "web CPU ms/create", "db CPU ms/create",
               "ok", "errors"], rows),
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, nargs="+", default=[4],
                        help="gunicorn worker counts to measure, e.g. 2 3 4 6 (default 4)")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--runs", type=int, default=5, help="measured runs per worker count (default 5)")
    parser.add_argument("--requests", type=int, default=3000, help="requests per run (default 3000)")
    parser.add_argument("--warmup", type=int, default=300, help="warm-up requests (default 300)")
    parser.add_argument("--max-seconds", type=float, default=60, help="stop a run after this long (default 60)")
    parser.add_argument("--users", type=int, default=200, help="merchant users to spread requests over")
    parser.add_argument("--redis-url", default="",
                        help="give the server this REDIS_URL, so follow-up tasks are queued (as in production)")
    parser.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    args = parser.parse_args()
    setup_django()
    from tickets.models import Ticket

    tickets = Ticket.objects.count()
    tokens = merchant_tokens(args.users)
    results = [bench(args, workers, tokens) for workers in args.workers]
    if not args.no_docs:
        write_section("api_create", report(results, args, tickets, len(tokens)))


if __name__ == "__main__":
    main()
