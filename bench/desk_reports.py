"""Supervisor dashboard latency and SQL queries at the loaded database size (1M tickets).

    .venv/bin/python bench/desk_reports.py [--requests 60] [--rounds 3]

Load the bench database first (`bench/seed.py --reset --tickets 1000000`). Gunicorn serves the
pages on 127.0.0.1; each case below is fetched one request at a time in interleaved rounds
after warm-up requests:

* `/desk/reports/` for a supervisor who sees every queue (the default range: last 30 days);
  the same with `?queue=technical`; over the last 90 days;
* a supervisor limited to two queues (the bench marks `supervisor5` so, in the bench DB only);
* one CSV download (SLA per agent, 30 days).

In-process, each case is fetched once more under CaptureQueriesContext to count its SQL
queries, and the dashboard's aggregates are run through EXPLAIN ANALYZE to record their time.
"""

from __future__ import annotations

import argparse
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

TARGET_P95_MS = 500.0


@dataclass
class Case:
    name: str
    who: str  # supervisor | limited
    path: str
    times: list[float] = field(default_factory=list)
    queries: int = 0
    sql_ms: float = 0.0


def build_cases() -> tuple[list[Case], dict]:
    from accounts.models import User
    from tickets.models import Queue, Ticket

    supervisor = User.objects.get(username="supervisor0")
    limited = User.objects.get(username="supervisor5")
    if not limited.restrict_to_queues:
        limited.restrict_to_queues = True
        limited.save(update_fields=["restrict_to_queues"])
    limited.queues.add(*Queue.objects.filter(slug__in=["general", "licensing"]))
    technical = Queue.objects.get(slug="technical")
    cases = [
        Case("dashboard, all queues, last 30 days", "supervisor", "/desk/reports/"),
        Case("dashboard, queue technical, 30 days", "supervisor", f"/desk/reports/?queue={technical.pk}"),
        Case("dashboard, limited to 2 queues, 30 days", "limited", "/desk/reports/"),
        Case("dashboard, all queues, last 90 days", "supervisor", "/desk/reports/?start={d90}"),
        Case("CSV SLA per agent, 30 days", "supervisor", "/desk/reports/sla-agent.csv"),
    ]
    from django.utils import timezone

    from desk.report_forms import default_range

    first, last = default_range()
    d90 = (timezone.localdate() - timezone.timedelta(days=89)).isoformat()
    for case in cases:
        case.path = case.path.format(d90=d90)
    info = {"tickets": Ticket.objects.count(),
            "in_range": Ticket.objects.filter(created_at__date__gte=first, created_at__date__lte=last).count(),
            "open": Ticket.objects.filter(status__in=Ticket.OPEN_STATUSES).count()}
    return cases, {"users": {"supervisor": supervisor, "limited": limited}, **info}


def cookies(users: dict) -> dict[str, str]:
    return {who: session_cookie(user) for who, user in users.items()}


def _get(port: int, case: Case, cookie: dict[str, str]) -> float:
    return timed_get(port, case.path, {"Cookie": cookie[case.who]}, name=case.name, timeout=60)[0]


def measure_queries(cases: list[Case], users: dict) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for case in cases:
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(users[case.who])
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(case.path)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200, (case.name, response.status_code)
        case.queries = len(ctx.captured_queries)
        case.sql_ms = sum(_explain_ms(q["sql"]) for q in ctx.captured_queries
                          if "tickets_ticket" in q["sql"] or "policy_scopeverdict" in q["sql"])


def _explain_ms(sql: str) -> float:
    import re

    from django.db import connection

    if not sql.lstrip().upper().startswith("SELECT"):
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE) " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return float(re.search(r"Execution Time: ([\d.]+)", plan).group(1))


def measure_http(cases: list[Case], cookie: dict, *, requests: int, rounds: int, workers: int) -> None:
    with gunicorn(workers=workers) as port:
        for case in cases:
            for _ in range(3):
                _get(port, case, cookie)
        for _ in range(rounds):
            for case in cases:
                case.times += [_get(port, case, cookie) for _ in range(max(1, requests // rounds))]


def report(cases: list[Case], info: dict, args: argparse.Namespace, machine: str) -> str:
    main = latency_summary(cases[0].times)
    worst = max(latency_summary(c.times)["p95"] for c in cases[:4])
    rows = []
    for c in cases:
        s = latency_summary(c.times)
        rows.append((c.name, s["p50"], s["p95"], s["p99"], c.queries, f"{c.sql_ms:.0f}"))
    return "\n".join([
        "## Supervisor dashboard (`bench/desk_reports.py`)", "",
        f"Measured {machine}. {info['tickets']:,} tickets from `bench/seed.py` ({info['in_range']:,} created in the "
        f"last 30 days, {info['open']:,} open). Gunicorn with {args.workers} sync workers, DEBUG=0; one request at a "
        f"time over HTTP on 127.0.0.1, {args.requests} requests per case in {args.rounds} interleaved rounds after 3 "
        "warm-up requests; latency is the client's wall time for the whole page (7 charts with their tables). "
        "Queries counted in-process with CaptureQueriesContext; 'SQL ms' is the sum of EXPLAIN ANALYZE execution "
        "times of the page's aggregates, run once. The machine is shared with other work: compare with the load "
        "average.", "",
        f"Default dashboard (30 days, all queues): p50 **{main['p50']:.0f} ms**, p95 **{main['p95']:.0f} ms**; worst "
        f"dashboard p95 {worst:.0f} ms (target ≤ {TARGET_P95_MS:.0f} ms at 1M: "
        f"{'met' if worst <= TARGET_P95_MS else 'missed'}).", "",
        table(["case", "p50 ms", "p95 ms", "p99 ms", "queries", "SQL ms"], rows),
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=60, help="requests per case (default 60)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    args = parser.parse_args()
    setup_django()
    machine = machine_line()
    cases, info = build_cases()
    users = info.pop("users")
    print(f"{info['tickets']:,} tickets, {info['in_range']:,} in the last 30 days; {machine}")
    measure_queries(cases, users)
    measure_http(cases, cookies(users), requests=args.requests, rounds=args.rounds, workers=args.workers)
    for case in cases:
        s = latency_summary(case.times)
        print(f"{case.name:<42} p50 {s['p50']:6.1f}  p95 {s['p95']:6.1f}  p99 {s['p99']:6.1f} ms  "
              f"queries {case.queries}  SQL {case.sql_ms:.0f} ms")
    text = report(cases, info, args, machine)
    if not args.no_docs:
        write_section("desk-reports", text, parent=None)


if __name__ == "__main__":
    main()
