"""Ticket list latency, SQL queries per page and query plans, at several database sizes.

    .venv/bin/python bench/ticket_list.py --sizes 100000 1000000

For each size the bench database is (re)seeded with bench/seed.py (skip with --no-seed to
measure what is loaded), gunicorn is started on 127.0.0.1, and each list page below is
fetched one request at a time (no concurrency: this measures the latency of one page, not
throughput), interleaved in rounds so that noise spreads over all cases:

* the merchant's list (the user of the merchant with the most tickets): API and HTML page,
  first page and a deep cursor page (90 % down the list);
* an agent who sees every ticket: all tickets, a status filter (one status, and the four
  open statuses as `status IN (...)`), a queue filter, first and deep pages;
* an agent restricted to their queues (the queue-membership join).

In-process (django.test.Client) the same pages are fetched once more inside
CaptureQueriesContext to count the SQL queries (with page_size 5 and 100 for the API, to
show the count does not grow with the page), and the main list query is run through
EXPLAIN (ANALYZE, BUFFERS) to record which index it uses.
"""

from __future__ import annotations

import argparse
import base64
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import (  # noqa: E402
    gunicorn,
    latency_summary,
    machine_line,
    session_cookie,
    setup_django,
    table,
    timed_get,
    write_section,
)

TARGET_P95_MS = 50.0


@dataclass
class Case:
    name: str
    who: str          # merchant | agent | restricted
    path: str
    kind: str         # api | html
    times: list[float] = field(default_factory=list)
    queries: int = 0
    queries_small: int | None = None   # API with page_size=5
    queries_large: int | None = None   # API with page_size=100
    plan: str = ""
    plan_ms: float = 0.0


def _cursor(position: int) -> str:
    return base64.b64encode(f"p={position}".encode()).decode()


def _deep_id(queryset, depth: float = 0.9) -> int:  # noqa: ANN001
    """The id 90 % of the way down a newest-first list (where a deep cursor page starts)."""
    count = queryset.count()
    offset = max(0, int(count * depth) - 1)
    return queryset.order_by("-id").values_list("id", flat=True)[offset]


def build_cases() -> tuple[list[Case], dict[str, object]]:
    from django.db.models import Count

    from accounts.models import User
    from tickets.models import Queue, Ticket

    top = Ticket.objects.values("merchant_id").annotate(n=Count("id")).order_by("-n").first()
    merchant_user = User.objects.filter(merchant_id=top["merchant_id"], merchant_role="owner").first()
    counts = list(Ticket.objects.values("merchant_id").annotate(n=Count("id")).order_by("n", "merchant_id"))
    typical = counts[len(counts) // 2]
    typical_user = User.objects.filter(merchant_id=typical["merchant_id"], merchant_role="owner").first()
    agent = User.objects.filter(groups__name="agent", restrict_to_queues=False).order_by("id").first()
    restricted = User.objects.filter(groups__name="agent", restrict_to_queues=True).order_by("id").first()
    queue = Queue.objects.get(slug="technical")
    mine = Ticket.objects.filter(merchant_id=top["merchant_id"])
    open_ids = Ticket.objects.filter(status="open")
    active = Ticket.objects.filter(status__in=Ticket.OPEN_STATUSES)
    in_queue = Ticket.objects.filter(queue=queue)
    deep = {"mine": _deep_id(mine), "all": _deep_id(Ticket.objects.all()), "open": _deep_id(open_ids),
            "active": _deep_id(active), "queue": _deep_id(in_queue)}
    in_open = "status=new&status=open&status=pending&status=on_hold"
    cases = [
        Case("merchant API first page", "merchant", "/api/v1/tickets/", "api"),
        Case("merchant API deep page", "merchant", f"/api/v1/tickets/?cursor={_cursor(deep['mine'])}", "api"),
        Case("merchant HTML first page", "merchant", "/tickets/", "html"),
        Case("merchant HTML deep page", "merchant", f"/tickets/?before={deep['mine']}", "html"),
        Case("median merchant API first page", "typical", "/api/v1/tickets/", "api"),
        Case("median merchant HTML first page", "typical", "/tickets/", "html"),
        Case("agent API all, first page", "agent", "/api/v1/tickets/", "api"),
        Case("agent API all, deep page", "agent", f"/api/v1/tickets/?cursor={_cursor(deep['all'])}", "api"),
        Case("agent HTML all, first page", "agent", "/tickets/", "html"),
        Case("agent HTML all, deep page", "agent", f"/tickets/?before={deep['all']}", "html"),
        Case("agent API status=open", "agent", "/api/v1/tickets/?status=open", "api"),
        Case("agent API status=open, deep", "agent",
             f"/api/v1/tickets/?status=open&cursor={_cursor(deep['open'])}", "api"),
        Case("agent API status IN (4 open)", "agent", f"/api/v1/tickets/?{in_open}", "api"),
        Case("agent API status IN (4 open), deep", "agent",
             f"/api/v1/tickets/?{in_open}&cursor={_cursor(deep['active'])}", "api"),
        Case("agent HTML status=active", "agent", "/tickets/?status=active", "html"),
        Case("agent HTML status=active, deep", "agent", f"/tickets/?status=active&before={deep['active']}", "html"),
        Case("agent API queue=technical", "agent", "/api/v1/tickets/?queue=technical", "api"),
        Case("agent API queue=technical, deep", "agent",
             f"/api/v1/tickets/?queue=technical&cursor={_cursor(deep['queue'])}", "api"),
        Case("agent API queue=professional-services", "agent",
             "/api/v1/tickets/?queue=professional-services", "api"),
        Case("restricted agent API first page", "restricted", "/api/v1/tickets/", "api"),
        Case("restricted agent HTML first page", "restricted", "/tickets/", "html"),
    ]
    sizes = {"tickets": Ticket.objects.count(), "merchant_tickets": top["n"], "typical_tickets": typical["n"],
             "open": open_ids.count(),
             "active": active.count(), "queue": in_queue.count()}
    return cases, {"users": {"merchant": merchant_user, "typical": typical_user, "agent": agent,
                          "restricted": restricted}, **sizes}


def credentials(users: dict) -> dict[str, dict[str, str]]:
    """Per role, the headers of an API call (token) and of a page view (session cookie)."""
    from rest_framework.authtoken.models import Token

    return {who: {"api": f"Token {Token.objects.get_or_create(user=user)[0].key}", "html": session_cookie(user)}
            for who, user in users.items()}


def _get(port: int, case: Case, creds: dict[str, dict[str, str]]) -> float:
    headers = {"Authorization": creds[case.who]["api"]} if case.kind == "api" else {"Cookie": creds[case.who]["html"]}
    return timed_get(port, case.path, headers, name=case.name)[0]


def measure_http(cases: list[Case], creds: dict, *, requests: int, rounds: int, workers: int) -> None:
    with gunicorn(workers=workers) as port:
        for case in cases:  # warm-up: connections, caches, first-use imports
            for _ in range(5):
                _get(port, case, creds)
        per_round = max(1, requests // rounds)
        for _ in range(rounds):
            for case in cases:
                case.times += [_get(port, case, creds) for _ in range(per_round)]


PLAN_NODE = re.compile(r"(Index Only Scan(?: Backward)? using \w+|Index Scan(?: Backward)? using \w+|"
                       r"Bitmap Index Scan on \w+|Seq Scan on \w+|Sort\b|Hash Join|Nested Loop)")


def measure_queries(cases: list[Case], users: dict, creds: dict) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def count(case: Case, path: str) -> tuple[int, list[str]]:
        client = Client(SERVER_NAME="127.0.0.1")
        if case.kind == "api":
            client.defaults["HTTP_AUTHORIZATION"] = creds[case.who]["api"]
        else:
            client.force_login(users[case.who])
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200, (case.name, response.status_code)
        return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]

    for case in cases:
        case.queries, sqls = count(case, case.path)
        if case.kind == "api":
            sep = "&" if "?" in case.path else "?"
            case.queries_small = count(case, f"{case.path}{sep}page_size=5")[0]
            case.queries_large = count(case, f"{case.path}{sep}page_size=100")[0]
        main = [sql for sql in sqls if 'FROM "tickets_ticket"' in sql and "ORDER BY" in sql and "LIMIT" in sql]
        if main:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + main[0])
                lines = [row[0] for row in cursor.fetchall()]
            nodes = []
            for line in lines:
                for node in PLAN_NODE.findall(line):
                    if node not in nodes:
                        nodes.append(node)
            case.plan = ", ".join(nodes)
            case.plan_ms = float(re.search(r"Execution Time: ([\d.]+)", "\n".join(lines)).group(1))
            case.plan_text = "\n".join(lines)  # type: ignore[attr-defined]


def run_size(size: int | None, args: argparse.Namespace) -> dict:
    if size is not None:
        from bench.seed import seed

        print(f"\n== seeding {size:,} tickets ==")
        seed(tickets=size, merchants=args.merchants, reset=True, message_share=args.message_share, seed_value=42)
    cases, info = build_cases()
    users = info.pop("users")
    creds = credentials(users)
    print(f"\n== {info['tickets']:,} tickets: measuring {len(cases)} pages, {args.requests} requests each ==")
    measure_queries(cases, users, creds)
    measure_http(cases, creds, requests=args.requests, rounds=args.rounds, workers=args.workers)
    for case in cases:
        s = latency_summary(case.times)
        print(f"{case.name:<40} p50 {s['p50']:6.1f}  p95 {s['p95']:6.1f}  p99 {s['p99']:6.1f} ms  "
              f"queries {case.queries}  plan {case.plan_ms:6.2f} ms: {case.plan}")
        if args.verbose and getattr(case, "plan_text", ""):
            print(case.plan_text)  # type: ignore[attr-defined]
    return {"info": info, "cases": cases}


def report(results: list[dict], args: argparse.Namespace) -> str:
    out = ["### Ticket lists (`bench/ticket_list.py`)", "",
           f"Measured {machine_line()}. Gunicorn with {args.workers} sync workers, DEBUG=0; one request at a "
           f"time over HTTP on 127.0.0.1 (keep-alive off, as with gunicorn's sync workers), {args.requests} "
           f"requests per page in {args.rounds} interleaved rounds after 5 warm-up requests; latency is "
           "the client's wall time for the full response. Queries are counted in-process with "
           "CaptureQueriesContext (API: default page / page_size=5 / page_size=100); the plan column is "
           "EXPLAIN (ANALYZE, BUFFERS) of the page's main SELECT. Page size 25.", ""]
    for result in results:
        info, cases = result["info"], result["cases"]
        worst = max(latency_summary(c.times)["p95"] for c in cases)
        out += [f"#### {info['tickets']:,} tickets", "",
                f"Biggest merchant: {info['merchant_tickets']:,} tickets; median merchant: "
                f"{info['typical_tickets']:,}; status=open: {info['open']:,}; "
                f"four open statuses: {info['active']:,}; queue technical: {info['queue']:,}. "
                f"Worst p95: **{worst:.1f} ms** (target ≤ {TARGET_P95_MS:.0f} ms at 1M: "
                f"{'met' if worst <= TARGET_P95_MS else 'missed'}).", ""]
        rows = []
        for c in cases:
            s = latency_summary(c.times)
            q = f"{c.queries}" if c.queries_small is None else f"{c.queries} / {c.queries_small} / {c.queries_large}"
            rows.append((c.name, s["p50"], s["p95"], s["p99"], q, f"{c.plan_ms:.2f}", c.plan or "—"))
        out += [table(["page", "p50 ms", "p95 ms", "p99 ms", "queries", "SQL ms", "plan"], rows), ""]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000],
                        help="ticket counts to seed and measure (default 100000 1000000)")
    parser.add_argument("--no-seed", action="store_true", help="measure the database as it is (one size)")
    parser.add_argument("--merchants", type=int, default=2000)
    parser.add_argument("--message-share", type=float, default=0.2)
    parser.add_argument("--requests", type=int, default=200, help="requests per page (default 200)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--verbose", action="store_true", help="print the full query plans")
    parser.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    args = parser.parse_args()
    setup_django()
    sizes: list[int | None] = [None] if args.no_seed else list(args.sizes)
    results = [run_size(size, args) for size in sizes]
    if not args.no_docs:
        write_section("ticket_list", report(results, args))


if __name__ == "__main__":
    main()
